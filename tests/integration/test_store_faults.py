"""The embedded store under a fault of the operating system: a writer killed (SIGKILL) in
the middle of big transactions leaves a store that opens whole."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore


def test_kill_9_during_a_save_leaves_a_consistent_store(tmp_path: Path) -> None:
    """A writer killed in the middle of big transactions: the store opens, passes SQLite's
    integrity check, and holds only whole batches (each batch is all or nothing)."""
    script = textwrap.dedent(
        f"""
        import sys
        from pbgraph.stores.sqlite import EmbeddedStore
        s = EmbeddedStore({str(tmp_path)!r})
        for b in range(1000):
            rows = [{{"credit_code": f"{{b}}-{{i}}", "name": "x" * 50}} for i in range(20000)]
            with s.transaction():
                s.upsert_nodes("Organization", rows)
            print(b, flush=True)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()  # one batch committed: the next one is being written
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
    with EmbeddedStore(tmp_path) as s:
        assert s.integrity_ok()
        n = s.counts()["Organization"]
    assert n > 0 and n % 20000 == 0


def test_kill_9_during_a_bulk_load_leaves_the_store_as_before(
    small_city: list[Path], tmp_path: Path
) -> None:
    """A load killed after its first batch was written in bulk (inside its transaction)
    leaves the store as it was before the load: whole, with nothing of that load."""
    store, key = tmp_path / "store", tmp_path / "key"
    with EmbeddedStore(store) as s:  # before: the platforms ledger alone
        load_ledgers([p for p in small_city if "成员单位" in p.name], s, quarantine_dir=tmp_path, key=key)  # fmt: skip
        before = s.counts()
    assert before["MemberUnit"] > 0 and before["Organization"] == 0
    script = textwrap.dedent(
        f"""
        import time
        from pbgraph.loaders.load import load_ledgers
        from pbgraph.stores.sqlite import EmbeddedStore
        write = EmbeddedStore.write_batch
        def written(self, nodes, rels, *known):
            write(self, nodes, rels, *known)
            if "Organization" in nodes:
                print("written", flush=True)
                time.sleep(60)
        EmbeddedStore.write_batch = written
        with EmbeddedStore({str(store)!r}) as s:
            load_ledgers({[str(p) for p in small_city]!r}, s, key={str(key)!r},
                         quarantine_dir={str(tmp_path)!r})
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "written\n"  # 1 500 organizations are in the log
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
    with EmbeddedStore(store) as s:
        assert s.integrity_ok()
        assert s.counts() == before
        load_ledgers(small_city, s, quarantine_dir=tmp_path, key=key)  # and loads after
        assert s.counts()["Organization"] == 1500
