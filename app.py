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
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st
from streamlit_folium import st_folium

from geo import filters, mapping, maptext
from geo import schema as S

logging.basicConfig(level=logging.WARNING)
CORPUS = os.environ.get("GEO_CORPUS", "seeds")
SYNTHETIC = int(os.environ.get("GEO_SYNTHETIC", "0") or 0)


@dataclass
class Data:
    """What the page shows: frames, unresolved names, input problems, documents."""

    legs: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    problems: list[tuple[str, str]] = field(default_factory=list)
    documents: tuple = ()
    token: str = ""  # identifies the data set (for caching what is drawn)


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


def _fingerprint(folder: str, synthetic: int) -> str:
    """Changes with any file of the corpus (size, mtime), the geo code or its data."""
    h = hashlib.sha256(f"{synthetic}\0{Path(folder).resolve()}\0{sys.version}\0"
                       f"{pd.__version__}\0{gpd.__version__}\0{shapely.__version__}".encode())
    trees = [(ROOT / "geo", "*.py"), (ROOT / "data", "*")]
    if not synthetic:
        trees.append((Path(folder), "*"))
    for root, pattern in trees:
        for path in sorted(root.rglob(pattern)) if root.is_dir() else [root]:
            if path.is_file() and not path.name.startswith(".") \
                    and "__pycache__" not in path.parts:
                stat = path.stat()
                h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


def _disk_cached(key: str, compute):
    """``compute()``, kept in :data:`DISK_CACHE` under ``key`` (recomputed if unreadable)."""
    target = DISK_CACHE / f"{key}.pickle"
    try:
        with target.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a stale or truncated cache file is only recomputed
        logging.getLogger(__name__).info("ignoring unreadable cache %s", target)
    value = compute()
    try:
        DISK_CACHE.mkdir(parents=True, exist_ok=True)
        kept = sorted(DISK_CACHE.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-(KEEP_RESULTS - 1)]:  # each code or corpus change makes a new key
            old.unlink(missing_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
    except OSError as e:
        logging.getLogger(__name__).warning("cannot write %s (%s)", target, e)
    return value


@st.cache_data(show_spinner="Reading the texts…")
def load_corpus(folder: str, synthetic: int = 0) -> Data:
    """The corpus folder through the whole pipeline (or ``synthetic`` generated legs)."""
    def fields() -> dict:  # a dict, not Data: the script's classes are remade on every run
        data = _load(folder, synthetic)
        return {f.name: getattr(data, f.name) for f in dataclasses.fields(Data)}

    return Data(**_disk_cached(_fingerprint(folder, synthetic), fields))


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
    return _data_from(result, f"docs:{len(documents)}:{hash(tuple(d.doc_id for d in documents))}")


GENERATED = ROOT / "static" / "generated"


@st.cache_data(show_spinner=False, max_entries=8)
def texts_url(token: str, _texts: dict) -> str | None:
    """Serve the popups as a static JSON file (fetched once by the map), if we may write."""
    body = json.dumps(_texts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    name = f"texts-{hashlib.sha256(body).hexdigest()[:24]}.json"
    try:
        GENERATED.mkdir(parents=True, exist_ok=True)
        target = GENERATED / name
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(body)
            os.replace(tmp, target)
    except OSError:
        logging.getLogger(__name__).warning("cannot write %s; popups inlined", GENERATED)
        return None
    return f"/app/static/generated/{name}"


@st.cache_data(show_spinner=False, max_entries=4)
def drawn(token: str, _data: Data) -> tuple[dict, dict, list]:
    """Popups, features per leg and place features of a data set, built once per token."""
    return (mapping.leg_texts(_data.legs), mapping.leg_features_by_key(_data.legs),
            mapping.place_features(_data.places))


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

data: Data = st.session_state.get("data_with_uploads") or load_corpus(CORPUS, SYNTHETIC)
legs_all = data.legs

with st.sidebar:
    st.header("Filters")
    sel_fam = st.multiselect("Actor families", filters.choices(legs_all, S.ACTOR_FAMILY),
                             key="families", placeholder="all")
    sel_cor = st.multiselect("Corridors", filters.choices(legs_all, S.CORRIDOR),
                             key="corridors", placeholder="all")
    sel_act = st.multiselect("Action types", filters.choices(legs_all, S.ACTION),
                             key="actions", placeholder="all")
    sel_doc = st.multiselect("Source documents", filters.choices(legs_all, S.DOC),
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
view = filters.apply(legs_all, flt)

c = filters.counts(view)
cols = st.columns(4)
for col, (label, n) in zip(cols, c.items(), strict=True):
    col.metric(label.capitalize(), n)

families = filters.choices(legs_all, S.ACTOR_FAMILY)
texts, features, place_feats = drawn(data.token, data)
url = texts_url(data.token, texts)
m = mapping.base_map(families=families, texts=None if url else texts, texts_url=url)
if animate:
    nodate = dataclasses.replace(flt, start=None, end=None)
    mapping.add_timeline(m, filters.apply(legs_all, nodate), start=flt.start, end=flt.end)
    fg = mapping.data_layer(legs_all.iloc[0:0], name="Places", place_feats=place_feats)
else:
    fg = mapping.data_layer(view, features=features, place_feats=place_feats)
mapping.finish(m)
st_folium(m, feature_group_to_add=fg, returned_objects=[], key="map", height=620,
          use_container_width=True)

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
if daily.empty:
    st.caption("No dated movements in this view.")
else:
    # inline SVG, not st.bar_chart: Vega's scripts slowed the map's first paint by ~1 s
    st.html(maptext.per_day_chart(daily, mapping.family_colours(daily[S.ACTOR_FAMILY])))

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
