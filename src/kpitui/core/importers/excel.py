"""Reading workbooks (.xlsx and legacy .xls) through polars' calamine engine.

Every cell is read as text so that the importers parse values the same way
for CSV and Excel; rows keep their Excel row number (1-based) for messages.

calamine sizes its buffers from numbers written in the file (cell
positions, record counts, stream lengths), so a damaged workbook of a few KB
can make it ask for gigabytes and abort the whole process, which no `except`
catches. Workbooks are therefore read by a helper Python process, started on
the first workbook and kept for the next ones, whose memory is capped: a
damaged file ends the helper (the next workbook starts another), and kpitui
reports the file. The helper reads every sheet at once; its answer is kept
for the next calls on the same bytes (detection reads the sheet names, then
the importer the sheets).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers.csvtext import ROW

XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MEMORY_CAP: Final = 4 * 1024**3
"""Address space the helper may use: far more than any real export needs."""
TIMEOUT_S: Final = 120.0
"""Longest a workbook may take to read before the helper is stopped."""

WorkbookText = tuple[list[str] | None, dict[str, pl.DataFrame | str], str | None]
"""(sheet names, each sheet's grid of text or why it failed, why the workbook failed)."""


def is_workbook(raw: bytes) -> bool:
    """True for an .xls (OLE2) file, or a zip that holds an Excel workbook."""
    return raw.startswith(XLS_MAGIC) or (raw.startswith(XLSX_MAGIC) and b"xl/" in raw[:65536])


def sheet_names(path: Path, raw: bytes) -> tuple[str, ...]:
    """The workbook's sheet names; InputError when the workbook cannot be opened."""
    loaded = _load(raw)
    names, error = loaded[0], loaded[2]
    if names is None:
        raise InputError(_("{path}: the workbook cannot be opened ({error}).").format(path=path, error=error))
    return tuple(names)


def read_sheet(path: Path, raw: bytes, sheet: str, *, header_row: int = 1) -> pl.DataFrame:
    """One sheet as text, with the header on Excel row `header_row`.

    Returns the columns named by the header (blank header cells become
    `column_N`), plus `_row`, the Excel row number of each data row. Rows
    where every cell is empty are dropped.
    """
    names, grids, error = _load(raw)
    grid = grids.get(sheet, f"no sheet {sheet!r}") if names is not None else (error or "unreadable")
    if isinstance(grid, str):
        raise InputError(
            _("{path}, sheet {sheet}: cannot be read ({error}).").format(
                path=path, sheet=repr(sheet), error=grid
            )
        )
    if grid.height < header_row:
        raise InputError(
            _("{path}, sheet {sheet}: no header on row {row} (the sheet is empty).").format(
                path=path, sheet=repr(sheet), row=header_row
            )
        )
    names = [
        (str(v).strip() if v is not None and str(v).strip() else f"column_{i + 1}")
        for i, v in enumerate(grid.row(header_row - 1))
    ]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    body = grid.slice(header_row).with_columns(pl.all().cast(pl.String))
    body.columns = unique
    body = body.with_row_index(ROW, offset=header_row + 1).with_columns(pl.col(ROW).cast(pl.Int64))
    empty = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in unique])
    return body.filter(~empty)


@functools.lru_cache(maxsize=4)
def _load(raw: bytes) -> WorkbookText:
    """Every sheet of the workbook `raw`, read by the helper process."""
    return _HELPER.read(raw)


def read_all(raw: bytes) -> WorkbookText:
    """Every sheet of the workbook `raw` as a grid of text (run in the helper)."""
    grids: dict[str, pl.DataFrame | str] = {}
    try:
        import fastexcel

        names = list(fastexcel.read_excel(raw).sheet_names)
    except BaseException as exc:
        if not _is_failure(exc):
            raise
        return None, {}, _first_line(str(exc)) or type(exc).__name__
    for name in names:
        try:
            grids[name] = pl.read_excel(
                io.BytesIO(raw),
                sheet_name=name,
                engine="calamine",
                has_header=False,
                infer_schema_length=0,
                raise_if_empty=False,
            )
        except BaseException as exc:
            if not _is_failure(exc):
                raise
            grids[name] = _first_line(str(exc)) or type(exc).__name__
    return names, grids, None


def serve() -> None:
    """The helper's loop: a workbook on stdin (its length on 8 bytes, then its bytes), its
    `read_all` answer on stdout (pickled, after its length), until stdin closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while len(head := stdin.read(8)) == 8:
        answer = pickle.dumps(read_all(stdin.read(int.from_bytes(head, "big"))))
        stdout.write(len(answer).to_bytes(8, "big") + answer)
        stdout.flush()


_START: Final = """
import sys
if {root!r} not in sys.path:
    sys.path.insert(0, {root!r})
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
except (ImportError, ValueError, OSError):
    pass
from kpitui.core.importers.excel import serve
serve()
"""
"""The helper's program. It runs isolated (`python -I`: neither the working folder nor PYTHON*
variables reach its `sys.path`, so a `resource.py`, `polars.py` or `kpitui/` lying in the folder
where kpitui was started never runs) and finds kpitui by the path of this very package."""


class _Helper:
    """The helper process, started when first needed; one workbook at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    def read(self, raw: bytes) -> WorkbookText:
        with self._lock:
            try:
                process = self._started()
            except OSError:  # no interpreter to start (an embedded Python): read here, unprotected
                return read_all(raw)
            assert process.stdin is not None and process.stdout is not None
            errors_at = self._errors.tell() if self._errors else 0
            timer = threading.Timer(TIMEOUT_S, process.kill)
            timer.start()
            try:
                process.stdin.write(len(raw).to_bytes(8, "big") + raw)
                process.stdin.flush()
                size = int.from_bytes(_exactly(process.stdout, 8), "big")
                text: WorkbookText = pickle.loads(_exactly(process.stdout, size))  # written by the helper
                return text
            except (OSError, EOFError, pickle.UnpicklingError):
                return None, {}, self._died(timer.finished.is_set(), errors_at)
            finally:
                timer.cancel()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.close()
        package_root = str(Path(__file__).resolve().parents[3])  # the folder that holds kpitui/
        env = {**os.environ, "POLARS_MAX_THREADS": "1", "RUST_BACKTRACE": "0"}
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the helper's life
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-c", _START.format(root=package_root, cap=MEMORY_CAP)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            env=env,
        )
        return self._process

    def _died(self, timed_out: bool, errors_at: int) -> str:
        """Why the helper stopped answering; it is then replaced on the next workbook."""
        process, errors = self._process, self._errors
        assert process is not None and errors is not None
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout=10)
        errors.seek(errors_at)
        said = errors.read(4096).decode("utf-8", errors="replace")
        self.close()
        if timed_out:
            return f"reading it took over {TIMEOUT_S:.0f} s: the file looks damaged; download it again"
        lines = [line for line in said.splitlines() if line.strip()]
        reason = lines[0].strip() if lines else f"the reader stopped, code {process.returncode}"
        return f"reading it failed: {reason}; the file looks damaged, download it again"

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        if self._errors is not None:
            self._errors.close()
            self._errors = None


def _exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


_HELPER = _Helper()
atexit.register(_HELPER.close)


def _is_failure(exc: BaseException) -> bool:
    """True for what a damaged file makes the Rust readers raise: their own error types, or a
    panic, which pyo3 raises as a BaseException (not an Exception) of a type per library."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _first_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0] if text else ""
