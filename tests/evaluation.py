"""Compare extracted events with a hand annotation (precision and recall).

An annotated event is found when an event of the same document, not negated, has an actor family
among the accepted ones, the annotated place in the annotated role (same gazetteer entry, or
within 30 km; a country matches only a country) and a date interval overlapping the annotated
one. Precision counts output events that match a required or optional annotation by document,
family and place in any role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from geo.gazetteer import load_gazetteer
from geo.models import Mention, MovementEvent
from geo.roads import haversine_km


def _same_place(m: Mention | None, want) -> bool:
    if m is None or m.place is None or want is None:
        return False
    p = m.place
    if want.kind == "country" or p.kind == "country":
        return want.kind == p.kind and want.country == p.country
    return p.place_id == want.place_id or haversine_km(p.lat, p.lon, want.lat, want.lon) <= 30


def _places(e: MovementEvent, role: str) -> list[Mention]:
    if role == "destination":
        return [e.destination] if e.destination else []
    if role == "origin":
        return [e.origin] if e.origin else []
    if role == "via":
        return list(e.via)
    return [m for m in (e.origin, e.destination, *e.via) if m]


def _date_ok(e: MovementEvent, want) -> bool:
    if not want:
        return True
    lo, hi = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in want)
    if e.date is None or e.date.start is None and e.date.end is None:
        return False
    s = e.date.start or dt.date.min
    t = e.date.end or dt.date.max
    return s <= hi and t >= lo


@dataclass
class Score:
    required: int = 0
    found: int = 0
    output: int = 0
    correct: int = 0
    misses: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    bad: list = field(default_factory=list)  # not_events that were output

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.output if self.output else 1.0

    def report(self) -> str:
        lines = [f"recall {self.recall:.2f} ({self.found}/{self.required}), "
                 f"precision {self.precision:.2f} ({self.correct}/{self.output})"]
        lines += [f"  MISS {m}" for m in self.misses]
        lines += [f"  WRONG {w}" for w in self.wrong]
        lines += [f"  NOT-EVENT OUTPUT {b}" for b in self.bad]
        return "\n".join(lines)


def evaluate(events: list[MovementEvent], annotation: Path) -> Score:
    gaz = load_gazetteer()
    spec = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    score = Score()
    counted = [e for e in events if not e.negated]

    def want_places(a):
        names = [a["place"], *(a.get("place_alt") or [])]
        out = [gaz.lookup(n) for n in names]
        assert out[0] is not None, f"annotation place not in gazetteer: {a['place']}"
        return [p for p in out if p is not None]

    def matches(e, a, role, check_date):
        wants = want_places(a)
        return (e.actor_family in a["families"]
                and any(_same_place(m, w) for m in _places(e, role) for w in wants)
                and (not check_date or _date_ok(e, a.get("date"))))

    for d in spec["docs"]:
        doc_events = [e for e in counted if e.doc == d["doc"]]
        used: set[str] = set()
        for a in d.get("events", []):
            score.required += 1
            hit = next((e for e in doc_events if e.event_id not in used
                        and matches(e, a, a["role"], True)), None)
            if hit is None:
                hit = next((e for e in doc_events if matches(e, a, a["role"], True)), None)
            if hit is not None:
                used.add(hit.event_id)
                score.found += 1
            else:
                score.misses.append(f"{d['doc']}: {a['families'][0]} {a['role']} {a['place']} "
                                    f"{a.get('date')} «{a.get('quote_contains')}»")
        accept = d.get("events", []) + (d.get("optional") or [])
        for e in doc_events:
            score.output += 1
            if any(matches(e, a, "any", False) for a in accept):
                score.correct += 1
            else:
                dest = e.destination.text if e.destination else None
                org = e.origin.text if e.origin else None
                score.wrong.append(f"{e.doc}: {e.actor_family} {e.action} {org}->{dest} "
                                   f"via {[v.text for v in e.via]} «{e.quote[:90]}»")
        for n in d.get("not_events") or []:
            for e in doc_events:
                if n["quote_contains"] in e.quote and not any(
                        matches(e, a, "any", False) for a in accept):
                    score.bad.append(f"{e.doc}: {n['quote_contains']} ({n['why']})")
    return score
