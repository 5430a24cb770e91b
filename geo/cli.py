"""Command line: ``python -m geo places|events|export|bench``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.config import Settings
from geo.errors import GeoError
from geo.models import Mention, MovementEvent

log = logging.getLogger("geo")


def place_object(m: Mention | None) -> dict | None:
    """A mention as the CLI's place object ``{name, lat, lon, country, kind, mention}``."""
    if m is None:
        return None
    p = m.place
    return {
        "name": p.name if p else m.text,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "country": p.country if p else None,
        "kind": p.kind if p else None,
        "mention": m.text,
    }


def place_record(m: Mention) -> dict:
    p = m.place
    return {
        "doc": m.doc, "mention": m.text, "start": m.start, "end": m.end,
        "name": p.name if p else None, "lat": p.lat if p else None,
        "lon": p.lon if p else None, "country": p.country if p else None,
        "kind": p.kind if p else None,
    }


def event_record(e: MovementEvent) -> dict:
    d = e.date
    return {
        "event_id": e.event_id,
        "doc": e.doc,
        "actor": e.actor,
        "actor_group": e.actor_group,
        "action": e.action,
        "origin": place_object(e.origin),
        "destination": place_object(e.destination),
        "via": [place_object(v) for v in e.via],
        "date_start": d.start.isoformat() if d and d.start else None,
        "date_end": d.end.isoformat() if d and d.end else None,
        "date_precision": d.precision if d else None,
        "date_text": d.text if d else None,
        "quote": e.quote,
        "confidence": e.confidence,
        # extras (additive; the keys above are the stable interface)
        "actor_family": e.actor_family,
        "mode": e.mode,
        "negated": e.negated,
        "date_inferred": bool(d and d.inferred),
        "quote_start": e.quote_start,
        "quote_end": e.quote_end,
        "notes": list(e.notes),
    }


def _table(rows: list[dict], columns: Sequence[tuple[str, int]]) -> str:
    def cell(v, w):
        s = "" if v is None else str(v)
        return (s[: w - 1] + "…") if len(s) > w else s.ljust(w)

    lines = ["  ".join(cell(c, w) for c, w in columns)]
    lines.append("  ".join("-" * w for _, w in columns))
    for r in rows:
        lines.append("  ".join(cell(r.get(c), w) for c, w in columns))
    return "\n".join(lines)


def _settings(args) -> Settings:
    return Settings(
        geopy_enabled=args.geopy,
        geopy_user_agent=args.user_agent,
        roads_path=Path(args.roads) if getattr(args, "roads", None) else None,
    )


def _report_problems(result) -> None:
    for p in result.problems:
        print(f"error: {p.message}", file=sys.stderr)


def _cmd_places(args) -> int:
    from geo.pipeline import run

    result = run(args.paths, settings=_settings(args), route=False)
    _report_problems(result)
    rows = [place_record(m) for m in result.mentions]
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        print(_table(rows, [("doc", 26), ("mention", 24), ("start", 6), ("name", 28),
                            ("lat", 9), ("lon", 9), ("country", 7), ("kind", 9)]))
        n_unres = len(result.unresolved)
        print(f"\n{len(rows)} mentions in {len(result.documents)} documents, "
              f"{n_unres} unresolved", file=sys.stderr)
    return 0 if result.documents else 1


def _cmd_events(args) -> int:
    from geo.pipeline import run

    result = run(args.paths, settings=_settings(args), route=False)
    _report_problems(result)
    events = list(result.events) + (list(result.uncounted) if args.all else [])
    events.sort(key=lambda e: (e.doc, e.quote_start, e.event_id))
    rows = [event_record(e) for e in events]
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        flat = []
        for r in rows:
            flat.append({
                **r,
                "origin": (r["origin"] or {}).get("name"),
                "destination": (r["destination"] or {}).get("name"),
                "via": " > ".join(v["name"] for v in r["via"]),
                "dates": f"{r['date_start'] or '?'}..{r['date_end'] or '?'} "
                         f"({r['date_precision'] or '-'})",
            })
        print(_table(flat, [("doc", 22), ("actor_group", 18), ("action", 10), ("origin", 16),
                            ("via", 18), ("destination", 18), ("dates", 32),
                            ("confidence", 5), ("negated", 5)]))
        print(f"\n{len(result.events)} events ({len(result.uncounted)} negated or "
              f"hypothetical not counted) in {len(result.documents)} documents", file=sys.stderr)
    return 0 if result.documents else 1


def _cmd_export(args) -> int:
    from geo.export import write_frame
    from geo.pipeline import run

    result = run(args.paths, settings=_settings(args))
    _report_problems(result)
    if not result.documents:
        return 1
    gdf = {"legs": result.legs_gdf, "events": result.events_gdf,
           "places": result.places_gdf}[args.layer]()
    write_frame(gdf, Path(args.output))
    print(f"wrote {len(gdf)} {args.layer} to {args.output}", file=sys.stderr)
    return 0


def _cmd_bench(args) -> int:
    from geo._bench import main as bench_main

    return bench_main(args)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    p.add_argument("-v", "--verbose", action="count", default=0)
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("paths", nargs="+", help="files (.txt .md .html) or folders")
        sp.add_argument("--geopy", action="store_true",
                        help="look up names the gazetteer lacks online (off by default)")
        sp.add_argument("--user-agent", help="user agent for the online geocoder")

    sp = sub.add_parser("places", help="every place mention, resolved or not")
    common(sp)
    sp.add_argument("--format", choices=["table", "jsonl"], default="table")
    sp.set_defaults(func=_cmd_places)

    sp = sub.add_parser("events", help="movement events")
    common(sp)
    sp.add_argument("--format", choices=["table", "jsonl"], default="table")
    sp.add_argument("--all", action="store_true",
                    help="also print negated and hypothetical statements (marked)")
    sp.set_defaults(func=_cmd_events)

    sp = sub.add_parser("export", help="write legs, events or places as GeoJSON/CSV/GPKG/Parquet")
    common(sp)
    sp.add_argument("-o", "--output", required=True,
                    help="output file; format from the extension (.geojson .csv .gpkg .parquet)")
    sp.add_argument("--layer", choices=["legs", "events", "places"], default="legs")
    sp.add_argument("--roads", help="route on this OpenStreetMap extract (.osm or .osm.pbf)")
    sp.set_defaults(func=_cmd_export)

    sp = sub.add_parser("bench", help="pipeline throughput benchmark")
    sp.add_argument("--docs", type=int, default=2000, help="number of documents")
    sp.add_argument("--size", type=int, default=5000, help="document size in characters")
    sp.add_argument("--corpus", choices=("all", "seeds"), default="all",
                    help="paragraphs to build the documents from: the seeds and the evaluation "
                         "texts of tests/data/wordings (all, the default; about twice as many "
                         "movements per paragraph as news texts), or the seed texts alone")
    sp.set_defaults(func=_cmd_bench)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * args.verbose,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except GeoError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
