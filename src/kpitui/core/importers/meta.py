"""What Meta's exports (Facebook and Instagram) share: reading their tables and naming their columns.

The importers live in `meta_posts` (Meta Business Suite post exports),
`meta_daily` (the page-level daily metric files) and `meta_legacy` (the
pre-2020 Facebook Insights exports); this module holds what they have in
common and defines no importer itself:

- `read_table` reads a file as text cells plus `_row`, from CSV or from a
  workbook (Meta offers .xlsx for the same exports), with the columns named
  as the file names them; a name written twice (the legacy exports repeat
  `Lifetime Organic Video Views`) is kept apart as `Name (2)`.
- `names.meta.NAMES` spells every column (English, older generations,
  translations) and the importers declare their formats with it
  (`declared.Format`): Meta's column sets change from month to month and
  localised exports translate the headers, so an importer asks for a
  column by its English name and gets the file's column, or None.
- `exported_at_from_name` reads the end of the date range of Meta's standard
  file name (`Aug-01-2025_Aug-31-2025_<id>.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers import values as v
from kpitui.core.importers.base import Sample
from kpitui.core.importers.csvtext import header_of, read_strings
from kpitui.core.importers.csvtext import no_rows as empty_file
from kpitui.core.importers.declared import DeclaredImporter, Header
from kpitui.core.importers.excel import read_sheet

KEY_METRICS_SHEET: Final = "key metrics"
"""The first sheet of a legacy Insights workbook; the other sheets hold breakdowns."""


def unique_names(names: Sequence[str]) -> list[str]:
    """Trimmed names, the second and later copies of a repeated name suffixed ` (2)`, ` (3)`…

    The same rule as `excel.read_sheet`, so CSV and workbook tables name
    their columns alike.
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    for raw in names:
        name = raw.strip() or f"column_{len(out) + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def sheet_of(sample: Sample) -> str | None:
    """The sheet a workbook's table is read from: `Key Metrics` when present, else the first."""
    if sample.kind != "excel" or not sample.sheets:
        return None
    for sheet in sample.sheets:
        if sheet.strip().lower() == KEY_METRICS_SHEET:
            return sheet
    return sample.sheets[0]


@lru_cache(maxsize=4)
def _workbook_header(path: Path, raw: bytes, sheet: str) -> tuple[str, ...]:
    """The first row of a sheet (cached: every importer's `detect` asks for it)."""
    try:
        frame = read_sheet(path, raw, sheet)
    except InputError:
        return ()
    return tuple(frame.columns[1:])


def header_names(sample: Sample) -> tuple[str, ...]:
    """The column names of the file's first row (text) or of its table sheet (workbook)."""
    if sample.kind == "text":
        return sample.header
    sheet = sheet_of(sample)
    return _workbook_header(sample.path, sample.data, sheet) if sheet else ()


def read_table(sample: Sample, *, pad_short: bool = False) -> pl.DataFrame:
    """The file's table as text cells plus `_row`, its columns named by `unique_names`.

    CSV goes through `read_strings` (ragged rows and truncation are refused
    with the row named; with `pad_short`, a row that ends early is read with
    its last cells empty: the Business Suite leaves trailing empty cells
    off); a workbook's table sheet through `read_sheet`.
    """
    if sample.kind == "excel":
        sheet = sheet_of(sample)
        if sheet is None:
            raise InputError(_("{path}: the workbook has no sheets.").format(path=sample.path))
        return read_sheet(sample.path, sample.data, sheet)
    names = unique_names(header_of(sample.path, sample.data))
    raw = read_strings(
        sample.path, sample.data, len(names), pad_short=pad_short
    )  # len: a line break in a name
    return raw.rename(dict(zip(raw.columns[1:], names, strict=True)))


class MetaImporter(DeclaredImporter):
    """A Meta export read by its declared header: the CSV's, or a workbook's first sheet's."""

    def columns(self, sample: Sample) -> Sequence[str]:
        return header_names(sample)


# --- values ------------------------------------------------------------------------------

META_TIMES: Final = [
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
]
"""`Publish time` and `Posted` as Meta writes them (`09/28/2026 18:12`, `10/1/2015 21:00`), and as a
workbook cell holding a date-time reads (`2026-09-28 18:12:00`)."""

EXPECTED_TIME: Final = "a time such as 09/28/2026 18:12 (MM/DD/YYYY HH:MM)"

_ID = r"^\d+(?:_\d+)?$"


def post_id(expr: pl.Expr) -> pl.Expr:
    """Meta's `Post ID` as exported, trimmed: digits, or `<page id>_<post id>`.

    Anything else is refused rather than kept: an id a spreadsheet turned
    into a number (`1.796032005285914e16`) has lost digits and would never
    merge with the same post from another export.
    """
    text = v.present(expr)
    return pl.when(text.str.contains(_ID)).then(text)


EXPECTED_ID: Final = (
    "a Meta post id: digits, or <page id>_<post id> (a spreadsheet that stored the id as a number "
    "has lost digits; use the CSV download)"
)


_GROUPED = r"^([+-]?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?)$"
"""A number written with thousands separators: `1,250`, `1 250`, `12,345.5`."""


def meta_number(expr: pl.Expr) -> pl.Expr:
    """A number as Meta writes it, as Float64: `12`, `1777.0`, `21.6`, `1,250`, `21,6`; else null.

    Meta's exports hold plain numbers (with thousands separators at most),
    so they are read directly, each form by its own small branch. The
    general `values.number` reads them too, but its expression (currency,
    percent, decimal comma…) nests so deeply that polars 2.1 spends about
    75 ms planning it per column and file, seconds for a folder of monthly
    exports; this costs about 2 ms.
    """
    text = expr.str.strip_chars()
    direct = text.cast(pl.Float64, strict=False)
    grouped = (
        text.str.extract(_GROUPED, 1).str.replace_all(r"[,\u00a0\u202f ]", "").cast(pl.Float64, strict=False)
    )
    comma = (
        text.str.extract(r"^([+-]?\d+,\d+)$", 1)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )
    value = pl.coalesce(direct, grouped, comma)
    return pl.when(value.is_finite()).then(value)


def meta_count(expr: pl.Expr) -> pl.Expr:
    """A whole number as Meta writes it (`1,250`, `1777.0` from a workbook), as Int64; else null."""
    value = meta_number(expr)
    whole = value.cast(pl.Int64, strict=False)
    return pl.when(whole.cast(pl.Float64) == value).then(whole)


def whole(source: str) -> v.Conversion:
    """A count column: `1,250`, `1777.0`; blank and `-` are null (not 0), anything else a bad value."""
    return v.native(source, meta_count(pl.col(source)), "a whole number such as 1250 (blank when unknown)")


def no_rows(path: Path, frame: pl.DataFrame) -> None:
    """A file with a header and no data is refused: an empty download is a mistake to report."""
    if frame.is_empty():
        raise empty_file(path)


# --- content types -----------------------------------------------------------------------

CONTENT_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("story", r"\b(?:stor(?:y|ies|ia|ie)|histori(?:a|as|e|es)|histoire|stories)\b"),
    ("reel", r"\breels?\b"),
    ("carousel", r"\b(?:carousel|carrousel|carrossel|carrusel|carosello|karussell|albums?|multi-photo)\b"),
    ("live", r"\b(?:live|en direct|en vivo|ao vivo|in diretta)\b"),
    ("video", r"videos?\b"),
    ("photo", r"\b(?:photos?|fotos?|images?|imagem|imagen|immagine|bild(?:er)?)\b"),
    ("link", r"\b(?:links?|liens?|enlaces?|collegamenti|collegamento)\b"),
    ("text", r"\b(?:text|texte|texto|testo|status|statuses|statut|statuts|estado|stato)\b"),
)
"""Words of a Meta post type (`Post type` of the Business Suite exports, `Type` of the legacy
one) → content type, first match winning: `Photos`, `Videos`, `Reels`, `Links`, `IG carousel`,
`IG story`, `SharedVideo`, `Status`, and their translations (`Vidéos`, `Carrossel do IG`,
`Historia de Instagram`, `Reel de Instagram`…). Compared folded (no case, no accents); a type
that says none of these is `other`."""


def content_type(expr: pl.Expr) -> pl.Expr:
    """The content type of a Meta post type, by its words: `other` when unknown, null when blank."""
    key = v.fold(v.cleaned(expr))
    matches = (pl.when(key.str.contains(words)).then(pl.lit(kind)) for kind, words in CONTENT_WORDS)
    return pl.when(key.is_not_null()).then(pl.coalesce(*matches, pl.lit("other")))


def post_conversions(
    columns: Header,
    sources: tuple[str, str],
    expected_time: str,
    timezone: str,
    texts: Mapping[str, str],
    kind: str,
) -> dict[str, v.Conversion]:
    """What every Meta posts export reads alike: the post id and publish time (`sources`: their
    columns; the time written as `expected_time` says, read in `timezone`), the text columns
    present (`texts`: target → English name) and the post type (`kind`, its English name)."""
    id_source, time_source = sources
    conversions = {
        "post_id": v.native(id_source, post_id(pl.col(id_source)), EXPECTED_ID),
        "published_at": v.native(
            time_source,
            v.local_datetime_in(pl.col(time_source), META_TIMES, timezone),
            f"{expected_time}, read in {timezone}",
        ),
    }
    for target, name in texts.items():
        source = columns.get(name)
        if source is not None:
            conversions[target] = v.Conversion(source, v.cleaned(pl.col(source)), "text")
    source = columns.get(kind)
    if source is not None:
        conversions["content_type"] = v.Conversion(source, content_type(pl.col(source)), "text")
    return conversions


# --- file names --------------------------------------------------------------------------

_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RANGE_NAME = re.compile(
    r"^(?P<m1>[A-Za-z]{3})-(?P<d1>\d{1,2})-(?P<y1>\d{4})_(?P<m2>[A-Za-z]{3})-(?P<d2>\d{1,2})-(?P<y2>\d{4})"
    r"_\d{6,20}(?: ?\(\d+\))?\.(?:csv|xlsx)$",
    re.IGNORECASE,
)


def exported_at_from_name(path: Path) -> datetime | None:
    """When a Business Suite export was made, from its standard name; None for other names.

    `Aug-01-2025_Aug-31-2025_1039829308656930.csv` (with ` (1)` for a repeat
    download) covers 1 to 31 August, so it was made after the 31st: the
    start of the next day, UTC. Lifetime totals grow, so of two exports of
    the same posts the one whose range ends later wins.
    """
    match = _RANGE_NAME.match(path.name)
    if not match:
        return None
    month = match["m2"].lower()
    if month not in _MONTHS:
        return None
    try:
        end = datetime(int(match["y2"]), _MONTHS.index(month) + 1, int(match["d2"]), tzinfo=UTC)
    except ValueError:
        return None
    return end + timedelta(days=1)
