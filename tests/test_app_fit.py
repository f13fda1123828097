"""What a small terminal keeps: the objective form's fields and buttons, and `? Help` in
every footer, at 80×24 (and the form at 120×40)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Select
from textual.widgets._footer import FooterKey

from kpitui.tui.app import KpiApp
from kpitui.tui.screens.objective_form import ObjectiveForm
from test_app import settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def shown(widget: Widget, screen: Screen) -> bool:
    """The whole widget is on the screen and not scrolled out of its container."""
    region = widget.region
    return bool(region.area) and screen.region.contains_region(region) and widget.visible


def footer_keys(screen: Screen) -> dict[str, Region]:
    """The footer's keys as drawn: key → where it is."""
    return {k.key: k.region for k in screen.query(FooterKey) if k.display}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_objective_form_fits_with_its_buttons(tmp_path: Path, size: tuple[int, int]) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObjectiveForm)
        assert form.focused is form.query_one("#network", Select)  # opens on the first field
        scroll = form.query_one(VerticalScroll)
        assert scroll.max_scroll_y == 0  # nothing to scroll to
        for widget_id in ("#network", "#kpi", "#comparison", "#target", "#period", "#title"):
            assert shown(form.query_one(widget_id), form), widget_id
        for button in form.query(Button):
            assert shown(button, form), button.id
        keys = footer_keys(form)
        assert "ctrl+s" in keys and form.region.contains_region(keys["ctrl+s"])
        assert "question_mark" in keys and form.region.contains_region(keys["question_mark"])


async def footer_help_shown(app: KpiApp) -> bool:
    """`? Help` (or `F1 Help` where a text field has the focus and takes `?`) is on the screen."""
    keys = footer_keys(app.screen)
    return any(k in keys and app.screen.region.contains_region(keys[k]) for k in ("question_mark", "f1"))


async def test_every_screen_shows_help_in_its_footer_at_80x24(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    seen = []
    missing = []

    async def check(*keys: str) -> None:
        await pilot.press(*keys)
        if keys[-1] == "5":
            await pilot.pause(0.2)  # the import screen's folder browser reads on
        else:
            await settle(pilot)
        seen.append(type(app.screen).__name__)
        if seen[-1] != "HelpScreen" and not await footer_help_shown(app):
            missing.append(seen[-1])

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in "1234":
            await check(key)
        await check("2", "enter")  # the chart
        await check("x")  # explain
        await check("escape", "p")  # the period picker (its text field has the focus)
        await check("escape", "escape", "4", "a")  # the objective form
        await check("tab", "tab", "tab")  # its target field
        await check("escape", "delete")  # the confirmation
        await check("escape", "question_mark")  # help itself: esc or ? closes it
        assert "escape" in footer_keys(app.screen)
        await check("escape", "5")  # import, its path field focused
    assert seen == [
        "DashboardScreen",
        "NetworksScreen",
        "InsightsScreen",
        "ObjectivesScreen",
        "KpiDetailScreen",
        "ExplainScreen",
        "PeriodPicker",
        "ObjectiveForm",
        "ObjectiveForm",
        "Confirm",
        "HelpScreen",
        "ImportScreen",
    ]
    assert missing == []
