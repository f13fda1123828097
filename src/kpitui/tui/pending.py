"""The files on the Import screen's list: what each was given, what its preview found, its state.

A file's state is derived, never stored: from its read (a future, replaced
when what was given for the file changes), from the last comparison with the
workspace and the other files of the list (replaced by each preview), and
from whether it was imported. So a refusal lasts exactly as long as its
cause: a file read again with its account reads afresh, and a comparison made
after another file left the list no longer holds that file's refusal.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from kpitui.core.errors import KpiError, Unresolved
from kpitui.core.i18n import N_, _
from kpitui.core.importers import ImportOptions, ParsedFile, Source
from kpitui.core.resolve import asks
from kpitui.core.workspace import FileOutcome, Workspace

Option = Literal["network", "account", "year"]
OPTIONS: Final[tuple[Option, ...]] = ("network", "account", "year")
"""What the person may give for one file, in the order the screen asks it."""

NEEDS: Final[dict[str, str]] = {
    "account": N_("needs an account"),
    "network": N_("needs a network"),
    "year": N_("needs a year"),
}
"""A file's state when it waits for an answer. States are English keys, marked for the catalog
(`Pending.state`): the screen translates them where it shows them."""


@dataclass(frozen=True, slots=True)
class Given:
    """What the person said for one file; None where the import decides."""

    account: str | None = None
    network: str | None = None
    year: int | None = None

    def options(self, base: ImportOptions) -> ImportOptions:
        """`base` (the workspace's time zone and limits) with what was given for the file."""
        return replace(base, account=self.account, network=self.network, year=self.year)


@dataclass(eq=False)
class Pending:
    """One file of the list."""

    source: Source
    given: Given = field(default_factory=Given)
    reading: Future[ParsedFile] | None = None
    """The read of the file with what was given for it, once started; dropped (read again)
    when that changes."""
    outcome: FileOutcome | None = None
    """What importing it would do, from the last comparison."""
    refusal: KpiError | None = None
    """Why the last comparison set it aside: the question it asks (Unresolved), or what went
    wrong with the workspace."""
    checked: bool | None = None
    """Whether the last comparison covers it: None while one runs, False when it was cancelled."""
    failure: str | None = None
    """What stopped its preview when the preview itself failed (not the file)."""
    imported: bool = False

    @property
    def parsed(self) -> ParsedFile | None:
        """The file as read, once read without error."""
        read = self.reading
        if read is None or not read.done() or read.exception() is not None:
            return None
        return read.result()

    @property
    def read_error(self) -> BaseException | None:
        read = self.reading
        return read.exception() if read is not None and read.done() else None

    def problem(self) -> tuple[str, Unresolved | None] | None:
        """Why it cannot be imported as it is (the message, and the question when it asks one);
        None when nothing stops it (or nothing is known yet)."""
        error = self.read_error
        if error is None and self.checked:
            error = self.refusal
        if error is None:
            return (self.failure, None) if self.failure else None
        if isinstance(error, Unresolved):
            return error.reason, error
        if isinstance(error, KpiError):
            return str(error), None
        return _("Not read: {error}").format(error=f"{type(error).__name__}: {error}"), None

    @property
    def state(self) -> str:
        """reading…, ready, needs an account (a network, a year), refused, already imported,
        imported, or not compared (when a comparison was cancelled)."""
        if self.imported:
            return N_("imported")
        problem = self.problem()
        if problem is not None:
            return NEEDS[problem[1].option] if problem[1] else N_("refused")
        if self.parsed is None or self.checked is None:
            return N_("reading…")
        if not self.checked or self.outcome is None:
            return N_("not compared")
        return N_("already imported") if self.outcome.duplicate_of is not None else N_("ready")

    @property
    def read(self) -> bool:
        """True once its read has ended (well or not)."""
        return self.reading is not None and self.reading.done()

    def asks(self) -> tuple[Option, ...]:
        """The options the screen offers for this file: what the file leaves to the import, what
        its reading guessed, the question that stops it, and whatever was given for it."""
        parsed = self.parsed
        found: set[str] = set(asks(parsed)) if parsed is not None else set()
        problem = self.problem()
        if problem is not None and problem[1] is not None:
            found.add(problem[1].option)
        found.update(o for o in OPTIONS if getattr(self.given, o) is not None)
        return tuple(o for o in OPTIONS if o in found)

    def choices(self, option: Option) -> tuple[str, ...]:
        """What `option` may be: the networks the file may be of, the accounts the workspace has."""
        problem = self.problem()
        asked = problem[1] if problem is not None and problem[1] is not None else None
        told = asked.choices if asked is not None and asked.option == option else ()
        if option == "network":
            parsed = self.parsed
            told = (parsed.network_choices if parsed is not None else ()) or told
            given = self.given.network
            return told if given is None or given in told else (*told, given)
        return told

    def reset(self) -> None:
        """Before a comparison: what the last one found no longer holds."""
        self.outcome, self.refusal, self.checked, self.failure = None, None, None, None


@dataclass(frozen=True, slots=True)
class Comparison:
    """A preview against the workspace: by position in the files compared, the outcome of
    each file that can be imported, and the question of each that cannot."""

    outcomes: dict[int, FileOutcome]
    questions: dict[int, Unresolved]


def compare(target: Workspace, parsed: list[ParsedFile]) -> Comparison:
    """What importing `parsed` together would do, written nowhere.

    A file the import cannot place without the person's word (its account or its network:
    `Unresolved`) is set aside with its question, and the others are compared again without
    it: it will not be imported with them, so they must not count on it (a posts export that
    names the page for a Follows file beside it). Any other problem is raised.
    """
    waiting = dict(enumerate(parsed))
    questions: dict[int, Unresolved] = {}
    while waiting:
        try:
            outcomes = target.import_files(list(waiting.values()), dry_run=True)
        except Unresolved as exc:
            culprit = next((i for i, p in waiting.items() if p.path == exc.path), None)
            if culprit is None:
                raise
            questions[culprit] = exc
            del waiting[culprit]
            continue
        return Comparison(dict(zip(waiting, outcomes, strict=True)), questions)
    return Comparison({}, questions)
