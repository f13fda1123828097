"""Status colours a person can read: WCAG AA contrast (4.5:1) in both themes, and a 16-colour
terminal that tells a table's header from its cursor row."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import DataTable

from kpitui.tui import render, themes
from kpitui.tui.app import KpiApp
from test_app import settle

AA: float = 4.5


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def backgrounds(theme: Theme) -> dict[str, Color]:
    """Every background a status is drawn on: the screen, a table's rows (odd, even), its header,
    its unfocused cursor row (the focused one draws its own text colour)."""
    css = theme.to_color_system().generate()
    surface = Color.parse(css["surface"])
    found = {name: Color.parse(css[name]) for name in themes.STATUS_BACKGROUNDS}
    found["even row"] = surface + Color.parse(css["surface-lighten-1"]).multiply_alpha(0.5)
    found["unfocused cursor"] = surface + Color.parse(css["block-cursor-blurred-background"])
    return found


def test_the_app_offers_a_dark_and_a_light_theme_and_starts_dark() -> None:
    app = KpiApp(demo=True)
    assert app.current_theme.name == "kpitui-dark"
    assert {"kpitui-dark", "kpitui-light"} <= set(app.available_themes)


@pytest.mark.parametrize("name", ["kpitui-dark", "kpitui-light"])
def test_every_status_colour_meets_wcag_aa_on_every_background(name: str) -> None:
    theme = KpiApp(demo=True).available_themes[name]
    colors = themes.palette(theme)
    failing = [
        f"{status} ({colors[role]}) on {where}: {contrast(Color.parse(colors[role]), bg):.2f}:1"
        for status, role in render.STATUS_COLORS.items()
        for where, bg in backgrounds(theme).items()
        if contrast(Color.parse(colors[role]), bg) < AA
    ]
    assert not failing


def test_textuals_own_themes_would_not_meet_it() -> None:
    """Why kpitui has its own: the check above is not one every theme passes."""
    for name in ("textual-dark", "textual-light"):
        theme = BUILTIN_THEMES[name]
        error = Color.parse(themes.palette(theme)["error"])
        success = Color.parse(themes.palette(theme)["success"])
        assert (
            min(contrast(error, bg) for bg in backgrounds(theme).values()) < AA
            or min(contrast(success, bg) for bg in backgrounds(theme).values()) < AA
        )


def test_a_theme_of_the_terminals_own_colours_draws_statuses() -> None:
    """`ansi-dark` (in the palette's theme list) names colours `ansi_red`: Rich must read them."""
    colors = themes.palette(BUILTIN_THEMES["ansi-dark"])
    for role in ("success", "warning", "error"):
        assert Style.parse(colors[role]).color is not None
    assert render.status("missed", colors).style == f"bold {colors['error']}"


@pytest.mark.parametrize("colors16", [True, False])
async def test_sixteen_colours_tell_the_header_from_the_cursor_row(tmp_path: Path, colors16: bool) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path, colors16=colors16)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query(DataTable).first()
        header = table.get_component_rich_style("datatable--header")
        cursor = table.get_component_rich_style("datatable--cursor")
        assert bool(header.underline) is colors16
        assert not cursor.underline
        at_risk = render.status("at_risk", render.palette(app))
        assert ("yellow" in str(at_risk.style)) is colors16
