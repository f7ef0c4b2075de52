"""Control claims from Munich to the eve of Barbarossa (1938-10-01 to 1941-06-21).

The claims' records (ids, names, powers, statuses, dates, sources, notes) are the rows of
``geodata/sources/claims_1938_1941.csv``, painted over the 1938 base map (``base.py``) in row
order; this module keeps only their geometries: named 1938 states (``base.states_1938()``)
cut with authored vertex lists in ``geodata/sources/control_1938_1941/*.csv``. Dates come
from the fact sheet
(``factsheet.md`` sections 1-2, keys S1-S21) or, where it is silent, from the standard
chronology (marked ``M`` in the sources). Occupations that end in 1944-1945 are left open here:
the later claim modules paint over them.
"""

from __future__ import annotations

import functools

import shapely
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild.base import shape as base_shape
from geobuild.base import states_1938
from geobuild.claims import Claim, claim_table, polygon, read_shapes

SOURCE_DIR = SOURCES / "control_1938_1941"


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


#: The claims' records (id, name, power, status, dates, precision, sources, note), one row
#: each, in painting order; this module keeps only their geometries.
CLAIMS_CSV = SOURCES / "claims_1938_1941.csv"
TABLE = claim_table(CLAIMS_CSV)
claim = TABLE.claim


def _czechoslovakia(s: dict) -> list[Claim]:
    vienna = s["vienna_award_1938"]
    little = _and(_minus(s["slovakia"], vienna), "little_war")
    return [
        claim("germany-sudetenland-1938", s["sudetenland"]),
        claim("germany-sudetenland-annexed-1938", s["sudetenland"]),
        claim("poland-zaolzie-1938", s["zaolzie"]),
        claim("hungary-first-vienna-award-1938", vienna),
        claim("germany-bohemia-moravia-1939", s["bohemia_moravia"]),
        claim("slovakia-1939", _minus(s["slovakia"], vienna)),
        claim("hungary-carpatho-ukraine-1939", _minus(s["carpatho_ukraine"], vienna)),
        claim("hungary-east-slovakia-1939", little),
    ]  # fmt: skip


def _spring_1939(s: dict) -> list[Claim]:
    return [
        claim("germany-memel-1939", s["memel"]),
        claim("italy-albania-1939", s["albania"]),
        claim("turkey-hatay-1939", s["hatay"]),
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
    return [
        claim("germany-danzig-1939", s["danzig"]),
        claim("germany-poland-1939-w1", w1),
        claim("germany-poland-1939-w2", w2),
        claim("germany-poland-1939-w3", w3),
        claim("germany-gdynia-1939", _and(pl, "coast_pocket")),
        claim("germany-bzura-1939", _minus(_and(pl, "bzura_warsaw"), wm)),
        claim("ussr-poland-1939-a", _and(pl, "soviet_a")),
        claim("ussr-vilnius-1939", s["vilnius_region"]),
        claim("ussr-poland-1939-b", soviet_b),
        claim("germany-warsaw-1939", _and(pl, "warsaw_modlin")),
        claim("germany-hel-1939", _and(pl, "hel")),
        claim("germany-poland-1939-bug", german),
        claim("germany-poland-annexed-1939", annexed),
        claim("germany-generalgouvernement-1939", _minus(german, annexed)),
        claim("ussr-poland-annexed-1939", soviet_final),
        claim("lithuania-vilnius-1939", s["vilnius_region"]),
    ]  # fmt: skip


def _finland(s: dict) -> list[Claim]:
    old = s["finland_1920_in_russia"]
    petsamo = s["petsamo"]
    ceded = _u(_minus(old, petsamo, shape("enso")), _and(petsamo, "rybachy_fi"))
    return [
        claim("ussr-winter-war-petsamo-1939", petsamo),
        claim("ussr-winter-war-isthmus-1939", _and(old, "isthmus_forward")),
        claim("ussr-finland-cession-1940", ceded),
        claim("ussr-hanko-1940", _and(s["finland"], "hanko")),
    ]  # fmt: skip


def _west(s: dict) -> list[Claim]:
    nor = _and(s["norway"], "norway_mainland")
    fr = s["france"]
    occ = _and(fr, "occupied_zone")
    al = _and(fr, "alsace_lorraine")
    menton = _and(fr, "menton")
    vichy = _minus(fr, occ, al, menton)
    be = s["belgium"]
    return [
        claim("germany-denmark-1940", s["denmark_proper"]),
        claim("uk-faroe-1940", s["faroe"]),
        claim("germany-norway-1940-a", _u(_and(nor, "norway_a"), _and(nor, "norway_trondheim"))),
        claim("germany-norway-1940-b", _and(nor, "norway_b")),
        claim("germany-norway-1940", nor),
        claim("uk-iceland-1940", s["iceland"]),
        claim("us-iceland-1941", s["iceland"]),
        claim("germany-luxembourg-1940", s["luxembourg"]),
        claim("germany-netherlands-1940-a", _and(s["netherlands"], "nl_east")),
        claim("germany-netherlands-1940", s["netherlands"]),
        claim("germany-belgium-1940-a", _and(be, "be_east")),
        claim("germany-belgium-1940-b", _and(be, "be_central")),
        claim("germany-belgium-1940", be),
        claim("germany-eupen-malmedy-1940", _and(be, "eupen_malmedy")),
        claim("germany-france-1940-a", _and(fr, "fr_a")),
        claim("germany-france-1940-b", _and(fr, "fr_b")),
        claim("germany-france-1940-c", _and(fr, "fr_c")),
        claim("germany-france-1940-d", _and(fr, "fr_d")),
        claim("germany-france-occupied-zone-1940", occ),
        claim("vichy-france-1940", vichy),
        claim("germany-alsace-lorraine-1940", al),
        claim("italy-menton-1940", menton),
        claim("germany-channel-islands-1940", s["channel_islands"]),
    ]  # fmt: skip


def _east_1940(s: dict) -> list[Claim]:
    lit = _u(s["lithuania"], s["vilnius_region"])
    out = []
    for key, geom in (("lithuania", lit), ("latvia", s["latvia"]), ("estonia", s["estonia"])):
        out.append(claim(f"ussr-{key}-occupied-1940", geom))
        out.append(claim(f"ussr-{key}-annexed-1940", geom))
    out += [
        claim("ussr-bessarabia-1940", s["bessarabia"]),
        claim("ussr-northern-bukovina-1940", s["northern_bukovina"]),
        claim("ussr-hertsa-1940", s["hertsa"]),
        claim("hungary-northern-transylvania-1940", _and(s["romania"], "north_transylvania")),
        claim("bulgaria-southern-dobruja-1940", s["southern_dobruja"]),
        claim("greece-northern-epirus-1940", _and(s["albania"], "north_epirus")),
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
    gr = s["greece"]
    crete = _and(gr, "crete")
    bg_zone = _and(gr, "greek_bulgarian")
    de_zone = _u(_and(gr, "german_greece_1", "german_greece_2", "german_greece_3",
                      "german_greece_4"), _and(crete, "german_crete"))  # fmt: skip
    epirus = _and(gr, "epirus_it")
    it_zone = _minus(gr, bg_zone, de_zone)
    return [
        claim("germany-macedonia-1941", mac),
        claim("germany-serbia-1941", _u(serbia, _and(kosovo, "kosovo_north"))),
        claim("croatia-ndh-1941", _u(ndh_core, syrmia)),
        claim("germany-slovenia-1941", slo_de),
        claim("italy-ljubljana-1941", ljubljana),
        claim("hungary-yugoslavia-1941", hung),
        claim("italy-montenegro-1941", shapely.intersection(yu, ne("Montenegro"))),
        claim("italy-albania-kosovo-1941", _u(kosovo_it, west_mac)),
        claim("bulgaria-macedonia-1941", bulgarian),
        claim("italy-dalmatia-1941", dalmatia),
        claim("germany-greece-1941-a", _and(gr, "greece_a")),
        claim("bulgaria-greece-1941", bg_zone),
        claim("germany-greece-1941-b", _minus(_and(gr, "greece_b"), bg_zone, epirus)),
        claim("italy-epirus-1941", epirus),
        claim("germany-greece-1941-c", _minus(gr, crete, bg_zone, epirus)),
        claim("italy-greece-zone-1941", it_zone),
        claim("germany-greece-zone-1941", de_zone),
    ]  # fmt: skip


def claims() -> list[Claim]:
    """Claims from 1938-10-01 to 1941-06-21 in painting order.

    Returns
    -------
    list of Claim
    """
    s = states_1938()
    drawn = [
        *_czechoslovakia(s),
        *_spring_1939(s),
        *_poland(s),
        *_finland(s),
        *_west(s),
        *_east_1940(s),
        *_balkans_1941(s),
    ]
    return TABLE.in_file_order(drawn)
