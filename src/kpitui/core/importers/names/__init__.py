"""The spellings of every column kpitui reads, one table per platform, and how names compare.

Exports name their columns in the user's interface language, and the
platforms rename them over time (`Impressions` became `Views` at Meta in
2025). Each platform module of this package holds one `Names` table,
`NAMES`: for each column, its English name (the key, used in code and in
messages) and every other spelling seen (older generations first, then
translations, each with its source in a comment). Adding a spelling is
adding one string there; no importer changes. The longest tables are data
files beside their module (`youtube.toml`, `tiktok.toml`, `meta.toml`),
read by `read`.

Names compare by `norm`: case, accents, spaces, typographic quotes, a BOM,
surrounding quotes and underscores written for spaces make no difference,
so `Mentions J’aime`, `mentions j'aime` and `MENTIONS_J'AIME` are one name.

The tables also tell which platform a column belongs to: a spelling that
only one platform writes (`Post ID`, `Watch time (hours)`, `Sessions`) is
evidence that a file comes from that platform, which the refusal message
uses to suggest only formats of the right platform.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

__all__ = ["EMPTY", "Names", "evidence", "norm", "owners", "platform_label", "read", "tables"]

_SPACES = re.compile(r"[\s_]+")
_AROUND_PARENS = re.compile(r"\s*([()])\s*")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u02bc": "'",  # ʼ
        "\u00b4": "'",  # ´
        "\u0060": "'",  # `
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\ufeff": "",  # a BOM left on the first name
        "\u200b": "",  # zero-width space
    }
)


@lru_cache(maxsize=8192)
def norm(name: str) -> str:
    """A column name as compared: no accents, case, quotes around it, or spacing differences.

    Typographic apostrophes and quotes become plain ones, a BOM goes, an
    underscore counts as a space (a person who typed `Traffic_source`),
    and spaces around parentheses do not count (`rate(%)` = `rate (%)`).
    """
    text = name.translate(_QUOTES).strip().strip('"').strip()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    spaced = _SPACES.sub(" ", bare).strip()
    return _AROUND_PARENS.sub(r"\1", spaced).casefold()


class Names:
    """One platform's table of column spellings: English name → other spellings.

    `key` gives the English name of a file's column (any spelling), or None
    for a column the table does not know. Two English names sharing a
    spelling would make a column ambiguous: refused when the table is built.
    """

    __slots__ = ("_display", "_index", "label", "platform", "table")

    def __init__(self, platform: str, label: str, table: Mapping[str, Sequence[str]]) -> None:
        self.platform = platform
        """Short id (`meta`, `youtube`…), shared by the platform's formats."""
        self.label = label
        """The platform's name in messages (`Meta Business Suite`)."""
        self.table = dict(table)
        self._index: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for english, others in table.items():
            key = norm(english)
            self._display.setdefault(key, english)
            for spelling in (english, *others):
                found = self._index.setdefault(norm(spelling), key)
                if found != key:
                    raise ValueError(
                        f"{platform} names: {spelling!r} spells both {self._display[found]!r} and {english!r}"
                    )

    def key(self, column: str) -> str | None:
        """The normalised English name of a column written any known way, else None."""
        return self._index.get(norm(column))

    def canonical(self, column: str) -> str:
        """The normalised English name of `column` when the table knows it, else its own normalised name."""
        key = norm(column)
        return self._index.get(key, key)

    def display(self, name: str) -> str:
        """The English name as messages write it (`Post ID` for `post id`)."""
        key = self.canonical(name)
        return self._display.get(key, name)

    def spellings(self) -> Iterable[str]:
        """Every normalised spelling of the table."""
        return self._index.keys()


def read(platform: str, table: str = "columns", folder: Path | None = None) -> Names:
    """The table `table` of `<platform>.toml` in `folder` (beside this module), as a `Names`.

    The file holds `platform` and `label` (strings) and tables of English name → list of
    spellings, each with its source in a comment. A file of another shape is a ValueError
    naming it and the key at fault: the tables are read when the importers load, so a wrong
    edit fails every test at once rather than one import in the field.
    """
    path = (folder or Path(__file__).parent) / f"{platform}.toml"
    raw = _toml(path)
    head = {key: raw.get(key) for key in ("platform", "label")}
    if not all(isinstance(v, str) for v in head.values()) or head["platform"] != platform:
        raise ValueError(f'{path.name}: platform = {platform!r} and label = "…" are needed, found {head}')
    names = raw.get(table)
    if not isinstance(names, dict):
        raise ValueError(f"{path.name}: no table [{table}]")
    for english, spellings in names.items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ValueError(f"{path.name}: [{table}] {english!r} must be a list of strings")
    return Names(platform, str(head["label"]), {k: tuple(v) for k, v in names.items()})


@cache
def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


EMPTY = Names("none", "", {})
"""No table: columns are compared by `norm` of their own names."""


@cache
def tables() -> tuple[Names, ...]:
    """The `NAMES` table of every platform module of this package."""
    found: list[Names] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        table = getattr(loaded, "NAMES", None)
        if isinstance(table, Names):
            found.append(table)
    return tuple(found)


@cache
def owners() -> dict[str, frozenset[str]]:
    """Normalised spelling → the platforms whose tables hold it."""
    out: dict[str, set[str]] = {}
    for table in tables():
        for spelling in table.spellings():
            out.setdefault(spelling, set()).add(table.platform)
    return {k: frozenset(v) for k, v in out.items()}


def platform_label(platform: str) -> str:
    """A platform's name in messages (its id when no table names it)."""
    return next((t.label for t in tables() if t.platform == platform), platform)


def evidence(columns: Iterable[str], platform: str) -> bool:
    """True when one of `columns` is a spelling only `platform` writes."""
    known = owners()
    return any(known.get(norm(c)) == frozenset((platform,)) for c in columns)
