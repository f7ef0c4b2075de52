"""Reading MediaWiki, Markdown and plain-text documents into dated passages.

A passage is a paragraph of plain text (markup and references removed). Headings
become sections; ``<ref>`` (MediaWiki) and ``[^n]`` footnotes (Markdown) become
:class:`Citation` objects attached to the passage that cites them. Each passage
carries its date mentions (:mod:`spheremap.dates`) and places
(:mod:`spheremap.places`).

Passage ids are ``<document-slug>:<section-slug>:<hash>`` where the hash is taken
from the passage's normalised text (case, spacing, quotes and punctuation folded):
editing another paragraph, adding a section elsewhere or fixing a typo's spacing
leaves an id unchanged; the same text twice in one section gets ``-2``, ``-3``.

Text is data: nothing read here is ever executed. Formatting tags (``<b>``, ``<sup>``,
``<span>``: :data:`FORMATTING_TAGS`) are reduced to their text; any other markup
(``<script>``, ``<img>``, ``<iframe>``) is kept *as text*, visible, as MediaWiki itself
shows tags it does not allow; a Markdown link to anything but a web or mail address
(``[a link](javascript:alert(1))``) is kept as written. Plain text is text: nothing in it is
markup. Renderers must still show passage text as text.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spheremap.dates import DateContext, DateMention, extract_dates
from spheremap.model import DataError
from spheremap.places import Gazetteer, default_gazetteer

#: File name endings and the format they are read as.
FORMATS: dict[str, str] = {
    ".wiki": "mediawiki",
    ".mediawiki": "mediawiki",
    ".mw": "mediawiki",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
#: Larger files are refused with a clear error (a document is read whole, in memory).
MAX_BYTES = 8 * 1024 * 1024
#: Paragraphs longer than this are split at sentence ends into pieces of about
#: ``SPLIT_TARGET`` characters.
MAX_PASSAGE_CHARS = 2000
SPLIT_TARGET = 1200
#: A line at least this long, ending a sentence, is a paragraph of its own even
#: without a blank line after it (authors who write one paragraph per line).
LONG_LINE = 160

# (thread CPU-time deadline, seconds allowed, what is being read) while a time_limit() runs
_DEADLINE: ContextVar[tuple[float, float, str] | None] = ContextVar("deadline", default=None)


@contextmanager
def time_limit(seconds: float, what: object) -> Iterator[None]:
    """Within the block, reading and linking documents stops after ``seconds`` of work.

    Parsing (per paragraph) and linking (per passage) call :func:`check_time`, which then
    raises a :class:`DataError` naming ``what``: a server (the app) gives up on a document
    too large or too slow to process instead of working on it for minutes. The limit is per
    thread (a :class:`~contextvars.ContextVar`) and counts the thread's CPU time, so it binds
    only the caller's work, and a busy server (other sessions, other processes) does not make
    it refuse a document that would be read in time on its own.
    """
    token = _DEADLINE.set((time.thread_time() + seconds, seconds, str(what)))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time() -> None:
    """Raise :class:`DataError` if the enclosing :func:`time_limit` has run out (else nothing)."""
    limit = _DEADLINE.get()
    if limit is not None and time.thread_time() > limit[0]:
        raise DataError(
            limit[2],
            f"too large to process within {limit[1]:g} s; split it into smaller documents",
        )


@dataclass(frozen=True)
class Citation:
    """A reference attached to a passage (``<ref>`` or footnote), as plain text."""

    text: str


@dataclass(frozen=True)
class Passage:
    """One paragraph of a document with its dates, places and citations.

    Parameters
    ----------
    id : str
        Stable id (see the module docstring).
    document : str
        The document's file name.
    section : str
        Heading of the section it is in ("" before the first heading).
    index : int
        Position in the document, from 0.
    text : str
        Plain text, markup and references removed.
    dates : tuple of DateMention
        Date expressions, in order.
    places : tuple of str
        Canonical gazetteer names, in order of first mention.
    citations : tuple of Citation
        References cited by this paragraph.
    unresolved : tuple of str
        Relative date phrases that had no sound anchor (kept, not guessed).
    """

    id: str
    document: str
    section: str
    index: int
    text: str
    dates: tuple[DateMention, ...] = ()
    places: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    unresolved: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        """Whether any of the passage's date mentions covers ``day``."""
        return any(d.covers(day) for d in self.dates)


@dataclass(frozen=True)
class Document:
    """A document read into passages.

    Parameters
    ----------
    path : str
        The file it was read from.
    title : str
        Its title (front matter, first heading or the file name).
    format : str
        ``mediawiki``, ``markdown`` or ``text``.
    passages : tuple of Passage
    date : date or None
        Its own date (front matter or a dateline), context for partial dates.
    encoding : str
        How the bytes were decoded.
    """

    path: str
    title: str
    format: str
    passages: tuple[Passage, ...]
    date: date | None = None
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        """The file name."""
        return Path(self.path).name


# --------------------------------------------------------------------------- bytes to text


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DataError(path, "broken UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise DataError(path, "binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # A legacy 8-bit file: accept Windows-1252 only if it decodes strictly and reads as text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DataError(
            path,
            f"unknown text encoding (not UTF-8: {utf8_error.reason} at byte {utf8_error.start}); "
            "save the file as UTF-8",
        ) from None
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if printable < 0.98 * len(text) or letters < 0.6 * len(text):
        raise DataError(path, "unknown text encoding or binary data; save the file as UTF-8")
    return text, "cp1252"


def _check_text(text: str, path: Path) -> str:
    controls = sum(
        1 for ch in text[:65536] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > max(8, len(text[:65536]) // 100):
        raise DataError(path, "binary data (control characters), not a text document")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- markup


# Every pattern below stops at the next opener it could nest in (``[^<>]``, ``[^\[\]]``, a
# tempered ``(?:(?!<ref\b).)``), so a document full of unclosed ``<ref>``/``[[``/``{|`` is scanned
# in linear time instead of re-scanning the rest of the text from each opener (quadratic).
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
#: HTML tags that only format text (MediaWiki's allowed inline and block tags, less links
#: and media): reduced to their text. Other tags stay in the text, literally.
FORMATTING_TAGS = frozenset(
    [
        "b",
        "i",
        "u",
        "s",
        "em",
        "strong",
        "small",
        "big",
        "sup",
        "sub",
        "span",
        "div",
        "font",
        "center",
        "br",
        "p",
        "code",
        "tt",
        "kbd",
        "var",
        "samp",
        "cite",
        "q",
        "abbr",
        "dfn",
        "mark",
        "strike",
        "del",
        "ins",
        "bdi",
        "bdo",
        "ruby",
        "rt",
        "rp",
        "wbr",
        "hr",
        "blockquote",
        "pre",
        "nowiki",
        "poem",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "includeonly",
        "noinclude",
        "onlyinclude",
    ]
)
_TAG = re.compile(
    r"</?(?:" + "|".join(sorted(FORMATTING_TAGS, key=len, reverse=True)) + r")\b[^<>]*>", re.I
)
_WIKI_REF = re.compile(
    r"<ref(?P<attrs>\s[^<>]*?)?(?:/>|>(?P<body>(?:(?!<ref[\s/>]).)*?)</ref\s*>)", re.I | re.S
)
_WIKI_FILE = re.compile(r"\[\[(?:File|Image|Category):(?:[^\[\]]|\[\[[^\[\]]*\]\])*\]\]", re.I)
_WIKI_LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]]*)\]\]")
_WIKI_EXTLINK = re.compile(r"\[(?:https?|ftp)://[^\s\[\]]+\s+([^\[\]]+)\]")
_WIKI_BARE_EXTLINK = re.compile(r"\[(?:https?|ftp)://[^\s\[\]]+\]")
_WIKI_TABLE = re.compile(r"^\{\|(?:(?!^\{\|).)*?^\|\}\s*$", re.M | re.S)
_TEMPLATE_BRACES = re.compile(r"\{\{|\}\}")
# a link's target may hold one level of parentheses ("alert(1)"), and a title
_MD_TARGET = r"\((?P<url>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\s*\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[([^\[\]]+)\]" + _MD_TARGET)
#: Link targets whose link text stands for them; any other scheme (``javascript:``,
#: ``data:``) leaves the link as written, visible.
_SAFE_TARGET = re.compile(r"(?i)^(?:(?:https?|ftp|mailto):|[^:]*$)")
_MD_REFLINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
# strong emphasis; "__" does not open or close inside a word ("window.__x"), as in CommonMark
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
# single-mark emphasis has no opener/closer to stop at: bounded to a sentence-sized span
_MD_STAR = re.compile(r"(?<![\w*])\*(?!\s)(.{1,1000}?)(?<!\s)\*(?![\w*])")
_MD_UNDERSCORE = re.compile(r"(?<![\w_])_(?!\s)(.{1,1000}?)(?<!\s)_(?![\w_])")
_WIKI_DISPLAYTITLE = re.compile(r"\{\{\s*DISPLAYTITLE\s*:\s*([^{}|]+?)\s*(?:\|[^{}]*)?\}\}", re.I)
_WIKI_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1\s*$")
_WIKI_SUMMARY = re.compile(r'^\s*Created page with ".*"?\s*$')
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_FOOTDEF = re.compile(r"^\[\^(?P<key>[^\[\]]+)\]:\s*(?P<body>.*)$")
_MD_FOOTREF = re.compile(r"\[\^(?P<key>[^\[\]]+)\]")
_FRONT = re.compile(r"\A---\s*\n(?P<body>.*?)\n(?:---|\.\.\.)\s*\n", re.S)
_REF_MARK = "\ue000{}\ue001"
_REF_MARK_RE = re.compile("\ue000(\\d+)\ue001")


def _strip_templates(text: str) -> str:
    """Remove ``{{...}}`` templates (nested), keeping nothing of them."""
    out, depth, kept_from = [], 0, 0
    for m in _TEMPLATE_BRACES.finditer(text):
        if m.group() == "{{":
            if not depth:
                out.append(text[kept_from : m.start()])
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                kept_from = m.end()
    if not depth:
        out.append(text[kept_from:])
    return "".join(out)


def _cite_text(body: str) -> str:
    """Readable text of a ``<ref>`` body: ``{{cite ...}}`` becomes title, work, url."""
    m = re.search(r"\{\{\s*cite[^|}]*\|(.*?)\}\}", body, re.I | re.S)
    if m:
        fields = {}
        for part in m.group(1).split("|"):
            if "=" in part:
                k, v = part.split("=", 1)
                fields[k.strip().lower()] = v.strip()
        bits = [
            fields.get(k)
            for k in ("author", "last", "title", "work", "website", "publisher", "date", "url")
        ]
        body = ". ".join(b for b in bits if b) or body
    return _clean_inline_wiki(body)


def _md_link(m: re.Match[str], keep: str) -> str:
    """A Markdown link or image: ``keep`` (its text, or nothing) for a web or mail target,
    else the link as written (a ``javascript:`` link is shown, never half-parsed)."""
    return keep if _SAFE_TARGET.match(m.group("url")) else m.group(0)


def _clean_inline_wiki(text: str) -> str:
    text = _COMMENT.sub("", text)
    text = _strip_templates(text)
    text = _WIKI_FILE.sub("", text)
    text = _WIKI_LINK.sub(r"\1", text)
    text = _WIKI_EXTLINK.sub(r"\1", text)
    text = _WIKI_BARE_EXTLINK.sub("", text)
    text = re.sub(r"'{2,}", "", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _clean_inline_markdown(text: str) -> str:
    text = _COMMENT.sub("", text)
    text = _MD_IMAGE.sub(lambda m: _md_link(m, ""), text)
    text = _MD_LINK.sub(lambda m: _md_link(m, m.group(1)), text)
    text = _MD_REFLINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = _MD_STRONG.sub(r"\1\2", text)
    text = _MD_STAR.sub(r"\1", text)
    text = _MD_UNDERSCORE.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


# --------------------------------------------------------------------------- structure


@dataclass
class _Block:
    section: str
    text: str  # raw (markup) text of one paragraph
    refs: list[str]


def _paragraphs(lines: list[str]) -> list[str]:
    """Group raw lines (no headings) into paragraphs.

    Blank lines separate paragraphs; so does the end of a long line that ends a
    sentence (one-paragraph-per-line writing), and a list item starts its own.
    """
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            paragraphs.append(" ".join(s.strip() for s in current))
            current.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        plain = _REF_MARK_RE.sub("", stripped)
        if not plain.strip() and not current and paragraphs:
            # a line holding only references cites the paragraph before it
            paragraphs[-1] += " " + stripped
            continue
        if re.match(r"^(?:[*#:;]+|[-+]|\d+[.)])\s+", stripped) and current:
            flush()
        current.append(stripped)
        if len(plain) >= LONG_LINE and re.search(r"[.!?:;\"”’)\]]\s*$", plain):
            flush()
    flush()
    return paragraphs


def _split_long(text: str) -> list[str]:
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    sentences = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z“\"‘(])", text)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        while len(sentence) > MAX_PASSAGE_CHARS:  # no sentence end: cut at a space
            cut = sentence.rfind(" ", 0, SPLIT_TARGET)
            cut = cut if cut > SPLIT_TARGET // 2 else SPLIT_TARGET
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > SPLIT_TARGET:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def _parse_mediawiki(text: str) -> tuple[str | None, dict, list[_Block]]:
    lines = text.split("\n")
    if lines and _WIKI_SUMMARY.match(lines[0]):
        lines = lines[1:]
    body = "\n".join(lines)
    body = _COMMENT.sub("", body)
    # <ref>s: replace by markers, remember their text (named refs reuse earlier text)
    refs: list[str] = []
    named: dict[str, int] = {}

    def ref(m: re.Match[str]) -> str:
        attrs = m.group("attrs") or ""
        name_m = re.search(r"name\s*=\s*\"?([^\"/>]+)\"?", attrs)
        name = name_m.group(1).strip() if name_m else None
        content = m.group("body")
        if content is None or not content.strip():
            if name in named:
                return _REF_MARK.format(named[name])
            refs.append(name or "")
        else:
            refs.append(_cite_text(content))
        if name:
            named.setdefault(name, len(refs) - 1)
        return _REF_MARK.format(len(refs) - 1)

    body = _WIKI_REF.sub(ref, body)
    body = re.sub(r"<references\s*/?>", "", body, flags=re.I)
    body = _WIKI_TABLE.sub("", body)  # tables
    body = re.sub(r"__[A-Z]+__", "", body)
    sections: list[tuple[str, list[str]]] = [("", [])]
    shown = _WIKI_DISPLAYTITLE.search(body)
    title = _clean_inline_wiki(shown.group(1)) if shown else None
    for line in body.split("\n"):
        m = _WIKI_HEADING.match(line.strip())
        if m:
            heading = _clean_inline_wiki(m.group(2))
            if len(m.group(1)) == 1 and title is None and not any(s[1] for s in sections):
                title = heading
                continue
            sections.append((heading, []))
        else:
            sections[-1][1].append(line)
    blocks = []
    for heading, lines_ in sections:
        for para in _paragraphs(lines_):
            blocks.append(_Block(heading, para, refs))
    return title, {}, blocks


def _front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group("body").split("\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip().lower()] = v.strip().strip("\"'")
    return meta, text[m.end() :]


def _parse_markdown(text: str) -> tuple[str | None, dict, list[_Block]]:
    meta, body = _front_matter(text)
    body = _COMMENT.sub("", body)
    refs: list[str] = []
    keys: dict[str, int] = {}
    kept = []
    for line in body.split("\n"):
        m = _MD_FOOTDEF.match(line.strip())
        if m:
            keys[m.group("key")] = len(refs)
            refs.append(_clean_inline_markdown(m.group("body")))
        else:
            kept.append(line)
    body = "\n".join(kept)
    body = _MD_FOOTREF.sub(
        lambda m: _REF_MARK.format(keys[m.group("key")]) if m.group("key") in keys else "", body
    )
    body = re.sub(r"(?m)^\s*```.*$", "", body)
    lines = body.split("\n")
    # setext headings
    for i in range(1, len(lines)):
        if re.match(r"^\s*(=+|-+)\s*$", lines[i]) and lines[i - 1].strip():
            level = "#" if lines[i].strip()[0] == "=" else "##"
            lines[i - 1] = f"{level} {lines[i - 1].strip()}"
            lines[i] = ""
    title = meta.get("title")
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        m = _MD_HEADING.match(line.strip())
        if m:
            heading = _clean_inline_markdown(m.group(2))
            if len(m.group(1)) == 1 and title is None and not any(s[1] for s in sections):
                title = heading
                continue
            sections.append((heading, []))
        else:
            sections[-1][1].append(re.sub(r"^\s*>\s?", "", line))
    blocks = [
        _Block(heading, para, refs)
        for heading, lines_ in sections
        for para in _paragraphs(lines_)
        if not re.fullmatch(r"[-*_\s]{3,}", para)
    ]
    return title, meta, blocks


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= 80
        and not re.search(r"[.,;:!?]$", s)
        and not re.search(r"\d{4}\s*$", s)  # datelines ("Crimea, February 11, 1945")
        and len(s.split()) <= 10
    )


def _parse_text(text: str) -> tuple[str | None, dict, list[_Block]]:
    body = text
    raw_blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    title = None
    if (
        len(raw_blocks) > 1
        and "\n" not in raw_blocks[0].strip()
        and _is_heading_line(raw_blocks[0])
    ):
        title = raw_blocks.pop(0).strip()
    section = ""
    blocks = []
    for i, raw in enumerate(raw_blocks):
        single = "\n" not in raw.strip()
        if single and _is_heading_line(raw) and i + 1 < len(raw_blocks):
            section = raw.strip()
            continue
        for para in _paragraphs(raw.split("\n")):
            blocks.append(_Block(section, para, []))
    return title, {}, blocks


_PARSERS = {"mediawiki": _parse_mediawiki, "markdown": _parse_markdown, "text": _parse_text}


# --------------------------------------------------------------------------- ids


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ``a-z0-9-`` slug, cut at a word boundary near ``limit`` characters."""
    spaced = re.sub(r"[\u2010-\u2015/]", " ", text)
    ascii_ = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    if len(s) > limit:
        cut = s.rfind("-", 0, limit + 1)
        s = s[: cut if cut > limit // 2 else limit].strip("-")
    return s


def normalise_for_id(text: str) -> str:
    """The text a passage id is hashed from: case, quotes, spacing and punctuation folded."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"[^\w]+", " ", t)
    return " ".join(t.split())


def passage_id(document: str, section: str, text: str) -> str:
    """The stable id of a passage (collisions are numbered by the caller)."""
    digest = hashlib.sha1(normalise_for_id(text).encode("utf-8")).hexdigest()[:10]
    return f"{slug(Path(document).stem) or 'doc'}:{slug(section) or 'lead'}:{digest}"


# --------------------------------------------------------------------------- reading

_META_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _document_date(meta: dict, blocks: list[_Block], path: Path) -> date | None:
    raw = meta.get("date")
    if raw:
        m = _META_DATE.match(raw)
        if not m:
            raise DataError(path, f"front matter date {raw!r} is not YYYY-MM-DD")
        try:
            return date(*(int(g) for g in m.groups()))
        except ValueError:
            raise DataError(path, f"front matter date {raw!r} is not a real day") from None
    # A dateline: a short first or last paragraph holding one full date.
    candidates = blocks[:2] + blocks[-2:]
    for block in candidates:
        plain = _REF_MARK_RE.sub("", block.text)
        if len(plain) > 120:
            continue
        days = [d for d in extract_dates(plain).mentions if d.precision == "day"]
        if len(days) == 1 and (days[0].end - days[0].start).days == 1:
            return days[0].start
    return None


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise DataError(
            path, f"unknown document type {path.suffix or '(no extension)'!r}; use {known}"
        )
    return fmt


def parse_document(
    text: str,
    name: str,
    format: str,
    gazetteer: Gazetteer | None = None,
    path: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """Turn document text into a :class:`Document` (no file access).

    Parameters
    ----------
    text : str
        The whole document.
    name : str
        File name (used in passage ids and as the fallback title).
    format : {"mediawiki", "markdown", "text"}
    gazetteer : Gazetteer, optional
        Places to find (default: the bundled gazetteer).
    path : str, optional
        Where it came from, for errors (default: ``name``).

    Raises
    ------
    DataError
        If the document holds no text.
    """
    where = Path(path or name)
    if format not in _PARSERS:
        raise DataError(where, f"unknown document format {format!r}")
    gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
    title, meta, blocks = _PARSERS[format](text)
    doc_date = _document_date(meta, blocks, where)
    context = DateContext.for_document(doc_date)
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    refs_pending: list[Citation] = []
    for block in blocks:
        check_time()
        cited = [int(i) for i in _REF_MARK_RE.findall(block.text)]
        stripped = _REF_MARK_RE.sub("", block.text)
        clean = (
            _clean_inline_wiki(stripped)
            if format == "mediawiki"
            else _clean_inline_markdown(stripped)
            if format == "markdown"
            else re.sub(r"[ \t]+", " ", html.unescape(stripped)).strip()
        )
        citations = [Citation(block.refs[i]) for i in cited if block.refs[i]]
        if not clean:
            # a paragraph that is only references: they belong to the passage before it
            if passages and citations:
                last = passages[-1]
                passages[-1] = Passage(
                    last.id,
                    last.document,
                    last.section,
                    last.index,
                    last.text,
                    last.dates,
                    last.places,
                    tuple(dict.fromkeys(last.citations + tuple(citations))),
                    last.unresolved,
                )
            elif citations:
                refs_pending.extend(citations)
            continue
        for piece in _split_long(clean):
            extraction = extract_dates(piece, context)
            context = extraction.context
            pid = passage_id(name, block.section, piece)
            seen[pid] = seen.get(pid, 0) + 1
            if seen[pid] > 1:
                pid = f"{pid}-{seen[pid]}"
            passages.append(
                Passage(
                    pid,
                    name,
                    block.section,
                    len(passages),
                    piece,
                    extraction.mentions,
                    gazetteer.names_in(piece),
                    tuple(dict.fromkeys(refs_pending + citations)),
                    extraction.unresolved,
                )
            )
            refs_pending, citations = [], []
    if not passages:
        raise DataError(where, "empty document: no text found")
    if not title:
        title = meta.get("title") or Path(name).stem.replace("_", " ").replace("-", " ").strip()
        title = title[:1].upper() + title[1:]
    return Document(str(path or name), title, format, tuple(passages), doc_date, encoding)


def read_document(path: Path | str, gazetteer: Gazetteer | None = None) -> Document:
    """Read one document file into passages.

    Parameters
    ----------
    path : path
        A ``.wiki``/``.mediawiki``/``.mw``, ``.md``/``.markdown`` or ``.txt``/``.text`` file.
    gazetteer : Gazetteer, optional
        Places to find (default: the bundled gazetteer).

    Returns
    -------
    Document

    Raises
    ------
    DataError
        Naming the file, if it is missing, unreadable, too large, binary, not in a
        known encoding, of an unknown type, or empty.
    """
    path = Path(path)
    fmt = _format_of(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                path,
                f"too large ({size / 2**20:.1f} MiB; documents are limited to "
                f"{MAX_BYTES // 2**20} MiB): split it into several files",
            )
        data = path.read_bytes()
    except DataError:
        raise
    except FileNotFoundError:
        raise DataError(path, "document not found") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a document") from None
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise DataError(path, "empty document: the file has no text")
    text, encoding = _decode(data, path)
    text = _check_text(text, path)
    return parse_document(text, path.name, fmt, gazetteer, str(path), encoding)


def document_paths(paths_or_dir: Path | str | Iterable[Path | str]) -> list[Path]:
    """The document files named, or those of known type in a folder (sorted)."""
    if isinstance(paths_or_dir, (str, Path)):
        paths_or_dir = [paths_or_dir]
    out: list[Path] = []
    for item in paths_or_dir:
        p = Path(item)
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.is_file() and f.suffix.lower() in FORMATS and not f.name.startswith(".")
                )
            )
        else:
            out.append(p)
    return out


def load_documents(
    paths_or_dir: Path | str | Iterable[Path | str], gazetteer: Gazetteer | None = None
) -> list[Document]:
    """Read every document named, or every known document in a folder.

    Raises
    ------
    DataError
        On the first unreadable document (naming it), or if two documents' names differ
        only in case, punctuation or extension (their passage ids would collide).
    """
    docs = [read_document(p, gazetteer) for p in document_paths(paths_or_dir)]
    names: dict[str, str] = {}
    for doc in docs:
        key = slug(Path(doc.name).stem) or "doc"
        if key in names:
            raise DataError(
                doc.path,
                f"its passage ids would collide with those of {names[key]} "
                "(same name apart from case, punctuation or extension): rename one",
            )
        names[key] = doc.path
    return docs


def format_passage(p: Passage) -> str:
    """Plain-text rendering of a passage for the terminal (no markup, no HTML).

    Parameters
    ----------
    p : Passage

    Returns
    -------
    str
        A header line (id, document, section), the text, then dates, places,
        features (if the passage has been linked, see :mod:`spheremap.links`)
        and citations, one kind per line.
    """
    head = f"[{p.id}] {p.document}" + (f" / {p.section}" if p.section else "")
    lines = [head, p.text]
    if p.dates:
        lines.append(
            "dates: "
            + "; ".join(
                f"{d.text} = [{d.start.isoformat()}, {d.end.isoformat()}) {d.precision}"
                + (" (approximate)" if d.approximate and d.precision != "approx" else "")
                for d in p.dates
            )
        )
    if p.unresolved:
        lines.append("unresolved: " + "; ".join(p.unresolved))
    if p.places:
        lines.append("places: " + ", ".join(p.places))
    for c in p.citations:
        lines.append(f"cite: {c.text}")
    return "\n".join(lines)
