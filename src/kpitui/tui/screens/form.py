"""What the app's forms share (the objective form, the redo form): a framed modal of named fields,
an error or a hint under a field, Cancel and a primary button, escape and ctrl+s.

The words a person reads are given in English and translated when shown: the field names and
buttons by the subclass (`_()`), the keys' descriptions marked `N_` (the footer translates them).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label

from kpitui.core.i18n import N_, _
from kpitui.tui.widgets.footer import HELP_KEYS

R = TypeVar("R")


class FormScreen(ModalScreen[R]):
    """Base of the forms; subclasses set the width of the field names (`.name`, and the padding of
    `.error` and `.hint` under the fields) in their own CSS."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll {
        width: 84; max-width: 98%; height: auto; max-height: 1fr;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen .field { height: auto; }
    FormScreen .name { text-style: bold; }
    FormScreen .control { width: 1fr; height: auto; }
    FormScreen .error { color: $error; height: auto; }
    FormScreen .hint { color: $text-muted; height: auto; }
    FormScreen #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormScreen Button { margin-left: 2; }
    """

    SAVE: ClassVar[str] = N_("Save (ctrl+s)")
    """The primary button's words (English, marked N_; shown translated)."""

    saving = False
    """A save is under way: a second ctrl+s does nothing, and cancelling waits for it."""

    @staticmethod
    def field(name: str, control: Widget) -> Horizontal:
        """One line of the form: `name` (already translated) at the left, `control` beside it."""
        return Horizontal(Label(name, classes="name"), control, classes="field")

    def buttons(self) -> ComposeResult:
        """Cancel, and the primary button (id `save`) at the right."""
        with Horizontal(id="buttons"):
            yield Button(_("Cancel"), id="cancel", compact=True)
            yield Button(_(self.SAVE), id="save", variant="primary", compact=True)

    def action_cancel(self) -> None:
        """Close the form, giving nothing back."""
        self.dismiss()

    def action_save(self) -> None:
        """Validate, then save (each form its own way)."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "save":
            self.action_save()
