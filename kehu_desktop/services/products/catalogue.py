"""Products, factory prices (厂价) and batches.

Head office owns this data (domain.md §3): once sync exists, products arrive by pull and branch
edits are refused. Until then an administrator keeps them here. Because they are head-office
records, changes write audit records but no outbox rows (the branch never pushes them).

The search box works like the customer list's: a code prefix, a name substring, pinyin initials
(``amxl`` → 阿莫西林…) or full pinyin.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import escape_like
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.identifiers import parse_date_not_future
from kehu_desktop.domain.pinyin import classify_query
from kehu_desktop.domain.pinyin import search_keys
from kehu_desktop.dto import BatchView
from kehu_desktop.dto import ProductView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import Product
from kehu_desktop.models import ProductBatch
from kehu_desktop.models import utcnow
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import row_dict
from kehu_desktop.services.base import use_case

MIN_FACTORY_PRICE = Decimal("0.01")
MAX_FACTORY_PRICE = Decimal("999999999999.99")  # NUMERIC(14,2)
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]*$")
LABELS = {
    "code": "产品编码",
    "name": "品名",
    "specification": "规格",
    "dosage_form": "剂型",
    "manufacturer": "生产厂商",
    "unit": "单位",
    "factory_price": "厂价",
    "batch_no": "批号",
    "expiry": "有效期",
}
MAX_LENGTHS = {
    "code": 30,
    "name": 200,
    "specification": 100,
    "dosage_form": 20,
    "manufacturer": 100,
    "unit": 20,
    "batch_no": 40,
}
#: Fields a product may leave empty. 剂型 and 生产厂商 print on the slip (随货同行单) and the
#: demo's medicines have them; they stay optional because products keyed in before they existed
#: (and non-medicines, which have no dosage form) must still be editable.
OPTIONAL = frozenset({"specification", "dosage_form", "manufacturer"})
#: Dosage forms offered by the product form (剂型 names of the Chinese Pharmacopoeia); any other
#: text is accepted.
DOSAGE_FORMS = (
    "片剂",
    "胶囊剂",
    "颗粒剂",
    "注射剂",
    "口服溶液剂",
    "糖浆剂",
    "丸剂",
    "滴丸剂",
    "散剂",
    "软膏剂",
    "乳膏剂",
    "滴眼剂",
    "气雾剂",
    "喷雾剂",
    "贴剂",
    "栓剂",
)


@dataclass
class ProductInput:
    """A product as entered. ``id`` set = edit that product; otherwise a new one."""

    code: str = ""
    name: str = ""
    specification: str | None = None
    unit: str = ""
    factory_price: str | Decimal | None = None  # text as typed, or Decimal; never float
    batch_required: bool = False  # medicines: every line needs a batch and expiry
    active: bool = True
    id: uuid.UUID | None = None
    dosage_form: str | None = None  # 剂型, e.g. 胶囊剂
    manufacturer: str | None = None  # 生产厂商


def clean_product(inp: ProductInput) -> dict[str, Any]:
    """Check every field; raise ValidationFailed listing all errors. Codes are stored upper-case
    (A-Z, 0-9 and . _ / -) so ``yp-001`` and ``YP-001`` are the same product."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    for name in ("code", "name", "specification", "dosage_form", "manufacturer", "unit"):
        value = normalise_text(getattr(inp, name) or "")
        out[name] = value or None
        if not value and name not in OPTIONAL:
            errors.append(FieldError(name, "required", {"label": LABELS[name]}))
        elif len(value) > MAX_LENGTHS[name]:
            errors.append(
                FieldError(name, "too_long", {"label": LABELS[name], "max": MAX_LENGTHS[name]})
            )
    if out["code"]:
        out["code"] = out["code"].upper()
        if not _CODE.match(out["code"]):
            errors.append(FieldError("code", "product.code_format"))
    try:
        price = parse_amount(
            inp.factory_price, field="factory_price", label=LABELS["factory_price"]
        )
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    else:
        if price is None:
            errors.append(
                FieldError("factory_price", "required", {"label": LABELS["factory_price"]})
            )
        elif price < MIN_FACTORY_PRICE:
            errors.append(FieldError("factory_price", "product.price_min"))
        elif price > MAX_FACTORY_PRICE:
            errors.append(FieldError("factory_price", "product.price_max"))
        out["factory_price"] = price
    if errors:
        raise ValidationFailed(errors)
    out["batch_required"] = bool(inp.batch_required)
    out["active"] = bool(inp.active)
    return out


def save_product(db: Database, actor: Actor, inp: ProductInput) -> ProductView:
    """Create or edit a product. Administrators only (head-office data until sync owns it).
    Refuses: missing code/name/unit/price, a factory price below 0.01, a code another product
    has, an unknown ``id``."""
    clean = clean_product(inp)
    with use_case(db, actor, "product.edit") as (s, actor):
        product: Product | None
        if inp.id is None:
            product, before = Product(id=uuid.uuid4()), None
        else:
            product = s.execute(
                for_update(s, select(Product).where(Product.id == inp.id))
            ).scalar_one_or_none()
            if product is None:
                raise NotFound("product.not_found")
            before = row_dict(product)
        taken = s.execute(
            select(Product.name).where(Product.code == clean["code"], Product.id != product.id)
        ).scalar_one_or_none()
        if taken is not None:
            raise ValidationFailed(
                [
                    FieldError(
                        "code", "product.code_taken", {"product_code": clean["code"], "name": taken}
                    )
                ]
            )
        for name, value in clean.items():
            setattr(product, name, value)
        product.name_pinyin, product.name_initials = search_keys(product.name)
        product.updated_at = utcnow()
        if before is None:
            s.add(product)
        s.flush()
        audit(
            s,
            actor,
            "product_created" if before is None else "product_updated",
            entity="product",
            entity_id=product.id,
            before=before,
            after=row_dict(product),
        )
        changed(s, "product", product.id)
        return _view(product)


def search_condition(text: str) -> Any:
    """The WHERE clause of the product search box; None for an empty box."""
    q = normalise_text(text)
    if not q:
        return None
    like = escape_like(q)
    parts = [
        Product.code.like(f"{like.upper()}%", escape="\\"),
        Product.name.like(f"%{like}%", escape="\\"),
    ]
    if classify_query(q) in ("initials", "pinyin"):
        low = like.lower().replace(" ", "")
        parts += [
            Product.name_initials.like(f"{low}%", escape="\\"),
            Product.name_pinyin.like(f"{low}%", escape="\\"),
        ]
    return or_(*parts)


def list_products(
    db: Database,
    actor: Actor,
    search: str = "",
    *,
    include_inactive: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[ProductView]:
    """Products matching the search box, by code. Everyone may look."""
    stmt = select(Product)
    cond = search_condition(search)
    if cond is not None:
        stmt = stmt.where(cond)
    if not include_inactive:
        stmt = stmt.where(Product.active.is_(True))
    stmt = stmt.order_by(Product.code, Product.id).offset(offset).limit(limit)
    with use_case(db, actor, "product.view", write=False) as (s, actor):
        return [_view(p) for p in s.execute(stmt).scalars()]


def get_product(db: Database, actor: Actor, product_id: uuid.UUID) -> ProductView:
    with use_case(db, actor, "product.view", write=False) as (s, actor):
        return _view(_product(s, product_id))


def product_by_code(db: Database, actor: Actor, code: str) -> ProductView:
    with use_case(db, actor, "product.view", write=False) as (s, actor):
        product = s.execute(
            select(Product).where(Product.code == normalise_text(code).upper())
        ).scalar_one_or_none()
        if product is None:
            raise NotFound("product.not_found")
        return _view(product)


def add_batch(
    db: Database,
    actor: Actor,
    product_id: uuid.UUID,
    batch_no: str,
    expiry: date | str,
) -> BatchView:
    """Record a batch (批号) and its expiry date. Administrators only. Refuses: an empty batch
    number, an unreadable date, a batch number the product already has."""
    number = normalise_text(batch_no or "")
    errors = []
    if not number:
        errors.append(FieldError("batch_no", "required", {"label": LABELS["batch_no"]}))
    elif len(number) > MAX_LENGTHS["batch_no"]:
        errors.append(
            FieldError(
                "batch_no",
                "too_long",
                {"label": LABELS["batch_no"], "max": MAX_LENGTHS["batch_no"]},
            )
        )
    try:
        expires = parse_date_not_future(
            expiry, field="expiry", label=LABELS["expiry"], today=date.max
        )
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    with use_case(db, actor, "product.edit") as (s, actor):
        product = _product(s, product_id)
        taken = s.execute(
            select(ProductBatch.id).where(
                ProductBatch.product_id == product.id, ProductBatch.batch_no == number
            )
        ).first()
        if taken is not None:
            raise ValidationFailed(
                [FieldError("batch_no", "product.batch_taken", {"batch_no": number})]
            )
        batch = ProductBatch(product_id=product.id, batch_no=number, expiry=expires)
        s.add(batch)
        s.flush()
        audit(
            s,
            actor,
            "product_batch_added",
            entity="product",
            entity_id=product.id,
            after=row_dict(batch),
        )
        changed(s, "product", product.id)
        return _batch_view(batch, db.clock.today())


def product_batches(db: Database, actor: Actor, product_id: uuid.UUID) -> list[BatchView]:
    """A product's batches: those still good first, earliest expiry first (first expiry, first
    out), then the expired ones, most recently expired first."""
    today = db.clock.today()
    with use_case(db, actor, "product.view", write=False) as (s, actor):
        product = _product(s, product_id)
        rows = s.execute(
            select(ProductBatch).where(ProductBatch.product_id == product.id)
        ).scalars()
        views = [_batch_view(b, today) for b in rows]
    good = sorted((b for b in views if not b.expired), key=lambda b: (b.expiry, b.batch_no))
    old = sorted(
        (b for b in views if b.expired), key=lambda b: (b.expiry, b.batch_no), reverse=True
    )
    return good + old


def _product(s: Session, product_id: uuid.UUID) -> Product:
    product = s.get(Product, product_id)
    if product is None:
        raise NotFound("product.not_found")
    return product


def _view(p: Product) -> ProductView:
    return filled(ProductView, p)


def _batch_view(b: ProductBatch, today: date) -> BatchView:
    return filled(BatchView, b, expired=b.expiry < today)
