"""Scanning step of :mod:`geo.dates`: regex matches -> raw date atoms, ranges, year inference.

An *atom* is one date expression found in the text, before it is turned into a
:class:`geo.models.DateSpan`. Explicit atoms carry year/month/day fields (the year may still be
missing: "late November"); relative atoms carry a key resolved later against the publication day.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from geo import _date_patterns as P
from geo._date_heads import keyword_heads, match_near, name_heads, year_heads

EXPLICIT = frozenset({"day", "drange", "month", "ypart", "year", "years", "range"})
_CONNECTOR = re.compile(r"\s*(?:-|–|—|(?i:to|through|until|till|and))\s*")
_OPENER = re.compile(r"(?i)(?:between|from)\s+$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)")
_PHONE_BEFORE = re.compile(r"[0-9][\s\-]$")
_NUM_AFTER = re.compile(r"(?:[.,:][0-9]|%|/|-[0-9]|\s[0-9])")
_YEAR_OK_PLURALS = frozenset({"onwards", "afterwards", "was", "has", "its", "this", "whereas"})


@dataclass(slots=True)
class Atom:
    """A date expression found in the text (mutable scratch record, internal)."""

    cs: int
    ce: int
    kind: str
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    part: str | None = None
    key: str | None = None
    n: int | None = None
    explicit_year: bool = False
    needs_cue: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    precision: str | None = None
    parts: tuple[Atom, ...] = ()


def _month(name: str) -> int:
    return P.MONTHS[name.rstrip(".").lower()]


def _day(s: str) -> int:
    return int(s.rstrip("stndrh"))


def _norm_part(s: str | None) -> str | None:
    if not s:
        return None
    s = " ".join(s.lower().replace("-", " ").split())
    for prefix in ("the very ", "the "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    s = s.removesuffix(" of").strip()
    return s


def number(s: str) -> int | None:
    """A count written in digits or words ("3", "three", "a few")."""
    s = " ".join(s.lower().split())
    return int(s) if s.isdigit() else P.NUMBER_WORDS.get(s)


def prev_word(text: str, end: int) -> str:
    """The word ending just before *end* (skipping blanks and a hyphen), lower-cased."""
    j = end
    while j > 0 and text[j - 1] in " \t\n-":
        j -= 1
    i = j
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:j].lower()


def _year_ok(text: str, cs: int, ce: int, y: int) -> bool:
    """Guards for a bare 4-digit number read as a year (counts, phone numbers, pages, refs)."""
    if not 1900 <= y <= 2099:
        return False
    before = text[cs - 1] if cs else ""
    if before in ".,/:+-–[" or before.isdigit():
        return False
    if _NUM_AFTER.match(text, ce) or _PHONE_BEFORE.search(text, max(0, cs - 2), cs):
        return False
    word = prev_word(text, cs)
    if word in P.COUNT_CUES:
        return False
    line_start = text.rfind("\n", 0, cs) + 1
    window = text[max(line_start, cs - 80):cs].lower()
    if "©" in window or "copyright" in window:
        return False
    if word not in P.BARE_MONTH_CUES:
        m = _WORD_AFTER.match(text, ce)
        if m:
            nxt = m.group(1)
            if nxt in P.COUNT_NOUNS:
                return False
            if (len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss")
                    and nxt not in _YEAR_OK_PLURALS):
                return False
    return True


def _build(m: re.Match[str], text: str) -> Atom | None:
    kind = m.lastgroup
    g = m.group
    cs, ce = m.span()
    if kind == "iso":
        return Atom(cs, ce, "day", int(g("iso_y")), int(g("iso_m")), int(g("iso_d")),
                    explicit_year=True)
    if kind == "drange":
        y = int(g("dr_y")) if g("dr_y") else None
        return Atom(cs, ce, "drange", y, _month(g("dr_m")), _day(g("dr_d1")),
                    d2=_day(g("dr_d2")), explicit_year=y is not None)
    if kind == "mrange":
        y = int(g("mr_y")) if g("mr_y") else None
        return Atom(cs, ce, "drange", y, _month(g("mr_m")), _day(g("mr_d1")),
                    d2=_day(g("mr_d2")), explicit_year=y is not None)
    if kind in ("dmy", "mdy"):
        ys = g(f"{kind}_y")
        y = int(ys) if ys else None
        return Atom(cs, ce, "day", y, _month(g(f"{kind}_m")), _day(g(f"{kind}_d")),
                    explicit_year=y is not None)
    if kind == "month":
        return _build_month(m, text)
    if kind == "ypart":
        part = _norm_part(g("yp_part"))
        if part not in P.YEAR_PARTS:
            return None
        return Atom(cs, ce, "ypart", int(g("yp_y")), part=part, explicit_year=True)
    if kind == "yrange":
        return _build_yrange(m, text)
    if kind == "decade":
        y = int(g("dec"))
        return Atom(cs, ce, "years", y, y2=y + 9, explicit_year=True)
    if kind == "year":
        y = int(g("yy"))
        if g("yy_py") or _year_ok(text, cs, m.end("yy"), y):
            return Atom(cs, ce, "year", y, explicit_year=True)
        return None
    if kind == "rel":
        n = number(g("ago_n")) if g("ago_n") else None
        key = (g("ago_u").rstrip("s").lower() + "_ago") if n else " ".join(g("rel").lower().split())
        return Atom(cs, ce, "rel", key=key, n=n)
    if kind == "relprev":
        n = number(g("later_n")) if g("later_n") else None
        if n:
            sign = 1 if g("later_w").lower() == "later" else -1
            unit = 7 if g("later_u").lower().startswith("week") else 1
            return Atom(cs, ce, "relprev", key="shift", n=sign * n * unit)
        return Atom(cs, ce, "relprev", key=" ".join(g("relprev").lower().split()))
    if kind == "weekday":
        return _build_weekday(m, text)
    return None


def _build_month(m: re.Match[str], text: str) -> Atom | None:
    g = m.group
    cs, ce = m.span()
    name = g("mx_m")
    y = g("mx_y") or g("mx_py")
    part = _norm_part(g("mx_part"))
    rel = g("mx_rel").lower() if g("mx_rel") else None
    if part is not None and part not in P.MONTH_PARTS:
        return None
    if y is None and rel is None:
        if name.rstrip(".").lower() in P.MONTHS and len(name.rstrip(".")) <= 4 and \
                name.rstrip(".").lower() not in ("may", "june", "july"):
            return None  # a bare abbreviation ("Dec") is too ambiguous
    atom = Atom(cs, ce, "month", int(y) if y else None, _month(name), part=part,
                key=rel, explicit_year=y is not None)
    # a bare month needs a cue word ("in May"), else it survives only inside a range
    atom.needs_cue = (y is None and rel is None and part is None
                      and prev_word(text, cs) not in P.BARE_MONTH_CUES)
    return atom


def _build_yrange(m: re.Match[str], text: str) -> Atom | None:
    g = m.group
    y1 = int(g("yr_y1"))
    if g("yr_y2"):
        y2 = int(g("yr_y2"))
    else:
        y2 = y1 // 100 * 100 + int(g("yr_yy"))
    if y2 <= y1 or y2 - y1 > 60:
        # not a year range ("2024-12"): keep the first year alone if it passes the guards
        s, e = m.span("yr_y1")
        return Atom(s, e, "year", y1, explicit_year=True) if _year_ok(text, s, e, y1) else None
    return Atom(m.start(), m.end(), "years", y1, y2=y2, explicit_year=True)


def _build_weekday(m: re.Match[str], text: str) -> Atom | None:
    cs = m.start()
    prev = prev_word(text, cs)
    if prev in ("good", "black", "holy", "cyber", "bloody"):
        return None  # named days, not dates
    after = text[m.end():m.end() + 12].lower()
    if after.startswith((" prayer", "s ")):
        return None
    mod = m.group("wd_mod").lower() if m.group("wd_mod") else None
    return Atom(cs, m.end(), "weekday", d=P.WEEKDAYS[m.group("wd").lower()], key=mod)


def scan(text: str, folded: str, lowered: str, masks: list[tuple[int, int]]) -> list[Atom]:
    """All date atoms of *text* outside the masked character ranges, in text order.

    *folded* is :func:`fold` of the text and *lowered* its lower-case version.

    Rather than trying the combined pattern at every word, it is tried only around "heads"
    (4-digit numbers, month and weekday names, words such as "yesterday" or "week") and the few
    modifier words or numbers before them: that is what keeps the scan well under a millisecond.
    """
    heads = year_heads(folded) + name_heads(folded)
    heads += keyword_heads(lowered, P.HEAD_STEMS, ("s", "end"))
    heads.sort()
    mask_starts = [s for s, _ in masks]
    atoms: list[Atom] = []
    scanner = P.scanner()
    done = 0
    for h in heads:
        if h < done:
            continue
        m = match_near(scanner, text, h, words=P.PREFIX_WORDS)
        if m is None or m.start() < done:
            continue
        i = bisect.bisect_right(mask_starts, m.start()) - 1
        if i >= 0 and masks[i][1] > m.start() or (
                i + 1 < len(masks) and masks[i + 1][0] < m.end()):
            done = m.end()
            continue
        done = m.end()
        atom = _build(m, text)
        if atom is not None:
            atoms.append(atom)
    return atoms


def merge_ranges(text: str, atoms: list[Atom]) -> list[Atom]:
    """Join "27 November - 8 December 2024" or "from October to December" into one range atom."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (b is not None and a.kind in ("day", "month") and b.kind in ("day", "month")
                and a.key is None and b.key is None
                and _CONNECTOR.fullmatch(text, a.ce, b.cs)):
            opener = _OPENER.search(text, max(0, a.cs - 10), a.cs)
            is_and = "and" in text[a.ce:b.cs].lower()
            if not is_and or opener or (a.kind == b.kind == "month"):
                if a.y is None and b.y is not None:
                    a.y = b.y - 1 if (a.m or 0) > (b.m or 0) else b.y
                    a.explicit_year = True
                if a.y is None or b.y is None or (a.y, a.m, a.d or 0) <= (b.y, b.m, b.d or 0):
                    cs = opener.start() if opener else a.cs
                    a.needs_cue = False
                    out.append(Atom(cs, b.ce, "range", explicit_year=b.explicit_year,
                                    parts=(a, b)))
                    i += 2
                    continue
        if not a.needs_cue:
            out.append(a)
        i += 1
    return out


def _paragraph_bounds(text: str) -> list[int]:
    """Offsets where paragraphs start: after blank lines if the text has any, else after "\\n"."""
    lines = []
    i = text.find("\n")
    while i >= 0:
        lines.append(i)
        i = text.find("\n", i + 1)
    blank = [b + 1 for a, b in zip(lines, lines[1:], strict=False) if not text[a + 1:b].strip()]
    return blank if blank else [i + 1 for i in lines]


def infer_years(text: str, atoms: list[Atom], ref: dt.date | None, ref_prec: str | None) -> None:
    """Fill the missing year of "late November", "December 6" (see :func:`geo.dates.find_dates`)."""
    flat: list[Atom] = []
    for a in atoms:
        flat.extend(a.parts if a.kind == "range" else (a,))
    if all(a.y is not None or a.m is None for a in flat):
        return
    bounds = _paragraph_bounds(text)
    para = [bisect.bisect_right(bounds, a.cs) for a in flat]
    for i, a in enumerate(flat):
        if a.y is not None or a.m is None or a.kind not in ("day", "drange", "month"):
            continue
        if a.key is not None and ref is not None:
            continue  # "last December": resolved against the publication date
        y = None
        for j in range(i - 1, -1, -1):  # 1. closest preceding explicit year, same paragraph
            if para[j] != para[i]:
                break
            b = flat[j]
            if b.explicit_year and b.y is not None:
                if b.kind in ("year", "years") and _dated_earlier(text, flat, j, a):
                    continue  # a background year ("deployed in 2013") inside a dated sentence
                y = b.y2 if b.kind == "years" else b.y
                break
        if y is None and ref is not None:  # 2. publication year, never after publication
            y = ref.year
            if ref_prec in ("day", "month") and (a.m, a.d or 1) > (
                    ref.month, ref.day if ref_prec == "day" else 31):
                y -= 1
        if y is None:  # 3. closest month-or-day date with a year, before, else after
            fine = [b for b in flat if b.explicit_year and b.y and b.m and b.kind != "year"]
            before = [b for b in fine if b.cs < a.cs]
            after = [b for b in fine if b.cs > a.cs]
            pick = before[-1] if before else (after[0] if after else None)
            y = pick.y if pick else None
        a.y = y


def _dated_earlier(text: str, flat: list[Atom], j: int, a: Atom) -> bool:
    """True when, in the sentence of ``a``, a day or month date comes before the bare year
    ``flat[j]``: that date, not the year, sets the year of ``a``."""
    start = max(text.rfind(". ", 0, a.cs), text.rfind("\n", 0, a.cs)) + 1
    return any(start <= b.cs < flat[j].cs and b.m is not None and b.kind != "year"
               for b in flat[:j])


def interval(a: Atom) -> tuple[dt.date, dt.date, str] | None:
    """The inclusive day interval and precision of an explicit atom with a known year."""
    try:
        if a.kind == "range":
            first, last = interval(a.parts[0]), interval(a.parts[1])
            if first is None or last is None or last[1] < first[0]:
                return None
            fine = first[2] in ("day", "days") and last[2] in ("day", "days")
            span = (last[1] - first[0]).days
            prec = "days" if fine or span <= 31 else ("season" if span < 200 else "years")
            return first[0], last[1], prec
        if a.y is None:
            return None
        if a.kind == "day":
            d = dt.date(a.y, a.m, a.d)
            return d, d, "day"
        last_day = calendar.monthrange(a.y, a.m)[1] if a.m else 31
        if a.kind == "drange":
            if a.d2 <= a.d or a.d2 > last_day:
                return None
            return dt.date(a.y, a.m, a.d), dt.date(a.y, a.m, a.d2), "days"
        if a.kind == "month":
            if a.part is None:
                return dt.date(a.y, a.m, 1), dt.date(a.y, a.m, last_day), "month"
            first, last, prec = P.MONTH_PARTS[a.part]
            lo = last_day + first if first < 0 else first
            return dt.date(a.y, a.m, lo), dt.date(a.y, a.m, last or last_day), prec
        if a.kind == "ypart":
            m1, m2 = P.YEAR_PARTS[a.part]
            return (dt.date(a.y, m1, 1), dt.date(a.y, m2, calendar.monthrange(a.y, m2)[1]),
                    "season")
        if a.kind == "year":
            return dt.date(a.y, 1, 1), dt.date(a.y, 12, 31), "year"
        if a.kind == "years":
            return dt.date(a.y, 1, 1), dt.date(a.y2, 12, 31), "years"
    except ValueError:  # 31 November and the like
        return None
    return None
