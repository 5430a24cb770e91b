"""Pure filter functions behind the app's controls."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from geo import filters
from geo import schema as S
from geo.filters import Filter


def _frame(rows):
    base = {S.ACTOR_FAMILY: "IRGC", S.CORRIDOR: "A", S.ACTION: "withdraw", S.N_SOURCES: 1,
            S.DATE_START: None, S.DATE_END: None, S.SOURCES: "[]", S.DOCS: "[]"}
    return gpd.GeoDataFrame([{**base, **r} for r in rows],
                            geometry=[LineString([(36, 33), (41, 34)])] * len(rows), crs=S.CRS)


@pytest.fixture
def legs():
    return _frame([
        {S.DATE_START: "2024-12-01", S.DATE_END: "2024-12-03", S.ACTOR_FAMILY: "IRGC",
         S.SOURCES: json.dumps([{"doc": "a.txt"}, {"doc": "b.txt"}]), S.N_SOURCES: 2},
        {S.DATE_START: "2024-12-05", S.ACTOR_FAMILY: "Hezbollah", S.CORRIDOR: "B",
         S.DOCS: json.dumps(["c.txt"])},
        {S.DATE_START: "2024-12-10", S.DATE_END: "2024-12-10", S.ACTOR_FAMILY: None,
         S.ACTION: "fly"},
        {S.ACTOR_FAMILY: "IRGC"},  # undated
    ])


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2024, 12, 2), dt.date(2024, 12, 2), [0, 3]),     # inside a multi-day interval
    (dt.date(2024, 12, 4), dt.date(2024, 12, 4), [3]),        # a gap: only the undated one
    (dt.date(2024, 12, 3), dt.date(2024, 12, 5), [0, 1, 3]),  # inclusive at both ends
    (None, dt.date(2024, 12, 1), [0, 3]),
    (dt.date(2024, 12, 6), None, [2, 3]),
])
def test_date_window_keeps_overlapping_intervals(legs, start, end, expected):
    assert list(filters.apply(legs, Filter(start=start, end=end)).index) == expected


def test_undated_rows_can_be_left_out(legs):
    flt = Filter(start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31), include_undated=False)
    assert list(filters.apply(legs, flt).index) == [0, 1, 2]


def test_sets_restrict_and_blank_family_is_selectable(legs):
    assert list(filters.apply(legs, Filter(families=frozenset({"IRGC"}))).index) == [0, 3]
    assert list(filters.apply(legs, Filter(families=frozenset({filters.UNKNOWN}))).index) == [2]
    assert list(filters.apply(legs, Filter(corridors=frozenset({"B"}))).index) == [1]
    assert list(filters.apply(legs, Filter(actions=frozenset({"fly"}))).index) == [2]
    assert filters.apply(legs, Filter(families=frozenset())).empty


def test_min_sources_and_documents(legs):
    assert list(filters.apply(legs, Filter(min_sources=2)).index) == [0]
    assert list(filters.apply(legs, Filter(docs=frozenset({"b.txt"}))).index) == [0]
    assert list(filters.apply(legs, Filter(docs=frozenset({"c.txt"}))).index) == [1]


def test_apply_keeps_crs_and_columns(legs):
    out = filters.apply(legs, Filter(families=frozenset({"IRGC"})))
    assert out.crs == legs.crs and list(out.columns) == list(legs.columns)


def test_date_range_and_choices(legs):
    assert filters.date_range(legs) == (dt.date(2024, 12, 1), dt.date(2024, 12, 10))
    assert filters.date_range(legs.iloc[[3]]) is None
    assert filters.choices(legs, S.ACTOR_FAMILY) == ["(none)", "Hezbollah", "IRGC"]
    assert filters.choices(legs, S.DOC) == ["a.txt", "b.txt", "c.txt"]


def test_per_day_leaves_out_legs_dated_only_to_a_long_span(legs):
    long = legs.copy()
    long.loc[long.index[0], S.DATE_START] = "2011-01-01"
    long.loc[long.index[0], S.DATE_END] = "2011-12-31"
    daily = filters.per_day(long)
    assert not any(str(d).startswith("2011") for d in daily["date"])
    assert filters.too_long_per_day(long) == 1 and filters.too_long_per_day(legs) == 0
    assert len(filters.per_day(long, max_days=None)) > len(daily)  # the year, day by day


def test_per_day_counts_every_day_of_an_interval(legs):
    daily = filters.per_day(legs)
    irgc = daily[daily[S.ACTOR_FAMILY] == "IRGC"]
    assert [str(d) for d in irgc["date"]] == ["2024-12-01", "2024-12-02", "2024-12-03"]
    assert daily["count"].sum() == 5  # 3 days + 1 + 1; the undated leg is not counted


def test_counts(legs):
    c = filters.counts(legs)
    assert c == {"movements": 4, "documents": 3, "families": 2, "corridors": 2}


def test_bad_filters_are_rejected():
    with pytest.raises(ValueError, match="ends before"):
        Filter(start=dt.date(2024, 12, 2), end=dt.date(2024, 12, 1))
    with pytest.raises(ValueError):
        Filter(min_sources=-1)


def test_points_and_empty_frames():
    empty = _frame([]).iloc[0:0]
    assert filters.apply(empty, Filter(min_sources=3)).empty
    assert filters.per_day(empty).empty
    pts = gpd.GeoDataFrame({S.ACTOR_FAMILY: ["PMF"], S.DATE_START: ["2024-12-08"]},
                           geometry=[Point(36.3, 33.5)], crs=S.CRS)
    assert len(filters.apply(pts, Filter(start=dt.date(2024, 12, 8)))) == 1
