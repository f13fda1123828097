"""Numbers as people read them: units shown, thousands separated, `—` for null.

Shared by the CLI's table and Markdown output and by the app, so the same
number reads the same everywhere.
"""

from __future__ import annotations

import math
from typing import Final

from kpitui.core.kpis import Unit

NULL: Final = "—"

_SYMBOLS: Final[dict[str, str]] = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def value(number: float | None, unit: Unit, currency: str = "EUR") -> str:
    """A KPI value with its unit: `4.12%`, `12,345`, `€1,234.50`, `12.5 h`, `42 s`."""
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        return NULL
    if unit == "ratio":
        return f"{number * 100:.2f}%"
    if unit == "currency":
        symbol = _SYMBOLS.get(currency.upper())
        amount = f"{abs(number):,.2f}"
        sign = "-" if number < 0 else ""
        return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"
    if unit == "hours":
        return f"{number:,.1f} h"
    if unit == "seconds":
        return f"{number:,.1f} s"
    return count(number)


def count(number: float | None) -> str:
    """A count with thousands separators; one decimal when it is not whole."""
    if number is None:
        return NULL
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.1f}"


def change(delta: float | None, unit: Unit, *, now: float | None = None, before: float | None = None) -> str:
    """A change against the comparison period: `+3.2%` for counts, `+0.30 pp` for rates.

    A count that grew from 0 (or from nothing) reads `new`.
    """
    if delta is None:
        if unit != "ratio" and now is not None and now > 0 and (before is None or before == 0):
            return "new"
        return NULL
    if unit == "ratio":
        return f"{delta * 100:+.2f} pp"
    return f"{delta * 100:+.1f}%"


def progress(ratio: float | None) -> str:
    """Progress towards a target as a percentage."""
    return NULL if ratio is None else f"{ratio * 100:.0f}%"
