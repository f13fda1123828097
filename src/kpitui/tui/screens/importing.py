"""Import (`5`): choose export files, see what each will bring, confirm, see the history.

Files come from a browser limited to folders and export files, or from a
field where paths are typed or pasted (several at once, quoted when they
hold spaces, or a folder). Each file is read in a worker and previewed
without writing anything: the detected format, the account, the days it
covers, the rows it will add or update, and its warnings or its error with
row and column. `i` imports the files that can be read, in one transaction.
Reading can be cancelled (escape): nothing is written until the import is
confirmed. After an import every screen shows the new data; on the demo,
the first import switches to the real workspace.
"""

from __future__ import annotations

import shlex
import stat
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from rich.text import Text, TextType
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, DirectoryTree, Input, Label, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from kpitui.core.errors import InputError, KpiError
from kpitui.core.importers import EXPORT_SUFFIXES, ImportOptions, ParsedFile, Source, sources
from kpitui.core.report import Report
from kpitui.core.workspace import FileOutcome, Workspace, default_root
from kpitui.tui import render
from kpitui.tui.screens.base import AreaScreen, ExportTable
from kpitui.tui.text import clean, plain

T = TypeVar("T")

FILE_COLUMNS = ("File", "Format", "Account", "Covers", "Rows", "Adds", "Updates", "State")


class ExportTree(DirectoryTree):
    """A file browser that lists folders and export files only, their names shown literally."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Folders and regular files with an export's suffix (a FIFO or a device is no export:
        reading it would block or never end). Runs in the tree's worker thread."""
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or (path.suffix.lower() in EXPORT_SUFFIXES and path.is_file()):
                    yield path
            except OSError:
                continue

    def process_label(self, label: TextType) -> Text:
        """A file or folder name as it is: never markup, never an escape sequence (a name can
        hold `[@click=…]` or an OSC 52 clipboard write)."""
        return plain(label.plain if isinstance(label, Text) else label)


@dataclass
class Pending:
    """One file waiting to be imported, with what its preview found."""

    source: Source
    parsed: ParsedFile | None = None
    error: str | None = None
    outcome: FileOutcome | None = None
    state: str = "reading…"
    warnings: list[str] = field(default_factory=list)
    reading: Future[ParsedFile] | None = None
    """The read of the file, once started (a preview started again waits for it)."""


def split_paths(text: str) -> list[Path]:
    """Paths typed or pasted: one per line, or separated by spaces with shell quoting."""
    text = text.strip()
    if not text:
        return []
    if Path(text).expanduser().exists():
        return [Path(text).expanduser()]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return [Path(line).expanduser() for line in lines]
    try:
        return [Path(part).expanduser() for part in shlex.split(text)]
    except ValueError:
        return [Path(text).expanduser()]


def refusal(path: Path) -> str | None:
    """Why `path`, named by the user, cannot be imported; None when it is a folder or a
    regular file. It is only stat'ed: a FIFO or a device is never opened (opening or reading
    one blocks a worker, and the app could not quit)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"Not found: {path}"
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})."
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return (
        f"{path}: not a regular file (a FIFO, a device or a socket); "
        "only export files and folders can be imported."
    )


def in_background(work: Callable[[], T]) -> Future[T]:
    """`work()`, started in a daemon thread: a thread that ends with the process (see awaited)."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to whoever waits for it
            future.set_exception(exc)

    threading.Thread(target=run, name="kpitui-read", daemon=True).start()
    return future


def awaited(future: Future[T]) -> T | None:
    """The result of `future`, waited for by the current worker until it is cancelled (escape,
    or the app quitting): None then, and the work is left behind.

    A worker's own thread is joined when the app exits, so a read done there that blocks (a
    file on a hung network mount) or lasts (a huge folder searched) would keep the process
    alive after the app closed; read in a daemon thread, it ends with the process. Only for
    reading: an import, which writes, is always waited for. What the work raised is raised.
    """
    worker = get_current_worker()
    while True:
        try:
            return future.result(timeout=0.05)
        except TimeoutError:
            if worker.is_cancelled:
                return None


def start_folder() -> Path:
    """Where the browser opens: the Downloads folder when there is one, else the current folder."""
    downloads = Path.home() / "Downloads"
    return downloads if downloads.is_dir() else Path.cwd()


class ImportScreen(AreaScreen):
    """Bring exports into the workspace without leaving the app."""

    AREA = "Import"

    BINDINGS = [
        Binding("i", "import_files", "Import"),
        Binding("a", "add_highlighted", "Add"),
        Binding("delete", "drop", "Drop file"),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    ImportScreen #paths { margin: 0 1; }
    ImportScreen #panes { height: 1fr; }
    ImportScreen ExportTree { width: 34%; min-width: 24; border-right: solid $panel; }
    ImportScreen #right { width: 1fr; }
    ImportScreen #files { height: 1fr; min-height: 5; }
    ImportScreen #details { height: auto; max-height: 10; padding: 0 1; }
    ImportScreen #progress { height: auto; padding: 0 1; }
    ImportScreen #history-title { padding: 0 1; text-style: bold; }
    ImportScreen #history { height: 1fr; min-height: 4; }
    ImportScreen #history-note { padding: 0 1; height: auto; color: $text-muted; }
    ImportScreen #target { padding: 0 1; height: auto; color: $text-muted; }
    """

    pending: list[Pending]

    def __init__(self) -> None:
        super().__init__()
        self.pending = []

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder="Type or paste export files or a folder, then Enter (quote paths with spaces)",
            id="paths",
        )
        with Horizontal(id="panes"):
            yield ExportTree(start_folder(), id="tree")
            with Vertical(id="right"):
                yield Label("", id="target")
                yield DataTable(id="files", cursor_type="row", zebra_stripes=True)
                yield Static("", id="details")
                with Horizontal(id="progress"):
                    yield ProgressBar(id="bar", show_eta=False)
                    yield Label("", id="progress-label")
                yield Label("Import history", id="history-title")
                yield Static("", id="history-note")
                yield DataTable(id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#progress").display = False
        self._draw_files()
        self.refresh_history()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.refresh_history()

    def show_report(self, report: Report) -> None:
        self._target_label()

    # --- where imports go --------------------------------------------------------------

    def target(self) -> Workspace:
        """The real workspace: the app's, or the default one when showing the demo."""
        app = self.kpi_app
        if app.workspace is not None:
            return app.workspace
        loaded = app.loaded
        if loaded is not None and not loaded.demo:
            return loaded.workspace
        return Workspace(default_root())

    def _target_label(self) -> None:
        loaded = self.kpi_app.loaded
        target = self.target()
        note = (
            " (the demo is left as it is; the app switches to this workspace after the import)"
            if (loaded is not None and loaded.demo)
            else ""
        )
        self.query_one("#target", Label).update(
            Text(f"Into {clean(target.root)}{note} · i import · a add the highlighted folder · delete drop")
        )

    # --- adding files ----------------------------------------------------------------------

    @on(Input.Submitted, "#paths")
    def _typed(self, event: Input.Submitted) -> None:
        paths = split_paths(event.value)
        if paths:
            self.add(paths, typed=event.value)

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.add([event.path])

    def action_add_highlighted(self) -> None:
        tree = self.query_one(ExportTree)
        node = tree.cursor_node
        if node is not None and node.data is not None:
            self.add([Path(node.data.path)])

    def add(self, paths: list[Path], typed: str | None = None) -> None:
        """Add files, folders and zips: listed and opened in a worker, then previewed.

        `typed` is the text of the paths field they came from, cleared once they are in.
        """
        self._progress(None, None, f"looking at {paths[0].name or paths[0]}…")
        self.collect(paths, typed)

    @work(thread=True, group="collect", exit_on_error=False, description="listing the files")
    def collect(self, paths: list[Path], typed: str | None) -> None:
        """The export files the paths name (a folder searched, a zip opened), off the UI thread;
        a path that is neither a folder nor a regular file is refused before anything opens it."""
        found = awaited(in_background(lambda: _sources(paths)))
        worker = get_current_worker()
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._collected, worker, found, typed)

    def _collected(self, worker: Worker[None], found: list[Source], typed: str | None) -> None:
        if worker.is_cancelled:  # escape was pressed while the result was on its way
            return
        if typed is not None:
            field = self.query_one("#paths", Input)
            if field.value == typed:
                field.value = ""
            self.query_one("#files", DataTable).focus()  # so that i, delete and escape act on the list
        known = {p.source.path for p in self.pending}
        new = [Pending(s) for s in found if s.path not in known]
        if not new:
            self._progress_done()
            self.notify("Already in the list.", timeout=3)
            return
        self.pending.extend(new)
        self._draw_files()
        self._progress(0, None, "reading…")
        self.preview(list(self.pending))

    def action_drop(self) -> None:
        table = self.query_one("#files", DataTable)
        if not self.pending or table.row_count == 0:
            return
        del self.pending[min(table.cursor_row, len(self.pending) - 1)]
        self._draw_files()
        if self.pending:
            self.preview(list(self.pending))

    # --- preview: read every file, merge in memory, write nothing -------------------------

    def _options(self) -> ImportOptions:
        loaded = self.kpi_app.loaded
        settings = self.target().settings() if self.target().exists else None
        timezone = (
            settings.timezone
            if settings
            else (loaded.settings.timezone if loaded and not loaded.demo else "UTC")
        )
        return ImportOptions(timezone=timezone)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False, description="reading exports")
    def preview(self, items: list[Pending]) -> None:
        worker = get_current_worker()
        try:
            options = self._options()
        except KpiError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        total = sum(len(p.source.raw) if p.source.raw is not None else _size(p.source.path) for p in items)
        self.app.call_from_thread(self._progress, 0, total, "reading…")
        done = 0
        for item in items:
            if worker.is_cancelled:
                return
            if item.parsed is None and item.error is None:
                self.app.call_from_thread(self._progress, done, total, f"reading {item.source.path.name}…")
                if item.reading is None:  # else a preview cancelled meanwhile started it: wait for it
                    item.reading = in_background(partial(item.source.read, options))
                try:
                    read = awaited(item.reading)
                except InputError as exc:
                    item.error = str(exc)
                else:
                    if read is None:  # cancelled
                        return
                    item.parsed, item.warnings = read, list(read.warnings)
            done += len(item.source.raw) if item.source.raw is not None else _size(item.source.path)
        if worker.is_cancelled:
            return
        good = [p for p in items if p.parsed is not None]
        self.app.call_from_thread(self._progress, done, total, "comparing with the workspace…")
        parsed = [p.parsed for p in good if p.parsed is not None]
        try:
            target = self.target()
            compared = awaited(in_background(lambda: target.import_files(parsed, dry_run=True)))
        except KpiError as exc:
            for item in good:
                item.error, item.state = str(exc), "refused"
            compared = []
        if compared is None:  # cancelled
            return
        outcomes = compared
        for item, outcome in zip(good, outcomes, strict=False):
            item.outcome = outcome
        for item in items:
            if item.error is not None:
                item.state = "refused"
            elif item.outcome is not None and item.outcome.duplicate_of is not None:
                item.state = "already imported"
            elif item.outcome is not None:
                item.state = "ready"
        if not worker.is_cancelled:
            self.app.call_from_thread(self._previewed)

    def _previewed(self) -> None:
        self._progress_done()
        self._draw_files()

    def action_cancel(self) -> None:
        cancelled = self.workers.cancel_group(self, "import") + self.workers.cancel_group(self, "collect")
        if cancelled:
            self.pending = [p for p in self.pending if p.state != "reading…"]
            self._progress_done()
            self._draw_files()
            self.notify("Cancelled: nothing was written.", timeout=4)

    # --- import -------------------------------------------------------------------------------

    def action_import_files(self) -> None:
        ready = [p for p in self.pending if p.state == "ready"]
        if any(p.state == "reading…" for p in self.pending):
            self.notify("Still reading the files; wait, or press escape to cancel.", severity="warning")
            return
        if not ready:
            self.notify("Nothing ready to import: add export files first.", severity="warning", timeout=5)
            return
        self.run_import(ready)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False, description="importing")
    def run_import(self, ready: list[Pending]) -> None:
        """Import the ready files in one transaction. A failure of any kind (a full disk is a
        polars ComputeError, not only a KpiError) goes to the app's handler, with a note of
        what became of the workspace."""
        self.app.call_from_thread(self._progress, None, None, "importing…")
        target = self.target()
        try:
            outcomes = target.import_files([p.parsed for p in ready])  # type: ignore[misc]
        except Exception as exc:
            exc.add_note(self._after_failure(target, ready))
            raise
        self.app.call_from_thread(self._imported, target, ready, outcomes)

    def _after_failure(self, target: Workspace, ready: list[Pending]) -> str:
        """What a failed import left, read from the import log (reading it finishes or discards
        what the import left on disk): nothing, as a rule, or everything, when it failed
        after its commit."""
        try:
            logged = {r.sha256 for r in target.imports()} if target.exists else set()
        except KpiError:
            return ""
        if any(p.parsed is not None and p.parsed.sha256 in logged for p in ready):
            self.app.call_from_thread(self.kpi_app.switch_workspace, target)
            return "The files were imported all the same: the history lists them."
        return "Nothing was imported; the workspace is as it was."

    def worker_failed(self, worker: Worker[object]) -> str:
        """A preview, a listing or an import failed: no longer waiting, the list kept to act on."""
        note = ""
        if worker.name == "preview":
            error = worker.error
            for item in self.pending:
                if item.state == "reading…":
                    item.state, item.error = "refused", f"Not read: {type(error).__name__}: {error}"
            note = "Nothing was written."
        elif worker.name == "run_import":
            self.refresh_history()
        self._progress_done()
        self._draw_files()
        return note

    def _imported(self, target: Workspace, ready: list[Pending], outcomes: list[FileOutcome]) -> None:
        self._progress_done()
        added = sum(o.counts.added for o in outcomes)
        updated = sum(o.counts.updated for o in outcomes)
        self.pending = [p for p in self.pending if p not in ready]
        self._draw_files()
        self.notify(
            f"Imported {len(ready)} file(s): {added:,} rows added, {updated:,} updated.",
            title="Imported",
            timeout=8,
        )
        self.kpi_app.switch_workspace(target)
        self.refresh_history()

    # --- drawing ---------------------------------------------------------------------------------

    def _progress(self, done: float | None, total: float | None, label: str) -> None:
        """Show the progress bar with `label`, which names files: drawn as plain text."""
        self.query_one("#progress").display = True
        self.query_one("#bar", ProgressBar).update(total=total, progress=done or 0)
        self.query_one("#progress-label", Label).update(
            Text(f"  {clean(label)}  (escape cancels; nothing is written yet)")
        )

    def _progress_done(self) -> None:
        """Hide the progress bar, unless files are still being read."""
        if not any(p.state == "reading…" for p in self.pending):
            self.query_one("#progress").display = False

    def _draw_files(self) -> None:
        table = self.query_one("#files", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        colors = render.palette(self.app)
        for name in FILE_COLUMNS:
            table.add_column(
                Text(name, justify="right" if name in ("Rows", "Adds", "Updates") else "left"), key=name
            )
        if not self.pending:
            table.add_row(
                Text("Choose files in the browser (enter), or type paths above.", style="italic"),
                *[""] * (len(FILE_COLUMNS) - 1),
            )
        for item in self.pending:
            p, o = item.parsed, item.outcome
            days = p.days if p else None
            style = {"refused": colors["error"], "ready": colors["success"]}.get(item.state, "")
            table.add_row(
                plain(item.source.path.name, limit=40),
                plain(p.label if p else ("—" if item.error else "…"), limit=34),
                plain(", ".join(p.accounts) if p and p.accounts else "—", limit=24),
                Text(f"{days[0]}..{days[1]}" if days else "—"),
                Text(f"{p.rows:,}" if p else "—", justify="right"),
                Text(f"{o.counts.added:,}" if o else "—", justify="right"),
                Text(f"{o.counts.updated:,}" if o else "—", justify="right"),
                Text(item.state, style=style),
            )
        if self.pending:
            table.move_cursor(row=min(cursor, len(self.pending) - 1))
        self._details()

    @on(DataTable.RowHighlighted, "#files")
    def _details(self, event: DataTable.RowHighlighted | None = None) -> None:
        details = self.query_one("#details", Static)
        table = self.query_one("#files", DataTable)
        if not self.pending or table.row_count == 0:
            details.update("")
            return
        item = self.pending[min(table.cursor_row, len(self.pending) - 1)]
        lines = Text()
        lines.append(clean(item.source.path) + "\n", style="bold")
        if item.error:
            lines.append(
                "✖ " + clean(item.error, single_line=False) + "\n", style=render.palette(self.app)["error"]
            )
        for warning in item.warnings:
            lines.append("▲ " + clean(warning, single_line=False) + "\n")
        if item.outcome is not None and item.outcome.duplicate_of is not None:
            lines.append(
                f"Already imported on {item.outcome.duplicate_of.imported_at}: nothing would change.\n"
            )
        ready = sum(1 for p in self.pending if p.state == "ready")
        lines.append(f"{ready} file(s) ready · i imports them in one transaction", style="dim")
        details.update(lines)

    def refresh_history(self) -> None:
        table = self.query_one("#history", DataTable)
        table.clear(columns=True)
        for name in ("#", "Imported", "File", "Format", "Rows", "Added", "Updated", "Covers"):
            table.add_column(name, key=name)
        note = self.query_one("#history-note", Static)
        target = self.target()
        try:
            records = target.imports() if target.exists else []
        except KpiError as exc:  # said above the table: a table cell would crop it to its column
            note.update(Text("✖ ", style="bold") + plain(str(exc), single_line=False))
            note.display, table.display = True, False
            return
        for r in reversed(records):
            table.add_row(
                Text(str(r.id)),
                Text(r.imported_at.replace("T", " ")[:16]),
                plain(r.name, limit=40),
                plain(r.label, limit=30),
                Text(f"{r.rows:,}", justify="right"),
                Text(f"{r.added:,}", justify="right"),
                Text(f"{r.updated:,}", justify="right"),
                Text(f"{r.first_day or '—'}..{r.last_day or '—'}"),
            )
        note.update(Text("Nothing imported into this workspace yet.", style="italic"))
        note.display, table.display = not records, bool(records)

    def export_tables(self) -> list[ExportTable]:
        target = self.target()
        records = target.imports() if target.exists else []
        rows = [
            [
                str(r.id),
                r.imported_at,
                clean(r.name),
                r.label,
                str(r.rows),
                str(r.added),
                str(r.updated),
                f"{r.first_day}..{r.last_day}",
            ]
            for r in records
        ]
        return [
            ExportTable(
                "import history",
                ["#", "Imported", "File", "Format", "Rows", "Added", "Updated", "Covers"],
                rows,
            )
        ]


def _sources(paths: list[Path]) -> list[Source]:
    """The export files of `paths`, each first checked to be a folder or a regular file."""
    for path in paths:
        problem = refusal(path)
        if problem is not None:
            raise InputError(problem)
    return sources(paths)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
