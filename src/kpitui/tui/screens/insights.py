"""Insights (`3`): what to adjust — when to post, which content, which posts, which hashtags.

One network or all (`n` cycles). Tabs: the best-time heatmap (weekday ×
hour, slots with too few posts marked and never ranked), content types
compared, top or bottom posts in a sortable table (`s` sort, `b` top or
bottom), hashtags. Post text is shown as plain text, never as markup.

The screen needs the period and the networks, not the report: a new period's
insights are computed beside its report and drawn as soon as they are ready,
whichever comes first.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Final

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import DataTable, Label, TabbedContent, TabPane
from textual.worker import Worker, get_current_worker

from kpitui.core import insights, views
from kpitui.core.errors import KpiError, PeriodError
from kpitui.core.i18n import N_, _
from kpitui.core.insights import RankBy
from kpitui.core.periods import Period
from kpitui.core.report import Report
from kpitui.core.schema import ALL
from kpitui.core.session import Memo
from kpitui.core.table import Table
from kpitui.tui import render, tables
from kpitui.tui.messages import ReportDue
from kpitui.tui.screens.base import AreaScreen, LateIndicator
from kpitui.tui.screens.post import PostScreen
from kpitui.tui.state import Loaded, View, within_range
from kpitui.tui.widgets.heatmap import Heatmap
from kpitui.tui.widgets.table import KpiTable
from kpitui.tui.workers import in_thread

SORTS: tuple[RankBy, ...] = tuple(insights.RANKINGS)

Shown = tuple[date, date, str]
"""A period's first and last day and a network: what the screen computes and shows."""


POSTS_SHOWN = 25

AHEAD_AFTER = 0.5
"""Seconds a period's insights stay on screen before those of the period before are computed
ahead (`InsightsScreen._ahead`): a person reading them, not one running through networks or
periods, whose keys would otherwise queue work nobody waits for."""

TABS: Final = {
    "tab-best": N_("Best time"),
    "tab-types": N_("Content types"),
    "tab-posts": N_("Posts"),
    "tab-tags": N_("Hashtags"),
}
"""The tabs' names, by pane id (translated where shown)."""

TABLE_OF: Final = {"tab-best": "best-list", "tab-types": "types", "tab-posts": "posts", "tab-tags": "tags"}
"""The table of each tab, by pane id: a table is filled when its tab is shown."""


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo: Memo[Shown, InsightsData] = Memo(8)
        self._memo_of: Loaded | None = None
        self._memo_lock = threading.Lock()
        self._shown: tuple[Loaded, Shown] | None = None
        """The session and (period start, end, network) of what the tables show."""
        self._wanted: tuple[Loaded, Shown] | None = None
        """What the screen is computing to show next (`want`)."""
        self._worker: Worker[None] | None = None
        self._tabs_loading = LateIndicator(
            self, "#tabs", lambda: self._wanted is not None and self._wanted != self._shown
        )
        self._unfilled: set[str] = set()
        """The tables of hidden tabs not yet filled with the data shown (filled when shown)."""
        self._ahead_timer: Timer | None = None
        """Started when insights are shown: then those of the period before are computed."""

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
        loaded = self.kpi_app.loaded
        if loaded is not None:
            self.want(loaded, report.period)

    def forget_drawn(self) -> None:
        self._shown = None

    def prepare(self, loaded: Loaded, view: View) -> bool:
        """A new period: its insights are computed now and drawn when ready; its report waits
        for them (Insights draws without it)."""
        return self.want(loaded, view.period)

    def refresh_insights(self) -> None:
        """The view's insights for the network now chosen (`n`)."""
        loaded, view = self.kpi_app.loaded, self.kpi_app.view
        if loaded is not None and view is not None:
            self.want(loaded, view.period)

    def want(self, loaded: Loaded, period: Period) -> bool:
        """Show `period`'s insights for the network chosen: at once when they are computed (`n`
        back to a network, `c`, the report of a period already drawn), else once a worker has
        computed them. True while that worker runs: they are drawn later."""
        if self.network != ALL and self.network not in loaded.dataset.networks:
            self.network = ALL
        wanted = (loaded, (period.start, period.end, self.network))
        if wanted == self._shown:
            return False
        data = self._memo_for(loaded).ready(wanted[1])
        if data is not None:
            self._show(loaded, period, data)
            return False
        if wanted == self._wanted and self._worker is not None and self._worker.is_running:
            return True  # being computed (the report of the period the view moved to)
        self._wanted = wanted
        self._worker = self.run_insights(loaded, period, self.network)
        self._tabs_loading.wait(now=self.data is None)  # at once when nothing is shown meanwhile
        return True

    @in_thread(N_("computing insights"), "insights")
    def run_insights(self, loaded: Loaded, period: Period, network: str) -> None:
        """The insights of `period` and `network`, drawn unless cancelled meanwhile (a newer
        period or network, or the screen hidden)."""
        data = self._computed(loaded, period, network)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._ready, loaded, period, data)

    def _ready(self, loaded: Loaded, period: Period, data: InsightsData) -> None:
        """A worker's insights, drawn when they are still what the screen wants."""
        if self._wanted == (loaded, (period.start, period.end, data.network)):
            self._show(loaded, period, data)

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

        return self._memo_for(loaded).get((period.start, period.end, network), compute)

    def _memo_for(self, loaded: Loaded) -> Memo[Shown, InsightsData]:
        """What was computed for `loaded`: kept for one session only, a reload's data starts afresh."""
        with self._memo_lock:
            if self._memo_of is not loaded:
                self._memo, self._memo_of = Memo(8), loaded
            return self._memo

    def worker_failed(self, worker: Worker[object]) -> str:
        self._wanted = None
        self._tabs_loading.done()
        self.post_message(ReportDue())
        return ""

    def _show(self, loaded: Loaded, period: Period, data: InsightsData) -> None:
        self._shown = self._wanted = (loaded, (period.start, period.end, data.network))
        self.data = data
        self._tabs_loading.done()
        self._header()  # the period shown, even when the insights came before the report
        colors = render.palette(self.app)
        self.query_one("#scope", Label).update(
            _("{network} · posts published in {period} · n: network · s: sort · b: top/bottom").format(
                network=views.network_name(data.network), period=period.describe()
            )
        )
        self.query_one(Heatmap).show(data.best, colors.get("accent", ""), untimed=data.untimed)
        self._unfilled = set(TABLE_OF.values())
        self._fill(TABLE_OF[self.query_one("#tabs", TabbedContent).active], data)  # the others when shown
        self.post_message(ReportDue())  # the view's report, which waited for these (`prepare`)
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(AHEAD_AFTER, partial(self._ahead, loaded, period, data.network))

    def _ahead(self, loaded: Loaded, period: Period, network: str) -> None:
        """Compute the insights of the period before the one shown while it is read, unless
        they are computed already: `[`, the way back through the periods, then draws them at
        once. Walking forward again finds the periods it came through in the memo."""
        self._ahead_timer = None
        if not self.is_current or self._shown != (loaded, (period.start, period.end, network)):
            return  # hidden, or another period or network shown meanwhile
        try:
            before = within_range(period.shift(-1))
        except (PeriodError, ValueError, OverflowError):  # the first period kpitui holds
            return
        if self._memo_for(loaded).ready((before.start, before.end, network)) is None:
            self.read_ahead(loaded, before, network)

    @in_thread(N_("computing insights"), "ahead")
    def read_ahead(self, loaded: Loaded, period: Period, network: str) -> None:
        """`period`'s insights into the memo, drawn by nothing: a newer `want` of the same period
        waits for them rather than computing them again (Memo). Nothing is said when they cannot
        be computed: the error shows if that period is asked for."""
        with contextlib.suppress(KpiError, OSError):
            self._computed(loaded, period, network)

    @on(TabbedContent.TabActivated, "#tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self.data is not None and event.pane.id in TABLE_OF:
            self._fill(TABLE_OF[event.pane.id], self.data)

    def _fill(self, table_id: str, data: InsightsData, *, again: bool = False) -> None:
        """Draw one of the four tables (`again`: even when it shows `data` already)."""
        if table_id in self._unfilled or again:
            self._unfilled.discard(table_id)
            tables.fill(
                self.query_one(f"#{table_id}", DataTable),
                self._table(table_id, data),
                render.palette(self.app),
                width=self.size.width,
            )

    def _sorted(self) -> None:
        """`s`, `b` or a header: the posts table re-sorted from what is computed, no new query."""
        self.query_one("#tabs", TabbedContent).active = "tab-posts"
        if self.data is not None:
            self._fill("posts", self.data, again=True)

    def _table(self, table_id: str, data: InsightsData) -> Table:
        """One of the screen's four tables, by its id, as shown and exported."""
        if table_id == "best-list":
            return views.best_times_table(data.best)
        if table_id == "types":
            return views.content_types_table(data.types)
        if table_id == "posts":
            return self._posts_table(data)
        return views.hashtags_table(data.tags)

    def _tables(self, data: InsightsData) -> list[Table]:
        """The screen's four tables, as shown and exported."""
        return [self._table(table_id, data) for table_id in TABLE_OF.values()]

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
        loaded = self.kpi_app.loaded
        if loaded is None:
            return
        choices = [ALL, *loaded.dataset.networks]
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
