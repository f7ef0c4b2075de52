"""Pass 9a: general readings of primary instruments (treaties, decrees, declarations,
ultimatums, armistices), each tested with sentences of our own (about no gold text)."""

from __future__ import annotations

import pytest
from bundled import covering, passage_links, sentence_links


def _linked(atlas, links, kind: str | None = None):
    """The rows of the linked features (one per id), optionally of one kind."""
    feats = atlas.features[atlas.features["id"].isin(list(links))]
    if kind is not None:
        feats = feats[feats["kind"] == kind]
    return feats.drop_duplicates("id")


def _own_state_powers(atlas, links) -> set[str]:
    """The powers of the linked sovereign holds (a state's own ground)."""
    feats = _linked(atlas, links, "control")
    return set(feats[feats["status"] == "sovereign"]["power"])


@pytest.mark.parametrize(
    ("sentence", "date", "power"),
    [
        (
            "After the collapse of the former Polish state, the two governments fix the "
            "frontier between their interests.",
            "1939-10-01",
            "Poland",
        ),
        (
            "The decree says that the Czecho-Slovak state had fallen apart and could not be "
            "restored.",
            "1939-03-20",
            "Czechoslovakia",
        ),
        ("In April 1941 Yugoslavia ceased to exist.", "1946-01-01", "Yugoslavia"),
    ],
)
def test_a_state_that_fell_apart_links_its_own_hold_that_ended_then(atlas, sentence, date, power):
    """A state's end ("had fallen apart", "ceased to exist", "the collapse of the former
    Polish state") links the state's own hold on its ground that ended at that time."""
    links = sentence_links(atlas, sentence, date)
    assert power in _own_state_powers(atlas, links), links


def test_breaking_up_something_else_is_no_states_end(atlas):
    """A verb of breaking up with an object ("broke up the great estates") is not a state's
    end, though a state is named just after it at the time it ended."""
    links = sentence_links(
        atlas,
        "In March 1939 a decree broke up the estates of Czechoslovakia.",
        "1950-01-01",
    )
    assert not _own_state_powers(atlas, links), links


@pytest.mark.parametrize("since", ["since that date", "since that day", "since then"])
def test_changes_since_that_date_take_the_date_written_before(atlas, since):
    """ "Any change made in Austria since that date": the date is the last one written before
    it in the sentence; the holds another power took of the ground from then on are linked."""
    links = sentence_links(
        atlas,
        "The Allies regard the seizure of Austria by Germany on 12 March 1938 as void and "
        f"will not be bound by any change made in Austria {since}.",
        "1944-01-01",
    )
    feats = _linked(atlas, links, "control")
    assert "Germany" in set(feats[feats["status"] == "annexed"]["power"]), links


@pytest.mark.parametrize("country", ["Lithuania", "Estonia"])
def test_troops_let_into_a_baltic_state_link_the_baltic_occupation_too(atlas, country):
    """The Soviet occupation of June 1940 is an event of each Baltic state (the gazetteer
    lists it for each): a demand that Soviet troops be let into one of them links it, as
    well as the occupation of that state (Latvia is left out: the event's point lies in it,
    so it was found there before)."""
    links = sentence_links(
        atlas,
        f"The Soviet government demands that the Red Army be let into {country} at once.",
        "1940-06-14",
    )
    feats = _linked(atlas, links)
    events = feats[(feats["kind"] == "event") & (feats["status"] == "occupied")]
    assert "USSR" in set(events["power"]), links


def test_an_armistice_clause_on_the_cost_of_keeping_troops_is_economic(atlas):
    """Who pays for keeping an occupier's troops on a ground is an economic clause: it does
    not link the holds found on that ground by its words."""
    links = sentence_links(
        atlas,
        "Belgium bears the cost of keeping the German troops of occupation on Belgian soil.",
        "1940-05-29",
    )
    assert not len(_linked(atlas, links, "control")), links


def test_the_occupied_and_unoccupied_parts_spoken_of_again(atlas):
    """ "Throughout the occupied regions" (no place named after it) links the occupation the
    text spoke of last; "the territory left unoccupied" links the hold of another power
    made beside it at the same time (not an occupation)."""
    text = (
        "Under this armistice German troops are to occupy the French territory north and "
        "west of a line through Bourges and Tours.\n\n"
        "Throughout the occupied regions the German commanders give the orders.\n\n"
        "The French government is to rule the territory left unoccupied from a town of its "
        "choice."
    )
    first, occupied, free = passage_links(atlas, text, "1940-06-22")
    held = _linked(atlas, occupied, "control")
    assert set(held["power"]) == {"Germany"} and set(held["status"]) == {"occupied"}, occupied
    assert set(held["id"]) <= set(first), (first, occupied)
    left = _linked(atlas, free, "control")
    assert len(left) and "occupied" not in set(left["status"]), free
    assert "Germany" not in set(left["power"]), free


@pytest.mark.parametrize(
    "sentence",
    [
        "The German government gives up all claims to the Lithuanian strip.",
        "By this protocol Germany renounces its claim to the strip of Lithuanian territory.",
    ],
)
def test_a_claim_given_up_links_the_others_arrangement_made_that_day(atlas, sentence):
    """A claim to a ground given up links what the ground became that day for another power
    (the gazetteer's features of the place begun on the text's day), not the giver's own
    that ends, nor a hold of another state found at the place's point."""
    links = sentence_links(atlas, sentence, "1941-01-10")
    spheres = _linked(atlas, links, "sphere")
    assert set(spheres["power"]) == {"USSR"}, links
    assert not len(_linked(atlas, links, "control")), links


@pytest.mark.parametrize(
    "sentence",
    [
        "Soviet troops are to be let into Latvia and Estonia freely.",
        "Latvia and Estonia are to let Soviet troops into the country without hindrance.",
    ],
)
def test_troops_let_into_countries_listed_or_named_before(atlas, sentence):
    """Troops let into "Latvia and Estonia" go into each country of the list, not only the
    first; "Latvia and Estonia are to let troops into the country": each of them."""
    links = sentence_links(atlas, sentence, "1940-06-14")
    held = _linked(atlas, links, "control")
    occupied = held[(held["status"] == "occupied") & (held["power"] == "USSR")]
    assert covering(atlas, list(occupied["id"]), 24.75, 59.44), links  # Tallinn
    assert covering(atlas, list(occupied["id"]), 24.11, 56.95), links  # Riga


def test_a_states_rule_subject_to_its_occupiers_commander_links_the_occupation(atlas):
    """A state's rule made subject to an occupier's commander links the occupation of that
    state (named by its power's adjective) in force then."""
    links = sentence_links(
        atlas,
        "From that day the powers of the Japanese cabinet were subject to the American "
        "Supreme Commander.",
        "1945-09-10",
    )
    held = _linked(atlas, links, "control")
    occupied = held[held["status"] == "occupied"]
    assert covering(atlas, list(occupied["id"]), 139.69, 35.69), links  # Tokyo
