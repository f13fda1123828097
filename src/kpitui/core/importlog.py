"""The import log: every import kept, with its options, as an append-only log of events.

Layout (in the workspace's `data/log/`)::

    events.jsonl   one JSON line per event since the last snapshot, appended and fsynced
    imports.parquet  the snapshot: one row per import living at `head.json`'s seq
    head.json      {"format": 1, "seq": S, "last_id": L}: what the snapshot holds

An event is one transaction: `import`, `remove`, `redo`, `rebuild`, `compaction` or
`migration`. Each carries its `seq` (one more than the event before), its time, the
records it puts (a new import, or an import whose options or rows changed) and the
import ids it drops. The state of the log, the imports living now, is the snapshot
with the events after it applied in order; a compaction writes a new snapshot and
starts the events file again. Reading the state costs a parquet read of the snapshot
(columnar: 100,000 imports read in milliseconds) and the JSON lines since it, which a
compaction keeps few, so it does not grow with the history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import polars as pl

from kpitui.core.errors import WorkspaceError
from kpitui.core.limits import Limits, read_regular

LOG_DIR: Final = "log"
EVENTS: Final = "events.jsonl"
SNAPSHOT: Final = "imports.parquet"
HEAD: Final = "head.json"
FORMAT: Final = 1
EVENT_KINDS: Final = ("import", "remove", "redo", "rebuild", "compaction", "migration")
LEGACY: Final = "legacy"
"""The version of a record migrated from a workspace made before imports were kept."""
_LOG_LIMITS: Final = Limits(file_mb=4096)
NEWLINE: Final = b"\n"


class ImportLogError(WorkspaceError):
    """The import log cannot be read: the history and what depends on it (imports, removals,
    redos) are lost until it is restored; the tables still read."""


@dataclass(slots=True)
class ImportRecord:
    """One import: the file, what it brought, and how it was read (to read it again)."""

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
    modified: str | None = None
    """The file's modification time when it was read: reading the kept original again gives it
    the same (an export without a date of its own is dated by it)."""
    given_format: str | None = None
    """The options the import was given (`--format`, `--account`, `--network`, `--year`)."""
    given_account: str | None = None
    given_network: str | None = None
    year: int | None = None
    timezone: str = "UTC"
    """The workspace's time zone the file was read in (naive times in files)."""
    decided: list[str] = field(default_factory=list)
    """`network:account` for each network whose rows the file left without an account, as the
    import decided it (from the files imported with it, the workspace; an unnamed account later
    adopted): reading the file again gives them the same account."""
    decided_network: str | None = None
    """The network decided for rows the file left without one (an untitled Meta daily file)."""
    version: str = ""
    """The kpitui version that read the file (`legacy`: before imports were kept)."""
    original: str | None = None
    """The pack (`data/originals/…`) holding the file's bytes; None when they were not kept
    (imported by an earlier kpitui): such an import can be neither redone nor rebuilt."""
    run: int = 0
    """The seq of the event whose run (`data/runs/`) holds the import's rows."""

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def kept(self) -> bool:
        """True when the original is stored: the import can be redone and rebuilt."""
        return self.original is not None

    def decided_accounts(self) -> dict[str, str]:
        """network → account decided for rows the file left without one."""
        return dict(item.split(":", 1) for item in self.decided if ":" in item)


_TYPES: Final[dict[str, pl.DataType]] = {
    "int": pl.Int64(),
    "str": pl.String(),
    "list[str]": pl.List(pl.String()),
    "str | None": pl.String(),
    "int | None": pl.Int64(),
}
SCHEMA: Final = pl.Schema({f.name: _TYPES[str(f.type)] for f in fields(ImportRecord)})
"""The snapshot's columns: one per record field."""

_CHECKS: Final[dict[str, type | tuple[type, ...]]] = {
    "int": int,
    "str": str,
    "list[str]": list,
    "str | None": (str, type(None)),
    "int | None": (int, type(None)),
}


def record_of(entry: Any, where: str) -> ImportRecord:
    """The record an entry of the log holds; TypeError naming `where` when a field is missing or
    not of its type (a hand-edited or damaged log)."""
    if not isinstance(entry, dict):
        raise TypeError(f"{where}: a record is {type(entry).__name__}, expected an object")
    known = {f.name for f in fields(ImportRecord)}
    record = ImportRecord(**{k: v for k, v in entry.items() if k in known})
    for item in fields(ImportRecord):
        value = getattr(record, item.name)
        if not isinstance(value, _CHECKS[str(item.type)]) or isinstance(value, bool):
            raise TypeError(f"{where}: {item.name} is {value!r}, expected {item.type}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise TypeError(f"{where}: {item.name} holds {value!r}, expected strings")
    parse_time(record.exported_at)  # ValueError when it is not a time
    return record


def parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def now() -> str:
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class LogState:
    """The imports living at event `seq`, oldest first, as a frame of SCHEMA.

    `last_id` is the highest id any import ever took (a removed import's id is never given
    again).
    """

    frame: pl.DataFrame
    seq: int = 0
    last_id: int = 0
    tail: int = 0
    """How many events follow the snapshot (a compaction folds them in when they are many)."""

    @staticmethod
    def empty() -> LogState:
        return LogState(pl.DataFrame(schema=SCHEMA))

    def records(self) -> list[ImportRecord]:
        """The living imports as records, oldest first."""
        return [ImportRecord(**row) for row in self.frame.iter_rows(named=True)]

    def get(self, import_id: int) -> ImportRecord | None:
        rows = self.frame.filter(pl.col("id") == import_id)
        return ImportRecord(**rows.row(0, named=True)) if rows.height else None

    def ids(self) -> list[int]:
        return self.frame.get_column("id").to_list()

    def hashes(self) -> set[str]:
        return set(self.frame.get_column("sha256").to_list())

    def ages(self) -> pl.DataFrame:
        """import_id → when its export was made (UTC): what decides which export is newer."""
        return self.frame.select(
            pl.col("id").alias("import_id"),
            pl.col("exported_at")
            .str.to_datetime(time_zone="UTC", time_unit="us", format="%+", strict=False)
            .alias("__exported"),
        )

    def runs(self) -> pl.DataFrame:
        """import_id, run: which run holds each living import's rows (the others are dead)."""
        return self.frame.select(pl.col("id").alias("import_id"), "run")

    def apply(self, event: dict[str, Any], where: str = "event") -> LogState:
        """The state after `event` (its records put by id, its drops removed)."""
        return self.apply_all([(event, where)])

    def apply_all(self, events: Sequence[tuple[dict[str, Any], str]]) -> LogState:
        """The state after `events` (each with where it was read), in order, in one change of the
        frame: applying them one by one cost a filter and a concat each (9 ms), which made
        opening a log with a thousand events since its snapshot take seconds."""
        changed: dict[int, ImportRecord | None] = {}
        state = self
        for entry, where in events:
            puts = [record_of(r, f"{where}, record {i}") for i, r in enumerate(entry.get("put", []), 1)]
            drops = entry.get("drop", [])
            if not isinstance(drops, list) or not all(isinstance(i, int) for i in drops):
                raise TypeError(f"{where}: drop is {drops!r}, expected a list of import ids")
            changed.update({r.id: r for r in puts})
            changed.update(dict.fromkeys(drops))
            last_id = max([state.last_id, *(r.id for r in puts)])
            state = replace(state.advanced(int(entry["seq"])), last_id=last_id)
        if not changed:
            return state
        kept = self.frame.filter(~pl.col("id").is_in(list(changed)))
        fresh = frame_of([r for r in changed.values() if r is not None])
        return replace(state, frame=pl.concat([kept, fresh]).sort("id"))

    def put(self, records: Sequence[ImportRecord]) -> LogState:
        if not records:
            return self
        fresh = frame_of(records)
        kept = self.frame.filter(~pl.col("id").is_in(fresh.get_column("id").implode()))
        frame = pl.concat([kept, fresh]).sort("id")
        return replace(self, frame=frame, last_id=max(self.last_id, max(r.id for r in records)))

    def drop(self, ids: Iterable[int]) -> LogState:
        gone = list(ids)
        if not gone:
            return self
        return replace(self, frame=self.frame.filter(~pl.col("id").is_in(gone)))

    def advanced(self, seq: int) -> LogState:
        return replace(self, seq=seq, tail=self.tail + 1)


def frame_of(records: Sequence[ImportRecord]) -> pl.DataFrame:
    """The records as the snapshot's frame, built column by column (row by row, from each
    record as a dict, took 26 ms against 18 for the demo's 182 imports, at every start)."""
    return pl.DataFrame({name: [getattr(r, name) for r in records] for name in SCHEMA}, schema=SCHEMA)


def event(
    kind: str, seq: int, *, put: Sequence[ImportRecord] = (), drop: Sequence[int] = (), **info: Any
) -> dict[str, Any]:
    """One event of the log (a line of events.jsonl)."""
    assert kind in EVENT_KINDS
    return {
        "seq": seq,
        "event": kind,
        "at": now(),
        "put": [asdict(r) for r in put],
        "drop": list(drop),
        **info,
    }


def line_of(entry: dict[str, Any]) -> bytes:
    """An event as its line of events.jsonl (ending with a newline)."""
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def read_state(data_dir: Path) -> LogState:
    """The state of the log in `data_dir/log` (empty when there is none); ImportLogError naming
    the file and what to do when it cannot be read."""
    folder = data_dir / LOG_DIR
    head_path, snapshot_path, events_path = folder / HEAD, folder / SNAPSHOT, folder / EVENTS
    where = head_path
    try:
        state = LogState.empty()
        if head_path.exists():
            head = json.loads(read_regular(head_path, _LOG_LIMITS, WorkspaceError).decode("utf-8"))
            if not isinstance(head, dict) or not all(
                isinstance(head.get(k), int) for k in ("seq", "last_id")
            ):
                raise ValueError(f"expected seq and last_id, found {head!r}")
            where = snapshot_path
            frame = _read_snapshot(snapshot_path) if snapshot_path.exists() else pl.DataFrame(schema=SCHEMA)
            state = LogState(frame, head["seq"], head["last_id"])
        where = events_path
        if events_path.exists():
            raw = read_regular(events_path, _LOG_LIMITS, WorkspaceError)
            state = _replay(state, raw)
        return state
    except (
        WorkspaceError,
        OSError,
        ValueError,
        TypeError,
        KeyError,
        RecursionError,
        pl.exceptions.PolarsError,
    ) as exc:
        raise ImportLogError(
            f"{where}: the import log cannot be read ({exc}). Restore data/log/ from a backup: the "
            "numbers still show, but importing, removing and redoing need the log.",
            title="Damaged workspace",
        ) from exc


def _read_snapshot(path: Path) -> pl.DataFrame:
    frame = pl.read_parquet(path.absolute(), glob=False, hive_partitioning=False)
    if frame.schema != SCHEMA:
        raise ValueError(f"its columns are {dict(frame.schema)}, expected {dict(SCHEMA)}")
    return frame


def _replay(state: LogState, raw: bytes) -> LogState:
    """`state` with the events of `raw` (events.jsonl) after its seq applied in order."""
    if raw and not raw.endswith(b"\n"):
        raise ValueError(f"line {raw.count(NEWLINE) + 1} is cut short")
    events: list[tuple[dict[str, Any], str]] = []
    seq = state.seq
    for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        entry = json.loads(line)
        where = f"line {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
            raise ValueError(f"{where}: not an event with a seq")
        if entry.get("event") not in EVENT_KINDS:
            raise ValueError(f"{where}: unknown event {entry.get('event')!r}")
        if entry["seq"] <= seq:
            continue  # folded into the snapshot already
        if entry["seq"] != seq + 1:
            raise ValueError(f"{where}: event {entry['seq']} follows event {seq}")
        seq = entry["seq"]
        events.append((entry, where))
    return state.apply_all(events)


def snapshot_frame(state: LogState) -> tuple[pl.DataFrame, bytes]:
    """What a compaction writes: the snapshot of `state` and its head."""
    head = {"format": FORMAT, "seq": state.seq, "last_id": state.last_id}
    return state.frame, json.dumps(head).encode()
