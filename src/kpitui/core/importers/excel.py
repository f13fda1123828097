"""Reading workbooks (.xlsx and legacy .xls) through polars' calamine engine.

Every cell is read as text so that the importers parse values the same way
for CSV and Excel; rows keep their Excel row number (1-based) for messages.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.importers.csvtext import ROW

XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_workbook(raw: bytes) -> bool:
    """True for an .xls (OLE2) file, or a zip that holds an Excel workbook."""
    return raw.startswith(XLS_MAGIC) or (raw.startswith(XLSX_MAGIC) and b"xl/" in raw[:65536])


def sheet_names(path: Path, raw: bytes) -> tuple[str, ...]:
    """The workbook's sheet names; InputError when the workbook cannot be opened."""
    try:
        import fastexcel

        return tuple(fastexcel.read_excel(raw).sheet_names)
    except Exception as exc:  # calamine raises its own types for damaged files
        raise InputError(f"{path}: the workbook cannot be opened ({_first_line(exc)}).") from exc


def read_sheet(path: Path, raw: bytes, sheet: str, *, header_row: int = 1) -> pl.DataFrame:
    """One sheet as text, with the header on Excel row `header_row`.

    Returns the columns named by the header (blank header cells become
    `column_N`), plus `_row`, the Excel row number of each data row. Rows
    where every cell is empty are dropped.
    """
    try:
        grid = pl.read_excel(
            io.BytesIO(raw),
            sheet_name=sheet,
            engine="calamine",
            has_header=False,
            infer_schema_length=0,
            raise_if_empty=False,
        )
    except Exception as exc:
        raise InputError(f"{path}, sheet {sheet!r}: cannot be read ({_first_line(exc)}).") from exc
    if grid.height < header_row:
        raise InputError(f"{path}, sheet {sheet!r}: no header on row {header_row} (the sheet is empty).")
    names = [
        (str(v).strip() if v is not None and str(v).strip() else f"column_{i + 1}")
        for i, v in enumerate(grid.row(header_row - 1))
    ]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    body = grid.slice(header_row).with_columns(pl.all().cast(pl.String))
    body.columns = unique
    body = body.with_row_index(ROW, offset=header_row + 1).with_columns(pl.col(ROW).cast(pl.Int64))
    empty = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in unique])
    return body.filter(~empty)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
