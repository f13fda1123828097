"""Meta Business Suite post exports: Facebook Page posts and Instagram posts (CSV or .xlsx).

Both come from Insights → Content → Export, one row per post, named
`<Mon>-<DD>-<YYYY>_<Mon>-<DD>-<YYYY>_<id>.csv`, UTF-8 with a BOM, with
lifetime totals (`Date` = `Lifetime`), so a later export of the same posts
replaces the earlier figures (the range end in the name dates the export).

Facebook (FORMATS.md 1a): 32 to 34 columns that change from month to month,
told by `Post ID` + `Reactions, Comments and Shares` (any case). The 2025+
files say `Views` where older ones say `Impressions`; early-2025 files carry
both plus `Reels_plays:count`. Instagram (FORMATS.md 2): 18 columns, told by
`Post ID` + `Account username`, with no click columns at all (link clicks are
null, never 0); the pre-2025 generation says `Impressions` (and `Plays`).

Mapping (KPIS.md meanings): Meta's 2025 `Views` replaced impressions (it
counts every time the post was shown, photos included), so `Views` →
impressions, and `Impressions` wins when a file has both. `views` (video
plays) comes only from an explicit plays column (`Reels_plays:count`,
Instagram's `Plays`). Reactions → likes; `Reactions, Comments and Shares`
→ platform_engagements; `Link Clicks` → link_clicks (never `Total clicks`,
which counts every click); `Seconds viewed` → watch_time_hours.

A bad cell refuses the whole file (`convert`): these files are written by
Meta, so a cell that is not a number means the file was damaged or edited,
and a half-imported month would look like a real drop in the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Final

import polars as pl

from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW
from kpitui.core.importers.declared import DeclaredImporter, Format, Header
from kpitui.core.importers.meta import (
    EXPECTED_ID,
    EXPECTED_TIME,
    FACEBOOK_TYPES,
    INSTAGRAM_TYPES,
    META_TIMES,
    content_type,
    exported_at_from_name,
    header_names,
    meta_number,
    no_rows,
    post_id,
    read_table,
    whole,
)
from kpitui.core.importers.names.meta import NAMES

FACEBOOK_FORMAT: Final = Format(
    NAMES,
    signature=("Post ID", "Reactions, Comments and Shares"),
    required=("Post ID", "Publish time"),
    reasons={"Post ID": "every post needs its id", "Publish time": "every post needs its time"},
)
INSTAGRAM_FORMAT: Final = Format(
    NAMES,
    signature=("Post ID", "Account username"),
    required=("Post ID", "Publish time"),
    excluded=("Reactions, Comments and Shares",),  # a Facebook export (which may name its account)
    reasons=FACEBOOK_FORMAT.reasons,
)

FACEBOOK_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("Impressions", "Views"),
    "reach": ("Reach",),
    "views": ("Reels_plays:count",),
    "likes": ("Reactions",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "link_clicks": ("Link Clicks",),
    "platform_engagements": ("Reactions, Comments and Shares",),
}
"""Canonical metric → the export's columns for it (English names), the first present and
filled winning."""

INSTAGRAM_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("Impressions", "Views"),
    "reach": ("Reach",),
    "views": ("Plays",),
    "likes": ("Likes",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "saves": ("Saves",),
    "follows": ("Follows",),
}

_NOT_A_DAY: Final = ["%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def lifetime(source: str) -> v.Conversion:
    """The `Date` column must not hold a day: the figures are then one day's, not the post's totals.

    Meta writes `Lifetime` (translated in localised exports, so any text that
    is not a date is accepted).
    """
    text = v.present(pl.col(source))
    dated = v.date_in(pl.col(source), _NOT_A_DAY).is_not_null()
    return v.native(
        source,
        pl.when(~dated).then(text),
        "'Lifetime' (kpitui reads each post's lifetime totals, not a breakdown by day; "
        "export the posts with the lifetime figures)",
    )


def metric_conversions(
    columns: Header, spec: Mapping[str, Sequence[str]]
) -> tuple[dict[str, v.Conversion], dict[str, pl.Expr]]:
    """Conversions of every metric column present, and the expression of each canonical metric.

    A canonical metric fed by several columns (`Impressions`, then `Views`)
    takes the first filled one per row.
    """
    conversions: dict[str, v.Conversion] = {}
    finals: dict[str, pl.Expr] = {}
    for target, names in spec.items():
        parts: list[pl.Expr] = []
        for i, name in enumerate(names):
            source = columns.get(name)
            if source is None:
                continue
            conversions[f"{target}__{i}"] = whole(source)
            parts.append(pl.col(f"{target}__{i}"))
        if parts:
            finals[target] = pl.coalesce(parts) if len(parts) > 1 else parts[0]
    return conversions, finals


class _MetaPosts(DeclaredImporter):
    """What the Facebook and Instagram post exports share; subclasses name their columns."""

    network: ClassVar[str]
    metrics: ClassVar[Mapping[str, Sequence[str]]]
    types: ClassVar[Mapping[str, str]]
    account_column: ClassVar[str]
    caption_columns: ClassVar[Sequence[str]]

    def columns(self, sample: Sample) -> Sequence[str]:
        return header_names(sample)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw = read_table(sample)
        columns = self.header(raw.columns)
        self.require(path, columns)
        no_rows(path, raw)
        id_source = columns.get("Post ID") or ""
        time_source = columns.get("Publish time") or ""
        conversions: dict[str, v.Conversion] = {
            "post_id": v.native(id_source, post_id(pl.col(id_source)), EXPECTED_ID),
            "published_at": v.native(
                time_source,
                v.local_datetime_in(pl.col(time_source), META_TIMES, options.timezone),
                EXPECTED_TIME + f", read in {options.timezone}",
            ),
        }
        optional_text = {
            "account": self.account_column,
            "permalink": "Permalink",
            **{f"caption__{i}": name for i, name in enumerate(self.caption_columns)},
        }
        for target, name in optional_text.items():
            source = columns.get(name)
            if source is not None:
                conversions[target] = v.Conversion(source, v.cleaned(pl.col(source)), "text")
        kind = columns.get("Post type")
        if kind is not None:
            conversions["content_type"] = v.Conversion(kind, content_type(pl.col(kind), self.types), "text")
        day = columns.get("Date")
        if day is not None:
            conversions["lifetime"] = lifetime(day)
        metric_convs, metric_exprs = metric_conversions(columns, self.metrics)
        conversions.update(metric_convs)
        seconds = columns.get("Seconds viewed")
        if seconds is not None:
            conversions["seconds"] = v.native(
                seconds, meta_number(pl.col(seconds)), "a number of seconds such as 1520"
            )
            metric_exprs["watch_time_hours"] = pl.col("seconds") / 3600
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"post_id": id_source, "published_at": time_source}, "a {name}")
        captions = [pl.col(c) for c in typed.columns if c.startswith("caption__")]
        account = pl.col("account") if "account" in typed.columns else pl.lit(None, pl.String)
        frame = typed.select(
            ROW,
            "post_id",
            "published_at",
            *[c for c in ("content_type", "permalink") if c in typed.columns],
            network=pl.lit(self.network),
            account=pl.coalesce(account, pl.lit(options.account, pl.String)),
            text=pl.coalesce(captions) if captions else pl.lit(None, pl.String),
            **metric_exprs,
        )
        frame, warnings = dedupe(frame, "posts")
        return sample.result(
            self,
            {"posts": conform(frame.drop(ROW), "posts")},
            warnings=warnings,
            exported_at=exported_at_from_name(path),
        )


class FacebookPosts(_MetaPosts):
    """Facebook Page posts exported from Meta Business Suite (both generations)."""

    id = "meta-facebook-posts"
    label = "Facebook Page posts (Meta Business Suite)"
    format = FACEBOOK_FORMAT
    network = "facebook"
    metrics = FACEBOOK_METRICS
    types = FACEBOOK_TYPES
    account_column = "Page name"
    caption_columns = ("Title", "Description")
    """The caption is in Title or in Description (Title is the fuller one when both are filled)."""


class InstagramPosts(_MetaPosts):
    """Instagram posts exported from Meta Business Suite (both generations)."""

    id = "meta-instagram-posts"
    label = "Instagram posts (Meta Business Suite)"
    format = INSTAGRAM_FORMAT
    network = "instagram"
    metrics = INSTAGRAM_METRICS
    types = INSTAGRAM_TYPES
    account_column = "Account username"
    caption_columns = ("Description",)


IMPORTERS = (FacebookPosts(), InstagramPosts())
