"""Issue 3's slips: the four-copy PDF of a 20-line slip, and slips issued per second.

A fresh SQLite demo branch (customers only) with the demo's products: ``batch`` cash notes of
three lines each are requested, approved, assigned and released through the services, then
``dispatch.confirm_delivery`` (the sales rep's "delivered", which issues the slip in the same
transaction) is timed over all of them. The PDF is ``printing.slips.slip_pdf`` of a slip with 20
lines on the default profile (plain A4, four copies), as a save-as-PDF or print renders it.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from typing import NamedTuple

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from bench.generate import TODAY
from kehu_desktop.clock import FixedClock
from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_PASSWORD
from kehu_desktop.demo import DEMO_USERS
from kehu_desktop.demo import add_products
from kehu_desktop.demo import create_demo
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.dto import SlipView
from kehu_desktop.migrations import migrate
from kehu_desktop.models import Customer
from kehu_desktop.models import Slip
from kehu_desktop.printing import slips as slips_module
from kehu_desktop.printing.slips import slip_pdf
from kehu_desktop.services import dispatch as dsp
from kehu_desktop.services.admin import auth
from kehu_desktop.services.dispatch import release_dispatch
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import printers


class Slips(NamedTuple):
    pdf: list[float]  # seconds of each PDF build
    floor: list[float]  # seconds of each replay of its drawing (see :func:`replay`)
    rate: float  # slips issued per second


def measure(batch: int, repeat: int) -> Slips:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'slips.sqlite3'}", clock=FixedClock(TODAY))
        try:
            return _measure(db, batch, repeat)
        finally:
            db.dispose()


def _measure(db: Database, batch: int, repeat: int) -> Slips:
    migrate(db)
    create_demo(db, customers=10, seed=3, history=False)
    actors = {role: auth.sign_in(db, name, DEMO_PASSWORD) for name, role, _ in DEMO_USERS}
    catalogue = add_products(db, actors[Role.ADMIN], TODAY)
    with db.read() as s:
        customer = (
            s.execute(
                select(Customer.id).where(Customer.status == "selected").order_by(Customer.uscc)
            )
            .scalars()
            .first()
        )
    assert customer is not None

    def note(lines: int) -> uuid.UUID:
        rows = [(p.id, 10 + k, p.price, p.batch) for k, p in enumerate((catalogue * 2)[:lines])]
        view = dsp.request_dispatch(
            db, actors[Role.SALES_REP], dsp.DispatchRequest(customer, "cash", rows)
        )
        dsp.approve_dispatch(db, actors[Role.SALES_MANAGER], view.id)
        dsp.assign_driver(db, actors[Role.BRANCH_GM], view.id, "driver", "浦东线")
        release_dispatch(db, actors[Role.CASHIER], view.id)
        return view.id

    # The 20-line slip for the PDF.
    big = note(20)
    dsp.confirm_delivery(db, actors[Role.SALES_REP], big, None, TODAY)
    with db.read() as s:
        number = s.execute(select(Slip.number).where(Slip.dispatch_note_id == big)).scalar_one()
    rep = actors[Role.SALES_REP]
    view = get_slip(db, rep, number)
    profile = printers.get_profile(db, rep)
    assert profile.mode == "plain" and len(view.lines) == 20
    slip_pdf(view, profile)  # fonts loaded once, as in a running app
    pdf_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        slip_pdf(view, profile)
        pdf_times.append(time.perf_counter() - started)
    calls = drawn(view, profile)
    floor_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        replay(calls)
        floor_times.append(time.perf_counter() - started)

    notes = [note(3) for _ in range(batch)]
    started = time.perf_counter()
    for n in notes:
        dsp.confirm_delivery(db, rep, n, None, TODAY)
    rate = batch / (time.perf_counter() - started)
    return Slips(pdf_times, floor_times, rate)


#: A canvas method call: (name, positional arguments, keyword arguments).
Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def drawn(view: SlipView, profile: PrinterProfileView) -> tuple[dict[str, Any], list[Call]]:
    """The canvas's construction arguments and every canvas call ``slip_pdf`` makes for this
    slip, in order (calls a canvas method makes on itself are its own business: only the
    outermost are kept)."""
    calls: list[Call] = []
    made: dict[str, Any] = {}
    depth = 0

    class Recording(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            nonlocal depth
            made.update(args=args[1:], kwargs=kwargs)  # all but the output buffer
            depth += 1  # what the constructor calls, a new canvas calls again
            super().__init__(*args, **kwargs)
            depth -= 1

        def __getattribute__(self, name: str) -> Any:
            attr = super().__getattribute__(name)
            if name.startswith("_") or not callable(attr) or name == "getpdfdata":
                return attr

            def call(*args: Any, **kwargs: Any) -> Any:
                nonlocal depth
                if depth == 0:
                    calls.append((name, args, kwargs))
                depth += 1
                try:
                    return attr(*args, **kwargs)
                finally:
                    depth -= 1

            return call

    original = slips_module.Canvas
    slips_module.Canvas = Recording  # type: ignore[misc]
    try:
        slip_pdf(view, profile)
    finally:
        slips_module.Canvas = original  # type: ignore[misc]
    return made, calls


def replay(recorded: tuple[dict[str, Any], list[Call]]) -> bytes:
    """The floor of a slip: ReportLab drawing the same calls on a new canvas (same font, same
    strings at the same places, four copies, saved), with none of the slip's own logic: no
    view, no layout, no measuring or fitting of text."""
    made, calls = recorded
    buffer = io.BytesIO()
    canvas = Canvas(buffer, *made["args"], **made["kwargs"])
    for name, args, kwargs in calls:
        getattr(canvas, name)(*args, **kwargs)
    return buffer.getvalue()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000
