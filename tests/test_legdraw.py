"""The compact data layer the app sends on every filter change: styles once, legs by number."""

from __future__ import annotations

import json
import re

import pytest
from shapely.geometry import LineString, MultiLineString, Point

from geo import legdraw, synthetic
from geo import schema as S


@pytest.fixture(scope="module")
def legs():
    return synthetic.legs_frame(40)


@pytest.fixture(scope="module")
def drawn(legs):
    return legdraw.drawing(legs, synthetic.places_frame(legs))


def _payload(script: str) -> tuple[dict, bool]:
    m = re.fullmatch(r"\(function \(\) \{ var layer = window\.geoLegLayer\((.*), "
                     r"(true|false)\);\nmap_div\.addLayer\(layer\); "
                     r"window\.feature_group = \[layer\]; \}\)\(\);\n", script, re.S)
    assert m, script[:200]
    return json.loads(m.group(1)), m.group(2) == "true"


def test_each_leg_keeps_its_family_colour_dash_and_width(legs, drawn):
    data, canvas = _payload(legdraw.layer_script(drawn, legdraw.leg_keys(legs)))
    assert not canvas
    styles = data["styles"]
    assert len(styles) == len({json.dumps(s, sort_keys=True) for s in styles})  # each once
    assert len(data["legs"]) == len(legs)
    rows = {k: r for k, r in zip(legdraw.leg_keys(legs),
                                 legs.drop(columns="geometry").to_dict("records"), strict=True)}
    for key, n, kind, coords in data["legs"]:
        row, style = rows[key], styles[n]
        assert style["color"] == legdraw.family_colour(row[S.ACTOR_FAMILY])
        assert ("dashArray" in style) == bool(row[S.APPROXIMATE] or row[S.INFERRED])
        assert style["weight"] == legdraw.leg_style(row)["weight"] or kind == "P"
        assert kind in "LMP" and coords


def test_only_the_legs_asked_for_with_arrowheads_and_the_places(legs, drawn):
    keys = legdraw.leg_keys(legs)[:7]
    data, _ = _payload(legdraw.layer_script(drawn, keys + ["not-a-leg"]))
    assert [leg[0] for leg in data["legs"]] == keys
    lines = sum(1 for leg in data["legs"] if leg[2] in "LM")
    assert len(data["arrows"]) == lines
    for x, y, angle, n in data["arrows"]:
        assert -180 <= angle <= 180 and 0 <= n < len(data["styles"])
        assert 25 < x < 62 and 24 < y < 44
    assert len(data["places"]) == len(synthetic.places_frame(legs))
    empty, _ = _payload(legdraw.layer_script(drawn, []))
    assert empty["legs"] == [] and empty["arrows"] == [] and empty["places"]


def test_many_legs_go_on_a_canvas_without_arrowheads(monkeypatch, legs, drawn):
    monkeypatch.setattr(legdraw, "MAX_ARROWS", 5)
    data, canvas = _payload(legdraw.layer_script(drawn, legdraw.leg_keys(legs)))
    assert canvas and data["arrows"] == [] and len(data["legs"]) == len(legs)


def test_geometries_are_rounded_and_kept_in_lon_lat_order():
    import geopandas as gpd

    legs = gpd.GeoDataFrame(
        {S.LEG_ID: ["a", "b", "c"], S.ACTOR_FAMILY: ["IRGC", "Hezbollah", "IRGC"],
         S.N_SOURCES: [1, 3, 1], S.APPROXIMATE: [False, False, True],
         S.INFERRED: [False, False, False]},
        geometry=[LineString([(36.123456789, 33.5), (38.0, 35.0)]),
                  MultiLineString([[(35.5, 33.9), (36.0, 34.0)], [(36.0, 34.0), (36.3, 33.5)]]),
                  Point(36.2765, 33.5138)], crs="EPSG:4326")
    d = legdraw.drawing(legs)
    assert json.loads(d.legs["a"])[2:] == ["L", [[36.12346, 33.5], [38.0, 35.0]]]
    assert json.loads(d.legs["b"])[2] == "M" and len(json.loads(d.legs["b"])[3]) == 2
    assert json.loads(d.legs["c"])[2:] == ["P", [36.2765, 33.5138]]
    assert set(d.arrows) == {"a", "b"}  # an arrival point has no direction


def test_script_text_cannot_close_the_page_script():
    import geopandas as gpd

    places = gpd.GeoDataFrame({S.NAME: ["</script><script>alert(1)</script>\u2028"],
                               S.KIND: ["city"], S.MENTIONS: [1]},
                              geometry=[Point(36, 33)], crs="EPSG:4326")
    d = legdraw.drawing(None, places)
    assert "</" not in d.places and "\u2028" not in d.places
    assert "<script>" not in json.loads(d.places)[0]["properties"]["tooltip"]
