"""What the app holds: the session (core/session.py), and the view (period, comparison, as-of).

Both are immutable values that the app replaces; screens watch them and
recompute in workers. Opening the session happens in a worker too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kpitui.core.errors import PeriodError
from kpitui.core.i18n import _, ngettext
from kpitui.core.objectives import Evaluation
from kpitui.core.periods import COMPARISONS, EARLIEST, LATEST, Comparison, Period, parse_period
from kpitui.core.report import Report, build, comparable
from kpitui.core.session import Session

Loaded = Session
"""The app's name for the session it shows (core/session.py opens it, for the CLI too)."""


@dataclass(frozen=True)
class View:
    """Which numbers to show: the period, its comparison, the as-of date."""

    period: Period
    compare: Comparison
    as_of: date | None

    @property
    def comparison(self) -> Period | None:
        """The comparison period, cut to the days the period has data for (see report.comparable);
        None when there is none, or none kpitui can hold (before 1970, after 2100)."""
        try:
            comparison = comparable(self.period, self.period.comparison(self.compare), self.as_of)
            return None if comparison is None else within_range(comparison)
        except (PeriodError, ValueError, OverflowError):
            return None

    def comparison_name(self, *, narrow: bool = False) -> str:
        """The comparison as the user's language names it: `T3 2026`, `2026-Q3 (first 46 days)`
        while the period runs (`(46 d)` when `narrow`), `nothing` when there is none."""
        comparison = self.comparison
        if comparison is None:
            return _("nothing")
        whole = self.period.comparison(self.compare)
        if whole is None or (comparison.start, comparison.end) == (whole.start, whole.end):
            return comparison.name
        days = comparison.days
        if narrow:
            return ngettext("{period} ({n} d)", "{period} ({n} d)", days).format(period=whole.name, n=days)
        return ngettext("{period} (first {n} day)", "{period} (first {n} days)", days).format(
            period=whole.name, n=days
        )

    def comparison_described(self) -> str:
        """The comparison's name and its days: what `c` says it now compares with."""
        comparison = self.comparison
        if comparison is None:
            return _("nothing")
        if comparison.kind == "range" and comparison.label == comparison.range_text:
            return comparison.name
        return f"{self.comparison_name()} ({comparison.days_text})"

    @property
    def effective_compare(self) -> Comparison:
        """The comparison to compute: `none` when the period has no comparison kpitui can hold."""
        return self.compare if self.comparison is not None else "none"

    def moved(self, steps: int) -> View:
        """The view `steps` periods later (earlier when negative).

        PeriodError past the days kpitui holds: `[` and `]` stop at the edge.
        Python's dates end in years 1 and 9999 (ValueError, OverflowError).
        """
        try:
            period = within_range(self.period.shift(steps))
        except (PeriodError, ValueError, OverflowError) as exc:
            message = (
                _("No period further forward: kpitui holds the days from {first} to {last}.")
                if steps > 0
                else _("No period further back: kpitui holds the days from {first} to {last}.")
            )
            raise PeriodError(message.format(first=EARLIEST, last=LATEST)) from exc
        return replace(self, period=period)

    def next_comparison(self) -> View:
        index = COMPARISONS.index(self.compare)
        return replace(self, compare=COMPARISONS[(index + 1) % len(COMPARISONS)])


def within_range(period: Period) -> Period:
    """`period`, or PeriodError when it reaches outside the days kpitui holds (1970–2100):
    no import writes such a day, and past them Python's dates end (years 1 and 9999)."""
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(
            _("{period}: kpitui holds the days from {first} to {last}.").format(
                period=period.describe(), first=EARLIEST, last=LATEST
            )
        )
    return period


def read_period(text: str, as_of: date | None) -> Period:
    """A period typed or chosen in the app: any form kpitui reads, within 1970–2100."""
    return within_range(parse_period(text, as_of=as_of))


def default_view(loaded: Loaded, text: str | None = None) -> View:
    """The session's default period (or `text`), compared with the previous one."""
    return View(loaded.default_period(text), "previous", loaded.as_of)


def report_of(loaded: Loaded, view: View, evaluations: list[Evaluation] | None) -> Report:
    """The report of `view` over the session's data: its KPIs, comparison and objectives
    (`evaluations` when already computed for the same data and as-of date)."""
    return build(
        loaded.dataset,
        loaded.objectives.objectives,
        period=view.period,
        compare=view.effective_compare,
        as_of=view.as_of,
        evaluations=evaluations,
    )
