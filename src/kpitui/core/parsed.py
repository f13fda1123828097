"""A file read into canonical tables, and the options it was read with: what the importers
give and the workspace stores, declared apart from both.

The workspace (storage) never imports the importers (parsing): it receives ParsedFiles, and,
to read a kept original again (`imports redo`, `rebuild`), a `Reader` the caller passes
(`importers.read_again`). import-linter holds this (pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from kpitui.core.limits import Limits
from kpitui.core.schema import TableName


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


Reader = Callable[[Path, bytes, "datetime | None", ImportOptions], ParsedFile]
"""Reads a file's bytes (its path, its modification time) into a ParsedFile: the importers'
`read_again`, given to the workspace by whoever asks it to read an original again."""
