"""Reading CSV bytes safely: encodings, binary files, and ragged rows found by row number.

polars reads a row with too few fields as if its last fields were empty,
which would import a damaged row silently. A cheap global count tells
whether any row is ragged; only then `field_counts` counts the fields of
every record (quotes and embedded newlines included) to name the row.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import _

_SNIFF = 8192


def decode(path: Path, data: bytes) -> bytes:
    """UTF-8 bytes (without BOM) of a text file; InputError for binary or mis-encoded files.

    UTF-16 with a BOM (Meta's daily exports) is converted; UTF-8 with or
    without a BOM passes through unchanged.
    """
    if not data or data.isspace():
        raise InputError(_("{path}: the file is empty.").format(path=path))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                _(
                    "{path}: starts as UTF-16 text but byte {byte} is not UTF-16; "
                    "the file may be truncated or damaged."
                ).format(path=path, byte=exc.start)
            ) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data[:_SNIFF]:
        raise InputError(
            _("{path}: this is a binary file, not a CSV export (it holds NUL bytes).").format(path=path)
        )
    if data.isascii() or _valid_utf8(data):
        return data
    try:  # only to name the first bad byte and its line
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            _(
                "{path}, line {line}: the text is not UTF-8 (byte 0x{byte} at offset {offset}). "
                "Export or save the file again as UTF-8."
            ).format(path=path, line=line, byte=bad, offset=exc.start)
        ) from exc
    return data


def _valid_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8, checked by polars without building a Python string."""
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except Exception:  # polars raises its own error type for invalid UTF-8
        return False
    return True


def first_line(data: bytes) -> bytes:
    """The first physical line, without its line ending."""
    end = data.find(b"\n")
    line = data if end < 0 else data[:end]
    return line.rstrip(b"\r")


def header_of(path: Path, data: bytes, separator: str = ",") -> list[str]:
    """Column names of the first line, read with the same (RFC 4180) rules as the rows.

    One line, read with Python's csv module: detection calls this for every
    importer, and starting a polars reader each time cost more than the rest.
    """
    line = first_line(data).decode("utf-8", errors="replace")
    try:
        fields = next(csv.reader([line], delimiter=separator), [])
    except csv.Error as exc:
        raise InputError(
            _("{path}, row 1: the header line cannot be read as CSV ({error}).").format(path=path, error=exc)
        ) from exc
    return [field.strip() for field in fields]


def no_rows(path: object) -> InputError:
    """The refusal of a file with its header and nothing under it (an empty download, a mistake
    to report rather than an import of nothing)."""
    return InputError(_("{path}: the header is there but the file has no rows.").format(path=path))


ROW = "_row"
"""Column added to every frame read here: the row number a person sees (header = row 1)."""


def read_strings(
    path: Path,
    data: bytes,
    columns: int | None = None,
    *,
    header_line: int = 1,
    stop_at_blank: bool = False,
    separator: str = ",",
    pad_short: bool = False,
) -> pl.DataFrame:
    """Every field as a string, plus `_row`, after checking every row's number of fields.

    `header_line` is the 1-based line of the header (lines before it, such as
    a `#` preamble or a title, are skipped); `stop_at_blank` ends the table at
    the first blank line after the header (GA4 and Universal Analytics stack
    several tables in one file). `columns` is the expected number of columns
    (default: the header's). `_row` is the row a spreadsheet shows (the
    file's first line is row 1). Blank lines are dropped; a row with more or
    fewer fields than the header raises InputError naming it, except that
    with `pad_short` a row with fewer fields is read with its last fields
    empty (Meta leaves trailing empty cells off), unless it is the file's
    last and the file does not end with a line break: then it was cut short.
    `separator` is the field separator (`;` or a tab after a spreadsheet's
    re-save in some locales).
    """
    offset = header_line - 1
    body = skip_lines(data, offset)
    if stop_at_blank:
        body = until_blank_line(body)
    try:
        frame = pl.read_csv(body, infer_schema=False, truncate_ragged_lines=False, separator=separator)
    except pl.exceptions.NoDataError as exc:
        raise InputError(_("{path}: the file is empty.").format(path=path)) from exc
    except Exception as exc:  # polars raises ComputeError and others for malformed CSV
        width = columns or len(header_of(path, body, separator))
        locate_ragged(path, body, width, offset, separator, pad_short=pad_short)
        raise InputError(
            _("{path}: cannot be read as CSV ({error}).").format(path=path, error=_first_line_of(exc))
        ) from exc
    expected = columns or frame.width
    if frame.width != expected:
        raise InputError(
            _("{path}: the header has {count} columns, expected {expected}.").format(
                path=path, count=frame.width, expected=expected
            )
        )
    if not _separators_add_up(body, frame, separator):
        locate_ragged(path, body, expected, offset, separator, pad_short=pad_short)
    # polars keeps a quoted header's doubled quotes (`"Marcações ""Gostei"""`): undouble them,
    # so that the column is named as the file writes it.
    frame = frame.rename({c: c.replace('""', '"') for c in frame.columns if '""' in c})
    frame = frame.with_row_index(ROW, offset=offset + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    blank = pl.all_horizontal(pl.exclude(ROW).is_null())
    return frame.filter(~blank)


def skip_lines(data: bytes, count: int) -> bytes:
    """`data` without its first `count` physical lines."""
    position = 0
    for _skipped in range(count):
        found = data.find(b"\n", position)
        if found < 0:
            return b""
        position = found + 1
    return data[position:]


def until_blank_line(data: bytes) -> bytes:
    """`data` up to (not including) its first blank line after the first line."""
    first = data.find(b"\n")
    if first < 0:
        return data
    position = first + 1
    while position < len(data):
        end = data.find(b"\n", position)
        line = data[position:] if end < 0 else data[position:end]
        if not line.strip(b'\r ,;\t"'):
            return data[:position]
        if end < 0:
            break
        position = end + 1
    return data


def _separators_add_up(data: bytes, frame: pl.DataFrame, separator: str = ",") -> bool:
    """True when every record has exactly the header's number of fields.

    Cheap global check: the separators in the file minus those inside
    values must be (rows + header) × (columns - 1). polars already refuses a
    row with too many fields, so a deficit means a short row (or a blank
    line, which `locate_ragged` then tells apart). Costs two vectorised
    counts instead of a second parse.
    """
    raw = data.count(separator.encode())
    inside = sum(name.count(separator) for name in frame.columns)
    if frame.height:
        inside += (
            frame.select(pl.sum_horizontal(pl.all().str.count_matches(separator, literal=True).sum())).item()
            or 0
        )
    return raw - inside == (frame.height + 1) * (frame.width - 1)


def locate_ragged(
    path: Path, data: bytes, columns: int, offset: int = 0, separator: str = ",", *, pad_short: bool = False
) -> None:
    """Raise InputError naming the first row whose number of fields is not `columns`.

    `offset` is the number of lines skipped before `data` (for the numbers in
    the message). With `pad_short`, rows with fewer fields pass, except a
    last row cut short (the file does not end with a line break). Exact but
    slower than reading the file: used only once a cheap check has found
    something wrong.
    """
    counts = field_counts(data, separator)
    if counts is None:
        raise InputError(
            _("{path}: a quoted field is never closed; the file looks truncated.").format(path=path)
        )
    wrong = pl.col("fields") > columns if pad_short else pl.col("fields") != columns
    if pad_short and not data.rstrip(b" \t").endswith(b"\n"):
        wrong = wrong | ((pl.col("fields") < columns) & (pl.col("record") == counts.height - 1))
    bad = counts.with_row_index("record").filter(wrong & ~pl.col("blank"))
    if bad.is_empty():
        return
    record, line, fields = bad.row(0)[0], bad["line"][0] + offset, bad["fields"][0]
    if fields > columns:
        message = _(
            "{where}: {fields} fields where the header has {columns}; the row has more fields than columns."
        )
    elif record == counts.height - 1:
        message = _(
            "{where}: {fields} fields where the header has {columns}; the row has fewer fields than columns "
            "(the file looks truncated)."
        )
    else:
        message = _(
            "{where}: {fields} fields where the header has {columns}; the row has fewer fields than columns."
        )
    where = _("{path}, row {row} (line {line})").format(path=path, row=record + 2 + offset, line=line)
    raise InputError(message.format(where=where, fields=fields, columns=columns))


def field_counts(data: bytes, separator: str = ",") -> pl.DataFrame | None:
    """Per CSV record: its first physical line (1-based), its number of fields, and
    whether it is blank. None when the last quoted field never closes.

    Records are counted RFC 4180 style: a newline inside quotes continues the
    record, and `""` inside quotes is an escaped quote.
    """
    lines = _physical_lines(data)
    c = pl.col
    frame = lines.select(
        text=c("text").str.strip_suffix("\r"),
        line=pl.int_range(1, pl.len() + 1),
    ).with_columns(quotes=c("text").str.count_matches('"', literal=True))
    frame = frame.with_columns(
        open_after=(c("quotes").cum_sum() % 2) == 1,
    ).with_columns(
        starts_open=c("open_after").shift(1, fill_value=False),
    )
    if frame.height and frame["open_after"][-1]:
        return None
    # Close quotes that run across lines so each line can be scanned alone,
    # then drop quoted content: what remains are the separators outside quotes.
    scanned = pl.when(c("starts_open")).then(pl.lit('"') + c("text")).otherwise(c("text")) + pl.when(
        c("open_after")
    ).then(pl.lit('"')).otherwise(pl.lit(""))
    # A line without quotes that starts inside a quoted field (a caption's middle line) is all
    # quoted content: its commas separate nothing.
    outside = (
        pl.when(c("quotes") > 0)
        .then(scanned.str.replace_all(r'"[^"]*"', "", literal=False))
        .when(c("starts_open"))
        .then(pl.lit(""))
        .otherwise(c("text"))
    )
    frame = frame.with_columns(
        separators=outside.str.count_matches(separator, literal=True),
        record=(~c("starts_open")).cum_sum(),
    )
    return (
        frame.group_by("record", maintain_order=True)
        .agg(
            line=c("line").first(),
            fields=c("separators").sum() + 1,
            blank=(c("text").str.len_bytes().sum() == 0),
        )
        .slice(1)  # the header
        .select("line", "fields", "blank")
    )


def _physical_lines(data: bytes) -> pl.DataFrame:
    """The file's lines as one string column, split without any quote handling."""
    body = data[:-1] if data.endswith(b"\n") else data
    text = body.decode("utf-8")
    return pl.DataFrame({"text": [text]}).select(pl.col("text").str.split("\n").explode())


def _first_line_of(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
