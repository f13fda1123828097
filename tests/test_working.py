"""The loading indicator redraws four times a second, not Textual's sixteen (the renders compete
with the worker computing the numbers)."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from kpitui.tui.app import KpiApp
from kpitui.tui.widgets.working import FRAMES_PER_SECOND, Working


async def test_a_screen_that_computes_shows_a_calm_indicator() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = app.screen.query_one("#body")
        body.loading = True
        await pilot.pause()
        working = body._cover_widget  # Textual draws it over the widget, outside the DOM
        assert isinstance(working, Working)
        renders = 0
        render = working.render

        def counted() -> object:
            nonlocal renders
            renders += 1
            return render()

        working.render = counted  # type: ignore[method-assign]
        await asyncio.sleep(1.0)
        assert working.auto_refresh == 1 / FRAMES_PER_SECOND
        assert 1 <= renders <= FRAMES_PER_SECOND + 2  # Textual's own indicator: 16 a second
        body.loading = False
        await pilot.pause()
        assert body._cover_widget is None
        assert isinstance(app.screen.query_one("#summary"), Static)
