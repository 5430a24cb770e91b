"""Records -> GeoDataFrames (EPSG:4326) with the column names of :mod:`geo.schema`.

Three frames, one row per resolved place, per movement event, per merged leg. Conventions that
let every export format round-trip the frames unchanged:

- list-valued fields are JSON text (``"[]"`` when empty),
- dates are ISO ``YYYY-MM-DD`` strings, missing dates are null (None/NaN),
- other text fields are never null: ``""`` when unknown,
- geometries are shapely objects in (lon, lat) order, or None when nothing is located.

:data:`COLUMNS` gives each frame's columns and value types ("str", "date", "json", "int",
"float", "bool"); :func:`validate_frame` checks a frame against them.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence

import geopandas as gpd
from shapely.geometry import Point

from geo import schema as S
from geo._legs_rules import geo_precision
from geo.coords import xy
from geo.legs import Leg
from geo.models import Mention, MovementEvent, Place, Route

logger = logging.getLogger(__name__)

__all__ = ["COLUMNS", "events_frame", "frame_kind", "legs_frame", "places_frame",
           "validate_frame"]

_PLACES = {S.PLACE_ID: "str", S.NAME: "str", S.COUNTRY: "str", S.KIND: "str",
           S.MENTIONS: "int", S.DOCS: "json"}
_EVENTS = {
    S.EVENT_ID: "str", S.DOC: "str", S.ACTOR: "str", S.ACTOR_GROUP: "str",
    S.ACTOR_FAMILY: "str", S.ACTION: "str", S.MODE: "str", S.ORIGIN: "str",
    S.DESTINATION: "str", S.VIA: "str", S.DATE_START: "date", S.DATE_END: "date",
    S.DATE_PRECISION: "str", S.DATE_TEXT: "str", S.DATE_INFERRED: "bool", S.QUOTE: "str",
    S.CONFIDENCE: "float", S.CORRIDOR: "str", S.ROUTE_KIND: "str", S.GEO_PRECISION: "str",
    S.APPROXIMATE: "bool", S.INFERRED: "bool", S.NEGATED: "bool", S.LENGTH_KM: "float",
}
_LEGS = {
    S.LEG_ID: "str", S.ACTOR_FAMILY: "str", S.ACTOR: "str", S.ACTORS: "json",
    S.ACTION: "str", S.ACTIONS: "json", S.MODE: "str", S.ORIGIN: "str", S.DESTINATION: "str",
    S.VIA: "str", S.DATE_START: "date", S.DATE_END: "date", S.TIME_PRECISION: "str",
    S.DATE_INFERRED: "bool", S.GEO_PRECISION: "str", S.CORRIDOR: "str", S.ROUTE_KIND: "str",
    S.APPROXIMATE: "bool", S.INFERRED: "bool", S.LENGTH_KM: "float", S.N_SOURCES: "int",
    S.N_DOCS: "int", S.CONFIDENCE: "float", S.QUOTE: "str", S.QUOTES: "json", S.DOCS: "json",
    S.OUTLETS: "json", S.SOURCES: "json", S.DESTINATIONS_REPORTED: "json",
    S.DATES_REPORTED: "json", S.EVENT_IDS: "json",
}
#: Columns (in order, geometry last) and value types of each frame kind.
COLUMNS: dict[str, dict[str, str]] = {"places": _PLACES, "events": _EVENTS, "legs": _LEGS}
_GEOM_TYPES = {
    "places": {"Point"},
    "events": {"Point", "LineString", "MultiLineString"},
    "legs": {"Point", "LineString", "MultiLineString"},
}
_KEY_COLUMN = {S.LEG_ID: "legs", S.EVENT_ID: "events", S.PLACE_ID: "places"}


def _json(values: Iterable) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _name(mention: Mention | None) -> str:
    """Resolved place name, else the text as written, else ""."""
    if mention is None:
        return ""
    return mention.place.name if mention.place is not None else mention.text


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _point(place: Place | None) -> Point | None:
    return Point(xy(place.lat, place.lon)) if place is not None else None


def _frame(rows: list[dict], geometry: list, kind: str) -> gpd.GeoDataFrame:
    columns = list(COLUMNS[kind])
    gdf = gpd.GeoDataFrame(rows, columns=columns, geometry=geometry, crs=S.CRS)
    for col, typ in COLUMNS[kind].items():
        if typ == "bool":
            gdf[col] = gdf[col].astype(bool)
        elif typ == "int":
            gdf[col] = gdf[col].astype("int64")
        elif typ == "float":
            gdf[col] = gdf[col].astype("float64")
    return gdf


def places_frame(mentions: Sequence[Mention]) -> gpd.GeoDataFrame:
    """One Point per resolved place, with its number of mentions and the documents naming it.

    Parameters
    ----------
    mentions
        Mentions from any number of documents; unresolved ones are skipped (they are reported
        by the pipeline, not drawn).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``COLUMNS["places"]``, sorted by mentions (most first), then name and id.
    """
    by_id: dict[str, tuple[Place, list[str]]] = {}
    for m in mentions:
        if m.place is not None:
            by_id.setdefault(m.place.place_id, (m.place, []))[1].append(m.doc)
    items = sorted(by_id.values(), key=lambda v: (-len(v[1]), v[0].name, v[0].place_id))
    rows = [{S.PLACE_ID: p.place_id, S.NAME: p.name, S.COUNTRY: p.country or "", S.KIND: p.kind,
             S.MENTIONS: len(docs), S.DOCS: _json(sorted(set(docs)))} for p, docs in items]
    return _frame(rows, [_point(p) for p, _ in items], "places")


def _event_geometry(event: MovementEvent, route: Route | None) -> tuple[object, str]:
    if route is not None and route.geometry is not None and not route.geometry.is_empty:
        return route.geometry, route.kind
    for mention in (event.destination, event.origin):
        if mention is not None and mention.place is not None:
            return _point(mention.place), "marker"
    return None, ""


def events_frame(events: Sequence[MovementEvent], routes: Sequence[Route]) -> gpd.GeoDataFrame:
    """One row per event: its route line, or a Point at the destination (else at the origin).

    Negated events are kept (``negated`` True) so a map can show or hide them; events with no
    located place have a null geometry.

    Parameters
    ----------
    events
        Movement events, in the order wanted for the rows.
    routes
        Routes matched to the events by ``event_id`` (an event may have none).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``COLUMNS["events"]``.
    """
    route_of = {r.event_id: r for r in routes}
    rows, geoms = [], []
    for e in events:
        route = route_of.get(e.event_id)
        geom, route_kind = _event_geometry(e, route)
        start = (route.start if route else None) or (e.origin.place if e.origin else None)
        end = (e.destination.place if e.destination else None) or (route.end if route else None)
        d = e.date
        rows.append({
            S.EVENT_ID: e.event_id, S.DOC: e.doc, S.ACTOR: e.actor,
            S.ACTOR_GROUP: e.actor_group or "", S.ACTOR_FAMILY: e.actor_family or "",
            S.ACTION: e.action, S.MODE: e.mode or "", S.ORIGIN: _name(e.origin),
            S.DESTINATION: _name(e.destination), S.VIA: " > ".join(_name(v) for v in e.via),
            S.DATE_START: _iso(d.start) if d else None, S.DATE_END: _iso(d.end) if d else None,
            S.DATE_PRECISION: d.precision if d else "", S.DATE_TEXT: d.text if d else "",
            S.DATE_INFERRED: bool(d.inferred) if d else False, S.QUOTE: e.quote,
            S.CONFIDENCE: e.confidence, S.CORRIDOR: route.corridor if route else "",
            S.ROUTE_KIND: route_kind, S.GEO_PRECISION: geo_precision(start, end),
            S.APPROXIMATE: bool(route.approximate) if route else False,
            S.INFERRED: bool(route.inferred) if route else False, S.NEGATED: e.negated,
            S.LENGTH_KM: float(route.length_km) if route else 0.0,
        })
        geoms.append(geom)
    return _frame(rows, geoms, "events")


def legs_frame(legs: Sequence[Leg]) -> gpd.GeoDataFrame:
    """One row per leg (see :class:`geo.legs.Leg`), list fields as JSON text.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``COLUMNS["legs"]``; geometry LineString/MultiLineString, a Point for an
        arrival with no known start, or null.
    """
    rows = []
    for leg in legs:
        best_quote = leg.sources[0].quote if leg.sources else ""
        rows.append({
            S.LEG_ID: leg.leg_id, S.ACTOR_FAMILY: leg.family,
            S.ACTOR: leg.actors[0] if leg.actors else "", S.ACTORS: _json(leg.actors),
            S.ACTION: leg.action, S.ACTIONS: _json(leg.actions), S.MODE: leg.mode or "",
            S.ORIGIN: leg.origin.name if leg.origin else "",
            S.DESTINATION: leg.destination.name if leg.destination else "",
            S.VIA: " > ".join(p.name for p in leg.via),
            S.DATE_START: _iso(leg.date_start), S.DATE_END: _iso(leg.date_end),
            S.TIME_PRECISION: leg.time_precision, S.DATE_INFERRED: leg.date_inferred,
            S.GEO_PRECISION: leg.geo_precision, S.CORRIDOR: leg.corridor,
            S.ROUTE_KIND: leg.route_kind, S.APPROXIMATE: leg.approximate,
            S.INFERRED: leg.inferred, S.LENGTH_KM: leg.length_km, S.N_SOURCES: leg.n_sources,
            S.N_DOCS: leg.n_docs, S.CONFIDENCE: leg.confidence, S.QUOTE: best_quote,
            S.QUOTES: _json(leg.quotes), S.DOCS: _json(dict.fromkeys(s.doc for s in leg.sources)),
            S.OUTLETS: _json(dict.fromkeys(s.outlet for s in leg.sources if s.outlet)),
            S.SOURCES: _json(s.as_dict() for s in leg.sources),
            S.DESTINATIONS_REPORTED: _json(leg.destinations_reported),
            S.DATES_REPORTED: _json(leg.dates_reported), S.EVENT_IDS: _json(leg.event_ids),
        })
    return _frame(rows, [leg.geometry for leg in legs], "legs")


def frame_kind(gdf: gpd.GeoDataFrame) -> str | None:
    """"places", "events" or "legs" from the frame's key column; None if none is present."""
    return next((kind for col, kind in _KEY_COLUMN.items() if col in gdf.columns), None)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def validate_frame(gdf: gpd.GeoDataFrame, kind: str) -> list[str]:
    """Check a frame against the contract; returns the problems found (empty when valid).

    Checks the CRS, the columns and their order, value types (JSON lists, ISO dates, no null
    text), geometry types and coordinate ranges.

    Parameters
    ----------
    gdf
        The frame to check.
    kind
        "places", "events" or "legs".
    """
    if kind not in COLUMNS:
        raise ValueError(f"unknown frame kind {kind!r}; expected one of {sorted(COLUMNS)}")
    problems = []
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        problems.append(f"CRS is {gdf.crs}, expected {S.CRS}")
    expected = [*COLUMNS[kind], S.GEOMETRY]
    if list(gdf.columns) != expected:
        missing = [c for c in expected if c not in gdf.columns]
        extra = [c for c in gdf.columns if c not in expected]
        problems.append(f"columns differ: missing {missing}, unexpected {extra}")
    for col, typ in COLUMNS[kind].items():
        if col not in gdf.columns:
            continue
        for i, value in enumerate(gdf[col].tolist()):
            problem = _value_problem(value, typ)
            if problem:
                problems.append(f"{col} row {i}: {problem}")
                break
    geoms = gdf.geometry
    present = geoms[~(geoms.isna() | geoms.is_empty)]
    bad_types = set(present.geom_type) - _GEOM_TYPES[kind]
    if bad_types:
        problems.append(f"geometry types {sorted(bad_types)} not allowed in {kind}")
    if len(present):
        minx, miny, maxx, maxy = present.total_bounds
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            problems.append(f"coordinates out of lon/lat range: {present.total_bounds}")
    if (~present.is_valid).any():
        problems.append(f"{int((~present.is_valid).sum())} invalid geometries")
    return problems


def _value_problem(value, typ: str) -> str | None:
    if typ == "date":
        if _missing(value):
            return None
        if not (isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"):
            return f"not an ISO date: {value!r}"
    elif typ in ("str", "json"):
        if not isinstance(value, str):
            return f"not text: {value!r}"
        if typ == "json":
            try:
                if not isinstance(json.loads(value), list):
                    return "JSON is not a list"
            except json.JSONDecodeError as exc:
                return f"bad JSON ({exc})"
    elif typ == "bool" and not isinstance(value, bool):
        return f"not a boolean: {value!r}"
    elif typ in ("int", "float") and (_missing(value) or isinstance(value, (str, bool))):
        return f"not a number: {value!r}"
    return None
