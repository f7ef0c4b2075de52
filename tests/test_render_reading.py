"""What the map says to a reader (spheremap.render): one label per name with its hold,
popups citing the bibliography, a folded legend listing the rows drawn."""

import json
from collections import Counter
from datetime import date

import pytest

from spheremap import render
from spheremap import time as sm_time


def labels(collection) -> list[str]:
    return [
        f["properties"]["label_text"] for f in collection["features"] if "label" in f["properties"]
    ]


@pytest.mark.parametrize(
    ("day", "kinds"),
    [(p.date, p.kinds) for p in sm_time.PRESETS.values()]
    + [(date(1944, 6, 6), ("control", "line", "event")), (date(1940, 7, 1), ("control",))],
)
def test_each_name_is_labelled_once(atlas, day, kinds):
    texts = labels(render.collection_at(atlas, day, kinds))
    twice = {t: n for t, n in Counter(t.split(" (")[0] for t in texts).items() if n > 1}
    assert not twice
    assert not [t for t in texts if t.endswith("…")]  # long names wrap, they are not cut


def test_labels_say_the_hold_where_the_name_does_not(atlas):
    july_1940 = labels(render.collection_at(atlas, date(1940, 7, 1), ("control",)))
    assert "Latvia (Soviet-occupied)" in july_1940
    d_day = labels(render.collection_at(atlas, date(1944, 6, 6), ("control",)))
    assert "Hungary (German-occupied)" in d_day
    assert render.status_label(
        "German-occupied Soviet territory", "control", "Germany", "occupied"
    ) == ("German-occupied Soviet territory")
    assert render.status_label("Latvia", "zone", "USSR", "occupied") == "Latvia"


def test_labels_say_an_administration_where_the_name_does_not(atlas):
    after_potsdam = labels(render.collection_at(atlas, date(1945, 9, 1), ("control",)))
    held = render.frame_at(atlas, date(1945, 9, 1), ("control",))
    administered = held[held["status"] == "administered"]
    assert len(administered) >= 2  # the Oder-Neisse territories and the Koenigsberg area
    for row in administered.itertuples():
        adjective = render.POWER_ADJECTIVES[row.power]
        text = render.status_label(row.name, "control", row.power, row.status)
        assert f"{adjective} administration" in text, text
        if render.label_text(row.name) in {t.split(" (")[0] for t in after_potsdam}:
            assert text in after_potsdam
    assert render.status_label(
        "Stettin (Polish administration)", "zone", "Poland", "administered"
    ) == ("Stettin")


def test_popups_cite_the_bibliography(atlas):
    fc = render.collection_at(atlas, date(1939, 10, 15), ("control", "sphere"))
    props = next(f["properties"] for f in fc["features"] if f["properties"]["sources"])
    assert len(props["cites"]) == len(props["sources"])
    entry, short, full = props["cites"][0]
    assert entry == props["sources"][0]
    key = entry.split(",")[0].strip()
    assert full.startswith(atlas.references[key].citation)
    assert short and len(short) <= len(full)
    assert props["holder"] and props["when"]


def test_citations_of_unknown_keys_stay_keys():
    assert render.citations(["X9, p. 3"], {}) == [["X9, p. 3", "", ""]]


def test_the_legend_starts_folded_and_lists_only_rows_drawn(atlas):
    payload = render.payload_at(atlas, date(1945, 8, 15), sm_time.PRESETS["1945"].kinds)
    options = json.loads(payload.options_json)
    assert options["legendFolded"] is True
    keys = {row["key"] for row in options["legend"]}
    data = json.loads(payload.data_json)
    drawn = {f["properties"]["lk"] for f in data["features"]}
    assert keys - {render.APPROX_KEY} == drawn
    assert "Front line" in {row["label"] for row in options["legend"]}


def test_a_country_under_occupation_is_labelled_once(atlas):
    """The zones and sectors sharing a ``territory`` carry one label for the country, placed
    first; the data says which country each divides (no name or id is read)."""
    p = sm_time.PRESETS["1945"]
    fc = render.collection_at(atlas, p.date, p.kinds)
    named = {lab["label_text"]: lab for lab in fc.get("labels", [])}
    assert set(named) == {
        "Germany (under Allied occupation)",
        "Austria (under Allied occupation)",
    }
    germany = named["Germany (under Allied occupation)"]
    assert germany["label_rank"] < min(f["properties"].get("label_rank", 0) for f in fc["features"])
    lat, lon = germany["label"]
    assert 47 < lat < 55 and 6 < lon < 15  # within Germany
    assert germany["label_zoom"] <= 5  # named at the preset's zoom
    # none before the zones: on 1 May 1945 no zone or sector is drawn
    early = render.collection_at(atlas, date(1945, 5, 1), p.kinds)
    assert not early.get("labels")


def test_territory_labels_follow_the_field_not_the_names(atlas):
    """A frame whose zones name no territory gets no country label; one power: its adjective."""
    frame = render.frame_at(atlas, sm_time.PRESETS["1945"].date, ("zone",))
    assert render.territory_labels(frame.assign(territory=None)) == []
    one = frame[frame["power"] == "USSR"].copy()
    assert [lab["label_text"] for lab in render.territory_labels(one)] == [
        "Austria (under Soviet occupation)",
        "Germany (under Soviet occupation)",
    ]
