"""What a screen tells the app: typed messages, posted up (from a worker too: posting is
thread-safe), handled by the app on the UI thread, the one place its state changes.

Screens read the app's state (the session, the view, the report) and never change it:
they post one of these instead. Dataclass messages, as in toolong: the fields are the
message's data, typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.worker import Worker

from kpitui.core.objectives import ObjectivesFile
from kpitui.core.workspace import Workspace


@dataclass
class ObjectivesSaved(Message):
    """objectives.toml was written (by a screen's worker): evaluate them and redraw every screen."""

    saved: ObjectivesFile


@dataclass
class ObjectivesStale(Message):
    """objectives.toml should be read again: a hand edit (`r`), or a save that failed."""


@dataclass
class WorkspaceWritten(Message):
    """An import wrote into `workspace`: show it (the real workspace, leaving the demo)."""

    workspace: Workspace


@dataclass
class WorkerFailed(Message):
    """A screen's worker failed; the screen has put itself right, and `note` says what became of
    the user's data. The app reports it (`KpiApp.handle_worker_error`)."""

    worker: Worker[object]
    note: str = ""


@dataclass
class ReportDue(Message):
    """The screen shown has drawn what it computed for the view, or another screen is shown: the
    view's report, if it waits for that (`AreaScreen.prepare`), is computed now."""
