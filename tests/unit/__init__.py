"""Unit tests: what plain ``pytest`` runs (``testpaths`` in pyproject.toml), in under two
minutes on a two-core machine.

A test belongs here when it runs in the test's own process (click's ``CliRunner`` counts as
in-process) and is fast. A fresh interpreter that only probes what is imported
(``test_imports.py``, ``test_columns.py``, ``test_docs.py``; unit checks of the import graph)
or runs the README's short example (``test_docs.py``) is not pbgraph end to end: here too.

Everything else is in ``tests/integration/`` (see its ``__init__.py``). The fixtures of
``tests/conftest.py`` and the shared modules of ``tests/`` (``helpers.py``, ``planted.py``,
``progress_ledgers.py``, ``office_ledgers.py``) serve both folders.
"""
