"""Tests for geo.frames: columns, CRS, coordinate order, JSON lists, dates, validation."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import LineString, Point, Polygon
from synthetic import corpus, document, event, mention, place, route, span

from geo import schema as S
from geo.frames import COLUMNS, events_frame, frame_kind, legs_frame, places_frame, validate_frame
from geo.legs import merge_legs


def test_places_frame_counts_resolved_mentions():
    ms = [mention("a.txt", "Damascus"), mention("b.txt", "Damascus"), mention("a.txt", "Damascus"),
          mention("a.txt", "Beirut"), mention("a.txt", "Latakia", resolved=False)]
    gdf = places_frame(ms)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf.columns) == [*COLUMNS["places"], "geometry"]
    assert gdf[S.NAME].tolist() == ["Damascus", "Beirut"]  # unresolved left out, most first
    assert gdf[S.MENTIONS].tolist() == [3, 1]
    assert json.loads(gdf[S.DOCS].iloc[0]) == ["a.txt", "b.txt"]
    damascus = gdf.geometry.iloc[0]
    assert (damascus.x, damascus.y) == (place("Damascus").lon, place("Damascus").lat)
    assert validate_frame(gdf, "places") == []
    assert frame_kind(gdf) == "places"


def test_events_frame_geometries_and_values():
    line = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=span("2024-12-07"),
                 mode="land", via=["Deir ez-Zor"])
    origin_only = event("e2", "a.txt", origin="Al-Qusayr", dest=None, date=None)
    no_route = event("e3", "b.txt", dest="Beirut",
                     date=span("2024-12-01", "2024-12-31", "month", text="December"))
    nowhere = event("e4", "b.txt", dest="Atlantis", dest_resolved=False, negated=True)
    routes = [route(line, "al-qaim"), route(origin_only, "lebanon")]
    gdf = events_frame([line, origin_only, no_route, nowhere], routes)
    assert list(gdf.columns) == [*COLUMNS["events"], "geometry"]
    assert validate_frame(gdf, "events") == []
    geoms = gdf.geometry.tolist()
    assert isinstance(geoms[0], LineString) and geoms[0].equals(routes[0].geometry)
    qusayr, beirut = place("Al-Qusayr"), place("Beirut")
    assert (geoms[1].x, geoms[1].y) == (qusayr.lon, qusayr.lat)  # origin-only: at the origin
    assert (geoms[2].x, geoms[2].y) == (beirut.lon, beirut.lat)  # no route: at the destination
    assert geoms[3] is None
    row = gdf.iloc[0]
    assert (row[S.ORIGIN], row[S.DESTINATION], row[S.VIA]) == ("Damascus", "Al-Qaim",
                                                               "Deir ez-Zor")
    assert (row[S.DATE_START], row[S.DATE_END], row[S.MODE]) == ("2024-12-07", "2024-12-07",
                                                                 "land")
    assert row[S.GEO_PRECISION] == "town" and row[S.CORRIDOR] == "al-qaim"
    assert gdf[S.ROUTE_KIND].tolist() == ["road", "marker", "marker", ""]
    assert gdf[S.DATE_PRECISION].tolist() == ["day", "", "month", ""]
    assert gdf[S.DATE_START].isna().tolist() == [False, True, False, True]
    assert gdf[S.NEGATED].tolist() == [False, False, False, True]
    assert gdf[S.DESTINATION].iloc[3] == "Atlantis"  # unresolved: as written, kept


def test_legs_frame_columns_and_json_fields():
    docs = {"a.txt": document("a.txt", "Reuters", title="T1", url="https://x.example/1"),
            "b.txt": document("b.txt", None, title="T2")}
    e1 = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=span("2024-12-07"),
               quote="They left for Al-Qaim.")
    e2 = event("e2", "b.txt", dest="Baghdad", date=span("2024-12-07"), quote="Baghdad, said X.")
    legs = merge_legs([e1, e2], [route(e1, "al-qaim"), route(e2, "al-qaim")], docs)
    gdf = legs_frame(legs)
    assert list(gdf.columns) == [*COLUMNS["legs"], "geometry"]
    assert validate_frame(gdf, "legs") == []
    row = gdf.iloc[0]
    sources = json.loads(row[S.SOURCES])
    assert [s["title"] for s in sources] == ["T1", "T2"]
    assert sources[0]["url"] == "https://x.example/1" and sources[1]["outlet"] is None
    assert json.loads(row[S.QUOTES]) == ["They left for Al-Qaim.", "Baghdad, said X."]
    assert json.loads(row[S.DESTINATIONS_REPORTED]) == ["Al-Qaim", "Baghdad"]
    assert json.loads(row[S.OUTLETS]) == ["Reuters"]
    assert json.loads(row[S.EVENT_IDS]) == ["e1", "e2"]
    assert (row[S.N_SOURCES], row[S.N_DOCS]) == (2, 2)
    assert (row[S.DATE_START], row[S.TIME_PRECISION]) == ("2024-12-07", "day")
    assert isinstance(row.geometry, LineString)


def test_frames_of_a_large_corpus_validate():
    events, routes, docs = corpus(500, seed=11)
    assert validate_frame(events_frame(events, routes), "events") == []
    assert validate_frame(legs_frame(merge_legs(events, routes, docs)), "legs") == []


@pytest.mark.parametrize("kind", ["places", "events", "legs"])
def test_empty_inputs_give_empty_frames_with_columns(kind):
    gdf = {"places": lambda: places_frame([]), "events": lambda: events_frame([], []),
           "legs": lambda: legs_frame([])}[kind]()
    assert len(gdf) == 0 and gdf.crs.to_epsg() == 4326
    assert validate_frame(gdf, kind) == []


def _legs_gdf():
    e1 = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=span("2024-12-07"))
    return legs_frame(merge_legs([e1], [route(e1, "al-qaim")], {}))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda g: g.set_crs("EPSG:3857", allow_override=True), "CRS"),
        (lambda g: g.drop(columns=[S.N_SOURCES]), "missing ['n_sources']"),
        (lambda g: g.assign(**{S.SOURCES: "not json"}), "bad JSON"),
        (lambda g: g.assign(**{S.DATES_REPORTED: '{"a": 1}'}), "not a list"),
        (lambda g: g.assign(**{S.DATE_START: "07/12/2024"}), "not an ISO date"),
        (lambda g: g.set_geometry([Polygon([(0, 0), (1, 0), (1, 1)])]), "not allowed"),
        (lambda g: g.set_geometry([Point(33.5, 136.3)]), "out of lon/lat range"),
        (lambda g: g.assign(**{S.ACTOR: [None]}), "not text"),
    ],
    ids=["crs", "column", "json", "json-list", "date", "geom-type", "range", "null-text"],
)
def test_validate_frame_reports_problems(mutate, expected):
    gdf = mutate(_legs_gdf())
    found = validate_frame(gdf, "legs")
    assert any(expected in p for p in found), found


def test_validate_frame_unknown_kind():
    with pytest.raises(ValueError, match="unknown frame kind"):
        validate_frame(_legs_gdf(), "roads")
