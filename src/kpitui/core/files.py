"""Hand-edited TOML files read with messages that name the line; atomic writes.

Both kpitui.toml and objectives.toml are meant to be edited by hand, so a
mistake must come back as "file, line N: what is wrong", never a traceback.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Final

from kpitui.core.errors import KpiError
from kpitui.core.limits import Limits, read_regular

_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")

MAX_DEPTH: Final = 100
"""Deepest nesting a hand-edited TOML file may have. Python's TOML reader recurses into nested
arrays and tables (a RecursionError past a thousand levels) and keeps every prefix of a dotted
key (a 200 KB key `a.a.a…` takes tens of gigabytes); kpitui's files need three levels."""

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED: Final = re.compile(rf"(?:{_PART}[ \t]*\.[ \t]*){{{MAX_DEPTH},}}{_PART}")
"""A dotted key of over MAX_DEPTH parts (searched before parsing: the parser would not return)."""


def read_small(path: Path, error: type[KpiError]) -> bytes:
    """The bytes of a hand-edited file (kpitui.toml, objectives.toml), if it is a regular file of
    at most 64 MB; `error` otherwise (a FIFO there would block kpitui, a device flood it)."""
    return read_regular(path, SMALL, error)


SMALL: Final = Limits(file_mb=64)


def utf8_text(data: bytes) -> str:
    """`data` decoded as UTF-8, a leading byte order mark dropped (as Notepad writes it): what
    `decode("utf-8-sig")` gives, errors and their positions included, without that codec's
    module, which the first file read in a loading thread imported there, under the interpreter
    lock the app's mounting holds."""
    return data.removeprefix(codecs.BOM_UTF8).decode()


def parse_toml(path: Path, data: bytes, error: type[KpiError]) -> tuple[dict[str, Any], str]:
    """The values and the text of `data`, the bytes of `path` (`read_small`'s: the caller keeps
    them, one read of the file), raising `error` with the file and line on a syntax error."""
    try:
        text = utf8_text(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{path}, line {line}: not UTF-8 text (byte {exc.start}).") from exc
    if deep := _DOTTED.search(text):
        line = text.count("\n", 0, deep.start()) + 1
        raise error(
            f"{path}, line {line}: a key of over {MAX_DEPTH} dotted parts; kpitui's settings and "
            "objectives need three at most. Fix the file by hand; kpitui will not overwrite it."
        )
    try:
        return tomllib.loads(text), text
    except RecursionError as exc:  # arrays or inline tables nested a thousand deep
        deepest = _deepest_line(text)
        where = f", line {deepest}" if deepest else ""
        raise error(
            f"{path}{where}: values nested too deeply (over {MAX_DEPTH} levels). "
            "Fix the file by hand; kpitui will not overwrite it."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _LINE.search(message)
        detail = _LINE.sub("", message).strip().rstrip(".")
        if found:
            raise error(
                f"{path}, line {found[1]}, column {found[2]}: {detail}. "
                "Fix the file by hand; kpitui will not overwrite it."
            ) from exc
        raise error(f"{path}: {detail}.") from exc


def _deepest_line(text: str) -> int | None:
    """The line where arrays and inline tables first nest over MAX_DEPTH deep, outside strings."""
    depth, line, quote = 0, 1, ""
    for index, char in enumerate(text):
        if char == "\n":
            line += 1
            quote = "" if quote in ('"', "'") else quote  # a one-line string ends with its line
        elif quote:
            if char == quote[0] and text.startswith(quote, index) and text[index - 1 : index] != "\\":
                quote = ""
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
    return None


def key_line(text: str, key: str, *, start_line: int = 1, end_line: int | None = None) -> int | None:
    """The 1-based line where `key = …` is set, searching from `start_line`."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    lines = text.splitlines()
    stop = len(lines) if end_line is None else min(end_line, len(lines))
    for number in range(start_line, stop + 1):
        if pattern.match(lines[number - 1]):
            return number
    return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file beside the target, are flushed to disk,
    and the temporary file is renamed over the target; the folder is synced so
    the rename itself survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    """The mode the file had, else what the umask gives a new file (mkstemp's 0600 is not that)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (renames) to disk, where the OS allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
