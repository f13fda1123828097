"""A bar chart of a KPI over time, with the objective's target as a line.

Drawn with block characters so it works in any terminal, over SSH, and in
16 colours; the target line is a row of `─` with its value on the axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from kpitui.core import format as fmt
from kpitui.core.i18n import _
from kpitui.core.kpis import Unit
from kpitui.tui.render import short_day

_EIGHTHS = " ▁▂▃▄▅▆▇█"


class Chart(Widget):
    """Bars for `values` (one per bucket), a target line, axis labels."""

    DEFAULT_CSS = """
    Chart {
        height: 1fr;
        min-height: 8;
    }
    """

    data: reactive[tuple[tuple[date, float | None], ...]] = reactive(tuple, layout=False)
    target: reactive[float | None] = reactive(None)

    def __init__(self, unit: Unit, currency: str = "EUR", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.unit = unit
        self.currency = currency
        self.target_style = "bold yellow"
        """Style of the target line; the screen sets the theme's warning colour."""

    def plot(self, points: Sequence[tuple[date, float | None]], target: float | None) -> None:
        self.data = tuple(points)
        self.target = target

    def render(self) -> Text:
        """Every line fits the widget's width (never wraps): the target's value is written on
        the axis, in the target line's style, and named under the chart when there is room."""
        width, height = self.size.width, self.size.height
        points = self.data
        values = [v for _day, v in points if v is not None]
        if not points or not values or width < 12 or height < 4:
            return Text(_("No data to chart for this period."), style="italic")
        plot_h = height - 2
        top = max([*values, self.target or 0, 0])
        bottom = min([*values, 0])
        span = (top - bottom) or 1.0
        target_label = fmt.value(self.target, self.unit, self.currency) if self.target is not None else ""
        axis_labels = [fmt.value(top, self.unit, self.currency), fmt.value(bottom, self.unit, self.currency)]
        axis = max(len(a) for a in [*axis_labels, target_label]) + 1
        points = points[-max(1, width - axis) :]  # one column a bucket at the least: the latest
        columns = max(1, (width - axis) // len(points))
        bar_w = max(1, columns - (1 if columns > 2 else 0))
        target_row = None
        if self.target is not None:
            target_row = plot_h - 1 - int((self.target - bottom) / span * (plot_h - 1) + 0.5)
        lines: list[Text] = []
        for row in range(plot_h):
            level_top = (plot_h - row) / plot_h
            level_bottom = (plot_h - row - 1) / plot_h
            if row == target_row:
                line = Text(target_label.rjust(axis - 1), style=self.target_style)
                line.append("│", style="dim")
            else:
                label = axis_labels[0] if row == 0 else axis_labels[1] if row == plot_h - 1 else ""
                line = Text(label.rjust(axis - 1) + "│", style="dim")
            for _day, value in points:
                cell = " " * columns
                if value is not None:
                    height_frac = (value - bottom) / span
                    if height_frac >= level_top:
                        cell = "█" * bar_w + " " * (columns - bar_w)
                    elif height_frac > level_bottom:
                        eighth = int((height_frac - level_bottom) * plot_h * 8)
                        cell = _EIGHTHS[max(1, min(8, eighth))] * bar_w + " " * (columns - bar_w)
                if row == target_row:
                    cell = "".join("─" if ch == " " else ch for ch in cell)
                    line.append(cell, style=self.target_style)
                else:
                    line.append(cell, style="")
            lines.append(line)
        first, last = points[0][0], points[-1][0]
        footer = Text(" " * axis + short_day(first))
        end_label = short_day(last)
        pad = axis + len(points) * columns - len(footer) - len(end_label)
        if pad > 1:
            footer.append(" " * pad + end_label)
        legend = _("── target {value}").format(value=target_label)
        if target_label and len(footer) + 3 + len(legend) <= width:
            footer.append("   ")
            footer.append(legend, style=self.target_style)
        lines.append(Text(" " * (axis - 1) + "└" + "─" * (len(points) * columns), style="dim"))
        lines.append(footer)
        for line in lines:
            line.truncate(width)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)
