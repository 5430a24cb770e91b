"""Geodesic arcs for air legs (pyproj), split at the antimeridian when they cross it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from itertools import pairwise

from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

#: Points per drawn flight arc (ends included).
AIR_POINTS = 32
_GEOD = Geod(ellps="WGS84")


@functools.lru_cache(maxsize=8192)
def air_arc(lat1: float, lon1: float, lat2: float, lon2: float,
            npts: int = AIR_POINTS) -> tuple[tuple[tuple[float, float], ...], float]:
    """The great-circle (geodesic) arc between two points.

    Returns
    -------
    tuple
        ((lon, lat), ...) with ``npts`` points, ends included, longitudes in [-180, 180];
        and the geodesic length in km.
    """
    inner = _GEOD.npts(lon1, lat1, lon2, lat2, max(npts - 2, 0))
    coords = ((lon1, lat1), *((float(x), float(y)) for x, y in inner), (lon2, lat2))
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return coords, float(metres) / 1000.0


def split_antimeridian(coords: Sequence[tuple[float, float]]) -> MultiLineString:
    """Cut a (lon, lat) path where it jumps across the antimeridian into separate lines."""
    parts: list[list[tuple[float, float]]] = [[coords[0]]]
    for (x0, y0), (x1, y1) in pairwise(coords):
        if abs(x1 - x0) > 180:
            # unwrap x1 next to x0, find the latitude where the segment meets +-180
            x1u = x1 + 360 if x1 < x0 else x1 - 360
            edge = 180.0 if x1u > x0 else -180.0
            y = y0 + (y1 - y0) * (edge - x0) / (x1u - x0)
            parts[-1].append((edge, y))
            parts.append([(-edge, y)])
        parts[-1].append((x1, y1))
    return MultiLineString([LineString(p) for p in parts if len(p) > 1])
