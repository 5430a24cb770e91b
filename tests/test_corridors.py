"""Corridors: rules read from YAML, first match wins, errors name the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from routing_places import (
    BAGHDAD,
    DAM_AIRPORT,
    DAMASCUS,
    DEIR,
    HMEIMIM,
    HOMS,
    LEBANON,
    MOSUL,
    QAMISHLI,
    QUSAYR,
    TEHRAN,
    event,
)
from shapely.geometry import LineString, Point

from geo.corridors import assign_corridor, load_corridors, parse_corridors
from geo.errors import RoutingError
from geo.models import Place, Route
from geo.routes import route_events


def corridor_of(origin: Place | None, dest: Place | None, **kw: str) -> str:
    (route,) = route_events([event("e", origin, dest, **kw)])
    return route.corridor


def test_embedded_rules_name_the_issue_corridors() -> None:
    rules = load_corridors()
    assert set(rules.names()) == {"Al-Qaim (Iraq)", "Lebanon", "Latakia / Hmeimim",
                                  "Damascus airports", "Other"}
    assert rules.default == "Other"


@pytest.mark.parametrize(("origin", "dest", "kw", "expected"), [
    (DEIR, BAGHDAD, {}, "Al-Qaim (Iraq)"),  # by course: the Euphrates road via Al-Bukamal
    (DAMASCUS, BAGHDAD, {}, "Al-Qaim (Iraq)"),  # Al-Tanf is closed: via Al-Bukamal
    (QAMISHLI, MOSUL, {}, "Other"),  # into Iraq at Rabia: not the Al-Qaim corridor
    (HOMS, LEBANON, {}, "Lebanon"),
    (DAMASCUS, TEHRAN, {"action": "fly"}, "Damascus airports"),
    (HMEIMIM, TEHRAN, {"mode": "air"}, "Latakia / Hmeimim"),
    (HOMS, DAM_AIRPORT, {}, "Damascus airports"),
    (HOMS, HMEIMIM, {}, "Latakia / Hmeimim"),
    (HOMS, DAMASCUS, {}, "Other"),  # Damascus itself is no airport
    (BAGHDAD, DEIR, {"action": "advance"}, "Other"),  # into Syria: not a retreat
])
def test_embedded_corridors(origin: Place, dest: Place, kw: dict, expected: str) -> None:
    assert corridor_of(origin, dest, **kw) == expected


def route_through(*points: tuple[float, float], kind: str = "road",
                  end: Place | None = None) -> Route:
    geometry = Point(points[0]) if len(points) == 1 else LineString(points)
    return Route("e", geometry, kind, "", end=end)


def test_rules_come_from_yaml_and_first_match_wins(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "default: Elsewhere\n"
        "points:\n  Q: {lat: 34.5, lon: 36.6, km: 10}\n"
        "corridors:\n"
        "  - {name: Qusayr road, when: {passes_near: [Q], modes: [land]}}\n"
        "  - {name: To Homs, when: {dest_names: [homs]}}\n"
        "  - {name: Never, when: {dest_names: [Homs]}}\n",
        encoding="utf-8")
    rules = load_corridors(path)
    assert rules.names() == ["Qusayr road", "To Homs", "Never", "Elsewhere"]
    through = route_through((36.0, 34.0), (36.59, 34.51), (36.7, 34.7))
    beside = route_through((36.0, 34.0), (36.7, 34.7))
    assert assign_corridor(event("e", QUSAYR, HOMS), through, rules=rules) == "Qusayr road"
    assert assign_corridor(event("e", QUSAYR, HOMS), beside, rules=rules) == "To Homs"
    assert assign_corridor(event("e", QUSAYR, DEIR), beside, rules=rules) == "Elsewhere"
    air = route_through((36.0, 34.0), (36.59, 34.51), kind="air")
    assert assign_corridor(event("e", QUSAYR, DEIR), air, rules=rules) == "Elsewhere"


def test_name_conditions_ignore_articles_accents_and_case() -> None:
    rules = parse_corridors({"corridors": [{"name": "Q", "when": {"dest_names": ["al Qusayr"]}}]})
    route = route_through((36.58, 34.508), end=QUSAYR)
    dest = Place("x", "Al-Quṣayr", 34.5, 36.58, "SY", "town")
    assert assign_corridor(event("e", None, dest), route, rules=rules) == "Q"


def test_end_and_start_conditions_use_the_geometry_ends() -> None:
    rules = parse_corridors({
        "points": {"A": {"lat": 0, "lon": 0, "km": 5}},
        "corridors": [{"name": "from A", "when": {"start_near": ["A"]}},
                      {"name": "to A", "when": {"end_near": ["A"]}}],
    })
    ev = event("e", HOMS, DEIR)
    assert assign_corridor(ev, route_through((0, 0), (3, 3)), rules=rules) == "from A"
    assert assign_corridor(ev, route_through((3, 3), (0, 0.01)), rules=rules) == "to A"
    assert assign_corridor(ev, route_through((3, 3), (1, 1)), rules=rules) == "Other"


@pytest.mark.parametrize(("content", "message"), [
    ("corridors: [a, b", "not valid YAML"),
    ("just: text", "'corridors' list"),
    ("corridors:\n  - {when: {actions: [flee]}}", "needs a 'name'"),
    ("corridors:\n  - {name: X, when: {colour: [red]}}", "unknown condition 'colour'"),
    ("corridors:\n  - {name: X, when: {actions: [teleport]}}", "teleport"),
    ("corridors:\n  - {name: X, when: {end_near: [Nowhere]}}", "Nowhere"),
    ("points: {P: {lat: north}}\ncorridors: []", "point 'P'"),
])
def test_bad_corridor_files_raise_a_routing_error_naming_the_file(
        tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad_corridors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RoutingError, match="bad_corridors.yaml") as info:
        load_corridors(path)
    assert message in str(info.value)
