"""Objectives (`4`): every objective with its status and progress; add, edit, delete.

`a` adds, `enter` opens the objective (its pacing), `m` edits, `delete` removes after a
confirmation. Saving writes
objectives.toml atomically under the workspace lock (in a worker: another kpitui
may hold it), and only if the file on disk is still the one that was read: a hand
edit made meanwhile is never lost, and a file that is broken on disk is shown
with its line and never overwritten. A save that fails (a full or read-only
disk) is explained; the form stays open with what was typed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from kpitui.core import format as fmt
from kpitui.core.errors import KpiError
from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.objectives import Objective, ObjectivesFile
from kpitui.core.report import Report, objectives_table
from kpitui.core.table import Table
from kpitui.tui import render, tables
from kpitui.tui.messages import ObjectivesSaved, ObjectivesStale
from kpitui.tui.screens.base import AreaScreen
from kpitui.tui.screens.objective_form import ObjectiveForm
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter
from kpitui.tui.widgets.table import KpiTable
from kpitui.tui.workers import in_thread

DELETING: Final = N_("deleting an objective")
"""What the worker does, for the message of its failure."""


class Confirm(ModalScreen[bool]):
    """Yes or no, defaulting to no."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", N_("No")),
        Binding("y", "dismiss(True)", N_("Yes")),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 70; max-width: 95%; height: auto; border: thick $error; background: $surface;
                         padding: 1 2; }
    Confirm Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    Confirm Button { margin-left: 2; }
    """

    def __init__(self, question: str, yes: str = N_("Yes, delete (y)")) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        """The words of the button that says yes (English, marked N_; shown translated)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            with Horizontal():
                yield Button(_("No"), id="no", variant="primary")
                yield Button(_(self.yes), id="yes", variant="error")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ObjectivesScreen(AreaScreen):
    """The objectives of the workspace, evaluated at the as-of date."""

    AREA = N_("Objectives")

    BINDINGS = [
        Binding("a", "add", N_("Add"), tooltip=N_("Add an objective")),
        Binding(
            "enter", "open", N_("Open"), tooltip=N_("Open the objective: its pacing and how it is computed")
        ),
        Binding("m", "edit", N_("Edit"), tooltip=N_("Edit the objective under the cursor")),
        Binding("delete", "remove", N_("Delete"), tooltip=N_("Delete the objective, once confirmed")),
        Binding(
            "r", "reload", N_("Reload file"), tooltip=N_("Read objectives.toml again (after a hand edit)")
        ),
    ]

    DEFAULT_CSS = """
    ObjectivesScreen #file { width: 1fr; padding: 0 1; height: auto; color: $text-muted; }
    ObjectivesScreen #problem { padding: 0 1; height: auto; color: $error; }
    ObjectivesScreen DataTable { height: 1fr; }
    """

    report: Report | None = None

    def compose_body(self) -> ComposeResult:
        yield Label("", id="file")
        yield Static("", id="problem")
        yield KpiTable(id="objectives-list", cursor_type="row", zebra_stripes=True)

    def show_report(self, report: Report) -> None:
        self.report = report
        self._draw()

    def _draw(self) -> None:
        report, loaded = self.report, self.kpi_app.loaded
        if report is None or loaded is None:
            return
        colors = render.palette(self.app)
        path = loaded.objectives.path
        count = len(loaded.objectives.objectives)
        as_of = fmt.day(report.as_of) if report.as_of else "—"
        line = ngettext(
            "{n} objective in {path}, evaluated as of {day}",
            "{n} objectives in {path}, evaluated as of {day}",
            count,
        ).format(n=count, path=path, day=as_of)
        if loaded.demo:
            line += _(" (the demo: import your own exports to keep objectives of your own)")
        keys = _("a add · enter open · m edit · delete remove")
        self.query_one("#file", Label).update(plain(f"{line} · {keys}", single_line=False))
        self.query_one("#problem", Static).update(
            plain(
                f"✖ {loaded.objectives_error}\n"
                + _("Editing is off until the file is fixed (r reloads it)."),
                single_line=False,
            )
            if loaded.objectives_error
            else ""
        )
        tables.fill(self.query_one(DataTable), self._table(report), colors, width=self.size.width)

    @staticmethod
    def _table(report: Report) -> Table:
        return objectives_table(report.evaluations, report.currency)

    def _selected(self) -> Objective | None:
        loaded = self.kpi_app.loaded
        table = self.query_one(DataTable)
        if loaded is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return loaded.objectives.get(str(key))

    def _editable(self) -> bool:
        loaded = self.kpi_app.loaded
        if loaded is None:
            return False
        if loaded.objectives_error:
            self.notify(
                _("objectives.toml is broken on disk: fix it by hand (the line is shown), then press r."),
                severity="error",
                timeout=8,
            )
            return False
        return True

    def action_add(self) -> None:
        loaded, view = self.kpi_app.loaded, self.kpi_app.view
        if loaded is None or not self._editable():
            return
        taken = [o.id for o in loaded.objectives.objectives]
        as_of = view.as_of if view else None
        save = functools.partial(self._save, replace_id=None)
        self.app.push_screen(
            ObjectiveForm(loaded.dataset, taken, None, as_of, loaded.settings.currency, save)
        )

    def action_edit(self) -> None:
        loaded, view = self.kpi_app.loaded, self.kpi_app.view
        selected = self._selected()
        if loaded is None or selected is None or not self._editable():
            return
        taken = [o.id for o in loaded.objectives.objectives]
        as_of = view.as_of if view else None
        save = functools.partial(self._save, replace_id=selected.id)
        self.app.push_screen(
            ObjectiveForm(loaded.dataset, taken, selected, as_of, loaded.settings.currency, save)
        )

    @on(DataTable.RowSelected)
    def action_open(self, _selected: DataTable.RowSelected | None = None) -> None:
        """enter (a row selected): the objective under the cursor, its pacing and how it is
        computed."""
        from kpitui.tui.screens.objective_detail import ObjectiveDetailScreen

        selected = self._selected()
        if selected is not None:
            self.app.push_screen(ObjectiveDetailScreen(selected.id))

    def action_remove(self) -> None:
        selected = self._selected()
        if selected is None or not self._editable():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete(selected)

        question = _("Delete the objective “{title}”?").format(title=clean(selected.title))
        self.app.push_screen(Confirm(question), confirmed)

    def action_reload(self) -> None:
        self.post_message(ObjectivesStale())

    def _save(self, objective: Objective, *, replace_id: str | None) -> None:
        """Write `objective`, new or in place of `replace_id` (run by the form in a worker thread);
        KpiError when it cannot be written, and then nothing changed."""

        def change(objectives: Sequence[Objective]) -> list[Objective]:
            if replace_id is None:
                return [*objectives, objective]
            return [objective if o.id == replace_id else o for o in objectives]

        try:
            done = _("Added {title}") if replace_id is None else _("Saved {title}")
            self._write(change, done.format(title=objective.title))
        except KpiError:  # the form says why; the file is read again for the next try
            self.post_message(ObjectivesStale())  # thread-safe
            raise

    @in_thread(DELETING, "save")
    def delete(self, selected: Objective) -> None:
        try:
            self._write(
                lambda objectives: [o for o in objectives if o.id != selected.id],
                _("Deleted {title}").format(title=selected.title),
            )
        except KpiError as exc:
            self.app.call_from_thread(self._not_saved, exc)

    def _write(self, change: Callable[[Sequence[Objective]], list[Objective]], message: str) -> None:
        """Apply `change` to the objectives shown, under the workspace lock (in a worker thread),
        then show the result; KpiError when it cannot be saved."""
        loaded = self.kpi_app.loaded
        if loaded is None:
            return
        saved = loaded.workspace.change_objectives(
            lambda current: change(current.objectives), read=loaded.objectives
        )
        self.app.call_from_thread(self._saved, saved, message)

    def _saved(self, saved: ObjectivesFile, message: str) -> None:
        self.post_message(ObjectivesSaved(saved))
        self.notify(message, timeout=4)

    def _not_saved(self, error: KpiError) -> None:
        self.notify(str(error), title=error.title, severity="error", timeout=15)
        self.post_message(ObjectivesStale())

    def focused_kpi(self) -> tuple[str, str] | None:
        selected = self._selected()
        return (selected.kpi, selected.network) if selected else None

    def export_tables(self) -> list[Table]:
        return [] if self.report is None else [self._table(self.report)]
