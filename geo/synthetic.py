"""Synthetic legs/places frames with the :mod:`geo.schema` columns, for tests and benchmarks.

Reproducible (seeded) movements between real places of the region, so the map, the filters
and the app can be exercised at any size without running the pipeline.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random

import geopandas as gpd
from shapely.geometry import LineString, Point

from geo import schema as S
from geo.coords import xy

#: (name, lat, lon, country, kind)
PLACES = (
    ("Damascus", 33.513, 36.292, "SY", "city"),
    ("Damascus International Airport", 33.411, 36.516, "SY", "airport"),
    ("Homs", 34.731, 36.709, "SY", "city"),
    ("Aleppo", 36.202, 37.134, "SY", "city"),
    ("Latakia", 35.531, 35.791, "SY", "city"),
    ("Hmeimim Air Base", 35.401, 35.949, "SY", "airbase"),
    ("Deir ez-Zor", 35.336, 40.141, "SY", "city"),
    ("Al-Bukamal", 34.453, 40.918, "SY", "town"),
    ("Al-Qaim", 34.369, 41.094, "IQ", "town"),
    ("Masnaa crossing", 33.700, 36.070, "LB", "crossing"),
    ("Beirut", 33.894, 35.502, "LB", "city"),
    ("Baalbek", 34.006, 36.211, "LB", "city"),
    ("Baghdad", 33.315, 44.366, "IQ", "city"),
    ("Tehran", 35.689, 51.389, "IR", "city"),
    ("Palmyra", 34.560, 38.267, "SY", "town"),
)
ACTIONS = ("withdraw", "flee", "evacuate", "fly", "cross", "redeploy")
OUTLETS = ("Reuters", "AP", "Al-Monitor", "The National", "Enab Baladi")


@functools.cache
def families() -> tuple[str, ...]:
    """The actor families of the real catalog (``data/actors.yaml``), tracked ones."""
    from geo.actors import load_actor_catalog

    return tuple(load_actor_catalog().families())


@functools.cache
def corridors() -> tuple[str, ...]:
    """The corridor names of the real rules (``data/corridors.yaml``), the default last."""
    from geo.corridors import load_corridors

    return tuple(load_corridors().names())


def legs_frame(n: int = 40, *, seed: int = 1, start: dt.date = dt.date(2024, 11, 27),
               days: int = 20, docs: int = 5) -> gpd.GeoDataFrame:
    """``n`` synthetic legs (LineStrings, and a Point every 7th row) over ``days`` days.

    Families and corridors cycle through the real ones (:func:`families`, :func:`corridors`),
    so the legend and the filters are those of real data.
    """
    rng = random.Random(seed)
    fams, cors = families(), corridors()
    rows, geoms = [], []
    for i in range(n):
        a, b = rng.sample(PLACES, 2)
        family = fams[i % len(fams)]
        d0 = start + dt.timedelta(days=rng.randrange(days))
        d1 = d0 + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
        n_src = rng.choice((1, 1, 1, 2, 3, 4))
        doc = f"doc{i % docs:02d}.txt"
        quote = f"{family} units withdrew from {a[0]} towards {b[0]} (item {i})."
        sources = [{"doc": doc if k == 0 else f"doc{(i + k) % docs:02d}.txt",
                    "outlet": OUTLETS[(i + k) % len(OUTLETS)], "title": f"Report {i}-{k}",
                    "url": f"https://example.org/{i}/{k}", "published": d1.isoformat(),
                    "quote": quote, "date_text": d0.strftime("%d %B")} for k in range(n_src)]
        point = i % 7 == 6
        geoms.append(Point(xy(b[1], b[2])) if point
                     else LineString([xy(a[1], a[2]), xy((a[1] + b[1]) / 2 + 0.2,
                                                         (a[2] + b[2]) / 2), xy(b[1], b[2])]))
        rows.append({
            S.LEG_ID: f"L{i:05d}", S.EVENT_IDS: json.dumps([f"E{i:05d}"]), S.DOC: doc,
            S.ACTOR: f"{family} fighters", S.ACTOR_GROUP: family, S.ACTOR_FAMILY: family,
            S.ACTION: ACTIONS[i % len(ACTIONS)], S.MODE: "air" if b[4] == "airport" else "land",
            S.ORIGIN: "" if point else a[0], S.DESTINATION: b[0], S.VIA: "",
            S.DATE_START: d0.isoformat(), S.DATE_END: d1.isoformat(),
            S.DATE_PRECISION: "day" if d0 == d1 else "days", S.TIME_PRECISION: "day",
            S.DATE_TEXT: d0.strftime("%d %B"), S.DATE_INFERRED: False, S.QUOTE: quote,
            S.CONFIDENCE: 0.7, S.CORRIDOR: cors[i % len(cors)],
            S.APPROXIMATE: i % 3 == 1, S.INFERRED: i % 5 == 4, S.NEGATED: False,
            S.GEO_PRECISION: "town", S.N_SOURCES: n_src, S.N_DOCS: n_src,
            S.SOURCES: json.dumps(sources), S.ACTORS: json.dumps([f"{family} fighters"]),
            S.DESTINATIONS_REPORTED: json.dumps([b[0]]),
            S.DATES_REPORTED: json.dumps([f"{d0}/{d1}"]), S.LENGTH_KM: 0.0,
        })
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=S.CRS)


def places_frame(legs: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The synthetic places with mention counts (taken from ``legs`` when given)."""
    counts: dict[str, int] = {}
    if legs is not None:
        for col in (S.ORIGIN, S.DESTINATION):
            for name in legs[col]:
                if name:
                    counts[name] = counts.get(name, 0) + 1
    rows = [{S.PLACE_ID: f"P{i}", S.NAME: name, S.COUNTRY: cc, S.KIND: kind,
             S.MENTIONS: counts.get(name, 1), S.DOCS: json.dumps(["doc00.txt"])}
            for i, (name, _lat, _lon, cc, kind) in enumerate(PLACES)]
    geoms = [Point(xy(lat, lon)) for _n, lat, lon, _c, _k in PLACES]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=S.CRS)
