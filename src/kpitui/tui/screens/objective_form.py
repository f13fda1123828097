"""The objective form: network, KPI, comparison, target, period, title — with the KPI's
current value shown while the person types, and every mistake explained under its field.

The form validates the Objective and hands it to the `save` it was given (the Objectives
screen's, which writes objectives.toml), in a worker: writing waits for the workspace lock.
It closes once the objective is saved; when saving fails (a full or read-only disk, a file
changed meanwhile) it says why and stays open with what the person typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import cast

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import get_current_worker

from kpitui.core import engine, kpis
from kpitui.core import format as fmt
from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset
from kpitui.core.errors import KpiError, PeriodError
from kpitui.core.objectives import Objective
from kpitui.core.periods import FORMS_HELP, parse_period
from kpitui.core.schema import ALL, NETWORK_LABELS, NETWORKS
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter

UNIT_HINTS = {
    "ratio": "a rate: type 4.5% (or 0.045)",
    "count": "a count: type 12000, 12 000 or 12k",
    "currency": "an amount: type 2500 or 2.5k",
    "hours": "hours: type 1200 or 1.2k",
    "seconds": "seconds: type 45",
}
UNIT_SUFFIX = {"ratio": "%", "count": "count", "currency": "currency", "hours": "hours", "seconds": "seconds"}


def kpi_options(network: str) -> list[tuple[str, str]]:
    """(label with unit, id) of the KPIs that apply to `network`."""
    return [(f"{k.label} ({UNIT_SUFFIX[k.unit]})", k.id) for k in kpis.applicable(network)]


class ObjectiveForm(ModalScreen[Objective | None]):
    """Add (no `objective`) or edit an objective; returns it validated and saved, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = """
    ObjectiveForm { align: center middle; }
    ObjectiveForm > VerticalScroll {
        width: 84; max-width: 98%; height: auto; max-height: 1fr;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ObjectiveForm .field { height: auto; }
    ObjectiveForm.-roomy .field { margin-top: 1; }
    ObjectiveForm .name { width: 13; text-style: bold; }
    ObjectiveForm .control { width: 1fr; height: auto; }
    ObjectiveForm .error { color: $error; height: auto; padding-left: 13; }
    ObjectiveForm .hint { color: $text-muted; height: auto; padding-left: 13; }
    ObjectiveForm #current { height: auto; padding: 0 0 0 13; text-style: bold; }
    ObjectiveForm.-roomy #current { padding: 1 0 0 13; }
    ObjectiveForm #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ObjectiveForm Button { margin-left: 2; }
    """
    ROOMY = 32
    """From this many lines the fields get a blank line between them; below (80×24) the form
    is compact, so every field and both buttons show without scrolling."""

    def __init__(
        self,
        dataset: Dataset,
        taken: list[str],
        objective: Objective | None = None,
        as_of: date | None = None,
        currency: str = "EUR",
        save: Callable[[Objective], None] | None = None,
    ) -> None:
        super().__init__()
        self.save = save
        """Writes the objective, in a worker thread; raises KpiError when it cannot. None: the
        form only returns the objective."""
        self.saving = False
        self.dataset = dataset
        self.taken = [t for t in taken if objective is None or t != objective.id]
        self.objective = objective
        self.as_of = as_of or dataset.latest_date or date.today()
        self.currency = currency

    def compose(self) -> ComposeResult:
        o = self.objective
        network = o.network if o else (self.dataset.networks[0] if self.dataset.networks else ALL)
        kpi = o.kpi if o else "engagement_rate"
        options = kpi_options(network)
        if kpi not in [v for _, v in options]:
            kpi = options[0][1]
        with VerticalScroll():
            yield Label("Edit objective" if o else "New objective", classes="field", id="heading")
            with Horizontal(classes="field"):
                yield Label("Network", classes="name")
                yield Select(
                    [(self._network_label(n), n) for n in (*NETWORKS, ALL)],
                    value=network,
                    allow_blank=False,
                    id="network",
                    classes="control",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("KPI", classes="name")
                yield Select(options, value=kpi, allow_blank=False, id="kpi", classes="control", compact=True)
            with Horizontal(classes="field"):
                yield Label("Comparison", classes="name")
                yield Select(
                    [("at least (≥)", ">="), ("at most (≤)", "<=")],
                    value=o.comparison if o else ">=",
                    allow_blank=False,
                    id="comparison",
                    classes="control",
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Target", classes="name")
                yield Input(
                    self._target_text(o),
                    placeholder="4.5%, 12k, 12 000",
                    id="target",
                    classes="control",
                    compact=True,
                )
            yield Static("", id="target-error", classes="error")
            yield Static("", id="target-hint", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Period", classes="name")
                default_period = f"{self.as_of.year}-Q{(self.as_of.month - 1) // 3 + 1}"
                yield Input(
                    o.period if o else default_period,
                    placeholder="2026-Q1",
                    id="period",
                    classes="control",
                    compact=True,
                )
            yield Static("", id="period-error", classes="error")
            yield Static(f"Forms: {FORMS_HELP}", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Title", classes="name")
                yield Input(
                    o.title if o else "",
                    placeholder="(made from the objective)",
                    id="title",
                    classes="control",
                    compact=True,
                )
            yield Static("", id="current")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield KeyFooter()

    def _network_label(self, network: str) -> str:
        has = network == ALL or network in self.dataset.networks
        return NETWORK_LABELS[network] + ("" if has else "  (no data yet)")

    @staticmethod
    def _target_text(o: Objective | None) -> str:
        if o is None:
            return ""
        unit = kpis.get(o.kpi).unit
        return objs.target_text(o.target, unit)

    def on_mount(self) -> None:
        self._refresh_hints()
        self.query_one("#network", Select).focus()  # the first field: tab goes down the form

    def on_resize(self) -> None:
        self.set_class(self.size.height >= self.ROOMY, "-roomy")

    # --- reading the fields ----------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return str(self.query_one(f"#{widget_id}", Select).value)

    def _kpi(self) -> kpis.Kpi:
        return kpis.get(self._value("kpi"))

    @on(Select.Changed, "#network")
    def _network_changed(self) -> None:
        kpi_select = self.query_one("#kpi", Select)
        current = str(kpi_select.value)
        options = kpi_options(self._value("network"))
        kpi_select.set_options(options)
        ids = [v for _, v in options]
        kpi_select.value = current if current in ids else ids[0]
        self._refresh_hints()

    @on(Select.Changed, "#kpi")
    @on(Select.Changed, "#comparison")
    @on(Input.Changed)
    def _changed(self) -> None:
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        kpi = self._kpi()
        self.query_one("#target-hint", Static).update(UNIT_HINTS[kpi.unit])
        self._target()
        self._period()
        self.show_current()

    def _target(self) -> float | None:
        text = self.query_one("#target", Input).value
        error = self.query_one("#target-error", Static)
        if not text.strip():
            error.update("")
            return None
        try:
            value = objs.parse_target(text, self._kpi().unit)
        except ValueError as exc:
            error.update(plain(f"✖ {exc}", single_line=False))
            return None
        error.update(f"  = {fmt.value(value, self._kpi().unit, self.currency)}")
        return value

    def _period(self) -> str | None:
        text = self.query_one("#period", Input).value.strip()
        error = self.query_one("#period-error", Static)
        try:
            period = parse_period(text, as_of=self.as_of)
        except PeriodError as exc:
            error.update(plain(f"✖ {exc}", single_line=False))
            return None
        error.update(plain(f"  = {period.describe()}"))
        return text

    # --- the current value while typing ----------------------------------------------------

    def show_current(self) -> None:
        period = self._period()
        if period is None:
            self.query_one("#current", Static).update("")
            return
        self.current_value(self._value("network"), self._kpi().id, period)

    @work(thread=True, exclusive=True, group="current", exit_on_error=False)
    def current_value(self, network: str, kpi_id: str, text: str) -> None:
        period = parse_period(text, as_of=self.as_of)
        window = period.to_date(self.as_of) if period.start <= self.as_of else period
        frame = engine.compute(self.dataset, window).filter(pl.col("network") == network)
        value = frame.get_column(kpi_id)[0] if frame.height else None
        kpi = kpis.get(kpi_id)
        if period.start > self.as_of:
            line = f"Now: the period starts after the data ({self.as_of.isoformat()})."
        else:
            so_far = " so far" if window.end < period.end else ""
            line = f"Now: {kpi.label} {fmt.value(value, kpi.unit, self.currency)} in {period.label}{so_far}"
            if value is None:
                line += " (no data: this network does not report it, or no rows in the period)"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one("#current", Static).update, clean(line))

    # --- saving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.saving:  # a second ctrl+s while the first waits for the workspace
            return
        target, period = self._target(), self._period()
        if target is None:
            if not self.query_one("#target", Input).value.strip():
                self.query_one("#target-error", Static).update("✖ type a target, such as 4.5% or 12k")
            self.query_one("#target", Input).focus()
            return
        if period is None:
            self.query_one("#period", Input).focus()
            return
        title = self.query_one("#title", Input).value.strip()
        draft = Objective(
            "draft",
            title,
            self._value("network"),
            self._kpi().id,
            cast(objs.Comparison, self._value("comparison")),
            target,
            period,
        )
        if self.objective is not None:
            if title == self.objective.title and self.objective.title == objs.default_title(self.objective):
                draft = replace(draft, title="")  # a generated title follows the objective
            objective_id = self.objective.id
        else:
            objective_id = objs.new_id(draft, self.taken)
        try:
            checked = objs.checked(draft, objective_id)
        except KpiError as exc:
            self.query_one("#current", Static).update(plain(f"✖ {exc}", single_line=False))
            return
        if self.save is None:
            self.dismiss(checked)
            return
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self.write(checked)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False, description="saving the objective")
    def write(self, objective: Objective) -> None:
        """Save `objective` through `save`, then close; on failure, say why and stay open."""
        assert self.save is not None
        try:
            self.save(objective)
        except KpiError as exc:
            self.app.call_from_thread(self._not_saved, exc)
            return
        self.app.call_from_thread(self._saved, objective)

    def _saved(self, objective: Objective) -> None:
        if self.is_current:  # not closed meanwhile (escape while the save waited)
            self.dismiss(objective)

    def _not_saved(self, error: KpiError) -> None:
        self.saving = False
        self.query_one("#save", Button).disabled = False
        self.query_one("#current", Static).update(plain(f"✖ {error}", single_line=False))
        self.notify(str(error), title=error.title, severity="error", timeout=15)
