"""geopy fallback against a local Nominatim stand-in (127.0.0.1 only; no network)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from geo.config import Settings
from geo.errors import GeocodingError
from geo.geocode import CACHE_FILE, Geocoder, make_geocoder
from geo.places import find_places

ANSWERS = {
    "qwertyabad": [{
        "place_id": 42, "osm_type": "node", "osm_id": 123456, "lat": "34.5", "lon": "38.25",
        "display_name": "Qwertyabad, Homs Governorate, Syria", "class": "place",
        "type": "village", "address": {"village": "Qwertyabad", "country_code": "sy"},
    }],
    "zzyzx crossing": [{
        "place_id": 43, "osm_type": "way", "osm_id": 99, "lat": "33.1", "lon": "44.2",
        "display_name": "Zzyzx Crossing, Iraq", "class": "barrier", "type": "border_control",
        "address": {"country_code": "iq"},
    }],
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        url = urlparse(self.path)
        query = parse_qs(url.query).get("q", [""])[0]
        type(self).requests.append(query)
        if url.path != "/search":
            self.send_response(404)
            self.end_headers()
            return
        if query == "boom":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"internal error")
            return
        body = json.dumps(ANSWERS.get(query.lower(), [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture()
def server():
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture()
def settings(server, tmp_path) -> Settings:
    return Settings(geopy_enabled=True, geopy_user_agent="geo-tests",
                    geopy_domain=f"127.0.0.1:{server.server_address[1]}", geopy_scheme="http",
                    geopy_min_delay=0.0, cache_dir=tmp_path / "cache")


def test_resolved(settings):
    place = Geocoder(settings).geocode("Qwertyabad")
    assert place is not None
    assert (place.name, place.lat, place.lon, place.country) == ("Qwertyabad", 34.5, 38.25, "SY")
    assert place.kind == "village" and place.place_id == "osm:node:123456"
    assert "Nominatim" in place.source


def test_kind_mapping(settings):
    assert Geocoder(settings).geocode("Zzyzx Crossing").kind == "crossing"


def test_cache_hit_makes_no_request(settings):
    g = Geocoder(settings)
    first = g.geocode("Qwertyabad")
    assert _Handler.requests == ["Qwertyabad"]
    assert g.geocode("qwertyabad ") == first
    assert _Handler.requests == ["Qwertyabad"]
    # a new geocoder reads the cache from disk
    again = Geocoder(settings)
    assert again.geocode("Qwertyabad") == first
    assert _Handler.requests == ["Qwertyabad"]
    assert (settings.cache_dir / CACHE_FILE).exists()


def test_not_found_is_cached(settings):
    g = Geocoder(settings)
    assert g.geocode("Nowhereville") is None
    assert g.geocode("Nowhereville") is None
    assert _Handler.requests == ["Nowhereville"]


def test_server_error_raises_geocoding_error(settings):
    g = Geocoder(settings)
    with pytest.raises(GeocodingError, match="boom"):
        g.geocode("boom")
    cache = json.loads((settings.cache_dir / CACHE_FILE).read_text()) \
        if (settings.cache_dir / CACHE_FILE).exists() else {}
    assert "boom" not in cache  # errors are not cached


def test_find_places_uses_geocoder_for_unresolved_only(settings):
    g = Geocoder(settings)
    text = "Fighters moved from Damascus to Qwertyabad and then to Nowhereville."
    ms = find_places(text, "doc", geocoder=g)
    got = [(m.text, m.place.name if m.place else None) for m in ms]
    assert got == [("Damascus", "Damascus"), ("Qwertyabad", "Qwertyabad"),
                   ("Nowhereville", None)]
    assert _Handler.requests == ["Qwertyabad", "Nowhereville"]


def test_off_by_default_and_needs_user_agent(tmp_path):
    assert make_geocoder(Settings()) is None
    with pytest.raises(GeocodingError, match="user agent"):
        Geocoder(Settings(cache_dir=tmp_path))
    assert isinstance(make_geocoder(Settings(geopy_enabled=True, geopy_user_agent="x",
                                             cache_dir=tmp_path)), Geocoder)


def test_unreadable_cache_is_replaced(settings):
    settings.cache_dir.mkdir(parents=True)
    (settings.cache_dir / CACHE_FILE).write_text("{broken")
    assert Geocoder(settings).geocode("Qwertyabad").name == "Qwertyabad"
