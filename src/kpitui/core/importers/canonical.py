"""The canonical CSV: one file per table, with exactly the column names of DESIGN.md.

The table is told by the columns: `post_id` → posts; `sessions` or `source`
→ traffic; `date` with `account` or `network` → daily. Any subset of the
metric columns may appear. `published_at` is ISO 8601; a time without
offset is read in the workspace's time zone. Anything else is refused with
the file, row, column and what was expected, so that any tool can feed
kpitui and a mistake never turns into a wrong number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError, Unresolved
from kpitui.core.i18n import _
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, no_rows, read_strings
from kpitui.core.importers.declared import Format, Near
from kpitui.core.importers.names import Names
from kpitui.core.schema import TableName

_NETWORK_SPELLINGS: Final = {
    **{n: n for n in schema.NETWORKS},
    **schema.NETWORK_ALIASES,
}
_CONTENT_TYPES: Final = {t: t for t in schema.CONTENT_TYPES}

_REQUIRED: Final[dict[TableName, tuple[str, ...]]] = {
    "posts": ("network", "account", "post_id", "published_at"),
    "daily": ("network", "account", "date"),
    "traffic": ("date", "source"),
}

NAMES: Final = Names("kpitui", "kpitui", {c: () for table in schema.SCHEMAS.values() for c in table})
"""The canonical columns: exactly the names of DESIGN.md (compared trimmed, in any case)."""

_SIGNATURES: Final[dict[TableName, tuple[str | tuple[str, ...], ...]]] = {
    "posts": ("post_id",),
    "traffic": (("sessions", "source"),),
    "daily": ("date", ("account", "network")),
}
FORMATS: Final[dict[TableName, Format]] = {
    table: Format(
        NAMES,
        signature=signature,
        required=_REQUIRED[table],
        optional=tuple(schema.SCHEMAS[table]),
        unknown_score=0.5,  # a column of no table: the parser names it
        exact=True,
    )
    for table, signature in _SIGNATURES.items()
}
"""Each table told by its columns, in this order: `post_id` → posts; `sessions` or
`source` → traffic; `date` with `account` or `network` → daily."""


def _names(sample: Sample) -> list[str]:
    return [h.strip().lower() for h in sample.header]


def table_of(columns: Sequence[str]) -> TableName | None:
    """Which canonical table a set of column names describes."""
    return next((t for t, f in FORMATS.items() if all(f.header(columns).has(n) for n in f.signature)), None)


class CanonicalCsv:
    """Importer for the canonical CSV of any of the three tables."""

    id = "canonical"
    label = "Canonical CSV (kpitui)"

    def detect(self, sample: Sample) -> float:
        table = table_of(sample.header)
        return FORMATS[table].match(sample.header).score if table else 0.0

    def near(self, sample: Sample) -> Near | None:
        return FORMATS[table_of(sample.header) or "posts"].match(sample.header).near

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        names = _names(sample)
        table = table_of(names)
        if table is None:
            raise InputError(
                _("{path}: not a canonical CSV (no post_id, sessions or date column).").format(path=path)
            )
        target = schema.SCHEMAS[table]
        unknown = [h for h, n in zip(sample.header, names, strict=True) if n not in target]
        if unknown:
            raise InputError(
                _(
                    "{path}, row 1: unknown column {column} for the {table} table; "
                    "expected columns among: {known}."
                ).format(path=path, column=repr(unknown[0]), table=table, known=", ".join(target))
            )
        seen: set[str] = set()
        for header, name in zip(sample.header, names, strict=True):
            if name in seen:
                raise InputError(
                    _("{path}, row 1: column {column} appears twice.").format(path=path, column=repr(header))
                )
            seen.add(name)
        required = [c for c in _REQUIRED[table] if not (c == "account" and options.account)]
        lacking = [c for c in required if c not in names]
        if lacking == ["account"]:
            raise Unresolved(
                _(
                    "{path}, row 1: missing key column 'account' for the {table} table (or give --account)."
                ).format(path=path, table=table),
                path=path,
                option="account",
                reason=f"The file has no account column (row 1: the key of the {table} table).",
            )
        if lacking:
            raise InputError(
                _("{path}, row 1: missing key column {column} for the {table} table.").format(
                    path=path, column=repr(lacking[0]), table=table
                )
            )
        raw = read_strings(path, sample.data, len(names))
        raw = raw.rename(dict(zip(raw.columns[1:], names, strict=True)))
        if raw.is_empty():
            raise no_rows(path)
        if "account" not in raw.columns:
            raw = raw.with_columns(account=pl.lit(options.account))
        conversions = {
            name: _conversion(table, name, dtype, options)
            for name, dtype in target.items()
            if name in raw.columns
        }
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {name: name for name in required}, "a {name}")
        if table == "traffic" and "date_end" in typed.columns:
            backwards = typed.filter(pl.col("date_end") < pl.col("date"))
            if backwards.height:
                raise InputError(
                    _(
                        "{path}, row {row}, column 'date_end': before 'date'; "
                        "expected the last day of the range the row covers."
                    ).format(path=path, row=backwards[ROW][0])
                )
        frame, warnings = dedupe(typed, table)
        frame = conform(frame.drop(ROW), table)
        return sample.result(self, {table: frame}, warnings=warnings)


def _conversion(table: TableName, name: str, dtype: pl.DataType, options: ImportOptions) -> v.Conversion:
    c = pl.col(name)
    if name == "network":
        return v.Conversion(name, v.choice(c, _NETWORK_SPELLINGS), f"one of {', '.join(schema.NETWORKS)}")
    if name == "content_type":
        return v.Conversion(name, v.choice(c, _CONTENT_TYPES), f"one of {', '.join(schema.CONTENT_TYPES)}")
    if name == "published_at":
        return v.Conversion(
            name,
            v.iso_datetime(c, options.timezone),
            "an ISO 8601 time such as 2026-03-01T18:30:00+01:00 (without offset: "
            f"read in {options.timezone})",
        )
    if dtype == pl.Date():
        return v.Conversion(name, v.iso_date(c), "a date written YYYY-MM-DD")
    if dtype == pl.Int64():
        return v.Conversion(name, v.integer(c), "a whole number such as 1250 (blank when unknown)")
    if dtype == pl.Float64():
        return v.Conversion(name, v.decimal(c), "a number such as 12.5 (blank when unknown)")
    text = v.cleaned(c) if name in ("account", "post_id", "source", "medium") else c
    return v.Conversion(name, text, "text")


IMPORTERS = (CanonicalCsv(),)
