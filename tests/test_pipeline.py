"""The seed corpus end to end: the checks the corridors issue names."""

from __future__ import annotations

import json
import math

import pytest
from shapely.geometry import LineString, Point

from geo.gazetteer import load_gazetteer
from geo.pipeline import run
from geo.roads import haversine_km, load_road_graph

ROOT = __import__("pathlib").Path(__file__).parent.parent


@pytest.fixture(scope="module")
def seeds():
    return run([ROOT / "seeds"])


def _km_to_line(lat, lon, line: LineString) -> float:
    """Smallest distance from a point to the vertices of a densified line (km)."""
    pts = line.segmentize(0.01).coords
    return min(haversine_km(lat, lon, y, x) for x, y in pts)


def test_routes_in_all_four_named_corridors(seeds):
    corridors = set(seeds.legs_gdf()["corridor"])
    assert {"Al-Qaim (Iraq)", "Lebanon", "Latakia / Hmeimim", "Damascus airports"} <= corridors


def test_eastern_syria_to_al_qaim_passes_al_bukamal(seeds):
    legs = seeds.legs_gdf()
    lines = legs[(legs.corridor == "Al-Qaim (Iraq)") & (legs.geometry.geom_type == "LineString")]
    assert len(lines)
    bukamal = load_gazetteer().lookup("Al-Bukamal")
    assert min(_km_to_line(bukamal.lat, bukamal.lon, g) for g in lines.geometry) <= 10


def test_qusayr_leg_to_lebanon_ends_at_a_lebanese_crossing_or_inside_lebanon(seeds):
    qusayr = [rt for rt, ev in zip(seeds.routes, seeds.events, strict=True)
              if ev.destination and ev.destination.place and ev.destination.place.country == "LB"
              and any(v.place and "Qusayr" in v.place.name for v in ev.via)]
    assert qusayr, "no route from Qusayr toward Lebanon"
    graph = load_road_graph()
    lb_crossings = [(d["lat"], d["lon"]) for _, d in graph.nodes(data=True)
                    if d.get("kind") == "crossing" and "LB" in str(d.get("countries", ""))]
    for rt in qusayr:
        x, y = rt.geometry.coords[-1]
        near = min(haversine_km(y, x, la, lo) for la, lo in lb_crossings)
        assert near <= 5 or (rt.end and rt.end.country == "LB")
        assert rt.inferred  # the way out was chosen among the ones the text named


def test_damascus_to_tehran_is_an_air_arc(seeds):
    legs = seeds.legs_gdf()
    air = legs[(legs.destination == "Tehran") & (legs.route_kind == "air")]
    assert len(air) == 1
    line = air.geometry.iloc[0]
    assert len(line.coords) > 10
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    xm, ym = line.coords[len(line.coords) // 2]
    chord = LineString([(x0, y0), (x1, y1)])
    assert chord.distance(Point(xm, ym)) > 0.05  # a great circle bends off the lon/lat chord


def test_no_long_straight_land_segment_unless_approximate(seeds):
    for rt in seeds.routes:
        if rt.kind not in ("road", "straight") or rt.geometry is None:
            continue
        cs = list(rt.geometry.coords)
        longest = max(haversine_km(a[1], a[0], b[1], b[0])
                      for a, b in zip(cs, cs[1:], strict=False))
        if longest > 60:
            assert rt.approximate or any("approximate" in n for n in rt.notes), rt


def test_wsj_report_merges_into_single_legs_with_several_sources(seeds):
    legs = seeds.legs_gdf()
    for dest, family in (("Al-Qaim", None), ("Tehran", None), ("Lebanon", "Hezbollah")):
        sel = legs[(legs.destination == dest) & (legs.geometry.geom_type == "LineString")]
        if family:
            sel = sel[sel.actor_family == family]
        assert len(sel) == 1, (dest, sel[["actor_family", "corridor", "n_docs"]])
        assert sel.n_docs.iloc[0] >= 2
        docs = json.loads(sel.docs.iloc[0])
        assert len(set(docs)) == sel.n_docs.iloc[0]


def test_unknown_place_is_reported_not_dropped(tmp_path):
    (tmp_path / "a.txt").write_text("Hezbollah fighters fled to Zzyzxville on 8 December 2024.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    result = run([tmp_path])
    assert [p.path.endswith("b.txt") for p in result.problems] == [True]
    assert "Zzyzxville" in [m.text for m in result.unresolved]
    (e,) = result.events
    assert e.destination.text == "Zzyzxville" and e.destination.place is None
    assert math.isclose(e.confidence, e.confidence)
