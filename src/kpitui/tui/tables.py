"""The app's DataTables drawn from the core's table model (`kpitui.core.table`).

`fill` draws a `Table` into a DataTable: statuses as a symbol and a coloured word, progress as
a bar, changes with an arrow coloured by whether they go the KPI's better way, text shown
literally. When the table is wider than the screen, the columns that matter least (highest
`priority`) are left out first and the flexible column (a title) takes the room left; on a
narrow screen the short labels and texts are used. Exports read the same `Table`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from kpitui.core.objectives import STATUS_SYMBOLS
from kpitui.core.table import Cell, Column, Table, layout
from kpitui.core.table import fit as fit_widths
from kpitui.tui import render
from kpitui.tui.text import plain

SCROLLBAR = 2
"""The width a vertical scrollbar may take."""


EMPHASIS: Final = {"strong": Style(bold=True), "faint": Style(dim=True)}
"""The Rich style of each `Cell.emphasis`."""


def cell(column: Column, value: Cell, colors: Mapping[str, str], *, narrow: bool = False) -> Text:
    """One cell as the app draws it, stressed as its `emphasis` says."""
    text = _cell(column, value, colors, narrow=narrow)
    if value.emphasis:
        text.stylize(EMPHASIS[value.emphasis])
    return text


def _cell(column: Column, value: Cell, colors: Mapping[str, str], *, narrow: bool) -> Text:
    shown = value.short if narrow and value.short is not None else value.text
    if column.kind == "status" and isinstance(value.value, str) and value.value in STATUS_SYMBOLS:
        return render.status(value.value, colors)
    if column.kind == "progress":
        number = value.value if isinstance(value.value, int | float) else None
        return render.bar(number, 6 if narrow else 8)
    if column.kind == "change" and value.tone in ("good", "bad") and isinstance(value.value, int | float):
        arrow = "▲" if value.value > 0 else "▼"
        style = colors.get("success" if value.tone == "good" else "error", "")
        return Text(arrow if narrow else arrow + shown, justify="right", style=style)
    if column.kind == "change":
        return Text("" if narrow and value.tone == "muted" else shown, justify="right", style="dim")
    if column.kind == "spark":
        return Text(shown, style="bold")
    if column.align == "right":
        return Text(shown, justify="right")
    return plain(shown, limit=column.limit)


def _joined(cells: Sequence[Text]) -> Text:
    out = cells[0].copy()
    for more in cells[1:]:
        if more.plain:
            out.append(" ")
            out.append_text(more)
    return out


def rows(table: Table, colors: Mapping[str, str], narrow: bool = False) -> list[list[Text]]:
    """Each row's drawn cells (the joined columns in the cell they join)."""
    out = []
    for row in table.rows:
        drawn = [
            _joined([cell(table.columns[i], row.cells[i], colors, narrow=narrow) for i in parts])
            for _, parts in layout(table)
        ]
        if row.dim:  # its words dimmed; statuses, numbers and bars read as ever
            for text, (i, _) in zip(drawn, layout(table), strict=True):
                if table.columns[i].kind == "text" and table.columns[i].align == "left":
                    text.stylize("dim")
        out.append(drawn)
    return out


def fit(table: Table, cells: Sequence[Sequence[Text]], width: int, *, narrow: bool = False) -> dict[int, int]:
    """Drawn column index → width, for the columns that fit `width` (0: all), the most important
    first; the flexible column gets the room left, at least its `least` (`kpitui.core.table.fit`)."""
    columns = [table.columns[i] for i, _ in layout(table)]
    natural = [
        min(column.limit, max([cell_len(_label(column, narrow)), *(r[n].cell_len for r in cells)]))
        for n, column in enumerate(columns)
    ]
    return fit_widths(columns, natural, max(0, width - SCROLLBAR) if width else 10_000)


SORT_MARKS: Final = {"ascending": " ▲", "descending": " ▼"}
"""How a header says its table is sorted by it."""


def _label(column: Column, narrow: bool) -> str:
    label = column.short_heading if narrow and column.short_heading is not None else column.heading
    return label + SORT_MARKS[column.order] if column.order else label


def fill(
    widget: DataTable[Text], table: Table, colors: Mapping[str, str], *, width: int = 0, narrow: bool = False
) -> list[Column]:
    """Draw `table` into `widget` (its columns too), keeping the cursor's row; return the columns
    drawn. Group titles are rows of their own (key `group:<name>`), before their rows."""
    drawn_rows = rows(table, colors, narrow)
    widths = fit(table, drawn_rows, width, narrow=narrow)
    shape = layout(table)
    cursor = widget.cursor_row
    widget.clear(columns=True)
    drawn = []
    for n, width_ in widths.items():
        column = table.columns[shape[n][0]]
        drawn.append(column)
        label = Text(_label(column, narrow), justify=column.align)
        widget.add_column(label, width=width_ if column.flexible else None, key=column.key)
    if not drawn_rows:
        widget.add_row(Text(table.empty, style="italic"), *[Text("")] * (len(widths) - 1))
        return drawn
    group = None
    for row, texts in zip(table.rows, drawn_rows, strict=True):
        if row.group is not None and row.group != group:
            group = row.group
            title = [Text(group, style="bold underline"), *[Text("")] * (len(widths) - 1)]
            widget.add_row(*title, key=f"group:{group}")
        shown = [
            _cropped(texts[n], w) if table.columns[shape[n][0]].flexible else texts[n]
            for n, w in widths.items()
        ]
        if row.group is not None:
            shown[0] = Text("  ") + shown[0]
        widget.add_row(*shown, key=row.key)
    widget.move_cursor(row=min(cursor, widget.row_count - 1))
    return drawn


def _cropped(text: Text, width: int) -> Text:
    if text.cell_len <= width:
        return text
    out = text.copy()
    out.truncate(width, overflow="ellipsis")
    return out
