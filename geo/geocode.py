"""Optional online fallback for names the gazetteer lacks: geopy's Nominatim, cached on disk.

Off by default (:attr:`geo.config.Settings.geopy_enabled`). When on it needs a user agent,
sends at most one request per :attr:`~geo.config.Settings.geopy_min_delay` seconds through
``geopy.extra.rate_limiter.RateLimiter``, and keeps every answer (found or not found) in a JSON
cache in :attr:`~geo.config.Settings.cache_dir`, so a name is asked once. geopy is imported
only when the first request is made. geopy errors are raised as
:class:`geo.errors.GeocodingError`; they are not cached.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from geo.config import Settings
from geo.errors import GeocodingError
from geo.models import Place

__all__ = ["Geocoder", "make_geocoder", "CACHE_FILE"]

log = logging.getLogger(__name__)

#: Name of the cache file inside ``settings.cache_dir``.
CACHE_FILE = "nominatim_cache.json"

_KINDS = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village",
    "suburb": "district", "neighbourhood": "district", "quarter": "district",
    "city_district": "district", "aerodrome": "airport", "airport": "airport",
    "military": "base", "border_control": "crossing", "state": "governorate",
    "province": "governorate", "region": "region", "country": "country", "port": "port",
    "harbour": "port",
}


class Geocoder:
    """A cached, rate-limited Nominatim geocoder.

    Parameters
    ----------
    settings
        Run settings: ``geopy_user_agent`` (required), ``geopy_domain``, ``geopy_scheme``,
        ``geopy_min_delay`` and ``cache_dir`` are used.
    timeout
        Seconds to wait for one answer.

    Raises
    ------
    GeocodingError
        When no user agent is set.

    Examples
    --------
    >>> from geo.config import Settings
    >>> g = Geocoder(Settings(geopy_enabled=True, geopy_user_agent="geo-docs"))
    >>> g.cache_path.name
    'nominatim_cache.json'
    """

    def __init__(self, settings: Settings, *, timeout: float = 10.0) -> None:
        if not settings.geopy_user_agent:
            raise GeocodingError(
                "the geopy fallback needs a user agent (settings.geopy_user_agent)")
        self.settings = settings
        self.timeout = timeout
        self.cache_path = Path(settings.cache_dir) / CACHE_FILE
        self._cache: dict[str, dict | None] | None = None
        self._limited = None
        self._lock = threading.Lock()
        self.requests = 0

    # -- cache ---------------------------------------------------------------------------
    def _load_cache(self) -> dict[str, dict | None]:
        if self._cache is None:
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                self._cache = {}
            except (OSError, ValueError) as e:
                log.warning("%s: unreadable geocoding cache, starting a new one (%s)",
                            self.cache_path, e)
                self._cache = {}
        return self._cache

    def _save_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._cache, fh, ensure_ascii=False, indent=0, sort_keys=True)
        os.replace(tmp, self.cache_path)

    # -- geopy ---------------------------------------------------------------------------
    def _client(self):
        if self._limited is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            nominatim = Nominatim(user_agent=self.settings.geopy_user_agent,
                                  domain=self.settings.geopy_domain,
                                  scheme=self.settings.geopy_scheme, timeout=self.timeout)
            self._limited = RateLimiter(nominatim.geocode,
                                        min_delay_seconds=self.settings.geopy_min_delay,
                                        max_retries=0, swallow_exceptions=False)
        return self._limited

    def _ask(self, name: str) -> dict | None:
        from geopy.exc import GeopyError

        try:
            self.requests += 1
            location = self._client()(name, exactly_one=True, addressdetails=True,
                                      language="en")
        except GeopyError as e:
            raise GeocodingError(f"geocoding {name!r} failed: {e}") from e
        if location is None:
            return None
        raw = location.raw or {}
        address = raw.get("address") or {}
        return {
            "id": f"osm:{raw.get('osm_type', '?')}:{raw.get('osm_id', raw.get('place_id', '?'))}",
            "name": (location.address or name).split(",")[0].strip() or name,
            "lat": float(location.latitude), "lon": float(location.longitude),
            "country": (address.get("country_code") or "").upper() or None,
            "kind": _KINDS.get(raw.get("type", ""), _KINDS.get(raw.get("addresstype", ""),
                                                                 "other")),
        }

    # -- public --------------------------------------------------------------------------
    def geocode(self, name: str) -> Place | None:
        """Resolve a place name online (or from the cache).

        Parameters
        ----------
        name
            The name as written in the text.

        Returns
        -------
        Place | None
            ``source="Nominatim (geopy)"``; None when the service knows no such place.

        Raises
        ------
        GeocodingError
            When the request fails (network, HTTP error, bad answer).
        """
        query = " ".join(name.split())
        key = query.lower()
        with self._lock:
            cache = self._load_cache()
            if key not in cache:
                cache[key] = self._ask(query)
                self._save_cache()
            hit = cache[key]
        if hit is None:
            return None
        try:
            return Place(place_id=hit["id"], name=hit["name"], lat=hit["lat"], lon=hit["lon"],
                         country=hit["country"], kind=hit["kind"], population=0,
                         source="Nominatim (geopy)")
        except (KeyError, TypeError, ValueError) as e:
            raise GeocodingError(f"{self.cache_path}: bad cache entry for {name!r}: {e}") from e

    __call__ = geocode


def make_geocoder(settings: Settings) -> Geocoder | None:
    """A :class:`Geocoder` when ``settings.geopy_enabled``, else None."""
    return Geocoder(settings) if settings.geopy_enabled else None
