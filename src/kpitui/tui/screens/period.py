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
from kpitui.core.i18n import N_, _
from kpitui.core.periods import Period, forms_help
from kpitui.tui.state import View, read_period
from kpitui.tui.text import plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter


def presets(as_of: date) -> list[tuple[str, str]]:
    """(period text, description) of the common choices around `as_of`, those within 1970–2100;
    the text is the stable spelling (what is typed back), the description in the user's language."""
    quarter = f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    month = f"{as_of.year}-{as_of.month:02d}"
    year = str(as_of.year)
    choices = [
        (quarter, N_("this quarter")),
        (_before(quarter), N_("last quarter")),
        (month, N_("this month")),
        (_before(month), N_("last month")),
        ("last-7d", N_("last 7 days")),
        ("last-28d", N_("last 28 days")),
        ("last-90d", N_("last 90 days")),
        ("mtd", N_("month to date")),
        ("qtd", N_("quarter to date")),
        ("ytd", N_("year to date")),
        (year, N_("this year")),
        (_before(year), N_("last year")),
    ]
    return [(text, _(what)) for text, what in choices if text is not None and _valid(text, as_of)]


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

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel")), *HELP_KEYS]

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
            yield Label(_("Period — now {period}").format(period=self.current.describe()))
            yield Input(
                placeholder=_("2026-Q1, 2026-03, last-28d, 2026-01-01..2026-03-31…"),
                validators=[Function(lambda text: _valid(text, self.as_of), _("not a period"))],
                id="typed",
            )
            yield Label("", id="error")
            yield OptionList(
                *[Option(f"{self.named(text):<24} {what}", id=text) for text, what in presets(self.as_of)],
                id="presets",
            )
            yield Label(
                _("Forms: {forms}. Enter to apply, Esc to cancel.").format(forms=forms_help()), classes="help"
            )
        yield KeyFooter()

    def named(self, text: str) -> str:
        """A preset as the user's language names it (`T4 2026` for 2026-Q4); a relative one
        (`last-28d`, `mtd`) as typed, which teaches its form."""
        period = read_period(text, self.as_of)
        return period.name if period.kind in ("month", "quarter", "half", "year") else text

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
