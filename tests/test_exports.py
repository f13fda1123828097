"""`e` exports what the screen shows (`t`), as data: the dashboard, a network panel and the objectives
list written as CSV read back with polars give the numbers of `kpitui report --format json`
(issue 17's Done-when). Numbers are numbers (`176060`, not `"176,060 (new)"`), ratios fractions,
statuses their ids, a change in a column of its own. Or (`h`) the period's HTML report, whose
objectives are the JSON report's."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import polars as pl
import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from kpitui.core.objectives import STATUS_LABELS
from kpitui.core.views import HEADLINES
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.export import ExportChoice
from test_app import report_json, settle
from test_html_report import Tree


def same(a: object, b: object) -> bool:
    """Equal numbers (a CSV float read back to the last digit written), or both null."""
    if a is None or b is None:
        return a is None and b is None
    assert isinstance(a, int | float) and isinstance(b, int | float), (a, b)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def check_objectives(frame: pl.DataFrame, objectives: list[dict]) -> None:
    """Every objective once, its numbers as in the JSON report."""
    expected = {o["id"]: o for o in objectives}
    assert sorted(frame["ID"].to_list()) == sorted(expected)
    for row in frame.iter_rows(named=True):
        o = expected[row["ID"]]
        assert row["Status"] == o["status"]
        assert row["Objective"] == o["title"]
        assert row["Comparison"] == o["comparison"]
        assert row["Period"] == o["period"]["label"]
        for column, key in [
            ("Value", "value"),
            ("Target", "target"),
            ("Progress", "progress"),
            ("Projected", "projected"),
            ("Needed/day", "needed_per_day"),
        ]:
            assert same(row[column], o[key]), (o["id"], column, row[column], o[key])


@asynccontextmanager
async def demo_app(folder: Path) -> AsyncIterator[tuple[KpiApp, Pilot[None], str]]:
    """The app on the demo, exporting into `folder`, drawn: the app, its pilot, the period's label."""
    app = KpiApp(demo=True, export_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        yield app, pilot, app.report.period.label  # type: ignore[union-attr]


async def test_e_exports_the_numbers_of_the_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with demo_app(tmp_path) as (app, pilot, period):
        await pilot.press("e", "t")  # the dashboard
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#tabs", TabbedContent).active = "tab-facebook"
        await settle(pilot)
        await pilot.press("e", "t")  # Facebook's panel
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("e", "t")  # the objectives list
        await pilot.pause()
    data = report_json(capsys, "--period", period)

    def read(name: str) -> pl.DataFrame:
        return pl.read_csv(tmp_path / f"kpitui-{name}.csv")

    check_objectives(read(f"dashboard-{period}-objectives"), data["objectives"])
    check_objectives(read(f"objectives-{period}-objectives"), data["objectives"])

    grid = read(f"dashboard-{period}-networks")
    assert grid.height == len(data["kpis"]) and grid.schema["Engagement rate"] == pl.Float64
    for row in grid.iter_rows(named=True):
        kpis = data["kpis"][row["Network"]]
        for family, candidates in HEADLINES:
            kpi = row[f"{family} KPI"]
            if kpi is None:  # no KPI of the family has data: none written
                assert all(
                    kpis[k]["value"] is None and kpis[k]["previous"] is None for k in candidates if k in kpis
                )
                assert row[family] is None
                continue
            assert kpi in candidates
            assert same(row[family], kpis[kpi]["value"]), (row["Network"], family)
            assert same(row[f"{family} change"], kpis[kpi]["change"]), (row["Network"], family)
    assert grid.schema["Followers"] in (pl.Int64, pl.Float64)  # a count, not "176,060 (new)"

    panel = read(f"networks-{period}-Facebook")
    facebook = data["kpis"]["facebook"]
    shown = {k for k, v in facebook.items() if v["value"] is not None or v["previous"] is not None}
    assert set(panel["KPI id"].to_list()) == shown
    for row in panel.iter_rows(named=True):
        expected = facebook[row["KPI id"]]
        for column, key in [("Value", "value"), ("Previous", "previous"), ("Change", "change")]:
            assert same(row[column], expected[key]), (row["KPI id"], column)
    assert panel.schema["Value"] == pl.Float64  # ratios as fractions beside counts


async def test_e_then_h_writes_the_periods_html_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with demo_app(tmp_path) as (app, pilot, period):
        await pilot.press("2")  # from any screen: the report is the period's, not the screen's
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportChoice)
        await pilot.press("h")
        path = tmp_path / f"kpitui-report-{period}.html"
        for _ in range(1200):  # the charts take seconds: polled, up to two minutes
            await pilot.pause(0.1)
            if not any(w.group == "export" and w.is_running for w in app.workers):
                break
        messages = [n.message for n in app._notifications]
        assert not isinstance(app.screen, ExportChoice)
    assert f"HTML report written: {path}" in messages
    data = report_json(capsys, "--period", period)
    cards = Tree(path.read_text(encoding="utf-8")).root.having("data-objective")
    assert [c.attrs["data-objective"] for c in cards] == [o["id"] for o in data["objectives"]]
    assert {o["status"] for o in data["objectives"]} == set(STATUS_LABELS)  # every status checked
    for card, objective in zip(cards, data["objectives"], strict=True):
        assert card.attrs["data-status"] == objective["status"]
        for field, key in [
            ("value", "value"),
            ("target", "target"),
            ("progress", "progress"),
            ("projected", "projected"),
        ]:
            [cell] = card.find(data_field=field)
            shown = cell.attrs["data-value"]
            assert same(None if shown == "" else float(shown), objective[key]), (objective["id"], field)
    assert list(tmp_path.glob("*.csv")) == []  # the report only


async def test_escape_exports_nothing(tmp_path: Path) -> None:
    async with demo_app(tmp_path) as (app, pilot, _period):
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportChoice)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportChoice)
    assert list(tmp_path.iterdir()) == []
