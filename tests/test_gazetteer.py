"""Gazetteer: transliteration keys, lookup, ranking toward the region, countries, regions."""

from __future__ import annotations

import gzip
import json

import pytest

from geo._keys import fold, normalize
from geo.errors import GazetteerError
from geo.gazetteer import DIRECTIONS, Gazetteer, load_gazetteer
from geo.models import PLACE_KINDS
from geo.roads import haversine_km

# (spellings, true lat, true lon) -- truth from Wikipedia article coordinates.
VARIANTS = [
    (["Deir ez-Zor", "Deir Ezzor", "Der az-Zour", "Deir al-Zour", "Deir Ez-Zor", "Dayr az-Zawr",
      "Deir el-Zor"], 35.336, 40.141),
    (["Al-Bukamal", "Abu Kamal", "Albu Kamal", "Al Bukamal", "Albukamal"], 34.453, 40.918),
    (["Qa'im", "Al Qaim", "Al-Qa'im", "Al Qā’im", "al-Qaim"], 34.39, 41.0),
    (["Khmeimim", "Hmeimim", "Humaymim", "Hmeymim", "Khmeimim Air Base", "Hmeimim airbase"],
     35.412, 35.945),
    (["Suwayda", "Sweida", "Suweida", "As-Suwayda", "As Suwaydah"], 32.709, 36.57),
    (["Latakia", "Lattakia", "Al-Ladhiqiyah", "Al Lādhiqīyah"], 35.531, 35.791),
    (["Qusayr", "Al-Qusayr", "Qusair", "al-Qusayr"], 34.512, 36.576),
    (["Palmyra", "Tadmur", "Tadmor"], 34.56, 38.28),
    (["Sayyida Zaynab", "Sayyidah Zaynab", "Sayyida Zeinab", "Sitt Zaynab"], 33.447, 36.336),
    (["Al-Tanf", "At-Tanf", "Tanf", "Al Tanf"], 33.506, 38.618),
    (["T4", "T-4 air base", "Tiyas air base", "Tiyas"], 34.523, 37.63),
    (["Mezzeh", "Mazzeh", "al-Mazzah"], 33.503, 36.258),
    (["Damascus airport", "Damascus International Airport"], 33.41, 36.52),
    (["Beirut airport", "Beirut International Airport", "Beirut-Rafic Hariri airport",
      "Rafic Hariri International Airport"], 33.82, 35.49),
    (["Masnaa", "Masnaa crossing", "Al-Masnaa border crossing"], 33.703, 35.924),
    (["Al-Qaim border crossing", "Al-Bukamal crossing", "Qaim crossing"], 34.42, 40.95),
    (["Qalamoun", "Qalamun Mountains"], 34.0, 36.82),
    (["Beirut", "Bayrut", "Beyrouth"], 33.894, 35.502),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(("names", "lat", "lon"), VARIANTS, ids=[v[0][0] for v in VARIANTS])
def test_transliteration_variants_resolve_to_one_place(gaz, names, lat, lon):
    places = [gaz.lookup(n) for n in names]
    assert all(p is not None for p in places), dict(zip(names, places, strict=True))
    assert len({p.place_id for p in places}) == 1, {
        n: p.name for n, p in zip(names, places, strict=True)}
    assert haversine_km(places[0].lat, places[0].lon, lat, lon) < 5


@pytest.mark.parametrize(("name", "country", "kind"), [
    ("Palmyra", "SY", None),          # not Australia or the US
    ("Lebanon", "LB", "country"),     # not a US town
    ("Al-Qusayr", "SY", None),        # not the Egyptian port
    ("Tripoli", "LB", None),          # the Lebanese one in this region
    ("Jordan", "JO", "country"),
    ("Hama", "SY", "city"),           # not El Hamma (Tunisia)
    ("Homs", "SY", "city"),           # the city, not the governorate
    ("Homs province", "SY", "governorate"),
    ("Idlib Governorate", "SY", "governorate"),
    ("Rif Dimashq", "SY", "governorate"),
    ("Anbar", "IQ", "governorate"),
    ("Tehran", "IR", "city"),
    ("Gaza Strip", "PS", "region"),
    ("Kabul", "AF", "city"),
    ("Akkar", "LB", "governorate"),   # the governorate, not a village with that alias
    ("Shayrat airfield", "SY", "airbase"),
    ("Tartus naval base", "SY", "base"),
])
def test_ranking_prefers_the_region(gaz, name, country, kind):
    place = gaz.lookup(name)
    assert place is not None
    assert place.country == country
    if kind:
        assert place.kind == kind


@pytest.mark.parametrize(("name", "cc"), [
    ("Iran", "IR"), ("Syria", "SY"), ("Syrian Arab Republic", "SY"), ("Russia", "RU"),
    ("Turkey", "TR"), ("Türkiye", "TR"), ("the US", "US"), ("United States", "US"),
    ("U.S.", "US"), ("Palestinian territories", "PS"), ("Palestine", "PS"), ("Iraq", "IQ"),
    ("Afghanistan", "AF"), ("Pakistan", "PK"), ("Saudi Arabia", "SA"), ("UK", "GB"),
    ("France", "FR"), ("Bolivia", "BO"), ("Korea, Republic of", "KR"), ("Vietnam", "VN"),
])
def test_countries_by_name(gaz, name, cc):
    place = gaz.lookup(name)
    assert place is not None and place.kind == "country" and place.country == cc


def test_every_pycountry_country_has_an_entry(gaz):
    import pycountry

    missing = [c.alpha_2 for c in pycountry.countries if f"iso:{c.alpha_2}" not in gaz]
    assert len(missing) <= 5, missing  # a few uninhabited territories have no point
    for c in pycountry.countries:
        if f"iso:{c.alpha_2}" in gaz:
            assert gaz.lookup(c.name).country == c.alpha_2, c.name


def test_country_points_are_inside_the_country(gaz):
    # Natural Earth label points: a few well-known checks against rough bounding boxes.
    boxes = {"SY": (32.3, 37.4, 35.7, 42.4), "LB": (33.0, 34.7, 35.1, 36.7),
             "IQ": (29.0, 37.4, 38.8, 48.6), "IR": (25.0, 39.8, 44.0, 63.4)}
    for cc, (lat0, lat1, lon0, lon1) in boxes.items():
        p = gaz.country(cc)
        assert lat0 < p.lat < lat1 and lon0 < p.lon < lon1, p


@pytest.mark.parametrize(("cc", "direction", "check"), [
    ("SY", "east", lambda p, c: p.lon > c.lon + 1),
    ("SY", "west", lambda p, c: p.lon < c.lon - 1),
    ("IQ", "north", lambda p, c: p.lat > c.lat + 1),
    ("LB", "south", lambda p, c: p.lat < c.lat - 0.3),
    ("SY", "northeast", lambda p, c: p.lat > c.lat and p.lon > c.lon),
    ("IR", "southwest", lambda p, c: p.lat < c.lat and p.lon < c.lon),
])
def test_directional_regions(gaz, cc, direction, check):
    region = gaz.region(cc, direction)
    assert region is not None and region.kind == "region" and region.country == cc
    assert check(region, gaz.country(cc))


def test_region_names_and_unknown_direction(gaz):
    assert gaz.lookup("eastern Syria") == gaz.region("SY", "east")
    assert gaz.region("SY", "upwards") is None
    assert set(DIRECTIONS) >= {"north", "central", "southwest"}


def test_entries_are_valid(gaz):
    kinds = set()
    for i in range(0, len(gaz), 97):
        p = gaz._place(i)
        kinds.add(p.kind)
        assert p.kind in PLACE_KINDS and p.name and p.source
    assert {"city", "country", "region"} <= kinds
    assert gaz.get("sup:hmeimim").kind == "airbase"
    with pytest.raises(KeyError):
        gaz.get("nope:1")


def test_supplement_rows_have_sources():
    import csv

    from geo.config import DATA_DIR

    with (DATA_DIR / "gazetteer_supplement.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"].strip() for r in rows)
    for r in rows:
        if r["lat"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180


@pytest.mark.parametrize(("a", "b"), [
    ("Deir ez-Zor", "Deir al-Zor"), ("Al-Qa'im", "al Qaim"), ("U.S.", "US"),
    ("Ālbū Kamāl", "Albu Kamal"), ("Qa’im", "Qaʿim"),
])
def test_normalize_equal(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Der az-Zour", "Deir Ezzor"), ("Sweida", "As-Suwayda"), ("Qusair", "Qusayr"),
    ("Khmeimim", "Hmeimim"), ("Lattakia", "Latakia"), ("Raqqa", "Ar-Raqqah"),
])
def test_fold_equal(a, b):
    assert normalize(a) != normalize(b) or a == b
    assert fold(normalize(a)) == fold(normalize(b))


@pytest.mark.parametrize(("a", "b"), [("Hama", "Homs"), ("Iran", "Iraq"), ("Daraa", "Duma")])
def test_fold_keeps_different_places_apart(a, b):
    assert fold(normalize(a)) != fold(normalize(b))


def test_fuzzy_only_regional_and_long(gaz):
    assert gaz.lookup("Hmeimeem").place_id == "sup:hmeimim"   # folded
    assert gaz.lookup("Khmeimeem air base").place_id == "sup:hmeimim"  # fuzzy, regional
    assert gaz.lookup("Hamaa", fuzzy=True) is None or gaz.lookup("Hamaa").country == "SY"
    assert gaz.fuzzy("Hma") == []  # too short for fuzzy matching
    assert all(gaz.tier(p) <= 1 for p in gaz.fuzzy("Zabadanee"))


def test_unknown_name(gaz):
    assert gaz.lookup("Xyzzyqwert") is None
    assert gaz.candidates("") == []


def test_bad_files(tmp_path):
    with pytest.raises(GazetteerError, match="not found"):
        load_gazetteer(tmp_path)
    (tmp_path / "gazetteer.json.gz").write_bytes(b"not gzip")
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer(tmp_path)
    other = tmp_path / "v"
    other.mkdir()
    with gzip.open(other / "gazetteer.json.gz", "wt") as fh:
        json.dump({"key_version": -1}, fh)
    with pytest.raises(GazetteerError, match="rebuild"):
        load_gazetteer(other)


def test_indexed_key_is_the_key_of_known_names_only(monkeypatch):
    gaz = load_gazetteer()
    assert gaz.indexed_key("Deir Ezzor") == normalize("Deir Ezzor") == "deir ezzor"
    assert gaz.indexed_key("Der az-Zour") == "der zour"  # known through the folded key
    assert gaz.indexed_key("Qwertyzzx") is None
    assert gaz.indexed_key("Q") is None
    monkeypatch.setattr("geo.gazetteer.NAME_CACHE_SIZE", 2)  # answers survive a full cache
    assert [gaz.indexed_key(n) for n in ("Homs", "Qwertyzzx", "Al-Qa'im", "Homs")] == [
        "homs", None, "qaim", "homs"]
