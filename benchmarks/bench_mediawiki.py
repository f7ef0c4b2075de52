"""Benchmark: spheremap's MediaWiki reader against one built on mwparserfromhell.

Reads each MediaWiki document (the bundled sample and the test ones) with the current reader
(``spheremap.documents._parse_mediawiki``, regular expressions) and with a reader of the same
shape built on ``mwparserfromhell`` (its node tree: ``<ref>`` tags replaced by markers,
headings as sections, templates, comments and tables dropped, other nodes stripped to text),
then compares the passages each gives (section, text, citations) and the medians of the parse
alone and of the whole ``parse_document`` (dates and places), the current reader as the base.
``mwparserfromhell`` is not a dependency: install it to run this (``pip install
mwparserfromhell``). Not a test.

    python benchmarks/bench_mediawiki.py [--repeats 15]

Measured on the bundled sample (26 passages), on a shared 2-core machine: the same 26
passages, section for section and citation for citation; the parse alone 2-3x slower (about
1.0 ms against 0.4-0.5 ms), lost in the 150-300 ms of parse_document (dates, places). On
tests/data/documents/potsdam_notes.wiki: the same 4 passages, the parse 3.5-4x slower (0.3 ms
against 0.07 ms). So the library reads the sample as well as the current reader and costs
nothing that shows; switching would trade about 60 lines of regular expressions for a dependency.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchlib import header, row, timed

from spheremap import documents as D

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [
    *sorted((ROOT / "geodata" / "documents").glob("*.wiki")),
    *sorted((ROOT / "tests" / "data" / "documents").glob("*.wiki")),
]


def parse_with_mwparserfromhell(text: str):
    """(title, meta, blocks) as ``documents._parse_mediawiki`` returns them."""
    import mwparserfromhell as mwp
    from mwparserfromhell.nodes import Comment, Heading, Tag, Template

    lines = text.split("\n")
    if lines and D._WIKI_SUMMARY.match(lines[0]):
        lines = lines[1:]
    wc = mwp.parse("\n".join(lines))
    refs: list[str] = []
    named: dict[str, int] = {}
    for tag in wc.filter_tags(recursive=True, matches=lambda n: str(n.tag).lower() == "ref"):
        name = str(tag.get("name").value).strip().strip('"') if tag.has("name") else None
        body = str(tag.contents) if tag.contents is not None else ""
        if not body.strip() and name in named:
            wc.replace(tag, D._REF_MARK.format(named[name]))
            continue
        refs.append(D._cite_text(body) if body.strip() else name or "")
        if name:
            named.setdefault(name, len(refs) - 1)
        wc.replace(tag, D._REF_MARK.format(len(refs) - 1))
    title, sections = None, [("", [])]
    for node in wc.nodes:
        if isinstance(node, Heading):
            heading = node.title.strip_code().strip()
            if node.level == 1 and title is None and not any(s[1] for s in sections):
                title = heading
            else:
                sections.append((heading, []))
        elif isinstance(node, Template):
            if str(node.name).strip().upper().startswith("DISPLAYTITLE"):
                title = str(node.name).split(":", 1)[1].strip()
        elif not isinstance(node, Comment) and not (
            isinstance(node, Tag) and str(node.tag).lower() in ("table", "references")
        ):
            text_ = node.__strip__(normalize=True, collapse=True, keep_template_params=False)
            if text_ is not None:
                sections[-1][1].append(str(text_))
    blocks = [
        D._Block(heading, para, refs)
        for heading, parts in sections
        for para in D._paragraphs("".join(parts).split("\n"))
    ]
    return title, {}, blocks


def passages(text: str, name: str) -> list[tuple]:
    doc = D.parse_document(text, name, "mediawiki")
    return [(p.section, p.text, tuple(c.text for c in p.citations)) for p in doc.passages]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    try:
        import mwparserfromhell  # noqa: F401
    except ImportError:
        print("mwparserfromhell is not installed: pip install mwparserfromhell", file=sys.stderr)
        return 1
    current = D._PARSERS["mediawiki"]
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        D._PARSERS["mediawiki"] = current
        base = passages(text, path.name)
        base_parse, _ = timed(lambda text=text: current(text), args.repeats)
        base_doc, _ = timed(lambda t=text, n=path.name: passages(t, n), args.repeats)
        D._PARSERS["mediawiki"] = parse_with_mwparserfromhell
        other = passages(text, path.name)
        mwp_parse, _ = timed(lambda text=text: parse_with_mwparserfromhell(text), args.repeats)
        mwp_doc, _ = timed(lambda t=text, n=path.name: passages(t, n), args.repeats)
        D._PARSERS["mediawiki"] = current
        same = len(set(base) & set(other))
        print(
            f"\n{path.relative_to(ROOT)}: {len(base)} passages (current), {len(other)} "
            f"(mwparserfromhell), {same} the same (section, text, citations)"
        )
        header("reading (ms)")
        ms = 1000
        b1 = sorted(t * ms for t in base_parse)
        b2 = sorted(t * ms for t in base_doc)
        print(row("parse, current (regular expressions)", b1, "ms"))
        print(row("parse, mwparserfromhell", [t * ms for t in mwp_parse], "ms", b1[len(b1) // 2]))
        print(row("parse_document, current", b2, "ms"))
        print(
            row(
                "parse_document, mwparserfromhell",
                [t * ms for t in mwp_doc],
                "ms",
                b2[len(b2) // 2],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
