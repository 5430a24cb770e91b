"""``python -m geo bench``: pipeline throughput on a synthetic news corpus.

The corpus is made in memory from the paragraphs of the seed texts and, unless ``--corpus
seeds``, of the evaluation texts in ``tests/data/wordings`` when present (written to test
wordings, they state about twice as many movements per paragraph as the news texts). Paragraphs
are shuffled and place names swapped for spelling variants and other places of the region, so
that no two documents are the same. Prints documents/s, MB/s, gazetteer load time and peak
memory (one process, one core).
"""

from __future__ import annotations

import random
import re
import resource
import sys
import time
from pathlib import Path

from geo.models import Document

_ROOT = Path(__file__).resolve().parent.parent
_SWAPS = {
    "Al-Bukamal": ["Abu Kamal", "Albu Kamal", "Al Bukamal", "Al-Bukamal"],
    "Deir Ezzor": ["Deir ez-Zor", "Deir al-Zour", "Der az-Zour", "Deir Ezzor"],
    "Deir Ez-Zor": ["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"],
    "Al-Qaim": ["Al Qaim", "Qa'im", "al-Qa'im", "Al-Qaim"],
    "Hmeimim": ["Khmeimim", "Humaymim", "Hmeimim"],
    "Latakia": ["Lattakia", "Latakia", "Jableh", "Tartus"],
    "Qusayr": ["Al-Qusayr", "Qusair", "Hermel", "Qusayr"],
    "Damascus": ["Damascus", "Homs", "Hama", "Palmyra", "Aleppo"],
    "Tehran": ["Tehran", "Mashhad", "Isfahan"],
    "Lebanon": ["Lebanon", "Iraq", "Jordan"],
}


def _paragraphs(corpus: str = "all") -> list[str]:
    from geo.sources import load_documents

    paths = [_ROOT / "seeds"]
    if corpus == "all" and (_ROOT / "tests" / "data" / "wordings").is_dir():
        paths.append(_ROOT / "tests" / "data" / "wordings")
    docs = load_documents(paths).documents
    paras = [p.strip() for d in docs for p in d.text.split("\n") if len(p.strip()) > 80]
    if not paras:
        raise SystemExit("bench: no seed paragraphs found")
    return paras


def make_corpus(n_docs: int, size: int, seed: int = 7, corpus: str = "all") -> list[Document]:
    """``n_docs`` documents of about ``size`` characters each, from the paragraphs of
    ``corpus`` ("all" or "seeds", see the module docstring)."""
    rng = random.Random(seed)
    paras = _paragraphs(corpus)
    rx = re.compile("|".join(map(re.escape, sorted(_SWAPS, key=len, reverse=True))))
    docs = []
    for i in range(n_docs):
        parts, total = [], 0
        while total < size:
            p = rx.sub(lambda m: rng.choice(_SWAPS[m.group(0)]), rng.choice(paras))
            parts.append(p)
            total += len(p) + 2
        month = rng.choice(["2024-12-07", "2024-12-10", "2025-01-08", "2025-03", None])
        docs.append(Document(doc_id=f"bench-{i:05d}.txt", text="\n\n".join(parts)[:size],
                             published=month))
    return docs


def main(args) -> int:
    from geo.gazetteer import load_gazetteer
    from geo.pipeline import read_document

    t0 = time.perf_counter()
    load_gazetteer()
    t_gaz = time.perf_counter() - t0
    corpus = make_corpus(args.docs, args.size, corpus=getattr(args, "corpus", "all"))
    n_bytes = sum(len(d.text.encode("utf-8")) for d in corpus)
    read_document(corpus[0])  # warm the other lazy loads (actors, lexicon, anchors)
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = 0
    for d in corpus:
        n_events += len(read_document(d).events)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents        {len(corpus)} x ~{args.size} chars ({n_bytes / 1e6:.1f} MB), "
          f"from the {getattr(args, 'corpus', 'all')} corpus")
    print(f"gazetteer load   {t_gaz:.3f} s")
    print(f"pipeline         {dt:.2f} s, {len(corpus) / dt:.0f} documents/s, "
          f"{n_bytes / 1e6 / dt:.2f} MB/s (wall clock)")
    print(f"pipeline CPU     {cpu:.2f} s, {len(corpus) / cpu:.0f} documents/s "
          f"(CPU time of this process: the figure to trust on a shared machine)")
    print(f"events           {n_events} ({n_events / len(corpus):.1f} per document)")
    print(f"peak memory      {rss_mb:.0f} MB (max RSS)")
    sys.stdout.flush()
    return 0
