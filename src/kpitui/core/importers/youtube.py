"""YouTube Studio exports (Analytics → Advanced mode → Export current view → CSV).

A Studio download is a zip named `<Report> <first>_<last> <Channel name>.zip`
(`Content 2026-01-01_2026-03-31 Bramble & Bean.zip`) holding three CSV files
(UTF-8, no BOM, minimal RFC 4180 quoting), named and headed in the user's
interface language (`names.youtube` holds the spellings and their sources).
What each file becomes (KPIS.md):

- **Table data by Content** (`Table data.csv`, `Dados da tabela.csv`,
  `Tabellendaten.csv`…): one row per video. `Content` (the video id) and
  `Video publish time` are needed; `Video title` and `Duration` are read when
  present (a Shorts channel's table, or a file a person renamed, may lack
  `Duration`). → `posts`: views, impressions, watch time, likes, dislikes,
  shares, comments (`Comments added`), follows (`Subscribers gained`, else the
  net `Subscribers`, which can be negative) → the post KPIs (`views`,
  `impressions`, `interactions`, `watch_time_hours`, `like_ratio`…).
- **Table data by Date** (`Date, Views, Watch time (hours), …` with a `Total`
  line) and **Totals.csv** (`Date,<one metric>`): the channel per day, the
  same importer. → `daily`: Views → views (`account_views`), Impressions →
  impressions (`account_impressions`), Subscribers (net) → followers gained
  and lost, `Subscribers gained`/`lost` → their own columns
  (`net_follower_change`). Watch time, durations, percentages and revenue
  have no daily column in kpitui: they are named in a warning, not imported.
- **Chart data**: one metric per day and per line of the chart, the line being
  a video (`Date, Content, Video title, Video publish time, Duration,
  Views`) or a value of another dimension (`Date, Traffic source, Views`).
  → `daily`, summed over the lines of each day (views → `account_views`).
- **Tables by another dimension** (traffic source, subscription status,
  device…) have no day: nothing in them can be placed in a period. Alone,
  such a file is refused, saying what to download instead; inside a whole
  download (a zip, or a folder holding its chart or totals) it is left out
  with a warning, so that the rest of the download imports.

Decisions, and why:

- **Chart sums are a floor, never the channel's figure.** A chart holds only
  the lines it showed (Studio charts the top five videos or sources unless the
  person picks others), so its daily sum can fall short of the channel's,
  which Totals or the Date table give. Both land in the same daily row
  (network, account, date): there is never double counting, only the question
  of which value a day keeps. A chart therefore claims to be exported at the
  start of its first day (YouTube's day, Pacific Time): older than any
  channel-wide file covering the same days, which always replaces it whatever
  the order of import, while the chart still fills the days no such file
  covers. Between two charts of the same days, the one starting later (or,
  on a tie, imported later) wins.
- **Table figures are over the report's range.** Only for a video published
  in the range are they its lifetime figures (to the range's end), which is
  what kpitui's post metrics mean; so when the download's name gives the
  range, older videos are left out with a warning (otherwise a quarterly
  export would overwrite their lifetime figures with one quarter's).
- **Summary lines.** A table's `Total` line (`Gesamt`, `Totale`…, in its
  first cell, be it the video or the day), and a first cell that is no
  video id with an empty title and publish day (a `Showing top 500 results`
  trailer, said in a warning) are not videos or days. Videos without a
  publish day (unlisted, private or removed) are skipped, counted.
- **Content type.** A video is a `short` when its duration is at most 60
  seconds, else a `video` (Shorts may last 3 minutes since October 2024, but
  the export has no Shorts flag and 1–3 minute landscape videos are common;
  live streams cannot be told apart). Without `Duration`, the Shorts-only
  columns tell (`Shown in feed` above 0, or a `Viewed (vs. swiped away)`
  share, is a Short; a video never shown in the Shorts feed is not); with
  neither the type stays unknown (null), and a fuller export of the same
  video fills it in.
- **Days.** `Video publish time` is a day without time, read as midnight in
  the workspace's time zone. A daily file's `Date` is stored as the day
  YouTube reports (Pacific Time), never shifted. Studio writes `2026-01-05`
  and `Sep 27, 2024`; localised (`6 juil. 2023`, `6 de jul. de 2023`) and
  Excel re-saved days (`13-06-2025`, `1/5/2026`, `10-Jun-26`, `13.06.2025`)
  are read too. Whether a numeric day puts the day or the month first is
  decided from the whole column: a first number above 12 says day first, a
  second one month first, dots say day first; in a daily file, the order
  whose days lie closest together (a daily series is consecutive days). A
  column that still reads two ways is refused, saying how to fix it.
- **Numbers** are read by the decimal mark the file's metric columns settle
  together (`values.settled_mark`): `1 204` and `1.204` are counts, `374,4053`
  hours in a comma locale.
- **The account.** Exports do not name the channel; the download's name does
  (`… Bramble & Bean.zip`), else `--account` when given, else the account
  stays null for the workspace to fill. Nothing here asks for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Final, Literal
from zoneinfo import ZoneInfo

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, no_rows, read_strings
from kpitui.core.importers.declared import DeclaredImporter, Format, Header, Near
from kpitui.core.importers.names import evidence, norm
from kpitui.core.importers.names.youtube import DIMENSIONS, FILE_NAMES, FIXED, METRICS, NAMES, TOTAL_WORDS

NETWORK: Final = "youtube"
WATCH_URL: Final = "https://www.youtube.com/watch?v="
SHORT_MAX_SECONDS: Final = 60
"""A video of at most this many seconds is a Short (see the module docstring)."""
LAZY_LOAD_ROWS: Final = 500
"""Studio's table loads about this many rows and exports only those."""
YOUTUBE_DAYS: Final = ZoneInfo("America/Los_Angeles")
"""The time zone of YouTube Analytics' days."""

_METRIC_KEYS: Final = frozenset(NAMES.canonical(m) for m in METRICS)
_DIMENSION_KEYS: Final = frozenset(NAMES.canonical(d) for d in DIMENSIONS) - {NAMES.canonical("Date")}
_TOTALS: Final = tuple(w.lower() for w in TOTAL_WORDS)
_VIDEO_ID: Final = r"^[A-Za-z0-9_-]{11}$"

_MONEY_METRIC: Final = re.compile(
    r"\((?:usd|eur|gbp|brl|inr|jpy|cad|aud|mxn|chf|sek|nok|dkk|pln|try|krw|idr|php|thb|vnd|ars|clp|cop|"
    r"pen|zar|rub|uah|ils|nzd|sgd|hkd|twd|myr|czk|huf|ron|aed|sar|egp|ngn)\)$"
)
"""Revenue metrics carry their currency, in any language: `Estimated revenue (USD)`,
`RPM (EUR)`, `Receita estimada (BRL)`, `Geschätzter Umsatz (EUR)`."""

_POST_METRICS: Final[dict[str, str]] = {
    "Views": "views",
    "Impressions": "impressions",
    "Likes": "likes",
    "Dislikes": "dislikes",
    "Shares": "shares",
    "Comments added": "comments",
}
"""Table data count columns (English names, `names.youtube`) → posts column. Watch time and
subscribers are read apart."""

DailyTarget = Literal["views", "impressions", "net", "followers_gained", "followers_lost"]
_DAILY_METRICS: Final[dict[str, DailyTarget]] = {
    NAMES.canonical("Views"): "views",
    NAMES.canonical("Impressions"): "impressions",
    NAMES.canonical("Subscribers"): "net",
    NAMES.canonical("Subscribers gained"): "followers_gained",
    NAMES.canonical("Subscribers lost"): "followers_lost",
}
"""Metrics that add up per day (compared names), and where they go in `daily`."""

_DOWNLOAD_NAME: Final = re.compile(
    r"^(?P<report>.+?) (?P<first>\d{4}-\d{2}-\d{2})_(?P<last>\d{4}-\d{2}-\d{2}) (?P<channel>.+?)"
    r"(?: \(\d+\))?(?:\.zip)?$",
    re.IGNORECASE,
)
"""`Content 2026-01-01_2026-03-31 Bramble & Bean.zip` (or the folder it unzips to), in any
language (`Conteúdo …`, `Videos …`); browsers add ` (1)` to a repeated download."""

_COPY_SUFFIX: Final = re.compile(r"\s*\(\d+\)$")


def is_known_metric(name: str) -> bool:
    """True for a metric name YouTube Studio writes (any spelling of `names.youtube`)."""
    key = NAMES.canonical(name)
    return key in _METRIC_KEYS or bool(_MONEY_METRIC.search(key))


def is_dimension(name: str) -> bool:
    """True for a dimension of Studio's reports other than Date (`Content`, `Traffic source`…)."""
    return NAMES.canonical(name) in _DIMENSION_KEYS


@dataclass(frozen=True, slots=True)
class Download:
    """What the name of a Studio download tells: the channel and the report's days."""

    channel: str | None = None
    first: date | None = None
    last: date | None = None

    @property
    def exported_at(self) -> datetime | None:
        """The end of the report's last day (midnight Pacific Time, YouTube's day boundary), UTC."""
        if self.last is None:
            return None
        return _day_start(self.last + timedelta(days=1))


def _day_start(day: date) -> datetime:
    """The start of a YouTube day (midnight Pacific Time), in UTC."""
    return datetime.combine(day, time(), YOUTUBE_DAYS).astimezone(UTC)


def download_facts(path: Path) -> Download:
    """The channel and the report's days from the download's name, when it has one.

    A member of a zip reads `…/Content <range> <Channel>.zip/Table data.csv`;
    an unzipped download sits in a folder of the same name (without `.zip`),
    possibly one level up when the archive held a folder.
    """
    for folder in (path.parent, path.parent.parent):
        found = _DOWNLOAD_NAME.match(folder.name)
        if found is None:
            continue
        channel = found["channel"].strip() or None
        try:
            first, last = (datetime.strptime(found[k], "%Y-%m-%d").date() for k in ("first", "last"))
        except ValueError:
            return Download(channel)
        return Download(channel, first, last) if first <= last else Download(channel)
    return Download()


_DAILY_FILES: Final = frozenset(norm(n) for kind in ("chart", "totals") for n in FILE_NAMES[kind])


def in_download(path: Path) -> bool:
    """Whether the file came with the rest of a Studio download: a member of a zip, a file
    in a folder named like a download, or beside the download's chart or totals file."""
    if path.parent.suffix.lower() == ".zip" or _DOWNLOAD_NAME.match(path.parent.name):
        return True
    try:
        siblings = [p for p in path.parent.iterdir() if p != path and p.suffix.lower() == ".csv"]
    except OSError:
        return False
    return any(norm(_COPY_SUFFIX.sub("", p.stem)) in _DAILY_FILES for p in siblings)


def _read(sample: Sample) -> pl.DataFrame:
    """Every field as text, with `_row`; InputError for a file with a header and no rows."""
    raw = read_strings(sample.path, sample.data)
    if raw.is_empty():
        raise no_rows(sample.path)
    return raw


def _account(path: Path, options: ImportOptions) -> str | None:
    return download_facts(path).channel or options.account


def _is_total(expr: pl.Expr) -> pl.Expr:
    """True where a cell is the summary line's word (`Total`, `Gesamt`, `Totale`)."""
    return v.present(expr).str.to_lowercase().is_in(_TOTALS).fill_null(False)


# --- days ----------------------------------------------------------------------------------------

DayOrder = Literal["dmy", "mdy"]
_NUMERIC_DAY: Final = r"^(\d{1,2})([./-])(\d{1,2})[./-](\d{4}|\d{2})$"
"""`13-06-2025`, `1/5/2026`, `13.06.2025`, `1/5/26`: day and month in an order the column tells."""
_WORDED_DAY: Final = r"^(\d{1,2})[-/ ]([^\d\s/-]+?)\.?[-/ ](\d{4}|\d{2})$"
"""`10-Jun-26`, `5-janv.-2026`: Excel's day-month-year with the month in words."""
_DAY_EXPECTED: Final = "a day such as 2026-01-05, Sep 27, 2024, 6 juil. 2023 or 13-06-2025"


def _full_year(year: pl.Expr) -> pl.Expr:
    return pl.when(year < 100).then(year + 2000).otherwise(year)


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The Date of three integer parts; null when impossible (31 April)."""
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String).str.pad_start(4, "0"),
        month.cast(pl.String).str.pad_start(2, "0"),
        day.cast(pl.String).str.pad_start(2, "0"),
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def _numeric_parts(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(first number, separator, second number, four-digit year) of a numeric day."""
    parts = v.present(expr).str.extract_groups(_NUMERIC_DAY)
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("3").cast(pl.Int32, strict=False)
    year = _full_year(parts.struct.field("4").cast(pl.Int32, strict=False))
    return first, parts.struct.field("2"), second, year


def _numeric_day(expr: pl.Expr, order: DayOrder) -> pl.Expr:
    first, _, second, year = _numeric_parts(expr)
    day, month = (first, second) if order == "dmy" else (second, first)
    return _ymd(year, month, day)


def _day(expr: pl.Expr, order: DayOrder) -> pl.Expr:
    """A day as Studio writes it (`2026-01-05`, `Sep 27, 2024`, `6 juil. 2023`) or a spreadsheet
    re-saves it (`13-06-2025`, `1/5/2026` in `order`, `10-Jun-26`); null when it is none of these."""
    worded = v.fold(v.present(expr)).str.extract_groups(_WORDED_DAY)
    month = (
        worded.struct.field("2")
        .str.replace_all(".", "", literal=True)
        .replace_strict(v.MONTHS, default=None, return_dtype=pl.Int32)
    )
    in_words = _ymd(
        _full_year(worded.struct.field("3").cast(pl.Int32, strict=False)),
        month,
        worded.struct.field("1").cast(pl.Int32, strict=False),
    )
    return pl.coalesce(_numeric_day(expr, order), in_words, v.local_date(v.present(expr)))


def day_order(path: Path, raw: pl.DataFrame, column: str, *, daily: bool) -> DayOrder:
    """Whether the column's numeric days (`13-06-2025`, `1/5/2026`) put the day or the month first.

    Decided from the whole column: a first number above 12 says day first, a
    second one month first, a dot separator day first (no locale writes
    `M.D.Y`). In a `daily` file (one row per day, or per day and line) the
    order whose days lie closest together wins. InputError when the column
    mixes both orders, or still reads two ways.
    """
    first, separator, second, year = _numeric_parts(pl.col(column))
    parts = raw.select(ROW, pl.col(column).alias("text"), a=first, sep=separator, b=second, y=year).filter(
        pl.col("a").is_not_null()
    )
    if parts.is_empty():
        return "mdy"
    day_first = parts.filter(pl.col("a") > 12)
    month_first = parts.filter(pl.col("b") > 12)
    if day_first.height and month_first.height:
        (r1, t1), (r2, t2) = (f.select(ROW, "text").row(0) for f in (day_first, month_first))
        raise InputError(
            f"{path}, column {column!r}: row {r1} puts the day first ({t1!r}) and row {r2} the month "
            f"({t2!r}); a column of days uses one order. Import the file as YouTube Studio wrote it "
            "(days such as 2025-06-13), or write its days as YYYY-MM-DD."
        )
    if day_first.height or month_first.height:
        return "dmy" if day_first.height else "mdy"
    differ = parts.filter(pl.col("a") != pl.col("b"))
    if differ.is_empty() or (parts.get_column("sep") == ".").all():
        return "dmy"
    if daily:
        spans = {
            order: parts.select(
                _ymd(
                    pl.col("y"),
                    *((pl.col("b"), pl.col("a")) if order == "dmy" else (pl.col("a"), pl.col("b"))),
                )
                .pipe(lambda d: d.max() - d.min())
                .dt.total_days()
            ).item()
            for order in ("dmy", "mdy")
        }
        if None not in spans.values() and spans["dmy"] != spans["mdy"]:
            return "dmy" if spans["dmy"] < spans["mdy"] else "mdy"
    row, text, a, b, y = differ.select(ROW, "text", "a", "b", "y").row(0)
    raise InputError(
        f"{path}, row {row}, column {column!r}: {text!r} can be {y:04d}-{b:02d}-{a:02d} or "
        f"{y:04d}-{a:02d}-{b:02d}, and no day of the column tells whether the day or the month "
        "comes first. Import the file as YouTube Studio wrote it (days such as 2025-06-13), or "
        "write its days as YYYY-MM-DD."
    )


def _days(path: Path, raw: pl.DataFrame, column: str, *, daily: bool) -> v.Conversion:
    """The Conversion of a column of days (see `day_order`)."""
    order = day_order(path, raw, column, daily=daily)
    return v.native(column, _day(pl.col(column), order), _DAY_EXPECTED)


# --- numbers -------------------------------------------------------------------------------------


def _mark(raw: pl.DataFrame, header: Header) -> v.Decimal | None:
    """The decimal mark the file's metric columns settle together (None: the values decide)."""
    return v.settled_mark(raw, [c for c in header.columns if is_known_metric(c)])


def _counted(source: str, mark: v.Decimal | None, *, signed: bool = False) -> v.Conversion:
    """A count column: a whole number, never below 0 unless `signed` (net subscribers)."""
    value = v.count(pl.col(source), decimal=mark)
    if signed:
        return v.native(source, value, "a whole number such as 12 or -3")
    return v.native(source, pl.when(value >= 0).then(value), "a whole number of 0 or more, such as 1250")


def _positive(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr >= 0).then(expr)


def _require_text(path: Path, raw: pl.DataFrame, column: str, what: str) -> None:
    """InputError naming the first row whose `column` is empty."""
    empty = raw.filter(v.present(pl.col(column)).is_null())
    if empty.height:
        raise InputError(f"{path}, row {empty[ROW][0]}, column {column!r}: empty, expected {what}.")


def _rows(frame: pl.DataFrame) -> str:
    rows = frame.get_column(ROW).to_list()
    return ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")


def _in_order(header: Header, fixed: Sequence[str]) -> bool:
    """True when the file's first columns are those of `fixed` it has, in that order."""
    present = [header.key(n) for n in fixed if n in header]
    return header.keys()[: len(present)] == present


def _metric_evidence(header: Header) -> bool:
    """A metric column only YouTube writes (`Watch time (hours)`, `Aufrufe`), or a revenue
    column with its currency next to YouTube metrics."""
    metrics = [c for c in header.columns if is_known_metric(c)]
    return evidence(metrics, NETWORK)


# --- Table data by Content -----------------------------------------------------------------------


class YouTubeTable(DeclaredImporter):
    """`Table data.csv` of the Content report: one row per video → posts."""

    id = "youtube-table"
    label = "YouTube Studio table data (per video)"
    format = Format(
        NAMES,
        signature=("Content", "Video publish time"),
        required=("Content", "Video publish time"),
        optional=("Video title", "Duration"),
        excluded=("Date",),
    )

    def detect(self, sample: Sample) -> float:
        """The video columns and at least one more; 0.9 when they are not the first ones."""
        found = self.match(sample)
        if not found.score or not self._has_metric(found.header):
            return 0.0
        return 1.0 if _in_order(found.header, FIXED) else 0.9

    @staticmethod
    def _has_metric(header: Header) -> bool:
        fixed = {header.key(n) for n in FIXED}
        keys = header.keys()
        return any(k not in fixed for k in keys)

    def near(self, sample: Sample) -> Near | None:
        found = self.match(sample)
        header = found.header
        share = sum(n in header for n in FIXED) / len(FIXED)
        near = replace(found.near, share=share)
        if not near.lacking and not self._has_metric(header):
            return replace(near, lacking=("a metric column such as 'Views'",))
        return near

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad number or date fails the whole file: the table is a snapshot of
        # every video's figures, and a damaged row means a damaged download that
        # should be exported again, not a partial import. Only lines that are not
        # videos and videos without a publish day are left out (said, counted).
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        self.require(path, cols)
        mark = _mark(raw, cols)
        raw, warnings = self._videos_only(raw, cols)
        if raw.height >= LAZY_LOAD_ROWS:
            warnings.append(
                f"{raw.height} videos: YouTube Studio exports only the rows its table has loaded "
                f"(about {LAZY_LOAD_ROWS}); if the channel has more, scroll the table to the end "
                "before exporting, or export shorter date ranges."
            )
        publish = cols.get("Video publish time") or ""
        undated = raw.filter(v.blank(pl.col(publish)))
        skipped = undated.height
        if skipped:
            warnings.append(
                f"{skipped} video(s) skipped because {publish!r} is empty (rows {_rows(undated)}): "
                "YouTube leaves it blank for some unlisted, private or removed videos, and a video "
                "without a publish day cannot be counted in any period."
            )
            raw = raw.filter(~v.blank(pl.col(publish)))
        download = download_facts(path)
        exported_at = download.exported_at
        if raw.is_empty():
            # A range in which no video had views: a real, empty report.
            if not skipped:
                warnings.append("the table holds only its Total row: no video to import.")
            return sample.result(
                self,
                {"posts": schema.empty("posts")},
                warnings=warnings,
                skipped=skipped,
                exported_at=exported_at,
            )
        _require_text(
            path, raw, cols.get("Content") or "", "the video id (11 characters such as dQw4w9WgXcQ)"
        )
        typed = v.convert(path, raw, self._conversions(path, cols, raw, mark))
        if download.first is not None:
            typed, older = self._published_in_range(typed, download.first)
            if older:
                skipped += older[0]
                warnings.append(older[1])
        typed = typed.with_columns(
            network=pl.lit(NETWORK),
            account=pl.lit(_account(path, options), dtype=pl.String),
            published_at=v.local_to_utc(pl.col("day").cast(pl.Datetime("us")), options.timezone),
            content_type=self._content_type(typed),
            permalink=pl.lit(WATCH_URL) + pl.col("post_id"),
        )
        frame, more = dedupe(typed, "posts")
        posts = conform(frame.drop(ROW), "posts")
        return sample.result(
            self, {"posts": posts}, warnings=warnings + more, skipped=skipped, exported_at=exported_at
        )

    @staticmethod
    def _videos_only(raw: pl.DataFrame, cols: Header) -> tuple[pl.DataFrame, list[str]]:
        """The rows that are videos, and a warning for lines that are neither videos nor the Total.

        A summary line has an empty title and publish day, and as first cell
        the Total's word or something that is no video id (a `Showing top 500
        results` trailer). A video's title may be empty (some exports leave
        every title out), so the first cell decides.
        """
        content = pl.col(cols.get("Content") or "")
        empty = v.blank(pl.col(cols.get("Video publish time") or ""))
        title = cols.get("Video title")
        if title is not None:
            empty = empty & v.blank(pl.col(title))
        not_an_id = ~v.cleaned(content).str.contains(_VIDEO_ID).fill_null(False)
        total = empty & _is_total(content)
        other = empty & not_an_id & ~total & ~v.blank(content)
        lines = raw.filter(other)
        warnings: list[str] = []
        if lines.height:
            shown = "; ".join(repr(t) for t in lines.get_column(cols.get("Content") or "").head(3).to_list())
            warnings.append(
                f"{lines.height} line(s) that are not videos left out (rows {_rows(lines)}: {shown})."
            )
        return raw.filter(~total & ~other), warnings

    @staticmethod
    def _content_type(typed: pl.DataFrame) -> pl.Expr:
        """`short` or `video` by duration, else by the Shorts-only columns, else unknown (null)."""
        if "duration_s" in typed.columns:
            short = pl.col("duration_s") <= SHORT_MAX_SECONDS
            return pl.when(short).then(pl.lit("short")).otherwise(pl.lit("video"))
        hints = [c for c in ("shown_in_feed", "swiped") if c in typed.columns]
        if not hints:
            return pl.lit(None, dtype=pl.String)
        shown = pl.col("shown_in_feed") > 0 if "shown_in_feed" in hints else pl.lit(False)
        swiped = pl.col("swiped").is_not_null() if "swiped" in hints else pl.lit(False)
        return pl.when(shown.fill_null(False) | swiped).then(pl.lit("short")).otherwise(pl.lit("video"))

    @staticmethod
    def _published_in_range(typed: pl.DataFrame, first: date) -> tuple[pl.DataFrame, tuple[int, str] | None]:
        """Only the videos published in the report's range, and (count, warning) for the others.

        Studio's table gives each video's figures *over the report's range*.
        For a video published in the range, that is its whole life up to the
        range's end, as kpitui's post metrics mean; for an older video it is
        only part of its life, and as the newer export it would replace the
        video's fuller figures. Such rows are left out, with a warning.
        """
        older = typed.filter(pl.col("day") < first)
        if older.is_empty():
            return typed, None
        warning = (
            f"{older.height} video(s) published before the report's first day ({first.isoformat()}) left "
            f"out (rows {_rows(older)}): their figures cover only the report's range, not their life. "
            "Export a range that starts on or before their publication (or Lifetime) to import them."
        )
        return typed.filter(pl.col("day") >= first), (older.height, warning)

    @staticmethod
    def _conversions(
        path: Path, cols: Header, raw: pl.DataFrame, mark: v.Decimal | None
    ) -> dict[str, v.Conversion]:
        """How each column this importer reads becomes a typed one."""
        content, publish = cols.get("Content") or "", cols.get("Video publish time") or ""
        out = {
            # Ids starting with `-` get a leading space in the export: strip it.
            "post_id": v.native(content, v.cleaned(pl.col(content)), "a video id"),
            "day": _days(path, raw, publish, daily=False),
        }
        if (title := cols.get("Video title")) is not None:
            out["text"] = v.Conversion(title, pl.col(title), "text")
        if (duration := cols.get("Duration")) is not None:
            seconds = v.duration_seconds(pl.col(duration))
            out["duration_s"] = v.native(duration, seconds, "a duration in seconds such as 978")
        for name, target in _POST_METRICS.items():
            if (source := cols.get(name)) is not None:
                out[target] = _counted(source, mark)
        if (hours := cols.get("Watch time (hours)")) is not None:
            v.refuse_ambiguous(path, raw, [hours], mark)
            value = _positive(v.number(pl.col(hours), percent=False, decimal=mark))
            out["watch_time_hours"] = v.native(hours, value, "a number of hours such as 12.5")
        # Subscribers gained is "new follows"; Subscribers (net, may be negative) otherwise.
        gained, net = cols.get("Subscribers gained"), cols.get("Subscribers")
        if gained is not None:
            out["follows"] = _counted(gained, mark)
        elif net is not None:
            out["follows"] = _counted(net, mark, signed=True)
        if (shown := cols.get("Shown in feed")) is not None:
            out["shown_in_feed"] = _counted(shown, mark)
        if (swiped := cols.get("Viewed (vs. swiped away) (%)")) is not None:
            share = v.number(pl.col(swiped), percent=False, decimal=mark)
            out["swiped"] = v.native(swiped, share, "a percentage such as 42.5")
        return out


# --- daily files: the Date table, Totals, Chart data ------------------------------------------------


def _daily_frame(per_day: pl.DataFrame, account: str | None) -> pl.DataFrame:
    """Daily rows from `date` and columns named by `DailyTarget`; days without any value dropped.

    A net subscriber change is split into followers gained = max(net, 0) and
    lost = max(−net, 0), so that Σ(gained − lost) is the net change the
    channel reports, unless the file also gives gains and losses themselves.
    """
    if "net" in per_day.columns:
        if "followers_gained" not in per_day.columns and "followers_lost" not in per_day.columns:
            net = pl.col("net")
            known = net.is_not_null()
            per_day = per_day.with_columns(
                followers_gained=pl.when(known).then(pl.max_horizontal(net, pl.lit(0))),
                followers_lost=pl.when(known).then(pl.max_horizontal(-net, pl.lit(0))),
            )
        per_day = per_day.drop("net")
    metrics = [c for c in per_day.columns if c != "date"]
    frame = (
        per_day.filter(pl.any_horizontal(pl.col(m).is_not_null() for m in metrics))
        .sort("date")
        .with_columns(network=pl.lit(NETWORK), account=pl.lit(account, dtype=pl.String))
    )
    return conform(frame, "daily")


def _not_daily(metrics: Sequence[str], what: str) -> str:
    """The warning for a chart, totals or table file whose metrics have no daily column."""
    names = ", ".join(repr(m) for m in metrics)
    verb = "is not a count that adds" if len(metrics) == 1 else "are not counts that add"
    return (
        f"{names} {verb} up per day (only Views, Impressions and Subscribers fill kpitui's daily "
        f"table), so nothing was imported from this {what}."
    )


class YouTubeTotals(DeclaredImporter):
    """`Totals.csv` (`Date` and one metric) and the Date table (`Date` and several): the channel
    per day → daily."""

    id = "youtube-totals"
    label = "YouTube Studio totals or table by date (channel per day)"
    format = Format(NAMES, signature=("Date", METRICS), required=("Date",), width=2)

    def detect(self, sample: Sample) -> float:
        """`Date` first, then one metric Studio writes; or several with one only YouTube writes
        (0.9 when some are unknown). A dimension column makes it a chart."""
        header = self.header(self.columns(sample))
        if len(header.columns) < 2 or header.keys()[0] != header.key("Date"):
            return 0.0
        others = header.columns[1:]
        if any(is_dimension(c) for c in others):
            return 0.0
        known = [c for c in others if is_known_metric(c)]
        if len(others) == 1:
            return 1.0 if known else 0.0
        if not known or not _metric_evidence(header):
            return 0.0
        return 1.0 if len(known) == len(others) else 0.9

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad day or number fails the whole file: a day left out would pass
        # for a day without views.
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        if len(cols.columns) < 2 or cols.keys()[0] != cols.key("Date"):
            raise InputError(f"{path}, row 1: expected the column Date, then the metrics.")
        day, *metrics = cols.columns
        account = _account(path, options)
        exported_at = download_facts(path).exported_at
        read = {m: _DAILY_METRICS[cols.key(m)] for m in metrics if cols.key(m) in _DAILY_METRICS}
        if not read:
            what = "totals file" if len(metrics) == 1 else "table"
            return sample.result(
                self,
                {"daily": schema.empty("daily")},
                warnings=[_not_daily(metrics, what)],
                exported_at=exported_at,
            )
        unread = [m for m in metrics if m not in read]
        warnings: list[str] = []
        if unread:
            warnings.append(
                f"not imported: {', '.join(repr(m) for m in unread)} (kpitui's daily table has no column "
                "for them; Views, Impressions and Subscribers are read)."
            )
        mark = _mark(raw, cols)
        raw = raw.filter(~_is_total(pl.col(day)))  # the Date table's Total line
        _require_text(path, raw, day, _DAY_EXPECTED)
        conversions = {"date": _days(path, raw, day, daily=True)} | {
            target: _counted(source, mark, signed=target == "net") for source, target in read.items()
        }
        typed = v.convert(path, raw, conversions).with_columns(
            network=pl.lit(NETWORK), account=pl.lit(account, dtype=pl.String)
        )
        typed, more = dedupe(typed, "daily")
        daily = _daily_frame(typed.select("date", *read.values()), account)
        return sample.result(self, {"daily": daily}, warnings=warnings + more, exported_at=exported_at)


class YouTubeChart(DeclaredImporter):
    """`Chart data.csv`: one metric per day and per line (a video, a traffic source…) → daily,
    summed over the lines of each day (a floor of the channel's figure: see the module docstring)."""

    id = "youtube-chart"
    label = "YouTube Studio chart data (per video or traffic source, per day)"
    format = Format(NAMES, signature=("Date", METRICS), required=("Date",))

    def detect(self, sample: Sample) -> float:
        """`Date`, one metric, and the chart's lines: video columns (1.0 in Studio's order, else
        0.9) or another dimension Studio charts by (0.8 when unknown to kpitui, with a metric only
        YouTube writes)."""
        header = self.header(self.columns(sample))
        if "Date" not in header:
            return 0.0
        lines = self._lines(header)
        metrics = [c for c in header.columns if is_known_metric(c)]
        if len(metrics) != 1 or not lines:
            return 0.0
        in_order = header.keys()[0] == header.key("Date")
        if "Content" in header:
            videos = all(NAMES.canonical(c) in {header.key(n) for n in FIXED} for c in lines)
            return 1.0 if videos and in_order and _in_order(Header(header.columns[1:], NAMES), FIXED) else 0.9
        if any(is_dimension(c) for c in lines):
            return 1.0 if in_order else 0.9
        return 0.8 if _metric_evidence(header) else 0.0

    @staticmethod
    def _lines(header: Header) -> list[str]:
        """The columns that name the chart's lines: neither the day nor the metric."""
        date_key = header.key("Date")
        return [
            c
            for c, k in zip(header.columns, header.keys(), strict=True)
            if k != date_key and not is_known_metric(c)
        ]

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad day or number fails the whole file: the file is summed per day, and
        # a skipped row would quietly lower that day's total.
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        lines = self._lines(cols)
        metrics = [c for c in cols.columns if is_known_metric(c)]
        if len(metrics) != 1 or not lines or "Date" not in cols:
            raise InputError(
                f"{path}, row 1: expected the columns Date, what the chart's lines are (Content, Video "
                "title… or a dimension such as Traffic source) and one metric."
            )
        metric = metrics[0]
        account = _account(path, options)
        target = _DAILY_METRICS.get(cols.key(metric))
        if target is None:
            return sample.result(
                self,
                {"daily": schema.empty("daily")},
                warnings=[_not_daily([metric], "chart data")],
                exported_at=download_facts(path).exported_at,
            )
        day = cols.get("Date") or ""
        line = cols.get("Content") or lines[0]
        _require_text(path, raw, day, _DAY_EXPECTED)
        conversions = {
            "date": _days(path, raw, day, daily=True),
            "line": v.native(line, v.cleaned(pl.col(line)), "a video id or the name of a line"),
            "value": _counted(metric, _mark(raw, cols), signed=target == "net"),
        }
        typed = v.convert(path, raw, conversions)
        typed, warnings = self._unique(typed)
        # A `Total` line (INFERRED: the chart can show the channel's total) is the
        # channel's figure: it wins over the sum of the other lines of the same day.
        is_total = _is_total(pl.col("line"))
        value = pl.col("value")
        per_day = (
            typed.group_by("date")
            .agg(total=_sum_or_null(value.filter(is_total)), lines=_sum_or_null(value.filter(~is_total)))
            .select("date", pl.coalesce("total", "lines").alias(target))
        )
        daily = _daily_frame(per_day, account)
        first = typed.get_column("date").min()
        # A floor of the channel's figure: older than any channel-wide file of the same days.
        exported_at = _day_start(first) if isinstance(first, date) else None
        return sample.result(self, {"daily": daily}, warnings=warnings, exported_at=exported_at)

    @staticmethod
    def _unique(typed: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
        """One row per day and line: a repeated pair keeps its last row, with a warning."""
        keys = ["date", "line"]
        dup = typed.filter(pl.struct(keys).is_duplicated())
        if dup.is_empty():
            return typed, []
        kept = typed.unique(subset=keys, keep="last", maintain_order=True)
        rows = ", ".join(str(r) for r in dup.get_column(ROW).to_list()[:6])
        return kept, [
            f"{typed.height - kept.height} row(s) repeat the day and line of another row; "
            f"the later row is kept (rows {rows})."
        ]


def _sum_or_null(expr: pl.Expr) -> pl.Expr:
    """The sum, null when every value is null (a sum of nothing is not 0)."""
    return pl.when(expr.is_not_null().any()).then(expr.sum())


# --- tables by another dimension: no day ------------------------------------------------------------


class YouTubeBreakdown(DeclaredImporter):
    """A Studio table by traffic source, subscription status, device…: no video, no day.

    Nothing in it can be placed in a period, so alone it is refused, saying
    what to download instead; in a whole download it is left out with a
    warning, so that the download's chart and totals import.
    """

    id = "youtube-breakdown"
    label = "YouTube Studio table by another dimension (no dates)"
    format = Format(NAMES, signature=(METRICS,), excluded=("Date", "Content"))

    def detect(self, sample: Sample) -> float:
        """A dimension first (known, or any with a metric only YouTube writes), then metrics."""
        found = self.match(sample)
        header = found.header
        if not found.score or len(header.columns) < 2 or is_known_metric(header.columns[0]):
            return 0.0
        if is_dimension(header.columns[0]):
            return 1.0
        return 0.8 if _metric_evidence(header) else 0.0

    def near(self, sample: Sample) -> Near | None:
        return None

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        header = self.header(sample.header)
        dimension = header.columns[0]
        by = NAMES.display(dimension).lower() if is_dimension(dimension) else repr(dimension)
        what = f"a YouTube Studio table by {by}, without dates: its numbers cannot be placed in any period"
        instead = (
            "the same report's chart data (one row per day), or the table with Date as its dimension "
            "(Analytics → Advanced mode)"
        )
        if in_download(sample.path):
            return sample.result(
                self,
                {"daily": schema.empty("daily")},
                warnings=[f"{what}; left out (the download's chart data and totals carry its days)."],
            )
        raise InputError(f"{sample.path}: {what}. Download {instead}, and import that file instead.")


IMPORTERS = (YouTubeTable(), YouTubeChart(), YouTubeTotals(), YouTubeBreakdown())
