from datetime import date, timedelta

import pytest

from spheremap.model import KINDS, DataError, InputError


def test_where_follows_the_timeline(mini_atlas):
    (before,) = mini_atlas.where(2.5, 5, date(1939, 8, 31))
    assert (before.id, before.power, before.kind) == ("west-germany", "Germany", "control")
    (after,) = [m for m in mini_atlas.where(2.5, 5, date(1939, 9, 1)) if m.kind == "control"]
    assert (after.id, after.power, after.end_date) == ("west-ussr", "USSR", None)


def test_where_returns_every_kind_in_kind_order(mini_atlas):
    matches = mini_atlas.where(7.5, 2.5, date(1946, 1, 1))
    assert [(m.kind, m.power) for m in matches] == [("control", "Poland"), ("zone", "US")]
    assert mini_atlas.where(7.5, 7.5, date(1946, 1, 1))[0].power == "Poland"
    assert [m.kind for m in mini_atlas.where(7.5, 2.5, date(1945, 7, 3))] == ["control"]


def test_where_ends_are_exclusive(mini_atlas):
    """A row answers from its first day up to the day before its end date."""
    last, end = date(1949, 5, 22), date(1949, 5, 23)
    assert [m.id for m in mini_atlas.where(7.5, 2.5, last)] == ["east-poland", "zone-east-south"]
    assert [m.id for m in mini_atlas.where(7.5, 2.5, end)] == ["east-poland"]
    assert [m.id for m in mini_atlas.where(2.5, 5, date(1939, 8, 23))][-1] == "event-meeting"
    assert "event-meeting" not in [m.id for m in mini_atlas.where(2.5, 5, date(1939, 8, 24))]


def test_where_names_a_claim_once_on_a_border_inside_it(atlas):
    """Warsaw on 15 Oct 1939 lies on a border between two pieces of the German-occupied claim:
    the claim answers once, not once per piece."""
    matches = atlas.where(21.05, 52.25, date(1939, 10, 15))
    keys = [(m.id, m.kind, m.power, m.status) for m in matches]
    assert len(keys) == len(set(keys))
    assert [m.kind for m in matches].count("control") == 1


def test_where_outside_everything_is_empty(mini_atlas):
    assert mini_atlas.where(20, 20, date(1940, 1, 1)) == []


def test_where_many_keeps_input_order(mini_atlas):
    lons, lats = [7.5, 2.5, 2.5, 50.0], [2.5, 5, 5, 5]
    days = [date(1946, 1, 1), date(1939, 1, 1), date(1940, 1, 1), date(1940, 1, 1)]
    out = mini_atlas.where_many(lons, lats, days)
    assert [[m.power for m in ms] for ms in out] == [["Poland", "US"], ["Germany"], ["USSR"], []]


@pytest.mark.parametrize(("lon", "lat"), [(181, 0), (0, -91), (float("nan"), 0)])
def test_where_rejects_bad_points(mini_atlas, lon, lat):
    with pytest.raises(InputError):
        mini_atlas.where(lon, lat, date(1940, 1, 1))


def test_features_at_and_kinds(mini_atlas):
    at = mini_atlas.features_at(date(1939, 8, 23))
    assert sorted(at["id"]) == ["east-poland", "event-meeting", "west-germany"]
    assert list(mini_atlas.features_at(date(1939, 8, 23), ["event"])["id"]) == ["event-meeting"]
    with pytest.raises(InputError, match="unknown layer kind"):
        mini_atlas.features_at(date(1939, 8, 23), ["spheres"])


def test_change_dates_and_neighbours(mini_atlas):
    changes = mini_atlas.change_dates()
    assert changes == [
        date(1938, 10, 1),
        date(1939, 8, 23),
        date(1939, 8, 24),
        date(1939, 9, 1),
        date(1945, 7, 4),
        date(1949, 5, 23),
    ]
    assert mini_atlas.change_dates(["control"]) == [date(1938, 10, 1), date(1939, 9, 1)]
    assert mini_atlas.next_change(date(1939, 8, 25)) == date(1939, 9, 1)
    assert mini_atlas.previous_change(date(1939, 9, 1)) == date(1939, 8, 24)


def test_control_at_dissolves_by_claim(mini_atlas):
    ctrl = mini_atlas.control_at(date(1940, 5, 1))
    assert sorted(ctrl["power"]) == ["Poland", "USSR"]
    assert sum(g.area for g in ctrl.geometry) == pytest.approx(100.0)
    # any day between two changes gives the same snapshot
    assert sorted(mini_atlas.control_at(date(1949, 1, 1))["id"]) == sorted(ctrl["id"])


def test_feature_lookup(mini_atlas):
    assert len(mini_atlas.feature("west-ussr")) == 1
    with pytest.raises(InputError, match="no feature"):
        mini_atlas.feature("nope")


def test_strict_load_refuses_broken_data(tmp_path, data_dir):
    from spheremap.atlas import Atlas

    (tmp_path / "layers").mkdir()
    (tmp_path / "layers" / "x.geojson").write_bytes(
        (data_dir / "broken" / "unknown_power.geojson").read_bytes()
    )
    with pytest.raises(DataError, match="unknown power"):
        Atlas.load(tmp_path)
    lenient = Atlas.load(tmp_path, strict=False)
    assert len(lenient.problems) == 1
    assert "zone-east-south" not in set(lenient.features["id"])


def test_where_many_agrees_with_a_spatial_join(atlas):
    """where_many against geopandas.sjoin + a date filter on the same rows, computed here.

    The sample mixes random points with vertices of control pieces (on borders, where both
    sides answer) and random days with the first and last days of rows' intervals.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from spheremap.time import RANGE_END, RANGE_START

    rng = np.random.default_rng(1945)
    frame = atlas.features
    x0, y0, x1, y1 = frame.total_bounds
    n = 3000
    x, y = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    pieces = frame[frame["kind"] == "control"].drop_duplicates("piece").geometry.to_numpy()
    corners = shapely.get_coordinates(shapely.boundary(rng.choice(pieces, 40, replace=False)))
    corners = corners[rng.choice(len(corners), 500, replace=False)]
    x, y = np.concatenate([x, corners[:, 0]]), np.concatenate([y, corners[:, 1]])
    edges = rng.choice(len(frame), len(x))
    starts = frame["start_date"].to_numpy()[edges]
    ends = frame["end_date"].to_numpy()[edges]
    span = (RANGE_END - RANGE_START).days
    days = [
        [RANGE_START + timedelta(days=int(rng.integers(span))), start, end or start][k % 4 % 3]
        for k, start, end in zip(range(len(x)), starts, ends, strict=True)
    ]
    got = atlas.where_many(x, y, days)

    points = gpd.GeoDataFrame(
        {"day": days}, geometry=gpd.points_from_xy(x, y), crs=frame.crs
    ).reset_index(names="point")
    rows = frame[["id", "kind", "power", "status", "start_date", "end_date", "geometry"]]
    rows = rows.reset_index(drop=True)  # index_right: the row's position
    joined = gpd.sjoin(points, rows, predicate="intersects")
    valid = (joined["start_date"] <= joined["day"]) & joined.apply(
        lambda r: r["end_date"] is None or r["day"] < r["end_date"], axis=1
    )
    expected = [[] for _ in range(len(x))]
    for r in joined[valid].itertuples():
        expected[r.point].append((r.kind, r.id, r.power, r.start_date, r.index_right, r.status))
    rank = {k: i for i, k in enumerate(KINDS)}
    for answer, want in zip(got, expected, strict=True):
        # kind order, then id; one claim on several rows (a border inside it): once, first row
        want = sorted(want, key=lambda w: (rank[w[0]], w[1], w[4]))
        once = {}
        for w in want:
            once.setdefault((w[0], w[1], w[2], w[5]), w)
        assert [(m.kind, m.id, m.power, m.start_date) for m in answer] == [
            w[:4] for w in once.values()
        ]
    assert sum(map(len, got)) > n // 3  # the sample is not all sea
    assert sum(len(a) > 1 for a in got[n:]) > 100  # and borders answer both sides


@pytest.mark.parametrize("coarse", [False, True])
def test_where_many_on_rows_sharing_a_geometry_with_overlapping_days(
    mini_atlas, monkeypatch, coarse
):
    """Rows sharing one geometry object over overlapping intervals (a claim and a sphere,
    say) all answer; checked against a loop over every row."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from spheremap import atlas as sm_atlas

    if coarse:  # a grid too fine for the entry budget gets coarser, with the same answers
        monkeypatch.setattr(sm_atlas, "_GRID_ENTRIES", 3)
    frame = mini_atlas.features
    east = frame.index[frame["id"] == "east-poland"][0]
    extra = frame.loc[[east, east, 0]].copy()
    extra["id"] = ["east-sphere-a", "east-sphere-b", "west-late"]
    extra["kind"] = ["sphere", "sphere", "control"]
    extra["start_date"] = [date(1939, 1, 1), date(1940, 1, 1), date(1946, 1, 1)]
    extra["end_date"] = [date(1941, 1, 1), None, None]
    extra["_start"] = [d.toordinal() for d in extra["start_date"]]
    extra["_end"] = [d.toordinal() if d else date.max.toordinal() for d in extra["end_date"]]
    rows = gpd.GeoDataFrame(pd.concat([frame, extra], ignore_index=True), crs=frame.crs)
    geoms = rows.geometry.to_numpy()
    assert geoms[len(frame)] is geoms[east]  # shares the object, as a piece's rows do
    atlas = sm_atlas.Atlas(rows)

    rng = np.random.default_rng(1939)
    x, y = rng.uniform(-1, 11, 400).round(1), rng.uniform(-1, 11, 400).round(1)
    days = [date(1938, 10, 1) + timedelta(days=int(d)) for d in rng.integers(0, 4200, 400)]
    got = atlas.where_many(x, y, days)
    for i, answer in enumerate(got):
        want = [
            rows["id"].iat[r]
            for r in range(len(rows))
            if shapely.intersects(geoms[r], shapely.Point(x[i], y[i]))
            and rows["start_date"].iat[r] <= days[i]
            and (rows["end_date"].iat[r] is None or days[i] < rows["end_date"].iat[r])
        ]
        assert sorted(m.id for m in answer) == sorted(want)
    both = [a for a in got if {"east-sphere-a", "east-sphere-b"} <= {m.id for m in a}]
    assert both  # the overlapping rows answered together somewhere
