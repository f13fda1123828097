"""The Import screen's history: remove an import, redo it with other options (issue 15, item 4).

Each test presses the keys a person would on the history, then looks at what another screen
shows (the dashboard's numbers), at the history, and at the workspace on disk.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets._footer import FooterKey

from kpitui.cli import main
from kpitui.core import workspace as workspace_module
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.help import screen_keys
from kpitui.tui.screens.importing import ImportScreen
from kpitui.tui.screens.objectives import Confirm
from kpitui.tui.screens.redo import RedoForm
from pilots import idle, settle, until
from test_app_edit import rows
from test_import_screen import TIKTOK, named
from test_reliability_app import export, import_screen, messages, notified, on_disk
from test_store import V1


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def two_posts(tmp_path: Path) -> Workspace:
    """Two imports of one X post each, 50 impressions apiece: 100 in 2026-Q1 together."""
    root = tmp_path / "ws"
    for name, post_id, day in (("first.csv", "p1", "2026-01-05"), ("more.csv", "p2", "2026-02-01")):
        assert main(["--workspace", str(root), "import", str(export(tmp_path / name, post_id, day))]) == 0
    return Workspace(root)


def network_row(app: KpiApp, label: str) -> list[str] | None:
    """The dashboard's row of a network (None when it has none), as drawn (the dashboard shown)."""
    table = app.screen.query_one("#networks", DataTable)
    return next((row for row in rows(table) if row[0] == label), None)


def footer_keys(app: KpiApp) -> set[str]:
    """What the footer offers, as `key description`."""
    return {f"{key.key} {key.description}" for key in app.screen.query(FooterKey)}


async def to_history(pilot: object, screen: ImportScreen) -> None:
    """Tab from the files list to the history, as a person does."""
    screen.query_one("#files").focus()
    history = screen.query_one("#history")
    for _ in range(4):
        await pilot.press("tab")  # type: ignore[attr-defined]
        if screen.focused is history:
            break
    assert screen.focused is history
    await pilot.pause()  # type: ignore[attr-defined]


async def test_an_import_removed_from_the_history_leaves_the_numbers(two_posts: Workspace) -> None:
    log: list[object] = []
    app = KpiApp(two_posts, period="2026-Q1")
    async with app.run_test(size=(120, 40), message_hook=log.append) as pilot:
        await settle(pilot)
        x = network_row(app, "X")
        assert x is not None and x[2].startswith("100")  # two posts of 50 impressions
        screen = await import_screen(pilot)
        screen.query_one("#files").focus()
        await pilot.pause()
        assert not {"delete Remove import", "r Redo import"} & footer_keys(app)
        await to_history(pilot, screen)
        assert {"delete Remove import", "r Redo import"} <= footer_keys(app)
        helped = screen_keys()  # help: the same key does one thing in the history, another in the list
        assert any(k == "Import: delete" and "remove the import under the cursor" in w for k, w in helped)
        assert any(k == "Import: r" and "again with another year, account or format" in w for k, w in helped)
        assert [r["File"] for r in named(screen, "#history")] == ["more.csv", "first.csv"]

        await pilot.press("delete")  # on the newest: more.csv
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the confirmation")
        question = str(app.screen.query_one(Static).render())
        assert "Remove import 2, more.csv" in question
        assert "Its 1 row, covering 2026-02-01..2026-02-01, leaves" in question
        before = on_disk(two_posts)
        await pilot.press("escape")  # changed my mind
        await idle(pilot)
        assert app.screen is screen and on_disk(two_posts) == before
        assert [r["File"] for r in named(screen, "#history")] == ["more.csv", "first.csv"]

        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the confirmation")
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: len(named(screen, "#history")) == 1, "the history loses the import")
        assert [r["File"] for r in named(screen, "#history")] == ["first.csv"]
        said = messages(notified(log))
        assert "Removed import 2 (more.csv" in said and "posts: 0 added, 1 removed, 0 updated" in said
        await pilot.press("1")
        await settle(pilot)
        x = network_row(app, "X")
        assert x is not None and x[2].startswith("50")  # the other post's 50 impressions
    assert [r.name for r in two_posts.imports()] == ["first.csv"]


async def test_redo_with_another_year_moves_a_tiktok_files_numbers(tmp_path: Path) -> None:
    """A TikTok overview whose year was taken from its date (2031): redone with 2025, its views
    (1,520 + 980 + 2,210 = 4,710 in December) land in 2024-Q4."""
    overview = tmp_path / "Overview.csv"
    shutil.copyfile(TIKTOK / "Overview.csv", overview)
    made = datetime(2031, 5, 1, tzinfo=UTC).timestamp()
    os.utime(overview, (made, made))
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(overview), "--account", "tok"]) == 0
    log: list[object] = []
    app = KpiApp(Workspace(root), period="2024-Q4")
    async with app.run_test(size=(80, 24), message_hook=log.append) as pilot:
        await settle(pilot)
        tiktok = network_row(app, "TikTok")
        assert tiktok is None or "4,710" not in " ".join(tiktok)
        screen = await import_screen(pilot)
        await to_history(pilot, screen)
        assert named(screen, "#history")[0]["Covers"] == "2030-12-29..2031-01-01"
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RedoForm), "the redo form")
        form = app.screen
        year = form.query_one("#year", Input)
        assert (year.value, form.query_one("#account", Input).value) == ("", "tok")  # as given
        assert form.query_one("#format", Select).value == "tiktok-overview"  # as detected
        assert form.focused is year
        await pilot.press(*"20")
        await pilot.pause()
        error = form.query_one("#year-error", Static)
        assert error.display and "four digits" in str(error.render())
        assert form.query_one("#save").region.bottom <= 23  # the whole form above the footer at 80×24
        await pilot.press("ctrl+s")  # refused: the year is not one
        await pilot.pause()
        assert app.screen is form
        await pilot.press(*"25")
        await pilot.pause()
        assert not error.display
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "the form closes")
        await settle(pilot)
        await until(
            pilot,
            lambda: named(screen, "#history")[0]["Covers"] == "2024-12-29..2025-01-01",
            "the history shows the new days",
        )
        said = messages(notified(log))
        assert "Import 1 (Overview.csv) read again" in said
        assert "covers 2024-12-29..2025-01-01 (was 2030-12-29..2031-01-01)" in said
        await pilot.press("1")
        await settle(pilot)
        tiktok = network_row(app, "TikTok")
        assert tiktok is not None and "4,710" in " ".join(tiktok)
    dates = Workspace(root).load().daily.get_column("date")
    assert (dates.min(), dates.max()) == (date(2024, 12, 29), date(2025, 1, 1))


async def test_an_import_of_the_first_release_says_it_cannot_be_removed_or_redone(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(V1, root)
    log: list[object] = []
    app = KpiApp(Workspace(root), period="2026-Q1")
    async with app.run_test(size=(120, 40), message_hook=log.append) as pilot:
        screen = await import_screen(pilot)
        before = on_disk(Workspace(root))
        await to_history(pilot, screen)
        await pilot.press("r")
        await idle(pilot)
        assert app.screen is screen
        assert "did not keep the files it imported: it cannot be read again" in messages(notified(log))
        await pilot.press("delete")
        await idle(pilot)
        assert app.screen is screen
        assert "cannot be taken out alone. Nothing was removed." in messages(notified(log))
        assert on_disk(Workspace(root)) == before


async def test_a_removal_while_another_kpitui_holds_the_workspace_changes_nothing(
    two_posts: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "LOCK_TIMEOUT_S", 0.2)
    log: list[object] = []
    app = KpiApp(two_posts, period="2026-Q1")
    async with app.run_test(size=(120, 40), message_hook=log.append) as pilot:
        screen = await import_screen(pilot)
        await to_history(pilot, screen)
        before = on_disk(two_posts)
        with open(two_posts.lock_path, "a+b") as held:
            fcntl.flock(held.fileno(), fcntl.LOCK_EX)
            await pilot.press("delete")
            await until(pilot, lambda: isinstance(app.screen, Confirm), "the confirmation")
            await pilot.press("y")
            await idle(pilot)
        said = messages(notified(log))
        assert "another kpitui has held the workspace" in said and "Nothing was removed" in said
        assert on_disk(two_posts) == before
        assert [r["File"] for r in named(screen, "#history")] == ["more.csv", "first.csv"]
