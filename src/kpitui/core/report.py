"""The report: every KPI of a period with its comparison, and every objective's status.

`build` computes it once; `to_json`, `to_table`, `to_markdown` and `to_csv`
render it. The JSON shape is a contract (DESIGN.md, the core issue): ratios
are fractions, never percentages, and null is null.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from typing import Any, Final

import polars as pl

from kpitui.core import engine, kpis, table
from kpitui.core import format as fmt
from kpitui.core.dataset import Dataset
from kpitui.core.errors import KpiError
from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.objectives import STATUS_LABELS, Evaluation, Objective, evaluate, format_target
from kpitui.core.objectives import windows as objective_windows
from kpitui.core.periods import Comparison, Period, default_period
from kpitui.core.schema import ALL, NETWORK_LABELS, normalize_network


@dataclass(frozen=True, slots=True)
class KpiValue:
    """One KPI of one network: its value, the comparison value and the change."""

    network: str
    kpi: kpis.Kpi
    value: float | None
    previous: float | None
    change: float | None


@dataclass(frozen=True, eq=False)
class Report:
    """Everything `kpitui report` shows, computed once.

    Compared by identity (eq=False): it holds frames, which have no truth value.
    """

    as_of: date | None
    period: Period
    comparison: Period | None
    networks: tuple[str, ...]
    """Networks shown, with "all" last."""
    current: pl.DataFrame
    previous: pl.DataFrame | None
    evaluations: list[Evaluation]
    currency: str
    traffic_left_out: int
    """Traffic rows of date-range exports not counted because their range overflows the period."""

    def values(self, network: str) -> list[KpiValue]:
        """Every KPI that applies to `network`, in registry order."""
        now = self._rows[0].get(network, {})
        before = self._rows[1].get(network, {})
        out = []
        for kpi in kpis.applicable(network):
            value, previous = now.get(kpi.id), before.get(kpi.id)
            out.append(KpiValue(network, kpi, value, previous, kpis.change(kpi.unit, value, previous)))
        return out

    @cached_property
    def _rows(self) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """The current and previous rows by network, read once (a filter per network and
        screen cost a query each, most of building the dashboard's view)."""
        return _by_network(self.current), _by_network(self.previous)


def _by_network(frame: pl.DataFrame | None) -> dict[str, dict[str, Any]]:
    return {} if frame is None else {row["network"]: row for row in frame.iter_rows(named=True)}


def comparable(period: Period, comparison: Period | None, as_of: date | None) -> Period | None:
    """The comparison cut to as many days as `period` has data for.

    While a period is running (the as-of date falls inside it), its numbers
    cover only the days up to the as-of date; comparing them with a whole
    previous period would read as a fall. So the comparison keeps the same
    number of days from its start: the first 46 days of Q3 for Q4 as of 15
    November. A period that is over is compared whole.
    """
    if comparison is None or as_of is None or not period.start <= as_of < period.end:
        return comparison
    return comparison.first_days((as_of - period.start).days + 1)


def resolve_period(text: str | None, as_of: date | None) -> Period:
    """The report period: `text` in any form, relative to `as_of`; by default the quarter holding
    `as_of`, as in the app (`periods.default_period`)."""
    return default_period(as_of, text)


def build(
    dataset: Dataset,
    objectives: Sequence[Objective],
    *,
    period: str | Period | None = None,
    compare: Comparison = "previous",
    as_of: date | None = None,
    network: str | None = None,
    evaluations: list[Evaluation] | None = None,
) -> Report:
    """Compute the report for `period` (default: the quarter holding `as_of`) at `as_of`
    (default: the latest day with data).

    `network` shows that network alone: its KPIs and its objectives (`all`: the
    networks together, and the objectives set on all networks).
    `evaluations` reuses objectives already evaluated at the same as-of date
    (they do not depend on the period), as the app does when the period moves.
    """
    as_of = as_of or dataset.latest_date
    resolved = period if isinstance(period, Period) else resolve_period(period, as_of)
    comparison = comparable(resolved, resolved.comparison(compare), as_of)
    if network is None:
        shown = (*dataset.networks, ALL)
    else:
        chosen = ALL if network == ALL else normalize_network(network)
        if chosen is None:
            raise KpiError(
                f"Unknown network {network!r}: expected one of {', '.join((*dataset.networks, ALL))}.",
                title="Invalid network",
            )
        shown = (chosen,)
        objectives = [o for o in objectives if o.network == chosen]
        if evaluations is not None:
            evaluations = [e for e in evaluations if e.objective.network == chosen]
    # One pass for the period, its comparison and every objective's period to date.
    periods = [resolved, *([comparison] if comparison else [])]
    if evaluations is None:
        periods += objective_windows(objectives, as_of)
    distinct = list({(p.start, p.end): p for p in periods}.values())
    computed = dict(
        zip([(p.start, p.end) for p in distinct], engine.compute_many(dataset, distinct), strict=True)
    )
    if evaluations is None:
        evaluations = evaluate(dataset, objectives, as_of, computed=computed)
    return Report(
        as_of=as_of,
        period=resolved,
        comparison=comparison,
        networks=shown,
        current=computed[(resolved.start, resolved.end)],
        previous=computed[(comparison.start, comparison.end)] if comparison else None,
        evaluations=evaluations,
        currency=dataset.settings.currency,
        traffic_left_out=engine.traffic_left_out(dataset, resolved),
    )


# --- JSON ------------------------------------------------------------------------


def _period_json(period: Period) -> dict[str, str]:
    return {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return float(value)


def objective_json(o: Objective) -> dict[str, Any]:
    """An objective as stored (its period as written): its fields, in their order."""
    return asdict(o)


def evaluation_json(e: Evaluation) -> dict[str, Any]:
    """An evaluated objective, in the shape of the report's JSON contract."""
    return {
        **objective_json(e.objective),
        "period": _period_json(e.period),
        "value": _number(e.value),
        "projected": _number(e.projected),
        "progress": _number(e.progress),
        "status": e.status,
        "needed_per_day": _number(e.needed_per_day),
    }


def to_json(report: Report) -> dict[str, Any]:
    """The report as the JSON object of the contract."""
    kpi_map: dict[str, dict[str, Any]] = {}
    for network in report.networks:
        kpi_map[network] = {
            v.kpi.id: {
                "value": _number(v.value),
                "previous": _number(v.previous),
                "change": _number(v.change),
            }
            for v in report.values(network)
        }
    comparison = report.comparison
    return {
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "period": _period_json(report.period),
        "comparison": (
            {"start": comparison.start.isoformat(), "end": comparison.end.isoformat()} if comparison else None
        ),
        "kpis": kpi_map,
        "objectives": [evaluation_json(e) for e in report.evaluations],
    }


# --- tables: one model, every surface (kpitui.core.table) -----------------------------


def headline(report: Report, name: str) -> list[str]:
    """The lines that say what the numbers cover."""
    lines = [f"{name}: {report.period.describe()}"]
    if report.comparison:
        lines.append(_("compared with {period}").format(period=report.comparison.describe()))
    lines.append(
        _("data as of {day}").format(day=fmt.day(report.as_of))
        if report.as_of
        else _("data as of — (no data yet)")
    )
    if report.traffic_left_out:
        lines.append(
            ngettext(
                "{n} web-traffic row covers a date range that overflows the period and is not counted",
                "{n} web-traffic rows cover a date range that overflows the period and are not counted",
                report.traffic_left_out,
            ).format(n=report.traffic_left_out)
        )
    return lines


def value_cell(number: float | None, unit: kpis.Unit, currency: str) -> table.Cell:
    """A KPI value: the number, and it with its unit (`—` for null)."""
    return table.Cell(_number(number), fmt.value(number, unit, currency))


def change_cell(v: KpiValue) -> table.Cell:
    """A change against the comparison period (`+3.2%`, `new`), toned by the KPI's better way."""
    label = fmt.change(v.change, v.kpi.unit, now=v.value, before=v.previous)
    better = (v.change or 0) > 0 if v.kpi.better == "higher" else (v.change or 0) < 0
    tone: table.Tone = "muted" if not v.change else "good" if better else "bad"
    return table.Cell(_number(v.change), label, tone=tone)


KPI_COLUMNS: Final = (
    table.Column("kpi", N_("KPI"), limit=36),
    table.Column("kpi_id", N_("KPI id"), shown=False),
    table.Column("unit", N_("Unit"), shown=False),
    table.number("value", N_("Value")),
    table.number("previous", N_("Previous"), priority=2),
    table.Column("change", N_("Change"), "change", "right", priority=1),
)


def kpi_cells(v: KpiValue, report: Report) -> tuple[table.Cell, ...]:
    """A KPI's cells of KPI_COLUMNS: what it is, its value, the previous one and the change."""
    unit, compared = v.kpi.unit, report.comparison is not None
    return (
        table.Cell(v.kpi.label, v.kpi.label),
        table.Cell(v.kpi.id, v.kpi.id),
        table.Cell(unit, unit),
        value_cell(v.value, unit, report.currency),
        value_cell(v.previous if compared else None, unit, report.currency),
        change_cell(v) if compared else table.Cell(None, fmt.NULL),
    )


def target_cells(o: Objective, target: str) -> tuple[table.Cell, table.Cell]:
    """An objective's comparison and target: `≥ 12,000` read, `>=` and 12000 in data."""
    sign = "≥" if o.comparison == ">=" else "≤"
    return table.Cell(o.comparison, sign), table.Cell(_number(o.target), f"{sign} {target}")


def kpi_table(report: Report, network: str) -> table.Table:
    """One network's KPIs with data: value, previous value and change."""
    rows = [
        table.Row(kpi_cells(v, report), key=f"kpi:{v.kpi.id}")
        for v in report.values(network)
        if v.value is not None or v.previous is not None
    ]
    missing = without_data(report, network)
    return table.Table(
        NETWORK_LABELS.get(network, network),
        KPI_COLUMNS,
        tuple(rows),
        empty=_("no data in these periods"),
        notes=(_("no data: {kpis}").format(kpis=", ".join(missing)),) if missing and rows else (),
    )


OBJECTIVE_COLUMNS: Final = (
    table.Column("status", N_("Status"), "status"),
    table.Column("objective", N_("Objective"), limit=60, flexible=True, least=22, yields=5),
    table.Column("id", N_("ID"), shown=False),
    table.Column("network", N_("Network"), priority=6, limit=16),
    table.Column("kpi", N_("KPI"), priority=7, limit=28),
    table.Column("unit", N_("Unit"), shown=False),
    table.Column("period", N_("Period"), priority=3, limit=22),
    table.number("value", N_("Value")),
    table.Column("comparison", N_("Comparison"), shown=False),
    table.number("target", N_("Target")),
    table.Column("progress", N_("Progress"), "progress", priority=1),
    table.number("projected", N_("Projected"), priority=4),
    table.number("needed_per_day", N_("Needed/day"), priority=5),
)
"""The objectives table, wherever it is shown: at 80 columns status, objective, value and target
stay; the KPI and the network (the title usually says them) go first."""


def objectives_table(
    evaluations: Sequence[Evaluation],
    currency: str,
    *,
    dim_from: int | None = None,
    title: str = "objectives",
) -> table.Table:
    """Every evaluated objective: its status, what it is, where it stands and where it heads.

    The target reads `≥ 12,000` (its comparison a column of its own in data); the KPI by its
    label. Rows from `dim_from` on (objectives of other periods) are dimmed.
    """
    rows = []
    for index, e in enumerate(evaluations):
        o = e.objective
        kpi = kpis.get(o.kpi)
        rows.append(
            table.Row(
                (
                    table.Cell(e.status, STATUS_LABELS[e.status]),
                    table.Cell(o.title, o.title),
                    table.Cell(o.id, o.id),
                    table.Cell(o.network, NETWORK_LABELS.get(o.network, o.network)),
                    table.Cell(kpi.label, kpi.label),
                    table.Cell(kpi.unit, kpi.unit),
                    table.Cell(e.period.label, e.period.name),
                    value_cell(e.value, kpi.unit, currency),
                    *target_cells(o, fmt.value(o.target, kpi.unit, currency)),
                    table.Cell(_number(e.progress), fmt.progress(e.progress)),
                    value_cell(e.projected, kpi.unit, currency),
                    value_cell(e.needed_per_day, kpi.unit, currency),
                ),
                key=o.id,
                dim=dim_from is not None and index >= dim_from,
            )
        )
    return table.Table(title, OBJECTIVE_COLUMNS, tuple(rows), empty="no objectives")


STORED_COLUMNS: Final = (
    table.Column("id", N_("ID")),
    table.Column("network", N_("Network")),
    table.Column("kpi", N_("KPI")),
    table.Column("comparison", N_("Comparison"), shown=False),
    table.number("target", N_("Target")),
    table.Column("period", N_("Period")),
    table.Column("title", N_("Title"), flexible=True),
)


def stored_objectives_table(objectives: Sequence[Objective]) -> table.Table:
    """The objectives as stored (`kpitui objectives list`): their period as written, the target
    read `≥ 12,000` as everywhere."""
    rows = []
    for o in objectives:
        kpi = kpis.get(o.kpi)
        rows.append(
            table.Row(
                (
                    table.Cell(o.id, o.id),
                    table.Cell(o.network, o.network),
                    table.Cell(kpi.label, kpi.label),
                    *target_cells(o, format_target(o.target, kpi.unit)),
                    table.Cell(o.period, o.period),
                    table.Cell(o.title, o.title),
                ),
                key=o.id,
            )
        )
    return table.Table("objectives", STORED_COLUMNS, tuple(rows))


def without_data(report: Report, network: str) -> list[str]:
    """Labels of the KPIs that apply to `network` but have no data in either period."""
    return [v.kpi.label for v in report.values(network) if v.value is None and v.previous is None]


def to_table(report: Report, name: str, width: int = 0) -> str:
    """The report as aligned text for a terminal; KPIs without data listed in one line. With a
    `width` (`table.text_width()`), the tables leave out their least important columns to fit it."""
    out = [*headline(report, name), ""]
    for network in report.networks:
        kpi = kpi_table(report, network)
        out.append(kpi.title)
        out.extend(table.to_text(kpi, width=width))
        for note in kpi.notes:
            wrap = min(width or 96, 96)
            out.extend(textwrap.wrap(note, width=wrap, initial_indent="  ", subsequent_indent="    "))
        out.append("")
    out.append(_("Objectives (evaluated at the as-of date)"))
    if report.evaluations:
        out.extend(table.to_text(objectives_table(report.evaluations, report.currency), width=width))
    else:
        out.append("  none yet: add one with `kpitui objectives add`")
    return "\n".join(out) + "\n"


def to_markdown(report: Report, name: str) -> str:
    """The report as Markdown, for a wiki page or a client email."""
    head = headline(report, name)
    out = [
        f"# {table.md_escape(head[0], line_start=True)}",
        "",
        *[f"- {table.md_escape(x, line_start=True)}" for x in head[1:]],
        "",
    ]
    for network in report.networks:
        kpi = kpi_table(report, network)
        out += [f"## {kpi.title}", ""]
        out += table.to_markdown(kpi) if kpi.rows else ["No data in these periods."]
        out += [f"\n{table.md_escape(note[0].upper() + note[1:])}." for note in kpi.notes]
        out.append("")
    out += ["## " + _("Objectives"), ""]
    if report.evaluations:
        out += table.to_markdown(objectives_table(report.evaluations, report.currency))
    else:
        out.append("No objectives yet.")
    return "\n".join(out) + "\n"


CSV_COLUMNS: Final = (
    table.Column("network", "network"),
    table.Column("kpi", "kpi"),
    table.Column("label", "label"),
    table.Column("unit", "unit"),
    table.Column("period_start", "period_start"),
    table.Column("period_end", "period_end"),
    table.number("value", "value"),
    table.number("previous", "previous"),
    table.number("change", "change"),
)


def to_csv(report: Report) -> str:
    """One row per network and KPI, raw numbers (ratios as fractions)."""
    start, end = report.period.start, report.period.end
    rows = tuple(
        table.Row(
            tuple(
                table.Cell(x, "")
                for x in (
                    network,
                    v.kpi.id,
                    v.kpi.label,
                    v.kpi.unit,
                    start,
                    end,
                    _number(v.value),
                    _number(v.previous),
                    _number(v.change),
                )
            )
        )
        for network in report.networks
        for v in report.values(network)
    )
    return table.to_csv(table.Table("report", CSV_COLUMNS, rows))
