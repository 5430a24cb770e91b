"""Run-time settings, passed explicitly to the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Folder of the embedded data files (gazetteer, actors, roads, corridors, boundaries).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Settings:
    """Options for a pipeline run.

    Parameters
    ----------
    data_dir
        Folder holding the embedded data files.
    geopy_enabled
        Use the online geopy fallback for names the gazetteer lacks. Off by default.
    geopy_user_agent
        User agent sent to the geocoding service; required when ``geopy_enabled``.
    geopy_domain, geopy_scheme
        Nominatim host and scheme (tests point these at a local stand-in).
    geopy_min_delay
        Seconds between two online requests (rate limit).
    cache_dir
        Folder of the on-disk geocoding cache.
    roads_path
        Optional user-supplied road network (``.osm`` or ``.osm.pbf``) used instead of
        the embedded road graph.
    """

    data_dir: Path = DATA_DIR
    geopy_enabled: bool = False
    geopy_user_agent: str | None = None
    geopy_domain: str = "nominatim.openstreetmap.org"
    geopy_scheme: str = "https"
    geopy_min_delay: float = 1.0
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "geo")
    roads_path: Path | None = None

    def __post_init__(self) -> None:
        if self.geopy_enabled and not self.geopy_user_agent:
            raise ValueError("geopy_enabled needs a geopy_user_agent")
        if self.geopy_min_delay < 0:
            raise ValueError("geopy_min_delay must be >= 0")
