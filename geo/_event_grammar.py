"""Patterns and small helpers of the event reader (:mod:`geo.events`)."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from geo._lexicon import Lexicon, Trigger, lower_same_length
from geo._words import Words
from geo.models import Mention

# A place is a list continuation of the previous one when only separators and filler words
# stand between them ("to Lebanon, Iraq, and the Syrian port of Latakia").
_LIST_GAP = re.compile(
    r"^\s*(?:,\s*(?:and|or|as well as)?|and|or|as well as|&|/)\s*"
    r"(?:(?:the|a|neighbou?ring|nearby|border|port|city|town|capital|province|governorate|"
    r"region|of|[A-Z][a-z]+n|[A-Z][a-z]+i|Syrian|Iraqi|Lebanese|Iranian|Turkish|Jordanian)\s+)*$"
)
# "Iran's capital, Tehran", "Deir Ez-Zor's Al-Bukamal": the second place is inside the first.
_CONTAINER_GAP = re.compile(
    r"^['’]s\s+(?:(?:capital|port|city|town|province|governorate|region|district|border\s+town|"
    r"main|largest|second|coastal|airport|air\s+base|airbase)\s*)*,?\s*(?:of\s+|the\s+)*$",
    re.IGNORECASE,
)
_AUX_PASSIVE = re.compile(
    r"(?:\b(?:was|were|been|being|be|is|are|got|get|gets|those|who|were\s+among\s+those)\s+"
    r"(?:\w+ly\s+)?)$",
    re.IGNORECASE,
)
_ARMED = re.compile(
    r"\b(?:military|troops|forces|fighters|soldiers|militiamen|militias?|officers|commanders|"
    r"advis[eo]rs|guards)\b", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(r"^\s*(?:them|it|these|those)\b", re.IGNORECASE)
_PERSONNEL = re.compile(
    r"\b(?:personnel|commanders?|officers?|troops|forces|fighters|staff|diplomats|advis[eo]rs|"
    r"militiamen|members|officials|citizens|nationals|generals|units|soldiers|militias|families)\b",
    re.IGNORECASE,
)
_AND_JOIN = re.compile(r"^\s*(?:,\s*)?(?:and|along with|as well as|together with|&)\s+$", re.I)
_WILL = re.compile(r"\b(?:will|would|shall|to be)\b", re.IGNORECASE)
# Between a subject and its verb: auxiliaries, adverbs ("forces largely withdrew").
_SUBJECT_GAP = re.compile(
    r"^\s*,?\s*(?:(?:\w+ly|had|have|has|were|was|are|is|been|being|be|also|now|then|later|all|"
    r"both|themselves|not|never|did|do|does|would|will|may|might|could|began|begun|begin|"
    r"started|start|continued|appeared|seemed|reported|said|to|in|groups?|quickly)\s+)*$",
    re.IGNORECASE,
)
_PRESENT = re.compile(r"\b(?:are|is|am)\s+(?:\w+ly\s+)?(?:now\s+|also\s+)?being\b|\bnow\b",
                      re.IGNORECASE)
_RELATIVE = re.compile(r"\s*(?:which|who|whose)\b", re.IGNORECASE)
_SUBORDINATOR = re.compile(
    r"\s*(?:when|as|after|because|although|once|since|while|before|following|with|amid)\b",
    re.IGNORECASE,
)
_FROM_THERE = re.compile(r"\bfrom (?:there|where|which|here)\b|\bthence\b", re.IGNORECASE)
# A subject with no content word ("several hundred", "most of them", "they") refers back.
_CONTENT_FREE = frozenset(
    """from there where which then later also and but several many most some dozens hundreds
    thousands hundred thousand few a an the rest others other all both of them these those
    remaining were was had have has been being is are it they he she we reportedly eventually
    subsequently soon quickly finally meanwhile however more than about around nearly almost
    over under up to in on at by will would shall can could be also now still some""".split()
)
_ADJECTIVAL = re.compile(
    r"\s+(?!(?:to|towards?|into|from|for|via|through|across|out|back|home|overland|the|a|an|its|"
    r"their|his|her|of|off|away|up|down|on|in|at|by|after|before|with|under|over|along|near|west|east|north|south|"
    r"westward|eastward|northward|southward|again|en|and|or|as|while|when|within|during|until|"
    r"since|amid|without|instead|quickly|hastily|mainly|largely|also|first|later|then|there|"
    r"abroad|inland|further|onward|safely|too|all|both|some|most|many|several|dozens|hundreds|"
    r"thousands|this|that|these|those|those|early|late|last|next|on|upon)\b)(?![\w-]*ly\b)"
    r"[a-z][\w-]*\b(?!\s*(?:,|\.))")
_PREP_BEFORE = re.compile(
    r"\b(?:to|for|with|against|from|by|of|alongside|along with|including|behind|supporting)\s+"
    r"(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+|\d+")
# ", and then fled" starts a new clause; ", and then to Homs" continues the movement.
# (On lower-cased text; and_clauses adds the comma and spaces before "and".)
_AND_CLAUSE = re.compile(
    r"and\s+(?=(?:were|was|had|have|has|is|are|will|would|then|later|began|also|"
    r"subsequently|eventually)\b(?!\s+(?:on\s+)?(?:to|into|towards?|back\s+to)\b))"
)


def and_clauses(lowered: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of ``,? and `` opening a new clause in ``lowered[lo:hi]`` (lower-cased text).

    The spans ``,?\\s+and\\s+(?=...)`` gives with ``finditer``; the pattern here starts at
    "and", a literal that Python's ``re`` skips to fast, and each start is moved back.

    Examples
    --------
    >>> t = "they left, and then fled to homs and then to hama; a band was there"
    >>> [t[a:b] for a, b in and_clauses(t, 0, len(t))]
    [', and ']
    """
    out = []
    for m in _AND_CLAUSE.finditer(lowered, lo, hi):
        k = m.start()
        while k > lo and lowered[k - 1].isspace():
            k -= 1
        if k == m.start():
            continue  # "band was": not the word
        if k > lo and lowered[k - 1] == ",":
            k -= 1
        out.append((k, m.end()))
    return out


@dataclass(frozen=True, slots=True)
class _Roles:
    origins: tuple[Mention, ...]
    destinations: tuple[Mention, ...]
    via: tuple[Mention, ...]


class _SpanIndex:
    """Sorted spans with fast range queries."""

    __slots__ = ("items", "starts", "ends")

    def __init__(self, items: Sequence, start: str, end: str) -> None:
        key = attrgetter(start)
        self.items = sorted(items, key=key)
        self.starts = list(map(key, self.items))
        self.ends = list(map(attrgetter(end), self.items))

    def within(self, lo: int, hi: int) -> list:
        i = bisect.bisect_left(self.starts, lo)
        j = bisect.bisect_left(self.starts, hi, i)
        if i == j:
            return []
        items, ends = self.items, self.ends
        return [items[k] for k in range(i, j) if ends[k] <= hi]

    def any_within(self, lo: int, hi: int) -> bool:
        """Whether :meth:`within` would give any item (no list made)."""
        ends = self.ends
        for k in range(bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)):
            if ends[k] <= hi:
                return True
        return False

    def covering(self, pos: int) -> object | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.ends[i] > pos:
            return self.items[i]
        return None


_MEMO_GAP = 60  # longest gap whose role is remembered (characters)

_NP_FILLER = re.compile(
    r"^\s*(?:(?!(?:in|on|into|from|with|by|for|after|before|during|than|over|under|"
    r"between|within|since|until|as|while|and|or)\b)[\w'’.-]+\s+){0,5}$",
    re.IGNORECASE,
)


def _role_in_gap(gap: str, lex: Lexicon) -> str | None:
    """The role given by the last role preposition of ``gap``, if only a short noun phrase
    ("the border town of") stands between it and the place.

    Gaps are mostly a few words (" to ", " via the town of "), the same in text after text:
    the answers for short gaps are remembered.
    """
    if len(gap) <= _MEMO_GAP:
        return _remembered_gap(gap, lex.roles)
    return _read_gap(gap, lex.roles)


def _read_gap(gap: str, roles: tuple[tuple[str, Words], ...]) -> str | None:
    best, role, end = -1, None, 0
    first_dest = None
    low = lower_same_length(gap)
    for name, words in roles:
        for rm in words.finditer(low):
            if name == "destination" and first_dest is None:
                first_dest = rm
            if rm.start() >= best:
                best, role, end = rm.start(), name, rm.end()
    if role is None or not _NP_FILLER.match(gap[end:]):
        return None
    if role == "via" and gap[best:end].lower() in ("at", "near") and first_dest is not None \
            and _NP_FILLER.match(gap[first_dest.end():best]):
        return "destination"  # "to the PMF's headquarters at al-Qaim"
    return role


_remembered_gap = functools.lru_cache(maxsize=50_000)(_read_gap)


def _nearest(candidates: Sequence[Mention], destination: Mention | None) -> Mention | None:
    """Of the ways out named earlier, the one nearest to where this group went."""
    if destination is None or destination.place is None:
        return None
    from geo.roads import haversine_km  # lazy: the road module pulls in networkx

    d = destination.place
    placed = [m for m in candidates if m.place is not None]
    return min(placed, key=lambda m: haversine_km(m.place.lat, m.place.lon, d.lat, d.lon),
               default=None)


_FINAL_MARKS = frozenset(".!?…\"”’')]")


def _is_headline(paragraph: str) -> bool:
    """A title or heading: a Markdown heading, or a short line with no final punctuation."""
    p = paragraph.strip()
    if p.startswith("#"):
        return True
    # (p is stripped: the final mark is its last character; tested before the costlier split)
    return not (p and p[-1] in _FINAL_MARKS) and len(p.split()) <= 15


def _content_free(text: str) -> bool:
    return all(w.lower() in _CONTENT_FREE or w.isdigit() for w in _WORD.findall(text))


def _combinations(roles: _Roles):
    """Fan out lists: one event per destination (origins and vias kept); with no destination,
    several vias are alternative ways out (one event each)."""
    origins = roles.origins or (None,)
    if roles.destinations:
        for o in origins:
            for d in roles.destinations:
                yield o, d, roles.via
    elif len(roles.via) > 1:
        for o in origins:
            for v in roles.via:
                yield o, None, (v,)
    else:
        for o in origins:
            yield o, None, roles.via


def read_roles(text: str, places: Sequence[Mention], t1: int, trig: Trigger,
               lex: Lexicon) -> _Roles:
    """Give each place after a trigger (ending at ``t1``) a role: origin, destination or via,
    from the preposition before it; lists continue a role, "X's capital, Y" keeps Y."""
    origins: list[Mention] = []
    dests: list[Mention] = []
    via: list[Mention] = []
    lists = {"origin": origins, "destination": dests, "via": via}
    prev_end = t1
    prev_role: str | None = None
    prev: Mention | None = None
    for m in places:
        gap = text[prev_end:m.start]
        role = None
        if prev is not None and _CONTAINER_GAP.match(gap):
            # "Iran's capital, Tehran": keep the contained, more precise place
            lst = lists[prev_role]
            lst[lst.index(prev)] = m
            prev, prev_end = m, m.end
            continue
        role = _role_in_gap(gap, lex)
        if role is None and prev is None:
            if text[max(0, t1 - 12):t1].rstrip().lower().endswith("out") and re.match(
                    r"^\s*of\b", gap):
                role = "origin"
            elif not gap.strip() or re.fullmatch(r"\s*(?:the\s+)?", gap):
                role = trig.direct  # direct object: "fled Syria", "reached Hermel"
        if role is None and prev is not None and _LIST_GAP.match(gap):
            role = prev_role
        if role is None:
            prev_end = m.end
            continue
        lists[role].append(m)
        prev, prev_end, prev_role = m, m.end, role
    return _Roles(tuple(origins), tuple(dests), tuple(via))
