"""Google Analytics exports: GA4 report downloads and Universal Analytics CSV exports.

Both families write a `#` comment preamble (report title, property or view,
the date range), then one table whose first column is the report's primary
dimension, then, after a blank line, more tables (GA4's `Nth day` chart
series, UA's `Day Index`). Only the first table is read: the later ones hold
daily totals over every source, so importing them next to the per-source
rows would count the same sessions twice (FORMATS.md section 7).

Rows become `traffic` rows keyed by (date, date_end, source, medium):

* with a `Date` dimension, one row per day and source (date_end = date);
* without one, one row per source covering the report's whole range, read
  from the preamble (KPIS.md counts such a row only in periods holding the
  whole range).

The source comes from a `source / medium` dimension (split on its last
` / `), from separate source and medium columns, or, for channel-group
reports, from the channel group itself (medium null, with a warning: a
channel group cannot be attributed to a network). A report whose only
dimension is a date, or whose dimension names no source (landing page,
country, campaign, ...), is refused with the reason.

A bad cell refuses the whole file (`values.convert`) rather than skipping
the row: these files are machine-written, so a cell that does not read
means the file was edited or damaged, and a skipped row would silently
shrink the sessions every traffic share is computed from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final, Literal

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, header_of, read_strings
from kpitui.core.importers.declared import Format, Near
from kpitui.core.importers.names.analytics import GA4_METRICS, GA4_ONLY, NAMES, UA_METRICS, UA_ONLY

Family = Literal["ga4", "ua"]

_HEAD_LINES: Final = 80
"""Lines looked at for the preamble and the header (GA4 preambles run about ten lines)."""

_GA4_METRICS: Final = frozenset(NAMES.canonical(m) for m in GA4_METRICS)
"""GA4 metric names (compared form): the table's dimensions are the columns before the first of them."""
_GA4_SIGNATURE: Final = frozenset(NAMES.canonical(m) for m in GA4_ONLY)
_UA_METRICS: Final = frozenset(NAMES.canonical(m) for m in UA_METRICS)
_UA_SIGNATURE: Final = frozenset(NAMES.canonical(m) for m in UA_ONLY)

GA4_FORMAT: Final = Format(NAMES, signature=("Sessions", GA4_ONLY))
UA_FORMAT: Final = Format(NAMES, signature=("Sessions", UA_ONLY))
"""What GA4 and UA tables hold, for the refusal of a file no importer claims; detection
reads the `#` preamble and the header as code (`GA4Report.detect`)."""

_UA_GOAL: Final = re.compile(r"\(goal \d+ (?:completions|value|conversion rate)\)$")
"""A goal column named by its goal: `Yell Free Listings (Goal 1 Completions)`."""

_GRAND_TOTAL: Final = ("grand total", "total général", "gesamtsumme", "total general", "totale complessivo")

_SUMMABLE: Final = frozenset(
    {
        "country",
        "region",
        "city",
        "continent",
        "sub-continent",
        "device category",
        "operating system",
        "browser",
        "platform",
        "language",
        "gender",
        "age",
        "new / established",
        "user type",
        "landing page",
        "landing page + query string",
        "campaign",
        "keyword",
        "ad content",
        "default channel grouping",
        "source",
        "medium",
    }
)
"""Second dimensions that split each session into exactly one row (session- or user-scoped),
so adding their rows up gives the sessions per source again. An event- or page-scoped
dimension (event name, page path) repeats a session on several rows and is refused."""

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

_DATE_LINE: Final = re.compile(r"^(?P<label>[^:：]*?)\s*[:：]\s*(?P<day>\d{8})$")
_RANGE_LINE: Final = re.compile(
    r"^(?:(?P<label>[^:：]*?)\s*[:：]\s*)?(?P<start>\d{8})\s*[-–]\s*(?P<end>\d{8})$"
)
_COMPARISON: Final = re.compile(r"compar|vergleich|confront", re.IGNORECASE)
_DASHES: Final = re.compile(r"^-{3,}$")
_TABLE_END: Final = re.compile(rb"^(?:[ \t,]*\r?$|[ \t]*#)", re.MULTILINE)
_RANGE_LABEL: Final = re.compile(r"^\s*(.+?\d{4})\s*[-–]\s*(.+?\d{4})\s*$")
_LABEL_FORMATS: Final = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%Y%m%d")
_DATE_FORMATS: Final = ["%Y%m%d", "%Y-%m-%d"]


# --- the layout of the file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the preamble and the first table are."""

    comments: tuple[tuple[int, str], ...]
    """The `#` lines before the header: (line number, text without `#`, trimmed)."""
    header_line: int | None
    """1-based line of the first table's header; None when the file has no table."""
    header: tuple[str, ...]

    @property
    def lower(self) -> tuple[str, ...]:
        """The compared names of the header (`names.norm`; English for a known spelling)."""
        return tuple(NAMES.canonical(h) for h in self.header)

    def looks_like_analytics(self) -> bool:
        """A `# ---` line and a date or date-range line: the preamble of a GA export."""
        texts = [t for _, t in self.comments]
        dashes = any(_DASHES.match(t) for t in texts)
        dated = any(_DATE_LINE.match(t) or _RANGE_LINE.match(t) for t in texts)
        return dashes and dated


def _layout(sample: Sample) -> _Layout:
    """The preamble lines and the header of the first table (blank lines before it skipped).

    Comment lines may be padded with commas (`# -----,,,,,,,`), as some UA exports are.
    """
    comments: list[tuple[int, str]] = []
    for number, line in enumerate(sample.lines(_HEAD_LINES), start=1):
        text = line.strip()
        if text.startswith("#"):
            comments.append((number, text[1:].rstrip(", \t").strip()))
            continue
        if not text.strip(", \t"):
            continue
        header = header_of(sample.path, line.encode("utf-8"))
        return _Layout(tuple(comments), number, _unique(header))
    return _Layout(tuple(comments), None, ())


def _unique(names: list[str]) -> tuple[str, ...]:
    """Column names with a repeated one numbered (`Sessions`, `Sessions (2)`), so each is addressable."""
    seen: dict[str, int] = {}
    unique: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(unique)


def _is_ga4_metric(name: str) -> bool:
    return name in _GA4_METRICS or name.startswith(("key events", "conversions"))


def _is_ua_metric(name: str) -> bool:
    return name in _UA_METRICS or bool(_UA_GOAL.search(name))


def _ga4_signature(names: Sequence[str], *, strict: bool = False) -> bool:
    """A GA4-only metric among `names`. `strict` (a file without its preamble) does not count a
    bare `conversions`, which the canonical traffic CSV also has."""
    if any(n in _GA4_SIGNATURE or n.startswith("key events") for n in names):
        return True
    return not strict and any(n.startswith("conversions") for n in names)


def _ua_signature(names: Sequence[str]) -> bool:
    return any(n in _UA_SIGNATURE or _UA_GOAL.search(n) for n in names)


def _safe_layout(sample: Sample) -> _Layout | None:
    if sample.kind != "text":
        return None
    try:
        return _layout(sample)
    except InputError:
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


def _ranges(path: object, layout: _Layout) -> _Range | None:
    """The report's main date range from the preamble (None when it gives none).

    Accepts `# Start date: 20260501` / `# End date: 20260531` in any language
    (the label is not read, only its order and whether it speaks of a
    comparison) and a single `# 20250413-20250711` range line (UA's form).
    """
    days: list[date] = []
    spans: list[_Range] = []
    for line, text in layout.comments:
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
    """What each column of the first table is for (names as written in the file)."""

    source: str
    """The column the source is read from."""
    kind: Literal["pair", "source", "channel"]
    """`pair`: `source / medium` values; `source`: a bare source; `channel`: a channel group."""
    medium: str | None
    date: str | None
    date_range: str | None
    summed: tuple[str, ...]
    """Other dimensions, added up per source and day (or range)."""
    sessions: str
    engaged: str | None
    conversions: tuple[str, ...]
    """Key events / conversions / goal completions columns (several goal columns are added)."""
    revenue: str | None


def _role(name: str) -> str:
    """The role a dimension's (lower-case) name gives it."""
    if name == "date":  # not GA4's `Day`, which is the day of the month
        return "date"
    if name == "date range":
        return "range"
    if re.search(r"source\s*/\s*medium$", name):
        return "pair"
    if name.endswith("source"):
        return "source"
    if name.endswith("medium"):
        return "medium"
    if "channel group" in name:
        return "channel"
    return "other"


def _custom_channel_group(name: str, layout: _Layout) -> bool:
    """A `Session <name>` or `First user <name>` dimension of an acquisition report that is
    none of GA4's other acquisition dimensions: a custom channel group."""
    if not any("acquisition" in text.lower() for _, text in layout.comments):
        return False
    rest = re.sub(r"^(session|first user)\s+", "", name)
    if rest == name or not rest:
        return False
    words = set(re.split(r"[^a-z0-9]+", rest))
    return not words & _NOT_CHANNEL_WORDS


def _columns(path: object, layout: _Layout, family: Family) -> tuple[_Columns, list[str]]:
    """Map the header to roles; InputError when the report cannot give traffic rows.

    The dimensions are the columns before the first known metric (the first
    column always is one); their names are never assumed, only classified.
    """
    names = list(layout.header)
    lower = list(layout.lower)
    is_metric = _is_ga4_metric if family == "ga4" else _is_ua_metric
    if "sessions" not in lower:
        raise InputError(
            f"{path}, row {layout.header_line}: no 'Sessions' column (columns: "
            f"{', '.join(repr(n) for n in names[:8])}). kpitui reads sessions per traffic source: "
            "download the Traffic acquisition report (or add the Sessions metric) and import that file."
        )
    first_metric = next((i for i, n in enumerate(lower) if i > 0 and is_metric(n)), 1)
    dims = list(range(first_metric))
    roles = {i: _role(lower[i]) for i in dims}

    def first(*wanted: str) -> int | None:
        return next((i for i in dims if roles[i] in wanted), None)

    date_col, range_col, medium = first("date"), first("range"), None
    kind: Literal["pair", "source", "channel"]
    if (pair := first("pair")) is not None:
        source, kind = pair, "pair"
    elif (bare := first("source")) is not None:
        source, kind, medium = bare, "source", first("medium")
    elif (group := first("channel")) is not None:
        source, kind = group, "channel"
    elif (other := first("other")) is not None and _custom_channel_group(lower[other], layout):
        source, kind = other, "channel"
    else:
        raise _refusal(path, layout, [names[d] for d in dims if roles[d] not in ("date", "range")])
    extra = [d for d in dims if d not in (source, date_col, range_col, medium)]
    refused = [names[d] for d in extra if not _summable(lower[d])]
    if refused:
        raise InputError(
            f"{path}, row {layout.header_line}: the report has a second dimension {refused[0]!r}, "
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
    if kind == "channel":
        warnings.append(
            f"The rows are channel groups ({names[source]!r}: Organic Social, Paid Social, Direct, …), "
            "not sources: kpitui cannot tell which network a channel group's sessions came from, so "
            "they count only in the denominator of the social traffic share. Do not also import a "
            "source / medium report of the same dates: its sessions would be counted twice."
        )
    if lower[source].startswith("first user"):
        warnings.append(
            f"{names[source]!r} is each user's first source (User acquisition), not the source of "
            "each session: a network is credited with every later session of the users it first "
            "brought. The Traffic acquisition report (Session source / medium) credits each session."
        )
    sessions, engaged, conversions, revenue = _metrics(names, lower, family)
    columns = _Columns(
        source=names[source],
        kind=kind,
        medium=names[medium] if medium is not None else None,
        date=names[date_col] if date_col is not None else None,
        date_range=names[range_col] if range_col is not None else None,
        summed=tuple(names[d] for d in extra),
        sessions=sessions,
        engaged=engaged,
        conversions=conversions,
        revenue=revenue,
    )
    return columns, warnings


def _summable(name: str) -> bool:
    return name.startswith(("session ", "first user ")) or name in _SUMMABLE or "channel group" in name


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
            (names[i] for i, n in enumerate(lower) if n.startswith(("key events", "conversions"))), None
        )
        revenue = find("total revenue", "purchase revenue")
        return sessions, find("engaged sessions"), (conversion,) if conversion else (), revenue
    goals = find("goal completions")
    per_goal = tuple(names[i] for i, n in enumerate(lower) if re.search(r"\(goal \d+ completions\)$", n))
    transactions = find("transactions")
    conversions = (goals,) if goals else per_goal or ((transactions,) if transactions else ())
    return sessions, None, conversions, find("revenue")


def _refusal(path: object, layout: _Layout, others: list[str]) -> InputError:
    """The error for a report whose dimensions name no traffic source.

    A report by date alone holds the sessions of every source added up. It is
    refused rather than imported as a source `(all)`: next to a source / medium
    report of the same days (the usual case) it would count every session a
    second time in the traffic share's denominator, and alone it would show a
    0 % social share that only means "unknown".
    """
    if not others:
        return InputError(
            f"{path}, row {layout.header_line}: the report's only dimension is the date, so its rows "
            "are the sessions of every source added together. kpitui counts web traffic per source "
            "(to credit it to a network): these totals would either be counted a second time next to "
            "a source / medium report of the same days, or, alone, show no social traffic at all. "
            "Download the Traffic acquisition report with 'Session source / medium' as the first "
            "dimension (add Date as a second dimension for daily rows) and import that file."
        )
    return InputError(
        f"{path}, row {layout.header_line}: the dimension {others[0]!r} does not name a traffic source, "
        "so kpitui cannot tell which network its sessions came from. Download the Traffic acquisition "
        "report by 'Session source / medium' (or 'Session source', or a channel group) and import "
        "that file."
    )


# --- reading ----------------------------------------------------------------------------------


def _first_table(data: bytes, header_line: int) -> bytes:
    """The file up to the end of the first table: its first blank (or all-comma) line, or the
    first `#` line after the header (the second block of GA4 and UA exports)."""
    position = 0
    for _ in range(header_line):
        found = data.find(b"\n", position)
        if found < 0:
            return data
        position = found + 1
    end = _TABLE_END.search(data, position)
    return data if end is None else data[: end.start()]


def _range_of_label(label: str) -> _Range | None:
    """The dates of a comparison label such as `Sep 1, 2025 - Sep 30, 2025`, when they read."""
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


def _parse(importer: GA4Report | UniversalAnalytics, sample: Sample, family: Family) -> ParsedFile:
    """Read a GA4 or UA export into traffic rows (see the module docstring)."""
    path = sample.path
    layout = _layout(sample)
    if layout.header_line is None:
        raise InputError(
            f"{path}: the file holds only the `#` lines above the report's table, no table; it looks "
            "truncated. Download the report again."
        )
    main = _ranges(path, layout)
    columns, warnings = _columns(path, layout, family)
    table = _first_table(sample.data, layout.header_line)
    raw = read_strings(path, table, header_line=layout.header_line, stop_at_blank=True)
    if raw.width != len(layout.header) + 1:
        raise InputError(f"{path}, row {layout.header_line}: the header cannot be read as CSV.")
    raw.columns = [ROW, *layout.header]  # the names as written, trimmed (and made unique)
    dims = [c for c in (columns.source, columns.medium, columns.date, *columns.summed) if c]
    grand_total = v.cleaned(pl.col(raw.columns[1])).str.to_lowercase().is_in(_GRAND_TOTAL).fill_null(False)
    before = raw.height
    raw = raw.filter(~(grand_total | pl.all_horizontal(v.blank(pl.col(c)) for c in dims)))
    if columns.date_range:
        raw, main, more = _main_range_rows(raw, columns.date_range, main)
        warnings += more
    if raw.is_empty():
        besides = " besides its totals row" if before else ""
        raise InputError(f"{path}: the report's header is there but its table has no rows{besides}.")
    raw, conversions = _conversions(raw, columns)
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


def _conversions(raw: pl.DataFrame, columns: _Columns) -> tuple[pl.DataFrame, dict[str, v.Conversion]]:
    """The typed columns to read, and the raw frame with the medium split off a `source / medium`.

    The source is kept as written (trimmed): `(not set)` and `(direct)` are
    real sources whose sessions belong in the totals, not null tokens.
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
        if columns.medium:
            medium = v.cleaned(pl.col(columns.medium))
            conversions["medium"] = v.Conversion(columns.medium, medium, "a medium")
    if columns.date:
        day = v.date_in(pl.col(columns.date), _DATE_FORMATS)
        conversions["date"] = v.Conversion(columns.date, day, "a date written YYYYMMDD")
    numeric = [columns.sessions, columns.engaged, *columns.conversions, columns.revenue]
    raw, number = _numbers(raw, [c for c in numeric if c])
    whole = "a whole number of sessions such as 1025"
    conversions["sessions"] = v.native(columns.sessions, _whole(number[columns.sessions]), whole)
    if columns.engaged:
        conversions["engaged_sessions"] = v.native(columns.engaged, _whole(number[columns.engaged]), whole)
    for i, name in enumerate(columns.conversions):
        expected = "a number of key events or conversions such as 12"
        conversions[f"__conversions_{i}"] = v.native(name, number[name], expected)
    if columns.revenue:
        amount = number[columns.revenue]
        conversions["revenue"] = v.native(columns.revenue, amount, "an amount such as 1644.97")
    return raw, conversions


def _numbers(raw: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
    """Each column's `values.number` computed once, as a helper column of `raw`.

    `values.count` repeats the `number` expression four times (and `convert`
    evaluates a parse twice), which makes it slow on a year of daily rows;
    reading the number once and checking it is whole (`_whole`) gives the
    same values and the same error messages.
    """
    helpers = {name: f"__number_{i}" for i, name in enumerate(names)}
    raw = raw.with_columns(v.number(pl.col(name), percent=False).alias(h) for name, h in helpers.items())
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


class GA4Report:
    """Google Analytics 4 report downloads (Share → Download file → CSV), FORMATS.md 7a."""

    id = "ga4"
    label = "Google Analytics 4 report (CSV download)"

    def detect(self, sample: Sample) -> float:
        layout = _safe_layout(sample)
        if layout is None:
            return 0.0
        lower = layout.lower
        if not layout.comments:  # no preamble: GA's own spelling (`engaged_sessions` is kpitui's CSV)
            lower = tuple(h.strip().lower() for h in layout.header)
        if "sessions" in lower and _ga4_signature(lower, strict=not layout.comments):
            return 1.0 if layout.comments else 0.8
        if layout.comments and layout.looks_like_analytics() and not _ua_signature(lower):
            return 0.6  # a GA export without sessions, or truncated: parse says what is missing
        return 0.0

    def near(self, sample: Sample) -> Near | None:
        return _near(sample, GA4_FORMAT)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        return _parse(self, sample, "ga4")


class UniversalAnalytics:
    """Universal Analytics CSV exports (legacy, sunset 2023/2024), FORMATS.md 7b."""

    id = "ua"
    label = "Universal Analytics report (CSV export)"

    def detect(self, sample: Sample) -> float:
        layout = _safe_layout(sample)
        if layout is None:
            return 0.0
        lower = layout.lower
        if "sessions" in lower and _ua_signature(lower) and not _ga4_signature(lower):
            return 1.0 if layout.comments else 0.8
        return 0.0

    def near(self, sample: Sample) -> Near | None:
        return _near(sample, UA_FORMAT)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        return _parse(self, sample, "ua")


IMPORTERS = (GA4Report(), UniversalAnalytics())
