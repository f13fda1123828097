"""kpitui benchmarks: one command, one table, one JSON file of figures.

    python benchmarks/run.py [--sizes 10000,100000,1000000] [--repeat 5] [--out FILE]

Every figure is a ratio against a baseline measured in the same run, on the
same files, because these machines are shared and noisy: an absolute time
means little, a ratio measured side by side means a lot. Absolute medians
are recorded too, with the machine they came from.

Sections:
- recompute: every KPI for every network, with the comparison period and the
  objectives, from the workspace's parquet files (what `kpitui report` does
  after start-up), against the floor of any such computation: polars reading
  the same parquet files.
- startup: a cold `kpitui demo` until the dashboard shows numbers, against a
  bare Textual app with a header and a footer that imports polars; both are
  whole processes on a pseudo-terminal (benchmarks/apps.py).
- period: the app on a generated workspace moves the period (`]`) and redraws
  the dashboard; measured in the process with Textual's Pilot, against the
  same move on the demo workspace.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "sample_data" / "generate.py"
DEMO = ROOT / "sample_data" / "demo"
CACHE = ROOT / "benchmarks" / ".work"


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def workspace_of(posts: int) -> Path:
    """A generated workspace of about `posts` posts (cached between runs)."""
    from kpitui.core.importers import ImportOptions, read_file
    from kpitui.core.settings import load_settings
    from kpitui.core.workspace import Workspace

    folder = CACHE / f"ws-{posts}"
    if (folder / "data" / "posts.parquet").exists():
        return folder
    exports = CACHE / f"csv-{posts}"
    subprocess.run([sys.executable, str(GENERATOR), "--posts", str(posts), "--out", str(exports)], check=True)
    staging = Path(tempfile.mkdtemp(dir=CACHE))
    for name in ("kpitui.toml", "objectives.toml"):
        (staging / name).write_bytes((DEMO / name).read_bytes())
    options = ImportOptions(timezone=load_settings(staging / "kpitui.toml").timezone)
    files = sorted(exports.glob("*.csv"))
    Workspace(staging).import_files([read_file(f, options) for f in files])
    os.replace(staging, folder)
    return folder


def recompute(posts: int, repeat: int) -> dict[str, object]:
    from kpitui.core import objectives, report
    from kpitui.core.workspace import Workspace

    root = workspace_of(posts)
    workspace = Workspace(root)
    objs = objectives.load(workspace.objectives_path).objectives
    dataset = workspace.load()
    rows = dataset.posts.height

    def kpitui_report() -> object:
        ds = workspace.load()
        return report.build(ds, objs, period="qtd", compare="previous")

    def read_parquet() -> object:
        return [pl.read_parquet(p) for p in sorted((root / "data").glob("*.parquet"))]

    ours = median_time(kpitui_report, repeat)
    base = median_time(read_parquet, repeat)
    return {
        "section": "recompute",
        "posts": rows,
        "kpitui_s": ours,
        "baseline": "polars read_parquet of the same files",
        "baseline_s": base,
        "ratio": ours / base,
        "objectives": len(objs),
    }


def run_on_pty(argv: list[str]) -> float:
    """Wall time of a whole process run on a pseudo-terminal (its output drained)."""
    import pty
    import threading

    master, slave = pty.openpty()
    os.set_blocking(master, True)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    code = process.wait(timeout=120)
    elapsed = time.perf_counter() - start
    os.close(master)
    if code != 0:
        raise RuntimeError(f"{argv} exited with {code}")
    return elapsed


def startup(repeat: int) -> dict[str, object]:
    apps = str(ROOT / "benchmarks" / "apps.py")
    run_on_pty([sys.executable, apps, "kpitui"])  # builds the demo workspace cache once
    run_on_pty([sys.executable, apps, "bare"])
    ours, base = [], []
    for _ in range(repeat):  # alternate, so both see the same machine load
        ours.append(run_on_pty([sys.executable, apps, "kpitui"]))
        base.append(run_on_pty([sys.executable, apps, "bare"]))
    k, b = statistics.median(ours), statistics.median(base)
    return {
        "section": "startup",
        "posts": 2008,
        "kpitui_s": k,
        "baseline": "bare Textual app (header, footer, imports polars)",
        "baseline_s": b,
        "ratio": k / b,
    }


def period_change(posts: int, repeat: int) -> dict[str, object]:
    """Median time from the `]` key to the dashboard redrawn, on a large workspace and on the demo.

    Timed inside the app (from the key's action to the refresh after the new
    report is drawn), so Pilot's own waiting is not counted.
    """
    import asyncio

    from kpitui.core.report import Report
    from kpitui.core.workspace import Workspace
    from kpitui.tui.app import KpiApp

    class Timed(KpiApp):
        pressed = 0.0
        drawn: list[float] = []

        def action_shift_period(self, steps: int) -> None:
            self.pressed = time.perf_counter()
            super().action_shift_period(steps)

        def watch_report(self, report: Report | None) -> None:
            if report is not None and self.pressed:
                start = self.pressed
                self.call_after_refresh(lambda: self.drawn.append(time.perf_counter() - start))

    async def timed(app: Timed) -> list[float]:
        app.drawn = []
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for i in range(repeat + 1):
                count = len(app.drawn)
                await pilot.press("right_square_bracket" if i % 2 == 0 else "left_square_bracket")
                while len(app.drawn) == count:
                    await asyncio.sleep(0.001)
        return app.drawn[1:]  # the first move warms caches

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        while pilot.app.report is None or any(w.is_running for w in pilot.app.workers):
            await asyncio.sleep(0.01)
        await pilot.pause()

    root = workspace_of(posts)
    big = statistics.median(asyncio.run(timed(Timed(Workspace(root)))))
    small = statistics.median(asyncio.run(timed(Timed(demo=True))))
    return {
        "section": "period",
        "posts": Workspace(root).load().posts.height,
        "kpitui_s": big,
        "baseline": "the same move on the demo workspace (2,008 posts)",
        "baseline_s": small,
        "ratio": big / small,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000000", help="comma-separated post counts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    parser.add_argument("--only", help="comma-separated sections: recompute, startup, period")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    sections = set((args.only or "recompute,startup,period").split(","))
    figures: list[dict[str, object]] = []
    if "recompute" in sections:
        figures += [recompute(int(size), args.repeat) for size in args.sizes.split(",")]
    if "startup" in sections:
        figures.append(startup(max(args.repeat, 7)))
    if "period" in sections:
        figures.append(period_change(int(args.sizes.split(",")[-1]), args.repeat))
    print(f"{'section':<10} {'posts':>10} {'kpitui':>9} {'baseline':>9} {'ratio':>6}  baseline is")
    for f in figures:
        print(
            f"{f['section']:<10} {f['posts']:>10,} {f['kpitui_s']:>8.3f}s {f['baseline_s']:>8.3f}s "
            f"{f['ratio']:>6.2f}  {f['baseline']}"
        )
    machine = {
        "python": platform.python_version(),
        "polars": pl.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": datetime.now(tz=UTC).isoformat(timespec="seconds"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine, "figures": figures}, indent=2))
    print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
