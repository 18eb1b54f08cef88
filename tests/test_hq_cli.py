"""The ``kehu`` read commands on head office's database (issue 8): every branch of the user's
scope, ``--branch CODE`` for one of them, a branch outside the scope refused. In-process, on
SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date

import pytest

from kehu_desktop.cli import main
from kehu_desktop.db import Database
from kehu_desktop.domain.messages import set_language
from tests.factories import PASSWORD
from tests.hq_factories import HeadOfficeWorld
from tests.hq_factories import make_head_office

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _chinese_again() -> Iterator[None]:
    yield
    set_language("zh_CN")


@pytest.fixture
def world(db: Database) -> HeadOfficeWorld:
    return make_head_office(db)


def kehu_json(
    world: HeadOfficeWorld,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    user: str | None = None,
) -> list[dict[str, object]]:
    argv = ["--database", world.db.url, *args, "--json"]
    if user is not None:
        argv += ["--user", user, "--password-stdin"]
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(argv) == 0, capsys.readouterr().err
    found: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return found


def test_read_commands_list_every_branch_or_the_one_asked_for(
    world: HeadOfficeWorld, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(*args: str, user: str | None = None) -> list[dict[str, object]]:
        return kehu_json(world, capsys, monkeypatch, *args, user=user)

    assert len(run("customers", "list")) == 3  # head office's local administrator: every branch
    only_gz = run("customers", "list", "--branch", "gz")
    assert [c["name"] for c in only_gz] == ["广州康健医药有限公司"]
    assert only_gz[0]["branch_id"] == str(world.branch_id("GZ"))
    assert [s["number"] for s in run("slip", "list", "--branch", "HZ")] == [world.slips["HZ"]]
    assert len(run("payment", "list")) == 3
    assert [p["customer_name"] for p in run("payment", "list", "--branch", "SH")] == [
        "上海康健医药有限公司"
    ]
    assert [r["customer_name"] for r in run("receivables", "--branch", "GZ")] == [
        "广州康健医药有限公司"
    ]
    assert len(run("payment", "unremitted", "--branch", "HZ")) == 1
    # A regional manager signs in and reads the region's branches only.
    regional = run("customers", "list", user="hd_regional_manager")
    assert {c["name"] for c in regional} == {"上海康健医药有限公司", "杭州康健医药有限公司"}
    assert len(run("receivables", "--branch", "HZ", user="hd_regional_manager")) == 1


@pytest.mark.parametrize(
    ("user", "branch"), [("hd_regional_manager", "GZ"), ("sh_clerk", "HZ"), (None, "XX")]
)
def test_a_branch_outside_the_scope_is_refused(
    world: HeadOfficeWorld,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    user: str | None,
    branch: str,
) -> None:
    argv = ["--database", world.db.url, "customers", "list", "--branch", branch]
    if user is not None:
        argv += ["--user", user, "--password-stdin"]
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(argv) != 0
    captured = capsys.readouterr()
    assert f"分支机构“{branch}”不存在或不在您的范围内" in captured.err
    assert captured.out == ""
