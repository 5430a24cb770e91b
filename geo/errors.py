"""Exception hierarchy: every error raised by geo derives from :class:`GeoError`."""

from __future__ import annotations


class GeoError(Exception):
    """Base for all geo errors."""


class InputError(GeoError, ValueError):
    """A document, folder or metadata file that cannot be read or parsed."""


class GazetteerError(GeoError):
    """The embedded gazetteer is missing or malformed."""


class GeocodingError(GeoError):
    """The optional online geocoder failed (wraps geopy errors)."""


class RoutingError(GeoError):
    """A road network cannot be loaded or a route cannot be built."""


class ExportError(GeoError):
    """An export could not be written."""
