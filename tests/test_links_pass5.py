"""The fifth linker pass (issue #14): more general readings of a clause. Each test is a
sentence written for it, about an instrument or event of no gold file, on the bundled atlas,
seen to fail with its reading broken."""

from __future__ import annotations

from bundled import covering
from bundled import need as _need
from bundled import passage_links as _passages
from bundled import sentence_links as _links

# ``atlas``: the bundled atlas (tests/conftest.py, once per session)


def test_a_verb_of_handing_split_by_its_object_is_a_change_of_hands(atlas):
    _need(atlas, "poland-administration-stettin-1945")
    for clause in (
        "The Soviet command shall hand Stettin over to the Polish authorities.",
        "The Soviet command shall turn the town of Stettin over to Poland.",
        "The Soviet command shall hand over Stettin to the Polish authorities.",
    ):
        linked = _links(atlas, clause, "1945-07-01")
        assert linked.get("poland-administration-stettin-1945") == "forward", clause
    # "turn ... into" is no handing over
    linked = _links(atlas, "The Soviet command shall turn Stettin into a fortress.", "1945-07-01")
    assert "poland-administration-stettin-1945" not in linked


def test_the_sentence_that_performs_an_instrument_links_its_event_not_the_first_passage(atlas):
    _need(atlas, "event-1945-german-surrender", "event-1945-schwerin-border-agreement")
    text = (
        "The German delegates accept the terms laid before them by the Allied commanders.\n\n"
        "The German High Command hereby proclaims the unconditional surrender of all forces "
        "under German control, wherever they may be.\n\n"
        "All German forces are to stay where they stand."
    )
    links = _passages(atlas, text, "1945-05-07")
    assert links == [{}, {"event-1945-german-surrender": "current"}, {}], links
    # an act of another kind than the day's event is no record of it
    text = (
        "The delegates accept the terms laid before them.\n\n"
        "The parties hereby conclude a convention on the exchange of prisoners."
    )
    links = _passages(atlas, text, "1945-05-07")
    assert "event-1945-german-surrender" not in links[1], links
    # an agreement performed in a later passage, by the word its event is named with
    text = (
        "The Polish and Soviet delegations met to settle the line west of the Oder.\n\n"
        "The two governments hereby conclude an agreement on the frontier near the town."
    )
    links = _passages(atlas, text, "1945-09-21")
    assert links[1].get("event-1945-schwerin-border-agreement") == "current", links


def test_a_change_to_be_made_at_once_is_realised_within_weeks_not_years(atlas):
    _need(atlas, "dodecanese-uk-1945", "poland-administration-stettin-1945")
    clause = "The Dodecanese are to be handed over to the British."
    assert _links(atlas, clause, "1943-09-10").get("dodecanese-uk-1945") == "forward"
    # the British came in May 1945: not what a hand-over "at once" in 1943 brought
    clause = "The Dodecanese are to be handed over at once to the British."
    assert "dodecanese-uk-1945" not in _links(atlas, clause, "1943-09-10")
    # five weeks is at once
    clause = "Stettin shall be handed over to Poland at once."
    assert (
        _links(atlas, clause, "1945-06-01").get("poland-administration-stettin-1945") == "forward"
    )


def test_ground_surrendered_to_the_allies_goes_back_to_its_own_rule(atlas):
    """A ground handed to the Allies is realised by its own rule restored to one of them
    (Alsace, French again) or by its own government kept under their occupation (the
    provinces of Rome returned to the Italian government); forces that surrender are no
    ground."""
    _need(atlas, "france-liberated-1945", "italy-returned-rome-1944")
    linked = _links(atlas, "Alsace is to be surrendered to the Allies.", "1944-11-01")
    assert linked.get("france-liberated-1945") == "forward", linked
    linked = _links(atlas, "German forces in Alsace shall surrender to the Allies.", "1944-11-01")
    assert "france-liberated-1945" not in linked, linked
    linked = _links(
        atlas, "The provinces of Rome are to be surrendered to the Allies.", "1944-07-01"
    )
    assert linked.get("italy-returned-rome-1944") == "forward", linked


def test_a_country_named_as_the_subject_of_a_taking_is_the_actor_not_the_ground(atlas):
    """ "Italy had occupied Montenegro": the occupation of Montenegro, looked back to; Italy's
    own territory of the sentence's time is not what it reports."""
    _need(atlas, "italy-montenegro-1941", "italy-ljubljana-1941")
    for clause, taken in (
        ("Italy had occupied Montenegro.", "italy-montenegro-1941"),
        ("Italy annexed the Province of Ljubljana.", "italy-ljubljana-1941"),
    ):
        linked = _links(atlas, clause, "1944-06-01")
        assert linked.get(taken) == "backward", linked
        assert set(linked) == {taken}, linked


def test_a_country_s_state_territory_named_by_its_adjective_is_ground(atlas):
    """ "Hungarian state territory": Hungary's ground, as "Hungarian territory" is."""
    _need(atlas, "hungary-german-occupation-1944", "vichy-german-occupation-1942")
    linked = _links(
        atlas, "Hungarian state territory is to be occupied by German troops.", "1944-03-18"
    )
    assert linked.get("hungary-german-occupation-1944") == "forward", linked
    linked = _links(
        atlas,
        "The French state territory left unoccupied is to be occupied by German troops.",
        "1942-11-10",
    )
    assert linked.get("vichy-german-occupation-1942") == "forward", linked


def test_the_verb_of_change_picks_the_status_on_a_ground_named_by_adjective(atlas):
    _need(atlas, "germany-poland-annexed-1939")
    linked = _links(atlas, "Polish territory is to be annexed by the Reich.", "1939-08-31")
    assert set(linked) == {"germany-poland-annexed-1939"}, linked


def test_letting_a_power_s_troops_into_a_country_hands_it_to_their_occupation(atlas):
    _need(atlas, "germany-denmark-1940")
    for clause in (
        "The Danish government is to let German troops into Denmark without resistance.",
        "The Danish government is to admit German troops into Denmark.",
    ):
        linked = _links(atlas, clause, "1940-04-08")
        assert linked.get("germany-denmark-1940") == "forward", clause
    linked = _links(atlas, "The Danish government is to send envoys into Denmark.", "1940-04-08")
    assert "germany-denmark-1940" not in linked


def test_a_clause_undoing_instruments_by_maker_and_year_looks_back_to_them(atlas):
    """The German note of 22 June 1941 (no gold file has it) holds the pacts of 1939 void:
    the German-Soviet treaties of that year, and the partition of Poland they drew last (not
    the spheres of August, which the September treaty replaced), looked back to."""
    _need(atlas, "event-1939-pact-moscow", "event-1939-boundary-treaty", "line-1939-bug-line")
    feats = atlas.features.drop_duplicates("id").set_index("id")
    text = (
        "The Reich government holds that the pacts it signed with the Soviet Union in 1939 "
        "about Poland are no longer in force."
    )
    linked = _links(atlas, text, "1941-06-22")
    for fid in ("event-1939-pact-moscow", "event-1939-boundary-treaty", "line-1939-bug-line"):
        assert linked.get(fid) == "backward", linked
    spheres = [f for f in linked if feats.loc[f, "kind"] == "sphere"]
    # one sphere of each power, those in force when the pacts were voided
    assert sorted(feats.loc[spheres, "power"]) == ["Germany", "USSR"], spheres
    september = feats.loc["event-1939-boundary-treaty", "start_date"]
    assert all(feats.loc[f, "start_date"] == september for f in spheres), spheres
    # no treaty of those makers in 1940; nor a clause that names one maker only
    for text in (
        "The Reich government holds the pacts it signed with the Soviet Union in 1940 void.",
        "The Reich government holds the pacts it signed in 1939 about Poland void.",
    ):
        linked = _links(atlas, text, "1941-06-22")
        assert "event-1939-pact-moscow" not in linked, text
        assert "event-1939-boundary-treaty" not in linked, text


def test_leaving_the_territory_unnamed_is_leaving_the_one_named_last(atlas):
    _need(atlas, "turkey-hatay-1939")
    text = (
        "The Sanjak of Alexandretta is to become part of Turkey.\n\n"
        "France is to withdraw its troops and officials from the territory without delay."
    )
    links = _passages(atlas, text, "1939-06-23")
    assert links[1].get("turkey-hatay-1939") == "forward", links
    # with no territory named before, "the territory" is nothing
    text = "France is to withdraw its troops and officials from the territory without delay."
    assert _passages(atlas, text, "1939-06-23") == [{}]


def test_a_pledge_until_the_enemies_surrender_is_realised_by_each_of_their_surrenders(atlas):
    """Casablanca, January 1943 (no gold file has it): the enemies are not named."""
    _need(atlas, "event-1945-german-surrender", "event-1945-japan-surrender")
    clause = "The Allies pledge to fight on until their enemies surrender unconditionally."
    linked = _links(atlas, clause, "1943-01-24")
    assert linked.get("event-1945-german-surrender") == "forward", linked
    assert linked.get("event-1945-japan-surrender") == "forward", linked
    # the surrender of one country named is that country's only
    clause = "The Allies pledge to fight on until the unconditional surrender of Japan."
    assert "event-1945-german-surrender" not in _links(atlas, clause, "1943-01-24")


def test_a_ground_to_be_freed_from_a_power_links_that_power_s_hold_in_force(atlas):
    _need(atlas, "germany-denmark-1940")
    clause = "The Allies declare that Denmark is to be freed from German occupation."
    assert _links(atlas, clause, "1944-06-01") == {"germany-denmark-1940": "current"}
    # another power's hold there is not what is named
    clause = "The Allies declare that Denmark is to be freed from Soviet occupation."
    assert "germany-denmark-1940" not in _links(atlas, clause, "1944-06-01")


def test_the_changes_made_on_a_ground_since_a_date_are_the_holds_taken_there_since(atlas):
    """A British note of January 1941 (no gold file has it): every hold another state took
    of Romania's ground from June 1940 up to the note's day."""
    taken = {
        "ussr-bessarabia-1940",
        "ussr-northern-bukovina-1940",
        "ussr-hertsa-1940",
        "hungary-northern-transylvania-1940",
        "bulgaria-southern-dobruja-1940",
    }
    _need(atlas, *taken)
    clause = (
        "The British government does not recognise the territorial changes made in Romania"
        " since June 1940."
    )
    assert _links(atlas, clause, "1941-01-15") == dict.fromkeys(taken, "current")
    clause = clause.replace("June 1940", "January 1941")
    assert _links(atlas, clause, "1941-01-15") == {}
    # an occupation its power turned into an annexation is a step of that one change
    _need(atlas, "ussr-latvia-occupied-1940", "ussr-latvia-annexed-1940")
    clause = "The United States does not recognise the changes made in Latvia since June 1940."
    assert _links(atlas, clause, "1941-01-15") == {"ussr-latvia-annexed-1940": "current"}


def test_an_economic_clause_is_not_about_who_holds_the_ground_it_names(atlas):
    _need(atlas, "germany-danzig-1939")
    clause = (
        "The Reich grants Slovakia a free zone in the port of Danzig, through which its goods"
        " may pass without customs."
    )
    assert _links(atlas, clause, "1939-10-01") == {}
    # the same grant without words of customs or goods is read as before
    clause = "The Reich grants Slovakia a port in Danzig."
    assert _links(atlas, clause, "1939-10-01") == {"germany-danzig-1939": "current"}


def test_a_town_named_with_parts_of_it_is_spoken_of_by_those_parts(atlas):
    """The Americans taking over their boroughs of Berlin on 4 July 1945: the sectors of the
    two boroughs named, not every sector of Berlin."""
    clause = (
        "American troops took over their sector in Zehlendorf and Steglitz, in the south-west"
        " of Berlin."
    )
    linked = _links(atlas, clause, "1945-07-04")
    _need(atlas, *linked)
    feats = atlas.features.drop_duplicates("id").set_index("id")
    sectors = [f for f in linked if feats.loc[f, "kind"] == "sector"]
    assert len(sectors) == 2, linked
    linked = sectors
    # each borough named has its sector among those linked
    from spheremap.places import default_gazetteer

    for borough in ("Zehlendorf", "Steglitz"):
        place = default_gazetteer().places[borough]
        assert covering(atlas, linked, place.lon, place.lat), (borough, linked)
