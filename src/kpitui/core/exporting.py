"""Writing a view of the app as Markdown and CSV files.

CSV cells that a spreadsheet would run as a formula (post text starting with
`=`, `+`, `-`, `@`…) are neutralised; Markdown text is escaped so that it renders
as the literal text (no HTML, link, image or emphasis from a post). Files are
written atomically.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from kpitui.core.files import atomic_write
from kpitui.core.report import markdown_table, md_escape, safe_cell

Table = tuple[str, list[str], list[list[str]]]
"""(title, header, rows) with every cell already formatted as text."""


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


def slug(text: str) -> str:
    """A file-name-safe form of a label (`2026-Q1`, `last-28d`, `dashboard`)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "view"


def to_csv(header: list[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([[safe_cell(str(c)) for c in row] for row in rows])
    return buffer.getvalue()


def write_view(folder: Path, name: str, heading: str, tables: Sequence[Table]) -> list[Path]:
    """Write `<name>.md` (every table) and `<name>-<table>.csv` (one per table) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = slug(name)
    markdown = [f"# {md_escape(printable(heading), line_start=True)}", ""]
    written: list[Path] = []
    for title, header, rows in tables:
        markdown += [f"## {md_escape(printable(title), line_start=True)}", ""]
        markdown += markdown_table(header, rows) if rows else ["(empty)"]
        markdown.append("")
        path = folder / f"{base}-{slug(title)}.csv"
        atomic_write(path, to_csv(header, rows).encode("utf-8"))
        written.append(path)
    md_path = folder / f"{base}.md"
    atomic_write(md_path, ("\n".join(markdown) + "\n").encode("utf-8"))
    return [md_path, *written]
