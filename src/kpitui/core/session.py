"""A session: one workspace opened, with what the CLI and the app need of it.

Both front ends open a workspace here and nowhere else, so they read the same
settings, data, objectives and import log the same way, and start on the same
period (`default_period`). The app opens a whole session (`open_session`: every
column, the import history, a broken objectives.toml reported beside the numbers);
a command opens a lean one (`open_report_session`: only what the KPIs read, and a
broken objectives.toml is an error, exit 2).

The default period (`periods.default_period`) is the quarter holding the as-of date,
for the CLI and the app alike.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Generic, TypeVar

from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset
from kpitui.core.demo import demo_workspace
from kpitui.core.errors import KpiError
from kpitui.core.insights import Summary, summary_of
from kpitui.core.objectives import Evaluation, ObjectivesFile
from kpitui.core.periods import Period, default_period
from kpitui.core.settings import Settings
from kpitui.core.workspace import ImportLogError, ImportRecord, Workspace

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Session:
    """A workspace read into memory: its settings, data, objectives and import history.

    Compared by identity (eq=False): it holds frames, which have no truth value.
    """

    workspace: Workspace
    dataset: Dataset
    settings: Settings
    objectives: ObjectivesFile
    imports: list[ImportRecord]
    """The import history, oldest first (empty in a lean session, which does not read it)."""
    demo: bool
    """True when showing the bundled demo (the workspace had no data, or `kpitui demo`)."""
    objectives_error: str | None = None
    """Why objectives.toml could not be read (it is then left untouched)."""
    imports_error: str | None = None
    """Why the import log could not be read: the data shows, the import history does not."""
    _summaries: Memo[tuple[date, date], Summary] = field(default_factory=lambda: Memo(4), repr=False)

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def as_of(self) -> date | None:
        """The latest day with data: what relative periods end on, and objectives are judged at."""
        return self.dataset.latest_date

    def default_period(self, text: str | None = None) -> Period:
        """The period a session opens on: `text`, else the quarter holding the as-of date."""
        return default_period(self.as_of, text)

    def of_period(self, period: Period) -> Dataset:
        """The dataset with the posts' rows of `period` (explain reads them): the app holds the
        posts' daily cube, not their rows, and reads a period's rows from the segments that hold
        them (`Workspace.period_posts`) when a screen needs them."""
        if self.dataset.has_post_rows:
            return self.dataset
        rows = self.workspace.period_posts(period.start, period.end, self.settings)
        return replace(self.dataset, posts=rows, post_cube=self.dataset.post_days)

    def summary(self, period: Period) -> Summary:
        """The insights' summary of `period` (`insights.Summary`): the stored summaries of the
        segments that hold its posts (`Workspace.period_summary`), or the held rows summed.

        Kept for the last few periods, and read once when two threads ask for it at once: the
        app starts reading it as the period changes, beside the report, and the Insights screen
        asks for it when the report is drawn (and again for each network `n` shows)."""

        def read() -> Summary:
            if self.dataset.has_post_rows:
                return summary_of(self.dataset, period)
            return self.workspace.period_summary(period, self.settings)

        return self._summaries.get((period.start, period.end), read)

    def evaluations(self, as_of: date | None) -> list[Evaluation]:
        """Every objective evaluated at `as_of` (default: the latest date with data)."""
        return objs.evaluate(self.dataset, self.objectives.objectives, as_of)


class Memo(Generic[K, V]):
    """The values of the last `size` keys asked for, each computed once: a thread asking for a
    key another is computing waits for its value rather than computing it again. A computation
    that raises leaves nothing behind (the next asker computes it)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[K, tuple[threading.Lock, list[V]]] = OrderedDict()

    def clear(self) -> None:
        """Forget every value (a computation under way still gives its own to its askers)."""
        with self._lock:
            self._entries.clear()

    def ready(self, key: K) -> V | None:
        """The value of `key` when it is computed (never waits for one being computed)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or not entry[1]:
                return None
            self._entries.move_to_end(key)
            return entry[1][0]

    def get(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = (threading.Lock(), [])
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            self._entries.move_to_end(key)
        lock, value = entry
        with lock:
            if not value:
                value.append(compute())
            return value[0]


def open_session(workspace: Workspace | None, *, demo: bool = False) -> Session:
    """Read `workspace` (the demo when it holds no data, or when `demo`): the app's session, which
    holds the posts' daily cube and reads a period's post rows when a screen needs them
    (`Session.of_period`).

    Raises KpiError for a damaged workspace or settings file; a broken
    objectives.toml is reported in `objectives_error` instead, and a broken
    import log in `imports_error`, so the numbers still show.
    """
    if demo or workspace is None or not workspace.has_data():
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
    return Session(workspace, dataset, settings, objectives, imports, demo, error, history_error)


def open_report_session(workspace: Workspace, *, objectives_only: bool = False) -> Session:
    """Read what a report (or, `objectives_only`, a check) needs: the columns the KPIs read
    (those of the objectives' KPIs only, for a check), never the posts' rows nor the import
    history. A broken objectives.toml raises its KpiError: a command stops on it."""
    settings = workspace.settings()
    objectives = objs.load(workspace.objectives_path)
    kpi_ids: Collection[str] | None = {o.kpi for o in objectives.objectives} if objectives_only else None
    dataset = workspace.load_kpi_columns(settings, kpi_ids)
    return Session(workspace, dataset, settings, objectives, [], demo=False)
