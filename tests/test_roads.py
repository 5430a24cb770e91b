"""Road graphs: the embedded GeoJSON graph, its build script, and user OSM extracts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import networkx as nx
import pytest

from geo.config import DATA_DIR
from geo.errors import RoutingError
from geo.models import Mention, MovementEvent, Place
from geo.roads import crossings, haversine_km, load_road_graph, nearest_node
from geo.routes import route_events

SMALL_OSM = Path(__file__).parent / "data" / "small.osm"


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    return load_road_graph()


def node_named(graph: nx.Graph, text: str) -> str:
    found = [n for n, d in graph.nodes(data=True) if text.lower() in d["name"].lower()]
    assert found, f"no node named like {text!r}"
    return found[0]


def test_embedded_graph_nodes_and_edges_carry_the_contract_attributes(graph: nx.Graph) -> None:
    assert graph.number_of_nodes() > 100 and graph.number_of_edges() > 100
    for _, data in graph.nodes(data=True):
        assert -90 <= data["lat"] <= 90 and -180 <= data["lon"] <= 180
        assert data["name"] and data["kind"] and len(data["country"]) == 2
    for _, _, data in graph.edges(data=True):
        assert data["length_km"] > 0 and data["road"]
    assert nx.is_connected(graph)
    assert load_road_graph() is graph  # cached


def test_no_long_straight_segment_unless_flagged_approximate(graph: nx.Graph) -> None:
    for u, v, data in graph.edges(data=True):
        a, b = graph.nodes[u], graph.nodes[v]
        km = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
        assert data["length_km"] == pytest.approx(km, abs=0.05)
        assert km <= 60 or data["approximate"], (a["name"], b["name"], km)


@pytest.mark.parametrize(("name", "countries"), [
    ("Al-Bukamal / Al-Qaim", "SY-IQ"), ("Masnaa", "SY-LB"), ("Jousieh", "SY-LB"),
    ("Al-Tanf", "SY-IQ"), ("Nasib", "SY-JO"), ("Bab al-Hawa", "SY-TR"), ("Rabia", "SY-IQ"),
    ("Mehran", "IQ-IR"), ("Khosravi", "IQ-IR"),
])
def test_border_crossings_are_nodes_joining_two_countries(graph: nx.Graph, name: str,
                                                           countries: str) -> None:
    node = node_named(graph, name + " ")
    assert graph.nodes[node]["kind"] == "crossing"
    assert graph.nodes[node]["countries"] == countries
    assert node in crossings(graph, countries.split("-")[1])


@pytest.mark.parametrize(("start", "end", "through"), [
    ("Aleppo", "Daraa", ["Hama", "Homs", "Damascus"]),  # M5
    ("Latakia", "Saraqib", ["Jisr al-Shughur"]),  # M4
    ("Homs", "Latakia", ["Tartus", "Jableh", "Hmeimim"]),
    ("Damascus", "Beirut", ["Masnaa"]),
    ("Homs", "Hermel", ["Al-Qusayr", "Jousieh"]),
    ("Damascus", "Deir ez-Zor", ["Palmyra"]),
    ("Deir ez-Zor", "Al-Qaim", ["Al-Mayadin", "Al-Bukamal"]),
    ("Al-Qaim", "Baghdad", ["Haditha", "Ramadi"]),
    ("Damascus", "Al-Rutbah", ["Al-Tanf"]),
    ("Baghdad", "Tehran", ["Kermanshah"]),
])
def test_required_roads_are_in_the_graph(graph: nx.Graph, start: str, end: str,
                                         through: list[str]) -> None:
    path = nx.shortest_path(graph, node_named(graph, start), node_named(graph, end),
                            weight="length_km")
    names = " | ".join(graph.nodes[n]["name"] for n in path)
    for town in through:
        assert town in names, names


def test_data_file_is_small_documented_and_rebuilt_by_its_script() -> None:
    path = DATA_DIR / "roads.geojson"
    assert path.stat().st_size < 1_000_000
    stored = json.loads(path.read_text(encoding="utf-8"))
    for feature in stored["features"]:
        assert feature["properties"]["source"]
    spec = importlib.util.spec_from_file_location("build_roads", DATA_DIR / "build_roads.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == stored


def test_nearest_node_snaps_to_the_closest_place(graph: nx.Graph) -> None:
    node, km = nearest_node(graph, 34.45, 40.92)
    assert graph.nodes[node]["name"] == "Al-Bukamal" and km < 1


def test_osm_extract_loads_as_a_road_graph() -> None:
    g = load_road_graph(SMALL_OSM)
    assert g.number_of_nodes() == 4  # shape points merged into edges, building dropped
    names = {d.get("name") for _, d in g.nodes(data=True)}
    assert {"West Town", "East Village", "South Post"} <= names
    post = next(n for n, d in g.nodes(data=True) if d.get("name") == "South Post")
    assert g.nodes[post]["kind"] == "crossing"
    roads = {d["road"] for _, _, d in g.edges(data=True)}
    assert roads == {"Test Highway / T1", "Side Road"}
    west = next(n for n, d in g.nodes(data=True) if d.get("name") == "West Town")
    ((_, _, bent),) = [e for e in g.edges(west, data=True)]
    straight = haversine_km(34.5, 36.5, 34.5, 36.56)
    assert bent["length_km"] > straight + 0.5  # follows the bend through (34.52, 36.53)


def test_events_route_along_an_osm_extract() -> None:
    g = load_road_graph(SMALL_OSM)
    west = Place("w", "West Town", 34.5, 36.5, "SY", "town")
    post = Place("s", "South Post", 34.44, 36.57, "SY", "town")
    ev = MovementEvent("e1", "doc", "x", None, None, "move", Mention("doc", "W", 0, 1, west),
                       Mention("doc", "S", 2, 3, post))
    (route,) = route_events([ev], graph=g)
    assert route.kind == "road" and not route.approximate
    coords = list(route.geometry.coords)
    assert (36.53, 34.52) in coords and (36.565, 34.47) in coords
    assert coords[0] == (36.5, 34.5) and coords[-1] == (36.57, 34.44)


@pytest.mark.parametrize(("name", "content"), [
    ("broken.osm", "<osm><node id='1' lat='34' lon="),
    ("empty.osm", "<?xml version='1.0'?><osm version='0.6'>"
                  "<node id='1' lat='34' lon='36'/></osm>"),
    ("nohighway.osm", "<?xml version='1.0'?><osm version='0.6'><node id='1' lat='34' lon='36'/>"
                      "<node id='2' lat='34.1' lon='36'/><way id='3'><nd ref='1'/><nd ref='2'/>"
                      "<tag k='building' v='yes'/></way></osm>"),
    ("roads.txt", "hello"),
    ("bad.geojson", "{not json"),
    ("dangling.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"feature": "edge", "u": "a", "v": "b", "length_km": 1}}]})),
])
def test_bad_road_files_raise_a_routing_error_naming_the_file(tmp_path: Path, name: str,
                                                               content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RoutingError, match=name):
        load_road_graph(path)


def test_missing_road_file_is_a_routing_error(tmp_path: Path) -> None:
    with pytest.raises(RoutingError, match="missing.osm"):
        load_road_graph(tmp_path / "missing.osm")


def test_osm_pbf_extract_loads_through_pyrosm(tmp_path: Path) -> None:
    osmium = pytest.importorskip("osmium")
    pbf = tmp_path / "small.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf))
    for obj in osmium.FileProcessor(str(SMALL_OSM)):
        writer.add(obj)
    writer.close()
    g = load_road_graph(pbf)
    assert {d["road"] for _, _, d in g.edges(data=True)} == {"Test Highway / T1", "Side Road"}
    path = nx.shortest_path(g, 1, 6, weight="length_km")
    assert path == [1, 2, 3, 5, 6]  # the building (ways 7-8-9) is not a road
    km = nx.path_weight(g, path, "length_km")
    assert km == pytest.approx(3.5358 * 2 + 3.3672 * 2, abs=0.01)
