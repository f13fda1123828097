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
from typing import Final, cast

import polars as pl
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import get_current_worker

from kpitui.core import engine, kpis
from kpitui.core import format as fmt
from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset
from kpitui.core.errors import KpiError, PeriodError
from kpitui.core.i18n import N_, _
from kpitui.core.objectives import Objective
from kpitui.core.periods import forms_help, parse_period
from kpitui.core.schema import ALL, NETWORK_LABELS, NETWORKS
from kpitui.tui.screens.form import FormScreen
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.footer import KeyFooter
from kpitui.tui.workers import in_thread

UNIT_HINTS: Final = {
    "ratio": N_("a rate: type 4.5% (or 0.045)"),
    "count": N_("a count: type 12000, 12 000 or 12k"),
    "currency": N_("an amount: type 2500 or 2.5k"),
    "hours": N_("hours: type 1200 or 1.2k"),
    "seconds": N_("seconds: type 45"),
}
"""What a target of each unit is typed as (English, translated when shown)."""
UNIT_SUFFIX: Final = {
    "ratio": "%",
    "count": N_("count"),
    "currency": N_("currency"),
    "hours": N_("hours"),
    "seconds": N_("seconds"),
}
ALL_NETWORKS: Final = N_("All networks")


def network_label(network: str) -> str:
    """A network's name as shown (the names of the networks are the same in every language)."""
    return _(ALL_NETWORKS) if network == ALL else NETWORK_LABELS[network]


def kpi_options(network: str) -> list[tuple[str, str]]:
    """(label with unit, id) of the KPIs that apply to `network`, in the current language."""
    return [(f"{k.label} ({_(UNIT_SUFFIX[k.unit])})", k.id) for k in kpis.applicable(network)]


def shown_period(spec: str, as_of: date) -> str:
    """How a period is shown to edit: as the current language names it when that name reads back
    as the same period (`T1 2026`), else as stored (`last-28d`, a range)."""
    try:
        period = parse_period(spec, as_of=as_of)
        return period.name if parse_period(period.name, as_of=as_of).label == period.label else spec
    except PeriodError:
        return spec


SAVING: Final = N_("saving the objective")
"""What the worker does, for the message of its failure."""


class ObjectiveForm(FormScreen[Objective | None]):
    """Add (no `objective`) or edit an objective; returns it validated and saved, or None."""

    DEFAULT_CSS = """
    ObjectiveForm.-roomy .field { margin-top: 1; }
    ObjectiveForm .name { width: 13; }
    ObjectiveForm .error { padding-left: 13; }
    ObjectiveForm .hint { padding-left: 13; }
    ObjectiveForm #current { height: auto; padding: 0 0 0 13; text-style: bold; }
    ObjectiveForm.-roomy #current { padding: 1 0 0 13; }
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
            yield Label(_("Edit objective") if o else _("New objective"), classes="field", id="heading")
            yield self.field(
                _("Network"),
                self._select([(self._network_label(n), n) for n in (*NETWORKS, ALL)], network, "network"),
            )
            yield self.field(_("KPI"), self._select(options, kpi, "kpi"))
            comparisons = [(_("at least (≥)"), ">="), (_("at most (≤)"), "<=")]
            yield self.field(
                _("Comparison"), self._select(comparisons, o.comparison if o else ">=", "comparison")
            )
            yield self.field(_("Target"), self._input(self._target_text(o), _("4.5%, 12k, 12 000"), "target"))
            yield Static("", id="target-error", classes="error")
            yield Static("", id="target-hint", classes="hint")
            quarter = f"{self.as_of.year}-Q{(self.as_of.month - 1) // 3 + 1}"
            period = shown_period(o.period if o else quarter, self.as_of)
            yield self.field(_("Period"), self._input(period, _("2026-Q1"), "period"))
            yield Static("", id="period-error", classes="error")
            yield Static(_("Forms: {forms}").format(forms=forms_help()), classes="hint")
            title = o.title if o else ""
            yield self.field(_("Title"), self._input(title, _("(made from the objective)"), "title"))
            yield Static("", id="current")
            yield from self.buttons()
        yield KeyFooter()

    @staticmethod
    def _select(options: list[tuple[str, str]], value: str, widget_id: str) -> Select[str]:
        return Select(options, value=value, allow_blank=False, id=widget_id, classes="control", compact=True)

    @staticmethod
    def _input(value: str, placeholder: str, widget_id: str) -> Input:
        return Input(value, placeholder=placeholder, id=widget_id, classes="control", compact=True)

    def _network_label(self, network: str) -> str:
        has = network == ALL or network in self.dataset.networks
        return network_label(network) + ("" if has else _("  (no data yet)"))

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
        self.query_one("#target-hint", Static).update(_(UNIT_HINTS[kpi.unit]))
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
        """The period typed, in its stable spelling (`T1 2026` is kept as `2026-Q1`: objectives.toml
        does not change with the language), or None when it is not one (said under the field)."""
        text = self.query_one("#period", Input).value.strip()
        error = self.query_one("#period-error", Static)
        try:
            period = parse_period(text, as_of=self.as_of)
        except PeriodError as exc:
            error.update(plain(f"✖ {exc}", single_line=False))
            return None
        error.update(plain(f"  = {period.describe()}"))
        return period.label

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
            line = _("Now: the period starts after the data ({day}).").format(day=fmt.day(self.as_of))
        else:
            values = {
                "kpi": kpi.label,
                "value": fmt.value(value, kpi.unit, self.currency),
                "period": period.name,
            }
            if window.end < period.end:
                line = _("Now: {kpi} {value} in {period} so far").format(**values)
            else:
                line = _("Now: {kpi} {value} in {period}").format(**values)
            if value is None:
                line += _(" (no data: this network does not report it, or no rows in the period)")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one("#current", Static).update, clean(line))

    # --- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:  # a second ctrl+s while the first waits for the workspace
            return
        target, period = self._target(), self._period()
        if target is None:
            if not self.query_one("#target", Input).value.strip():
                self.query_one("#target-error", Static).update("✖ " + _("type a target, such as 4.5% or 12k"))
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

    @in_thread(SAVING, "save")
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
