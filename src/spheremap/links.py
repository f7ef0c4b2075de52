"""Links between passages and map features, both ways: automatic and curated.

Automatic links are made sentence by sentence: a place, a word for a kind of feature
and a date count together only when they meet in one sentence (a sentence without
dates of its own continues its passage and takes the passage's words and time).
Each link keeps the rule that made it:

``gazetteer``
    A place (or named event: "Molotov–Ribbentrop Pact") the sentence names lists the
    feature in ``gazetteer.csv``.
``place``
    The point of a named city, region, river, island or building lies inside the
    feature (polygons) or within :data:`NEAR_DEG` of it (lines and points).
``date``
    A treaty or conference the sentence dates to the day and calls by a word for it
    ("the secret additional protocol of August 23, 1939"), its place unnamed.
``scope``
    The sentence uses a word for the feature's kind (``zone``, ``sector``, ``sphere of
    influence``, ``occupied``, ...) and the feature lies inside a named place's
    extent (the polygons the gazetteer lists for it, ``@id`` ones included). This is
    how "four zones of occupation ... one zone for France" in a passage about Germany
    finds every zone.

Guards, each from a failure seen in the measured texts (``benchmarks/bench_documents.py``):
``control`` features need an occupation word and are never the sovereign home
territory; a zone/sector/sphere word keeps ``control`` out; events need a word for
their kind (a conference: "conference", "met"; a battle: "invaded", "siege", ...) and
conferences or treaties are found only by the place or name, not by territory;
reference lines (Curzon) only when named; zones and sectors of one power when the
sentence names exactly one ("French troops took over their sector"); control found by
territory only of a power the sentence names, if it names one besides the territory
("the German army conquered France" is not about Italy's Menton), and, for a sentence
dated only by a year, only pieces held for a month or more (not the steps of a front)
unless a verb of taking ("conquered") makes them the steps to a lasting hold found there;
spheres need a word for spheres ("sphere of influence", "the protocol", "the interest of
Lithuania in"), not "signing the pact and the protocols"; a place named by an adjective
before a noun ("the Manchurian railroads") is not its territory.
Then :func:`_narrow` keeps, of successive states of one thing, the one of the sentence's
time (the spheres of 23 August 1939 for 1 September, South Sakhalin occupied in 1945 for
Yalta, not annexed in 1946), and for "four zones" / "four sectors" the main zones (not
the Bremen enclave, the Saar or swapped villages) and the pieces of the division (not
Berlin's boroughs while the Red Army held all of them).

The statement rules (issue #14, after the word rules; each from the dev part of the gold
sets, see ``geodata/gold/README.md``) read what a sentence says: an agreement, promise,
demand or recognition links forward to what realised it (a country said to gain land,
its first main gain on the side named; a frontier drawn anew, the land along it and the
line drawn near the places named; a place put "under the control of" a power, that
power's zone) and not to the ground held already; an invasion word links the invasion,
not the ground, unless dated to the day; "the German invasion of the Soviet Union"
names its one event; "dividing into spheres" also links the dividing line; an undated
sentence carries the story on to a battle at the place it names up to a season later.
A dated treaty text speaks at its own date (the dates naming earlier instruments, "the peace
treaty of 12 March 1940", do not date it); its operative present and future ("gives back",
"is reunited", "will leave", "is to run") are agreements and promises; a frontier it fixes
moves land that day; leaving a place links the place's next holder, keeping "the territories"
a treaty gave links the next hold on that ground, a right given up looks back, a treaty put
back into force links what it made that holds again; "the new frontier" with no place named
is the one drawn at that time; a power's interest in a place is its sphere; and spheres,
zones, sectors and lines in force at the sentence's time keep out those drawn later.
Orders and armistices (tuning sets 3 and 4): forces that surrender to a power hand it their
ground (or the side of a named line); "the evacuation" and "the ceded territories" carry on the
holds just linked; a recognised interest, a place given or going back, an unnamed cession, a
promised independence, a surrender asked for and the terms of an earlier loaded instrument link
what realised them; a control commission is the country under Allied control.

Time: a passage's time is its own date mentions; a passage without dates inherits
the time of the passage before it in the same document, or the document's own
date. Features must overlap that time (``control``), lie within :data:`EVENT_SLACK`
of it (events, and zones, sectors, spheres and lines of a dated sentence; events must
overlap a sentence dated only by a year) or within
:data:`TIME_SLACK` (gazetteer relations, conferences, and arrangements named before
they began: a 1945 passage about the French zone links the zone defined in July, if it
agrees or promises; a report whose time is inherited is about what held then, and a
"would" in a relative clause, "a council that would rule", is no promise).

Curated links (``geodata/links.csv``: ``document,quote,feature,action,note``) address
a passage by a short quote of its text, so they survive edits elsewhere; ``add``
adds a link, ``remove`` removes an automatic one. A quote that matches no passage,
or several, an unknown feature id, and gazetteer relations to features the atlas
lacks are reported in :attr:`Corpus.problems`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import shapely

from spheremap.dates import event_relatives
from spheremap.documents import Document, Passage, check_time, load_documents, read_document
from spheremap.documents import format_passage as _format_plain
from spheremap.model import (
    ALLIES,
    AT_ONCE_CUES,
    CLAIM_GIVEN_UP_CUES,
    CO_ACTOR_CUES,
    COUNT_WORDS,
    DIVIDED_COUNTRY_CUES,
    EAST,
    ECONOMIC_CUES,
    ENCLAVE_WORD,
    FORCES_WORDS,
    FRONT_POSITION_CUES,
    GENERIC_NAME_WORDS,
    HAND_OVER_CUES,
    HOLDING_CUES,
    INSTRUMENT_STATUSES,
    INSTRUMENT_WORDS,
    JOINING_CUES,
    KIND_TABLE,
    LEFT_CUES,
    OCCUPIED_PART_CUES,
    OCCUPIER_AUTHORITY_CUES,
    PART_OF_COUNTRY,
    PERFORMING_CUES,
    POWER_ADJECTIVES,
    POWER_PEOPLE,
    POWER_WORDS,
    POWERS,
    RECEIVER_PRONOUNS,
    REGAINING_CUES,
    RELATIVE_SUBJECTS,
    SIDE_WORDS,
    STATE_END_CUES,
    STATE_FOUNDED_CUES,
    STATEMENT_KINDS,
    STATUS_NOUNS,
    STATUS_VERBS,
    SUBJECT_PRONOUNS,
    TAKEN_BEFORE_CUES,
    TAKING_CUES,
    TRANSFER_CUES,
    TRANSFER_STATUSES,
    UNDOING_CUES,
    UNIT_RECEIVED_CUES,
    UNOCCUPIED_PART_CUES,
    WAR_AGAIN_CUES,
    WAR_CUES,
    WAR_JOINED_BEFORE,
    WEST,
    DataError,
    InputError,
    side_of,
)
from spheremap.places import Gazetteer, Place, load_gazetteer

if TYPE_CHECKING:
    import geopandas as gpd

#: Lines and points within this many degrees of a place's point are "at" it.
NEAR_DEG = 0.25
#: A region with an area (``geodata/regions.geojson``) is about the polygon features that
#: cover at least this share of it (or of the side of it named, "western Saxony") at the
#: sentence's time. A fifth keeps a power holding a real part of the region even where its
#: hold is split into several features by the dates its ground was taken (the US ground in
#: Saxony in June 1945: 22% and 6% in two features), and leaves out pieces that only touch
#: it (East Tyrol's British zone, 16% of the modern Land Tirol; the Ausseerland, 3% of
#: Styria) which the modern-unit areas could not tell from an edge anyway.
REGION_COVER_SHARE = 0.2
#: How far (days) a feature's interval may lie from the passage's time.
TIME_SLACK = timedelta(days=366)
#: How far (days) an event at a named place may lie from the passage's own date.
EVENT_SLACK = timedelta(days=31)
#: How far after the time it carries on from a battle named by an undated sentence may begin.
NARRATIVE_SLACK = timedelta(days=122)
#: Date mentions longer than this say little about when (e.g. "between 1920 and 1953").
WEAK_SPAN = timedelta(days=3 * 366)
#: The longest time a vague date may be ("the end of 1941": its last third) and still say
#: where forces stood, as a month does.
SEASON = timedelta(days=122)
#: The longest span a part of a month names ("mid-August", "the beginning of July").
PART_OF_MONTH = timedelta(days=11)

#: Words that say which kind of feature a passage talks about (from the kinds' ``cues``).
KIND_CUES: dict[str, re.Pattern[str]] = {k.name: re.compile(k.cues, re.I) for k in KIND_TABLE}
#: Words that must be present for an ``event`` feature of a given status to be linked.
EVENT_CUES: dict[str, re.Pattern[str]] = {
    "conference": re.compile(r"\b(?:conference|summit|meeting|met)\b", re.I),
    "treaty": re.compile(
        r"\b(?:treaty|pact|protocols?|agreement|signed|signing|signature|peace|ratif\w+"
        r"|plenipotentiar\w+|done\s+at|in\s+duplicate)\b",
        re.I,
    ),
    "battle": re.compile(
        r"\b(?:battle|siege|invad\w*|invasion|offensive|attack\w*|fighting|surrender\w*"
        r"|defen[cds]\w*|advanc\w+|approach\w*|encircl\w+|besieg\w+|surround\w*|landing\w*"
        r"|landed"
        r"|uprising|liberat\w+|disarm(?:s|ed|ing)?|rising|revolt\w*|insurrection"
        r"|(?:rose|risen|rises|rise)\s+(?:up\b|against|in\s+(?:revolt|arms))"
        r"|reach\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:gates|outskirts|suburbs|approaches)"
        r"|war\s+(?:between|against|with|on))\b",
        re.I,
    ),
    # an occupation is told by its words, or by those of the annexation that closed it
    # ("Moscow admitted Lithuania": model.STATUS_VERBS)
    "occupied": re.compile(
        r"\b(?:occup\w+|annex\w*|seiz\w+|invad\w*|took\s+over)\b|"
        + "|".join(k for k, v in STATUS_VERBS.items() if v in ("occupied", "annexed")),
        re.I,
    ),
}
#: Kind words more specific than an occupation word: with one of them in a sentence,
#: control features are not searched inside the places it names.
SPECIFIC_KINDS = frozenset({"sphere", "zone", "sector"})
#: How a sentence names a power (its name, people, leader or army), for control features
#: found by territory: "the German army conquered France" is not about Italy's Menton,
#: "the German invasion in the USSR" not about a Japanese pocket inside the 1938 border.
#: A power missing here is recognised by the first four letters of its name.
POWER_MENTIONS: dict[str, re.Pattern[str]] = {
    "Germany": re.compile(r"\b(?:German\w*|Nazi\w*|Reich|Hitler\w*|Wehrmacht)\b", re.I),
    "USSR": re.compile(r"\b(?:Soviet\w*|Russia\w*|USSR|U\.S\.S\.R|Red\s+Army|Stalin\w*)", re.I),
    "UK": re.compile(r"\b(?:Brit\w*|England|English|UK|U\.K)\b"),
    "US": re.compile(r"\b(?:America\w*|United\s+States|US|U\.S\.A?)(?!\w)"),
    "France": re.compile(r"\b(?:France|French)\b"),
    "Vichy France": re.compile(r"\b(?:Vichy|France|French)\b"),
    "Italy": re.compile(r"\b(?:Ital\w+|Mussolini)\b"),
    "Japan": re.compile(r"\b(?:Japan\w*|Kwantung\s+Army)\b"),
    "Poland": re.compile(r"\b(?:Pol(?:and|ish|es)|Polish)\b"),
    "Allies": re.compile(r"\b(?:Allie[ds]|Allied|Big\s+Three)\b"),
}
# every other power with an adjective of its own in the vocabulary ("Hungarian troops",
# "Romanian territory"): by its name or that adjective
for _power, _adjective in POWER_ADJECTIVES.items():
    if _power not in POWER_MENTIONS:
        POWER_MENTIONS[_power] = re.compile(
            rf"\b(?:{re.escape(_power)}|{re.escape(_adjective)})\b", re.I
        )
# and by the nouns of its people ("the Finns", "the Poles"), which name its forces in a report
# of arms (:func:`_names_forces`)
for _noun, _power in POWER_PEOPLE.items():
    if _power in POWER_MENTIONS and POWER_MENTIONS[_power].fullmatch(_noun) is None:
        POWER_MENTIONS[_power] = re.compile(
            rf"{POWER_MENTIONS[_power].pattern}|\b{re.escape(_noun)}\b",
            POWER_MENTIONS[_power].flags,
        )
#: The powers "the Allies" stands for (and that an "Allies" feature belongs to).
ALLIED_POWERS = ALLIES

#: An army moving into a territory ("the Red Army crossed into eastern Poland") says as much
#: as "invaded": a change of hands (control) and the battle or occupation event that made it.
ADVANCE_CUE = (
    r"\b(?:crossed\s+(?:over\s+)?(?:into|the\s+(?:border|frontier))|(?:marched|moved|poured"
    r"|rolled|swept|pushed|drove)\s+into)\b"
)
KIND_CUES["control"] = re.compile(f"{KIND_CUES['control'].pattern}|{ADVANCE_CUE}", re.I)
for _status in ("battle", "occupied"):
    EVENT_CUES[_status] = re.compile(f"{EVENT_CUES[_status].pattern}|{ADVANCE_CUE}", re.I)
#: Verbs (and the noun "invasion") of a power acting on a territory: the power named just
#: before one ("the Red Army invaded", "Soviet troops crossed into", "Germany's invasion")
#: is the sentence's actor (:func:`acting_power`).
ACTION_WORDS = (
    r"(?:invad\w*|invasion|attack\w*|occupied|annexed|seized|conquered|captured|took|crossed"
    r"|marched|moved|poured|rolled|swept|pushed|drove|advanced|entered)"
)


def _verb_after(verbs: str) -> re.Pattern[str]:
    """What may follow an actor's name up to its verb (one of ``verbs``), matched where the
    name ends: a possessive and at most three words, no clause break and no passive
    ("Germany was occupied": Germany does not act)."""
    return re.compile(
        rf"(?:'s|’s)?(?:\s+(?!(?:was|were|is|are|been|being|be|got)\b)[\w-]+){{0,3}}?"
        rf"\s+(?:{verbs})\b",
        re.I,
    )


def _power_before(text: str, verb: re.Pattern[str]) -> str | None:
    """The one power a text names just before a verb (``verb``, from :func:`_verb_after`);
    None if no power or several do ("French" names France: Vichy only by its own name)."""
    found = {
        power
        for power, pattern in POWER_MENTIONS.items()
        if power != "Vichy France"
        and any(verb.match(text, m.end()) for m in pattern.finditer(text))
    }
    return found.pop() if len(found) == 1 else None


_ACTOR_GAP = _verb_after(ACTION_WORDS)
#: Kinds whose features belong to the power that acted: a sentence about one power's
#: invasion is not about another's (events of these statuses, and control).
ACTOR_STATUSES = frozenset({"battle", "occupied"})
#: A sentence dated only by a year (or longer) does not pick out, by territory alone, a
#: control piece held for less than this: such pieces are the steps of a front.
MIN_COARSE_SPAN = timedelta(days=31)
#: Of the realisations of one statement begun together, those under this share of the area
#: of the largest are pieces of it, not what was agreed (see _choose_first_realisation).
MINOR_ZONE_SHARE = 0.2
_QUANTIFIER = re.compile(r"\b(?:three|four|all|each|every|both|respective)\b", re.I)
#: Events are looked for inside a named territory only if it is smaller than this
#: (square degrees; Poland is about 50, the Soviet Union thousands).
MAX_EVENT_SCOPE_DEG2 = 300.0
#: Control claims sharing one name with more ids than this are front steps, linked
#: only through the gazetteer or curated links.
MAX_SAME_NAME = 6
#: Statuses of events found inside a named territory (others need their place named).
SCOPE_EVENT_STATUSES = frozenset({"battle", "occupied"})
#: Statuses of events linked by a sentence's day-precise date and a word for them alone.
DAY_EVENT_STATUSES = frozenset({"treaty", "conference"})
#: Place kinds whose point means something precise (used for ``place`` links).
POINT_KINDS = ("city", "building", "river", "island", "peninsula", "region", "line")
CURATED_COLUMNS = ("document", "quote", "feature", "action", "note")


@dataclass(frozen=True)
class Link:
    """One passage-feature link and why it exists."""

    passage: str
    feature: str
    how: str  # gazetteer | place | date | scope | forward | count | named | document | curated
    #: the words that made the link (quoted from the sentence), for a reader to judge it
    reason: str = ""
    #: how sure the rule is, 0..1 (curated links 1.0); the app can hide links below a threshold
    score: float = 1.0
    #: ``forward`` (the feature begins after the sentence's time: what an agreement, promise,
    #: demand or recognition realised), ``current``, ``backward``, or "" (no time)
    direction: str = ""
    #: for a forward link, the day the feature began (the realised date)
    realised: date | None = None

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "feature": self.feature,
            "how": self.how,
            "reason": self.reason,
            "score": round(self.score, 2),
            "direction": self.direction,
            "realised": self.realised.isoformat() if self.realised else None,
        }


@dataclass(frozen=True)
class CuratedLink:
    """One row of ``links.csv``."""

    quote: str
    feature: str
    action: str = "add"
    document: str = ""
    note: str = ""


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"[‘’`´]", "'", t)
    t = re.sub(r"[“”„]", '"', t)
    t = re.sub(r"[\u2010-\u2015]", "-", t)
    return " ".join(t.split())


def parse_curated(text: str, path: str = "<links>") -> list[CuratedLink]:
    """Read curated links from CSV text.

    Raises
    ------
    DataError
        On missing columns, an empty quote or feature, or an action other than
        ``add``/``remove``; the message names the line.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("quote", "feature") if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}")
    out = []
    for line, row in enumerate(reader, start=2):
        quote = (row.get("quote") or "").strip()
        feature = (row.get("feature") or "").strip()
        action = (row.get("action") or "add").strip() or "add"
        if not quote or not feature:
            raise DataError(path, f"line {line}: quote and feature are required")
        if action not in ("add", "remove"):
            raise DataError(path, f"line {line}: action must be 'add' or 'remove', not {action!r}")
        if len(quote) < 12:
            raise DataError(path, f"line {line}: quote {quote!r} is too short to find one passage")
        out.append(
            CuratedLink(
                quote,
                feature,
                action,
                (row.get("document") or "").strip(),
                (row.get("note") or "").strip(),
            )
        )
    return out


def load_curated(path: Path | str) -> list[CuratedLink]:
    """Read ``links.csv`` (a missing file means no curated links)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot read curated links: {exc}") from None
    return parse_curated(text, str(path))


# --------------------------------------------------------------------------- time


def _gap(a_start: date, a_end: date | None, b_start: date, b_end: date) -> timedelta:
    """Distance between ``[a_start, a_end)`` and ``[b_start, b_end)``; zero if they overlap."""
    if a_end is not None and a_end <= b_start:
        return b_start - a_end
    if b_end <= a_start:
        return a_start - b_end
    return timedelta(0)


@dataclass(frozen=True)
class PassageTime:
    """When a passage is about: intervals, whether inherited, the finest precision."""

    intervals: tuple[tuple[date, date], ...]
    inherited: bool = False
    fine: bool = False  # some interval has day or month precision


def passage_times(
    passages: Sequence[Passage], document_dates: dict[str, date | None] | None = None
) -> list[PassageTime]:
    """The time each passage is about.

    Its own date mentions (those under three years long; decades and long ranges only
    if there is nothing else). A passage without dates inherits the time of the one
    before it in the same document, or else the document's own date (a dated text
    speaks at its date). Passages are taken in document order.
    """
    out = []
    previous: dict[str, PassageTime] = {}
    for name, day in (document_dates or {}).items():
        if day is not None:
            previous[name] = PassageTime(((day, day + timedelta(days=1)),), True, True)
    for p in passages:
        doc_day = (document_dates or {}).get(p.document)
        extra = ((doc_day, doc_day + timedelta(days=1)),) if doc_day is not None else ()
        strong = [d for d in p.dates if d.end - d.start <= WEAK_SPAN and d.precision != "decade"]
        own = strong or [d for d in p.dates if d.end - d.start <= WEAK_SPAN]
        if own:
            time = PassageTime(
                tuple((d.start, d.end) for d in own),
                False,
                any(d.precision in ("day", "month") for d in own),
            )
        else:
            before = previous.get(p.document)
            if before:
                time = PassageTime(before.intervals, True, before.fine)
            else:
                time = PassageTime(extra, True, bool(extra))
        if strong:
            previous[p.document] = PassageTime(
                tuple((d.start, d.end) for d in strong), True, time.fine
            )
        out.append(time)
    return out


# --------------------------------------------------------------------------- corpus


class FeatureSource(Protocol):
    """What a corpus needs of an atlas (:class:`spheremap.atlas.Atlas` is one): the data
    folder holding ``documents/``, ``gazetteer.csv`` and ``links.csv`` (or ``None``), and the
    features frame to link to."""

    @property
    def root(self) -> Path | None: ...

    @property
    def features(self) -> gpd.GeoDataFrame: ...


class Corpus:
    """Passages of a set of documents, linked to the features of an atlas.

    Build with :meth:`build` (pure) or :meth:`load` (reads the bundled files).
    """

    def __init__(
        self,
        documents: Sequence[Document],
        links: Iterable[Link],
        problems: Sequence[str] = (),
        feature_ids: Iterable[str] = (),
    ):
        self.documents = tuple(documents)
        self.passages: tuple[Passage, ...] = tuple(p for d in self.documents for p in d.passages)
        self._by_id = {p.id: p for p in self.passages}
        if len(self._by_id) != len(self.passages):
            seen: set[str] = set()
            dup = next(p for p in self.passages if p.id in seen or seen.add(p.id))
            raise DataError(dup.document, f"passage id {dup.id!r} occurs twice in the corpus")
        self.links = tuple(links)
        self.problems = tuple(problems)
        self.feature_ids = frozenset(feature_ids)
        # indexes built once (dicts as ordered sets): lookups per passage or feature must not
        # scan every link, or a large corpus costs the square of its size (issue #16)
        features: dict[str, dict[str, None]] = {}
        passages: dict[str, dict[str, None]] = {}
        self._links_by_passage: dict[str, list[Link]] = {}
        for link in self.links:
            features.setdefault(link.passage, {})[link.feature] = None
            passages.setdefault(link.feature, {})[link.passage] = None
            self._links_by_passage.setdefault(link.passage, []).append(link)
        self._features: dict[str, list[str]] = {k: list(v) for k, v in features.items()}
        self._passages: dict[str, list[str]] = {k: list(v) for k, v in passages.items()}

    # ------------------------------------------------------------ construction
    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        features,
        gazetteer: Gazetteer,
        curated: Sequence[CuratedLink] | None = None,
        *,
        check_gazetteer: bool = True,
    ) -> Corpus:
        """Link the passages of ``documents`` to ``features``.

        Parameters
        ----------
        documents : sequence of Document
        features : GeoDataFrame
            Columns ``id, kind, power, status, start_date, end_date, geometry`` (one row
            per timeline entry; rows may share an id).
        gazetteer : Gazetteer
        curated : sequence of CuratedLink, optional
        check_gazetteer : bool
            Report gazetteer entries naming features that ``features`` lacks.

        Returns
        -------
        Corpus
        """
        passages = [p for d in documents for p in d.passages]
        auto = _auto_links(
            passages,
            features,
            gazetteer,
            {d.name: d.date for d in documents},
            {d.name: d.title or "" for d in documents},
        )
        ids = set(features["id"]) if len(features) else set()
        links, problems = _apply_curated(auto, passages, curated or [], ids)
        if ids and check_gazetteer:
            problems += gazetteer_problems(gazetteer, ids)
        return cls(documents, links, problems, ids)

    @classmethod
    def load(cls, atlas: FeatureSource, documents: Sequence[Document] | None = None) -> Corpus:
        """The bundled documents (or ``documents``) linked to an atlas's features.

        Parameters
        ----------
        atlas : FeatureSource
            E.g. a :class:`spheremap.atlas.Atlas`. Its ``root`` holds ``documents/``,
            ``gazetteer.csv`` and ``links.csv``.
        documents : sequence of Document, optional
            Use these instead of the bundled ones (e.g. one file from the CLI).
        """
        root = Path(atlas.root) if atlas.root is not None else None
        gaz_path = root / "gazetteer.csv" if root is not None else None
        gazetteer = load_gazetteer(gaz_path if gaz_path and gaz_path.exists() else None)
        if documents is None:
            doc_dir = root / "documents" if root is not None else None
            documents = (
                load_documents(doc_dir, gazetteer)
                if doc_dir is not None and doc_dir.is_dir()
                else []
            )
        curated = load_curated(root / "links.csv") if root is not None else []
        # the bundled gazetteer stands in for a folder without one: its ids are not that folder's
        own_gazetteer = gaz_path is not None and gaz_path.exists()
        return cls.build(
            documents, atlas.features, gazetteer, curated, check_gazetteer=own_gazetteer
        )

    @classmethod
    def for_atlas(cls, atlas: FeatureSource, document: Path | str | None = None) -> Corpus:
        """The bundled documents, or the one ``document`` file alone, linked to ``atlas``.

        Raises
        ------
        DataError
            If ``document`` cannot be read (naming it).
        """
        if document is None:
            return cls.load(atlas)
        root = Path(atlas.root) if atlas.root is not None else None
        gaz_path = root / "gazetteer.csv" if root is not None else None
        gazetteer = load_gazetteer(gaz_path if gaz_path and gaz_path.exists() else None)
        return cls.load(atlas, documents=[read_document(document, gazetteer)])

    # ------------------------------------------------------------ queries
    def passage(self, passage_id: str) -> Passage:
        """The passage with this id.

        Raises
        ------
        InputError
            If there is none.
        """
        try:
            return self._by_id[passage_id]
        except KeyError:
            raise InputError(f"unknown passage id {passage_id!r}") from None

    def features_for_passage(self, passage_id: str) -> list[str]:
        """Ids of the features linked to a passage, in the order they were linked."""
        self.passage(passage_id)
        return list(self._features.get(passage_id, []))

    def passages_for_feature(self, feature_id: str) -> list[Passage]:
        """Passages linked to a feature, in document order (empty if none)."""
        ids = set(self._passages.get(feature_id, []))
        return [p for p in self.passages if p.id in ids]

    def passages_at(self, day: date) -> list[Passage]:
        """Passages one of whose date mentions covers ``day``."""
        return [p for p in self.passages if p.covers(day)]

    def links_for_passage(self, passage_id: str) -> list[Link]:
        """The links of a passage with their reasons."""
        return list(self._links_by_passage.get(passage_id, ()))

    def to_json(self, passages: Iterable[Passage] | None = None) -> list[dict]:
        """JSON-ready dicts: ``id, document, section, index, text, dates, unresolved,
        places, features, links, citations`` (dates with exclusive ``end``)."""
        passages = self.passages if passages is None else passages
        out = []
        for p in passages:
            out.append(
                {
                    "id": p.id,
                    "document": p.document,
                    "section": p.section,
                    "index": p.index,
                    "text": p.text,
                    "dates": [d.as_dict() for d in p.dates],
                    "unresolved": list(p.unresolved),
                    "places": list(p.places),
                    "features": list(self._features.get(p.id, [])),
                    "links": [lk.as_dict() for lk in self._links_by_passage.get(p.id, ())],
                    "citations": [c.text for c in p.citations],
                }
            )
        return out

    def format(self, p: Passage) -> str:
        """Plain-text rendering with the linked features."""
        return format_passage(p, self)


# --------------------------------------------------------------------------- automatic links

#: A document titled as one side's command ("General Order No. 1", "a decree") is issued,
#: not concluded: it is no record of the treaty or conference signed on its day.
#: An instrument called after a town: "Cairo Declaration", "Moscow Peace Treaty".
_NAMED_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:declaration|conference|agreements?|treaty|protocol|pact|award"
    r"|communiqu\w*|charter|accords?)\b",
    re.I,
)
_ORDER_TITLE = re.compile(r"\b(?:orders?|directives?|decrees?|proclamations?)\b", re.I)


#: "Signing the pact and the secret protocols" names the act of signing (the treaty event),
#: not the spheres the protocols drew: such a phrase is no word for spheres.
_SIGNING_OF = re.compile(
    r"\bsign(?:ed|ing)\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?(?:secret\s+)?(?:additional\s+)?"
    r"protocols?\b",
    re.I,
)


#: The protocols' own words for a sphere: "the interest of Lithuania in the Vilna area".
_INTEREST_IN = re.compile(
    r"\binterests?\s+of\s+[\w\s.-]{1,40}?\s+in\b"
    r"|\b(?:its|their|[A-Z][\w-]+(?:'s|’s))\s+(?:[\w-]+\s+)?interests?\s+in\b"
)


#: How many texts the per-text readers below remember: the rules of one sentence and its
#: passage ask the same questions of it, and it is answered once. Few are kept, so a long
#: corpus costs what its sentences cost (repeated text far apart is read again).
_TEXTS_KEPT = 32


def _kinds_cued(text: str) -> set[str]:
    """The kinds whose words a text uses (a new set: callers may change it)."""
    return set(_kinds_cued_once(text))


@lru_cache(maxsize=_TEXTS_KEPT)
def _kinds_cued_once(text: str) -> frozenset[str]:
    cued = {kind for kind, pattern in KIND_CUES.items() if pattern.search(text)}
    signing_only = _SIGNING_OF.search(text) and not KIND_CUES["sphere"].search(
        _SIGNING_OF.sub(" ", text)
    )
    if "sphere" in cued and signing_only:
        cued.discard("sphere")
    return frozenset(cued)


@lru_cache(maxsize=_TEXTS_KEPT)
def _takes(text: str) -> bool:
    """Whether a text has a verb of taking (:data:`_TAKING`; asked of a sentence twice)."""
    return _TAKING.search(text) is not None


class _SentenceCache:
    """A gazetteer that remembers its last look-ups: the rules of one sentence each ask
    where its places are, and the answer is found once (a few sentences are kept, so a
    long corpus costs what its sentences cost, not less for repeating text)."""

    def __init__(self, gazetteer: Gazetteer, size: int = 8):
        self._gazetteer = gazetteer
        # the same dict as the gazetteer's (the rules read it ~100k times per long text; an
        # attribute of its own is not sent through __getattr__)
        self.places = gazetteer.places
        self._found: dict[str, list] = {}
        self._size = size

    def __getattr__(self, name: str):
        return getattr(self._gazetteer, name)

    def find(self, text: str) -> list:
        found = self._found.get(text)
        if found is None:
            found = self._gazetteer.find(text)
            if len(self._found) >= self._size:
                self._found.pop(next(iter(self._found)))
            self._found[text] = found
        return found

    def names_in(self, text: str, *, events: bool = False) -> tuple[str, ...]:
        names = dict.fromkeys(m.place for m in self.find(text))
        if not events:
            names = {n: None for n in names if self.places[n].kind != "event"}
        return tuple(names)


class _Index:
    """The features frame prepared for the link rules."""

    def __init__(self, features, gazetteer: Gazetteer):
        self.frame = features.reset_index(drop=True)
        self.gazetteer = _SentenceCache(gazetteer)
        n = len(self.frame)
        self.ids = self.frame["id"].to_numpy() if n else np.array([], dtype=object)
        self.kinds = self.frame["kind"].to_numpy() if n else np.array([], dtype=object)
        self.status = self.frame["status"].to_numpy() if n else np.array([], dtype=object)
        self.power = self.frame["power"].to_numpy() if n else np.array([], dtype=object)
        #: zones that are their power's zone itself (``zone_part`` main), not a piece of it
        #: or an enclave outside it
        parts = self.frame.get("zone_part")
        self.zone_parts = (
            np.array([p if isinstance(p, str) else "" for p in parts], dtype=object)
            if n and parts is not None
            else np.full(n, "", dtype=object)
        )
        self.zone_main = (self.kinds == "zone") & (self.zone_parts == "main")
        self.starts = list(self.frame["start_date"]) if n else []
        self.ends = list(self.frame["end_date"]) if n else []
        # each row's own time (``starts``/``ends`` become the id's whole span below)
        self.row_times = list(zip(self.starts, self.ends, strict=True))
        geoms = self.frame.geometry.to_numpy() if n else np.array([])
        self.geoms = geoms
        self.tree = shapely.STRtree(geoms)
        polygonal = np.isin(shapely.get_type_id(geoms), [3, 6]) if n else np.array([], bool)
        self.polygonal = polygonal
        self.rep = shapely.point_on_surface(geoms) if n else geoms
        self.by_id: dict[str, list[int]] = {}
        for i, fid in enumerate(self.ids):
            self.by_id.setdefault(fid, []).append(i)
        # A link is to a feature id, whose rows (control pieces) may hold it at different
        # times: every row answers with the id's whole span, and queries return one row
        # per id.
        #: each row's own first day (a feature of many pieces begins where each piece does:
        #: the Soviet Union's hold on a town retaken in 1944 begins then, not in 1938)
        self.own_starts = list(self.starts)
        for rows in self.by_id.values():
            if len(rows) > 1:
                start = min(self.starts[i] for i in rows)
                ends = [self.ends[i] for i in rows]
                end = None if any(e is None for e in ends) else max(ends)
                for i in rows:
                    self.starts[i], self.ends[i] = start, end
        self.first = np.array([self.by_id[fid][0] for fid in self.ids], dtype=np.int64)
        names = self.frame["name"].to_numpy() if n else np.array([], dtype=object)
        self.names = names
        # the same per-row values as plain lists, for the rules that look at one row at a
        # time (indexing a list is cheaper than a numpy object array, and ``str`` is done once)
        self.row_kinds = list(self.kinds)
        self.row_ids = list(self.ids)
        self.row_status = [str(s) for s in self.status]
        self.row_power = list(self.power)
        self.row_power_str = [str(p) for p in self.power]
        self.row_names = list(names)
        groups: dict[tuple, set] = {}
        for i in np.flatnonzero(self.kinds == "control") if n else []:
            groups.setdefault((names[i], self.power[i], self.status[i]), set()).add(self.ids[i])
        self.same_name = {key: len(ids) for key, ids in groups.items()}
        self.place_kinds = {name: place.kind for name, place in gazetteer.places.items()}
        self._scopes: dict[str, object] = {}
        self._at_point: dict[tuple[float, float], list[int]] = {}
        self._overlaps: dict[tuple[str, str | None], tuple] = {}  # (:meth:`_region_overlaps`)
        self._meeting: dict[tuple[str, str | None], np.ndarray] = {}  # polygon rows meeting it
        self._covering: dict[tuple, list[int]] = {}  # (:meth:`covering`)
        self._at_place: dict[tuple, list[int]] = {}  # regions with areas (:meth:`at_place`)
        self._raw_at_point: dict[tuple[float, float], frozenset[int]] = {}
        self._rep_tree = None
        self._scope_hits: dict[int, tuple] = {}  # (:meth:`in_scope`)
        self._inside: dict[tuple[str, frozenset[str]], list[int]] = {}
        self._area: dict[str, float] = {}
        self._gains: dict[str, list[int]] | None = None  # by power (:meth:`gains`)
        self._centres: dict[str, tuple[float, float]] = {}  # by place (:meth:`centre`)
        #: answers of :func:`_retained_holds`
        self.retained: dict[tuple, tuple[str, ...]] = {}
        #: answers of :func:`_adjective_territories`, by sentence
        self.adjective_territories: dict[str, list[str]] = {}
        #: treaties and conferences, found by a day-precise date (:func:`_link_by_day`)
        self.day_events = [
            int(self.by_id[fid][0])
            for fid in dict.fromkeys(self.ids)
            if self.kinds[self.by_id[fid][0]] == "event"
            and self.status[self.by_id[fid][0]] in DAY_EVENT_STATUSES
        ]
        #: front lines (one row per id), for the fronts between powers (:func:`_link_fronts`)
        self.fronts = [
            int(self.by_id[fid][0])
            for fid in dict.fromkeys(self.ids)
            if self.kinds[self.by_id[fid][0]] == "line"
            and self.status[self.by_id[fid][0]] == "frontline"
        ]
        theatre = self.frame.get("theatre")
        self.theatres = {r: str(theatre.iat[r]) if theatre is not None else "" for r in self.fronts}
        self.front_near: dict[int, dict[str, list[int]]] = {}  # control rows along a front
        #: battles (one row per id), for the first one a war opens (:func:`_link_war`)
        self.battles = [
            int(self.by_id[fid][0])
            for fid in dict.fromkeys(self.ids)
            if self.kinds[self.by_id[fid][0]] == "event"
            and self.status[self.by_id[fid][0]] == "battle"
        ]

    def gains(self, power: str) -> list[int]:
        """Rows (one per id) of the lasting holds of a power that a transfer can make."""
        if self._gains is None:
            gains: dict[str, set[int]] = {}
            for r in np.flatnonzero(self.kinds == "control"):
                if str(self.status[r]) in TRANSFER_STATUSES and _durable(self, r):
                    gains.setdefault(str(self.power[r]), set()).add(int(self.first[r]))
            self._gains = {k: sorted(v) for k, v in gains.items()}
        return self._gains.get(power, [])

    def centre(self, place: Place) -> tuple[float, float]:
        """The area-weighted centre of a place's territory (its scope must have parts)."""
        if place.name not in self._centres:
            self._centres[place.name] = _centre(self.scope(place))
        return self._centres[place.name]

    def area(self, row: int) -> float:
        """Largest area (square degrees) among the rows of the feature of ``row``."""
        fid = self.ids[row]
        if fid not in self._area:
            self._area[fid] = max(float(self.geoms[i].area) for i in self.by_id[fid])
        return self._area[fid]

    def _one_per_id(self, rows) -> list[int]:
        return sorted({int(self.first[r]) for r in rows})

    def begun_at(self, row: int, lon: float, lat: float) -> list[date]:
        """The own first days of the pieces of the feature of ``row`` that cover a point."""
        rows = self.by_id[self.ids[row]]
        if len(rows) == 1:
            return [self.own_starts[rows[0]]] if self.own_starts[rows[0]] is not None else []
        key = (lon, lat)
        if key not in self._raw_at_point:
            self._raw_at_point[key] = frozenset(self._query_point(lon, lat))
        here = self._raw_at_point[key]
        return [self.own_starts[r] for r in rows if r in here and self.own_starts[r] is not None]

    def at_point(self, lon: float, lat: float) -> list[int]:
        key = (lon, lat)
        if key not in self._at_point:
            self._at_point[key] = self._one_per_id(self._query_point(lon, lat))
        return self._at_point[key]

    def at_place(self, place: Place, intervals=None, side: str | None = None) -> list[int]:
        """Rows (one per id) a place stands on. A region with an area
        (:attr:`Gazetteer.areas`): the polygon features covering a real share of it, or of
        its ``side`` ("north", "south", "east", "west"), at the time (:meth:`covering`), and
        the lines and points at the area's (or side's) representative point. Any other
        place: those at its point, or after a side word at :func:`_side_point`'s."""
        area = getattr(self.gazetteer, "areas", {}).get(place.name)
        if area is None:
            return self.at_point(*_side_point(place, side))
        key = (place.name, side, tuple(intervals or ()))
        if key not in self._at_place:
            part = self.region_part(place.name, side)
            rows: list[int] = []
            if part is not None:
                point = shapely.point_on_surface(part) if side else None
                lon, lat = (point.x, point.y) if point is not None else (place.lon, place.lat)
                rows = [r for r in self.at_point(lon, lat) if not self.polygonal[r]]
                rows = sorted(set(rows) | set(self.covering(place.name, intervals, side)))
            self._at_place[key] = rows
        return self._at_place[key]

    def region_part(self, name: str, side: str | None = None):
        """A region's area, or the half of it on one side of its centroid (None if empty)."""
        area = self.gazetteer.areas[name]
        if side is None:
            return area
        x0, y0, x1, y1 = area.bounds
        c = area.centroid
        box = {
            "north": (x0, c.y, x1, y1),
            "south": (x0, y0, x1, c.y),
            "east": (c.x, y0, x1, y1),
            "west": (x0, y0, c.x, y1),
        }[side]
        part = shapely.clip_by_rect(area, *box)
        return None if part.is_empty else part

    def _region_overlaps(self, name: str, side: str | None, rows: np.ndarray):
        """The area (square degrees) each of ``rows`` shares with a region's (side's) area,
        worked out once per row, region and side (only for rows a query's time asks for:
        most pieces meeting a large region belong to other years)."""
        key = (name, side)
        if key not in self._overlaps:
            part = self.region_part(name, side)
            if part is not None:
                shapely.prepare(part)
            self._overlaps[key] = (part, {})
        part, shared = self._overlaps[key]
        todo = np.array([r for r in rows.tolist() if r not in shared], dtype=np.int64)
        if len(todo):
            geoms = self.geoms[todo]
            areas = shapely.area(geoms)
            # pieces wholly inside count whole; only those crossing the edge are cut
            cut = ~shapely.contains(part, geoms)
            if cut.any():
                areas[cut] = shapely.area(shapely.intersection(geoms[cut], part))
            shared.update(zip(todo.tolist(), areas.tolist(), strict=True))
        return np.array([shared[r] for r in rows.tolist()], dtype=float)

    def covering(self, name: str, intervals=None, side: str | None = None) -> list[int]:
        """Rows (one per id) of the polygon features that cover at least
        :data:`REGION_COVER_SHARE` of a region's area (or of its side) at the time: of each
        feature, its rows valid within :data:`EVENT_SLACK` of one of the ``intervals``
        count (all its rows when no time is given), and of those, the pieces of one time
        together (the largest such share is the feature's)."""
        intervals = tuple(intervals or ())
        key = (name, side, intervals)
        if key in self._covering:
            return self._covering[key]
        part = self.region_part(name, side)
        if part is None:
            self._covering[key] = []
            return []
        if (name, side) not in self._meeting:
            rows = self.tree.query(part, predicate="intersects")
            self._meeting[name, side] = rows[self.polygonal[rows]]
        rows = self._meeting[name, side]
        if intervals:
            rows = np.array(
                [
                    r
                    for r in rows.tolist()
                    if any(
                        _strict_overlap(*self.row_times[r], t0 - EVENT_SLACK, t1 + EVENT_SLACK)
                        for t0, t1 in intervals
                    )
                ],
                dtype=np.int64,
            )
        shared = self._region_overlaps(name, side, rows)
        by_time: dict[tuple, float] = {}
        for r, a in zip(rows.tolist(), shared.tolist(), strict=True):
            start, end = self.row_times[r]
            slot = (int(self.first[r]), start, end)
            by_time[slot] = by_time.get(slot, 0.0) + a
        best: dict[int, float] = {}
        for (first, _s, _e), a in by_time.items():
            best[first] = max(best.get(first, 0.0), a)
        total = float(part.area)
        found = sorted(r for r, a in best.items() if a >= REGION_COVER_SHARE * total)
        self._covering[key] = found
        return found

    def inside(self, place: Place, kinds: frozenset[str]) -> list[int]:
        """Rows of the given kinds whose representative point lies in the place's scope."""
        key = (place.name, kinds)
        if key not in self._inside:
            scope = self.scope(place)
            if scope is not None and sum(g.area for g in scope) > MAX_EVENT_SCOPE_DEG2:
                kinds = kinds - {"event"}  # "the Soviet Union" holds too many battles
            rows = np.flatnonzero(np.isin(self.kinds, list(kinds)))
            self._inside[key] = (
                []
                if scope is None or not len(rows)
                else self._one_per_id(self.in_scope(scope, rows))
            )
        return self._inside[key]

    def _query_point(self, lon: float, lat: float) -> list[int]:
        point = shapely.Point(lon, lat)
        inside = self.tree.query(point, predicate="intersects")
        near = self.tree.query(point, predicate="dwithin", distance=NEAR_DEG)
        rows = set(int(i) for i in inside)
        rows |= {int(i) for i in near if not self.polygonal[i]}
        return sorted(rows)

    @cached_property
    def countries_by_extent(self) -> dict[str, str]:
        """The country whose territory each extent id is, when one country alone lists it."""
        seen: dict[str, list[str]] = {}
        for place in self.gazetteer.places.values():
            if place.kind == "country" and len(place.extent) == 1:
                seen.setdefault(place.extent[0], []).append(place.name)
        return {e: names[0] for e, names in seen.items() if len(names) == 1}

    def held_rows(self, place: Place) -> set[int]:
        """The control pieces inside a place's territory and the features it lists."""
        rows = set(self.inside(place, frozenset({"control"})))
        return rows | {self.by_id[f][0] for f in place.features if f in self.by_id}

    def scope(self, place: Place):
        """The territory a place stands for: the polygon features the gazetteer lists
        for it, ``@extent`` ones included (None if it lists none). Kept as separate
        parts (no union: a union can fail on imperfect geometry)."""
        if place.name in self._scopes:
            return self._scopes[place.name]
        parts = []
        for fid in place.extent + place.features:
            parts += [self.geoms[i] for i in self.by_id.get(fid, []) if self.polygonal[i]]
        scope = np.array(parts, dtype=object) if parts else None
        if scope is not None:
            shapely.prepare(scope)
        self._scopes[place.name] = scope
        return scope

    def in_scope(self, scope, rows: np.ndarray) -> np.ndarray:
        """Those of ``rows`` whose representative point lies in one of the scope's parts."""
        # the rows a scope contains do not depend on the kinds asked for: a place asked about
        # with other kind words is not looked up in the tree again (kept with its scope, so
        # the key is that very array)
        kept = self._scope_hits.get(id(scope))
        if kept is not None and kept[0] is scope:
            hits = kept[1]
        else:
            if self._rep_tree is None:
                self._rep_tree = shapely.STRtree(self.rep)
            hits = np.unique(self._rep_tree.query(scope, predicate="contains")[1])
            self._scope_hits[id(scope)] = (scope, hits)
        return rows[np.isin(rows, hits)]


def _strict_overlap(start, end, t0, t1) -> bool:
    return (end is None or t0 < end) and start < t1


_ONE_DAY = timedelta(days=1)
_SENTENCE = re.compile(r"[^.!?]*(?:[.!?]+['\"”’)]*|$)\s*")


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (ends at ``.``, ``!``, ``?``
    followed by a space and a capital; abbreviations such as ``Feb. 4`` stay inside)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.!?]['\"”’)]*\s+(?=[A-Z“\"‘(])", text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


#: A pronoun standing for the town the clause before named ("took it back", "the city").
_TOWN_PRONOUN = re.compile(r"\b(?:it|the\s+(?:city|town|port))\b", re.I)
#: Where one clause of a sentence ends and the next begins ("Rome fell to the Allies on 4
#: June 1944, and Florence was freed on 4 August 1944").
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+", re.I)


def _clauses(p: Passage, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The clauses of one sentence that each say when they happened, as spans (a sentence
    telling two events with a date each: "Sevastopol fell to the Germans on 4 July 1942; the
    Red Army took it back on 9 May 1944"). Empty for a sentence with fewer than two."""
    days = [
        d.span[0]
        for d in p.dates
        if d.span is not None
        and span[0] <= d.span[0] < span[1]
        and d.end - d.start <= WEAK_SPAN
        and d.precision != "decade"
    ]
    if len(days) < 2:
        return []
    parts, start = [], span[0]
    for m in _CLAUSE_BREAK.finditer(p.text, span[0], span[1]):
        if any(start <= d < m.start() for d in days):
            parts.append((start, m.start()))
            start = m.start()
    if not parts or not any(start <= d < span[1] for d in days):
        return []
    return parts + [(start, span[1])]


#: A passive capture naming its taker after it ("fell to the Germans", "was retaken by the
#: Red Army"): the power named next is the clause's taker.
_PASSIVE_TAKING = re.compile(
    r"\b(?:(?:fell|fallen)\s+to|(?:was|were|been)\s+(?:re)?(?:taken|captured|seized|occupied"
    r"|stormed|overrun|conquered|liberated|freed)\s+by)\s+(?:the\s+)?",
    re.I,
)


def _clause_taker(text: str) -> str | None:
    """The power one clause says took its town: named just before its verb of taking ("the
    Red Army took it back") or after a passive one ("Sevastopol fell to the Germans")."""
    taker = _taker(text)
    if taker is not None:
        return taker
    found = {
        power
        for m in _PASSIVE_TAKING.finditer(text)
        for power, pattern in POWER_MENTIONS.items()
        if power != "Vichy France" and pattern.match(text, m.end())
    }
    return found.pop() if len(found) == 1 else None


#: For each town, the clauses it is named in: the clause's time and the power the clause
#: itself names as its taker (None: the clause names none of its own).
ClauseTakers = dict[str, list[tuple[PassageTime, str | None]]]


def _clause_times(
    index: _Index, p: Passage, span: tuple[int, int], passage_time: PassageTime
) -> tuple[dict[str, PassageTime], ClauseTakers] | None:
    """For a sentence of several dated clauses, the time of the clause each town is named in
    (a town taken is taken on its own clause's day, not on a day the sentence gives another
    town: "Rome fell to the Allies on 4 June 1944, and Florence was freed on 4 August 1944");
    None for a sentence of one clause. A town named in two clauses, or spoken of again ("the
    Red Army took it back"), keeps the sentence's time. With it, for the towns of clauses
    that name their own taker ("Sevastopol fell to the Germans on 4 July 1942; the Red Army
    took it back on 9 May 1944"), each clause's time and taker (:data:`ClauseTakers`)."""
    if len(p.dates) < 2 or not _CLAUSE_BREAK.search(p.text, span[0], span[1]):
        return None  # (most sentences: one date or one clause)
    parts = _clauses(p, span)
    if not parts:
        return None
    out: dict[str, PassageTime] = {}
    takers: ClauseTakers = {}
    seen: set[str] = set()
    towns: list[str] = []  # the towns of the clause before
    for part in parts:
        text = p.text[part[0] : part[1]]
        named = [
            n for n in index.gazetteer.names_in(text) if index.place_kinds.get(n) in _TOWN_KINDS
        ]
        if _TOWN_PRONOUN.search(text):
            # "the Red Army took it back", "reached the city": the town before, named again
            named += [n for n in towns if n not in named]
        towns = named
        at = _sentence_time(p, part, passage_time)
        taker = _clause_taker(text) if named else None
        for name in named:
            takers.setdefault(name, []).append((at, taker))
            if name in seen:
                out.pop(name, None)
                continue
            seen.add(name)
            out[name] = at
    # only towns some clause of which names its own taker are read clause by clause
    takers = {n: c for n, c in takers.items() if any(t is not None for _a, t in c)}
    return out, takers


def _sentence_time(
    p: Passage,
    span: tuple[int, int],
    passage_time: PassageTime,
    doc_day: date | None = None,
    forward: bool = False,
) -> PassageTime:
    """The dates written in one sentence; else the passage's time plus the document's
    own date (an undated sentence of a dated text also speaks at its date). A ``forward``
    sentence of a dated text (an agreement, promise, demand) speaks at the text's date:
    its dates before that day name a past state ("the frontier of 1 January 1941", "held
    since 1920"), not when it speaks; only those from that day on (a deadline) date it."""
    own = [
        d
        for d in p.dates
        if d.span is not None
        and span[0] <= d.span[0] < span[1]
        and d.end - d.start <= WEAK_SPAN
        and d.precision != "decade"
        and not (forward and doc_day is not None and d.end <= doc_day)
    ]
    if not own:
        if doc_day is None:
            return passage_time
        day = (doc_day, doc_day + timedelta(days=1))
        if day in passage_time.intervals:
            return passage_time
        return PassageTime(passage_time.intervals + (day,), passage_time.inherited, True)
    intervals = tuple((d.start, d.end) for d in own)
    return PassageTime(intervals, False, any(d.precision in ("day", "month") for d in own))


def _auto_links(
    passages: Sequence[Passage],
    features,
    gazetteer: Gazetteer,
    document_dates: dict[str, date | None] | None = None,
    titles: dict[str, str] | None = None,
) -> list[Link]:
    """Links made sentence by sentence: a kind word, a place and a date count together
    only when they are in the same sentence (a sentence without dates takes the
    passage's time). ``titles``: the documents' titles (an order is no record of the treaty
    or conference of its day; a title naming a town names where its meeting was)."""
    if features is None or len(features) == 0:
        return []
    index = _Index(features, gazetteer)
    gazetteer = index.gazetteer  # the same places, remembering the last sentences looked up
    # "the Non-aggression Pact of 1939" names a pact; it does not date the sentence
    # ("the peace treaty of 12 March 1940" in a text dated 1944 names the treaty it restores)
    dated_docs = {name for name, day in (document_dates or {}).items() if day is not None}
    timed_passages = [
        _without_naming_dates(p, gazetteer, instruments=p.document in dated_docs) for p in passages
    ]
    times = passage_times(timed_passages, document_dates)
    links: list[Link] = []
    opened: set[str] = set()  # documents whose first passage has been linked
    context: dict[str, tuple[str, ...]] = {}  # per document: the last territory named
    last_lines: dict[str, tuple[str, ...]] = {}  # per document: the lines linked last
    doc_lines: dict[str, tuple[str, ...]] = {}  # per document: every line linked so far
    last_holds: dict[str, tuple[str, ...]] = {}  # per document: the holds linked last
    last_wars: dict[str, tuple[str, ...]] = {}  # per document: the wars (battles) linked last
    # the passages that perform their instrument's act by name ("Japan hereby proclaims the
    # unconditional surrender"): the record of the event of its day is there, not in a first
    # passage that only accepts terms or agrees
    performing: set[str] = set()
    performed_docs: set[str] = set()
    for p in timed_passages:
        doc_day = (document_dates or {}).get(p.document)
        title = (titles or {}).get(p.document, "")
        if doc_day is None or _ORDER_TITLE.search(title) or not _PERFORMING.search(p.text):
            continue
        if any(_performed_events(index, p.text[a:b], doc_day, title) for a, b in sentences(p.text)):
            performing.add(p.id)
            performed_docs.add(p.document)
    for p, original, passage_time in zip(timed_passages, passages, times, strict=True):
        check_time()
        chosen: dict[str, str] = {}
        spans = sentences(p.text)
        # a passage's kind words are its sentences' (each sentence read once, kept for the rules)
        passage_cues = set().union(*(_kinds_cued_once(p.text[a:b]) for a, b in spans))
        origin: dict[str, _Said] = {}
        doc_day = (document_dates or {}).get(p.document)
        title = (titles or {}).get(p.document, "")
        if (
            doc_day is not None
            and p.document not in opened
            and p.document not in performed_docs
            and not _ORDER_TITLE.search(title)
        ):
            _link_document_event(index, p.text, doc_day, chosen, title)
        for span in spans:
            text = p.text[span[0] : span[1]]
            before = set(chosen)
            _link_by_day(index, original, span, text, chosen)
            if p.id in performing:
                for row in _performed_events(index, text, doc_day, title):
                    chosen.setdefault(str(index.ids[row]), "document")
            _link_signed(index, original, span, chosen)
            _link_day_event_named(index, original, span, text, chosen)
            names = _without_unit_names(gazetteer, text, gazetteer.names_in(text, events=True))
            statement = _statement_kind(text)
            forward = statement is not None and statement.direction == "forward"
            when = _sentence_time(p, span, passage_time, doc_day, forward)
            said = _Said(
                text,
                names,
                when,
                statement,
                _dates_in(p, span),
                tuple(
                    d.precision
                    for d in p.dates
                    if d.span is not None and span[0] <= d.span[0] < span[1]
                ),
                doc_day,
                tuple(
                    d.start
                    for d in p.dates
                    if d.span is not None and span[0] <= d.span[0] < span[1]
                ),
            )
            if names:
                # a sentence without dates of its own continues its passage: the passage's
                # kind words count for it too ("... falls into the sphere of influence of the
                # U.S.S.R. ... When the U.S.S.R. takes special measures in Lithuania, ...")
                dated = any(d.span is not None and span[0] <= d.span[0] < span[1] for d in p.dates)
                # (words for a standing arrangement; a verb of taking "occupying Estonia" acts on
                # its own sentence's object, not on a country the next sentence names)
                cues = _kinds_cued(text)
                if not dated:
                    cues |= passage_cues - {"control"}
                named_before = set(chosen)
                # "the purges of the 1930s" says when something else happened, not this
                timed = any(
                    d.span is not None
                    and span[0] <= d.span[0] < span[1]
                    and d.end - d.start <= WEAK_SPAN
                    and d.precision != "decade"
                    for d in p.dates
                )
                clauses = _clause_times(index, p, span, passage_time) if _takes(text) else None
                clause_actors: dict[str, str] = {}  # a hold's own clause's taker
                _link_sentence(
                    index,
                    text,
                    names,
                    when,
                    chosen,
                    passage_cues,
                    cues,
                    undated=not timed,
                    clause_times=clauses[0] if clauses else None,
                    clause_takers=clauses[1] if clauses else None,
                    clause_actors=clause_actors,
                )
                _drop_other_actors(index, text, chosen, named_before, clause_actors)
            own = _scope_names(index, names)
            # a sentence naming no territory with units in it speaks of the one named last
            scope_names = own + tuple(n for n in context.get(p.document, ()) if n not in own)
            _link_statement(index, said, scope_names, chosen, before)
            if _HAND_OVER.search(text):
                _drop_handed_over(index, text, when, chosen, before)
            if _WAR_AGAIN.search(text):
                _link_war_again(index, said, last_wars.get(p.document, ()), chosen)
            wars = tuple(
                f
                for f in chosen
                if f not in before
                and index.kinds[index.by_id[f][0]] == "event"
                and index.status[index.by_id[f][0]] == "battle"
            )
            if wars:
                last_wars[p.document] = wars
            again = _THE_FRONTIER.search(text) if not names else None
            if again is not None:
                # "the frontier" of a sentence naming no place: the one just spoken of; "the
                # new frontier": the one drawn at the sentence's time
                bounds = _bounds(when)
                if again.group(1):
                    for fid in doc_lines.get(p.document, ()):
                        start = index.starts[index.by_id[fid][0]]
                        if bounds and bounds[0] <= start < bounds[1]:
                            chosen.setdefault(fid, "context")
                else:
                    for fid in last_lines.get(p.document, ()):
                        chosen.setdefault(fid, "context")
            _drop_other_signings(index, original, span, chosen, before)
            _link_restored(index, said, chosen, before, _instrument_days(original, span))
            holds = tuple(f for f in chosen if f not in before and _is_hold(index, f))
            _carry_on(index, said, names, chosen, holds or last_holds.get(p.document, ()))
            _link_occupied_parts(index, said, chosen, holds or last_holds.get(p.document, ()))
            if holds:
                last_holds[p.document] = holds
            _link_undone(index, said, chosen)
            _link_undone_instruments(index, said, chosen)
            if _ECONOMIC.search(text):
                # an economic clause names a place for its customs, currency or goods: the
                # holds and arrangements the word rules found there are not what it is about
                for fid in [f for f in chosen if f not in before]:
                    if chosen[fid] in _WORD_RULES and index.kinds[index.by_id[fid][0]] != "event":
                        del chosen[fid]
            _drop_reported_later_holds(index, said, chosen, before)
            _drop_venue_holds(index, said, chosen, before)
            if own:  # the latest territories first ("Germany" stays after "the Soviet Union")
                earlier = context.get(p.document, ())
                context[p.document] = (own + tuple(n for n in earlier if n not in own))[:4]
            for fid in chosen.keys() - before:
                origin[fid] = said
        _link_dividing_lines(index, p.text, chosen)
        lines = tuple(f for f in chosen if index.kinds[index.by_id[f][0]] == "line")
        if lines:
            last_lines[p.document] = lines
            doc_lines[p.document] = tuple(dict.fromkeys(lines + doc_lines.get(p.document, ())))
        opened.add(p.document)
        first = _Said(p.text, (), passage_time, None, ())
        links += [
            _explain(index, p.id, fid, how, origin.get(fid, first)) for fid, how in chosen.items()
        ]
    links += _carried_out(index, timed_passages, times, titles or {}, links)
    return links


#: Carrying out an earlier instrument: "the terms of the Cairo Declaration are to be carried
#: out" (its name: the words after "of the", up to the verb).
_CARRIED_OUT = re.compile(
    r"\b(?:terms|provisions|decisions|clauses)\s+of\s+the\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
    r"\s+(?:are|is|shall|will|must|to)\b[^.;]{0,30}?\b(?:carried\s+out|fulfill?ed"
    r"|implemented|executed|applied|put\s+into\s+effect)\b"
)
#: Kinds that realise the terms of an instrument about territory.
TERRITORIAL_KINDS = frozenset({"control", "zone", "sector", "line"})


def _carried_out(
    index: _Index,
    passages: Sequence[Passage],
    times: Sequence[PassageTime],
    titles: dict[str, str],
    links: Sequence[Link],
) -> list[Link]:
    """A passage that carries out an earlier instrument of the corpus ("the terms of the
    Cairo Declaration are to be carried out", with the declaration's text loaded too) links
    what realised that instrument's territorial terms: the forward links of the document
    whose title begins with the instrument's name, still ahead at this passage's time."""
    out: list[Link] = []
    for p, time in zip(passages, times, strict=True):
        m = _CARRIED_OUT.search(p.text)
        bounds = _bounds(time)
        if m is None or bounds is None:
            continue
        name = m.group("name").casefold()
        sources = {
            doc
            for doc, title in titles.items()
            if doc != p.document and title.casefold().startswith(name)
        }
        if not sources:
            continue
        source_ids = {q.id for q in passages if q.document in sources}
        have: set[str] = set()
        said = _Said(p.text, (), time, _statement_kind(p.text), ())
        for link in links:
            if (
                link.passage not in source_ids
                or link.direction != "forward"
                or link.feature in have
            ):
                continue
            row = index.by_id[link.feature][0]
            if index.kinds[row] in TERRITORIAL_KINDS and index.starts[row] >= bounds[1]:
                have.add(link.feature)
                out.append(_explain(index, p.id, link.feature, "forward", said))
    return out


#: A frontier spoken of again: "the new frontier", "the frontier" (no place named).
_THE_FRONTIER = re.compile(
    r"\b(?:the|this|that)\s+(new\s+)?(?:same\s+|said\s+)?(?:frontier|border|boundary)\b", re.I
)
#: A treaty put back into force: "the peace treaty ... comes back into force", "is restored".
_RESTORED = re.compile(
    r"\b(?:back\s+into\s+force|restor\w*|reinstat\w*|reviv\w*|again\s+in\s+force)\b", re.I
)
#: Undoing what an instrument made: "gives up its lease of the Hanko peninsula", "the award
#: is null and void".
_UNDOING = re.compile(UNDOING_CUES, re.I)


#: Land ceded already spoken of: "the ceded territories", "the territory ceded".
_THE_CEDED = re.compile(
    r"\bthe\s+(?:ceded\s+(?:territor\w+|provinces?|lands?|regions?|areas?|districts?)"
    r"|(?:territor\w+|provinces?|lands?|regions?|areas?|districts?)\s+ceded)\b",
    re.I,
)
#: An evacuation or withdrawal already spoken of: "complete the evacuation by 10 October".
_THE_EVACUATION = re.compile(r"\bthe\s+(?:evacuation|withdrawal)\b(?!\s+(?:of|from)\b)", re.I)


def _is_hold(index: _Index, fid: str) -> bool:
    row = index.by_id[fid][0]
    return index.kinds[row] == "control" and str(index.status[row]) in TRANSFER_STATUSES


def _carry_on(
    index: _Index, said: _Said, names: Sequence[str], chosen: dict, holds: Sequence[str]
) -> None:
    """A sentence that carries on the last one without naming its ground: "the evacuation"
    (no place said) is of the ground the document linked last, held by then by the power
    it was evacuated for (its holds valid at the sentence's time)."""
    if not holds or not said.when.intervals:
        return
    if not names and _FIXING.search(said.text) and KIND_CUES["line"].search(said.text):
        _link_next_states(index, said, chosen, holds)
    # the holds linked last that are valid at the sentence's time
    then = [
        fid
        for fid in holds
        if any(
            _strict_overlap(
                index.starts[index.by_id[fid][0]], index.ends[index.by_id[fid][0]], a, b
            )
            for a, b in said.when.intervals
        )
    ]
    if _THE_CEDED.search(said.text):
        for fid in then:
            chosen.setdefault(fid, "context")
    m = _THE_EVACUATION.search(said.text)
    if m is None:
        return
    for found in index.gazetteer.find(said.text[m.end() :]):
        place = index.gazetteer.places.get(found.place)
        if place is not None and place.kind in _SCOPE_KINDS and place.kind != "country":
            return  # the place left is named
    for fid in then:
        chosen.setdefault(fid, "context")


_OCCUPIED_PART = re.compile(OCCUPIED_PART_CUES, re.I)
_UNOCCUPIED_PART = re.compile(UNOCCUPIED_PART_CUES, re.I)


def _unoccupied_beside(index: _Index, row: int) -> list[int]:
    """The lasting holds of another power, not occupations, that began within a day of the
    occupation of ``row`` and touch it: the part of the ground its occupier left to another
    (the unoccupied zone beside the occupied one). One row per id."""
    start, power = index.starts[row], index.power[row]
    touching = index.tree.query(index.geoms[index.by_id[index.ids[row]]], predicate="intersects")
    out = {
        int(index.first[r])
        for r in np.unique(touching[1])
        if index.kinds[r] == "control"
        and index.power[r] != power
        and str(index.status[r]) not in ("occupied", *_NO_POWER)
        and abs(index.starts[r] - start) <= _ONE_DAY
        and _durable(index, int(r))
    }
    return sorted(out)


def _link_occupied_parts(index: _Index, said: _Said, chosen: dict, holds: Sequence[str]) -> None:
    """The occupied part of a ground spoken of again ("throughout the occupied regions", no
    place named after it) links the occupations the text linked last that had not ended by
    the sentence's time; the part left unoccupied ("the territory left unoccupied") links
    the hold beside such an occupation made with it (:func:`_unoccupied_beside`)."""
    occupied = _OCCUPIED_PART.search(said.text) is not None
    free = _UNOCCUPIED_PART.search(said.text) is not None
    bounds = said.bounds
    if not (occupied or free) or not holds or bounds is None:
        return
    for fid in holds:
        row = index.by_id[fid][0]
        end = index.ends[row]
        if str(index.status[row]) != "occupied" or (end is not None and end <= bounds[0]):
            continue
        if occupied:
            chosen.setdefault(fid, "context")
        if free:
            for r in _unoccupied_beside(index, row):
                chosen.setdefault(str(index.ids[r]), "context")


#: Fixing a frontier still to be drawn: "a commission will fix the final frontier".
_FIXING = re.compile(r"\b(?:fix|determin|delimit|demarcat|settl)\w*\b", re.I)


def _link_next_states(index: _Index, said: _Said, chosen: dict, holds: Sequence[str]) -> None:
    """A frontier an agreement or promise leaves to be fixed later, no place named: what it
    fixed is the next state of the ground linked last (the annexation that replaced the
    occupation when the final frontier was drawn), begun within :data:`FORWARD_WINDOW`."""
    bounds = said.bounds
    if bounds is None or said.statement is None or said.statement.direction != "forward":
        return
    first = _made_from(bounds)
    for fid in holds:
        rows = index.by_id[fid]
        end = index.ends[rows[0]]
        if end is None or end < first or end > bounds[1] + FORWARD_WINDOW:
            continue
        power = index.power[rows[0]]
        for r in np.flatnonzero((index.kinds == "control") & (index.power == power)):
            r = int(index.first[r])
            if (
                abs(index.starts[r] - end) <= _ONE_DAY
                and str(index.status[r]) in TRANSFER_STATUSES
                and index.ids[r] != fid
                and any(index.geoms[i].contains(index.rep[r]) for i in rows)
            ):
                chosen.setdefault(str(index.ids[r]), "forward")


def _instrument_days(p: Passage, span: tuple[int, int]) -> tuple[date, ...]:
    """Days a sentence gives to an instrument it names ("the agreement of 28 June 1940")."""
    return tuple(
        d.start
        for d in p.dates
        if d.span is not None
        and span[0] <= d.span[0] < span[1]
        and d.precision == "day"
        and _INSTRUMENT_OF.search(p.text[max(0, d.span[0] - 60) : d.span[0]])
    )


def _link_restored(
    index: _Index, said: _Said, chosen: dict, before: set, days: Sequence[date] = ()
) -> None:
    """A treaty the sentence puts back into force links what it had made (the features
    begun the day it took effect) that hold at the sentence's time: the 1940 cession, in
    force again in 1944. An instrument with no event of its own, named by its day ("the
    frontier fixed by the agreement of 28 June 1940 is restored"), made what began that day:
    the holds and lines valid again, and the acts (occupations) that carried it out, looked
    back to."""
    bounds = said.bounds
    if bounds is None or not _RESTORED.search(said.text):
        return
    spans = []
    for fid in [f for f in chosen if f not in before]:
        row = index.by_id[fid][0]
        if index.kinds[row] == "event" and str(index.status[row]) == "treaty":
            spans.append((index.starts[row], index.ends[row] or index.starts[row] + _ONE_DAY))
    if not spans:
        for day in days:
            if day >= bounds[0]:
                continue
            spans.append((day, day + _ONE_DAY))
            for r in np.flatnonzero(index.kinds == "event"):
                if index.starts[r] == day and (
                    str(index.status[r]) in ACTOR_STATUSES | DAY_EVENT_STATUSES
                ):
                    chosen.setdefault(str(index.ids[r]), "restored")
    for start, end in spans:
        for r in np.flatnonzero(np.isin(index.kinds, ["control", "line"])):
            if (
                start <= index.starts[r] <= end
                and _valid_at(index, r, bounds[0])
                and (index.kinds[r] == "line" or str(index.status[r]) in TRANSFER_STATUSES)
            ):
                chosen.setdefault(str(index.ids[r]), "restored")


def _link_undone(index: _Index, said: _Said, chosen: dict) -> None:
    """A clause that undoes what an earlier instrument made, voiding it or giving it up
    ("gives up its lease of the Hanko peninsula", "hold the award to be null and void and
    agree that Transylvania ..."), looks back to it: on each ground named after the words
    (not a country named whole, nor a town that names an instrument), the hold made by an
    instrument (:data:`INSTRUMENT_STATUSES`) begun last before the clause's time, found
    among the place's listed features or, if none, at its point."""
    m = said.undoing
    bounds = said.bounds
    if m is None or bounds is None:
        return
    for found in index.gazetteer.find(said.text[m.end() :]):
        place = index.gazetteer.places.get(found.place)
        if place is None or place.kind in ("country", "event"):
            continue
        if _NAMED_AFTER.match(said.text, m.end() + found.span[1]):
            continue  # "the Vienna award": an instrument's name
        rows = [index.by_id[f][0] for f in place.features if f in index.by_id]
        if not rows and place.kind in POINT_KINDS:
            # (a place that lists only arrangements, "the strip" of the spheres, is about them)
            rows = index.at_place(place)
        made = [
            r
            for r in rows
            if index.kinds[r] == "control"
            and str(index.status[r]) in INSTRUMENT_STATUSES
            and index.starts[r] < bounds[0]
            and _durable(index, r)
        ]
        if made:
            last = max(made, key=lambda r: index.starts[r])
            chosen.setdefault(str(index.ids[last]), "undone")


def _link_undone_instruments(index: _Index, said: _Said, chosen: dict) -> None:
    """A clause that undoes instruments it names by their kind, their makers and their time
    ("regards the treaties it made with Germany in 1939 about territorial changes in Poland
    as having lost their force") looks back to them: the treaties of that time whose names
    name only powers the clause names (two at least), and, on a ground the clause names, the
    spheres and lines they drew that no later one of them replaced."""
    m = said.undoing
    if m is None or not said.dates or not _instrument_words(said.text):
        return
    intervals = said.when.intervals
    if said.doc_day is None or not intervals:
        return
    powers = _powers_named(said.text, said.names, index.gazetteer) - {"Allies"}
    events = []
    for row in index.day_events:
        if str(index.status[row]) != "treaty" or index.starts[row] >= said.doc_day:
            continue
        if not any(t0 <= index.starts[row] < t1 for t0, t1 in intervals):
            continue
        makers = _powers_mentioned(index.names[row]) - {"Vichy France", "Allies"}
        if len(makers) >= 2 and makers <= powers:
            events.append(row)
    for row in events:
        chosen.setdefault(str(index.ids[row]), "undone")
    days = {index.starts[r] for r in events}
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind != "country" or not days:
            continue
        drawn = [
            r for r in index.inside(place, frozenset({"sphere", "line"})) if index.starts[r] in days
        ]
        starts = {index.starts[r] for r in drawn}
        for r in drawn:
            if index.ends[r] not in starts:  # not replaced by a later one of them
                chosen.setdefault(str(index.ids[r]), "undone")


def _link_by_day(index: _Index, p: Passage, span: tuple[int, int], text: str, chosen) -> None:
    """Treaties and conferences a sentence dates to the day and names by a word for them
    ("the secret additional protocol of August 23, 1939"), without naming the place."""
    days = [
        d.start
        for d in p.dates
        if d.span is not None and span[0] <= d.span[0] < span[1] and d.precision == "day"
    ]
    if not days:
        return
    for row in index.day_events:
        start, end = index.starts[row], index.ends[row]
        if not any(start <= day and (end is None or day < end) for day in days):
            continue
        cue = EVENT_CUES.get(str(index.status[row]))
        if cue is not None and cue.search(text):
            chosen.setdefault(str(index.ids[row]), "date")


#: Words of an event's name that say nothing of which event it is: small words, the powers'
#: names and words (:data:`POWER_WORDS`, :data:`POWER_ADJECTIVES`) and generic ones.
_NAME_STOPWORDS = frozenset(
    {"with", "from", "into", "their", "this", "that", "under", "over"}
    | {w.lower() for w in GENERIC_NAME_WORDS}
    | {w.lower() for p in POWERS for w in p.split()}
    | {w.lower() for w in POWER_WORDS}
    | {w.lower() for w in POWER_ADJECTIVES.values()}
)
#: How many words of its name a sentence must share with a one-day event of its day.
NAME_WORDS_SHARED = 2
#: Events at most this long are named by their day (a founding, a meeting, a reform).
DAY_EVENT_SPAN = timedelta(days=7)
_WORD = re.compile(r"[^\W\d_]{4,}")


def _name_stems(text: str) -> set[str]:
    """The words of ``text`` of four letters or more, cut to five (a stem that "founded" and
    "founding", "currency" and "currencies" share), without :data:`_NAME_STOPWORDS`."""
    stops = {w[:5] for w in _NAME_STOPWORDS}
    return {w.lower()[:5] for w in _WORD.findall(text)} - stops


def _link_day_event_named(
    index: _Index, p: Passage, span: tuple[int, int], text: str, chosen
) -> None:
    """A short event of a day the sentence names, told in words of its own name ("The
    Federal Republic was founded on 23 May 1949", "American and Soviet troops met at Torgau
    on 25 April 1945"): at least :data:`NAME_WORDS_SHARED` words of the name in the sentence,
    no word for the kind of event needed."""
    days = [
        (d.start, d.end)
        for d in p.dates
        if d.span is not None
        and span[0] <= d.span[0] < span[1]
        and d.end - d.start <= DAY_EVENT_SPAN
    ]
    if not days:
        return
    words = getattr(index, "_event_name_stems", None)
    if words is None:
        names = index.frame.get("name", None)
        words = {
            r: _name_stems(str(names.iat[r]))
            for r in np.flatnonzero(index.kinds == "event")
            if names is not None
        }
        index._event_name_stems = words
    said = _name_stems(text)
    for row, stems in words.items():
        start, end = index.starts[row], index.ends[row]
        if end is None or end - start > DAY_EVENT_SPAN:
            continue
        if not any(start < d1 and d0 < end for d0, d1 in days):
            continue
        if len(stems & said) >= NAME_WORDS_SHARED:
            chosen.setdefault(str(index.ids[row]), "date")


def acting_power(text: str) -> str | None:
    """The one power a sentence names as acting on a territory: named just before a verb of
    :data:`ACTION_WORDS` ("On 17 September 1939 the Red Army crossed into eastern Poland":
    the USSR). ``None`` if no power acts, or several do."""
    return _power_before(text, _ACTOR_GAP)


def _drop_other_actors(
    index: _Index,
    text: str,
    chosen: dict,
    before: set[str],
    clause_actors: dict[str, str] | None = None,
) -> None:
    """Of the features one sentence just linked, drop invasions, occupations and control of
    a power other than the one the sentence says acted ("the Red Army invaded eastern
    Poland" is not about the German invasion of Poland, which the gazetteer also lists).
    A hold taken in a clause that names its own taker (``clause_actors``: "Sevastopol fell
    to the Germans on 4 July 1942; the Red Army took it back") is weighed by that taker."""
    clause_actors = clause_actors or {}
    acted = [
        fid
        for fid in chosen
        if fid not in before
        and (
            (kind := index.kinds[row := index.by_id[fid][0]]) == "control"
            or (kind == "event" and str(index.status[row]) in ACTOR_STATUSES)
        )
    ]
    if not acted:
        return
    sentence_actor = acting_power(text)
    for fid in acted:
        actor = clause_actors.get(fid, sentence_actor)
        if actor is None:
            continue
        allied = actor in ALLIED_POWERS | {"Allies"}
        allowed = {actor} | (ALLIED_POWERS | {"Allies"} if allied else set())
        row = index.by_id[fid][0]
        power = str(index.power[row])
        if power in allowed:
            continue
        # a state the Allies freed is on their side from that day ("British troops took
        # Brussels": Belgium restored)
        if (
            allied
            and index.starts[row] is not None
            and (side_of(power, index.starts[row], fid) in (EAST, WEST))
        ):
            continue
        del chosen[fid]


_HAND_OVER = re.compile(HAND_OVER_CUES, re.I)
_HELD_KINDS = ("control", "zone", "sector")


#: Between a power and its verb of handing over ("the British government handed over").
_GIVER_GAP = _verb_after(HAND_OVER_CUES)


def _drop_handed_over(
    index: _Index, text: str, when: PassageTime, chosen: dict, before: set[str]
) -> None:
    """Of the holds one sentence of a hand-over just linked, drop those that ended by the time
    the next holder's began, if one begun at the sentence's time is linked ("the British
    handed over Wedding to the French": the French sector, not the British one before it);
    and the giver's own holds that ended by the time the last such hold began (the sentence's
    time may be inherited from the one before and take in the giver's own start)."""
    bounds = _bounds(when)
    if bounds is None:
        return
    held = [
        row
        for fid in chosen
        if fid not in before and index.kinds[row := index.by_id[fid][0]] in _HELD_KINDS
    ]
    begun = [index.starts[r] for r in held if index.starts[r] is not None]
    begun = [d for d in begun if d >= bounds[0] - _ONE_DAY]
    if not begun:
        return
    first, last = min(begun), max(begun)
    giver = _power_before(text, _GIVER_GAP)
    for row in held:
        end = index.ends[row]
        if end is None:
            continue
        if end <= first or (end <= last and str(index.power[row]) == giver):
            chosen.pop(str(index.ids[row]), None)


#: A power's own word (:data:`POWER_WORDS`), as written (case kept, longest first).
_POWER_WORD = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, sorted(POWER_WORDS, key=len, reverse=True)))})\b"
)


def _single_power(text: str) -> str | None:
    """The one occupying power a sentence names by adjective ("French troops"), if exactly
    one and no word ranges over several ("four sectors", "each zone")."""
    if _QUANTIFIER.search(text):
        return None
    found = {POWER_WORDS[m.group(0)] for m in _POWER_WORD.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _link_sentence(
    index: _Index,
    text: str,
    names: tuple[str, ...],
    when: PassageTime,
    chosen: dict,
    passage_cues: frozenset[str] | set[str] = frozenset(),
    cues: set[str] | None = None,
    *,
    undated: bool = False,
    clause_times: dict[str, PassageTime] | None = None,
    clause_takers: ClauseTakers | None = None,
    clause_actors: dict[str, str] | None = None,
) -> None:
    cues = _kinds_cued(text) if cues is None else cues
    clause_times = clause_times or {}
    clause_takers = clause_takers or {}
    taken_by: dict[int, str] = {}  # a hold taken in a clause naming its own taker: that taker
    only_power = _single_power(text)
    gazetteer = index.gazetteer
    names = _members(index, names)
    gazetteer_kind = index.place_kinds
    how_place = [""]  # the place being looked at (read by keep)
    # (row, how, place, gap to the sentence's time)
    found: list[tuple[int, str, str, timedelta]] = []
    powers_named = _powers_named(text, names, gazetteer)
    actors_for: dict[str, set[str]] = {}  # powers named besides the place looked in
    steps: list[tuple[int, str, str]] = []  # short pieces of a year-dated sentence

    adjectival = _adjectival_names(gazetteer, text)
    co_grounds = _listed_countries(gazetteer, text)
    taking = _takes(text)  # a verb of taking ("took", "occupied")

    # words looked for once per sentence, when a feature first asks (not once per feature)
    asked: dict[tuple[str, str], bool] = {}

    def interest_in() -> bool:
        if ("interest", "") not in asked:
            asked["interest", ""] = _INTEREST_IN.search(text) is not None
        return asked["interest", ""]

    def event_cued(status: str) -> bool:
        if ("event", status) not in asked:
            cue = EVENT_CUES.get(status)
            asked["event", status] = cue is None or cue.search(text) is not None
        return asked["event", status]

    def opened_that_day(row: int, how: str) -> bool:
        # forces reaching or taking a place on the day the battle listed for it began ("The
        # Wehrmacht reached the Volga at Stalingrad on 23 August 1942") tell its first day
        start = index.starts[row]
        return (
            taking
            and how == "gazetteer"
            and str(index.status[row]) == "battle"
            and start is not None
            and any(
                t1 - t0 == _ONE_DAY and abs(start - t0) <= CAPTURE_SLACK
                for t0, t1 in when.intervals
            )
        )

    row_kinds, row_ids, row_status = index.row_kinds, index.row_ids, index.row_status
    row_power, row_power_str, row_names = index.row_power, index.row_power_str, index.row_names

    def keep(row: int, how: str) -> None:
        # features already chosen are looked at again, the narrowing weighs them too;
        # but not the many control pieces (speed: a country holds hundreds)
        kind = row_kinds[row]
        if kind == "control" and row_ids[row] in chosen:
            return
        start, end = index.starts[row], index.ends[row]
        status = row_status[row]
        if kind == "sphere" and "sphere" not in cues and not interest_in():
            # a sphere of influence is an allocation on paper: a sentence about the place
            # changing hands ("Romania shall return Bessarabia") is not about it unless it
            # speaks of spheres or the protocol that drew them
            return
        if kind == "event" and not event_cued(status) and not opened_that_day(row, how):
            return
        if kind == "control":
            # A town taken on the day a sentence reports ("Allied troops entered Paris on 25
            # August 1944"): the hold that began there that day, whatever it is (a front step,
            # an occupation, the town's own state restored).
            if how == "place" and taking and how_place[0] in clause_takers:
                # a town of clauses that name their own takers: each clause's hold begun
                # there on its own day by its own taker ("Sevastopol fell to the Germans on
                # 4 July 1942; the Red Army took it back on 9 May 1944": both holds)
                town_place = gazetteer.places.get(how_place[0])
                taken = [
                    (late, taker)
                    for at, taker in clause_takers[how_place[0]]
                    if (late := _taken_that_day(index, row, at, town_place)) is not None
                ]
                won = [
                    (late, taker)
                    for late, taker in taken
                    if (
                        _on_takers_side(index, row, text)
                        if taker is None
                        else _on_side_of(index, row, taker)
                    )
                ]
                if taken and not won:
                    return  # the loser's hold there
                if won:
                    late, taker = min(won, key=lambda w: w[0])
                    if taker is not None:
                        taken_by[row] = taker
                    found.append((row, how, how_place[0], late))
                    return
            elif how == "place" and taking:
                town = gazetteer_kind.get(how_place[0]) in _TOWN_KINDS
                # a town of one clause of several, each dated: that clause's own day
                at = clause_times.get(how_place[0], when) if town else when
                late = _taken_that_day(
                    index, row, at, gazetteer.places.get(how_place[0]) if town else None
                )
                if late is not None and not _on_takers_side(index, row, text):
                    return  # the loser's hold there ("the garrison held Mukden till then")
                if late is not None:
                    found.append((row, how, how_place[0], late))
                    return
            # Sovereign home territory is not what a passage about a change is about.
            if status == "sovereign":
                return
            # "the Manchurian railroads" are in Manchuria: they are not its territory
            if how_place[0] in adjectival:
                return
            # many claims of one name are the steps of a moving front ("German-occupied
            # Soviet territory"): too fine for what a sentence names, except the step a town's
            # capture began, in a sentence that reports that capture on its day ("German
            # troops took Kharkiv on 24 October 1941")
            step = index.same_name.get((row_names[row], row_power[row], status), 0)
            step = step > MAX_SAME_NAME and how in ("scope", "place")
            if how != "gazetteer" and "control" not in cues:
                return
            # "zones of occupation", "spheres of influence": the specific word wins
            if how in ("scope", "place") and cues & SPECIFIC_KINDS:
                return
            if step:
                return
            # found by territory: if the sentence names a power (other than the territory
            # itself: "Germany was occupied"), it must be the one that holds it
            if how in ("scope", "place"):
                actors = actors_for.get(how_place[0])
                if actors is None:
                    place = gazetteer.places.get(how_place[0])
                    actors = powers_named - {place.power if place is not None else None}
                    actors -= co_grounds.get(how_place[0], set())
                    actors_for[how_place[0]] = actors
                if actors and not _power_named(row_power_str[row], actors, text):
                    return
                if (
                    not when.fine
                    and end is not None
                    and start is not None
                    and end - start < MIN_COARSE_SPAN
                ):
                    steps.append((row, how, how_place[0]))
                    return
        elif kind == "event" and how == "scope" and status not in SCOPE_EVENT_STATUSES:
            # conferences and treaties are found by the place named, not by territory
            return
        elif kind == "line" and how != "gazetteer":
            # reference lines (the Curzon line) only when named; others need a word for them
            if status == "reference" or "line" not in passage_cues:
                return
            if status == "frontline" and how == "scope":
                # a front crossing a country is not what "its frontier" means
                return
        elif kind in ("sphere", "zone", "sector") and how == "place":
            # a town inside a zone is not about the zone unless the sentence says so,
            # except a region (Bessarabia) whose features are about it
            place_kind = gazetteer_kind.get(how_place[0])
            if kind not in passage_cues and place_kind != "region":
                return
        if (
            kind in ("zone", "sector")
            and how in ("scope", "place")
            and only_power is not None
            and row_power[row] != only_power
        ):
            # "French troops took over their sector of Berlin": the French one
            return
        if not when.intervals:
            if kind != "control":
                found.append((row, how, how_place[0], timedelta(0)))
            return
        if kind == "event":
            # close in time; conferences are referred to by name long after; a year is already a wide
            # window (a 1942 sentence is not about Barbarossa, which ended in December 1941)
            if status == "conference":
                slack = TIME_SLACK
            else:
                slack = EVENT_SLACK if when.fine else timedelta(0)
        elif (
            how == "gazetteer"
            and kind == "control"
            and "control" not in cues
            and when.fine
            and (not when.inherited or not (_statement_kind(text) or _TRANSFER.search(text)))
        ):
            # a sentence dated to the day or month, without a word for a change of hands,
            # is not about a change months away ("the USSR's claims on Bessarabia" in
            # August 1939 is not the annexation of June 1940)
            slack = EVENT_SLACK
        elif how == "gazetteer" or (
            how == "scope"
            and when.inherited
            and kind != "control"
            and _inherited_may_look_ahead(text)
        ):
            # listed features, and arrangements agreed before they began (zones); a report
            # with only an inherited time is not about what began later
            slack = TIME_SLACK
        elif kind != "control":
            # a dated sentence about a zone, sector, sphere or line: within a month
            slack = EVENT_SLACK
        else:
            slack = timedelta(0)
        gap = min(_gap(start, end, t0, t1) for t0, t1 in when.intervals)
        overlaps = any(_strict_overlap(start, end, t0, t1) for t0, t1 in when.intervals)
        later = all(start >= t1 for _t0, t1 in when.intervals)
        if (
            kind == "event"
            and status == "battle"
            and how in ("gazetteer", "place")
            and undated
            and later
            and all(t1 - t0 <= NARRATIVE_SLACK for t0, t1 in when.intervals)
        ):
            # a sentence without a date of its own carries the story on from the last one
            # ("As German troops approached the Soviet capital of Moscow", weeks after 22 June
            # 1941): a battle at the place it names may come up to a campaign season later
            slack = NARRATIVE_SLACK
        if slack == timedelta(0):
            if not overlaps:
                return
        elif gap > slack:
            return
        # for the narrowing, a feature that ends the day the time begins does not overlap it
        found.append((row, how, how_place[0], gap if overlaps else max(gap, _ONE_DAY)))

    acting = _acting_countries(gazetteer, text) | _co_actors(gazetteer, text)
    wholes = _wholes_of_parts(index, names)
    for name in names:
        place = gazetteer.places.get(name)
        if place is None or name in acting:
            continue
        how_place[0] = name
        for fid in place.features:
            for row in index.by_id.get(fid, [])[:1]:
                keep(row, "gazetteer")
        if name in wholes:
            continue  # the parts named speak for it
        if place.kind in POINT_KINDS:
            for row in index.at_place(place, when.intervals, _side_of(index, text, name)):
                keep(row, "place")
        if place.kind in ("country", "region", "island", "city", "peninsula"):
            # events inside the place are gated by their own words (EVENT_CUES)
            for row in index.inside(place, frozenset(cues | {"event"})):
                keep(row, "scope")
    if taking:
        found += _steps_to_a_hold(index, steps, found, when)
    found = _valid_arrangements(index, found, when)
    for row, how in _narrow(index, found, only_power):
        chosen.setdefault(str(index.ids[row]), how)
        if clause_actors is not None and row in taken_by:
            clause_actors[str(index.ids[row])] = taken_by[row]


def _members(index: _Index, names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` with each group of countries ("the Baltic states": an area whose extent is
    the territories of countries the gazetteer knows) replaced by those countries, which a
    sentence naming the group speaks of one by one ("the Soviet Union annexed the Baltic
    states" is Estonia, Latvia and Lithuania annexed)."""
    countries = index.countries_by_extent
    out: list[str] = []
    for name in names:
        place = index.gazetteer.places.get(name)
        members = [countries.get(e) for e in place.extent] if place is not None else []
        if place is not None and place.kind == "area" and members and all(members):
            out += [m for m in members if m not in out and m not in names]
        elif name not in out:
            out.append(name)
    return tuple(out)


def _wholes_of_parts(index: _Index, names: Sequence[str]) -> set[str]:
    """Towns a sentence names together with parts of them ("the two northern boroughs of
    Wedding and Reinickendorf" with Berlin): the parts named are what it is about, so the
    town's own point and territory are not searched."""
    towns = [index.gazetteer.places[n] for n in names if n in index.gazetteer.places]
    towns = [t for t in towns if t.kind == "city"]
    if len(towns) < 2:
        return set()
    scopes = {t.name: index.scope(t) for t in towns}
    area = {n: 0.0 if sc is None else sum(g.area for g in sc) for n, sc in scopes.items()}
    out = set()
    for whole in towns:
        scope = scopes[whole.name]
        if scope is None:
            continue
        for t in towns:
            # a part: a smaller town whose point lies in the whole's territory
            if area[t.name] < area[whole.name] and any(
                g.contains(shapely.Point(t.lon, t.lat)) for g in scope
            ):
                out.add(whole.name)
                break
    return out


def _acting_countries(gazetteer: Gazetteer, text: str) -> set[str]:
    """Countries a sentence names only as the subject of an active verb of taking ("Italy
    had annexed the Province of Ljubljana"): the actor, not the ground the sentence is
    about (its own holds there are not what it reports)."""
    acting: dict[str, bool] = {}
    for m in gazetteer.find(text):
        place = gazetteer.places.get(m.place)
        if place is None or place.kind != "country":
            continue
        is_actor = _ACTOR_GAP.match(text, m.span[1]) is not None
        acting[m.place] = acting.get(m.place, True) and is_actor
    return {name for name, actor in acting.items() if actor}


_CO_ACTOR = re.compile(CO_ACTOR_CUES, re.I)
#: A co-actor phrase runs to the clause's end ("joined by Romania and soon by Finland,").
_CO_ACTOR_END = re.compile(r"[,;:.()]")


def _co_actors(gazetteer: Gazetteer, text: str) -> set[str]:
    """Countries a sentence joins to its actor ("Germany, joined by Romania and soon by
    Finland and Hungary, invaded the Soviet Union"): they act too, they are not ground."""
    m = _CO_ACTOR.search(text)
    if m is None:
        return set()
    out: set[str] = set()
    while m is not None:
        stop = _CO_ACTOR_END.search(text, m.end())
        end = stop.start() if stop is not None else len(text)
        for found in gazetteer.find(text[m.end() : end]):
            place = gazetteer.places.get(found.place)
            if place is not None and place.kind == "country":
                out.add(found.place)
        m = _CO_ACTOR.search(text, end)
    return out


#: Kinds of arrangement found by territory that :func:`_valid_arrangements` narrows.
ARRANGEMENT_KINDS = frozenset({"sphere", "zone", "sector", "line"})


#: What may stand between two countries of one list ("Lithuania on 3 August, Latvia on 5
#: August and Estonia"): a short phrase of when, then a comma or "and".
_COUNTRY_LIST_GAP = re.compile(
    r"(?:\s+(?:on|in|by)\s+[^,;.:]{1,25}?)?\s*(?:,\s*and|,|and|or)\s+(?:the\s+)?"
)


def _listed_countries(gazetteer: Gazetteer, text: str) -> dict[str, set[str]]:
    """Countries named in one list ("Moscow admitted Lithuania on 3 August, Latvia on 5 August
    and Estonia on 6 August"): each is a ground like the others, not a power acting on them;
    name -> the powers of the other countries of its list."""
    mentions = [
        m
        for m in gazetteer.find(text)
        if (place := gazetteer.places.get(m.place)) is not None and place.kind == "country"
    ]
    groups: list[list] = []
    for m in mentions:
        if groups and _COUNTRY_LIST_GAP.fullmatch(text, groups[-1][-1].span[1], m.span[0]):
            groups[-1].append(m)
        else:
            groups.append([m])
    out: dict[str, set[str]] = {}
    for group in groups:
        if len(group) < 2:
            continue
        powers = {gazetteer.places[m.place].power for m in group} - {None, ""}
        for m in group:
            out[m.place] = powers - {gazetteer.places[m.place].power}
    return out


def _valid_arrangements(
    index: _Index, found: list[tuple[int, str, str, timedelta]], when: PassageTime
) -> list[tuple[int, str, str, timedelta]]:
    """Spheres, zones, sectors and lines found by territory: when some of a kind are in
    force at the sentence's time, those drawn later (or ended before) are not what it speaks
    of (the protocol of 23 August 1939 draws its own spheres, not those of 28 September)."""
    if not when.intervals:
        return found

    def valid(row: int) -> bool:
        return any(
            _strict_overlap(index.starts[row], index.ends[row], a, b) for a, b in when.intervals
        )

    current = {
        str(index.kinds[row])
        for row, how, _p, _g in found
        if how == "scope" and index.kinds[row] in ARRANGEMENT_KINDS and valid(row)
    }
    return [
        item
        for item in found
        if not (item[1] == "scope" and index.kinds[item[0]] in current and not valid(item[0]))
    ]


#: Verbs of a completed taking ("conquered France"): the campaign and its result, not only
#: the act of invading.
_TAKING = re.compile(TAKING_CUES, re.I)


#: Days between a capture's reported day and the start of the front step drawn from it (the
#: captures table dates a step from the day the town was taken; reports differ by a day).
CAPTURE_SLACK = timedelta(days=1)


#: Kinds of place a sentence reports taken (a river or region is no capture).
_TOWN_KINDS = ("city", "building")


def _taken_that_day(
    index: _Index, row: int, when: PassageTime, town: Place | None = None
) -> timedelta | None:
    """For a sentence that reports a taking on a day: how many days from that day to the
    start of the control piece ``row`` (a front step at the town it names), if within
    :data:`CAPTURE_SLACK`; else None."""
    start = index.starts[row]
    if start is None:
        return None
    # a feature of many pieces: the piece at the town begins when that town changed hands
    # ("the Red Army recaptured Kiev on 6 November 1943": the Soviet Union's own hold again)
    starts = index.begun_at(row, town.lon, town.lat) if town is not None else [start]
    gaps = [abs(s - t0) for s in starts for t0, t1 in when.intervals if t1 - t0 == _ONE_DAY]
    if town is not None:
        gaps += _taken_within_days(index, row, town, when)
    return min((g for g in gaps if g <= CAPTURE_SLACK), default=None)


def _taken_within_days(index: _Index, row: int, town: Place, when: PassageTime) -> list[timedelta]:
    """A town taken in a part of a month ("landed at Chongjin in mid-August", "in early
    July"): the hold begun there within those few days and still there at their end is the
    one it made (no gap), not a step that passed within them, nor the same power's hold
    there drawn afresh (it held the town before those days: no change of hands); a month or
    more says no day."""
    start, end = index.starts[row], index.ends[row]
    spans = [
        (t0, t1)
        for t0, t1 in when.intervals
        if _ONE_DAY < t1 - t0 <= PART_OF_MONTH and t0 <= start < t1 and (end is None or end >= t1)
    ]
    if not spans:
        return []
    power, first = index.power[row], min(t0 for t0, _t1 in spans)
    if any(
        index.power[o] == power
        and index.ends[o] == start
        and index.starts[o] < first
        and index.kinds[o] == "control"
        for o in index.at_point(town.lon, town.lat)
    ):
        return []
    return [timedelta(0)]


#: Between a power and its verb of taking ("Soviet airborne troops landed at").
_TAKER_GAP = _verb_after(TAKING_CUES)


@lru_cache(maxsize=_TEXTS_KEPT)
def _taker(text: str) -> str | None:
    """The one power a sentence names just before a verb of taking (:data:`TAKING_CUES`:
    "Soviet troops landed at Mukden", "British troops entered Brussels"), or None."""
    return _power_before(text, _TAKER_GAP)


def _on_takers_side(index: _Index, row: int, text: str) -> bool:
    """Whether the hold ``row``, begun where and when a sentence reports a capture, is the
    taker's: its own, an ally's, or (for an Allied taker) a state on the Allies' side that day
    ("British troops took Brussels": Belgium restored). A hold of the other side begun there
    within a day is the loser's last one, not what the capture made. No taker named: any."""
    return _on_side_of(index, row, _taker(text))


def _on_side_of(index: _Index, row: int, taker: str | None) -> bool:
    """Whether the hold ``row`` is ``taker``'s, an ally's, or (for an Allied taker) a state on
    the Allies' side that day (see :func:`_on_takers_side`). No taker: any."""
    power = str(index.power[row])
    if taker is None or power == taker:
        return True
    start = index.starts[row]
    fid = str(index.ids[row])
    if taker in ALLIED_POWERS | {"Allies"}:
        return power in ALLIED_POWERS or side_of(power, start, fid) in (EAST, WEST)
    side = side_of(taker, start)
    return side is not None and side_of(power, start, fid) == side


def _steps_to_a_hold(
    index: _Index,
    steps: list[tuple[int, str, str]],
    found: list[tuple[int, str, str, timedelta]],
    when: PassageTime,
) -> list[tuple[int, str, str, timedelta]]:
    """Of the short control pieces a year-dated sentence found by territory (the steps of a
    front), those that lead without a break into a lasting hold of the same power and status
    found in the same place: "in 1940 the German army conquered France" is the campaign,
    its steps and the occupied zone they ended in; steps of a front that led to no lasting
    hold there stay out."""
    if not steps:
        return []
    held: dict[tuple[str, str, str], list[date]] = {}
    for row, _how, place, _gap in found:
        if index.kinds[row] == "control":
            key = (place, str(index.power[row]), str(index.status[row]))
            held.setdefault(key, []).append(index.starts[row])
    out: list[tuple[int, str, str, timedelta]] = []
    pending = list(steps)
    while pending:
        progressed = False
        for item in list(pending):
            row, how, place = item
            key = (place, str(index.power[row]), str(index.status[row]))
            end = index.ends[row]
            if any(abs(start - end) <= _ONE_DAY for start in held.get(key, ())):
                pending.remove(item)
                progressed = True
                if any(
                    _strict_overlap(index.starts[row], end, t0, t1) for t0, t1 in when.intervals
                ):
                    out.append((row, how, place, timedelta(0)))
                held.setdefault(key, []).append(index.starts[row])
        if not progressed:
            break
    return out


_ADJECTIVE_END = re.compile(r"(?:ian|ese|ish)$", re.I)
_NOUN_NEXT = re.compile(r"\s+[a-z]")


#: A formation named after a place ("the Kwantung Army", "the Caucasus Front").
_UNIT_NAME_NEXT = re.compile(r"\s+(?:Army|Armies|Army\s+Group|Front|Fleet|Corps)\b")


def _without_unit_names(gazetteer: Gazetteer, text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names but those a sentence uses only as the name of a formation ("the Kwantung
    Army could not hold": an army, not the leased territory of Kwantung)."""
    if not names or _UNIT_NAME_NEXT.search(text) is None:
        return names
    unit: dict[str, bool] = {}
    for m in gazetteer.find(text):
        is_unit = _UNIT_NAME_NEXT.match(text, m.span[1]) is not None
        unit[m.place] = unit.get(m.place, True) and is_unit
    return tuple(n for n in names if not unit.get(n, False))


def _adjectival_names(gazetteer: Gazetteer, text: str) -> set[str]:
    """Places a sentence names only by an adjective before a noun ("the Manchurian
    railroads", "Finnish troops"): it speaks of a thing there, not of the territory."""
    adjective: dict[str, bool] = {}
    for m in gazetteer.find(text):
        is_adj = (
            m.text.casefold() != m.place.casefold()
            and _ADJECTIVE_END.search(m.text) is not None
            and _NOUN_NEXT.match(text, m.span[1]) is not None
        )
        adjective[m.place] = adjective.get(m.place, True) and is_adj
    return {name for name, adj in adjective.items() if adj}


def _powers_named(text: str, names: Sequence[str], gazetteer: Gazetteer) -> set[str]:
    """The powers a sentence names: by the words of :data:`POWER_MENTIONS` (or the first
    four letters of a power's name), or by naming a place the gazetteer gives a power."""
    out = set(_powers_mentioned(text))
    out |= {
        gazetteer.places[n].power
        for n in names
        if n in gazetteer.places and gazetteer.places[n].power
    }
    if "Allies" in out:
        out |= ALLIED_POWERS
    if out & ALLIED_POWERS:
        out.add("Allies")
    return out


@lru_cache(maxsize=_TEXTS_KEPT)
def _powers_mentioned(text: str) -> frozenset[str]:
    """The powers a text names by the words of :data:`POWER_MENTIONS`."""
    return frozenset(power for power, pattern in POWER_MENTIONS.items() if pattern.search(text))


def _power_named(power: str, named: set[str], text: str) -> bool:
    """Whether ``power`` is among the ``named`` ones (powers without words of their own in
    :data:`POWER_MENTIONS` also by the first four letters of their name in ``text``)."""
    if power in named or power in POWER_MENTIONS:
        return power in named
    return re.search(rf"\b{re.escape(power[:4])}", text, re.I) is not None


def _narrow(
    index: _Index, found: list[tuple[int, str, str, timedelta]], only_power: str | None
) -> list[tuple[int, str]]:
    """Of the features a sentence could be about, those it is about (order kept).

    * Successive states of one thing: among features found through one place, of one kind
      and one power (events apart), those overlapping the sentence's time win over those
      merely near it (the spheres of 23 August 1939, not those of 28 September, for
      1 September 1939); of features a gazetteer place lists, of one kind, none of which
      overlaps, the nearest in time (South Sakhalin occupied in 1945, not annexed in 1946,
      for the Yalta conference).
    * Zones and sectors found by territory, in a sentence about several powers: a zone that
      is not its power's zone itself (:func:`_main_units`: the Bremen enclave, the Saar,
      swapped villages) is left out beside that zone; a zone or sector held while no other
      power held one there (Berlin's boroughs, all Soviet-held until 4 July 1945) is not
      part of a division.
    """
    groups: dict[tuple, list[int]] = {}
    for i, (row, how, place, _dt) in enumerate(found):
        kind = index.kinds[row]
        if kind == "event":
            continue
        power = str(index.power[row])
        groups.setdefault((place, kind, power), []).append(i)
        if how == "gazetteer":
            groups.setdefault((place, kind, "gazetteer"), []).append(i)
    drop: set[int] = set()
    for (_place, _kind, power), members in groups.items():
        gaps = [found[i][3] for i in members]
        best = min(gaps)
        if power == "gazetteer":
            if best > timedelta(0):
                drop |= {i for i in members if found[i][3] > best}
        elif best == timedelta(0):
            drop |= {i for i in members if found[i][3] > best}
    if only_power is None:
        by_place: dict[tuple[str, str], list[int]] = {}
        for i, (row, how, place, _dt) in enumerate(found):
            if how == "scope" and index.kinds[row] in ("zone", "sector"):
                by_place.setdefault((place, str(index.kinds[row])), []).append(i)
        for (_place, kind), members in by_place.items():
            main = set(_main_units(index, [found[i][0] for i in members]))
            for i in members:
                row = found[i][0]
                power = index.power[row]
                if kind == "zone" and row not in main:
                    drop.add(i)
                    continue
                others = [found[j][0] for j in members if index.power[found[j][0]] != power]
                if others and not any(
                    _strict_overlap(
                        index.starts[row],
                        index.ends[row],
                        index.starts[o],
                        index.ends[o] or date.max,
                    )
                    for o in others
                ):
                    drop.add(i)
    return [(row, how) for i, (row, how, _p, _g) in enumerate(found) if i not in drop]


# --------------------------------------------------------------------------- statements
# What a sentence says, not only the words it shares with feature names (issue #14): the
# kind of statement (an agreement, promise, demand or recognition links forward to what
# realised it), named zones and sectors ("the French zone"), counts ("four zones": the set
# valid then), the status a year-dated verb names, and the reason and score of every link.

#: How far after a statement the features that realised it may begin.
FORWARD_WINDOW = timedelta(days=3 * 366)
#: How far after a statement of a change to be made at once (:data:`AT_ONCE_CUES`) what
#: realised it may begin: a hand-over takes weeks, not years.
AT_ONCE_WINDOW = timedelta(days=62)
#: Features that realised one statement about one place begin within this of the first.
REALISATION_SPREAD = timedelta(days=45)
#: Kinds a forward statement links to (spheres are themselves agreements, not realisations).
FORWARD_KINDS = frozenset({"control", "zone", "sector", "line", "event"})
#: Event statuses that realise a statement (acts, not further talks).
FORWARD_EVENT_STATUSES = frozenset({"battle", "occupied"})
#: Base score of each rule (a sentence dated only by its passage loses :data:`INHERITED_COST`).
RULE_SCORES: dict[str, float] = {
    "gazetteer": 0.9,
    "date": 0.9,
    "named": 0.85,
    "count": 0.85,
    "document": 0.8,
    "restored": 0.75,
    "undone": 0.75,
    "freed": 0.75,
    "left": 0.75,
    "war": 0.75,
    "front": 0.75,
    "surrendered": 0.75,
    "held": 0.75,
    "proclaimed": 0.75,
    "taken-before": 0.75,
    "context": 0.6,
    "forward": 0.75,
    "place": 0.6,
    "scope": 0.6,
}
INHERITED_COST = 0.1
_STATEMENTS = tuple((k, re.compile(k.cues, re.I)) for k in STATEMENT_KINDS)
_STATUS_VERBS = tuple((re.compile(p, re.I), status) for p, status in STATUS_VERBS.items())
_COUNT = re.compile(rf"\b({'|'.join(COUNT_WORDS)})\s+(?:[\w-]+\s+)?(zones?|sectors?)\b", re.I)
_NAMED_UNIT = re.compile(rf"\b({'|'.join(map(re.escape, POWER_WORDS))})\s+(zones?|sectors?)\b")
#: A unit a power receives ("France should also have a zone"): see UNIT_RECEIVED_CUES.
_UNIT_RECEIVED = re.compile(UNIT_RECEIVED_CUES, re.I)
#: A power's enclave ("an American enclave"): the power's zone features of part enclave.
_NAMED_ENCLAVE = re.compile(rf"\b({'|'.join(map(re.escape, POWER_WORDS))})\s+{ENCLAVE_WORD}s?\b")
_SCOPE_KINDS = ("country", "region", "island", "city", "peninsula")
#: A zone or sector called by its side ("the eastern zone goes to the Soviet Union").
_COMPASS_UNIT = re.compile(r"\b(?:north|south|east|west)\w*(?:-\w+)?\s+(?:zones?|sectors?)\b", re.I)
_OCCUPYING = re.compile(r"\b(?:occup\w+|forces|troops|armies|army)\b", re.I)
_TRANSFER = re.compile(TRANSFER_CUES, re.I)
_JOINING = re.compile(JOINING_CUES, re.I)
_AT_ONCE = re.compile(AT_ONCE_CUES, re.I)
_ECONOMIC = re.compile(ECONOMIC_CUES, re.I)
#: How a link is made by the word rules alone (a place and a kind word in one sentence).
_WORD_RULES = frozenset({"gazetteer", "place", "scope"})
_WAR = re.compile(WAR_CUES, re.I)
#: Powers of features that belong to no one side of a transfer.
_NO_POWER = frozenset({"none", "contested", "four-power"})
_PART_OF = re.compile(PART_OF_COUNTRY, re.I)
#: A side's frontier of a country ("the eastern frontier of Poland") is about the land
#: along it: the country's territory is meant, as with "the eastern portion of".
_FRONTIER_OF = re.compile(
    r"(?:east|west|north|south)\w*\s+(?:frontier|border|boundary)\s+of\s+(?:the\s+)?$", re.I
)
#: A frontier drawn anew moves land from one side to the other: a change of hands.
_FRONTIER_DRAWN = re.compile(
    r"\b(?:frontier|border|boundary)\b[^.;:]{0,60}?\b(?:follow\w*|redrawn|drawn|fixed|run)\b",
    re.I,
)
#: Asking for a thing, not for an act ("requested the Baltic coast of East Prussia", not
#: "demanded that ...", "asked them to ..."): what is asked for is to change hands.
_DEMANDED = re.compile(r"\b(?:asked\s+for|request\w*|demand\w*)\s+(?!that\b|to\b)", re.I)
_UNDER_CONTROL = re.compile(r"\bunder\s+(?:the\s+)?(?:control|occupation)\s+of\b", re.I)
#: How near (degrees) to a place a boundary drawn by the agreement naming it may run.
FRONTIER_NEAR_DEG = 1.0
#: An act named just before a country ("the invasion and regaining of [German-occupied] ...").
_EVENT_OF = re.compile(
    r"\b(?:invasion|liberation|landings?|offensive)\b[\w\s,-]{0,30}\bof\s+(?:the\s+)?[\w-]*\s*$",
    re.I,
)


#: Handing a place to a state: "are to be given back to", "returned to", "ceded to".
_GIVEN_TO = re.compile(
    r"\b(?:(?:given|handed|hand|hands|gives?|go(?:es)?|went|come|comes|passe[sd]|pass)\s+back"
    r"|returned|restored|ceded|handed\s+over|transferred|surrendered(?:\s+at\s+once)?)"
    r"\s+to\s+(?:the\s+)?",
    re.I,
)


#: A state's sovereignty cut down: "Japanese sovereignty is to be confined to Honshu ...".
_CONFINED = re.compile(
    r"\bsovereignty\b[^.;:]{0,40}?\b(?:confined|limited|restricted|reduced)\s+to\b", re.I
)


@dataclass(frozen=True)
class _Said:
    """One sentence as the statement rules see it."""

    text: str
    names: tuple[str, ...]
    when: PassageTime
    statement: object  # StatementKind | None
    dates: tuple[str, ...]
    precisions: tuple[str, ...] = ()  # of the dates written in the sentence
    doc_day: date | None = None  # the date of the text the sentence is in, if dated
    starts: tuple[date, ...] = ()  # the first days of the dates written in the sentence

    @cached_property
    def bounds(self) -> tuple[date, date] | None:
        """The first and last day of the sentence's time (:func:`_bounds`)."""
        return _bounds(self.when)

    # the words the rules ask about, looked for once per sentence (not once per feature)
    @cached_property
    def cues(self) -> set[str]:
        cues = _kinds_cued(self.text)
        if _JOINT_OCCUPATION.search(self.text):
            cues.add("zone")  # occupied by several powers together: in zones of occupation
        return cues

    @cached_property
    def transfer(self) -> bool:
        return (
            _TRANSFER.search(self.text) is not None
            or _FRONTIER_DRAWN.search(self.text) is not None
            or _DEMANDED.search(self.text) is not None
            or _HANDING.search(self.text) is not None
            or _CONFINED.search(self.text) is not None
            or _JOINING.search(self.text) is not None
        )

    @cached_property
    def undoing(self) -> re.Match | None:
        """Words undoing an earlier instrument (:data:`_UNDOING`), asked by two rules."""
        return _UNDOING.search(self.text)

    @cached_property
    def switch(self) -> bool:
        """Words of leaving the war or changing sides (:data:`_SWITCH`), asked by two rules."""
        return _SWITCH.search(self.text) is not None

    @cached_property
    def at_once(self) -> bool:
        """A change to be made at once: realised within :data:`AT_ONCE_WINDOW`."""
        return _AT_ONCE.search(self.text) is not None

    @cached_property
    def named_unit(self) -> bool:
        return _NAMED_UNIT.search(self.text) is not None

    @cached_property
    def event_cued(self) -> dict[str, bool]:
        return {k: p.search(self.text) is not None for k, p in EVENT_CUES.items()}


#: A word for an instrument just before a date: "the peace treaty of 12 March 1940".
_INSTRUMENT_OF = re.compile(
    r"\b(?:treat(?:y|ies)|pacts?|protocols?|agreements?|armistices?|conventions?|accords?"
    r"|declarations?|notes?)\s+(?:signed\s+)?(?:of|from|on)\s+(?:the\s+)?$",
    re.I,
)
_AND_DATE = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")
#: An instrument named by where and when it was signed ("the pact signed in Moscow in August
#: 1939", "the treaty concluded with China in Moscow on 14 August"): the date names it.
_SIGNED_HEAD = re.compile(
    r"\b(?:treat(?:y|ies)|pacts?|protocols?|agreements?|armistices?|conventions?|accords?)"
    r"\s+(?:signed|concluded)(?:\s+(?:in|at|with)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?){0,2}"
    r"\s+(?:in|on)\s+$"
)
#: An instrument named by its date ("the Vienna award of 1940", "the peace treaty of 1920").
_DATED_INSTRUMENT = re.compile(
    r"\b(?:treat(?:y|ies)|pacts?|protocols?|agreements?|armistices?|conventions?|accords?"
    r"|awards?)\s+(?:of|from)\s+(?:the\s+)?$",
    re.I,
)


#: Statuses of the events an instrument named by its signing may be.
SIGNED_STATUSES = frozenset({"treaty", "conference"})


def _signed_dates(p: Passage, only: tuple[int, int] | None = None) -> list:
    """The dates of ``p`` that name an instrument by its signing (:data:`_SIGNED_HEAD`), in a
    sentence that has a date of its own besides: a report of a later day that looks back to it
    ("in June 1941 Germany invaded the Soviet Union, and the pact signed in Moscow in August
    1939 was dead"); and those that name one by "of" (:data:`_DATED_INSTRUMENT`: "held since
    the Vienna award of 1940") in a sentence with any other date."""
    found = []
    for span in sentences(p.text) if only is None else [only]:
        inside = [d for d in p.dates if d.span is not None and span[0] <= d.span[0] < span[1]]
        heads = {id(d): p.text[max(span[0], d.span[0] - 80) : d.span[0]] for d in inside}
        of = [d for d in inside if _DATED_INSTRUMENT.search(heads[id(d)])]
        signed = [d for d in inside if d not in of and _SIGNED_HEAD.search(heads[id(d)])]
        if of and len(of) < len(inside):
            found += of
        if signed and len(of) + len(signed) < len(inside):
            found += signed
    return found


#: A report set at a place ("At Yalta in February 1945 the three leaders agreed ...", "what
#: was agreed at Potsdam"): the conference held there, when the sentence speaks of its time.
_AT_PLACE = re.compile(r"\b(?:at|At)\s+(?:the\s+)?$")
#: A document issued, signed or dated at a place ("the declaration issued on 26 July at
#: Potsdam") names that document, not the conference held there.
_ISSUED_AT = re.compile(
    r"\b(?:issued|signed|done|dated|published|made|set\s+out|laid\s+down|proclaimed|announced)\b"
    r"[^.;:]{0,40}\bat\s+(?:the\s+)?$",
    re.I,
)


def _link_conference_at(index: _Index, said: _Said, chosen: dict) -> None:
    """A conference is named by its place after "at" in a sentence whose time overlaps the
    conference's days, with no word for a meeting needed (a declaration "issued at Potsdam"
    named a month later is not the conference)."""
    if not said.when.intervals:
        return
    for m in index.gazetteer.find(said.text):
        if not _AT_PLACE.search(said.text[max(0, m.span[0] - 8) : m.span[0]]):
            continue
        if _ISSUED_AT.search(said.text[max(0, m.span[0] - 60) : m.span[0]]):
            continue  # "the declaration issued at Potsdam": the document, not the conference
        place = index.gazetteer.places.get(m.place)
        if place is None:
            continue
        for fid in place.features:
            rows = index.by_id.get(fid, [])
            if not rows or index.kinds[rows[0]] != "event":
                continue
            row = rows[0]
            if str(index.status[row]) != "conference":
                continue
            start, end = index.starts[row], index.ends[row]
            if any(_strict_overlap(start, end, t0, t1) for t0, t1 in said.when.intervals):
                chosen.setdefault(fid, "gazetteer")


#: Where an instrument was signed ("the surrender was signed in Berlin", "the armistice
#: signed in Moscow on 12 September"): the place named next is where, not the ground.
_SIGNED_AT = re.compile(r"\b(?:signed|concluded)\s+(?:[\w-]+\s+){0,3}?(?:in|at)\s+(?:the\s+)?$")
#: How far (degrees) from the place an instrument was signed its event may lie.
SIGNED_NEAR_DEG = 0.5


def _drop_signed_elsewhere(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A sentence that says where an instrument was signed: of the events it just linked, a
    treaty or conference signed elsewhere is not the one meant ("the armistice signed in
    Moscow on 12 September" is not a protocol signed in London that day), and a battle at
    the place of signing, named only as where it was signed, is not what it reports ("the
    surrender was signed in Berlin" is not the battle of Berlin)."""
    mentions = index.gazetteer.find(said.text)
    signing: dict[str, list[bool]] = {}
    for m in mentions:
        at = _SIGNED_AT.search(said.text[max(0, m.span[0] - 40) : m.span[0]]) is not None
        signing.setdefault(m.place, []).append(at)
    places = [
        index.gazetteer.places[name]
        for name, ats in signing.items()
        if any(ats)
        and name in index.gazetteer.places
        and index.gazetteer.places[name].kind in POINT_KINDS
    ]
    if not places:
        return
    only_signing = [p for p in places if all(signing[p.name])]
    points = [shapely.Point(p.lon, p.lat) for p in places]
    only_points = [shapely.Point(p.lon, p.lat) for p in only_signing]
    for fid in [f for f in chosen if f not in before]:
        row = index.by_id[fid][0] if fid in index.by_id else None
        if row is None or index.kinds[row] != "event":
            continue
        rep = index.rep[row]
        if str(index.status[row]) in SIGNED_STATUSES:
            if all(shapely.distance(rep, pt) > SIGNED_NEAR_DEG for pt in points):
                del chosen[fid]
        elif any(shapely.distance(rep, pt) <= SIGNED_NEAR_DEG for pt in only_points):
            del chosen[fid]


def _drop_later_lines(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A report of what happened ("by mid-February Soviet armies stood on the Oder") names a
    river or a line for where things were: a frontier or line the gazetteer lists for it that
    was drawn only after the sentence's time is not what it reports (a promise or agreement,
    which looks forward, may mean it)."""
    if said.statement is not None:
        return
    bounds = said.bounds
    if bounds is None:
        return
    for fid in [f for f in chosen if f not in before and chosen[f] == "gazetteer"]:
        row = index.by_id[fid][0] if fid in index.by_id else None
        if row is not None and index.kinds[row] == "line" and index.starts[row] >= bounds[1]:
            del chosen[fid]


def _drop_other_signings(
    index: _Index, original: Passage, span: tuple[int, int], chosen: dict, before: set
) -> None:
    """ "The treaty signed with China in Moscow on 14 August": of the treaties and conferences
    the sentence found at the place of signing, those not begun within the signing's date are
    other instruments signed there (not an agreement signed in Moscow two days later)."""
    for d in original.dates:
        if d.span is None or not span[0] <= d.span[0] < span[1]:
            continue
        head = original.text[max(span[0], d.span[0] - 80) : d.span[0]]
        signed = _SIGNED_HEAD.search(head)
        if signed is None:
            continue
        points = [
            shapely.Point(place.lon, place.lat)
            for n in index.gazetteer.names_in(head[signed.start() :])
            if (place := index.gazetteer.places.get(n)) is not None and place.kind in POINT_KINDS
        ]
        if not points:
            continue
        for fid in [f for f in chosen if f not in before]:
            row = index.by_id[fid][0] if fid in index.by_id else None
            if (
                row is not None
                and index.kinds[row] == "event"
                and str(index.status[row]) in SIGNED_STATUSES
                and not d.start <= index.starts[row] < d.end
                and any(shapely.distance(index.rep[row], pt) <= SIGNED_NEAR_DEG for pt in points)
            ):
                del chosen[fid]


def _link_signed(index: _Index, original: Passage, span: tuple[int, int], chosen: dict) -> None:
    """The instrument a sentence names by its signing ("the pact signed in Moscow in August
    1939"): the treaty or conference begun within that date, at the place named if any (its
    spheres and what they later became are not what the report looks back to)."""
    for d in _signed_dates(original, span):
        head = original.text[max(span[0], d.span[0] - 80) : d.span[0]]
        # where: named after "signed" ("signed in Moscow"), or before the instrument's word
        # ("the Vienna award of 1940")
        signed = _SIGNED_HEAD.search(head)
        where = head[signed.start() :] if signed else head[max(0, len(head) - 45) :]
        places = [
            index.gazetteer.places[n]
            for n in index.gazetteer.names_in(where)
            if n in index.gazetteer.places and index.gazetteer.places[n].kind in POINT_KINDS
        ]
        rows = [
            r
            for r in index.day_events
            if str(index.status[r]) in SIGNED_STATUSES and d.start <= index.starts[r] <= d.end
        ]
        if places:
            near = set()
            for place in places:
                near |= set(index.at_point(place.lon, place.lat))
            rows = [r for r in rows if r in near]
        if len(rows) == 1:
            chosen.setdefault(str(index.ids[rows[0]]), "named")


def _without_naming_dates(
    p: Passage, gazetteer: Gazetteer, *, instruments: bool = False
) -> Passage:
    """The passage without the dates that are part of an event's name ("the German-Soviet
    Non-aggression Pact of 1939"): they say which event, not when the sentence speaks. With
    ``instruments`` (a text dated to its own day) also the dates that name an earlier
    instrument ("the peace treaties of 1920 and 1940"): the text speaks at its own date."""
    naming = [] if instruments else _signed_dates(p)
    if instruments:
        previous = None
        for d in p.dates:
            if d.span is None:
                continue
            head = p.text[max(0, d.span[0] - 60) : d.span[0]]
            chained = previous is not None and _AND_DATE.fullmatch(
                p.text[previous.span[1] : d.span[0]]
            )
            if _INSTRUMENT_OF.search(head) or chained:
                naming.append(d)
                previous = d
            else:
                previous = None
    for m in gazetteer.find(p.text):
        place = gazetteer.places.get(m.place)
        if place is None or place.kind != "event":
            continue
        for d in p.dates:
            if d.span is not None and _NAME_OF.fullmatch(p.text[m.span[1] : d.span[0]]):
                naming.append(d)
    if not naming:
        return p
    return replace(p, dates=tuple(d for d in p.dates if d not in naming))


_NAME_OF = re.compile(r"\s*(?:of|from)\s+")


#: The operative present of a treaty ("the frontier is to run", "Finland gives back",
#: "Transcarpathian Ukraine is reunited with"): an agreement, though no word of agreeing.
_OPERATIVE = re.compile(
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:reunited|declared|transferred|ceded|returned|restored"
    r"|placed)\b|\bgives?\s+(?:back|up)\b",
    re.I,
)
#: The future of a treaty ("Soviet troops will leave", "the frontier is to run"): a promise.
_FUTURE = re.compile(r"\b(?:will\s+(?!not\b|never\b)|(?:is|are)\s+to\s+(?:be\s+)?)\w+", re.I)
_PROMISE = next(k for k in STATEMENT_KINDS if k.name == "promise")
#: Words of handing back or joining another state: a change of hands (with TRANSFER_CUES).
_HANDING = re.compile(
    r"\b(?:gives?\s+back|gave\s+back|given\s+back|reunit\w*"
    r"|(?:go|goes|went|come|comes|came)\s+back\s+to)\b",
    re.I,
)
_AGREEMENT = next(k for k in STATEMENT_KINDS if k.name == "agreement")


def _inherited_may_look_ahead(text: str) -> bool:
    """Whether a sentence whose time is inherited (no date of its own nor of its passage)
    may be about arrangements that began after that time: only if it agrees, promises,
    demands or recognises something. A report ("the zones were districts of military
    government") is about what held at the time it carries on from, not what came later."""
    kind = _statement_kind(text)
    return kind is not None and kind.direction == "forward"


#: The subject of a relative clause (or a pronoun) just before "would": "a Control Council
#: that would rule", "Leipzig, which would later lie"; read by :func:`_without_relative_modal`.
_RELATIVE_MODAL = re.compile(rf"\b(?:{RELATIVE_SUBJECTS})\s+(would)\b", re.I)


def _without_relative_modal(text: str) -> str:
    """The sentence with the "would" of its relative clauses blanked out: such a "would"
    is the later future of what the clause describes, seen from the story's past, not a
    promise the sentence makes ("the zones were meant as districts under a Control Council
    that would rule Germany" reports; "the powers agreed that France would have a zone"
    promises, as "that" there is followed by its own subject)."""
    if "would" not in text:
        return text
    return _RELATIVE_MODAL.sub(lambda m: m.group()[: m.start(1) - m.start()] + "-----", text)


@lru_cache(maxsize=_TEXTS_KEPT)
def _statement_kind(text: str):
    """The :data:`~spheremap.model.STATEMENT_KINDS` entry a sentence makes, or None (a report)."""
    text = _without_relative_modal(text)
    for kind, pattern in _STATEMENTS:
        if pattern.search(text):
            return kind
    if _OPERATIVE.search(text):
        return _AGREEMENT
    if _FUTURE.search(text):
        return _PROMISE
    return None


def _dates_in(p: Passage, span: tuple[int, int]) -> tuple[str, ...]:
    return tuple(d.text for d in p.dates if d.span is not None and span[0] <= d.span[0] < span[1])


def _scope_names(index: _Index, names: Sequence[str]) -> tuple[str, ...]:
    """Of the names, the places that stand for a territory (their scope has polygons)."""
    out = []
    for name in names:
        place = index.gazetteer.places.get(name)
        if place is not None and place.kind in _SCOPE_KINDS and index.scope(place) is not None:
            out.append(name)
    return tuple(out)


def _bounds(when: PassageTime) -> tuple[date, date] | None:
    if not when.intervals:
        return None
    return min(a for a, _ in when.intervals), max(b for _, b in when.intervals)


def _made_from(bounds: tuple[date, date]) -> date:
    """The first day a statement's realisations may begin: the day after its time, or its
    own day when that is one day (a treaty that draws a frontier makes the land change
    hands the day it is signed)."""
    return bounds[0] if bounds[1] - bounds[0] <= _ONE_DAY else bounds[1]


def _choose_first_realisation(index: _Index, rows: list[int], chosen: dict) -> None:
    """Link ``rows`` (candidate realisations; none: nothing) forward: those begun within
    :data:`REALISATION_SPREAD` of the first, but for pieces smaller than
    :data:`MINOR_ZONE_SHARE` of the largest of them."""
    if not rows:
        return
    first = min(index.starts[r] for r in rows)
    rows = [r for r in rows if index.starts[r] - first <= REALISATION_SPREAD]
    largest = max(index.area(r) for r in rows)
    for r in rows:
        if index.area(r) >= MINOR_ZONE_SHARE * largest:
            chosen.setdefault(str(index.ids[r]), "forward")


def _lasting_hold(index: _Index, row: int, statuses: frozenset[str] = TRANSFER_STATUSES) -> bool:
    """Whether ``row`` is a hold made by a change of hands (one of ``statuses``) that lasted,
    drawn as one piece, not a step of a moving front."""
    return (
        index.kinds[row] == "control"
        and str(index.status[row]) in statuses
        and _durable(index, row)
        and index.same_name.get((index.names[row], index.power[row], index.status[row]), 0)
        <= MAX_SAME_NAME
    )


def _durable(index: _Index, row: int) -> bool:
    start, end = index.starts[row], index.ends[row]
    return end is None or end - start >= MIN_COARSE_SPAN


def _link_document_event(
    index: _Index, text: str, day: date, chosen: dict, title: str = ""
) -> None:
    """A dated document that opens by agreeing, promising or demanding is the record of the
    treaty or conference of its day: its first passage links that event. A title that calls
    the instrument after a town ("Cairo Declaration", "Moscow Peace Treaty") says where it was
    made: an event elsewhere (the Tehran conference of the same days) is not its record."""
    statement = _statement_kind(text)
    if statement is None or statement.direction != "forward":
        return
    for row in _events_of_day(index, day, title):
        chosen.setdefault(str(index.ids[row]), "document")


def _events_of_day(index: _Index, day: date, title: str = "") -> list[int]:
    """The treaties and conferences under way on ``day``, but those away from a town the
    ``title`` calls the instrument after."""
    towns = [
        index.gazetteer.places[f.place]
        for f in index.gazetteer.find(title)
        if index.gazetteer.places[f.place].kind in ("city", "region", "building")
        and _NAMED_AFTER.match(title, f.span[1])
    ]
    out = []
    for row in index.day_events:
        start, end = index.starts[row], index.ends[row]
        if not (start <= day and (end is None or day < end)):
            continue
        point = index.rep[row]
        if towns and not any(
            abs(point.x - t.lon) <= NEAR_DEG and abs(point.y - t.lat) <= NEAR_DEG for t in towns
        ):
            continue
        out.append(row)
    return out


_PERFORMING = re.compile(PERFORMING_CUES, re.I)
#: Each word of :data:`INSTRUMENT_WORDS` with its inflections ("treaties", "surrendered").
_INSTRUMENT_PATTERNS = tuple(
    (w, re.compile(rf"\b{w[:-1]}(?:y|ies)\b" if w.endswith("y") else rf"\b{w}\w*", re.I))
    for w in INSTRUMENT_WORDS
)


def _instrument_words(text: str) -> set[str]:
    """The kinds of instrument (:data:`INSTRUMENT_WORDS`) a text names."""
    return {w for w, pattern in _INSTRUMENT_PATTERNS if pattern.search(text)}


def _performed_events(index: _Index, text: str, day: date, title: str = "") -> list[int]:
    """The events of its text's ``day`` a sentence performs: it says "hereby", "proclaims",
    "is granted" or accepts the terms, and names the kind of instrument by a word the
    event's name has too ("Japan hereby proclaims the unconditional surrender": the
    surrender signed that day; not a conference of the same day)."""
    if not _PERFORMING.search(text):
        return []
    words = _instrument_words(text)
    if not words:
        return []
    return [
        row
        for row in _events_of_day(index, day, title)
        if words & _instrument_words(index.names[row])
    ]


def _link_statement(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict, before: set
) -> None:
    """The statement rules for one sentence, after the word rules (``before``: the features
    chosen before this sentence)."""
    _link_named_events(index, said, chosen)
    _link_conference_at(index, said, chosen)
    _link_status_of_territory(index, said, scope_names, chosen)
    if _THE_CEDED.search(said.text):
        _link_ceded_events(index, said, scope_names, chosen)
    if _LEFT.search(said.text):
        _link_left_reported(index, said, chosen)
    if said.statement is not None and said.statement.direction == "forward":
        _link_forward(index, said, chosen, before)
        _link_gains(index, said, chosen)
        _link_retained(index, said, chosen)
        _link_withdrawal(index, said, chosen, scope_names)
        _link_occupiers_leave(index, said, chosen)
        _drop_present_ground(index, said, chosen, before)
        _drop_ended_acts(index, said, chosen, before)
        _link_interest_realised(index, said, chosen, before)
        _link_surrender_of(index, said, chosen)
        _link_enemies_surrender(index, said, chosen)
        _link_independence(index, said, chosen)
        _link_war(index, said, chosen)
    _link_surrender(index, said, chosen)
    _link_surrendered(index, said, chosen)
    _link_surrender_reported(index, said, chosen)
    _link_freed_from(index, said, chosen)
    _link_state_ended(index, said, chosen)
    _link_state_proclaimed(index, said, chosen)
    _link_claim_given_up(index, said, chosen, before)
    _link_rule_subject_to_occupier(index, said, chosen)
    _link_changes_since(index, said, chosen)
    _link_fronts(index, said, chosen)
    _link_divided_country(index, said, scope_names, chosen)
    _link_front_position(index, said, chosen)
    _link_new_frontiers(index, said, chosen)
    _link_troops_on_soil(index, said, chosen)
    _link_holding_reported(index, said, chosen)
    _link_taken_before(index, said, chosen)
    _link_sides(index, said, chosen)
    _link_cession_unnamed(index, said, chosen)
    _link_named_units(index, said, scope_names, chosen, before)
    _select_side_units(index, said, chosen, before)
    _select_own_units(index, said, chosen, before)
    _link_counted(index, said, scope_names, chosen, before)
    _link_control_commission(index, said, scope_names, chosen)
    _link_switch(index, said, chosen)
    _link_switch_reported(index, said, scope_names, chosen)
    _narrow_status(index, said, chosen, before)
    _drop_signed_elsewhere(index, said, chosen, before)
    _drop_later_lines(index, said, chosen, before)
    _drop_attempts(index, said, chosen, before)
    _drop_invaded_ground(index, said, chosen, before)


def _link_war(index: _Index, said: _Said, chosen: dict) -> None:
    """A promise or agreement of a state of war ("from 9 August the Soviet Union will
    consider itself at war with Japan") is realised by the first battle a power it names
    opens from its time, within :data:`EVENT_SLACK` (an invasion, wherever it is fought)."""
    bounds = said.bounds
    if bounds is None or _WAR.search(said.text) is None:
        return
    powers = _powers_named(said.text, said.names, index.gazetteer) - {"Allies"}
    first = _made_from(bounds)
    last = first + EVENT_SLACK
    counted = _counted_from_surrender(index, said)
    if counted is not None:
        # "two or three months after Germany's defeat": the war opens in that window
        first, last = counted
    rows = [
        r
        for r in index.battles
        if str(index.power[r]) in powers and first <= index.starts[r] <= last
    ]
    if rows:
        opened = min(index.starts[r] for r in rows)
        for r in rows:
            if index.starts[r] == opened:
                chosen[str(index.ids[r])] = "war"  # found by its place too: it is what opens


def _counted_from_surrender(index: _Index, said: _Said) -> tuple[date, date] | None:
    """The window of a phrase counted from a country's surrender ("two or three months after
    Germany's defeat", "three months after the surrender of Germany": the country named
    within :data:`_SURRENDER_REACH` after the phrase, with a word of surrender or defeat,
    :data:`_SURRENDERED`): counted from the first surrender signed on (or just off) its
    ground from the sentence's time on, within :data:`FORWARD_WINDOW`. None if the sentence
    has no such phrase."""
    bounds = said.bounds
    if bounds is None or " after " not in said.text:
        return None
    for rel in event_relatives(said.text):
        if not rel.after:
            continue
        tail = said.text[rel.span[1] : rel.span[1] + _SURRENDER_REACH + 20]
        if _SURRENDERED.search(tail) is None:
            continue
        for found in index.gazetteer.find(said.text):
            place = index.gazetteer.places[found.place]
            if (
                place.kind != "country"
                or index.scope(place) is None
                or not rel.span[1] <= found.span[0] <= rel.span[1] + _SURRENDER_REACH
            ):
                continue
            events = [
                r
                for r in _treaties_on(index, place)
                if bounds[0] <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
                and _SURRENDER_NAME.search(str(index.names[r]))
            ]
            if events:
                first = min(events, key=lambda r: index.starts[r])
                end = index.ends[first] or index.starts[first] + timedelta(days=1)
                return rel.bounds(index.starts[first], end)
    return None


_WAR_AGAIN = re.compile(WAR_AGAIN_CUES, re.I)
_WAR_JOINED = re.compile(WAR_JOINED_BEFORE, re.I)


def _link_war_again(index: _Index, said: _Said, wars: Sequence[str], chosen: dict) -> None:
    """A war spoken of again without its name ("The war went badly for the attacker",
    :data:`WAR_AGAIN_CUES`): the one war (a battle event) of ``wars``, those the text linked
    last, whose days take in the sentence's whole time. "The war" a country enters or leaves
    (:data:`WAR_JOINED_BEFORE`) is the wider war, not this one."""
    bounds = said.bounds
    if bounds is None or not wars:
        return
    if not any(
        _WAR_JOINED.search(said.text[max(0, m.start() - 20) : m.start()]) is None
        for m in _WAR_AGAIN.finditer(said.text)
    ):
        return
    within = []
    for fid in wars:
        row = index.by_id[fid][0]
        start, end = index.starts[row], index.ends[row]
        if start is not None and start <= bounds[0] and (end is None or bounds[1] <= end):
            within.append(fid)
    if len(within) == 1:
        chosen.setdefault(within[0], "context")


#: A territory spoken of again as having a status: "from 17 December 1947 it was a
#: protectorate", "the territory became a condominium" (:data:`STATUS_NOUNS`).
_IT_WAS_A = re.compile(
    r"\b(?:it|the\s+(?:territory|region|area|land))\s+(?:was|became|had\s+become|remained)"
    r"\s+(?:a|an)\s+(?:[\w-]+\s+)?(" + "|".join(re.escape(n) for n in STATUS_NOUNS) + r")\b",
    re.I,
)


def _link_status_of_territory(
    index: _Index, said: _Said, scope_names: Sequence[str], chosen: dict
) -> None:
    """ "From 17 December 1947 it was a protectorate": the territory spoken of (named in the
    sentence, or the one the text named last) holds the hold of that status begun within the
    sentence's time (its main piece)."""
    m = _IT_WAS_A.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None or not said.starts:
        return
    status = STATUS_NOUNS[m.group(1).lower()]
    for name in scope_names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in _SCOPE_KINDS:
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.status[r]) == status and bounds[0] <= index.starts[r] <= bounds[1]
        ]
        if rows:
            chosen.setdefault(str(index.ids[max(rows, key=index.area)]), "context")
            return


def _link_ceded_events(
    index: _Index, said: _Said, scope_names: Sequence[str], chosen: dict
) -> None:
    """ "Had occupied the ceded provinces by 3 July", in a sentence that names no territory:
    the events the gazetteer lists for the territories the text named last (``scope_names``)
    that overlap the sentence's time and whose words the sentence has (an occupation)."""
    bounds = said.bounds
    if bounds is None or _scope_names(index, said.names):
        return
    for name in scope_names:
        place = index.gazetteer.places.get(name)
        if place is None:
            continue
        for fid in place.features:
            for row in index.by_id.get(fid, [])[:1]:
                status = str(index.status[row])
                if (
                    index.kinds[row] == "event"
                    and said.event_cued.get(status, False)
                    and _strict_overlap(index.starts[row], index.ends[row], *bounds)
                ):
                    chosen.setdefault(fid, "context")


#: A front of war named as a noun ("the Soviet-German front", "the Eastern Front"); not a
#: political front ("the Fatherland Front") nor "in front of".
_FRONT = re.compile(
    r"(?<!\bin\s)\bfronts?\b|\b(?:Eastern|Western|Italian|Southern|Northern)\s+Front\b"
)
#: The word naming a front's theatre: "the western front", "the Italian front".
_FRONT_SIDE = re.compile(r"\b([A-Za-z]+)\s+front\b", re.I)
#: How near (degrees) a front runs to the holds of the powers it divides.
FRONT_NEAR_DEG = 0.5


def _link_fronts(index: _Index, said: _Said, chosen: dict) -> None:
    """A front between powers named ("the Soviet-German front", "the front between the Red
    Army and the Germans") at a time a day or month wide: the front lines in force then
    that run along holds of two of the powers named."""
    bounds = said.bounds
    if bounds is None or bounds[1] - bounds[0] > EVENT_SLACK or not _FRONT.search(said.text):
        return
    powers = _powers_named(said.text, said.names, index.gazetteer) - {"Allies"}
    if len(powers) < 2:
        return
    day = bounds[0]
    # "the western front": the theatre its word begins with (the data's theatre names)
    words = {
        w
        for m in _FRONT_SIDE.finditer(said.text)
        if any((w := m.group(1).lower()).startswith(t[:4]) for t in index.theatres.values() if t)
    }
    for r in index.fronts:
        if not _valid_at(index, r, day):
            continue
        if words and not any(w.startswith(index.theatres[r][:4]) for w in words):
            continue
        near = index.front_near.get(r)
        if near is None:  # the holds along a front by power, looked up once per front
            near = {}
            for i in index.tree.query(index.geoms[r], predicate="dwithin", distance=FRONT_NEAR_DEG):
                if index.kinds[i] == "control":
                    near.setdefault(str(index.power[i]), []).append(int(i))
            index.front_near[r] = near
        sides = [p for p in powers if any(_valid_at(index, i, day) for i in near.get(p, ()))]
        if len(sides) >= 2:
            chosen.setdefault(str(index.ids[r]), "front")


_POSITION = re.compile(FRONT_POSITION_CUES, re.I)
#: A power's people named as its forces ("the Russians stood on the Oder").
_THE_PEOPLE = re.compile(rf"\b[Tt]he\s+(?:{'|'.join(map(re.escape, POWER_PEOPLE))})\b")
_FORCES = re.compile(FORCES_WORDS, re.I)
#: The widest date a report of where armies stood may have (a month: "by mid-February").
POSITION_SPAN = timedelta(days=31)
#: Kinds of gazetteer place that say where a front runs (not a whole country).
_POSITION_KINDS = frozenset({"city", "building", "river", "island", "peninsula"})


def _link_front_position(index: _Index, said: _Said, chosen: dict) -> None:
    """A report of where armies stood at a time ("by mid-February Soviet armies stood on the
    Oder", "on 5 December, with their spearheads some 30 kilometres from the Kremlin"): the
    front line in force at the date written nearest those words (a day; a month: its end,
    the line reached by then) that runs within :data:`FRONT_NEAR_DEG` of a place named."""
    m = _POSITION.search(said.text)
    if m is None or not said.starts:
        return
    if not _FORCES.search(said.text) and not _THE_PEOPLE.search(said.text):
        return
    best: tuple[int, date] | None = None
    for written, start in zip(said.dates, said.starts, strict=False):
        at = said.text.find(written)
        if at >= 0 and (best is None or abs(at - m.start()) < best[0]):
            best = (abs(at - m.start()), start)
    if best is None:
        return
    end = next((t1 for t0, t1 in said.when.intervals if t0 == best[1]), None)
    if end is None or end - best[1] > POSITION_SPAN:
        return
    day = max(best[1], end - _ONE_DAY)
    points = [
        shapely.Point(place.lon, place.lat)
        for n in said.names
        if (place := index.gazetteer.places.get(n)) is not None and place.kind in _POSITION_KINDS
    ]
    if not points:
        return
    for r in index.fronts:
        if _valid_at(index, r, day) and any(
            index.geoms[r].distance(pt) <= FRONT_NEAR_DEG for pt in points
        ):
            chosen.setdefault(str(index.ids[r]), "front")


_DIVIDED_COUNTRY = re.compile(DIVIDED_COUNTRY_CUES)


def _link_divided_country(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict
) -> None:
    """A line that divides a country in two ("The line runs from near Geneva ... to the
    Spanish frontier, and divides the country in two"): the lasting holds on that country's
    ground (the country named, or for "the country" / "it" the one the text named last) that
    began at the sentence's time or within :data:`EVENT_SLACK` after it, the first of each
    power: the two sides the line made."""
    m = _DIVIDED_COUNTRY.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None or "line" not in said.cues:
        return
    ground = m["ground"]
    gazetteer = index.gazetteer
    if ground[0].isupper():
        places = [gazetteer.lookup(ground)]
    else:  # "the country", "it": of the countries the text named last, the one divided
        places = [gazetteer.places.get(n) for n in scope_names]
    for place in places:
        if place is None or place.kind != "country":
            continue
        first: dict[str, int] = {}
        for r in sorted(index.held_rows(place)):
            start = index.starts[r]
            if not _lasting_hold(index, r, TRANSFER_STATUSES | {"sovereign"}):
                continue
            if not bounds[0] <= start <= bounds[1] + EVENT_SLACK:
                continue
            power = str(index.power[r])
            if power not in first or start < index.starts[first[power]]:
                first[power] = r
        if len(first) >= 2:  # "in two": the two largest sides made then

            def area(r: int) -> float:  # of all the feature's pieces
                return sum(index.geoms[i].area for i in index.by_id[str(index.ids[r])])

            for r in sorted(first.values(), key=lambda r: -area(r))[:2]:
                chosen.setdefault(str(index.ids[r]), "forward")
            return


def _drop_present_ground(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """An agreement, promise or demand is about what it changes: control that holds
    already, found by territory ("the invasion of German-occupied France" asked for in
    1943; "Italy cedes to France ..." while Zone A of Venezia Giulia stood), is left out.
    A recognition may be of what holds, and features the gazetteer lists stay."""
    if said.statement is None or said.statement.name == "recognition":
        return
    bounds = said.bounds
    if bounds is None:
        return
    for fid in [f for f in chosen if f not in before and chosen[f] in ("scope", "place")]:
        row = index.by_id[fid][0]
        if index.kinds[row] == "control" and index.starts[row] < _made_from(bounds):
            del chosen[fid]


def _drop_ended_acts(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """An agreement, promise or order is about what is to be done: a battle or occupation
    that ended before its time ("the forces in Manchuria shall surrender", days after the
    campaign there ended), found by its words, is not what it speaks of. Events named by
    their name stay (a treaty may look back to the war it ends)."""
    bounds = said.bounds
    if bounds is None:
        return
    named = {
        f
        for n in said.names
        if (place := index.gazetteer.places.get(n)) is not None and place.kind == "event"
        for f in place.features
    }
    for fid in [f for f in chosen if f not in before and f not in named]:
        row = index.by_id[fid][0]
        end = index.ends[row]
        if (
            chosen[fid] in ("gazetteer", "place", "scope")
            and index.kinds[row] == "event"
            and str(index.status[row]) in ACTOR_STATUSES
            and end is not None
            and end <= bounds[0]
        ):
            del chosen[fid]


_DIVIDING = re.compile(r"\b(?:divid\w*|division|partition\w*|split\w*)\b", re.I)


def _link_dividing_lines(index: _Index, text: str, chosen: dict) -> None:
    """ "Protocols dividing Eastern Europe into Soviet and Nazi spheres": a passage that
    speaks of dividing into spheres also means the dividing line, the boundary drawn the
    same day as the spheres it linked. A passage that says which frontier divides ("the
    northern frontier of Lithuania is to divide the spheres") means only a line along it:
    within :data:`FRONTIER_NEAR_DEG` of that country, on that side of it."""
    if not _DIVIDING.search(text) or "sphere" not in _kinds_cued(text):
        return
    days = {
        index.starts[index.by_id[f][0]]
        for f in chosen
        if f in index.by_id and index.kinds[index.by_id[f][0]] == "sphere"
    }
    if not days:
        return
    along = []  # (country, side) of each "<side> frontier of <country>"
    for m in index.gazetteer.find(text):
        place = index.gazetteer.places.get(m.place)
        side = _FRONTIER_OF.search(text[max(0, m.span[0] - 40) : m.span[0]])
        if (
            place is not None
            and place.kind == "country"
            and side is not None
            and index.scope(place) is not None
        ):
            along.append((place, _COMPASS.match(side.group()).group(1).lower()))
    for row in np.flatnonzero(index.kinds == "line"):
        if str(index.status[row]) != "boundary" or index.starts[row] not in days:
            continue
        if along and not any(_runs_along(index, row, place, side) for place, side in along):
            continue
        chosen.setdefault(str(index.ids[row]), "scope")


def _runs_along(index: _Index, row: int, place: Place, side: str) -> bool:
    """Whether a line runs along a country's frontier on one side: near its territory, its
    centre on that side of the country's centre."""
    line = index.geoms[row]
    if min(line.distance(part) for part in index.scope(place)) > FRONTIER_NEAR_DEG:
        return False
    cx, cy = index.centre(place)
    return _on_side(line.centroid, cx, cy, {side})


_INVADING = re.compile(r"\b(?:invad\w*|invasion)\b", re.I)


def _drop_invaded_ground(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """ "The Soviet Union invaded Poland": the invasion (its event), not the ground the
    invader held as it advanced. Control of a power whose invasion or occupation event the
    sentence linked, found by territory, is left out unless a verb of taking says the
    ground was won ("conquered", "occupied", "seized"), or the sentence dates the invasion
    to the day (the map of that day shows the ground it reached)."""
    if not _INVADING.search(said.text) or _TAKING.search(said.text):
        return
    if "day" in said.precisions:
        return  # "on 17 September 1939 the Red Army invaded": the ground held that day
    new = [f for f in chosen if f not in before]
    invaders = {
        str(index.power[index.by_id[f][0]])
        for f in new
        if index.kinds[index.by_id[f][0]] == "event"
        and str(index.status[index.by_id[f][0]]) in ACTOR_STATUSES
    }
    for fid in new:
        row = index.by_id[fid][0]
        if (
            chosen[fid] in ("scope", "place")
            and index.kinds[row] == "control"
            and str(index.power[row]) in invaders
        ):
            del chosen[fid]


def _drop_attempts(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """ "They also tried to invade Finland": an attempt is its event, not the ground it did or
    did not change (control found by territory in that sentence is left out)."""
    if not _ATTEMPT.search(said.text):
        return
    for fid in [f for f in chosen if f not in before and chosen[f] in ("scope", "place")]:
        if index.kinds[index.by_id[fid][0]] == "control":
            del chosen[fid]


_ATTEMPT = re.compile(r"\b(?:tried|attempted|sought|failed)\s+to\b", re.I)


def _link_named_events(index: _Index, said: _Said, chosen: dict) -> None:
    """An event named by its name ("the Molotov–Ribbentrop Pact") is meant whenever the
    sentence speaks (a 1941 sentence that it was violated looks back to 1939)."""
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is not None and place.kind == "event":
            for fid in place.features:
                if fid in index.by_id:
                    chosen.setdefault(fid, "gazetteer")
    _link_events_by_description(index, said, chosen)
    # a city standing for its one event ("Yalta had been successful", "Stalingrad was a
    # great humiliation"): the place is the subject of a verb of being
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind != "city" or not _STANDS_FOR.match(said.text, m.span[1]):
            continue
        events = [
            f
            for f in place.features
            if f in index.by_id and index.kinds[index.by_id[f][0]] == "event"
        ]
        if len(events) == 1:
            chosen.setdefault(events[0], "gazetteer")


#: "the German invasion of (in) [the] ...": an event called by its actor, kind and place.
_DESCRIBED_EVENT = re.compile(
    r"\bthe\s+([\w-]+)\s+(invasion|siege|occupation|conquest)\s+(?:of|in)\s+(?:the\s+)?$", re.I
)
_DESCRIBED_STATUS = {
    "invasion": "battle",
    "siege": "battle",
    "conquest": "battle",
    "occupation": "occupied",
}


def _link_events_by_description(index: _Index, said: _Said, chosen: dict) -> None:
    """ "The German invasion in the USSR" describes one event as surely as its name: the one
    event of that kind and power the gazetteer lists for the place, begun by the sentence's
    time, whenever the sentence speaks (a 1945 summing-up looks back to June 1941)."""
    bounds = said.bounds
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        d = _DESCRIBED_EVENT.search(said.text[max(0, m.span[0] - 60) : m.span[0]])
        if place is None or d is None:
            continue
        powers = [p for p, pat in POWER_MENTIONS.items() if pat.fullmatch(d.group(1))]
        status = _DESCRIBED_STATUS[d.group(2).lower()]
        events = [
            f
            for f in place.features
            if f in index.by_id
            and index.kinds[index.by_id[f][0]] == "event"
            and str(index.status[index.by_id[f][0]]) == status
            and str(index.power[index.by_id[f][0]]) in powers
            and (bounds is None or index.starts[index.by_id[f][0]] < bounds[1])
        ]
        if len(events) == 1:
            chosen.setdefault(events[0], "gazetteer")


_STANDS_FOR = re.compile(r"\s+(?:was|were|is|had\s+been|has\s+been|became|proved)\b")


#: Between a state and its verb of regaining, a modal or an adverb allowed ("Romania was to
#: recover", "Poland would regain", "Finland later reclaimed").
_REGAINER_GAP = re.compile(
    r"(?:'s|’s)?(?:\s+(?:was|were|is|are)\s+to|\s+(?:would|should|shall|will|could|might"
    r"|must|had|has|have|did)(?:\s+to)?)?(?:\s+(?:also|soon|then|again|eventually|finally"
    r"|later|quickly))?\s+" + REGAINING_CUES,
    re.I,
)


def _regainer(text: str) -> str | None:
    """The one power named just before a verb of regaining (:data:`REGAINING_CUES`): "Romania
    was to recover northern Transylvania" receives it."""
    return _power_before(text, _REGAINER_GAP)


def _receiver(index: _Index, said: _Said) -> str | None:
    """The power a place is given back or handed to ("given back to the Republic of China"):
    the first country named just after the words; else the state named as regaining it
    (:func:`_regainer`)."""
    m = _GIVEN_TO.search(said.text) or _JOINING.search(said.text)
    if m is None:
        return _regainer(said.text) if _REGAIN.search(said.text) else None
    for found in index.gazetteer.find(said.text[m.end() : m.end() + 30]):
        place = index.gazetteer.places.get(found.place)
        if place is not None and place.kind == "country" and place.power:
            return place.power
    # or a power named by its words ("surrendered to the Allies")
    for power, pattern in POWER_MENTIONS.items():
        if pattern.match(said.text, m.end()):
            return power
    return None


def _forward_ok(
    index: _Index,
    row: int,
    said: _Said,
    t1: date,
    powers: set[str],
    listed: bool,
    receiver: str | None = None,
) -> bool:
    kind, status = str(index.row_kinds[row]), index.row_status[row]
    start, end = index.starts[row], index.ends[row]
    if kind not in FORWARD_KINDS or start - t1 > (
        AT_ONCE_WINDOW if said.at_once else FORWARD_WINDOW
    ):
        return False
    # a recognition ("Finland confirms the return of Petsamo") may also be of what holds
    # already; other statements look forward
    recognised = said.statement.name == "recognition" and (end is None or end > t1)
    made = said.bounds
    if start < (_made_from(made) if made else t1) and not recognised:
        return False
    if kind == "control":
        # a change of hands, said in words; a zone or sector word means those, not control
        # a place given back to a state becomes its own again: its sovereign territory
        given = status == "sovereign" and receiver is not None and index.power[row] == receiver
        if restored := _restored_to(index, row, receiver):
            given = True
        if not (listed or status in TRANSFER_STATUSES or given) or not _durable(index, row):
            return False
        if not said.transfer or (said.cues & SPECIFIC_KINDS and not listed):
            return False
        key = (index.names[row], index.power[row], status)
        if not listed and index.same_name.get(key, 0) > MAX_SAME_NAME:
            return False
    elif kind in ("zone", "sector"):
        # "the French sector of Vienna" is answered by :func:`_link_named_units`; a place put
        # "under the control of" a power is in that power's zone of occupation
        occupied = kind == "zone" and _UNDER_CONTROL.search(said.text) is not None
        if (kind not in said.cues and not occupied) or said.named_unit:
            return False
    elif kind == "line":
        if status != "boundary":
            return False
        # a line the sentence does not speak of is drawn by the agreement itself (the
        # Königsberg line of the Potsdam protocol), not by one asked for years before
        if "line" not in said.cues and not (listed and start - t1 <= EVENT_SLACK):
            return False
    elif kind == "event":
        if status not in FORWARD_EVENT_STATUSES:
            return False
        # an occupation is also realised by a change of hands ("return Bessarabia"), when it
        # carries out the demand at once; a claim backed months before is realised by the
        # new hold, not by the act that took it
        cue = EVENT_CUES.get(status)
        transfer = status == "occupied" and said.transfer and start - t1 <= EVENT_SLACK
        if cue is not None and not said.event_cued[status] and not transfer:
            return False
    power = str(index.power[row])
    if kind == "control" and restored:
        return True  # held by the receiver's ally or under its occupation, not by the receiver
    return not (powers and power not in _NO_POWER and not _power_named(power, powers, said.text))


def _restored_to(index: _Index, row: int, receiver: str | None) -> bool:
    """Whether a hold begun after a ground was handed to the Allies realised the hand-over:
    the ground's own rule restored to one of them (Corsica, French again) or its own
    government kept under their occupation (the King's government in Apulia)."""
    if receiver != "Allies":
        return False
    status = str(index.status[row])
    if status == "sovereign":
        return str(index.power[row]) in ALLIED_POWERS
    return status == UNDER_CONTROL_STATUS


#: Troops let into a country named before, not after: "each was told to let Soviet troops
#: into the country", "to admit Red Army units into their territory".
_INTO_THE_COUNTRY = re.compile(
    r"\b(?:let|lets|letting|admit\w*)\s+(?:[\w'’-]+\s+){0,4}?into\s+(?:the|their|its|each)\s+"
    r"(?:country|countries|territor(?:y|ies)|state|states)\b",
    re.I,
)


def _countries_let_into(index: _Index, said: _Said) -> set[str]:
    """The countries named before "let ... troops into the country" (the country each of
    them is): their territory is what the troops are let into."""
    m = _INTO_THE_COUNTRY.search(said.text)
    if m is None:
        return set()
    found = index.gazetteer.find(said.text[: m.start()])
    return {
        f.place
        for f in found
        if (p := index.gazetteer.places.get(f.place)) is not None and p.kind == "country"
    }


def _forward_places(index: _Index, said: _Said) -> list[tuple[str, bool]]:
    """The places a forward statement is about, each with whether its territory is meant:
    regions, islands, cities and peninsulas, and countries only where the sentence names a
    part of one ("the eastern portion of Poland"); a country named whole is an actor ("the
    Soviet Union shall enter the war"), searched only for events when the sentence calls one
    "of" it ("the long-promised invasion and regaining of German-occupied France")."""
    out = []
    adjectival = _adjectival_names(index.gazetteer, said.text)
    let_into = _countries_let_into(index, said)
    last_territory = -1  # where the last country named as territory ends
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind == "event" or m.place in out:
            continue
        if place.kind == "country" and (
            m.place in let_into
            or (last_territory >= 0 and _LIST_GAP.fullmatch(said.text, last_territory, m.span[0]))
        ):
            # "let into Latvia and Estonia": the list goes on; "Latvia and Estonia ... let
            # Soviet troops into the country": each of them
            out.append((m.place, True))
            last_territory = m.span[1]
            continue
        if m.place in adjectival:
            out.append((m.place, False))  # "Manchurian railroads": events there only
            continue
        if place.kind != "country" and _NAMED_AFTER.match(said.text, m.span[1]):
            continue  # "the Vienna award", "the Yalta agreement": an instrument's name
        before = said.text[max(0, m.span[0] - 60) : m.span[0]]
        if (
            place.kind != "country"
            or _PART_OF.search(before[-40:])
            or _FRONTIER_OF.search(before[-40:])
            or _CHANGED_AFTER.match(said.text, m.span[1])
            or _CHANGING_BEFORE.search(before[-40:])
        ):
            out.append((m.place, True))
            if place.kind == "country":
                last_territory = m.span[1]
        elif _EVENT_OF.search(before):
            out.append((m.place, False))  # "the invasion of German-occupied France": events
    # "points in Japanese territory": the country a power's adjective names, as territory
    for name in _adjective_territories(index, said.text):
        if (name, True) not in out:
            out.append((name, True))
    return out


def _adjective_territories(index: _Index, text: str) -> list[str]:
    """The countries whose territory a sentence names by their power's adjective ("points in
    Japanese territory", "the French state territory")."""
    cached = index.adjective_territories.get(text)
    if cached is not None:
        return cached
    out: list[str] = []
    index.adjective_territories[text] = out
    if _TERRITORY_AFTER.search(text) is None:
        return out
    for power, pattern in POWER_MENTIONS.items():
        if not any(_TERRITORY_AFTER.match(text, m.end()) for m in pattern.finditer(text)):
            continue
        for name, place in index.gazetteer.places.items():
            if place.kind == "country" and place.power == power and name not in out:
                out.append(name)
                break
    return out


#: An occupation by several powers together ("occupied by the forces of the four powers",
#: "jointly occupied"): what it makes is zones of occupation, though no zone is named.
_JOINT_OCCUPATION = re.compile(
    r"\boccup\w*\b[^.;:]{0,40}?\b(?:(?:two|three|four|five)\s+(?:\w+\s+)?powers|Allie[sd]|jointly)\b"
    r"|\bjointly\s+occup\w*",
    re.I,
)
#: A country as the ground of a change, not an actor: the subject of a passive verb of change
#: ("Austria shall be occupied", "Germany will be divided") or the object of an active one
#: ("to occupy Austria", "annexes Lithuania").
_CHANGED_AFTER = re.compile(
    r"\s+(?:(?:shall|will|must|is|are|was|were|to)\s+)?(?:also\s+)?(?:be\s+)?(?:jointly\s+)?"
    r"(?:occupied|annexed|ceded|returned|transferred|administered|divided|partitioned"
    r"|incorporated|evacuated)\b",
    re.I,
)
_CHANGING_BEFORE = re.compile(
    r"\b(?:occupy|occupies|occupying|annex|annexes|annexing|evacuate|evacuates|administer"
    r"|administers|divide|divides|partition|partitions)\s+(?:the\s+)?(?:whole\s+of\s+)?$"
    r"|\b(?:let|lets|letting|admit\w*)\s+(?:[\w'’-]+\s+){0,4}?into\s+(?:the\s+)?$",
    re.I,
)
#: "Japanese territory", "German soil": a country's territory named by its adjective.
_TERRITORY_AFTER = re.compile(
    r"\s+(?:home\s+|state\s+|national\s+)?(?:territor(?:y|ies)|soil)\b", re.I
)


#: A country named as the one that gains ("Poland must receive accessions of territory",
#: "Poland was to compensate for that by extending its western borders").
_RECEIVES = re.compile(
    r"\s+(?:[\w']+\s+){0,3}?(?:receiv\w*|gain\w*|acquir\w*|obtain\w*|compensat\w*|extend\w*)\b",
    re.I,
)
_COMPASS = re.compile(r"\b(north|south|east|west)(?:ern|ward)?\b", re.I)


def _link_gains(index: _Index, said: _Said, chosen: dict) -> None:
    """A country an agreement, promise or recognition says shall gain territory, without
    naming the territory: its first new hold after the sentence's time (within
    :data:`FORWARD_WINDOW`; the main piece of those begun within :data:`REALISATION_SPREAD`),
    on the side of its home the sentence names ("in the north and the west")."""
    bounds = said.bounds
    if bounds is None:
        return
    t1 = bounds[1]
    sides = {m.group(1).lower() for m in _COMPASS.finditer(said.text)}
    # a gain whose ground is named is the ground's change (:func:`_link_forward`)
    grounds = {
        name
        for name, territory in _forward_places(index, said)
        if territory and index.gazetteer.places[name].kind != "country"
    }
    if grounds:
        return
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind != "country" or not place.power:
            continue
        if not _RECEIVES.match(said.text, m.span[1]):
            continue
        home = index.scope(place)
        rows = [r for r in index.gains(place.power) if t1 <= index.starts[r] <= t1 + FORWARD_WINDOW]
        if home is not None and sides:
            cx, cy = index.centre(place)
            rows = [r for r in rows if _on_side(index.rep[r], cx, cy, sides)]
        _choose_first_realisation(index, rows, chosen)


#: Keeping what a treaty gave: "insisted on retaining the territories provided by the Pact".
_RETAIN = re.compile(
    r"\b(?:retain\w*|keep\w*|kept|hold\w*\s+on\s+to)\b[^.;:]{0,40}?\bterritor\w+",
    re.I,
)


def _speaker(text: str, before: int) -> str | None:
    """The power named last before a position ("Stalin also insisted on ..."): who speaks."""
    best, at = None, -1
    for power, pattern in POWER_MENTIONS.items():
        for m in pattern.finditer(text, 0, before):
            if m.end() > at:
                best, at = power, m.end()
    return best


def _link_retained(index: _Index, said: _Said, chosen: dict) -> None:
    """A demand or agreement that a power keep "the territories" a named treaty gave it
    links forward to that power's first lasting holds, after the sentence, on the ground it
    held under that treaty: its holds begun between the treaty and the sentence inside the
    spheres the treaty drew for it, and kept until those spheres ended (the 1945 annexation of eastern Poland for the 1939
    pact's territories, asked to be kept in 1943)."""
    m = _RETAIN.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    power = _speaker(said.text, m.start())
    if power is None:
        return
    t0, t1 = bounds
    days = set()
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is not None and place.kind == "event":
            days |= {index.starts[index.by_id[f][0]] for f in place.features if f in index.by_id}
    if not days:
        return
    for fid in _retained_holds(index, power, frozenset(days), t0, t1):
        chosen.setdefault(fid, "forward")


def _retained_holds(
    index: _Index, power: str, days: frozenset, t0: date, t1: date
) -> tuple[str, ...]:
    """The ids :func:`_link_retained` links (remembered: every copy of a text asks again)."""
    key = (power, days, t0, t1)
    if key in index.retained:
        return index.retained[key]
    out: tuple[str, ...] = ()
    spheres = [
        r
        for r in np.flatnonzero(index.kinds == "sphere")
        if index.starts[r] in days and str(index.power[r]) == power
    ]
    # held inside a sphere until the sphere ended (not the Winter War's Petsamo, given back)
    held = [
        r
        for r in index.gains(power)
        if min(days) <= index.starts[r] < t0
        and any(
            index.geoms[s].contains(index.rep[r])
            and (index.ends[r] is None or index.ends[s] is None or index.ends[r] >= index.ends[s])
            for s in spheres
        )
    ]
    if held:
        ground = shapely.STRtree(
            [index.geoms[i] for r in held for i in index.by_id[str(index.ids[r])]]
        )
        later = []
        for r in index.gains(power):
            name = (index.names[r], index.power[r], index.status[r])
            if t1 <= index.starts[r] <= t1 + FORWARD_WINDOW and (
                index.same_name.get(name, 0) <= MAX_SAME_NAME
            ):
                # its main piece (a few may lie on ground held before: Petsamo's share of
                # Rybachy)
                main = max(index.by_id[str(index.ids[r])], key=lambda i: index.geoms[i].area)
                later.append((str(index.ids[r]), index.rep[main]))
        if later:
            hits = ground.query([pt for _f, pt in later], predicate="within")[0]
            out = tuple(dict.fromkeys(later[i][0] for i in sorted(set(hits.tolist()))))
    index.retained[key] = out
    return out


#: Leaving a place: "Soviet troops will leave Manchuria", "withdraw its forces from".
_WITHDRAW = re.compile(r"\b(?:leave|leaves|withdraw\w*|evacuat\w*|pull\w*\s+out)\b", re.I)


def _leaver(index: _Index, text: str, before: int) -> str | None:
    """The power named last before a position, by its words (:data:`POWER_MENTIONS`) or by a
    country of the gazetteer ("Hungary shall withdraw ..."): who leaves."""
    best, at = _speaker(text, before), -1
    if best is not None:
        at = max(m.end() for m in POWER_MENTIONS[best].finditer(text, 0, before))
    for found in index.gazetteer.find(text[:before]):
        place = index.gazetteer.places.get(found.place)
        if place is not None and place.kind == "country" and place.power and found.span[1] > at:
            best, at = place.power, found.span[1]
    return best


#: A country named as the ground left: right after the verb ("leave Denmark"), after "from" or
#: "the territory of" ("withdraw its troops from the territory of Norway"); where the forces
#: go ("to the frontiers of Germany") or when ("after the capitulation of Japan") is not.
_LEFT_COUNTRY = re.compile(
    r"(?:^|\bfrom|\bterritor(?:y|ies)\s+of|\bsoil\s+of)\s+(?:the\s+)?$", re.I
)
#: More countries of the same list: "from Czechoslovakia, Yugoslavia and Greece".
_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and)\s*")


def _link_withdrawal(index: _Index, said: _Said, chosen: dict, context: Sequence[str] = ()) -> None:
    """A promise or agreement that a power will leave a place links forward to the next
    lasting hold there of another power (Soviet troops to leave Manchuria: China's
    Manchuria of May 1946), the first begun within :data:`FORWARD_WINDOW`. The ground is
    each place named after the words, a country too ("withdraw from the territory of
    Norway"), but not the leaver's own nor one it withdraws to; a ground left unnamed ("from
    the territory") is the territory the text named last (``context``), not the leaver's."""
    m = _WITHDRAW.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    leaving = _leaver(index, said.text, m.start())
    if leaving is None:
        return
    t1 = bounds[1]
    after = said.text[m.end() :]
    listed_end = None  # where the last country left ends (for lists of them)
    grounds = [(f.place, f.span) for f in index.gazetteer.find(after)]
    unnamed = _THE_GROUND.match(after)
    if not grounds and unnamed is not None:
        last = [
            n
            for n in context
            if n in index.gazetteer.places and index.gazetteer.places[n].power != leaving
        ]
        grounds = [(n, unnamed.span()) for n in last[:1]]
    for name, span in grounds:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in _SCOPE_KINDS:
            continue
        if place.kind == "country":
            gap = after[listed_end : span[0]] if listed_end is not None else ""
            if (
                not (_LEFT_COUNTRY.search(after[: span[0]]) or _LIST_GAP.fullmatch(gap))
                or place.power == leaving
            ):
                continue
            listed_end = span[1]
        rows = set(index.inside(place, frozenset({"control"})))
        if not rows and place.kind in POINT_KINDS:
            rows = set(index.at_place(place))  # a place drawn by no territory
        rows |= {index.by_id[f][0] for f in place.features if f in index.by_id}
        rows = [
            r
            for r in rows
            if _lasting_hold(index, r, TRANSFER_STATUSES | {"sovereign"})
            and str(index.power[r]) not in _NO_POWER | {leaving}
            and t1 <= index.starts[r] <= t1 + FORWARD_WINDOW
        ]
        _choose_first_realisation(index, rows, chosen)


_LEFT = re.compile(LEFT_CUES, re.I)
_SUBJECT_BEFORE = re.compile(rf"\b{SUBJECT_PRONOUNS}\s+(?:\w+ly\s+)?$", re.I)


_FORCES_AFTER = re.compile(r"(?:\s+[\w-]+){0,2}?\s+" + FORCES_WORDS, re.I)


def _forces_power(text: str, before: int) -> str | None:
    """The power whose forces the text named last before a position ("Soviet troops were to
    leave ...; in fact they stayed": USSR), or None."""
    best, at = None, -1
    for power, pattern in POWER_MENTIONS.items():
        if power in ("Vichy France", "Allies"):
            continue
        for m in pattern.finditer(text, 0, before):
            if m.start() > at and (
                _names_forces(power, m.group(0)) or _FORCES_AFTER.match(text, m.end())
            ):
                best, at = power, m.start()
    return best


def _link_left_reported(index: _Index, said: _Said, chosen: dict) -> None:
    """A report that a power's forces left a place (:data:`LEFT_CUES`: "Soviet troops left
    Manchuria in May 1946", "in fact they stayed until May 1946"): for each place the
    sentence names (not the leaver's own country), the first lasting hold of another power
    begun there within :data:`EVENT_SLACK` of the first date written after the words (when
    they left), which the leaving made."""
    m = _LEFT.search(said.text)
    if m is None or not said.starts:
        return
    if _SUBJECT_BEFORE.search(said.text, 0, m.start()):
        leaving = _forces_power(said.text, m.start())  # "they stayed": the troops named
    else:
        leaving = _leaver(index, said.text, m.start())
    if leaving is None:
        return
    # when they left: the first date written after the words (a sentence may also say what
    # was promised: "were to leave within three months ...; in fact they stayed until May")
    after = [t for d, t in zip(said.dates, said.starts, strict=False) if d in said.text[m.end() :]]
    if not after:
        return
    t0 = after[0]
    t1 = t0 + EVENT_SLACK
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in _SCOPE_KINDS or place.power == leaving:
            continue
        town = place.kind in _TOWN_KINDS
        # a town: the holds at its point, each begun when its piece there began ("the Germans
        # evacuated Smolensk on 25 September 1943": the Soviet Union's own hold again)
        candidates = (
            index.at_point(place.lon, place.lat)
            if town
            else index.inside(place, frozenset({"control"}))
        )
        begun: dict[int, date] = {}
        for r in candidates:
            if not _lasting_hold(index, r, TRANSFER_STATUSES | {"sovereign"}) or str(
                index.power[r]
            ) in _NO_POWER | {leaving}:
                continue
            days = index.begun_at(r, place.lon, place.lat) if town else [index.starts[r]]
            days = [d for d in days if t0 <= d <= t1]
            if days:
                begun[r] = min(days)
        if begun:
            first = min(begun.values())
            for r in _main_units(index, [r for r in begun if begun[r] == first]):
                chosen.setdefault(str(index.ids[r]), "left")


#: A ground left unnamed after a word of leaving: "withdraws its soldiers from the territory".
_THE_GROUND = re.compile(
    r"(?:\s+(?:its|their|all)\s+(?:[\w-]+\s+){0,4}?)?\s*from\s+(?:the|that|this)\s+"
    r"(?:territor(?:y|ies)|land|area|region)\b(?!\s+of\b)",
    re.I,
)


#: Forces of occupation: "the occupying forces of the Allies", "occupation troops".
_OCCUPIERS = re.compile(
    r"\b(?:occupying\s+(?:forces|troops|armies|powers)|forces\s+of\s+occupation"
    r"|occupation\s+(?:forces|troops|armies))\b",
    re.I,
)


def _link_occupiers_leave(index: _Index, said: _Said, chosen: dict) -> None:
    """A promise that the occupying forces will leave a place ("the occupying forces of the
    Allies are to leave Japan") is about the occupation whose end it promises: the occupation
    of the place by the powers named, in force at the sentence's time or the first begun
    within :data:`FORWARD_WINDOW` after (its main piece per power)."""
    occupiers = _OCCUPIERS.search(said.text)
    leave = _WITHDRAW.search(said.text, occupiers.end()) if occupiers else None
    bounds = said.bounds
    if leave is None or bounds is None:
        return
    powers = _powers_named(said.text[: leave.start()], (), index.gazetteer)
    for found in index.gazetteer.find(said.text[leave.end() :]):
        place = index.gazetteer.places.get(found.place)
        if place is None or place.kind not in _SCOPE_KINDS or index.scope(place) is None:
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.status[r]) == "occupied"
            and (not powers or str(index.power[r]) in powers)
            and _durable(index, r)
            and (
                _valid_at(index, r, bounds[0])
                or bounds[0] <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
            )
        ]
        by_power: dict[str, list[int]] = {}
        for r in rows:
            by_power.setdefault(str(index.power[r]), []).append(r)
        for group in by_power.values():
            first = min(index.starts[r] for r in group)
            main = max(
                (r for r in group if index.starts[r] - first <= REALISATION_SPREAD),
                key=index.area,
            )
            chosen.setdefault(str(index.ids[main]), "forward")
        return


def _centre(parts) -> tuple[float, float]:
    xs = [g.centroid.x for g in parts]
    ys = [g.centroid.y for g in parts]
    weights = [g.area for g in parts]
    total = sum(weights) or 1.0
    return (
        sum(x * w for x, w in zip(xs, weights, strict=True)) / total,
        sum(y * w for y, w in zip(ys, weights, strict=True)) / total,
    )


def _on_side(point, cx: float, cy: float, sides: set[str]) -> bool:
    x, y = point.x, point.y
    return any(
        (side == "north" and y > cy)
        or (side == "south" and y < cy)
        or (side == "east" and x > cx)
        or (side == "west" and x < cx)
        for side in sides
    )


#: Places left on one side of a line: "leaves Košice on the Hungarian side", "Bratislava
#: remains with Czechoslovakia".
_ON_SIDE = re.compile(r"\bon\s+the\s+([A-Z][\w-]+)\s+side\b")
_REMAIN_WITH = re.compile(r"\bremains?\s+(?:with|in|part\s+of)\s+(?:the\s+)?$", re.I)
_CLAUSES = re.compile(r"\b(?:while|whereas)\b|;", re.I)


def _power_of_word(index: _Index, word: str) -> str | None:
    """The power an adjective names ("Hungarian": Hungary), by :data:`POWER_MENTIONS` or the
    first four letters of a power of the data."""
    for power, pattern in POWER_MENTIONS.items():
        if power != "Vichy France" and pattern.fullmatch(word):
            return power
    found = {p for p in map(str, set(index.power)) if p[:4].casefold() == word[:4].casefold()}
    return found.pop() if len(found) == 1 else None


def _link_sides(index: _Index, said: _Said, chosen: dict) -> None:
    """Towns a line leaves on one side ("leaves Komárno and Košice on the Hungarian side") or
    that remain with a state ("while Bratislava remains with Czechoslovakia"): the hold of
    that power at those towns at the sentence's time, whatever its status."""
    bounds = said.bounds
    if bounds is None:
        return
    start = 0
    for end in [m.start() for m in _CLAUSES.finditer(said.text)] + [len(said.text)]:
        clause = said.text[start:end]
        start = end
        powers = []
        found = index.gazetteer.find(clause)
        for m in _ON_SIDE.finditer(clause):
            powers.append(_power_of_word(index, m.group(1)))
        for f in found:
            place = index.gazetteer.places.get(f.place)
            if (
                place is not None
                and place.kind == "country"
                and place.power
                and _REMAIN_WITH.search(clause[: f.span[0]])
            ):
                powers.append(place.power)
        powers = [p for p in powers if p]
        if len(powers) != 1:
            continue
        for f in found:
            place = index.gazetteer.places.get(f.place)
            if place is None or place.kind not in ("city", "building", "island", "region"):
                continue
            for r in index.at_place(place, said.when.intervals):
                if (
                    index.kinds[r] == "control"
                    and str(index.power[r]) == powers[0]
                    and any(
                        _strict_overlap(index.starts[r], index.ends[r], a, b)
                        for a, b in said.when.intervals
                    )
                    and _durable(index, r)
                ):
                    chosen.setdefault(str(index.ids[r]), "place")


#: Ceding what the sentence does not name: "the territories Czechoslovakia is to cede to Hungary".
_CEDE_TO = re.compile(r"\bced(?:e|es|ed|ing)\s+(?:[\w-]+\s+){0,4}?to\s+(?:the\s+)?", re.I)


def _link_cession_unnamed(index: _Index, said: _Said, chosen: dict) -> None:
    """A cession from one state to another that names no place ("the territories
    Czechoslovakia is to cede to Hungary"): the receiver's first lasting new hold inside the
    ceding state's territory, begun from the sentence's time on (a treaty's cession takes
    effect the day it is made) to :data:`FORWARD_WINDOW` after; its main pieces."""
    m = _CEDE_TO.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    found = index.gazetteer.find(said.text)
    places = [index.gazetteer.places.get(f.place) for f in found]
    if any(p is not None and p.kind not in ("country", "event") for p in places):
        return  # the place ceded is named: the forward rule answers
    givers = [
        p
        for f, p in zip(found, places, strict=True)
        if p is not None and p.kind == "country" and f.span[1] <= m.start()
    ]
    takers = [
        p
        for f, p in zip(found, places, strict=True)
        if p is not None and p.kind == "country" and m.end() <= f.span[0] <= m.end() + 30
    ]
    if not givers or not takers or not takers[0].power:
        return
    home = index.scope(givers[-1])
    if home is None:
        return
    rows = [
        r
        for r in index.gains(takers[0].power)
        if bounds[0] <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
        and any(part.contains(index.rep[r]) for part in home)
    ]
    _choose_first_realisation(index, rows, chosen)


#: A country to be free: "Korea shall in due course become free and independent".
_INDEPENDENT = re.compile(
    r"\s+(?:shall|should|will|would|is\s+to|must)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:become|be|be\s+made)\s+(?:free\s+and\s+)?independent\b",
    re.I,
)
_INDEPENDENCE_OF = re.compile(r"\bindependence\s+of\s+(?:the\s+)?$", re.I)
#: How far ahead the independence a promise looks to may come ("in due course").
INDEPENDENCE_WINDOW = 2 * FORWARD_WINDOW


def _link_independence(index: _Index, said: _Said, chosen: dict) -> None:
    """A promise, agreement or recognition that a country shall become independent is
    realised by the first sovereign state(s) on its territory after the sentence's time
    (within :data:`INDEPENDENCE_WINDOW`; those begun within :data:`REALISATION_SPREAD` of the
    first: Korea's two states of 1948)."""
    bounds = said.bounds
    if bounds is None:
        return
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind != "country" or index.scope(place) is None:
            continue
        if not (
            _INDEPENDENT.match(said.text, m.span[1])
            or _INDEPENDENCE_OF.search(said.text[max(0, m.span[0] - 30) : m.span[0]])
        ):
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.status[r]) == "sovereign"
            and bounds[1] <= index.starts[r] <= bounds[1] + INDEPENDENCE_WINDOW
        ]
        if rows:
            first = min(index.starts[r] for r in rows)
            for r in rows:
                if index.starts[r] - first <= REALISATION_SPREAD:
                    chosen.setdefault(str(index.ids[r]), "forward")


_STATE_FOUNDED = re.compile(STATE_FOUNDED_CUES, re.I)


def _link_state_proclaimed(index: _Index, said: _Said, chosen: dict) -> None:
    """ "The Republic of Korea was proclaimed in the south on 15 August 1948"
    (:data:`STATE_FOUNDED_CUES`, with a day): the sovereign hold begun that day, inside a
    country the sentence names, of a new state: one whose power held none of that ground
    before (a state restored, France in August 1944, is not proclaimed anew)."""
    if not _STATE_FOUNDED.search(said.text):
        return
    days = {d for d, p in zip(said.starts, said.precisions, strict=False) if p == "day"}
    if not days:
        return
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind != "country" or index.scope(place) is None:
            continue
        for r in index.inside(place, frozenset({"control"})):
            if str(index.status[r]) != "sovereign" or index.starts[r] not in days:
                continue
            power = index.power[r]
            ground = index.tree.query(index.rep[r], predicate="intersects")
            if any(
                index.kinds[q] == "control"
                and index.power[q] == power
                and index.starts[q] < index.starts[r]
                for q in ground
            ):
                continue
            chosen.setdefault(str(index.ids[r]), "proclaimed")


#: The organ of a country under Allied control: "an Allied Control Commission".
_CONTROL_ORGAN = re.compile(r"\bcontrol\s+(?:commission|council)\b", re.I)
#: The status of a state whose government works under a foreign control.
UNDER_CONTROL_STATUS = "under-occupation"


def _link_control_commission(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict
) -> None:
    """ "An Allied Control Commission will supervise ...": the country the text speaks of
    (named, or the one it named last) as a state under that control, valid at the
    sentence's time or begun within :data:`EVENT_SLACK` after it."""
    bounds = said.bounds
    if bounds is None or not _CONTROL_ORGAN.search(said.text):
        return
    for name in scope_names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind != "country" or not place.power:
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.status[r]) == UNDER_CONTROL_STATUS
            and str(index.power[r]) == place.power
            and (
                _valid_at(index, r, bounds[0])
                or bounds[0] <= index.starts[r] <= bounds[1] + EVENT_SLACK
            )
        ]
        if rows:  # its main piece (not the steps of the front crossing it)
            chosen.setdefault(str(index.ids[max(rows, key=index.area)]), "context")
            return


#: A state changing sides: "left the war", "fights on the side of the Allies".
_SWITCH = re.compile(
    r"\b(?:left|leaves|quit\w*)\s+the\s+war\b|\b(?:changed|switched|changes|switches)\s+sides\b"
    r"|\bon\s+the\s+side\s+of\b",
    re.I,
)


def _link_switch(index: _Index, said: _Said, chosen: dict) -> None:
    """A state that leaves the war or changes sides: the new state of its own ground begun
    within :data:`EVENT_SLACK` of the sentence's time (the map marks the switch by a new hold
    of that country; a year-dated sentence begins too far from it)."""
    bounds = said.bounds
    if bounds is None or not said.switch:
        return
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind != "country" or not place.power:
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.power[r]) == place.power
            and abs(index.starts[r] - bounds[0]) <= EVENT_SLACK
            and _durable(index, r)
        ]
        if rows:  # its main piece (not the steps of the front crossing it)
            chosen.setdefault(str(index.ids[max(rows, key=index.area)]), "scope")
        return  # the subject: the first country named


#: Taking a country out of the war ("King Michael took his country out of the war"): it
#: leaves the war as surely as "left the war".
_OUT_OF_WAR = re.compile(
    r"\b(?:took|takes?|taken|taking|brought|brings?)\s+(?:[\w-]+\s+){0,3}?out\s+of\s+the\s+war\b",
    re.I,
)


def _link_switch_reported(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict
) -> None:
    """What :func:`_link_switch` does not reach in a report: a country taken "out of the war",
    and a switch whose sentence names no country ("A new government took power in Sofia on 9
    September and at once changed sides"): the country the text spoke of last."""
    bounds = said.bounds
    if bounds is None:
        return
    switch = said.switch
    if not switch and not _OUT_OF_WAR.search(said.text):
        return
    countries = [
        m.place
        for m in index.gazetteer.find(said.text)
        if (place := index.gazetteer.places.get(m.place)) is not None
        and place.kind == "country"
        and place.power
    ]
    if switch and countries:
        return  # read by _link_switch
    for name in (
        countries[:1] or [n for n in scope_names if index.gazetteer.places[n].kind == "country"][:1]
    ):
        place = index.gazetteer.places[name]
        if not place.power:
            continue
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.power[r]) == place.power
            and abs(index.starts[r] - bounds[0]) <= EVENT_SLACK
            and _durable(index, r)
        ]
        if rows:
            chosen.setdefault(str(index.ids[max(rows, key=index.area)]), "scope")


#: A country's surrender: "the unconditional surrender of Japan", "of all its armed forces".
_SURRENDER_OF = re.compile(r"\bsurrender\s+of\b", re.I)
#: A surrender looked back to: "Germany capitulated", "the capitulation of Germany",
#: "Germany's defeat".
_SURRENDERED = re.compile(
    r"\b(?:surrender|capitulation|defeat)\s+of\b"
    r"|(?:'s|’s)\s+(?:\w+\s+)?(?:surrender|capitulation|defeat)\b"
    r"|\s+(?:capitulated|surrendered|(?:was|had\s+been)\s+(?:utterly\s+)?defeated)\b",
    re.I,
)
#: Words that make what follows a time, not a topic: "after the capitulation of Japan".
_TEMPORAL_BEFORE = re.compile(
    r"\b(?:after|before|until|till|since|following|upon|from)\s+(?:the\s+)?(?:\w+\s+)?$", re.I
)
#: How far after ``surrender of`` the country it names may come.
_SURRENDER_REACH = 40


def _treaties_on(index: _Index, place: Place) -> list[int]:
    """Rows of the treaty events signed on a country's ground or just off its coast (Tokyo
    Bay): within :data:`NEAR_DEG` of its territory."""
    hits = index.tree.query(index.scope(place), predicate="dwithin", distance=NEAR_DEG)[1]
    return [
        r
        for r in {int(index.first[h]) for h in hits}
        if index.kinds[r] == "event" and str(index.status[r]) == "treaty"
    ]


def _link_surrendered(index: _Index, said: _Said, chosen: dict) -> None:
    """A sentence of a dated text that looks back to a country's surrender or defeat
    ("Germany capitulated", "the capitulation of Germany"; not a time: "after the
    capitulation of Japan"): the surrender signed last on (or just off) its ground before
    the text's date, within :data:`FORWARD_WINDOW`, looked back to."""
    if said.doc_day is None or (
        said.statement is not None and said.statement.direction == "forward"
    ):
        return
    m = _SURRENDERED.search(said.text)
    if m is None:
        return
    for found in index.gazetteer.find(said.text):
        place = index.gazetteer.places[found.place]
        if place.kind != "country" or index.scope(place) is None:
            continue
        after = m.group().startswith(("'", "’", " ")) and found.span[1] == m.start()
        of = m.end() <= found.span[0] <= m.end() + _SURRENDER_REACH
        if not (after or of):
            continue
        head = said.text[: found.span[0] if after else m.start()]
        if _TEMPORAL_BEFORE.search(head):
            continue
        events = [
            r
            for r in _treaties_on(index, place)
            if index.ends[r] is not None
            and index.ends[r] <= said.doc_day
            and index.starts[r] >= said.doc_day - FORWARD_WINDOW
        ]
        if events:
            last = max(events, key=lambda r: index.starts[r])
            chosen.setdefault(str(index.ids[last]), "surrendered")
        return


#: Words of a surrender in an event's name, an armistice too ("Unconditional surrender of
#: the German armed forces", "Japanese surrender signed in Tokyo Bay").
_SURRENDER_NAME = re.compile(r"\b(?:surrender|capitulation|armistice)\b", re.I)


def _link_surrender_reported(index: _Index, said: _Said, chosen: dict) -> None:
    """A report that a country surrendered, dated in its own sentence ("Japan surrendered on
    2 September 1945", "the capitulation of Germany on 7 May 1945"): the surrender signed
    then (or the day before) on or just off its ground, or named after it. A look back
    with no date of its own is :func:`_link_surrendered`'s; a time ("after the capitulation
    of Japan") is not a report."""
    if said.when.inherited or not said.when.fine:
        return
    bounds = said.bounds
    m = _SURRENDERED.search(said.text)
    if m is None or bounds is None or bounds[1] - bounds[0] > timedelta(days=31):
        return
    for found in index.gazetteer.find(said.text):
        place = index.gazetteer.places[found.place]
        if place.kind != "country" or index.scope(place) is None:
            continue
        after = m.group().startswith(("'", "’", " ")) and found.span[1] == m.start()
        of = m.end() <= found.span[0] <= m.end() + _SURRENDER_REACH
        if not (after or of) or _TEMPORAL_BEFORE.search(said.text[: min(m.start(), found.span[0])]):
            continue
        mention = POWER_MENTIONS.get(place.power or place.name)
        rows = {
            r
            for r in index.day_events
            if str(index.status[r]) == "treaty"
            and _SURRENDER_NAME.search(str(index.names[r]))
            and mention is not None
            and mention.search(str(index.names[r]))
        } | {r for r in _treaties_on(index, place) if _SURRENDER_NAME.search(str(index.names[r]))}
        for r in sorted(rows):
            if bounds[0] - _ONE_DAY <= index.starts[r] <= bounds[1]:
                chosen.setdefault(str(index.ids[r]), "current")
        return


def _link_surrender_of(index: _Index, said: _Said, chosen: dict) -> None:
    """An agreement, promise or demand that a country surrender ("the unconditional
    surrender of Japan"; "its armed forces", the one country the sentence names) is realised
    by the surrender signed on that country's ground: the first treaty event on (or within
    :data:`NEAR_DEG` of) its territory after the sentence's time (within :data:`FORWARD_WINDOW`)."""
    m = _SURRENDER_OF.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    countries = [
        (f, index.gazetteer.places[f.place])
        for f in index.gazetteer.find(said.text)
        if index.gazetteer.places[f.place].kind == "country"
        and index.scope(index.gazetteer.places[f.place]) is not None
    ]
    near = [p for f, p in countries if m.end() <= f.span[0] <= m.end() + _SURRENDER_REACH]
    named = {p.name: p for _f, p in countries}
    place = near[0] if near else next(iter(named.values())) if len(named) == 1 else None
    if place is None:
        return
    events = [
        r
        for r in _treaties_on(index, place)
        if bounds[1] <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
    ]
    if events:
        first = min(events, key=lambda r: index.starts[r])
        chosen.setdefault(str(index.ids[first]), "forward")


#: A surrender asked of enemies not named ("until those enemies have laid down their arms in
#: unconditional surrender"): each of theirs that followed.
_ENEMIES_SURRENDER = re.compile(
    r"\benem(?:y|ies)\b[^.;]{0,80}?\b(?:unconditional(?:ly)?\s+surrender\w*"
    r"|surrender\w*\s+unconditionally)\b",
    re.I,
)


def _link_enemies_surrender(index: _Index, said: _Said, chosen: dict) -> None:
    """A promise to fight on until the enemies, not named, surrender unconditionally is
    realised by every surrender (a treaty event named so) signed after the sentence's time
    within :data:`FORWARD_WINDOW` (the German and the Japanese of 1945 for a pledge of
    1943); a surrender "of" a country named is :func:`_link_surrender_of`'s."""
    bounds = said.bounds
    if (
        bounds is None
        or _SURRENDER_OF.search(said.text)
        or not _ENEMIES_SURRENDER.search(said.text)
    ):
        return
    for row in index.day_events:
        if (
            str(index.status[row]) == "treaty"
            and bounds[1] <= index.starts[row] <= bounds[1] + FORWARD_WINDOW
            and "surrender" in _instrument_words(index.names[row])
        ):
            chosen.setdefault(str(index.ids[row]), "forward")


#: Freeing a ground from a power's hold: "is to be freed from German domination".
_FREED_FROM = re.compile(
    r"\b(?:freed|free|frees|liberat\w+|releas\w+|deliver\w*)\s+from\s+(?:the\s+)?"
    r"(?P<power>[\w-]+)\s+(?:domination|rule|occupation|yoke|control|oppression|tyranny)\b",
    re.I,
)


def _link_freed_from(index: _Index, said: _Said, chosen: dict) -> None:
    """A ground to be freed from a power's domination, rule or occupation ("Austria is to be
    freed from German domination") links that power's hold on the ground in force at the
    sentence's time: the hold the clause speaks of, not the liberation to come. The ground is
    each place the sentence names but the power's own."""
    m = _FREED_FROM.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    power = next(
        (p for p, pattern in POWER_MENTIONS.items() if pattern.fullmatch(m.group("power"))), None
    )
    if power is None:
        return
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in _SCOPE_KINDS or place.power == power:
            continue
        rows = index.held_rows(place)
        for r in rows:
            if (
                _lasting_hold(index, r)
                and str(index.power[r]) == power
                and _strict_overlap(index.starts[r], index.ends[r], bounds[0], bounds[1])
            ):
                chosen.setdefault(str(index.ids[r]), "freed")


_STATE_END = re.compile(STATE_END_CUES, re.I)
_STATE_AFTER = re.compile(r"\s+(?:state|republic)\b", re.I)
#: How far after the words of a state's end its name may come ("the collapse of the former
#: Polish state").
_STATE_NAMED_AFTER = 30


def _ended_states(index: _Index, said: _Said) -> list[Place]:
    """The countries whose end a sentence reports: named in the clause before the words of
    the end ("this state has now fallen apart") or just after them ("the collapse of the
    former Polish state"), by name or by the power's adjective before "state"."""
    out: list[Place] = []
    for m in _STATE_END.finditer(said.text):
        head = max(said.text.rfind(c, 0, m.start()) for c in ";:")
        span = said.text[head + 1 : m.end() + _STATE_NAMED_AFTER]
        for found in index.gazetteer.find(span):
            place = index.gazetteer.places.get(found.place)
            if place is not None and place.kind == "country" and place.power and place not in out:
                out.append(place)
        for power, pattern in POWER_MENTIONS.items():
            if any(_STATE_AFTER.match(span, a.end()) for a in pattern.finditer(span)):
                out += [
                    p
                    for p in index.gazetteer.places.values()
                    if p.kind == "country" and p.power == power and p not in out
                ][:1]
    return out


def _link_state_ended(index: _Index, said: _Said, chosen: dict) -> None:
    """A state's end ("this state has now fallen apart", "Poland ceased to exist"): the
    state's own hold on its ground (its extent, held by its own power) that ended within
    :data:`EVENT_SLACK` of the sentence's time: the state as it was, not what followed."""
    bounds = said.bounds
    if bounds is None or _STATE_END.search(said.text) is None:
        return
    for place in _ended_states(index, said):
        for fid in place.extent:
            for r in index.by_id.get(fid, [])[:1]:
                end = index.ends[r]
                if (
                    str(index.power[r]) == place.power
                    and end is not None
                    and bounds[0] - EVENT_SLACK <= end <= bounds[1] + EVENT_SLACK
                ):
                    chosen.setdefault(str(index.ids[r]), "ended")


_CLAIM_GIVEN_UP = re.compile(CLAIM_GIVEN_UP_CUES, re.I)
_CLAIM_GIVER = _verb_after(CLAIM_GIVEN_UP_CUES.removeprefix(r"\b"))


def _link_claim_given_up(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A claim to a ground given up ("the German government gives up its claim to the strip
    of Lithuanian land") links what the ground became on the day of the text that gives it
    up: the features the gazetteer lists for each place named after the words, begun that
    day (or within a day), of another power than the giver (the power named just before).
    The giver's own that end that day, found by the words of this sentence, are dropped:
    what it gives up is not what the clause makes."""
    m = _CLAIM_GIVEN_UP.search(said.text)
    day = said.doc_day
    if m is None or day is None:
        return
    giver = _power_before(said.text, _CLAIM_GIVER)
    for found in index.gazetteer.find(said.text[m.end() :]):
        place = index.gazetteer.places.get(found.place)
        if place is None or place.kind == "country":
            continue
        for fid in place.features:
            for r in index.by_id.get(fid, [])[:1]:
                if index.kinds[r] == "event":
                    continue
                if str(index.power[r]) != giver and abs(index.starts[r] - day) <= _ONE_DAY:
                    chosen.setdefault(str(index.ids[r]), "given-up")
                end = index.ends[r]
                if (
                    str(index.power[r]) == giver
                    and end is not None
                    and abs(end - day) <= _ONE_DAY
                    and fid not in before
                    and chosen.get(fid) in _WORD_RULES
                ):
                    del chosen[fid]


_OCCUPIER_AUTHORITY = re.compile(OCCUPIER_AUTHORITY_CUES, re.I)


def _link_rule_subject_to_occupier(index: _Index, said: _Said, chosen: dict) -> None:
    """A state's rule made subject to its occupier's commander ("the authority of the Japanese
    government to rule the state shall be subject to the Supreme Commander"): the largest
    occupation of the state's territory by another power in force at the sentence's time or
    begun within :data:`EVENT_SLACK` after it. The state is named before the words, by name
    or by its power's adjective."""
    m = _OCCUPIER_AUTHORITY.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    head = said.text[: m.start()]
    states = [
        p
        for f in index.gazetteer.find(head)
        if (p := index.gazetteer.places.get(f.place)) is not None and p.kind == "country"
    ]
    for power, pattern in POWER_MENTIONS.items():
        if pattern.search(head):
            states += [
                p
                for p in index.gazetteer.places.values()
                if p.kind == "country" and p.power == power and p not in states
            ][:1]
    for place in states:
        rows = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.status[r]) == "occupied"
            and index.power[r] != place.power
            and (
                _valid_at(index, r, bounds[0])
                or bounds[0] <= index.starts[r] <= bounds[1] + EVENT_SLACK
            )
        ]
        if rows:
            chosen.setdefault(str(index.ids[max(rows, key=index.area)]), "context")


#: The changes made on a ground since a date: "the territorial changes made in Poland since
#: August 1939".
_CHANGES_SINCE = re.compile(
    r"\bchanges?\s+(?:[\w-]+\s+){0,3}?(?:in|of|to)\s+(?:the\s+)?(?P<ground>[^,;.]{2,40}?)"
    r"\s+since\s+(?P<since>[^,;.]{2,30})",
    re.I,
)


#: A date referred back to: "since that date", "since that day", "since then".
_THAT_DATE = re.compile(r"(?:that|this|the\s+same)\s+(?:date|day|time)\b|then\b", re.I)


def _date_referred_back(said: _Said, at: int) -> list[date]:
    """ "(since) that date" at ``at``: the first day of the last date written before it in the
    sentence ("the annexation of 15 March 1938 ... any change made since that date")."""
    if _THAT_DATE.match(said.text, at) is None:
        return []
    before = [
        (said.text.rfind(t, 0, at), d)
        for d, t in zip(said.starts, said.dates, strict=False)
        if said.text.rfind(t, 0, at) >= 0
    ]
    return [max(before)[1]] if before else []


def _link_changes_since(index: _Index, said: _Said, chosen: dict) -> None:
    """A clause on "the territorial changes made in Poland since August 1939" (recognised
    or not) is about each hold another power took of that ground from that date up to the
    clause's time: those of the gazetteer's ground (one piece each, not a front's steps)."""
    m = _CHANGES_SINCE.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None or not said.starts:
        return
    since_at = m.start("since")
    since = [
        d for d, t in zip(said.starts, said.dates, strict=False) if said.text.find(t, since_at) >= 0
    ] or _date_referred_back(said, since_at)
    if not since:
        return
    t0 = min(since)
    until = said.doc_day or bounds[1]  # the clause speaks at its text's date, if dated
    for found in index.gazetteer.find(m.group("ground")):
        place = index.gazetteer.places.get(found.place)
        if place is None or place.kind not in _SCOPE_KINDS:
            continue
        rows = index.held_rows(place)
        rows = [
            r
            for r in rows
            if _lasting_hold(index, r)
            and str(index.power[r]) not in _NO_POWER | {place.power}
            and t0 <= index.starts[r] < until
            and _mostly_in(index, r, place)
        ]
        for r in rows:
            # an occupation its power turned into another hold there (an annexation begun
            # before it ended) is a step of that change, not a change of its own
            end = index.ends[r]
            if str(index.status[r]) == "occupied" and any(
                index.power[o] == index.power[r]
                and str(index.status[o]) != "occupied"
                and end is not None
                and index.starts[r] < index.starts[o] <= end
                for o in rows
            ):
                continue
            chosen.setdefault(str(index.ids[r]), "changes")


def _drop_reported_later_holds(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A report dated by its own words ("on 9 August its armies crossed into Manchuria") is
    about what held at that time: a hold the word rules found there that began only after
    it (the occupation completed weeks later) is not linked. Agreements, promises, demands
    and recognitions still look ahead, and so does a sentence whose time is inherited. A hold
    drawn from the day after the reported one ("landed on Iturup on 28 August", the
    occupation drawn from 29 August) is the same event told a day apart (CAPTURE_SLACK)."""
    if said.statement is not None or said.when.inherited or not said.dates:
        return
    bounds = _bounds(said.when)
    if bounds is None:
        return
    for fid in [f for f in chosen if f not in before and chosen[f] in _WORD_RULES]:
        row = index.by_id[fid][0]
        if index.kinds[row] == "control" and index.starts[row] >= bounds[1] + CAPTURE_SLACK:
            del chosen[fid]


#: Point places that are ground a sentence may be about (not a river or line bounding it).
_GROUND_POINT_KINDS = tuple(k for k in POINT_KINDS if k not in ("river", "line"))


def _drop_venue_holds(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A town named as where a conference met ("At Potsdam, on 2 August 1945, the three
    powers placed ...", its conference linked) is not ground the sentence is about: a hold
    or zone found only at that town's point (or a river's) is not linked."""
    venues = []
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in POINT_KINDS:
            continue
        if any(
            fid in chosen and str(index.status[index.by_id[fid][0]]) == "conference"
            for fid in place.features
            if fid in index.by_id
        ):
            venues.append(place)
    if not venues:
        return
    at_venue = {int(r) for v in venues for r in index.at_point(v.lon, v.lat)}
    elsewhere: set[int] = set()
    for name in said.names:
        place = index.gazetteer.places.get(name)
        # a river or line named bounds ground ("east of the Oder"); its point is no ground
        if place is not None and place not in venues and place.kind in _GROUND_POINT_KINDS:
            elsewhere.update(int(r) for r in index.at_place(place, said.when.intervals))
    for fid in [f for f in chosen if f not in before and chosen[f] == "place"]:
        row = index.by_id[fid][0]
        if row in at_venue and row not in elsewhere and index.kinds[row] in _HELD_KINDS:
            del chosen[fid]


def _mostly_in(index: _Index, row: int, place: Place) -> bool:
    """Whether most of a feature's ground (by the area of its pieces) lies in a place's
    territory: a change "made in Poland" is a hold taken of Polish ground, not the
    annexation of a neighbour that took in a strip of it (Lithuania in 1940, with the Vilnius
    region Poland had lost the year before)."""
    scope = index.scope(place)
    pieces = np.asarray(index.by_id[str(index.ids[row])])
    if scope is None or not len(pieces):
        return True
    area = shapely.area(index.geoms[pieces])
    inside = np.isin(pieces, index.in_scope(scope, pieces))
    return float(area[inside].sum()) * 2 >= float(area.sum())


#: Whose interest in a place: "Lithuania's interest in", "the interest of Lithuania in".
_HOLDER_INTEREST = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?interests?\s+in\s+(?:the\s+)?", re.I)
_INTEREST_OF = re.compile(r"\binterests?\s+of\s+(?:the\s+)?$", re.I)
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?", re.I)


def _link_interest_realised(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A country's interest in a place that an agreement, promise or recognition accepts
    ("both sides recognise Lithuania's interest in the Vilna area") is realised by that
    country's own hold of the place: its first lasting hold there after the sentence's time
    (within :data:`FORWARD_WINDOW`); another power's hold of the place that the sentence's
    words found (the Red Army there first) is not what was recognised."""
    bounds = said.bounds
    if bounds is None:
        return
    found = index.gazetteer.find(said.text)
    for k, m in enumerate(found):
        holder = index.gazetteer.places.get(m.place)
        if holder is None or holder.kind != "country" or not holder.power:
            continue
        after = _HOLDER_INTEREST.match(said.text, m.span[1])
        if after is None and _INTEREST_OF.search(said.text[max(0, m.span[0] - 30) : m.span[0]]):
            after = _IN_PLACE.match(said.text, m.span[1])
        if after is None:
            continue
        target = next((f for f in found[k + 1 :] if f.span[0] == after.end()), None)
        place = index.gazetteer.places.get(target.place) if target is not None else None
        if place is None or place.kind == "event":
            continue
        rows = {index.by_id[f][0] for f in place.features if f in index.by_id}
        if place.kind in _SCOPE_KINDS:
            rows |= set(index.inside(place, frozenset({"control"})))
        rows = {r for r in rows if index.kinds[r] == "control"}
        own = [
            r
            for r in rows
            if str(index.power[r]) == holder.power
            and str(index.status[r]) in TRANSFER_STATUSES
            and _durable(index, r)
            and _made_from(bounds) <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
        ]
        if own:
            first = min(index.starts[r] for r in own)
            for r in own:
                if index.starts[r] - first <= REALISATION_SPREAD:
                    chosen.setdefault(str(index.ids[r]), "forward")
        for r in rows:
            fid = str(index.ids[r])
            if fid in chosen and fid not in before and str(index.power[r]) != holder.power:
                del chosen[fid]


#: A power's forces: "the German troops", "Soviet forces" (after a word of POWER_MENTIONS).
_TROOPS = re.compile(r"\s+(?:troops|forces|armies|army|garrisons?|units|divisions)\b", re.I)
_TROOPS_WORD = re.compile(_TROOPS.pattern.removeprefix(r"\s+"), re.I)
#: Where they stand: "troops left on its soil", "forces in Norway".
_STANDING = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:on|in)\b", re.I)


def _link_troops_on_soil(index: _Index, said: _Said, chosen: dict) -> None:
    """ "The German troops left on its soil" (a country named; a sentence dated to the day
    or month): the ground those troops held there at the sentence's time, its main piece (the largest hold of that power inside
    the country then). Forces that surrender or leave are about the next holder instead
    (:func:`_link_surrender`, :func:`_link_withdrawal`)."""
    if not said.when.fine or _SURRENDER_TO.search(said.text) or _WITHDRAW.search(said.text):
        return  # a year is too coarse to say which ground ("the passage of Soviet troops")
    if not _TROOPS_WORD.search(said.text):
        return
    powers = set()
    for power, pattern in POWER_MENTIONS.items():
        for m in pattern.finditer(said.text):
            troops = _TROOPS.match(said.text, m.end())
            if power != "Vichy France" and troops and _STANDING.match(said.text, troops.end()):
                powers.add(power)
    if len(powers) != 1:
        return
    (power,) = powers
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if (
            place is None
            or place.kind not in _SCOPE_KINDS
            or place.power == power
            or index.scope(place) is None
        ):
            continue
        held = [
            r
            for r in index.inside(place, frozenset({"control"}))
            if str(index.power[r]) == power
            and str(index.status[r]) in TRANSFER_STATUSES
            and any(
                _strict_overlap(index.starts[r], index.ends[r], a, b)
                for a, b in said.when.intervals
            )
        ]
        if held:
            main = max(held, key=index.area)
            chosen.setdefault(str(index.ids[main]), "scope")


_HOLDING = re.compile(HOLDING_CUES, re.I)
_HOLDING_AFTER = re.compile(r"\s+(?:\w+ly\s+)?" + HOLDING_CUES, re.I)
_FORCES_WORD = re.compile(FORCES_WORDS + r"$", re.I)
#: What ends a clause of holding: the next clause's subject ("..., and British troops held").
_CLAUSE_END = re.compile(r"[;.]|,\s+(?:and|while|whereas|but)\s+", re.I)


def _names_forces(power: str, word: str) -> bool:
    """Whether a power's mention names its forces by itself: an army's name ("Red Army",
    "Wehrmacht") or the noun of its people ("the Germans held Smolensk")."""
    return _FORCES_WORD.search(word) is not None or POWER_PEOPLE.get(word) == power


def _holders(text: str) -> list[tuple[str, int, int]]:
    """The clauses reporting where a power's forces were (:data:`HOLDING_CUES` right after
    the forces named: "American troops stood", "The Red Army held"): (power, end of the
    words of holding, end of the clause), in the order written."""
    if _HOLDING.search(text) is None:  # most sentences hold no word of holding at all
        return []
    found = []
    for power, pattern in POWER_MENTIONS.items():
        if power in ("Vichy France", "Allies"):
            continue
        for m in pattern.finditer(text):
            at = m.end()
            if not _FORCES_WORD.search(m.group(0)):  # "Red Army" names its forces itself
                forces = _FORCES_AFTER.match(text, at)
                if forces is not None:
                    at = forces.end()  # "British troops held": the verb after the forces
                elif not _names_forces(power, m.group(0)):  # "the Germans held"
                    continue
            verb = _HOLDING_AFTER.match(text, at)
            if verb is not None:
                found.append((power, verb.end()))
    found.sort(key=lambda f: f[1])
    clauses = []
    for i, (power, start) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(text)
        stop = _CLAUSE_END.search(text, start, end)
        clauses.append((power, start, stop.start() if stop else end))
    return clauses


#: How far the point of a side of a region WITHOUT an area lies from the region's own
#: ("western Westphalia"): the half-width of a province. A region with an area
#: (``geodata/regions.geojson``: Saxony, Mecklenburg, ...) takes that half of its area
#: instead (:meth:`_Index.region_part`).
REGION_PART_OFFSET_DEG = 0.75
_SIDE_BEFORE = re.compile(r"\b(north|south|east|west)(?:ern)?\s+$", re.I)
_SIDE_STEP = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}


def _side_named(text: str, mention, place: Place) -> str | None:
    """The compass side of a region ``text`` names before its mention ("western
    Mecklenburg": ``west``), or None."""
    side = _SIDE_BEFORE.search(text, 0, mention.span[0])
    if place.kind != "region" or side is None:
        return None
    return side.group(1).lower()


def _side_of(index: _Index, text: str, name: str) -> str | None:
    """The one compass side of a region with an area that every mention of it in ``text``
    names ("the Americans held western Saxony"), or None (a region named whole, or on two
    sides). Regions without an area keep their point here."""
    if name not in getattr(index.gazetteer, "areas", {}):
        return None
    place = index.gazetteer.places[name]
    sides = {_side_named(text, m, place) for m in index.gazetteer.find(text) if m.place == name}
    return sides.pop() if len(sides) == 1 else None


def _side_point(place: Place, side: str | None) -> tuple[float, float]:
    """The point a place without an area stands at: its own, or, on a compass side of a
    region ("western Westphalia"), :data:`REGION_PART_OFFSET_DEG` towards that side (a
    region with an area takes that side of its area instead: :meth:`_Index.at_place`)."""
    if side is None or place.kind != "region":
        return place.lon, place.lat
    dx, dy = _SIDE_STEP[side]
    return place.lon + dx * REGION_PART_OFFSET_DEG, place.lat + dy * REGION_PART_OFFSET_DEG


def _link_holding_reported(index: _Index, said: _Said, chosen: dict) -> None:
    """A report that a power's forces held or stood on ground at a time ("When the fighting
    ended in May 1945, American troops stood far inside the area ..., in Thuringia", "British
    troops held western Mecklenburg"): the power's holds valid then at each place the clause
    names (not the power's own country)."""
    intervals = said.when.intervals
    if not intervals or not (said.when.fine or all(b - a <= SEASON for a, b in intervals)):
        return  # a year is too coarse to say which ground ("the end of 1941" is not)
    for power, start, end in _holders(said.text):
        for mention in index.gazetteer.find(said.text[start:end]):
            place = index.gazetteer.places.get(mention.place)
            if place is None or place.kind not in _SCOPE_KINDS or place.power == power:
                continue
            held = [
                r
                for r in index.at_place(
                    place, said.when.intervals, _side_named(said.text[start:end], mention, place)
                )
                if index.kinds[r] == "control"
                and str(index.power[r]) == power
                and str(index.status[r]) in TRANSFER_STATUSES
            ]
            # the hold there for the most of the sentence's time (not the one that gave way
            # to it a week into the month)
            days = {r: _days_within(index, r, said.when.intervals) for r in held}
            if days and max(days.values()) > 0:
                chosen.setdefault(str(index.ids[max(held, key=days.__getitem__)]), "held")


def _days_within(index: _Index, row: int, intervals) -> int:
    """How many days of the intervals a row's time covers."""
    total = 0
    for a, b in intervals:
        end = b if index.ends[row] is None else min(b, index.ends[row])
        total += max(0, (end - max(a, index.starts[row])).days)
    return total


_TAKEN_BEFORE = re.compile(TAKEN_BEFORE_CUES, re.I)


def _link_taken_before(index: _Index, said: _Said, chosen: dict) -> None:
    """A capture told in the pluperfect with its day (:data:`TAKEN_BEFORE_CUES`: "The Red
    Army held the whole of Berlin, which it had taken on 2 May"): the battles at the places
    the sentence names that ended within :data:`CAPTURE_SLACK` of the first day written
    after the words, which the capture completed (looked back to)."""
    m = _TAKEN_BEFORE.search(said.text)
    if m is None:
        return
    days = [
        t
        for d, t, precision in zip(said.dates, said.starts, said.precisions, strict=False)
        if precision == "day" and d in said.text[m.end() :]
    ]
    if not days:
        return
    day = days[0]
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is None:
            continue
        rows = set(index.at_place(place))
        rows |= {index.by_id[f][0] for f in place.features if f in index.by_id}
        for r in rows:
            end = index.ends[r]
            if (
                index.kinds[r] == "event"
                and str(index.status[r]) == "battle"
                and end is not None
                and abs(end - day) <= CAPTURE_SLACK
            ):
                chosen.setdefault(str(index.ids[r]), "taken-before")


#: The frontiers of a state just redrawn: "guarantee the new frontiers of the ... state".
_NEW_FRONTIERS_OF = re.compile(
    r"\bnew\s+(?:frontiers?|borders?|boundar(?:y|ies))\s+of\s+(?:the\s+)?$", re.I
)


def _link_new_frontiers(index: _Index, said: _Said, chosen: dict) -> None:
    """ "The new frontiers of Czechoslovakia": the state within them, its own territory as
    drawn at the sentence's time or within :data:`EVENT_SLACK` after (none if it was not
    redrawn then)."""
    bounds = said.bounds
    if bounds is None:
        return
    for m in index.gazetteer.find(said.text):
        place = index.gazetteer.places.get(m.place)
        if place is None or place.kind != "country" or not place.power:
            continue
        if not _NEW_FRONTIERS_OF.search(said.text[max(0, m.span[0] - 40) : m.span[0]]):
            continue
        for fid in place.extent + place.features:
            rows = index.by_id.get(fid)
            if not rows:
                continue
            row = rows[0]
            if (
                index.kinds[row] == "control"
                and str(index.power[row]) == place.power
                and bounds[0] <= index.starts[row] <= bounds[1] + EVENT_SLACK
            ):
                chosen.setdefault(fid, "forward")


#: Forces giving up to a power: "the forces in Manchuria shall surrender to the Soviet commander".
_SURRENDER_TO = re.compile(r"\bsurrender\w*\s+to\b", re.I)
#: A side of a named line: "Korea north of the 38th parallel".
_SIDE_OF = re.compile(r"\b(north|south|east|west)\s+of\s+(?:the\s+)?$", re.I)
#: The other side of the line just named, given to another power in an elided clause:
#: "and those north of it to the Red Army".
_OTHER_SIDE_TO = re.compile(
    r"\band\s+(?:those|the\s+ones|the\s+rest)?\s*(north|south|east|west)\s+of\s+"
    r"(?:it|that\s+line|the\s+line)\s+to\b",
    re.I,
)
#: How near (degrees) a hold must come to a line to be the land on one side of it.
SIDE_NEAR_DEG = 0.1


def _first_power_after(text: str, at: int) -> str | None:
    """The power named first after a position ("surrender to the Soviet commander": USSR)."""
    best, where = None, len(text) + 1
    for power, pattern in POWER_MENTIONS.items():
        if power == "Vichy France":
            continue
        m = pattern.search(text, at)
        if m is not None and m.start() < where:
            best, where = power, m.start()
    return best


_PRONOUN_NEXT = re.compile(rf"\s*{RECEIVER_PRONOUNS}\b", re.I)


def _power_of_pronoun(text: str, verb: int) -> str | None:
    """The power a receiving pronoun stands for ("the Japanese south of the line would
    surrender to them", :data:`RECEIVER_PRONOUNS`): the power the sentence named first (its
    subject, "The Americans ... had drawn up a plan"), when the power named last before the
    verb (the giver, "the Japanese") is another one; None if it is the same."""
    named = sorted(
        (m.start(), power)
        for power, pattern in POWER_MENTIONS.items()
        if power not in ("Vichy France", "Allies")
        for m in pattern.finditer(text, 0, verb)
    )
    if len(named) < 2 or named[0][1] == named[-1][1]:
        return None
    return named[0][1]


def _holds_beside(index: _Index, place: Place, side: str) -> set[int]:
    """Control rows (one per id) bordering the line a place stands for, on the named side
    of it ("north of the 38th parallel")."""
    out: set[int] = set()
    for fid in place.features:
        for i in index.by_id.get(fid, []):
            if index.kinds[i] != "line":
                continue
            line = index.geoms[i]
            for r in index.tree.query(line, predicate="dwithin", distance=SIDE_NEAR_DEG):
                if index.kinds[r] != "control":
                    continue
                rep = index.rep[int(index.first[r])]
                near = line.interpolate(line.project(rep))
                if (
                    (side == "north" and rep.y > near.y)
                    or (side == "south" and rep.y < near.y)
                    or (side == "east" and rep.x > near.x)
                    or (side == "west" and rep.x < near.x)
                ):
                    out.add(int(index.first[r]))
    return out


def _link_surrender(index: _Index, said: _Said, chosen: dict) -> None:
    """Forces that surrender to a power hand it the ground they stood on: the places named
    before "surrender to" (or the side of a named line: "in Korea north of the 38th
    parallel") link the lasting holds there of the power named after it, valid at the
    sentence's time; an order or promise also those it made within
    :data:`REALISATION_SPREAD` after (the islands taken in the days after the order)."""
    m = _SURRENDER_TO.search(said.text)
    bounds = said.bounds
    if m is None or bounds is None:
        return
    # "... south of the 38th parallel would surrender to them and those north of it to the
    # Red Army": the other side of the same line, to the power named after it
    other = _OTHER_SIDE_TO.search(said.text, m.end())
    receiver = _first_power_after(said.text[: other.start()] if other else said.text, m.end())
    if _PRONOUN_NEXT.match(said.text, m.end()):
        receiver = _power_of_pronoun(said.text, m.start())
    if receiver is None and other is None:
        return
    ahead = said.statement is not None and said.statement.direction == "forward"
    head = said.text[: m.start()]
    rows: set[int] = set()
    sides: set[int] | None = None
    lines: list[Place] = []
    for found in index.gazetteer.find(head):
        place = index.gazetteer.places.get(found.place)
        if place is None:
            continue
        side = _SIDE_OF.search(head[: found.span[0]])
        if place.kind == "line" and side is not None:
            beside = _holds_beside(index, place, side.group(1).lower())
            sides = beside if sides is None else sides | beside
            lines.append(place)
        elif place.kind in _SCOPE_KINDS and place.kind != "country":
            rows |= index.held_rows(place)
    if sides is not None:
        rows = sides
    todo = [(rows, receiver)]
    if other is not None and lines:
        beyond = set().union(*(_holds_beside(index, ln, other.group(1).lower()) for ln in lines))
        todo.append((beyond, _first_power_after(said.text, other.end())))
    for rows, receiver in todo:
        for r in sorted(rows):
            start = index.starts[r]
            if receiver is None or not (
                _lasting_hold(index, r) and str(index.power[r]) == receiver
            ):
                continue
            if _valid_at(index, r, bounds[0]) or (
                ahead and bounds[0] <= start <= bounds[1] + REALISATION_SPREAD
            ):
                chosen.setdefault(str(index.ids[r]), "forward" if start >= bounds[1] else "place")


#: Words of making a former possession one's own again.
_REGAIN = re.compile(REGAINING_CUES, re.I)


def _lines_drawn_near(index: _Index, place: Place, t1: date) -> list[int]:
    """Boundary lines beginning within :data:`EVENT_SLACK` after ``t1`` that run within
    :data:`FRONTIER_NEAR_DEG` of the place's point."""
    near = index.tree.query(
        shapely.Point(place.lon, place.lat), predicate="dwithin", distance=FRONTIER_NEAR_DEG
    )
    return sorted(
        {
            int(index.first[r])
            for r in near
            if index.kinds[r] == "line"
            and str(index.status[r]) == "boundary"
            and t1 <= index.starts[r] <= t1 + EVENT_SLACK
        }
    )


def _link_forward(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """An agreement, promise, demand or recognition about a named place links to the
    features that realised it: those of the places it is about (:func:`_forward_places`;
    listed by the gazetteer, at its point, or inside its territory) that began after the
    sentence's time and within :data:`FORWARD_WINDOW`; of each place, kind and power the
    first (and those begun within :data:`REALISATION_SPREAD` of it)."""
    bounds = said.bounds
    if bounds is None:
        return
    t1 = bounds[1]
    gazetteer = index.gazetteer
    powers = _powers_named(said.text, said.names, gazetteer)
    receiver = _receiver(index, said)
    groups: dict[tuple, list[int]] = {}
    for name, territory in _forward_places(index, said):
        place = gazetteer.places[name]
        listed = [index.by_id[f][0] for f in place.features if f in index.by_id]
        rows = [(r, True) for r in listed]
        if place.kind in POINT_KINDS:
            rows += [(r, False) for r in index.at_place(place)]
        if place.kind in _SCOPE_KINDS:
            rows += [(r, False) for r in index.inside(place, FORWARD_KINDS)]
        if territory and place.kind in POINT_KINDS and "line" in said.cues:
            # the frontier this agreement draws runs near the places it hands over
            rows += [(r, True) for r in _lines_drawn_near(index, place, t1)]
        # the land along "the eastern frontier of Poland" may go to any power: only powers
        # named besides the territory's own must hold what is found inside it
        own = {place.power} if territory and place.kind == "country" else set()
        allowed = powers - own if powers - own - {"Allies"} else set()
        for row, is_listed in rows:
            if not territory and index.kinds[row] != "event":
                continue
            if _forward_ok(index, row, said, t1, allowed, is_listed, receiver):
                # one realisation per place and kind (and power, but for events)
                kind = str(index.kinds[row])
                key = (name, kind, "" if kind == "event" else str(index.power[row]))
                groups.setdefault(key, []).append(row)
    regain = _REGAIN.search(said.text) is not None
    for rows in groups.values():
        first = min(index.starts[r] for r in rows)
        kept = _main_units(
            index, [r for r in rows if index.starts[r] - first <= REALISATION_SPREAD]
        )
        annexed = [r for r in kept if str(index.status[r]) == "annexed"]
        if regain and annexed:
            # "the Soviets would recover eastern Poland": making it one's own again is the
            # annexation that followed the occupation within weeks, not the occupation
            kept = annexed
        for row in kept:
            chosen.setdefault(str(index.ids[row]), "forward")
        # later states of the same thing found by the word rules in this sentence (South
        # Sakhalin annexed in 1946 after the occupation of 1945) are not what was agreed
        for row in set(rows) - set(kept):
            fid = str(index.ids[row])
            if fid not in before and chosen.get(fid) in ("gazetteer", "place", "scope"):
                del chosen[fid]


def _main_units(index: _Index, rows: list[int]) -> list[int]:
    """``rows`` without the zones that are not their power's zone itself (their ``zone_part``,
    :data:`~spheremap.model.ZONE_PARTS`: the Bremen enclave, the Saar, swapped villages), where
    a main zone of that power is among them; rows of other kinds are kept."""
    with_main = {str(index.power[r]) for r in rows if index.zone_main[r]}
    return [
        r
        for r in rows
        if index.kinds[r] != "zone" or index.zone_main[r] or str(index.power[r]) not in with_main
    ]


def _units_in(index: _Index, name: str, kind: str) -> list[int]:
    """Rows of zones or sectors inside a place, or (a city inside a zone) containing it."""
    place = index.gazetteer.places[name]
    rows = list(index.inside(place, frozenset({kind})))
    rows += [r for r in index.at_place(place) if index.kinds[r] == kind]
    return sorted(set(rows))


def _valid_at(index: _Index, row: int, day: date) -> bool:
    end = index.ends[row]
    return index.starts[row] <= day and (end is None or day < end)


def _link_named_units(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict, before: set
) -> None:
    """ "The French zone", "the Soviet sector of Vienna": that power's zone or sector of the
    place named (or the territory the document last named), valid at the sentence's time,
    else the first drawn after it."""
    bounds = said.bounds
    if bounds is None:
        return
    units = [
        (POWER_WORDS[m.group(1)], "zone" if m.group(2).lower().startswith("zone") else "sector")
        for m in _NAMED_UNIT.finditer(said.text)
    ]
    for m in _UNIT_RECEIVED.finditer(said.text):
        # "France should also have a zone": the zone of the power named last before the words
        power = _speaker(said.text, m.start())
        if power is not None and power != "Allies":
            units.append((power, m.group(1).lower()))
    cued = _kinds_cued(said.text) & {"zone", "sector"}
    if (
        not units
        and len(cued) == 1
        and not _COUNT.search(said.text)
        and (_OCCUPYING.search(said.text) or _COMPASS_UNIT.search(said.text))
        and not re.search(r"\b(?:zones?|sectors?)\s+of\s+(?:influence|interests?)", said.text, re.I)
    ):
        # "the eastern zone shall be occupied by the forces of the Soviet Union": the powers
        # named by their names hold the zones
        named = _powers_named(said.text, said.names, index.gazetteer) & set(POWER_WORDS.values())
        units = [(power, next(iter(cued))) for power in sorted(named)]
    enclaves = [POWER_WORDS[m.group(1)] for m in _NAMED_ENCLAVE.finditer(said.text)]
    for power, kind in [*units, *((p, ENCLAVE_WORD) for p in enclaves)]:
        for name in scope_names:
            rows = [
                r
                for r in _units_in(index, name, "zone" if kind == ENCLAVE_WORD else kind)
                if index.power[r] == power
                and (kind != ENCLAVE_WORD) == (index.zone_parts[r] != ENCLAVE_WORD)
            ]
            if not rows:
                continue
            now = [r for r in rows if _valid_at(index, r, bounds[0])]
            if not now:
                later = [
                    r for r in rows if bounds[0] <= index.starts[r] <= bounds[1] + FORWARD_WINDOW
                ]
                if not later:
                    continue
                first = min(index.starts[r] for r in later)
                now = [r for r in later if index.starts[r] - first <= REALISATION_SPREAD]
            for row in now if kind == ENCLAVE_WORD else _main_units(index, now):
                chosen[str(index.ids[row])] = "named"
            break
    named_powers = {power for power, _kind in units}
    for fid in [f for f in chosen if f not in before and chosen[f] in ("scope", "place")]:
        row = index.by_id[fid][0]
        # "the French sector of Vienna": not the other powers' sectors the words found
        if index.kinds[row] in {k for _p, k in units} and index.power[row] not in named_powers:
            del chosen[fid]


#: Plural zones or sectors called by a side ("the western sectors of Berlin").
_SIDE_UNIT = re.compile(rf"\b({'|'.join(SIDE_WORDS)})\s+(?:[\w-]+\s+)?(zones|sectors)\b", re.I)


def _select_side_units(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """ "The Soviet Union cut the land routes to the western sectors of Berlin": units called
    by a side are those of the powers on that side at the sentence's time (:data:`SIDE_WORDS`):
    the units of the other side that this sentence's words found are dropped."""
    bounds = said.bounds
    if bounds is None:
        return
    for m in _SIDE_UNIT.finditer(said.text):
        side = SIDE_WORDS[m.group(1).lower()]
        kind = "zone" if m.group(2).lower().startswith("zone") else "sector"
        for fid in [f for f in chosen if f not in before]:
            row = index.by_id[fid][0] if fid in index.by_id else None
            if row is None or index.kinds[row] != kind:
                continue
            if side_of(str(index.power[row]), bounds[0]) != side:
                del chosen[fid]


#: A power's own unit called by a possessive ("France received its Berlin sector").
_OWN_UNIT = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:[A-Z][\w-]*\s+)?(zones?|sectors?)\b")


def _select_own_units(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """ "France received its Berlin sector only in August": a unit called by a possessive is
    the unit of the power named last before it; the units of other powers that the sentence
    found by territory (not by a place inside them: "Mitte stayed in Soviet hands") are dropped."""
    for m in _OWN_UNIT.finditer(said.text):
        kind = "zone" if m.group(1).lower().startswith("zone") else "sector"
        power = _speaker(said.text, m.start())
        if power is None or power == "Allies":
            continue
        for fid in [f for f in chosen if f not in before and chosen[f] == "scope"]:
            row = index.by_id[fid][0] if fid in index.by_id else None
            if row is not None and index.kinds[row] == kind and str(index.power[row]) != power:
                del chosen[fid]


def _link_counted(
    index: _Index, said: _Said, scope_names: tuple[str, ...], chosen: dict, before: set
) -> None:
    """ "Four zones", "four sectors": the set valid on the first day from the sentence's time
    on when that many powers held one there (the main zones only), not every zone ever drawn
    (no Bremen enclave, Saar or later boundary changes)."""
    bounds = said.bounds
    if bounds is None:
        return
    for m in _COUNT.finditer(said.text):
        n = COUNT_WORDS[m.group(1).lower()]
        kind = "zone" if m.group(2).lower().startswith("zone") else "sector"
        for name in scope_names:
            rows = _units_in(index, name, kind)
            if not rows:
                continue
            days = sorted(
                {bounds[0]} | {index.starts[r] for r in rows if index.starts[r] > bounds[0]}
            )
            chosen_set: list[int] = []
            for day in days:
                valid = _main_units(index, [r for r in rows if _valid_at(index, r, day)])
                powers = {str(index.power[r]) for r in valid} & set(POWER_MENTIONS)
                if len(powers) == n:
                    chosen_set = valid
                    break
            if not chosen_set:
                continue
            keep = {str(index.ids[r]) for r in chosen_set}
            for fid in list(chosen):
                # also those an earlier sentence of the passage found by its words
                row = index.by_id[fid][0] if fid in index.by_id else None
                named = chosen[fid] == "named"
                if row is not None and index.kinds[row] == kind and fid not in keep and not named:
                    del chosen[fid]
            for fid in keep:
                chosen[fid] = "count"  # the count is the reason, also for those found by words


def _narrow_status(index: _Index, said: _Said, chosen: dict, before: set) -> None:
    """A sentence naming one kind of change ("In 1940, the USSR followed up by occupying
    Estonia"; "Finland agrees to lease the Hanko peninsula") keeps, of a place's control features it found, those
    of that status when it found any (the occupation, not the annexation of the same year)."""
    wanted = {status for pattern, status in _STATUS_VERBS if pattern.search(said.text)}
    if len(wanted) != 1:
        return
    new = {fid for fid in chosen if fid not in before}
    grounds = dict.fromkeys(list(said.names) + _adjective_territories(index, said.text))
    for name in grounds:
        place = index.gazetteer.places.get(name)
        if place is None or place.kind not in _SCOPE_KINDS:
            continue
        inside = {str(index.ids[r]) for r in index.inside(place, frozenset({"control"}))}
        inside |= {f for f in place.features if f in index.by_id}
        found = [f for f in new & inside if index.kinds[index.by_id[f][0]] == "control"]
        if any(str(index.status[index.by_id[f][0]]) in wanted for f in found):
            for f in found:
                if str(index.status[index.by_id[f][0]]) not in wanted | {"sovereign"}:
                    chosen.pop(f, None)


def _direction(index: _Index, row: int, when: PassageTime) -> str:
    bounds = _bounds(when)
    if bounds is None:
        return ""
    start, end = index.starts[row], index.ends[row]
    if start >= bounds[1]:
        return "forward"
    if end is not None and end <= bounds[0]:
        return "backward"
    return "current"


def _explain(index: _Index, passage_id: str, fid: str, how: str, said: _Said) -> Link:
    """The link with its reason (the words that made it), score and direction."""
    row = index.by_id[fid][0]
    kind, status = str(index.kinds[row]), str(index.status[row])
    words: list[str] = []
    for name in said.names:
        place = index.gazetteer.places.get(name)
        if place is not None and (
            fid in place.features
            or how in ("scope", "place", "forward", "count", "named", "proclaimed")
        ):
            words.append(f'"{name}"')
            if fid in place.features:
                break
    cue = EVENT_CUES.get(status) if kind == "event" else KIND_CUES.get(kind)
    m = cue.search(said.text) if cue is not None else None
    if m:
        words.append(f'"{m.group()}"')
    patterns = {"count": (_COUNT, _NAMED_UNIT), "named": (_COUNT, _NAMED_UNIT)}
    for pattern in patterns.get(how, (_STATE_FOUNDED,) if how == "proclaimed" else ()):
        m = pattern.search(said.text)
        if m:
            words.append(f'"{m.group()}"')
    if said.statement is not None:
        m = re.compile(said.statement.cues, re.I).search(said.text)
        if m:
            words.append(f'{said.statement.name} "{m.group()}"')
    if said.dates:
        words.append("dated " + ", ".join(f'"{d}"' for d in said.dates))
    elif said.when.inherited and said.when.intervals:
        words.append("date of the passage or document")
    if how == "document":
        words.append("the document's own date")
    # what a clause undoes it looks back to, though the hold may last past the clause (and the
    # battle a capture told in the pluperfect completed, though it ended in the month); a war
    # promised from a day is realised by what opens that day
    direction = {"undone": "backward", "taken-before": "backward", "war": "forward"}.get(
        how
    ) or _direction(index, row, said.when)
    if how == "changes" and said.doc_day is not None:
        # the changes made since a date, seen from the clause's own day
        day = PassageTime(((said.doc_day, said.doc_day + _ONE_DAY),), False, True)
        direction = _direction(index, row, day)
    score = RULE_SCORES.get(how, 0.5) - (INHERITED_COST if said.when.inherited else 0.0)
    realised = index.starts[row] if direction == "forward" else None
    reason = f"{how}: " + (" + ".join(dict.fromkeys(words)) or "(no words)")
    return Link(passage_id, fid, how, reason, round(max(score, 0.05), 2), direction, realised)


def gazetteer_problems(gazetteer: Gazetteer, feature_ids: set[str]) -> list[str]:
    """A line per gazetteer place that lists a feature id the atlas does not have."""
    out = []
    for place in gazetteer.places.values():
        for fid in place.extent + place.features:
            if fid not in feature_ids:
                out.append(f"{gazetteer.path}: {place.name} lists unknown feature {fid!r}")
    return out


# --------------------------------------------------------------------------- curated


def _apply_curated(
    auto: list[Link],
    passages: Sequence[Passage],
    curated: Sequence[CuratedLink],
    feature_ids: set[str],
) -> tuple[list[Link], list[str]]:
    problems: list[str] = []
    folded = [(p, _fold(p.text)) for p in passages]
    removed: set[tuple[str, str]] = set()
    added: list[Link] = []
    for c in curated:
        quote = _fold(c.quote)
        hits = [
            p
            for p, text in folded
            if quote in text and (not c.document or p.document == c.document)
        ]
        if feature_ids and c.feature not in feature_ids:
            problems.append(f"links.csv: unknown feature {c.feature!r} (quote {c.quote!r})")
            continue
        if not hits:
            # Curated links for documents not loaded (e.g. CLI --document) are not problems.
            if not c.document or any(p.document == c.document for p in passages):
                problems.append(f"links.csv: quote {c.quote!r} matches no passage")
            continue
        if len(hits) > 1:
            problems.append(
                f"links.csv: quote {c.quote!r} matches {len(hits)} passages; quote more text"
            )
            continue
        pid = hits[0].id
        if c.action == "remove":
            removed.add((pid, c.feature))
        else:
            added.append(Link(pid, c.feature, "curated", f"curated: {c.note or c.quote}", 1.0))
    links = [lk for lk in auto if (lk.passage, lk.feature) not in removed]
    have = {(lk.passage, lk.feature) for lk in links}
    for lk in added:
        if (lk.passage, lk.feature) in have:
            links = [
                replace(x, how="curated", reason=lk.reason, score=1.0)
                if (x.passage, x.feature) == (lk.passage, lk.feature)
                else x
                for x in links
            ]
        else:
            links.append(lk)
            have.add((lk.passage, lk.feature))
    return links, problems


def format_passage(p: Passage, corpus: Corpus | None = None) -> str:
    """Plain-text rendering of a passage for the terminal, with its linked features.

    Parameters
    ----------
    p : Passage
    corpus : Corpus, optional
        Where its links are; without it the features line is left out.

    Returns
    -------
    str
    """
    text = _format_plain(p)
    features = corpus._features.get(p.id) if corpus is not None else None  # noqa: SLF001
    return text + ("\nfeatures: " + ", ".join(features) if features else "")
