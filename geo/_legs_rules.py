"""Compatibility rules and summaries behind :func:`geo.legs.merge_legs` (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from shapely.geometry import Point

from geo.coords import xy
from geo.models import DATE_PRECISIONS, Mention, MovementEvent, Place, Route

#: Place kind -> location precision, finest first (ACLED geo_precision in spirit).
GEO_PRECISIONS = ("exact", "town", "region", "country")
_KIND_PRECISION = {
    "airport": "exact",
    "airbase": "exact",
    "crossing": "exact",
    "base": "exact",
    "port": "exact",
    "city": "town",
    "town": "town",
    "village": "town",
    "district": "region",
    "region": "region",
    "governorate": "region",
    "other": "region",
    "country": "country",
}
#: Action classes: events of different classes are never the same movement.
_ACTION_CLASS = {
    "advance": "advance",
    "transfer_equipment": "equipment",
}
_ROUTE_RANK = {"road": 0, "air": 1, "straight": 2, "marker": 3}
_OPEN_START = dt.date.min
_OPEN_END = dt.date.max


def place_precision(place: Place) -> str:
    """Location precision of one place: "exact", "town", "region" or "country"."""
    return _KIND_PRECISION.get(place.kind, "region")


def geo_precision(*places: Place | None) -> str:
    """Precision of the least precise known place; "unknown" when none is known."""
    ranks = [GEO_PRECISIONS.index(place_precision(p)) for p in places if p is not None]
    return GEO_PRECISIONS[max(ranks)] if ranks else "unknown"


def _country_key(place: Place | None) -> str | None:
    """Key under which two places count as compatible ends (same country or same place)."""
    if place is None:
        return None
    if place.country:
        return place.country.upper()
    if place.kind == "country":
        return place.place_id
    return f"id:{place.place_id}"


def _specific_id(place: Place | None) -> str | None:
    if place is None or place.kind == "country":
        return None
    return place.place_id


def _mention_place(mention: Mention | None) -> Place | None:
    return mention.place if mention is not None else None


def outlet_key(outlet: str | None, doc: str) -> str:
    """Independence key: one per outlet (case-insensitive); a document without one is its own."""
    if outlet and outlet.strip():
        return "outlet:" + " ".join(outlet.split()).casefold()
    return "doc:" + doc


def combined_confidence(per_outlet: Iterable[float]) -> float:
    """``1 - prod(1 - c)`` over independent outlets, rounded to 3 decimals and capped at 0.99."""
    miss = 1.0
    for c in per_outlet:
        miss *= 1.0 - c
    return round(min(0.99, 1.0 - miss), 3)


@dataclass(slots=True)
class EventInfo:
    """An event with the derived values the merge rules compare."""

    event: MovementEvent
    route: Route | None
    family: str
    corridor: str
    vague: bool  # corridor is a catch-all given for want of a located end: matches any
    mode: str | None
    action_class: str
    origin_place: Place | None
    destination_place: Place | None
    via_places: tuple[Place, ...]
    stated: tuple[dt.date, dt.date] | None  # stated (not inferred) date interval

    @classmethod
    def build(cls, event: MovementEvent, route: Route | None,
              open_corridors: Collection[str] = ("",)) -> EventInfo:
        family = event.actor_family or event.actor_group or " ".join(event.actor.split()).lower()
        mode = event.mode or ("air" if route is not None and route.kind == "air" else None)
        corridor = route.corridor if route is not None else ""
        dest = _mention_place(event.destination)
        vague_end = (route is None or route.kind == "marker" or dest is None
                     or dest.kind == "country")
        stated = None
        d = event.date
        if d is not None and not d.inferred and (d.start or d.end):
            stated = (d.start or _OPEN_START, d.end or _OPEN_END)
        return cls(
            event=event,
            route=route,
            family=family,
            corridor=corridor,
            vague=corridor in open_corridors and vague_end,
            mode=mode,
            action_class=_ACTION_CLASS.get(event.action, "move"),
            origin_place=_mention_place(event.origin),
            destination_place=_mention_place(event.destination),
            via_places=tuple(m.place for m in event.via if m.place is not None),
            stated=stated,
        )

    def sort_key(self) -> tuple:
        """Stated dates first (by interval), then undated; ties by document and id."""
        lo, hi = self.stated or (_OPEN_END, _OPEN_END)
        return (self.family, self.vague, self.stated is None, lo, hi, self.corridor,
                self.event.doc, self.event.event_id)


@dataclass(slots=True)
class LegState:
    """A leg being built, with summaries that make complete-linkage checks O(1).

    For intervals, pairwise overlap of all members is the same as a non-empty common
    intersection, so the intersection is all that is kept; place keys are equivalence classes,
    so one key per end suffices.
    """

    members: list[EventInfo]
    action_class: str
    corridor: str | None = None  # the shared corridor; None while every member is vague
    mode: str | None = None
    window: tuple[dt.date, dt.date] | None = None
    origin_key: str | None = None
    dest_key: str | None = None
    origin_ids: set[str] = field(default_factory=set)
    dest_ids: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, info: EventInfo) -> LegState:
        state = cls(members=[], action_class=info.action_class)
        state.add(info)
        return state

    def accepts(self, info: EventInfo) -> bool:
        """True when ``info`` is compatible with every member."""
        if info.action_class != self.action_class:
            return False
        if not info.vague and self.corridor is not None and info.corridor != self.corridor:
            return False
        if info.mode and self.mode and info.mode != self.mode:
            return False
        if info.stated and self.window:
            if max(info.stated[0], self.window[0]) > min(info.stated[1], self.window[1]):
                return False
        o_key = _country_key(info.origin_place)
        d_key = _country_key(info.destination_place)
        shared = False
        if o_key and self.origin_key:
            if o_key != self.origin_key:
                return False
            shared = True
        if d_key and self.dest_key:
            if d_key != self.dest_key:
                return False
            shared = True
        if not shared:
            return False
        # opposite directions between two specific places (e.g. within one country)
        o_id = _specific_id(info.origin_place)
        d_id = _specific_id(info.destination_place)
        if o_id and o_id in self.dest_ids and o_id not in self.origin_ids:
            return False
        if d_id and d_id in self.origin_ids and d_id not in self.dest_ids:
            return False
        return True

    def affinity(self, info: EventInfo) -> tuple[int, int, int]:
        """Lower is better: among compatible legs, prefer the one whose dates and places match.

        An undated event or one with an inferred date would otherwise join whichever
        compatible leg came first.
        """
        d = info.event.date
        in_window = 1
        if self.window and d is not None and d.start and d.end:
            in_window = 0 if self.window[0] <= d.end and d.start <= self.window[1] else 2
        d_id = _specific_id(info.destination_place)
        o_id = _specific_id(info.origin_place)
        return (in_window, 0 if d_id and d_id in self.dest_ids else 1,
                0 if o_id and o_id in self.origin_ids else 1)

    def add(self, info: EventInfo) -> None:
        self.members.append(info)
        if not info.vague and self.corridor is None:
            self.corridor = info.corridor
        self.mode = self.mode or info.mode
        if info.stated:
            if self.window is None:
                self.window = info.stated
            else:
                self.window = (max(self.window[0], info.stated[0]),
                               min(self.window[1], info.stated[1]))
        self.origin_key = self.origin_key or _country_key(info.origin_place)
        self.dest_key = self.dest_key or _country_key(info.destination_place)
        if (o_id := _specific_id(info.origin_place)) is not None:
            self.origin_ids.add(o_id)
        if (d_id := _specific_id(info.destination_place)) is not None:
            self.dest_ids.add(d_id)


def _member_rank(info: EventInfo) -> tuple:
    route = info.route
    has_line = route is not None and route.kind != "marker" and _is_line(route.geometry)
    return (
        not has_line,
        info.event.origin is None or info.origin_place is None,  # stated, resolved origin
        bool(route.inferred) if route else True,
        bool(route.approximate) if route else True,
        _ROUTE_RANK.get(route.kind, 9) if route else 9,
        _precision_rank(info.destination_place),
        -info.event.confidence,
        info.event.event_id,
    )


def _precision_rank(place: Place | None) -> int:
    return GEO_PRECISIONS.index(place_precision(place)) if place is not None else 9


def _is_line(geometry: object) -> bool:
    geom_type = getattr(geometry, "geom_type", "")
    return geom_type in ("LineString", "MultiLineString") and not geometry.is_empty


def leg_geometry(members: Sequence[EventInfo]) -> tuple[object, EventInfo]:
    """Geometry of the leg and the member it comes from.

    The best-stated member's route line; otherwise a Point marker (a member's route marker,
    else its destination, else its origin); None (with the best member) when nothing is located.
    """
    ranked = sorted(members, key=_member_rank)
    for m in ranked:
        if m.route is not None and getattr(m.route.geometry, "is_empty", True) is False:
            return m.route.geometry, m
    for m in ranked:
        place = m.destination_place or m.origin_place
        if place is not None:
            return Point(xy(place.lat, place.lon)), m
    return None, ranked[0]


def date_hull(members: Sequence[EventInfo]) -> tuple[dt.date | None, dt.date | None, str, bool]:
    """(start, end, coarsest precision, inferred) over stated dates, else over inferred ones."""
    stated = [m.event.date for m in members if m.stated is not None]
    inferred = False
    spans = stated
    if not spans:
        spans = [m.event.date for m in members
                 if m.event.date is not None and (m.event.date.start or m.event.date.end)]
        inferred = bool(spans)
    if not spans:
        return None, None, "", False
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]
    start = None if any(v is None for v in starts) else min(starts)
    end = None if any(v is None for v in ends) else max(ends)
    precision = max((s.precision for s in spans), key=DATE_PRECISIONS.index)
    return start, end, precision, inferred


def reported_places(members: Sequence[EventInfo]) -> tuple[str, ...]:
    """Distinct destination names as reported (resolved name, else the text as written)."""
    names: dict[str, None] = {}
    for m in members:
        dest = m.event.destination
        if dest is None:
            continue
        name = dest.place.name if dest.place is not None else dest.text
        names.setdefault(name, None)
    return tuple(names)


def reported_dates(members: Sequence[EventInfo]) -> tuple[str, ...]:
    """Distinct stated date intervals as ISO 8601 "start/end" strings (".." for an open end)."""
    out: dict[str, None] = {}
    for m in sorted(members, key=lambda m: m.stated or (_OPEN_END, _OPEN_END)):
        if m.stated is None:
            continue
        d = m.event.date
        text = f"{d.start.isoformat() if d.start else '..'}/{d.end.isoformat() if d.end else '..'}"
        out.setdefault(text, None)
    return tuple(out)
