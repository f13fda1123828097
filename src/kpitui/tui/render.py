"""Cells as the app draws them: values with units, changes, statuses, bars, sparklines.

Status and direction are never told by colour alone: every status has a word
and a symbol, every change a sign and an arrow, so the app reads the same in
a 16-colour terminal, in the light theme, or printed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Final

from rich.text import Text
from textual.app import App

from kpitui.core import format as fmt
from kpitui.core import i18n
from kpitui.core.kpis import Kpi, Unit
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS, Status
from kpitui.tui import themes

STATUS_COLORS: Final[dict[Status, str]] = {
    "achieved": "success",
    "on_track": "success",
    "at_risk": "warning",
    "missed": "error",
    "not_started": "text-muted",
    "no_data": "text-muted",
}


def palette(app: App[object]) -> dict[str, str]:
    """Concrete colours of the app's theme for Rich styles, by role (`themes.palette`)."""
    return themes.palette(app.current_theme, colors16=app.has_class(themes.COLORS16))


def short_day(day: date) -> str:
    """A day in few cells: `01 Oct 2026` in English, `1 oct. 2026` in French."""
    if i18n.language() == "en":
        return f"{day:%d %b %Y}"
    from babel.dates import format_date  # Babel where it lays something out (i18n._locale)

    return format_date(day, "medium", locale=i18n.locale())


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
