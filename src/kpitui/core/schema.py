"""The three canonical tables every export is turned into, as polars schemas.

Metrics are nullable: a metric a network does not report is null, never 0.
`import_id` is internal bookkeeping (which import brought a row, so the
"explain" view can name the files behind a number); it is not part of the
canonical CSV format.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final, Literal

import polars as pl

from kpitui.core.i18n import N_, _

NETWORKS: Final[tuple[str, ...]] = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok")
"""Every network kpitui knows, in display order."""

ALL: Final = "all"
"""The pseudo-network that aggregates every network's components."""


class _Labels(Mapping[str, str]):
    """Network names as people read them, looked up in the current language when read: the
    networks' own names are the same in every language; "All networks" is translated."""

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = labels

    def __getitem__(self, network: str) -> str:
        return _(self._labels[network])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


NETWORK_LABELS: Final[Mapping[str, str]] = _Labels(
    {
        "facebook": "Facebook",
        "instagram": "Instagram",
        "x": "X",
        "linkedin": "LinkedIn",
        "youtube": "YouTube",
        "tiktok": "TikTok",
        ALL: N_("All networks"),
    }
)

NETWORK_ALIASES: Final[dict[str, str]] = {
    "fb": "facebook",
    "ig": "instagram",
    "twitter": "x",
    "yt": "youtube",
    "li": "linkedin",
    "tt": "tiktok",
}
"""Other spellings accepted wherever a person or a file names a network."""

CONTENT_TYPES: Final[tuple[str, ...]] = (
    "photo",
    "video",
    "carousel",
    "text",
    "link",
    "reel",
    "story",
    "short",
    "live",
    "document",
    "other",
)

TableName = Literal["posts", "daily", "traffic"]
TABLES: Final[tuple[TableName, ...]] = ("posts", "daily", "traffic")

UTC_DATETIME: Final = pl.Datetime("us", "UTC")

POST_METRICS: Final[dict[str, pl.DataType]] = {
    "impressions": pl.Int64(),
    "reach": pl.Int64(),
    "views": pl.Int64(),
    "likes": pl.Int64(),
    "dislikes": pl.Int64(),
    "comments": pl.Int64(),
    "shares": pl.Int64(),
    "saves": pl.Int64(),
    "link_clicks": pl.Int64(),
    "profile_clicks": pl.Int64(),
    "hashtag_clicks": pl.Int64(),
    "follows": pl.Int64(),
    "watch_time_hours": pl.Float64(),
    "leads": pl.Int64(),
    "platform_engagements": pl.Int64(),
}

DAILY_METRICS: Final[dict[str, pl.DataType]] = {
    "followers": pl.Int64(),
    "followers_gained": pl.Int64(),
    "followers_lost": pl.Int64(),
    "impressions": pl.Int64(),
    "reach": pl.Int64(),
    "views": pl.Int64(),
    "profile_visits": pl.Int64(),
    "mentions": pl.Int64(),
}

TRAFFIC_METRICS: Final[dict[str, pl.DataType]] = {
    "sessions": pl.Int64(),
    "engaged_sessions": pl.Int64(),
    "conversions": pl.Float64(),
    "leads": pl.Int64(),
    "revenue": pl.Float64(),
}

POSTS: Final = pl.Schema(
    {
        "network": pl.String(),
        "account": pl.String(),
        "post_id": pl.String(),
        "published_at": UTC_DATETIME,
        "content_type": pl.String(),
        "text": pl.String(),
        "permalink": pl.String(),
        **POST_METRICS,
    }
)

DAILY: Final = pl.Schema(
    {
        "network": pl.String(),
        "account": pl.String(),
        "date": pl.Date(),
        **DAILY_METRICS,
    }
)

TRAFFIC: Final = pl.Schema(
    {
        "date": pl.Date(),
        "date_end": pl.Date(),
        "source": pl.String(),
        "medium": pl.String(),
        "network": pl.String(),
        **TRAFFIC_METRICS,
    }
)

SCHEMAS: Final[dict[TableName, pl.Schema]] = {"posts": POSTS, "daily": DAILY, "traffic": TRAFFIC}

KEYS: Final[dict[TableName, tuple[str, ...]]] = {
    "posts": ("network", "account", "post_id"),
    "daily": ("network", "account", "date"),
    "traffic": ("date", "date_end", "source", "medium"),
}
"""The merge key of each table: a newer export replaces older values of a key."""

METRICS: Final[dict[TableName, dict[str, pl.DataType]]] = {
    "posts": POST_METRICS,
    "daily": DAILY_METRICS,
    "traffic": TRAFFIC_METRICS,
}

IMPORT_ID: Final = "import_id"
"""Internal column: the import-log entry that last wrote the row."""

HASHTAGS: Final = "hashtags"
"""Internal posts column: the post's hashtags, as `kpis.hashtags_of` extracts them from its
text at import, so that the brand-hashtag KPI need not read or search whole texts."""

STORED_SCHEMAS: Final[dict[TableName, pl.Schema]] = {
    name: pl.Schema({**schema, **({HASHTAGS: pl.String()} if name == "posts" else {}), IMPORT_ID: pl.Int64()})
    for name, schema in SCHEMAS.items()
}


def empty(table: TableName, *, stored: bool = False) -> pl.DataFrame:
    """An empty frame with the table's schema."""
    return pl.DataFrame(schema=STORED_SCHEMAS[table] if stored else SCHEMAS[table])


def normalize_network(value: str) -> str | None:
    """The canonical id of a network name as a person may write it, or None."""
    name = value.strip().lower()
    name = NETWORK_ALIASES.get(name, name)
    return name if name in NETWORKS else None
