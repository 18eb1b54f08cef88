"""Issue 11 §4 and §5 through the real `kehu` program in a subprocess: passwords are typed at a
prompt (a real pseudo-terminal) or read from standard input, never taken from the command line;
the command line's administrator is recorded with the OS user and host; a forced password
change is asked for."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from sqlalchemy import select as sql_select

from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.services.admin import auth
from kehu_desktop.services.base import os_origin
from tests.factories import PASSWORD
from tests.factories import Branch

KEHU = [sys.executable, "-m", "kehu_desktop.cli"]


def kehu(branch: Branch, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KEHU, "--database", branch.db.url, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


class Terminal:
    """`kehu` on a pseudo-terminal, as a person at the keyboard runs it: getpass reads the
    terminal itself (not standard input), so this is the only way to test the prompt. A
    subprocess on SQLite: what is tested is the command line, not the database."""

    def __init__(self, *argv: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal
            os.execv(sys.executable, [*KEHU, *argv])
        self.seen = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {text!r} in {self.seen!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1024)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"kehu ended before {text!r}: {self.seen!r}"
                self.seen += chunk.decode("utf-8", "replace")

    def type(self, line: str) -> None:
        os.write(self.fd, f"{line}\n".encode())

    def exit_code(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # drain, or the child may block writing to a full terminal
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):  # the child closed the terminal
                    self.seen += os.read(self.fd, 1024).decode("utf-8", "replace")
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"kehu did not end: {self.seen!r}")


def audit_of(branch: Branch, action: str) -> list[AuditRecord]:
    with branch.db.read() as s:
        return list(
            s.execute(
                sql_select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.at)
            ).scalars()
        )


def test_password_on_standard_input_and_the_os_user_in_the_audit(sqlite_branch: Branch) -> None:
    done = kehu(
        sqlite_branch,
        "user",
        "add",
        "wang",
        "--role",
        "clerk",
        "--password-stdin",
        stdin="wang-pass-1\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wang: clerk"
    assert auth.sign_in(sqlite_branch.db, "wang", "wang-pass-1").username == "wang"
    added = audit_of(sqlite_branch, "user_added")[-1]
    # "system" names nobody: the OS user and host that ran the command are in the record.
    assert added.username == "system" and added.origin == os_origin()
    assert "@" in os_origin() and os_origin().split("@")[1]
    history = auth.user_history(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), "wang")
    assert history[0].by == f"system ({os_origin()})"

    empty = kehu(sqlite_branch, "user", "reset-password", "wang", "--password-stdin", stdin="")
    assert empty.returncode == 2 and "标准输入中没有密码" in empty.stderr


def test_a_password_on_the_command_line_is_refused(sqlite_branch: Branch) -> None:
    for argv in (
        ("user", "add", "li", "--role", "clerk", "--password", "li-pass-12"),
        ("user", "reset-password", "clerk", "--password=li-pass-12"),
        ("--lang", "en", "slip", "list", "--user", "clerk", "--password", PASSWORD),
    ):
        done = kehu(sqlite_branch, *argv)
        assert done.returncode == 2
        assert "li-pass-12" not in done.stderr
        assert ("密码不能写在命令行上" in done.stderr) or (
            "never goes on the command line" in done.stderr
        )
    assert [
        u.username for u in auth.list_users(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN))
    ].count("li") == 0
    assert auth.sign_in(sqlite_branch.db, "clerk", PASSWORD).username == "clerk"


def test_the_new_password_is_typed_twice_at_a_prompt(sqlite_branch: Branch) -> None:
    term = Terminal("--database", sqlite_branch.db.url, "user", "reset-password", "cashier")
    term.expect("新密码: ")
    term.type("typed-pass-1")
    term.expect("再次输入新密码: ")
    term.type("typed-pass-1")
    assert term.exit_code() == 0, term.seen
    assert "typed-pass-1" not in term.seen  # never echoed
    with pytest.raises(auth.PasswordChangeRequired):
        auth.sign_in(sqlite_branch.db, "cashier", "typed-pass-1")

    mistyped = Terminal("--database", sqlite_branch.db.url, "user", "reset-password", "cashier")
    mistyped.expect("新密码: ")
    mistyped.type("typed-pass-2")
    mistyped.expect("再次输入新密码: ")
    mistyped.type("typed-pass-3")
    assert mistyped.exit_code() == 2
    assert "两次输入的新密码不一致" in mistyped.seen


def test_a_forced_change_is_asked_for_at_the_prompt_and_refused_on_stdin(
    sqlite_branch: Branch,
) -> None:
    auth.reset_password(sqlite_branch.db, sqlite_branch.actor(Role.ADMIN), "clerk", "reset-pass-1")
    piped = kehu(
        sqlite_branch, "slip", "list", "--user", "clerk", "--password-stdin", stdin="reset-pass-1\n"
    )
    assert piped.returncode == 2
    assert "请不带--password-stdin运行一次" in piped.stderr

    term = Terminal("--database", sqlite_branch.db.url, "slip", "list", "--user", "clerk")
    term.expect("clerk 的密码: ")
    term.type("reset-pass-1")
    term.expect("管理员已重置您的密码：请先设置新密码再登录")
    term.expect("新密码: ")
    term.type("own-pass-12")
    term.expect("再次输入新密码: ")
    term.type("own-pass-12")
    assert term.exit_code() == 0, term.seen
    assert auth.sign_in(sqlite_branch.db, "clerk", "own-pass-12").username == "clerk"
    changed = audit_of(sqlite_branch, "password_changed")[-1]
    assert changed.username == "clerk"
