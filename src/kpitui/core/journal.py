"""Transactions on a workspace's data folder: all of a change or none of it, whatever kills kpitui.

A change (an import, a removal, a redo, a rebuild, a compaction, the migration) is
one transaction:

1. every new file is written into `data/.journal/` and flushed to disk (a segment of
   a table, a run, a pack of originals, a snapshot of the log), and so is the line
   of the import log that tells the change (`event.jsonl`);
2. the COMMIT marker is written atomically: it lists each journal file and where it
   goes, the files the change deletes, and the size of `log/events.jsonl` before the
   change. Until it exists the change is not made: whoever opens the workspace next
   deletes the journal;
3. the files are renamed into place, the deleted ones deleted, and the event line
   appended to `log/events.jsonl` at the size the marker says (the file is cut back
   to that size first, so a line cut short by a kill is written again whole);
4. the journal is deleted.

Whoever opens the workspace with a committed journal does steps 3 and 4 again:
each is harmless to repeat. The marker names only files of the store's own layout
(`TARGET`); anything else in it (a hostile workspace) is ignored, never followed.

A marker that is a JSON list comes from a workspace made before the store (one
parquet file per table and `imports.json`): its files are put in place as that
release did, before the workspace is migrated.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, Final

import polars as pl

from kpitui.core.errors import KpiError, WorkspaceError
from kpitui.core.files import atomic_write, fsync_dir, read_small
from kpitui.core.importlog import EVENTS, LOG_DIR

JOURNAL: Final = ".journal"
COMMIT: Final = "COMMIT"
EVENT_FILE: Final = "event.jsonl"
LEGACY_FILES: Final = ("imports.json", "posts.parquet", "daily.parquet", "traffic.parquet")
"""The files of a workspace made before the store (data/ held them directly)."""

TARGET: Final = re.compile(
    r"(?:tables/(?:posts|daily|traffic)/(?:network=[a-z]{1,20}/)?\d{4}-\d{2}-\d{2}\.parquet"
    r"|tables/(?:cube|summary)/network=[a-z]{1,20}/\d{4}-\d{2}-\d{2}\.[0-9a-f]{12}-[0-9a-f]{16}\.parquet"
    r"|runs/(?:posts|daily|traffic)/L\d{1,2}-\d{1,12}\.parquet"
    r"|originals/pack-\d{1,12}\.parquet"
    r"|log/(?:events\.jsonl|imports\.parquet|head\.json)"
    r"|store\.json"
    r"|(?:imports\.json|posts\.parquet|daily\.parquet|traffic\.parquet))"
)
"""Every path (relative to data/) a transaction may write or delete; nothing else is touched."""
WRITE_KEY: Final = "kpitui.rows"
"""The key of the footer entry holding a digest of the file's rows (`write_parquet`)."""
FULL_BYTES: Final = 64 << 10
"""Free space under which a failed write is taken for a full disk."""
_NAME: Final = re.compile(r"j\d{1,9}\.(?:parquet|json|jsonl)")


class Transaction:
    """The files of one change, gathered in the journal until `commit` puts them in place."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.journal = data_dir / JOURNAL
        self.moves: list[tuple[str, str]] = []
        self.deletes: list[str] = []
        self.line: bytes | None = None
        shutil.rmtree(self.journal, ignore_errors=True)
        self.journal.mkdir(parents=True)

    def _name(self, target: str, suffix: str) -> Path:
        if not TARGET.fullmatch(target):
            raise ValueError(f"not a path of the store: {target}")
        name = f"j{len(self.moves)}{suffix}"
        self.moves.append((name, target))
        return self.journal / name

    def write_frame(self, frame: pl.DataFrame, target: str) -> Path:
        """`frame` as the parquet file `target` (relative to data/); the file written (in the
        journal until the commit puts it in place)."""
        path = self._name(target, ".parquet")
        write_parquet(frame, path, digest=target.startswith("tables/posts/"))
        fsync_file(path)
        return path

    def write_bytes(self, data: bytes, target: str) -> None:
        path = self._name(target, Path(target).suffix)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def delete(self, target: str) -> None:
        if not TARGET.fullmatch(target):
            raise ValueError(f"not a path of the store: {target}")
        if target not in self.deletes:
            self.deletes.append(target)

    def log(self, line: bytes) -> None:
        """The event line this change appends to the import log (unless it rewrites the log)."""
        self.line = line

    def commit(self) -> None:
        """Make the change: the COMMIT marker, then the files in place (see the module)."""
        append = None
        if self.line is not None and f"{LOG_DIR}/{EVENTS}" not in {t for _, t in self.moves}:
            path = self.journal / EVENT_FILE
            with open(path, "wb") as handle:
                handle.write(self.line)
                handle.flush()
                os.fsync(handle.fileno())
            append = _size(self.data_dir / LOG_DIR / EVENTS)
        fsync_dir(self.journal)
        marker = {"moves": self.moves, "deletes": self.deletes, "append": append}
        atomic_write(self.journal / COMMIT, json.dumps(marker).encode())
        finish(self.data_dir, marker)

    def abandon(self) -> None:
        """Forget the change (before its COMMIT): the workspace stays as it was."""
        shutil.rmtree(self.journal, ignore_errors=True)


def committed(data_dir: Path) -> bool:
    return (data_dir / JOURNAL / COMMIT).exists()


def recover(data_dir: Path) -> None:
    """Finish a committed journal or discard an uncommitted one (the exclusive lock held)."""
    journal = data_dir / JOURNAL
    marker_path = journal / COMMIT
    if marker_path.exists():
        try:
            marker: Any = json.loads(read_small(marker_path, WorkspaceError))
        except (KpiError, OSError, ValueError, RecursionError):
            marker = None
        if isinstance(marker, list):
            _finish_legacy(data_dir, marker)
        elif isinstance(marker, dict):
            finish(data_dir, _checked(marker))
    shutil.rmtree(journal, ignore_errors=True)
    fsync_dir(data_dir)


def finish(data_dir: Path, marker: dict[str, Any]) -> None:
    """Steps 3 and 4 of the module's list, for a committed marker."""
    journal = data_dir / JOURNAL
    folders: set[Path] = set()
    for name, target in marker["moves"]:
        source = journal / name
        if source.exists():
            destination = data_dir / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
            folders.add(destination.parent)
    for target in marker["deletes"]:
        path = data_dir / target
        path.unlink(missing_ok=True)
        folders.add(path.parent)
    if marker["append"] is not None and (journal / EVENT_FILE).exists():
        append_event(data_dir / LOG_DIR / EVENTS, marker["append"], (journal / EVENT_FILE).read_bytes())
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fsync_dir(folder)
    fsync_dir(data_dir)
    shutil.rmtree(journal, ignore_errors=True)
    fsync_dir(data_dir)


def append_event(path: Path, at: int, line: bytes) -> None:
    """Write `line` into the log at byte `at` (the file cut back there first) and flush it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as handle:
        handle.truncate(at)
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def _checked(marker: dict[str, Any]) -> dict[str, Any]:
    """The marker's entries that name the store's own files (a hostile marker names others)."""
    moves = marker.get("moves")
    deletes = marker.get("deletes")
    append = marker.get("append")
    return {
        "moves": [
            (m[0], m[1])
            for m in (moves if isinstance(moves, list) else [])
            if isinstance(m, list)
            and len(m) == 2
            and all(isinstance(p, str) for p in m)
            and _NAME.fullmatch(m[0])
            and TARGET.fullmatch(m[1])
        ],
        "deletes": [
            d
            for d in (deletes if isinstance(deletes, list) else [])
            if isinstance(d, str) and TARGET.fullmatch(d)
        ],
        "append": append
        if isinstance(append, int) and not isinstance(append, bool) and append >= 0
        else None,
    }


def _finish_legacy(data_dir: Path, names: list[Any]) -> None:
    """Put in place the files of a journal committed by a release before the store."""
    journal = data_dir / JOURNAL
    for name in names:
        pending = journal / name if isinstance(name, str) and name in LEGACY_FILES else None  # never a path
        if pending is not None and pending.exists():
            os.replace(pending, data_dir / name)
    fsync_dir(data_dir)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def write_parquet(frame: pl.DataFrame, path: Path, *, digest: bool = False) -> None:
    """Write `frame` to `path`; OSError naming the file when it cannot be written (polars reports
    a full disk as a ComputeError that says `os error 28`: made the OSError it stands for).

    With `digest` (the posts segments), the footer holds a digest of the rows (WRITE_KEY): a
    segment's cube names the segment's footer (`store.file_tag`), and a segment written with
    other rows, even of the same size and statistics, or by a kpitui that wrote no digest, no
    longer matches it. The digest is the sum of the rows' hashes, exact in 128 bits: the same
    rows give the same file name, in any order (the crash tests name each step of a change).
    Other files need none, and hashing a pack of originals or a large run would slow imports."""
    try:
        metadata = None
        if digest:
            total = frame.hash_rows(seed=0).cast(pl.Int128).sum() if frame.height else 0
            metadata = {WRITE_KEY: f"{frame.height}:{total}"}
        frame.write_parquet(path.absolute(), compression="zstd", statistics=True, metadata=metadata)
    except OSError:
        raise
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        code = re.search(r"os error (\d+)", detail)
        if code:
            raise OSError(int(code[1]), os.strerror(int(code[1])), str(path)) from exc
        if _full(path.parent):  # a write failing in parquet's footer says "transport error" only
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from exc
        raise OSError(errno.EIO, detail, str(path)) from exc


def _full(folder: Path) -> bool:
    """Whether the disk holding `folder` has (next to) no space left."""
    try:
        return shutil.disk_usage(folder).free < FULL_BYTES
    except OSError:
        return False
