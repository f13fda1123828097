"""What each screen of the app shows, computed headless so it can be tested and scripted.

The app asks for these frames in a worker and only draws them. Numbers come
from kpitui.core.report (the same as `kpitui report`), trends from
kpitui.core.engine.series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

import polars as pl

from kpitui.core import engine, kpis
from kpitui.core.dataset import Dataset
from kpitui.core.engine import Freq
from kpitui.core.objectives import STATUSES, Evaluation, Objective, overlaps
from kpitui.core.periods import Comparison, Period
from kpitui.core.report import KpiValue, Report, build
from kpitui.core.schema import ALL

HEADLINES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("Engagement rate", ("engagement_rate",)),
    ("Impressions", ("impressions", "views", "account_impressions", "account_views", "account_reach")),
    ("Link clicks", ("link_clicks",)),
    ("Followers", ("followers",)),
    ("Net change", ("net_follower_change",)),
    ("Sessions", ("sessions",)),
)
"""The dashboard's columns, one KPI each: the first of each tuple that has data.
A network that reports views but no impressions (TikTok) shows its views; one
whose exports give only account metrics by day (an X overview, a Meta daily
views file) shows those. Followers (a stock) and their net change (a flow) are
two columns: a column means one thing."""

FALLBACK_SUFFIX: Final[dict[str, str]] = {
    "views": "views",
    "account_impressions": "acct",
    "account_views": "acct views",
    "account_reach": "acct reach",
}
"""How the dashboard marks a headline that is not the family's first KPI (narrow: the
initials, `av` for `acct views`)."""


@dataclass(frozen=True, slots=True)
class Headline:
    """One family's headline KPI of one network."""

    family: str
    value: KpiValue | None
    """None when no KPI of the family has data for the network."""
    covers: tuple[int, int] | None = None
    """All networks' followers: (networks whose followers are known, networks with data)
    when some are unknown, so a sum of two networks is not read as the audience of six."""


@dataclass(frozen=True, eq=False)
class DashboardView:
    """Objectives against results for the period, and one summary row per network."""

    report: Report
    objectives: list[Evaluation]
    """Every objective: those whose period overlaps the view's first, each group most urgent first."""
    overlapping: int
    """How many of `objectives` (the first ones) overlap the view's period."""
    summary: list[tuple[str, list[Headline]]]
    """(network, headlines) for each network with data, then "all"."""

    def counts(self) -> dict[str, int]:
        """How many objectives are in each status."""
        return {s: sum(1 for e in self.objectives if e.status == s) for s in STATUSES}


def report_for(
    dataset: Dataset,
    objectives: Sequence[Objective],
    period: Period,
    compare: Comparison,
    as_of: date | None,
) -> Report:
    """The report the screens share (every network, every KPI)."""
    return build(dataset, objectives, period=period, compare=compare, as_of=as_of)


def dashboard(report: Report) -> DashboardView:
    """The dashboard of a report.

    Every objective is listed (a person opening the app must see at once what
    is missed or at risk, whatever period is shown), those of the view's
    period first.
    """
    order = {s: i for i, s in enumerate(STATUSES)}
    shown = sorted(
        report.evaluations,
        key=lambda e: (
            not overlaps(e, report.period),
            order[e.status],
            e.objective.network,
            e.objective.title,
        ),
    )
    overlapping = sum(1 for e in shown if overlaps(e, report.period))
    summary = []
    for network in report.networks:
        by_id = {v.kpi.id: v for v in report.values(network)}
        heads = []
        for family, candidates in HEADLINES:
            found = next(
                (
                    by_id[k]
                    for k in candidates
                    if k in by_id and (by_id[k].value is not None or by_id[k].previous is not None)
                ),
                None,
            )
            heads.append(Headline(family, found))
        summary.append((network, heads))
    return DashboardView(report, shown, overlapping, _covers(summary))


def _covers(summary: list[tuple[str, list[Headline]]]) -> list[tuple[str, list[Headline]]]:
    """The summary with all networks' followers saying how many networks they sum."""
    networks = [heads for network, heads in summary if network != ALL]
    out = []
    for network, heads in summary:
        if network == ALL:
            heads = [
                replace(h, covers=(known, len(networks)))
                if h.family == "Followers"
                and h.value is not None
                and (known := sum(1 for n in networks if _known(n, "Followers"))) < len(networks)
                else h
                for h in heads
            ]
        out.append((network, heads))
    return out


def _known(heads: list[Headline], family: str) -> bool:
    return any(h.family == family and h.value is not None and h.value.value is not None for h in heads)


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One KPI of a network panel."""

    value: KpiValue
    trend: list[float | None]
    """The KPI per bucket of the period (see `freq_for`)."""
    objective: Evaluation | None
    """The most urgent objective on this KPI and network overlapping the period."""


def freq_for(period: Period) -> Freq:
    """Bucket size for a period's trend: days up to a month, weeks up to half a year, else months."""
    if period.days <= 31:
        return "day"
    if period.days <= 186:
        return "week"
    return "month"


def trends(dataset: Dataset, period: Period, as_of: date | None = None) -> pl.DataFrame:
    """Every KPI per bucket of the period for every network (one computation for all panels).

    A running period's trend stops at the as-of date: there is no data after it, and
    empty buckets would read as a fall to zero.
    """
    shown = period.to_date(as_of) if as_of is not None else period
    return engine.series(dataset, shown, freq_for(period)).sort("network", "bucket")


def panel(report: Report, series: pl.DataFrame, network: str) -> list[tuple[str, list[PanelRow]]]:
    """A network's KPIs with data, grouped by family, in registry order."""
    mine = series.filter(pl.col("network") == network)
    order = {s: i for i, s in enumerate(STATUSES)}
    objectives: dict[str, Evaluation] = {}
    for e in report.evaluations:
        if e.objective.network != network or not overlaps(e, report.period):
            continue
        kept = objectives.get(e.objective.kpi)
        if kept is None or order[e.status] < order[kept.status]:
            objectives[e.objective.kpi] = e
    groups: dict[str, list[PanelRow]] = {}
    for value in report.values(network):
        if value.value is None and value.previous is None:
            continue
        trend = mine.get_column(value.kpi.id).to_list() if mine.height else []
        groups.setdefault(kpis.FAMILIES[value.kpi.family], []).append(
            PanelRow(value, trend, objectives.get(value.kpi.id))
        )
    return list(groups.items())


def networks_with_data(report: Report) -> list[str]:
    """Tabs of the Networks screen: each network with data, then "all"."""
    return [n for n in report.networks if n != ALL] + [ALL]
