"""Head finding for :mod:`geo.dates`: where in a text a date expression may start.

Trying the combined date pattern at every word is slow in Python's ``re``; these helpers find
the few "heads" (years, month and weekday names, words like "yesterday" or "fall") with
``str.find`` and cheap checks, and try the pattern only there.
"""

from __future__ import annotations

import re

from geo._date_dispatch import FirstCharPattern

_NAMES = re.compile(r"[JFMASONDTW][aepucohrAEPUCOHR][a-zA-Z]")
_NAME_STEMS = frozenset(s for w in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                    "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
                                    "Sun") for s in (w, w.upper()))
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_GLUE = frozenset(" \t,.-–—'’")


def keyword_heads(lowered: str, stems: tuple[str, ...], suffixes: tuple[str, ...] | None = ("s",)
                  ) -> list[int]:
    """Start offsets of the words of *lowered* that are one of *stems* (plus a suffix).

    With ``suffixes=None`` any word starting with a stem counts.
    """
    out = []
    n = len(lowered)
    for stem in stems:
        i = lowered.find(stem)
        while i >= 0:
            j = i + len(stem)
            if suffixes is None and not (i and lowered[i - 1].isalpha()):
                out.append(i)
            elif not (i and lowered[i - 1].isalpha()):
                k = j
                for suf in suffixes:
                    if lowered.startswith(suf, j):
                        k = j + len(suf)
                        break
                if k >= n or not lowered[k].isalpha() or not (j >= n or lowered[j].isalpha()):
                    out.append(i)
            i = lowered.find(stem, j)
    return out


def match_near(pattern: re.Pattern[str] | FirstCharPattern, text: str, head: int, *,
               words: frozenset[str] | None, back: int = 6) -> re.Match[str] | None:
    """Match *pattern* starting at *head* or at one of the few words just before it.

    Walks back over up to *back* words (only those in *words*, when given) on the same line and
    at most 45 characters back, and tries the earliest start first, so the longest expression
    wins; returns the first match that reaches past *head*. A word is a run of ASCII letters or
    of digits ("5th" is two); words are separated by nothing or by blanks, commas, periods,
    dashes and apostrophes.
    """
    w = max(0, head - 45)
    lo = max(text.rfind("\n", w, head) + 1, w)
    starts = [head]
    edge = head
    while len(starts) <= back:
        # skip the glue before `edge`, then take the letters or digits ending there
        t = edge
        while t > lo and text[t - 1] in _GLUE:
            t -= 1
        end = t
        if t > lo and text[t - 1] in _LETTERS:
            while t > lo and text[t - 1] in _LETTERS:
                t -= 1
            if words is not None and text[t:end].lower() not in words:
                break
        elif t > lo and text[t - 1] in _DIGITS:
            while t > lo and text[t - 1] in _DIGITS:
                t -= 1
        else:
            break
        starts.append(t)
        edge = t
    for s in reversed(starts):
        m = pattern.match(text, s)
        if m is not None and m.end() > head:
            return m
    return None


def name_heads(folded: str) -> list[int]:
    """Offsets of month and weekday names (and their abbreviations) in the folded text."""
    return [m.start() for m in _NAMES.finditer(folded)
            if m.group() in _NAME_STEMS and not (m.start() and folded[m.start() - 1].isalpha())]


def fold(text: str) -> str:
    """*text* with every non-ASCII character replaced by "?" (same offsets, faster to search)."""
    return text.encode("ascii", "replace").decode("ascii")


def year_heads(folded: str) -> list[int]:
    """Offsets of the 4-digit numbers starting with 1 or 2 (str.find beats a regex here)."""
    out = []
    n = len(folded)
    for lead in ("1", "2"):
        i = folded.find(lead)
        while i >= 0:
            if (i + 4 <= n and folded[i + 1:i + 4].isdigit() and not (i and folded[i - 1].isdigit())
                    and not (i + 4 < n and folded[i + 4].isdigit())):
                out.append(i)
            i = folded.find(lead, i + 1)
    return out
