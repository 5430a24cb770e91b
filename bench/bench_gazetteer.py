"""Gazetteer load time, lookup speed and toponym-finder speed (prints figures).

Run: ``.venv/bin/python bench/bench_gazetteer.py [repeats]``.

The load time is measured in fresh subprocesses (cold: the module cache and the data file are
loaded from scratch) because :func:`geo.gazetteer.load_gazetteer` is cached in-process.
Target: loaded in under 0.5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import GAZETTEER_FILE, load_gazetteer  # noqa: E402
from geo.places import find_places  # noqa: E402

_COLD = ("import time; t=time.perf_counter(); from geo.gazetteer import load_gazetteer; "
         "t1=time.perf_counter(); g=load_gazetteer(); t2=time.perf_counter(); "
         "print(t2-t1, t2-t)")
NAMES = ["Deir ez-Zor", "Der az-Zour", "Al-Bukamal", "Khmeimim", "Sweida", "Lattakia",
         "Qusair", "Palmyra", "Lebanon", "Hmeimim airbase", "Damascus airport", "Rif Dimashq",
         "Xyzzyqwert", "Al-Tanf", "Homs province"]


def cold_load(runs: int = 7) -> tuple[list[float], list[float]]:
    """(load-only, import+load) seconds, each in a fresh interpreter."""
    load, total = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        load.append(float(out[0]))
        total.append(float(out[1]))
    return load, total


def main(repeats: int = 50) -> None:
    path = ROOT / "data" / GAZETTEER_FILE
    load, total = cold_load()
    gaz = load_gazetteer()
    print(f"gazetteer file: {path.stat().st_size / 1024:.0f} KB, {len(gaz)} places, "
          f"{gaz.key_count} name keys")
    print(f"cold load_gazetteer(), median of {len(load)} fresh processes: "
          f"{statistics.median(load) * 1000:.0f} ms (max {max(load) * 1000:.0f} ms; "
          f"target < 500 ms); with importing geo: {statistics.median(total) * 1000:.0f} ms")

    t0 = time.perf_counter()
    gaz.fuzzy("Khmeimeem air base")
    print(f"first fuzzy lookup (builds the regional pool): "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    t0 = time.perf_counter()
    for _ in range(repeats):
        for n in NAMES:
            gaz.lookup(n)
    dt = (time.perf_counter() - t0) / (repeats * len(NAMES))
    print(f"lookup (exact/folded/fuzzy mix): {dt * 1e6:.0f} µs per name")

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    n_chars = sum(map(len, texts))
    t0 = time.perf_counter()
    mentions = 0
    for _ in range(max(1, repeats // 5)):
        for t in texts:
            mentions += len(find_places(t, "bench"))
    dt = (time.perf_counter() - t0) / max(1, repeats // 5)
    print(f"find_places on the {len(texts)} seed texts ({n_chars / 1000:.0f} k chars): "
          f"{dt * 1000:.0f} ms per pass, {dt / n_chars * 5000 * 1000:.1f} ms per 5 KB, "
          f"{mentions // max(1, repeats // 5)} mentions")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
