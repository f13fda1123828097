"""kpitui's two themes: Textual's dark and light, with status colours a person can read.

Textual's own themes draw statuses below WCAG AA contrast (4.5:1): the dark theme's error red
(#B93C5B) reaches 2.5:1 on a table's header, the light theme's green and orange 1.3–1.8:1 on its
grey. kpitui keeps those themes' look and changes only what a status is drawn in: the success,
warning and error colours, a muted colour for `○ not started` and `? no data` (Rich's `dim` is no
colour at all), and, in the light theme, a paler unfocused cursor row so that a status on it stays
readable. tests/test_themes.py checks every status colour against every background a status is
drawn on.

A terminal of 16 colours maps these colours to its nearest own ones, where orange becomes red and
a table's header and its unfocused cursor row become the same grey: `palette(..., colors16=True)`
names the terminal's green, yellow and red, and the app underlines table headers there
(`-colors16` in app.tcss).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

MUTED: Final = "kpitui-muted"
"""The theme variable holding the muted status colour."""

DARK: Final = replace(
    BUILTIN_THEMES["textual-dark"],
    name="kpitui-dark",
    error="#FF7A8F",
    variables={**BUILTIN_THEMES["textual-dark"].variables, MUTED: "#A8A8A8"},
)
LIGHT: Final = replace(
    BUILTIN_THEMES["textual-light"],
    name="kpitui-light",
    success="#085220",
    warning="#6F4400",
    error="#951534",
    variables={
        **BUILTIN_THEMES["textual-light"].variables,
        MUTED: "#4A4A4A",
        "block-cursor-blurred-background": "#0045781F",
    },
)
THEMES: Final = (DARK, LIGHT)
DEFAULT: Final = DARK.name
COLORS16: Final = "-colors16"
"""The app's class in a terminal of 16 colours."""

STATUS_BACKGROUNDS: Final = ("background", "surface", "panel")
"""The theme colours a status is drawn on (a table's rows, its header, the screen)."""


def palette(theme: Theme, *, colors16: bool = False) -> dict[str, str]:
    """Concrete colours of `theme` for Rich styles, by role (`success`, `warning`, `error`,
    `accent`, `text-muted`).

    Written as Rich reads them: a theme of the terminal's own colours (`ansi-dark`) names them
    `ansi_red`, which Textual's CSS reads and Rich does not (`color(1)`). With `colors16`, the
    terminal's own green, yellow and red, which its palette keeps apart."""
    if colors16:
        return {
            "success": "green",
            "warning": "yellow",
            "error": "red",
            "accent": "blue",
            "text-muted": "dim",
        }

    def rich(color: str | None, fallback: str) -> str:
        return Color.parse(color).rich_color.name if color else fallback

    return {
        "success": rich(theme.success, "green"),
        "warning": rich(theme.warning, "yellow"),
        "error": rich(theme.error, "red"),
        "accent": rich(theme.accent or theme.primary, "blue"),
        "text-muted": rich(theme.variables.get(MUTED), "dim"),
    }
