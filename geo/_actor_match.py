"""The actor phrase matcher behind :func:`geo.actors.find_actors`.

Private helper. One left-to-right pass over the tokens: at each token that can start an actor
phrase it tries the fixed aliases (a trie) and the descriptor grammar

    [determiner]... [modifier | affiliation | group name] ('s)? [, and ...]... head...
        [of [the] [affiliation | group name] ('s)?... [head]]

and keeps the longer match (a tie goes to the alias). Matches never overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from geo._actor_patterns import BREAK, COMMA, END, JOIN, Memo, Tokens, Trie, gap_kind, tokenize
from geo._actor_records import AFFIL, MOD, NAME, Alias, Head, Hit, Item, affiliates, resolve

#: A descriptor phrase must reach a head or group name within this many tokens ("top
#: commanders of Iran's ..." are short; "members of the IRGC's Quds Force" start at a head).
_WINDOW = 8
_UNSEEN = object()  # memo miss marker (None is a memoised "no match")
_OUTSIDE = "A"  # class letter of a token that is neither a phrase word, a head nor a starter


def _letter(bits: int) -> str:
    return chr(ord(_OUTSIDE) + bits)


class _Doc:
    """The tokens of one text and the trie matches already made on them (each position is
    tried by several phrase starts: memoised here, per text)."""

    __slots__ = ("tokens", "keys", "join", "n", "names", "heads", "items", "failed", "start", "end")

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.keys, self.join, self.n = tokens.keys, tokens.join, len(tokens.keys)
        self.names: dict[int, tuple[int, Any] | None] = {}
        self.heads: dict[int, tuple[int, Any] | None] = {}
        self.items: dict[int, Item | None] = {}
        #: where a phrase without determiners cannot start (one with them failed there)
        self.failed: set[int] = set()
        self.start, self.end = tokens.start, tokens.end


@dataclass(slots=True)
class Matcher:
    """Compiled vocabulary: tries for aliases, affiliations, modifiers, heads, conjunctions."""

    names: Trie = field(default_factory=Trie)
    affils: Trie = field(default_factory=Trie)
    mods: Trie = field(default_factory=Trie)
    heads: Trie = field(default_factory=Trie)
    conjs: Trie = field(default_factory=Trie)
    dets: frozenset[str] = frozenset()
    starters: frozenset[str] = frozenset()
    name_starters: frozenset[str] = frozenset()
    head_starters: frozenset[str] = frozenset()
    inner_starters: frozenset[str] = frozenset()
    item_starters: frozenset[str] = frozenset()
    #: head starts that neither start an item nor are determiners
    bare_heads: frozenset[str] = frozenset()
    #: every key a phrase can hold past its first token (a phrase beyond a name needs one)
    continuers: frozenset[str] = frozenset()
    #: name starts that start no other item or head and are no determiners: a phrase there is
    #: the name and what follows it
    plain_names: frozenset[str] = frozenset()
    #: first keys whose item (see :meth:`_item`) is one token, the same wherever it stands ->
    #: (type, payload), or None for no item
    single_items: dict[str, tuple[str, Any] | None] = field(default_factory=dict)
    #: the other first keys of items -> the tries (with their item types) holding them
    item_tries: dict[str, tuple[tuple[Trie, str], ...]] = field(default_factory=dict)
    #: of those, the keys whose one-token item needs no case check -> (the keys that can
    #: continue an item from there, that one-token item as for :attr:`single_items`)
    short_items: dict[str, tuple[frozenset[str], tuple[str, Any] | None]] = field(
        default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    classes: dict[str, str] = field(default_factory=dict)
    #: :attr:`classes` of any key, the outside letter for the others (memoised per key)
    letters: Memo = field(default_factory=lambda: Memo(str, 0))
    candidates: re.Pattern[str] = re.compile("(?!)")

    def finish(self) -> None:
        """Compute the set of tokens that can start a match (call after filling the tries)."""
        for trie in (self.names, self.affils, self.mods, self.heads, self.conjs):
            trie.compile()
        self.name_starters = frozenset(self.names.first_keys())
        self.head_starters = frozenset(self.heads.first_keys())
        self.inner_starters = frozenset(
            self.name_starters | self.affils.first_keys() | self.mods.first_keys()
            | self.head_starters
        )
        self.item_starters = frozenset(
            self.name_starters | self.affils.first_keys() | self.mods.first_keys())
        self.starters = self.inner_starters | self.dets
        self.single_items, self.item_tries = {}, {}
        for key in self.item_starters:
            tries = tuple((trie, kind) for trie, kind in
                          ((self.names, NAME), (self.affils, AFFIL), (self.mods, MOD))
                          if key in trie.root)
            if all(key in trie.single for trie, _ in tries):
                self.single_items[key] = next(
                    ((kind, trie.single[key]) for trie, kind in tries
                     if kind != NAME or isinstance(trie.single[key], Alias)), None)
            else:
                self.item_tries[key] = tries
                self._shorten(key, tries)
        self.bare_heads = self.head_starters - self.item_starters - self.dets
        self.plain_names = (self.name_starters - self.head_starters - self.dets
                            - self.affils.first_keys() - self.mods.first_keys())
        self.targets = self.head_starters | self.name_starters
        words: set[str] = set(self.dets) | {"'s"}
        for trie in (self.names, self.affils, self.mods, self.conjs):
            words |= trie.all_keys()
        self.vocabulary = frozenset(words)
        self.continuers = self.vocabulary | self.heads.all_keys() | {"of"}
        # One letter per token (bits: phrase word, starter, head start, name start), so that a
        # regex over the letters finds where a name or phrase can start. A phrase needs a head
        # or name within reach with only phrase words before it (a starting name is one), and
        # only phrase words from its start to a head start or to a later name start.
        self.classes = {
            key: _letter((key in self.vocabulary) | (key in self.starters) << 1
                         | (key in self.head_starters) << 2 | (key in self.name_starters) << 3)
            for key in self.vocabulary | self.starters | self.targets
        }
        self.letters = Memo(lambda key: self.classes.get(key, _OUTSIDE), 65536)

        def letters(test: Callable[[int], bool]) -> str:
            return "[" + re.escape("".join(_letter(b) for b in range(16) if test(b))) + "]"

        word, target = letters(lambda b: b & 1), letters(lambda b: b & 12)
        plain = letters(lambda b: b & 13 == 1)  # a phrase word, not a head or name start
        # The first letter is read by a class of its own, so that the search skips to the next
        # candidate letter in C; the alternatives then look back at it. Group 1: a phrase may
        # start here; else only a name.
        self.candidates = re.compile(
            f"{letters(lambda b: b & 6 == 6 or b & 14 == 10 or b & 15 == 3 or b & 8)}"
            f"(?:((?<={letters(lambda b: b & 6 == 6)})"  # a starter that starts a head
            f"|(?<={letters(lambda b: b & 14 == 10)})(?={word}*{target})"  # a name, not a head
            f"|(?<={letters(lambda b: b & 15 == 3)})(?={plain}{{0,{_WINDOW - 1}}}{target}))"
            f"|(?<={letters(lambda b: b & 8)}))")

    def _shorten(self, key: str, tries: tuple[tuple[Trie, str], ...]) -> None:
        """Fill :attr:`short_items` for ``key`` (see :meth:`_item`)."""
        nodes = [(trie.root[key], kind) for trie, kind in tries]
        ends = [(kind, node[END]) for node, kind in nodes if END in node]
        if all(caps is None for _, found in ends for caps, _ in found):
            self.short_items[key] = (
                frozenset(k for node, _ in nodes for k in node if k != END),
                next(((kind, found[0][1]) for kind, found in ends
                      if kind != NAME or isinstance(found[0][1], Alias)), None))

    def scan(self, text: str) -> list[Hit]:
        """All actor matches in ``text``, in order, non-overlapping."""
        doc = _Doc(tokenize(text))
        keys, names = doc.keys, self.name_starters
        classes = "".join(map(self.letters.__getitem__, keys))
        search = self.candidates.search
        hits: list[Hit] = []
        i = 0
        while (candidate := search(classes, i)) is not None:
            i = candidate.start()
            name = self._name(doc, i) if keys[i] in names else None
            phrase = (self._phrase(doc, i) if candidate.lastindex and self._beyond(doc, i, name)
                      else None)
            if phrase is not None and (name is None or phrase[0] > name[0]):
                hits.extend(phrase[1])
                i = phrase[0]
            elif name is not None:
                end, payload = name
                if isinstance(payload, Alias):
                    hits.append(Hit(doc.start(i), doc.end(end - 1), payload.group,
                                    payload.kind))
                elif payload.kind == "reference":
                    hits.append(Hit(doc.start(i), doc.end(end - 1), None, "reference"))
                i = end
            else:
                i += 1
        return hits

    # -- grammar ---------------------------------------------------------------------------

    def _name(self, doc: _Doc, j: int) -> tuple[int, Any] | None:
        single = self.names.single
        if doc.keys[j] in single:
            return j + 1, single[doc.keys[j]]
        found = doc.names.get(j, _UNSEEN)
        if found is _UNSEEN:
            found = doc.names[j] = self.names.match(doc.tokens, j)
        return found

    def _head_at(self, doc: _Doc, j: int) -> tuple[int, Any] | None:
        key = doc.keys[j]
        if key not in self.head_starters:
            return None
        if key in self.heads.single:
            return j + 1, self.heads.single[key]
        found = doc.heads.get(j, _UNSEEN)
        if found is _UNSEEN:
            found = doc.heads[j] = self.heads.match(doc.tokens, j)
        return found

    def _item(self, doc: _Doc, j: int) -> Item | None:
        key = doc.keys[j]
        if key not in self.item_starters:
            return None
        if key in self.single_items:
            single = self.single_items[key]
            return None if single is None else Item(j, j + 1, *single)
        short = self.short_items.get(key)
        if short is not None and (j + 1 == doc.n or not doc.join[j + 1]
                                  or doc.keys[j + 1] not in short[0]):
            return None if short[1] is None else Item(j, j + 1, *short[1])  # a one-token item
        best = doc.items.get(j, _UNSEEN)
        if best is not _UNSEEN:
            return best
        best = None
        for trie, kind in self.item_tries[key]:  # names first
            if kind == NAME:
                found = self._name(doc, j)
                if found is not None and isinstance(found[1], Alias):
                    best = Item(j, found[0], NAME, found[1])
                continue
            found = trie.match(doc.tokens, j)
            if found is not None and (best is None or found[0] > best.end):
                best = Item(j, found[0], kind, found[1])
        doc.items[j] = best
        return best

    def _conj(self, doc: _Doc, j: int) -> int | None:
        """Token index after a conjunction at ``j`` (", ", "and", ", and"), or None."""
        if j >= doc.n:
            return None
        kind = JOIN if doc.join[j] else gap_kind(doc.tokens.gaps[j])
        found = (self.conjs.match(doc.tokens, j)
                 if kind != BREAK and doc.keys[j] in self.conjs.root else None)
        if found is not None:
            return found[0] if found[0] < doc.n and doc.join[found[0]] else None
        return j if kind == COMMA else None

    def _items(self, doc: _Doc, j: int, *, coordinate: bool) -> tuple[int, list[list[Item]]]:
        """Read modifiers, affiliations and group names from ``j``; split at conjunctions."""
        keys, join, n = doc.keys, doc.join, doc.n
        starters, conjunctions = self.item_starters, self.conjs.root
        groups: list[list[Item]] = [[]]
        while j < n and keys[j] in starters:
            item = self._item(doc, j)
            if item is None:
                break
            if item.type == NAME and keys[j] in self.head_starters:
                head = self._head_at(doc, j)
                if head is not None and head[0] >= item.end:
                    break  # "officials" is a head here, not the speaker group's alias
            groups[-1].append(item)
            j = item.end
            if j < n and keys[j] == "'s" and item.type != MOD:
                j += 1
            if j >= n or not coordinate:
                if j < n and not join[j]:
                    break
                continue
            if join[j] and keys[j] not in conjunctions:
                continue  # no conjunction here, the phrase goes on
            after = self._conj(doc, j)
            if after is not None and self._item(doc, after) is not None:
                groups.append([])
                j = after
            elif not join[j]:
                break
        return j, groups

    def _head(self, doc: _Doc, j: int) -> tuple[int, Head] | None:
        found = self._head_at(doc, j)
        if found is None:
            return None
        end, head = found
        keys, join, n, starters = doc.keys, doc.join, doc.n, self.head_starters
        while end < n and join[end] and keys[end] in starters:
            more = self._head_at(doc, end)
            if more is None:
                break
            end = more[0]
        return end, head

    def _beyond(self, doc: _Doc, i: int, name: tuple[int, Any] | None) -> bool:
        """Whether a phrase at ``i`` can be longer than the ``name`` found there (a phrase
        beyond a name goes on with a word a phrase can hold, over a gap that no punctuation
        but a comma breaks; at a plain name, it needs one)."""
        if name is None:
            return doc.keys[i] not in self.plain_names
        end = name[0]
        return end < doc.n and doc.keys[end] in self.continuers and (
            doc.join[end] or gap_kind(doc.tokens.gaps[end]) != BREAK)

    def _phrase(self, doc: _Doc, i: int) -> tuple[int, list[Hit]] | None:
        keys, join, n, dets = doc.keys, doc.join, doc.n, self.dets
        if keys[i] in self.bare_heads:  # only "<head> of <group>" can follow
            head = self._head(doc, i)
            if head is None or head[0] >= n or keys[head[0]] != "of" or not join[head[0]]:
                return None
            return self._unaffiliated(doc, i, head[0], [], False, head[1].cls)
        if i in doc.failed:
            return None
        j = i
        while j < n and keys[j] in dets and (j == i or join[j]):
            j += 1
        has_det = j > i
        if has_det and (j >= n or not join[j] or keys[j] not in self.inner_starters or (
                keys[j] in self.plain_names and not self._beyond(doc, j, self._name(doc, j)))):
            return None
        found = self._grammar(doc, i, j, has_det)
        if found is None and has_det:
            doc.failed.add(j)  # the same phrase without its determiners fails too
        return found

    def _grammar(self, doc: _Doc, i: int, j: int, has_det: bool
                 ) -> tuple[int, list[Hit]] | None:
        """The phrase at ``i`` whose determiners end before ``j``."""
        keys, join, n = doc.keys, doc.join, doc.n
        j, groups = self._items(doc, j, coordinate=True)
        items = list(chain.from_iterable(groups))
        head = (self._head(doc, j) if j < n and (j == i or join[j])
                and keys[j] in self.head_starters else None)
        if head is None and items and items[-1].type == MOD:
            head = self._head_at(doc, items[-1].start)
            if head is not None and head[0] == items[-1].end:
                items.pop()
                groups[-1].pop()
            else:
                head = None
        if head is None:
            if len(groups) == 1 and len(items) >= 2 and items[-1].type == NAME:
                # "Iran's powerful Quds Forces", "Hezbollah's elite Radwan Unit"
                last = items[-1]
                return last.end, [Hit(doc.start(items[0].start), doc.end(last.end - 1),
                                      last.payload.group, last.payload.kind)]
            return None
        end, head_info = head
        cls = head_info.cls
        for item in items:
            if item.type == MOD and item.payload.cls:
                cls = item.payload.cls
        affiliated = [g for g in groups if affiliates(g)]
        if not affiliated:
            return self._unaffiliated(doc, i, end, items, has_det, cls)
        span_start = doc.start(items[0].start)
        if len(affiliated) == 1:
            group = resolve(items, cls, head_info.group)
            if group is None:
                return None
            return end, [Hit(span_start, doc.end(end - 1), group, "descriptor")]
        hits = []
        for k, conjunct in enumerate(affiliated):
            last = k == len(affiliated) - 1
            group = resolve(conjunct, cls, head_info.group)
            if group is None:
                continue
            stop = end if last else conjunct[-1].end
            single = len(conjunct) == 1 and conjunct[0].type == NAME and not last
            kind = conjunct[0].payload.kind if single else "descriptor"
            hits.append(Hit(doc.start(conjunct[0].start), doc.end(stop - 1), group, kind))
        return (end, hits) if hits else None

    def _unaffiliated(self, doc: _Doc, i: int, end: int, items: list[Item],
                      has_det: bool, cls: str) -> tuple[int, list[Hit]] | None:
        """A head with no affiliation: "<head> of <group>", else a reference, else nothing."""
        keys, join, n = doc.keys, doc.join, doc.n
        if end < n and keys[end] == "of" and join[end]:
            k = end + 1
            while k < n and keys[k] in self.dets and join[k]:
                k += 1
            if k < n and join[k]:
                stop, groups = self._items(doc, k, coordinate=False)
                inner = groups[0]
                if affiliates(inner):
                    sub = self._head(doc, stop) if stop < n and join[stop] else None
                    if sub is not None:
                        stop, cls = sub[0], sub[1].cls
                    else:
                        stop = inner[-1].end
                    group = resolve(inner, cls, None)
                    if group is not None:
                        start = items[0].start if items else _first_non_det(keys, i, self.dets)
                        return stop, [Hit(doc.start(start), doc.end(stop - 1), group,
                                          "descriptor")]
        if has_det or items:
            return end, [Hit(doc.start(i), doc.end(end - 1), None, "reference")]
        return None


def _first_non_det(keys: list[str], i: int, dets: frozenset[str]) -> int:
    while keys[i] in dets:
        i += 1
    return i
