"""Fixtures for the browser tests: Debian's Chromium through Playwright, `python app.py`
on a free loopback port (started and stopped by PID), every non-loopback request blocked."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from e2e_helpers import ROOT, SCREENSHOTS

CORPUS = ROOT / "tests" / "data" / "e2e_corpus"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "ws://localhost",
            "data:", "blob:", "about:")


def _chromium() -> str | None:
    return os.environ.get("GEO_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    exe = _chromium()
    if exe is None:
        msg = "Chromium not found (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app's server (`python app.py`, as `make run` starts it) on a free loopback port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / "screenshots" / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def _env() -> dict[str, str]:
    if os.environ.get("GEO_E2E_SYNTHETIC"):  # develop the browser mechanics without NLP
        return {"GEO_SYNTHETIC": os.environ["GEO_E2E_SYNTHETIC"]}
    return {"GEO_CORPUS": str(CORPUS), "GEO_SYNTHETIC": "0"}


@pytest.fixture(scope="module")
def server():
    SCREENSHOTS.mkdir(exist_ok=True)
    srv = Server(_env())
    yield srv
    srv.stop()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1100},
                                  accept_downloads=True)
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(LOOPBACK):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.blocked = blocked  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.goto(server.url)
    yield pg
    context.close()
    print(f"\nscreenshots in {SCREENSHOTS}")
