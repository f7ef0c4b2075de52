"""Gold links: passage → feature links written by hand, and how well a corpus matches them.

A gold file is a CSV with the columns ``document, passage, split, anchor, feature,
direction, note`` (see ``geodata/gold/README.md``). Each row names a passage by a short
``anchor`` quote found in exactly one passage of its document and a feature it should link
to; a row with an empty ``feature`` says the passage should link to nothing. ``split`` is
``dev`` or ``heldout``: the held-out rows are scored apart, so tuning on the rest shows.

Documents are found next to the gold file, else in the atlas's ``documents/`` folder.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from spheremap.model import DataError, read_data_text

if TYPE_CHECKING:
    from spheremap.links import Corpus

GOLD_COLUMNS = ("document", "split", "anchor", "feature", "direction")
SPLITS = ("dev", "heldout")
DIRECTIONS = ("forward", "current", "backward")


@dataclass(frozen=True)
class GoldRow:
    """One row of a gold file."""

    document: str
    split: str
    anchor: str
    feature: str  # "" = the passage links to nothing
    direction: str = ""
    note: str = ""


@dataclass(frozen=True)
class Score:
    """Precision and recall of one set of passages."""

    passages: int
    expected: int
    found: int
    correct: int
    direction_right: int = 0
    missed: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def as_dict(self) -> dict:
        return {
            "passages": self.passages,
            "expected": self.expected,
            "found": self.found,
            "correct": self.correct,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "direction_right": self.direction_right,
            "missed": [list(m) for m in self.missed],
            "extra": [list(e) for e in self.extra],
        }


def parse_gold(text: str, path: str = "<gold>") -> list[GoldRow]:
    """Read gold rows from CSV text.

    Raises
    ------
    DataError
        On missing columns, an empty anchor, an unknown split or direction (naming the line).
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        values = {k: (row.get(k) or "").strip() for k in (*GOLD_COLUMNS, "note")}
        if not values["document"] or not values["anchor"]:
            raise DataError(path, f"line {line}: document and anchor are required")
        if values["split"] not in SPLITS:
            raise DataError(
                path,
                f"line {line}: split must be one of {', '.join(SPLITS)}, not {values['split']!r}",
            )
        if values["feature"] and values["direction"] not in DIRECTIONS:
            raise DataError(
                path,
                f"line {line}: direction must be one of {', '.join(DIRECTIONS)}, "
                f"not {values['direction']!r}",
            )
        rows.append(GoldRow(**values))
    if not rows:
        raise DataError(path, "no gold rows")
    return rows


def load_gold(path: Path | str) -> list[GoldRow]:
    """Read a gold file (see :func:`parse_gold`)."""
    return parse_gold(read_data_text(path, "gold file"), str(path))


def gold_documents(
    rows: Sequence[GoldRow], gold_path: Path, documents_dir: Path | None
) -> list[Path]:
    """The files of the documents a gold file scores: beside it, else in ``documents_dir``.

    Raises
    ------
    DataError
        Naming the gold file, for a document found in neither place.
    """
    out = []
    for name in dict.fromkeys(r.document for r in rows):
        candidates = [gold_path.parent / name]
        if documents_dir is not None:
            candidates.append(documents_dir / name)
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise DataError(gold_path, f"document {name!r} not found beside it or in the atlas")
        out.append(found)
    return out


def _fold(text: str) -> str:
    from spheremap.links import _fold as fold

    return fold(text)


def score(corpus: Corpus, rows: Sequence[GoldRow], *, path: str = "<gold>") -> dict[str, Score]:
    """Precision and recall of ``corpus``'s links against gold ``rows``: ``all``, ``dev``
    and ``heldout``.

    Only the passages the gold names are scored (a link there that the gold lacks is a
    false positive). To measure the linker alone, build the corpus without curated links.

    Raises
    ------
    DataError
        If an anchor matches no passage of its document, or several.
    """
    by_doc: dict[str, list] = {}
    for p in corpus.passages:
        by_doc.setdefault(Path(p.document).name, []).append((p, _fold(p.text)))
    expected: dict[str, dict[str, str]] = {}  # passage id -> feature -> direction
    split_of: dict[str, str] = {}
    for r in rows:
        anchor = _fold(r.anchor)
        hits = [p for p, text in by_doc.get(r.document, []) if anchor in text]
        if len(hits) != 1:
            what = "no passage" if not hits else f"{len(hits)} passages"
            raise DataError(path, f"anchor {r.anchor!r} of {r.document} matches {what}")
        pid = hits[0].id
        if split_of.setdefault(pid, r.split) != r.split:
            raise DataError(path, f"passage of anchor {r.anchor!r} is in two splits")
        wanted = expected.setdefault(pid, {})
        if r.feature:
            wanted[r.feature] = r.direction
    out = {}
    for name in ("all", *SPLITS):
        pids = [pid for pid in expected if name == "all" or split_of[pid] == name]
        n_exp = n_found = n_ok = n_dir = 0
        missed, extra = [], []
        for pid in pids:
            got = {lk.feature: lk for lk in corpus.links_for_passage(pid)}
            want = expected[pid]
            n_exp += len(want)
            n_found += len(got)
            for fid, link in got.items():
                if fid in want:
                    n_ok += 1
                    n_dir += getattr(link, "direction", "") == want[fid]
                else:
                    extra.append((pid, fid))
            missed += [(pid, fid) for fid in want if fid not in got]
        out[name] = Score(len(pids), n_exp, n_found, n_ok, n_dir, tuple(missed), tuple(extra))
    return out
