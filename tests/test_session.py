"""One session for the CLI and the app: the same workspace opens on the same period."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kpitui.cli import main
from kpitui.core.demo import demo_workspace
from kpitui.core.periods import default_period
from kpitui.core.session import open_report_session, open_session
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
