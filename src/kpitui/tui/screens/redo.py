"""Redo an import (the Import screen's history, `r` or enter): read its kept file again with
another year, account or format.

Each field holds what the import was given (empty when it was given nothing: the file said, or
the year was taken from its date, which the field's placeholder shows). Only the options the
person changes are passed on (`Workspace.redo` keeps the rest as the import had it). The redo runs in
this form's worker, since it waits for the workspace lock; when it fails (a format that does
not read the file, another kpitui holding the workspace, a read-only disk) the form says why
under its fields and stays open, the workspace as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from kpitui.core.errors import KpiError
from kpitui.core.importers import importers
from kpitui.core.importlog import ImportRecord
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.footer import HELP_KEYS, KeyFooter


@dataclass(frozen=True, slots=True)
class Redo:
    """The options a redo changes; None: as the import had it."""

    year: int | None = None
    account: str | None = None
    format: str | None = None


def year_error(text: str) -> str | None:
    """What is wrong with a typed year (None: fine, empty included: the import's own year)."""
    if text and (len(text) != 4 or not text.isdigit()):
        return "✖ the year of its last day, in four digits, such as 2025"
    return None


class RedoForm(ModalScreen[bool]):
    """The options of one import, to read it again with; dismissed True once it is redone."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Redo"),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = """
    RedoForm { align: center middle; }
    RedoForm > VerticalScroll {
        width: 84; max-width: 98%; height: auto; max-height: 1fr;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    RedoForm #heading { text-style: bold; }
    RedoForm #imported { color: $text-muted; height: auto; }
    RedoForm .field { height: auto; margin-top: 1; }
    RedoForm .name { width: 10; text-style: bold; }
    RedoForm .control { width: 1fr; }
    RedoForm .error { color: $error; height: auto; padding-left: 10; display: none; }
    RedoForm .hint { color: $text-muted; height: auto; padding-left: 10; }
    RedoForm #failure { color: $error; height: auto; }
    RedoForm #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    RedoForm Button { margin-left: 2; }
    """

    def __init__(self, record: ImportRecord, redo: Callable[[Redo], None]) -> None:
        super().__init__()
        self.record = record
        self.redo = redo
        """Redoes the import with the options changed, in this form's worker thread; raises when
        it cannot (then the workspace is as it was)."""
        self.saving = False

    def compose(self) -> ComposeResult:
        r = self.record
        taken = (r.last_day or "")[:4]
        formats = [(clean(i.label), i.id) for i in importers()]
        if r.format not in [value for _, value in formats]:  # an importer since renamed
            formats.append((clean(r.label), r.format))
        with VerticalScroll():
            yield Static(plain(f"Redo import {r.id}: {r.name}"), id="heading")
            yield Static(
                plain(
                    f"{r.label} · {', '.join(r.accounts) or 'no account'} · "
                    f"{r.first_day or '—'}..{r.last_day or '—'} · {r.rows:,} row(s)"
                ),
                id="imported",
            )
            with Horizontal(classes="field"):
                yield Label("Year", classes="name")
                yield Input(
                    str(r.year) if r.year is not None else "",
                    placeholder=f"{taken} (from the file)" if taken else "the file's",
                    restrict=r"[0-9]*",
                    max_length=4,
                    id="year",
                    classes="control",
                    compact=True,
                )
            yield Static("", id="year-error", classes="error")
            yield Static("its last day's year, for exports whose days have none (TikTok)", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Account", classes="name")
                yield Input(
                    r.given_account or "",
                    placeholder=clean(", ".join(r.accounts) or "none given") + " (from the file)",
                    id="account",
                    classes="control",
                    compact=True,
                )
            yield Static("for the rows the file gives no account", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Format", classes="name")
                yield Select(
                    formats, value=r.format, allow_blank=False, id="format", classes="control", compact=True
                )
            yield Static("", id="failure")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Redo (ctrl+s)", id="save", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#year", Input).focus()

    @on(Input.Changed, "#year")
    def _year_changed(self, event: Input.Changed) -> None:
        self._show_error(year_error(event.value.strip()))

    def _show_error(self, error: str | None) -> None:
        """The year's error under its field (the line is there only when there is one)."""
        line = self.query_one("#year-error", Static)
        line.update(error or "")
        line.display = error is not None

    def changed(self) -> Redo | None:
        """The options changed from what the import had; None when the year cannot be one."""
        r = self.record
        year = self.query_one("#year", Input).value.strip()
        error = year_error(year)
        self._show_error(error)
        if error is not None:
            return None
        account = self.query_one("#account", Input).value.strip()
        chosen = self.query_one("#format", Select).value
        return Redo(
            year=int(year) if year and int(year) != r.year else None,
            account=account if account and account != r.given_account else None,
            format=chosen if isinstance(chosen, str) and chosen != r.format else None,
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.saving:  # a write under way cannot be taken back: say so rather than hide it
            self.notify("Redoing the import: wait for it to finish.", timeout=4)
            return
        self.dismiss(False)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        options = self.changed()
        if options is None:
            self.query_one("#year", Input).focus()
            return
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#failure", Static).update("Reading the file again…")
        self.write(options)

    @work(thread=True, exclusive=True, group="redo", exit_on_error=False, description="redoing an import")
    def write(self, options: Redo) -> None:
        """Redo through `redo`, then close; on failure, say why and stay open."""
        try:
            self.redo(options)
        except Exception as exc:  # a full disk is a polars error, not a KpiError: every failure is said
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._done)

    def _done(self) -> None:
        if self.is_current:
            self.dismiss(True)

    def _failed(self, error: Exception) -> None:
        self.saving = False
        self.query_one("#save", Button).disabled = False
        message = str(error) if isinstance(error, KpiError) else f"{type(error).__name__}: {error}"
        title = error.title if isinstance(error, KpiError) else "Redo failed"
        self.query_one("#failure", Static).update(
            plain(f"✖ {message} The workspace is as it was.", single_line=False)
        )
        self.notify(message, title=title, severity="error", timeout=15)
