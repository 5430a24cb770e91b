"""A folium map as the arguments of the streamlit-folium front end, rendered once.

``streamlit_folium.st_folium`` renders the whole map again on every rerun (the country
borders included) and turns the data layer into JavaScript through folium's templates and a
regular expression over the whole text. The app instead renders the base map once
(:func:`embed_parts`, kept in memory and on disk) and sends the data layer as the compact
script of :func:`geo.legdraw.layer_script`; the front end is the same, so the map is still
updated in place (view kept) when only the data layer changes.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import folium
from folium.elements import JSCSSMixin

#: The name the front end gives the map's ``<div>`` and expects the script to define.
MAP_ID = "map_div"

_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=[\"'][^\"']*[\"'][^>]*>.*?</script\b[^>]*>",
                         re.I | re.S)
_CSS_LINK = re.compile(r"<link rel=\"stylesheet\" href=\".*?\"/>")
_MAP_DIV = re.compile(r"<div class=\"folium-map\" id=\"[^\"]*\" ></div>")
_FOLIUM_ID = re.compile(r"_[0-9a-f]{32}\b")  # folium's random element ids


def _elements(root: object):
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def embed_parts(m: folium.Map) -> dict[str, Any]:
    """Render ``m`` (after :func:`geo.mapping.finish`) into the front end's arguments.

    Returns
    -------
    dict
        ``script`` (the map's JavaScript, defining ``map_div``), ``header`` (inline CSS and
        other head elements, no ``<script src>`` or stylesheet links), ``html`` (the legend),
        ``js_links`` and ``css_links`` (served assets, in page order) and ``key`` (changes with
        any of them but folium's random element names, so that only a different base map
        remounts the component).
    """
    m._id = MAP_ID.removeprefix("map_")  # folium names the map "map_<id>"
    root = m.get_root()
    root.render()
    header = _CSS_LINK.sub("", _SCRIPT_SRC.sub("", root.header.render()))
    html = _MAP_DIV.sub("", root.html.render()).strip()
    script = root.script.render()
    js: dict[str, None] = {}
    css: dict[str, None] = {}
    for el in _elements(m):
        if isinstance(el, JSCSSMixin):
            js.update((url, None) for _name, url in el.default_js)
            css.update((url, None) for _name, url in el.default_css)
    parts = {"script": script, "header": header, "html": html, "js_links": list(js),
             "css_links": list(css)}
    text = "\0".join([script, header, html, *js, "\0", *css])
    digest = hashlib.sha256(_FOLIUM_ID.sub("", text).encode("utf-8")).hexdigest()
    parts["key"] = f"map-{digest[:16]}"
    return parts
