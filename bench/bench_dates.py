"""Speed of geo.dates.find_dates on the seed texts (prints ms per document and per 5 KB).

Run: ``.venv/bin/python bench/bench_dates.py [repeats]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.dates import context_date, find_dates  # noqa: E402


def main(repeats: int = 200) -> None:
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    find_dates(texts[0], published="2024-12-07")  # compile the regexes, load the anchors
    docs = repeats * len(texts)
    n_chars = sum(map(len, texts)) * repeats
    rounds = []  # (wall, cpu) per round; the best round is the least disturbed by other load
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeats):
            for t in texts:
                context_date(t, find_dates(t, published="2024-12-07"), published="2024-12-07")
        rounds.append((time.perf_counter() - t0, time.process_time() - c0))
    wall, cpu = min(rounds)
    print(f"find_dates+context_date: {docs} documents x 5 rounds, "
          f"{n_chars / docs / 1000:.1f} KB mean document")
    print(f"  best round: {1000 * wall / docs:.3f} ms/document wall, "
          f"{1000 * cpu / docs:.3f} ms/document CPU, "
          f"{1000 * cpu / (n_chars / 5000):.3f} ms CPU per 5 KB, {docs / wall:.0f} documents/s")

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
