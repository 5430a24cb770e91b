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
from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress

from geo._keys import normalize
from geo._place_checks import PlaceChecks
from geo._place_tokens import PARTICLES
from geo._place_words import (
    DEMONYM_COUNTRIES,
    DEMONYMS,
    DIRECTION_WORDS,
    FEATURE_TITLES,
    FEATURE_WORDS,
    LOCATIVES,
    NOT_PLACES,
    PERSON_NAMES,
)
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.models import Mention, Place

__all__ = ["find_places", "MAX_TOKENS"]

log = logging.getLogger(__name__)

#: Longest place phrase considered, in tokens.
MAX_TOKENS = 6
_JOIN = frozenset({" ", "-", "‐"})
#: Words that may stand inside a place phrase without a capital.
_INNER = PARTICLES | FEATURE_WORDS
#: Words one of which stands right before an unresolved name (see unresolved_pass).
_BEFORE_UNRESOLVED = LOCATIVES | {"the", "of", "and", "or"}
_TERRITORY_WORDS = ("territory", "soil", "airspace", "side")
_TERRITORY = re.compile(r"\b(" + "|".join(DEMONYM_COUNTRIES) + r")\s+(?:"
                        + "|".join(_TERRITORY_WORDS) + r")\b", re.I)
_TERRITORY_REACH = max(map(len, DEMONYM_COUNTRIES)) + 20  # demonym and spaces before the word
_OF_THE_COUNTRY = " of the country"
_COUNTRY_PHRASE = re.compile(r"\bthe ((?:north|south)?-?(?:east|west)|north|south|centre|"
                             r"center) of the country\b", re.I)


class _Finder(PlaceChecks):
    """One document's tokens and tests (see :class:`PlaceChecks`) and the mentions found."""

    def __init__(self, text: str, doc_id: str, exclude: Sequence[tuple[int, int]],
                 gazetteer: Gazetteer, geocoder) -> None:
        super().__init__(text, exclude, gazetteer)
        self.doc_id, self.geocoder = doc_id, geocoder
        self.mentions: list[Mention] = []
        self.covered: set[int] = set()

    # -- passes ----------------------------------------------------------------------------
    def gazetteer_pass(self) -> None:
        """Longest gazetteer phrase first at each capitalised (or hyphenated particle) token.

        A phrase is a run of tokens joined by a space or hyphen, each inner token capitalised,
        a particle or a feature word, no possessive inside; it ends in a capitalised word or a
        feature word (not a particle).
        """
        start, end, word, low, cap, gap, poss = (self.start, self.end, self.word, self.low,
                                                 self.cap, self.gap, self.poss)
        text, indexed_key, best_match = self.text, self.gaz.indexed_key, self.gaz.best_match
        n = len(start)
        firsts = list(compress(range(n), cap))
        particles = self.hyphened_particles()  # "al-Qaim"
        if particles:
            firsts = sorted(set(firsts).union(particles))
        free = 0  # first token not inside a found mention
        for i in firsts:
            if i < free:
                continue
            r, lim = i + 1, i + MAX_TOKENS
            if lim > n:
                lim = n
            while r < lim and gap[r] in _JOIN and not poss[r - 1] \
                    and (cap[r] or low[r] in _INNER):
                r += 1
            if r == i + 1:  # a one-token phrase, the common case
                if not cap[i] or low[i] in PARTICLES:
                    continue
                key = indexed_key(word[i])  # the token is text[start[i]:end[i]]
                if key is not None and (match := best_match(key)) \
                        and not self._rejected(i, r, key, *match):
                    self._add(i, r, match[0])
                    free = r
                continue
            for j in range(r, i, -1):  # phrases i..j-1, longest first
                last = low[j - 1]
                if last in PARTICLES or not (cap[j - 1]
                                              or (j - i > 1 and last in FEATURE_WORDS)):
                    continue
                key = indexed_key(text[start[i]:end[j - 1]])
                if key is None:
                    continue
                match = best_match(key)
                if match and not self._rejected(i, j, key, *match):
                    self._add(i, j, match[0])
                    free = j
                    break

    def _add(self, i: int, j: int, place: Place | None) -> None:
        start, end = self.start[i], self.end[j - 1]
        self.mentions.append(Mention(self.doc_id, self.text[start:end], start, end, place))
        self.covered.update(range(i, j))

    def region_pass(self) -> None:
        """Turn "eastern Syria" / "the east of Syria" / "the west of the country" into regions."""
        out: list[Mention] = []
        last_country: str | None = None
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.place is not None and m.place.kind == "country":
                k = bisect_left(self.start, m.start)  # the mention's first token
                region = self._direction_before(k, m.place.country or "")
                if region is not None:
                    s, place = region
                    m = Mention(self.doc_id, self.text[s:m.end], s, m.end, place)
                last_country = m.place.country if m.place else last_country
            out.append(m)
        self.mentions = out
        self._country_phrases(last_country)

    def _direction_before(self, k: int, cc: str) -> tuple[int, Place] | None:
        low, gap = self.low, self.gap
        if k == 0 or gap[k] != " ":
            return None
        d = low[k - 1]
        start = self.start[k - 1]
        if k >= 2 and gap[k - 1] in ("-", "") and low[k - 2] in ("north", "south"):
            d, start = low[k - 2] + d, self.start[k - 2]  # "north-eastern"
        if d == "of" and k >= 3 and low[k - 3] == "the":
            d, start = low[k - 2], self.start[k - 3]  # "the east of Syria"
            if k >= 4 and gap[k - 2] == "-" and low[k - 3] in ("north", "south"):
                return None
        direction = DIRECTION_WORDS.get(d)
        if direction is None or self.blocked.overlaps(start, self.start[k]):
            return None
        place = self.gaz.region(cc, direction)
        return None if place is None else (start, place)

    def _country_phrases(self, _last: str | None) -> None:
        """"the <direction> of the country": the country is the last one named before."""
        if _OF_THE_COUNTRY not in self.lowered:  # the regex needs it (no İ/ı/ſ/K in it)
            return
        for m in self._country_phrase_matches():
            if self.blocked.overlaps(m.start(), m.end()) or any(
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

    def _country_phrase_matches(self) -> list[re.Match[str]]:
        """:data:`_COUNTRY_PHRASE` matches (as finditer gives them), looked for only before
        each " of the country"."""
        text, low = self.text, self.lowered
        if len(low) != len(text):  # a character that lower-cases to two: scan the text
            return list(_COUNTRY_PHRASE.finditer(text))
        found: list[re.Match[str]] = []
        end = 0
        q = low.find(_OF_THE_COUNTRY)
        while q >= 0:  # one phrase ends at q (they cannot overlap), with the character after
            m = _COUNTRY_PHRASE.search(text, max(end, q - len("the north-east")),
                                       q + len(_OF_THE_COUNTRY) + 1)
            if m is not None:
                found.append(m)
                end = m.end()
            q = low.find(_OF_THE_COUNTRY, q + 1)
        return found

    def territory_pass(self) -> None:
        """"Iraqi territory", "Lebanese soil", "the Syrian side": the country itself."""
        for m in self._territory_matches():
            if self.blocked.overlaps(m.start(), m.end()) or any(
                    x.start < m.end() and m.start() < x.end for x in self.mentions):
                continue
            try:
                place = self.gaz.country(DEMONYM_COUNTRIES[m.group(1).lower()])
            except KeyError:
                continue
            self.mentions.append(Mention(self.doc_id, m.group(0), m.start(), m.end(), place))

    def _territory_matches(self) -> list[re.Match[str]]:
        """:data:`_TERRITORY` matches, looked for only around the words that can end one."""
        text, low = self.text, self.lowered
        if len(low) != len(text):  # a character that lower-cases to two: scan the text
            return list(_TERRITORY.finditer(text))
        found: dict[int, re.Match[str]] = {}
        for word in _TERRITORY_WORDS:
            i = low.find(word)
            while i >= 0:
                # every match in the window: "Iraqi soil, Syrian side" holds two
                for m in _TERRITORY.finditer(text, max(0, i - _TERRITORY_REACH),
                                             i + len(word) + 1):
                    found[m.start()] = m
                i = low.find(word, i + 1)
        return [found[k] for k in sorted(found)]

    def unresolved_pass(self) -> None:
        low, cap, gap, poss, covered = self.low, self.cap, self.gap, self.poss, self.covered
        n = len(cap)
        for i in compress(range(n), cap):
            # what the two tests below need first: a word before, "," or a list word
            if i == 0 or not (low[i - 1] in _BEFORE_UNRESOLVED or "," in gap[i]) \
                    or i in covered or i - 1 in covered or self.heading[i] \
                    or not (self._locative_before(i) or self._list_continuation(i)):
                continue
            after_the = low[i - 1] == "the"
            j = i + 1
            while j < n and j - i < MAX_TOKENS and gap[j] in _JOIN and j not in covered \
                    and not poss[j - 1] and (cap[j] or low[j] in PARTICLES):
                j += 1
            while j > i + 1 and low[j - 1] in PARTICLES:
                j -= 1
            if self._unresolved_ok(i, j, after_the):
                name = self.text[self.start[i]:self.end[j - 1]]
                self._add(i, j, self._resolve_unknown(name))

    def _list_continuation(self, i: int) -> bool:
        """"X, Y and Z" after a place: Y and Z are places too ("to Homs and Qwerty")."""
        if self.low[i - 1] in ("and", "or") and i >= 2:
            return i - 2 in self.covered and self.gap[i - 1] == " "
        return self.gap[i].strip() == "," and i - 1 in self.covered

    def _unresolved_ok(self, i: int, j: int, after_the: bool) -> bool:
        first = self.word[i]
        keys = [normalize(w) for w in self.word[i:j]]
        if self.blocked.overlaps(self.start[i], self.end[j - 1]):
            return False
        if any(k in NOT_PLACES or k in PERSON_NAMES for k in keys) or keys[0] in DEMONYMS:
            return False
        if j - i == 1 and first.isupper() and len(first) <= 5:
            return False  # acronyms: IRGC, SDF, ISIS
        if after_the and self.word[j - 1] not in FEATURE_TITLES:
            return False
        return not (j < len(self.cap) and self.gap[j] == "-" and not self.cap[j])

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
    finder.territory_pass()
    finder.unresolved_pass()
    mentions = sorted(finder.mentions, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
