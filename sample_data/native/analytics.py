"""The demo's web traffic as Google Analytics downloads (FORMATS.md section 7), under `out/web/`.

* One GA4 Traffic acquisition report per month, by `Session source / medium`
  with `Date` as the second dimension (daily rows), written as GA4 does:
  the `#` preamble (with the trailing space of the property line), the
  `Grand total` row first, rows by sessions, raw numbers with fractions for
  rates, and the `Nth day` chart table after a blank line. File names are
  the report's, with the ` (1)`, ` (2)` a browser adds to repeat downloads.
* For the month of the demo's range row (`partner-blog / referral`, which
  has no day dimension), the same report WITHOUT the Date dimension: one row
  per source for the whole month, so that row comes back exactly and no
  other file covers that month.
* For the first month, a Universal Analytics `Source / Medium` export
  (quoted `"1,234"`, `%` strings, `HH:MM:SS`, `€0.00`, the totals row with an
  empty first cell, the `Day Index` table), covered by nothing else.

The exports carry sessions, engaged sessions (GA4 only), key events or goal
completions, and revenue (GA4 only: UA's Goal Value is not revenue); leads
are not in these reports and are dropped. The other columns of the reports
(engagement time, users, bounce rate, ...) are derived deterministically
from the canonical values so that they stay consistent with them.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import polars as pl

from . import Canonical

FOLDER: Final = "web"
GA4_NAME: Final = "Traffic_acquisition_Session_source_medium"
UA_VIEW: Final = "All Web Site Data"
ACCOUNT: Final = "Bramble & Bean"
PROPERTY: Final = "brambleandbean.example - GA4 "  # GA4 writes this line with a trailing space
DASHES: Final = "# " + "-" * 40

GA4_METRICS: Final = (
    "Sessions",
    "Engaged sessions",
    "Engagement rate",
    "Average engagement time per session",
    "Events per session",
    "Event count",
    "Key events",
    "Session key event rate",
    "Total revenue",
)
UA_METRICS: Final = (
    "Users",
    "New Users",
    "Sessions",
    "Bounce Rate",
    "Pages / Session",
    "Avg. Session Duration",
    "Goal Conversion Rate",
    "Goal Completions",
    "Goal Value",
)

c = pl.col


def write(data: Canonical, out: Path) -> list[Path]:
    """Write the demo's traffic as GA4 and UA downloads; returns the files written."""
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.csv"):
        stale.unlink()
    traffic = data.traffic
    daily = traffic.filter(c("date") == c("date_end")).with_columns(month=c("date").dt.month_start())
    ranged = traffic.filter(c("date") != c("date_end"))
    first_day, last_day = daily["date"].min(), daily["date"].max()
    assert isinstance(first_day, date) and isinstance(last_day, date)
    range_month = _range_month(ranged)
    months = daily.get_column("month").unique().sort().to_list()
    ua_month = next(m for m in months if m != range_month)
    written: list[Path] = []
    downloads = 0
    for month in months:
        start = max(month, first_day)
        end = min(_month_end(month), last_day)
        rows = daily.filter(c("month") == month)
        if month == ua_month:
            name = f"Analytics {UA_VIEW} Source Medium {start:%Y%m%d}-{end:%Y%m%d}.csv"
            text = _ua_export(rows, start, end)
        else:
            name = GA4_NAME + (f" ({downloads})" if downloads else "") + ".csv"
            downloads += 1
            if month == range_month:
                month_rows = pl.concat([rows.drop("month"), ranged])
                text = _ga4_export(_by_source(month_rows), start, end, by_date=False)
            else:
                text = _ga4_export(rows, start, end, by_date=True)
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def _range_month(ranged: pl.DataFrame) -> date | None:
    """The calendar month the traffic rows without a day dimension cover (they must share one)."""
    if ranged.is_empty():
        return None
    spans = ranged.select("date", "date_end").unique()
    if spans.height != 1:
        raise ValueError("the demo's range rows must all cover the same month")
    start, end = spans.row(0)
    if start.day != 1 or end != _month_end(start):
        raise ValueError(f"the demo's range rows cover {start}..{end}, not a calendar month")
    return start


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _by_source(rows: pl.DataFrame) -> pl.DataFrame:
    """The rows of one month added up per source / medium (a report without the Date dimension)."""
    return rows.group_by("source", "medium").agg(
        *[
            pl.when(c(m).is_not_null().any()).then(c(m).sum()).alias(m)
            for m in ("sessions", "engaged_sessions", "conversions", "revenue")
        ]
    )


# --- GA4 -------------------------------------------------------------------------------------


def _raw(value: pl.Expr, decimals: int) -> pl.Expr:
    """A number as GA4 writes it: no separators, no trailing `.0`, null as an empty cell."""
    rounded = value.cast(pl.Float64).round(decimals)
    whole = rounded == rounded.round(0)
    return pl.when(whole).then(rounded.cast(pl.Int64).cast(pl.String)).otherwise(rounded.cast(pl.String))


def _ga4_columns() -> list[pl.Expr]:
    """The report's metric columns from sessions, engaged sessions, conversions and revenue.

    Engagement time and event counts are derived from the engaged share, so
    they move with it; the key event rate is capped at one key event per session.
    """
    sessions = c("sessions").cast(pl.Float64)
    engaged = c("engaged_sessions").cast(pl.Float64)
    events = c("sessions") * 3 + c("engaged_sessions") * 2 + c("conversions").cast(pl.Int64) * 4
    seconds = (engaged * 61.37 + (sessions - engaged) * 4.21) / sessions
    return [
        _raw(c("sessions"), 0).alias("Sessions"),
        _raw(c("engaged_sessions"), 0).alias("Engaged sessions"),
        _raw(engaged / sessions, 4).alias("Engagement rate"),
        _raw(seconds, 3).alias("Average engagement time per session"),
        _raw(events / sessions, 4).alias("Events per session"),
        _raw(events, 0).alias("Event count"),
        _raw(c("conversions"), 2).alias("Key events"),
        _raw(pl.min_horizontal(c("conversions"), sessions) / sessions, 4).alias("Session key event rate"),
        _raw(c("revenue"), 2).alias("Total revenue"),
    ]


def _ga4_export(rows: pl.DataFrame, start: date, end: date, *, by_date: bool) -> str:
    """One Traffic acquisition download: preamble, Grand total, rows by sessions, chart table."""
    metrics = ("sessions", "engaged_sessions", "conversions", "revenue")
    totals = rows.select(*[c(m).sum() for m in metrics])
    ordered = rows.sort(
        ["sessions", "source", "medium", *(["date"] if by_date else [])],
        descending=[True, False, False, *([False] if by_date else [])],
    )
    dimension = (c("source") + " / " + c("medium")).alias("Session source / medium")
    date_column = [c("date").dt.strftime("%Y%m%d").alias("Date")] if by_date else []
    table = pl.concat(
        [
            totals.select(
                pl.lit("Grand total").alias("Session source / medium"),
                *([pl.lit(None, pl.String).alias("Date")] if by_date else []),
                *_ga4_columns(),
            ),
            ordered.select(dimension, *date_column, *_ga4_columns()),
        ]
    )
    preamble = [
        DASHES,
        "# Traffic acquisition: Session source / medium",
        f"# Account: {ACCOUNT}",
        f"# Property: {PROPERTY}",
        DASHES,
        "# ",
        "# All Users",
        f"# Start date: {start:%Y%m%d}",
        f"# End date: {end:%Y%m%d}",
    ]
    parts = ["\n".join(preamble) + "\n", _csv(table)]
    if by_date:
        per_day = rows.group_by("date").agg(c("sessions").sum()).sort("date")
        chart = per_day.select(
            ((c("date") - pl.lit(start)).dt.total_days().cast(pl.String).str.zfill(4)).alias("Nth day"),
            _raw(c("sessions"), 0).alias("Sessions"),
        )
        parts += ["\n" + DASHES + "\n", _csv(chart)]
    return "".join(parts)


def _csv(frame: pl.DataFrame) -> str:
    """The frame as CSV text, fields quoted only when they must be (a comma or a quote)."""
    buffer = io.BytesIO()
    frame.write_csv(buffer, quote_style="necessary", line_terminator="\n")
    return buffer.getvalue().decode("utf-8")


# --- Universal Analytics ---------------------------------------------------------------------


def _grouped(value: pl.Expr) -> pl.Expr:
    """A whole number with thousands separators, as UA writes it (`13,933`)."""
    n = value.cast(pl.Int64)
    millions, thousands, units = n // 1_000_000, (n // 1000) % 1000, n % 1000

    def three(part: pl.Expr) -> pl.Expr:
        return part.cast(pl.String).str.zfill(3)

    return (
        pl.when(n >= 1_000_000)
        .then(pl.concat_str([millions.cast(pl.String), three(thousands), three(units)], separator=","))
        .when(n >= 1000)
        .then(pl.concat_str([thousands.cast(pl.String), three(units)], separator=","))
        .otherwise(n.cast(pl.String))
    )


def _percent(value: pl.Expr) -> pl.Expr:
    """A fraction as UA's percentage text with two decimals (`42.47%`)."""
    return pl.format("{}%", _fixed(value * 100, 2))


def _fixed(value: pl.Expr, decimals: int) -> pl.Expr:
    """A number with exactly `decimals` decimals (`1.40`)."""
    scaled = (value * 10**decimals).round(0).cast(pl.Int64)
    whole = (scaled // 10**decimals).cast(pl.String)
    return pl.concat_str([whole, (scaled % 10**decimals).cast(pl.String).str.zfill(decimals)], separator=".")


def _clock(seconds: pl.Expr) -> pl.Expr:
    """Seconds as `HH:MM:SS`; under a second (but not zero) as `<00:00:01`, as UA writes it."""
    s = seconds.round(0).cast(pl.Int64)
    text = pl.concat_str(
        [(s // 3600).cast(pl.String).str.zfill(2), ((s // 60) % 60).cast(pl.String).str.zfill(2)],
        separator=":",
    )
    text = pl.concat_str([text, (s % 60).cast(pl.String).str.zfill(2)], separator=":")
    return pl.when((seconds > 0) & (seconds < 1)).then(pl.lit("<00:00:01")).otherwise(text)


def _ua_columns() -> list[pl.Expr]:
    """UA's Source / Medium metrics from sessions, engaged sessions and conversions.

    Users, bounce rate, pages and duration are derived from the engaged share;
    goal completions are the conversions; goal values are not set (€0.00).
    """
    sessions = c("sessions").cast(pl.Float64)
    share = c("engaged_sessions").cast(pl.Float64) / sessions
    users = pl.max_horizontal((c("sessions") * 82 + 50) // 100, pl.lit(1))
    return [
        _grouped(users).alias("Users"),
        _grouped((users * 61 + 50) // 100).alias("New Users"),
        _grouped(c("sessions")).alias("Sessions"),
        _percent(1 - share).alias("Bounce Rate"),
        _fixed(1 + 2.2 * share, 2).alias("Pages / Session"),
        _clock(share * 240 + 3).alias("Avg. Session Duration"),
        _percent(c("conversions") / sessions).alias("Goal Conversion Rate"),
        _grouped(c("conversions")).alias("Goal Completions"),
        pl.lit("€0.00").alias("Goal Value"),
    ]


def _ua_export(rows: pl.DataFrame, start: date, end: date) -> str:
    """One UA Source / Medium export: preamble, blank line, table, totals row, Day Index table."""
    sources = _by_source(rows).sort(["sessions", "source", "medium"], descending=[True, False, False])
    totals = sources.select(*[c(m).sum() for m in ("sessions", "engaged_sessions", "conversions")])
    table = pl.concat(
        [
            sources.select((c("source") + " / " + c("medium")).alias("Source / Medium"), *_ua_columns()),
            totals.select(pl.lit(None, pl.String).alias("Source / Medium"), *_ua_columns()),
        ]
    )
    preamble = [DASHES, f"# {UA_VIEW}", "# Source/Medium", f"# {start:%Y%m%d}-{end:%Y%m%d}", DASHES, ""]
    per_day = rows.group_by("date").agg(c("sessions").sum()).sort("date")
    day_index = pl.concat(
        [
            per_day.select(
                pl.format(
                    '{}/{}/{},"{}"',
                    c("date").dt.month(),
                    c("date").dt.day(),
                    c("date").dt.strftime("%y"),
                    _grouped(c("sessions")),
                ).alias("line")
            ),
            per_day.select(pl.format(',"{}"', _grouped(c("sessions").sum())).alias("line")),
        ]
    )
    lines = ["Day Index,Sessions", *day_index.get_column("line").to_list()]
    return "\n".join(preamble) + "\n" + _csv(table) + "\n" + "\n".join(lines) + "\n"
