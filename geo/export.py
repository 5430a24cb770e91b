"""GeoDataFrame -> GeoJSON (RFC 7946), CSV (WKT), GeoPackage or GeoParquet, written atomically.

The format follows the file extension. Every file is first written to a hidden temporary file
in the target folder and then moved into place with :func:`os.replace`, so a failure leaves
neither a half-written file nor a temporary one; errors raise :class:`geo.errors.ExportError`
naming the path.

GeoJSON is written with :mod:`json` (not GDAL) for exact control over RFC 7946: a
FeatureCollection in WGS 84 with (lon, lat) positions rounded to 6 decimals (~0.1 m), no
``crs`` member, counter-clockwise exterior rings, no NaN, dates as ISO 8601 strings.

:func:`read_frame` reads any of the four formats back into the frame that was written
(column types restored from :data:`geo.frames.COLUMNS`).
"""

from __future__ import annotations

import json
import logging
import math
import os
import uuid
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from geo import schema as S
from geo.errors import ExportError
from geo.frames import COLUMNS, frame_kind

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "geojson_text", "read_frame", "write", "write_frame"]

#: File extension -> format name.
FORMATS = {".geojson": "geojson", ".json": "geojson", ".csv": "csv", ".gpkg": "gpkg",
           ".parquet": "parquet"}
#: Decimal places kept in GeoJSON coordinates (1e-6 degree is about 0.1 m).
PRECISION = 6


def _format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ExportError(
            f"{path}: unknown export format {path.suffix!r}; use one of {sorted(FORMATS)}"
        ) from None


def _to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        logger.warning("frame has no CRS; assuming %s", S.CRS)
        return gdf.set_crs(S.CRS)
    if gdf.crs.to_epsg() != 4326:
        return gdf.to_crs(S.CRS)
    return gdf


def _rfc7946_geometries(geoms: gpd.GeoSeries) -> list[str | None]:
    """GeoJSON geometry texts: rounded, CCW exterior rings, degenerate lines as Points."""
    arr = np.asarray(geoms.values, dtype=object)
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    coords = shapely.get_coordinates(arr[present])
    if not np.isfinite(coords).all():
        raise ValueError("geometry has NaN or infinite coordinates")
    if len(coords) and (np.abs(coords[:, 0]).max() > 180 or np.abs(coords[:, 1]).max() > 90):
        raise ValueError("coordinates outside lon [-180, 180] / lat [-90, 90]")
    rounded = shapely.transform(arr, lambda c: np.round(c, PRECISION))
    rounded = shapely.orient_polygons(rounded, exterior_cw=False)
    degenerate = present & ~shapely.is_valid(rounded) & np.isin(
        shapely.get_type_id(rounded), (1, 5))  # LineString, MultiLineString
    for i in np.flatnonzero(degenerate):
        rounded[i] = Point(shapely.get_coordinates(rounded[i])[0])
    texts = shapely.to_geojson(rounded)
    return [t if ok else None for t, ok in zip(texts.tolist(), present.tolist(), strict=True)]


def _clean(value):
    """NaN/NaT -> None (JSON has no NaN); numpy scalars -> Python."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if value is pd.NaT:
        return None
    return value


def geojson_text(gdf: gpd.GeoDataFrame) -> str:
    """The frame as an RFC 7946 GeoJSON FeatureCollection (one feature per line).

    Parameters
    ----------
    gdf
        Any GeoDataFrame; reprojected to EPSG:4326 if it is in another CRS.

    Returns
    -------
    str
        JSON text; properties keep the column order, missing values are ``null``.

    Raises
    ------
    ValueError
        When a coordinate is NaN or outside the lon/lat range, or a value is not JSON-able.
    """
    gdf = _to_wgs84(gdf)
    geom_col = gdf.geometry.name
    names = [c for c in gdf.columns if c != geom_col]
    columns = [[_clean(v) for v in gdf[c].tolist()] for c in names]
    geoms = _rfc7946_geometries(gdf.geometry)
    dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
    features = []
    for i, geom in enumerate(geoms):
        props = dumps({n: col[i] for n, col in zip(names, columns, strict=True)})
        features.append(f'{{"type":"Feature","geometry":{geom or "null"},"properties":{props}}}')
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def _write_csv(gdf: gpd.GeoDataFrame, tmp: Path) -> None:
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    wkt = shapely.to_wkt(np.asarray(gdf.geometry.values, dtype=object), rounding_precision=-1)
    df[S.GEOMETRY] = wkt
    with open(tmp, "x", encoding="utf-8", newline="") as f:
        df.to_csv(f, index=False)


def _write_geojson(gdf: gpd.GeoDataFrame, tmp: Path) -> None:
    text = geojson_text(gdf)
    with open(tmp, "x", encoding="utf-8") as f:
        f.write(text)


def _write_gpkg(gdf: gpd.GeoDataFrame, tmp: Path, layer: str) -> None:
    gdf.to_file(tmp, driver="GPKG", layer=layer)


def _write_parquet(gdf: gpd.GeoDataFrame, tmp: Path) -> None:
    gdf.to_parquet(tmp, index=False)


def _remove_quietly(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:  # pragma: no cover - the export error is raised anyway
            logger.warning("could not remove temporary file %s: %s", p, exc)


def write_frame(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write a frame to ``path`` in the format of its extension, atomically.

    Parameters
    ----------
    gdf
        A places, events or legs frame (any GeoDataFrame works).
    path
        Target file: ``.geojson``/``.json`` (RFC 7946), ``.csv`` (geometry as WKT in a
        ``geometry`` column), ``.gpkg`` (GeoPackage, layer named after the file) or
        ``.parquet`` (GeoParquet). An existing file is replaced only once the new one is
        complete.

    Returns
    -------
    pathlib.Path
        The written path.

    Raises
    ------
    ExportError
        Unknown extension, missing or unwritable folder, or a failure while writing; the
        message names the path. No partial or temporary file is left behind.

    Examples
    --------
    >>> write_frame(legs_frame(legs), "out/legs.geojson")  # doctest: +SKIP
    """
    path = Path(path)
    fmt = _format_of(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder")
    tmp = folder / f".{path.stem}.{uuid.uuid4().hex[:12]}.tmp{path.suffix}"
    try:
        if fmt == "geojson":
            _write_geojson(gdf, tmp)
        elif fmt == "csv":
            _write_csv(gdf, tmp)
        elif fmt == "gpkg":
            _write_gpkg(gdf, tmp, layer=path.stem)
        else:
            _write_parquet(gdf, tmp)
        os.replace(tmp, path)
    except Exception as exc:
        _remove_quietly(tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm")))
        raise ExportError(f"{path}: could not write {fmt}: {exc}") from exc
    logger.info("wrote %d rows to %s", len(gdf), path)
    return path


#: Alias matching the planned contract name.
write = write_frame


def read_frame(path: str | Path, kind: str | None = None) -> gpd.GeoDataFrame:
    """Read a file written by :func:`write_frame` back into the same frame.

    Parameters
    ----------
    path
        A ``.geojson``/``.json``, ``.csv``, ``.gpkg`` or ``.parquet`` file.
    kind
        "places", "events" or "legs"; guessed from the key column when None. Known columns
        get their types back (text never null, dates as ISO strings, JSON lists as text).

    Raises
    ------
    ExportError
        When the file cannot be read.
    """
    path = Path(path)
    fmt = _format_of(path)
    try:
        if fmt == "parquet":
            gdf = gpd.read_parquet(path)
        elif fmt == "csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            wkt = df.pop(S.GEOMETRY).replace("", None) if S.GEOMETRY in df else None
            gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries.from_wkt(wkt), crs=S.CRS)
        else:
            gdf = gpd.read_file(path)
    except Exception as exc:
        raise ExportError(f"{path}: could not read {fmt}: {exc}") from exc
    return _restore_types(gdf, kind or frame_kind(gdf))


def _restore_types(gdf: gpd.GeoDataFrame, kind: str | None) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        gdf = gdf.set_crs(S.CRS)
    if kind is None:
        return gdf
    types = COLUMNS[kind]
    for col, typ in types.items():
        if col not in gdf.columns:
            gdf[col] = pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
        gdf[col] = _coerce(gdf[col], typ)
    order = [*types, *[c for c in gdf.columns if c not in types and c != gdf.geometry.name]]
    return gdf[[*order, gdf.geometry.name]]


def _coerce(series: pd.Series, typ: str) -> pd.Series:
    if typ in ("str", "json"):
        return series.map(lambda v: "" if _clean(v) is None else str(v)).astype(str)
    if typ == "date":
        if pd.api.types.is_datetime64_any_dtype(series):
            return series.map(lambda v: None if pd.isna(v) else v.date().isoformat()).astype(str)
        return series.map(lambda v: None if _clean(v) in (None, "") else str(v)).astype(str)
    if typ == "bool":
        return series.map(lambda v: v if isinstance(v, bool) else str(v).strip().lower()
                          in ("true", "1")).astype(bool)
    if typ == "int":
        return pd.to_numeric(series.replace("", 0)).astype("int64")
    return pd.to_numeric(series.replace("", np.nan)).astype("float64")
