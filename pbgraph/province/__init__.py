"""A province on Dask (issue 19): the analyses run partitioned by city or district on a
Dask cluster (a local one of worker processes, or an existing scheduler), with the single
process's answers. docs/province.md says how, and where a partitioned answer could differ.

Each task opens the store itself and reads only its partition (:mod:`.partitions`), runs
the unchanged analysis (:mod:`.tasks`); the parent merges (:mod:`.merge`; the coupled
balancing plans: :mod:`.balance`). ``distributed`` is imported only by :mod:`.cluster`,
when a command runs with ``--partition``.
"""

from __future__ import annotations

from .options import partition_options, partitioned
from .run import Province, run

__all__ = ["Province", "partition_options", "partitioned", "run"]
