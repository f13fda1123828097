"""A full disk and a read-only disk: a clear message, nothing changed, nothing left behind.

* On a real small disk (a tmpfs mounted for the test, where the machine allows it) filled to the
  last byte, `kpitui import` says that nothing was imported and the workspace keeps every byte,
  with no journal or temporary file left; `kpitui objectives add` says that nothing changed.
  Once space is freed, both work. Remounted read-only, both say so too, and `report` still works.
* Everywhere, each writer of an import (the parquet writer failing with a polars error or an
  OSError, the flush to disk, the commit marker) and the objectives writer are made to fail:
  the same messages, the same untouched workspace, and the next import works.

No traceback in any case: the CLI runs in this process, so one would fail the test.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest

from kpitui.core import files, journal, objectives
from kpitui.core.errors import ObjectivesError, WorkspaceError
from kpitui.core.importers import read_file
from kpitui.core.workspace import Workspace
from reliability import ADD_OBJECTIVE, EXPORTS, file_bytes, run

ADD = ADD_OBJECTIVE
NOTHING_IMPORTED = "Nothing was imported; the workspace is as it was"
NOTHING_CHANGED = "Nothing changed: the objectives are as they were"


def everything(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, the lock file and any journal or temporary file
    included (what `file_bytes` leaves out would be left behind)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fill(folder: Path) -> Path:
    """A file taking every free byte of `folder`'s disk."""
    filler = folder / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted for the test; skipped where the machine does not allow mounting."""
    if sys.platform != "linux" or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs Linux")
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (not root, or not permitted): {mounted.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def exports() -> list[Path]:
    web = sorted((EXPORTS / "web").glob("*.csv"))[:2]
    return [*web, EXPORTS / "x" / "tweet_activity_metrics_brambleandbean_20251201_20260101_en.csv"]


def test_a_full_disk(small_disk: Path, exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = small_disk / "ws"
    assert run(capsys, root, "import", str(exports[0]))[0] == 0
    assert run(capsys, root, *ADD)[0] == 0
    filler = fill(small_disk)
    before = everything(root)
    code, _, err = run(capsys, root, "import", *map(str, exports[1:]))
    assert code == 2 and NOTHING_IMPORTED in err and "No space left on device" in err, err
    assert f"{root / 'data'}: cannot be written" in err
    code, _, err = run(capsys, root, *ADD, "--id", "second")
    assert code == 2 and NOTHING_CHANGED in err and "No space left on device" in err, err
    assert everything(root) == before
    filler.unlink()
    code, out, err = run(capsys, root, "import", *map(str, exports[1:]))
    assert (code, err) == (0, "") and "46 added" in out
    assert run(capsys, root, *ADD, "--id", "second")[0] == 0
    assert [o.id for o in objectives.load(root / "objectives.toml").objectives] == [
        "x-posts-2026-q1",
        "second",
    ]


def test_a_read_only_disk(small_disk: Path, exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = small_disk / "ws"
    assert run(capsys, root, "import", str(exports[0]))[0] == 0
    before = everything(root)
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount the tmpfs read-only: {remounted.stderr.strip()}")
    code, _, err = run(capsys, root, *ADD)
    assert code == 2 and NOTHING_CHANGED in err and "Read-only file system" in err, err
    code, _, err = run(capsys, root, "import", *map(str, exports[1:]))
    assert code == 2 and "Read-only file system" in err and "nothing was written" in err, err
    code, out, err = run(capsys, root, "report", "--format", "json")
    assert (code, err) == (0, "") and '"sessions"' in out
    assert everything(root) == before


def polars_full(*_: object, **__: object) -> None:
    raise pl.exceptions.ComputeError(
        "parquet: File out of specification: underlying IO error: No space left on device (os error 28)"
    )


def polars_other(*_: object, **__: object) -> None:
    raise pl.exceptions.ComputeError("something polars could not do")


def full(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


WRITERS: dict[str, tuple[object, str, Callable[..., None], str]] = {
    "parquet, a polars error for a full disk": (pl.DataFrame, "write_parquet", polars_full, "No space left"),
    "parquet, another polars error": (pl.DataFrame, "write_parquet", polars_other, "could not do"),
    "parquet, an OSError": (pl.DataFrame, "write_parquet", full, "No space left"),
    "the flush to disk": (journal, "fsync_file", full, "No space left"),
    "the commit marker": (journal, "atomic_write", full, "No space left"),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_failing_import_writer(
    name: str, exports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, attribute, failure, detail = WRITERS[name]
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(exports[0])])
    before = everything(ws.root)
    with monkeypatch.context() as patch:
        patch.setattr(owner, attribute, failure)
        with pytest.raises(WorkspaceError, match=NOTHING_IMPORTED) as error:
            ws.import_files([read_file(p) for p in exports[1:]])
    assert detail in str(error.value) and f"{ws.data_dir}: cannot be written" in str(error.value)
    assert everything(ws.root) == before
    assert not (ws.data_dir / ".journal").exists()
    outcomes = ws.import_files([read_file(p) for p in exports[1:]])
    assert [o.counts.added for o in outcomes][-1] == 46 and len(ws.imports()) == 3


def test_a_failing_objectives_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    assert run(capsys, root, *ADD)[0] == 0
    ws = Workspace(root)
    shown = objectives.load(ws.objectives_path)
    before = file_bytes(root)
    with monkeypatch.context() as patch:
        patch.setattr(files.os, "fsync", full)  # inside the atomic write, after the bytes
        code, _, err = run(capsys, root, *ADD, "--id", "second")
        assert code == 2 and NOTHING_CHANGED in err and "No space left on device" in err, err
        with pytest.raises(ObjectivesError, match=NOTHING_CHANGED):
            ws.change_objectives(lambda current: current.objectives[:0], read=shown)
    assert file_bytes(root) == before
    assert sorted(p.name for p in root.iterdir()) == [".kpitui.lock", "kpitui.toml", "objectives.toml"]
    ws.change_objectives(lambda current: current.objectives[:0], read=shown)
    assert objectives.load(ws.objectives_path).objectives == ()
