"""A table that keeps the columns that matter when it is narrow.

At 80 columns a table of eight columns beside a file browser has room for
two or three: a DataTable would push the others, the file's state among
them, out of sight to the right. A FittedTable is given its columns in the
order they read, each with how much it matters, and shows those that fit
its width, the most important first; one column (the file's name) is
flexible and takes the room left, its cells cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from kpitui.core.i18n import _
from kpitui.core.table import Column as ModelColumn
from kpitui.core.table import Table, layout
from kpitui.tui.tables import SCROLLBAR, fit, rows


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, how much it matters (0: always shown; then 1, 2… are dropped last
    to first), the widest it gets, its alignment, and whether it takes the room left."""

    name: str
    rank: int
    limit: int = 40
    right: bool = False
    flexible: bool = False
    least: int = 8
    """The narrowest a flexible column gets."""


class FittedTable(DataTable[Text]):
    """A DataTable showing, of its columns, those that fit its width (see the module)."""

    def __init__(self, columns: Sequence[Column], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.spec = tuple(columns)
        self._rows: list[Sequence[Text]] = []
        self._keys: list[str | None] = []
        self._note: Text | None = None
        self._widths: dict[str, int] = {}
        self.shown: tuple[str, ...] = ()
        """The names of the columns drawn, in order."""

    def show(self, rows: Sequence[Sequence[Text]], note: Text | None = None) -> None:
        """Draw `rows` (one cell per column of the spec), or `note` alone when there are none."""
        self._rows, self._keys, self._note = list(rows), [None] * len(rows), note
        self._draw()

    def show_table(self, table: Table, colors: Mapping[str, str], note: Text | None = None) -> None:
        """Draw a table of the core's model (its drawn columns become the spec; rows keep their
        keys), or `note` alone when it has no rows."""
        self.spec = tuple(
            Column(c.label, c.priority, c.limit, c.align == "right", c.flexible, c.least)
            for c in (table.columns[i] for i, _ in layout(table))
        )
        self._rows, self._keys, self._note = list(rows(table, colors)), [r.key for r in table.rows], note
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        if self._fit() != self._widths:
            self._draw()

    def _fit(self) -> dict[str, int]:
        """Column name → width, for the columns that fit, in the spec's order."""
        if not self._rows and self._note is not None:  # the note alone, in the first column
            room = max(0, self.size.width - SCROLLBAR) if self.size.width else 10_000
            return {self.spec[0].name: max(1, min(self._note.cell_len, room - 2 * self.cell_padding))}
        model = Table(
            "",
            tuple(
                ModelColumn(
                    c.name,
                    c.name,
                    align="right" if c.right else "left",
                    priority=c.rank,
                    limit=c.limit,
                    flexible=c.flexible,
                    least=c.least,
                )
                for c in self.spec
            ),
        )
        widths = fit(model, self._rows, self.size.width)
        return {self.spec[n].name: w for n, w in widths.items()}

    def _draw(self) -> None:
        widths = self._fit()
        cursor = self.cursor_row
        self.clear(columns=True)
        self._widths = widths
        self.shown = tuple(widths)
        for column in self.spec:
            if column.name in widths:
                label = Text(_(column.name), justify="right" if column.right else "left")
                self.add_column(label, width=widths[column.name], key=column.name)
        if not self._rows:
            if self._note is not None:
                self.add_row(self._note, *[Text("")] * (len(widths) - 1))
            return
        keep = [i for i, c in enumerate(self.spec) if c.name in widths]
        for row, key in zip(self._rows, self._keys, strict=True):
            self.add_row(*[row[i] for i in keep], key=key)
        self.move_cursor(row=min(cursor, len(self._rows) - 1))
