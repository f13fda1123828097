"""The KPI engine: components per network (and per time bucket), then values.

`compute(dataset, period)` gives every KPI of every network with data and
"all" over a period; `compute_many(dataset, periods)` gives the same for
several periods at once (a report's period, its comparison and each
objective's period to date); `series(dataset, period, freq)` gives the same
per day, week or month of the period, for trends and charts. All run the
same code over a *grid* of windows (a first and a last day each), which may
overlap.

Components are sums over the rows of a window (kpitui.core.kpis lists
them). Posts are read from their daily cube (Dataset.post_days: summed per
network, account and day once per dataset); each window adds up its days.
Stocks are taken per account: the last known followers on or before a
window's last day, and on the day before its first day; daily flows are
differences of running totals at the same two days (Dataset.account_days).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final, Literal

import polars as pl

from kpitui.core import kpis, schema
from kpitui.core.dataset import IN_MEMORY, Dataset
from kpitui.core.hashtags import brand_pattern
from kpitui.core.kpis import both, nsum
from kpitui.core.periods import Period
from kpitui.core.schema import ALL

Freq = Literal["day", "week", "month"]
_TRUNCATE: Final[dict[str, str]] = {"day": "1d", "week": "1w", "month": "1mo"}
_SHARE: Final = ("share_num", "share_den")
SUM_DECIMALS: Final = 6
"""Decimals a sum of fractional values (revenue, conversions, watch hours) is rounded to.

polars adds a group's values on several threads and joins the parts in no fixed order, and
floats are not associative: at a million posts the same files gave a revenue of 90233.23, then
90233.22999999997, from one `kpitui report` to the next. Rounded to a millionth, the same files
always give the same numbers (exact cents for money), whatever the order."""
ACCOUNT_METRICS: Final = ("impressions", "reach", "views")
"""Daily metrics summed into the account KPIs (`account_impressions`, …): flows of AccountDays."""
_ORDER: Final = {name: i for i, name in enumerate((*schema.NETWORKS, ALL))}


def compute(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Every KPI for every network with data and "all", over `period`: one row per network."""
    return compute_many(dataset, [period])[0]


def compute_many(dataset: Dataset, periods: Sequence[Period]) -> list[pl.DataFrame]:
    """`compute` for each of `periods`, in one pass over the tables.

    Each frame has one row per network with data, in display order, then "all".
    """
    if not periods:
        return []
    grid = pl.DataFrame(
        {
            "bucket": list(range(len(periods))),
            "start": [p.start for p in periods],
            "end": [p.end for p in periods],
        },
        schema={"bucket": pl.Int32, "start": pl.Date, "end": pl.Date},
    )
    table = (
        _values(_components(dataset, grid), (*dataset.networks, ALL))
        .with_columns(
            order=pl.col("network").replace_strict(_ORDER, default=len(_ORDER), return_dtype=pl.Int32)
        )
        .sort("bucket", "order")
        .drop("order")
        .collect(engine=IN_MEMORY)
    )
    # one split, not a drop per period: an eager operation is a query of its own in polars 2
    # (2 ms each: a tenth of the HTML report's 50 pacing windows)
    parts = table.partition_by("bucket", as_dict=True, maintain_order=True, include_key=False)
    return [parts[(i,)] for i in range(len(periods))]


def series(dataset: Dataset, period: Period, freq: Freq) -> pl.DataFrame:
    """Every KPI per network and per day, week or month of `period`.

    Columns: network, bucket (the bucket's first day within the period:
    a week starting before the period reads from the period's first day),
    then one column per KPI. A traffic row covering a date range
    counts only in a bucket that holds the whole range.
    """
    grid = _grid(period, freq)
    return (
        _values(_components(dataset, grid), (*dataset.networks, ALL))
        .join(grid.lazy().select("bucket", "start"), on="bucket", how="left")
        .with_columns(bucket=pl.col("start"))
        .drop("start")
        .collect(engine=IN_MEMORY)
    )


def components(dataset: Dataset, period: Period, freq: Freq | None = None) -> pl.DataFrame:
    """Every component per network with data (then "all") and bucket of `period`."""
    return _components(dataset, _grid(period, freq)).collect(engine=IN_MEMORY)


def _components(dataset: Dataset, grid: pl.DataFrame) -> pl.LazyFrame:
    """Every component per network with data (then "all") and window of `grid`, as one query.

    `grid` has one row per window: `bucket` (its key), `start` and `end`.
    """
    keys = dataset.networks
    frame = pl.LazyFrame({"network": list(keys)}, schema={"network": pl.String}).join(
        grid.lazy().select("bucket"), how="cross"
    )
    traffic = _traffic_part(dataset, grid, per_network=True)
    for part in (_posts_part(dataset, grid), _daily_part(dataset, grid), traffic):
        frame = frame.join(part, on=["network", "bucket"], how="left")
    frame = frame.with_columns(pl.col(c).fill_null(0) for c in kpis.ROW_COUNTS)
    columns = frame.collect_schema().names()
    # "all" adds the networks' components (rule 7), except traffic's: those also count the
    # rows that are social but of no single network (a channel group such as Organic Social).
    by_row = set(traffic.collect_schema().names())
    sums = [c for c in columns if c not in by_row]
    all_rows = (
        grid.lazy()
        .select("bucket")
        .join(
            frame.group_by("bucket").agg(nsum(pl.col(c)).alias(c) for c in sums),
            on="bucket",
            how="left",
        )
        .with_columns(pl.col(c).fill_null(0) for c in kpis.ROW_COUNTS)
        .join(_traffic_part(dataset, grid, per_network=False), on="bucket", how="left")
        .join(_traffic_share(dataset, grid), on="bucket", how="left")
        .with_columns(network=pl.lit(ALL))
    )
    frame = frame.with_columns(pl.lit(None, pl.Float64).alias(c) for c in _SHARE)
    both_rows = pl.concat([frame, all_rows.select(*columns, *_SHARE)], how="vertical_relaxed")
    return both_rows.with_columns(pl.col(pl.Float64).round(SUM_DECIMALS))


def values(comps: pl.DataFrame) -> pl.DataFrame:
    """KPI values from components: one column per KPI, null where a KPI does not apply."""
    return _values(comps.lazy(), comps.get_column("network").unique().to_list()).collect(engine=IN_MEMORY)


def _values(comps: pl.LazyFrame, networks: Sequence[str]) -> pl.LazyFrame:
    exprs = []
    for kpi in kpis.KPIS:
        applies = [n for n in networks if kpi.applies_to(n)]
        exprs.append(pl.when(pl.col("network").is_in(applies)).then(kpi.value).alias(kpi.id))
    return comps.select("network", "bucket", *exprs)


def traffic_left_out(dataset: Dataset, period: Period) -> int:
    """Traffic rows covering a date range that overlaps the period without fitting in it.

    Such rows (from an export with no day dimension) are not counted; the UI
    says so instead of silently showing a smaller number.
    """
    c = pl.col
    overlaps = (c("date") <= period.end) & (c("date_end") >= period.start)
    inside = (c("date") >= period.start) & (c("date_end") <= period.end)
    return int(dataset.traffic.filter(overlaps & ~inside).height)


# --- windows -------------------------------------------------------------------------


def _grid(period: Period, freq: Freq | None) -> pl.DataFrame:
    """One row per bucket: its key, and its first and last day within the period."""
    if freq is None:
        return pl.DataFrame({"bucket": [period.start], "start": [period.start], "end": [period.end]})
    days = pl.DataFrame({"day": pl.date_range(period.start, period.end, "1d", eager=True)})
    return (
        days.group_by(pl.col("day").dt.truncate(_TRUNCATE[freq]).alias("bucket"))
        .agg(start=pl.col("day").min(), end=pl.col("day").max())
        .sort("bucket")
    )


def _in_windows(frame: pl.LazyFrame, grid: pl.DataFrame, first: str, last: str | None = None) -> pl.LazyFrame:
    """Each row of `frame` once per window of `grid` that holds its days (`first`..`last`)."""
    c = pl.col
    return frame.join_where(grid.lazy(), c(first) >= c("start"), c(last or first) <= c("end"))


# --- the three tables ------------------------------------------------------------------


def _posts_part(dataset: Dataset, grid: pl.DataFrame) -> pl.LazyFrame:
    """Posts components per network and window: the daily cube's days of each window added up.

    Each component is a null-aware sum: its sum and the number of posts that
    report it are added up, and the sum is null when that number is 0.
    """
    c = pl.col
    first, last = grid["start"].min(), grid["end"].max()
    parts = kpis.post_parts()
    branded = brand_pattern(dataset.settings.brand_hashtags) is not None
    sums = ["posts", "interaction_posts", *parts, *(f"{name}__n" for name in parts)]
    sums += ["texts", "brand"] if branded else []
    cube = dataset.post_days.lazy().filter(c("day").is_between(first, last))
    windows = _in_windows(cube, grid, "day").group_by("network", "bucket").agg(c(name).sum() for name in sums)
    brand = (
        pl.when(c("texts") > 0).then(c("brand")).alias("brand_posts")
        if branded
        else pl.lit(None, dtype=pl.UInt32).alias("brand_posts")
    )
    return windows.select(
        "network",
        "bucket",
        "posts",
        "interaction_posts",
        *(pl.when(c(f"{name}__n") > 0).then(c(name)).alias(name) for name in parts),
        brand,
    )


def _daily_part(dataset: Dataset, grid: pl.DataFrame) -> pl.LazyFrame:
    """Stocks at each window's edges and flows between them, per account, then per network."""
    c = pl.col
    running = dataset.account_days
    cells = running.accounts.join(grid, how="cross").with_columns(before=c("start") - timedelta(days=1))
    ids = cells.get_column("id")
    end = running.at(ids, cells.get_column("end")).select(pl.all().name.suffix("_end"))
    before = running.at(ids, cells.get_column("before")).select(pl.all().name.suffix("_before"))

    def between(flow: str) -> pl.Expr:
        """The flow's null-aware sum over the window: running totals at the end minus before it."""
        days = c(f"{flow}_days_end") - c(f"{flow}_days_before").fill_null(0)
        return pl.when(days > 0).then(c(f"{flow}_sum_end") - c(f"{flow}_sum_before").fill_null(0))

    per_account = (
        pl.concat([cells, end, before], how="horizontal")
        .lazy()
        .select(
            "network",
            "bucket",
            followers_end=c("followers_known_end"),
            followers_start=c("followers_known_before"),
            flow_net=between("net_flow"),
            mentions=between("mentions"),
            profile_visits=between("profile_visits"),
            **{f"account_{metric}": between(metric) for metric in ACCOUNT_METRICS},
        )
        .with_columns(net_change=pl.coalesce("flow_net", c("followers_end") - c("followers_start")))
    )
    fgr_num, fgr_den = both(c("net_change"), c("followers_start"))
    return per_account.group_by("network", "bucket").agg(
        mentions=nsum(c("mentions")),
        profile_visits=nsum(c("profile_visits")),
        **{f"account_{metric}": nsum(c(f"account_{metric}")) for metric in ACCOUNT_METRICS},
        followers_end=nsum(c("followers_end")),
        followers_start=nsum(c("followers_start")),
        net_change=nsum(c("net_change")),
        fgr_num=fgr_num,
        fgr_den=fgr_den,
    )


def _traffic_rows(dataset: Dataset, grid: pl.DataFrame) -> pl.LazyFrame:
    """Traffic rows with each window that holds their whole date range."""
    return _in_windows(dataset.traffic.lazy(), grid, "date", "date_end")


def _traffic_part(dataset: Dataset, grid: pl.DataFrame, *, per_network: bool) -> pl.LazyFrame:
    """Traffic components per network and window, or, for "all", per window over every
    social row: those of a network and those social of no single network."""
    c = pl.col
    esr = both(c("engaged_sessions"), c("sessions"))
    cr = both(c("conversions"), c("sessions"))
    return (
        _traffic_rows(dataset, grid)
        .filter(c("network").is_not_null() if per_network else c("social"))
        .group_by(*(["network"] if per_network else []), "bucket")
        .agg(
            sessions=nsum(c("sessions")),
            engaged_sessions=nsum(c("engaged_sessions")),
            conversions=nsum(c("conversions")),
            revenue=nsum(c("revenue")),
            traffic_leads=nsum(c("leads")),
            esr_num=esr[0],
            esr_den=esr[1],
            cr_num=cr[0],
            cr_den=cr[1],
        )
    )


def _traffic_share(dataset: Dataset, grid: pl.DataFrame) -> pl.LazyFrame:
    """Per window: sessions of social sources (of a network or of none) and of every source."""
    c = pl.col
    return (
        _traffic_rows(dataset, grid)
        .group_by("bucket")
        .agg(
            share_num=nsum(c("sessions").filter(c("social"))).cast(pl.Float64),
            share_den=nsum(c("sessions")).cast(pl.Float64),
        )
    )
