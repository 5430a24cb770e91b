"""Resolution step of :mod:`geo.dates`: relative days, weekdays, anchors and modifiers."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from geo import _date_patterns as P
from geo._date_dispatch import FirstCharPattern
from geo._date_heads import keyword_heads, match_near
from geo._date_scan import Atom
from geo.config import DATA_DIR
from geo.errors import InputError

log = logging.getLogger(__name__)
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A well-known event used as a time reference (from data/anchors.yaml)."""

    anchor_id: str
    start: dt.date
    end: dt.date
    precision: str
    source: str
    min_context_year: int | None = None


@dataclass(frozen=True, slots=True)
class AnchorTable:
    """The anchors and one case-insensitive regex with a group per anchor (``a0``, ``a1``...),
    dispatched on the first character of a start (``pattern.full`` is the plain regex)."""

    anchors: tuple[Anchor, ...]
    pattern: FirstCharPattern
    triggers: tuple[str, ...]


@functools.cache
def load_anchors(path: Path | None = None) -> AnchorTable:
    """Load and compile the anchor events.

    Parameters
    ----------
    path
        A YAML file with an ``anchors`` list; defaults to ``data/anchors.yaml``.

    Raises
    ------
    InputError
        When the file is missing or an entry is malformed (the message names the file).
    """
    path = path or DATA_DIR / "anchors.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries, triggers = doc["anchors"], tuple(str(w).lower() for w in doc["trigger_words"])
        anchors, groups = [], []
        for i, e in enumerate(entries):
            start, end = _as_date(e["start"]), _as_date(e.get("end", e["start"]))
            prec = e.get("precision", "day" if start == end else "days")
            anchors.append(Anchor(e["id"], start, end, prec, e["source"],
                                  e.get("min_context_year")))
            alias = "|".join(f"(?:{a})" for a in e["aliases"])
            groups.append(f"(?P<a{i}>{alias})")
        pattern = FirstCharPattern(r"(?i)(?<![\w-])", groups, r"(?![\w-])")
    except (OSError, KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as e:
        raise InputError(f"{path}: cannot load date anchors: {e}") from e
    return AnchorTable(tuple(anchors), pattern, triggers)


def _as_date(v: object) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def anchor_atoms(text: str, lowered: str, context_year: int | None) -> list[Atom]:
    """Atoms for the anchor events named in *text* (those valid in the document's era), and for
    other event phrases ("the fall of Kabul", kind "event") that the text may date itself."""
    table = load_anchors()
    generic = P.generic_event_re()
    out: list[Atom] = []
    done = 0
    for h in _event_heads(lowered, table.triggers):
        if h < done:
            continue
        m = match_near(table.pattern, text, h, words=None, back=4)
        if m is not None and m.start() >= done:
            done = m.end()
            a = table.anchors[int(m.lastgroup[1:])]
            if a.min_context_year and context_year and context_year < a.min_context_year:
                continue
            atom = Atom(m.start(), m.end(), "anchor", key=a.anchor_id)
            atom.start, atom.end, atom.precision = a.start, a.end, a.precision
            out.append(atom)
            continue
        m = match_near(generic, text, h, words=None, back=1)
        if m is not None and m.start() >= done:
            done = m.end()
            out.append(Atom(m.start(), m.end(), "event", key=event_key(m.group())))
    return out


_LONE_NOUNS = ("ceasefire", "deterrence")


def _event_heads(lowered: str, triggers: tuple[str, ...]) -> list[int]:
    """Offsets of the trigger nouns that can head an event phrase: "<noun> of ...",
    "X's <noun>", or the nouns that stand alone ("ceasefire"). Found from " of " and "'s "
    so that one pass covers all the nouns."""
    nouns = triggers + P.EVENT_NOUNS
    heads = []
    i = lowered.find(" of ")
    while i >= 0:
        j = lowered.rfind(" ", 0, i) + 1  # the word before " of " starts there when all letters
        if not lowered[j:i].isalpha():
            j = i
            while j > 0 and (lowered[j - 1].isalpha() or lowered[j - 1] == "-"):
                j -= 1
        if lowered.startswith(nouns, j):
            heads.append(j)
        i = lowered.find(" of ", i + 3)
    for mark in ("'s ", "?s ", "s' ", "s? "):  # "?" is a folded curly apostrophe
        i = lowered.find(mark)
        while i >= 0:
            k = i + 3
            if lowered.startswith(nouns, k):
                heads.append(k)
            i = lowered.find(mark, k)
    for noun in _LONE_NOUNS:
        heads.extend(keyword_heads(lowered, (noun,), None))
    return sorted(set(heads))


def event_key(phrase: str) -> str:
    """Normalised key of an event phrase ("The fall of  Kabul" -> "fall of kabul")."""
    s = " ".join(phrase.lower().replace("’", "'").split())
    return s.removeprefix("the ")


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def resolve_relative(a: Atom, ref: dt.date | None, prec: str | None) -> bool:
    """Set the interval of a publication-relative atom; False when it cannot be resolved."""
    if ref is None:
        return False
    k, day_ok, month_ok = a.key, prec == "day", prec in ("day", "month")
    monday = ref - dt.timedelta(days=ref.weekday())
    r: tuple[dt.date, dt.date, str] | None = None
    if day_ok:
        if k in ("today", "tonight") or k.startswith("this ") and k.endswith(
                ("morning", "afternoon", "evening")):
            r = ref, ref, "day"
        elif k in ("yesterday", "last night"):
            r = ref - _DAY, ref - _DAY, "day"
        elif k == "last week":
            r = monday - 7 * _DAY, monday - _DAY, "week"
        elif k == "this week":
            r = monday, ref, "week"
        elif k in ("earlier this week", "earlier in the week"):
            r = monday, ref, "days"
        elif k == "last weekend":
            sat = monday - 2 * _DAY if ref.weekday() < 5 else monday - 2 * _DAY
            r = sat, sat + _DAY, "days"
        elif k in ("earlier this month", "earlier in the month"):
            r = ref.replace(day=1), ref, "days"
        elif k in ("earlier this year", "earlier in the year"):
            r = dt.date(ref.year, 1, 1), ref, "season"
        elif k.startswith(("past", "the past", "in recent")):
            width = {"week": 7, "days": 7, "few days": 5, "weeks": 30, "few weeks": 30,
                     "month": 31, "months": 92, "year": 365}
            unit = k.split(" ", 1)[1].removeprefix("past ").removeprefix("recent ")
            if unit in width:
                days = width[unit]
                prec_ = "days" if days <= 10 else ("month" if days <= 31 else "season")
                r = ref - days * _DAY, ref, prec_ if days < 365 else "year"
        elif k == "day_ago":
            r = ref - a.n * _DAY, ref - a.n * _DAY, "day"
        elif k == "week_ago":
            mid = ref - 7 * a.n * _DAY
            r = mid - 3 * _DAY, min(ref, mid + 3 * _DAY), "week"
    if r is None and month_ok:
        if k == "last month":
            r = (*_month_span(*_month_add(ref.year, ref.month, -1)), "month")
        elif k == "this month":
            r = (*_month_span(ref.year, ref.month), "month")
        elif k == "month_ago":
            r = (*_month_span(*_month_add(ref.year, ref.month, -a.n)), "month")
    if r is None and prec is not None:
        y = {"last year": ref.year - 1, "this year": ref.year}.get(k)
        if k == "year_ago":
            y = ref.year - a.n
        if y is not None:
            r = dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    if r is None:
        return False
    a.start, a.end, a.precision = r
    return True


def resolve_weekday(a: Atom, ref: dt.date | None, near: dt.date | None) -> bool:
    """Resolve "on Friday" (see :func:`geo.dates.find_dates` for the rule)."""
    wd = a.d
    if ref is not None:
        back = (ref.weekday() - wd) % 7
        if a.key == "next":
            day = ref + ((wd - ref.weekday()) % 7 or 7) * _DAY
        else:
            day = ref - (back or (7 if a.key in ("last", "past") else 0)) * _DAY
    elif near is not None:
        diff = (wd - near.weekday()) % 7
        day = near + (diff if diff <= 3 else diff - 7) * _DAY
    else:
        return False
    a.start = a.end = day
    a.precision = "day"
    return True


def resolve_relprev(a: Atom, prev: Atom | None) -> bool:
    """Resolve "the next day", "two days later" against the preceding day-level date."""
    if prev is None or prev.start is None or prev.end is None:
        return False
    k = a.key
    if k == "shift":
        base = prev.end if a.n > 0 else prev.start
        day = base + a.n * _DAY
        a.start = a.end = day
        a.precision = "day" if prev.precision == "day" and abs(a.n) < 7 else "days"
        if abs(a.n) >= 7:
            a.start, a.end, a.precision = day - 3 * _DAY, day + 3 * _DAY, "week"
        return True
    if "week" in k:
        sign = -1 if ("previous" in k or "preceding" in k) else 1
        s = prev.end + _DAY if sign > 0 else prev.start - 7 * _DAY
        a.start, a.end, a.precision = s, s + 6 * _DAY, "week"
        return True
    if "same" in k:
        a.start, a.end, a.precision = prev.start, prev.end, prev.precision
        return True
    if any(w in k for w in ("next", "following", "after")):
        a.start = a.end = prev.end + _DAY
    else:
        a.start = a.end = prev.start - _DAY
    a.precision = "day" if prev.precision == "day" else "days"
    return True
