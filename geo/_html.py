"""Reduce an HTML page to its readable text with the standard library's :mod:`html.parser`.

Private helper of :mod:`geo.sources`. Script, style, noscript and template content is dropped,
block elements become line breaks, character references are unescaped (so ``&lt;script&gt;``
in the page text stays the literal text ``<script>``), and the ``<title>`` plus a few common
``<meta>`` tags are returned as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "article", "section", "header",
     "footer", "main", "aside", "figure", "figcaption", "table", "ul", "ol", "dl", "pre",
     "hr", "address", "details", "summary", "nav", "form", "fieldset"}
)
_LINE_TAGS = frozenset({"br", "div", "li", "tr", "dt", "dd", "caption", "option", "body", "html"})
_CELL = frozenset({"td", "th"})
#: meta name/property -> metadata field
_META = {
    "og:title": "title", "twitter:title": "title",
    "og:site_name": "outlet", "application-name": "outlet",
    "og:url": "url",
    "article:published_time": "published", "datepublished": "published",
    "date": "published", "dc.date": "published", "pubdate": "published",
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_LINE, _PARA = "\x00", "\x01"  # break markers, resolved after parsing
_BREAKS = re.compile(r"[ \x00\x01]*[\x00\x01][ \x00\x01]*")


@dataclass(slots=True)
class HtmlText:
    """Text and metadata extracted from one HTML page."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self._skip: list[str] = []
        self._in_title = False
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "link":
            values = dict(attrs)
            if (values.get("rel") or "").lower() == "canonical" and values.get("href"):
                self.meta.setdefault("url", values["href"] or "")
            return
        if tag in _SKIP:
            self._skip.append(tag)
            return
        if tag == "pre":
            self._pre += 1
        self._break(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "link"):
            self.handle_starttag(tag, attrs)
        else:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip and tag in _SKIP:
            # close the innermost matching skipped element (tolerates unclosed inner tags)
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skip:
            return
        elif self._pre:
            self.parts.append(data.replace("\x00", "").replace("\x01", ""))
        else:
            data = data.replace("\x00", "").replace("\x01", "")
            self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))

    def _break(self, tag: str) -> None:
        if self._skip:
            return
        if tag in _PARAGRAPH:
            self.parts.append(_PARA)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)
        elif tag in _CELL:
            self.parts.append(" ")

    def _meta(self, values: dict[str, str | None]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "")
        target = _META.get(key.strip().lower())
        content = (values.get("content") or "").strip()
        if target and content:
            self.meta.setdefault(target, content)


def html_to_text(source: str) -> HtmlText:
    """Extract readable text and metadata from an HTML document.

    Parameters
    ----------
    source
        The HTML markup.

    Returns
    -------
    HtmlText
        ``text`` with one line per block element (blank lines between paragraphs) and ``meta``
        with any of ``title``, ``outlet``, ``url``, ``published`` found in the page head.

    Examples
    --------
    >>> html_to_text("<p>Hezbollah &amp; allies</p><script>x()</script>").text
    'Hezbollah & allies'
    """
    parser = _Extractor()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    text = _BREAKS.sub(lambda m: "\n\n" if _PARA in m.group() else "\n", text).strip()
    meta = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if title:
        meta.setdefault("title", title)
    return HtmlText(text=text, meta=meta)
