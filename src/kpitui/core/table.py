"""What a table shows, declared once: typed columns and cells, rendered to every surface.

The objectives table used to be built five times (the report, the dashboard twice, the
objectives screen twice) and the copies drifted: `≥` in one, `>=` in another, a KPI id where
the screen showed its label, and `e` wrote cells like `"176,060 (new)"` that no spreadsheet
can add up. A `Table` holds each cell's raw value beside the text people read, and each
column says what it is (label, unit, alignment, how much it matters when the screen is
narrow). Every surface is rendered from it:

- `to_text`: the CLI's aligned columns; `to_markdown`: a Markdown table (cells escaped);
- `to_csv` and `to_records`: the raw values — numbers as numbers, ratios as fractions,
  statuses by id, a change in its own column — with formula-like text neutralised;
- `kpitui.tui.tables.fill`: the app's DataTables, dropping columns by priority when narrow.

So what `e` exports is what the screen shows, as data, and equals `kpitui report --format json`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

from kpitui.core import i18n
from kpitui.core.kpis import Unit

Kind = Literal["text", "number", "status", "progress", "change", "spark"]
"""How a column's cells are drawn in the app: text (untrusted, shown literally), a number, a
status (a symbol and a word, coloured), a progress bar, a change (an arrow, coloured by whether
it goes the KPI's better way), a sparkline."""
Align = Literal["left", "right"]
Tone = Literal["", "good", "bad", "muted"]
"""How a change reads: better, worse, or neither (no change, nothing to compare)."""
Emphasis = Literal["", "strong", "faint"]
"""How the app stresses a cell's text: strong (what the row is about: a network's name), faint
(an aside: `acct views` beside the value it qualifies). Text, Markdown and data ignore it."""
Raw = str | int | float | date | None
"""A cell's value as data: what CSV and JSON write."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its key (JSON, the app's column key), its label, and how it is drawn."""

    key: str
    label: str
    kind: Kind = "text"
    align: Align = "left"
    unit: Unit | None = None
    """The unit of every cell (None: text, or a unit per row given by a `unit` column)."""
    priority: int = 0
    """How much it matters when narrow: 0 is always shown; then 1, 2… are dropped last first."""
    short: str | None = None
    """The label on a narrow screen."""
    shown: bool = True
    """False: data only (CSV, JSON), as the KPI a headline reads or a target's comparison."""
    data: bool = True
    """False: drawn only (a sparkline is no data)."""
    joined: bool = False
    """Drawn in the previous column's cell (a change beside its value); its own column in data."""
    limit: int = 40
    """The widest its cells are drawn in the app."""
    flexible: bool = False
    """Takes the room left in the app (one column: a title)."""
    least: int = 8
    """The narrowest a flexible column gets."""
    yields: int = 99
    """A flexible column narrows (down to `least`) for the columns of this priority or a more
    important one; the others come only in the room left at its whole width."""
    order: Literal["ascending", "descending"] | None = None
    """The rows are sorted by this column, that way (the app marks its header ▲ or ▼)."""

    @property
    def heading(self) -> str:
        """The label in the current language (labels are marked with `N_` where declared; the
        command line writes machine formats in English)."""
        return i18n._(self.label)

    @property
    def short_heading(self) -> str | None:
        """The narrow label in the current language."""
        return i18n._(self.short) if self.short is not None else None


def number(key: str, label: str, unit: Unit | None = None, **kwargs: Any) -> Column:
    """A right-aligned column of numbers."""
    return Column(key, label, "number", "right", unit, **kwargs)


@dataclass(frozen=True, slots=True)
class Cell:
    """A value and the text people read for it (`0.0412` and `4.12%`)."""

    value: Raw
    text: str
    short: str | None = None
    """The text on a narrow screen (`176,060 av`)."""
    tone: Tone = ""
    emphasis: Emphasis = ""


def text(value: str | None, shown: str | None = None) -> Cell:
    """A cell of text (`—` when there is none)."""
    return Cell(value, NULL if value is None else value if shown is None else shown)


NULL: Final = "—"


@dataclass(frozen=True, slots=True)
class Row:
    """One row: its cells (one per column), its key in the app, its group, dimmed or not."""

    cells: tuple[Cell, ...]
    key: str | None = None
    group: str | None = None
    """The group it belongs to (a KPI family): a title row on screen, a column in data."""
    dim: bool = False
    """Of less interest (an objective of another period): drawn dimmed."""


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table; `group` names the column the rows' groups make in data."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    group: str | None = None
    empty: str = "(empty)"
    """What stands in place of the rows when there are none."""
    notes: tuple[str, ...] = field(default=())
    """Lines said under the table (KPIs without data…)."""

    def column(self, key: str) -> int:
        """The index of the column `key`."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def values(self, key: str) -> list[Raw]:
        """The raw values of column `key`, row by row."""
        i = self.column(key)
        return [r.cells[i].value for r in self.rows]


def layout(table: Table) -> list[tuple[int, list[int]]]:
    """The columns drawn: (index, [index of it and the columns joined into it]) each."""
    out: list[tuple[int, list[int]]] = []
    for i, column in enumerate(table.columns):
        if not column.shown:
            continue
        if column.joined and out:
            out[-1][1].append(i)
        else:
            out.append((i, [i]))
    return out


def drawn(row: Row, parts: Sequence[int], *, narrow: bool = False) -> str:
    """The text of a drawn column: its cell and the cells joined into it."""
    texts = [
        (row.cells[i].short if narrow and row.cells[i].short is not None else row.cells[i].text)
        for i in parts
    ]
    return " ".join(t for t in texts if t)


# --- text and Markdown ---------------------------------------------------------------


def _lines(table: Table) -> tuple[list[Column], list[list[str]], list[str | None]]:
    """Drawn columns, each row's drawn texts, each row's group."""
    shape = layout(table)
    columns = [table.columns[i] for i, _ in shape]
    rows = [[drawn(r, parts) for _, parts in shape] for r in table.rows]
    return columns, rows, [r.group for r in table.rows]


GAP: Final = 2
"""The spaces between two drawn columns."""


def fit(columns: Sequence[Column], natural: Sequence[int], room: int) -> dict[int, int]:
    """Drawn column index → width, for the columns that fit `room` cells, the most important
    first (priority 0 always; then 1, 2…); the flexible column gets the room left, at least its
    `least`. `natural` is each column's widest text. The terminal's text and the app's
    DataTables both fit this way, so a narrow screen keeps the same columns everywhere."""
    least = {n: min(natural[n], c.least) for n, c in enumerate(columns) if c.flexible}
    kept = {n for n, c in enumerate(columns) if c.priority == 0}
    used = sum(least.get(n, natural[n]) + GAP for n in kept)
    for n in sorted((n for n, c in enumerate(columns) if c.priority), key=lambda n: columns[n].priority):
        need = least.get(n, natural[n]) + GAP
        # past what the flexible column yields to, a column takes only the room it leaves whole
        whole = sum(natural[f] - least[f] for f in least if columns[f].yields < columns[n].priority)
        if used + need + whole <= room:
            kept.add(n)
            used += need
    widths = {n: natural[n] for n in sorted(kept)}
    for n, smallest in least.items():
        if n in kept:
            widths[n] = max(smallest, min(natural[n], smallest + room - used))
    return widths


TEXT_WIDTH: Final = 80
"""The width text is fitted to when stdout is no terminal (a pipe, a file) and COLUMNS is unset."""


def text_width() -> int:
    """The width the command line's text tables fit: COLUMNS when set, else the terminal's width
    when stdout is a terminal, else `TEXT_WIDTH` (80).

    80 because text that goes to a pipe or a file is most often read in another terminal
    (`| less`) or pasted into an email, where 80 columns is the width that never wraps; every
    column is still in `--format markdown`, `csv` and `json`, and `COLUMNS=200` widens the text.
    """
    return shutil.get_terminal_size((TEXT_WIDTH, 24)).columns


def _crop(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def to_text(table: Table, indent: str = "  ", width: int = 0) -> list[str]:
    """Aligned columns for a terminal: numbers right-aligned, group titles on their own line.

    With a `width` (`text_width()` for the terminal; 0: no limit), the columns that matter least
    are left out until the lines fit it, and the flexible column (a title) is cut with `…`."""
    columns, rows, groups = _lines(table)
    if not rows:
        return [indent + table.empty]
    header = [c.heading for c in columns]
    natural = [max(len(c) for c in cells) for cells in zip(header, *rows, strict=True)]
    room = width - len(indent) + GAP if width else 10_000
    widths = fit(columns, natural, room)

    def line(cells: list[str]) -> str:
        parts = [
            _crop(cells[n], w).rjust(w) if columns[n].align == "right" else _crop(cells[n], w).ljust(w)
            for n, w in widths.items()
        ]
        return (indent + "  ".join(parts)).rstrip()

    out = [line(header), indent + "  ".join("─" * w for w in widths.values())]
    shown_group = None
    for row, group in zip(rows, groups, strict=True):
        if group is not None and group != shown_group:
            out.append(_crop(indent + group, width) if width else indent + group)
            shown_group = group
        out.append(line(row))
    return out


_MD_INLINE: Final = re.compile(r"[\\`*_~\[\]|<>&]")
_MD_ENTITIES: Final = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Untrusted text (a post, a name, a title) as Markdown that renders as that very text in any
    viewer: no raw HTML (`<script>`, `<img onerror>`, `<https://…>` become entities), no link or
    image (`[x](javascript:…)`, `![](tracker)`), no emphasis or code, no table cell break, one
    line. With `line_start`, a leading `#`, `-`, `+`, `=` or `1.` cannot start a block either."""
    text = re.sub(r"\r\n?|\n", " ", text)
    text = _MD_INLINE.sub(lambda m: _MD_ENTITIES.get(m[0], "\\" + m[0]), text)
    if line_start:  # leading spaces would make code; a marker, a heading or a list
        text = re.sub(r"^(\d*)([#+=.)-])", r"\1\\\2", text.strip())
    return text


def to_markdown(table: Table) -> list[str]:
    """A GitHub-flavoured Markdown table: cells escaped, numbers right-aligned; groups a column."""
    columns, rows, groups = _lines(table)
    if not rows:
        return [md_escape(table.empty)]
    header = [c.heading for c in columns]
    align = ["---:" if c.align == "right" else "---" for c in columns]
    if table.group is not None:
        header, align = [table.group, *header], ["---", *align]
        rows = [[g or "", *r] for r, g in zip(rows, groups, strict=True)]
    lines = [
        "| " + " | ".join(md_escape(printable(h)) for h in header) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(md_escape(printable(c)) for c in row) + " |" for row in rows]
    return lines


# --- data: CSV and JSON ------------------------------------------------------------------


_SIGNED_NUMBER: Final = re.compile(r"[+-][€$£¥]?\d[\d,]*(\.\d+)?(e[+-]?\d+)?(%| pp| h| s| [A-Z]{3})?", re.I)
"""A signed number as kpitui writes one (`-3`, `+108.7%`, `+0.30 pp`, `-€1,234.50`, `-12.5 h`):
a spreadsheet reads it as a number, or fails on it, and runs nothing."""


def safe_cell(text: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) with
    a leading `'`, per OWASP; a signed number, which runs nothing, is left as it is."""
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r") and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with the control characters of untrusted data made visible (`␛` for ESC…), for a
    terminal or a text file: no escape sequence, bell or bidi override gets through. Line
    breaks and tabs stay."""
    return _CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "␡" if code == 0x7F else "\ufffd"


def _data_columns(table: Table) -> list[tuple[int, Column]]:
    return [(i, c) for i, c in enumerate(table.columns) if c.data]


def _json_value(value: Raw) -> str | int | float | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_records(table: Table) -> list[dict[str, Any]]:
    """The rows as JSON objects keyed by column key, raw values (null is null)."""
    columns = _data_columns(table)
    out = []
    for row in table.rows:
        record: dict[str, Any] = {"group": row.group} if table.group is not None else {}
        record.update({c.key: _json_value(row.cells[i].value) for i, c in columns})
        out.append(record)
    return out


_BREAKS: Final = re.compile(r"\r\n|\r|\n|\t")


def one_line(text: str) -> str:
    """Untrusted text on one line as a table cell shows it: breaks and tabs as spaces, control
    characters made visible."""
    return printable(_BREAKS.sub(" ", text))


def _csv_value(value: Raw) -> str | int | float:
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(one_line(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # a count summed as a float: `2691`, as a spreadsheet shows it
    return value


def to_csv(table: Table) -> str:
    """The rows as CSV: a header of labels, raw values (numbers as numbers, ratios as fractions,
    null empty); text on one line, made safe for a spreadsheet."""
    columns = _data_columns(table)
    names = [c.heading for _, c in columns]
    if table.group is not None:
        names = [table.group, *names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(one_line(n)) for n in names])
    for row in table.rows:
        lead = [_csv_value(row.group)] if table.group is not None else []
        writer.writerow([*lead, *(_csv_value(row.cells[i].value) for i, _ in columns)])
    return buffer.getvalue()
