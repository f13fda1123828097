"""Insights' posts table as a demanding user found it (issue 17): the header says which column
the posts are sorted by and which way, any column sorts, sorting never collapses a column, and
enter shows a post's whole text, literally, with its permalink."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TabbedContent

from kpitui.core import insights as insights_core
from kpitui.tui.app import KpiApp
from kpitui.tui.screens import base as screens_base
from kpitui.tui.screens import insights as insights_screen
from kpitui.tui.screens.insights import InsightsScreen
from kpitui.tui.screens.post import PostScreen
from pilots import WorkerStarts, area, busy, settle, until


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def headers(table: DataTable) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


def column(table: DataTable, key: str) -> list[str]:
    return [str(table.get_cell(row, key)) for row in table.rows]


def drawn(widget: Static) -> str:
    """What the widget shows on screen, line after line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def widths(table: DataTable) -> list[int]:
    return [c.get_render_width(table) for c in table.columns.values()]


async def insights(pilot: Pilot[None]) -> InsightsScreen:
    """The Insights screen of the app started, its numbers drawn."""
    return await area(pilot, "3", InsightsScreen)


async def choose_header(pilot: object, table: DataTable, key: str) -> None:
    index = list(table.columns).index(key)
    column_key = list(table.columns)[index]
    table.post_message(DataTable.HeaderSelected(table, column_key, index, table.columns[column_key].label))
    await settle(pilot)  # type: ignore[arg-type]


async def test_the_posts_header_says_the_sort_and_any_column_sorts(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await insights(pilot)
        screen.query_one("#tabs", TabbedContent).active = "tab-posts"
        await settle(pilot)
        table = screen.query_one("#posts", DataTable)
        shown = len(table.columns)
        assert "Engagement rate ▼" in headers(table)  # top posts: the best first
        await pilot.press("b")
        await settle(pilot)
        assert "Engagement rate ▲" in headers(table) and "Engagement rate ▼" not in headers(table)
        await pilot.press("s")
        await settle(pilot)
        assert "Interactions ▲" in headers(table) and "Engagement rate" in headers(table)
        # a column that is no ranking: the posts shown, newest first, then oldest first
        await choose_header(pilot, table, "published")
        days = column(table, "published")
        assert days == sorted(days, reverse=True) and len(set(days)) > 1
        assert "Published ▼" in headers(table) and "Interactions" in headers(table)
        await choose_header(pilot, table, "published")
        assert column(table, "published") == sorted(days)
        assert "Published ▲" in headers(table)
        await choose_header(pilot, table, "network")
        networks = column(table, "network")
        assert networks == sorted(networks)
        # sorting kept every column, each as wide as it can be drawn
        assert len(table.columns) == shown
        assert all(width > 0 for width in widths(table))


async def test_enter_on_a_post_shows_its_whole_text_literally_and_its_permalink(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await insights(pilot)
        assert screen.data is not None
        await pilot.press("s")  # to the posts tab
        await pilot.press("s", "s")  # back to engagement rate
        await settle(pilot)
        table = screen.query_one("#posts", DataTable)
        table.focus()
        model = screen._posts_table(screen.data)
        first = model.rows[0]
        text, permalink = first.cells[0].value, first.cells[-1].value
        assert isinstance(text, str) and isinstance(permalink, str) and permalink.startswith("https://")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        body = drawn(app.screen.query_one("#post-text", Static))
        assert body.split() == text.split()  # whole, wrapped: not cut to the table's column
        assert permalink in drawn(app.screen.query_one("#post-details", Static)).replace(" ", "")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_a_network_or_period_shown_before_is_not_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`n` round the networks and back, `[` then `]`: what was computed is shown again as it was,
    without a query; a new period is computed (beside its report), once."""
    computed: list[str] = []
    original = insights_core.hashtags

    def counted(*args: Any, **kwargs: Any) -> Any:
        computed.append(args[1].label)
        return original(*args, **kwargs)

    monkeypatch.setattr(insights_core, "hashtags", counted)
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # nothing computed ahead here
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await insights(pilot)
        first = screen.data
        assert first is not None and computed == ["2026-Q4"]
        networks = 1 + len(app.loaded.dataset.networks)  # type: ignore[union-attr]
        for _ in range(networks):
            await pilot.press("n")
            await settle(pilot)
        assert screen.network == "all" and screen.data is first
        assert computed == ["2026-Q4"] * networks  # each network once, "all" not again
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert computed[networks:] == ["2026-Q3"] and screen.data is first


async def test_the_period_before_is_computed_while_one_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Insights left on screen a moment (AHEAD_AFTER): those of the period before are computed
    meanwhile, so `[` draws them with no computation of its own."""
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 0.05)
    starts = WorkerStarts()
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40), message_hook=starts) as pilot:
        screen = await insights(pilot)
        q4 = screen.data
        await until(pilot, lambda: "read_ahead" in starts.of("InsightsScreen"), "a read ahead")
        await until(pilot, lambda: not busy(pilot), "the read ahead done")
        starts.started.clear()
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: "2026-Q3" in str(screen.query_one("#scope").render()), "2026-Q3 shown")
        assert "run_insights" not in starts.of("InsightsScreen")
        assert screen.data is not None and screen.data is not q4 and screen.data.network == "all"


async def test_a_new_period_is_drawn_without_waiting_for_its_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """`[` on Insights: the new period's insights show as soon as they are computed, while the
    report (slowed here) is still being computed; the header names the period they are of."""
    release = threading.Event()
    original = KpiApp._report

    def slow_report(*args: Any) -> Any:
        if app.report is not None:  # the first report comes at once
            release.wait(10)
        return original(*args)

    monkeypatch.setattr(KpiApp, "_report", staticmethod(slow_report))
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await insights(pilot)
        before = app.report
        assert before is not None
        await pilot.press("left_square_bracket")
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.data is not None and "2026-Q3" in str(screen.query_one("#scope").render()):
                break
        assert "2026-Q3" in str(screen.query_one("#scope").render())
        assert app.report is before  # its report is not there yet
        release.set()
        await settle(pilot)
        assert app.report is not before and app.report.period.label == "2026-Q3"  # type: ignore[union-attr]


def reported_on(app: KpiApp) -> str | None:
    """The period of the report the app holds."""
    return None if app.report is None else app.report.period.label


class Held:
    """Insights computed only once `release` is set, from the moment `hold` is, and the periods
    of the reports the app computes, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hold, self.release = threading.Event(), threading.Event()
        self.reported: list[str] = []
        best_times, report = insights_core.best_times, KpiApp._report

        def held(*args: Any, **kwargs: Any) -> Any:
            if self.hold.is_set():
                self.release.wait(10)
            return best_times(*args, **kwargs)

        def recorded(loaded: Any, view: Any, *rest: Any) -> Any:
            self.reported.append(view.period.label)
            return report(loaded, view, *rest)

        monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # no read ahead
        monkeypatch.setattr(insights_core, "best_times", held)
        monkeypatch.setattr(KpiApp, "_report", staticmethod(recorded))

    async def insights(self, pilot: Pilot[None]) -> InsightsScreen:
        """Insights shown with their numbers; from then on, insights are held."""
        screen = await insights(pilot)
        await until(pilot, lambda: screen.data is not None and not busy(pilot), "Q4's insights")
        self.hold.set()
        self.reported.clear()
        return screen


async def test_on_insights_a_new_periods_report_waits_for_its_insights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`[` on Insights: the insights are computed alone (the report would share the cores with
    them), and the period's report right after they are drawn."""
    held = Held(monkeypatch)
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await held.insights(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause(0.3)
        assert held.reported == []  # the insights are still being computed
        held.release.set()
        await until(pilot, lambda: reported_on(app) == "2026-Q3", "Q3's report")
        assert held.reported == ["2026-Q3"]
        assert "2026-Q3" in str(screen.query_one("#scope").render())


async def test_a_report_left_waiting_is_computed_when_another_screen_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`[` on Insights, then `1` before its insights are drawn: the dashboard shows the new
    period's numbers at once, not those of the period before."""
    held = Held(monkeypatch)
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await held.insights(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause(0.1)
        await pilot.press("1")
        await until(pilot, lambda: reported_on(app) == "2026-Q3", "Q3's report")
        assert held.reported == ["2026-Q3"]
        held.release.set()
        await settle(pilot)
        assert "2026-Q3" in str(app.screen.query_one("StatusHeader").render())


async def test_the_loading_indicator_shows_only_when_insights_take_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A period move quicker than LOADING_AFTER replaces the tables without a flash of the
    indicator; a slower one says the screen is working, until the insights are drawn."""
    delay = {"seconds": 0.0}
    original = insights_core.hashtags

    def hashtags(*args: Any, **kwargs: Any) -> Any:
        time.sleep(delay["seconds"])
        return original(*args, **kwargs)

    monkeypatch.setattr(insights_core, "hashtags", hashtags)
    monkeypatch.setattr(screens_base, "LOADING_AFTER", 2.0)  # far longer than the move takes
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # each move computes its period
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await insights(pilot)
        tabs = screen.query_one("#tabs")
        loading: list[bool] = []
        screen.watch(tabs, "loading", lambda value: loading.append(value), init=False)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert loading == [] and "2026-Q3" in str(screen.query_one("#scope").render())
        monkeypatch.setattr(screens_base, "LOADING_AFTER", 0.05)
        delay["seconds"] = 0.5
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert loading == [True, False] and "2026-Q2" in str(screen.query_one("#scope").render())
        assert not tabs.loading
