"""Inferred starts: an actor family's last known location, for events that state no origin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from geo.models import MovementEvent, Place
from geo.roads import haversine_km

#: Place kinds that are areas: their point is only a representative point (approximate).
AREA_KINDS = frozenset({"country", "region", "governorate", "district"})
#: An earlier location is an inferred start only if this recent (days) ...
INFER_MAX_DAYS = 21
#: ... and this close (km, great circle) to the new destination.
INFER_MAX_KM = 600.0


def inferred_starts(events: Sequence[MovementEvent]) -> dict[int, Place]:
    """For each event without an origin, the last known location of its actor family.

    The last known location is the destination of the latest event of the same family dated
    strictly earlier, or on the same day earlier in the same document. It is only used when it
    is at most :data:`INFER_MAX_DAYS` days older and :data:`INFER_MAX_KM` km (great circle)
    from the new destination: a family is many units, and the ones that flew home to Tehran are
    not the ones that later drive to Lebanon. Undated and negated events neither give nor take
    a location; areas (countries, regions) are not locations.

    Returns
    -------
    dict[int, Place]
        Event index -> inferred start place.
    """
    dated = [(d, i) for i, ev in enumerate(events) if (d := _day(ev)) is not None
             and ev.actor_family and not ev.negated]
    dated.sort(key=lambda t: (t[0], events[t[1]].doc, events[t[1]].quote_start, t[1]))
    Known = tuple[Place, dt.date]
    before: dict[str, Known] = {}  # family -> last location from earlier days
    today: dict[tuple[str, str], Known] = {}  # (family, doc) -> last location this day
    current: dt.date | None = None
    pending: dict[str, Known] = {}
    starts: dict[int, Place] = {}
    for day, i in dated:
        ev = events[i]
        family = ev.actor_family or ""
        if day != current:
            before.update(pending)
            pending, today, current = {}, {}, day
        dest = ev.destination.place if ev.destination else None
        if not (ev.origin and ev.origin.place) and dest is not None:
            known = today.get((family, ev.doc)) or before.get(family)
            if known is not None and _plausible_start(known, dest, day):
                starts[i] = known[0]
        if dest is not None and dest.kind not in AREA_KINDS:
            today[(family, ev.doc)] = pending[family] = (dest, day)
    return starts


def _plausible_start(known: tuple[Place, dt.date], dest: Place, day: dt.date) -> bool:
    place, seen = known
    return (place.place_id != dest.place_id and (day - seen).days <= INFER_MAX_DAYS
            and haversine_km(place.lat, place.lon, dest.lat, dest.lon) <= INFER_MAX_KM)


def _day(ev: MovementEvent) -> dt.date | None:
    if ev.date is None:
        return None
    return ev.date.start or ev.date.end
