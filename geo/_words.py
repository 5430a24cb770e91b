"""Whole-word matching of alternations in lower-cased text, fast in Python's ``re``."""

from __future__ import annotations

import re

__all__ = ["Words"]


class Words:
    r"""Whole words or phrases of a lower-case alternation, found in lower-cased text.

    ``Words(alts).search(lowered, pos, endpos)`` finds what
    ``re.search(r"(?<![\w-])(?:alts)(?![\w-])", text[pos:endpos], re.IGNORECASE)`` finds,
    with offsets into the whole text: a match may start at ``pos`` itself. The word-start test
    is made in Python on the few candidates, because a lookbehind tried at every position,
    and IGNORECASE, make Python's ``re`` several times slower.

    Examples
    --------
    >>> w = Words("not|no longer")
    >>> w.search("they cannot say; no longer there").span()
    (17, 26)
    >>> w.search("knot", 1) is not None, w.search("knots", 1) is None
    (True, True)
    """

    __slots__ = ("_rx",)

    def __init__(self, alternatives: str, *, word_end: bool = True) -> None:
        self._rx = re.compile(f"(?:{alternatives})" + ("(?![\\w-])" if word_end else ""))

    def finditer(self, lowered: str, pos: int = 0, endpos: int | None = None):
        """The matches in ``lowered[pos:endpos]``, left to right, not overlapping."""
        endpos = len(lowered) if endpos is None else endpos
        m = self._first(lowered, pos, pos, endpos)
        while m is not None:
            yield m
            m = self._first(lowered, pos, max(m.end(), m.start() + 1), endpos)

    def search(self, lowered: str, pos: int = 0, endpos: int | None = None):
        """The first match in ``lowered[pos:endpos]``, or None."""
        return self._first(lowered, pos, pos, len(lowered) if endpos is None else endpos)

    def _first(self, lowered: str, pos: int, start: int, endpos: int):
        """The first match at or after ``start`` that begins a word (or begins at ``pos``)."""
        rx = self._rx
        m = rx.search(lowered, start, endpos)
        while m is not None:
            i = m.start()
            if i == pos or not (lowered[i - 1].isalnum() or lowered[i - 1] in "_-"):
                return m
            m = rx.search(lowered, i + 1, endpos)
        return None
