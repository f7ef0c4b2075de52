"""States freed from the east are drawn as themselves, under occupation, not as the USSR.

Each case is a point, a day and the (power, status) of the control claim holding it, on both
sides of the date the state's own government took over: Romania changed sides on 23 Aug 1944,
the Fatherland Front took power in Bulgaria on 9 Sep 1944, Hungary's Provisional National
Government was formed at Debrecen on 22 Dec 1944, the PKWN's manifesto is dated 22 Jul 1944,
the Czechoslovak government reached Košice in early April 1945. The Allied Control Commissions
of Romania, Bulgaria and Hungary ended when the peace treaties came into force (15 Sep 1947).
Sources: bibliography keys ARMISTICE-ROMANIA-1944, ARMISTICE-BULGARIA-1944,
ARMISTICE-HUNGARY-1945, PARIS-TREATIES-1947, PKWN-1944, KOSICE-1945.
"""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from shapely.geometry import Point

from spheremap import fronts

U = "under-occupation"

CASES = [
    # Romania: northern Moldavia Soviet-held from April 1944, the whole country Romania's from
    # the coup on; Bucharest before and after, and at the end of the Control Commission
    ("Botoșani", 26.67, 47.75, date(1944, 6, 1), "USSR", "occupied"),
    ("Botoșani", 26.67, 47.75, date(1944, 8, 24), "Romania", U),
    ("Bucharest", 26.10, 44.43, date(1944, 8, 22), "Romania", "sovereign"),
    ("Bucharest", 26.10, 44.43, date(1944, 8, 24), "Romania", U),
    ("Bucharest", 26.10, 44.43, date(1947, 9, 14), "Romania", U),
    ("Bucharest", 26.10, 44.43, date(1947, 9, 15), "Romania", "sovereign"),
    # Bulgaria: the Red Army crossed the Danube on 8 Sep 1944 (Varna), a day before the coup
    ("Varna", 27.91, 43.21, date(1944, 9, 8), "USSR", "occupied"),
    ("Varna", 27.91, 43.21, date(1944, 9, 9), "Bulgaria", U),
    ("Sofia", 23.32, 42.70, date(1944, 9, 8), "Bulgaria", "sovereign"),
    ("Sofia", 23.32, 42.70, date(1944, 9, 10), "Bulgaria", U),
    ("Sofia", 23.32, 42.70, date(1947, 9, 15), "Bulgaria", "sovereign"),
    # Hungary: Debrecen taken 20 Oct 1944, Hungarian again under the Provisional Government
    ("Debrecen", 21.63, 47.53, date(1944, 12, 21), "USSR", "occupied"),
    ("Debrecen", 21.63, 47.53, date(1944, 12, 22), "Hungary", U),
    ("Budapest", 19.04, 47.50, date(1945, 6, 1), "Hungary", U),
    ("Budapest", 19.04, 47.50, date(1947, 9, 15), "Hungary", "sovereign"),
    # Poland: Chełm taken 22 Jul 1944, the day of the manifesto; Lublin 24 Jul; Białystok (Soviet
    # 1939-41) 27 Jul 1944 goes to the PKWN, not back to the Soviet annexation
    ("Chełm", 23.47, 51.13, date(1944, 7, 21), "USSR", "occupied"),
    ("Chełm", 23.47, 51.13, date(1944, 7, 22), "Poland", U),
    ("Lublin", 22.57, 51.25, date(1944, 8, 1), "Poland", U),
    ("Białystok", 23.16, 53.13, date(1944, 8, 15), "Poland", U),
    ("Kraków", 19.94, 50.06, date(1945, 6, 1), "Poland", U),
    ("Kraków", 19.94, 50.06, date(1945, 8, 16), "Poland", "sovereign"),
    # Czechoslovakia: Košice taken 19 Jan 1945; the government there from April
    ("Košice", 21.26, 48.72, date(1945, 3, 1), "USSR", "occupied"),
    ("Košice", 21.26, 48.72, date(1945, 4, 10), "Czechoslovakia", U),
    ("Košice", 21.26, 48.72, date(1945, 5, 15), "Czechoslovakia", "sovereign"),
    # what stays Soviet-occupied: Northern Transylvania to 9 Mar 1945, eastern Germany
    ("Cluj", 23.59, 46.77, date(1945, 3, 8), "USSR", "occupied"),
    ("Cluj", 23.59, 46.77, date(1945, 3, 9), "Romania", U),
    ("Szczecin", 14.55, 53.43, date(1945, 6, 1), "USSR", "occupied"),
]


@pytest.mark.parametrize(
    "place, lon, lat, day, power, status", CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_control_holder_and_status(atlas, place, lon, lat, day, power, status):
    got = [(m.power, m.status) for m in atlas.where(lon, lat, day) if m.kind == "control"]
    assert got == [(power, status)], f"{place} on {day}"


def test_the_claims_cite_the_government_or_armistice(atlas):
    def keys(lon, lat, day):
        [match] = [m for m in atlas.where(lon, lat, day) if m.kind == "control"]
        return {entry for entry, _ in atlas.sources_of(match.id)}

    assert "ARMISTICE-ROMANIA-1944" in keys(26.10, 44.43, date(1945, 1, 1))
    assert {"ARMISTICE-ROMANIA-1944", "PARIS-TREATIES-1947"} <= keys(26.10, 44.43, date(1946, 6, 1))
    assert "PARIS-TREATIES-1947" in keys(21.63, 47.53, date(1948, 1, 1))
    assert "PKWN-1944" in keys(22.57, 51.25, date(1944, 8, 1))
    assert "KOSICE-1945" in keys(21.26, 48.72, date(1945, 4, 10))


def test_hungary_changes_side_with_its_provisional_government():
    assert fronts.side_of("Hungary", date(1944, 12, 21)) == fronts.AXIS
    assert fronts.side_of("Hungary", date(1944, 12, 22)) == fronts.EAST


def test_the_front_runs_through_hungary_not_along_its_borders(atlas):
    # 1 Mar 1945: the front runs between German-occupied and the Provisional Government's
    # Hungary (near Székesfehérvár), not along Hungary's borders with Romania and Czechoslovakia
    lines = shapely.union_all(atlas.fronts_at(date(1945, 3, 1)).geometry.to_numpy())

    def km(lon, lat):
        return lines.distance(Point(lon, lat)) * 111

    assert km(18.41, 47.19) < 25  # Székesfehérvár
    for lon, lat in ((21.73, 47.13), (20.48, 46.21), (21.66, 48.40)):  # the borders
        assert km(lon, lat) > 100, (lon, lat)
