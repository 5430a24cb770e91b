"""The app in headless Chromium, offline: map, slider, popups, export, uploads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from e2e_helpers import (
    ROOT,
    SCREENSHOTS,
    check_route_styles,
    map_frame,
    metric,
    move_end_back,
    routes,
    wait_change,
    wait_idle,
    wait_routes,
)

pytestmark = pytest.mark.e2e
DATA = ROOT / "tests" / "data"


def _shot(page, name: str) -> None:
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_map_draws_offline_with_routes(page):
    frame = map_frame(page)
    n = wait_routes(page, frame)
    assert frame.locator(".leaflet-overlay-pane svg path").count() > n  # borders drawn too
    assert frame.locator(".geo-legend").count() == 1
    assert 1 <= n <= metric(page, "Movements")  # legs with no geometry are listed, not drawn
    _shot(page, "map")
    assert not page.errors, page.errors
    local_only = [u for u in page.blocked if "/app/static/" in u]
    assert not local_only


def test_slider_changes_routes_drawn_without_reloading_the_map(page):
    frame = map_frame(page)
    before = wait_routes(page, frame)
    frame.evaluate("window.__geo_marker = 1")  # survives only if the iframe is kept
    movements = metric(page, "Movements")
    move_end_back(page, 0.5)
    after_metric = wait_change(page, lambda: metric(page, "Movements"), movements)
    assert after_metric < movements
    after = wait_change(page, lambda: routes(frame), before)
    assert after < before
    assert frame.evaluate("window.__geo_marker") == 1
    _shot(page, "slider")


def test_popup_shows_a_quote(page):
    frame = map_frame(page)
    wait_routes(page, frame)
    frame.locator("path.geo-route").first.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    quote = popup.locator("blockquote.geo-quote").first
    assert len(quote.inner_text()) > 20
    assert "Sources (" in popup.inner_text()
    _shot(page, "popup")


def test_geojson_download_matches_filters(page):
    frame = map_frame(page)
    wait_routes(page, frame)
    movements = metric(page, "Movements")
    end = move_end_back(page, 0.4)
    shown = wait_change(page, lambda: metric(page, "Movements"), movements)
    assert shown < movements
    with page.expect_download() as info:
        page.get_by_role("button", name="GeoJSON (this view)").click()
    assert info.value.failure() is None, (info.value.failure(), info.value.url)
    path = info.value.path()
    gj = json.loads(Path(path).read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection"
    assert len(gj["features"]) == shown
    assert all((f["properties"]["date_start"] or "0") <= end for f in gj["features"])
    for f in gj["features"]:
        assert f["geometry"] is None or f["geometry"]["type"] in (
            "LineString", "MultiLineString", "Point")


def _upload(page, files: list[Path]) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(f) for f in files])
    for f in files:  # the upload has finished when the uploader lists the file
        page.locator('[data-testid="stFileUploader"]').get_by_text(f.name).first.wait_for(
            timeout=30_000)
    page.get_by_role("button", name="Add to the map").click()


def test_uploaded_file_adds_events(page):
    map_frame(page)
    before = metric(page, "Movements")
    _upload(page, [DATA / "e2e_upload.txt"])
    after = wait_change(page, lambda: metric(page, "Movements"), before, timeout_ms=90_000)
    assert after > before
    for _ in range(60):  # the table and filters that name the new document render after the count
        if "e2e_upload.txt" in page.locator("body").inner_text():
            break
        page.wait_for_timeout(500)
    assert "e2e_upload.txt" in page.locator("body").inner_text()
    _shot(page, "upload")


def test_html_in_a_text_shows_as_text(page):
    frame = map_frame(page)
    before = metric(page, "Movements")
    _upload(page, [DATA / "e2e_upload_html.txt"])
    wait_change(page, lambda: metric(page, "Movements"), before, timeout_ms=90_000)
    wait_idle(page)
    frame = map_frame(page)
    wait_routes(page, frame)
    body = page.locator('[data-testid="stDataFrame"]').first
    assert body.count() == 1
    # the quote's markup stays visible as characters, nowhere parsed as HTML
    found = False
    for i in range(routes(frame)):
        frame.locator("path.geo-route").nth(i).dispatch_event("click")
        page.wait_for_timeout(150)
        text = frame.locator(".leaflet-popup-content").last.inner_text()
        if "Quds Force" in text:
            found = True
            quotes = frame.locator(".leaflet-popup-content").last.locator("blockquote")
            quote = quotes.filter(has_text="Quds Force").first
            shown = quote.inner_text()
            assert "<b>Quds Force</b>" in shown or "<script>" in shown, shown
            assert quote.locator("b, script").count() == 0  # tags were not parsed
            break
    assert found, "the uploaded movement was not drawn"
    assert not [e for e in page.errors if e.startswith("dialog")], page.errors
    _shot(page, "html-as-text")



def test_routes_drawn_in_their_family_colour_dash_and_width(page):
    """The compact data layer (styles sent once, legs by style number) still draws each
    route as its row says (see also test_app_styles_e2e for dashes and widths)."""
    from geo import pipeline

    frame = map_frame(page)
    n = wait_routes(page, frame)
    legs = pipeline.run([str(DATA / "e2e_corpus")]).legs_gdf()
    drawn = check_route_styles(frame, legs)
    assert len(drawn) == n >= 1
    assert len({d["stroke"] for d in drawn}) >= 2  # several families, several colours
