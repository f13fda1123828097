"""The headless command line: import, report, check, objectives; exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kpitui.cli import main
from reliability import ADD_OBJECTIVE

POSTS = (
    "network,account,post_id,published_at,impressions,likes,comments,link_clicks\n"
    "instagram,acme,1,2026-01-10T10:00:00Z,1000,40,5,\n"
    "instagram,acme,2,2026-02-10T10:00:00Z,2000,50,5,\n"
    "x,acme,3,2026-03-01T10:00:00Z,4000,30,10,80\n"
    "x,acme,4,2025-12-01T10:00:00Z,1000,5,5,10\n"
)
DAILY = "date,network,account,followers\n2025-12-31,instagram,acme,1000\n2026-03-31,instagram,acme,1300\n"
TRAFFIC = (
    "date,source,medium,sessions,conversions\n"
    "2026-01-05,t.co,referral,100,4\n"
    "2026-01-05,google,organic,300,3\n"
)

OBJECTIVES = """schema_version = 1

[[objective]]
id = "ig-er-q1"
title = "Instagram ER"
network = "instagram"
kpi = "engagement_rate"
comparison = ">="
target = 0.03
period = "2026-Q1"

[[objective]]
id = "x-clicks-q1"
title = "X link clicks"
network = "x"
kpi = "link_clicks"
comparison = ">="
target = 500
period = "2026-Q1"

[[objective]]
id = "posts-q2"
title = "Posts in Q2"
network = "all"
kpi = "posts"
comparison = ">="
target = 10
period = "2026-Q2"
"""


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return imported(tmp_path, capsys)


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace in `tmp_path` with POSTS, DAILY and TRAFFIC imported by the command line."""
    for name, text in (("posts.csv", POSTS), ("daily.csv", DAILY), ("traffic.csv", TRAFFIC)):
        (tmp_path / name).write_text(text)
    root = tmp_path / "ws"
    files = [str(tmp_path / n) for n in ("posts.csv", "daily.csv", "traffic.csv")]
    assert main(["--workspace", str(root), "import", *files]) == 0
    out = capsys.readouterr().out
    assert "4 added" in out and "2 added" in out
    return root


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_report_json_shape(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "objectives.toml").write_text(OBJECTIVES)
    data = run_json(capsys, "--workspace", str(ws), "report", "--period", "2026-Q1", "--format", "json")
    assert list(data) == ["as_of", "period", "comparison", "kpis", "objectives"]
    assert data["as_of"] == "2026-03-31"
    assert data["period"] == {"label": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"}
    assert data["comparison"] == {"start": "2025-10-01", "end": "2025-12-31"}
    assert list(data["kpis"]) == ["instagram", "x", "all"]
    er = data["kpis"]["instagram"]["engagement_rate"]
    assert er == {"value": pytest.approx(100 / 3000), "previous": None, "change": None}
    x_posts = data["kpis"]["x"]["posts"]
    assert x_posts == {"value": 1, "previous": 1, "change": 0.0}
    assert "dislikes" not in data["kpis"]["x"] and "hashtag_clicks" in data["kpis"]["x"]
    assert data["kpis"]["all"]["social_traffic_share"]["value"] == pytest.approx(0.25)
    assert data["kpis"]["instagram"]["link_clicks"]["value"] is None  # not reported: null, not 0
    first = data["objectives"][0]
    assert list(first) == [
        "id",
        "title",
        "network",
        "kpi",
        "comparison",
        "target",
        "period",
        "value",
        "projected",
        "progress",
        "status",
        "needed_per_day",
    ]
    assert first["status"] == "achieved"
    assert first["progress"] == pytest.approx((100 / 3000) / 0.03)
    assert [o["status"] for o in data["objectives"]] == ["achieved", "missed", "not_started"]


def test_report_compare_year_and_none(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(
        capsys,
        "--workspace",
        str(ws),
        "report",
        "--period",
        "2026-Q1",
        "--compare",
        "year",
        "--format",
        "json",
    )
    assert data["comparison"] == {"start": "2025-01-01", "end": "2025-03-31"}
    data = run_json(
        capsys,
        "--workspace",
        str(ws),
        "report",
        "--period",
        "2026-Q1",
        "--compare",
        "none",
        "--format",
        "json",
        "--network",
        "x",
    )
    assert data["comparison"] is None
    assert list(data["kpis"]) == ["x"]
    assert data["kpis"]["x"]["posts"] == {"value": 1, "previous": None, "change": None}


def test_report_of_one_network_lists_its_objectives(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--network x` is X's report: X's objective, not Instagram's nor those of all networks."""
    (ws / "objectives.toml").write_text(OBJECTIVES)
    base = ["--workspace", str(ws), "report", "--period", "2026-Q1", "--network"]
    data = run_json(capsys, *base, "x", "--format", "json")
    assert [o["id"] for o in data["objectives"]] == ["x-clicks-q1"]
    data = run_json(capsys, *base, "Instagram", "--format", "json")
    assert [o["id"] for o in data["objectives"]] == ["ig-er-q1"]
    data = run_json(capsys, *base, "all", "--format", "json")
    assert [o["id"] for o in data["objectives"]] == ["posts-q2"]
    assert main([*base, "x"]) == 0
    table = capsys.readouterr().out
    assert "X link clicks" in table
    assert "Instagram ER" not in table and "Posts in Q2" not in table
    assert main([*base, "instagram", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "Instagram ER" in md and "X link clicks" not in md


def test_report_relative_period_ends_at_as_of(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "--workspace", str(ws), "report", "--period", "last-28d", "--format", "json")
    assert data["period"] == {"label": "last-28d", "start": "2026-03-04", "end": "2026-03-31"}
    data = run_json(
        capsys,
        "--workspace",
        str(ws),
        "report",
        "--period",
        "mtd",
        "--as-of",
        "2026-02-15",
        "--format",
        "json",
    )
    assert data["period"]["start"] == "2026-02-01" and data["as_of"] == "2026-02-15"


def test_report_table_and_markdown_are_for_people(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(ws), "report", "--period", "2026-Q1"]) == 0
    table = capsys.readouterr().out
    assert "Engagement rate" in table and "3.33%" in table
    assert "7,000" in table  # impressions of all networks, with a thousands separator
    assert "—" in table
    assert main(["--workspace", str(ws), "report", "--period", "2026-Q1", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# ") and "| KPI | Value | Previous | Change |" in md
    assert main(["--workspace", str(ws), "report", "--period", "2026-Q1", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "network,kpi,label,unit,period_start,period_end,value,previous,change"
    assert any(line.startswith("instagram,engagement_rate,") for line in lines)


@pytest.mark.parametrize("width", [80, 200])
def test_the_text_report_fits_the_terminal(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """At 80 columns the objectives keep status, objective, value and target and no line is
    longer; at 200 every column shows (COLUMNS is the width when set, as for any program)."""
    long = OBJECTIVES.replace('"Instagram ER"', '"Instagram engagement rate above three percent all quarter"')
    (ws / "objectives.toml").write_text(long)
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["--workspace", str(ws), "report", "--period", "2026-Q1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.split()[:2] == ["Status", "Objective"]).split()
    every = [
        "Status",
        "Objective",
        "Network",
        "KPI",
        "Period",
        "Value",
        "Target",
        "Progress",
        "Projected",
        "Needed/day",
    ]
    if width == 80:
        assert max(len(line) for line in lines) <= 80
        assert {"Status", "Objective", "Value", "Target"} <= set(header) and header != every
        assert any("Instagram engagement rate" in line and "…" in line for line in lines)
    else:
        assert header == every
        assert any("Instagram engagement rate above three percent all quarter" in line for line in lines)


def test_check_exit_codes(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "objectives.toml").write_text(OBJECTIVES)
    # at 2026-03-31 the Q1 objectives are running (their last day): one is missed
    assert main(["--workspace", str(ws), "check"]) == 1
    out = capsys.readouterr().out
    assert "missed" in out and "achieved" in out and "Posts in Q2" not in out
    # evaluated mid-February: no X post yet, so no link clicks to judge (no data is not a failure)
    assert main(["--workspace", str(ws), "check", "--as-of", "2026-02-15", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert {o["id"]: o["status"] for o in data["objectives"]} == {
        "ig-er-q1": "on_track",
        "x-clicks-q1": "no_data",
    }
    # only the achieved one, or nothing running: exit 0
    (ws / "objectives.toml").write_text(
        OBJECTIVES.split("[[objective]]")[0] + "[[objective]]" + OBJECTIVES.split("[[objective]]")[1]
    )
    assert main(["--workspace", str(ws), "check"]) == 0
    assert main(["--workspace", str(ws), "check", "--period", "2026-Q2"]) == 0
    assert "no objectives to check" in capsys.readouterr().out


def test_check_all_includes_not_started(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ws / "objectives.toml").write_text(OBJECTIVES)
    data = run_json_code(capsys, 1, "--workspace", str(ws), "check", "--all", "--format", "json")
    assert [o["status"] for o in data["objectives"]] == ["achieved", "missed", "not_started"]


@pytest.mark.parametrize("as_of", [None, "2026-03-31", "2026-08-15", "2027-01-10"])
def test_check_gives_what_a_report_gives_without_a_full_load(
    as_of: str | None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On the demo's ten objectives (every status, seven KPIs), `check --all` gives each
    objective the value, projection, progress and status `report` gives, at any as-of
    date, reading only its KPIs' columns: never a full load of the posts."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    from kpitui.core.demo import demo_workspace
    from kpitui.core.workspace import Workspace

    root = str(demo_workspace().root)
    dates = ["--as-of", as_of] if as_of else []
    report = run_json(capsys, "--workspace", root, "report", *dates, "--format", "json")

    def full_load(*_: object, **__: object) -> None:
        raise AssertionError("check made a full load")

    monkeypatch.setattr(Workspace, "load", full_load)
    code = main(["--workspace", root, "check", "--all", *dates, "--format", "json"])
    check = json.loads(capsys.readouterr().out)
    assert len(check["objectives"]) == 10
    assert check["objectives"] == report["objectives"]
    assert code == int(any(o["status"] in ("at_risk", "missed") for o in report["objectives"]))
    if as_of is None:
        assert {o["status"] for o in check["objectives"]} >= {"achieved", "missed", "at_risk", "on_track"}


def run_json_code(capsys: pytest.CaptureFixture[str], code: int, *args: str) -> dict:
    assert main(list(args)) == code
    return json.loads(capsys.readouterr().out)


def test_objectives_add_list_remove(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--workspace",
                str(ws),
                "objectives",
                "add",
                "--network",
                "instagram",
                "--kpi",
                "engagement_rate",
                "--target",
                "4.5%",
                "--period",
                "2026-Q1",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "--workspace",
                str(ws),
                "objectives",
                "add",
                "--network",
                "all",
                "--kpi",
                "sessions",
                "--target",
                "12k",
                "--period",
                "2026-Q2",
                "--comparison",
                "<=",
                "--id",
                "s",
            ]
        )
        == 0
    )
    capsys.readouterr()
    listed = run_json(capsys, "--workspace", str(ws), "objectives", "list", "--format", "json")
    assert [(o["id"], o["target"], o["comparison"]) for o in listed] == [
        ("instagram-engagement_rate-2026-q1", 0.045, ">="),
        ("s", 12000.0, "<="),
    ]
    assert main(["--workspace", str(ws), "objectives", "remove", "s"]) == 0
    assert "[[objective]]" in (ws / "objectives.toml").read_text()
    capsys.readouterr()
    assert len(run_json(capsys, "--workspace", str(ws), "objectives", "list", "--format", "json")) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "objectives",
                "add",
                "--network",
                "instagram",
                "--kpi",
                "engagement_rate",
                "--target",
                "lots",
                "--period",
                "2026-Q1",
            ],
            "is not a number",
        ),
        (
            [
                "objectives",
                "add",
                "--network",
                "instagram",
                "--kpi",
                "dislikes",
                "--target",
                "5",
                "--period",
                "2026-Q1",
            ],
            "does not apply",
        ),
        (
            [
                "objectives",
                "add",
                "--network",
                "instagram",
                "--kpi",
                "engagement",
                "--target",
                "5",
                "--period",
                "2026-Q1",
            ],
            "Unknown KPI",
        ),
        (
            [
                "objectives",
                "add",
                "--network",
                "instagram",
                "--kpi",
                "posts",
                "--target",
                "5",
                "--period",
                "Q1",
            ],
            "not a period",
        ),
        (["objectives", "remove", "nope"], "No objective with id 'nope'"),
        (["report", "--period", "spring"], "not a period"),
        (["report", "--period", "0001-01-01..0001-12-31"], "from 1970-01-01 to 2100-12-31"),
        (["report", "--period", "9999-12-01..9999-12-31"], "from 1970-01-01 to 2100-12-31"),
        (["report", "--period", "0001", "--compare", "year"], "'0001': kpitui knows the days"),
        (["check", "--period", "0001-01-01..0001-12-31"], "from 1970-01-01 to 2100-12-31"),
        (["check", "--period", "9999-12-01..9999-12-31"], "from 1970-01-01 to 2100-12-31"),
        (["report", "--network", "myspace"], "Unknown network"),
    ],
)
def test_usage_errors_exit_2_with_a_reason(
    ws: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["--workspace", str(ws), *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("command", ["report", "check"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1969-12-31", "2101-01-01"])
def test_an_as_of_date_outside_1970_2100_is_a_usage_error(
    ws: Path, capsys: pytest.CaptureFixture[str], command: str, day: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--workspace", str(ws), command, "--as-of", day])
    assert exit_.value.code == 2
    assert f"'{day}' is outside the days kpitui knows (1970-01-01 to 2100-12-31)" in capsys.readouterr().err


def test_broken_objectives_file_is_reported_and_kept(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ws / "objectives.toml"
    path.write_text('schema_version = 1\n[[objective]]\nid = "a"\nkpi = \n')
    before = path.read_bytes()
    assert main(["--workspace", str(ws), *ADD_OBJECTIVE]) == 2
    err = capsys.readouterr().err
    assert "line 4" in err and "will not overwrite" in err
    assert main(["--workspace", str(ws), "report"]) == 2
    assert path.read_bytes() == before


def test_failed_import_writes_nothing(ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    good = tmp_path / "good.csv"
    good.write_text("date,network,account,followers\n2026-04-01,instagram,acme,1400\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("date,network,account,followers\n2026-04-01,x,acme,many\n")
    assert main(["--workspace", str(ws), "import", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, row 2, column 'followers'" in err and "nothing was imported" in err
    after = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    assert after == before


def test_import_dry_run_history_and_folder(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "more.csv").write_text("date,network,account,followers\n2026-04-01,instagram,acme,1400\n")
    (folder / "notes.md").write_text("not an export")
    assert main(["--workspace", str(ws), "import", "--dry-run", str(folder)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["--workspace", str(ws), "import", str(folder)]) == 0
    assert main(["--workspace", str(ws), "import", str(folder)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["--workspace", str(ws), "import", "--history"]) == 0
    history = capsys.readouterr().out
    assert "more.csv" in history and "posts.csv" in history


def test_workspace_from_environment(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPITUI_WORKSPACE", str(ws))
    data = run_json(capsys, "report", "--period", "2026-Q1", "--format", "json")
    assert data["kpis"]["x"]["link_clicks"]["value"] == 80


def test_empty_workspace_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path / "none"), "report"]) == 0
    assert "holds no data yet" in capsys.readouterr().out
    data = run_json(capsys, "--workspace", str(tmp_path / "none"), "report", "--format", "json")
    assert data["as_of"] is None and list(data["kpis"]) == ["all"]


def test_console_script_runs_as_a_module(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kpitui", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("kpitui ")


def test_demo_shows_the_bundled_brand_and_every_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["demo", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("DEMO:")
    assert "Bramble & Bean" in out and "data as of 2026-11-15" in out
    for status in ("achieved", "missed", "on track", "at risk", "not started", "no data"):
        assert status in out
    # the second start reuses the demo workspace built by the first
    assert len(list((tmp_path / "cache" / "kpitui").glob("demo-*"))) == 1
    assert main(["demo", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-11-15"


def test_a_running_period_is_compared_with_as_many_days(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # as of 2026-02-15 the first quarter has 46 days of data: 2025-Q4 is cut to its first 46 days
    data = run_json(
        capsys,
        "--workspace",
        str(ws),
        "report",
        "--period",
        "2026-Q1",
        "--as-of",
        "2026-02-15",
        "--format",
        "json",
    )
    assert data["comparison"] == {"start": "2025-10-01", "end": "2025-11-15"}
    assert data["kpis"]["x"]["posts"]["previous"] == 0  # the X post of 1 December is not in those days


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_an_import_shows_its_progress_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import pty

    folder = tmp_path / "exports"
    folder.mkdir()
    for i in range(3):
        (folder / f"posts{i}.csv").write_text(POSTS.replace("acme,", f"acme{i},"))
    command = [sys.executable, "-m", "kpitui", "--workspace", str(tmp_path / "ws"), "import", str(folder)]
    quiet = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == ""  # a script's stderr stays quiet
    master, slave = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    out, _ = process.communicate(timeout=120)
    os.close(master)
    assert process.returncode == 0 and out.count("4 added") == 3
    assert b"\rreading 1 of 3: posts0.csv" in shown
    assert b"merging 3 file(s) into the workspace" in shown and shown.endswith(b"\r")


def test_a_demo_cached_by_another_store_layout_is_not_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts (or releases) with different store layouts shared one cached demo: the one
    that did not write it opened an empty demo ("as of —")."""
    from kpitui.core import store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["demo", "--format", "json"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(store, "STORE_FORMAT", store.STORE_FORMAT + 1)
    assert main(["demo", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-11-15"  # built again, not empty
    assert len(list((tmp_path / "cache" / "kpitui").glob("demo-*"))) == 2


def test_the_command_imports_with_the_collector_paused_then_leaves_it_running(ws: Path) -> None:
    """`kpitui` (kpitui.entry) imports the command line with the cyclic collector paused and
    what it imported frozen out of later collections; the command then runs with it on."""
    probe = (
        "import gc, json, sys\n"
        "from kpitui import entry\n"
        "code = entry.main(['--workspace', sys.argv[1], 'report', '--format', 'json'])\n"
        "print(json.dumps([code, gc.isenabled(), gc.get_freeze_count()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(ws)], capture_output=True, text=True, check=True)
    code, enabled, frozen = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and enabled and frozen > 10_000  # kpitui's and polars' objects
    assert '"kpis"' in done.stdout


def test_the_app_starts_reading_the_workspace_before_it_imports_textual(ws: Path) -> None:
    """`kpitui` on a terminal starts the workspace's first read (tui/first.py) before importing
    Textual, so that the two overlap: a shorter start (benchmarks/README.md)."""
    probe = (
        "import json, sys\n"
        "from kpitui import cli\n"
        "from pathlib import Path\n"
        "from kpitui.core.workspace import Workspace\n"
        "from kpitui.tui import first\n"
        "class Stop(Exception):\n"
        "    pass\n"
        "def started(workspace, *, demo, period):\n"
        "    print(json.dumps([str(workspace.root), demo, period, 'textual' in sys.modules]))\n"
        "    raise Stop\n"
        "first.Preload = started\n"
        "sys.stdout.isatty = lambda: True\n"
        "try:\n"
        "    cli.run_app(Workspace(Path(sys.argv[1])), demo=False, period='2026-Q1')\n"
        "except Stop:\n"
        "    pass\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(ws)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip()) == [str(ws), False, "2026-Q1", False]


@pytest.mark.parametrize("command", ["demo", "present"])
def test_the_app_refuses_a_period_that_is_no_period_before_it_opens(
    command: str, ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kpitui demo --period 2026-Q9` says what `report` says of it and opens nothing: not an
    app showing a workspace that "cannot be opened" and asking to fix a file."""
    code = main(["--workspace", str(ws), command, "--period", "2026-Q9"])
    err = capsys.readouterr().err
    assert code == 2
    assert "kpitui: '2026-Q9' is not a period: expected one of 2026-03, 2026-Q1" in err
    assert "terminal" not in err


def test_quitting_during_the_first_read_lets_it_finish(tmp_path: Path) -> None:
    """A person who quits the app at once must not cut short what the first read writes (a
    workspace of an earlier release converted, a journal recovered): the process waits for it."""
    done = tmp_path / "done"
    probe = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from kpitui.tui import first\n"
        "def slow(workspace, *, demo, period):\n"
        "    time.sleep(0.5)\n"
        "    Path(sys.argv[1]).write_text('read')\n"
        "    raise SystemExit\n"
        "first.read_workspace = slow\n"
        "first.Preload(None, demo=True, period=None)\n"
        "sys.exit(0)  # the app quit at once\n"
    )
    subprocess.run([sys.executable, "-c", probe, str(done)], check=True, timeout=60)
    assert done.read_text() == "read"


def _modules_after(root: Path, *args: str) -> tuple[list[str], str]:
    """The Babel modules loaded by the `kpitui` command run in a process of its own, and its output."""
    code = (
        "import io, contextlib, sys\n"
        "from kpitui.entry import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    code = main(sys.argv[1:])\n"
        "print('|'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'babel')))\n"
        "print(code, out.getvalue())\n"
    )
    argv = [sys.executable, "-c", code, "--workspace", str(root), *args]
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    babel, rest = result.stdout.split("\n", 1)
    return [m for m in babel.split("|") if m], rest


def test_a_json_report_lays_nothing_out_and_never_imports_babel(ws: Path) -> None:
    """Babel is imported where a number or a date is laid out for a person (i18n._locale):
    `kpitui report --format json` writes machine numbers and skips its import, 10 ms of the
    ~300 ms of a report at 1M posts; the French text report lays them out with it."""
    babel, out = _modules_after(ws, "report", "--period", "2026-Q2", "--format", "json")
    assert babel == [] and out.startswith("0 {")
    babel, out = _modules_after(ws, "--lang", "fr", "report", "--period", "2026-Q2")
    assert "babel.numbers" in babel and out.startswith("0 ") and "Taux d'engagement" in out
