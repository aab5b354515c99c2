"""The kinds of object the schema is made of: properties, node labels, relationship types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PropType = Literal["str", "int", "float", "bool", "date"]


@dataclass(frozen=True)
class Prop:
    """A property of a node or relationship, and how ledgers name it.

    ``zh`` is the canonical Chinese column header, ``aliases`` the other headers people
    write (Chinese variants and English). ``check`` names an identifier check of
    :mod:`pbgraph.graphmodel.identifiers`; ``pii`` marks personal data that is never stored
    in clear and is masked in every output.
    """

    name: str
    type: PropType = "str"
    zh: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    check: str | None = None
    pii: bool = False
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    many: bool = False

    def label_of(self, value: str) -> str:
        """The ledger's (Chinese) word for a choice value; the value itself if it has none."""
        for v, words in self.labels:
            if v == value:
                return words[0]
        return value


@dataclass(frozen=True)
class NodeType:
    """A node label, its key property and its other properties."""

    label: str
    key: str
    zh: str
    props: tuple[Prop, ...]

    def prop(self, name: str) -> Prop:
        for p in self.props:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True)
class RelType:
    """A relationship type between two labels.

    ``single``: a start node has at most one relationship of this type (to this end label);
    upserting a new one replaces the old.
    """

    type: str
    start: str
    end: str
    zh: str
    props: tuple[Prop, ...] = field(default=())
    single: bool = False

    @property
    def name(self) -> str:
        """Unique name of the (type, start, end) triple: ``GUIDES_Instructor_PartyOrg``."""
        return f"{self.type}_{self.start}_{self.end}"
