"""Cells as the app draws them: values with units, changes, statuses, bars, sparklines.

Status and direction are never told by colour alone: every status has a word
and a symbol, every change a sign and an arrow, so the app reads the same in
a 16-colour terminal, in the light theme, or printed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

from rich.text import Text
from textual.app import App

from kpitui.core import format as fmt
from kpitui.core.kpis import Kpi, Unit
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS, Status

STATUS_COLORS: Final[dict[Status, str]] = {
    "achieved": "success",
    "on_track": "success",
    "at_risk": "warning",
    "missed": "error",
    "not_started": "text-muted",
    "no_data": "text-muted",
}
_SPARKS: Final = "▁▂▃▄▅▆▇█"


def palette(app: App[object]) -> dict[str, str]:
    """Concrete colours of the current theme for Rich styles (CSS variables may say `auto`)."""
    theme = app.current_theme
    return {
        "success": theme.success or "green",
        "warning": theme.warning or "yellow",
        "error": theme.error or "red",
        "accent": theme.accent or theme.primary,
        "text-muted": "dim",
    }


def status(value: Status, colors: Mapping[str, str]) -> Text:
    """`✔ achieved`, `▲ at risk`…: a symbol and a word, coloured from the theme."""
    color = colors.get(STATUS_COLORS[value], "")
    return Text(f"{STATUS_SYMBOLS[value]} {STATUS_LABELS[value]}", style=f"bold {color}".strip())


def number(value: float | None, unit: Unit, currency: str = "EUR") -> Text:
    """A KPI value with its unit, right-aligned; `—` for null."""
    return Text(fmt.value(value, unit, currency), justify="right")


def change(
    kpi: Kpi, delta: float | None, now: float | None, before: float | None, colors: Mapping[str, str]
) -> Text:
    """The change with a sign and an arrow, green when it goes the KPI's better way."""
    label = fmt.change(delta, kpi.unit, now=now, before=before)
    if delta is None or delta == 0:
        return Text(label, justify="right", style=colors.get("text-muted", ""))
    up = delta > 0
    good = up == (kpi.better == "higher")
    arrow = "▲" if up else "▼"
    style = colors.get("success" if good else "error", "")
    return Text(f"{arrow}{label}", justify="right", style=style)


def bar(progress: float | None, width: int = 10) -> Text:
    """A progress bar with its percentage: `██████░░░░  62%` (capped at the bar's end).

    Cells fill down (94% of 6 cells is 5): only a met target draws a full bar.
    """
    if progress is None:
        return Text(" " * width + "    —", justify="left")
    filled = max(0, min(width, math.floor(progress * width)))
    return Text("█" * filled + "░" * (width - filled) + f" {fmt.progress(progress):>4}")


def spark(values: Sequence[float | None]) -> str:
    """A one-line sparkline of `values`; gaps (null) are spaces."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif span == 0:
            out.append(_SPARKS[3])
        else:
            out.append(_SPARKS[min(len(_SPARKS) - 1, int((v - low) / span * (len(_SPARKS) - 1) + 0.5))])
    return "".join(out)
