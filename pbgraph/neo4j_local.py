"""Moved to pbgraph.stores.neo4j_local; kept for old imports."""

from .stores.neo4j_local import (
    DEFAULT_DATA_DIR,
    JVM_FLAGS,
    LAUNCHER_DIR,
    LOG_FILE,
    PID_FILE,
    STATE_FILE,
    LocalNeo4jError,
    build,
    kill,
    start,
    status,
    stop,
)

__all__ = [
    "DEFAULT_DATA_DIR",
    "JVM_FLAGS",
    "LAUNCHER_DIR",
    "LOG_FILE",
    "PID_FILE",
    "STATE_FILE",
    "LocalNeo4jError",
    "build",
    "kill",
    "start",
    "status",
    "stop",
]
