"""The bibliography: what the ``sources`` of every feature stand for.

``geodata/bibliography.csv`` has one row per source key::

    key,citation,links
    S25,"London Protocol of 12 Sep 1944: eastern zone line; ...",http://...

A feature's ``sources`` entry is a key, optionally followed by a comma and a locator (an
article, a page, what the source says)::

    "S25"    "MOSCOW-ARMISTICE-1944, Art. 7"    "FS2.6"

When a ``geodata/`` folder has a bibliography, every entry of every feature must name one of
its keys (:func:`unresolved`); a folder without one is not checked.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from spheremap.model import DataError, Problem

#: File name of the bibliography inside a ``geodata/`` folder.
FILENAME = "bibliography.csv"
COLUMNS = ("key", "citation", "links")


@dataclass(frozen=True)
class Reference:
    """One work cited: its key, the full citation and where it can be found."""

    key: str
    citation: str
    links: str = ""


def source_key(entry: str) -> str:
    """The key of a ``sources`` entry: the text before its first comma, if any."""
    return entry.split(",", 1)[0].strip()


def read(path: Path) -> dict[str, Reference]:
    """Read a bibliography CSV into references by key.

    Raises
    ------
    DataError
        If the file cannot be read, lacks the columns, or has an empty or repeated key or an
        empty citation (naming the line).
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise DataError(path, f"missing column(s): {', '.join(missing)}")
            out: dict[str, Reference] = {}
            for row in reader:
                line = reader.line_num
                key = (row.get("key") or "").strip()
                citation = (row.get("citation") or "").strip()
                if not key or "," in key:
                    raise DataError(path, f"line {line}: a key must be non-empty, without commas")
                if key in out:
                    raise DataError(path, f"line {line}: key {key!r} listed twice")
                if not citation:
                    raise DataError(path, f"line {line}: key {key!r} has no citation")
                out[key] = Reference(key, citation, (row.get("links") or "").strip())
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise DataError(path, f"broken CSV: {exc}") from None
    except OSError as exc:
        raise DataError(path, f"cannot read file: {exc.strerror or exc}") from None
    return out


def read_folder(root: Path) -> dict[str, Reference] | None:
    """The bibliography of a ``geodata/`` folder, or ``None`` when it has none."""
    path = Path(root) / FILENAME
    return read(path) if path.is_file() else None


def unresolved(
    rows: Iterable[tuple[str, str, Iterable[str]]], references: Mapping[str, Reference]
) -> list[Problem]:
    """One problem per feature and source entry whose key is not in ``references``.

    Parameters
    ----------
    rows : iterable of (path, feature id, sources)
        Each feature (or control claim) once.
    references : mapping of key to Reference
    """
    problems = []
    for path, fid, sources in rows:
        for entry in sources:
            key = source_key(entry)
            if key not in references:
                problems.append(
                    Problem(path, fid, f"source {entry!r}: key {key!r} is not in {FILENAME}")
                )
    return problems
