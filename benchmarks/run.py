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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000000", help="comma-separated post counts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    figures = [recompute(int(size), args.repeat) for size in args.sizes.split(",")]
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
