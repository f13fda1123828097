"""Keys declared once: the footer, the help screen and the command palette read the bindings."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from kpitui.tui.app import KpiApp
from kpitui.tui.screens.help import HelpScreen, key_of
from kpitui.tui.screens.present import PresentScreen
from pilots import settle, until


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the demo workspace once per session, outside the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


AREAS = (("1", "Dashboard"), ("2", "Networks"), ("3", "Insights"), ("4", "Objectives"), ("5", "Import"))


def shown_keys(pilot: Pilot[None]) -> set[str]:
    """The keys the help screen on top shows, read from what it draws (first column of each row)."""
    console = Console(width=240, record=True, file=io.StringIO())
    for static in pilot.app.screen.query(Static):
        if isinstance(static.content, Table):  # the key tables, not the headings and the legend
            console.print(static.content)
    lines = console.export_text().splitlines()
    return {re.split(r"\s{3,}", line)[0] for line in lines if line and not line[0].isspace()}


def footer(pilot: Pilot[None]) -> set[str]:
    """The keys the footer of the current screen shows."""
    return {key_of(b) for _, b, _, _ in pilot.app.screen.active_bindings.values() if b.show}


def bound(pilot: Pilot[None]) -> set[str]:
    """Every key bound on the current screen or the app (whether it does something right now)."""
    nodes = (pilot.app, pilot.app.screen)
    return {key_of(b) for node in nodes for _, b in node._bindings}


async def test_every_key_in_the_footer_is_in_help_and_help_lists_only_bound_keys() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opens")
        listed = shown_keys(pilot)
        await pilot.press("escape")
        everywhere = {k for k in listed if ": " not in k}
        assert {"1", "5", "p", "[", "]", "c", "x", "e", "?", "q", "ctrl+p"} <= everywhere
        on_screens: dict[str, set[str]] = {}
        for key in listed - everywhere:
            screen, _, pressed = key.partition(": ")
            on_screens.setdefault(screen, set()).add(pressed)

        for key, area in AREAS:
            await pilot.press(key)
            await settle(pilot)
            assert getattr(app.screen, "AREA", None) == area
            if area == "Import":  # its path field has the focus and takes letters: leave it first
                await pilot.press("escape")
            shown, live = footer(pilot), bound(pilot)
            assert shown, area
            missing = {k for k in shown if k not in everywhere and k not in on_screens.get(area, set())}
            assert not missing, f"{area}: in the footer, not in help: {missing}"
            unbound = (everywhere | on_screens.get(area, set())) - live
            assert not unbound, f"{area}: in help, bound to nothing: {unbound}"

        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await until(pilot, lambda: type(app.screen).__name__ == "ObjectiveForm", "the form opens")
        form = on_screens["Objective form"]
        assert footer(pilot) <= form | everywhere
        assert form <= bound(pilot)


async def test_the_command_palette_offers_the_keys_of_the_footer() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen) if isinstance(c, SystemCommand)}
        for binding in app.BINDINGS:
            assert not hasattr(binding, "show") or not binding.show or binding.description in commands
        assert commands["Period"].help == "Choose the period (type any form, or pick a common one) (p)"
        await commands["Insights"].callback()
        await settle(pilot)
        assert getattr(app.screen, "AREA", None) == "Insights"
        # the presentation has no room in the footer; the palette offers it
        assert commands["Present"].help == "Presentation mode: a page per objective and network (P)"
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Present")
        await until(pilot, lambda: app.screen.query(CommandList).first().option_count > 0, "the command")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PresentScreen), "the presentation")


def test_screens_read_the_app_and_tell_it_by_messages() -> None:
    """No screen calls into the app or writes its state: they read `kpi_app.<state>` and post
    the typed messages of tui/messages.py, which the app handles on the UI thread."""
    screens = Path(__file__).parents[1] / "src" / "kpitui" / "tui" / "screens"
    uses = {
        (path.name, use)
        for path in screens.glob("*.py")
        for use in re.findall(r"kpi_app\.(\w+\s*[(=]?)", path.read_text())
    }
    assert uses, "the screens read the app's state"
    assert {use.strip() for _, use in uses} <= {"loaded", "view", "report"}, sorted(uses)
