"""Links a historian would draw (issue #14): statements linked forward to what realised them,
named and counted zones, year-only dates narrowed by the verb, reasons, scores, directions,
and scoring against hand-made gold links."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from spheremap.documents import parse_document
from spheremap.gold import load_gold, parse_gold, score
from spheremap.links import Corpus
from spheremap.model import DataError

ROOT = Path(__file__).resolve().parents[1]
PRIMARY = ROOT / "tests" / "data" / "primary"


@pytest.fixture(scope="module")
def atlas():
    from spheremap.atlas import Atlas

    return Atlas.load()


@pytest.fixture(scope="module")
def gazetteer():
    from spheremap.places import default_gazetteer

    return default_gazetteer()


def _links(atlas, gazetteer, text, day="1945-02-11"):
    """The automatic links of each passage of a small dated markdown text, by feature id."""
    doc = parse_document(f"---\ndate: {day}\n---\n\n{text}\n", "t.md", "markdown", gazetteer)
    corpus = Corpus.build([doc], atlas.features, gazetteer, [])
    return [{lk.feature: lk for lk in corpus.links_for_passage(p.id)} for p in doc.passages]


KURILS = {
    f"ussr-occupation-kurils-{k}-1945"
    for k in ("north", "iturup", "kunashir", "shikotan", "habomai")
}


def test_yalta_far_east_clauses_link_forward_to_what_realised_them(atlas, gazetteer):
    sakhalin, port_arthur, kurils = _links(
        atlas,
        gazetteer,
        "The southern part of Sakhalin shall be returned to the Soviet Union.\n\n"
        "The lease of Port Arthur as a naval base of the USSR shall be restored.\n\n"
        "The Kuril islands shall be handed over to the Soviet Union.",
    )
    occupied = sakhalin["ussr-occupation-south-sakhalin-1945"]
    assert occupied.direction == "forward" and occupied.realised == date(1945, 8, 25)
    # the first realisation, not the annexation months later
    assert "ussr-annexation-south-sakhalin-1946" not in sakhalin
    assert "ussr-lease-port-arthur-1945" in port_arthur
    assert set(kurils) >= KURILS
    assert not any(f.startswith("ussr-annexation-kurils") for f in kurils)
    link = next(kurils[f] for f in KURILS)
    assert link.how == "forward" and '"Kuril Islands"' in link.reason and "shall" in link.reason


def test_a_report_of_the_same_place_does_not_look_forward(atlas, gazetteer):
    # no agreement, promise, demand or recognition: nothing months later is meant
    (report,) = _links(atlas, gazetteer, "Soviet troops occupied the Kuril islands.")
    assert not KURILS & set(report)


def test_potsdam_koenigsberg_clause_and_the_curzon_line(atlas, gazetteer):
    (koenigsberg,) = _links(
        atlas,
        gazetteer,
        "The conference agrees to the transfer to the Soviet Union of the city of "
        "Königsberg and the area adjacent to it.",
        day="1945-08-01",
    )
    assert koenigsberg["ussr-administration-koenigsberg-1945"].direction == "forward"
    (curzon,) = _links(
        atlas, gazetteer, "The eastern frontier of Poland should follow the Curzon Line."
    )
    assert "line-curzon-1919" in curzon


def test_counted_zones_are_the_set_valid_then(atlas, gazetteer):
    (three,) = _links(
        atlas,
        gazetteer,
        "Germany shall be divided into three zones, one for each of the three powers.",
        day="1944-09-12",
    )
    zones = {f for f, lk in three.items() if f.startswith("zone-")}
    # the first three zones as drawn: no French zone, no Bremen enclave, no later British zone
    assert zones == {"zone-germany-soviet", "zone-germany-us", "zone-germany-british-1945"}
    (austria,) = _links(
        atlas, gazetteer, "Austria shall be divided into four zones of occupation.", "1945-07-09"
    )
    assert {f for f in austria if f.startswith("zone-")} == {
        f"zone-austria-{p}" for p in ("soviet", "british", "us", "french")
    }
    assert all(austria[f].how == "count" for f in austria if f.startswith("zone-"))


def test_named_sector_is_that_powers_sector_of_the_right_date(atlas, gazetteer):
    (french,) = _links(
        atlas, gazetteer, "The French sector of Vienna shall comprise four districts.", "1945-07-09"
    )
    sectors = {f for f in french if f.startswith("sector-")}
    assert sectors == {
        "sector-vienna-06-mariahilf",
        "sector-vienna-14-penzing",
        "sector-vienna-15-rudolfsheim-fuenfhaus",
        "sector-vienna-16-ottakring",
    }
    assert french["sector-vienna-06-mariahilf"].realised == date(1945, 9, 1)


def test_year_only_date_keeps_the_status_the_verb_names(atlas, gazetteer):
    (year,) = _links(
        atlas, gazetteer, "In 1940, the USSR followed up by occupying Estonia.", "1950-01-01"
    )
    assert "ussr-estonia-occupied-1940" in year
    assert "ussr-estonia-annexed-1940" not in year  # annexed the same year, not what is said


def test_named_event_is_linked_backward_years_later(atlas, gazetteer):
    (violated,) = _links(
        atlas,
        gazetteer,
        "On 22 June 1941 Hitler violated the Molotov–Ribbentrop Pact.",
        "1950-01-01",
    )
    assert violated["event-1939-pact-moscow"].direction == "backward"


def test_passages_json_shows_reason_score_direction(atlas, capsys):
    from spheremap.cli import main

    assert (
        main(["passages", "--json", "--document", str(PRIMARY / "yalta_agreements_1945.md")]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    kurils = next(p for p in out if "Kuril" in p["text"])
    link = next(lk for lk in kurils["links"] if lk["feature"] in KURILS)
    assert link["direction"] == "forward" and link["realised"] == link["realised"][:10]
    assert link["reason"].startswith("forward:") and 0 < link["score"] < 1


# --------------------------------------------------------------------------- gold


GOLD_HEAD = "document,passage,split,anchor,feature,direction,note\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("document,anchor,feature\nd.md,x,y\n", "missing column"),
        (GOLD_HEAD + "d.md,0,train,some words,f,current,\n", "split must be"),
        (GOLD_HEAD + "d.md,0,dev,some words,f,sideways,\n", "direction must be"),
        (GOLD_HEAD + "d.md,0,dev,,f,current,\n", "anchor are required"),
        (GOLD_HEAD, "no gold rows"),
    ],
)
def test_bad_gold_rows_are_named(text, message):
    with pytest.raises(DataError, match=message):
        parse_gold(text, "gold.csv")


def test_gold_scores_precision_and_recall_per_split(atlas, gazetteer):
    doc = parse_document(
        "---\ndate: 1945-02-11\n---\n\nThe Kuril islands shall be handed over to the Soviet Union."
        "\n\nThe weather was fine.\n",
        "t.md",
        "markdown",
        gazetteer,
    )
    corpus = Corpus.build([doc], atlas.features, gazetteer, [])
    rows = parse_gold(
        GOLD_HEAD
        + "".join(f"t.md,0,dev,Kuril islands,{f},forward,\n" for f in sorted(KURILS))
        + "t.md,0,dev,Kuril islands,kurils-nowhere,forward,\n"
        + "t.md,0,dev,Kuril islands,kurils-elsewhere,forward,\n"
        + "t.md,1,heldout,weather was fine,,,\n"
    )
    result = score(corpus, rows)
    found = len(corpus.links_for_passage(doc.passages[0].id))
    assert result["dev"].expected == 7 and result["dev"].correct == 5
    assert result["dev"].recall == pytest.approx(5 / 7)
    assert result["dev"].precision == pytest.approx(5 / found)
    assert result["heldout"].expected == 0 and result["heldout"].passages == 1
    assert [m[1] for m in result["all"].missed] == ["kurils-nowhere", "kurils-elsewhere"]
    with pytest.raises(DataError, match="matches no passage"):
        score(corpus, parse_gold(GOLD_HEAD + "t.md,0,dev,not in the text,,,\n"))


def test_links_command_prints_precision_and_recall(capsys):
    from spheremap.cli import main

    assert main(["links", "--gold", str(PRIMARY / "links_gold.csv")]) == 0
    out = capsys.readouterr().out
    assert "linker        heldout  precision" in out and "recall" in out
    assert main(["links", "--gold", str(PRIMARY / "links_gold.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["linker"]) == {"all", "dev", "heldout"}
    assert main(["links", "--gold", str(PRIMARY / "missing.csv")]) == 1
    assert "gold file not found" in capsys.readouterr().err


def test_bundled_gold_files_are_well_formed():
    for path in (ROOT / "geodata" / "gold" / "links_gold.csv", PRIMARY / "links_gold.csv"):
        rows = load_gold(path)
        splits = {r.split for r in rows}
        assert splits == {"dev", "heldout"}


def test_a_promise_about_a_country_links_the_act_it_names_and_a_pact_year_is_no_date(
    atlas, gazetteer
):
    # "of 1939" names the pact; the sentence speaks at the document's date (Tehran, 1943)
    (promise,) = _links(
        atlas,
        gazetteer,
        "He asked them to proceed with the long-promised invasion of France, the "
        "Non-aggression Pact of 1939 notwithstanding.",
        day="1943-12-01",
    )
    landings = promise["event-1944-normandy-landings"]
    assert landings.direction == "forward" and landings.realised == date(1944, 6, 6)
    assert "event-1944-liberation-paris" not in promise  # the first act, not every later one


def test_a_city_that_stands_for_its_event_and_an_attempt_is_only_its_event(atlas, gazetteer):
    (yalta,) = _links(
        atlas, gazetteer, "The Allies felt that Yalta had been a success.", "1950-01-01"
    )
    assert yalta["event-1945-yalta"].direction == "backward"
    (tried,) = _links(
        atlas, gazetteer, "In 1939 the Red Army tried to invade Finland.", "1950-01-01"
    )
    assert "event-1939-winter-war" in tried
    assert not [f for f in tried if f.startswith("ussr-winter-war-")]  # not the ground held
