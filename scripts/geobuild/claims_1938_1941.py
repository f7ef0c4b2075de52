"""Control claims from Munich to the eve of Barbarossa (1938-10-01 to 1941-06-21).

Painted over the 1938 base map (``base.py``) in the order of :func:`claims`. Geometries are
named 1938 states (``base.states_1938()``) cut with authored vertex lists in
``geodata/sources/control_1938_1941/*.csv``; dates come from the fact sheet
(``factsheet.md`` sections 1-2, keys S1-S21) or, where it is silent, from the standard
chronology (marked ``M`` in the sources). Occupations that end in 1944-1945 are left open here:
the later claim modules paint over them.
"""

from __future__ import annotations

import functools
from datetime import date

import shapely
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild.base import shape as base_shape
from geobuild.base import states_1938
from geobuild.claims import Claim, polygon, read_shapes

SOURCE_DIR = SOURCES / "control_1938_1941"
MUNICH = "MUNICH-1938, (M)"


@functools.lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple]:
    out = {}
    for path in sorted(SOURCE_DIR.glob("*.csv")):
        for name, pts in read_shapes(path).items():
            out[name] = (path, pts)
    return out


def shape(*names: str) -> BaseGeometry:
    """Union of authored polygons from ``geodata/sources/control_1938_1941/*.csv``.

    Parameters
    ----------
    *names : str
        Shape names.

    Returns
    -------
    BaseGeometry
    """
    table = _shapes()
    polys = []
    for name in names:
        if name in table:
            path, pts = table[name]
            polys.append(polygon(path, {name: pts}, name))
        else:
            polys.append(base_shape(name))  # raises DataError naming both folders
    return shapely.union_all(polys)


def _and(a: BaseGeometry, *shapes: str) -> BaseGeometry:
    return shapely.intersection(a, shape(*shapes))


def _minus(a: BaseGeometry, *bs: BaseGeometry) -> BaseGeometry:
    return shapely.difference(a, shapely.union_all(list(bs))) if bs else a


def _u(*gs: BaseGeometry) -> BaseGeometry:
    return shapely.union_all(list(gs))


def claim(cid, name, power, status, start, end, precision, sources, geometry, note=""):
    """Shorthand constructor of a :class:`Claim` (dates as ISO strings)."""
    return Claim(
        id=cid,
        name=name,
        power=power,
        status=status,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end) if end else None,
        precision=precision,
        sources=tuple(sources),
        geometry=geometry,
        note=note,
    )


def _czechoslovakia(s: dict) -> list[Claim]:
    vienna = s["vienna_award_1938"]
    little = _and(_minus(s["slovakia"], vienna), "little_war")
    return [
        claim("germany-sudetenland-1938", "Sudetenland (occupied under the Munich Agreement)",
              "Germany", "occupied", "1938-10-01", "1938-11-21", "approx", [MUNICH],
              s["sudetenland"],
              "Occupied in zones I-IV on 1-7 Oct and zone V by 10 Oct 1938; the Munich line "
              "is an approximate trace."),
        claim("germany-sudetenland-annexed-1938", "Reichsgau Sudetenland", "Germany",
              "annexed", "1938-11-21", None, "day",
              ["SUDETENLAND-LAW-1938, (M)"],
              s["sudetenland"], "Munich line traced approximately."),
        claim("poland-zaolzie-1938", "Zaolzie (Teschen Silesia)", "Poland", "annexed",
              "1938-10-02", None, "day", ["POLISH-ULTIMATUM-1938, (M)"],
              s["zaolzie"], "Polish troops entered 2-11 Oct 1938; boundary approximate."),
        claim("hungary-first-vienna-award-1938", "Southern Slovakia and Carpatho-Ukraine "
              "(First Vienna Award)", "Hungary", "annexed", "1938-11-02", None, "day",
              ["FIRST-VIENNA-AWARD-1938, (M)"], vienna,
              "Award of 2 Nov 1938; Hungarian troops entered 5-10 Nov. The award line is an "
              "approximate trace."),
        claim("germany-bohemia-moravia-1939", "Protectorate of Bohemia and Moravia", "Germany",
              "protectorate", "1939-03-15", None, "day",
              ["PROTECTORATE-1939, (M)"],
              s["bohemia_moravia"]),
        claim("slovakia-1939", "Slovak Republic", "Slovakia", "sovereign", "1939-03-14", None,
              "day", ["SLOVAKIA-1939, (M)"],
              _minus(s["slovakia"], vienna),
              "German client state (treaty of protection, 23 Mar 1939)."),
        claim("hungary-carpatho-ukraine-1939", "Carpatho-Ukraine (occupied by Hungary)",
              "Hungary", "annexed", "1939-03-15", None, "approx",
              ["CARPATHO-UKRAINE-1939, (M)"],
              _minus(s["carpatho_ukraine"], vienna),
              "Hungarian troops occupied the region between 14 and 18 Mar 1939."),
        claim("hungary-east-slovakia-1939", "Eastern Slovak border strip (Slovak-Hungarian "
              "war)", "Hungary", "annexed", "1939-03-24", None, "approx",
              ["SLOVAK-HUNGARIAN-WAR-1939, (M)"], little,
              "Strip traced approximately."),
    ]  # fmt: skip


def _spring_1939(s: dict) -> list[Claim]:
    return [
        claim("germany-memel-1939", "Memel Territory (annexed)", "Germany", "annexed",
              "1939-03-23", None, "day", ["FS1.1, ceded 22 Mar, occupied 23 Mar 1939 (M)"],
              s["memel"], "Territory boundary traced approximately."),
        claim("italy-albania-1939", "Albania (Italian occupation)", "Italy", "occupied",
              "1939-04-07", None, "day", ["ALBANIA-1939, (M)"],
              s["albania"], "Personal union with the Italian crown from 16 Apr 1939."),
        claim("turkey-hatay-1939", "Hatay (joined Turkey)", "Turkey", "annexed", "1939-06-29",
              None, "day", ["HATAY-1939, (M)"], s["hatay"],
              "French troops left on 23 Jul 1939. Boundary approximate."),
    ]  # fmt: skip


def _poland(s: dict) -> list[Claim]:
    pl = s["poland"]
    pl39 = _u(pl, s["zaolzie"])
    coast, hel = shape("coast_pocket"), shape("hel")
    pocket = shape("bzura_warsaw")
    wm = shape("warsaw_modlin")
    w1 = _minus(_and(pl39, "w1_corridor", "w1_south", "w1_north"), coast, hel)
    w2 = _minus(_and(pl39, "w2"), pocket, coast, hel)
    w3 = _minus(_and(pl39, "w3"), pocket, coast, hel)
    german = _and(pl39, "bug_line_west")
    annexed = _u(_and(german, "annexed_1939"), s["danzig"])
    soviet_b = _minus(_and(pl, "four_river_east"), shape("warsaw_east_bank"))
    soviet_final = _minus(pl, shape("bug_line_west"), s["vilnius_region"])
    stage_note = (
        "Progressive German occupation simplified into dated stages; Polish forces still held "
        "pockets behind the front. Front lines are approximate traces."
    )
    src_inv = ["FS2.1", "POLAND-CAMPAIGN-1939, (M)"]
    src_sov = ["FS2.1", "S8", "S13"]
    return [
        claim("germany-danzig-1939", "Danzig (annexed)", "Germany", "annexed", "1939-09-01",
              None, "day", ["DANZIG-1939, (M)"], s["danzig"],
              "Free City boundary traced approximately."),
        claim("germany-poland-1939-w1", "Poland: German advance of the first week", "Germany",
              "occupied", "1939-09-07", None, "approx", src_inv, w1, stage_note),
        claim("germany-poland-1939-w2", "Poland: German advance to the Narew, Vistula and San",
              "Germany", "occupied", "1939-09-12", None, "approx", src_inv, w2, stage_note),
        claim("germany-poland-1939-w3", "Poland: German front of about 17 September",
              "Germany", "occupied", "1939-09-17", None, "approx", src_inv, w3, stage_note),
        claim("germany-gdynia-1939", "Gdynia and Oksywie (taken)", "Germany", "occupied",
              "1939-09-19", None, "approx", src_inv, _and(pl, "coast_pocket"),
              "Gdynia fell on 14 Sep and Oksywie on 19 Sep 1939."),
        claim("germany-bzura-1939", "Bzura pocket (destroyed)", "Germany", "occupied",
              "1939-09-20", None, "approx", src_inv, _minus(_and(pl, "bzura_warsaw"), wm),
              "Battle of the Bzura ended about 18-21 Sep 1939; pocket traced approximately."),
        claim("ussr-poland-1939-a", "Eastern Poland: Red Army advance of 17-18 September",
              "USSR", "occupied", "1939-09-17", None, "day", src_sov, _and(pl, "soviet_a"),
              "First two days of the Soviet advance; the western edge is an approximate trace."),
        claim("ussr-vilnius-1939", "Vilnius region (Red Army)", "USSR", "occupied",
              "1939-09-19", None, "day", ["S15"], s["vilnius_region"],
              "Red Army entered Vilnius on 19 Sep 1939; region boundary approximate."),
        claim("ussr-poland-1939-b", "Soviet-occupied eastern Poland (Red Army)",
              "USSR", "occupied", "1939-09-22", None, "approx", src_sov + ["S5", "S11", "S12"],
              soviet_b,
              "Red Army in Lwow, Bialystok and Brest on 22 Sep 1939 and up to the agreed "
              "demarcation line in the following days; Warsaw's east bank stayed German."),
        claim("germany-warsaw-1939", "Warsaw and Modlin (capitulated)", "Germany", "occupied",
              "1939-09-28", None, "day", ["FS2.1"], _and(pl, "warsaw_modlin"),
              "Warsaw capitulated on 27/28 Sep, Modlin on 29 Sep 1939; area approximate."),
        claim("germany-hel-1939", "Hel peninsula (capitulated)", "Germany", "occupied",
              "1939-10-02", None, "day", ["FS2.1"], _and(pl, "hel")),
        claim("germany-poland-1939-bug", "Poland west of the Bug line (German occupation)",
              "Germany", "occupied", "1939-10-05", None, "approx",
              ["FS1.2", "FS1.4, (b)", "S5", "S9", "S14"], german,
              "The Red Army withdrew from the Lublin region and east of Warsaw to the 28 Sep "
              "line in early October 1939. Line traced from guide vertices (partly L)."),
        claim("germany-poland-annexed-1939", "Polish territory annexed to the Reich", "Germany",
              "annexed", "1939-10-26", None, "day",
              ["FS2.1", "ANNEXATION-DECREE-1939, (M)"], annexed,
              "Danzig-West Prussia, Wartheland, Zichenau, East Upper Silesia and the Suwalki "
              "area; the boundary with the Generalgouvernement is an approximate trace."),
        claim("germany-generalgouvernement-1939", "Generalgouvernement", "Germany", "occupied",
              "1939-10-26", None, "day", ["FS2.1"], _minus(german, annexed),
              "Districts Warschau, Radom, Krakau, Lublin; boundaries approximate."),
        claim("ussr-poland-annexed-1939", "Western Ukraine and Western Belorussia (annexed)",
              "USSR", "annexed", "1939-11-02", None, "approx", ["FS2.1", "S16b"],
              soviet_final,
              "Incorporated into the Ukrainian SSR (1 Nov) and the Byelorussian SSR (2 Nov "
              "1939); line traced from guide vertices (partly L)."),
        claim("lithuania-vilnius-1939", "Vilnius region (transferred to Lithuania)",
              "Lithuania", "annexed", "1939-10-28", None, "day", ["FS2.2", "S15"],
              s["vilnius_region"],
              "Treaty of 10 Oct 1939; Lithuanian troops entered on 28 Oct. The transfer line is "
              "an approximate trace (factsheet uncertainty 5)."),
    ]  # fmt: skip


def _finland(s: dict) -> list[Claim]:
    old = s["finland_1920_in_russia"]
    petsamo = s["petsamo"]
    ceded = _u(_minus(old, petsamo, shape("enso")), _and(petsamo, "rybachy_fi"))
    return [
        claim("ussr-winter-war-petsamo-1939", "Petsamo (Red Army, Winter War)", "USSR",
              "occupied", "1939-12-02", "1940-03-13", "approx", ["FS2.3", "S17"], petsamo,
              "Taken in the first days of the Winter War and returned under the Moscow treaty; "
              "area approximate."),
        claim("ussr-winter-war-isthmus-1939", "Karelian Isthmus south of the Mannerheim Line "
              "(Red Army)", "USSR", "occupied", "1939-12-06", "1940-03-13", "approx",
              ["FS2.3", "S17"], _and(old, "isthmus_forward"),
              "Red Army at the Mannerheim Line from about 6 Dec 1939; line approximate."),
        claim("ussr-finland-cession-1940", "Territory ceded by Finland (Moscow Peace Treaty)",
              "USSR", "annexed", "1940-03-13", None, "day", ["FS2.3", "S16", "S17", "S19"],
              ceded,
              "Karelian Isthmus with Viipuri, Ladoga Karelia, Salla and Kuusamo areas, Gulf "
              "islands, western Rybachy; the 1920 border is partly an approximate trace "
              "(factsheet uncertainty 6)."),
        claim("ussr-hanko-1940", "Hanko naval base (leased)", "USSR", "lease", "1940-03-22",
              "1941-12-02", "day", ["FS2.3", "S16", "S18"], _and(s["finland"], "hanko"),
              "Land boundary of the lease near Lappohja is approximate."),
    ]  # fmt: skip


def _west(s: dict) -> list[Claim]:
    nor = _and(s["norway"], "norway_mainland")
    fr = s["france"]
    occ = _and(fr, "occupied_zone")
    al = _and(fr, "alsace_lorraine")
    menton = _and(fr, "menton")
    vichy = _minus(fr, occ, al, menton)
    be = s["belgium"]
    weser = ["WESERUEBUNG-1940, (M)"]
    yellow = ["WEST-CAMPAIGN-1940, (M)"]
    armistice = ["ARMISTICE-COMPIEGNE-1940, art. 2-3 (M)"]
    stage = "Front simplified into dated stages; lines are approximate traces."
    return [
        claim("germany-denmark-1940", "Denmark (German occupation)", "Germany", "occupied",
              "1940-04-09", None, "day", weser, s["denmark_proper"]),
        claim("uk-faroe-1940", "Faroe Islands (British occupation)", "UK", "occupied",
              "1940-04-12", "1945-09-16", "approx", ["FAROES-1940, (M)"],
              s["faroe"], "British forces left in September 1945 (M)."),
        claim("germany-norway-1940-a", "Southern Norway and Trondheim (German landings)",
              "Germany", "occupied", "1940-04-09", None, "approx", weser,
              _u(_and(nor, "norway_a"), _and(nor, "norway_trondheim")),
              "Landings on 9 Apr 1940; the interior was fought over until late April. " + stage),
        claim("germany-norway-1940-b", "Southern and central Norway", "Germany", "occupied",
              "1940-05-10", None, "approx", weser, _and(nor, "norway_b"), stage),
        claim("germany-norway-1940", "Norway (capitulation of 10 June 1940)", "Germany",
              "occupied", "1940-06-10", None, "day", weser, nor,
              "Svalbard and Jan Mayen were not occupied."),
        claim("uk-iceland-1940", "Iceland (British occupation)", "UK", "occupied",
              "1940-05-10", "1941-07-07", "day", ["ICELAND-1940, (M)"],
              s["iceland"]),
        claim("us-iceland-1941", "Iceland (US forces)", "US", "occupied", "1941-07-07",
              "1947-04-08", "approx", ["ICELAND-DEFENCE-1941, (M)"],
              s["iceland"],
              "US forces arrived on 7 Jul 1941 and took over from the British; they left under "
              "the Keflavik agreement of 1946 (withdrawal completed about April 1947, M)."),
        claim("germany-luxembourg-1940", "Luxembourg (German occupation)", "Germany",
              "occupied", "1940-05-10", None, "day", yellow, s["luxembourg"]),
        claim("germany-netherlands-1940-a", "Eastern Netherlands", "Germany", "occupied",
              "1940-05-10", None, "approx", yellow, _and(s["netherlands"], "nl_east"), stage),
        claim("germany-netherlands-1940", "Netherlands (capitulation of 15 May 1940)",
              "Germany", "occupied", "1940-05-15", None, "day", yellow, s["netherlands"],
              "Zeeland held out until 17 May 1940."),
        claim("germany-belgium-1940-a", "Eastern Belgium", "Germany", "occupied", "1940-05-12",
              None, "approx", yellow, _and(be, "be_east"), stage),
        claim("germany-belgium-1940-b", "Central Belgium (Brussels 17 May)", "Germany",
              "occupied", "1940-05-18", None, "approx", yellow, _and(be, "be_central"), stage),
        claim("germany-belgium-1940", "Belgium (capitulation of 28 May 1940)", "Germany",
              "occupied", "1940-05-28", None, "day", yellow, be),
        claim("germany-eupen-malmedy-1940", "Eupen-Malmedy (annexed)", "Germany", "annexed",
              "1940-05-18", None, "day", ["EUPEN-MALMEDY-1940, (M)"],
              _and(be, "eupen_malmedy"), "Area drawn approximately."),
        claim("germany-france-1940-a", "Northern France: the corridor to the Channel", "Germany",
              "occupied", "1940-05-20", None, "approx", yellow, _and(fr, "fr_a"), stage),
        claim("germany-france-1940-b", "Northern France after Dunkirk", "Germany", "occupied",
              "1940-06-04", None, "day", yellow, _and(fr, "fr_b"), stage),
        claim("germany-france-1940-c", "France north of the Seine and the Marne", "Germany",
              "occupied", "1940-06-14", None, "approx", yellow, _and(fr, "fr_c"), stage),
        claim("germany-france-1940-d", "France north of the Loire and the east", "Germany",
              "occupied", "1940-06-20", None, "approx", yellow, _and(fr, "fr_d"), stage),
        claim("germany-france-occupied-zone-1940", "Occupied zone of France", "Germany",
              "occupied", "1940-06-25", None, "day", armistice, occ,
              "Demarcation line traced from named towns (partly approximate)."),
        claim("vichy-france-1940", "Unoccupied zone (Vichy France)", "Vichy France",
              "sovereign", "1940-06-25", None, "day", armistice, vichy,
              "Government at Vichy from 1 Jul; the French State from 10 Jul 1940."),
        claim("germany-alsace-lorraine-1940", "Alsace and Moselle (annexed de facto)",
              "Germany", "annexed", "1940-06-25", None, "approx",
              armistice + ["ALSACE-LORRAINE-1940, (M)"],
              al, "Never annexed by law; boundaries traced approximately."),
        claim("italy-menton-1940", "Menton (Italian occupation zone)", "Italy", "occupied",
              "1940-06-25", None, "day", ["ARMISTICE-VILLA-INCISA-1940, (M)"], menton,
              "Only the Menton area is drawn; the Alpine communes of the zone are omitted."),
        claim("germany-channel-islands-1940", "Channel Islands (German occupation)", "Germany",
              "occupied", "1940-06-30", "1945-05-09", "approx",
              ["CHANNEL-ISLANDS-1940, (M)"],
              s["channel_islands"], "Jersey was occupied one day after Guernsey."),
    ]  # fmt: skip


def _east_1940(s: dict) -> list[Claim]:
    lit = _u(s["lithuania"], s["vilnius_region"])
    src = ["FS2.4", "S21"]
    out = []
    for key, name, occ_day, ann_day, geom in (
        ("lithuania", "Lithuania", "1940-06-15", "1940-08-03", lit),
        ("latvia", "Latvia", "1940-06-17", "1940-08-05", s["latvia"]),
        ("estonia", "Estonia", "1940-06-17", "1940-08-06", s["estonia"]),
    ):
        out.append(
            claim(f"ussr-{key}-occupied-1940", f"{name} (Soviet occupation)", "USSR",
                  "occupied", occ_day, ann_day, "day", src, geom)
        )  # fmt: skip
        out.append(
            claim(f"ussr-{key}-annexed-1940", f"{name} (annexed by the USSR)", "USSR",
                  "annexed", ann_day, None, "day", src, geom,
                  "Annexation dates are M in the fact sheet.")
        )  # fmt: skip
    src20 = ["FS2.5", "S20"]
    note20 = "Entry 28 Jun, completed 3 Jul 1940; the Bukovina line is an approximate trace."
    out += [
        claim("ussr-bessarabia-1940", "Bessarabia (annexed by the USSR)", "USSR", "annexed",
              "1940-06-28", None, "day", src20, s["bessarabia"], note20),
        claim("ussr-northern-bukovina-1940", "Northern Bukovina (annexed by the USSR)", "USSR",
              "annexed", "1940-06-28", None, "day", src20, s["northern_bukovina"], note20),
        claim("ussr-hertsa-1940", "Hertsa region (annexed by the USSR)", "USSR", "annexed",
              "1940-06-28", None, "day", src20, s["hertsa"], note20),
        claim("hungary-northern-transylvania-1940", "Northern Transylvania (Second Vienna "
              "Award)", "Hungary", "annexed", "1940-08-30", None, "day",
              ["FS2.5", "SECOND-VIENNA-AWARD-1940, (M)"],
              _and(s["romania"], "north_transylvania"),
              "Award of 30 Aug 1940; Hungarian troops entered 5-13 Sep. The award line is an "
              "approximate trace."),
        claim("bulgaria-southern-dobruja-1940", "Southern Dobruja (Treaty of Craiova)",
              "Bulgaria", "annexed", "1940-09-07", None, "day",
              ["CRAIOVA-1940, (M)"], s["southern_dobruja"],
              "Treaty signed 7 Sep; Bulgarian troops entered from 21 Sep 1940. The 1913 border "
              "is an approximate trace."),
        claim("greece-northern-epirus-1940", "Southern Albania (Greek army)", "Greece",
              "occupied", "1940-12-08", "1941-04-23", "approx",
              ["GRECO-ITALIAN-WAR-1940, (M)"],
              _and(s["albania"], "north_epirus"),
              "Korce fell 22 Nov, Gjirokaster 8 Dec, Himara 22 Dec 1940; front line "
              "approximate."),
    ]  # fmt: skip
    return out


def _balkans_1941(s: dict) -> list[Claim]:
    yu = s["yugoslavia"]
    from geobuild.base import ne  # the modern republics of Yugoslavia

    serbia, kosovo, mac = (ne(n) for n in ("Serbia", "Kosovo", "Macedonia"))
    ndh_core = shapely.intersection(yu, ne("Croatia", "Bosnia and Herz."))
    syrmia = _and(serbia, "syrmia")
    hung = _u(_and(serbia, "backa"), _and(yu, "baranja", "medjimurje", "prekmurje"))
    slo = shapely.intersection(yu, ne("Slovenia"))
    slo_de = _minus(_and(slo, "slovenia_german"), hung)
    ljubljana = _minus(slo, slo_de, hung)
    west_mac = _and(mac, "west_macedonia")
    bulgarian = _u(_minus(mac, west_mac), _and(serbia, "bulgarian_serbia"))
    kosovo_it = _minus(kosovo, shape("kosovo_north"))
    dalmatia = _and(yu, "dalmatia_it", "fiume_ext", "kotor")
    src = ["YUGOSLAVIA-1941, (M)"]
    part = "Partition lines are approximate traces."
    gr = s["greece"]
    crete = _and(gr, "crete")
    bg_zone = _and(gr, "greek_bulgarian")
    de_zone = _u(_and(gr, "german_greece_1", "german_greece_2", "german_greece_3",
                      "german_greece_4"), _and(crete, "german_crete"))  # fmt: skip
    epirus = _and(gr, "epirus_it")
    it_zone = _minus(gr, bg_zone, de_zone)
    gsrc = ["GREECE-1941, (M)"]
    gstage = "Advance simplified into dated stages; lines are approximate traces."
    return [
        claim("germany-macedonia-1941", "Vardar Macedonia (German advance)", "Germany",
              "occupied", "1941-04-08", None, "approx", src, mac, "Skopje taken 7 Apr 1941."),
        claim("germany-serbia-1941", "Serbia (German military administration)", "Germany",
              "occupied", "1941-04-12", None, "approx", src,
              _u(serbia, _and(kosovo, "kosovo_north")),
              "Belgrade taken 12/13 Apr; Yugoslav capitulation 17 Apr 1941. " + part),
        claim("croatia-ndh-1941", "Independent State of Croatia", "Croatia", "puppet",
              "1941-04-10", None, "day", src + ["NDH-1941, (M)"],
              _u(ndh_core, syrmia),
              "Control of Bosnia-Herzegovina established by about 15-17 Apr 1941. " + part),
        claim("germany-slovenia-1941", "Lower Styria and Upper Carniola (annexed de facto)",
              "Germany", "annexed", "1941-04-10", None, "approx", src, slo_de, part),
        claim("italy-ljubljana-1941", "Province of Ljubljana (annexed by Italy)", "Italy",
              "annexed", "1941-04-11", None, "approx", src, ljubljana,
              "Italian troops entered Ljubljana on 11 Apr; annexation decree 3 May 1941. "
              + part),
        claim("hungary-yugoslavia-1941", "Backa, Baranja, Medjimurje and Prekmurje", "Hungary",
              "annexed", "1941-04-11", None, "approx", src, hung,
              "Hungarian troops crossed on 11 Apr 1941. " + part),
        claim("italy-montenegro-1941", "Montenegro (Italian occupation)", "Italy", "occupied",
              "1941-04-17", None, "approx", src, shapely.intersection(yu, ne("Montenegro")),
              "Italian troops reached Cetinje on 17 Apr 1941; the Sandzak border areas are "
              "not distinguished."),
        claim("italy-albania-kosovo-1941", "Kosovo and western Macedonia (attached to "
              "Italian-held Albania)", "Italy", "occupied", "1941-04-17", None, "approx", src,
              _u(kosovo_it, west_mac), part),
        claim("bulgaria-macedonia-1941", "Vardar Macedonia and south-eastern Serbia "
              "(Bulgarian occupation)", "Bulgaria", "occupied", "1941-04-19", None, "approx",
              src, bulgarian, "Bulgarian troops entered from 19 Apr 1941. " + part),
        claim("italy-dalmatia-1941", "Dalmatia, Fiume hinterland and Kotor (annexed by Italy)",
              "Italy", "annexed", "1941-04-17", None, "approx",
              src + ["ROME-AGREEMENTS-1941, (M)"], dalmatia,
              "Occupied mid-April, annexed 18 May 1941. " + part),
        claim("germany-greece-1941-a", "Greek Macedonia and Thrace (German advance)",
              "Germany", "occupied", "1941-04-09", None, "approx", gsrc, _and(gr, "greece_a"),
              "Thessaloniki taken 9 Apr 1941. " + gstage),
        claim("bulgaria-greece-1941", "Eastern Macedonia and Western Thrace (Bulgarian zone)",
              "Bulgaria", "occupied", "1941-04-21", None, "approx", gsrc, bg_zone,
              "Bulgarian troops entered from 20 Apr 1941. " + gstage),
        claim("germany-greece-1941-b", "Northern mainland Greece (German advance)", "Germany",
              "occupied", "1941-04-23", None, "approx", gsrc,
              _minus(_and(gr, "greece_b"), bg_zone, epirus), gstage),
        claim("italy-epirus-1941", "Epirus (Italian army)", "Italy", "occupied", "1941-04-23",
              None, "approx", gsrc, epirus, gstage),
        claim("germany-greece-1941-c", "Southern Greece and the Aegean (German advance)",
              "Germany", "occupied", "1941-05-05", None, "approx", gsrc,
              _minus(gr, crete, bg_zone, epirus),
              "Athens taken 27 Apr; the Peloponnese and most islands by early May 1941. "
              + gstage),
        claim("italy-greece-zone-1941", "Italian occupation zone of Greece", "Italy",
              "occupied", "1941-06-01", None, "approx", gsrc, it_zone,
              "The Italian army took over most of Greece from the Wehrmacht in May-June 1941 "
              "(simplified to 1 June). Zone boundaries approximate."),
        claim("germany-greece-zone-1941", "German occupation zone of Greece", "Germany",
              "occupied", "1941-06-01", None, "day", gsrc, de_zone,
              "Thessaloniki, Athens-Piraeus, the Evros strip, Lemnos, Lesbos, Chios and "
              "western Crete (Crete evacuated by the Allies on 1 Jun 1941). Boundaries "
              "approximate."),
    ]  # fmt: skip


def claims() -> list[Claim]:
    """Claims from 1938-10-01 to 1941-06-21 in painting order.

    Returns
    -------
    list of Claim
    """
    s = states_1938()
    return [
        *_czechoslovakia(s),
        *_spring_1939(s),
        *_poland(s),
        *_finland(s),
        *_west(s),
        *_east_1940(s),
        *_balkans_1941(s),
    ]
