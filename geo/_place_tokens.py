"""The toponym finder's view of a text: tokens with their spans and per-token flags.

Private helper of :mod:`geo.places`. The text is cut by :func:`geo._tokens.place_parts` (the
word split shared with the actor matcher); a possessive "'s" is cut off its token ("Deir
Ez-Zor's" gives "Deir Ez-Zor"); each token gets its lower-case form, a capital flag (a token
starting with a digit counts when it ends in a capital: "8A"), whether it starts a sentence or
line (asked lazily), and whether it stands on a title-case heading line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from operator import itemgetter

from geo._place_words import FUNCTION_WORDS
from geo._tokens import place_parts

#: Arabic (and a few European) particles that may stand lower-case inside a place name.
PARTICLES = frozenset({"al", "el", "ez", "es", "ad", "ar", "as", "ash", "at", "az", "an",
                       "ed", "ul", "bin", "ibn", "of", "de", "du"})
_APOSTROPHE_S = ("'s", "’s")
_DIGIT_OR_WIDE = re.compile("[0-9\x80-\U0010ffff]")  # the candidates for str.isdigit
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]|\n\s*[-*•]\s*)[\s\"“‘'(\[]*$")


def _possessive_ends(text: str) -> list[int]:
    """End offsets of the :data:`_APOSTROPHE_S` ("'s", "’s") in a text, in order."""
    ends = []
    for mark in _APOSTROPHE_S:
        i = text.find(mark)
        while i >= 0:
            ends.append(i + 2)
            i = text.find(mark, i + 2)
    ends.sort()
    return ends


#: Characters that make a word part of a longer one (with letters, digits and "_", the ``\w``
#: of :mod:`re`): a word next to one of them does not stand alone.
_JOINING = frozenset("_'’-")


def stands_alone(word: str, text: str) -> bool:
    """True when ``word`` occurs in ``text`` with no letter, digit, ``_``, apostrophe or hyphen
    right before or after it: what ``re.search(rf"(?<![\\w'’-]){re.escape(word)}(?![\\w'’-])",
    text)`` finds, without a pattern to compile for every word.

    Examples
    --------
    >>> stands_alone("hit", "a hit-and-run; a hit"), stands_alone("hit", "a hit-and-run")
    (True, False)
    """
    n, size = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        if i == 0 or not ((c := text[i - 1]).isalnum() or c in _JOINING):
            k = i + n
            if k >= size or not ((c := text[k]).isalnum() or c in _JOINING):
                return True
        i = text.find(word, i + 1)
    return False


class Spans:
    """Character spans with a fast "does anything overlap [a0, a1)" test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, a0: int, a1: int) -> bool:
        k = bisect_left(self._starts, a1)  # spans [0, k) start before a1
        return k > 0 and self._max_end[k - 1] > a0


class PlaceTokens:
    """A text's tokens as parallel lists indexed by token number: ``word``, ``low``, ``gap``
    (the text before the token), ``start``, ``end``, ``poss`` (a possessive was cut off),
    ``cap`` and ``heading``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokenize()

    # -- tokens ----------------------------------------------------------------------------
    def _tokenize(self) -> None:
        """Tokens with their spans, the text before each (``gap``) and per-token flags."""
        text = self.text
        parts = place_parts(text)  # gap, token, gap, token, ..., tail
        offsets = list(accumulate(map(len, parts)))
        self.gap, words = parts[0:-1:2], parts[1::2]
        self.start, self.end = offsets[0:-1:2], offsets[1::2]
        n = len(words)
        self.poss = [False] * n  # "Deir Ez-Zor's": the token is "Deir Ez-Zor"
        for e in _possessive_ends(text):
            k = bisect_left(self.end, e)
            if k < n and self.end[k] == e and e - self.start[k] > 3:
                self.poss[k] = True
                self.end[k] -= 2
                words[k] = words[k][:-2]
        self.word = words
        self.low = list(map(str.lower, words))
        firsts = "".join(map(itemgetter(0), words))  # first letters, one per token
        self.cap = list(map(str.isupper, firsts))
        # "4th", "8A": tokens that start with a digit (0-9, or a non-ASCII one such as "³")
        for m in _DIGIT_OR_WIDE.finditer(firsts):
            k = m.start()
            if firsts[k] < "\x80" or firsts[k].isdigit():
                self.cap[k] = len(words[k]) > 1 and words[k][-1].isupper()
        self._initial: list[bool | None] = [None] * len(words)
        self.heading = [False] * len(words)
        self._mark_headings()

    def initial(self, k: int) -> bool:
        """True for the first word of a sentence or line."""
        flag = self._initial[k]
        if flag is None:
            s, text = self.start[k], self.text
            if s > 1 and text[s - 1] == " " and text[s - 2].isalnum():
                flag = False  # "word Name": what _SENTENCE_END must end in is not there
            else:
                flag = bool(_SENTENCE_END.search(text, max(0, s - 8), s)) if s else True
            self._initial[k] = flag
        return flag

    def _mark_headings(self) -> None:
        """Title-case lines not ending a sentence (headings, reference-list entries)."""
        text, start, n = self.text, self.start, len(self.start)
        i = 0
        while i < n:
            nl = text.find("\n", start[i])
            line_end = len(text) if nl < 0 else nl
            j = bisect_left(start, line_end, i)
            if j - i >= 3 and not text[start[i]:line_end].rstrip().endswith(
                    (".", "!", "?", ".\"", ".”")) and self._title_case(i, j):
                self.heading[i:j] = [True] * (j - i)
            i = j if j > i else i + 1

    def _title_case(self, i: int, j: int) -> bool:
        """At least 3 words in tokens i..j-1 (not counting function words) and 80% of them
        capitalised; stops as soon as the lowercase words seen rule that out."""
        word, low, cap = self.word, self.low, self.cap
        most = sum(cap[i:j])  # no more capitalised words than that can count
        if most < 3:
            return False
        counted = lower = 0
        for k in range(i, j):
            if word[k][:1].isalpha() and low[k] not in FUNCTION_WORDS:
                counted += 1
                if not cap[k]:
                    lower += 1
                    if 4 * lower > most:  # then fewer than 80% can be capitalised
                        return False
        return counted >= 3 and counted - lower >= 0.8 * counted

    def hyphened_particles(self) -> list[int]:
        """Tokens that are a particle followed by a hyphen ("al" in "al-Qaim"), found from the
        hyphens of the text (far fewer than the tokens)."""
        text, start, gap, low = self.text, self.start, self.gap, self.low
        out = []
        p = text.find("-")
        while p >= 0:
            k = bisect_left(start, p + 1)
            if 0 < k < len(start) and start[k] == p + 1 and gap[k] == "-" \
                    and low[k - 1] in PARTICLES:
                out.append(k - 1)
            p = text.find("-", p + 1)
        return out
