"""Build ``data/countries.geojson``, the offline basemap's country borders.

Usage: ``python data/build_boundaries.py`` (needs ``npm``; reaches only the npm registry).

Source: npm ``world-atlas@2.0.2`` (ISC licence; Natural Earth 1:50m admin-0 countries, public
domain). The TopoJSON ``countries`` layer is read with GDAL, clipped to the region of interest
(24-62°E, 24-44°N: the Levant, Iraq, Iran and their neighbours), and written with coordinates
rounded to 3 decimals (~100 m) to keep the file small.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

PACKAGE = "world-atlas@2.0.2"
BBOX = (24.0, 24.0, 62.0, 44.0)  # lon_min, lat_min, lon_max, lat_max
OUT = Path(__file__).resolve().parent / "countries.geojson"


def build(out: Path = OUT, *, bbox: tuple[float, float, float, float] = BBOX) -> int:
    """Download, clip and write the boundaries; return the number of countries written."""
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        res = subprocess.run(["npm", "pack", "--silent", "--json", PACKAGE], cwd=tmp,
                             check=True, capture_output=True, text=True)
        tgz = tmp / json.loads(res.stdout)[0]["filename"]
        with tarfile.open(tgz) as tar:
            tar.extract("package/countries-50m.json", tmp, filter="data")
        gdf = gpd.read_file(tmp / "package" / "countries-50m.json", layer="countries")
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    gdf = gdf[gdf.intersects(box(*bbox))].copy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.clip_by_rect(*bbox).make_valid(), 0.001)
    gdf = gdf[~gdf.geometry.is_empty]
    gdf = gdf.rename(columns={"id": "iso_n3"})[["name", "iso_n3", "geometry"]]
    gdf = gdf.sort_values("name").reset_index(drop=True)
    out.unlink(missing_ok=True)
    gdf.to_file(out, driver="GeoJSON", COORDINATE_PRECISION=3, RFC7946="YES")
    return len(gdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    n = build(args.out)
    size = args.out.stat().st_size / 1e3
    sys.stdout.write(f"wrote {n} countries to {args.out} ({size:.0f} kB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
