"""The period picker (`p`): type any period form, or choose a common one."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from kpitui.core.errors import PeriodError
from kpitui.core.periods import FORMS_HELP, Period, parse_period


def presets(as_of: date) -> list[tuple[str, str]]:
    """(period text, description) of the common choices around `as_of`."""
    quarter = parse_period(f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}")
    month = parse_period(f"{as_of.year}-{as_of.month:02d}")
    year = parse_period(str(as_of.year))
    return [
        (quarter.label, "this quarter"),
        (quarter.shift(-1).label, "last quarter"),
        (month.label, "this month"),
        (month.shift(-1).label, "last month"),
        ("last-7d", "last 7 days"),
        ("last-28d", "last 28 days"),
        ("last-90d", "last 90 days"),
        ("mtd", "month to date"),
        ("qtd", "quarter to date"),
        ("ytd", "year to date"),
        (year.label, "this year"),
        (year.shift(-1).label, "last year"),
    ]


class PeriodPicker(ModalScreen[Period | None]):
    """Returns the chosen Period, or None when dismissed."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    PeriodPicker Label { margin-bottom: 1; }
    PeriodPicker #error { color: $error; height: auto; margin: 0; }
    PeriodPicker OptionList { height: auto; max-height: 14; }
    """

    def __init__(self, current: Period, as_of: date | None) -> None:
        super().__init__()
        self.current = current
        self.as_of = as_of or date.today()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Period — now {self.current.describe()}")
            yield Input(
                placeholder="2026-Q1, 2026-03, last-28d, 2026-01-01..2026-03-31…",
                validators=[Function(self._valid, "not a period")],
                id="typed",
            )
            yield Label("", id="error")
            yield OptionList(
                *[Option(f"{text:<24} {what}", id=text) for text, what in presets(self.as_of)],
                id="presets",
            )
            yield Label(f"Forms: {FORMS_HELP}. Enter to apply, Esc to cancel.", classes="help")

    def _valid(self, text: str) -> bool:
        try:
            parse_period(text, as_of=self.as_of)
        except PeriodError:
            return False
        return True

    @on(Input.Changed, "#typed")
    def _explain(self, event: Input.Changed) -> None:
        error = self.query_one("#error", Label)
        if not event.value.strip():
            error.update("")
            return
        try:
            parse_period(event.value, as_of=self.as_of)
        except PeriodError as exc:
            error.update(str(exc))
        else:
            error.update("")

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_period(event.value, as_of=self.as_of))
        except PeriodError as exc:
            self.query_one("#error", Label).update(str(exc))

    @on(OptionList.OptionSelected, "#presets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(parse_period(str(event.option.id), as_of=self.as_of))
