"""The workspace's first read and report, started before Textual is imported.

The `kpitui` command spends about 150 ms importing Textual and mounting the dashboard, and
the workspace's read and first report take about 80 ms, half of it in polars with the
interpreter lock released. Started first, in a thread of their own, they are done before the
app has even mounted, instead of starting then: 10-20 ms of a ~470 ms start, what polars does
without the lock (benchmarks/README.md, issue 16 part F).

Nothing here imports Textual: `cli.run_app` starts a `Preload`, then imports the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from kpitui.core.report import Report
from kpitui.core.session import open_session
from kpitui.core.workspace import Workspace
from kpitui.tui.state import Loaded, View, default_view, report_of


@dataclass(frozen=True)
class FirstLoad:
    """A workspace read, its default view and its report: what the dashboard needs to draw."""

    loaded: Loaded
    view: View
    report: Report
    token: tuple[int, ...] | None
    """The workspace's change token taken before its data was read (a change meanwhile shows)."""
    notices: tuple[str, ...] = ()
    """What the workspace said while it was read (an earlier release's converted)."""


def first_load(workspace: Workspace | None, *, demo: bool, period: str | None) -> FirstLoad:
    """Read the workspace (or the demo's) and compute the report of its default view
    (`period` when given: a bad one raises PeriodError)."""
    token = workspace.change_token() if workspace is not None else None
    loaded = open_session(workspace, demo=demo)
    view = default_view(loaded, period)
    return FirstLoad(loaded, view, report_of(loaded, view, None), token)


class Preload:
    """`first_load` running in a thread from its creation; `result` waits for it.

    The workspace's notices are kept meanwhile (the app is not there yet to show them); the
    app takes over the workspace's `notice` when it mounts, and shows the ones kept with the
    result. An error is raised by `result`, in the thread that asks, as `first_load` raises.
    """

    def __init__(self, workspace: Workspace | None, *, demo: bool, period: str | None) -> None:
        self._kept: list[str] = []
        if workspace is not None:
            workspace.notice = self._kept.append
        self._done = threading.Event()
        self._result: FirstLoad | None = None
        self._error: BaseException | None = None
        self._args = (workspace, demo, period)
        # not a daemon: quitting before the read is done waits for it, as for the app's own
        # workers, so that a conversion or a journal's recovery it started is never cut short
        threading.Thread(target=self._run, name="kpitui-first-load").start()

    def _run(self) -> None:
        workspace, demo, period = self._args
        try:
            self._result = first_load(workspace, demo=demo, period=period)
        except BaseException as exc:  # raised again, in the asking thread, by `result`
            self._error = exc
        finally:
            self._done.set()

    def result(self) -> FirstLoad:
        """The first load, once done (blocks until then)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return replace(self._result, notices=tuple(self._kept))
