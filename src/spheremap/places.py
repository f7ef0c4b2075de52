"""The gazetteer, and finding its places in text.

``geodata/gazetteer.csv`` has one row per place::

    name,variants,kind,lon,lat,power,features,source

``variants`` are ``|``-separated spellings of the period and languages (``Wilno|Vilna|
Vilnius``), ``features`` ``|``-separated ids of map features the place is about,
``power`` the vocabulary power a country-like place stands for (or empty). An id
written ``@id`` in ``features`` is the place's *extent* only (e.g. ``@germany-1938``:
Germany's territory, inside which zones lie): it is used to find features inside
the place, never linked itself. Kind
``area`` marks macro-regions (Eastern Europe, the Balkans) whose point is only a
label: they link to features only through their ``features`` list. Kind ``event``
lists names of events that contain no place name ("Winter War", "Molotov–Ribbentrop
Pact"): they are not places (``Passage.places`` leaves them out) but link to their
event features.
Matching is case-sensitive (``Turkey`` the country, not the bird; ``May`` is no place)
and whole-word (a name may begin with a digit: ``38th parallel``); the longest name wins
where two overlap (``East Prussia`` over ``Prussia``). An ALL-CAPS form of every name of
four letters or more also matches, as treaty texts are often set in capitals.

A region may also have an *area*: ``geodata/regions.geojson`` (beside the gazetteer; built by
``scripts/build_geodata.py --only regions`` from ``geodata/sources/regions/``) gives some
regions without a ``features`` list (Saxony, Styria, ...) a polygon, a union of modern
admin-1 units standing for the historic region. :attr:`Gazetteer.areas` holds them by place
name; the linker finds the features that cover a real share of such an area instead of
those at the point.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spheremap.model import POWERS, REGION_PART_WORDS, DataError, read_data_text

COLUMNS = ("name", "variants", "kind", "lon", "lat", "power", "features", "source")
PLACE_KINDS = (
    "country",
    "region",
    "city",
    "river",
    "island",
    "sea",
    "building",
    "peninsula",
    "line",
    "area",
    "event",
)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    variants: tuple[str, ...]
    kind: str
    lon: float
    lat: float
    power: str | None = None
    features: tuple[str, ...] = ()
    source: str = ""
    extent: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every variant."""
        return (self.name, *self.variants)


@dataclass(frozen=True)
class PlaceMention:
    """A place found in text: its canonical name, the words used, and where."""

    place: str
    text: str
    span: tuple[int, int]


#: A region's name that begins with a word of a part ("Northern Transylvania").
_REGION_PART = re.compile(rf"^(?:{REGION_PART_WORDS})\s+[A-Z]")


def _forms(name: str, kind: str) -> set[str]:
    """The forms of a name the matcher looks for: as written, in capitals (four letters or
    more), and a region's with its first word of a part in lower case ("northern
    Transylvania")."""
    folded = _fold(name)
    forms = {folded, folded.upper() if len(name) >= 4 else folded}
    if kind == "region" and _REGION_PART.match(folded):
        forms.add(folded[0].lower() + folded[1:])
    return forms


def _fold(text: str) -> str:
    """Curly apostrophes to straight ones, NFC: how text is compared to names."""
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'")


class Gazetteer:
    """Places by name, with a matcher for finding them in text.

    Parameters
    ----------
    places : iterable of Place
        Entries; canonical names and variants must be unique across entries.
    path : str, optional
        Where they came from (named in errors).
    """

    def __init__(self, places, path: str = "<gazetteer>", areas=None):
        self.path = path
        self.places: dict[str, Place] = {}
        #: region areas by place name (:func:`parse_region_areas`); empty when none are given
        self.areas: dict = dict(areas or {})
        self._by_name: dict[str, str] = {}
        for place in places:
            if place.name in self.places:
                raise DataError(path, f"place {place.name!r} is listed twice")
            self.places[place.name] = place
            for name in place.names:
                for form in _forms(name, place.kind):
                    owner = self._by_name.get(form)
                    if owner is not None and owner != place.name:
                        raise DataError(
                            path, f"name {form!r} belongs to both {owner!r} and {place.name!r}"
                        )
                    self._by_name[form] = place.name
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = (
            # a name starts at a letter or a digit ("38th parallel") not preceded by one
            re.compile(r"(?<![\w-])(?=[^\W_])" + _trie_regex(names) + r"(?![\w])")
            if names
            else None
        )

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, name: str) -> bool:
        return name in self.places

    def __getitem__(self, name: str) -> Place:
        return self.places[name]

    def lookup(self, name: str) -> Place | None:
        """The place any of whose names is ``name`` (exact, case-sensitive), or None."""
        canonical = self._by_name.get(_fold(name))
        return self.places[canonical] if canonical else None

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in ``text``, in order (longest name wins on overlap).

        Parameters
        ----------
        text : str
            Plain text.

        Returns
        -------
        list of PlaceMention
        """
        if self._pattern is None:
            return []
        folded = _fold(text)
        return [
            PlaceMention(self._by_name[m.group()], text[m.start() : m.end()], m.span())
            for m in self._pattern.finditer(folded)
        ]

    def names_in(self, text: str, *, events: bool = False) -> tuple[str, ...]:
        """Canonical names of the places in ``text``, each once, in order of first mention.

        Entries of kind ``event`` (named events such as "Molotov–Ribbentrop Pact", listed
        so that links can find them) are left out unless ``events`` is true.
        """
        names = dict.fromkeys(m.place for m in self.find(text))
        if not events:
            names = {n: None for n in names if self.places[n].kind != "event"}
        return tuple(names)


def _trie_regex(names: list[str]) -> str:
    """One regex for many literal names, factored by common prefixes (much faster than a
    flat alternation of hundreds of names); longer names are still tried first."""
    trie: dict = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


def parse_gazetteer(text: str, path: str = "<gazetteer>") -> Gazetteer:
    """Build a :class:`Gazetteer` from CSV text (see the module docstring for columns).

    Raises
    ------
    DataError
        On missing columns, a row without a name, an unknown kind or power, or a
        coordinate that is not a number in range; the message names the line.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(path, f"missing column(s): {', '.join(missing)}")
    places = []
    for line, row in enumerate(reader, start=2):
        name = (row["name"] or "").strip()
        if not name:
            raise DataError(path, f"line {line}: empty name")
        kind = (row["kind"] or "").strip()
        if kind not in PLACE_KINDS:
            raise DataError(path, f"line {line} ({name}): unknown kind {kind!r}")
        power = (row["power"] or "").strip() or None
        if power is not None and power not in POWERS:
            raise DataError(path, f"line {line} ({name}): unknown power {power!r}")
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except (TypeError, ValueError):
            raise DataError(path, f"line {line} ({name}): lon/lat must be numbers") from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise DataError(path, f"line {line} ({name}): lon/lat out of range")
        places.append(
            Place(
                name,
                _split(row["variants"]),
                kind,
                lon,
                lat,
                power,
                tuple(f for f in _split(row["features"]) if not f.startswith("@")),
                (row["source"] or "").strip(),
                tuple(f[1:] for f in _split(row["features"]) if f.startswith("@")),
            )
        )
    return Gazetteer(places, path)


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Read a gazetteer CSV (default: the bundled ``geodata/gazetteer.csv``), with the region
    areas of :data:`REGION_AREAS_FILE` beside it when that file exists.

    Raises
    ------
    DataError
        If the file is missing, not UTF-8 or malformed, or the areas file is malformed.
    """
    path = Path(path) if path is not None else default_gazetteer_path()
    gazetteer = parse_gazetteer(read_data_text(path, "gazetteer file"), str(path))
    areas = path.with_name(REGION_AREAS_FILE)
    if areas.is_file():
        gazetteer.areas = parse_region_areas(
            read_data_text(areas, "region areas file"), gazetteer, str(areas)
        )
    return gazetteer


#: The region areas file, read from the gazetteer's folder.
REGION_AREAS_FILE = "regions.geojson"


def parse_region_areas(text: str, gazetteer: Gazetteer, path: str = "<regions>") -> dict:
    """Region areas by place name from GeoJSON text: one feature per region, its ``name``
    the gazetteer's canonical name of a ``region`` place that lists no features (a listed
    region is already drawn by them), its geometry a valid, non-empty (multi)polygon.

    Raises
    ------
    DataError
        On unreadable GeoJSON, an unknown or listed region, a repeated name or a bad
        geometry; the message names the region.
    """
    import json

    import shapely
    from shapely.geometry import shape

    try:
        feats = json.loads(text)["features"]
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(path, f"unreadable GeoJSON: {exc}") from None
    out: dict = {}
    for feat in feats:
        name = str((feat.get("properties") or {}).get("name") or "")
        place = gazetteer.places.get(name)
        if place is None or place.kind != "region" or place.features:
            raise DataError(path, f"{name!r} is not a gazetteer region without features")
        if name in out:
            raise DataError(path, f"region {name!r} is listed twice")
        try:
            geom = shape(feat["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(path, f"{name}: unreadable geometry: {exc}") from None
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty or not geom.is_valid:
            raise DataError(path, f"{name}: the area must be a valid, non-empty polygon")
        shapely.prepare(geom)
        out[name] = geom
    return out


def default_gazetteer_path() -> Path:
    """Where the bundled gazetteer lives (``gazetteer.csv`` of :func:`layers.default_root`)."""
    from spheremap.layers import default_root

    try:
        return default_root() / "gazetteer.csv"
    except DataError as exc:
        return Path(exc.path) / "gazetteer.csv"


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once."""
    return load_gazetteer(default_gazetteer_path())
