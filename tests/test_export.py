"""Tests for geo.export: round trips in four formats, RFC 7946, atomic writes and errors."""

from __future__ import annotations

import json
import math
import os

import geopandas as gpd
import jsonschema
import numpy as np
import pandas as pd
import pytest
import rfc7946
from shapely.geometry import LineString, Point, Polygon
from synthetic import corpus, document, event, place, route, span

import geo.export as export
from geo import schema as S
from geo.errors import ExportError
from geo.export import geojson_text, read_frame, write_frame
from geo.frames import COLUMNS, events_frame, legs_frame, places_frame
from geo.legs import merge_legs

EXTS = [".geojson", ".json", ".csv", ".gpkg", ".parquet"]


@pytest.fixture(scope="module")
def frames():
    events, routes, docs = corpus(120, seed=5)
    # a hand-made leg with awkward text: quotes, commas, newlines, non-Latin script
    docs["q.txt"] = document("q.txt", "Al-Arabiya", title='Fled, "abandoning" weapons',
                             url="https://x.example/q?a=1&b=2")
    tricky = event("tricky", "q.txt", origin="Damascus", dest="Tehran", mode="air",
                   date=span("2024-12-08"), quote='He said: "we left,\nat dawn" — فاطميون')
    events.append(tricky)
    routes.append(route(tricky, "tehran-air"))
    mentions = [m for e in events for m in (e.origin, e.destination, *e.via) if m]
    return {
        "places": places_frame(mentions),
        "events": events_frame(events, routes),
        "legs": legs_frame(merge_legs(events, routes, docs)),
    }


def _same_value(a, b) -> bool:
    if _is_null(a) and _is_null(b):
        return True
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    return a == b


def _is_null(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT


def assert_same_frame(got: gpd.GeoDataFrame, want: gpd.GeoDataFrame, *, as_text=False):
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    assert got.crs.to_epsg() == 4326
    for col in want.columns:
        if col == want.geometry.name:
            continue
        for i, (a, b) in enumerate(zip(got[col].tolist(), want[col].tolist(), strict=True)):
            if as_text:
                a, b = ("" if _is_null(a) else str(a)), ("" if _is_null(b) else str(b))
            assert _same_value(a, b), f"{col} row {i}: {a!r} != {b!r}"
    for i, (a, b) in enumerate(zip(got.geometry, want.geometry, strict=True)):
        if b is None or b.is_empty:
            assert a is None or a.is_empty, f"geometry row {i}"
        else:
            assert a.geom_type == b.geom_type, f"geometry row {i}"
            assert a.equals_exact(b, tolerance=1e-6), f"geometry row {i}: {a} != {b}"


def _dates_to_text(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """GDAL reads ISO date strings in GeoJSON as dates; compare them as text."""
    gdf = gdf.copy()
    for col in gdf.columns:
        if pd.api.types.is_datetime64_any_dtype(gdf[col]):
            gdf[col] = [None if pd.isna(v) else v.date().isoformat() for v in gdf[col]]
    return gdf


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("kind", ["places", "events", "legs"])
def test_round_trip_with_read_frame(frames, tmp_path, kind, ext):
    gdf = frames[kind]
    path = write_frame(gdf, tmp_path / f"{kind}{ext}")
    assert path.exists()
    back = read_frame(path)
    assert_same_frame(back, gdf)
    assert back.dtypes.astype(str).tolist() == gdf.dtypes.astype(str).tolist()


@pytest.mark.parametrize("ext", [".geojson", ".gpkg", ".parquet"])
@pytest.mark.parametrize("kind", ["places", "events", "legs"])
def test_round_trip_with_plain_geopandas(frames, tmp_path, kind, ext):
    gdf = frames[kind]
    path = write_frame(gdf, tmp_path / f"{kind}{ext}")
    back = gpd.read_parquet(path) if ext == ".parquet" else gpd.read_file(path)
    assert_same_frame(_dates_to_text(back), gdf)


def test_csv_reads_in_gdal_with_wkt_geometry(frames, tmp_path):
    gdf = frames["legs"]
    path = write_frame(gdf, tmp_path / "legs.csv")
    back = gpd.read_file(path, GEOM_POSSIBLE_NAMES="geometry", KEEP_GEOM_COLUMNS="NO")
    # GDAL's CSV driver reads every field as text
    assert_same_frame(back.set_crs(S.CRS, allow_override=True), gdf, as_text=True)


@pytest.mark.parametrize("kind", ["places", "events", "legs"])
def test_geojson_follows_rfc7946(frames, tmp_path, kind):
    path = write_frame(frames[kind], tmp_path / f"{kind}.geojson")
    text = path.read_text(encoding="utf-8")
    assert rfc7946.problems(text) == []
    doc = json.loads(text)
    jsonschema.validate(doc, rfc7946.SCHEMA)
    assert "crs" not in doc and len(doc["features"]) == len(frames[kind])


def test_geojson_keeps_lon_lat_order_for_known_places(frames, tmp_path):
    path = write_frame(frames["places"], tmp_path / "places.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"][S.NAME]: f["geometry"]["coordinates"] for f in features}
    for name in ("Damascus", "Tehran", "Al-Qaim"):
        p = place(name)
        assert by_name[name] == pytest.approx([p.lon, p.lat], abs=1e-6)
    # Tehran (51.4E, 35.7N): swapping would put it at 51.4N in the Ural steppe
    assert by_name["Tehran"][0] > 50 and by_name["Tehran"][1] < 40


def test_geojson_leg_properties(frames, tmp_path):
    path = write_frame(frames["legs"], tmp_path / "legs.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    (tricky,) = [f for f in features if "tricky" in f["properties"][S.EVENT_IDS]]
    props = tricky["properties"]
    for key in (S.ACTOR, S.ACTION, S.CORRIDOR, S.GEO_PRECISION, S.TIME_PRECISION, S.N_SOURCES,
                S.QUOTES, S.SOURCES, S.DATE_START, S.DATE_END):
        assert key in props
    assert props[S.DATE_START] == "2024-12-08" and props[S.MODE] == "air"
    source = json.loads(props[S.SOURCES])[0]
    assert source["title"] == 'Fled, "abandoning" weapons'
    assert source["url"] == "https://x.example/q?a=1&b=2"
    assert json.loads(props[S.QUOTES]) == ['He said: "we left,\nat dawn" — فاطميون']
    assert tricky["geometry"]["type"] == "LineString"
    assert tricky["geometry"]["coordinates"][-1] == pytest.approx(
        [place("Tehran").lon, place("Tehran").lat])


def _one_row(geometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["x"]}, geometry=[geometry], crs=S.CRS)


def test_geojson_rounds_coordinates_and_fixes_ring_orientation():
    clockwise = Polygon([(36.0, 33.0), (36.0, 34.0), (37.0, 34.0), (37.0, 33.0)])
    assert not clockwise.exterior.is_ccw
    gdf = gpd.GeoDataFrame(
        {"name": ["poly", "line", "tiny"]},
        geometry=[clockwise, LineString([(36.123456789, 33.1), (36.2, 33.987654321)]),
                  LineString([(36.1000001, 33.1), (36.1000002, 33.1)])],
        crs=S.CRS,
    )
    text = geojson_text(gdf)
    assert rfc7946.problems(text) == []
    feats = json.loads(text)["features"]
    assert feats[1]["geometry"]["coordinates"] == [[36.123457, 33.1], [36.2, 33.987654]]
    # a line that collapses to one position after rounding becomes a Point
    assert feats[2]["geometry"] == {"type": "Point", "coordinates": [36.1, 33.1]}


def test_geojson_reprojects_other_crs():
    web_mercator = _one_row(Point(36.2765, 33.5138)).to_crs("EPSG:3857")
    coords = json.loads(geojson_text(web_mercator))["features"][0]["geometry"]["coordinates"]
    assert coords == pytest.approx([36.2765, 33.5138], abs=1e-6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type":"FeatureCollection","features":[],"crs":{"type":"name"}}', "crs"),
        ('{"type":"Feature","geometry":null,"properties":{}}', "not a FeatureCollection"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"Point","coordinates":[33.5,136.3]},"properties":{}}]}', "latitude"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"Point","coordinates":[NaN,1]},"properties":{}}]}', "NaN"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[0,0]]]},"properties":{}}]}',
         "clockwise"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"LineString","coordinates":[[0,0]]},"properties":{}}]}', ">= 2 positions"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"Circle","coordinates":[0,0]},"properties":{}}]}', "unknown geometry type"),
        ('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
         '{"type":"Point","coordinates":[36.12345678,1]},"properties":{}}]}', "decimals"),
    ],
    ids=["crs", "not-collection", "lat-range", "nan", "cw-ring", "short-line", "type",
         "decimals"],
)
def test_validator_catches_violations(text, expected):
    found = rfc7946.problems(text)
    assert any(expected in p for p in found), found


def test_nan_coordinates_are_refused(tmp_path):
    target = tmp_path / "bad.geojson"
    with pytest.raises(ExportError, match="bad.geojson"):
        write_frame(_one_row(Point(np.nan, 33.0)), target)
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_and_missing_folder(tmp_path):
    with pytest.raises(ExportError, match=r"legs\.shp.*unknown export format"):
        write_frame(_one_row(Point(36, 33)), tmp_path / "legs.shp")
    with pytest.raises(ExportError, match="does not exist"):
        write_frame(_one_row(Point(36, 33)), tmp_path / "nowhere" / "legs.geojson")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write_frame(_one_row(Point(36, 33)), tmp_path / "dir.csv")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="legs.geojson"):
            write_frame(_one_row(Point(36, 33)), folder / "legs.geojson")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def _fail_midway(gdf, tmp, *args, **kwargs):
    with open(tmp, "wb") as f:
        f.write(b"half a file")
    raise OSError("disk full")


@pytest.mark.parametrize(
    ("ext", "writer"),
    [(".geojson", "_write_geojson"), (".csv", "_write_csv"), (".gpkg", "_write_gpkg"),
     (".parquet", "_write_parquet")],
)
def test_failure_mid_write_leaves_no_file(tmp_path, monkeypatch, ext, writer):
    monkeypatch.setattr(export, writer, _fail_midway)
    with pytest.raises(ExportError, match=f"out{ext}.*disk full"):
        write_frame(_one_row(Point(36, 33)), tmp_path / f"out{ext}")
    assert list(tmp_path.iterdir()) == []


def test_failed_overwrite_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "legs.geojson"
    write_frame(_one_row(Point(36, 33)), target)
    before = target.read_bytes()

    def broken_replace(src, dst):
        raise OSError("rename failed")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(ExportError, match="rename failed"):
        write_frame(_one_row(Point(40, 34)), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["legs.geojson"]


def test_overwrite_replaces_the_file(tmp_path):
    target = tmp_path / "p.parquet"
    write_frame(_one_row(Point(36, 33)), target)
    write_frame(gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[Point(1, 2), Point(3, 4)],
                                 crs=S.CRS), target)
    assert len(gpd.read_parquet(target)) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["p.parquet"]


@pytest.mark.parametrize("ext", [".geojson", ".csv", ".parquet", ".gpkg"])
def test_empty_frames_round_trip_their_columns(tmp_path, ext):
    gdf = legs_frame([])
    back = read_frame(write_frame(gdf, tmp_path / f"legs{ext}"), kind="legs")
    assert list(back.columns) == [*COLUMNS["legs"], "geometry"] and len(back) == 0


def test_unlocated_rows_are_null_geometries(tmp_path):
    ev = event("e4", "b.txt", dest="Atlantis", dest_resolved=False)
    gdf = events_frame([ev], [])
    path = write_frame(gdf, tmp_path / "events.geojson")
    assert json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"] is None
    assert read_frame(path).geometry.iloc[0] is None
