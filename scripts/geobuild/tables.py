"""Reading the authored CSV tables under ``geodata/sources/``."""

from __future__ import annotations

import csv
from pathlib import Path

from spheremap.model import DataError


def read_table(path: Path, columns: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Read a UTF-8 CSV file with a header into one dict per row.

    Parameters
    ----------
    path : Path
        The CSV file.
    columns : tuple of str
        Columns the header must hold (others may be present too).

    Returns
    -------
    list of dict
        Column name -> cell text, in file order (row ``i`` is line ``i + 2``).

    Raises
    ------
    DataError
        If the file cannot be read or its header lacks any of ``columns``; the message
        names the file.
    """
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except OSError as exc:
        raise DataError(path, f"unreadable: {exc}") from exc
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(path, f"missing columns {missing}")
    return rows


def lonlat(path: Path, line: int, row: dict[str, str]) -> tuple[float, float]:
    """The ``lon`` and ``lat`` cells of one table row as numbers.

    Parameters
    ----------
    path : Path
        The table (named in errors).
    line : int
        The row's line in the file (named in errors).
    row : dict
        As returned by :func:`read_table`.

    Returns
    -------
    tuple of float
        ``(lon, lat)``.

    Raises
    ------
    DataError
        If either is not a number or lies outside -180..180 / -90..90.
    """
    try:
        lon, lat = float(row["lon"]), float(row["lat"])
    except (TypeError, ValueError) as exc:
        raise DataError(path, f"line {line}: bad lon/lat ({exc})") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise DataError(path, f"line {line}: lon/lat out of range ({lon}, {lat})")
    return lon, lat


#: Features and control claims whose trace (not date) is approximate: ``id,why``. The build
#: writes ``"approximate": true`` on each (drawn dashed); nothing reads the prose of a note.
APPROXIMATE_CSV = (
    Path(__file__).resolve().parents[2] / "geodata" / "sources" / "approximate_traces.csv"
)


def mark_approximate(
    properties: list[dict], path: Path = APPROXIMATE_CSV, *, complete: bool = True
) -> int:
    """Set ``approximate: true`` on the property dicts whose id ``path`` lists.

    Parameters
    ----------
    properties : list of dict
        Every feature's properties and every control claim (with its ``id``), all layers.
    path : Path
        The table of approximate traces.
    complete : bool
        Whether ``properties`` holds every layer (a build of some outputs only cannot tell a
        stale row from one of a layer not built).

    Returns
    -------
    int
        How many were marked.

    Raises
    ------
    DataError
        If the table lists an id no feature or claim has (a stale or misspelt row).
    """
    wanted = {row["id"] for row in read_table(path, ("id", "why"))}
    found = 0
    for props in properties:
        if props.get("id") in wanted:
            props["approximate"] = True
            found += 1
    missing = wanted - {p.get("id") for p in properties}
    if missing and complete:
        raise DataError(path, f"ids not in any layer: {', '.join(sorted(missing)[:5])}")
    return found
