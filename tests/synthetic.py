"""Hand-made places, documents, events and routes for the legs/frames/export tests.

Also used by ``bench/bench_export.py`` to build large synthetic corpora. Coordinates are
approximate real ones (lat, lon), so swapped coordinates are detectable in the tests.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from shapely.geometry import LineString, Point

from geo.coords import xy
from geo.models import DateSpan, Document, Mention, MovementEvent, Place, Route

# name: (lat, lon, country, kind)
PLACES: dict[str, tuple[float, float, str | None, str]] = {
    "Damascus": (33.5138, 36.2765, "SY", "city"),
    "Damascus International Airport": (33.4115, 36.5156, "SY", "airport"),
    "Hmeimim Air Base": (35.4011, 35.9487, "SY", "airbase"),
    "Latakia": (35.5317, 35.7915, "SY", "city"),
    "Al-Bukamal": (34.4536, 40.9183, "SY", "town"),
    "Deir ez-Zor": (35.3359, 40.1408, "SY", "city"),
    "Al-Qusayr": (34.5092, 36.5797, "SY", "town"),
    "Homs Governorate": (34.6, 37.9, "SY", "governorate"),
    "Syria": (35.0, 38.5, "SY", "country"),
    "Al-Qaim": (34.3686, 41.0944, "IQ", "town"),
    "Al-Qaim border crossing": (34.4, 40.98, "IQ", "crossing"),
    "Baghdad": (33.3152, 44.3661, "IQ", "city"),
    "Iraq": (33.0, 44.0, "IQ", "country"),
    "Hermel": (34.3942, 36.3847, "LB", "town"),
    "Beirut": (33.8938, 35.5018, "LB", "city"),
    "Masnaa": (33.7, 35.97, "LB", "crossing"),
    "Lebanon": (33.9, 35.9, "LB", "country"),
    "Tehran": (35.6892, 51.389, "IR", "city"),
    "Iran": (32.4, 53.7, "IR", "country"),
}


def place(name: str) -> Place:
    """The synthetic gazetteer entry for ``name``."""
    lat, lon, country, kind = PLACES[name]
    return Place(f"syn:{name.lower().replace(' ', '_')}", name, lat, lon, country, kind)


def mention(doc: str, name: str, start: int = 0, *, resolved: bool = True) -> Mention:
    """A mention of ``name`` in ``doc``; unresolved when ``resolved`` is False."""
    return Mention(doc, name, start, start + len(name), place(name) if resolved else None)


def document(doc_id: str, outlet: str | None = None, **meta) -> Document:
    """A document with placeholder text."""
    return Document(doc_id=doc_id, text=f"Text of {doc_id}.", outlet=outlet, **meta)


def span(start: str | None, end: str | None = None, precision: str = "day", *,
         inferred: bool = False, text: str | None = None) -> DateSpan:
    """A DateSpan from ISO strings (``end`` defaults to ``start``)."""
    s = dt.date.fromisoformat(start) if start else None
    e = dt.date.fromisoformat(end) if end else s
    return DateSpan(s, e, precision, text=text if text is not None else (start or ""),
                    inferred=inferred)


def event(event_id: str, doc: str, *, dest: str | None, origin: str | None = None,
          family: str = "IRGC", group: str | None = "Quds Force", actor: str = "Iranian forces",
          action: str = "withdraw", date: DateSpan | None = None, mode: str | None = None,
          via: Sequence[str] = (), negated: bool = False, confidence: float = 0.6,
          dest_resolved: bool = True, quote: str | None = None) -> MovementEvent:
    """A movement event between named synthetic places."""
    return MovementEvent(
        event_id=event_id,
        doc=doc,
        actor=actor,
        actor_group=group,
        actor_family=family,
        action=action,
        origin=mention(doc, origin) if origin else None,
        destination=mention(doc, dest, 40, resolved=dest_resolved) if dest else None,
        via=tuple(mention(doc, v, 80) for v in via),
        date=date,
        quote=quote if quote is not None else f"{actor} {action} to {dest} ({event_id}).",
        confidence=confidence,
        mode=mode,
        negated=negated,
    )


def route(ev: MovementEvent, corridor: str, *, kind: str | None = None,
          start: str | None = None, approximate: bool = False) -> Route:
    """A route for ``ev``: a 3-point line origin -> destination, or a marker at the destination.

    ``start`` names an inferred start place (the route is then flagged ``inferred``).
    """
    a = place(start) if start else (ev.origin.place if ev.origin else None)
    b = ev.destination.place if ev.destination else None
    if a is not None and b is not None:
        (x0, y0), (x1, y1) = xy(a.lat, a.lon), xy(b.lat, b.lon)
        geom = LineString([(x0, y0), ((x0 + x1) / 2 + 0.05, (y0 + y1) / 2), (x1, y1)])
        kind = kind or ("air" if ev.mode == "air" else "road")
        length = geom.length * 100.0
    else:
        p = b or a
        geom = Point(xy(p.lat, p.lon)) if p is not None else Point()
        kind, length = "marker", 0.0
    return Route(ev.event_id, geom, kind, corridor, start=a, end=b,
                 approximate=approximate, inferred=start is not None, length_km=length)


# corridor: (origins, destinations, mode)
_CORRIDORS = {
    "al-qaim": (["Damascus", "Deir ez-Zor", "Al-Bukamal"], ["Al-Qaim", "Al-Qaim border crossing",
                                                            "Iraq", "Baghdad"], "land"),
    "lebanon": (["Damascus", "Al-Qusayr"], ["Hermel", "Beirut", "Masnaa", "Lebanon"], "land"),
    "latakia": (["Damascus", "Homs Governorate"], ["Latakia", "Hmeimim Air Base"], "land"),
    "tehran-air": (["Damascus International Airport", "Hmeimim Air Base"], ["Tehran", "Iran"],
                   "air"),
}
_FAMILIES = [("IRGC", "Quds Force"), ("Hezbollah", "Hezbollah"), ("Fatemiyoun", "Fatemiyoun"),
             ("PMF", "Kata'ib Hezbollah"), ("Zainebiyoun", "Zainebiyoun")]
_OUTLETS = ["Reuters", "AFP", "Noon Post", "EUAA", "Al-Arabiya", None]


def corpus(n_events: int, *, seed: int = 7, n_docs: int | None = None, days: int = 30
           ) -> tuple[list[MovementEvent], list[Route], dict[str, Document]]:
    """A random but reproducible corpus of ``n_events`` events with routes and documents.

    Mixes families, corridors, stated/inferred/missing dates, air and land, origin-less events
    (markers), unresolved destinations and negated events. Stated days are spread over
    ``days`` days from 2024-11-25 (more days -> fewer events per leg, more legs).
    """
    rng = random.Random(seed)
    n_docs = n_docs or max(1, n_events // 4)
    docs = {}
    for i in range(n_docs):
        doc_id = f"doc{i:05d}.txt"
        docs[doc_id] = document(doc_id, rng.choice(_OUTLETS), title=f"Report {i}",
                                url=f"https://example.org/{i}", published="2024-12-10")
    doc_ids = sorted(docs)
    corridors = sorted(_CORRIDORS)
    base = dt.date(2024, 11, 25)
    events, routes = [], []
    for i in range(n_events):
        family, group = rng.choice(_FAMILIES)
        corridor = rng.choice(corridors)
        origins, dests, mode = _CORRIDORS[corridor]
        r = rng.random()
        if r < 0.6:
            day = base + dt.timedelta(days=rng.randrange(days))
            date = span(day.isoformat(), precision="day")
        elif r < 0.75:
            date = span("2024-12-01", "2024-12-31", "month", text="December")
        elif r < 0.9:
            date = span("2024-12-10", precision="day", inferred=True, text="")
        else:
            date = None
        ev = event(
            f"ev{i:06d}", rng.choice(doc_ids), dest=rng.choice(dests),
            origin=rng.choice(origins) if rng.random() < 0.8 else None,
            family=family, group=group, actor=f"{group} fighters", date=date,
            mode=mode if rng.random() < 0.5 else None, negated=rng.random() < 0.03,
            confidence=round(rng.uniform(0.3, 0.9), 2), dest_resolved=rng.random() > 0.02,
        )
        events.append(ev)
        routes.append(route(ev, corridor, approximate=rng.random() < 0.2))
    return events, routes, docs
