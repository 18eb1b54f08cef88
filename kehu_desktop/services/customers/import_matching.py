"""Which import rows are customers the branch already has, or repeat an earlier row of the file.

A row is the same customer as another (an existing file or an earlier row) when

* both have a credit code and it is the same, or
* at least one of them has no credit code, their names are the same once normalised
  (:func:`text_key`), and so is either the phone number (its digits, :func:`phone_key`) or the
  address (:func:`text_key`).

Two different credit codes are two different customers, whatever their names: chains and groups
have branches of one name. docs/import-template.md explains the rules to the user.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Hashable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.pinyin import search_keys
from kehu_desktop.models import Customer

USCC = "uscc"
NAME_PHONE = "name_phone"
NAME_ADDRESS = "name_address"
#: Why two rows are the same customer, best reason first.
REASONS = (USCC, NAME_PHONE, NAME_ADDRESS)

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")"})
_BATCH = 500  # values per IN (...): well under every database's limit on parameters


def text_key(text: str | None) -> str:
    """A name or address as compared for duplicates: full-width letters, digits and brackets
    made half-width (（） and () are the same), square brackets counted as round ones, every
    space dropped and letters in one case. ``""`` for nothing."""
    if not text:
        return ""
    return "".join(normalise_text(text).translate(_BRACKETS).split()).casefold()


def phone_key(phone: str | None) -> str:
    """The digits of a phone number (021-32778951 and 02132778951 are the same number)."""
    return re.sub(r"\D", "", phone or "")


@dataclass(frozen=True)
class Party:
    """What the duplicate rules look at, of a row or of a stored customer."""

    name: str
    uscc: str | None
    phone: str | None
    address: str | None

    @property
    def keys(self) -> tuple[str, str, str]:
        return text_key(self.name), phone_key(self.phone), text_key(self.address)


def same_customer(a: Party, b: Party) -> str | None:
    """The reason ``a`` and ``b`` are the same customer (one of :data:`REASONS`), or None."""
    if a.uscc and b.uscc:
        return USCC if a.uscc == b.uscc else None
    name_a, phone_a, address_a = a.keys
    name_b, phone_b, address_b = b.keys
    if not name_a or name_a != name_b:
        return None
    if phone_a and phone_a == phone_b:
        return NAME_PHONE
    if address_a and address_a == address_b:
        return NAME_ADDRESS
    return None


@dataclass(frozen=True)
class Stored:
    """An existing customer the file may repeat."""

    id: uuid.UUID
    branch_id: uuid.UUID
    version: int
    party: Party


def candidates(s: Session, branch_id: uuid.UUID, rows: Sequence[Party]) -> list[Stored]:
    """The existing customers that may match ``rows``, found through indexes only: the credit
    codes (in every branch: a code is unique company-wide), and in this branch the full pinyin
    of the names (names equal once normalised have the same pinyin, spaces and brackets being
    dropped from it) and the phone numbers. :func:`same_customer` then decides. Oldest first,
    so that a row repeating several customers names the same one every time."""
    codes = sorted({r.uscc for r in rows if r.uscc})
    pinyin = sorted({key for r in rows for key in _pinyin_keys(r.name)})
    phones = sorted({r.phone for r in rows if r.phone})
    found: dict[uuid.UUID, tuple[datetime, Stored]] = {}
    for column, values, this_branch in (
        (Customer.uscc, codes, False),
        (Customer.name_pinyin, pinyin, True),
        (Customer.phone, phones, True),
    ):
        for start in range(0, len(values), _BATCH):
            stmt = select(
                Customer.id,
                Customer.branch_id,
                Customer.version,
                Customer.name,
                Customer.uscc,
                Customer.phone,
                Customer.address,
                Customer.created_at,
            ).where(column.in_(values[start : start + _BATCH]))
            if this_branch:
                stmt = stmt.where(Customer.branch_id == branch_id)
            for cid, branch, version, name, uscc, phone, address, created in s.execute(stmt):
                party = Party(name, uscc, phone, address)
                found[cid] = (created, Stored(cid, branch, version, party))
    return [stored for _, stored in sorted(found.values(), key=lambda f: (f[0], str(f[1].id)))]


def _pinyin_keys(name: str) -> set[str]:
    # Spaces between Chinese characters split pypinyin's word segmentation (重 庆 ≠ 重庆), so
    # the name is looked up as written and without its spaces.
    written = normalise_text(name)
    keys = {search_keys(written)[0]}
    if " " in written:
        keys.add(search_keys(written.replace(" ", ""))[0])
    return keys


class Index:
    """Parties looked up by the three rules without comparing every pair (files of thousands
    of rows against branches of thousands of customers). ``ref`` names a party: a row number,
    a customer id."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, str], list[tuple[Hashable, Party]]] = {}
        self._order: dict[Hashable, int] = {}

    def add(self, ref: Hashable, party: Party) -> None:
        self._order.setdefault(ref, len(self._order))
        for key in _keys(party):
            self._by.setdefault(key, []).append((ref, party))

    def matches(self, party: Party) -> list[tuple[Hashable, str]]:
        """``(ref, reason)`` of every indexed party that is the same customer as ``party``, in
        the order they were added."""
        found: dict[Hashable, str] = {}
        for key in _keys(party):
            for ref, other in self._by.get(key, ()):
                reason = same_customer(party, other)
                if reason is not None and ref not in found:
                    found[ref] = reason
        return sorted(found.items(), key=lambda item: self._order[item[0]])


def _keys(party: Party) -> list[tuple[str, str]]:
    name, phone, address = party.keys
    keys = [(USCC, party.uscc)] if party.uscc else []
    if name and phone:
        keys.append((NAME_PHONE, f"{name}\0{phone}"))
    if name and address:
        keys.append((NAME_ADDRESS, f"{name}\0{address}"))
    return keys
