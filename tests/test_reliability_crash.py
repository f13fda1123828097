"""kill -9 during an import, many times: the workspace always opens with all of it or none of it.

A workspace holding the demo brand's data imports three files at once (60,000
new posts, posts and days of the workspace updated, new traffic rows: every
table and the import log change in one transaction). The import runs in a
child process (`kpitui import`, through `kpitui.cli.main`) that is killed
with SIGKILL:

* at every step of the transaction: before and after each journal file is
  written, the COMMIT marker put in place, each file renamed into data/, the
  journal removed. The child reports each step and, at the chosen one, waits
  to be killed, so the kill lands exactly there;
* at random moments (seeded) between its start and its end, so it also dies
  while reading, merging and in the middle of writing a parquet file;
* and once the import is committed, the process that opens the workspace
  (and finishes the import) is killed during that recovery too.

Then the workspace is opened in the test process (Workspace.load() and
imports(), which recover a committed journal or discard an uncommitted
one): its tables and import log must equal either those before the import
or those of the same import run to its end, and exactly the one the step
implies when the kill was at a known step.

CI kills once before every step (and after the last), and at 12 random
moments; KPITUI_LONG=1 kills 10 times on both sides of every step (a little
late after the first round) and at 120 random moments.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core.workspace import JOURNAL, Workspace
from reliability import FACTOR, LONG, ROOT, cli_env, same_state, scaled, state

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

SEED = 20260406

DRIVER = r"""
import json, os, shutil, sys, time
import polars as pl

stop = os.environ.get("CRASH_AT", "")
where, _, when = stop.partition(":")
steps = []

def hooked(name, original, label):
    def step(*args, **kwargs):
        text = f"{name} {label(*args)}"
        index = len(steps)
        steps.append(text)
        if stop and int(where) == index and when == "before":
            wait(text)
        result = original(*args, **kwargs)
        if stop and int(where) == index and when == "after":
            wait(text)
        return result
    return step

def wait(text):
    print("stopped at", text, flush=True)
    time.sleep(3600)

base = lambda p: os.path.basename(str(p))
pl.DataFrame.write_parquet = hooked("write", pl.DataFrame.write_parquet, lambda self, path, *a: base(path))
os.replace = hooked("replace", os.replace, lambda src, dst: base(dst))
shutil.rmtree = hooked("rmtree", shutil.rmtree, lambda path, *a: base(path))

from kpitui.cli import main
from kpitui.core.workspace import Workspace

print("ready", flush=True)
if sys.argv[1] == "import":
    code = main(["--workspace", sys.argv[2], "import", *sys.argv[3:]])
else:  # open: recover whatever the last import left
    Workspace(__import__("pathlib").Path(sys.argv[2])).load()
    code = 0
print("steps", json.dumps(steps), flush=True)
sys.exit(code)
"""


@dataclass
class Scene:
    base: Path
    """A workspace holding the demo data, never touched: each run copies it."""
    files: list[Path]
    before: dict[str, Any]
    after: dict[str, Any]
    steps: list[str]
    """The transaction's steps, as the driver names them, in order."""
    commit_step: int
    """Index of the step that puts the COMMIT marker in place."""
    duration: float
    """Seconds from the child's "ready" to its end, in a clean run."""


def run_driver(*args: str, crash_at: str = "") -> subprocess.Popen[str]:
    env = cli_env(CRASH_AT=crash_at)
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def wait_for(process: subprocess.Popen[str], prefix: str, timeout: float = 60.0) -> str:
    """The first line of the child's output starting with `prefix` (the child must say it)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith(prefix):
            return line.strip()
        if not line and process.poll() is not None:
            break
    process.kill()
    _, err = process.communicate()
    raise AssertionError(f"the child never said {prefix!r}; stderr: {err[-2000:]}")


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


def make_files(folder: Path, demo: Workspace) -> list[Path]:
    """Three canonical CSVs that touch every table: new rows and rows of the workspace updated."""
    folder.mkdir()
    rng = random.Random(SEED)
    data = demo.load()
    n = 60_000
    posts = pl.DataFrame(
        {
            "network": [rng.choice(["facebook", "instagram", "x", "linkedin"]) for _ in range(n)],
            "account": ["crashtest"] * n,
            "post_id": [f"k{i}" for i in range(n)],
            "published_at": [
                f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00Z" for _ in range(n)
            ],
            "text": [f"post {i} #acme " + "x" * rng.randint(0, 120) for i in range(n)],
            "impressions": [rng.randint(0, 100_000) for _ in range(n)],
            "likes": [rng.randint(0, 1_000) for _ in range(n)],
        }
    )
    updated = data.posts.head(300).select(
        "network",
        "account",
        "post_id",
        pl.col("published_at").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        (pl.col("impressions").fill_null(0) + 7).alias("impressions"),
        (pl.col("likes").fill_null(0) + 1).alias("likes"),
    )
    paths = [folder / "posts.csv", folder / "daily.csv", folder / "traffic.csv"]
    pl.concat([posts, updated.with_columns(text=pl.lit("updated"))], how="diagonal").write_csv(paths[0])
    data.daily.head(500).select(
        "network", "account", pl.col("date").cast(pl.String), (pl.col("followers").fill_null(0) + 3)
    ).write_csv(paths[1])
    pl.DataFrame(
        {
            "date": [f"2027-01-{d:02d}" for d in range(1, 29)],
            "source": ["crash.example"] * 28,
            "medium": ["referral"] * 28,
            "sessions": list(range(28)),
        }
    ).write_csv(paths[2])
    return paths


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    tmp = tmp_path_factory.mktemp("crash")
    base = tmp / "base"
    demo = ROOT / "sample_data" / "demo"
    assert (
        main(
            [
                "--workspace",
                str(base),
                "import",
                *(str(demo / f"{t}.csv") for t in ("posts", "daily", "traffic")),
            ]
        )
        == 0
    )
    files = make_files(tmp / "files", Workspace(base))
    before = state(Workspace(base))
    clean = tmp / "clean"
    shutil.copytree(base, clean)
    process = run_driver("import", str(clean), *map(str, files))
    wait_for(process, "ready")
    started = time.monotonic()
    steps = json.loads(wait_for(process, "steps").split(" ", 1)[1])
    duration = time.monotonic() - started
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    after = state(Workspace(clean))
    assert not same_state(before, after)
    assert len(after["log"]) == len(before["log"]) + 3
    commit = [i for i, s in enumerate(steps) if s == "replace COMMIT"]
    assert len(commit) == 1, steps
    assert [s.split()[0] for s in steps].count("write") == 3, steps  # the three tables
    return Scene(base, files, before, after, steps, commit[0], duration)


def fresh(scene: Scene, folder: Path) -> Workspace:
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(scene.base, folder)
    return Workspace(folder)


def opened(workspace: Workspace) -> dict[str, Any]:
    """Open as the CLI does (the first call recovers), then the state; the journal is gone."""
    workspace.load()
    workspace.imports()
    now = state(workspace)
    assert not (workspace.data_dir / JOURNAL).exists()
    leftovers = [p.name for p in workspace.data_dir.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers
    return now


def expect(now: dict[str, Any], scene: Scene, which: str) -> None:
    if which == "either":
        assert same_state(now, scene.before) or same_state(now, scene.after), "a torn workspace"
    else:
        assert same_state(now, getattr(scene, which)), f"expected the state {which} the import"


def points(scene: Scene) -> list[tuple[int, str]]:
    """Before every step and after the last (after a step is before the next one, less a fsync);
    the long mode takes both sides of every step."""
    last = len(scene.steps) - 1
    return [
        (i, w)
        for i in range(len(scene.steps))
        for w in ("before", "after")
        if LONG or w == "before" or i == last
    ]


def test_kill_at_every_step_of_the_transaction(scene: Scene, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for round_ in range(FACTOR):
        for index, when in points(scene):
            workspace = fresh(scene, tmp_path / "ws")
            process = run_driver(
                "import", str(workspace.root), *map(str, scene.files), crash_at=f"{index}:{when}"
            )
            said = wait_for(process, "stopped at")
            assert said == f"stopped at {scene.steps[index]}", (said, index)
            if round_:  # later rounds: the kill lands a little after the step, as a real one would
                time.sleep(rng.uniform(0, 0.01))
            kill(process)
            committed = index > scene.commit_step or (index == scene.commit_step and when == "after")
            expect(opened(workspace), scene, "after" if committed else "before")


def test_kill_during_recovery(scene: Scene, tmp_path: Path) -> None:
    """Committed but not yet moved into place; the process finishing it is killed too."""
    rng = random.Random(SEED + 1)
    committed = [(i, w) for i, w in points(scene) if i > scene.commit_step]
    for _ in range(scaled(3)):
        index, when = rng.choice(committed)
        workspace = fresh(scene, tmp_path / "ws")
        process = run_driver(
            "import", str(workspace.root), *map(str, scene.files), crash_at=f"{index}:{when}"
        )
        wait_for(process, "stopped at")
        kill(process)
        if not (workspace.data_dir / JOURNAL).exists():
            continue  # killed after the journal was removed: nothing left to recover
        # the opener's steps: the renames of what is left, then removing the journal
        pending = json.loads((workspace.data_dir / JOURNAL / "COMMIT").read_text())
        moves = sum((workspace.data_dir / JOURNAL / n).exists() for n in pending)
        stop = rng.randrange(moves + 1)
        opener = run_driver("open", str(workspace.root), crash_at=f"{stop}:{rng.choice(['before', 'after'])}")
        wait_for(opener, "stopped at")
        kill(opener)
        expect(opened(workspace), scene, "after")


def test_kill_at_random_moments(scene: Scene, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2 + (os.getpid() if FACTOR > 1 else 0))
    outcomes = {"before": 0, "after": 0}
    for _ in range(scaled(12)):
        workspace = fresh(scene, tmp_path / "ws")
        process = run_driver("import", str(workspace.root), *map(str, scene.files))
        wait_for(process, "ready")
        time.sleep(rng.uniform(0, scene.duration * 1.1))
        kill(process)
        now = opened(workspace)
        expect(now, scene, "either")
        outcomes["after" if same_state(now, scene.after) else "before"] += 1
    print(f"random kills: {outcomes}, import takes {scene.duration:.2f} s")


def test_the_workspace_works_after_a_crash(scene: Scene, tmp_path: Path) -> None:
    """After a kill and a recovery, the same import runs again to the same end state."""
    workspace = fresh(scene, tmp_path / "ws")
    process = run_driver(
        "import", str(workspace.root), *map(str, scene.files), crash_at=f"{scene.commit_step}:before"
    )
    wait_for(process, "stopped at")
    kill(process)
    assert main(["--workspace", str(workspace.root), "import", *map(str, scene.files)]) == 0
    expect(opened(workspace), scene, "after")
    assert main(["--workspace", str(workspace.root), "report", "--format", "json"]) == 0
