"""The key footer, composed again only when the keys it shows change, in the user's language.

Textual's Footer composes all its keys again after every `bindings_updated`
signal, and a screen sends several while it starts (pushed, focus set) that
change nothing it shows: with fourteen keys that was a tenth of a second of
kpitui's start. This footer compares what it would show with what it shows.

Bindings are declared once, in English marked with `N_` (they are class attributes, made at
import); the footer translates each key's word, its tooltip and a group's label as it composes
them, so a change of language shows at the next composition.
"""

from __future__ import annotations

from typing import Any, Final

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from kpitui.core import i18n
from kpitui.core.i18n import N_, _

Shown = tuple[tuple[str, str, str, bool, str, str], ...]


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
            (binding.key, binding.action, binding.description, enabled, tooltip, i18n.language())
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        """Textual's keys, with their words, tooltips and group labels in the user's language."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if "-command-palette" not in widget.classes:  # the one key Textual does not bind
                    # as compact as the footer from the start: a key is made compact and Textual's
                    # data binding sets it back, each a restyle (26 in the dashboard's first frame)
                    widget.set_reactive(FooterKey.compact, self.compact)
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            elif isinstance(widget, FooterLabel) and isinstance(widget.content, str):
                widget.update(_(widget.content))
            yield widget

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:  # its screen closed meanwhile
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()


def help_keys(action: str) -> tuple[Binding, ...]:
    """`?` and F1 for help (`action`), with what help and the palette say of them."""
    keys = (
        ("question_mark", "?", "help", N_("Every key (this help)")),
        ("f1", "F1", "help-f1", N_("This help, where a text field takes ?")),
    )
    return tuple(
        Binding(key, action, N_("Help"), key_display=shown, id=name, tooltip=tooltip)
        for key, shown, name, tooltip in keys
    )


HELP_KEYS: Final = help_keys("app.help")
"""Help from a modal screen (the app's keys do not reach it): `?`, and F1 where a text field
takes `?` (the footer shows the first of the two that works)."""


TEXTUAL_WORDS: Final = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Quit the app and return to the command prompt."),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
)
"""Textual's own words that kpitui shows (its palette's commands, its screens' keys in help),
marked here so that the catalog has them: they are translated where shown, as kpitui's are."""
