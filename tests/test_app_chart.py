"""The KPI chart screen (enter on a KPI of the Networks screen), driven with its keys: the
shared keys work there, the chart follows the period, and the chart fits its space."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, TabbedContent

from kpitui.core import format as fmt
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.detail import KpiDetailScreen
from kpitui.tui.screens.explain import ExplainScreen
from kpitui.tui.widgets.chart import Chart
from test_app import cells, settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


async def open_chart(app: KpiApp, pilot: Pilot[None]) -> KpiDetailScreen:
    """Networks, the TikTok tab, down to Views (posts), enter: the chart of TikTok's views."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    tabs = app.screen.query_one(TabbedContent)
    for _ in range(20):  # → moves to the next network (once a wide table is scrolled to its end)
        if tabs.active == "tab-tiktok":
            break
        await pilot.press("right")
        await settle(pilot)
    table = app.screen.query_one("#table-tiktok", DataTable)
    labels = [row[0].strip() for row in cells(table)]
    await pilot.press(*["down"] * (labels.index("Views (posts)") - table.cursor_row), "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, KpiDetailScreen)
    assert (screen.kpi.id, screen.network) == ("views", "tiktok")
    return screen


async def test_explain_and_export_work_on_the_chart(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_chart(app, pilot)
        shown = cells(screen.query_one("#values", DataTable))
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExplainScreen)
        explained = app.screen.explanation
        assert (explained.kpi.id, explained.network) == ("views", "tiktok")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e", "t")
        await pilot.pause()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["kpitui-chart-2026-Q4-TikTok-Views-posts.csv", "kpitui-chart-2026-Q4.md"]
    with (tmp_path / written[0]).open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Week", "Views (posts)", "to date"]
    # what the screen shows, every bucket, as numbers: `14702`, not `14,702`
    assert [[day, fmt.count(float(v)), fmt.count(float(t))] for day, v, t in rows[1:]] == shown


async def test_period_keys_redraw_the_chart(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_chart(app, pilot)
        assert cells(screen.query_one("#values", DataTable))[0][0] == "2026-10-01"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen is screen
        assert "2026-Q3" in str(screen.query_one("#title", Label).render())
        q3 = cells(screen.query_one("#values", DataTable))
        assert q3[0][0] == "2026-07-01" and len(q3) == 14  # the weeks of Q3, all of them
        assert screen.query_one(Chart).data[0][0].isoformat() == "2026-07-01"
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"2026-03", "enter")
        await settle(pilot)
        march = cells(screen.query_one("#values", DataTable))
        assert len(march) == 31 and march[0][0] == "2026-03-01"  # a month is charted per day
        assert "vs 2026-02" in str(screen.query_one("#facts").render())
        await pilot.press("c")
        await settle(pilot)
        assert "vs 2025-03" in str(screen.query_one("#facts").render())


@pytest.mark.parametrize("size", [(120, 40), (160, 48)])
async def test_target_line_keeps_the_axis_on_screen(tmp_path: Path, size: tuple[int, int]) -> None:
    """TikTok views has a target: its value sits on the axis, and no line wraps, so the
    bottom axis and the dates stay in the chart."""
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_chart(app, pilot)
        chart = screen.query_one(Chart)
        assert chart.target == 300_000
        lines = chart.render().plain.split("\n")
        width, height = chart.size.width, chart.size.height
    assert len(lines) == height
    assert all(len(line) <= width for line in lines)
    assert any(line.lstrip().startswith("300,000│") for line in lines)
    assert "└" in lines[-2] and "01 Oct 2026" in lines[-1]
