"""The versions of the rating's rule table (issue 9, step 3): the default until head office's
marketing head saves one, each version kept and audited, a table that cannot grade everything
refused at its field with nothing saved, nobody else allowed; `kehu rating rules|save`. On
SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.cli import main
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.rating import DEFAULT_RULES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import RatingRuleTable
from kehu_desktop.services import credit
from tests.factories import PASSWORD
from tests.factories import Branch

#: The default table with grade 2's "A and B only | all A" row made grade 3.
EDITED = [
    {"grade": 3 if (r.grade, r.key, r.other) == (2, "mix_ab", "all_a") else r.grade}
    | {"key": r.key, "other": r.other}
    for r in DEFAULT_RULES
]


@pytest.fixture(autouse=True)
def _chinese_again() -> Iterator[None]:
    yield
    set_language("zh_CN")


def _versions(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(RatingRuleTable)) or 0)


def test_the_default_table_until_head_office_saves_a_version(branch: Branch) -> None:
    shown = credit.rule_table(branch.db, branch.actor(Role.SALES_MANAGER))
    assert shown.version == 0 and shown.saved_by is None
    assert [(line.grade, line.key, line.other) for line in shown.rules] == [
        (r.grade, r.key, r.other) for r in DEFAULT_RULES
    ]
    assert shown.rules[1].explanation == "2级：关键指标全A，其他指标有C"
    assert shown.inversions > 0  # keys of A and C only (docs/decisions.md, "Issue 9")

    head = branch.actor(Role.MARKETING_HEAD)
    saved = credit.save_rule_table(branch.db, head, EDITED, "A、B兼有而其他全A改为3级")
    assert saved.version == 1 and saved.saved_by == "marketing_head用户"
    assert saved.note == "A、B兼有而其他全A改为3级"
    assert saved.rules[2].grade == 3
    again = credit.save_rule_table(branch.db, head, EDITED[:-1] + [EDITED[-1]], "再存一版")
    assert again.version == 2 and not again.edited_at_head_office
    versions = credit.rule_table_versions(branch.db, branch.actor(Role.SALES_MANAGER))
    assert [(v.version, v.note) for v in versions] == [
        (2, "再存一版"),
        (1, "A、B兼有而其他全A改为3级"),
        (0, None),
    ]
    assert versions[1].saved_by == "marketing_head用户" and versions[1].rules[2].grade == 3
    assert versions[2].rules[2].grade == 2  # the default, as it was
    with branch.db.read() as s:
        assert credit.rules_in_force(s)[0] == 2
        audited = s.scalars(
            select(AuditRecord).where(AuditRecord.action == "rating_rules_saved")
        ).all()
    assert len(audited) == 2
    assert _versions(branch) == 2  # every version kept


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        ([], "rating.no_rules"),
        (EDITED[:-1], "rating.no_catch_all"),
        ([{"grade": "2", "key": "any", "other": "any"}], "rating.bad_rule"),
        ([{"grade": 2, "key": "any"}], "rating.bad_rule"),
        ([{"grade": 7, "key": "any", "other": "any"}], "rating.bad_grade"),
        ([{"grade": 2, "key": "mostly_a", "other": "any"}, *EDITED], "rating.bad_condition"),
    ],
)
def test_a_table_that_cannot_grade_everything_is_refused_at_its_field(
    branch: Branch, rules: list[dict[str, object]], code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        credit.save_rule_table(branch.db, branch.actor(Role.MARKETING_HEAD), rules, "试行")
    assert [(e.field, e.code) for e in refused.value.errors] == [("rules", code)]
    assert _versions(branch) == 0


@pytest.mark.parametrize("note", [None, "", "  "])
def test_a_version_needs_a_note_saying_why(branch: Branch, note: str | None) -> None:
    with pytest.raises(ValidationFailed) as refused:
        credit.save_rule_table(branch.db, branch.actor(Role.MARKETING_HEAD), EDITED, note)
    assert [(e.field, e.code) for e in refused.value.errors] == [("note", "rating.note_required")]
    with pytest.raises(ValidationFailed) as both:  # every field's problem at once
        credit.save_rule_table(branch.db, branch.actor(Role.MARKETING_HEAD), EDITED[:-1], note)
    assert [e.field for e in both.value.errors] == ["rules", "note"]
    assert _versions(branch) == 0


@pytest.mark.parametrize(
    "role", [Role.SALES_MANAGER, Role.BRANCH_GM, Role.MARKETING_DIRECTOR, Role.ADMIN]
)
def test_only_head_offices_marketing_head_saves_the_table(branch: Branch, role: Role) -> None:
    with pytest.raises(Forbidden):
        credit.save_rule_table(branch.db, branch.actor(role), EDITED, "试行")
    assert _versions(branch) == 0


def test_the_command_shows_and_saves_the_table(
    branch: Branch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["--database", branch.db.url, "rating", "rules"]) == 0
    out = capsys.readouterr().out
    assert "规则表第0版（默认）" in out and "2级：关键指标全A，其他指标有C" in out
    assert "等级反而更低" in out

    path = tmp_path / "rules.json"
    path.write_text(json.dumps(EDITED), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    argv = ["rating", "save", str(path), "--note", "试行", "--json"]
    argv += ["--user", "marketing_head", "--password-stdin"]
    assert main(["--database", branch.db.url, *argv]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert saved["version"] == 1 and saved["note"] == "试行"

    path.write_text("[{", encoding="utf-8")  # not JSON: refused, nothing saved
    assert main(["--database", branch.db.url, "rating", "save", str(path)]) == 2
    assert "规则表文件无法读取" in capsys.readouterr().err
    assert _versions(branch) == 1
