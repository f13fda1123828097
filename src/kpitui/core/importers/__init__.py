"""Importers: recognise an export by its content and read it into canonical tables.

`read_file` is the one entry point: it reads the bytes, checks the encoding,
asks every importer how well the file matches, and lets the best one parse
it. Detection never trusts the file name alone; `ImportOptions.format`
overrides it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from kpitui.core.errors import InputError
from kpitui.core.importers.base import Importer, ImportOptions, ParsedFile, Sample, file_facts
from kpitui.core.importers.canonical import CanonicalCsv
from kpitui.core.importers.csvtext import decode, header_of

__all__ = ["IMPORTERS", "ImportOptions", "ParsedFile", "detect", "read_file"]

IMPORTERS: Final[tuple[Importer, ...]] = (CanonicalCsv(),)


def load_sample(path: Path) -> Sample:
    """Read and decode a file for detection; InputError when it is not readable text."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not an export file.") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    sha256, size, modified = file_facts(path, raw)
    data = decode(path, raw)
    return Sample(path, data, tuple(header_of(path, data)), sha256, size, modified)


def detect(sample: Sample, options: ImportOptions | None = None) -> Importer:
    """The importer for `sample`; InputError listing the formats tried when none fits."""
    options = options or ImportOptions()
    if options.format:
        for importer in IMPORTERS:
            if importer.id == options.format:
                return importer
        known = ", ".join(i.id for i in IMPORTERS)
        raise InputError(f"Unknown format {options.format!r}: expected one of {known}.")
    scored = sorted(
        ((imp.detect(sample), i, imp) for i, imp in enumerate(IMPORTERS)), key=lambda t: (-t[0], t[1])
    )
    best_score, _, best = scored[0]
    if best_score > 0:
        return best
    tried = ", ".join(i.label for i in IMPORTERS)
    closest = min(IMPORTERS, key=lambda imp: len(imp.missing(sample)))
    lacking = list(closest.missing(sample))
    hint = f" The closest is {closest.label}, which needs {', '.join(lacking)}." if lacking else ""
    columns = ", ".join(repr(h) for h in sample.header[:8])
    raise InputError(
        f"{sample.path}: not a known export format (first columns: {columns}). Formats tried: {tried}.{hint}"
    )


def read_file(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    """Detect and parse one file; InputError naming the file, row and column on bad input."""
    options = options or ImportOptions()
    sample = load_sample(path)
    return detect(sample, options).parse(sample, options)
