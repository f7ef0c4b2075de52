"""The feature schema, its vocabularies and the one error hierarchy of spheremap.

Every map feature, whatever its layer, has the properties below. ``control`` is
stored differently on disk (territory pieces with timelines, see
``geodata/README.md``) but is expanded into the same rows when loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: Layer families shown and queried together.
KINDS: tuple[str, ...] = ("control", "sphere", "zone", "sector", "line", "event")

#: Who holds (or claims) a feature. Extend here and in geodata/README.md together.
POWERS: tuple[str, ...] = (
    "USSR",
    "Germany",
    "US",
    "UK",
    "France",
    "Italy",
    "Japan",
    "China",
    "Manchukuo",
    "Poland",
    "Danzig",
    "Lithuania",
    "Latvia",
    "Estonia",
    "Finland",
    "Sweden",
    "Norway",
    "Denmark",
    "Iceland",
    "Netherlands",
    "Belgium",
    "Luxembourg",
    "Switzerland",
    "Liechtenstein",
    "Austria",
    "Czechoslovakia",
    "Slovakia",
    "Hungary",
    "Romania",
    "Bulgaria",
    "Yugoslavia",
    "Croatia",
    "Albania",
    "Greece",
    "Turkey",
    "Portugal",
    "Spain",
    "Andorra",
    "Ireland",
    "Vatican",
    "San Marino",
    "Monaco",
    "Iran",
    "Korea",
    "Mongolia",
    "Vichy France",
    "four-power",
    "Allies",
    "Axis",
    "contested",
    "none",
)

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

#: Geometry types allowed per kind.
GEOMETRY_TYPES: dict[str, tuple[str, ...]] = {
    "control": ("Polygon", "MultiPolygon"),
    "sphere": ("Polygon", "MultiPolygon"),
    "zone": ("Polygon", "MultiPolygon"),
    "sector": ("Polygon", "MultiPolygon"),
    "line": ("LineString", "MultiLineString"),
    "event": ("Point", "MultiPoint"),
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
