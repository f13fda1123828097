"""Waiting for the app in Pilot tests: on its workers and its state, never on a count of pauses.

A loop of 600 pauses of 10 ms made a test fail whenever the shared machine was slow enough
that building the demo took longer than six seconds. These helpers wait for what the test
needs (the app's own workers done, a report drawn, a condition true) and give up only after
PATIENCE, which is there to turn a hang into a failure, not to time anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import Worker, WorkerState

PATIENCE = 300.0
"""Seconds after which waiting is a hang (the longest worker in the suite takes about ten)."""

BROWSER = "_loader"
"""The file browser's worker group: its loader waits for folders to expand and never ends."""


def busy(pilot: Pilot[None]) -> bool:
    """Any of the app's own workers still running (the file browser's loader excepted)."""
    return any(w.is_running and w.group != BROWSER for w in pilot.app.workers)


async def idle(pilot: Pilot[None], *, report: bool = False) -> None:
    """Wait until the app's own workers are done (and, with `report`, a report is computed)."""
    deadline = time.monotonic() + PATIENCE
    while True:
        await pilot.pause()
        running = [w for w in pilot.app.workers if w.is_running and w.group != BROWSER]
        if not running and (not report or getattr(pilot.app, "report", None) is not None):
            await pilot.pause()
            return
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("the app did not settle" if report else "a worker did not finish")
        if not running:
            await pilot.pause(0.01)  # the next worker has not started yet
        for worker in running:
            with contextlib.suppress(Exception):  # a failure is the app's to show, and the test's to see
                await asyncio.wait_for(worker.wait(), left)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the report is computed."""
    await idle(pilot, report=True)


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition` holds, letting the app run between looks."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.02)


class WorkerStarts:
    """Message hook: the workers that started, by the class of the screen (or app) they ran for."""

    def __init__(self) -> None:
        self.started: list[tuple[str, str]] = []

    def __call__(self, message: object) -> None:
        if isinstance(message, Worker.StateChanged) and message.state == WorkerState.RUNNING:
            self.started.append((type(message.worker.node).__name__, message.worker.name))

    def of(self, owner: str) -> list[str]:
        return [name for node, name in self.started if node == owner]


S = TypeVar("S", bound=Screen[None])


async def area(pilot: Pilot[None], key: str, kind: type[S]) -> S:
    """The app started, then the area of `key` (`2`: Networks, `3`: Insights), drawn."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen
