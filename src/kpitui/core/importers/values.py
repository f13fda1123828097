"""Value parsers shared by the importers: polars expressions from strings to typed values.

Each parser maps a string column to a typed one and yields null where the
text is not a valid value. `convert` compares the two: a non-empty cell that
became null is a bad value, reported with its row, column and what was
expected. Blank cells stay null: a missing number is not 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import N_, _
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


Decimal = Literal[".", ","]
"""A decimal mark: `.` (`1,234.5`, `1'234.5`) or `,` (`1 234,5`, `1.234,5`)."""


def number(expr: pl.Expr, *, percent: bool = True, decimal: Decimal | None = None) -> pl.Expr:
    """A number as exports write it, as Float64; null for blanks and null tokens.

    Accepts thousands separators (`1,234`, `1 234` with any space, `1'234`,
    `1.234,5`), a decimal comma (`12,5`), currency (`$0.00`, `£12`, `A$3`,
    `12 EUR`), a leading `<` (`<0.01`), and with `percent` a `%` sign, which
    divides by 100 (`45.23%` → 0.4523). Text that is none of these is null,
    so `convert` reports it.

    The decimal mark is decided per column: `decimal` when the caller knows
    it (the file's locale, `settled_mark`), else the one the column's own
    values settle (`decimal_mark`: `12,5` or `1.234.567` say comma, `1,234.5`
    or `0.125` say dot). A column that settles nothing reads `1,234` and
    `1.234` as 1234, as a count would be read; `ambiguous` finds such cells
    for a column that is not a count.

    Most columns hold plain numbers: those are read with one cast, and only a
    column where some cell needs it goes through the full parser (whose
    regexes cost far more than reading the column).
    """
    return expr.map_batches(lambda s: _numbers(s, percent, decimal), return_dtype=pl.Float64)


def count(expr: pl.Expr, *, decimal: Decimal | None = None) -> pl.Expr:
    """A whole number as exports write it (`1,234`, `1 234`, `1.234`, `1777.0`), as Int64; null otherwise.

    A count has no fraction, so `1.234` and `1,234` are a thousand and more
    whatever the locale, unless `decimal` says they are decimals.
    """
    return expr.map_batches(lambda s: _whole(s, decimal), return_dtype=pl.Int64)


def _whole(series: pl.Series, decimal: Decimal | None = None) -> pl.Series:
    if decimal is None and series.cast(pl.String).str.contains(_DOT_GROUPS).any():
        decimal = decimal_mark(series) or ","  # `1.234` is no count unless the dot groups thousands
    value = _numbers(series, percent=False, decimal=decimal)
    ok = (value == value.round(0)) & (value.abs() < 2**53)
    # strict=False: the cast runs on every row, those past 2**53 (kept out by `ok`) included
    return pl.select(pl.when(ok).then(value.cast(pl.Int64, strict=False))).to_series().alias(series.name)


_GROUP: Final = "[ '\u00a0\u202f]"
"""A thousands separator that is never a decimal mark: a space of any width, an apostrophe."""

_SETTLES: Final[dict[str, tuple[str, ...]]] = {
    ".": (
        r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$",  # 1,234.5
        r"^[+-]?\d{1,3}(?:,\d{3}){2,}$",  # 1,234,567
        r"^[+-]?\d+\.(?:\d{1,2}|\d{4,})$",  # 12.5, 1.2345
        r"^[+-]?(?:0|\d{4,})\.\d+$",  # 0.125, 1234.567
        r"^[+-]?\d{1,3}(?: \d{3})+\.\d+$",  # 1 234.567
    ),
    ",": (
        r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$",  # 1.234,5
        r"^[+-]?\d{1,3}(?:\.\d{3}){2,}$",  # 1.234.567
        r"^[+-]?\d+,(?:\d{1,2}|\d{4,})$",  # 12,5
        r"^[+-]?(?:0|\d{4,}),\d+$",  # 0,125, 1234,567
        r"^[+-]?\d{1,3}(?: \d{3})+,\d+$",  # 1 234,567
    ),
}
"""Values that can be read one way only, by the decimal mark they show (spaces stand for any
`_GROUP` separator)."""

_DOT_GROUPS: Final = r"^\s*[+-]?\d{1,3}(?:\.\d{3})+\s*$"
"""`1.234`, `12.345.678`: a count written with dots between its thousands."""
_AMBIGUOUS: Final = r"^[+-]?\d{1,3}(?:[.,]\d{3})$"
"""`1.234` or `1,234`: a thousand and more, or one and a bit, depending on the locale."""


def _prepared(series: pl.Series) -> pl.DataFrame:
    """Column `t`: the text without currency, `<` and `%` (flagged in `percent`), every thousands
    separator that is not a mark written as one space."""
    t = pl.col("t")
    return (
        pl.DataFrame({"t": series.cast(pl.String)})
        .with_columns(t=present(t).str.replace_all(rf"{_GROUP}|\s", " ").str.strip_chars())
        .with_columns(
            t=t.str.replace(_CURRENCY, "").str.strip_chars().str.strip_prefix("<").str.strip_chars()
        )
        .with_columns(percent=t.str.ends_with("%"), t=t.str.strip_suffix("%").str.strip_chars())
    )


def _settled(prepared: pl.DataFrame) -> Decimal | None:
    """The decimal mark the values of a `_prepared` column settle; None when none or both do."""
    t = pl.col("t")
    found = prepared.select(
        **{
            ("dot" if mark == "." else "comma"): pl.any_horizontal(t.str.contains(p) for p in patterns).any()
            for mark, patterns in _SETTLES.items()
        }
    ).row(0)
    dot, comma = (bool(f) for f in found)
    if dot == comma:
        return None
    return "." if dot else ","


def decimal_mark(series: pl.Series) -> Decimal | None:
    """The decimal mark a column's values settle, or None when none does (or they disagree).

    `12,5`, `0,125`, `1.234,5`, `1.234.567` and `1 234,5` settle a comma;
    `12.5`, `0.125`, `1,234.5`, `1,234,567` and `1'234.5` a dot. `1.234` and
    `1,234` alone settle nothing: they read two ways.
    """
    return _settled(_prepared(series))


def settled_mark(frame: pl.DataFrame, columns: Sequence[str]) -> Decimal | None:
    """The file's evident decimal mark: the one its `columns` settle, None when they settle
    none or disagree. A column that settles nothing (`1.234`) is read with it."""
    marks = {decimal_mark(frame.get_column(c)) for c in columns} - {None}
    return marks.pop() if len(marks) == 1 else None


def ambiguous(series: pl.Series, decimal: Decimal | None = None) -> int | None:
    """The index of the first value that reads two ways (`1.234`) when neither `decimal` nor the
    column's values settle the mark; None when every value reads one way."""
    prepared = _prepared(series)
    if decimal is not None or _settled(prepared) is not None:
        return None
    found = prepared.get_column("t").str.contains(_AMBIGUOUS).arg_true()
    return int(found[0]) if found.len() else None


def refuse_ambiguous(
    path: Path, raw: pl.DataFrame, columns: Sequence[str], decimal: Decimal | None = None
) -> None:
    """InputError at the first value of `columns` (decimals, not counts) that reads two ways.

    `1.234` is 1234 where a dot separates thousands and 1.234 where it marks
    decimals; when neither the column nor `decimal` (the file's evident mark)
    tells, guessing would be wrong by a factor of a thousand.
    """
    for column in columns:
        index = ambiguous(raw.get_column(column), decimal)
        if index is None:
            continue
        value = str(raw.get_column(column)[index]).strip()
        row = raw.get_column(ROW)[index] if ROW in raw.columns else index + 2
        digits = value.lstrip("+-")
        mark = next(c for c in digits if c in ".,")
        whole, part = digits.split(mark)
        raise InputError(
            _(
                "{path}, row {row}, column {column}: {value} reads as {thousands} or as {decimals}, and "
                "nothing in the file tells whether {mark} separates thousands or decimals. Write the "
                "column's numbers with their decimals or without thousands separators (a spreadsheet's "
                "plain number format), then import it again."
            ).format(
                path=path,
                row=row,
                column=repr(column),
                value=repr(value),
                thousands=f"{whole}{part}",
                decimals=f"{whole}.{part}",
                mark=repr(mark),
            )
        )


def localised(
    path: Path,
    raw: pl.DataFrame,
    *,
    counts: Sequence[str] = (),
    decimals: Sequence[str] = (),
    fallback: Decimal | None = None,
) -> dict[str, pl.Expr]:
    """How to read a localised file's number columns, each by the file's decimal mark.

    `counts` are whole numbers (`1.234` and `1 234` are 1234), `decimals`
    numbers with a fraction (`1 234,5`, `1.234,5`, `1,234.5`). The mark is
    the one the columns settle together (`settled_mark`): a column that
    cannot tell is read like the others. When they settle none, `fallback`
    (the mark of the language the file is written in, when the caller knows
    it) is used. A decimal that still reads two ways is refused
    (`refuse_ambiguous`). Returns column → expression.
    """
    mark = settled_mark(raw, [*counts, *decimals]) or fallback
    refuse_ambiguous(path, raw, decimals, mark)
    read = {c: count(pl.col(c), decimal=mark) for c in counts}
    return read | {c: number(pl.col(c), percent=False, decimal=mark) for c in decimals}


def _numbers(series: pl.Series, percent: bool, decimal: Decimal | None = None) -> pl.Series:
    text = series.cast(pl.String).str.strip_chars()
    fast = text.cast(pl.Float64, strict=False)
    dotted = decimal == "," and bool(text.str.contains(".", literal=True).any())
    if not dotted and not (fast.is_null() & text.is_not_null() & (text != "")).any():
        return pl.select(pl.when(fast.is_finite()).then(fast)).to_series().alias(series.name)
    # Step by step, each step materialised once (a when/then chain over one long
    # expression would evaluate it again in every branch).
    t = pl.col("t")
    frame = _prepared(series)
    mark = decimal or _settled(frame)
    frame = frame.with_columns(
        t=t.str.replace_all(r"(\d) (\d)", "$1$2").str.replace_all(r"(\d) (\d)", "$1$2")
    )
    if mark == ".":
        frame = frame.with_columns(
            t=pl.when(t.str.contains(_THOUSANDS_COMMA))
            .then(t.str.replace_all(",", "", literal=True))
            .when(~t.str.contains(",", literal=True))
            .then(t)
        )
    elif mark == ",":
        frame = frame.with_columns(
            t=pl.when(t.str.contains(_THOUSANDS_DOT))
            .then(t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .when(~t.str.contains(".", literal=True))
            .then(t.str.replace(",", ".", literal=True))
        )
    else:
        frame = frame.with_columns(
            t=pl.when(t.str.contains(_THOUSANDS_COMMA))
            .then(t.str.replace_all(",", "", literal=True))
            .when(t.str.contains(_THOUSANDS_DOT))
            .then(t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
            .when(t.str.contains(_DECIMAL_COMMA))
            .then(t.str.replace(",", ".", literal=True))
            .otherwise(t)
        )
    frame = frame.with_columns(value=t.cast(pl.Float64, strict=False)).with_columns(
        value=pl.when(pl.col("value").is_finite()).then(pl.col("value"))
    )
    value = pl.col("value")
    result: pl.Expr
    if not percent:
        result = pl.when(~pl.col("percent")).then(value)
    else:
        result = pl.when(pl.col("percent")).then(value / 100).otherwise(value)
    return frame.select(result).to_series().alias(series.name)


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


ONE: Final = N_("one")
A_NAME: Final = N_("a {name}")
A_VALUE: Final = N_("a value")
"""How `require_filled`'s message ends: every row needs one, a post_id, a value."""


def require_filled(path: object, typed: pl.DataFrame, columns: Mapping[str, str], needs: str = ONE) -> None:
    """InputError at the first row where a key column is empty: `columns` maps each typed
    name to the column as the file writes it; `needs` ends the message (`ONE`, `A_NAME`…)."""
    for name, source in columns.items():
        if name not in typed.columns:
            continue
        empty = typed.filter(pl.col(name).is_null())
        if empty.height:
            row = empty.get_column(ROW)[0]
            raise InputError(
                _("{path}, row {row}, column {column}: empty, but every row needs {needs}.").format(
                    path=path, row=row, column=repr(source), needs=_(needs).format(name=name)
                )
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
    first = _bad_cell(path, raw, conversions, bad.row(0, named=True), str)
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


BAD_CELL: Final = N_("{path}, row {row}, column {column}: found {value}, expected {expected}.")


def _bad_cell(
    path: Path,
    raw: pl.DataFrame,
    conversions: Mapping[str, Conversion],
    row: dict[str, Any],
    words: Callable[[str], str] = _,
) -> str:
    """The message of a bad cell: in the user's language for an error, in English (`words=str`)
    inside a warning, which the import log keeps and `kpitui imports --format json` prints."""
    name = next(n for n in conversions if row[f"__bad_{n}"])
    conv = conversions[name]
    value = raw.filter(pl.col(ROW) == row[ROW]).get_column(conv.source)[0]
    return words(BAD_CELL).format(
        path=path, row=row[ROW], column=repr(conv.source), value=_show(value), expected=conv.expected
    )


def _show(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# --- localised dates ----------------------------------------------------------------------------

MONTH_NAMES: Final[dict[int, tuple[str, ...]]] = {
    # English, Spanish, Portuguese, French, German, Italian, Dutch, Indonesian, Turkish, Polish
    # (genitive), Russian (genitive, nominative), Ukrainian (genitive), Thai; then abbreviations.
    # Compared folded (`fold`: any case, accents optional) and without dots (`sept.`, `ก.ย.`).
    1: ("january", "enero", "janeiro", "janvier", "januar", "jänner", "gennaio", "januari", "ocak",
        "stycznia", "января", "январь", "січня", "มกราคม",
        "jan", "ene", "janv", "gen", "янв", "มค"),
    2: ("february", "febrero", "fevereiro", "février", "februar", "feber", "febbraio", "februari",
        "şubat", "lutego", "февраля", "февраль", "лютого", "กุมภาพันธ์",
        "feb", "fev", "févr", "фев", "กพ"),
    3: ("march", "marzo", "março", "mars", "märz", "maerz", "maart", "maret", "mart", "marca",
        "марта", "март", "березня", "มีนาคม",
        "mar", "mär", "mrz", "mrt", "мар", "มีค"),
    4: ("april", "abril", "avril", "aprile", "nisan", "kwietnia", "апреля", "апрель", "квітня", "เมษายน",
        "apr", "abr", "avr", "апр", "เมย"),
    5: ("may", "mayo", "maio", "mai", "maggio", "mei", "mayıs", "mayis", "maja", "мая", "май", "травня",
        "พฤษภาคม",
        "mag", "พค"),
    6: ("june", "junio", "junho", "juin", "juni", "giugno", "haziran", "czerwca", "июня", "июнь", "червня",
        "มิถุนายน",
        "jun", "giu", "июн", "มิย"),
    7: ("july", "julio", "julho", "juillet", "juli", "luglio", "temmuz", "lipca", "июля", "июль", "липня",
        "กรกฎาคม",
        "jul", "juil", "lug", "июл", "กค"),
    8: ("august", "agosto", "août", "augustus", "agustus", "ağustos", "sierpnia",
        "августа", "август", "серпня", "สิงหาคม",
        "aug", "ago", "agu", "agt", "авг", "สค"),
    9: ("september", "septiembre", "setiembre", "setembro", "septembre", "settembre", "eylül",
        "września", "сентября", "сентябрь", "вересня", "กันยายน",
        "sep", "sept", "set", "сен", "сент", "กย"),
    10: ("october", "octubre", "outubro", "octobre", "oktober", "ottobre", "ekim", "października",
         "октября", "октябрь", "жовтня", "ตุลาคม",
         "oct", "out", "okt", "ott", "окт", "ตค"),
    11: ("november", "noviembre", "novembro", "novembre", "kasım", "kasim", "listopada", "ноября",
         "ноябрь", "листопада", "พฤศจิกายน",
         "nov", "ноя", "нояб", "พย"),
    12: ("december", "diciembre", "dezembro", "décembre", "dezember", "dicembre", "desember",
         "aralık", "aralik", "grudnia", "декабря", "декабрь", "грудня", "ธันวาคม",
         "dec", "dic", "dez", "déc", "des", "дек", "ธค"),
}  # fmt: skip
"""Month names (full and abbreviated) as exports write them in the user's language."""

_VI_MONTHS: Final[dict[str, int]] = {
    # Vietnamese writes `18 tháng Tám` (month eight) or `18 tháng 8`.
    **{str(m): m for m in range(1, 13)},
    **{f"0{m}": m for m in range(1, 10)},
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip


_ACCENTS: Final = "[\u0300-\u036f]"
"""The combining diacritical marks (accents, cedilla, umlaut, tilde, breve…). Only these go:
the vowel signs of Thai, say, are letters' shapes, and dropping them would merge month names."""


def fold_text(text: str) -> str:
    """`text` as `fold` compares it: lower case, without accents, spaces collapsed."""
    decomposed = re.sub(_ACCENTS, "", unicodedata.normalize("NFKD", text.lower()))
    return " ".join(unicodedata.normalize("NFC", decomposed).split())


def fold(expr: pl.Expr) -> pl.Expr:
    """Text compared without case or accents (`Décembre` = `decembre`), spaces collapsed.

    Compatibility forms are unfolded too (`1º` = `1o`, full-width digits are
    digits); Korean syllables are put back together after decomposing.
    """
    return (
        expr.str.to_lowercase()
        .str.normalize("NFKD")
        .str.replace_all(_ACCENTS, "")
        .str.normalize("NFC")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def _folded_table(table: Mapping[str, int]) -> dict[str, int]:
    """`table` with folded keys; two spellings of different months folding alike is a bug."""
    out: dict[str, int] = {}
    for name, month in table.items():
        key = fold_text(name).replace(".", "")
        if out.setdefault(key, month) != month:
            raise ValueError(f"month names: {name!r} folds like a name of month {out[key]}")
    return out


MONTHS: Final[dict[str, int]] = _folded_table(
    {name: month for month, names in MONTH_NAMES.items() for name in names}
)
"""Folded month name (no dots) → month number."""
_VI_FOLDED: Final = _folded_table(_VI_MONTHS)

_ISO_DAY: Final = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ].*)?$"
_CJK_DAY: Final = r"^(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일号號]?$"
_VI_DAY: Final = r"^(?:ngay\s+)?(\d{1,2})\s+(?:thang|thg)\s+(.+?)(?:,?\s+(?:nam\s+)?(\d{4}))?$"
_WEEKDAY: Final = r"(?:[^\d\s,.]+\.?,?\s+)?"
"""An optional leading word: a weekday (`Mon`, `lundi`, `Tue,`) or `le`."""
_DAY_FIRST: Final = (
    rf"^{_WEEKDAY}(\d{{1,2}})(?:[.°]|er|st|nd|rd|th|o\s)?\s*(\D+?)"
    r"(?:,?\s+(?:(?:de|del)\s+)?(\d{4}))?\.?$"
)
"""`8 de marzo`, `12 janv. 2025`, `3. März 2025`, `1er janvier`, `1º de enero de 2025`, `28 August`."""
_MONTH_FIRST: Final = rf"^{_WEEKDAY}(\D+?)\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$"
"""`August 28`, `Aug 28, 2025`, `Mon Feb 17 2025`."""

DAY_EXPECTED: Final = (
    "a day with its month in words ('8 de marzo', '12 janv. 2025', '3. März 2025', '1 settembre', "
    "'August 28'), or YYYY-MM-DD"
)


def day_parts(expr: pl.Expr) -> pl.Expr:
    """A day written in words in any of the languages of `MONTH_NAMES`, as a struct (year, month, day).

    Day first (`8 de marzo`, `12 janv. 2025`, `3. März 2025`, `1 settembre`,
    `1er janvier`), month first (`August 28`, `Aug 28, 2025`, `Mon Feb 17
    2025`), ISO (`2025-03-08`), Chinese, Japanese and Korean (`9月13日`,
    `9월 13일`) and Vietnamese (`18 tháng Tám`). The year is null when the
    text has none (`day_on_or_before` supplies one); every field is null when
    the text is not a day. Month names compare in any case, with or without
    accents and the abbreviation's dot.
    """
    return expr.map_batches(_day_parts, return_dtype=_PARTS)


_PARTS: Final = pl.Struct({"year": pl.Int32, "month": pl.Int32, "day": pl.Int32})


def _day_parts(series: pl.Series) -> pl.Series:
    """`day_parts` on a column, computed in stages (each regex and lookup runs once per cell)."""
    c = pl.col
    patterns = {
        "iso": _ISO_DAY,
        "cjk": _CJK_DAY,
        "vi": _VI_DAY,
        "dayfirst": _DAY_FIRST,
        "monthfirst": _MONTH_FIRST,
    }
    found = (
        pl.DataFrame({"t": series.cast(pl.String)})
        .select(t=fold(present(c("t"))))
        .with_columns([c("t").str.extract_groups(pattern).alias(key) for key, pattern in patterns.items()])
    )

    def field(key: str, group: int) -> pl.Expr:
        return c(key).struct.field(str(group))

    def number(e: pl.Expr) -> pl.Expr:
        return e.cast(pl.Int32, strict=False)

    def word(token: pl.Expr) -> pl.Expr:
        """The month of the last word of `token` (`de marzo`, `mon feb`, `janv.`)."""
        last = token.str.replace_all(r"[.,]", "").str.strip_chars().str.extract(r"(\S+)$", 1)
        return last.replace_strict(MONTHS, default=None, return_dtype=pl.Int32)

    vi_month = (
        field("vi", 2).str.strip_chars().replace_strict(_VI_FOLDED, default=None, return_dtype=pl.Int32)
    )
    branches = {  # form: (month, day, year)
        "iso": (number(field("iso", 2)), number(field("iso", 3)), number(field("iso", 1))),
        "cjk": (number(field("cjk", 2)), number(field("cjk", 3)), number(field("cjk", 1))),
        "vi": (vi_month, number(field("vi", 1)), number(field("vi", 3))),
        "dayfirst": (word(field("dayfirst", 2)), *[number(field("dayfirst", g)) for g in (1, 3)]),
        "monthfirst": (word(field("monthfirst", 1)), *[number(field("monthfirst", g)) for g in (2, 3)]),
    }
    found = found.with_columns(
        [
            expr.alias(f"{key}_{part}")
            for key, exprs in branches.items()
            for part, expr in zip(("month", "day", "year"), exprs, strict=True)
        ]
    )

    def pick(part: str) -> pl.Expr:
        return pl.coalesce(
            [pl.when(c(f"{k}_month").is_between(1, 12)).then(c(f"{k}_{part}")) for k in branches]
        )

    parts = found.select(year=pick("year"), month=pick("month"), day=pick("day"))
    # Thai dates may carry a Buddhist-era year (2568 = 2025).
    year = pl.when(c("year") > 2400).then(c("year") - 543).otherwise(c("year"))
    return parts.select(pl.struct(year.alias("year"), "month", "day").alias(series.name)).to_series()


def day_on_or_before(parts: pl.Expr, anchor: pl.Expr) -> pl.Expr:
    """The Date of a `day_parts` struct, a missing year taken so the day is on or before `anchor`.

    For exports that cover at most a year up to a known day (TikTok's window,
    an export day): a day later in the calendar than the anchor belongs to
    the year before. Null for impossible days (30 February, or 29 February
    of a year that has none) and years outside 2000–2100.
    """
    month, day = parts.struct.field("month"), parts.struct.field("day")
    after = (month * 100 + day) > (anchor.dt.month().cast(pl.Int32) * 100 + anchor.dt.day().cast(pl.Int32))
    year = pl.coalesce(parts.struct.field("year"), anchor.dt.year().cast(pl.Int32) - after.cast(pl.Int32))
    return _ymd(year, month, day)


def local_date(expr: pl.Expr, year: int | None = None) -> pl.Expr:
    """A day written in words (`day_parts`) as a Date; without a year in the text, `year`'s.

    Null when the text is not a day, or has no year and `year` is None.
    """
    parts = day_parts(expr)
    full = pl.coalesce(parts.struct.field("year"), pl.lit(year, pl.Int32))
    return _ymd(full, parts.struct.field("month"), parts.struct.field("day"))


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The Date of three Int32 parts; null when impossible or outside 2000–2100 (a year 0 breaks dates)."""
    year = pl.when(year.is_between(2000, 2100)).then(year)
    text = pl.format(
        "{}-{}-{}",
        year,
        month.cast(pl.String).str.pad_start(2, "0"),
        day.cast(pl.String).str.pad_start(2, "0"),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)
