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
import os
import pkgutil
import re
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
from kpitui.core.i18n import _
from kpitui.core.importers.base import Importer, ImportOptions, ParsedFile, Sample, file_facts, sha256_of
from kpitui.core.importers.csvtext import decode, header_of
from kpitui.core.importers.declared import refusal
from kpitui.core.importers.excel import XLSX_MAGIC, is_workbook, sheet_names
from kpitui.core.limits import Limits, check_members, inflate, open_regular, read_regular

__all__ = [
    "ImportOptions",
    "Limits",
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
        raise InputError(
            _("{path}: a zip archive; import the archive itself or the files inside it.").format(path=path)
        )
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
            _("Unknown format {name}: expected one of {formats}.").format(
                name=repr(options.format), formats=", ".join(i.id for i in known)
            )
        )
    scored = sorted(
        ((imp.detect(sample), i, imp) for i, imp in enumerate(known)), key=lambda t: (-t[0], t[1])
    )
    best_score, best = scored[0][0], scored[0][2]
    if best_score > 0:
        return best
    raise InputError(refusal(sample, known))


def read_file(path: Path, options: ImportOptions | None = None) -> ParsedFile:
    """Detect and parse one file; InputError naming the file, row and column on bad input."""
    return _parse(path, None, None, options or ImportOptions())


def _read_bytes(path: Path, limits: Limits | None = None) -> bytes:
    """The bytes of a regular file within the limits; InputError otherwise (a folder, a FIFO,
    a device, a file too large)."""
    return read_regular(path, limits or Limits().from_environment())


def _parse(path: Path, raw: bytes | None, modified: datetime | None, options: ImportOptions) -> ParsedFile:
    """Detect and parse, hashing the bytes meanwhile in a thread (hashlib releases the GIL):
    on a large export the hash costs as much as checking its encoding."""
    raw = _read_bytes(path, options.limits) if raw is None else raw
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpitui-hash") as pool:
        digest = pool.submit(sha256_of, raw)
        sample = load_sample(path, raw, modified, digest=False)
        parsed = detect(sample, options).parse(sample, options)
        parsed.sha256 = digest.result()
    parsed.original, parsed.modified, parsed.options = raw, sample.modified, options
    return parsed


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import: on disk, or a member of a zip download (inflated when read)."""

    path: Path
    """Where it is, for messages and the import log; a zip member reads `archive.zip/member.csv`
    (its name cleaned of `..`, leading `/` and control characters: never a path of its own)."""
    raw: bytes | None = None
    """The bytes, when they are already in memory; None: read from disk (or the archive)."""
    modified: datetime | None = None
    """A zip member's: the archive's modification time (when it was downloaded)."""
    archive: Path | None = None
    """A zip member's archive, as named."""
    member: int = -1
    """A zip member's position in its archive."""
    size: int = 0
    """The file's size, or the member's inflated size as its header says (for progress)."""

    def read(self, options: ImportOptions) -> ParsedFile:
        raw = self.raw
        if raw is None and self.archive is not None:
            raw = _inflate(self.archive, self.member, self.path, options.limits)
        return _parse(self.path, raw, self.modified, options)


ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
"""What a damaged zip raises: as it is opened, or as a member inflates (zlib.error, EOFError,
BadZipFile for a bad CRC); an encrypted member or an unknown compression method raise
RuntimeError or NotImplementedError."""


def read_again(path: Path, raw: bytes, modified: datetime | None, options: ImportOptions) -> ParsedFile:
    """A kept original read again (`kpitui imports redo`, `rebuild`): the `Reader` the workspace
    is given, so that storage never imports the importers."""
    return Source(path, raw=raw, modified=modified).read(options)


def sources(
    paths: Iterable[Path], limits: Limits | None = None, warnings: list[str] | None = None
) -> list[Source]:
    """Files named directly, export files inside named folders, members of zip archives.

    A folder is searched recursively for export files (hidden files are skipped, and a link
    leading out of the folder is not followed: it is skipped with a warning added to
    `warnings`); a zip download (YouTube, TikTok) is listed, its members inflated when read.
    InputError for a path that cannot be read, a zip whose headers pass `limits`.
    """
    limits = limits or Limits().from_environment()
    warnings = [] if warnings is None else warnings
    found: list[Source] = []
    for path in paths:
        if path.is_dir():
            inside = _folder_files(path, warnings)
            if not inside:
                raise InputError(
                    _("{path}: the folder holds no export files ({suffixes}).").format(
                        path=path, suffixes=", ".join(EXPORT_SUFFIXES)
                    )
                )
            for p in inside:
                found.extend(_expand(p, limits))
        else:
            found.extend(_expand(path, limits))
    return found


def _folder_files(folder: Path, warnings: list[str]) -> list[Path]:
    """The export files under `folder`, sorted; hidden files and folders are left out, and so
    is a link to anything outside `folder` (with a warning naming the link, never its target)."""
    root = folder.resolve()
    found: list[Path] = []
    for here, folders, names in os.walk(folder):  # never into a linked folder (followlinks=False)
        base = Path(here)
        folders[:] = [d for d in folders if not d.startswith(".")]
        for name in sorted(folders):
            if (base / name).is_symlink() and not _inside(base / name, root):
                warnings.append(f"{base / name}: a link to a folder outside {folder}; not followed.")
        for name in names:
            path = base / name
            if name.startswith(".") or path.suffix.lower() not in EXPORT_SUFFIXES:
                continue
            if path.is_symlink() and not _inside(path, root):
                warnings.append(f"{path}: a link to a file outside {folder} (or to nothing); skipped.")
            elif path.is_file():
                found.append(path)
            else:  # a FIFO, a socket, a device: never opened (a FIFO would block)
                warnings.append(f"{path}: not a regular file; skipped.")
    return sorted(found)


def _inside(link: Path, root: Path) -> bool:
    """True when the link leads to a place under `root` (a broken link leads nowhere: False)."""
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):  # missing target, a loop
        return False


def _expand(path: Path, limits: Limits) -> list[Source]:
    """A file, or the export files of a zip archive (listed from its headers, checked against
    `limits`; inflated when read)."""
    if path.suffix.lower() != ".zip":
        return [Source(path, size=_stat_size(path))]
    with open_regular(path, limits) as handle:
        if is_workbook(handle.read(65536)):
            return [Source(path, size=_stat_size(path))]
        try:
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                members = [(i, info) for i, info in enumerate(archive.infolist()) if _export_member(info)]
        except ZIP_ERRORS as exc:
            raise InputError(
                _("{path}: a damaged zip archive ({error}).").format(
                    path=path, error=exc or type(exc).__name__
                )
            ) from exc
    if not members:
        raise InputError(_("{path}: the archive holds no export files.").format(path=path))
    check_members(path, [info for _, info in members], limits)
    modified = file_facts(path, b"")[2]
    named = [(member_path(path, info.filename, index), index, info) for index, info in members]
    return [
        Source(where, modified=modified, archive=path, member=index, size=info.file_size)
        for where, index, info in sorted(named, key=lambda item: (str(item[0]), item[1]))
    ]


def _export_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return (
        not info.is_dir()
        and Path(name).suffix.lower() in EXPORT_SUFFIXES
        and not Path(name).name.startswith((".", "__MACOSX"))
        and "__MACOSX" not in name
    )


_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def member_path(archive: Path, name: str, index: int) -> Path:
    """Where a zip member is said to be: `archive/name`, with the name cleaned so that it can
    never lead elsewhere (`..`, `.` and empty parts dropped, a leading `/` or `\\` too, control
    characters replaced); a name left empty becomes `member-N`."""
    parts = [_UNSAFE.sub("\ufffd", p) for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    return archive.joinpath(*parts) if parts else archive / f"member-{index + 1}"


def _inflate(archive: Path, index: int, where: Path, limits: Limits) -> bytes:
    """The bytes of member `index` of `archive`, inflated within `limits`."""
    with open_regular(archive, limits) as handle:
        try:
            with zipfile.ZipFile(handle) as opened:
                infos = opened.infolist()
                if index >= len(infos):
                    raise InputError(
                        _("{where}: no longer in the archive (it changed meanwhile).").format(where=where)
                    )
                return inflate(archive, opened, infos[index], limits)
        except ZIP_ERRORS as exc:
            raise InputError(
                _("{where}: damaged in its zip archive ({error}).").format(
                    where=where, error=exc or type(exc).__name__
                )
            ) from exc


def _stat_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_paths(
    paths: Sequence[Path], options: ImportOptions | None = None, warnings: list[str] | None = None
) -> Iterator[tuple[Source, ParsedFile | InputError]]:
    """Read every source of `paths`, yielding each with its result or its error (what was
    skipped is added to `warnings`, see `sources`)."""
    options = options or ImportOptions()
    for source in sources(paths, options.limits, warnings):
        try:
            yield source, source.read(options)
        except InputError as exc:
            yield source, exc
