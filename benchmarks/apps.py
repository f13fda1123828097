"""The two apps the startup benchmark starts as whole processes.

    python benchmarks/apps.py kpitui   # `kpitui demo`, quitting once the dashboard shows numbers
    python benchmarks/apps.py bare     # a bare Textual app with a header and a footer that imports polars

Each writes one byte to the file descriptor named by `BENCH_READY_FD` (when set) right after
its first screen with content has been drawn, then quits: the benchmark times the process
from its start to that byte, the time a person waits to see the screen. What follows (Textual
stopping its input thread, the interpreter's teardown) is not startup, and differs between the
two: kpitui freezes its long-lived objects out of the final collection, the bare app does not.
"""

from __future__ import annotations

import os
import sys


def _ready() -> None:
    """Tell the benchmark the first screen with content is on the terminal."""
    fd = os.environ.get("BENCH_READY_FD")
    if fd is not None:
        os.write(int(fd), b"!")


def kpitui() -> None:
    import gc

    gc.disable()  # the command's order: kpitui.entry, then cli.run_app
    try:
        from kpitui import cli  # noqa: F401
    finally:
        gc.freeze()
        gc.enable()
    from kpitui.tui.first import Preload

    preload = Preload(None, demo=True, period=None)
    from kpitui.core.report import Report
    from kpitui.tui.app import KpiApp

    class Timed(KpiApp):
        ready = False

        def watch_report(self, report: Report | None) -> None:
            if report is not None:
                # the screen draws the report in this same refresh; exit after it
                self.call_after_refresh(lambda: self.call_after_refresh(self._done))

        def _done(self) -> None:
            from textual.widgets import DataTable

            self.ready = self.screen.query_one("#objectives", DataTable).row_count > 0
            _ready()
            self.exit()

    app = Timed(demo=True, preload=preload)
    app.run()
    if not app.ready:  # the benchmark must not time a crash
        sys.exit(3)


def bare() -> None:
    import polars  # noqa: F401  (the baseline pays for polars too)
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: self.call_after_refresh(self._done))

        def _done(self) -> None:
            _ready()
            self.exit()

    Bare().run()


if __name__ == "__main__":
    {"kpitui": kpitui, "bare": bare}[sys.argv[1]]()
