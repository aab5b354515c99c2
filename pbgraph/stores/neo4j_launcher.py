"""The Java launcher of the local Neo4j: its Maven project, built into the user's cache, and
the command that runs it.

The launcher is a small Java program (an embedded Neo4j Community DBMS with a Bolt connector)
whose Maven project (``launcher/`` beside this module: ``pom.xml`` and ``src/``) is package
data. :func:`build` copies it into a per-user cache
(``$XDG_CACHE_HOME/pbgraph/launcher-<fingerprint>/``, by default under ``~/.cache``) and runs
Maven there, never in the installed package, so an installed pbgraph builds and starts it as
a checkout does. Maven fetches Neo4j's jars (into ``~/.m2``) and copies them beside the
launcher's jar. Part of :mod:`pbgraph.stores.neo4j_local`, which re-exports the public names.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "JVM_FLAGS",
    "Progress",
    "LAUNCHER_DIR",
    "MAIN_CLASS",
    "LocalNeo4jError",
    "build",
    "build_dir",
    "java_binary",
    "launcher_command",
    "locked",
]

#: The Maven project of the Java launcher (package data: pom.xml and src/).
LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
MAIN_CLASS = "pbgraph.launcher.Neo4jLauncher"
_BUILD_STAMP = ".pbgraph-build-stamp"

#: JVM options besides the heap size: the defaults of Neo4j 5.26's neo4j.conf
#: (``server.jvm.additional``) plus the module opens that embedded Neo4j needs on
#: Java 17+ (no ``neo4j`` start script sets them for us here).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.util=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: a jar (or pom) Maven fetched: ``Downloaded from central: https://…/x.jar (12 kB at …)``
_FETCHED = re.compile(r"^Downloaded from \S+: \S+\.jar\b")

#: What :func:`build` and :func:`pbgraph.stores.neo4j_local.start` are doing, told to a
#: callback as an event and its fields: ``build`` (Maven builds the launcher), ``fetch``
#: (``jars``: how many jars Maven has fetched from Maven Central so far), ``start`` (``heap``,
#: ``page_cache``), ``wait`` (``uri``), ``running`` (``uri``: it was running already).
Progress = Callable[..., None]


class LocalNeo4jError(Exception):
    """The local Neo4j server could not be built, started or stopped."""


# -- building the launcher ------------------------------------------------------------------


def _fingerprint(launcher_dir: Path) -> str:
    """Hash of the launcher's pom.xml and sources (what a build depends on)."""
    digest = hashlib.sha256()
    files = [launcher_dir / "pom.xml", *sorted((launcher_dir / "src").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(launcher_dir)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def build_dir(fingerprint: str | None = None) -> Path:
    """Where the launcher of these sources is built: ``launcher-<fingerprint>/`` in
    ``$XDG_CACHE_HOME/pbgraph`` (``~/.cache/pbgraph``), a copy of :data:`LAUNCHER_DIR` with
    Maven's ``target/`` beside it. One folder per version of the sources, shared by every
    install of them."""
    fingerprint = fingerprint or _fingerprint(LAUNCHER_DIR)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser() / "pbgraph" / f"launcher-{fingerprint[:16]}"


def _copy_project(project: Path) -> None:
    """A fresh copy of the launcher's Maven project (pom.xml and src/) in ``project``."""
    shutil.rmtree(project, ignore_errors=True)  # what a build that did not finish left
    project.mkdir(parents=True)
    shutil.copy2(LAUNCHER_DIR / "pom.xml", project / "pom.xml")
    shutil.copytree(LAUNCHER_DIR / "src", project / "src")


def _built(target: Path, fingerprint: str) -> bool:
    stamp = target / _BUILD_STAMP
    return (
        stamp.is_file()
        and stamp.read_text().strip() == fingerprint
        and (target / "neo4j-launcher.jar").is_file()
        and any((target / "dependency").glob("*.jar"))
    )


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created if needed)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(*, quiet: bool = True, progress: Progress | None = None) -> Path:
    """Build the Java launcher with Maven unless it is already built.

    Copies :data:`LAUNCHER_DIR` into :func:`build_dir` and runs ``mvn -B -q package``
    there, which compiles the launcher into ``target/neo4j-launcher.jar`` and copies its
    dependencies into ``target/dependency/``. A stamp (hash of pom.xml and sources) makes
    repeated calls return at once; concurrent calls are serialised with a file lock.

    Args:
        quiet: if False, Maven's output is echoed to stderr as it runs.
        progress: told ``build`` when a build starts and ``fetch`` (``jars=N``) as Maven
            fetches each jar (see :data:`Progress`); nothing when the launcher is built.

    Returns:
        The path of the launcher jar (its dependencies are in ``dependency/`` beside it).

    Raises:
        LocalNeo4jError: if the Maven project or ``mvn`` is missing, or Maven fails
            (the message ends with the last lines of Maven's output).
    """
    pom = LAUNCHER_DIR / "pom.xml"
    if not pom.is_file():
        raise LocalNeo4jError(
            f"找不到 Neo4j 启动器的项目：缺少 {pom} (Neo4j launcher project not found: {pom} is "
            "missing)"
        )
    fingerprint = _fingerprint(LAUNCHER_DIR)
    project = build_dir(fingerprint)
    target = project / "target"
    jar = target / "neo4j-launcher.jar"
    if _built(target, fingerprint):
        return jar

    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError(
            "环境变量 PATH 中没有 Maven（'mvn'）；构建本地 Neo4j 启动器需要它（如 apt-get install maven） "
            "(Maven ('mvn') is not on PATH; it is needed to build the local Neo4j "
            "launcher (e.g. apt-get install maven))"
        )
    with locked(project.with_name(project.name + ".lock")):
        if _built(target, fingerprint):  # built by someone else while we waited
            return jar
        if progress is not None:
            progress("build")
        try:
            _copy_project(project)
        except OSError as exc:
            raise LocalNeo4jError(
                f"无法在 {project} 中准备启动器的构建：{exc} "
                f"(cannot prepare the launcher's build in {project}: {exc})"
            ) from exc
        _run_maven(mvn, project, jar, quiet=quiet, progress=progress)
        (target / _BUILD_STAMP).write_text(fingerprint + "\n")
    return jar


def _run_maven(
    mvn: str, project: Path, jar: Path, *, quiet: bool, progress: Progress | None = None
) -> None:
    """``mvn package`` in ``project``; raises :class:`LocalNeo4jError` with the last lines
    of its output if it fails or makes no ``jar``. With ``progress``, Maven is not ``-q`` (its
    ``Downloaded from`` lines are counted, not shown)."""
    cmd = [mvn, "-B", "-Dstyle.color=never", "-f", str(project / "pom.xml"), "package"]
    if quiet and progress is None:
        cmd.insert(2, "-q")
    fetched = 0
    tail: collections.deque[str] = collections.deque(maxlen=25)
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
    except OSError as exc:
        raise LocalNeo4jError(
            f"无法运行 Maven（{mvn}）：{exc} (could not run Maven ({mvn}): {exc})"
        ) from exc
    assert proc.stdout is not None
    with proc:
        for line in proc.stdout:
            line = _ANSI.sub("", line).rstrip()
            if not quiet:
                print(line, file=sys.stderr, flush=True)
            if progress is not None and _FETCHED.match(line):
                fetched += 1
                progress("fetch", jars=fetched)
            elif line and not line.startswith(("Downloading from ", "Downloaded from ")):
                tail.append(line)
    if proc.returncode != 0 or not jar.is_file():
        details = "\n".join(tail) or "(no output)"
        raise LocalNeo4jError(
            f"用 Maven 构建 {project} 失败（退出码 {proc.returncode}）；其输出的最后几行： "
            f"(Maven build of {project} failed (exit code {proc.returncode}); "
            f"last lines of its output:)\n{details}"
        )


# -- running it -----------------------------------------------------------------------------


def java_binary() -> str:
    """The java to run: ``$JAVA_HOME/bin/java`` if JAVA_HOME is set, else ``java``."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise LocalNeo4jError(
                f"环境变量 JAVA_HOME 为 {java_home!r}，但 {java} 不存在 "
                f"(JAVA_HOME is {java_home!r} but {java} does not exist)"
            )
        return str(java)
    java_path = shutil.which("java")
    if java_path is None:
        raise LocalNeo4jError(
            "环境变量 PATH 中没有 'java'，也未设置 JAVA_HOME；需要 Java 17 或更高版本 "
            "('java' is not on PATH and JAVA_HOME is not set; Java 17+ is needed)"
        )
    return java_path


def launcher_command(
    java: str,
    jar: Path,
    *,
    data: Path,
    port: int,
    heap: str,
    page_cache: str,
    http_port: int | None = None,
) -> list[str]:
    """The command line that runs the launcher ``jar`` (its dependencies beside it) for the
    data directory ``data``, Bolt on 127.0.0.1:``port`` and, with ``http_port``, an HTTP
    connector on 127.0.0.1:``http_port`` that serves Neo4j Browser."""
    classpath = os.pathsep.join([str(jar), str(jar.parent / "dependency" / "*")])
    return [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        classpath,
        MAIN_CLASS,
        str(data),
        str(port),
        page_cache,
        *([str(http_port)] if http_port else []),
    ]
