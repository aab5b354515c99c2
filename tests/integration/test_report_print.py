"""The report's page in a real browser (issue 18, point 5): headless Chromium prints it to
PDF on A4 with every district and street name on one line and no heading left at the
bottom of a page, renders it with Chinese glyphs, and requests nothing from the network
(a recording proxy sees every request the browser makes: the page adds none to those the
browser makes for a blank page — its own update and time checks — and a page that does
fetch is seen).

Chromium is found as ``$PBGRAPH_CHROMIUM`` or ``chromium``/``chromium-browser``/
``google-chrome`` on the PATH (Debian: ``apt-get install chromium fonts-noto-cjk``); without
one the tests skip, and fail in CI (``CI=true``) or with ``REQUIRE_CHROMIUM=1`` (set by
``scripts/test.sh``, which installs it).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from pbgraph.report import Page, inputs, write_report
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import assert_not_blank

A4 = (595.0, 842.0)  # points
# the CJK radicals a PDF's text may give for the ideographs that share their glyph (NFKC
# maps the Kangxi radicals, not these)
RADICALS = str.maketrans(
    "⻓⻅⻔⻋⻜⻢⻩⻬⻄⻘⻝⻚⻛⻰⻳⻨⻮⻓⻉⻈⻆⻤⻥⻦",
    "长见门车飞马黄齐西青食页风龙龟麦齿长贝讠角鬼鱼鸟",
)


def plain(text: str) -> str:
    """Text as written: Kangxi and supplementary radicals as the ideographs."""
    return unicodedata.normalize("NFKC", text).translate(RADICALS)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = os.environ.get("PBGRAPH_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if not found:
        if os.environ.get("CI", "").lower() in ("1", "true") or os.environ.get("REQUIRE_CHROMIUM"):
            pytest.fail(
                "no Chromium: install it (apt-get install chromium) or set PBGRAPH_CHROMIUM"
            )
        pytest.skip("no Chromium (set PBGRAPH_CHROMIUM or install chromium)")
    return found


class Proxy:
    """An HTTP proxy on 127.0.0.1 that answers nothing and records every request line."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(4096)
                self.requests.append(data.split(b"\r\n", 1)[0].decode(errors="replace"))
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    def hosts(self) -> set[str]:
        """The hosts asked for (``CONNECT host:443``, ``GET http://host/...``)."""
        return {re.split(r"[/:]", r.split()[1].removeprefix("http://"))[0]
                for r in self.requests if len(r.split()) > 1}  # fmt: skip

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    p = Proxy()
    yield p
    p.close()


def run_chromium(chromium: str, page: Path, tmp: Path, proxy: Proxy, *args: str) -> None:
    """Headless Chromium on ``page`` (a file), every request through ``proxy``."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-default-apps", "--no-default-browser-check", "--disable-extensions",
           f"--user-data-dir={tmp / 'profile'}", f"--proxy-server=http://127.0.0.1:{proxy.port}",
           "--proxy-bypass-list=<-loopback>", *args, page.as_uri()]  # fmt: skip
    r = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-2000:]


@pytest.fixture(scope="module")
def browsers_own(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The hosts the browser itself asks for on a blank page (update and time checks)."""
    tmp = tmp_path_factory.mktemp("blank")
    page = tmp / "blank.html"
    page.write_text("<p>空白</p>", encoding="utf-8")
    p = Proxy()
    try:
        run_chromium(chromium, page, tmp, p, f"--print-to-pdf={tmp / 'blank.pdf'}")
        run_chromium(chromium, page, tmp, p, f"--screenshot={tmp / 'blank.png'}")
        return p.hosts()
    finally:
        p.close()


@pytest.fixture(scope="module")
def report(loaded_city: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        t = s.tables(**inputs())
    extra = ("交互视图（占位）", "<p id='inserted'>由其他模块插入的章节</p>")
    files = write_report(t, tmp_path_factory.mktemp("report"), page=Page(sections=[extra]))
    from pbgraph.analyses.coverage import coverage

    names = {g.split("/")[-1] for g in coverage(t, by="street").group_names}
    names |= {g.split("/")[0] for g in coverage(t, by="street").group_names}
    return {"files": files, "names": names}


def lines_of(page: Any) -> list[tuple[float, str]]:
    """The page's text lines (top to bottom: y, text) and its images (y of their bottom,
    ``"<image>"``), from the characters' positions; Kangxi radicals as the ideographs."""
    chars: dict[float, list[str]] = defaultdict(list)
    images: list[float] = []

    def text(t: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if t.strip():
            chars[round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 0)].append(t)

    def operator(op: bytes, _args: Any, cm: Any, _tm: Any) -> None:
        if op == b"Do":
            images.append(min(cm[5], cm[5] + cm[3]))

    page.extract_text(visitor_text=text, visitor_operand_before=operator)
    out = [(y, plain("".join(cs))) for y, cs in chars.items()]
    out += [(y, "<image>") for y in images]
    return sorted(out, key=lambda x: -x[0])


def test_the_page_prints_on_a4_names_whole_headings_kept(
    chromium: str, report: dict[str, Any], tmp_path: Path, proxy: Proxy, browsers_own: set[str]
) -> None:
    pdf = tmp_path / "report.pdf"
    run_chromium(chromium, report["files"]["html"], tmp_path, proxy,
                 f"--print-to-pdf={pdf}", "--no-pdf-header-footer")  # fmt: skip
    pages = pypdf.PdfReader(pdf).pages
    assert 5 <= len(pages) <= 30
    for p in pages:
        assert (
            abs(float(p.mediabox.width) - A4[0]) < 1 and abs(float(p.mediabox.height) - A4[1]) < 1
        )
    lines = [lines_of(p) for p in pages]
    text = "\n".join(t for page in lines for _, t in page)
    assert "数据截至" in text and "口径说明" in text and "由其他模块插入的章节" in text
    split = [n for n in report["names"] if n not in text]  # a name wrapped is not in one line
    assert len(report["names"]) > 10 and split == []
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", report["files"]["html"].read_text(encoding="utf-8"))
    assert dates and all(d in text for d in set(dates))  # no date wrapped either
    page_html = report["files"]["html"].read_text(encoding="utf-8")
    headings = {plain(html.unescape(h))
                for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page_html)}  # fmt: skip
    stranded = [(k + 1, page[-1][1]) for k, page in enumerate(lines) if page[-1][1] in headings]
    assert stranded == []  # a heading is never the last thing on a page
    assert proxy.hosts() <= browsers_own  # the page asked for nothing


def test_the_page_renders_chinese_offline(
    chromium: str, report: dict[str, Any], tmp_path: Path, proxy: Proxy, browsers_own: set[str]
) -> None:
    """A screenshot that is not blank; in its PDF every distinct Chinese character of the
    first page has a glyph of its own (a missing font draws them all as one box); no
    request leaves the browser."""
    shot = tmp_path / "page.png"
    run_chromium(chromium, report["files"]["html"], tmp_path, proxy,
                 f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars")  # fmt: skip
    assert_not_blank(shot)
    pdf = tmp_path / "page.pdf"
    run_chromium(chromium, report["files"]["html"], tmp_path, proxy, f"--print-to-pdf={pdf}")
    first = pypdf.PdfReader(pdf).pages[0]
    fonts = [f.get_object() for f in first["/Resources"]["/Font"].values()]
    embedded = {str(f.get("/BaseFont", "")) for f in fonts}
    glyphs = {proc.get_object().get_data() for f in fonts
              for proc in f.get("/CharProcs", {}).values()}  # fmt: skip
    cjk = set(re.findall(r"[\u4e00-\u9fff]", plain(first.extract_text())))
    assert len(cjk) > 30
    assert any(re.search(r"CJK|Hei|Song|Han", f) for f in embedded) or len(glyphs) >= len(cjk)
    assert proxy.hosts() <= browsers_own  # the page asked for nothing


def test_the_network_check_sees_a_request(
    chromium: str, tmp_path: Path, proxy: Proxy, browsers_own: set[str]
) -> None:
    """The proxy would see a request: a page that fetches an image is caught."""
    page = tmp_path / "fetches.html"
    page.write_text("<img src='http://example.invalid/x.png'>", encoding="utf-8")
    run_chromium(chromium, page, tmp_path, proxy, f"--screenshot={tmp_path / 'x.png'}")
    assert "example.invalid" in proxy.hosts() - browsers_own, proxy.requests
