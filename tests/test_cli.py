"""``python -m geo`` in the shape other tools depend on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
PLACE_KEYS = {"doc", "mention", "start", "end", "name", "lat", "lon", "country", "kind"}
EVENT_KEYS = {"event_id", "doc", "actor", "actor_group", "action", "origin", "destination", "via",
              "date_start", "date_end", "date_precision", "date_text", "quote", "confidence"}


def geo(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_places_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("Fighters fled from Deir Ezzor to Zzyzxville.")
    out = geo("places", str(tmp_path), "--format", "jsonl")
    assert out.returncode == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert all(PLACE_KEYS <= set(r) for r in rows)
    by = {r["mention"]: r for r in rows}
    assert by["Deir Ezzor"]["name"] == "Deir ez-Zor" and by["Deir Ezzor"]["country"] == "SY"
    text = (tmp_path / "a.txt").read_text()
    assert text[by["Deir Ezzor"]["start"]:by["Deir Ezzor"]["end"]] == "Deir Ezzor"
    assert by["Zzyzxville"]["lat"] is None and by["Zzyzxville"]["lon"] is None


def test_events_jsonl_on_seeds():
    out = geo("events", "seeds", "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) > 20 and all(EVENT_KEYS <= set(r) for r in rows)
    quds = [r for r in rows if r["doc"].startswith("004") and r["actor_group"] == "Quds Force"]
    dests = {r["destination"]["name"] for r in quds if r["destination"]}
    assert {"Iraq", "Lebanon"} <= dests
    assert all(r["date_start"] == "2024-12-06" for r in quds if r["destination"]["name"] in
               ("Iraq", "Lebanon"))
    for r in rows:
        for p in [r["origin"], r["destination"], *r["via"]]:
            assert p is None or {"name", "lat", "lon", "country", "kind", "mention"} <= set(p)


def test_table_output_and_bad_files(tmp_path):
    (tmp_path / "ok.md").write_text("---\npublished: 2024-12-09\n---\nHezbollah fled to Lebanon.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    out = geo("events", str(tmp_path))
    assert out.returncode == 0
    assert "bad.txt" in out.stderr and "Lebanon" in out.stdout


def test_exit_code_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = geo("events", str(tmp_path / "empty.txt"), "--format", "jsonl")
    assert out.returncode != 0 and "empty.txt" in out.stderr


def test_export_geojson(tmp_path):
    target = tmp_path / "legs.geojson"
    out = geo("export", "seeds", "-o", str(target))
    assert out.returncode == 0, out.stderr
    data = json.loads(target.read_text())
    assert data["type"] == "FeatureCollection" and "crs" not in data and data["features"]


def test_a_bad_file_is_reported_once(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "ok.txt").write_text("Hezbollah fighters fled to Lebanon on 9 December 2024.")
    out = geo("events", str(tmp_path))
    assert out.returncode == 0 and out.stderr.count("bin.txt") == 1, out.stderr


def test_bench_prints_its_figures_for_either_corpus():
    from geo._bench import make_corpus
    from geo.sources import load_documents

    for corpus in ("all", "seeds"):
        out = geo("bench", "--docs", "4", "--size", "1500", "--corpus", corpus)
        assert out.returncode == 0, out.stderr
        assert "4 x ~1500 chars" in out.stdout and f"from the {corpus} corpus" in out.stdout
        for figure in ("documents/s", "MB/s", "gazetteer load", "peak memory"):
            assert figure in out.stdout
    # the seeds corpus is made of seed paragraphs only (place names aside)
    wordings = load_documents([ROOT / "tests" / "data" / "wordings"]).documents
    first_words = {p.split()[0] + " " + p.split()[1] for d in wordings
                   for p in d.text.split("\n") if len(p.strip()) > 80}
    seeds_text = "\n".join(d.text for d in load_documents([ROOT / "seeds"]).documents)
    only_wordings = {w for w in first_words if w not in seeds_text}
    assert only_wordings
    docs = make_corpus(30, 5000, corpus="seeds")
    assert not any(w in d.text for d in docs for w in only_wordings)
    assert any(w in d.text for d in make_corpus(30, 5000) for w in only_wordings)
