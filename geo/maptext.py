"""HTML for the map's popups, tooltips and legend, built from text found in documents.

Everything that comes from a document (actor, quote, title, outlet, URL, place names) is
HTML-escaped, and braces are turned into character references, so a text containing
``<script>`` or a template expression (``{{ ... }}``, ``{% ... %}``) shows as plain text in
the browser and can never be evaluated by Jinja (folium renders through Jinja templates).
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from geo import schema as S

logger = logging.getLogger(__name__)

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;", "%": "&#37;"})


def esc(value: object) -> str:
    """Escape any value for HTML text or an attribute (quotes, ``<``, ``&`` and braces)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return html.escape(str(value), quote=True).translate(_BRACES)


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) link, else None (no ``javascript:`` links)."""
    if not isinstance(url, str) or not url.strip():
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def json_list(value: object) -> list[Any]:
    """Decode a JSON-list column (``sources``, ``actors``...); tolerate lists and blanks."""
    if isinstance(value, list):
        return value
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        out = json.loads(value)
    except json.JSONDecodeError:
        logger.warning("not a JSON list: %.60s", value)
        return []
    return out if isinstance(out, list) else [out]


def date_label(row: Mapping[str, Any]) -> str:
    """``2024-12-08`` / ``2024-12-06 – 2024-12-10`` with its precision, escaped."""
    start, end = row.get(S.DATE_START), row.get(S.DATE_END)
    start = start if isinstance(start, str) and start else None
    end = end if isinstance(end, str) and end else None
    if not start and not end:
        return "undated"
    text = start or "?"
    if end and end != start:
        text = f"{text} – {end}"
    precision = row.get(S.TIME_PRECISION) or row.get(S.DATE_PRECISION)
    if isinstance(precision, str) and precision:
        text += f" ({precision}"
        if row.get(S.DATE_INFERRED) is True:
            text += ", inferred"
        text += ")"
    return esc(text)


def _path(row: Mapping[str, Any]) -> str:
    stops = [row.get(S.ORIGIN) or "?"]
    via = row.get(S.VIA)
    if isinstance(via, str) and via:
        stops += via.split(" > ")
    stops.append(row.get(S.DESTINATION) or "?")
    return " → ".join(esc(s) for s in stops)


def certainty(row: Mapping[str, Any]) -> str:
    """``stated``, or ``approximate``/``inferred`` (drawn dashed)."""
    flags = [f for f in (S.APPROXIMATE, S.INFERRED) if row.get(f) is True]
    return ", ".join(flags) if flags else "stated"


def _source_html(src: Mapping[str, Any]) -> str:
    outlet = esc(src.get("outlet") or src.get("doc") or "unknown source")
    title = esc(src.get("title") or src.get("doc") or "")
    link = safe_url(src.get("url"))
    head = f"<b>{outlet}</b>"
    if title:
        head += (f' — <a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{title}</a>'
                 if link else f" — {title}")
    published = src.get("published")
    if published:
        head += f" <small>({esc(published)})</small>"
    quote = src.get("quote")
    body = f'<blockquote class="geo-quote">“{esc(quote)}”</blockquote>' if quote else ""
    return f'<li class="geo-source">{head}{body}</li>'


def leg_sources(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The row's sources, or one built from the flat columns when ``sources`` is empty."""
    sources = [s for s in json_list(row.get(S.SOURCES)) if isinstance(s, dict)]
    if not sources and (row.get(S.QUOTE) or row.get(S.DOC)):
        sources = [{"doc": row.get(S.DOC), "quote": row.get(S.QUOTE)}]
    return sources


def leg_popup(row: Mapping[str, Any]) -> str:
    """Popup HTML of one leg (or event): who, what, when, where, and every source quoted."""
    actor = esc(row.get(S.ACTOR) or row.get(S.ACTOR_GROUP) or "unknown actor")
    family = esc(row.get(S.ACTOR_FAMILY) or "")
    items = [
        f"<b>{actor}</b>" + (f" <small>({family})</small>" if family else ""),
        f"<br><i>{esc(row.get(S.ACTION) or '')}</i>: {_path(row)}",
        f"<br>Dates: {date_label(row)}",
    ]
    if row.get(S.CORRIDOR):
        items.append(f"<br>Corridor: {esc(row.get(S.CORRIDOR))}")
    items.append(f"<br>Route: {esc(certainty(row))}")
    if row.get(S.MODE):
        items.append(f" ({esc(row.get(S.MODE))})")
    sources = leg_sources(row)
    items.append(f"<br>Sources ({len(sources)}):<ol class='geo-sources'>")
    items += [_source_html(s) for s in sources]
    items.append("</ol>")
    disagree = json_list(row.get(S.DESTINATIONS_REPORTED))
    if len(set(map(str, disagree))) > 1:
        items.append("Destinations reported: " + ", ".join(esc(d) for d in disagree))
    return '<div class="geo-popup">' + "".join(items) + "</div>"


def leg_tooltip(row: Mapping[str, Any]) -> str:
    """One-line tooltip: actor, path and date."""
    actor = esc(row.get(S.ACTOR) or row.get(S.ACTOR_FAMILY) or "unknown actor")
    return f"{actor}: {_path(row)} <small>[{date_label(row)}]</small>"


def place_popup(row: Mapping[str, Any]) -> str:
    """Popup HTML of one place: name, kind, country, number of mentions and documents."""
    docs = json_list(row.get(S.DOCS))
    parts = [f"<b>{esc(row.get(S.NAME))}</b>",
             f" <small>{esc(row.get(S.KIND) or '')}, {esc(row.get(S.COUNTRY) or '')}</small>",
             f"<br>{esc(row.get(S.MENTIONS) or 0)} mention(s)"]
    if docs:
        parts.append(" in " + ", ".join(esc(d) for d in docs))
    return '<div class="geo-popup">' + "".join(parts) + "</div>"


def legend_html(families: Mapping[str, str], *, title: str = "Actor family") -> str:
    """The map legend: family colours, line styles by certainty, widths, place symbols."""
    rows = "".join(
        f'<div><span class="geo-sw" style="background:{esc(c)}"></span>{esc(f)}</div>'
        for f, c in families.items()
    )
    return (
        '<div class="geo-legend">'
        f"<b>{esc(title)}</b>{rows}"
        '<hr><div><span class="geo-ln"></span>stated route</div>'
        '<div><span class="geo-ln geo-dash"></span>approximate / inferred</div>'
        '<div><span class="geo-ln geo-thick"></span>more sources = wider</div>'
        '<div>▶ direction of movement</div>'
        '<div><i class="fa fa-plane"></i> airport &nbsp;<i class="fa fa-shield-halved"></i> '
        'base &nbsp;<i class="fa fa-flag"></i> crossing</div>'
        '<div><span class="geo-dot"></span> place (size = mentions)</div>'
        "</div>"
    )


def _tick_step(top: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... giving at most five gridlines up to ``top``."""
    step = 1
    while top > 5 * step:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


#: Days with movements further apart than this are drawn side by side, without the days between.
CHART_GAP_DAYS = 92


def per_day_chart(daily: Any, colours: Mapping[str, str], *, height: int = 220) -> str:
    """Stacked bars of movements per day per family, as plain HTML (no chart library).

    Parameters
    ----------
    daily
        Rows ``(date, actor_family, count)`` (see :func:`geo.filters.per_day`).
    colours
        ``{family: colour}``; families are stacked from the bottom in this order.
    height
        Height of the plot in pixels.

    Returns
    -------
    str
        HTML of a legend, the bars (one column per day, days without movements included unless
        the days span more than :data:`CHART_GAP_DAYS`; each segment's ``title`` tells its day,
        family and count) and the day labels; ``""`` when ``daily`` is empty.
    """
    import datetime as dt

    counts: dict[Any, dict[str, int]] = {}
    for day, family, n in zip(daily["date"], daily[S.ACTOR_FAMILY], daily["count"], strict=True):
        per = counts.setdefault(day, {})
        per[str(family)] = per.get(str(family), 0) + int(n)
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    if (last - first).days < CHART_GAP_DAYS:  # a short period: empty days keep their place
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    else:  # years apart: only the days with movements, one bar each
        days = sorted(counts)
    short = first.year == last.year
    gap = 1 if len(days) <= 100 else 0
    step = _tick_step(max(sum(v.values()) for v in counts.values()))
    top = -(-max(sum(v.values()) for v in counts.values()) // step) * step
    grid = "".join(
        f'<div style="position:absolute;left:0;right:0;bottom:{100 * y / top:.2f}%;'
        f'border-top:1px solid #e4e4e4"><span style="position:absolute;left:-34px;width:30px;'
        f'text-align:right;top:-8px">{y}</span></div>' for y in range(0, top + 1, step))
    bars, labels = [], []
    every = max(1, round(len(days) / (12 if short else 8)))
    for i, day in enumerate(days):
        segs = "".join(
            f'<div class="geo-bar" title="{day}: {esc(f)} {n}" style="height:{100 * n / top:.2f}%;'
            f'background:{esc(c)}"></div>'
            for f, c in colours.items() if (n := counts.get(day, {}).get(f, 0)))
        bars.append('<div style="flex:1;min-width:0;display:flex;flex-direction:column-reverse;'
                    f'margin:0 {gap}px">{segs}</div>')
        label = (day.isoformat()[5:] if short else day.isoformat()) if i % every == 0 else ""
        labels.append(f'<div style="flex:1;min-width:0;overflow:visible;text-align:center;'
                      f'white-space:nowrap">{label}</div>')
    shown = [f for f in colours if any(f in v for v in counts.values())]
    legend = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f'width:10px;height:10px;margin-right:4px;background:{esc(colours[f])}"></span>'
        f"{esc(f)}</span>" for f in shown)
    return (f'<div class="geo-perday" style="font:12px system-ui,sans-serif;color:#555;'
            f'padding-left:36px"><div style="margin:0 0 6px -36px">{legend}</div>'
            f'<div style="position:relative;height:{height}px">{grid}'
            f'<div style="position:absolute;inset:0;display:flex;align-items:stretch">'
            f'{"".join(bars)}</div></div>'
            f'<div style="display:flex;margin-top:3px">{"".join(labels)}</div></div>')
