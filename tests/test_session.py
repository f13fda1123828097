"""One session for the CLI and the app: the same workspace opens on the same period."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from datetime import date

import pytest

from kpitui.cli import main
from kpitui.core import insights
from kpitui.core.demo import demo_workspace
from kpitui.core.insights import Summary
from kpitui.core.periods import Period, default_period
from kpitui.core.session import Memo, open_report_session, open_session
from kpitui.core.settings import Settings
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from pilots import settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the demo workspace once per session, outside the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.mark.parametrize(
    ("as_of", "label", "start", "end"),
    [
        (date(2026, 3, 31), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 5, 2), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2025, 12, 1), "2025-Q4", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_the_default_period_is_the_quarter_holding_the_as_of_date(
    as_of: date, label: str, start: date, end: date
) -> None:
    period = default_period(as_of)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_a_period_asked_for_is_read_relative_to_the_as_of_date() -> None:
    period = default_period(date(2026, 3, 31), "last-28d")
    assert (period.start, period.end) == (date(2026, 3, 4), date(2026, 3, 31))


async def test_report_and_app_open_the_same_workspace_on_the_same_period(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = demo_workspace().root  # a workspace with data and objectives, opened as the user's
    capsys.readouterr()
    assert main(["--workspace", str(root), "report", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)["period"]
    app = KpiApp(Workspace(root))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.loaded is not None and not app.loaded.demo  # the workspace itself, not the demo
        assert app.view is not None
        shown = app.view.period
    assert printed == {"label": shown.label, "start": shown.start.isoformat(), "end": shown.end.isoformat()}
    assert printed["label"] == default_period(app.loaded.as_of).label  # a quarter, not the last 28 days
    assert printed["label"].endswith(("Q1", "Q2", "Q3", "Q4"))


def test_both_sessions_read_the_same_objectives_and_as_of_date() -> None:
    root = demo_workspace().root
    whole, lean = open_session(Workspace(root)), open_report_session(Workspace(root))
    assert whole.as_of == lean.as_of
    assert whole.default_period() == lean.default_period()
    assert [o.id for o in whole.objectives.objectives] == [o.id for o in lean.objectives.objectives]
    assert whole.imports and not lean.imports  # the history is the app's, not a report's


def test_a_summary_asked_from_two_threads_at_once_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads a period's summary beside the report; Insights then asks for it again (and
    for every network `n` shows): the workspace reads it once."""
    session = open_session(None, demo=True)
    reads: list[Period] = []
    started = threading.Event()
    original = Workspace.period_summary

    def slow(self: Workspace, period: Period, settings: Settings | None = None) -> Summary:
        reads.append(period)
        started.set()
        time.sleep(0.2)  # the second thread asks meanwhile
        return original(self, period, settings)

    monkeypatch.setattr(Workspace, "period_summary", slow)
    period = session.default_period()
    got: list[Summary] = []
    first = threading.Thread(target=lambda: got.append(session.summary(period)))
    first.start()
    started.wait()
    got.append(session.summary(period))
    first.join()
    assert reads == [period] and got[0] is got[1]
    assert insights.hashtags(got[0], period).height > 0
    session.summary(default_period(session.as_of, "2026-01"))
    assert len(reads) == 2


def test_a_memo_keeps_the_last_keys_and_nothing_of_a_failed_computation() -> None:
    memo: Memo[int, str] = Memo(2)
    computed: list[int] = []

    def value(key: int) -> Callable[[], str]:
        return lambda: computed.append(key) or f"v{key}"

    assert [memo.get(k, value(k)) for k in (1, 2, 1, 3, 1, 2)] == ["v1", "v2", "v1", "v3", "v1", "v2"]
    assert computed == [1, 2, 3, 2]  # 2 was the oldest asked for when 3 came

    def broken() -> str:
        raise OSError("disk")

    with pytest.raises(OSError, match="disk"):
        memo.get(4, broken)
    assert memo.get(4, value(4)) == "v4"


def test_a_memo_tells_a_value_ready_without_waiting_for_one_being_computed() -> None:
    memo: Memo[int, str] = Memo(2)
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "slow"

    worker = threading.Thread(target=lambda: memo.get(1, slow))
    worker.start()
    started.wait(5)
    assert memo.ready(1) is None  # being computed: no wait, no value
    release.set()
    worker.join(5)
    assert memo.ready(1) == "slow" and memo.ready(2) is None
