"""Value parsers shared by the importers: polars expressions from strings to typed values.

Each parser maps a string column to a typed one and yields null where the
text is not a valid value. `convert` compares the two: a non-empty cell that
became null is a bad value, reported with its row, column and what was
expected. Blank cells stay null: a missing number is not 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.importers.csvtext import ROW

_ISO_DATETIME = (
    r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


@dataclass(frozen=True, slots=True)
class Conversion:
    """How to turn one source column into one typed column."""

    source: str
    """Column of the raw frame (all strings)."""
    parse: pl.Expr
    """Expression over the raw frame giving the typed value, null when invalid."""
    expected: str
    """What a valid value looks like, for the error message."""


def blank(expr: pl.Expr) -> pl.Expr:
    """True where a cell is empty: null or only spaces."""
    return expr.is_null() | (expr.str.strip_chars() == "")


def cleaned(expr: pl.Expr) -> pl.Expr:
    """The trimmed text, null when blank."""
    text = expr.str.strip_chars()
    return pl.when(text != "").then(text)


def integer(expr: pl.Expr) -> pl.Expr:
    """A whole number: `12`, `-3`, or a float with no fraction such as `1777.0`."""
    number = cleaned(expr).cast(pl.Float64, strict=False)
    ok = number.is_finite() & (number == number.round(0)) & (number.abs() < 2**53)
    return pl.when(ok).then(number.cast(pl.Int64))


def decimal(expr: pl.Expr) -> pl.Expr:
    """A plain decimal number such as `12.5` or `-0.25`."""
    number = cleaned(expr).cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def iso_date(expr: pl.Expr) -> pl.Expr:
    """A day written `YYYY-MM-DD`."""
    return cleaned(expr).str.to_date("%Y-%m-%d", strict=False)


def iso_datetime(expr: pl.Expr, timezone: str) -> pl.Expr:
    """An ISO 8601 time as UTC; a time without offset is read in `timezone`.

    Accepts `2026-01-05T14:30:00Z`, `…+01:00`, `2026-01-05 14:30`, a bare
    date (midnight), and fractions of a second. A local time that does not
    exist (the hour skipped when clocks go forward) is moved an hour later,
    as clocks do; an ambiguous one (clocks going back) takes the earlier.
    """
    parts = cleaned(expr).str.extract_groups(_ISO_DATETIME)
    day, hm, sec, frac, offset = (parts.struct.field(str(i)) for i in range(1, 6))
    text = pl.concat_str(
        [
            day,
            pl.lit(" "),
            hm.fill_null("00:00"),
            pl.lit(":"),
            sec.fill_null("00"),
            pl.lit("."),
            frac.fill_null("0").str.pad_end(6, "0").str.slice(0, 6),
        ]
    )
    naive = text.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False, time_unit="us")
    return naive_or_offset(naive, offset, timezone)


def naive_or_offset(naive: pl.Expr, offset: pl.Expr, timezone: str) -> pl.Expr:
    """UTC time from a naive datetime and an optional `Z`/`±HH[:MM]` offset text."""
    digits = offset.str.replace_all(r"[^0-9]", "")
    sign = pl.when(offset.str.starts_with("-")).then(-1).otherwise(1)
    minutes = sign * (
        digits.str.slice(0, 2).cast(pl.Int64, strict=False) * 60
        + digits.str.slice(2, 2).str.pad_end(2, "0").cast(pl.Int64, strict=False)
    )
    minutes = pl.when(offset.str.to_uppercase() == "Z").then(0).otherwise(minutes)
    with_offset = (naive - pl.duration(minutes=minutes)).dt.replace_time_zone("UTC")
    return pl.when(offset.is_not_null()).then(with_offset).otherwise(local_to_utc(naive, timezone))


def local_to_utc(naive: pl.Expr, timezone: str) -> pl.Expr:
    """A naive wall-clock time in `timezone`, as UTC (see `iso_datetime` for DST gaps)."""

    def attach(e: pl.Expr) -> pl.Expr:
        return e.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")

    return pl.coalesce(attach(naive), attach(naive + pl.duration(hours=1))).dt.convert_time_zone("UTC")


def choice(expr: pl.Expr, allowed: Mapping[str, str]) -> pl.Expr:
    """A value from a fixed list, compared case-insensitively; `allowed` maps spellings to values."""
    key = cleaned(expr).str.to_lowercase()
    return key.replace_strict(dict(allowed), default=None, return_dtype=pl.String)


def convert(path: Path, raw: pl.DataFrame, conversions: Mapping[str, Conversion]) -> pl.DataFrame:
    """Apply `conversions` to `raw` (strings plus `_row`); InputError at the first bad cell.

    The error names the file, the row (header = row 1), the column as written
    in the file, the value found and what was expected. Checked in one pass;
    the first bad row in file order is reported.
    """
    typed = raw.select(
        pl.col(ROW),
        *[conv.parse.alias(name) for name, conv in conversions.items()],
        *[
            (~blank(pl.col(conv.source)) & conv.parse.is_null()).alias(f"__bad_{name}")
            for name, conv in conversions.items()
        ],
    )
    flags = [f"__bad_{name}" for name in conversions]
    if flags:
        bad = typed.filter(pl.any_horizontal(flags)).head(1)
        if bad.height:
            row = bad.row(0, named=True)
            name = next(n for n in conversions if row[f"__bad_{n}"])
            conv = conversions[name]
            value = raw.filter(pl.col(ROW) == row[ROW]).get_column(conv.source)[0]
            raise InputError(
                f"{path}, row {row[ROW]}, column {conv.source!r}: found {_show(value)}, "
                f"expected {conv.expected}."
            )
    return typed.drop(flags)


def _show(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
