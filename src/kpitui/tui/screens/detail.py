"""One KPI over time: a chart of the period per day, week or month, with the target line.

An area screen like the others: it draws the app's shared Report, so `p`, `[`, `]` and
`c` redraw it for the new period, `x` explains its KPI and `e` exports its table.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static
from textual.worker import Worker, get_current_worker

from kpitui.core import format as fmt
from kpitui.core import kpis, pacing, views
from kpitui.core.dataset import Dataset
from kpitui.core.i18n import N_, _
from kpitui.core.objectives import Evaluation, overlaps
from kpitui.core.report import Report
from kpitui.core.table import Table
from kpitui.tui import render, tables
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.widgets.chart import Chart
from kpitui.tui.widgets.pacing import PacingChart
from kpitui.tui.widgets.table import KpiTable
from kpitui.tui.workers import in_thread

Points = list[tuple[date, float | None]]


class KpiDetailScreen(AreaScreen):
    """Pushed from the Networks screen; escape goes back."""

    AREA = N_("Chart")

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("q", "app.pop_screen", N_("Back"), show=False),
    ]

    DEFAULT_CSS = """
    KpiDetailScreen #title { padding: 0 1; text-style: bold; background: $panel; width: 100%; }
    KpiDetailScreen #facts { padding: 0 1; height: auto; }
    KpiDetailScreen Horizontal { height: 1fr; }
    KpiDetailScreen Chart { width: 1fr; padding: 1 1 0 1; }
    KpiDetailScreen DataTable { width: 46; }
    KpiDetailScreen #pacing { display: none; padding: 1 1 0 1; }
    """

    report: Report | None = None

    def __init__(self, kpi_id: str, network: str) -> None:
        super().__init__()
        self.kpi = kpis.get(kpi_id)
        self.network = network
        self.points: Points = []
        """The KPI per bucket of the report's period, as last drawn (for `e`)."""
        self.charted: Points = []
        """What the chart shows: the running total of an additive count, else `points`."""

    def compose_body(self) -> ComposeResult:
        yield Label("", id="title")
        yield Static(id="facts")
        with Horizontal():
            with Vertical():
                yield Chart(self.kpi.unit, id="chart")
                yield PacingChart(id="pacing")
            yield KpiTable(id="values", cursor_type="row", zebra_stripes=True)

    def objective(self, report: Report) -> Evaluation | None:
        """The objective on this KPI and network whose period overlaps the report's."""
        return next(
            (
                e
                for e in report.evaluations
                if e.objective.kpi == self.kpi.id
                and e.objective.network == self.network
                and overlaps(e, report.period)
            ),
            None,
        )

    def show_report(self, report: Report) -> None:
        self.report = report
        colors = render.palette(self.app)
        network = views.network_name(self.network)
        self.query_one("#title", Label).update(f"{network} · {self.kpi.label} · {report.period.describe()}")
        value = next((v for v in report.values(self.network) if v.kpi.id == self.kpi.id), None)
        facts = Text()
        if value is not None:
            facts.append(fmt.value(value.value, self.kpi.unit, report.currency), style="bold")
            if report.comparison is not None:
                facts.append("  ")
                facts.append_text(render.change(self.kpi, value.change, value.value, value.previous, colors))
                view = self.kpi_app.view
                compared = view.comparison_name() if view is not None else report.comparison.name
                facts.append(" " + _("vs {period}").format(period=compared))
        objective = self.objective(report)
        if objective is not None:
            facts.append("   " + _("objective:") + " ")
            facts.append_text(render.status(objective.status, colors))
            facts.append(
                " "
                + _("{sign} {target} in {period}").format(
                    sign="≥" if objective.objective.comparison == ">=" else "≤",
                    target=fmt.value(objective.objective.target, self.kpi.unit, report.currency),
                    period=objective.period.name,
                )
            )
        facts.append(f"\n{self.kpi.formula}", style="dim")
        self.query_one("#facts", Static).update(facts)
        chart = self.query_one(Chart)
        chart.currency = report.currency
        chart.target_style = f"bold {colors.get('warning', 'yellow')}"
        chart.loading = True
        loaded = self.kpi_app.loaded
        if loaded is not None:
            self.load_series(loaded.dataset, report)
        self.show_pacing(report)

    @in_thread(N_("computing the series"))
    def load_series(self, dataset: Dataset, report: Report) -> None:
        series = views.trends(dataset, report.period, report.as_of)
        mine = series.filter(pl.col("network") == self.network).select("bucket", self.kpi.id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, report, mine)

    def worker_failed(self, worker: Worker[object]) -> str:
        self.query_one(Chart).loading = False
        return ""

    def _show(self, report: Report, frame: pl.DataFrame) -> None:
        """Per-bucket values; an additive count is charted as its running total, so the
        period's target line means what it says (the total to reach by the end)."""
        if report is not self.report:  # the period moved on meanwhile
            return
        self.points = list(frame.iter_rows())
        self.charted = self.points
        if self.kpi.additive:
            total: float | None = None
            self.charted = []
            for bucket, value in self.points:
                if value is not None:
                    total = (total or 0) + value
                self.charted.append((bucket, total))
        objective = self.objective(report)
        chart = self.query_one(Chart)
        chart.plot(self.charted, objective.objective.target if objective is not None else None)
        chart.loading = False
        tables.fill(self.query_one(DataTable), self._table(report), render.palette(self.app))

    def _table(self, report: Report) -> Table:
        """The table beside the chart: each bucket's value (and running total)."""
        title = f"{views.network_name(self.network)} {self.kpi.label}"
        freq = views.freq_for(report.period)
        totals = [total for _, total in self.charted]
        return views.series_table(title, self.kpi, freq, self.points, totals, report.currency)

    def show_pacing(self, report: Report) -> None:
        """Under the chart, the pacing of the KPI's objective when it has one (issue 19)."""
        objective, loaded = self.objective(report), self.kpi_app.loaded
        chart = self.query_one("#pacing", PacingChart)
        chart.display = objective is not None
        if objective is not None and loaded is not None:
            chart.show(None, self.kpi.unit, report.currency, objective.objective.comparison)
            self.load_pacing(loaded.dataset, report, objective)

    @in_thread(N_("computing the pacing"), "pacing")
    def load_pacing(self, dataset: Dataset, report: Report, objective: Evaluation) -> None:
        [line] = pacing.pacings(dataset, [objective])
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_pacing, report, objective, line)

    def _show_pacing(self, report: Report, objective: Evaluation, line: pacing.Pacing) -> None:
        if report is self.report:  # the period moved on meanwhile
            chart = self.query_one("#pacing", PacingChart)
            chart.show(line, self.kpi.unit, report.currency, objective.objective.comparison)

    def focused_kpi(self) -> tuple[str, str] | None:
        return self.kpi.id, self.network

    def export_tables(self) -> list[Table]:
        if self.report is None or not self.points:
            return []
        return [self._table(self.report)]
