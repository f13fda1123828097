"""Workspaces made before imports were kept: read as they are, and migrated once to the store.

Such a workspace holds `data/posts.parquet`, `daily.parquet`, `traffic.parquet` (the
merged tables, each row naming the import that last changed it) and `imports.json`
(the import log, one JSON array rewritten at every import). Its imports have no
stored original, so they can be neither redone nor rebuilt, and the rows of each
are known only as merged with those of the imports before it: each stored row
becomes the run of the import that last changed it. Folding those runs gives the
tables exactly as they were, so every later import merges as it would have; and
taking out an import made after the migration gives back these rows. Taking out one
of these imports alone cannot be done (its rows are mixed with its predecessors'):
`Workspace.remove` refuses it and says why.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import KpiError, WorkspaceError
from kpitui.core.hashtags import hashtags_of
from kpitui.core.importlog import LEGACY, ImportLogError, ImportRecord, record_of
from kpitui.core.journal import LEGACY_FILES
from kpitui.core.limits import Limits, read_regular
from kpitui.core.schema import IMPORT_ID, TableName
from kpitui.core.store import check_days, check_regular, damaged

LOG_FILE: Final = "imports.json"
UNKNOWN_EXPORT: Final = "1970-01-01T00:00:00+00:00"
"""The export time of an import whose record was lost: older than any other."""


def is_legacy(data_dir: Path) -> bool:
    """True when `data_dir` holds a workspace made before the store."""
    return any((data_dir / name).exists() for name in LEGACY_FILES)


def table_path(data_dir: Path, table: TableName) -> Path:
    return data_dir / f"{table}.parquet"


def read_tables(data_dir: Path) -> dict[TableName, pl.DataFrame]:
    """The legacy tables in the stored schema (empty where a file is missing); WorkspaceError
    naming a file that cannot be read."""
    tables: dict[TableName, pl.DataFrame] = {}
    for table in schema.TABLES:
        path = table_path(data_dir, table)
        if not path.exists() and not path.is_symlink():
            tables[table] = schema.empty(table, stored=True)
            continue
        check_regular(path)
        try:
            frame = pl.read_parquet(path.absolute(), glob=False, hive_partitioning=False)
            tables[table] = conform_stored(frame, table)
            check_days(path, tables[table])
        except KpiError:
            raise
        except BaseException as exc:  # polars raises several types for a damaged file
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise  # a Rust panic is a BaseException; KeyboardInterrupt is not ours
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise damaged(path, detail) from exc
    return tables


def read_log(data_dir: Path) -> list[ImportRecord]:
    """The legacy import log, as records not kept (version `legacy`, no original)."""
    path = data_dir / LOG_FILE
    if not path.exists():
        return []
    try:
        raw = json.loads(read_regular(path, Limits(file_mb=4096), WorkspaceError).decode("utf-8"))
        if not isinstance(raw, list):
            raise TypeError(f"a {type(raw).__name__}, expected a list of imports")
        records = [record_of(entry, f"entry {number}") for number, entry in enumerate(raw, 1)]
    except (WorkspaceError, OSError, ValueError, TypeError, RecursionError) as exc:
        raise ImportLogError(
            f"{path}: the import log cannot be read ({exc}). Restore it from a backup, or delete it: "
            "the data stays, only the history of imports is lost.",
            title="Damaged workspace",
        ) from exc
    return [replace(r, version=LEGACY, original=None) for r in records]


def records_for(tables: dict[TableName, pl.DataFrame], log: list[ImportRecord]) -> list[ImportRecord]:
    """`log`, with a record for each import id the tables name that the log lacks (a log deleted
    or restored from an older backup): such an import is the oldest of all."""
    named: set[int] = set()
    for frame in tables.values():
        named.update(i for i in frame.get_column(IMPORT_ID).unique().to_list() if i is not None)
    known = {r.id for r in log}
    lost = [
        ImportRecord(
            id=i,
            file=f"(import {i}: its record was lost)",
            sha256="",
            size=0,
            format="unknown",
            label="unknown",
            imported_at=UNKNOWN_EXPORT,
            exported_at=UNKNOWN_EXPORT,
            rows=0,
            version=LEGACY,
        )
        for i in sorted(named - known)
    ]
    return sorted([*log, *lost], key=lambda r: r.id)


def runs_of(table: TableName, frame: pl.DataFrame) -> pl.DataFrame:
    """The legacy rows as runs (canonical schema and IMPORT_ID): each the run of its import."""
    columns = [*schema.SCHEMAS[table], IMPORT_ID]
    return frame.select(columns).with_columns(pl.col(IMPORT_ID).fill_null(0))


def conform_stored(frame: pl.DataFrame, table: TableName) -> pl.DataFrame:
    """A stored table in the current stored schema (older files may lack new columns).

    Posts stored before kpitui kept their hashtags get them from their text here.
    """
    target = schema.STORED_SCHEMAS[table]
    if table == "posts" and schema.HASHTAGS not in frame.columns and "text" in frame.columns:
        frame = frame.with_columns(hashtags_of(pl.col("text")).alias(schema.HASHTAGS))
    return frame.select(
        pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t).alias(n) for n, t in target.items()
    )
