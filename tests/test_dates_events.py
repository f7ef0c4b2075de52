"""Phrases counted from an event, not a date ("two or three months after Germany's defeat"):
found by :func:`spheremap.dates.event_relatives`, given a window once the event's days are
known (the linker knows them from the atlas)."""

from __future__ import annotations

from datetime import date

from spheremap.dates import event_relatives, extract_dates


def test_a_phrase_counted_from_an_event_is_found_and_left_to_the_reader():
    text = "The army was to move two or three months after the fall of the capital."
    (rel,) = event_relatives(text)
    assert rel.text == "two or three months after"
    assert rel.after
    # the date reader alone cannot place it
    assert "two or three months after" in extract_dates(text).unresolved
    start, end = rel.bounds(date(1950, 5, 7), date(1950, 5, 10))
    # two months after the first day at the earliest, three after the last at the latest
    assert date(1950, 6, 1) <= start <= date(1950, 7, 7)
    assert date(1950, 8, 10) <= end <= date(1950, 10, 1)


def test_a_phrase_counted_from_a_date_is_not_counted_from_an_event():
    assert event_relatives("Two weeks after 1 September 1939 the second army moved.") == []


def test_a_phrase_counted_back_from_an_event():
    (rel,) = event_relatives("They met a few days before the conference opened.")
    assert not rel.after
