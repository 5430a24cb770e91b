"""Tests for geo.actors: the actor catalog and actor mentions in texts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geo.actors import ActorCatalogError, find_actors, load_actor_catalog
from geo.errors import GeoError
from geo.sources import load_documents

SEEDS = Path(__file__).parent.parent / "seeds"


def _one(text: str):
    mentions = find_actors(text)
    assert len(mentions) == 1, [(m.text, m.group) for m in mentions]
    return mentions[0]


def _groups(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.group) for m in find_actors(text)]


# --- names and spellings --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("IRGC", "IRGC"),
        ("Islamic Revolutionary Guards Corps", "IRGC"),
        ("Revolutionary Guard", "IRGC"),
        ("Sepah", "IRGC"),
        ("Quds Force", "Quds Force"),
        ("Quds Forces", "Quds Force"),
        ("al-Quds Force", "Quds Force"),
        ("Qods Force", "Quds Force"),
        ("IRGC-QF", "Quds Force"),
        ("IRGC Quds Force", "Quds Force"),
        ("Hezbollah", "Hezbollah"),
        ("Hizbollah", "Hezbollah"),
        ("Hizballah", "Hezbollah"),
        ("Hizbullah", "Hezbollah"),
        ("Lebanese Hezbollah", "Hezbollah"),
        ("Radwan Force", "Radwan Force"),
        ("al-Ridwan unit", "Radwan Force"),
        ("Popular Mobilisation Units", "Iraqi PMF"),
        ("Hashd al-Shaabi", "Iraqi PMF"),
        ("al-Hashd al-Sha’abi", "Iraqi PMF"),
        ("PMU", "Iraqi PMF"),
        ("Kata'ib Hizballah", "Kataib Hezbollah"),
        ("Kataeb Hezbollah", "Kataib Hezbollah"),
        ("Harakat Hezbollah al-Nujaba", "Nujaba"),
        ("al-Nujaba", "Nujaba"),
        ("Badr Organisation", "Badr Organization"),
        ("Asa’ib Ahl al-Haq", "Asaib Ahl al-Haq"),
        ("AAH", "Asaib Ahl al-Haq"),
        ("Kata'ib Sayyid al-Shuhada", "Kataib Sayyid al-Shuhada"),
        ("Liwa Fatemiyoun", "Fatemiyoun"),
        ("Fatimiyun Division", "Fatemiyoun"),
        ("Liwa al-Fatemiyoun brigade", "Fatemiyoun"),
        ("Zaynabiyoun", "Zainebiyoun"),
        ("Liwa Zainabiyoun", "Zainebiyoun"),
        ("Zainebiyoun Brigade", "Zainebiyoun"),
        ("Axis of Resistance", "Iran-backed forces"),
    ],
)
def test_name_spellings(text, group):
    sentence = f"Reports said {text} withdrew overnight."
    mention = _one(sentence)
    assert mention.group == group
    assert mention.text == text  # exact span
    assert sentence[mention.start:mention.end] == text
    assert mention.kind == "name"
    assert mention.tracked is True


@pytest.mark.parametrize(
    ("text", "span", "group"),
    [
        ("Hezbollah's fighters left", "Hezbollah's fighters", "Hezbollah"),
        ("Hezbollah’s arsenal was hit", "Hezbollah", "Hezbollah"),
        ("the IRGC’s bases", "IRGC", "IRGC"),
        ("members of the IRGC’s Quds Force", "members of the IRGC’s Quds Force", "Quds Force"),
        ("Iran’s powerful Quds Forces left", "Iran’s powerful Quds Forces", "Quds Force"),
        ("Two top generals of Iran’s Quds forces fled", "top generals of Iran’s Quds forces",
         "Quds Force"),
        ("top commanders of Iran's Quds Force", "top commanders of Iran's Quds Force",
         "Quds Force"),
        ("Hezbollah's elite Radwan Unit", "Hezbollah's elite Radwan Unit", "Radwan Force"),
        ("Iran-backed Popular Mobilization Forces crossed",
         "Iran-backed Popular Mobilization Forces", "Iraqi PMF"),
        ("Iran's Revolutionary Guards left", "Iran's Revolutionary Guards", "IRGC"),
        ("while HTS-led rebels took Hama", "HTS-led rebels", "Syrian opposition"),
        ("Members of Lebanon's Hezbollah withdrew", "Members of Lebanon's Hezbollah",
         "Hezbollah"),
    ],
)
def test_possessives_and_adjectives(text, span, group):
    mention = find_actors(text)[0]
    assert (mention.text, mention.group) == (span, group)
    assert text[mention.start:mention.end] == span


# --- descriptors ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "span", "group"),
    [
        ("Iranian forces withdrew", "Iranian forces", "Iranian military"),
        ("thousands of Iranian troops", "Iranian troops", "Iranian military"),
        ("Iranian military personnel", "Iranian military personnel", "Iranian military"),
        ("the Iranian military advisers left", "Iranian military advisers", "Iranian military"),
        ("Iran-backed militias", "Iran-backed militias", "Iran-backed militias"),
        ("Iranian-backed militia fighters", "Iranian-backed militia fighters",
         "Iran-backed militias"),
        ("pro-Iranian militias", "pro-Iranian militias", "Iran-backed militias"),
        ("Tehran-backed groups", "Tehran-backed groups", "Iran-backed militias"),
        ("Iraqi militias", "Iraqi militias", "Iraqi PMF"),
        ("Iran-backed Iraqi fighters", "Iran-backed Iraqi fighters", "Iraqi PMF"),
        ("Afghan fighters", "Afghan fighters", "Fatemiyoun"),
        ("Pakistani fighters", "Pakistani fighters", "Zainebiyoun"),
        ("Lebanese fighters", "Lebanese fighters", "Hezbollah"),
        ("IRGC officers", "IRGC officers", "IRGC"),
        ("senior IRGC commanders", "senior IRGC commanders", "IRGC"),
        ("Guards personnel", "Guards personnel", "IRGC"),
        ("Quds Force units", "Quds Force units", "Quds Force"),
        ("Hashd units", "Hashd units", "Iraqi PMF"),
        ("Iranian diplomats", "Iranian diplomats", "Iranian diplomats"),
        ("embassy staff", "embassy staff", "Iranian diplomats"),
        ("Iranian diplomatic staff", "Iranian diplomatic staff", "Iranian diplomats"),
        ("Iranian civilians", "Iranian civilians", "Iranian civilians"),
        ("Iranian nationals", "Iranian nationals", "Iranian civilians"),
        ("some Iranians", "Iranians", "Iranians"),
    ],
)
def test_descriptors(text, span, group):
    mention = _one(text)
    assert (mention.text, mention.group, mention.kind) == (span, group, "descriptor")
    assert text[mention.start:mention.end] == span


def test_coordinated_nationalities_give_one_mention_each():
    text = "Afghan, Iraqi, Lebanese and Pakistani fighters fled."
    assert _groups(text) == [("Afghan", "Fatemiyoun"), ("Iraqi", "Iraqi PMF"),
                             ("Lebanese", "Hezbollah"), ("Pakistani fighters", "Zainebiyoun")]


def test_head_class_picks_the_group():
    assert _one("Iraqi forces closed the crossing").group == "Iraqi state"
    assert _one("Lebanese army troops deployed").group == "Lebanese state"
    assert _one("pro-Iranian Iraqi forces").group == "Iraqi PMF"


# --- hierarchy and catalog ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("group", "family"),
    [("Quds Force", "IRGC"), ("Radwan Force", "Hezbollah"), ("Nujaba", "Iraqi PMF"),
     ("Kataib Hezbollah", "Iraqi PMF"), ("Iranian military", "Iran-backed forces"),
     ("IRGC", "IRGC"), ("Iranian officials", "Iranian diplomats"), ("Nope", None)],
)
def test_family_of(group, family):
    assert load_actor_catalog().family_of(group) == family


def test_mentions_carry_family():
    mention = _one("Harakat al-Nujaba fighters crossed at Al-Qaim")
    assert (mention.group, mention.family) == ("Nujaba", "Iraqi PMF")


def test_catalog_families_homes_colours():
    catalog = load_actor_catalog()
    families = catalog.families()
    assert families[:5] == ["IRGC", "Hezbollah", "Iraqi PMF", "Fatemiyoun", "Zainebiyoun"]
    assert "Syrian government" not in families
    assert "Syrian government" in catalog.families(tracked_only=False)
    assert catalog.home_country("IRGC") == "IR"
    assert catalog.home_country("Quds Force") == "IR"  # inherited
    assert catalog.home_country("Hezbollah") == "LB"
    assert catalog.home_country("Iraqi PMF") == "IQ"
    assert catalog.home_country("Fatemiyoun") == "IR"
    assert catalog.origin_country("Fatemiyoun") == "AF"
    assert catalog.origin_country("Zainebiyoun") == "PK"
    assert catalog.home_country("Iran-backed forces") is None
    assert catalog.home_country("Iranian military") == "IR"  # group overrides its family
    colours = [catalog.colour(f) for f in families]
    assert len(set(colours)) == len(colours)
    assert all(c.startswith("#") and len(c) == 7 for c in colours)
    assert catalog.is_tracked("Nujaba") and not catalog.is_tracked("SDF")
    assert catalog.is_speaker("Sources") and not catalog.is_speaker("IRGC")
    assert set(catalog.members("Hezbollah")) == {"Hezbollah", "Radwan Force"}
    assert load_actor_catalog() is catalog  # cached


# --- untracked actors and references --------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "span", "family"),
    [
        ("the Syrian Arab Army retreated", "Syrian Arab Army", "Syrian government"),
        ("SAA troops", "SAA troops", "Syrian government"),
        ("regime forces", "regime forces", "Syrian government"),
        ("Assad's forces faltered", "Assad's forces", "Syrian government"),
        ("Bashar al-Assad fled", "Bashar al-Assad", "Syrian government"),
        ("the rebels advanced", "rebels", "Syrian opposition"),
        ("armed opposition groups", "armed opposition groups", "Syrian opposition"),
        ("Hay'at Tahrir al-Sham took Hama", "Hay'at Tahrir al-Sham", "Syrian opposition"),
        ("HTS fighters entered", "HTS fighters", "Syrian opposition"),
        ("the Free Syrian Army", "Free Syrian Army", "Syrian opposition"),
        ("Kurdish forces captured it", "Kurdish forces", "SDF"),
        ("the SDF held", "SDF", "SDF"),
        ("Russian troops left Hmeimim", "Russian troops", "Russia"),
        ("the IDF struck", "IDF", "Israel"),
        ("Israeli forces destroyed them", "Israeli forces", "Israel"),
        ("U.S. forces in Syria", "U.S. forces", "United States"),
        ("the Pentagon said", "Pentagon", "United States"),
        ("ISIS cells", "ISIS cells", "Islamic State"),
        ("Turkish forces", "Turkish forces", "Turkey"),
        ("Officials said", "Officials", "Sources"),
        ("Western diplomats said", "Western diplomats", "Sources"),
    ],
)
def test_untracked_actors(text, span, family):
    mention = _one(text)
    assert (mention.text, mention.family, mention.tracked) == (span, family, False)


@pytest.mark.parametrize(
    ("text", "span"),
    [("They left at night.", "They"), ("then they crossed", "they"),
     ("These units withdrew", "These units"), ("these groups", "these groups"),
     ("those fighters", "those fighters"), ("the militias fled", "the militias"),
     ("its forces", "its forces"), ("Others flew to Tehran", "Others"),
     ("senior advisers were evacuated", "senior advisers"),
     ("its military and political officials", "its military and political officials")],
)
def test_references(text, span):
    mention = _one(text)
    assert (mention.text, mention.kind, mention.group, mention.family) == (
        span, "reference", None, None)


# --- what must not match --------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Badreddine spoke in Beirut.",  # no match inside words
        "the badr moon",  # "=Badr": capitalised only
        "he told us forces were near",  # "US" is an acronym, "us" a pronoun
        "Bassel al-Assad International Airport",  # a place, not the president
        "Sepah News reported",  # an outlet, not the IRGC
        "border guards checked cars",
        "Iran and Israel exchanged strikes",  # bare countries stay places
        "Hezbollahland",
        "fighters",  # a bare head is no actor
        "the Islamic state of affairs",
    ],
)
def test_no_match(text):
    assert find_actors(text) == []


def test_sorted_non_overlapping_exact_spans_on_seeds():
    for doc in load_documents([SEEDS]).documents:
        mentions = find_actors(doc.text)
        assert mentions, doc.doc_id
        for a, b in zip(mentions, mentions[1:], strict=False):
            assert a.end <= b.start
        for m in mentions:
            assert doc.text[m.start:m.end] == m.text
            assert m.text == m.text.strip() and m.text
            assert not m.text.endswith(("'s", "’s")) or m.kind != "name"


def test_line_breaks_and_punctuation_break_phrases():
    assert _groups("Iranian.\nForces") == []
    assert _groups("Quds\nForce") == [("Quds\nForce", "Quds Force")]
    assert _groups("Quds\n\nForce") == []


# --- bad catalogs ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("groups: [\n", "not valid YAML"),
        ("groups: {}\n", "groups"),
        ("groups:\n  - name: A\n    colour: '#000000'\n", "tracked"),
        ("groups:\n  - name: A\n    tracked: true\n    colour: red\n", "colour"),
        ("groups:\n  - name: A\n    tracked: true\n    colour: '#000000'\n  - name: B\n"
         "    parent: C\n", "unknown parent"),
        ("groups:\n  - name: A\n    tracked: true\n    colour: '#000000'\n    home: Iran\n",
         "ISO"),
        ("groups:\n  - name: A\n    tracked: true\n    colour: '#000000'\n"
         "    aliases: ['(Quds Force']\n", "missing"),
        ("groups:\n  - name: A\n    tracked: true\n    colour: '#000000'\n"
         "affiliations:\n  - patterns: [x]\n    groups: {default: Nope}\n", "unknown group"),
    ],
)
def test_bad_catalog_is_reported_with_file_name(tmp_path, content, reason):
    path = tmp_path / "my_actors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorCatalogError, match=reason) as info:
        load_actor_catalog(path)
    assert "my_actors.yaml" in str(info.value)
    assert isinstance(info.value, GeoError)


def test_missing_catalog(tmp_path):
    with pytest.raises(ActorCatalogError, match="nope.yaml"):
        load_actor_catalog(tmp_path / "nope.yaml")


def test_custom_catalog_is_used(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "groups:\n  - name: Wagner\n    tracked: true\n    colour: '#123456'\n"
        "    home: RU\n    aliases: ['=Wagner[ Group]']\n", encoding="utf-8")
    catalog = load_actor_catalog(path)
    mentions = find_actors("The Wagner Group left; wagner did not.", catalog=catalog)
    assert [(m.text, m.group, m.family) for m in mentions] == [
        ("Wagner Group", "Wagner", "Wagner")]


def _phrases(node: dict, keys: tuple[str, ...]):
    """The key sequences of a trie from ``node`` (reached by ``keys``) to each phrase end."""
    for key, child in node.items():
        if key == "":
            yield keys
        else:
            yield from _phrases(child, (*keys, key))


def test_one_token_item_shortcut_agrees_with_the_tries():
    """``Matcher.short_items`` (a one-token item when the next word cannot continue one)
    gives what walking the tries gives: alone, before a break or another word, and at the
    start of every longer item phrase (in capitals: case checks pass)."""
    from geo._actor_match import _Doc
    from geo._actor_patterns import tokenize

    matcher = load_actor_catalog()._matcher
    walking = dataclasses.replace(matcher, short_items={})
    assert matcher.short_items
    for key in matcher.short_items:
        if tokenize(key).keys != [key]:
            continue  # a key that is no token of its own as written
        longer = {" ".join(k.capitalize() for k in phrase)
                  for trie in (matcher.names, matcher.affils, matcher.mods)
                  for phrase in _phrases(trie.root.get(key, {}), (key,))}
        for text in (key, f"{key}. Later", f"{key} qqzx", f"{key}-qqzx", *sorted(longer)):
            assert matcher._item(_Doc(tokenize(text)), 0) == \
                walking._item(_Doc(tokenize(text)), 0), text
