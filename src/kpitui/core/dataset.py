"""The workspace's tables, prepared once for every computation that follows.

Preparing adds what every KPI needs and what depends on the settings: the
publication day in the workspace's time zone (rule 1 of KPIS.md), the
interactions and exposure of each post (rule 3), and the network of each
traffic row under the current source mappings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from kpitui.core import schema
from kpitui.core.settings import Settings
from kpitui.core.sources import network_of

INTERACTION_PARTS = ("likes", "comments", "shares", "saves")


def row_sum(*columns: str) -> pl.Expr:
    """Within-row sum where a missing part counts as 0 unless every part is missing."""
    present = pl.any_horizontal([pl.col(c).is_not_null() for c in columns])
    return pl.when(present).then(pl.sum_horizontal([pl.col(c).fill_null(0) for c in columns]))


@dataclass(frozen=True, eq=False)
class Dataset:
    """Prepared tables plus the facts derived from them. Immutable: replace, never mutate.

    Compared by identity (eq=False): it holds frames, which have no truth value.
    """

    posts: pl.DataFrame
    daily: pl.DataFrame
    traffic: pl.DataFrame
    settings: Settings = field(default_factory=Settings)

    @property
    def networks(self) -> tuple[str, ...]:
        """Networks with any data in the workspace, in display order."""
        found: set[str] = set()
        for frame in (self.posts, self.daily, self.traffic):
            found.update(v for v in frame.get_column("network").unique().to_list() if v)
        return tuple(n for n in schema.NETWORKS if n in found)

    @property
    def latest_date(self) -> date | None:
        """The latest day found in any table: the default as-of date."""
        candidates = [
            self.posts.get_column("day").max(),
            self.daily.get_column("date").max(),
            self.traffic.get_column("date_end").max(),
        ]
        days = [d for d in candidates if isinstance(d, date)]
        return max(days) if days else None

    @property
    def is_empty(self) -> bool:
        return self.posts.is_empty() and self.daily.is_empty() and self.traffic.is_empty()


def prepare(
    posts: pl.DataFrame | pl.LazyFrame,
    daily: pl.DataFrame | pl.LazyFrame,
    traffic: pl.DataFrame | pl.LazyFrame,
    settings: Settings | None = None,
) -> Dataset:
    """Add the derived columns and return the Dataset the KPI engine works on.

    Missing canonical columns are added as nulls, so a frame holding only
    some metrics (a test's inline frame, an old workspace) works as is.
    """
    settings = settings or Settings()
    # Sorted by publication day: a period is then a contiguous slice, which makes
    # the filter of every KPI computation about twice as fast on large workspaces.
    posts_lf = (
        _conform(posts.lazy(), schema.POSTS)
        .with_columns(
            day=pl.col("published_at").dt.convert_time_zone(settings.timezone).dt.date(),
            interactions=row_sum(*INTERACTION_PARTS),
            exposure=pl.coalesce("impressions", "views"),
        )
        .sort("day", "published_at", maintain_order=True)
    )
    daily_lf = _conform(daily.lazy(), schema.DAILY).sort("network", "account", "date")
    traffic_lf = _conform(traffic.lazy(), schema.TRAFFIC).with_columns(
        date_end=pl.coalesce("date_end", "date"),
        network=pl.coalesce(
            pl.col("network"), network_of(pl.col("source"), pl.col("medium"), settings.sources)
        ),
    )
    posts_df, daily_df, traffic_df = pl.collect_all([posts_lf, daily_lf, traffic_lf])
    return Dataset(posts_df, daily_df, traffic_df, settings)


def _conform(frame: pl.LazyFrame, target: pl.Schema) -> pl.LazyFrame:
    """Cast to the canonical schema, adding any missing column as nulls; keep extra columns."""
    have = frame.collect_schema()
    exprs = [
        pl.col(name).cast(dtype) if name in have else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in target.items()
    ]
    extra = [pl.col(name) for name in have if name not in target]
    return frame.select(*exprs, *extra)
