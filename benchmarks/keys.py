"""Keypress latencies of the app on a workspace, against the same keys on the demo.

    python benchmarks/keys.py [--posts 1000000] [--repeat 7]
    python benchmarks/keys.py --floor [--repeat 9]

Drives the app with Textual's Pilot, in this process, on the generated workspace
of `--posts` posts (benchmarks/run.py builds it into benchmarks/.work) and on the
demo, alternating the two apps, and prints the medians and their ratios:

- `[`/`]` on the dashboard of a fresh app;
- the same after Networks and Insights were opened (hidden screens);
- Insights after `[` (the period moved while Insights is shown);
- `s` and `b` on Insights: the posts re-sorted from what is computed (a sort, then top/bottom);
- screen switches: `2` and `3` the first time (the screen made, its numbers computed), `1`,
  `2` and `3` back to an area as it was drawn (`--repeat` times each), and `3`, `2`, `1` once
  the period moved while they were hidden (they compute it then). A switch is timed to the
  refresh after the screen shows the view's numbers (drawn: Networks' table of the tab shown,
  the insights of the period), and to the refresh after it is complete (idle: no worker, and
  Networks' trends drawn in).

`--floor` times the same switches in a plain Textual app of the same widgets, with no data
behind them (`floor_app`): what Textual alone spends on them.

Each time runs from the key's action to the refresh after the visible screen drew
the new numbers ("drawn"), and to the moment no worker runs any more ("idle": what
hidden screens still compute after the visible one drew, which a next key would wait
behind). Every worker is left to finish before the next key, so moves never overlap, and
each move computes its period afresh: what the app keeps of the periods it showed is
forgotten first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def timed_app(**kwargs: Any) -> Any:
    """A KpiApp that records when a period key acts and when a screen drew its numbers."""
    from kpitui.tui.app import KpiApp
    from kpitui.tui.screens.dashboard import DashboardScreen
    from kpitui.tui.screens.insights import InsightsScreen

    class Timed(KpiApp):
        pressed = 0.0
        drawn: dict[str, list[float]]

        def action_shift_period(self, steps: int) -> None:
            # every move as to a period never shown: the app keeps the insights of the last few
            # periods (moving back and forth between two would otherwise compute nothing)
            memo = getattr(self.screen, "_memo", None)
            if memo is not None:
                memo.clear()
            if self.loaded is not None:
                self.loaded._summaries.clear()
            self.pressed = time.perf_counter()
            super().action_shift_period(steps)

        async def action_switch_mode(self, mode: str) -> None:
            self.pressed = time.perf_counter()  # `switch` times from here, as moves do
            await super().action_switch_mode(mode)

        def press(self) -> None:
            """A key acts now (a screen's own: `s`, `b`)."""
            self.pressed = time.perf_counter()

        def mark(self, screen: str) -> None:
            start = self.pressed
            if start:
                self.call_after_refresh(lambda: self.drawn[screen].append(time.perf_counter() - start))

    def hook(cls: type, name: str, screen: str) -> None:
        original: Callable[..., None] = getattr(cls, name)

        def wrapper(self: Any, *args: Any) -> None:
            original(self, *args)
            app = self.app
            mark = getattr(app, "mark", None)  # any Timed app (each call defines its own class)
            if mark is not None and app.screen is self:
                mark(screen)

        setattr(cls, name, wrapper)

    def pressed(cls: type, name: str) -> None:
        original: Callable[..., None] = getattr(cls, name)

        def wrapper(self: Any, *args: Any) -> None:
            press = getattr(self.app, "press", None)
            if press is not None:
                press()
            original(self, *args)

        setattr(cls, name, wrapper)

    if not getattr(DashboardScreen, "_timed", False):
        hook(DashboardScreen, "show_report", "dashboard")
        hook(InsightsScreen, "_show", "insights")
        hook(InsightsScreen, "_sorted", "sorted")
        pressed(InsightsScreen, "action_cycle_sort")
        pressed(InsightsScreen, "action_toggle_bottom")
        DashboardScreen._timed = True  # type: ignore[attr-defined]
    app = Timed(**kwargs)
    app.drawn = {"dashboard": [], "insights": [], "sorted": []}
    return app


async def settle(pilot: Any) -> None:
    app = pilot.app
    while True:
        await pilot.pause()
        if getattr(app, "report", True) is not None and not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
        await asyncio.sleep(0.01)


PERIOD_KEYS: Final = ("left_square_bracket", "right_square_bracket")


async def moves(
    pilot: Any, screen: str, repeat: int, keys: tuple[str, str] = PERIOD_KEYS
) -> tuple[list[float], list[float]]:
    """`repeat` period moves (back and forth: `keys` in turn), each timed until `screen` drew it
    and until no worker ran any more."""
    app = pilot.app
    drawn, idle = [], []
    for i in range(repeat + 1):
        count = len(app.drawn[screen])
        await pilot.press(keys[i % 2])
        deadline = time.perf_counter() + 120
        while len(app.drawn[screen]) == count:
            if time.perf_counter() > deadline:
                raise SystemExit(f"{screen} did not draw {keys[i % 2]} within 120 s")
            await asyncio.sleep(0.001)
        drawn.append(app.drawn[screen][-1])
        await settle(pilot)
        idle.append(time.perf_counter() - app.pressed)
    return drawn[1:], idle[1:]  # the first move warms caches


def _shown(app: Any) -> bool:
    """The screen shown draws the numbers of the app's view (what a switch waits for)."""
    screen, view = app.screen, getattr(app, "view", None)
    name = type(screen).__name__
    if view is None:  # the floor's screens (`floor`) are drawn when mounted
        return bool(screen.is_mounted)
    if name == "NetworksScreen":  # the table of the tab shown holds this report's numbers
        if not screen.is_mounted or screen.report is None:
            return False
        network = screen._active_network()
        return screen.report is app.report and network is not None and network not in screen.unfilled
    if name == "InsightsScreen":  # the insights drawn are the view's period's
        shown = screen._shown
        return shown is not None and shown[1][:2] == (view.period.start, view.period.end)
    return name == "DashboardScreen" and screen.view is not None


def _complete(app: Any) -> bool:
    """Nothing is left to draw: no worker runs, and Networks has its trends."""
    if type(app.screen).__name__ == "NetworksScreen" and app.screen.series is None:
        return False
    return not any(w.is_running for w in app.workers)


async def _refreshed(app: Any) -> float:
    """The time of the app's next refresh (what was changed before it is on the screen then)."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()
    return time.perf_counter()


async def switch(pilot: Any, key: str, screen: str) -> tuple[float, float]:
    """Time a screen switch (`1`-`3`) from the key's action (not the Pilot's own time around
    it) to the refresh after `screen` shows the view's numbers ("drawn"), and to the refresh
    after it is complete, with no worker running and Networks' trends in ("idle")."""
    app = pilot.app
    app.pressed = 0.0
    times: list[float] = []

    async def watch() -> None:
        for ready in (_shown, _complete):
            # Textual holds a switched screen off the terminal for 50 ms (`App.delay_update`,
            # its batch): until then nothing new is on the screen
            while not (
                app.pressed
                and type(app.screen).__name__ == screen
                and not app._batch_count
                and _shown(app)
                and ready(app)
            ):
                await asyncio.sleep(0.001)
            times.append(await _refreshed(app))

    watching = asyncio.create_task(watch())
    await pilot.press(key)
    try:
        await asyncio.wait_for(watching, 120)
    except TimeoutError:
        raise SystemExit(f"{screen} was not drawn within 120 s of {key}") from None
    await settle(pilot)
    return times[0] - app.pressed, times[1] - app.pressed


async def session(app: Any, repeat: int) -> dict[str, list[float]]:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        fresh = await moves(pilot, "dashboard", repeat)
        networks, insights_first, back = [
            await switch(pilot, "2", "NetworksScreen"),
            await switch(pilot, "3", "InsightsScreen"),
            await switch(pilot, "1", "DashboardScreen"),
        ]
        # each area shown again as it was drawn, `repeat` times: a switch's time moves by tens
        # of milliseconds from one to the next, and one or two a round made a figure of chance
        again: dict[str, list[tuple[float, float]]] = {"1": [back], "2": [], "3": []}
        for _ in range(repeat):
            for key, name in (("2", "NetworksScreen"), ("3", "InsightsScreen"), ("1", "DashboardScreen")):
                again[key].append(await switch(pilot, key, name))
        hidden = await moves(pilot, "dashboard", repeat)
        # the moves end where they began (back and forth): one more, so that the screen
        # switched to has a period it did not draw
        await pilot.press("left_square_bracket")
        await settle(pilot)
        insights_moved = await switch(pilot, "3", "InsightsScreen")
        insights = await moves(pilot, "insights", repeat)
        resorted = await moves(pilot, "sorted", repeat, keys=("s", "b"))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        networks_moved = await switch(pilot, "2", "NetworksScreen")
        back_again = await switch(pilot, "1", "DashboardScreen")
    figures = {
        "[ ] on the dashboard, drawn": fresh[0],
        "[ ] on the dashboard, idle": fresh[1],
        "same, Networks and Insights opened, drawn": hidden[0],
        "same, Networks and Insights opened, idle": hidden[1],
        "Insights after [, drawn": insights[0],
        "Insights after [, idle": insights[1],
        "s / b on Insights (posts re-sorted), drawn": resorted[0],
    }
    for name, times in (
        ("2 (Networks shown first)", [networks]),
        ("3 (Insights shown first)", [insights_first]),
        ("1 (back to the dashboard)", again["1"]),
        ("2 (back to Networks)", again["2"]),
        ("3 (back to Insights)", again["3"]),
        ("3 after [ on the dashboard", [insights_moved]),
        ("2 after [ on Insights", [networks_moved]),
        ("1 after [ on Insights", [back_again]),
    ):
        figures[f"{name}, drawn"] = [drawn for drawn, _ in times]
        figures[f"{name}, idle"] = [idle for _, idle in times]
    return figures


async def tour(app: Any) -> None:
    """What a person does first: the dashboard, a period back, Networks, Insights, the dashboard."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("left_square_bracket", "2", "3", "1"):
            await pilot.press(key)
            await settle(pilot)


def floor_app() -> Any:
    """What Textual alone spends on kpitui's screen switches: an app of two modes whose screens
    hold the dashboard's widgets (a header, two tables of its size, labels, a footer) and
    Networks' (seven tabs of a 30-row table each, a label), filled as they mount, with no data
    behind them. kpitui's switches beyond these are its own."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Label, TabbedContent, TabPane

    def filled(table: DataTable[str], rows: int, columns: int) -> None:
        table.add_columns(*(f"Column {c}" for c in range(columns)))
        for r in range(rows):
            table.add_row(f"Row {r}", *(f"{r * c:,}" for c in range(1, columns)))

    class Dashboard(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll():
                yield Label("Objectives")
                yield DataTable(id="objectives")
                yield Label("Networks")
                yield DataTable(id="networks")
            yield Footer()

        def on_mount(self) -> None:
            filled(self.query_one("#objectives", DataTable), 10, 8)
            filled(self.query_one("#networks", DataTable), 7, 7)

    class Networks(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with TabbedContent():
                for n in range(7):
                    with TabPane(f"Network {n}"):
                        yield DataTable()
            yield Label("Trend per week of the period.")
            yield Footer()

        def on_mount(self) -> None:
            for table in self.query(DataTable):
                filled(table, 30, 5)

    class Floor(App[None]):
        MODES = {"dashboard": Dashboard, "networks": Networks}
        DEFAULT_MODE = "dashboard"
        BINDINGS = [
            ("1", "switch_mode('dashboard')", "Dashboard"),
            ("2", "switch_mode('networks')", "Networks"),
        ]
        pressed = 0.0

        async def action_switch_mode(self, mode: str) -> None:
            self.pressed = time.perf_counter()
            await super().action_switch_mode(mode)

    return Floor()


async def floor_session(app: Any) -> dict[str, list[float]]:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = await switch(pilot, "2", "Networks")
        back = await switch(pilot, "1", "Dashboard")
        again = await switch(pilot, "2", "Networks")
    return {
        "2 (a Networks-like screen shown first), drawn": [first[0]],
        "1 (back to a dashboard-like screen), drawn": [back[0]],
        "2 (to the Networks-like screen again), drawn": [again[0]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7, help="moves per figure and session")
    parser.add_argument("--rounds", type=int, default=2, help="sessions of each app, alternated")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON (run.py reads it)")
    parser.add_argument(
        "--tour", type=Path, help="only open the app on this workspace, move, show every area, quit (memory)"
    )
    parser.add_argument(
        "--floor", action="store_true", help="only the switches of a plain Textual app (floor_app)"
    )
    args = parser.parse_args()
    if args.floor:
        floor: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for name, times in asyncio.run(floor_session(floor_app())).items():
                floor.setdefault(name, []).extend(times)
        for name, times in floor.items():
            print(f"{name:<48} {statistics.median(times) * 1000:>6.0f}ms  ({len(times)} runs)")
        return 0
    from kpitui.core.workspace import Workspace

    if args.tour:
        asyncio.run(tour(timed_app(workspace=Workspace(args.tour))))
        return 0
    from run import workspace_of

    root = workspace_of(args.posts)
    big: dict[str, list[float]] = {}
    small: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for sink, app in ((big, timed_app(workspace=Workspace(root))), (small, timed_app(demo=True))):
            for name, times in asyncio.run(session(app, args.repeat)).items():
                sink.setdefault(name, []).extend(times)
    if args.json:
        medians = {n: [statistics.median(big[n]), statistics.median(small[n])] for n in big}
        print(json.dumps(medians))
        return 0
    print(f"{'figure (medians)':<44} {'workspace':>10} {'demo':>8} {'ratio':>6}")
    for name in big:
        b, s = statistics.median(big[name]), statistics.median(small[name])
        print(f"{name:<44} {b * 1000:>8.0f}ms {s * 1000:>6.0f}ms {b / s:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
