"""kpitui in the user's language: gettext catalogs for words, Babel for numbers and dates.

The language is process-wide (one person, one terminal): `set_language` sets it once at start
(`choose` says which, from `--lang`, the environment, then kpitui.toml), and `_`, `ngettext`,
`pgettext` read it at call time, so a label kept in a table made at import (`N_`) is translated
when it is shown, not when the module was imported. English is the source language: its
"catalog" is the msgids themselves.

Catalogs: `locale/<lang>/LC_MESSAGES/kpitui.po` in the package. A wheel carries the compiled
`kpitui.mo` (the build hook, hatch_build.py); a source checkout (an editable install) has only
the `.po`, which is compiled in memory with Babel at first use. That way an edited `.po` shows at
the next run without reinstalling, and no `.mo` is ever committed or left stale.

Machine formats (JSON, CSV for scripts, objectives.toml, ids) never go through here, or go
through `using("en")`.
"""

from __future__ import annotations

import contextlib
import gettext
import io
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from babel import Locale

Language = Literal["en", "fr"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "fr")
DEFAULT: Final[Language] = "en"
DOMAIN: Final = "kpitui"
ENVIRONMENT: Final = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The variables that name the language, strongest first (POSIX's order)."""

_current: Language = DEFAULT


def normalize(name: str | None) -> Language | None:
    """The language a locale name means (`fr`, `fr_FR.UTF-8`, `fr-CA`, `EN`), or None for
    anything else: `C` and `POSIX` name no language, nor does an empty value."""
    if not name:
        return None
    code = name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: Mapping[str, str]) -> Language | None:
    """The language the environment asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set
    decides, as for any program; `C`/`POSIX` or a language kpitui does not speak decide nothing."""
    for variable in ENVIRONMENT:
        value = environ.get(variable, "").strip()
        if value:
            return normalize(value)
    return None


def choose(option: str | None, environ: Mapping[str, str], setting: str | None) -> Language:
    """`--lang` if given, else the environment's language, else kpitui.toml's, else English.

    `C`/`POSIX` in the environment (the default of containers and many SSH sessions) choose
    nothing, so a workspace whose kpitui.toml says `language = "fr"` stays French there.
    """
    return normalize(option) or from_environment(environ) or normalize(setting) or DEFAULT


def language() -> Language:
    """The current language."""
    return _current


def set_language(name: Language) -> None:
    """Speak `name` from now on (ValueError for a language kpitui does not have)."""
    global _current
    if name not in LANGUAGES:
        raise ValueError(f"{name!r} is not a language of kpitui: {', '.join(LANGUAGES)}")
    _current = name


@contextlib.contextmanager
def using(name: Language) -> Iterator[None]:
    """Speak `name` inside the block (machine formats render in English whatever the user reads)."""
    before = language()
    set_language(name)
    try:
        yield
    finally:
        set_language(before)


def locale() -> Locale:
    """The Babel locale of the current language, for numbers and dates."""
    return _locale(_current)


def locale_of(name: Language) -> Locale:
    """The Babel locale of `name`."""
    return _locale(name)


@cache
def _locale(name: Language) -> Locale:
    # Babel is imported where a number or a date is laid out, not with kpitui: a JSON report
    # never lays one out, and its import is 10 ms of the ~300 of `kpitui report` at 1M posts
    from babel import Locale

    return Locale.parse({"en": "en_US", "fr": "fr_FR"}[name])


@cache
def translations(name: Language) -> gettext.NullTranslations:
    """The catalog of `name`: the compiled `.mo` when the package has one (a wheel), else the
    `.po` compiled in memory (a source checkout); English, the source language, has none."""
    if name == "en":
        return gettext.NullTranslations()
    folder = resources.files("kpitui").joinpath("locale", name, "LC_MESSAGES")
    compiled = folder.joinpath(f"{DOMAIN}.mo")
    if compiled.is_file():
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    return gettext.GNUTranslations(io.BytesIO(compile_po(folder.joinpath(f"{DOMAIN}.po").read_bytes())))


def compile_po(source: bytes) -> bytes:
    """The `.mo` bytes of a `.po` file (Babel's reader and writer, as `pybabel compile`)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for `n` in the current language (`{n}` stays to format)."""
    return translations(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the sense `context` names (`status`: "missed" as an objective is)."""
    return translations(_current).pgettext(context, message)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translated where shown)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark `message`, in the sense `context` names, for extraction (see `Labels`)."""
    return message


class Labels(Mapping[str, str]):
    """A mapping of English labels (marked with N_) read in the current language at each lookup:
    `STATUS_LABELS["at_risk"]` is "at risk", or « à risque » in French."""

    def __init__(self, english: Mapping[str, str], context: str | None = None) -> None:
        self.english = dict(english)
        self.context = context

    def __getitem__(self, key: str) -> str:
        text = self.english[key]
        return pgettext(self.context, text) if self.context else _(text)

    def __iter__(self) -> Iterator[str]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)
