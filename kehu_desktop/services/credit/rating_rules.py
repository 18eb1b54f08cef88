"""The credit rating's rule table as head office keeps it (step 3; the rules themselves are in
``domain.rating``): every saved version is a row of ``rating_rule_tables``, the highest in force;
with none saved, the default table (version 0). Head office's marketing head saves a new
version, saying why (a note is required); the branches receive it on their next pull (the table
is head office's, so a registered branch cannot write it). Saving audits the table before and
after, with the cases where the new version grades a better evaluation worse. Every version is
kept and can be read back (``rule_table_versions``)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from kehu_desktop.db import Database
from kehu_desktop.domain import rating
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import RuleLine
from kehu_desktop.dto import RuleTableView
from kehu_desktop.models import RatingRuleTable
from kehu_desktop.models import User
from kehu_desktop.models.change_log import REGISTERED_BRANCH_DB
from kehu_desktop.models.change_log import ROLE_KEY
from kehu_desktop.services.base import Actor
from kehu_desktop.services.base import audit
from kehu_desktop.services.base import use_case


def rules_in_force(s: Session) -> tuple[int, tuple[rating.Rule, ...]]:
    """The version in force and its rules (the default table, version 0, when none is saved)."""
    row = s.scalars(
        select(RatingRuleTable).order_by(RatingRuleTable.version.desc()).limit(1)
    ).first()
    if row is None:
        return 0, rating.DEFAULT_RULES
    return row.version, tuple(_rule(item) for item in row.rules)


def rule_table(db: Database, actor: Actor) -> RuleTableView:
    """The rule table in force. Who: ``credit.view``."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        return _view(s)


def rule_table_versions(db: Database, actor: Actor) -> list[RuleTableView]:
    """Every version of the table, newest (the one in force) first, ending with the default
    (version 0). Who: ``credit.view``."""
    with use_case(db, actor, "credit.view", write=False) as (s, actor):
        rows = s.scalars(select(RatingRuleTable).order_by(RatingRuleTable.version.desc())).all()
        names = {
            u.id: u.display_name
            for u in s.scalars(select(User).where(User.id.in_({r.created_by for r in rows})))
        }
        here = _edited_elsewhere(s)
        views = [
            _version_view(
                row.version,
                tuple(_rule(i) for i in row.rules),
                row,
                names.get(row.created_by),
                here,
            )
            for row in rows
        ]
        return [*views, _version_view(0, rating.DEFAULT_RULES, None, None, here)]


def save_rule_table(
    db: Database, actor: Actor, rules: Sequence[Mapping[str, Any]], note: str | None
) -> RuleTableView:
    """Save ``rules`` (each ``{"grade", "key", "other"}``, in order) as the next version, with
    ``note`` saying why. Who: ``credit.edit_rules`` (head office's marketing head), where the
    table is kept: head office's database or a branch on its own, never a branch registered with
    head office (``rating.edit_at_head_office``). Refuses, at the field ``rules``, a table that
    cannot grade every evaluation (domain.rating.check_rules; the rule's number in the error's
    ``rule``), and at ``note`` a missing note; nothing is saved then."""
    errors = []
    try:
        table = _checked(rules)
    except ValidationFailed as failed:
        errors += failed.errors
    note = (note or "").strip() or None
    if note is None:
        errors.append(FieldError("note", "rating.note_required"))
    if errors:
        raise ValidationFailed(errors)
    with use_case(db, actor, "credit.edit_rules") as (s, actor):
        if _edited_elsewhere(s):
            raise Conflict("rating.edit_at_head_office")
        before, _ = rules_in_force(s)
        version = int(s.scalar(select(func.max(RatingRuleTable.version))) or 0) + 1
        assert actor.user_id is not None, "saving the table needs a signed-in user"
        s.add(
            RatingRuleTable(
                version=version,
                rules=[_item(rule) for rule in table],
                note=note,
                created_by=actor.user_id,
                created_at=db.clock.now(),
            )
        )
        s.flush()
        audit(
            s,
            actor,
            "rating_rules_saved",
            entity="rating_rule_table",
            entity_id=version,
            before={"version": before},
            after={
                "version": version,
                "rules": [_item(rule) for rule in table],
                "inversions": len(rating.inversions(table)),
            },
            detail=note,
        )
        return _view(s)


def _checked(rules: Sequence[Mapping[str, Any]]) -> tuple[rating.Rule, ...]:
    parsed = []
    for number, item in enumerate(rules, start=1):
        try:
            parsed.append(_rule(item))
        except (KeyError, TypeError, ValueError):
            raise ValidationFailed(
                [FieldError("rules", "rating.bad_rule", {"rule": number})]
            ) from None
    try:
        return rating.check_rules(parsed)
    except rating.RuleTableError as error:
        raise ValidationFailed([FieldError("rules", error.code, dict(error.params))]) from None


def _rule(item: Mapping[str, Any]) -> rating.Rule:
    grade = item["grade"]
    if isinstance(grade, bool) or not isinstance(grade, int):
        raise TypeError(grade)
    return rating.Rule(grade, str(item["key"]), str(item["other"]))


def _item(rule: rating.Rule) -> dict[str, Any]:
    return {"grade": rule.grade, "key": rule.key, "other": rule.other}


def _edited_elsewhere(s: Session) -> bool:
    """A branch registered with head office: the table is head office's, saved only there."""
    return bool(s.info.get(ROLE_KEY) == REGISTERED_BRANCH_DB)


def _view(s: Session) -> RuleTableView:
    version, rules = rules_in_force(s)
    row = s.get(RatingRuleTable, version) if version else None
    saved_by = s.get(User, row.created_by) if row is not None else None
    return _version_view(
        version,
        rules,
        row,
        saved_by.display_name if saved_by is not None else None,
        _edited_elsewhere(s),
    )


def _version_view(
    version: int,
    rules: Sequence[rating.Rule],
    row: RatingRuleTable | None,
    saved_by: str | None,
    edited_elsewhere: bool,
) -> RuleTableView:
    return RuleTableView(
        version=version,
        rules=tuple(
            RuleLine(n, r.grade, r.key, r.other, rating.explain(r))
            for n, r in enumerate(rules, start=1)
        ),
        note=row.note if row is not None else None,
        saved_by=saved_by,
        saved_at=row.created_at if row is not None else None,
        inversions=len(rating.inversions(rules)),
        edited_at_head_office=edited_elsewhere,
    )
