"""What a committed write changed, for whoever shows it (like Anki's OpChanges).

The write path (services.use_case) collects, for each transaction, the entities it changed: the
kind of each outbox row (``dispatch_note``, ``slip``, ``payment`` …, the outbox's own entity
names) or of a declared change without one (``user``, ``product``, ``setting`` …), with its id,
and every customer whose file or credit position such a row belongs to (the row's
``customer_id``). After the commit :class:`kehu_desktop.db.Database` hands one :class:`Changes`
to its listeners; the GUI's DB worker broadcasts it once on the GUI thread and each open screen
decides whether it shows any of it. Qt-free: the command line and sync may listen too.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field


@dataclass(frozen=True)
class Changes:
    """Entity kinds with the ids (as text, as the outbox stores them) changed by one or more
    committed writes, and the customers they belong to."""

    entities: Mapping[str, frozenset[str]] = field(default_factory=dict)
    customers: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.entities) or bool(self.customers)

    def touches(self, *kinds: str) -> bool:
        """Whether any entity of these kinds changed."""
        return any(kind in self.entities for kind in kinds)

    def ids(self, kind: str) -> frozenset[str]:
        return self.entities.get(kind, frozenset())

    def touches_customer(self, customer_id: object) -> bool:
        """Whether the file or the credit position of this customer may have changed."""
        return customer_id is not None and str(customer_id) in self.customers

    def merged(self, other: Changes) -> Changes:
        kinds = {k: set(v) for k, v in self.entities.items()}
        for kind, ids in other.entities.items():
            kinds.setdefault(kind, set()).update(ids)
        return Changes(
            {k: frozenset(v) for k, v in kinds.items()}, self.customers | other.customers
        )


class ChangeLog:
    """The changes of one transaction as they are written (see services.use_case)."""

    __slots__ = ("_entities", "_customers")

    def __init__(self) -> None:
        self._entities: dict[str, set[str]] = {}
        self._customers: set[str] = set()

    def add(self, kind: str, entity_id: object, customer_id: object = None) -> None:
        self._entities.setdefault(kind, set()).add(str(entity_id))
        if customer_id is not None:
            self._customers.add(str(customer_id))

    def add_customers(self, ids: Iterable[object]) -> None:
        self._customers.update(str(i) for i in ids)

    def value(self) -> Changes:
        return Changes(
            {k: frozenset(v) for k, v in self._entities.items()}, frozenset(self._customers)
        )
