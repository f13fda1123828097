"""Explain (`x`): how the focused number is computed, with its inputs and source files."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from kpitui.core import format as fmt
from kpitui.core.explain import Explanation
from kpitui.core.schema import NETWORK_LABELS
from kpitui.tui.screens.modal import ReadingModal
from kpitui.tui.text import clean
from kpitui.tui.widgets.footer import KeyFooter


def explanation_text(e: Explanation, currency: str) -> Table:
    """The explanation as a Rich table of plain text (file names are untrusted)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("KPI", Text(f"{e.kpi.label} ({e.kpi.id})"))
    grid.add_row("Network", Text(NETWORK_LABELS.get(e.network, e.network)))
    grid.add_row("Period", Text(e.period.describe()))
    grid.add_row("Value", Text(fmt.value(e.value, e.kpi.unit, currency), style="bold"))
    grid.add_row("Formula", Text(e.kpi.formula))
    grid.add_row("Counts", Text(e.basis + (f"; {e.kpi.note}" if e.kpi.note else "")))
    for label, value in e.inputs:
        shown = (
            fmt.count(value)
            if isinstance(value, int)
            else (fmt.NULL if value is None else f"{value:,.4f}".rstrip("0").rstrip("."))
        )
        grid.add_row("  input", Text(f"{label} = {shown}"))
    grid.add_row("Rows", Text(f"{e.rows:,} row(s) of the workspace"))
    if e.files:
        for record in e.files:
            when = record.imported_at[:16].replace("T", " ")
            grid.add_row("  from", Text(f"{clean(record.name)} ({clean(record.label)}, imported {when})"))
    else:
        grid.add_row("  from", Text("no imported file holds rows for it"))
    grid.add_row(
        "",
        Text(
            "A rate is a ratio of sums over the rows that report both inputs; "
            "null (—) means a sum or denominator is missing or zero.",
            style="dim",
        ),
    )
    return grid


class ExplainScreen(ReadingModal):
    """A modal with the explanation; any of escape, x, q closes it."""

    BINDINGS = [Binding("x", "dismiss", "Close", show=False)]

    def __init__(self, explanation: Explanation, currency: str) -> None:
        super().__init__()
        self.explanation = explanation
        self.currency = currency

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(explanation_text(self.explanation, self.currency), id="explanation")
        yield KeyFooter()
