"""`kehu customers ...` in-process on SQLite and PostgreSQL, and once as a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.cli import main
from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import template_headers
from tests.factories import Branch
from tests.test_import_export import HEADER
from tests.test_import_export import code
from tests.test_import_export import good_row
from tests.test_import_export import write_csv

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
    result = output(capsys)
    assert isinstance(result, dict)
    ids = [r["id"] for r in result["created"]]
    assert result == {
        "ok": 2,
        "dry_run": False,
        "update_existing": False,
        "created": [
            {
                "row": n + 2,  # the header is row 1 in Excel: the first customer is row 2
                "name": f"上海第{n + 1}医药有限公司",
                "id": ids[n],
                "duplicate_of": None,
                "changes": [],
                "message": "",
            }
            for n in range(2)
        ],
        "updated": [],
        "skipped": [],
        "errors": [],
    }
    assert customer_count(branch) == 2 and all(ids)


def test_import_errors_exit_1_and_write_nothing(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = good_row(2)
    bad[2] = "12345"
    path = write_csv(tmp_path / "c.csv", [[*HEADER, "备注"], good_row(1), bad, good_row(1)])
    assert kehu(branch, "--lang", "en", "customers", "import", str(path), "--json") == 1
    result = output(capsys)
    assert isinstance(result, dict)
    assert result["errors"] == [
        {"row": 1, "field": "备注", "message": "Unknown column '备注'"},
        {"row": 3, "field": "phone", "message": result["errors"][1]["message"]},
    ]
    assert result["errors"][1]["message"].startswith("Invalid phone number")
    assert (result["ok"], [r["row"] for r in result["created"]]) == (2, [2])
    assert [(r["row"], r["duplicate_of"]) for r in result["skipped"]] == [
        (4, {"id": None, "name": None, "row": 2, "reason": "uscc"})
    ]
    assert result["skipped"][0]["message"] == "Duplicate of row 2 of this file (same credit code)"
    assert result["created"][0]["id"] is None  # nothing was written
    assert customer_count(branch) == 0


def test_import_text_output_dry_run_and_the_second_import(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    without_code = good_row(2)
    without_code[1] = ""
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1), without_code])
    assert kehu(branch, "customers", "import", str(path), "--dry-run") == 0
    assert capsys.readouterr().out.splitlines() == [
        "第2行 新建：上海第1医药有限公司",
        "第3行 新建：上海第2医药有限公司",
        "检查完毕（未写入）：c.csv中将新建2位客户，更新0位，跳过0行重复",
    ]
    assert customer_count(branch) == 0
    assert kehu(branch, "customers", "import", str(path)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "已从c.csv导入：新建2位客户，更新0位，跳过0行重复"
    )
    # The same file again: nothing is added, and the clerk reads which rows were skipped.
    assert kehu(branch, "customers", "import", str(path)) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "第2行 跳过（重复）：上海第1医药有限公司"
        "——与已有客户“上海第1医药有限公司”重复（统一社会信用代码相同）",
        "第3行 跳过（重复）：上海第2医药有限公司"
        "——与已有客户“上海第2医药有限公司”重复（客户名称和电话相同）",
        "已从c.csv导入：新建0位客户，更新0位，跳过2行重复",
    ]
    assert captured.err == ""
    assert customer_count(branch) == 2


def test_update_existing_from_the_command_line(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        kehu(
            branch, "customers", "import", str(write_csv(tmp_path / "a.csv", [HEADER, good_row(1)]))
        )
        == 0
    )
    changed = good_row(1)
    changed[4] = "上海市黄浦区南京东路1号"  # a new address
    path = write_csv(tmp_path / "b.csv", [HEADER, changed])
    capsys.readouterr()
    assert kehu(branch, "customers", "import", str(path), "--update-existing") == 0
    assert capsys.readouterr().out.splitlines() == [
        "第2行 更新：上海第1医药有限公司"
        "——与已有客户“上海第1医药有限公司”重复（统一社会信用代码相同）；更新：地址",
        "已从b.csv导入：新建0位客户，更新1位，跳过0行重复",
    ]
    assert kehu(branch, "customers", "list", "--json") == 0
    rows = output(capsys)
    assert isinstance(rows, list) and [r["address"] for r in rows] == ["上海市黄浦区南京东路1号"]


def test_import_text_names_rows_as_excel_and_files_without_a_column(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = good_row(2)
    bad[2] = "12345"
    path = write_csv(
        tmp_path / "c.csv", [[*HEADER, "备注"], good_row(1), bad, ["", "", "13812345678"]]
    )
    assert kehu(branch, "customers", "import", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "第1行（表头）：无法识别的列“备注”",
        "第3行 电话：电话号码无效：请填写11位手机号（1开头）或带区号的固定电话（如021-12345678）",
        "第4行 客户名称：客户名称不能为空",
    ]
    assert captured.out.splitlines() == ["文件有3处错误，未导入任何客户（1行无误）"]
    assert kehu(branch, "customers", "import", str(path), "--json") == 1
    result = output(capsys)
    assert isinstance(result, dict)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [
        (1, "备注"),
        (3, "phone"),
        (4, "name"),
    ]  # the same rows as the text

    missing = tmp_path / "不存在.xlsx"
    assert kehu(branch, "customers", "import", str(missing)) == 1
    captured = capsys.readouterr()
    assert captured.err == "找不到文件“不存在.xlsx”，可能已被移动、改名或删除\n"  # no "file:"
    assert captured.out == "文件有1处错误，未导入任何客户（0行无误）\n"


def test_import_of_an_unreadable_file(
    branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert kehu(branch, "customers", "import", str(path), "--json") == 1
    result = output(capsys)
    assert isinstance(result, dict)
    assert result["errors"] == [
        {"row": None, "field": None, "message": "不支持的文件类型“.xls”（支持.csv和.xlsx）"}
    ]


def test_import_as_a_user_without_the_role(
    branch: Branch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.factories import PASSWORD

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)])
    argv = ("customers", "import", str(path), "--user", "cashier", "--password-stdin")
    assert kehu(branch, *argv) == 2
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
    bad = good_row(2)
    bad[1] = code(1)  # the credit code of row 2 …
    bad[2] = "12345"  # … and a bad phone
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1), bad])
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
    result = json.loads(done.stdout)
    assert (result["ok"], result["errors"][0]["row"], result["errors"][0]["field"]) == (
        1,
        3,
        "phone",
    )
    assert result["errors"][0]["message"].startswith("Invalid phone number")
