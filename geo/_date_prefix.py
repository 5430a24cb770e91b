"""Modifiers written just before a date or an event phrase, for :mod:`geo.dates`.

"since 2017", "by 6 December", "three days after the fall of Assad", "in the wake of ...": the
modifier widens or shifts the date (:func:`apply_prefix`); next to an explicit day it also dates
an event phrase that the text names (:func:`learn_events`).
"""

from __future__ import annotations

import datetime as dt
import re

from geo import _date_patterns as P
from geo._date_scan import Atom, number, prev_word

_DAY = dt.timedelta(days=1)
_COARSER = {"day": "days", "year": "years"}
_EXACT_WORDS = frozenset({"few", "a few", "several", "a couple of"})


def _offset(n_text: str, unit: str) -> tuple[int, int, str]:
    """(days, slack, precision) for "three days", "a few weeks"."""
    n = number(n_text) or 1
    vague = " ".join(n_text.lower().split()) in _EXACT_WORDS
    u = unit.lower().rstrip("s")
    if u == "hour":
        return 0, 1, "days"
    if u == "week":
        return 7 * n, 3 + (7 if vague else 0), "week"
    if u == "month":
        return 30 * n, 15, "month"
    return n, (2 if vague else 0), "days"


def prefix_before(text: str, lowered: str | None, lo: int, hi: int) -> re.Match[str] | None:
    """:func:`P.prefix_re`'s match ending at *hi*, searched from *lo*; *lowered* is
    ``text.lower()`` when it keeps every offset (else None), and is searched instead."""
    if lowered is not None:
        return P.prefix_re(True).search(lowered, lo, hi)
    return P.prefix_re().search(text, lo, hi)


def apply_prefix(text: str, a: Atom, lo: int, lowered: str | None = None) -> None:
    """Widen or shift *a* for a modifier written just before it ("three days after", "since").

    *lowered*: ``text.lower()`` when it has the same length as *text* (faster), else None.
    """
    if a.start is None and a.end is None:
        return
    last = prev_word(text, a.cs)
    if last not in P.PREFIX_LAST:
        return
    allowed = P.PREFIX_PAIRS.get(last)
    if allowed is not None and lowered is not None:
        # "on", "in", "of"... end a modifier only after a few words ("starting on", "ahead of")
        j = a.cs
        while text[j - 1] in " \t\n-":
            j -= 1
        before = prev_word(text, j - len(last))
        if before and before not in allowed:
            return
    m = prefix_before(text, lowered, max(lo, a.cs - 60), a.cs)
    if m is None:
        return
    g = m.lastgroup
    for sub in ("w_n", "na_n", "nb_n"):
        if m.group(sub) is not None:
            g = {"w_n": "within", "na_n": "nafter", "nb_n": "nbefore"}[sub]
            break
    s, e, prec = a.start, a.end, a.precision
    anchor = a.kind in ("anchor", "event")
    if g == "since":
        e, prec = None, _COARSER.get(prec, prec)
    elif g == "by":
        if anchor and m.group().lower().startswith("by"):
            return  # "weakened by the fall of Assad" is passive voice, not a deadline
        s, prec = None, _COARSER.get(prec, prec)
    elif g in ("eve", "daybefore"):
        s = e = s - _DAY
        prec = "day" if prec == "day" else "days"
    elif g == "dayafter":
        s = e = e + _DAY
        prec = "day" if prec == "day" else "days"
    elif g in ("within", "nafter", "nbefore"):
        n_text, unit = (m.group("w_n"), m.group("w_u")) if g == "within" else (
            (m.group("na_n"), m.group("na_u")) if g == "nafter" else
            (m.group("nb_n"), m.group("nb_u")))
        days, slack, uprec = _offset(n_text, unit)
        if g == "within":
            e, prec = e + max(days, 1) * _DAY, "days" if days <= 31 else "season"
        elif g == "nafter":
            s, e = s + (days - slack) * _DAY, e + (days + slack) * _DAY
            prec = "day" if prec == "day" and slack == 0 and uprec == "days" else uprec
        else:
            s, e = s - (days + slack) * _DAY, e - (days - slack) * _DAY
            prec = "day" if prec == "day" and slack == 0 and uprec == "days" else uprec
    elif g in ("daysafter", "soonafter", "weeksafter"):
        hours = "hours" in m.group().lower()
        width = {"daysafter": 7, "soonafter": 3, "weeksafter": 42}[g]
        if "weeks" in m.group().lower():
            width = 42
        if "days after" in m.group().lower() and g == "soonafter":
            s, width = e + _DAY, 10
        e = e + (1 if hours else width) * _DAY
        prec = "days" if width <= 14 else "month"
    elif g in ("daysbefore", "soonbefore", "weeksbefore"):
        hours = "hours" in m.group().lower()
        width = {"daysbefore": 7, "soonbefore": 3, "weeksbefore": 42}[g]
        if "weeks" in m.group().lower():
            width = 42
        s = s - (1 if hours else width) * _DAY
        e = a.start
        prec = "days" if width <= 14 else "month"
    elif g == "after":
        if anchor:
            e, prec = e + 14 * _DAY, "days"
        else:
            s, e, prec = e + _DAY, None, _COARSER.get(prec, prec)
    elif g == "before":
        if anchor:
            s, e, prec = s - 14 * _DAY, s, "days"
        else:
            s, e, prec = None, s - _DAY, _COARSER.get(prec, prec)
    else:
        return
    a.start, a.end, a.precision, a.cs = s, e, prec, m.start()
    a.part = g  # remember the modifier (used when learning event dates)


_GAP = re.compile(r"[\s,;:(—–-]*(?:(?i:on|in|i\.e\.|that\s+is)[\s,]*)?")


def learn_events(text: str, atoms: list[Atom], lowered: str | None = None
                 ) -> dict[str, tuple[dt.date, dt.date]]:
    """Dates of event phrases that the text states next to an explicit day.

    "on December 5, 2024, three days before the fall of X" teaches ``fall of X`` = 8 December;
    "the fall of X on 8 December 2024" teaches it directly.
    """
    learned: dict[str, tuple[dt.date, dt.date]] = {}
    for i, a in enumerate(atoms):
        if a.kind != "event" or a.key in learned:
            continue
        prev = atoms[i - 1] if i else None
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if prev is not None and prev.precision == "day" and prev.kind not in ("event", "anchor"):
            m = prefix_before(text, lowered, max(prev.ce, a.cs - 60), a.cs)
            if m is not None and _GAP.fullmatch(text, prev.ce, m.start()):
                shift = _inverse_shift(m)
                if shift is not None:
                    day = prev.start + shift * _DAY
                    learned[a.key] = (day, day)
                    continue
        if nxt is not None and nxt.precision == "day" and nxt.kind != "event" and \
                _GAP.fullmatch(text, a.ce, nxt.cs):
            learned[a.key] = (nxt.start, nxt.end)
    return learned


def _inverse_shift(m: re.Match[str]) -> int | None:
    g = m.lastgroup
    if m.group("na_n") is not None or m.group("nb_n") is not None:
        before = m.group("nb_n") is not None
        n_text = m.group("nb_n") if before else m.group("na_n")
        unit = m.group("nb_u") if before else m.group("na_u")
        days, slack, _ = _offset(n_text, unit)
        if slack:
            return None
        return days if before else -days
    return {"daybefore": 1, "eve": 1, "dayafter": -1}.get(g)
