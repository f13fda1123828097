"""What to adjust: best time to post, content types, top and bottom posts, hashtags.

All of it over the posts published in a period (optionally one network),
with rates as ratios of sums like every KPI, and times in the workspace's
time zone. A best-time cell with fewer than MIN_POSTS posts is marked as
too few and never ranked: three lucky posts are not a schedule.
"""

from __future__ import annotations

from datetime import time
from typing import Final, Literal

import polars as pl

from kpitui.core.dataset import Dataset
from kpitui.core.kpis import both
from kpitui.core.periods import Period

MIN_POSTS: Final = 3
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RankBy = Literal["engagement_rate", "interactions", "link_clicks"]
HASHTAG: Final = r"(?:^|[^\w/&#])#\w+"
"""A hashtag starts the text or follows a non-word character: `page#section` in a URL
and `&#39;` entities are not hashtags."""


def posts_in(dataset: Dataset, period: Period, network: str | None = None) -> pl.LazyFrame:
    """The prepared posts published in `period` (one network, or all when None or "all")."""
    frame = dataset.posts.lazy().filter(pl.col("day").is_between(period.start, period.end))
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
    local = _local(dataset)
    c = pl.col
    cells = (
        posts_in(dataset, period, network)
        .filter(~_untimed(local))
        .with_columns(weekday=local.dt.weekday().cast(pl.Int8), hour=local.dt.hour().cast(pl.Int8))
        .group_by("weekday", "hour")
        .agg(posts=pl.len(), engagement_rate=_rate(c("interactions"), c("exposure")))
        .with_columns(enough=c("posts") >= MIN_POSTS)
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
    without a time: the price is a rare post truly published at 00:00:00.
    """
    frame = posts_in(dataset, period, network).filter(_untimed(_local(dataset)))
    return int(frame.select(pl.len()).collect().item())


def _local(dataset: Dataset) -> pl.Expr:
    return pl.col("published_at").dt.convert_time_zone(dataset.settings.timezone)


def _untimed(local: pl.Expr) -> pl.Expr:
    return local.dt.time() == pl.lit(time(0))


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

    Columns: network, account, post_id, published_at, content_type, text,
    permalink, exposure, interactions, engagement_rate, link_clicks.
    """
    c = pl.col
    rate = pl.when(c("exposure") > 0).then(c("interactions") / c("exposure"))
    return (
        posts_in(dataset, period, network)
        .with_columns(engagement_rate=rate)
        .filter(c(by).is_not_null())
        .sort([by, "published_at"], descending=[not bottom, True])
        .head(n)
        .select(
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
        .collect()
    )


def hashtags(dataset: Dataset, period: Period, network: str | None = None, *, n: int = 20) -> pl.DataFrame:
    """Hashtags used in own posts: posts using each and their engagement rate.

    A hashtag counts once per post, compared case-insensitively. Sorted by
    posts, then engagement rate. Columns: hashtag (with #), posts, engagement_rate.
    """
    c = pl.col
    return (
        posts_in(dataset, period, network)
        .select(
            "interactions",
            "exposure",
            tags=c("text")
            .str.extract_all(HASHTAG)
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
