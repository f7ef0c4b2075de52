"""Pass 9b: general readings of narrative prose, each tested with sentences of our own (about
no gold text)."""

from __future__ import annotations

import pytest
from bundled import covering, holds_begun_near, passage_links, sentence_links


@pytest.mark.parametrize(
    "sentence",
    [
        "The port city of Stettin had been given to the Poles on 5 July 1945.",
        "On 5 July 1945 Stettin was handed to the Polish authorities.",
    ],
)
def test_a_town_given_to_a_power_on_a_day_links_the_hold_begun_then(atlas, sentence):
    """A town "given to" or "handed to" a power on a day is a change of hands like a
    capture: the hold begun at the town that day is linked."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "Poland" in holds_begun_near(atlas, links, 14.55, 53.43, "1945-07-05"), links


def _events(atlas, links) -> set[str]:
    feats = atlas.features
    return set(feats[feats["id"].isin(list(links)) & (feats["kind"] == "event")]["id"])


@pytest.mark.parametrize(
    "later",
    [
        "In January 1940 the war still went badly for the attacker.",
        "By the end of January 1940 the campaign had cost the Red Army dearly.",
    ],
)
def test_the_war_spoken_of_again_is_the_war_named_before(atlas, later):
    """ "The war" (or "the campaign") without a name, in a later passage whose time lies
    within the war the text linked last, is that war."""
    text = f"On 30 November 1939 the Red Army attacked Finland.\n\n{later}"
    first, second = passage_links(atlas, text, "1950-01-01")
    wars = _events(atlas, first)
    assert wars, first
    assert wars <= set(second), second


def test_the_war_a_country_stays_out_of_is_not_the_war_named_before(atlas):
    """ "Out of the war", "entered the war": the wider war, not the one named before."""
    text = (
        "On 30 November 1939 the Red Army attacked Finland.\n\n"
        "In January 1940 Sweden stayed out of the war."
    )
    first, second = passage_links(atlas, text, "1950-01-01")
    assert _events(atlas, first), first
    assert not _events(atlas, first) & set(second), second


def _battles_begun(atlas, links, day: str) -> set[str]:
    """The powers of the linked battle events that began on ``day`` (read from their rows)."""
    feats = atlas.features
    rows = feats[
        feats["id"].isin(list(links))
        & (feats["kind"] == "event")
        & (feats["status"] == "battle")
        & (feats["start_date"].astype(str) == day)
    ]
    return set(rows["power"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The people of Prague rose up against the German garrison on 5 May 1945.",
        "On 5 May 1945 Prague rose in revolt.",
    ],
)
def test_a_town_that_rises_links_its_uprising(atlas, sentence):
    """A rising told by its verb ("rose up against", "rose in revolt") is a battle's word,
    like "uprising": the rising at the town on that day is linked."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "Czechoslovakia" in _battles_begun(atlas, links, "1945-05-05"), links


def test_a_rise_that_is_no_rising_links_no_battle(atlas):
    """ "Prices rose" is no rising."""
    links = sentence_links(atlas, "In Prague prices rose sharply on 5 May 1945.", "1950-01-01")
    assert not _battles_begun(atlas, links, "1945-05-05"), links


@pytest.mark.parametrize(
    "sentence",
    [
        "Heavy fighting broke out in Slovakia on 29 August 1944.",
        "On 29 August 1944 Slovakia rose against the Germans.",
    ],
)
def test_slovakia_is_the_slovak_states_ground(atlas, sentence):
    """Slovakia (the state of 1939-1944) stands for its own ground, as other countries do:
    a battle inside it at the sentence's time is found by its name."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "Czechoslovakia" in _battles_begun(atlas, links, "1944-08-29"), links


def _sovereign_powers_later(atlas, links, lon: float, lat: float, after: str) -> set[str]:
    """The powers of the linked sovereign holds covering the point that began after ``after``
    (read from the features' rows)."""
    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    rows = feats[
        feats["id"].isin(ids)
        & (feats["kind"] == "control")
        & (feats["status"] == "sovereign")
        & (feats["start_date"].astype(str) > after)
    ]
    return set(rows["power"])


@pytest.mark.parametrize(
    "sentence",
    [
        "By the terms of the armistice, Romania was to recover northern Transylvania.",
        "The Allies promised that Romania would regain northern Transylvania.",
    ],
)
def test_the_state_that_regains_ground_is_its_receiver(atlas, sentence):
    """The state named just before a verb of regaining ("Romania was to recover ...") is
    the one the ground goes to: its own rule there, begun later, is what was promised (in
    a text of that day)."""
    links = sentence_links(atlas, sentence, "1944-09-12")
    assert "Romania" in _sovereign_powers_later(atlas, links, 23.6, 46.8, "1944-09-12"), links


def _powers_holding(atlas, links, lon: float, lat: float) -> set[str]:
    """The powers of the linked control features covering the point."""
    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    return set(feats[feats["id"].isin(ids) & (feats["kind"] == "control")]["power"])


@pytest.mark.parametrize(
    "sentence",
    [
        "In August 1945 the Americans proposed that the Japanese south of the 38th parallel "
        "should surrender to them.",
        "In August 1945 the Americans, short of troops, asked that Japanese forces south of "
        "the 38th parallel surrender to them and those north of it to the Red Army.",
    ],
)
def test_them_as_receiver_is_the_power_the_sentence_named_first(atlas, sentence):
    """ "... would surrender to them": the pronoun stands for the sentence's subject (the
    power named first), not for those who surrender; the ground south of the line links
    that power's hold (Seoul)."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "US" in _powers_holding(atlas, links, 126.98, 37.57), links


def _occupations_during(atlas, links, day: str) -> set[str]:
    """The powers of the linked occupation events in progress on ``day`` (from their rows)."""
    import pandas as pd

    feats = atlas.features
    rows = feats[
        feats["id"].isin(list(links)) & (feats["kind"] == "event") & (feats["status"] == "occupied")
    ]
    when = pd.Timestamp(day)
    return {
        str(r.power)
        for r in rows.itertuples()
        if pd.Timestamp(str(r.start_date)) <= when <= pd.Timestamp(str(r.end_date))
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow admitted Latvia on 5 August 1940.",
        "On 5 August 1940 the Supreme Soviet admitted Latvia as a Soviet republic.",
    ],
)
def test_the_annexation_that_closes_an_occupation_is_told_by_the_occupation_too(atlas, sentence):
    """A country admitted into a state (the vocabulary's word of annexation) while the
    occupation of it is under way: the occupation event is linked, as with "annexed"."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "USSR" in _occupations_during(atlas, links, "1940-08-05"), links


def _holds_begun_in(atlas, links, lon: float, lat: float, month: str) -> set[str]:
    """The powers of the linked control features covering the point begun in ``month``
    (YYYY-MM), read from the features' rows."""
    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    rows = feats[
        feats["id"].isin(ids)
        & (feats["kind"] == "control")
        & feats["start_date"].astype(str).str.startswith(month)
    ]
    return set(rows["power"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Soviet troops left Manchuria in May 1946.",
        "The Soviet army was to leave Manchuria soon after the war; in fact it remained there "
        "until May 1946.",
    ],
)
def test_a_report_of_leaving_links_the_next_holder(atlas, sentence):
    """Forces reported to leave a place ("left Manchuria in May 1946", "it remained there
    until May 1946": the pronoun is the forces named before) make the next holder's hold
    begun then: China's, at Harbin."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    assert "China" in _holds_begun_in(atlas, links, 126.63, 45.75, "1946-05"), links


def test_troops_left_somewhere_leave_nothing(atlas):
    """ "The troops left on its soil" is a participle: nobody leaves."""
    links = sentence_links(
        atlas,
        "The Soviet troops left on its soil in May 1946 were few, the Chinese said of Manchuria.",
        "1950-01-01",
    )
    assert "China" not in _holds_begun_in(atlas, links, 126.63, 45.75, "1946-05"), links


def _statuses_of(atlas, links, power: str) -> set[str]:
    """The statuses of the linked control features of ``power`` (from their rows)."""
    feats = atlas.features
    rows = feats[
        feats["id"].isin(list(links)) & (feats["kind"] == "control") & (feats["power"] == power)
    ]
    return set(rows["status"])


def test_a_territory_spoken_of_again_as_a_protectorate_links_that_hold(atlas):
    """ "From 17 December 1947 it was a protectorate", in a passage that names no place:
    the territory the text named last holds the protectorate begun then."""
    text = (
        "In 1946 the French cut the Saar off from their zone of occupation.\n\n"
        "From 17 December 1947 it was a protectorate with a constitution of its own."
    )
    links = passage_links(atlas, text, "1950-01-01")[1]
    assert "protectorate" in _statuses_of(atlas, links, "France"), links


def test_the_saar_stands_for_its_ground(atlas):
    """The Saar stands for its own ground (the territory of its protectorate), so a text can
    speak of it again: the protectorate it became is found inside it."""
    links = sentence_links(
        atlas,
        "In 1946 the French cut the Saar off from their zone, and it became a protectorate "
        "on 17 December 1947.",
        "1950-01-01",
    )
    assert "protectorate" in _statuses_of(atlas, links, "France"), links


@pytest.mark.parametrize(
    "later",
    [
        "The Red Army crossed the Dniester on 28 June 1940 and had occupied the ceded lands "
        "by 3 July.",
        "By 3 July 1940 Soviet troops had occupied all the provinces ceded.",
    ],
)
def test_the_ceded_provinces_carry_on_the_territories_named_before(atlas, later):
    """ "The ceded provinces" (lands, regions ...), in a sentence naming no territory, are
    the territories the text named last: the occupation event listed for them, in progress
    at the sentence's time, is linked."""
    text = f"In June 1940 Moscow demanded Bessarabia from Romania.\n\n{later}"
    links = passage_links(atlas, text, "1950-01-01")[1]
    assert "USSR" in _occupations_during(atlas, links, "1940-06-30"), links
