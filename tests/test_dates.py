"""Date extraction: every expression of the sample document, the forms the issue lists,
numbers that are not dates, relative phrases and their anchors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from spheremap.dates import DateContext, extract_dates, find_dates
from spheremap.documents import read_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geodata" / "documents" / "stalin_pact_war_yalta.wiki"

D = date

#: Every date expression of the bundled sample, in document order, read by hand:
#: (passage index, text, start, end (exclusive), precision, approximate).
SAMPLE_DATES = [
    (0, "between 1920 and 1953", D(1920, 1, 1), D(1954, 1, 1), "year", False),
    (0, "Between 1934 and 1939", D(1934, 1, 1), D(1940, 1, 1), "year", False),
    (2, "1933", D(1933, 1, 1), D(1934, 1, 1), "year", False),
    (2, "1939", D(1939, 1, 1), D(1940, 1, 1), "year", False),
    (3, "1939", D(1939, 1, 1), D(1940, 1, 1), "year", False),
    (4, "23 August 1939", D(1939, 8, 23), D(1939, 8, 24), "day", False),
    (6, "1 September 1939", D(1939, 9, 1), D(1939, 9, 2), "day", False),
    # "within days of signing the pact": anchored on the pact (23 Aug), covers 1 Sep
    (6, "within days", D(1939, 8, 23), D(1939, 9, 3), "approx", True),
    # "A couple of weeks later" than 1 Sep: the Soviet invasion of 17 Sep lies inside
    (6, "A couple of weeks later", D(1939, 9, 8), D(1939, 9, 23), "approx", True),
    (6, "1940", D(1940, 1, 1), D(1941, 1, 1), "year", False),
    (7, "At the same time", D(1940, 1, 1), D(1941, 1, 1), "approx", True),
    (8, "22 June 1941", D(1941, 6, 22), D(1941, 6, 23), "day", False),
    (9, "the 1930s", D(1930, 1, 1), D(1940, 1, 1), "decade", False),
    # "within weeks" of the invasion, not of "the 1930s" (a decade cannot anchor weeks)
    (10, "within weeks", D(1941, 6, 22), D(1941, 8, 4), "approx", True),
    (11, "1942", D(1942, 1, 1), D(1943, 1, 1), "year", False),
    (12, "from August 1942 to February 1943", D(1942, 8, 1), D(1943, 3, 1), "month", False),
    (12, "February 2, 1943", D(1943, 2, 2), D(1943, 2, 3), "day", False),
    (15, "Between November 28 and December 1, 1943", D(1943, 11, 28), D(1943, 12, 2), "day", False),
    (16, "1939", D(1939, 1, 1), D(1940, 1, 1), "year", False),
    (17, "May 1944", D(1944, 5, 1), D(1944, 6, 1), "month", False),
    (18, "February, 1945", D(1945, 2, 1), D(1945, 3, 1), "month", False),
    (19, "for the next almost 50 years", D(1945, 2, 1), D(1995, 2, 1), "approx", True),
    (23, "1945", D(1945, 1, 1), D(1946, 1, 1), "year", False),
    (24, "1945", D(1945, 1, 1), D(1946, 1, 1), "year", False),
    (24, "1948", D(1948, 1, 1), D(1949, 1, 1), "year", False),
]
#: Relative to an event ("the war"), not a date: found and honestly left unresolved.
SAMPLE_UNRESOLVED = [(9, "in the early days of the war"), (14, "after the war")]


@pytest.fixture(scope="module")
def sample():
    return read_document(SAMPLE)


def test_every_date_of_the_sample_is_found_and_normalised(sample):
    got = [
        (p.index, d.text, d.start, d.end, d.precision, d.approximate)
        for p in sample.passages
        for d in p.dates
    ]
    assert got == SAMPLE_DATES


def test_event_relative_phrases_of_the_sample_are_marked_unresolved(sample):
    got = [(p.index, u) for p in sample.passages for u in p.unresolved]
    assert got == SAMPLE_UNRESOLVED


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on 23 August 1939 the pact", D(1939, 8, 23), D(1939, 8, 24), "day"),
        ("the 23rd of August, 1939", D(1939, 8, 23), D(1939, 8, 24), "day"),
        ("February 2, 1943", D(1943, 2, 2), D(1943, 2, 3), "day"),
        ("Sept. 17, 1939", D(1939, 9, 17), D(1939, 9, 18), "day"),
        ("on 17 Sept 1939", D(1939, 9, 17), D(1939, 9, 18), "day"),
        ("in May 1944", D(1944, 5, 1), D(1944, 6, 1), "month"),
        ("February, 1945", D(1945, 2, 1), D(1945, 3, 1), "month"),
        ("in Dec. 1941", D(1941, 12, 1), D(1942, 1, 1), "month"),
        ("in 1940", D(1940, 1, 1), D(1941, 1, 1), "year"),
        ("the 1930s", D(1930, 1, 1), D(1940, 1, 1), "decade"),
        ("between 1934 and 1939", D(1934, 1, 1), D(1940, 1, 1), "year"),
        ("from August 1942 to February 1943", D(1942, 8, 1), D(1943, 3, 1), "month"),
        ("Between November 28 and December 1, 1943", D(1943, 11, 28), D(1943, 12, 2), "day"),
        ("from Feb. 4 to 11, 1945", D(1945, 2, 4), D(1945, 2, 12), "day"),
        ("4-11 February 1945", D(1945, 2, 4), D(1945, 2, 12), "day"),
        ("28 November – 1 December 1943", D(1943, 11, 28), D(1943, 12, 2), "day"),
        ("from 17 July to 2 August 1945", D(1945, 7, 17), D(1945, 8, 3), "day"),
        ("the war of 1939–45", D(1939, 1, 1), D(1946, 1, 1), "year"),
        ("from 1945 to 1949", D(1945, 1, 1), D(1950, 1, 1), "year"),
        ("1945-08-02", D(1945, 8, 2), D(1945, 8, 3), "day"),
        ("am 1.9.1939", D(1939, 9, 1), D(1939, 9, 2), "day"),
        ("AUGUST 23, 1939", D(1939, 8, 23), D(1939, 8, 24), "day"),
    ],
)
def test_single_expressions(text, start, end, precision):
    (mention,) = find_dates(text)
    assert (mention.start, mention.end, mention.precision) == (start, end, precision)
    assert not mention.approximate


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("about 1940", D(1940, 1, 1), D(1941, 1, 1)),
        ("in the spring of 1940", D(1940, 3, 1), D(1940, 6, 1)),
        ("late 1944", D(1944, 9, 1), D(1945, 1, 1)),
        ("the early 1940s", D(1940, 1, 1), D(1944, 1, 1)),
    ],
)
def test_qualified_expressions_are_approximate(text, start, end):
    (mention,) = find_dates(text)
    assert (mention.start, mention.end, mention.approximate) == (start, end, True)


def test_two_years_joined_by_and_are_two_mentions_not_a_range():
    got = [(m.start.year, m.end.year) for m in find_dates("nominated in 1945 and 1948")]
    assert got == [(1945, 1946), (1948, 1949)]


@pytest.mark.parametrize(
    "text",
    [
        "About 150 000 Germans had died",
        "over 2.5 million Soviet casualties",
        "More than 1 700 towns and 70 000 villages",
        "some 1500 troops and 1200 tanks",
        "they may march on",
        "file 1945/3 of the archive",
        "31 February",
    ],
)
def test_numbers_and_words_that_are_not_dates(text):
    assert find_dates(text) == []


def test_partial_dates_take_the_year_of_the_document():
    mentions = find_dates(
        "The talks opened on February 4 and closed on 11 February.", D(1945, 2, 11)
    )
    assert [(m.start, m.end) for m in mentions] == [
        (D(1945, 2, 4), D(1945, 2, 5)),
        (D(1945, 2, 11), D(1945, 2, 12)),
    ]


def test_partial_dates_take_the_latest_year_before_them():
    ctx = extract_dates("The pact was signed in Moscow on 23 August 1939.").context
    (m,) = extract_dates("On 17 September the Red Army crossed the frontier.", ctx).mentions
    assert (m.start, m.precision) == (D(1939, 9, 17), "day")


def test_partial_date_without_any_year_is_unresolved_not_guessed():
    ex = extract_dates("The conference opened on February 4.")
    assert ex.mentions == () and ex.unresolved == ("February 4",)


def test_relative_phrase_without_anchor_is_unresolved():
    ex = extract_dates("A couple of weeks later the army moved.")
    assert ex.mentions == () and ex.unresolved == ("A couple of weeks later",)


def test_relative_phrase_ignores_anchors_that_are_too_coarse():
    # only a decade and a year before "within days": no sound anchor for days
    ex = extract_dates("In the 1930s, and in 1939, within days the army moved.")
    assert "within days" in ex.unresolved


def test_relative_phrase_uses_date_of_an_earlier_sentence_not_a_later_one():
    ex = extract_dates(
        "The pact was signed on 23 August 1939. A few days later, on 1 September 1939, war began."
    )
    rel = next(m for m in ex.mentions if m.approximate)
    assert rel.start > D(1939, 8, 23) and rel.covers(D(1939, 8, 26))
    assert not rel.covers(D(1939, 9, 10))


def test_ago_needs_the_document_date():
    assert extract_dates("signed 75 years ago").unresolved == ("75 years ago",)
    (m,) = find_dates("signed 75 years ago", D(2014, 8, 23))
    assert m.covers(D(1939, 8, 23)) and m.approximate


def test_context_carries_from_one_text_to_the_next():
    first = extract_dates("Talks opened on 28 November 1943.", DateContext())
    (m,) = extract_dates("The next day they closed.", first.context).mentions
    assert (m.start, m.end) == (D(1943, 11, 29), D(1943, 11, 30))


def test_dateparser_backend_agrees_on_the_sample_forms():
    text = "On 23 August 1939, in May 1944, on February 2, 1943, in February, 1945 and in 1942."
    builtin = extract_dates(text).mentions
    parsed = extract_dates(text, backend="dateparser").mentions
    assert [(m.start, m.end, m.precision) for m in parsed] == [
        (m.start, m.end, m.precision) for m in builtin
    ]


def test_mentions_carry_their_span_in_the_text():
    text = "War began on 1 September 1939."
    (m,) = find_dates(text)
    assert text[m.span[0] : m.span[1]] == "1 September 1939"


# --------------------------------------------------------------------------- unseen documents

STUDY = Path(__file__).parent / "data" / "documents"
GOLD = json.loads((STUDY / "gold.json").read_text("utf-8"))


def _score(name):
    """Gold items of a study document: how each was found (or not)."""
    doc = read_document(ROOT / GOLD[name]["path"])
    by_index = {p.index: p for p in doc.passages}
    found = sum(len(p.dates) + len(p.unresolved) for p in doc.passages)
    out = {}
    for g in GOLD[name]["dates"]:
        p = by_index[g["passage"]]
        hit = next(
            (
                d
                for d in p.dates
                if d.text.lower() in g["text"].lower() or g["text"].lower() in d.text.lower()
            ),
            None,
        )
        unresolved = any(u.lower() in g["text"].lower() for u in p.unresolved)
        if g.get("unresolved"):
            out[g["text"]] = "right" if unresolved else ("wrong" if hit else "missed")
        elif hit is None:
            out[g["text"]] = "unresolved" if unresolved else "missed"
        elif "covers" in g:
            ok = all(hit.covers(date.fromisoformat(x)) for x in g["covers"])
            out[g["text"]] = "right" if ok else "wrong"
        else:
            ok = (hit.start.isoformat(), hit.end.isoformat()) == (g["start"], g["end"])
            out[g["text"]] = "right" if ok else "wrong"
    return found, out


def test_unseen_treaty_dates():
    found, got = _score("boundary_treaty_1939.md")
    # "Two weeks later" (than the treaty's signature) is anchored on the document's date:
    # "the protocol signed on 23 August" names when the protocol was made, not where the
    # text is (it was anchored there, in early September, before that was read).
    assert got == {
        "August 23, 1939": "right",
        "23 August": "right",  # year from the document's date
        "Two weeks later": "right",
        "spring of 1940": "right",
        "28th of September, 1939": "right",
    }
    assert found == len(got)  # nothing found that is not a date


def test_unseen_communique_dates():
    found, got = _score("crimea_communique_1945.txt")
    # "Two or three months after Germany has surrendered" is relative to an event the
    # code does not know: reported unresolved (first run: not found at all).
    assert got == {
        "For the past eight days": "right",  # anchored on the dateline's date
        "from Feb. 4 to 11, 1945": "right",
        "Two or three months after Germany has surrendered": "right",
        "within a few months": "right",
        "February 11, 1945": "right",
    }
    assert found == 5


def test_unseen_notes_dates():
    """Third study text, annotated before the code first ran on it. First run: 5 of 9
    normalised; "the following year", the attributive year and "N days before <event>"
    were fixed after (general rules, tested below); one relative phrase remains wrong."""
    found, got = _score("potsdam_notes.wiki")
    assert got == {
        "from 17 July to 2 August 1945": "right",
        "July 28": "right",
        "the following year": "right",
        "5 July": "right",
        "autumn of 1945": "right",
        "12 September 1944": "right",
        # "before the conference ended" is relative to an event: reported unresolved
        # (first run: wrongly anchored on 5 July)
        "a few days before": "unresolved",
        # "had already been handed over on 5 July" looks back, so the phrase is anchored on
        # the conference (17 July - 2 August); it was anchored on 5 July before that was read
        "Less than two weeks later": "right",
        "August 12": "right",  # 1945: the attributive 1944 lends no year
    }
    assert found == len(got)


def test_the_following_year_is_the_calendar_year_after():
    (_, m) = find_dates("Signed on 28 July 1945. The city was renamed the following year.")
    assert (m.start, m.end) == (D(1946, 1, 1), D(1947, 1, 1))


def test_attributive_date_neither_anchors_nor_lends_its_year():
    text = "It was 1945. The protocol of 12 September 1944 was amended; on August 12 troops came."
    dates = find_dates(text)
    assert (dates[-1].start, dates[-1].end) == (D(1945, 8, 12), D(1945, 8, 13))
    ex = extract_dates(
        "On 2 August 1945 it ended. The Pact of 1939 was void. A week later all left."
    )
    later = ex.mentions[-1]
    assert later.covers(D(1945, 8, 9))


def test_time_of_day_before_of_is_not_attributive():
    ex = extract_dates("In the early morning of 22 June 1941 it began. Within weeks it changed.")
    assert ex.mentions[-1].start == D(1941, 6, 22)


def test_before_or_after_what_follows():
    ex = extract_dates("Two weeks after 1 September 1939 the Red Army moved.")
    rel = ex.mentions[0]
    assert rel.text == "Two weeks after" and rel.covers(D(1939, 9, 17))
    ex = extract_dates("Two or three months after Germany has surrendered, it shall enter.")
    assert ex.mentions == () and ex.unresolved == ("Two or three months after",)


def test_a_relative_phrase_takes_a_date_before_it_in_its_own_sentence():
    """ "within days" after "On 30 January 1933 ...;" in the same sentence is days after it,
    not days after a date of an earlier passage (issue #13: it made a 1933 passage speak of
    24 June 1948); "within days of signing the pact" still skips the sentence's own date."""
    from spheremap.dates import find_dates

    text = (
        "On 24 June 1948 the routes were cut. "
        "On 30 January 1933 Hitler became chancellor; within days the Reichstag burned."
    )
    within = next(m for m in find_dates(text) if m.text == "within days")
    assert within.start == date(1933, 1, 30) and within.end < date(1933, 3, 1)
    text = (
        "On 23 August 1939 the pact was signed. On 1 September 1939, within days of signing "
        "the pact, Hitler invaded Poland."
    )
    within = next(m for m in find_dates(text) if m.text == "within days")
    assert within.start == date(1939, 8, 23)


@pytest.mark.parametrize(
    ("text", "later", "label"),
    [
        # a date after "signed (in <place>) on/in" names when a thing was made
        (
            "On 22 June 1941 Germany invaded, and the pact signed in Moscow in August 1939 was "
            "dead. Minsk fell on 28 June.",
            "28 June",
            "28 Jun 1941",
        ),
        # ... unless it reports the signing itself
        (
            "The pact was signed in Moscow on 23 August 1939. War came on 1 September.",
            "1 September",
            "1 Sep 1939",
        ),
        # a date after "since" is when a state that still holds began
        (
            "Odessa, besieged since August 1941, fell on 16 October 1942. Kerch fell on 3 May.",
            "3 May",
            "3 May 1942",
        ),
        # a past perfect looks back
        (
            "On 3 March 1944 the army crossed into the lands Romania had taken in 1941. "
            "It reached the Prut on 26 March.",
            "26 March",
            "26 Mar 1944",
        ),
        # a season with its year written gives the year to the dates after it
        (
            "In the late summer of 1944 the front broke. Troops entered Bucharest on 31 August.",
            "31 August",
            "31 Aug 1944",
        ),
    ],
)
def test_back_references_and_seasons_set_the_year_of_later_dates(text, later, label):
    mentions = {m.text: m.label for m in extract_dates(text).mentions}
    assert mentions[later] == label
