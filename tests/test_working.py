"""The loading indicator redraws four times a second, not Textual's sixteen (the renders compete
with the worker computing the numbers)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
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


async def test_the_indicator_shows_only_when_numbers_take_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    """At start, numbers quicker than LOADING_AFTER replace the empty screen without a flash of the
    indicator (the header says "loading…" meanwhile); a slower load shows it until they come."""
    from kpitui.tui import first as reading
    from kpitui.tui.screens import base

    original, indicator = reading.open_session, KpiApp.get_loading_widget
    delay, shown = {"seconds": 0.0}, []

    def open_session(*args: Any, **kwargs: Any) -> Any:
        time.sleep(delay["seconds"])
        return original(*args, **kwargs)

    def get_loading_widget(self: KpiApp) -> Any:
        shown.append(delay["seconds"])
        return indicator(self)

    monkeypatch.setattr(reading, "open_session", open_session)  # where the app reads
    monkeypatch.setattr(KpiApp, "get_loading_widget", get_loading_widget)
    for seconds, after in ((0.0, 5.0), (1.0, 0.05)):
        delay["seconds"] = seconds
        monkeypatch.setattr(base, "LOADING_AFTER", after)
        app = KpiApp(demo=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.report is not None and not app.screen.query_one("#body").loading
            assert app.screen.query_one("#objectives").row_count > 0  # type: ignore[attr-defined]
    assert shown == [1.0]  # once, for the slow start only
