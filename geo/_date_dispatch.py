"""First-character dispatch for the big alternations of :mod:`geo.dates`.

The date scanner and the anchor pattern are alternations of a dozen or more branches, and
Python's ``re`` tries every branch at every start it is given: a failed ``match`` costs
microseconds even when the text starts with a letter that no branch can begin with. A
:class:`FirstCharPattern` compiles, once per first character, the alternation of only the
branches that can start with that character (same branches, same order, same group names), so a
match attempt gives exactly the result of the full pattern at a fraction of the cost.

The first characters of a branch are read from the parse tree of the regex (``re._parser``);
anything this module does not understand counts as "any character", which keeps the result
exact (only less of a gain).
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Sequence

try:  # private modules of re (Python 3.11+): without them nothing is dispatched
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a future Python may move them
    C = _parser = None

#: The characters dispatched on; a start at any other character uses the full pattern.
_DISPATCHED = string.ascii_letters + string.digits


def first_chars(pattern: str) -> frozenset[str] | None:
    """The ASCII letters and digits that a match of *pattern* can start with.

    Returns None when the pattern can match the empty string or when some construct is not
    understood (then any character may start a match).

    Examples
    --------
    >>> sorted(first_chars(r"(?<!\\w)(?:the\\s+)?(?i:x|[0-2])"))
    ['0', '1', '2', 'X', 't', 'x']
    >>> first_chars(r"a?") is None
    True
    """
    if _parser is None:
        return None
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None
    chars, nullable = _first(tree.data, tree.state.flags)
    return None if chars is None or nullable else frozenset(c for c in chars if c in _DISPATCHED)


def _first(items: Sequence[tuple], flags: int) -> tuple[set[str] | None, bool]:
    """(first characters or None for any, whether the sequence can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero width
        if op is C.LITERAL:
            out |= _cased(chr(av), flags)
            return out, False
        if op is C.IN:
            for o, a in av:
                if o is C.LITERAL:
                    out |= _cased(chr(a), flags)
                elif o is C.RANGE and a[1] - a[0] < 256:
                    for code in range(a[0], a[1] + 1):
                        out |= _cased(chr(code), flags)
                else:  # categories, negation: give up
                    return None, False
            return out, False
        if op is C.SUBPATTERN:
            _group, add, remove, sub = av
            chars, nullable = _first(sub.data, (flags | add) & ~remove)
        elif op is C.BRANCH:
            chars, nullable = set(), False
            for alt in av[1]:
                c, n = _first(alt.data, flags)
                if c is None:
                    return None, False
                chars |= c
                nullable = nullable or n
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            chars, nullable = _first(sub.data, flags)
            nullable = nullable or lo == 0
        else:
            return None, False
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _cased(c: str, flags: int) -> set[str]:
    """The dispatched characters that the literal *c* matches (under the given flags)."""
    if not flags & C.SRE_FLAG_IGNORECASE:
        return {c}
    if c.isascii():
        return {c.lower(), c.upper()}
    return set(_ignorecase_matches(c))


@functools.cache
def _ignorecase_matches(c: str) -> frozenset[str]:
    # non-ASCII letters that re matches with ASCII ones ("\u017f" with "s"): ask re itself
    pattern = re.compile(re.escape(c), re.IGNORECASE)
    return frozenset(x for x in _DISPATCHED if pattern.fullmatch(x))


class FirstCharPattern:
    """``head + (alt1|alt2|...) + tail`` matched through per-first-character sub-patterns.

    Parameters
    ----------
    head, tail
        Regex text around the alternation: zero-width assertions and flags before (such as a
        look-behind), anything after.
    alternatives
        The branches, in order; each is compiled inside ``(?:...)`` between head and tail.

    :meth:`match` returns what ``re.compile(head + "(?:" + "|".join(alternatives) + ")" +
    tail).match`` returns (same span and named groups), or None at once when no branch can
    start with the character at *pos*.
    """

    def __init__(self, head: str, alternatives: Sequence[str], tail: str = "") -> None:
        self.full = re.compile(f"{head}(?:{'|'.join(alternatives)}){tail}")
        firsts = [first_chars(f"{head}(?:{alt}){tail}") for alt in alternatives]
        compiled: dict[tuple[int, ...], re.Pattern[str] | None] = {(): None}
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        for c in _DISPATCHED:
            keep = tuple(i for i, f in enumerate(firsts) if f is None or c in f)
            if keep not in compiled:
                alts = "|".join(alternatives[i] for i in keep)
                compiled[keep] = re.compile(f"{head}(?:{alts}){tail}")
            self._by_char[c] = compiled[keep]

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        """Match at *pos* (see the class notes)."""
        sub = self._by_char.get(text[pos:pos + 1], self.full)
        return None if sub is None else sub.match(text, pos)
