"""Neo4j's offline bulk importer in the local server: how it is asked for, and what the next
start does when the server was killed while it ran.

The launcher (``launcher/``: ``OfflineImport.java``, ``ImportProcedure.java``) offers
``CALL pbgraph.importOffline(options)`` on its system database: it stops the database
``neo4j`` (the DBMS, Bolt and the system database keep running), moves its folders
(``data/databases/neo4j``, ``data/transactions/neo4j``) aside into ``import-backup/``, runs
``neo4j-admin database import full`` of the same Neo4j in its own JVM with ``options``, and
starts the database again on the new store; if the import fails, it deletes what the
importer wrote and puts the folders back first. ``import.json`` in the server's home says
an import is under way; the importer's output is ``import.log`` there. A server killed
during an import leaves ``import.json``: :func:`recover`, run by
:func:`pbgraph.stores.neo4j_local.start` before the server starts, puts the database that
was there back. Part of :mod:`pbgraph.stores.neo4j_import`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["BACKUP", "IMPORT_LOG", "MARKER", "PROCEDURE", "recover"]

#: the launcher's procedure (system database): ``CALL pbgraph.importOffline($options)``
PROCEDURE = "CALL pbgraph.importOffline($options) YIELD log RETURN log"
MARKER = "import.json"  # an import is under way
BACKUP = "import-backup"  # the database's folders, moved aside
IMPORT_LOG = "import.log"
DATABASE = "neo4j"  # the server's default database, the one pbgraph loads
#: the folders of one database in the server's home: its store and its transaction logs
_PARTS = ("databases", "transactions")


def _part(data: Path, part: str) -> Path:
    return data / "data" / part / DATABASE


def recover(data: Path) -> bool:
    """Undo an import the server was killed in: delete what the importer wrote and put the
    database that was there back. Returns whether there was one to undo (the caller holds
    the data directory's lock and no server runs for it)."""
    if not (data / MARKER).exists():
        return False
    backup = data / BACKUP
    for part in _PARTS:
        moved = backup / part
        if moved.exists():
            shutil.rmtree(_part(data, part), ignore_errors=True)
            os.replace(moved, _part(data, part))
    shutil.rmtree(backup, ignore_errors=True)
    (data / MARKER).unlink(missing_ok=True)
    return True


def log_tail(data: Path, lines: int = 12) -> str:
    """The last lines of the importer's output (its progress dots left out)."""
    try:
        text = (data / IMPORT_LOG).read_bytes().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    kept = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith(".")]
    return "\n".join(kept[-lines:]) or "(log is empty)"
