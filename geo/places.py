"""Toponym finding: text -> place mentions with exact character spans.

Detection is gazetteer phrase matching over capitalised token sequences (longest match first,
up to :data:`MAX_TOKENS` tokens; Arabic particles such as ``al-`` and feature words such as
``airport`` or ``province`` may stand inside a phrase). A possessive ``'s`` ends a phrase and
is not part of the mention ("Deir Ez-Zor's Al-Bukamal" gives "Deir Ez-Zor" and "Al-Bukamal").

A match is dropped when it

* overlaps an ``exclude`` span (actors, dates) or a built-in organisation/outlet name
  ("Free Syrian Army", "Hayat Tahrir al-Sham", "Asharq Al-Awsat"...);
* is a nationality adjective ("Syrian", "Iraqi") or a known person name ("Assad");
* modifies a word with a hyphen ("Iran-backed", "US-Russian");
* sits inside a longer proper name (a capitalised word right before or after it that is no
  place, direction, nationality, sentence-initial function word or feature title), except in
  title-case headings;
* is a one-word common English word ("Hit", "Mobile") not introduced by a locative
  preposition, or a short all-caps token ("US") not introduced by one.

Directional regions: a country preceded by a direction adjective ("eastern Syria",
"north-eastern Syria") or written "the <direction> of <country>" becomes a ``kind="region"``
place computed from the country polygon (see :meth:`Gazetteer.region`); "the west of the
country" refers to the last country mentioned before it.

Unknown places: a capitalised name that is not in the gazetteer but follows a locative
preposition ("in", "to", "from", "near", "toward(s)", "via", "through", "into", "at",
"out of", "across"...) or a cue such as "the port of" is returned with ``place=None``, unless
it is a month, weekday, title, organisation, person or nationality-led phrase ("at the Iranian
Embassy" gives nothing: a building named after a nationality is not a place name). After
"the", a name counts only when it ends in a feature title ("the Nineveh Plains"). An
unresolved name is tried with fuzzy regional matching, then with the optional geocoder.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo._keys import normalize
from geo._place_words import (
    COMMON_WORDS, DEMONYMS, DIRECTION_WORDS, FEATURE_TITLES, FEATURE_WORDS, FUNCTION_WORDS,
    LOCATIVES, NON_LOCATIVE_BEFORE_TO, NOT_PLACES, OF_CUES, ORGANISATIONS, PERSON_NAMES,
)
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.models import Mention, Place

__all__ = ["find_places", "MAX_TOKENS"]

log = logging.getLogger(__name__)

#: Longest place phrase considered, in tokens.
MAX_TOKENS = 6
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’ʿ‘][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_JOIN = frozenset({" ", "-", "‐"})
_PARTICLES = frozenset({"al", "el", "ez", "es", "ad", "ar", "as", "ash", "at", "az", "an",
                        "ed", "ul", "bin", "ibn", "of", "de", "du"})
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]|\n\s*[-*•]\s*)[\s\"“‘'(\[]*$")
_ORG_RE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(
    (re.escape(o) for o in set(ORGANISATIONS)), key=len, reverse=True)) + r")(?![\w-])", re.I)


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    gap: str  # text between the previous token and this one
    possessive: bool
    initial: bool  # first word of a sentence or line
    heading: bool  # on a title-case line

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() or (self.text[:1].isdigit() and len(self.text) > 1
                                            and self.text[-1:].isupper())

    @property
    def lower(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end, word = m.start(), m.end(), m.group(0)
        poss = bool(_POSSESSIVE.search(word)) and len(word) > 3
        if poss:
            end -= 2
            word = word[:-2]
        initial = bool(_SENTENCE_END.search(text, max(0, start - 8), start)) if start else True
        toks.append(_Tok(start, end, word, text[prev_end:start], poss, initial, False))
        prev_end = m.end()
    _mark_headings(text, toks)
    return toks


def _mark_headings(text: str, toks: list[_Tok]) -> None:
    """Title-case lines not ending a sentence (headings, reference-list entries)."""
    i = 0
    while i < len(toks):
        nl = text.find("\n", toks[i].start)
        line_end = len(text) if nl < 0 else nl
        j = i
        while j < len(toks) and toks[j].start < line_end:
            j += 1
        words = [t for t in toks[i:j] if t.text[:1].isalpha() and t.lower not in FUNCTION_WORDS]
        ends_sentence = text[:line_end].rstrip().endswith((".", "!", "?", ".\"", ".”"))
        if len(words) >= 3 and sum(t.cap for t in words) >= 0.8 * len(words) \
                and not ends_sentence:
            for t in toks[i:j]:
                t.heading = True
        i = j if j > i else i + 1


def _joinable(tok: _Tok) -> bool:
    return tok.gap in _JOIN


def _phrase_ok(toks: list[_Tok], i: int, j: int) -> bool:
    first, last = toks[i], toks[j - 1]
    if not (first.cap or (first.lower in _PARTICLES and toks[i + 1].gap == "-" if j > i + 1
                          else False)):
        return False
    if not (last.cap or (j - i > 1 and last.lower in FEATURE_WORDS)) or last.lower in _PARTICLES:
        return False
    for k in range(i + 1, j):
        t = toks[k]
        if not _joinable(t) or toks[k - 1].possessive:
            return False
        if not (t.cap or t.lower in _PARTICLES or t.lower in FEATURE_WORDS):
            return False
    return True


def _spans_overlap(a0: int, a1: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a0 < s1 and s0 < a1 for s0, s1 in spans)


class _Finder:
    def __init__(self, text: str, doc_id: str, exclude: Sequence[tuple[int, int]],
                 gazetteer: Gazetteer, geocoder) -> None:
        self.text, self.doc_id, self.gaz, self.geocoder = text, doc_id, gazetteer, geocoder
        self.toks = _tokens(text)
        orgs = [(m.start(), m.end()) for m in _ORG_RE.finditer(text)]
        self.blocked = [(int(a), int(b)) for a, b in exclude] + orgs
        self.mentions: list[Mention] = []
        self.covered: set[int] = set()
        self._lower_cache: dict[str, bool] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _locative_before(self, i: int) -> bool:
        k = i - 1
        if k >= 0 and self.toks[k].lower == "the":
            k -= 1
        if k < 0:
            return False
        word = self.toks[k].lower
        if word == "to" and k > 0 and self.toks[k - 1].lower in NON_LOCATIVE_BEFORE_TO:
            return False
        if word == "of" and k > 0:
            return self.toks[k - 1].lower in OF_CUES or self.toks[k - 1].lower == "out"
        return word in LOCATIVES

    def _neutral_neighbour(self, t: _Tok) -> bool:
        """True when a capitalised neighbour does not make the match part of a longer name."""
        key = normalize(t.text)
        return (key in DEMONYMS or t.lower in DIRECTION_WORDS or t.text in FEATURE_TITLES
                or (t.initial and t.lower in FUNCTION_WORDS) or self.gaz.has_key(key))

    def _embedded(self, i: int, j: int) -> bool:
        toks = self.toks
        if toks[i].heading:
            return False
        if i > 0 and toks[i - 1].cap and _joinable(toks[i]) and toks[i].gap == " " \
                and not toks[i - 1].possessive and not self._neutral_neighbour(toks[i - 1]):
            return True
        if j < len(toks) and toks[j].cap and toks[j].gap == " " and not toks[j - 1].possessive \
                and not self._neutral_neighbour(toks[j]):
            return True
        return False

    def _common_word(self, word: str) -> bool:
        """An English word: listed, or written in lowercase elsewhere in this text."""
        low = word.lower()
        if low in COMMON_WORDS:
            return True
        if low not in self._lower_cache:
            self._lower_cache[low] = re.search(rf"(?<![\w'’-]){re.escape(low)}(?![\w'’-])",
                                               self.text) is not None
        return self._lower_cache[low]

    def _strong(self, key: str, place: Place, how: str, i: int, j: int) -> bool:
        """A match trustworthy even where capitals say little (headings, sentence starts)."""
        if how == "folded" or (j - i == 1 and self._common_word(self.toks[i].text)):
            return place.kind == "country" and how != "folded"
        if place.kind in ("country", "airport", "airbase", "governorate", "region", "crossing",
                          "base") or place.source.startswith("supplement"):
            return True
        return place.population >= 50_000 and (how == "primary" or self.gaz.tier(place) <= 1)

    def _rejected(self, i: int, j: int, key: str, place: Place, how: str) -> bool:
        toks = self.toks
        start, end = toks[i].start, toks[j - 1].end
        if _spans_overlap(start, end, self.blocked):
            return True
        if key in DEMONYMS or key in PERSON_NAMES or key in NOT_PLACES:
            return True
        if j < len(toks) and toks[j].gap == "-" and not toks[j - 1].possessive and (
                not toks[j].cap or normalize(toks[j].text) in DEMONYMS):
            return True  # "Iran-backed", "US-Russian"
        if how == "folded" and (len(key.replace(" ", "")) < 5 or self.gaz.tier(place) > 1):
            return True
        single = j - i == 1
        if toks[i].heading or (single and toks[i].initial):
            if not self._strong(key, place, how, i, j):
                return True
        elif self._embedded(i, j):
            return True
        if single:
            word = toks[i]
            if word.text.isupper() and len(word.text.replace(".", "")) <= 3 \
                    and not any(c.isdigit() for c in word.text):
                return not self._locative_before(i)
            if place.kind != "country" and self._common_word(word.text):
                return word.initial or not self._locative_before(i)
        return False

    # -- passes ----------------------------------------------------------------------------
    def gazetteer_pass(self) -> None:
        toks, n, i = self.toks, len(self.toks), 0
        while i < n:
            found = None
            if toks[i].cap or toks[i].lower in _PARTICLES:
                for j in range(min(n, i + MAX_TOKENS), i, -1):
                    if not _phrase_ok(toks, i, j):
                        continue
                    key = normalize(self.text[toks[i].start:toks[j - 1].end])
                    if len(key) < 2 or not self.gaz.has_key(key):
                        continue
                    match = self.gaz.best_match(key)
                    if match and not self._rejected(i, j, key, *match):
                        found = (j, match[0])
                        break
            if found:
                j, place = found
                self._add(i, j, place)
                i = j
            else:
                i += 1

    def _add(self, i: int, j: int, place: Place | None) -> None:
        start, end = self.toks[i].start, self.toks[j - 1].end
        self.mentions.append(Mention(self.doc_id, self.text[start:end], start, end, place))
        self.covered.update(range(i, j))

    def region_pass(self) -> None:
        """Turn "eastern Syria" / "the east of Syria" / "the west of the country" into regions."""
        index = {t.start: k for k, t in enumerate(self.toks)}
        out: list[Mention] = []
        last_country: str | None = None
        for m in sorted(self.mentions, key=lambda m: m.start):
            k = index[m.start]
            if m.place is not None and m.place.kind == "country":
                region = self._direction_before(k, m.place.country or "")
                if region is not None:
                    s, place = region
                    m = Mention(self.doc_id, self.text[s:m.end], s, m.end, place)
                last_country = m.place.country if m.place else last_country
            out.append(m)
        self.mentions = out
        self._country_phrases(last_country)

    def _direction_before(self, k: int, cc: str) -> tuple[int, Place] | None:
        toks = self.toks
        if k == 0 or toks[k].gap != " ":
            return None
        d = toks[k - 1].lower
        start = toks[k - 1].start
        if k >= 2 and toks[k - 1].gap in ("-", "") and toks[k - 2].lower in ("north", "south"):
            d, start = toks[k - 2].lower + d, toks[k - 2].start  # "north-eastern"
        if d == "of" and k >= 3 and toks[k - 3].lower == "the":
            d, start = toks[k - 2].lower, toks[k - 3].start  # "the east of Syria"
            if k >= 4 and toks[k - 2].gap == "-" and toks[k - 3].lower in ("north", "south"):
                return None
        direction = DIRECTION_WORDS.get(d)
        if direction is None or _spans_overlap(start, toks[k].start, self.blocked):
            return None
        place = self.gaz.region(cc, direction)
        return None if place is None else (start, place)

    def _country_phrases(self, _last: str | None) -> None:
        """"the <direction> of the country": the country is the last one named before."""
        pattern = re.compile(r"\bthe ((?:north|south)?-?(?:east|west)|north|south|centre|"
                             r"center) of the country\b", re.I)
        for m in pattern.finditer(self.text):
            if _spans_overlap(m.start(), m.end(), self.blocked) or any(
                    x.start < m.end() and m.start() < x.end for x in self.mentions):
                continue
            before = [x for x in self.mentions if x.end <= m.start() and x.place is not None
                      and x.place.kind in ("country", "region")]
            if not before:
                continue
            cc = before[-1].place.country or ""
            direction = DIRECTION_WORDS.get(m.group(1).lower().replace("-", ""))
            place = self.gaz.region(cc, direction) if direction else None
            if place is not None:
                self.mentions.append(Mention(self.doc_id, m.group(0), m.start(), m.end(), place))

    def unresolved_pass(self) -> None:
        toks, n = self.toks, len(self.toks)
        for i in range(1, n):
            if i in self.covered or not toks[i].cap or toks[i].heading \
                    or not (self._locative_before(i) or self._list_continuation(i)):
                continue
            if i - 1 in self.covered:
                continue
            after_the = toks[i - 1].lower == "the"
            j = i + 1
            while j < n and j - i < MAX_TOKENS and _joinable(toks[j]) and j not in self.covered \
                    and not toks[j - 1].possessive and (toks[j].cap or toks[j].lower in _PARTICLES):
                j += 1
            while j > i + 1 and toks[j - 1].lower in _PARTICLES:
                j -= 1
            if self._unresolved_ok(i, j, after_the):
                name = self.text[toks[i].start:toks[j - 1].end]
                self._add(i, j, self._resolve_unknown(name))

    def _list_continuation(self, i: int) -> bool:
        """"X, Y and Z" after a place: Y and Z are places too ("to Homs and Qwerty")."""
        toks = self.toks
        if toks[i - 1].lower in ("and", "or") and i >= 2:
            return i - 2 in self.covered and toks[i - 1].gap == " "
        return toks[i].gap.strip() == "," and i - 1 in self.covered

    def _unresolved_ok(self, i: int, j: int, after_the: bool) -> bool:
        toks = self.toks
        first = toks[i]
        keys = [normalize(t.text) for t in toks[i:j]]
        if _spans_overlap(first.start, toks[j - 1].end, self.blocked):
            return False
        if any(k in NOT_PLACES or k in PERSON_NAMES for k in keys) or keys[0] in DEMONYMS:
            return False
        if j - i == 1 and first.text.isupper() and len(first.text) <= 5:
            return False  # acronyms: IRGC, SDF, ISIS
        if after_the and toks[j - 1].text not in FEATURE_TITLES:
            return False
        return not (j < len(toks) and toks[j].gap == "-" and not toks[j].cap)

    def _resolve_unknown(self, name: str) -> Place | None:
        found = self.gaz.fuzzy(name)
        if found:
            return found[0]
        if self.geocoder is None:
            return None
        lookup = getattr(self.geocoder, "geocode", self.geocoder)
        return lookup(name)


def find_places(text: str, doc_id: str, *, exclude: Sequence[tuple[int, int]] = (),
                gazetteer: Gazetteer | None = None, geocoder=None) -> list[Mention]:
    """Find the place names in a text.

    Parameters
    ----------
    text
        The document text.
    doc_id
        Id of the document, copied into every mention.
    exclude
        ``(start, end)`` character spans that must not be read as places (actor names, dates).
    gazetteer
        The gazetteer to use; defaults to :func:`geo.gazetteer.load_gazetteer`.
    geocoder
        Optional fallback for names the gazetteer lacks: an object with
        ``geocode(name) -> Place | None`` (see :class:`geo.geocode.Geocoder`) or such a callable.

    Returns
    -------
    list[Mention]
        Sorted, non-overlapping mentions with ``text[m.start:m.end] == m.text``; unresolved
        names have ``place=None``.

    Examples
    --------
    >>> [m.text for m in find_places("Fighters fled from Deir Ez-Zor's Al-Bukamal to Al-Qaim.",
    ...                              "doc")]
    ['Deir Ez-Zor', 'Al-Bukamal', 'Al-Qaim']
    """
    finder = _Finder(text, doc_id, exclude, gazetteer or load_gazetteer(), geocoder)
    finder.gazetteer_pass()
    finder.region_pass()
    finder.unresolved_pass()
    mentions = sorted(finder.mentions, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
