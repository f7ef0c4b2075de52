"""The feature schema, its vocabularies and the one error hierarchy of spheremap.

Every map feature, whatever its layer, has the properties below. ``control`` is
stored differently on disk (territory pieces with timelines, see
``geodata/README.md``) but is expanded into the same rows when loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from spheremap.errors import DataError, InputError, SpheremapError  # noqa: F401 (re-exported)

#: How a power holds a feature.
STATUSES: tuple[str, ...] = (
    "sovereign",
    "annexed",
    "occupied",
    "under-occupation",
    "administered",
    "lease",
    "protocol",
    "claimed",
    "recognised-interest",
    "protectorate",
    "puppet",
    "condominium",
    "frontline",
    "insurgent",
    "battle",
    "blockade",
    "conference",
    "treaty",
    "boundary",
    "reference",
)

#: How exact a date is.
PRECISIONS: tuple[str, ...] = ("day", "month", "year", "decade", "approx")

#: Properties every (expanded) feature carries.
REQUIRED_PROPERTIES: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "power",
    "status",
    "start_date",
    "end_date",
    "date_precision",
    "sources",
)

#: The data-model properties of a feature, in order (what tables and GeoJSON exports carry).
FEATURE_PROPERTIES: tuple[str, ...] = (*REQUIRED_PROPERTIES, "note")

#: Optional properties, written by the build where they apply and validated when loaded:
#: ``approximate`` (bool: the trace itself is approximate, drawn dashed), ``precision_km``
#: (a positive number: the stated spatial precision of a line), ``theatre`` (an authored
#: front's theatre, a key of :data:`THEATRES`), ``territory`` (a zone's or sector's country:
#: the zones and sectors sharing one, on a day, are that country under occupation),
#: ``zone_part`` (how a zone feature belongs to its power's zone there, a key of
#: :data:`ZONE_PARTS`).
OPTIONAL_PROPERTIES: tuple[str, ...] = (
    "approximate",
    "precision_km",
    "theatre",
    "territory",
    "zone_part",
)

#: Kinds that may name the country they divide (``territory``).
TERRITORY_KINDS: tuple[str, ...] = ("zone", "sector")

#: How a zone feature (kind ``zone`` with a ``territory``) belongs to the zone of occupation
#: of its power in that territory (its ``zone_part``). A zone named as a whole ("the French
#: zone", "four zones") is the ``main`` features of its power there valid on the day meant;
#: pieces and enclaves are what a text names them by (the Saar, Bremen, "an American
#: enclave").
ZONE_PARTS: dict[str, str] = {
    "main": "draws the zone's own ground, alone or with the other main features of its power "
    "there valid on the same day (the French zone in Germany is drawn as a north and a south)",
    "piece": "a piece of the zone drawn on its own for a story of its own (villages exchanged "
    "between zones, the Saar until its protectorate, Land Bremen from 1947)",
    "enclave": "held by the power but outside its zone (the Bremen enclave of 1945-1947, "
    "under American control with British zonal rules)",
}

#: Theatres of the authored front lines: key -> display name.
THEATRES: dict[str, str] = {
    "east": "Eastern Front",
    "italy": "Italian front",
    "west": "Western Front",
    "fareast": "Soviet-Japanese front",
}


def read_data_text(path: object, what: str) -> str:
    """The UTF-8 text of a data file (a byte-order mark dropped).

    Raises
    ------
    DataError
        Naming the file: ``{what} not found``, or ``cannot read {what}`` and why.
    """
    from pathlib import Path

    path = Path(path)  # type: ignore[arg-type]
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path, f"{what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, f"cannot read {what}: {exc}") from None


# ----------------------------------------------------------------------------- kinds
@dataclass(frozen=True)
class Kind:
    """Everything the package knows about one kind of feature: add a kind by adding one.

    Attributes
    ----------
    name : str
        The ``kind`` value of the data.
    label : str
        Display name of its layer (legend, toggles of the atlas page).
    family : str
        The app's toggle that switches it (kinds of one family are switched together).
    legend : str
        What its legend rows say after the power (``"UK: zone"``).
    geometry_types : tuple of str
        The GeoJSON geometry types allowed.
    areal : bool
        Whether it covers ground (answers "what held this point", has an area).
    draw_rank : int
        Drawing order, bottom (0) to top.
    labelled : bool
        Whether its polygons carry a permanent map label.
    csv_column : bool
        Whether ``spheremap where --csv`` writes a power/id column pair for it.
    tolerance_scale : float
        Multiplier of the display simplification tolerance (0: never simplified).
    cues : str
        A regular expression (case-insensitive) of the words by which a passage talks
        about this kind (:mod:`spheremap.links`).
    fill : str or None
        ``"colour"`` (the power's colour), ``"hatch"`` (a hatch pattern in it) or ``None``.
    style : tuple of (str, object)
        Leaflet path options of its features (before power, status and selection).
    """

    name: str
    label: str
    family: str
    legend: str
    geometry_types: tuple[str, ...]
    areal: bool
    draw_rank: int
    labelled: bool
    csv_column: bool
    tolerance_scale: float
    cues: str
    fill: str | None
    style: tuple[tuple[str, object], ...] = ()


# ----------------------------------------------------------------------------- sides
#: The sides of the war in Europe: the Axis, the Soviet side (east), the Western Allies (west).
AXIS, EAST, WEST = "axis", "east", "west"

#: The side names of the vocabulary's ``[[power.sides]]`` entries; ``neither`` (a claim's own
#: rule only) puts a claim on no side.
SIDE_NAMES: dict[str, str | None] = {AXIS: AXIS, EAST: EAST, WEST: WEST, "neither": None}


@dataclass(frozen=True)
class SideRule:
    """``power`` fights on ``side`` from ``start`` (inclusive) to ``end`` (exclusive).

    With ``claim`` the rule holds only for that control claim (and wins over the power's
    rules); ``side=None`` then means "on neither side". ``source`` and ``note`` say who
    reports the switch and what happened (``vocabulary.toml``).
    """

    power: str
    side: str | None
    start: date | None = None
    end: date | None = None
    claim: str | None = None
    source: str = ""
    note: str = ""

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def _side_rules(path: object, power: str, entries: object) -> list[SideRule]:
    """The ``[[power.sides]]`` entries of one power as :class:`SideRule` s, checked: known side
    names, dates, a source for every dated switch, and per claim (or for the power) intervals
    in order that do not overlap."""
    if not isinstance(entries, list):
        raise DataError(path, f"power {power!r}: sides must be a list of [[power.sides]] tables")
    rules: list[SideRule] = []
    allowed = {"side", "from", "until", "claim", "source", "note"}
    for k, entry in enumerate(entries):
        where = f"power {power!r}, sides entry {k + 1}"
        if not isinstance(entry, dict) or set(entry) - allowed or "side" not in entry:
            raise DataError(
                path, f"{where}: a side, and optionally {', '.join(sorted(allowed - {'side'}))}"
            )
        name = entry["side"]
        if not isinstance(name, str) or name not in SIDE_NAMES:
            raise DataError(
                path, f"{where}: unknown side {name!r} (one of {', '.join(SIDE_NAMES)})"
            )
        claim = entry.get("claim")
        if name == "neither" and claim is None:
            raise DataError(
                path,
                f"{where}: side 'neither' only for a claim (a power without a side has no entry)",
            )
        start, end = entry.get("from"), entry.get("until")
        for key, value in (("from", start), ("until", end)):
            if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
                raise DataError(path, f"{where}: {key} {value!r} is not a date (write 1943-09-08)")
        if start is not None and end is not None and not start < end:
            raise DataError(path, f"{where}: from {start} is not before until {end}")
        for key in ("claim", "source", "note"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise DataError(path, f"{where}: {key} must be a non-empty text")
        if (start is not None or end is not None) and "source" not in entry:
            raise DataError(path, f"{where}: a dated switch needs its source")
        rules.append(
            SideRule(
                power,
                SIDE_NAMES[name],
                start,
                end,
                claim,
                entry.get("source", ""),
                entry.get("note", ""),
            )
        )
    for claim in {r.claim for r in rules}:
        own = [r for r in rules if r.claim == claim]
        for before, after in zip(own, own[1:], strict=False):
            if before.end is None or after.start is None or after.start < before.end:
                scope = f"claim {claim!r} of power {power!r}" if claim else f"power {power!r}"
                raise DataError(
                    path,
                    f"{scope}: sides overlap or are out of order ({before.side or 'neither'} "
                    f"{before.start or '…'}–{before.end or '…'}, then {after.side or 'neither'} "
                    f"{after.start or '…'}–{after.end or '…'}); list them in time, each ending "
                    "before the next begins",
                )
    return rules


#: Where the vocabulary lives (kinds and powers, one entry each); :data:`VOCABULARY_ENV` names
#: another copy.
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
VOCABULARY_ENV = "SPHEREMAP_VOCABULARY"


def _power_words(
    path: object, power: str, entry: dict, key: str, what: str, seen: dict[str, str]
) -> list[str]:
    """A power's list ``key`` of words (``words``, ``people``): each a word, none naming
    another power already in ``seen`` (word -> power, filled in here)."""
    words = entry.get(key, [])
    if not isinstance(words, list):
        raise DataError(path, f"power {power!r}: {key} must be a list of words")
    for word in words:
        if not isinstance(word, str) or not re.fullmatch(r"\w+(?:[ '-]\w+)*", word):
            raise DataError(path, f"power {power!r}: {what} {word!r} is not a word")
        if seen.setdefault(word, power) != power:
            raise DataError(path, f"{what} {word!r} names two powers ({seen[word]}, {power})")
    return words


def load_vocabulary(path: object) -> tuple[tuple[Kind, ...], tuple[dict, ...]]:
    """The kinds and the powers of a vocabulary file (see ``vocabulary.toml``).

    Raises
    ------
    DataError
        Naming the file: unreadable, not TOML, or an entry that is not a kind or a power.
    """
    import tomllib

    try:
        data = tomllib.loads(read_data_text(path, "vocabulary"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(path, f"not a TOML vocabulary: {exc}") from None
    kinds, powers = [], []
    for k, entry in enumerate(data.get("kind", [])):
        try:
            kind = Kind(
                **{
                    **entry,
                    "geometry_types": tuple(entry["geometry_types"]),
                    "fill": entry.get("fill"),  # no fill: lines
                    "style": tuple(dict(entry.get("style", {})).items()),
                }
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(path, f"kind {k + 1} ({entry.get('name')!r}): {exc}") from None
        kinds.append(kind)
    named: dict[str, str] = {}  # word -> the power it names
    optional = ("colour", "adjective", "words", "people", "sides")
    people: dict[str, str] = {}  # people noun -> the power whose forces it names
    for k, entry in enumerate(data.get("power", [])):
        if not isinstance(entry.get("name"), str) or set(entry) - {"name", *optional}:
            raise DataError(path, f"power {k + 1}: a name, and optionally {', '.join(optional)}")
        power = entry["name"]
        colour = entry.get("colour")
        if colour is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(colour)):
            raise DataError(path, f"power {power!r}: colour {colour!r} is not #RRGGBB")
        words = _power_words(path, power, entry, "words", "word", named)
        nouns = _power_words(path, power, entry, "people", "people noun", people)
        powers.append(
            {
                **entry,
                "words": tuple(words),
                "people": tuple(nouns),
                "sides": tuple(_side_rules(path, power, entry.get("sides", []))),
            }
        )
    for what, names in (("kind", [k.name for k in kinds]), ("power", [p["name"] for p in powers])):
        if not names or len(set(names)) < len(names):
            raise DataError(path, f"needs {what}s, each named once")
    return tuple(kinds), tuple(powers)


_KINDS, _POWERS = load_vocabulary(os.environ.get(VOCABULARY_ENV) or VOCABULARY_FILE)

#: The kinds, in model order (the order of queries, tables and the ``where`` CSV columns).
KIND_TABLE: tuple[Kind, ...] = _KINDS

#: Who holds (or claims) a feature.
POWERS: tuple[str, ...] = tuple(p["name"] for p in _POWERS)

#: The powers with a colour of their own on the map (the others share the neutral tone).
POWER_COLOURS: dict[str, str] = {p["name"]: p["colour"] for p in _POWERS if "colour" in p}

#: How a label names a power's hold ("Latvia (Soviet-occupied)").
POWER_ADJECTIVES: dict[str, str] = {p["name"]: p["adjective"] for p in _POWERS if "adjective" in p}

#: The words by which a text names a power's forces, zone or sector ("French troops", "the
#: Soviet sector"): word -> power (the passage links read them).
POWER_WORDS: dict[str, str] = {w: p["name"] for p in _POWERS for w in p["words"]}

#: The plural nouns of a power's people, which in a report of arms name its forces ("the
#: Germans held Smolensk", "the Finns entered Viipuri"): noun -> power.
POWER_PEOPLE: dict[str, str] = {n: p["name"] for p in _POWERS for n in p["people"]}

#: Who fights on which side when (the ``[[power.sides]]`` entries of the vocabulary, each with the
#: source of its dates); any power without a rule for a day is on neither side: neutral states,
#: Vichy France, Japan and Manchukuo, ``four-power`` after the war.
SIDES: tuple[SideRule, ...] = tuple(r for p in _POWERS for r in p["sides"])

#: The powers the power ``Allies`` stands for (and that a sentence naming "the Allies" means):
#: the four that occupied Germany and Austria and sat on their Allied Control Councils. Each is
#: on an Allied side (east or west) of :data:`SIDES` when the war in Europe ends.
ALLIES: frozenset[str] = frozenset({"US", "UK", "USSR", "France"})


def side_of(power: str, day: date, claim: str | None = None) -> str | None:
    """``"axis"``, ``"east"``, ``"west"`` or ``None`` (neither side) for ``power`` on ``day``.

    ``claim`` (a control claim id) lets a claim's own rule answer first.
    """
    if claim is not None:
        for rule in SIDES:
            if rule.claim == claim and rule.power == power and rule.holds(day):
                return rule.side
    for rule in SIDES:
        if rule.claim is None and rule.power == power and rule.holds(day):
            return rule.side
    return None


#: The kinds by name.
KIND_SPECS: dict[str, Kind] = {k.name: k for k in KIND_TABLE}

#: Layer families shown and queried together (model order).
KINDS: tuple[str, ...] = tuple(KIND_SPECS)


def kind_spec(kind: str) -> Kind:
    """The :class:`Kind` named ``kind``.

    Raises
    ------
    InputError
        For a kind not in :data:`KIND_TABLE` (layers are validated against it when loaded).
    """
    try:
        return KIND_SPECS[kind]
    except (KeyError, TypeError):
        raise InputError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})") from None


#: Geometry types allowed per kind.
GEOMETRY_TYPES: dict[str, tuple[str, ...]] = {k.name: k.geometry_types for k in KIND_TABLE}


@dataclass(frozen=True)
class Problem:
    """One validation finding: which file, which feature, what is wrong."""

    path: str
    feature_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}" + (f" [{self.feature_id}]" if self.feature_id else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Match:
    """One feature answering a question about a point on a date."""

    id: str
    name: str
    kind: str
    power: str
    status: str
    start_date: date
    end_date: date | None
    date_precision: str
    sources: tuple[str, ...] = ()
    note: str = ""

    def as_dict(self) -> dict:
        """Plain JSON-ready form (dates as ISO strings, end exclusive)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "power": self.power,
            "status": self.status,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "date_precision": self.date_precision,
            "sources": list(self.sources),
            "note": self.note,
        }


# ----------------------------------------------------------------------------- statements
@dataclass(frozen=True)
class StatementKind:
    """A kind of statement a sentence makes, recognised by its words, and where in time the
    features it is about lie: ``forward`` (what carried it out, after the sentence's date),
    ``current`` or ``backward``."""

    name: str
    direction: str
    cues: str


#: Kinds of statement, most specific first (the first that matches wins). Agreements,
#: promises, demands and recognitions link forward to what realised them (issue #14).
STATEMENT_KINDS: tuple[StatementKind, ...] = (
    StatementKind(
        "demand", "forward",
        r"\b(?:demand\w*|insist\w*|request\w*|claims?\b|asked|ultimatum"
        r"|call(?:s|ed)?\s+(?:up)?on\b)",
    ),
    StatementKind(
        "recognition", "forward",
        r"\b(?:recogni[sz]\w*|acknowledg\w*|confirms?\b|confirmed|supported)",
    ),
    StatementKind(
        "promise", "forward",
        r"\b(?:shall|should|promis\w*|pledg\w*|undert(?:ake|ook)|would(?!\s+(?:not|never)\b)"
        r"|(?:were|was)\s+to\s+(?:be|have|gain|receive|recover|compensate))\b",
    ),
    StatementKind(
        "agreement", "forward",
        r"\b(?:agree[sd]?|agreement|treaty|accord|cedes?|ceded|cession|leases?|leased"
        r"|hand(?:ed|s)?\s+over|granted|in\s+exchange\s+for|hereby"
        r"|accept(?:s|ed)?\s+(?:them|these|the\s+(?:terms|provisions|conditions)))\b",
    ),
    StatementKind(
        "proposal", "forward",
        r"\b(?:propos(?:e|es|ed|ing|al)|offer(?:s|ed)?|could(?!\s+not\b|n't)|might(?!\s+not\b)"
        r"|(?:is|are|was|were)\s+(?:ready|prepared|willing)\s+to)\b",
    ),
    StatementKind(
        "retrospective", "backward",
        r"\b(?:had\s+been|once\s+again|violat\w+|in\s+retrospect|looking\s+back|reaction\s+to)\b",
    ),
)  # fmt: skip

#: Words that stand as the subject of a relative clause ("a council that would rule",
#: "Leipzig, which would later lie"): a modal right after one is the clause's own future,
#: not a promise the sentence makes (after "agreed that" comes the clause's own subject).
RELATIVE_SUBJECTS = r"that|which|who"

#: Words by which an instrument performs its own act on its day ("Japan hereby proclaims the
#: surrender", "an armistice is granted", "accepts the terms of the armistice").
PERFORMING_CUES = (
    r"\b(?:hereby|proclaim(?:s|ed)?|(?:is|are)\s+(?:hereby\s+)?granted"
    r"|accept(?:s|ed)?\s+(?:them|these|the\s+(?:terms|provisions|conditions)))\b"
)
#: Words naming the kind of instrument an act makes: a sentence that performs one of them
#: on its text's day is the record of the event of that day whose name has the same word.
INSTRUMENT_WORDS: tuple[str, ...] = (
    "surrender", "capitulation", "armistice", "truce", "treaty", "pact", "protocol",
    "agreement", "convention", "accord",
)  # fmt: skip

#: Words of a change to be made at once ("are to be surrendered at once", "withdraws without
#: delay"): what realised it began within a month of the clause, not years later.
AT_ONCE_CUES = r"\b(?:at\s+once|immediately|forthwith|without\s+delay)\b"

#: Words of an economic clause (customs, currency, payments, goods): such a clause is not
#: about who holds the ground it names ("a free zone in the port of Memel, through which its
#: goods may pass without German customs"), nor is one on who pays the costs of keeping
#: troops there ("France bears the cost of keeping the German troops of occupation").
ECONOMIC_CUES = (
    r"\b(?:customs|currenc(?:y|ies)|legal\s+tender|tariffs?|goods|free\s+zone|payments?"
    r"|gold\s+dollars|raw\s+materials|deliveries"
    r"|costs?\s+of\s+(?:the\s+)?(?:keeping|maintain\w*|maintenance|upkeep|occupation)"
    r"|occupation\s+costs)\b"
)

#: Side words for zones and sectors ("the western sectors of Berlin", "the western zones"): a
#: plural unit called by a side means the units of the powers on that side (:func:`side_of`).
SIDE_WORDS: dict[str, str] = {"western": WEST, "eastern": EAST}

#: Words of a part of a country that begin a region's name ("Northern Transylvania",
#: "Western Ukraine"): prose writes them in lower case too ("northern Transylvania").
REGION_PART_WORDS = r"(?:North|South|East|West)(?:ern)?|Upper|Lower|Central|Inner|Outer"

#: Words that name no one event though events' names use them (the powers' words aside):
#: a sentence sharing only these with an event's name does not name it.
GENERIC_NAME_WORDS: frozenset[str] = frozenset(
    {"troops", "forces", "army", "armies", "soldiers", "government", "signed", "battle"}
)

#: Counting words for zones and sectors ("four zones"): the count of powers meant.
COUNT_WORDS: dict[str, int] = {"two": 2, "three": 3, "four": 4, "five": 5}

#: Verbs that say which status of control a sentence means: a year-dated "occupying Estonia"
#: is the occupation, not the annexation that followed in the same year.
STATUS_VERBS: dict[str, str] = {
    r"\boccup\w+": "occupied",
    r"\bannex\w*": "annexed",
    # a state admitting a country into itself ("Moscow admitted Lithuania on 3 August")
    r"\badmit(?:s|ted)\s+(?-i:[A-Z])": "annexed",
    r"\blease[ds]?\b": "lease",
}

#: Words of a change of hands: a forward statement links control features only with one
#: ("Sakhalin shall be returned", "the Soviets would recover eastern Poland").
#: A ground that "is to be surrendered to" a power changes hands (the passive: forces that
#: "surrender to" a commander capitulate, they are no ground).
#: A verb of handing may be split by its object ("hand Petsamo over", "turn the town of
#: Stettin over to Poland"): up to four words between the verb and "over". Letting a
#: power's troops into a country ("Soviet troops are to be let into Lithuania") hands it over
#: to their occupation.
TRANSFER_CUES = (
    r"\b(?:return\w*|restor\w*|recover\w*|regain\w*|gain\w*|transfer\w*|ced\w+"
    r"|(?:hand|turn)(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){0,4}?over"
    r"|(?:let|lets|letting|admit\w*)\s+(?:[\w'’-]+\s+){0,4}?into"
    r"|grant\w*|pass\w*\s+to"
    r"|(?:be|is|are|was|were|been)\s+surrendered\s+(?:[\w-]+\s+){0,3}?to"
    r"|cession|lease\w*|administ\w+|annex\w*|occup\w+|retain\w*|claims?|compensat\w*"
    r"|t[ao]ken?\s+over|takes\s+over|took\s+over)\b"
)
#: Words of a place joining a state ("shall belong to the Soviet Union", "becomes part of",
#: "is incorporated into", "goes to"): a change of hands, in favour of the state named next.
JOINING_CUES = (
    r"\b(?:belong(?:s|ed|ing)?\s+to|(?:become|becomes|became|form|forms|formed|be)\s+(?:an?\s+)?"
    r"(?:integral\s+)?part\s+of|incorporat\w*\s+(?:in|into|with)|(?:re)?unit\w*\s+with"
    r"|(?:go|goes|went|pass|passes|passed)\s+(?:back\s+)?to)\b"
)
#: Words that join countries to the actor of a sentence ("Germany, joined by Romania and
#: Hungary, invaded the Soviet Union", "aided by Bulgaria"): the countries named after them,
#: up to the clause's end, act with it; they are not the ground the sentence is about.
CO_ACTOR_CUES = (
    r"\b(?:joined|aided|helped|supported|backed|assisted)\s+(?:\w+\s+)?by\b"
    r"|\b(?:alongside|with\s+the\s+help\s+of|in\s+alliance\s+with)\b"
)
#: Words of where armies stood at a time ("by mid-February Soviet armies stood on the
#: Oder", "the high tide of its advance", "their spearheads some 30 kilometres from the
#: Kremlin"): the front line in force then, where it runs near the place named.
FRONT_POSITION_CUES = (
    r"\b(?:(?:stood|halted|stopped|dug\s+in|held\s+the\s+line)\s+(?:on|at|along|before"
    r"|outside|near|in\s+front\s+of)|high\s+tide|(?:furthest|farthest|deepest)\s+advance"
    r"|spearheads?|front\s+line\s+(?:ran|lay|stood)|the\s+line\s+of\s+the\s+front)\b"
)
#: Words of where a power's forces were on a day ("American troops stood far inside the
#: area", "British troops held western Mecklenburg", "the Red Army occupied the city"): right
#: after the forces named, the power's hold valid then at the places the clause names.
HOLDING_CUES = r"\b(?:stood|held|occupied|were\s+holding|still\s+held)\b"
#: Words by which a power receives a zone or sector of its own ("France should also have a
#: zone", "France would get its own zone", "France was to be given a sector"): the unit is
#: the zone or sector of the power named last before the words, as if it were named ("the
#: French zone").
UNIT_RECEIVED_CUES = (
    r"\b(?:have|receive|get|obtain|(?:be|been|was|were|is|are)\s+(?:given|allotted|assigned"
    r"|granted))\s+(?:also\s+)?(?:a|an|one|its\s+own|a\s+separate)\s+(?:[\w-]+\s+)?"
    r"(zone|sector)\b"
)
#: Words of a state's founding ("the Republic was proclaimed", "a government was established
#: in the north", "founded"): with a day, the sovereign hold of a new state begun that day.
STATE_FOUNDED_CUES = r"\b(?:proclaimed|founded|established|set\s+up|constituted)\b"
#: A power's enclave ("an American enclave"): the features held by that power outside its
#: zone (``zone_part`` enclave, :data:`ZONE_PARTS`).
ENCLAVE_WORD = "enclave"
#: Words for armies, which a report of where something stood needs ("the church stood on a
#: hill near the Oder" is no front).
FORCES_WORDS = (
    r"\b(?:arm(?:y|ies)|troops|forces|divisions|tanks|spearheads?|front|advance|Axis"
    r"|Wehrmacht)\b"
)
#: Words of a line that divides a country ("the line ... divides the country in two", "a
#: demarcation line cut France into two zones"): the holds on both sides of it, made then.
DIVIDED_COUNTRY_CUES = (
    r"\b(?:divid\w*|split\w*|cut\w*)\s+(?P<ground>the\s+country|it|[A-Z][\w-]+)\s+"
    r"(?:in(?:to)?\s+)?(?:two|halves|two\s+(?:parts|zones|halves))\b"
)
#: Control statuses that realise a transfer (not a government under occupation, an
#: uprising or a puppet state).
TRANSFER_STATUSES: frozenset[str] = frozenset({"annexed", "administered", "lease", "occupied"})
#: Words of a state of war begun or to begin ("will consider itself at war with Japan",
#: "declares war on"): a change too, realised by the first battle the powers named open.
WAR_CUES = (
    r"\b(?:(?:at|state\s+of)\s+war|declar\w*\s+war|war\s+(?:on|against)|hostilities\s+against"
    r"|open\w*\s+hostilities)\b"
)
#: Words of a state getting back ground of its own ("Romania was to recover northern
#: Transylvania", "regained", "reclaimed"): the state named just before them receives it.
REGAINING_CUES = r"\b(?:recover\w*|regain\w*|reclaim\w*|reincorporat\w*)\b"
#: A pronoun standing for the power a clause is given or surrendered to ("would surrender to
#: them"): the power the sentence named first, its subject, unless that is the giver.
RECEIVER_PRONOUNS = r"(?:them|him|her|it)"
#: A pronoun as the subject of a verb ("in fact they stayed until May 1946"): the power the
#: sentence named first.
SUBJECT_PRONOUNS = r"(?:they|it|he|she)"
#: Words reporting that a power's forces left a place ("Soviet troops left Manchuria in May
#: 1946", "they stayed until May 1946", "the Germans withdrew from Greece in October"): the
#: next holder's hold there, begun at the sentence's time, is what the leaving made. "Left"
#: only before the name of what is left ("the troops left on its soil" leave nothing).
LEFT_CUES = (
    r"\b(?:left(?=\s+(?:the\s+)?(?-i:[A-Z]))|withdrew|evacuated|pulled\s+out"
    r"|(?:stayed|remained)\s+(?:[\w-]+\s+){0,3}?until)\b"
)
#: Nouns that name a status of control ("it was a protectorate"): a territory said to be one
#: from a day holds the hold of that status begun then.
STATUS_NOUNS: dict[str, str] = {
    "protectorate": "protectorate",
    "condominium": "condominium",
    "puppet state": "puppet",
}
#: A war spoken of again without its name ("The war went badly for the attacker", "the
#: campaign dragged on"): the war the text named last, when the sentence's time lies within
#: it. Not a war named by its enemy or theatre ("the war against Japan", "the war in the
#: Pacific"); :data:`WAR_JOINED_BEFORE` says when "the war" is the wider war joined or left.
WAR_AGAIN_CUES = (
    r"\bthe\s+(?:war|campaign)\b(?!\s+(?:against|in|with|of|on|between|for|to|by|from)\b)"
)
#: Words just before "the war" that make it the wider war a country enters or leaves ("took
#: his country out of the war", "entered the war", "brought into the war").
WAR_JOINED_BEFORE = r"\b(?:of|into|from|enter\w*|join\w*|leav\w*|left|quit\w*)\s+$"
#: Words of a place taken by arms, as war reports say it ("took Kharkiv", "Minsk fell on 28
#: June", "troops entered Smolensk", "Kishinev was retaken", "Warsaw was liberated", "was
#: taken", "reached Minsk", "landed at Mukden"), or handed to a power ("Stettin was given to
#: the Poles on 5 July", "handed to"): with a town and its day they link the hold
#: that began there that day (a front step, an occupation, the town's own state restored).
TAKING_CUES = (
    r"\b(?:conquer\w*|conquest|overr[au]n|seiz\w+|took|captur\w+|recaptur\w+|occup\w+"
    r"|fell|fallen|entered|enters|stormed|retak(?:e|es|en)|retook|liberat\w+|freed|taken"
    r"|given\s+(?:up\s+)?to|handed\s+to|won\s+back|landed\s+(?:at|on|in)|reached"
    r"|held\s+out\s+(?:until|till))\b"
)
#: Words of a capture reported as done before the story's time ("which it had taken on 2
#: May", "the city had fallen on 13 February"): with the day written after them, the battle
#: at the place named that the capture completed (ended then), looked back to.
TAKEN_BEFORE_CUES = (
    r"\bhad\s+(?:\w+ly\s+)?(?:taken|captured|seized|stormed|overrun|conquered|retaken"
    r"|recaptured|liberated|fallen)\b"
)
#: Words of a hand-over ("the British handed over Wedding", "handed their sector over to",
#: "turned over", "relinquished"): what it links is the next holder's hold, not the giver's
#: (nor an earlier one) that ended when the next began.
HAND_OVER_CUES = (
    r"\b(?:hand(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,8}?over|turn(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,8}?over"
    r"|relinquish\w*)\b"
)
#: Statuses of a hold made by an instrument (an award, a cession, a lease), which a later
#: instrument may void or give up; an occupation is made by arms, not by an instrument.
INSTRUMENT_STATUSES: frozenset[str] = frozenset({"annexed", "administered", "lease"})
#: Words of undoing what an earlier instrument made: voiding it ("null and void", "annulled")
#: or giving up what it gave ("gives up its lease", "renounces").
UNDOING_CUES = (
    r"\b(?:null\s+and\s+void|void|annul\w*|abrogat\w*|invalidat\w*|rescind\w*"
    r"|repudiat\w*|gives?\s+up|gave\s+up|renounc\w*|relinquish\w*|waives?|waived"
    r"|lost\s+(?:its|their)\s+(?:force|validity)|no\s+longer\s+(?:valid|in\s+force))\b"
)
#: Words of a state's end ("the artificial state has fallen apart", "Poland ceased to
#: exist", "the collapse of the former state", "its break-up"): the state's own hold on its
#: ground that ended then (the state as it was, before the change the text goes on to make).
#: Not a verb with an object ("land reform broke up the great estates").
STATE_END_CUES = (
    r"\b(?:f[ae]ll(?:s|en)?\s+apart|ceas(?:ed|es|e)\s+to\s+exist|collaps\w*|disintegrat\w*"
    r"|br(?:oke|oken|eaks?)\s+up(?!\s+(?:the|a|an|its|their|his|her)\b)|break-?up"
    r"|dissol(?:ved|ution)|no\s+longer\s+exist\w*)\b"
)
#: The occupied part of a country spoken of again, no place named after it ("throughout the
#: occupied regions", "the occupied territory"): the occupation the text spoke of last.
OCCUPIED_PART_CUES = (
    r"\bthe\s+occupied\s+(?:regions?|territor(?:y|ies)|zones?|areas?|parts?|lands?)\b"
    r"(?!\s+of\b)"
)
#: The part left unoccupied ("the territory left unoccupied", "the unoccupied zone"): the
#: hold beside that occupation, made with it, of another power.
UNOCCUPIED_PART_CUES = (
    r"\b(?:territor(?:y|ies)|regions?|zones?|areas?|parts?)\s+(?:left\s+|still\s+)?unoccupied\b"
    r"|\bthe\s+unoccupied\s+(?:regions?|territor(?:y|ies)|zones?|areas?|parts?)\b"
)
#: Words of giving up a claim to a ground ("gives up its claim to the strip", "renounces all
#: claims to"): the ground passes to another that day; what is linked is the other's new
#: hold or arrangement there, made on the instrument's day, not the giver's that ends.
CLAIM_GIVEN_UP_CUES = (
    r"\b(?:gives?\s+up|gave\s+up|given\s+up|renounc\w+|waives?|waived|abandon\w*)\s+"
    r"(?:its|their|his|all|any)\s+(?:[\w-]+\s+)?claims?\s+(?:to|on)\b"
)
#: Words of a state's rule put under its occupier's authority ("the authority of the Japanese
#: government to rule the state shall be subject to the Supreme Commander"): the occupation
#: of that state in force then (or begun within a month).
OCCUPIER_AUTHORITY_CUES = (
    r"\bsubject\s+to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:Supreme\s+Commander|Commander-in-Chief"
    r"|military\s+government|occupying\s+(?:power|authorit\w+)|occupation\s+authorit\w+)"
)
#: Words before a country's name that make it a part of it ("the eastern portion of Poland").
PART_OF_COUNTRY = (
    r"(?:east|west|north|south)\w*(?:-\w+)?\s+(?:(?:part|portion|half|territor\w+|lands?)\s+)?"
    r"(?:of\s+)?(?:the\s+)?$"
)
