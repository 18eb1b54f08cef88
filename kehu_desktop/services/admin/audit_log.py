"""The audit viewer (设置 → 系统管理 → 审计日志, issue 10 §2): the audit records filtered by
user, action, entity and local days, newest first, and their export to .xlsx.

Who: ``audit.view`` (the administrator, the branch's GM and the accountant). Reading is not
audited (the viewer would drown the log in its own records); an export is (``audit_exported``,
with the filter and how many records), because the file leaves the program.

A database keeps years of records (every sign-in is one), so a query returns the newest
``limit`` that match and how many match in all; the viewer says when it shows fewer. An export
writes every match, in batches, beside the target and renamed at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from typing import BinaryIO

from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import AuditChoices
from kehu_desktop.dto import AuditEntry
from kehu_desktop.dto import AuditFilter
from kehu_desktop.dto import AuditPage
from kehu_desktop.models import AuditRecord
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import use_case

#: How many records the viewer shows at most (the newest).
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
_BATCH = 1000
#: The export's columns (Chinese: the file is for people, like the other exports).
HEADERS = ("时间", "用户", "操作", "对象", "对象编号", "修改前", "修改后", "说明", "来源")


def _start_of(day: date) -> datetime:
    """The first instant of a local day, in UTC (the records' ``at`` is UTC)."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _check(wanted: AuditFilter) -> None:
    if wanted.date_from and wanted.date_to and wanted.date_from > wanted.date_to:
        raise ValidationFailed([FieldError("date_from", "audit.date_order")])


def _filtered(stmt: Select[Any], wanted: AuditFilter) -> Select[Any]:
    if wanted.username:
        stmt = stmt.where(AuditRecord.username == wanted.username.strip())
    if wanted.action:
        stmt = stmt.where(AuditRecord.action == wanted.action.strip())
    if wanted.entity:
        stmt = stmt.where(AuditRecord.entity == wanted.entity.strip())
    if wanted.date_from:
        stmt = stmt.where(AuditRecord.at >= _start_of(wanted.date_from))
    if wanted.date_to:
        stmt = stmt.where(AuditRecord.at < _start_of(wanted.date_to + timedelta(days=1)))
    return stmt


def _entry(r: AuditRecord) -> AuditEntry:
    return AuditEntry(
        r.at, r.username, r.action, r.entity, r.entity_id, r.before, r.after, r.detail, r.origin
    )


def _newest_first(stmt: Select[Any]) -> Select[Any]:
    return stmt.order_by(AuditRecord.at.desc(), AuditRecord.id.desc())


def audit_records(
    db: Database, actor: Actor, wanted: AuditFilter | None = None, *, limit: int = DEFAULT_LIMIT
) -> AuditPage:
    """The newest ``limit`` (1-5000) records matching ``wanted``, newest first, with how many
    match in all. Refuses a start day after the end day (field ``date_from``)."""
    wanted = wanted or AuditFilter()
    _check(wanted)
    limit = max(1, min(int(limit), MAX_LIMIT))
    with use_case(db, actor, "audit.view", write=False) as (s, actor):
        total = s.execute(_filtered(select(func.count(AuditRecord.id)), wanted)).scalar_one()
        rows = s.execute(_newest_first(_filtered(select(AuditRecord), wanted)).limit(limit))
        entries = tuple(_entry(r) for r in rows.scalars())
    return AuditPage(entries, int(total), limit)


def audit_choices(db: Database, actor: Actor) -> AuditChoices:
    """The user names, actions and entities the records name, each sorted: the filters' lists."""
    with use_case(db, actor, "audit.view", write=False) as (s, actor):

        def distinct(column: Any) -> tuple[str, ...]:
            values = s.execute(select(column).where(column.is_not(None)).distinct()).scalars()
            return tuple(sorted(str(v) for v in values))

        return AuditChoices(
            distinct(AuditRecord.username),
            distinct(AuditRecord.action),
            distinct(AuditRecord.entity),
        )


def export_audit(db: Database, actor: Actor, wanted: AuditFilter | None, path: str | Path) -> int:
    """Write every record matching ``wanted`` (newest first) to ``path`` (.xlsx) and return
    how many. Written beside the target and renamed at the end, so a failed export never
    leaves half a file under the user's name. Audited (``audit_exported``)."""
    wanted = wanted or AuditFilter()
    _check(wanted)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise KehuError("import.format", suffix=path.suffix or path.name)
    with use_case(db, actor, "audit.view", write=False) as (s, actor):
        pass  # the permission, before anything is written
    partial = path.with_name(f".{path.name}.partial")
    try:
        count = _write_xlsx(partial, _records(db, wanted))
        os.replace(partial, path)
    except OSError as exc:
        raise KehuError("export.unwritable", detail=exc.strerror or str(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)  # already gone when the rename happened
    with use_case(db, actor, "audit.view") as (s, actor):
        audit(
            s,
            actor,
            "audit_exported",
            entity="audit",
            after={k: v for k, v in vars(wanted).items() if v is not None},
            detail=f"{count} records",
        )
    return count


def _records(db: Database, wanted: AuditFilter) -> Iterator[AuditEntry]:
    """Every matching record, newest first, read in batches (keyset on ``at``/``id``)."""
    last: tuple[datetime, Any] | None = None
    while True:
        with db.read() as s:
            stmt = _newest_first(_filtered(select(AuditRecord), wanted))
            if last is not None:
                at, rid = last
                stmt = stmt.where(
                    (AuditRecord.at < at) | ((AuditRecord.at == at) & (AuditRecord.id < rid))
                )
            batch = list(s.execute(stmt.limit(_BATCH)).scalars())
            entries = [_entry(r) for r in batch]
            if batch:
                last = (batch[-1].at, batch[-1].id)
        yield from entries
        if len(batch) < _BATCH:
            return


def _json(value: dict[str, Any] | None) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


def _write_xlsx(path: Path, entries: Iterator[AuditEntry]) -> int:
    # The file first: a folder that is not there (or not writable) fails here, before a
    # write-only workbook has rows waiting in a temporary file.
    with path.open("wb") as out:
        return _fill_book(out, entries)


def _fill_book(out: BinaryIO, entries: Iterator[AuditEntry]) -> int:
    # lazy: openpyxl only when an export is written (every `kehu` command imports the services)
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    for column, width in zip("ABCDEFGHI", (20, 14, 24, 16, 38, 40, 40, 30, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in HEADERS:
        cell = openpyxl.cell.WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for e in entries:
        sheet.append(
            [
                e.at.astimezone().replace(tzinfo=None),
                e.username,
                e.action,
                e.entity or "",
                e.entity_id or "",
                _json(e.before),
                _json(e.after),
                e.detail or "",
                e.origin or "",
            ]
        )
        count += 1
    book.save(out)
    return count
