"""Road graphs: the embedded one (data/roads.geojson) or a user's OpenStreetMap extract.

Every graph returned here is an undirected :class:`networkx.Graph` with

* node attributes ``lat``, ``lon`` and, where known, ``name``, ``kind`` (a gazetteer place
  kind; border crossings are ``"crossing"``), ``country`` (ISO 3166-1 alpha-2) and, for
  crossings, ``countries`` (e.g. ``"SY-LB"``);
* edge attributes ``length_km``, ``road`` (name, may be ``""``), ``approximate`` (the course
  between the two ends is not known) and optionally ``coords``/``coords_from``: the edge's
  shape as (lon, lat) pairs, starting at node ``coords_from`` (OSM extracts). Edges without
  ``coords`` are straight segments.

Graphs are cached and shared between callers: treat them as read-only.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import weakref
from pathlib import Path

import networkx as nx
import numpy as np

from geo.config import DATA_DIR
from geo.errors import RoutingError
from geo.models import PLACE_KINDS, Place

logger = logging.getLogger(__name__)

#: Mean Earth radius (km) used for haversine distances.
EARTH_RADIUS_KM = 6371.0088
#: Name of the embedded road graph in the data folder.
ROADS_FILE = "roads.geojson"
_OSM_SUFFIXES = (".osm", ".osm.xml", ".xml", ".osm.pbf", ".pbf")


def load_road_graph(path: str | Path | None = None) -> nx.Graph:
    """Load a road graph: the embedded one, or a user-supplied road network.

    Parameters
    ----------
    path
        None for the embedded graph (``data/roads.geojson``); a ``.geojson`` file in the same
        format; or an OpenStreetMap extract (``.osm`` XML or ``.osm.pbf``).

    Returns
    -------
    networkx.Graph
        Cached per file (and its modification time): do not mutate it.

    Raises
    ------
    RoutingError
        The file is missing, of an unknown type or cannot be parsed; the message names it.
    """
    target = Path(path) if path is not None else DATA_DIR / ROADS_FILE
    try:
        stat = target.stat()
    except OSError as e:
        raise RoutingError(f"{target}: road network file cannot be read ({e.strerror})") from e
    return _load_cached(str(target.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> nx.Graph:
    target = Path(path)
    name = target.name.lower()
    if name.endswith((".geojson", ".json")):
        graph = read_roads_geojson(target)
    elif name.endswith(_OSM_SUFFIXES):
        from geo.osm import load_osm_graph  # osmnx / pyrosm only when needed

        graph = load_osm_graph(target)
    else:
        raise RoutingError(
            f"{target}: unknown road network type (expected .geojson, .osm or .osm.pbf)")
    logger.info("road graph %s: %d nodes, %d edges", target, graph.number_of_nodes(),
                graph.number_of_edges())
    return graph


def read_roads_geojson(path: Path) -> nx.Graph:
    """Read a road graph stored as GeoJSON (node Points and edge LineStrings).

    Node features carry ``feature: "node"`` and an ``id``; edge features ``feature: "edge"``,
    ``u``, ``v``, ``road`` and ``length_km`` (see ``data/build_roads.py``).

    Raises
    ------
    RoutingError
        Unreadable JSON, a feature without the required properties, an edge to an unknown node.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise RoutingError(f"{path}: not a road-graph GeoJSON FeatureCollection ({e})") from e
    graph = nx.Graph(source=str(path), name=Path(path).name)
    edges = []
    for i, feature in enumerate(features):
        try:
            props = feature["properties"]
            geometry = feature["geometry"]
            if props["feature"] == "node":
                lon, lat = geometry["coordinates"][:2]
                attrs = {k: v for k, v in props.items() if k not in ("feature", "id")}
                graph.add_node(props["id"], lat=float(lat), lon=float(lon), **attrs)
            elif props["feature"] == "edge":
                edges.append((props["u"], props["v"], {
                    "road": props.get("road", ""), "ref": props.get("ref", ""),
                    "length_km": float(props["length_km"]),
                    "approximate": bool(props.get("approximate", False)),
                }))
        except (KeyError, TypeError, ValueError) as e:
            raise RoutingError(f"{path}: feature {i} is not a valid node or edge ({e})") from e
    for u, v, attrs in edges:
        if u not in graph or v not in graph:
            raise RoutingError(f"{path}: edge {u} - {v} refers to an unknown node")
        graph.add_edge(u, v, **attrs)
    if graph.number_of_nodes() == 0:
        raise RoutingError(f"{path}: the road graph has no nodes")
    return graph


def haversine_km(lat1: float | np.ndarray, lon1: float | np.ndarray,
                 lat2: float | np.ndarray, lon2: float | np.ndarray) -> float | np.ndarray:
    """Great-circle distance in km (vectorised over numpy arrays; plain floats stay floats)."""
    if all(isinstance(x, float | int) for x in (lat1, lon1, lat2, lon2)):
        q1, q2 = math.radians(lat1), math.radians(lat2)  # type: ignore[arg-type]
        dq, dl = q2 - q1, math.radians(lon2 - lon1)  # type: ignore[operator]
        h = math.sin(dq / 2) ** 2 + math.cos(q1) * math.cos(q2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


class NodeIndex:
    """Nearest-node look-ups over a graph's nodes (vectorised haversine)."""

    def __init__(self, graph: nx.Graph) -> None:
        self.nodes = list(graph.nodes)
        self.lat = np.array([graph.nodes[n]["lat"] for n in self.nodes], dtype=float)
        self.lon = np.array([graph.nodes[n]["lon"] for n in self.nodes], dtype=float)

    def nearest(self, lat: float, lon: float) -> tuple[object, float]:
        """The node nearest to (lat, lon) and its distance in km."""
        dist = haversine_km(lat, lon, self.lat, self.lon)
        i = int(np.argmin(dist))
        return self.nodes[i], float(dist[i])


_INDEXES: weakref.WeakKeyDictionary[nx.Graph, NodeIndex] = weakref.WeakKeyDictionary()


def node_index(graph: nx.Graph) -> NodeIndex:
    """The (cached) nearest-node index of ``graph``."""
    index = _INDEXES.get(graph)
    if index is None or len(index.nodes) != graph.number_of_nodes():
        index = _INDEXES[graph] = NodeIndex(graph)
    return index


def nearest_node(graph: nx.Graph, lat: float, lon: float) -> tuple[object, float]:
    """The graph node nearest to (lat, lon), and its distance in km.

    Raises
    ------
    RoutingError
        The graph has no nodes.
    """
    if graph.number_of_nodes() == 0:
        raise RoutingError(f"{graph.graph.get('source', 'road graph')}: the graph has no nodes")
    return node_index(graph).nearest(lat, lon)


def node_place(graph: nx.Graph, node: object) -> Place:
    """A graph node as a :class:`~geo.models.Place` (e.g. the border crossing a route ends at)."""
    data = graph.nodes[node]
    kind = data.get("kind", "other")
    return Place(
        place_id=str(node), name=str(data.get("name") or node), lat=float(data["lat"]),
        lon=float(data["lon"]), country=data.get("country"),
        kind=kind if kind in PLACE_KINDS else "other", source="roads",
    )


def edge_coords(graph: nx.Graph, u: object, v: object) -> list[tuple[float, float]]:
    """The (lon, lat) shape of edge u-v, oriented from u to v."""
    data = graph.edges[u, v]
    coords = data.get("coords")
    if not coords:
        a, b = graph.nodes[u], graph.nodes[v]
        return [(a["lon"], a["lat"]), (b["lon"], b["lat"])]
    coords = list(coords)
    return coords if data.get("coords_from") == u else coords[::-1]


def crossings(graph: nx.Graph, country: str) -> list[object]:
    """Nodes of kind ``crossing`` that lead into ``country`` (ISO alpha-2)."""
    country = country.upper()
    return [n for n, d in graph.nodes(data=True)
            if d.get("kind") == "crossing" and country in str(d.get("countries", "")).split("-")]
