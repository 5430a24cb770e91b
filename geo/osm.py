"""Road graphs from a user's OpenStreetMap extract (.osm XML via osmnx, .osm.pbf via pyrosm).

The result has the same shape as the embedded graph (see :mod:`geo.roads`): an undirected
:class:`networkx.Graph`, nodes with ``lat``/``lon`` (and ``name``/``kind`` where OSM tags
say), edges with ``length_km``, ``road`` and the way's shape in ``coords``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from geo.errors import RoutingError

logger = logging.getLogger(__name__)

#: Node tags kept from the extract (names of towns, border posts).
_NODE_TAGS = ("name", "place", "barrier", "highway")
_PLACE_KINDS = {"city": "city", "town": "town", "village": "village", "hamlet": "village"}


def load_osm_graph(path: str | Path) -> nx.Graph:
    """Read an OSM extract into a road graph.

    Parameters
    ----------
    path
        An ``.osm`` / ``.osm.xml`` XML file (read with :func:`osmnx.graph_from_xml`) or an
        ``.osm.pbf`` file (read with :mod:`pyrosm`, driving network).

    Returns
    -------
    networkx.Graph

    Raises
    ------
    RoutingError
        The file cannot be parsed or holds no highway ways; the message names the file.
    """
    path = Path(path)
    if path.name.lower().endswith(".pbf"):
        graph = _from_pbf(path)
    else:
        graph = _from_xml(path)
    if graph.number_of_edges() == 0:
        raise RoutingError(f"{path}: the OSM extract holds no highway ways")
    graph.graph.update(source=str(path), name=path.name)
    return graph


def _from_xml(path: Path) -> nx.Graph:
    import osmnx as ox

    settings = ox.settings
    saved = settings.useful_tags_node
    settings.useful_tags_node = list(dict.fromkeys([*saved, *_NODE_TAGS]))
    try:
        multi = ox.graph_from_xml(path, simplify=True, retain_all=True)
    # osmnx raises XML parse errors, ValueError, KeyError and its own errors on bad input;
    # this is the boundary to a third-party reader, so any failure becomes a RoutingError.
    except Exception as e:
        raise RoutingError(f"{path}: cannot read the OSM extract ({type(e).__name__}: {e})") from e
    finally:
        settings.useful_tags_node = saved
    graph = nx.Graph()
    for node, data in multi.nodes(data=True):
        graph.add_node(node, **_node_attrs(data.get("y"), data.get("x"), data))
    for u, v, data in multi.edges(data=True):
        if u == v or "highway" not in data:
            continue
        geometry = data.get("geometry")
        coords = tuple(geometry.coords) if geometry is not None else None
        _add_edge(graph, u, v, float(data.get("length", 0.0)) / 1000.0,
                  _road_name(data), coords)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


def _from_pbf(path: Path) -> nx.Graph:
    try:
        from pyrosm import OSM

        nodes, edges = OSM(str(path)).get_network(network_type="driving", nodes=True)
    except Exception as e:  # third-party reader boundary, see _from_xml
        raise RoutingError(f"{path}: cannot read the OSM extract ({type(e).__name__}: {e})") from e
    if nodes is None or edges is None:
        raise RoutingError(f"{path}: the OSM extract holds no highway ways")
    graph = nx.Graph()
    for row in nodes.itertuples(index=False):
        graph.add_node(row.id, **_node_attrs(row.lat, row.lon, row._asdict()))
    for row in edges.itertuples(index=False):
        data = row._asdict()
        if data["u"] == data["v"] or data["u"] not in graph or data["v"] not in graph:
            continue
        coords = tuple(data["geometry"].coords) if data.get("geometry") is not None else None
        _add_edge(graph, data["u"], data["v"], float(data.get("length") or 0.0) / 1000.0,
                  _road_name(data), coords)
    graph.remove_nodes_from([n for n in list(graph.nodes) if graph.degree(n) == 0])
    return graph


def _node_attrs(lat: object, lon: object, data: dict) -> dict:
    attrs: dict = {"lat": float(lat), "lon": float(lon)}  # type: ignore[arg-type]
    name = data.get("name")
    if isinstance(name, str) and name:
        attrs["name"] = name
    if data.get("barrier") == "border_control":
        attrs["kind"] = "crossing"
    elif data.get("place") in _PLACE_KINDS:
        attrs["kind"] = _PLACE_KINDS[data["place"]]
    return attrs


def _road_name(data: dict) -> str:
    parts: list[str] = []
    for key in ("name", "ref"):
        value = data.get(key)
        values: Iterable = value if isinstance(value, list) else [value]
        parts.extend(str(x) for x in values if isinstance(x, str) and x and x not in parts)
    return " / ".join(parts)


def _add_edge(graph: nx.Graph, u: object, v: object, length_km: float, road: str,
              coords: tuple | None) -> None:
    if graph.has_edge(u, v) and graph.edges[u, v]["length_km"] <= length_km:
        return  # keep the shorter of parallel ways
    attrs: dict = {"length_km": length_km, "road": road, "approximate": False}
    if coords and len(coords) > 2:
        attrs["coords"] = coords
        attrs["coords_from"] = u
    graph.add_edge(u, v, **attrs)
