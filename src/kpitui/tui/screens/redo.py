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
from typing import Any, Final

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Select, Static

from kpitui.core import format as fmt
from kpitui.core.errors import KpiError
from kpitui.core.i18n import N_, _, ngettext
from kpitui.core.importers import importers
from kpitui.core.importlog import ImportRecord
from kpitui.tui.screens.form import FormScreen
from kpitui.tui.text import clean, plain
from kpitui.tui.widgets.footer import KeyFooter
from kpitui.tui.workers import in_thread


@dataclass(frozen=True, slots=True)
class Redo:
    """The options a redo changes; None: as the import had it."""

    year: int | None = None
    account: str | None = None
    format: str | None = None


CONTROL: Final[dict[str, Any]] = {"classes": "control", "compact": True}
"""What every field's control is given."""


def year_error(text: str) -> str | None:
    """What is wrong with a typed year (None: fine, empty included: the import's own year)."""
    if text and (len(text) != 4 or not text.isdigit()):
        return "✖ " + _("the year of its last day, in four digits, such as 2025")
    return None


class RedoForm(FormScreen[bool]):
    """The options of one import, to read it again with; dismissed True once it is redone."""

    BINDINGS = [Binding("ctrl+s", "save", N_("Redo"))]

    DEFAULT_CSS = """
    RedoForm #heading { text-style: bold; }
    RedoForm #imported { color: $text-muted; height: auto; }
    RedoForm .field { margin-top: 1; }
    RedoForm .name { width: 10; }
    RedoForm .error { padding-left: 10; display: none; }
    RedoForm .hint { padding-left: 10; }
    RedoForm #failure { color: $error; height: auto; }
    """

    SAVE = N_("Redo (ctrl+s)")

    def __init__(self, record: ImportRecord, redo: Callable[[Redo], None]) -> None:
        super().__init__()
        self.record = record
        self.redo = redo
        """Redoes the import with the options changed, in this form's worker thread; raises when
        it cannot (then the workspace is as it was)."""

    def compose(self) -> ComposeResult:
        r = self.record
        taken = (r.last_day or "")[:4]
        formats = [(clean(i.label), i.id) for i in importers()]
        if r.format not in [value for _, value in formats]:  # an importer since renamed
            formats.append((clean(r.label), r.format))
        accounts = ", ".join(r.accounts)
        covers = f"{r.first_day or '—'}..{r.last_day or '—'}"
        rows = ngettext("{n} row(s)", "{n} row(s)", r.rows).format(n=fmt.count(r.rows))
        with VerticalScroll():
            yield Static(plain(_("Redo import {id}: {name}").format(id=r.id, name=r.name)), id="heading")
            yield Static(
                plain(f"{r.label} · {accounts or _('no account')} · {covers} · {rows}"), id="imported"
            )
            year = str(r.year) if r.year is not None else ""
            from_file = _("{taken} (from the file)").format(taken=taken) if taken else _("the file's")
            yield self.field(
                _("Year"),
                Input(year, placeholder=from_file, restrict=r"[0-9]*", max_length=4, id="year", **CONTROL),
            )
            yield Static("", id="year-error", classes="error")
            yield Static(_("its last day's year, for exports whose days have none (TikTok)"), classes="hint")
            given = clean(accounts or _("none given"))
            yield self.field(
                _("Account"),
                Input(
                    r.given_account or "",
                    placeholder=_("{accounts} (from the file)").format(accounts=given),
                    id="account",
                    **CONTROL,
                ),
            )
            yield Static(_("for the rows the file gives no account"), classes="hint")
            yield self.field(
                _("Format"), Select(formats, value=r.format, allow_blank=False, id="format", **CONTROL)
            )
            yield Static("", id="failure")
            yield from self.buttons()
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

    def action_cancel(self) -> None:
        if self.saving:  # a write under way cannot be taken back: say so rather than hide it
            self.notify(_("Redoing the import: wait for it to finish."), timeout=4)
            return
        self.dismiss(False)

    def action_save(self) -> None:
        if self.saving:
            return
        options = self.changed()
        if options is None:
            self.query_one("#year", Input).focus()
            return
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#failure", Static).update(_("Reading the file again…"))
        self.write(options)

    @in_thread(N_("redoing an import"), "redo")
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
        title = error.title if isinstance(error, KpiError) else _("Redo failed")
        as_it_was = _("The workspace is as it was.")
        self.query_one("#failure", Static).update(plain(f"✖ {message} {as_it_was}", single_line=False))
        self.notify(message, title=title, severity="error", timeout=15)
