"""The first load into the empty local Neo4j by Neo4j's offline importer
(pbgraph/stores/neo4j_import.py; the launcher's ``pbgraph.importOffline``), against a real
local server that this module starts (its own data folder and port; Java 17+ and Maven).

The graph it leaves is the Bolt load's of the same ledgers into the same server: every node,
relationship and property, the tables row by row, coverage's JSON byte for byte, the key's
fingerprint and the schema's constraints; the meta node says the load is done. A second load into the database, now
not empty, writes over Bolt and changes nothing. An import that fails leaves the database
as it was and usable. Nothing here is mocked.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.errors import InputError, StoreError
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores import cypher, neo4j_local
from pbgraph.stores.neo4j import Neo4jStore
from pbgraph.stores.neo4j_import import ImportStore, chosen, local_home
from pbgraph.stores.sqlite import EmbeddedStore

from .test_columnar_neo4j import _rows
from .test_neo4j_store import canonical

pytest.importorskip("neo4j")
pytestmark = pytest.mark.neo4j

PASSWORD = "import-test-123"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local server of this module's own: its URI and data folder."""
    data = tmp_path_factory.mktemp("import") / "neo4j"
    uri = neo4j_local.start(port=_free_port(), data_dir=data, password=PASSWORD, heap="512m",
                            page_cache="128m")  # fmt: skip
    try:
        yield uri, data
    finally:
        neo4j_local.kill(data_dir=data)


def _store(uri: str) -> Neo4jStore:
    return Neo4jStore(uri, password=PASSWORD)


def _load(uri: str, files: list[Path], out: Path, *flags: str) -> Any:
    r = CliRunner().invoke(cli, ["--lang", "en", "load", *map(str, files), "--neo4j", uri,
                                 "--neo4j-password", PASSWORD, "--quarantine", str(out),
                                 "--format", "json", *flags])  # fmt: skip
    assert r.exit_code == 0, r.output
    return r


def _coverage(*where: str) -> str:
    r = CliRunner().invoke(cli, ["coverage", *where, "--format", "json"])
    assert r.exit_code == 0, r.output
    return r.stdout


def _meta(neo: Neo4jStore) -> dict[str, Any]:
    rows = neo._read(f"MATCH (m:`{cypher.META_LABEL}`) RETURN properties(m)")
    assert len(rows) == 1
    return dict(rows[0][0])


def _constraints(neo: Neo4jStore) -> set[str]:
    return {r[0] for r in neo._read("SHOW CONSTRAINTS YIELD name RETURN name")}


def _graph(uri: str) -> dict[str, Any]:
    """What a load leaves: every node, relationship and property (members by what they
    are), the tables row by row, coverage's JSON, the key's fingerprint, the constraints."""
    with _store(uri) as neo:
        return {
            "graph": canonical(neo.graph()),
            "rows": _rows(neo.tables()),
            "coverage": _coverage("--neo4j", uri, "--neo4j-password", PASSWORD),
            "fingerprint": neo.key_fingerprint(),
            "constraints": _constraints(neo),
        }


def test_the_import_leaves_the_graph_the_bolt_load_leaves(
    local: tuple[str, Path], small_city: list[Path], tmp_path: Path
) -> None:
    uri, data = local
    with _store(uri) as neo:
        neo.clear()
        assert local_home(neo) == data.resolve()
    r = _load(uri, small_city, tmp_path, "--no-import")
    assert "importing offline" not in r.output
    bolt = _graph(uri)
    assert bolt["constraints"] >= {q.split()[2].strip("`") for q in cypher.constraints()}

    with _store(uri) as neo:
        neo.clear()
    r = _load(uri, small_city, tmp_path, "--import")
    assert "importing offline" in r.output and "imported" in r.output
    summary = json.loads(r.stdout)
    assert (data / "import.log").is_file()  # the importer's output, kept
    assert not list(data.glob("import-*")) and not (data / "import.json").exists()
    imported = _graph(uri)
    for what, value in bolt.items():
        assert imported[what] == value, what
    with _store(uri) as neo:
        assert summary["store"] == neo.counts()  # the counts it told: the server's
        meta = _meta(neo)
        assert meta["load_state"] == "done" and meta["load_ended"] >= meta["load_started"]
        assert meta["key_fingerprint"] == bolt["fingerprint"] is not None

    # the database is not empty now: the same load again goes over Bolt and changes nothing
    r = _load(uri, small_city, tmp_path, "--import")  # asked for, but not possible now
    assert "is not empty" in r.output and "importing offline" not in r.output
    again = _graph(uri)
    for what, value in bolt.items():
        assert again[what] == value, what
    with _store(uri) as neo:
        assert _meta(neo)["load_state"] == "done"


def test_a_failed_import_leaves_the_database_as_it_was(
    local: tuple[str, Path], small_city: list[Path], tmp_path: Path
) -> None:
    uri, data = local
    with _store(uri) as neo:
        neo.clear()
        home = local_home(neo)
        assert home is not None
        # an option the importer refuses: it fails after the database was moved aside
        imp = ImportStore(neo, home, options=["--max-off-heap-memory=not-a-size"])
        with pytest.raises(StoreError, match="offline import failed") as failed:
            load_ledgers(small_city, imp, quarantine_dir=tmp_path)
        assert "import.log" in str(failed.value)
        assert not (data / "import.json").exists() and not (data / "import-backup").exists()
        assert neo._read(f"MATCH (n) WHERE NOT n:`{cypher.META_LABEL}` RETURN count(n)") == [[0]]
        assert _meta(neo)["load_state"] == "failed"  # as a Bolt load that failed leaves it
    # usable: a load (over Bolt, as asked) completes it
    _load(uri, small_city, tmp_path, "--no-import")
    with _store(uri) as neo:
        assert neo.counts()["Organization"] == 1500
        assert _meta(neo)["load_state"] == "done"


def test_a_value_the_importer_cannot_take_goes_over_bolt(local: tuple[str, Path]) -> None:
    """A list (the schema has none today, Bolt stores one as it is): the importer's CSV
    cannot say it, so the load writes its batches over Bolt, into the running database."""
    uri, data = local
    said: list[str] = []
    with _store(uri) as neo:
        neo.clear()
        imp = ImportStore(neo, data.resolve(), say=said.append)
        with imp.transaction():
            imp.write_batch({"Region": {"d": {"name": ["甲", "乙"], "level": "district"}}}, {})
            assert imp.keys("Region") == {"d"}  # from memory until the commit
        assert any("writing over Bolt instead" in line for line in said), said
        assert not any("importing offline" in line for line in said)
        nodes = dict(neo.graph().nodes(data=True))
        assert (
            nodes["Region:d"]["name"] == ["甲", "乙"] and nodes["Region:d"]["level"] == "district"
        )
        assert _meta(neo)["load_state"] == "done"
    assert not list(data.glob("import-*"))


def test_import_is_for_neo4j_and_big_ledgers(
    local: tuple[str, Path], small_city: list[Path], tmp_path: Path
) -> None:
    """--import with the embedded store is an error; without --import, ledgers under
    16 MiB (the fixtures') load over Bolt, the database empty or not."""
    emb = EmbeddedStore(tmp_path / "s")
    with emb, pytest.raises(InputError, match="--neo4j"), chosen(emb, use=True, ledgers=small_city):
        pass
    uri, _ = local
    with _store(uri) as neo:
        neo.clear()
        with chosen(neo, use=None, ledgers=small_city) as s:
            assert s is neo
        with chosen(neo, use=True, ledgers=small_city) as s:
            assert isinstance(s, ImportStore)
    assert sum(os.path.getsize(f) for f in small_city) < (16 << 20)


def test_a_start_after_a_server_killed_in_an_import_puts_the_database_back(
    tmp_path: Path,
) -> None:
    """What the launcher leaves when it is killed while the importer writes (its
    OfflineImport: the database's folders in import-backup/, import.json, a half-written
    store), and what the next start does with it before the server starts
    (neo4j_offline.recover, called by neo4j_local.start)."""
    from pbgraph.stores.neo4j_offline import recover

    home = tmp_path / "neo4j"
    for part in ("databases", "transactions"):
        (home / "import-backup" / part).mkdir(parents=True)  # data/<part>/neo4j, moved
        (home / "import-backup" / part / "store").write_text(f"the {part} as it was")
        (home / "data" / part / "neo4j").mkdir(parents=True)
        (home / "data" / part / "neo4j" / "half").write_text("what the importer wrote")
    (home / "data" / "databases" / "system").mkdir()
    (home / "import.json").write_text('{"database": "neo4j", "importer": null}\n')
    assert recover(home)
    for part in ("databases", "transactions"):
        assert [f.name for f in (home / "data" / part / "neo4j").iterdir()] == ["store"]
        assert (home / "data" / part / "neo4j" / "store").read_text() == f"the {part} as it was"
    assert (home / "data" / "databases" / "system").is_dir()
    assert not (home / "import.json").exists() and not (home / "import-backup").exists()
    assert not recover(home)  # nothing to do the second time
