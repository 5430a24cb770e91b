"""Serve every Leaflet/plugin asset from the app itself, never from a CDN.

folium renders ``<script>``/``<link>`` tags for the URLs in each
:class:`folium.elements.JSCSSMixin` element's ``default_js``/``default_css``. Those point at
CDNs, which fail offline (the map then collapses to nothing). :func:`localize` rewrites them to
files vendored from npm into ``static/vendor/`` (see ``data/vendor_assets.py``) and served by
Streamlit's static file serving at ``/app/static/vendor/``.

Under ``streamlit-folium`` the CSS is inlined as ``<style>`` in the figure header with absolute
``url()`` targets (linked stylesheets are not carried into its iframe), and Leaflet's default
marker icon path is set explicitly.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element
from folium.elements import JSCSSMixin

logger = logging.getLogger(__name__)

#: Folder of the vendored files (``static/vendor`` next to ``app.py``).
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
#: URL prefix under which Streamlit serves ``static/vendor``.
URL_PREFIX = "/app/static/vendor"


@dataclass(frozen=True, slots=True)
class Package:
    """An npm package and the files copied from it (``(path in package, path in vendor)``)."""

    name: str
    version: str
    licence: str
    files: tuple[tuple[str, str], ...]

    @property
    def folder(self) -> str:
        """Folder under ``static/vendor`` (``name@version`` with the scope's ``/`` removed)."""
        return f"{self.name.lstrip('@').replace('/', '-')}@{self.version}"


_LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
                   "marker-shadow.png")
_AWESOME_IMAGES = ("markers-soft.png", "markers-soft@2x.png", "markers-shadow.png",
                   "markers-shadow@2x.png")
_FA_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400", "fa-v4compatibility")

#: The same versions folium 0.20 asks for (CDN names that npm lacks use the unminified file).
PACKAGES: tuple[Package, ...] = (
    Package("leaflet", "1.9.3", "BSD-2-Clause",
            (("dist/leaflet.js", "leaflet.js"), ("dist/leaflet.css", "leaflet.css"))
            + tuple((f"dist/images/{f}", f"images/{f}") for f in _LEAFLET_IMAGES)),
    Package("jquery", "3.7.1", "MIT", (("dist/jquery.min.js", "jquery.min.js"),)),
    Package("bootstrap", "5.2.2", "MIT",
            (("dist/js/bootstrap.bundle.min.js", "bootstrap.bundle.min.js"),
             ("dist/css/bootstrap.min.css", "bootstrap.min.css"))),
    # glyphicons.css is cut out of bootstrap 3's stylesheet by the vendoring script
    Package("bootstrap", "3.4.1", "MIT",
            (("dist/fonts/glyphicons-halflings-regular.woff2",
              "fonts/glyphicons-halflings-regular.woff2"),
             ("dist/fonts/glyphicons-halflings-regular.woff",
              "fonts/glyphicons-halflings-regular.woff"))),
    Package("leaflet.awesome-markers", "2.0.5", "MIT",
            (("dist/leaflet.awesome-markers.js", "leaflet.awesome-markers.js"),
             ("dist/leaflet.awesome-markers.css", "leaflet.awesome-markers.css"))
            + tuple((f"dist/images/{f}", f"images/{f}") for f in _AWESOME_IMAGES)),
    Package("@fortawesome/fontawesome-free", "6.2.0",
            "Icons CC-BY-4.0, fonts OFL-1.1, code MIT",
            (("css/all.min.css", "css/all.min.css"),)
            + tuple((f"webfonts/{f}.woff2", f"webfonts/{f}.woff2") for f in _FA_FONTS)),
    Package("leaflet-ant-path", "1.1.2", "MIT",
            (("dist/leaflet-ant-path.js", "leaflet-ant-path.js"),)),
    Package("moment", "2.18.1", "MIT", (("min/moment.min.js", "moment.min.js"),)),
    Package("leaflet.timeline", "1.6.0", "MIT",
            (("dist/leaflet.timeline.js", "leaflet.timeline.js"),)),
)

_BY_NAME = {(p.name, p.version): p for p in PACKAGES}


def _path(name: str, version: str, rel: str) -> str:
    return f"{_BY_NAME[(name, version)].folder}/{rel}"


#: folium asset name -> file under ``static/vendor``.
JS: dict[str, str] = {
    "leaflet": _path("leaflet", "1.9.3", "leaflet.js"),
    "jquery": _path("jquery", "3.7.1", "jquery.min.js"),
    "bootstrap": _path("bootstrap", "5.2.2", "bootstrap.bundle.min.js"),
    "awesome_markers": _path("leaflet.awesome-markers", "2.0.5", "leaflet.awesome-markers.js"),
    "antpath": _path("leaflet-ant-path", "1.1.2", "leaflet-ant-path.js"),
    "timeline": _path("leaflet.timeline", "1.6.0", "leaflet.timeline.js"),
    "moment": _path("moment", "2.18.1", "moment.min.js"),
}
CSS: dict[str, str] = {
    "leaflet_css": _path("leaflet", "1.9.3", "leaflet.css"),
    "bootstrap_css": _path("bootstrap", "5.2.2", "bootstrap.min.css"),
    "glyphicons_css": _path("bootstrap", "3.4.1", "css/glyphicons.css"),
    "awesome_markers_font_css": _path("@fortawesome/fontawesome-free", "6.2.0",
                                      "css/all.min.css"),
    "awesome_markers_css": _path("leaflet.awesome-markers", "2.0.5",
                                 "leaflet.awesome-markers.css"),
    "awesome_rotate_css": "folium/leaflet.awesome.rotate.css",
}
#: Plugin scripts loaded with every map, so layers added later through
#: ``st_folium(feature_group_to_add=...)`` find them already in the page. None at present:
#: the data layer is plain GeoJSON, and each script is one more sequential request.
ALWAYS_JS: tuple[str, ...] = ()


class AssetError(RuntimeError):
    """A vendored asset is missing: run ``python data/vendor_assets.py``."""


def url(rel: str) -> str:
    """The served URL of a file under ``static/vendor``."""
    return f"{URL_PREFIX}/{rel}"


def missing() -> list[str]:
    """Vendored files that are referenced but absent from ``static/vendor``."""
    return sorted(rel for rel in {*JS.values(), *CSS.values()} if not (VENDOR_DIR / rel).is_file())


_URL_RE = re.compile(r"url\(\s*(['\"]?)(?!data:|/|#|https?:)([^'\")]+)\1\s*\)")


@functools.cache
def inline_css(rel: str) -> str:
    """The text of a vendored stylesheet, its relative ``url()`` targets made absolute."""
    path = VENDOR_DIR / rel
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise AssetError(f"{path}: missing vendored stylesheet ({e})") from e
    base = url(rel).rsplit("/", 1)[0]

    def absolute(m: re.Match[str]) -> str:
        parts = f"{base}/{m.group(2)}".split("/")
        out: list[str] = []
        for p in parts:
            if p == "..":
                out.pop()
            elif p != ".":
                out.append(p)
        return f"url('{'/'.join(out)}')"

    return _URL_RE.sub(absolute, text)


_ICON_RULE = re.compile(r"\.fa-([a-z0-9-]+):(?:before|after)")
#: Font Awesome selectors kept in a subset: the base classes, the solid style, variables.
_FA_BASE = frozenset({".fa", ".fas", ".fa-solid", ".fa-classic", ":root", ":host"})


def _rules(css: str):
    """Top-level rules of a stylesheet as (prelude, whole rule text); comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth, start = 0, 0
    for i, ch in enumerate(css):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                rule = css[start:i + 1].strip()
                yield rule[:rule.index("{")].strip(), rule
                start = i + 1


def icon_subset(css: str, icons: frozenset[str], font: str = "fa-solid-900") -> str:
    """Only what Font Awesome's stylesheet needs to draw ``icons`` (names without ``fa-``)
    in its solid style: the base classes, the ``font`` face and those icons' glyphs.

    The whole stylesheet (100 KB, some 2,000 glyphs) would otherwise be sent with the map on
    every rerun. At-rules other than the font face (animations, media queries) are dropped.
    """
    keep = []
    for prelude, rule in _rules(css):
        if prelude.startswith("@"):
            if prelude == "@font-face" and font in rule:
                keep.append(rule)
            continue
        selectors = {s.strip() for s in prelude.split(",")}
        glyphs = {m.group(1) for sel in selectors if (m := _ICON_RULE.fullmatch(sel))}
        if glyphs & icons or selectors & _FA_BASE:
            keep.append(rule)
    return "".join(keep)


def _elements(root: object):
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def _rewrite(pairs: list[tuple[str, str]], table: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for name, link in pairs:
        if name not in table:
            raise AssetError(f"no vendored file for folium asset {name!r} ({link})")
        out.append((name, url(table[name])))
    return out


def localize(m: folium.Map, *, inline: bool = True,
             icons: frozenset[str] | None = None) -> folium.Map:
    """Point every asset of ``m`` (and its children) at the vendored copies.

    Parameters
    ----------
    m
        The map; changed in place.
    inline
        Inline the stylesheets as ``<style>`` in the header (needed under streamlit-folium)
        instead of linking them.
    icons
        With ``inline``, the only Font Awesome icons the page uses (names without ``fa-``):
        the rest of its stylesheet is left out (see :func:`icon_subset`).

    Returns
    -------
    folium.Map
        ``m``.

    Raises
    ------
    AssetError
        When an element asks for an asset that is not vendored.
    """
    css_seen: dict[str, None] = {}
    for el in _elements(m):
        if not isinstance(el, JSCSSMixin):
            continue
        el.default_js = _rewrite(list(el.default_js), JS)
        css = _rewrite(list(el.default_css), CSS)
        if inline:
            for name, _ in css:
                css_seen[CSS[name]] = None
            el.default_css = []
        else:
            el.default_css = css
    have = {name for name, _ in m.default_js}
    m.default_js = list(m.default_js) + [(n, url(JS[n])) for n in ALWAYS_JS if n not in have]
    root = m.get_root()
    if css_seen:
        fa_css = CSS["awesome_markers_font_css"]
        style = "\n".join(icon_subset(inline_css(rel), icons)
                          if icons is not None and rel == fa_css else inline_css(rel)
                          for rel in css_seen)
        root.header.add_child(Element(f"<style>{style}</style>"), name="geo_inline_css")
    icon_path = url(_path("leaflet", "1.9.3", "images/"))
    m.get_root().script.add_child(
        Element(f"L.Icon.Default.imagePath = {icon_path!r};"), name="geo_icon_path"
    )
    return m
