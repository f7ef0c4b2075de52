"""Whole-map checks of the bundled control coverage that single point facts cannot catch."""

from datetime import date

import pytest
import shapely

#: After these days no land anywhere is held by the power (surrenders; last pockets).
GONE_AFTER = [
    ("Germany", date(1945, 5, 12), "last pockets (Saint-Nazaire, Lorient) surrendered 11 May 1945"),
    ("Vichy France", date(1944, 9, 15), "Vichy regime gone from France by mid-September 1944"),
    ("Croatia", date(1945, 5, 16), "Independent State of Croatia gone by mid-May 1945"),
    ("Slovakia", date(1945, 5, 12), "Slovak State gone with the German surrender"),
    ("Manchukuo", date(1945, 9, 3), "Manchukuo dissolved in August 1945"),
]


@pytest.mark.parametrize(("power", "day", "why"), GONE_AFTER)
def test_no_control_left_after_surrender(atlas, power, day, why):
    ctrl = atlas.control_at(day)
    left = ctrl[ctrl["power"] == power]
    where = [
        (
            r.id,
            round(r.geometry.representative_point().x, 2),
            round(r.geometry.representative_point().y, 2),
        )
        for r in left.itertuples()
    ]
    assert left.empty, f"{power} still holds land on {day} ({why}): {where}"


def test_no_sliver_pieces(atlas):
    pieces = atlas.features[atlas.features["kind"] == "control"].drop_duplicates("piece")
    areas = shapely.area(pieces.geometry.to_numpy())
    # generalisation noise is merged at build time; the smallest real piece is the Vatican
    assert areas.min() > 5e-5


@pytest.mark.parametrize(
    "day", [date(1938, 10, 1), date(1941, 12, 5), date(1945, 8, 15), date(1949, 12, 31)]
)
def test_every_piece_has_one_holder_each_day(atlas, day):
    at = atlas.features_at(day, ["control"])
    assert at["piece"].is_unique
    assert set(at["piece"]) == set(atlas.features.loc[atlas.features["kind"] == "control", "piece"])
