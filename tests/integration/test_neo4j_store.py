"""The Neo4j store against a real Neo4j server (started by scripts/test.sh, or NEO4J_URI).

Nothing here is mocked. Without a server these tests skip locally and fail in CI
(``CI=true`` or ``REQUIRE_NEO4J=1``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from pbgraph.analyses.coverage import coverage
from pbgraph.errors import InputError, StoreError, StoreUnreachableError
from pbgraph.graphmodel.schema import NODES, rel
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import generate

pytestmark = pytest.mark.neo4j

HOSTILE = [
    'O\'Brien "quoted"',
    "back`tick`",
    "'}) DETACH DELETE n //",
    "line one\nline two",
    "emoji 🏢🚩",
    "rare CJK 䶮𠀀",
    "$rows {key} \\ // ;",
]


def canonical(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    """Nodes and edges with member pseudonyms (keyed by each store's own secret) replaced by
    what the member is: the same members give the same multiset."""

    def member_sig(n: str) -> str:
        d = G.nodes[n]
        succ = sorted(f"{k}>{v}" for _, v, k in G.out_edges(n, keys=True))
        return "Member:" + repr((sorted((k, v) for k, v in d.items() if k != "id"), succ))

    ids = {n: member_sig(n) if G.nodes[n].get("label") == "Member" else n for n in G}
    nodes = sorted(
        (
            ids[n],
            sorted(
                (k, repr(v)) for k, v in d.items() if not (k == "id" and d.get("label") == "Member")
            ),
        )
        for n, d in G.nodes(data=True)
    )
    edges = sorted(
        (ids[u], ids[v], k, sorted((a, repr(b)) for a, b in d.items()))
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return nodes, edges


def test_constraints_exist(neo) -> None:
    with neo._driver.session(database=neo.database) as s:
        rows = list(s.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type"))
    have = {(r["labelsOrTypes"][0], r["properties"][0]) for r in rows if r["type"] == "UNIQUENESS"}
    for n in NODES.values():
        assert (n.label, n.key) in have


def test_projection_equals_the_embedded_store(
    neo, small_city: list[Path], loaded_city: Path, tmp_path: Path
) -> None:
    result = load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    assert not result.rejects
    with EmbeddedStore(loaded_city) as emb:
        assert result.counts == emb.counts()
        G_emb = emb.graph()
    G_neo = neo.graph()
    assert canonical(G_neo) == canonical(G_emb)
    # ... and the analyses give identical results on both
    for by in ("district", "street"):
        a, b = coverage(G_neo, by=by), coverage(G_emb, by=by)
        assert a.categories == b.categories and a.rows() == b.rows()


def test_load_twice_is_load_once(neo, small_city: list[Path], tmp_path: Path) -> None:
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    once = canonical(neo.graph())
    counts = neo.counts()
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    assert neo.counts() == counts
    assert canonical(neo.graph()) == once


def test_hostile_strings_are_stored_verbatim(neo, tmp_path: Path) -> None:
    emb = EmbeddedStore(tmp_path / "emb")
    for store in (neo, emb):
        store.upsert_nodes("Region", [{"code": "safe", "name": "safe"}])
        for i, text in enumerate(HOSTILE):
            for n in NODES.values():
                row = {p.name: text for p in n.props if p.type == "str" and not p.choices}
                row[n.key] = f"{text}#{i}"
                store.upsert_nodes(n.label, [row])
            store.upsert_rels(
                rel("LOCATED_IN", "Organization", "Region"),
                [{"start": f"{text}#{i}", "end": "safe"}],
            )
    G = neo.graph()
    assert canonical(G) == canonical(emb.graph())
    for i, text in enumerate(HOSTILE):
        d = G.nodes[f"Organization:{text}#{i}"]
        assert d["name"] == text and d["industry"] == text
    counts = Counter(d["label"] for _, d in G.nodes(data=True))
    assert counts["Region"] == 1 + len(HOSTILE)  # nothing else was created or deleted
    assert G.number_of_edges() == len(HOSTILE)
    emb.close()


def test_write_back_replaces_the_previous_run(
    neo, small_city: list[Path], tmp_path: Path, neo4j_auth
) -> None:
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    uri, password = neo4j_auth
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": password}
    for _ in range(2):
        r = subprocess.run(
            [sys.executable, "-m", "pbgraph", "coverage", "--write-back", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert r.returncode == 0, r.stderr
    results = neo.results("coverage")
    assert len({x["run"] for x in results}) == 1
    expected = coverage(neo.graph()).findings()
    assert sorted((x["end"], x["category"]) for x in results) == sorted(
        (x["end"], x["category"]) for x in expected
    )
    assert "AnalysisRun" not in {d["label"] for _, d in neo.graph().nodes(data=True)}


def test_a_write_back_that_fails_part_way_keeps_the_previous_run(
    neo, small_city: list[Path], tmp_path: Path
) -> None:
    """One transaction: the previous run stays whole when a later batch of the new one is
    refused by the server (as when the writer is killed)."""
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    flags = rel("FLAGS", "AnalysisRun", "Organization")
    codes = sorted(neo.keys("Organization"))[:30]
    run = {"created": "2026-01-01T00:00:00", "params": {}}
    neo.replace_results("coverage", {**run, "id": "r1"},
                        {flags: [{"start": "r1", "end": c, "category": "own"} for c in codes]})  # fmt: skip
    neo.batch_size = 10
    bad = [{"start": "r2", "end": c, "category": "own"} for c in codes]
    bad[25]["category"] = {"not": "a property value"}  # the third batch fails on the server
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error
        neo.replace_results("coverage", {**run, "id": "r2"}, {flags: bad})
    results = neo.results("coverage")
    assert {x["run"] for x in results} == {"r1"} and len(results) == 30


def _meta(neo: Any) -> dict[str, Any]:
    """The properties of the store's meta node."""
    rows = neo._read("MATCH (m:PbgraphMeta {name: 'store'}) RETURN properties(m)")
    return rows[0][0] if rows else {}


def _refused(read: Any, words: str) -> None:
    with pytest.raises(StoreError) as e:
        read()
    assert words in str(e.value), str(e.value)


def test_a_load_is_marked_and_reads_refuse_an_unfinished_one(neo, neo4j_auth) -> None:
    from pbgraph.stores.neo4j import Neo4jStore

    region = [{"code": "r1", "name": "r1", "level": "district"}]
    with neo.transaction():
        assert _meta(neo).get("load_state") is None  # nothing written yet: no mark
        neo.upsert_nodes("Region", region)
        assert _meta(neo)["load_state"] == "loading"
        assert neo.keys("Region") == {"r1"}  # the load's own reads are not refused
    meta = _meta(neo)
    assert meta["load_state"] == "done" and meta["load_ended"] >= meta["load_started"]
    assert neo.counts()["Region"] == 1

    # a load refused before its first write leaves the store as it was
    with pytest.raises(RuntimeError), neo.transaction():
        raise RuntimeError("refused before writing")
    assert _meta(neo)["load_state"] == "done"

    # a load stopped by an error after writing: every read refuses the store
    with pytest.raises(RuntimeError), neo.transaction():
        neo.upsert_nodes("Region", [{"code": "r2", "name": "r2"}])
        raise RuntimeError("a ledger the loader chokes on")
    assert _meta(neo)["load_state"] == "failed"
    uri, password = neo4j_auth
    with Neo4jStore(uri, password=password, database=neo.database) as other:
        for read in (
            other.graph,
            other.counts,
            lambda: other.keys("Region"),
            lambda: other.key_values("Region", "name"),
            lambda: other.results("coverage"),
        ):
            _refused(read, f"the last load into {uri} did not finish (started ")
        # loading again completes it
        with other.transaction():
            other.upsert_nodes("Region", [{"code": "r2", "name": "r2"}])
    assert set(neo.graph()) == {"Region:r1", "Region:r2"}
    # a write outside transaction() is a load of its own
    neo.upsert_nodes("Region", [{"code": "r3"}])
    assert _meta(neo)["load_state"] == "done" and neo.counts()["Region"] == 3


def test_a_load_in_progress_is_refused_and_noticed_during_a_read(neo, neo4j_auth) -> None:
    from pbgraph.stores.neo4j import Neo4jStore

    uri, password = neo4j_auth
    neo.upsert_nodes("Region", [{"code": "r1"}])
    with Neo4jStore(uri, password=password, database=neo.database) as loader:
        loader.begin_load()
        loader.begin_load()  # once is enough
        for read in (neo.graph, neo.counts, lambda: neo.keys("Region")):
            _refused(read, f"a load into {uri} is in progress (started ")
        _refused(neo.begin_load, "is in progress")  # two loads at once: the second waits
        loader.end_load()
        assert neo.counts()["Region"] == 1

        # a load that starts (or runs whole) while a read is under way spoils the read
        _refused(lambda: neo._checked_read(lambda tx: loader.begin_load()), "in progress")
        loader.end_load()
        _refused(
            lambda: neo._checked_read(lambda tx: (loader.begin_load(), loader.end_load())),
            "ran while this was reading",
        )
        assert neo.counts()["Region"] == 1
        # a store closed in the middle of its load: the load did not finish
        loader.begin_load()
    _refused(neo.graph, "did not finish")


def test_the_store_keeps_the_key_fingerprint_never_a_key(neo, neo4j_auth, tmp_path) -> None:
    from pbgraph.keys import new_key
    from pbgraph.stores.neo4j import Neo4jStore

    _refused(neo.secret, "the pseudonym key is not kept in the store; see pbgraph.keys")
    assert neo.key_fingerprint() is None and neo.legacy_secret() is None
    key = new_key(tmp_path / "k.key")
    neo.set_key_fingerprint(key.fingerprint)
    assert neo.key_fingerprint() == key.fingerprint
    uri, password = neo4j_auth
    with Neo4jStore(uri, password=password, database=neo.database) as again:  # nothing added
        assert again.key_fingerprint() == key.fingerprint
    rows = neo._read("MATCH (m:PbgraphMeta) RETURN m.name, properties(m)")
    assert [name for name, _ in rows] == ["store"]
    assert key.secret.hex() not in repr(rows) and key.fingerprint in repr(rows)
    with pytest.raises(StoreError):
        neo.set_key_fingerprint("")

    # a database loaded by an older pbgraph holds the secret itself: read it once, drop it
    old = "ab" * 32
    with neo._driver.session(database=neo.database) as s:
        s.run("CREATE (:PbgraphMeta {name: $name, value: $value})", name="secret", value=old)
    assert neo.legacy_secret() == bytes.fromhex(old)
    neo.drop_legacy_secret()
    assert neo.legacy_secret() is None
    neo.drop_legacy_secret()  # nothing to drop: fine
    assert neo.key_fingerprint() == key.fingerprint


@pytest.mark.parametrize(
    "uri", ["http://127.0.0.1:7474", "https://db.example:7473", "127.0.0.1:7687", "bolt:/x"]
)
def test_a_uri_that_is_not_bolt_is_bad_input(uri: str, tmp_path: Path) -> None:
    from pbgraph.stores.neo4j import Neo4jStore

    with pytest.raises(InputError, match="use bolt://host:7687 or neo4j://"):
        Neo4jStore(uri)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    r = _cli("coverage", "--neo4j", uri, env=env | {"PBGRAPH_LANG": "zh"}, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "不是 Neo4j 的 Bolt URI：请用 bolt://host:7687 或 neo4j://" in r.stderr
    r = _cli("coverage", "--neo4j", uri, env=env | {"PBGRAPH_LANG": "en"}, cwd=tmp_path)
    assert "use bolt://host:7687 or neo4j://" in r.stderr


def _cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_exits_3(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    r = _cli("coverage", "--neo4j", f"bolt://127.0.0.1:{_free_port()}", env=env, cwd=tmp_path)
    assert r.returncode == 3
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "pbgraph neo4j start" in r.stderr


def test_wrong_password_names_the_variable(neo4j_auth, tmp_path: Path) -> None:
    uri, _ = neo4j_auth
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": "definitely-wrong"}
    r = _cli("coverage", env=env, cwd=tmp_path)
    assert r.returncode == 3 and "NEO4J_PASSWORD" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_server_killed_during_a_load_then_rerun_equals_a_clean_load(tmp_path: Path) -> None:
    """Kill -9 the local server in the middle of a load; after a restart, rerunning the same
    load completes and the graph equals a clean load (no duplicates, nothing missing)."""
    from pbgraph.stores import neo4j_local
    from pbgraph.stores.neo4j import Neo4jStore

    ledgers = generate(20000, tmp_path / "ledgers", seed=5)
    data, password, port = tmp_path / "neo4j", "kill-test", _free_port()
    uri = neo4j_local.start(port=port, data_dir=data, password=password)
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": password}
    try:
        with Neo4jStore(uri, password=password) as s:
            pass  # constraints in place before the load starts
        load = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pbgraph",
                "load",
                *map(str, ledgers),
                "--quarantine",
                str(tmp_path),
            ],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.time() + 120
        while time.time() < deadline:  # wait until part of the organizations are in
            with Neo4jStore(uri, password=password) as s:  # (counts() refuses a loading store)
                n = s._read("MATCH (o:Organization) RETURN count(o)")[0][0]
            if n >= 10000:
                break
            time.sleep(0.2)
        neo4j_local.kill(data_dir=data)
        _out, err = load.communicate(timeout=120)
        assert load.returncode == 3, err  # the interrupted load says the store went away
        assert "Traceback" not in err
        with pytest.raises(StoreUnreachableError):  # the server is really gone
            Neo4jStore(uri, password=password)

        neo4j_local.start(port=port, data_dir=data, password=password)
        with Neo4jStore(uri, password=password) as s, pytest.raises(StoreError) as e:
            s.counts()  # the half-loaded graph is refused, not counted
        assert "did not finish" in str(e.value)
        r = _cli("load", *map(str, ledgers), "--quarantine", str(tmp_path), env=env, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        with Neo4jStore(uri, password=password) as s:
            rerun = canonical(s.graph())
            rerun_counts = s.counts()
            s.clear()
            load_ledgers(ledgers, s, quarantine_dir=tmp_path)
            assert s.counts() == rerun_counts
            assert canonical(s.graph()) == rerun
        assert rerun_counts["Organization"] == 20000
    finally:
        neo4j_local.stop(data_dir=data)
