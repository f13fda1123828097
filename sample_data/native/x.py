"""The demo brand's X (Twitter) data as the files X lets a person download.

FORMATS.md section 3. Two generations of X analytics, split by month so that
no month is in both:

- the older months as the classic analytics.twitter.com downloads: one
  "By Tweet" file (`tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_en.csv`,
  end date exclusive) and one "By day" file (`daily_tweet_activity_metrics_…`)
  per month; every field quoted, counts as `1777.0` floats in the per-tweet
  file and integers in the daily file, `-` in the promoted columns, HTML
  entities in the tweet text, tweets newest first and days oldest first;
- the recent months (from the first month whose daily rows carry follower
  gains, which the classic tool never exported) as the X Premium account
  analytics downloads: one content export per month
  (`account_analytics_content_YYYY-MM-DD_YYYY-MM-DD.csv`, end date inclusive,
  minimal quoting, `"Tue, Jul 14, 2026"` dates) and the account overview
  (`account_overview_analytics.csv`, then `account_overview_analytics (1).csv`
  as a browser names a second download) in two overlapping halves, newest day
  first and without a final newline.

Months and days are those of the brand's time zone, as the analytics pages
show them to the person who downloads; the classic `time` column is UTC.

What the demo data does not hold and the files must show (X never leaves a
cell blank) is written as 0 or derived, never invented per post: `detail
expands` is what remains of X's engagements once the exported interactions
and clicks are taken away; the daily files sum the metrics of the posts
published that day (X counts activity by day, close enough for a demo),
except impressions, which are the account's of the day (the demo's daily
impressions: what the account showed that day, older posts included);
bookmarks, media views and the like are 0. kpitui reads none of those back
except where a canonical column exists (see kpitui.core.importers.x).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Final, Literal

import polars as pl

from . import Canonical

NETWORK: Final = "x"

CLASSIC_METRICS: Final = (
    "impressions", "engagements", "engagement rate", "retweets", "replies", "likes",
    "user profile clicks", "url clicks", "hashtag clicks", "detail expands", "permalink clicks",
    "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
    "media engagements",
)  # fmt: skip
"""The 18 metrics of a classic export, in X's order; each has a `promoted …` twin."""
CLASSIC_FLOATS: Final = frozenset(CLASSIC_METRICS[: CLASSIC_METRICS.index("permalink clicks") + 1])
"""Written `1777.0` in the per-tweet file (from `impressions` to `permalink clicks`)."""
TWEET_HEADER: Final = (
    "Tweet id", "Tweet permalink", "Tweet text", "time",
    *CLASSIC_METRICS, *(f"promoted {m}" for m in CLASSIC_METRICS),
)  # fmt: skip
DAILY_HEADER: Final = ("Date", "Tweets published", *TWEET_HEADER[4:])
CONTENT_HEADER: Final = (
    "Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks",
    "Shares", "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks",
    "Hashtag Clicks", "Permalink Clicks",
)  # fmt: skip
OVERVIEW_HEADER: Final = (
    "Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows", "Unfollows",
    "Replies", "Reposts", "Profile visits", "Create Post", "Video views", "Media views",
)  # fmt: skip

_DAY_FORMAT: Final = "%a, %b %-d, %Y"
"""`Tue, Jul 14, 2026`: the X Premium exports' dates (always quoted: they hold commas)."""


def _n(name: str) -> pl.Expr:
    """A canonical count, 0 where the demo has none (exports never leave a count blank)."""
    return pl.col(name).fill_null(0)


def _activity(posts: pl.DataFrame) -> pl.DataFrame:
    """The 18 classic metrics of each post, as integers (engagement rate as a fraction).

    X's engagements count every click and interaction, so `detail expands`
    takes what the exported components leave of the canonical
    `platform_engagements`; with no platform figure, engagements is the sum.
    """
    parts = ("likes", "comments", "shares", "link_clicks", "profile_clicks", "hashtag_clicks", "follows")
    known = pl.sum_horizontal(_n(p) for p in parts)
    engagements = pl.coalesce(pl.col("platform_engagements"), known)
    zero = pl.lit(0, pl.Int64)
    return posts.select(
        impressions=_n("impressions"),
        engagements=engagements,
        retweets=_n("shares"),
        replies=_n("comments"),
        likes=_n("likes"),
        user_profile_clicks=_n("profile_clicks"),
        url_clicks=_n("link_clicks"),
        hashtag_clicks=_n("hashtag_clicks"),
        detail_expands=pl.max_horizontal(engagements - known, zero),
        permalink_clicks=zero,
        app_opens=zero,
        app_installs=zero,
        follows=_n("follows"),
        email_tweet=zero,
        dial_phone=zero,
        media_views=zero,
        media_engagements=zero,
    )


def _classic_columns(activity: pl.DataFrame, *, floats: bool) -> list[pl.Expr]:
    """The 36 metric columns of a classic file, as text, from `_activity` rows.

    `floats` writes `impressions` … `permalink clicks` as `1777.0` (the
    per-tweet file); the daily file writes every count as an integer.
    """
    columns: list[pl.Expr] = []
    for metric in CLASSIC_METRICS:
        if metric == "engagement rate":
            impressions = pl.col("impressions")
            rate = pl.when(impressions > 0).then(pl.col("engagements") / impressions).otherwise(0.0)
            value = rate.cast(pl.String)
        else:
            value = pl.col(metric.replace(" ", "_"))
            value = (value.cast(pl.Float64) if floats and metric in CLASSIC_FLOATS else value).cast(pl.String)
        columns.append(value.alias(metric))
    columns.extend(pl.lit("-").alias(f"promoted {m}") for m in CLASSIC_METRICS)
    return columns


def _escape_html(text: pl.Expr) -> pl.Expr:
    """Tweet text as the classic export writes it: `&`, `<` and `>` as HTML entities."""
    return (
        text.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def tweet_activity_frame(posts: pl.DataFrame) -> pl.DataFrame:
    """One classic "By Tweet" table (40 text columns) of canonical `posts`, newest first."""
    ordered = posts.sort("published_at", "post_id", descending=True)
    activity = _activity(ordered)
    head = ordered.select(
        pl.col("post_id").alias("Tweet id"),
        pl.col("permalink").fill_null("").alias("Tweet permalink"),
        _escape_html(pl.col("text").fill_null("")).alias("Tweet text"),
        pl.col("published_at").dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%d %H:%M +0000").alias("time"),
    )
    return pl.concat([head, activity.select(_classic_columns(activity, floats=True))], how="horizontal")


def write_tweet_activity(posts: pl.DataFrame, path: Path) -> Path:
    """Write ONE classic per-tweet file of canonical `posts` (any size) at `path`.

    Vectorised throughout, so a million posts take seconds: the import
    benchmark (benchmarks/import_x.py) uses it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tweet_activity_frame(posts).write_csv(path, quote_style="always", line_terminator="\n")
    return path


def _local_day(data: Canonical) -> pl.Expr:
    return pl.col("published_at").dt.convert_time_zone(data.timezone).dt.date()


def _per_day(posts: pl.DataFrame, days: pl.DataFrame, data: Canonical) -> pl.DataFrame:
    """Per day of `days` (columns `date` and the account's daily `impressions`): posts
    published and the sums of `_activity`, with the account's impressions of the day where
    the demo has them (everything it showed, older posts included) rather than its posts'."""
    activity = pl.concat([posts.select(date=_local_day(data)), _activity(posts)], how="horizontal")
    sums = activity.group_by("date").agg(pl.len().alias("posts"), pl.exclude("date").sum())
    return (
        days.select("date", account=pl.col("impressions"))
        .join(sums, on="date", how="left")
        .with_columns(pl.exclude("date", "account").fill_null(0))
        .with_columns(impressions=pl.coalesce("account", "impressions"))
        .drop("account")
        .sort("date")
    )


def _month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s to `last`'s."""
    months = pl.date_range(first.replace(day=1), last, interval="1mo", eager=True)
    return months.to_list()


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _recent_from(daily: pl.DataFrame) -> date | None:
    """The first month of the Premium exports: the month after which every day has follower flows."""
    gained = daily.filter(pl.col("followers_gained").is_not_null()).get_column("date")
    if gained.is_empty():
        return None
    first: date = gained.min()  # type: ignore[assignment]
    return first if first.day == 1 else _next_month(first)


def _write_text(
    path: Path,
    frame: pl.DataFrame,
    *,
    quote_style: Literal["always", "necessary"],
    final_newline: bool = True,
) -> Path:
    """`frame` as X writes CSV: `\n` endings, UTF-8 without BOM, maybe no newline after the last row."""
    text = frame.write_csv(quote_style=quote_style, line_terminator="\n")
    path.write_bytes((text if final_newline else text.rstrip("\n")).encode("utf-8"))
    return path


def _write_classic_month(
    posts: pl.DataFrame, days: pl.DataFrame, data: Canonical, account: str, start: date, folder: Path
) -> list[Path]:
    end = _next_month(start)
    stamp = f"{account}_{start:%Y%m%d}_{end:%Y%m%d}_en.csv"
    month = posts.filter(_local_day(data).is_between(start, end, closed="left"))
    written = [write_tweet_activity(month, folder / f"tweet_activity_metrics_{stamp}")]
    per_day = _per_day(month, days.filter(pl.col("date").is_between(start, end, closed="left")), data)
    table = per_day.select(
        pl.col("date").dt.strftime("%Y-%m-%d").alias("Date"),
        pl.col("posts").cast(pl.String).alias("Tweets published"),
        *_classic_columns(per_day, floats=False),
    )
    written.append(_write_text(folder / f"daily_tweet_activity_metrics_{stamp}", table, quote_style="always"))
    return written


def _write_content_month(posts: pl.DataFrame, data: Canonical, start: date, last: date, folder: Path) -> Path:
    end = min(_next_month(start), last + timedelta(days=1))
    month = posts.filter(_local_day(data).is_between(start, end, closed="left")).sort(
        "published_at", "post_id", descending=True
    )
    activity = _activity(month)
    zero = pl.lit(0, pl.Int64)
    table = pl.concat([month, activity.select(pl.col("detail_expands"))], how="horizontal").select(
        pl.col("post_id").alias("Post id"),
        _local_day(data).dt.strftime(_DAY_FORMAT).alias("Date"),
        pl.col("text").fill_null("").alias("Post text"),
        pl.col("permalink").alias("Post Link"),
        _n("impressions").alias("Impressions"),
        _n("likes").alias("Likes"),
        activity.get_column("engagements").alias("Engagements"),
        _n("saves").alias("Bookmarks"),
        zero.alias("Shares"),
        _n("follows").alias("New follows"),
        _n("comments").alias("Replies"),
        _n("shares").alias("Reposts"),
        _n("profile_clicks").alias("Profile visits"),
        pl.col("detail_expands").alias("Detail Expands"),
        _n("link_clicks").alias("URL Clicks"),
        _n("hashtag_clicks").alias("Hashtag Clicks"),
        zero.alias("Permalink Clicks"),
    )
    name = f"account_analytics_content_{start:%Y-%m-%d}_{end - timedelta(days=1):%Y-%m-%d}.csv"
    return _write_text(folder / name, table, quote_style="necessary")


def _write_overview(
    posts: pl.DataFrame, daily: pl.DataFrame, data: Canonical, first: date, last: date, path: Path
) -> Path:
    days = daily.filter(pl.col("date").is_between(first, last))
    flows = days.select("date", "followers_gained", "followers_lost", "profile_visits", "views")
    per_day = _per_day(posts, days, data).join(flows, on="date", how="left")
    table = per_day.sort("date", descending=True).select(
        pl.col("date").dt.strftime(_DAY_FORMAT).alias("Date"),
        pl.col("impressions").alias("Impressions"),
        pl.col("likes").alias("Likes"),
        pl.col("engagements").alias("Engagements"),
        pl.lit(0).alias("Bookmarks"),
        pl.lit(0).alias("Shares"),
        _n("followers_gained").alias("New follows"),
        _n("followers_lost").alias("Unfollows"),
        pl.col("replies").alias("Replies"),
        pl.col("retweets").alias("Reposts"),
        pl.coalesce("profile_visits", "user_profile_clicks").alias("Profile visits"),
        pl.col("posts").alias("Create Post"),
        _n("views").alias("Video views"),
        pl.lit(0).alias("Media views"),
    )
    return _write_text(path, table, quote_style="necessary", final_newline=False)


def write(data: Canonical, out: Path) -> list[Path]:
    """Write the demo's X data under `out/x/` (a folder per account when there are several)."""
    posts = data.posts.filter(pl.col("network") == NETWORK)
    daily = data.daily.filter(pl.col("network") == NETWORK)
    if posts.is_empty() and daily.is_empty():
        return []
    accounts = sorted(set(posts.get_column("account").to_list()) | set(daily.get_column("account").to_list()))
    written: list[Path] = []
    for account in accounts:
        folder = out / NETWORK if len(accounts) == 1 else out / NETWORK / account
        folder.mkdir(parents=True, exist_ok=True)
        mine = posts.filter(pl.col("account") == account)
        days = daily.filter(pl.col("account") == account)
        if days.is_empty():
            continue
        first: date = days.get_column("date").min()  # type: ignore[assignment]
        last: date = days.get_column("date").max()  # type: ignore[assignment]
        recent = _recent_from(days)
        for start in _month_starts(first, last):
            if recent is None or start < recent:
                written += _write_classic_month(mine, days, data, account, start, folder)
            else:
                written.append(_write_content_month(mine, data, start, last, folder))
        if recent is not None and recent <= last:
            written += _write_overviews(mine, days, data, recent, last, folder)
    return written


def _write_overviews(
    posts: pl.DataFrame, daily: pl.DataFrame, data: Canonical, first: date, last: date, folder: Path
) -> list[Path]:
    """The account overview of `first`..`last`, as two downloads overlapping by a month.

    The second download gets the name a browser gives it; with a single
    month there is a single download.
    """
    months = _month_starts(first, last)
    name = "account_overview_analytics.csv"
    if len(months) < 2:
        return [_write_overview(posts, daily, data, first, last, folder / name)]
    half = months[len(months) // 2]
    overlap = months[len(months) // 2 - 1]
    second = "account_overview_analytics (1).csv"
    return [
        _write_overview(posts, daily, data, first, half - timedelta(days=1), folder / name),
        _write_overview(posts, daily, data, overlap, last, folder / second),
    ]
