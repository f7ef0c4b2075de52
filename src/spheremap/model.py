"""The feature schema, its vocabularies and the one error hierarchy of spheremap.

Every map feature, whatever its layer, has the properties below. ``control`` is
stored differently on disk (territory pieces with timelines, see
``geodata/README.md``) but is expanded into the same rows when loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
#: the zones and sectors sharing one, on a day, are that country under occupation).
OPTIONAL_PROPERTIES: tuple[str, ...] = ("approximate", "precision_km", "theatre", "territory")

#: Kinds that may name the country they divide (``territory``).
TERRITORY_KINDS: tuple[str, ...] = ("zone", "sector")

#: Theatres of the authored front lines: key -> display name.
THEATRES: dict[str, str] = {
    "east": "Eastern Front",
    "italy": "Italian front",
    "west": "Western Front",
    "fareast": "Soviet-Japanese front",
}


class SpheremapError(Exception):
    """Base of every error spheremap raises on purpose; the CLI prints it in one line."""


class DataError(SpheremapError):
    """A data file is missing, unreadable or breaks the model."""

    def __init__(self, path: object, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class InputError(SpheremapError):
    """A user-supplied value (date, coordinate, column, option) is unusable."""


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


#: Where the vocabulary lives (kinds and powers, one entry each); :data:`VOCABULARY_ENV` names
#: another copy.
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
VOCABULARY_ENV = "SPHEREMAP_VOCABULARY"


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
    for k, entry in enumerate(data.get("power", [])):
        if not isinstance(entry.get("name"), str) or set(entry) - {"name", "colour", "adjective"}:
            raise DataError(path, f"power {k + 1}: a name, and optionally colour and adjective")
        colour = entry.get("colour")
        if colour is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(colour)):
            raise DataError(path, f"power {entry['name']!r}: colour {colour!r} is not #RRGGBB")
        powers.append(dict(entry))
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


# ----------------------------------------------------------------------------- sides
#: The sides of the war in Europe: the Axis, the Soviet side (east), the Western Allies (west).
AXIS, EAST, WEST = "axis", "east", "west"


@dataclass(frozen=True)
class SideRule:
    """``power`` fights on ``side`` from ``start`` (inclusive) to ``end`` (exclusive).

    With ``claim`` the rule holds only for that control claim (and wins over the power's
    rules); ``side=None`` then means "on neither side".
    """

    power: str
    side: str | None
    start: date | None = None
    end: date | None = None
    claim: str | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


#: Who fights on which side when (powers of the vocabulary; any other power is on neither side:
#: neutral states, Vichy France, Japan and Manchukuo, ``four-power`` after the war).
SIDES: tuple[SideRule, ...] = (
    # the Axis, its allies and puppets
    SideRule("Germany", AXIS),
    SideRule("Croatia", AXIS),
    SideRule("Slovakia", AXIS),
    SideRule("Hungary", AXIS, date(1941, 6, 27), date(1944, 12, 22)),  # declared war on the USSR
    SideRule("Finland", AXIS, date(1941, 6, 25), date(1944, 9, 5)),  # to the ceasefire
    # the Lapland War: under the Moscow armistice Finland drove the Germans out of Lapland
    # (first clash at Suursaari on 15 September 1944; the last Germans left on 27 April 1945)
    SideRule("Finland", EAST, date(1944, 9, 15)),
    SideRule("Italy", AXIS, None, date(1943, 9, 8)),  # the armistice announced
    SideRule("Italy", WEST, date(1943, 9, 8)),  # the King's government, co-belligerent
    SideRule("Romania", AXIS, None, date(1944, 8, 23)),  # the coup of 23 August
    SideRule("Romania", EAST, date(1944, 8, 23)),
    SideRule("Bulgaria", AXIS, None, date(1944, 9, 9)),  # the Fatherland Front
    SideRule("Bulgaria", EAST, date(1944, 9, 9)),
    # German-occupied Hungary is Germany's from 19 Mar 1944; Hungary's ground from 22 Dec 1944 is
    # that of the Provisional National Government at Debrecen, behind the Soviet front
    SideRule("Hungary", EAST, date(1944, 12, 22)),
    # the Soviet side (and the ground liberated from the east and the south-east)
    SideRule("USSR", EAST),
    SideRule("Poland", EAST),
    SideRule("Czechoslovakia", EAST),
    SideRule("Yugoslavia", EAST),
    SideRule("Greece", EAST),
    SideRule("Albania", EAST),
    # the Western Allies and the countries they liberated
    SideRule("US", WEST),
    SideRule("UK", WEST),
    SideRule("Allies", WEST),
    SideRule("France", WEST),
    SideRule("Belgium", WEST),
    SideRule("Netherlands", WEST),
    SideRule("Luxembourg", WEST),
    SideRule("Norway", WEST),
    SideRule("Denmark", WEST),
)

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
        r"\b(?:demand\w*|insist\w*|request\w*|claims?\b|asked|ultimatum)",
    ),
    StatementKind(
        "recognition", "forward",
        r"\b(?:recogni[sz]\w*|acknowledg\w*|confirms?\b|confirmed|supported)",
    ),
    StatementKind(
        "promise", "forward",
        r"\b(?:shall|should|promis\w*|pledg\w*|undert(?:ake|ook)|would(?!\s+(?:not|never)\b)"
        r"|(?:were|was)\s+to\s+(?:be|gain|receive|recover|compensate))\b",
    ),
    StatementKind(
        "agreement", "forward",
        r"\b(?:agree[sd]?|agreement|treaty|accord|cedes?|ceded|cession|leases?|leased"
        r"|hand(?:ed|s)?\s+over|granted|in\s+exchange\s+for)\b",
    ),
    StatementKind(
        "retrospective", "backward",
        r"\b(?:had\s+been|once\s+again|violat\w+|in\s+retrospect|looking\s+back|reaction\s+to)\b",
    ),
)  # fmt: skip

#: Counting words for zones and sectors ("four zones"): the count of powers meant.
COUNT_WORDS: dict[str, int] = {"two": 2, "three": 3, "four": 4, "five": 5}

#: Verbs that say which status of control a sentence means: a year-dated "occupying Estonia"
#: is the occupation, not the annexation that followed in the same year.
STATUS_VERBS: dict[str, str] = {
    r"\boccup\w+": "occupied",
    r"\bannex\w*": "annexed",
    r"\blease[ds]?\b": "lease",
}

#: Words of a change of hands: a forward statement links control features only with one
#: ("Sakhalin shall be returned", "the Soviets would recover eastern Poland").
TRANSFER_CUES = (
    r"\b(?:return\w*|restor\w*|recover\w*|regain\w*|gain\w*|hand\w*\s+over|transfer\w*|ced\w+"
    r"|grant\w*|pass\w*\s+to"
    r"|cession|lease\w*|administration|annex\w*|occup\w+|retain\w*|claims?|compensat\w*)\b"
)
#: Control statuses that realise a transfer (not a government under occupation, an
#: uprising or a puppet state).
TRANSFER_STATUSES: frozenset[str] = frozenset({"annexed", "administered", "lease", "occupied"})
#: Words before a country's name that make it a part of it ("the eastern portion of Poland").
PART_OF_COUNTRY = (
    r"(?:east|west|north|south)\w*(?:-\w+)?\s+(?:(?:part|portion|half|territor\w+|lands?)\s+)?"
    r"(?:of\s+)?(?:the\s+)?$"
)
