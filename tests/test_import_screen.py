"""The Import screen as a user finds it, and the app following its workspace (issue 15, items 5–6).

Each test drives the app with the keys a person presses, on small invented
exports (a café's two Facebook pages), and checks what the screen says and
what lands in the workspace.
"""

from __future__ import annotations

import asyncio
import html
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.notifications import Notify
from textual.widgets import DataTable, Static

from conftest import StillFollower
from kpitui.cli import main
from kpitui.core.importers import read_paths
from kpitui.core.session import open_session as load
from kpitui.core.workspace import Workspace
from kpitui.tui import app as app_module
from kpitui.tui import first, follow, themes
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.importing import AnswerChoice, AnswerField, FilesTable, ImportScreen, PathField
from kpitui.tui.widgets.fitted import FittedTable
from pilots import idle, settle
from test_app_edit import rows
from test_reliability_app import export, files, import_screen, type_paths, until
from test_resolve import daily, posts

TIKTOK = Path(__file__).parent / "fixtures" / "tiktok"


@pytest.fixture(scope="session")
def demo_made(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo an empty workspace shows, made once into the tests' cache before any app waits
    for it (making it takes seconds on a shared machine)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
        assert load(Workspace(tmp_path_factory.getbasetemp() / "no-workspace")).demo


@pytest.fixture(autouse=True)
def isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, demo_made: None
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def imported(ws: Workspace, *paths: Path) -> Workspace:
    ws.import_files([parsed for _, parsed in read_paths(list(paths))])  # type: ignore[misc]
    return ws


@pytest.fixture
def two_pages(tmp_path: Path) -> Workspace:
    """A workspace with two Facebook pages: a file that names neither must be told which."""
    return imported(
        Workspace(tmp_path / "ws"),
        posts(tmp_path / "fern" / "posts.csv", "fern"),
        posts(tmp_path / "moss" / "posts.csv", "moss", "4200000000000002"),
    )


def details(screen: ImportScreen) -> str:
    return str(screen.query_one("#details", Static).render())


def named(screen: ImportScreen, table_id: str) -> list[dict[str, str]]:
    """The rows of a table as shown, by column name (a FittedTable drops what does not fit)."""
    table = screen.query_one(table_id, FittedTable)
    return [dict(zip(table.shown, row, strict=True)) for row in rows(table)]


def days(ws: Workspace) -> list[tuple[str, str, date, int | None]]:
    frame = ws.load().daily.sort("account", "date")
    return frame.select("network", "account", "date", "followers_gained").rows()


async def test_a_file_that_needs_an_account_gets_it_on_the_screen_and_imports(
    two_pages: Workspace, tmp_path: Path
) -> None:
    follows = daily(tmp_path / "downloads" / "Follows.csv", "Facebook follows", [("2026-01-03", 4)])
    app = KpiApp(two_pages, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, follows)
        assert files(screen) == {"Follows.csv": "needs an account"}
        said = details(screen)
        assert "does not name its facebook account, and the workspace has several (fern, moss)" in said
        assert "Type its account below, then enter." in said and "--account" not in said
        assert screen.query_one("#ask-account-row").display
        assert not screen.query_one("#ask-network-row").display  # its title names the network
        await pilot.press("enter")  # on the file: to its question
        assert isinstance(screen.focused, AnswerField) and screen.focused.id == "ask-account"
        await pilot.press(*"moss", "enter")
        await idle(pilot)
        assert isinstance(screen.focused, FilesTable)  # back on the list
        assert files(screen) == {"Follows.csv": "ready"}
        assert "• facebook account 'moss': as given for this file" in details(screen)
        assert named(screen, "#files")[0]["Account"] == "moss"  # the account it will have
        await pilot.press("i")
        await settle(pilot)
        await idle(pilot)
        assert files(screen) == {"Follows.csv": "imported"}
        assert str(screen.query_one("#target").render()).endswith("· 1 file imported")
        assert "ready · i imports" not in details(screen) and not screen.query_one("#ask-account-row").display
        newest = named(screen, "#history")[0]
        assert (newest["File"], newest["Account"]) == ("Follows.csv", "moss")
    assert days(two_pages) == [("facebook", "moss", date(2026, 1, 3), 4)]


async def test_a_refusal_goes_when_the_file_that_caused_it_is_dropped(tmp_path: Path) -> None:
    """A Follows file beside a second page's posts export: the workspace would then have two
    pages, so the Follows file asks which; dropped, the posts export no longer counts, and the
    Follows file goes to the workspace's only page. Added back, the question comes back."""
    ws = imported(Workspace(tmp_path / "ws"), posts(tmp_path / "fern" / "posts.csv", "fern"))
    follows = daily(tmp_path / "downloads" / "Follows.csv", "Facebook follows", [("2026-01-03", 4)])
    moss = posts(tmp_path / "moss" / "moss-posts.csv", "moss", "4200000000000002")
    app = KpiApp(ws, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, follows, moss)
        assert files(screen) == {"Follows.csv": "needs an account", "moss-posts.csv": "ready"}
        table = screen.query_one("#files", DataTable)
        table.move_cursor(row=1)
        await pilot.press("delete")
        await idle(pilot)
        assert files(screen) == {"Follows.csv": "ready"}
        assert "• facebook account 'fern': the workspace's only facebook account" in details(screen)
        await type_paths(pilot, moss)
        assert files(screen) == {"Follows.csv": "needs an account", "moss-posts.csv": "ready"}


async def test_a_file_that_asks_does_not_refuse_the_others(tmp_path: Path) -> None:
    """An untitled Reach file that nothing tells the network of, beside a posts export: the
    posts export stays ready (it was refused with the Reach file's message, for good); the
    Reach file is told its network and account on the screen."""
    ws = Workspace(tmp_path / "ws")
    reach = daily(tmp_path / "downloads" / "Reach.csv", "Reach", [("2026-01-03", 90)])
    other = export(tmp_path / "other.csv", "p1")
    app = KpiApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, reach, other)
        assert files(screen) == {"Reach.csv": "needs a network", "other.csv": "ready"}
        assert "Choose its network below." in details(screen)
        await pilot.press("enter")
        choice = screen.focused
        assert isinstance(choice, AnswerChoice)
        assert [label for label, _ in choice._options if label] == ["Facebook", "Instagram"]
        choice.value = "instagram"
        await idle(pilot)
        assert files(screen) == {"Reach.csv": "ready", "other.csv": "ready"}
        said = details(screen)
        assert "• network instagram: as given for this file" in said
        assert "• instagram account: none named yet" in said  # kept until a posts export names it
        await pilot.press("i")
        await settle(pilot)
        assert files(screen) == {"Reach.csv": "imported", "other.csv": "imported"}
    assert ws.load().daily.select("network", "date", "reach").rows() == [("instagram", date(2026, 1, 3), 90)]


async def test_escape_leaves_the_path_field_and_the_keys_follow_the_focus(
    two_pages: Workspace, tmp_path: Path
) -> None:
    app = KpiApp(two_pages, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await import_screen(pilot)
        field = screen.query_one("#paths", PathField)
        assert screen.focused is field  # where a pasted path goes
        hint = screen.query_one("#hint")
        assert "esc: to the files" in str(hint.render())
        assert "i" not in screen.active_bindings  # typed into the field, so not offered
        await pilot.press("escape")
        assert isinstance(screen.focused, FilesTable)
        assert "delete drops it" in str(hint.render())
        assert {"i", "1", "5"} <= set(screen.active_bindings)
        assert not screen.check_action("add_highlighted", ())  # a acts in the browser only
        await pilot.press("shift+tab")
        assert screen.focused is screen.query_one("#tree")
        assert screen.check_action("add_highlighted", ()) and not screen.check_action("drop", ())
        await pilot.press("shift+tab")
        assert screen.focused is field
        await pilot.press("tab", "tab", "tab")  # the browser, the list, the history
        assert screen.focused is screen.query_one("#history")
        # a key the footer shows acts from where the focus is: 1 leaves the field
        field.focus()
        await pilot.press("escape", "1")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"


async def test_a_guessed_year_can_be_given_for_that_file(tmp_path: Path) -> None:
    """A TikTok file's days carry no year: the year comes from the file's date, and the file
    offers a year field; the year given moves its days."""
    overview = tmp_path / "tiktok" / "Overview.csv"
    overview.parent.mkdir()
    shutil.copyfile(TIKTOK / "Overview.csv", overview)
    made = datetime(2031, 5, 1, tzinfo=UTC).timestamp()
    os.utime(overview, (made, made))
    app = KpiApp(Workspace(tmp_path / "ws"))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, overview)
        assert files(screen) == {"Overview.csv": "ready"}
        [row] = named(screen, "#files")
        assert row["Covers"] == "2030-12-29..2031-01-01"
        assert screen.query_one("#ask-year-row").display
        assert "the year taken from the file's date" in details(screen)
        await pilot.press("enter")  # its fields: the account (nothing names it yet), the year
        assert screen.focused is screen.query_one("#ask-account")
        await pilot.press("tab", *"2024", "enter")
        await idle(pilot)
        [row] = named(screen, "#files")
        assert (row["Covers"], row["State"]) == ("2023-12-29..2024-01-01", "ready")
        assert "year taken" not in details(screen)
        await pilot.press("i")
        await settle(pilot)
        assert files(screen) == {"Overview.csv": "imported"}
    dates = app.workspace.load().daily.get_column("date") if app.workspace else None
    assert dates is not None and (dates.min(), dates.max()) == (date(2023, 12, 29), date(2024, 1, 1))


@pytest.mark.parametrize(("size", "wide"), [((80, 24), False), ((160, 48), True)])
async def test_each_files_state_shows_at_80_columns(
    two_pages: Workspace, tmp_path: Path, size: tuple[int, int], wide: bool
) -> None:
    follows = daily(tmp_path / "downloads" / "Follows.csv", "Facebook follows", [("2026-01-03", 4)])
    long = export(tmp_path / ("a rather long name for a posts export of the café" + ".csv"), "p9")
    app = KpiApp(two_pages, period="2026-Q1")
    async with app.run_test(size=size) as pilot:
        screen = await import_screen(pilot)
        await type_paths(pilot, follows, long)
        table = screen.query_one("#files", FittedTable)
        assert table.shown[0] == "File" and table.shown[-1] == "State"
        assert ("Format" in table.shown) is wide and "Account" in table.shown  # what fits
        drawn = sum(column.get_render_width(table) for column in table.columns.values())
        assert table.region.right <= size[0] and drawn <= table.size.width  # nothing off screen
        states = {row[0]: row[-1] for row in rows(table)}
        assert states["Follows.csv"] == "needs an account"
        assert states[next(n for n in states if n.startswith("a rather"))] == "ready"
        history = screen.query_one("#history", FittedTable)
        assert history.shown[:1] == ("#",) and "File" in history.shown
        drawn_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "needs an account" in drawn_text


async def test_an_import_from_the_command_line_shows_in_the_open_app(
    tmp_path: Path, followers: list[StillFollower]
) -> None:
    """Another kpitui's import shows in the dashboard and the history without anything pressed,
    and the period chosen stays. The watcher's word is given by hand (conftest.StillFollower):
    what the app does with it is what is tested, not how soon the OS tells."""
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p1"))]) == 0
    app = KpiApp(Workspace(root), period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [follower] = followers
        assert follower.root == root
        before = app.loaded
        assert before is not None and before.dataset.post_days["posts"].sum() == 1
        follower.changed({"kpitui.toml"})  # the folder stirred, the data did not change
        await settle(pilot)
        assert app.loaded is before  # not read again
        more = export(tmp_path / "more.csv", "p2", "2026-02-01")
        assert await asyncio.to_thread(main, ["--workspace", str(root), "import", str(more)]) == 0
        follower.changed({"imports.json", "posts.parquet"})
        await settle(pilot)
        assert app.loaded is not None and app.loaded.dataset.post_days["posts"].sum() == 2
        assert app.view is not None and app.view.period.label == "2026-Q1"
        networks = {r[0]: r for r in rows(app.screen.query_one("#networks", DataTable))}
        assert networks["X"][2].startswith("100")  # two posts of 50 impressions
        screen = await import_screen(pilot)
        assert [r["File"] for r in named(screen, "#history")] == ["more.csv", "first.csv"]


async def test_an_empty_workspace_that_another_kpitui_fills_leaves_the_demo(
    tmp_path: Path, followers: list[StillFollower]
) -> None:
    root = tmp_path / "not" / "yet" / "ws"
    app = KpiApp(Workspace(root))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.loaded is not None and app.loaded.demo
        first = export(tmp_path / "first.csv", "p1")
        assert await asyncio.to_thread(main, ["--workspace", str(root), "import", str(first)]) == 0
        followers[-1].changed({"not"})  # what the nearest folder there was says
        await settle(pilot)
        assert app.loaded is not None and not app.loaded.demo
        assert app.loaded.dataset.post_days["posts"].sum() == 1


async def test_objectives_added_from_the_command_line_show_without_reading_the_data(
    tmp_path: Path, followers: list[StillFollower]
) -> None:
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p1"))]) == 0
    app = KpiApp(Workspace(root), period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        data = app.loaded.dataset if app.loaded else None
        args = ["--network", "x", "--kpi", "posts", "--target", "3", "--period", "2026-Q1", "--id", "three"]
        assert main(["--workspace", str(root), "objectives", "add", *args]) == 0
        followers[-1].changed({"objectives.toml"})
        await settle(pilot)
        assert app.loaded is not None and app.loaded.dataset is data  # the data not read again
        assert [o.id for o in app.loaded.objectives.objectives] == ["three"]
        assert str(app.screen.query_one("#summary", Static).render()) == "Objectives: ● 1 on track"
        table = app.screen.query_one("#objectives", DataTable)
        header = [str(getattr(c.label, "plain", c.label)) for c in table.ordered_columns]
        [shown] = [dict(zip(header, row, strict=True)) for row in rows(table)]
        assert [shown["Objective"], shown["Period"], shown["Value"]] == [
            "X posts ≥ 3 in 2026-Q1",
            "2026-Q1",
            "1",
        ]


async def import_elsewhere_and_see(pilot: Any, app: KpiApp, root: Path, tmp_path: Path) -> None:
    """Import a second post with the CLI, as another kpitui would, and wait until the app shows
    both (the app polls: it cannot watch the workspace)."""
    more = export(tmp_path / "more.csv", "p2")
    assert await asyncio.to_thread(main, ["--workspace", str(root), "import", str(more)]) == 0
    await until(
        pilot,
        lambda: app.loaded is not None and app.loaded.dataset.post_days["posts"].sum() == 2,
        "reread",
    )


async def test_a_workspace_that_cannot_be_watched_is_said_and_checked_on_a_timer(
    tmp_path: Path, followers: list[StillFollower], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.05)
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p1"))]) == 0
    log: list[object] = []
    app = KpiApp(Workspace(root), period="2026-Q1")
    async with app.run_test(size=(120, 40), message_hook=log.append) as pilot:
        await settle(pilot)
        followers[-1].failed("OSError: [Errno 28] inotify watch limit reached")
        await until(pilot, lambda: any(isinstance(m, Notify) for m in log), "a note")
        [note] = [m.notification for m in log if isinstance(m, Notify)]
        assert note.title == "Workspace checked every few seconds" and note.severity == "warning"
        assert "inotify watch limit reached" in note.message and "Reload" in note.message
        await import_elsewhere_and_see(pilot, app, root, tmp_path)
        assert app.is_running


async def test_a_poll_faster_than_a_load_still_lets_the_load_finish(
    tmp_path: Path, followers: list[StillFollower], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine a large workspace takes longer to read than the poll's interval: each
    poll used to start a new load that cancelled the running one, so the import never showed."""
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.02)
    polls = [0]
    checked = KpiApp.check_workspace

    def counted(app: KpiApp, names: Iterable[str] = ()) -> None:
        polls[0] += 1
        checked(app, names)

    monkeypatch.setattr(KpiApp, "check_workspace", counted)
    reads: list[int] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        """Reads once the app has polled three more times: every load is slower than a poll."""
        reads.append(polls[0])
        while polls[0] < reads[-1] + 3 and app.is_running:
            threading.Event().wait(0.01)
        return load(*args, **kwargs)

    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(export(tmp_path / "first.csv", "p1"))]) == 0
    app = KpiApp(Workspace(root), period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(first, "open_session", slow)  # where the app reads
        followers[-1].failed("OSError: [Errno 28] inotify watch limit reached")
        await import_elsewhere_and_see(pilot, app, root, tmp_path)
        assert len(reads) == 1  # one load, not one per poll


class Scripted:
    """A stand-in for watchfiles' Rust backend: each wait runs the next step of a script."""

    def __init__(self, places: list[Path], script: list[Callable[[], set[tuple[int, str]] | str]]) -> None:
        self.places = places
        self.script = script

    def __enter__(self) -> Scripted:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def watch(self, debounce_ms: int, step_ms: int, timeout_ms: int, stop: threading.Event) -> object:
        return self.script.pop(0)()


def test_the_watcher_waits_for_the_workspace_then_watches_its_log(tmp_path: Path) -> None:
    """The workspace does not exist: its nearest folder is watched until an import makes it;
    then the workspace folder and its log's folder are, and what changed there is handed on
    (not the lock, which every reader opens)."""
    root = tmp_path / "brand" / "ws"
    ws = Workspace(root)
    heard: list[set[str]] = []
    watches: list[list[Path]] = []
    stop = threading.Event()

    def first_import() -> set[tuple[int, str]]:
        assert main(["--workspace", str(root), "import", str(export(tmp_path / "a.csv", "p1"))]) == 0
        return {(1, str(tmp_path / "brand"))}

    def finish() -> str:
        stop.set()
        return "stop"

    script: list[Callable[[], set[tuple[int, str]] | str]] = [
        first_import,
        lambda: {(2, str(ws.log_path)), (2, str(root / ".kpitui.lock"))},
        lambda: {(2, str(root / ".kpitui.lock"))},
        finish,
    ]

    def notifier(places: list[Path]) -> Scripted:
        watches.append(places)
        return Scripted(places, script)

    follow.watch(ws, heard.append, stop, notifier)
    assert watches == [[tmp_path], [root, ws.log_path.parent]]
    assert heard == [set(), {"brand"}, set(), {ws.log_path.name}]  # a watch set up, what changed


def test_a_watcher_that_cannot_watch_says_why_once(tmp_path: Path) -> None:
    said: list[str] = []
    heard: list[set[str]] = []

    def refused(places: list[Path]) -> Scripted:
        raise OSError(28, "inotify watch limit reached")

    follow.Follower(Workspace(tmp_path), heard.append, said.append, refused).run()
    assert said == ["OSError: [Errno 28] inotify watch limit reached"] and heard == []


async def test_the_import_screen_draws_once_in_a_new_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual calls the on_mount of every class of a screen: the import screen's own, calling
    AreaScreen's again, made it watch the theme twice and draw twice at each change."""
    drawn: list[str] = []
    original = ImportScreen.redraw

    def counted(self: ImportScreen) -> None:
        drawn.append(self.app.theme)
        original(self)

    monkeypatch.setattr(ImportScreen, "redraw", counted)
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await import_screen(pilot)
        app.theme = themes.LIGHT.name  # as the palette's theme command does
        await settle(pilot)
        assert drawn == [themes.LIGHT.name]
