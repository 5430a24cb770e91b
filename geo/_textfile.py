"""Decoding text files, publication dates and YAML front matter (private to geo.sources)."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import Any

import yaml

from geo.errors import InputError

logger = logging.getLogger(__name__)

#: Metadata fields, in the order of the CSV columns.
FIELDS = ("title", "outlet", "url", "published")
#: Other front matter keys accepted as synonyms.
_SYNONYMS = {"date": "published", "pubdate": "published", "published_at": "published",
             "publisher": "outlet", "source": "outlet", "site": "outlet", "link": "url"}

_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_FRONT_OPEN = re.compile(r"---[ \t]*\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML loader that keeps timestamps as text (so a bad date is reported, not raised)."""


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of a text file, refusing binary data and unknown encodings.

    UTF-8 (with or without a byte-order mark) is expected; UTF-16 and UTF-32 are accepted when
    they start with a byte-order mark. Line endings become ``\\n``.

    Parameters
    ----------
    data
        The raw file content.
    name
        File name used in error messages.

    Returns
    -------
    str
        The decoded text.

    Raises
    ------
    InputError
        If the data looks binary or is not valid UTF-8; the message names the file.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        sample = data[:8192]
        if b"\x00" in sample:
            if sample.count(b"\x00") * 3 > len(sample):
                hint = "it looks like UTF-16 without a byte-order mark; save it as UTF-8"
                raise InputError(f"{name}: not UTF-8 text ({hint})")
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if looks_binary(data[:8192].decode("latin-1")):
            raise InputError(f"{name}: binary file, not text") from e
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}; perhaps "
            "Latin-1 or Windows-1252): save it as UTF-8"
        ) from e
    if looks_binary(text[:8192]):
        raise InputError(f"{name}: binary file (mostly control characters), not text")
    return newlines(text)


def normalize_published(value: Any, name: str) -> str | None:
    """Return a publication date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (None if empty).

    Accepts those strings, ISO date-times (the day is kept), :class:`datetime.date` values
    (as YAML parses them) and a bare year number.

    Raises
    ------
    InputError
        If the value is not a valid date of those forms; the message names ``name``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip() if isinstance(value, (str, int)) and value is not True else ""
    match = _PUBLISHED.fullmatch(text)
    try:
        if match:
            year, month, day = match.groups()
            dt.date(int(year), int(month or 1), int(day or 1))  # validates month and day
            return text
        if len(text) > 10 and text[4:5] == "-":
            return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    raise InputError(
        f"{name}: published {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
    )


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (``---`` on the first line) from the text."""
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return {}, text
    closing = _FRONT_CLOSE.search(text, opening.end())
    if not closing:
        logger.warning("%s: starts with '---' but the front matter is never closed; "
                       "reading it as text", name)
        return {}, text
    block = text[opening.end():closing.start()]
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        reason = getattr(e, "problem", None) or type(e).__name__
        raise InputError(f"{name}: malformed front matter YAML{line} ({reason})") from e
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{name}: front matter is not a list of 'key: value' lines")
    return data, text[closing.end():]


def front_fields(front: Mapping[Any, Any], name: str) -> tuple[dict[str, str], list[str]]:
    fields: dict[str, str] = {}
    soft: list[str] = []
    for raw_key, value in front.items():
        key = str(raw_key).strip().lower()
        key = _SYNONYMS.get(key, key)
        if key not in FIELDS:
            logger.debug("%s: ignoring front matter key %r", name, raw_key)
            continue
        if value is None or key in fields:
            continue
        if key == "published":
            try:
                published = normalize_published(value, name)
            except InputError as e:
                soft.append(f"{e} (in the front matter; the date is left unknown)")
                continue
            if published:
                fields[key] = published
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            if str(value).strip():
                fields[key] = str(value).strip()
        else:
            soft.append(f"{name}: front matter {key!r} must be text, not {type(value).__name__}")
    return fields, soft


def looks_binary(sample: str) -> bool:
    return bool(sample) and len(_CONTROL.findall(sample)) * 20 > len(sample)


def newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
