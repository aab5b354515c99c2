"""Golden outputs: every command's JSON output, byte for byte, before and after a refactoring.

Issue 16: moving modules and splitting files must not change what the commands print.
This script runs every command that has ``--format json`` (and its main variants) on fixed
inputs and compares what it prints, byte for byte, with the outputs stored in
``tests/golden/`` (``tests/integration/test_golden.py`` runs the check)::

    python scripts/golden.py --write      # (re)generate tests/golden/ from this checkout
    python scripts/golden.py --check      # compare; a unified diff of the first differences,
                                          # exit 1 on any difference
    python scripts/golden.py --check --processes   # each command in a process of its own

Regenerate only when a change of output is intended, and say so in the commit.

Inputs (made afresh in a temporary folder on every run, all deterministic)
--------------------------------------------------------------------------
``city``
    ``pbgraph generate --orgs 600 --seed 7`` (the normalized layout), loaded by one
    ``pbgraph load`` into a fresh embedded store.
``office``
    The hand-written office ledgers of ``tests/office_ledgers.py``: 历下区's district ledger
    (CSV in GB18030) with the member-units ledger, ``--as-of 2018-06-30``; then 市中区
    大观园街道's workbook, ``--as-of 2018-08-15``; then the ledger with no district anywhere,
    told ``--set 所属区县=历下区``.
``city-combined``
    The same city in the combined layout (``--layout combined``: a workbook per district, a
    sheet per street), loaded into a store of its own.
``city-snapshots``
    The same city, its organizations ledger alone loaded ``--as-of 2018-06-30``, then every
    ledger ``--as-of 2018-07-31``: snapshots that differ, for ``coverage --compare``.
``office-xlsx``
    历下区's ledger as the workbook (a sheet per street, merged two-level headers) with the
    member-units ledger.

(The hostile files of ``tests/badinputs`` are not here: tens of megabytes, and what they
test is errors and exit codes, which ``tests/integration/test_bad_inputs.py`` checks.)

What runs (each output is ``tests/golden/<inputs>/<slug of the arguments>.json``, the
bytes the command printed on stdout; ``tests/golden/index.tsv`` gives every output's
command line)
------------------------------------------------------------------------------------------
* ``load --format json`` of every load above; ``inspect --format json`` of each office
  ledger on its own (the 历下区 CSV in GB18030 and in UTF-8, its workbook, the member
  units, 大观园街道's workbook, the ledger with no district with and without ``--set``) and
  of the city's ledgers, all at once, in each layout;
* on ``city`` and ``office`` (:func:`analyses`): ``coverage`` bare, with each ``--by``,
  ``--denominator eligible``, ``--lang en``, each ``--list`` (and one in English);
  ``balance instructors|pairings`` bare, with each ``--show`` (the JSON is the whole plan
  whatever ``--show`` says: that is locked too), ``--replan``, ``--lang en``, instructors
  also ``--scope street|city`` and ``--max-changes 20``, pairings ``--capacity 2``;
  ``group`` bare, each ``--list``, ``--within district``, ``--include-empty``,
  ``--count-latent``, ``--exact``, ``--lang en``, ``--list members --lang en``;
  ``progress`` bare, ``--by district``, ``--flagged``, ``--lang en``, a ``--since/--until``
  period; ``funds`` bare, ``--lang en``, a period and a budget; ``demo-sites`` bare, each
  ``--show``, ``--near district --cluster-min 3``, ``--industry-scope city --top 3``,
  ``--lang en``;
* on ``city-combined`` and ``office-xlsx`` (what they add is their loading): :data:`CORE`,
  each analysis bare and a few lists;
* ``coverage --compare`` both ways, on ``office`` (new organizations only; also in
  English) and ``city-snapshots`` (organizations that became covered).

Every command must exit 0 or 2 (``--write`` writes nothing otherwise; ``--check`` reports
the command, and its exit code and stderr take the place of its output in the diff). A
command that exits 2 (a clear refusal: e.g. ``lines``, ``newregs``, ``welfare`` and
``training`` on the office store, whose ledgers hold none of their data) is an output like
another: its file holds its exit code and its stderr (:func:`refusal`), so the golden
guards the message. What the commands that exit 0 print on stderr is not compared.

How the outputs are made deterministic (the normalisation rules)
----------------------------------------------------------------
* The pseudonym key is a file this script writes with a FIXED secret (``KEY_SECRET``, in
  the format ``pbgraph key new`` writes), named by ``PBGRAPH_KEY_FILE``: members' and
  instructors' pseudonyms and the key's fingerprint are the same on every run.
  ``NEO4J_*`` and ``PBGRAPH_*`` are removed from the environment, ``TZ`` is UTC.
* Commands run in the temporary folder and name every file and store by a relative path,
  so no temporary path reaches an output. As a backstop, the one text rule: the path of
  the temporary folder (which holds the working folder, the key and the config folder),
  wherever it still appears, becomes ``<TMP>``.
* No other field needed a rule: the outputs hold no run id or creation time (those of
  ``--write-back`` and of snapshots stay in the store; no write-back is run here), and
  every date option that would default to today is given or defaults to the ledgers'
  dates. ``PYTHONHASHSEED`` is NOT fixed: repeated checks (each with its own hash seed)
  give the same bytes, and must.

Commands run in this process (``python -m pbgraph`` through :mod:`runpy`, stdout and stderr
captured at the file-descriptor level, as a child process would print them), several times
faster than a process per command; ``--processes`` runs each in a process of its own
instead, to show both give the same bytes. Two worker processes (``--jobs``) share the sets
of inputs. ``pbgraph`` is imported from THIS checkout (the folder above ``scripts/``),
never from an installed copy elsewhere (the script stops if it would be).
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
INDEX = "index.tsv"

N_ORGS = 600
SEED = 7
KEY_SECRET = b"pbgraph golden outputs, issue 16"  # 32 bytes, fixed: stable pseudonyms
TMP_PLACEHOLDER = b"<TMP>"

# -- the commands ----------------------------------------------------------------------------

COVERAGE_BY = ("city", "district", "street", "building", "industry", "kind")
COVERAGE_LISTS = ("must_build", "joint_candidate", "no_members", "work", "own", "joint",
                  "attached", "key_unpaired", "joint_grown", "latent", "weak_no_instructor",
                  "joint_over_limits")  # fmt: skip
BALANCE_SHOW = ("plan", "changes", "streets", "stats")
GROUP_LISTS = ("groups", "members", "uncovered", "splits")
DEMO_SHOW = ("sites", "gaps", "uncovered")


def analyses() -> list[list[str]]:
    """The analyses run on ``city`` and ``office`` (``--store store --format json`` added)."""
    runs: list[list[str]] = [["coverage"]]
    runs += [["coverage", "--by", by] for by in COVERAGE_BY]
    runs += [["coverage", "--denominator", "eligible"], ["coverage", "--lang", "en"]]
    runs += [["coverage", "--list", name] for name in COVERAGE_LISTS]
    runs += [["coverage", "--list", "must_build", "--lang", "en"]]
    for kind in ("instructors", "pairings"):
        b = ["balance", kind]
        runs += [b] + [[*b, "--show", show] for show in BALANCE_SHOW]
        runs += [[*b, "--replan"], [*b, "--lang", "en"]]
    runs += [["balance", "instructors", "--scope", "street"],
             ["balance", "instructors", "--scope", "city"],
             ["balance", "instructors", "--max-changes", "20", "--show", "changes"],
             ["balance", "pairings", "--capacity", "2"]]  # fmt: skip
    runs += [["group"]] + [["group", "--list", name] for name in GROUP_LISTS]
    runs += [["group", "--within", "district"], ["group", "--include-empty"],
             ["group", "--count-latent"], ["group", "--exact"], ["group", "--lang", "en"],
             ["group", "--list", "members", "--lang", "en"]]  # fmt: skip
    runs += [["progress"], ["progress", "--by", "district"], ["progress", "--flagged"],
             ["progress", "--lang", "en"],
             ["progress", "--since", "2018-07-01", "--until", "2018-07-31"]]  # fmt: skip
    runs += [["funds"], ["funds", "--lang", "en"],
             ["funds", "--since", "2017-01-01", "--until", "2018-12-31", "--budget", "500000"]]  # fmt: skip
    runs += [["demo-sites"]] + [["demo-sites", "--show", show] for show in DEMO_SHOW]
    runs += [["demo-sites", "--near", "district", "--cluster-min", "3"],
             ["demo-sites", "--industry-scope", "city", "--top", "3"],
             ["demo-sites", "--lang", "en"]]  # fmt: skip
    runs += [["transfers"], ["transfers", "--lang", "en"], ["services"],  # issue 20, helper B
             ["services", "--lang", "en"]]  # fmt: skip
    runs += [["lines"], ["lines", "--lang", "en"], ["newregs"],  # issue 20, helper A
             ["newregs", "--lang", "en"]]  # fmt: skip
    runs += [["welfare"], ["welfare", "--lang", "en"], ["training"],  # issue 20, helper C
             ["training", "--lang", "en"]]  # fmt: skip
    return runs


#: the analyses run on the stores whose LOADING is what they add (``analyses()`` runs on
#: ``city`` and ``office``): every analysis bare, and a few lists
CORE = [["coverage"], ["coverage", "--by", "street"], ["coverage", "--list", "must_build"],
        ["coverage", "--list", "joint_candidate"], ["balance", "instructors"],
        ["balance", "pairings"], ["group"], ["group", "--list", "members"], ["progress"],
        ["funds"], ["demo-sites"], ["demo-sites", "--show", "uncovered"]]  # fmt: skip


def compares(d1: str, d2: str, *, english: bool = True) -> list[list[str]]:
    """``coverage --compare`` both ways (and in English)."""
    c = ["coverage", "--compare"]
    return [[*c, d1, d2], [*c, d2, d1]] + ([[*c, d1, d2, "--lang", "en"]] if english else [])


@dataclass
class Run:
    """One command: its output's name and its arguments (after ``pbgraph -q``)."""

    name: str
    args: list[str]


Runner = Callable[[list[str]], bytes]  # runs ``pbgraph -q ARGS``, returns its stdout


@dataclass
class Inputs:
    """One set of inputs: ``prepare`` writes them into the working folder and returns the
    commands that inspect and load them (in order); then ``analyses`` run on the store
    ``store`` (``--store store --format json`` added)."""

    name: str
    prepare: Callable[[Path, Runner], list[Run]]
    analyses: list[list[str]]
    cost: float  # CPU seconds, roughly: to share the work between the workers


def slug(args: list[str]) -> str:
    """``balance instructors --show plan`` -> ``balance-instructors__show-plan``."""
    text = " ".join(args).replace(" --", "__").replace(" ", "-")
    return "".join(c if c.isalnum() or c in "_-.=" else "-" for c in text)


def _json(args: list[str]) -> list[str]:
    return [*args, "--format", "json"]


def _load(*args: str) -> list[str]:
    return _json(["load", *args, "--store", "store", "--quarantine", "quarantine"])


def _generate(work: Path, run: Runner, layout: str) -> list[str]:
    """The synthetic city's ledgers, by ``pbgraph generate``: their relative paths."""
    run(["generate", "--orgs", str(N_ORGS), "--seed", str(SEED), "--out", "ledgers",
         "--layout", layout])  # fmt: skip
    return sorted(f"ledgers/{p.name}" for p in (work / "ledgers").iterdir())


def _city(layout: str) -> Callable[[Path, Runner], list[Run]]:
    def prepare(work: Path, run: Runner) -> list[Run]:
        ledgers = _generate(work, run, layout)
        return [Run("inspect", _json(["inspect", *ledgers])), Run("load", _load(*ledgers))]

    return prepare


def _city_snapshots(work: Path, run: Runner) -> list[Run]:
    """The organizations ledger alone as of 2018-06-30, then every ledger as of 2018-07-31."""
    ledgers = _generate(work, run, "normalized")
    orgs = [p for p in ledgers if p.startswith("ledgers/01_")]
    return [
        Run("load-1_organizations__as-of-2018-06-30", _load(*orgs, "--as-of", "2018-06-30")),
        Run("load-2_all__as-of-2018-07-31", _load(*ledgers, "--as-of", "2018-07-31")),
    ]


def _office(work: Path, run: Runner) -> list[Run]:
    from tests import office_ledgers as ol

    def rel(p: Path) -> str:
        return p.relative_to(work).as_posix()

    lixia = rel(ol.lixia_csv(work / "gb18030"))
    lixia_utf8 = rel(ol.lixia_csv(work / "utf8", "utf-8-sig"))
    lixia_xlsx, units = rel(ol.lixia_xlsx(work)), rel(ol.member_units_xlsx(work))
    street, nowhere = rel(ol.shizhong_street_xlsx(work)), rel(ol.no_district_csv(work))
    return [
        Run("inspect_lixia-csv-gb18030", _json(["inspect", lixia])),
        Run("inspect_lixia-csv-utf8", _json(["inspect", lixia_utf8])),
        Run("inspect_lixia-xlsx", _json(["inspect", lixia_xlsx])),
        Run("inspect_member-units-xlsx", _json(["inspect", units])),
        Run("inspect_shizhong-street-xlsx", _json(["inspect", street])),
        Run("inspect_no-district-csv", _json(["inspect", nowhere])),
        Run("inspect_no-district-csv__set", _json(["inspect", nowhere, "--set", "所属区县=历下区"])),
        Run("load-1_lixia-csv_member-units", _load(lixia, units, "--as-of", "2018-06-30")),
        Run("load-2_shizhong-street", _load(street, "--as-of", "2018-08-15")),
        Run("load-3_no-district__set", _load(nowhere, "--set", "所属区县=历下区")),
    ]  # fmt: skip


def _office_xlsx(work: Path, run: Runner) -> list[Run]:
    from tests import office_ledgers as ol

    lixia, units = ol.lixia_xlsx(work), ol.member_units_xlsx(work)
    return [
        Run("load", _load(lixia.relative_to(work).as_posix(), units.relative_to(work).as_posix()))
    ]


#: the sets of inputs (``index.tsv`` lists their outputs in this order)
INPUTS = [
    Inputs("city", _city("normalized"), analyses(), cost=8),
    Inputs("office", _office, analyses() + compares("2018-06-30", "2018-08-15"), cost=4),
    Inputs("city-combined", _city("combined"), CORE, cost=4),
    Inputs(
        "city-snapshots",
        _city_snapshots,
        compares("2018-06-30", "2018-07-31", english=False),
        cost=2.5,
    ),
    Inputs("office-xlsx", _office_xlsx, CORE, cost=1.5),
]

# -- running a command -----------------------------------------------------------------------


def environment(work: Path) -> dict[str, str]:
    """The commands' environment: the fixed key, no Neo4j, UTC, this checkout's pbgraph."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEO4J_", "PBGRAPH_")) and k not in ("PYTHONPATH",)}  # fmt: skip
    env.update(PBGRAPH_KEY_FILE=str(work / "key" / "pseudonym.key"),
               XDG_CONFIG_HOME=str(work / "config"), TZ="UTC", PYTHONIOENCODING="utf-8",
               PYTHONPATH=str(ROOT))  # fmt: skip
    return env


def write_key(work: Path) -> None:
    """The key file as ``pbgraph key new`` writes it (hex and a newline, owner-only)."""
    path = work / "key" / "pseudonym.key"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(KEY_SECRET.hex() + "\n")


def run_in_process(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    """``python -m pbgraph ARGS`` in this process: exit code, stdout, stderr (as bytes)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = (os.dup(1), os.dup(2))
        old = (sys.stdout, sys.stderr, sys.argv[:], os.getcwd())
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)  # fmt: skip
        sys.argv = ["pbgraph", *args]
        os.chdir(cwd)
        code = 0
        try:
            runpy.run_module("pbgraph", run_name="__main__", alter_sys=True)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sys.stdout, sys.stderr, sys.argv, cwd_before = old
            os.chdir(cwd_before)
        out.seek(0)
        err.seek(0)
        return code, out.read(), err.read()


def normalise(data: bytes, tmp: Path) -> bytes:
    """The one rule: the temporary folder's path (as given and resolved) becomes <TMP>."""
    for p in sorted({str(tmp), os.path.realpath(tmp)}, key=len, reverse=True):
        data = data.replace(p.encode(), TMP_PLACEHOLDER)
    return data


FAILED = "FAILED"
REFUSED = 2  # the exit code of a clear refusal (bad input, nothing to analyse): an output


def refusal(argv: list[str], err: bytes) -> bytes:
    """The output recorded for a command that exited :data:`REFUSED`: its exit code and its
    stderr, whole (the message is what the golden guards)."""
    head = f"<pbgraph {' '.join(argv)}: exit {REFUSED}; stderr:>\n".encode()
    return head + err.replace(b"\r\n", b"\n")


def produce(inputs: Inputs, dest: Path, *, processes: bool = False) -> list[str]:
    """Make one set of inputs in a temporary folder, run its commands, write each output
    into ``dest/<inputs>/``. Returns the index lines (``path<TAB>command line``), in the
    order the commands ran, and a ``FAILED<TAB>path`` line per command that did not exit 0
    or :data:`REFUSED` (one that exited 2 is an output: :func:`refusal`):
    its output file then holds the exit code and the end of its stderr, so that a check
    shows them in the diff."""
    lines: list[str] = []
    out_dir = dest / inputs.name
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"golden-{inputs.name}-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        write_key(Path(tmp))
        env = environment(Path(tmp))
        if not processes:
            os.environ.clear()
            os.environ.update(env)
            time.tzset()

        def run(args: list[str], name: str = "") -> bytes:
            argv = ["-q", *args]
            if processes:
                r = subprocess.run([sys.executable, "-m", "pbgraph", *argv], cwd=work, env=env,
                                   capture_output=True, check=False)  # fmt: skip
                code, out, err = r.returncode, r.stdout, r.stderr
            else:
                code, out, err = run_in_process(argv, work)
            if code == REFUSED:
                out = refusal(argv, err)
            elif code != 0:
                lines.append(f"{FAILED}\t{inputs.name}/{name or ' '.join(argv)}")
                tail = err.decode("utf-8", "replace").strip().splitlines()[-20:]
                out = "\n".join(
                    [f"<pbgraph {' '.join(argv)}: exit {code}; stderr:>", *tail, ""]
                ).encode()
            return normalise(out, Path(tmp))

        runs = inputs.prepare(work, run)
        runs += [Run(slug(a), _json([*a, "--store", "store"])) for a in inputs.analyses]
        for r in runs:
            name = f"{r.name}.json"
            (out_dir / name).write_bytes(run(r.args, name))
            lines.append(f"{inputs.name}/{name}\tpbgraph -q {' '.join(r.args)}")
    return lines


# -- producing, writing, checking -------------------------------------------------------------


def shares(jobs: int) -> list[list[Inputs]]:
    """The inputs shared between ``jobs`` workers, the costliest first to the least busy."""
    work: list[list[Inputs]] = [[] for _ in range(max(1, min(jobs, len(INPUTS))))]
    for i in sorted(INPUTS, key=lambda i: -i.cost):
        min(work, key=lambda w: sum(x.cost for x in w)).append(i)
    return work


def produce_all(dest: Path, *, processes: bool, jobs: int) -> list[str]:
    """Every set of inputs, by ``jobs`` worker processes; writes ``dest/index.tsv`` (in the
    order of :data:`INPUTS`) and returns the failures (``FAILED<TAB>path`` lines)."""

    def worker(share: list[Inputs]) -> list[str]:
        names = ",".join(i.name for i in share)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--produce", names,
               "--into", str(dest)] + (["--processes"] if processes else [])  # fmt: skip
        r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if r.returncode != 0:  # the inputs could not even be made
            raise SystemExit(f"golden: producing {names} failed:\n{r.stderr}")
        return r.stdout.splitlines()

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        lines = [x for part in pool.map(worker, shares(jobs)) for x in part]
    failed = [x for x in lines if x.startswith(FAILED + "\t")]
    rank = {i.name: n for n, i in enumerate(INPUTS)}
    index = sorted((x for x in lines if x not in failed), key=lambda x: rank[x.split("/")[0]])
    (dest / INDEX).write_text("".join(x + "\n" for x in index), encoding="utf-8")
    return failed


def files_of(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def compare(expected: Path, actual: Path, *, max_files: int = 3, max_lines: int = 80) -> list[str]:
    """Differences between two output folders: one line per file, then unified diffs of the
    first ``max_files`` differing files (``max_lines`` lines each). Empty when identical."""
    want, got = files_of(expected), files_of(actual)
    report: list[str] = []
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    # in the order the commands ran: a load's difference comes before what it explains
    ran = [
        line.split("\t")[0] for line in (actual / INDEX).read_text(encoding="utf-8").splitlines()
    ]
    order = {k: i for i, k in enumerate(ran)}
    both = sorted(set(want) & set(got), key=lambda k: (order.get(k, len(order)), k))
    differ = [k for k in both if want[k].read_bytes() != got[k].read_bytes()]
    report += [f"missing (expected, not produced): {k}" for k in missing]
    report += [f"extra (produced, not expected): {k}" for k in extra]
    report += [f"differs: {k}" for k in differ]
    for k in differ[:max_files]:
        a = want[k].read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        b = got[k].read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        diff = list(difflib.unified_diff(a, b, f"expected/{k}", f"actual/{k}", n=2))
        if not diff:  # same text, other bytes (an encoding or a line ending)
            diff = [f"(same text, different bytes: {len(want[k].read_bytes())} expected, "
                    f"{len(got[k].read_bytes())} actual)\n"]  # fmt: skip
        cut = diff[:max_lines]
        if len(diff) > max_lines:
            cut.append(f"… {len(diff) - max_lines} more diff lines\n")
        report.append("".join(cut).rstrip("\n"))
    return report


def check(*, processes: bool = False, jobs: int = 2, golden: Path = GOLDEN) -> list[str]:
    """Produce the outputs afresh and compare them with ``golden``; the differences."""
    if not golden.is_dir():
        return [f"no expected outputs in {golden}: run scripts/golden.py --write"]
    with tempfile.TemporaryDirectory(prefix="golden-actual-") as tmp:
        failed = produce_all(Path(tmp), processes=processes, jobs=jobs)
        report = [f"command failed: {x.split(chr(9), 1)[1]}" for x in failed]
        return report + compare(golden, Path(tmp))


def write(*, processes: bool = False, jobs: int = 2, golden: Path = GOLDEN) -> int:
    """Replace ``golden`` with freshly produced outputs; returns how many files."""
    with tempfile.TemporaryDirectory(prefix="golden-new-") as tmp:
        failed = produce_all(Path(tmp), processes=processes, jobs=jobs)
        if failed:
            raise SystemExit("golden: nothing written, commands failed:\n" + "\n".join(failed))
        if golden.exists():
            shutil.rmtree(golden)
        shutil.copytree(tmp, golden)
    return len(files_of(golden))


def _this_checkout() -> None:
    """Import pbgraph (and tests.office_ledgers) from this checkout, and make sure it is."""
    sys.path.insert(0, str(ROOT))
    import pbgraph

    where = Path(pbgraph.__file__).resolve()
    if not where.is_relative_to(ROOT):
        raise SystemExit(f"golden: pbgraph is imported from {where}, not from {ROOT}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate tests/golden/")
    mode.add_argument("--check", action="store_true", help="compare with tests/golden/")
    mode.add_argument("--produce", metavar="INPUTS", help=argparse.SUPPRESS)  # a worker
    ap.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--processes", action="store_true",
                    help="run each command in a process of its own (slower)")  # fmt: skip
    ap.add_argument("--jobs", type=int, default=2, help="inputs produced at once [2]")
    a = ap.parse_args(argv)
    _this_checkout()
    if a.produce:
        for name in a.produce.split(","):
            (inputs,) = [i for i in INPUTS if i.name == name]
            lines = produce(inputs, a.into, processes=a.processes)
            sys.stdout.write("".join(x + "\n" for x in lines))
        return 0
    t0 = time.monotonic()
    if a.write:
        n = write(processes=a.processes, jobs=a.jobs)
        print(f"golden: wrote {n} files into {GOLDEN} ({time.monotonic() - t0:.1f} s)")
        return 0
    report = check(processes=a.processes, jobs=a.jobs)
    if report:
        print("\n".join(report))
        n = sum(1 for line in report if line.startswith(("missing", "extra", "differs")))
        print(f"golden: {n} outputs differ from {GOLDEN} ({time.monotonic() - t0:.1f} s)")
        return 1
    n = len(files_of(GOLDEN))
    print(f"golden: all {n} files identical ({time.monotonic() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
