"""Networks (`2`): a tab per network with data, its KPIs grouped by family.

Each KPI shows its value, the change against the comparison period, a trend
over the period (a sparkline per day, week or month) and the objective when
one exists. Only the KPIs with data are listed; the network-specific
indicators have their own group. Enter opens a KPI's chart with its target.
"""

from __future__ import annotations

import contextlib
from typing import Any

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import DataTable, Label, TabbedContent, TabPane
from textual.worker import get_current_worker

from kpitui.core import views
from kpitui.core.i18n import N_, _
from kpitui.core.report import Report
from kpitui.core.table import Table
from kpitui.tui import render, tables
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.screens.detail import KpiDetailScreen
from kpitui.tui.widgets.table import KpiTable
from kpitui.tui.workers import in_thread


class NetworksScreen(AreaScreen):
    """KPI panels per network."""

    AREA = N_("Networks")
    DRAWS_AT_ONCE = True  # from the report alone (its trends come in a worker after)

    BINDINGS = [
        Binding("left", "tab(-1)", N_("Prev tab"), show=False, tooltip=N_("Previous network tab")),
        Binding("right", "tab(1)", N_("Next tab"), show=False, tooltip=N_("Next network tab")),
        Binding(
            "enter",
            "open_kpi",
            N_("Chart"),
            show=True,
            tooltip=N_("The focused KPI over time, with its target"),
        ),
    ]

    DEFAULT_CSS = """
    NetworksScreen TabbedContent { height: 1fr; }
    NetworksScreen TabPane { padding: 0; }
    NetworksScreen DataTable { height: 1fr; }
    NetworksScreen #note { height: auto; width: 100%; padding: 0 1; color: $text-muted; }
    """

    report: Report | None = None
    series: pl.DataFrame | None = None
    tabs: tuple[str, ...] = ()
    unfilled: frozenset[str] = frozenset()
    """The networks whose tables do not show the report yet, filled when their tab is shown:
    filling all seven at each draw made `2` after a move take 0.4 s, on the demo as at 1M."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="panels"):
            yield TabbedContent(id="tabs")
            yield Label("", id="note")

    def ready_to_show(self) -> bool:
        # a report of other networks remakes the tabs (mounted after): not before the first paint
        report = self.kpi_app.report
        if self.stale and report is not None and tuple(views.networks_with_data(report)) != self.tabs:
            return False
        return super().ready_to_show()

    def show_report(self, report: Report) -> None:
        self.report = report
        self.series = None
        networks = tuple(views.networks_with_data(report))
        if networks != self.tabs:
            self._rebuild_tabs(networks)
        self._draw()
        self.load_trends(report)

    def _rebuild_tabs(self, networks: tuple[str, ...]) -> None:
        self.tabs = networks
        tabbed = self.query_one("#tabs", TabbedContent)
        tabbed.clear_panes()
        for network in networks:
            table: DataTable[Any] = KpiTable(id=f"table-{network}", cursor_type="row", zebra_stripes=True)
            tabbed.add_pane(TabPane(views.network_name(network), table, id=f"tab-{network}"))

    def relabel(self) -> None:
        tabbed = self.query_one("#tabs", TabbedContent)
        for network in self.tabs:
            tabbed.get_tab(f"tab-{network}").label = views.network_name(network)

    @in_thread(N_("computing trends"), "trends")
    def load_trends(self, report: Report) -> None:
        loaded = self.kpi_app.loaded
        if loaded is None:
            return
        series = views.trends(loaded.dataset, report.period, report.as_of)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._set_series, report, series)

    def _set_series(self, report: Report, series: pl.DataFrame) -> None:
        if report is self.report:
            self.series = series
            self._draw()

    def _draw(self) -> None:
        report = self.report
        if report is None:
            return
        self.unfilled = frozenset(self.tabs)
        self._fill_active()
        trend = {
            "day": _("Trend per day of {period}."),
            "week": _("Trend per week of {period}."),
            "month": _("Trend per month of {period}."),
        }[views.freq_for(report.period)]
        self.query_one("#note", Label).update(
            trend.format(period=report.period.describe())
            + " "
            + _(
                "Post metrics count the posts published in the period, account metrics the days in "
                "it; reach is summed over posts or days. Enter: chart · x: explain · ←/→: network"
            )
        )

    def _fill_active(self) -> None:
        """Fill the table of the tab shown, if it does not show the report yet."""
        network, report = self._active_network(), self.report
        if report is None or not self.unfilled or (network is not None and network not in self.unfilled):
            return
        table = None
        if network is not None:
            with contextlib.suppress(NoMatches):
                table = self.query_one(f"#table-{network}", DataTable)
        if network is None or table is None:  # new tabs, their panes being mounted: once they are
            self.call_after_refresh(self._fill_active)
            return
        self.unfilled -= {network}
        tables.fill(table, views.panel_table(report, self.series, network), render.palette(self.app))
        # start on the first KPI, not on a family's title row
        table.move_cursor(row=min(max(table.cursor_row, 1), max(0, table.row_count - 1)))

    def _active_network(self) -> str | None:
        active = self.query_one("#tabs", TabbedContent).active
        return active.removeprefix("tab-") if active else None

    def _active_table(self) -> DataTable[Any] | None:
        network = self._active_network()
        if network is None:
            return None
        return self.query_one(f"#table-{network}", DataTable)

    def focused_kpi(self) -> tuple[str, str] | None:
        table, network = self._active_table(), self._active_network()
        if table is None or network is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return (key.removeprefix("kpi:"), network) if key.startswith("kpi:") else None

    def action_tab(self, step: int) -> None:
        if not self.tabs:
            return
        network = self._active_network()
        index = self.tabs.index(network) if network in self.tabs else 0
        target = self.tabs[(index + step) % len(self.tabs)]
        self.query_one("#tabs", TabbedContent).active = f"tab-{target}"
        table = self._active_table()
        if table is not None:
            table.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self._fill_active()
        table = self._active_table()
        if table is not None:
            table.focus()

    @on(DataTable.RowSelected)
    def action_open_kpi(self, _selected: DataTable.RowSelected | None = None) -> None:
        """enter (a row selected) or the palette: the focused KPI's chart."""
        focused = self.focused_kpi()
        if focused is not None:
            self.app.push_screen(KpiDetailScreen(*focused))

    def export_tables(self) -> list[Table]:
        report, network = self.report, self._active_network()
        if report is None or network is None:
            return []
        return [views.panel_table(report, self.series, network)]
