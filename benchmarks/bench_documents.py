"""Measure date extraction, place finding and linking against hand-read gold, and speed.

Run: ``.venv/bin/python benchmarks/bench_documents.py``

Accuracy (from ``tests/data/documents/gold.json``), per document:

* dates, three ways:
  - ``builtin``: spheremap's finder and normaliser;
  - ``dateparser-atoms``: spheremap's finder and range logic, single expressions
    normalised by ``dateparser`` (``DateDataParser.get_date_data``);
  - ``dateparser-search``: ``dateparser.search.search_dates`` alone, as a finder and
    normaliser (no ranges, no relative anchoring of our own);
  found/gold matched by overlapping text in the same passage; "normalised" means the
  exact interval (or, for relative phrases, covering the gold days; for event-relative
  phrases, being reported unresolved);
* places: precision/recall of the gazetteer names found per passage;
* links: precision/recall of passage -> feature links, where gold lists them and the
  atlas has those features.

Speed: median of several reads of the sample per backend, and their ratio.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "documents" / "gold.json"

from benchlib import timed  # noqa: E402

from spheremap import documents as docs_mod  # noqa: E402
from spheremap.dates import DateContext, DateMention, extract_dates  # noqa: E402
from spheremap.documents import read_document  # noqa: E402


def _overlap(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return a in b or b in a


def _correct(found: DateMention | None, gold: dict, unresolved: bool) -> bool:
    if gold.get("unresolved"):
        return unresolved
    if found is None:
        return False
    if "covers" in gold:
        return all(found.covers(date.fromisoformat(d)) for d in gold["covers"])
    return (found.start.isoformat(), found.end.isoformat()) == (gold["start"], gold["end"])


def score_dates(per_passage: dict[int, tuple[list[DateMention], list[str]]], gold: list[dict]):
    """(found, gold, matched, normalised correctly) counts."""
    found_total = sum(len(m) + len(u) for m, u in per_passage.values())
    matched = correct = 0
    used: set[tuple[int, str, int]] = set()
    for g in gold:
        mentions, unresolved = per_passage.get(g["passage"], ([], []))
        hit = None
        for i, m in enumerate(mentions):
            if (g["passage"], "m", i) not in used and _overlap(m.text, g["text"]):
                hit = ("m", i, m)
                break
        if hit is None:
            for i, u in enumerate(unresolved):
                if (g["passage"], "u", i) not in used and _overlap(u, g["text"]):
                    hit = ("u", i, None)
                    break
        if hit is None:
            continue
        used.add((g["passage"], hit[0], hit[1]))
        matched += 1
        correct += _correct(hit[2], g, hit[0] == "u")
    return found_total, len(gold), matched, correct


def _builtin(doc, backend):
    out = {}
    ctx = DateContext.for_document(doc.date)
    for p in doc.passages:
        ex = extract_dates(p.text, ctx, backend=backend)
        ctx = ex.context
        out[p.index] = (list(ex.mentions), list(ex.unresolved))
    return out


def _search_dates(doc):
    from dateparser.search import search_dates

    out = {}
    for p in doc.passages:
        base = doc.date or date(1945, 1, 1)
        from datetime import datetime

        res = (
            search_dates(
                p.text,
                languages=["en"],
                settings={"RELATIVE_BASE": datetime(base.year, base.month, base.day)},
            )
            or []
        )
        mentions = []
        for text, dt in res:
            d = dt.date()
            mentions.append(DateMention(text, d, date.fromordinal(d.toordinal() + 1), "day"))
        out[p.index] = (mentions, [])
    return out


def _pr(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def main() -> int:
    gold_all = json.loads(GOLD.read_text("utf-8"))
    totals: dict[str, list[int]] = {}
    print("== dates: found / gold / matched / normalised; precision recall accuracy")
    for name, gold in gold_all.items():
        if name.startswith("_"):
            continue
        doc = read_document(ROOT / gold["path"])
        for method in ("builtin", "dateparser-atoms", "dateparser-search"):
            if method == "dateparser-search":
                per = _search_dates(doc)
            else:
                per = _builtin(doc, "builtin" if method == "builtin" else "dateparser")
            found, want, matched, correct = score_dates(per, gold["dates"])
            t = totals.setdefault(method, [0, 0, 0, 0])
            for i, v in enumerate((found, want, matched, correct)):
                t[i] += v
            print(
                f"{name:32s} {method:18s} {found:3d} {want:3d} {matched:3d} {correct:3d}   "
                f"P={matched / found if found else 1:.2f} R={matched / want:.2f} "
                f"norm={correct / want:.2f}"
            )
    for method, (found, want, matched, correct) in totals.items():
        print(
            f"{'ALL':32s} {method:18s} {found:3d} {want:3d} {matched:3d} {correct:3d}   "
            f"P={matched / found:.2f} R={matched / want:.2f} norm={correct / want:.2f}"
        )

    print("\n== places: tp fp fn precision recall")
    for name, gold in gold_all.items():
        if name.startswith("_") or "places" not in gold:
            continue
        doc = read_document(ROOT / gold["path"])
        tp = fp = fn = 0
        misses = []
        for p in doc.passages:
            want = set(gold["places"].get(str(p.index), []))
            got = set(p.places)
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
            misses += sorted(want - got)
        prec, rec = _pr(tp, fp, fn)
        print(f"{name:32s} {tp:3d} {fp:3d} {fn:3d}  P={prec:.2f} R={rec:.2f}  missed: {misses}")

    print("\n== links: tp fp fn precision recall")
    try:
        from spheremap.atlas import Atlas
        from spheremap.links import Corpus
        from spheremap.places import default_gazetteer

        atlas = Atlas.load()
        ids = set(atlas.features["id"])
        print(f"(gold links to features not in the atlas yet are left out; {len(ids)} ids)")
        for name, gold in gold_all.items():
            if name.startswith("_") or "links" not in gold:
                continue
            doc = read_document(ROOT / gold["path"])
            for label, corpus in (
                ("automatic", Corpus.build([doc], atlas.features, default_gazetteer(), [])),
                ("+ curated", Corpus.load(atlas, documents=[doc])),
            ):
                tp = fp = fn = ok = 0
                wrong, missed = [], []
                for p in doc.passages:
                    want = {f for f in gold["links"].get(str(p.index), []) if f in ids}
                    fine = set(gold.get("acceptable", {}).get(str(p.index), []))
                    got = set(corpus.features_for_passage(p.id))
                    tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
                    ok += len((got - want) & fine)
                    wrong += [f"{p.index}:{f}" for f in sorted(got - want - fine)]
                    missed += [f"{p.index}:{f}" for f in sorted(want - got)]
                prec, rec = _pr(tp, fp, fn)
                lenient = f"  P(acceptable as right)={(tp + ok) / (tp + fp):.2f}" if ok else ""
                print(
                    f"{name:32s} {label:10s} {tp:3d} {fp:3d} {fn:3d}  P={prec:.2f} R={rec:.2f}"
                    + lenient
                )
                if label == "automatic":
                    print(f"    extra: {wrong}\n    missed: {missed}")
    except Exception as exc:  # noqa: BLE001 - report and carry on
        print(f"(links not measured: {exc})")

    print("\n== speed: reading the sample (median of 7)")
    sample = ROOT / "geodata" / "documents" / "stalin_pact_war_yalta.wiki"
    read_document(sample)
    extract_dates("warm up 23 August 1939", backend="dateparser")
    medians = {}
    for backend in ("builtin", "dateparser"):
        runs = []
        for _ in range(7):
            t0 = time.perf_counter()
            doc = read_document(sample)
            _builtin(doc, backend)
            runs.append(time.perf_counter() - t0)
        medians[backend] = statistics.median(runs)
        print(f"read + dates ({backend:10s}): {medians[backend] * 1000:7.1f} ms")
    print(f"ratio dateparser/builtin: {medians['dateparser'] / medians['builtin']:.1f}")
    big = ("On 1 September 1939 German troops invaded Poland near Danzig. " * 15 + "\n\n") * 800
    t0 = time.perf_counter()
    doc = docs_mod.parse_document(big, "big.txt", "text")
    dt = time.perf_counter() - t0
    print(f"synthetic {len(big) / 1e6:.1f} MB, {len(doc.passages)} passages: {dt:.2f} s")
    try:
        from spheremap.atlas import Atlas
        from spheremap.links import Corpus
        from spheremap.places import default_gazetteer

        features = Atlas.load().features
        t0 = time.perf_counter()
        corpus = Corpus.build([doc], features, default_gazetteer(), [])
        dt = time.perf_counter() - t0
        print(
            f"linking those passages to {len(features)} feature rows: {dt:.2f} s, "
            f"{len(corpus.links)} links"
        )
    except Exception as exc:  # noqa: BLE001 - report and carry on
        print(f"(linking not timed: {exc})")
    bench_gold()
    bench_link_scaling(sample)
    return 0


def bench_gold() -> None:
    """Precision and recall against the hand-made gold links (issue #14), dev and held-out."""
    from spheremap import gold
    from spheremap.atlas import Atlas
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    print("\n== links against geodata/gold and tests/data/primary (linker alone)")
    atlas = Atlas.load()
    for path in (
        ROOT / "geodata" / "gold" / "links_gold.csv",
        ROOT / "tests" / "data" / "primary" / "links_gold.csv",
    ):
        rows = gold.load_gold(path)
        paths = gold.gold_documents(rows, path, ROOT / "geodata" / "documents")
        docs = [read_document(p) for p in paths]
        corpus = Corpus.build(docs, atlas.features, default_gazetteer(), [])
        for split, sc in gold.score(corpus, rows).items():
            print(
                f"{path.parent.name:8s} {split:8s} P={sc.precision:.2f} R={sc.recall:.2f} "
                f"({sc.correct}/{sc.found} found, {sc.expected} expected)"
            )


def bench_link_scaling(sample: Path) -> None:
    """Linking k copies of the bundled article: time per copy should stay flat (linear)."""
    from spheremap.atlas import Atlas
    from spheremap.links import Corpus
    from spheremap.places import default_gazetteer

    print("\n== speed: linking k copies of the bundled article (median of 3; 10x is the baseline)")
    features = Atlas.load().features
    gazetteer = default_gazetteer()
    text = sample.read_text("utf-8")
    medians: dict[int, float] = {}
    cpu: dict[int, float] = {}
    for k in (10, 100):
        doc = docs_mod.parse_document("\n\n".join([text] * k), "big.wiki", "mediawiki", gazetteer)
        walls, cpus = [], []
        for _ in range(3):
            c0 = time.process_time()
            times, corpus = timed(lambda d=doc: Corpus.build([d], features, gazetteer, []), 1)
            cpus.append(time.process_time() - c0)
            walls += times
        medians[k], cpu[k] = statistics.median(walls), statistics.median(cpus)
        print(
            f"{k:4d}x: {len(doc.passages):5d} passages, {len(corpus.links):6d} links, "
            f"wall {medians[k]:6.2f} s, cpu {cpu[k]:6.2f} s ({cpu[k] / k * 1000:6.1f} ms cpu per copy)"
        )
    for what, m in (("wall", medians), ("cpu", cpu)):
        ratio = (m[100] / 100) / (m[10] / 10)
        print(
            f"{what}: per-copy time 100x / 10x = {ratio:.2f} (1.0 = linear); 100x < 10 s: {m[100] < 10}"
        )
    print("(wall time counts other processes on the shared 2-core machine; cpu time is this one's)")


if __name__ == "__main__":
    sys.exit(main())
