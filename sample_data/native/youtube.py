"""The demo brand's YouTube data as the zips YouTube Studio lets a person download.

FORMATS.md section 5. One download per quarter (Analytics → Advanced mode →
Content, the quarter as a custom range → Export current view → CSV), named as
YouTube names it, `Content <first day>_<last day> <Channel>.zip`, each holding
three UTF-8 files without BOM, `\\n` line ends and minimal quoting:

- `Table data.csv`: the videos published in the quarter, most viewed first,
  after the `Total` line; the four fixed columns, then the extra metrics
  picked (Likes, Dislikes, Shares, Comments added, Average view duration)
  before the default ones the demo carries (Views, Watch time (hours),
  Impressions, Impressions click-through rate (%)). Ids starting with `-` get
  YouTube's leading space; publish days are written `Sep 5, 2025`.
- `Chart data.csv` and `Totals.csv`: in a real download they show one metric.
  So that the demo's daily views come from exactly one file per day, the
  quarters alternate: in a "chart" quarter the chart shows `Views` per video
  per day (the channel's views of the day split over its eight latest videos,
  exactly, so the chart adds up to the channel) and the totals file shows the
  channel's `Average view duration`; in a "totals" quarter `Totals.csv` has
  the channel's `Views` per day and the chart shows the `Average view
  duration` of the quarter's five most viewed videos. kpitui imports nothing
  from the `Average view duration` files (an average does not add up per day)
  and says so. A quarter before which the channel had no video is a totals
  quarter (its first days would have no video to chart).

The channel name in the zip names is the demo's account (`brambleandbean`),
so that importing the zips gives back the demo's account. Publish days are
the days in the brand's time zone (the only time of publication a Studio
export gives). What the demo does not hold is invented from what it holds,
never at random: a video's length (from its average view duration: Shorts
are watched about 90% through and last at most 60 s, videos about 45%, live
streams about 30%), and the click-through rate (views / impressions).
Subscribers, revenue and the subscriber count are not written: the demo has
no per-video subscribers, and YouTube exports no subscriber stock.

Deterministic: members carry a fixed time stamp (the day after the range,
09:00) and fixed attributes, so the same data gives byte-identical zips.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from . import Canonical

NETWORK: Final = "youtube"
TABLE_HEADER: Final = (
    "Content", "Video title", "Video publish time", "Duration", "Likes", "Dislikes", "Shares",
    "Comments added", "Average view duration", "Views", "Watch time (hours)", "Impressions",
    "Impressions click-through rate (%)",
)  # fmt: skip
VIDEO_COLUMNS: Final = ("Content", "Video title", "Video publish time", "Duration")
CHART_LINES: Final = 8
"""Videos per day in a Views chart: the channel's latest uploads on that day."""
TOP_VIDEOS: Final = 5
"""Videos in an Average view duration chart (Studio's default chart shows the top five)."""
HALF_LIFE_DAYS: Final = 14
"""How fast a video's share of the channel's daily views fades in a Views chart."""
_VIDEO_FIELDS: Final = (
    "account", "post_id", "text", "published_at", "day", "duration", "avd_s", "likes", "dislikes",
    "shares", "comments", "views", "watch_time_hours", "impressions",
)  # fmt: skip
"""What `_videos` keeps of each video."""
WATCHED: Final = {"short": 0.9, "video": 0.45, "live": 0.3}
"""Share of its length a view watches, to give each video a plausible length."""


def write(data: Canonical, out: Path) -> list[Path]:
    """Write one Studio zip per account and quarter under `out/youtube/`; returns the paths."""
    posts = data.posts.filter(pl.col("network") == NETWORK)
    daily = data.daily.filter(pl.col("network") == NETWORK)
    folder = out / NETWORK
    videos = _videos(posts, data.timezone)
    written: list[Path] = []
    accounts = sorted({*videos.get_column("account").to_list(), *daily.get_column("account").to_list()})
    for account in accounts:
        mine = videos.filter(pl.col("account") == account)
        days = daily.filter(pl.col("account") == account)
        edges = [d for d in (*mine.get_column("day"), *days.get_column("date")) if d is not None]
        if not edges:
            continue
        for index, (start, end) in enumerate(_quarters(min(edges), max(edges))):
            members = _download(mine, days, start, end, index)
            path = folder / f"Content {start:%Y-%m-%d}_{end:%Y-%m-%d} {account}.zip"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_zip(members, end))
            written.append(path)
    for stale in folder.glob("Content *.zip") if folder.is_dir() else ():
        if stale not in written:
            stale.unlink()
    return written


def _videos(posts: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """One row per video with everything the three files show, as typed values."""
    c = pl.col
    avd = pl.when(c("views") > 0).then((3600 * c("watch_time_hours") / c("views")).round(0))
    watched = c("content_type").replace_strict(WATCHED, default=WATCHED["video"], return_dtype=pl.Float64)
    length = (c("avd_s").fill_null(30) / watched).round(0).cast(pl.Int64)
    length = (
        pl.when(c("content_type") == "short").then(length.clip(8, 60)).otherwise(length.clip(lower_bound=61))
    )
    return (
        posts.with_columns(
            day=c("published_at").dt.convert_time_zone(timezone).dt.date(),
            avd_s=avd.cast(pl.Int64),
        )
        .with_columns(duration=length)
        .select(*_VIDEO_FIELDS)
    )


def _quarters(first: date, last: date) -> Iterator[tuple[date, date]]:
    """Calendar quarters from `first` to `last`, clipped to them."""
    start = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while start <= last:
        following = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
        yield max(start, first), min(following - timedelta(days=1), last)
        start = following


def _download(
    videos: pl.DataFrame, daily: pl.DataFrame, start: date, end: date, index: int
) -> dict[str, bytes]:
    """The three files of one quarter's zip, by member name."""
    in_quarter = videos.filter(pl.col("day").is_between(start, end))
    views_chart = index % 2 == 1 and videos.filter(pl.col("day") < start).height > 0
    if views_chart:
        split = _split_views(videos, daily, start, end)
        chart = _chart(split, "Views", pl.col("views_day").cast(pl.String))
        totals = _duration_totals(split)
    else:
        # The quarter's most viewed videos; in a quarter without uploads, the latest ones.
        top = in_quarter.sort(["views", "post_id"], descending=[True, False], nulls_last=True)
        if top.is_empty():
            top = videos.filter(pl.col("day") < start).sort(["published_at", "post_id"], descending=True)
        top = top.head(TOP_VIDEOS)
        every_day = pl.DataFrame({"date": pl.date_range(start, end, eager=True)})
        lines = every_day.join(top, how="cross").filter(pl.col("day") <= pl.col("date"))
        chart = _chart(lines, "Average view duration", _clock(pl.col("avd_s")))
        totals = _csv(
            daily.filter(pl.col("date").is_between(start, end))
            .sort("date")
            .select(Date=pl.col("date").cast(pl.String), Views=pl.col("views").cast(pl.String))
        )
    members = {"Chart data.csv": chart, "Table data.csv": _table(in_quarter), "Totals.csv": totals}
    # A channel without any video yet has no chart to export.
    return {name: body for name, body in members.items() if body.count(b"\n") > 1}


def _video_columns() -> list[pl.Expr]:
    """The four fixed columns as Studio writes them."""
    c = pl.col
    return [
        pl.when(c("post_id").str.starts_with("-"))
        .then(pl.lit(" ") + c("post_id"))
        .otherwise(c("post_id"))
        .alias("Content"),
        c("text").alias("Video title"),
        c("day").dt.strftime("%b %-d, %Y").alias("Video publish time"),
        c("duration").cast(pl.String).alias("Duration"),
    ]


def _table(videos: pl.DataFrame) -> bytes:
    """`Table data.csv`: the Total line, then the videos, most viewed first."""
    c = pl.col
    sums = videos.select(
        *(c(n).sum() for n in ("likes", "dislikes", "shares", "comments", "views", "impressions")),
        c("watch_time_hours").sum(),
    )
    total = sums.select(
        Content=pl.lit("Total"),
        **{n: pl.lit(None, pl.String) for n in VIDEO_COLUMNS[1:]},
        **_metric_columns(
            avd=pl.when(c("views") > 0).then((3600 * c("watch_time_hours") / c("views")).round(0))
        ),
    )
    rows = videos.sort(["views", "post_id"], descending=[True, False], nulls_last=True).select(
        *_video_columns(), **_metric_columns(avd=c("avd_s"))
    )
    return _csv(pl.concat([total, rows]).select(TABLE_HEADER))


def _metric_columns(avd: pl.Expr) -> dict[str, pl.Expr]:
    """The metric columns of Table data, as text, from canonical columns."""
    c = pl.col

    def count(name: str) -> pl.Expr:
        return c(name).cast(pl.Int64).cast(pl.String)

    ctr = pl.when(c("impressions") > 0).then((100 * c("views") / c("impressions")).round(2))
    return {
        "Likes": count("likes"),
        "Dislikes": count("dislikes"),
        "Shares": count("shares"),
        "Comments added": count("comments"),
        "Average view duration": _clock(avd),
        "Views": count("views"),
        "Watch time (hours)": c("watch_time_hours").round(4).cast(pl.String),
        "Impressions": count("impressions"),
        "Impressions click-through rate (%)": ctr.cast(pl.String),
    }


def _split_views(videos: pl.DataFrame, daily: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Each day's channel views split over its latest videos, in whole views that add up exactly.

    A video's share is its lifetime views fading with age (half-life two
    weeks); the split rounds running totals, so the parts sum to the day.
    """
    c = pl.col
    days = daily.filter(c("date").is_between(start, end) & c("views").is_not_null()).select(
        "date", total=c("views")
    )
    lines = (
        days.join(videos, how="cross")
        .filter(c("day") <= c("date"))
        .sort(["date", "published_at", "post_id"], descending=[False, True, False])
        .filter(pl.int_range(pl.len()).over("date") < CHART_LINES)
    )
    age = (c("date") - c("day")).dt.total_days()
    weight = (c("views").fill_null(0) + 1) * pl.lit(0.5).pow(age / HALF_LIFE_DAYS)
    running = weight.cum_sum().over("date")
    upto = (running / running.max().over("date") * c("total")).round(0).cast(pl.Int64)
    return lines.with_columns(upto=upto).with_columns(
        views_day=c("upto") - c("upto").shift(1, fill_value=0).over("date")
    )


def _chart(lines: pl.DataFrame, metric: str, value: pl.Expr) -> bytes:
    """`Chart data.csv`: one row per day and video, days in order."""
    return _csv(
        lines.sort(["date", "published_at", "post_id"], descending=[False, True, False]).select(
            pl.col("date").cast(pl.String).alias("Date"), *_video_columns(), value.alias(metric)
        )
    )


def _duration_totals(split: pl.DataFrame) -> bytes:
    """`Totals.csv` of a Views-chart quarter: the channel's average view duration per day."""
    c = pl.col
    per_day = split.group_by("date").agg(
        seconds=(c("views_day") * c("avd_s").fill_null(0)).sum(), views=c("views_day").sum()
    )
    avd = pl.when(c("views") > 0).then((c("seconds") / c("views")).round(0))
    return _csv(
        per_day.sort("date").select(Date=c("date").cast(pl.String), **{"Average view duration": _clock(avd)})
    )


def _clock(seconds: pl.Expr) -> pl.Expr:
    """Whole seconds as Studio's `H:MM:SS` (`0:04:23`); null stays null."""
    s = seconds.cast(pl.Int64)
    return pl.concat_str(
        (s // 3600).cast(pl.String),
        pl.lit(":"),
        (s % 3600 // 60).cast(pl.String).str.zfill(2),
        pl.lit(":"),
        (s % 60).cast(pl.String).str.zfill(2),
    )


def _csv(frame: pl.DataFrame) -> bytes:
    """UTF-8 without BOM, `\\n`, quotes only where needed, empty cells for nulls."""
    buffer = io.BytesIO()
    frame.write_csv(buffer, quote_style="necessary", null_value="", line_terminator="\n")
    return buffer.getvalue()


def _zip(members: dict[str, bytes], end: date) -> bytes:
    """A zip with fixed time stamps and attributes, so equal data gives equal bytes."""
    stamp = end + timedelta(days=1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in members.items():
            info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, body, compresslevel=6)
    return buffer.getvalue()
