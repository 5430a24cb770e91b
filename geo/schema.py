"""CRS and column names of the GeoDataFrames that the map and every export share.

Three frames, all in :data:`CRS` (EPSG:4326, lon/lat):

places (Point)
    one row per resolved place, with the number of mentions.
events (Point at the destination, or LineString route)
    one row per movement event.
legs (LineString / MultiLineString, or Point for an arrival with no known start)
    one row per merged movement, with every source that reports it.

List-valued fields (sources, quotes, places reported) are stored as JSON text so that every
format (GeoJSON, CSV, GeoPackage, GeoParquet) round-trips them unchanged.
"""

from __future__ import annotations

CRS = "EPSG:4326"
GEOMETRY = "geometry"

# shared
DOC = "doc"
ACTOR = "actor"
ACTOR_GROUP = "actor_group"
ACTOR_FAMILY = "actor_family"
ACTION = "action"
MODE = "mode"  # air | land | ""
ORIGIN = "origin"  # place name or ""
DESTINATION = "destination"
VIA = "via"  # place names joined by " > "
DATE_START = "date_start"  # ISO YYYY-MM-DD or None
DATE_END = "date_end"
DATE_PRECISION = "date_precision"
DATE_TEXT = "date_text"
DATE_INFERRED = "date_inferred"
QUOTE = "quote"
CONFIDENCE = "confidence"
CORRIDOR = "corridor"
APPROXIMATE = "approximate"  # geometry partly guessed (country-only end, no road known)
INFERRED = "inferred"  # start taken from an earlier event, not stated
NEGATED = "negated"

# places frame
PLACE_ID = "place_id"
NAME = "name"
COUNTRY = "country"
KIND = "kind"
MENTIONS = "mentions"
DOCS = "docs"  # JSON list of doc ids

# events frame
EVENT_ID = "event_id"
ROUTE_KIND = "route_kind"  # road | air | straight | marker

# legs frame
LEG_ID = "leg_id"
EVENT_IDS = "event_ids"  # JSON list
GEO_PRECISION = "geo_precision"  # exact | town | region | country
TIME_PRECISION = "time_precision"  # day | days | month | ... (coarsest of the merged events)
N_SOURCES = "n_sources"  # independent outlets
N_DOCS = "n_docs"
SOURCES = "sources"  # JSON list of {doc, outlet, title, url, published, quote, date_text}
ACTORS = "actors"  # JSON list of actor strings as written
DESTINATIONS_REPORTED = "destinations_reported"  # JSON list: disagreements stay visible
DATES_REPORTED = "dates_reported"  # JSON list of "start/end" strings
LENGTH_KM = "length_km"

# legs frame, appended by the export helper (issue 3)
ACTIONS = "actions"  # JSON list of distinct actions; ACTION holds the most reported one
QUOTES = "quotes"  # JSON list: the quote of every source, in source order
OUTLETS = "outlets"  # JSON list of distinct outlets (documents without one are left out)
