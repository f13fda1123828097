"""Import (`5`): choose export files, see what each will bring, answer what it asks, confirm.

Files come from a browser limited to folders and export files, or from a
field where paths are typed or pasted (several at once, quoted when they
hold spaces, or a folder). Each file is read in a worker and previewed
without writing anything: the detected format, the account, the days it
covers, the rows it will add or update, how the import decided what the file
does not say (its account, its network), and its warnings or its error with
row and column. A file that cannot be placed without the person's word (an
account nothing names, an untitled Meta file's network, a TikTok file's
year) says so in its row, and the person answers it in the details, for that
file alone: it is read and compared again. Every change to the list (a file
added, dropped, answered, read again) compares the whole list again, so no
refusal outlives its cause. `i` imports the files that are ready, in one
transaction. Reading can be cancelled (escape): nothing is written until the
import is confirmed. After an import, here or by another kpitui, every
screen shows the new data; on the demo, the first import switches to the
real workspace.

The keys follow the focus (tab and shift+tab move between the path field,
the browser, the list, the file's answers and the history; escape leaves a
field for the list), a line under the field says what they do there, and the
tables keep the file's name and state at 80 columns.
"""

from __future__ import annotations

import shlex
import stat
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Final, TypeVar

from rich.text import Text, TextType
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import DataTable, DirectoryTree, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, get_current_worker

from kpitui.core import format as fmt
from kpitui.core import views
from kpitui.core.errors import InputError, KpiError
from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.importers import EXPORT_SUFFIXES, ImportOptions, ParsedFile, Source, read_again, sources
from kpitui.core.importlog import ImportRecord
from kpitui.core.report import Report
from kpitui.core.table import Table
from kpitui.core.workspace import FileOutcome, StoreChange, Workspace, default_root, not_kept, not_removable
from kpitui.tui import render
from kpitui.tui.messages import WorkspaceWritten
from kpitui.tui.pending import NEEDS, OPTIONS, Comparison, Given, Pending, compare
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.screens.objectives import Confirm
from kpitui.tui.screens.redo import Redo, RedoForm
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.fitted import Column, FittedTable
from kpitui.tui.workers import in_thread

T = TypeVar("T")

FILE_COLUMNS: Final = (
    Column(N_("File"), 0, limit=40, flexible=True, least=12),
    Column(N_("Format"), 4, limit=34),
    Column(N_("Account"), 3, limit=24),
    Column(N_("Covers"), 5, limit=22),
    Column(N_("Rows"), 6, right=True),
    Column(N_("Adds"), 2, right=True),
    Column(N_("Updates"), 7, right=True),
    Column(N_("State"), 0),
)
"""The files list: the name and the state always; then what a file adds, its account, its format,
the days it covers, as the width allows (names in English, shown translated)."""

STATES: Final[dict[str, str]] = {
    "reading…": N_("reading…"),
    "ready": N_("ready"),
    "needs an account": N_("needs an account"),
    "needs a network": N_("needs a network"),
    "needs a year": N_("needs a year"),
    "refused": N_("refused"),
    "already imported": N_("already imported"),
    "imported": N_("imported"),
    "not compared": N_("not compared"),
}
"""A file's state (`Pending.state`, an id the screen tests) as the list shows it."""


REMOVING: Final = N_("removing an import")
"""What the worker does, for the message of its failure."""


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
        return _("Not found: {path}").format(path=path)
    except OSError as exc:
        return _("{path}: cannot be read ({error}).").format(path=path, error=exc.strerror or exc)
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return _(
        "{path}: not a regular file (a FIFO, a device or a socket); "
        "only export files and folders can be imported."
    ).format(path=path)


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


class PathField(Input):
    """The field for typed or pasted paths; escape leaves it for the files list (and cancels the
    reading under way, as the progress line says escape does)."""

    BINDINGS = [Binding("escape", "leave", N_("Leave field"))]

    def action_leave(self) -> None:
        screen = self.screen
        if isinstance(screen, ImportScreen):
            screen.action_cancel()
        to_files(self)


class AnswerField(Input):
    """A file's account or year, typed; escape goes back to the files list."""

    BINDINGS = [Binding("escape", "leave", N_("Back to files"))]

    def action_leave(self) -> None:
        to_files(self)


class AnswerChoice(Select[str]):
    """A file's network, chosen; escape goes back to the files list."""

    BINDINGS = [Binding("escape", "leave", N_("Back to files"))]

    def action_leave(self) -> None:
        to_files(self)


def to_files(widget: Widget) -> None:
    """Give the focus to the files list of `widget`'s screen."""
    widget.screen.query_one("#files").focus()


class FilesTable(FittedTable):
    """The files list; enter goes to the highlighted file's questions, when it has any."""

    BINDINGS = [Binding("enter", "answer", N_("Answer"))]

    class Answer(Message):
        """Enter on a file that asks something."""

    def __init__(self, answerable: Callable[[], bool], **kwargs: object) -> None:
        super().__init__(FILE_COLUMNS, **kwargs)
        self.answerable = answerable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.answerable()
        return True

    def action_answer(self) -> None:
        self.post_message(self.Answer())


def fields(item: Pending | None) -> tuple[str, ...]:
    """The fields the details offer for `item`: what it asks, unless it is imported, or is the
    same bytes as an import and nothing was given for it (an answer would change nothing)."""
    if item is None or item.imported or (item.state == "already imported" and item.given == Given()):
        return ()
    return item.asks()


HINTS: Final[dict[str, str]] = {
    "paths": N_("enter adds them · esc: to the files · tab: to the browser"),
    "tree": N_("enter adds a file (opens a folder) · a adds the folder · tab: to the files"),
    "files": N_("enter answers what it asks · delete drops it · i imports · tab: onwards"),
    "answer": N_("enter: read the file again with it · esc: back to the files"),
    "history": N_("delete removes it · r or enter: redo it with other options · shift+tab: back"),
}
"""What the keys do where the focus is (tab and shift+tab move between the places)."""

ASKING: Final[dict[str, str]] = {
    "network": N_("Choose its network below."),
    "account": N_("Type its account below, then enter."),
    "year": N_("Type the year of its last day below, then enter."),
}


REMOVE_IMPORT: Final = N_("In the history: remove the import under the cursor, after a confirmation")
REDO_IMPORT: Final = N_(
    "In the history: read the import under the cursor again with another year, account or format (enter too)"
)
ADD_FOLDER: Final = N_("Add the folder under the cursor (enter adds a file)")


class ImportScreen(AreaScreen):
    """Bring exports into the workspace without leaving the app."""

    AREA = N_("Import")

    BINDINGS = [
        Binding("delete", "remove_import", N_("Remove import"), tooltip=REMOVE_IMPORT),
        Binding("r", "redo_import", N_("Redo import"), tooltip=REDO_IMPORT),
        Binding("i", "import_files", N_("Import"), tooltip=N_("Import the files that are ready")),
        Binding("a", "add_highlighted", N_("Add folder"), tooltip=ADD_FOLDER),
        Binding(
            "delete", "drop", N_("Drop file"), tooltip=N_("Drop the file under the cursor from the list")
        ),
        Binding("r", "read_again", N_("Read again"), tooltip=N_("Read the listed files again")),
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Cancel the reading in progress")),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    DEFAULT_CSS = """
    ImportScreen #paths { margin: 0 1; }
    ImportScreen.-short #paths { border: none; height: 1; padding: 0 1; margin: 0 1; }
    ImportScreen #hint { padding: 0 2; height: 1; color: $text-muted; }
    ImportScreen #panes { height: 1fr; }
    ImportScreen ExportTree { width: 30%; min-width: 20; max-width: 44; border-right: solid $panel; }
    ImportScreen #right { width: 1fr; }
    ImportScreen #target { padding: 0 1; height: 1; color: $text-muted; }
    ImportScreen #files { height: 1fr; min-height: 4; }
    ImportScreen #file-pane { height: auto; max-height: 45%; overflow-y: auto; padding: 0 1; }
    ImportScreen .answer { height: 1; margin: 0 0 0 2; }
    ImportScreen .answer Label { width: 9; }
    ImportScreen .answer Input { width: 1fr; max-width: 40; }
    ImportScreen .answer Select { width: 24; }
    ImportScreen #progress { height: auto; padding: 0 1; }
    ImportScreen #history-title { padding: 0 1; text-style: bold; }
    ImportScreen #history { height: 1fr; min-height: 3; }
    ImportScreen #history-note { padding: 0 1; height: auto; color: $text-muted; }
    """

    pending: list[Pending]

    def __init__(self) -> None:
        super().__init__()
        self.pending = []
        self._answering: Pending | None = None
        self._compared: tuple[int, ...] | None = None
        """The workspace's change token the last comparison was made against."""
        self._history: list[ImportRecord] = []
        """The imports the history table shows, in its order (newest first)."""

    def compose_body(self) -> ComposeResult:
        yield PathField(
            placeholder=_("Type or paste export files or a folder, then Enter (quote paths with spaces)"),
            id="paths",
        )
        yield Label("", id="hint")
        with Horizontal(id="panes"):
            yield ExportTree(start_folder(), id="tree")
            with Vertical(id="right"):
                yield Label("", id="target")
                yield FilesTable(self._highlighted_asks, id="files", cursor_type="row", zebra_stripes=True)
                with Vertical(id="file-pane"):
                    yield Static("", id="details")
                    with Horizontal(classes="answer", id="ask-network-row"):
                        yield Label(_("Network"))
                        yield AnswerChoice([], prompt=_("choose"), compact=True, id="ask-network")
                    with Horizontal(classes="answer", id="ask-account-row"):
                        yield Label(_("Account"))
                        yield AnswerField(
                            placeholder=_("its name, as on the network"), compact=True, id="ask-account"
                        )
                    with Horizontal(classes="answer", id="ask-year-row"):
                        yield Label(_("Year"))
                        yield AnswerField(
                            placeholder=_("of its last day, e.g. 2025"),
                            type="integer",
                            max_length=4,
                            compact=True,
                            id="ask-year",
                        )
                with Horizontal(id="progress"):
                    yield ProgressBar(id="bar", show_eta=False)
                    yield Label("", id="progress-label")
                yield Label(_("Import history"), id="history-title")
                yield Static("", id="history-note")
                yield FittedTable((), id="history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # AreaScreen's on_mount is called by Textual after this one: no super() call (it
        # watched every report twice)
        self.query_one("#progress").display = False
        self._draw_files()
        self.watch(self.app, "loaded", self._workspace_read, init=True)
        self._hint(None)

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
        """Where the files go, and how many of the list are ready."""
        loaded = self.kpi_app.loaded
        target = self.target()
        note = (
            _(" (the demo is left as it is; the app switches to this workspace after the import)")
            if (loaded is not None and loaded.demo)
            else ""
        )
        waiting = [p for p in self.pending if not p.imported]
        ready = sum(1 for p in waiting if p.state == "ready")
        if waiting:
            count = ngettext("{n} file, {ready} ready", "{n} files, {ready} ready", len(waiting))
        elif self.pending:
            count = ngettext("{n} file imported", "{n} files imported", len(self.pending))
        else:
            count = _("no files yet")
        count = count.format(n=len(waiting) or len(self.pending), ready=ready)
        into = _("Into {root}").format(root=clean(target.root))
        self.query_one("#target", Label).update(Text(f"{into} · {count}{note}"))

    def _workspace_read(self, *_: object) -> None:
        """The app read the workspace again (an import, here or by another kpitui): the history
        shows it, and files compared before it are compared again."""
        self.refresh_history()
        waiting = [p for p in self.pending if not p.imported and p.read]
        if waiting and self._compared != self.target().change_token():
            self._preview_again()

    # --- moving around -------------------------------------------------------------------

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self._hint(event.widget)
        self.refresh_bindings()

    def _hint(self, widget: Widget | None) -> None:
        place = "files"
        if isinstance(widget, PathField):
            place = "paths"
        elif isinstance(widget, (AnswerField, AnswerChoice)) or (widget and widget.id == "ask-network"):
            place = "answer"
        elif isinstance(widget, DirectoryTree):
            place = "tree"
        elif widget is not None and widget.id == "history":
            place = "history"
        self.query_one("#hint", Label).update(Text(_(HINTS[place])))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers a key only where it acts: adding from the browser, dropping from the
        list, cancelling while something is read."""
        focused = self.focused
        if action == "add_highlighted":
            return isinstance(focused, DirectoryTree)
        if action == "drop":
            return focused is not None and focused.id == "files" and bool(self.pending)
        if action in ("remove_import", "redo_import"):
            return self._in_history() is not None
        if action == "read_again":
            return self._in_history() is None and any(not p.imported for p in self.pending)
        if action == "cancel":
            return self._busy()
        return True

    def _busy(self) -> bool:
        return any(w.is_running and w.group in ("import", "collect") for w in self.workers)

    # --- adding files ----------------------------------------------------------------------

    @on(Input.Submitted, "#paths")
    def _typed(self, event: Input.Submitted) -> None:
        paths = split_paths(event.value)
        if paths:
            self.add(paths, typed=event.value)

    def on_paste(self, event: events.Paste) -> None:
        """Paths pasted anywhere but in a field go to the path field (enter adds them)."""
        field = self.query_one("#paths", PathField)
        if event.text.strip():
            field.value = event.text.strip()
            field.focus()
            field.cursor_position = len(field.value)

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
        self._progress(None, None, _("looking at {name}…").format(name=paths[0].name or paths[0]))
        self.collect(paths, typed)

    @work(thread=True, group="collect", exit_on_error=False, description=N_("listing the files"))
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
            paths = self.query_one("#paths", Input)
            if paths.value == typed:
                paths.value = ""
            self.query_one("#files").focus()  # so that i, delete and escape act on the list
        self.pending = [p for p in self.pending if not p.imported]  # a new batch
        known = {p.source.path for p in self.pending}
        new = [Pending(s) for s in found if s.path not in known]
        if not new:
            self._progress_done()
            self._draw_files()
            self.notify(_("Already in the list."), timeout=3)
            return
        self.pending.extend(new)
        self._preview_again()

    def action_drop(self) -> None:
        item = self._highlighted()
        if item is None:
            return
        self.pending.remove(item)
        self._preview_again()

    def action_read_again(self) -> None:
        """Read every file again (fixed on disk meanwhile) and compare them again."""
        for item in self.pending:
            if not item.imported and item.read:
                item.reading = None
        self._preview_again()

    # --- what a file asks ------------------------------------------------------------------

    def _highlighted(self) -> Pending | None:
        table = self.query_one("#files", DataTable)
        if not self.pending or table.row_count == 0:
            return None
        return self.pending[min(table.cursor_row, len(self.pending) - 1)]

    def _highlighted_asks(self) -> bool:
        return bool(fields(self._highlighted()))

    @on(FilesTable.Answer)
    def _to_answers(self) -> None:
        """To the field of the question the file asks, else to its first field."""
        item = self._highlighted()
        problem = item.problem() if item is not None else None
        asked = [problem[1].option] if problem is not None and problem[1] is not None else []
        for option in [*asked, *OPTIONS]:
            if self.query_one(f"#ask-{option}-row").display:
                self.query_one(f"#ask-{option}").focus()
                return

    def _show_answers(self, item: Pending | None) -> None:
        """The fields of what `item` asks, holding what was given for it (a field being typed in
        is left alone)."""
        asked = fields(item)
        for option in OPTIONS:
            self.query_one(f"#ask-{option}-row").display = option in asked
        self._answering = item
        if item is None:
            return
        choice = self.query_one("#ask-network", AnswerChoice)
        if not choice.has_focus and not choice.expanded:
            with self.prevent(Select.Changed):
                choice.set_options((n.capitalize(), n) for n in item.choices("network"))
                if item.given.network is not None:
                    choice.value = item.given.network
        account = self.query_one("#ask-account", AnswerField)
        if not account.has_focus:
            account.value = item.given.account or ""
            account.suggester = SuggestFromList(item.choices("account"), case_sensitive=False)
        year = self.query_one("#ask-year", AnswerField)
        if not year.has_focus:
            year.value = str(item.given.year) if item.given.year is not None else ""

    @on(Input.Submitted, "AnswerField")
    def _answer_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._answer(event.input):
            to_files(self)

    @on(Input.Blurred, "AnswerField")
    def _answer_left(self, event: Input.Blurred) -> None:
        self._answer(event.input)

    @on(Select.Changed, "#ask-network")
    def _network_chosen(self, event: Select.Changed) -> None:
        item = self._answering
        if item is not None:
            self._give(item, network=event.value if isinstance(event.value, str) else None)

    def _answer(self, field: Input) -> bool:
        """Give the highlighted file what `field` holds; False when it is not a value it can take."""
        item = self._answering
        if item is None or item not in self.pending:
            return False
        text = field.value.strip()
        if field.id == "ask-year":
            if text and not text.isdigit():
                self.notify(
                    _("{text!r} is not a year: type the year of the file's last day, such as 2025.").format(
                        text=text
                    )
                )
                return False
            return self._give(item, year=int(text) if text else None)
        return self._give(item, account=text or None)

    def _give(self, item: Pending, **given: object) -> bool:
        """Set what was given for `item`, and read it again with it when that changed."""
        changed = replace(item.given, **given)  # type: ignore[arg-type]
        if changed != item.given:
            item.given = changed
            item.reading = None
            self._preview_again()
        return True

    # --- preview: read every file, compare with the workspace, write nothing ----------------

    def _options(self) -> ImportOptions:
        """The options every file is read with: the workspace's time zone and limits."""
        loaded = self.kpi_app.loaded
        target = self.target()
        settings = target.settings() if target.exists else None
        if settings is not None:
            return ImportOptions(timezone=settings.timezone, limits=settings.limits.from_environment())
        return ImportOptions(timezone=loaded.settings.timezone if loaded and not loaded.demo else "UTC")

    def _preview_again(self) -> None:
        """Compare the list again (reading the files not read yet): after any change to it."""
        waiting = [p for p in self.pending if not p.imported]
        for item in waiting:
            item.reset()
        self._draw_files()
        if not waiting:
            self.workers.cancel_group(self, "import")
            self._progress_done()
            return
        self._progress(0, None, _("reading…"))
        self.preview(waiting)

    @in_thread(N_("reading exports"), "import")
    def preview(self, items: list[Pending]) -> None:
        worker = get_current_worker()
        try:
            base = self._options()
        except KpiError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        total = sum(_weight(p.source) for p in items)
        self.app.call_from_thread(self._progress, 0, total, _("reading…"))
        done = 0
        for item in items:
            if worker.is_cancelled:
                return
            if not item.read:
                reading = _("reading {name}…").format(name=item.source.path.name)
                self.app.call_from_thread(self._progress, done, total, reading)
                if item.reading is None:  # else a preview cancelled meanwhile started it: wait for it
                    item.reading = in_background(partial(item.source.read, item.given.options(base)))
                try:
                    if awaited(item.reading) is None:  # cancelled
                        return
                except InputError:
                    pass  # the file says why; its state shows it
            done += _weight(item.source)
        good = [(p, p.parsed) for p in items if p.parsed is not None]
        self.app.call_from_thread(self._progress, done, total, _("comparing with the workspace…"))
        target = self.target()
        token = target.change_token()
        parsed = [read for _, read in good if read is not None]
        try:
            compared = awaited(in_background(lambda: compare(target, parsed)))
        except KpiError as exc:  # the workspace cannot be read: every file waits on it
            compared = Comparison({}, {})
            self.app.call_from_thread(self._compared_with, worker, good, compared, token, exc)
            return
        if compared is not None:
            self.app.call_from_thread(self._compared_with, worker, good, compared, token, None)

    def _compared_with(
        self,
        worker: Worker[None],
        good: list[tuple[Pending, ParsedFile | None]],
        compared: Comparison,
        token: tuple[int, ...] | None,
        error: KpiError | None,
    ) -> None:
        """Show what the comparison found, unless the list changed since it began."""
        if worker.is_cancelled:
            return
        for index, (item, read) in enumerate(good):
            if item.parsed is not read:  # read again meanwhile: a comparison of it is on its way
                continue
            item.outcome = compared.outcomes.get(index)
            item.refusal = compared.questions.get(index, error)
            item.checked = True
        self._compared = token
        self._progress_done()
        self._draw_files()

    def action_cancel(self) -> None:
        cancelled = self.workers.cancel_group(self, "import") + self.workers.cancel_group(self, "collect")
        if cancelled:
            self.pending = [p for p in self.pending if p.imported or p.read]
            for item in self.pending:
                if item.checked is None:
                    item.checked = False
            self._progress_done()
            self._draw_files()
            self.notify(_("Cancelled: nothing was written."), timeout=4)

    # --- import -------------------------------------------------------------------------------

    def action_import_files(self) -> None:
        ready = [p for p in self.pending if p.state == "ready"]
        if any(p.state == "reading…" for p in self.pending):
            self.notify(_("Still reading the files; wait, or press escape to cancel."), severity="warning")
            return
        if not ready:
            self.notify(_("Nothing ready to import: add export files first."), severity="warning", timeout=5)
            return
        self.run_import(ready)

    @in_thread(N_("importing"), "import")
    def run_import(self, ready: list[Pending]) -> None:
        """Import the ready files in one transaction. A failure of any kind (a full disk is a
        polars ComputeError, not only a KpiError) goes to the app's handler, with a note of
        what became of the workspace."""
        self.app.call_from_thread(self._progress, None, None, _("importing…"))
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
            self.post_message(WorkspaceWritten(target))  # thread-safe
            return _("The files were imported all the same: the history lists them.")
        return _("Nothing was imported; the workspace is as it was.")

    def worker_failed(self, worker: Worker[object]) -> str:
        """A preview, a listing or an import failed: no longer waiting, the list kept to act on."""
        note = ""
        if worker.name == "preview":
            error = worker.error
            for item in self.pending:
                if item.state == "reading…":
                    failure = _("Not read: {error}").format(error=f"{type(error).__name__}: {error}")
                    item.checked, item.failure = False, failure
            note = _("Nothing was written.")
        elif worker.name == "run_import":
            self.refresh_history()
        elif worker.name == "remove_import":
            note = _("Nothing was removed; the workspace is as it was.")
        self._progress_done()
        self._draw_files()
        return note

    def _imported(self, target: Workspace, ready: list[Pending], outcomes: list[FileOutcome]) -> None:
        self._progress_done()
        added = sum(o.counts.added for o in outcomes)
        updated = sum(o.counts.updated for o in outcomes)
        for item, outcome in zip(ready, outcomes, strict=True):
            item.imported, item.outcome = True, outcome
        self._draw_files()
        files = ngettext("Imported {n} file", "Imported {n} files", len(ready)).format(n=len(ready))
        rows = ngettext("{n} row added", "{n} rows added", added).format(n=fmt.count(added))
        changed = ngettext("{n} updated", "{n} updated", updated).format(n=fmt.count(updated))
        message = f"{files}: {rows}, {changed}."
        self.notify(message, title=_("Import done"), timeout=8)
        self.post_message(WorkspaceWritten(target))  # the files still waiting are compared again then

    # --- drawing ---------------------------------------------------------------------------------

    def _progress(self, done: float | None, total: float | None, label: str) -> None:
        """Show the progress bar with `label`, which names files: drawn as plain text."""
        self.query_one("#progress").display = True
        self.query_one("#bar", ProgressBar).update(total=total, progress=done or 0)
        self.query_one("#progress-label", Label).update(
            Text(f"  {clean(label)}  " + _("(escape cancels; nothing is written yet)"))
        )
        self.refresh_bindings()

    def _progress_done(self) -> None:
        """Hide the progress bar, unless files are still being read."""
        if not any(p.state == "reading…" for p in self.pending):
            self.query_one("#progress").display = False
        self.refresh_bindings()

    def _draw_files(self) -> None:
        colors = render.palette(self.app)
        styles = {
            "refused": colors["error"],
            "ready": colors["success"],
            "imported": colors["success"],
            **{need: colors["warning"] for need in NEEDS.values()},
        }
        rows = []
        for item in self.pending:
            o = item.outcome
            p = o.parsed if o is not None else item.parsed  # as resolved: its account, its network
            days = p.days if p else None
            state = item.state
            rows.append(
                [
                    plain(item.source.path.name, limit=40),
                    plain(p.label if p else ("—" if item.read else "…"), limit=34),
                    plain(", ".join(p.accounts) if p and p.accounts else "—", limit=24),
                    Text(f"{days[0]}..{days[1]}" if days else "—"),
                    Text(fmt.count(p.rows) if p else "—", justify="right"),
                    Text(fmt.count(o.counts.added) if o else "—", justify="right"),
                    Text(fmt.count(o.counts.updated) if o else "—", justify="right"),
                    Text(_(STATES.get(state, state)), style=styles.get(state, "")),
                ]
            )
        note = Text(_("Choose files in the browser, or type paths above."), style="italic")
        self.query_one("#files", FilesTable).show(rows, note)
        self._target_label()
        self._details()

    @on(DataTable.RowHighlighted, "#files")
    def _details(self, event: DataTable.RowHighlighted | None = None) -> None:
        details = self.query_one("#details", Static)
        item = self._highlighted()
        self._show_answers(item)
        self.refresh_bindings()
        if item is None:
            details.update("")
            return
        colors = render.palette(self.app)
        lines = Text()
        lines.append(clean(item.source.path) + "\n", style="bold")
        problem = item.problem()
        if problem is not None:
            message, question = problem
            lines.append("✖ " + clean(message, single_line=False) + "\n", style=colors["error"])
            if question is not None:
                lines.append("  " + _(ASKING[question.option]) + "\n", style="bold")
        notes = item.outcome.notes if item.outcome is not None else []
        for note in notes:
            lines.append("• " + clean(note, single_line=False) + "\n")
        parsed = item.parsed
        for warning in parsed.warnings if parsed is not None else []:
            lines.append("▲ " + clean(warning, single_line=False) + "\n")
        if item.imported:
            lines.append(_("Imported: the history below lists it.") + "\n")
        elif item.outcome is not None and item.outcome.duplicate_of is not None:
            on = item.outcome.duplicate_of.imported_at
            lines.append(_("Already imported on {day}: nothing would change.").format(day=on) + "\n")
        ready = sum(1 for p in self.pending if p.state == "ready")
        if any(not p.imported for p in self.pending):
            lines.append(
                ngettext(
                    "{n} file ready · i imports them in one transaction",
                    "{n} files ready · i imports them in one transaction",
                    ready,
                ).format(n=ready),
                style="dim",
            )
        details.update(lines)

    def refresh_history(self) -> None:
        """The import log of the workspace imports go to: as the app last read it when it shows
        that workspace, else read now (a workspace with no data has a short log, if any)."""
        table = self.query_one("#history", FittedTable)
        note = self.query_one("#history-note", Static)
        loaded, target = self.kpi_app.loaded, self.target()
        try:
            if loaded is not None and not loaded.demo and loaded.workspace.root == target.root:
                if loaded.imports_error:
                    raise KpiError(loaded.imports_error)
                records = loaded.imports
            else:
                records = target.imports() if target.exists else []
        except KpiError as exc:  # said above the table: a table cell would crop it to its column
            note.update(Text("✖ ", style="bold") + plain(str(exc), single_line=False))
            note.display, table.display = True, False
            return
        self._history = list(reversed(records))
        table.show_table(views.import_history(self._history), render.palette(self.app))
        note.update(Text(_("Nothing imported into this workspace yet."), style="italic"))
        note.display, table.display = not records, bool(records)

    # --- changing one's mind: the history's keys ----------------------------------------------

    def _in_history(self) -> ImportRecord | None:
        """The import under the history's cursor, when the history has the focus."""
        table = self.query_one("#history", FittedTable)
        if self.focused is not table or not self._history or not table.display:
            return None
        return self._history[min(table.cursor_row, len(self._history) - 1)]

    def _kept_in_history(self, why: Callable[[ImportRecord], str], title: str) -> ImportRecord | None:
        """The import under the history's cursor when its file was kept; one of an earlier
        release (migrated, no original) says `why` it cannot be removed or redone."""
        record = self._in_history()
        if record is not None and not record.kept:
            self.notify(why(record), title=title, severity="warning", timeout=12)
            return None
        return record

    def action_remove_import(self) -> None:
        """Remove the highlighted import, once the person has confirmed what will leave."""
        record = self._kept_in_history(not_removable, _("Cannot remove"))
        if record is None:
            return
        covers = f"{record.first_day or '—'}..{record.last_day or '—'}"
        question = ngettext(
            "Remove import {id}, {name} ({label}, {accounts})? Its {rows} row, covering {covers}, "
            "leaves the workspace, unless another import brings it too.",
            "Remove import {id}, {name} ({label}, {accounts})? Its {rows} rows, covering {covers}, "
            "leave the workspace, unless another import brings them too.",
            record.rows,
        ).format(
            id=record.id,
            name=clean(record.name),
            label=record.label,
            accounts=clean(", ".join(record.accounts)) or _("no account"),
            rows=fmt.count(record.rows),
            covers=covers,
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remove_import(record)

        self.app.push_screen(Confirm(question, N_("Yes, remove (y)")), confirmed)

    @in_thread(REMOVING, "history")
    def remove_import(self, record: ImportRecord) -> None:
        """Take `record` out, under the workspace lock; a failure goes to the app's handler."""
        target = self.target()
        change = target.remove([record.id])
        head = _("Removed import {id} ({name}, {label}).").format(
            id=record.id, name=clean(record.name), label=record.label
        )
        self._changed(target, head, change)

    @on(DataTable.RowSelected, "#history")
    def action_redo_import(self) -> None:
        """Open the redo form on the highlighted import (one of an earlier release cannot be)."""
        record = self._kept_in_history(not_kept, _("Cannot redo"))
        if record is None:
            return
        self.app.push_screen(RedoForm(record, partial(self._redo, self.target(), record)))

    def _redo(self, target: Workspace, record: ImportRecord, options: Redo) -> None:
        """Redo `record` with `options` (in the form's worker thread); raises when it cannot."""
        change = target.redo(
            record.id, year=options.year, account=options.account, format=options.format, reader=read_again
        )
        [now] = change.records
        head = ngettext(
            "Import {id} ({name}) read again: {label}, {rows} row.",
            "Import {id} ({name}) read again: {label}, {rows} rows.",
            now.rows,
        ).format(id=now.id, name=clean(now.name), label=now.label, rows=fmt.count(now.rows))
        warnings = [_("warning: {text}").format(text=clean(w)) for w in now.warnings]
        self._changed(target, head, change, warnings)

    def _changed(
        self, target: Workspace, head: str, change: StoreChange, warnings: list[str] | None = None
    ) -> None:
        """Every screen shows the workspace as the change left it, and a note says what changed
        in each table, as `kpitui imports` does (from a worker thread: both are thread-safe)."""
        self.post_message(WorkspaceWritten(target))
        moved = change.moved()
        lines = [head, *([moved] if moved else []), *change.notes, *(warnings or []), *change.table_lines()]
        self.app.call_from_thread(self.notify, "\n".join(lines), title=_("Imports changed"), timeout=12)

    def export_tables(self) -> list[Table]:
        target = self.target()
        return [views.import_history(target.imports() if target.exists else [])]


def _sources(paths: list[Path]) -> list[Source]:
    """The export files of `paths`, each first checked to be a folder or a regular file."""
    for path in paths:
        problem = refusal(path)
        if problem is not None:
            raise InputError(problem)
    return sources(paths)


def _weight(source: Source) -> int:
    """How much reading `source` weighs in the progress bar: its size."""
    if source.raw is not None:
        return len(source.raw)
    try:
        return source.path.stat().st_size
    except OSError:
        return source.size
