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
from concurrent.futures import Future
from dataclasses import dataclass, replace

from kpitui.core.report import Report
from kpitui.core.session import open_session
from kpitui.core.workspace import Workspace
from kpitui.tui.state import Loaded, View, default_view, report_of


@dataclass(frozen=True)
class WorkspaceRead:
    """A workspace read, the view to show and its report: what the dashboard needs to draw."""

    loaded: Loaded
    view: View
    report: Report
    token: tuple[int, ...] | None
    """The workspace's change token taken before its data was read (a change meanwhile shows)."""
    notices: tuple[str, ...] = ()
    """What the workspace said while it was read before the app was there (a conversion)."""


def read_workspace(
    workspace: Workspace | None, *, demo: bool, period: str | None, keep: View | None = None
) -> WorkspaceRead:
    """Read the workspace (or the demo's) and compute the report of its view: `keep`'s period
    and comparison at the new as-of date (the same workspace read again, after an import), else
    the default view (`period` when given: a bad one raises PeriodError)."""
    token = workspace.change_token() if workspace is not None else None
    loaded = open_session(workspace, demo=demo)
    view = (
        replace(keep, as_of=loaded.dataset.latest_date)
        if keep is not None and not loaded.demo
        else default_view(loaded, period)
    )
    return WorkspaceRead(loaded, view, report_of(loaded, view, None), token)


class Preload:
    """`read_workspace` running in a thread from its creation; `result` waits for it.

    The workspace's notices are kept meanwhile (the app is not there yet to show them); the
    app takes over the workspace's `notice` when it mounts, and shows the ones kept with the
    result. An error is raised by `result`, in the thread that asks, as `read_workspace` raises.
    """

    def __init__(self, workspace: Workspace | None, *, demo: bool, period: str | None) -> None:
        self._kept: list[str] = []
        if workspace is not None:
            workspace.notice = self._kept.append
        self._read: Future[WorkspaceRead] = Future()
        # not a daemon: quitting before the read is done waits for it, as for the app's own
        # workers, so that a conversion or a journal's recovery it started is never cut short
        threading.Thread(target=self._run, args=(workspace, demo, period), name="kpitui-first-read").start()

    def _run(self, workspace: Workspace | None, demo: bool, period: str | None) -> None:
        try:
            self._read.set_result(read_workspace(workspace, demo=demo, period=period))
        except BaseException as exc:  # raised again, in the asking thread, by `result`
            self._read.set_exception(exc)

    def result(self) -> WorkspaceRead:
        """The read, once done (blocks until then)."""
        return replace(self._read.result(), notices=tuple(self._kept))
