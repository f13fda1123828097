"""Dashboard (`1`): objectives against results for the period, and one row per network.

Meant to be read in ten seconds: a line counting objectives by status, the
objectives most urgent first (status in a word and a symbol, value, target,
progress bar, projection, what is needed per day), then each network's
headline KPI of every family with its change against the comparison period.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS
from kpitui.core.report import Report
from kpitui.core.table import Table
from kpitui.core.views import DashboardView, dashboard
from kpitui.tui import render, tables
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.text import clean
from kpitui.tui.widgets.header import as_of_text
from kpitui.tui.widgets.table import KpiTable


def objectives_title(view: DashboardView) -> str:
    """The objectives' title: when they are evaluated, and how many are of the period shown."""
    if not view.objectives:
        return _("Objectives")
    report = view.report
    day = as_of_text(report.as_of)
    title = _("Objectives evaluated as of {day}: {n} in {period} first").format(
        day=day, n=view.overlapping, period=report.period.name
    )
    others = len(view.objectives) - view.overlapping
    if others:
        title += ngettext(", then {n} of another period", ", then {n} of other periods", others).format(
            n=others
        )
    return title


class DashboardScreen(AreaScreen):
    """Objectives and network summary for the app's period."""

    AREA = N_("Dashboard")
    DRAWS_AT_ONCE = True  # from the report alone

    DEFAULT_CSS = """
    DashboardScreen #summary { padding: 0 1; height: auto; }
    DashboardScreen .section { padding: 1 1 0 1; text-style: bold; }
    DashboardScreen #objectives { height: auto; }
    DashboardScreen #networks { height: auto; }
    DashboardScreen #hint { padding: 0 1; color: $text-muted; height: auto; }
    """

    view: DashboardView | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="summary")
            yield Label(_("Objectives"), classes="section", id="objectives-title")
            yield KpiTable(id="objectives", cursor_type="row", zebra_stripes=True)
            yield Label(_("Networks"), classes="section", id="networks-title")
            yield KpiTable(id="networks", cursor_type="cell", zebra_stripes=True)
            yield Static(id="hint")

    drawn_width = 0

    def relabel(self) -> None:
        self.query_one("#networks-title", Label).update(_("Networks"))
        if self.view is None:
            self.query_one("#objectives-title", Label).update(_("Objectives"))

    def show_report(self, report: Report) -> None:
        self.view = dashboard(report)
        self._draw()

    def on_resize(self) -> None:
        # the column widths depend on the width: draw again only when it changed
        if self.view is not None and self.size.width != self.drawn_width:
            self._draw()

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        self.drawn_width = self.size.width
        colors = render.palette(self.app)
        loaded = self.kpi_app.loaded
        counts = view.counts()
        summary = Text()
        if view.objectives:
            summary.append(_("Objectives: "), style="bold")
            parts = [(s, n) for s, n in counts.items() if n]
            for i, (s, n) in enumerate(parts):
                if i:
                    summary.append("  ·  ")
                summary.append(
                    f"{STATUS_SYMBOLS[s]} {n} {STATUS_LABELS[s]}",
                    style=colors.get(render.STATUS_COLORS[s], ""),
                )
        elif loaded is not None and loaded.objectives_error:
            summary.append(_("objectives.toml cannot be read: "), style=f"bold {colors.get('error', '')}")
            summary.append(clean(loaded.objectives_error))
        else:
            summary.append(_("No objectives yet. "), style="bold")
            summary.append(_("Press 4, then a, to add one."))
        self.query_one("#summary", Static).update(summary)
        self.query_one("#objectives-title", Label).update(objectives_title(view))
        self.query_one("#objectives", DataTable).display = bool(view.objectives)  # no empty header
        self._objectives(view, colors)
        self._networks(view, colors)
        hint = ""
        if loaded is not None and loaded.demo:
            hint = _(
                "DEMO: sample data of an invented brand. Import your own exports with "
                "`kpitui import FILE...`, then run `kpitui`."
            )
        left_out = view.report.traffic_left_out
        if left_out:
            hint += (
                "  "
                + ngettext(
                    "{n} web-traffic row covers a date range that overflows the period and is not counted",
                    "{n} web-traffic rows cover a date range that overflows the period and are not counted",
                    left_out,
                ).format(n=left_out)
                + "."
            )
        self.query_one("#hint", Static).update(hint.strip())

    @property
    def narrow(self) -> bool:
        """Under 100 columns the tables keep their essential columns (readable at 80×24)."""
        return 0 < self.size.width < 100

    def _objectives(self, view: DashboardView, colors: dict[str, str]) -> None:
        table = self.query_one("#objectives", DataTable)
        tables.fill(table, view.objectives_table(), colors, width=self.size.width, narrow=self.narrow)

    def _networks(self, view: DashboardView, colors: dict[str, str]) -> None:
        table = self.query_one("#networks", DataTable)
        tables.fill(table, view.networks_table(), colors, narrow=self.narrow)

    def focused_kpi(self) -> tuple[str, str] | None:
        view = self.view
        if view is None:
            return None
        focused = self.focused
        if focused is not None and focused.id == "networks":
            table = self.query_one("#networks", DataTable)
            row = table.cursor_row
            if not 0 <= row < len(view.summary):
                return None
            network, heads = view.summary[row]
            key = table.coordinate_to_cell_key(table.cursor_coordinate).column_key.value
            head = next((h for h in heads if h.family == key), None)
            return (head.value.kpi.id, network) if head is not None and head.value is not None else None
        table = self.query_one("#objectives", DataTable)
        if view.objectives and 0 <= table.cursor_row < len(view.objectives):
            o = view.objectives[table.cursor_row].objective
            return o.kpi, o.network
        return None

    def export_tables(self) -> list[Table]:
        view = self.view
        return [] if view is None else [view.objectives_table(), view.networks_table()]
