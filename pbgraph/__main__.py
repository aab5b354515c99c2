"""``python -m pbgraph``."""

from .cli import main

main()
