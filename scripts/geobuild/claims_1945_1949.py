"""Control claims of the settlement, from July 1945 (fact sheet §3.2-3.5).

Painted after the war claims (``claims_1941_1945``), which end with the line of contact and
the 1-4 July 1945 withdrawal: every claim here starts on the day the power named took the
area over (or on the treaty date where nothing moved), so the two modules meet by dates only.

- Germany occupied by zone (status ``occupied``): the Soviet zone from 2 July 1945 (Soviet
  entry into Schwerin, Halle, Leipzig, Weimar, Erfurt, Plauen); the British, US and French
  zones from the take-overs of 4, 8 and 10-15 July; the Bremen enclave; the Saar.
- Greater Berlin: Soviet from 2 May 1945, the US and British sectors from 4 July, the French
  sector (Wedding, Reinickendorf; British before) from 13 August 1945.
- Austria by zone from July-August 1945 and Vienna by sector from 1 September 1945, with
  the Inner City under four-power control.
- Poland's new borders: Stettin (5 July), the territories east of the Oder-Neisse line, the
  south of East Prussia and Danzig (2 August), the Stettiner Zipfel (4 October 1945); Poland
  in its borders of 16 August 1945; northern East Prussia and the former Polish east to the
  USSR.
- Adjustments (:func:`_adjustment_claims`): Bremen under US control from 28 April 1945,
  Swinemuende and Wollin Soviet-held until October 1945, the Wanfried and
  Barber-Lyashchenko village exchanges, Gorizia Italian from 15 September 1947.
- The Far East: the Soviet advance of 8-30 August 1945 day by day
  (:mod:`geobuild.far_east_1945`), then Manchuria (Soviet-occupied, then China), the Port
  Arthur lease, South Sakhalin and the Kurils, Korea divided at the 38th parallel, Japan under
  US occupation.

The claims' records (ids, names, powers, statuses, dates, sources, notes) are the rows of
``geodata/sources/claims_1945_1949.csv``; this module draws their geometries, from
:mod:`geobuild.features_1945_1949` (zones, boroughs, districts) and from the 1938 base
(:func:`geobuild.base.states_1938`: Manchukuo, Kwantung, Karafuto, Kurils), in painting order.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild import far_east_1945 as far_east
from geobuild.base import FAR_EAST_BOX, ne, states_1938
from geobuild.claims import ID_PATTERN, Claim, claim_table, polygon, read_shapes
from geobuild.features_1945_1949 import (
    ADJUSTMENTS_CSV,
    GERMANY_CSV,
    POLAND_CSV,
    _polygonal,
    admin1,
    austria_parts,
    berlin_boroughs,
    germany_parts,
    seeburg_salient,
    swap_areas,
    vienna_districts,
    west_staaken,
)
from geobuild.tables import read_table
from spheremap.model import DataError

#: The claims' records (id, name, power, status, dates, precision, sources, note), one row
#: each; this module keeps their geometries (and their painting order). The Manchuria and
#: North Korea occupations start on the last phase of the swept advance
#: (:func:`geobuild.far_east_1945.on_occupation_day`).
CLAIMS_CSV = SOURCES / "claims_1945_1949.csv"


TABLE = claim_table(CLAIMS_CSV)
claim = TABLE.claim


#: Where the French held Stuttgart, Karlsruhe and Pforzheim north of the final zone line until
#: 8 July 1945 (approximate: the US held Heilbronn, Mannheim, Heidelberg and Ulm).
FRENCH_HELD_NORTH = box(8.0, 48.3, 9.65, 49.08)


def _ids(names: set[str], rows: dict) -> BaseGeometry:
    return shapely.union_all([geom for name, (geom, _) in rows.items() if name in names])


def _by_sector(rows: dict, power: str) -> BaseGeometry:
    return shapely.union_all([geom for geom, row in rows.values() if row["sector"] == power])


KURIL_GROUPS_CSV = SOURCES / "far_east_1945" / "kuril_groups.csv"
KURIL_COLUMNS = ("group", "west", "south", "east", "north", "note")


def kuril_groups(path: Path = KURIL_GROUPS_CSV) -> dict[str, tuple[float, float, float, float]]:
    """The Kuril island groups in file order, each with the box its islands' centroids lie in.

    An island belongs to the first group whose box (``west <= lon < east``,
    ``south <= lat < north``) holds its centroid.

    Raises
    ------
    DataError
        Naming the file and line: a malformed or repeated group, a bad or empty box.
    """
    out: dict[str, tuple[float, float, float, float]] = {}
    for line, row in enumerate(read_table(path, KURIL_COLUMNS), start=2):
        group = row["group"].strip()
        if not ID_PATTERN.match(group) or group in out:
            raise DataError(path, f"line {line}: group {group!r} is not a-z0-9- or is listed twice")
        try:
            west, south, east, north = (float(row[k]) for k in ("west", "south", "east", "north"))
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad box ({exc})") from exc
        if not (west < east and south < north):
            raise DataError(path, f"line {line}: empty box {west, south, east, north}")
        out[group] = (west, south, east, north)
    return out


def _kurils(path: Path = KURIL_GROUPS_CSV) -> dict[str, BaseGeometry]:
    """The Kuril islands by group (:func:`kuril_groups`), sorted by each island's centroid."""
    boxes = kuril_groups(path)
    groups: dict[str, list] = {key: [] for key in boxes}
    for part in shapely.get_parts(states_1938()["kurils"]):
        c = part.centroid
        for key, (west, south, east, north) in boxes.items():
            if west <= c.x < east and south <= c.y < north:
                groups[key].append(part)
                break
        else:
            raise DataError(path, f"no group holds the island at {c.x:.2f}, {c.y:.2f}")
    return {k: shapely.union_all(v) for k, v in groups.items()}


def _germany_claims() -> list[Claim]:
    g = germany_parts()
    shapes = read_shapes(GERMANY_CSV)
    stettin = shapely.intersection(polygon(GERMANY_CSV, shapes, "stettin-1945"), ne("Poland"))
    zipfel = shapely.difference(
        shapely.intersection(polygon(GERMANY_CSV, shapes, "west-of-oder"), ne("Poland")), stettin
    )
    # the Seeburg salient and eastern Gross Glienicke were Brandenburg until 30 August 1945
    soviet = shapely.union(shapely.difference(g["soviet"], g["berlin"]), seeburg_salient())
    wb_french = shapely.intersection(g["wuerttemberg_baden"], FRENCH_HELD_NORTH)
    return [
        claim("ussr-occupation-zone-1945", soviet),
        claim("ussr-occupation-stettiner-zipfel-1945", zipfel),
        claim("uk-occupation-zone-1945", shapely.union(g["british"], g["enclave"])),
        claim("us-control-bremen-enclave-1945", g["enclave"]),
        claim("us-control-bremen-1945", g["land_bremen"]),
        claim("us-occupation-zone-1945", g["us"]),
        claim("us-occupation-wuerttemberg-baden-1945", g["wuerttemberg_baden"]),
        claim("france-occupation-stuttgart-karlsruhe-1945", wb_french),
        claim("us-occupation-koblenz-palatinate-1945", shapely.union(g["french_north"], g["saar"])),
        claim("france-occupation-zone-north-1945", g["french_north"]),
        claim("france-occupation-saar-1945", g["saar"]),
        claim("france-protectorate-saar-1947", g["saar"]),
        claim("france-occupation-zone-south-1945", g["french_south"]),
        claim("poland-administration-stettin-1945", stettin),
        claim("poland-administration-stettiner-zipfel-1945", zipfel),
    ]  # fmt: skip


def _berlin_vienna_claims() -> list[Claim]:
    b, v = berlin_boroughs(), vienna_districts()
    staaken, seeburg = west_staaken(), seeburg_salient()
    berlin = shapely.difference(germany_parts()["berlin"], seeburg)
    a = austria_parts()
    return [
        claim("ussr-occupation-berlin-1945", berlin),
        claim("us-sector-berlin-1945", _by_sector(b, "US")),
        claim("uk-sector-berlin-1945", shapely.difference(shapely.difference(_by_sector(b, "UK"), staaken), seeburg)),
        claim("uk-sector-berlin-west-staaken-1945", staaken),
        claim("ussr-occupation-west-staaken-1945", staaken),
        claim("uk-sector-berlin-seeburg-gross-glienicke-1945", seeburg),
        claim("uk-sector-berlin-wedding-reinickendorf-1945", _by_sector(b, "France")),
        claim("france-sector-berlin-1945", _by_sector(b, "France")),
        claim("ussr-occupation-austria-zone-1945", a["soviet"]),
        claim("us-occupation-austria-zone-1945", a["us"]),
        claim("uk-occupation-austria-zone-1945", a["british"]),
        claim("france-occupation-austria-zone-1945", a["french"]),
        claim("us-occupation-muehlviertel-1945", shapely.intersection(a["soviet"], admin1()["AT-4"])),
        claim("ussr-occupation-styria-1945", shapely.intersection(a["british"], admin1()["AT-6"])),
        claim("us-occupation-tyrol-1945", shapely.intersection(a["french"], admin1()["AT-7"])),
        claim("ussr-occupation-vienna-1945", a["vienna"]),
        claim("us-sector-vienna-1945", _by_sector(v, "US")),
        claim("uk-sector-vienna-1945", _by_sector(v, "UK")),
        claim("france-sector-vienna-1945", _by_sector(v, "France")),
        claim("four-power-vienna-inner-city-1945", _by_sector(v, "four-power")),
    ]  # fmt: skip


def _poland_claims() -> list[Claim]:
    s = states_1938()
    shapes = read_shapes(POLAND_CSV)
    poland_now = ne("Poland")
    ustrzyki = shapely.intersection(polygon(POLAND_CSV, shapes, "ustrzyki-1951"), poland_now)
    belz = shapely.intersection(polygon(POLAND_CSV, shapes, "belz-1951"), ne("Ukraine"))
    poland_1945 = shapely.union(shapely.difference(poland_now, ustrzyki), belz)
    german_east = shapely.intersection(poland_1945, shapely.union_all(
        [s[k] for k in ("germany_1937", "danzig", "east_prussia") if k in s]
    ))  # fmt: skip
    shapes_g = read_shapes(GERMANY_CSV)
    stettin_area = shapely.intersection(
        shapely.union(polygon(GERMANY_CSV, shapes_g, "stettin-1945"),
                      polygon(GERMANY_CSV, shapes_g, "west-of-oder")), poland_now
    )  # fmt: skip
    german_east = shapely.difference(german_east, stettin_area)
    kresy = shapely.union(shapely.difference(s["poland"], poland_1945), ustrzyki)
    kaliningrad = ne("Russia") & box(19.0, 54.2, 23.0, 55.4)
    return [
        claim("poland-1945", shapely.difference(poland_1945, stettin_area)),
        claim("ussr-annexation-eastern-poland-1945", kresy),
        claim("poland-administration-1945", german_east),
        claim("ussr-administration-koenigsberg-1945", kaliningrad),
        claim("ussr-annexation-koenigsberg-1946", kaliningrad),
    ]  # fmt: skip


JULIAN_CSV = GERMANY_CSV.parent / "julian_march_1945.csv"


def _tende_briga_claims() -> list[Claim]:
    """Tende and La Brigue to France under the 1947 treaty (the 1938 base keeps them Italian)."""
    s = states_1938()
    ceded = shapely.intersection(s["italy"], ne("France"))
    parts = [p for p in shapely.get_parts(_polygonal(ceded)) if p.area > 1e-4]
    if not parts:
        return []
    return [
        claim("france-tende-briga-1947", shapely.union_all(parts)),
    ]  # fmt: skip


def _julian_march_claims() -> list[Claim]:
    """Venezia Giulia: Yugoslav-held in May 1945, then split by the Morgan Line until 1947.

    Zone A (west of the line, with the Pula enclave) was under Allied Military Government from
    12 June 1945; on 15 September 1947 its Italian part went to Italy, the Trieste-Muggia strip
    became Zone A of the Free Territory of Trieste (still Allied Military Government), and the
    rest went to Yugoslavia (left to the war module's restored Yugoslavia beneath).
    """
    shapes = read_shapes(JULIAN_CSV)
    pula = shapely.Point(13.85, 44.87).buffer(0.06)
    zone_a = shapely.union(polygon(JULIAN_CSV, shapes, "zone-a-1945"), pula)
    ftt = polygon(JULIAN_CSV, shapes, "ftt-zone-a-1947")
    italian_part = shapely.difference(shapely.intersection(zone_a, ne("Italy")), ftt)
    return [
        claim("yugoslavia-julian-march-1945", zone_a),
        claim("allied-zone-a-venezia-giulia-1945", zone_a),
        claim("italy-venezia-giulia-1947", italian_part),
        claim("allied-ftt-zone-a-1947", ftt),
    ]  # fmt: skip


#: Bremen city handed by the British (who took it on 26 April) to the US army two days later.
#: US military government in the rest of the enclave (Wesermuende and the Landkreise) after
#: the capitulation in north-west Germany; approximate (a US-appointed Landrat in Brake by
#: mid-June).


def _adjustment_claims() -> list[Claim]:
    """The post-war adjustments of 1945-1947 that the larger claims above leave out.

    - Bremen: US control of the city from 28 April 1945 and of the rest of the enclave from
      about 9 May (the zone claims take over from 4 July);
    - Swinemuende and the island of Wollin: Soviet-held from 5 May until the Polish take-over
      of 4 October (the district) and 6 October 1945 (the town), painted over the Potsdam claim;
    - the Wanfried (17 September 1945) and Barber-Lyashchenko (13 November 1945) exchanges of
      villages between the zones;
    - Gorizia: the town Italian from 15 September 1947 (Natural Earth puts it in Slovenia).
    """
    g = germany_parts()
    shapes = read_shapes(ADJUSTMENTS_CSV)
    land_bremen = g["land_bremen"]
    bremen_city = shapely.intersection(land_bremen, box(8.4, 52.9, 9.2, 53.35))
    enclave_rest = shapely.difference(g["enclave"], bremen_city)
    poland = ne("Poland")
    town = shapely.intersection(polygon(ADJUSTMENTS_CSV, shapes, "swinemuende-town-1945"), poland)
    islands = shapely.difference(
        shapely.intersection(polygon(ADJUSTMENTS_CSV, shapes, "usedom-wollin-1945"), poland), town
    )
    gorizia = shapely.intersection(polygon(ADJUSTMENTS_CSV, shapes, "gorizia-1947"), ne("Slovenia"))
    s = swap_areas()
    return [
        claim("us-control-bremen-city-1945-04", bremen_city),
        claim("us-control-bremen-enclave-1945-05", enclave_rest),
        claim("ussr-occupation-usedom-wollin-1945", islands),
        claim("ussr-occupation-swinemuende-1945", town),
        claim("poland-administration-usedom-wollin-1945", islands),
        claim("poland-administration-swinemuende-1945", town),
        claim("ussr-occupation-werleshausen-1945", s["werleshausen"]),
        claim("us-occupation-werleshausen-1945", s["werleshausen"]),
        claim("us-occupation-asbach-sickenberg-1945", s["asbach"]),
        claim("ussr-occupation-asbach-sickenberg-1945", s["asbach"]),
        claim("ussr-occupation-ratzeburg-east-1945", s["ratzeburg"]),
        claim("uk-occupation-ratzeburg-east-1945", s["ratzeburg"]),
        claim("uk-occupation-schaalsee-east-1945", s["schaalsee"]),
        claim("ussr-occupation-schaalsee-east-1945", s["schaalsee"]),
        claim("italy-gorizia-1947", gorizia),
    ]  # fmt: skip


def _far_east_claims() -> list[Claim]:
    """The Far East: the swept August war, then the occupations and the settlement.

    The Soviet advance of 8-30 August 1945 is :mod:`geobuild.far_east_1945`; the occupation
    of Manchuria and of Korea north of the 38th parallel holds from its last phase date.
    """
    s = states_1938()
    k = _kurils()
    t = far_east.theatre()
    manchuria, north, south = t["manchuria"], t["north_korea"], t["south_korea"]
    japan = shapely.difference(ne("Japan", window=FAR_EAST_BOX), s["kurils"])
    kurils = []
    for key in k:
        if not k[key].is_empty:
            kurils += [
                claim(f"ussr-occupation-kurils-{key}-1945", k[key]),
                claim(f"ussr-annexation-kurils-{key}-1946", k[key]),
            ]
    return [
        *far_east.claims(),
        far_east.on_occupation_day("ussr-occupation-manchuria-1945", "start", manchuria),
        claim("china-manchuria-1946", manchuria),
        claim("ussr-lease-port-arthur-1945", s["kwantung"]),
        claim("ussr-occupation-south-sakhalin-1945", s["karafuto"]),
        claim("ussr-annexation-south-sakhalin-1946", s["karafuto"]),
        *kurils,
        far_east.on_occupation_day("ussr-occupation-north-korea-1945", "start", north),
        claim("korea-north-1948", north),
        claim("us-occupation-south-korea-1945", south),
        claim("korea-south-1948", south),
        claim("us-occupation-japan-1945", japan),
    ]  # fmt: skip


@functools.lru_cache(maxsize=1)
def _base_land() -> BaseGeometry:
    """The union of the 1938 base states (what the base claims cover)."""
    return shapely.union_all([shapely.make_valid(g) for g in states_1938().values()])


def claims() -> list[Claim]:
    """Every control claim of the settlement, in painting order.

    Returns
    -------
    list of Claim
        Claims with an empty geometry (e.g. if the 1938 base lacks a pre-war border) are left
        out with a warning on stderr.
    """
    base_land = _base_land()
    out = []
    drawn = [
        *_germany_claims(),
        *_berlin_vienna_claims(),
        *_poland_claims(),
        *_julian_march_claims(),
        *_tende_briga_claims(),
        *_adjustment_claims(),
        *_far_east_claims(),
    ]
    TABLE.in_file_order([c for c in drawn if c.id in TABLE.records()])  # each once
    for claim in drawn:
        geom = _polygonal(shapely.make_valid(claim.geometry))
        if geom.is_empty or geom.area < 1e-6:
            print(f"  claims_1945_1949: {claim.id} has no area, left out", file=sys.stderr)
            continue
        # Inside the 1938 states only: the base's own coast, so no sliver between the
        # base and the Natural Earth coast is cut off as a piece of its own.
        geom = _polygonal(shapely.intersection(geom, base_land))
        out.append(dataclasses.replace(claim, geometry=geom))
    return out
