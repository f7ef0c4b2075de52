"""Rules from the failures of the second tuning set (tests/data/primary/links_gold_dev2.csv,
all dev): how a dated treaty text speaks. Each test is a sentence of its own, on the bundled
atlas, that fails without its rule (or gazetteer row)."""

from __future__ import annotations

from bundled import need as _need
from bundled import passage_links as _passages
from bundled import sentence_links as _links

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def test_a_date_naming_an_earlier_treaty_does_not_date_a_dated_text(atlas):
    _need(atlas, "petsamo-ussr-1944", "event-1940-moscow-peace")
    linked = _links(
        atlas,
        "Finland shall return Petsamo to the Soviet Union, which left it to Finland by the treaty of 1920.",
        "1944-09-19",
    )
    assert linked.get("petsamo-ussr-1944") == "forward"
    # the date still names the treaty: found by its day, and looked back to
    linked = _links(atlas, "The peace treaty of 12 March 1940 is restored.", "1944-09-19")
    assert linked.get("event-1940-moscow-peace") == "backward"


def test_the_operative_present_of_a_treaty_is_an_agreement_and_giving_back_a_transfer(atlas):
    _need(atlas, "petsamo-ussr-1944")
    linked = _links(atlas, "Finland gives back Petsamo to the Soviet Union.", "1944-09-19")
    assert linked.get("petsamo-ussr-1944") == "forward"


def test_a_promise_to_leave_a_place_links_the_next_holder(atlas):
    _need(atlas, "china-manchuria-1946")
    linked = _links(atlas, "The Red Army will withdraw from Manchuria after the war.", "1945-08-14")
    assert linked.get("china-manchuria-1946") == "forward"


def test_a_frontier_between_two_countries_moves_the_land_along_it_the_day_it_is_fixed(atlas):
    _need(atlas, "ussr-annexation-eastern-poland-1945")
    linked = _links(
        atlas,
        "The frontier between Poland and the Soviet Union shall follow the Curzon Line.",
        "1945-08-16",
    )
    assert linked.get("ussr-annexation-eastern-poland-1945") == "current"


def test_a_power_s_interest_in_a_place_is_its_sphere_not_a_later_annexation(atlas):
    _need(atlas, "sphere-1939-ussr-bessarabia", "ussr-bessarabia-1940")
    linked = _links(atlas, "The Soviet Union declares its interest in Bessarabia.", "1939-08-23")
    assert linked.get("sphere-1939-ussr-bessarabia") == "current"
    assert "ussr-bessarabia-1940" not in linked


def test_spheres_in_force_at_the_text_s_date_keep_out_those_drawn_later(atlas):
    _need(atlas, "sphere-1939-germany-lithuania", "sphere-1939-ussr-lithuania")
    linked = _links(
        atlas,
        "Finland, Estonia, Latvia and Lithuania are divided into spheres of influence.",
        "1939-08-23",
    )
    assert linked.get("sphere-1939-germany-lithuania") == "current"
    assert "sphere-1939-ussr-lithuania" not in linked


def test_places_the_treaties_name_are_in_the_gazetteer(atlas):
    _need(atlas, "carpatho-ukraine-ussr-1944", "porkkala-lease-1944")
    linked = _links(
        atlas, "Transcarpathian Ukraine is reunited with the Soviet Ukraine.", "1945-06-29"
    )
    assert linked.get("carpatho-ukraine-ussr-1944") == "forward"
    linked = _links(atlas, "Finland leases the Porkkala area to the Soviet Union.", "1944-09-19")
    assert linked.get("porkkala-lease-1944") == "forward"


def test_the_frontier_spoken_of_again_is_the_one_just_linked_and_the_new_one_is_that_day_s(
    atlas,
):
    _need(atlas, "line-polish-soviet-border-1945", "line-curzon-1919")
    first = "The frontier between Poland and the Soviet Union shall follow the Curzon Line.\n\n"
    _lines, new = _passages(atlas, first + "A commission will mark the new frontier.", "1945-08-16")
    assert new.get("line-polish-soviet-border-1945") == "current"
    assert "line-curzon-1919" not in new  # drawn in 1919: not new
    _lines, same = _passages(atlas, first + "A commission will mark this frontier.", "1945-08-16")
    assert "line-curzon-1919" in same and "line-polish-soviet-border-1945" in same


def test_a_treaty_put_back_into_force_links_what_it_made_that_holds_again(atlas):
    _need(atlas, "ussr-finland-cession-1940", "event-1940-moscow-peace")
    linked = _links(atlas, "The Moscow Peace Treaty is again in force.", "1944-09-19")
    assert linked.get("ussr-finland-cession-1940") == "current"
    assert "line-1940-finland-border" not in linked  # it ended in 1941


def test_a_right_given_up_looks_back_to_the_hold_it_was(atlas):
    _need(atlas, "ussr-hanko-1940")
    linked = _links(atlas, "The Soviet Union renounces its rights to Hanko.", "1944-09-19")
    assert linked.get("ussr-hanko-1940") == "backward"


def test_zones_called_by_their_side_go_to_the_powers_named(atlas):
    _need(atlas, "zone-germany-soviet", "zone-germany-us", "zone-germany-french-north")
    _germany, sides = _passages(
        atlas,
        "Germany will be occupied by the Allies.\n\n"
        "The eastern zone goes to the Soviet Union and the south-western zone to the United States.",
        "1945-06-05",
    )
    assert sides.get("zone-germany-soviet") == "forward"
    assert sides.get("zone-germany-us") == "forward"
    assert "zone-germany-french-north" not in sides  # France is not named


def test_more_places_the_treaties_name_are_in_the_gazetteer(atlas):
    _need(atlas, "hungary-northern-transylvania-1940")
    linked = _links(atlas, "Romania hands over Northern Transylvania to Hungary.", "1940-08-30")
    assert linked.get("hungary-northern-transylvania-1940") == "current"
