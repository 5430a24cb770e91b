"""A GeoJSON (RFC 7946) checker for the export tests.

``problems(text)`` returns a list of rule violations (empty when the document is valid):
FeatureCollection structure, geometry types and nesting, positions of 2-3 finite numbers with
longitude in [-180, 180] and latitude in [-90, 90], LineStrings of >= 2 positions, closed
linear rings of >= 4 positions with counter-clockwise exteriors and clockwise holes, no
``crs`` member anywhere, no NaN/Infinity literals, at most ``max_decimals`` decimals.
A JSON Schema of the same structure is in :data:`SCHEMA` (checked with jsonschema).
"""

from __future__ import annotations

import json
import math

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection")

_POSITION = {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"}}
_GEOMETRY = {
    "type": "object",
    "required": ["type"],
    "not": {"required": ["crs"]},
    "properties": {"type": {"enum": list(GEOMETRY_TYPES)}},
}
#: JSON Schema for a FeatureCollection as the exports write it.
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "not": {"required": ["crs"]},
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {"oneOf": [{"type": "null"}, _GEOMETRY]},
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def _reject_constant(name: str):
    raise ValueError(f"non-standard JSON literal {name}")


def _decimals(x: float) -> int:
    text = repr(float(x))
    if "e" in text or "E" in text:
        mantissa, exp = text.lower().split("e")
        frac = mantissa.split(".")[1] if "." in mantissa else ""
        return max(0, len(frac.rstrip("0")) - int(exp))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _signed_area(ring: list) -> float:
    pairs = zip(ring, ring[1:], strict=False)
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairs) / 2


class _Checker:
    def __init__(self, max_decimals: int) -> None:
        self.max_decimals = max_decimals
        self.out: list[str] = []

    def position(self, pos, where: str) -> None:
        if not (isinstance(pos, list) and 2 <= len(pos) <= 3):
            self.out.append(f"{where}: position must be 2-3 numbers, got {pos!r}")
            return
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos):
            self.out.append(f"{where}: non-numeric position {pos!r}")
            return
        if not all(math.isfinite(v) for v in pos):
            self.out.append(f"{where}: non-finite position {pos!r}")
            return
        lon, lat = pos[0], pos[1]
        if not -180 <= lon <= 180:
            self.out.append(f"{where}: longitude {lon} out of range")
        if not -90 <= lat <= 90:
            self.out.append(f"{where}: latitude {lat} out of range")
        if any(_decimals(v) > self.max_decimals for v in pos[:2]):
            self.out.append(f"{where}: more than {self.max_decimals} decimals in {pos!r}")

    def line(self, coords, where: str) -> None:
        if not isinstance(coords, list) or len(coords) < 2:
            self.out.append(f"{where}: a LineString needs >= 2 positions")
            return
        for pos in coords:
            self.position(pos, where)

    def polygon(self, rings, where: str) -> None:
        if not isinstance(rings, list) or not rings:
            self.out.append(f"{where}: a Polygon needs >= 1 ring")
            return
        for i, ring in enumerate(rings):
            if not isinstance(ring, list) or len(ring) < 4:
                self.out.append(f"{where}: ring {i} needs >= 4 positions")
                continue
            for pos in ring:
                self.position(pos, where)
            if ring[0] != ring[-1]:
                self.out.append(f"{where}: ring {i} is not closed")
            area = _signed_area(ring)
            if i == 0 and area < 0:
                self.out.append(f"{where}: exterior ring is clockwise (RFC 7946 3.1.6)")
            if i > 0 and area > 0:
                self.out.append(f"{where}: hole {i} is counter-clockwise (RFC 7946 3.1.6)")

    def geometry(self, geom, where: str) -> None:
        if geom is None:
            return
        if not isinstance(geom, dict):
            self.out.append(f"{where}: geometry must be an object or null")
            return
        if "crs" in geom:
            self.out.append(f"{where}: geometry has a crs member")
        gtype = geom.get("type")
        if gtype not in GEOMETRY_TYPES:
            self.out.append(f"{where}: unknown geometry type {gtype!r}")
            return
        if gtype == "GeometryCollection":
            for i, g in enumerate(geom.get("geometries", [])):
                self.geometry(g, f"{where}.geometries[{i}]")
            return
        coords = geom.get("coordinates")
        if gtype == "Point":
            self.position(coords, where)
        elif gtype == "MultiPoint":
            for pos in coords or []:
                self.position(pos, where)
        elif gtype == "LineString":
            self.line(coords, where)
        elif gtype == "MultiLineString":
            for part in coords or []:
                self.line(part, where)
        elif gtype == "Polygon":
            self.polygon(coords, where)
        else:
            for part in coords or []:
                self.polygon(part, where)


def problems(text: str, *, max_decimals: int = 6) -> list[str]:
    """RFC 7946 violations in a GeoJSON FeatureCollection text; empty when valid."""
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        return [f"not valid JSON: {exc}"]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return ["top level is not a FeatureCollection"]
    out = []
    if "crs" in doc:
        out.append("FeatureCollection has a crs member (removed in RFC 7946)")
    features = doc.get("features")
    if not isinstance(features, list):
        return [*out, "features is not an array"]
    checker = _Checker(max_decimals)
    for i, feature in enumerate(features):
        where = f"features[{i}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            checker.out.append(f"{where}: not a Feature")
            continue
        if "crs" in feature:
            checker.out.append(f"{where}: has a crs member")
        if "geometry" not in feature or "properties" not in feature:
            checker.out.append(f"{where}: needs geometry and properties members")
        if not isinstance(feature.get("properties"), (dict, type(None))):
            checker.out.append(f"{where}: properties must be an object or null")
        checker.geometry(feature.get("geometry"), f"{where}.geometry")
    return out + checker.out
