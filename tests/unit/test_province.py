"""A province on Dask (issue 19), the parts that need no cluster: the options, the
partitions of a store and what a partition's read holds; the runs on a cluster are in
tests/integration/test_province.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.errors import InputError
from pbgraph.province import Province, partitioned
from pbgraph.province.partitions import Partition, list_partitions, read_partition
from pbgraph.stores.sqlite import EmbeddedStore


def test_the_options() -> None:
    assert partitioned(None, None, None) is None
    assert partitioned("district", 3, None) == Province("district", 3, None)
    assert partitioned("city", None, "tcp://h:8786") == Province("city", None, "tcp://h:8786")
    with pytest.raises(InputError, match="--partition"):
        partitioned(None, 2, None)
    with pytest.raises(InputError, match="--scheduler"):
        partitioned("city", 2, "tcp://h:8786")


def test_a_command_without_partition_never_imports_dask(loaded_city: Path) -> None:
    code = ("import sys; from pbgraph.cli import main; sys.argv = ['pbgraph', 'coverage', "
            f"'--store', {str(loaded_city)!r}, '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'distributed' not in sys.modules and 'dask' not in sys.modules")  # fmt: skip
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_organization_is_in_one_partition(loaded_city: Path) -> None:
    """The districts' reads hold every organization once, with the COVERS and GUIDES of
    the whole read, and regions of their own district (and its ancestors) only."""
    from pbgraph.analyses.coverage import inputs

    wanted = inputs("district")
    with EmbeddedStore(loaded_city, readonly=True) as s:
        whole = s.tables(**wanted)
        parts = list_partitions(s, "district")
        reads = [read_partition(s, wanted, p) for p in parts]
    assert parts == sorted(parts) and all(p.level == "district" for p in parts)
    orgs = [k for t in reads for k in t.keys("Organization")]
    assert sorted(orgs) == whole.keys("Organization") and len(set(orgs)) == len(orgs)
    for name in ("COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization"):
        pairs = sorted(p for t in reads for p in zip(*t.rel_table(name), strict=True))
        assert pairs == sorted(zip(*whole.rel_table(name), strict=True))
    for p, t in zip(parts, reads, strict=True):
        assert all(r == p.root or r.startswith(p.root + "/") for r in t.keys("Region"))
        assert t.keys("Organization") == sorted(t.keys("Organization"))  # key order kept


def test_partitions_of_a_level_the_store_lacks(loaded_city: Path) -> None:
    with (EmbeddedStore(loaded_city, readonly=True) as s,
          pytest.raises(InputError, match="--partition district")):  # fmt: skip
        list_partitions(s, "city")
    assert str(Partition("district", "历下区")) == "历下区"
    assert Partition("city", "枣庄市").where == {"city": "枣庄市"}


def test_partition_options_need_partition(loaded_city: Path) -> None:
    r = CliRunner().invoke(cli, ["funds", "--store", str(loaded_city), "--scheduler", "x"])
    assert r.exit_code == 2 and "--partition" in r.output


def test_partitions_that_lost_the_store_exit_3(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Failed partitions are named and the others' results kept; the exit is 3 (store
    unreachable, as one process would say) when each failed one lost the store, else 2."""
    from pbgraph.errors import StoreUnreachableError
    from pbgraph.province.cluster import Outcome
    from pbgraph.province.run import outcomes_or_fail

    monkeypatch.chdir(tmp_path)
    a, b, c = (Partition("city", code) for code in ("370100", "370200", "370300"))
    lost = StoreUnreachableError("lost the connection to Neo4j at bolt://h:7687")
    ok = Outcome(a, value={"n": 1})
    with pytest.raises(StoreUnreachableError, match="2 个分区中有 1 个失败") as e:
        outcomes_or_fail("coverage", None, [ok, Outcome(b, error=lost)], dict)
    assert e.value.exit_code == 3 and "370200" in str(e.value)
    with pytest.raises(InputError) as e2:
        outcomes_or_fail("coverage", None, [ok, Outcome(b, error=lost),
                                            Outcome(c, error=ValueError("bad row"))], dict)  # fmt: skip
    assert not isinstance(e2.value, StoreUnreachableError) and e2.value.exit_code == 2
    assert (tmp_path / "pbgraph-partitions" / "coverage" / "370100.json").is_file()
