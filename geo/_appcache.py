"""What the app keeps on disk between server runs: results and rendered maps (no Streamlit).

A restarted server reads the pipeline's result, its popups and its compact drawing, and the
rendered base map from here instead of running the pipeline, folium and its templates again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The project folder (``geo/``, ``data/`` and ``app.py`` are part of every fingerprint).
ROOT = Path(__file__).resolve().parent.parent


def fingerprint(folder: str | None, synthetic: int, *versions: str) -> str:
    """A key that changes with any file of the corpus ``folder`` (size, mtime), the geo code,
    its data, ``app.py``, Python and the given library ``versions``.

    With ``folder`` None (or ``synthetic``), the corpus is left out."""
    h = hashlib.sha256("\0".join([str(synthetic), str(folder and Path(folder).resolve()),
                                  sys.version, *versions]).encode())
    trees = [(ROOT / "geo", "*.py"), (ROOT / "data", "*"), (ROOT / "app.py", "*")]
    if folder and not synthetic:
        trees.append((Path(folder), "*"))
    for root, pattern in trees:
        for path in sorted(root.rglob(pattern)) if root.is_dir() else [root]:
            if path.is_file() and not path.name.startswith(".") \
                    and "__pycache__" not in path.parts:
                stat = path.stat()
                h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


def disk_cached(folder: Path, key: str, compute: Callable[[], T], *, suffix: str = ".pickle",
                keep: int = 6) -> T:
    """``compute()``, kept as ``folder/<key><suffix>`` (recomputed if missing or unreadable).

    Only the ``keep`` most recently written files with this ``suffix`` are kept: each code or
    corpus change makes a new key. A folder that cannot be written is only logged.
    """
    target = folder / f"{key}{suffix}"
    try:
        with target.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a stale or truncated cache file is only recomputed
        logger.info("ignoring unreadable cache %s", target)
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        kept = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-(keep - 1)] if keep > 1 else kept:
            old.unlink(missing_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, target)
    except OSError as e:
        logger.warning("cannot write %s (%s)", target, e)
    return value


def served_file(folder: Path, prefix: str, body: bytes, url_prefix: str) -> str | None:
    """Write ``body`` once as ``folder/<prefix>-<hash>.json``; its URL, or None if the folder
    cannot be written (the caller then inlines the data)."""
    name = f"{prefix}-{hashlib.sha256(body).hexdigest()[:24]}.json"
    target = folder / name
    try:
        if not target.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(body)
            os.replace(tmp, target)
    except OSError as e:
        logger.warning("cannot write %s (%s); data inlined", target, e)
        return None
    return f"{url_prefix.rstrip('/')}/{name}"

