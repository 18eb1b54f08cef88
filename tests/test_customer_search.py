"""The search box finds what people type (issue 6): the distinctive part of a name from any
syllable and in any reading of its polyphones, and digits anywhere in a phone number; kept right
through renames, phone changes and imports. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import CustomerSearchKey
from kehu_desktop.models import search_index
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import customer_list
from kehu_desktop.services.customers import draft_from_file
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import import_customers
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import save_customer
from kehu_desktop.sync import wire
from tests.factories import Branch

TODAY = date(2026, 11, 26)
WANYU = "上海万宇医药有限公司"
HUADONG = "杭州华东医药连锁有限公司"
SHYY = "上海医药股份有限公司"


def _save(
    branch: Branch, name: str, phone: str | None = None, uscc: str | None = None
) -> uuid.UUID:
    draft = CustomerDraft(name=name, phone=phone, uscc=uscc)
    return save_customer(branch.db, branch.actor(Role.CLERK), draft).customer.id


def _names(branch: Branch, q: str) -> list[str]:
    page = list_customers(branch.db, branch.actor(Role.CLERK), CustomerQuery(search=q))
    return [r.name for r in page.rows]


@pytest.fixture
def three(branch: Branch) -> Branch:
    _save(branch, WANYU, "021-32778951")
    _save(branch, HUADONG, "0571-87654321")
    _save(branch, SHYY, "139 1234 5678")
    return branch


@pytest.fixture(params=["lookup", "walk"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both plans of a name search: looking up the few customers holding a key, and walking the
    list in name order when many do (forced here by calling one key "common"). Neither after a
    first walk of the start of the list (test_a_first_keystroke_walks_the_start_of_the_list)."""
    monkeypatch.setattr(customer_list, "FIRST_WALK_MOST", 0)
    if request.param == "walk":
        monkeypatch.setattr(customer_list, "COMMON_KEY", 1)
        monkeypatch.setattr(customer_list, "COMMON_KEY_LETTERS", 99)
    else:  # a list of three would call every key common (customer_list.COMMON_KEY_SHARE)
        monkeypatch.setattr(customer_list, "COMMON_KEY", 10**9)
        monkeypatch.setattr(customer_list, "COMMON_KEY_SHARE", 10**9)
    return str(request.param)


def test_initials_and_full_pinyin_from_any_syllable(three: Branch, plan: str) -> None:
    assert _names(three, "wy") == [WANYU]
    assert _names(three, "wanyu") == [WANYU]
    assert _names(three, "WanYu") == [WANYU]
    assert _names(three, "huadong") == [HUADONG]
    assert _names(three, "hd") == [HUADONG]
    assert _names(three, "hdyyls") == [HUADONG]
    assert _names(three, "dong yi yao") == [HUADONG]
    # Longer than a key (12 letters): looked up by its start, then compared in full.
    assert _names(three, "huadongyiyaoliansuo") == [HUADONG]
    assert _names(three, "huadongyiyaoliansha") == []
    assert _names(three, "yy") == [WANYU, SHYY, HUADONG]
    assert count_customers(three.db, three.actor(Role.CLERK), CustomerQuery(search="yy")) == 3
    # A key runs on into the company form but never starts inside it.
    assert _names(three, "lsyxgs") == [HUADONG]
    assert _names(three, "yxgs") == [] and _names(three, "gongsi") == []
    # One letter keeps to the start of the name: from any syllable it would match everyone.
    assert _names(three, "h") == [HUADONG]
    # The start of the name as before.
    assert _names(three, "shyy") == [SHYY]
    assert _names(three, "hangzhouhuadong") == [HUADONG]


def test_each_reading_of_a_polyphone(branch: Branch, plan: str) -> None:
    chaoyang = "上海朝阳大药房有限公司"
    renhe = "上海仁和药业有限公司"
    shanxian = "单县人民医院"
    for name in (chaoyang, renhe, shanxian):
        _save(branch, name)
    # pypinyin reads 朝阳 zhaoyang; chaoyang (the district) finds it too.
    for q in ("zhaoyang", "chaoyang", "zydyf", "cydyf", "chaoyangdayaofang"):
        assert _names(branch, q) == [chaoyang], q
    # 单县 is shanxian; pypinyin says danxian: both at the start of the name.
    assert _names(branch, "shanxian") == _names(branch, "danxian") == [shanxian]
    # READING_OVERRIDES still decides: 和 in 仁和药业 is he, and only he.
    assert _names(branch, "renheyaoye") == _names(branch, "heyao") == [renhe]
    assert _names(branch, "huoyao") == [] and _names(branch, "renhuo") == []


def test_chinese_substrings_are_taken_literally(branch: Branch, plan: str) -> None:
    # SQLite compares a Chinese substring with GLOB (customer_list._Contains): its wildcards
    # typed in the box are plain characters, as LIKE's are.
    odd = "上海*康健[药]房?有限公司"
    _save(branch, odd)
    _save(branch, "上海康健大药房有限公司")
    _save(branch, "上海康健药房有限公司")
    assert _names(branch, "*康健[药]") == [odd]
    assert _names(branch, "[药]") == [odd]
    assert _names(branch, "房?") == [odd]
    assert _names(branch, "康健[") == [odd]
    assert _names(branch, "康健*") == []
    assert _names(branch, "康健%") == [] and _names(branch, "康_") == []
    assert len(_names(branch, "康健")) == 3


def test_a_long_name_full_of_polyphones_is_saved_and_found(branch: Branch) -> None:
    # Its reading strings are in an index: PostgreSQL must accept the entry.
    name = "宁波信达大药房乐百家南昌参茸号" * 6 + "有限公司"
    _save(branch, name)
    assert _names(branch, "nanchangshenrong") == [name]
    assert _names(branch, "ncsrh") == [name]


def test_phone_digits_anywhere(three: Branch) -> None:
    for q in ("32778951", "2778951", "021-3277", "0213277", "(021) 3277 8951", "021 32778951"):
        assert _names(three, q) == [WANYU], q
    for q in ("139 1234", "13912345678", "+86 139 1234 5678", "12345678", "5678"):
        assert _names(three, q) == [SHYY], q
    for q in ("87654321", "0571-8765", "05718765", "0571"):
        assert _names(three, q) == [HUADONG], q
    # Not from inside an area code: 1327 spans 021 and 3277.
    assert _names(three, "1327") == []
    # Three digits are an area code or a mobile prefix, not searched anywhere.
    assert _names(three, "021") == [WANYU] and _names(three, "778") == []
    clerk = three.actor(Role.CLERK)
    assert count_customers(three.db, clerk, CustomerQuery(search="2778951")) == 1


def test_all_digits_search_credit_codes_and_phones(branch: Branch) -> None:
    suzhou = "苏州礼安医药有限公司"  # registered in Suzhou: its credit code starts 913205
    other = "上海同济医药有限公司"  # its phone holds 913205
    _save(branch, suzhou, "0512-66778899", make_uscc("91320508MA1K3Y4Q2"))
    _save(branch, other, "021-59132055", make_uscc("91310115MA1K3Y4Q2"))
    assert _names(branch, "913205") == [other, suzhou]
    assert _names(branch, "3205") == [other]  # a credit code from its start only
    assert _names(branch, "9131") == [other]  # the credit code only: 9131 is in no phone
    assert _names(branch, "6677") == [suzhou]


def test_keys_follow_a_rename_and_a_phone_change(branch: Branch, plan: str) -> None:
    clerk = branch.actor(Role.CLERK)
    customer_id = _save(branch, WANYU, "021-32778951")
    _save(branch, HUADONG, "0571-87654321")
    draft = draft_from_file(get_customer(branch.db, clerk, customer_id))
    draft.name = "宁波鹤年堂药业有限公司"
    save_customer(branch.db, clerk, draft)
    assert _names(branch, "wanyu") == _names(branch, "wy") == []
    assert _names(branch, "henian") == _names(branch, "hnt") == ["宁波鹤年堂药业有限公司"]
    assert _names(branch, "32778951") == ["宁波鹤年堂药业有限公司"]

    draft = draft_from_file(get_customer(branch.db, clerk, customer_id))
    draft.phone = "0574-88776655"
    save_customer(branch.db, clerk, draft)
    assert _names(branch, "32778951") == [] and _names(branch, "021-3277") == []
    assert _names(branch, "88776655") == _names(branch, "0574-8877") == ["宁波鹤年堂药业有限公司"]
    assert _names(branch, "henian") == ["宁波鹤年堂药业有限公司"]

    expected = search_index("宁波鹤年堂药业有限公司", "0574-88776655")
    with branch.db.read() as s:
        keys = s.execute(
            select(CustomerSearchKey.kind, CustomerSearchKey.key).where(
                CustomerSearchKey.customer_id == customer_id
            )
        ).all()
        stored = s.get(Customer, customer_id)
        assert stored is not None
        columns = {name: getattr(stored, name) for name in expected.columns()}
    assert set(keys) == expected.keys and len(keys) == len(expected.keys)
    assert columns == expected.columns()


def test_imported_customers_are_found_from_any_syllable(branch: Branch, tmp_path: Path) -> None:
    path = tmp_path / "客户.csv"
    path.write_text(
        "客户名称,统一社会信用代码,电话\n"
        f"{WANYU},{make_uscc('91310115MA1K3Y4Q2')},021-32778951\n"
        f"{HUADONG},{make_uscc('91330102MA1K3Y4Q2')},0571 8765 4321\n",
        encoding="utf-8-sig",
    )
    report = import_customers(branch.db, branch.actor(Role.CLERK), path, dry_run=False)
    assert report.ok == 2 and not report.errors
    assert _names(branch, "wanyu") == _names(branch, "32778951") == [WANYU]
    assert _names(branch, "huadong") == _names(branch, "87654321") == [HUADONG]


def _search_rows(branch: Branch, customer_id: uuid.UUID) -> tuple[set[str], set[tuple[str, str]]]:
    with branch.db.read() as s:
        grams = s.scalars(
            select(CustomerNameGram.gram).where(CustomerNameGram.customer_id == customer_id)
        ).all()
        keys = s.execute(
            select(CustomerSearchKey.kind, CustomerSearchKey.key).where(
                CustomerSearchKey.customer_id == customer_id
            )
        ).all()
    assert len(set(grams)) == len(grams) and len(set(keys)) == len(keys)
    return set(grams), {(k, key) for k, key in keys}


def test_search_rows_follow_a_record_written_from_the_other_side(branch: Branch) -> None:
    # A push at head office and a pull at the branch write whole records through Core: the
    # search rows come from the record's reading strings, and a rename replaces them all.
    customer_id = _save(branch, WANYU, "021-32778951")
    with branch.db.read() as s:
        row = s.execute(select(Customer.__table__).where(Customer.id == customer_id)).one()
        payload = wire.to_payload("customers", row)
    renamed = "宁波鹤年堂药业有限公司"
    spelled = search_index(renamed, "0574-88776655")
    payload.update(name=renamed, phone="0574-88776655", **spelled.columns())
    new_id, odd_id = uuid.uuid4(), uuid.uuid4()
    brand_new = {**payload, "id": str(new_id), "name": HUADONG, "phone": None}
    brand_new.update(search_index(HUADONG, None).columns())
    odd = "上海\\康健\t药房"  # a backslash and a tab: escaped in PostgreSQL's COPY
    odd_one = {**payload, "id": str(odd_id), "name": odd, "phone": None, "uscc": None}
    odd_one.update(search_index(odd, None).columns())
    with branch.db.engine.begin() as conn:
        wire.upsert(
            conn,
            "customers",
            [wire.from_payload("customers", p) for p in (payload, brand_new, odd_one)],
        )
    spelled_odd = search_index(odd, None)
    assert _search_rows(branch, odd_id) == (set(spelled_odd.grams), set(spelled_odd.keys))
    assert _search_rows(branch, customer_id) == (set(spelled.grams), set(spelled.keys))
    fresh = search_index(HUADONG, None)
    assert _search_rows(branch, new_id) == (set(fresh.grams), set(fresh.keys))
    assert _names(branch, "wanyu") == [] and _names(branch, "32778951") == []
    assert _names(branch, "henian") == _names(branch, "88776655") == [renamed]
    assert _names(branch, "huadong") == [HUADONG]


def test_a_rename_whose_old_values_were_not_loaded_leaves_no_old_key(branch: Branch) -> None:
    customer_id = _save(branch, WANYU, "021-32778951")
    with branch.db.write() as s:
        customer = s.get(Customer, customer_id)
        assert customer is not None
        s.expire(customer, ["name", "pinyin_readings"])  # the old name is not known here
        customer.name = SHYY
    expected = search_index(SHYY, "021-32778951")
    assert _search_rows(branch, customer_id) == (set(expected.grams), set(expected.keys))
    assert _names(branch, "wanyu") == []


def test_search_rows_get_their_names_in_the_upgrade(branch: Branch) -> None:
    # Migration 0019 rebuilds the bigrams and keys with the names of their customers.
    from kehu_desktop.migrations import migrate
    from tests.test_migrations import downgrade

    _save(branch, WANYU, "021-32778951")
    _save(branch, HUADONG)
    downgrade(branch.db, "0018")
    migrate(branch.db)
    with branch.db.read() as s:
        named = s.execute(select(CustomerNameGram.gram, CustomerNameGram.name)).all()
        keyed = s.execute(select(CustomerSearchKey.key, CustomerSearchKey.name)).all()
    assert ("万宇", WANYU) in named and ("华东", HUADONG) in named
    assert {name for _, name in named} == {name for _, name in keyed} == {WANYU, HUADONG}
    assert _names(branch, "华东") == [HUADONG] and _names(branch, "wy") == [WANYU]


@pytest.mark.parametrize(
    ("search", "bucket", "common"),
    [
        ("h", "ix_customers_name_initials_1", False),  # the first keystroke
        ("91", "ix_customers_uscc_2", False),
        ("9131", "ix_customers_uscc_4", False),
        ("913101", "ix_customers_uscc_6", False),
        ("021", "ix_customers_phone_digits_3", False),
        ("1391", "ix_customers_phone_digits_4", False),
        # Longer than a bucket: read from it only when the prefix is common (forced here).
        ("91310", "ix_customers_uscc_4", True),
        ("0213277", "ix_customers_phone_digits_4", True),
    ],
)
def test_a_prefix_as_long_as_a_bucket_is_read_from_it(
    sqlite_branch: Branch, monkeypatch: pytest.MonkeyPatch, search: str, bucket: str, common: bool
) -> None:
    """The bucket's expression in the query is the index's, character for character, or SQLite
    would sort the prefix's whole range (migration 0020). PostgreSQL chooses by its statistics,
    which a test database of three customers cannot show."""
    branch = sqlite_branch
    _save(branch, WANYU, "021-32778951", make_uscc("91310115MA1K3Y4Q2"))
    _save(branch, HUADONG, "0571-87654321")
    _save(branch, SHYY, "139 1234 5678")
    if common:
        monkeypatch.setattr(customer_list, "COMMON_ARM", 1)
    names, plans = _planned(branch, CustomerQuery(search=search))
    assert any(f"USING INDEX {bucket} (<expr>=?)" in plan for plan in plans), plans
    expected = {"h": [HUADONG], "021": [WANYU], "1391": [SHYY], "0213277": [WANYU]}
    assert names == expected.get(search, [WANYU]), search


def test_an_area_code_is_not_looked_for_among_credit_codes(sqlite_branch: Branch) -> None:
    """No stored credit code starts with 0 (domain.identifiers.check_uscc): a search of an
    area code reads the phones only, and still finds every phone."""
    _save(sqlite_branch, WANYU, "021-32778951", make_uscc("91310115MA1K3Y4Q2"))
    _save(sqlite_branch, SHYY, "139 1234 5678", make_uscc("91021000MA1K3Y4Q2"))
    for search, found in (("021", [WANYU]), ("0213277", [WANYU]), ("9102", [SHYY])):
        names, plans = _planned(sqlite_branch, CustomerQuery(search=search))
        assert names == found, search
        uscc_read = any("ix_customers_uscc" in plan for plan in plans)
        assert uscc_read == search.startswith("9"), (search, plans)


def test_a_first_keystroke_walks_the_start_of_the_list(sqlite_branch: Branch) -> None:
    """A search in letters or a few digits whose first page lies at the start of the list is
    one statement, walking ix_customers_name and testing the reading strings in it
    (customer_list.FIRST_WALK); one whose page is not there is answered as before."""
    shanghai = [f"上海{word}医药有限公司" for word in "一二三四五六七八九十"]
    for i, name in enumerate(shanghai):
        _save(sqlite_branch, name, f"021-3277895{i}", make_uscc(f"9131011{i}MA1K3Y4Q2"))
    _save(sqlite_branch, HUADONG, "0571-87654321")
    first = sorted(shanghai)[:5]
    for search in ("s", "shang", "sh", "shanghai", "yiyao", "91", "913", "021"):
        names, plans = _planned(sqlite_branch, CustomerQuery(search=search), limit=5)
        assert names == first, search
        assert len(plans) == 1 and _WALKS_THE_LIST.search(plans[0]), (search, plans)
    # In letters, the walk tests each name inside the index; digits need the customer's row.
    letters = _planned(sqlite_branch, CustomerQuery(search="s"), limit=5)[1]
    assert "COVERING INDEX ix_customers_name " in letters[0]
    for search in ("h", "057"):
        names, plans = _planned(sqlite_branch, CustomerQuery(search=search), limit=5)
        assert names == [HUADONG] and len(plans) > 1, (search, plans)


_WALKS_THE_LIST = re.compile(r"SCAN customers USING (COVERING )?INDEX ix_customers_name\b(?!_)")


def _planned(branch: Branch, query: CustomerQuery, limit: int = 200) -> tuple[list[str], list[str]]:
    """The names of the list's first page, and SQLite's plan of each statement it sent that
    read the customers."""
    from sqlalchemy import event

    sent: list[tuple[str, object]] = []

    def keep(conn: object, cursor: object, sql: str, params: object, *_: object) -> None:
        sent.append((sql, params))

    actor = branch.actor(Role.CLERK)
    event.listen(branch.db.engine, "before_cursor_execute", keep)
    try:
        names = [r.name for r in list_customers(branch.db, actor, query, limit=limit).rows]
    finally:
        event.remove(branch.db.engine, "before_cursor_execute", keep)
    with branch.db.engine.connect() as conn:
        plans = [
            " ".join(
                str(row[3]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for sql, params in sent
            if sql.lstrip().upper().startswith("SELECT") and "customers" in sql
        ]
    return names, plans
