"""The app against hostile input: file names, FIFOs and devices, failing imports, extreme periods.

* File (and zip member, account, workspace) names carrying an OSC 52
  clipboard write, an OSC 0 title, a screen clear, a `[@click=app.quit]`
  action and a broken `[link='x]` tag are shown literally in the file
  browser, the progress label, the files table, the details pane, the target
  and the history; the preview goes on, nothing quits, and no escape
  sequence reaches the screen (the exported screenshot, and the bytes the
  real app writes to a pseudo-terminal).
* A FIFO or a device, chosen or typed, is refused with a message and never
  opened: no worker stays blocked, and the real app quits at once.
* Adding files (listing a folder, opening a zip) runs in a worker, and `q`
  ends the process even while a read never ends.
* An import that fails in any way (a full disk: polars' ComputeError), and a
  preview or a screen's computation that fails, end their waiting state, say
  what happened and that nothing changed, and the app goes on.
* Periods outside 1970-2100 are refused by the period dialog, and `[`/`]`
  stop at the edge with a notice.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from kpitui.cli import main
from kpitui.core import importers
from kpitui.core.importers import Source
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens import importing
from kpitui.tui.screens.importing import ExportTree, ImportScreen
from kpitui.tui.screens.insights import InsightsScreen
from kpitui.tui.screens.period import PeriodPicker, presets
from kpitui.tui.text import clean
from pilots import idle, settle, until
from reliability import AppInTerminal
from test_app_edit import rows

NAMES = [
    "clip \x1b]52;c;ZWNobyBwd25lZA==\x07.csv",
    "title \x1b]0;pwned-title\x07.csv",
    "clear \x1b[2J\x1b[H.csv",
    "[@click=app.quit]x.csv",
    "[link='x]y.csv",
]
"""Each attack of issue 13 as a file name (a name cannot hold `/`)."""

PAYLOADS = [b"\x1b]52;", b"pwned-title\x07", b"\x1b]0;pwned", b"clear \x1b[2J"]
"""What the real app must never write to its terminal."""


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def export(path: Path, post_id: str, day: str = "2026-01-05") -> Path:
    """A one-post canonical CSV (each with its own bytes, so none is a duplicate)."""
    path.write_text(post(post_id, day))
    return path


def post(post_id: str, day: str = "2026-01-05", account: str = "acme") -> str:
    return (
        "network,account,post_id,published_at,likes,impressions\n"
        f"x,{account},{post_id},{day}T00:00:00Z,5,50\n"
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    first = export(tmp_path / "first.csv", "p0")
    assert main(["--workspace", str(root), "import", str(first)]) == 0
    return Workspace(root)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for i, name in enumerate(NAMES):
        export(folder / name, f"h{i}")
    return folder


def on_disk(workspace: Workspace) -> dict[Path, bytes | None]:
    """Every file (with its bytes) and folder of the workspace but its lock."""
    return {
        p: p.read_bytes() if p.is_file() else None
        for p in workspace.root.rglob("*")
        if p.name != ".kpitui.lock"
    }


async def import_screen(pilot: Pilot[None]) -> ImportScreen:
    await settle(pilot)
    await pilot.press("5")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen), "the import screen")
    await idle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def type_paths(pilot: Pilot[None], *paths: Path) -> None:
    field = pilot.app.screen.query_one("#paths", Input)
    field.focus()
    field.value = " ".join(f'"{p}"' for p in paths)
    await pilot.press("enter")
    await idle(pilot)


def messages(notes: list[Notify]) -> str:
    return "\n".join(f"{n.notification.title}: {n.notification.message}" for n in notes)


def notified(log: list[object]) -> list[Notify]:
    return [m for m in log if isinstance(m, Notify)]


def label_text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


def files(screen: ImportScreen) -> dict[str, str]:
    """File name → state, as the files table shows them."""
    return {row[0]: row[-1] for row in rows(screen.query_one("#files", DataTable)) if row[-1]}


def no_escapes(svg: str) -> None:
    bad = re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", svg)
    near = svg[max(0, bad.start() - 80) : bad.end() + 40] if bad else ""
    assert bad is None, f"{bad.group()!r} reached the screen near {near!r}"


async def test_hostile_file_names_are_shown_literally_and_imported(
    workspace: Workspace, hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "start_folder", lambda: hostile)
    gate = threading.Event()
    original = Source.read

    def gated(self: Source, options: importers.ImportOptions) -> importers.ParsedFile:
        if "@click" in self.path.name:
            gate.wait(timeout=30)  # a large file: its name stays in the progress label meanwhile
        return original(self, options)

    monkeypatch.setattr(Source, "read", gated)
    log: list[object] = []
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48), message_hook=log.append) as pilot:
        screen = await import_screen(pilot)
        tree = screen.query_one(ExportTree)
        await until(pilot, lambda: len(tree.root.children) == len(NAMES), "the browser lists the files")
        labels = {node.label.plain: node for node in tree.root.children}
        assert set(labels) == {clean(name) for name in NAMES}
        assert "clip ␛]52;c;ZWNobyBwd25lZA==␇.csv" in labels and "clear ␛[2J␛[H.csv" in labels
        assert all(not node.label.spans for node in labels.values())
        no_escapes(app.export_screenshot())

        # choose the click file in the browser: its name shows while it is read, as text
        tree.focus()
        tree.move_cursor(labels["[@click=app.quit]x.csv"])
        await pilot.press("enter")
        progress = "reading [@click=app.quit]x.csv…"
        await until(pilot, lambda: progress in label_text(screen, "#progress-label"), "the progress label")
        await pilot.click("#progress-label", offset=(12, 0))  # where `x.csv` would be a link
        await pilot.pause()
        assert app.is_running
        no_escapes(app.export_screenshot())
        gate.set()
        await idle(pilot)

        # the broken tag does not stop the preview; every other name is added too
        for name in NAMES:
            if "@click" not in name:
                tree.move_cursor(labels[clean(name)])
                await pilot.press("enter")
                await idle(pilot)
        assert files(screen) == {clean(name): "ready" for name in NAMES}
        table = screen.query_one("#files", DataTable)
        table.focus()
        for row, name in enumerate(files(screen)):
            table.move_cursor(row=row)
            await pilot.pause()
            assert f"{clean(hostile)}/{name}\n" in str(screen.query_one("#details", Static).render())
        no_escapes(app.export_screenshot())

        await pilot.press("i")
        await settle(pilot)
        await idle(pilot)
        history = {row[2] for row in rows(screen.query_one("#history", DataTable))}
        assert {clean(name) for name in NAMES} <= history
        no_escapes(app.export_screenshot())
        assert app.is_running
    assert "Imported 5 files: 5 rows added, 0 updated." in messages(notified(log))
    assert Workspace(workspace.root).load().posts.height == 1 + len(NAMES)


async def test_hostile_zip_member_account_and_folder_names_are_shown_literally(tmp_path: Path) -> None:
    """A zip download whose name, member and account carry markup and escapes, imported into a
    workspace whose folder carries escapes (brackets in a workspace path are issue 13's glob
    case, the core's)."""
    root = tmp_path / "ws \x1b]0;pwned-ws\x07"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p0"))]) == 0
    archive = tmp_path / "download [b]x \x1b[2J.zip"
    member = "exports/[link='z]m \x1b]0;pwned-member\x07.csv"
    account = "[@click=app.quit]\x1b]0;t\x07"  # the table shows 24 characters
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(member, post("z1", account=account))
    app = KpiApp(Workspace(root), period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await import_screen(pilot)
        assert f"Into {clean(root)} ·" in label_text(screen, "#target")
        assert "ws ␛]0;pwned-ws␇" in str(screen.query_one("StatusHeader").render())
        await type_paths(pilot, archive)
        [row] = rows(screen.query_one("#files", DataTable))
        shown = re.compile(r"\[link='z\]m .\]0;pwned-member.\.csv")  # ␛ and ␇, or � when the core
        assert shown.fullmatch(row[0]) and row[-1] == "ready"  # cleans the member's name itself
        assert row[2] == "[@click=app.quit]␛]0;t␇"
        details = str(screen.query_one("#details", Static).render())
        assert f"{clean(archive)}/exports/" in details and shown.search(details)
        no_escapes(app.export_screenshot())
        await pilot.press("i")
        await settle(pilot)
        await idle(pilot)
        history = [row[2] for row in rows(screen.query_one("#history", DataTable))]
        assert any(shown.fullmatch(name) for name in history), history
        no_escapes(app.export_screenshot())
        assert app.is_running


@contextlib.contextmanager
def fifo(path: Path) -> Iterator[Path]:
    """A FIFO named like an export; a reader blocked on it is let go at the end."""
    os.mkfifo(path)
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):  # ENXIO: nobody opened it, as it should be
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
async def test_a_fifo_or_a_device_is_refused_and_never_opened(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    good = export(folder / "good.csv", "g1")
    monkeypatch.setattr(importing, "start_folder", lambda: folder)
    threads: list[bool] = []
    original = importing.sources

    def spied(paths: list[Path]) -> list[Source]:
        threads.append(threading.current_thread() is threading.main_thread())
        return original(paths)

    monkeypatch.setattr(importing, "sources", spied)
    log: list[object] = []
    with fifo(folder / "pipe.csv") as pipe, fifo(tmp_path / "download.zip") as zipped:
        app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
        async with app.run_test(size=(160, 48), message_hook=log.append) as pilot:
            screen = await import_screen(pilot)
            tree = screen.query_one(ExportTree)
            await until(pilot, lambda: bool(tree.root.children), "the browser lists the folder")
            assert [node.label.plain for node in tree.root.children] == ["good.csv"]  # no FIFO offered
            for path in (pipe, zipped, Path("/dev/zero")):
                log.clear()
                await type_paths(pilot, path)
                text = messages(notified(log))
                assert f"{path}: not a regular file" in text, text
                assert screen.pending == [] and not screen.query_one("#progress").display
                assert not any(w.is_running for w in app.workers if w.node is screen)
            await type_paths(pilot, folder)  # the folder: its FIFO is left out, its export read
            assert files(screen) == {"good.csv": "ready"}
            assert app.is_running
    assert threads and not any(threads), "sources() ran on the UI thread"
    assert good.exists()


async def test_a_full_disk_during_an_import_changes_nothing_and_the_app_goes_on(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """polars raises ComputeError (not OSError) when the disk fills while it writes parquet."""
    more = export(tmp_path / "more.csv", "m1", "2026-02-01")
    before = on_disk(workspace)
    write_parquet = pl.DataFrame.write_parquet

    def full_disk(self: pl.DataFrame, *args: object, **kwargs: object) -> None:
        raise pl.exceptions.ComputeError("No space left on device (os error 28)")

    log: list[object] = []
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48), message_hook=log.append) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, more)
        assert files(screen) == {"more.csv": "ready"}
        monkeypatch.setattr(pl.DataFrame, "write_parquet", full_disk)
        log.clear()
        await pilot.press("i")
        await idle(pilot)
        errors = [n for n in notified(log) if n.notification.severity == "error"]
        assert len(errors) == 1, messages(notified(log))
        text = messages(errors)
        assert "Nothing was imported; the workspace is as it was." in text
        assert text.count("Nothing was imported") == 1
        assert not screen.query_one("#progress").display  # no longer "importing…"
        assert files(screen) == {"more.csv": "ready"}  # still there, to import again
        assert on_disk(workspace) == before  # nothing written, nothing left behind
        # the app goes on: another screen, then the import again once the disk has room
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("5")
        await idle(pilot)
        monkeypatch.setattr(pl.DataFrame, "write_parquet", write_parquet)
        log.clear()
        app.screen.query_one("#files", DataTable).focus()
        await pilot.press("i")
        await settle(pilot)
        await idle(pilot)
        assert "Imported 1 file: 1 row added, 0 updated." in messages(notified(log))
    assert Workspace(workspace.root).load().posts.height == 2


async def test_a_failing_preview_says_so_and_the_file_can_be_read_again(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    more = export(tmp_path / "more.csv", "m1")
    original = Source.read

    def broken(self: Source, options: importers.ImportOptions) -> importers.ParsedFile:
        raise RuntimeError("a parser bug")

    log: list[object] = []
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48), message_hook=log.append) as pilot:
        screen = await import_screen(pilot)
        monkeypatch.setattr(Source, "read", broken)
        await type_paths(pilot, more)
        text = messages(notified(log))
        assert "Unexpected error while reading exports" in text and "RuntimeError: a parser bug" in text
        assert "Nothing was written." in text
        assert files(screen) == {"more.csv": "refused"}
        assert not screen.query_one("#progress").display
        assert "RuntimeError: a parser bug" in str(screen.query_one("#details", Static).render())
        monkeypatch.setattr(Source, "read", original)
        await pilot.press("delete")
        await type_paths(pilot, more)
        assert files(screen) == {"more.csv": "ready"}


async def test_a_failing_computation_on_a_screen_is_reported_and_stops_waiting(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpitui.core import insights

    def broken(*args: object, **kwargs: object) -> pl.DataFrame:
        raise pl.exceptions.ComputeError("out of memory")

    monkeypatch.setattr(insights, "best_times", broken)
    log: list[object] = []
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48), message_hook=log.append) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, InsightsScreen), "the insights screen")
        await idle(pilot)
        text = messages(notified(log))
        assert "Unexpected error while computing insights: ComputeError: out of memory" in text, text
        assert not app.screen.query_one("#tabs").loading
        await pilot.press("1")
        await settle(pilot)
        assert app.is_running


async def choose_period(pilot: Pilot[None], text: str) -> PeriodPicker | None:
    """Type `text` in the period dialog; the dialog when it refused it, else None."""
    await pilot.press("p")
    await until(pilot, lambda: isinstance(pilot.app.screen, PeriodPicker), "the period dialog")
    await pilot.press(*text, "enter")
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, PeriodPicker):
        return screen
    await settle(pilot)
    return None


@pytest.mark.parametrize("text", ["0001-01-01..0001-12-31", "9999-12-01..9999-12-31", "1969", "2101-01"])
async def test_the_period_dialog_refuses_a_period_outside_1970_2100(
    workspace: Workspace, tmp_path: Path, text: str
) -> None:
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await choose_period(pilot, text)
        assert dialog is not None, f"{text} was accepted"
        assert "1970" in str(dialog.query_one("#error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.report is not None and app.report.period.label == "2026-Q1"
        await pilot.press("right_square_bracket")  # then ] and [ move the period as ever
        await settle(pilot)
        assert app.report.period.label == "2026-Q2"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.report.period.label == "2026-Q1"


@pytest.mark.parametrize(
    ("text", "key", "word"),
    [
        ("2100-Q4", "right_square_bracket", "forward"),
        ("2100-12-01..2100-12-31", "right_square_bracket", "forward"),
        ("1970-Q1", "left_square_bracket", "back"),
        ("1970-01-01..1970-01-10", "left_square_bracket", "back"),
    ],
)
async def test_brackets_stop_at_the_edge_of_what_periods_allow(
    workspace: Workspace, tmp_path: Path, text: str, key: str, word: str
) -> None:
    log: list[object] = []
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(120, 40), message_hook=log.append) as pilot:
        await settle(pilot)
        assert await choose_period(pilot, text) is None
        assert app.report is not None and app.report.period.label == text
        log.clear()
        await pilot.press(key, key)
        await settle(pilot)
        assert app.is_running and app.report.period.label == text
        shown = messages(notified(log))
        assert f"No period further {word}" in shown and "1970-01-01 to 2100-12-31" in shown, shown
        header = str(app.screen.query_one("StatusHeader").render())
        assert text.split("..")[0] in header


def test_the_period_dialog_offers_no_choice_before_1970() -> None:
    offered = dict(presets(date(1970, 1, 15)))
    assert offered["1970-Q1"] == "this quarter" and offered["1970-01"] == "this month"
    assert "last quarter" not in offered.values() and "last year" not in offered.values()
    assert "last month" not in offered.values()


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="needs a pty and FIFOs")
def test_the_real_app_writes_no_escape_and_quits_after_a_fifo(
    workspace: Workspace, hostile: Path, tmp_path: Path
) -> None:
    """The real app in a pseudo-terminal, opened in the hostile folder: the browser lists the
    names without writing their sequences; a FIFO typed is refused, and `q` ends the process
    (a worker blocked on the FIFO would keep the process alive after the app closed)."""
    home = tmp_path / "home"  # no Downloads folder: the browser opens in the current folder
    home.mkdir()
    args = ["--workspace", str(workspace.root)]
    with fifo(tmp_path / "pipe.csv") as pipe, AppInTerminal(args, cwd=hostile, HOME=str(home)) as app:
        assert app.until(b"Dashboard") and app.until(b"2026-Q1", 20)
        assert app.press(b"5", b"Import history")
        assert app.until("␛]0;pwned-title␇".encode()) and app.until("␛]52;c;".encode())
        assert app.until(b"[link='x]y")  # its suffix is drawn in another colour
        app.press(str(pipe).encode() + b"\r")
        assert app.until(b"Import refused")  # the title of the message (its text wraps)
        assert b"Not found" not in app.written  # the path was typed whole: the FIFO was refused
        app.press(b"\t")  # from the paths field (which keeps the text) to the browser

    for payload in PAYLOADS:
        assert payload not in app.written, f"{payload!r} was written to the terminal"


async def test_adding_a_file_while_another_is_read_reads_each_once(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding starts the preview again; a large file already being read is waited for, not
    read a second time beside the first (twice the time and the memory)."""
    large, small = export(tmp_path / "large.csv", "l1"), export(tmp_path / "small.csv", "s1")
    gate = threading.Event()
    reads: list[str] = []
    original = Source.read

    def counted(self: Source, options: importers.ImportOptions) -> importers.ParsedFile:
        reads.append(self.path.name)
        if self.path == large:
            gate.wait(timeout=30)
        return original(self, options)

    monkeypatch.setattr(Source, "read", counted)
    app = KpiApp(workspace, period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await import_screen(pilot)
        screen.add([large])
        await until(pilot, lambda: reads == ["large.csv"], "the large file being read")
        screen.add([small])
        await until(pilot, lambda: len(screen.pending) == 2, "the small file added")
        gate.set()
        await idle(pilot)
        assert files(screen) == {"large.csv": "ready", "small.csv": "ready"}
    assert sorted(reads) == ["large.csv", "small.csv"]


NEVER_ENDING_READ = """
import sys, threading
from kpitui.cli import main
from kpitui.core.importers import Source
Source.read = lambda self, options: threading.Event().wait()  # a file on a hung network mount
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_real_app_quits_while_a_file_is_being_read(workspace: Workspace, tmp_path: Path) -> None:
    """A read that never ends (a hung network mount): `q` still ends the process, whose exit
    would otherwise wait for the worker's thread."""
    more = export(tmp_path / "more.csv", "m1")
    args = ["--workspace", str(workspace.root)]
    with AppInTerminal(args, cwd=tmp_path, launcher=("-c", NEVER_ENDING_READ)) as app:
        assert app.until(b"Dashboard") and app.until(b"2026-Q1", 20)
        assert app.press(b"5", b"Import history")
        app.press(str(more).encode() + b"\r")
        assert app.until(b"reading more")
        ended = app.quit()
        closed = b"[?1049l" in app.written  # the app left its screen: only the process stayed
        assert ended, f"the process did not end after q (the app's screen closed: {closed})"


async def test_the_objectives_screens_show_a_hostile_folder_and_typed_text_literally(tmp_path: Path) -> None:
    """The objectives list names the workspace's file and the form quotes what was typed: both
    literally (a `[link=` in a folder name raised MarkupError, a `[@click=…]` became an action)."""
    root = tmp_path / "ws [@click=app.quit]x [link='y]z \x1b]0;t\x07"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p0"))]) == 0
    (root / "objectives.toml").write_text(
        '[[objective]]\nid = "a"\ntitle = "t"\nnetwork = "instagram"\nkpi = "[b]x\\u001b[2J"\n'
        'comparison = ">="\ntarget = 1\nperiod = "2026-Q1"\n'
    )
    app = KpiApp(Workspace(root), period="2026-Q1", export_dir=tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        shown = str(app.screen.query_one("#file", Label).render())
        assert "ws [@click=app.quit]x [link='y]z ␛]0;t␇" in shown
        problem = str(app.screen.query_one("#problem", Static).render())
        assert "unknown KPI '[b]x" in problem and "\x1b" not in problem
        await pilot.click("#file")
        assert app.is_running
        (root / "objectives.toml").unlink()
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        target = app.screen.query_one("#target", Input)
        target.focus()
        await pilot.press(*"[/]x")
        await idle(pilot)
        error = str(app.screen.query_one("#target-error", Static).render())
        assert "✖" in error and "[/]x" in error
        no_escapes(app.export_screenshot())
        assert app.is_running
