"""Page helpers for the browser tests (Playwright sync API: wait with wait_for_timeout)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"


def map_frame(page, timeout_ms: int = 30_000):
    """The iframe holding the Leaflet map, once it has drawn."""
    waited = 0
    while waited < timeout_ms:
        for frame in page.frames:
            if frame is not page.main_frame and frame.locator(".leaflet-container").count():
                return frame
        page.wait_for_timeout(250)
        waited += 250
    raise AssertionError("no Leaflet map appeared")


def routes(frame) -> int:
    return frame.locator("path.geo-route").count()


def wait_routes(page, frame, *, min_count: int = 1, timeout_ms: int = 20_000) -> int:
    waited = 0
    while waited < timeout_ms:
        n = routes(frame)
        if n >= min_count:
            return n
        page.wait_for_timeout(250)
        waited += 250
    raise AssertionError(f"fewer than {min_count} routes drawn")


def metric(page, label: str) -> int:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return int(re.sub(r"\D", "", box.locator('[data-testid="stMetricValue"]').inner_text()))


def wait_idle(page, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has finished its rerun."""
    page.wait_for_timeout(300)
    waited = 0
    while waited < timeout_ms:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            return
        page.wait_for_timeout(200)
        waited += 200
    raise AssertionError("the app kept running")


def wait_change(page, fn, before, timeout_ms: int = 30_000):
    waited = 0
    while waited < timeout_ms:
        now = fn()
        if now != before:
            return now
        page.wait_for_timeout(250)
        waited += 250
    return fn()


def end_thumb(page):
    """The date slider's end thumb (a visually hidden range input)."""
    return page.locator('[data-testid="stSlider"] input[type="range"]').last


def move_end_back(page, fraction: float) -> str:
    """Move the date window's end back by ``fraction`` of the span; return the new end."""
    thumb = end_thumb(page)
    lo, hi, step = (float(thumb.get_attribute(a)) for a in ("min", "max", "step"))
    presses = max(1, int((hi - lo) / step * fraction))
    thumb.focus()
    for _ in range(presses):
        thumb.press("ArrowLeft")
        page.wait_for_timeout(30)
    wait_idle(page)
    settle(page)
    return thumb.get_attribute("aria-valuetext")


def settle(page, quiet_ms: int = 1500, timeout_ms: int = 30_000) -> None:
    """Wait until the page's text has not changed for ``quiet_ms`` (reruns finished)."""
    last, quiet, waited = None, 0, 0
    while waited < timeout_ms and quiet < quiet_ms:
        now = page.locator("section.main, [data-testid='stMain']").first.inner_text()
        if now == last and page.locator('[data-testid="stStatusWidget"]').count() == 0:
            quiet += 250
        else:
            quiet, last = 0, now
        page.wait_for_timeout(250)
        waited += 250


_DRAWN = """() => { const out = [];
  window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.leg && l._path) out.push({leg: p.leg, stroke: l._path.getAttribute('stroke'),
      dash: l._path.getAttribute('stroke-dasharray'),
      width: +l._path.getAttribute('stroke-width'), point: !!l._radius}); });
  return out; }"""


def check_route_styles(frame, legs) -> list[dict]:
    """Assert that every route drawn in the map has its leg's family colour, dash and width
    (``geo.legdraw.leg_style`` of the row in ``legs``) and that each line has an arrowhead;
    return what was drawn."""
    from geo import legdraw

    rows = dict(zip(legdraw.leg_keys(legs), legs.drop(columns="geometry").to_dict("records"),
                    strict=True))
    drawn = frame.evaluate(_DRAWN)
    for d in drawn:
        want = legdraw.leg_style(rows[d["leg"]])
        assert d["stroke"] == want["color"], d
        assert (d["dash"] is not None) == ("dashArray" in want), d
        if not d["point"]:
            assert d["width"] == want["weight"], d
    assert frame.locator(".geo-arrow").count() == sum(1 for d in drawn if not d["point"])
    return drawn
