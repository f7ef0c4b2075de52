"""Reading documents: paragraphs, sections, citations, ids, formats and hostile input."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from spheremap import documents
from spheremap.documents import (
    format_passage,
    load_documents,
    parse_document,
    passage_id,
    read_document,
)
from spheremap.model import DataError
from spheremap.places import parse_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "geodata" / "documents" / "stalin_pact_war_yalta.wiki"
DOCS = Path(__file__).parent / "data" / "documents"

GAZ = parse_gazetteer(
    "name,variants,kind,lon,lat,power,features,source\n"
    "Poland,Polska,country,19.4,52.1,Poland,,t\n"
    "Vilnius,Vilna|Wilno,city,25.28,54.69,,,t\n"
)


def _raw_paragraphs(path: Path) -> list[str]:
    """Paragraphs of the sample as its author wrote them: non-empty lines that are not
    headings, the edit summary or only a <ref>."""
    lines = path.read_text(encoding="utf-8").split("\n")[1:]
    out = []
    for line in lines:
        s = line.strip()
        if not s or re.fullmatch(r"=+.*=+", s):
            continue
        if re.fullmatch(r"<ref>.*</ref>", s):
            continue
        out.append(s)
    return out


@pytest.fixture(scope="module")
def sample():
    return read_document(SAMPLE)


def test_every_paragraph_of_the_sample_is_a_passage(sample):
    raw = _raw_paragraphs(SAMPLE)
    assert len(sample.passages) == len(raw) == 26
    for passage, line in zip(sample.passages, raw, strict=True):
        # the passage is that paragraph without its markup: starts with its first words
        assert line.startswith(passage.text[:40])


def test_edit_summary_and_markup_are_not_passage_text(sample):
    texts = " ".join(p.text for p in sample.passages)
    assert "Created page with" not in texts
    assert "<ref>" not in texts and "</ref>" not in texts and "==" not in texts
    assert sample.format == "mediawiki"


def test_headings_become_sections(sample):
    sections = list(dict.fromkeys(p.section for p in sample.passages))
    assert sections[0] == ""
    assert sections[1].startswith("Reaching the Molotov–Ribbentrop Non-Aggression Pact")
    assert sections[-1] == "Post war doctrines, conference reactions and consequences"
    assert len(sections) == 6


def test_refs_become_citations_of_their_passage(sample):
    by_start = {p.text[:30]: p for p in sample.passages}
    cited = {p.index: [c.text for c in p.citations] for p in sample.passages if p.citations}
    assert cited[3] == ["Stalin's Secret War Plans: Why Hitler Invaded the Soviet Union -"]
    assert cited[12] == ["Battle of Stalingrad -"]
    # a paragraph that is only a <ref> cites the paragraph before it
    assert cited[19] == ["Yalta Conference -"]
    assert (
        sum(len(v) for v in cited.values())
        == SAMPLE.read_text(encoding="utf-8").count("<ref>")
        == 7
    )
    assert by_start  # keep fixture use explicit


def test_passage_ids_are_unique_and_stable_under_unrelated_edits(tmp_path, sample):
    ids = [p.id for p in sample.passages]
    assert len(set(ids)) == len(ids)
    text = SAMPLE.read_text(encoding="utf-8")
    edited = text.replace(
        "Stalin's Role in WWII -</ref>\n",
        "Stalin's Role in WWII -</ref>\n\nAn inserted paragraph.\n\n",
    ).replace("==Post war doctrines", "==A new section==\nNew text here.\n\n==Post war doctrines")
    edited = edited.replace("rapid transformation", "rapid  transformation")  # spacing only
    copy = tmp_path / SAMPLE.name
    copy.write_text(edited, encoding="utf-8")
    again = read_document(copy)
    assert set(ids) <= {p.id for p in again.passages}
    assert len(again.passages) == len(ids) + 2


def test_editing_a_passage_changes_only_its_id(tmp_path, sample):
    text = SAMPLE.read_text(encoding="utf-8").replace("fierce combat", "bitter combat")
    copy = tmp_path / SAMPLE.name
    copy.write_text(text, encoding="utf-8")
    again = [p.id for p in read_document(copy).passages]
    before = [p.id for p in sample.passages]
    assert sum(a != b for a, b in zip(before, again, strict=True)) == 1


def test_identical_paragraphs_get_distinct_ids():
    doc = parse_document("Same words here.\n\nSame words here.\n", "x.txt", "text", GAZ)
    a, b = (p.id for p in doc.passages)
    assert a != b and b == a + "-2"
    assert a == passage_id("x.txt", "", "Same words here.")


def test_markdown_treaty(tmp_path):
    doc = read_document(DOCS / "boundary_treaty_1939.md")
    assert doc.format == "markdown" and doc.date == date(1939, 9, 28)
    assert doc.title.startswith("German-Soviet Boundary and Friendship Treaty")
    sections = [p.section for p in doc.passages]
    assert "Article I" in sections and "Secret supplementary protocol" in sections
    art1 = next(p for p in doc.passages if p.section == "Article I")
    assert [c.text for c in art1.citations] == [
        "Map of the boundary, signed by Stalin and Ribbentrop (study copy)."
    ]
    assert "[^map]" not in art1.text
    # hard-wrapped lines are joined into one passage
    assert len([p for p in doc.passages if p.section == "Article I"]) == 1


def test_plain_text_communique():
    doc = read_document(DOCS / "crimea_communique_1945.txt")
    assert doc.format == "text"
    assert doc.title == "COMMUNIQUE ON THE CONFERENCE IN THE CRIMEA"
    assert doc.date == date(1945, 2, 11)  # from the dateline at the end
    assert [p.section for p in doc.passages][-1] == "THE FAR EAST"
    assert doc.passages[-1].text == "Crimea, February 11, 1945"


def test_markdown_inline_markup_and_front_matter():
    text = (
        "---\ntitle: Notes\ndate: 1945-07-26\n---\n"
        "## Zones\n\nThe **French** zone was *carved* from [US](http://x) land.[^1]\n\n"
        "[^1]: FRUS 1945.\n"
    )
    doc = parse_document(text, "n.md", "markdown", GAZ)
    (p,) = doc.passages
    assert p.text == "The French zone was carved from US land."
    assert doc.title == "Notes" and doc.date == date(1945, 7, 26)
    assert [c.text for c in p.citations] == ["FRUS 1945."]


def test_wiki_links_templates_and_named_refs():
    text = (
        "'''Vilna''' was given to [[Lithuania|the Lithuanians]]{{citation needed}}."
        '<ref name="a">{{cite web |title=Treaty |url=http://e.org}}</ref> '
        'And again.<ref name="a"/>\n'
    )
    doc = parse_document(text, "w.wiki", "mediawiki", GAZ)
    (p,) = doc.passages
    assert p.text == "Vilna was given to the Lithuanians. And again."
    assert [c.text for c in p.citations] == ["Treaty. http://e.org"]
    assert p.places == ("Vilnius",)


def test_long_paragraphs_are_split_at_sentences():
    sentence = "The line ran along the river for many kilometres without a break. "
    doc = parse_document(sentence * 80, "long.txt", "text", GAZ)
    assert len(doc.passages) > 1
    assert all(len(p.text) <= documents.MAX_PASSAGE_CHARS for p in doc.passages)
    assert all(p.text.endswith(".") for p in doc.passages)
    assert sum(p.text.count("The line") for p in doc.passages) == 80


def test_markup_stays_visible_as_text_and_formatting_is_reduced():
    """``<script>`` and ``<img>`` are shown, not dropped (issue #13): the text is data, and
    renderers show it as text. Formatting tags (``<b>``) are reduced to their text, except in
    plain text, where nothing is markup."""
    text = "Before <script>alert('x')</script> after <b>bold</b> <img src=x onerror=alert(1)>.\n"
    for fmt, name in (("mediawiki", "a.wiki"), ("markdown", "a.md"), ("text", "a.txt")):
        (p,) = parse_document(text, name, fmt, GAZ).passages
        assert "<script>alert('x')</script>" in p.text, fmt
        assert "<img src=x onerror=alert(1)>" in p.text, fmt
        assert ("<b>bold</b>" in p.text) == (fmt == "text"), fmt


def test_markdown_links_to_the_web_keep_their_text_others_stay_as_written():
    text = "See [a link](javascript:alert(1)), [the treaty](https://e.org/t_(1939)) and ![x](data:y).\n"
    (p,) = parse_document(text, "a.md", "markdown", GAZ).passages
    assert p.text == "See [a link](javascript:alert(1)), the treaty and ![x](data:y)."


def test_format_passage_is_plain_text(sample):
    out = format_passage(sample.passages[4])
    assert out.splitlines()[0].startswith("[stalin-pact-war-yalta:")
    assert "23 August 1939 = [1939-08-23, 1939-08-24) day" in out
    assert "places: " in out


# --------------------------------------------------------------------------- hostile input


def test_binary_file_is_refused_naming_it(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DataError, match="image.txt.*binary"):
        read_document(f)


def test_control_characters_without_nul_are_refused(tmp_path):
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16] * 50))
    with pytest.raises(DataError, match="noise.txt"):
        read_document(f)


def test_unknown_encoding_is_refused_naming_it(tmp_path):
    f = tmp_path / "legacy.txt"
    # bytes undefined in Windows-1252 and invalid UTF-8
    f.write_bytes(b"Treaty text \x81\x8d\x8f\x90\x9d and more")
    with pytest.raises(DataError, match="legacy.txt.*encoding"):
        read_document(f)


def test_windows_1252_text_is_read(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("Königsberg was taken on 9 April 1945.".encode("cp1252"))
    doc = read_document(f)
    assert doc.encoding == "cp1252"
    assert doc.passages[0].text.startswith("Königsberg")


def test_utf16_with_bom_is_read(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_text("Wilno in 1939.", encoding="utf-16")
    assert read_document(f, GAZ).passages[0].places == ("Vilnius",)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.md", b"", "empty"),
        ("empty.md", b"   \n\n\t\n", "empty"),
        ("empty.md", "\ufeff".encode(), "empty"),
        ("refs.wiki", b"==Heading==\n<ref>only a ref</ref>\n{{template}}\n", "empty"),
        ("bad.md", b"---\ndate: 1945-02-30\n---\nText.\n", "not a real day"),
    ],
    ids=["empty", "blank", "bom-only", "markup-only", "bad-front-matter-date"],
)
def test_bad_content_is_refused_naming_the_file(tmp_path, name, content, problem):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(DataError, match=f"{name}.*{problem}"):
        read_document(f)


def test_huge_file_is_refused_quickly_with_a_clear_error(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        out.seek(50 * 1024 * 1024 - 1)
        out.write(b"\n")
    with pytest.raises(DataError, match="huge.txt.*too large"):
        read_document(f)


def test_file_just_under_the_limit_reads(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 200_000)
    f = tmp_path / "big.txt"
    para = "On 1 September 1939 the war began in Poland. " * 10 + "\n\n"
    f.write_text(para * (190_000 // len(para)), encoding="utf-8")
    doc = read_document(f, GAZ)
    assert len(doc.passages) == 190_000 // len(para)
    assert len({p.id for p in doc.passages}) == len(doc.passages)


@pytest.mark.parametrize("name", ["notes.pdf", "notes.docx", "notes"])
def test_unknown_type_is_refused(tmp_path, name):
    f = tmp_path / name
    f.write_text("text", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(name)):
        read_document(f)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataError, match="nope.md.*not found"):
        read_document(tmp_path / "nope.md")
    d = tmp_path / "dir.md"
    d.mkdir()
    with pytest.raises(DataError, match="dir.md"):
        read_document(d)


def test_load_documents_reads_a_folder_and_skips_other_files(tmp_path):
    (tmp_path / "a.md").write_text("Alpha.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta.\n", encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    docs = load_documents(tmp_path, GAZ)
    assert [d.name for d in docs] == ["a.md", "b.txt"]


def test_load_documents_stops_on_a_broken_one(tmp_path):
    (tmp_path / "a.md").write_text("Alpha.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(DataError, match="b.txt"):
        load_documents(tmp_path, GAZ)


def test_documents_whose_ids_would_collide_are_refused(tmp_path):
    (tmp_path / "Yalta_notes.md").write_text("Alpha.\n", encoding="utf-8")
    (tmp_path / "yalta-notes.txt").write_text("Beta.\n", encoding="utf-8")
    with pytest.raises(DataError, match="collide"):
        load_documents(tmp_path, GAZ)


def test_mediawiki_display_title_names_the_document():
    text = (
        "{{DISPLAYTITLE:Stalin, the Pact and ''Yalta''}}\nOn 23 August 1939 the pact was signed.\n"
    )
    doc = parse_document(text, "stalin_pact.wiki", "mediawiki", GAZ)
    assert doc.title == "Stalin, the Pact and Yalta"
    assert doc.passages[0].text == "On 23 August 1939 the pact was signed."
    untitled = parse_document(text.split("\n", 1)[1], "stalin_pact.wiki", "mediawiki", GAZ)
    assert untitled.title == "Stalin pact"  # the page name, as MediaWiki writes it
