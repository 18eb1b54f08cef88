"""Errors that services raise and every front end (GUI, CLI, scripts) shows to the user."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kehu_desktop.domain.messages import render


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``field`` is the code name (``uscc``, ``phone``...)."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)


def invalid_choice(
    field: str, label: str, value: object, choices: Mapping[str, str] | Iterable[str]
) -> FieldError:
    """``value`` of ``field`` (called ``label``) is none of ``choices``: codes, or a mapping of
    code to Chinese name, listed as 中文(code); joined by 、 in the message."""
    if isinstance(choices, Mapping):
        choices = (f"{zh}({code})" for code, zh in choices.items())
    return FieldError(
        field, "choice.invalid", {"label": label, "value": value, "choices": "、".join(choices)}
    )


class KehuError(Exception):
    """Base of every error meant for the user: it has a message in the user's language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return render(self.code, **self.params)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(KehuError):
    """Input was refused; ``errors`` lists every bad field (nothing was written)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("validation")
        self.errors = list(errors)

    @property
    def message(self) -> str:
        return "；".join(f"{e.message}" for e in self.errors)

    def for_field(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == name]


class Forbidden(KehuError):
    """The caller's roles do not allow the action."""


class AccessWithdrawn(Forbidden):
    """The signed-in user may no longer work at all: the account was disabled or locked, or
    every role was taken away, after the sign-in. Front ends end the session (the GUI signs
    out centrally, see views/kit/worker.py)."""


class NotFound(KehuError):
    pass


class Conflict(KehuError):
    """The action clashes with the current state (stale edit, wrong workflow state, quota...)."""


class AuthenticationFailed(KehuError):
    pass


class DatabaseProblem(KehuError):
    """The database cannot be used as it is (newer schema, locked, read-only, disk full,
    damaged)."""
