"""The daily cube gives the numbers the posts give.

The engine reads every post KPI from the daily cube (`Dataset.post_days`: the posts
summed per network, account and local publication day). These properties check, on
random posts full of nulls, zeros and times near midnight in a zone east of UTC, that
every posts component of any period equals its null-aware sum over the period's posts
themselves, and that a dataset read as its cube only (`prepare(post_rows=False)`, what
`kpitui report` and `kpitui check` read) gives every KPI, trend and objective exactly as
one that holds the posts' rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from kpitui.core import engine, kpis
from kpitui.core.dataset import Dataset, kpi_columns, prepare
from kpitui.core.kpis import nsum
from kpitui.core.objectives import Objective, evaluate
from kpitui.core.periods import Period, parse_period
from kpitui.core.settings import Settings

METRICS = ("impressions", "reach", "views", "likes", "dislikes", "comments", "shares", "saves", "link_clicks")
SETTINGS = Settings(timezone="Asia/Kolkata", brand_hashtags=("acme",))
FIRST = datetime(2026, 1, 1, tzinfo=UTC)

metric = st.one_of(st.none(), st.integers(0, 5), st.integers(0, 10_000))
post = st.fixed_dictionaries(
    {
        "network": st.sampled_from(["instagram", "x", "youtube", "tiktok"]),
        "account": st.sampled_from(["a", "b"]),
        # minutes from 1 January: about 70 days, with local midnights on both sides
        "minutes": st.integers(0, 100_000),
        "text": st.one_of(st.none(), st.sampled_from(["#acme day", "no tag", "#Acme!", "x#acme"])),
        "watch_time_hours": st.one_of(st.none(), st.floats(0, 50, allow_nan=False)),
        **{m: metric for m in METRICS},
    }
)
windows = st.lists(
    st.tuples(st.integers(-5, 75), st.integers(0, 40)).map(
        lambda t: parse_period(
            f"{date(2026, 1, 1) + timedelta(days=t[0])}..{date(2026, 1, 1) + timedelta(days=t[0] + t[1])}"
        )
    ),
    min_size=1,
    max_size=4,
)


def _posts(rows: list[dict[str, Any]]) -> pl.DataFrame:
    types = {"network": pl.String, "account": pl.String, "minutes": pl.Int64, "text": pl.String}
    types |= {m: pl.Int64 for m in METRICS} | {"watch_time_hours": pl.Float64}
    frame = pl.DataFrame(rows, schema=types).with_columns(post_id=pl.int_range(pl.len()).cast(pl.String))
    return frame.with_columns(published_at=pl.lit(FIRST) + pl.duration(minutes=pl.col("minutes"))).drop(
        "minutes"
    )


def _daily() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "network": ["x", "x"],
            "account": ["a", "a"],
            "date": [date(2026, 1, 3), date(2026, 2, 3)],
            "followers": [100, 130],
        }
    )


def _from_posts(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Every posts component per network, summed over the period's posts themselves."""
    parts = kpis.post_parts()
    return (
        dataset.posts.filter(pl.col("day").is_between(period.start, period.end))
        .group_by("network")
        .agg(
            posts=pl.len().cast(pl.UInt32),
            interaction_posts=pl.col("interactions").count(),
            **{name: nsum(expr) for name, expr in parts.items()},
        )
    )


def _close(a: pl.DataFrame, b: pl.DataFrame, abs_tol: float = 1e-9) -> None:
    assert_frame_equal(a, b, check_dtypes=False, rel_tol=1e-12, abs_tol=abs_tol)


@given(st.lists(post, max_size=60), windows)
def test_every_posts_component_is_the_sum_over_the_posts(
    rows: list[dict[str, Any]], periods: list[Period]
) -> None:
    dataset = prepare(_posts(rows), pl.DataFrame(), pl.DataFrame(), SETTINGS)
    for period in periods:
        comps = engine.components(dataset, period).filter(pl.col("network") != "all")
        columns = ["network", "posts", "interaction_posts", *kpis.post_parts()]
        expected = _from_posts(dataset, period)
        got = comps.select(columns).filter(pl.col("posts") > 0).sort("network")
        # the engine rounds its sums to a millionth (engine.SUM_DECIMALS): 1.6953125 is 1.695312
        _close(got, expected.select(columns).sort("network"), abs_tol=10.0**-engine.SUM_DECIMALS)


@given(st.lists(post, max_size=60), windows)
def test_the_cube_read_alone_gives_every_kpi_trend_and_status(
    rows: list[dict[str, Any]], periods: list[Period]
) -> None:
    posts, daily = _posts(rows), _daily()
    full = prepare(posts, daily, pl.DataFrame(), SETTINGS)
    columns = kpi_columns(SETTINGS, posts.columns)
    lean = prepare(
        posts.lazy(), daily.lazy(), pl.DataFrame().lazy(), SETTINGS, columns=columns, post_rows=False
    )
    assert not lean.has_post_rows and lean.posts.is_empty()
    assert (lean.networks, lean.latest_date) == (full.networks, full.latest_date)
    for a, b in zip(engine.compute_many(lean, periods), engine.compute_many(full, periods), strict=True):
        _close(a, b)
    lean_weeks, full_weeks = (
        engine.series(d, periods[0], "week").sort("network", "bucket") for d in (lean, full)
    )
    _close(lean_weeks, full_weeks)
    objectives = [
        Objective("er", "ER", "instagram", "engagement_rate", ">=", 0.05, "2026-01"),
        Objective("brand", "Brand", "all", "brand_hashtag_posts", ">=", 3, "2026-Q1"),
    ]
    as_of = date(2026, 2, 10)
    assert evaluate(lean, objectives, as_of) == evaluate(full, objectives, as_of)


def test_the_cube_holds_a_row_per_network_account_and_local_day() -> None:
    """Two posts of one account on the same local day (one before, one after midnight UTC
    in Kolkata, UTC+5:30) make one row; another account's post, another row."""
    posts = pl.DataFrame(
        {
            "network": ["x", "x", "x"],
            "account": ["a", "a", "b"],
            "post_id": ["1", "2", "3"],
            "published_at": [datetime(2026, 1, 1, 20), datetime(2026, 1, 2, 10), datetime(2026, 1, 2, 10)],
            "likes": [1, None, 4],
            "text": ["#acme", "no", None],
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    cube = prepare(posts, pl.DataFrame(), pl.DataFrame(), SETTINGS).post_days.sort("account")
    assert cube.select(
        "network", "account", "day", "posts", "likes", "likes__n", "texts", "brand"
    ).rows() == [
        ("x", "a", date(2026, 1, 2), 2, 1, 1, 2, 1),
        ("x", "b", date(2026, 1, 2), 1, 4, 1, 0, 0),
    ]


def test_a_check_reads_only_what_its_kpis_need() -> None:
    """The objectives' KPIs decide the posts columns a check reads; the rest are nulls."""
    columns = kpi_columns(SETTINGS, ("hashtags",), {"engagement_rate", "followers"})
    assert set(columns["posts"]) == {"network", "published_at", "likes", "comments", "shares", "saves"} | {
        "impressions",
        "views",
    }
    assert "hashtags" in kpi_columns(SETTINGS, ("hashtags",), {"brand_hashtag_posts"})["posts"]
    assert set(kpi_columns(SETTINGS, ("hashtags",), {"like_ratio"})["posts"]) == {
        "network",
        "published_at",
        "likes",
        "dislikes",
    }
    period = parse_period("2026-01")
    posts = _posts([{"network": "x", "account": "a", "minutes": 10, "text": None, "watch_time_hours": None,
                     **{m: 3 for m in METRICS}}])  # fmt: skip
    lean = prepare(
        posts.lazy(), pl.DataFrame().lazy(), pl.DataFrame().lazy(), SETTINGS, columns=columns, post_rows=False
    )
    values = engine.compute(lean, period).row(0, named=True)
    assert values["engagement_rate"] == 12 / 3 and values["posts"] == 1
    assert values["reach"] is None and values["brand_hashtag_posts"] is None  # not read
