"""LinkedIn Page analytics workbooks (Page admin → Analytics → Export), FORMATS.md section 4.

LinkedIn exports three workbooks per page, legacy `.xls` in real life (some
tools re-save them as `.xlsx`; both are read through calamine):

- the **content** export, sheets `Metrics` (one row per day: organic,
  sponsored and total impressions, clicks, reactions, comments, reposts and
  engagement rates) and `All posts` (one row per post, lifetime metrics).
  Both sheets have a note row above the header;
- the **followers** export, sheet `New followers` (new followers per day) and
  five demographic sheets;
- the **visitors** export, sheet `Visitor metrics` (page views and unique
  visitors per day, per page section and device) and five demographic sheets.

Detection reads the sheet names and the header row; the header is looked for
in the first rows of the sheet rather than at a fixed row, because the note
row is only corroborated, and because calamine drops leading empty rows.
Column names are matched by subset, with the spellings of
`names.linkedin` (any case, accents, spacing): LinkedIn renames (`Shares`
→ `Reposts`, `Views` → `Views (excluding off-site video views)`) and adds
columns over time. Demographic sheets hold no daily or per-post
numbers and are ignored.

LinkedIn writes the workbook in the admin's interface language: sheet names,
headers and note rows (`names.linkedin` has French, Spanish, Portuguese,
German and Italian spellings, guessed). A sheet is found by its name in any
of those languages, else by a header that holds what the sheet must have.
Days written as text may put the day first (`31/01/2026`, `31.01.2026`):
the daily sheet's days, which follow each other, tell the order (`_days`).

The file itself never names the page; LinkedIn's download names do:
`<page-vanity>_<type>_<epoch-millis>.xls`, with a browser's ` (1)` or ` 1`
for a repeated download. The vanity name is taken as the account and the
millis as the export time when the name has that shape (this names the
account, it does not detect the format). A file its owner renamed names no
account: the account is left null for the workspace to fill (the folder's
other files, or its only LinkedIn account), or taken from `--account`.

Mapping choices, where FORMATS.md leaves room (see also `ContentExport`):

- **Bad cells refuse the whole file** (`convert`, not `convert_skipping`):
  these files are machine-written, so a cell that is not a number or a date
  means the file was damaged or edited, and importing the rest would give
  sums that are silently short.
- **Negative values are kept as exported, with a counted warning.** LinkedIn
  occasionally reports a negative daily value (a correction; an ETL clamps
  them to 0). kpitui's numbers are either right or absent: 0 would be
  invented, and the platform's own value nets out in a sum over a period,
  so it is kept and the rows are named in a warning.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers import excel
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW
from kpitui.core.importers.declared import Format, Header, Near, Need
from kpitui.core.importers.names import norm
from kpitui.core.importers.names.linkedin import DATE, NAMES, SHEETS
from kpitui.core.schema import TableName

NETWORK: Final = "linkedin"

_FILE_NAME: Final = re.compile(
    r"^(?P<page>.+)_(?:content|followers|visitors|competitor)_(?P<millis>\d{12,14})"
    r"(?:\s*\(\d+\)|\s+\d{1,3})?\.xlsx?$",
    re.IGNORECASE,
)
"""`<page-vanity>_<type>_<epoch-millis>.xls`, with a browser's ` (1)` or ` 1` for a repeated download."""

_HEADER_SEARCH: Final = 4
"""How many rows at the top of a sheet may hold the header (note rows come first)."""

_SHEETS_SEARCHED: Final = 12
"""A workbook with more sheets is not searched for a sheet by its header (none of LinkedIn's has)."""

_EXCEL_DAYS: Final = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d"]
"""A real Excel date, which calamine gives as ISO text."""
_NUMERIC_DAY: Final = r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"
"""A day written with numbers, its year last: `01/31/2026`, `31/01/2026`, `31.01.2026`."""
_MONTH_FIRST: Final = "%m/%d/%Y"
_DAY_FIRST: Final = "%d/%m/%Y"
_STEP_DAYS: Final = 7
"""Longest gap between two days of a daily sheet read the right way round (read the wrong
way, days that follow each other are a month apart)."""
_COUNT_EXPECTED: Final = "a whole number such as 1250 (blank when unknown)"

_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "video": ("video",),
    "document": ("document",),
    "link": ("article", "link"),
    "photo": ("image", "photo"),
    "carousel": ("images", "multi-image", "carousel"),
    "text": ("text",),
    "live": ("live", "live video"),
    "other": ("poll", "event"),
}
_CONTENT_TYPES: Final = {value: kind for kind, values in _KINDS.items() for value in values}
"""LinkedIn's `Content Type` values (lower case) → kpitui content types.

The export writes `Video`, `Document`, `Article` or nothing; the other
spellings are accepted in case LinkedIn adds them. An article is a long-form
post that links out to its own page, which KPIS.md counts as `link`.
"""

_UNTYPED: Final = "other"
"""Content type of a post whose `Content Type` cell is blank.

LinkedIn leaves it blank for images, text-only posts, polls and reposts
alike (`Post type` is Organic/Sponsored, not a content type), so calling
them all `text` would be a guess that is often wrong; `other` says "not
told", and the content-type insight shows it as such.
"""


@dataclass(frozen=True, slots=True)
class _SheetSpec:
    """A sheet an export must have and the format of its table."""

    name: str
    """The sheet's English name (messages say it)."""
    format: Format
    names: tuple[str, ...]
    """Its names in the interface languages (`names.linkedin.SHEETS`)."""


def _sheet_spec(name: str, *required: Need) -> _SheetSpec:
    return _SheetSpec(name, Format(NAMES, signature=required, required=required), SHEETS[name])


def _lacking(names: Sequence[str], spec: _SheetSpec) -> tuple[str, ...]:
    """The required columns of `spec` that `names` does not hold, as messages write them."""
    return spec.format.match([str(n) for n in names]).near.lacking


def _sheet(sample: Sample, spec: _SheetSpec) -> str | None:
    """The workbook's sheet for `spec`, or None.

    The sheet named as `spec` in any interface language kpitui knows (compared
    by `names.norm`), else the first sheet whose top rows hold the header `spec`
    needs: LinkedIn translates the sheet names, and a translation kpitui does
    not know should not hide a sheet whose columns it reads.
    """
    wanted = {norm(n) for n in spec.names}
    named = next((name for name in sample.sheets if norm(name) in wanted), None)
    if named is not None or len(sample.sheets) > _SHEETS_SEARCHED:
        return named
    for name in sample.sheets:
        try:
            _, _, lacking = _header(sample, name, spec)
        except InputError:
            continue
        if not lacking:
            return name
    return None


def _where(path: Path, sheet: str) -> Path:
    """`path` labelled with a sheet, for the messages of the shared value helpers.

    `values.convert` names the file but not the sheet; a workbook's row
    number means nothing without it, so the sheet rides along in the label.
    """
    return Path(f"{path}, sheet {sheet!r}")


def _header(sample: Sample, sheet: str, spec: _SheetSpec) -> tuple[pl.DataFrame, int, tuple[str, ...]]:
    """The sheet read with row 1 as header, the row that holds the real header, and what it lacks.

    The header is the first of the top rows that holds every required
    column; when none does, the row lacking the fewest is returned with
    what it lacks (for detection's "closest match" message).
    """
    first = excel.read_sheet(sample.path, sample.data, sheet, header_row=1)
    candidates: list[tuple[int, list[str]]] = [(1, [c for c in first.columns if c != ROW])]
    for row in first.head(_HEADER_SEARCH - 1).iter_rows(named=True):
        cells = [str(value).strip() for key, value in row.items() if key != ROW and value is not None]
        candidates.append((int(row[ROW]), cells))
    scored = [(len(_lacking(cells, spec)), row, _lacking(cells, spec)) for row, cells in candidates]
    _, header_row, lacking = min(scored, key=lambda t: (t[0], t[1]))
    return first, header_row, lacking


def _missing(sample: Sample, specs: Sequence[_SheetSpec]) -> list[str]:
    """What the workbook lacks of an export made of `specs`: sheets, then header columns."""
    if sample.kind != "excel":
        return []
    absent = [f"sheet {spec.name!r}" for spec in specs if _sheet(sample, spec) is None]
    if absent:
        return absent
    lacking: list[str] = []
    for spec in specs:
        sheet = _sheet(sample, spec)
        assert sheet is not None
        try:
            _, _, columns = _header(sample, sheet, spec)
        except InputError:
            return [f"a readable sheet {spec.name!r}"]
        lacking += [f"{column} in sheet {spec.name!r}" for column in columns]
    return lacking


def _near(sample: Sample, specs: Sequence[_SheetSpec]) -> Near | None:
    """How near a workbook comes to an export made of `specs`: its sheets are LinkedIn's evidence."""
    if sample.kind != "excel":
        return None
    needed = sum(1 + len(spec.format.required) for spec in specs)
    lacking = _missing(sample, specs)
    sheets = sum(_sheet(sample, spec) is not None for spec in specs)
    share = 1 - len(lacking) / needed if sheets == len(specs) else sheets / needed
    return Near(NETWORK, share, tuple(lacking), evidence=sheets > 0)


def _detect(sample: Sample, specs: Sequence[_SheetSpec]) -> float:
    """1.0 when the workbook has every sheet of `specs` with its header; else 0.

    A workbook with the right sheets whose sheet cannot be read scores 0.5,
    so that the parser reports the damage instead of "unknown format".
    """
    if sample.kind != "excel" or any(_sheet(sample, spec) is None for spec in specs):
        return 0.0
    missing = _missing(sample, specs)
    if not missing:
        return 1.0
    return 0.5 if missing[0].startswith("a readable sheet") else 0.0


def _load(sample: Sample, spec: _SheetSpec) -> tuple[pl.DataFrame, str]:
    """The sheet of `spec` with its real header, and the sheet's name; InputError when unusable.

    Refuses a value in a column that has no header (the workbook form of a
    ragged row): it would belong to no metric, so the row cannot be trusted.
    """
    sheet = _sheet(sample, spec)
    if sheet is None:
        raise InputError(
            _("{path}: no sheet {sheet} (sheets: {sheets}).").format(
                path=sample.path, sheet=repr(spec.name), sheets=", ".join(sample.sheets)
            )
        )
    first, header_row, lacking = _header(sample, sheet, spec)
    if lacking:
        raise InputError(
            _("{path}, sheet {sheet}: no header row with {columns} in the first {rows} rows.").format(
                path=sample.path, sheet=repr(sheet), columns=", ".join(lacking), rows=_HEADER_SEARCH
            )
        )
    frame = (
        first if header_row == 1 else excel.read_sheet(sample.path, sample.data, sheet, header_row=header_row)
    )
    unnamed = [c for c in frame.columns if re.fullmatch(r"column_\d+", c)]
    if unnamed:
        stray = frame.filter(pl.any_horizontal([~v.blank(pl.col(c)) for c in unnamed]))
        if stray.height:
            row = stray.row(0, named=True)
            column = next(c for c in unnamed if row[c] is not None and str(row[c]).strip())
            raise InputError(
                _(
                    "{path}, sheet {sheet}, row {row}, column {column}: found {value} under no header; "
                    "expected only the columns of the header row {header} (the row has more cells than "
                    "the header)."
                ).format(
                    path=sample.path,
                    sheet=repr(sheet),
                    row=row[ROW],
                    column=_letter(column),
                    value=repr(str(row[column])),
                    header=header_row,
                )
            )
        frame = frame.drop(unnamed)
    return frame, sheet


def _letter(column: str) -> str:
    """Excel column letter of a `column_N` name given by `read_sheet`."""
    index = int(column.removeprefix("column_"))
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _source(frame: pl.DataFrame, *names: str) -> str | None:
    """The frame's column for the first of `names` (English names of `names.linkedin`), or None."""
    return Header(frame.columns, NAMES).first(*names)


def _date_column(frame: pl.DataFrame) -> str:
    """The daily sheet's `Date` column, in any of its spellings (the sheet's spec requires it)."""
    column = _source(frame, *DATE)
    assert column is not None
    return column


@dataclass(frozen=True, slots=True)
class _Days:
    """How a workbook writes its days as text: `MM/DD/YYYY` (the English export) or `DD/MM/YYYY`."""

    order: str = _MONTH_FIRST
    """`_MONTH_FIRST` or `_DAY_FIRST`; the separator may be `/`, `.` or `-`."""

    @property
    def expected(self) -> str:
        written = "MM/DD/YYYY" if self.order == _MONTH_FIRST else "DD/MM/YYYY"
        return f"a date written {written} (or an Excel date)"

    @property
    def forms(self) -> list[str]:
        return [self.order.replace("/", sep) for sep in "/.-"]

    def day(self, expr: pl.Expr) -> pl.Expr:
        """A day as the workbook writes it; null for anything else (two-digit years included)."""
        day = v.date_in(expr, [*self.forms, *_EXCEL_DAYS])
        return pl.when(day.dt.year().is_between(2000, 2100)).then(day)

    def time(self, expr: pl.Expr, timezone: str) -> pl.Expr:
        """A day (the export gives no time, or sometimes one) at its wall-clock time in `timezone`, as UTC."""
        forms = [f"{form}{time}" for form in self.forms for time in ("", " %H:%M", " %H:%M:%S")]
        return v.local_datetime_in(expr, [*forms, *_EXCEL_DAYS], timezone)


def _order(days: pl.Series) -> str | None:
    """The order that `days` (text) settle by a number above 12, None when they do not."""
    parts = days.cast(pl.String).str.extract_groups(_NUMERIC_DAY)
    first = (parts.struct.field("1").cast(pl.Int32, strict=False) > 12).any()
    second = (parts.struct.field("2").cast(pl.Int32, strict=False) > 12).any()
    if first == second:
        return None
    return _DAY_FIRST if first else _MONTH_FIRST


def _follow_each_other(days: pl.Series, order: str) -> bool:
    """Whether `days` read in `order` are at least two days, each a few days after the last."""
    day = _Days(order).day(pl.col("day"))
    read = days.cast(pl.String).to_frame("day").select(day).to_series().drop_nulls().unique().sort()
    steps = read.diff().drop_nulls().dt.total_days()
    return steps.len() > 0 and bool((steps <= _STEP_DAYS).all())


def _days(daily: pl.Series, others: Sequence[pl.Series] = ()) -> _Days:
    """How the workbook writes its days, decided by the values.

    LinkedIn's English export writes `MM/DD/YYYY`; an export in another
    language may write the day first, and reading it the wrong way round
    would date every row wrongly without an error. A daily sheet's days
    follow each other: the order under which they do (read the wrong way,
    they are a month apart) is the workbook's; a day the other way round
    among them is then a bad cell. When neither order or both do (a single
    day), a number above 12 decides, in the daily sheet, else in the other
    sheets' days; else the English order.
    """
    fitting = [order for order in (_MONTH_FIRST, _DAY_FIRST) if _follow_each_other(daily, order)]
    order = fitting[0] if len(fitting) == 1 else _order(daily)
    if order is None and others:
        order = _order(pl.concat([s.cast(pl.String) for s in others]))
    return _Days(order or _MONTH_FIRST)


def _count(frame: pl.DataFrame, source: str) -> pl.Expr:
    """Whole numbers of column `source`, as `values.count` reads them.

    A workbook's number cells come back as plain text (`123`, `123.0`), which
    a cast reads. `values.count` also reads `1,234`, `%` and currency text,
    but its expression costs some 50 ms per column to plan, which made a
    content export take a second; it is used only for a column where some
    cell needs it. Both give the same value wherever the cast reads a cell.
    """
    text = v.present(pl.col(source))
    plain = text.cast(pl.Float64, strict=False)
    if frame.select((plain.is_null() & text.is_not_null()).any()).item():
        return v.count(pl.col(source))
    whole = plain.is_finite() & (plain == plain.round(0)) & (plain.abs() < 2**53)
    return pl.when(whole).then(plain.cast(pl.Int64))


def _counts(frame: pl.DataFrame, wanted: Mapping[str, tuple[str, ...]]) -> dict[str, v.Conversion]:
    """Count conversions for the canonical columns whose source column the sheet holds."""
    conversions: dict[str, v.Conversion] = {}
    for target, spellings in wanted.items():
        source = _source(frame, *spellings)
        if source is not None:
            conversions[target] = v.native(source, _count(frame, source), _COUNT_EXPECTED)
    return conversions


def _negatives(sheet: str, typed: pl.DataFrame, conversions: Mapping[str, v.Conversion]) -> list[str]:
    """A warning counting the negative values kept as exported, naming the first rows."""
    columns = [c for c in conversions if typed.schema[c] == pl.Int64]
    if not columns or typed.is_empty():
        return []
    negative = typed.select(
        pl.col(ROW), *[pl.when(pl.col(c) < 0).then(pl.col(c)).alias(c) for c in columns]
    ).unpivot(index=ROW, on=columns, variable_name="column", value_name="value")
    negative = negative.drop_nulls("value").sort(ROW, maintain_order=True)
    if negative.is_empty():
        return []
    shown = ", ".join(
        f"row {r} {conversions[c].source!r} {val}" for r, c, val in negative.head(5).iter_rows()
    )
    more = ", …" if negative.height > 5 else ""
    return [
        f"sheet {sheet!r}: {negative.height} negative value(s) kept as LinkedIn exported them "
        f"(its daily corrections; they net out in a sum over a period): {shown}{more}."
    ]


def file_facts(path: Path) -> tuple[str | None, datetime | None]:
    """The page vanity name and export time (UTC) told by a LinkedIn download name, if any."""
    match = _FILE_NAME.match(path.name)
    if match is None:
        return None, None
    page = match.group("page").strip() or None
    try:
        exported = datetime.fromtimestamp(int(match.group("millis")) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        exported = None
    if exported is not None and not 2010 <= exported.year <= 2100:
        exported = None
    return page, exported


def _account(sample: Sample, options: ImportOptions) -> tuple[str | None, datetime | None]:
    """Account (file name, else --account, else None for the workspace to fill) and export time."""
    page, exported = file_facts(sample.path)
    return page or options.account, exported


def _daily(
    sample: Sample,
    frame: pl.DataFrame,
    sheet: str,
    metrics: Mapping[str, tuple[str, ...]],
    account: str | None,
    days: _Days | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """A daily sheet (Metrics, New followers, Visitor metrics) as daily rows with `_row`.

    `metrics` maps a target column to the sheet's spellings of its source;
    a source the sheet lacks leaves the target out (null once conformed).
    `days`: how the workbook writes its days (else decided by this sheet's).
    Repeated days keep the later row, with a warning.
    """
    where = _where(sample.path, sheet)
    date_source = _date_column(frame)
    days = days or _days(frame.get_column(date_source))
    conversions = {
        "date": v.native(date_source, days.day(pl.col(date_source)), days.expected),
        **_counts(frame, metrics),
    }
    typed = v.convert(where, frame, conversions)
    v.require_filled(where, typed, {"date": date_source})
    warnings = _negatives(sheet, typed, conversions)
    typed = typed.with_columns(network=pl.lit(NETWORK), account=pl.lit(account, pl.String))
    kept, repeated = dedupe(typed, "daily")
    return kept, [f"sheet {sheet!r}: {w}" for w in repeated] + warnings


def _total_of_parts(daily: pl.DataFrame, total: str, parts: Sequence[str]) -> pl.DataFrame:
    """`daily` with `total` added up from `parts` when the sheet has no total column (null when
    every part is), and without the `parts` columns."""
    if total not in daily.columns:
        found = [c for c in parts if c in daily.columns]
        known = pl.any_horizontal(pl.col(found).is_not_null())
        daily = daily.with_columns(pl.when(known).then(pl.sum_horizontal(found)).alias(total))
    return daily.drop(*parts, strict=False)


def _no_rows(sample: Sample, sheets: Sequence[str]) -> InputError:
    names = _(" and ").join(repr(s) for s in sheets)
    return InputError(
        _("{path}: the export holds no rows (sheet {sheets}: only the header).").format(
            path=sample.path, sheets=names
        )
    )


# --- content export -------------------------------------------------------------------------

_METRICS: Final = _sheet_spec("Metrics", DATE, ("Impressions (total)", "Impressions (organic)"))
_ALL_POSTS: Final = _sheet_spec("All posts", "Post link", "Created date")

_POST_COUNTS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("Impressions",),
    "views": ("Views",),
    "link_clicks": ("Clicks",),
    "likes": ("Likes",),
    "comments": ("Comments",),
    "shares": ("Reposts",),
    "follows": ("Follows",),
}
"""`All posts` columns → canonical post metrics. No reach, leads or profile clicks exist here."""

_URN: Final = r"(urn:li:[A-Za-z]+:\d+)"


class _Workbook:
    """A LinkedIn Page workbook, known by the sheets of `specs` and their headers."""

    id: str
    label: str
    specs: tuple[_SheetSpec, ...]

    def detect(self, sample: Sample) -> float:
        return _detect(sample, self.specs)

    def near(self, sample: Sample) -> Near | None:
        return _near(sample, self.specs)


class ContentExport(_Workbook):
    """`<page>_content_<millis>.xls`: sheets `Metrics` (daily) and `All posts` (per post).

    Posts (`All posts`): `post_id` is the URN of the `Post link`
    (`urn:li:activity:<id>`, as the feed URL holds it; a link without a URN
    is its own id), `permalink` the link, `text` the `Post title`,
    `published_at` the `Created date` at midnight in the workspace's time
    zone (the export gives no time), `content_type` from `Content Type`
    (blank → `other`, see `_UNTYPED`). Metrics: `impressions`, `views`
    (LinkedIn's video views; off-site plays, a separate column, are left
    out), `link_clicks` = `Clicks` (LinkedIn counts every click on the post,
    its links, the page name or logo: the nearest it exports to link
    clicks), `likes` = `Likes` (reactions), `comments`, `shares` = `Reposts`
    (`Shares` in older files), `follows`. The post export has no reach.

    Daily (`Metrics`): `impressions` = `Impressions (total)` (organic +
    sponsored; organic + sponsored when the total column is absent) and
    `reach` = `Unique impressions (organic)`, the only unique count LinkedIn
    exports, so the daily reach leaves out people reached only by ads.
    Clicks, reactions, comments and reposts per day have no daily column in
    kpitui (post metrics are attributed to the day of publication) and are
    not read.
    """

    id = "linkedin-content"
    label = "LinkedIn Page content (Metrics and All posts workbook)"
    specs = (_METRICS, _ALL_POSTS)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        account, exported = _account(sample, options)
        metrics_frame, metrics_sheet = _load(sample, _METRICS)
        posts_frame, posts_sheet = _load(sample, _ALL_POSTS)
        created = _source(posts_frame, "Created date")
        assert created is not None  # required by the spec
        days = _days(metrics_frame.get_column(_date_column(metrics_frame)), [posts_frame.get_column(created)])
        daily, warnings = self._metrics(sample, metrics_frame, metrics_sheet, account, days)
        posts, post_warnings = self._posts(sample, posts_frame, posts_sheet, options, account, days)
        if daily.is_empty() and posts.is_empty():
            raise _no_rows(sample, [metrics_sheet, posts_sheet])
        tables: dict[TableName, pl.DataFrame] = {
            "posts": conform(posts.drop(ROW), "posts"),
            "daily": conform(daily.drop(ROW), "daily"),
        }
        return sample.result(self, tables, warnings=warnings + post_warnings, exported_at=exported)

    def _metrics(
        self, sample: Sample, frame: pl.DataFrame, sheet: str, account: str | None, days: _Days
    ) -> tuple[pl.DataFrame, list[str]]:
        """Daily impressions and organic unique impressions (reach) from `Metrics`."""
        metrics = {
            "reach": ("Unique impressions (organic)",),
            "impressions": ("Impressions (total)",),
            "__organic": ("Impressions (organic)",),
            "__sponsored": ("Impressions (sponsored)",),
        }
        daily, warnings = _daily(sample, frame, sheet, metrics, account, days)
        return _total_of_parts(daily, "impressions", ["__organic", "__sponsored"]), warnings

    def _posts(
        self,
        sample: Sample,
        frame: pl.DataFrame,
        sheet: str,
        options: ImportOptions,
        account: str | None,
        days: _Days,
    ) -> tuple[pl.DataFrame, list[str]]:
        """One canonical post per `All posts` row."""
        where = _where(sample.path, sheet)
        link = _source(frame, "Post link")
        created = _source(frame, "Created date")
        assert link is not None and created is not None  # required by the spec
        url = v.present(pl.col(link))
        decoded = url.str.replace_all(r"(?i)%3A", ":")
        post_id = pl.coalesce(
            decoded.str.extract(_URN, 1),
            pl.when(url.str.contains(r"^https?://\S+$")).then(url),
        )
        conversions: dict[str, v.Conversion] = {
            "post_id": v.native(
                link, post_id, "a post link such as https://www.linkedin.com/feed/update/urn:li:activity:123"
            ),
            "published_at": v.native(created, days.time(pl.col(created), options.timezone), days.expected),
            **_counts(frame, _POST_COUNTS),
        }
        typed = v.convert(where, frame, conversions)
        v.require_filled(where, typed, {"post_id": link})
        v.require_filled(where, typed, {"published_at": created})
        warnings = _negatives(sheet, typed, conversions)

        title = _source(frame, "Post title")
        kind = _source(frame, "Content Type")
        extra = frame.select(
            ROW,
            permalink=url,
            text=pl.col(title) if title is not None else pl.lit(None, pl.String),
            __kind=v.cleaned(pl.col(kind)).str.to_lowercase()
            if kind is not None
            else pl.lit(None, pl.String),
        )
        unknown = (
            extra.filter(pl.col("__kind").is_not_null() & ~pl.col("__kind").is_in(list(_CONTENT_TYPES)))
            .get_column("__kind")
            .unique(maintain_order=True)
            .to_list()
        )
        if unknown:
            warnings.append(
                f"sheet {sheet!r}: content type(s) {', '.join(repr(u) for u in unknown[:5])} are not "
                f"known to kpitui; those posts are counted as {_UNTYPED!r}."
            )
        content_type = pl.col("__kind").replace_strict(
            _CONTENT_TYPES, default=_UNTYPED, return_dtype=pl.String
        )
        posts = (
            typed.join(extra, on=ROW, how="left")
            .with_columns(
                network=pl.lit(NETWORK),
                account=pl.lit(account, pl.String),
                content_type=content_type,
            )
            .drop("__kind")
        )
        posts, repeated = dedupe(posts, "posts")
        return posts, warnings + [f"sheet {sheet!r}: {w}" for w in repeated]


# --- followers and visitors exports ---------------------------------------------------------

_NEW_FOLLOWERS: Final = _sheet_spec("New followers", DATE, ("Total followers", "Organic followers"))
_VISITOR_METRICS: Final = _sheet_spec("Visitor metrics", DATE, "Total page views (total)")


class _DailyWorkbook(_Workbook, ABC):
    """A workbook of which one sheet is read, `specs[0]`: one row a day → the `daily` table."""

    @abstractmethod
    def columns(self, frame: pl.DataFrame) -> dict[str, tuple[str, ...]]:
        """Canonical (or `__part`) column → the sheet's names for it, as `_daily` takes them."""

    def finish(self, daily: pl.DataFrame) -> pl.DataFrame:
        """The daily rows once read: as they are, unless a total is made of its parts."""
        return daily

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        account, exported = _account(sample, options)
        frame, sheet = _load(sample, self.specs[0])
        daily, warnings = _daily(sample, frame, sheet, self.columns(frame), account)
        daily = self.finish(daily)
        if daily.is_empty():
            raise _no_rows(sample, [sheet])
        tables: dict[TableName, pl.DataFrame] = {"daily": conform(daily.drop(ROW), "daily")}
        return sample.result(self, tables, warnings=warnings, exported_at=exported)


_FOLLOWER_PARTS: Final = ("Organic", "Sponsored", "Auto-invited")


class FollowersExport(_DailyWorkbook):
    """`<page>_followers_<millis>.xls`: `New followers` per day → daily `followers_gained`.

    `Total followers` there is the number of **new** followers that day
    (organic + sponsored + auto-invited; added up from those when the total
    column is absent), not the running total, with occasional negative
    values (LinkedIn's corrections), kept as exported: over a period they
    add up to the net change. LinkedIn exports neither unfollows nor the
    follower count, so `followers` and `followers_lost` stay null. The
    demographic sheets are not read.
    """

    id = "linkedin-followers"
    label = "LinkedIn Page followers (New followers workbook)"
    specs = (_NEW_FOLLOWERS,)

    def columns(self, frame: pl.DataFrame) -> dict[str, tuple[str, ...]]:
        if _source(frame, "Total followers") is None:  # its parts, added up
            return {f"__{part}": (f"{part} followers",) for part in _FOLLOWER_PARTS}
        return {"followers_gained": ("Total followers",)}

    def finish(self, daily: pl.DataFrame) -> pl.DataFrame:
        return _total_of_parts(daily, "followers_gained", [f"__{part}" for part in _FOLLOWER_PARTS])


class VisitorsExport(_DailyWorkbook):
    """`<page>_visitors_<millis>.xls`: `Visitor metrics` per day → daily `profile_visits`.

    `profile_visits` = `Total page views (total)`: views of every section of
    the page (overview, life, jobs) on desktop and mobile, which is what
    Facebook and TikTok call profile or page visits: a count of visits, as
    `profile_visits` is everywhere, where `Total unique visitors` would count
    people (de-duplicated per day only). The demographic sheets are not read.
    """

    id = "linkedin-visitors"
    label = "LinkedIn Page visitors (Visitor metrics workbook)"
    specs = (_VISITOR_METRICS,)

    def columns(self, frame: pl.DataFrame) -> dict[str, tuple[str, ...]]:
        return {"profile_visits": ("Total page views (total)",)}


IMPORTERS = (ContentExport(), FollowersExport(), VisitorsExport())

__all__ = ["IMPORTERS", "ContentExport", "FollowersExport", "VisitorsExport", "file_facts"]
