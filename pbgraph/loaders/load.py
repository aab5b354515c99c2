"""Ledger files -> validated records -> nodes and relationships in a store.

Every problem of a file is gathered before anything is reported; a rejected row goes to the
quarantine file with its reason and the other rows load. Loading the same ledgers twice
changes nothing; a newer ledger updates what changed.

The steps, each in a module of its own: :mod:`.validate` reads and checks the files
(:func:`validate_ledgers`); :mod:`.build` turns each kind's rows into nodes and
relationships (:mod:`.batch`: what the builders share; :mod:`.names`: how names are
compared); :mod:`.inline` builds a combined ledger's inline party organizations,
instructors and paired units; this module runs them in one transaction
(:func:`load_ledgers`), checks the pseudonym key (:func:`use_key`) and writes the
quarantine file (:func:`write_quarantine`).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..keys import KEY_ENV, Key, default_key_path, load_key, new_key, pseudonym
from .ahead import Ahead, kinds_ahead
from .batch import Context, Shared
from .build import build_kind, load_kind
from .inline import load_inline, party_org_id
from .ledgers import KINDS
from .lines import LINE_KINDS_LOADED, resolve_superiors
from .mapping import Mapping
from .names import normalize_org_name, one_line, same_name
from .places import Implied, Notice
from .validate import KindSummary, Reject, Validated, validate_ledgers

if TYPE_CHECKING:  # networkx comes with the store: reading a ledger needs neither
    from ..stores.base import Store

__all__ = [
    "Implied",
    "KindSummary",
    "LoadResult",
    "Notice",
    "Reject",
    "load_ledgers",
    "pseudonym",
    "use_key",
    "validate_ledgers",
    "write_quarantine",
    # held here before the loader was split in modules; importable from here still
    "Validated",
    "normalize_org_name",
    "one_line",
    "party_org_id",
    "same_name",
]

QUARANTINE_HEADERS = [
    "文件",
    "工作表",
    "行号",
    "列",
    "值",
    "规则",
    "原因",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "rule",
    "reason",
]


@dataclass
class LoadResult:
    summaries: dict[str, KindSummary]
    rejects: list[Reject]
    unknown_columns: list[tuple[str, str]]
    quarantine: Path | None
    counts: dict[str, int]
    implied: list[Implied] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph load --format json``."""
        return {
            "kinds": {k: asdict(s) for k, s in self.summaries.items()},
            "rejected": len(self.rejects),
            "quarantine": str(self.quarantine) if self.quarantine else None,
            "unknown_columns": [{"file": f, "column": c} for f, c in self.unknown_columns],
            "implied": [asdict(i) for i in self.implied],
            "notices": [asdict(n) for n in self.notices],
            "store": self.counts,
        }


def _where(store: Store) -> str:
    return str(getattr(store, "path", None) or getattr(store, "uri", None) or store)


def use_key(store: Store, key: Key | str | os.PathLike[str] | None) -> bytes:
    """The secret of the pseudonym key to load ``store`` with, checked against the key the
    store was loaded with before (its fingerprint) and recorded on the first load.

    ``key`` is a key or the path of its file; ``None`` takes the default key
    (:func:`pbgraph.keys.default_key_path`). A key file is created on first use; a store from before keys were kept apart hands its key over to that file
    when there is none yet, and keeps only the fingerprint.
    """
    legacy = store.legacy_secret()
    if not isinstance(key, Key):
        path = default_key_path() if key is None else Path(key)
        if legacy is not None and not path.exists():
            key = new_key(path, legacy)
        else:
            key = load_key(path, create=True)
    if legacy is not None:
        if legacy != key.secret:
            raise InputError(
                f"{_where(store)}: 此数据库由旧版 pbgraph 写入，化名密钥存于库内；{key.path} 处的"
                "密钥是另一把。请把该文件移走（数据库的密钥随后写到那里），或用 --key-file 指定新路径 "
                "(this store was written by an older pbgraph that kept its pseudonym key inside; "
                f"the key at {key.path} is another one. Move that file away (the store's key is "
                "then written there) or give --key-file with a new path)"
            )
        store.drop_legacy_secret()
    fp = store.key_fingerprint()
    if fp is None:
        store.set_key_fingerprint(key.fingerprint)
    elif fp != key.fingerprint:
        raise InputError(
            f"数据库 {_where(store)} 导入时用的化名密钥是 {fp}，而 {key.path} 处的密钥是 "
            f"{key.fingerprint}：党员会得到新的化名。请用 --key-file（或 {KEY_ENV}）指定导入时所用"
            "的密钥；新密钥需要新的数据库 "
            f"({_where(store)} was loaded with pseudonym key {fp}, but the key at {key.path} is "
            f"{key.fingerprint}: members would get new pseudonyms. Give --key-file (or "
            f"{KEY_ENV}) with the key it was loaded with; a new key needs a new store)"
        )
    return key.secret


def load_ledgers(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    *,
    kind: str | None = None,
    encoding: str | None = None,
    prefer: str = "first",
    quarantine_dir: str | os.PathLike[str] | None = None,
    mapping: Mapping | None = None,
    progress: Callable[[str], None] | None = None,
    key: Key | str | os.PathLike[str] | None = None,
) -> LoadResult:
    """Read, validate and load ledger files into ``store``.

    Files of all kinds may be mixed; they are loaded in :data:`LOAD_ORDER` so that a
    pairing can point at an organization loaded by the same call. A combined
    organizations ledger's inline party organizations, instructors and paired units are
    built once the party-organization, instructor and member-unit ledgers of the same call
    are in (so that they are matched to them, not duplicated). With the embedded store the
    whole load is one transaction.
    """
    with _no_collector():
        return _load(paths, store, kind, encoding, prefer, quarantine_dir, mapping, progress, key)


def _load(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    kind: str | None,
    encoding: str | None,
    prefer: str,
    quarantine_dir: str | os.PathLike[str] | None,
    mapping: Mapping | None,
    progress: Callable[[str], None] | None,
    key: Key | str | os.PathLike[str] | None,
) -> LoadResult:
    v = validate_ledgers(
        paths, kind=kind, encoding=encoding, prefer=prefer, mapping=mapping, progress=progress
    )
    shared = Shared()
    quarantine = None
    ahead = kinds_ahead(list(v.records), store)
    with store.transaction():
        secret = use_key(store, key)
        later: Ahead | None = None
        for name, records in v.records.items():
            if name in _AFTER_INLINE and shared.inline:
                load_inline(shared, Context(store, secret, shared), v.notices)
            if progress:
                progress(f"loading {name}")
            summary = v.summaries[name]
            if later is not None and name in later:
                later.load(name, records, summary, store, secret, v.rejects, shared)
            elif name == "organizations" and ahead:
                # the kinds after it are built on the other core while this one writes it
                batch = build_kind(KINDS[name], records, summary, store, secret, v.rejects, shared)
                later = Ahead.start(ahead, v.records, store, secret, shared, batch)
                batch.write(store, shared.keys)
                shared.wrote(batch)
            else:
                load_kind(KINDS[name], records, summary, store, secret, v.rejects, shared)
        if shared.inline:
            load_inline(shared, Context(store, secret, shared), v.notices)
        if LINE_KINDS_LOADED.intersection(v.records):  # issue 20: 上级党组织 -> LED_BY
            resolve_superiors(store, v.notices)
        if v.rejects:  # complete before the load commits: a committed load has its quarantine
            qdir = Path(quarantine_dir) if quarantine_dir else Path(".")
            quarantine = write_quarantine(v.rejects, qdir / "quarantine.csv")
    return LoadResult(
        v.summaries, v.rejects, v.unknown_columns, quarantine, store.counts(), v.implied,
        v.notices,
    )  # fmt: skip


@contextlib.contextmanager
def _no_collector() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: a load makes millions of objects that live
    until it ends (and makes no cycles to speak of), which the collector would go through
    again and again (about a second at 500 000 organizations)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_quarantine(rejects: Iterable[Reject], path: Path) -> Path:
    """Write rejected rows as CSV in UTF-8 with BOM (Excel opens it as is), atomically and
    owner-only; a value that would start a formula gets an apostrophe (pbgraph.outputs)."""
    from ..outputs import atomic_open, csv_row

    with atomic_open(path, encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(QUARANTINE_HEADERS)
        for r in rejects:
            zh, _, en = r.message.partition(" (")
            en = en[:-1] if en.endswith(")") else en
            where = [r.file, r.sheet, r.row, r.column, r.value, r.rule]
            w.writerow(csv_row([*where, zh, *where, en or zh]))
    return path


#: kinds that may point at what a combined ledger's rows create (a demo site names a joint
#: branch, a pairing ledger a unit): loaded after the inline parts
_AFTER_INLINE = ("pairings", "visits", "demo-sites")
