"""Benchmark: route 10,000 movement events on the embedded road graph, on one core.

Prints events/s, the path-cache hit rate and the share of each route kind. Target: 10,000
events in under 5 s (issue 3). The events are synthetic but shaped like the real ones: random
origin/destination pairs among the graph's towns and a few off-graph places, with air legs,
country-only destinations, destination-only events (markers and inferred starts) and via points.

    .venv/bin/python bench/bench_routes.py [N]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.models import DateSpan, Mention, MovementEvent, Place  # noqa: E402
from geo.roads import load_road_graph  # noqa: E402
from geo.routes import route_events, router_for  # noqa: E402

FAMILIES = ["IRGC", "Hezbollah", "PMF", "Fatemiyoun", "Zainebiyoun"]
COUNTRIES = [Place("c:LB", "Lebanon", 33.9, 35.9, "LB", "country"),
             Place("c:IQ", "Iraq", 33.0, 43.7, "IQ", "country"),
             Place("c:IR", "Iran", 32.0, 53.0, "IR", "country")]
REGIONS = [Place("r:east", "eastern Syria", 35.0, 40.0, "SY", "region"),
           Place("r:badia", "Syrian Desert", 34.0, 38.5, "SY", "region")]


def make_events(n: int, seed: int = 1) -> list[MovementEvent]:
    """``n`` synthetic events over the embedded graph's places."""
    rng = random.Random(seed)
    graph = load_road_graph()
    towns = [Place(str(k), d["name"], d["lat"], d["lon"], d["country"], d["kind"])
             for k, d in graph.nodes(data=True) if d["country"] in ("SY", "LB", "IQ")]
    towns = rng.sample(towns, 60)  # a corpus names a limited set of places
    # places near but off the graph (villages), snapped to their nearest node
    towns += [Place(f"v{i}", f"Village {i}", t.lat + rng.uniform(-0.2, 0.2),
                    t.lon + rng.uniform(-0.2, 0.2), t.country, "village")
              for i, t in enumerate(rng.sample(towns, 20))]
    events = []
    for i in range(n):
        r = rng.random()
        origin: Place | None = rng.choice(towns)
        dest: Place = rng.choice(towns)
        via: tuple[Place, ...] = ()
        action, mode = rng.choice(["withdraw", "flee", "redeploy", "move"]), None
        if r < 0.10:
            dest, mode = rng.choice(COUNTRIES), None
        elif r < 0.20:
            dest, action = Place("p:teh", "Tehran", 35.694, 51.422, "IR", "city"), "fly"
        elif r < 0.35:
            origin = None
        elif r < 0.40:
            origin = rng.choice(REGIONS)
        elif r < 0.50:
            via = (rng.choice(towns),)
        date = DateSpan(dt.date(2024, 12, 1) + dt.timedelta(days=rng.randrange(30)), None,
                        "day")
        family = rng.choice(FAMILIES)
        events.append(MovementEvent(
            event_id=f"e{i}", doc=f"doc{i % 50}", actor=family, actor_group=family,
            actor_family=family, action=action,
            origin=Mention("d", origin.name, 0, 1, origin) if origin else None,
            destination=Mention("d", dest.name, 0, 1, dest),
            via=tuple(Mention("d", p.name, 0, 1, p) for p in via), date=date, mode=mode,
            quote_start=i, quote_end=i + 1))
    return events


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    events = make_events(n)
    graph = load_road_graph()
    route_events(events[:1], graph=graph)  # load the corridor rules
    router = router_for(graph)
    router.hits = router.misses = 0
    t0 = time.perf_counter()
    routes = route_events(events, graph=graph)
    cold = time.perf_counter() - t0
    hits, misses = router.hits, router.misses
    t0 = time.perf_counter()
    route_events(events, graph=graph)
    warm = time.perf_counter() - t0
    kinds = Counter(r.kind for r in routes)
    corridors = Counter(r.corridor for r in routes)
    lookups = hits + misses
    out = sys.stdout
    out.write(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges\n")
    out.write(f"{n} events, first run: {cold:.2f} s = {n / cold:,.0f} events/s "
              f"(path cache hit rate {hits / max(lookups, 1):.1%} of {lookups} look-ups)\n")
    out.write(f"{n} events, warm caches: {warm:.2f} s = {n / warm:,.0f} events/s\n")
    out.write(f"route kinds: {dict(kinds)}\n")
    out.write(f"corridors: {dict(corridors)}\n")
    out.write(f"inferred starts: {sum(r.inferred for r in routes)}, "
              f"approximate: {sum(r.approximate for r in routes)}\n")


if __name__ == "__main__":
    main()
