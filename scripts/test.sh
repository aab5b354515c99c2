#!/usr/bin/env bash
# The whole test suite on a fresh machine: a virtual environment with the project and its
# test tools, lint, type checks, a local Neo4j (unless NEO4J_URI names one), pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --disable-pip-version-check -e '.[test]'

# one command a line: set -e stops at a failing command, not at one inside an && list
echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy"
mypy -p pbgraph

# the browser tests (the report's page printed to PDF, the interactive views) run in real
# headless Chromium: Debian's chromium and chromium-driver, and CJK fonts for Chinese text
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "== chromium (apt)"
  SUDO=$([ "$(id -u)" = 0 ] || echo "sudo -n")
  $SUDO apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null; }
fi
export REQUIRE_CHROMIUM=1  # browser tests fail, never skip, when Chromium is missing

NEO4J_DATA=.pbgraph/test-neo4j
if [ -z "${NEO4J_URI:-}" ]; then
  echo "== local Neo4j"
  export NEO4J_PASSWORD=pbgraph-test
  port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$NEO4J_DATA"
  NEO4J_URI=$(python -m pbgraph neo4j start --port "$port" --data "$NEO4J_DATA" --password "$NEO4J_PASSWORD")
  export NEO4J_URI
  trap 'python -m pbgraph neo4j stop --data "$NEO4J_DATA" >/dev/null || true' EXIT
  echo "$NEO4J_URI"
fi
export REQUIRE_NEO4J=1  # integration tests fail, never skip, when Neo4j is missing

echo "== pytest"
status=0
python -m pytest --doctest-modules --durations=15 pbgraph tests "$@" || status=$?
if [ "$status" != 0 ] && [ -f "$NEO4J_DATA/logs/debug.log" ]; then
  echo "== the test Neo4j's last warnings ($NEO4J_DATA/logs/debug.log)"
  grep -E ' (WARN|ERROR) ' "$NEO4J_DATA/logs/debug.log" | tail -n 30 | cut -c1-300 || true
fi
exit "$status"
