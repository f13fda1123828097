"""A modal that shows something to read (an explanation, a post): framed, scrolled, closed by
escape or q, with `? Help` in its footer."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from kpitui.core.i18n import N_
from kpitui.tui.widgets.footer import HELP_KEYS


class ReadingModal(ModalScreen[None]):
    """Base of the modals to read: its subclasses compose a VerticalScroll and a KeyFooter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("q", "dismiss", N_("Close"), show=False),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = """
    ReadingModal { align: center middle; }
    ReadingModal > VerticalScroll {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """


def framed(screen: str, width: int, border: str = "$primary") -> str:
    """The CSS of a modal `screen` whose one Vertical is a centred frame `width` cells wide."""
    return (
        f"{screen} {{ align: center middle; }}\n"
        f"{screen} > Vertical {{ width: {width}; max-width: 95%; height: auto; max-height: 90%; "
        f"border: thick {border}; background: $surface; padding: 1 2; }}\n"
    )
