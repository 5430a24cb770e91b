"""Event routes: road legs, air arcs, country ends, markers and inferred starts."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from routing_places import (
    BEIRUT,
    BUKAMAL,
    DAM_AIRPORT,
    DAMASCUS,
    DEIR,
    EAST_SYRIA,
    FAR_AWAY,
    HOMS,
    IRAQ,
    LATAKIA,
    LEBANON,
    QAIM,
    QUSAYR,
    SYRIA,
    TEHRAN,
    event,
    mention,
)
from shapely.geometry import LineString, MultiLineString, Point

from geo._arcs import air_arc, split_antimeridian
from geo.models import MovementEvent, Place
from geo.roads import haversine_km, load_road_graph, node_place
from geo.routes import inferred_starts, route_events


def min_km(geometry: object, place: Place) -> float:
    coords = shapely.get_coordinates(geometry)
    return float(np.min(haversine_km(place.lat, place.lon, coords[:, 1], coords[:, 0])))


def test_deir_ez_zor_to_qaim_follows_the_euphrates_through_bukamal() -> None:
    (route,) = route_events([event("e1", DEIR, QAIM)])
    assert route.kind == "road"
    assert isinstance(route.geometry, LineString)
    assert min_km(route.geometry, BUKAMAL) < 10
    assert route.geometry.coords[0] == pytest.approx((DEIR.lon, DEIR.lat), abs=1e-3)
    assert route.geometry.coords[-1] == pytest.approx((QAIM.lon, QAIM.lat), abs=1e-3)
    assert not route.approximate and not route.inferred
    assert 120 < route.length_km < 250
    assert route.corridor == "Al-Qaim (Iraq)"


def test_region_origin_is_used_but_flagged_approximate() -> None:
    (route,) = route_events([event("e1", EAST_SYRIA, QAIM, action="flee")])
    assert route.approximate
    assert min_km(route.geometry, BUKAMAL) < 10
    assert any("region" in n for n in route.notes)


def test_qusayr_to_lebanon_ends_at_a_syria_lebanon_crossing() -> None:
    graph = load_road_graph()
    (route,) = route_events([event("e1", QUSAYR, LEBANON)], graph=graph)
    assert route.approximate
    assert route.end is not None and route.end.kind == "crossing"
    node = graph.nodes[route.end.place_id]
    assert set(node["countries"].split("-")) == {"SY", "LB"}
    end = route.geometry.coords[-1]
    assert end == pytest.approx((node["lon"], node["lat"]))
    # the nearest crossing by road from Qusayr, not one on the coast or at Masnaa
    assert haversine_km(QUSAYR.lat, QUSAYR.lon, node["lat"], node["lon"]) < 20
    assert route.corridor == "Lebanon"


def test_deir_ez_zor_to_iraq_ends_at_the_bukamal_crossing() -> None:
    (route,) = route_events([event("e1", DEIR, IRAQ, action="flee")])
    assert route.end is not None and "Qaim" in route.end.name
    assert route.corridor == "Al-Qaim (Iraq)"


def test_damascus_to_tehran_by_air_is_a_geodesic_arc() -> None:
    (route,) = route_events([event("e1", DAMASCUS, TEHRAN, action="fly")])
    assert route.kind == "air"
    coords = np.asarray(route.geometry.coords)
    assert len(coords) >= 30
    mid = coords[len(coords) // 2]
    # the straight lon/lat line's latitude at the midpoint's longitude
    t = (mid[0] - DAMASCUS.lon) / (TEHRAN.lon - DAMASCUS.lon)
    chord_lat = DAMASCUS.lat + t * (TEHRAN.lat - DAMASCUS.lat)
    assert mid[1] - chord_lat > 0.2  # a great circle bows poleward
    assert 1300 < route.length_km < 1450
    assert route.corridor == "Damascus airports"


@pytest.mark.parametrize(("quote", "mode", "kind"), [
    ("officers flew out of the airport", None, "air"),
    ("an airlift from the airport", None, "air"),
    ("a convoy drove to the airport", None, "road"),
    ("officers flew out of the airport", "land", "road"),
])
def test_airport_legs_are_air_only_when_the_text_says_so(quote: str, mode: str | None,
                                                         kind: str) -> None:
    (route,) = route_events([event("e1", HOMS, DAM_AIRPORT, action="evacuate", quote=quote,
                                   mode=mode)])
    assert route.kind == kind


def test_destination_only_event_is_an_arrival_marker() -> None:
    (route,) = route_events([event("e1", None, LATAKIA, day=8)])
    assert route.kind == "marker"
    assert isinstance(route.geometry, Point)
    assert (route.geometry.x, route.geometry.y) == (LATAKIA.lon, LATAKIA.lat)
    assert route.start is None and not route.inferred
    assert route.corridor == "Latakia / Hmeimim"


def test_start_is_inferred_from_an_earlier_event_of_the_same_family() -> None:
    events = [
        event("later", None, LATAKIA, family="Hezbollah", day=9),
        event("other-family", HOMS, BEIRUT, family="IRGC", day=7),
        event("earlier", DAMASCUS, HOMS, family="Hezbollah", day=6),
        event("undated", None, BEIRUT, family="Hezbollah"),
    ]
    routes = route_events(events)
    later = routes[0]
    assert later.inferred and later.kind == "road"
    assert later.start == HOMS
    assert later.geometry.coords[0] == pytest.approx((HOMS.lon, HOMS.lat), abs=1e-3)
    assert routes[3].kind == "marker" and not routes[3].inferred


def test_inference_needs_a_strictly_earlier_known_place() -> None:
    events = [
        event("a", None, BEIRUT, family="PMF", day=9),
        event("b", DAMASCUS, SYRIA, family="PMF", day=5),  # a country is no location
        event("c", DAMASCUS, LATAKIA, family="PMF", day=10),  # later: cannot give a start
        event("d", DAMASCUS, HOMS, family="PMF", day=3),
        event("e", None, BEIRUT, family="PMF", day=2),  # nothing earlier
        event("f", None, LATAKIA, family="IRGC", day=11),  # other family
        event("g", DAMASCUS, HOMS, family="Badr", day=3, doc="x"),
        event("h", None, LATAKIA, family="Badr", day=3, doc="z"),  # same day, other doc
        event("i", None, LATAKIA, family="Badr", day=3, doc="x"),  # same day, same doc
    ]
    starts = inferred_starts(events)
    assert starts == {0: HOMS, 8: HOMS}


def test_origin_only_event_is_a_marker_at_the_origin_with_default_corridor() -> None:
    (route,) = route_events([event("e1", LATAKIA, None)])
    assert route.kind == "marker" and route.end is None and route.start == LATAKIA
    assert route.corridor == "Other"


def test_unresolved_places_are_kept_not_dropped() -> None:
    ev = MovementEvent("e1", "doc", "x", None, None, "move", mention(None, "Xyz"),
                       mention(None, "Abc"))
    (route,) = route_events([ev])
    assert route.geometry is None and route.kind == "marker"
    assert route.notes


def test_place_far_from_the_roads_gets_a_straight_approximate_segment() -> None:
    (route,) = route_events([event("e1", FAR_AWAY, DAMASCUS)])
    assert route.approximate
    assert route.geometry.coords[0] == pytest.approx((FAR_AWAY.lon, FAR_AWAY.lat))
    assert any("nearest road node" in n for n in route.notes)


def test_via_points_are_followed_in_order() -> None:
    (direct,) = route_events([event("e1", DAMASCUS, LATAKIA)])
    (via,) = route_events([event("e2", DAMASCUS, LATAKIA, via=(DEIR,))])
    assert min_km(via.geometry, DEIR) < 1
    assert min_km(direct.geometry, DEIR) > 100
    assert via.length_km > direct.length_km


def test_advance_into_syria_is_not_a_retreat_corridor() -> None:
    (route,) = route_events([event("e1", QAIM, BUKAMAL, action="advance", family="PMF")])
    assert route.kind == "road"
    assert route.corridor == "Other"


def test_routes_are_one_per_event_in_order() -> None:
    events = [event(f"e{i}", DEIR, QAIM) for i in range(3)] + [event("x", None, BEIRUT)]
    routes = route_events(events)
    assert [r.event_id for r in routes] == ["e0", "e1", "e2", "x"]


def test_air_arc_has_32_points_and_splits_at_the_antimeridian() -> None:
    coords, km = air_arc(35.0, 170.0, 40.0, -170.0)
    assert len(coords) == 32 and 1500 < km < 2000
    line = split_antimeridian(coords)
    assert isinstance(line, MultiLineString) and len(line.geoms) == 2
    assert all(-180 <= x <= 180 for x, _ in shapely.get_coordinates(line))
    (route,) = route_events([event("e1", Place("a", "A", 35.0, 170.0, None, "airport"),
                                   Place("b", "B", 40.0, -170.0, None, "airport"),
                                   action="fly")])
    assert isinstance(route.geometry, MultiLineString)


def test_closed_crossings_are_avoided_and_reported() -> None:
    (to_iraq,) = route_events([event("e1", DAMASCUS, IRAQ, action="flee")])
    assert to_iraq.end is not None and "Qaim" in to_iraq.end.name  # not the closed Al-Tanf
    graph = load_road_graph()
    tanf = next(n for n, d in graph.nodes(data=True) if d.get("closed"))
    rutbah = Place("p:rut", "Al-Rutbah", 33.037, 40.286, "IQ", "town")
    (through,) = route_events([event("e2", DAMASCUS, rutbah, via=(node_place(graph, tanf),))])
    assert any("closed" in n for n in through.notes)
    (plain,) = route_events([event("e3", DAMASCUS, BEIRUT)])
    assert not any("closed" in n for n in plain.notes)


def test_no_inferred_start_from_a_far_or_stale_place() -> None:
    events = [
        event("home", DAMASCUS, TEHRAN, action="fly", day=8),
        event("later", None, BEIRUT, day=9),  # the units in Tehran are not the ones moving
        event("old", DAMASCUS, HOMS, family="Badr", day=1),
        event("stale", None, LATAKIA, family="Badr", day=31),  # 30 days on
        event("seen", DAMASCUS, HOMS, family="Nujaba", day=1),
        event("recent", None, LATAKIA, family="Nujaba", day=15),
    ]
    assert inferred_starts(events) == {5: HOMS}


def test_crossing_into_a_country_near_a_town_ends_at_that_town() -> None:
    (alone,) = route_events([event("e1", None, SYRIA, action="advance", via=(BUKAMAL,))])
    assert alone.kind == "marker" and alone.end == BUKAMAL
    (drawn,) = route_events([event("e2", QAIM, SYRIA, action="advance", via=(BUKAMAL,))])
    assert drawn.kind == "road" and drawn.end == BUKAMAL and not drawn.approximate
    assert drawn.geometry.coords[-1] == pytest.approx((BUKAMAL.lon, BUKAMAL.lat), abs=1e-3)
    assert drawn.corridor == "Other"


def test_waypoint_only_event_is_a_marker_at_the_waypoint() -> None:
    masnaa = Place("sup:masnaa", "Masnaa border crossing", 33.7029, 35.924, "LB", "crossing")
    (route,) = route_events([event("e1", None, None, via=(masnaa,))])
    assert route.kind == "marker" and route.end == masnaa
    assert (route.geometry.x, route.geometry.y) == (masnaa.lon, masnaa.lat)
    assert route.corridor == "Lebanon"
