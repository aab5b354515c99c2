"""A real headless Chromium with the network off, for the views' tests and screenshots
(selenium with the system's ``chromedriver``: Debian's ``chromium`` and ``chromium-driver``).

Selenium is a test dependency (``pip install -e .[test]``), imported here only. The browser
runs with every host resolving nowhere and a proxy that does not exist, the DevTools
network emulation offline, and a performance log of every request it made, so a test can
check that a page fetched nothing (:func:`requests`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["chromium", "find_chromium", "requests", "wait_ready"]


def find_chromium() -> tuple[str, str] | None:
    """Paths of Chromium and its driver (``PBGRAPH_CHROMIUM``, ``PBGRAPH_CHROMEDRIVER`` or
    on ``PATH``), or ``None``."""
    browser = os.environ.get("PBGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser") or shutil.which("google-chrome")  # fmt: skip
    driver = os.environ.get("PBGRAPH_CHROMEDRIVER") or shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium(width: int = 1200, height: int = 900) -> Iterator[Any]:
    """A selenium driver of a headless Chromium, offline (see the module's note)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if found is None:
        raise RuntimeError("no chromium and chromedriver: apt install chromium chromium-driver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = found[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--force-device-scale-factor=1",
                "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--no-first-run", "--disable-background-networking", "--lang=zh-CN"):  # fmt: skip
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=found[1]), options=opts)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})  # fmt: skip
        yield driver
    finally:
        driver.quit()


def requests(driver: Any) -> list[str]:
    """The URLs the page asked for since the last call (from the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def wait_ready(driver: Any, element_id: str, timeout: float = 60.0) -> str:
    """Wait until the view ``element_id`` has drawn (or failed); returns its state."""
    from selenium.webdriver.support.ui import WebDriverWait

    def state(d: Any) -> str | None:
        s = d.execute_script(
            "var e = document.getElementById(arguments[0]); return e && e.getAttribute('data-state');",
            element_id,
        )
        return s if s in ("ready", "error") else None

    return str(WebDriverWait(driver, timeout, poll_frequency=0.05).until(state))


def open_file(driver: Any, path: str | os.PathLike[str]) -> None:
    """Open a local file."""
    driver.get(Path(path).resolve().as_uri())
