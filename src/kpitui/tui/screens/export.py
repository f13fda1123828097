"""What `e` exports: the table in view as CSV (and Markdown), or the period's HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from kpitui.core.errors import KpiError
from kpitui.core.files import atomic_write
from kpitui.core.i18n import _
from kpitui.core.report import Report
from kpitui.core.session import Session
from kpitui.tui.screens.modal import framed
from kpitui.tui.text import plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter

Export = Literal["table", "html"]


class ExportChoice(ModalScreen[Export | None]):
    """Returns "table" (the view's tables as CSV and Markdown) or "html" (the period's report),
    None when dismissed. `t` and `h` choose at once."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("t", "dismiss('table')", "Table", show=False),
        Binding("h", "dismiss('html')", "HTML", show=False),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = (
        framed("ExportChoice", 72)
        + "ExportChoice Label { margin-bottom: 1; } ExportChoice OptionList { height: auto; }"
    )

    def __init__(self, area: str, period: str) -> None:
        super().__init__()
        self.area, self.period = area, period

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(_("Export — {period}").format(period=self.period)))
            yield OptionList(
                Option(
                    plain(_("t  CSV of this table ({area}), with Markdown").format(area=self.area)),
                    id="table",
                ),
                Option(plain(_("h  HTML report of the period, to send")), id="html"),
                id="choices",
            )
        yield KeyFooter()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("html" if event.option.id == "html" else "table")


def write_html_report(loaded: Session, report: Report, folder: Path) -> tuple[str, SeverityLevel]:
    """Write `report`'s HTML page into `folder` as kpitui-report-PERIOD.html (atomically); what to
    tell the user, and how loudly. Runs in a worker: the charts take seconds."""
    from kpitui.core import html_report

    path = folder / f"kpitui-report-{report.period.label}.html"
    try:
        page = html_report.render(loaded, report, sample=loaded.demo)
        atomic_write(path, page.encode("utf-8"))
    except KpiError as exc:  # the logo setting names a missing or unreadable file
        return str(exc), "error"
    except OSError as exc:
        return _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc), "error"
    return _("HTML report written: {path}").format(path=path), "information"
