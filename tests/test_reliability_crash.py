"""kill -9 during an import, a removal, a redo, a rebuild and a compaction, many times: the
workspace always opens with all of the change or none of it.

A workspace holding the demo brand's data imports three files at once (60,000
new posts, posts and days of the workspace updated, new traffic rows: every
table and the import log change in one transaction). Then, on that workspace
(with a TikTok video list of 2,000 posts whose dates carry no year imported
too): two of those imports are removed; the video list is read again with
another year (its posts move a year, between segments); a workspace built by
an importer since fixed is rebuilt; every run and the log are compacted. Each
change runs in a child process (`kpitui …`, through `kpitui.cli.main`) that is
killed with SIGKILL:

* at steps of the transaction: before and after each journal file is written,
  the COMMIT marker put in place, each file renamed into data/, the journal
  removed. The child reports each step and, at the chosen one, waits to be
  killed, so the kill lands exactly there. The import is killed before every
  step; the other changes before the steps around their COMMIT, their first
  and last, and 6 others drawn (seeded) — every step in the long mode;
* at random moments (seeded) between its start and its end, so it also dies
  while reading, merging and in the middle of writing a parquet file;
* and once the change is committed, the process that opens the workspace
  (and finishes the change) is killed during that recovery too.

Then the workspace is opened in the test process (Workspace.load() and
imports(), which recover a committed journal or discard an uncommitted
one): its tables and import log must equal either those before the change
or those of the same change run to its end, and exactly the one the step
implies when the kill was at a known step. A compaction changes neither: its
runs and log files must be the old ones or the new ones, and a removal made
after it must give what it gives on a workspace never killed.

CI kills once before every step chosen (and after the last), and at 12 random
moments for the import, 4 for the others; KPITUI_LONG=1 kills 10 times on both
sides of every step (a little late after the first round) and at ten times
as many random moments.
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
from datetime import UTC, datetime
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
if sys.argv[1] == "cli":
    code = main(["--workspace", sys.argv[2], *sys.argv[3:]])
elif sys.argv[1] == "compact":
    Workspace(__import__("pathlib").Path(sys.argv[2])).compact(force=True)
    code = 0
else:  # open: recover whatever the last change left
    Workspace(__import__("pathlib").Path(sys.argv[2])).load()
    code = 0
print("steps", json.dumps(steps), flush=True)
sys.exit(code)
"""


@dataclass
class Scene:
    operation: str
    base: Path
    """The workspace the change starts from, never touched: each run copies it."""
    args: list[str]
    """The driver's arguments after the workspace (`cli import FILES…`, `compact`)."""
    before: dict[str, Any]
    after: dict[str, Any]
    steps: list[str]
    """The transaction's steps, as the driver names them, in order."""
    commit_step: int
    """Index of the step that puts the (first) COMMIT marker in place."""
    duration: float
    """Seconds from the child's "ready" to its end, in a clean run."""
    removed: dict[str, Any] | None = None
    """A compaction: the state that removing import 4 gives on the workspace never killed."""


OPERATIONS = ("import", "remove", "redo", "rebuild", "compaction")
REMOVE_AFTER_COMPACTION = ["imports", "remove", "4"]


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


MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()  # noqa: SIM905


def make_videos(folder: Path) -> Path:
    """A TikTok video list of 2,000 posts whose dates carry no year (taken from the file's date)."""
    rng = random.Random(SEED + 9)
    rows = [
        f'"v{i}","https://www.tiktok.com/@crash.kettle/video/75670000000{i:05d}",'
        f'"{rng.randint(1, 28)} {rng.choice(MONTHS)}","{rng.randint(0, 9_999)}"'
        for i in range(2_000)
    ]
    path = folder / "videos.csv"
    path.write_text('"Video title","Video link","Post time","Video views"\n' + "\n".join(rows) + "\n")
    made = datetime(2026, 12, 30, 12, tzinfo=UTC).timestamp()
    os.utime(path, (made, made))
    return path


def likes_plus_one(parse: Any) -> Any:
    """A canonical importer with a bug (every post one like too many), for the rebuild to fix."""

    def broken(self: Any, sample: Any, options: Any) -> Any:
        parsed = parse(self, sample, options)
        if "posts" in parsed.tables:
            parsed.tables["posts"] = parsed.tables["posts"].with_columns(pl.col("likes") + 1)
        return parsed

    return broken


@pytest.fixture(scope="module")
def grounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | list[Path]]:
    """The workspaces the changes start from: `demo` (the demo's data), `imported` (and the crash
    files and the video list: imports 1–3, 4–6 and 7), `broken` (the same, imported with the
    broken importer), and the crash files."""
    from kpitui.core.importers import canonical

    tmp = tmp_path_factory.mktemp("crash")
    demo = ROOT / "sample_data" / "demo"
    made: dict[str, Path | list[Path]] = {}
    for name, patched in (("demo", False), ("broken", True), ("imported", False)):
        root = tmp / name
        with pytest.MonkeyPatch.context() as patch:
            if patched:
                patch.setattr(canonical.CanonicalCsv, "parse", likes_plus_one(canonical.CanonicalCsv.parse))
            demo_files = [str(demo / f"{t}.csv") for t in ("posts", "daily", "traffic")]
            assert main(["--workspace", str(root), "import", *demo_files]) == 0
            if name == "demo":
                files = make_files(tmp / "files", Workspace(root))
                made["files"] = [*files, make_videos(tmp / "files")]
            else:
                assert main(["--workspace", str(root), "import", *map(str, made["files"][:3])]) == 0
                assert main(["--workspace", str(root), "import", str(made["files"][3])]) == 0
        assert [r.id for r in Workspace(root).imports()] == list(range(1, 4 if name == "demo" else 8))
        made[name] = root
    return made


def arguments(operation: str, files: list[Path]) -> tuple[str, list[str]]:
    """The workspace a change starts from, and the driver's arguments for it."""
    return {
        "import": ("demo", ["cli", "import", *map(str, files[:3])]),
        "remove": ("imported", ["cli", "imports", "remove", "4", "5"]),
        "redo": ("imported", ["cli", "imports", "redo", "7", "--year", "2024"]),
        "rebuild": ("broken", ["cli", "rebuild"]),
        "compaction": ("imported", ["compact"]),
    }[operation]


def layout(workspace: Workspace) -> list[str]:
    """The files of the runs and of the log (what a compaction changes)."""
    data = workspace.data_dir
    return sorted(str(p.relative_to(data)) for folder in ("runs", "log") for p in (data / folder).rglob("*"))


def observed(workspace: Workspace, operation: str) -> dict[str, Any]:
    """The state a change is judged on (a compaction: its files too)."""
    now = state(workspace)
    return {**now, "layout": layout(workspace)} if operation == "compaction" else now


@pytest.fixture(scope="module", params=OPERATIONS)
def scene(
    request: pytest.FixtureRequest, grounds: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Scene:
    operation = request.param
    start, args = arguments(operation, grounds["files"])
    base = grounds[start]
    tmp = tmp_path_factory.mktemp(operation)
    before = observed(Workspace(base), operation)
    clean = tmp / "clean"
    shutil.copytree(base, clean)
    process = run_driver(args[0], str(clean), *args[1:])
    wait_for(process, "ready")
    started = time.monotonic()
    steps = json.loads(wait_for(process, "steps").split(" ", 1)[1])
    duration = time.monotonic() - started
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    after = observed(Workspace(clean), operation)
    assert not same(before, after)
    commit = [i for i, s in enumerate(steps) if s == "replace COMMIT"]
    assert commit, steps
    assert [s.split()[0] for s in steps].count("write") >= (3 if operation == "import" else 1), steps
    removed = None
    if operation == "compaction":
        assert same_state(before, after)  # it changes no number, no import
        assert main(["--workspace", str(clean), *REMOVE_AFTER_COMPACTION]) == 0
        removed = state(Workspace(clean))
    if operation == "import":
        assert len(after["log"]) == len(before["log"]) + 3
    return Scene(operation, base, args, before, after, steps, commit[0], duration, removed)


def fresh(scene: Scene, folder: Path) -> Workspace:
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(scene.base, folder)
    return Workspace(folder)


def opened(workspace: Workspace, scene: Scene) -> dict[str, Any]:
    """Open as the CLI does (the first call recovers), then the state; the journal is gone."""
    workspace.load()
    workspace.imports()
    now = observed(workspace, scene.operation)
    assert not (workspace.data_dir / JOURNAL).exists()
    leftovers = [p.name for p in workspace.data_dir.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers
    return now


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return same_state(a, b) and a.get("layout") == b.get("layout")


def expect(now: dict[str, Any], scene: Scene, which: str, workspace: Workspace | None = None) -> None:
    """`now` is the state `which` the change (`either`); a compaction's workspace still removes
    an import as the one never killed does."""
    if which == "either":
        assert same(now, scene.before) or same(now, scene.after), "a torn workspace"
    else:
        assert same(now, getattr(scene, which)), f"expected the state {which} the {scene.operation}"
    if scene.removed is not None and workspace is not None:
        assert main(["--workspace", str(workspace.root), *REMOVE_AFTER_COMPACTION]) == 0
        assert same_state(state(workspace), scene.removed), "a compaction lost rows of the runs"


def points(scene: Scene) -> list[tuple[int, str]]:
    """Before every step and after the last (after a step is before the next one, less a fsync);
    the long mode takes both sides of every step. For a change other than the import, CI takes
    the steps around the COMMIT, the first and last, and 6 drawn."""
    last = len(scene.steps) - 1
    chosen = set(range(len(scene.steps)))
    if scene.operation != "import" and not LONG:
        near = {0, last, scene.commit_step - 1, scene.commit_step, scene.commit_step + 1}
        others = sorted(chosen - near)
        chosen = (near & chosen) | set(
            random.Random(SEED + len(scene.steps)).sample(others, min(6, len(others)))
        )
    return [(i, w) for i in sorted(chosen) for w in ("before", "after") if LONG or w == "before" or i == last]


def run_change(scene: Scene, workspace: Workspace, crash_at: str = "") -> subprocess.Popen[str]:
    return run_driver(scene.args[0], str(workspace.root), *scene.args[1:], crash_at=crash_at)


def test_kill_at_every_step_of_the_transaction(scene: Scene, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for round_ in range(FACTOR):
        for index, when in points(scene):
            workspace = fresh(scene, tmp_path / "ws")
            process = run_change(scene, workspace, f"{index}:{when}")
            said = wait_for(process, "stopped at")
            assert said == f"stopped at {scene.steps[index]}", (said, index)
            if round_:  # later rounds: the kill lands a little after the step, as a real one would
                time.sleep(rng.uniform(0, 0.01))
            kill(process)
            committed = index > scene.commit_step or (index == scene.commit_step and when == "after")
            expect(opened(workspace, scene), scene, "after" if committed else "before", workspace)


def test_kill_during_recovery(scene: Scene, tmp_path: Path) -> None:
    """Committed but not yet moved into place; the process finishing it is killed too."""
    rng = random.Random(SEED + 1)
    committed = [(i, w) for i in range(scene.commit_step + 1, len(scene.steps)) for w in ("before", "after")]
    for _ in range(scaled(3)):
        index, when = rng.choice(committed)
        workspace = fresh(scene, tmp_path / "ws")
        process = run_change(scene, workspace, f"{index}:{when}")
        wait_for(process, "stopped at")
        kill(process)
        if not (workspace.data_dir / JOURNAL / "COMMIT").exists():
            expect(opened(workspace, scene), scene, "after", workspace)
            continue  # killed after the journal was finished: nothing left to recover
        # the opener's steps: the renames of what is left, then removing the journal
        pending = json.loads((workspace.data_dir / JOURNAL / "COMMIT").read_text())
        moves = sum((workspace.data_dir / JOURNAL / name).exists() for name, _ in pending["moves"])
        stop = rng.randrange(moves + 1)
        opener = run_driver("open", str(workspace.root), crash_at=f"{stop}:{rng.choice(['before', 'after'])}")
        wait_for(opener, "stopped at")
        kill(opener)
        expect(opened(workspace, scene), scene, "after", workspace)


def test_kill_at_random_moments(scene: Scene, tmp_path: Path) -> None:
    rng = random.Random(SEED + 2 + (os.getpid() if FACTOR > 1 else 0))
    outcomes = {"before": 0, "after": 0}
    for _ in range(scaled(12 if scene.operation == "import" else 4)):
        workspace = fresh(scene, tmp_path / "ws")
        process = run_change(scene, workspace)
        wait_for(process, "ready")
        time.sleep(rng.uniform(0, scene.duration * 1.1))
        kill(process)
        now = opened(workspace, scene)
        expect(now, scene, "either", workspace)
        outcomes["after" if same(now, scene.after) else "before"] += 1
    print(f"random kills: {outcomes}, the {scene.operation} takes {scene.duration:.2f} s")


def test_the_workspace_works_after_a_crash(scene: Scene, tmp_path: Path) -> None:
    """After a kill and a recovery, the same change runs again to the same end state."""
    workspace = fresh(scene, tmp_path / "ws")
    process = run_change(scene, workspace, f"{scene.commit_step}:before")
    wait_for(process, "stopped at")
    kill(process)
    if scene.args[0] == "cli":
        assert main(["--workspace", str(workspace.root), *scene.args[1:]]) == 0
    else:
        assert workspace.compact(force=True)
    expect(opened(workspace, scene), scene, "after", workspace)
    assert main(["--workspace", str(workspace.root), "report", "--format", "json"]) == 0
