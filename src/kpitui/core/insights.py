"""What to adjust: best time to post, content types, top and bottom posts, hashtags.

All of it over the posts published in a period (optionally one network),
with rates as ratios of sums like every KPI, and times in the workspace's
time zone. A best-time cell with fewer than MIN_POSTS posts is marked as
too few and never ranked: three lucky posts are not a schedule.

Every insight is a sum over days, so each is answered from a `Summary`: the posts summed per
network and local day (per hour, content type and hashtag) with the few best and worst posts
of each day. The store keeps each posts segment's summary beside it (`Workspace.period_summary`
reads a period's), so that a screen reads a few thousand summed rows, not a quarter's posts;
given a Dataset's rows, the same summary is made from them first. The queries over a summary's
few rows run on polars' in-memory engine (`dataset.IN_MEMORY`: streaming doubled their cost).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from functools import cache
from typing import Final, Literal

import polars as pl

from kpitui.core import schema
from kpitui.core.dataset import IN_MEMORY, Dataset, prepare
from kpitui.core.periods import Period
from kpitui.core.settings import Settings

MIN_POSTS: Final = 3
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RankBy = Literal["engagement_rate", "interactions", "link_clicks"]
HASHTAG: Final = r"(?:^|[^\w/&#])#\w+"
"""A hashtag starts the text or follows a non-word character: `page#section` in a URL
and `&#39;` entities are not hashtags."""
KEEP: Final = 25
"""The posts a stored summary keeps per network, day, measure and direction: `ranked_posts`
answers from it for any `n` up to this (the Insights screen shows 25, the HTML report 10)."""
SUMMARY_FORMAT: Final = 1
"""The version of the stored summaries' definition (`summarise`): a change to it changes this, and
summaries of another version are no longer read."""

POST_COLUMNS: Final = (
    "network",
    "account",
    "post_id",
    "published_at",
    "content_type",
    "text",
    "permalink",
    "exposure",
    "interactions",
    "engagement_rate",
    "link_clicks",
)
"""The columns of `top_posts` and `ranked_posts`."""
RANKINGS: Final[dict[RankBy, str]] = {
    "engagement_rate": "engagement rate",
    "interactions": "interactions",
    "link_clicks": "link clicks",
}
"""The measures posts are ranked by, in the order `s` cycles them, each with its label: the
posts table's columns, the screen's sorts and the export's title all read this."""


def summary_fingerprint(timezone: str) -> str:
    """What a stored summary depends on besides its posts: the zone of its days and hours, its
    definition and how many posts it keeps. One whose fingerprint differs is not read."""
    key = "|".join((str(SUMMARY_FORMAT), timezone, str(KEEP)))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


@dataclass(frozen=True, eq=False)
class Summary:
    """Posts summed for the insights, per network and local day.

    `slots`: per hour of publication (null: posts without a time of day); `types`: per content
    type; `tags`: per hashtag (once per post); each with `posts` and the sums its rates are
    ratios of (over the posts reporting both: `er_num`/`er_den`, `ctr_num`/`ctr_den`), and
    `reach`/`reach_n` for the types. `tops`: the posts (POST_COLUMNS and `day`) among the `keep`
    best and worst of their network and day by a measure of RANKINGS: the `n` best of any
    period are among them for every `n` up to `keep`.
    """

    slots: pl.DataFrame
    types: pl.DataFrame
    tags: pl.DataFrame
    tops: pl.DataFrame
    keep: int = KEEP

    def of(self, period: Period, network: str | None = None) -> Summary:
        """The summary of the days of `period` (and of one network, unless None or "all")."""
        wanted = pl.col("day").is_between(period.start, period.end)
        if network and network != "all":
            wanted &= pl.col("network") == network
        return _made([frame.filter(wanted) for frame in self._frames()], self.keep)

    def _frames(self) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        return self.slots, self.types, self.tags, self.tops

    def stacked(self) -> pl.DataFrame:
        """The four frames in one, each row with its `kind`: the file the store keeps."""
        kinds = zip(KINDS, self._frames(), strict=True)
        return pl.concat(
            [frame.with_columns(kind=pl.lit(kind)) for kind, frame in kinds], how="diagonal_relaxed"
        )

    @staticmethod
    def unstacked(frame: pl.DataFrame, keep: int = KEEP) -> Summary:
        """The summary `stacked` gave `frame` (rows of several summaries too)."""
        kinds = frame.get_column("kind")
        frames = [
            frame.select(model.columns).filter(kinds == kind).cast(model.schema)
            for kind, model in zip(KINDS, _empty()._frames(), strict=True)
        ]
        return _made(frames, keep)

    @staticmethod
    def concat(parts: Iterable[Summary]) -> Summary:
        """One summary of several (of other posts: the segments of a period)."""
        found = list(parts)
        if not found:
            return _empty()
        frames = [pl.concat(frames) for frames in zip(*(p._frames() for p in found), strict=True)]
        return _made(frames, min(p.keep for p in found))


KINDS: Final = ("slot", "type", "tag", "post")
"""The `kind` of each of a summary's frames in its stored form (`Summary.stacked`)."""


def summarise(posts: pl.LazyFrame, timezone: str, keep: int = KEEP) -> Summary:
    """The summary of prepared posts (`dataset.prepare`'s: `day`, `interactions`, `exposure`).

    Hashtags come from the stored `hashtags` column when the posts have it (a workspace's
    do): each hashtag of a text is kept there with the character before it
    (`hashtags.hashtags_of`), so HASHTAG finds in those few characters exactly the tags it
    finds in the whole text.
    """
    c = pl.col
    keys = ("network", "day")
    have = posts.collect_schema()
    er = _both(c("interactions"), c("exposure"), "er")
    local = c("published_at").dt.convert_time_zone(timezone)
    timed = local.dt.time() != pl.lit(time(0))
    slots = (
        posts.group_by(*keys, hour=pl.when(timed).then(local.dt.hour().cast(pl.Int8)))
        .agg(posts=pl.len().cast(pl.UInt32), **er)
        .sort(*keys, "hour", nulls_last=True)
    )
    types = (
        posts.group_by(*keys, content_type=c("content_type").fill_null("other"))
        .agg(
            posts=pl.len().cast(pl.UInt32),
            **er,
            **_both(c("link_clicks"), c("exposure"), "ctr"),
            reach=c("reach").sum(),
            reach_n=c("reach").count(),
        )
        .sort(*keys, "content_type")
    )
    source = c(schema.HASHTAGS) if schema.HASHTAGS in have else c("text")
    tags = (
        posts.select(
            *keys,
            "interactions",
            "exposure",
            hashtag=source.str.extract_all(HASHTAG)
            .list.eval(pl.element().str.replace(r"^[^#]*", "").str.to_lowercase())
            .list.unique(),
        )
        .explode("hashtag")
        .filter(c("hashtag").is_not_null())
        .group_by(*keys, "hashtag")
        .agg(posts=pl.len().cast(pl.UInt32), **er)
        .sort(*keys, "hashtag")
    )
    rate = pl.when(c("exposure") > 0).then(c("interactions") / c("exposure"))
    rows = posts.with_columns(engagement_rate=rate).select(*POST_COLUMNS, "day")
    firsts = pl.int_range(pl.len()).over(keys) < keep
    picks = [_ordered(rows, by, bottom).filter(firsts) for by in RANKINGS for bottom in (False, True)]
    tops = pl.concat(picks).unique(("network", "account", "post_id"), maintain_order=True)
    return _made(pl.collect_all([slots, types, tags, tops]), keep)


def _made(frames: Sequence[pl.DataFrame], keep: int) -> Summary:
    """A Summary of its four frames, in their order (KINDS')."""
    slots, types, tags, tops = frames
    return Summary(slots, types, tags, tops, keep)


def segment_summary(rows: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The summary of stored posts rows (a segment's) in its stored form (`Summary.stacked`):
    what the store keeps beside each posts segment."""
    posts = prepare(rows, schema.empty("daily"), schema.empty("traffic"), settings).posts
    return summarise(posts.lazy(), settings.timezone).stacked()


@cache
def stored_schema() -> pl.Schema:
    """The columns and types of a stored summary (`Summary.stacked`)."""
    return _empty().stacked().collect_schema()


def _both(num: pl.Expr, den: pl.Expr, name: str) -> dict[str, pl.Expr]:
    """The sums of a rate (`NAME_num`, `NAME_den`) over the posts reporting both (rule 2)."""
    mask = num.is_not_null() & den.is_not_null()
    return {f"{name}_num": pl.when(mask).then(num).sum(), f"{name}_den": pl.when(mask).then(den).sum()}


@cache
def _empty() -> Summary:
    """The summary of no posts, with the columns and types of any other."""
    posts = prepare(schema.empty("posts"), schema.empty("daily"), schema.empty("traffic")).posts
    return summarise(posts.lazy(), "UTC")


def summary_of(
    dataset: Dataset | Summary, period: Period, network: str | None = None, keep: int = KEEP
) -> Summary:
    """The summary of `period` (and `network`): a Summary's days, or a Dataset's posts summed."""
    if isinstance(dataset, Summary):
        return dataset.of(period, network)
    return summarise(posts_in(dataset, period, network), dataset.settings.timezone, keep)


def posts_in(dataset: Dataset | pl.DataFrame, period: Period, network: str | None = None) -> pl.LazyFrame:
    """The prepared posts published in `period` (one network, or all when None or "all")."""
    posts = dataset.posts if isinstance(dataset, Dataset) else dataset
    frame = posts.lazy().filter(pl.col("day").is_between(period.start, period.end))
    if network and network != "all":
        frame = frame.filter(pl.col("network") == network)
    return frame


def _rate(name: str) -> pl.Expr:
    """A rate as a ratio of its sums (`_both`); null on a zero (or no) denominator."""
    num, den = pl.col(f"{name}_num").sum(), pl.col(f"{name}_den").sum()
    return pl.when(den != 0).then(num / den)


def best_times(dataset: Dataset | Summary, period: Period, network: str | None = None) -> pl.DataFrame:
    """Engagement rate per weekday × hour of publication, with post counts.

    Columns: weekday (1 = Monday), hour (0-23), posts, engagement_rate,
    enough (posts ≥ MIN_POSTS), rank (1 = best among cells with enough posts
    and a rate; null for the others). Only cells with posts are listed; posts
    without a time of day are left out (see `untimed_posts`).
    """
    c = pl.col
    cells = (
        summary_of(dataset, period, network)
        .slots.lazy()
        .filter(c("hour").is_not_null())
        .group_by(weekday=c("day").dt.weekday().cast(pl.Int8), hour="hour")
        .agg(posts=c("posts").sum().cast(pl.UInt32), engagement_rate=_rate("er"))
        .with_columns(enough=c("posts") >= MIN_POSTS)
        .sort("weekday", "hour")
        .collect(engine=IN_MEMORY)
    )
    rankable = c("enough") & c("engagement_rate").is_not_null()
    rank = pl.when(rankable).then(c("engagement_rate")).rank("ordinal", descending=True)
    return cells.with_columns(rank=pl.when(rankable).then(rank).cast(pl.Int32))


def untimed_posts(dataset: Dataset | Summary, period: Period, network: str | None = None) -> int:
    """Posts left out of `best_times` because their export gives no time of day.

    LinkedIn's and YouTube's exports (and some TikTok and X Premium rows) give
    only the day, which the importers read as midnight in the workspace's time
    zone. Counted at midnight they would make 00:00 the best slot of the
    week, so a post published exactly at local midnight is taken as one
    without a time (its `hour` is null in the summary): the price is a rare post
    truly published at 00:00:00.
    """
    slots = summary_of(dataset, period, network).slots
    return int(slots.filter(pl.col("hour").is_null()).get_column("posts").sum())


def content_types(dataset: Dataset | Summary, period: Period, network: str | None = None) -> pl.DataFrame:
    """Per content type: posts, engagement rate, CTR and mean reach per post, best ER first."""
    c = pl.col
    return (
        summary_of(dataset, period, network)
        .types.lazy()
        .group_by("content_type")
        .agg(
            posts=c("posts").sum().cast(pl.UInt32),
            engagement_rate=_rate("er"),
            ctr=_rate("ctr"),
            reach_per_post=pl.when(c("reach_n").sum() > 0).then(c("reach").sum() / c("reach_n").sum()),
        )
        .sort(["engagement_rate", "posts"], descending=True, nulls_last=True)
        .collect(engine=IN_MEMORY)
    )


def top_posts(
    dataset: Dataset | Summary,
    period: Period,
    network: str | None = None,
    *,
    by: RankBy = "engagement_rate",
    n: int = 10,
    bottom: bool = False,
) -> pl.DataFrame:
    """The `n` best (or worst) posts by `by`; posts without that measure are left out.

    Equal measures: the more recent post first. Columns: POST_COLUMNS.
    """
    return rank_posts(ranked_posts(dataset, period, network, n=n), by=by, n=n, bottom=bottom)


def ranked_posts(
    dataset: Dataset | Summary, period: Period, network: str | None = None, *, n: int = 10
) -> pl.DataFrame:
    """Every post `top_posts` can give with this `n`: the `n` best and worst by each measure
    of RANKINGS, in one query.

    What the Insights screen keeps: sorting its table by another measure or flipping top and
    bottom is then `rank_posts` over these few rows, not a new query over the period's posts.
    ValueError for an `n` over what a Summary keeps.
    """
    summary = summary_of(dataset, period, network, keep=max(n, KEEP))
    if n > summary.keep:
        raise ValueError(f"a summary keeps {summary.keep} posts of each day, not {n}")
    posts = summary.tops.lazy().select(POST_COLUMNS)
    picks = [
        _ordered(_near_edge(posts, by, bottom, n), by, bottom).head(n)
        for by in RANKINGS
        for bottom in (False, True)
    ]
    unique = pl.concat(picks).unique(("network", "account", "post_id"), maintain_order=True)
    return unique.collect(engine=IN_MEMORY)


def _near_edge(posts: pl.LazyFrame, by: RankBy, bottom: bool, n: int) -> pl.LazyFrame:
    """The posts whose `by` is at least the `n`-th best (at most the `n`-th worst with `bottom`):
    the `n` first of `_ordered` are among them whatever the ties, and sorting these few rather
    than all of a period's kept posts took a third off `ranked_posts` (18 → 13 ms at 5M)."""
    c = pl.col(by)
    edge = c.bottom_k(n).max() if bottom else c.top_k(n).min()
    return posts.filter(c <= edge if bottom else c >= edge)


def rank_posts(posts: pl.DataFrame, *, by: RankBy, n: int, bottom: bool = False) -> pl.DataFrame:
    """The `n` best (or worst) of `posts` (`ranked_posts`) by `by`, as `top_posts` gives them."""
    return _ordered(posts.lazy(), by, bottom).head(n).collect(engine=IN_MEMORY)


def _ordered(posts: pl.LazyFrame, by: RankBy, bottom: bool) -> pl.LazyFrame:
    """The posts that report `by`, best first (worst with `bottom`); equal ones the more recent
    first, then by their key, so that the order is the same whichever rows are sorted."""
    return posts.filter(pl.col(by).is_not_null()).sort(
        [by, "published_at", "network", "account", "post_id"],
        descending=[not bottom, True, False, False, False],
        nulls_last=True,
    )


def hashtags(
    dataset: Dataset | Summary, period: Period, network: str | None = None, *, n: int = 20
) -> pl.DataFrame:
    """Hashtags used in own posts: posts using each and their engagement rate.

    A hashtag counts once per post, compared case-insensitively. Sorted by
    posts, then engagement rate. Columns: hashtag (with #), posts, engagement_rate.
    """
    c = pl.col
    return (
        summary_of(dataset, period, network)
        .tags.lazy()
        .group_by("hashtag")
        .agg(posts=c("posts").sum().cast(pl.UInt32), engagement_rate=_rate("er"))
        .sort(["posts", "engagement_rate", "hashtag"], descending=[True, True, False], nulls_last=True)
        .head(n)
        .collect(engine=IN_MEMORY)
    )
