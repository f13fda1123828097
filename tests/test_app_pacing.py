"""The terminal pacing chart (issue 19): what it draws where, in the themes and in 16 colours, and
where the app shows it (the objective detail, the KPI chart)."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, Static

from kpitui.core import i18n
from kpitui.core.objectives import Evaluation, Objective
from kpitui.core.pacing import Pacing
from kpitui.core.periods import Period
from kpitui.tui import themes
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.detail import KpiDetailScreen
from kpitui.tui.screens.objective_detail import ObjectiveDetailScreen, facts
from kpitui.tui.screens.objectives import ObjectivesScreen
from kpitui.tui.widgets.pacing import PacingChart, styles
from pilots import settle, until
from test_app import cells
from test_app_chart import open_chart

APRIL = Pacing(
    start=date(2026, 4, 1),
    end=date(2026, 4, 30),
    to_date=((date(2026, 4, 7), 700.0), (date(2026, 4, 15), 1500.0)),
    target=3000.0,
    projected=(date(2026, 4, 30), 3100.0),
    pace=True,
)
CONSOLE = Console(width=200)


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def drawn(pacing: Pacing, width: int, height: int, colors: dict[str, str] | None = None) -> list[Text]:
    chart = PacingChart()
    chart.show(pacing, "count", "EUR")
    return chart.draw(width, height, styles(colors or {})).split("\n")


def screen_text(app: KpiApp) -> str:
    """What the screen shows, as text (from its SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def style_at(line: Text, column: int) -> str:
    return str(line.get_style_at_offset(CONSOLE, column))


def test_the_chart_puts_the_target_the_value_and_the_dates_where_they_belong() -> None:
    """40 × 13: 10 rows of 4 dots from 3,100 (the projection, the highest) down to 0, 34 columns
    of 2 dots for 1–30 April after a 6-wide axis. 1,500 on the 15th: dot x = 14/29 × 67 → 32
    (column 16), dot y = (3,100 − 1,500)/3,100 × 39 → 20 (row 5); the target 3,000: row 0."""
    lines = drawn(APRIL, 40, 13)
    assert len(lines) == 13 and all(line.cell_len <= 40 for line in lines)
    target = lines[0].plain
    assert target.startswith("3,000│") and target.count("─") >= 30
    assert lines[9].plain.startswith("    0│")
    value = lines[5].plain[6 + 16]
    assert 0x2800 < ord(value) <= 0x28FF
    assert style_at(lines[5], 6 + 16) == "bold blue"  # the value to date, over the pace line there
    assert lines[10].plain == "     └" + "─" * 34
    assert lines[11].plain.split() == ["2026-04-01", "2026-04-30"]
    assert lines[12].plain == "── target ≥ 3,000   ⣀⣀ value to date"  # what fits, whole
    wide = drawn(APRIL, 100, 13)[12].plain
    assert wide == "── target ≥ 3,000   ⣀⣀ value to date   ⠒⠂⠒ projection   ⠁⠂⠄ pace to the target"
    assert all(0x2800 <= ord(c) <= 0x28FF or c == " " for c in lines[3].plain[6:])  # no stray glyph


def test_a_rate_is_scaled_around_its_values_and_the_target_not_from_zero() -> None:
    """4.0% then 4.7% against 4.5%: the axis runs from a round number under 4% to one over 4.7%,
    so the line climbs across the chart instead of lying flat at its top."""
    rate = Pacing(
        date(2026, 4, 1),
        date(2026, 4, 30),
        ((date(2026, 4, 7), 0.04), (date(2026, 4, 14), 0.047)),
        0.045,
        None,
        False,
    )
    chart = PacingChart()
    chart.show(rate, "ratio", "EUR")
    lines = chart.draw(40, 13, styles({})).split("\n")
    labels = [line.plain.split("│")[0].strip() for line in lines[:10]]
    assert labels[0] == "4.81%" and labels[-1] == "3.89%"
    assert any(label == "4.50%" for label in labels[1:-1])
    rows = [i for i, line in enumerate(lines[:10]) if any(0x2800 < ord(c) <= 0x28FF for c in line.plain)]
    assert len(rows) >= 5  # the climb spans half the chart
    assert "pace" not in lines[12].plain and "projection" not in lines[12].plain


def test_a_chart_too_small_says_so_and_a_narrow_legend_keeps_the_target() -> None:
    assert drawn(APRIL, 20, 13)[0].plain == "Too small for the pacing chart."
    legend = drawn(APRIL, 30, 8)[-1].plain
    assert legend == "── target ≥ 3,000"


async def open_objective(app: KpiApp, pilot: Pilot[None], title: str) -> ObjectiveDetailScreen:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    table = app.screen.query_one(DataTable)
    row = next(i for i, r in enumerate(cells(table)) if any(title in c for c in r))
    await pilot.press(*["down"] * (row - table.cursor_row), "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ObjectiveDetailScreen)
    await until(pilot, lambda: screen.explanation is not None, "the pacing and the explanation")
    return screen


async def test_enter_on_an_objective_shows_its_numbers_its_pacing_and_how_it_is_computed() -> None:
    """Sessions from social ≥ 6,000 in Q4 2026, on the demo as of 15 November: 2,691 sessions,
    at risk, 5,382 projected, 71.9 a day still needed (`kpitui demo --format json`)."""
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_objective(app, pilot, "Sessions from social")
        assert str(screen.query_one("#title", Label).render()) == "Sessions from social ≥ 6,000 in Q4 2026"
        facts = str(screen.query_one("#facts", Static).render())
        for shown in (
            "▲ at risk",
            "Value 2,691",
            "Target ≥ 6,000",
            "45%",
            "Projected 5,382",
            "Needed/day 71.9",
        ):
            assert shown in facts
        chart = screen.query_one(PacingChart)
        assert chart.pacing is not None and chart.pacing.target == 6000 and chart.pacing.pace
        assert chart.pacing.latest == (date(2026, 11, 15), 2691.0)
        lines = chart.render().split("\n")
        target = next(line for line in lines if line.plain.lstrip().startswith("6,000│"))
        assert target.plain.count("─") > 40
        assert screen.explanation is not None and screen.explanation.value == 2691
        shown = screen_text(app)
        assert "How it is computed" in shown and "Σtraffic.sessions" in shown and "Σsessions = 2,691" in shown
        await pilot.press("x")  # explains the objective's KPI, as elsewhere
        await settle(pilot)
        assert type(app.screen).__name__ == "ExplainScreen"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ObjectivesScreen)


@pytest.mark.parametrize(
    ("theme", "colors16", "target", "value_color"),
    [
        ("kpitui-dark", False, "#ffa62b", "#539eff"),  # the dark theme's orange, its primary blue lightened
        ("kpitui-light", False, "#6f4400", "#004578"),
        ("kpitui-dark", True, "yellow", "cyan"),  # the terminal's own
    ],
)
async def test_the_chart_draws_in_the_themes_colours_and_in_16(
    theme: str, colors16: bool, target: str, value_color: str
) -> None:
    """The target in the theme's warning colour, the value to date in another (the dark theme's
    accent is its warning's orange: the line would be the target's colour)."""
    app = KpiApp(demo=True, colors16=colors16)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        screen = await open_objective(app, pilot, "TikTok views")
        chart = screen.query_one(PacingChart)
        lines = chart.render().split("\n")
        assert themes.palette(app.current_theme, colors16=colors16)["warning"] == target
        row = next(line for line in lines if line.plain.lstrip().startswith("300,000│"))
        assert style_at(row, row.plain.index("─")) == f"bold {target}"
        value = next(
            (line, i)
            for line in lines
            for i, c in enumerate(line.plain)
            if 0x2800 < ord(c) <= 0x28FF and style_at(line, i).startswith("bold")
        )
        assert style_at(*value) == f"bold {value_color}"


async def test_the_kpi_chart_draws_the_pacing_of_its_objective_and_none_without_one(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_chart(app, pilot)  # TikTok views: ≥ 300,000 in Q4 2026
        chart = screen.query_one("#pacing", PacingChart)
        await until(pilot, lambda: chart.pacing is not None, "the pacing")
        assert chart.display and chart.pacing is not None and chart.pacing.target == 300000
        assert any(line.plain.lstrip().startswith("300,000│") for line in chart.render().split("\n"))
        await pilot.press("escape")
        await settle(pilot)
        other = KpiDetailScreen("posts", "tiktok")  # TikTok has no objective on its posts
        await app.push_screen(other)
        await settle(pilot)
        assert other.query_one("#chart").display and not other.query_one("#pacing", PacingChart).display


def test_the_objectives_numbers_break_between_facts_never_inside_one() -> None:
    """At 40 columns: `▲ at risk   Value 14,694` (24) then `Target ≥ 16,000` (15) joins it
    no more (24 + 3 + 15 = 42); in French, `14 694` has a no-break space Rich would break at."""
    objective = Objective("f", "F", "tiktok", "followers", ">=", 16000, "2026-Q4")
    period = Period(date(2026, 10, 1), date(2026, 12, 31), "quarter", "2026-Q4")
    e = Evaluation(objective, period, date(2026, 11, 15), "at_risk", 14694, 14694, 0.918375, None, 46)
    lines = facts(e, "EUR", {}, 40).plain.split("\n")
    assert lines == [
        "▲ at risk   Value 14,694",
        "Target ≥ 16,000",
        "Progress █████████░  92%",
        "Projected 14,694",
    ]
    with i18n.using("fr"):
        french = facts(e, "EUR", {}, 30).plain.split("\n")
    assert "Prévision 14\u00a0694" in french and all(len(line) <= 30 for line in french)
