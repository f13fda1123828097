"""What the reliability tests share: the long mode, a hang guard, and a workspace's state.

The reliability tests (tests/test_reliability_*.py and tests/test_fuzz_importers.py)
are sized to keep CI fast. Set `KPITUI_LONG=1` to run them ten times longer:
more kill moments, more concurrent rounds, ten times the fuzzing examples
(with a fresh random seed instead of CI's fixed one). See tests/README.md.
"""

from __future__ import annotations

import _thread
import contextlib
import faulthandler
import hashlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core import schema
from kpitui.core.dataset import Dataset
from kpitui.core.workspace import ImportRecord, Workspace

LONG = os.environ.get("KPITUI_LONG", "").strip() not in ("", "0")
"""KPITUI_LONG=1: run every reliability test ten times longer."""

FACTOR = 10 if LONG else 1

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPORTS = ROOT / "sample_data" / "exports"


ADD_OBJECTIVE = [
    "objectives",
    "add",
    "--network",
    "x",
    "--kpi",
    "posts",
    "--target",
    "3",
    "--period",
    "2026-Q1",
]
"""`kpitui objectives add …` of an objective any workspace accepts (id x-posts-2026-q1)."""


def scaled(count: int) -> int:
    """`count` in CI, ten times `count` in the long mode."""
    return count * FACTOR


@contextlib.contextmanager
def hang_guard(seconds: float, what: str) -> Iterator[None]:
    """Interrupt the test when the block runs longer than `seconds`: a hang is a failure.

    The main thread gets a KeyboardInterrupt naming `what` (which stops the
    run with its traceback); if it is stuck where Python cannot interrupt it,
    every thread's stack is dumped and the process exits twice as late.
    Without this a stuck parser would hold CI until its time runs out.
    """

    def interrupt() -> None:
        print(f"\nhang: {what} ran over {seconds:.0f} s", file=sys.stderr, flush=True)
        _thread.interrupt_main()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    faulthandler.dump_traceback_later(seconds * 2, exit=True)
    try:
        yield
    finally:
        timer.cancel()
        faulthandler.cancel_dump_traceback_later()


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a `kpitui` subprocess: this checkout's sources first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    env.pop("KPITUI_WORKSPACE", None)
    env.update(extra)
    return env


def run(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """`kpitui --workspace root ARGS…` in this process: its exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


CAPPED_MEMORY = 2 * 1024**3
"""Address space of a `kpitui` run by `run_capped`: far more than any test needs."""


def run_capped(
    root: Path, *args: str, cwd: Path | None = None, timeout: float = 120.0, **env: str
) -> subprocess.CompletedProcess[str]:
    """`kpitui --workspace root ARGS…` in a child process whose memory is capped (an attack that
    makes kpitui take all the machine's memory fails there, not on the machine), within `timeout`."""

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CAPPED_MEMORY, CAPPED_MEMORY))

    return subprocess.run(
        [sys.executable, "-m", "kpitui", "--workspace", str(root), *args],
        capture_output=True,
        text=True,
        errors="replace",
        env=cli_env(**env),
        cwd=cwd,
        timeout=timeout,
        preexec_fn=cap if sys.platform != "win32" else None,
    )


def state(workspace: Workspace) -> dict[str, Any]:
    """Everything an import changes, comparable with ==: the tables (sorted) and the import log.

    The log is compared without its `imported_at` times (two clean imports
    of the same files differ only there).
    """
    dataset, log = workspace.snapshot()  # opening recovers or discards an interrupted import
    tables = {name: canonical_order(getattr(dataset, name), name) for name in schema.TABLES}
    entries = [{k: v for k, v in asdict(r).items() if k != "imported_at"} for r in log]
    return {"tables": tables, "log": entries}


def canonical_order(frame: pl.DataFrame, table: schema.TableName) -> pl.DataFrame:
    keys = list(schema.KEYS[table])
    return frame.sort(keys, nulls_last=True)


def same_state(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["log"] != b["log"]:
        return False
    return all(a["tables"][t].equals(b["tables"][t], null_equal=True) for t in schema.TABLES)


def digest(dataset: Dataset, log: list[ImportRecord] | None) -> str:
    """A short fingerprint of the stored tables (and of the import log, when given), the same in
    every process: two snapshots of one state have the same digest."""
    hasher = hashlib.sha256()
    for name in schema.TABLES:
        frame = canonical_order(getattr(dataset, name), name)
        hasher.update(frame.write_csv().encode())
    if log is not None:
        entries = [{k: v for k, v in asdict(r).items() if k != "imported_at"} for r in log]
        hasher.update(json.dumps(entries, sort_keys=True).encode())
    return hasher.hexdigest()[:16]


def file_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes (the lock file left out: opening takes it)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".kpitui.lock"
    }


class AppInTerminal:
    """The real app, `python -m kpitui ARGS`, in a pseudo-terminal of `size` (columns, lines):
    keys are written to it, and every byte it writes to the terminal is kept in `written`.

    `launcher` replaces `-m kpitui`, e.g. with `-c CODE` that changes something first.
    """

    def __init__(
        self,
        args: list[str],
        *,
        cwd: Path,
        size: tuple[int, int] = (180, 50),
        launcher: tuple[str, ...] = ("-m", "kpitui"),
        **env: str,
    ) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        environment = cli_env(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines), **env)
        self.process = subprocess.Popen(
            [sys.executable, *launcher, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.written = bytearray()

    def __enter__(self) -> AppInTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        """Kill the app if it still runs (a failed test), and close the terminal."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.master)

    def read_for(self, seconds: float) -> None:
        """Keep what the app writes during `seconds` (less when it closes the terminal)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.written.extend(chunk)

    def until(self, marker: bytes, seconds: float = 30.0) -> bool:
        """Read until `marker` was written (or `seconds` passed); whether it was."""
        deadline = time.monotonic() + seconds
        while marker not in self.written and time.monotonic() < deadline:
            self.read_for(0.2)
        return marker in self.written

    def press(self, key: bytes, marker: bytes | None = None) -> bool:
        """Press `key`; with `marker`, again until it shows (a key pressed while a screen still
        loads is lost). Whether the marker showed."""
        for _ in range(5 if marker is not None else 1):
            with contextlib.suppress(OSError):  # the app has closed the terminal
                os.write(self.master, key)
            if marker is None or self.until(marker, 4.0):
                return True
        return False

    def quit(self, key: bytes = b"q", seconds: float = 30.0) -> bool:
        """Press `key` until the process ends (a key may land in a field first); whether it did."""
        deadline = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < deadline:
            self.press(key)
            self.read_for(1.0)
        return self.process.poll() is not None
