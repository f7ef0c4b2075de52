"""Rebuild every layer of ``geodata/`` from registry packages and authored sources.

Usage: ``.venv/bin/python scripts/build_geodata.py [--check | --verify] [--only OUTPUTS]``

Paints the claim modules of ``scripts/geobuild`` in order (``base``, ``claims_1938_1941``,
``claims_1941_1945``, ``claims_1945_1949``; modules not yet present are skipped) into the
control coverage ``geodata/layers/control.geojson``, and writes the flat features of every
``features_*`` module. ``--check`` builds and validates without writing; ``--verify``
rebuilds into a temporary folder and compares with the committed layers byte for byte (exit
status 1, naming each differing file, when they differ). ``--only`` picks outputs (e.g.
``--verify --only 1941_1945``: a few seconds; the control coverage takes minutes).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from geobuild import ROOT, base  # noqa: E402
from geobuild.base import mapped_land  # noqa: E402
from geobuild.coverage import (  # noqa: E402
    build_coverage,
    coverage_problems,
    to_feature_collection,
)
from geobuild.tables import mark_approximate  # noqa: E402

from spheremap.model import DataError, SpheremapError  # noqa: E402

#: Claim modules in painting order.
CLAIM_MODULES = ("base", "claims_1938_1941", "claims_1941_1945", "claims_1945_1949")
LAYERS = ROOT / "geodata" / "layers"
#: Coastal control pieces reach this far into the sea (degrees, 1.0-1.3 km): waterfront towns
#: that Natural Earth's 1:10m coast leaves in the water answer their holder.
SEA_MARGIN = 0.012


def load_claims(modules=CLAIM_MODULES) -> list:
    """Import each claim module that exists and concatenate its ``claims()``.

    Parameters
    ----------
    modules : sequence of str
        Module names under ``geobuild`` in painting order.

    Returns
    -------
    list of Claim
    """
    out = []
    for name in modules:
        try:
            mod = importlib.import_module(f"geobuild.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"geobuild.{name}":
                print(f"  {name}: not present, skipped")
                continue
            raise
        if not hasattr(mod, "claims"):
            raise DataError(mod.__file__, "claim module without a claims() function")
        got = list(mod.claims())
        print(f"  {name}: {len(got)} claims")
        out.extend(got)
    return out


def fine_areas():
    """Berlin and Vienna plus the margin the map keeps them detailed in
    (:data:`spheremap.atlas.DETAIL_MARGIN`): their control pieces keep street-level detail."""
    import shapely
    from geobuild.features_1945_1949 import austria_parts, germany_parts

    from spheremap.atlas import DETAIL_MARGIN

    cities = shapely.union(germany_parts()["berlin"], austria_parts()["vienna"])
    return shapely.buffer(cities, DETAIL_MARGIN)


def feature_modules() -> list[str]:
    """Names of the ``features_*`` modules present in ``geobuild``."""
    return sorted(p.stem for p in (SCRIPTS / "geobuild").glob("features_*.py"))


def write_json(path: Path, data: dict) -> int:
    """Write compact GeoJSON (one feature per line) and return its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def dump(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    # foreign members (the control file's "claims" table) first, one entry per line
    head = '{"type":"FeatureCollection",'
    for key, value in data.items():
        if key in ("type", "features"):
            continue
        if isinstance(value, dict):
            rows = [f"{dump(k)}:{dump(v)}" for k, v in value.items()]
            head += f"{dump(key)}:{{\n" + ",\n".join(rows) + "\n},\n"
        else:
            head += f"{dump(key)}:{dump(value)},"
    lines = [dump(f) for f in data["features"]]
    text = head + '"features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


#: Every output of the build (``--only`` names), with its path under ``geodata/``.
OUTPUTS: dict[str, str] = {
    "control": "layers/control.geojson",
    **{
        m.removeprefix("features_"): f"layers/{m.removeprefix('features_')}.geojson"
        for m in sorted(p.stem for p in (SCRIPTS / "geobuild").glob("features_*.py"))
    },
    "land": "basemap/land.geojson",
    "regions": "regions.geojson",
}


def build(
    write: bool = True,
    modules=CLAIM_MODULES,
    out: Path = ROOT / "geodata",
    only: Sequence[str] | None = None,
) -> int:
    """Build (and write) the layers; return a process exit code.

    Parameters
    ----------
    write : bool
        Write the outputs (else build and validate only).
    modules : sequence of str
        The claim modules painted into the control coverage, in order.
    out : Path
        The folder the outputs go to, laid out as ``geodata/`` (:data:`OUTPUTS`).
    only : sequence of str, optional
        Build only these outputs (names of :data:`OUTPUTS`); the control coverage is built
        only when ``control`` is one of them.
    """
    t0 = time.perf_counter()
    only = set(OUTPUTS if only is None else only)
    out = Path(out)
    problems: list = []
    claims, frame, fc, ids = [], None, {}, set()
    if "control" in only:
        print("claims:")
        claims = load_claims(modules)
        land = mapped_land()
        frame = build_coverage(
            claims,
            land,
            fine=fine_areas(),
            sea_margin=SEA_MARGIN,
            window=base.region(),
            barrier=base.unmapped_land(),
        )
        problems = coverage_problems(frame, land)
        for p in problems:
            print(f"coverage problem: {p}", file=sys.stderr)
        fc = to_feature_collection(frame)
        ids = set(frame["id"])
    layers = {}
    for name in feature_modules():
        if name.removeprefix("features_") not in only:
            continue
        mod = importlib.import_module(f"geobuild.{name}")
        written = mod.write(out / "layers") if write and hasattr(mod, "write") else None
        feats = mod.features()
        dup = ids & {f["properties"]["id"] for f in feats}
        if dup:
            print(f"{name}: ids already used: {sorted(dup)[:5]}", file=sys.stderr)
            problems.append("duplicate ids")
        ids |= {f["properties"]["id"] for f in feats}
        if written is None:
            layers[name] = feats
        print(f"  {name}: {len(feats)} features")
    claims_table = [{"id": k, **v} for k, v in (fc.get("claims") or {}).items()]
    flat = [f["properties"] for feats in layers.values() for f in feats]
    marked = mark_approximate(claims_table + flat, complete=only == set(OUTPUTS))
    for row in claims_table:
        if row.get("approximate"):
            fc["claims"][row["id"]]["approximate"] = True
    print(f"  approximate traces: {marked}")
    size = 0
    if write:
        if "control" in only:
            size = write_json(out / OUTPUTS["control"], fc)
        if "land" in only:
            from geobuild.basemap import write_land

            write_land(out / Path(OUTPUTS["land"]).parent)
        if "regions" in only:
            from geobuild.regions import write as write_regions

            write_regions(out / Path(OUTPUTS["regions"]).parent)
        for name, feats in layers.items():
            path = out / OUTPUTS[name.removeprefix("features_")]
            write_json(path, {"type": "FeatureCollection", "features": feats})
    dt = time.perf_counter() - t0
    if frame is not None:
        import shapely

        vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
        print(
            f"control: {len(claims)} claims -> {len(frame)} pieces, {vertices} vertices, "
            f"{size / 1024:.0f} KiB"
        )
    print(f"built {', '.join(sorted(only))} in {dt:.1f} s")
    return 1 if problems else 0


def verify(
    modules=CLAIM_MODULES,
    only: Sequence[str] | None = None,
    against: Path = ROOT / "geodata",
) -> int:
    """Rebuild into a temporary folder and compare with the committed outputs byte for byte.

    Returns 0 when every output rebuilt is identical, 1 (naming each differing or missing
    file) when not or when the build reports a problem.
    """
    import filecmp
    import tempfile

    names = sorted(OUTPUTS if only is None else only)
    with tempfile.TemporaryDirectory(prefix="spheremap-verify-") as tmp:
        code = build(write=True, modules=modules, out=Path(tmp), only=names)
        differ = []
        for name in names:
            built, committed = Path(tmp) / OUTPUTS[name], Path(against) / OUTPUTS[name]
            if not committed.is_file():
                differ.append(f"{committed}: missing (the rebuild writes it)")
            elif not built.is_file():
                differ.append(f"{committed}: not rebuilt")
            elif not filecmp.cmp(built, committed, shallow=False):
                differ.append(f"{committed}: differs from the rebuild")
    for line in differ:
        print(line, file=sys.stderr)
    if not differ:
        print(f"verified: {', '.join(names)} rebuild byte for byte")
    return 1 if differ or code else 0


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="build and validate, write nothing")
    mode.add_argument(
        "--verify",
        action="store_true",
        help="rebuild into a temporary folder and compare with geodata/ byte for byte",
    )
    parser.add_argument(
        "--modules",
        default=",".join(CLAIM_MODULES),
        help="comma-separated claim modules to paint, in order (default: all)",
    )
    parser.add_argument(
        "--only",
        default=None,
        help=f"comma-separated outputs to build (default: all): {','.join(OUTPUTS)}",
    )
    parser.add_argument(
        "--against",
        type=Path,
        default=ROOT / "geodata",
        help="with --verify: the folder holding the outputs to compare with (default: geodata)",
    )
    args = parser.parse_args(argv)
    modules = tuple(m.strip() for m in args.modules.split(",") if m.strip())
    unknown = [m for m in modules if m not in CLAIM_MODULES]
    if unknown:
        print(f"error: unknown claim modules {unknown}; known: {CLAIM_MODULES}", file=sys.stderr)
        return 2
    only = None
    if args.only is not None:
        only = tuple(o.strip() for o in args.only.split(",") if o.strip())
        bad = [o for o in only if o not in OUTPUTS]
        if bad or not only:
            print(f"error: unknown outputs {bad}; known: {list(OUTPUTS)}", file=sys.stderr)
            return 2
    try:
        if args.verify:
            return verify(modules=modules, only=only, against=args.against)
        return build(write=not args.check, modules=modules, only=only)
    except SpheremapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
