"""The store, as a person uses it: `kpitui imports` lists, removes and redoes imports, `kpitui
rebuild` reads every kept file again; each with hand-worked rows, checked on the tables and the
report."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.core.importers import canonical
from kpitui.core.workspace import Workspace
from kpitui.tui.first import Preload
from reliability import run as kpitui

HEADER = "network,account,post_id,published_at,impressions,likes,comments\n"
V1 = Path(__file__).parent / "fixtures" / "workspace-v1"


def exported(tmp_path: Path, name: str, text: str, made: float) -> Path:
    """An export file modified at `made` (what dates a canonical CSV: the newer wins)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (made, made))
    return path


def kpis(capsys: pytest.CaptureFixture[str], root: Path, period: str, network: str) -> dict[str, Any]:
    """The report's non-null values for one network and period."""
    code, out, _ = kpitui(capsys, root, "report", "--format", "json", "--period", period)
    assert code == 0
    return {k: v["value"] for k, v in json.loads(out)["kpis"][network].items() if v["value"] is not None}


def close(a: Any, b: Any) -> bool:
    """`a` and `b` equal, their floats within 1e-12 (a sum read in another order: 291.09 and
    291.09000000000003)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12)
    return bool(a == b)


def posts(root: Path) -> list[tuple[str, int | None, int | None, int | None, int]]:
    """(post_id, impressions, likes, comments, import_id) of every stored post."""
    frame = Workspace(root).tables()["posts"].sort("post_id")
    return frame.select("post_id", "impressions", "likes", "comments", "import_id").rows()


@pytest.fixture
def two_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Import 1 (older) brings posts 1 and 2; import 2 (newer) brings post 2 again and post 3.
    Post 2 is the newer's where it has a value (impressions, comments), the older's likes."""
    a = exported(
        tmp_path,
        "a.csv",
        HEADER + "x,acme,1,2026-01-01T10:00:00Z,100,5,1\nx,acme,2,2026-01-02T10:00:00Z,50,1,0\n",
        1e6,
    )
    b = exported(
        tmp_path,
        "b.csv",
        HEADER + "x,acme,2,2026-01-02T10:00:00Z,60,,3\nx,acme,3,2026-01-03T10:00:00Z,70,2,0\n",
        2e6,
    )
    root = tmp_path / "ws"
    assert kpitui(capsys, root, "import", str(a), str(b))[0] == 0
    assert posts(root) == [("1", 100, 5, 1, 1), ("2", 60, 1, 3, 2), ("3", 70, 2, 0, 2)]
    return root


def test_removing_the_newer_import_gives_back_the_older_values(
    two_imports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = kpitui(capsys, two_imports, "imports", "remove", "2")
    assert code == 0
    assert out.splitlines() == [
        "Removed import 2 (b.csv, Canonical CSV (kpitui)).",
        "  posts: 0 added, 1 removed, 1 updated",
    ]
    assert posts(two_imports) == [("1", 100, 5, 1, 1), ("2", 50, 1, 0, 1)]  # post 3 left with it
    assert kpis(capsys, two_imports, "2026-01", "x")["impressions"] == 150
    assert [r.id for r in Workspace(two_imports).imports()] == [1]


def test_removing_the_older_import_keeps_what_the_newer_brings(
    two_imports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = kpitui(capsys, two_imports, "imports", "remove", "1")
    assert code == 0 and out.splitlines()[-1] == "  posts: 0 added, 1 removed, 1 updated"
    # post 2 stays, brought by import 2, which never gave its likes
    assert posts(two_imports) == [("2", 60, None, 3, 2), ("3", 70, 2, 0, 2)]


def test_removing_both_empties_the_tables_and_an_unknown_id_changes_nothing(
    two_imports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = posts(two_imports)
    code, _, err = kpitui(capsys, two_imports, "imports", "remove", "2", "7")
    assert code == 2 and "No import 7" in err and "kpitui imports" in err
    assert posts(two_imports) == before
    assert kpitui(capsys, two_imports, "imports", "remove", "1", "2")[0] == 0
    assert posts(two_imports) == [] and Workspace(two_imports).imports() == []
    code, out, _ = kpitui(capsys, two_imports, "report", "--format", "json", "--period", "2026-01")
    assert code == 0 and "x" not in json.loads(out)["kpis"]


def test_the_list_and_its_json(
    two_imports: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # every column (the text fits the terminal's width)
    code, out, _ = kpitui(capsys, two_imports, "imports", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert [(r["id"], Path(r["file"]).name, r["format"], r["accounts"], r["rows"]) for r in listed] == [
        (1, "a.csv", "canonical", ["acme"], 2),
        (2, "b.csv", "canonical", ["acme"], 2),
    ]
    assert [(r["first_day"], r["last_day"], r["kept"]) for r in listed] == [
        ("2026-01-01", "2026-01-02", True),
        ("2026-01-02", "2026-01-03", True),
    ]
    assert listed[0]["options"] == {"format": None, "account": None, "network": None, "year": None}
    _, table, _ = kpitui(capsys, two_imports, "imports")
    header, _, first, second = table.splitlines()
    # the import history's one table (views.import_history), as the app's Import screen shows it
    assert header.split() == [
        "#",
        "Imported",
        "File",
        "Format",
        "Account",
        "Rows",
        "Added",
        "Updated",
        "Covers",
        "Kept",
    ]
    assert first.split()[:2] == ["1", listed[0]["imported_at"][:10]]
    assert "a.csv" in first and first.split()[-2:] == ["2026-01-01..2026-01-02", "yes"]
    assert "b.csv" in second and "2026-01-02..2026-01-03" in second
    assert kpitui(capsys, two_imports, "import", "--history")[1] == table  # the older spelling


# --- redo: a TikTok video list whose dates carry no year ------------------------------------

VIDEOS = (
    '"Video title","Video link","Post time","Video views"\n'
    '"Hi","https://www.tiktok.com/@kettle.corner/video/7567000000000000009","12 janvier","10"\n'
    '"Yo","https://www.tiktok.com/@kettle.corner/video/7567000000000000010","20 décembre","30"\n'
)


def test_a_tiktok_year_guessed_wrong_is_fixed_by_redo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Downloaded at the end of 2025 but copied on 1 February 2026: the year is taken from the
    file's date, so 12 January lands in 2026. The duplicate import changes nothing and says what
    does; the redo moves the post, keeps it one row, and the numbers follow."""
    made = datetime(2026, 2, 1, 12, tzinfo=UTC).timestamp()
    videos = exported(tmp_path, "videos.csv", VIDEOS, made)
    root = tmp_path / "ws"
    code, out, _ = kpitui(capsys, root, "import", str(videos))
    assert code == 0 and "read as 2025-12-20 to 2026-01-12" in out
    assert kpis(capsys, root, "2026-01", "tiktok") == {"posts": 1, "views": 10}
    assert kpis(capsys, root, "2025-01", "tiktok") == {"posts": 0}

    code, out, _ = kpitui(capsys, root, "import", "--year", "2025", str(videos))
    assert code == 0 and "nothing changes" in out and "kpitui imports redo 1 --year" in out

    code, out, _ = kpitui(capsys, root, "imports", "redo", "1", "--year", "2025")
    assert code == 0
    assert out.splitlines() == [
        "Import 1 (videos.csv) read again with --year 2025: "
        "TikTok Studio content (Content.csv or the video list, per video), 2 row(s).",
        "  covers 2025-01-12..2025-12-20 (was 2025-12-20..2026-01-12)",
        "  posts: 0 added, 0 removed, 1 updated",
    ]
    assert kpis(capsys, root, "2026-01", "tiktok") == {"posts": 0}
    assert kpis(capsys, root, "2025-01", "tiktok") == {"posts": 1, "views": 10}
    assert kpis(capsys, root, "2025-12", "tiktok") == {"posts": 1, "views": 30}
    stored = Workspace(root).tables()["posts"]
    assert stored.height == 2  # the post that moved a year is one row, not one in each
    assert sorted(stored["published_at"].dt.date().cast(pl.String).to_list()) == ["2025-01-12", "2025-12-20"]
    [record] = Workspace(root).imports()
    assert (record.year, record.first_day, record.last_day) == (2025, "2025-01-12", "2025-12-20")
    # the same redo again changes nothing and says so
    assert kpitui(capsys, root, "imports", "redo", "1", "--year", "2025")[1].splitlines()[-1] == (
        "  nothing changed in the tables"
    )


def test_a_post_in_two_imports_that_disagree_on_its_month_is_one_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same video in a file read as 2026 and another read as 2025: one row, the newer
    export's day; removing the newer gives the older's day back."""
    root = tmp_path / "ws"
    wrong = exported(tmp_path, "a.csv", VIDEOS, datetime(2026, 2, 1, tzinfo=UTC).timestamp())
    right = exported(
        tmp_path, "b.csv", VIDEOS.replace('"10"', '"11"'), datetime(2026, 2, 2, tzinfo=UTC).timestamp()
    )
    assert kpitui(capsys, root, "import", str(wrong))[0] == 0
    assert kpitui(capsys, root, "import", "--year", "2025", str(right))[0] == 0
    stored = Workspace(root).tables()["posts"].sort("post_id")
    assert stored["published_at"].dt.date().cast(pl.String).to_list() == ["2025-01-12", "2025-12-20"]
    assert stored["views"].to_list() == [11, 30]
    assert kpitui(capsys, root, "imports", "remove", "2")[0] == 0
    stored = Workspace(root).tables()["posts"].sort("post_id")
    assert stored["published_at"].dt.date().cast(pl.String).to_list() == ["2026-01-12", "2025-12-20"]
    assert stored["views"].to_list() == [10, 30]


def test_redo_with_an_account_and_a_wrong_id(two_imports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = kpitui(capsys, two_imports, "imports", "redo", "9", "--year", "2025")
    assert code == 2 and "No import 9" in err
    with pytest.raises(SystemExit) as refused:
        kpitui(capsys, two_imports, "imports", "redo", "x")
    assert refused.value.code == 2 and "'x' is not an import id" in capsys.readouterr().err


# --- rebuild ----------------------------------------------------------------------------------


def test_rebuild_applies_an_importer_fix(
    two_imports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported by a canonical importer that lost the comments, then fixed: `rebuild` reads the
    kept files again and the comments come back; what was not broken is unchanged."""
    root = tmp_path / "broken"
    parse = canonical.CanonicalCsv.parse

    def losing_comments(self: canonical.CanonicalCsv, sample: Any, options: Any) -> Any:
        parsed = parse(self, sample, options)
        parsed.tables["posts"] = parsed.tables["posts"].with_columns(comments=pl.lit(None, pl.Int64))
        return parsed

    with monkeypatch.context() as patch:
        patch.setattr(canonical.CanonicalCsv, "parse", losing_comments)
        assert kpitui(capsys, root, "import", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"))[0] == 0
    assert [c for *_, c, _ in posts(root)] == [None, None, None]
    assert "comments" not in kpis(capsys, root, "2026-01", "x")
    code, out, _ = kpitui(capsys, root, "rebuild")
    assert code == 0
    assert out.splitlines() == [
        "Read 2 import(s) again from their kept files with kpitui 0.1.0.",
        "  posts: 0 added, 0 removed, 3 updated",
    ]
    assert posts(root) == posts(two_imports)
    assert kpis(capsys, root, "2026-01", "x") == kpis(capsys, two_imports, "2026-01", "x")
    assert kpitui(capsys, root, "rebuild")[1].splitlines()[-1] == "  nothing changed in the tables"


# --- a workspace made by the first release ----------------------------------------------------


def test_a_workspace_of_the_first_release_is_converted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """tests/fixtures/workspace-v1 was written by the release before the store: its rows are
    kept exactly, one line says it was converted (only the first time), its imports are listed
    as not kept and cannot be redone; an import made after it can."""
    root = tmp_path / "ws"
    shutil.copytree(V1, root)
    before = {t: pl.read_parquet(root / "data" / f"{t}.parquet") for t in ("posts", "daily", "traffic")}
    old_log = json.loads((root / "data" / "imports.json").read_text())

    code, report, err = kpitui(capsys, root, "report", "--format", "json", "--period", "2026-Q1")
    assert code == 0
    [line] = err.splitlines()
    assert line.startswith(
        f"kpitui: {root}: converted from an earlier kpitui's workspace; its {len(old_log)} import(s)"
    )
    assert "cannot be redone, rebuilt or removed" in line
    assert not (root / "data" / "imports.json").exists() and not (root / "data" / "posts.parquet").exists()
    for table, frame in Workspace(root).tables().items():
        columns = [c for c in before[table].columns if c in frame.columns]
        key = [c for c in ("network", "account", "post_id", "date", "source", "medium") if c in columns]
        assert (
            frame.select(columns)
            .sort(key, nulls_last=True)
            .equals(before[table].select(columns).sort(key, nulls_last=True))
        ), table
    code, again, err = kpitui(capsys, root, "report", "--format", "json", "--period", "2026-Q1")
    assert (code, err) == (0, "") and close(json.loads(again), json.loads(report))  # no second line

    listed = json.loads(kpitui(capsys, root, "imports", "--format", "json")[1])
    assert [(r["id"], r["file"], r["rows"], r["kept"]) for r in listed] == [
        (e["id"], e["file"], e["rows"], False) for e in old_log
    ]
    code, _, err = kpitui(capsys, root, "imports", "redo", "1", "--year", "2025")
    assert code == 2 and "did not keep the files it imported: it cannot be read again" in err
    code, out, _ = kpitui(capsys, root, "rebuild")
    assert code == 0 and out.splitlines()[-1].startswith("Kept as they were: import(s) 1, ")
    new = exported(tmp_path, "n.csv", HEADER + "x,acme,n1,2026-02-01T10:00:00Z,5,1,1\n", 2e9)
    assert kpitui(capsys, root, "import", str(new))[0] == 0
    [*_, last] = Workspace(root).imports()
    assert last.kept and last.id == len(old_log) + 1
    assert kpitui(capsys, root, "imports", "remove", str(last.id))[0] == 0
    assert Workspace(root).tables()["posts"].height == before["posts"].height


@pytest.mark.parametrize("preloaded", [False, True], ids=["read-at-mount", "read-before-textual"])
async def test_the_app_says_it_converted_a_workspace_of_the_first_release(
    tmp_path: Path, preloaded: bool
) -> None:
    """Once, read as the app mounts or (as the command does) while Textual is imported: what the
    workspace says before the app is there is kept and shown."""
    from test_reliability_workspace import Recording, idle

    root = tmp_path / "ws"
    shutil.copytree(V1, root)
    workspace = Workspace(root)
    preload = Preload(workspace, demo=False, period="2026-Q1") if preloaded else None
    app = Recording(workspace, period="2026-Q1", preload=preload)
    async with app.run_test(size=(120, 40)) as pilot:
        await idle(pilot)
        assert app.loaded is not None and not app.loaded.demo and app.report is not None
        [(severity, note)] = [n for n in app.notes if "converted" in n[1]]
        assert severity == "information" and note.startswith(f"Workspace converted: {root}: converted from")
    assert not (root / "data" / "imports.json").exists()
