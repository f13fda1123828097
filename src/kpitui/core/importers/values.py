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
from typing import Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.importers.csvtext import ROW
from kpitui.core.periods import EARLIEST, LATEST

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
    tokens_are_empty: bool = False
    """Native exports: a null token (`-`, `undefined`, …) is an empty cell, not a bad value."""


def blank(expr: pl.Expr) -> pl.Expr:
    """True where a cell is empty: null or only spaces."""
    return expr.is_null() | (expr.str.strip_chars() == "")


def cleaned(expr: pl.Expr) -> pl.Expr:
    """The trimmed text, null when blank."""
    text = expr.str.strip_chars()
    return pl.when(text != "").then(text)


NULL_TOKENS: Final = ("-", "--", "—", "–", "undefined", "n/a", "na", "null", "none", "nan")
"""Cells that exports use for "no value": read as null, never as 0."""

_CURRENCY = r"^(?:[A-Z]{1,3}\s?)?[$€£¥₹]\s*|\s*(?:[$€£¥₹]|[A-Z]{3})$"
_THOUSANDS_COMMA = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"
_THOUSANDS_DOT = r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"
_DECIMAL_COMMA = r"^[+-]?\d+,\d+$"


def present(expr: pl.Expr) -> pl.Expr:
    """The trimmed text, null when blank or a null token such as `-` or `undefined`."""
    text = cleaned(expr)
    return pl.when(~text.str.to_lowercase().is_in(NULL_TOKENS)).then(text)


def number(expr: pl.Expr, *, percent: bool = True) -> pl.Expr:
    """A number as exports write it, as Float64; null for blanks and null tokens.

    Accepts thousands separators (`1,234`, `1 234`, `1.234,5`), a decimal
    comma (`12,5`), currency (`$0.00`, `£12`, `A$3`, `12 EUR`), a leading `<`
    (`<0.01`), and with `percent` a `%` sign, which divides by 100 (`45.23%`
    → 0.4523). Text that is none of these is null, so `convert` reports it.

    Most columns hold plain numbers: those are read with one cast, and only a
    column where some cell needs it goes through the full parser (whose
    regexes cost far more than reading the column).
    """
    return expr.map_batches(lambda s: _numbers(s, percent), return_dtype=pl.Float64)


def _numbers(series: pl.Series, percent: bool) -> pl.Series:
    text = series.cast(pl.String).str.strip_chars()
    fast = text.cast(pl.Float64, strict=False)
    if not (fast.is_null() & text.is_not_null() & (text != "")).any():
        return pl.select(pl.when(fast.is_finite()).then(fast)).to_series().alias(series.name)
    # Step by step, each step materialised once (a when/then chain over one long
    # expression would evaluate it again in every branch).
    t = pl.col("t")
    frame = (
        pl.DataFrame({"t": series.cast(pl.String)})
        .with_columns(t=present(t).str.replace_all(r"[\u00a0\u202f\s']", " ").str.strip_chars())
        .with_columns(
            t=t.str.replace(_CURRENCY, "").str.strip_chars().str.strip_prefix("<").str.strip_chars()
        )
        .with_columns(percent=t.str.ends_with("%"), t=t.str.strip_suffix("%").str.strip_chars())
        .with_columns(t=t.str.replace_all(r"(\d) (\d)", "$1$2").str.replace_all(r"(\d) (\d)", "$1$2"))
        .with_columns(
            t=pl.when(t.str.contains(_THOUSANDS_COMMA))
            .then(t.str.replace_all(",", "", literal=True))
            .when(t.str.contains(_THOUSANDS_DOT))
            .then(t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .when(t.str.contains(_DECIMAL_COMMA))
            .then(t.str.replace(",", ".", literal=True))
            .otherwise(t)
        )
        .with_columns(value=t.cast(pl.Float64, strict=False))
        .with_columns(value=pl.when(pl.col("value").is_finite()).then(pl.col("value")))
    )
    value = pl.col("value")
    if not percent:
        result = pl.when(~pl.col("percent")).then(value)
    else:
        result = pl.when(pl.col("percent")).then(value / 100).otherwise(value)
    return frame.select(result).to_series().alias(series.name)


def count(expr: pl.Expr) -> pl.Expr:
    """A whole number as exports write it (`1,234`, `1777.0`), as Int64; null otherwise."""
    return expr.map_batches(_whole, return_dtype=pl.Int64)


def _whole(series: pl.Series) -> pl.Series:
    value = _numbers(series, percent=False)
    ok = (value == value.round(0)) & (value.abs() < 2**53)
    # strict=False: the cast runs on every row, those past 2**53 (kept out by `ok`) included
    return pl.select(pl.when(ok).then(value.cast(pl.Int64, strict=False))).to_series().alias(series.name)


def duration_seconds(expr: pl.Expr) -> pl.Expr:
    """`H:MM:SS`, `MM:SS`, `<00:00:01` or a plain number of seconds, as Float64 seconds."""
    text = present(expr).str.strip_prefix("<").str.strip_chars()
    parts = text.str.extract_groups(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
    hours = parts.struct.field("1").cast(pl.Float64, strict=False).fill_null(0)
    minutes = parts.struct.field("2").cast(pl.Float64, strict=False)
    seconds = parts.struct.field("3").cast(pl.Float64, strict=False)
    clock = hours * 3600 + minutes * 60 + seconds
    return pl.coalesce(clock, number(text, percent=False))


def date_in(expr: pl.Expr, formats: list[str]) -> pl.Expr:
    """A date in the first of `formats` (strftime) that reads it; null when none does."""
    text = present(expr)
    return pl.coalesce([text.str.to_date(f, strict=False) for f in formats])


def local_datetime_in(expr: pl.Expr, formats: list[str], timezone: str) -> pl.Expr:
    """A wall-clock time in the first of `formats` that reads it, read in `timezone`, as UTC."""
    text = present(expr)
    naive = pl.coalesce([text.str.to_datetime(f, strict=False, time_unit="us") for f in formats])
    return local_to_utc(naive, timezone)


def unescape_html(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`column` with HTML entities decoded (`&amp;` → `&`), as X writes tweet text.

    Only the rows holding an `&` are decoded (by Python's decoder, once per
    distinct value) and put back in place; the other rows are not touched.
    """
    import html

    values = frame.get_column(column)
    rows = values.str.contains("&", literal=True).fill_null(False).arg_true()
    if rows.len() == 0:
        return frame
    subset = values.gather(rows)
    decoded = {v: html.unescape(v) for v in subset.unique().to_list()}
    fixed = subset.replace_strict(decoded, return_dtype=pl.String)
    return frame.with_columns(values.scatter(rows, fixed).alias(column))


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


def require_filled(path: object, typed: pl.DataFrame, columns: Mapping[str, str], needs: str = "one") -> None:
    """InputError at the first row where a key column is empty: `columns` maps each typed
    name to the column as the file writes it; `needs` ends the message ("one", "a {name}")."""
    for name, source in columns.items():
        if name not in typed.columns:
            continue
        empty = typed.filter(pl.col(name).is_null())
        if empty.height:
            row = empty.get_column(ROW)[0]
            raise InputError(
                f"{path}, row {row}, column {source!r}: empty, but every row needs {needs.format(name=name)}."
            )


def convert(path: Path, raw: pl.DataFrame, conversions: Mapping[str, Conversion]) -> pl.DataFrame:
    """Apply `conversions` to `raw` (strings plus `_row`); InputError at the first bad cell.

    The error names the file, the row, the column as written in the file,
    the value found and what was expected. Checked in one pass; the first
    bad row in file order is reported, and the whole file is refused.
    """
    typed, bad = _typed(raw, conversions)
    if bad.height:
        raise InputError(_bad_cell(path, raw, conversions, bad.row(0, named=True)))
    return typed


def convert_skipping(
    path: Path, raw: pl.DataFrame, conversions: Mapping[str, Conversion]
) -> tuple[pl.DataFrame, list[str], int]:
    """Like `convert`, but rows with a bad cell are skipped with a counted warning.

    Returns the typed rows that are whole, warnings naming the skipped rows
    (the first one in full), and how many rows were skipped. Never silent.
    """
    typed, bad = _typed(raw, conversions)
    if not bad.height:
        return typed, [], 0
    first = _bad_cell(path, raw, conversions, bad.row(0, named=True))
    rows = bad.get_column(ROW).to_list()
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    warning = f"{len(rows)} row(s) skipped because a value could not be read (rows {shown}); first: {first}"
    keep = typed.filter(~pl.col(ROW).is_in(rows))
    return keep, [warning], len(rows)


def plausible(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """`value` (a Date or Datetime column of type `dtype`) where its day lies in
    EARLIEST..LATEST, else null."""
    day = value if dtype == pl.Date else value.dt.date()
    return pl.when(day.is_between(EARLIEST, LATEST)).then(value)


def _typed(raw: pl.DataFrame, conversions: Mapping[str, Conversion]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The typed frame, and the rows (with their flags) that hold a bad cell.

    Each parser runs once; a cell is bad when its text is not empty but its
    parsed value is null, or a day outside EARLIEST..LATEST.
    """
    flags = [f"__bad_{name}" for name in conversions]
    parsed = raw.with_columns(conv.parse.alias(f"__value_{name}") for name, conv in conversions.items())
    parsed = parsed.with_columns(
        plausible(pl.col(name), dtype).alias(name)
        for name, dtype in parsed.schema.items()
        if name.startswith("__value_") and (dtype == pl.Date or isinstance(dtype, pl.Datetime))
    )
    typed = parsed.select(
        pl.col(ROW),
        *[pl.col(f"__value_{name}").alias(name) for name in conversions],
        *[
            (~_empty(pl.col(conv.source), conv.tokens_are_empty) & pl.col(f"__value_{name}").is_null()).alias(
                f"__bad_{name}"
            )
            for name, conv in conversions.items()
        ],
    )
    if not flags:
        return typed, typed.clear()
    bad = typed.filter(pl.any_horizontal(flags))
    return typed.drop(flags), bad


def _empty(expr: pl.Expr, tokens: bool) -> pl.Expr:
    if not tokens:
        return blank(expr)
    return blank(expr) | expr.str.strip_chars().str.to_lowercase().is_in(NULL_TOKENS)


def native(source: str, parse: pl.Expr, expected: str) -> Conversion:
    """A Conversion for a native export, where null tokens mean an empty cell."""
    return Conversion(source, parse, expected, tokens_are_empty=True)


def _bad_cell(path: Path, raw: pl.DataFrame, conversions: Mapping[str, Conversion], row: dict) -> str:
    name = next(n for n in conversions if row[f"__bad_{n}"])
    conv = conversions[name]
    value = raw.filter(pl.col(ROW) == row[ROW]).get_column(conv.source)[0]
    return f"{path}, row {row[ROW]}, column {conv.source!r}: found {_show(value)}, expected {conv.expected}."


def _show(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
