"""Corridors: name the way out of Syria each route belongs to, by rules in data/corridors.yaml.

The corridor names and their rules are data, not code: see the header of
``data/corridors.yaml`` for the rule language (first matching rule wins).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import yaml

from geo._keys import normalize
from geo.config import DATA_DIR
from geo.errors import RoutingError
from geo.models import ACTIONS, PLACE_KINDS, MovementEvent, Place, Route
from geo.roads import haversine_km

logger = logging.getLogger(__name__)

#: Name of the embedded corridor rules in the data folder.
CORRIDORS_FILE = "corridors.yaml"
_ROUTE_KINDS = ("road", "air", "straight", "marker")
_POINT_CONDITIONS = ("start_near", "end_near", "passes_near")
_CONDITIONS = (
    "actions", "modes", "route_kinds", "dest_countries", "origin_countries", "dest_kinds",
    "origin_kinds", "dest_names", "origin_names", *_POINT_CONDITIONS,
)


@dataclass(frozen=True, slots=True)
class NamedPoint:
    """A point that rules refer to by name, with its radius in km."""

    name: str
    lat: float
    lon: float
    km: float


@dataclass(frozen=True, slots=True)
class CorridorRule:
    """One rule: the corridor ``name`` applies when every condition holds."""

    name: str
    conditions: tuple[tuple[str, tuple], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class CorridorRules:
    """The ordered rules of a corridors file, the default corridor and the named points."""

    rules: tuple[CorridorRule, ...]
    default: str
    points: Mapping[str, NamedPoint]
    source: str = ""

    def names(self) -> list[str]:
        """Corridor names in rule order, the default last (each once)."""
        return list(dict.fromkeys([*(r.name for r in self.rules), self.default]))


def load_corridors(path: str | Path | None = None) -> CorridorRules:
    """Read corridor rules (default: ``data/corridors.yaml``), cached per file version.

    Raises
    ------
    RoutingError
        The file is missing, not YAML, or a rule is malformed; the message names the file.
    """
    target = Path(path) if path is not None else DATA_DIR / CORRIDORS_FILE
    try:
        stat = target.stat()
    except OSError as e:
        raise RoutingError(f"{target}: corridor rules cannot be read ({e.strerror})") from e
    return _load_cached(str(target.resolve()), stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> CorridorRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise RoutingError(f"{path}: corridor rules are not valid YAML ({e})") from e
    return parse_corridors(data, source=path)


def parse_corridors(data: object, *, source: str = "corridors") -> CorridorRules:
    """Validate a parsed corridors mapping (see ``data/corridors.yaml``) into rules.

    Raises
    ------
    RoutingError
        Naming ``source`` and the faulty rule or point.
    """
    if not isinstance(data, dict) or not isinstance(data.get("corridors"), list):
        raise RoutingError(f"{source}: expected a mapping with a 'corridors' list")
    points: dict[str, NamedPoint] = {}
    for name, spec in (data.get("points") or {}).items():
        try:
            points[str(name)] = NamedPoint(str(name), float(spec["lat"]), float(spec["lon"]),
                                           float(spec["km"]))
        except (KeyError, TypeError, ValueError) as e:
            raise RoutingError(f"{source}: point {name!r} needs numeric lat, lon, km ({e})") from e
    rules = tuple(_parse_rule(i, rule, points, source)
                  for i, rule in enumerate(data["corridors"], 1))
    default = data.get("default", "Other")
    if not isinstance(default, str) or not default:
        raise RoutingError(f"{source}: 'default' must be a corridor name")
    return CorridorRules(rules=rules, default=default, points=points, source=source)


def _parse_rule(i: int, rule: object, points: Mapping[str, NamedPoint],
                source: str) -> CorridorRule:
    where = f"{source}: corridor rule {i}"
    if not isinstance(rule, dict) or not isinstance(rule.get("name"), str) or not rule["name"]:
        raise RoutingError(f"{where}: needs a 'name'")
    when = rule.get("when") or {}
    if not isinstance(when, dict):
        raise RoutingError(f"{where} ({rule['name']}): 'when' must be a mapping")
    conditions = []
    for key, values in when.items():
        if key not in _CONDITIONS:
            raise RoutingError(f"{where} ({rule['name']}): unknown condition {key!r}")
        values = values if isinstance(values, list) else [values]
        values = tuple(str(v) for v in values)
        _check_values(key, values, points, f"{where} ({rule['name']})")
        if key in ("dest_names", "origin_names"):
            values = tuple(normalize(v) for v in values)
        elif key in ("dest_countries", "origin_countries"):
            values = tuple(v.upper() for v in values)
        conditions.append((key, values))
    return CorridorRule(name=rule["name"], conditions=tuple(conditions),
                        note=str(rule.get("note", "")))


def _check_values(key: str, values: tuple[str, ...], points: Mapping[str, NamedPoint],
                  where: str) -> None:
    allowed: frozenset[str] | tuple[str, ...] | None = {
        "actions": ACTIONS, "modes": ("air", "land"), "route_kinds": _ROUTE_KINDS,
        "dest_kinds": PLACE_KINDS, "origin_kinds": PLACE_KINDS,
    }.get(key)
    if key in _POINT_CONDITIONS:
        allowed = tuple(points)
    bad = [v for v in values if allowed is not None and v not in allowed]
    if bad:
        raise RoutingError(f"{where}: {key} has unknown value(s) {bad}")


def assign_corridor(event: MovementEvent, route: Route, *,
                    rules: CorridorRules | None = None) -> str:
    """The corridor of a drawn route: the name of the first rule that holds, else the default.

    Parameters
    ----------
    event
        The movement event (its action and stated destination are used).
    route
        Its drawn geometry (kind, start/end places, vertices); ``route.corridor`` is ignored.
    rules
        Corridor rules; the embedded ``data/corridors.yaml`` when None.
    """
    rules = rules or load_corridors()
    if route.kind == "marker" and route.end is None:
        return rules.default  # a departure with no stated destination heads nowhere known
    coords = (np.empty((0, 2)) if route.geometry is None
              else shapely.get_coordinates(route.geometry))
    dest = event.destination.place if event.destination and event.destination.place else None
    facts = _Facts(event, route, dest or route.end, route.start, coords, rules.points)
    for rule in rules.rules:
        if all(facts.holds(key, values) for key, values in rule.conditions):
            return rule.name
    return rules.default


class _Facts:
    """What the conditions are evaluated against, for one route."""

    __slots__ = ("event", "route", "dest", "origin", "coords", "points")

    def __init__(self, event: MovementEvent, route: Route, dest: Place | None,
                 origin: Place | None, coords: np.ndarray,
                 points: Mapping[str, NamedPoint]) -> None:
        self.event, self.route, self.dest, self.origin = event, route, dest, origin
        self.coords, self.points = coords, points

    def holds(self, key: str, values: tuple) -> bool:
        if key == "actions":
            return self.event.action in values
        if key == "modes":
            return ("air" if self.route.kind == "air" else "land") in values
        if key == "route_kinds":
            return self.route.kind in values
        if key.startswith(("dest_", "origin_")):
            place = self.dest if key.startswith("dest_") else self.origin
            if place is None:
                return False
            field = key.split("_", 1)[1]
            if field == "countries":
                return (place.country or "").upper() in values
            if field == "kinds":
                return place.kind in values
            return normalize(place.name) in values
        if len(self.coords) == 0:
            return False
        if key != "passes_near":
            lon, lat = self.coords[0 if key == "start_near" else -1]  # (lon, lat) order
            return any(haversine_km(p.lat, p.lon, float(lat), float(lon)) <= p.km
                       for p in map(self.points.__getitem__, values))
        lon_min, lat_min = self.coords.min(axis=0)
        lon_max, lat_max = self.coords.max(axis=0)
        for name in values:
            point = self.points[name]
            pad = point.km / 100.0 + 0.1  # degrees: > km / 111 on both axes up to ~60 deg lat
            if not (lat_min - pad <= point.lat <= lat_max + pad
                    and lon_min - 2 * pad <= point.lon <= lon_max + 2 * pad):
                continue
            # coordinates are (lon, lat): column 1 is lat
            dist = haversine_km(point.lat, point.lon, self.coords[:, 1], self.coords[:, 0])
            if np.min(dist) <= point.km:
                return True
        return False
