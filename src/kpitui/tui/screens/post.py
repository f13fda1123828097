"""A post (`enter` on Insights' posts table): its whole text, literally, and its permalink.

The table cuts a text to its column; here it is whole, wrapped, and never read as markup or
terminal escapes (post text is untrusted: `plain`).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from kpitui.core.i18n import N_
from kpitui.core.table import Row
from kpitui.core.table import Table as Model
from kpitui.tui.screens.modal import ReadingModal
from kpitui.tui.text import plain
from kpitui.tui.widgets.footer import KeyFooter


def post_details(model: Model, row: Row) -> Table:
    """Every column of the post's row, data-only ones too (its permalink), text whole."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for column, cell in zip(model.columns, row.cells, strict=True):
        if column.key == "text":
            continue
        if cell.value is None or cell.value == "":
            continue
        grid.add_row(Text(column.heading), plain(cell.text, single_line=False))
    return grid


class PostScreen(ReadingModal):
    """A modal with one post; escape, enter or q closes it."""

    BINDINGS = [Binding("enter", "dismiss", N_("Close"), show=False)]

    DEFAULT_CSS = """
    PostScreen #post-text { margin-bottom: 1; }
    """

    def __init__(self, model: Model, row: Row) -> None:
        super().__init__()
        self.model = model
        self.row = row

    def compose(self) -> ComposeResult:
        text = next(
            (c for col, c in zip(self.model.columns, self.row.cells, strict=True) if col.key == "text")
        )
        with VerticalScroll():
            yield Static(plain(text.value or text.text, single_line=False), id="post-text")
            yield Static(post_details(self.model, self.row), id="post-details")
        yield KeyFooter()
