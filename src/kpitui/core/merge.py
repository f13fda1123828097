"""Merging an import into a stored table by key, newest export winning, column by column.

A later export of the same posts carries grown lifetime metrics, so its
values replace the older ones. But an export that lacks a column (YouTube's
table without likes, say) must not erase a value another export brought, so
the merge is per column: the newer export's value where it has one, else
the older one. When the incoming file is *older* than what is stored (an old
export imported late), the stored values win and the file only fills gaps.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields, is_dataclass
from datetime import datetime
from typing import Final, Self

import polars as pl

from kpitui.core import schema
from kpitui.core.hashtags import hashtags_of
from kpitui.core.schema import HASHTAGS, IMPORT_ID, TableName


class Tally:
    """Counts of rows that add up field by field, for a dataclass of ints (what files did, in
    all); every count but `unchanged` counts a change."""

    __slots__ = ()

    def __add__(self, other: Self) -> Self:
        assert is_dataclass(self) and is_dataclass(other)
        return type(self)(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @property
    def changed(self) -> bool:
        """Whether any row changed (was added, updated or removed)."""
        assert is_dataclass(self)
        return any(getattr(self, f.name) for f in fields(self) if f.name != "unchanged")


@dataclass(frozen=True, slots=True)
class MergeCounts(Tally):
    """What one file did to one table."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


AGE: Final = "__exported"
"""The column of `ages`: when the export an import id came from was made (UTC)."""
NEW_ID: Final = "__import"
NEW_AGE: Final = "__exported_new"
"""Columns of each incoming row: the import id it will take, and when its export was made."""


def tag(frame: pl.DataFrame, import_id: int, exported_at: datetime) -> pl.DataFrame:
    """`frame` (a file's table) with the NEW_ID and NEW_AGE of every row, for `merge_table`."""
    return frame.with_columns(
        pl.lit(import_id, pl.Int64).alias(NEW_ID),
        pl.lit(exported_at).cast(pl.Datetime("us", "UTC")).alias(NEW_AGE),
    )


def merge_table(
    table: TableName,
    current: pl.DataFrame,
    incoming: pl.DataFrame,
    *,
    ages: pl.DataFrame,
) -> tuple[pl.DataFrame, dict[int, MergeCounts]]:
    """Merge `incoming` (canonical schema, rows tagged by `tag`) into `current` (stored schema).

    `incoming` may hold the rows of several files, as long as no key appears in two of them
    (merging them together is then merging them one after the other, in one join instead of
    one per file). `ages` tells, for each stored row's import id (IMPORT_ID), when that export
    was made (AGE). Returns the new stored table and, by import id, the counts of rows added,
    updated and unchanged.
    """
    keys = list(schema.KEYS[table])
    stored = schema.STORED_SCHEMAS[table]
    fields = [c for c in schema.SCHEMAS[table] if c not in keys]
    if incoming.is_empty():
        return current, {}
    derived = table == "posts"  # the stored hashtags follow the text (see `_follow_text`)
    if derived and HASHTAGS not in current.columns:
        current = current.with_columns(hashtags_of(pl.col("text")).alias(HASHTAGS))
    old = current.join(ages, on=IMPORT_ID, how="left")
    new = incoming.select(*keys, *fields, NEW_ID, NEW_AGE)
    if derived:
        new = new.with_columns(hashtags_of(pl.col("text")).alias(HASHTAGS))
    new = new.rename({c: f"{c}__new" for c in (*fields, *([HASHTAGS] if derived else []))})
    joined = old.join(new, on=keys, how="full", coalesce=True, nulls_equal=True)
    c = pl.col
    in_old = c(IMPORT_ID).is_not_null()
    in_new = c(NEW_ID).is_not_null()
    newer = c(AGE).is_null() | (c(NEW_AGE) >= c(AGE))
    merged = {
        f: pl.when(~in_new)
        .then(c(f))
        .when(newer)
        .then(pl.coalesce(c(f"{f}__new"), c(f)))
        .otherwise(pl.coalesce(c(f), c(f"{f}__new")))
        for f in fields
    }
    if derived:
        merged[HASHTAGS] = _follow_text(in_new, newer)
    differs = pl.any_horizontal([merged[f].ne_missing(c(f)) for f in fields]) if fields else pl.lit(False)
    result = joined.with_columns(
        __added=in_new & ~in_old,
        __updated=in_new & in_old & differs,
        __unchanged=in_new & in_old & ~differs,
    ).with_columns(
        **merged,
        **{IMPORT_ID: pl.when(c("__added") | c("__updated")).then(c(NEW_ID)).otherwise(c(IMPORT_ID))},
    )
    counts = (
        result.filter(in_new)
        .group_by(NEW_ID)
        .agg(added=c("__added").sum(), updated=c("__updated").sum(), unchanged=c("__unchanged").sum())
    )
    table_out = result.select([pl.col(n).cast(t) for n, t in stored.items()])
    return table_out, {int(i): MergeCounts(int(a), int(u), int(n)) for i, a, u, n in counts.iter_rows()}


def _follow_text(in_new: pl.Expr, newer: pl.Expr) -> pl.Expr:
    """The merged posts' hashtags: those of whichever export the merged text comes from.

    The text merges like any field (the newer export's where it has one, else the older);
    its hashtags, extracted once from that same text, go with it.
    """
    c = pl.col
    stored, incoming = c(HASHTAGS), c(f"{HASHTAGS}__new")
    return (
        pl.when(~in_new)
        .then(stored)
        .when(newer)
        .then(pl.when(c("text__new").is_not_null()).then(incoming).otherwise(stored))
        .otherwise(pl.when(c("text").is_not_null()).then(stored).otherwise(incoming))
    )


def fold(
    table: TableName, current: pl.DataFrame, incoming: pl.DataFrame, *, ages: pl.DataFrame
) -> tuple[pl.DataFrame, dict[int, MergeCounts]]:
    """Merge the rows of several imports (`incoming`, tagged: NEW_ID, NEW_AGE) into `current`,
    one import after the other in the order of their ids, as `merge_table` would one by one.

    A key brought by several imports merges in rounds: round r merges, for every key, the r-th
    import that brings it, in one join. Merging is row by row (a key's merge reads only that
    key's rows), so the rounds give what merging each import in turn gives, in as many joins
    as the most imports one key has, not as many as there are imports. `ages` must give the age
    of every import id of `current` and `incoming`.
    """
    if incoming.is_empty():
        return current, {}
    keys = list(schema.KEYS[table])
    rounds = incoming.sort(NEW_ID, maintain_order=True).with_columns(
        __round=pl.int_range(pl.len(), dtype=pl.Int64).over(keys)
    )
    counts: dict[int, MergeCounts] = {}
    by_round = rounds.partition_by("__round", as_dict=True)
    for _, part in sorted(by_round.items(), key=lambda item: item[0]):
        current, found = merge_table(table, current, part.drop("__round"), ages=ages)
        for import_id, part_counts in found.items():
            counts[import_id] = counts.get(import_id, MergeCounts()) + part_counts
    return current, counts


def tagged(rows: pl.DataFrame, ages: pl.DataFrame) -> pl.DataFrame:
    """Rows of runs (IMPORT_ID) tagged for `fold`: their import as NEW_ID, its age as NEW_AGE."""
    return rows.join(ages, on=IMPORT_ID, how="left").rename({IMPORT_ID: NEW_ID, AGE: NEW_AGE})
