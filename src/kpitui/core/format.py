"""Numbers as people read them: units shown, thousands separated, `—` for null.

Shared by the CLI's table and Markdown output and by the app, so the same
number reads the same everywhere. In English the text is what it always was (`4.12%`,
`12,000`); in another language Babel lays the same digits out the locale's way (`4,12 %`,
`12 000`, `1 234,50 €`). The rounding is Python's in every language, so a French and an English
report never differ by a digit.

Grouping uses the no-break space U+00A0, not CLDR's narrow one (U+202F, which Babel gives for
French): both are one cell wide for Rich and for the table code, but U+00A0 is in Latin-1 and
so in every terminal font, the Linux console's included, while a font without U+202F draws a
fallback glyph or a box in the middle of a number.
"""

from __future__ import annotations

import copy
import math
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from kpitui.core import i18n
from kpitui.core.i18n import _
from kpitui.core.kpis import Unit

NULL: Final = "—"

_SYMBOLS: Final[dict[str, str]] = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
GROUP: Final = "\u00a0"
"""The thousands separator of languages that group with a space (French): see the module's note."""


def value(number: float | None, unit: Unit, currency: str = "EUR") -> str:
    """A KPI value with its unit: `4.12%`, `12,345`, `€1,234.50`, `12.5 h`, `42 s`."""
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        return NULL
    english = i18n.language() == "en"
    if unit == "ratio":
        return f"{number * 100:.2f}%" if english else localized(f"{number * 100:.2f}", 2, "percent")
    if unit == "currency":
        if not english:
            return localized(f"{number:.2f}", 2, "currency", currency=currency.upper())
        symbol = _SYMBOLS.get(currency.upper())
        amount = f"{abs(number):,.2f}"
        sign = "-" if number < 0 else ""
        return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"
    if unit == "hours":
        return f"{number:,.1f} h" if english else f"{localized(f'{number:.1f}', 1)}{GROUP}h"
    if unit == "seconds":
        return f"{number:,.1f} s" if english else f"{localized(f'{number:.1f}', 1)}{GROUP}s"
    return count(number)


def count(number: float | None) -> str:
    """A count with thousands separators; one decimal when it is not whole."""
    if number is None:
        return NULL
    whole = float(number).is_integer()
    if i18n.language() != "en":
        return localized(str(int(number)), 0) if whole else localized(f"{number:.1f}", 1)
    if whole:
        return f"{int(number):,}"
    return f"{number:,.1f}"


def change(delta: float | None, unit: Unit, *, now: float | None = None, before: float | None = None) -> str:
    """A change against the comparison period: `+3.2%` for counts, `+0.30 pp` for rates.

    A count that grew from 0 (or from nothing) reads `new`.
    """
    if delta is None:
        if unit != "ratio" and now is not None and now > 0 and (before is None or before == 0):
            return _("new")
        return NULL
    if i18n.language() != "en":
        if unit == "ratio":
            # TRANSLATORS: a change of a rate, in percentage points: "+0,30 pt"
            return _("{points} pp").format(points=localized(f"{delta * 100:+.2f}", 2))
        return localized(f"{delta * 100:+.1f}", 1, "percent")
    if unit == "ratio":
        return f"{delta * 100:+.2f} pp"
    return f"{delta * 100:+.1f}%"


def progress(ratio: float | None) -> str:
    """Progress towards a target as a percentage."""
    if ratio is None:
        return NULL
    return f"{ratio * 100:.0f}%" if i18n.language() == "en" else localized(f"{ratio * 100:.0f}", 0, "percent")


def day(when: date | None) -> str:
    """A day: `2026-03-31` in English (as kpitui always wrote it), `31 mars 2026` in French."""
    if when is None:
        return NULL
    if i18n.language() == "en":
        return when.isoformat()
    from babel.dates import format_date  # Babel where it lays something out (i18n._locale)

    return format_date(when, "long", locale=i18n.locale())


def short_day(when: date) -> str:
    """A day in a table's column: `2026-03-31` in English, `31 mars 2026` in French (Babel's
    medium form, `1 oct. 2026`)."""
    if i18n.language() == "en":
        return when.isoformat()
    from babel.dates import format_date

    return format_date(when, "medium", locale=i18n.locale())


def moment(stamp: str) -> str:
    """An ISO timestamp to the minute (`2026-12-07T14:37:05+00:00`): `2026-12-07 14:37` in English,
    `7 déc. 2026 14:37` in French."""
    minute = stamp[:16].replace("T", " ")
    if i18n.language() == "en" or len(minute) < 16:
        return minute
    try:
        return f"{short_day(date.fromisoformat(minute[:10]))} {minute[11:]}"
    except ValueError:  # not a day: shown as written
        return minute


def localized(
    rounded: str,
    decimals: int,
    kind: Literal["decimal", "percent", "currency"] = "decimal",
    *,
    currency: str | None = None,
) -> str:
    """`rounded`, a number Python already rounded to `decimals` places (`-12345.50`, `+3.2`; a
    percentage already times 100), laid out by the current locale's Babel pattern of `kind`.

    An explicit sign (`+`) is kept, in the locale's symbol, as `change` needs it.
    """
    from babel import numbers  # Babel where it lays something out (i18n._locale)

    sign, digits = (rounded[0], rounded[1:]) if rounded[:1] in ("+", "-") else ("", rounded)
    loc = i18n.locale()
    if kind == "currency":
        base = loc.currency_formats["standard"]
    elif kind == "percent":
        base = loc.percent_formats[None]
    else:
        base = loc.decimal_formats[None]
    pattern = copy.copy(base)
    pattern.frac_prec = (decimals, decimals)
    amount = Decimal(digits).scaleb(-pattern.scale)  # exact: apply() scales it back
    text: str = pattern.apply(amount, loc, currency=currency, currency_digits=False)
    text = text.replace("\u202f", GROUP)
    if sign == "-" and Decimal(digits) == 0:
        sign = ""  # Python's "-0.0" for a tiny negative reads as zero
    symbols: dict[str, str] = {
        "+": numbers.get_plus_sign_symbol(loc),
        "-": numbers.get_minus_sign_symbol(loc),
    }
    return symbols.get(sign, "") + text
