"""What every importer shares: the options it reads, the sample it detects from, what it returns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError
from kpitui.core.importers.csvtext import ROW
from kpitui.core.limits import Limits
from kpitui.core.periods import EARLIEST, LATEST
from kpitui.core.schema import TableName

if TYPE_CHECKING:
    from kpitui.core.importers.declared import Near


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the person (or the workspace) tells the importers."""

    timezone: str = "UTC"
    """Naive times in files are read in this zone (the workspace's)."""
    account: str | None = None
    """Account name for files that do not carry one (`resolve` applies it)."""
    network: str | None = None
    """Network for files that may be one of several and do not say which (a Meta daily file titled
    just `Reach`: Facebook or Instagram; `resolve` applies it)."""
    year: int | None = None
    """Year for exports whose dates have none, when the file cannot tell."""
    format: str | None = None
    """Importer id that overrides detection."""
    limits: Limits = field(default_factory=lambda: Limits().from_environment())
    """What may be read: file size, zip members' inflated size and ratio."""


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


@dataclass(slots=True)
class ParsedFile:
    """One file read into canonical tables, not yet merged into a workspace."""

    path: Path
    format: str
    label: str
    tables: dict[TableName, pl.DataFrame]
    sha256: str
    size: int
    exported_at: datetime
    """When the export was made (from the file if it says, else its modification time):
    the newest export wins when two give the same key."""
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0
    network_choices: tuple[str, ...] = ()
    """When rows leave their network null (a file that does not say it, such as Meta's untitled
    `Reach`): the networks they may be, for the import to resolve (`resolve`)."""
    guessed: tuple[str, ...] = ()
    """The options the reading had to guess and the person may give instead: `year` when dates
    written without one took it from the file's date or its download's name."""
    original: bytes = field(default=b"", repr=False)
    """The file's bytes as read (`read_file` keeps them): the workspace stores them, so that the
    import can be read again (`kpitui imports redo`, `kpitui rebuild`)."""
    modified: datetime | None = None
    """The modification time the file was read with (a zip member: its archive's)."""
    options: ImportOptions | None = None
    """The options the file was read with: what the person said for this file (its account,
    network, year, format), which `resolve` applies before what was said for the whole import,
    and which a redo starts from."""

    @property
    def rows(self) -> int:
        return sum(frame.height for frame in self.tables.values())

    @property
    def accounts(self) -> list[str]:
        found: set[str] = set()
        for frame in self.tables.values():
            if "account" in frame.columns:
                found.update(a for a in frame.get_column("account").unique().to_list() if a)
        return sorted(found)

    @property
    def networks(self) -> list[str]:
        found: set[str] = set()
        for frame in self.tables.values():
            found.update(n for n in frame.get_column("network").unique().to_list() if n)
        return sorted(found)

    @property
    def days(self) -> tuple[date, date] | None:
        """First and last day the file's rows cover (publication days in UTC for posts)."""
        lows: list[date] = []
        highs: list[date] = []
        for name, frame in self.tables.items():
            if frame.is_empty():
                continue
            if name == "posts":
                column = frame.get_column("published_at").dt.date()
                lows.append(column.min())  # type: ignore[arg-type]
                highs.append(column.max())  # type: ignore[arg-type]
            else:
                lows.append(frame.get_column("date").min())  # type: ignore[arg-type]
                end = "date_end" if name == "traffic" else "date"
                highs.append(frame.get_column(end).max())  # type: ignore[arg-type]
        lows = [d for d in lows if d is not None]
        highs = [d for d in highs if d is not None]
        return (min(lows), max(highs)) if lows and highs else None


class Importer(Protocol):
    """One export format: how to recognise it and how to read it."""

    id: str
    label: str

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
                f"{path}: {column} {wrong.cast(pl.String)[0]} (in the {table} rows) is outside "
                f"{EARLIEST.year}–{LATEST.year}; the file looks damaged, or a date is mistyped."
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
