"""An objective's pacing: its value to date, the target, the pace line and the projection.

Computed once here for every chart that shows it: the HTML report's (matplotlib, `charts`)
and the app's (the objective detail, the KPI chart, the presentation mode). The value to date
is the KPI of the objective's period from its first day to every PACING_STEP_DAYS-th day and
to the as-of date, computed as the objectives' values are (`engine.compute_many`, one pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import polars as pl

from kpitui.core import engine, kpis
from kpitui.core.dataset import Dataset
from kpitui.core.objectives import Evaluation
from kpitui.core.periods import Period

PACING_STEP_DAYS: Final = 7
"""The pacing chart's value to date is computed every this many days of the objective's period."""

Points = Sequence[tuple[date, pl.DataFrame]]
"""The KPIs of an objective's period up to each day (`to_date_values`)."""


@dataclass(frozen=True, slots=True)
class Pacing:
    """What a pacing chart draws for one objective."""

    start: date
    end: date
    to_date: tuple[tuple[date, float | None], ...]
    """The KPI of the period from its first day to each day (null where it has no value)."""
    target: float
    projected: tuple[date, float] | None
    """The projection to the period's end, while the period runs (None once it has ended)."""
    pace: bool
    """A straight line from zero to the target over the period means something: the KPI adds
    up over days and the objective is to reach at least the target."""

    def pace_at(self, day: date) -> float | None:
        """Where the pace line is on `day` (None when the objective has no pace line)."""
        if not self.pace:
            return None
        days = (self.end - self.start).days
        done = (min(max(day, self.start), self.end) - self.start).days
        return self.target * (done / days if days else 1.0)

    @property
    def latest(self) -> tuple[date, float] | None:
        """The last day with a value to date, and that value."""
        known = [(d, v) for d, v in self.to_date if v is not None]
        return known[-1] if known else None


def to_date_values(
    dataset: Dataset, evaluations: Sequence[Evaluation]
) -> dict[tuple[date, date], list[tuple[date, pl.DataFrame]]]:
    """For each objective period that has started, the KPIs of the period from its first day to
    every PACING_STEP_DAYS-th day and to the as-of date, in one `engine.compute_many` pass: the
    pacing charts' value-to-date lines, computed as the objectives' values are."""
    steps: dict[tuple[date, date], list[date]] = {}
    for e in evaluations:
        if e.as_of is None or e.period.start > e.as_of:
            continue
        last = min(e.as_of, e.period.end)
        days = [
            e.period.start + timedelta(days=d)
            for d in range(PACING_STEP_DAYS - 1, (last - e.period.start).days, PACING_STEP_DAYS)
        ]
        steps[(e.period.start, e.period.end)] = [*days, last]
    windows = [
        Period(start, day, "range", f"{start}..{day}") for (start, _), days in steps.items() for day in days
    ]
    frames = iter(engine.compute_many(dataset, windows)) if windows else iter(())
    return {key: [(day, next(frames)) for day in days] for key, days in steps.items()}


def kpi_at(frame: pl.DataFrame, network: str, kpi_id: str) -> float | None:
    """`kpi_id` of `network` in a frame of `engine.compute_many` (None when it has no value)."""
    row = frame.filter(pl.col("network") == network)
    value = row.get_column(kpi_id)[0] if row.height else None
    return None if value is None else float(value)


def of(e: Evaluation, points: Points | None) -> Pacing:
    """The pacing of `e`, from its period's KPIs to date (`to_date_values`; None: not started)."""
    o = e.objective
    projected = None
    if e.projected is not None and e.as_of is not None and e.as_of < e.period.end:
        projected = (e.period.end, e.projected)
    return Pacing(
        start=e.period.start,
        end=e.period.end,
        to_date=tuple((day, kpi_at(frame, o.network, o.kpi)) for day, frame in points or ()),
        target=o.target,
        projected=projected,
        pace=kpis.get(o.kpi).additive and o.comparison == ">=",
    )


def pacings(dataset: Dataset, evaluations: Sequence[Evaluation]) -> list[Pacing]:
    """The pacing of each of `evaluations`, in their order (one computing pass for all)."""
    points = to_date_values(dataset, evaluations)
    return [of(e, points.get((e.period.start, e.period.end))) for e in evaluations]
