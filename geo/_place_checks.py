"""The toponym finder's tests on a gazetteer match: is it a place name here, or not?

Private helper of :mod:`geo.places` (the rules are listed in its docstring). :class:`PlaceChecks`
extends :class:`geo._place_tokens.PlaceTokens` with what the tests need besides the tokens: the
gazetteer and the spans that must not be read as places. The tests of :meth:`_rejected` are
pure (their only side effects fill per-document memos), so they run cheapest first: the order
cannot change the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from geo._keys import normalize
from geo._place_tokens import PlaceTokens, Spans, stands_alone
from geo._place_words import (
    COMMON_WORDS,
    DEMONYMS,
    DIRECTION_WORDS,
    FEATURE_TITLES,
    FUNCTION_WORDS,
    LOCATIVES,
    NON_LOCATIVE_BEFORE_TO,
    NOT_PLACES,
    OF_CUES,
    PERSON_NAMES,
    organisation_spans,
)
from geo.gazetteer import Gazetteer
from geo.models import Place

#: Match keys that are never places: nationality adjectives, person names, other words.
_NEVER = DEMONYMS | PERSON_NAMES | NOT_PLACES
#: Place kinds trusted even where capitals say little (see :meth:`PlaceChecks._strong`).
_STRONG_KINDS = frozenset({"country", "airport", "airbase", "governorate", "region", "crossing",
                           "base"})


class PlaceChecks(PlaceTokens):
    """A text's tokens (see :class:`PlaceTokens`) with the tests a gazetteer match must pass.

    Parameters
    ----------
    text
        The document text.
    exclude
        ``(start, end)`` character spans that must not be read as places; the names of
        :func:`geo._place_words.organisation_spans` are added to them (``blocked``).
    gazetteer
        The gazetteer the matches come from.
    """

    def __init__(self, text: str, exclude: Sequence[tuple[int, int]], gazetteer: Gazetteer
                 ) -> None:
        super().__init__(text)
        self.gaz = gazetteer
        self.lowered = text.lower()
        self.blocked = Spans([(int(a), int(b)) for a, b in exclude] + organisation_spans(
            text, self.lowered, (self.start, self.low)))
        self._lower_cache: dict[str, bool] = {}  # word -> written in lowercase in the text
        self._neutral_words: dict[str, bool] = {}  # word -> neutral as a neighbour

    def _locative_before(self, i: int) -> bool:
        """True when a locative preposition ("in", "to", "the port of"...) stands before i."""
        low = self.low
        k = i - 1
        if k >= 0 and low[k] == "the":
            k -= 1
        if k < 0:
            return False
        word = low[k]
        if word == "to" and k > 0 and low[k - 1] in NON_LOCATIVE_BEFORE_TO:
            return False
        if word == "of" and k > 0:
            return low[k - 1] in OF_CUES or low[k - 1] == "out"
        return word in LOCATIVES

    def _neutral_neighbour(self, k: int) -> bool:
        """True when a capitalised neighbour does not make the match part of a longer name:
        a nationality, direction, feature title or place word, or a sentence-initial function
        word."""
        word = self.word[k]
        neutral = self._neutral_words.get(word)
        if neutral is None:  # what the word itself says
            key = normalize(word)
            neutral = self._neutral_words[word] = (
                key in DEMONYMS or self.low[k] in DIRECTION_WORDS or word in FEATURE_TITLES
                or self.gaz.has_key(key))
        return neutral or (self.low[k] in FUNCTION_WORDS and self.initial(k))

    def _common_word(self, word: str) -> bool:
        """An English word: listed, or written in lowercase elsewhere in this text."""
        low = word.lower()
        if low in COMMON_WORDS:
            return True
        found = self._lower_cache.get(low)
        if found is None:
            found = self._lower_cache[low] = stands_alone(low, self.text)
        return found

    def _strong(self, key: str, place: Place, how: str, i: int, j: int) -> bool:
        """A match trustworthy even where capitals say little (headings, sentence starts)."""
        if how == "folded" or (j - i == 1 and self._common_word(self.word[i])):
            return place.kind == "country" and how != "folded"
        if place.kind in _STRONG_KINDS or place.source.startswith("supplement"):
            return True
        return place.population >= 50_000 and (how == "primary" or self.gaz.tier(place) <= 1)

    def _rejected(self, i: int, j: int, key: str, place: Place, how: str) -> bool:
        """True when the match of tokens i..j-1 (``key``, ``place`` and how it matched, as
        :meth:`Gazetteer.best_match` gives them) is not a place name here."""
        if key in _NEVER:
            return True
        if how == "folded" and (len(key.replace(" ", "")) < 5 or self.gaz.tier(place) > 1):
            return True
        cap, gap, poss = self.cap, self.gap, self.poss
        n = len(cap)
        if j < n and gap[j] == "-" and not poss[j - 1] and (
                not cap[j] or normalize(self.word[j]) in DEMONYMS):
            return True  # "Iran-backed", "US-Russian"
        if self.blocked.overlaps(self.start[i], self.end[j - 1]):
            return True
        single = j - i == 1
        if self.heading[i] or (single and self.initial(i)):
            if not self._strong(key, place, how, i, j):
                return True
        elif (i > 0 and cap[i - 1] and gap[i] == " " and not poss[i - 1]
              and not self._neutral_neighbour(i - 1)) \
                or (j < n and cap[j] and gap[j] == " " and not poss[j - 1]
                    and not self._neutral_neighbour(j)):
            return True  # inside a longer proper name
        if single:
            word = self.word[i]
            if word.isupper() and len(word.replace(".", "")) <= 3 \
                    and not any(c.isdigit() for c in word):
                return not self._locative_before(i)
            if place.kind != "country" and self._common_word(word):
                return self.initial(i) or not self._locative_before(i)
        return False
