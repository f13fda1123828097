"""The workspace store: merging by key, idempotent re-imports, all-or-nothing writes."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.core import dataset, store
from kpitui.core.errors import WorkspaceError
from kpitui.core.importers import ParsedFile, read_file
from kpitui.core.merge import MergeCounts
from kpitui.core.report import build, to_json
from kpitui.core.schema import TableName
from kpitui.core.workspace import Changes, ImportRecord, Workspace

HEADER = "network,account,post_id,published_at,impressions,likes,comments\n"


def csv(tmp_path: Path, name: str, rows: str, mtime: float | None = None) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a workspace and its bytes (the lock file's content is irrelevant)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".kpitui.lock"
    }


def test_import_then_load(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    [outcome] = ws.import_files(
        [read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,100,5,1\n"))]
    )
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (1, 0, 0)
    ds = ws.load()
    assert ds.posts["impressions"].to_list() == [100]
    assert ds.networks == ("x",)
    [record] = ws.imports()
    assert record.name == "a.csv" and record.added == 1 and record.format == "canonical"
    assert (tmp_path / "ws" / "kpitui.toml").exists()


def test_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    path = csv(
        tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,100,5,1\nx,acme,2,2026-01-02T10:00:00Z,50,1,0\n"
    )
    ws.import_files([read_file(path)])
    before = snapshot(ws.root)
    [again] = ws.import_files([read_file(path)])
    assert again.duplicate_of is not None
    assert again.counts.unchanged == 2 and not again.counts.changed
    assert snapshot(ws.root) == before


def test_same_rows_in_another_file_are_unchanged(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    rows = "x,acme,1,2026-01-01T10:00:00Z,100,5,1\n"
    ws.import_files([read_file(csv(tmp_path, "a.csv", rows))])
    [outcome] = ws.import_files([read_file(csv(tmp_path, "b.csv", rows + "\n"))])
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (0, 0, 1)
    assert ws.load().posts.height == 1


def test_newer_export_wins_and_keeps_what_it_lacks(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    old = csv(
        tmp_path,
        "old.csv",
        "x,acme,1,2026-01-01T10:00:00Z,100,5,1\nx,acme,2,2026-01-02T10:00:00Z,50,1,0\n",
        1_000,
    )
    new = csv(
        tmp_path,
        "new.csv",
        "x,acme,1,2026-01-01T10:00:00Z,180,9,\nx,acme,3,2026-01-03T10:00:00Z,70,2,0\n",
        2_000,
    )
    ws.import_files([read_file(old)])
    [outcome] = ws.import_files([read_file(new)])
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.unchanged) == (1, 1, 0)
    posts = ws.load().posts.sort("post_id")
    assert posts["impressions"].to_list() == [180, 50, 70]
    assert posts["likes"].to_list() == [9, 1, 2]
    assert posts["comments"].to_list() == [1, 0, 0]  # blank in the newer file: the older value stays


def test_older_export_imported_late_only_fills_gaps(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    new = csv(tmp_path, "new.csv", "x,acme,1,2026-01-01T10:00:00Z,180,9,\n", 2_000)
    old = csv(tmp_path, "old.csv", "x,acme,1,2026-01-01T10:00:00Z,100,5,1\n", 1_000)
    ws.import_files([read_file(new)])
    [outcome] = ws.import_files([read_file(old)])
    assert outcome.counts.updated == 1
    row = ws.load().posts.row(0, named=True)
    assert (row["impressions"], row["likes"], row["comments"]) == (180, 9, 1)


def test_the_change_token_moves_with_each_import_and_only_then(tmp_path: Path) -> None:
    """What the app follows the workspace by: None before any import, a new token after each
    one, the same after reads, a dry run, and a
    file imported again."""
    ws = Workspace(tmp_path / "ws")
    assert ws.change_token() is None
    first = csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,100,5,1\n")
    ws.import_files([read_file(first)])
    after_first = ws.change_token()
    assert after_first is not None
    ws.load(), ws.imports(), ws.snapshot(), ws.load_kpi_columns()
    ws.import_files(
        [read_file(csv(tmp_path, "b.csv", "x,acme,2,2026-01-02T10:00:00Z,5,1,0\n"))], dry_run=True
    )
    ws.import_files([read_file(first)])  # the same bytes: nothing changes
    assert ws.change_token() == after_first
    ws.import_files([read_file(csv(tmp_path, "b.csv", "x,acme,2,2026-01-02T10:00:00Z,5,1,0\n"))])
    assert ws.change_token() not in (None, after_first)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    [outcome] = ws.import_files(
        [read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))], dry_run=True
    )
    assert outcome.counts.added == 1
    assert not (tmp_path / "ws").exists()


def test_several_files_land_in_one_transaction(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    posts = read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))
    daily_path = tmp_path / "d.csv"
    daily_path.write_text("date,network,account,followers\n2026-01-01,x,acme,10\n")
    outcomes = ws.import_files([posts, read_file(daily_path)])
    assert [o.counts.added for o in outcomes] == [1, 1]
    assert [r.id for r in ws.imports()] == [1, 2]
    log = (ws.data_dir / "log" / "events.jsonl").read_text().splitlines()
    assert [json.loads(line)["event"] for line in log] == ["import"]  # one change, one event
    assert [r["id"] for r in json.loads(log[0])["put"]] == [1, 2]
    segments = sorted((ws.data_dir / "tables").rglob("*.parquet"))
    assert [p.relative_to(ws.data_dir / "tables").parts[:2] for p in segments] == [
        ("cube", "network=x"),  # the posts segment's daily cube, in the same change
        ("daily", "network=x"),
        ("posts", "network=x"),
        ("summary", "network=x"),  # and its insights' summary
    ]


def _second_import(tmp_path: Path) -> ParsedFile:
    return read_file(csv(tmp_path, "b.csv", "x,acme,2,2026-01-01T11:00:00Z,1,1,1\n"))


def test_committed_journal_is_finished_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill after the COMMIT marker, before the files are in place: the next open puts them."""
    from kpitui.core import journal

    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))])
    finish = journal.finish

    def killed(*args: object) -> None:
        monkeypatch.setattr(journal, "finish", finish)
        raise KeyboardInterrupt  # as a kill would stop it: nothing after the marker is done

    monkeypatch.setattr(journal, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        ws.import_files([_second_import(tmp_path)])
    assert (ws.data_dir / ".journal" / "COMMIT").exists()
    assert ws.load().posts.height == 2
    assert [r.id for r in ws.imports()] == [1, 2]
    assert not (ws.data_dir / ".journal").exists()


def test_uncommitted_journal_is_discarded_on_open(tmp_path: Path) -> None:
    """A kill before the COMMIT marker: the journal's files are deleted, the workspace as it was."""
    from kpitui.core.journal import Transaction

    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))])
    before = snapshot(ws.root)
    [segment] = (ws.data_dir / "tables" / "posts").rglob("*.parquet")
    stored = pl.read_parquet(segment)
    txn = Transaction(ws.data_dir)  # the journal a crash leaves: a grown segment, no marker
    txn.write_frame(
        pl.concat([stored, stored.with_columns(post_id=pl.lit("99"))]),
        str(segment.relative_to(ws.data_dir)),
    )
    txn.log(b'{"seq": 2, "event": "import"}\n')
    assert (ws.data_dir / ".journal").exists()
    assert ws.load().posts.height == 1
    assert snapshot(ws.root) == before


def test_damaged_parquet_is_reported_not_overwritten(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))])
    [table] = (ws.data_dir / "tables" / "posts").rglob("*.parquet")
    table.write_bytes(table.read_bytes()[:40])
    damaged = table.read_bytes()
    named = re.escape(str(table.relative_to(ws.data_dir)))
    with pytest.raises(WorkspaceError, match=named + ".*cannot be read|cannot be read.*" + named):
        ws.load()
    with pytest.raises(WorkspaceError, match=named):
        ws.import_files([_second_import(tmp_path)])
    assert table.read_bytes() == damaged


def test_missing_data_folder_reads_as_empty(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))])
    shutil.rmtree(ws.data_dir)
    assert ws.load().is_empty
    assert ws.imports() == []


def test_settings_drive_time_zone_and_traffic_mapping(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.create()
    ws.settings_path.write_text(
        'name = "Acme"\ntimezone = "America/New_York"\n[sources]\n"newsletter" = "linkedin"\n'
    )
    traffic = tmp_path / "t.csv"
    traffic.write_text(
        "date,source,medium,sessions\n2026-01-01,newsletter,email,7\n2026-01-01,google,organic,3\n"
    )
    ws.import_files([read_file(traffic)])
    ds = ws.load()
    assert ds.settings.timezone == "America/New_York"
    assert ds.traffic.sort("sessions")["network"].to_list() == [None, "linkedin"]


def test_an_export_without_account_takes_the_networks_only_account(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    posts = read_file(csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,1,1,1\n"))
    daily_path = tmp_path / "d.csv"
    daily_path.write_text("date,network,account,followers\n2026-01-01,x,acme,10\n2026-01-01,instagram,ig,5\n")
    daily = read_file(daily_path)
    unnamed = daily.tables["daily"].with_columns(account=pl.lit(None, pl.String))
    daily.tables["daily"] = unnamed.filter(pl.col("network") == "x")
    ws.import_files([daily, posts])  # the posts file, later in the batch, names the account
    assert ws.load().daily["account"].to_list() == ["acme"]
    other_path = tmp_path / "d2.csv"
    other_path.write_text("date,network,account,followers\n2026-01-02,instagram,ig,6\n")
    other = read_file(other_path)
    other.tables["daily"] = other.tables["daily"].with_columns(account=pl.lit(None, pl.String))
    ws.import_files([other])  # no instagram account yet: kept under an unnamed one (resolve.UNNAMED)
    assert ws.load().daily.filter(pl.col("network") == "instagram")["account"].to_list() == [""]


def test_the_import_log_holds_each_file_hash(tmp_path: Path) -> None:
    """The hash (computed while the file is parsed) is the file's own: it is what makes the
    same file imported twice, even renamed or inside a zip, change nothing."""
    import hashlib
    import zipfile

    from kpitui.core.importers import read_paths

    path = csv(tmp_path, "a.csv", "x,acme,1,2026-01-01T10:00:00Z,100,5,1\n")
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(path)])
    assert [r.sha256 for r in ws.imports()] == [hashlib.sha256(path.read_bytes()).hexdigest()]
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(path, "renamed.csv")
    [(_, parsed)] = list(read_paths([archive]))
    assert not isinstance(parsed, Exception)
    [again] = ws.import_files([parsed])
    assert again.duplicate_of is not None and again.duplicate_of.id == 1 and not again.counts.changed


def test_change_objectives_reads_the_file_under_the_lock(tmp_path: Path) -> None:
    """Without `read`, the change applies to the file as it is on disk now (a hand edit made since
    anyone read it is kept); with a stale `read`, it is refused and the hand edit stays whole."""
    from kpitui.core import objectives as objs
    from kpitui.core.errors import ObjectivesError

    ws = Workspace(tmp_path / "ws")
    first = objs.Objective("a", "", "x", "posts", ">=", 3.0, "2026-Q1")
    second = objs.Objective("b", "", "x", "posts", ">=", 4.0, "2026-Q2")
    with pytest.raises(ObjectivesError, match="must be a number"):  # refused: nothing is created
        ws.change_objectives(lambda _: [objs.Objective("c", "", "x", "posts", ">=", float("nan"), "2026")])
    assert not ws.root.exists()
    shown = ws.change_objectives(lambda current: [*current.objectives, first])
    hand_edit = ws.objectives_path.read_text().replace("target = 3.0", "target = 30.0")
    ws.objectives_path.write_text(hand_edit)
    with pytest.raises(ObjectivesError, match="changed on disk since it was read"):
        ws.change_objectives(lambda current: [*current.objectives, second], read=shown)
    assert ws.objectives_path.read_text() == hand_edit
    saved = ws.change_objectives(lambda current: [*current.objectives, second])
    assert [(o.id, o.target) for o in saved.objectives] == [("a", 30.0), ("b", 4.0)]
    assert objs.load(ws.objectives_path).fingerprint == saved.fingerprint


def test_files_imported_together_merge_as_if_one_after_the_other(tmp_path: Path) -> None:
    """One import of several files, some sharing keys (an older export among them, the same bytes
    twice, two tables), leaves the tables, the log and the counts of importing them one by one."""
    rows = {
        "a.csv": ("x,acme,1,2026-01-01T10:00:00Z,100,5,1\nx,acme,2,2026-01-02T10:00:00Z,50,1,0\n", 3_000),
        "b.csv": ("x,acme,3,2026-01-03T10:00:00Z,70,2,0\n", 4_000),
        "c.csv": ("x,acme,2,2026-01-02T10:00:00Z,55,,3\nx,acme,4,2026-01-04T10:00:00Z,10,1,1\n", 1_000),
        "d.csv": ("x,acme,2,2026-01-02T10:00:00Z,60,9,\nx,acme,5,2026-01-05T10:00:00Z,1,1,1\n", 5_000),
        "e.csv": ("x,acme,3,2026-01-03T10:00:00Z,70,2,0\n", 6_000),
    }
    files = [csv(tmp_path, name, text, mtime) for name, (text, mtime) in rows.items()]
    daily = tmp_path / "daily.csv"
    daily.write_text("date,network,account,followers\n2026-01-01,x,acme,10\n2026-01-02,x,acme,12\n")
    files += [daily, files[1]]  # another table, and b.csv's bytes again
    together, apart = Workspace(tmp_path / "together"), Workspace(tmp_path / "apart")
    outcomes = together.import_files([read_file(p) for p in files])
    one_by_one = [o for p in files for o in apart.import_files([read_file(p)])]
    counts = [(o.counts, o.duplicate_of is not None) for o in outcomes]
    assert counts == [(o.counts, o.duplicate_of is not None) for o in one_by_one]
    assert [c.added for c, _ in counts] == [2, 1, 1, 1, 0, 2, 0] and [c.updated for c, _ in counts][2:4] == [
        0,
        1,
    ]
    for table in ("posts", "daily"):
        assert (
            getattr(together.load(), table)
            .sort("date" if table == "daily" else "post_id")
            .equals(getattr(apart.load(), table).sort("date" if table == "daily" else "post_id"))
        )
    assert without_times(together.imports()) == without_times(apart.imports())
    post2 = together.load().posts.filter(pl.col("post_id") == "2").row(0, named=True)
    # d, the newest, wins where it has a value; c, older than a, filled no gap (a had every value)
    assert (post2["impressions"], post2["likes"], post2["comments"]) == (60, 9, 0)


def without_times(log: list[ImportRecord]) -> list[dict[str, object]]:
    """The records without when they were made, nor where the store keeps their file and rows
    (one pack and one run per change: one change here, seven there)."""
    return [{**asdict(r), "imported_at": None, "original": r.kept, "run": None} for r in log]


def test_many_files_merge_in_one_join_each_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging each file into the whole table made 10,000 small files quadratic (1,000 files 21 s,
    3,000 files 79 s): files that share no key merge together, in one join per table."""
    import kpitui.core.workspace as store

    calls: list[int] = []
    fold = store.fold

    def counted(table: TableName, current: pl.DataFrame, incoming: pl.DataFrame, **kw: Any) -> Any:
        calls.append(incoming.height)
        return fold(table, current, incoming, **kw)

    monkeypatch.setattr(store, "fold", counted)
    files = [csv(tmp_path, f"p{i}.csv", f"x,acme,{i},2026-01-01T10:00:00Z,{i},1,1\n") for i in range(300)]
    files.append(csv(tmp_path, "again.csv", "x,acme,7,2026-01-01T10:00:00Z,70,1,1\n", 2e9))  # shares post 7
    ws = Workspace(tmp_path / "ws")
    outcomes = ws.import_files([read_file(p) for p in files])
    assert calls == [301]  # one day, one segment: all the files in one fold
    assert [o.counts.added for o in outcomes] == [1] * 300 + [0] and outcomes[-1].counts.updated == 1
    assert ws.load().posts.height == 300 and [r.id for r in ws.imports()] == list(range(1, 302))


def test_the_segments_a_period_meets() -> None:
    """Each segment holds the days from its start to the next one's of its partition (the first
    of a partition any earlier day too, the last any later day)."""
    x = [store.Segment("posts", "x", date(2025, m, 1)) for m in (1, 4, 7)]
    fb = [store.Segment("posts", "facebook", date(2025, 5, 1))]
    segments = sorted(x + fb)
    assert store.meeting(segments, date(2025, 4, 1), date(2025, 6, 30)) == [fb[0], x[1]]
    assert store.meeting(segments, date(2025, 3, 31), date(2025, 4, 1)) == [fb[0], x[0], x[1]]
    assert store.meeting(segments, date(2024, 1, 1), date(2024, 1, 31)) == [fb[0], x[0]]
    assert store.meeting(segments, date(2030, 1, 1), date(2030, 1, 31)) == [fb[0], x[2]]
    assert store.meeting([], date(2025, 1, 1), date(2025, 1, 31)) == []


def test_a_period_reads_only_its_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Posts of a year on two networks, in a segment per month: June's posts come from the
    segments of June and of the days either side (May's and July's), whatever the others hold:
    made unreadable, they stop a full load but not June's read."""
    monkeypatch.setattr(store, "SPLIT_ROWS", 4)  # four days a segment: one a month here
    rows = "".join(
        f"{net},acme,{net}{m}-{d},2025-{m:02d}-{d:02d}T12:00:00Z,{100 * m + d},{d},1\n"
        for net in ("x", "facebook")
        for m in range(1, 13)
        for d in (1, 10, 20, 28)
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(csv(tmp_path, "year.csv", rows))])
    segments = store.list_segments(ws.data_dir, "posts")
    assert len(segments) == 24
    needed = {s for s in segments if s.start.month in (5, 6, 7)}
    for segment in set(segments) - needed:
        (ws.data_dir / segment.target).write_bytes(b"not parquet")
    june = ws.period_posts(date(2025, 6, 1), date(2025, 6, 30))
    assert sorted(june["impressions"].to_list()) == [601, 601, 610, 610, 620, 620, 628, 628]
    assert set(june["day"].to_list()) == {date(2025, 6, d) for d in (1, 10, 20, 28)}
    assert june["likes"].sum() == 2 * (1 + 10 + 20 + 28) and june["interactions"].sum() == 2 * (59 + 4)
    with pytest.raises(WorkspaceError, match="cannot be read"):
        ws.load()


def test_counts_add_up_field_by_field() -> None:
    """What several files did, in all: each count the sum of theirs, of the same kind."""
    total = sum([MergeCounts(1, 2, 3), MergeCounts(10, 0, 5)], MergeCounts())
    assert total == MergeCounts(added=11, updated=2, unchanged=8)
    assert Changes(1, 2, 3) + Changes(0, 1, 0) == Changes(added=1, removed=3, updated=3)


@pytest.mark.parametrize("at_once", [1, dataset.ROWS_AT_ONCE])
def test_a_report_holds_the_daily_rows_running_totals_not_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """A report's session reads the daily rows a few networks at a time (here one at a time,
    then all at once) into their running totals and keeps of the rows only each network's first
    and last day: the same numbers as from the rows, in a fraction of the memory."""
    monkeypatch.setattr(dataset, "ROWS_AT_ONCE", at_once)
    path = tmp_path / "d.csv"
    path.write_text(
        "date,network,account,followers,followers_gained,mentions\n"
        "2026-01-01,x,acme,100,,2\n"
        "2026-01-31,x,acme,110,4,1\n"
        "2026-01-15,x,shop,50,,\n"
        "2026-02-10,instagram,acme,500,7,\n"
        "2025-12-31,instagram,acme,490,,\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(path)])
    lean = ws.load_kpi_columns()
    edges = lean.daily.sort("network", "date").select("network", "date").rows()
    assert edges == [
        ("instagram", date(2025, 12, 31)),
        ("instagram", date(2026, 2, 10)),
        ("x", date(2026, 1, 1)),
        ("x", date(2026, 1, 31)),
    ]
    assert lean.networks == ("instagram", "x") and lean.latest_date == date(2026, 2, 10)
    january = to_json(build(lean, [], period="2026-01"))["kpis"]
    # x: 110 (acme, the 31st) + 50 (shop); acme gained 4, shop's change is unknown
    assert (january["x"]["followers"]["value"], january["x"]["net_follower_change"]["value"]) == (160, 4)
    assert january["x"]["mentions"]["value"] == 3
    assert january["instagram"]["followers"]["value"] == 490  # the last known, on Dec 31
    for period in ("2026-01", "2026-02", "2026-Q1"):
        assert to_json(build(lean, [], period=period)) == to_json(build(ws.load(), [], period=period))


def test_a_report_still_refuses_a_daily_date_no_import_writes(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    path = tmp_path / "d.csv"
    path.write_text("date,network,account,followers\n2026-01-01,x,acme,100\n2026-01-02,x,acme,101\n")
    ws.import_files([read_file(path)])
    (segment,) = store.list_segments(ws.data_dir, "daily")
    rows = pl.read_parquet(ws.data_dir / segment.target)
    rows.with_columns(date=pl.lit(date(2150, 1, 1))).write_parquet(ws.data_dir / segment.target)
    with pytest.raises(WorkspaceError, match="date outside"):
        ws.load_kpi_columns()
