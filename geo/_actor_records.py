"""Records of the actor matcher (:mod:`geo._actor_match`): the payloads of its vocabulary,
its matches, and how a descriptor phrase's group is resolved.

Private helper of :mod:`geo.actors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

NAME, AFFIL, MOD = "name", "affil", "mod"


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


class Hit(NamedTuple):
    """A match: character span, group (None for references) and kind (a named tuple: a
    frozen dataclass costs several times more to make, for a record used once)."""

    start: int
    end: int
    group: str | None
    kind: str


class Item(NamedTuple):
    start: int  # token indices [start, end)
    end: int
    type: str
    payload: Any


_TYPE = itemgetter(2)  # Item.type


def affiliates(items: list[Item]) -> bool:
    """Whether the items name or affiliate a group (any of them is not a modifier)."""
    return any(map(MOD.__ne__, map(_TYPE, items)))


def resolve(items: list[Item], cls: str, fixed: str | None) -> str | None:
    """The group of a phrase: fixed by the head, else the last group name, else affiliations."""
    if fixed:
        return fixed
    for item in reversed(items):
        if item.type == NAME:
            return item.payload.group  # the last group name
    affs: list[Affiliation] = [it.payload for it in items if it.type == AFFIL]  # type: ignore
    if not affs:
        return None
    specific = [a for a in affs if not a.backing]
    chosen = (specific or affs)[-1]
    if specific and len(specific) < len(affs) and cls in ("military", "militia"):
        cls = "militia"  # "Iran-backed Iraqi forces" are militias
    return chosen.group(cls)
