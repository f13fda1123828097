"""The key footer, composed again only when the keys it shows change.

Textual's Footer composes all its keys again after every `bindings_updated`
signal, and a screen sends several while it starts (pushed, focus set) that
change nothing it shows: with fourteen keys that was a tenth of a second of
kpitui's start. This footer compares what it would show with what it shows.
"""

from __future__ import annotations

from typing import Any, Final

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    """Footer that composes its keys again only when they differ from those shown."""

    _shown: Shown | None = None
    _pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:  # its screen closed meanwhile
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()


HELP_KEYS: Final = (
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("f1", "app.help", "Help", key_display="F1"),
)
"""Help from a modal screen (the app's keys do not reach it): `?`, and F1 where a text field
takes `?` (the footer shows the first of the two that works)."""
