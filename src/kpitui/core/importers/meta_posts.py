"""Meta Business Suite post exports: Facebook Page posts and Instagram posts (CSV or .xlsx).

Both come from Insights → Content → Export, one row per post, named
`<Mon>-<DD>-<YYYY>_<Mon>-<DD>-<YYYY>_<id>.csv`, UTF-8 with a BOM, with
lifetime totals (`Date` = `Lifetime`, `Global` in French), so a later export
of the same posts replaces the earlier figures (the range end in the name
dates the export).

Facebook (FORMATS.md 1a): 31 to 38 columns that change from month to month,
told by `Post ID` + `Reactions, Comments and Shares` (any case, any language
of `names.meta`). The 2025+ files say `Views` where older ones say
`Impressions` (with `IMPRESSION:UNIQUE_USERS` for reach in some); early-2025
files carry both plus `Reels_plays:count`; some repeat `Views` (the first
copy is read). Instagram (FORMATS.md 2): 18 to 23 columns, told by `Post ID`
+ `Account username`, with no click columns at all (link clicks are null,
never 0); the pre-2025 generation says `Impressions` (and `Plays`).

Mapping (KPIS.md meanings): Meta's 2025 `Views` replaced impressions (it
counts every time the post was shown, photos included), so `Views` →
impressions, and `Impressions` wins when a file has both. `views` (video
plays) comes only from an explicit plays column (`Reels_plays:count`,
Instagram's `Plays`). `Reach` (or `IMPRESSION:UNIQUE_USERS`) → reach;
Reactions → likes; `Reactions, Comments and Shares` → platform_engagements;
`Link Clicks` → link_clicks (never `Total clicks`, which counts every
click); `Seconds viewed` → watch_time_hours. Numbers are read in the file's
locale (`1 234`, `1.234`, `12,5`: `values.localised`).

Real files differ from the reference in ways read here:

- a row may end early: Meta leaves trailing empty cells off, so the row is
  read with its last cells empty (a long row, or a last row cut short by a
  damaged download, is still refused);
- rows without a `Post ID` are summary rows, not posts: skipped, and a
  warning counts them;
- the account is the one the export is for: the `Page ID` (`Account ID`)
  written on most rows, named by the `Page name` (`Account username`) most
  written with it. A collaboration post carries the other account's name;
  it is counted for the export's account, with a warning, so that it never
  creates a second account of the brand. A file with no account column
  leaves the account null, for the import to resolve.

A bad cell refuses the whole file (`convert`): these files are written by
Meta, so a cell that is not a number means the file was damaged or edited,
and a half-imported month would look like a real drop in the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar, Final

import polars as pl

from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW
from kpitui.core.importers.declared import Format, Header
from kpitui.core.importers.meta import (
    EXPECTED_TIME,
    MetaImporter,
    exported_at_from_name,
    meta_count,
    no_rows,
    post_conversions,
    read_table,
)
from kpitui.core.importers.names import norm
from kpitui.core.importers.names.meta import NAMES

FACEBOOK_FORMAT: Final = Format(
    NAMES,
    # a Page column too, so that a language whose `Reactions, Comments and Shares` kpitui does
    # not know yet is still read (its other columns as they are known)
    signature=("Post ID", ("Reactions, Comments and Shares", "Page ID", "Page name")),
    required=("Post ID", "Publish time"),
    excluded=("Account username", "Account ID"),  # an Instagram export
    reasons={"Post ID": "every post needs its id", "Publish time": "every post needs its time"},
)
INSTAGRAM_FORMAT: Final = Format(
    NAMES,
    signature=("Post ID", ("Account username", "Account name")),
    required=("Post ID", "Publish time"),
    excluded=("Reactions, Comments and Shares", "Page ID"),  # a Facebook export
    reasons=FACEBOOK_FORMAT.reasons,
)

FACEBOOK_METRICS: Final[dict[str, tuple[str, ...]]] = {
    "impressions": ("Impressions", "Views"),
    "reach": ("Reach", "IMPRESSION:UNIQUE_USERS"),
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


COUNTED: Final = "a whole number such as 1250 (blank when unknown)"
ENGLISH_IDS: Final = frozenset({"post id", "post identifier"})
"""The `Post ID` column as an English export writes it: the file's numbers use a decimal dot."""


def metric_conversions(
    path: Path, raw: pl.DataFrame, columns: Header, spec: Mapping[str, Sequence[str]]
) -> tuple[dict[str, v.Conversion], dict[str, pl.Expr]]:
    """Conversions of every metric column present, and the expression of each canonical metric.

    Numbers are read by the decimal mark the file's number columns settle
    together (`values.localised`): `1 234` and `1.234` are 1234 in a count,
    `1 234,5` a decimal of a localised file. When they settle none, the
    header's language tells: a dot in English, a comma in the other
    languages Meta's exports are read in (French, Spanish, Portuguese,
    German, Italian all write decimals with a comma). A canonical metric fed by
    several columns (`Impressions`, then `Views`) takes the first filled
    one per row. Columns of plain digits (most files) take a faster reader.
    """
    sources = {
        (target, i): source
        for target, names in spec.items()
        for i, name in enumerate(names)
        if (source := columns.get(name)) is not None
    }
    seconds = columns.get("Seconds viewed")
    numeric = list(dict.fromkeys([*sources.values(), *([seconds] if seconds else [])]))
    plain = raw.select(pl.col(c).str.contains(r"^\s*\d*\s*$").fill_null(True).all() for c in numeric).row(0)
    read = {c: meta_count(pl.col(c)) for c, ok in zip(numeric, plain, strict=True) if ok}  # most files: fast
    english = norm(columns.get("Post ID") or "") in ENGLISH_IDS
    counts = [c for c in dict.fromkeys(sources.values()) if c not in read]
    decimals = [seconds] if seconds and seconds not in read else []
    read |= v.localised(path, raw, counts=counts, decimals=decimals, fallback="." if english else ",")
    conversions: dict[str, v.Conversion] = {}
    finals: dict[str, pl.Expr] = {}
    for (target, i), source in sources.items():
        conversions[f"{target}__{i}"] = v.native(source, read[source], COUNTED)
    for target in spec:
        parts = [pl.col(f"{target}__{i}") for (t, i) in sources if t == target]
        if parts:
            finals[target] = pl.coalesce(parts) if len(parts) > 1 else parts[0]
    if seconds is not None:
        conversions["seconds"] = v.native(seconds, read[seconds], "a number of seconds such as 1520")
        finals["watch_time_hours"] = pl.col("seconds") / 3600
    return conversions, finals


def summary_rows(raw: pl.DataFrame, id_source: str) -> tuple[pl.DataFrame, list[str], int]:
    """The rows that are posts, a warning counting the summary rows (no `Post ID`), their number."""
    summary = raw.select(v.blank(pl.col(id_source))).to_series()
    if not summary.any():
        return raw, [], 0
    rows = raw.get_column(ROW).filter(summary).to_list()
    shown = ", ".join(str(r) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
    note = f"{len(rows)} row(s) without a {id_source!r} skipped: summary rows, not posts (row {shown})."
    return raw.filter(~summary), [note], len(rows)


def own_account(raw: pl.DataFrame, id_source: str | None, name_source: str) -> tuple[str | None, list[str]]:
    """The account the export is for, and a warning when some posts name another one.

    The id written on most rows (`Page ID`, `Account ID`; the earlier row
    wins a tie) is the export's account, named by the name most written
    with it; without an id column, the name written on most rows. Other
    names are collaboration posts: counted for the export's account.
    """
    c = pl.col
    pairs = (
        raw.select(
            ROW,
            name=v.cleaned(c(name_source)),
            id=v.cleaned(c(id_source)) if id_source else pl.lit(None, pl.String),
        )
        .filter(c("name").is_not_null())
        .group_by("id", "name")
        .agg(n=pl.len(), first=c(ROW).min())
    )  # one row per (id, name) written: a handful, whatever the number of posts
    if pairs.is_empty():
        return None, []
    key = "id" if pairs.get_column("id").is_not_null().any() else "name"
    ranked = (
        pairs.filter(c(key).is_not_null())
        .group_by(key)
        .agg(c("n").sum(), c("first").min())
        .sort(["n", "first"], descending=[True, False])
    )
    top = ranked.get_column(key)[0]
    ours = pairs.filter(c(key) == top).sort(["n", "first"], descending=[True, False])
    account = str(ours.get_column("name")[0])
    theirs = pairs.filter(c(key).ne_missing(top)).sort("first")
    if theirs.is_empty():
        return account, []
    names = list(dict.fromkeys(theirs.get_column("name").to_list()))
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    note = (
        f"{theirs.get_column('n').sum()} post(s) name another account ({shown}): collaborations, counted "
        f"for {account}, the account this export is for."
    )
    return account, [note]


class _MetaPosts(MetaImporter):
    """What the Facebook and Instagram post exports share; subclasses name their columns."""

    network: ClassVar[str]
    metrics: ClassVar[Mapping[str, Sequence[str]]]
    account_columns: ClassVar[tuple[str, ...]]
    """The columns naming the account, the first present read (`Page name`; `Account username`,
    else `Account name`)."""
    id_column: ClassVar[str]
    """The column holding the account's id (`Page ID`, `Account ID`)."""
    caption_columns: ClassVar[Sequence[str]]

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw = read_table(sample, pad_short=True)
        columns = self.header(raw.columns)
        self.require(path, columns)
        id_source = columns.get("Post ID") or ""
        time_source = columns.get("Publish time") or ""
        raw, warnings, skipped = summary_rows(raw, id_source)
        no_rows(path, raw)
        texts = {"permalink": "Permalink", **{f"caption__{i}": n for i, n in enumerate(self.caption_columns)}}
        conversions = post_conversions(
            columns, (id_source, time_source), EXPECTED_TIME, options.timezone, texts, "Post type"
        )
        day = columns.get("Date")
        if day is not None:
            conversions["lifetime"] = lifetime(day)
        metric_convs, metric_exprs = metric_conversions(path, raw, columns, self.metrics)
        conversions.update(metric_convs)
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"post_id": id_source, "published_at": time_source}, v.A_NAME)
        name_source = columns.first(*self.account_columns)
        account, notes = (
            own_account(raw, columns.get(self.id_column), name_source) if name_source else (None, [])
        )
        captions = [pl.col(c) for c in typed.columns if c.startswith("caption__")]
        frame = typed.select(
            ROW,
            "post_id",
            "published_at",
            *[c for c in ("content_type", "permalink") if c in typed.columns],
            network=pl.lit(self.network),
            account=pl.lit(account, pl.String),
            text=pl.coalesce(captions) if captions else pl.lit(None, pl.String),
            **metric_exprs,
        )
        frame, repeated = dedupe(frame, "posts")
        return sample.result(
            self,
            {"posts": conform(frame.drop(ROW), "posts")},
            warnings=[*warnings, *notes, *repeated],
            skipped=skipped,
            exported_at=exported_at_from_name(path),
        )


class FacebookPosts(_MetaPosts):
    """Facebook Page posts exported from Meta Business Suite (both generations)."""

    id = "meta-facebook-posts"
    label = "Facebook Page posts (Meta Business Suite)"
    format = FACEBOOK_FORMAT
    network = "facebook"
    metrics = FACEBOOK_METRICS
    account_columns = ("Page name",)
    id_column = "Page ID"
    caption_columns = ("Title", "Description")
    """The caption is in Title or in Description (Title is the fuller one when both are filled)."""


class InstagramPosts(_MetaPosts):
    """Instagram posts exported from Meta Business Suite (both generations)."""

    id = "meta-instagram-posts"
    label = "Instagram posts (Meta Business Suite)"
    format = INSTAGRAM_FORMAT
    network = "instagram"
    metrics = INSTAGRAM_METRICS
    account_columns = ("Account username", "Account name")
    id_column = "Account ID"
    caption_columns = ("Description",)


IMPORTERS = (FacebookPosts(), InstagramPosts())
