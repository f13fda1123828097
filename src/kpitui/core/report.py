"""The report: every KPI of a period with its comparison, and every objective's status.

`build` computes it once; `to_json`, `to_table`, `to_markdown` and `to_csv`
render it. The JSON shape is a contract (DESIGN.md, the core issue): ratios
are fractions, never percentages, and null is null.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from kpitui.core import engine, kpis
from kpitui.core import format as fmt
from kpitui.core.dataset import Dataset
from kpitui.core.errors import KpiError
from kpitui.core.objectives import STATUS_LABELS, Evaluation, Objective, evaluate
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
        now = _row(self.current, network)
        before = _row(self.previous, network) if self.previous is not None else {}
        out = []
        for kpi in kpis.applicable(network):
            value, previous = now.get(kpi.id), before.get(kpi.id)
            out.append(KpiValue(network, kpi, value, previous, kpis.change(kpi.unit, value, previous)))
        return out


def _row(frame: pl.DataFrame | None, network: str) -> dict[str, Any]:
    if frame is None:
        return {}
    match = frame.filter(pl.col("network") == network)
    return match.row(0, named=True) if match.height else {}


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
    elapsed = (as_of - period.start).days + 1
    end = min(comparison.start + timedelta(days=elapsed - 1), comparison.end)
    return Period(comparison.start, end, "range", f"{comparison.label} (first {elapsed} days)")


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
    """An objective as stored (its period as written)."""
    return {
        "id": o.id,
        "title": o.title,
        "network": o.network,
        "kpi": o.kpi,
        "comparison": o.comparison,
        "target": o.target,
        "period": o.period,
    }


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


# --- people's formats --------------------------------------------------------------


def headline(report: Report, name: str) -> list[str]:
    """The lines that say what the numbers cover."""
    lines = [f"{name}: {report.period.describe()}"]
    if report.comparison:
        lines.append(f"compared with {report.comparison.describe()}")
    lines.append(f"data as of {report.as_of.isoformat() if report.as_of else '— (no data yet)'}")
    if report.traffic_left_out:
        lines.append(
            f"{report.traffic_left_out} web-traffic row(s) cover a date range that overflows "
            "the period and are not counted"
        )
    return lines


def kpi_table(report: Report, network: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of one network's KPI table, formatted: the KPIs with data."""
    header = ["KPI", "Value", "Previous", "Change"]
    rows = []
    for v in report.values(network):
        if v.value is None and v.previous is None:
            continue
        unit = v.kpi.unit
        rows.append(
            [
                v.kpi.label,
                fmt.value(v.value, unit, report.currency),
                fmt.value(v.previous, unit, report.currency) if report.comparison else fmt.NULL,
                fmt.change(v.change, unit, now=v.value, before=v.previous) if report.comparison else fmt.NULL,
            ]
        )
    return header, rows


def objectives_table(evaluations: Sequence[Evaluation], currency: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the objectives table, formatted; status in words."""
    header = ["Status", "Objective", "Period", "Value", "Target", "Progress", "Projected", "Needed/day"]
    rows = []
    for e in evaluations:
        o = e.objective
        unit = kpis.get(o.kpi).unit
        sign = "≥" if o.comparison == ">=" else "≤"
        rows.append(
            [
                STATUS_LABELS[e.status],
                o.title,
                e.period.label,
                fmt.value(e.value, unit, currency),
                f"{sign} {fmt.value(o.target, unit, currency)}",
                fmt.progress(e.progress),
                fmt.value(e.projected, unit, currency),
                fmt.value(e.needed_per_day, unit, currency) if e.needed_per_day is not None else fmt.NULL,
            ]
        )
    return header, rows


def aligned(header: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Plain-text columns: the first left-aligned, numbers right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    text_columns = {0, 1} if header and header[0] == "Status" else {0}

    def line(cells: list[str]) -> str:
        parts = [
            c.ljust(w) if i in text_columns else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return (indent + "  ".join(parts)).rstrip()

    return [line(header), indent + "  ".join("─" * w for w in widths), *[line(r) for r in rows]]


def without_data(report: Report, network: str) -> list[str]:
    """Labels of the KPIs that apply to `network` but have no data in either period."""
    return [v.kpi.label for v in report.values(network) if v.value is None and v.previous is None]


def to_table(report: Report, name: str) -> str:
    """The report as aligned text for a terminal; KPIs without data listed in one line."""
    out = [*headline(report, name), ""]
    for network in report.networks:
        out.append(NETWORK_LABELS.get(network, network))
        header, rows = kpi_table(report, network)
        out.extend(aligned(header, rows) if rows else ["  no data in these periods"])
        missing = without_data(report, network)
        if missing and rows:
            out.extend(
                textwrap.wrap(
                    f"no data: {', '.join(missing)}", width=96, initial_indent="  ", subsequent_indent="    "
                )
            )
        out.append("")
    out.append("Objectives (evaluated at the as-of date)")
    if report.evaluations:
        out.extend(aligned(*objectives_table(report.evaluations, report.currency)))
    else:
        out.append("  none yet: add one with `kpitui objectives add`")
    return "\n".join(out) + "\n"


_MD_INLINE: Final = re.compile(r"[\\`*_~\[\]|<>&]")
_MD_ENTITIES: Final = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Untrusted text (a post, a name, a title) as Markdown that renders as that very text in any
    viewer: no raw HTML (`<script>`, `<img onerror>`, `<https://…>` become entities), no link or
    image (`[x](javascript:…)`, `![](tracker)`), no emphasis or code, no table cell break, one
    line. With `line_start`, a leading `#`, `-`, `+`, `=` or `1.` cannot start a block either."""
    text = re.sub(r"\r\n?|\n", " ", text)
    text = _MD_INLINE.sub(lambda m: _MD_ENTITIES.get(m[0], "\\" + m[0]), text)
    if line_start:  # leading spaces would make code; a marker, a heading or a list
        text = re.sub(r"^(\d*)([#+=.)-])", r"\1\\\2", text.strip())
    return text


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table; cells escaped, numbers right-aligned."""
    align = ["---" if i == 0 or (header[0] == "Status" and i == 1) else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(report: Report, name: str) -> str:
    """The report as Markdown, for a wiki page or a client email."""
    head = headline(report, name)
    out = [
        f"# {md_escape(head[0], line_start=True)}",
        "",
        *[f"- {md_escape(x, line_start=True)}" for x in head[1:]],
        "",
    ]
    for network in report.networks:
        header, rows = kpi_table(report, network)
        out += [f"## {NETWORK_LABELS.get(network, network)}", ""]
        out += markdown_table(header, rows) if rows else ["No data in these periods."]
        missing = without_data(report, network)
        if missing and rows:
            out += ["", f"No data: {md_escape(', '.join(missing))}."]
        out.append("")
    out += ["## Objectives", ""]
    if report.evaluations:
        out += markdown_table(*objectives_table(report.evaluations, report.currency))
    else:
        out.append("No objectives yet.")
    return "\n".join(out) + "\n"


_SIGNED_NUMBER: Final = re.compile(r"[+-][€$£¥]?\d[\d,]*(\.\d+)?(e[+-]?\d+)?(%| pp| h| s| [A-Z]{3})?", re.I)
"""A signed number as kpitui writes one (`-3`, `+108.7%`, `+0.30 pp`, `-€1,234.50`, `-12.5 h`):
a spreadsheet reads it as a number, or fails on it, and runs nothing."""


def safe_cell(text: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) with
    a leading `'`, per OWASP; a signed number, which runs nothing, is left as it is."""
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r") and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(report: Report) -> str:
    """One row per network and KPI, raw numbers (ratios as fractions)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["network", "kpi", "label", "unit", "period_start", "period_end", "value", "previous", "change"]
    )
    for network in report.networks:
        for v in report.values(network):
            writer.writerow(
                [
                    network,
                    v.kpi.id,
                    safe_cell(v.kpi.label),
                    v.kpi.unit,
                    report.period.start.isoformat(),
                    report.period.end.isoformat(),
                    "" if v.value is None else v.value,
                    "" if v.previous is None else v.previous,
                    "" if v.change is None else v.change,
                ]
            )
    return buffer.getvalue()
