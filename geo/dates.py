"""Find and resolve dates in news texts: days, ranges, months, relative and anchored phrases.

Every date becomes a :class:`geo.models.DateSpan`: an inclusive interval of days (either end may
be None when the text gives an open interval such as "since 2017") with a precision from
:data:`geo.models.DATE_PRECISIONS`:

=========  ==============================================================================
day        one day: "6 December 2024", "Dec. 6", "2024-12-06", "on Friday", "yesterday"
days       a few days: "6-8 December", "early December" (1-10), "late November" (21-30),
           "two days after Assad's fall", "after the fall of Damascus" (anchor + 14 days),
           "By December 6, 2024" (open start)
week       "last week", "the first week of December", "two weeks after ..."
month      "December 2024", "in October", "last month", "last December"
season     part of a year: "late 2023" (Sep-Dec), "summer 2024", "Q3 2024", "mid-2023"
year       "in 2011", "last year", "a 2024 report"
years      "2023-2024", "in 2023 and 2024", "the 1990s", "since 2017" (open end)
=========  ==============================================================================

The scanner is one precompiled regular expression (plus one for anchor events); see
``bench/bench_dates.py`` for its speed.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import logging
from collections.abc import Sequence

from geo import _date_patterns as P
from geo._date_heads import fold
from geo._date_prefix import apply_prefix, learn_events
from geo._date_resolve import (
    anchor_atoms,
    load_anchors,
    resolve_relative,
    resolve_relprev,
    resolve_weekday,
)
from geo._date_scan import EXPLICIT, Atom, infer_years, interval, merge_ranges, scan
from geo._sentences import citation_lines
from geo.models import DateSpan

__all__ = ["context_date", "dates_in", "find_dates", "load_anchors", "parse_published"]

log = logging.getLogger(__name__)


def parse_published(published: str | dt.date | None) -> tuple[dt.date | None, str | None]:
    """Read a publication date given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns
    -------
    tuple
        ``(reference day, precision)``: the day itself for a full date, else the last day of the
        month or year (so nothing is placed after publication); precision is "day", "month",
        "year", or ``(None, None)`` when unknown or unreadable.
    """
    if published is None:
        return None, None
    if isinstance(published, dt.date):
        return published, "day"
    s = published.strip()[:10]
    try:
        if len(s) == 10:
            return dt.date.fromisoformat(s), "day"
        if len(s) == 7:
            start = dt.date.fromisoformat(s + "-01")
            nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return nxt - dt.timedelta(days=1), "month"
        if len(s) == 4 and s.isdigit():
            return dt.date(int(s), 12, 31), "year"
    except ValueError:
        pass
    log.warning("unreadable publication date %r ignored", published)
    return None, None


def find_dates(text: str, *, published: str | None = None) -> list[DateSpan]:
    """Find the dates in a text and resolve them to day intervals.

    Parameters
    ----------
    text
        The document text.
    published
        The publication date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), if known. Relative
        expressions ("yesterday", "on Friday", "last month") need it.

    Returns
    -------
    list of DateSpan
        Sorted by ``char_start``, non-overlapping (the longest expression wins), with
        ``text[span.char_start:span.char_end] == span.text``.

    Notes
    -----
    Resolution rules:

    * A month or day without a year ("late November", "December 6") takes the year of the
      closest preceding explicit year in the same paragraph; else the publication year (the
      previous year if that would place it after publication); else the year of the closest
      month- or day-level date with a year elsewhere in the text (before, else after); else it
      is skipped. "last December" is the last December before the publication month.
    * A weekday ("on Friday", "Friday morning") is the most recent such day on or before the
      publication day ("last Friday": strictly before; "next Friday": strictly after). Without a
      publication day it is the such day within three days of the nearest explicit day in the
      text; with neither it is skipped.
    * "yesterday", "last week", "last month", "this year", "three days ago"... need a
      publication date precise enough (a day for "yesterday", a month for "last month"); else
      they are skipped.
    * Anchor events (``data/anchors.yaml``: "the fall of Assad", "Assad's downfall", "the fall
      of Aleppo"...) give their own date; "N days before/after <anchor>" shifts it exactly;
      "after/following <anchor>" is the anchor day to 14 days later, "before <anchor>" the 14
      days up to it, "shortly after" 3 days, "in the days after" 7 days, "in the weeks
      after" 6 weeks (precision "month"), "within ten days of" the anchor to ten days later
      (precision "days"). "by <anchor>" is left alone (usually passive voice: "weakened by the
      fall of Assad"). Anchors marked ``min_context_year`` apply only when the document's
      year (publication, else latest explicit year) is at least that. Event phrases the text
      dates itself ("on 5 December, three days before the fall of X", "the fall of X on 8
      May 2021") are learned and used for the other mentions of the same phrase.
    * Before an explicit date, "since X" leaves the end open, "by/until X" the start open,
      "after X" starts the day after X with an open end, "before X" ends the day before X.
    * "the next day", "two days later" count from the closest preceding dated expression.
    * Purely numeric forms other than ISO ``YYYY-MM-DD`` ("6/12/2024") are ambiguous and
      skipped; so are text in URLs, counts ("2000 fighters"), phone numbers, page numbers.
    """
    ref, ref_prec = parse_published(published)
    folded = fold(text)
    lowered = folded.lower()
    text_lower: str | None = text.lower()
    if len(text_lower) != len(text):  # "İ" lower-cases to two characters: offsets would move
        text_lower = None
    masks = P.url_spans(folded)
    atoms = merge_ranges(text, scan(text, folded, lowered, masks))
    infer_years(text, atoms, ref, ref_prec)
    years = [a.y2 or a.y for a in atoms if a.explicit_year and a.y]
    context_year = ref.year if ref else (max(years) if years else None)
    atoms.extend(anchor_atoms(text, lowered, context_year))
    atoms.sort(key=lambda a: a.cs)
    for a in atoms:
        if a.kind in EXPLICIT:
            _resolve_explicit(a, ref, ref_prec)
        elif a.kind == "rel":
            resolve_relative(a, ref, ref_prec)
    days = [a for a in atoms if a.precision == "day" and a.kind in EXPLICIT]
    for a in atoms:
        if a.kind == "weekday":
            resolve_weekday(a, ref if ref_prec == "day" else None, _nearest(days, a))
    lo = 0
    for a in atoms:
        if a.kind not in ("event", "relprev"):
            apply_prefix(text, a, lo, text_lower)
            lo = a.ce
    learned = learn_events(text, atoms, text_lower)
    prev: Atom | None = None
    lo = 0
    for a in atoms:
        if a.kind == "event" and a.key in learned:
            a.start, a.end = learned[a.key]
            a.precision = "day" if a.start == a.end else "days"
            apply_prefix(text, a, lo, text_lower)
        elif a.kind == "relprev":
            resolve_relprev(a, prev)
        if a.precision is not None and a.start is not None and a.end is not None:
            prev = a
        if a.kind != "relprev":
            lo = a.ce
    return _spans(text, atoms)


def _resolve_explicit(a: Atom, ref: dt.date | None, ref_prec: str | None) -> None:
    if a.kind == "month" and a.key is not None and a.y is None and ref is not None:
        # "last December": the last such month before the publication month
        k, m = a.key, a.m
        if k in ("last", "past", "previous"):
            a.y = ref.year if m < ref.month else ref.year - 1
        elif k == "next":
            a.y = ref.year if m > ref.month else ref.year + 1
        else:
            a.y = ref.year
    r = interval(a)
    if r is not None:
        a.start, a.end, a.precision = r


def _nearest(days: list[Atom], a: Atom) -> dt.date | None:
    if not days:
        return None
    best = min(days, key=lambda d: (abs(d.cs - a.cs), d.cs > a.cs))
    return best.start


def _spans(text: str, atoms: list[Atom]) -> list[DateSpan]:
    """Resolved atoms as DateSpans, longest first when two overlap."""
    done = [a for a in atoms if a.precision is not None and (a.start or a.end)]
    done.sort(key=lambda a: (-(a.ce - a.cs), a.cs))
    kept: list[Atom] = []  # in text order; they do not overlap, so ends are in order too
    starts: list[int] = []
    for a in done:
        i = bisect.bisect_right(starts, a.cs)  # kept[i - 1] starts at or before a
        if (i == 0 or kept[i - 1].ce <= a.cs) and (i == len(kept) or a.ce <= kept[i].cs):
            kept.insert(i, a)
            starts.insert(i, a.cs)
    return [DateSpan(a.start, a.end, a.precision, text[a.cs:a.ce], a.cs, a.ce) for a in kept]


def dates_in(spans: Sequence[DateSpan], start: int, end: int) -> list[DateSpan]:
    """The spans that overlap the character range ``[start, end)`` (e.g. one sentence)."""
    return [s for s in spans if s.char_start < end and s.char_end > start and s.char_start >= 0]


_FINE = frozenset({"day", "days", "week", "month"})


def context_date(text: str, spans: Sequence[DateSpan], *,
                 published: str | None) -> DateSpan | None:
    """The document's context date, for events whose sentence has no date.

    Rule: among the spans that are fine-grained (precision day, days, week or month, bounded,
    at most 31 days wide, not after the publication date and not on a citation line, i.e. a
    line with "url", "http", "accessed" or "retrieved"), take the calendar month holding the
    most of them (ties: the most recent). Without such spans, take the publication month (or
    year when only the year is known). The interval is clipped so that it does not run past the
    publication day. Returns None when there is neither.

    Returns
    -------
    DateSpan or None
        Precision "month" (or "year"), ``inferred=True``, ``char_start == char_end == -1``.
    """
    ref, ref_prec = parse_published(published)
    counts: collections.Counter[tuple[int, int]] = collections.Counter()
    cited = citation_lines(text)
    for s in spans:
        if (s.precision not in _FINE or s.start is None or s.end is None
                or (s.end - s.start).days > 31 or (ref is not None and s.start > ref)):
            continue
        if cited and text.rfind("\n", 0, s.char_start) + 1 in cited:
            continue
        counts[(s.start.year, s.start.month)] += 1
    if counts:
        y, m = max(counts, key=lambda k: (counts[k], k))
    elif ref_prec in ("day", "month"):
        y, m = ref.year, ref.month
    elif ref_prec == "year":
        return DateSpan(dt.date(ref.year, 1, 1), ref, "year", inferred=True)
    else:
        return None
    start = dt.date(y, m, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if ref is not None and start <= ref < end:
        end = ref
    return DateSpan(start, end, "month", inferred=True)
