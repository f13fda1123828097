"""The workspace: settings, objectives, and the imports from which the tables are derived.

Layout::

    kpitui.toml                     settings, edited by hand
    objectives.toml                 objectives, written by the app, editable by hand
    data/log/                       the import log (`importlog`): what was imported, with which
                                    options; events.jsonl, appended at every change
    data/originals/pack-*.parquet   the imported files themselves, by sha256 (`store`)
    data/runs/<table>/*.parquet     the rows each import brought, as read (`store`)
    data/tables/<table>/…           the tables, derived, in segments by network and day (`store`)
    data/store.json                 the store's format
    .kpitui.lock                    taken shared to read, exclusive to write

**The imports are the source of truth; the tables are derived.** The tables are the
merge of the imports' rows in the order of the imports, the newest export winning
column by column (`merge.merge_table`). An import merges its rows into the segments
they touch; a removal or a redo folds again, from the runs, the keys the import
brings (`merge.fold`); a rebuild reads every kept original again with today's
importers and derives everything anew.

Why this shape (measured on a 2-core VM, 5,000,000 posts, `benchmarks/`):

* One parquet file per table made an import cost the whole workspace: 1,000 tweets
  into 5M posts took 14.5 s and 6.4 GB (outer join of every row, every table
  rewritten). Segments of at most 65,536 rows, by network and day, make it read and
  rewrite one or two segments (0.1–0.2 s); polars' statistics find a period's files
  (issue 16), and the posts' key hashes find which segments already hold a post
  (a post whose day changed, a TikTok year read again, moves between them).
* Many small files cost a reader about 0.3–0.5 ms each: a file per network and month
  made the demo's report read 97 files (50 ms against 4 ms for one file), so a
  segment holds as many days as fit, and a small workspace has one per network.
* The import log as one JSON array, rewritten and read at every start, made a 1,000-row
  import take 10.7 s once it held 140,000 entries: events are appended, a compaction
  folds them into a parquet snapshot, and reading the numbers never reads the log.
* Runs keep each import's rows, so that taking one out or reading it again folds only
  its keys (a base of runs that compactions merge, as an LSM tree's), never re-reading
  every original.

Every change is one transaction (`journal`): a crash or a kill at any moment leaves
all of it or none of it, and the exclusive lock makes a second kpitui wait its turn.
A workspace made by an earlier release (a parquet file per table and imports.json) is
migrated once when it is opened (`migrate`).

What the app builds on: `imports()` lists the imports (each record says whether its
original is kept), `remove(ids)`, `redo(id, year=…, account=…, network=…, format=…)`,
`rebuild()`, and `change_token()`, which changes whenever the workspace does (one
`stat`), for a watcher to tell that another kpitui wrote.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import IO, Final

import platformdirs
import polars as pl

from kpitui import __version__
from kpitui.core import format as fmt
from kpitui.core import i18n, objectives, schema, store
from kpitui.core.dataset import Dataset, cube_fingerprint, cube_of, kpi_columns, prepare
from kpitui.core.errors import InputError, KpiError, WorkspaceError
from kpitui.core.i18n import _
from kpitui.core.importlog import (
    EVENTS,
    HEAD,
    LOG_DIR,
    SNAPSHOT,
    ImportLogError,
    ImportRecord,
    LogState,
    event,
    line_of,
    now,
    parse_time,
    read_state,
    snapshot_frame,
)
from kpitui.core.insights import Summary, segment_summary, stored_schema, summarise, summary_fingerprint
from kpitui.core.journal import JOURNAL, Transaction, committed, recover
from kpitui.core.limits import Limits
from kpitui.core.merge import MergeCounts, Tally, fold, tagged
from kpitui.core.migrate import is_legacy
from kpitui.core.objectives import Objective, ObjectivesFile
from kpitui.core.parsed import ImportOptions, ParsedFile, Reader
from kpitui.core.periods import EARLIEST, LATEST, Period
from kpitui.core.resolve import ACCOUNT_TABLES, UNNAMED, resolve
from kpitui.core.schema import IMPORT_ID, KEYS, TableName
from kpitui.core.settings import FILENAME as SETTINGS_FILE
from kpitui.core.settings import Settings, load_settings, write_default_settings
from kpitui.core.store import Segment, check_days

__all__ = ["ImportLogError", "ImportRecord", "Workspace"]

ENV_VAR: Final = "KPITUI_WORKSPACE"
LOCK_FILE: Final = ".kpitui.lock"
OBJECTIVES_FILE: Final = "objectives.toml"
LOCK_TIMEOUT_S: Final = 60.0
WAIT_NOTICE_S: Final = 1.0
"""How long kpitui waits for another one's lock before saying that it is waiting."""
LOG_TAIL: Final = 100
"""Events after which a compaction folds the log into a new snapshot: opening reads the events
since the snapshot one by one (about 1 ms each), so at 1,000 an import took 0.3 s more after
a thousand imports than after ten; writing the snapshot of 100,000 imports takes about 0.1 s."""
LOG_BYTES: Final = 4 << 20
"""… or bytes of events.jsonl."""


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
class FileOutcome:
    """What importing one file did (or would do, in a dry run)."""

    parsed: ParsedFile
    counts: MergeCounts = field(default_factory=MergeCounts)
    duplicate_of: ImportRecord | None = None
    """Set when the same bytes were imported before: nothing changes."""
    notes: list[str] = field(default_factory=list)
    """How the import decided what the file does not say (its account, its network), and what
    it changed beyond the file's own rows (an unnamed account adopted)."""
    record: ImportRecord | None = None
    """The import's record in the log (None for a duplicate)."""

    @property
    def skipped(self) -> int:
        return self.parsed.skipped


@dataclass(frozen=True, slots=True)
class Changes(Tally):
    """What a change did to one table's rows: keys added, keys gone, keys whose values changed."""

    added: int = 0
    removed: int = 0
    updated: int = 0


@dataclass(slots=True)
class StoreChange:
    """What a removal, a redo or a rebuild did."""

    records: list[ImportRecord]
    """The imports concerned, as they are now (removed: as they were)."""
    before: list[ImportRecord]
    """The same imports as they were before (a redo: their old options and period)."""
    changes: dict[TableName, Changes]
    kept_as_is: list[ImportRecord] = field(default_factory=list)
    """A rebuild: the imports it could not read again (no original kept), left as they were."""
    notes: list[str] = field(default_factory=list)

    def table_lines(self) -> list[str]:
        """What the change did to each table, a line each: the same words in `kpitui imports` and
        on the Import screen."""
        if not any(c.changed for c in self.changes.values()):
            return [_("nothing changed in the tables")]
        return [
            f"{i18n.pgettext('table', table)}: "
            + _("{added} added, {removed} removed, {updated} updated").format(
                added=fmt.count(c.added), removed=fmt.count(c.removed), updated=fmt.count(c.updated)
            )
            for table, c in self.changes.items()
            if c.changed
        ]

    def moved(self) -> str | None:
        """A redo that changed the days its import covers: `covers A..B (was C..D)`; else None."""
        if len(self.records) != 1 or len(self.before) != 1:
            return None
        [now], [was] = self.records, self.before
        if (now.first_day, now.last_day) == (was.first_day, was.last_day):
            return None
        return _("covers {first}..{last} (was {before_first}..{before_last})").format(
            first=now.first_day or "—",
            last=now.last_day or "—",
            before_first=was.first_day or "—",
            before_last=was.last_day or "—",
        )


CUBE_FOLDERS: Final = (store.CUBE_DIR, store.SUMMARY_DIR)
"""The folders of what the store keeps beside each posts segment: its daily cube, its summary."""


def _utc_span(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants a period's local days can fall in: a day either side, for the zone."""
    margin = timedelta(days=1)
    lo = datetime.combine(max(start - margin, EARLIEST), datetime.min.time(), UTC)
    hi = datetime.combine(min(end + margin, LATEST), datetime.max.time(), UTC)
    return lo, hi


class Workspace:
    """A workspace folder. Cheap to create; reads happen on `load()`."""

    def __init__(self, root: Path) -> None:
        self.root = expand_user(root)
        self.data_dir = self.root / "data"
        self.settings_path = self.root / SETTINGS_FILE
        self.objectives_path = self.root / OBJECTIVES_FILE
        self.lock_path = self.root / LOCK_FILE
        self.waiting: Callable[[str], None] | None = None
        """Told (once) when this workspace waits over a second for another kpitui's lock."""
        self.notice: Callable[[str], None] | None = None
        """Told what opening the workspace did beyond reading it (a migration), in one line."""
        self._legacy = False
        """Set when a workspace of an earlier release could not be migrated (read-only, its log
        damaged): it is read as it is, and writing is refused."""

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

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
        `load()`, whose error names it. The posts' rows of a period, for insights or
        explain, are `period_posts`.
        """
        return self._lean(settings or self.settings(), kpi_ids, log=False)[0]

    def _lean(
        self, settings: Settings, kpi_ids: Collection[str] | None, *, log: bool
    ) -> tuple[Dataset, list[ImportRecord]]:
        """`load_kpi_columns`, with the import log read under the same lock when `log`."""
        try:
            with self._lock(exclusive=False):
                if self._legacy:
                    tables = self._read_tables()
                    dataset = prepare(tables["posts"], tables["daily"], tables["traffic"], settings)
                else:
                    dataset = self._kpi_dataset(settings, kpi_ids, sources=log)
                return dataset, self._state().records() if log else []
        except WorkspaceError as exc:
            if not isinstance(exc, store.DamagedSegment):
                raise
        except KpiError:
            raise
        except BaseException as exc:  # a damaged file: polars raises several types, a Rust panic too
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise  # KeyboardInterrupt and the like are not ours
        # whose error names the segment, not its table
        return self.snapshot(settings) if log else (self.load(settings), [])

    def _kpi_dataset(self, settings: Settings, kpi_ids: Collection[str] | None, *, sources: bool) -> Dataset:
        """The dataset of the KPI columns, the lock held (`load_kpi_columns`); with `sources`, the
        daily and traffic rows' `import_id` too (the app's explain names the files of a sum)."""
        segments, cubes = self._stored_cubes(settings)
        scans: dict[TableName, pl.LazyFrame] = {
            "posts": store.all_rows(self.data_dir, "posts", segments),
            "daily": self._scan("daily"),
            "traffic": self._scan("traffic"),
        }
        columns = kpi_columns(settings, schema.STORED_SCHEMAS["posts"], kpi_ids)  # stored hashtags
        if sources:
            columns = {t: (*c, IMPORT_ID) if t != "posts" else c for t, c in columns.items()}
        frames = {
            table: scan.select(c for c in columns[table] if c in schema.STORED_SCHEMAS[table])
            for table, scan in scans.items()
        }
        dataset = prepare(
            frames["posts"],
            frames["daily"],
            frames["traffic"],
            settings,
            columns=columns,
            post_rows=False,
            daily_rows=sources,  # the app's explain reads the rows; a report or a check does not
            cubes=cubes,
            posts_in_cubes=not segments,
        )
        # damage parquet cannot see, as load() checks it; the posts by their days, a day
        # either side of the UTC dates load() checks (the days are local)
        days = dataset.post_days.get_column("day")
        if ((days < EARLIEST - timedelta(days=1)) | (days > LATEST + timedelta(days=1))).any():
            where = self.data_dir / store.TABLES_DIR / "posts"
            raise store.damaged(where, f"published_at outside {EARLIEST.year}–{LATEST.year}")
        for table in ("daily", "traffic"):
            check_days(self.data_dir / store.TABLES_DIR / table, getattr(dataset, table))
        return dataset

    def _stored_cubes(self, settings: Settings) -> tuple[list[Segment], pl.LazyFrame | None]:
        """The posts segments without a cube of `settings` (their posts are read and summed),
        and the cubes of the others, scanned: a report reads a few thousand summed rows where
        it read every post."""
        segments = store.list_segments(self.data_dir, "posts")
        paths, unread = self._kept(store.CUBE_DIR, cube_fingerprint(settings), segments)
        if not paths:
            return unread, None
        scanned = pl.scan_parquet(
            [(self.data_dir / p).absolute() for p in paths], glob=False, hive_partitioning=False
        )
        return unread, scanned

    def _kept(
        self, kind: str, fingerprint: str, segments: Sequence[Segment]
    ) -> tuple[list[str], list[Segment]]:
        """The files the store keeps of `kind` (`CUBE_FOLDERS`) under `fingerprint` for
        `segments`, and the segments without one: a kept file names the tag of the segment file
        it sums, and a segment of another tag (truncated, replaced, rewritten by a kpitui that
        kept none) is read instead, so that its rows and its damage count as before."""
        found = store.list_cubes(self.data_dir, kind)
        paths, unread = [], []
        for segment in segments:
            kept = found.get(segment.target, {}).get(fingerprint)
            if kept is None or store.file_tag(self.data_dir / segment.target) != kept.segment_tag:
                unread.append(segment)
            else:
                paths.append(kept.target)
        return paths, unread

    def period_posts(self, start: date, end: date, settings: Settings | None = None) -> pl.DataFrame:
        """The prepared posts published from `start` to `end` (days in the workspace's zone), with
        every stored column, as `load().posts` holds them: what explain reads.

        Opens only the segments whose days meet the period (`store.meeting`; a day either side,
        for the zone's offset from the UTC days the segments are cut by), and in them the rows
        of those UTC days: a quarter of a 5M-post workspace reads its quarter, not every post.
        """
        settings = settings or self.settings()
        with self._lock(exclusive=False):
            return self._days_posts(start, end, settings, None)

    def period_summary(self, period: Period, settings: Settings | None = None) -> Summary:
        """The insights' summary of the posts published in `period` (`insights.Summary`).

        Read from the stored summaries of the segments meeting the period whose file still has
        the tag they name (`store.SUMMARY_DIR`), under the settings' time zone; the posts of the
        other segments (of an earlier kpitui, or whose summary cannot be read) are read and
        summed as `period_posts` reads them. A quarter of 5M posts is then a few thousand summed
        rows and the few best and worst posts of each day, not 900,000 posts.
        """
        settings = settings or self.settings()
        lo, hi = _utc_span(period.start, period.end)
        with self._lock(exclusive=False):
            if self._legacy:
                posts = self._days_posts(period.start, period.end, settings, None)
                return summarise(posts.lazy(), settings.timezone)
            meeting = store.meeting(store.list_segments(self.data_dir, "posts"), lo.date(), hi.date())
            paths, rest = self._kept(store.SUMMARY_DIR, summary_fingerprint(settings.timezone), meeting)
            parts: list[Summary] = []
            if paths:
                days = pl.col("day").is_between(period.start, period.end)
                try:
                    frame = store.collect(self.data_dir, paths, stored_schema(), lambda s: s.filter(days))
                    parts.append(Summary.unstacked(frame))
                except WorkspaceError:  # a damaged summary: the posts are read instead
                    rest = meeting
            if rest:
                posts = self._days_posts(period.start, period.end, settings, rest)
                parts.append(summarise(posts.lazy(), settings.timezone))
        return Summary.concat(parts)

    def _days_posts(
        self, start: date, end: date, settings: Settings, segments: Sequence[Segment] | None
    ) -> pl.DataFrame:
        """The prepared posts of the days `start` to `end` (the lock held), from `segments` (when
        None, those meeting those days: `store.meeting`); WorkspaceError naming a segment that
        cannot be read."""
        lo, hi = _utc_span(start, end)
        between = pl.col("published_at").is_between(lo, hi)
        if self._legacy:
            rows = self._read_tables()["posts"].filter(between)
        else:
            if segments is None:
                segments = store.meeting(store.list_segments(self.data_dir, "posts"), lo.date(), hi.date())
            rows = store.collect(
                self.data_dir,
                [s.target for s in segments],
                store.segment_schema("posts"),
                lambda scanned: scanned.filter(between).select(list(schema.STORED_SCHEMAS["posts"])),
            )
        posts = prepare(rows, schema.empty("daily"), schema.empty("traffic"), settings).posts
        return posts.filter(pl.col("day").is_between(start, end))

    def imports(self) -> list[ImportRecord]:
        """The imports living in the workspace, oldest first (each says whether its original is
        kept: `ImportRecord.kept`)."""
        with self._lock(exclusive=False):
            return self._state().records()

    def change_token(self) -> tuple[int, ...] | None:
        """What tells whether the data changed since it was read: two tokens differ when an
        import (or any change of the tables) was committed between them. None while nothing
        was ever imported.

        One stat of the import log, without the lock, so that an app can ask it whenever the
        folder stirs: every commit appends to the log or replaces it (a compaction: a new inode),
        and a read leaves it alone. Read the token before the data it stands
        for: a change made meanwhile then shows as a token that differs. Whoever changes how
        the data is stored keeps this true.
        """
        for path in (self.log_path, self.data_dir / "imports.json"):  # the log, or a first release's
            try:
                facts = os.stat(path)
            except OSError:
                continue
            return (facts.st_ino, facts.st_size, facts.st_mtime_ns)
        return None

    @property
    def log_path(self) -> Path:
        """The import log's file: every change of the data appends to it or replaces it (what
        `change_token` stats and the app watches)."""
        return self.data_dir / LOG_DIR / EVENTS

    def snapshot(
        self, settings: Settings | None = None, *, post_rows: bool = True
    ) -> tuple[Dataset, list[ImportRecord]]:
        """`load()` and `imports()` read under one lock: the tables and the log of the same moment,
        even while another kpitui imports. Without `post_rows`, `load_kpi_columns()` in place of
        `load()` (what the app holds: the posts' rows of a period are read when needed)."""
        settings = settings or self.settings()
        if not post_rows:
            return self._lean(settings, None, log=True)
        with self._lock(exclusive=False):
            tables = self._read_tables()
            log = self._state().records()
        return prepare(tables["posts"], tables["daily"], tables["traffic"], settings), log

    def tables(self) -> dict[TableName, pl.DataFrame]:
        """The stored tables as they are on disk (with each row's `import_id` and the posts'
        hashtags), for tests and tools."""
        with self._lock(exclusive=False):
            return self._read_tables()

    def has_data(self) -> bool:
        if is_legacy(self.data_dir):
            return True
        return any(store.list_segments(self.data_dir, t) for t in schema.TABLES)

    def original(self, record: ImportRecord) -> bytes:
        """The bytes of an import's file, as kept; WorkspaceError when they were not."""
        if record.original is None:
            raise WorkspaceError(not_kept(record), title="Original not kept")
        with self._lock(exclusive=False):
            return store.read_original(self.data_dir, record.original, record.sha256)

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
        (`core.resolve`: the files imported together, the workspace,
        `options.account` and `options.network`); rows kept under an unnamed
        account are adopted by their network's only account once one is
        named. Each file's bytes are kept (when it was read by `read_file`),
        with the options it was read with, so that it can be read again. With
        `dry_run`, compute what would change and write nothing. A file whose
        bytes were imported before changes nothing and is reported as such.
        Either every file lands or none does.
        """
        if not dry_run:
            self.create()
        with self._lock(exclusive=not dry_run):
            state = self._state()
            seq = state.seq + 1
            ids: dict[str, int] = {}
            fresh: list[int] = []
            seen = state.hashes()
            for index, item in enumerate(parsed):
                if item.sha256 not in seen and item.sha256 not in ids:
                    ids[item.sha256] = state.last_id + len(ids) + 1
                    fresh.append(index)
            news = [parsed[i] for i in fresh]
            stored = self._accounts() if any(_untold(item) for item in news) else _no_accounts()
            resolution = resolve(news, stored, options)
            records = [
                _record(item, resolved, ids[item.sha256], seq, options)
                for item, resolved in zip(news, resolution.files, strict=True)
            ]
            rows = _run_rows(resolution.files, records)
            adoption = self._adoption(state, stored, resolution.files, seq) if news else _Adoption()
            after = state.put([*records, *adoption.records])
            ages = after.ages()
            counts: dict[int, MergeCounts] = {}
            if adoption.records:
                runs = {t: pl.concat([rows[t], adoption.rows[t]]) for t in schema.TABLES}
                replaced = {r.id for r in adoption.records} | set(ids.values())
                plan = self._refold(after, runs, replaced, counts, also=adoption.before)
            else:
                plan = self._merge(rows, ages, counts)
            outcomes = _outcomes(parsed, resolution.files, state, records, resolution.notes, fresh, counts)
            if adoption.line and outcomes:
                heir = next(
                    (o for o in outcomes if set(adoption.accounts.values()) & set(o.parsed.accounts)),
                    outcomes[-1],
                )
                heir.notes.append(adoption.line)
            if dry_run or not news:
                return outcomes
            final = [_counted(r, counts.get(r.id, MergeCounts())) for r in records]
            entry = event("import", seq, put=[*final, *adoption.records], adopted=adoption.accounts)
            with self._transaction("import", entry) as txn:
                plan.write(txn, self._cubes)
                _write_runs(txn, rows if not adoption.records else runs, seq)
                originals = {item.sha256: item.original for item in news if _keeps(item)}
                if originals:
                    txn.write_frame(store.pack_frame(originals), store.pack_target(seq))
            for outcome, record in zip((outcomes[i] for i in fresh), final, strict=True):
                outcome.record = record
            self._maintain()
        return outcomes

    def remove(self, ids: Sequence[int]) -> StoreChange:
        """Take imports out: their rows leave, unless another import brings them too (then what
        remains is what the imports left give, merged in their order).

        WorkspaceError for an id no living import has, and for an import of an earlier release
        (its rows are merged with those of the imports before it: they cannot be taken out
        alone). Either every import named leaves or none does.
        """
        with self._writing() as state:
            gone = [self._living(state, i) for i in dict.fromkeys(ids)]
            for record in gone:
                if not record.kept:
                    raise WorkspaceError(not_removable(record), title="Cannot remove")
            after = state.drop(r.id for r in gone)
            plan = self._refold(after, _no_runs(), set(), {}, also=self._rows_of(state, [r.id for r in gone]))
            entry = event("remove", state.seq + 1, drop=[r.id for r in gone], changes=plan.summary())
            with self._transaction("removal", entry) as txn:
                plan.write(txn, self._cubes)
                for pack in self._dead_packs(after, {r.original for r in gone if r.original}):
                    txn.delete(pack)
            self._maintain()
        return StoreChange(gone, gone, plan.changes)

    def redo(
        self,
        import_id: int,
        *,
        year: int | None = None,
        account: str | None = None,
        network: str | None = None,
        format: str | None = None,  # noqa: A002 - the option's name
        reader: Reader,
    ) -> StoreChange:
        """Read an import's kept original again with other options, in its place in the order.

        `reader` reads the file (`importers.read_again`: the workspace knows rows, not formats).

        The options not given stay as the import had them (`account` and `network` apply, as on
        import, to rows the file leaves without one). InputError when the file cannot be read so,
        WorkspaceError when its original was not kept; then nothing changes.
        """
        with self._writing() as state:
            record = self._living(state, import_id)
            if not record.kept:
                raise WorkspaceError(not_kept(record), title="Cannot redo")
            seq = state.seq + 1
            limits = self.settings().limits.from_environment()
            given = _given(record, limits, year=year, account=account, network=network, format=format)
            parsed, resolved, notes = self._reread(
                record, given, reader, keep=(account is None, network is None)
            )
            new = replace(
                _record(parsed, resolved, record.id, seq, given),
                original=record.original,
                imported_at=record.imported_at,
            )
            rows = _run_rows([resolved], [new])
            after = state.put([new])
            counts: dict[int, MergeCounts] = {}
            plan = self._refold(after, rows, {record.id}, counts, also=self._rows_of(state, [record.id]))
            new = _counted(new, counts.get(record.id, MergeCounts()))
            entry = event("redo", seq, put=[new], changes=plan.summary())
            with self._transaction("redo", entry) as txn:
                plan.write(txn, self._cubes)
                _write_runs(txn, rows, seq)
            self._maintain()
        return StoreChange([new], [record], plan.changes, notes=notes)

    def rebuild(self, reader: Reader) -> StoreChange:
        """Read every kept original again with today's importers (`reader`: `importers.read_again`)
        and derive the tables anew.

        Imports whose original was not kept (made by an earlier kpitui) keep their rows as they
        are. A file today's importers refuse stops the rebuild (InputError naming the import):
        nothing changes, and the import can be removed or redone with other options first.
        """
        with self._writing() as state:
            seq = state.seq + 1
            records = state.records()
            limits = self.settings().limits.from_environment()
            read: list[ImportRecord] = []
            rows: list[dict[TableName, pl.DataFrame]] = []
            for record in records:
                if not record.kept:
                    continue
                given = _given(record, limits)
                try:
                    parsed, resolved, _ = self._reread(record, given, reader, keep=(True, True))
                except InputError as exc:
                    raise InputError(
                        f"Import {record.id} ({record.name}) cannot be read again: {exc} Nothing was "
                        f"rebuilt; remove the import (kpitui imports remove {record.id}) or redo it with "
                        "other options, then rebuild.",
                        title="Rebuild failed",
                    ) from exc
                new = replace(
                    _record(parsed, resolved, record.id, seq, given),
                    original=record.original,
                    imported_at=record.imported_at,
                )
                read.append(new)
                rows.append(_run_rows([resolved], [new]))
            kept = [r for r in records if not r.kept]
            old = self._rows_of(state, [r.id for r in kept])
            runs = {t: pl.concat([old[t], *(r[t] for r in rows)]) for t in schema.TABLES}
            after = state.put([*read, *(replace(r, run=seq) for r in kept)])
            before = self._read_tables()
            plan = _Plan()
            ages = after.ages()
            for table in schema.TABLES:
                derived, counts = fold(
                    table, schema.empty(table, stored=True), tagged(runs[table], ages), ages=ages
                )
                for record in read:
                    if record.id in counts:
                        read[read.index(record)] = _counted(record, counts[record.id])
                plan.changes[table] = _diff(table, before[table], derived)
                for part, frame in store.partitions(table, derived):
                    plan.writes.update(store.layout(table, part, frame))
                plan.deletes.extend(
                    s.target for s in store.list_segments(self.data_dir, table) if s.target not in plan.writes
                )
            entry = event(
                "rebuild", seq, put=[*read, *(replace(r, run=seq) for r in kept)], changes=plan.summary()
            )
            with self._transaction("rebuild", entry) as txn:
                plan.write(txn, self._cubes)
                for table in schema.TABLES:
                    for run in store.list_runs(self.data_dir, table):
                        txn.delete(run.target)
                _write_runs(txn, runs, seq)
            self._maintain()
        return StoreChange(read, [r for r in records if r.kept], plan.changes, kept_as_is=kept)

    def compact(self, *, force: bool = False) -> bool:
        """Merge the runs due for it and fold a long import log into a new snapshot (`force`: all
        runs of each table into one, and the log whatever its length). Whether anything changed."""
        with self._writing() as state:
            return self._compact(state, force=force)

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

    # --- internals: opening -------------------------------------------------

    @contextlib.contextmanager
    def _lock(self, *, exclusive: bool) -> Iterator[None]:
        """Hold the workspace lock; recover an interrupted transaction, and migrate a workspace
        of an earlier release, first (both need the lock to themselves)."""
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
            self._legacy = is_legacy(self.data_dir)
            yield  # a read-only workspace: read without the lock
            return
        try:
            _acquire(handle, exclusive=exclusive, path=self.root, waiting=self.waiting)
            if (self.data_dir / JOURNAL).exists() or is_legacy(self.data_dir):
                if not exclusive:  # recovering and migrating need the workspace to itself
                    _release(handle)
                    _acquire(handle, exclusive=True, path=self.root, waiting=self.waiting)
                self._open(writing=exclusive)
            yield
        finally:
            _release(handle)
            handle.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[LogState]:
        """The exclusive lock and the log's state, the store's key hashes checked first."""
        self.create()
        with self._lock(exclusive=True):
            state = self._state()
            state = self._check_hash(state)
            yield state

    def _open(self, *, writing: bool) -> None:
        """Finish or discard an interrupted transaction, then migrate a workspace of an earlier
        release (the exclusive lock held). A reader of a workspace that cannot be migrated (its
        folder read-only, its log damaged) reads it as it is; a writer is refused."""
        if (self.data_dir / JOURNAL).exists():
            recover(self.data_dir)
        self._legacy = False
        if not is_legacy(self.data_dir):
            return
        try:
            line = self._migrate()
        except (KpiError, OSError) as exc:
            if writing:
                if isinstance(exc, KpiError):
                    raise
                raise WorkspaceError(
                    f"{self.data_dir}: this workspace was made by an earlier kpitui and is converted to "
                    f"the new store when it is first written, which failed ({exc.strerror or exc}); "
                    "nothing changed.",
                    title="Workspace not converted",
                ) from exc
            self._legacy = True
            return
        if self.notice is not None:
            self.notice(line)

    def _migrate(self) -> str:
        """Convert a workspace of an earlier release to the store, in one transaction (`migrate`);
        the line saying so."""
        from kpitui.core import migrate

        tables = migrate.read_tables(self.data_dir)
        records = [replace(r, run=1) for r in migrate.records_for(tables, migrate.read_log(self.data_dir))]
        state = LogState.empty().put(records).advanced(1)
        entry = event("migration", 1, imports=len(records))
        frame, head = snapshot_frame(state)
        txn = Transaction(self.data_dir)
        try:
            segments: dict[str, pl.DataFrame] = {}
            for table in schema.TABLES:
                for part, rows in store.partitions(table, tables[table]):
                    segments.update(store.layout(table, part, rows))
                _write_runs(txn, {table: migrate.runs_of(table, tables[table])}, 1)
            write_all(txn, segments, (), self._cubes)
            txn.write_frame(frame, f"{LOG_DIR}/{SNAPSHOT}")
            txn.write_bytes(head, f"{LOG_DIR}/{HEAD}")
            txn.write_bytes(line_of(entry), f"{LOG_DIR}/{EVENTS}")
            txn.write_bytes(_store_file(), store.STORE_FILE)
            for name in (migrate.LOG_FILE, *(f"{t}.parquet" for t in schema.TABLES)):
                txn.delete(name)
            txn.commit()
        except BaseException:
            if not committed(self.data_dir):
                txn.abandon()
            raise
        return (
            f"{self.root}: converted from an earlier kpitui's workspace; its {len(records)} import(s) keep "
            "their rows, but their files were not kept, so they cannot be redone, rebuilt or removed "
            "(`kpitui imports` marks them)."
        )

    def _state(self) -> LogState:
        """The import log's state (ImportLogError when it is damaged)."""
        if self._legacy:
            from kpitui.core import migrate

            tables = migrate.read_tables(self.data_dir)
            return LogState.empty().put(migrate.records_for(tables, migrate.read_log(self.data_dir)))
        return read_state(self.data_dir)

    def _check_hash(self, state: LogState) -> LogState:
        """Re-hash the store's keys when this polars hashes them otherwise than the one that wrote
        them (the hashes only find candidates: a stale one would miss a post)."""
        path = self.data_dir / store.STORE_FILE
        try:
            written = json.loads(path.read_bytes()).get("key_hash")
        except (OSError, ValueError, AttributeError):
            return state  # no store yet (written with the first change)
        if written == store.hash_probe():
            return state
        entry = event("compaction", state.seq + 1, reason="key hashes")
        with self._transaction("compaction", entry) as txn:
            for table in schema.TABLES:
                segments = store.list_segments(self.data_dir, table)
                laid: dict[str, pl.DataFrame] = {}
                for part, rows in store.partitions(
                    table, store.all_rows(self.data_dir, table, segments).collect()
                ):
                    laid.update(store.layout(table, part, rows))
                write_all(txn, laid, [s.target for s in segments if s.target not in laid], self._cubes)
                runs = store.list_runs(self.data_dir, table)
                rows = store.living_runs(self.data_dir, table, runs, state.runs())
                for run in runs:
                    txn.delete(run.target)
                _write_runs(txn, {table: rows.drop(store.RUN, store.KEY_HASH)}, state.seq + 1, keep_run=rows)
            txn.write_bytes(_store_file(), store.STORE_FILE)
        return state.advanced(state.seq + 1)

    def _cubes(
        self, writes: Mapping[str, pl.DataFrame], files: Mapping[str, Path], deletes: Collection[str]
    ) -> tuple[dict[str, pl.DataFrame], list[str]]:
        """The daily cubes and the insights' summaries of the posts segments a change writes
        (`store.CUBE_DIR`, `store.SUMMARY_DIR`), and those it deletes: every cube and summary of
        a written or deleted segment, whatever its fingerprint, so that none outlives the rows it
        sums. None is written while kpitui.toml cannot be read (a report then sums those
        segments' posts itself)."""
        try:
            settings: Settings | None = self.settings()
        except KpiError:
            settings = None
        existing = {folder: store.list_cubes(self.data_dir, folder) for folder in CUBE_FOLDERS}
        fingerprints: tuple[str, ...] = ()  # of a cube, of a summary (CUBE_FOLDERS' order)
        if settings is not None:
            fingerprints = (cube_fingerprint(settings), summary_fingerprint(settings.timezone))
        written: dict[str, pl.DataFrame] = {}
        gone: list[str] = []
        for target in (*writes, *deletes):
            segment = store.segment_of(target)
            if segment is None:
                continue
            gone.extend(cube.target for found in existing.values() for cube in found.get(target, {}).values())
            tag = store.file_tag(files[target]) if target in writes else None
            if tag is not None and settings is not None:
                rows = writes[target].drop(store.KEY_HASH, strict=False)
                cube, summary = (
                    store.cube_target(segment, fingerprint, tag, folder)
                    for fingerprint, folder in zip(fingerprints, CUBE_FOLDERS, strict=True)
                )
                written[cube] = cube_of(rows, settings)
                written[summary] = segment_summary(rows, settings)
        return written, [g for g in dict.fromkeys(gone) if g not in written]

    # --- internals: reading -------------------------------------------------

    def _scan(self, table: TableName) -> pl.LazyFrame:
        return store.all_rows(self.data_dir, table, store.list_segments(self.data_dir, table))

    def _read_tables(self) -> dict[TableName, pl.DataFrame]:
        """The stored tables; WorkspaceError naming a segment that cannot be read."""
        if self._legacy:
            from kpitui.core import migrate

            return migrate.read_tables(self.data_dir)
        tables: dict[TableName, pl.DataFrame] = {}
        for table in schema.TABLES:
            targets = [s.target for s in store.list_segments(self.data_dir, table)]
            wanted = store.segment_schema(table)
            columns = list(schema.STORED_SCHEMAS[table])
            tables[table] = store.collect(self.data_dir, targets, wanted, partial(_select, columns))
            try:
                check_days(self.data_dir / store.TABLES_DIR / table, tables[table])
            except WorkspaceError as exc:
                raise store.culprit(self.data_dir, targets, wanted, exc) from None
        return tables

    def _accounts(self) -> dict[TableName, pl.DataFrame]:
        """The workspace's (network, account) pairs, as tables of those two columns (all that
        `resolve` reads of the workspace), from the posts and daily segments."""
        return {
            table: self._scan(table).select("network", "account").unique().collect()
            if table in ACCOUNT_TABLES
            else schema.empty(table)
            for table in schema.TABLES
        }

    def _rows_of(self, state: LogState, ids: Sequence[int]) -> dict[TableName, pl.DataFrame]:
        """The rows of imports `ids` as their living runs hold them (canonical schema, IMPORT_ID)."""
        living = state.runs().filter(pl.col(IMPORT_ID).is_in(list(ids)))
        return {
            table: store.living_runs(
                self.data_dir, table, store.list_runs(self.data_dir, table), living
            ).select([*schema.SCHEMAS[table], IMPORT_ID])
            for table in schema.TABLES
        }

    def _reread(
        self, record: ImportRecord, options: ImportOptions, reader: Reader, *, keep: tuple[bool, bool]
    ) -> tuple[ParsedFile, ParsedFile, list[str]]:
        """An import's original read again with `options`: the file as parsed, as resolved, and
        the resolver's notes. `keep`: whether the accounts, and the network, the import decided
        for rows the file leaves without one still hold (not when new ones are given)."""
        raw = store.read_original(self.data_dir, record.original or "", record.sha256)
        modified = parse_time(record.modified) if record.modified else None
        parsed = reader(Path(record.file), raw, modified, options)
        filled = _decided(parsed, record, keep)
        stored = self._accounts() if _untold(filled) else _no_accounts()
        resolution = resolve([filled], stored, options)
        return parsed, resolution.files[0], resolution.notes[0]

    def _dead_packs(self, after: LogState, candidates: set[str]) -> list[str]:
        """The packs among `candidates` no living import needs any more."""
        needed = set(after.frame.get_column("original").drop_nulls().to_list())
        return sorted(candidates - needed)

    # --- internals: planning changes ----------------------------------------

    def _merge(
        self, rows: dict[TableName, pl.DataFrame], ages: pl.DataFrame, counts: dict[int, MergeCounts]
    ) -> _Plan:
        """Merge the rows of new imports into the segments they touch (an import's fast path)."""
        plan = _Plan()
        for table in schema.TABLES:
            if rows[table].is_empty():
                continue
            segments = _by_part(store.list_segments(self.data_dir, table))
            for part, incoming in store.partitions(table, tagged(rows[table], ages)):
                keys = incoming.select(KEYS[table]).unique()

                def compute(
                    current: pl.DataFrame, incoming: pl.DataFrame = incoming, table: TableName = table
                ) -> pl.DataFrame:
                    merged, found = fold(table, current, incoming, ages=ages)
                    for import_id, part_counts in found.items():
                        counts[import_id] = counts.get(import_id, MergeCounts()) + part_counts
                    return merged

                plan.add(
                    table, store.rewrite(self.data_dir, table, part, segments.get(part, []), keys, compute)
                )
        return plan

    def _refold(
        self,
        after: LogState,
        runs: dict[TableName, pl.DataFrame],
        replaced: set[int],
        counts: dict[int, MergeCounts],
        *,
        also: dict[TableName, pl.DataFrame] | None = None,
    ) -> _Plan:
        """Fold again, from the runs, every key of `runs` (rows not yet on disk: new imports, or
        imports read again, whose ids are `replaced`) and of `also` (rows leaving), as the
        imports living in `after` give them; `counts` gets how the rows of `runs` merge into
        what is stored (an import's added, updated, unchanged)."""
        plan = _Plan(diff=True)
        ages = after.ages()
        living = after.runs().filter(~pl.col(IMPORT_ID).is_in(list(replaced)))
        for table in schema.TABLES:
            key_columns = list(KEYS[table])
            fresh = runs[table]
            keyframe = pl.concat(
                [fresh.select(key_columns), *([also[table].select(key_columns)] if also else [])]
            )
            keyframe = keyframe.unique()
            if keyframe.is_empty():
                continue
            disk = store.living_runs(
                self.data_dir, table, store.list_runs(self.data_dir, table), living, keyframe
            )
            everything = pl.concat([disk.select([*schema.SCHEMAS[table], IMPORT_ID]), fresh])
            segments = _by_part(store.list_segments(self.data_dir, table))
            for part, keys in store.partitions(table, keyframe):
                mine = tagged(everything.join(keys, on=key_columns, how="semi", nulls_equal=True), ages)
                new = tagged(fresh.join(keys, on=key_columns, how="semi", nulls_equal=True), ages)

                def compute(
                    current: pl.DataFrame,
                    mine: pl.DataFrame = mine,
                    new: pl.DataFrame = new,
                    table: TableName = table,
                ) -> pl.DataFrame:
                    _, found = fold(table, current, new, ages=ages)
                    for import_id, part_counts in found.items():
                        counts[import_id] = counts.get(import_id, MergeCounts()) + part_counts
                    return fold(table, schema.empty(table, stored=True), mine, ages=ages)[0]

                plan.add(
                    table, store.rewrite(self.data_dir, table, part, segments.get(part, []), keys, compute)
                )
        return plan

    def _adoption(
        self, state: LogState, stored: dict[TableName, pl.DataFrame], files: Sequence[ParsedFile], seq: int
    ) -> _Adoption:
        """Rows kept under the unnamed account (imported before any export named the network's
        account), given to their network's account once it is the only one: the imports that
        brought them are resolved again, with that account (their runs written anew)."""
        waiting: dict[str, list[int]] = {}
        for import_id, decided in state.frame.select("id", "decided").iter_rows():
            for item in decided:
                network, _, account = item.partition(":")
                if account == UNNAMED:
                    waiting.setdefault(network, []).append(import_id)
        if not waiting:
            return _Adoption()
        if all(frame.is_empty() for frame in stored.values()):
            stored = self._accounts()
        named: dict[str, set[str]] = {}
        for frame in [
            *(stored[t] for t in ACCOUNT_TABLES),
            *(f.tables[t] for f in files for t in ACCOUNT_TABLES if t in f.tables),
        ]:
            pairs = frame.filter(pl.col("account").is_not_null() & (pl.col("account") != UNNAMED))
            for network, account in pairs.select("network", "account").unique().iter_rows():
                named.setdefault(network, set()).add(account)
        adopted = {net: next(iter(named[net])) for net in sorted(waiting) if len(named.get(net, ())) == 1}
        if not adopted:
            return _Adoption()
        ids = sorted({i for net in adopted for i in waiting[net]})
        before = self._rows_of(state, ids)
        rows = dict(before)
        unnamed = (pl.col("account") == UNNAMED) & pl.col("network").is_in(list(adopted))
        heir = pl.col("network").replace_strict(adopted, default=None, return_dtype=pl.String)
        moved: list[str] = []
        for table in ACCOUNT_TABLES:
            count = rows[table].filter(unnamed).select(KEYS[table]).unique().height
            if count:
                moved.append(f"{count} {'post' if table == 'posts' else 'day'}(s)")
            rows[table] = rows[table].with_columns(
                account=pl.when(unnamed).then(heir).otherwise(pl.col("account"))
            )
        records = []
        for import_id in ids:
            record = state.get(import_id)
            assert record is not None
            decided = [
                f"{net}:{adopted[net]}" if account == UNNAMED and net in adopted else item
                for item in record.decided
                for net, _, account in [item.partition(":")]
            ]
            records.append(replace(record, decided=decided, run=seq))
        who = ", ".join(f"{net}: {account}" for net, account in adopted.items())
        line = (
            f"rows imported earlier without an account ({' and '.join(moved)}) now belong to {who}"
            if moved
            else ""
        )
        return _Adoption(records, rows, adopted, line, before)

    def _compact(self, state: LogState, *, force: bool = False) -> bool:
        """Merge runs due for it; fold the log into a new snapshot when it is long (one
        transaction, a `compaction` event). Whether there was anything to do."""
        merges = {}
        for table in schema.TABLES:
            runs = store.list_runs(self.data_dir, table)
            chosen = runs if force and len(runs) > 1 else store.runs_to_merge(runs)
            if chosen:
                merges[table] = chosen
        events = self.data_dir / LOG_DIR / EVENTS
        size = events.stat().st_size if events.exists() else 0
        fold_log = state.seq > 0 and (force or state.tail >= LOG_TAIL or size >= LOG_BYTES)
        if not merges and not fold_log:
            return False
        seq = state.seq + 1
        entry = event("compaction", seq, runs={t: len(r) for t, r in merges.items()}, log=fold_log)
        with self._transaction("compaction", entry) as txn:
            for table, chosen in merges.items():
                rows = store.living_runs(self.data_dir, table, chosen, state.runs())
                for run in chosen:
                    txn.delete(run.target)
                if rows.height:
                    target = store.RunFile(table, store.run_level(rows.height), seq).target
                    txn.write_frame(rows, target)
            if fold_log:
                frame, head = snapshot_frame(state.advanced(seq))
                txn.write_frame(frame, f"{LOG_DIR}/{SNAPSHOT}")
                txn.write_bytes(head, f"{LOG_DIR}/{HEAD}")
                txn.write_bytes(line_of(entry), f"{LOG_DIR}/{EVENTS}")
        return True

    def _maintain(self) -> None:
        """The compactions due after a change, each its own transaction (the lock held)."""
        self._compact(read_state(self.data_dir))

    @contextlib.contextmanager
    def _transaction(self, what: str, entry: dict[str, object]) -> Iterator[Transaction]:
        """A transaction whose event is `entry`; OSError (a full disk, a read-only folder, a file
        named data) becomes a WorkspaceError saying whether the change is made or not at all."""
        txn: Transaction | None = None
        try:
            txn = Transaction(self.data_dir)
            yield txn
            if not (self.data_dir / store.STORE_FILE).exists():
                txn.write_bytes(_store_file(), store.STORE_FILE)
            txn.log(line_of(entry))
            txn.commit()
        except OSError as exc:
            done = committed(self.data_dir)
            if not done:  # what it wrote is of no use: leave the workspace as it was
                shutil.rmtree(self.data_dir / JOURNAL, ignore_errors=True)
            failed = Path(str(exc.filename or self.data_dir))
            where = self.data_dir if JOURNAL in failed.parts else failed  # not a file it removed
            raise WorkspaceError(
                f"{where}: cannot be written ({exc.strerror or exc}). "
                + (
                    f"The {what} is complete on disk and is put in place the next time the workspace opens."
                    if done
                    else f"Nothing was {_DONE[what]}; the workspace is as it was. Free some space or fix "
                    f"the folder, then {_AGAIN[what]} again."
                ),
                title=f"{what.capitalize()} failed",
            ) from exc
        except BaseException:
            if txn is not None and not committed(self.data_dir):
                txn.abandon()
            raise

    def _living(self, state: LogState, import_id: int) -> ImportRecord:
        record = state.get(import_id)
        if record is None:
            raise WorkspaceError(
                f"No import {import_id} in {self.root}: `kpitui imports` lists them.", title="Unknown import"
            )
        return record


_DONE: Final = {
    "import": "imported",
    "removal": "removed",
    "redo": "changed",
    "rebuild": "changed",
    "compaction": "changed",
}
_AGAIN: Final = {
    "import": "import",
    "removal": "remove it",
    "redo": "redo it",
    "rebuild": "rebuild",
    "compaction": "try",
}


# --- plans -------------------------------------------------------------------------------------


Frames = dict[str, pl.DataFrame]
Files = Mapping[str, Path]
CubePlanner = Callable[[Mapping[str, pl.DataFrame], Files, Collection[str]], tuple[Frames, list[str]]]
"""`Workspace._cubes`: the cubes to write and delete for the segments a change writes (with the
files written) and deletes."""


def write_all(
    txn: Transaction, writes: Mapping[str, pl.DataFrame], deletes: Collection[str], cubes: CubePlanner
) -> None:
    """`writes` and `deletes` into `txn` in the order of their paths, then the cubes of the posts
    segments among them (`Workspace._cubes`): a cube names the tag of the file it sums."""
    files = {target: txn.write_frame(writes[target], target) for target in sorted(writes)}
    written, gone = cubes(writes, files, deletes)
    for target in sorted(written):
        txn.write_frame(written[target], target)
    for target in sorted({*deletes, *gone} - set(writes) - set(written)):
        txn.delete(target)


@dataclass(slots=True)
class _Plan:
    """The segments a change writes and deletes, and what it does to each table's rows."""

    writes: dict[str, pl.DataFrame] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    changes: dict[TableName, Changes] = field(default_factory=dict)
    diff: bool = False
    """Whether `add` counts the changes (a removal, a redo: what they did is what they print)."""

    def add(self, table: TableName, rewrite: store.Rewrite) -> None:
        self.writes.update(rewrite.writes)
        self.deletes.extend(d for d in rewrite.deletes if d not in rewrite.writes)
        if self.diff and rewrite.before is not None and rewrite.after is not None:
            self.changes[table] = self.changes.get(table, Changes()) + _diff(
                table, rewrite.before, rewrite.after
            )

    def write(self, txn: Transaction, cubes: CubePlanner) -> None:
        """Into `txn`, in the order of their paths: the same change writes its files in the same
        order whatever order the partitions were found in (the kill -9 tests name each step).
        Then the cubes of the posts segments written and deleted (`Workspace._cubes`), which
        name the tag of the segment file they sum (`store.file_tag`)."""
        write_all(txn, self.writes, self.deletes, cubes)

    def summary(self) -> dict[str, dict[str, int]]:
        return {
            t: {"added": c.added, "removed": c.removed, "updated": c.updated} for t, c in self.changes.items()
        }


@dataclass(slots=True)
class _Adoption:
    """What `Workspace._adoption` decided: the imports resolved again, their rows, network →
    account, and the line saying so."""

    records: list[ImportRecord] = field(default_factory=list)
    rows: dict[TableName, pl.DataFrame] = field(default_factory=lambda: _no_runs())
    accounts: dict[str, str] = field(default_factory=dict)
    line: str = ""
    before: dict[TableName, pl.DataFrame] = field(default_factory=lambda: _no_runs())
    """The rows of those imports as they were (under the unnamed account)."""


def _diff(table: TableName, before: pl.DataFrame, after: pl.DataFrame) -> Changes:
    """Keys added, removed, and present in both with any canonical value changed."""
    keys = list(KEYS[table])
    fields = [c for c in schema.SCHEMAS[table] if c not in keys]
    old = before.select(*keys, *fields).with_columns(__old=pl.lit(True))
    new = (
        after.select(*keys, *fields).rename({f: f"{f}__new" for f in fields}).with_columns(__new=pl.lit(True))
    )
    joined = old.join(new, on=keys, how="full", coalesce=True, nulls_equal=True)
    both = pl.col("__old").is_not_null() & pl.col("__new").is_not_null()
    differs = (
        pl.any_horizontal([pl.col(f).ne_missing(pl.col(f"{f}__new")) for f in fields])
        if fields
        else pl.lit(False)
    )
    added, removed, updated = joined.select(
        added=pl.col("__old").is_null().sum(),
        removed=pl.col("__new").is_null().sum(),
        updated=(both & differs).sum(),
    ).row(0)
    return Changes(int(added), int(removed), int(updated))


def _by_part(segments: Sequence[Segment]) -> dict[str, list[Segment]]:
    out: dict[str, list[Segment]] = {}
    for segment in segments:
        out.setdefault(segment.part, []).append(segment)
    return out


# --- records and runs -------------------------------------------------------------------------


def _given(
    record: ImportRecord,
    limits: Limits,
    *,
    year: int | None = None,
    account: str | None = None,
    network: str | None = None,
    format: str | None = None,  # noqa: A002 - the option's name
) -> ImportOptions:
    """The options `record`'s file was read with (what the person gave, nothing guessed), those
    given here in their place: a rebuild reads the file as it was read, a redo with changes."""
    return ImportOptions(
        timezone=record.timezone,
        account=account or record.given_account,
        network=network or record.given_network,
        year=year or record.year,
        format=format or record.given_format,
        limits=limits,
    )


def _record(
    item: ParsedFile, resolved: ParsedFile, import_id: int, seq: int, options: ImportOptions | None
) -> ImportRecord:
    """The log's record of a file read (`item`, as parsed; `resolved`, its accounts decided)."""
    read = item.options or ImportOptions()
    given = options or ImportOptions()
    days = resolved.days
    decided, network = _decisions(item, resolved)
    return ImportRecord(
        id=import_id,
        file=str(item.path.resolve()),
        sha256=item.sha256,
        size=item.size,
        format=item.format,
        label=item.label,
        imported_at=now(),
        exported_at=item.exported_at.isoformat(),
        rows=item.rows,
        skipped=item.skipped,
        tables=sorted(item.tables),
        accounts=resolved.accounts,
        networks=resolved.networks,
        first_day=days[0].isoformat() if days else None,
        last_day=days[1].isoformat() if days else None,
        warnings=list(item.warnings),
        modified=item.modified.isoformat() if item.modified else None,
        given_format=read.format,
        given_account=given.account,
        given_network=given.network,
        year=read.year,
        timezone=read.timezone,
        decided=decided,
        decided_network=network,
        version=__version__,
        original=store.pack_target(seq) if _keeps(item) else None,
        run=seq,
    )


def _decisions(item: ParsedFile, resolved: ParsedFile) -> tuple[list[str], str | None]:
    """What resolving decided for `item`: `network:account` for the rows it left without an
    account, and the network of those it left without one."""
    accounts: set[str] = set()
    networks: set[str] = set()
    for table in ACCOUNT_TABLES:
        if table not in item.tables:
            continue
        raw, done = item.tables[table], resolved.tables[table]
        no_account = done.filter(raw.get_column("account").is_null())
        accounts.update(f"{n}:{a}" for n, a in no_account.select("network", "account").unique().iter_rows())
        no_network = done.filter(raw.get_column("network").is_null())
        networks.update(n for n in no_network.get_column("network").unique().to_list() if n)
    return sorted(accounts), (sorted(networks)[0] if networks else None)


def _decided(parsed: ParsedFile, record: ImportRecord, keep: tuple[bool, bool]) -> ParsedFile:
    """`parsed` with the accounts (and network) its import decided before filled in, where
    `keep` says they still hold: reading the file again decides as the import did."""
    accounts = record.decided_accounts() if keep[0] else {}
    network = record.decided_network if keep[1] else None
    if not accounts and network is None:
        return parsed
    tables = dict(parsed.tables)
    for table in ACCOUNT_TABLES:
        if table not in tables:
            continue
        frame = tables[table]
        if network is not None:
            frame = frame.with_columns(network=pl.col("network").fill_null(pl.lit(network)))
        if accounts:
            told = pl.col("network").replace_strict(accounts, default=None, return_dtype=pl.String)
            frame = frame.with_columns(account=pl.coalesce(pl.col("account"), told))
        tables[table] = frame
    choices = () if network is not None else parsed.network_choices
    return replace(parsed, tables=tables, network_choices=choices)


def _untold(item: ParsedFile) -> bool:
    """Whether resolving `item` needs the workspace's accounts (rows without account or network)."""
    return any(
        item.tables[t].get_column(c).null_count()
        for t in ACCOUNT_TABLES
        if t in item.tables
        for c in ("account", "network")
    )


def _keeps(item: ParsedFile) -> bool:
    """Whether `item` carries its bytes (read by `read_file`), to be kept."""
    return item.size > 0 and len(item.original) == item.size


def _no_accounts() -> dict[TableName, pl.DataFrame]:
    return {t: schema.empty(t) for t in schema.TABLES}


def _no_runs() -> dict[TableName, pl.DataFrame]:
    return {t: pl.DataFrame(schema={**schema.SCHEMAS[t], IMPORT_ID: pl.Int64()}) for t in schema.TABLES}


def _run_rows(files: Sequence[ParsedFile], records: Sequence[ImportRecord]) -> dict[TableName, pl.DataFrame]:
    """The rows of files (resolved) as runs: canonical schema and the import's id."""
    out = _no_runs()
    for table in schema.TABLES:
        frames = [
            f.tables[table]
            .select(list(schema.SCHEMAS[table]))
            .with_columns(pl.lit(r.id, pl.Int64).alias(IMPORT_ID))
            for f, r in zip(files, records, strict=True)
            if table in f.tables and f.tables[table].height
        ]
        if frames:
            out[table] = pl.concat([out[table], *frames])
    return out


def _write_runs(
    txn: Transaction, rows: dict[TableName, pl.DataFrame], seq: int, *, keep_run: pl.DataFrame | None = None
) -> None:
    """Each table's rows as a run of event `seq` (`keep_run`: rows keeping the run they had)."""
    for table, frame in rows.items():
        if frame.is_empty():
            continue
        run = store.run_frame(table, frame, seq)
        if keep_run is not None:
            run = run.with_columns(keep_run.get_column(store.RUN))
        txn.write_frame(run, store.RunFile(table, store.run_level(run.height), seq).target)


def _select(columns: list[str], rows: pl.LazyFrame) -> pl.LazyFrame:
    """`rows` with only `columns`, in their order."""
    return rows.select(columns)


def _counted(record: ImportRecord, counts: MergeCounts) -> ImportRecord:
    """`record` with what its rows did in the merge."""
    return replace(record, added=counts.added, updated=counts.updated, unchanged=counts.unchanged)


def _outcomes(
    parsed: Sequence[ParsedFile],
    resolved: Sequence[ParsedFile],
    state: LogState,
    records: Sequence[ImportRecord],
    notes: Sequence[list[str]],
    fresh: Sequence[int],
    counts: dict[int, MergeCounts],
) -> list[FileOutcome]:
    """What each file did: its counts (with the file as resolved: the accounts and network the
    import gives it, which the Import screen shows), or the import whose bytes it repeats."""
    known = {r.sha256: r for r in records}
    repeated = [p.sha256 for i, p in enumerate(parsed) if i not in set(fresh)]
    if repeated:
        before = state.frame.filter(pl.col("sha256").is_in(repeated))
        known.update({r.sha256: r for r in LogState(before).records()})
    outcomes: list[FileOutcome] = []
    position = {index: number for number, index in enumerate(fresh)}
    for index, item in enumerate(parsed):
        if index in position:
            record = records[position[index]]
            outcome = FileOutcome(
                resolved[position[index]],
                counts.get(record.id, MergeCounts()),
                notes=list(notes[position[index]]),
            )
        else:
            outcome = FileOutcome(item, MergeCounts(unchanged=item.rows), known[item.sha256])
        outcomes.append(outcome)
    return outcomes


def not_removable(record: ImportRecord) -> str:
    """Why an import of an earlier release cannot be removed (the command line and the app say it)."""
    return (
        f"Import {record.id} ({record.name}) was made by an earlier kpitui, which did not "
        "keep the files it imported: its rows are merged with those of the imports before "
        "it and cannot be taken out alone. Nothing was removed."
    )


def not_kept(record: ImportRecord) -> str:
    """Why an import of an earlier release cannot be read again (redone)."""
    return (
        f"Import {record.id} ({record.name}) was made by an earlier kpitui, which did not keep the files it "
        "imported: it cannot be read again. Import the file again to read it with other options."
    )


def _store_file() -> bytes:
    return json.dumps({"format": store.STORE_FORMAT, "key_hash": store.hash_probe()}).encode()


# --- the lock ----------------------------------------------------------------------------------


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
