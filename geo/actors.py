"""Find the actors named in a text: Iran's forces, the militias it backed, and the others.

The catalog (``data/actors.yaml``) lists the groups with their hierarchy (a group's family is
the top of its hierarchy: Quds Force -> IRGC, Radwan Force -> Hezbollah, Nujaba -> Iraqi PMF),
home countries, map colours, aliases in a light pattern syntax (documented at the top of the
YAML file) and the vocabulary of descriptor phrases ("Iran-backed Iraqi fighters",
"senior IRGC officers"). Untracked actors (Syrian army, rebels, Israel, ...) are recognised
too, so that they are neither read as places nor taken as antecedents of "they".

Examples
--------
>>> [(m.text, m.group, m.family) for m in find_actors("Hezbollah’s Radwan Force left.")]
[('Hezbollah’s Radwan Force', 'Radwan Force', 'Hezbollah')]
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from geo._actor_match import Matcher
from geo._actor_patterns import PatternError, expand
from geo._actor_records import Affiliation, Alias, Head, Marker, Modifier
from geo.config import DATA_DIR
from geo.errors import GeoError
from geo.models import ActorMention

logger = logging.getLogger(__name__)

#: Colour of groups without a family colour (untracked actors).
DEFAULT_COLOUR = "#9e9e9e"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_HEAD_CLASSES = ("militia", "military", "diplomatic", "civilian", "official", "speaker")


class ActorCatalogError(GeoError):
    """The actor catalog file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class ActorGroup:
    """One catalog group with its inherited family fields."""

    name: str
    parent: str | None
    family: str
    tracked: bool
    home: str | None
    origin: str | None
    colour: str
    speaker: bool


class ActorCatalog:
    """The validated actor catalog and its compiled matcher (use :func:`load_actor_catalog`)."""

    def __init__(self, groups: dict[str, ActorGroup], matcher: Matcher, path: Path) -> None:
        self._groups = groups
        self._matcher = matcher
        self.path = path

    def families(self, *, tracked_only: bool = True) -> list[str]:
        """Family names in display order (tracked ones only, unless ``tracked_only=False``)."""
        return [g.name for g in self._groups.values()
                if g.parent is None and (g.tracked or not tracked_only)]

    def groups(self) -> list[str]:
        """All group names, families included, in catalog order."""
        return list(self._groups)

    def group(self, name: str) -> ActorGroup:
        """The record of a group (raises KeyError for an unknown name)."""
        return self._groups[name]

    def members(self, family: str) -> list[str]:
        """The groups of a family, the family itself first."""
        return [g.name for g in self._groups.values() if g.family == family]

    def family_of(self, group: str | None) -> str | None:
        """The top of the group's hierarchy, or None for an unknown group."""
        found = self._groups.get(group or "")
        return found.family if found else None

    def parent_of(self, group: str) -> str | None:
        """The group's parent, or None for a family or an unknown group."""
        found = self._groups.get(group)
        return found.parent if found else None

    def home_country(self, name: str | None) -> str | None:
        """ISO code of the country a group's or family's members return to, or None."""
        found = self._groups.get(name or "")
        return found.home if found else None

    def origin_country(self, name: str | None) -> str | None:
        """ISO code of the members' nationality (differs from home for Fatemiyoun, ...)."""
        found = self._groups.get(name or "")
        return (found.origin or found.home) if found else None

    def colour(self, family: str | None) -> str:
        """Map colour (#rrggbb) of a family or group; grey for unknown names."""
        found = self._groups.get(family or "")
        return found.colour if found else DEFAULT_COLOUR

    def is_tracked(self, group: str | None) -> bool:
        """Whether the tool follows this group's movements (False for unknown names)."""
        found = self._groups.get(group or "")
        return bool(found and found.tracked)

    def is_speaker(self, group: str | None) -> bool:
        """Whether the group stands for quoted sources (officials, analysts), not movers."""
        found = self._groups.get(group or "")
        return bool(found and found.speaker)

    def find(self, text: str) -> list[ActorMention]:
        """See :func:`find_actors`."""
        mentions = []
        groups = self._groups
        for start, end, group, kind in self._matcher.scan(text):
            record = groups.get(group) if group else None
            mentions.append(ActorMention(  # positional: cheaper than keywords
                text[start:end], start, end, group, record.family if record else None,
                record.tracked if record else True, kind,
            ))
        return mentions


def find_actors(text: str, *, catalog: ActorCatalog | None = None) -> list[ActorMention]:
    """Find actor mentions in a text.

    Parameters
    ----------
    text
        The document text; spans index it.
    catalog
        The catalog to use (default: :func:`load_actor_catalog`).

    Returns
    -------
    list of ActorMention
        Sorted, non-overlapping; the longest phrase wins. ``kind`` is "name" (a proper name),
        "descriptor" (a generic phrase that identifies a group, e.g. "Iranian forces") or
        "reference" ("they", "these units", "its forces": ``group`` and ``family`` None,
        ``tracked`` True until the event extractor resolves it). A possessive 's is left out
        of the span.
    """
    return (catalog or load_actor_catalog()).find(text)


@cache
def load_actor_catalog(path: Path | str | None = None) -> ActorCatalog:
    """Load, validate and compile the actor catalog (cached).

    Raises
    ------
    ActorCatalogError
        If the file is missing, is not valid YAML, or breaks the catalog rules; the message
        names the file and the entry.
    """
    source = Path(path) if path is not None else DATA_DIR / "actors.yaml"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as e:
        raise ActorCatalogError(f"{source}: cannot be read ({e.strerror or e})") from e
    except yaml.YAMLError as e:
        raise ActorCatalogError(f"{source}: not valid YAML ({e})") from e
    try:
        return _build(data, source)
    except (PatternError, ValueError, TypeError, KeyError, AttributeError) as e:
        raise ActorCatalogError(f"{source}: {e}") from e


def _build(data: Any, source: Path) -> ActorCatalog:
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ValueError("expected a mapping with a 'groups' list")
    groups = _groups(data["groups"])
    matcher = Matcher()
    for entry in data["groups"]:
        for key, kind in (("aliases", "name"), ("descriptors", "descriptor")):
            for pattern in _strings(entry.get(key) or [], f"{entry['name']}.{key}"):
                matcher.names.add(pattern, Alias(entry["name"], kind))
    for pattern in _strings(data.get("references") or [], "references"):
        matcher.names.add(pattern, Marker("reference"))
    for pattern in _strings(data.get("not_actors") or [], "not_actors"):
        matcher.names.add(pattern, Marker("block"))
    heads = data.get("heads") or {}
    for cls, spec in heads.items():
        if cls not in _HEAD_CLASSES:
            raise ValueError(f"heads: unknown class {cls!r} (expected {_HEAD_CLASSES})")
        fixed = spec.get("group") if isinstance(spec, dict) else None
        if fixed is not None and fixed not in groups:
            raise ValueError(f"heads.{cls}: unknown group {fixed!r}")
        words = spec.get("words") if isinstance(spec, dict) else spec
        for pattern in _strings(words or [], f"heads.{cls}"):
            matcher.heads.add(pattern, Head(cls, fixed))
    for cls, words in (data.get("modifiers") or {}).items():
        if cls != "plain" and cls not in _HEAD_CLASSES:
            raise ValueError(f"modifiers: unknown class {cls!r}")
        for pattern in _strings(words or [], f"modifiers.{cls}"):
            matcher.mods.add(pattern, Modifier(None if cls == "plain" else cls))
    for n, entry in enumerate(data.get("affiliations") or [], start=1):
        mapping = entry.get("groups") or {}
        for cls, group in mapping.items():
            if cls != "default" and cls not in _HEAD_CLASSES:
                raise ValueError(f"affiliation {n}: unknown class {cls!r}")
            if group is not None and group not in groups:
                raise ValueError(f"affiliation {n}: unknown group {group!r}")
        affiliation = Affiliation(dict(mapping), bool(entry.get("backing", False)))
        for pattern in _strings(entry.get("patterns") or [], f"affiliation {n}"):
            matcher.affils.add(pattern, affiliation)
    for pattern in _strings(data.get("conjunctions") or [], "conjunctions"):
        matcher.conjs.add(pattern, True)
    dets: set[str] = set()
    for word in _strings(data.get("determiners") or [], "determiners"):
        dets.update(keys[0] for keys, _ in _expand_single(word))
    matcher.dets = frozenset(dets)
    matcher.finish()
    logger.debug("actor catalog %s: %d groups", source, len(groups))
    return ActorCatalog(groups, matcher, source)


def _groups(entries: list[Any]) -> dict[str, ActorGroup]:
    raw: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ValueError(f"group {n} needs a 'name'")
        if entry["name"] in raw:
            raise ValueError(f"group {entry['name']!r} is listed twice")
        raw[entry["name"]] = entry
    groups: dict[str, ActorGroup] = {}
    for name, entry in raw.items():
        chain = [entry]
        while chain[-1].get("parent") is not None:
            parent = chain[-1]["parent"]
            if parent not in raw:
                raise ValueError(f"group {chain[-1]['name']!r}: unknown parent {parent!r}")
            if len(chain) > len(raw):
                raise ValueError(f"group {name!r}: its parents form a cycle")
            chain.append(raw[parent])
        top = chain[-1]
        for key in ("tracked", "colour"):
            if key not in top:
                raise ValueError(f"family {top['name']!r} needs {key!r}")
        if not _COLOUR.fullmatch(str(top["colour"])):
            raise ValueError(f"family {top['name']!r}: colour {top['colour']!r} is not #rrggbb")
        home = next((e["home"] for e in chain if "home" in e), None)
        origin = next((e["origin"] for e in chain if "origin" in e), None)
        for code in (home, origin):
            if code is not None and not _COUNTRY.fullmatch(str(code)):
                raise ValueError(f"group {name!r}: {code!r} is not an ISO 3166-1 alpha-2 code")
        groups[name] = ActorGroup(
            name=name, parent=entry.get("parent"), family=top["name"],
            tracked=bool(top["tracked"]), home=home, origin=origin, colour=top["colour"],
            speaker=bool(top.get("speaker", False)),
        )
    return groups


def _strings(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{where}: expected a list of non-empty strings")
    return values


def _expand_single(word: str) -> list[tuple[tuple[str, ...], tuple[bool, ...]]]:
    expanded = expand(word)
    if any(len(keys) != 1 for keys, _ in expanded):
        raise ValueError(f"determiners: {word!r} must be one word")
    return expanded
