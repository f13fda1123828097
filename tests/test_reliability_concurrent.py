"""Two imports into one workspace at the same moment, and readers while they run.

Two child processes (`kpitui import` through `kpitui.cli.main`) import
different files into a workspace that already holds data; both are started,
loaded, then released at the same instant. Both must exit 0 and the
workspace must hold the rows of both and both import-log entries: exactly
the state of the two imports run one after the other, in one order or the
other. Parquet files must read back.

Meanwhile a third process reads the workspace in a loop, as the app and
`kpitui report` do: each snapshot of the tables (and of the tables with the
import log, read together) must be one of the states the imports can leave:
before both, after either, after both. It also runs `kpitui report --format
json` in the same loop: it must always succeed.

CI runs 4 rounds; KPITUI_LONG=1 runs 40.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core import objectives as objs
from kpitui.core.errors import ObjectivesError
from kpitui.core.workspace import Workspace
from reliability import ROOT, cli_env, scaled

READER = r"""
import contextlib, hashlib, io, json, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from reliability import digest
from kpitui.cli import main
from kpitui.core import objectives as objs
from kpitui.core.errors import ObjectivesError
from kpitui.core.workspace import Workspace

workspace = Workspace(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
stop = Path(sys.argv[1]).parent / "stop"
while True:
    last = stop.exists()
    dataset, log = workspace.snapshot()
    tables = digest(dataset, None)
    print("tables", tables, digest(dataset, log), flush=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--workspace", sys.argv[1], "report", "--format", "json", "--period", "2026"])
    json.loads(out.getvalue())
    print("report", code, flush=True)
    if last:
        break
"""

CLI = r"""
import sys
from kpitui.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(["--workspace", *sys.argv[1:]]))
"""
"""`kpitui --workspace ARGS…`, started, then run when told (a line on stdin)."""


@dataclass
class Scene:
    base: Path
    a: list[Path]
    b: list[Path]
    tables: set[str]
    """Digests of the tables in every state the two imports can leave (see `digest`)."""
    full: set[str]
    """The same with the import log."""
    final: set[str]
    """The states after both imports (one order or the other), with the log."""


def _files(folder: Path, account: str, rows: int, traffic: bool) -> list[Path]:
    folder.mkdir(parents=True)
    posts = folder / f"{account}-posts.csv"
    pl.DataFrame(
        {
            "network": ["instagram", "x"] * (rows // 2),
            "account": [account] * rows,
            "post_id": [f"{account}{i}" for i in range(rows)],
            "published_at": [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00Z" for i in range(rows)],
            "text": [f"{account} post {i}" for i in range(rows)],
            "impressions": [100 + i for i in range(rows)],
            "likes": [i % 50 for i in range(rows)],
        }
    ).write_csv(posts)
    paths = [posts]
    if traffic:
        daily = folder / f"{account}-daily.csv"
        pl.DataFrame(
            {
                "network": ["x"] * 60,
                "account": [account] * 60,
                "date": [f"2026-{1 + d // 28:02d}-{1 + d % 28:02d}" for d in range(60)],
                "followers": [1000 + d for d in range(60)],
            }
        ).write_csv(daily)
        paths.append(daily)
    return paths


def _imported(base: Path, folder: Path, *batches: list[Path]) -> Workspace:
    shutil.copytree(base, folder)
    for files in batches:
        assert main(["--workspace", str(folder), "import", *map(str, files)]) == 0
    return Workspace(folder)


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    from reliability import digest

    tmp = tmp_path_factory.mktemp("concurrent")
    base = tmp / "base"
    demo = ROOT / "sample_data" / "demo"
    assert main(["--workspace", str(base), "import", str(demo / "posts.csv"), str(demo / "daily.csv")]) == 0
    a = _files(tmp / "a", "alpha", 30_000, traffic=False)
    b = _files(tmp / "b", "beta", 20_000, traffic=True)
    states = [
        Workspace(base),
        _imported(base, tmp / "s-a", a),
        _imported(base, tmp / "s-b", b),
        _imported(base, tmp / "s-ab", a, b),
        _imported(base, tmp / "s-ba", b, a),
    ]
    snapshots = [w.snapshot() for w in states]
    return Scene(
        base,
        a,
        b,
        {digest(d, None) for d, _ in snapshots},
        {digest(d, log) for d, log in snapshots},
        {digest(d, log) for d, log in snapshots[3:]},
    )


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
        cwd=ROOT,
    )


def _ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        _, err = process.communicate(timeout=30)
        raise AssertionError(f"the child did not start: {line!r} {err[-2000:]}")


def _release(*processes: subprocess.Popen[str]) -> None:
    """Wait until every child is ready, then let them all go at the same instant."""
    for process in processes:
        _ready(process)
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()


def test_two_imports_at_once_both_land(scene: Scene, tmp_path: Path) -> None:
    from reliability import digest

    tests = str(Path(__file__).parent)
    for round_ in range(scaled(4)):
        folder = tmp_path / f"round{round_}"
        root = folder / "ws"
        shutil.copytree(scene.base, root)
        reader = _start(READER, str(root), tests)
        first = _start(CLI, str(root), "import", *map(str, scene.a))
        second = _start(CLI, str(root), "import", *map(str, scene.b))
        _release(reader, first, second)
        results = [p.communicate(timeout=120) for p in (first, second)]
        for process, (out, err) in zip((first, second), results, strict=True):
            assert process.returncode == 0, err
            assert "added" in out
        (folder / "stop").touch()
        seen, _ = reader.communicate(timeout=120)
        assert reader.returncode == 0, reader.stderr
        snapshots = [line.split() for line in seen.splitlines() if line.startswith("tables ")]
        reports = [line for line in seen.splitlines() if line.startswith("report ")]
        assert snapshots and reports and all(r == "report 0" for r in reports)
        for _, tables, full in snapshots:
            assert tables in scene.tables, "a reader saw tables no import sequence leaves"
            assert full in scene.full, "a reader saw tables and a log of different moments"
        workspace = Workspace(root)
        dataset, log = workspace.snapshot()
        assert digest(dataset, log) in scene.final
        names = sorted(Path(r.file).name for r in log[-3:])
        assert names == sorted(p.name for p in [*scene.a, *scene.b])
        assert len({r.id for r in log}) == len(log)
        accounts = set(dataset.posts.get_column("account").unique().to_list())
        assert {"alpha", "beta"} <= accounts
        for path in (workspace.data_dir / "tables").rglob("*.parquet"):
            pl.read_parquet(path)  # readable by anyone, not only kpitui
        lines = (workspace.data_dir / "log" / "events.jsonl").read_text().splitlines()
        assert [json.loads(line)["seq"] for line in lines] == list(range(1, len(lines) + 1))


def test_a_second_import_waits_for_the_lock(scene: Scene, tmp_path: Path) -> None:
    """While one process holds the workspace, another import waits, says so on stderr (once,
    after a second), then lands."""
    root = tmp_path / "ws"
    shutil.copytree(scene.base, root)
    workspace = Workspace(root)
    with workspace._lock(exclusive=True):  # as a long import would
        importer = _start(CLI, str(root), "import", *map(str, scene.a))
        _release(importer)
        assert importer.stderr is not None
        said = importer.stderr.readline()  # it comes while this process holds the lock
    out, err = importer.communicate(timeout=120)
    assert said == (
        f"kpitui: {root}: another kpitui is using the workspace; waiting for it to finish (up to 60 s)…\n"
    )
    assert importer.returncode == 0 and err == "" and "added" in out
    assert workspace.imports()[-1].name == scene.a[0].name


HAND_WRITTEN = """schema_version = 1

# written by hand
[[objective]]
id = "by-hand"
network = "instagram"
kpi = "reach"
comparison = ">="
target = 5000
period = "2026-Q1"
"""


APP_OBJECTIVE = objs.Objective("app-1", "", "x", "reach", ">=", 1.0, "2026-Q2")


def test_twelve_objectives_added_at_once_all_land(tmp_path: Path) -> None:
    """Twelve `kpitui objectives add` at the same instant (the same KPI and period, so the same
    id to start from), and meanwhile a save from objectives read before them (as the app holds
    them): every add lands with an id of its own, the hand-written objective stays, and the stale
    save is refused rather than written over them, or lands before them."""
    for round_ in range(scaled(2)):
        root = tmp_path / f"ws{round_}"
        root.mkdir()
        (root / "objectives.toml").write_text(HAND_WRITTEN)
        workspace = Workspace(root)
        stale = objs.load(workspace.objectives_path)
        add = ["objectives", "add", "--network", "x", "--kpi", "posts", "--period", "2026-Q1", "--target"]
        children = [_start(CLI, str(root), *add, str(10 + i)) for i in range(12)]
        _release(*children)
        try:
            workspace.change_objectives(lambda current: [*current.objectives, APP_OBJECTIVE], read=stale)
            app_saved = True
        except ObjectivesError as exc:
            assert "changed on disk since it was read" in str(exc)
            app_saved = False
        said = []
        for child in children:
            out, err = child.communicate(timeout=120)
            waited = "another kpitui is using the workspace; waiting for it to finish (up to 60 s)…"
            assert child.returncode == 0 and all(waited in line for line in err.splitlines()), err
            said.append(out.split()[1].rstrip(":"))
        saved = objs.load(workspace.objectives_path).objectives
        ids = [o.id for o in saved]
        assert len(set(said)) == 12 and set(said) <= set(ids), (said, ids)
        assert sorted(o.target for o in saved if o.kpi == "posts") == [float(10 + i) for i in range(12)]
        assert "by-hand" in ids and ("app-1" in ids) == app_saved and len(ids) == 13 + app_saved
