"""The ``spheremap`` command: where, passages, validate, export, app.

A thin layer over the library: parse arguments, call one function, print. Every error the
user can cause ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from spheremap import __version__
from spheremap.model import KINDS, InputError, SpheremapError
from spheremap.time import parse_date

#: Kinds whose answers get their own columns in the batch CSV output.
CSV_KINDS: tuple[str, ...] = ("control", "sphere", "zone", "sector")


def _atlas(args):
    from spheremap.atlas import Atlas

    return Atlas.load(args.data)


def _float(text: str, what: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{what} {text!r} is not a number") from None
    return value


# ------------------------------------------------------------------ where
def _read_places(path: Path) -> tuple[list[str], list[dict]]:
    """Read a CSV of points (columns lon, lat, date; others passed through)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("lon", "lat", "date") if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (need lon, lat, date)")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise InputError(f"{path} line {reader.line_num}: more values than columns")
        rows.append(row)
    return header, rows


def _where_batch(args, atlas) -> int:
    path = Path(args.input)
    header, rows = _read_places(path)
    lons, lats, days = [], [], []
    for i, row in enumerate(rows, start=2):
        where = f"{path} row {i}"
        lon = _float(row["lon"], f"{where}: lon")
        lat = _float(row["lat"], f"{where}: lat")
        if not -180 <= lon <= 180:
            raise InputError(f"{where}: longitude {lon} is outside -180..180")
        if not -90 <= lat <= 90:
            raise InputError(f"{where}: latitude {lat} is outside -90..90")
        lons.append(lon)
        lats.append(lat)
        days.append(parse_date(row["date"], what=f"{where}: date"))
    results = atlas.where_many(lons, lats, days)
    if args.json:
        out = [
            {**row, "matches": [m.as_dict() for m in ms]}
            for row, ms in zip(rows, results, strict=True)
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    extra = [f"{k}_{field}" for k in CSV_KINDS for field in ("power", "id")]
    writer = csv.DictWriter(sys.stdout, fieldnames=header + extra, lineterminator="\n")
    writer.writeheader()
    for row, matches in zip(rows, results, strict=True):
        answer = dict(row)
        for kind in CSV_KINDS:
            of_kind = [m for m in matches if m.kind == kind]
            answer[f"{kind}_power"] = ";".join(m.power for m in of_kind)
            answer[f"{kind}_id"] = ";".join(m.id for m in of_kind)
        writer.writerow(answer)
    return 0


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
    matches = _atlas(args).where(lon, lat, day)
    if args.json:
        json.dump([m.as_dict() for m in matches], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not matches:
        print(f"nothing mapped at {lon}, {lat} on {day.isoformat()}")
    for m in matches:
        end = m.end_date.isoformat() if m.end_date else "open"
        print(
            f"{m.kind:8} {m.power:14} {m.status:20} {m.name} [{m.id}] {m.start_date.isoformat()}..{end}"
        )
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
        print(problem)
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
        json.dump(corpus.to_json(passages), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for p in passages:
        print(links.format_passage(p, corpus))
        print()
    if not passages:
        print("no passages match", file=sys.stderr)
    return 0


# ----------------------------------------------------------------- export
def cmd_export(args) -> int:
    """Write a standalone HTML map (a view or the whole atlas) or GeoJSON."""
    from spheremap import export

    out = Path(args.out)
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a folder, need a file path")
    if not out.parent.exists():
        raise InputError(f"{out.parent}: folder does not exist")
    atlas = _atlas(args)
    kinds = _parse_kinds(args.layers)
    if args.atlas:
        if args.geojson:
            raise InputError("--atlas and --geojson exclude each other")
        export.export_atlas(atlas, out)
    else:
        if not args.date:
            raise InputError("export needs --date YYYY-MM-DD (or --atlas)")
        day = parse_date(args.date)
        if args.geojson:
            export.export_geojson(atlas, day, out, kinds=kinds)
        else:
            export.export_view(atlas, day, kinds, out)
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
        "validate", parents=[common], help="check layers: schema, vocabulary, geometry, coverage"
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="geodata folder or layer files")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", parents=[common], help="standalone offline HTML map, or GeoJSON")
    p.add_argument("--date", help="day of the view, YYYY-MM-DD")
    p.add_argument("--atlas", action="store_true", help="the whole atlas with its time slider")
    p.add_argument("--geojson", action="store_true", help="write the features valid at --date")
    p.add_argument("--layers", help=f"comma-separated kinds (default all: {','.join(KINDS)})")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
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
        return args.func(args)
    except SpheremapError as exc:
        print(f"spheremap: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one line, never a traceback
        if os.environ.get("SPHEREMAP_DEBUG"):
            raise
        print(f"spheremap: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
