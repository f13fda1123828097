"""The benchmark's baselines (benchmarks/baselines.py) print exactly kpitui's report numbers.

The recompute benchmark times `kpitui report` against DuckDB and pandas
computing the same numbers from the same parquet files; this proves they
are the same numbers (every KPI of every network and "all", the previous
period, the change, every objective), on the demo brand, on a generated
brand with several accounts per network, and on random files full of
nulls, zeros, range rows and unmapped sources.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kpitui.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo"

_spec = importlib.util.spec_from_file_location("kpitui_baselines", ROOT / "benchmarks" / "baselines.py")
assert _spec and _spec.loader
baselines = importlib.util.module_from_spec(_spec)
sys.modules["kpitui_baselines"] = baselines
_spec.loader.exec_module(baselines)

ENGINES = ["duckdb", "pandas"]

OBJECTIVES = """schema_version = 1
[[objective]]
id = "a"
network = "all"
kpi = "engagement_rate"
comparison = ">="
target = 0.02
period = "2026-Q1"
[[objective]]
id = "b"
network = "x"
kpi = "link_clicks"
comparison = ">="
target = 100000
period = "2026-03"
[[objective]]
id = "c"
network = "all"
kpi = "followers"
comparison = ">="
target = 1000
period = "last-28d"
[[objective]]
id = "d"
network = "all"
kpi = "social_traffic_share"
comparison = "<="
target = 0.5
period = "qtd"
[[objective]]
id = "e"
network = "youtube"
kpi = "like_ratio"
comparison = ">="
target = 0.9
period = "2026-H1"
[[objective]]
id = "f"
network = "all"
kpi = "sessions"
comparison = ">="
target = 99
period = "2027"
[[objective]]
id = "g"
network = "tiktok"
kpi = "net_follower_change"
comparison = ">="
target = 10
period = "2026-W05"
"""


def _engine(name: str) -> None:
    pytest.importorskip(name)
    if name == "pandas":
        pytest.importorskip("pyarrow")


def _kpitui(workspace: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--workspace", str(workspace), "report", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _same(a: Any, b: Any, where: str) -> None:
    if a is None or b is None:
        assert a is None and b is None, where
    else:
        assert b == pytest.approx(a, rel=1e-9, abs=0), where


def assert_same_numbers(ours: dict[str, Any], theirs: dict[str, Any]) -> int:
    """Every number of kpitui's report equals the baseline's; returns how many were compared."""
    assert theirs["as_of"] == ours["as_of"]
    assert theirs["period"] == {k: ours["period"][k] for k in ("start", "end")}
    assert theirs["comparison"] == ours["comparison"]
    assert list(theirs["kpis"]) == list(ours["kpis"])
    compared = 0
    for network, kpis in ours["kpis"].items():
        assert set(theirs["kpis"][network]) == set(kpis), network
        for kpi, numbers in kpis.items():
            for field in ("value", "previous", "change"):
                _same(numbers[field], theirs["kpis"][network][kpi][field], f"{network} {kpi} {field}")
                compared += numbers[field] is not None
    assert [o["id"] for o in theirs["objectives"]] == [o["id"] for o in ours["objectives"]]
    for mine, other in zip(ours["objectives"], theirs["objectives"], strict=True):
        assert other["status"] == mine["status"], mine["id"]
        for field in ("value", "projected", "progress", "needed_per_day"):
            _same(mine[field], other[field], f"objective {mine['id']} {field}")
    return compared


def _check(engine: str, workspace: Path, capsys: pytest.CaptureFixture[str], *args: str) -> int:
    ours = _kpitui(workspace, capsys, *args)
    comparison = ours["comparison"]
    theirs = baselines.report(
        engine,
        workspace,
        f"{ours['period']['start']}..{ours['period']['end']}",
        f"{comparison['start']}..{comparison['end']}" if comparison else "none",
    )
    return assert_same_numbers(ours, theirs)


def _import(workspace: Path, files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(workspace), "import", *map(str, files)]) == 0
    capsys.readouterr()


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("demo") / "ws"
    ws.mkdir()
    for name in ("kpitui.toml", "objectives.toml"):
        shutil.copy(DEMO / name, ws / name)
    assert (
        main(
            [
                "--workspace",
                str(ws),
                "import",
                *(str(DEMO / f"{t}.csv") for t in ("posts", "daily", "traffic")),
            ]
        )
        == 0
    )
    return ws


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--period", "qtd"),
        ("--period", "2026-Q3", "--compare", "year"),
        ("--period", "2025", "--compare", "none"),
    ],
)
def test_demo(engine: str, args: tuple[str, ...], demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _engine(engine)
    assert _check(engine, demo_ws, capsys, *args) > 100


@pytest.fixture(scope="module")
def generated_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated brand with two accounts per network, and objectives of every kind of period."""
    base = tmp_path_factory.mktemp("generated")
    exports = base / "csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "sample_data" / "generate.py"),
            "--posts",
            "30000",
            "--out",
            str(exports),
        ],
        check=True,
        capture_output=True,
    )
    ws = base / "ws"
    ws.mkdir()
    shutil.copy(exports / "kpitui.toml", ws / "kpitui.toml")
    (ws / "objectives.toml").write_text(
        (exports / "objectives.toml").read_text() + OBJECTIVES.replace("schema_version = 1", ""),
        encoding="utf-8",
    )
    main(
        [
            "--workspace",
            str(ws),
            "import",
            *(str(exports / f"{t}.csv") for t in ("posts", "daily", "traffic")),
        ]
    )
    return ws


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("args", [(), ("--period", "2026-Q1"), ("--period", "ytd", "--compare", "year")])
def test_generated(
    engine: str, args: tuple[str, ...], generated_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _engine(engine)
    assert _check(engine, generated_ws, capsys, *args) > 100


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_files(engine: str, seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nulls, zeros, missing metrics, offsets, range rows, unmapped sources, a zone east of UTC."""
    _engine(engine)
    from test_oracle import make_files

    make_files(tmp_path, seed)
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "kpitui.toml").write_text(
        'timezone = "Asia/Kolkata"\nbrand_hashtags = ["acme"]\n[sources]\n"google / organic" = "youtube"\n',
        encoding="utf-8",
    )
    (ws / "objectives.toml").write_text(OBJECTIVES, encoding="utf-8")
    _import(ws, [tmp_path / f"{n}.csv" for n in ("posts", "daily", "traffic")], capsys)
    for args in ((), ("--period", "2026-Q1"), ("--period", "2026-02", "--compare", "year")):
        _check(engine, ws, capsys, *args)
