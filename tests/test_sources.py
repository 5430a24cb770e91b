"""Tests for geo.sources: files and folders -> Documents, metadata, and reported problems."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.sources import (
    InputProblem,
    decode_text,
    document_from_text,
    load_documents,
    normalize_published,
)

DOCS = Path(__file__).parent / "data" / "docs"
SEEDS = Path(__file__).parent.parent / "seeds"
GOOD = "Hezbollah fighters crossed into Lebanon near Qusayr.\n"


def _by_id(result):
    return {d.doc_id: d for d in result.documents}


# --- seeds and fixtures ---------------------------------------------------------------------

def test_seeds_load_with_csv_metadata():
    result = load_documents([SEEDS])
    assert result.problems == []
    docs = _by_id(result)
    assert len(docs) == 5
    assert list(docs) == sorted(docs)
    assert docs["004_49b39aa7bf53ae8a.txt"].published == "2024-12-07"
    assert docs["001_931ee20c5fcb0f4a.txt"].published == "2025-03"
    assert docs["000_acd811fd0ccfa807.txt"].outlet == "Noon Post"
    assert docs["000_acd811fd0ccfa807.txt"].url == "https://www.noonpost.com/en/363318/"
    assert docs["002_968d7c1b8077c187.txt"].title is None
    assert docs["002_968d7c1b8077c187.txt"].published is None
    raw = (SEEDS / "003_ac1a161263efe4cb.txt").read_text(encoding="utf-8")
    assert docs["003_ac1a161263efe4cb.txt"].text == raw


def test_fixture_folder_front_matter_beats_csv_field_by_field():
    docs = _by_id(load_documents([DOCS]))
    report = docs["report.md"]
    assert report.title == "Guards leave Damascus"  # front matter
    assert report.published == "2024-12-08"  # front matter (a YAML date) over the CSV month
    assert report.outlet == "CSV Outlet"  # only in the CSV
    assert report.url == "https://example.org/report"
    assert report.text.startswith("# Guards leave Damascus")
    assert "---" not in report.text and "tags:" not in report.text
    assert report.path.endswith("report.md")


def test_fixture_folder_ids_unique_and_other_extensions_skipped():
    result = load_documents([DOCS])
    ids = [d.doc_id for d in result.documents]
    assert result.problems == []
    assert ids == ["nested/report.md", "page.html", "report.md"]  # sorted; json, csv skipped
    nested = _by_id(result)["nested/report.md"]
    assert nested.title == "Nested title"  # row keyed by relative path in the parent's CSV


def test_duplicate_names_get_relative_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(f"{sub}: {GOOD}", encoding="utf-8")
    ids = [d.doc_id for d in load_documents([tmp_path / "a", tmp_path / "b"]).documents]
    assert ids == ["a/same.txt", "b/same.txt"]


def test_same_file_twice_is_read_once(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD, encoding="utf-8")
    result = load_documents([tmp_path, tmp_path / "x.txt"])
    assert [d.doc_id for d in result.documents] == ["x.txt"]


def test_html_text_extraction():
    page = _by_id(load_documents([DOCS / "page.html"]))["page.html"]
    assert "Hezbollah left Qusayr" not in page.text  # script content dropped
    assert "color" not in page.text  # style dropped
    assert "Enable JavaScript" not in page.text  # noscript dropped
    assert "The page shows <script> as literal text." in page.text  # escaped entity kept
    assert "Al-Bukamal to Al-Qaim & beyond." in page.text  # &nbsp; and &amp; unescaped
    assert "First item\nSecond item" in page.text  # block elements -> line breaks
    assert page.title == "Convoy reaches Al-Qaim | Example News"  # <title> as metadata
    assert page.outlet == "Page Outlet" and page.published == "2024-12-09"  # from the CSV


def test_html_meta_tags_and_csv_title_precedence(tmp_path):
    (tmp_path / "a.htm").write_text(
        '<html><head><title>Page title</title>'
        '<meta property="og:site_name" content="Meta Outlet">'
        '<meta property="article:published_time" content="2024-12-10T08:00:00+00:00">'
        "</head><body><div>Line one</div><div>Line two</div></body></html>", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,title\na.htm,CSV title\n", encoding="utf-8")
    doc = _by_id(load_documents([tmp_path]))["a.htm"]
    assert (doc.title, doc.outlet, doc.published) == ("CSV title", "Meta Outlet", "2024-12-10")
    assert doc.text == "Line one\nLine two"


# --- problems -------------------------------------------------------------------------------

BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "latin1": ("Les milices se sont retirées de Deir ez-Zor.".encode("latin-1"), "UTF-8"),
    "empty": (b"", "empty"),
    "blank": (b"  \n\t\n", "empty"),
    "bad_yaml": (b"---\ntitle: [unclosed\npublished: 2024\n---\nText.\n", "front matter"),
    "bad_published": (b"---\npublished: 7 December 2024\n---\nText.\n", "published"),
    "bad_day": (b"---\npublished: 2024-02-30\n---\nText.\n", "published"),
    "only_front": (b"---\ntitle: x\n---\n\n", "no text"),
    "not_mapping": (b"---\n- a\n- b\n---\nText.\n", "front matter"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gives_one_problem_and_good_files_load(tmp_path, kind, caplog):
    data, reason = BAD_FILES[kind]
    bad = tmp_path / f"{kind}.txt"
    bad.write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "z_good.md").write_text(GOOD, encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="geo.sources"):
        result = load_documents([tmp_path])
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.path == str(bad)
    assert f"{kind}.txt" in problem.message and reason in problem.message
    # returned to the caller, who reports it; logged only at debug level (never twice)
    assert f"{kind}.txt" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    ids = [d.doc_id for d in result.documents]
    assert "good.txt" in ids and "z_good.md" in ids
    if kind.startswith("bad_published") or kind == "bad_day":
        assert _by_id(result)[f"{kind}.txt"].published is None  # kept, date left unknown


def test_bad_published_falls_back_to_csv(tmp_path):
    (tmp_path / "a.txt").write_text("---\npublished: soon\n---\nText.\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,published\na.txt,2024-12\n", encoding="utf-8")
    result = load_documents([tmp_path])
    assert _by_id(result)["a.txt"].published == "2024-12"
    assert len(result.problems) == 1 and "soon" in result.problems[0].message


def test_missing_path_and_unsupported_extension(tmp_path):
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    result = load_documents([tmp_path / "nope", tmp_path / "table.xlsx", tmp_path / "ok.txt"])
    assert [d.doc_id for d in result.documents] == ["ok.txt"]
    messages = [p.message for p in result.problems]
    assert "nope" in messages[0] and "no such file" in messages[0]
    assert "table.xlsx" in messages[1] and "unsupported" in messages[1]


@pytest.mark.parametrize(
    ("csv_text", "expected", "problem"),
    [
        ("file,outlet\na.txt,Only Outlet\n", {"outlet": "Only Outlet", "title": None}, None),
        ("file\na.txt\n", {"outlet": None}, None),
        ("name,outlet\na.txt,X\n", {"outlet": None}, "no 'file' column"),
        ("file,outlet\na.txt,X,extra,more\n", {"outlet": None}, "row 2"),
        ("file,outlet,published\na.txt,X,December\n", {"outlet": "X", "published": None},
         "December"),
        ("file,outlet\n,X\na.txt,Y\n", {"outlet": "Y"}, "no file name"),
        ("file,title,outlet,url,published\na.txt,T\n", {"title": "T", "url": None}, None),
    ],
)
def test_sources_csv_variants(tmp_path, csv_text, expected, problem):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sources.csv").write_text(csv_text, encoding="utf-8")
    result = load_documents([tmp_path])
    doc = _by_id(result)["a.txt"]
    for key, value in expected.items():
        assert getattr(doc, key) == value
    if problem is None:
        assert result.problems == []
    else:
        assert len(result.problems) == 1
        assert "sources.csv" in result.problems[0].message
        assert problem in result.problems[0].message


# --- decoding and single texts --------------------------------------------------------------

@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Fatemiyoun – Zainebiyoun\r\n".encode(),
        "Fatemiyoun – Zainebiyoun\n".encode("utf-16"),
        "Fatemiyoun – Zainebiyoun\n".encode("utf-32"),
    ],
)
def test_decode_text_accepts_boms(data):
    assert decode_text(data, "x.txt") == "Fatemiyoun – Zainebiyoun\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("Zainebiyoun".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"\x00\x01\x02abc", "binary"),
        (bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10 + b"text", "binary"),
        ("café".encode("cp1252"), "not UTF-8"),
    ],
)
def test_decode_text_refuses(data, reason):
    with pytest.raises(InputError, match=reason) as info:
        decode_text(data, "upload.txt")
    assert "upload.txt" in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024", "2024"), ("2024-12", "2024-12"), ("2024-12-07", "2024-12-07"), (2024, "2024"),
     (dt.date(2024, 12, 7), "2024-12-07"), (dt.datetime(2024, 12, 7, 9, 30), "2024-12-07"),
     ("2024-12-07T09:30:00+00:00", "2024-12-07"), ("", None), (None, None)],
)
def test_normalize_published(value, expected):
    assert normalize_published(value, "f") == expected


@pytest.mark.parametrize("value", ["2024-13", "24-12-07", "07/12/2024", "2024-12-7", True, 3.5])
def test_normalize_published_refuses(value):
    with pytest.raises(InputError, match="f.md"):
        normalize_published(value, "f.md")


def test_document_from_text_front_matter_and_defaults():
    doc = document_from_text("---\ntitle: From text\n---\nBody here.\n", "paste.md",
                             title="Default", outlet="Given", published="2024-12")
    assert (doc.doc_id, doc.text, doc.title, doc.outlet, doc.published) == (
        "paste.md", "Body here.\n", "From text", "Given", "2024-12")


def test_document_from_text_html_by_extension():
    doc = document_from_text("<p>Quds Force</p><script>x</script>", "up.HTML")
    assert doc.text == "Quds Force"
    plain = document_from_text("<p>Quds Force</p>", "up.txt")
    assert plain.text == "<p>Quds Force</p>"


@pytest.mark.parametrize(
    ("text", "kwargs", "reason"),
    [("  \n", {}, "empty"), ("---\na: [\n---\nx\n", {}, "front matter"),
     ("Text", {"published": "Dec 2024"}, "published"),
     ("---\npublished: 2024-99\n---\nx\n", {}, "published")],
)
def test_document_from_text_errors(text, kwargs, reason):
    with pytest.raises(InputError, match=reason) as info:
        document_from_text(text, "pasted.txt", **kwargs)
    assert "pasted.txt" in str(info.value)


def test_unclosed_front_matter_is_text():
    doc = document_from_text("---\nNot front matter after all.\n", "a.md")
    assert doc.text.startswith("---")


def test_unreadable_file_is_reported(tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can read files without permission")
    path = tmp_path / "locked.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    result = load_documents([path])
    assert result.documents == []
    assert result.problems == [InputProblem(str(path), result.problems[0].message)]
    assert "locked.txt" in result.problems[0].message
