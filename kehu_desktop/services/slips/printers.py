"""Printer profiles, and printing a slip (or saving it as PDF) with its print record.

Printing happens in three steps so that no database transaction waits on a printer: (1) read the
slip and the profile; (2) render with printing.slips.slip_pdf and hand the PDF to the spooler,
outside any transaction; (3) in one short transaction record a SlipPrint row (printed or failed,
with the error) and, on success, count the print, and for a second or later copy the reprint
(补印). A failed print allocates nothing: the slip keeps its number and can be printed again.

Every copy that leaves the system counts: a PDF saved with ``slip_pdf_bytes`` is recorded as
``saved_pdf`` and counted like a print, so that there is only ever one copy without 补印.

Printer profiles are this installation's configuration (which queue, which paper, 套打 offsets),
not business records: they are not sent to head office. A database with no profile gets the
defaults of printing.paper.DEFAULT_PROFILES on first use.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.messages import render
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.dto import PrintOutcome
from kehu_desktop.dto import SlipView
from kehu_desktop.dto.fill import filled
from kehu_desktop.models import PrinterProfile
from kehu_desktop.models import Slip
from kehu_desktop.models import SlipPrint
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import changed
from kehu_desktop.services.base import for_update
from kehu_desktop.services.base import record_change
from kehu_desktop.services.base import use_case
from kehu_desktop.services.slips.issued import find_slip
from kehu_desktop.services.slips.issued import slip_view

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kehu_desktop.printing.spool import Spooler


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------


def _defaults() -> tuple[PrinterProfileView, ...]:
    try:
        # lazy: ReportLab only when printing
        from kehu_desktop.printing.paper import DEFAULT_PROFILES
    except ImportError:  # pragma: no cover - printing.paper ships with the app
        return (PrinterProfileView("普通纸A4", "plain", "A4", 0.0, 0.0, None, True),)
    return tuple(DEFAULT_PROFILES)


def _view(p: PrinterProfile) -> PrinterProfileView:
    return filled(PrinterProfileView, p)


def ensure_default_profiles(db: Database) -> None:
    """Create the default profiles if the database has none (first use)."""
    with db.read() as s:
        if s.execute(select(PrinterProfile.id).limit(1)).first() is not None:
            return
    try:
        with db.write() as s:
            if s.execute(select(PrinterProfile.id).limit(1)).first() is not None:
                return
            for p in _defaults():
                s.add(PrinterProfile(**dataclasses.asdict(p)))
            audit(
                s,
                None,
                "printer_profiles_created",
                entity="printer_profile",
                username="system",
                detail=", ".join(p.name for p in _defaults()),
            )
    except IntegrityError:
        pass  # another PC created them at the same moment: theirs are as good


def list_profiles(db: Database, actor: Actor) -> list[PrinterProfileView]:
    """Every printer profile, the default first."""
    ensure_default_profiles(db)
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        rows = s.execute(
            select(PrinterProfile).order_by(PrinterProfile.is_default.desc(), PrinterProfile.name)
        ).scalars()
        return [_view(p) for p in rows]


def profile_in(s: Session, name: str | None) -> PrinterProfileView:
    """The named profile, or the default one (else the first by name)."""
    if name:
        row = s.execute(
            select(PrinterProfile).where(PrinterProfile.name == name.strip())
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("slip.unknown_profile", name=name)
        return _view(row)
    row = s.execute(
        select(PrinterProfile)
        .order_by(PrinterProfile.is_default.desc(), PrinterProfile.name)
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        defaults = _defaults()
        return next((p for p in defaults if p.is_default), defaults[0])
    return _view(row)


def get_profile(db: Database, actor: Actor, name: str | None = None) -> PrinterProfileView:
    ensure_default_profiles(db)
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        return profile_in(s, name)


def save_profile(db: Database, actor: Actor, profile: PrinterProfileView) -> PrinterProfileView:
    """Create or replace (by name) a printer profile. Administrators only. Refuses an empty or
    too long name, an unknown paper or mode, offsets beyond the limit. Making a profile the
    default makes every other one not the default."""
    name = normalise_text(profile.name or "")
    errors = []
    if not name:
        errors.append(FieldError("name", "required", {"label": "配置名称"}))
    elif len(name) > 50:
        errors.append(FieldError("name", "too_long", {"label": "配置名称", "max": 50}))
    profile = dataclasses.replace(
        profile, name=name, queue=normalise_text(profile.queue or "") or None
    )
    try:
        # lazy: ReportLab only when printing
        from kehu_desktop.printing.paper import validate_profile

        validate_profile(profile)
    except ImportError:  # pragma: no cover
        pass
    except ValueError as exc:
        errors.append(FieldError("profile", "slip.profile_invalid", {"detail": str(exc)}))
    if not all(math.isfinite(v) for v in (profile.offset_x_mm, profile.offset_y_mm)):
        errors.append(FieldError("profile", "slip.profile_invalid", {"detail": "offset"}))
    if errors:
        raise ValidationFailed(errors)
    ensure_default_profiles(db)
    with use_case(db, actor, "printer.edit") as (s, actor):
        row = s.execute(
            for_update(s, select(PrinterProfile).where(PrinterProfile.name == name))
        ).scalar_one_or_none()
        before = _view(row) if row is not None else None
        if row is None:
            row = PrinterProfile(name=name)
            s.add(row)
        row.mode, row.paper, row.queue = profile.mode, profile.paper, profile.queue
        row.offset_x_mm, row.offset_y_mm = profile.offset_x_mm, profile.offset_y_mm
        row.is_default = profile.is_default
        if profile.is_default:
            for other in s.execute(
                select(PrinterProfile).where(PrinterProfile.name != name, PrinterProfile.is_default)
            ).scalars():
                other.is_default = False
        s.flush()
        audit(
            s,
            actor,
            "printer_profile_saved",
            entity="printer_profile",
            entity_id=row.id,
            before=dataclasses.asdict(before) if before else None,
            after=dataclasses.asdict(_view(row)),
        )
        changed(s, "printer_profile", row.id)
        return _view(row)


def delete_profile(db: Database, actor: Actor, name: str) -> None:
    """Remove a profile (administrators only). The print records keep its name."""
    with use_case(db, actor, "printer.edit") as (s, actor):
        row = s.execute(
            select(PrinterProfile).where(PrinterProfile.name == name.strip())
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("slip.unknown_profile", name=name)
        audit(
            s,
            actor,
            "printer_profile_deleted",
            entity="printer_profile",
            entity_id=row.id,
            before=dataclasses.asdict(_view(row)),
        )
        changed(s, "printer_profile", row.id)
        s.delete(row)


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def _render(view: SlipView, profile: PrinterProfileView, reprint: bool) -> bytes:
    from kehu_desktop.printing.slips import slip_pdf  # lazy: ReportLab only when printing

    if reprint:
        # The copy says 第N次补印 with N counting this copy (slip_pdf reads reprint_count).
        view = dataclasses.replace(view, reprint_count=view.reprint_count + 1)
    return slip_pdf(view, profile, reprint=reprint)


def default_spooler() -> Spooler:
    """CUPS on this machine (printing.spool.CupsSpooler). The Windows back-end lives in views/."""
    from kehu_desktop.printing.spool import CupsSpooler  # lazy: ReportLab only when printing

    return CupsSpooler()


def print_slip(
    db: Database,
    actor: Actor,
    slip_id: uuid.UUID | str,
    profile_name: str | None = None,
    *,
    spooler: Spooler | None = None,
) -> PrintOutcome:
    """Print a slip on a printer profile (the default one if none is named).

    Callers: sales rep, cashier, accountant, clerk. The PDF goes to ``spooler`` (default CUPS)
    with the profile's queue and paper, outside any transaction; then a SlipPrint row records the
    outcome. A success counts the print and, when the slip had been printed before, the reprint
    (the copy says 第N次补印). A failure (the spooler raised PrintFailed or OSError) is recorded
    with its error, counts nothing, and is returned, not raised, so the caller can offer to
    retry the same slip. Audited either way (``slip_printed`` / ``slip_print_failed``).
    """
    from kehu_desktop.printing.spool import PrintFailed  # lazy: ReportLab only when printing

    ensure_default_profiles(db)
    with use_case(db, actor, "slip.print", write=False) as (s, actor):
        view = slip_view(s, find_slip(s, actor, slip_id))
        profile = profile_in(s, profile_name)
    reprint = view.print_count > 0
    pdf = _render(view, profile, reprint)
    error: str | None = None  # for the user (the print history too): the catalogue's words
    detail: str | None = None  # the spooler's own (English) words: the log and the audit only
    job_id: str | None = None
    try:
        job_id = (spooler or default_spooler()).print_pdf(
            pdf, queue=profile.queue, paper=profile.paper, title=view.number
        )
    except PrintFailed as exc:
        error, detail = exc.message, exc.detail.strip() or None
    except OSError as exc:
        error, detail = render("print.os_error"), str(exc) or type(exc).__name__
    if error is not None:
        log.warning("printing %s failed: %s (%s)", view.number, error, detail or "no detail")
    else:
        log.info("printed %s on %s (job %s)", view.number, profile.queue or "default", job_id)
    outcome = _record(
        db, actor, view.id, profile.name, reprint, "failed" if error else "printed", error, detail
    )
    return dataclasses.replace(outcome, job_id=job_id)


def _record(
    db: Database,
    actor: Actor,
    slip_id: uuid.UUID,
    profile: str,
    reprint: bool,
    outcome: str,
    error: str | None,
    detail: str | None = None,
) -> PrintOutcome:
    assert actor.user_id is not None, "printing needs a signed-in user"
    # Not through use_case: the paper has left the printer, so the copy is counted even if the
    # user's access was withdrawn while it printed (print_slip checked before printing).
    with db.write() as s:
        slip = s.execute(for_update(s, select(Slip).where(Slip.id == slip_id))).scalar_one()
        _count(s, actor, slip, profile, reprint, outcome, error, detail)
        return PrintOutcome(
            slip.id,
            slip.number,
            profile,
            outcome,
            reprint,
            error,
            slip.print_count,
            slip.reprint_count,
        )


def _count(
    s: Session,
    actor: Actor,
    slip: Slip,
    profile: str,
    reprint: bool,
    outcome: str,
    error: str | None,
    detail: str | None = None,
) -> None:
    """Record a print attempt (``error``: the user's words) and audit it (with the spooler's
    ``detail`` too, for whoever investigates)."""
    row = None
    if actor.user_id is not None:
        row = SlipPrint(
            slip_id=slip.id,
            printed_by=actor.user_id,
            profile=profile,
            reprint=reprint,
            outcome=outcome,
            error=error,
        )
        s.add(row)
    # else: the local administrator of the `kehu` command line (no user row to name); the copy
    # is still counted and the audit record (username "system") keeps who and when.
    if outcome != "failed":
        slip.print_count += 1
        if reprint:
            slip.reprint_count += 1
    action = {
        "printed": "slip_printed",
        "failed": "slip_print_failed",
        "saved_pdf": "slip_pdf_saved",
    }[outcome]
    audit(
        s,
        actor,
        action,
        entity="slip",
        entity_id=slip.id,
        after={
            "number": slip.number,
            "profile": profile,
            "reprint": reprint,
            "print_count": slip.print_count,
            "reprint_count": slip.reprint_count,
        },
        detail=f"{error} [{detail}]" if error and detail else error,
    )
    if row is not None:
        record_change(s, slip.branch_id, "slip_print", row)
    if outcome != "failed":
        record_change(s, slip.branch_id, "slip", slip)


def slip_pdf_bytes(
    db: Database, actor: Actor, number: uuid.UUID | str, profile_name: str | None = None
) -> bytes:
    """The slip as PDF (save-as-PDF, archive, e-mail). A saved PDF is a copy like a printed one
    (it can be printed anywhere), so the same permission: ``slip.print`` (sales rep, cashier,
    accountant, clerk). It is recorded (SlipPrint ``saved_pdf``), audited (``slip_pdf_saved``)
    and counted, so a second copy of either kind says 补印. One transaction: nothing to wait on.
    """
    ensure_default_profiles(db)
    with use_case(db, actor, "slip.print") as (s, actor):
        slip = find_slip(s, actor, number, lock=True)
        profile = profile_in(s, profile_name)
        view = slip_view(s, slip)
        reprint = slip.print_count > 0
        pdf = _render(view, profile, reprint)
        _count(s, actor, slip, profile.name, reprint, "saved_pdf", None)
        return pdf


def print_history(
    db: Database, actor: Actor, slip_id: uuid.UUID | str
) -> list[tuple[str, str, bool, str | None]]:
    """(printed_at ISO, outcome, reprint, error) of every attempt, oldest first."""
    with use_case(db, actor, "slip.view", write=False) as (s, actor):
        slip = find_slip(s, actor, slip_id)
        rows = s.execute(
            select(SlipPrint).where(SlipPrint.slip_id == slip.id).order_by(SlipPrint.printed_at)
        ).scalars()
        return [(r.printed_at.isoformat(), r.outcome, r.reprint, r.error) for r in rows]
