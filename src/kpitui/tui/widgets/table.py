"""The app's data table: Textual's DataTable, drawing its one-line cells without Rich's layout.

DataTable renders every cell through Rich's console (a Styled Padding around the cell, laid
out, split into lines, cropped and padded twice), which is most of what redrawing a table
costs: after a period move every cell is new, and the dashboard's two tables took four fifths
of a move's 60 ms of drawing (profiled). kpitui's cells are one-line `Text`s, which this table
crops, aligns and styles itself into the same segments (tests/test_table_widget.py compares
the two for every kind of cell the app draws); anything else goes Rich's way.

It also keeps what it drew when it is restyled to the same styles. Textual restyles every
widget of a screen shown again (`Screen._on_screen_resume`), and DataTable then drops every
cell it drew: switching back to the dashboard drew its two tables anew, a fifth of the
switch (`1` 82 → 66 ms on the demo, alternated). The cells are dropped only when the styles
they are drawn with changed (a theme, the focus's cursor colours), checked when it next draws.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._data_table import CellCacheKey

SegmentLines = list[list[Segment]]


class KpiTable(DataTable[Text]):
    """A DataTable whose one-line Text cells are drawn without Rich's layout, and which draws
    them again after a restyle only when their styles changed."""

    _restyled = False
    _drawn_with: tuple[Style, ...] = ()

    def notify_style_update(self) -> None:
        # the widget's own style caches go, as always; DataTable's drawn cells wait for
        # `render_lines` to see whether the styles changed (its component classes are
        # restyled after this call, so they cannot be compared yet)
        Widget.notify_style_update(self)
        self._restyled = True
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._restyled:
            self._restyled = False
            drawn_with = self._styles_drawn_with()
            if drawn_with != self._drawn_with:
                self._drawn_with = drawn_with
                DataTable.notify_style_update(self)  # drop what was drawn with other styles
        return super().render_lines(crop)

    def _styles_drawn_with(self) -> tuple[Style, ...]:
        """Every style a cell, a header or the background is drawn with."""
        names = sorted(self.COMPONENT_CLASSES)
        return (self.rich_style, *(self.get_component_styles(name).rich_style for name in names))

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        if row_index < 0 or column_index < 0 or fixed:  # headers, labels, fixed cells: Rich's way
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # not a cell of the table
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key: CellCacheKey = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index)[1][column_index]
        if not isinstance(cell, Text) or self.rows[row_key].height != 1 or "\n" in cell.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component
        lines = [list(Segment.apply_style(_line(self, cell, width), pre, post))]
        self._cell_render_cache[key] = lines
        return lines


def _line(table: KpiTable, cell: Text, width: int) -> list[Segment]:
    """The cell's one line, as Rich lays it out: padded, cropped to `width` and aligned."""
    pad = table.cell_padding
    inner = max(0, width - 2 * pad)
    console = table.app.console
    text = cell.copy()
    text.end = ""
    justify = text.justify or "default"
    overflow = text.overflow or "fold"
    if justify == "left":
        text.truncate(inner, overflow=overflow, pad=True)
    elif justify == "right":
        text.rstrip()
        text.truncate(inner, overflow=overflow)
        text.pad_left(inner - text.cell_len)
    elif justify == "center":
        text.rstrip()
        text.truncate(inner, overflow=overflow)
        text.pad_left((inner - text.cell_len) // 2)
        text.pad_right(inner - text.cell_len)
    else:
        text.truncate(inner, overflow=overflow)
    if text.style:  # Rich joins a cell's lines, carrying its base style as the first span
        text.stylize_before(text.style)
        text.style = ""
    segments = Segment.adjust_line_length(list(text.render(console)), inner, pad=True)
    if not pad:
        return segments
    padded = [Segment(" " * pad), *segments, Segment(" " * pad)]
    return padded if width >= 2 * pad else Segment.adjust_line_length(padded, width)
