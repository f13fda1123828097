"""The key footer follows the keys of what has the focus, and composes only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from kpitui.tui.widgets.footer import KeyFooter


class Sorting(Button):
    BINDINGS = [Binding("s", "sort", "Sort")]


class Plain(Button):
    pass


class Keys(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Plain("plain", id="plain")
        yield Plain("other", id="other")
        yield Sorting("sorting", id="sorting")
        yield KeyFooter()


def shown(app: App[None]) -> list[str]:
    return sorted(key.key for key in app.screen.query(FooterKey) if key.key != "ctrl+p")


async def test_footer_shows_the_keys_of_the_focused_widget() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown(app) == ["q"]
        app.screen.set_focus(app.query_one("#sorting"))
        await pilot.pause()
        assert shown(app) == ["q", "s"]
        app.screen.set_focus(app.query_one("#plain"))
        await pilot.pause()
        assert shown(app) == ["q"]


async def test_footer_keeps_its_keys_when_the_focus_changes_nothing() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.set_focus(app.query_one("#plain"))
        await pilot.pause()
        before = list(app.screen.query(FooterKey))
        app.screen.set_focus(app.query_one("#other"))  # the same keys: nothing to compose
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before
