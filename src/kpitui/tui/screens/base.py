"""What every area screen shares: the header, the footer, recomputing when the view changes.

A screen draws the app's shared Report (computed once per view by the app)
and may compute more in its own thread worker (trends, insights). It tells
the app which KPI has the focus (for `x`) and what its tables are (for `e`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kpitui.core.i18n import _
from kpitui.core.report import Report
from kpitui.core.table import Table
from kpitui.tui.messages import ReportDue, WorkerFailed
from kpitui.tui.state import Loaded, View
from kpitui.tui.text import plain
from kpitui.tui.widgets.footer import KeyFooter
from kpitui.tui.widgets.header import StatusHeader

LOADING_AFTER: Final = 0.25
"""Seconds numbers may take before a screen shows the loading indicator: a quicker answer (the
start, a new period, the insights of a network) replaces what is shown without a flash of it."""

if TYPE_CHECKING:
    from kpitui.tui.app import KpiApp


class LateIndicator:
    """A widget's loading indicator, shown only once what it waits for has taken LOADING_AFTER
    (or at once, when there is nothing to show meanwhile)."""

    def __init__(self, screen: Screen[None], selector: str, waiting: Callable[[], bool]) -> None:
        """`waiting`: whether the widget still waits, asked when LOADING_AFTER has passed."""
        self._screen, self._selector, self._waiting = screen, selector, waiting
        self._timer: Timer | None = None

    def wait(self, *, now: bool = False) -> None:
        """Show the indicator after LOADING_AFTER (`now`: at once) unless `done` comes first."""
        if now:
            self._show()
        elif self._timer is None:
            self._timer = self._screen.set_timer(LOADING_AFTER, self._show)

    def done(self) -> None:
        """What the widget waited for came: no indicator."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._screen.query_one(self._selector).loading = False

    def _show(self) -> None:
        self._timer = None
        if self._waiting():
            self._screen.query_one(self._selector).loading = True


class KpiScreen(Screen[None]):
    """A screen of the app whose workers' failures go to the app's one handler."""

    @property
    def kpi_app(self) -> KpiApp:
        return self.app  # type: ignore[return-value]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of this screen failed: put the screen right, then tell the app (it reports it)."""
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker, self.worker_failed(event.worker)))

    def worker_failed(self, worker: Worker[object]) -> str:
        """End what waited for `worker` (a loading state, a progress bar); return what became
        of the user's data when the message should say it."""
        return ""

    def language_changed(self) -> None:
        """The app now speaks another language: write this screen's words again (the footer
        follows by itself, see KeyFooter)."""


class AreaScreen(KpiScreen):
    """Base of the Dashboard, Networks and Insights screens."""

    AREA: ClassVar[str] = ""
    """Name shown in the header (translated there: mark it with `N_`) and used, in English, in
    export file names."""

    DEFAULT_CSS = """
    AreaScreen #body {
        height: 1fr;
    }
    AreaScreen .message {
        padding: 1 2;
        color: $text-muted;
    }
    AreaScreen #load-error {
        padding: 1 2;
        color: $error;
    }
    """

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        yield Static("", id="load-error")
        with Container(id="body"):
            yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        return iter(())

    failed: str | None = None
    """Why the workspace cannot be opened, as last told (the banner is written again in
    another language)."""

    stale = False
    """The report changed while the screen was hidden: it is drawn (and its work done) when shown."""

    def on_mount(self) -> None:
        self.watch(self.app, "report", self._report_changed, init=True)
        self.watch(self.app, "loaded", self._header, init=True)
        self.watch(self.app, "load_error", self._load_error, init=True)
        # cells carry the theme's colours: draw them again in a new theme
        self.watch(self.app, "theme", lambda _: self.redraw(), init=False)

    def language_changed(self) -> None:
        """Write the screen's own labels again, and draw its report again (when it is next shown,
        for a screen kept in a mode)."""
        self.relabel()
        self._load_error(self.failed)
        self.redraw()

    def redraw(self) -> None:
        """Draw everything again, in the theme's colours and the current language (now, or when
        next shown for a screen kept in a mode)."""
        self.forget_drawn()
        self._report_changed(self.kpi_app.report)

    def forget_drawn(self) -> None:
        """What the screen drew must be drawn again even for the same data (`redraw`)."""

    def relabel(self) -> None:
        """Write again, in the current language, the words the screen composed once (section
        titles, tab names)."""

    def on_screen_resume(self) -> None:
        self.post_message(ReportDue())  # a report left waiting for the screen shown before
        self._header()
        self.catch_up()

    DRAWS_AT_ONCE: ClassVar[bool] = False
    """The screen draws a report at once, with no work of its own before (a worker's): shown
    again after the report changed, it can catch up before Textual first paints it."""

    left_at: Size | None = None
    """The terminal's size when the screen was last hidden (`ready_to_show`)."""

    def on_screen_suspend(self) -> None:
        self.left_at = self.app.size

    def ready_to_show(self) -> bool:
        """Shown again now, the screen would be drawn as it should from its first paint: made
        already, hidden at the terminal's size (a resize meanwhile lays it out and redraws its
        tables to the new width), and either showing what it drew last, or (DRAWS_AT_ONCE) able
        to draw the report it missed at once (`catch_up`)."""
        if not self.is_mounted or self.left_at != self.app.size:
            return False
        return not self.stale or (self.DRAWS_AT_ONCE and self.kpi_app.report is not None)

    def catch_up(self) -> None:
        """Draw the report that changed while the screen was hidden, now that it is shown."""
        if self.stale:
            self._report_changed(self.kpi_app.report)

    def _header(self, *_: object) -> None:
        app = self.kpi_app
        self.query_one(StatusHeader).show(app.loaded, app.view, self.AREA)

    def _load_error(self, message: str | None) -> None:
        """The workspace cannot be opened: say why, and what to do, in place of the numbers."""
        self.failed = message
        self._header()
        banner = self.query_one("#load-error", Static)
        banner.display = message is not None
        body = self.query_one("#body")
        body.display = message is None
        body.disabled = message is not None  # nor can its fields take the keys (1–5 must work)
        if message is not None:
            banner.update(
                Text("✖ " + _("The workspace cannot be opened") + "\n\n", style="bold")
                + plain(message, single_line=False)
                + Text(
                    "\n\n"
                    + _(
                        "Nothing was changed. Fix the file as said above, then start kpitui again; "
                        "`kpitui demo` opens the demo meanwhile."
                    ),
                    style="italic",
                )
            )

    def _report_changed(self, report: Report | None) -> None:
        """Draw a new report, or, hidden, only remember to: a hidden screen costs nothing, and
        what it was still computing for the report before is cancelled."""
        if not self.is_current:
            self.stale = True
            self.workers.cancel_node(self)
            return
        self.stale = False
        self._header()
        if report is None:
            self._body_loading.wait()  # the header says "loading…" meanwhile
            return
        self._body_loading.done()
        self.show_report(report)

    @cached_property
    def _body_loading(self) -> LateIndicator:
        return LateIndicator(self, "#body", lambda: self.kpi_app.report is None)

    def show_report(self, report: Report) -> None:
        """Draw the report (and start any further work in a worker)."""

    def prepare(self, loaded: Loaded, view: View) -> bool:
        """A new view is shown: start what this screen needs of it besides the report (in a
        worker). True when the screen then draws without the report: the app computes the report
        once the screen posts `ReportDue` (after drawing, or failing), not beside it."""
        return False

    def focused_kpi(self) -> tuple[str, str] | None:
        """(kpi id, network) of the KPI the cursor is on, for the explain view."""
        return None

    def export_tables(self) -> list[Table]:
        """The tables this screen shows (`e` writes them as Markdown and as CSV data)."""
        return []
