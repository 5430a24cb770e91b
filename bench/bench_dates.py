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
    n_chars = sum(map(len, texts)) * repeats
    t0 = time.perf_counter()
    n_spans = 0
    for _ in range(repeats):
        for t in texts:
            spans = find_dates(t, published="2024-12-07")
            context_date(t, spans, published="2024-12-07")
            n_spans += len(spans)
    dt = time.perf_counter() - t0
    docs = repeats * len(texts)
    print(f"find_dates+context_date: {docs} documents, {n_chars / 1e6:.1f} M chars, "
          f"{n_spans} spans in {dt:.2f} s")
    print(f"  {1000 * dt / docs:.3f} ms/document (mean {n_chars / docs / 1000:.1f} KB), "
          f"{1000 * dt / (n_chars / 5000):.3f} ms per 5 KB, {docs / dt:.0f} documents/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
