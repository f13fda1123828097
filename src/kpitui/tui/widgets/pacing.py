"""An objective's pacing in the terminal: the value to date, the target, the pace and the projection.

kpitui draws it itself, in braille dots, rather than with textual-plotext: that wrapper's last
release (1.0.1, November 2024) requires plotext < 6 while plotext is at 6.1, and it colours with
plotext's own palette, where kpitui must draw in its themes' colours and in the terminal's
16 (`themes.palette`). Braille gives each cell 2 × 4 dots, enough for the few lines of a pacing
chart, in any UTF-8 terminal and over SSH, as the KPI bar chart (`chart.py`) does with blocks.

Each line reads without colour too: the value to date is solid, the projection dashed, the pace
dotted, the target a row of `─` with its value on the axis; a legend under the chart says so.
What is drawn comes from core (`kpitui.core.pacing`), the one computation the HTML report's
charts share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, Literal

from rich.text import Text
from textual.color import Color
from textual.theme import Theme
from textual.widget import Widget

from kpitui.core import format as fmt
from kpitui.core.i18n import _, language
from kpitui.core.kpis import Unit
from kpitui.core.pacing import Pacing
from kpitui.tui import render, themes

Layer = Literal["value", "projection", "pace"]
_ORDER: Final[tuple[Layer, ...]] = ("value", "projection", "pace")
"""Where two lines share a cell, the first of these gives it its colour."""
_BRAILLE: Final = 0x2800
_DOTS: Final = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The braille bit of each dot of a cell, by row (0-3) and column (0-1)."""
TARGET: Final = "─"
MIN_WIDTH: Final = 24
MIN_HEIGHT: Final = 5


def sign(comparison: str) -> str:
    """An objective's comparison as a sign: `≥` or `≤`."""
    return "≥" if comparison == ">=" else "≤"


def line_color(theme: Theme, *, colors16: bool = False) -> str:
    """The value line's colour: the theme's primary (its accent is the warning's orange in the dark
    theme, the target's colour), lighter on a dark background; the terminal's cyan in 16 colours
    (its blue is too dark on black in many terminals)."""
    if colors16:
        return "cyan"
    color = Color.parse(theme.primary)
    return (color.lighten(0.15) if theme.dark else color).hex.lower()


def styles(colors: Mapping[str, str], line: str = "blue") -> dict[str, str]:
    """The Rich style of each line: the value's in `line`, the others from the theme's colours by
    role (`render.palette`)."""
    return {
        "value": f"bold {line}",
        "projection": line,
        "pace": colors.get("text-muted", "dim"),
        "target": f"bold {colors.get('warning', 'yellow')}",
        "axis": "dim",
    }


class Canvas:
    """Braille dots of lines on a grid of cells, each dot remembering which line drew it."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns, self.rows = columns, rows
        self.cells: dict[tuple[int, int], dict[Layer, int]] = {}

    @property
    def width(self) -> int:
        """Dots across."""
        return self.columns * 2

    @property
    def height(self) -> int:
        """Dots down."""
        return self.rows * 4

    def dot(self, x: int, y: int, layer: Layer) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            bits = self.cells.setdefault((y // 4, x // 2), {})
            bits[layer] = bits.get(layer, 0) | _DOTS[y % 4][x % 2]

    def line(
        self, a: tuple[int, int], b: tuple[int, int], layer: Layer, *, every: int = 1, on: int = 1
    ) -> None:
        """Dots from `a` to `b`; `on` of every `every` dots along it (dashed, dotted)."""
        (x0, y0), (x1, y1) = a, b
        steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for i in range(steps + 1):
            if i % every < on:
                self.dot(round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps), layer)

    def cell(self, row: int, column: int) -> tuple[str, Layer] | None:
        """The braille character of a cell and the line that colours it (None: no dot)."""
        bits = self.cells.get((row, column))
        if not bits:
            return None
        top = next(layer for layer in _ORDER if layer in bits)
        return chr(_BRAILLE | _or(bits.values())), top


def _scale(p: Pacing, known: list[float]) -> tuple[float, float]:
    """The top and bottom of the chart: from zero when the pace line rises from it, else
    around the values and the target (a rate of 4.7% against 4.5% must not be a flat line at
    the top), never below zero for values that are not."""
    numbers = [p.target, *known]
    if p.projected is not None:
        numbers.append(p.projected[1])
    top, bottom = max(numbers), min(numbers)
    if p.pace:
        bottom = min(bottom, 0.0)
    else:
        pad = (top - bottom) * 0.15 or abs(top) * 0.1 or 1.0
        top, bottom = top + pad, (max(bottom - pad, 0.0) if bottom >= 0 else bottom - pad)
    if top <= bottom:
        return top, top - 1.0
    step = 10 ** (math.floor(math.log10(top - bottom)) - 1)  # the axis reads round numbers
    return math.ceil(top / step) * step, math.floor(bottom / step) * step


def _or(values: Iterable[int]) -> int:
    out = 0
    for v in values:
        out |= v
    return out


class PacingChart(Widget):
    """An objective's pacing (`show`), sized to the widget; a sentence when it has no room."""

    DEFAULT_CSS = """
    PacingChart {
        height: 1fr;
        min-height: 6;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.pacing: Pacing | None = None
        self.unit: Unit = "count"
        self.currency = "EUR"
        self.sign = "≥"
        self._drawn: tuple[object, Text] | None = None
        """The last chart drawn, and what it was drawn for."""

    def show(self, pacing: Pacing | None, unit: Unit, currency: str, comparison: str = ">=") -> None:
        """Draw `pacing` (None: nothing yet), values in `unit`, for an objective of `comparison`."""
        self.pacing, self.unit, self.currency, self.sign = pacing, unit, currency, sign(comparison)
        self.refresh()

    def _value(self, number: float) -> str:
        return fmt.value(number, self.unit, self.currency)

    def render(self) -> Text:
        colors16 = self.app.has_class(themes.COLORS16)
        style = styles(render.palette(self.app), line_color(self.app.current_theme, colors16=colors16))
        key = (self.size, tuple(style.items()), self.pacing, self.unit, self.currency, self.sign, language())
        if self._drawn is None or self._drawn[0] != key:  # a repaint of the same chart costs nothing
            self._drawn = (key, self.draw(self.size.width, self.size.height, style))
        return self._drawn[1]

    def draw(self, width: int, height: int, style: Mapping[str, str]) -> Text:
        """The chart as lines of text exactly `width` wide at most and `height` high at most."""
        p = self.pacing
        if p is None:
            return Text(_("Computing the pacing…"), style="italic")
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            return Text(_("Too small for the pacing chart."), style="italic")
        known = [(d, v) for d, v in p.to_date if v is not None]
        top, bottom = _scale(p, [v for _, v in known])
        span = top - bottom
        top_label, bottom_label, target_label = self._value(top), self._value(bottom), self._value(p.target)
        axis = max(len(top_label), len(bottom_label), len(target_label)) + 1
        rows = height - 3  # the x axis, its dates, the legend
        canvas = Canvas(width - axis, rows)
        days = max((p.end - p.start).days, 1)

        def x(day: date) -> int:
            return round((day - p.start).days / days * (canvas.width - 1))

        def y(number: float) -> int:
            return round((top - number) / span * (canvas.height - 1))

        if p.pace:
            canvas.line((x(p.start), y(0)), (x(p.end), y(p.target)), "pace", every=3)
        previous: tuple[int, int] | None = None
        for day, number in p.to_date:
            here = None if number is None else (x(day), y(number))
            if here is not None:
                canvas.line(previous or here, here, "value")
            previous = here
        latest = p.latest
        if p.projected is not None and latest is not None:
            start = (x(latest[0]), y(latest[1]))
            canvas.line(start, (x(p.projected[0]), y(p.projected[1])), "projection", every=4, on=2)
        target_row = y(p.target) // 4
        lines = []
        for row in range(rows):
            label = top_label if row == 0 else bottom_label if row == rows - 1 else ""
            line = Text()
            if row == target_row:
                line.append(target_label.rjust(axis - 1), style=style["target"])
            else:
                line.append(label.rjust(axis - 1), style=style["axis"])
            line.append("│", style=style["axis"])
            for column in range(canvas.columns):
                drawn = canvas.cell(row, column)
                if drawn is not None and (row != target_row or drawn[1] != "pace"):
                    line.append(drawn[0], style=style[drawn[1]])
                elif row == target_row:
                    line.append(TARGET, style=style["target"])
                else:
                    line.append(" ")
            lines.append(line)
        lines.append(Text(" " * (axis - 1) + "└" + "─" * canvas.columns, style=style["axis"]))
        first, last = fmt.day(p.start), fmt.day(p.end)
        gap = width - axis - len(first) - len(last)
        lines.append(Text(" " * axis + first + (" " * gap + last if gap > 1 else "")))
        lines.append(self._legend(width, style))
        for line in lines:
            line.truncate(width)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)

    def _legend(self, width: int, style: Mapping[str, str]) -> Text:
        """What each line is, as many as fit the width (the target first)."""
        p = self.pacing
        assert p is not None
        parts = [
            (
                f"{TARGET * 2} "
                + _("target {sign} {target}").format(sign=self.sign, target=self._value(p.target)),
                "target",
            ),
        ]
        if p.latest is not None:
            parts.append(("⣀⣀ " + _("value to date"), "value"))
        if p.projected is not None:
            parts.append(("⠒⠂⠒ " + _("projection"), "projection"))
        if p.pace:
            parts.append(("⠁⠂⠄ " + _("pace to the target"), "pace"))
        legend = Text()
        for words, role in parts:
            if legend.cell_len + len(words) + 3 > width:
                break
            if legend:
                legend.append("   ")
            legend.append(words, style=style[role])
        return legend
