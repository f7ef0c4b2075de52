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

Geometries come from :mod:`geobuild.features_1945_1949` (zones, boroughs, districts) and from
the 1938 base (:func:`geobuild.base.states_1938`: Manchukuo, Kwantung, Karafuto, Kurils).
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from datetime import date

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geobuild import far_east_1945 as far_east
from geobuild.base import FAR_EAST_BOX, ne, states_1938
from geobuild.claims import Claim, polygon, read_shapes
from geobuild.features_1945_1949 import (
    ADJUSTMENTS_CSV,
    ADMIN1_SOURCE,
    BARBER_LYASHCHENKO,
    BERLIN_FALL,
    BORDER_AGREEMENT,
    BREMEN_REDUCTION_SOURCE,
    FRENCH_BERLIN_SECTOR,
    GERMANY_CSV,
    NE50_SOURCE,
    ORTSTEILE_SOURCE,
    POLAND_CSV,
    POTSDAM,
    SAAR_PROTECTORATE,
    SCHWERIN_HANDOVER,
    SEEBURG_NOTE,
    SEEBURG_SOURCES,
    STAAKEN_EXCHANGE,
    VIENNA_SECTORS,
    WANFRIED,
    WEST_STAAKEN_NOTE,
    WEST_STAAKEN_SOURCES,
    ZONES_IN_FORCE,
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

SOVIET_ENTRY = date(1945, 7, 2)
FRENCH_LEFT_STUTTGART = date(1945, 7, 8)
FRENCH_IN_KOBLENZ = date(1945, 7, 12)
BREMEN_REDUCED = date(1945, 12, 10)
STETTIN = date(1945, 7, 5)
TYROL_TO_FRANCE = date(1945, 7, 10)
STYRIA_TO_UK = date(1945, 7, 24)
MUEHLVIERTEL_TO_USSR = date(1945, 8, 1)
KOENIGSBERG_OBLAST = date(1946, 4, 7)
FAR_EAST_DECREE = date(1946, 2, 2)

#: Where the French held Stuttgart, Karlsruhe and Pforzheim north of the final zone line until
#: 8 July 1945 (approximate: the US held Heilbronn, Mannheim, Heidelberg and Ulm).
FRENCH_HELD_NORTH = box(8.0, 48.3, 9.65, 49.08)


def _ids(names: set[str], rows: dict) -> BaseGeometry:
    return shapely.union_all([geom for name, (geom, _) in rows.items() if name in names])


def _by_sector(rows: dict, power: str) -> BaseGeometry:
    return shapely.union_all([geom for geom, row in rows.values() if row["sector"] == power])


def _kurils() -> dict[str, BaseGeometry]:
    """The Kuril islands by group, sorted by each island's centroid."""
    groups: dict[str, list] = {
        "north": [],
        "iturup": [],
        "kunashir": [],
        "shikotan": [],
        "habomai": [],
    }
    for part in shapely.get_parts(states_1938()["kurils"]):
        c = part.centroid
        if c.x >= 149.2:
            key = "north"
        elif c.y >= 44.3 and c.x >= 146.5:
            key = "iturup"
        elif c.y >= 43.7 and c.x < 146.5:
            key = "kunashir"
        elif c.x >= 146.5:
            key = "shikotan"
        else:
            key = "habomai"
        groups[key].append(part)
    return {k: shapely.union_all(v) for k, v in groups.items()}


def _germany_claims() -> list[Claim]:
    g = germany_parts()
    src = (ADMIN1_SOURCE, NE50_SOURCE)
    shapes = read_shapes(GERMANY_CSV)
    stettin = shapely.intersection(polygon(GERMANY_CSV, shapes, "stettin-1945"), ne("Poland"))
    zipfel = shapely.difference(
        shapely.intersection(polygon(GERMANY_CSV, shapes, "west-of-oder"), ne("Poland")), stettin
    )
    # the Seeburg salient and eastern Gross Glienicke were Brandenburg until 30 August 1945
    soviet = shapely.union(shapely.difference(g["soviet"], g["berlin"]), seeburg_salient())
    wb_french = shapely.intersection(g["wuerttemberg_baden"], FRENCH_HELD_NORTH)
    return [
        Claim("ussr-occupation-zone-1945", "Soviet zone of occupation", "USSR", "occupied",
              SOVIET_ENTRY, None, "day", ("S25", "S33", "S34", *src), soviet,
              "US and British troops withdrew from Mecklenburg, Saxony-Anhalt, Thuringia and western "
              "Saxony on 1-4 July 1945; the Soviets entered Schwerin, Halle, Leipzig, Weimar, Erfurt "
              "and Plauen on 2 July. Soviet control continued after the GDR was founded (7 October "
              "1949; Soviet Control Commission). Includes the Seeburg salient and eastern Gross "
              "Glienicke, British sector from 30 August 1945 (a later claim)."),
        Claim("ussr-occupation-stettiner-zipfel-1945", "Stettin area west of the Oder (Soviet-held)",
              "USSR", "occupied", SOVIET_ENTRY, SCHWERIN_HANDOVER, "approx", ("S41", NE50_SOURCE), zipfel,
              "West of the Oder around Police; fixed as Polish by the Schwerin agreement of 21 September "
              "and handed over on 4 October 1945. Extent approximate (L)."),
        Claim("uk-occupation-zone-1945", "British zone of occupation", "UK", "occupied", ZONES_IN_FORCE,
              None, "day", ("S27", *src), shapely.union(g["british"], g["enclave"]),
              "Includes the Landkreise of the Bremen enclave, which were under US control until "
              "10 December 1945 (next claims)."),
        Claim("us-control-bremen-enclave-1945", "Bremen enclave (US control)", "US", "occupied",
              ZONES_IN_FORCE, BREMEN_REDUCED, "day", ("S27", "S36", BREMEN_REDUCTION_SOURCE, *src),
              g["enclave"],
              "US control from about 28 April 1945 (British zonal rules applied); Bremen, "
              "Wesermuende and the Landkreise Wesermuende, Osterholz and Wesermarsch (approximate "
              "extent, L). By the Anglo-American agreement of 10 December 1945 the three Landkreise "
              "passed to British administration; the cities stayed (next claim)."),
        Claim("us-control-bremen-1945", "Bremen and Bremerhaven (US control)", "US", "occupied",
              ZONES_IN_FORCE, None, "day", ("S27", "S36", BREMEN_REDUCTION_SOURCE, *src),
              g["land_bremen"],
              "Bremen and Wesermuende/Bremerhaven, the area of today's Land Bremen: the whole US "
              "enclave from 10 December 1945, in the British zone until Land Bremen joined the US zone "
              "on 22 January 1947."),
        Claim("us-occupation-zone-1945", "US zone of occupation (Bavaria, Hesse)", "US", "occupied",
              ZONES_IN_FORCE, None, "day", ("S26", "S27", *src), g["us"],
              "Bavaria without Landkreis Lindau, and Greater Hesse. The US had held them since April-May "
              "1945."),
        Claim("us-occupation-wuerttemberg-baden-1945", "US zone: Wuerttemberg-Baden", "US", "occupied",
              ZONES_IN_FORCE, None, "day", ("S29", "S30", "S31", *src), g["wuerttemberg_baden"],
              "Kreise crossed by the Karlsruhe-Stuttgart-Ulm Autobahn and north of it; the zone line is "
              "an approximate trace of the Kreis limits (L)."),
        Claim("france-occupation-stuttgart-karlsruhe-1945", "Stuttgart and Karlsruhe (French-held)",
              "France", "occupied", ZONES_IN_FORCE, FRENCH_LEFT_STUTTGART, "approx", ("S31", *src),
              wb_french,
              "The French army held Stuttgart, Karlsruhe and Pforzheim until it left the area "
              "allocated to the US on 8 July 1945 at noon; the area shown is approximate (L)."),
        Claim("us-occupation-koblenz-palatinate-1945", "Koblenz, Trier and the Palatinate (US-held)",
              "US", "occupied", ZONES_IN_FORCE, FRENCH_IN_KOBLENZ, "approx", ("S32", *src),
              shapely.union(g["french_north"], g["saar"]),
              "Held by the US army until the French took over on 10-15 July 1945."),
        Claim("france-occupation-zone-north-1945", "French zone of occupation (north)", "France",
              "occupied", FRENCH_IN_KOBLENZ, None, "approx", ("S26", "S32", *src), g["french_north"],
              "French take-over from the US 10-15 July 1945 (shown from 12 July); zone defined 26 July."),
        Claim("france-occupation-saar-1945", "Saar (French zone)", "France", "occupied", FRENCH_IN_KOBLENZ,
              SAAR_PROTECTORATE, "approx", ("S26", *src), g["saar"],
              "Extent of the modern Saarland (with the 1946 enlargements, M)."),
        Claim("france-protectorate-saar-1947", "Saar protectorate", "France", "protectorate",
              SAAR_PROTECTORATE, None, "approx", ("S26", *src), g["saar"],
              "Saar constitution in force 17 December 1947 (M); returned to the FRG on 1 January 1957."),
        Claim("france-occupation-zone-south-1945", "French zone of occupation (south)", "France",
              "occupied", ZONES_IN_FORCE, None, "day", ("S26", "S29", "S30", *src), g["french_south"],
              "South Baden, Wuerttemberg-Hohenzollern and Landkreis Lindau, held by the French army "
              "since April 1945; zone line approximate (L)."),
        Claim("poland-administration-stettin-1945", "Stettin (Polish administration)", "Poland",
              "administered", STETTIN, None, "day", ("S41", NE50_SOURCE), stettin,
              "Handed to Polish administration on 5 July 1945; city extent approximate (L)."),
        Claim("poland-administration-stettiner-zipfel-1945", "Stettiner Zipfel (Polish administration)",
              "Poland", "administered", SCHWERIN_HANDOVER, None, "day", ("S41", NE50_SOURCE), zipfel,
              "About 930 km2 west of the Oder handed over on 4 October 1945; extent approximate (L)."),
    ]  # fmt: skip


def _berlin_vienna_claims() -> list[Claim]:
    b, v = berlin_boroughs(), vienna_districts()
    staaken, seeburg = west_staaken(), seeburg_salient()
    berlin = shapely.difference(germany_parts()["berlin"], seeburg)
    a = austria_parts()
    note_b = (
        "Borough limits of 1938 from today's official Ortsteile, within about 30 m before the "
        "coverage is rounded to 0.001 degree (see the sector layer)."
    )
    note_v = "District limits inside the 1937 city limit, traced to within a few hundred metres."
    src_b = ("S25", "S33", ORTSTEILE_SOURCE)
    return [
        Claim("ussr-occupation-berlin-1945", "Berlin (Soviet-held; Soviet sector)", "USSR", "occupied",
              BERLIN_FALL, None, "day", src_b, berlin,
              "All of Greater Berlin was Soviet-held from the capitulation of 2 May until 3/4 July 1945; "
              "then the Soviet sector. " + note_b),
        Claim("us-sector-berlin-1945", "American sector of Berlin", "US", "occupied", ZONES_IN_FORCE, None,
              "day", src_b, _by_sector(b, "US"),
              "Kreuzberg, Neukoelln, Tempelhof, Schoeneberg, Steglitz, Zehlendorf. " + note_b),
        Claim("uk-sector-berlin-1945", "British sector of Berlin", "UK", "occupied", ZONES_IN_FORCE, None,
              "day", src_b, shapely.difference(shapely.difference(_by_sector(b, "UK"), staaken), seeburg),
              "Tiergarten, Charlottenburg, Wilmersdorf, Spandau (without West-Staaken; the Seeburg "
              "salient and eastern Gross Glienicke are the next claim but one). " + note_b),
        Claim("uk-sector-berlin-west-staaken-1945", "West-Staaken (British sector)", "UK", "occupied",
              ZONES_IN_FORCE, STAAKEN_EXCHANGE, "day", tuple(WEST_STAAKEN_SOURCES), staaken,
              WEST_STAAKEN_NOTE),
        Claim("ussr-occupation-west-staaken-1945", "West-Staaken (Soviet)", "USSR", "occupied",
              STAAKEN_EXCHANGE, None, "day", tuple(WEST_STAAKEN_SOURCES), staaken, WEST_STAAKEN_NOTE),
        Claim("uk-sector-berlin-seeburg-gross-glienicke-1945", "Seeburg salient and eastern Gross "
              "Glienicke (British sector)", "UK", "occupied", STAAKEN_EXCHANGE, None, "day",
              tuple(SEEBURG_SOURCES), seeburg,
              "Soviet zone (Brandenburg) until 30 August 1945, painted over by this claim. " + SEEBURG_NOTE),
        Claim("uk-sector-berlin-wedding-reinickendorf-1945", "Wedding and Reinickendorf (British)", "UK",
              "occupied", ZONES_IN_FORCE, FRENCH_BERLIN_SECTOR, "day", ("S33", "S35"),
              _by_sector(b, "France"), "British until the French sector was formed. " + note_b),
        Claim("france-sector-berlin-1945", "French sector of Berlin", "France", "occupied",
              FRENCH_BERLIN_SECTOR, None, "day", ("S33", "S35"), _by_sector(b, "France"),
              "Wedding and Reinickendorf from 13 August 1945 (handover 12 August). " + note_b),
        Claim("ussr-occupation-austria-zone-1945", "Soviet zone of Austria", "USSR", "occupied",
              ZONES_IN_FORCE, None, "day", ("S38", ADMIN1_SOURCE, NE50_SOURCE), a["soviet"],
              "Lower Austria, Burgenland, the Vienna fringe of 1938 and (from about 1 August) the "
              "Muehlviertel; Soviet-held since April-May 1945."),
        Claim("us-occupation-austria-zone-1945", "US zone of Austria", "US", "occupied", ZONES_IN_FORCE,
              None, "day", ("S38", ADMIN1_SOURCE, NE50_SOURCE), a["us"],
              "Salzburg, Upper Austria south of the Danube and the Ausseerland; US-held since May 1945."),
        Claim("uk-occupation-austria-zone-1945", "British zone of Austria", "UK", "occupied",
              ZONES_IN_FORCE, None, "day", ("S38", ADMIN1_SOURCE, NE50_SOURCE), a["british"],
              "Carinthia and East Tyrol (British since May), Styria from about 24 July 1945."),
        Claim("france-occupation-austria-zone-1945", "French zone of Austria", "France", "occupied",
              ZONES_IN_FORCE, None, "day", ("S38", ADMIN1_SOURCE, NE50_SOURCE), a["french"],
              "Vorarlberg (French since May 1945) and North Tyrol (from July 1945)."),
        Claim("us-occupation-muehlviertel-1945", "Muehlviertel (US-held)", "US", "occupied",
              ZONES_IN_FORCE, MUEHLVIERTEL_TO_USSR, "approx", ("S38", ADMIN1_SOURCE),
              shapely.intersection(a["soviet"], admin1()["AT-4"]),
              "Upper Austria north of the Danube stayed US-held until handed to the Soviets in the "
              "summer of 1945 (shown until 1 August; date approximate)."),
        Claim("ussr-occupation-styria-1945", "Styria (Soviet-held)", "USSR", "occupied", ZONES_IN_FORCE,
              STYRIA_TO_UK, "approx", ("S38", ADMIN1_SOURCE),
              shapely.intersection(a["british"], admin1()["AT-6"]),
              "The Red Army held Styria (with Graz) until the British took over about 24 July 1945 (M); "
              "the western fringe held by the British earlier is not distinguished."),
        Claim("us-occupation-tyrol-1945", "North Tyrol (US-held)", "US", "occupied", ZONES_IN_FORCE,
              TYROL_TO_FRANCE, "approx", ("S38", ADMIN1_SOURCE),
              shapely.intersection(a["french"], admin1()["AT-7"]),
              "Held by the US army until handed to the French in July 1945 (shown until 10 July; "
              "approximate)."),
        Claim("ussr-occupation-vienna-1945", "Vienna (Soviet-held; Soviet sector)", "USSR", "occupied",
              ZONES_IN_FORCE, None, "day", ("S38", "S39"), a["vienna"],
              "All of Vienna was Soviet-held until the Western powers took up their sectors on 1 "
              "September 1945; then the Soviet sector. " + note_v),
        Claim("us-sector-vienna-1945", "American sector of Vienna", "US", "occupied", VIENNA_SECTORS, None,
              "day", ("S38", "S39"), _by_sector(v, "US"), "Districts 7, 8, 9, 17, 18, 19. " + note_v),
        Claim("uk-sector-vienna-1945", "British sector of Vienna", "UK", "occupied", VIENNA_SECTORS, None,
              "day", ("S38", "S39"), _by_sector(v, "UK"), "Districts 3, 5, 11, 12, 13. " + note_v),
        Claim("france-sector-vienna-1945", "French sector of Vienna", "France", "occupied", VIENNA_SECTORS,
              None, "day", ("S38", "S39"), _by_sector(v, "France"), "Districts 6, 14, 15, 16. " + note_v),
        Claim("four-power-vienna-inner-city-1945", "Vienna Inner City (inter-allied)", "four-power",
              "condominium", VIENNA_SECTORS, None, "day", ("S38", "S39"), _by_sector(v, "four-power"),
              "District 1 under the four powers with a monthly rotating chair. " + note_v),
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
        Claim("poland-1945", "Poland (borders of 16 August 1945)", "Poland", "sovereign", BORDER_AGREEMENT,
              None, "day", ("S43", NE50_SOURCE), shapely.difference(poland_1945, stettin_area),
              "Natural Earth Poland with the Belz area (Polish until the 1951 exchange) and without the "
              "Ustrzyki area (Soviet until 1951); both approximate (L). Soviet troops remained."),
        Claim("ussr-annexation-eastern-poland-1945", "Former eastern Poland (to the USSR)", "USSR",
              "annexed", BORDER_AGREEMENT, None, "day", ("S43", NE50_SOURCE), kresy,
              "East of the 1945 border (the Curzon line with digressions); in force 5 February 1946."),
        Claim("poland-administration-1945", "Former German territories under Polish administration",
              "Poland", "administered", POTSDAM, None, "day", ("S40", NE50_SOURCE), german_east,
              "East of the Oder-Neisse line, the south of East Prussia and Danzig, placed under Polish "
              "administration at Potsdam pending a peace settlement (Polish authorities from spring "
              "1945; Swinemuende and Wollin, Soviet-held until 4-6 October 1945, are painted over "
              "by the adjustment claims)."),
        Claim("ussr-administration-koenigsberg-1945", "Koenigsberg area (to the USSR)", "USSR",
              "administered", POTSDAM, KOENIGSBERG_OBLAST, "day", ("S40", NE50_SOURCE), kaliningrad,
              "Transferred to the USSR at Potsdam pending a peace settlement (Soviet-held since the "
              "spring of 1945)."),
        Claim("ussr-annexation-koenigsberg-1946", "Koenigsberg (Kaliningrad) Oblast", "USSR", "annexed",
              KOENIGSBERG_OBLAST, None, "day", ("S40", NE50_SOURCE), kaliningrad,
              "Koenigsberg Oblast formed 7 April 1946 (renamed Kaliningrad 4 July 1946) (M)."),
    ]  # fmt: skip


JULIAN_CSV = GERMANY_CSV.parent / "julian_march_1945.csv"
YUGOSLAV_TRIESTE = date(1945, 5, 1)
MORGAN_LINE = date(1945, 6, 12)
ITALIAN_TREATY = date(1947, 9, 15)
MORGAN_SOURCE = "MORGAN-LINE-1945, (M)"
TREATY_SOURCE = "PARIS-TREATY-ITALY-1947, art. 3-4, 21-22 and Annex VI"


TENDE_SOURCE = "PARIS-TREATY-ITALY-1947, art. 2"


def _tende_briga_claims() -> list[Claim]:
    """Tende and La Brigue to France under the 1947 treaty (the 1938 base keeps them Italian)."""
    s = states_1938()
    ceded = shapely.intersection(s["italy"], ne("France"))
    parts = [p for p in shapely.get_parts(_polygonal(ceded)) if p.area > 1e-4]
    if not parts:
        return []
    return [
        Claim("france-tende-briga-1947", "Tende and La Brigue (to France)", "France", "sovereign",
              ITALIAN_TREATY, None, "day", (TENDE_SOURCE, NE50_SOURCE), shapely.union_all(parts),
              "Ceded by Italy under art. 2 of the Paris peace treaty (in force 15 September 1947); "
              "the area is the part of 1938 Italy inside Natural Earth 1:50m France (the smaller "
              "Mont Cenis, Chaberton and Little St Bernard rectifications are below the map's "
              "resolution)."),
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
    trace = (
        "Approximate trace (L) from the towns the line ran by; the Pula enclave as a 6 km circle."
    )
    return [
        Claim("yugoslavia-julian-march-1945", "Venezia Giulia held by the Yugoslav army", "Yugoslavia",
              "occupied", YUGOSLAV_TRIESTE, MORGAN_LINE, "day", (MORGAN_SOURCE,), zone_a,
              "Yugoslav forces took Trieste on 1 May 1945 (New Zealand troops held the port) and left "
              "Zone A by 12 June 1945 under the Belgrade agreement. " + trace),
        Claim("allied-zone-a-venezia-giulia-1945", "Zone A of Venezia Giulia (Allied Military Government)",
              "Allies", "administered", MORGAN_LINE, ITALIAN_TREATY, "day", (MORGAN_SOURCE,), zone_a,
              "West of the Morgan Line: Trieste, Gorizia, the strip west of the Soca, the lower Vipava, "
              "most of the Kras, and Pula. " + trace),
        Claim("italy-venezia-giulia-1947", "Gorizia and Monfalcone returned to Italy", "Italy",
              "sovereign", ITALIAN_TREATY, None, "day", (TREATY_SOURCE, NE50_SOURCE), italian_part,
              "The Italian part of the former Zone A outside the Free Territory; the 1947 border as the "
              "modern Natural Earth Italy-Slovenia border (approximate)."),
        Claim("allied-ftt-zone-a-1947", "Free Territory of Trieste, Zone A (Allied Military Government)",
              "Allies", "administered", ITALIAN_TREATY, None, "day", (TREATY_SOURCE,), ftt,
              "Trieste and Muggia under Allied Military Government until the London memorandum of "
              "5 Oct 1954 (Zone A to Italy, 26 Oct 1954). " + trace),
    ]  # fmt: skip


#: Bremen city handed by the British (who took it on 26 April) to the US army two days later.
BREMEN_TO_US = date(1945, 4, 28)
#: US military government in the rest of the enclave (Wesermuende and the Landkreise) after
#: the capitulation in north-west Germany; approximate (a US-appointed Landrat in Brake by
#: mid-June).
ENCLAVE_TO_US = date(1945, 5, 9)
SWINEMUENDE_TAKEN = date(1945, 5, 5)
USEDOM_WOLLIN_TO_POLAND = date(1945, 10, 4)
SWINEMUENDE_TO_POLAND = date(1945, 10, 6)
BREMEN_SOURCES = (
    "S36",
    "BUTENUNBINNEN-BREMEN, Bremen handed to the US army two days after its capture on 26 Apr 1945",
    "OMGBR-HISTORIES",
)
SWINE_SOURCES = (
    "S40",
    "SWINEMUENDE-1945",
)


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
    wanfried = (
        "WANFRIED-1945, hna.de 2015; djaco.bildung.hessen.de; werleshausen.de",
        ADMIN1_SOURCE,
    )
    barber = (
        "BARBER-LYASHCHENKO-1945, de-academic; zarrentin.de; grenzerinnerungen.de",
        ADMIN1_SOURCE,
    )
    swap_note = " Outline approximate (L): the authored trace cut to the modern Land."
    return [
        Claim("us-control-bremen-city-1945-04", "Bremen (US control)", "US", "occupied",
              BREMEN_TO_US, ZONES_IN_FORCE, "approx", (*BREMEN_SOURCES, ADMIN1_SOURCE), bremen_city,
              "Taken by the British on 26 April 1945 and handed to the US army two days later "
              "(functional histories from 26/27 April); the city area of Land Bremen south of "
              "53.35 N."),
        Claim("us-control-bremen-enclave-1945-05", "Bremen enclave: Wesermuende and the Landkreise "
              "(US control)", "US", "occupied", ENCLAVE_TO_US, ZONES_IN_FORCE, "approx",
              (*BREMEN_SOURCES, "NWZ-WESERMARSCH", ADMIN1_SOURCE), enclave_rest,
              "Wesermuende/Bremerhaven and the Landkreise Wesermuende, Osterholz and Wesermarsch: "
              "British troops first, American military government from May-June 1945 (start "
              "approximate, L; extent approximate, L)."),
        Claim("ussr-occupation-usedom-wollin-1945", "Usedom east of the line and Wollin "
              "(Soviet-held)", "USSR", "occupied", SWINEMUENDE_TAKEN, USEDOM_WOLLIN_TO_POLAND, "day",
              (*SWINE_SOURCES, NE50_SOURCE), islands,
              "Soviet kommandantura (Baltic Fleet base) from the capture of 5 May 1945; the "
              "Polish plenipotentiary took the district over on 4 October 1945. East edge along "
              "the Dziwna (Dievenow), approximate (L)."),
        Claim("ussr-occupation-swinemuende-1945", "Swinemuende (Soviet-held)", "USSR", "occupied",
              SWINEMUENDE_TAKEN, SWINEMUENDE_TO_POLAND, "day", (*SWINE_SOURCES, NE50_SOURCE), town,
              "Taken on 5 May 1945; Soviet military commandant with a German administration until "
              "the Polish administration officially took the town over on 6 October 1945 (the "
              "Soviet naval base stayed). Town extent approximate (L)."),
        Claim("poland-administration-usedom-wollin-1945", "Wollin and eastern Usedom (Polish "
              "administration)", "Poland", "administered", USEDOM_WOLLIN_TO_POLAND, None, "day",
              (*SWINE_SOURCES, NE50_SOURCE), islands,
              "Taken over from the Soviet kommandantura on 4 October 1945."),
        Claim("poland-administration-swinemuende-1945", "Swinemuende (Polish administration)",
              "Poland", "administered", SWINEMUENDE_TO_POLAND, None, "day",
              (*SWINE_SOURCES, NE50_SOURCE), town,
              "Polish administration from 6 October 1945; a Soviet naval base remained."),
        Claim("ussr-occupation-werleshausen-1945", "Werleshausen and Neuseesen (Soviet-held)",
              "USSR", "occupied", SOVIET_ENTRY, WANFRIED, "day", wanfried, s["werleshausen"],
              "Thuringian villages on the Bebra-Goettingen railway, Soviet-occupied from early July "
              "1945 until the Wanfried agreement (in force 19 September at 18:00)." + swap_note),
        Claim("us-occupation-werleshausen-1945", "Werleshausen and Neuseesen (US zone)", "US",
              "occupied", WANFRIED, None, "day", wanfried, s["werleshausen"],
              "Exchanged to the US zone (Kreis Witzenhausen, Hesse) by the Wanfried agreement."
              + swap_note),
        Claim("us-occupation-asbach-sickenberg-1945", "Asbach, Sickenberg, Vatterode, Weidenbach and "
              "Hennigerode (US-held)", "US", "occupied", SOVIET_ENTRY, WANFRIED, "day", wanfried,
              s["asbach"], "Hessian villages of Kreis Witzenhausen, US-held until the Wanfried "
              "agreement." + swap_note),
        Claim("ussr-occupation-asbach-sickenberg-1945", "Asbach, Sickenberg, Vatterode, Weidenbach "
              "and Hennigerode (Soviet zone)", "USSR", "occupied", WANFRIED, None, "day", wanfried,
              s["asbach"], "Exchanged to the Soviet zone by the Wanfried agreement (in force 19 "
              "September 1945 at 18:00)." + swap_note),
        Claim("ussr-occupation-ratzeburg-east-1945", "Ziethen, Mechow, Baek and Roemnitz "
              "(Soviet-held)", "USSR", "occupied", SOVIET_ENTRY, BARBER_LYASHCHENKO, "day", barber,
              s["ratzeburg"], "Mecklenburg villages east of the Ratzeburger See, Soviet-held until "
              "the Barber-Lyashchenko exchange of 26 November 1945." + swap_note),
        Claim("uk-occupation-ratzeburg-east-1945", "Ziethen, Mechow, Baek and Roemnitz (British "
              "zone)", "UK", "occupied", BARBER_LYASHCHENKO, None, "approx", barber, s["ratzeburg"],
              "To Kreis Herzogtum Lauenburg on 26 November 1945 (evacuation complete 28 November)."
              + swap_note),
        Claim("uk-occupation-schaalsee-east-1945", "Dechow, Thurow and Lassahn (British-held)", "UK",
              "occupied", SOVIET_ENTRY, BARBER_LYASHCHENKO, "day", barber, s["schaalsee"],
              "Lauenburg villages east of the Schaalsee, British until the Barber-Lyashchenko "
              "exchange of 26 November 1945." + swap_note),
        Claim("ussr-occupation-schaalsee-east-1945", "Dechow, Thurow and Lassahn (Soviet zone)",
              "USSR", "occupied", BARBER_LYASHCHENKO, None, "approx", barber, s["schaalsee"],
              "To Mecklenburg and the Soviet zone on 26 November 1945 (evacuation complete 28 "
              "November)." + swap_note),
        Claim("italy-gorizia-1947", "Gorizia (returned to Italy)", "Italy", "sovereign",
              ITALIAN_TREATY, None, "day", (TREATY_SOURCE, NE50_SOURCE), gorizia,
              "The town of Gorizia stayed Italian under the 1947 treaty while its eastern suburbs "
              "(Solkan, the station quarter that became Nova Gorica, Sempeter, Vrtojba) went to "
              "Yugoslavia; Natural Earth 1:50m puts the town in Slovenia, so the treaty line is "
              "authored locally (M, within about 500 m)."),
    ]  # fmt: skip


def _far_east_claims() -> list[Claim]:
    """The Far East: the swept August war, then the occupations and the settlement.

    The Soviet advance of 8-30 August 1945 is :mod:`geobuild.far_east_1945`; the occupation
    of Manchuria and of Korea north of the 38th parallel holds from its last phase date.
    """
    s = states_1938()
    k = _kurils()
    t = far_east.theatre()
    occupied = far_east.occupation_day()
    manchuria, north, south = t["manchuria"], t["north_korea"], t["south_korea"]
    japan = shapely.difference(ne("Japan", window=FAR_EAST_BOX), s["kurils"])
    decree = "Annexed by the decrees of 2 February 1946 (Yuzhno-Sakhalinsk oblast)."
    kuril_rows = (
        ("north", date(1945, 8, 23), "Northern and central Kurils (Shumshu to Urup)",
         "Landing on Shumshu 18 August; the northern garrisons surrendered about 23 August 1945."),
        ("iturup", date(1945, 8, 29), "Iturup", "Occupied 28 August - 1 September 1945."),
        ("kunashir", date(1945, 9, 1), "Kunashir", "Occupied about 1 September 1945."),
        ("shikotan", date(1945, 9, 1), "Shikotan", "Occupied about 1 September 1945 (M)."),
        ("habomai", date(1945, 9, 5), "Habomai islands", "Occupied about 3-5 September 1945 (M)."),
    )  # fmt: skip
    kurils = []
    for key, start, name, note in kuril_rows:
        if k[key].is_empty:
            continue
        kurils += [
            Claim(f"ussr-occupation-kurils-{key}-1945", f"{name} (Soviet-occupied)", "USSR", "occupied",
                  start, FAR_EAST_DECREE, "approx", ("S46", "S44"), k[key], note),
            Claim(f"ussr-annexation-kurils-{key}-1946", f"{name} (annexed by the USSR)", "USSR",
                  "annexed", FAR_EAST_DECREE, None, "day", ("S46", "S44"), k[key], decree),
        ]  # fmt: skip
    swept = f"Before {occupied:%d %B %Y} the advance is drawn day by day (the fareast-* claims)."
    return [
        *far_east.claims(),
        Claim("ussr-occupation-manchuria-1945", "Manchuria (Soviet-occupied)", "USSR", "occupied",
              occupied, date(1946, 5, 3), "approx", ("S46", "S44", "FE1", "FE5"), manchuria,
              "Soviet invasion from 9 August 1945; Manchukuo dissolved 18 August; Harbin, Changchun "
              "and Mukden taken 18-20 August. " + swept + " Soviet withdrawal completed about 3 May "
              "1946 (M)."),
        Claim("china-manchuria-1946", "Manchuria (China)", "China", "sovereign", date(1946, 5, 3), None,
              "approx", ("S45",), manchuria,
              "Returned to China under the Sino-Soviet treaty of 14 August 1945; contested between the "
              "Nationalists and the Communists (Communist control by late 1948; PRC from 1 October "
              "1949), not distinguished."),
        Claim("ussr-lease-port-arthur-1945", "Port Arthur and Dairen (Soviet lease)", "USSR", "lease",
              date(1945, 8, 22), None, "approx", ("S44", "S45", "FE1", "FE2"), s["kwantung"],
              "Joint Soviet-Chinese naval base at Port Arthur for 30 years and Dairen a free port with "
              "Soviet pre-eminent interests (treaty of 14 August 1945); Soviet airborne landings at "
              "Port Arthur and Dairen on 22 August 1945, the garrisons disarmed from 23 August; the "
              "former Kwantung Leased Territory, boundary approximate."),
        Claim("ussr-occupation-south-sakhalin-1945", "South Sakhalin (Soviet-occupied)", "USSR", "occupied",
              date(1945, 8, 25), FAR_EAST_DECREE, "day", ("S46", "S44", "FE7"), s["karafuto"],
              "Offensive 11-25 August 1945 (drawn day by day before 25 August); Toyohara and Otomari "
              "occupied 25 August (M)."),
        Claim("ussr-annexation-south-sakhalin-1946", "South Sakhalin (annexed by the USSR)", "USSR",
              "annexed", FAR_EAST_DECREE, None, "day", ("S46", "S44"), s["karafuto"], decree),
        *kurils,
        Claim("ussr-occupation-north-korea-1945", "Korea north of the 38th parallel (Soviet-occupied)",
              "USSR", "occupied", occupied, date(1948, 9, 9), "approx", ("S46", "FE5"), north,
              "Soviet troops in north-eastern Korea from 12 August; Pyongyang taken 24 August 1945 and "
              "the 38th parallel reached by the end of August. " + swept + " Occupation zone until "
              "the DPRK was proclaimed on 9 September 1948."),
        Claim("korea-north-1948", "Democratic People's Republic of Korea", "Korea", "sovereign",
              date(1948, 9, 9), None, "day", ("S46",), north,
              "Proclaimed 9 September 1948; Soviet troops left by December 1948."),
        Claim("us-occupation-south-korea-1945", "Korea south of the 38th parallel (US-occupied)", "US",
              "occupied", date(1945, 9, 9), date(1948, 8, 15), "day", ("S46",), south,
              "US troops landed at Incheon on 8 September; Japanese surrender in Seoul 9 September 1945. "
              "US Army Military Government until the Republic of Korea, 15 August 1948."),
        Claim("korea-south-1948", "Republic of Korea", "Korea", "sovereign", date(1948, 8, 15), None, "day",
              ("S46",), south, "Proclaimed 15 August 1948."),
        Claim("us-occupation-japan-1945", "Japan (Allied occupation)", "US", "occupied", date(1945, 9, 2),
              None, "day", ("S46",), japan,
              "Allied occupation under SCAP (in practice American) from the surrender of 2 September "
              "1945 until 28 April 1952."),
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
    for claim in [
        *_germany_claims(),
        *_berlin_vienna_claims(),
        *_poland_claims(),
        *_julian_march_claims(),
        *_tende_briga_claims(),
        *_adjustment_claims(),
        *_far_east_claims(),
    ]:
        geom = _polygonal(shapely.make_valid(claim.geometry))
        if geom.is_empty or geom.area < 1e-6:
            print(f"  claims_1945_1949: {claim.id} has no area, left out", file=sys.stderr)
            continue
        # Inside the 1938 states only: the base's own coast, so no sliver between the
        # base and the Natural Earth coast is cut off as a piece of its own.
        geom = _polygonal(shapely.intersection(geom, base_land))
        out.append(dataclasses.replace(claim, geometry=geom))
    return out
