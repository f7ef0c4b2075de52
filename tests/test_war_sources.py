"""The war of 1941-1945: every source key its authored inputs cite resolves, and the dates checked
against a named source hold on both sides in the bundled atlas (issue #11, "sources resolvable").

Expected values come from the sources named beside each row (keys of ``geodata/bibliography.csv``),
never from the build's code.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
WAR = GEODATA / "sources" / "war_1941_1945"

#: The authored inputs whose source column holds bibliography keys (``;``-separated, a locator
#: after a comma). ``risings.csv`` describes how each vertex was placed in free text instead.
KEYED = {
    "captures.csv": "source",
    "fronts.csv": "source",
    "fronts_italy.csv": "source",
    "west_areas.csv": "source",
    "shapes.csv": "source",
    "front_meta.csv": "sources",
    "pockets.csv": "sources",
    "italy_administration.csv": "sources",
    "risings_claims.csv": "sources",
}


def _bibliography() -> set[str]:
    with (GEODATA / "bibliography.csv").open(newline="", encoding="utf-8") as fh:
        return {row["key"] for row in csv.DictReader(fh)}


def _cited(name: str, column: str) -> dict[str, int]:
    """Every key the file cites, with the first line citing it."""
    out: dict[str, int] = {}
    with (WAR / name).open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            for entry in (row[column] or "").split(";"):
                for key in entry.split(",", 1)[0].split():
                    out.setdefault(key, line)
    return out


@pytest.mark.parametrize(("name", "column"), sorted(KEYED.items()))
def test_every_source_key_of_the_war_inputs_resolves(name, column):
    keys = _bibliography()
    cited = _cited(name, column)
    assert cited, name
    missing = {k: line for k, line in cited.items() if k not in keys}
    assert missing == {}, f"{name}: keys not in geodata/bibliography.csv (key: first line)"


def test_the_fact_sheet_keys_resolve():
    """The fact sheet's own keys (S1..., its sections FS..., the war facts WF...) are all in the
    bibliography, so that a feature may cite any of them."""
    sheet = (GEODATA / "sources" / "factsheet.md").read_text(encoding="utf-8")
    keys = _bibliography()
    s_keys = set(re.findall(r"^\* \*\*(S\d+b?)\*\*", sheet, re.M))
    sections = {f"FS{n}" for n in re.findall(r"^###? (\d\.\d+) ", sheet, re.M)}
    assert s_keys and sections
    cited = set()
    for name, column in KEYED.items():
        cited |= {k for k in _cited(name, column) if k.startswith(("FS", "WF"))}
    assert sorted((s_keys | cited) - keys) == []
    assert sorted(k for k in cited if k.startswith("FS") and k not in sections) == []


def _holders(atlas, lon, lat, day):
    return {
        (m.power, m.status)
        for m in atlas.where(lon, lat, date.fromisoformat(day))
        if m.kind == "control"
    }


# place, lon, lat, day, expected (power, status), source
BOTH_SIDES = [
    # Caumont-l'Éventé, taken by the US 1st Infantry Division on 13 Jun 1944 (N44-CAUMONT)
    ("Caumont-l'Éventé", -0.80, 49.09, "1944-06-12", ("Germany", "occupied"), "the eve"),
    ("Caumont-l'Éventé", -0.80, 49.09, "1944-06-13", ("US", "occupied"), "taken 13 Jun"),
    ("Caumont-l'Éventé", -0.80, 49.09, "1944-06-30", ("France", "sovereign"), "GPRF"),
    ("Caumont-l'Éventé", -0.80, 49.09, "1944-07-20", ("France", "sovereign"), "GPRF"),
    # Caen's left bank with the centre freed on 9 Jul 1944, the right bank on 19 Jul (N44-CAEN)
    ("Caen", -0.37, 49.18, "1944-07-08", ("Germany", "occupied"), "the eve"),
    ("Caen", -0.37, 49.18, "1944-07-09", ("France", "sovereign"), "left bank freed"),
    # Saint-Nazaire stayed German from the landings to 11 May 1945 (WP-STNAZAIRE)
    ("Saint-Nazaire", -2.20, 47.28, "1944-08-26", ("Germany", "occupied"), "never freed"),
    ("Saint-Nazaire", -2.20, 47.28, "1945-05-10", ("Germany", "occupied"), "the eve"),
    # Bologna: AMG ceased on 4 Aug 1945 (SMB-AMG)
    ("Bologna", 11.34, 44.49, "1945-08-03", ("Allies", "occupied"), "AMG"),
    ("Bologna", 11.34, 44.49, "1945-08-04", ("Italy", "under-occupation"), "returned"),
    ("Imola", 11.71, 44.35, "1945-08-04", ("Italy", "under-occupation"), "Bologna province"),
    ("Modena", 10.93, 44.65, "1945-08-04", ("Allies", "occupied"), "not Bologna province"),
    # Campania but the city of Naples, Foggia and Molise returned from 00:00 on 20 Jul 1944 (the
    # decree DLL-1944-160); the provinces of Rome and Littoria on 15 Aug 1944 (AMG-TRANSFERS-DRAFT)
    ("Avellino", 14.79, 40.91, "1944-07-19", ("Allies", "occupied"), "AMG"),
    ("Avellino", 14.79, 40.91, "1944-07-20", ("Italy", "under-occupation"), "returned"),
    ("Caserta", 14.33, 41.07, "1944-07-20", ("Italy", "under-occupation"), "Naples province"),
    ("Campobasso", 14.66, 41.56, "1944-07-20", ("Italy", "under-occupation"), "returned"),
    ("Naples", 14.25, 40.85, "1944-07-20", ("Allies", "occupied"), "the city stayed AMG"),
    ("Foggia", 15.55, 41.46, "1944-07-19", ("Allies", "occupied"), "AMG"),
    ("Foggia", 15.55, 41.46, "1944-07-20", ("Italy", "under-occupation"), "returned"),
    ("Rome", 12.50, 41.90, "1944-08-14", ("Allies", "occupied"), "AMG"),
    ("Rome", 12.50, 41.90, "1944-08-15", ("Italy", "under-occupation"), "returned"),
    ("Latina", 12.90, 41.47, "1944-08-15", ("Italy", "under-occupation"), "Littoria returned"),
    # Perugia still under its AMG Provincial Commissioner in early March 1945 (AMG-PERUGIA-1944-45)
    ("Perugia", 12.39, 43.11, "1945-03-05", ("Allies", "occupied"), "AMG"),
    # Naples with the north returned on 1 Jan 1946 (DAFFARRA-NA)
    ("Naples", 14.25, 40.85, "1945-12-31", ("Allies", "occupied"), "AMG"),
    ("Naples", 14.25, 40.85, "1946-01-01", ("Italy", "under-occupation"), "returned"),
    ("Milan", 9.19, 45.46, "1945-12-31", ("Allies", "occupied"), "AMG"),
    ("Milan", 9.19, 45.46, "1946-01-01", ("Italy", "under-occupation"), "returned"),
    # Székesfehérvár changed hands three times (SZFV-1944): Soviet-held from 23 Dec 1944 (the
    # attack began on 22 Dec), retaken in Konrad III on 22 Jan 1945, finally taken on 22 Mar 1945
    ("Székesfehérvár", 18.41, 47.19, "1944-12-22", ("Germany", "occupied"), "the attack"),
    ("Székesfehérvár", 18.41, 47.19, "1944-12-23", ("Hungary", "under-occupation"), "taken"),
    ("Székesfehérvár", 18.41, 47.19, "1945-01-21", ("Hungary", "under-occupation"), "the eve"),
    ("Székesfehérvár", 18.41, 47.19, "1945-01-22", ("Germany", "occupied"), "Konrad III"),
    ("Székesfehérvár", 18.41, 47.19, "1945-03-21", ("Germany", "occupied"), "the eve"),
    ("Székesfehérvár", 18.41, 47.19, "1945-03-22", ("Hungary", "under-occupation"), "final"),
    # Stuttgart: French troops entered on 21 Apr 1945 (STZ-STUTTGART)
    ("Stuttgart", 9.18, 48.78, "1945-04-20", ("Germany", "sovereign"), "the eve"),
    ("Stuttgart", 9.18, 48.78, "1945-04-21", ("France", "occupied"), "entered"),
    # Saaremaa 1941 (SAAREMAA-1941): Kuressaare taken 21 Sep, the Sõrve peninsula held to 5 Oct
    ("Kuressaare", 22.49, 58.25, "1941-09-20", ("USSR", "annexed"), "the eve"),
    ("Kuressaare", 22.49, 58.25, "1941-09-21", ("Germany", "occupied"), "taken"),
    ("Sõrve", 22.10, 58.00, "1941-10-05", ("USSR", "annexed"), "held to 5 Oct"),
    ("Sõrve", 22.10, 58.00, "1941-10-06", ("Germany", "occupied"), "fallen"),
    # Vitebsk taken on 9 Jul 1941 (VITEBSK-1941; was dated 10 Jul)
    ("Vitebsk", 30.20, 55.19, "1941-07-08", ("USSR", "sovereign"), "the eve"),
    ("Vitebsk", 30.20, 55.19, "1941-07-09", ("Germany", "occupied"), "taken"),
    # Demyansk freed on 21 Feb 1943 (DEMYANSK-1943; was dated 1 Mar, the salient's end)
    ("Demyansk", 32.47, 57.64, "1943-02-20", ("Germany", "occupied"), "the eve"),
    ("Demyansk", 32.47, 57.64, "1943-02-21", ("USSR", "sovereign"), "freed"),
    # Carei, the last of Northern Transylvania, freed on 25 Oct 1944 (CAREI-1944)
    ("Carei", 22.47, 47.69, "1944-10-24", ("Germany", "occupied"), "the eve"),
    ("Carei", 22.47, 47.69, "1944-10-25", ("Romania", "under-occupation"), "freed"),
]


@pytest.mark.parametrize(("place", "lon", "lat", "day", "expected", "why"), BOTH_SIDES)
def test_checked_dates_hold_on_both_sides(atlas, place, lon, lat, day, expected, why):
    assert _holders(atlas, lon, lat, day) == {expected}, f"{place} on {day} ({why})"


# pocket centre, last day held, first day no longer held (the pockets' named sources)
POCKETS = [
    ("Festung Breslau", 17.03, 51.11, "1945-05-06", "1945-05-07", "DJ45-BRESLAU"),
    ("Poznań citadel", 16.93, 52.41, "1945-02-22", "1945-02-23", "RW-POZNAN"),
    ("Königsberg", 20.51, 54.71, "1945-04-08", "1945-04-09", "WS-KOENIG"),
    ("Dunkirk", 2.38, 51.03, "1945-05-08", "1945-05-09", "WP-DUNKIRK"),
    ("Lorient", -3.37, 47.75, "1945-05-09", "1945-05-10", "USWM-LORIENT"),
    ("Saint-Nazaire", -2.20, 47.28, "1945-05-10", "1945-05-11", "WP-STNAZAIRE"),
    ("Brest", -4.49, 48.39, "1944-09-18", "1944-09-19", "HAM-BREST"),
    ("Crete (west)", 24.00, 35.40, "1945-05-08", "1945-05-09", "CRETE-1945"),
]


@pytest.mark.parametrize(("place", "lon", "lat", "held", "freed", "source"), POCKETS)
def test_pockets_end_on_their_recorded_day(atlas, place, lon, lat, held, freed, source):
    assert {p for p, _ in _holders(atlas, lon, lat, held)} == {"Germany"}, (place, held)
    assert "Germany" not in {p for p, _ in _holders(atlas, lon, lat, freed)}, (place, freed)


def test_liberated_france_never_falls_back_under_german_hold(atlas):
    """Once the Allies hold a place in France west of Lorraine, no later day shows it German
    again (the Ardennes and Nordwind counter-attacks were further east). An Allied area whose
    sea closure cut across the Cotentin once showed Cherbourg German from August 1944 to April
    1945: a grid over France, month by month, catches any closure that cuts land."""
    lons = [x / 4 for x in range(-19, 21)]  # -4.75 .. 5.0
    lats = [y / 4 for y in range(173, 205)]  # 43.25 .. 51.0
    points = [(x, y) for x in lons for y in lats]
    days = [date(1944, 6, 15) + timedelta(days=15 * k) for k in range(22)]  # to May 1945
    liberated: dict[tuple[float, float], date] = {}
    back: list[str] = []
    for day in days:
        answers = atlas.where_many(
            [p[0] for p in points], [p[1] for p in points], [day] * len(points)
        )
        for point, matches in zip(points, answers, strict=True):
            powers = {m.power for m in matches if m.kind == "control"}
            if "France" in powers and point not in liberated:
                liberated[point] = day
            elif point in liberated and "Germany" in powers and "France" not in powers:
                back.append(f"{point} French from {liberated[point]}, German on {day}")
    assert back == [], back[:10]


# The Western Front's towns whose capture days a gold-set writer found off in the layer (checked
# December 2026): place, lon, lat, first day on the Allied side (the named capture source of
# captures.csv), the holder that day (None: any Western power, where the army-group sector drawn
# may differ from the army that took the town), and the Soviet entry of the 1945 withdrawal (None:
# the town stayed in the West). Before the fix Avranches turned Allied on 18 Jul 1944 (12 days
# early), Nijmegen only on 6 Mar 1945 (the Market Garden salient was not drawn), Wesel on 6 Mar
# 1945 (18 days before the Rhine crossing), Magdeburg on 12 Apr, Weimar on 10 Apr, Schwerin and
# Lübeck on 30 Apr, and Wismar only on 6 May 1945 (four days after the British entry).
WEST_TOWNS = [
    ("Avranches", -1.36, 48.68, "1944-07-31", "France", None, "AD50-AVRANCHES"),
    ("Nijmegen", 5.86, 51.84, "1944-09-20", "Netherlands", None, "WP-NIJMEGEN"),
    ("Wesel", 6.62, 51.66, "1945-03-24", None, None, "WESEL-1945"),
    ("Weimar", 11.33, 50.98, "1945-04-12", "US", "1945-07-02", "BUCHENWALD-1945; S34"),
    ("Magdeburg", 11.63, 52.13, "1945-04-18", "US", "1945-07-02", "OH30-MAGDEBURG; S34"),
    ("Lübeck", 10.69, 53.87, "1945-05-02", "UK", None, "DJ45-LUEBECK"),
    ("Schwerin", 11.41, 53.63, "1945-05-02", None, "1945-07-02", "DJ45-SCHWERIN; S34"),
    ("Wismar", 11.46, 53.89, "1945-05-02", "UK", "1945-07-02", "WISMAR-1945; S33"),
]


@pytest.mark.parametrize(("place", "lon", "lat", "day", "holder", "soviet", "source"), WEST_TOWNS)
def test_western_towns_change_hands_on_their_recorded_days(
    atlas, place, lon, lat, day, holder, soviet, source
):
    """German on the eve of the recorded day; from that day held by the Western Allies without a
    break (weekly, and on the last day before the Soviet entry), by ``holder`` where given; from
    the Soviet entry of 2 July 1945 (S34) Soviet for the towns of the future Soviet zone."""
    from spheremap.model import WEST, side_of

    first = date.fromisoformat(day)
    eve = (first - timedelta(days=1)).isoformat()
    assert {p for p, _ in _holders(atlas, lon, lat, eve)} == {"Germany"}, f"{place} on {eve}"
    last = (date.fromisoformat(soviet) if soviet else date(1945, 7, 4)) - timedelta(days=1)
    days = [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)] + [last]
    for d in days:
        powers = {p for p, _ in _holders(atlas, lon, lat, d.isoformat())}
        assert len(powers) == 1 and side_of(*powers, d) == WEST, f"{place} on {d}: {powers}"
        if holder:
            assert powers == {holder}, f"{place} on {d}: {powers} ({source})"
    if soviet:
        assert {p for p, _ in _holders(atlas, lon, lat, soviet)} == {"USSR"}, f"{place} {soviet}"


def test_the_western_towns_are_places_of_the_gazetteer_at_their_points(atlas):
    """A text naming one of these towns (or its period spelling) finds it where the atlas maps
    it: the gazetteer's row (derived from captures.csv) is at the town's point, on mapped land."""
    from spheremap.places import default_gazetteer

    gaz = default_gazetteer()
    names = [t[0] for t in WEST_TOWNS] + ["Luebeck", "Nimwegen"]
    found = {n: gaz.lookup(n) for n in names}
    assert [n for n, p in found.items() if p is None] == []
    points = {t[0]: (t[1], t[2]) for t in WEST_TOWNS}
    for name, place in found.items():
        lon, lat = points[place.name]
        assert abs(place.lon - lon) < 0.02 and abs(place.lat - lat) < 0.02, (name, place)
    places = [found[t[0]] for t in WEST_TOWNS]
    lons, lats = [p.lon for p in places], [p.lat for p in places]
    answers = atlas.where_many(lons, lats, [date(1944, 1, 1)] * len(places))
    mapped = atlas.mapped_many(lons, lats, answers)
    assert [p.name for p, ok in zip(places, mapped, strict=True) if not ok] == []
