"""Integration tests: run by ``scripts/test.sh`` (``pytest tests``) and CI, not by plain
``pytest``.

A test belongs here when it

- needs a real Neo4j server (marked ``neo4j``; ``scripts/test.sh`` starts one),
- runs the notebooks,
- runs pbgraph end to end as a process of its own (``python -m pbgraph``, an installed
  wheel) or runs a whole command chain end to end (``demo``, ``report``), or
- injects faults of the operating system: killed processes, full disks (tmpfs), read-only
  mounts, processes running at the same time.

Tests that run in-process (click's ``CliRunner`` included) and fast are unit tests, in
``tests/unit/`` (see its ``__init__.py``).
"""
