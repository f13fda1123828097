"""The app's objectives editor and import screen, driven with the keys."""

from __future__ import annotations

import errno
import shutil
import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from kpitui.cli import main
from kpitui.core import objectives
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.dashboard import DashboardScreen
from kpitui.tui.screens.importing import ImportScreen
from kpitui.tui.screens.objective_form import ObjectiveForm
from kpitui.tui.screens.objectives import Confirm, ObjectivesScreen
from pilots import idle, settle

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def rows(table: DataTable) -> list[list[str]]:
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "network,account,post_id,published_at,impressions,likes,comments\n"
        "instagram,acme,1,2026-01-05T10:00:00Z,1000,40,5\n"
        "instagram,acme,2,2026-02-05T10:00:00Z,1000,50,5\n"
        "x,acme,3,2026-02-06T10:00:00Z,2000,10,0\n"
    )
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(posts)]) == 0
    return Workspace(root)


def on_disk(workspace: Workspace) -> list[dict]:
    return tomllib.loads(workspace.objectives_path.read_text()).get("objective", [])


async def fill(
    pilot: Pilot[None],
    target: str,
    period: str = "2026-Q1",
    network: str = "instagram",
    kpi: str = "engagement_rate",
) -> ObjectiveForm:
    form = pilot.app.screen
    assert isinstance(form, ObjectiveForm)
    form.query_one("#network", Select).value = network
    await pilot.pause()
    form.query_one("#kpi", Select).value = kpi
    await pilot.pause()
    period_input = form.query_one("#period", Input)
    period_input.value = period
    target_input = form.query_one("#target", Input)
    target_input.focus()
    target_input.value = ""
    await pilot.press(*target)
    await idle(pilot)
    return form


async def test_add_edit_delete_an_objective(workspace: Workspace) -> None:
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        # no objectives yet: the dashboard says how to add one, with no empty table
        assert "No objectives yet" in str(app.screen.query_one("#summary", Static).render())
        assert not app.screen.query_one("#objectives", DataTable).display
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        await pilot.press("a")
        await pilot.pause()
        form = await fill(pilot, "4.5%")
        assert "= 4.50%" in str(form.query_one("#target-error", Static).render())
        current = str(form.query_one("#current", Static).render())
        assert "Engagement rate 5.00% in 2026-Q1 so far" in current  # (45 + 55) / 2000, while typing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        [saved] = on_disk(workspace)
        assert (saved["network"], saved["kpi"], saved["target"], saved["period"]) == (
            "instagram",
            "engagement_rate",
            0.045,
            "2026-Q1",
        )
        listed = rows(app.screen.query_one(DataTable))
        # a rate while the quarter runs is projected as its value: 5% ≥ 4.5%
        assert listed[0][0].endswith("on track") and "Instagram engagement rate ≥ 4.5%" in listed[0][1]
        # the dashboard shows it at once
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#objectives", DataTable).display
        dashboard = rows(app.screen.query_one("#objectives", DataTable))
        assert dashboard[0][0].endswith("on track")
        # edit: 5.5% is not met (the quarter is running: at risk)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        form = await fill(pilot, "5.5%")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [saved] = on_disk(workspace)
        assert saved["target"] == 0.055 and saved["title"] == "Instagram engagement rate ≥ 5.5% in 2026-Q1"
        assert rows(app.screen.query_one(DataTable))[0][0].endswith("at risk")
        # delete, after a confirmation
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert on_disk(workspace) == []


@pytest.mark.parametrize(
    ("typed", "kpi", "stored", "refused"),
    [
        ("4.5%", "engagement_rate", 0.045, None),
        ("12k", "impressions", 12000.0, None),
        ("12 000", "impressions", 12000.0, None),
        ("lots", "impressions", None, "is not a number"),
        ("4.5%", "impressions", None, "not a rate"),
        ("12k", "engagement_rate", None, "a rate is a percentage"),
    ],
)
async def test_targets_as_people_type_them(
    workspace: Workspace, typed: str, kpi: str, stored: float | None, refused: str | None
) -> None:
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = await fill(pilot, typed, kpi=kpi)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if refused:
            assert app.screen is form  # never saved: the form stays open with the reason
            assert refused in str(form.query_one("#target-error", Static).render())
            assert not workspace.objectives_path.exists()
        else:
            assert [o["target"] for o in on_disk(workspace)] == [stored]


async def test_a_bad_period_is_explained_and_not_saved(workspace: Workspace) -> None:
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = await fill(pilot, "4.5%", period="Q5 2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "not a period" in str(form.query_one("#period-error", Static).render())
    assert not workspace.objectives_path.exists()


async def test_a_broken_objectives_file_is_not_overwritten(workspace: Workspace) -> None:
    workspace.objectives_path.write_text('schema_version = 1\n[[objective]]\nid = "a"\nkpi = 3\n')
    before = workspace.objectives_path.read_bytes()
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        problem = str(app.screen.query_one("#problem", Static).render())
        assert "line 2: objective #1: missing 'network'" in problem
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ObjectivesScreen)  # no form: editing is off
    assert workspace.objectives_path.read_bytes() == before


async def add_paths(pilot: Pilot[None], *paths: Path) -> ImportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    field = screen.query_one("#paths", Input)
    field.focus()
    field.value = " ".join(f'"{p}"' for p in paths)
    await pilot.press("enter")
    await idle(pilot)
    return screen


async def test_import_through_the_screen_from_an_empty_workspace(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    good = FIXTURES / "analytics"
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in sorted(p.name for p in good.glob("*.csv"))[:1]:
        shutil.copy(good / name, exports / name)
    bad = exports / "broken.csv"
    bad.write_text("network,account,post_id,published_at,likes\nx,acme,1,2026-01-05,many\n")
    posts = exports / "posts.csv"
    posts.write_text(
        "network,account,post_id,published_at,likes,impressions\nx,acme,1,2026-01-05T00:00:00Z,5,50\n"
    )
    app = KpiApp(Workspace(root))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.loaded is not None and app.loaded.demo  # an empty workspace opens the demo
        await pilot.press("5")
        await settle(pilot)
        note = app.screen.query_one("#history-note", Static)
        assert note.display and "Nothing imported" in str(note.render())
        screen = await add_paths(pilot, posts, bad)
        files = rows(screen.query_one("#files", DataTable))
        states = {r[0]: r[-1] for r in files}
        assert states == {"posts.csv": "ready", "broken.csv": "refused"}
        by_name = {r[0]: r for r in files}
        assert by_name["posts.csv"][1].startswith("Canonical CSV") and by_name["posts.csv"][5] == "1"
        table = screen.query_one("#files", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.pause()
        details = str(screen.query_one("#details", Static).render())
        assert "row 2, column 'likes'" in details
        await pilot.press("i")
        await settle(pilot)
        await idle(pilot)
        assert app.loaded is not None and not app.loaded.demo  # the first import leaves the demo
        assert app.loaded.workspace.root == root
        assert app.loaded.dataset.post_days["posts"].sum() == 1
        history = rows(screen.query_one("#history", DataTable))
        assert history[0][2] == "posts.csv" and not note.display
        after = {r[0]: r[-1] for r in rows(screen.query_one("#files", DataTable))}
        assert after == {"posts.csv": "imported", "broken.csv": "refused"}  # said, until a new batch
    assert Workspace(root).load().posts["likes"].to_list() == [5]


async def test_cancelling_reading_leaves_the_workspace_unchanged(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file still being read is cancelled with escape: it leaves the list, nothing is written."""
    import threading

    from kpitui.core.importers import Source

    before = {
        p: p.read_bytes() for p in workspace.root.rglob("*") if p.is_file() and p.name != ".kpitui.lock"
    }
    more = tmp_path / "more.csv"
    more.write_text("date,network,account,followers\n2026-01-01,x,acme,10\n")
    release = threading.Event()
    original = Source.read

    def slow_read(self: Source, options: object) -> object:  # a large file: reading takes a while
        release.wait(timeout=10)
        return original(self, options)  # type: ignore[arg-type]

    monkeypatch.setattr(Source, "read", slow_read)
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.add([more])
        await pilot.pause()
        assert screen.query_one("#progress").display  # progress shows while the file is read
        await pilot.press("escape")
        await pilot.pause()
        assert screen.pending == []  # cancelled: the file left the list
        release.set()
        await idle(pilot)
        assert screen.pending == []  # the reading that finished late is discarded
        await pilot.press("i")  # nothing to import
        await idle(pilot)
    after = {p: p.read_bytes() for p in workspace.root.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    assert after == before


class Noting(KpiApp):
    """The app, keeping every notification it shows."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.notes: list[str] = []

    def notify(self, message: str, *, title: str = "", **kw: object) -> None:  # type: ignore[override]
        self.notes.append(f"{title}: {message}")
        super().notify(message, title=title, **kw)  # type: ignore[arg-type]


async def new_objective(pilot: Pilot[None], target: str) -> ObjectiveForm:
    """The objectives screen's form for a new objective, filled in with `target`."""
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    await pilot.press("a")
    await pilot.pause()
    return await fill(pilot, target)


def no_space(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_save_on_a_full_disk_keeps_the_form_open(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk is full: the form says why and stays open with what was typed; once there is room,
    the same form saves. A deletion that cannot be written says so too, and the app goes on."""
    app = Noting(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        form = await new_objective(pilot, "4.5%")
        with monkeypatch.context() as patch:
            patch.setattr(objectives, "atomic_write", no_space)
            await pilot.press("ctrl+s")
            await idle(pilot)
            assert app.screen is form and form.query_one("#target", Input).value == "4.5%"
            said = str(form.query_one("#current", Static).render())
            assert "No space left on device" in said and "Nothing changed" in said
            assert any("Objectives not saved: " in n and "Nothing changed" in n for n in app.notes)
            assert not workspace.objectives_path.exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        assert [o["target"] for o in on_disk(workspace)] == [0.045]
        before = workspace.objectives_path.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(objectives, "atomic_write", no_space)
            await pilot.press("delete")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
        assert workspace.objectives_path.read_bytes() == before
        assert sum("Nothing changed" in n for n in app.notes) == 2
        assert len(rows(app.screen.query_one(DataTable))) == 1
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_a_file_edited_while_the_form_is_open(workspace: Workspace) -> None:
    """objectives.toml is edited by hand while the form is open: the save is refused (the hand edit
    is never written over), the form stays open, and saving again keeps both."""
    app = Noting(workspace, period="2026-Q1")
    async with app.run_test(size=(140, 44)) as pilot:
        form = await new_objective(pilot, "4.5%")
        args = ["--network", "x", "--kpi", "posts", "--target", "3", "--period", "2026-Q1", "--id", "by-hand"]
        assert main(["--workspace", str(workspace.root), "objectives", "add", *args]) == 0
        await pilot.press("ctrl+s")
        await idle(pilot)
        assert app.screen is form
        assert "changed on disk since it was read" in str(form.query_one("#current", Static).render())
        assert [o["id"] for o in on_disk(workspace)] == ["by-hand"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ObjectivesScreen)
        assert [o["id"] for o in on_disk(workspace)] == ["by-hand", "instagram-engagement_rate-2026-q1"]
