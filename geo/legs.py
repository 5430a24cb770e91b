"""Corroboration: merge movement events that describe the same movement into legs.

A *leg* is one movement (who, along which corridor, when) with every source that reports it.
Events are merged when they share the actor family and corridor (an event whose corridor is
only the catch-all given to a vague route, e.g. "to Iraq" drawn as a marker, may join any
corridor) and are compatible in every respect that could tell two movements apart:

- action class (an ``advance`` is never the same movement as a ``withdraw``; equipment
  transfers are kept apart from movements of people),
- mode (``air`` vs ``land``; an unstated mode matches either),
- places: two known destinations (or two known origins) must be the same place or lie in the
  same country (a country contains its towns); a town reported as the destination of one event
  and the origin of another means opposite directions; the events must share at least one
  known end,
- dates: stated date intervals must overlap (an undated event or one whose date is only
  inferred from the document matches any date).

Merging is complete-linkage: an event joins a leg only if it is compatible with *every* event
already in it, so a chain of small differences never fuses distant movements. Disagreements
between sources stay visible in :attr:`Leg.destinations_reported` and
:attr:`Leg.dates_reported`. Negated events ("did not withdraw") never form legs.

Precisions follow the spirit of ACLED's ``geo_precision`` and ``time_precision``: the leg is
as precise as its least precise end and its coarsest date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from geo._legs_rules import (
    EventInfo,
    LegState,
    combined_confidence,
    date_hull,
    geo_precision,
    leg_geometry,
    outlet_key,
    reported_dates,
    reported_places,
)
from geo.errors import GeoError
from geo.models import Document, MovementEvent, Place, Route

logger = logging.getLogger(__name__)

__all__ = ["Leg", "Source", "merge_legs"]


@dataclass(frozen=True, slots=True)
class Source:
    """One report of a leg: the document, its metadata and the sentence that states the move."""

    doc: str
    event_id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    quote: str = ""
    date_text: str = ""

    def as_dict(self) -> dict[str, str | None]:
        """The source as a JSON-ready mapping."""
        return {
            "doc": self.doc,
            "event_id": self.event_id,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "quote": self.quote,
            "date_text": self.date_text,
        }


@dataclass(frozen=True, slots=True)
class Leg:
    """One movement, merged from every event that reports it.

    Attributes
    ----------
    leg_id
        Stable id derived from the member event ids (same events -> same id).
    family
        Actor family (e.g. "IRGC"), or the group or actor text when no family is known.
    actors, actor_groups, actions
        Distinct values over the member events, in event order.
    action
        The most reported action (ties: the first reported).
    corridor
        Corridor name shared by the member routes ("" when no route was given).
    mode
        "air", "land" or None when no source says.
    origin, destination, via
        Places of the drawn movement (from the member whose geometry is drawn: the route's
        start, which may be inferred, and the stated destination); None when unknown.
    date_start, date_end
        Hull of the stated date intervals (of the inferred ones if none is stated).
    time_precision
        Coarsest precision of those dates ("day", "days", "week", "month", ...), "" if undated.
    date_inferred
        True when no member states a date and the interval comes from document context.
    geo_precision
        "exact", "town", "region" or "country": the least precise known end;
        "unknown" when no end is resolved.
    geometry
        Shapely geometry (lon, lat): the best-stated member route, a Point marker when no
        member has a line, or None.
    route_kind
        Kind of the route the geometry comes from ("road", "air", "straight", "marker", "").
    approximate, inferred
        Flags of the chosen route (geometry partly guessed / start taken from an earlier event).
    sources
        One :class:`Source` per member event.
    n_sources
        Independent outlets: documents of the same outlet count once, a document without an
        outlet counts as its own.
    n_docs
        Distinct documents.
    destinations_reported
        Distinct destination names as reported (disagreements stay visible).
    dates_reported
        Distinct stated date intervals as ISO 8601 "start/end" strings (".." when open).
    event_ids
        Member event ids, in merge order.
    confidence
        Rises with independent sources: ``1 - prod(1 - c_outlet)`` with ``c_outlet`` the best
        event confidence per independent outlet.
    """

    leg_id: str
    family: str
    actors: tuple[str, ...]
    actor_groups: tuple[str, ...]
    actions: tuple[str, ...]
    action: str
    corridor: str
    mode: str | None
    origin: Place | None
    destination: Place | None
    via: tuple[Place, ...]
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: str
    date_inferred: bool
    geo_precision: str
    geometry: object
    route_kind: str
    approximate: bool
    inferred: bool
    length_km: float
    sources: tuple[Source, ...]
    n_sources: int
    n_docs: int
    destinations_reported: tuple[str, ...]
    dates_reported: tuple[str, ...]
    event_ids: tuple[str, ...]
    confidence: float

    @property
    def quotes(self) -> tuple[str, ...]:
        """The quotes of every source, in source order."""
        return tuple(s.quote for s in self.sources)


def _most_common(values: Sequence[str]) -> str:
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def merge_legs(
    events: Sequence[MovementEvent],
    routes: Sequence[Route],
    documents: Mapping[str, Document],
    *,
    open_corridors: Collection[str] | None = None,
) -> list[Leg]:
    """Merge events that describe the same movement into legs, keeping every source.

    Parameters
    ----------
    events
        Movement events from any number of documents. Negated events are skipped.
    routes
        Routes of the events (matched by ``event_id``; an event may have none).
    documents
        Documents by ``doc_id``, for outlet, title, url and publication date. An event whose
        document is missing is kept, with no metadata.
    open_corridors
        Corridor names that mean "no particular corridor" (default: "" and the default
        corridor of ``data/corridors.yaml``, "Other"). An event drawn as a marker, or going
        to a country or nowhere known, whose corridor is one of these may join a leg of any
        corridor; the leg takes the corridor of its other members.

    Returns
    -------
    list[Leg]
        Sorted by start date (undated last), family, corridor, then id. The result does not
        depend on the order of ``events``.

    Examples
    --------
    >>> merge_legs([], [], {})
    []
    """
    if open_corridors is None:
        open_corridors = _default_open_corridors()
    route_of = {r.event_id: r for r in routes}
    infos = [EventInfo.build(e, route_of.get(e.event_id), open_corridors)
             for e in events if not e.negated]
    skipped = len(events) - len(infos)
    if skipped:
        logger.debug("%d negated events left out of the legs", skipped)
    infos.sort(key=EventInfo.sort_key)

    families: dict[str, _Family] = {}
    for info in infos:
        families.setdefault(info.family, _Family()).place(info)
    legs = [_build_leg(state.members, documents)
            for family in families.values() for state in family.states]
    legs.sort(key=_leg_sort_key)
    return legs


class _Family:
    """The legs of one actor family, indexed by corridor (None: only vague members so far)."""

    def __init__(self) -> None:
        self.states: list[LegState] = []
        self.by_corridor: dict[str | None, list[int]] = {}

    def place(self, info: EventInfo) -> None:
        if info.vague:
            candidates: Iterable[int] = range(len(self.states))
        else:
            candidates = [*self.by_corridor.get(info.corridor, ()),
                          *self.by_corridor.get(None, ())]
        fits = [(self.states[i].affinity(info), i) for i in candidates
                if self.states[i].accepts(info)]
        if not fits:
            self.states.append(LegState.start(info))
            self.by_corridor.setdefault(self.states[-1].corridor, []).append(len(self.states) - 1)
            return
        i = min(fits)[1]
        state = self.states[i]
        before = state.corridor
        state.add(info)
        if before is None and state.corridor is not None:
            self.by_corridor[None].remove(i)
            self.by_corridor.setdefault(state.corridor, []).append(i)


def _default_open_corridors() -> frozenset[str]:
    """"" and the default corridor of data/corridors.yaml (what a vague route is given)."""
    try:
        from geo.corridors import load_corridors

        return frozenset({"", load_corridors().default})
    except (ImportError, OSError, GeoError) as exc:
        logger.debug("corridor rules not available (%s); using 'Other'", exc)
        return frozenset({"", "Other"})


def _leg_sort_key(leg: Leg) -> tuple:
    return (
        leg.date_start is None,
        leg.date_start or dt.date.min,
        leg.family,
        leg.corridor,
        leg.leg_id,
    )


def _distinct(values) -> tuple:
    return tuple(dict.fromkeys(v for v in values if v))


def _build_leg(members: list[EventInfo], documents: Mapping[str, Document]) -> Leg:
    geometry, best = leg_geometry(members)
    route = best.route
    event_ids = tuple(m.event.event_id for m in members)
    digest = hashlib.sha1("\x1f".join(sorted(event_ids)).encode("utf-8")).hexdigest()[:12]

    sources = []
    for m in members:
        doc = documents.get(m.event.doc)
        sources.append(
            Source(
                doc=m.event.doc,
                event_id=m.event.event_id,
                outlet=doc.outlet if doc else None,
                title=doc.title if doc else None,
                url=doc.url if doc else None,
                published=doc.published if doc else None,
                quote=m.event.quote,
                date_text=m.event.date.text if m.event.date else "",
            )
        )
    outlets: dict[str, float] = {}
    for m, src in zip(members, sources, strict=True):
        key = outlet_key(src.outlet, src.doc)
        outlets[key] = max(outlets.get(key, 0.0), m.event.confidence)

    start, end, precision, inferred_date = date_hull(members)
    origin = (route.start if route is not None else None) or best.origin_place
    destination = best.destination_place or (route.end if route is not None else None)
    if destination is None:
        destination = next((m.destination_place for m in members if m.destination_place), None)
    via = _distinct_places([p for m in [best, *members] for p in m.via_places])
    route_kind = route.kind if route is not None else ("marker" if geometry is not None else "")
    return Leg(
        leg_id=f"leg-{digest}",
        family=members[0].family,
        actors=_distinct(m.event.actor for m in members),
        actor_groups=_distinct(m.event.actor_group for m in members),
        actions=_distinct(m.event.action for m in members),
        action=_most_common([m.event.action for m in members]),
        corridor=next((m.corridor for m in members if not m.vague), members[0].corridor),
        mode=next((m.mode for m in members if m.mode), None),
        origin=origin,
        destination=destination,
        via=via,
        date_start=start,
        date_end=end,
        time_precision=precision,
        date_inferred=inferred_date,
        geo_precision=geo_precision(origin, destination),
        geometry=geometry,
        route_kind=route_kind,
        approximate=bool(route.approximate) if route is not None else False,
        inferred=bool(route.inferred) if route is not None else False,
        length_km=float(route.length_km) if route is not None else 0.0,
        sources=tuple(sources),
        n_sources=len(outlets),
        n_docs=len({m.event.doc for m in members}),
        destinations_reported=reported_places(members),
        dates_reported=reported_dates(members),
        event_ids=event_ids,
        confidence=combined_confidence(outlets.values()),
    )


def _distinct_places(places: Sequence[Place]) -> tuple[Place, ...]:
    seen: dict[str, Place] = {}
    for p in places:
        seen.setdefault(p.place_id, p)
    return tuple(seen.values())
