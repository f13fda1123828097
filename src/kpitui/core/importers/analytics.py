"""Google Analytics exports: GA4 report downloads and Universal Analytics CSV exports.

Both families write a `#` comment preamble (report title, property or view,
the date range), then tables whose first column is the report's primary
dimension, separated by blank lines (GA4's `Nth day` chart series, UA's
`Day Index`; a GA4 Reports snapshot stacks a dozen tables, each under its
own `#` lines). One table is read: the table of sessions by source / medium
when the file has one, else by source, else by channel group, else the first
table of sessions (which is then refused with the reason). The others hold
the same sessions by another dimension (daily totals, countries), so adding
them would count sessions twice (FORMATS.md section 7).

Rows become `traffic` rows keyed by (date, date_end, source, medium):

* with a `Date` dimension, one row per day and source (date_end = date);
* without one, one row per source covering the report's whole range, read
  from the `#` lines above the table (KPIS.md counts such a row only in
  periods holding the whole range).

The source comes from a `source / medium` dimension (split on its last
` / `), from separate source and medium columns, or, for channel-group
reports, from the channel group itself (medium null, with a warning: a
channel group cannot be attributed to one network, and `Organic Social` and
`Paid Social` count as social traffic of no single network). A report whose
only dimension is a date, or whose dimension names no source (landing page,
country, campaign, ...), and a report without sessions (Pages and screens)
are refused with the reason and what to download instead.

GA4 names the columns and the preamble's labels in the interface language
(`names.analytics.LOCALISED`), and writes numbers as the locale does: the
decimal mark is the one the table's metric columns settle together
(`values.settled_mark`), and an amount that still reads two ways is refused.

A bad cell refuses the whole file (`values.convert`) rather than skipping
the row: these files are machine-written, so a cell that does not read
means the file was edited or damaged, and a skipped row would silently
shrink the sessions every traffic share is computed from.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from typing import Final, Literal

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, header_of, read_strings
from kpitui.core.importers.declared import Format, Near
from kpitui.core.importers.names.analytics import (
    DATE_NAMES,
    DATE_RANGE_NAMES,
    GA4_METRICS,
    GA4_ONLY,
    GRAND_TOTAL,
    NAMES,
    SUMMABLE,
    UA_METRICS,
    UA_ONLY,
)

Family = Literal["ga4", "ua"]

_HEAD_LINES: Final = 80
"""Lines looked at for the preamble and the header (GA4 preambles run about ten lines)."""

_SLASH: Final = re.compile(r"\s*/\s*")


def _key(name: str) -> str:
    """The compared form of a column name: `names.norm` with `a/b` spaced as `a / b`, and the
    English name's form for a spelling `NAMES` knows (`Sesiones` → `sessions`)."""
    return NAMES.canonical(_SLASH.sub(" / ", name))


_GA4_METRICS: Final = frozenset(_key(m) for m in GA4_METRICS)
"""GA4 metric names (compared form): the table's dimensions are the columns before the first of them."""
_GA4_SIGNATURE: Final = frozenset(_key(m) for m in GA4_ONLY)
_UA_METRICS: Final = frozenset(_key(m) for m in UA_METRICS)
_UA_SIGNATURE: Final = frozenset(_key(m) for m in UA_ONLY)

GA4_FORMAT: Final = Format(NAMES, signature=("Sessions", GA4_ONLY))
UA_FORMAT: Final = Format(NAMES, signature=("Sessions", UA_ONLY))
"""What GA4 and UA tables hold, for the refusal of a file no importer claims; detection
reads the `#` preamble and the header as code (`GA4Report.detect`)."""

_UA_GOAL: Final = re.compile(r"\(goal \d+ (?:completions|value|conversion rate)\)$")
"""A goal column named by its goal: `Yell Free Listings (Goal 1 Completions)`."""

_KEY_EVENTS: Final = re.compile(
    r"^(?:key events|evenements cles|eventos clave|eventos principais|schlusselereignisse|eventi chiave)"
    r"(?:\(|$)"
)
"""`Key events`, or `Key events (<event>)`, in English, French, Spanish, Portuguese, German or
Italian (compared form: no accents, no space before the parenthesis)."""
_CONVERSIONS: Final = re.compile(r"^(?:conversions|conversiones|conversoes|conversioni)(?:\(|$)")
"""Their name before GA4 renamed them in 2024, in the same languages."""

_GRAND_TOTAL: Final = tuple(dict.fromkeys([*GRAND_TOTAL, *(v.fold_text(t) for t in GRAND_TOTAL)]))
"""The totals row's first cell in lower case, with and without its accents."""

_NOT_CHANNEL_WORDS: Final = frozenset(
    {
        "campaign",
        "platform",
        "google",
        "manual",
        "term",
        "content",
        "keyword",
        "id",
        "cm360",
        "dv360",
        "sa360",
        "ad",
        "ads",
        "creative",
        "marketing",
        "query",
        "landing",
        "page",
        "medium",
        "source",
    }
)
"""Words of acquisition dimensions (`Session campaign`, `Session Google Ads …`) that are not a
channel group. Any other `Session <name>` dimension of an acquisition report is a custom
channel group, whose name the property's owner chose."""

# The role of a dimension, from its compared name, in English, French, Spanish, Portuguese,
# German and Italian (`names.analytics.LOCALISED` has the full names; these also read the
# variants GA4 has: `First user …`, `Manual …`, `… (Default Channel Group)`).
_PAIR: Final = re.compile(r"(?:source|fuente|origem|quelle|sorgente) / (?:medium|support|medio|midia|mezzo)")
_SOURCE: Final = re.compile(r"source$|quelle$|^(?:source|fuente|origem|sorgente) d")
_MEDIUM: Final = re.compile(r"medium$|^(?:support|medio|midia|mezzo) d")
_CHANNEL: Final = re.compile(
    r"channel ?group|channel-?gruppe|groupe de canaux|grupo de canales|grupo (?:padrao )?de canais"
    r"|grupo padrao de canais|gruppo di canali"
)
_FIRST_USER: Final = re.compile(
    r"^first user|premier utilisateur|primer usuario|primeiro usuario|ersten? nutzer|primo utente"
)
_SCOPE: Final = re.compile(
    r"^(?:session|first user|sitzung\s*[–-])\s+"
    r"|\s+(?:de la session|pour la session|de la sesion|da sessao|della sessione)$"
)
"""What makes a dimension session- or first-user-scoped: `Session …`, `… de la session`."""
_ACQUISITION: Final = re.compile(r"acqui|adquisi|aquisi|akquisi", re.IGNORECASE)
"""`Traffic acquisition`, `Acquisition de trafic`, `Adquisición de tráfico`, `Aquisição…`, `Akquisition`."""

_DATE_LINE: Final = re.compile(r"^(?P<label>[^:：]*?)\s*[:：]\s*(?P<day>\d{8})$")
_RANGE_LINE: Final = re.compile(
    r"^(?:(?P<label>[^:：]*?)\s*[:：]\s*)?(?P<start>\d{8})\s*[-–]\s*(?P<end>\d{8})$"
)
_COMPARISON: Final = re.compile(r"compar|vergleich|confront", re.IGNORECASE)
_DASHES: Final = re.compile(r"^-{3,}$")
_SEPARATOR: Final = re.compile(rb"^(?:[ \t,]*|[ \t]*#[^\n]*?)\r?$", re.MULTILINE)
"""A line between tables: blank (or only commas, as a spreadsheet pads it), or a `#` line."""
_RANGE_LABEL: Final = re.compile(r"^\s*(.+?\d{4})\s*[-–]\s*(.+?\d{4})\s*$")
_LABEL_FORMATS: Final = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%Y%m%d")
_DATE_FORMATS: Final = ["%Y%m%d", "%Y-%m-%d"]


# --- the layout of the file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """One table of the file: the `#` lines above it, where its header is, and its names."""

    comments: tuple[tuple[int, str], ...]
    """The `#` lines since the previous table: (line number, text without `#`, trimmed)."""
    header_line: int
    """1-based line of the header."""
    header: tuple[str, ...]
    """The names as written, trimmed, a repeated one numbered, without `padding`."""
    padding: int = 0
    """Empty names after the last one, as a spreadsheet that saved the file adds."""
    end: int = -1
    """Byte offset where the table ends (its first blank or `#` line); -1: the end of the file."""

    @property
    def lower(self) -> tuple[str, ...]:
        """The compared names of the header (`_key`: English for a known spelling)."""
        return tuple(_key(h) for h in self.header)


@dataclass(frozen=True, slots=True)
class _Layout:
    """The preamble and the first table, for detection."""

    comments: tuple[tuple[int, str], ...]
    header_line: int | None
    """None when the file has no table."""
    header: tuple[str, ...]

    @property
    def lower(self) -> tuple[str, ...]:
        return tuple(_key(h) for h in self.header)

    def looks_like_analytics(self) -> bool:
        """A `# ---` line and a date or date-range line: the preamble of a GA export."""
        texts = [t for _, t in self.comments]
        dashes = any(_DASHES.match(t) for t in texts)
        dated = any(_DATE_LINE.match(t) or _RANGE_LINE.match(t) for t in texts)
        return dashes and dated


def _tables(
    path: object, data: bytes, limit: int | None = None
) -> tuple[list[_Table], tuple[tuple[int, str], ...]]:
    """The file's tables (at most `limit`), and the `#` lines after the last one.

    A table starts at the first line after a run of blank and `#` lines and
    ends at the next such line; only those runs are looked at line by line,
    a table's rows are skipped by one search. Comment lines may be padded
    with commas (`# -----,,,,,,,`), as some UA exports and spreadsheets write them.
    """
    tables: list[_Table] = []
    comments: list[tuple[int, str]] = []
    position, line, size = 0, 1, len(data)
    while position < size and (limit is None or len(tables) < limit):
        end = data.find(b"\n", position)
        stop = size if end < 0 else end
        if _SEPARATOR.match(data, position):
            text = data[position:stop].decode("utf-8", errors="replace").strip()
            if text.startswith("#"):
                comments.append((line, text[1:].rstrip(", \t").strip()))
            position, line = stop + 1, line + 1
            continue
        names = header_of(path, data[position:stop])  # type: ignore[arg-type]
        padding = len(names) - len(list(_trimmed(names)))
        after = _SEPARATOR.search(data, stop + 1) if end >= 0 else None
        ends = -1 if after is None else after.start()
        tables.append(_Table(tuple(comments), line, _unique(names[: len(names) - padding]), padding, ends))
        comments = []
        if after is None:
            break
        line += data.count(b"\n", position, after.start())
        position = after.start()
    return tables, tuple(comments)


def _trimmed(names: list[str]) -> list[str]:
    """`names` without the empty ones at the end."""
    end = len(names)
    while end > 1 and not names[end - 1]:
        end -= 1
    return names[:end]


def _layout(sample: Sample) -> _Layout:
    """The preamble lines and the header of the first table (blank lines before it skipped)."""
    head = "\n".join(sample.lines(_HEAD_LINES)).encode("utf-8")
    tables, trailing = _tables(sample.path, head, limit=1)
    if not tables:
        return _Layout(trailing, None, ())
    return _Layout(tables[0].comments, tables[0].header_line, tables[0].header)


def _unique(names: list[str]) -> tuple[str, ...]:
    """Column names with a repeated one numbered (`Sessions`, `Sessions (2)`), so each is addressable."""
    seen: dict[str, int] = {}
    unique: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(unique)


def _is_ga4_metric(name: str) -> bool:
    return name in _GA4_METRICS or bool(_KEY_EVENTS.match(name) or _CONVERSIONS.match(name))


def _is_ua_metric(name: str) -> bool:
    return name in _UA_METRICS or bool(_UA_GOAL.search(name))


def _ga4_signature(names: Sequence[str], *, strict: bool = False) -> bool:
    """A GA4-only metric among `names`. `strict` (a file without its preamble) does not count a
    bare `conversions`, which the canonical traffic CSV also has."""
    if any(n in _GA4_SIGNATURE or _KEY_EVENTS.match(n) for n in names):
        return True
    return not strict and any(_CONVERSIONS.match(n) for n in names)


def _ua_signature(names: Sequence[str]) -> bool:
    return any(n in _UA_SIGNATURE or _UA_GOAL.search(n) for n in names)


def _safe_layout(sample: Sample) -> _Layout | None:
    if sample.kind != "text":
        return None
    try:
        return _layout(sample)
    except InputError:
        return None


def _title(comments: Sequence[tuple[int, str]]) -> str | None:
    """The report's name: the `#` line after the first `# ---` line, up to its colon
    (`Pages and screens: Page path and screen class` → `Pages and screens`)."""
    texts = [t for _, t in comments]
    for before, text in pairwise(texts):
        if _DASHES.match(before) and text and not _DASHES.match(text):
            if _DATE_LINE.match(text) or _RANGE_LINE.match(text):
                return None
            return re.split(r"\s*[:：]\s*", text, maxsplit=1)[0] or None
    return None


# --- the date range of the report -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Range:
    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _day(path: object, line: int, text: str) -> date:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError as exc:
        raise InputError(
            f"{path}, line {line}: {text!r} in the preamble is not a date; expected YYYYMMDD."
        ) from exc


def _ranges(path: object, comments: Sequence[tuple[int, str]]) -> _Range | None:
    """The report's main date range from `#` lines (None when they give none).

    Accepts `# Start date: 20260501` / `# End date: 20260531` in any language
    (the label is not read, only its order and whether it speaks of a
    comparison) and a single `# 20250413-20250711` range line (UA's form).
    """
    days: list[date] = []
    spans: list[_Range] = []
    for line, text in comments:
        if match := _RANGE_LINE.match(text):
            span = _Range(_day(path, line, match["start"]), _day(path, line, match["end"]))
            if not _COMPARISON.search(match["label"] or ""):
                spans.append(span)
        elif (match := _DATE_LINE.match(text)) and not _COMPARISON.search(match["label"]):
            days.append(_day(path, line, match["day"]))
    if spans:
        main = spans[0]
    elif len(days) >= 2:
        main = _Range(min(days[:2]), max(days[:2]))
    else:
        return None
    if main.end < main.start:
        raise InputError(f"{path}: the report's date range {main} ends before it starts.")
    return main


# --- the columns ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Columns:
    """What each column of the table is for (names as written in the file)."""

    source: str
    """The column the source is read from."""
    kind: Literal["pair", "source", "channel", "custom"]
    """`pair`: `source / medium` values; `source`: a bare source; `channel`: GA's channel
    group; `custom`: a channel group the property's owner made."""
    medium: str | None
    date: str | None
    date_range: str | None
    summed: tuple[str, ...]
    """Other dimensions, added up per source and day (or range)."""
    metrics: tuple[str, ...]
    """Every metric column (what the decimal mark is read from)."""
    sessions: str
    engaged: str | None
    conversions: tuple[str, ...]
    """Key events / conversions / goal completions columns (several goal columns are added)."""
    revenue: str | None


def _role(name: str) -> str:
    """The role a dimension's compared name gives it."""
    if name in DATE_NAMES:  # not GA4's `Day`, which is the day of the month
        return "date"
    if name in DATE_RANGE_NAMES:
        return "range"
    if _PAIR.search(name):
        return "pair"
    if _SOURCE.search(name):
        return "source"
    if _MEDIUM.search(name):
        return "medium"
    if _CHANNEL.search(name):
        return "channel"
    return "other"


def _custom_channel_group(name: str, comments: Sequence[tuple[int, str]]) -> bool:
    """A `Session <name>` or `First user <name>` dimension of an acquisition report that is
    none of GA4's other acquisition dimensions: a custom channel group."""
    if not any(_ACQUISITION.search(text) for _, text in comments):
        return False
    rest = _SCOPE.sub("", name)
    if rest == name or not rest:
        return False
    words = set(re.split(r"[^a-z0-9]+", rest))
    return not words & _NOT_CHANNEL_WORDS


_YYYYMMDD: Final = r"^\s*(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s*$"


def _every(raw: pl.DataFrame, column: str, reads: pl.Expr) -> bool:
    """Every filled cell of `column` `reads` (a boolean expression of the cell), and one at least
    is filled."""
    cells = v.present(pl.col(column))
    found = raw.select(filled=cells.is_not_null().sum(), bad=(cells.is_not_null() & ~reads).sum())
    filled, bad = found.row(0)
    return bool(filled) and not bad


def _role_of(table: _Table, index: int, raw: pl.DataFrame | None) -> str:
    """The role of the table's column `index`: by its name (`_role`), or, for a name that
    tells none, the date when every cell is a day written YYYYMMDD (GA's Date dimension
    named in a language kpitui does not know)."""
    role = _role(table.lower[index])
    column = table.header[index]
    if role == "other" and raw is not None:
        days = v.present(pl.col(column)).str.contains(_YYYYMMDD)
        if _every(raw, column, days):
            return "date"
    return role


def _dimensions(table: _Table, family: Family, raw: pl.DataFrame | None = None) -> int:
    """How many dimensions the table has: the columns before its first metric.

    A metric is a name GA writes for one, or, with the table's rows at hand,
    a column no role names whose every cell is a number (a metric GA names in
    a language or a wording kpitui does not know). The first column is always
    a dimension.
    """
    lower = table.lower
    is_metric = _is_ga4_metric if family == "ga4" else _is_ua_metric
    first = next((i for i, n in enumerate(lower) if i > 0 and is_metric(n)), len(lower))
    if raw is not None:
        first = next((i for i in range(1, first) if _metric_by_values(table, i, raw)), first)
    return max(1, first)


def _metric_by_values(table: _Table, index: int, raw: pl.DataFrame) -> bool:
    """Column `index` names no role and every cell of it is a number."""
    column = table.header[index]
    numbers = v.number(pl.col(column), percent=True).is_not_null()
    return _role_of(table, index, raw) == "other" and _every(raw, column, numbers)


_RANK: Final = {"pair": 0, "source": 1, "channel": 2, "custom": 3}
_NO_SOURCE: Final = 10


def _kind(
    table: _Table, family: Family, comments: Sequence[tuple[int, str]], raw: pl.DataFrame | None = None
) -> tuple[str | None, int | None]:
    """The table's source kind (`_RANK`'s keys, None when no dimension names a source) and the
    index of the column that gives it."""
    lower = table.lower
    dims = range(_dimensions(table, family, raw))
    roles = {i: _role_of(table, i, raw) for i in dims}
    for kind in ("pair", "source", "channel"):
        found = next((i for i in dims if roles[i] == kind), None)
        if found is not None:
            return kind, found
    other = next((i for i in dims if roles[i] == "other"), None)
    if other is not None and _custom_channel_group(lower[other], comments):
        return "custom", other
    return None, None


def _rank(table: _Table, family: Family, comments: Sequence[tuple[int, str]]) -> int:
    """How well a table of sessions names its sources: by source / medium first, then by
    source, then by channel group; a first user's source after a session's."""
    kind, index = _kind(table, family, comments)
    if kind is None or index is None:
        return _NO_SOURCE
    return _RANK[kind] + (4 if _FIRST_USER.search(table.lower[index]) else 0)


def _choose(path: object, tables: Sequence[_Table], family: Family) -> tuple[_Table, list[str]]:
    """The table to read (see the module docstring), with a warning when the file stacks
    several; InputError when no table holds sessions."""
    preamble = tables[0].comments
    found = [(t, _rank(t, family, (*t.comments, *preamble))) for t in tables if "sessions" in t.lower]
    if not found:
        raise _no_sessions(path, tables)
    table, rank = min(found, key=lambda pair: pair[1])
    others = [t for t, r in found if t is not table and r < _NO_SOURCE]
    if not others and table is tables[0]:
        return table, []
    name = table.header[0]
    warning = (
        f"The file stacks {len(tables)} tables: kpitui reads the sessions by {name!r} "
        f"(the table at row {table.header_line})"
    )
    if others:
        shown = ", ".join(f"{t.header[0]!r} (row {t.header_line})" for t in others)
        warning += (
            f" and leaves out the sessions by {shown}: the same sessions by another dimension, "
            "which added would count them twice."
        )
    elif len(found) > 1:
        warning += "; the others hold other metrics, or the same sessions by a dimension that is no source."
    else:
        warning += "; the others hold other metrics."
    return table, [warning] if rank < _NO_SOURCE else []


def _no_sessions(path: object, tables: Sequence[_Table]) -> InputError:
    """The refusal of a GA export none of whose tables holds sessions: what it is, what to download."""
    first = tables[0]
    title = _title(first.comments)
    what = f"a Google Analytics report {title!r}" if title else "a Google Analytics report"
    shown = ", ".join(repr(n) for n in first.header[:4]) + (", …" if len(first.header) > 4 else "")
    lacking = (
        f"of {len(tables)} tables, none of them of sessions per traffic source (the first: {shown})"
        if len(tables) > 1
        else f"without sessions per traffic source ({shown})"
    )
    return InputError(
        f"{path}, row {first.header_line}: no 'Sessions' column: this is {what} {lacking}. "
        "kpitui reads web traffic from the Traffic acquisition "
        "report: download it by 'Session source / medium' (Reports → Acquisition → Traffic "
        "acquisition, Share → Download file → CSV) and import that file."
    )


def _columns(
    path: object,
    table: _Table,
    comments: Sequence[tuple[int, str]],
    family: Family,
    raw: pl.DataFrame,
) -> tuple[_Columns, list[str]]:
    """Map the header to roles; InputError when the report cannot give traffic rows.

    The dimensions are the columns before the first metric (`_dimensions`; the
    first column always is one); their names are never assumed, only classified.
    """
    names = list(table.header)
    lower = list(table.lower)
    first_metric = _dimensions(table, family, raw)
    dims = list(range(first_metric))
    roles = {i: _role_of(table, i, raw) for i in dims}

    def first(*wanted: str) -> int | None:
        return next((i for i in dims if roles[i] in wanted), None)

    date_col, range_col, medium = first("date"), first("range"), None
    kind, source = _kind(table, family, comments, raw)
    if kind is None or source is None:
        raise _refusal(path, table, [names[d] for d in dims if roles[d] not in ("date", "range")])
    if kind == "source":
        medium = first("medium")
    extra = [d for d in dims if d not in (source, date_col, range_col, medium)]
    refused = [names[d] for d in extra if not _summable(lower[d])]
    if refused:
        raise InputError(
            f"{path}, row {table.header_line}: the report has a second dimension {refused[0]!r}, "
            "which can repeat a session on several rows, so its rows cannot be added up per source "
            "without counting sessions twice. Remove that dimension in Google Analytics (a Date "
            "dimension is fine) and download the report again."
        )
    warnings: list[str] = []
    if extra:
        warnings.append(
            f"The report has a second dimension ({', '.join(repr(names[d]) for d in extra)}); its rows "
            f"are added up per {names[source]!r}{' and day' if date_col is not None else ''}."
        )
    if kind in ("channel", "custom"):
        warnings.append(_channel_warning(names[source], kind == "custom"))
    if _FIRST_USER.search(lower[source]):
        warnings.append(
            f"{names[source]!r} is each user's first source (User acquisition), not the source of "
            "each session: a network is credited with every later session of the users it first "
            "brought. The Traffic acquisition report (Session source / medium) credits each session."
        )
    sessions, engaged, conversions, revenue = _metrics(names, lower, family)
    columns = _Columns(
        source=names[source],
        kind=kind,  # type: ignore[arg-type]
        medium=names[medium] if medium is not None else None,
        date=names[date_col] if date_col is not None else None,
        date_range=names[range_col] if range_col is not None else None,
        summed=tuple(names[d] for d in extra),
        metrics=tuple(names[first_metric:]),
        sessions=sessions,
        engaged=engaged,
        conversions=conversions,
        revenue=revenue,
    )
    return columns, warnings


def _channel_warning(name: str, custom: bool) -> str:
    """What a channel-group report's rows are and how they count (KPIS.md, Traffic)."""
    if custom:
        return (
            f"The rows are the groups of the custom channel group {name!r}, not sources. A group "
            "counts as social traffic for all networks (sessions, conversions and the social traffic "
            "share), never for one network, only when it is named as GA's social channel groups are "
            "(Organic Social, Paid Social); the others count in the sessions of all networks. For "
            "per-network numbers, download the report by 'Session source / medium'. Do not import "
            "both for the same dates: their sessions would be counted twice."
        )
    return (
        f"The rows are channel groups ({name!r}: Organic Social, Paid Social, Direct, …), not "
        "sources. Organic Social and Paid Social sessions count as social traffic for all networks "
        "(sessions, conversions and the social traffic share), never for one network, because a "
        "channel group does not say which network they came from. For per-network numbers, "
        "download the report by 'Session source / medium'. Do not import both for the same dates: "
        "their sessions would be counted twice."
    )


def _summable(name: str) -> bool:
    return bool(_SCOPE.search(name) or _CHANNEL.search(name)) or name in SUMMABLE


def _metrics(
    names: list[str], lower: list[str], family: Family
) -> tuple[str, str | None, tuple[str, ...], str | None]:
    """Sessions, engaged sessions, conversions and revenue columns (first match wins).

    GA4: conversions = `Key events` (or the older `Conversions`, or a single
    `Key events (<event>)`); revenue = `Total revenue` (else `Purchase revenue`).
    UA: conversions = `Goal Completions`, else every `<goal> (Goal N Completions)`
    column added up, else e-commerce `Transactions`; revenue = e-commerce
    `Revenue`. UA's `Goal Value` is NOT revenue: it is the notional value an
    administrator assigns to a goal (often $0.00), not money received, so
    reading it as revenue would invent sales; it is left out. UA has no
    engaged sessions (its bounce rate measures something else), so they stay null.
    """

    def find(*candidates: str) -> str | None:
        return next((names[lower.index(c)] for c in candidates if c in lower), None)

    sessions = names[lower.index("sessions")]
    if family == "ga4":
        conversion = find("key events", "conversions") or next(
            (names[i] for i, n in enumerate(lower) if _KEY_EVENTS.match(n) or _CONVERSIONS.match(n)), None
        )
        revenue = find("total revenue", "purchase revenue")
        return sessions, find("engaged sessions"), (conversion,) if conversion else (), revenue
    goals = find("goal completions")
    per_goal = tuple(names[i] for i, n in enumerate(lower) if re.search(r"\(goal \d+ completions\)$", n))
    transactions = find("transactions")
    conversions = (goals,) if goals else per_goal or ((transactions,) if transactions else ())
    return sessions, None, conversions, find("revenue")


def _refusal(path: object, table: _Table, others: list[str]) -> InputError:
    """The error for a report whose dimensions name no traffic source.

    A report by date alone holds the sessions of every source added up. It is
    refused rather than imported as a source `(all)`: next to a source / medium
    report of the same days (the usual case) it would count every session a
    second time in the traffic share's denominator, and alone it would show a
    0 % social share that only means "unknown".
    """
    if not others:
        return InputError(
            f"{path}, row {table.header_line}: the report's only dimension is the date, so its rows "
            "are the sessions of every source added together. kpitui counts web traffic per source "
            "(to credit it to a network): these totals would either be counted a second time next to "
            "a source / medium report of the same days, or, alone, show no social traffic at all. "
            "Download the Traffic acquisition report with 'Session source / medium' as the first "
            "dimension (add Date as a second dimension for daily rows) and import that file."
        )
    return InputError(
        f"{path}, row {table.header_line}: the dimension {others[0]!r} does not name a traffic source, "
        "so kpitui cannot tell which network its sessions came from. Download the Traffic acquisition "
        "report by 'Session source / medium' (or 'Session source', or a channel group) and import "
        "that file."
    )


# --- reading ----------------------------------------------------------------------------------


def _range_of_label(label: str) -> _Range | None:
    """The dates of a comparison label such as `Sep 1, 2025 - Sep 30, 2025` (or `1 sept. 2025 -
    30 sept. 2025`, month names in the languages `values.day_parts` reads), when they read."""
    match = _RANGE_LABEL.match(label)
    if not match:
        return None
    found: list[date] = []
    for part in (match[1], match[2]):
        for form in _LABEL_FORMATS:
            try:
                found.append(datetime.strptime(part.strip(), form).date())
                break
            except ValueError:
                continue
        else:
            day = pl.select(v.local_date(pl.lit(part.strip()))).item()
            if day is not None:
                found.append(day)
    return _Range(found[0], found[1]) if len(found) == 2 else None


def _main_range_rows(
    raw: pl.DataFrame, column: str, main: _Range | None
) -> tuple[pl.DataFrame, _Range | None, list[str]]:
    """Keep the rows of the main date range of a report compared with another range.

    The main range is the label whose dates are the preamble's range; when no
    label reads as dates, the label of the first row (GA4 lists the main
    range first).
    """
    labels = raw.get_column(column).unique(maintain_order=True).drop_nulls().to_list()
    if len(labels) == 0:
        return raw, main, []
    spans = {label: _range_of_label(label) for label in labels}
    keep = next((lab for lab, span in spans.items() if main and span == main), labels[0])
    main = main or spans[keep]
    kept = raw.filter(pl.col(column) == keep)
    left = raw.height - kept.height
    if not left:
        return kept, main, []
    others = ", ".join(repr(lab) for lab in labels if lab != keep)
    warning = (
        f"The report compares two date ranges: only the {kept.height} row(s) of the main range "
        f"{keep!r} are imported; {left} row(s) of {others} are left out (import the report of that "
        "range on its own if you need it)."
    )
    return kept, main, [warning]


def _read_table(path: object, data: bytes, table: _Table) -> pl.DataFrame:
    """The table's rows as strings with `_row`, named as `table.header` (padding checked empty)."""
    body = data if table.end < 0 else data[: table.end]  # up to its first blank or `#` line
    raw = read_strings(path, body, header_line=table.header_line)  # type: ignore[arg-type]
    pads = [f"__pad_{i}" for i in range(table.padding)]
    if raw.width != len(table.header) + len(pads) + 1:
        raise InputError(f"{path}, row {table.header_line}: the header cannot be read as CSV.")
    raw.columns = [ROW, *table.header, *pads]  # the names as written, trimmed (and made unique)
    if pads:
        filled = raw.filter(pl.any_horizontal(~v.blank(pl.col(p)) for p in pads))
        if filled.height:
            raise InputError(
                f"{path}, row {filled[ROW][0]}: a value after the last named column "
                f"({table.header[-1]!r}); expected only the columns the header names."
            )
        raw = raw.drop(pads)
    return raw


def _parse(importer: _AnalyticsExport, sample: Sample) -> ParsedFile:
    """Read a GA4 or UA export into traffic rows (see the module docstring)."""
    path, family = sample.path, importer.id
    tables = _tables(path, sample.data)[0]
    if not tables:
        raise InputError(
            f"{path}: the file holds only the `#` lines above the report's table, no table; it looks "
            "truncated. Download the report again."
        )
    table, warnings = _choose(path, tables, family)
    comments = table.comments if table is tables[0] else (*table.comments, *tables[0].comments)
    main = _ranges(path, comments)
    raw = _read_table(path, sample.data, table)
    columns, more = _columns(path, table, (*comments, *tables[0].comments), family, raw)
    warnings += more
    dims = [c for c in (columns.source, columns.medium, columns.date, *columns.summed) if c is not None]
    first = v.cleaned(pl.col(table.header[0])).str.to_lowercase()
    grand_total = first.is_in(_GRAND_TOTAL).fill_null(False)
    before = raw.height
    raw = raw.filter(~(grand_total | pl.all_horizontal(v.blank(pl.col(c)) for c in dims)))
    if columns.date_range is not None:
        raw, main, compared = _main_range_rows(raw, columns.date_range, main)
        warnings += compared
    if raw.is_empty():
        besides = " besides its totals row" if before else ""
        raise InputError(f"{path}: the report's header is there but its table has no rows{besides}.")
    raw, conversions = _conversions(path, raw, columns)
    typed = v.convert(path, raw, conversions)
    unnamed = typed.filter(pl.col("source").is_null())
    if unnamed.height:
        raise InputError(
            f"{path}, row {unnamed[ROW][0]}, column {columns.source!r}: empty, but every row of the report "
            "needs a source (only the totals row has none)."
        )
    if columns.date is not None:
        undated = typed.filter(pl.col("date").is_null())
        if undated.height:
            raise InputError(
                f"{path}, row {undated[ROW][0]}, column {columns.date!r}: empty, but every row of a "
                "report with a Date dimension needs a date (only the totals row has none)."
            )
        typed = typed.with_columns(date_end=pl.col("date"))
    elif main is not None:
        typed = typed.with_columns(date=pl.lit(main.start), date_end=pl.lit(main.end))
        warnings.append(
            f"The report has no Date dimension: each row covers {main} and counts only in periods "
            "that hold that whole range."
        )
    else:
        raise InputError(
            f"{path}: the report has no Date dimension and its date range is missing from the `#` lines "
            "above the table (expected '# Start date: YYYYMMDD' and '# End date: YYYYMMDD', or "
            "'# YYYYMMDD-YYYYMMDD'), so its rows cannot be dated. Import the file as downloaded."
        )
    frame, repeated = dedupe(_add_up(typed, columns), "traffic")
    return sample.result(
        importer, {"traffic": conform(frame.drop(ROW), "traffic")}, warnings=warnings + repeated
    )


def _conversions(
    path: object, raw: pl.DataFrame, columns: _Columns
) -> tuple[pl.DataFrame, dict[str, v.Conversion]]:
    """The typed columns to read, and the raw frame with the medium split off a `source / medium`.

    The source is kept as written (trimmed): `(not set)` and `(direct)` are
    real sources whose sessions belong in the totals, not null tokens.
    Numbers are read with the decimal mark the table's metric columns settle
    together (a French download writes `0,6667`, a German one `1.234,50`);
    revenue that still reads two ways (`1.234` alone) is refused.
    """
    source = pl.col(columns.source)
    conversions: dict[str, v.Conversion] = {}
    if columns.kind == "pair":
        text = v.cleaned(source)
        split = text.str.extract_groups(r"^(.*\S)\s+/\s+(\S.*)$")  # greedy: at the last " / "
        raw = raw.with_columns(__medium=split.struct.field("2"))
        conversions["source"] = v.Conversion(
            columns.source, pl.coalesce(split.struct.field("1"), text), "a source / medium"
        )
        conversions["medium"] = v.Conversion("__medium", pl.col("__medium"), "a medium")
    else:
        conversions["source"] = v.Conversion(columns.source, v.cleaned(source), "a source")
        if columns.medium is not None:
            medium = v.cleaned(pl.col(columns.medium))
            conversions["medium"] = v.Conversion(columns.medium, medium, "a medium")
    if columns.date is not None:  # a column may be named "" (its role read from its values)
        day = v.date_in(pl.col(columns.date), _DATE_FORMATS)
        conversions["date"] = v.Conversion(columns.date, day, "a date written YYYYMMDD")
    mark = _decimal_mark(raw, [c for c in columns.metrics if c in raw.columns])
    if columns.revenue is not None:
        v.refuse_ambiguous(path, raw, [columns.revenue], mark)  # type: ignore[arg-type]
    numeric = [columns.sessions, columns.engaged, *columns.conversions, columns.revenue]
    raw, number = _numbers(raw, [c for c in numeric if c is not None], mark)
    whole = "a whole number of sessions such as 1025"
    conversions["sessions"] = v.native(columns.sessions, _whole(number[columns.sessions]), whole)
    if columns.engaged is not None:
        conversions["engaged_sessions"] = v.native(columns.engaged, _whole(number[columns.engaged]), whole)
    for i, name in enumerate(columns.conversions):
        expected = "a number of key events or conversions such as 12"
        conversions[f"__conversions_{i}"] = v.native(name, number[name], expected)
    if columns.revenue is not None:
        amount = number[columns.revenue]
        conversions["revenue"] = v.native(columns.revenue, amount, "an amount such as 1644.97")
    return raw, conversions


_SETTLING_ROWS: Final = 2000
"""Rows the decimal mark is first looked for in: a file is written in one locale, and its
first rows of rates and amounts nearly always settle it."""


def _decimal_mark(raw: pl.DataFrame, metrics: list[str]) -> v.Decimal | None:
    """The decimal mark the metric columns settle together (`values.settled_mark`), read from
    the first rows and, only when they settle nothing, from all of them (the whole read costs
    seconds on a year of daily rows)."""
    mark = v.settled_mark(raw.head(_SETTLING_ROWS), metrics)
    if mark is None and raw.height > _SETTLING_ROWS:
        mark = v.settled_mark(raw, metrics)
    return mark


def _numbers(
    raw: pl.DataFrame, names: list[str], mark: v.Decimal | None
) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
    """Each column's `values.number` (with the file's decimal `mark`) computed once, as a
    helper column of `raw`; `_whole` then checks a count is whole."""
    helpers = {name: f"__number_{i}" for i, name in enumerate(names)}
    raw = raw.with_columns(
        v.number(pl.col(name), percent=False, decimal=mark).alias(h) for name, h in helpers.items()
    )
    return raw, {name: pl.col(h) for name, h in helpers.items()}


def _whole(value: pl.Expr) -> pl.Expr:
    """`value` as Int64 when it is a whole number (`1025`, `1,025`, `1025.0`), else null."""
    return pl.when((value == value.round(0)) & (value.abs() < 2**53)).then(value.cast(pl.Int64))


def _add_up(typed: pl.DataFrame, columns: _Columns) -> pl.DataFrame:
    """Goal columns added into `conversions`; rows of a summed second dimension added per key.

    A sum over cells that are all empty stays null (unknown), never 0.
    """
    parts = [c for c in typed.columns if c.startswith("__conversions_")]
    if parts:
        known = pl.any_horizontal(pl.col(c).is_not_null() for c in parts)
        typed = typed.with_columns(conversions=pl.when(known).then(pl.sum_horizontal(parts))).drop(parts)
    if not columns.summed:
        return typed
    keys = [k for k in ("date", "date_end", "source", "medium") if k in typed.columns]
    metrics = [c for c in typed.columns if c not in (*keys, ROW)]
    return typed.group_by(keys, maintain_order=True).agg(
        pl.col(ROW).min(),
        *[pl.when(pl.col(m).is_not_null().any()).then(pl.col(m).sum()).alias(m) for m in metrics],
    )


# --- the importers ----------------------------------------------------------------------------


def _near(sample: Sample, declared: Format) -> Near | None:
    """How near the first table comes to `declared`; the `#` preamble is evidence too."""
    layout = _safe_layout(sample)
    if layout is None:
        return None
    near = declared.match(layout.header).near
    return replace(near, evidence=near.evidence or layout.looks_like_analytics())


class _AnalyticsExport(ABC):
    """A Google Analytics CSV: recognised by its first table's header (`score`), read by `_parse`."""

    id: Family
    label: str
    declared: Format

    @abstractmethod
    def score(self, layout: _Layout) -> float:
        """How well a readable file's layout matches, 0 to 1."""

    def detect(self, sample: Sample) -> float:
        layout = _safe_layout(sample)
        return 0.0 if layout is None else self.score(layout)

    def near(self, sample: Sample) -> Near | None:
        return _near(sample, self.declared)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        return _parse(self, sample)


class GA4Report(_AnalyticsExport):
    """Google Analytics 4 report downloads (Share → Download file → CSV), FORMATS.md 7a."""

    id = "ga4"
    label = "Google Analytics 4 report (CSV download)"
    declared = GA4_FORMAT

    def score(self, layout: _Layout) -> float:
        # no preamble: GA's own spelling only (`engaged_sessions` is kpitui's CSV)
        lower = layout.lower if layout.comments else tuple(h.strip().lower() for h in layout.header)
        if "sessions" in lower and _ga4_signature(lower, strict=not layout.comments):
            return 1.0 if layout.comments else 0.8
        if layout.comments and layout.looks_like_analytics() and not _ua_signature(lower):
            return 0.6  # a GA export without sessions, or truncated: parse says what is missing
        return 0.0


class UniversalAnalytics(_AnalyticsExport):
    """Universal Analytics CSV exports (legacy, sunset 2023/2024), FORMATS.md 7b."""

    id = "ua"
    label = "Universal Analytics report (CSV export)"
    declared = UA_FORMAT

    def score(self, layout: _Layout) -> float:
        lower = layout.lower
        if "sessions" in lower and _ua_signature(lower) and not _ga4_signature(lower):
            return 1.0 if layout.comments else 0.8
        return 0.0


IMPORTERS = (GA4Report(), UniversalAnalytics())
