"""Wire the stages: documents -> places, actors, dates -> events -> routes -> legs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.config import Settings
from geo.models import Document, Mention, MovementEvent, Route
from geo.sources import InputProblem, load_documents

log = logging.getLogger(__name__)

#: progress callback: (documents done, documents in all, current document id)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What one document yields before routing."""

    document: Document
    mentions: tuple[Mention, ...]
    events: tuple[MovementEvent, ...]


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, including what could not be read or resolved."""

    documents: tuple[Document, ...]
    problems: tuple[InputProblem, ...]
    mentions: tuple[Mention, ...]
    events: tuple[MovementEvent, ...]  # counted events only (no negated/hypothetical ones)
    uncounted: tuple[MovementEvent, ...] = ()  # negated or hypothetical statements
    routes: tuple[Route, ...] = ()
    legs: tuple = ()
    settings: Settings = field(default_factory=Settings)

    @property
    def unresolved(self) -> tuple[Mention, ...]:
        """Place mentions that no gazetteer entry (or geocoder) resolved."""
        return tuple(m for m in self.mentions if m.place is None)

    def places_gdf(self):
        from geo.frames import places_frame

        return places_frame(self.mentions)

    def events_gdf(self):
        from geo.frames import events_frame

        return events_frame(self.events, self.routes)

    def legs_gdf(self):
        from geo.frames import legs_frame

        return legs_frame(self.legs)


def read_document(doc: Document, *, settings: Settings | None = None,
                  geocoder=None) -> DocumentReading:
    """Find the places, actors and dates of one document and read its movement events."""
    from geo.actors import find_actors
    from geo.dates import context_date, find_dates
    from geo.events import extract_events
    from geo.places import find_places

    text = doc.text
    actors = find_actors(text)
    dates = find_dates(text, published=doc.published)
    exclude = [(a.start, a.end) for a in actors if a.kind != "reference"]
    exclude += [(d.char_start, d.char_end) for d in dates if d.char_start >= 0]
    mentions = find_places(text, doc.doc_id, exclude=exclude, geocoder=geocoder)
    context = context_date(text, dates, published=doc.published)
    events = extract_events(doc, mentions=mentions, actors=actors, dates=dates, context=context)
    return DocumentReading(doc, tuple(mentions), tuple(events))


def _geocoder(settings: Settings):
    if not settings.geopy_enabled:
        return None
    from geo.geocode import make_geocoder

    return make_geocoder(settings)


def run_documents(documents: Sequence[Document], *, settings: Settings | None = None,
                  problems: Iterable[InputProblem] = (), progress: Progress | None = None,
                  route: bool = True) -> RunResult:
    """Run the pipeline on documents already loaded.

    A document that fails in a stage is reported as a problem; the others go on.
    """
    settings = settings or Settings()
    geocoder = _geocoder(settings)
    problems = list(problems)
    readings: list[DocumentReading] = []
    for i, doc in enumerate(documents):
        try:
            readings.append(read_document(doc, settings=settings, geocoder=geocoder))
        except Exception as e:  # one broken document never stops the others
            log.exception("%s: failed while reading events", doc.doc_id)
            problems.append(InputProblem(doc.path or doc.doc_id,
                                         f"{doc.doc_id}: could not be processed: {e}"))
        if progress is not None:
            progress(i + 1, len(documents), doc.doc_id)
    docs = tuple(r.document for r in readings)
    mentions = tuple(m for r in readings for m in r.mentions)
    all_events = [e for r in readings for e in r.events]
    counted = tuple(e for e in all_events if not e.negated)
    uncounted = tuple(e for e in all_events if e.negated)
    routes: tuple[Route, ...] = ()
    legs: tuple = ()
    if route and counted:
        from geo.legs import merge_legs
        from geo.roads import load_road_graph
        from geo.routes import route_events

        graph = load_road_graph(settings.roads_path)
        routes = tuple(route_events(counted, graph=graph))
        legs = tuple(merge_legs(counted, routes, {d.doc_id: d for d in docs}))
    return RunResult(docs, tuple(problems), mentions, counted, uncounted, routes, legs, settings)


def run(paths: Iterable[str | Path], *, settings: Settings | None = None,
        progress: Progress | None = None, route: bool = True) -> RunResult:
    """Read files and folders and run every stage.

    Parameters
    ----------
    paths
        Files (``.txt``, ``.md``, ``.html``) and folders of them.
    settings
        Run options (geopy fallback, user road network); defaults to :class:`Settings`.
    progress
        Called after each document.
    route
        Build routes and legs (off for the ``places``/``events`` commands).

    Returns
    -------
    RunResult
        Documents, problems (files that could not be read, each named), mentions (resolved and
        unresolved), counted and uncounted events, routes and legs.
    """
    loaded = load_documents(paths)
    return run_documents(loaded.documents, settings=settings, problems=loaded.problems,
                         progress=progress, route=route)
