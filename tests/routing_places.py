"""Hand-made places and events shared by the routing tests (coordinates as a gazetteer gives)."""

from __future__ import annotations

import datetime as dt

from geo.models import DateSpan, Mention, MovementEvent, Place

DEIR = Place("p:deir", "Deir ez-Zor", 35.336, 40.141, "SY", "city")
QAIM = Place("p:qaim", "Al-Qaim", 34.393, 40.989, "IQ", "town")
BUKAMAL = Place("p:bukamal", "Al-Bukamal", 34.452, 40.919, "SY", "town")
QUSAYR = Place("p:qusayr", "Al-Qusayr", 34.508, 36.580, "SY", "town")
HOMS = Place("p:homs", "Homs", 34.724, 36.726, "SY", "city")
DAMASCUS = Place("p:dam", "Damascus", 33.510, 36.291, "SY", "city")
DAM_AIRPORT = Place("p:osdi", "Damascus International Airport", 33.4115, 36.5156, "SY",
                    "airport")
HMEIMIM = Place("p:hmm", "Hmeimim", 35.401, 35.949, "SY", "airbase")
TEHRAN = Place("p:teh", "Tehran", 35.694, 51.422, "IR", "city")
BAGHDAD = Place("p:bgd", "Baghdad", 33.341, 44.401, "IQ", "city")
QAMISHLI = Place("p:qam", "Qamishli", 37.052, 41.231, "SY", "city")
MOSUL = Place("p:mos", "Mosul", 36.335, 43.119, "IQ", "city")
LATAKIA = Place("p:lat", "Latakia", 35.531, 35.791, "SY", "city")
BEIRUT = Place("p:bey", "Beirut", 33.893, 35.502, "LB", "city")
LEBANON = Place("c:LB", "Lebanon", 33.9, 35.9, "LB", "country")
IRAQ = Place("c:IQ", "Iraq", 33.0, 43.7, "IQ", "country")
SYRIA = Place("c:SY", "Syria", 35.0, 38.5, "SY", "country")
EAST_SYRIA = Place("r:east", "eastern Syria", 35.0, 40.0, "SY", "region")
FAR_AWAY = Place("p:far", "Desert Post", 31.0, 39.0, "SA", "other")


def mention(place: Place | None, text: str | None = None) -> Mention:
    """A mention of ``place`` (unresolved when None)."""
    return Mention("doc", text or (place.name if place else "Nowhere"), 0, 1, place)


def event(eid: str, origin: Place | None, dest: Place | None, *, action: str = "withdraw",
          via: tuple[Place, ...] = (), family: str | None = "IRGC", day: int | None = None,
          mode: str | None = None, quote: str = "", doc: str = "doc") -> MovementEvent:
    """A movement event built by hand (``day`` of December 2024, or undated)."""
    date = DateSpan(dt.date(2024, 12, day), dt.date(2024, 12, day), "day") if day else None
    return MovementEvent(
        event_id=eid, doc=doc, actor="forces", actor_group=family, actor_family=family,
        action=action, origin=mention(origin) if origin else None,
        destination=mention(dest) if dest else None, via=tuple(mention(p) for p in via),
        date=date, quote=quote, mode=mode)
