"""Insights (`3`): what to adjust — when to post, which content, which posts, which hashtags.

One network or all (`n` cycles). Tabs: the best-time heatmap (weekday ×
hour, slots with too few posts marked and never ranked), content types
compared, top or bottom posts in a sortable table (`s` sort, `b` top or
bottom), hashtags. Post text is shown as plain text, never as markup.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from kpitui.core import insights, views
from kpitui.core.i18n import N_, _
from kpitui.core.insights import RankBy
from kpitui.core.periods import Period
from kpitui.core.report import Report
from kpitui.core.schema import ALL
from kpitui.core.session import Memo
from kpitui.core.table import Table
from kpitui.tui import render, tables
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.screens.post import PostScreen
from kpitui.tui.state import Loaded, View
from kpitui.tui.widgets.heatmap import Heatmap
from kpitui.tui.widgets.table import KpiTable
from kpitui.tui.workers import in_thread

SORTS: tuple[RankBy, ...] = tuple(insights.RANKINGS)


POSTS_SHOWN = 25

TABS: Final = {
    "tab-best": N_("Best time"),
    "tab-types": N_("Content types"),
    "tab-posts": N_("Posts"),
    "tab-tags": N_("Hashtags"),
}
"""The tabs' names, by pane id (translated where shown)."""


@dataclass(frozen=True)
class InsightsData:
    """What the screen computed for a period and a network."""

    network: str
    best: pl.DataFrame
    types: pl.DataFrame
    ranked: pl.DataFrame
    """The posts any sort can show (`insights.ranked_posts`): `s` and `b` re-sort these."""
    tags: pl.DataFrame
    untimed: int = 0
    """Posts of the period left out of the best times: their export gives no time of day."""

    def posts(self, sort: RankBy, bottom: bool) -> pl.DataFrame:
        """The posts table's rows under `sort` and top or `bottom`."""
        return insights.rank_posts(self.ranked, by=sort, n=POSTS_SHOWN, bottom=bottom)


class InsightsScreen(AreaScreen):
    """Insights for the app's period, for one network or all."""

    AREA = N_("Insights")

    BINDINGS = [
        Binding("n", "cycle_network", N_("Network")),
        Binding("s", "cycle_sort", N_("Sort posts")),
        Binding("b", "toggle_bottom", N_("Top/bottom")),
    ]

    DEFAULT_CSS = """
    InsightsScreen #scope { padding: 0 1; height: auto; text-style: bold; }
    InsightsScreen TabbedContent { height: 1fr; }
    InsightsScreen DataTable { height: 1fr; }
    InsightsScreen #best-list { height: 1fr; }
    """

    network: str = ALL
    sort: RankBy = "engagement_rate"
    bottom: bool = False
    order: tuple[str, bool] | None = None
    """The posts shown sorted by another column (its key, descending), from its header."""
    data: InsightsData | None = None
    report: Report | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo: Memo[tuple[date, date, str], InsightsData] = Memo(8)
        self._memo_of: Loaded | None = None
        self._memo_lock = threading.Lock()

    def compose_body(self) -> ComposeResult:
        yield Label("", id="scope")
        with TabbedContent(id="tabs"):
            with TabPane(_(TABS["tab-best"]), id="tab-best"):
                yield Heatmap(id="heatmap")
                yield KpiTable(id="best-list", cursor_type="row", zebra_stripes=True)
            with TabPane(_(TABS["tab-types"]), id="tab-types"):
                yield KpiTable(id="types", cursor_type="row", zebra_stripes=True)
            with TabPane(_(TABS["tab-posts"]), id="tab-posts"):
                yield KpiTable(id="posts", cursor_type="row", zebra_stripes=True)
            with TabPane(_(TABS["tab-tags"]), id="tab-tags"):
                yield KpiTable(id="tags", cursor_type="row", zebra_stripes=True)

    def relabel(self) -> None:
        tabbed = self.query_one("#tabs", TabbedContent)
        for pane, label in TABS.items():
            tabbed.get_tab(pane).label = _(label)

    def show_report(self, report: Report) -> None:
        self.report = report
        networks = [n for n in report.networks if n != ALL]
        if self.network != ALL and self.network not in networks:
            self.network = ALL
        self.refresh_insights()

    def refresh_insights(self) -> None:
        if self.report is not None:
            self.query_one("#tabs").loading = True
            self.run_insights(self.report, self.network)

    def prepare(self, loaded: Loaded, view: View) -> None:
        self.compute_ahead(loaded, view.period, self.network)

    @in_thread(N_("computing insights"), "insights-ahead")
    def compute_ahead(self, loaded: Loaded, period: Period, network: str) -> None:
        """The new period's insights computed beside its report: what `run_insights` then finds
        ready, or waits for, once the report is drawn."""
        with contextlib.suppress(Exception):  # run_insights computes it again and says why not
            self._computed(loaded, period, network)

    @in_thread(N_("computing insights"), "insights")
    def run_insights(self, report: Report, network: str) -> None:
        """The insights of the report's period and `network`, drawn unless cancelled meanwhile (a
        newer period or network, or the screen hidden)."""
        loaded = self.kpi_app.loaded
        if loaded is None:
            return
        data = self._computed(loaded, report.period, network)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, report, data)

    def _computed(self, loaded: Loaded, period: Period, network: str) -> InsightsData:
        """The five insights of `period` and `network`, each computed once (`Memo`: the last few
        periods and networks are kept, so `n` back to a network shown is not computed again)."""

        def compute() -> InsightsData:
            summary = loaded.summary(period).of(period, network)
            return InsightsData(
                network,
                insights.best_times(summary, period),
                insights.content_types(summary, period),
                insights.ranked_posts(summary, period, n=POSTS_SHOWN),
                insights.hashtags(summary, period, n=30),
                insights.untimed_posts(summary, period),
            )

        with self._memo_lock:  # kept for one session only: a reload's data starts afresh
            if self._memo_of is not loaded:
                self._memo, self._memo_of = Memo(8), loaded
            memo = self._memo
        return memo.get((period.start, period.end, network), compute)

    def worker_failed(self, worker: Worker[object]) -> str:
        self.query_one("#tabs").loading = False
        return ""

    def _show(self, report: Report, data: InsightsData) -> None:
        if report is not self.report:
            return
        self.data = data
        self.query_one("#tabs").loading = False
        colors = render.palette(self.app)
        self.query_one("#scope", Label).update(
            _("{network} · posts published in {period} · n: network · s: sort · b: top/bottom").format(
                network=views.network_name(data.network), period=report.period.describe()
            )
        )
        self.query_one(Heatmap).show(data.best, colors.get("accent", ""), untimed=data.untimed)
        for table_id, model in zip(("best-list", "types", "posts", "tags"), self._tables(data), strict=True):
            tables.fill(self.query_one(f"#{table_id}", DataTable), model, colors, width=self.size.width)

    def _sorted(self) -> None:
        """`s`, `b` or a header: the posts table re-sorted from what is computed, no new query."""
        self.query_one("#tabs", TabbedContent).active = "tab-posts"
        if self.data is not None:
            posts = self._posts_table(self.data)
            tables.fill(
                self.query_one("#posts", DataTable), posts, render.palette(self.app), width=self.size.width
            )

    def _tables(self, data: InsightsData) -> list[Table]:
        """The screen's four tables, as shown and exported."""
        return [
            views.best_times_table(data.best),
            views.content_types_table(data.types),
            self._posts_table(data),
            views.hashtags_table(data.tags),
        ]

    def _posts_table(self, data: InsightsData) -> Table:
        """The posts table as shown: `s`, `b`, a header and enter need it alone, not all four."""
        return views.posts_table(self._posts(data), self.sort, self.bottom, order=self.order)

    def _posts(self, data: InsightsData) -> pl.DataFrame:
        """The posts shown: the top (or bottom) by the ranking, in the order of the header chosen."""
        posts = data.posts(self.sort, self.bottom)
        return posts if self.order is None else views.order_posts(posts, *self.order)

    @on(DataTable.RowSelected, "#posts")
    def _open_post(self, event: DataTable.RowSelected) -> None:
        """Enter on a post: its whole text, literally, and its permalink."""
        if self.data is None:
            return
        model = self._posts_table(self.data)
        row = next((r for r in model.rows if r.key == event.row_key.value), None)
        if row is not None:
            self.app.push_screen(PostScreen(model, row))

    def action_cycle_network(self) -> None:
        if self.report is None:
            return
        choices = [ALL, *[n for n in self.report.networks if n != ALL]]
        self.network = choices[(choices.index(self.network) + 1) % len(choices)]
        self.refresh_insights()

    def action_cycle_sort(self) -> None:
        self.sort, self.order = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)], None
        self.notify(views.posts_title(self.sort, self.bottom), timeout=3)
        self._sorted()

    def action_toggle_bottom(self) -> None:
        self.bottom, self.order = not self.bottom, None
        self.notify(views.posts_title(self.sort, self.bottom), timeout=3)
        self._sorted()

    @on(DataTable.HeaderSelected, "#posts")
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        """A ranking's header ranks the posts by it; another column's sorts the posts shown by it,
        the other way when chosen again."""
        key = event.column_key.value
        by = next((by for by in insights.RANKINGS if by == key), None)
        if by is not None:
            self.sort, self.order = by, None
        elif key in views.POST_ORDER:
            again = self.order is not None and self.order[0] == key
            self.order = (key, not self.order[1] if again and self.order else key == "published")
        else:
            return
        self._sorted()

    def focused_kpi(self) -> tuple[str, str] | None:
        return ("engagement_rate", self.network)

    def export_tables(self) -> list[Table]:
        return [] if self.data is None else self._tables(self.data)
