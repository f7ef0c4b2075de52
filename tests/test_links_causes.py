"""Link rules added from the error analysis of issue #14 (dev part of the gold sets): each
test is a small sentence of its own, on the bundled atlas, that fails without its rule."""

from __future__ import annotations

from bundled import need as _need

from spheremap.documents import parse_document
from spheremap.links import Corpus
from spheremap.places import default_gazetteer

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def _links(atlas, text: str, date: str | None = None) -> list[dict[str, str]]:
    """The links of each passage of a small markdown text (optionally dated)."""
    head = f"---\ntitle: t\ndate: {date}\n---\n\n" if date else ""
    doc = parse_document(head + text, "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


# ------------------------------------------------------------------ spheres need their words


def test_a_sphere_needs_a_word_for_spheres(atlas):
    _need(atlas, "sphere-1939-ussr-bessarabia", "ussr-bessarabia-1940")
    (linked,) = _links(
        atlas, "In June 1940 the Soviet Union demanded that Romania hand over Bessarabia."
    )
    assert "sphere-1939-ussr-bessarabia" not in linked
    (linked,) = _links(
        atlas, "In 1939 Bessarabia was placed in the Soviet sphere of influence by the protocol."
    )
    assert "sphere-1939-ussr-bessarabia" in linked


def test_signing_the_protocols_names_the_signing_not_the_spheres(atlas):
    _need(atlas, "sphere-1939-germany-poland-west")
    (linked,) = _links(
        atlas,
        "Days after the signing of the pact and its secret protocols, on 1 September 1939, "
        "Germany invaded Poland.",
    )
    assert not [f for f in linked if f.startswith("sphere-")]


def test_a_verb_of_taking_does_not_carry_over_to_the_next_sentence(atlas):
    _need(atlas, "germany-france-occupied-zone-1940")
    (linked,) = _links(
        atlas,
        "In 1940 the Red Army was occupying Latvia. France and Britain were at war with Germany.",
    )
    assert not [f for f in linked if f.startswith("germany-france")]


# ------------------------------------------------------------------ forward statements


def test_a_promise_is_about_what_it_changes_not_the_ground_held_now(atlas):
    _need(atlas, "germany-france-occupied-zone-1940", "event-1944-normandy-landings")
    text = (
        "Stalin asked the western leaders to proceed with the invasion of German-occupied France."
    )
    (linked,) = _links(atlas, text, date="1943-12-01")
    assert linked.get("event-1944-normandy-landings") == "forward"
    assert not [f for f in linked if f.startswith(("germany-france", "vichy-", "italian-"))]
    text = "Italy cedes to France the villages of Tende and La Brigue."
    (linked,) = _links(atlas, text, date="1947-02-10")
    assert linked.get("france-tende-briga-1947") == "forward"
    assert "allied-zone-a-venezia-giulia-1945" not in linked  # held then, not ceded


def test_a_line_not_spoken_of_is_drawn_by_the_agreement_itself(atlas):
    _need(atlas, "line-koenigsberg-1945")
    (linked,) = _links(
        atlas, "In December 1943 Stalin asked for the northern part of East Prussia."
    )
    assert "line-koenigsberg-1945" not in linked  # drawn at Potsdam, twenty months on
    text = "The conference agrees to the transfer of the northern part of East Prussia."
    (linked,) = _links(atlas, text, date="1945-08-01")
    assert linked.get("line-koenigsberg-1945") == "forward"


# ------------------------------------------------------------------ taking and invading


def test_a_conquest_dated_by_its_year_links_its_steps_and_its_result(atlas):
    _need(atlas, "germany-france-1940-a", "germany-france-occupied-zone-1940")
    (linked,) = _links(atlas, "In 1940 the German army conquered France.")
    assert {"germany-france-1940-a", "germany-france-occupied-zone-1940"} <= set(linked)


def test_an_invasion_is_its_event_not_the_ground_held_while_advancing(atlas):
    _need(atlas, "event-1939-invasion-poland-ussr", "ussr-poland-1939-b")
    (linked,) = _links(atlas, "In September 1939 the Red Army invaded Poland from the east.")
    assert "event-1939-invasion-poland-ussr" in linked
    assert not [f for f in linked if f.startswith("ussr-poland-1939")]


def test_an_occupation_carries_out_a_demand_only_when_it_follows_at_once(atlas):
    _need(atlas, "event-1940-bessarabia", "ussr-bessarabia-1940")
    (linked,) = _links(atlas, "In August 1939 Germany supported the Soviet claim to Bessarabia.")
    assert linked.get("ussr-bessarabia-1940") == "forward"  # the hold realised the claim
    assert "event-1940-bessarabia" not in linked  # ten months on: not the act of that claim
    (linked,) = _links(
        atlas, "On 26 June 1940 the Soviet Union demanded that Romania return Bessarabia."
    )
    assert linked.get("event-1940-bessarabia") == "forward"  # carried out two days later


def test_a_country_promised_land_links_its_first_main_gain_on_the_side_named(atlas):
    _need(atlas, "poland-administration-1945", "poland-administration-stettin-1945")
    text = "The powers agree that Poland shall gain land in the west."
    (linked,) = _links(atlas, text, date="1945-02-11")
    assert linked.get("poland-administration-1945") == "forward"
    assert "poland-administration-stettin-1945" not in linked  # a small piece of it
    (linked,) = _links(atlas, text.replace("west", "south"), date="1945-02-11")
    assert "poland-administration-1945" not in linked


# ------------------------------------------------------------------ time carried on


def test_an_undated_sentence_carries_the_story_on_to_a_battle_at_the_place_it_names(atlas):
    _need(atlas, "event-1941-battle-moscow")
    text = (
        "On 22 June 1941 Germany invaded the Soviet Union. Unprepared, the Red Army let the "
        "German army almost reach the gates of Moscow."
    )
    (linked,) = _links(atlas, text)
    assert linked.get("event-1941-battle-moscow") == "forward"
    # a year is no point a story carries on from
    (linked,) = _links(atlas, text.replace("On 22 June 1941", "In 1940"))
    assert "event-1941-battle-moscow" not in linked


def test_an_event_described_by_actor_kind_and_place_is_meant_whenever_told(atlas):
    _need(atlas, "event-1941-barbarossa")
    text = "In 1946 Stalin still spoke of the German invasion of the Soviet Union."
    (linked,) = _links(atlas, text)
    assert linked.get("event-1941-barbarossa") == "backward"
    (linked,) = _links(atlas, text.replace("German", "Japanese"))
    assert "event-1941-barbarossa" not in linked  # not the event of that actor


def test_a_war_between_two_powers_is_a_word_for_its_battles(atlas):
    _need(atlas, "event-1939-winter-war")
    (linked,) = _links(
        atlas, "In January 1940 the war between the Soviet Union and Finland went on."
    )
    assert linked.get("event-1939-winter-war") == "current"


# ------------------------------------------------------------------ frontiers


def test_a_frontier_fixed_for_a_side_of_a_country_moves_the_land_along_it(atlas):
    _need(atlas, "ussr-annexation-eastern-poland-1945")
    text = "The powers agree that the eastern frontier of Poland shall follow the Curzon Line."
    (linked,) = _links(atlas, text, date="1945-02-11")
    assert linked.get("ussr-annexation-eastern-poland-1945") == "forward"


def test_a_frontier_redrawn_links_the_line_the_agreement_draws_near_the_places_it_names(atlas):
    _need(atlas, "line-1940-finland-border")
    text = "The frontier shall be redrawn so that the city of Vyborg passes to the Soviet Union."
    (linked,) = _links(atlas, text, date="1940-03-12")
    assert linked.get("line-1940-finland-border") == "forward"
    (linked,) = _links(atlas, text, date="1939-03-12")  # no line drawn within the month
    assert "line-1940-finland-border" not in linked


def test_a_place_put_under_a_powers_control_links_that_powers_zone_there(atlas):
    _need(atlas, "zone-germany-bremen-enclave-1945")
    text = "The city of Bremen shall be under the control of the United States."
    (linked,) = _links(atlas, text, date="1944-11-14")
    assert linked.get("zone-germany-bremen-enclave-1945") == "forward"
    (linked,) = _links(atlas, text.replace("the United States", "France"), date="1944-11-14")
    assert "zone-germany-bremen-enclave-1945" not in linked  # not France's


def test_a_place_named_by_an_adjective_before_a_noun_is_not_its_territory(atlas):
    _need(atlas, "ussr-occupation-manchuria-1945")
    text = "The Soviet Union shall be granted the Manchurian railroads."
    (linked,) = _links(atlas, text, date="1945-02-11")
    assert "ussr-occupation-manchuria-1945" not in linked
    (linked,) = _links(
        atlas, text.replace("the Manchurian railroads", "Manchuria"), date="1945-02-11"
    )
    assert linked.get("ussr-occupation-manchuria-1945") == "forward"


def test_dividing_into_spheres_also_means_the_dividing_line(atlas):
    _need(atlas, "line-1939-pisa-narew-vistula-san", "sphere-1939-ussr-poland-east")
    text = "In 1939 a secret protocol divided Poland into two spheres of influence."
    (linked,) = _links(atlas, text)
    assert "sphere-1939-ussr-poland-east" in linked
    assert "line-1939-pisa-narew-vistula-san" in linked
    (linked,) = _links(atlas, text.replace("divided", "mentioned"))
    assert "line-1939-pisa-narew-vistula-san" not in linked


def test_recovering_a_land_is_its_annexation_not_the_occupation_weeks_before(atlas):
    _need(atlas, "ussr-poland-annexed-1939", "ussr-poland-1939-b")
    (linked,) = _links(atlas, "In August 1939 the Soviet Union would recover eastern Poland.")
    assert linked.get("ussr-poland-annexed-1939") == "forward"
    assert "ussr-poland-1939-b" not in linked
