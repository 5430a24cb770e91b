"""Tests for geo.legs: corroboration, disagreements, over-merge guards, precisions, geometry."""

from __future__ import annotations

import random

import pytest
from shapely.geometry import LineString, Point
from synthetic import corpus, document, event, place, route, span

from geo.legs import merge_legs

DOCS = {
    "a.txt": document("a.txt", "Reuters", title="Iranians leave", url="https://r.example/a"),
    "b.txt": document("b.txt", "AFP", title="Exodus", url="https://afp.example/b"),
    "c.txt": document("c.txt", "reuters ", title="Follow-up"),
    "d.txt": document("d.txt", None),
    "e.txt": document("e.txt", None),
}


def legs_of(events, corridor="al-qaim", routes=None):
    routes = routes if routes is not None else [route(e, corridor) for e in events]
    return merge_legs(events, routes, DOCS)


def day(d):
    return span(f"2024-12-{d:02d}")


def test_two_outlets_one_leg_keeps_every_source():
    e1 = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=day(7), quote="Q1")
    e2 = event("e2", "b.txt", origin="Damascus", dest="Al-Qaim", date=day(7), quote="Q2")
    (leg,) = legs_of([e1, e2])
    assert leg.n_sources == 2 and leg.n_docs == 2
    assert leg.event_ids == ("e1", "e2")
    assert [s.quote for s in leg.sources] == ["Q1", "Q2"]
    assert {s.title for s in leg.sources} == {"Iranians leave", "Exodus"}
    assert {s.url for s in leg.sources} == {"https://r.example/a", "https://afp.example/b"}
    assert leg.sources[0].outlet == "Reuters" and leg.sources[0].date_text == "2024-12-07"
    assert leg.family == "IRGC" and leg.action == "withdraw" and leg.corridor == "al-qaim"


@pytest.mark.parametrize(
    ("docs", "n_sources"),
    [(["a.txt", "c.txt"], 1),  # same outlet (case and spaces ignored) counts once
     (["d.txt", "e.txt"], 2),  # documents without an outlet count as their own
     (["a.txt", "a.txt"], 1)],  # two events in one document
)
def test_independent_outlets(docs, n_sources):
    evs = [event(f"e{i}", d, origin="Damascus", dest="Al-Qaim", date=day(7))
           for i, d in enumerate(docs)]
    (leg,) = legs_of(evs)
    assert leg.n_sources == n_sources
    assert leg.n_docs == len(set(docs))


def test_confidence_rises_with_independent_sources():
    one = legs_of([event("e1", "a.txt", dest="Al-Qaim", date=day(7), confidence=0.6)])[0]
    same_outlet = legs_of([event("e1", "a.txt", dest="Al-Qaim", date=day(7), confidence=0.6),
                           event("e2", "c.txt", dest="Al-Qaim", date=day(7), confidence=0.6)])[0]
    two = legs_of([event("e1", "a.txt", dest="Al-Qaim", date=day(7), confidence=0.6),
                   event("e2", "b.txt", dest="Al-Qaim", date=day(7), confidence=0.6)])[0]
    assert one.confidence == pytest.approx(0.6)
    assert same_outlet.confidence == pytest.approx(0.6)
    assert two.confidence > one.confidence


def test_disagreements_stay_visible():
    e1 = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=day(7))
    e2 = event("e2", "b.txt", origin="Damascus", dest="Baghdad",
               date=span("2024-12-06", "2024-12-08", "days"))
    (leg,) = legs_of([e1, e2])
    assert set(leg.destinations_reported) == {"Al-Qaim", "Baghdad"}
    assert set(leg.dates_reported) == {"2024-12-07/2024-12-07", "2024-12-06/2024-12-08"}
    # the interval covers every report, at the coarsest precision
    assert (str(leg.date_start), str(leg.date_end)) == ("2024-12-06", "2024-12-08")
    assert leg.time_precision == "days"


def test_country_contains_town():
    e1 = event("e1", "a.txt", dest="Iraq", date=day(7))
    e2 = event("e2", "b.txt", origin="Damascus", dest="Al-Qaim", date=day(7))
    (leg,) = legs_of([e1, e2])
    assert leg.destination.name == "Al-Qaim"  # the drawn, best-stated member
    assert leg.destinations_reported == ("Iraq", "Al-Qaim")


@pytest.mark.parametrize(
    ("kw1", "kw2"),
    [
        ({"dest": "Beirut"}, {"dest": "Al-Qaim"}),  # specific places in different countries
        ({"dest": "Lebanon"}, {"dest": "Iraq"}),  # different countries
        ({"dest": "Al-Qaim", "date": day(1)}, {"dest": "Al-Qaim", "date": day(8)}),  # no overlap
        ({"dest": "Al-Qaim", "mode": "air"}, {"dest": "Al-Qaim", "mode": "land"}),
        ({"dest": "Al-Qaim", "family": "IRGC"}, {"dest": "Al-Qaim", "family": "Hezbollah"}),
        ({"dest": "Al-Qaim", "action": "advance"}, {"dest": "Al-Qaim", "action": "withdraw"}),
        ({"dest": "Al-Qaim", "action": "transfer_equipment"}, {"dest": "Al-Qaim"}),
        ({"dest": "Latakia", "origin": "Damascus"}, {"dest": "Damascus", "origin": "Latakia"}),
        ({"dest": "Al-Qaim"}, {"dest": None, "origin": "Damascus"}),  # no shared known end
        ({"dest": "Al-Qaim", "origin": "Damascus"}, {"dest": "Al-Qaim", "origin": "Beirut"}),
    ],
    ids=["towns-in-two-countries", "two-countries", "no-date-overlap", "air-vs-land",
         "families", "advance-vs-withdraw", "equipment-vs-people", "opposite-directions",
         "no-shared-end", "origins-in-two-countries"],
)
def test_not_over_merged(kw1, kw2):
    kw1 = {"date": day(7), **kw1}
    kw2 = {"date": day(7), **kw2}
    legs = legs_of([event("e1", "a.txt", **kw1), event("e2", "b.txt", **kw2)])
    assert len(legs) == 2


def test_different_corridors_are_different_legs():
    e1 = event("e1", "a.txt", dest="Al-Qaim", date=day(7))
    e2 = event("e2", "b.txt", dest="Al-Qaim", date=day(7))
    legs = merge_legs([e1, e2], [route(e1, "al-qaim"), route(e2, "lebanon")], DOCS)
    assert len(legs) == 2


@pytest.mark.parametrize(
    "other_date",
    [None, span("2024-12-20", inferred=True, text=""), span("2024-12-01", "2024-12-31", "month")],
    ids=["undated", "inferred-date", "month-containing"],
)
def test_dates_that_merge(other_date):
    e1 = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=day(7))
    e2 = event("e2", "b.txt", dest="Al-Qaim", date=other_date)
    (leg,) = legs_of([e1, e2])
    assert leg.date_start is not None and str(leg.date_start) <= "2024-12-07"
    assert "2024-12-07/2024-12-07" in leg.dates_reported
    assert not leg.date_inferred


def test_month_precision_wins():
    e1 = event("e1", "a.txt", dest="Al-Qaim", date=day(7))
    e2 = event("e2", "b.txt", dest="Al-Qaim", date=span("2024-12-01", "2024-12-31", "month"))
    (leg,) = legs_of([e1, e2])
    assert leg.time_precision == "month"
    assert (str(leg.date_start), str(leg.date_end)) == ("2024-12-01", "2024-12-31")


def test_complete_linkage_does_not_chain():
    # a overlaps b, b overlaps c, a does not overlap c
    a = event("a", "a.txt", dest="Al-Qaim", date=span("2024-12-01", "2024-12-05", "days"))
    b = event("b", "b.txt", dest="Al-Qaim", date=span("2024-12-04", "2024-12-09", "days"))
    c = event("c", "d.txt", dest="Al-Qaim", date=span("2024-12-08", "2024-12-12", "days"))
    legs = legs_of([a, b, c])
    assert len(legs) == 2
    assert not any({"a", "c"} <= set(leg.event_ids) for leg in legs)


def test_inferred_and_undated_only():
    e1 = event("e1", "a.txt", dest="Al-Qaim", date=span("2024-12-10", inferred=True, text=""))
    e2 = event("e2", "b.txt", dest="Al-Qaim", date=None)
    (leg,) = legs_of([e1, e2])
    assert leg.date_inferred and str(leg.date_start) == "2024-12-10"
    assert leg.dates_reported == ()
    (undated,) = legs_of([e2])
    assert undated.date_start is None and undated.time_precision == ""


def test_undated_event_joins_the_leg_that_matches_its_place():
    early = event("e1", "a.txt", origin="Damascus", dest="Al-Qaim", date=day(2))
    late = event("e2", "b.txt", origin="Damascus", dest="Baghdad", date=day(20))
    undated = event("e3", "d.txt", dest="Baghdad", date=None)
    legs = legs_of([early, late, undated])
    assert len(legs) == 2
    assert next(leg for leg in legs if "e3" in leg.event_ids).event_ids == ("e2", "e3")


def test_negated_events_are_excluded():
    legs = legs_of([event("e1", "a.txt", dest="Al-Qaim", negated=True),
                    event("e2", "b.txt", dest="Beirut")])
    assert [leg.event_ids for leg in legs] == [("e2",)]


def test_geometry_is_the_best_stated_route():
    marker_only = event("e1", "a.txt", dest="Al-Qaim", date=day(7))
    inferred = event("e2", "b.txt", dest="Al-Qaim", date=day(7))
    stated = event("e3", "d.txt", origin="Deir ez-Zor", dest="Al-Qaim", date=day(7))
    routes = [route(marker_only, "al-qaim"), route(inferred, "al-qaim", start="Damascus"),
              route(stated, "al-qaim")]
    (leg,) = merge_legs([marker_only, inferred, stated], routes, DOCS)
    assert isinstance(leg.geometry, LineString)
    assert leg.geometry.equals(routes[2].geometry)
    assert leg.origin.name == "Deir ez-Zor" and leg.route_kind == "road"
    assert not leg.inferred
    # without the stated route, the inferred line beats the marker, and is flagged
    (leg2,) = merge_legs([marker_only, inferred], routes[:2], DOCS)
    assert leg2.geometry.equals(routes[1].geometry) and leg2.inferred
    assert leg2.origin.name == "Damascus"


def test_marker_only_when_no_line():
    ev = event("e1", "a.txt", dest="Al-Qaim", date=day(7))
    (leg,) = merge_legs([ev], [route(ev, "al-qaim")], DOCS)
    assert isinstance(leg.geometry, Point) and leg.route_kind == "marker"
    qaim = place("Al-Qaim")
    assert (leg.geometry.x, leg.geometry.y) == (qaim.lon, qaim.lat)
    # no route at all: a marker at the destination, corridor unknown
    (leg2,) = merge_legs([ev], [], DOCS)
    assert (leg2.geometry.x, leg2.geometry.y) == (qaim.lon, qaim.lat)
    assert leg2.corridor == "" and leg2.route_kind == "marker"


@pytest.mark.parametrize(
    ("origin", "dest", "expected"),
    [("Damascus International Airport", "Hmeimim Air Base", "exact"),
     ("Damascus International Airport", "Latakia", "town"),
     ("Homs Governorate", "Latakia", "region"),
     ("Damascus", "Iran", "country"),
     (None, "Masnaa", "exact")],
)
def test_geo_precision_is_the_least_precise_end(origin, dest, expected):
    (leg,) = legs_of([event("e1", "a.txt", origin=origin, dest=dest, date=day(7))])
    assert leg.geo_precision == expected


def test_unresolved_destination_is_kept():
    ev = event("e1", "a.txt", origin="Damascus", dest="Xanadu Camp", dest_resolved=False,
               date=day(7))
    with pytest.raises(KeyError):
        place("Xanadu Camp")  # not in the synthetic gazetteer
    (leg,) = merge_legs([ev], [route(ev, "al-qaim")], DOCS)
    assert leg.destinations_reported == ("Xanadu Camp",)
    assert leg.destination is None and leg.geo_precision == "town"


def test_missing_document_keeps_the_event():
    ev = event("e1", "zzz.txt", dest="Al-Qaim", date=day(7))
    (leg,) = merge_legs([ev], [route(ev, "al-qaim")], {})
    assert leg.sources[0].doc == "zzz.txt" and leg.sources[0].outlet is None
    assert leg.n_sources == 1


def test_deterministic_whatever_the_input_order():
    events, routes, docs = corpus(400, seed=3)
    first = merge_legs(events, routes, docs)
    shuffled = list(events)
    random.Random(1).shuffle(shuffled)
    second = merge_legs(shuffled, list(reversed(routes)), docs)
    assert [leg.leg_id for leg in first] == [leg.leg_id for leg in second]
    assert [leg.event_ids for leg in first] == [leg.event_ids for leg in second]
    assert len({leg.leg_id for leg in first}) == len(first)
    # every non-negated event is in exactly one leg
    members = [e for leg in first for e in leg.event_ids]
    assert sorted(members) == sorted(e.event_id for e in events if not e.negated)


def test_vague_catch_all_corridor_joins_the_specific_one():
    # "to Iraq" drawn as a marker gets the catch-all corridor; it still corroborates Al-Qaim
    vague = event("e1", "a.txt", dest="Iraq", date=day(7))
    specific = event("e2", "b.txt", origin="Damascus", dest="Al-Qaim", date=day(7))
    routes = [route(vague, "Other", approximate=True), route(specific, "al-qaim")]
    (leg,) = merge_legs([vague, specific], routes, DOCS)
    assert leg.corridor == "al-qaim" and leg.n_sources == 2
    # the catch-all is configurable; with none, corridors must match exactly
    assert len(merge_legs([vague, specific], routes, DOCS, open_corridors=())) == 2


def test_located_catch_all_route_stays_apart():
    # a drawn line that fits no corridor is a different movement, not a vague report
    other = event("e1", "a.txt", origin="Damascus", dest="Homs Governorate", date=day(7))
    latakia = event("e2", "b.txt", origin="Damascus", dest="Latakia", date=day(7))
    routes = [route(other, "Other"), route(latakia, "latakia")]
    assert len(merge_legs([other, latakia], routes, DOCS)) == 2
