"""What docs/safety.md promises, tried on the embedded store as a user runs
it (each command its own process): the pseudonym key apart from the data, personal data
typed into free text masked, reads that never write, never create and never tear, loads
that a kill or a full disk leaves as they were."""

from __future__ import annotations

import contextlib
import csv
import hmac
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pbgraph.keys import Key, load_key, pseudonym
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import generate


def env(**extra: str) -> dict[str, str]:
    """The test session's environment (its own key), without a Neo4j server."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_STORE"))}
    return {**e, **extra}


def run(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pbgraph", "-q", *args], capture_output=True,
                          text=True, cwd=cwd, env=env(**extra))  # fmt: skip


def start(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pbgraph", "-q", *args], cwd=cwd, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def one_line(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr, r.stderr
    (line,) = r.stderr.strip().splitlines()
    return line


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        w.writerows(rows)


def store_bytes(store: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(store.iterdir()) if p.is_file())


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(200, tmp_path_factory.mktemp("city"), seed=11)


# -- the key -------------------------------------------------------------------------------


def test_key_lives_apart_and_the_store_alone_reverses_nothing(
    city: list[Path], tmp_path: Path
) -> None:
    key_file = tmp_path / "keys" / "k.key"
    r = run("load", *map(str, city), "--store", "s", "--key-file", str(key_file), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert key_file.stat().st_mode & 0o777 == 0o600
    store = tmp_path / "s"
    assert store.stat().st_mode & 0o777 == 0o700
    assert (store / "graph.sqlite").stat().st_mode & 0o777 == 0o600

    key = load_key(key_file)
    data = store_bytes(store)
    assert key.secret not in data and key.secret.hex().encode() not in data
    _, members = read_rows(city[2])
    ids = [m["公民身份号码"] for m in members]
    with EmbeddedStore(store, readonly=True) as s:
        stored = s.keys("Member")
        assert s.key_fingerprint() == key.fingerprint
        assert s.legacy_secret() is None
    assert {pseudonym(key.secret, "M", i) for i in ids} <= stored  # with the key: yes
    db = sqlite3.connect(store / "graph.sqlite")
    candidates = [bytes(v) if isinstance(v, bytes) else str(v).encode()
                  for (v,) in db.execute("SELECT value FROM meta")]  # fmt: skip
    db.close()
    for c in candidates:  # with what the store holds: no pseudonym comes out
        assert not {pseudonym(c, "M", i) for i in ids} & stored
        assert not hmac.compare_digest(c, key.secret)


def test_a_load_with_another_key_is_refused(city: list[Path], tmp_path: Path) -> None:
    first, other = tmp_path / "first.key", tmp_path / "other.key"
    assert run("load", *map(str, city), "--store", "s", "--key-file", str(first),
               cwd=tmp_path).returncode == 0  # fmt: skip
    with EmbeddedStore(tmp_path / "s", readonly=True) as s:
        before = s.counts()
    r = run("load", *map(str, city), "--store", "s", "--key-file", str(other), cwd=tmp_path,
            PBGRAPH_LANG="zh")  # fmt: skip
    assert r.returncode == 2
    line = one_line(r)
    assert "化名密钥" in line and str(other) in line
    with EmbeddedStore(tmp_path / "s", readonly=True) as s:
        assert s.counts() == before


def test_an_old_store_hands_its_key_over(city: list[Path], tmp_path: Path) -> None:
    """A store written when pbgraph kept the key inside: the first load writes that key to
    the key file (when there is none), removes it from the store, and the members keep
    their pseudonyms."""
    old = Key(b"o" * 32)
    with EmbeddedStore(tmp_path / "s") as s:
        load_ledgers(city, s, quarantine_dir=tmp_path, key=old)
        s._db.execute("DELETE FROM meta WHERE name = 'key_fingerprint'")
        s._db.execute("INSERT INTO meta VALUES ('secret', ?)", (old.secret,))
        members = s.keys("Member")
    key_file = tmp_path / "adopted.key"
    r = run("load", *map(str, city), "--store", "s", cwd=tmp_path,
            PBGRAPH_KEY_FILE=str(key_file))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert load_key(key_file).secret == old.secret
    with EmbeddedStore(tmp_path / "s", readonly=True) as s:
        assert s.legacy_secret() is None and s.keys("Member") == members
    assert old.secret not in store_bytes(tmp_path / "s")


# -- personal data in free text --------------------------------------------------------------


def test_personal_data_typed_into_free_text_is_masked(city: list[Path], tmp_path: Path) -> None:
    ledgers = tmp_path / "ledgers"
    ledgers.mkdir()
    files = []
    for p in city:
        files.append(ledgers / p.name)
        files[-1].write_bytes(p.read_bytes())
    org_header, orgs = read_rows(files[0])
    mem_header, members = read_rows(files[2])
    name = next(m["姓名"] for m in members if len(m["姓名"]) == 3)
    rid = members[5]["公民身份号码"]
    planted = {"13912345678", "86012345", rid, name, "19901340"}
    orgs[0]["单位名称"] += "（联系人0531-86012345）"
    orgs[1]["所在楼宇园区"] = f"创新大厦 身份证{rid}"
    members[0]["所在社区"] = "文化东路社区(139 1234 5678)"
    who = next(m for m in members if m["姓名"] == name)
    who["组织关系所在"] = f"{name}户籍所在地"
    members[1]["公民身份号码"] = "370102199013401234"  # month 13: rejected, reason shown
    write_rows(files[0], org_header, orgs)
    write_rows(files[2], mem_header, members)

    r = run("load", *map(str, files), "--store", "s", "--quarantine", "q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    quarantine = (tmp_path / "q" / "quarantine.csv").read_text(encoding="utf-8-sig")
    assert "出生日期无效" in quarantine
    outputs = [quarantine]
    for args in (["coverage", "--format", "csv"], ["coverage", "--list", "must_build",
                 "--format", "json"], ["export", "--out", "exported"], ["report", "--out", "rep"]):  # fmt: skip
        r = run(*args, "--store", "s", cwd=tmp_path)
        assert r.returncode == 0, (args, r.stderr)
        outputs.append(r.stdout)
    for folder in ("exported", "rep"):
        for p in (tmp_path / folder).rglob("*"):
            if p.suffix in (".csv", ".html", ".json", ".txt"):
                outputs.append(p.read_text(encoding="utf-8-sig"))
            elif p.suffix == ".xlsx":
                from openpyxl import load_workbook

                wb = load_workbook(p, read_only=True)
                outputs += [str(v) for ws in wb for row in ws.iter_rows(values_only=True)
                            for v in row if v is not None]  # fmt: skip
    data = store_bytes(tmp_path / "s")
    for secret in planted:
        assert secret.encode() not in data, secret
        assert not [o for o in outputs if secret in o], secret
    assert b"0531-******45" in data  # masked, not dropped
    assert "创新大厦" in "".join(outputs)


# -- reads never write, never create, never tear -------------------------------------------


def test_a_reading_command_never_creates_a_store(tmp_path: Path) -> None:
    r = run("coverage", "--store", "nowhere", cwd=tmp_path)
    assert r.returncode == 2
    assert "没有 pbgraph 数据库" in one_line(r)  # Chinese first: tests/unit/test_cli_edges.py
    assert not (tmp_path / "nowhere").exists()


def test_reads_go_on_while_a_writer_holds_the_store(city: list[Path], tmp_path: Path) -> None:
    assert run("load", *map(str, city), "--store", "s", cwd=tmp_path).returncode == 0
    writer = sqlite3.connect(tmp_path / "s" / "graph.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute('DELETE FROM "Organization"')  # not committed: nobody sees it
    try:
        r = run("coverage", "--format", "json", "--store", "s", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["total"] == 200
        r = run("load", str(city[0]), "--store", "s", cwd=tmp_path, PBGRAPH_LANG="en")
        assert r.returncode == 3  # it waits, then says so
        assert "busy" in one_line(r)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@contextlib.contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` at ``path`` (root only; skips where it cannot be mounted)."""
    path.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                       capture_output=True, text=True)  # fmt: skip
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_store_on_read_only_media_can_be_read(city: list[Path], tmp_path: Path) -> None:
    with small_disk(tmp_path / "media", "16m") as media:
        assert (
            run("load", *map(str, city), "--store", str(media / "s"), cwd=tmp_path).returncode == 0
        )
        subprocess.run(["mount", "-o", "remount,ro", str(media)], check=True)
        r = run("coverage", "--format", "json", "--store", str(media / "s"), cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["total"] == 200
        r = run("load", str(city[0]), "--store", str(media / "s"), cwd=tmp_path)
        assert r.returncode == 4
        assert str(media / "s") in one_line(r)


def test_a_full_disk_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    small = generate(100, tmp_path / "small", seed=21)
    big = generate(3000, tmp_path / "big", seed=22)
    with small_disk(tmp_path / "disk", "1500k") as disk:
        store = disk / "s"
        r = run("load", *map(str, small), "--store", str(store), "--quarantine", str(disk),
                cwd=tmp_path)  # fmt: skip
        assert r.returncode == 0, r.stderr
        with EmbeddedStore(store, readonly=True) as s:
            before = s.counts()
        r = run("load", *map(str, big), "--store", str(store), "--quarantine", str(disk),
                cwd=tmp_path)  # fmt: skip
        assert r.returncode == 4, r.stderr
        line = one_line(r)
        assert str(store) in line and "full" in line
        with EmbeddedStore(store, readonly=True) as s:
            assert s.counts() == before and s.integrity_ok()


# -- kills -----------------------------------------------------------------------------------


def _counts(store: Path) -> tuple[int, int]:
    with EmbeddedStore(store, readonly=True) as s:
        assert s.integrity_ok()
        c = s.counts()
    return c["Organization"], c["Member"]


def test_a_killed_load_leaves_the_store_before_or_after(tmp_path: Path) -> None:
    small = generate(100, tmp_path / "a", seed=31)
    big = generate(15000, tmp_path / "b", seed=32)
    store = tmp_path / "s"
    assert run("load", *map(str, small), "--store", "s", cwd=tmp_path).returncode == 0
    before = _counts(store)
    outcomes = set()
    for delay in (0.5, 1.5, 2.5, 3.5, 5.0, 7.0):
        p = start("load", *map(str, big), "--store", "s", cwd=tmp_path)
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
        now = _counts(store)
        outcomes.add("after" if now != before else "before")
        if now != before:
            break
    r = run("load", *map(str, big), "--store", "s", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    after = _counts(store)
    assert after[0] > before[0]
    # every kill left one of the two states, and some kill landed mid-load
    assert outcomes <= {"before", "after"} and "before" in outcomes


def test_a_killed_write_back_keeps_one_whole_run(city: list[Path], tmp_path: Path) -> None:
    assert run("load", *map(str, city), "--store", "s", cwd=tmp_path).returncode == 0
    assert run("coverage", "--write-back", "--store", "s", cwd=tmp_path).returncode == 0
    with EmbeddedStore(tmp_path / "s", readonly=True) as s:
        whole = len(s.results("coverage"))
    assert whole > 0
    for delay in (0.2, 0.5, 0.8, 1.1, 1.5):
        p = start("coverage", "--write-back", "--store", "s", cwd=tmp_path)
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
        with EmbeddedStore(tmp_path / "s", readonly=True) as s:
            assert s.integrity_ok()
            results = s.results("coverage")
        assert len(results) == whole and len({x["run"] for x in results}) == 1


# -- concurrent loads and reads ---------------------------------------------------------------


def test_concurrent_loads_and_reads_never_tear(tmp_path: Path) -> None:
    """Loads of one city after another while commands read: every read sees a whole number
    of loads, every organization with its name and place."""
    cities = [generate(150, tmp_path / f"c{i}", seed=40 + i) for i in range(6)]
    totals, seen = [], set()
    for files in cities:
        _, rows = read_rows(files[0])
        seen |= {r["统一社会信用代码"] for r in rows}
        totals.append(len(seen))
    assert run("load", *map(str, cities[0]), "--store", "s", cwd=tmp_path).returncode == 0
    script = "; ".join(
        f"{sys.executable} -m pbgraph -q load {' '.join(map(str, c))} --store s >/dev/null"
        for c in cities[1:]
    )
    loader = subprocess.Popen(["sh", "-c", script], cwd=tmp_path, env=env())
    reads = []
    try:
        while loader.poll() is None or len(reads) < 3:
            with EmbeddedStore(tmp_path / "s", readonly=True) as s:
                G = s.graph()
            orgs = [d for _, d in G.nodes(data=True) if d["label"] == "Organization"]
            assert all(d.get("name") for d in orgs), "an organization without its name"
            reads.append(len(orgs))
            if loader.poll() is not None and len(reads) >= 3:
                break
    finally:
        loader.wait()
    assert loader.returncode == 0
    assert set(reads) <= set(totals), (reads, totals)
    assert len(set(reads)) > 1  # the reads did see loads commit between them
    r = run("coverage", "--format", "json", "--store", "s", cwd=tmp_path)
    assert json.loads(r.stdout)["total"] == totals[-1]
