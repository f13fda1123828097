"""The app's loading indicator: Textual's, pulsing four times a second instead of sixteen.

While a screen computes (a period of insights, the first report), Textual's indicator redraws
its widget sixteen times a second, each a render of the screen under the GIL that the worker
computing the numbers needs too: on a 5M-post workspace that was about a quarter of a second
of the UI thread's time per Insights move, slowing the very work it waits for. Four frames a
second still show the app is alive.
"""

from __future__ import annotations

from typing import Final

from textual.events import Mount
from textual.widgets import LoadingIndicator

FRAMES_PER_SECOND: Final = 4


class Working(LoadingIndicator):
    """Textual's loading indicator, redrawn FRAMES_PER_SECOND times a second."""

    def _on_mount(self, event: Mount) -> None:
        # Textual calls each class's handler, this one first: LoadingIndicator's sets its own
        # rate after it, so this one's is set once the event is handled
        self.call_later(self._calm)

    def _calm(self) -> None:
        self.auto_refresh = 1 / FRAMES_PER_SECOND
