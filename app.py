"""geo: map of who moved where and when, from news texts (Streamlit UI).

Run with ``streamlit run app.py``. The corpus folder comes from the ``GEO_CORPUS`` environment
variable (default ``seeds``). ``GEO_SYNTHETIC=N`` shows N synthetic legs instead (benchmarks).
Only widgets, layout and caching live here; the work is done by :mod:`geo`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from geo import _appcache, filters, legdraw, maptext
from geo import schema as S

logging.basicConfig(level=logging.WARNING)
CORPUS = os.environ.get("GEO_CORPUS", "seeds")
SYNTHETIC = int(os.environ.get("GEO_SYNTHETIC", "0") or 0)

if __name__ == "__main__" and not st.runtime.exists():
    # `python app.py [streamlit run options]` (what `make run` does): the same server as
    # `streamlit run app.py`, with the modules above (pandas, geopandas...) and those below
    # imported before it starts, so the first page does not wait for them.
    import sys

    from streamlit.web import cli

    import geo.mapping  # noqa: F401  (folium: the first base map is drawn with it)
    from geo import actors, dates, events, legs, places, roads, routes  # noqa: F401  (new texts)

    sys.argv = ["streamlit", "run", __file__, *sys.argv[1:]]
    raise SystemExit(cli.main())


@dataclass
class Data:
    """What the page shows: frames, unresolved names, input problems, documents."""

    legs: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    problems: list[tuple[str, str]] = field(default_factory=list)
    documents: tuple = ()
    token: str = ""  # identifies the data set (for caching what is drawn)
    texts: dict = field(default_factory=dict)  # popups and tooltips by leg key
    texts_json: bytes = b""  # the same as JSON, served to the map
    drawing: legdraw.Drawing | None = None  # every leg and place, compact (geo.legdraw)


def _with_drawing(data: Data) -> Data:
    """``data`` with its popups and compact drawing (made once per data set)."""
    if data.drawing is not None:
        return data
    texts = legdraw.leg_texts(data.legs)
    body = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return dataclasses.replace(data, texts=texts, texts_json=body,
                               drawing=legdraw.drawing(data.legs, data.places))


# ------------------------------------------------------------------ calls into geo.pipeline


def _data_from(result, token: str) -> Data:
    rows = [(m.doc, m.text) for m in result.unresolved]
    unresolved = (pd.DataFrame(rows, columns=["document", "name"])
                  .groupby(["name", "document"]).size().reset_index(name="mentions")
                  if rows else pd.DataFrame(columns=["name", "document", "mentions"]))
    return Data(result.legs_gdf(), result.places_gdf(), unresolved,
                [(p.path, p.message) for p in result.problems], tuple(result.documents), token)


ROOT = Path(__file__).resolve().parent
#: Results of earlier runs, so a restarted server shows the map without running the pipeline.
DISK_CACHE = Path(os.environ.get("GEO_APP_CACHE") or ROOT / ".geo-cache" / "app")
#: Results kept in :data:`DISK_CACHE` (the most recently written).
KEEP_RESULTS = 6
_VERSIONS = (pd.__version__, gpd.__version__, shapely.__version__)


@st.cache_resource(show_spinner="Reading the texts…", max_entries=4)
def load_corpus(folder: str, synthetic: int = 0) -> Data:
    """The corpus folder through the whole pipeline (or ``synthetic`` generated legs).

    Kept as a resource (one shared object, never changed): a copy per rerun would cost
    a tenth of a second for thousands of legs."""
    def fields() -> dict:  # a dict, not Data: the script's classes are remade on every run
        data = _with_drawing(_load(folder, synthetic))
        return {f.name: getattr(data, f.name) for f in dataclasses.fields(Data)}

    key = _appcache.fingerprint(folder, synthetic, *_VERSIONS)
    return Data(**_appcache.disk_cached(DISK_CACHE, key, fields, keep=KEEP_RESULTS))


def _load(folder: str, synthetic: int) -> Data:
    if synthetic:
        from geo import synthetic as syn

        legs = syn.legs_frame(synthetic, days=30, docs=max(5, synthetic // 20))
        return Data(legs, syn.places_frame(legs), pd.DataFrame(columns=["name", "document"]),
                    token=f"synthetic:{synthetic}")
    from geo import pipeline

    return _data_from(pipeline.run([folder]), f"corpus:{folder}")


def read_uploads(files, pasted: str, published: dt.date | None):
    """Uploaded files and pasted text -> (documents, [(name, error)]); bad files are skipped."""
    from geo.errors import GeoError
    from geo.sources import decode_text, document_from_text

    pub = published.isoformat() if published else None
    docs, errors = [], []
    for f in files or []:
        try:
            text = decode_text(f.getvalue(), f.name)
            docs.append(document_from_text(text, f.name, published=pub))
        except (GeoError, ValueError) as e:
            errors.append((f.name, str(e)))
    if pasted and pasted.strip():
        n = len(st.session_state.get("extra_docs", ())) + 1
        try:
            docs.append(document_from_text(pasted, f"pasted-{n}.txt", published=pub))
        except (GeoError, ValueError) as e:
            errors.append((f"pasted-{n}.txt", str(e)))
    return docs, errors


def analyse(documents, problems, progress) -> Data:
    """Run the pipeline on already loaded documents, reporting progress."""
    from geo import pipeline
    from geo.sources import InputProblem

    result = pipeline.run_documents(
        list(documents), problems=[InputProblem(p, m) for p, m in problems], progress=progress)
    return _with_drawing(
        _data_from(result, f"docs:{len(documents)}:{hash(tuple(d.doc_id for d in documents))}"))


GENERATED = ROOT / "static" / "generated"


@st.cache_data(show_spinner=False, max_entries=8)
def texts_url(token: str, _body: bytes) -> str | None:
    """Serve the popups as a static JSON file (fetched once by the map), if we may write."""
    return _appcache.served_file(GENERATED, "texts", _body, "/app/static/generated")


def _base_parts(families: tuple[str, ...], texts_url: str | None, texts: dict | None,
                animate_legs=None, start=None, end=None) -> dict:
    from geo import _mapembed, mapping  # folium: only when a base map is rendered

    m = mapping.base_map(families=families, texts=None if texts_url else texts,
                         texts_url=texts_url)
    if animate_legs is not None:
        mapping.add_timeline(m, animate_legs, start=start, end=end)
    return _mapembed.embed_parts(mapping.finish(m))


@st.cache_resource(show_spinner=False, max_entries=8)
def base_parts(families: tuple[str, ...], texts_url: str | None, token: str,
               _texts: dict) -> dict:
    """The base map rendered for the map component, once per families and popups; kept on
    disk too, so that a restarted server needs neither folium nor a render for it."""
    key = hashlib.sha256(json.dumps([_appcache.fingerprint(None, 0, *_VERSIONS), families,
                                     texts_url or token]).encode()).hexdigest()[:32]
    return _appcache.disk_cached(DISK_CACHE, f"map-{key}",
                                 lambda: _base_parts(families, texts_url, _texts),
                                 suffix=".map", keep=KEEP_RESULTS)


@st.cache_resource(show_spinner=False)
def _map_component():
    """The streamlit-folium front end, declared without importing streamlit_folium (which
    imports folium and all its plugins)."""
    from importlib.util import find_spec

    import streamlit.components.v1 as components

    spec = find_spec("streamlit_folium")
    build = Path(next(iter(spec.submodule_search_locations))) / "frontend" / "build"
    return components.declare_component("geo_map", path=str(build))


def show_map(parts: dict, layer: str, height: int = 620) -> bool:
    """The map component: ``parts`` render once; a new ``layer`` replaces the data layer
    in place (view kept). Pans and clicks send nothing back (no rerun); the map says once
    that it is drawn, and the return value tells whether it has, in this session."""
    value = _map_component()(
        script=parts["script"], header=parts["header"], html=parts["html"], id="map_div",
        key=parts["key"], height=height, width=None, returned_objects=[], default={},
        zoom=None, center=None, feature_group=layer, return_on_hover=False,
        layer_control=None, pixelated=False, css_links=parts["css_links"],
        js_links=parts["js_links"], wrap_longitude=False)
    if isinstance(value, dict) and value.get("drawn"):
        st.session_state["map_drawn"] = True
    return bool(st.session_state.get("map_drawn"))


# ------------------------------------------------------------------ exports


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """RFC 7946 GeoJSON of a frame."""
    from geo.export import geojson_text

    return geojson_text(gdf).encode("utf-8")


#: Above this many rows, export files are made when the button is clicked, not on every rerun.
DEFER_ROWS = 1000


def export(fn, gdf: gpd.GeoDataFrame):
    """``fn(gdf)`` now for small frames, else a callable run on click."""
    return fn(gdf) if len(gdf) <= DEFER_ROWS else (lambda: fn(gdf))


def csv_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """CSV of a frame with the geometry as WKT."""
    df = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    df[S.GEOMETRY] = shapely.to_wkt(np.asarray(gdf.geometry.values, dtype=object))
    return df.to_csv(index=False).encode("utf-8")


# ------------------------------------------------------------------ page

st.set_page_config(page_title="geo: who moved where and when", layout="wide")
st.title("Who moved where, and when")

@st.cache_resource(show_spinner=False, max_entries=4)
def options(token: str, _legs: gpd.GeoDataFrame) -> dict:
    """Each filter's choices and each leg's documents, once per data set."""
    docs = filters.docs_column(_legs)
    return {"docs": docs, S.DOC: sorted({d for ds in docs for d in ds}),
            **{c: filters.choices(_legs, c) for c in (S.ACTOR_FAMILY, S.CORRIDOR, S.ACTION)}}


data: Data = st.session_state.get("data_with_uploads") or load_corpus(CORPUS, SYNTHETIC)
legs_all = data.legs
opts = options(data.token, legs_all)

with st.sidebar:
    st.header("Filters")
    sel_fam = st.multiselect("Actor families", opts[S.ACTOR_FAMILY],
                             key="families", placeholder="all")
    sel_cor = st.multiselect("Corridors", opts[S.CORRIDOR],
                             key="corridors", placeholder="all")
    sel_act = st.multiselect("Action types", opts[S.ACTION],
                             key="actions", placeholder="all")
    sel_doc = st.multiselect("Source documents", opts[S.DOC],
                             key="docs", placeholder="all")
    max_src = int(pd.to_numeric(legs_all.get(S.N_SOURCES), errors="coerce").max() or 1) \
        if not legs_all.empty and S.N_SOURCES in legs_all else 1
    min_src = st.number_input("Minimum sources", 0, max(1, max_src), 0, key="min_sources")
    undated = st.checkbox("Show undated movements", True, key="undated")
    animate = st.toggle("Play control (animate day by day)", False, key="animate")

span = filters.date_range(legs_all)
window: tuple[dt.date, dt.date] | None = None
if span:
    lo, hi = span
    if lo == hi:
        hi = lo + dt.timedelta(days=1)
    window = st.slider("Dates", min_value=lo, max_value=hi, value=(lo, hi),
                       step=dt.timedelta(days=1), format="YYYY-MM-DD", key="window")
else:
    st.caption("No dated movements yet.")

flt = filters.Filter(
    start=window[0] if window else None, end=window[1] if window else None,
    families=frozenset(sel_fam) or None, corridors=frozenset(sel_cor) or None,
    actions=frozenset(sel_act) or None, docs=frozenset(sel_doc) or None,
    min_sources=int(min_src), include_undated=undated)
view = filters.apply(legs_all, flt, opts["docs"])

c = filters.counts(view, opts["docs"])
cols = st.columns(4)
for col, (label, n) in zip(cols, c.items(), strict=True):
    col.metric(label.capitalize(), n)

families = tuple(opts[S.ACTOR_FAMILY])
texts, drawing = data.texts, data.drawing
url = texts_url(data.token, data.texts_json)
if animate:
    nodate = dataclasses.replace(flt, start=None, end=None)
    parts = _base_parts(families, url, texts, filters.apply(legs_all, nodate, opts["docs"]),
                        flt.start, flt.end)
    layer = legdraw.layer_script(drawing, [])
else:
    parts = base_parts(families, url, data.token, texts)
    layer = legdraw.layer_script(drawing, legdraw.leg_keys(view))
if not show_map(parts, layer):
    # a new page: the map comes first; the table, chart, export and upload form follow when
    # it reports that it is drawn (their scripts would otherwise delay it by about 0.5 s)
    st.caption("The movements table, chart and export appear once the map is drawn.")
    st.stop()

# ------------------------------------------------------------------ below the map

st.subheader("Movements")
table_cols = [S.DATE_START, S.DATE_END, S.ACTOR_FAMILY, S.ACTOR, S.ACTION, S.ORIGIN,
              S.DESTINATION, S.CORRIDOR, S.N_SOURCES, S.QUOTE]
table = pd.DataFrame(view.drop(columns=view.geometry.name))
table = table[[col for col in table_cols if col in table]].reset_index(drop=True)
picked = st.dataframe(table, key="table", on_select="rerun", selection_mode="single-row",
                      hide_index=True, column_config={
                          S.QUOTE: st.column_config.TextColumn("quote", width="large")})
rows = picked.selection.rows if picked is not None and hasattr(picked, "selection") else []
if rows:
    row = view.iloc[rows[0]].to_dict()
    st.markdown(f"**{maptext.esc(row.get(S.ACTOR))}**, {maptext.date_label(row)}")
    for src in maptext.leg_sources(row):
        link = maptext.safe_url(src.get("url"))
        head = " — ".join(str(x) for x in (src.get("outlet"), src.get("title")) if x)
        st.markdown(f"[{head or src.get('doc')}]({link})" if link else (head or src.get("doc")))
        st.text(src.get("quote") or "")
else:
    st.caption("Select a row to read its sources and exact quotes.")

st.subheader("Movements per day")
daily = filters.per_day(view)
coarse = filters.too_long_per_day(view)
if daily.empty:
    st.caption("No movements dated to the day (or to a few days) in this view.")
else:
    # inline SVG, not st.bar_chart: Vega's scripts slowed the map's first paint by ~1 s
    st.html(maptext.per_day_chart(daily, legdraw.family_colours(daily[S.ACTOR_FAMILY])))
if coarse:
    st.caption(f"Not in the chart: {coarse} movement(s) dated only to more than "
               f"{filters.PER_DAY_MAX_DAYS} days (a year, a season); they are in the table.")

st.subheader("Unresolved places")
if data.unresolved.empty:
    st.caption("Every place name was found in the gazetteer.")
else:
    st.dataframe(data.unresolved, hide_index=True, key="unresolved")
for path, message in data.problems:
    st.warning(f"{path}: {message}")

st.subheader("Export")
e1, e2, e3, e4 = st.columns(4)
e1.download_button("GeoJSON (this view)", export(geojson_bytes, view), "geo-view.geojson",
                   "application/geo+json", key="dl_view_geojson", on_click="ignore")
e2.download_button("CSV (this view)", export(csv_bytes, view), "geo-view.csv", "text/csv",
                   key="dl_view_csv", on_click="ignore")
e3.download_button("GeoJSON (everything)", export(geojson_bytes, legs_all), "geo-all.geojson",
                   "application/geo+json", key="dl_all_geojson", on_click="ignore")
e4.download_button("CSV (everything)", export(csv_bytes, legs_all), "geo-all.csv", "text/csv",
                   key="dl_all_csv", on_click="ignore")

st.subheader("Add texts")
with st.form("add_texts", clear_on_submit=True):
    files = st.file_uploader("Documents (.txt, .md, .html)", accept_multiple_files=True,
                             type=["txt", "md", "html", "htm"], key="upload")
    pasted = st.text_area("…or paste a text", key="pasted")
    published = st.date_input("Publication date (optional)", None, key="published")
    submitted = st.form_submit_button("Add to the map")
if submitted:
    new_docs, errors = read_uploads(files, pasted, published)
    st.session_state["upload_errors"] = errors
    if new_docs:
        bar = st.progress(0.0, text="Processing…")
        docs = tuple(data.documents) + tuple(new_docs)

        def _progress(done: int, total: int, doc_id: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total}: {doc_id}")

        st.session_state["data_with_uploads"] = analyse(docs, data.problems, _progress)
        st.session_state["extra_docs"] = tuple(st.session_state.get("extra_docs", ())) + \
            tuple(new_docs)
        st.rerun()
for name, message in st.session_state.get("upload_errors", []):
    st.error(f"{name}: {message}")
if st.session_state.get("extra_docs"):
    st.caption("Added: " + ", ".join(d.doc_id for d in st.session_state["extra_docs"]))
