"""Legacy Facebook Insights exports (Page Insights → Export Data, before 2020), FORMATS.md 1c.

Two files, CSV or workbook (the `Key Metrics` sheet, the others holding
breakdowns), both with the metric titles on row 1 and **their descriptions
on row 2** (`Lifetime: The total number of people your Page post was served
to. (Unique Users)`). The description row never becomes data: it is
recognised (its key cell is not a key, its cells are words) and used to
tell apart the columns whose title is written twice, one `(Total Count)`
and one `(Unique Users)`: the total count is taken.

Post level: `Post ID` = `<page id>_<post id>` (kept as written, so the post
merges with the Business Suite export of it), `Posted` = `M/D/YYYY H:MM`
read in the workspace's time zone, a permalink ending in `:0` (dropped).
reach = `Lifetime Post Total Reach`, impressions = `Lifetime Post Total
Impressions`, views = `Lifetime Total Video Views` or organic + paid video
views. The file has no likes, comments or shares columns unless its "by
action type" breakdowns were exported (`Lifetime Post Stories by action type
- like`, reactions by type, `Lifetime Post Consumptions by type - link
clicks`): they are mapped when present, and null otherwise.

Page level: one row per day, `Date` as `YYYY-MM-DD`. followers = `Lifetime
Total Likes` (a stock), followers_gained = `Daily New Likes`,
followers_lost = `Daily Unlikes`, reach = `Daily Total Reach`, impressions
= `Daily Total Impressions`. Weekly and 28-day columns are ignored.

Neither file names its account (the Page's name is not in it): account
stays null, for the import to resolve (`resolve`: the files imported with
it, the workspace, or `--account`). A bad cell refuses the whole file, as
for the current exports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import polars as pl

from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW
from kpitui.core.importers.declared import Format
from kpitui.core.importers.meta import (
    MetaImporter,
    no_rows,
    post_conversions,
    post_id,
    read_table,
    whole,
)
from kpitui.core.importers.names import norm
from kpitui.core.importers.names.meta import NAMES

_WORDS = re.compile(r"[A-Za-z]{3}")
_DAY_FORMATS: Final = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]

PAGE_METRICS: Final[dict[str, str]] = {
    "Lifetime Total Likes": "followers",
    "Daily New Likes": "followers_gained",
    "Daily Unlikes": "followers_lost",
    "Daily Total Reach": "reach",
    "Daily Total Impressions": "impressions",
}
"""The legacy page-level columns kpitui reads → the daily columns they fill."""

POST_FORMAT: Final = Format(
    NAMES,
    signature=("Post ID", "Posted", "Lifetime Post Total Reach"),
    required=("Post ID", "Posted"),
    reasons={"Post ID": "every post needs its id", "Posted": "every post needs its time"},
)
PAGE_FORMAT: Final = Format(NAMES, signature=("Date", tuple(PAGE_METRICS)))
"""A date and one of the page metrics; the first column stands for the date when it is not
named `Date` (a BOM or an odd first header)."""

_PAGE_PREFIXES: Final = ("daily ", "weekly ", "28 days ", "lifetime ")


def split_descriptions(
    raw: pl.DataFrame, is_key: pl.Expr, key_column: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """The rows without the description row, and the descriptions by column.

    Row 2 is the description row when its key cell (`key_column`) is not a
    key (`is_key` false: blank, or not a date) and some cell holds words.
    A file saved without it loses nothing: row 2 is then data.
    """
    second = raw.filter(pl.col(ROW) == 2)
    if second.is_empty():
        return raw, {}
    flags = second.select(key=is_key.fill_null(False)).row(0)[0]
    cells = {c: second.get_column(c)[0] for c in raw.columns if c not in (ROW, key_column)}
    wordy = any(isinstance(t, str) and _WORDS.search(t) for t in cells.values())
    if flags or not wordy:
        return raw, {}
    return raw.filter(pl.col(ROW) != 2), {c: t for c, t in cells.items() if isinstance(t, str)}


def _sum_present(parts: Sequence[pl.Expr]) -> pl.Expr:
    """Σ of the parts filled in a row; null when none is (missing is not 0)."""
    return pl.when(pl.any_horizontal([p.is_not_null() for p in parts])).then(pl.sum_horizontal(parts))


_EXPECTED_TIME: Final = "a time such as 10/1/2015 21:00 (M/D/YYYY H:MM)"


class LegacyFacebookPosts(MetaImporter):
    """The legacy Facebook Insights post-level export (`Post ID`, `Posted`, `Lifetime Post …`)."""

    id = "meta-facebook-legacy-posts"
    label = "Facebook Insights post export (legacy, before 2020)"
    format = POST_FORMAT

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw = read_table(sample)
        columns = self.header(raw.columns)
        self.require(path, columns)
        id_source = columns.get("Post ID") or ""
        time_source = columns.get("Posted") or ""
        raw, descriptions = split_descriptions(raw, post_id(pl.col(id_source)).is_not_null(), id_source)
        no_rows(path, raw)
        columns = self.header(raw.columns, descriptions)
        texts = {"text": "post message", "permalink": "permalink"}
        conversions = post_conversions(
            columns, (id_source, time_source), _EXPECTED_TIME, options.timezone, texts, "type"
        )
        metrics: dict[str, pl.Expr] = {}

        def counted(key: str, source: str | None) -> pl.Expr | None:
            if source is None:
                return None
            conversions[key] = whole(source)
            return pl.col(key)

        for target, name in (
            ("reach", "lifetime post total reach"),
            ("impressions", "lifetime post total impressions"),
            ("comments", "lifetime post stories by action type - comment"),
            ("shares", "lifetime post stories by action type - share"),
            ("link_clicks", "lifetime post consumptions by type - link clicks"),
        ):
            expr = counted(target, columns.get(name))
            if expr is not None:
                metrics[target] = expr
        reactions = columns.matching(r"lifetime post (?:total )?reactions by type(?: total)? ?- ?(.+)")
        liked = [e for k, s in reactions.items() if (e := counted(f"reaction__{k}", s)) is not None]
        story_like = counted("likes", columns.get("lifetime post stories by action type - like"))
        if liked:
            metrics["likes"] = _sum_present(liked)
        elif story_like is not None:
            metrics["likes"] = story_like
        total_views = counted("views", columns.get("lifetime total video views"))
        parts = [
            e
            for i, name in enumerate(("lifetime organic video views", "lifetime paid video views"))
            if (e := counted(f"views__{i}", columns.get(name))) is not None
        ]
        if total_views is not None:
            metrics["views"] = total_views
        elif parts:
            metrics["views"] = _sum_present(parts)
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"post_id": id_source, "published_at": time_source}, "a {name}")
        frame = typed.select(
            ROW,
            "post_id",
            "published_at",
            *[c for c in ("text", "content_type") if c in typed.columns],
            network=pl.lit("facebook"),
            account=pl.lit(None, pl.String),
            permalink=(
                pl.col("permalink").str.replace(r":\d+$", "")
                if "permalink" in typed.columns
                else pl.lit(None, pl.String)
            ),
            **metrics,
        )
        frame, warnings = dedupe(frame, "posts")
        return sample.result(self, {"posts": conform(frame.drop(ROW), "posts")}, warnings=warnings)


def _page_columns(names: Sequence[str]) -> tuple[str | None, list[str]]:
    """(the date column, the known metric columns) of a legacy page-level header, by English name."""
    columns = PAGE_FORMAT.header(names)
    found = [m for m in PAGE_METRICS if m in columns]
    date = columns.get("Date") or (names[0] if names else None)
    return date, found


class LegacyFacebookPage(MetaImporter):
    """The legacy Facebook Insights page-level export (`Date`, `Lifetime Total Likes`, `Daily …`)."""

    id = "meta-facebook-legacy-page"
    label = "Facebook Insights page export (legacy, before 2020)"
    format = PAGE_FORMAT

    def detect(self, sample: Sample) -> float:
        """A date (or a first column standing for it), a known metric, and at least half the
        columns named like page metrics (`Daily …`, `Weekly …`, `28 Days …`, `Lifetime …`)."""
        names = list(self.columns(sample))
        date, found = _page_columns(names)
        if not found or date is None:
            return 0.0
        metric_like = sum(1 for n in names if norm(n).startswith(_PAGE_PREFIXES))
        return 1.0 if metric_like * 2 >= len(names) - 1 else 0.0

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw = read_table(sample)
        date, found = _page_columns(raw.columns[1:])
        if date is None or not found:
            wanted = ", ".join(repr(m.title()) for m in PAGE_METRICS)
            raise InputError(
                _("{path}, row 1: none of the columns {wanted}; this is not a {label}.").format(
                    path=path, wanted=wanted, label=self.label
                )
            )
        day = v.date_in(pl.col(date), _DAY_FORMATS)
        raw, descriptions = split_descriptions(raw, day.is_not_null(), date)
        no_rows(path, raw)
        columns = self.header(raw.columns, descriptions)
        conversions = {"date": v.native(date, day, "a day such as 2019-10-01 (YYYY-MM-DD)")}
        for name, target in PAGE_METRICS.items():
            source = columns.get(name)
            if source is not None:
                conversions[target] = whole(source)
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"date": date}, "a {name}")
        frame = typed.with_columns(network=pl.lit("facebook"), account=pl.lit(None, pl.String))
        frame, warnings = dedupe(frame, "daily")
        return sample.result(self, {"daily": conform(frame.drop(ROW), "daily")}, warnings=warnings)


IMPORTERS = (LegacyFacebookPosts(), LegacyFacebookPage())
