"""Pass 9b: general readings of narrative prose, each tested with sentences of our own (about
no gold text)."""

from __future__ import annotations

import pytest
from bundled import covering, sentence_links


def _holds_begun_near(atlas, links, lon: float, lat: float, day: str) -> set[str]:
    """The powers of the linked control features covering the point that began within a day
    of ``day`` (read from the features' rows, never from their ids)."""
    import pandas as pd

    feats = atlas.features
    ids = covering(atlas, links, lon, lat)
    rows = feats[feats["id"].isin(ids) & (feats["kind"] == "control")]
    when = pd.Timestamp(day)
    return {
        str(r.power)
        for r in rows.itertuples()
        if abs(pd.Timestamp(str(r.start_date)) - when) <= pd.Timedelta(days=1)
    }


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
    assert "Poland" in _holds_begun_near(atlas, links, 14.55, 53.43, "1945-07-05"), links

