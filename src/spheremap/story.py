"""Story mode: a document told as a sequence of dated steps the map follows.

Each dated passage of a document is one :class:`Step`: the day the slider moves to (the
passage's first precise date, :func:`spheremap.view.passage_day`), the features linked to it
(highlighted) and their bounds (the map fits them). The app steps through them with
previous/next (and the arrow keys); :func:`story_payload` ships them to the offline atlas page
(:func:`spheremap.export.story_html`), whose runtime steps the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spheremap import time as sm_time
from spheremap import view
from spheremap.model import KINDS, InputError, SpheremapError


@dataclass(frozen=True)
class Step:
    """One dated passage of a story."""

    passage: str
    day: date
    text: str
    section: str
    dates: str
    ids: tuple[str, ...]
    bounds: tuple[float, float, float, float] | None
    #: the layer kinds of the linked features (switched on to show them)
    kinds: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "passage": self.passage,
            "date": self.day.isoformat(),
            "text": self.text,
            "section": self.section,
            "dates": self.dates,
            "ids": list(self.ids),
            "kinds": list(self.kinds),
            # Leaflet's order: [[south, west], [north, east]]
            "bounds": (
                [[self.bounds[1], self.bounds[0]], [self.bounds[3], self.bounds[2]]]
                if self.bounds
                else None
            ),
        }


def find_document(documents: Sequence, name: str):
    """The document called ``name`` (its file name, or its title).

    Raises
    ------
    InputError
        Naming the documents there are, if none is called so.
    """
    for doc in documents:
        if name in (doc.name, getattr(doc, "title", None)):
            return doc
    names = ", ".join(repr(d.name) for d in documents) or "none"
    raise InputError(f"no document {name!r} (documents: {names})")


def story_steps(corpus, document, features) -> tuple[Step, ...]:
    """The dated passages of ``document``, in reading order, as steps.

    Parameters
    ----------
    corpus : spheremap.links.Corpus or None
        Links passages to features (``None``: no feature is highlighted).
    document : spheremap.documents.Document
    features : GeoDataFrame
        The atlas's features (for the bounds of the linked ones).
    """
    steps = []
    for p in document.passages:
        ids = view.linked_ids(corpus, p.id)
        day, ids, bounds = view.passage_focus(p, ids, features)
        if day is None:
            continue
        dates = ", ".join(str(getattr(d, "text", "")) for d in p.dates)
        present = set(features.loc[features["id"].isin(ids), "kind"])
        kinds = tuple(k for k in KINDS if k in present)
        steps.append(
            Step(
                p.id,
                sm_time.clamp(day),
                " ".join(str(p.text).split()),
                str(getattr(p, "section", "") or ""),
                dates,
                ids,
                bounds,
                kinds,
            )
        )
    return tuple(steps)


def step_index(steps: Sequence[Step], index: object) -> int:
    """``index`` as a valid step number (clamped; 0 for anything that is not a number)."""
    if not steps:
        return 0
    try:
        i = int(index)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return min(max(i, 0), len(steps) - 1)


def story_payload(title: str, steps: Sequence[Step]) -> dict:
    """What the atlas page's story control needs, JSON-ready (text stays text)."""
    return {"title": str(title), "steps": [s.as_dict() for s in steps]}


def document_steps(atlas, name: str) -> tuple[object, tuple[Step, ...]]:
    """The document ``name`` of the atlas's documents and its steps.

    Raises
    ------
    SpheremapError
        If the documents do not load or none is called ``name``, or it has no dated passage.
    """
    corpus = atlas.corpus
    doc = find_document(corpus.documents, name)
    steps = story_steps(corpus, doc, atlas.features)
    if not steps:
        raise SpheremapError(f"{doc.name}: no dated passage to tell as a story")
    return doc, steps
