"""Script logic of app.py under Streamlit's AppTest: filters, date slider, counts, exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import filters, synthetic

APP = str(Path(__file__).resolve().parent.parent / "app.py")
N = 60


@pytest.fixture(autouse=True)
def disk_cache(monkeypatch, tmp_path) -> Path:
    """A fresh on-disk result cache, and an empty in-memory one (like a new server)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("GEO_APP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _app_test(timeout: int = 120) -> AppTest:
    """The app as a browser sees it once its map has reported that it is drawn (AppTest runs
    no JavaScript; the report itself is checked by the browser tests)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["map_drawn"] = True
    return at


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setenv("GEO_SYNTHETIC", str(N))
    at = _app_test(60)
    at.run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value)


def _expected(**kw) -> int:
    legs = synthetic.legs_frame(N, days=30, docs=5)
    return len(filters.apply(legs, filters.Filter(**kw)))


def test_page_shows_all_movements_by_default(app):
    assert _metric(app, "Movements") == N
    assert len(app.dataframe[0].value) == N


def test_family_filter_follows_into_counts_and_table(app):
    app.multiselect(key="families").set_value(["IRGC"]).run()
    expected = _expected(families=frozenset({"IRGC"}))
    assert 0 < expected < N
    assert _metric(app, "Movements") == expected
    table = app.dataframe[0].value
    assert set(table["actor_family"]) == {"IRGC"}
    assert _metric(app, "Families") == 1


def test_slider_narrows_the_window(app):
    lo, hi = app.slider(key="window").value
    mid = lo + (hi - lo) / 2
    app.slider(key="window").set_value((lo, mid)).run()
    expected = _expected(start=lo, end=mid)
    assert _metric(app, "Movements") == expected < N
    starts = app.dataframe[0].value["date_start"].map(dt.date.fromisoformat)
    assert (starts <= mid).all()


def test_min_sources_and_corridor(app):
    app.number_input(key="min_sources").set_value(3).run()
    assert _metric(app, "Movements") == _expected(min_sources=3)
    corridor = synthetic.corridors()[0]
    app.multiselect(key="corridors").set_value([corridor]).run()
    assert _metric(app, "Movements") == _expected(min_sources=3,
                                                  corridors=frozenset({corridor}))


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Capture the files the page offers for download, by file name."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    seen: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            seen[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return seen


def test_export_of_the_view_matches_the_filters(app, downloads):
    app.multiselect(key="families").set_value(["Hezbollah"]).run()
    expected = _expected(families=frozenset({"Hezbollah"}))
    view = json.loads(downloads["geo-view.geojson"])
    assert view["type"] == "FeatureCollection"
    assert len(view["features"]) == expected < N
    assert {f["properties"]["actor_family"] for f in view["features"]} == {"Hezbollah"}
    assert all(f["geometry"]["type"] in ("LineString", "Point") for f in view["features"])
    everything = json.loads(downloads["geo-all.geojson"])
    assert len(everything["features"]) == N
    csv = downloads["geo-view.csv"].decode().splitlines()
    assert len(csv) == expected + 1 and csv[0].endswith("geometry")


def test_play_control_toggle_runs(app):
    app.toggle(key="animate").set_value(True).run()
    assert not app.exception
    assert _metric(app, "Movements") == N


CORPUS = Path(__file__).resolve().parent / "data" / "e2e_corpus"


def test_synthetic_legs_carry_the_real_families_and_corridors(app):
    from geo.actors import load_actor_catalog
    from geo.corridors import load_corridors

    legs = synthetic.legs_frame(N)
    assert set(legs["actor_family"]) == set(load_actor_catalog().families())
    assert set(legs["corridor"]) == set(load_corridors().names())
    assert set(app.multiselect(key="corridors").options) == set(load_corridors().names())


def test_fixture_corpus_through_the_pipeline(monkeypatch):
    corpus = CORPUS
    monkeypatch.setenv("GEO_SYNTHETIC", "0")
    monkeypatch.setenv("GEO_CORPUS", str(corpus))
    at = _app_test()
    at.run()
    assert not at.exception, at.exception
    n = _metric(at, "Movements")
    assert n >= 1 and _metric(at, "Documents") == 2
    table = at.dataframe[0].value
    assert len(table) == n and table["quote"].str.len().gt(0).all()


def test_a_restarted_server_reuses_the_result_on_disk_until_a_text_changes(
        monkeypatch, tmp_path, disk_cache):
    import shutil

    import streamlit as st

    from geo import pipeline

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    monkeypatch.setenv("GEO_SYNTHETIC", "0")
    monkeypatch.setenv("GEO_CORPUS", str(corpus))
    calls: list[object] = []
    real = pipeline.run
    monkeypatch.setattr(pipeline, "run", lambda *a, **kw: calls.append(a) or real(*a, **kw))

    def restart_and_count() -> int:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = _app_test()
        at.run()
        assert not at.exception, at.exception
        return _metric(at, "Movements")

    n = restart_and_count()
    assert n >= 1 and len(calls) == 1 and len(list(disk_cache.glob("*.pickle"))) == 1
    assert restart_and_count() == n and len(calls) == 1  # read back, pipeline not run
    text = corpus / "first.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert restart_and_count() == n and len(calls) == 2  # an edited text is read again


def test_a_new_page_shows_the_map_first_and_the_rest_once_it_is_drawn(monkeypatch):
    monkeypatch.setenv("GEO_SYNTHETIC", str(N))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert _metric(at, "Movements") == N  # counts and map are there
    assert not at.dataframe and not at.get("download_button")
    assert any("once the map is drawn" in c.value for c in at.caption)
    at.session_state["map_drawn"] = True  # what the map's report does (browser tests)
    at.run()
    assert len(at.dataframe[0].value) == N and at.get("download_button")
