"""Writing a view of the app as Markdown and CSV files.

Each table of the view (`kpitui.core.table.Table`) becomes a section of one Markdown file and
a CSV file of its own: the Markdown as the screen reads, the CSV as data (numbers as numbers).
CSV cells that a spreadsheet would run as a formula (post text starting with `=`, `+`, `-`,
`@`…) are neutralised; Markdown text is escaped so that it renders as the literal text (no
HTML, link, image or emphasis from a post). Files are written atomically.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kpitui.core.files import atomic_write
from kpitui.core.table import Table, md_escape, printable, to_csv, to_markdown

__all__ = ["printable", "slug", "write_view"]


def slug(text: str) -> str:
    """A file-name-safe form of a label (`2026-Q1`, `last-28d`, `dashboard`)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "view"


def write_view(folder: Path, name: str, heading: str, tables: Sequence[Table]) -> list[Path]:
    """Write `<name>.md` (every table) and `<name>-<table>.csv` (one per table) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = slug(name)
    markdown = [f"# {md_escape(printable(heading), line_start=True)}", ""]
    written: list[Path] = []
    for table in tables:
        markdown += [f"## {md_escape(printable(table.title), line_start=True)}", ""]
        markdown += to_markdown(table)
        markdown.append("")
        path = folder / f"{base}-{slug(table.title)}.csv"
        atomic_write(path, to_csv(table).encode("utf-8"))
        written.append(path)
    md_path = folder / f"{base}.md"
    atomic_write(md_path, ("\n".join(markdown) + "\n").encode("utf-8"))
    return [md_path, *written]
