"""The presentation mode (`P` in the app, `kpitui present`): one objective or network a page.

Made to be shown to a client on a shared screen: the brand's name and the period, then each
objective (most urgent first, as on the dashboard) with its value in large digits (Textual's
`Digits`), its status word and symbol, its target, progress and projection, and its pacing
chart; then each network with data, its headline KPIs in large digits and the statuses of its
objectives. No path, id, key list or DEMO banner: a small "sample data" mark on the demo only.

`→`, space and `←` step (round the end), escape or `q` leaves; with an interval the pages step
by themselves (a manual step starts the wait again). The pages follow the app's report: `p`,
`[` and `]` present another period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Digits, Label, Static
from textual.worker import get_current_worker

from kpitui.core import format as fmt
from kpitui.core import kpis, pacing, views
from kpitui.core.i18n import N_, _
from kpitui.core.objectives import STATUSES, Evaluation, overlaps
from kpitui.core.pacing import Pacing
from kpitui.core.report import Report
from kpitui.core.schema import NETWORK_LABELS
from kpitui.core.workspace import Workspace
from kpitui.tui import render
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.base import KpiScreen
from kpitui.tui.screens.objective_detail import facts, meta
from kpitui.tui.state import Loaded
from kpitui.tui.text import plain
from kpitui.tui.widgets.pacing import PacingChart
from kpitui.tui.workers import in_thread

CARDS = 6
"""Headline KPIs on a network's page at most (views.HEADLINES has six families)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page: an objective (`evaluation`) or a network's headlines (`network`)."""

    evaluation: Evaluation | None = None
    network: str | None = None
    headlines: tuple[views.Headline, ...] = ()


def pages(report: Report) -> list[Page]:
    """Every objective, most urgent first (the dashboard's order), then every network with data."""
    board = views.dashboard(report)
    objectives = [Page(evaluation=e) for e in board.objectives]
    networks = [
        Page(
            network=network,
            headlines=tuple(h for h in heads if h.value is not None and h.value.value is not None),
        )
        for network, heads in board.summary
    ]
    return objectives + networks


class PresentScreen(KpiScreen):
    """Full screen, one page at a time; `interval` seconds between pages when given."""

    BINDINGS = [
        Binding("right", "step(1)", N_("Next"), key_display="→", tooltip=N_("Presentation: the next page")),
        Binding("space", "step(1)", N_("Next"), show=False, tooltip=N_("Presentation: the next page")),
        Binding(
            "left", "step(-1)", N_("Previous"), key_display="←", tooltip=N_("Presentation: the previous page")
        ),
        Binding("escape", "leave", N_("Leave"), tooltip=N_("Leave the presentation")),
        Binding("q", "leave", N_("Leave"), show=False),
        Binding("1,2,3,4,5", "stay", show=False),
    ]

    DEFAULT_CSS = """
    PresentScreen { padding: 1 2 0 2; }
    PresentScreen #top { height: 1; }
    PresentScreen #brand { width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    PresentScreen #sample { color: $text-muted; text-style: italic; margin: 0 2; }
    PresentScreen #page { color: $text-muted; }
    PresentScreen #title { text-style: bold; margin-top: 1; width: 100%; }
    PresentScreen #meta { color: $text-muted; }
    PresentScreen #numbers { height: auto; margin-top: 1; }
    PresentScreen #value { width: auto; margin-right: 3; text-style: bold; }
    PresentScreen .card Digits { text-style: bold; }
    PresentScreen #status { width: auto; height: 3; border: round $foreground-muted; padding: 0 1; }
    PresentScreen #facts { height: auto; margin-top: 1; }
    PresentScreen PacingChart { height: 1fr; min-height: 6; margin-top: 1; }
    PresentScreen #summary { height: auto; margin-top: 1; }
    PresentScreen #cards { grid-size: 3; grid-gutter: 1 2; height: auto; margin-top: 1; }
    PresentScreen .card { height: auto; }
    PresentScreen .card Label { color: $text-muted; width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    PresentScreen #hint { dock: bottom; color: $text-muted; height: 1; }
    """

    def __init__(self, interval: float | None = None, leave: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.interval = interval
        self.leave = leave
        """What leaving does (the app of `kpitui present` quits); default: back to the app."""
        self.pages: list[Page] = []
        self.index = 0
        self.pacings: dict[str, Pacing] = {}
        self.report: Report | None = None
        self.timer: Timer | None = None
        """The step timer, with an interval."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Label("", id="brand")
            yield Label("", id="sample")
            yield Label("", id="page")
        yield Label("", id="title")
        yield Label("", id="meta")
        with Vertical(id="objective"):
            with Horizontal(id="numbers"):
                yield Digits("", id="value")
                yield Static("", id="status")
            yield Static("", id="facts")
            yield PacingChart()
        with Vertical(id="network"):
            yield Static("", id="summary")
            with Grid(id="cards"):
                for n in range(CARDS):
                    with Vertical(classes="card", id=f"card-{n}"):
                        yield Label("", id=f"card-label-{n}")
                        yield Digits("", id=f"card-value-{n}")
                        yield Static("", id=f"card-change-{n}")
        yield Label(_("→ or space: next · ←: previous · esc: leave"), id="hint")

    def on_mount(self) -> None:
        self.watch(self.app, "report", self._report_changed, init=True)
        self.watch(self.app, "load_error", self._load_error, init=True)
        if self.interval:
            self.timer = self.set_interval(self.interval, self.tick)

    def on_resize(self) -> None:
        self.draw()  # the facts are laid out to the width

    def tick(self) -> None:
        """The step timer's callback: the next page."""
        self._go(1)

    def action_step(self, steps: int) -> None:
        self._go(steps)
        if self.timer is not None:  # a page chosen by hand is shown for a whole interval
            self.timer.reset()

    def action_leave(self) -> None:
        if self.leave is not None:
            self.leave()
        else:
            self.dismiss()

    def action_stay(self) -> None:
        """The app's areas (1–5) stay behind the presentation: a stray key on a shared screen
        changes nothing (esc leaves first)."""

    def _go(self, steps: int) -> None:
        if self.pages:
            self.index = (self.index + steps) % len(self.pages)
            self.draw()

    def _report_changed(self, report: Report | None) -> None:
        self.report = report
        loaded = self.kpi_app.loaded
        self.query_one("#title", Label).update("" if report is not None else _("Computing…"))
        if report is None or loaded is None:
            return
        self.pages = pages(report)
        self.index = min(self.index, max(len(self.pages) - 1, 0))
        self.query_one("#brand", Label).update(
            plain(loaded.settings.name) + Text(f" · {report.period.describe()}")
        )
        self.query_one("#sample", Label).update(_("sample data") if loaded.demo else "")
        self.draw()
        self.load_pacings(loaded, report)

    def _load_error(self, message: str | None) -> None:
        """The workspace cannot be opened: say why in place of the pages (nothing else would)."""
        if message is not None:
            self.pages = []
            self.draw()
            self.query_one("#title", Label).update(_("The workspace cannot be opened"))
            self.query_one("#meta", Label).update(plain(message, single_line=False))

    @in_thread(N_("computing the pacing"))
    def load_pacings(self, loaded: Loaded, report: Report) -> None:
        lines = pacing.pacings(loaded.dataset, report.evaluations)
        found = {e.objective.id: line for e, line in zip(report.evaluations, lines, strict=True)}
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._pacings, report, found)

    def _pacings(self, report: Report, found: dict[str, Pacing]) -> None:
        if report is self.report:
            self.pacings = found
            self.draw()

    @property
    def page(self) -> Page | None:
        return self.pages[self.index] if self.pages else None

    def draw(self) -> None:
        page, report = self.page, self.report
        self.query_one("#page", Label).update(f"{self.index + 1} / {len(self.pages)}" if page else "")
        self.query_one("#objective").display = page is not None and page.evaluation is not None
        self.query_one("#network").display = page is not None and page.network is not None
        if page is None or report is None:
            if report is not None:
                self.query_one("#title", Label).update(_("No objectives and no data for this period."))
            return
        if page.evaluation is not None:
            self._objective(page.evaluation, report)
        elif page.network is not None:
            self._network(page, report)

    def _objective(self, e: Evaluation, report: Report) -> None:
        colors = render.palette(self.app)
        unit = kpis.get(e.objective.kpi).unit
        self.query_one("#title", Label).update(plain(e.objective.title))
        self.query_one("#meta", Label).update(Text(meta(e)))
        self.query_one("#value", Digits).update(fmt.value(e.value, unit, report.currency))
        self.query_one("#status", Static).update(render.status(e.status, colors))
        width = self.size.width - 4  # its padding
        self.query_one("#facts", Static).update(facts(e, report.currency, colors, width, status=False))
        line = self.pacings.get(e.objective.id)
        self.query_one(PacingChart).show(line, unit, report.currency, e.objective.comparison)

    def _network(self, page: Page, report: Report) -> None:
        network = page.network or ""
        colors = render.palette(self.app)
        self.query_one("#title", Label).update(NETWORK_LABELS.get(network, network))
        compared = (
            _("compared with {period}").format(period=report.comparison.describe())
            if report.comparison
            else ""
        )
        self.query_one("#meta", Label).update(" · ".join(x for x in (report.period.name, compared) if x))
        mine = [
            e for e in report.evaluations if e.objective.network == network and overlaps(e, report.period)
        ]
        counts = [(s, sum(1 for e in mine if e.status == s)) for s in STATUSES]
        summary = Text("   ").join(
            render.status(s, colors) if n == 1 else Text(f"{n} × ") + render.status(s, colors)
            for s, n in counts
            if n
        )
        self.query_one("#summary", Static).update(
            summary
            if mine
            else Text(_("No objective on this network in this period."), style=colors.get("text-muted", ""))
        )
        for n in range(CARDS):
            card = self.query_one(f"#card-{n}")
            head = page.headlines[n] if n < len(page.headlines) else None
            card.display = head is not None
            if head is None or head.value is None:
                continue
            v = head.value
            self.query_one(f"#card-label-{n}", Label).update(v.kpi.label)
            self.query_one(f"#card-value-{n}", Digits).update(fmt.value(v.value, v.kpi.unit, report.currency))
            change = render.change(v.kpi, v.change, v.value, v.previous, colors) if report.comparison else ""
            self.query_one(f"#card-change-{n}", Static).update(change)


class PresentApp(KpiApp):
    """`kpitui present`: the app opened on the presentation, which quits when it is left."""

    def __init__(
        self, workspace: Workspace | None = None, *, interval: float | None = None, **options: Any
    ) -> None:
        """`interval`: seconds between pages, stepped by itself (None: by hand); `options` are
        KpiApp's (demo, period)."""
        super().__init__(workspace, **options)
        self.interval = interval

    def on_mount(self) -> None:
        # Textual calls every class's on_mount, KpiApp's after this one: no super() call (it
        # read the workspace twice, the second read cancelling the first)
        self.push_screen(PresentScreen(self.interval, leave=self.exit))
