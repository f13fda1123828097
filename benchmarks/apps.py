"""The two apps the startup benchmark starts as whole processes.

    python benchmarks/apps.py kpitui   # `kpitui demo`, quitting once the dashboard shows numbers
    python benchmarks/apps.py bare     # a bare Textual app with a header and a footer that imports polars
    python benchmarks/apps.py widgets  # a Textual app with the dashboard's widgets, filled at mount

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


def widgets() -> None:
    """What Textual alone spends on a screen like kpitui's dashboard: its widgets (a header,
    two tables of about its size, labels, a footer of thirteen keys), filled as it mounts, with
    no workspace read and no computation. kpitui's start over this one is kpitui's own."""
    import polars  # noqa: F401
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.widgets import DataTable, Footer, Header, Label, Static

    keys = "?12345p[]cxeq"
    words = "Help Dashboard Networks Insights Objectives Import Period Earlier Later Compare Explain"
    words += " Export Quit"

    class Widgets(App[None]):
        BINDINGS = [Binding(key, "bell", word) for key, word in zip(keys, words.split(), strict=True)]

        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll():
                yield Static("Dashboard · 2026-Q4 (1 Oct - 7 Dec) · compared with 2026-Q3 (first 68 days)")
                yield Label("Objectives")
                yield DataTable(id="objectives")
                yield Label("KPIs per network")
                yield DataTable(id="kpis")
                yield Static("Sample data of an invented brand.")
            yield Footer()

        def on_mount(self) -> None:
            objectives = self.query_one("#objectives", DataTable)
            objectives.add_columns("Objective", "Network", "Target", "Now", "Pace", "Status")
            for n in range(10):
                objectives.add_row(f"Objective {n}", "Instagram", ">= 4.5%", "4.1%", "92%", "at risk")
            table = self.query_one("#kpis", DataTable)
            table.add_columns("KPI", "Facebook", "Instagram", "X", "LinkedIn", "YouTube", "TikTok", "All")
            for n in range(14):
                table.add_row(f"KPI {n}", "1,234", "5.6%", "-", "12,345", "0.4%", "77", "99,999")
            self.call_after_refresh(lambda: self.call_after_refresh(self._done))

        def _done(self) -> None:
            _ready()
            self.exit()

    Widgets().run()


if __name__ == "__main__":
    {"kpitui": kpitui, "bare": bare, "widgets": widgets}[sys.argv[1]]()
