"""Errors raised by the core, each with a short title for the UI.

The message is what a person reads: it names the file, the row, the column
and what was expected wherever those exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal


class KpiError(Exception):
    """Base class: a problem the user can act on (never a bug)."""

    title = "kpitui error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class PeriodError(KpiError):
    """A period text that is none of the forms kpitui knows."""

    title = "Invalid period"


class InputError(KpiError):
    """A file that cannot be imported: the whole import is refused."""

    title = "Import refused"


class Unresolved(InputError):
    """A file that cannot be imported without the person's word: its account, its network, or
    the year of its dates. The message says it as the command line asks for it (`--account`);
    an interface asks for `option` itself, offering `choices` (the networks it may be, the
    workspace's accounts), says `reason` (the message without the command line's advice), and
    `path` tells which of the files imported together it is."""

    title = "Import needs an answer"

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        option: Literal["account", "network", "year"],
        reason: str,
        choices: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.path = path
        self.option = option
        self.reason = reason
        self.choices = choices


class ObjectivesError(KpiError):
    """objectives.toml cannot be read or an objective is invalid."""

    title = "Objectives file error"


class SettingsError(KpiError):
    """kpitui.toml cannot be read or holds an invalid value."""

    title = "Settings error"


class WorkspaceError(KpiError):
    """The workspace folder is missing, locked, or damaged."""

    title = "Workspace error"
