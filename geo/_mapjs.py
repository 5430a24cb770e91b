"""Leaflet-side pieces of the map: page CSS, the feature layer's JavaScript and the small
folium elements that carry them (used by :mod:`geo.mapping`)."""

from __future__ import annotations

from typing import Any

import folium
from folium.template import Template

SEA = "#c9dceb"

CSS = f"""
.leaflet-container {{ background: {SEA}; }}
.geo-label {{ font: 600 11px/1.1 system-ui, sans-serif; color: #444; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }}
.geo-sym {{ font-size: 15px; color: #222; text-shadow: 0 0 3px #fff; text-align: center; }}
.geo-arrow {{ font-size: 14px; line-height: 14px; text-align: center; pointer-events: none; }}
.geo-popup {{ font: 13px/1.35 system-ui, sans-serif; max-height: 300px; overflow-y: auto; }}
.geo-popup blockquote {{ margin: 2px 0 6px 0; padding-left: 6px; border-left: 3px solid #bbb;
  font-style: italic; }}
.geo-popup ol {{ padding-left: 18px; margin: 0; }}
.geo-legend {{ position: absolute; z-index: 1000; right: 10px; top: 64px; background: #fffe;
  padding: 6px 9px; border-radius: 4px; font: 12px/1.5 system-ui, sans-serif;
  box-shadow: 0 1px 4px #0004; max-width: 220px; }}
.geo-legend hr {{ margin: 4px 0; }}
.geo-sw {{ display: inline-block; width: 14px; height: 10px; margin-right: 6px; }}
.geo-ln {{ display: inline-block; width: 26px; margin: 0 6px 3px 0; border-top: 3px solid #555; }}
.geo-ln.geo-dash {{ border-top-style: dashed; }}
.geo-ln.geo-thick {{ border-top-width: 7px; }}
.geo-dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  background: #fff; border: 2px solid #333; margin: 0 6px 0 2px; }}
.leaflet-bottom.leaflet-left {{ width: 100%; }}
.leaflet-control-container .leaflet-timeline-controls {{ box-sizing: border-box; width: 100%;
  margin: 0 0 15px 0; }}
"""

FEATURE_JS = """
{
  style: function (f) { return f.properties.style || {}; },
  pointToLayer: function (f, latlng) {
    var p = f.properties;
    if (p.icon) {
      return L.marker(latlng, {icon: L.divIcon({html: p.icon, className: p.icon_class || '',
        iconSize: p.icon_size || [18, 18]}), interactive: !!(p.popup || p.tooltip),
        keyboard: false});
    }
    return L.circleMarker(latlng, p.style || {});
  },
  onEachFeature: function (f, layer) {
    var p = f.properties, opts = {maxWidth: 440, autoPanPaddingTopLeft: [60, 20]};
    var text = function (what) {
      var t = (window.geoTexts || {})[p.text];
      return t ? t[what] : '<i>loading…</i>';
    };
    if (p.popup) { layer.bindPopup(p.popup, opts); }
    else if (p.text) {
      layer.bindPopup(function () { return text('popup'); }, opts);
      layer.on('popupopen', function (e) {
        if (!(window.geoTexts || {})[p.text] && window.geoTextsReady) {
          window.geoTextsReady.then(function () { e.popup.setContent(text('popup')); });
        }
      });
    }
    if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
    else if (p.text) { layer.bindTooltip(function () { return text('tooltip'); }, {sticky: true}); }
  }
}
"""

#: ``geoLegLayer(data, canvas)``: the layer of :func:`geo.legdraw.layer_script`'s compact data
#: (``styles``: Leaflet path options; ``legs``: ``[key, style, "L"|"M"|"P", coordinates]``;
#: ``arrows``: ``[lon, lat, angle, style]``; ``places``: GeoJSON features), drawn with the
#: same feature options as :class:`FeatureLayer`. Sets the map's ``data-routes`` and
#: ``data-generation`` like :class:`FeatureLayer`; the first time, tells the page that the map
#: is drawn (the component's value becomes ``{"drawn": true}``).
LAYER_JS = """
window.geoFeatureOptions = """ + FEATURE_JS.strip() + """;
window.geoLegLayer = function (d, canvas) {
  var types = {L: 'LineString', M: 'MultiLineString', P: 'Point'};
  var opts = window.geoFeatureOptions;
  var legs = d.legs.map(function (l) {
    return {type: 'Feature', geometry: {type: types[l[2]], coordinates: l[3]},
            properties: {style: d.styles[l[1]], text: l[0], leg: l[0]}};
  });
  (d.arrows || []).forEach(function (a) {
    legs.push({type: 'Feature', geometry: {type: 'Point', coordinates: [a[0], a[1]]},
      properties: {icon: '<div style="transform:rotate(' + a[2] + 'deg);color:'
        + d.styles[a[3]].color + '">&#10148;</div>', icon_class: 'geo-arrow',
        icon_size: [14, 14]}});
  });
  var group = L.featureGroup([
    L.geoJson({type: 'FeatureCollection', features: d.places || []}, opts),
    L.geoJson({type: 'FeatureCollection', features: legs}, Object.assign({}, opts,
      canvas ? {renderer: L.canvas({padding: 0.3})} : {}))]);
  var el = document.querySelector('.leaflet-container');
  if (el) {
    el.dataset.routes = d.legs.length;
    el.dataset.generation = (+el.dataset.generation || 0) + 1;
  }
  if (!window.geoDrawnSent && window.parent !== window) {
    // once per page: the map is up, so the app adds what lies below it (the component value
    // {drawn: true}, with Streamlit's component protocol)
    window.geoDrawnSent = true;
    window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                               value: {drawn: true}, dataType: 'json'}, '*');
  }
  return group;
};
"""


class FeatureLayer(folium.MacroElement):
    """A GeoJSON layer whose features carry their own style, icon, popup and tooltip.

    Properties read: ``style`` (Leaflet path options), ``icon`` (HTML of a divIcon, for
    points), ``icon_class``, ``icon_size``, ``popup`` and ``tooltip`` (escaped HTML).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.geoJson({{ this.data|tojson }}, Object.assign("
        + FEATURE_JS
        + ", {% if this.canvas %}{renderer: L.canvas({padding: 0.3})}{% else %}{}{% endif %}))"
        ".addTo({{ this._parent.get_name() }});"
        "{% if this.routes is not none %}"
        "(function () { var el = document.querySelector('.leaflet-container');"
        " if (el) { el.dataset.routes = {{ this.routes }};"
        " el.dataset.generation = (+el.dataset.generation || 0) + 1; } })();"
        "{% endif %}"
        "{% endmacro %}"
    )

    def __init__(self, features: list[dict[str, Any]], *, canvas: bool = False,
                 routes: int | None = None) -> None:
        """``canvas``: draw on a canvas (fast for thousands of routes) instead of SVG;
        ``routes``: number of routes, written to the map container's ``data-routes`` (with a
        ``data-generation`` counter) so tests and benchmarks can see each update."""
        super().__init__()
        self._name = "FeatureLayer"
        self.data = {"type": "FeatureCollection", "features": features}
        self.canvas = canvas
        self.routes = routes


class LegTexts(folium.MacroElement):
    """Popup and tooltip HTML of every leg, inlined in the base map or fetched from ``url``.

    The data layer's features carry only a ``text`` key, so that moving the date slider sends
    geometry and style, not every quote again. With ``url`` (a JSON file the app serves) the
    texts are not even part of the map's script, which Streamlit resends on every rerun.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{% if this.url %}"
        "window.geoTextsReady = fetch({{ this.url|tojson }}).then(function (r) {"
        " return r.json(); }).then(function (d) {"
        " window.geoTexts = Object.assign(window.geoTexts || {}, d); });"
        "{% else %}"
        "window.geoTexts = Object.assign(window.geoTexts || {}, {{ this.data|tojson }});"
        "{% endif %}"
        "{% endmacro %}"
    )

    def __init__(self, texts: dict[str, dict[str, str]] | None = None, *,
                 url: str | None = None) -> None:
        super().__init__()
        self._name = "LegTexts"
        self.data = texts or {}
        self.url = url


class RawHtml(folium.MacroElement):
    """Fixed HTML/CSS placed in the page; the text is a value, never a Jinja template."""

    _template = Template(
        "{% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}"
    )

    def __init__(self, *, css: str = "", body: str = "") -> None:
        super().__init__()
        self._name = "RawHtml"
        self.css = f"<style>{css}</style>" if css else ""
        self.body = body


class Script(folium.MacroElement):
    """A fixed piece of JavaScript run with the map's script."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}")

    def __init__(self, js: str) -> None:
        super().__init__()
        self._name = "Script"
        self.js = js
