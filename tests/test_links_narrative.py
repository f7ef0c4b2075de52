"""Narrative prose (issue #14, narrative pass): reports of what happened, in a text with no
date of its own, read for the side a unit is called by, the instrument a report looks back
to, and events and holds named plainly. Each test is a sentence written for it, on the bundled
atlas, seen to fail with its reading broken; none comes from a gold file."""

from __future__ import annotations

import shapely
from bundled import need as _need

from spheremap.places import default_gazetteer


def _narrative_links(atlas, text: str) -> list[dict[str, str]]:
    """The links (feature -> direction) of each passage of an undated markdown ``text`` (a
    narrative: each passage is dated by what it says)."""
    from spheremap.documents import parse_document
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    doc = parse_document(f"---\ntitle: a narrative\n---\n\n{text}", "n.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


def _of_kind_and_power(atlas, ids, kind: str, power: str) -> set[str]:
    """Those of ``ids`` whose feature is of ``kind`` and held by ``power`` (read from the
    layers' properties, never from the ids)."""
    feats = atlas.features
    rows = feats[feats["id"].isin(list(ids)) & (feats["kind"] == kind) & (feats["power"] == power)]
    return set(rows["id"])


def test_units_called_by_a_side_are_never_the_other_sides(atlas):
    (linked,) = _narrative_links(
        atlas,
        "In March 1946 the Soviet commandant stopped the trains to the western sectors of Vienna.",
    )
    assert not _of_kind_and_power(atlas, linked, "sector", "USSR")
    # the side word is what keeps them out: the eastern sectors are the Soviet ones
    (linked,) = _narrative_links(
        atlas,
        "In March 1946 the Soviet commandant stopped the trains to the eastern sectors of Vienna.",
    )
    assert _of_kind_and_power(atlas, linked, "sector", "USSR")


def test_an_instrument_named_by_its_signing_is_looked_back_to(atlas):
    feats = atlas.features
    signed = feats[(feats["kind"] == "event") & feats["status"].isin(["treaty", "conference"])]
    in_sep_1939 = set(signed[signed["start_date"].astype(str).str.startswith("1939-09")]["id"])
    in_aug_1939 = set(signed[signed["start_date"].astype(str).str.startswith("1939-08")]["id"])
    assert len(in_sep_1939) == 1 and in_aug_1939
    (linked,) = _narrative_links(
        atlas,
        "In 1941 the Soviet government still kept to the treaty signed in Moscow in September 1939.",
    )
    # the treaty of that month, looked back to from the sentence's own year; not the pact
    # signed in Moscow a month before
    assert {f: d for f, d in linked.items() if f in in_sep_1939} == dict.fromkeys(
        in_sep_1939, "backward"
    )
    assert not in_aug_1939 & set(linked)


def _conferences(atlas) -> set[str]:
    feats = atlas.features
    return set(feats[(feats["kind"] == "event") & (feats["status"] == "conference")]["id"])


def test_a_conference_is_named_by_its_place_after_at(atlas):
    _need(atlas, "event-1943-tehran")
    (linked,) = _narrative_links(
        atlas, "At Tehran in November 1943 the three leaders agreed that Poland should move west."
    )
    assert linked.get("event-1943-tehran") == "current"
    # a visit to the town two years later is not the conference
    (linked,) = _narrative_links(atlas, "Churchill and Roosevelt spent a week at Tehran in 1946.")
    assert not _conferences(atlas) & set(linked)


def _events_of(atlas, ids, statuses) -> set[str]:
    feats = atlas.features
    rows = feats[feats["id"].isin(list(ids)) & (feats["kind"] == "event")]
    return set(rows[rows["status"].isin(list(statuses))]["id"])


def test_the_place_an_instrument_was_signed_is_where_not_what(atlas):
    # a treaty signed elsewhere that day is not the armistice meant
    (linked,) = _narrative_links(
        atlas,
        "On 20 September 1944 the British garrison left the islands under the armistice signed"
        " in Moscow on 12 September.",
    )
    assert not _events_of(atlas, linked, {"treaty", "conference"})
    # the surrender signed in a city is looked back to; the battle for the city is not
    (linked,) = _narrative_links(
        atlas,
        "The Soviet tanks reached Prague on 9 May 1945, the day after the surrender was signed"
        " in Berlin.",
    )
    assert _events_of(atlas, linked, {"treaty"})
    berlin = default_gazetteer().places["Berlin"]
    feats = atlas.features
    battles = feats[feats["id"].isin(list(_events_of(atlas, linked, {"battle"})))]
    assert not any(
        g.distance(shapely.Point(berlin.lon, berlin.lat)) < 0.5 for g in battles.geometry
    )


def test_a_date_that_names_an_instrument_by_of_does_not_date_the_report(atlas):
    feats = atlas.features
    signed = feats[(feats["kind"] == "event") & (feats["status"] == "treaty")]
    of_1940 = set(signed[signed["start_date"].astype(str).str.startswith("1940")]["id"])
    assert len(of_1940) == 1
    # "the Vienna award of 1940" names the award: the report is not of 1940, and no treaty
    # signed elsewhere that year is meant
    first, second = _narrative_links(
        atlas,
        "Romanian troops were back in Cluj on 11 October 1944. Under the armistice signed in"
        " Moscow on 12 September, the town, which Hungary had held since the Vienna award of"
        " 1940, was to go back to Romania.\n\n"
        "In June 1941 Finnish troops crossed the frontier drawn by the peace treaty of 1940.",
    )
    assert not _events_of(atlas, first, {"treaty", "conference"})
    # the one treaty of that year, looked back to from the report's own date
    assert {f: d for f, d in second.items() if f in of_1940} == dict.fromkeys(of_1940, "backward")


def test_a_short_event_is_named_by_its_day_and_words_of_its_name(atlas):
    _need(atlas, "event-1945-elbe-day")
    first, second = _narrative_links(
        atlas,
        "On 25 April 1945 American and Soviet troops met at Torgau on the Elbe.\n\n"
        "On 25 April 1945 the Soviet troops took Pillau.",
    )
    assert first.get("event-1945-elbe-day") == "current"
    # the same day and the same troops, but nothing of the meeting's own name
    assert "event-1945-elbe-day" not in second


def _later_lines(atlas, ids, after: str) -> set[str]:
    feats = atlas.features
    rows = feats[feats["id"].isin(list(ids)) & (feats["kind"] == "line")]
    return set(rows[rows["start_date"].astype(str) >= after]["id"])


def test_a_report_of_armies_on_a_river_is_not_the_frontier_drawn_there_later(atlas):
    report, promise = _narrative_links(
        atlas,
        "In March 1945 the Soviet armies stood on the Neisse.\n\n"
        "In March 1945 the three powers agreed that the Neisse would be the frontier.",
    )
    assert not _later_lines(atlas, report, "1945-04-01")
    # an agreement looks forward: the line drawn later is what it meant
    assert _later_lines(atlas, promise, "1945-04-01")


def test_a_signing_by_place_and_day_is_not_another_instrument_signed_there(atlas):
    feats = atlas.features
    signed = feats[(feats["kind"] == "event") & (feats["status"] == "treaty")]
    that_day = set(signed[signed["start_date"].astype(str) == "1945-08-16"]["id"])
    assert len(that_day) == 1
    (linked,) = _narrative_links(
        atlas,
        "Under the agreement signed in Moscow on 16 August 1945, the Poles were to have Białystok.",
    )
    # the agreement of that day; not a treaty signed in Moscow two days before
    assert _events_of(atlas, linked, {"treaty", "conference"}) == that_day


def test_countries_named_in_one_list_are_grounds_not_actors(atlas):
    (linked,) = _narrative_links(
        atlas, "Belgium, the Netherlands and Luxembourg were occupied in May 1940."
    )
    # each country of the list is occupied like the others: none is the power that holds them
    assert _of_kind_and_power(atlas, linked, "control", "Germany")
    assert not {
        p
        for p in ("Belgium", "Netherlands", "Luxembourg")
        if _of_kind_and_power(atlas, linked, "control", p)
    }


def test_a_state_admitting_a_country_into_itself_annexes_it(atlas):
    feats = atlas.features
    admitted, defeat = _narrative_links(
        atlas,
        "On 5 August 1940 the Supreme Soviet admitted Latvia into the Union.\n\n"
        "In 1946 the Soviet government admitted defeat in the talks on Latvia.",
    )
    # the holds it links are the annexation's (the occupation event it closed may be linked
    # too, as for "annexed")
    rows = feats[feats["id"].isin(list(admitted)) & (feats["kind"] != "event")]
    assert set(rows["status"]) == {"annexed"} and set(rows["power"]) == {"USSR"}
    # admitting a fact is no change of hands
    assert not _of_kind_and_power(atlas, defeat, "control", "USSR")


def _new_holds_of(atlas, ids, power: str, day: str) -> set[str]:
    """Those of ``ids`` that are control held by ``power`` and begin on ``day``."""
    feats = atlas.features
    rows = feats[feats["id"].isin(list(ids)) & (feats["kind"] == "control")]
    rows = rows[(rows["power"] == power) & (rows["start_date"].astype(str) == day)]
    return set(rows["id"])


def test_a_country_taken_out_of_the_war_or_changing_sides_unnamed_is_its_new_state(atlas):
    out, switched = _narrative_links(
        atlas,
        "On 23 August 1944 the young king took Romania out of the war.\n\n"
        "Romania had fought beside Germany since June 1941. On 23 August 1944 a new government"
        " in Bucharest changed sides.",
    )
    # the new state of the country's own ground, begun that day
    assert _new_holds_of(atlas, out, "Romania", "1944-08-23")
    # the second sentence names no country: the one the text spoke of last
    assert _new_holds_of(atlas, switched, "Romania", "1944-08-23")


def test_a_unit_called_by_a_possessive_is_the_powers_own(atlas):
    (linked,) = _narrative_links(
        atlas,
        "France received its Vienna sector only in September 1945, when the British handed over"
        " two western districts.",
    )
    feats = atlas.features
    sectors = feats[feats["id"].isin(list(linked)) & (feats["kind"] == "sector")]
    # "its" is France's: never another power's sectors found across the city
    assert set(sectors["power"]) <= {"France"}
