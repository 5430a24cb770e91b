"""Benchmark the app in headless Chromium: time to map visible and slider-update latency.

Usage: ``python bench/bench_app.py [--events 5000] [--presses 8]``

For the seeds corpus, then N synthetic legs, runs the app's server (``python app.py``, as
``make run`` does) on a free loopback port with an empty result cache (``GEO_APP_CACHE``, a
temporary folder), then once more with the same cache, every non-loopback request blocked,
and prints:

- first start: page opened -> first route drawn, on a new server with no cached result
  (the pipeline runs);
- restart: the same on a restarted server (result read from the disk cache), the usual case;
- second tab: the same in another tab of the running server (result cached in memory);
- slider update: end thumb moved by a page -> the new routes are in the map (median, max),
  once the page has finished loading.

Targets: seeds under 3 s / 0.5 s, 5,000 events under 6 s / 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not start")


_STATE = ("() => { const el = document.querySelector('.leaflet-container');"
          " return el ? [+(el.dataset.routes || -1), +(el.dataset.generation || 0)] : [-1, 0]; }")


def _state(frame) -> tuple[int, int]:
    routes, generation = frame.evaluate(_STATE)
    return routes, generation


def _map_frame(page):
    for frame in page.frames:
        if frame is not page.main_frame and frame.locator(".leaflet-container").count():
            if _state(frame)[0] > 0:
                return frame
    return None


def _open(context, url: str) -> tuple[object, object, float]:
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    while True:
        frame = _map_frame(page)
        if frame is not None:
            return page, frame, time.perf_counter() - t0
        if time.perf_counter() - t0 > 120:
            raise RuntimeError("map did not appear within 120 s")
        page.wait_for_timeout(20)


def _slider(page, frame, presses: int) -> list[float]:
    """Move the window's end back and forth by a page (a tenth of the period), timing each
    move until the new routes are in the map; on a page done loading (what follows the map
    arrives after it is drawn: the last section, the upload form, must be there)."""
    page.get_by_role("button", name="Add to the map").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').last
    out = []
    for i in range(presses):
        _routes, generation = _state(frame)
        thumb.focus()
        key = "PageDown" if i % 2 == 0 else "PageUp"
        t0 = time.perf_counter()
        thumb.press(key)
        while time.perf_counter() - t0 < 30 and _state(frame)[1] == generation:
            page.wait_for_timeout(10)
        frame.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        out.append(time.perf_counter() - t0)
        page.wait_for_timeout(800)  # let the rerun finish before the next press
    return out


def _session(env: dict[str, str], presses: int) -> tuple[float, float, int, list[float]]:
    """(first tab, second tab, routes drawn, slider latencies) on a newly started server."""
    from playwright.sync_api import sync_playwright

    proc, url = _start(env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                LOOPBACK) else r.abort())
            _page, _frame, first = _open(context, url)
            page, frame, second = _open(context, url)
            routes = _state(frame)[0]
            lat = _slider(page, frame, presses) if presses else []
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return first, second, routes, lat


def run(label: str, env: dict[str, str], presses: int) -> None:
    with tempfile.TemporaryDirectory(prefix="geo-bench-cache-") as cache:
        env = {**env, "GEO_APP_CACHE": cache}
        fresh, _second, _routes, _lat = _session(env, 0)
        restart, warm, routes, lat = _session(env, presses)
    sys.stdout.write(
        f"{label:<16} routes {routes:>5}  map visible: first start {fresh:5.2f} s  "
        f"restart {restart:5.2f} s  second tab {warm:5.2f} s  slider update median "
        f"{statistics.median(lat):5.2f} s  max {max(lat):5.2f} s  (n={len(lat)})\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--presses", type=int, default=8)
    args = ap.parse_args(argv)
    if shutil.which("chromium") is None:
        sys.stderr.write("chromium not found (apt-get install chromium)\n")
        return 1
    run("seeds", {"GEO_CORPUS": str(ROOT / "seeds"), "GEO_SYNTHETIC": "0"}, args.presses)
    run(f"{args.events} synthetic", {"GEO_SYNTHETIC": str(args.events)}, args.presses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
