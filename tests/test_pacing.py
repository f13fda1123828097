"""The pacing the charts draw (core): the value to date, the pace line, the projection."""

from __future__ import annotations

from datetime import date

import polars as pl

from kpitui.core import pacing
from kpitui.core.objectives import Evaluation, Objective
from kpitui.core.periods import Period

APRIL = Period(date(2026, 4, 1), date(2026, 4, 30), "month", "2026-04")


def evaluation(kpi: str, comparison: str, target: float, as_of: date, projected: float | None) -> Evaluation:
    objective = Objective("o", "O", "instagram", kpi, comparison, target, "2026-04")  # type: ignore[arg-type]
    elapsed = (as_of - APRIL.start).days + 1
    return Evaluation(objective, APRIL, as_of, "on_track", 1.0, projected, 0.5, None, elapsed)


def frame(**kpis: float | None) -> pl.DataFrame:
    return pl.DataFrame({"network": ["instagram", "all"], **{k: [v, None] for k, v in kpis.items()}})


def test_a_count_to_reach_paces_from_zero_to_the_target_and_projects_to_the_end() -> None:
    """Views ≥ 3,000 in April (30 days), as of the 15th: 700 by the 7th, 1,500 by the 14th, none
    known on the 15th; the pace line is at 3,000 × 14/29 on the 15th (29 days from the 1st to the 30th)."""
    e = evaluation("views", ">=", 3000, date(2026, 4, 15), 3100.0)
    points = [
        (date(2026, 4, 7), frame(views=700)),
        (date(2026, 4, 14), frame(views=1500)),
        (date(2026, 4, 15), frame(views=None)),
    ]
    p = pacing.of(e, points)
    assert p.to_date == ((date(2026, 4, 7), 700.0), (date(2026, 4, 14), 1500.0), (date(2026, 4, 15), None))
    assert p.latest == (date(2026, 4, 14), 1500.0)
    assert p.pace and p.target == 3000
    assert p.pace_at(date(2026, 4, 15)) == 3000 * 14 / 29
    assert p.pace_at(date(2026, 3, 1)) == 0 and p.pace_at(date(2026, 5, 9)) == 3000
    assert p.projected == (date(2026, 4, 30), 3100.0)


def test_a_rate_a_ceiling_and_an_ended_period_have_no_pace_or_no_projection() -> None:
    rate = pacing.of(evaluation("engagement_rate", ">=", 0.04, date(2026, 4, 15), 0.05), [])
    assert not rate.pace and rate.pace_at(date(2026, 4, 15)) is None
    assert rate.to_date == () and rate.latest is None
    ceiling = pacing.of(evaluation("views", "<=", 400, date(2026, 4, 15), 380.0), None)
    assert not ceiling.pace
    ended = pacing.of(evaluation("views", ">=", 3000, date(2026, 4, 30), 3100.0), None)
    assert ended.projected is None
