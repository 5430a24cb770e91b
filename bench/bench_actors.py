"""Benchmark geo.actors.find_actors: milliseconds per 5 KB document on one core.

Run: ``.venv/bin/python bench/bench_actors.py [repeats]``. The seed texts are cut into 5 KB
documents (the size the pipeline targets at 200 documents per second) and scanned repeatedly;
the script prints the median time per document and the throughput.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.actors import find_actors, load_actor_catalog  # noqa: E402
from geo.sources import load_documents  # noqa: E402


def main(repeats: int = 20) -> None:
    t0 = time.process_time()
    catalog = load_actor_catalog()
    load_ms = (time.process_time() - t0) * 1000
    text = "\n\n".join(d.text for d in load_documents([ROOT / "seeds"]).documents)
    docs = [text[i:i + 5000] for i in range(0, len(text) - 4999, 5000)]
    find_actors(docs[0], catalog=catalog)  # warm caches
    runs = []
    mentions = 0
    for _ in range(repeats):
        start = time.process_time()
        mentions = sum(len(find_actors(d, catalog=catalog)) for d in docs)
        runs.append((time.process_time() - start) * 1000 / len(docs))
    per_doc = statistics.median(runs)
    start = time.process_time()
    for _ in range(20):
        sum(range(100_000))
    calibration = (time.process_time() - start) * 1000 / 20
    print(f"catalog load+compile: {load_ms:.1f} ms")
    print(f"documents: {len(docs)} x 5000 chars, {mentions} mentions per pass, {repeats} passes")
    print(f"find_actors: {per_doc:.3f} ms/doc (median), best {min(runs):.3f} ms/doc, "
          f"{1000 / per_doc:.0f} docs/s")
    print(f"machine speed: sum(range(100_000)) takes {calibration:.2f} ms here "
          "(about 0.5-0.7 ms on a recent desktop core); CPU time, one core")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
