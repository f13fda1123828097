"""The kpitui app: a small App class holding the loaded workspace, the view and the report.

Screens are modes (one per area, one key each). The app loads the workspace
and computes the shared Report in thread workers, so the interface never
freezes, and replaces its reactive values when they are ready; screens watch
them and draw.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Final

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.worker import Worker, WorkerState, get_current_worker

from kpitui.core import i18n
from kpitui.core import objectives as objs
from kpitui.core.errors import KpiError, PeriodError
from kpitui.core.i18n import N_, _
from kpitui.core.objectives import Evaluation, ObjectivesFile
from kpitui.core.periods import Period
from kpitui.core.report import Report
from kpitui.core.workspace import OBJECTIVES_FILE, Workspace
from kpitui.tui import themes
from kpitui.tui.first import Preload, WorkspaceRead, read_workspace
from kpitui.tui.follow import Follower
from kpitui.tui.messages import (
    ObjectivesSaved,
    ObjectivesStale,
    ReportDue,
    WorkerFailed,
    WorkspaceWritten,
)
from kpitui.tui.screens.base import AreaScreen, KpiScreen
from kpitui.tui.screens.dashboard import DashboardScreen
from kpitui.tui.state import Loaded, View, report_of
from kpitui.tui.text import clean
from kpitui.tui.widgets.footer import help_keys
from kpitui.tui.workers import in_thread

_SCREENS = Binding.Group(N_("Views"), compact=True)
_PERIOD = Binding.Group(N_("Period"), compact=True)


def _networks() -> Screen[None]:
    from kpitui.tui.screens.networks import NetworksScreen

    return NetworksScreen()


def _insights() -> Screen[None]:
    from kpitui.tui.screens.insights import InsightsScreen

    return InsightsScreen()


def _objectives() -> Screen[None]:
    from kpitui.tui.screens.objectives import ObjectivesScreen

    return ObjectivesScreen()


def _import() -> Screen[None]:
    from kpitui.tui.screens.importing import ImportScreen

    return ImportScreen()


_AREA_SCREENS: Final[dict[str, Callable[[], Screen[None]]]] = {
    "networks": _networks,
    "insights": _insights,
    "objectives": _objectives,
    "import": _import,
}
"""The modes of the areas other than the dashboard (the default screen) and what makes each
screen, when first shown: their modules are imported then (a shorter start)."""


LANGUAGE_NAMES: Final[dict[i18n.Language, str]] = {"en": "English", "fr": "français"}
"""Each language in its own words, as the palette offers it (never translated)."""

POLL_SECONDS: Final = 5.0
"""Where the workspace cannot be watched: how often the app stats its import log instead."""


_frozen = False


def _freeze_once() -> None:
    """What is alive when the first app of the process has mounted (the modules, its widgets)
    lives until the process ends: kept out of every later collection (kpitui.entry says why),
    the one at exit included. Once only: objects frozen are never collected, so a second app in
    the same process (the tests') would freeze its predecessors' garbage with it."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


class WorkspaceStirred(Message):
    """Something changed in the workspace folder (told by the follower's thread)."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names
        """The names of the files that changed (empty: a watch was just set up)."""


class FollowFailed(Message):
    """The workspace cannot be watched: imports made elsewhere show only when asked."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


_AREAS: Final = {
    "dashboard": N_("Dashboard"),
    "networks": N_("Networks"),
    "insights": N_("Insights"),
    "objectives": N_("Objectives"),
    "import": N_("Import"),
}
"""The five areas (modes), keyed 1 to 5 in this order, with the footer's word for each."""

_AREA_HELP: Final = {
    "dashboard": N_("Dashboard: objectives against results, one row per network"),
    "networks": N_("Networks: KPI panels per network, grouped by family; enter opens a KPI's chart"),
    "insights": N_("Insights: best time to post, content types, top and bottom posts, hashtags"),
    "objectives": N_("Objectives: status and progress of each; add, edit, delete"),
    "import": N_("Import: choose export files, preview what they bring, import them; the history"),
}
"""What each area (mode) shows, for help and the palette."""


PALETTE_ONLY: Final = frozenset({"present"})
"""Keys the footer leaves out (no room at 80 columns) that the palette still offers."""


def _area(key: str, mode: str, label: str) -> Binding:
    """The key that shows one of the five areas (its mode), in the footer's group of screens."""
    return Binding(key, f"switch_mode('{mode}')", label, id=mode, group=_SCREENS, tooltip=_AREA_HELP[mode])


def _period(key: str, action: str, id_: str, label: str, tooltip: str, display: str | None = None) -> Binding:
    """A key that changes the period, in the footer's group of period keys."""
    return Binding(key, action, label, key_display=display, id=id_, group=_PERIOD, tooltip=tooltip)


class KpiApp(App[None]):
    """Social media KPIs and objectives in the terminal."""

    TITLE = "kpitui"
    CSS_PATH = Path(__file__).parent / "app.tcss"
    """Absolute, so that subclasses defined elsewhere (tests, benchmarks) find it."""
    DEFAULT_MODE = "dashboard"
    """Its screen is the default screen (`get_default_screen`); the areas' modes are added as
    the app is made (`_AREA_SCREENS`), the dashboard's at mount."""
    BINDINGS = [
        # first, so that the footer shows it at 80 columns whatever a screen adds before;
        # F1 stands in where a text field takes `?` (the footer shows the first it can)
        *help_keys("help"),
        *(_area(str(n), mode, label) for n, (mode, label) in enumerate(_AREAS.items(), start=1)),
        _period(
            "p",
            "pick_period",
            "period",
            N_("Period"),
            N_("Choose the period (type any form, or pick a common one)"),
        ),
        _period(
            "left_square_bracket", "shift_period(-1)", "back", N_("Earlier"), N_("Move the period back"), "["
        ),
        _period(
            "right_square_bracket",
            "shift_period(1)",
            "forward",
            N_("Later"),
            N_("Move the period forward"),
            "]",
        ),
        Binding(
            "c",
            "cycle_comparison",
            N_("Compare"),
            id="compare",
            tooltip=N_("Cycle the comparison: previous period, same period a year before, none"),
        ),
        Binding(
            "x",
            "explain",
            N_("Explain"),
            id="explain",
            tooltip=N_("Explain the focused KPI: formula, sums, files"),
        ),
        Binding(
            "e",
            "export",
            N_("Export"),
            id="export",
            tooltip=N_("Export the view as Markdown and CSV, or the period's HTML report (current folder)"),
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("palette"),
            show=False,
            priority=True,
            tooltip=N_("Command palette: every action, and the theme (light or dark)"),
        ),
        Binding("q", "quit", N_("Quit"), id="quit", show=False, tooltip=N_("Quit")),
        Binding(
            "P",
            "present",
            N_("Present"),
            id="present",
            show=False,
            tooltip=N_("Presentation mode: a page per objective and network"),
        ),
    ]
    """Every key of the app, declared once: the footer shows them, the help screen and the command
    palette are built from them (`tooltip` is the longer text help and the palette show)."""

    loaded: var[Loaded | None] = var(None)
    view: var[View | None] = var(None)
    report: var[Report | None] = var(None)
    load_error: var[str | None] = var(None)
    """Why the workspace could not be opened (damaged data, a broken kpitui.toml): every
    screen shows it in place of its numbers."""

    def __init__(
        self,
        workspace: Workspace | None = None,
        *,
        demo: bool = False,
        period: str | None = None,
        export_dir: Path | None = None,
        colors16: bool | None = None,
        preload: Preload | None = None,
    ) -> None:
        """`colors16`: draw for a terminal of 16 colours (default: when the terminal says so).
        `preload`: the first read of the same `workspace`, `demo` and `period`, under way since
        before Textual was imported (`cli.run_app`; tui/first.py says why)."""
        super().__init__()
        for mode, make in _AREA_SCREENS.items():
            self.add_mode(mode, partial(self._area_screen, make))
        for theme in themes.THEMES:
            self.register_theme(theme)
        # Set as the first value, not a change: the change parses every style sheet again once
        # the app runs (Textual's theme watcher), about 8 ms of the start. The dark and light
        # classes Textual set for its own default stay right: kpitui's default is dark too.
        self.set_reactive(App.theme, themes.DEFAULT)
        self.colors16 = colors16
        self.workspace = workspace
        self.demo = demo
        self.initial_period = period
        self.export_dir = export_dir or Path.cwd()
        self._preload = preload
        self._evaluations: tuple[object, list[Evaluation]] | None = None
        self._follower: Follower | None = None
        self._poll: Timer | None = None
        """The slow check of the change token, where the workspace cannot be watched."""
        self._token: tuple[int, ...] | None = None
        """The workspace's change token when it was last read (`Workspace.change_token`)."""
        self._changed_while_loading: set[str] = set()
        """The names of what changed while a load ran (see `check_workspace`)."""
        self._report_after: tuple[Loaded, View] | None = None
        """The view whose report waits for the screen shown to draw (`watch_view`)."""

    # --- loading and computing ----------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The dashboard, the first screen. Made as the default screen rather than as a mode's:
        Textual then mounts it without refreshing every style sheet first (10 ms of the start),
        and it is drawn in the theme's colours (a mode's first screen made as `_area_screen`
        does is not: its labels came out dark on dark)."""
        return self._area_screen(DashboardScreen)

    def _area_screen(self, make: Callable[[], Screen[None]]) -> Screen[None]:
        """An area's screen, made when first shown, and marked styled as the app is now.

        Textual refreshes every style sheet (a parse, a restyle of every widget) when it shows
        a mode's screen whose count of style updates is behind the app's, as a new screen's
        always is: twice on a first `2` or `3`, about 50 ms of it (benchmarks/README.md, issue 16
        part G). A screen made now has nothing to catch up: its widgets take the style sheet
        as it is when they mount, and a later change (a theme) refreshes it as usual."""
        screen = make()
        screen._css_update_count = self._css_update_count
        return screen

    _switching_to_drawn = False
    """A switch of mode is under way to a screen drawn as it should be (`switch_mode`)."""

    def switch_mode(self, mode: str) -> AwaitMount:
        """Textual's, without its 50 ms hold of the terminal (`delay_update`) when the area
        switched to is made already and drawn as it should be before Textual first paints it
        (`AreaScreen.ready_to_show`): it shows what it drew, or it draws the report it missed
        here, at once. The hold masks a screen being built or drawn, and such a screen is
        neither: a switch back takes the restyle and the render Textual does, not 50 ms more
        (benchmarks/README.md, issue 16 part H)."""
        stack = self._screen_stacks.get(mode)
        screen = stack[-1] if stack and mode != self.current_mode else None
        ready = screen if isinstance(screen, AreaScreen) and screen.ready_to_show() else None
        self._switching_to_drawn = ready is not None
        try:
            shown = super().switch_mode(mode)
        finally:
            self._switching_to_drawn = False
        if ready is not None and ready.is_current:
            ready.catch_up()
        return shown

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._switching_to_drawn:
            super().delay_update(delay)

    def on_mount(self) -> None:
        _freeze_once()
        self.add_mode("dashboard", DashboardScreen)  # for `1`: its screen exists, no second is made
        if self.colors16 is None:  # a terminal says; a headless run (tests, screenshots) has none
            self.colors16 = not self.is_headless and self.console.color_system in ("standard", "windows")
        if self.colors16:  # the terminal's own 16 colours, not the theme's mapped to the nearest
            self.add_class(themes.COLORS16)
            self.ansi_color = True
        self._token = self.workspace.change_token() if self.workspace is not None else None
        if self.workspace is not None:
            self.workspace.notice = self._converted
        preload, self._preload = self._preload, None
        self.load_workspace(preload)
        self._follow()

    def on_unmount(self) -> None:
        if self._follower is not None:
            self._follower.stop()

    @in_thread(N_("loading the workspace"), "load")
    def load_workspace(self, preload: Preload | None = None) -> None:
        """Read the workspace and compute its first report in one worker: the dashboard gets
        its numbers in a single hop to the UI thread (a shorter start). The first read may be
        under way already (`preload`, started by the command before Textual was imported). The
        same workspace read again (an import) keeps the period and comparison in view. A
        workspace of an earlier release is converted on the way, which a notification says."""
        before, shown, workspace = self.loaded, self.view, self.workspace
        if preload is not None:
            read = preload.result()
        else:
            same = (
                before is not None
                and not before.demo
                and workspace is not None
                and before.workspace.root == workspace.root
            )
            keep = shown if same and not self.demo else None
            read = read_workspace(workspace, demo=self.demo, period=self.initial_period, keep=keep)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._set_loaded, read)

    def _converted(self, message: str) -> None:
        """Told by the workspace (in the loading worker) that it converted an earlier release's."""
        self.call_from_thread(self._say_converted, message)

    def _say_converted(self, message: str) -> None:
        self.notify(message, title=_("Workspace converted"), timeout=20)

    def _set_loaded(self, read: WorkspaceRead) -> None:
        """The loading worker's result, taken on the UI thread (the worker changes no state)."""
        loaded, view, report = read.loaded, read.view, read.report
        self.workers.cancel_group(self, "report")  # a report of the data before is stale
        self._report_after = None
        self._token = read.token
        self._evaluations = ((id(loaded), view.as_of), report.evaluations)
        self.load_error = None
        self.loaded = loaded
        self.set_reactive(KpiApp.view, view)  # its report is already computed: no watcher
        self.report = report
        for notice in read.notices:  # told while the app was starting (`Preload`)
            self._say_converted(notice)
        if loaded.objectives_error:
            self.notify(
                loaded.objectives_error, title=_("objectives.toml not read"), severity="error", timeout=15
            )
        if loaded.imports_error:
            self.notify(
                loaded.imports_error, title=_("Import history not read"), severity="error", timeout=15
            )

    # --- changes made in the app --------------------------------------------------------------

    def objectives_saved(self, saved: ObjectivesFile) -> None:
        """objectives.toml was written: evaluate the new objectives and redraw every screen."""
        if self.loaded is not None:
            self._evaluations = None
            self.loaded = replace(self.loaded, objectives=saved, objectives_error=None)
            if self.view is not None:
                self.build_report(self.loaded, self.view)

    @in_thread(N_("reading objectives"), "load")
    def reload_objectives(self) -> None:
        """Read objectives.toml again (after a hand edit), keeping the data."""
        loaded = self.loaded
        if loaded is None:
            return
        try:
            fresh, error = objs.load(loaded.objectives.path), None
        except KpiError as exc:
            fresh, error = ObjectivesFile(loaded.objectives.path, (), "broken"), str(exc)
        self.call_from_thread(self._objectives_reloaded, fresh, error)

    def _objectives_reloaded(self, fresh: ObjectivesFile, error: str | None) -> None:
        if self.loaded is None:
            return
        current = self.loaded.objectives
        if (
            error is None
            and self.loaded.objectives_error is None
            and fresh.fingerprint == current.fingerprint
        ):
            return  # the file the app wrote, or a save that changed nothing
        self._evaluations = None
        self.loaded = replace(self.loaded, objectives=fresh, objectives_error=error)
        if error:
            self.notify(error, title=_("objectives.toml not read"), severity="error", timeout=15)
        if self.view is not None:
            self.build_report(self.loaded, self.view)

    def switch_workspace(self, workspace: Workspace) -> None:
        """Show `workspace` (after an import; leaves the demo for the real workspace)."""
        self.workspace, self.demo = workspace, False
        workspace.notice = self._converted
        self.load_workspace()
        self._follow()

    # --- what the screens tell ------------------------------------------------------------------

    @on(ObjectivesSaved)
    def _objectives_written(self, message: ObjectivesSaved) -> None:
        self.objectives_saved(message.saved)

    @on(ObjectivesStale)
    def _objectives_stale(self) -> None:
        self.reload_objectives()

    @on(WorkspaceWritten)
    def _workspace_written(self, message: WorkspaceWritten) -> None:
        self.switch_workspace(message.workspace)

    @on(WorkerFailed)
    def _screen_worker_failed(self, message: WorkerFailed) -> None:
        self.handle_worker_error(message.worker, message.note)

    # --- following the workspace ------------------------------------------------------------

    def _follow(self) -> None:
        """Watch the workspace shown (or the empty one the demo stands in for), so that an import
        made by another kpitui shows here (tui/follow.py); `kpitui demo` follows nothing."""
        workspace = self.workspace if not self.demo else None
        follower = self._follower
        if follower is not None and workspace is not None and follower.root == workspace.root:
            return
        if follower is not None:
            follower.stop()
        self._follower = (
            Follower(
                workspace, lambda names: self.post_message(WorkspaceStirred(names)), self._cannot_follow
            ).start()
            if workspace is not None
            else None
        )

    def _cannot_follow(self, reason: str) -> None:
        self.post_message(FollowFailed(reason))

    @on(WorkspaceStirred)
    def _stirred(self, message: WorkspaceStirred) -> None:
        self.check_workspace(message.names)

    def check_workspace(self, names: Iterable[str] = ()) -> None:
        """Read the workspace again when its data changed since it was read (one stat), or its
        objectives when `names` (what changed) holds objectives.toml."""
        workspace = self.workspace
        if workspace is None or self.demo:
            return
        if self._loading():
            # A new load would cancel the running one, and a poll faster than a load (a large
            # workspace on a busy machine) would then never let one finish: what changed is
            # checked when the running load is done (`on_worker_state_changed`).
            self._changed_while_loading.update(names)
            return
        names = {*names, *self._changed_while_loading}
        self._changed_while_loading.clear()
        if workspace.change_token() != self._token:
            self.load_workspace()
        elif OBJECTIVES_FILE in names:
            self.reload_objectives()

    def _loading(self) -> bool:
        return any(w.is_running and w.group == "load" for w in self.workers)

    @on(FollowFailed)
    def _not_followed(self, message: FollowFailed) -> None:
        """No watcher: check the change token (one stat) every POLL_SECONDS instead."""
        if self._poll is None:
            self._poll = self.set_interval(POLL_SECONDS, self.check_workspace, name="follow-poll")
        self.notify(
            _(
                "The app cannot watch the workspace ({reason}), so it looks for imports made by "
                "another kpitui every {seconds} s (Reload in the command palette, ctrl+p, reads it "
                "at once)."
            ).format(reason=message.reason, seconds=f"{POLL_SECONDS:.0f}"),
            title=_("Workspace checked every few seconds"),
            severity="warning",
            timeout=10,
        )

    def watch_view(self, view: View | None) -> None:
        if view is None or self.loaded is None:
            return
        area = self._area()
        if area is not None and area.prepare(self.loaded, view):
            # The screen shown draws without the report, from work of its own just started:
            # the report waits until it has drawn (`ReportDue`) rather than share the
            # interpreter and the cores with it, which made Insights' `[` a fifth slower.
            self._report_after = (self.loaded, view)
            return
        self._report_after = None
        self.build_report(self.loaded, view)

    @on(ReportDue)
    def _report_due(self) -> None:
        """The view's report, when it waits for the screen shown (`watch_view`), computed now."""
        after, self._report_after = self._report_after, None
        if after is not None and after[0] is self.loaded and after[1] == self.view:
            self.build_report(*after)

    @in_thread(N_("computing KPIs"), "report")
    def build_report(self, loaded: Loaded, view: View) -> None:
        key = (id(loaded), view.as_of)
        cached = self._evaluations
        evaluations = cached[1] if cached is not None and cached[0] == key else loaded.evaluations(view.as_of)
        report = self._report(loaded, view, evaluations)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._set_report, loaded, view, report, (key, evaluations))

    _report = staticmethod(report_of)

    def _set_report(
        self, loaded: Loaded, view: View, report: Report, evaluated: tuple[object, list[Evaluation]]
    ) -> None:
        """The report worker's result, taken on the UI thread: the report, and its evaluations
        kept for the next period of the same data and as-of date."""
        if loaded is self.loaded:
            self._evaluations = evaluated
        if view == self.view and loaded is self.loaded:
            self.report = report

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.handle_worker_error(event.worker)
        elif event.state == WorkerState.SUCCESS and event.worker.group == "load":
            self.check_workspace()  # what changed while it was read (changes met then wait for this)

    def handle_worker_error(self, worker: Worker[object], note: str = "") -> None:
        """The one place a failed worker is reported, the app's and every screen's (screens put
        themselves right first, see KpiScreen): what happened, and what it changed, never a crash
        nor a worker that dies silently.

        The message is the core's for a KpiError, else the exception's type and text with
        what the worker was doing. `note`, and any note the worker added to the exception
        (`add_note`), say what became of the data ("Nothing was imported…").
        """
        error = worker.error
        if isinstance(error, KpiError):
            message, title = str(error), error.title
        else:
            message = f"{type(error).__name__}: {error}"
            title = _("Unexpected error while {doing}").format(doing=_(worker.description))
        if worker.name == "load_workspace":
            self.load_error = message
        for extra in (*getattr(error, "__notes__", ()), note):
            if extra and extra not in message:
                message += f" {extra}"
        self.notify(message, title=title, severity="error", timeout=20)

    # --- actions -------------------------------------------------------------------

    def action_pick_period(self) -> None:
        view = self.view
        if view is None:
            return

        def chosen(period: Period | None) -> None:
            if period is not None and self.view is not None:
                self.view = View(period, self.view.compare, self.view.as_of)

        from kpitui.tui.screens.period import PeriodPicker

        self.push_screen(PeriodPicker(view.period, view.as_of), chosen)

    def action_shift_period(self, steps: int) -> None:
        """`[` and `]`: the period before or after, stopping with a notice at 1970 and 2100."""
        if self.view is None:
            return
        try:
            self.view = self.view.moved(steps)
        except PeriodError as exc:
            self.notify(str(exc), severity="warning", timeout=4)

    def action_cycle_comparison(self) -> None:
        if self.view is not None:
            self.view = self.view.next_comparison()
            comparison = self.view.comparison
            self.notify(
                _("Comparing with {period}").format(period=self.view.comparison_described())
                if comparison
                else _("Comparing with nothing"),
                timeout=3,
            )

    def _area(self) -> AreaScreen | None:
        screen = self.screen
        return screen if isinstance(screen, AreaScreen) else None

    def action_explain(self) -> None:
        area, loaded, view = self._area(), self.loaded, self.view
        if area is None or loaded is None or view is None:
            return
        focused = area.focused_kpi()
        if focused is None:
            self.notify(_("Move the cursor to a KPI first."), severity="warning", timeout=4)
            return
        kpi_id, network = focused
        self.explain_kpi(loaded, view, kpi_id, network)

    @in_thread(N_("explaining"), "explain")
    def explain_kpi(self, loaded: Loaded, view: View, kpi_id: str, network: str) -> None:
        """Compute the explanation in a worker (it sums the period's rows again)."""
        from kpitui.core.explain import explain  # imported when first used: a shorter start
        from kpitui.tui.screens.explain import ExplainScreen

        explanation = explain(loaded.of_period(view.period), kpi_id, network, view.period, loaded.imports)

        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.push_screen, ExplainScreen(explanation, loaded.settings.currency))

    def action_export(self) -> None:
        """Ask what to export: the tables in view (CSV and Markdown) or the period's HTML report."""
        area, view = self._area(), self.view
        if area is None or view is None or self.loaded is None:
            return
        from kpitui.tui.screens.export import Export, ExportChoice

        def chosen(what: Export | None) -> None:
            if what == "table":
                self.export_tables()
            elif what == "html" and self.loaded is not None and self.view is not None:
                busy = self._report_after is not None or any(
                    w.is_running and w.group in ("load", "report") for w in self.workers
                )
                self.export_html(self.loaded, self.view, None if busy else self.report)

        self.push_screen(ExportChoice(area.AREA, view.period.describe()), chosen)

    def export_tables(self) -> None:
        area, view, loaded = self._area(), self.view, self.loaded
        if area is None or view is None or loaded is None:
            return
        tables = area.export_tables()
        if not tables:
            self.notify(_("Nothing to export yet."), severity="warning", timeout=4)
            return
        name = f"kpitui-{area.AREA.lower()}-{view.period.label}"
        heading = f"{loaded.name}: {_(area.AREA)}, {view.period.describe()}"
        try:
            from kpitui.core.exporting import write_view

            paths = write_view(self.export_dir, name, heading, tables)
        except OSError as exc:
            self.notify(
                _("Cannot write in {folder}: {error}").format(
                    folder=self.export_dir, error=exc.strerror or exc
                ),
                severity="error",
            )
            return
        self.notify("\n".join(str(p) for p in paths), title=_("Exported"), timeout=8)

    @in_thread(N_("writing the report"), "export")
    def export_html(self, loaded: Loaded, view: View, shown: Report | None) -> None:
        """The period's HTML report (`kpitui report --format html`), written atomically into the
        export folder as kpitui-report-PERIOD.html: charts take seconds, so in a worker. `shown`:
        the report on screen when it is the view's (none is being computed), else computed here."""
        from kpitui.tui.screens.export import write_html_report

        report = shown if shown is not None else self._report(loaded, view, None)
        message, severity = write_html_report(loaded, report, self.export_dir)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.notify, message, title=_("Export"), severity=severity, timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification as plain text, whatever `markup` says: messages name files and
        quote cells, which are untrusted (a `[/]` in a file name would crash the toast)."""
        super().notify(
            clean(message, single_line=False),
            title=clean(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_present(self) -> None:
        """Full screen, one objective or network a page, to show a client (issue 19)."""
        from kpitui.tui.screens.present import PresentScreen

        if not isinstance(self.screen, PresentScreen):
            self.push_screen(PresentScreen())

    def get_loading_widget(self) -> Widget:
        """What a screen shows while it computes: a calm indicator (`Working`)."""
        from kpitui.tui.widgets.working import Working

        return Working()

    def action_help(self) -> None:
        from kpitui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """Textual's theme search, with its prompt in the user's language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, then the app's keys (those the footer shows, and PALETTE_ONLY), from
        its BINDINGS, then the language: every title and help in the user's language."""
        from kpitui.tui.screens.help import key_of  # as help writes keys; help loads when first used

        for command in super().get_system_commands(screen):
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)
        for binding in Binding.make_bindings(self.BINDINGS):
            if binding.show or binding.id in PALETTE_ONLY:
                yield SystemCommand(
                    _(binding.description),
                    f"{_(binding.tooltip)} ({key_of(binding)})",
                    partial(self.run_action, binding.action),
                )
        yield SystemCommand(
            _("Reload"), _("Read the workspace again (imports made elsewhere)"), self.load_workspace
        )
        other: i18n.Language = "en" if i18n.language() == "fr" else "fr"
        yield SystemCommand(
            _("Language: {language}").format(language=LANGUAGE_NAMES[other]),
            _("Speak English from now on (for this run; --lang or LANG choose at start)")
            if other == "en"
            else _("Speak French from now on (for this run; --lang or LANG choose at start)"),
            partial(self.switch_language, other),
        )

    def switch_language(self, language: i18n.Language) -> None:
        """Speak `language` from now on: every screen, open or kept in a mode, draws its words
        again (the footers too, from the same BINDINGS)."""
        i18n.set_language(language)
        for stack in self._screen_stacks.values():
            for screen in stack:
                if isinstance(screen, KpiScreen):
                    screen.language_changed()
                screen.refresh_bindings()
        self.notify(_("Speaking English from now on."), timeout=3)
