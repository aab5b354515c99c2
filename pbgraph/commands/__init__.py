"""The commands of ``pbgraph``, one module per subject; :mod:`pbgraph.cli` is their group.

Each command parses its options, opens the store, calls the library (the loaders, the
analyses, :mod:`pbgraph.graphmodel.results` for write-back, the report and the outputs) and
prints. What they share (store options, error handling, table output) is in
:mod:`pbgraph.commands.common`; the words they add is in :mod:`pbgraph.labels.cli`.
Heavy libraries (the analyses, pandas, matplotlib) are imported inside the commands, so
``pbgraph --help`` stays fast.
"""
