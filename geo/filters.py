"""Pure filter functions over the legs/events frames (what the app's controls do).

No Streamlit here: the app builds a :class:`Filter` from its widgets and calls :func:`apply`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import schema as S


@dataclass(frozen=True, slots=True)
class Filter:
    """What to keep. ``None`` for a set means "no restriction"; an empty set keeps nothing.

    Parameters
    ----------
    start, end
        Inclusive date window; a row is kept when its interval overlaps it.
    families, corridors, actions, docs
        Allowed actor families, corridors, action types, source documents.
    min_sources
        Minimum number of independent sources (``n_sources``).
    include_undated
        Keep rows with no date when a window is set.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    families: frozenset[str] | None = None
    corridors: frozenset[str] | None = None
    actions: frozenset[str] | None = None
    docs: frozenset[str] | None = None
    min_sources: int = 0
    include_undated: bool = True

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"date window ends before it starts: {self.start}..{self.end}")
        if self.min_sources < 0:
            raise ValueError("min_sources must be >= 0")


def _dates(gdf: pd.DataFrame, col: str) -> pd.Series:
    if col not in gdf:
        return pd.Series(pd.NaT, index=gdf.index, dtype="datetime64[ns]")
    return pd.to_datetime(gdf[col].astype("string").str.slice(0, 10), errors="coerce",
                          format="%Y-%m-%d")


def date_range(gdf: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first start and the last end date of the frame, or None when nothing is dated."""
    if gdf is None or gdf.empty:
        return None
    start = _dates(gdf, S.DATE_START)
    end = _dates(gdf, S.DATE_END).fillna(start)
    if start.notna().sum() == 0:
        return None
    return start.min().date(), max(end.max(), start.max()).date()


def _json_list(value: object) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        try:
            out = json.loads(value)
        except json.JSONDecodeError:
            return []
        return out if isinstance(out, list) else []
    return []


def row_docs(row_sources: object, row_doc: object, row_docs_list: object = None) -> list[str]:
    """Document ids of one row: every source's ``doc``, else the ``docs`` list, else ``doc``."""
    docs = [s["doc"] for s in _json_list(row_sources) if isinstance(s, dict) and s.get("doc")]
    if not docs:
        docs = [str(d) for d in _json_list(row_docs_list) if d]
    if not docs and isinstance(row_doc, str) and row_doc:
        docs = [row_doc]
    return docs


def docs_column(gdf: pd.DataFrame) -> pd.Series:
    """A Series of lists: the document ids behind each row."""
    none = pd.Series(None, index=gdf.index, dtype=object)
    sources = gdf[S.SOURCES] if S.SOURCES in gdf else none
    doc = gdf[S.DOC] if S.DOC in gdf else none
    docs = gdf[S.DOCS] if S.DOCS in gdf else none
    return pd.Series([row_docs(s, d, ds) for s, d, ds in zip(sources, doc, docs, strict=True)],
                     index=gdf.index, dtype=object)


def _isin(gdf: pd.DataFrame, col: str, allowed: frozenset[str] | None,
          blank: str) -> pd.Series:
    if allowed is None:
        return pd.Series(True, index=gdf.index)
    if col not in gdf:
        return pd.Series(False, index=gdf.index)
    values = gdf[col].where(gdf[col].notna() & (gdf[col].astype("string") != ""), blank)
    return values.astype(str).isin(allowed)


def mask(gdf: pd.DataFrame, flt: Filter, docs: pd.Series | None = None) -> pd.Series:
    """Boolean Series: the rows of ``gdf`` that ``flt`` keeps (``docs``: the frame's
    :func:`docs_column` or a superset indexed alike, if already known)."""
    keep = pd.Series(True, index=gdf.index)
    if flt.start or flt.end:
        start = _dates(gdf, S.DATE_START)
        end = _dates(gdf, S.DATE_END).fillna(start)
        dated = start.notna()
        inside = pd.Series(True, index=gdf.index)
        if flt.end:
            inside &= start <= pd.Timestamp(flt.end)
        if flt.start:
            inside &= end >= pd.Timestamp(flt.start)
        keep &= (dated & inside) | (~dated & flt.include_undated)
    keep &= _isin(gdf, S.ACTOR_FAMILY, flt.families, UNKNOWN)
    keep &= _isin(gdf, S.CORRIDOR, flt.corridors, UNKNOWN)
    keep &= _isin(gdf, S.ACTION, flt.actions, UNKNOWN)
    if flt.min_sources > 0:
        n = pd.to_numeric(gdf[S.N_SOURCES], errors="coerce").fillna(1) if S.N_SOURCES in gdf \
            else pd.Series(1, index=gdf.index)
        keep &= n >= flt.min_sources
    if flt.docs is not None:
        allowed = flt.docs
        docs = docs_column(gdf) if docs is None else docs.loc[gdf.index]
        keep &= docs.map(lambda ds: any(d in allowed for d in ds)).astype(bool)
    return keep


def apply(gdf: gpd.GeoDataFrame, flt: Filter, docs: pd.Series | None = None
          ) -> gpd.GeoDataFrame:
    """The rows of ``gdf`` that ``flt`` keeps (a copy; CRS and columns unchanged)."""
    if gdf is None or gdf.empty:
        return gdf
    return gdf[mask(gdf, flt, docs)].copy()


#: Label used in the controls for rows with no family/corridor/action.
UNKNOWN = "(none)"


def choices(gdf: pd.DataFrame, col: str) -> list[str]:
    """Sorted distinct values of a column for a multiselect (blanks shown as ``(none)``)."""
    if gdf is None or gdf.empty:
        return []
    if col == S.DOC:
        return sorted({d for ds in docs_column(gdf) for d in ds})
    if col not in gdf:
        return []
    values = gdf[col].where(gdf[col].notna() & (gdf[col].astype("string") != ""), UNKNOWN)
    return sorted(set(values.astype(str)))


#: Legs whose dates span more days than this ("in 2013", "since 2011") are not drawn per day.
PER_DAY_MAX_DAYS = 31


def _spans(gdf: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Start dates and interval lengths in days (NaN where undated)."""
    start = _dates(gdf, S.DATE_START)
    end = _dates(gdf, S.DATE_END).fillna(start)
    days = (pd.to_datetime(end) - pd.to_datetime(start)).dt.days.to_numpy(dtype=float)
    return start, days


def per_day(gdf: pd.DataFrame, *, max_days: int | None = PER_DAY_MAX_DAYS) -> pd.DataFrame:
    """Movements per day per actor family: columns ``date``, ``actor_family``, ``count``.

    A leg counts on every day of its interval (so a three-day withdrawal shows on three days);
    a leg dated only to a span longer than ``max_days`` (a year, a season) is left out: spread
    over every day, it would read as a daily movement (see :func:`too_long_per_day`).
    """
    cols = ["date", S.ACTOR_FAMILY, "count"]
    if gdf is None or gdf.empty:
        return pd.DataFrame(columns=cols)
    start, span = _spans(gdf)
    family = gdf[S.ACTOR_FAMILY].where(gdf[S.ACTOR_FAMILY].notna(), UNKNOWN).astype(str)
    dated = start.notna().to_numpy().copy()
    if max_days is not None:
        dated &= span <= max_days
    if not dated.any():
        return pd.DataFrame(columns=cols)
    first = start.to_numpy()[dated].astype("datetime64[D]")
    n = np.clip(span[dated].astype(int), 0, 366) + 1  # every day of the interval, at most a year
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    days = np.repeat(first, n) + offsets.astype("timedelta64[D]")
    out = pd.DataFrame({"date": days.astype(object),
                        S.ACTOR_FAMILY: np.repeat(family.to_numpy()[dated], n)})
    return out.groupby(["date", S.ACTOR_FAMILY]).size().reset_index(name="count")


def too_long_per_day(gdf: pd.DataFrame, max_days: int = PER_DAY_MAX_DAYS) -> int:
    """How many dated legs :func:`per_day` leaves out for spanning more than ``max_days``."""
    if gdf is None or gdf.empty:
        return 0
    start, span = _spans(gdf)
    return int((start.notna().to_numpy() & (span > max_days)).sum())


def counts(gdf: pd.DataFrame, docs: pd.Series | None = None) -> dict[str, int]:
    """Headline counts of a frame: rows, sources (documents), families, corridors
    (``docs``: as for :func:`mask`)."""
    if gdf is None or gdf.empty:
        return {"movements": 0, "documents": 0, "families": 0, "corridors": 0}
    docs = docs_column(gdf) if docs is None else docs.loc[gdf.index]
    return {
        "movements": len(gdf),
        "documents": len({d for ds in docs for d in ds}),
        "families": gdf[S.ACTOR_FAMILY].nunique() if S.ACTOR_FAMILY in gdf else 0,
        "corridors": gdf[S.CORRIDOR].nunique() if S.CORRIDOR in gdf else 0,
    }


def names(values: Iterable[str] | None) -> frozenset[str] | None:
    """A multiselect's value as a Filter set (None stays None)."""
    return None if values is None else frozenset(values)
