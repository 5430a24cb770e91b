"""GeoDataFrames (legs, places) -> folium map. No Streamlit here.

The map is split in two so that the app can update the data without reloading the page:

* :func:`base_map`: the offline basemap (country borders from ``data/countries.geojson``, sea
  and land colours, labels of the main cities), optional online tile layers (off by default),
  the legend, and optionally the play control (:func:`add_timeline`).
* :func:`data_layer`: a :class:`folium.FeatureGroup` with the routes (coloured by actor family,
  dashed when approximate or inferred, wider with more sources, an arrowhead showing the
  direction) and the places (sized by mentions; airports, bases and crossings with symbols).

Everything drawn is one GeoJSON per layer whose features carry their style and their escaped
popup/tooltip HTML (see :mod:`geo.maptext`), which keeps thousands of routes fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode
from shapely.geometry import LineString, MultiLineString, Point, mapping

from geo import assets, maptext
from geo import schema as S
from geo._basemap import countries, label_features
from geo._mapjs import CSS, FEATURE_JS, FeatureLayer, LegTexts, RawHtml, Script
from geo.coords import latlon

logger = logging.getLogger(__name__)

LAND = "#f4f1e8"
BORDER = "#9a968c"
#: Region shown first: (south, west), (north, east) in lat/lon.
REGION = ((31.0, 34.0), (38.0, 46.0))
#: Fixed colours for the families the project follows; others get a stable hashed colour.
KNOWN_COLOURS = {
    "IRGC": "#d62728", "Hezbollah": "#e6b400", "Fatemiyoun": "#2ca02c",
    "Zainebiyoun": "#17becf", "PMF": "#9467bd", "Iraqi PMF": "#9467bd", "Russia": "#1f3a93",
    "Syrian Army": "#8c564b", "Iran": "#d62728",
}
_PALETTE = ("#e377c2", "#ff7f0e", "#7f7f7f", "#bcbd22", "#1f77b4", "#8c564b", "#393b79",
            "#637939", "#843c39", "#7b4173")
UNKNOWN_FAMILY = "unknown"
_SYMBOLS = {"airport": "fa-plane", "airbase": "fa-jet-fighter", "base": "fa-shield-halved",
            "crossing": "fa-flag", "port": "fa-anchor"}
_PAGE_JS = frozenset({"leaflet"})
_PAGE_CSS = frozenset({"leaflet_css", "awesome_markers_font_css"})
_FADE_DAYS = 3
_CARTO = ("https://{s}.basemaps.cartocdn.com/%s/{z}/{x}/{y}{r}.png",
          '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
          'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>')
_DAY_MS = 86_400_000

# ---------------------------------------------------------------- colours and basemap data


def family_colour(family: object) -> str:
    """Colour of an actor family: fixed for known families, else stable across runs."""
    name = str(family) if isinstance(family, str) and family else UNKNOWN_FAMILY
    if name in KNOWN_COLOURS:
        return KNOWN_COLOURS[name]
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def family_colours(families: Iterable[object]) -> dict[str, str]:
    """``{family: colour}`` for the distinct families given, sorted by name."""
    names = sorted({f if isinstance(f, str) and f else UNKNOWN_FAMILY for f in families})
    return {f: family_colour(f) for f in names}


# ---------------------------------------------------------------- base map


def base_map(*, families: Iterable[str] = (), online_tiles: bool = True,
             labels: bool = True, bounds: tuple[tuple[float, float], tuple[float, float]]
             | None = None, texts: dict[str, dict[str, str]] | None = None,
             texts_url: str | None = None) -> folium.Map:
    """The offline basemap with legend and layer control, its assets served locally.

    Parameters
    ----------
    families
        Actor families shown in the legend.
    online_tiles
        Offer OpenStreetMap, CARTO and Esri tile layers in the layer control (off by default;
        they only load when a user with internet picks one).
    labels
        Label the main cities.
    bounds
        ((south, west), (north, east)) to fit; the region of the corridors by default.
    texts
        Popups and tooltips of the legs (:func:`leg_texts`), shipped once with the map.
    texts_url
        Where the page can fetch those texts as JSON instead (served by the app).
    """
    (south, west), (north, east) = bounds or REGION
    m = folium.Map(location=((south + north) / 2, (west + east) / 2), zoom_start=6,
                   tiles=None, control_scale=True, min_zoom=4)
    m.fit_bounds([[south, west], [north, east]])
    offline = folium.FeatureGroup(name="Offline basemap (borders)", overlay=False, control=True)
    folium.GeoJson(
        countries(), name="countries", interactive=False, control=False,
        style_function=lambda _f: {"fillColor": LAND, "fillOpacity": 1.0, "color": BORDER,
                                   "weight": 1},
    ).add_to(offline)
    if labels:
        FeatureLayer(label_features()).add_to(offline)
    offline.add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False,
                         show=False).add_to(m)
        for style, name in (("light_all", "CARTO light (online)"),
                            ("dark_all", "CARTO dark (online)")):
            folium.TileLayer(_CARTO[0] % style, attr=_CARTO[1], name=name, overlay=False,
                             show=False, subdomains="abcd").add_to(m)
        folium.TileLayer("Esri.WorldImagery", name="Esri imagery (online)", overlay=False,
                         show=False).add_to(m)
    if texts_url:
        LegTexts(url=texts_url).add_to(m)
    elif texts:
        LegTexts(texts).add_to(m)
    legend = maptext.legend_html(family_colours(families))
    RawHtml(css=CSS, body=legend).add_to(m)
    return m


def finish(m: folium.Map) -> folium.Map:
    """Add the layer control and serve the map's assets from the app (call once, last).

    Of folium's page-wide assets only Leaflet and Font Awesome (the place symbols) are kept:
    jQuery, Bootstrap and awesome-markers are not used by these maps.
    """
    folium.LayerControl(collapsed=True).add_to(m)
    m.default_js = [(n, u) for n, u in m.default_js if n in _PAGE_JS]
    m.default_css = [(n, u) for n, u in m.default_css if n in _PAGE_CSS]
    icon_path = assets.url("leaflet@1.9.3/images/")
    m.add_child(Script(f"L.Icon.Default.imagePath = {icon_path!r};"), index=0)
    return assets.localize(m)


# ---------------------------------------------------------------- features


def _is_true(v: object) -> bool:
    return v is True or (isinstance(v, (int, float)) and not isinstance(v, bool) and v == 1) \
        or v == "true"


def _n_sources(row: dict[str, Any]) -> int:
    n = row.get(S.N_SOURCES)
    try:
        return max(1, int(n)) if n is not None and n == n else 1
    except (TypeError, ValueError):
        return 1


def leg_style(row: dict[str, Any]) -> dict[str, Any]:
    """Leaflet path options of a leg: family colour, width by sources, dashed if uncertain."""
    dashed = _is_true(row.get(S.APPROXIMATE)) or _is_true(row.get(S.INFERRED))
    style = {"color": family_colour(row.get(S.ACTOR_FAMILY)),
             "weight": 2 + 1.5 * (min(_n_sources(row), 5) - 1), "opacity": 0.85}
    if dashed:
        style["dashArray"] = "7 7"
    return style


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _arrow(line: LineString, colour: str, at: float = 0.6) -> dict[str, Any] | None:
    """A divIcon feature pointing along ``line`` at fraction ``at`` of its length."""
    if line.length == 0:
        return None
    p0 = line.interpolate(max(0.0, at - 0.02), normalized=True)
    p1 = line.interpolate(min(1.0, at + 0.02), normalized=True)
    dx, dy = p1.x - p0.x, _mercator_y(p1.y) - _mercator_y(p0.y)
    if dx == 0 and dy == 0:
        return None
    angle = -math.degrees(math.atan2(dy, dx))  # CSS rotates clockwise from east
    mid = line.interpolate(at, normalized=True)
    return {"type": "Feature", "geometry": mapping(mid),
            "properties": {"icon": f'<div style="transform:rotate({angle:.0f}deg);'
                                   f'color:{colour}">&#10148;</div>',
                           "icon_class": "geo-arrow", "icon_size": [14, 14]}}


def _lines(geom: object) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom]
    if isinstance(geom, MultiLineString):
        return list(geom.geoms)
    return []


def leg_keys(legs: gpd.GeoDataFrame) -> list[str]:
    """A unique key per row: the leg id (or event id), else the row position."""
    keys = []
    ids = legs[S.LEG_ID] if S.LEG_ID in legs else legs.get(S.EVENT_ID)
    for i, v in enumerate(ids if ids is not None else [None] * len(legs)):
        keys.append(str(v) if isinstance(v, str) and v else f"row{i}")
    return keys


def leg_texts(legs: gpd.GeoDataFrame) -> dict[str, dict[str, str]]:
    """``{key: {"popup": html, "tooltip": html}}`` for every leg (escaped, see maptext)."""
    if legs is None or legs.empty:
        return {}
    rows = legs.drop(columns=legs.geometry.name).to_dict("records")
    return {k: {"popup": maptext.leg_popup(r), "tooltip": maptext.leg_tooltip(r)}
            for k, r in zip(leg_keys(legs), rows, strict=True)}


def leg_features_by_key(legs: gpd.GeoDataFrame, *, arrows: bool = True
                        ) -> dict[str, list[dict[str, Any]]]:
    """GeoJSON features of each leg (its route or arrival marker, then its arrowhead).

    Popups and tooltips are referenced by ``text`` key (see :class:`LegTexts`).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    if legs is None or legs.empty:
        return out
    props = legs.drop(columns=legs.geometry.name).to_dict("records")
    for key, row, geom in zip(leg_keys(legs), props, legs.geometry.values, strict=True):
        if geom is None or geom.is_empty:
            continue
        style = leg_style(row)
        p: dict[str, Any] = {"style": {**style, "className": "geo-route"}, "text": key,
                             "leg": key}
        if isinstance(geom, Point):
            p["style"] = {**style, "radius": 6, "fillColor": style["color"], "fillOpacity": 0.5,
                          "weight": 2, "className": "geo-route geo-arrival"}
        feats = [{"type": "Feature", "geometry": mapping(geom), "properties": p}]
        if arrows:
            lines = _lines(geom)
            arrow = _arrow(lines[-1], style["color"]) if lines else None
            if arrow:
                feats.append(arrow)
        out[key] = feats
    return out


def leg_features(legs: gpd.GeoDataFrame, *, arrows: bool = True,
                 popups: bool = True) -> list[dict[str, Any]]:
    """GeoJSON features of the legs; with ``popups`` the HTML is inlined in each feature."""
    by_key = leg_features_by_key(legs, arrows=arrows)
    texts = leg_texts(legs) if popups else {}
    out = []
    for key, feats in by_key.items():
        if key in texts:
            feats[0]["properties"].update(texts[key])
        out.extend(feats)
    return out


def place_features(places: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    """GeoJSON features of the places: circles sized by mentions, symbols for special kinds."""
    out: list[dict[str, Any]] = []
    if places is None or places.empty:
        return out
    props = places.drop(columns=places.geometry.name).to_dict("records")
    for row, geom in zip(props, places.geometry.values, strict=True):
        if not isinstance(geom, Point):
            continue
        n = row.get(S.MENTIONS) or 1
        p: dict[str, Any] = {"popup": maptext.place_popup(row),
                             "tooltip": maptext.esc(row.get(S.NAME))}
        symbol = _SYMBOLS.get(str(row.get(S.KIND)))
        if symbol:
            p.update(icon=f'<i class="fa {symbol}"></i>', icon_class="geo-sym",
                     icon_size=[20, 20])
        else:
            p["style"] = {"radius": 3 + 2.2 * math.sqrt(float(n)), "color": "#333",
                          "weight": 1.5, "fillColor": "#fff", "fillOpacity": 0.85,
                          "className": "geo-place"}
        out.append({"type": "Feature", "geometry": mapping(geom), "properties": p})
    return out


#: Above this many legs in view, arrowheads are left out and routes are drawn on a canvas
#: (thousands of SVG paths and icons slow the page down).
MAX_ARROWS = 1000


def data_layer(legs: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None = None, *,
               name: str = "Movements", arrows: bool = True,
               features: dict[str, list[dict[str, Any]]] | None = None,
               place_feats: list[dict[str, Any]] | None = None) -> folium.FeatureGroup:
    """The routes and places as one feature group (for ``st_folium(feature_group_to_add=)``).

    Parameters
    ----------
    legs
        The legs to draw (popups come from the base map's :class:`LegTexts`).
    places
        Places to mark.
    features, place_feats
        Features built beforehand by :func:`leg_features_by_key` / :func:`place_features`
        for a superset of ``legs`` (the app builds them once per data set).
    """
    fg = folium.FeatureGroup(name=name)
    FeatureLayer(place_feats if place_feats is not None else place_features(places)).add_to(fg)
    if features is None:
        features = leg_features_by_key(legs, arrows=arrows)
    keys = leg_keys(legs) if legs is not None and not legs.empty else []
    few = len(keys) <= MAX_ARROWS
    feats = [f for k in keys for f in features.get(k, ())[: None if arrows and few else 1]]
    FeatureLayer(feats, canvas=not few, routes=sum(1 for k in keys if k in features)).add_to(fg)
    return fg


# ---------------------------------------------------------------- animation


def _ms(day: object) -> int | None:
    if not isinstance(day, str) or len(day) < 10:
        return None
    try:
        d = dt.date.fromisoformat(day[:10])
    except ValueError:
        return None
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp() * 1000)


def timeline_features(legs: gpd.GeoDataFrame, *, fade_days: int = _FADE_DAYS
                      ) -> list[dict[str, Any]]:
    """Features with ``start``/``end`` (ms): each dated leg from its start date to the end of
    its end date, then a faded copy for ``fade_days`` more days. Undated legs are left out."""
    out = leg_features(legs, arrows=False, popups=False)
    rows = legs.drop(columns=legs.geometry.name).to_dict("records")
    by_leg = dict(zip(leg_keys(legs), rows, strict=True))
    timed = []
    for f in out:
        row = by_leg.get(f["properties"]["leg"])
        start = _ms(row.get(S.DATE_START)) if row else None
        if start is None:
            continue
        end = (_ms(row.get(S.DATE_END)) or start) + _DAY_MS - 1
        f["properties"].update(start=start, end=end)
        timed.append(f)
        faded = {**f["properties"], "start": end + 1, "end": end + fade_days * _DAY_MS,
                 "style": {**f["properties"]["style"], "opacity": 0.25, "fillOpacity": 0.15}}
        faded.pop("text", None)
        timed.append({**f, "properties": faded})
    return timed


#: Longest playback (ms) and time per day (ms) of the play control.
MAX_PLAYBACK_MS = 60_000
DAY_PLAYBACK_MS = 500


def add_timeline(m: folium.Map, legs: gpd.GeoDataFrame, *, auto_play: bool = False,
                 start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Add a play control stepping day by day through the dated legs; return features added.

    ``start``/``end`` bound the period played (default: the legs' own first and last day).
    """
    from folium.plugins import Timeline, TimelineSlider  # all of folium's plugins: lazily

    feats = timeline_features(legs)
    if not feats:
        return 0
    first = _ms(start.isoformat()) if start else min(f["properties"]["start"] for f in feats)
    last = (_ms(end.isoformat()) + _DAY_MS - 1) if end else max(
        f["properties"]["end"] for f in feats)
    start, end = first, max(first + _DAY_MS - 1, last)
    days = max(1, round((end - start) / _DAY_MS))
    opts = FEATURE_JS.strip()
    tl = Timeline({"type": "FeatureCollection", "features": feats},
                  style=JsCode("function (f) { return f.properties.style || {}; }"),
                  point_to_layer=JsCode(f"({opts}).pointToLayer"),
                  on_each_feature=JsCode(f"({opts}).onEachFeature"))
    tl.add_to(m)
    TimelineSlider(auto_play=auto_play, date_options="YYYY-MM-DD", start=start, end=end,
                   steps=days,
                   playback_duration=min(MAX_PLAYBACK_MS, max(4000, DAY_PLAYBACK_MS * days)),
                   enable_keyboard_controls=True).add_timelines(tl).add_to(m)
    return len(feats)


def build_map(legs: gpd.GeoDataFrame, places: gpd.GeoDataFrame | None = None, *,
              animate: bool = False, online_tiles: bool = True) -> folium.Map:
    """A complete standalone map (basemap, data, optional animation), assets localised."""
    families = legs[S.ACTOR_FAMILY].tolist() if legs is not None and not legs.empty else []
    m = base_map(families=families, online_tiles=online_tiles, texts=leg_texts(legs))
    if animate:
        add_timeline(m, legs)
    else:
        data_layer(legs, places).add_to(m)
    return finish(m)


def latlon_bounds(gdf: gpd.GeoDataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of a frame, for fitting the view."""
    x0, y0, x1, y1 = gdf.total_bounds
    return latlon(x0, y0), latlon(x1, y1)
