"""Dates told in a clause about an earlier event (a perfect participle, "Having been
promised the province in 1918, ..."; a past perfect, "which had been promised it in
1918") look back from the main clause. When such a date lies before the narrative's
running year it is a flashback: a month without a year in the main clause takes the
running year, not the flashback's, and the flashback does not anchor later sentences.
When it does not lie before the running year it moves the narrative on as any date does.
"""

from __future__ import annotations

from datetime import date

import pytest

from spheremap.dates import DateContext, extract_dates

CTX_1941 = DateContext.for_document(date(1941, 6, 30))


def _starts(text: str, context: DateContext | None = None) -> dict[str, date]:
    return {m.text: m.start for m in extract_dates(text, context).mentions}


@pytest.mark.parametrize(
    ("text", "later", "start"),
    [
        # a perfect participle clause before the main clause
        (
            "In March 1941 the old government fell. Having been promised the province in 1918, "
            "the army entered it at the end of April.",
            "the end of April",
            date(1941, 4, 21),
        ),
        # active perfect participle, a day without a year in the main clause
        (
            "The crisis began in February 1941. Having signed a treaty with the regent in 1927, "
            "the kingdom sent its troops over the river on 6 April.",
            "6 April",
            date(1941, 4, 6),
        ),
        # a past perfect inside a relative clause, the date after "at"
        (
            "In May 1941 the talks broke down. The town, which had been ceded at the end of "
            "1920, was taken back on 2 June.",
            "2 June",
            date(1941, 6, 2),
        ),
    ],
)
def test_a_flashback_in_an_anterior_clause_does_not_give_its_year(text, later, start):
    assert _starts(text)[later] == start


def test_a_flashback_does_not_set_the_year_from_the_document_date():
    text = "Having been promised the province in 1918, the army entered it at the end of April."
    assert _starts(text, CTX_1941)["the end of April"] == date(1941, 4, 21)


def test_a_flashback_does_not_anchor_the_next_sentence():
    text = (
        "In March 1941 the old government fell. Having been promised the province in 1918, "
        "the army entered it. A year later it withdrew."
    )
    later = next(m for m in extract_dates(text).mentions if m.text == "A year later")
    assert later.start.year >= 1941


@pytest.mark.parametrize(
    ("text", "later", "start"),
    [
        # the anterior date lies after the running year: the narrative has moved on to it
        (
            "The pact was made in 1939. Having been occupied in June 1940, the country was "
            "annexed in early August.",
            "early August",
            date(1940, 8, 1),
        ),
        # no running year at all: the anterior date is all there is
        (
            "Having been occupied in June 1940, the country was annexed in early August.",
            "early August",
            date(1940, 8, 1),
        ),
        # a year written in the main clause itself is the main clause's time
        (
            "In March 1941 the old government fell. The army entered the province in 1918 and "
            "left it at the end of April.",
            "the end of April",
            date(1918, 4, 21),
        ),
    ],
)
def test_other_dates_still_give_their_year(text, later, start):
    assert _starts(text)[later] == start


def test_a_relative_phrase_in_the_same_sentence_still_counts_from_the_anterior_date():
    # "a year later" relates to the event just told, the promise of 1918
    text = (
        "In March 1941 the old government fell. Having been promised the province in 1918, "
        "the army entered it a year later."
    )
    later = next(m for m in extract_dates(text).mentions if m.text == "a year later")
    assert later.start.year in (1918, 1919)
