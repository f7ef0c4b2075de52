"""The ``spheremap`` command: where, history, compare, passages, links, validate, export, app.

A thin layer over the library: parse arguments, call one function, print. Every error the
user can cause ends in one line on stderr and a non-zero exit, never a traceback. Text from
documents, layers and input files is printed through :func:`visible`, so control characters
are shown, not obeyed by the terminal.

Exit status: 0 done; 1 an error (stated on stderr); 2 bad usage;
4 (:data:`EXIT_BAD_ROWS`) ``where --input`` rejected some rows and answered the others;
141 (:data:`EXIT_BROKEN_PIPE`) the output was closed early (``| head``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from spheremap import __version__
from spheremap import time as sm_time
from spheremap.errors import UNSAFE_CODEPOINTS, visible
from spheremap.model import KIND_TABLE, KINDS, InputError, SpheremapError
from spheremap.time import parse_date

logger = logging.getLogger(__name__)

#: Kinds whose answers get their own columns in the batch CSV output.
CSV_KINDS: tuple[str, ...] = tuple(k.name for k in KIND_TABLE if k.csv_column)


def _atlas(args):
    from spheremap.atlas import Atlas

    return Atlas.load(args.data)


def _float(text: str, what: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{what} {text!r} is not a number") from None
    return value


# ------------------------------------------------------------- terminal text
# What must not reach a terminal raw (spheremap.errors.UNSAFE_CODEPOINTS) is shown escaped by
# spheremap.errors.visible. In JSON the C0 controls are escaped already; the rest become ``\uXXXX`` (same value).
_JSON_SAFE = {c: f"\\u{c:04x}" for c in UNSAFE_CODEPOINTS if c >= 0x7F}


def _json_text(value: object) -> str:
    """Compact JSON of ``value``; C1 and bidi controls escaped (same JSON value)."""
    text = json.dumps(value, ensure_ascii=False)
    return text if text.isascii() else text.translate(_JSON_SAFE)


def _print_json(value: object) -> None:
    sys.stdout.write(_json_text(value))
    sys.stdout.write("\n")


# ------------------------------------------------------------------ where
#: Exit status when some rows of ``where --input`` were rejected (each reported on
#: stderr) and the others answered. 1 is a fatal error, 2 a usage error.
EXIT_BAD_ROWS = 4
#: Exit status when stdout was closed early (``| head``), as a shell reports SIGPIPE.
EXIT_BROKEN_PIPE = 141
#: Rows of ``where --input`` read, answered and written at a time.
CHUNK_ROWS = 10_000
#: Longest line of an input CSV (characters); longer lines are rejected without being held.
MAX_LINE = 4 * 1024 * 1024
#: Other spellings of the key columns: a file with two of them is ambiguous.
_KEY_ALIASES: dict[str, tuple[str, ...]] = {
    "lon": ("lon", "lng", "long", "longitude"),
    "lat": ("lat", "latitude"),
    "date": ("date",),
}
_FIRST_DAY, _LAST_DAY = sm_time.RANGE_START, sm_time.RANGE_END - timedelta(days=1)
_OUT_OF_RANGE = f"is outside the mapped range {_FIRST_DAY.isoformat()}..{_LAST_DAY.isoformat()}"


class _LongLine(Exception):
    """A line longer than :data:`MAX_LINE` (skipped to its end, never held whole)."""


class _Lines:
    """The lines of a text file, each at most ``limit`` characters (see :class:`_LongLine`)."""

    def __init__(self, file, limit: int = MAX_LINE):
        self._readline = file.readline
        self._limit = limit

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._readline(self._limit)
        if len(line) < self._limit or line.endswith("\n"):
            if not line:
                raise StopIteration
            return line
        while True:  # skip the rest of the long line
            rest = self._readline(self._limit)
            if not rest or rest.endswith("\n"):
                raise _LongLine


def _columns(path: Path, header: list[str], taken: Sequence[str]) -> tuple[int, int, int]:
    """Positions of lon, lat, date in ``header``; refuse duplicate or ambiguous columns."""
    seen: set[str] = set()
    twice = [h for h in header if h in seen or seen.add(h)]
    if twice:
        names = ", ".join(repr(h) for h in dict.fromkeys(twice))
        raise InputError(f"{path}: column {names} appears more than once")
    for key, spellings in _KEY_ALIASES.items():
        same = [h for h in header if h.strip().casefold() in spellings]
        if len(same) > 1:
            names = " and ".join(repr(h) for h in same)
            raise InputError(f"{path}: columns {names} are ambiguous: keep one column {key!r}")
    missing = [c for c in _KEY_ALIASES if c not in header]
    if missing:
        hints = [
            f"rename {h!r} to {c!r}"
            for c in missing
            for h in header
            if h.strip().casefold() in _KEY_ALIASES[c]
        ]
        also = f"; {', '.join(hints)}" if hints else ""
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)} (need lon, lat, date){also}"
        )
    clash = [h for h in header if h in taken]
    if clash:
        raise InputError(
            f"{path}: column(s) {', '.join(repr(h) for h in clash)} would clash with the answer's"
        )
    return header.index("lon"), header.index("lat"), header.index("date")


class _DayParser:
    """Days of date texts, strict (see :func:`parse_date`) and in range, with a bounded cache."""

    def __init__(self, limit: int = 100_000):
        self._known: dict[str, date] = {}
        self._limit = limit

    def __call__(self, text: str) -> date:
        day = self._known.get(text)
        if day is not None:
            return day
        day = parse_date(text, what="date")
        if not _FIRST_DAY <= day <= _LAST_DAY:
            raise InputError(f"date {day.isoformat()} {_OUT_OF_RANGE}")
        if len(self._known) < self._limit:
            self._known[text] = day
        return day


def _coordinate(text: str, what: str, bound: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a number") from None
    if not -bound <= value <= bound:  # NaN fails too
        raise InputError(f"{what} {value} is outside -{bound}..{bound}")
    return value


def _read_chunks(path: Path, taken: Sequence[str], report):
    """Yield the header, then chunks of good rows as (rows, lons, lats, days).

    At most :data:`CHUNK_ROWS` rows are held at a time. Bad rows are left out and go to
    ``report(number, why)`` in row order (the header is row 1) before their chunk is yielded.
    """
    if path.is_dir():
        raise InputError(f"{path}: is a folder, need a CSV file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        # undecodable bytes survive as surrogates; such rows are rejected one by one
        file = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    with file:
        reader = csv.reader(_Lines(file))
        try:
            header = next(reader, None) or []
        except (csv.Error, _LongLine):
            raise InputError(f"{path}: the header line is too long") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None
        header = [h.strip() for h in header]
        if not _utf8("".join(header)):
            raise InputError(f"{path}: the header is not UTF-8 text")
        i_lon, i_lat, i_date = _columns(path, header, taken)
        yield header
        width, day_of = len(header), _DayParser()
        number, done = 1, False
        bad: list[tuple[int, str]] = []
        while not done:
            rows, lons, lats, days, numbers = [], [], [], [], []
            while len(rows) < CHUNK_ROWS:
                try:
                    row = next(reader)
                except StopIteration:
                    done = True
                    break
                except csv.Error as exc:
                    number += 1
                    why = str(exc)
                    if "field larger than field limit" in why:
                        why = f"a field is longer than {csv.field_size_limit()} characters"
                    bad.append((number, why))
                    continue
                except _LongLine:
                    number += 1
                    bad.append((number, f"line longer than {MAX_LINE} characters"))
                    continue
                except OSError as exc:
                    for args in bad:
                        report(*args)
                    raise InputError(
                        f"{path}: cannot read file after row {number}: {exc.strerror or exc}"
                    ) from None
                if not row:
                    continue  # a blank line is no row
                number += 1
                if len(row) != width:
                    more = "more" if len(row) > width else "fewer"
                    bad.append((number, f"{more} values than columns ({len(row)} for {width})"))
                    continue
                try:
                    lon = _coordinate(row[i_lon], "longitude", 180)
                    lat = _coordinate(row[i_lat], "latitude", 90)
                    day = day_of(row[i_date])
                except InputError as exc:
                    bad.append((number, str(exc)))
                    continue
                rows.append(row)
                lons.append(lon)
                lats.append(lat)
                days.append(day)
                numbers.append(number)
            if rows and not _utf8("".join(["".join(r) for r in rows])):
                keep = [k for k, r in enumerate(rows) if _utf8("".join(r))]
                bad += [(numbers[k], "not UTF-8 text") for k in set(range(len(rows))) - set(keep)]
                rows, lons, lats, days = ([v[k] for k in keep] for v in (rows, lons, lats, days))
            for args in sorted(bad):
                report(*args)
            bad.clear()
            if rows:
                yield rows, lons, lats, days


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: the batch answer's last column: whether the point lies in the mapped region (empty: unknown)
MAPPED = "mapped"
_MAPPED_TEXT = {True: "yes", False: "no", None: ""}


def _where_batch(args, atlas) -> int:
    """Answer each row of ``--input``, a chunk at a time; bad rows reported, not fatal."""
    path = Path(args.input)
    bad = 0

    def reject(number: int, why: str) -> None:
        nonlocal bad
        bad += 1
        print(visible(f"spheremap: {path} row {number}: {why}"), file=sys.stderr)

    extra = [f"{k}_{field}" for k in CSV_KINDS for field in ("power", "id")] + [MAPPED]
    chunks = _read_chunks(path, ["matches", MAPPED] if args.json else extra, reject)
    header = next(chunks)  # the columns are checked before anything is written
    out, total = sys.stdout, 0
    if args.json:
        out.write("[")
        answer = _JsonAnswers(header)
    else:
        answer = _CsvAnswers(header, extra, safe=out.isatty())
        out.write(answer.header)
    for rows, lons, lats, days in chunks:
        results = atlas.where_many(lons, lats, days)
        text = answer(rows, results, atlas.mapped_many(lons, lats, results))
        out.write((",\n" if total else "\n") + text if args.json else text)
        total += len(rows)
        out.flush()
    out.write("\n]\n" if args.json and total else "]\n" if args.json else "")
    if bad:
        print(
            f"spheremap: {path}: {bad} row(s) rejected (listed above), {total} answered",
            file=sys.stderr,
        )
        return EXIT_BAD_ROWS
    return 0


class _CsvAnswers:
    """CSV lines of answered rows: the row, then power and id per kind in :data:`CSV_KINDS`."""

    def __init__(self, header: list[str], extra: list[str], *, safe: bool):
        self._safe = safe  # stdout is a terminal: show control characters
        self._known: dict[tuple[int, ...], tuple[tuple, list[str]]] = {}
        self.header = self._lines([header + extra])

    def _lines(self, rows) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return visible(buffer.getvalue()) if self._safe else buffer.getvalue()

    def _columns(self, matches) -> list[str]:
        key = tuple(map(id, matches))
        known = self._known.get(key)
        if known is None:
            cols = []
            for kind in CSV_KINDS:
                of_kind = [m for m in matches if m.kind == kind]
                cols += [";".join(m.power for m in of_kind), ";".join(m.id for m in of_kind)]
            if len(self._known) > 100_000:
                self._known.clear()
            # the matches are kept with their answer, so their ids stay theirs
            known = self._known[key] = (tuple(matches), cols)
        return known[1]

    def __call__(self, rows, results, mapped) -> str:
        return self._lines(
            [*row, *self._columns(ms), _MAPPED_TEXT[m]]
            for row, ms, m in zip(rows, results, mapped, strict=True)
        )


class _JsonAnswers:
    """JSON array items (one per line) of answered rows: the row's columns, then ``matches``."""

    def __init__(self, header: list[str]):
        self._header = header
        self._known: dict[int, tuple[object, str]] = {}

    def _match(self, m) -> str:
        known = self._known.get(id(m))
        if known is None:
            if len(self._known) > 100_000:
                self._known.clear()
            known = self._known[id(m)] = (m, _json_text(m.as_dict()))
        return known[1]

    def __call__(self, rows, results, mapped) -> str:
        header, match = self._header, self._match
        items = []
        for row, ms, m in zip(rows, results, mapped, strict=True):
            head = _json_text(dict(zip(header, row, strict=True)))
            items.append(
                f'{head[:-1]}, "matches": [{", ".join(map(match, ms))}], "mapped": {_json_text(m)}}}'
            )
        return ",\n".join(items)


def cmd_where(args) -> int:
    """Answer which features held a point (or each point of a CSV) on a day."""
    if args.input:
        if args.lon is not None or args.lat is not None:
            raise InputError("give either LON LAT --date or --input FILE, not both")
        return _where_batch(args, _atlas(args))
    if args.lon is None or args.lat is None or args.date is None:
        raise InputError("where needs LON LAT --date YYYY-MM-DD (or --input places.csv)")
    lon, lat = _float(args.lon, "longitude"), _float(args.lat, "latitude")
    day = parse_date(args.date)
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise InputError(f"date {day.isoformat()} {_OUT_OF_RANGE}")
    atlas = _atlas(args)
    matches = atlas.where(lon, lat, day)
    if args.json:
        _print_json([m.as_dict() for m in matches])
        if atlas.mapped_many([lon], [lat], [matches]) == [False]:  # say so beside the JSON
            print(f"spheremap: {lon}, {lat} is outside the mapped region", file=sys.stderr)
        return 0
    if not matches:
        on_land = atlas.on_mapped_land(lon, lat)
        at = f"{lon}, {lat} on {day.isoformat()}"
        if on_land is False:
            print(f"nothing mapped at {at}: the point is outside the mapped region")
        elif on_land:
            print(f"nothing held {at}: no feature covers the point that day")
        else:
            print(f"nothing mapped at {at}")
    for m in matches:
        end = m.end_date.isoformat() if m.end_date else "open"
        print(
            visible(
                f"{m.kind:8} {m.power:14} {m.status:20} {m.name} [{m.id}] "
                f"{m.start_date.isoformat()}..{end}"
            )
        )
    return 0


# ---------------------------------------------------------- history, compare
def cmd_history(args) -> int:
    """Everything that held a point over the whole range, and the events near it."""
    lon = _coordinate(args.lon, "longitude", 180)
    lat = _coordinate(args.lat, "latitude", 90)
    atlas = _atlas(args)
    history = atlas.history(lon, lat, event_radius_km=args.radius)
    if args.json:
        _print_json(history.as_dict())
        return 0
    if not history.spans:
        where = "outside the mapped region" if atlas.on_mapped_land(lon, lat) is False else ""
        print(f"nothing mapped at {lon}, {lat}" + (f": the point is {where}" if where else ""))
    for s in history.spans:
        end = s.end_date.isoformat() if s.end_date else "open"
        print(visible(f"{s.start_date.isoformat()}..{end:10} {s.kind:8} {s.power:14} "
                      f"{s.status:18} {s.name} [{s.id}]"))  # fmt: skip
    if history.events:
        print(f"events within {args.radius:g} km:")
        for e in history.events:
            print(visible(f"  {e.span.start_date.isoformat()} {e.distance_km:5.1f} km  "
                          f"{e.span.name} [{e.span.id}]"))  # fmt: skip
    return 0


def cmd_compare(args) -> int:
    """Control area gained and lost per power between two days, and the changed ground."""
    from spheremap import export

    start, end = parse_date(args.start), parse_date(args.end)
    out = Path(args.geojson) if args.geojson else None
    if out is not None and (out.is_dir() or not out.parent.exists()):
        raise InputError(f"{out}: need a file path in an existing folder")
    result = _atlas(args).compare(start, end)
    if out is not None:
        export.write_atomic(out, result.changes.to_json(drop_id=True))
    if args.json:
        _print_json(result.as_dict())
    else:
        print(f"control {start.isoformat()} -> {end.isoformat()} (km², equal-area "
              f"{result.as_dict()['area_crs']})")  # fmt: skip
        if not result.powers:
            print("no ground changed hands")
        for p in result.powers:
            print(visible(f"  {p.power:16} gained {p.gained_km2:>11,.0f}  lost "
                          f"{p.lost_km2:>11,.0f}  net {p.net_km2:>+12,.0f}"))  # fmt: skip
    if out is not None:
        print(f"wrote {out} ({len(result.changes)} changed pieces)", file=sys.stderr)
    return 0


# --------------------------------------------------------------- validate
def cmd_validate(args) -> int:
    """Validate a geodata folder (default: the bundled one) or single layer files."""
    from spheremap import layers

    paths = [Path(p) for p in args.paths] or ([Path(args.data)] if args.data else [])
    if not paths:
        root, files = layers.default_root(), None
    elif len(paths) == 1 and paths[0].is_dir():
        root, files = paths[0], None
    else:
        for p in paths:
            if not p.exists():
                raise InputError(f"{p}: no such file or folder")
        root, files = Path("."), paths
    if files is not None:
        problems = [str(p) for p in layers.iter_problems(root, files)]
        return _report(problems, f"OK: {len(files)} file(s) valid")
    from spheremap.atlas import Atlas

    # one load: the invalid features are left out and listed in atlas.problems
    atlas = Atlas.load(root, strict=False)
    problems = [str(p) for p in atlas.problems]
    if not problems:
        # documents, gazetteer and curated links must name features that exist
        problems = [f"{root}: {p}" for p in atlas.corpus.problems]
    frame = atlas.features
    pieces = frame["piece"].dropna().nunique()
    return _report(
        problems,
        f"OK: {frame['id'].nunique()} features ({len(frame)} dated rows, {pieces} control pieces) "
        f"in {frame['layer'].nunique()} layers; {len(atlas.change_dates())} change dates",
    )


def _report(problems: list[str], ok: str) -> int:
    for problem in problems:
        print(visible(problem))
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(ok)
    return 0


# --------------------------------------------------------------- passages
def cmd_passages(args) -> int:
    """List dated passages, filtered by document, date or linked feature."""
    from spheremap import links

    atlas = _atlas(args)
    corpus = links.Corpus.for_atlas(atlas, Path(args.document) if args.document else None)
    passages = corpus.passages
    if args.feature:
        atlas.feature(args.feature)  # raises a clear error for unknown ids
        wanted = {p.id for p in corpus.passages_for_feature(args.feature)}
        passages = [p for p in passages if p.id in wanted]
    if args.date:
        day = parse_date(args.date)
        wanted = {p.id for p in corpus.passages_at(day)}
        passages = [p for p in passages if p.id in wanted]
    if args.json:
        _print_json(corpus.to_json(passages))
        return 0
    for p in passages:
        print(visible(links.format_passage(p, corpus)))
        print()
    if not passages:
        print("no passages match", file=sys.stderr)
    return 0


# ------------------------------------------------------------------ links
def cmd_links(args) -> int:
    """Precision and recall of the passage-feature links against a hand-made gold file."""
    from spheremap import gold, links
    from spheremap.documents import read_document
    from spheremap.places import load_gazetteer

    atlas = _atlas(args)
    path = Path(args.gold)
    rows = gold.load_gold(path)
    root = Path(atlas.root) if atlas.root is not None else None
    gaz_path = root / "gazetteer.csv" if root is not None else None
    gazetteer = load_gazetteer(gaz_path if gaz_path and gaz_path.exists() else None)
    docs_dir = root / "documents" if root is not None else None
    docs = [read_document(p, gazetteer) for p in gold.gold_documents(rows, path, docs_dir)]
    results = {}
    for name, curated in (("linker", []), ("with curated", None)):
        if curated is None:
            corpus = links.Corpus.load(atlas, documents=docs)
        else:
            corpus = links.Corpus.build(docs, atlas.features, gazetteer, curated)
        results[name] = gold.score(corpus, rows, path=str(path))
    if args.json:
        _print_json({k: {s: v.as_dict() for s, v in r.items()} for k, r in results.items()})
        return 0
    print(visible(f"gold: {path} ({len(docs)} document(s))"))
    for name, result in results.items():
        for split, sc in result.items():
            print(
                f"{name:<13} {split:<8} precision {sc.precision:.2f}  recall {sc.recall:.2f}"
                f"  ({sc.correct} right of {sc.found} found, {sc.expected} expected;"
                f" direction right {sc.direction_right}; {sc.passages} passages)"
            )
    if args.verbose:
        sc = results["linker"]["all"]
        for pid, fid in sc.missed:
            print(visible(f"missed {pid} -> {fid}"))
        for pid, fid in sc.extra:
            print(visible(f"extra  {pid} -> {fid}"))
    return 0


# ----------------------------------------------------------------- export
def cmd_export(args) -> int:
    """Write a standalone HTML map (a view or the whole atlas) or GeoJSON."""
    from spheremap import export

    if args.png or args.svg:
        return _export_images(args)
    if not args.out:
        raise InputError("export needs --out FILE (or --png FILE / --svg FILE)")
    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a folder, need a file path")
    if not out.parent.exists():
        raise InputError(f"{out.parent}: folder does not exist")
    atlas = _atlas(args)
    kinds = _parse_kinds(args.layers)
    if args.compare and (args.story or args.atlas):
        raise InputError("--compare goes with a view (--date), not --story or --atlas")
    if args.story:
        if args.atlas or args.geojson or args.date:
            raise InputError("--story excludes --atlas, --geojson and --date")
        export.export_story(atlas, args.story, out)
    elif args.atlas:
        if args.geojson:
            raise InputError("--atlas and --geojson exclude each other")
        export.export_atlas(atlas, out)
    else:
        if not args.date:
            raise InputError("export needs --date YYYY-MM-DD (or --atlas)")
        day = parse_date(args.date)
        since = parse_date(args.compare) if args.compare else None
        if args.geojson:
            if since:
                raise InputError("--compare draws over a view: it excludes --geojson")
            export.export_geojson(atlas, day, out, kinds=kinds)
        else:
            export.export_view(atlas, day, kinds, out, compare=since)
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


def _export_images(args) -> int:
    """``export --date D --png FILE`` / ``--svg FILE``: still images, drawn without a browser."""
    from spheremap import image

    if args.atlas or args.geojson or args.out:
        raise InputError("--png/--svg exclude --atlas, --geojson and --out")
    if not args.date:
        raise InputError("--png/--svg need --date YYYY-MM-DD")
    day = parse_date(args.date)
    targets = [(fmt, Path(p)) for fmt, p in (("png", args.png), ("svg", args.svg)) if p]
    for _, out in targets:
        if out.exists() and out.is_dir():
            raise InputError(f"{out}: is a folder, need a file path")
        if not out.parent.exists():
            raise InputError(f"{out.parent}: folder does not exist")
    atlas = _atlas(args)
    kinds = _parse_kinds(args.layers)
    for fmt, out in targets:
        image.export_image(atlas, day, out, fmt=fmt, kinds=kinds, width=args.width)
        print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


def _parse_kinds(text: str | None) -> tuple[str, ...]:
    if not text:
        return KINDS
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    for k in kinds:
        if k not in KINDS:
            raise InputError(f"unknown layer {k!r} (one of {', '.join(KINDS)})")
    return kinds


# -------------------------------------------------------------------- app
def cmd_app(args) -> int:
    """Serve the explorer (Streamlit) on the packaged app, with another geodata folder if asked."""
    from spheremap import launcher

    return launcher.run_app(args.port, args.data, headless=args.headless, address=args.address)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {text!r} is not a number in 1..65535")
    return port


# ------------------------------------------------------------------ main
def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands)."""
    parser = argparse.ArgumentParser(
        prog="spheremap",
        description="Spheres of influence, occupations and zones 1938-1949, and the texts that speak of them.",
    )
    parser.add_argument("--version", action="version", version=f"spheremap {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=os.environ.get("SPHEREMAP_DATA"),
        help="geodata folder to use (default: the bundled data; env SPHEREMAP_DATA)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "where",
        parents=[common],
        help="which features held a point on a day (or each row of a CSV)",
        epilog=(
            "With --input, the rows are read, answered and written a chunk at a time; a row "
            "that cannot be answered (bad number, date or field) is reported on stderr with "
            "its row number and left out. Exit status: 0 all answered, 1 error (nothing or "
            f"only part written), {EXIT_BAD_ROWS} some rows rejected, "
            f"{EXIT_BROKEN_PIPE} output closed early."
        ),
    )
    p.add_argument("lon", nargs="?", help="longitude (WGS84 degrees)")
    p.add_argument("lat", nargs="?", help="latitude (WGS84 degrees)")
    p.add_argument("--date", help="day, YYYY-MM-DD")
    p.add_argument("--input", metavar="CSV", help="CSV with columns lon, lat, date (others kept)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_where)

    p = sub.add_parser(
        "passages", parents=[common], help="dated passages of the documents, by date or feature"
    )
    p.add_argument("--document", metavar="PATH", help="read this file alone (default: bundled)")
    p.add_argument("--date", help="only passages whose dates cover this day")
    p.add_argument("--feature", metavar="ID", help="only passages linked to this feature")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_passages)

    p = sub.add_parser(
        "links", parents=[common], help="precision and recall of the links against a gold file"
    )
    p.add_argument("--gold", required=True, metavar="CSV", help="hand-made gold links (CSV)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list missed and extra links")
    p.set_defaults(func=cmd_links)

    p = sub.add_parser(
        "validate", parents=[common], help="check layers: schema, vocabulary, geometry, coverage"
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="geodata folder or layer files")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "history",
        parents=[common],
        help="every span that held a point, 1938-1949, and events near it",
    )
    p.add_argument("lon", help="longitude (WGS84 degrees)")
    p.add_argument("lat", help="latitude (WGS84 degrees)")
    p.add_argument("--radius", type=float, default=50.0, metavar="KM",
                   help="list events within this distance (default 50 km)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser(
        "compare", parents=[common], help="control area gained and lost per power between two days"
    )
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="second day")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--geojson", metavar="FILE", help="write the changed ground as GeoJSON")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "export", parents=[common], help="standalone offline HTML map, GeoJSON, or a PNG/SVG image"
    )
    p.add_argument("--date", help="day of the view, YYYY-MM-DD")
    p.add_argument("--atlas", action="store_true", help="the whole atlas with its time slider")
    p.add_argument("--geojson", action="store_true", help="write the features valid at --date")
    p.add_argument("--layers", help=f"comma-separated kinds (default all: {','.join(KINDS)})")
    p.add_argument("--out", metavar="FILE", help="file to write (HTML or GeoJSON)")
    p.add_argument("--png", metavar="FILE", help="write the view at --date as a PNG image")
    p.add_argument("--svg", metavar="FILE", help="write the view at --date as an SVG image")
    p.add_argument("--compare", metavar="DAY",
                   help="with --date: shade what changed hands since DAY, largest changes "
                   "in the title")  # fmt: skip
    p.add_argument("--story", metavar="DOCUMENT",
                   help="a document told as a story: the atlas page stepping through its dated "
                   "passages (name of a file in the data's documents/)")  # fmt: skip
    p.add_argument("--width", type=int, default=1000, metavar="PX",
                   help="map width of --png/--svg in pixels (default 1000)")  # fmt: skip
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("app", parents=[common], help="open the explorer in the browser (Streamlit)")
    p.add_argument("--port", type=_port, help="port to serve on (default: Streamlit's, 8501)")
    p.add_argument("--address", help="address to listen on (default: all interfaces)")
    p.add_argument("--headless", action="store_true", help="do not open a browser window")
    p.set_defaults(func=cmd_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed stdout shows here, not in the interpreter's exit
        return code
    except SpheremapError as exc:
        logger.debug("stopped on %s", type(exc).__name__, exc_info=True)
        print(visible(f"spheremap: error: {exc}"), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader left (``| head``): stop quietly, like other Unix tools
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # after BrokenPipeError: the system refused a file the user named
        logger.debug("stopped on %s", type(exc).__name__, exc_info=True)
        print(visible(f"spheremap: error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that flushing what is left at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is no file (tests capture it): nothing is left to flush


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
