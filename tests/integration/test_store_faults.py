"""The embedded store under a fault of the operating system: a writer killed (SIGKILL) in
the middle of big transactions leaves a store that opens whole."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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
