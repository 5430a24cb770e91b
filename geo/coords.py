"""The one place where coordinate order is swapped.

geo stores ``lat`` and ``lon``; shapely and GeoJSON use (lon, lat); folium/Leaflet use (lat, lon).
"""

from __future__ import annotations

from collections.abc import Iterable


def xy(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) -> (x, y) = (lon, lat) for shapely and GeoJSON."""
    return (lon, lat)


def latlon(x: float, y: float) -> tuple[float, float]:
    """(x, y) = (lon, lat) -> (lat, lon) for folium and Leaflet."""
    return (y, x)


def latlon_path(coords: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """A sequence of (lon, lat) coordinates -> a list of (lat, lon) for folium."""
    return [(y, x) for x, y in coords]
