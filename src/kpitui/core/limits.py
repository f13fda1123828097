"""What kpitui agrees to read: regular files of a bounded size, zip members bounded when inflated.

An export is a regular file of a few MB (a 1,000,000-row X export is about 200 MB). A path
to a FIFO would block a read forever, `/dev/zero` or a device would fill the memory, and a
zip of 1 MB can inflate to gigabytes. So a file is checked with `os.stat` before it is
opened (opened non-blocking, and checked again on the open descriptor, for a file swapped
meanwhile), and read up to a cap; a zip member is checked from its header (its size, the
archive's total, its compression ratio) and again while it inflates, chunk by chunk,
since a header can lie.

The caps are generous for real exports and can be raised: in kpitui.toml (`[limits]`,
`file_mb = 4096`) or, for one run, in the environment (`KPITUI_MAX_FILE_MB=4096`), which
wins.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import IO, Final

from kpitui.core.errors import InputError, KpiError, SettingsError

MB: Final = 1024 * 1024
GRACE: Final = 10 * MB
"""A member inflating to less than this is never refused for its ratio (a small file of
zeros compresses a thousand times and harms nobody)."""
CHUNK: Final = 1 * MB


@dataclass(frozen=True, slots=True)
class Limits:
    """The caps on what is read; each a number of megabytes but `ratio`."""

    file_mb: float = 1024
    """The largest file read (an export, a zip download, a workbook)."""
    member_mb: float = 1024
    """The largest zip member, inflated."""
    archive_mb: float = 2048
    """All of a zip's export members together, inflated."""
    ratio: float = 100
    """The largest inflated / compressed size of a zip member (beyond its first 10 MB);
    real exports compress 2 to 35 times."""

    def with_overrides(self, values: Mapping[str, object], where: str) -> Limits:
        """These limits with `values` (name → positive number) applied; SettingsError naming
        `where` for an unknown name or a value that is not a positive number."""
        known = {f.name for f in fields(self)}
        changes: dict[str, float] = {}
        for name, value in values.items():
            if name not in known:
                raise SettingsError(f"{where}: {name} is not a limit (known: {', '.join(sorted(known))}).")
            number = _number(value)
            if number is None:
                raise SettingsError(f"{where}: {name} = {value!r} is not a positive number.")
            changes[name] = number
        return replace(self, **changes)

    def from_environment(self, environ: Mapping[str, str] | None = None) -> Limits:
        """These limits with the environment's `KPITUI_MAX_FILE_MB`, `KPITUI_MAX_MEMBER_MB`,
        `KPITUI_MAX_ARCHIVE_MB` and `KPITUI_MAX_RATIO` applied."""
        environ = os.environ if environ is None else environ
        values = {f.name: environ[ENV[f.name]] for f in fields(self) if environ.get(ENV[f.name], "").strip()}
        names = ", ".join(ENV[n] for n in values)
        return self.with_overrides(values, f"the environment ({names})") if values else self

    def cap(self, name: str) -> int:
        """The limit `name` in bytes."""
        return int(getattr(self, name) * MB)


ENV: Final = {
    "file_mb": "KPITUI_MAX_FILE_MB",
    "member_mb": "KPITUI_MAX_MEMBER_MB",
    "archive_mb": "KPITUI_MAX_ARCHIVE_MB",
    "ratio": "KPITUI_MAX_RATIO",
}


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number > 0 and number != float("inf") else None


def _raise_hint(name: str) -> str:
    return f"raise it with {ENV[name]} or [limits] {name} in kpitui.toml if the file is genuine"


def _size(count: float) -> str:
    return f"{count / MB:,.0f} MB" if count >= MB else f"{count:,.0f} bytes"


# --- regular files -----------------------------------------------------------------------

_KINDS: Final = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def open_regular(path: Path, limits: Limits, error: type[KpiError] = InputError) -> IO[bytes]:
    """`path` opened for reading if it is a regular file within `limits.file_mb`; `error`
    otherwise. Never blocks: the kind is checked before opening, and the open is non-blocking
    (a FIFO swapped in meanwhile does not wait for a writer) and checked again."""
    try:
        _check(path, os.stat(path), limits, error)
        fd = os.open(path, os.O_RDONLY | _FLAGS)
    except IsADirectoryError as exc:
        raise error(f"{path}: cannot be read: it is a folder, not a file.") from exc
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    try:
        _check(path, os.fstat(fd), limits, error)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


_FLAGS: Final = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _check(path: Path, info: os.stat_result, limits: Limits, error: type[KpiError]) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{path}: cannot be read: it is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        raise error(f"{path}: {kind}, not a regular file; kpitui reads regular files only.")
    if info.st_size > limits.cap("file_mb"):
        raise error(
            f"{path}: {_size(info.st_size)}, over the {_size(limits.cap('file_mb'))} kpitui reads "
            f"({_raise_hint('file_mb')})."
        )


def read_regular(path: Path, limits: Limits, error: type[KpiError] = InputError) -> bytes:
    """The bytes of the regular file `path`, within `limits.file_mb` (a file growing while it
    is read is cut off there and refused); `error` otherwise."""
    cap = limits.cap("file_mb")
    with open_regular(path, limits, error) as handle:
        try:
            data = handle.read(os.fstat(handle.fileno()).st_size + 1)  # read(cap) would take cap bytes
            while len(data) <= cap and (more := handle.read(CHUNK)):  # it grew since: up to the cap
                data += more
        except OSError as exc:
            raise error(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > cap:
        raise error(f"{path}: over the {_size(cap)} kpitui reads ({_raise_hint('file_mb')}).")
    return data


# --- zip members -------------------------------------------------------------------------


def check_members(path: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """InputError when the headers of `members` (the export files of the archive `path`) say
    that one inflates past `limits.member_mb` or past the ratio, or all past `limits.archive_mb`."""
    for info in members:
        _check_inflating(path, info, info.file_size, limits)
    total = sum(info.file_size for info in members)
    if total > limits.cap("archive_mb"):
        raise InputError(
            f"{path}: its export files inflate to {_size(total)}, over the "
            f"{_size(limits.cap('archive_mb'))} kpitui reads from one archive ({_raise_hint('archive_mb')})."
        )


def _check_inflating(path: Path, info: zipfile.ZipInfo, inflated: int, limits: Limits) -> None:
    where = f"{path}, member {info.filename!r}"
    if inflated > limits.cap("member_mb"):
        raise InputError(
            f"{where}: inflates to over {_size(limits.cap('member_mb'))}, more than kpitui reads "
            f"({_raise_hint('member_mb')})."
        )
    if inflated > GRACE and inflated > limits.ratio * max(info.compress_size, 1):
        raise InputError(
            f"{where}: inflates over {limits.ratio:g} times its compressed size "
            f"({_size(info.compress_size)}): a zip bomb, or a damaged archive ({_raise_hint('ratio')})."
        )


def inflate(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """The bytes of the member `info` of `archive` (at `path`), inflated chunk by chunk and
    refused (InputError) as soon as they pass the member cap or the ratio: the header is
    checked first, but it may lie."""
    _check_inflating(path, info, info.file_size, limits)
    chunks: list[bytes] = []
    inflated = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            inflated += len(chunk)
            _check_inflating(path, info, inflated, limits)
            chunks.append(chunk)
    return b"".join(chunks)
