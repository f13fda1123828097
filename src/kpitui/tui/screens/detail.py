"""One KPI over time: a chart of the period per day, week or month, with the target line."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static
from textual.worker import Worker, get_current_worker

from kpitui.core import format as fmt
from kpitui.core import kpis, views
from kpitui.core.objectives import overlaps
from kpitui.core.report import Report
from kpitui.core.schema import NETWORK_LABELS
from kpitui.tui import render
from kpitui.tui.screens.base import KpiScreen
from kpitui.tui.state import Loaded
from kpitui.tui.widgets.chart import Chart
from kpitui.tui.widgets.footer import KeyFooter


class KpiDetailScreen(KpiScreen):
    """Pushed from the Networks screen; escape goes back."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.pop_screen", "Back", show=False),
    ]

    DEFAULT_CSS = """
    KpiDetailScreen #title { padding: 0 1; text-style: bold; background: $panel; width: 100%; }
    KpiDetailScreen #facts { padding: 0 1; height: auto; }
    KpiDetailScreen Horizontal { height: 1fr; }
    KpiDetailScreen Chart { width: 1fr; padding: 1 1 0 1; }
    KpiDetailScreen DataTable { width: 46; }
    """

    def __init__(self, loaded: Loaded, report: Report, kpi_id: str, network: str) -> None:
        super().__init__()
        self.loaded = loaded
        self.report = report
        self.kpi = kpis.get(kpi_id)
        self.network = network
        self.objective = next(
            (
                e
                for e in report.evaluations
                if e.objective.kpi == kpi_id and e.objective.network == network and overlaps(e, report.period)
            ),
            None,
        )

    def compose(self) -> ComposeResult:
        yield Label(
            f"{NETWORK_LABELS.get(self.network, self.network)} · {self.kpi.label} · "
            f"{self.report.period.describe()}",
            id="title",
        )
        yield Static(id="facts")
        with Horizontal():
            with Vertical():
                yield Chart(self.kpi.unit, self.report.currency, id="chart")
            yield DataTable(id="values", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        colors = render.palette(self.app)
        value = next((v for v in self.report.values(self.network) if v.kpi.id == self.kpi.id), None)
        facts = Text()
        if value is not None:
            facts.append(fmt.value(value.value, self.kpi.unit, self.report.currency), style="bold")
            if self.report.comparison is not None:
                facts.append("  ")
                facts.append_text(render.change(self.kpi, value.change, value.value, value.previous, colors))
                facts.append(f" vs {self.report.comparison.label}")
        if self.objective is not None:
            o = self.objective
            facts.append("   objective: ")
            facts.append_text(render.status(o.status, colors))
            facts.append(
                f" {o.objective.comparison} "
                f"{fmt.value(o.objective.target, self.kpi.unit, self.report.currency)}"
                f" in {o.period.label}"
            )
        facts.append(f"\n{self.kpi.formula}", style="dim")
        self.query_one("#facts", Static).update(facts)
        chart = self.query_one(Chart)
        chart.target_style = f"bold {colors.get('warning', 'yellow')}"
        self.query_one("#chart").loading = True
        self.load_series()

    @work(thread=True, exclusive=True, exit_on_error=False, description="computing the series")
    def load_series(self) -> None:
        series = views.trends(self.loaded.dataset, self.report.period, self.report.as_of)
        mine = series.filter(pl.col("network") == self.network).select("bucket", self.kpi.id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, mine)

    def worker_failed(self, worker: Worker[object]) -> str:
        self.query_one("#chart").loading = False
        return ""

    def _show(self, frame: pl.DataFrame) -> None:
        """Per-bucket values; an additive count is charted as its running total, so the
        period's target line means what it says (the total to reach by the end)."""
        points = list(frame.iter_rows())
        charted = points
        if self.kpi.additive:
            total: float | None = None
            charted = []
            for bucket, value in points:
                if value is not None:
                    total = (total or 0) + value
                charted.append((bucket, total))
        target = self.objective.objective.target if self.objective is not None else None
        self.query_one(Chart).plot(charted, target)
        self.query_one("#chart").loading = False
        table = self.query_one(DataTable)
        table.clear(columns=True)
        freq = views.freq_for(self.report.period)
        table.add_column(freq.capitalize(), key="bucket")
        table.add_column(Text(self.kpi.label, justify="right"), key="value")
        if self.kpi.additive:
            table.add_column(Text("to date", justify="right"), key="total")
        for (bucket, value), (_, total) in zip(points, charted, strict=True):
            cells = [Text(bucket.isoformat()), render.number(value, self.kpi.unit, self.report.currency)]
            if self.kpi.additive:
                cells.append(render.number(total, self.kpi.unit, self.report.currency))
            table.add_row(*cells)
