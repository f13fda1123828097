"""YouTube Studio exports (Analytics → Advanced mode → Export current view → CSV).

The download is a zip named `Content <first>_<last> <Channel name>.zip` that
holds three CSV files (UTF-8, no BOM, minimal RFC 4180 quoting):

- `Table data.csv`: one row per video. The first four columns are fixed
  (`Content` = the video id, `Video title`, `Video publish time`,
  `Duration` in seconds), then whichever metrics were picked. Line 2 is a
  `Total` row. → `posts`.
- `Chart data.csv`: `Date,Content,Video title,Video publish time,Duration,
  <one metric>`, one row per video per day. → `daily`, summed over videos
  when the metric adds up per day (views, impressions, subscribers). The
  chart may show only some videos, so its sums can fall short of the
  channel's; Totals.csv of the same download replaces them (see
  `YouTubeChart.parse`).
- `Totals.csv`: `Date,<the same metric>` for the whole channel. → `daily`.

Facts the file names carry: the channel (used as the account) and the last
day of the report (used as the export time). Days are YouTube's, which are
Pacific Time: a `Date` is stored as the day YouTube reports, never shifted.

Mapping choices (FORMATS.md §5, KPIS.md):

- Table metrics are each video's figures over the report's range. Only for a
  video published in the range are they its lifetime figures (to the range's
  end), which is what kpitui's post metrics mean; so when the download's name
  gives the range, older videos are left out with a warning (otherwise a
  quarterly export would overwrite their lifetime figures with one quarter's).
- `Comments added` → comments; `Subscribers` (net subscribers the video
  brought, gained − lost, so it can be negative) → follows, unless the export
  also carries `Subscribers gained`, which is exactly "new follows from the
  post" and is preferred then. Percentages, averages, revenue and viewer
  counts have no canonical column and are not read.
- A video is a `short` when its duration is at most 60 seconds, else a
  `video`. Since October 2024 Shorts may last up to 3 minutes, but the export
  carries no Shorts flag and no aspect ratio, and 1–3 minute landscape videos
  are common: 60 s is the bound every Short respected until then and most
  still do, so a 61–180 s video is counted as a video. Live streams cannot be
  told apart from videos and are `video`.
- `Video publish time` is a day without time: it is read as midnight in the
  workspace's time zone (the hour of publication is not in the export).
- `Subscribers` per day is a net change: it is stored as followers_gained =
  max(net, 0) and followers_lost = max(−net, 0), so that Σ(gained − lost) is
  the net change the channel reports; `Subscribers gained` / `Subscribers lost`
  go to their own columns. The channel's subscriber count (a stock) is in none
  of these files.
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
from kpitui.core.importers.csvtext import ROW, read_strings
from kpitui.core.importers.declared import DeclaredImporter, Format, Header, Near
from kpitui.core.importers.names.youtube import METRICS, NAMES

NETWORK: Final = "youtube"
WATCH_URL: Final = "https://www.youtube.com/watch?v="
SHORT_MAX_SECONDS: Final = 60
"""A video of at most this many seconds is a Short (see the module docstring)."""
LAZY_LOAD_ROWS: Final = 500
"""Studio's table loads about this many rows and exports only those."""
YOUTUBE_DAYS: Final = ZoneInfo("America/Los_Angeles")
"""The time zone of YouTube Analytics' days."""

_TABLE_FIXED: Final = ("Content", "Video title", "Video publish time", "Duration")
_CHART_FIXED: Final = ("Date", *_TABLE_FIXED)
_METRIC_KEYS: Final = frozenset(NAMES.canonical(m) for m in METRICS)

_MONEY_METRIC: Final = re.compile(
    r"^(?:estimated (?:ad |partner |youtube premium )?revenue|rpm|cpm|playback-based cpm|"
    r"transaction revenue)\([a-z]{3}\)$"
)
"""Revenue metrics carry their currency: `Estimated revenue (USD)`, `RPM (EUR)`."""

_POST_METRICS: Final[dict[str, tuple[str, Literal["count", "decimal"]]]] = {
    "Views": ("views", "count"),
    "Watch time (hours)": ("watch_time_hours", "decimal"),
    "Impressions": ("impressions", "count"),
    "Likes": ("likes", "count"),
    "Dislikes": ("dislikes", "count"),
    "Shares": ("shares", "count"),
    "Comments added": ("comments", "count"),
}
"""Table data columns (English names, `names.youtube`) → posts column. Subscribers are handled apart."""

DailyTarget = Literal["views", "impressions", "net", "followers_gained", "followers_lost"]
_DAILY_METRICS: Final[dict[str, DailyTarget]] = {
    "views": "views",
    "impressions": "impressions",
    "subscribers": "net",
    "subscribers gained": "followers_gained",
    "subscribers lost": "followers_lost",
}
"""Chart/Totals metrics that add up per day (compared names), and where they go in `daily`."""

_DOWNLOAD_NAME: Final = re.compile(
    r"^Content (\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2}) (.+?)(?: \(\d+\))?(?:\.zip)?$", re.IGNORECASE
)
"""`Content 2026-01-01_2026-03-31 Bramble & Bean.zip` (or the folder it unzips to);
browsers add ` (1)` to a repeated download."""


def is_known_metric(name: str) -> bool:
    """True for a metric name YouTube Studio writes (any spelling of `names.youtube`)."""
    key = NAMES.canonical(name)
    return key in _METRIC_KEYS or bool(_MONEY_METRIC.match(key))


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
        end = datetime.combine(self.last + timedelta(days=1), time(), YOUTUBE_DAYS)
        return end.astimezone(UTC)


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
        channel = found[3].strip() or None
        try:
            first, last = (datetime.strptime(found[k], "%Y-%m-%d").date() for k in (1, 2))
        except ValueError:
            return Download(channel)
        return Download(channel, first, last) if first <= last else Download(channel)
    return Download()


def _read(sample: Sample) -> pl.DataFrame:
    """Every field as text, with `_row`; InputError for a file with a header and no rows."""
    raw = read_strings(sample.path, sample.data)
    if raw.is_empty():
        raise InputError(f"{sample.path}: the header is there but the file has no rows.")
    return raw


def _account(path: Path, options: ImportOptions) -> str | None:
    return download_facts(path).channel or options.account


def _day_first(raw: pl.DataFrame, column: str) -> bool:
    """Whether the file's `D/M/YYYY` dates (Excel re-saves) put the day first.

    Month-first (US Excel, as in the re-saved files FORMATS.md cites) unless a
    first number above 12 shows the day comes first and no second number does.
    """
    parts = raw.select(
        pl.col(column).str.strip_chars().str.extract_groups(r"^(\d{1,2})/(\d{1,2})/\d{2,4}$")
    ).unnest(column)
    if parts.is_empty():
        return False
    first = parts.get_column("1").cast(pl.Int64, strict=False)
    second = parts.get_column("2").cast(pl.Int64, strict=False)
    return bool((first > 12).any()) and not bool((second > 12).any())


def _day(expr: pl.Expr, day_first: bool) -> pl.Expr:
    """A day as Studio writes it (`2026-01-05`, `Sep 27, 2024`) or Excel re-saves it
    (`1/5/2026`, `5-Jan-26`); null when it is none of these."""
    text = v.present(expr)
    slash = ("%d/%m/%y", "%d/%m/%Y") if day_first else ("%m/%d/%y", "%m/%d/%Y")
    # Two-digit years first: `%Y` would read `1/5/26` as the year 26.
    formats = ["%Y-%m-%d", *slash, "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d"]
    return pl.coalesce([text.str.to_date(f, strict=False) for f in formats])


_DAY_EXPECTED: Final = "a day such as 2026-01-05, Sep 27, 2024, 1/5/2026 or 5-Jan-26"


def _counted(source: str, *, signed: bool = False) -> v.Conversion:
    """A count column: a whole number, never below 0 unless `signed` (net subscribers)."""
    value = v.count(pl.col(source))
    if signed:
        return v.native(source, value, "a whole number such as 12 or -3")
    return v.native(source, pl.when(value >= 0).then(value), "a whole number of 0 or more, such as 1250")


def _in_order(header: Header, fixed: Sequence[str]) -> bool:
    """True when the file's first columns are `fixed`, in that order."""
    return header.keys()[: len(fixed)] == [header.key(n) for n in fixed]


def _require_text(path: Path, raw: pl.DataFrame, column: str, what: str) -> None:
    """InputError naming the first row whose `column` is empty."""
    empty = raw.filter(v.present(pl.col(column)).is_null())
    if empty.height:
        raise InputError(f"{path}, row {empty[ROW][0]}, column {column!r}: empty, expected {what}.")


class YouTubeTable(DeclaredImporter):
    """`Table data.csv`: one row per video → posts."""

    id = "youtube-table"
    label = "YouTube Studio table data (per video)"
    format = Format(NAMES, signature=_TABLE_FIXED, required=_TABLE_FIXED, excluded=("Date",))

    def detect(self, sample: Sample) -> float:
        """The fixed columns and at least one metric; 0.9 when they are not the first four."""
        found = self.match(sample)
        if not found.score or len(found.header.columns) <= len(_TABLE_FIXED):
            return 0.0
        return 1.0 if _in_order(found.header, _TABLE_FIXED) else 0.9

    def near(self, sample: Sample) -> Near | None:
        found = self.match(sample)
        if not found.near.lacking and len(found.header.columns) <= len(_TABLE_FIXED):
            return replace(found.near, lacking=("a metric column such as 'Views'",))
        return found.near

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad number or date fails the whole file: the table is a snapshot of
        # every video's figures, and a damaged row means a damaged download that
        # should be exported again, not a partial import. Only videos without a
        # publish day are skipped (counted): they cannot be put in any period.
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        self.require(path, cols)
        content, title, publish = (cols.get(n) or "" for n in _TABLE_FIXED[:3])
        is_total = (
            v.present(pl.col(content)).str.to_lowercase().eq("total").fill_null(False)
            & v.blank(pl.col(title))
            & v.blank(pl.col(publish))
        )
        raw = raw.filter(~is_total)
        warnings: list[str] = []
        if raw.height >= LAZY_LOAD_ROWS:
            warnings.append(
                f"{raw.height} videos: YouTube Studio exports only the rows its table has loaded "
                f"(about {LAZY_LOAD_ROWS}); if the channel has more, scroll the table to the end "
                "before exporting, or export shorter date ranges."
            )
        undated = raw.filter(v.blank(pl.col(publish)))
        skipped = undated.height
        if skipped:
            rows = undated.get_column(ROW).to_list()
            shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
            warnings.append(
                f"{skipped} video(s) skipped because 'Video publish time' is empty (rows {shown}): "
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
        _require_text(path, raw, content, "the video id (11 characters such as dQw4w9WgXcQ)")
        conversions = self._conversions(cols, raw, options)
        typed = v.convert(path, raw, conversions)
        if download.first is not None:
            typed, older = self._published_in_range(typed, download.first)
            if older:
                skipped += older[0]
                warnings.append(older[1])
        typed = typed.with_columns(
            network=pl.lit(NETWORK),
            account=pl.lit(_account(path, options), dtype=pl.String),
            published_at=v.local_to_utc(pl.col("day").cast(pl.Datetime("us")), options.timezone),
            content_type=pl.when(pl.col("duration_s") <= SHORT_MAX_SECONDS)
            .then(pl.lit("short"))
            .otherwise(pl.lit("video")),
            permalink=pl.lit(WATCH_URL) + pl.col("post_id"),
        )
        frame, more = dedupe(typed, "posts")
        posts = conform(frame.drop(ROW), "posts")
        return sample.result(
            self, {"posts": posts}, warnings=warnings + more, skipped=skipped, exported_at=exported_at
        )

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
        rows = older.get_column(ROW).to_list()
        shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        warning = (
            f"{len(rows)} video(s) published before the report's first day ({first.isoformat()}) left out "
            f"(rows {shown}): their figures cover only the report's range, not their life. Export a "
            "range that starts on or before their publication (or Lifetime) to import them."
        )
        return typed.filter(pl.col("day") >= first), (len(rows), warning)

    @staticmethod
    def _conversions(cols: Header, raw: pl.DataFrame, options: ImportOptions) -> dict[str, v.Conversion]:
        """How each column this importer reads becomes a typed one."""
        content, title, publish, duration = (cols.get(n) or "" for n in _TABLE_FIXED)
        out = {
            # Ids starting with `-` get a leading space in the export: strip it.
            "post_id": v.native(content, v.cleaned(pl.col(content)), "a video id"),
            "text": v.Conversion(title, pl.col(title), "text"),
            "day": v.native(publish, _day(pl.col(publish), _day_first(raw, publish)), _DAY_EXPECTED),
            "duration_s": v.native(
                duration,
                v.duration_seconds(pl.col(duration)),
                "a duration in seconds such as 978",
            ),
        }
        for name, (target, kind) in _POST_METRICS.items():
            source = cols.get(name)
            if source is not None:
                if kind == "count":
                    out[target] = _counted(source)
                else:
                    out[target] = v.native(
                        source, v.number(pl.col(source), percent=False), "a number of hours such as 12.5"
                    )
        # Subscribers gained is "new follows"; Subscribers (net, may be negative) otherwise.
        gained, net = cols.get("Subscribers gained"), cols.get("Subscribers")
        if gained is not None:
            out["follows"] = _counted(gained)
        elif net is not None:
            out["follows"] = _counted(net, signed=True)
        return out


def _daily_frame(per_day: pl.DataFrame, target: DailyTarget, account: str | None) -> pl.DataFrame:
    """Daily rows from `date` + `value` (nulls dropped), the value put where `target` says."""
    per_day = per_day.filter(pl.col("value").is_not_null())
    if target == "net":
        metrics = {
            "followers_gained": pl.max_horizontal(pl.col("value"), pl.lit(0)),
            "followers_lost": pl.max_horizontal(-pl.col("value"), pl.lit(0)),
        }
    else:
        metrics = {target: pl.col("value")}
    frame = per_day.sort("date").with_columns(
        network=pl.lit(NETWORK), account=pl.lit(account, dtype=pl.String), **metrics
    )
    return conform(frame, "daily")


def _not_daily(metric: str, what: str) -> str:
    """The warning for a chart or totals file whose metric has no daily column."""
    return (
        f"{metric!r} is not a count that adds up per day (only Views, Impressions and Subscribers "
        f"fill kpitui's daily table), so nothing was imported from this {what}."
    )


class YouTubeChart(DeclaredImporter):
    """`Chart data.csv`: one metric per video per day → daily, summed over videos."""

    id = "youtube-chart"
    label = "YouTube Studio chart data (per video per day)"
    format = Format(NAMES, signature=_CHART_FIXED, required=_CHART_FIXED, width=len(_CHART_FIXED) + 1)

    def detect(self, sample: Sample) -> float:
        """The fixed columns and one metric; 0.9 when they are not the first five."""
        found = self.match(sample)
        if not found.score:
            return 0.0
        return 1.0 if _in_order(found.header, _CHART_FIXED) else 0.9

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad day or number fails the whole file: the file is summed per day, and
        # a skipped row would quietly lower that day's total.
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        fixed = {cols.key(n) for n in _CHART_FIXED}
        extra = [c for c, k in zip(cols.columns, cols.keys(), strict=True) if k not in fixed]
        if len(extra) != 1 or not all(n in cols for n in _CHART_FIXED):
            raise InputError(
                f"{path}, row 1: expected the columns Date, Content, Video title, Video publish time, "
                "Duration and one metric."
            )
        metric = extra[0]
        account = _account(path, options)
        exported_at = download_facts(path).exported_at
        if exported_at is not None:
            # The chart sums only the videos it shows; Totals.csv of the same
            # download has the channel's figure, so it must win on the same days
            # whatever the order of import: the chart counts as a second older.
            exported_at -= timedelta(seconds=1)
        target = _DAILY_METRICS.get(cols.key(metric))
        if target is None:
            warning = _not_daily(metric, "chart data")
            return sample.result(
                self, {"daily": schema.empty("daily")}, warnings=[warning], exported_at=exported_at
            )
        day, content = cols.get("Date") or "", cols.get("Content") or ""
        _require_text(path, raw, day, _DAY_EXPECTED)
        conversions = {
            "date": v.native(day, _day(pl.col(day), _day_first(raw, day)), _DAY_EXPECTED),
            "video": v.native(content, v.cleaned(pl.col(content)), "a video id"),
            "value": _counted(metric, signed=target == "net"),
        }
        typed = v.convert(path, raw, conversions)
        typed, warnings = self._unique(typed)
        # A `Total` line (INFERRED: the chart can show the channel's total) is the
        # channel's figure: it wins over the sum of the videos of the same day.
        is_total = pl.col("video").str.to_lowercase().eq("total").fill_null(False)
        value = pl.col("value")
        per_day = (
            typed.group_by("date")
            .agg(total=_sum_or_null(value.filter(is_total)), videos=_sum_or_null(value.filter(~is_total)))
            .select("date", value=pl.coalesce("total", "videos"))
        )
        daily = _daily_frame(per_day, target, account)
        return sample.result(self, {"daily": daily}, warnings=warnings, exported_at=exported_at)

    @staticmethod
    def _unique(typed: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
        """One row per day and video: a repeated pair keeps its last row, with a warning."""
        keys = ["date", "video"]
        dup = typed.filter(pl.struct(keys).is_duplicated())
        if dup.is_empty():
            return typed, []
        kept = typed.unique(subset=keys, keep="last", maintain_order=True)
        rows = ", ".join(str(r) for r in dup.get_column(ROW).to_list()[:6])
        return kept, [
            f"{typed.height - kept.height} row(s) repeat the day and video of another row; "
            f"the later row is kept (rows {rows})."
        ]


def _sum_or_null(expr: pl.Expr) -> pl.Expr:
    """The sum, null when every value is null (a sum of nothing is not 0)."""
    return pl.when(expr.is_not_null().any()).then(expr.sum())


class YouTubeTotals(DeclaredImporter):
    """`Totals.csv`: one metric for the channel per day → daily."""

    id = "youtube-totals"
    label = "YouTube Studio totals (channel per day)"
    format = Format(NAMES, signature=("Date", METRICS), required=("Date",), width=2)

    def detect(self, sample: Sample) -> float:
        """`Date`, then one metric Studio writes (revenue metrics in any currency included)."""
        header = self.header(self.columns(sample))
        keys = header.keys()
        known = len(keys) == 2 and keys[0] == header.key("Date") and is_known_metric(header.columns[1])
        return 1.0 if known else 0.0

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        # A bad day or number fails the whole file: a day left out would pass
        # for a day without views.
        path = sample.path
        raw = _read(sample)
        cols = self.header(raw.columns)
        if len(cols.columns) != 2 or cols.keys()[0] != cols.key("Date"):
            raise InputError(f"{path}, row 1: expected the columns Date and one metric.")
        day, metric = cols.columns
        account = _account(path, options)
        exported_at = download_facts(path).exported_at
        target = _DAILY_METRICS.get(cols.key(metric))
        if target is None:
            warning = _not_daily(metric, "totals file")
            return sample.result(
                self, {"daily": schema.empty("daily")}, warnings=[warning], exported_at=exported_at
            )
        _require_text(path, raw, day, _DAY_EXPECTED)
        conversions = {
            "date": v.native(day, _day(pl.col(day), _day_first(raw, day)), _DAY_EXPECTED),
            "value": _counted(metric, signed=target == "net"),
        }
        typed = v.convert(path, raw, conversions).with_columns(
            network=pl.lit(NETWORK), account=pl.lit(account, dtype=pl.String)
        )
        typed, warnings = dedupe(typed, "daily")
        daily = _daily_frame(typed.select("date", "value"), target, account)
        return sample.result(self, {"daily": daily}, warnings=warnings, exported_at=exported_at)


IMPORTERS = (YouTubeTable(), YouTubeChart(), YouTubeTotals())
