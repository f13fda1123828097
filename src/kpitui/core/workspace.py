"""The workspace: a folder of parquet tables, settings, objectives and an import log.

Layout::

    kpitui.toml        settings, edited by hand
    objectives.toml    objectives, written by the app, editable by hand
    data/posts.parquet, data/daily.parquet, data/traffic.parquet
    data/imports.json  the import log: file, hash, when, rows added/updated
    .kpitui.lock       taken shared to read, exclusive to write

Every change is a transaction: the new versions of the files it touches are
written into `data/.journal/`, synced, then a COMMIT marker is written
atomically; only then are they renamed into place. Whoever opens the
workspace next finishes a committed journal or discards an uncommitted
one, so a crash or a kill at any moment leaves either all of an import or
none of it. The exclusive lock makes a second kpitui wait its turn.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Final

import platformdirs
import polars as pl

from kpitui.core import objectives, schema
from kpitui.core.dataset import Dataset, kpi_columns, prepare
from kpitui.core.errors import KpiError, WorkspaceError
from kpitui.core.files import atomic_write, fsync_dir, read_small
from kpitui.core.hashtags import hashtags_of
from kpitui.core.importers.base import ImportOptions, ParsedFile
from kpitui.core.importers.resolve import adopt, resolve
from kpitui.core.limits import Limits, read_regular
from kpitui.core.merge import AGE, MergeCounts, merge_table, tag
from kpitui.core.objectives import Objective, ObjectivesFile
from kpitui.core.periods import EARLIEST, LATEST
from kpitui.core.schema import TableName
from kpitui.core.settings import FILENAME as SETTINGS_FILE
from kpitui.core.settings import Settings, load_settings, write_default_settings

ENV_VAR: Final = "KPITUI_WORKSPACE"
LOG_FILE: Final = "imports.json"
LOCK_FILE: Final = ".kpitui.lock"
JOURNAL: Final = ".journal"
COMMIT: Final = "COMMIT"
OBJECTIVES_FILE: Final = "objectives.toml"
LOCK_TIMEOUT_S: Final = 60.0
WAIT_NOTICE_S: Final = 1.0
"""How long kpitui waits for another one's lock before saying that it is waiting."""


def default_root() -> Path:
    """`$KPITUI_WORKSPACE`, else the user data folder's `workspace`."""
    env = os.environ.get(ENV_VAR)
    if env:
        return expand_user(Path(env))
    return platformdirs.user_data_path("kpitui") / "workspace"


def expand_user(path: Path) -> Path:
    """`path` with a leading `~` or `~user` expanded; `~name` of no known user stays a folder of
    that name, as written (pathlib raises RuntimeError for it)."""
    try:
        return path.expanduser()
    except RuntimeError:
        return path


@dataclass(slots=True)
class ImportRecord:
    """One line of the import log."""

    id: int
    file: str
    sha256: str
    size: int
    format: str
    label: str
    imported_at: str
    exported_at: str
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    tables: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    first_day: str | None = None
    last_day: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.file).name


@dataclass(slots=True)
class FileOutcome:
    """What importing one file did (or would do, in a dry run)."""

    parsed: ParsedFile
    counts: MergeCounts = field(default_factory=MergeCounts)
    duplicate_of: ImportRecord | None = None
    """Set when the same bytes were imported before: nothing changes."""
    notes: list[str] = field(default_factory=list)
    """How the import decided what the file does not say (its account, its network), and what
    it changed beyond the file's own rows (an unnamed account adopted)."""

    @property
    def skipped(self) -> int:
        return self.parsed.skipped


class Workspace:
    """A workspace folder. Cheap to create; reads happen on `load()`."""

    def __init__(self, root: Path) -> None:
        self.root = expand_user(root)
        self.data_dir = self.root / "data"
        self.settings_path = self.root / SETTINGS_FILE
        self.objectives_path = self.root / OBJECTIVES_FILE
        self.log_path = self.data_dir / LOG_FILE
        self.lock_path = self.root / LOCK_FILE
        self.waiting: Callable[[str], None] | None = None
        """Told (once) when this workspace waits over a second for another kpitui's lock."""

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    def table_path(self, table: TableName) -> Path:
        return self.data_dir / f"{table}.parquet"

    # --- reading ------------------------------------------------------------

    @property
    def exists(self) -> bool:
        return self.root.is_dir()

    def settings(self) -> Settings:
        """The workspace settings (defaults when kpitui.toml is absent)."""
        return load_settings(self.settings_path)

    def load(self, settings: Settings | None = None) -> Dataset:
        """Read the tables into a prepared Dataset (empty tables when there is no data)."""
        settings = settings or self.settings()
        with self._lock(exclusive=False):
            tables = self._read_tables()
        return prepare(tables["posts"], tables["daily"], tables["traffic"], settings)

    def load_kpi_columns(
        self, settings: Settings | None = None, kpi_ids: Collection[str] | None = None
    ) -> Dataset:
        """`load()` with only what the KPIs read: all a report or a check needs.

        A report reads none of the posts' ids, links, content types or accounts
        (nor their texts: the stored hashtags serve the brand-hashtag KPI), and
        no post's row: the posts are summed into their daily cube as they are read
        (`prepare(post_rows=False)`), which makes it faster and much leaner on a
        large workspace. With `kpi_ids` (a check: the objectives' KPIs), only the posts
        metrics those KPIs read. A file that cannot be read this way is left to
        `load()`, whose error names it.
        """
        settings = settings or self.settings()
        try:
            with self._lock(exclusive=False):
                scans = {
                    table: _scan_parquet(path)
                    if _stored(path := self.table_path(table))
                    else schema.empty(table).lazy()
                    for table in schema.TABLES
                }
                present = {table: scan.collect_schema().names() for table, scan in scans.items()}
                columns = kpi_columns(settings, present["posts"], kpi_ids)  # stored hashtags, if there
                frames = {
                    table: scan.select(c for c in columns[table] if c in present[table])
                    for table, scan in scans.items()
                }
                dataset = prepare(
                    frames["posts"],
                    frames["daily"],
                    frames["traffic"],
                    settings,
                    columns=columns,
                    post_rows=False,
                )
                # damage parquet cannot see, as load() checks it; the posts by their days, a day
                # either side of the UTC dates load() checks (the days are local)
                days = dataset.post_days.get_column("day")
                if ((days < EARLIEST - timedelta(days=1)) | (days > LATEST + timedelta(days=1))).any():
                    raise _damaged(
                        self.table_path("posts"), f"published_at outside {EARLIEST.year}–{LATEST.year}"
                    )
                for table in ("daily", "traffic"):
                    self.check_stored(table, getattr(dataset, table))
                return dataset
        except KpiError:
            raise
        except BaseException as exc:  # a damaged file: polars raises several types, a Rust panic too
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise  # KeyboardInterrupt and the like are not ours
            return self.load(settings)

    def imports(self) -> list[ImportRecord]:
        """The import log, oldest first."""
        with self._lock(exclusive=False):
            return self._read_log()

    def change_token(self) -> tuple[int, ...] | None:
        """What tells whether the data changed since it was read: two tokens differ when an
        import (or any change of the tables) was committed between them. None while nothing
        was ever imported.

        One stat of the import log, without the lock, so that an app can ask it whenever the
        folder stirs: every commit writes the log (a new file renamed into place: a new inode,
        size and time), and a read leaves it alone. Read the token before the data it stands
        for: a change made meanwhile then shows as a token that differs. Whoever changes how
        the data is stored keeps this true.
        """
        try:
            facts = os.stat(self.log_path)
        except OSError:
            return None
        return (facts.st_ino, facts.st_size, facts.st_mtime_ns)

    def snapshot(self, settings: Settings | None = None) -> tuple[Dataset, list[ImportRecord]]:
        """`load()` and `imports()` read under one lock: the tables and the log of the same moment,
        even while another kpitui imports."""
        settings = settings or self.settings()
        with self._lock(exclusive=False):
            tables = self._read_tables()
            log = self._read_log()
        return prepare(tables["posts"], tables["daily"], tables["traffic"], settings), log

    def has_data(self) -> bool:
        return any(self.table_path(t).exists() for t in schema.TABLES)

    # --- writing ------------------------------------------------------------

    def create(self, *, name: str | None = None) -> None:
        """Make the folder and a commented kpitui.toml if they do not exist."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            write_default_settings(self.settings_path, name=name or self.root.name or "My brand")
        except OSError as exc:
            raise WorkspaceError(
                f"{self.root}: cannot create the workspace ({exc.strerror or exc})."
            ) from exc

    def import_files(
        self, parsed: Sequence[ParsedFile], *, dry_run: bool = False, options: ImportOptions | None = None
    ) -> list[FileOutcome]:
        """Merge parsed files, in order, into the workspace in one transaction.

        The accounts and networks the files do not name are resolved first
        (`importers.resolve`: the files imported together, the workspace,
        `options.account` and `options.network`); rows kept under an unnamed
        account are adopted by their network's only account once one is
        named. With `dry_run`, compute what would change and write nothing.
        A file whose bytes were imported before changes nothing and is
        reported as such. Either every file lands or none does.
        """
        if not dry_run:
            self.create()
        with self._lock(exclusive=not dry_run):
            tables = self._read_tables()
            before = self._read_log()
            seen = {r.sha256 for r in before}
            fresh = [i for i, item in enumerate(parsed) if item.sha256 not in seen]
            resolution = resolve([parsed[i] for i in fresh], tables, options)
            files = list(parsed)
            for i, resolved in zip(fresh, resolution.files, strict=True):
                files[i] = resolved
            outcomes, tables, log, touched = _plan(tables, before, files)
            for i, notes in zip(fresh, resolution.notes, strict=True):
                outcomes[i].notes.extend(notes)
            adoption = adopt(tables)
            tables = adoption.tables
            touched.extend(t for t in adoption.changed if t not in touched)
            if adoption.line and outcomes:
                names = set(adoption.accounts.values())
                heir = next((o for o in outcomes if names & set(o.parsed.accounts)), outcomes[-1])
                heir.notes.append(adoption.line)
            if not dry_run and (touched or len(log) != len(before)):
                try:
                    self._commit({f"{t}.parquet": tables[t] for t in touched}, log)
                except OSError as exc:  # a full disk, a read-only folder, a file named data
                    committed = (self.data_dir / JOURNAL / COMMIT).exists()
                    if not committed:  # what it wrote is of no use: leave the workspace as it was
                        shutil.rmtree(self.data_dir / JOURNAL, ignore_errors=True)
                    failed = Path(str(exc.filename or self.data_dir))
                    where = self.data_dir if JOURNAL in failed.parts else failed  # not a file it removed
                    raise WorkspaceError(
                        f"{where}: cannot be written ({exc.strerror or exc}). "
                        + (
                            "The import is complete on disk and is put in place the next time the "
                            "workspace opens."
                            if committed
                            else "Nothing was imported; the workspace is as it was. Free some space "
                            "or fix the folder, then import again."
                        ),
                        title="Import failed",
                    ) from exc
        return outcomes

    def change_objectives(
        self,
        change: Callable[[ObjectivesFile], Sequence[Objective]],
        *,
        read: ObjectivesFile | None = None,
    ) -> ObjectivesFile:
        """Change objectives.toml under the workspace's exclusive lock; returns what was saved.

        Under the lock the file is read again (or, with `read`, the objectives a
        person was shown are checked to be still the file on disk: a hand edit
        made meanwhile is refused, never lost), `change` returns the new
        objectives (or raises ObjectivesError), and they are checked and written
        atomically. Two kpitui adding at once both land. ObjectivesError says
        that nothing changed when the folder cannot be written.
        """
        if not self.root.is_dir():  # a refused change must not create the workspace
            objectives.validate_all(change(read or ObjectivesFile(self.objectives_path, (), None)))
        try:
            self.create()
            with self._lock(exclusive=True):
                current = read or objectives.load(self.objectives_path)
                return objectives.save(current, change(current))
        except WorkspaceError as exc:
            if isinstance(exc.__cause__, OSError):  # the lock file or the folder cannot be written
                raise objectives.unwritable(self.objectives_path, exc.__cause__) from exc
            raise

    # --- internals ----------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self, *, exclusive: bool) -> Iterator[None]:
        """Hold the workspace lock; recover an interrupted transaction first."""
        if not self.root.is_dir():
            yield
            return
        try:
            handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the block
        except OSError as exc:
            if exclusive:
                raise WorkspaceError(
                    f"{self.lock_path}: cannot open the lock file ({exc.strerror}); nothing was written."
                ) from exc
            yield  # a read-only workspace: read without the lock
            return
        try:
            journal = self.data_dir / JOURNAL
            _acquire(handle, exclusive=exclusive, path=self.root, waiting=self.waiting)
            if journal.exists():
                if not exclusive:  # recovering needs the workspace to itself
                    _release(handle)
                    _acquire(handle, exclusive=True, path=self.root, waiting=self.waiting)
                if journal.exists():
                    self._recover()
            yield
        finally:
            _release(handle)
            handle.close()

    def _recover(self) -> None:
        """Finish a committed journal or discard an uncommitted one (lock held)."""
        journal = self.data_dir / JOURNAL
        marker = journal / COMMIT
        if marker.exists():
            try:
                names = json.loads(read_small(marker, WorkspaceError))
            except (KpiError, OSError, ValueError, RecursionError):
                names = []
            known = {LOG_FILE, *(f"{t}.parquet" for t in schema.TABLES)}
            for name in names if isinstance(names, list) else []:
                pending = journal / name if isinstance(name, str) and name in known else None  # no path
                if pending is not None and pending.exists():
                    os.replace(pending, self.data_dir / name)
            fsync_dir(self.data_dir)
        shutil.rmtree(journal, ignore_errors=True)
        fsync_dir(self.data_dir)

    def _commit(self, tables: dict[str, pl.DataFrame], log: list[ImportRecord]) -> None:
        """Write the changed files through the journal (lock held)."""
        journal = self.data_dir / JOURNAL
        shutil.rmtree(journal, ignore_errors=True)
        journal.mkdir(parents=True)
        names: list[str] = []
        for name, frame in tables.items():
            target = journal / name
            _write_parquet(frame, target)
            _fsync_file(target)
            names.append(name)
        log_bytes = json.dumps([asdict(r) for r in log], indent=1, ensure_ascii=False).encode()
        with open(journal / LOG_FILE, "wb") as handle:
            handle.write(log_bytes)
            handle.flush()
            os.fsync(handle.fileno())
        names.append(LOG_FILE)
        fsync_dir(journal)
        atomic_write(journal / COMMIT, json.dumps(names).encode())
        for name in names:
            os.replace(journal / name, self.data_dir / name)
        fsync_dir(self.data_dir)
        shutil.rmtree(journal, ignore_errors=True)
        fsync_dir(self.data_dir)

    def _read_tables(self) -> dict[TableName, pl.DataFrame]:
        tables: dict[TableName, pl.DataFrame] = {}
        for table in schema.TABLES:
            path = self.table_path(table)
            if not _stored(path):
                tables[table] = schema.empty(table, stored=True)
                continue
            try:
                tables[table] = _conform_stored(_read_parquet(path), table)
                self.check_stored(table, tables[table])
            except KpiError:
                raise
            except BaseException as exc:  # polars raises several types for a damaged file
                if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                    raise  # a Rust panic is a BaseException; KeyboardInterrupt is not ours
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise _damaged(path, detail) from exc
        return tables

    def check_stored(self, table: TableName, frame: pl.DataFrame) -> None:
        """WorkspaceError when a stored table holds a date no import writes (outside 1970–2100):
        damage that parquet cannot see (it has no checksums), which would break every period."""
        for column in ("published_at", "date", "date_end"):
            if column not in frame.columns:
                continue
            day = frame.get_column(column)
            day = day if day.dtype == pl.Date else day.dt.date()
            if ((day < EARLIEST) | (day > LATEST)).any():
                raise _damaged(self.table_path(table), f"{column} outside {EARLIEST.year}–{LATEST.year}")

    def _read_log(self) -> list[ImportRecord]:
        if not self.log_path.exists():
            return []
        try:
            raw = json.loads(read_regular(self.log_path, Limits(), WorkspaceError).decode("utf-8"))
            return [_checked(ImportRecord(**entry), number) for number, entry in enumerate(raw, 1)]
        except (WorkspaceError, OSError, ValueError, TypeError, RecursionError) as exc:
            raise ImportLogError(
                f"{self.log_path}: the import log cannot be read ({exc}). Restore it from a "
                "backup, or delete it: the data stays, only the history of imports is lost.",
                title="Damaged workspace",
            ) from exc


def _damaged(path: Path, detail: str) -> WorkspaceError:
    """The error for a stored table that cannot be read, with what to do about it."""
    return WorkspaceError(
        f"{path}: cannot be read ({detail}). The workspace data is damaged: restore this file from a "
        "backup, or move the data/ folder aside and import the files listed in its imports.json again.",
        title="Damaged workspace",
    )


def _stored(path: Path) -> bool:
    """True when a stored table is there (its reader says what is wrong with a folder or an
    unreadable file); WorkspaceError when a FIFO, a device or a socket is, which would block
    or flood the reader."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # as Path.exists: data/ may be a file
        return False
    except OSError:
        return True
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return True
    raise _damaged(path, "not a regular file")


class ImportLogError(WorkspaceError):
    """data/imports.json cannot be read: the history is lost, the tables are not."""


_LOG_TYPES: Final[dict[str, type | tuple[type, ...]]] = {
    "int": int,
    "str": str,
    "list[str]": list,
    "str | None": (str, type(None)),
}


def _checked(record: ImportRecord, number: int) -> ImportRecord:
    """`record` if every field has its type (a hand-edited log may not); TypeError otherwise."""
    for item in fields(ImportRecord):
        value = getattr(record, item.name)
        if not isinstance(value, _LOG_TYPES[str(item.type)]) or isinstance(value, bool):
            raise TypeError(f"entry {number}: {item.name} is {value!r}, expected {item.type}")
    _parse_time(record.exported_at)  # ValueError when it is not a time
    return record


def _plan(
    tables: dict[TableName, pl.DataFrame],
    log: list[ImportRecord],
    parsed: Sequence[ParsedFile],
) -> tuple[list[FileOutcome], dict[TableName, pl.DataFrame], list[ImportRecord], list[TableName]]:
    """Merge each parsed file in turn; returns outcomes, new tables, new log, tables touched.

    Files follow one another in batches: a file joins the batch unless one of its rows has
    the key of a row of the batch, and a batch merges in one join, which is merging its files
    one after the other. Merging each of 10,000 small files into the whole table made such an
    import quadratic.
    """
    log = list(log)
    by_hash = {r.sha256: r for r in log}
    next_id = max((r.id for r in log), default=0) + 1
    ages = _ages(log, parsed, next_id)
    touched: list[TableName] = []
    counts: dict[int, MergeCounts] = {}
    batch: dict[TableName, list[pl.DataFrame]] = {}
    keys_in_batch: dict[TableName, set[int]] = {}

    def flush() -> None:
        for name, frames in batch.items():
            tables[name], parts = merge_table(name, tables[name], pl.concat(frames), ages=ages)
            for import_id, part in parts.items():
                counts[import_id] = counts.get(import_id, MergeCounts()) + part
            if any(part.changed for part in parts.values()) and name not in touched:
                touched.append(name)
        batch.clear()
        keys_in_batch.clear()

    new: list[tuple[ParsedFile, ImportRecord | int]] = []
    ids: dict[str, int] = {}  # the id each file's bytes take in this import
    for item in parsed:
        if item.sha256 in by_hash or item.sha256 in ids:  # the same bytes: nothing changes
            new.append((item, by_hash.get(item.sha256) or ids[item.sha256]))
            continue
        hashes = {name: _key_hashes(name, frame) for name, frame in item.tables.items() if frame.height}
        if any(not hashes[name].isdisjoint(keys_in_batch.get(name, ())) for name in hashes):
            flush()
        for name, frame in item.tables.items():
            if frame.height:
                batch.setdefault(name, []).append(tag(frame, next_id, item.exported_at))
                keys_in_batch.setdefault(name, set()).update(hashes[name])
        ids[item.sha256] = next_id
        new.append((item, next_id))
        next_id += 1
    flush()
    return _outcomes(new, counts, log, touched, tables)


def _key_hashes(table: TableName, frame: pl.DataFrame) -> set[int]:
    """A hash of each row's key: two files whose sets meet may share a key (or collide: then
    they merge one after the other, which is always right)."""
    keys = [k for k in schema.KEYS[table] if k in frame.columns]
    return set(frame.select(pl.struct(keys).hash()).to_series().to_list())


def _outcomes(
    new: list[tuple[ParsedFile, ImportRecord | int]],
    counts: dict[int, MergeCounts],
    log: list[ImportRecord],
    touched: list[TableName],
    tables: dict[TableName, pl.DataFrame],
) -> tuple[list[FileOutcome], dict[TableName, pl.DataFrame], list[ImportRecord], list[TableName]]:
    """The outcome of each file, and the log with a record of each file merged."""
    now = datetime.now(tz=UTC)
    outcomes: list[FileOutcome] = []
    records: dict[str, ImportRecord] = {}
    for item, done in new:
        before = done if isinstance(done, ImportRecord) else records.get(item.sha256)
        if before is not None:  # imported before, or earlier in this import
            outcomes.append(FileOutcome(item, MergeCounts(unchanged=item.rows), before))
            continue
        assert isinstance(done, int)
        part = counts.get(done, MergeCounts())
        days = item.days
        record = ImportRecord(
            id=done,
            file=str(item.path.resolve()),
            sha256=item.sha256,
            size=item.size,
            format=item.format,
            label=item.label,
            imported_at=now.isoformat(timespec="seconds"),
            exported_at=item.exported_at.isoformat(),
            rows=item.rows,
            added=part.added,
            updated=part.updated,
            unchanged=part.unchanged,
            skipped=item.skipped,
            tables=sorted(item.tables),
            accounts=item.accounts,
            networks=item.networks,
            first_day=days[0].isoformat() if days else None,
            last_day=days[1].isoformat() if days else None,
            warnings=list(item.warnings),
        )
        log.append(record)
        records[item.sha256] = record
        outcomes.append(FileOutcome(item, part))
    return outcomes, tables, log, touched


def _ages(log: list[ImportRecord], parsed: Sequence[ParsedFile], next_id: int) -> pl.DataFrame:
    """When each import's export was made, by import id: those of the log, and those the new
    files will take (ids in order, a file whose bytes came before taking none). Built once for
    all the files: rebuilt for each one from a growing log, it made importing 10,000 files
    quadratic."""
    ids = [r.id for r in log]
    times = [_parse_time(r.exported_at) for r in log]
    seen = {r.sha256 for r in log}
    for item in parsed:
        if item.sha256 not in seen:
            seen.add(item.sha256)
            ids.append(next_id)
            times.append(item.exported_at)
            next_id += 1
    return pl.DataFrame(
        {schema.IMPORT_ID: ids, AGE: times},
        schema={schema.IMPORT_ID: pl.Int64, AGE: pl.Datetime("us", "UTC")},
    )


def _read_parquet(path: Path) -> pl.DataFrame:
    """The parquet file at `path`, read as a literal path (see `_scan_parquet`)."""
    return pl.read_parquet(path.absolute(), glob=False, hive_partitioning=False)


def _scan_parquet(path: Path) -> pl.LazyFrame:
    """The parquet file at `path`, scanned as a literal path: polars takes a path as a glob
    pattern by default (a workspace named `ws[ab]` would read `wsa`'s data), expands a leading
    `~` and reads `key=value` folders as partitions; an absolute path without globbing does none
    of that."""
    return pl.scan_parquet(path.absolute(), glob=False, hive_partitioning=False)


def _write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write `frame` to `path`; OSError naming the file when it cannot be written (polars reports
    a full disk as a ComputeError that says `os error 28`: made the OSError it stands for)."""
    try:
        frame.write_parquet(path.absolute(), compression="zstd", statistics=True)
    except OSError:
        raise
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        code = re.search(r"os error (\d+)", detail)
        if code:
            raise OSError(int(code[1]), os.strerror(int(code[1])), str(path)) from exc
        raise OSError(errno.EIO, detail, str(path)) from exc


def _conform_stored(frame: pl.DataFrame, table: TableName) -> pl.DataFrame:
    """A stored table in the current stored schema (older files may lack new columns).

    Posts stored before kpitui kept their hashtags get them from their text here, so
    that the next import writes them (and the KPIs can trust the column meanwhile).
    """
    target = schema.STORED_SCHEMAS[table]
    if table == "posts" and schema.HASHTAGS not in frame.columns and "text" in frame.columns:
        frame = frame.with_columns(hashtags_of(pl.col("text")).alias(schema.HASHTAGS))
    return frame.select(
        pl.col(n).cast(t) if n in frame.columns else pl.lit(None, dtype=t).alias(n) for n, t in target.items()
    )


def _parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _acquire(
    handle: IO[bytes], *, exclusive: bool, path: Path, waiting: Callable[[str], None] | None = None
) -> None:
    """Take the lock, waiting up to LOCK_TIMEOUT_S for another kpitui to finish; after
    WAIT_NOTICE_S of waiting, `waiting` is told so, once."""
    start = time.monotonic()
    deadline = start + LOCK_TIMEOUT_S
    told = waiting is None
    while True:
        try:
            _try_lock(handle, exclusive)
            return
        except BlockingIOError:
            if not told and time.monotonic() > start + WAIT_NOTICE_S:
                told = True
                waiting(  # type: ignore[misc]
                    f"{path}: another kpitui is using the workspace; waiting for it to finish "
                    f"(up to {LOCK_TIMEOUT_S:.0f} s)…"
                )
            if time.monotonic() > deadline:
                raise WorkspaceError(
                    f"{path}: another kpitui has held the workspace for over "
                    f"{LOCK_TIMEOUT_S:.0f} s; try again when it has finished."
                ) from None
            time.sleep(0.05)


try:
    import fcntl

    def _try_lock(handle: IO[bytes], exclusive: bool) -> None:
        fcntl.flock(handle.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)

    def _release(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

except ImportError:  # Windows: one exclusive lock for readers and writers alike
    import msvcrt

    def _try_lock(handle: IO[bytes], exclusive: bool) -> None:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:
            raise BlockingIOError from exc

    def _release(handle: IO[bytes]) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
