"""The demo brand's LinkedIn data as the workbooks LinkedIn Page analytics lets an admin download.

FORMATS.md section 4. One set of the three exports per calendar quarter (the
page's usual reporting rhythm), each named as LinkedIn names its downloads,
`<page>_<type>_<epoch-millis>.xls`:

- `<page>_content_<millis>.xls`: sheet `Metrics` (a note row, the header,
  one row per day of the quarter, organic / sponsored / total columns,
  fraction engagement rates, `Date` as `MM/DD/YYYY` text) and sheet `All
  posts` (a note row, the 20-column header, one row per post created in the
  quarter, newest first, lifetime metrics);
- `<page>_followers_<millis>.xls`: `New followers` (header on row 1; `Total
  followers` is the number of new followers that day) and the five
  demographic sheets;
- `<page>_visitors_<millis>.xls`: the 25-column `Visitor metrics` and the five
  demographic sheets.

The real files are legacy .xls, written here with xlwt. The last quarter is
written as .xlsx (xlsxwriter, fixed document properties), as some tools
re-save them, so that both of kpitui's workbook paths are exercised. The
export time in each name is fixed (two days after the quarter's last day,
in the morning), so the same data gives byte-identical files.

What the demo holds and what the files need differ; the differences are
derived, never invented per post or per day:

- the demo has no daily LinkedIn impressions, so `Metrics` spreads each
  post's lifetime metrics over the four days from its publication (60 %,
  25 %, 10 %, 5 %, the rest on the first day; spill-over past the demo's
  last day lands on that day), so a sum over the whole range equals the
  sum over the posts; `Unique impressions (organic)` spreads the posts'
  reach the same way. The demo runs no ads: every sponsored column is 0;
- `All posts` carries no reach, profile clicks or leads (LinkedIn exports
  none); `Views` is blank because the demo's LinkedIn posts are not videos;
  `Content Type` is `Document` for documents, `Article` for link posts and
  blank for photos and text, as LinkedIn leaves it;
- `New followers` splits each day's gain into auto-invited (an eighth,
  rounded down) and organic (the rest); LinkedIn exports no unfollows and
  no follower count, so neither appears;
- `Visitor metrics` splits each day's page views into the overview (80 %),
  life (12 %) and jobs (8 %) sections and into desktop (58 %) and mobile,
  with unique visitors at about 70 % of views;
- the demographic sheets share the quarter's last follower count (or page
  views) among fixed categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from . import Canonical

NETWORK: Final = "linkedin"

METRICS_HEADER: Final = (
    "Date",
    "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
    "Unique impressions (organic)",
    "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
    "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)",
    "Comments (organic)", "Comments (sponsored)", "Comments (total)",
    "Reposts (organic)", "Reposts (sponsored)", "Reposts (total)",
    "Engagement rate (organic)", "Engagement rate (sponsored)", "Engagement rate (total)",
)  # fmt: skip
POSTS_HEADER: Final = (
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views", "Offsite Views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
    "Content Type",
)  # fmt: skip
FOLLOWERS_HEADER: Final = (
    "Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers",
)  # fmt: skip
SECTIONS: Final = (("Overview", 80), ("Life", 12), ("Jobs", 8))
"""Page sections of `Visitor metrics` and their share of page views, in percent."""
DEVICES: Final = ("desktop", "mobile", "total")
DESKTOP_PERCENT: Final = 58
UNIQUE_PERCENT: Final = 70

SPREAD: Final = (60, 25, 10, 5)
"""Percent of a post's lifetime metrics seen on each day from its publication."""

CONTENT_TYPES: Final = {"document": "Document", "link": "Article", "video": "Video"}
"""kpitui content type → LinkedIn's sparse `Content Type` (blank for the others)."""

DEMOGRAPHICS: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "Location": (
        ("Paris, Île-de-France", 31), ("Lyon, Auvergne-Rhône-Alpes", 12), ("Bordeaux, Nouvelle-Aquitaine", 7),
        ("Brussels, Brussels Region", 6), ("Lille, Hauts-de-France", 5), ("Nantes, Pays de la Loire", 4),
    ),
    "Job function": (
        ("Business Development", 18), ("Operations", 15), ("Sales", 13), ("Entrepreneurship", 11),
        ("Marketing", 10), ("Purchasing", 6),
    ),
    "Seniority": (
        ("Senior", 29), ("Entry", 22), ("Manager", 16), ("Owner", 12), ("Director", 7), ("Unpaid", 3),
    ),
    "Industry": (
        ("Food and Beverage Services", 27), ("Restaurants", 18), ("Retail", 12), ("Hospitality", 10),
        ("Food and Beverage Manufacturing", 8), ("Wholesale", 6),
    ),
    "Company size": (
        ("2-10", 24), ("11-50", 21), ("51-200", 14), ("1", 11), ("201-500", 8), ("10,001+", 5),
    ),
}  # fmt: skip
"""The five demographic sheets: category and its share (percent) of the total; LinkedIn lists the top ones."""

METRICS_NOTE: Final = "Aggregated metrics of the page's updates for {start} - {end}, by day."
POSTS_NOTE: Final = "All updates created from {start} to {end}; metrics are lifetime values at export time."

_EXPORT_CLOCK: Final = {
    "content": (8, 12, 31, 412),
    "followers": (8, 13, 18, 906),
    "visitors": (8, 14, 2, 57),
}
"""Time (UTC hour, minute, second, millisecond) of each download, two days after the quarter."""

Row = Sequence[object]


def write(data: Canonical, out: Path) -> list[Path]:
    """Write the three LinkedIn exports of every quarter and account under `out/linkedin/`."""
    folder = out / NETWORK
    folder.mkdir(parents=True, exist_ok=True)
    for old in sorted(folder.glob("*.xls*")):
        old.unlink()
    posts = data.posts.filter(pl.col("network") == NETWORK).with_columns(
        day=pl.col("published_at").dt.convert_time_zone(data.timezone).dt.date()
    )
    daily = data.daily.filter(pl.col("network") == NETWORK)
    if daily.is_empty():
        return []
    first, last = daily.get_column("date").min(), daily.get_column("date").max()
    assert isinstance(first, date) and isinstance(last, date)
    written: list[Path] = []
    quarters = _quarters(first, last)
    for account in sorted(daily.get_column("account").unique().to_list()):
        mine = posts.filter(pl.col("account") == account)
        days = daily.filter(pl.col("account") == account).sort("date")
        spread = _spread(mine, last)
        for index, (start, end) in enumerate(quarters):
            suffix = ".xlsx" if index == len(quarters) - 1 else ".xls"

            def name(kind: str, end: date = end, account: str = account, suffix: str = suffix) -> Path:
                return folder / f"{account}_{kind}_{_millis(end, kind)}{suffix}"

            in_quarter = pl.col("date").is_between(start, end)
            span = {"start": f"{start:%m/%d/%Y}", "end": f"{end:%m/%d/%Y}"}
            content = {
                "Metrics": [
                    [METRICS_NOTE.format(**span)],
                    METRICS_HEADER,
                    *_metrics_rows(spread, start, end),
                ],
                "All posts": [
                    [POSTS_NOTE.format(**span)],
                    POSTS_HEADER,
                    *_post_rows(mine.filter(pl.col("day").is_between(start, end)), account),
                ],
            }
            quarter = days.filter(in_quarter)
            followers = {
                "New followers": [FOLLOWERS_HEADER, *_follower_rows(quarter)],
                **_demographics(_last_value(days, end, "followers"), "Total followers"),
            }
            visitors = {
                "Visitor metrics": [_visitor_header(), *_visitor_rows(quarter)],
                **_demographics(quarter.get_column("profile_visits").fill_null(0).sum(), "Total views"),
            }
            for kind, sheets in (("content", content), ("followers", followers), ("visitors", visitors)):
                written.append(_workbook(name(kind), sheets))
    return written


def _quarters(first: date, last: date) -> list[tuple[date, date]]:
    """Calendar quarters covering first..last, clipped to that range."""
    found: list[tuple[date, date]] = []
    start = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while start <= last:
        following = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
        found.append((max(start, first), min(following - timedelta(days=1), last)))
        start = following
    return found


def _millis(end: date, kind: str) -> int:
    """The epoch millis LinkedIn puts in the file name: a fixed morning two days after `end`."""
    hour, minute, second, milli = _EXPORT_CLOCK[kind]
    day = end + timedelta(days=2)
    at = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    return int(at.timestamp()) * 1000 + milli


def _spread(posts: pl.DataFrame, last: date) -> pl.DataFrame:
    """Each post's lifetime metrics spread over the days from its publication, summed per day.

    Whole numbers: every day after the first gets its share rounded down,
    the first day the rest, so the sums over days equal the sums over posts.
    """
    metrics = ["impressions", "reach", "link_clicks", "likes", "comments", "shares"]
    offsets = pl.DataFrame({"offset": list(range(len(SPREAD))), "percent": list(SPREAD)})
    parts = (
        posts.select("day", *[pl.col(m).fill_null(0) for m in metrics])
        .with_row_index("__post")
        .join(offsets, how="cross")
        .with_columns(**{f"{m}__later": (pl.col(m) * pl.col("percent")) // 100 for m in metrics})
    )
    rest = {
        m: pl.col(m) - pl.col(f"{m}__later").filter(pl.col("offset") > 0).sum().over("__post")
        for m in metrics
    }
    parts = parts.with_columns(
        **{m: pl.when(pl.col("offset") == 0).then(rest[m]).otherwise(pl.col(f"{m}__later")) for m in metrics},
        date=pl.min_horizontal(pl.col("day") + pl.duration(days=pl.col("offset")), pl.lit(last)),
    )
    return parts.group_by("date").agg(pl.col(metrics).sum()).sort("date")


def _metrics_rows(spread: pl.DataFrame, start: date, end: date) -> list[Row]:
    """`Metrics` rows for every day of start..end (zeros on days without activity)."""
    days = pl.DataFrame({"date": pl.date_range(start, end, eager=True)})
    frame = days.join(spread, on="date", how="left").fill_null(0)
    engaged = pl.col("link_clicks") + pl.col("likes") + pl.col("comments") + pl.col("shares")
    rate = pl.when(pl.col("impressions") > 0).then((engaged / pl.col("impressions")).round(6)).otherwise(0.0)
    zero = pl.lit(0)
    table = frame.select(
        pl.col("date").dt.strftime("%m/%d/%Y"),
        pl.col("impressions"), zero.alias("i_s"), pl.col("impressions").alias("i_t"),
        pl.col("reach"),
        pl.col("link_clicks"), zero.alias("c_s"), pl.col("link_clicks").alias("c_t"),
        pl.col("likes"), zero.alias("r_s"), pl.col("likes").alias("r_t"),
        pl.col("comments"), zero.alias("m_s"), pl.col("comments").alias("m_t"),
        pl.col("shares"), zero.alias("s_s"), pl.col("shares").alias("s_t"),
        rate.alias("rate"), pl.lit(0.0).alias("rate_s"), rate.alias("rate_t"),
    )  # fmt: skip
    return [list(row) for row in table.iter_rows()]


def _post_rows(posts: pl.DataFrame, account: str) -> list[Row]:
    """`All posts` rows, newest first."""
    n = {m: pl.col(m).fill_null(0) for m in ("impressions", "link_clicks", "likes", "comments", "shares")}
    follows = pl.col("follows").fill_null(0)
    impressions = n["impressions"]
    engaged = n["link_clicks"] + n["likes"] + n["comments"] + n["shares"] + follows

    def ratio(e: pl.Expr) -> pl.Expr:
        return pl.when(impressions > 0).then((e / impressions).round(6)).otherwise(0.0)

    blank = pl.lit(None, pl.String)
    table = posts.sort("published_at", "post_id", descending=True).select(
        pl.col("text"),
        pl.col("permalink"),
        pl.lit("Organic"),
        blank.alias("campaign"),
        pl.lit(account).alias("posted_by"),
        pl.col("day").dt.strftime("%m/%d/%Y"),
        blank.alias("campaign_start"),
        blank.alias("campaign_end"),
        pl.lit("All followers").alias("audience"),
        impressions,
        pl.col("views"),
        blank.alias("offsite"),
        n["link_clicks"],
        ratio(n["link_clicks"]).alias("ctr"),
        n["likes"],
        n["comments"],
        n["shares"],
        follows,
        ratio(engaged).alias("rate"),
        pl.col("content_type").replace_strict(CONTENT_TYPES, default=None, return_dtype=pl.String),
    )
    return [list(row) for row in table.iter_rows()]


def _follower_rows(days: pl.DataFrame) -> list[Row]:
    """`New followers` rows: each day's gain split into organic and auto-invited."""
    gained = pl.col("followers_gained").fill_null(0)
    table = days.select(
        pl.col("date").dt.strftime("%m/%d/%Y"),
        pl.lit(0).alias("sponsored"),
        (gained - gained // 8).alias("organic"),
        (gained // 8).alias("invited"),
        gained.alias("total"),
    )
    return [list(row) for row in table.iter_rows()]


def _visitor_header() -> list[str]:
    """`Date` and, per section then the page as a whole, page views and unique visitors per device."""
    names = [name for name, _ in SECTIONS] + ["Total"]
    return ["Date"] + [
        f"{section} {what} ({device})"
        for section in names
        for what in ("page views", "unique visitors")
        for device in DEVICES
    ]


def _visitor_rows(days: pl.DataFrame) -> list[Row]:
    """`Visitor metrics` rows whose `Total page views (total)` is the day's profile visits."""
    views = pl.col("profile_visits").fill_null(0)
    shares = {name: views * percent // 100 for name, percent in SECTIONS[1:]}
    section_views = {SECTIONS[0][0]: views - sum(shares.values()), **shares}
    columns: list[pl.Expr] = [pl.col("date").dt.strftime("%m/%d/%Y")]
    desktops: list[pl.Expr] = []
    for name, total in section_views.items():
        desktop = total * DESKTOP_PERCENT // 100
        desktops.append(desktop)
        columns += _device_columns(name, desktop, total - desktop)
    desktop = pl.sum_horizontal(desktops)
    columns += _device_columns("Total", desktop, views - desktop)
    table = days.select(columns)
    return [list(row) for row in table.iter_rows()]


def _device_columns(section: str, desktop: pl.Expr, mobile: pl.Expr) -> list[pl.Expr]:
    """Page views then unique visitors of one section, for desktop, mobile and the total."""
    unique = [e * UNIQUE_PERCENT // 100 for e in (desktop, mobile)]
    values = [desktop, mobile, desktop + mobile, unique[0], unique[1], unique[0] + unique[1]]
    return [e.alias(f"{section}_{i}") for i, e in enumerate(values)]


def _last_value(days: pl.DataFrame, end: date, column: str) -> int:
    """The last known value of a stock on or before `end` (0 when none)."""
    known = days.filter((pl.col("date") <= end) & pl.col(column).is_not_null())
    return int(known.get_column(column)[-1]) if known.height else 0


def _demographics(total: int, label: str) -> dict[str, list[Row]]:
    """The five demographic sheets: each category's share of `total`, rounded down."""
    return {
        sheet: [[sheet, label], *[[name, total * percent // 100] for name, percent in categories]]
        for sheet, categories in DEMOGRAPHICS.items()
    }


def _workbook(path: Path, sheets: dict[str, list[Row]]) -> Path:
    """Write `sheets` as .xls (xlwt) or .xlsx (xlsxwriter), by the suffix; None is an empty cell."""
    if path.suffix == ".xls":
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        for name, rows in sheets.items():
            sheet = book.add_sheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
        book.save(str(path))
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": datetime(2026, 1, 1, 0, 0, 0), "author": "LinkedIn"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write_number(r, c, value)
    book.close()
    return path
