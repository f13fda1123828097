"""kpitui benchmarks: one command, one table, one JSON file of figures.

    python benchmarks/run.py            # every section, at 10k, 100k, 1M and 5M posts
    python benchmarks/run.py --quick    # a few minutes: 10k and 100k posts, fewer runs

Every figure is a ratio against a baseline measured in the same run, on the
same files, alternating the two sides and taking medians, because these
machines are shared and noisy: an absolute time means little, a ratio
measured side by side means a lot. Absolute medians are recorded too, with
the machine they came from, in benchmarks/results/latest.json.

Sections (targets from the benchmark issue):
- startup: a cold `kpitui demo` from its start until the dashboard shows
  numbers, against a bare Textual app with a header and a footer that imports
  polars, until it is drawn; both are whole processes on a pseudo-terminal
  (benchmarks/apps.py), timed to their first screen, not to their exit.
  Target ≤ 1.2. Beside it, for scale, a Textual app of the dashboard's
  widgets filled at mount (no workspace, no computation): what Textual alone
  spends on such a screen.
- recompute: `kpitui report --format json` (every KPI for every network, the
  comparison period and every objective, read from the workspace's parquet
  files) as a whole process, against the same numbers computed by DuckDB
  (SQL) and by pandas, each a whole process too (benchmarks/baselines.py);
  the three outputs are checked equal before timing. Figures: kpitui/DuckDB
  (target ≤ 1 at 1,000,000 posts and above) and pandas/kpitui (target ≥ 10).
- import: kpitui's reading of a 1,000,000-row X per-tweet export (detection,
  checks, canonical rows) against `pl.read_csv` of the same file, in one
  process (benchmarks/import_x.py). Target ≤ 2.
- memory: peak resident memory of the `kpitui report` processes above, per
  size, and per million posts; linearity is the growth per million posts
  between the two largest sizes over the growth between the two before.
  Target: linear (≈ 1, and not above 1.5).
- period: the app on a generated workspace moves the period (`]`) and redraws
  the dashboard; measured in the process with Textual's Pilot, against the
  same move on the demo workspace (no target: shows how the app scales).
- keys: benchmarks/keys.py at 1M and 5M posts (--quick: 100k), in a process of
  its own: `[`/`]` on the dashboard, the same once Networks and Insights were
  opened, Insights after `[`, each drawn and idle, against the demo. Target:
  drawn in ≤ 100 ms at 1M, ≤ 250 ms at 5M.
- html: `kpitui report --format html -o FILE` (the page to send a client: 51
  matplotlib charts on the demo's objectives) against `--format json -o FILE`
  on the same workspace, whole processes, alternated. Target < 3 at 1M posts.
- resident: peak resident memory of the app on the workspace (opened, the
  period moved, every area shown: keys.py --tour) against DuckDB's report on
  the same files. Target at 5M: under 600 MB.

Generated workspaces (sample_data/generate.py --posts N, imported through
kpitui's canonical CSV importer) are cached in benchmarks/.work/.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
GENERATOR = ROOT / "sample_data" / "generate.py"
DEMO = ROOT / "sample_data" / "demo"
CACHE = BENCH / ".work"
BASELINES = BENCH / "baselines.py"
SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
QUICK_SIZES = (10_000, 100_000)
LARGE = 1_000_000
"""Recompute targets apply from this many posts on."""

sys.path.insert(0, str(BENCH))


def compiled() -> None:
    """Compile kpitui's modules to bytecode, as `pip install` does for a user. Run from a source
    checkout (an editable install) under PYTHONDONTWRITEBYTECODE, as on the machines these
    figures come from, every process compiled each module changed since its last bytecode again:
    36 ms of a 1M-post report's 0.62 s, which no installed kpitui spends."""
    import compileall

    import kpitui

    compileall.compile_dir(Path(kpitui.__file__).parent, quiet=1)


def workspace_of(posts: int) -> Path:
    """A generated workspace of about `posts` posts (cached between runs).

    The brand of sample_data/generate.py with the demo's settings and
    objectives, imported through kpitui's own canonical CSV importer: 5,000,000
    posts take about a minute and 7 GB of memory to build, once.
    """
    folder = CACHE / f"ws-{posts}"
    if (folder / "data" / "store.json").exists():  # a workspace of the store (tables in segments)
        return folder
    exports = CACHE / f"csv-{posts}"
    print(f"generating a workspace of {posts:,} posts in {folder} …", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, str(GENERATOR), "--posts", str(posts), "--out", str(exports)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    staging = Path(tempfile.mkdtemp(dir=CACHE))
    for name in ("kpitui.toml", "objectives.toml"):
        (staging / name).write_bytes((DEMO / name).read_bytes())
    files = sorted(exports.glob("*.csv"))
    # in a process of its own: a child inherits its parent's peak memory (Linux copies the
    # high-water mark at fork), so this process must never hold a large workspace
    env = {**os.environ, "KPITUI_MAX_FILE_MB": "8192"}  # the 5M posts' CSV is 1.3 GB
    subprocess.run([sys.executable, "-c", _IMPORT, str(staging), *map(str, files)], check=True, env=env)
    os.replace(staging, folder)
    shutil.rmtree(exports, ignore_errors=True)  # the parquet files are all the benchmark reads
    return folder


_IMPORT = """
import sys
from pathlib import Path
from kpitui.core.importers import ImportOptions, read_file
from kpitui.core.settings import load_settings
from kpitui.core.workspace import Workspace
root = Path(sys.argv[1])
options = ImportOptions(timezone=load_settings(root / "kpitui.toml").timezone)
Workspace(root).import_files([read_file(Path(f), options) for f in sys.argv[2:]])
"""


# --- whole processes -------------------------------------------------------------------


def run_process(argv: Sequence[str], stdout: Path | None = None) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of a whole process."""
    with open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited with {process.returncode}:\n{error}")
    peak = usage.ru_maxrss / 1024  # KB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if peak <= own * 1.02:  # the child's figure may be this process's peak, inherited at fork
        raise RuntimeError(
            f"peak memory of {argv[0]} ({peak:.0f} MB) is not above the benchmark's own "
            f"({own:.0f} MB), which a child inherits: the figure would be wrong"
        )
    return elapsed, peak


def run_on_pty(argv: list[str]) -> float:
    """Seconds from the start of a whole process, run on a pseudo-terminal (its output drained),
    to the byte it writes on `BENCH_READY_FD` once its first screen is drawn (benchmarks/apps.py).
    The process is then waited for, untimed: its exit is not what a person waits for."""
    import pty
    import threading

    master, slave = pty.openpty()
    os.set_blocking(master, True)
    ready, signal = os.pipe()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "BENCH_READY_FD": str(signal),
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, pass_fds=(signal,)
    )
    os.close(slave)
    os.close(signal)

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    told = os.read(ready, 1)  # empty: the process ended without telling
    elapsed = time.perf_counter() - start
    code = process.wait(timeout=120)
    os.close(master)
    os.close(ready)
    if code != 0 or not told:
        raise RuntimeError(f"{argv} exited with {code}" + ("" if told else " before drawing"))
    return elapsed


def alternate(commands: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[Any]]:
    """Run each command `repeat` times, in turn (one warm-up each first): results per command."""
    for run in commands.values():
        run()
    results: dict[str, list[Any]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, run in commands.items():
            results[name].append(run())
    return results


# --- sections --------------------------------------------------------------------------


def startup(repeat: int) -> list[dict[str, Any]]:
    apps = str(BENCH / "apps.py")
    times = alternate(
        {name: partial(run_on_pty, [sys.executable, apps, name]) for name in ("kpitui", "bare", "widgets")},
        repeat,
    )
    k, b, w = (statistics.median(times[name]) for name in ("kpitui", "bare", "widgets"))
    return [
        figure(
            "startup",
            "demo (2,008 posts)",
            "kpitui demo / bare Textual app",
            k,
            b,
            target=("<=", 1.2),
            runs=repeat,
        ),
        figure(
            "startup",
            "demo (2,008 posts)",
            "Textual app of the dashboard's widgets / bare Textual app",
            w,
            b,
            target=None,
            runs=repeat,
            sides=("widgets", "bare"),
        ),
    ]


def report_numbers(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def same_numbers(ours: dict[str, Any], theirs: dict[str, Any]) -> str | None:
    """None when every number of `theirs` equals kpitui's (1e-9 relative), else the first difference."""

    def differ(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return (a is None) != (b is None)
        return abs(a - b) > 1e-9 * max(abs(a), abs(b))

    if theirs["as_of"] != ours["as_of"] or list(theirs["kpis"]) != list(ours["kpis"]):
        return "as-of date or networks"
    for network, kpis in ours["kpis"].items():
        for kpi, numbers in kpis.items():
            for field in ("value", "previous", "change"):
                if differ(numbers[field], theirs["kpis"][network].get(kpi, {}).get(field)):
                    return f"{network} {kpi} {field}"
    for mine, other in zip(ours["objectives"], theirs["objectives"], strict=True):
        if mine["status"] != other["status"] or any(
            differ(mine[f], other[f]) for f in ("value", "projected", "progress", "needed_per_day")
        ):
            return f"objective {mine['id']}"
    return None


def recompute(posts: int, period: str, repeat: int, engines: Sequence[str]) -> dict[str, Any]:
    """`kpitui report` against each baseline engine, whole processes, alternated; and peak memory."""
    root = workspace_of(posts)
    out = CACHE / "out"
    out.mkdir(exist_ok=True)
    kpitui = [sys.executable, "-m", "kpitui", "--workspace", str(root), "report", "--period", period]
    kpitui += ["--format", "json"]
    run_process(kpitui, out / "kpitui.json")
    ours = report_numbers(out / "kpitui.json")
    comparison = ours["comparison"]
    ranges = [f"{ours['period']['start']}..{ours['period']['end']}"]
    ranges.append(f"{comparison['start']}..{comparison['end']}" if comparison else "none")
    commands: dict[str, Callable[[], tuple[float, float]]] = {"kpitui": lambda: run_process(kpitui)}
    for engine in engines:
        argv = [sys.executable, str(BASELINES), engine, str(root), *ranges]
        run_process(argv, out / f"{engine}.json")
        difference = same_numbers(ours, report_numbers(out / f"{engine}.json"))
        if difference:
            raise SystemExit(f"{engine} does not compute kpitui's numbers at {posts:,} posts: {difference}")
        commands[engine] = lambda argv=argv: run_process(argv)
    runs = alternate(commands, repeat)
    import pyarrow.parquet as pq

    rows = sum(
        pq.ParquetFile(p).metadata.num_rows for p in (root / "data" / "tables" / "posts").rglob("*.parquet")
    )
    return {
        "posts": rows,
        "period": ours["period"],
        "comparison": comparison,
        "objectives": len(ours["objectives"]),
        "runs": repeat,
        "seconds": {name: statistics.median(t for t, _ in r) for name, r in runs.items()},
        "peak_mb": {name: statistics.median(m for _, m in r) for name, r in runs.items()},
    }


def recompute_figures(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    figures = []
    for r in results:
        s, size = r["seconds"], f"{r['posts']:,} posts"
        large = r["posts"] >= LARGE * 0.99
        if "duckdb" in s:
            figures.append(
                figure(
                    "recompute",
                    size,
                    "kpitui report / DuckDB SQL",
                    s["kpitui"],
                    s["duckdb"],
                    target=("<=", 1.0) if large else None,
                    runs=r["runs"],
                    sides=("kpitui", "duckdb"),
                )
            )
        if "pandas" in s:
            figures.append(
                figure(
                    "recompute",
                    size,
                    "pandas / kpitui report",
                    s["pandas"],
                    s["kpitui"],
                    target=(">=", 10.0) if large else None,
                    runs=r["runs"],
                    sides=("pandas", "kpitui"),
                )
            )
    return figures


def memory_figures(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Peak RSS of `kpitui report` per size; growth per million posts; linearity."""
    figures = []
    points = sorted((r["posts"], r["peak_mb"]["kpitui"], r["peak_mb"]) for r in results)
    for posts, mb, others in points:
        extra = {k: round(v, 1) for k, v in others.items() if k != "kpitui"}
        figures.append(
            {
                "section": "memory",
                "size": f"{posts:,} posts",
                "what": "peak RSS of kpitui report (MB)",
                "kpitui": round(mb, 1),
                "baseline": None,
                "ratio": None,
                "baselines_peak_mb": extra,
            }
        )
    slopes = [
        ((b[1] - a[1]) / (b[0] - a[0]) * 1e6, a[0], b[0])
        for a, b in itertools.pairwise(points)
        if b[0] > a[0]
    ]
    for slope, a, b in slopes:
        figures.append(
            {
                "section": "memory",
                "size": f"{a:,}→{b:,}",
                "what": "growth in MB per million posts",
                "kpitui": round(slope, 1),
                "baseline": None,
                "ratio": None,
            }
        )
    if len(slopes) >= 2:
        (last, a, b), (before, c, d) = slopes[-1], slopes[-2]
        figures.append(
            figure(
                "memory",
                f"{a:,}→{b:,} vs {c:,}→{d:,}",
                "linearity: growth per post, last step / step before",
                last,
                before,
                target=("<=", 1.5),
                runs=results[0]["runs"],
                sides=("last_step", "step_before"),
            )
        )
    return figures


def import_section(rows: int, repeat: int) -> list[dict[str, Any]]:
    import import_x
    from kpitui.core.importers import read_file

    path = import_x.tweet_file(rows)
    parsed = read_file(path)
    assert parsed.format == "x-tweets" and parsed.rows == rows, (parsed.format, parsed.rows)
    ours, base, ratio = import_x.side_by_side(lambda: read_file(path), lambda: pl.read_csv(path), repeat)
    result = figure(
        "import",
        f"{rows:,} tweets",
        "kpitui read_file / pl.read_csv",
        ours,
        base,
        target=("<=", import_x.TARGET),
        runs=repeat,
    )
    result["ratio_of_pairs"] = ratio
    return [result]


def period_change(posts: int, repeat: int) -> list[dict[str, Any]]:
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
    return [
        figure(
            "period",
            f"{posts:,} posts",
            "move the period on it / on the demo",
            big,
            small,
            target=None,
            runs=repeat,
        )
    ]


KEY_LIMITS_MS = {LARGE: 100.0, 5_000_000: 250.0}
"""The issue's bound on a keypress, drawn, from this many posts on (milliseconds)."""


def keys_section(posts: int, repeat: int) -> list[dict[str, Any]]:
    """`keys.py` on the workspace of `posts` against the demo, in a process of its own (this one
    must never hold a large workspace: a child inherits its parent's peak memory). Each figure is
    a ratio to the demo; its verdict is the issue's bound in milliseconds where one applies."""
    workspace_of(posts)
    argv = [sys.executable, str(BENCH / "keys.py"), "--posts", str(posts), "--json"]
    argv += ["--repeat", str(repeat), "--rounds", "2"]  # the first showings: one time a round
    medians = json.loads(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)
    bound = max((ms for size, ms in KEY_LIMITS_MS.items() if posts >= size), default=None)
    figures = []
    for name, (big, small) in medians.items():
        row = figure("keys", f"{posts:,} posts", f"{name} / the demo", big, small, target=None, runs=repeat)
        if bound is not None and name.endswith("drawn"):
            row["target"] = f"<= {bound:.0f} ms"
            row["verdict"] = "ok" if big * 1000 <= bound else "MISSED"
        figures.append(row)
    return figures


def resident_section(posts: int, repeat: int) -> list[dict[str, Any]]:
    """Peak resident memory of the app on the workspace of `posts` (opened, the period moved,
    every area shown: `keys.py --tour`) against DuckDB's report on the same files, alternated."""
    root = workspace_of(posts)
    app = [sys.executable, str(BENCH / "keys.py"), "--tour", str(root)]
    sides: dict[str, Callable[[], tuple[float, float]]] = {"kpitui app": lambda: run_process(app)}
    if _installed("duckdb"):
        period = "2026-10-01..2026-11-15"  # any quarter's worth: DuckDB's peak is its scan's
        duck = [sys.executable, str(BASELINES), "duckdb", str(root), period, "2026-07-01..2026-08-15"]
        sides["duckdb report"] = lambda: run_process(duck)
    runs = alternate(sides, repeat)
    peaks = {name: statistics.median(m for _, m in r) for name, r in runs.items()}
    base = peaks.get("duckdb report", 600.0)
    row = figure(
        "resident",
        f"{posts:,} posts",
        "peak RSS of the app / " + ("DuckDB's report" if "duckdb report" in peaks else "600 MB"),
        peaks["kpitui app"],
        base,
        target=None,
        runs=repeat,
        sides=("kpitui", "baseline"),
    )
    row["baselines_peak_mb"] = {k: v for k, v in peaks.items() if k != "kpitui app"}
    if posts >= 5_000_000:
        row["target"] = "< 600 MB"
        row["verdict"] = "ok" if peaks["kpitui app"] < 600 else "MISSED"
    return [row]


# --- the table and the file ---------------------------------------------------------------


def html_section(posts: int, period: str, repeat: int) -> list[dict[str, Any]]:
    """The HTML report against the JSON report of the same workspace and period (issue 19)."""
    root = workspace_of(posts)
    out = CACHE / "out"
    out.mkdir(exist_ok=True)
    report = [sys.executable, "-m", "kpitui", "--workspace", str(root), "report", "--period", period]
    runs = alternate(
        {
            fmt: lambda fmt=fmt: run_process([*report, "--format", fmt, "-o", str(out / f"report.{fmt}")])[0]
            for fmt in ("html", "json")
        },
        repeat,
    )
    html, json_ = (statistics.median(runs[fmt]) for fmt in ("html", "json"))
    what = "kpitui report --format html / --format json"
    return [
        figure(
            "html",
            f"{posts:,} posts",
            what,
            html,
            json_,
            target=("<=", 3.0),
            runs=repeat,
            sides=("html", "json"),
        )
    ]


def figure(
    section: str,
    size: str,
    what: str,
    ours: float,
    base: float,
    *,
    target: tuple[str, float] | None,
    runs: int,
    sides: tuple[str, str] = ("kpitui", "baseline"),
) -> dict[str, Any]:
    ratio = ours / base
    verdict = None
    if target is not None:
        sign, bound = target
        verdict = "ok" if (ratio <= bound if sign == "<=" else ratio >= bound) else "MISSED"
    return {
        "section": section,
        "size": size,
        "what": what,
        sides[0]: ours,
        sides[1]: base,
        "ratio": ratio,
        "target": f"{target[0]} {target[1]:g}" if target else None,
        "verdict": verdict,
        "runs": runs,
    }


def print_table(figures: list[dict[str, Any]]) -> None:
    header = ("section", "size", "figure", "ratio", "target", "", "medians")
    rows = []
    for f in figures:
        values = {k: v for k, v in f.items() if isinstance(v, float) and k not in ("ratio", "ratio_of_pairs")}
        if f["section"] not in ("memory", "resident"):
            shown = ", ".join(f"{k} {v:.3f} s" for k, v in values.items())
        elif "baselines_peak_mb" in f:
            shown = f"kpitui {f['kpitui']:,.0f} MB"
            shown += "".join(f", {k} {v:,.0f} MB" for k, v in f["baselines_peak_mb"].items())
        else:
            shown = ", ".join(f"{k} {v:,.0f} MB per million posts" for k, v in values.items())
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.2f}"
        rows.append(
            (f["section"], f["size"], f["what"], ratio, f.get("target") or "", f.get("verdict") or "", shown)
        )
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for i, row in enumerate((header, *rows)):
        cells = [
            c.rjust(w) if j == 3 else c.ljust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("─" * w for w in widths))


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("kpitui", "polars", "textual", "duckdb", "pandas", "pyarrow", "numpy"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": datetime.now(tz=UTC).isoformat(timespec="seconds"),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line
        )
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gb"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10k and 100k posts, 100k-row import, 3 runs")
    parser.add_argument("--sizes", help="comma-separated post counts (default 10000,100000,1000000,5000000)")
    parser.add_argument("--repeat", type=int, help="runs of each side (default 5; 3 with --quick)")
    parser.add_argument(
        "--only",
        help="comma-separated sections: startup, recompute, import, memory, period, keys, resident, html",
    )
    parser.add_argument("--period", default="qtd", help="the report's period (default qtd)")
    parser.add_argument("--import-rows", type=int, help="rows of the X export (default 1000000)")
    parser.add_argument(
        "--period-size", type=int, help="posts of the period section's workspace (default 1M)"
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "latest.json")
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    compiled()
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    )
    repeat = args.repeat or (3 if args.quick else 5)
    import_rows = args.import_rows or (100_000 if args.quick else 1_000_000)
    period_size = args.period_size or min(LARGE, max(sizes))
    sections = (args.only or "startup,recompute,import,memory,period,keys,resident,html").split(",")
    engines = [e for e in ("duckdb", "pandas") if _installed(e)]

    figures: list[dict[str, Any]] = []
    recomputed: list[dict[str, Any]] = []
    began = time.perf_counter()
    if "startup" in sections:
        figures += startup(max(repeat, 7))
    if "recompute" in sections or "memory" in sections:
        for size in sizes:
            print(f"recompute: {size:,} posts …", file=sys.stderr, flush=True)
            recomputed.append(
                recompute(size, args.period, repeat, engines if "recompute" in sections else [])
            )
    if "recompute" in sections:
        figures += recompute_figures(recomputed)
    if "import" in sections:
        figures += import_section(import_rows, repeat)
    if "memory" in sections:
        figures += memory_figures(recomputed)
    if "period" in sections:
        figures += period_change(period_size, repeat)
    app_sizes = [s for s in sizes if s >= LARGE] or [max(sizes)]  # 1M and 5M; --quick: 100k
    for size in app_sizes if "keys" in sections else []:
        print(f"keys: {size:,} posts …", file=sys.stderr, flush=True)
        figures += keys_section(size, 2 if args.quick else repeat)
    for size in app_sizes if "resident" in sections else []:
        figures += resident_section(size, 1 if args.quick else 3)
    if "html" in sections:
        print(f"html: {period_size:,} posts …", file=sys.stderr, flush=True)
        figures += html_section(period_size, args.period, repeat)
    print_table(figures)
    payload = {
        "command": " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "versions": versions(),
        "seconds": round(time.perf_counter() - began, 1),
        "figures": figures,
        "recompute": recomputed,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"figures written to {args.out}")
    return 0


def _installed(module: str) -> bool:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        print(
            f"{module} is not installed: its baseline is skipped (pip install -e '.[bench]')", file=sys.stderr
        )
        return False
    return module != "pandas" or importlib.util.find_spec("pyarrow") is not None


if __name__ == "__main__":
    raise SystemExit(main())
