"""The store's costs, as ratios (issue 15): an import costs its own size, not the workspace's.

    python benchmarks/store.py                  # every section, 5 alternated rounds
    python benchmarks/store.py --only cost --large 1000000

* cost: `kpitui import` of a 1,000-row canonical CSV (new posts, every round a new file)
  into the 5M-post workspace of run.py and into the 10k one, whole processes alternated;
  each import is removed again (`kpitui imports remove`, not timed). Ratio of the medians,
  and the peak memory of the import into the large one.
* successive: 100 imports of 100-row files, one after the other, into a copy of the 10k
  workspace (in one process, `Workspace.import_files` timed): median of the last ten over
  the median of the first ten.
* log: a workspace whose import log holds 100,000 imports (written as a compaction writes
  it: the snapshot, then the events since) against the same with its 10, whole processes
  alternated: `kpitui report` (start and numbers) and `kpitui import` of a 1,000-row file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench
from kpitui.core.importers import read_file
from kpitui.core.importlog import HEAD, LOG_DIR, SNAPSHOT, read_state, snapshot_frame
from kpitui.core.workspace import Workspace

WORK = bench.CACHE / "store"
KPITUI = [sys.executable, "-m", "kpitui"]


def export(folder: Path, name: str, rows: int, first: int) -> Path:
    """A canonical CSV of `rows` new X posts (ids from `first`), in 2026-11."""
    path = folder / name
    ids = pl.int_range(first, first + rows, eager=True)
    pl.DataFrame(
        {
            "network": "x",
            "account": "bench",
            "post_id": ids.cast(pl.String).str.replace(r"^", "b"),
            "published_at": "2026-11-" + (ids % 28 + 1).cast(pl.String).str.zfill(2) + "T10:00:00Z",
            "impressions": ids % 5_000,
            "likes": ids % 97,
        }
    ).write_csv(path)
    return path


def cost(large: int, repeat: int) -> list[dict[str, Any]]:
    """1,000 rows into the large workspace / into the 10k one."""
    folder = WORK / "cost"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    spaces = {"large": bench.workspace_of(large), "small": bench.workspace_of(10_000)}
    counter = iter(range(10**6))

    def importing(which: str) -> Callable[[], tuple[float, float]]:
        def once() -> tuple[float, float]:
            n = next(counter)
            path = export(folder, f"new-{n}.csv", 1_000, 10_000_000 + n * 1_000)
            root = spaces[which]
            result = bench.run_process([*KPITUI, "--workspace", str(root), "import", str(path)])
            last = Workspace(root).imports()[-1].id
            bench.run_process([*KPITUI, "--workspace", str(root), "imports", "remove", str(last)])
            return result

        return once

    results = bench.alternate({w: importing(w) for w in spaces}, repeat)
    times = {w: statistics.median(t for t, _ in r) for w, r in results.items()}
    peaks = {w: max(p for _, p in r) for w, r in results.items()}
    return [
        {
            "figure": f"1,000-row import into {large:,} posts / into 10,000",
            "ratio": times["large"] / times["small"],
            "target": "≤ 2",
            "medians": f"{times['large']:.3f} s / {times['small']:.3f} s",
        },
        {
            "figure": f"peak memory of that import into {large:,} posts",
            "ratio": None,
            "target": "< 300 MB",
            "medians": f"{peaks['large']:.0f} MB (10,000 posts: {peaks['small']:.0f} MB)",
        },
    ]


def successive(count: int = 100) -> list[dict[str, Any]]:
    """Per-import time of the last ten of `count` imports / of the first ten."""
    root = WORK / "successive"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(bench.workspace_of(10_000), root)
    files = WORK / "successive-files"
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    workspace = Workspace(root)
    took = []
    for n in range(count):
        parsed = read_file(export(files, f"s{n}.csv", 100, 20_000_000 + n * 100))
        start = time.perf_counter()
        workspace.import_files([parsed])
        took.append(time.perf_counter() - start)
    first, last = statistics.median(took[:10]), statistics.median(took[-10:])
    return [
        {
            "figure": f"{count} successive 100-row imports: the last ten / the first ten",
            "ratio": last / first,
            "target": "≤ 1.2 (no growth)",
            "medians": f"{last * 1000:.0f} ms / {first * 1000:.0f} ms",
        }
    ]


def long_log(entries: int, repeat: int) -> list[dict[str, Any]]:
    """`kpitui report` and a 1,000-row import with `entries` imports in the log / with 10."""
    small = bench.workspace_of(10_000)
    roots = {"long": WORK / "log-long", "short": WORK / "log-short"}
    for root in roots.values():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(small, root)
    files = WORK / "log-files"
    shutil.rmtree(files, ignore_errors=True)
    files.mkdir(parents=True)
    for n in range(10):  # ten imports in each
        for root in roots.values():
            Workspace(root).import_files([read_file(export(files, f"l{n}.csv", 10, 30_000_000 + n * 10))])
    data = roots["long"] / "data"
    state = read_state(data)
    [model] = state.records()[-1:]
    copies = [replace(model, id=state.last_id + i + 1, sha256=f"{i:064x}") for i in range(entries - 10)]
    grown = state.put(copies).advanced(state.seq + 1)
    frame, head = snapshot_frame(grown)
    frame.write_parquet(data / LOG_DIR / SNAPSHOT)
    (data / LOG_DIR / HEAD).write_bytes(head)
    (data / LOG_DIR / "events.jsonl").write_bytes(b"")
    assert len(Workspace(roots["long"]).imports()) >= entries
    counter = iter(range(10**6))
    figures = []
    for what, args in (("report", ["report", "--format", "json"]), ("import", None)):

        def command(which: str, args: list[str] | None = args) -> Callable[[], tuple[float, float]]:
            def once() -> tuple[float, float]:
                root = roots[which]
                if args is None:
                    n = next(counter)
                    path = export(files, f"i{n}.csv", 1_000, 40_000_000 + n * 1_000)
                argv = [*KPITUI, "--workspace", str(root), *(args or ["import", str(path)])]
                start = time.perf_counter()
                subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return time.perf_counter() - start, 0.0

            return once

        results = bench.alternate({w: command(w) for w in roots}, repeat)
        times = {w: statistics.median(t for t, _ in r) for w, r in results.items()}
        figures.append(
            {
                "figure": f"kpitui {what} with {entries:,} imports in the log / with 10",
                "ratio": times["long"] / times["short"],
                "target": "≤ 1.05" if what == "report" else "≤ 1.2",
                "medians": f"{times['long']:.3f} s / {times['short']:.3f} s",
            }
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="cost,successive,log")
    parser.add_argument("--large", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    sections = args.only.split(",")
    WORK.mkdir(parents=True, exist_ok=True)
    bench.compiled()
    if len(sections) > 1:  # each in a process of its own: a child inherits its parent's peak memory
        for section in sections:
            argv = [sys.executable, __file__, "--only", section, "--large", str(args.large)]
            subprocess.run([*argv, "--repeat", str(args.repeat), "--entries", str(args.entries)], check=True)
        return 0
    [section] = sections
    figures = {
        "cost": lambda: cost(args.large, args.repeat),
        "successive": successive,
        "log": lambda: long_log(args.entries, args.repeat),
    }[section]()
    for f in figures:
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.2f}"
        print(f"| {f['figure']} | {ratio} | {f['target']} | {f['medians']} |", flush=True)
    (WORK / f"latest-{section}.json").write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
