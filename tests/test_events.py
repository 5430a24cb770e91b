"""The event reader on short texts in many wordings (the full stack: actors, dates, places)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.models import Document
from geo.pipeline import read_document


def events_of(text: str, published: str | None = "2024-12-09", counted: bool = True):
    doc = Document(doc_id="t.txt", text=text, published=published)
    evs = list(read_document(doc).events)
    return [e for e in evs if not e.negated] if counted else evs


def dest(e):
    return e.destination.place.name if e.destination and e.destination.place else None


def orig(e):
    return e.origin.place.name if e.origin and e.origin.place else None


def test_fled_to_country():
    (e,) = events_of("Hezbollah fighters fled to Lebanon.")
    assert e.actor_family == "Hezbollah" and e.action == "flee"
    assert e.destination.place.kind == "country" and e.destination.place.country == "LB"
    assert e.origin is None


def test_flew_from_to_with_date_and_mode():
    (e,) = events_of("IRGC advisers flew from Damascus to Tehran on 8 December 2024.")
    assert (orig(e), dest(e)) == ("Damascus", "Tehran")
    assert e.mode == "air" and e.action == "fly"
    assert e.date.start == e.date.end == dt.date(2024, 12, 8)
    assert e.date.precision == "day"


def test_fan_out_list_gives_one_event_per_destination():
    evs = events_of("Senior Quds Force commanders were evacuated to Iraq, Lebanon and Iran.")
    assert sorted(e.destination.place.country for e in evs) == ["IQ", "IR", "LB"]
    assert {e.actor_family for e in evs} == {"IRGC"}


@pytest.mark.parametrize("text", [
    "The Fatemiyoun did not withdraw from Aleppo.",
    "Iranian officials denied that Revolutionary Guards officers had left Deir ez-Zor.",
    "Hezbollah may return to Qusayr next year.",
    "It is unclear whether the IRGC advisers fled to Iraq.",
])
def test_negated_and_hypothetical_are_marked_not_counted(text):
    assert events_of(text) == []
    assert all(e.negated for e in events_of(text, counted=False))


@pytest.mark.parametrize("text", [
    "Syrian army units withdrew from Deir ez-Zor.",
    "Rebels advanced into Hama on Thursday.",
    "Russian forces flew from Hmeimim to Moscow.",
])
def test_untracked_actors_are_not_movements(text):
    assert events_of(text) == []


def test_pronoun_reference_resolves_to_last_actor():
    evs = events_of("Nujaba fighters gathered in Mayadin on Friday. They later crossed into Iraq.")
    (e,) = [e for e in evs if dest(e) or (e.destination and e.destination.place)]
    assert e.actor_family == "Iraqi PMF"
    assert e.destination.place.country == "IQ"


def test_advance_into_the_theatre_country():
    (e,) = events_of(
        "Dozens of PMF fighters crossed into Syria near Abu Kamal in early December 2024.")
    assert e.action == "advance" and e.destination.place.country == "SY"
    assert [v.place.name for v in e.via] and e.via[0].place.country == "SY"
    assert e.date.start == dt.date(2024, 12, 1) and e.date.end <= dt.date(2024, 12, 10)


def test_weekday_resolved_against_publication():
    (e,) = events_of("On Saturday, Quds Force officers flew to Tehran.", published="2024-12-09")
    assert e.date.start == dt.date(2024, 12, 7)


def test_transitive_verb_moves_its_object():
    (e,) = events_of("Iran evacuated its diplomats from Damascus by plane on Sunday.")
    assert e.action == "evacuate" and orig(e) == "Damascus" and e.mode == "air"
    assert e.actor_family is not None


def test_subject_locative_gives_the_origin():
    (e,) = events_of("Iranian forces stationed in Palmyra fled to Al Qaim.")
    assert orig(e) == "Palmyra" and e.destination.place.country == "IQ"


def test_nationality_from_is_not_an_origin():
    evs = events_of(
        "Iranian forces, including fighters from Afghanistan and Pakistan, fled to Iraq.")
    assert [e.destination.place.country for e in evs] == ["IQ"]
    assert all(e.origin is None for e in evs)


def test_alternative_crossings_are_separate_events():
    evs = events_of("Hezbollah units withdrew through the crossings at Jousieh and Masnaa.")
    assert len(evs) == 2 and all(len(e.via) == 1 for e in evs)


def test_equipment_transfer():
    (e,) = events_of("Kataib Hezbollah moved drones and missiles to Al-Qaim in December 2024.")
    assert e.action == "transfer_equipment" and e.actor_family == "Iraqi PMF"


def test_undated_event_gets_inferred_context_date():
    text = ("Iranian advisers left Aleppo in late November 2024.\n\n"
            "The offensive surprised everyone.\n\n"
            "Hezbollah fighters retreated to Lebanon.")
    e = [e for e in events_of(text, published=None) if e.actor_family == "Hezbollah"][0]
    assert e.date is not None and e.date.inferred and e.date.precision != "day"


def test_quote_is_the_exact_sentence():
    text = "Intro line.\nHezbollah fighters fled to Lebanon on 9 December 2024. Next sentence."
    (e,) = events_of(text)
    assert text[e.quote_start:e.quote_end] == e.quote
    assert e.quote == "Hezbollah fighters fled to Lebanon on 9 December 2024."


def test_a_movement_date_carries_into_the_next_paragraph_only():
    text = ("Quds Force officers left Syria on Friday.\n\n"
            "Senior commanders were evacuated to Iraq.\n\n"
            "The rebels kept advancing.\n\n"
            "Hezbollah fighters retreated to Lebanon.")
    evs = events_of(text, published="2024-12-07")
    iraq = [e for e in evs if e.destination and e.destination.place.country == "IQ"][0]
    assert iraq.date.start == iraq.date.end == dt.date(2024, 12, 6)
    lebanon = [e for e in evs if e.actor_family == "Hezbollah"][0]
    assert lebanon.date.inferred


def test_troops_sent_by_officials_belong_to_their_state_forces():
    (e,) = events_of("Iranian officials sent hundreds of military advisers to Damascus in 2013.")
    assert e.actor_family == "Iran-backed forces"
    (d,) = events_of("Iranian officials flew to Tehran on 8 December 2024.")
    assert d.actor_family == "Iranian diplomats"


def test_relative_clause_with_a_background_year_keeps_the_main_verbs_date():
    evs = events_of("By 5 December most Nujaba fighters had left Mayadin, while the Fatemiyoun, "
                    "whose units first arrived in Palmyra in 2015, pulled the rest of their men "
                    "out of Palmyra on 6-7 December.", published="2024-12-20")
    out = [e for e in evs if e.actor_family == "Fatemiyoun" and e.action == "withdraw"]
    assert len(out) == 1 and out[0].origin.place.name == "Palmyra"
    assert (out[0].date.start, out[0].date.end) == (dt.date(2024, 12, 6), dt.date(2024, 12, 7))


def test_offsets_survive_characters_that_lower_case_to_two():
    text = "İstanbul talks stalled. Hezbollah fighters fled to Lebanon on 9 December 2024."
    (e,) = events_of(text)
    assert text[e.quote_start:e.quote_end] == e.quote and e.quote.startswith("Hezbollah")
    assert e.destination.place.country == "LB"


def test_sequence_of_destinations_takes_each_its_own_date():
    evs = events_of("Radwan units fell back to Qusayr on 3 December, and then to Hermel "
                    "on 7 December.", published="2024-12-20")
    by = {e.destination.place.name: e.date.start for e in evs}
    assert by == {"Al-Qusayr": dt.date(2024, 12, 3), "Hermel": dt.date(2024, 12, 7)}
    assert {e.action for e in evs} == {"withdraw"}
