"""Pass 8: general readings, each tested with sentences of our own (about no gold text)."""

from __future__ import annotations

import pytest
from bundled import covering, holds_begun_near, passage_links, sentence_links


@pytest.mark.parametrize(
    "sentence",
    [
        "Soviet paratroops landed at Mukden on 19 August 1945 and disarmed the garrison.",
        "On 19 August 1945 Soviet tank columns reached Mukden.",
    ],
)
def test_a_capture_links_the_takers_hold_not_the_losers(atlas, sentence):
    """A town taken on a day links the hold its taker began there, not a hold of the other
    side begun there within a day (the garrison's last days)."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    powers = holds_begun_near(atlas, links, 123.43, 41.80, "1945-08-19")
    assert "USSR" in powers, links
    assert "Japan" not in powers, links


@pytest.mark.parametrize(
    "sentence",
    [
        "On 13 August 1945 the British handed their sector boroughs of Wedding and "
        "Reinickendorf over to the French.",
        "In August 1945 the French got a sector in Berlin when the British handed over "
        "Wedding and Reinickendorf.",
    ],
)
def test_a_hand_over_links_the_next_holder_not_the_giver(atlas, sentence):
    """What is handed over links the hold of the one who receives it, begun then, not the
    giver's hold nor an earlier one, which ended when the next began."""
    links = sentence_links(atlas, sentence, "1950-01-01")
    feats = atlas.features[atlas.features["id"].isin(list(links))]
    held = feats[feats["kind"].isin(["control", "zone", "sector"])]
    in_wedding = covering(atlas, list(held["id"]), 13.35, 52.55)
    powers = set(held[held["id"].isin(in_wedding)]["power"])
    assert powers == {"France"}, links


def test_a_hand_over_dated_by_the_passage_before_links_the_last_holder(atlas):
    """A hand-over whose sentence takes its time from the passage before (which may take in
    the giver's own start) still links only the hold it made, the last begun."""
    text = (
        "The Western garrisons reached Berlin at the beginning of July 1945.\n\n"
        "The French got their sector only later, when the British handed over the boroughs "
        "of Wedding and Reinickendorf."
    )
    links = passage_links(atlas, text, "1950-01-01")[1]
    feats = atlas.features[atlas.features["id"].isin(list(links))]
    held = feats[feats["kind"].isin(["control", "zone", "sector"])]
    in_wedding = covering(atlas, list(held["id"]), 13.35, 52.55)
    powers = set(held[held["id"].isin(in_wedding)]["power"])
    assert powers == {"France"}, links


def test_the_other_side_of_a_line_in_an_elided_clause_goes_to_its_own_receiver(atlas):
    """ "... south of the line would surrender to X and those north of it to Y": each side
    of the line links the hold of its own receiver."""
    links = sentence_links(
        atlas,
        "On 10 August 1945 a plan was drawn up by which the Japanese south of the 38th "
        "parallel would surrender to the Americans and those north of it to the Red Army.",
        "1950-01-01",
    )
    feats = atlas.features[atlas.features["id"].isin(list(links))]
    held = feats[feats["kind"] == "control"]
    north = set(held[held["id"].isin(covering(atlas, list(held["id"]), 125.75, 39.03))]["power"])
    south = set(held[held["id"].isin(covering(atlas, list(held["id"]), 126.98, 37.57))]["power"])
    assert north == {"USSR"}, links
    assert south == {"US"}, links
