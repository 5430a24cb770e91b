"""One word split per text, shared by the toponym and actor tokenizers.

Private helper. Cutting a 5 KB text with a regular expression costs about as much as the rest of
a tokenizer, and the toponym finder and the actor matcher both need one. Both token
definitions are runs of letters and digits joined by a few marks, so the text is cut once into
such runs (:func:`word_parts`, remembered for the last few texts) and each tokenizer only joins
the few runs its own marks connect:

* :func:`place_parts`: ``[A-Z]\\.(?:[A-Z]\\.)+|[^\\W_]+(?:['’ʿ‘][^\\W_]+)*`` ("U.S.", "Qa'im");
* :func:`actor_parts`: words with inner apostrophes ``['’ʼ`]`` except before a final "s"
  ("Kata'ib"), dotted abbreviations ("U.S.", "e.g", "U.S"), and the possessive "'s" as a token
  of its own.

Each returns what ``re.split`` with that token pattern in a capturing group returns:
``[gap, token, gap, token, ..., gap]``; ``tests/test_tokens.py`` holds the two patterns and
checks this against them on random and real texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from itertools import compress
from typing import Any

_WORD = re.compile(r"([^\W_]+)")
_PLACE_APOSTROPHES = frozenset("'’ʿ‘")
#: Marks that join two runs of letters and digits into one toponym token ("Qa'im", "U.S.").
PLACE_SITES = _PLACE_APOSTROPHES | {"."}
_ACTOR_APOSTROPHES = frozenset("'’ʼ`")
_ACTOR_SITES = _ACTOR_APOSTROPHES | {"."}
_POSSESSIVE_MARKS = frozenset("'’ʼ")
_S = frozenset("sS")
#: :func:`_actor_gap` bits
_JOINS_WORDS, _BEFORE_POSSESSIVE = 1, 2


class Memo(dict):
    """A value per word (token or gap), computed on first use; cleared when it grows past
    ``limit`` entries. Read through ``__getitem__`` so that ``map`` looks words up in C."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[str], Any], limit: int) -> None:
        super().__init__()
        self.compute, self.limit = compute, limit

    def __missing__(self, word: str) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def _actor_gap(gap: str) -> int:
    """What a gap between two words can do in :func:`actor_parts`: join them (an apostrophe
    or a dot), end with the apostrophe of a possessive "s" (bits, 0 for neither)."""
    return ((gap in _ACTOR_SITES) * _JOINS_WORDS
            | (gap[-1:] in _POSSESSIVE_MARKS) * _BEFORE_POSSESSIVE)


_ACTOR_GAPS = Memo(_actor_gap, 4096)


@functools.lru_cache(maxsize=4)
def word_parts(text: str) -> tuple[str, ...]:
    """``text`` cut into ``(gap, word, gap, word, ..., gap)``; words are runs of letters and
    digits (``[^\\W_]+``).

    Examples
    --------
    >>> word_parts("Qa'im, U.S.")
    ('', 'Qa', "'", 'im', ', ', 'U', '.', 'S', '.')
    """
    return tuple(_WORD.split(text))


def _upper(word: str) -> bool:
    return len(word) == 1 and "A" <= word <= "Z"


def _ascii_letter(word: str) -> bool:
    return len(word) == 1 and ("a" <= word <= "z" or "A" <= word <= "Z")


def _sites(parts: tuple[str, ...], marks: frozenset[str]) -> list[int]:
    """Indices ``i`` (1 <= i < number of words) of the gaps between two words that are one of
    ``marks``: the only places where two words can join."""
    n = len(parts) // 2
    return list(compress(range(1, n), map(marks.__contains__, parts[2:-1:2])))


def _join(parts: tuple[str, ...], merges: list[tuple[int, int, str, str]]) -> list[str]:
    """Apply ``(first word, last word, token, gap after)`` merges, in text order."""
    out: list[str] = []
    copied = 0
    for k, j, token, tail in merges:
        out.extend(parts[copied:2 * k + 1])
        out.append(token)
        out.append(tail)
        copied = 2 * j + 3
    out.extend(parts[copied:])
    return out


def _merge(parts: tuple[str, ...], k: int, j: int, *, dot: bool = False
           ) -> tuple[int, int, str, str]:
    """Words ``k..j`` as one token (with the next gap's first character, a dot, when ``dot``)
    and the gap after it: a merge for :func:`_join`."""
    token, tail = "".join(parts[2 * k + 1:2 * j + 2]), parts[2 * j + 2]
    return (k, j, token + tail[0], tail[1:]) if dot else (k, j, token, tail)


def _dotted(parts: tuple[str, ...], k: int, n: int, letter) -> int:
    """Last word of a "X.Y." abbreviation starting at word ``k`` (``k`` itself if none)."""
    j = k
    while (j + 1 < n and parts[2 * j + 2] == "." and letter(parts[2 * j + 3])
           and parts[2 * j + 4].startswith(".")):
        j += 1
    return j


def place_parts(text: str) -> list[str]:
    """The toponym tokenizer's split (first pattern of the module docstring), made from
    :func:`word_parts`.

    Examples
    --------
    >>> place_parts("U.S. forces left Qa'im.")[1::2]
    ['U.S.', 'forces', 'left', "Qa'im"]
    """
    parts = word_parts(text)
    sites = _sites(parts, PLACE_SITES)
    if not sites:
        return list(parts)
    n = len(parts) // 2
    merges = []
    done = -1  # last word inside a joined token
    for i in sites:
        k = i - 1  # a token starting at word k may join over gap i
        if k <= done:
            continue
        if _upper(parts[2 * k + 1]) and parts[2 * k + 2].startswith("."):
            j = _dotted(parts, k, n, _upper)
            if j > k:
                merges.append(_merge(parts, k, j, dot=True))
                done = j
                continue
        j = k
        while j + 1 < n and parts[2 * j + 2] in _PLACE_APOSTROPHES:
            j += 1
        if j > k:
            merges.append(_merge(parts, k, j))
            done = j
    return _join(parts, merges) if merges else list(parts)


def _inner(parts: tuple[str, ...], k: int, n: int) -> int:
    """Last word joined to word ``k`` by inner apostrophes (not a possessive "'s")."""
    j = k
    while j + 1 < n and parts[2 * j + 2] in _ACTOR_APOSTROPHES and not _possessive(parts, j + 1):
        j += 1
    return j


def _possessive(parts: tuple[str, ...], i: int) -> bool:
    """Whether word ``i`` (after an apostrophe) is a possessive "s": an "s" that ends there."""
    return parts[2 * i + 1] in _S and not parts[2 * i + 2].startswith("_")


def actor_parts(text: str) -> list[str]:
    """The actor tokenizer's split, of texts and of the catalog's patterns (second pattern of
    the module docstring), made from :func:`word_parts`.

    Examples
    --------
    >>> actor_parts("Iran's Kata'ib, U.S. and e.g")[1::2]
    ['Iran', "'s", "Kata'ib", 'U.S.', 'and', 'e.g']
    """
    parts = word_parts(text)
    n = len(parts) // 2
    # One look at each gap between two words (memoised per gap) finds the few that matter:
    # where words join, and the possessives (a gap ending in an apostrophe before a word "s"
    # that ends there). The gap before the first word is looked at on its own.
    roles = list(map(_ACTOR_GAPS.__getitem__, parts[2:-1:2]))  # gaps 1 .. n - 1
    joins, possessive = [], []
    if n and parts[0][-1:] in _POSSESSIVE_MARKS and _possessive(parts, 0):
        possessive.append(0)
    for i in compress(range(1, n), roles):
        role = roles[i - 1]
        if role & _BEFORE_POSSESSIVE and _possessive(parts, i):
            possessive.append(i)
        elif role & _JOINS_WORDS:  # (no word joins over the apostrophe of a possessive)
            joins.append(i)
    if not joins and not possessive:
        return list(parts)
    merges = []
    done = -1
    starts_possessive = set(possessive)  # "'s" is a token of its own: it joins nothing
    for i in joins:
        k = i - 1
        if k <= done or k in starts_possessive:
            continue
        if _ascii_letter(parts[2 * k + 1]) and parts[2 * k + 2] == "." \
                and _ascii_letter(parts[2 * k + 3]):
            j = _dotted(parts, k, n, _ascii_letter)
            if j > k:  # "U.S.", "e.g."
                merges.append(_merge(parts, k, j, dot=True))
                done = j
                continue
            if not parts[2 * k + 4].startswith("_"):  # "U.S", "e.g"
                merges.append(_merge(parts, k, k + 1))
                done = k + 1
                continue
        j = _inner(parts, k, n)
        if j > k:
            merges.append(_merge(parts, k, j))
            done = j
    out = _join(parts, merges) if merges else list(parts)
    if possessive:
        out = _split_possessives(out, parts, possessive, merges)
    return out


def _split_possessives(out: list[str], parts: tuple[str, ...], possessive: list[int],
                       merges: list[tuple[int, int, str, str]]) -> list[str]:
    """Move the apostrophe before each possessive "s" from its gap into the token (a
    possessive "s" is never inside a merge: no join crosses an apostrophe before "s")."""
    shift, m = 0, 0  # how far the merges before word i moved it to the left in `out`
    for i in possessive:
        while m < len(merges) and merges[m][1] < i:
            shift += 2 * (merges[m][1] - merges[m][0])
            m += 1
        g = 2 * i - shift
        out[g + 1] = out[g][-1] + out[g + 1]
        out[g] = out[g][:-1]
    return out
