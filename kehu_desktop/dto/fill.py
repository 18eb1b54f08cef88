"""A DTO built from an object whose attributes carry the DTO's field names (an ORM row, another
DTO, parsed command-line arguments), so that each field is named once, in the DTO, and not again
at every place that copies a row into it."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from functools import cache
from typing import Any
from typing import TypeVar
from typing import cast

_T = TypeVar("_T")


@cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def filled(cls: type[_T], source: object, /, **given: Any) -> _T:
    """A ``cls`` (a dataclass) with the ``given`` values, every other field read from the
    attribute of that name of ``source``. Strict: a field neither given nor on ``source`` is an
    AttributeError, never silently its default."""
    values = {
        name: given[name] if name in given else getattr(source, name)
        for name in _field_names(cast(Hashable, cls))
    }
    return cls(**values)
