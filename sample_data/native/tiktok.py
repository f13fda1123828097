"""The demo's TikTok data as TikTok Studio downloads (FORMATS.md §6).

One zip per calendar quarter and account, starting a week before the
quarter (downloads overlap, as people download them) and made two days
after its last day (TikTok's figures lag by about two days). Each zip holds,
at its root and stored (not deflated):

- `Content.csv`: one row per video published in the window with its
  lifetime totals; `Time` is the export day. Titles are written raw, with
  TikTok's unescaped quotes. The `Total play time` and `Add to favorites`
  columns of the longer variant carry the demo's watch time and saves.
- `Overview.csv`: video views and profile views per day; `Likes`,
  `Comments`, `Shares` per day are the totals of that day's videos (kpitui
  does not import them).
- `FollowerHistory.csv`: the follower count and its net change.
- `Viewers.csv`: unique viewers (the canonical daily reach), `undefined`
  where the demo has none and on the window's last two days (not processed
  yet when downloaded). The demo carries no TikTok reach, so every row is
  `undefined` there. New and Returning viewers are not canonical: `0` where
  the total is `undefined` (as TikTok writes unprocessed days), else
  `undefined`.

Dates carry no year and are in the Studio's language: English
(`August 9`) except one download in Portuguese (`9 de agosto`) and one in
Japanese (`8月9日`). Files are UTF-8 with a BOM, every field quoted, `\\n`
between lines and none at the end. Zip entries carry the export day as
their time (fixed, never the clock), which is what the importer reads the
year from, so the same data gives byte-identical zips.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from native import Canonical

NETWORK: Final = "tiktok"
LAG_DAYS: Final = 2
"""Days between a window's last day and its download."""
OVERLAP_DAYS: Final = 7
UNPROCESSED_DAYS: Final = 2
"""The window's last days whose viewers are still `undefined` at download time."""

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"),
}  # fmt: skip
LANGUAGES: Final = ("en", "pt", "en", "ja", "en", "en")
"""The Studio's language of each download in turn (then English)."""

CONTENT_HEADER: Final = (
    "Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares",
    "Total views", "Total play time", "Add to favorites",
)  # fmt: skip
OVERVIEW_HEADER: Final = ("Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares")
FOLLOWERS_HEADER: Final = ("Date", "Followers", "Difference in followers from previous day")
VIEWERS_HEADER: Final = ("Date", "Total Viewers", "New Viewers", "Returning Viewers")


def write(data: Canonical, out: Path) -> list[Path]:
    """Write the TikTok downloads under `out/tiktok/`; returns the files written."""
    folder = out / NETWORK
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("TikTok_Studio_*.zip"):
        old.unlink()
    posts = data.posts.filter(pl.col("network") == NETWORK).with_columns(
        day=pl.col("published_at").dt.convert_time_zone(data.timezone).dt.date()
    )
    daily = data.daily.filter(pl.col("network") == NETWORK)
    written: list[Path] = []
    for account in sorted(set(daily["account"].drop_nulls()) | set(posts["account"].drop_nulls())):
        mine = daily.filter(pl.col("account") == account).sort("date")
        their_posts = posts.filter(pl.col("account") == account)
        days = pl.concat([mine["date"], their_posts["day"]]).drop_nulls()
        if days.is_empty():
            continue
        for index, (first, last) in enumerate(windows(days.min(), days.max())):  # type: ignore[arg-type]
            language = LANGUAGES[index] if index < len(LANGUAGES) else "en"
            exported = last + timedelta(days=LAG_DAYS)
            window = pl.col("date").is_between(first, last)
            files = {
                "Content.csv": content_csv(
                    their_posts.filter(pl.col("day").is_between(first, last)), exported, language
                ),
                "Overview.csv": overview_csv(mine.filter(window), their_posts, language),
                "FollowerHistory.csv": followers_csv(mine, first, last, language),
                "Viewers.csv": viewers_csv(mine.filter(window), last, language),
            }
            path = folder / f"TikTok_Studio_{account}_{first.isoformat()}_{last.isoformat()}.zip"
            path.write_bytes(zip_bytes(files, exported))
            written.append(path)
    return written


def windows(start: date, end: date) -> list[tuple[date, date]]:
    """Quarter-long download windows from `start` to `end`, each beginning a week early."""
    found: list[tuple[date, date]] = []
    quarter = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while quarter <= end:
        following = date(quarter.year + (quarter.month + 3 > 12), (quarter.month + 2) % 12 + 1, 1)
        first = max(start, quarter - timedelta(days=OVERLAP_DAYS))
        found.append((first, min(end, following - timedelta(days=1))))
        quarter = following
    return found


def day_text(day: pl.Expr, language: str) -> pl.Expr:
    """A day as the Studio writes it in `language`, without a year."""
    if language == "ja":
        return pl.format("{}月{}日", day.dt.month(), day.dt.day())
    month = day.dt.month().replace_strict(dict(enumerate(MONTHS[language], start=1)), return_dtype=pl.String)
    if language == "pt":
        return pl.format("{} de {}", day.dt.day(), month)
    return pl.format("{} {}", month, day.dt.day())


def number_text(value: pl.Expr) -> pl.Expr:
    """A count as TikTok writes it; `undefined` where there is none."""
    return value.cast(pl.Int64).cast(pl.String).fill_null("undefined")


def play_time(hours: pl.Expr) -> pl.Expr:
    """Watch time as the Studio shows it, `18h:4m:48s`."""
    seconds = (hours * 3600).round(0).cast(pl.Int64)
    text = pl.format("{}h:{}m:{}s", seconds // 3600, seconds % 3600 // 60, seconds % 60)
    return text.fill_null("undefined")


def content_csv(posts: pl.DataFrame, exported: date, language: str) -> bytes:
    """Content.csv: the window's videos, most viewed first."""
    rows = posts.sort(["views", "post_id"], descending=[True, False], nulls_last=True)
    return csv_bytes(
        CONTENT_HEADER,
        rows,
        day_text(pl.lit(exported), language),
        pl.col("text").fill_null(""),
        pl.col("permalink"),
        day_text(pl.col("day"), language),
        number_text(pl.col("likes")),
        number_text(pl.col("comments")),
        number_text(pl.col("shares")),
        number_text(pl.col("views")),
        play_time(pl.col("watch_time_hours")),
        number_text(pl.col("saves")),
    )


def overview_csv(days: pl.DataFrame, posts: pl.DataFrame, language: str) -> bytes:
    """Overview.csv: views and profile views per day, with the day's videos' interactions."""
    per_day = posts.group_by("day").agg(pl.col("likes", "comments", "shares").sum())
    rows = days.join(per_day, left_on="date", right_on="day", how="left")
    return csv_bytes(
        OVERVIEW_HEADER,
        rows,
        day_text(pl.col("date"), language),
        number_text(pl.col("views")),
        number_text(pl.col("profile_visits")),
        *[number_text(pl.col(c).fill_null(0)) for c in ("likes", "comments", "shares")],
    )


def followers_csv(days: pl.DataFrame, first: date, last: date, language: str) -> bytes:
    """FollowerHistory.csv: the count and its net change from the day before."""
    change = pl.coalesce(
        pl.col("followers_gained") - pl.col("followers_lost"),
        pl.when(pl.col("date").diff() == timedelta(days=1)).then(pl.col("followers").diff()),
    )
    rows = days.with_columns(change=change).filter(pl.col("date").is_between(first, last))
    return csv_bytes(
        FOLLOWERS_HEADER,
        rows,
        day_text(pl.col("date"), language),
        number_text(pl.col("followers")),
        number_text(pl.col("change")),
    )


def viewers_csv(days: pl.DataFrame, last: date, language: str) -> bytes:
    """Viewers.csv: unique viewers, `undefined` on the days not processed at download time."""
    processed = pl.col("date") <= last - timedelta(days=UNPROCESSED_DAYS)
    total = pl.when(processed).then(pl.col("reach"))
    split = pl.when(total.is_null()).then(pl.lit("0")).otherwise(pl.lit("undefined"))
    return csv_bytes(
        VIEWERS_HEADER, days, day_text(pl.col("date"), language), number_text(total), split, split
    )


def csv_bytes(header: tuple[str, ...], rows: pl.DataFrame, *fields: pl.Expr) -> bytes:
    """`fields` of `rows` under `header`: every field in quotes and none escaped (TikTok's way),
    UTF-8 with BOM, `\\n` between lines and none at the end."""
    quoted = [pl.lit('"') + field + pl.lit('"') for field in fields]
    lines = rows.select(pl.concat_str(quoted, separator=",").alias("line"))["line"].to_list()
    head = ",".join(f'"{h}"' for h in header)
    return "\ufeff".encode() + "\n".join([head, *lines]).encode("utf-8")


def zip_bytes(files: dict[str, bytes], exported: date) -> bytes:
    """A stored zip of `files`, every entry dated the export day (09:30), Unix permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(exported.year, exported.month, exported.day, 9, 30, 0))
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, content)
    return buffer.getvalue()
