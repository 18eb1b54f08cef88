"""`kehu customers ...` in-process on SQLite and PostgreSQL, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from kehu_desktop.cli import main
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.services.customers import CustomerDraft, save_customer
from kehu_desktop.services.importing import template_headers
from tests.factories import Branch
from tests.test_import_export import HEADER, code, good_row, write_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _chinese_again() -> Iterator[None]:
    yield
    set_language("zh_CN")  # main() switches the process-wide language for --lang en


def kehu(branch: Branch, *args: str) -> int:
    return main(["--database", branch.db.url, *args])


def customer_count(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def output(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def test_import_json_ok(branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1), good_row(2)], encoding="gbk")
    assert kehu(branch, "customers", "import", str(path), "--json") == 0
    assert output(capsys) == {"ok": 2, "errors": []}
    assert customer_count(branch) == 2


def test_import_errors_exit_1_and_write_nothing(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = good_row(2)
    bad[2] = "12345"
    path = write_csv(tmp_path / "c.csv", [[*HEADER, "备注"], good_row(1), bad, good_row(1)])
    assert kehu(branch, "--lang", "en", "customers", "import", str(path), "--json") == 1
    result = output(capsys)
    assert result == {
        "ok": 1,
        "errors": [
            {"row": 0, "field": "备注", "message": "Unknown column '备注'"},
            {"row": 2, "field": "phone", "message": result["errors"][1]["message"]},  # type: ignore[index]
            {"row": 3, "field": "uscc", "message": "Same credit code as row 1"},
        ],
    }
    assert result["errors"][1]["message"].startswith("Invalid phone number")  # type: ignore[index]
    assert customer_count(branch) == 0


def test_import_text_output_and_dry_run(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)])
    assert kehu(branch, "customers", "import", str(path), "--dry-run") == 0
    assert "1行可以导入" in capsys.readouterr().out
    assert customer_count(branch) == 0
    assert kehu(branch, "customers", "import", str(path), "--dry-run", "--json") == 0
    assert output(capsys) == {"ok": 1, "errors": []}
    assert kehu(branch, "customers", "import", str(path)) == 0
    assert "导入1位客户" in capsys.readouterr().out
    assert kehu(branch, "customers", "import", str(path)) == 1
    captured = capsys.readouterr()
    assert "第1行 统一社会信用代码: 统一社会信用代码已被客户" in captured.err
    assert "未导入任何客户" in captured.out
    assert customer_count(branch) == 1


def test_import_of_an_unreadable_file(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert kehu(branch, "customers", "import", str(path), "--json") == 1
    assert output(capsys) == {
        "ok": 0,
        "errors": [
            {"row": 0, "field": "file", "message": "不支持的文件类型“.xls”（支持.csv和.xlsx）"}
        ],
    }


def test_import_as_a_user_without_the_role(
    branch: Branch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.factories import PASSWORD

    monkeypatch.setenv("KEHU_PASSWORD", PASSWORD)
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)])
    assert kehu(branch, "customers", "import", str(path), "--user", "cashier") == 2
    assert "导入客户" in capsys.readouterr().err
    assert customer_count(branch) == 0


def _two_customers(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    save_customer(
        branch.db,
        clerk,
        CustomerDraft(
            name="上海医药股份有限公司",
            uscc=code(1),
            phone="13812345678",
            channel="国有",
            market_office="浦东市场部",
            address="上海市黄浦区",
        ),
    )
    save_customer(
        branch.db,
        clerk,
        CustomerDraft(name="杭州华东医药连锁有限公司", channel="连锁药店"),
    )


def test_list(branch: Branch, capsys: pytest.CaptureFixture[str]) -> None:
    _two_customers(branch)
    assert kehu(branch, "customers", "list", "--json") == 0
    rows = output(capsys)
    assert isinstance(rows, list) and len(rows) == 2
    first = rows[0]
    assert {"id", "name", "uscc", "phone", "status", "address", "channel", "market_office"} <= set(
        first
    )
    assert (first["name"], first["uscc"], first["phone"], first["status"]) == (
        "上海医药股份有限公司",
        code(1),
        "13812345678",
        "prospect",
    )
    assert (first["channel"], first["market_office"]) == ("state_owned", "浦东市场部")
    assert kehu(branch, "customers", "list", "--json", "--search", "hzhd") == 0
    assert [r["name"] for r in output(capsys)] == ["杭州华东医药连锁有限公司"]  # type: ignore[attr-defined]
    assert (
        kehu(branch, "customers", "list", "--json", "--channel", "国有", "--status", "待提名") == 0
    )
    assert [r["name"] for r in output(capsys)] == ["上海医药股份有限公司"]  # type: ignore[attr-defined]
    assert kehu(branch, "customers", "list", "--status", "selected") == 0
    assert capsys.readouterr().out == ""
    assert kehu(branch, "customers", "list") == 0
    assert "上海医药股份有限公司\t" + code(1) in capsys.readouterr().out
    assert kehu(branch, "customers", "list", "--channel", "外资") == 2
    assert "渠道类型“外资”无效" in capsys.readouterr().err


def test_export_and_template(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _two_customers(branch)
    path = tmp_path / "out.xlsx"
    assert kehu(branch, "customers", "export", str(path), "--channel", "pharmacy_chain") == 0
    assert "1位客户" in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["客户名称", "杭州华东医药连锁有限公司"]
    assert kehu(branch, "customers", "export", str(tmp_path / "out.pdf")) == 2
    template = tmp_path / "t.csv"
    assert kehu(branch, "customers", "template", str(template)) == 0
    assert template.read_text(encoding="utf-8-sig").strip() == ",".join(template_headers())


def test_the_command_runs_as_a_process(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1), good_row(1)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # What the installed `kehu` console script runs (pyproject: kehu = "kehu_desktop.cli:main").
    command = [
        sys.executable,
        "-c",
        "import sys; from kehu_desktop.cli import main; sys.exit(main())",
        "--database",
        branch.db.url,
        "--lang",
        "en",
        "customers",
        "import",
        str(path),
        "--json",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout) == {
        "ok": 1,
        "errors": [{"row": 2, "field": "uscc", "message": "Same credit code as row 1"}],
    }
