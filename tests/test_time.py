from datetime import date

import pytest

from spheremap.model import InputError
from spheremap.time import (
    PRESETS,
    RANGE_END,
    RANGE_START,
    Interval,
    change_dates,
    clamp,
    next_change,
    parse_date,
    parse_optional_date,
    previous_change,
    snapshot_day,
)


@pytest.mark.parametrize("text", ["1939-02-30", "1939-13-01", "23 Aug 1939", "", "1939-8-23", "x"])
def test_parse_date_rejects(text):
    with pytest.raises(InputError, match="date"):
        parse_date(text)


def test_parse_date_accepts_iso_and_dates():
    assert parse_date("1939-08-23") == date(1939, 8, 23)
    assert parse_date(" 1940-02-29 ") == date(1940, 2, 29)  # leap year
    assert parse_date(date(1941, 6, 22)) == date(1941, 6, 22)
    assert parse_optional_date("") is None and parse_optional_date(None) is None


def test_interval_is_half_open():
    iv = Interval(date(1939, 8, 23), date(1939, 9, 28))
    assert date(1939, 8, 23) in iv
    assert date(1939, 9, 27) in iv
    assert date(1939, 9, 28) not in iv
    assert date(1939, 8, 22) not in iv
    assert iv.days == 36
    assert date(2000, 1, 1) in Interval(date(1945, 1, 1), None)
    assert iv.overlaps(Interval(date(1939, 9, 27), date(1940, 1, 1)))
    assert not iv.overlaps(Interval(date(1939, 9, 28), date(1940, 1, 1)))


def test_interval_rejects_empty_and_bad_precision():
    with pytest.raises(InputError):
        Interval(date(1939, 9, 28), date(1939, 9, 28))
    with pytest.raises(InputError):
        Interval(date(1939, 9, 28), None, "fortnight")


def test_change_dates_and_stepping():
    starts = [date(1939, 9, 1), date(1930, 1, 1), date(1939, 9, 17)]
    ends = [date(1939, 9, 28), None, date(1960, 1, 1)]
    changes = change_dates(starts, ends)
    assert changes == [RANGE_START, date(1939, 9, 1), date(1939, 9, 17), date(1939, 9, 28)]
    assert snapshot_day(date(1939, 9, 20), changes) == date(1939, 9, 17)
    assert snapshot_day(date(1939, 9, 17), changes) == date(1939, 9, 17)
    assert previous_change(date(1939, 9, 17), changes) == date(1939, 9, 1)
    assert next_change(date(1939, 9, 17), changes) == date(1939, 9, 28)
    assert next_change(date(1939, 9, 28), changes) is None
    assert previous_change(RANGE_START, changes) is None


def test_presets_inside_range_and_clamp():
    assert set(PRESETS) == {"1939", "1941", "1945"}
    for preset in PRESETS.values():
        assert RANGE_START <= preset.date < RANGE_END
        assert "control" in preset.kinds
    assert "sphere" in PRESETS["1939"].kinds and "zone" in PRESETS["1945"].kinds
    assert clamp(date(1900, 1, 1)) == RANGE_START
    assert clamp(date(1999, 1, 1)) == date(1949, 12, 31)
