"""The files of the store: the derived tables as segments, each import's rows as runs, the
originals in packs. Pure file layout and polars; the transactions are `journal`'s, the
decisions `workspace`'s.

Tables (`data/tables/`): each table is cut by network (posts, daily; traffic has no
partition) and, within a network, by time into **segments**: a segment is one parquet
file, `tables/posts/network=x/2026-03-14.parquet`, holding the rows whose day (the
posts' UTC publication day, the daily and traffic rows' `date`) is on or after the day
its name gives and before the next segment's. Rows are sorted by that time, and the
files carry parquet statistics, so a reader after one period can skip every file (and
row group) outside it; `network` is a column of every file too (one value per file:
statistics prune on it). A segment holds up to `SEGMENT_ROWS` rows: one that grows past
it is split into segments of about `SPLIT_ROWS`, never within a day. An import reads
and rewrites only the segments its rows land in (and, for posts, the segments that
hold its keys already: a post whose publication day changed moves between segments).

What a reader can rely on (issue 16 builds on it): `tables/<table>/[network=<n>/]
<YYYY-MM-DD>.parquet`; a file's rows have days from its name's day (the first segment
of a partition: from its earliest row) to the next file's; rows sorted by day; the
stored columns of `schema.STORED_SCHEMAS` plus `KEY_HASH` for posts; one key, one row,
across all files.

Cubes (`tables/cube/network=<n>/<day>.<fingerprint>-<tag>.parquet`): each posts segment's
daily cube (its posts summed per network and local day, `dataset.post_days`), written and
deleted in the same transaction as the segment, named by what it depends on besides the
posts (`dataset.cube_fingerprint`: the time zone, the brand hashtags, the sums) and by a tag
of the segment file it sums (`file_tag`: its size and parquet footer). A report, a check and
the app read the cubes of the segments whose file still has that tag under the workspace's
settings of now, and sum the posts of the others as before (a workspace of an earlier release
has none; a settings change makes them all stale until their segments are written again, which
`kpitui rebuild` does for all): for a million posts, 2,832 rows (networks × days) instead of a
million. Summaries (`tables/summary/`, the same names, `insights.summary_fingerprint`) are kept
the same way for the insights: each segment's posts summed per network, local day and hour,
content type or hashtag, with the few best and worst posts of each day (`insights.Summary`).

Posts carry `KEY_HASH`, polars' hash of their key, so that finding which segments hold
an import's keys reads one integer column (0.03 s for 1.7M posts, against 0.15 s for
their ids). Polars' hash is stable within a version, not across them: `store.json`
keeps the hashes of a few fixed keys, and a kpitui that finds other hashes there
re-hashes the store before writing (`Workspace._check_hash`).

Runs (`data/runs/<table>/L<level>-<seq>.parquet`): the rows each import brought, as
parsed and resolved, with its `import_id` and `run` (the seq of the event that wrote
them). They are what a removal or a redo folds again; the record of each import names
its living run, and rows of any other run are dead (an import removed, or read again),
left for a compaction to drop. Runs of about the same size are merged eight at a time
(size-tiered, as an LSM tree's), so each row is rewritten a few times in all.

Packs (`data/originals/pack-<seq>.parquet`): the original bytes of the files of one
transaction, content-addressed by sha256, in 1 MiB chunks compressed with zstd (the
Python standard library has no zstd before 3.14; parquet's writer has it).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import WorkspaceError
from kpitui.core.periods import EARLIEST, LATEST
from kpitui.core.schema import IMPORT_ID, KEYS, TableName

TABLES_DIR: Final = "tables"
RUNS_DIR: Final = "runs"
PACKS_DIR: Final = "originals"
STORE_FILE: Final = "store.json"
STORE_FORMAT: Final = 2
"""1 was a parquet file per table and imports.json, before imports were kept."""

PARTITION: Final[dict[TableName, str | None]] = {"posts": "network", "daily": "network", "traffic": None}
KEY_HASH: Final = "__key"
RUN: Final = "run"
SEGMENT_ROWS: Final = 65_536
"""A segment growing past this many rows is split (what one import may have to rewrite)."""
SPLIT_ROWS: Final = 32_768
"""About how many rows each piece of a split segment (or of a first import) holds."""
FANOUT: Final = 8
"""Runs merged at a time; a run's level is the base-8 magnitude of its rows."""
CHUNK: Final = 1 << 20
"""Bytes of an original per row of its pack."""

_SEGMENT: Final = re.compile(r"(\d{4}-\d{2}-\d{2})\.parquet")
CUBE_DIR: Final = "cube"
"""`tables/cube/network=<n>/<day>.<fingerprint>-<tag>.parquet`: the daily cube of the posts
segment of the same partition and day (`dataset.post_days`), written in the same transaction as
it, with the segment file's tag (`file_tag`): a segment of another tag (truncated, replaced,
rewritten by a kpitui that kept no cubes) is read, not its cube, so that its rows and its damage
count as they did before cubes."""
SUMMARY_DIR: Final = "summary"
"""`tables/summary/network=<n>/<day>.<fingerprint>-<tag>.parquet`: the insights' summary of the
same posts segment (`insights.summarise`, stored `Summary.stacked`), kept like its cube."""
_CUBE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})\.([0-9a-f]{12})-([0-9a-f]{16})\.parquet")
_FOOTER_MAX: Final = 64 << 20
"""A parquet footer larger than this is not one kpitui wrote (its segments' are a few KB)."""
_PART: Final = re.compile(r"network=([a-z]{1,20})")
_RUN: Final = re.compile(r"L(\d{1,2})-(\d{1,12})\.parquet")
_PACK: Final = re.compile(r"pack-(\d{1,12})\.parquet")
_HASH_PROBE: Final = pl.DataFrame(
    {
        "network": ["x", "instagram", None],
        "account": ["acme", "", "a\x00b"],
        "post_id": ["1", "DXk-9_q", "é"],
        "date": [date(2026, 1, 1), None, date(1970, 1, 1)],
    }
)


def key_hash(table: TableName) -> pl.Expr:
    """The hash of a row's key (UInt64): equal keys, equal hashes; used only to find candidates,
    which are then joined on the key itself."""
    return pl.struct(*KEYS[table]).hash().alias(KEY_HASH)


def hash_probe() -> str:
    """The hashes this polars gives a few fixed keys (compared with `store.json`'s)."""
    values = _HASH_PROBE.select(pl.struct(pl.all()).hash()).to_series().to_list()
    return ",".join(format(v, "x") for v in values)


def day_of(table: TableName) -> pl.Expr:
    """The day a row is filed under: the posts' UTC publication day, else `date` (a missing
    one, which no importer writes, under the first day kpitui knows)."""
    column = pl.col("published_at").dt.date() if table == "posts" else pl.col("date")
    return column.fill_null(EARLIEST)


def segment_schema(table: TableName) -> pl.Schema:
    stored = schema.STORED_SCHEMAS[table]
    return pl.Schema({**stored, KEY_HASH: pl.UInt64()}) if table == "posts" else stored


def run_schema(table: TableName) -> pl.Schema:
    return pl.Schema({**schema.SCHEMAS[table], IMPORT_ID: pl.Int64(), RUN: pl.Int64(), KEY_HASH: pl.UInt64()})


# --- segments --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True, slots=True)
class Segment:
    """One file of a table: its partition (a network, or None) and the first day it holds."""

    table: TableName
    part: str
    start: date

    @property
    def target(self) -> str:
        """Its path relative to data/."""
        folder = f"{TABLES_DIR}/{self.table}/" + (f"network={self.part}/" if self.part else "")
        return f"{folder}{self.start.isoformat()}.parquet"


@dataclass(frozen=True, slots=True)
class Cube:
    """A stored cube: its path (relative to data/), and the tag of the segment file it sums."""

    target: str
    segment_tag: str


def cube_target(segment: Segment, fingerprint: str, segment_tag: str, folder: str = CUBE_DIR) -> str:
    """The path (relative to data/) of the daily cube (or, in SUMMARY_DIR, the summary) of posts
    `segment` (whose file's tag is `segment_tag`) under `fingerprint`."""
    day = segment.start.isoformat()
    return f"{TABLES_DIR}/{folder}/network={segment.part}/{day}.{fingerprint}-{segment_tag}.parquet"


def file_tag(path: Path) -> str | None:
    """A tag of a parquet file read from its end: its size and its footer (the schema, the row
    groups with their offsets, sizes and statistics, and a digest of its rows:
    `journal.write_parquet`), which a file of other rows does not share, nor the file truncated.
    None when it is not a readable parquet file (a FIFO is opened without blocking, and is not
    one)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        found = os.fstat(handle)
        size = found.st_size
        if not stat.S_ISREG(found.st_mode) or size < 12:
            return None
        tail = os.pread(handle, 8, size - 8)
        length = int.from_bytes(tail[:4], "little")
        if tail[4:] != b"PAR1" or length + 8 > size or length > _FOOTER_MAX:
            return None
        footer = os.pread(handle, length, size - 8 - length)
    except OSError:
        return None
    finally:
        os.close(handle)
    return hashlib.sha256(size.to_bytes(8, "little") + footer).hexdigest()[:16]


def list_cubes(data_dir: Path, kind: str = CUBE_DIR) -> dict[str, dict[str, Cube]]:
    """The cubes (or, in SUMMARY_DIR, the summaries) on disk: posts segment target → fingerprint
    → cube. Anything else in their folders (not a regular file, another name) is not a cube, and
    is left alone."""
    found: dict[str, dict[str, Cube]] = {}
    root = data_dir / TABLES_DIR / kind
    for folder in _entries(root):
        part = _PART.fullmatch(folder.name)
        if part is None:
            continue
        for entry in _entries(Path(folder.path)):
            match = _CUBE.fullmatch(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            try:
                segment = Segment("posts", part[1], date.fromisoformat(match[1]))
            except ValueError:
                continue
            fingerprint, tag = match[2], match[3]
            found.setdefault(segment.target, {})[fingerprint] = Cube(
                cube_target(segment, fingerprint, tag, kind), tag
            )
    return found


def segment_of(target: str) -> Segment | None:
    """The posts segment a path of the store names, or None for any other path."""
    folder, _, name = target.rpartition("/")
    head, _, part = folder.rpartition("/network=")
    match = _SEGMENT.fullmatch(name)
    if head != f"{TABLES_DIR}/posts" or match is None:
        return None
    return Segment("posts", part, date.fromisoformat(match[1]))


def list_segments(data_dir: Path, table: TableName) -> list[Segment]:
    """The segments of `table` on disk, by partition then day. WorkspaceError for a FIFO, a
    device or a socket in their place (reading would block or flood)."""
    root = data_dir / TABLES_DIR / table
    found: list[Segment] = []
    folders = [(root, "")]
    if PARTITION[table]:
        folders = [(root / e.name, m[1]) for e in _entries(root) if (m := _PART.fullmatch(e.name))]
    for folder, part in folders:
        for entry in _entries(folder):
            match = _SEGMENT.fullmatch(entry.name)
            if match is None:
                continue
            check_regular(Path(entry.path))
            try:
                found.append(Segment(table, part, date.fromisoformat(match[1])))
            except ValueError:
                continue
    return sorted(found)


def meeting(segments: Sequence[Segment], first: date, last: date) -> list[Segment]:
    """The segments of `segments` (sorted, as `list_segments` gives them) that can hold rows
    whose day is within `first`..`last`: a segment holds the days from its start to the next
    segment's of its partition (the first of a partition, any day before too; the last, any
    day after). What a reader of one period opens, and nothing else."""
    found: list[Segment] = []
    for index, segment in enumerate(segments):
        first_of_part = index == 0 or segments[index - 1].part != segment.part
        ends = segments[index + 1].start if index + 1 < len(segments) else None
        if ends is not None and segments[index + 1].part != segment.part:
            ends = None  # the last of its partition
        if (first_of_part or segment.start <= last) and (ends is None or ends > first):
            found.append(segment)
    return found


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []


def check_regular(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # its reader says what is wrong (missing, unreadable)
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise damaged(path, "not a regular file")


class DamagedSegment(WorkspaceError):
    """A stored file of the tables cannot be read, or holds what no import writes."""


def damaged(path: Path, detail: str) -> WorkspaceError:
    """The error for a stored file that cannot be read, with what to do about it."""
    return DamagedSegment(
        f"{path}: cannot be read ({detail}). The workspace data is damaged: restore this file from a "
        "backup, or run `kpitui rebuild`, which derives the tables again from the imports kept.",
        title="Damaged workspace",
    )


def scan(
    data_dir: Path, paths: Sequence[str], wanted: pl.Schema, *, file_paths: str | None = None
) -> pl.LazyFrame:
    """The files `paths` (relative to data/) of a table, scanned as literal paths: polars takes a
    path as a glob pattern by default (a workspace named `ws[ab]` would read `wsa`'s data),
    expands a leading `~` and reads `key=value` folders as partitions; absolute paths without
    globbing or hive partitioning do none of that. Columns a file lacks read as nulls."""
    if not paths:
        empty = pl.DataFrame(schema=wanted).lazy()
        return empty.with_columns(pl.lit(None, pl.String).alias(file_paths)) if file_paths else empty
    return pl.scan_parquet(
        [(data_dir / p).absolute() for p in paths],
        glob=False,
        hive_partitioning=False,
        schema=wanted,
        missing_columns="insert",
        extra_columns="ignore",
        include_file_paths=file_paths,
    )


def homes(starts: pl.Series, days: pl.Expr) -> pl.Expr:
    """For each day, the index in `starts` (sorted) of the segment it belongs to; a day before
    the first segment's belongs to the first."""
    return (
        pl.lit(starts).search_sorted(days, side="right").cast(pl.Int64) - 1
        if starts.len()
        else pl.lit(0, pl.Int64)
    ).clip(lower_bound=0)


@dataclass(slots=True)
class Rewrite:
    """What a change does to one partition of a table: files to write and delete, and the rows
    of the keys it touched, before and after."""

    writes: dict[str, pl.DataFrame] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    before: pl.DataFrame | None = None
    after: pl.DataFrame | None = None


def rewrite(
    data_dir: Path,
    table: TableName,
    part: str,
    segments: Sequence[Segment],
    keys: pl.DataFrame,
    compute: Callable[[pl.DataFrame], pl.DataFrame],
) -> Rewrite:
    """Replace the rows of `keys` in partition `part` of `table` by `compute(their stored rows)`.

    `segments` are the partition's, sorted. Reads only the segments that hold rows of the keys
    and those the new rows land in; returns the files to write (the segments read, with their
    other rows as they were) and to delete. `compute` takes and returns frames of the stored
    schema (without KEY_HASH).
    """
    key_columns = list(KEYS[table])
    starts = pl.Series([s.start for s in segments], dtype=pl.Date)
    holding = _holding(data_dir, table, segments, starts, keys)
    read: dict[int, pl.DataFrame] = {i: _read(data_dir, segments[i]) for i in sorted(holding)}
    rows = pl.concat(list(read.values())) if read else pl.DataFrame(schema=segment_schema(table))
    before = rows.join(keys.select(key_columns), on=key_columns, how="semi", nulls_equal=True)
    stored = schema.STORED_SCHEMAS[table]
    after = compute(before.select(list(stored))).select([pl.col(n).cast(t) for n, t in stored.items()])
    if table == "posts":
        after = after.with_columns(key_hash(table))
    landing = after.select(homes(starts, day_of(table)).unique()).to_series().to_list() if segments else []
    for index in sorted(set(landing) - set(read)):
        read[index] = _read(data_dir, segments[index])
    others = [
        frame.join(keys.select(key_columns), on=key_columns, how="anti", nulls_equal=True)
        for frame in read.values()
    ]
    result = Rewrite(before=before.select(list(stored)), after=after.select(list(stored)))
    placed = pl.concat([*others, after]).with_columns(__day=day_of(table))
    if not segments:
        _place(result, table, part, None, placed, first=True)
        return result
    placed = placed.with_columns(__home=homes(starts, pl.col("__day")))
    for index in read:
        mine = placed.filter(pl.col("__home") == index).drop("__home")
        _place(result, table, part, segments[index], mine, first=index == 0)
    return result


def _holding(
    data_dir: Path, table: TableName, segments: Sequence[Segment], starts: pl.Series, keys: pl.DataFrame
) -> set[int]:
    """The indexes of the segments that hold rows of `keys`: for daily and traffic rows, whose
    key holds their day, the segments of those days; for posts, those where the keys' hashes are."""
    if not segments or keys.is_empty():
        return set()
    if table != "posts":
        return set(keys.select(homes(starts, day_of(table)).unique()).to_series().to_list())
    hashes = keys.select(key_hash(table)).to_series().unique()
    targets = [s.target for s in segments]
    found = collect(
        data_dir,
        targets,
        segment_schema(table),
        lambda scanned: scanned.filter(pl.col(KEY_HASH).is_in(hashes.implode())).select("__path").unique(),
        file_paths="__path",
    ).to_series()
    where = {str((data_dir / t).absolute()): i for i, t in enumerate(targets)}
    return {where[p] for p in found.to_list() if p in where}


def _read(data_dir: Path, segment: Segment) -> pl.DataFrame:
    rows = collect(data_dir, [segment.target], segment_schema(segment.table), lambda scanned: scanned)
    check_days(data_dir / segment.target, rows)
    return rows


def collect(
    data_dir: Path,
    paths: Sequence[str],
    wanted: pl.Schema,
    query: Callable[[pl.LazyFrame], pl.LazyFrame],
    *,
    file_paths: str | None = None,
) -> pl.DataFrame:
    """`query` on the files `paths`, collected; WorkspaceError naming the file that cannot be read
    (polars raises several types for a damaged file, a Rust panic too)."""
    try:
        return query(scan(data_dir, paths, wanted, file_paths=file_paths)).collect()
    except BaseException as exc:
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt and the like are not ours
        raise culprit(data_dir, paths, wanted, exc) from exc


def culprit(data_dir: Path, paths: Sequence[str], wanted: pl.Schema, exc: BaseException) -> WorkspaceError:
    """The error naming the first of `paths` that cannot be read alone (reading them together
    failed with `exc`), with a day no import writes counting as damage."""
    for path in paths:
        try:
            rows = scan(data_dir, [path], wanted).collect()
            check_days(data_dir / path, rows)
        except WorkspaceError as error:
            return error
        except BaseException as inner:
            if not isinstance(inner, Exception) and type(inner).__name__ != "PanicException":
                raise
            return damaged(data_dir / path, first_line(inner))
    if isinstance(exc, WorkspaceError):
        return exc
    return damaged(data_dir / (paths[0] if paths else TABLES_DIR), first_line(exc))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_days(path: Path, frame: pl.DataFrame) -> None:
    """WorkspaceError when stored rows hold a date no import writes (outside 1970–2100): damage
    that parquet cannot see (it has no checksums), which would break every period."""
    for column in ("published_at", "date", "date_end"):
        if column not in frame.columns:
            continue
        day = frame.get_column(column)
        day = day if day.dtype == pl.Date else day.dt.date()
        if ((day < EARLIEST) | (day > LATEST)).any():
            raise damaged(path, f"{column} outside {EARLIEST.year}–{LATEST.year}")


def _place(
    result: Rewrite, table: TableName, part: str, segment: Segment | None, rows: pl.DataFrame, *, first: bool
) -> None:
    """Write `rows` (with `__day`) as `segment` (None: a partition without segments yet), split
    when too many; delete the segment's file when no row is left."""
    if rows.is_empty():
        if segment is not None:
            result.deletes.append(segment.target)
        return
    rows = rows.sort("__day", *(["published_at"] if table == "posts" else []), *KEYS[table], nulls_last=True)
    lowest = rows.item(0, "__day")
    start = lowest if segment is None or (first and lowest < segment.start) else segment.start
    pieces = [rows]
    if rows.height > SEGMENT_ROWS or segment is None:
        pieces = _split(rows)
    for number, piece in enumerate(pieces):
        name = Segment(table, part, start if number == 0 else piece.item(0, "__day"))
        result.writes[name.target] = piece.drop("__day")
    if segment is not None and segment.target not in result.writes:
        result.deletes.append(segment.target)


def _split(rows: pl.DataFrame) -> list[pl.DataFrame]:
    """`rows` (sorted by `__day`) in pieces of about SPLIT_ROWS, a day never cut in two."""
    if rows.height <= SPLIT_ROWS:
        return [rows]
    days = rows.group_by("__day", maintain_order=True).len()
    piece = (days.get_column("len").cum_sum() - days.get_column("len")) // SPLIT_ROWS
    numbered = rows.join(days.select("__day", __piece=piece), on="__day", how="left", maintain_order="left")
    return [p.drop("__piece") for p in numbered.partition_by("__piece", maintain_order=True)]


def all_rows(data_dir: Path, table: TableName, segments: Sequence[Segment]) -> pl.LazyFrame:
    """Every stored row of `table` (the stored schema, without KEY_HASH)."""
    stored = schema.STORED_SCHEMAS[table]
    return scan(data_dir, [s.target for s in segments], segment_schema(table)).select(list(stored))


def layout(table: TableName, part: str, rows: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The segments of a whole partition holding `rows` (stored schema): for a rebuild or the
    migration, which write every segment anew."""
    result = Rewrite()
    frame = rows.with_columns(key_hash(table)) if table == "posts" else rows
    _place(result, table, part, None, frame.with_columns(__day=day_of(table)), first=True)
    return result.writes


def partitions(table: TableName, rows: pl.DataFrame) -> Iterable[tuple[str, pl.DataFrame]]:
    """`rows` by partition value (a network, or "" for a table without partitions)."""
    column = PARTITION[table]
    if column is None:
        yield "", rows
        return
    for (value,), frame in rows.partition_by(column, as_dict=True, maintain_order=True).items():
        yield str(value), frame


# --- runs ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True, slots=True)
class RunFile:
    """One file of runs: its level (base-8 magnitude of its rows) and the seq that wrote it."""

    table: TableName
    level: int
    seq: int

    @property
    def target(self) -> str:
        return f"{RUNS_DIR}/{self.table}/L{self.level}-{self.seq:012d}.parquet"


def run_level(rows: int) -> int:
    return int(math.log(max(rows, 1), FANOUT))


def list_runs(data_dir: Path, table: TableName) -> list[RunFile]:
    found = []
    for entry in _entries(data_dir / RUNS_DIR / table):
        if match := _RUN.fullmatch(entry.name):
            check_regular(Path(entry.path))
            found.append(RunFile(table, int(match[1]), int(match[2])))
    return sorted(found, key=lambda r: (r.seq, r.level))


def run_frame(table: TableName, rows: pl.DataFrame, run: int) -> pl.DataFrame:
    """A run of rows (canonical schema with IMPORT_ID) as stored: its seq and its keys' hashes."""
    target = run_schema(table)
    return rows.with_columns(pl.lit(run, pl.Int64).alias(RUN), key_hash(table)).select(
        [pl.col(n).cast(t) for n, t in target.items()]
    )


def living_runs(
    data_dir: Path,
    table: TableName,
    runs: Sequence[RunFile],
    living: pl.DataFrame,
    keys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows of the living runs (`living`: import_id, run) of `table`, only those of `keys`
    when given (found by their hashes, then joined on the keys themselves)."""
    hashes = None if keys is None else keys.select(key_hash(table)).to_series().unique()

    def query(scanned: pl.LazyFrame) -> pl.LazyFrame:
        if hashes is not None:
            scanned = scanned.filter(pl.col(KEY_HASH).is_in(hashes.implode()))
        return scanned.join(living.lazy(), on=[IMPORT_ID, RUN], how="semi")

    rows = collect(data_dir, [r.target for r in runs], run_schema(table), query)
    if keys is not None:
        key_columns = list(KEYS[table])
        rows = rows.join(keys.select(key_columns), on=key_columns, how="semi", nulls_equal=True)
    return rows


def runs_to_merge(runs: Sequence[RunFile]) -> list[RunFile]:
    """The oldest FANOUT runs of the lowest level that has that many (none when no level has)."""
    by_level: dict[int, list[RunFile]] = {}
    for run in runs:
        by_level.setdefault(run.level, []).append(run)
    for level in sorted(by_level):
        if len(by_level[level]) >= FANOUT:
            return sorted(by_level[level], key=lambda r: r.seq)[:FANOUT]
    return []


# --- packs of originals ----------------------------------------------------------------------


def pack_target(seq: int) -> str:
    return f"{PACKS_DIR}/pack-{seq:012d}.parquet"


def pack_frame(originals: dict[str, bytes]) -> pl.DataFrame:
    """The originals (sha256 → bytes) as a pack: 1 MiB chunks, in order."""
    shas: list[str] = []
    parts: list[int] = []
    chunks: list[bytes] = []
    for sha, raw in sorted(originals.items()):
        view = memoryview(raw)
        for number, at in enumerate(range(0, max(len(raw), 1), CHUNK)):
            shas.append(sha)
            parts.append(number)
            chunks.append(bytes(view[at : at + CHUNK]))
    return pl.DataFrame(
        {"sha256": shas, "part": parts, "bytes": chunks},
        schema={"sha256": pl.String, "part": pl.Int32, "bytes": pl.Binary},
    )


def read_original(data_dir: Path, pack: str, sha256: str) -> bytes:
    """The bytes of original `sha256` from `pack`; WorkspaceError when it is not there."""
    path = data_dir / pack
    if not _PACK.fullmatch(Path(pack).name) or not path.is_file():
        raise damaged(path, "missing")
    try:
        chunks = (
            pl.scan_parquet(path.absolute(), glob=False, hive_partitioning=False)
            .filter(pl.col("sha256") == sha256)
            .sort("part")
            .collect()
        )
    except Exception as exc:  # a damaged pack: polars raises several types
        raise damaged(
            path, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        ) from exc
    if chunks.is_empty():
        raise damaged(path, f"the original {sha256[:12]}… is not in it")
    buffer = io.BytesIO()
    for chunk in chunks.get_column("bytes"):
        buffer.write(chunk)
    return buffer.getvalue()


def list_packs(data_dir: Path) -> list[str]:
    return sorted(f"{PACKS_DIR}/{e.name}" for e in _entries(data_dir / PACKS_DIR) if _PACK.fullmatch(e.name))


def pack_shas(data_dir: Path, pack: str) -> set[str]:
    path = (data_dir / pack).absolute()
    return set(
        pl.scan_parquet(path, glob=False, hive_partitioning=False)
        .select("sha256")
        .unique()
        .collect()
        .to_series()
    )
