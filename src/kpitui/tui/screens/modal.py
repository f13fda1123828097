"""A modal that shows something to read (an explanation, a post): framed, scrolled, closed by
escape or q, with `? Help` in its footer."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from kpitui.core.i18n import N_
from kpitui.tui.widgets.footer import HELP_KEYS


def framed(screen: str, width: int, border: str = "$primary", child: str = "Vertical") -> str:
    """The CSS of a modal `screen` whose one `child` container is a centred frame `width` cells
    wide (the forms, the confirmations, help, the modals to read)."""
    return (
        f"{screen} {{ align: center middle; }}\n"
        f"{screen} > {child} {{ width: {width}; max-width: 95%; height: auto; max-height: 90%; "
        f"border: thick {border}; background: $surface; padding: 1 2; }}\n"
    )


class ReadingModal(ModalScreen[None]):
    """Base of the modals to read: its subclasses compose a VerticalScroll and a KeyFooter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("q", "dismiss", N_("Close"), show=False),
        *HELP_KEYS,
    ]

    DEFAULT_CSS = framed("ReadingModal", 100, child="VerticalScroll")
