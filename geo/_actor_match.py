"""The actor phrase matcher behind :func:`geo.actors.find_actors`.

Private helper. One left-to-right pass over the tokens: at each token that can start an actor
phrase it tries the fixed aliases (a trie) and the descriptor grammar

    [determiner]... [modifier | affiliation | group name] ('s)? [, and ...]... head...
        [of [the] [affiliation | group name] ('s)?... [head]]

and keeps the longer match (a tie goes to the alias). Matches never overlap.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress
from operator import not_

from geo._actor_patterns import COMMA, JOIN, Tokens, Trie, gap_kind, tokenize

NAME, AFFIL, MOD = "name", "affil", "mod"
#: A descriptor phrase must reach a head or group name within this many tokens ("top
#: commanders of Iran's ..." are short; "members of the IRGC's Quds Force" start at a head).
_WINDOW = 8


@dataclass(frozen=True, slots=True)
class Alias:
    """Payload of a group alias or descriptor."""

    group: str
    kind: str  # "name" | "descriptor"


@dataclass(frozen=True, slots=True)
class Marker:
    """Payload of a reference ("they") or of a blocked phrase (not an actor)."""

    kind: str  # "reference" | "block"


@dataclass(frozen=True, slots=True)
class Affiliation:
    groups: dict[str, str | None]
    backing: bool = False

    def group(self, cls: str) -> str | None:
        return self.groups[cls] if cls in self.groups else self.groups.get("default")


@dataclass(frozen=True, slots=True)
class Modifier:
    cls: str | None


@dataclass(frozen=True, slots=True)
class Head:
    cls: str
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: character span, group (None for references) and kind."""

    start: int
    end: int
    group: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class _Item:
    start: int  # token indices [start, end)
    end: int
    type: str
    payload: object


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
    vocabulary: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()

    def finish(self) -> None:
        """Compute the set of tokens that can start a match (call after filling the tries)."""
        self.name_starters = frozenset(self.names.first_keys())
        self.head_starters = frozenset(self.heads.first_keys())
        self.inner_starters = frozenset(
            self.name_starters | self.affils.first_keys() | self.mods.first_keys()
            | self.head_starters
        )
        self.starters = self.inner_starters | self.dets
        self.targets = self.head_starters | self.name_starters
        words: set[str] = set(self.dets) | {"'s"}
        for trie in (self.names, self.affils, self.mods, self.conjs):
            words |= trie.all_keys()
        self.vocabulary = frozenset(words)

    def scan(self, text: str) -> list[Hit]:
        """All actor matches in ``text``, in order, non-overlapping."""
        tokens = tokenize(text)
        keys, names = tokens.keys, self.name_starters
        positions = range(len(keys))
        # a phrase ends in a head or a group name: where can one start?
        head_at = list(compress(positions, map(self.targets.__contains__, keys)))
        outside = list(compress(positions, map(not_, map(self.vocabulary.__contains__, keys))))
        hits: list[Hit] = []
        i = 0
        for start in compress(positions, map(self.starters.__contains__, keys)):
            if start < i:
                continue
            i = start
            name = self.names.match(tokens, i) if keys[i] in names else None
            # a phrase needs a head within reach, with only phrase words before it
            h = bisect_left(head_at, i)
            near = h < len(head_at) and head_at[h] - i <= _WINDOW
            if near and head_at[h] > i:
                o = bisect_left(outside, i)
                near = o >= len(outside) or outside[o] >= head_at[h]
            phrase = self._phrase(tokens, i) if near else None
            if phrase is not None and (name is None or phrase[0] > name[0]):
                hits.extend(phrase[1])
                i = phrase[0]
            elif name is not None:
                end, payload = name
                if isinstance(payload, Alias):
                    hits.append(Hit(tokens.start(i), tokens.end(end - 1), payload.group,
                                    payload.kind))
                elif payload.kind == "reference":
                    hits.append(Hit(tokens.start(i), tokens.end(end - 1), None, "reference"))
                i = end
        return hits

    # -- grammar ---------------------------------------------------------------------------

    def _item(self, tokens: Tokens, j: int) -> _Item | None:
        best: _Item | None = None
        key = tokens.keys[j]
        for trie, kind in ((self.names, NAME), (self.affils, AFFIL), (self.mods, MOD)):
            if key not in trie.root:
                continue
            found = trie.match(tokens, j)
            if found is None or (kind == NAME and not isinstance(found[1], Alias)):
                continue
            if best is None or found[0] > best.end:
                best = _Item(j, found[0], kind, found[1])
        return best

    def _conj(self, tokens: Tokens, j: int) -> int | None:
        """Token index after a conjunction at ``j`` (", ", "and", ", and"), or None."""
        if j >= len(tokens.keys):
            return None
        kind = gap_kind(tokens.gaps[j])
        found = self.conjs.match(tokens, j) if kind in (JOIN, COMMA) else None
        if found is not None:
            return found[0] if found[0] < len(tokens.keys) and tokens.join[found[0]] else None
        return j if kind == COMMA else None

    def _items(self, tokens: Tokens, j: int, *, coordinate: bool) -> tuple[int, list[list[_Item]]]:
        """Read modifiers, affiliations and group names from ``j``; split at conjunctions."""
        keys, n = tokens.keys, len(tokens.keys)
        groups: list[list[_Item]] = [[]]
        while j < n:
            item = self._item(tokens, j)
            if item is None:
                break
            if item.type == NAME:
                head = self.heads.match(tokens, j)
                if head is not None and head[0] >= item.end:
                    break  # "officials" is a head here, not the speaker group's alias
            groups[-1].append(item)
            j = item.end
            if j < n and keys[j] == "'s" and item.type != MOD:
                j += 1
            if j >= n or not coordinate:
                if j < n and not tokens.join[j]:
                    break
                continue
            after = self._conj(tokens, j)
            if after is not None and self._item(tokens, after) is not None:
                groups.append([])
                j = after
            elif not tokens.join[j]:
                break
        return j, groups

    def _head(self, tokens: Tokens, j: int) -> tuple[int, Head] | None:
        found = self.heads.match(tokens, j)
        if found is None:
            return None
        end, head = found
        while end < len(tokens.keys) and tokens.join[end]:
            more = self.heads.match(tokens, end)
            if more is None:
                break
            end = more[0]
        return end, head

    def _phrase(self, tokens: Tokens, i: int) -> tuple[int, list[Hit]] | None:
        keys, n = tokens.keys, len(tokens.keys)
        j = i
        while j < n and keys[j] in self.dets and (j == i or tokens.join[j]):
            j += 1
        has_det = j > i
        if has_det and (j >= n or not tokens.join[j] or keys[j] not in self.inner_starters):
            return None
        j, groups = self._items(tokens, j, coordinate=True)
        items = [it for group in groups for it in group]
        head = self._head(tokens, j) if j < n and (j == i or tokens.join[j]) else None
        if head is None and items and items[-1].type == MOD:
            head = self.heads.match(tokens, items[-1].start)
            if head is not None and head[0] == items[-1].end:
                items.pop()
                groups[-1].pop()
            else:
                head = None
        if head is None:
            if len(groups) == 1 and len(items) >= 2 and items[-1].type == NAME:
                # "Iran's powerful Quds Forces", "Hezbollah's elite Radwan Unit"
                last = items[-1]
                return last.end, [Hit(tokens.start(items[0].start), tokens.end(last.end - 1),
                                      last.payload.group, last.payload.kind)]
            return None
        end, head_info = head
        cls = head_info.cls
        for item in items:
            if item.type == MOD and item.payload.cls:
                cls = item.payload.cls
        affiliated = [g for g in groups if any(it.type != MOD for it in g)]
        if not affiliated:
            return self._unaffiliated(tokens, i, end, items, has_det, cls)
        span_start = tokens.start(items[0].start)
        if len(affiliated) == 1:
            group = _resolve(items, cls, head_info.group)
            if group is None:
                return None
            return end, [Hit(span_start, tokens.end(end - 1), group, "descriptor")]
        hits = []
        for k, conjunct in enumerate(affiliated):
            last = k == len(affiliated) - 1
            group = _resolve(conjunct, cls, head_info.group)
            if group is None:
                continue
            stop = end if last else conjunct[-1].end
            single = len(conjunct) == 1 and conjunct[0].type == NAME and not last
            kind = conjunct[0].payload.kind if single else "descriptor"
            hits.append(Hit(tokens.start(conjunct[0].start), tokens.end(stop - 1), group, kind))
        return (end, hits) if hits else None

    def _unaffiliated(self, tokens: Tokens, i: int, end: int, items: list[_Item],
                      has_det: bool, cls: str) -> tuple[int, list[Hit]] | None:
        """A head with no affiliation: "<head> of <group>", else a reference, else nothing."""
        keys, n = tokens.keys, len(tokens.keys)
        if end < n and keys[end] == "of" and tokens.join[end]:
            k = end + 1
            while k < n and keys[k] in self.dets and tokens.join[k]:
                k += 1
            if k < n and tokens.join[k]:
                stop, groups = self._items(tokens, k, coordinate=False)
                inner = groups[0]
                if any(it.type != MOD for it in inner):
                    sub = self._head(tokens, stop) if stop < n and tokens.join[stop] else None
                    if sub is not None:
                        stop, cls = sub[0], sub[1].cls
                    else:
                        stop = inner[-1].end
                    group = _resolve(inner, cls, None)
                    if group is not None:
                        start = items[0].start if items else _first_non_det(keys, i, self.dets)
                        return stop, [Hit(tokens.start(start), tokens.end(stop - 1), group,
                                          "descriptor")]
        if has_det or items:
            return end, [Hit(tokens.start(i), tokens.end(end - 1), None, "reference")]
        return None


def _first_non_det(keys: list[str], i: int, dets: frozenset[str]) -> int:
    while keys[i] in dets:
        i += 1
    return i


def _resolve(items: list[_Item], cls: str, fixed: str | None) -> str | None:
    """The group of a phrase: fixed by the head, else the last group name, else affiliations."""
    if fixed:
        return fixed
    names = [it.payload for it in items if it.type == NAME]
    if names:
        return names[-1].group  # type: ignore[attr-defined]
    affs: list[Affiliation] = [it.payload for it in items if it.type == AFFIL]  # type: ignore
    if not affs:
        return None
    specific = [a for a in affs if not a.backing]
    chosen = (specific or affs)[-1]
    if specific and len(specific) < len(affs) and cls in ("military", "militia"):
        cls = "militia"  # "Iran-backed Iraqi forces" are militias
    return chosen.group(cls)
