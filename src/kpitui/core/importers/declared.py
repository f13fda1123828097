"""Declared formats: how an importer recognises a file by its columns, written once for all.

An importer declares its format (`Format`): the platform's table of
spellings (`names`), the signature columns that identify the file, the
columns it needs to parse, those it reads when present and those it knows
but ignores. From that declaration alone come:

- the detection score (`Format.match(...).score`): the whole signature is
  there, no excluded column is, the width is right when it is fixed, and
  columns the format does not declare lower the score when it says so;
- the file's columns by English name (`Header.get("Publish time")`), found
  whatever the spelling (see `names.norm`), the first copy of a repeated
  name (or, with the legacy exports' description row, the total count);
- the refusal of a file that lacks a needed column (`Format.require`);
- how near a file comes to the format (`Near`), for the message that
  suggests "the closest format" only when it is close (`refusal`).

Checks that are not about column names (a Meta daily file's title line,
GA4's `#` preamble, TikTok's link column) stay in the importers, as code on
top of the declared match.

To read a new spelling of a known column (a translation, a renamed
column), add it to the platform's table in `names/`. To read a new
format, declare it and write its `parse`:

    class TrafficSourceChart(DeclaredImporter):
        id = "youtube-traffic-chart"
        label = "YouTube Studio chart data by traffic source"
        format = Format(NAMES, signature=("Date", "Traffic source", "Views"), required=("Date", "Views"))

        def parse(self, sample, options):
            header = self.header(sample.header)
            self.require(sample.path, header)
            day, views = header.get("Date"), header.get("Views")  # the file's own columns
            ...
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers.csvtext import ROW
from kpitui.core.importers.names import EMPTY, Names, evidence, norm, platform_label, tables

if TYPE_CHECKING:
    from kpitui.core.importers.base import Importer, Sample

Need = str | tuple[str, ...]
"""A needed column: its English name, or a tuple of alternatives (any one will do)."""

_COPY = re.compile(r" \((\d+)\)$")
"""The suffix `unique_names` and `excel.read_sheet` give the second copy of a name: `Views (2)`."""
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


class Header:
    """A file's columns, found by the English name of any of their spellings.

    A name the file repeats resolves to its first copy, unless
    `descriptions` (the legacy exports' second header row, by column)
    marks one copy `(Total Count)`: that one is taken.
    """

    __slots__ = ("_descriptions", "_exact", "_found", "columns", "names")

    def __init__(
        self,
        columns: Iterable[str],
        names: Names = EMPTY,
        descriptions: Mapping[str, str] | None = None,
        *,
        exact: bool = False,
    ) -> None:
        self.names = names
        self.columns = tuple(c for c in columns if c != ROW)
        """The file's columns as written (as the frame names them)."""
        self._exact = exact
        self._found: dict[str, list[str]] = {}
        seen: set[str] = set()
        for column in self.columns:
            copy = _COPY.search(column)
            base = column[: copy.start()] if copy and column[: copy.start()] in seen else column
            self._found.setdefault(self.key(base), []).append(column)
            seen.add(column)
        self._descriptions = {k: norm(d) for k, d in (descriptions or {}).items()}

    def key(self, name: str) -> str:
        """The compared form of a name: its English name's when the table knows it."""
        return name.strip().lower() if self._exact else self.names.canonical(name)

    def get(self, name: str) -> str | None:
        """The file's column for `name` (English or any spelling), or None."""
        found = self._found.get(self.key(name))
        if not found:
            return None
        if len(found) > 1:
            for column in found:
                if "(total count)" in self._descriptions.get(column, ""):
                    return column
        return found[0]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def has(self, need: Need) -> bool:
        """True when the column (or, for alternatives, one of them) is there."""
        return any(n in self for n in _alternatives(need))

    def first(self, *names: str) -> str | None:
        """The file's column for the first of `names` it has."""
        return next((c for n in names if (c := self.get(n)) is not None), None)

    def keys(self) -> list[str]:
        """The compared name of each column, in file order (a copy keeps its first's)."""
        out: dict[str, str] = {}
        for key, columns in self._found.items():
            for column in columns:
                out[column] = key
        return [out[c] for c in self.columns]

    def matching(self, pattern: str) -> dict[str, str]:
        """Columns whose compared name fully matches `pattern`: the first group → the file's column."""
        regex = re.compile(pattern)
        out: dict[str, str] = {}
        for key in self._found:
            match = regex.fullmatch(key)
            if match and match.group(1) not in out:
                column = self.get(key)
                if column is not None:
                    out[match.group(1)] = column
        return out


def _alternatives(need: Need) -> tuple[str, ...]:
    return (need,) if isinstance(need, str) else need


@dataclass(frozen=True, slots=True)
class Near:
    """How close a file comes to a format, for the refusal of a file no format claims."""

    platform: str
    share: float
    """Of the columns (or features) the format needs, the part the file has: 0 to 1."""
    lacking: tuple[str, ...] = ()
    """What the format needs that the file lacks, as messages write it (`'Publish time'`)."""
    unlike: tuple[str, ...] = ()
    """How else the file differs, each phrased to follow "which" (`has no 'Date' column`)."""
    evidence: bool = False
    """The file carries something only this platform writes (a column, a title, a preamble)."""

    @property
    def close(self) -> bool:
        """Worth suggesting: the platform's own evidence, and most of what the format needs."""
        return self.evidence and self.share > 0.5 and bool(self.lacking or self.unlike)

    def needs(self) -> str:
        """What follows "which" in the message: `needs 'A' and 'B'; has no 'C' column`."""
        parts = [_("needs {columns}").format(columns=_and(self.lacking))] if self.lacking else []
        return "; ".join([*parts, *self.unlike])


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


@dataclass(frozen=True, slots=True)
class Match:
    """A file's header against a format: the columns found, the detection score, how near it is."""

    header: Header
    score: float
    near: Near


@dataclass(frozen=True)
class Format:
    """The declaration of an export format by its columns (English names of `names`)."""

    names: Names
    signature: tuple[Need, ...]
    """What identifies the format: every one must be there for the file to be detected."""
    required: tuple[Need, ...] = ()
    """What parsing needs (refused with `require` when absent); signature columns parsing
    needs are listed again here."""
    optional: tuple[str, ...] = ()
    """Read when present."""
    ignored: tuple[str, ...] = ()
    """Known to the format and not read (they do not count as unknown columns)."""
    excluded: tuple[str, ...] = ()
    """Columns the format never has: their presence means another format."""
    width: int | None = None
    """How many columns the format has, when that is fixed (None: any number)."""
    unknown_score: float = 1.0
    """The detection score when the file has columns the format does not declare."""
    exact: bool = False
    """Compare names trimmed and lower-cased only (kpitui's canonical CSV names are exact)."""
    reasons: Mapping[str, str] = field(default_factory=dict)
    """Why a required column is needed, by English name, for the refusal."""

    @property
    def platform(self) -> str:
        return self.names.platform

    def header(self, columns: Iterable[str], descriptions: Mapping[str, str] | None = None) -> Header:
        """The file's columns resolved against this format's names."""
        return Header(columns, self.names, descriptions, exact=self.exact)

    def display(self, need: Need) -> str:
        """A needed column as messages write it: `'Sessions'`, `'Engaged sessions' (or 'Key events')`."""
        names = [f"'{self.names.display(n)}'" for n in _alternatives(need)]
        if len(names) > 2:
            return f"{names[0]} (or {names[1]}, …)"
        return names[0] if len(names) == 1 else f"{names[0]} (or {names[1]})"

    @cached_property
    def declared(self) -> frozenset[str]:
        """The compared names of every column the format declares."""
        header = Header((), self.names, exact=self.exact)
        needs = (*self.signature, *self.required, *self.optional, *self.ignored)
        return frozenset(header.key(n) for need in needs for n in _alternatives(need))

    def match(self, columns: Sequence[str]) -> Match:
        """Score and nearness of a file whose header holds `columns`."""
        header = self.header(columns)
        needed = list(dict.fromkeys((*self.signature, *self.required)))
        found = [n for n in needed if header.has(n)]
        lacking = tuple(self.display(n) for n in needed if not header.has(n))
        known = self.declared
        others = [c for c, k in zip(header.columns, header.keys(), strict=True) if k not in known]
        unlike = [
            _("has no '{name}' column").format(name=header.get(n)) for n in self.excluded if n in header
        ]
        count = len(header.columns)
        if self.width is not None and count != self.width:
            unlike.append(
                _("has {width} columns, where this file has {count}").format(width=self.width, count=count)
            )
        signed = all(header.has(n) for n in self.signature)
        score = 0.0
        if header.columns and signed and not unlike:
            score = 1.0 if not others else self.unknown_score
        near = Near(
            platform=self.platform,
            share=len(found) / len(needed) if needed else 0.0,
            lacking=lacking,
            unlike=tuple(unlike),
            evidence=evidence(header.columns, self.platform),
        )
        return Match(header, score, near)

    def require(self, path: Path, header: Header, what: str, where: str | None = None) -> None:
        """InputError naming the first required column the file lacks (`what`: the format's label)."""
        for need in self.required:
            if header.has(need):
                continue
            name = self.display(need)
            why = self.reasons.get(_alternatives(need)[0])
            because = f" ({why})" if why else ""
            raise InputError(
                _("{path}, {where}: no {name} column{because}; this does not look like {what}.").format(
                    path=path, where=where or _("row 1"), name=name, because=because, what=what
                )
            )


class DeclaredImporter:
    """An importer whose detection and column lookups come from its `format` declaration.

    Subclasses set `id`, `label` and `format`, and write `parse`; they may
    refine `detect` with checks that are not about column names, and
    override `columns` to read the header from elsewhere (a workbook sheet).
    """

    id: ClassVar[str]
    label: ClassVar[str]
    format: ClassVar[Format]

    def columns(self, sample: Sample) -> Sequence[str]:
        """The header's column names (a text file's first line; override for other layouts)."""
        return sample.header if sample.kind == "text" else ()

    def match(self, sample: Sample) -> Match:
        return self.format.match(self.columns(sample))

    def detect(self, sample: Sample) -> float:
        return self.match(sample).score

    def near(self, sample: Sample) -> Near | None:
        return self.match(sample).near

    def header(self, columns: Iterable[str], descriptions: Mapping[str, str] | None = None) -> Header:
        return self.format.header(columns, descriptions)

    def require(self, path: Path, header: Header) -> None:
        self.format.require(path, header, self.label)


# --- the refusal of a file no importer claims ------------------------------------------------------


def refusal(sample: Sample, importers: Sequence[Importer]) -> str:
    """What to tell a person whose file no importer claims, in one or two lines.

    A format is suggested only when it is close (`Near.close`: the file
    carries its platform's evidence and most of what it needs). Otherwise,
    when the file shows which platform it comes from, the message says so
    and lists what kpitui reads of that platform; else it lists every
    platform kpitui reads. Either way it says what the file looks like.
    """
    path = sample.path
    wrapped = _wrapped(sample)
    if wrapped is not None:
        return wrapped
    nears = [(i, imp, imp.near(sample)) for i, imp in enumerate(importers)]
    what = describe(sample)
    close = [(n.share, -len(n.lacking) - len(n.unlike), -i, imp, n) for i, imp, n in nears if n and n.close]
    if close:
        imp, near = max(close, key=lambda t: t[:3])[3:]
        return _("{path}: not a known export format ({what}). The closest is {label}, which {needs}.").format(
            path=path, what=what, label=imp.label, needs=near.needs()
        )
    shown = list(dict.fromkeys(n.platform for _, _, n in nears if n and n.evidence))
    if len(shown) == 1:
        name = platform_label(shown[0])
        labels = [_PARENTHESES.sub("", imp.label) for _, imp, n in nears if n and n.platform == shown[0]]
        reads = "; ".join(labels)
        return _(
            "{path}: looks like a {name} export that kpitui does not read ({what}). It reads: {reads}."
        ).format(path=path, name=name, what=what, reads=reads)
    platforms = list(dict.fromkeys(platform_label(_platform(imp, n)) for _, imp, n in nears))
    return _("{path}: not a known export format ({what}). Formats tried: {platforms}.").format(
        path=path, what=what, platforms=", ".join(platforms)
    )


def _platform(importer: Importer, near: Near | None) -> str:
    if near is not None:
        return near.platform
    declared = getattr(importer, "format", None)
    return declared.platform if isinstance(declared, Format) else importer.label


def describe(sample: Sample) -> str:
    """What a file looks like, for a message: its sheets, its first lines or its first columns."""
    if sample.kind == "excel":
        return _("a workbook with the sheets {sheets}").format(
            sheets=", ".join(repr(s) for s in sample.sheets[:6])
        )
    lines = [line.strip() for line in sample.lines(4)]
    first = lines[0] if lines else ""
    if first.lower().startswith("sep="):
        delimiter = first[4:5] or ","
        fields = [
            [f.strip() for f in row if f.strip()]
            # a lone carriage return inside a line would make the reader raise: it is a space here
            for row in csv.reader([line.replace("\r", " ") for line in lines[1:3]], delimiter=delimiter)
        ]
        rest = _(", then ").join(repr(_short(", ".join(row))) for row in fields if row)
        return _("a spreadsheet's {line} line, then {rest}").format(line=repr(_short(first)), rest=rest)
    separator = _separator(first, sample.header)
    if separator is not None:
        shown = ", ".join(repr(_short(line)) for line in lines[:2] if line)
        return _("lines {lines}: fields separated by {separator}, not by commas").format(
            lines=shown, separator=separator
        )
    columns = ", ".join(repr(_short(h)) for h in sample.header[:6])
    more = ", …" if len(sample.header) > 6 else ""
    return _("first columns: {columns}").format(columns=columns + more)


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _separator(line: str, header: Sequence[str]) -> str | None:
    """`';'` or `tabs` when the first line is one field that those characters divide."""
    if len(header) != 1:
        return None
    if line.count(";") >= 1:
        return "';'"
    if line.count("\t") >= 1:
        return _("tabs")
    return None


def _wrapped(sample: Sample) -> str | None:
    """The refusal of a file whose every row is one quoted field holding a whole row, else None.

    A spreadsheet does this when it opens a CSV as one column and saves it
    again: `"Post ID,""Page ID"",…"`. The values are there but no reader
    can tell the columns apart, and guessing would shift them.
    """
    if sample.kind != "text" or len(sample.header) != 1:
        return None
    lines = [line for line in sample.lines(3) if line.strip()]
    if len(lines) < 2 or not all(line.startswith('"') and line.rstrip().endswith('"') for line in lines[1:]):
        return None
    try:
        inner = next(csv.reader([sample.header[0]]), [])
    except csv.Error:  # a carriage return inside the one column: not this case
        return None
    if len(inner) < 3:
        return None
    platform = next(
        (table.platform for table in tables() if evidence(inner, table.platform)),
        None,
    )
    origin = f" It looks like a {platform_label(platform)} export." if platform else ""
    shown = ", ".join(repr(_short(c, 30)) for c in inner[:4])
    return (
        f"{sample.path}: each row is one quoted field holding the whole row ({shown}, …), as when a "
        "spreadsheet opens a CSV as one column and saves it again; kpitui needs one value per column: "
        f"import the file as downloaded.{origin}"
    )
