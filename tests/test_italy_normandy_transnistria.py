"""Who governed Italy 1943-1947, Normandy in June 1944, Transnistria's Bug boundary, and the
unmapped part of the Far East window (issue #11), checked against the bundled atlas.

Expected values are written from the sources cited beside each row (keys of
``geodata/bibliography.csv``), never from the build's code: each fact is checked on both sides of
its date, and every row names the claim's power and status, because Italy is ``Italy`` both as an
Axis state before the armistice and as the King's co-belligerent government after it.
"""

from __future__ import annotations

from datetime import date

import pytest

from spheremap.cli import main

# place, lon, lat, day, expected (power, status), source / why
ITALY = [
    # the King's government in Apulia, from the armistice (LASTAMPA-1973-02-18, COLES-WEINBERG-1964)
    ("Bari", 16.87, 41.12, "1943-09-08", ("Italy", "sovereign"), "Axis Italy before the armistice"),
    ("Bari", 16.87, 41.12, "1943-09-12", ("Italy", "under-occupation"), "the King's Apulia"),
    ("Brindisi", 17.94, 40.63, "1943-09-08", ("Italy", "sovereign"), "before the armistice"),
    ("Brindisi", 17.94, 40.63, "1943-09-20", ("Italy", "under-occupation"), "seat of government"),
    ("Lecce", 18.17, 40.35, "1943-09-20", ("Italy", "under-occupation"), "the King's Apulia"),
    ("Taranto", 17.24, 40.47, "1943-10-15", ("Italy", "under-occupation"), "the King's Apulia"),
    ("Barletta", 16.28, 41.32, "1943-10-15", ("Italy", "under-occupation"), "Bari province 1943"),
    ("Bari", 16.87, 41.12, "1944-03-01", ("Italy", "under-occupation"), "still Italian in 1944"),
    # Foggia province (north of Bari's boundary) stayed under AMG (FOCUS-SALERNO-CAPITALE)
    ("Trinitapoli", 16.09, 41.36, "1943-10-15", ("Allies", "occupied"), "Foggia province, AMG"),
    ("Foggia", 15.55, 41.46, "1943-10-15", ("Allies", "occupied"), "AMG"),
    ("Foggia", 15.55, 41.46, "1944-03-01", ("Allies", "occupied"), "north of the 1944 line"),
    # Sardinia: never occupied, the King's government (MARCHESE-2000)
    ("Cagliari", 9.11, 39.22, "1943-09-08", ("Italy", "sovereign"), "before the armistice"),
    ("Cagliari", 9.11, 39.22, "1943-09-10", ("Italy", "under-occupation"), "the King's Sardinia"),
    ("Sassari", 8.56, 40.73, "1943-12-01", ("Italy", "under-occupation"), "the King's Sardinia"),
    # the hand-over of 11 Feb 1944 south of Salerno-Potenza-Bari (COLES-WEINBERG-1964,
    # SPECTATOR-1944-02-18, FOCUS-SALERNO-CAPITALE)
    ("Palermo", 13.36, 38.12, "1944-02-10", ("Allies", "occupied"), "AMG in Sicily"),
    ("Palermo", 13.36, 38.12, "1944-02-11", ("Italy", "under-occupation"), "returned"),
    ("Salerno", 14.77, 40.68, "1944-02-10", ("Allies", "occupied"), "AMG"),
    ("Salerno", 14.77, 40.68, "1944-02-11", ("Italy", "under-occupation"), "seat of government"),
    ("Potenza", 15.80, 40.64, "1944-02-10", ("Allies", "occupied"), "AMG"),
    ("Potenza", 15.80, 40.64, "1944-02-11", ("Italy", "under-occupation"), "returned"),
    ("Cosenza", 16.25, 39.30, "1944-02-10", ("Allies", "occupied"), "AMG"),
    ("Cosenza", 16.25, 39.30, "1944-02-11", ("Italy", "under-occupation"), "returned"),
    ("Lampedusa", 12.60, 35.51, "1944-03-01", ("Allies", "occupied"), "kept out of the hand-over"),
    ("Pantelleria", 11.94, 36.83, "1944-03-01", ("Allies", "occupied"), "kept out"),
    # Naples and the rest of Campania stayed under AMG (COLES-WEINBERG-1964)
    ("Naples", 14.25, 40.85, "1944-02-10", ("Allies", "occupied"), "AMG"),
    ("Naples", 14.25, 40.85, "1944-02-11", ("Allies", "occupied"), "still AMG"),
    ("Naples", 14.25, 40.85, "1944-06-01", ("Allies", "occupied"), "still AMG"),
    ("Avellino", 14.79, 40.91, "1944-03-01", ("Allies", "occupied"), "north of Salerno province"),
    ("Caserta", 14.33, 41.07, "1944-03-01", ("Allies", "occupied"), "Naples province in 1944"),
    # the armistice regime to the peace treaty (PARIS-TREATY-ITALY-1947)
    ("Rome", 12.50, 41.90, "1947-09-14", ("Italy", "under-occupation"), "Allied Commission"),
    ("Rome", 12.50, 41.90, "1947-09-15", ("Italy", "sovereign"), "treaty in force"),
    ("Palermo", 13.36, 38.12, "1947-09-15", ("Italy", "sovereign"), "treaty in force"),
]

NORMANDY = [
    # the beachhead under the Allied armies until the GPRF's commissaire at Bayeux
    # (INTERIEUR-BAYEUX-2024); Bayeux freed 7 Jun 1944, Sainte-Mere-Eglise 6 Jun
    ("Bayeux", -0.70, 49.28, "1944-06-10", ("UK", "occupied"), "British sector"),
    ("Bayeux", -0.70, 49.28, "1944-06-13", ("UK", "occupied"), "the day before"),
    ("Bayeux", -0.70, 49.28, "1944-06-14", ("France", "sovereign"), "Coulet installed"),
    ("Courseulles-sur-Mer", -0.46, 49.33, "1944-06-07", ("UK", "occupied"), "Juno beach"),
    ("Sainte-Mere-Eglise", -1.32, 49.41, "1944-06-07", ("US", "occupied"), "US sector"),
    ("Sainte-Mere-Eglise", -1.32, 49.41, "1944-06-13", ("US", "occupied"), "the day before"),
    ("Sainte-Mere-Eglise", -1.32, 49.41, "1944-06-20", ("France", "sovereign"), "GPRF"),
    ("Caen", -0.37, 49.18, "1944-06-20", ("Germany", "occupied"), "taken in July 1944"),
    # the Cotentin was taken in June, not on D-Day (captures.csv)
    ("Carentan", -1.25, 49.30, "1944-06-11", ("Germany", "occupied"), "taken 12 Jun"),
    ("Carentan", -1.25, 49.30, "1944-06-12", ("US", "occupied"), "101st Airborne"),
    ("Barneville-Carteret", -1.75, 49.385, "1944-06-17", ("Germany", "occupied"), "18 Jun"),
    ("Barneville-Carteret", -1.75, 49.385, "1944-06-20", ("France", "sovereign"), "cut off"),
    ("Valognes", -1.47, 49.51, "1944-06-13", ("Germany", "occupied"), "taken 20 Jun"),
]

TRANSNISTRIA = [
    # the Southern Bug was the boundary: Mykolaiv (left bank) stayed German, the right bank
    # and Ochakiv were Romanian (Transnistria from 19 Aug 1941)
    ("Mykolaiv centre", 31.99, 46.97, "1942-06-01", "Germany", "left bank"),
    ("Mykolaiv, Varvarivka side", 31.89, 46.975, "1942-06-01", "Romania", "right bank"),
    ("Bug estuary, west shore", 31.88, 46.75, "1942-06-01", "Romania", "right bank"),
    ("Bug estuary, east shore", 32.00, 46.75, "1942-06-01", "Germany", "left bank"),
    ("Ochakiv", 31.555, 46.625, "1942-06-01", "Romania", "judet Oceacov"),
    ("Nova Odesa", 31.79, 47.31, "1942-06-01", "Germany", "left bank"),
]

#: Inside the Far East window but not mapped (geodata/README.md, "Region and range").
UNMAPPED = [
    ("Beijing", 116.40, 39.90),
    ("Tianjin", 117.20, 39.13),
    ("Qingdao", 120.38, 36.07),
    ("Nanjing", 118.80, 32.06),
    ("Shanghai", 121.47, 31.23),
]


def _control(atlas, lon, lat, day):
    return [m for m in atlas.where(lon, lat, date.fromisoformat(day)) if m.kind == "control"]


@pytest.mark.parametrize("place,lon,lat,day,expected,why", ITALY + NORMANDY)
def test_holder_and_status(atlas, place, lon, lat, day, expected, why):
    got = {(m.power, m.status) for m in _control(atlas, lon, lat, day)}
    assert got == {expected}, f"{place} on {day} ({why}): {got}"


@pytest.mark.parametrize("place,lon,lat,day,expected,why", TRANSNISTRIA)
def test_transnistria_ends_at_the_bug(atlas, place, lon, lat, day, expected, why):
    got = {m.power for m in _control(atlas, lon, lat, day)}
    assert got == {expected}, f"{place} on {day} ({why}): {got}"


@pytest.mark.parametrize("place,lon,lat", UNMAPPED)
def test_north_china_is_outside_the_mapped_region(atlas, place, lon, lat):
    for day in ("1939-01-01", "1944-01-01", "1945-08-20", "1948-01-01"):
        assert _control(atlas, lon, lat, day) == [], (place, day)
    assert atlas.on_mapped_land(lon, lat) is False, place


def test_where_says_beijing_is_outside_the_mapped_region(capsys):
    assert main(["where", "116.4", "39.9", "--date", "1944-01-01"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "nothing mapped at 116.4, 39.9 on 1944-01-01: the point is outside the mapped region\n"
    )
