"""Many browser sessions at once: errors, and the app's memory before, during and after.

Usage::

    python benchmarks/bench_sessions.py [--sessions 20] [--batch 20] [--rounds 2] [--quick]
                                        [--against REV] [--upload FILE | --upload-kb 400]
                                        [--settle 60] [--first-moves 30]

Starts ``streamlit run app.py`` on loopback, opens one first session alone (issue #16's memory
figure: ``--first-moves`` slider moves and the three presets; the atlas loads into the
process-wide caches), then ``--sessions`` Playwright sessions (one chromium, one context each;
``--batch`` at a time) that each make 10 slider moves, choose a preset and upload a document.
Every session records console errors, page errors, Streamlit exception elements and error
alerts. The server's RSS (``/proc/PID/status`` VmRSS) is printed as a table against the warm
baseline (5 s after the first session closed): cold (before any session), the first session's
peak, and for each of ``--rounds`` rounds the peak, the moment all sessions closed and
``--settle`` seconds later (memory that sessions keep shows as growth from round to round).
``--rounds 0`` measures only the first session.

The upload is the sample document repeated to ``--upload-kb`` (so what a session keeps shows in
RSS: a linked document takes ~28 times its size), or ``--upload FILE``.
``--against REV`` runs the same load against another revision of the app (``git archive``,
e.g. ``main``) first, as the baseline the numbers are compared with.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME  # noqa: E402

from spheremap import time as sm_time  # noqa: E402
from spheremap.launcher import app_environment  # noqa: E402

SAMPLE = REPO / "geodata" / "documents" / "stalin_pact_war_yalta.wiki"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class App:
    """``streamlit run app.py`` from ``tree`` (its ``src/`` first on the path), on a free port;
    with ``launcher``, through :mod:`spheremap.launcher` as ``spheremap app`` runs it (the
    atlas and the first page's layers built beside the server as it starts)."""

    def __init__(self, tree: Path, launcher: bool = False):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # as `spheremap app` and `make run` start it (PYTHONMALLOC among others)
        env = dict(app_environment(None), PYTHONPATH=str(tree / "src"))
        env.pop("SPHEREMAP_DATA", None)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "spheremap.launcher" if launcher else "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=tree,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.output()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 120 s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def rss(self) -> float:
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Sampler(threading.Thread):
    """The server's peak RSS while it runs."""

    def __init__(self, app: App):
        super().__init__(daemon=True)
        self.app, self.peak, self.running = app, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.app.rss())
            time.sleep(0.25)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max(self.peak, self.app.rss())


def heading(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


async def upload_document(page, upload: Path, name: str, timeout: float, t_ms: dict) -> None:
    """Upload ``upload`` as ``name`` and wait until the app shows it (or an error)."""
    ms = timeout * 1000
    # the document chosen (the picker shows titles: an upload shows as the picker changing)
    chosen = page.get_by_test_id("stSelectbox").filter(has_text="Document").locator("input")
    before = await chosen.input_value()
    t = time.perf_counter()
    await page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": upload.read_bytes()}, timeout=ms
    )
    failed = page.get_by_test_id("stAlertContentError")
    deadline = time.monotonic() + timeout
    while await chosen.input_value() == before and not await failed.count():
        if time.monotonic() > deadline:
            raise TimeoutError(f"upload of {name} not shown in {timeout:g} s")
        await asyncio.sleep(0.25)
    t_ms["upload"].append((time.perf_counter() - t) * 1000)


async def session(
    browser,
    url: str,
    n: int,
    moves: int,
    upload: Path | None,
    timeout: float,
    presets: tuple[str, ...] = ("1945",),
) -> dict:
    """One user: open, ``moves`` slider steps, the ``presets``, an upload (unless ``None``).
    Returns what went wrong."""
    ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    t_ms: dict[str, list[float]] = {"open": [], "slider": [], "preset": [], "upload": []}
    ms = timeout * 1000
    try:
        t = time.perf_counter()
        await page.goto(url, timeout=ms)
        await (
            page.frame_locator(MAP_FRAME)
            .last.locator("[data-sm-id]")
            .first.wait_for(state="attached", timeout=ms)
        )
        t_ms["open"].append((time.perf_counter() - t) * 1000)
        day = sm_time.PRESETS["1939"].date
        slider = page.locator('[data-testid="stSlider"] input[type=range]').first
        for _ in range(moves):
            await slider.focus()
            t = time.perf_counter()
            await page.keyboard.press("ArrowRight")
            day += timedelta(days=1)
            await page.get_by_role("heading", name=heading(day)).wait_for(timeout=ms)
            t_ms["slider"].append((time.perf_counter() - t) * 1000)
        sidebar = page.get_by_test_id("stSidebarUserContent")
        for label in presets:
            t = time.perf_counter()
            await sidebar.get_by_role("button", name=label, exact=True).click()
            await page.get_by_role("heading", name=heading(sm_time.PRESETS[label].date)).wait_for(
                timeout=ms
            )
            t_ms["preset"].append((time.perf_counter() - t) * 1000)
        if upload is not None:
            await upload_document(page, upload, f"session-{n}{upload.suffix}", timeout, t_ms)
        await page.wait_for_timeout(500)
        for testid in ("stException", "stAlertContentError"):
            for text in await page.get_by_test_id(testid).all_inner_texts():
                errors.append(f"{testid}: {text[:200]}")
    except Exception as exc:  # a timeout or a crash is an error of this session, not the run
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await ctx.close()
    return {"errors": errors, "ms": t_ms}


async def load(
    url: str,
    sessions: int,
    batch: int,
    moves: int,
    upload: Path | None,
    timeout: float,
    presets: tuple[str, ...] = ("1945",),
):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = []
        for start in range(0, sessions, batch):
            ids = range(start, min(sessions, start + batch))
            results += await asyncio.gather(
                *(session(browser, url, i, moves, upload, timeout, presets) for i in ids)
            )
        await browser.close()
    return results


def run(tree: Path, label: str, args, upload: Path) -> dict:
    app = App(tree)
    out: dict = {"label": label}
    try:
        out["cold"] = app.rss()
        # the first session is issue #16's: 30 slider moves and the three presets, alone
        sampler = Sampler(app)
        sampler.start()
        first = asyncio.run(
            load(app.url, 1, 1, args.first_moves, None, args.timeout, tuple(sm_time.PRESETS))
        )
        out["first_peak"] = sampler.stop()
        time.sleep(5)
        out["baseline"] = app.rss()
        out["warmup_errors"] = first[0]["errors"]
        out["first_ms"] = {k: statistics.median(v) for k, v in first[0]["ms"].items() if v}
        out["rounds"] = []
        for _ in range(args.rounds):
            sampler = Sampler(app)
            sampler.start()
            t = time.perf_counter()
            results = asyncio.run(
                load(app.url, args.sessions, args.batch, args.moves, upload, args.timeout)
            )
            wall = time.perf_counter() - t
            peak = sampler.stop()
            closed = app.rss()
            time.sleep(args.settle)
            out["rounds"].append(
                {
                    "wall": wall,
                    "peak": peak,
                    "closed": closed,
                    "settled": app.rss(),
                    "errors": [e for r in results for e in r["errors"]],
                    "failed": sum(bool(r["errors"]) for r in results),
                    "ms": {
                        k: statistics.median(v)
                        for k in results[0]["ms"]
                        if (v := [x for r in results for x in r["ms"][k]])
                    },
                }
            )
    finally:
        app.stop()
    return out


def report(res: dict, args) -> None:
    print(f"\n== {res['label']}")
    base = res["baseline"]
    rows = [
        ("cold: server up, no session yet", res["cold"]),
        (
            f"first session's peak ({args.first_moves} moves, 3 presets; budget 500)",
            res["first_peak"],
        ),
        ("warm baseline: first session closed, +5 s", base),
    ]
    for i, r in enumerate(res["rounds"], 1):
        rows += [
            (f"round {i}: peak, {args.sessions} sessions", r["peak"]),
            (f"round {i}: all closed", r["closed"]),
            (f"round {i}: closed +{args.settle:g} s", r["settled"]),
        ]
    width = max(len(label) for label, _ in rows)
    print(f"| {'server RSS':<{width}s} | {'MB':>5s} | {'× baseline':>10s} |")
    print(f"|{'-' * (width + 2)}|{'-' * 7}|{'-' * 12}|")
    for label, mb in rows:
        print(f"| {label:<{width}s} | {mb:5.0f} | {mb / base:10.2f} |")
    print(
        "first session's medians ms:",
        " ".join(f"{k} {v:.0f}" for k, v in res["first_ms"].items()),
        f"(errors: {len(res['warmup_errors'])})",
    )
    for e in res["warmup_errors"][:3]:
        print("   error:", e)
    if not res["rounds"]:
        return
    print(f"\n{'round':>5s} {'sessions':>8s} {'failed':>6s} {'wall s':>7s}  medians ms")
    for i, r in enumerate(res["rounds"], 1):
        medians = " ".join(f"{k} {v:.0f}" for k, v in r["ms"].items())
        print(f"{i:5d} {args.sessions:8d} {r['failed']:6d} {r['wall']:7.0f}  {medians}")
        for e in r["errors"][:5]:
            print("   error:", e)


def tree_at(rev: str, into: Path) -> Path:
    """The repository at ``rev`` (tracked files only), unpacked under ``into``."""
    archive = into / "tree.tar"
    subprocess.run(["git", "archive", "-o", str(archive), rev], cwd=REPO, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="fully_trusted")  # our own repository
    return into / "tree"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--batch", type=int, default=20, help="sessions running at once")
    ap.add_argument("--moves", type=int, default=10, help="slider moves per session")
    ap.add_argument(
        "--first-moves",
        type=int,
        default=30,
        help="slider moves of the first session (alone, with the three presets: issue #16)",
    )
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--settle", type=float, default=60, help="seconds to wait after closing")
    ap.add_argument("--timeout", type=float, default=180, help="seconds per step, per session")
    ap.add_argument("--upload", type=Path, help="document each session uploads")
    ap.add_argument(
        "--upload-kb",
        type=int,
        default=400,
        help="without --upload: the sample document repeated to this size (KB)",
    )
    ap.add_argument("--against", metavar="REV", help="first run the same load on this revision")
    ap.add_argument(
        "--quick", action="store_true", help="4 sessions, 3 moves, 1 round, 10 s, 50 KB upload"
    )
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server on the way out
    if args.quick:
        args.sessions, args.batch, args.moves, args.rounds, args.settle = 4, 4, 3, 1, 10
        args.upload_kb = 50
    if not Path(CHROMIUM).exists():
        print(f"no chromium at {CHROMIUM}: skipped")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.upload is None:
            text = SAMPLE.read_text()
            args.upload = Path(tmp) / f"repeated{SAMPLE.suffix}"
            args.upload.write_text(text * max(1, args.upload_kb * 1000 // len(text)))
        return measure(args)


def measure(args) -> int:
    print(
        f"{args.sessions} sessions ({args.batch} at a time), each {args.moves} slider moves, "
        f"a preset and an upload of {args.upload.name} ({args.upload.stat().st_size} bytes)"
    )
    if args.against:
        with tempfile.TemporaryDirectory() as tmp:
            report(run(tree_at(args.against, Path(tmp)), args.against, args, args.upload), args)
    report(run(REPO, "this tree", args, args.upload), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
