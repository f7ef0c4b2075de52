"""Pass 9c: time and precision. Each test uses sentences of our own (about no gold text)."""

from __future__ import annotations

import pytest


def _undated_links(atlas, text: str) -> list[dict[str, str]]:
    """The links (feature -> direction) of each passage of a markdown ``text`` with no date
    of its own (as a narrative: each passage is dated by what it says, or by the one before)."""
    from spheremap.documents import parse_document
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    doc = parse_document(f"---\ntitle: t\n---\n\n{text}", "t.md", "markdown")
    corpus = Corpus.build([doc], atlas.features, default_gazetteer(), [])
    return [
        {lk.feature: lk.direction for lk in corpus.links_for_passage(p.id)} for p in doc.passages
    ]


def _kinds(atlas, links) -> set[str]:
    feats = atlas.features
    return set(feats[feats["id"].isin(list(links))]["kind"])


_BEFORE = "The western zones were settled in November 1944.\n\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "The zones were districts of military government in Germany.",
        "The occupiers spoke of the zones of Germany as districts of military government.",
    ],
)
def test_a_report_with_an_inherited_time_does_not_link_zones_begun_later(atlas, sentence):
    """A passage with no date of its own takes the time of the one before (November 1944);
    a report at that time is not about the zones drawn on the ground months later."""
    links = _undated_links(atlas, _BEFORE + sentence)[1]
    assert "zone" not in _kinds(atlas, links), links


def test_a_promise_with_an_inherited_time_still_links_what_realised_it(atlas):
    """An agreement with only an inherited time still looks ahead to what realised it."""
    links = _undated_links(
        atlas, _BEFORE + "The powers agreed that France would also have a zone in Germany."
    )[1]
    assert "zone" in _kinds(atlas, links), links
    assert set(links.values()) == {"forward"}, links


@pytest.mark.parametrize(
    "sentence",
    [
        "The zones were meant as districts of military government under a Control Council "
        "that would rule Germany.",
        "The zones of Germany were districts under a Control Council, which would meet in Berlin.",
    ],
)
def test_would_in_a_relative_clause_is_no_promise(atlas, sentence):
    """ "a Control Council that would rule": the future of what the clause describes, seen
    from the story's past; the sentence still reports, and links no zone begun later."""
    from spheremap.links import _statement_kind

    assert _statement_kind(sentence) is None
    links = _undated_links(atlas, _BEFORE + sentence)[1]
    assert "zone" not in _kinds(atlas, links), links


@pytest.mark.parametrize(
    "sentence",
    [
        "The zones in Germany would be run by a Control Council.",
        "The powers agreed that the zones would be run by a Control Council.",
    ],
)
def test_would_of_the_main_clause_is_still_a_promise(atlas, sentence):
    from spheremap.links import _statement_kind

    kind = _statement_kind(sentence)
    assert kind is not None and kind.direction == "forward"


def _share_in(atlas, fid: str, country: str) -> float:
    """The share of a feature's ground (area of its pieces) inside a country's territory as
    the gazetteer gives it (read from the geometries, not the id)."""
    import shapely

    from spheremap.places import default_gazetteer

    feats = atlas.features
    extent = default_gazetteer().places[country].extent
    ground = shapely.union_all(list(feats[feats["id"].isin(list(extent))].geometry))
    piece = shapely.union_all(list(feats[feats["id"] == fid].geometry))
    return piece.intersection(ground).area / piece.area


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        (
            "The British government declares that it does not recognise the territorial "
            "changes made in Poland since August 1939.",
            "1941-07-30",
        ),
        (
            "No territorial changes made in Poland since August 1939 are recognised by the "
            "two governments.",
            "1941-08-10",
        ),
    ],
)
def test_changes_made_in_a_country_are_holds_of_its_own_ground(atlas, sentence, day):
    """ "the territorial changes made in Poland since August 1939": the holds taken of Polish
    ground, not a neighbour's annexation that took in a strip of it the year after."""
    from bundled import sentence_links

    links = sentence_links(atlas, sentence, day)
    feats = atlas.features
    holds = set(feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]["id"])
    assert len(holds) >= 3, links
    assert all(_share_in(atlas, fid, "Poland") >= 0.5 for fid in holds), links
    # the Vilnius region, Polish ground handed to Lithuania in 1939, is still one of them
    powers = set(feats[feats["id"].isin(list(holds))]["power"])
    assert "Lithuania" in powers, links


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        (
            "France bears the cost of keeping the German troops of occupation on French soil.",
            "1940-06-22",
        ),
        (
            "Romania pays the costs of the occupation by the Soviet troops on Romanian soil.",
            "1944-09-12",
        ),
        (
            "The costs of maintaining the German occupation forces in France are paid by the "
            "French government.",
            "1940-06-22",
        ),
    ],
)
def test_the_cost_of_an_occupation_is_an_economic_clause(atlas, sentence, day):
    """Who pays for troops of occupation is an economic clause: not about who holds the
    ground it names."""
    from bundled import sentence_links

    links = sentence_links(atlas, sentence, day)
    assert not (_kinds(atlas, links) & {"control", "zone"}), links


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("two days later", "1945-01-19"),
        ("3 days later", "1945-01-20"),
        ("a day later", "1945-01-18"),
    ],
)
def test_a_count_of_days_from_a_day_names_that_day(phrase, day):
    from spheremap.dates import find_dates

    found = {d.text: d for d in find_dates(f"Warsaw fell on 17 January 1945 and Kraków {phrase}.")}
    assert str(found[phrase].start) == day
    assert (found[phrase].end - found[phrase].start).days == 1


def test_a_vague_count_of_days_stays_a_window():
    from spheremap.dates import find_dates

    found = {
        d.text: d for d in find_dates("Warsaw fell on 17 January 1945 and Kraków a few days later.")
    }
    assert (found["a few days later"].end - found["a few days later"].start).days > 1


def test_a_town_taken_a_counted_number_of_days_later_links_its_hold_of_that_day(atlas):
    """ "Warsaw fell on 17 January and Kraków two days later": Kraków's hold begun on the
    19th (where and when read from the features' rows)."""
    from bundled import covering

    links = _undated_links(atlas, "Warsaw fell on 17 January 1945 and Kraków two days later.")[0]
    feats = atlas.features
    ids = covering(atlas, links, 19.94, 50.06)
    starts = {
        str(r.start_date)[:10]
        for r in feats[feats["id"].isin(ids) & (feats["kind"] == "control")].itertuples()
    }
    assert "1945-01-19" in starts, links


def _later_holds(atlas, links, day: str) -> set[str]:
    """The linked control features that began after ``day`` (read from their rows)."""
    feats = atlas.features
    rows = feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]
    return {str(r.id) for r in rows.itertuples() if str(r.start_date)[:10] > day}


@pytest.mark.parametrize(
    "sentence",
    [
        "On 9 August 1945 Soviet armies crossed into Manchuria.",
        "In the first hour of 9 August 1945 the Red Army crossed into Manchuria from three sides.",
    ],
)
def test_a_report_dated_to_the_day_links_no_hold_begun_after_it(atlas, sentence):
    """A report of what happened on a day is not about the occupation completed weeks later;
    the campaign begun that day is still linked."""
    links = _undated_links(atlas, sentence)[0]
    assert not _later_holds(atlas, links, "1945-08-09"), links
    assert "event" in _kinds(atlas, links), links


def test_an_agreement_dated_to_the_day_still_links_the_hold_that_realised_it(atlas):
    links = _undated_links(
        atlas, "On 9 August 1945 the Soviet Union agreed that its armies would occupy Manchuria."
    )[0]
    assert _later_holds(atlas, links, "1945-08-09"), links


_POTSDAM = (13.06, 52.40)


def _held_at(atlas, links, lon: float, lat: float) -> set[str]:
    """The linked holds, zones and sectors covering a point (from the geometries)."""
    from bundled import covering

    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    return set(
        feats[feats["id"].isin(ids) & feats["kind"].isin(["control", "zone", "sector"])]["id"]
    )


def test_the_town_where_a_conference_met_is_no_ground_of_the_sentence(atlas):
    """ "At Potsdam the leaders placed Danzig under Polish administration": Potsdam is where
    they met (its conference is linked), not ground changing hands; Danzig still is."""
    from bundled import sentence_links

    links = sentence_links(
        atlas,
        "At Potsdam on 2 August 1945 the leaders placed Danzig under Polish administration "
        "and handed Königsberg to the Soviet Union.",
        "1950-01-01",
    )
    assert "event" in _kinds(atlas, links), links
    assert not _held_at(atlas, links, *_POTSDAM), links
    assert _held_at(atlas, links, 18.65, 54.35), links  # Danzig


def test_a_town_taken_is_still_ground_though_a_conference_met_there_later(atlas):
    from bundled import sentence_links

    links = sentence_links(
        atlas, "On 2 August 1945 Soviet troops occupied Potsdam and Danzig.", "1950-01-01"
    )
    assert _held_at(atlas, links, *_POTSDAM), links


def _holds_begun_at(atlas, links, lon: float, lat: float) -> set[str]:
    """The start days of the linked control features covering a point (from their rows)."""
    from bundled import covering

    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    rows = feats[feats["id"].isin(ids) & (feats["kind"] == "control")]
    return {str(r.start_date)[:10] for r in rows.itertuples()}


@pytest.mark.parametrize(
    "sentence",
    [
        "In mid-August 1945 Soviet troops landed at Chongjin.",
        "Soviet troops took Chongjin in mid-August 1945.",
    ],
)
def test_a_town_taken_in_part_of_a_month_links_the_hold_begun_then(atlas, sentence):
    """A taking dated by a part of a month links the taker's hold begun at the town within
    those days and still there at their end (not a step that passed within them)."""
    links = _undated_links(atlas, sentence)[0]
    starts = _holds_begun_at(atlas, links, 129.78, 41.79)
    assert starts and all("1945-08-11" <= d <= "1945-08-21" for d in starts), links
    feats = atlas.features
    ends = feats[feats["id"].isin(list(links)) & (feats["kind"] == "control")]["end_date"]
    assert all(str(e)[:10] >= "1945-08-21" for e in ends), links


def test_a_hold_drawn_afresh_in_part_of_a_month_is_no_taking(atlas):
    """ "Warsaw fell on 17 January ... and by mid-February the armies stood on the Oder": the
    Soviet hold of Warsaw drawn afresh in mid-February is no capture of Warsaw then."""
    links = _undated_links(
        atlas,
        "Warsaw fell on 17 January 1945 and Kraków two days later, and by mid-February "
        "Soviet armies stood on the Oder.",
    )[0]
    assert _holds_begun_at(atlas, links, 21.01, 52.23) == {"1945-01-17"}, links


@pytest.mark.parametrize(
    "sentence",
    [
        "On 14 August 1945 the Soviet Union agreed that the Kwantung Army would surrender.",
        "In August 1945 the Allies demanded that the Kwantung Army should lay down its arms.",
    ],
)
def test_a_formation_named_after_a_place_is_no_ground(atlas, sentence):
    """ "the Kwantung Army": an army, not the leased territory it is named after; nothing
    held there is linked from its name."""
    links = _undated_links(atlas, sentence)[0]
    assert not (_kinds(atlas, links) & {"control", "zone", "sphere"}), links


def test_the_place_a_formation_is_named_after_is_still_ground_when_named_alone():
    from spheremap.links import _without_unit_names
    from spheremap.places import default_gazetteer

    gaz = default_gazetteer()
    text = "The Kwantung Army left Kwantung."
    names = gaz.names_in(text, events=True)
    assert "Kwantung" in names and _without_unit_names(gaz, text, names) == names
