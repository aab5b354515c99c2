"""Unit tests: what plain ``pytest`` runs (``testpaths`` in pyproject.toml), in under two
minutes on a two-core machine.

A test belongs here when it runs in the test's own process (click's ``CliRunner`` counts as
in-process) and is fast. Subprocesses that only probe what a fresh interpreter imports
(``test_imports.py``) are unit checks of the import graph and stay here too.

Everything else is in ``tests/integration/`` (see its ``__init__.py``). The fixtures of
``tests/conftest.py`` and the shared modules of ``tests/`` (``office_ledgers.py``,
``helpers.py``, ...) serve both folders.
"""
