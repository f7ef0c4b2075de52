"""The bundled gold files are what their READMEs say: every anchor picks one passage, every
feature exists, and the held-out rule (passage index 2 modulo 3) is kept where it applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from spheremap.documents import parse_document
from spheremap.gold import load_gold
from spheremap.links import _fold

ROOT = Path(__file__).resolve().parents[1]
PRIMARY = ROOT / "tests" / "data" / "primary"
SPLIT_RULE = [
    ROOT / "geodata" / "gold" / "links_gold.csv",
    *sorted(PRIMARY.glob("links_gold*.csv")),
]
TUNING_ONLY = {
    "links_gold_dev2.csv",
    "links_gold_dev3.csv",
    "links_gold_dev4.csv",
    "links_gold_dev5.csv",
    "links_gold_dev6.csv",
    "links_gold_dev7.csv",
}  # every row dev, see the README
HELDOUT_ONLY = {
    "links_gold_fresh2.csv",
    "links_gold_fresh3.csv",
    "links_gold_fresh4.csv",
    "links_gold_fresh5.csv",
}  # every row heldout, see the README


@pytest.mark.parametrize("path", SPLIT_RULE, ids=lambda p: p.name)
def test_gold_file_anchors_features_and_splits(atlas, path):
    ids = set(atlas.features["id"])
    texts: dict[str, list[str]] = {}
    for row in load_gold(path):
        doc_path = path.parent / row.document
        if not doc_path.exists():
            doc_path = ROOT / "geodata" / "documents" / row.document
        if row.document not in texts:
            fmt = "mediawiki" if doc_path.suffix == ".wiki" else "markdown"
            doc = parse_document(doc_path.read_text(encoding="utf-8"), row.document, fmt)
            texts[row.document] = [_fold(p.text) for p in doc.passages]
        hits = [i for i, t in enumerate(texts[row.document]) if _fold(row.anchor) in t]
        assert len(hits) == 1, (path.name, row.anchor, hits)
        assert not row.feature or row.feature in ids, (path.name, row.feature)
        if path.name in TUNING_ONLY:
            assert row.split == "dev"
        elif path.name in HELDOUT_ONLY:
            assert row.split == "heldout"
        else:
            assert row.split == ("heldout" if hits[0] % 3 == 2 else "dev"), (path.name, row.anchor)
