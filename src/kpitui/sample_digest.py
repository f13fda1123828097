"""The digest of the demo's files (its export files, settings and objectives): with the store's
layout, what names the demo's cached workspace (`kpitui.core.demo`).

A wheel carries it, computed once when it is built (hatch_build.py writes DIGEST_FILE beside
the folders it digests): reading the 150 files at every start cost the app's start 40 ms in
its loading thread (each file's stat and read gave the interpreter lock to the thread mounting
the screens, and waited to get it back). A source checkout, whose files may change, has no such
file and computes it. Standard library only: the build hook loads this module by its path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

DATA_SUFFIXES: Final = (".csv", ".xlsx", ".xls", ".zip")
"""The export files of the demo, by their suffix."""

DIGEST_FILE: Final = "files.sha256"
"""The digest's file in a wheel, in the folder holding `demo` and `exports`."""


def export_files(exports: Path) -> list[Path]:
    """The export files under `exports`, in a stable order."""
    return sorted(p for p in exports.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


def digest(demo: Path) -> str:
    """The digest of the demo folder's settings and objectives (`*.toml`) and of the export files
    beside it (in `exports`): their paths from the folder holding both, and their bytes."""
    root = demo.parent
    hashed = hashlib.sha256()
    for path in [*export_files(root / "exports"), *sorted(demo.glob("*.toml"))]:
        hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
        hashed.update(path.read_bytes())
    return hashed.hexdigest()


def stored_or_computed(demo: Path) -> str:
    """The digest a wheel carries beside `demo`, else computed (a source checkout)."""
    stored = demo.parent / DIGEST_FILE
    try:
        return stored.read_bytes().decode().strip()
    except FileNotFoundError:
        return digest(demo)
