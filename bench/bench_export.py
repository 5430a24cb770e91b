"""Benchmark: synthetic events + routes -> merge_legs -> frames -> exports.

Usage::

    .venv/bin/python bench/bench_export.py [--events 10000] [--repeat 3] [--days 30] [--all-formats]

Prints the median seconds of each stage, events per second and file sizes. Target: the
GeoJSON export of 10,000 events under 2 s on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import corpus  # noqa: E402

from geo.export import write_frame  # noqa: E402
from geo.frames import events_frame, legs_frame  # noqa: E402
from geo.legs import merge_legs  # noqa: E402


def _timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--days", type=int, default=30,
                        help="spread of the stated dates (more days -> more, smaller legs)")
    parser.add_argument("--all-formats", action="store_true",
                        help="also time CSV, GeoPackage and GeoParquet")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    events, routes, docs = corpus(args.events, days=args.days)
    print(f"synthetic corpus: {len(events)} events, {len(docs)} documents "
          f"({time.perf_counter() - t0:.2f} s to build)")

    t_merge, legs = _timed(lambda: merge_legs(events, routes, docs), args.repeat)
    t_legs_gdf, legs_gdf = _timed(lambda: legs_frame(legs), args.repeat)
    t_events_gdf, events_gdf = _timed(lambda: events_frame(events, routes), args.repeat)
    print(f"merge_legs      {t_merge:7.3f} s  -> {len(legs)} legs "
          f"({len(events) / t_merge:,.0f} events/s)")
    print(f"legs_frame      {t_legs_gdf:7.3f} s")
    print(f"events_frame    {t_events_gdf:7.3f} s")

    exts = [".geojson"] + ([".csv", ".gpkg", ".parquet"] if args.all_formats else [])
    with tempfile.TemporaryDirectory() as tmp:
        for ext in exts:
            for name, gdf in (("events", events_gdf), ("legs", legs_gdf)):
                path = Path(tmp) / f"{name}{ext}"
                t, _ = _timed(lambda gdf=gdf, path=path: write_frame(gdf, path), args.repeat)
                size = path.stat().st_size / 1e6
                print(f"write {name:6s}{ext:9s}{t:7.3f} s  {size:6.2f} MB  "
                      f"({len(gdf):,} rows, {len(gdf) / t:,.0f} rows/s)")
                if ext == ".geojson" and name == "events":
                    t_events_geojson = t
                if ext == ".geojson" and name == "legs":
                    t_legs_geojson = t
    total = t_merge + t_legs_gdf + t_events_gdf + t_events_geojson + t_legs_geojson
    print(f"total merge + frames + GeoJSON (events and legs): {total:.3f} s "
          f"({len(events) / total:,.0f} events/s)")
    verdict = "OK" if t_events_geojson + t_legs_geojson < 2.0 else "SLOW"
    print(f"GeoJSON export {t_events_geojson + t_legs_geojson:.3f} s (target < 2 s): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
