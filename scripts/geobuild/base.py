"""The mapped region and the political map of 1938-10-01 as base claims.

1938 states are modern Natural Earth countries (1:10m) where that is right (Spain, Sweden,
Switzerland, Hungary...) and otherwise cut from them with authored vertex lists in
``geodata/sources/base/*.csv`` (each vertex with its confidence and source): the 1937
German-Polish border, the Free City of Danzig, the Memel Territory, the Riga (1921) and Tartu
(1920) borders, the 1923 Polish-Lithuanian line, the Dniester and the Bukovina line, the
Carpathian crest, the Munich line (for the Sudetenland claim), the Julian March, the
Dodecanese, Hatay, Southern Dobruja, and the Far East window (Manchukuo, Kwantung, Karafuto,
Kurils).

Mapped region: Europe from the Atlantic (Azores, Iceland) to 60 E with the Caucasus, Turkey
and Cyprus (box -32..60 E, 34..82 N, without North Africa and the Middle East), plus the Far
East window (115..157.9 E, 30..56 N: the Soviet Far East, Sakhalin, the Kurils, Manchuria,
Korea, Japan). Lakes are not cut out of the land (Natural Earth admin-0 includes them).

Hatay: counted as French-administered (Hatay State under the mandate) until it joined Turkey
on 29 Jun 1939 (``claims_1938_1941``).
"""

from __future__ import annotations

import functools
from datetime import date

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild.claims import Claim, polygon, read_shapes
from geobuild.naturalearth import countries
from spheremap.model import DataError

BASE_START = date(1938, 10, 1)
SCALE = "10m"
BASE_DIR = SOURCES / "base"

#: Europe from the Atlantic (Azores, Iceland) to about 60 E, with the Caucasus, Turkey, Cyprus.
EUROPE_BOX = box(-32.0, 34.0, 60.0, 82.0)
#: Far East window: Sakhalin, the Kurils, Manchuria with Liaodong, Korea, Japan's home islands.
FAR_EAST_BOX = box(115.0, 30.0, 157.9, 56.0)

EUROPE_COUNTRIES = (
    "Albania", "Andorra", "Armenia", "Austria", "Azerbaijan", "Belarus", "Belgium",
    "Bosnia and Herz.", "Bulgaria", "Croatia", "Cyprus", "N. Cyprus", "Czechia", "Denmark",
    "Estonia", "Faeroe Is.", "Finland", "Åland", "France", "Georgia", "Germany", "Greece",
    "Guernsey", "Hungary", "Iceland", "Ireland", "Isle of Man", "Italy", "Jersey",
    "Kazakhstan", "Kosovo", "Latvia", "Liechtenstein", "Lithuania", "Luxembourg", "Macedonia",
    "Malta", "Moldova", "Monaco", "Montenegro", "Netherlands", "Norway", "Poland", "Portugal",
    "Romania", "Russia", "San Marino", "Serbia", "Slovakia", "Slovenia", "Spain", "Sweden",
    "Switzerland", "Turkey", "Ukraine", "United Kingdom", "Gibraltar", "Akrotiri", "Dhekelia",
    "Cyprus U.N. Buffer Zone",
)  # fmt: skip
FAR_EAST_COUNTRIES = ("Russia", "Japan", "North Korea", "South Korea")

NE_SOURCE = "NE-ADMIN0-10M"
#: Gibraltar: ceded to the British Crown by the Treaty of Utrecht (1713), art. X.
GIBRALTAR_SOURCE = "UTRECHT-1713"


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, BaseGeometry]:
    frame = countries(SCALE)
    return {name: frame[frame["name"] == name].geometry.union_all() for name in frame["name"]}


def ne(*names: str, window: BaseGeometry = EUROPE_BOX) -> BaseGeometry:
    """Union of Natural Earth countries, clipped to a window of the mapped region.

    Parameters
    ----------
    *names : str
        Natural Earth country names.
    window : BaseGeometry
        Defaults to the European window.

    Returns
    -------
    BaseGeometry
    """
    table = _countries()
    missing = [n for n in names if n not in table]
    if missing:
        raise KeyError(f"Natural Earth has no countries named {missing}")
    return _polygonal(shapely.intersection(shapely.union_all([table[n] for n in names]), window))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The valid polygonal part of a geometry (overlays of 1:10m coasts can leave lines and
    points, and an overlay with a mixed-dimension input fails)."""
    geom = shapely.make_valid(geom)
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


@functools.lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple]:
    out = {}
    for path in sorted(BASE_DIR.glob("*.csv")):
        for name, pts in read_shapes(path).items():
            out[name] = (path, pts)
    return out


def shape(name: str) -> BaseGeometry:
    """An authored polygon from ``geodata/sources/base/*.csv`` by shape name.

    Parameters
    ----------
    name : str

    Returns
    -------
    Polygon
    """
    table = _shapes()
    if name not in table:
        raise DataError(
            BASE_DIR, f"no authored shape {name!r} (looked in base/ and the claim folders)"
        )
    path, pts = table[name]
    return polygon(path, {name: pts}, name)


def region() -> BaseGeometry:
    """The mapped region's windows (Europe to 60 E with Turkey; the Far East window).

    Returns
    -------
    BaseGeometry
    """
    return shapely.union_all([EUROPE_BOX, FAR_EAST_BOX])


def _manchukuo() -> BaseGeometry:
    return shapely.intersection(shape("manchukuo"), ne("China", window=FAR_EAST_BOX))


@functools.lru_cache(maxsize=1)
def mapped_land() -> BaseGeometry:
    """All land the control coverage must cover.

    Returns
    -------
    BaseGeometry
        Natural Earth countries of the region clipped to its windows (lakes are not cut out).
    """
    europe = ne(*EUROPE_COUNTRIES)
    far_east = shapely.union_all([ne(*FAR_EAST_COUNTRIES, window=FAR_EAST_BOX), _manchukuo()])
    return _polygonal(shapely.union_all([europe, far_east]))


@functools.lru_cache(maxsize=1)
def unmapped_land() -> BaseGeometry:
    """Land inside the region's windows that is not mapped (North Africa, the Middle East,
    China outside Manchukuo...): the coastal sea margin must not reach into it.

    Returns
    -------
    BaseGeometry
    """
    frame = countries(SCALE)
    windowed = [
        shapely.clip_by_rect(g, *w.bounds)
        for g in frame.geometry
        for w in (EUROPE_BOX, FAR_EAST_BOX)
    ]
    other = shapely.union_all([g for g in windowed if not g.is_empty])
    return _polygonal(shapely.difference(other, mapped_land()))


def _cut(a: BaseGeometry, *bs: BaseGeometry) -> BaseGeometry:
    """``a`` minus every ``b``."""
    return shapely.difference(a, shapely.union_all(list(bs))) if bs else a


def _in(country: BaseGeometry, name: str) -> BaseGeometry:
    """The part of a country inside an authored shape."""
    return shapely.intersection(country, shape(name))


@functools.lru_cache(maxsize=1)
def _states() -> dict[str, BaseGeometry]:
    fe = FAR_EAST_BOX
    s: dict[str, BaseGeometry] = {}
    pl, lt, by, ua, md = (ne(n) for n in ("Poland", "Lithuania", "Belarus", "Ukraine", "Moldova"))
    ru = ne("Russia")
    cz, sk, bg, gr, tr = (ne(n) for n in ("Czechia", "Slovakia", "Bulgaria", "Greece", "Turkey"))
    si_hr = ne("Slovenia", "Croatia")

    # Germany, Danzig, East Prussia, Memel (Versailles borders as of 1937)
    s["danzig"] = _in(pl, "danzig")
    reich_east = _cut(_in(pl, "reich_east_1937"), s["danzig"])
    ep_south = _cut(_in(pl, "east_prussia_south"), s["danzig"], reich_east)
    s["east_prussia"] = shapely.union_all([_in(ru, "kaliningrad_window"), ep_south])
    s["germany_1937"] = shapely.union_all([ne("Germany"), reich_east, s["east_prussia"]])
    s["austria"] = ne("Austria")
    s["memel"] = _in(lt, "memel")

    # Poland in the Riga (1921) east and the 1923 Lithuanian demarcation line
    carp = _in(ua, "carpatho")
    rom_east = _in(shapely.union_all([ua, md]), "dniester_romania")
    polish_lt = _cut(_in(lt, "poland_east_1921"), s["memel"])
    s["vilnius_region"] = _in(polish_lt, "vilnius_transfer")
    s["polish_lithuania_rest"] = _cut(polish_lt, s["vilnius_region"])
    s["lithuania"] = _cut(lt, s["memel"], polish_lt)
    east = _cut(_in(shapely.union_all([by, ua]), "poland_east_1921"), carp, rom_east)
    s["poland_east"] = shapely.union_all([east, polish_lt])
    s["poland"] = shapely.union_all([_cut(pl, s["danzig"], reich_east, ep_south), s["poland_east"]])

    # Romania with Bessarabia, Northern Bukovina, Hertsa and Southern Dobruja
    s["bessarabia"] = _in(rom_east, "bessarabia_west")
    s["hertsa"] = _cut(_in(rom_east, "hertsa"), s["bessarabia"])
    s["northern_bukovina"] = _cut(rom_east, s["bessarabia"], s["hertsa"])
    s["southern_dobruja"] = _in(bg, "south_dobruja")
    s["romania"] = shapely.union_all(
        [ne("Romania"), s["bessarabia"], s["northern_bukovina"], s["hertsa"],
         s["southern_dobruja"]]
    )  # fmt: skip
    s["bulgaria"] = _cut(bg, s["southern_dobruja"])

    # Czechoslovakia of 30 Sep 1938, and the parts it lost from October 1938
    s["carpatho_ukraine"] = carp
    s["slovakia"] = sk
    s["zaolzie"] = _in(cz, "zaolzie")
    s["bohemia_moravia"] = _cut(_in(cz, "czech_rump"), s["zaolzie"])
    s["sudetenland"] = _cut(cz, s["bohemia_moravia"], s["zaolzie"])
    s["vienna_award_1938"] = _in(shapely.union_all([sk, carp]), "vienna_1938")
    s["czechoslovakia"] = shapely.union_all([cz, sk, carp])
    s["hungary"] = ne("Hungary")

    # The Baltic states and Finland in their 1920 (Tartu, Riga) borders
    s["latvia"] = shapely.union_all([ne("Latvia"), _in(ru, "abrene")])
    s["estonia"] = shapely.union_all([ne("Estonia"), _in(ru, "narva_east"), _in(ru, "petseri")])
    s["petsamo"] = _in(ru, "petsamo")
    s["finland_1920_in_russia"] = _in(ru, "old_finland")
    s["finland"] = shapely.union_all([ne("Finland", "Åland"), s["finland_1920_in_russia"]])

    # Italy with the Julian March, Zara, the Dodecanese and Tende; the Balkans
    julian = _in(si_hr, "julian_march")
    zara = _in(ne("Croatia"), "zara")
    s["dodecanese"] = _in(gr, "dodecanese")
    tende = _in(ne("France"), "tende")
    s["italy"] = shapely.union_all([ne("Italy"), julian, zara, s["dodecanese"], tende])
    s["yugoslavia"] = _cut(
        ne("Slovenia", "Croatia", "Bosnia and Herz.", "Serbia", "Montenegro", "Kosovo",
           "Macedonia"),
        julian,
        zara,
    )  # fmt: skip
    s["albania"] = ne("Albania")
    s["greece"] = _cut(gr, s["dodecanese"])
    s["hatay"] = _in(tr, "hatay")
    s["turkey"] = _cut(tr, s["hatay"])
    s["france"] = _cut(ne("France"), tende)

    for name in ("Spain", "Portugal", "Switzerland", "Liechtenstein", "Belgium", "Netherlands",
                 "Luxembourg", "Norway", "Sweden", "Ireland", "Iceland", "Andorra", "Monaco",
                 "San Marino"):  # fmt: skip
        s[name.lower().replace(" ", "_")] = ne(name)
    # Natural Earth 1:10m has no Vatican polygon (it is empty): an authored outline, painted
    # over Italy
    s["vatican"] = _in(ne("Italy"), "vatican")
    s["gibraltar"] = ne("Gibraltar")
    # Natural Earth 1:10m puts the border east of Tornio's centre (Suensaari): Finnish
    tornio = _in(s["sweden"], "tornio")
    s["sweden"] = _cut(s["sweden"], tornio)
    s["finland"] = shapely.union_all([s["finland"], tornio])
    s["denmark"] = ne("Denmark", "Faeroe Is.")
    s["denmark_proper"] = ne("Denmark")
    s["faroe"] = ne("Faeroe Is.")
    s["uk"] = ne("United Kingdom", "Isle of Man", "Jersey", "Guernsey", "Malta")
    s["channel_islands"] = ne("Jersey", "Guernsey")
    # the Sovereign Base Areas (1960) and the buffer zone (1974) were part of the colony
    s["cyprus"] = ne("Cyprus", "N. Cyprus", "Akrotiri", "Dhekelia", "Cyprus U.N. Buffer Zone")

    # Far East window
    s["japan"] = ne("Japan", "North Korea", "South Korea", window=fe)
    ru_fe = ne("Russia", window=fe)
    s["karafuto"] = _in(ru_fe, "karafuto")
    s["kurils"] = _in(ru_fe, "kurils")
    s["manchukuo"] = _manchukuo()
    s["kwantung"] = _in(s["manchukuo"], "kwantung")

    # The USSR: the rest of the former Russian Empire in the region
    soviet = shapely.union_all(
        [ne("Russia", "Belarus", "Ukraine", "Moldova", "Georgia", "Armenia", "Azerbaijan",
            "Kazakhstan"), ru_fe]
    )  # fmt: skip
    s["ussr"] = _cut(
        soviet,
        s["east_prussia"],
        s["poland_east"],
        s["bessarabia"],
        s["northern_bukovina"],
        s["hertsa"],
        carp,
        s["latvia"],
        s["estonia"],
        s["finland"],
        s["karafuto"],
        s["kurils"],
    )
    return {k: _polygonal(v) for k, v in s.items()}


def states_1938() -> dict[str, BaseGeometry]:
    """Named geometries of the political map of 1938-10-01 (clipped to the mapped region).

    The state keys are disjoint; part keys lie inside a state key:

    - ``germany_1937`` (Altreich in the 1937 borders, with ``east_prussia``; without
      ``austria``), ``austria``, ``danzig``;
    - ``czechoslovakia`` (of 30 Sep 1938) with the parts ``sudetenland`` (Munich line),
      ``bohemia_moravia`` (the later Protectorate), ``zaolzie``, ``slovakia``,
      ``carpatho_ukraine``, ``vienna_award_1938`` (First Vienna Award area);
    - ``poland`` (with ``poland_east`` = its part in modern Belarus, Ukraine and Lithuania,
      ``vilnius_region`` = the area transferred to Lithuania in Oct 1939,
      ``polish_lithuania_rest``), ``lithuania`` (without
      ``memel`` and the Vilnius region), ``memel``;
    - ``latvia`` (with Abrene), ``estonia`` (with Petseri and Narva's east bank), ``finland``
      (with ``finland_1920_in_russia``: Isthmus, Ladoga Karelia, Salla, Kuusamo area,
      ``petsamo``, Gulf islands);
    - ``romania`` with ``bessarabia``, ``northern_bukovina``, ``hertsa``,
      ``southern_dobruja``; ``bulgaria`` (without Southern Dobruja);
    - ``italy`` (with the Julian March, Zara, ``dodecanese``, Tende), ``yugoslavia``,
      ``albania``, ``greece``, ``hatay``, ``turkey`` (without Hatay);
    - ``ussr`` (rest of the region's former Russian Empire, Far East window included);
    - ``japan`` (with Korea), ``karafuto``, ``kurils``, ``manchukuo``, ``kwantung`` (inside
      ``manchukuo``'s outline);
    - the other states by lower-case name (``france``, ``uk``, ``denmark`` with
      ``denmark_proper``/``faroe``, ``channel_islands`` inside ``uk``, ...).

    Returns
    -------
    dict of str to BaseGeometry
        A fresh dict; the geometries are shared, immutable shapely objects.
    """
    return dict(_states())


# (state key, claim id, name, power, status, note)
BASE_TABLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("ussr", "ussr-1938", "Soviet Union", "USSR", "sovereign", ""),
    ("germany_1937", "germany-1938", "German Reich (1937 borders)", "Germany", "sovereign", ""),
    (
        "danzig",
        "danzig-1938",
        "Free City of Danzig",
        "Danzig",
        "sovereign",
        "League of Nations protection; Polish customs union and rights in the port.",
    ),
    (
        "austria",
        "austria-reich-1938",
        "Austria (annexed to the German Reich, March 1938)",
        "Germany",
        "annexed",
        "",
    ),
    ("czechoslovakia", "czechoslovakia-1938", "Czechoslovakia", "Czechoslovakia", "sovereign", ""),
    ("poland", "poland-1938", "Poland", "Poland", "sovereign", ""),
    ("lithuania", "lithuania-1938", "Lithuania", "Lithuania", "sovereign", ""),
    (
        "memel",
        "memel-1938",
        "Memel Territory (Klaipeda, autonomous within Lithuania)",
        "Lithuania",
        "sovereign",
        "Territory boundary traced approximately.",
    ),
    ("latvia", "latvia-1938", "Latvia", "Latvia", "sovereign", ""),
    ("estonia", "estonia-1938", "Estonia", "Estonia", "sovereign", ""),
    ("finland", "finland-1938", "Finland", "Finland", "sovereign", ""),
    ("romania", "romania-1938", "Romania", "Romania", "sovereign", ""),
    ("hungary", "hungary-1938", "Hungary", "Hungary", "sovereign", ""),
    ("yugoslavia", "yugoslavia-1938", "Yugoslavia", "Yugoslavia", "sovereign", ""),
    ("italy", "italy-1938", "Italy", "Italy", "sovereign", ""),
    ("albania", "albania-1938", "Albania", "Albania", "sovereign", ""),
    ("greece", "greece-1938", "Greece", "Greece", "sovereign", ""),
    ("bulgaria", "bulgaria-1938", "Bulgaria", "Bulgaria", "sovereign", ""),
    ("turkey", "turkey-1938", "Turkey", "Turkey", "sovereign", ""),
    (
        "hatay",
        "hatay-state-1938",
        "Hatay State (Sanjak of Alexandretta)",
        "France",
        "administered",
        "Nominally independent from 2 Sep 1938 under the French mandate for Syria, with French "
        "and Turkish troops; counted as French-administered until it joined Turkey on 29 June "
        "1939. Boundary approximate.",
    ),
    ("france", "france-1938", "France", "France", "sovereign", ""),
    (
        "spain",
        "spain-1938",
        "Spain",
        "Spain",
        "sovereign",
        "Civil war until 1 April 1939: Republican and Nationalist zones are not distinguished.",
    ),
    ("portugal", "portugal-1938", "Portugal", "Portugal", "sovereign", ""),
    ("switzerland", "switzerland-1938", "Switzerland", "Switzerland", "sovereign", ""),
    ("liechtenstein", "liechtenstein-1938", "Liechtenstein", "Liechtenstein", "sovereign", ""),
    ("belgium", "belgium-1938", "Belgium", "Belgium", "sovereign", ""),
    ("netherlands", "netherlands-1938", "Netherlands", "Netherlands", "sovereign", ""),
    ("luxembourg", "luxembourg-1938", "Luxembourg", "Luxembourg", "sovereign", ""),
    ("denmark", "denmark-1938", "Denmark (with the Faroe Islands)", "Denmark", "sovereign", ""),
    ("norway", "norway-1938", "Norway (with Svalbard)", "Norway", "sovereign", ""),
    ("sweden", "sweden-1938", "Sweden", "Sweden", "sovereign", ""),
    (
        "uk",
        "uk-1938",
        "United Kingdom (with the Channel Islands, Isle of Man, Malta)",
        "UK",
        "sovereign",
        "",
    ),
    (
        "gibraltar",
        "gibraltar-1938",
        "Gibraltar (British crown colony)",
        "UK",
        "sovereign",
        "British since 1704, ceded by Spain in the Treaty of Utrecht (1713).",
    ),
    ("cyprus", "cyprus-1938", "Cyprus (British crown colony)", "UK", "sovereign", ""),
    ("ireland", "ireland-1938", "Ireland", "Ireland", "sovereign", ""),
    (
        "iceland",
        "iceland-1938",
        "Iceland (kingdom in personal union with Denmark)",
        "Iceland",
        "sovereign",
        "",
    ),
    ("andorra", "andorra-1938", "Andorra", "Andorra", "sovereign", ""),
    ("monaco", "monaco-1938", "Monaco", "Monaco", "sovereign", ""),
    ("san_marino", "san-marino-1938", "San Marino", "San Marino", "sovereign", ""),
    ("vatican", "vatican-1938", "Vatican City", "Vatican", "sovereign", ""),
    ("japan", "japan-1938", "Japan (with Korea)", "Japan", "sovereign", ""),
    ("karafuto", "karafuto-1938", "Karafuto (South Sakhalin)", "Japan", "sovereign", ""),
    ("kurils", "kurils-1938", "Kuril Islands", "Japan", "sovereign", ""),
    (
        "manchukuo",
        "manchukuo-1938",
        "Manchukuo",
        "Manchukuo",
        "puppet",
        "Japanese puppet state; its border with China and Mengjiang is an approximate trace.",
    ),
    (
        "kwantung",
        "kwantung-1938",
        "Kwantung Leased Territory",
        "Japan",
        "lease",
        "Northern boundary approximate.",
    ),
)


def base_claims() -> list[Claim]:
    """One claim per 1938 state, from 1938-10-01, open-ended, covering all mapped land.

    Returns
    -------
    list of Claim
        In painting order (later claims win where geometries overlap).
    """
    states = _states()
    out = []
    for key, cid, name, power, status, note in BASE_TABLE:
        precision = "approx" if "approximate" in note else "day"
        out.append(
            Claim(
                id=cid,
                name=name,
                power=power,
                status=status,
                start=BASE_START,
                end=None,
                precision=precision,
                sources=(NE_SOURCE, GIBRALTAR_SOURCE) if key == "gibraltar" else (NE_SOURCE,),
                geometry=states[key],
                note=note,
            )
        )
    return out


def claims() -> list[Claim]:
    """Alias of :func:`base_claims` (every claim module exposes ``claims()``)."""
    return base_claims()
