"""Read input files and folders into :class:`~geo.models.Document` records.

Inputs are ``.txt``, ``.md`` (kept as text) and ``.html``/``.htm`` files (reduced to their
text), named directly or found in folders (recursively, in sorted order). Metadata comes from
YAML front matter at the top of a text file, from a ``sources.csv`` beside the files (columns
``file,title,outlet,url,published``; any may be missing but ``file``), and, for HTML, from the
page's ``<title>`` and ``<meta>`` tags; front matter wins field by field, then the CSV, then the
page. A file that cannot be used is reported as an :class:`InputProblem` naming the file and
the reason, and the other files are still read.

``Document.text`` is final once built: every character span found later indexes it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo._html import html_to_text
from geo._textfile import (
    FIELDS,
    decode_text,
    front_fields,
    newlines,
    normalize_published,
    split_front_matter,
)
from geo.errors import InputError
from geo.models import Document

__all__ = ["EXTENSIONS", "FIELDS", "METADATA_FILE", "InputProblem", "LoadResult", "decode_text",
           "document_from_text", "load_documents", "normalize_published"]

logger = logging.getLogger(__name__)

#: Supported extensions and how each is read.
EXTENSIONS = {".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html"}
#: Name of the per-folder metadata table.
METADATA_FILE = "sources.csv"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A file (or metadata row) that could not be used, and why."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The documents read and the problems met, both in input order."""

    documents: list[Document]
    problems: list[InputProblem]


def document_from_text(
    text: str,
    name: str,
    *,
    published: str | dt.date | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Document:
    """Build a document from an uploaded or pasted text.

    HTML is recognised by the extension of ``name`` (``.html``/``.htm``); other texts may start
    with YAML front matter, which is removed from the text. The keyword metadata fills the
    fields the text itself does not give (front matter wins, as over ``sources.csv``).

    Parameters
    ----------
    text
        The content.
    name
        File name; becomes ``doc_id`` and is used in error messages.
    published, title, outlet, url
        Metadata defaults.

    Returns
    -------
    Document

    Raises
    ------
    InputError
        If the text is empty, its front matter is malformed or a ``published`` value is bad.
    """
    defaults = {"title": title, "outlet": outlet, "url": url,
                "published": normalize_published(published, name)}
    document, problems = _build(newlines(text), name, doc_id=name, path="", defaults=defaults)
    if problems:
        raise InputError(problems[0])
    return document


def load_documents(paths: Iterable[str | Path]) -> LoadResult:
    """Read files and folders into documents, reporting the files that cannot be used.

    Parameters
    ----------
    paths
        Files and folders. Folders are searched recursively in sorted order for supported
        files; other files there are skipped silently (``sources.csv`` is read as metadata).

    Returns
    -------
    LoadResult
        The documents, in input order, and one :class:`InputProblem` per unusable file or
        metadata row. A document whose ``published`` value is bad is kept without it (the
        problem is still reported).

    Examples
    --------
    >>> result = load_documents(["seeds"])  # doctest: +SKIP
    >>> [d.doc_id for d in result.documents][:1]  # doctest: +SKIP
    ['000_acd811fd0ccfa807.txt']
    """
    problems: list[InputProblem] = []
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend((file, path) for file in _walk(path, problems))
        elif path.is_file():
            if path.suffix.lower() in EXTENSIONS:
                found.append((path, path.parent))
            else:
                kinds = ", ".join(sorted(EXTENSIONS))
                _report(problems, path, f"unsupported file type {path.suffix or '(none)'!r} "
                        f"(expected one of {kinds})")
        else:
            _report(problems, path, "no such file or folder")
    files: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for file, root in found:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            files.append((file, root))
    tables: dict[Path, dict[str, dict[str, str]]] = {}
    documents: list[Document] = []
    for (file, root), doc_id in zip(files, _unique_ids([f for f, _ in files]), strict=True):
        defaults = _csv_defaults(file, root, tables, problems)
        try:
            text = decode_text(file.read_bytes(), str(file))
            document, soft = _build(text, str(file), doc_id=doc_id, path=str(file),
                                    defaults=defaults)
        except OSError as e:
            _report(problems, file, f"cannot be read ({e.strerror or e})")
            continue
        except InputError as e:
            _problem(problems, file, str(e))
            continue
        for message in soft:
            _problem(problems, file, message)
        documents.append(document)
    logger.info("read %d documents, %d problems", len(documents), len(problems))
    return LoadResult(documents=documents, problems=problems)


def _build(
    text: str, name: str, *, doc_id: str, path: str, defaults: Mapping[str, str | None]
) -> tuple[Document, list[str]]:
    """Make the document; return it with the soft problems (bad metadata values)."""
    soft: list[str] = []
    own: dict[str, str] = {}
    page: dict[str, str] = {}
    if not text.strip():
        raise InputError(f"{name}: empty file")
    if Path(name).suffix.lower() in (".html", ".htm"):
        extracted = html_to_text(text)
        body = extracted.text
        if not body.strip():
            raise InputError(f"{name}: no readable text in the HTML")
        for key, value in extracted.meta.items():
            if key == "published":
                try:
                    value = normalize_published(value, name) or ""
                except InputError:
                    logger.debug("%s: ignoring page date %r", name, value)
                    continue
            page[key] = value
    else:
        front, body = split_front_matter(text, name)
        if not body.strip():
            raise InputError(f"{name}: no text after the front matter")
        own, soft = front_fields(front, name)
    meta = {key: own.get(key) or defaults.get(key) or page.get(key) or None for key in FIELDS}
    return Document(doc_id=doc_id, text=body, path=path, **meta), soft


def _csv_defaults(
    file: Path, root: Path, tables: dict[Path, dict[str, dict[str, str]]],
    problems: list[InputProblem],
) -> dict[str, str]:
    """Metadata for ``file`` from the nearest ``sources.csv`` (its folder, then up to root)."""
    folder = file.parent
    while True:
        if folder not in tables:
            tables[folder] = _read_table(folder / METADATA_FILE, problems)
        row = tables[folder].get(file.relative_to(folder).as_posix())
        if row is not None:
            return row
        if folder == root or folder.parent == folder or root not in folder.parents:
            return {}
        folder = folder.parent


def _read_table(path: Path, problems: list[InputProblem]) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    try:
        text = decode_text(path.read_bytes(), str(path))
    except OSError as e:
        _report(problems, path, f"cannot be read ({e.strerror or e})")
        return {}
    except InputError as e:
        problems.append(InputProblem(str(path), str(e)))
        return {}
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if not header:
        return {}
    if "file" not in header:
        _report(problems, path, f"no 'file' column (columns: {', '.join(header)}); "
                f"expected file,{','.join(FIELDS)}")
        return {}
    table: dict[str, dict[str, str]] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            _report(problems, path, f"row {line} has {len(row)} fields but the header has "
                    f"{len(header)}; row ignored")
            continue
        record = dict(zip(header, (cell.strip() for cell in row), strict=False))
        name = record.get("file", "")
        if not name:
            _report(problems, path, f"row {line} has no file name; row ignored")
            continue
        meta = {key: record[key] for key in FIELDS if record.get(key)}
        if "published" in meta:
            try:
                meta["published"] = normalize_published(meta["published"], f"row {line}")
            except InputError as e:
                _report(problems, path, f"{e} (for {name}; the date is left unknown)")
                del meta["published"]
        if name in table:
            _report(problems, path, f"row {line} repeats {name}; the first row is used")
            continue
        table[name] = meta
    return table


def _walk(root: Path, problems: list[InputProblem]) -> list[Path]:
    """Supported files under ``root``, sorted by relative path; hidden entries skipped."""

    def failed(error: OSError) -> None:
        _report(problems, Path(error.filename or root), f"cannot be read ({error.strerror})")

    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        files.extend(base / n for n in names
                     if not n.startswith(".") and Path(n).suffix.lower() in EXTENSIONS)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _unique_ids(files: list[Path]) -> list[str]:
    """File names, or paths relative to their common folder where names repeat."""
    counts = Counter(f.name for f in files)
    clashing: dict[str, list[Path]] = {}
    for f in files:
        if counts[f.name] > 1:
            clashing.setdefault(f.name, []).append(f.resolve())
    ids: list[str] = []
    used: set[str] = set()
    for f in files:
        doc_id = f.name
        if counts[f.name] > 1:
            common = Path(os.path.commonpath([p.parent for p in clashing[f.name]]))
            doc_id = f.resolve().relative_to(common).as_posix()
        base, n = doc_id, 2
        while doc_id in used:
            doc_id, n = f"{base}#{n}", n + 1
        used.add(doc_id)
        ids.append(doc_id)
    return ids


def _report(problems: list[InputProblem], path: Path, reason: str) -> None:
    _problem(problems, path, f"{path}: {reason}")


def _problem(problems: list[InputProblem], path: Path, message: str) -> None:
    """Record a problem; the caller reports it (the CLI prints it, the app shows it), so it
    is only logged at debug level here, not printed twice."""
    problems.append(InputProblem(str(path), message))
    logger.debug("%s", message)
