"""Route styles in the browser on synthetic legs (every family, dashed and solid, 1-5
sources): what the compact data layer sends is drawn as each row says."""

from __future__ import annotations

import pytest
from conftest import Server
from e2e_helpers import SCREENSHOTS, check_route_styles, map_frame, wait_routes

from geo import synthetic

pytestmark = pytest.mark.e2e
N = 80


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    SCREENSHOTS.mkdir(exist_ok=True)
    srv = Server({"GEO_SYNTHETIC": str(N),
                  "GEO_APP_CACHE": str(tmp_path_factory.mktemp("app-cache"))})
    yield srv
    srv.stop()


def test_every_route_has_its_family_colour_dash_and_width(page):
    frame = map_frame(page)
    wait_routes(page, frame, min_count=N // 2)
    legs = synthetic.legs_frame(N, days=30, docs=max(5, N // 20))
    drawn = check_route_styles(frame, legs)
    lines = [d for d in drawn if not d["point"]]
    assert len(drawn) == len(legs)
    assert {d["dash"] is None for d in lines} == {True, False}
    assert len({d["width"] for d in lines}) >= 3
    assert len({d["stroke"] for d in drawn}) >= 4
