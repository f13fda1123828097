"""What every importer shares: the options it reads, the sample it detects from, what it returns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers.csvtext import ROW
from kpitui.core.parsed import ImportOptions, ParsedFile
from kpitui.core.periods import EARLIEST, LATEST
from kpitui.core.schema import TableName

__all__ = [
    "ImportOptions",
    "Importer",
    "ParsedFile",
    "Sample",
    "conform",
    "dedupe",
    "file_facts",
    "sha256_of",
]

if TYPE_CHECKING:
    from kpitui.core.importers.declared import Near


@dataclass(frozen=True, slots=True)
class Sample:
    """What detection looks at, and what the chosen importer parses.

    A text file arrives decoded to UTF-8 (from UTF-16 when needed, BOM
    removed), with the fields of its first line as `header`. A workbook
    (.xlsx or legacy .xls) arrives as its raw bytes with its sheet names.
    """

    path: Path
    data: bytes
    """Text: the whole file as UTF-8 without BOM. Workbook: the file's bytes."""
    header: tuple[str, ...]
    """Text: the fields of the first line, trimmed. Workbook: empty."""
    kind: Literal["text", "excel"] = "text"
    sheets: tuple[str, ...] = ()
    """Workbook: its sheet names, in order."""
    sha256: str = ""
    size: int = 0
    modified: datetime = datetime(1970, 1, 1, tzinfo=UTC)

    def lines(self, count: int) -> list[str]:
        """The first `count` physical lines of a text file, without line endings."""
        if self.kind != "text":
            return []
        head = self.data[: 64 * 1024 * max(1, count // 50 + 1)]
        return [line.rstrip("\r") for line in head.decode("utf-8", errors="replace").split("\n")[:count]]

    def result(
        self,
        importer: Importer,
        tables: dict[TableName, pl.DataFrame],
        *,
        warnings: list[str] | None = None,
        skipped: int = 0,
        exported_at: datetime | None = None,
        network_choices: tuple[str, ...] = (),
        guessed: tuple[str, ...] = (),
    ) -> ParsedFile:
        """The ParsedFile of this sample, read by `importer`; InputError for an implausible date."""
        for name, frame in tables.items():
            _check_dates(self.path, name, frame)
        return ParsedFile(
            path=self.path,
            format=importer.id,
            label=importer.label,
            tables=tables,
            sha256=self.sha256,
            size=self.size,
            exported_at=exported_at or self.modified,
            warnings=warnings or [],
            skipped=skipped,
            network_choices=network_choices,
            guessed=guessed,
        )


class Importer(Protocol):
    """One export format: how to recognise it and how to read it."""

    @property
    def id(self) -> str:
        """The format id (`--format`); a class attribute of each importer."""
        ...

    @property
    def label(self) -> str:
        """What the format is called in messages and the history."""
        ...

    def detect(self, sample: Sample) -> float:
        """How well the file matches, 0 (not at all) to 1 (certain)."""
        ...

    def near(self, sample: Sample) -> Near | None:
        """For the refusal of a file no importer claims: how close it comes to this format
        (None when the question does not apply, such as a workbook for a CSV format)."""
        ...

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        """Read the file into canonical tables; InputError on bad content."""
        ...


def _check_dates(path: Path, table: str, frame: pl.DataFrame) -> None:
    for column in ("published_at", "date", "date_end"):
        if column not in frame.columns:
            continue
        day = frame.get_column(column)
        day = day.dt.date() if day.dtype != pl.Date else day
        wrong = day.filter((day < EARLIEST) | (day > LATEST))
        if wrong.len():
            raise InputError(
                _(
                    "{path}: {column} {value} (in the {table} rows) is outside {first}–{last}; the file "
                    "looks damaged, or a date is mistyped."
                ).format(
                    path=path,
                    column=column,
                    value=wrong.cast(pl.String)[0],
                    table=table,
                    first=EARLIEST.year,
                    last=LATEST.year,
                )
            )


def sha256_of(raw: bytes) -> str:
    """The hex sha256 of a file's bytes: what tells the same file imported twice."""
    return hashlib.sha256(raw).hexdigest()


def file_facts(path: Path, raw: bytes, *, digest: bool = True) -> tuple[str, int, datetime]:
    """The hash (empty without `digest`), size and modification time (UTC) of a file's bytes."""
    sha256 = sha256_of(raw) if digest else ""
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        modified = datetime.now(tz=UTC)
    return sha256, len(raw), modified


def conform(frame: pl.DataFrame, table: TableName) -> pl.DataFrame:
    """`frame` with exactly the canonical columns of `table`, in order and type.

    Columns the export does not carry are added as nulls: a metric a network
    does not report is null, never 0. Extra columns are dropped.
    """
    target = schema.SCHEMAS[table]
    return frame.select(
        pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t).alias(n) for n, t in target.items()
    )


def dedupe(frame: pl.DataFrame, table: TableName) -> tuple[pl.DataFrame, list[str]]:
    """Keep the last row of each key within one file, with a warning naming the rows.

    `frame` must hold `_row` (the file's row numbers) and the table's keys.
    """
    if table == "traffic":
        end = pl.col("date_end") if "date_end" in frame.columns else pl.lit(None, pl.Date)
        frame = frame.with_columns(date_end=pl.coalesce(end, pl.col("date")))
    keys = [k for k in schema.KEYS[table] if k in frame.columns]
    dup = frame.filter(pl.struct(keys).is_duplicated())
    if dup.is_empty():
        return frame, []
    first = dup.group_by(keys, maintain_order=True).agg(pl.col(ROW)).row(0, named=True)[ROW]
    kept = frame.unique(subset=keys, keep="last", maintain_order=True)
    extra = frame.height - kept.height
    rows = ", ".join(str(r) for r in first[:5])
    warning = (
        f"{extra} row(s) repeat the key ({', '.join(keys)}) of an earlier row; "
        f"the later row is kept (for example rows {rows})."
    )
    return kept, [warning]
