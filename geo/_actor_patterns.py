"""Tokens, the light pattern syntax of ``data/actors.yaml`` and a token trie.

Private helper of :mod:`geo.actors`. Text and patterns are cut into the same tokens, by
:func:`geo._tokens.actor_parts`: words (letters and digits, with inner apostrophes), dotted
abbreviations ("U.S."), and the possessive "'s" as a token of its own. A token's key is
lowercased, without apostrophes, dots or diacritics. Hyphens and single line breaks join tokens
like spaces; other punctuation breaks a phrase. Matching walks a trie of token keys, so the
cost per text is one word split (shared with the toponym finder) plus a dictionary look-up per
token, whatever the number of aliases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from geo._tokens import Memo, actor_parts

_STRIP = re.compile(r"['’ʼ`ʿʾ.]")
_JOIN = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*|[-‐‑–]")
_COMMA = re.compile(r"[ \t\u00a0]*,[ \t\u00a0\n]*")
_LEX = re.compile(r"[\[\]()|]|[^\[\]()|]+")
#: Gap kinds between two tokens.
JOIN, COMMA, BREAK = 0, 1, 2
#: Trie key under which a node stores what ends there.
END = ""
_MAX_EXPANSIONS = 4096


def token_key(token: str) -> str:
    """The match key of one token (lowercase, no apostrophes, dots or diacritics); a text's
    tokens are looked up through the memo :data:`_KEYS`."""
    if token[0] in "'’ʼ" and token[1:].lower() == "s":
        return "'s"
    key = _STRIP.sub("", token.lower())
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFKD", key)
                      if not unicodedata.combining(c))
    return key or token


@lru_cache(maxsize=4096)
def gap_kind(gap: str) -> int:
    """JOIN (spaces, a hyphen, one line break), COMMA, or BREAK for anything else."""
    if _JOIN.fullmatch(gap):
        return JOIN
    if _COMMA.fullmatch(gap):
        return COMMA
    return BREAK


def _joins(gap: str) -> bool:
    return gap_kind(gap) == JOIN


_KEYS = Memo(token_key, 65536)
_JOINS = Memo(_joins, 4096)


class Tokens:
    """A text cut into tokens: ``keys``, ``raw`` tokens, the ``gaps`` before each token.

    ``join[i]`` tells whether token ``i`` continues a phrase from token ``i - 1``. Character
    offsets (:meth:`start`, :meth:`end`) are summed on demand from the last one asked for: the
    matcher asks for a few, in nearly increasing order.
    """

    __slots__ = ("keys", "raw", "gaps", "join", "_parts", "_at", "_offset")

    def __init__(self, parts: list[str]) -> None:
        self._parts = parts  # [gap, token, gap, token, ..., gap]
        self.raw = parts[1::2]
        self.gaps = parts[0::2]
        self.keys: list[str] = list(map(_KEYS.__getitem__, self.raw))
        self.join: list[bool] = list(map(_JOINS.__getitem__, self.gaps))
        self._at = self._offset = 0  # self._parts[:self._at] hold self._offset characters

    def _char(self, p: int) -> int:
        """Character offset of ``self._parts[p]``."""
        at = self._at
        if p >= at:
            self._offset += len("".join(self._parts[at:p]))
        else:
            self._offset -= len("".join(self._parts[p:at]))
        self._at = p
        return self._offset

    def start(self, i: int) -> int:
        """Character offset where token ``i`` starts."""
        return self._char(2 * i + 1)

    def end(self, i: int) -> int:
        """Character offset where token ``i`` ends."""
        return self._char(2 * i + 2)


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into :class:`Tokens`."""
    return Tokens(actor_parts(text))  # from the word split shared with places


class PatternError(ValueError):
    """A pattern in the catalog does not follow the syntax."""


def expand(pattern: str) -> list[tuple[tuple[str, ...], tuple[bool, ...]]]:
    """Expand a pattern into token-key sequences, each with a per-token needs-capital flag.

    Alternatives and optional parts expand at the character level, so ``Guard[s]`` gives
    "Guard" and "Guards"; each expansion is then cut into tokens like a text.

    Raises
    ------
    PatternError
        On unbalanced brackets or a pattern that matches nothing.
    """
    case = pattern.startswith("=")
    lexemes = _LEX.findall(pattern[1:] if case else pattern)
    pos = 0

    def alternatives(closer: str | None) -> list[str]:
        nonlocal pos
        options: list[str] = []
        current = [""]
        while pos < len(lexemes):
            lex = lexemes[pos]
            pos += 1
            if lex in ("(", "["):
                inner = alternatives(")" if lex == "(" else "]")
                if lex == "[":
                    inner = ["", *inner]
                current = [a + b for a in current for b in inner]
            elif lex == "|":
                options.extend(current)
                current = [""]
            elif lex in (")", "]"):
                if lex != closer:
                    raise PatternError(f"unexpected {lex!r} in {pattern!r}")
                return options + current
            else:
                current = [seq + lex for seq in current]
            if len(current) > _MAX_EXPANSIONS:
                raise PatternError(f"{pattern!r} expands to too many variants")
        if closer is not None:
            raise PatternError(f"missing {closer!r} in {pattern!r}")
        return options + current

    result = []
    for variant in dict.fromkeys(alternatives(None)):
        tokens = actor_parts(variant)[1::2]  # cut like a text
        if not tokens:
            continue
        caps = []
        for tok in tokens:
            letters = [c for c in tok if c.isalpha()]
            acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
            caps.append(acronym or (case and tok[0].isupper()))
        result.append((tuple(map(token_key, tokens)), tuple(caps)))
    if not result:
        raise PatternError(f"{pattern!r} matches nothing")
    return result


class Trie:
    """Token-key trie mapping phrases to payloads; longest match with case checks."""

    __slots__ = ("root", "single")

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        #: first keys that only end a one-token phrase with no case check -> its payload
        #: (filled by :meth:`compile`; :meth:`match` answers these without walking)
        self.single: dict[str, Any] = {}

    def add(self, pattern: str, payload: Any) -> None:
        """Add every expansion of ``pattern`` (raises :class:`PatternError`)."""
        for keys, caps in expand(pattern):
            node = self.root
            for key in keys:
                node = node.setdefault(key, {})
            node.setdefault(END, []).append((caps if any(caps) else None, payload))
        self.single = {}

    def compile(self) -> None:
        """Fill :attr:`single` (call after the last :meth:`add`)."""
        self.single = {key: node[END][0][1] for key, node in self.root.items()
                       if len(node) == 1 and END in node and node[END][0][0] is None}

    def first_keys(self) -> set[str]:
        return set(self.root)

    def all_keys(self) -> set[str]:
        """Every token key used anywhere in the trie."""
        keys: set[str] = set()
        stack = [self.root]
        while stack:
            node = stack.pop()
            for key, child in node.items():
                if key != END:
                    keys.add(key)
                    stack.append(child)
        return keys

    def match(self, tokens: Tokens, i: int) -> tuple[int, Any] | None:
        """Longest match starting at token ``i``: (end token index, payload) or None."""
        keys = tokens.keys
        key = keys[i]
        if key in self.single:
            return i + 1, self.single[key]
        node = self.root.get(key)
        if node is None:
            return None
        join, found = tokens.join, []
        j, n = i + 1, len(keys)
        while True:
            if END in node:  # an END list is never empty
                found.append((j, node[END]))
            if j >= n or not join[j] or keys[j] not in node:
                break
            node = node[keys[j]]
            j += 1
        raw = tokens.raw
        for end, ends in reversed(found):
            for caps, payload in ends:
                if caps is None or all(
                    not cap or raw[i + k][0].isupper() for k, cap in enumerate(caps)
                ):
                    return end, payload
        return None
