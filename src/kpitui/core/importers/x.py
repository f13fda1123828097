"""X (Twitter) analytics exports, FORMATS.md section 3.

Four files, two generations:

- `x-tweets`: the classic analytics.twitter.com "By Tweet" export
  (`tweet_activity_metrics_<handle>_<YYYYMMDD>_<YYYYMMDD>_<lang>.csv`) → posts;
- `x-daily`: the classic "By day" export (`daily_tweet_activity_metrics_…`) → daily;
- `x-content`: the X Premium account analytics content export
  (`account_analytics_content_YYYY-MM-DD_YYYY-MM-DD.csv`) → posts;
- `x-overview`: the X Premium account overview export
  (`account_overview_analytics.csv`) → daily.

A real content export differs from the documented one (FORMATS.md, real
files): `Link` for `Post Link`, `Share` for `Shares`, `Url clicks`, dates
`Mon Feb 17 2025` without commas, CRLF line ends; all are read. No
translated X export in French, Spanish, Portuguese, German or Italian has
been found (only Japanese headers of the Premium content export, seen in a
user's script), so no translated header is read: none is guessed.

What each file brings (→ canonical column → KPI of KPIS.md):

| file | column | → |
|---|---|---|
| per tweet (classic) | `Tweet id`, `Tweet permalink`, `Tweet text`, `time` | the post |
| | `impressions` | impressions → impressions, engagement_rate, ctr |
| | `likes`, `replies`, `retweets` | likes, comments, shares → interactions |
| | `url clicks` | link_clicks → link_clicks, ctr |
| | `user profile clicks`, `hashtag clicks` | profile_clicks, hashtag_clicks → same KPIs |
| | `engagements`, `follows` | platform_engagements, follows (kept, no KPI) |
| per day (classic) | `impressions` | daily.impressions → account_impressions |
| content (Premium) | `Post id`, `Date`, `Post text`, `Post Link` | the post |
| | `Impressions` | impressions → impressions, engagement_rate, ctr |
| | `Likes`, `Replies`, `Reposts`, `Bookmarks` | likes, comments, shares, saves → interactions |
| | `URL Clicks` | link_clicks → link_clicks, ctr |
| | `Profile visits`, `Hashtag Clicks` | profile_clicks, hashtag_clicks → same KPIs |
| | `Engagements`, `New follows` | platform_engagements, follows (kept, no KPI) |
| overview (Premium) | `Impressions` | daily.impressions → account_impressions |
| | `Video views` | daily.views → account_views |
| | `New follows`, `Unfollows` | followers_gained, followers_lost → net_follower_change |
| | `Profile visits` | daily.profile_visits → profile_visits |

Choices where the exports (or FORMATS.md) leave room:

- Organic only. The classic files split every metric into an organic column
  and a `promoted …` twin (`-` when the tweet was not promoted); kpitui reads
  the organic columns, the same figures the X Premium exports give, and
  ignores the promoted ones (paid reach is not what the objectives measure).
- Retweets and reposts are `shares`, replies `comments`, bookmarks `saves`,
  url clicks `link_clicks`, user profile clicks (classic) and profile visits
  (Premium, per post) `profile_clicks`, X's own engagements column
  `platform_engagements` (it counts clicks, unlike kpitui's interactions).
- Not read: `media views` (X counts every view of images and GIFs as well as
  video plays, so it is not the canonical `views`), the engagement rate
  (recomputed as a ratio of sums), detail expands, permalink clicks, app and
  email/phone actions, and the Premium `Shares` column (sends by DM or link,
  which are not reposts).
- Content type: neither file says it. A post whose text holds a URL is
  `link`, any other `text`: the only distinction the text supports. Photos
  and videos therefore read as `text` (their media links are not in the text).
- Daily, classic: only `impressions` has a daily canonical meaning. Its
  `follows` are follows from tweets (not every new follower, and there are
  no unfollows), and its `user profile clicks` are clicks from tweets (not
  profile visits), so neither is mapped to the account's daily figures.
- Daily, Premium overview: `New follows` and `Unfollows` are the follower
  flows, `Profile visits` and `Video views` the account's; there is no
  follower total, so `followers` stays null. Its daily `Likes`,
  `Engagements`, `Bookmarks`, `Shares`, `Replies`, `Reposts` and `Create
  Post` have no daily canonical column (interactions are counted per post),
  nor has `Media views` (views of images and GIFs too, not `views`).
- Publication time, Premium: the `Date` column has no time. X post ids are
  Snowflake ids that carry their creation time (milliseconds since
  2010-11-04 01:42:54.657 UTC in the bits above the 22nd), so when the time
  an id carries falls on the file's `Date` (in the workspace time zone, or
  in UTC), that exact time is used; otherwise the post is published at
  midnight of `Date` in the workspace time zone, with a warning saying how
  many posts lost their time of day. Midnight for every post would pile
  them all into one hour of the best-time-to-post heatmap.
- HTML entities: the classic text is HTML-escaped (`&amp;`, `&gt;`,
  VERIFIED); the Premium export comes from the same backend and is unescaped
  too (a post that literally types `&amp;` is far rarer than one with `&`).
- Account: the handle of the standard classic file name; else the handle of
  each post's link (`https://twitter.com/<handle>/status/<id>` or x.com);
  else `--account`; else null, for the workspace to fill.
- `exported_at`: the day after the last day a standard file name covers
  (the classic end date, which is exclusive; the content export's end date
  plus one), at 00:00 UTC; the overview's name carries no dates.
- Bad rows fail the whole file: these files are written by X, so a cell that
  does not read means the file was edited or damaged, and importing the
  rest would under-count a month without anyone noticing.

Speed (benchmarks/import_x.py): a per-tweet file exactly as X writes it is
read on a fast path (only the columns used, metrics parsed by the CSV
reader, every check in one parallel pass, a global comma count for ragged
rows, entities decoded on the rows that hold an `&`); anything else falls
back to the general parsers of `values`, which name the bad cell. The small
files (daily, Premium) try one cast per column before the general parser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from kpitui.core.importers import values as v
from kpitui.core.importers.base import Importer, ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, no_rows, read_strings
from kpitui.core.importers.declared import DeclaredImporter, Format, Header
from kpitui.core.importers.names.x import NAMES
from kpitui.core.schema import TableName

NETWORK: Final = "x"

_CLASSIC_NAME: Final = re.compile(
    r"^(?P<daily>daily_)?tweet_activity_metrics_(?P<handle>.+?)_(?P<start>\d{8})_(?P<end>\d{8})"
    r"(?:_[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)?(?:\s*\(\d+\))?\.csv$",
    re.IGNORECASE,
)
"""`tweet_activity_metrics_<handle>_<start>_<end>_<lang>.csv`, maybe ` (1)` from a repeat download."""
_CONTENT_NAME: Final = re.compile(
    r"^account_analytics_content_(?P<start>\d{4}-\d{2}-\d{2})_(?P<end>\d{4}-\d{2}-\d{2})(?:\s*\(\d+\))?\.csv$",
    re.IGNORECASE,
)
_LINK_HANDLE: Final = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([^/?#\s]+)/status(?:es)?/"
_URL: Final = r"(?:https?://|HTTPS?://|\bwww\.|\bWWW\.)\S"
"""A URL in a post's text (alternatives of literals: fast, unlike a case-insensitive pattern)."""
_SNOWFLAKE_EPOCH_MS: Final = 1_288_834_974_657
"""Twitter's epoch: a Snowflake id is ((ms since this) << 22) | worker and sequence bits."""

_COUNT: Final = "a whole number such as 1777 or 1777.0 (- when X has none)"
_ID: Final = "a post id of digits such as 1465789012345678901 (a spreadsheet may have rounded it to 1.46E+18)"

CLASSIC_POST_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("impressions",),
    "platform_engagements": ("engagements",),
    "shares": ("retweets",),
    "comments": ("replies",),
    "likes": ("likes",),
    "profile_clicks": ("user profile clicks",),
    "link_clicks": ("url clicks",),
    "hashtag_clicks": ("hashtag clicks",),
    "follows": ("follows",),
}
"""Canonical post metric → the classic per-tweet column (its English name in `names.x`, which
also spells `favorites`, the name before Nov 2015)."""

CLASSIC_DAILY_METRICS: Final[dict[str, tuple[str, ...]]] = {"impressions": ("impressions",)}

CONTENT_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("impressions",),
    "likes": ("likes",),
    "platform_engagements": ("engagements",),
    "saves": ("bookmarks",),
    "follows": ("new follows",),
    "comments": ("replies",),
    "shares": ("reposts",),
    "profile_clicks": ("profile visits",),
    "link_clicks": ("url clicks",),
    "hashtag_clicks": ("hashtag clicks",),
}

OVERVIEW_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("impressions",),
    "followers_gained": ("new follows",),
    "followers_lost": ("unfollows",),
    "profile_visits": ("profile visits",),
    "views": ("video views",),
}


# --- shared helpers -------------------------------------------------------------------------------


def _read(importer: DeclaredImporter, sample: Sample) -> tuple[pl.DataFrame, Header]:
    """Every field as text, plus `_row`, and its columns by English name; InputError when
    the file lacks a required column or has no rows.

    Columns keep the file's spelling (trimmed), so that messages name them
    as the person sees them.
    """
    raw = read_strings(sample.path, sample.data, len(sample.header))
    raw = raw.rename({c: c.strip() for c in raw.columns if c != ROW})
    header = importer.header(raw.columns)
    importer.require(sample.path, header)
    if raw.is_empty():
        raise no_rows(sample.path)
    return raw, header


def _whole(expr: pl.Expr) -> pl.Expr:
    """Fast path for a count: a plain number with no fraction (`1777.0`, `81`), else null."""
    value = expr.cast(pl.Float64, strict=False)
    return pl.when(value == value.floor()).then(value.cast(pl.Int64, strict=False))


def _digits(expr: pl.Expr) -> pl.Expr:
    text = v.cleaned(expr)
    return pl.when(text.str.contains(r"^\d+$")).then(text)


class _Column:
    """How one canonical column is read: a fast expression, and the general conversion.

    The fast expression handles what X writes; when it leaves a non-empty
    cell null somewhere, the general parser of `conversion` runs instead and
    names the bad cell if there is one.
    """

    __slots__ = ("conversion", "fast")

    def __init__(self, conversion: v.Conversion, fast: pl.Expr | None = None) -> None:
        self.conversion = conversion
        self.fast = conversion.parse if fast is None else fast


def _count(source: str) -> _Column:
    return _Column(v.native(source, v.count(pl.col(source)), _COUNT), _whole(pl.col(source)))


def _convert(path: Path, raw: pl.DataFrame, columns: Mapping[str, _Column]) -> pl.DataFrame:
    """The typed frame (`_row` plus `columns`), fast when every cell takes the fast path.

    A fast expression is null where its source cell is null, so a column
    took the fast path everywhere exactly when both have as many nulls (a
    count polars keeps, so the check costs nothing).
    """
    fast = raw.select(pl.col(ROW), *[col.fast.alias(name) for name, col in columns.items()])
    slow = sorted(
        name
        for name, col in columns.items()
        if fast.get_column(name).null_count() != raw.get_column(col.conversion.source).null_count()
    )
    if not slow:
        return fast
    general = v.convert(path, raw, {name: columns[name].conversion for name in slow})
    return fast.with_columns(general.select(slow).get_columns())


def _metrics(header: Header, mapping: Mapping[str, tuple[str, ...]]) -> dict[str, _Column]:
    """The count columns of `mapping` that the file carries (an absent one stays null)."""
    found: dict[str, _Column] = {}
    for canonical, names in mapping.items():
        source = header.first(*names)
        if source is not None:
            found[canonical] = _count(source)
    return found


def _account(typed: pl.DataFrame, handle: str | None, options: ImportOptions) -> pl.Expr:
    """The account of each row.

    The file name's handle; else the handle the posts' links name (one file
    is one account's export, so a link without a handle, such as
    `x.com/i/web/status/<id>`, belongs to the same one); else `--account`;
    else null, for the workspace to fill. Should the links name several
    handles, each row keeps its own.
    """
    if handle:
        return pl.lit(handle, pl.String)
    fallback = pl.lit(options.account, pl.String)
    if "permalink" not in typed.columns:
        return fallback
    linked = typed.get_column("permalink").str.extract(_LINK_HANDLE, 1)
    linked = linked.filter(linked.str.to_lowercase() != "i").unique()
    if linked.len() == 1:
        return pl.lit(linked[0], pl.String)
    if linked.is_empty():
        return fallback
    per_row = pl.col("permalink").str.extract(_LINK_HANDLE, 1)
    return pl.coalesce(pl.when(per_row.str.to_lowercase() != "i").then(per_row), fallback)


def _content_type(text: pl.Expr) -> pl.Expr:
    """`link` when the text holds a URL, else `text` (neither X export says the type)."""
    return pl.when(text.str.contains(_URL)).then(pl.lit("link")).otherwise(pl.lit("text"))


def _unescape(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """`column` with HTML entities decoded, touching only the rows that hold an `&`.

    `values.unescape_html` decodes distinct values but then maps the whole
    column through a replace, which hashes every row: a tenth of a second
    for a million tweets of which a few hundred hold an entity. Here it
    sees only those rows, and they are put back in place.
    """
    values = frame.get_column(column)
    rows = values.str.contains("&", literal=True).arg_true()
    if rows.is_empty():
        return frame
    decoded = v.unescape_html(pl.DataFrame({column: values.gather(rows)}), column).get_column(column)
    return frame.with_columns(values.scatter(rows, decoded))


def _day_after(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)


def classic_file_name(path: Path) -> tuple[str, datetime] | None:
    """(handle, exported_at) of a standard classic file name, else None.

    The end date of `…_20211101_20211201_en.csv` is exclusive: the export
    covers up to the day before, so it was made on the end date at the
    earliest.
    """
    found = _CLASSIC_NAME.match(path.name)
    if found is None:
        return None
    try:
        end = datetime.strptime(found["end"], "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return found["handle"], end


def content_file_name(path: Path) -> datetime | None:
    """exported_at of a standard content export name (its end date is inclusive)."""
    found = _CONTENT_NAME.match(path.name)
    if found is None:
        return None
    try:
        return _day_after(date.fromisoformat(found["end"]))
    except ValueError:
        return None


def _premium_day(expr: pl.Expr) -> pl.Expr:
    """`Tue, Jul 14, 2026`, `Mon Feb 17 2025` (a real content export), `Jul 14, 2026`, `July 14,
    2026` or ISO; the weekday is not checked. Any other day in words that names its year
    (`14 juil. 2026`) is read by `values.local_date`."""
    text = v.present(expr)
    bare = text.str.replace(r"^[A-Za-z]{3,9}\.?,?\s+([A-Za-z]{3,9}\.?\s+\d)", "$1").str.replace(
        ",", "", literal=True
    )
    return pl.coalesce(
        bare.str.to_date("%b %d %Y", strict=False),
        bare.str.to_date("%B %d %Y", strict=False),
        text.str.to_date("%Y-%m-%d", strict=False),
        v.local_date(text),
    )


_PREMIUM_DAY: Final = 'a date such as "Tue, Jul 14, 2026" or "Mon Feb 17 2025"'


def _finish(
    importer: Importer,
    sample: Sample,
    table: TableName,
    frame: pl.DataFrame,
    warnings: list[str],
    exported_at: datetime | None,
) -> ParsedFile:
    frame, repeated = dedupe(frame, table) if _may_repeat(frame, table) else (frame, [])
    result = conform(frame.drop(ROW), table)
    return sample.result(importer, {table: result}, warnings=warnings + repeated, exported_at=exported_at)


def _may_repeat(frame: pl.DataFrame, table: TableName) -> bool:
    """False when no key can repeat: every post id is a distinct number (cheap to check).

    `dedupe` hashes the whole key of every row; a million-tweet file has
    unique ids, which one integer count proves.
    """
    if table != "posts":
        return True
    ids = frame.get_column("post_id").cast(pl.UInt64, strict=False)
    return bool(ids.null_count()) or ids.n_unique() != frame.height


# --- classic: by tweet ----------------------------------------------------------------------------


TWEETS_HEADER: Final = ("Tweet id", "Tweet permalink", "time", "impressions", "engagements")
"""The columns that tell the classic per-tweet export."""


class XTweets(DeclaredImporter):
    """The classic "By Tweet" export: one row per tweet, every field quoted, newest first."""

    id = "x-tweets"
    label = "X tweet activity (classic, per tweet)"
    format = Format(NAMES, signature=TWEETS_HEADER, required=("Tweet id", "time"))

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        typed = _tweets_as_written(sample)
        if typed is None:
            typed = _tweets_any(sample, options)
        typed = _unescape(typed, "text")  # after the type: decoding adds no URL
        named = classic_file_name(sample.path)
        typed = typed.with_columns(
            network=pl.lit(NETWORK),
            account=_account(typed, named[0] if named else None, options),
        )
        return _finish(self, sample, "posts", typed, [], named[1] if named else None)


_TWEET_TIME: Final = "%Y-%m-%d %H:%M %z"
"""`2021-11-30 16:00 +0000`, the classic `time` column."""
_TWEET_TIME_UTC: Final = "%Y-%m-%d %H:%M +0000"
"""The same with X's one offset spelled out: parsed twice as fast as `%z`."""


def _tweets_as_written(sample: Sample) -> pl.DataFrame | None:
    """The fast path: the typed rows of a per-tweet file exactly as X writes it, else None.

    Reads only the columns kpitui uses (plus the last, which a short row
    leaves empty), with the metrics parsed as numbers by the CSV reader
    itself, then computes the typed columns and every check in one parallel
    pass. Anything X would not write (a `-` or `1,234` in an organic column,
    a fraction, another time format, a blank id, a blank line, a ragged
    row…) returns None, and `_tweets_any` reads the file with the general
    parsers, which accept every form FORMATS.md lists and name the cell they
    cannot read. Ragged rows are ruled out by a global count: the file's
    commas must be the header's, plus the separators of every row, plus the
    commas inside the texts (the other columns read are ids, times, links
    and numbers, and the ones not read are numbers or `-`; should any hold a
    comma, the count is off and the general path decides).
    """
    header = XTweets.format.header(sample.header)
    keys = header.keys()
    if len(set(keys)) != len(keys) or not sample.header:
        return None
    position = {n: i for i, n in enumerate(sample.header)}
    core = {k: header.get(k) for k in ("Tweet id", "time", "Tweet text", "Tweet permalink")}
    sources = {k: s for k, names in CLASSIC_POST_METRICS.items() if (s := header.first(*names))}
    if any(n is None for n in core.values()):
        return None
    # the columns read, named for the expressions below (the last one: a short row leaves it empty)
    named = {s: k for k, s in core.items() if s} | {s: f"metric:{k}" for k, s in sources.items()}
    named.setdefault(sample.header[-1], "last")
    picked = sorted({position[n] for n in named})
    numeric = {s: pl.Float64 for s in sources.values()}
    try:
        frame = pl.read_csv(
            sample.data,
            columns=picked,
            infer_schema=False,
            schema_overrides=numeric,
            truncate_ragged_lines=False,
        )
    except Exception:  # any surprise: the general path reads the file and explains it
        return None
    if frame.is_empty() or frame.columns != [sample.header[i] for i in picked]:
        return None
    frame = frame.rename(named)
    text, tid, last = pl.col("Tweet text"), pl.col("Tweet id"), pl.col(named[sample.header[-1]])
    # X writes every time in UTC; another offset takes the general path
    published = (
        pl.col("time")
        .str.to_datetime(_TWEET_TIME_UTC, strict=False, time_unit="us")
        .dt.replace_time_zone("UTC")
    )
    rows = frame.lazy().select(
        pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW),
        tid.alias("post_id"),
        published.alias("published_at"),
        *[pl.col(f"metric:{k}").cast(pl.Int64, strict=False).alias(k) for k in sources],
        text.alias("text"),
        pl.col("Tweet permalink").alias("permalink"),  # X writes links without spaces
        _content_type(text).alias("content_type"),
    )
    metrics = [f"metric:{k}" for k in sources]
    checks = frame.lazy().select(
        pl.any_horizontal(
            tid.cast(pl.UInt64, strict=False).null_count() > 0,  # an id of digits on every row
            published.null_count() > 0,
            last.null_count() > 0,  # a short row, or a blank cell X does not write
            *[(~pl.col(m).is_finite() | (pl.col(m) != pl.col(m).floor())).any() for m in metrics],
        ).alias("bad"),
        text.str.count_matches(",", literal=True).sum().alias("inside"),
    )
    typed, found = pl.collect_all([rows, checks])
    bad, inside = found.row(0)
    if bad:
        return None
    inside += sum(h.count(",") for h in sample.header)
    if sample.data.count(b",") != (frame.height + 1) * (len(sample.header) - 1) + inside:
        return None
    return typed


def _tweets_any(sample: Sample, options: ImportOptions) -> pl.DataFrame:
    """The general path: every form of every value FORMATS.md lists, bad cells named."""
    path = sample.path
    raw, header = _read(XTweets(), sample)
    tid, time = header.get("Tweet id") or "", header.get("time") or ""
    columns: dict[str, _Column] = {
        "post_id": _Column(v.native(tid, _digits(pl.col(tid)), _ID)),
        "published_at": _Column(
            v.native(
                time,
                v.iso_datetime(pl.col(time), options.timezone),
                "a time such as 2021-11-30 16:00 +0000",
            ),
            pl.col(time).str.to_datetime(_TWEET_TIME, strict=False, time_unit="us"),
        ),
        **_metrics(header, CLASSIC_POST_METRICS),
    }
    typed = _convert(path, raw, columns)
    v.require_filled(path, typed, {"post_id": tid, "published_at": time}, v.A_VALUE)
    text = header.get("Tweet text")
    link = header.get("Tweet permalink")
    return typed.with_columns(
        text=raw.get_column(text) if text else pl.lit(None, pl.String),
        permalink=v.cleaned(pl.lit(raw.get_column(link))) if link else pl.lit(None, pl.String),
    ).with_columns(content_type=_content_type(pl.col("text")))


# --- classic: by day ------------------------------------------------------------------------------


class XDaily(DeclaredImporter):
    """The classic "By day" export: one row per day, oldest first; only impressions are the account's."""

    id = "x-daily"
    label = "X daily tweet activity (classic, per day)"
    format = Format(
        NAMES, signature=("Date", "Tweets published", "impressions", "engagements"), required=("Date",)
    )

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw, header = _read(self, sample)
        day = header.get("Date") or ""
        columns = {
            "date": _Column(
                v.native(day, v.date_in(pl.col(day), ["%Y-%m-%d"]), "a date written YYYY-MM-DD"),
                pl.col(day).str.to_date("%Y-%m-%d", strict=False),
            ),
            **_metrics(header, CLASSIC_DAILY_METRICS),
        }
        typed = _convert(path, raw, columns)
        v.require_filled(path, typed, {"date": day}, v.A_VALUE)
        named = classic_file_name(path)
        typed = typed.with_columns(
            network=pl.lit(NETWORK),
            account=pl.lit(named[0] if named else options.account, pl.String),
        )
        return _finish(self, sample, "daily", typed, [], named[1] if named else None)


# --- X Premium: content ---------------------------------------------------------------------------


class XContent(DeclaredImporter):
    """The X Premium account analytics content export: one row per post, a date without time."""

    id = "x-content"
    label = "X account analytics content (Premium, per post)"
    format = Format(
        NAMES,
        signature=("Post id", "Date", "Post text", "Post Link", "Impressions", "Engagements"),
        required=("Post id", "Date"),
    )

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw, header = _read(self, sample)
        pid, day = header.get("Post id") or "", header.get("Date") or ""
        columns = {
            "post_id": _Column(v.native(pid, _digits(pl.col(pid)), _ID)),
            "day": _Column(v.native(day, _premium_day(pl.col(day)), _PREMIUM_DAY)),
            **_metrics(header, CONTENT_METRICS),
        }
        typed = _convert(path, raw, columns)
        v.require_filled(path, typed, {"post_id": pid, "day": day}, "a value")
        text, link = header.get("Post text"), header.get("Post Link")
        typed = typed.with_columns(
            text=raw.get_column(text) if text else pl.lit(None, pl.String),
            permalink=v.cleaned(pl.lit(raw.get_column(link))) if link else pl.lit(None, pl.String),
        )
        typed = _unescape(typed, "text")
        typed = typed.with_columns(
            published_at=_published(options.timezone), timed=_snowflake_fits(options.timezone)
        )
        untimed = typed.height - typed.get_column("timed").sum()
        warnings = []
        if untimed:
            warnings.append(
                f"{untimed} post(s) have a date but no time of day (their id does not carry a time on "
                f"that date): they count as published at 00:00 {options.timezone}."
            )
        typed = typed.with_columns(
            network=pl.lit(NETWORK),
            account=_account(typed, None, options),
            content_type=_content_type(pl.col("text")),
        )
        return _finish(self, sample, "posts", typed, warnings, content_file_name(path))


def _snowflake_time() -> pl.Expr:
    """The creation time a Snowflake post id carries (UTC), null for a number too large."""
    ms = pl.col("post_id").cast(pl.Int64, strict=False) // (1 << 22) + _SNOWFLAKE_EPOCH_MS
    return pl.from_epoch(ms, time_unit="ms").cast(pl.Datetime("us")).dt.replace_time_zone("UTC")


def _snowflake_fits(timezone: str | None = None) -> pl.Expr:
    """True where the id's time falls on the row's `day` (the file's day, local or UTC)."""
    snow = _snowflake_time()
    on_day = snow.dt.date() == pl.col("day")
    if timezone:
        on_day = on_day | (snow.dt.convert_time_zone(timezone).dt.date() == pl.col("day"))
    return on_day.fill_null(False)


def _published(timezone: str) -> pl.Expr:
    """The id's exact time when it falls on the file's date; else midnight of that date, local."""
    midnight = v.local_to_utc(pl.col("day").cast(pl.Datetime("us")), timezone)
    return pl.when(_snowflake_fits(timezone)).then(_snowflake_time()).otherwise(midnight)


# --- X Premium: account overview ------------------------------------------------------------------


OVERVIEW_HEADER: Final = ("Date", "Impressions", "Engagements", "New follows", "Unfollows")
"""The columns that tell the Premium account overview."""


class XOverview(DeclaredImporter):
    """The X Premium account overview export: one row per day, newest first, no follower total."""

    id = "x-overview"
    label = "X account overview (Premium, per day)"
    format = Format(NAMES, signature=OVERVIEW_HEADER, required=("Date",))

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw, header = _read(self, sample)
        day = header.get("Date") or ""
        columns = {
            "date": _Column(v.native(day, _premium_day(pl.col(day)), _PREMIUM_DAY)),
            **_metrics(header, OVERVIEW_METRICS),
        }
        typed = _convert(path, raw, columns)
        v.require_filled(path, typed, {"date": day}, v.A_VALUE)
        typed = typed.with_columns(network=pl.lit(NETWORK), account=pl.lit(options.account, pl.String))
        return _finish(self, sample, "daily", typed, [], None)


IMPORTERS = (XTweets(), XDaily(), XContent(), XOverview())
