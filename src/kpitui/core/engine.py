"""The KPI engine: components per network (and per time bucket), then values.

`compute(dataset, period)` gives every KPI of every network with data and
"all" over a period; `series(dataset, period, freq)` gives the same per day,
week or month of the period, for trends and charts. Both run the same code:
a period total is a series with a single bucket.

Components are sums over the rows of a bucket (kpitui.core.kpis lists them).
Stocks are taken per account first: the last known followers on or before a
bucket's last day, and on the day before its first day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final, Literal

import polars as pl

from kpitui.core import kpis
from kpitui.core.dataset import Dataset, row_sum
from kpitui.core.kpis import both, nsum
from kpitui.core.periods import Period
from kpitui.core.schema import ALL

Freq = Literal["day", "week", "month"]
_TRUNCATE: Final[dict[str, str]] = {"day": "1d", "week": "1w", "month": "1mo"}
_SHARE: Final = ("share_num", "share_den")


def compute(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Every KPI for every network with data and "all", over `period`: one row per network."""
    return values(components(dataset, period)).drop("bucket")


def series(dataset: Dataset, period: Period, freq: Freq) -> pl.DataFrame:
    """Every KPI per network and per day, week or month of `period`.

    Columns: network, bucket (the bucket's first day within the period:
    a week starting before the period reads from the period's first day),
    then one column per KPI. A traffic row covering a date range
    counts only in a bucket that holds the whole range.
    """
    starts = _grid(period, freq).select("bucket", "start")
    return (
        values(components(dataset, period, freq))
        .join(starts, on="bucket", how="left")
        .with_columns(bucket=pl.col("start"))
        .drop("start")
    )


def components(dataset: Dataset, period: Period, freq: Freq | None = None) -> pl.DataFrame:
    """Every component per network with data (then "all") and bucket of `period`."""
    grid = _grid(period, freq)
    keys = dataset.networks
    frame = pl.DataFrame({"network": list(keys)}, schema={"network": pl.String}).join(
        grid.select("bucket"), how="cross"
    )
    for part in (
        _posts_part(dataset, period, freq),
        _daily_part(dataset, grid, freq),
        _traffic_part(dataset, period, freq),
    ):
        frame = frame.join(part, on=["network", "bucket"], how="left")
    frame = frame.with_columns(pl.col(c).fill_null(0) for c in kpis.ROW_COUNTS)
    sums = [c for c in frame.columns if c not in ("network", "bucket")]
    all_rows = (
        grid.select("bucket")
        .join(
            frame.group_by("bucket").agg(nsum(pl.col(c)).alias(c) for c in sums),
            on="bucket",
            how="left",
        )
        .with_columns(pl.col(c).fill_null(0) for c in kpis.ROW_COUNTS)
        .join(_traffic_share(dataset, period, freq), on="bucket", how="left")
        .with_columns(network=pl.lit(ALL))
    )
    frame = frame.with_columns(pl.lit(None, pl.Float64).alias(c) for c in _SHARE)
    return pl.concat([frame, all_rows.select(frame.columns)], how="vertical_relaxed")


def values(comps: pl.DataFrame) -> pl.DataFrame:
    """KPI values from components: one column per KPI, null where a KPI does not apply."""
    networks = comps.get_column("network").unique().to_list()
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
    return int(dataset.traffic.filter(overlaps & ~_traffic_in(period)).height)


# --- buckets -------------------------------------------------------------------------


def _bucket(day: pl.Expr, period: Period, freq: Freq | None) -> pl.Expr:
    """The bucket a day falls in: the start of its day, week (Monday) or month."""
    if freq is None:
        return pl.lit(period.start, dtype=pl.Date)
    return day.dt.truncate(_TRUNCATE[freq])


def _grid(period: Period, freq: Freq | None) -> pl.DataFrame:
    """One row per bucket: its key, and its first and last day within the period."""
    if freq is None:
        return pl.DataFrame({"bucket": [period.start], "start": [period.start], "end": [period.end]})
    days = pl.DataFrame({"day": pl.date_range(period.start, period.end, "1d", eager=True)})
    return (
        days.group_by(_bucket(pl.col("day"), period, freq).alias("bucket"))
        .agg(start=pl.col("day").min(), end=pl.col("day").max())
        .sort("bucket")
    )


# --- the three tables ------------------------------------------------------------------


def _posts_part(dataset: Dataset, period: Period, freq: Freq | None) -> pl.DataFrame:
    aggs = kpis.posts_aggs(kpis.brand_pattern(dataset.settings.brand_hashtags))
    return (
        dataset.posts.lazy()
        .filter(pl.col("day").is_between(period.start, period.end))
        .with_columns(bucket=_bucket(pl.col("day"), period, freq))
        .group_by("network", "bucket")
        .agg(expr.alias(name) for name, expr in aggs.items())
        .collect()
    )


def _daily_part(dataset: Dataset, grid: pl.DataFrame, freq: Freq | None) -> pl.DataFrame:
    """Flows summed over each bucket's days; stocks per account at each bucket's edges."""
    c = pl.col
    daily = dataset.daily.lazy()
    first, last = grid["start"].min(), grid["end"].max()
    flow = row_sum("followers_gained", "followers_lost").is_not_null()
    net_flow = pl.when(flow).then(c("followers_gained").fill_null(0) - c("followers_lost").fill_null(0))
    period = Period(first, last, "range", "")  # type: ignore[arg-type]
    flows = (
        daily.filter(c("date").is_between(first, last))
        .with_columns(bucket=_bucket(c("date"), period, freq), net_flow=net_flow)
        .group_by("network", "account", "bucket")
        .agg(
            flow_net=nsum(c("net_flow")),
            mentions=nsum(c("mentions")),
            profile_visits=nsum(c("profile_visits")),
        )
    )
    # Sorted by date here and below: polars cannot verify sortedness within `by` groups.
    known = (
        daily.filter(c("followers").is_not_null() & (c("date") <= last))
        .select("network", "account", "date", "followers")
        .sort("date")
    )
    cells = daily.select("network", "account").unique().join(grid.lazy(), how="cross")
    edges = (
        cells.with_columns(before=c("start") - timedelta(days=1))
        .sort("end")
        .join_asof(
            known,
            left_on="end",
            right_on="date",
            by=["network", "account"],
            strategy="backward",
            check_sortedness=False,
        )
        .rename({"followers": "followers_end"})
        .drop("date")
        .sort("before")
        .join_asof(
            known,
            left_on="before",
            right_on="date",
            by=["network", "account"],
            strategy="backward",
            check_sortedness=False,
        )
        .rename({"followers": "followers_start"})
        .select("network", "account", "bucket", "followers_end", "followers_start")
    )
    per_account = edges.join(flows, on=["network", "account", "bucket"], how="left").with_columns(
        net_change=pl.coalesce("flow_net", c("followers_end") - c("followers_start"))
    )
    fgr_num, fgr_den = both(c("net_change"), c("followers_start"))
    return (
        per_account.group_by("network", "bucket")
        .agg(
            mentions=nsum(c("mentions")),
            profile_visits=nsum(c("profile_visits")),
            followers_end=nsum(c("followers_end")),
            followers_start=nsum(c("followers_start")),
            net_change=nsum(c("net_change")),
            fgr_num=fgr_num,
            fgr_den=fgr_den,
        )
        .collect()
    )


def _traffic_in(period: Period) -> pl.Expr:
    """A traffic row counts when its whole date range lies inside the period."""
    return (pl.col("date") >= period.start) & (pl.col("date_end") <= period.end)


def _traffic_rows(dataset: Dataset, period: Period, freq: Freq | None) -> pl.LazyFrame:
    """Traffic rows of the period with their bucket; a range row must fit in one bucket."""
    c = pl.col
    rows = dataset.traffic.lazy().filter(_traffic_in(period))
    rows = rows.with_columns(bucket=_bucket(c("date"), period, freq))
    if freq is not None:
        rows = rows.filter(_bucket(c("date_end"), period, freq) == c("bucket"))
    return rows


def _traffic_part(dataset: Dataset, period: Period, freq: Freq | None) -> pl.DataFrame:
    c = pl.col
    esr = both(c("engaged_sessions"), c("sessions"))
    cr = both(c("conversions"), c("sessions"))
    return (
        _traffic_rows(dataset, period, freq)
        .filter(c("network").is_not_null())
        .group_by("network", "bucket")
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
        .collect()
    )


def _traffic_share(dataset: Dataset, period: Period, freq: Freq | None) -> pl.DataFrame:
    """Per bucket: sessions of social sources and of every source."""
    c = pl.col
    return (
        _traffic_rows(dataset, period, freq)
        .group_by("bucket")
        .agg(
            share_num=nsum(c("sessions").filter(c("network").is_not_null())).cast(pl.Float64),
            share_den=nsum(c("sessions")).cast(pl.Float64),
        )
        .collect()
    )
