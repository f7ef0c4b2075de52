"""A general reading of a clause (issue #14, fourth pass): which change it makes (a place
joining a state, an instrument undone), which ground and which power, and which time it
speaks of. Each test is a sentence written for it, on the bundled atlas, seen to fail with
its reading broken; none comes from a gold file."""

from __future__ import annotations

import pytest
from bundled import covering, line_theatres
from bundled import need as _need
from bundled import passage_links as _passages
from bundled import sentence_links as _links

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def test_a_place_joining_a_state_is_a_change_of_hands(atlas):
    _need(atlas, "ussr-finland-cession-1940")
    for clause in (
        "The Karelian Isthmus shall become part of the Soviet Union.",
        "Vyborg shall belong to the Soviet Union.",
        "The town of Vyborg is to be incorporated into the Soviet Union.",
    ):
        linked = _links(atlas, clause, "1940-03-12")
        assert linked.get("ussr-finland-cession-1940") == "forward", clause


def test_a_clause_voiding_an_instrument_looks_back_to_the_hold_it_made(atlas):
    _need(atlas, "hungary-northern-transylvania-1940", "north-transylvania-german-occupation-1944")
    linked = _links(
        atlas,
        "The three governments regard the arbitration of Vienna as annulled, and Transylvania"
        " is to return to Romania.",
        "1944-09-12",
    )
    # the annexation the award made, not the occupation that came by arms
    assert linked.get("hungary-northern-transylvania-1940") == "backward"
    assert "north-transylvania-german-occupation-1944" not in linked
    # without words of undoing, the clause only looks forward
    linked = _links(atlas, "Transylvania is to return to Romania.", "1944-09-12")
    assert "hungary-northern-transylvania-1940" not in linked


def test_leaving_a_country_named_as_the_ground_links_its_next_holder(atlas):
    _need(atlas, "norway-liberated-1945", "us-occupation-japan-1945")
    for clause in (
        "German forces shall withdraw from the territory of Norway.",
        "Germany shall pull out its divisions from Norway and return them to Germany.",
    ):
        linked = _links(atlas, clause, "1945-05-07")
        assert linked.get("norway-liberated-1945") == "forward", clause
        assert "germany-1938" not in linked, clause
    # a country named for when the forces leave is not the ground they leave
    linked = _links(
        atlas, "German troops will leave Norway after the capitulation of Japan.", "1945-05-07"
    )
    assert "us-occupation-japan-1945" not in linked


def test_the_leaver_may_be_any_country_and_the_ground_a_place_without_territory(atlas):
    _need(atlas, "petsamo-ussr-1944")
    # Finland is no power of POWER_MENTIONS (the gazetteer names it); Petsamo is a point
    linked = _links(atlas, "Finland shall withdraw its troops from Petsamo.", "1944-09-19")
    assert linked.get("petsamo-ussr-1944") == "forward"
    # nor by its name: by the adjective the vocabulary gives it
    linked = _links(atlas, "Finnish troops shall withdraw from Petsamo.", "1944-09-19")
    assert linked.get("petsamo-ussr-1944") == "forward"


def test_a_war_promised_from_a_day_links_the_first_battle_the_powers_named_open(atlas):
    _need(atlas, "event-1945-manchuria", "event-1939-invasion-poland-germany")
    linked = _links(
        atlas,
        "From tomorrow the Soviet Union will consider itself in a state of war with Japan.",
        "1945-08-08",
    )
    assert linked.get("event-1945-manchuria") == "forward"
    linked = _links(atlas, "The Reich will be at war with Poland from 1 September.", "1939-08-25")
    assert linked.get("event-1939-invasion-poland-germany") == "forward"
    # no war: no battle
    linked = _links(
        atlas, "From tomorrow the Soviet Union will receive an envoy of Japan.", "1945-08-08"
    )
    assert "event-1945-manchuria" not in linked


def test_a_front_between_powers_named_is_the_front_line_of_the_day_between_them(atlas):
    _need(atlas, "front-east-1944-06-22", "front-west-1944-09-15", "front-italy-1943-12-31")
    linked = _links(
        atlas,
        "The front between the Red Army and the German army now stands on the Dnieper.",
        "1944-06-30",
    )
    assert linked.get("front-east-1944-06-22") == "current"
    assert "italy" not in line_theatres(atlas, linked)
    # a theatre's word picks its front; a political front is none
    linked = _links(
        atlas, "On the western front the Allied armies face the German frontier.", "1944-11-20"
    )
    assert linked.get("front-west-1944-09-15") == "current"
    assert "east" not in line_theatres(atlas, linked)
    linked = _links(
        atlas, "The Fatherland Front governs with Soviet support against Germany.", "1944-11-20"
    )
    assert line_theatres(atlas, linked) == set()


def test_a_proposal_looks_forward_like_a_promise(atlas):
    _need(atlas, "line-polish-soviet-border-1945")
    linked = _links(
        atlas,
        "The Soviet government proposes that the Soviet-Polish frontier could follow the"
        " Curzon line.",
        "1944-01-11",
    )
    assert linked.get("line-polish-soviet-border-1945") == "forward"
    # what could not be done is no proposal
    linked = _links(
        atlas,
        "The Soviet government could not let the Soviet-Polish frontier follow the Curzon line.",
        "1944-01-11",
    )
    assert "line-polish-soviet-border-1945" not in linked


def test_a_country_named_as_what_changes_is_ground_not_an_actor(atlas):
    _need(atlas, "ussr-lithuania-occupied-1940")
    for clause in (
        "The Soviet government demands the right to occupy Lithuania.",
        "The Soviet government demands that Lithuania be occupied at once.",
    ):
        linked = _links(atlas, clause, "1940-06-14")
        assert linked.get("ussr-lithuania-occupied-1940") == "forward", clause
    # a country that acts is no ground
    linked = _links(atlas, "Lithuania demands the return of Vilnius.", "1940-06-14")
    assert "ussr-lithuania-occupied-1940" not in linked


def test_an_occupation_by_several_powers_together_is_made_of_zones(atlas):
    _need(atlas, "zone-austria-soviet", "zone-austria-french", "us-sector-vienna-1945")
    linked = _links(
        atlas, "Austria shall be occupied by the forces of the four powers.", "1945-07-09"
    )
    assert {"zone-austria-soviet", "zone-austria-us", "zone-austria-british"} <= set(linked)
    assert "zone-austria-french" in linked
    assert "us-sector-vienna-1945" not in linked


def test_administering_a_ground_is_a_change_of_hands(atlas):
    _need(atlas, "poland-administration-1945")
    linked = _links(
        atlas,
        "Poland shall administer the former German territories east of the Oder and Neisse.",
        "1945-08-02",
    )
    assert "poland-administration-1945" in linked


def test_a_gain_whose_ground_is_named_is_not_the_gainer_s_first_new_hold_elsewhere(atlas):
    _need(atlas, "ussr-occupation-south-sakhalin-1945")
    linked = _links(
        atlas, "The Soviet Union shall receive the southern part of Sakhalin.", "1945-02-11"
    )
    assert linked.get("ussr-occupation-south-sakhalin-1945") == "forward"
    # the Soviet holds begun days later elsewhere (eastern Germany) are not what it receives:
    # every hold linked lies on southern Sakhalin (at Toyohara, Yuzhno-Sakhalinsk)
    holds = set(atlas.features.loc[atlas.features["kind"] == "control", "id"]) & set(linked)
    assert covering(atlas, holds, 142.73, 46.96) == sorted(holds)


def test_a_forward_clause_of_a_dated_text_speaks_at_its_date_not_at_a_past_date_it_names(atlas):
    _need(atlas, "petsamo-ussr-1944")
    linked = _links(
        atlas,
        "Finnish troops shall withdraw from Petsamo, which Finland held since 1920.",
        "1944-09-19",
    )
    assert linked.get("petsamo-ussr-1944") == "forward"


def test_a_dated_text_looking_back_to_a_surrender_links_it_backward(atlas):
    _need(atlas, "event-1945-german-surrender")
    linked = _links(
        atlas,
        "Germany was defeated and its armed forces surrendered unconditionally.",
        "1945-07-26",
    )
    assert linked.get("event-1945-german-surrender") == "backward"
    # a surrender that says when, not what: "after the capitulation of ..."
    linked = _links(
        atlas, "After the capitulation of Germany, Japan alone continued the war.", "1945-08-08"
    )
    assert "event-1945-german-surrender" not in linked


@pytest.mark.parametrize(
    "text",
    [
        "We, acting by authority of the German High Command, hereby surrender unconditionally "
        "all forces on land, sea and in the air.",
        "The German delegates accept the terms laid before them: all German forces cease "
        "active operations at once.",
    ],
)
def test_an_instrument_that_accepts_terms_is_the_record_of_its_days_treaty(atlas, text):
    """'hereby' and accepting the terms are what an instrument does on its day: its first
    passage links the treaty event of that day (the German surrender at Reims)."""
    _need(atlas, "event-1945-german-surrender")
    (links,) = _passages(atlas, text, "1945-05-07")
    assert links == {"event-1945-german-surrender": "current"}, links


def test_a_report_of_the_day_is_not_the_instrument(atlas):
    (links,) = _passages(
        atlas, "The German delegates arrived at Reims in the morning.", "1945-05-07"
    )
    assert links == {}, links
