"""Helpers of the template-injection tests: fixture folders holding a text, and page readers.

``tests/data/jinja`` is a geodata folder whose every free-text field (piece and claim names,
claim ids, notes, sources, feature names and ids, the document's headings and passages, the
curated links' notes) holds the placeholder ``@TEXT@``. :func:`make_folder` copies it with the
placeholder replaced by any text, encoded for each file's format (JSON string, CSV cell, plain
text), so the tests know exactly what each field holds without going through spheremap.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

TEMPLATE = Path(__file__).parent / "data" / "jinja"
PLACEHOLDER = "@TEXT@"


def make_folder(dest: Path, text: str) -> Path:
    """Copy :data:`TEMPLATE` to ``dest`` with every ``@TEXT@`` replaced by ``text``."""
    for src in TEMPLATE.rglob("*"):
        out = dest / src.relative_to(TEMPLATE)
        if src.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        raw = src.read_text(encoding="utf-8")
        if src.suffix == ".geojson":
            # inside JSON strings: the text JSON-encoded, without its quotes
            body = raw.replace(PLACEHOLDER, json.dumps(text, ensure_ascii=False)[1:-1])
        elif src.suffix == ".csv":
            rows = [
                [cell.replace(PLACEHOLDER, text) for cell in row]
                for row in csv.reader(io.StringIO(raw))
            ]
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            body = buf.getvalue()
        else:
            body = raw.replace(PLACEHOLDER, text)
        out.write_text(body, encoding="utf-8")
    return dest


def layer_records(root: Path) -> dict[str, dict]:
    """What the folder's layer files hold, read as plain JSON: ``{id: properties}``.

    Control claims are listed under their claim id with their entry's fields; each also
    records its piece's name under ``piece_name``.
    """
    out: dict[str, dict] = {}
    for path in sorted((root / "layers").glob("*.geojson")):
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = feat["properties"]
            if props.get("kind") == "control":
                for entry in props["timeline"]:
                    out[entry["claim"]] = {
                        **entry,
                        "id": entry["claim"],
                        "kind": "control",
                        "piece_name": props["name"],
                    }
            else:
                out[props["id"]] = dict(props)
    return out


def _call_argument(page: str, opening: str, skip_to: str | None = None):
    """The first JSON value after ``opening`` (and after ``skip_to`` if given) in ``page``."""
    at = page.index(opening) + len(opening)
    if skip_to is not None:
        at = page.index(skip_to, at) + len(skip_to)
    while page[at].isspace():
        at += 1
    value, _ = json.JSONDecoder().raw_decode(page, at)
    return value


def view_data(page: str) -> tuple[dict, dict]:
    """The FeatureCollection and the options the view page hands to ``spheremap.layer``."""
    at = page.index("spheremap.layer(") + len("spheremap.layer(")
    while page[at].isspace():
        at += 1
    decoder = json.JSONDecoder()
    data, at = decoder.raw_decode(page, at)
    at = page.index(",", at) + 1
    while page[at].isspace():
        at += 1
    options, _ = decoder.raw_decode(page, at)
    return data, options


def atlas_data(page: str) -> dict:
    """The data the atlas page hands to ``spheremap.timeline``."""
    return _call_argument(page, "spheremap.timeline(", skip_to=",")


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.texts.append(data)


def title_texts(page: str) -> tuple[list[str], list[str]]:
    """The texts and the tags of the title panel (its HTML, as the page sets ``innerHTML``)."""
    markup = _call_argument(page, "d.innerHTML =")
    parser = _Texts()
    parser.feed(markup)
    parser.close()
    return parser.texts, parser.tags


def script_tags(page: str) -> int:
    """How many ``<script`` openings the page has (its own, inlined: never from data)."""
    return len(re.findall(r"<script\b", page, flags=re.IGNORECASE))


def unescaped(page: str) -> str:
    """The page with JSON ``\\uXXXX`` escapes and HTML character references decoded.

    For "does this text occur anywhere" checks only: the structure is lost.
    """
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)
    return html.unescape(text.replace('\\"', '"').replace("\\\\", "\\"))
