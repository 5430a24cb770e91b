"""Records passed between the pipeline stages.

All records are frozen dataclasses validated on creation. Coordinates are named ``lat`` and
``lon`` (WGS 84, EPSG:4326); conversions to (lon, lat) order live in :mod:`geo.coords`.
Character spans are ``[start, end)`` offsets into :attr:`Document.text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Kinds of place in the gazetteer.
PLACE_KINDS = frozenset(
    {"city", "town", "village", "airport", "airbase", "crossing", "district", "region",
     "governorate", "country", "base", "port", "other"}
)
#: Date precisions, finest first.
DATE_PRECISIONS = ("day", "days", "week", "month", "season", "year", "years")
#: Movement actions.
ACTIONS = frozenset(
    {"withdraw", "flee", "evacuate", "fly", "cross", "redeploy", "advance", "transfer_equipment",
     "return", "move"}
)


def _check_span(start: int, end: int) -> None:
    if start < 0 or end < start:
        raise ValueError(f"bad character span [{start}, {end})")


@dataclass(frozen=True, slots=True)
class Document:
    """One input text with its metadata.

    ``doc_id`` is the file name (unique within a run); ``published`` is an ISO date or partial
    date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or None when unknown.
    """

    doc_id: str
    text: str
    path: str = ""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        if not self.doc_id:
            raise ValueError("Document needs a doc_id")

    @property
    def published_date(self) -> dt.date | None:
        """The publication day, or None when unknown or only a month or year is known."""
        if self.published and len(self.published) == 10:
            return dt.date.fromisoformat(self.published)
        return None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (or a geocoder result)."""

    place_id: str
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    population: int = 0
    source: str = "gazetteer"

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"{self.name}: coordinates out of range ({self.lat}, {self.lon})")
        if self.kind not in PLACE_KINDS:
            raise ValueError(f"{self.name}: unknown place kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym found in a document; ``place`` is None when it could not be resolved."""

    doc: str
    text: str
    start: int
    end: int
    place: Place | None = None

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)

    @property
    def resolved(self) -> bool:
        return self.place is not None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a document.

    ``group`` is the canonical name (e.g. "Quds Force"), ``family`` the top of its hierarchy
    (e.g. "IRGC"); ``tracked`` is False for actors that are recognised (so they are not read as
    places or pronoun antecedents) but whose movements the tool does not follow (e.g. rebels).
    ``kind`` is "name" for a proper name, "descriptor" for a generic phrase
    ("Iranian forces"), "reference" for anaphora ("they", "these units").
    """

    text: str
    start: int
    end: int
    group: str | None
    family: str | None
    tracked: bool = True
    kind: str = "name"

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date interval with a precision, as found in a text (or inferred).

    ``start``/``end`` are inclusive days; either may be None for open intervals.
    ``char_start``/``char_end`` locate ``text`` in the document (-1 when inferred).
    """

    start: dt.date | None
    end: dt.date | None
    precision: str
    text: str = ""
    char_start: int = -1
    char_end: int = -1
    inferred: bool = False

    def __post_init__(self) -> None:
        if self.precision not in DATE_PRECISIONS:
            raise ValueError(f"unknown date precision {self.precision!r}")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"date interval ends before it starts: {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class MovementEvent:
    """A movement stated in a document: who moved, from where, via where, to where, when."""

    event_id: str
    doc: str
    actor: str
    actor_group: str | None
    actor_family: str | None
    action: str
    origin: Mention | None
    destination: Mention | None
    via: tuple[Mention, ...] = ()
    date: DateSpan | None = None
    quote: str = ""
    quote_start: int = 0
    quote_end: int = 0
    confidence: float = 0.5
    mode: str | None = None  # "air", "land" or None when the text does not say
    negated: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be within [0, 1]")
        if self.mode not in (None, "air", "land"):
            raise ValueError(f"unknown mode {self.mode!r}")
        _check_span(self.quote_start, self.quote_end)


@dataclass(frozen=True, slots=True)
class Route:
    """The drawn geometry of one movement event.

    ``geometry`` is a shapely geometry in (lon, lat) order, EPSG:4326: a LineString along roads
    or a geodesic arc, or a Point (an arrival marker) when the start is unknown.
    ``kind`` is "road", "air", "straight" (no road known; always ``approximate``) or "marker".
    ``approximate``: part of the geometry is guessed (an end that is only a country, a missing
    road). ``inferred``: the start comes from the actor's last known location in an earlier
    event, not from the sentence.
    """

    event_id: str
    geometry: object  # shapely.geometry.base.BaseGeometry
    kind: str
    corridor: str
    start: Place | None = None
    end: Place | None = None
    approximate: bool = False
    inferred: bool = False
    length_km: float = 0.0
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ("road", "air", "straight", "marker"):
            raise ValueError(f"unknown route kind {self.kind!r}")
