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
from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.schema import NETWORK_LABELS
from kpitui.tui.screens.modal import ReadingModal
from kpitui.tui.text import clean
from kpitui.tui.widgets.footer import KeyFooter


def explanation_text(e: Explanation, currency: str) -> Table:
    """The explanation as a Rich table of plain text (file names are untrusted)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(_("KPI"), Text(_("{label} (id: {id})").format(label=e.kpi.label, id=e.kpi.id)))
    grid.add_row(_("Network"), Text(NETWORK_LABELS.get(e.network, e.network)))
    grid.add_row(_("Period"), Text(e.period.describe()))
    grid.add_row(_("Value"), Text(fmt.value(e.value, e.kpi.unit, currency), style="bold"))
    grid.add_row(_("Formula"), Text(e.kpi.formula))
    grid.add_row(_("Counts"), Text(e.basis + (f"; {e.kpi.note}" if e.kpi.note else "")))
    for label, value in e.inputs:
        grid.add_row("  " + _("input"), Text(f"{label} = {input_value(value)}"))
    grid.add_row(
        _("Rows"),
        Text(
            ngettext("{n} row of the workspace", "{n} rows of the workspace", e.rows).format(
                n=fmt.count(e.rows)
            )
        ),
    )
    if e.files:
        for record in e.files:
            when = fmt.moment(record.imported_at)
            grid.add_row(
                "  " + _("from"),
                Text(
                    _("{file} ({format}, imported {when})").format(
                        file=clean(record.name), format=clean(record.label), when=when
                    )
                ),
            )
    else:
        grid.add_row("  " + _("from"), Text(_("no imported file holds rows for it")))
    grid.add_row(
        "",
        Text(
            _(
                "A rate is a ratio of sums over the rows that report both inputs; "
                "null (—) means a sum or denominator is missing or zero."
            ),
            style="dim",
        ),
    )
    return grid


def input_value(value: float | None) -> str:
    """A sum the formula reads: a whole count as counts are written, else up to four decimals
    (in the language's decimal mark), `—` when it is missing."""
    if value is None:
        return fmt.NULL
    if isinstance(value, int) or float(value).is_integer():
        return fmt.count(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return fmt.localized(text, len(text.partition(".")[2])) if "." in text else fmt.count(float(text))


class ExplainScreen(ReadingModal):
    """A modal with the explanation; any of escape, x, q closes it."""

    BINDINGS = [Binding("x", "dismiss", N_("Close"), show=False)]

    def __init__(self, explanation: Explanation, currency: str) -> None:
        super().__init__()
        self.explanation = explanation
        self.currency = currency

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(explanation_text(self.explanation, self.currency), id="explanation")
        yield KeyFooter()
