"""One objective (`enter` on the Objectives list): its status, numbers, pacing chart and how its
value is computed; escape goes back.

An area screen like the others: it draws the app's shared Report (a new period, an import or a
saved objective redraw it), `x` explains its KPI as the explain view does, and the pacing and the
explanation are computed in a worker (they sum the objective's period again).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static
from textual.worker import Worker, get_current_worker

from kpitui.core import format as fmt
from kpitui.core import kpis, pacing
from kpitui.core.explain import Explanation, explain
from kpitui.core.i18n import N_, _
from kpitui.core.objectives import Evaluation
from kpitui.core.pacing import Pacing
from kpitui.core.report import Report
from kpitui.core.schema import NETWORK_LABELS
from kpitui.tui import render
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.screens.explain import explanation_text
from kpitui.tui.state import Loaded
from kpitui.tui.text import plain
from kpitui.tui.widgets.pacing import PacingChart, sign
from kpitui.tui.workers import in_thread


def facts(
    e: Evaluation, currency: str, colors: Mapping[str, str], width: int, *, status: bool = True
) -> Text:
    """`▲ at risk   Value 2,691   Target ≥ 6,000   Progress ████░░░░░░  45%   Projected 5,382 …`:
    the objective's numbers in lines `width` wide, broken between facts, never inside one (Rich
    would break `14 694` at its no-break space)."""
    unit = kpis.get(e.objective.kpi).unit
    parts: list[Text] = [render.status(e.status, colors)] if status else []
    shown = [
        (_("Value"), Text(fmt.value(e.value, unit, currency), style="bold")),
        (
            _("Target"),
            Text(f"{sign(e.objective.comparison)} {fmt.value(e.objective.target, unit, currency)}"),
        ),
        (_("Progress"), render.bar(e.progress)),
        (_("Projected"), Text(fmt.value(e.projected, unit, currency))),
    ]
    if e.needed_per_day is not None:
        shown.append((_("Needed/day"), Text(fmt.value(e.needed_per_day, unit, currency))))
    for label, value in shown:
        parts.append(Text(f"{label} ", style=colors.get("text-muted", "dim")) + value)
    lines: list[Text] = []
    for part in parts:
        if lines and lines[-1].cell_len + 3 + part.cell_len <= width:
            lines[-1].append("   ")
            lines[-1].append_text(part)
        else:
            lines.append(part.copy())
    return Text("\n", no_wrap=True, overflow="crop").join(lines)


def meta(e: Evaluation) -> str:
    """`TikTok · Views (posts) · 2026-Q4 · as of 2026-11-15`."""
    network = NETWORK_LABELS.get(e.objective.network, e.objective.network)
    kpi = kpis.get(e.objective.kpi).label
    # TRANSLATORS: the day an objective is evaluated at, "as of 2026-11-15"
    as_of = _("as of {day}").format(day=fmt.day(e.as_of))
    return f"{network} · {kpi} · {e.period.name} · {as_of}"


class ObjectiveDetailScreen(AreaScreen):
    """Pushed from the Objectives screen with an objective's id; escape goes back."""

    AREA = N_("Objective")

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), tooltip=N_("Back to the objectives")),
        Binding("q", "app.pop_screen", N_("Back"), show=False),
    ]

    DEFAULT_CSS = """
    ObjectiveDetailScreen #title { padding: 0 1; text-style: bold; background: $panel; width: 100%; }
    ObjectiveDetailScreen #meta { padding: 0 1; color: $text-muted; }
    ObjectiveDetailScreen #facts { padding: 0 1; height: auto; }
    ObjectiveDetailScreen PacingChart { height: 16; padding: 1 1 0 1; }
    ObjectiveDetailScreen #how { padding: 1 1 0 1; text-style: bold; }
    ObjectiveDetailScreen #explanation { padding: 0 1; height: auto; }
    """

    report: Report | None = None

    def __init__(self, objective_id: str) -> None:
        super().__init__()
        self.objective_id = objective_id
        self.evaluation: Evaluation | None = None
        self.pacing: Pacing | None = None
        self.explanation: Explanation | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("", id="title")
            yield Label("", id="meta")
            yield Static("", id="facts")
            yield PacingChart()
            yield Label(_("How it is computed"), id="how")
            yield Static("", id="explanation")

    def show_report(self, report: Report) -> None:
        self.report = report
        e = next((e for e in report.evaluations if e.objective.id == self.objective_id), None)
        self.evaluation = e
        if e is None:  # deleted meanwhile (a hand edit, another kpitui)
            self.query_one("#title", Label).update(_("This objective is no longer in objectives.toml."))
            return
        unit = kpis.get(e.objective.kpi).unit
        self.query_one("#title", Label).update(plain(e.objective.title))
        self.query_one("#meta", Label).update(Text(meta(e)))
        self._facts()
        self.query_one(PacingChart).show(None, unit, report.currency, e.objective.comparison)
        loaded = self.kpi_app.loaded
        if loaded is not None:
            self.load(loaded, report, e)

    def _facts(self) -> None:
        """The numbers, laid out to the screen's width (again when it changes)."""
        e, report = self.evaluation, self.report
        if e is not None and report is not None:
            width = self.size.width - 2  # its padding
            self.query_one("#facts", Static).update(
                facts(e, report.currency, render.palette(self.app), width)
            )

    def on_resize(self) -> None:
        self._facts()

    @in_thread(N_("computing the pacing"))
    def load(self, loaded: Loaded, report: Report, e: Evaluation) -> None:
        """The pacing line and the explanation of the objective's value, off the UI thread."""
        [line] = pacing.pacings(loaded.dataset, [e])
        o = e.objective
        explained = explain(loaded.of_period(e.period), o.kpi, o.network, e.period, loaded.imports)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, report, e, line, explained)

    def _show(self, report: Report, e: Evaluation, line: Pacing, explained: Explanation) -> None:
        if report is not self.report:  # the report moved on meanwhile
            return
        self.pacing, self.explanation = line, explained
        self.query_one(PacingChart).show(
            line, kpis.get(e.objective.kpi).unit, report.currency, e.objective.comparison
        )
        self.query_one("#explanation", Static).update(explanation_text(explained, report.currency))

    def worker_failed(self, worker: Worker[object]) -> str:
        self.query_one("#explanation", Static).update(_("The pacing could not be computed."))
        return ""

    def focused_kpi(self) -> tuple[str, str] | None:
        e = self.evaluation
        return (e.objective.kpi, e.objective.network) if e is not None else None
