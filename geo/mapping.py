"""GeoDataFrames (legs, places) -> folium map. No Streamlit here.

The map is split in two so that the app can update the data without reloading the page:

* :func:`base_map`: the offline basemap (country borders from ``data/countries.geojson``, sea
  and land colours, labels of the main cities), optional online tile layers (off by default),
  the legend, and optionally the play control (:func:`add_timeline`).
* :func:`data_layer`: a :class:`folium.FeatureGroup` with the routes (coloured by actor family,
  dashed when approximate or inferred, wider with more sources, an arrowhead showing the
  direction) and the places (sized by mentions; airports, bases and crossings with symbols).

Everything drawn is one GeoJSON per layer whose features carry their style and their escaped
popup/tooltip HTML (see :mod:`geo.maptext`), which keeps thousands of routes fast. The
features themselves come from :mod:`geo.legdraw` (no folium), which also gives the app a
compact form of the data layer (:func:`geo.legdraw.layer_script`) drawn by the base map.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo import assets, maptext
from geo import schema as S
from geo._basemap import countries, label_features
from geo._mapjs import CSS, FEATURE_JS, LAYER_JS, FeatureLayer, LegTexts, RawHtml, Script
from geo.coords import latlon
from geo.legdraw import (  # noqa: F401 - part of this module's interface
    _SYMBOLS,
    KNOWN_COLOURS,
    MAX_ARROWS,
    UNKNOWN_FAMILY,
    _arrow,
    family_colour,
    family_colours,
    leg_features,
    leg_features_by_key,
    leg_keys,
    leg_style,
    leg_texts,
    place_features,
)

logger = logging.getLogger(__name__)

LAND = "#f4f1e8"
BORDER = "#9a968c"
#: Region shown first: (south, west), (north, east) in lat/lon.
REGION = ((31.0, 34.0), (38.0, 46.0))
#: Font Awesome icons drawn on the map (places, legend): the only ones whose CSS is sent.
ICONS = frozenset(name.removeprefix("fa-") for name in _SYMBOLS.values())
_PAGE_JS = frozenset({"leaflet"})
_PAGE_CSS = frozenset({"leaflet_css", "awesome_markers_font_css"})
_FADE_DAYS = 3
_CARTO = ("https://{s}.basemaps.cartocdn.com/%s/{z}/{x}/{y}{r}.png",
          '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
          'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>')
_DAY_MS = 86_400_000

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
    Script(LAYER_JS).add_to(m)  # draws the app's data (geo.legdraw.layer_script)
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
    return assets.localize(m, icons=ICONS)


# ---------------------------------------------------------------- features




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
