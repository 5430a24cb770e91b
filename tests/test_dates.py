"""Tests for geo.dates: explicit, relative, weekday and anchored dates, false positives, spans."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from geo import _date_patterns as P
from geo.dates import context_date, dates_in, find_dates, load_anchors, parse_published
from geo.errors import InputError
from geo.models import DATE_PRECISIONS

D = dt.date


def only(text: str, published: str | None = None):
    spans = find_dates(text, published=published)
    assert len(spans) == 1, [(s.text, s.start, s.end) for s in spans]
    return spans[0]


def check_spans(text: str, spans) -> None:
    for s in spans:
        assert text[s.char_start:s.char_end] == s.text
        assert s.precision in DATE_PRECISIONS
        assert not s.inferred
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.char_end <= b.char_start


# (sentence, published, expected span text, start, end, precision)
EXPLICIT = [
    ("The convoy left Homs on March 3, 2023, at dawn.", None, "March 3, 2023",
     D(2023, 3, 3), D(2023, 3, 3), "day"),
    ("Talks resumed on Sept. 14, 2022 in Geneva.", None, "Sept. 14, 2022",
     D(2022, 9, 14), D(2022, 9, 14), "day"),
    ("Officials met on 2 February 2025 in Baghdad.", None, "2 February 2025",
     D(2025, 2, 2), D(2025, 2, 2), "day"),
    ("Posted 09 January, 2025 by staff", None, "09 January, 2025",
     D(2025, 1, 9), D(2025, 1, 9), "day"),
    ("The report is dated 2023-07-19 and was leaked.", None, "2023-07-19",
     D(2023, 7, 19), D(2023, 7, 19), "day"),
    ("On the 21st of June 2019 the base was emptied.", None, "21st of June 2019",
     D(2019, 6, 21), D(2019, 6, 21), "day"),
    ("On Tuesday, April 2, 2024, a strike hit the consulate.", None,
     "Tuesday, April 2, 2024", D(2024, 4, 2), D(2024, 4, 2), "day"),
    ("Fighting raged 14-16 October 2023 near the border.", None, "14-16 October 2023",
     D(2023, 10, 14), D(2023, 10, 14 + 2), "days"),
    ("Fighting raged July 4–9, 2021 near the border.", None, "July 4–9, 2021",
     D(2021, 7, 4), D(2021, 7, 9), "days"),
    ("Flights stopped between 3 and 5 May 2022.", None, "between 3 and 5 May 2022",
     D(2022, 5, 3), D(2022, 5, 5), "days"),
    ("The siege lasted from 28 January to 2 March 2016.", None,
     "from 28 January to 2 March 2016", D(2016, 1, 28), D(2016, 3, 2), "days"),
    ("The audit covers April 1, 2023 - June 30, 2023 only.", None,
     "April 1, 2023 - June 30, 2023", D(2023, 4, 1), D(2023, 6, 30), "days"),
    ("Troops were rotated in June 2020.", None, "June 2020",
     D(2020, 6, 1), D(2020, 6, 30), "month"),
    ("Troops were rotated in early August 2018.", None, "early August 2018",
     D(2018, 8, 1), D(2018, 8, 10), "days"),
    ("Shipments peaked in mid-April 2021.", None, "mid-April 2021",
     D(2021, 4, 11), D(2021, 4, 20), "days"),
    ("Shipments peaked in late February 2024.", None, "late February 2024",
     D(2024, 2, 21), D(2024, 2, 29), "days"),
    ("Advisers arrived during the first week of March 2017.", None,
     "the first week of March 2017", D(2017, 3, 1), D(2017, 3, 7), "week"),
    ("They left at the end of January 2025.", None, "the end of January 2025",
     D(2025, 1, 21), D(2025, 1, 31), "days"),
    ("A new wave came in late 2015.", None, "late 2015",
     D(2015, 9, 1), D(2015, 12, 31), "season"),
    ("A new wave came in mid-2019.", None, "mid-2019", D(2019, 5, 1), D(2019, 8, 31), "season"),
    ("Drills were held in the summer of 2022.", None, "the summer of 2022",
     D(2022, 6, 1), D(2022, 8, 31), "season"),
    ("Revenue fell in Q2 2023.", None, "Q2 2023", D(2023, 4, 1), D(2023, 6, 30), "season"),
    ("The group was founded in 2014.", None, "2014", D(2014, 1, 1), D(2014, 12, 31), "year"),
    ("Strikes continued in 2021 and 2022.", None, "2021 and 2022",
     D(2021, 1, 1), D(2022, 12, 31), "years"),
    ("Strikes continued between 2012 and 2015.", None, "between 2012 and 2015",
     D(2012, 1, 1), D(2015, 12, 31), "years"),
    ("Strikes continued through 2019–20.", None, "2019–20",
     D(2019, 1, 1), D(2020, 12, 31), "years"),
    ("The militia grew in the 2010s.", None, "the 2010s",
     D(2010, 1, 1), D(2019, 12, 31), "years"),
    ("Since 2016, the corridor has been used.", None, "Since 2016",
     D(2016, 1, 1), None, "years"),
    ("By March 9, 2025, most units had gone.", None, "By March 9, 2025",
     None, D(2025, 3, 9), "days"),
    ("Nobody left until June 2013.", None, "until June 2013", None, D(2013, 6, 30), "month"),
    ("A 2019 assessment found gaps.", None, "2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("They moved in November and December 2023.", None, "November and December 2023",
     D(2023, 11, 1), D(2023, 12, 31), "season"),
    ("From late June through early July 2022, convoys moved east.", None,
     "From late June through early July 2022", D(2022, 6, 21), D(2022, 7, 10), "days"),
    ("DAMASCUS, OCTOBER 3, 2023 (Reuters) - Units moved.", None, "OCTOBER 3, 2023",
     D(2023, 10, 3), D(2023, 10, 3), "day"),
    ("They left on Jan 5th, 2020 at night.", None, "Jan 5th, 2020",
     D(2020, 1, 5), D(2020, 1, 5), "day"),
]


@pytest.mark.parametrize("text,published,want,start,end,precision", EXPLICIT)
def test_explicit_dates(text, published, want, start, end, precision):
    s = only(text, published)
    assert (s.text, s.start, s.end, s.precision) == (want, start, end, precision)
    assert text[s.char_start:s.char_end] == want


# Year inference for months and days written without a year.
YEARLESS = [
    # closest preceding explicit year in the same paragraph
    ("In 2016 the lines held. In late March, the militia withdrew.", None, "late March",
     D(2016, 3, 21), D(2016, 3, 31)),
    ("In 2016 the lines held. On 4 July the militia withdrew.", None, "4 July",
     D(2016, 7, 4), D(2016, 7, 4)),
    # publication year, moved back a year when the month is after publication
    ("The offensive began in late November.", "2025-01-15", "late November",
     D(2024, 11, 21), D(2024, 11, 30)),
    ("The offensive began on January 3.", "2025-01-15", "January 3",
     D(2025, 1, 3), D(2025, 1, 3)),
    ("The offensive began in mid-October.", "2024-12", "mid-October",
     D(2024, 10, 11), D(2024, 10, 20)),
    # another paragraph's month-level date when nothing else is known
    ("Raids hit the depot in May 2021.\n\nBack in 1999 it was a farm.\n\nIn June the depot "
     "burned.", None, "June", D(2021, 6, 1), D(2021, 6, 30)),
    # a year given in parentheses
    ("The convoy left at the end of last March (2023).", None,
     "the end of last March (2023)", D(2023, 3, 21), D(2023, 3, 31)),
    # a range takes the year of its second end
    ("Clashes from 29 December to 3 January 2020 killed dozens.", None,
     "from 29 December to 3 January 2020", D(2019, 12, 29), D(2020, 1, 3)),
]


@pytest.mark.parametrize("text,published,want,start,end", YEARLESS)
def test_year_inference(text, published, want, start, end):
    spans = find_dates(text, published=published)
    s = next(s for s in spans if s.text == want)
    assert (s.start, s.end) == (start, end)


def test_month_without_any_year_is_skipped():
    assert find_dates("The fighters regrouped in late September.") == []


# Weekdays and publication-relative phrases; 2023-05-13 is a Saturday.
RELATIVE = [
    ("Commanders left on Thursday.", "2023-05-13", "Thursday", D(2023, 5, 11), D(2023, 5, 11),
     "day"),
    ("Commanders left on Saturday night.", "2023-05-13", "Saturday night",
     D(2023, 5, 13), D(2023, 5, 13), "day"),
    ("Commanders left last Saturday.", "2023-05-13", "last Saturday",
     D(2023, 5, 6), D(2023, 5, 6), "day"),
    ("Talks resume next Monday.", "2023-05-13", "next Monday", D(2023, 5, 15), D(2023, 5, 15),
     "day"),
    ("Sunday morning convoys were seen.", "2023-05-13", "Sunday morning",
     D(2023, 5, 7), D(2023, 5, 7), "day"),
    ("The depot was hit yesterday.", "2023-05-13", "yesterday", D(2023, 5, 12), D(2023, 5, 12),
     "day"),
    ("The depot was hit today.", "2023-05-13", "today", D(2023, 5, 13), D(2023, 5, 13), "day"),
    ("The depot was hit last week.", "2023-05-13", "last week", D(2023, 5, 1), D(2023, 5, 7),
     "week"),
    ("The depot was hit last month.", "2023-05-13", "last month", D(2023, 4, 1), D(2023, 4, 30),
     "month"),
    ("The depot was hit last month.", "2023-01-20", "last month", D(2022, 12, 1),
     D(2022, 12, 31), "month"),
    ("The depot was hit last year.", "2023-05", "last year", D(2022, 1, 1), D(2022, 12, 31),
     "year"),
    ("The depot was hit earlier this month.", "2023-05-13", "earlier this month",
     D(2023, 5, 1), D(2023, 5, 13), "days"),
    ("The depot was hit four days ago.", "2023-05-13", "four days ago",
     D(2023, 5, 9), D(2023, 5, 9), "day"),
    ("The depot was hit last October.", "2023-05-13", "last October",
     D(2022, 10, 1), D(2022, 10, 31), "month"),
    ("The depot was hit this March.", "2023-05-13", "this March",
     D(2023, 3, 1), D(2023, 3, 31), "month"),
]


@pytest.mark.parametrize("text,published,want,start,end,precision", RELATIVE)
def test_relative_to_publication(text, published, want, start, end, precision):
    s = only(text, published)
    assert (s.text, s.start, s.end, s.precision) == (want, start, end, precision)


@pytest.mark.parametrize("text", [
    "The depot was hit yesterday.", "Talks resume next Monday.", "It happened last week.",
    "Units left three days ago.",
])
def test_relative_needs_publication(text):
    assert find_dates(text) == []


def test_day_relative_needs_a_publication_day():
    assert find_dates("The depot was hit yesterday.", published="2023-05") == []


def test_weekday_same_as_publication_day_is_that_day():
    assert only("Units left on Saturday.", "2023-05-13").start == D(2023, 5, 13)


def test_weekday_without_publication_uses_nearest_explicit_day():
    text = "On Wednesday, 10 May 2023, talks failed. On Friday the units left."
    spans = find_dates(text)
    fri = next(s for s in spans if s.text == "Friday")
    assert fri.start == D(2023, 5, 12)


def test_relative_to_previous_date():
    text = "Militias reached the crossing on 11 May 2023. The next day they crossed; " \
           "three days later the base was empty."
    spans = find_dates(text)
    got = {s.text: s.start for s in spans}
    assert got["The next day"] == D(2023, 5, 12)
    assert got["three days later"] == D(2023, 5, 15)


# Anchored relative phrases (anchors from data/anchors.yaml).
ANCHORED = [
    ("Two days after Assad's fall, the convoy reached Qaim.", "Two days after Assad's fall",
     D(2024, 12, 10), D(2024, 12, 10), "day"),
    ("They had left three days before the fall of Damascus.",
     "three days before the fall of Damascus", D(2024, 12, 5), D(2024, 12, 5), "day"),
    ("On the day after the collapse of the Assad regime, flights resumed.",
     "the day after the collapse of the Assad regime", D(2024, 12, 9), D(2024, 12, 9), "day"),
    ("Following the ouster of Bashar al-Assad, advisers flew home.",
     "Following the ouster of Bashar al-Assad", D(2024, 12, 8), D(2024, 12, 22), "days"),
    ("Within five days of Assad’s downfall the bases were empty.",
     "Within five days of Assad’s downfall", D(2024, 12, 8), D(2024, 12, 13), "days"),
    ("Shortly after the capture of Aleppo, the IRGC pulled out.",
     "Shortly after the capture of Aleppo", D(2024, 11, 29), D(2024, 12, 3), "days"),
    ("Before the fall of Hama, the units moved south.", "Before the fall of Hama",
     D(2024, 11, 21), D(2024, 12, 5), "days"),
    ("In the days following the fall of Homs, fighters fled west.",
     "In the days following the fall of Homs", D(2024, 12, 7), D(2024, 12, 15), "days"),
    ("Since the Lebanon ceasefire, Hezbollah has regrouped.", "Since the Lebanon ceasefire",
     D(2024, 11, 27), None, "days"),
    ("In the weeks after Assad's fall, proxies regrouped.", "In the weeks after Assad's fall",
     D(2024, 12, 8), D(2025, 1, 19), "month"),
    ("A week after the launch of Operation Deterrence of Aggression the city fell.",
     "A week after the launch of Operation Deterrence of Aggression",
     D(2024, 12, 1), D(2024, 12, 7), "week"),
]


@pytest.mark.parametrize("text,want,start,end,precision", ANCHORED)
def test_anchored_phrases(text, want, start, end, precision):
    s = only(text)
    assert (s.text, s.start, s.end, s.precision) == (want, start, end, precision)


def test_anchor_era_guard():
    # "the fall of Aleppo" in a 2016 text is not the 2024 event
    assert find_dates("After the fall of Aleppo, the rebels lost hope.", published="2016-12-30") \
        == []
    assert find_dates("The fall of Aleppo in 2016 ended an era.")[0].text == "2016"
    # the fall of Assad happened once: no era guard
    assert only("After Assad's fall, many fled.", "2025-06-01").start == D(2024, 12, 8)


def test_passive_by_is_not_a_deadline():
    s = only("Iran was weakened by the collapse of the Assad regime.")
    assert (s.text, s.start, s.end) == ("the collapse of the Assad regime", D(2024, 12, 8),
                                        D(2024, 12, 8))


def test_learns_event_dates_from_text():
    text = ("On 14 August 2021, one day before the fall of Kabul, staff burned files. "
            "After the fall of Kabul, the embassy closed.")
    spans = find_dates(text)
    got = {s.text: (s.start, s.end) for s in spans}
    assert got["one day before the fall of Kabul"] == (D(2021, 8, 14), D(2021, 8, 14))
    assert got["After the fall of Kabul"] == (D(2021, 8, 15), D(2021, 8, 29))


def test_unlearned_event_gives_nothing():
    assert find_dates("Two days after the fall of Mosul, they left.") == []


_LEADS = ("", "in the ", "in the run-", "within the first three ", "within a ", "three days ",
          "some two weeks ", "no ", "the day ", "just ", "ever ")


def test_prefix_pairs_agree_with_the_modifier_regex():
    """apply_prefix skips the regex when the word before "of", "to", "in"... is not in
    PREFIX_PAIRS: no modifier may end with such a pair, and every listed pair ends one."""
    pattern = P.prefix_re(True)
    vocab = set(re.findall(r"[a-z]{2,}", re.sub(r"\(\?P<\w+>", "(", pattern.pattern)))
    vocab |= {"night", "said", "syria", "expansion", "began"}
    for last, allowed in P.PREFIX_PAIRS.items():
        assert last in P.PREFIX_LAST
        for word in sorted(vocab | allowed):
            hits = [lead for lead in _LEADS if pattern.search(f"x {lead}{word} {last} ")]
            assert bool(hits) == (word in allowed), (word, last, hits)


NOT_DATES = [
    "2 min read", "It cost $200 to cross.", "Some 10,000 fighters joined.",
    "The 11-day collapse surprised everyone.", "As noted,⁵²⁹ the units left.",
    "As noted [529], the units left.", "See p. 16 and section 1.3.1.",
    "Iran may attempt to march on the city.", "Within ten days the bases were empty.",
    "COVID-19 slowed the rotation.", "Call +963 11 2024 5678 for details.",
    "Source: https://www.noonpost.com/en/363318/ (archived)",
    "Read https://example.org/2024/12/06/story.html now",
    "Write to press@agency2024.org", "Around 2000 fighters and 1500 troops crossed.",
    "The May Day parade was cancelled.", "Black Friday sales fell.",
    "© European Agency 2024", "They marched for days.", "A Dec of that kind.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_false_positives(text):
    assert find_dates(text, published="2024-12-07") == []


def test_spans_exact_sorted_and_non_overlapping():
    text = ("Since 2017, strikes hit depots. On 5 December 2024, three days before the fall of "
            "the Assad regime, officers were told to leave; by 6 December most had gone, and "
            "in late December the last convoys left via Al-Qaim (see https://x.org/2024/12/).")
    spans = find_dates(text)
    check_spans(text, spans)
    assert [s.text for s in spans] == [
        "Since 2017", "5 December 2024", "three days before the fall of the Assad regime",
        "by 6 December", "late December"]


def test_dates_in_sentence():
    text = "On 1 May 2022 they came. On 9 May 2022 they left."
    spans = find_dates(text)
    second = text.index("On 9")
    assert [s.text for s in dates_in(spans, second, len(text))] == ["9 May 2022"]


def test_context_date_prefers_dominant_month():
    text = ("In 2011 the war began. On 5 December 2024 the order came; on 6 December 2024 units "
            "left; in October 2024 drills were held.\n"
            "Ref: report, 18 January 2025, [url](#)\nRef: note, 19 January 2025, [url](#)\n")
    spans = find_dates(text)
    ctx = context_date(text, spans, published=None)
    assert (ctx.start, ctx.end, ctx.precision, ctx.inferred, ctx.char_start) == (
        D(2024, 12, 1), D(2024, 12, 31), "month", True, -1)


def test_context_date_falls_back_to_publication_and_clips():
    ctx = context_date("No dates here.", [], published="2024-12-07")
    assert (ctx.start, ctx.end, ctx.precision) == (D(2024, 12, 1), D(2024, 12, 7), "month")
    assert context_date("No dates here.", [], published="2024").precision == "year"
    assert context_date("No dates here.", [], published=None) is None


def test_parse_published():
    assert parse_published("2024-12-07") == (D(2024, 12, 7), "day")
    assert parse_published("2025-02") == (D(2025, 2, 28), "month")
    assert parse_published("2024") == (D(2024, 12, 31), "year")
    assert parse_published("yesterday") == (None, None)


def test_bad_anchor_file_names_the_file(tmp_path: Path):
    bad = tmp_path / "anchors.yaml"
    bad.write_text("anchors:\n  - id: x\n    start: not-a-date\n    aliases: ['x']\n")
    with pytest.raises(InputError, match="anchors.yaml"):
        load_anchors(bad)


def test_anchor_file_has_sources():
    table = load_anchors()
    assert {a.anchor_id for a in table.anchors} >= {"fall_of_assad", "fall_of_aleppo",
                                                      "fall_of_hama", "fall_of_homs"}
    assert all(a.source for a in table.anchors)


def test_seed_texts_spans_are_exact():
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    for p in seeds:
        text = p.read_text(encoding="utf-8")
        spans = find_dates(text, published="2025-03")
        check_spans(text, spans)


def test_bare_background_year_does_not_override_a_dated_sentence():
    from geo.dates import find_dates as fd

    text = ("By 6 December the advisers had gone, while the brigade, which deployed in 2013, "
            "left on 7–8 December.")
    last = fd(text, published="2025-01")[-1]
    assert (last.start, last.end) == (dt.date(2024, 12, 7), dt.date(2024, 12, 8))
    other = fd("In 2019, Iran sent advisers. On 5 March they left.", published="2025-01")
    assert other[-1].start == dt.date(2019, 3, 5)


def test_first_char_dispatch_matches_like_the_full_pattern():
    """The scanner's per-first-character sub-patterns give the full alternation's match at
    every word start of the seed texts (and none where no branch can start)."""
    scanner = P.scanner()
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    found = 0
    for p in seeds:
        text = p.read_text(encoding="utf-8") + " Late 2023 in recent days, qx 5th of May"
        for w in re.finditer(r"\w+", text):
            want, got = scanner.full.match(text, w.start()), scanner.match(text, w.start())
            assert (want and (want.span(), want.lastgroup)) == (got and (got.span(), got.lastgroup))
            found += want is not None
    assert found > 50


class _Starts:
    """A stand-in pattern that records where match_near tries it."""

    def __init__(self) -> None:
        self.tried: list[int] = []

    def match(self, text: str, pos: int) -> None:
        self.tried.append(pos)


@pytest.mark.parametrize(("text", "words", "back", "want"), [
    ("x from the 5th–8th of December", P.PREFIX_WORDS, 6,
     ["the 5", "5th–8", "th–8t", "8th o", "th of", "of De"]),
    ("x from the 5th–8th of December", P.PREFIX_WORDS, 2, ["th of", "of De"]),
    ("on Friday said the early December", P.PREFIX_WORDS, 6, ["the e", "early"]),
    ("Line one\nlast December", None, 6, ["last "]),
    ("a very long preamble of forty-five characters, then in late December", None, 9,
     ["amble", "of fo", "forty", "five ", "chara", "then ", "in la", "late "]),  # 45 chars
    ("Assad's (fall) December", None, 6, []),
])
def test_match_near_walks_back_over_words(text, words, back, want):
    """The starts tried, earliest first, then the head itself."""
    from geo._date_heads import match_near

    head = text.index("December")
    spy = _Starts()
    assert match_near(spy, text, head, words=words, back=back) is None
    assert [text[s:s + 5] for s in spy.tried] == [*want, "Decem"]


def test_date_dispatch_falls_back_to_the_full_pattern_without_re_internals(monkeypatch):
    import geo._date_dispatch as dispatch

    monkeypatch.setattr(dispatch, "_parser", None)
    assert dispatch.first_chars("ab") is None
    pattern = dispatch.FirstCharPattern(r"(?<!\w)", ["ab", "(?P<x>cd)"])
    assert pattern.match("xx cd", 3).group("x") == "cd"
    assert pattern.match("xx cd", 0) is None and pattern.match("xab", 1) is None
