"""Importers: recognise an export by its content and read it into canonical tables.

`read_file` is the entry point for one file, `read_paths` for what a person
names (files, folders, zip downloads). Each reads the bytes, checks the
encoding, asks every importer how well the file matches, and lets the best
one parse it. Detection never trusts the file name alone;
`ImportOptions.format` overrides it.

A parsed file says only what its file says: an account or a network the
file does not name stays null. The files a person imports together are
then resolved as one batch (`resolve.resolve`, run by
`Workspace.import_files` inside the import's transaction): what the person
gave (`ImportOptions.account`, `ImportOptions.network`), the other files of
the same folder or zip, the file's name, the workspace; the person is asked
only when none of these tells.

Importers are discovered: every module of this package that defines
`IMPORTERS` (a tuple of Importer objects) is registered, so adding a format
is adding a module.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Final

from kpitui.core.errors import InputError
from kpitui.core.importers.base import Importer, ImportOptions, ParsedFile, Sample, file_facts, sha256_of
from kpitui.core.importers.csvtext import decode, header_of
from kpitui.core.importers.declared import refusal
from kpitui.core.importers.excel import XLSX_MAGIC, is_workbook, sheet_names

__all__ = [
    "ImportOptions",
    "ParsedFile",
    "Sample",
    "detect",
    "importers",
    "load_sample",
    "read_file",
    "read_paths",
]

EXPORT_SUFFIXES: Final = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".zip")


@cache
def importers() -> tuple[Importer, ...]:
    """Every importer of the package's modules, ordered by module name then declaration."""
    found: list[Importer] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        found.extend(getattr(loaded, "IMPORTERS", ()))
    return tuple(found)


def load_sample(
    path: Path, raw: bytes | None = None, modified: datetime | None = None, *, digest: bool = True
) -> Sample:
    """Read (or take) a file's bytes for detection; InputError when it is not readable.

    `modified` stands for the file's modification time when the bytes come
    from elsewhere (a zip member takes its archive's). Without `digest`, the
    sample's sha256 is left empty for the caller to fill.
    """
    if raw is None:
        raw = _read_bytes(path)
    sha256, size, stat_time = file_facts(path, raw, digest=digest)
    modified = modified or stat_time
    if is_workbook(raw):
        return Sample(path, raw, (), "excel", sheet_names(path, raw), sha256, size, modified)
    if raw.startswith(XLSX_MAGIC):
        raise InputError(f"{path}: a zip archive; import the archive itself or the files inside it.")
    data = decode(path, raw)
    return Sample(path, data, tuple(header_of(path, data)), "text", (), sha256, size, modified)


def detect(sample: Sample, options: ImportOptions | None = None) -> Importer:
    """The importer for `sample`; InputError saying what the file looks like when none fits
    (with the closest format only when it is close: `declared.refusal`)."""
    options = options or ImportOptions()
    known = importers()
    if options.format:
        for importer in known:
            if importer.id == options.format:
                return importer
        raise InputError(
            f"Unknown format {options.format!r}: expected one of {', '.join(i.id for i in known)}."
        )
    scored = sorted(
        ((imp.detect(sample), i, imp) for i, imp in enumerate(known)), key=lambda t: (-t[0], t[1])
    )
    best_score, _, best = scored[0]
    if best_score > 0:
        return best
    raise InputError(refusal(sample, known))


def read_file(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    """Detect and parse one file; InputError naming the file, row and column on bad input."""
    return _parse(path, None, None, options or ImportOptions())


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not an export file.") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc


def _parse(path: Path, raw: bytes | None, modified: datetime | None, options: ImportOptions) -> ParsedFile:
    """Detect and parse, hashing the bytes meanwhile in a thread (hashlib releases the GIL):
    on a large export the hash costs as much as checking its encoding."""
    raw = _read_bytes(path) if raw is None else raw
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpitui-hash") as pool:
        digest = pool.submit(sha256_of, raw)
        sample = load_sample(path, raw, modified, digest=False)
        parsed = detect(sample, options).parse(sample, options)
        parsed.sha256 = digest.result()
    return parsed


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import: on disk, or a member of a zip download."""

    path: Path
    """Where it is, for messages; a zip member reads `archive.zip/member.csv`."""
    raw: bytes | None = None
    """The bytes of a zip member; None for a file on disk."""
    modified: datetime | None = None
    """A zip member's: the archive's modification time (when it was downloaded)."""

    def read(self, options: ImportOptions) -> ParsedFile:
        return _parse(self.path, self.raw, self.modified, options)


def sources(paths: Iterable[Path]) -> list[Source]:
    """Files named directly, export files inside named folders, members of zip archives.

    A folder is searched recursively for export files (hidden files are
    skipped); a zip download (YouTube, TikTok) is opened in memory.
    """
    found: list[Source] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in EXPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                raise InputError(f"{path}: the folder holds no export files ({', '.join(EXPORT_SUFFIXES)}).")
            for p in inside:
                found.extend(_expand(p))
        else:
            found.extend(_expand(path))
    return found


def _expand(path: Path) -> list[Source]:
    """A file, or the export files of a zip archive."""
    if path.suffix.lower() != ".zip":
        return [Source(path)]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if is_workbook(raw):
        return [Source(path)]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [
                (info.filename, archive.read(info))
                for info in archive.infolist()
                if not info.is_dir()
                and Path(info.filename).suffix.lower() in EXPORT_SUFFIXES
                and not Path(info.filename).name.startswith((".", "__MACOSX"))
                and "__MACOSX" not in info.filename
            ]
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        # a damaged member fails as it is inflated (zlib.error, EOFError); an encrypted one or
        # an unknown compression method raises RuntimeError or NotImplementedError
        raise InputError(f"{path}: a damaged zip archive ({exc or type(exc).__name__}).") from exc
    if not members:
        raise InputError(f"{path}: the archive holds no export files.")
    _, _, modified = file_facts(path, b"")
    return [Source(path / name, data, modified) for name, data in sorted(members)]


def read_paths(
    paths: Sequence[Path], options: ImportOptions | None = None
) -> Iterator[tuple[Source, ParsedFile | InputError]]:
    """Read every source of `paths`, yielding each with its result or its error."""
    options = options or ImportOptions()
    for source in sources(paths):
        try:
            yield source, source.read(options)
        except InputError as exc:
            yield source, exc
