"""Integration tests: run by ``scripts/test.sh`` (``pytest tests``) and CI, not by plain
``pytest``.

A test belongs here when it

- needs a real Neo4j server (marked ``neo4j``; ``scripts/test.sh`` starts one),
- runs the notebooks,
- runs pbgraph end to end as a process of its own (``python -m pbgraph``, an installed
  wheel), or runs a whole chain end to end even in-process: ``demo``, the whole report,
  ``export`` then ``load``, every kind of output in turn (``test_*_end_to_end.py``), or
- injects faults of the operating system: killed processes, full disks (tmpfs), read-only
  mounts, processes running at the same time.

Tests that run in-process (click's ``CliRunner`` included) and fast are unit tests, in
``tests/unit/`` (see its ``__init__.py``); plain ``pytest`` runs them in under two minutes.
Helpers both folders use are modules of ``tests/`` (``helpers.py``, ``planted.py``,
``progress_ledgers.py``, ``office_ledgers.py``), never another test module.
"""
