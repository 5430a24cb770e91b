"""Event routes: turn each movement event into a drawn geometry (:class:`geo.models.Route`).

* Land legs follow the shortest road path (weight ``length_km``) between the graph nodes
  nearest to the origin, each stated waypoint in order, and the destination. A place farther
  than :data:`SNAP_KM` from every node is joined to its nearest node by a straight segment,
  flagged approximate.
* Air legs (``mode == "air"``, action ``fly``, or an airport/air base end with a text that says
  flew / plane / airlift) are geodesic arcs of :data:`AIR_POINTS` points.
* A destination that is only a country ends at the border crossing into that country nearest
  by road from the origin, flagged approximate.
* No start point is invented: a destination-only event is an arrival marker (a Point), unless
  an earlier dated event of the same actor family ends at a known place: that place becomes
  the start, flagged ``inferred``. An origin that is a country or region is used as a point and
  flagged approximate.

Paths, snaps and crossing choices are cached per graph, so repeated node pairs cost a dict
look-up (see bench/bench_routes.py).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import weakref
from collections.abc import Sequence
from itertools import pairwise

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import Point

from geo._arcs import air_arc
from geo._starts import AREA_KINDS, inferred_starts
from geo.coords import xy
from geo.corridors import CorridorRules, assign_corridor, load_corridors
from geo.models import MovementEvent, Place, Route
from geo.roads import (
    crossings,
    edge_coords,
    haversine_km,
    load_road_graph,
    nearest_node,
    node_place,
)

logger = logging.getLogger(__name__)

__all__ = ["AREA_KINDS", "Router", "inferred_starts", "route_events", "router_for"]

#: A place farther than this from every road node is joined by a straight, approximate segment.
SNAP_KM = 50.0
#: Place kinds from which a flight can leave.
AIR_KINDS = frozenset({"airport", "airbase"})
#: Words that say a movement from or to an airport was by air.
AIR_WORDS = re.compile(
    r"\b(?:fl[eo]w|flown|flights?|flying|planes?|aircraft|airlift(?:ed|s)?|air ?bridge|"
    r"by air|cargo jets?|jets?)\b", re.IGNORECASE)
#: Extra cost (km) of passing a node marked ``closed`` (e.g. a closed border crossing).
CLOSED_PENALTY_KM = 1000.0
_MAX_CACHE = 200_000

Coords = list[tuple[float, float]]
#: A cached road path: coordinates, km, approximate stretches, notes on closed nodes passed.
_Path = tuple[Coords, float, tuple[str, ...], tuple[str, ...]]


def route_events(events: Sequence[MovementEvent], *, graph: nx.Graph | None = None,
                 rules: CorridorRules | None = None) -> list[Route]:
    """Draw every event: one :class:`~geo.models.Route` per event, in the same order.

    Parameters
    ----------
    events
        Movement events of a whole corpus (inferred starts look across all of them).
    graph
        A road graph from :func:`geo.roads.load_road_graph`; the embedded one when None.
    rules
        Corridor rules from :func:`geo.corridors.load_corridors`; the embedded ones when None.

    Returns
    -------
    list[Route]

    Raises
    ------
    RoutingError
        The embedded road graph or corridor file cannot be loaded.
    """
    router = router_for(graph if graph is not None else load_road_graph())
    rules = rules or load_corridors()
    starts = inferred_starts(events)
    return [router.route(ev, rules=rules, inferred_start=starts.get(i))
            for i, ev in enumerate(events)]


_ROUTERS: weakref.WeakKeyDictionary[nx.Graph, Router] = weakref.WeakKeyDictionary()


def router_for(graph: nx.Graph) -> Router:
    """The (cached) router of a graph: its caches live as long as the graph."""
    router = _ROUTERS.get(graph)
    if router is None:
        router = _ROUTERS[graph] = Router(graph)
    return router


@dataclasses.dataclass(slots=True)
class _Leg:
    """A geometry under construction."""

    coords: Coords = dataclasses.field(default_factory=list)
    length_km: float = 0.0
    road: bool = False
    approximate: bool = False
    notes: list[str] = dataclasses.field(default_factory=list)
    rough_roads: list[str] = dataclasses.field(default_factory=list)
    crossing: object | None = None

    def extend(self, coords: Sequence[tuple[float, float]]) -> None:
        start = 1 if self.coords and coords and self.coords[-1] == coords[0] else 0
        self.coords.extend(coords[start:])


class Router:
    """Routes events on one graph, caching snaps, paths and crossing choices."""

    def __init__(self, graph: nx.Graph) -> None:
        self.graph = graph
        self._snaps: dict[tuple[float, float], tuple[object, float]] = {}
        self._paths: dict[tuple[object, object], _Path | None] = {}
        self._crossing: dict[tuple[object, str, str], object | None] = {}
        self.hits = 0
        self.misses = 0
        closed = {n for n, d in graph.nodes(data=True) if d.get("closed")}
        self._closed = closed
        self._weight: object = "length_km"
        if closed:
            def cost(u: object, v: object, data: dict) -> float:
                return data["length_km"] + CLOSED_PENALTY_KM * ((u in closed) + (v in closed))

            self._weight = cost

    # -- public --------------------------------------------------------------------------
    def route(self, event: MovementEvent, *, rules: CorridorRules | None = None,
              inferred_start: Place | None = None) -> Route:
        """Draw one event (see the module docstring for the rules)."""
        route = self._draw(event, inferred_start)
        corridor = assign_corridor(event, route, rules=rules)
        return dataclasses.replace(route, corridor=corridor)

    # -- drawing -------------------------------------------------------------------------
    def _draw(self, event: MovementEvent, inferred_start: Place | None) -> Route:
        origin = event.origin.place if event.origin else None
        dest = event.destination.place if event.destination else None
        via = [m.place for m in event.via if m.place is not None]
        notes = [f"waypoint {m.text!r} unresolved, skipped" for m in event.via if m.place is None]
        inferred = False
        last = via[-1] if via else None
        if dest is not None and dest.kind == "country" and last is not None \
                and last.country == dest.country and last.kind not in AREA_KINDS:
            # "crossed into Syria near Al-Bukamal": the country adds no point of its own
            dest, via = last, via[:-1]
            notes.append(f"the route ends at {last.name}, the last stated place in "
                         f"{event.destination.text if event.destination else last.country}")
        if origin is None and via and dest is not None:
            origin, via = via[0], via[1:]
            notes.append("starts at the first stated waypoint (no origin stated)")
            # the reader chose this way out among several the text named
            inferred = any(n.startswith("way out inferred") for n in event.notes)
        elif origin is None and inferred_start is not None and dest is not None:
            origin, inferred = inferred_start, True
            notes.append(f"start inferred from an earlier event of {event.actor_family}")
        if dest is None and origin is None and via:
            notes.append(f"only a waypoint is stated: marker at {via[-1].name}")
            dest = via[-1]
        if dest is None or origin is None:
            return self._marker(event, origin, dest, notes)
        if origin.place_id == dest.place_id and not via:
            notes.append("origin and destination are the same place")
            return self._marker(event, None, dest, notes)
        approximate = origin.kind in AREA_KINDS
        if approximate:
            notes.append(f"origin {origin.name} is a {origin.kind}: its point is approximate")
        if self._is_air(event, origin, dest):
            leg = self._air([origin, *via, dest])
            kind = "air"
        else:
            leg = self._land(origin, via, dest)
            kind = "road" if leg.road else "straight"
            if kind == "straight":
                leg.approximate = True
        end = dest
        if leg.crossing is not None:
            end = node_place(self.graph, leg.crossing)
            notes.append(f"{dest.name} is a country: ends at {end.name}, the border crossing "
                         f"nearest by road")
        if leg.rough_roads:
            shown = ", ".join(dict.fromkeys(leg.rough_roads))
            notes.append(f"approximate road course (no town known in between): {shown}")
        return Route(
            event_id=event.event_id, geometry=_line(leg.coords), kind=kind, corridor="",
            start=origin, end=end, approximate=approximate or leg.approximate,
            inferred=inferred, length_km=round(leg.length_km, 1), notes=(*notes, *leg.notes),
        )

    def _marker(self, event: MovementEvent, origin: Place | None, dest: Place | None,
                notes: list[str]) -> Route:
        place = dest or origin
        if place is None:
            notes.append("no resolved origin or destination: nothing to draw")
            geometry = None
        else:
            geometry = Point(xy(place.lat, place.lon))
            if dest is None:
                notes.append("no destination stated: marker at the origin")
        return Route(event_id=event.event_id, geometry=geometry, kind="marker", corridor="",
                     start=origin if dest is None else None, end=dest,
                     approximate=place is not None and place.kind in AREA_KINDS,
                     notes=tuple(notes))

    @staticmethod
    def _is_air(event: MovementEvent, origin: Place, dest: Place) -> bool:
        if event.mode == "land":
            return False
        if event.mode == "air" or event.action == "fly":
            return True
        ends_at_airport = origin.kind in AIR_KINDS or dest.kind in AIR_KINDS
        return ends_at_airport and bool(AIR_WORDS.search(event.quote or ""))

    def _air(self, stops: list[Place]) -> _Leg:
        leg = _Leg()
        for a, b in pairwise(stops):
            coords, km = air_arc(a.lat, a.lon, b.lat, b.lon)
            leg.extend(coords)
            leg.length_km += km
        if stops[-1].kind in AREA_KINDS:
            leg.approximate = True
            leg.notes.append(f"destination {stops[-1].name} is a {stops[-1].kind}: the arc ends "
                             f"at its representative point")
        return leg

    def _land(self, origin: Place, via: list[Place], dest: Place) -> _Leg:
        leg = _Leg()
        node, km = self._snap(origin)
        self._stub(leg, origin, node, km, at_start=True)
        nodes = [node]
        for place in via:
            node, km = self._snap(place)
            if km > SNAP_KM:
                leg.notes.append(f"waypoint {place.name} is {km:.0f} km from the nearest road "
                                 f"node: the route passes that node instead")
            nodes.append(node)
        crossing = None
        if dest.kind == "country" and dest.country and dest.country != origin.country:
            crossing = self._crossing_for(nodes[-1], dest.country, origin.country or "")
        end_node, end_km = (crossing, 0.0) if crossing is not None else self._snap(dest)
        nodes.append(end_node)
        for u, v in pairwise(nodes):
            self._join(leg, u, v)
        if crossing is not None:
            leg.approximate = True
            leg.crossing = crossing
            return leg
        self._stub(leg, dest, end_node, end_km, at_start=False)
        if dest.kind in AREA_KINDS:
            leg.approximate = True
            leg.notes.append(f"destination {dest.name} is a {dest.kind}: the route ends at its "
                             f"representative point")
        return leg

    def _stub(self, leg: _Leg, place: Place, node: object, km: float, *, at_start: bool) -> None:
        """Join a place to its snapped node (a straight segment)."""
        if km < 0.5:
            if at_start:
                leg.coords.append(xy(place.lat, place.lon))
            return
        data = self.graph.nodes[node]
        seg = [xy(place.lat, place.lon), xy(data["lat"], data["lon"])]
        leg.extend(seg if at_start else seg[::-1])
        leg.length_km += km
        if km > SNAP_KM:
            leg.approximate = True
            leg.notes.append(f"{place.name} is {km:.0f} km from the nearest road node: straight "
                             f"segment")

    def _join(self, leg: _Leg, u: object, v: object) -> None:
        if u == v:
            return
        found = self._path(u, v)
        if found is None:
            a, b = self.graph.nodes[u], self.graph.nodes[v]
            leg.extend([xy(a["lat"], a["lon"]), xy(b["lat"], b["lon"])])
            leg.length_km += float(haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]))
            leg.approximate = True
            leg.notes.append(f"no road between {a.get('name', u)} and {b.get('name', v)}: "
                             f"straight segment")
            return
        coords, km, rough, closed = found
        leg.extend(coords)
        leg.length_km += km
        leg.road = True
        leg.rough_roads.extend(rough)
        leg.notes.extend(closed)

    # -- cached graph queries ------------------------------------------------------------
    def _snap(self, place: Place) -> tuple[object, float]:
        key = (place.lat, place.lon)
        hit = self._snaps.get(key)
        if hit is None:
            hit = self._snaps[key] = nearest_node(self.graph, place.lat, place.lon)
        return hit

    def _path(self, u: object, v: object) -> _Path | None:
        key = (u, v)
        if key in self._paths:
            self.hits += 1
            return self._paths[key]
        self.misses += 1
        if len(self._paths) > _MAX_CACHE:
            self._paths.clear()
        try:
            _, nodes = nx.single_source_dijkstra(self.graph, u, v, weight=self._weight)
        except nx.NetworkXNoPath:
            self._paths[key] = None
            return None
        coords: Coords = []
        rough: list[str] = []
        km = 0.0
        for a, b in pairwise(nodes):
            seg = edge_coords(self.graph, a, b)
            coords.extend(seg[1:] if coords else seg)
            data = self.graph.edges[a, b]
            km += data["length_km"]
            if data.get("approximate"):
                names = (self.graph.nodes[a].get("name", a), self.graph.nodes[b].get("name", b))
                rough.append(f"{names[0]} - {names[1]}")
        closed = tuple(f"passes {self.graph.nodes[n].get('name', n)}: "
                       f"{self.graph.nodes[n]['closed']}" for n in nodes if n in self._closed)
        self._paths[key] = (coords, km, tuple(rough), closed)
        return self._paths[key]

    def _crossing_for(self, source: object, country: str, origin_country: str) -> object | None:
        """The crossing into ``country`` nearest by road from ``source`` (None if none)."""
        key = (source, country.upper(), origin_country.upper())
        if key in self._crossing:
            return self._crossing[key]
        candidates = crossings(self.graph, country)
        same = [c for c in candidates
                if origin_country.upper() in str(self.graph.nodes[c].get("countries", ""))]
        candidates = same or candidates
        best = None
        if candidates:
            lengths = nx.single_source_dijkstra_path_length(self.graph, source,
                                                            weight=self._weight)
            reachable = [(lengths[c], c) for c in candidates if c in lengths]
            best = min(reachable, key=lambda t: t[0])[1] if reachable else None
        self._crossing[key] = best
        return best


def _line(coords: Coords) -> object:
    if len(coords) == 1:
        return Point(coords[0])
    if any(abs(a[0] - b[0]) > 180 for a, b in pairwise(coords)):
        from geo._arcs import split_antimeridian

        return split_antimeridian(coords)
    return shapely.linestrings(np.asarray(coords, dtype=float))
