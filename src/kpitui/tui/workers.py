"""How the app runs its slow work: every worker is a thread of its own group, exclusive (a newer
request cancels the one still running for an older period or file), and its failure is reported
by the app (`KpiApp.handle_worker_error`: what happened, what it changed), never a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from textual import work
from textual.worker import Worker

P = ParamSpec("P")
R = TypeVar("R")


def in_thread(description: str, group: str = "default") -> Callable[[Callable[P, R]], Callable[P, Worker[R]]]:
    """The worker decorator of kpitui's screens: `description` (marked with N_) is what an error
    message says the app was doing, in the reader's language."""
    return work(thread=True, exclusive=True, group=group, exit_on_error=False, description=description)
