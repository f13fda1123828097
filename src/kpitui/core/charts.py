"""The HTML report's charts, drawn by matplotlib as inline SVG.

matplotlib is imported on the first chart only: `kpitui report --format json` and the app's
start never pay for it. Every chart is a standalone `<svg>` element with no XML prolog, no
width or height (the page's CSS sizes it) and text kept as text in the page's own fonts
(`svg.fonttype = none`): nothing is fetched. Labels are kpitui's own (KPI names, days,
numbers formatted by `kpitui.core.format`); no untrusted text is ever drawn.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

INK: Final = "#1f2933"
MUTED: Final = "#7b8794"
GRID: Final = "#d9e2ec"
CURRENT: Final = "#2f6fdb"
PREVIOUS: Final = "#9aa5b1"
TARGET: Final = "#c2410c"
PACE: Final = "#7b8794"

_RC: Final[Any] = {  # matplotlib types rcParams by each literal key
    "svg.fonttype": "none",  # text stays text, drawn in the page's fonts: no font file, no fetch
    "text.parse_math": False,  # a `$` in a label is a dollar, not mathtext
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
}
_SIZE: Final = (4.0, 2.1)
"""Inches: the chart's shape; the page scales it to the column's width."""
_TREND_SIZE: Final = (4.0, 1.7)

Ticks = Callable[[float], str]


def preload() -> threading.Thread:
    """Start importing matplotlib (and the SVG backend) in a thread of its own, for the caller to
    read the workspace meanwhile: the import is Python code, the reading polars' native threads,
    so the two overlap (the import is about a fifth of the 1,000,000-post report's HTML). The
    first chart then finds the modules imported, or waits for the import to end (Python's
    import lock); an import error shows there, raised by the chart's own import."""

    def load() -> None:
        try:
            import matplotlib.backends.backend_svg
            import matplotlib.figure
            import matplotlib.ticker  # noqa: F401
        except ImportError:  # said by the first chart, in the caller's thread
            pass

    thread = threading.Thread(target=load, name="kpitui-import-matplotlib")
    thread.start()
    return thread


def _figure(size: tuple[float, float] = _SIZE) -> Figure:
    """A figure without pyplot (no global state, no GUI backend chosen)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size)
    figure.subplots_adjust(left=0.17, right=0.97, top=0.94, bottom=0.2)
    return figure


_CANVASES = threading.local()
"""Per thread: one figure and its axes for each chart shape, drawn again for every chart."""


def _axes(size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure of `size` and its empty axes, those of the chart before of that shape if any.

    Making a figure, its axes and their ticks costs more than drawing the chart (about half of
    each chart's time, measured with cProfile on the 1,000,000-post report's 51 charts), so
    the lines, images and limits of the last chart are taken off the same axes instead: the
    SVG is the one a fresh figure gives (tests/test_html_report.py checks it). One set per
    thread, so that two reports written at once (the app's worker, a test) never share one.
    """
    canvases: dict[tuple[float, float], tuple[Figure, Axes]] = _CANVASES.__dict__.setdefault("axes", {})
    if size not in canvases:
        figure = _figure(size)
        ax = figure.add_subplot()
        # kept by the axes from chart to chart: set once
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.tick_params(length=0)
        for axis in (ax.xaxis, ax.yaxis):  # no axis titles: fixed places spare measuring the
            axis.set_label_coords(0.5, 0.5)  # tick labels again to place them
        canvases[size] = figure, ax
        return canvases[size]
    figure, ax = canvases[size]
    for artist in [*ax.lines, *ax.images, *ax.collections, *ax.patches, *ax.texts]:
        artist.remove()
    ax.relim()
    ax.set_autoscale_on(True)
    return figure, ax


def _svg(figure: Figure, key: str) -> str:
    """`figure` as an inline `<svg>`: no prolog, no fixed size, ids salted with `key` so that two
    charts of one page never share a clip-path id. Called inside `_rc()`, which restores the salt."""
    import matplotlib

    buffer = io.StringIO()
    matplotlib.rcParams["svg.hashsalt"] = key
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 role="img"', text, count=1)


def _x(days: Sequence[date]) -> Any:
    """Days for an x axis: matplotlib plots dates, though its type stubs say numbers."""
    return list(days)


def _style(ax: Axes, ticks: Ticks) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_formatter(_formatter(ticks))
    ax.yaxis.set_major_locator(MaxNLocator(4))


def _days(ax: Axes, first: date, last: date) -> None:
    """Dates on the x axis from `first` to `last` (a day either side when they are one day): the
    first of each month (every 7 days over five weeks or less), placed by hand, which costs a
    third of matplotlib's AutoDateLocator."""
    if first >= last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    ax.set_xlim(first, last)  # type: ignore[arg-type]
    if (last - first).days <= 35:
        days = [first + timedelta(days=d) for d in range(0, (last - first).days + 1, 7)]
        labels = [f"{d.day} {d:%b}" for d in days]
    else:
        months = (last.year - first.year) * 12 + last.month - first.month
        starts = [
            date(first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1, 1)
            for m in range(months + 1)
        ]
        days = [d for d in starts if first <= d <= last][:: max(1, months // 6)]
        labels = [f"{d:%b %Y}" if d == days[0] or d.month == 1 else f"{d:%b}" for d in days]
    ax.set_xticks(days, labels)  # type: ignore[arg-type]


def pacing(
    key: str,
    *,
    start: date,
    end: date,
    to_date: Sequence[tuple[date, float | None]],
    target: float,
    projected: tuple[date, float] | None,
    pace: bool,
    ticks: Ticks,
) -> str:
    """An objective's pacing: its value to date (`to_date`: the value of the period up to each
    day), the target, the straight line from zero to the target over the period when the KPI
    adds up over days (`pace`), and the projection to the period's end."""
    with _rc():
        figure, ax = _axes(_SIZE)
        ax.axhline(target, color=TARGET, linewidth=1.2)
        if pace:
            ax.plot(_x([start, end]), [0, target], color=PACE, linewidth=1, linestyle=":")
        known = [(d, v) for d, v in to_date if v is not None]
        if known:
            days, values = zip(*known, strict=True)
            ax.plot(
                _x(days),
                values,
                color=CURRENT,
                linewidth=2,
                marker="o",
                markersize=2.5,
                label="value to date",
            )
            if projected is not None and projected[0] > days[-1]:
                ax.plot(
                    _x([days[-1], projected[0]]),
                    [values[-1], projected[1]],
                    color=CURRENT,
                    linewidth=1.2,
                    linestyle="--",
                    label="projection",
                )
        if not known:  # nothing to date: the target's scale
            ax.set_ylim(0, abs(target) * 1.25 or 1.0)
        elif pace or min(v for _, v in known) >= 0:
            ax.set_ylim(bottom=0)
        _style(ax, ticks)
        _days(ax, start, end)
        return _svg(figure, key)


def trend(
    key: str,
    *,
    buckets: Sequence[date],
    current: Sequence[float | None],
    previous: Sequence[float | None] | None,
    ticks: Ticks,
) -> str:
    """A KPI per bucket of the period, with the comparison period's buckets overlaid (bucket n
    of each over bucket n's day of the period); a missing bucket is a gap, never a zero."""
    nan = float("nan")
    with _rc():
        figure, ax = _axes(_TREND_SIZE)
        if previous is not None:
            shown = list(previous[: len(buckets)])
            ax.plot(
                _x(buckets[: len(shown)]),
                [nan if v is None else v for v in shown],
                color=PREVIOUS,
                linewidth=1.2,
                linestyle="--",
                label="comparison",
            )
        ax.plot(
            _x(buckets),
            [nan if v is None else v for v in current],
            color=CURRENT,
            linewidth=1.8,
            marker="o",
            markersize=2,
            label="period",
        )
        _style(ax, ticks)
        _days(ax, buckets[0], buckets[-1])
        return _svg(figure, key)


def heatmap(
    key: str, cells: Sequence[tuple[int, int, float | None, bool]], ticks: Ticks, weekdays: Sequence[str]
) -> str:
    """Engagement rate per weekday × hour (`cells`: weekday 1-7, hour, rate, enough posts); a
    cell with too few posts is hatched grey and holds no colour."""
    import numpy as np

    with _rc():
        figure = _figure((4.8, 2.2))
        ax = figure.add_subplot()
        grid = np.full((7, 24), np.nan)
        thin = np.zeros((7, 24), dtype=bool)
        for weekday, hour, rate, enough in cells:
            if enough and rate is not None:
                grid[weekday - 1, hour] = rate
            else:
                thin[weekday - 1, hour] = True
        ax.imshow(np.where(thin, 1.0, np.nan), cmap="Greys", vmin=0, vmax=6, aspect="auto")
        image = ax.imshow(grid, cmap="Blues", aspect="auto")
        ax.set_yticks(range(7), list(weekdays))
        ax.set_xticks(range(0, 24, 3), [f"{h:02d}h" for h in range(0, 24, 3)])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        if not np.isnan(grid).all():
            bar = figure.colorbar(image, ax=ax, shrink=0.9, pad=0.01)
            bar.ax.yaxis.set_major_formatter(_formatter(ticks))
            bar.outline.set_visible(False)
            bar.ax.tick_params(length=0)
        return _svg(figure, key)


def _formatter(ticks: Ticks) -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: ticks(v))


def _rc() -> AbstractContextManager[object]:
    """The charts' matplotlib settings, for the drawing as for the saving."""
    import matplotlib

    return matplotlib.rc_context(_RC)
