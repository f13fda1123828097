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
from kpitui.core.periods import FORMS_HELP, Period
from kpitui.tui.state import View, read_period
from kpitui.tui.text import plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter


def presets(as_of: date) -> list[tuple[str, str]]:
    """(period text, description) of the common choices around `as_of`, those within 1970–2100."""
    quarter = f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    month = f"{as_of.year}-{as_of.month:02d}"
    year = str(as_of.year)
    choices = [
        (quarter, "this quarter"),
        (_before(quarter), "last quarter"),
        (month, "this month"),
        (_before(month), "last month"),
        ("last-7d", "last 7 days"),
        ("last-28d", "last 28 days"),
        ("last-90d", "last 90 days"),
        ("mtd", "month to date"),
        ("qtd", "quarter to date"),
        ("ytd", "year to date"),
        (year, "this year"),
        (_before(year), "last year"),
    ]
    return [(text, what) for text, what in choices if text is not None and _valid(text, as_of)]


def _before(text: str) -> str | None:
    """The label of the period before `text`, None past the edge of what periods allow."""
    try:
        return View(read_period(text, None), "none", None).moved(-1).period.label
    except PeriodError:
        return None


def _valid(text: str, as_of: date | None) -> bool:
    try:
        read_period(text, as_of)
    except PeriodError:
        return False
    return True


class PeriodPicker(ModalScreen[Period | None]):
    """Returns the chosen Period, or None when dismissed."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), *HELP_KEYS]

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    PeriodPicker Label { margin-bottom: 1; }
    PeriodPicker #error { color: $error; height: auto; width: 100%; margin: 0; }
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
                validators=[Function(lambda text: _valid(text, self.as_of), "not a period")],
                id="typed",
            )
            yield Label("", id="error")
            yield OptionList(
                *[Option(f"{text:<24} {what}", id=text) for text, what in presets(self.as_of)],
                id="presets",
            )
            yield Label(f"Forms: {FORMS_HELP}. Enter to apply, Esc to cancel.", classes="help")
        yield KeyFooter()

    @on(Input.Changed, "#typed")
    def _explain(self, event: Input.Changed) -> None:
        error = self.query_one("#error", Label)
        if not event.value.strip():
            error.update("")
            return
        try:
            read_period(event.value, self.as_of)
        except PeriodError as exc:
            error.update(plain(str(exc), single_line=False))
        else:
            error.update("")

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        self._choose(event.value)

    @on(OptionList.OptionSelected, "#presets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(str(event.option.id))

    def _choose(self, text: str) -> None:
        """Close with the period of `text`, or say under the field why it is refused."""
        try:
            self.dismiss(read_period(text, self.as_of))
        except PeriodError as exc:
            self.query_one("#error", Label).update(plain(str(exc), single_line=False))
