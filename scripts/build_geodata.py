"""Rebuild every layer of ``geodata/`` from registry packages and authored sources.

Usage: ``.venv/bin/python scripts/build_geodata.py [--check]``

Paints the claim modules of ``scripts/geobuild`` in order (``base``, ``claims_1938_1941``,
``claims_1941_1945``, ``claims_1945_1949``; modules not yet present are skipped) into the
control coverage ``geodata/layers/control.geojson``, and writes the flat features of every
``features_*`` module. ``--check`` builds and validates without writing.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
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


def build(write: bool = True, modules=CLAIM_MODULES) -> int:
    """Build (and write) all layers; return a process exit code."""
    t0 = time.perf_counter()
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
    import shapely

    vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    fc = to_feature_collection(frame)
    ids = set(frame["id"])
    layers = {}
    for name in feature_modules():
        mod = importlib.import_module(f"geobuild.{name}")
        written = mod.write(LAYERS) if hasattr(mod, "write") else None
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
    marked = mark_approximate(claims_table + flat)
    for row in claims_table:
        if row.get("approximate"):
            fc["claims"][row["id"]]["approximate"] = True
    print(f"  approximate traces: {marked}")
    size = write_json(LAYERS / "control.geojson", fc) if write else 0
    if write:
        from geobuild.basemap import write_land

        write_land()
        for name, feats in layers.items():
            out = LAYERS / f"{name.removeprefix('features_')}.geojson"
            write_json(out, {"type": "FeatureCollection", "features": feats})
    dt = time.perf_counter() - t0
    print(
        f"control: {len(claims)} claims -> {len(frame)} pieces, {vertices} vertices, "
        f"{size / 1024:.0f} KiB, built in {dt:.1f} s"
    )
    return 1 if problems else 0


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="build and validate, write nothing")
    parser.add_argument(
        "--modules",
        default=",".join(CLAIM_MODULES),
        help="comma-separated claim modules to paint, in order (default: all)",
    )
    args = parser.parse_args(argv)
    modules = tuple(m.strip() for m in args.modules.split(",") if m.strip())
    unknown = [m for m in modules if m not in CLAIM_MODULES]
    if unknown:
        print(f"error: unknown claim modules {unknown}; known: {CLAIM_MODULES}", file=sys.stderr)
        return 2
    try:
        return build(write=not args.check, modules=modules)
    except SpheremapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
