"""Legs and places -> what the map draws: colours, styles, GeoJSON features, popups.

No folium here (the app imports this module on every page load): :mod:`geo.mapping` turns
these features into folium layers, and :func:`drawing` / :func:`layer_script` give the app a
compact form of them to send to the browser on every filter change (each distinct style
once, then per leg only its key, style number and rounded coordinates).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, mapping

from geo import maptext
from geo import schema as S

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

# ---------------------------------------------------------------- colours


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


def _arrow_at(line: LineString, at: float = 0.6) -> tuple[float, float, int] | None:
    """(lon, lat, angle) of an arrowhead along ``line`` at fraction ``at`` of its length;
    the angle (degrees, clockwise from east, as CSS rotates) is measured on the web map."""
    if line.length == 0:
        return None
    p0 = line.interpolate(max(0.0, at - 0.02), normalized=True)
    p1 = line.interpolate(min(1.0, at + 0.02), normalized=True)
    dx, dy = p1.x - p0.x, _mercator_y(p1.y) - _mercator_y(p0.y)
    if dx == 0 and dy == 0:
        return None
    mid = line.interpolate(at, normalized=True)
    return mid.x, mid.y, round(-math.degrees(math.atan2(dy, dx)))


def _arrow(line: LineString, colour: str, at: float = 0.6) -> dict[str, Any] | None:
    """A divIcon feature pointing along ``line`` at fraction ``at`` of its length."""
    spot = _arrow_at(line, at)
    if spot is None:
        return None
    x, y, angle = spot
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
            "properties": {"icon": f'<div style="transform:rotate({angle}deg);'
                                   f'color:{colour}">&#10148;</div>',
                           "icon_class": "geo-arrow", "icon_size": [14, 14]}}


def _lines(geom: object) -> list[LineString]:
    if isinstance(geom, LineString):
        return [geom]
    if isinstance(geom, MultiLineString):
        return list(geom.geoms)
    return []


def leg_keys(legs: gpd.GeoDataFrame) -> list[str]:
    """A unique key per row: the leg id (or event id), else the row's index label (kept by
    a filtered view of the same frame)."""
    keys = []
    ids = legs[S.LEG_ID] if S.LEG_ID in legs else legs.get(S.EVENT_ID)
    for label, v in zip(legs.index, ids if ids is not None else [None] * len(legs),
                        strict=True):
        keys.append(str(v) if isinstance(v, str) and v else f"row{label}")
    return keys


def leg_texts(legs: gpd.GeoDataFrame) -> dict[str, dict[str, str]]:
    """``{key: {"popup": html, "tooltip": html}}`` for every leg (escaped, see maptext)."""
    if legs is None or legs.empty:
        return {}
    rows = legs.drop(columns=legs.geometry.name).to_dict("records")
    return {k: {"popup": maptext.leg_popup(r), "tooltip": maptext.leg_tooltip(r)}
            for k, r in zip(leg_keys(legs), rows, strict=True)}


def _drawn_legs(legs: gpd.GeoDataFrame | None):
    """(key, style, geometry) of each leg with a geometry; arrival points get a circle style."""
    if legs is None or legs.empty:
        return
    props = legs.drop(columns=legs.geometry.name).to_dict("records")
    for key, row, geom in zip(leg_keys(legs), props, legs.geometry.values, strict=True):
        if geom is None or geom.is_empty:
            continue
        style = leg_style(row)
        if isinstance(geom, Point):
            style = {**style, "radius": 6, "fillColor": style["color"], "fillOpacity": 0.5,
                     "weight": 2, "className": "geo-route geo-arrival"}
        else:
            style["className"] = "geo-route"
        yield key, style, geom


def leg_features_by_key(legs: gpd.GeoDataFrame, *, arrows: bool = True
                        ) -> dict[str, list[dict[str, Any]]]:
    """GeoJSON features of each leg (its route or arrival marker, then its arrowhead).

    Popups and tooltips are referenced by ``text`` key (see :class:`LegTexts`).
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for key, style, geom in _drawn_legs(legs):
        p: dict[str, Any] = {"style": style, "text": key, "leg": key}
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


# ---------------------------------------------------------------- compact data layer

_TYPES = {"LineString": "L", "MultiLineString": "M", "Point": "P"}
#: Decimals kept in coordinates sent to the browser (about a metre).
DECIMALS = 5


@dataclass(frozen=True, slots=True)
class Drawing:
    """The legs and places of a data set as JSON fragments, made once (see :func:`drawing`).

    Attributes
    ----------
    styles
        JSON list of the distinct Leaflet path options of the legs.
    legs
        ``{key: '[key, style number, "L"|"M"|"P", coordinates]'}`` for each leg with a
        geometry (coordinates lon/lat, rounded to :data:`DECIMALS`).
    arrows
        ``{key: '[lon, lat, angle, style number]'}``: each route's arrowhead.
    places
        JSON list of the place features (:func:`place_features`).
    """

    styles: str
    legs: Mapping[str, str]
    arrows: Mapping[str, str]
    places: str


def _dumps(value: object) -> str:
    # compact, and safe inside a script (the browser evaluates it as JavaScript)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")


def _coords(geom: object) -> list[Any]:
    if isinstance(geom, MultiLineString):
        return [_coords(g) for g in geom.geoms]
    xy = np.round(shapely.get_coordinates(geom), DECIMALS).tolist()
    return xy[0] if isinstance(geom, Point) else xy


def drawing(legs: gpd.GeoDataFrame | None, places: gpd.GeoDataFrame | None = None) -> Drawing:
    """Encode every leg (route or arrival point, arrowhead) and place of a data set once;
    :func:`layer_script` then picks the legs in view. Styles are those of
    :func:`leg_features_by_key` (family colour, width by sources, dashed if uncertain)."""
    styles: dict[str, int] = {}
    out_legs: dict[str, str] = {}
    out_arrows: dict[str, str] = {}
    for key, style, geom in _drawn_legs(legs):
        kind = _TYPES.get(geom.geom_type)
        if kind is None:
            continue
        n = styles.setdefault(_dumps(style), len(styles))
        out_legs[key] = _dumps([key, n, kind, _coords(geom)])
        lines = _lines(geom)
        spot = _arrow_at(lines[-1]) if lines else None
        if spot is not None:
            x, y, angle = spot
            out_arrows[key] = _dumps([round(x, DECIMALS), round(y, DECIMALS), angle, n])
    return Drawing("[" + ",".join(styles) + "]", out_legs, out_arrows,
                   _dumps(place_features(places)))


def layer_script(d: Drawing, keys: Sequence[str], *, arrows: bool = True) -> str:
    """JavaScript adding the legs ``keys`` (and every place) of ``d`` to the map ``map_div``.

    Run by the map page (the streamlit-folium front end evaluates it as its feature group,
    replacing the previous one without reloading the map); ``geoLegLayer`` comes with the
    base map. Above :data:`MAX_ARROWS` legs, arrowheads are left out and the routes are drawn
    on a canvas.
    """
    keys = [k for k in keys if k in d.legs]
    few = len(keys) <= MAX_ARROWS
    tips = [d.arrows[k] for k in keys if k in d.arrows] if arrows and few else []
    data = (f'{{"styles":{d.styles},"legs":[{",".join(d.legs[k] for k in keys)}],'
            f'"arrows":[{",".join(tips)}],"places":{d.places}}}')
    return ("(function () { var layer = window.geoLegLayer(" + data + ", "
            + ("false" if few else "true") + ");\n"
            "map_div.addLayer(layer); window.feature_group = [layer]; })();\n")


def layer_key(d: Drawing) -> str:
    """A short fingerprint of ``d`` (changes with any leg, style or place)."""
    h = hashlib.sha256(d.styles.encode() + d.places.encode())
    for k, v in d.legs.items():
        h.update(f"{k}\0{v}\n".encode())
    return h.hexdigest()[:16]
