"""The demo brand's Facebook and Instagram data as the files Meta lets a person download.

FORMATS.md sections 1 and 2, under `out/facebook/` and `out/instagram/`:

- Facebook posts: one Meta Business Suite export per month
  (`Sep-01-2025_Sep-30-2025_<16 digits>.csv`, the last month ending on the
  demo's last day), UTF-8 with a BOM, Meta's quoting (a field is quoted only
  when it holds a space, comma, quote or newline). The first months are the
  older generation (`Impressions`, `Reactions, comments and shares`), one
  month the early-2025 transition (`Impressions` and `Views` and
  `Reels_plays:count`), then the `Views` generation; the negative-feedback
  columns come and go from month to month (32, 33 or 34 columns) as in real
  downloads.
- Facebook's first month (August 2025) as the legacy Insights post-level
  export instead (description row, `Posted` as `M/D/YYYY H:MM`, permalinks
  ending in `:0`, the "by action type" breakdowns that carry likes, comments,
  shares and link clicks), so no month is in both post exports; and one
  legacy page-level export covering the whole period, the only Meta file
  with the follower stock and unfollows.
- Instagram posts: one export per month, the pre-2026 months with
  `Impressions` and `Plays` (reel plays), then the 18-column `Views`
  generation, `"Lifetime"` quoted as in the real rows.
- Daily page metrics per quarter, as the Insights export downloads them:
  `Follows.csv`, `Visits.csv`, `Views.csv`, `Viewers.csv` (then `Follows
  (1).csv`… as a browser names the next quarter's), UTF-16 LE with a BOM,
  `sep=,`, a title line and every field quoted, `\r\n` for Facebook and `\n`
  for Instagram; follows list only days with a follow. The last quarter's
  Facebook set also holds `Interactions.csv` and `Link clicks.csv`, which
  kpitui recognises and leaves out.

What the exports carry and the demo has not (durations, other clicks,
negative feedback, engaged users, weekly reach) is derived from the demo's
own numbers, never drawn at random; what neither has (seconds viewed,
earnings) is left blank. Canonical columns no Meta export holds (Facebook
leads, Instagram mentions, the Instagram follower stock) are dropped, and
so are Instagram's video plays in the `Views` generation, which has no
separate plays column.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from . import Canonical

TRANSITION_MONTH: Final = date(2026, 1, 1)
"""The Facebook file of this month carries both `Impressions` and `Views` (and `Reels_plays:count`)."""
FIRST_VIEWS_MONTH: Final = date(2026, 2, 1)
"""Facebook files from this month on are the `Views` generation; those before, `Impressions`."""
FIRST_IG_VIEWS_MONTH: Final = date(2026, 1, 1)
"""Instagram files from this month on are the 18-column `Views` generation."""

FB_HEADER: Final = (
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
    "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
    "Reactions", "Comments", "Shares", "Total clicks", "Other Clicks",
    "Matched Audience Targeting Consumption (Photo Click)", "Link Clicks",
    "Negative feedback from users: Hide all", "Seconds viewed", "Average Seconds viewed",
    "Estimated earnings (USD)", "Ad CPM (USD)", "Ad impressions",
)  # fmt: skip
"""The 33-column baseline of the `Views` generation."""

IG_HEADER: Final = (
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
    "Shares", "Follows", "Comments", "Saves",
)  # fmt: skip

FB_TYPES: Final = {"photo": "Photos", "video": "Videos", "link": "Links", "text": "Text", "reel": "Reels"}
IG_TYPES: Final = {
    "photo": "IG image",
    "carousel": "IG carousel",
    "reel": "IG reel",
    "video": "IG video",
    "story": "IG story",
}
LEGACY_TYPES: Final = {"photo": "Photo", "video": "Video", "link": "Link", "text": "Status"}

LEGACY_POST_HEADER: Final = (
    "Post ID", "Permalink", "Post Message", "Type", "Countries", "Languages", "Posted", "Audience Targeting",
    "Lifetime Post Total Reach", "Lifetime Post organic reach", "Lifetime Post Paid Reach",
    "Lifetime Post Total Impressions", "Lifetime Post Organic Impressions", "Lifetime Post Paid Impressions",
    "Lifetime Engaged Users", "Lifetime Post Consumers", "Lifetime Post Consumptions",
    "Lifetime Organic Video Views", "Lifetime Organic Video Views", "Lifetime Paid Video Views",
    "Lifetime Paid Video Views", "Lifetime Post Stories by action type - like",
    "Lifetime Post Stories by action type - comment", "Lifetime Post Stories by action type - share",
    "Lifetime Post Consumptions by type - link clicks",
)  # fmt: skip
LEGACY_POST_DESCRIPTIONS: Final = (
    "", "", "", "", "", "", "", "",
    "Lifetime: The total number of people your Page post was served to. (Unique Users)",
    "Lifetime: The number of people who saw your Page post in news feed or ticker, or on your Page's "
    "timeline. (Unique Users)",
    "Lifetime: The number of people who saw your Page post in an ad or sponsored story. (Unique Users)",
    "Lifetime: The number of impressions of your Page post. (Total Count)",
    "Lifetime: The number of impressions of your post in News Feed, ticker, or on your Page's Timeline. "
    "(Total Count)",
    "Lifetime: The number of impressions of your Page post in an Ad or Sponsored Story. (Total Count)",
    "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)",
    "Lifetime: The number of people who clicked anywhere in your post. (Unique Users)",
    "Lifetime: The number of clicks anywhere in your post. (Total Count)",
    "Lifetime: Number of unique people who viewed your video for more than 3 seconds without any paid "
    "promotion. (Unique Users)",
    "Lifetime: Number of times your video was viewed for more than 3 seconds without any paid promotion. "
    "(Total Count)",
    "Lifetime: Number of times your video was viewed for more than 3 seconds after paid promotion. "
    "(Total Count)",
    "Lifetime: Number of unique people who viewed your video for more than 3 seconds after paid "
    "promotion. (Unique Users)",
    "Lifetime: The number of stories created about your Page post, by action type. (Total Count)",
    "Lifetime: The number of stories created about your Page post, by action type. (Total Count)",
    "Lifetime: The number of stories created about your Page post, by action type. (Total Count)",
    "Lifetime: The number of clicks anywhere in your post, by type. (Total Count)",
)  # fmt: skip

LEGACY_PAGE_COLUMNS: Final = (
    ("Date", ""),
    ("Lifetime Total Likes", "Lifetime: The total number of people who have liked your Page. (Unique Users)"),
    ("Daily New Likes", "Daily: The number of new people who have liked your Page. (Unique Users)"),
    ("Daily Unlikes", "Daily: The number of Unlikes of your Page. (Unique Users)"),
    ("Daily Total Reach", "Daily: The number of people who had any content from your Page or about your "
     "Page enter their screen. (Unique Users)"),
    ("Weekly Total Reach", "Weekly: The number of people who had any content from your Page or about your "
     "Page enter their screen. (Unique Users)"),
    ("28 Days Total Reach", "28 Days: The number of people who had any content from your Page or about "
     "your Page enter their screen. (Unique Users)"),
    ("Daily Total Impressions", "Daily: The number of times any content from your Page or about your Page "
     "entered a person's screen. (Total Count)"),
    ("Weekly Total Impressions", "Weekly: The number of times any content from your Page or about your "
     "Page entered a person's screen. (Total Count)"),
    ("28 Days Total Impressions", "28 Days: The number of times any content from your Page or about your "
     "Page entered a person's screen. (Total Count)"),
    ("Daily Logged-in Page Views", "Daily: The number of times a Page's profile has been viewed by people "
     "logged in to Facebook. (Total Count)"),
)  # fmt: skip
"""A subset of the 100+ columns of the legacy page-level export, with their descriptions."""

DAILY_FILES: Final = (
    ("Follows", "followers_gained", "{network} follows"),
    ("Visits", "profile_visits", "{network} visits"),
    ("Views", "views", "{views}"),
    ("Viewers", "reach", "{viewers}"),
)
"""File name, the daily column written, the title (Facebook's `Views`/`Viewers` name no network)."""

_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- writing text the way Meta does ------------------------------------------------------

_META_SPECIAL: Final = r'[ ,"\n\r]'
"""Meta's post exports quote a field holding a space, comma, quote or newline."""
_RFC_SPECIAL: Final = r'[,"\n\r]'
"""The legacy Insights export quotes only what RFC 4180 needs."""


def quoted(expr: pl.Expr, special: str | None) -> pl.Expr:
    """A field as text, quoted (with `""` escapes) when it matches `special`, always when None."""
    text = expr.cast(pl.String).fill_null("")
    wrapped = pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')
    if special is None:
        return wrapped
    return pl.when(text.str.contains(special)).then(wrapped).otherwise(text)


def csv_lines(
    frame: pl.DataFrame, header: Sequence[str], special: str | None, *, always: Sequence[str] = ()
) -> list[str]:
    """The header and rows of `frame` (its columns in `header` order) as CSV lines.

    `special` is the quoting rule (None: quote every field); the columns
    named in `always` are quoted whatever they hold (Instagram's `"Lifetime"`).
    """
    fields = [quoted(pl.col(c), None if c in always else special) for c in frame.columns]
    rows = frame.select(pl.concat_str(fields, separator=",").alias("line")).to_series().to_list()
    return [csv_line(header, special), *rows]


def csv_line(fields: Sequence[str], special: str | None) -> str:
    """One line of fixed text fields (a header, the description row) with the same quoting."""
    texts = pl.DataFrame({"f": list(fields)}, schema={"f": pl.String})
    return ",".join(texts.select(quoted(pl.col("f"), special)).to_series().to_list())


def write_text(
    path: Path, lines: Sequence[str], *, encoding: str, newline: str = "\n", bom: bool = True
) -> Path:
    """Write lines, with a BOM unless told: `utf-8` (post exports), `utf-16-le` (daily metric files)."""
    bom_bytes = codecs.BOM_UTF8 if encoding == "utf-8" else codecs.BOM_UTF16_LE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((bom_bytes if bom else b"") + (newline.join(lines) + newline).encode(encoding))
    return path


def range_name(first: date, last: date, salt: str) -> str:
    """`Aug-01-2025_Aug-31-2025_<16 digits>.csv`, the digits fixed by the range and `salt`."""
    digits = int(hashlib.sha256(f"{salt}:{first}:{last}".encode()).hexdigest(), 16) % (9 * 10**15) + 10**15

    def day(d: date) -> str:
        return f"{_MONTHS[d.month - 1]}-{d.day:02d}-{d.year}"

    return f"{day(first)}_{day(last)}_{digits}.csv"


def months(first: date, last: date) -> list[tuple[date, date]]:
    """The calendar months from `first` to `last`, the last one cut at `last`."""
    out: list[tuple[date, date]] = []
    start = first.replace(day=1)
    while start <= last:
        following = (start + timedelta(days=32)).replace(day=1)
        out.append((max(start, first), min(following - timedelta(days=1), last)))
        start = following
    return out


def quarters(first: date, last: date) -> list[tuple[date, date]]:
    """The calendar quarters from `first` to `last`, cut at both ends."""
    spans = months(first, last)
    out: list[tuple[date, date]] = []
    for lo, hi in spans:
        if out and (out[-1][0].month - 1) // 3 == (lo.month - 1) // 3 and out[-1][0].year == lo.year:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _local(posts: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """Posts with `local` (the wall-clock time in the brand's zone) and `day`, oldest first."""
    local = pl.col("published_at").dt.convert_time_zone(timezone).dt.replace_time_zone(None)
    return posts.sort("published_at", "post_id").with_columns(local=local, day=local.dt.date())


def _n(name: str) -> pl.Expr:
    """A count the export always fills: 0 where the demo has none."""
    return pl.col(name).fill_null(0)


def _derived(expr: pl.Expr, divisor: int) -> pl.Expr:
    """A number the export carries and the demo has not, derived from a demo number."""
    return (expr // divisor).cast(pl.Int64)


# --- Facebook posts ------------------------------------------------------------------------


def facebook_posts(posts: pl.DataFrame, first: date, index: int) -> list[str]:
    """The lines of one month's Business Suite export (from `first`), in that month's generation.

    `index` (the month's position) varies the negative-feedback columns as
    real downloads do: `… Hide all` missing every third month, `… Hide`
    added every fifth.
    """
    generation = (
        "views" if first >= FIRST_VIEWS_MONTH else "both" if first >= TRANSITION_MONTH else "impressions"
    )
    text = pl.col("text")
    title_only_description = (pl.int_range(pl.len()) % 9) == 4
    video = pl.col("content_type").is_in(["video", "reel"])
    other = _derived(_n("reach"), 50)
    photo = pl.when(pl.col("content_type") == "photo").then(_derived(_n("impressions"), 80)).otherwise(0)
    frame = posts.select(
        **{
            "Post ID": pl.col("post_id"),
            "Page ID": pl.col("post_id").str.split("_").list.first(),
            "Page name": pl.col("account"),
            "Title": pl.when(title_only_description).then(pl.lit(None)).otherwise(text),
            "Description": pl.when(title_only_description | video).then(text),
            "Duration (sec)": pl.when(video).then(15 + (pl.col("reach") % 106)).otherwise(0),
            "Publish time": pl.col("local").dt.strftime("%m/%d/%Y %H:%M"),
            "Caption type": pl.lit("N/A"),
            "Permalink": pl.col("permalink"),
            "Is crosspost": pl.lit(0),
            "Is share": pl.lit(0),
            "Post type": pl.col("content_type").replace_strict(FB_TYPES, default="Photos"),
            "Languages": pl.lit(None),
            "Custom labels": pl.lit(None),
            "Funded content status": pl.lit(None),
            "Data comment": pl.lit(None),
            "Date": pl.lit("Lifetime"),
            "Impressions": pl.col("impressions"),
            "Views": pl.col("impressions"),
            "Reels_plays:count": pl.col("views"),
            "Reach": pl.col("reach"),
            "Reactions, Comments and Shares": _n("likes") + _n("comments") + _n("shares"),
            "Reactions": _n("likes"),
            "Comments": _n("comments"),
            "Shares": _n("shares"),
            "Total clicks": _n("link_clicks") + other + photo,
            "Other Clicks": other,
            "Matched Audience Targeting Consumption (Photo Click)": photo,
            "Link Clicks": _n("link_clicks"),
            "Negative feedback from users: Hide": _derived(_n("reach"), 2500),
            "Negative feedback from users: Hide all": _derived(_n("reach"), 4000),
            "Seconds viewed": pl.lit(None),
            "Average Seconds viewed": pl.lit(None),
            "Estimated earnings (USD)": pl.lit(None),
            "Ad CPM (USD)": pl.lit(None),
            "Ad impressions": pl.lit(None),
        }
    )
    header = list(FB_HEADER)
    if generation == "impressions":
        header[header.index("Views")] = "Impressions"
        header[header.index("Reactions, Comments and Shares")] = "Reactions, comments and shares"
        frame = frame.rename({"Reactions, Comments and Shares": "Reactions, comments and shares"})
    elif generation == "both":
        at = header.index("Views")
        header[at:at] = ["Impressions"]
        header.insert(at + 2, "Reels_plays:count")
    if index % 3 == 2:
        header.remove("Negative feedback from users: Hide all")
    if index % 5 == 4 or generation == "both":
        at = header.index("Seconds viewed")
        header.insert(at, "Negative feedback from users: Hide")
    return csv_lines(frame.select(header), header, _META_SPECIAL)


def legacy_posts(posts: pl.DataFrame) -> list[str]:
    """The legacy Insights post-level export: header, description row, one row per post.

    The header repeats names (`Lifetime Organic Video Views`, once per
    unique users and once as a total count), so the columns are positional.
    """
    interactions = _n("likes") + _n("comments") + _n("shares")
    engaged = pl.min_horizontal(pl.col("reach"), interactions + _n("link_clicks"))
    video = pl.col("views")
    columns = [
        pl.col("post_id"),
        pl.col("permalink") + ":0",
        pl.col("text"),
        pl.col("content_type").replace_strict(LEGACY_TYPES, default="Photo"),
        pl.lit(None, pl.String),
        pl.lit(None, pl.String),
        pl.col("local").dt.strftime("%-m/%-d/%Y %-H:%M"),
        pl.lit(" "),
        pl.col("reach"),
        pl.col("reach"),
        pl.lit(0),
        pl.col("impressions"),
        pl.col("impressions"),
        pl.lit(0),
        engaged,
        engaged,
        _n("link_clicks") + _derived(_n("reach"), 50),
        video,
        video,
        video,
        video,
        pl.col("likes"),
        pl.col("comments"),
        pl.col("shares"),
        pl.col("link_clicks"),
    ]
    frame = posts.select(e.alias(f"c{i}") for i, e in enumerate(columns))
    lines = csv_lines(frame, LEGACY_POST_HEADER, _RFC_SPECIAL)
    descriptions = csv_line(LEGACY_POST_DESCRIPTIONS, _RFC_SPECIAL)
    return [lines[0], descriptions, *lines[1:]]


# --- Instagram posts -----------------------------------------------------------------------


def instagram_posts(posts: pl.DataFrame, first: date) -> list[str]:
    """One month's Instagram export: `Impressions` + `Plays` before 2026, then `Views`."""
    reel = pl.col("content_type") == "reel"
    frame = posts.select(
        **{
            "Post ID": pl.col("post_id"),
            "Account ID": pl.lit(account_id(posts)),
            "Account username": pl.col("account"),
            "Account name": pl.lit("Bramble & Bean"),
            "Description": pl.col("text"),
            "Duration (sec)": pl.when(reel).then(12 + (pl.col("reach") % 49)).otherwise(0),
            "Publish time": pl.col("local").dt.strftime("%m/%d/%Y %H:%M"),
            "Permalink": pl.col("permalink"),
            "Post type": pl.col("content_type").replace_strict(IG_TYPES, default="IG image"),
            "Data comment": pl.lit(None),
            "Date": pl.lit("Lifetime"),
            "Impressions": pl.col("impressions"),
            "Views": pl.col("impressions"),
            "Plays": pl.col("views"),
            "Reach": pl.col("reach"),
            "Likes": pl.col("likes"),
            "Shares": pl.col("shares"),
            "Follows": pl.col("follows"),
            "Comments": pl.col("comments"),
            "Saves": pl.col("saves"),
        }
    )
    header = list(IG_HEADER)
    if first < FIRST_IG_VIEWS_MONTH:
        at = header.index("Views")
        header[at : at + 1] = ["Impressions", "Plays"]
    return csv_lines(frame.select(header), header, _META_SPECIAL, always=("Date",))


def account_id(posts: pl.DataFrame) -> str:
    """A fixed 17-digit Instagram account id for the demo account (Meta's ids start 1784…)."""
    name = posts.get_column("account")[0] if posts.height else ""
    return "1784" + str(int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**13).zfill(13)


# --- daily files ---------------------------------------------------------------------------


def daily_lines(days: pl.DataFrame, column: str, title: str) -> list[str]:
    """A Business Suite daily metric file: `sep=,`, the title, `"Date","Primary"`, every field quoted.

    Follows list only the days with a follow, as Meta writes them.
    """
    rows = days.filter(pl.col(column).is_not_null())
    if column == "followers_gained":
        rows = rows.filter(pl.col(column) > 0)
    frame = rows.select(pl.col("date").dt.strftime("%Y-%m-%dT00:00:00"), pl.col(column))
    return ["sep=,", f'"{title}"', *csv_lines(frame, ("Date", "Primary"), None)]


def legacy_page(days: pl.DataFrame) -> list[str]:
    """The legacy Insights page-level export over every day: header, descriptions, one row a day.

    Weekly and 28-day figures are the sums of the days before (the demo has
    no unique-people counts over a week), which is what the file means.
    """
    columns = [
        pl.col("date").dt.strftime("%Y-%m-%d"),
        pl.col("followers"),
        pl.col("followers_gained"),
        pl.col("followers_lost"),
        pl.col("reach"),
        pl.col("reach").rolling_sum(7, min_samples=1),
        pl.col("reach").rolling_sum(28, min_samples=1),
        pl.col("impressions"),
        pl.col("impressions").rolling_sum(7, min_samples=1),
        pl.col("impressions").rolling_sum(28, min_samples=1),
        pl.col("profile_visits"),
    ]
    frame = days.sort("date").select(e.alias(f"c{i}") for i, e in enumerate(columns))
    header = [name for name, _ in LEGACY_PAGE_COLUMNS]
    lines = csv_lines(frame, header, _RFC_SPECIAL)
    descriptions = csv_line([d for _, d in LEGACY_PAGE_COLUMNS], _RFC_SPECIAL)
    return [lines[0], descriptions, *lines[1:]]


# --- the whole set -------------------------------------------------------------------------


def _clear(folder: Path) -> None:
    """Remove the files an earlier run wrote in `folder` (this writer owns it)."""
    if folder.is_dir():
        for old in folder.iterdir():
            if old.is_file() and old.suffix == ".csv":
                old.unlink()


def _numbered(name: str, index: int) -> str:
    """`Follows.csv`, then `Follows (1).csv`…: how a browser names repeat downloads."""
    return f"{name}.csv" if index == 0 else f"{name} ({index}).csv"


def write(data: Canonical, out: Path) -> list[Path]:
    """Write the demo's Facebook and Instagram exports under `out/facebook` and `out/instagram`."""
    written: list[Path] = []
    fb_dir, ig_dir = out / "facebook", out / "instagram"
    _clear(fb_dir)
    _clear(ig_dir)
    posts = _local(data.posts, data.timezone)
    daily = data.daily.sort("date")
    fb_posts = posts.filter(pl.col("network") == "facebook")
    ig_posts = posts.filter(pl.col("network") == "instagram")
    fb_days = daily.filter(pl.col("network") == "facebook")
    ig_days = daily.filter(pl.col("network") == "instagram")
    if daily.is_empty():
        return written
    first, last = daily.row(0, named=True)["date"], daily.row(-1, named=True)["date"]
    fb_months = months(first, last)
    for index, (lo, hi) in enumerate(fb_months):
        month = fb_posts.filter(pl.col("day").is_between(lo, hi))
        if index == 0:
            page = month.get_column("account")[0] if month.height else "page"
            name = f"Facebook Insights Data Export (Post Level) - {page} - {hi + timedelta(days=1)}.csv"
            written.append(write_text(fb_dir / name, legacy_posts(month), encoding="utf-8", bom=False))
            continue
        lines = facebook_posts(month, lo, index)
        written.append(write_text(fb_dir / range_name(lo, hi, "facebook"), lines, encoding="utf-8"))
    for lo, hi in months(first, last):
        lines = instagram_posts(ig_posts.filter(pl.col("day").is_between(lo, hi)), lo)
        written.append(write_text(ig_dir / range_name(lo, hi, "instagram"), lines, encoding="utf-8"))
    spans = quarters(first, last)
    for index, (lo, hi) in enumerate(spans):
        for folder, network, days_of, newline in (
            (fb_dir, "Facebook", fb_days, "\r\n"),
            (ig_dir, "Instagram", ig_days, "\n"),
        ):
            part = days_of.filter(pl.col("date").is_between(lo, hi))
            for name, column, title in DAILY_FILES:
                views = "Views" if network == "Facebook" else "Instagram views"
                viewers = "Viewers" if network == "Facebook" else "Instagram viewers"
                text = title.format(network=network, views=views, viewers=viewers)
                lines = daily_lines(part, column, text)
                path = folder / _numbered(name, index)
                written.append(write_text(path, lines, encoding="utf-16-le", newline=newline))
    lo, hi = spans[-1]
    last_posts = fb_posts.filter(pl.col("day").is_between(lo, hi))
    per_day = last_posts.group_by("day").agg(
        interactions=(_n("likes") + _n("comments") + _n("shares")).sum(), clicks=_n("link_clicks").sum()
    )
    calendar = fb_days.filter(pl.col("date").is_between(lo, hi)).select("date")
    per_day = calendar.join(per_day.rename({"day": "date"}), on="date", how="left").fill_null(0)
    for name, column, title in (
        ("Interactions", "interactions", "Content interactions"),
        ("Link clicks", "clicks", "Facebook link clicks"),
    ):
        lines = daily_lines(per_day, column, title)
        path = fb_dir / f"{name}.csv"
        written.append(write_text(path, lines, encoding="utf-16-le", newline="\r\n"))
    page = fb_posts.get_column("account")[0] if fb_posts.height else "page"
    name = f"Facebook Insights Data Export - {page} - {last + timedelta(days=1)}.csv"
    written.append(write_text(fb_dir / name, legacy_page(fb_days), encoding="utf-8"))
    return written
