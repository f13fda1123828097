"""What to adjust: best time to post, content types, top and bottom posts, hashtags.

All of it over the posts published in a period (optionally one network),
with rates as ratios of sums like every KPI, and times in the workspace's
time zone. A best-time cell with fewer than MIN_POSTS posts is marked as
too few and never ranked: three lucky posts are not a schedule.
"""

from __future__ import annotations

from typing import Final, Literal

import polars as pl

from kpitui.core import schema
from kpitui.core.dataset import Dataset
from kpitui.core.kpis import both
from kpitui.core.periods import Period

MIN_POSTS: Final = 3
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RankBy = Literal["engagement_rate", "interactions", "link_clicks"]
HASHTAG: Final = r"(?:^|[^\w/&#])#\w+"
"""A hashtag starts the text or follows a non-word character: `page#section` in a URL
and `&#39;` entities are not hashtags."""


READS: Final = (
    *("network", "account", "post_id", "published_at", "content_type", schema.HASHTAGS),
    *("impressions", "views", "reach", "likes", "comments", "shares", "saves", "link_clicks"),
)
"""The stored posts columns the insights read, but the texts and links of the posts they show
(`Workspace.post_texts` reads those few): most of a post's bytes."""


def posts_in(dataset: Dataset | pl.DataFrame, period: Period, network: str | None = None) -> pl.LazyFrame:
    """The prepared posts published in `period` (one network, or all when None or "all")."""
    posts = dataset.posts if isinstance(dataset, Dataset) else dataset
    frame = posts.lazy().filter(pl.col("day").is_between(period.start, period.end))
    if network and network != "all":
        frame = frame.filter(pl.col("network") == network)
    return frame


def _rate(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Ratio of the sums over rows reporting both; null on a zero denominator."""
    n, d = both(num, den)
    return pl.when(d != 0).then(n / d)


def best_times(dataset: Dataset, period: Period, network: str | None = None) -> pl.DataFrame:
    """Engagement rate per weekday × hour of publication, with post counts.

    Columns: weekday (1 = Monday), hour (0-23), posts, engagement_rate,
    enough (posts ≥ MIN_POSTS), rank (1 = best among cells with enough posts
    and a rate; null for the others). Only cells with posts are listed; posts
    without a time of day are left out (see `untimed_posts`).
    """
    c = pl.col
    cells = (
        _slotted(dataset, period, network)
        .filter(c("slot").is_not_null())
        .group_by("slot")
        .agg(posts=pl.len(), engagement_rate=_rate(c("interactions"), c("exposure")))
        .select(
            weekday=(c("slot") // 24 + 1).cast(pl.Int8),
            hour=(c("slot") % 24).cast(pl.Int8),
            posts="posts",
            engagement_rate="engagement_rate",
            enough=c("posts") >= MIN_POSTS,
        )
        .sort("weekday", "hour")
        .collect()
    )
    rankable = c("enough") & c("engagement_rate").is_not_null()
    rank = pl.when(rankable).then(c("engagement_rate")).rank("ordinal", descending=True)
    return cells.with_columns(rank=pl.when(rankable).then(rank).cast(pl.Int32))


def untimed_posts(dataset: Dataset, period: Period, network: str | None = None) -> int:
    """Posts left out of `best_times` because their export gives no time of day.

    LinkedIn's and YouTube's exports (and some TikTok and X Premium rows) give
    only the day, which the importers read as midnight in the workspace's time
    zone. Counted at midnight they would make 00:00 the best slot of the
    week, so a post published exactly at local midnight is taken as one
    without a time (`Dataset.post_slots`): the price is a rare post truly
    published at 00:00:00.
    """
    frame = _slotted(dataset, period, network).filter(pl.col("slot").is_null())
    return int(frame.select(pl.len()).collect().item())


def _slotted(dataset: Dataset, period: Period, network: str | None) -> pl.LazyFrame:
    """`posts_in` with each post's `slot` (Dataset.post_slots): local times converted once per
    dataset, not once per query."""
    return posts_in(dataset.posts.with_columns(slot=dataset.post_slots), period, network)


def content_types(dataset: Dataset, period: Period, network: str | None = None) -> pl.DataFrame:
    """Per content type: posts, engagement rate, CTR and mean reach per post, best ER first."""
    c = pl.col
    return (
        posts_in(dataset, period, network)
        .with_columns(content_type=c("content_type").fill_null("other"))
        .group_by("content_type")
        .agg(
            posts=pl.len(),
            engagement_rate=_rate(c("interactions"), c("exposure")),
            ctr=_rate(c("link_clicks"), c("exposure")),
            reach_per_post=pl.when(c("reach").count() > 0).then(c("reach").sum() / c("reach").count()),
        )
        .sort(["engagement_rate", "posts"], descending=True, nulls_last=True)
        .collect()
    )


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


def top_posts(
    dataset: Dataset,
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
    dataset: Dataset, period: Period, network: str | None = None, *, n: int = 10
) -> pl.DataFrame:
    """Every post `top_posts` can give with this `n`: the `n` best and worst by each measure
    of RANKINGS, in one query.

    What the Insights screen keeps: sorting its table by another measure or flipping top and
    bottom is then `rank_posts` over these few rows, not a new query over the period's posts.
    """
    c = pl.col
    rate = pl.when(c("exposure") > 0).then(c("interactions") / c("exposure"))
    posts = posts_in(dataset, period, network).with_columns(engagement_rate=rate).select(POST_COLUMNS)
    picks = [_ordered(posts, by, bottom).head(n) for by in RANKINGS for bottom in (False, True)]
    return pl.concat(picks).unique(("network", "account", "post_id"), maintain_order=True).collect()


def rank_posts(posts: pl.DataFrame, *, by: RankBy, n: int, bottom: bool = False) -> pl.DataFrame:
    """The `n` best (or worst) of `posts` (`ranked_posts`) by `by`, as `top_posts` gives them."""
    return _ordered(posts.lazy(), by, bottom).head(n).collect()


def _ordered(posts: pl.LazyFrame, by: RankBy, bottom: bool) -> pl.LazyFrame:
    """The posts that report `by`, best first (worst with `bottom`); equal ones the more recent
    first, then by their key, so that the order is the same whichever rows are sorted."""
    return posts.filter(pl.col(by).is_not_null()).sort(
        [by, "published_at", "network", "account", "post_id"],
        descending=[not bottom, True, False, False, False],
        nulls_last=True,
    )


def hashtags(dataset: Dataset, period: Period, network: str | None = None, *, n: int = 20) -> pl.DataFrame:
    """Hashtags used in own posts: posts using each and their engagement rate.

    A hashtag counts once per post, compared case-insensitively. Sorted by
    posts, then engagement rate. Columns: hashtag (with #), posts, engagement_rate.

    Read from the posts' stored hashtags when the dataset has them (a workspace's posts
    do): each hashtag of a text is kept there with the character before it
    (`hashtags.hashtags_of`), so HASHTAG finds in those few characters exactly the tags it
    finds in the whole text.
    """
    c = pl.col
    source = c(schema.HASHTAGS) if schema.HASHTAGS in dataset.posts.columns else c("text")
    return (
        posts_in(dataset, period, network)
        .select(
            "interactions",
            "exposure",
            tags=source.str.extract_all(HASHTAG)
            .list.eval(pl.element().str.replace(r"^[^#]*", "").str.to_lowercase())
            .list.unique(),
        )
        .explode("tags")
        .filter(c("tags").is_not_null())
        .group_by("tags")
        .agg(posts=pl.len(), engagement_rate=_rate(c("interactions"), c("exposure")))
        .rename({"tags": "hashtag"})
        .sort(["posts", "engagement_rate", "hashtag"], descending=[True, True, False], nulls_last=True)
        .head(n)
        .collect()
    )
