"""What the app holds: the loaded workspace, and the view (period, comparison, as-of).

Both are immutable values that the app replaces; screens watch them and
recompute in workers. Loading happens in a worker too (`load`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset
from kpitui.core.errors import KpiError, PeriodError
from kpitui.core.importers.values import EARLIEST, LATEST
from kpitui.core.objectives import Evaluation, ObjectivesFile
from kpitui.core.periods import COMPARISONS, Comparison, Period, parse_period
from kpitui.core.report import comparable
from kpitui.core.settings import Settings
from kpitui.core.workspace import ImportLogError, ImportRecord, Workspace


@dataclass(frozen=True, eq=False)
class Loaded:
    """A workspace read into memory, with its objectives evaluated at the as-of date.

    Compared by identity (eq=False): it holds frames, which have no truth value.
    """

    workspace: Workspace
    dataset: Dataset
    settings: Settings
    objectives: ObjectivesFile
    imports: list[ImportRecord]
    demo: bool
    """True when showing the bundled demo (the workspace had no data, or `kpitui demo`)."""
    objectives_error: str | None = None
    """Why objectives.toml could not be read (it is then left untouched)."""
    imports_error: str | None = None
    """Why data/imports.json could not be read: the data shows, the import history does not."""

    @property
    def name(self) -> str:
        return self.settings.name

    def of_period(self, period: Period, columns: Collection[str] | None = None) -> Dataset:
        """The dataset with the posts' rows of `period` (insights and explain read them): the app
        holds the posts' daily cube, not their rows, and reads a period's rows from the segments
        that hold them (`Workspace.period_posts`) when a screen needs them; with `columns`, only
        those stored columns (`with_texts` then fills the texts and links of the posts shown)."""
        if self.dataset.has_post_rows:
            return self.dataset
        rows = self.workspace.period_posts(period.start, period.end, self.settings, columns=columns)
        return replace(self.dataset, posts=rows, post_cube=self.dataset.post_days)

    def with_texts(self, posts: pl.DataFrame) -> pl.DataFrame:
        """`posts` of `of_period` read without texts, with their texts and links."""
        return posts if self.dataset.has_post_rows else self.workspace.post_texts(posts)

    def evaluations(self, as_of: date | None) -> list[Evaluation]:
        """Every objective evaluated at `as_of` (default: the latest date with data)."""
        return objs.evaluate(self.dataset, self.objectives.objectives, as_of)


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
            way = "forward" if steps > 0 else "back"
            raise PeriodError(
                f"No period further {way}: kpitui holds the days from {EARLIEST} to {LATEST}."
            ) from exc
        return replace(self, period=period)

    def next_comparison(self) -> View:
        index = COMPARISONS.index(self.compare)
        return replace(self, compare=COMPARISONS[(index + 1) % len(COMPARISONS)])


def within_range(period: Period) -> Period:
    """`period`, or PeriodError when it reaches outside the days kpitui holds (1970–2100):
    no import writes such a day, and past them Python's dates end (years 1 and 9999)."""
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(f"{period.describe()}: kpitui holds the days from {EARLIEST} to {LATEST}.")
    return period


def read_period(text: str, as_of: date | None) -> Period:
    """A period typed or chosen in the app: any form kpitui reads, within 1970–2100."""
    return within_range(parse_period(text, as_of=as_of))


def load(workspace: Workspace | None, *, demo: bool = False) -> Loaded:
    """Read `workspace` (the demo when it holds no data, or when `demo`).

    Raises KpiError for a damaged workspace or settings file; a broken
    objectives.toml is reported in `objectives_error` instead, and a broken
    import log in `imports_error`, so the numbers still show.
    """
    if demo or workspace is None or not workspace.has_data():
        from kpitui.core.demo import demo_workspace

        workspace, demo = demo_workspace(), True
    settings = workspace.settings()
    try:
        dataset, imports = workspace.snapshot(settings, post_rows=False)
        history_error = None
    except ImportLogError as exc:  # the history is damaged, not the data: show the data
        dataset, imports, history_error = workspace.load_kpi_columns(settings), [], str(exc)
    error = None
    try:
        objectives = objs.load(workspace.objectives_path)
    except KpiError as exc:
        objectives = ObjectivesFile(workspace.objectives_path, (), "broken")
        error = str(exc)
    return Loaded(workspace, dataset, settings, objectives, imports, demo, error, history_error)


def default_view(loaded: Loaded, text: str | None = None) -> View:
    """The quarter holding the as-of date (or `text`), compared with the previous one."""
    as_of = loaded.dataset.latest_date
    reference = as_of or date.today()
    period = (
        parse_period(text, as_of=reference)
        if text
        else parse_period(f"{reference.year}-Q{(reference.month - 1) // 3 + 1}")
    )
    return View(period, "previous", as_of)
