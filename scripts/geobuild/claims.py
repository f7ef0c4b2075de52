"""Claims: who held an area, how, and when. The coverage engine paints them in order.

Also reads the authored vertex lists (``geodata/sources/**/*.csv``) that claim geometries are
cut with.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geobuild.tables import read_table
from spheremap.model import POWERS, PRECISIONS, STATUSES, DataError

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONFIDENCES = ("H", "M", "L")
VERTEX_COLUMNS = ("shape", "seq", "lon", "lat", "conf", "source", "note")


@dataclass(frozen=True)
class Claim:
    """One power holding an area over a half-open interval of days.

    Attributes
    ----------
    id : str
        Stable and unique, ``a-z0-9-``.
    name : str
        English display name.
    power : str
        From :data:`spheremap.model.POWERS`.
    status : str
        From :data:`spheremap.model.STATUSES`.
    start : date
        First day held.
    end : date or None
        First day no longer held (exclusive); ``None`` = open (past 1949-12-31).
    precision : str
        ``day``, ``month``, ``year`` or ``approx``.
    sources : tuple of str
        Fact-sheet keys, Natural Earth layers, treaty articles.
    geometry : BaseGeometry
        Lon/lat polygon(s); the engine clips it to the mapped land.
    note : str
        Required where the trace or the dates are approximate.
    """

    id: str
    name: str
    power: str
    status: str
    start: date
    end: date | None
    precision: str
    sources: tuple[str, ...]
    geometry: BaseGeometry
    note: str = ""


def claim_problems(claim: Claim) -> list[str]:
    """List what is wrong with one claim (empty if nothing).

    Parameters
    ----------
    claim : Claim

    Returns
    -------
    list of str
    """
    out = []
    if not isinstance(claim.id, str) or not ID_PATTERN.match(claim.id):
        out.append(f"id {claim.id!r} is not a-z0-9-")
    if not claim.name:
        out.append("empty name")
    if claim.power not in POWERS:
        out.append(f"unknown power {claim.power!r}")
    if claim.status not in STATUSES:
        out.append(f"unknown status {claim.status!r}")
    if claim.precision not in PRECISIONS:
        out.append(f"unknown date precision {claim.precision!r}")
    if not isinstance(claim.start, date):
        out.append("start is not a date")
    elif claim.end is not None and not claim.end > claim.start:
        out.append(f"end {claim.end} is not after start {claim.start}")
    if not claim.sources or not all(isinstance(s, str) and s for s in claim.sources):
        out.append("no sources")
    geom = claim.geometry
    if geom is None or geom.is_empty:
        out.append("empty geometry")
    elif geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        out.append(f"geometry is a {geom.geom_type}, not polygonal")
    if claim.precision == "approx" and not claim.note:
        out.append("approximate claim without a note")
    return out


def check_claims(claims: list[Claim], origin: str = "claims") -> None:
    """Raise if any claim is malformed or an id repeats.

    Parameters
    ----------
    claims : list of Claim
    origin : str
        Named in the error (a module or file).

    Raises
    ------
    DataError
        Naming the claim id and every problem found.
    """
    seen: set[str] = set()
    problems = []
    for claim in claims:
        for p in claim_problems(claim):
            problems.append(f"[{claim.id}] {p}")
        if claim.id in seen:
            problems.append(f"[{claim.id}] duplicate id")
        seen.add(claim.id)
    if problems:
        raise DataError(origin, "; ".join(problems))


def vertex_row(path: Path, line: int, row: dict[str, str]) -> tuple[int, float, float]:
    """Check one row of a vertex list (columns :data:`VERTEX_COLUMNS`).

    Parameters
    ----------
    path : Path
        The vertex list (named in errors).
    line : int
        The row's line in the file (named in errors).
    row : dict
        As returned by :func:`geobuild.tables.read_table`.

    Returns
    -------
    tuple
        ``(seq, lon, lat)``.

    Raises
    ------
    DataError
        On a bad number, a coordinate out of range, an unknown confidence, an empty source
        or an empty shape name; the message names the file and line.
    """
    try:
        seq = int(row["seq"])
        lon = float(row["lon"])
        lat = float(row["lat"])
    except (TypeError, ValueError) as exc:
        raise DataError(path, f"line {line}: bad seq/lon/lat ({exc})") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise DataError(path, f"line {line}: lon/lat out of range ({lon}, {lat})")
    if row["conf"] not in CONFIDENCES:
        raise DataError(path, f"line {line}: conf {row['conf']!r} is not H, M or L")
    if not (row["source"] or "").strip():
        raise DataError(path, f"line {line}: empty source")
    if not (row["shape"] or "").strip():
        raise DataError(path, f"line {line}: empty shape name")
    return seq, lon, lat


def read_shapes(path: Path) -> dict[str, list[tuple[float, float]]]:
    """Read an authored vertex list: rows ``shape,seq,lon,lat,conf,source,note``.

    Parameters
    ----------
    path : Path
        CSV file. ``seq`` orders the vertices of each ``shape``; ``conf`` is H, M or L;
        ``source`` names what the vertex rests on.

    Returns
    -------
    dict
        Shape name -> list of ``(lon, lat)`` in ``seq`` order.

    Raises
    ------
    DataError
        On a missing column, a bad number, an unknown confidence, an empty source or a
        coordinate out of range; the message names the file and line.
    """
    rows = read_table(path, VERTEX_COLUMNS)
    shapes: dict[str, list[tuple[int, float, float]]] = {}
    for line, row in enumerate(rows, start=2):
        seq, lon, lat = vertex_row(path, line, row)
        shapes.setdefault(row["shape"], []).append((seq, lon, lat))
    out = {}
    for name, pts in shapes.items():
        seqs = [p[0] for p in pts]
        if len(set(seqs)) != len(seqs):
            raise DataError(path, f"shape {name!r}: repeated seq")
        out[name] = [(lon, lat) for _, lon, lat in sorted(pts)]
    return out


def polygon(path: Path, shapes: dict[str, list[tuple[float, float]]], name: str) -> Polygon:
    """Build a valid polygon from a named vertex list.

    Parameters
    ----------
    path : Path
        The CSV the shapes came from (named in errors).
    shapes : dict
        As returned by :func:`read_shapes`.
    name : str
        Shape name.

    Returns
    -------
    Polygon

    Raises
    ------
    DataError
        If the shape is missing, has fewer than 3 vertices or is not a valid ring.
    """
    if name not in shapes:
        raise DataError(path, f"no shape named {name!r}")
    pts = shapes[name]
    if len(pts) < 3:
        raise DataError(path, f"shape {name!r} has {len(pts)} vertices, need 3+")
    poly = Polygon(pts)
    if not poly.is_valid:
        reason = shapely.is_valid_reason(poly)
        raise DataError(path, f"shape {name!r} is not a valid polygon: {reason}")
    return shapely.geometry.polygon.orient(poly, 1.0)


def line(path: Path, shapes: dict[str, list[tuple[float, float]]], name: str) -> LineString:
    """Build a line from a named vertex list (at least two vertices).

    Parameters
    ----------
    path : Path
    shapes : dict
    name : str

    Returns
    -------
    LineString
    """
    if name not in shapes:
        raise DataError(path, f"no shape named {name!r}")
    pts = shapes[name]
    if len(pts) < 2:
        raise DataError(path, f"line {name!r} has {len(pts)} vertices, need 2+")
    return LineString(pts)


# --------------------------------------------------------------------------- claim records
#: The columns of a claim record table (``geodata/sources/claims_*.csv``): everything about a
#: claim but its geometry, which the claim module draws. ``sources`` are separated by ``|``;
#: an empty ``end`` is open-ended.
RECORD_COLUMNS = ("id", "name", "power", "status", "start", "end", "precision", "sources", "note")


def _record_problem(row: dict[str, str], start: date, end: date | None) -> str | None:
    """What is wrong with one claim record's cells (dates already read), or ``None``."""
    if not ID_PATTERN.match(row["id"] or ""):
        return f"id {row['id']!r} is not a-z0-9-"
    if not (row["name"] or "").strip():
        return "empty name"
    if row["power"] not in POWERS:
        return f"unknown power {row['power']!r}"
    if row["status"] not in STATUSES:
        return f"unknown status {row['status']!r}"
    if row["precision"] not in PRECISIONS:
        return f"unknown date precision {row['precision']!r} (one of {', '.join(PRECISIONS)})"
    if end is not None and not end > start:
        return f"end {end} is not after start {start}"
    if not (row["sources"] or "").strip("| "):
        return "no sources"
    if row["precision"] == "approx" and not (row["note"] or "").strip():
        return "approximate claim without a note"
    return None


def claim_records(path: Path) -> dict[str, dict]:
    """The rows of a claim record table by claim id, in file order (the painting order).

    Raises
    ------
    DataError
        Naming the file and line: a claim listed twice, a date that is not ``YYYY-MM-DD``, an
        end not after the start, a malformed id, an unknown power, status or precision, a row
        without sources, an approximate claim without a note.
    """
    out: dict[str, dict] = {}
    for line, row in enumerate(read_table(path, RECORD_COLUMNS), start=2):
        cid = row["id"]
        if cid in out:
            raise DataError(path, f"line {line}: claim {cid!r} listed twice")
        try:
            start = date.fromisoformat(row["start"])
            end = date.fromisoformat(row["end"]) if row["end"] else None
        except (TypeError, ValueError):
            raise DataError(path, f"line {line}: dates must be YYYY-MM-DD") from None
        problem = _record_problem(row, start, end)
        if problem:
            raise DataError(path, f"line {line}: claim {cid!r}: {problem}")
        out[cid] = {
            "name": row["name"],
            "power": row["power"],
            "status": row["status"],
            "start": start,
            "end": end,
            "precision": row["precision"],
            "sources": tuple(s.strip() for s in (row["sources"] or "").split("|") if s.strip()),
            "note": row["note"] or "",
        }
    return out


def record_claim(path: Path, records: dict[str, dict], cid: str, geometry) -> Claim:
    """The claim ``cid`` of the record table at ``path`` with ``geometry``."""
    if cid not in records:
        raise DataError(path, f"no row for claim {cid!r}, which the build draws")
    return Claim(id=cid, geometry=geometry, **records[cid])


def in_file_order(path: Path, records: dict[str, dict], claims: list[Claim]) -> list[Claim]:
    """``claims`` in the order of their rows; every row drawn exactly once.

    Raises
    ------
    DataError
        Naming the file: a row without a geometry recipe, or a claim drawn twice.
    """
    ids = [c.id for c in claims]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DataError(path, f"claims drawn twice: {', '.join(twice[:5])}")
    unused = [cid for cid in records if cid not in set(ids)]
    if unused:
        raise DataError(path, f"rows without a geometry recipe: {', '.join(unused[:5])}")
    order = {cid: k for k, cid in enumerate(records)}
    return sorted(claims, key=lambda c: order[c.id])


class ClaimTable:
    """A claim record table (``geodata/sources/claims_*.csv``), read once, and its claims.

    The claim modules keep one each (``TABLE``) and draw every row's geometry; a test points a
    module at a copy by passing another table.

    Parameters
    ----------
    path : Path
        The CSV (columns :data:`RECORD_COLUMNS`).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._records: dict[str, dict] | None = None

    def __repr__(self) -> str:
        return f"ClaimTable({str(self.path)!r})"

    def records(self) -> dict[str, dict]:
        """The rows by claim id, in file order (:func:`claim_records`)."""
        if self._records is None:
            self._records = claim_records(self.path)
        return self._records

    def claim(self, cid: str, geometry: BaseGeometry) -> Claim:
        """The claim ``cid`` with its geometry (``DataError`` if the table has no such row)."""
        return record_claim(self.path, self.records(), cid, geometry)

    def in_file_order(self, claims: list[Claim]) -> list[Claim]:
        """``claims`` in row order, each row drawn exactly once (:func:`in_file_order`)."""
        return in_file_order(self.path, self.records(), claims)

    def check_recipes(self, ids) -> None:
        """Raise unless ``ids`` (the claims the code can draw) are exactly the table's rows.

        Raises
        ------
        DataError
            Naming the file and the line of each row without a recipe, or each recipe without
            a row.
        """
        ids = set(ids)
        rows = self.records()
        lines = {cid: k for k, cid in enumerate(rows, start=2)}
        unused = [f"{cid!r} (line {lines[cid]})" for cid in rows if cid not in ids]
        if unused:
            raise DataError(self.path, f"rows without a geometry recipe: {', '.join(unused[:5])}")
        missing = sorted(ids - set(rows))
        if missing:
            raise DataError(
                self.path, f"geometry recipes without a row: {', '.join(map(repr, missing[:5]))}"
            )


@functools.cache
def claim_table(path: Path) -> ClaimTable:
    """The one :class:`ClaimTable` of ``path`` (the modules that read a table share it)."""
    return ClaimTable(path)
