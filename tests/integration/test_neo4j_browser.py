"""Neo4j Browser beside the local Neo4j (issue 18, point 10): ``pbgraph neo4j start --browser``
serves the Browser's page and the HTTP API on 127.0.0.1 only, says where on stderr (stdout
stays the Bolt URI), and the docs' "In Neo4j Browser: MATCH …" query answers there — over the
HTTP API, and typed into the Browser itself in a real headless Chromium.

A real server started by the test (Java 17+ and Maven, as ``test_neo4j_local.py``)."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pbgraph.stores import neo4j_local

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "browser-test-123"
pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pbgraph(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pbgraph", "--lang", "en", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A local Neo4j with the Browser, started as a user starts it, with a small city loaded
    and the instructors' plan written back (what the docs' Browser query reads)."""
    tmp = tmp_path_factory.mktemp("browser")
    data, port, http_port = tmp / "neo4j", _free_port(), _free_port()
    try:
        r = pbgraph("neo4j", "start", "--port", str(port), "--data", str(data),
                    "--password", PASSWORD, "--http-port", str(http_port))  # fmt: skip
        assert r.returncode == 0, r.stderr
        uri = r.stdout.strip()
        address = f"http://127.0.0.1:{http_port}/browser/"
        assert r.stdout == f"bolt://127.0.0.1:{port}\n"  # stdout: the URI alone
        assert f"Neo4j Browser: {address}" in r.stderr
        ledgers = tmp / "ledgers"
        r = pbgraph("generate", "--orgs", "300", "--seed", "7", "--out", str(ledgers))
        assert r.returncode == 0, r.stderr
        neo = ["--neo4j", uri, "--neo4j-password", PASSWORD]
        r = pbgraph("load", *map(str, sorted(ledgers.iterdir())), *neo)
        assert r.returncode == 0, r.stderr
        r = pbgraph("balance", "instructors", "--write-back", *neo)
        assert r.returncode == 0, r.stderr
        yield {"uri": uri, "data": data, "http": f"http://127.0.0.1:{http_port}",
               "browser": address, "http_port": http_port}  # fmt: skip
    finally:
        neo4j_local.stop(data_dir=data)
        neo4j_local.kill(data_dir=data)  # whatever happened, no server is left behind


def docs_browser_query() -> str:
    """The Cypher the docs tell a reader to run in Neo4j Browser (every "In Neo4j Browser:"
    in README.md and docs/, one today)."""
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = [" ".join(m.split()) for p in texts for m in
             re.findall(r"In Neo4j\s+Browser:\s+`([^`]+)`", p.read_text(encoding="utf-8"))]  # fmt: skip
    assert len(found) >= 1, "the docs' Browser query has moved: update this test"
    return found[0]


def http(url: str, body: dict[str, Any] | None = None, password: str | None = PASSWORD
         ) -> tuple[int, str]:  # fmt: skip
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if password is not None:
        token = base64.b64encode(f"neo4j:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def listening(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp* write them) that listen on ``port``."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # LISTEN
                    out.append(local.rsplit(":", 1)[0])
    return out


def test_the_browser_page_and_the_http_api_on_loopback(server: dict[str, Any]) -> None:
    status, page = http(server["browser"], password=None)
    assert status == 200 and "<title>Neo4j Browser</title>" in page
    # the discovery document sends the Browser to this server's Bolt
    status, text = http(server["http"] + "/", password=None)
    assert status == 200 and json.loads(text)["bolt_direct"] == server["uri"]
    # 127.0.0.1 (as IPv4, or IPv4-mapped on Java's IPv6 socket), nothing else: no 0.0.0.0, no ::
    loopback = {"0100007F", "0000000000000000FFFF00000100007F"}
    assert listening(server["http_port"]) and set(listening(server["http_port"])) <= loopback

    tx = server["http"] + "/db/neo4j/tx/commit"
    status, _ = http(tx, {"statements": [{"statement": "RETURN 1 AS x"}]}, password=None)
    assert status == 401  # the HTTP API asks for the password
    status, _ = http(tx, {"statements": [{"statement": "RETURN 1 AS x"}]}, password="wrong-pass")
    assert status == 401
    status, text = http(tx, {"statements": [{"statement": docs_browser_query()}]})
    answer = json.loads(text)
    assert status == 200 and answer["errors"] == [], text
    assert answer["results"][0]["columns"] == ["i", "o", "a.reason"]
    rows = answer["results"][0]["data"]
    assert len(rows) > 10  # the plan balance --write-back stored
    assert all(row["row"][2] for row in rows)  # every assignment carries its reason

    st = neo4j_local.status(data_dir=server["data"])
    assert st["browser"] == server["browser"]
    r = pbgraph("neo4j", "status", "--data", str(server["data"]))
    assert f"Neo4j Browser: {server['browser']}" in r.stdout
    # asking an already running server for the Browser: it has one, nothing new starts
    r = pbgraph("-q", "neo4j", "start", "--data", str(server["data"]), "--password", PASSWORD,
                "--port", server["uri"].rsplit(":", 1)[1], "--browser")  # fmt: skip
    assert r.returncode == 0 and r.stdout == server["uri"] + "\n", r.stderr
    assert neo4j_local.status(data_dir=server["data"])["pid"] == st["pid"]


def test_a_server_without_the_browser_says_how_to_get_it(tmp_path: Path) -> None:
    data, port = tmp_path / "neo4j", _free_port()
    try:
        assert neo4j_local.start(port=port, data_dir=data, password=PASSWORD, heap="384m")
        assert neo4j_local.status(data_dir=data)["browser"] is None
        r = pbgraph("neo4j", "start", "--data", str(data), "--password", PASSWORD,
                    "--port", str(port), "--browser")  # fmt: skip
        assert r.returncode == 2 and r.stdout == ""
        assert "runs without Neo4j Browser" in r.stderr and "neo4j stop" in r.stderr
    finally:
        neo4j_local.kill(data_dir=data)


# -- the Browser itself, in a real headless Chromium ------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium that reaches 127.0.0.1 only (every name resolves nowhere)."""
    from pbgraph.views.browser import find_chromium

    found = find_chromium()
    if found is None:
        if os.environ.get("REQUIRE_CHROMIUM") or os.environ.get("CI", "").lower() in ("1", "true"):
            pytest.fail(
                "chromium and chromedriver are needed (apt install chromium chromium-driver)"
            )
        pytest.skip("no chromium and chromedriver")
    pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = found[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--no-first-run", "--disable-background-networking"):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=found[1]), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_docs_query_in_neo4j_browser(chromium: Any, server: dict[str, Any]) -> None:
    """Log in as a reader would (user neo4j, the password), type the docs' query, get rows."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def testid(name: str) -> Any:
        return WebDriverWait(chromium, 60).until(
            lambda d: d.find_element(By.CSS_SELECTOR, f"[data-testid={name}]"))  # fmt: skip

    chromium.get(server["browser"])
    assert chromium.title == "Neo4j Browser"
    # the connect form, filled in from the discovery document with this server's Bolt, once
    # the Browser's own first try (no password) has failed
    bolt = server["uri"].removeprefix("bolt://")
    WebDriverWait(chromium, 60, poll_frequency=0.2).until(
        lambda d: testid("boltaddress").get_attribute("value") == bolt
        and "Connecting..." not in d.find_element(By.TAG_NAME, "body").text)  # fmt: skip
    Select(testid("bolt-scheme-select")).select_by_visible_text("bolt://")
    testid("username").send_keys("neo4j")
    testid("password").send_keys(PASSWORD)
    assert testid("username").get_attribute("value") == "neo4j"
    testid("connect").click()
    WebDriverWait(chromium, 60, poll_frequency=0.2).until(
        lambda d: "connected as user neo4j" in d.find_element(By.TAG_NAME, "body").text)  # fmt: skip

    query = docs_browser_query()
    chromium.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor] textarea").send_keys(query)
    testid("editor-Run").click()

    def answered(d: Any) -> str | None:
        for frame in d.find_elements(By.CSS_SELECTOR, "[data-testid=frame]"):
            if "AnalysisRun" in frame.text and (
                re.search(r"GUIDES \(\d+\)", frame.text) or "ERROR" in frame.text
            ):  # drawn with its relationships (the Browser adds them to the frame last)
                return str(frame.text)
        return None

    # the graph the query returns: instructors (masked names) guiding organizations
    text = WebDriverWait(chromium, 120, poll_frequency=0.2).until(answered)
    assert "ERROR" not in text, text
    counts = dict(re.findall(r"(Instructor|Organization|GUIDES) \((\d+)\)", text))
    assert int(counts["Instructor"]) > 0 and int(counts["GUIDES"]) > 10, text
    assert re.search(r"^.\*\*$", text, re.M), "an instructor's masked name (吕**) is drawn"
