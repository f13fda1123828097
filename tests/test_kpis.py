"""Every KPI of KPIS.md on the hand-worked dataset of conftest.q1_dataset, period 2026-Q1.

How the expected values were worked out (interactions = likes + comments + shares + saves,
exposure = impressions, else views):

- instagram: p1 70 interactions / 1000 impressions; p2 200 / 2000 views (no impressions);
  p3 reports no interaction at all, so it is left out of every ratio. ER = 270 / 3000.
- x: p4 35 / 4000, 40 link clicks, 3 leads; p5 is published 2026-04-01, outside Q1.
- youtube: p6 340 / 10000 impressions; 300 likes, 20 dislikes, 150 h over 3000 views.
- tiktok: p7 530 / 5000 views (no impressions); 20 h over 5000 views.
- followers: instagram 1200 at the end, 1000 the day before Q1, no flows → +200;
  x 500 (last known), flows 8 − 3 = +5, no starting value; tiktok 2600, flows 300 + 290 =
  +590 win over the stock difference 600, starting 2000.
- account metrics (daily, by the day they happened): instagram views 900 + 100 (the 55 of
  31 December is before Q1), reach 300, no impressions; x impressions 2500, no views;
  tiktok views 7000; "all" adds the networks that report each metric.
- traffic: instagram 100 (l.instagram.com) + 40 (utm "Instagram", a February range row);
  x 50 (t.co, no engaged sessions); google 850 counts only for the social share; the
  facebook range row runs to April, so it does not count in Q1.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from kpitui.core import engine, kpis
from kpitui.core.dataset import Dataset, prepare
from kpitui.core.periods import parse_period
from kpitui.core.settings import Settings

Q1 = parse_period("2026-Q1")

EXPECTED: dict[tuple[str, str], float | None] = {
    # engagement
    ("instagram", "posts"): 3,
    ("x", "posts"): 1,
    ("youtube", "posts"): 1,
    ("tiktok", "posts"): 1,
    ("facebook", "posts"): 0,
    ("all", "posts"): 6,
    ("instagram", "interactions"): 270,
    ("x", "interactions"): 35,
    ("facebook", "interactions"): None,
    ("all", "interactions"): 1175,
    ("instagram", "engagement_rate"): 270 / 3000,
    ("x", "engagement_rate"): 35 / 4000,
    ("youtube", "engagement_rate"): 340 / 10000,
    ("tiktok", "engagement_rate"): 530 / 5000,
    ("facebook", "engagement_rate"): None,
    ("all", "engagement_rate"): 1175 / 22000,
    ("instagram", "engagement_rate_reach"): 270 / 2300,
    ("x", "engagement_rate_reach"): None,
    ("all", "engagement_rate_reach"): 270 / 2300,
    ("instagram", "interactions_per_post"): 270 / 2,
    ("all", "interactions_per_post"): 1175 / 5,
    ("instagram", "virality_rate"): 35 / 3000,
    ("tiktok", "virality_rate"): 60 / 5000,
    ("all", "virality_rate"): 115 / 22000,
    # awareness
    ("instagram", "impressions"): 1500,
    ("tiktok", "impressions"): None,
    ("all", "impressions"): 15500,
    ("instagram", "reach"): 2300,
    ("youtube", "reach"): None,
    ("all", "reach"): 2300,
    ("instagram", "views"): 2000,
    ("x", "views"): None,
    ("all", "views"): 10000,
    ("instagram", "mentions"): 4,
    ("x", "mentions"): None,
    ("all", "mentions"): 4,
    ("instagram", "brand_hashtag_posts"): 1,
    ("x", "brand_hashtag_posts"): 1,
    ("youtube", "brand_hashtag_posts"): None,
    ("all", "brand_hashtag_posts"): 2,
    ("instagram", "profile_visits"): 80,
    ("all", "profile_visits"): 80,
    ("instagram", "account_views"): 1000,
    ("instagram", "account_impressions"): None,
    ("instagram", "account_reach"): 300,
    ("x", "account_impressions"): 2500,
    ("x", "account_views"): None,
    ("tiktok", "account_views"): 7000,
    ("youtube", "account_views"): None,
    ("all", "account_impressions"): 2500,
    ("all", "account_views"): 8000,
    ("all", "account_reach"): 300,
    # conversion
    ("x", "link_clicks"): 40,
    ("instagram", "link_clicks"): None,
    ("all", "link_clicks"): 40,
    ("x", "ctr"): 40 / 4000,
    ("instagram", "ctr"): None,
    ("all", "ctr"): 40 / 4000,
    ("instagram", "leads"): 1,
    ("x", "leads"): 3,
    ("youtube", "leads"): None,
    ("all", "leads"): 4,
    ("instagram", "conversions"): 2,
    ("x", "conversions"): 1,
    ("all", "conversions"): 3,
    ("instagram", "conversion_rate"): 2 / 140,
    ("x", "conversion_rate"): 1 / 50,
    ("all", "conversion_rate"): 3 / 190,
    # growth
    ("instagram", "followers"): 1200,
    ("x", "followers"): 500,
    ("tiktok", "followers"): 2600,
    ("youtube", "followers"): None,
    ("all", "followers"): 4300,
    ("instagram", "net_follower_change"): 200,
    ("x", "net_follower_change"): 5,
    ("tiktok", "net_follower_change"): 590,
    ("all", "net_follower_change"): 795,
    ("instagram", "follower_growth_rate"): 200 / 1000,
    ("x", "follower_growth_rate"): None,
    ("tiktok", "follower_growth_rate"): 590 / 2000,
    ("all", "follower_growth_rate"): 790 / 3000,
    # traffic
    ("instagram", "sessions"): 140,
    ("x", "sessions"): 50,
    ("facebook", "sessions"): None,
    ("all", "sessions"): 190,
    ("instagram", "engaged_sessions"): 90,
    ("x", "engaged_sessions"): None,
    ("all", "engaged_sessions"): 90,
    ("instagram", "engaged_session_rate"): 90 / 140,
    ("x", "engaged_session_rate"): None,
    ("all", "engaged_session_rate"): 90 / 140,
    ("all", "social_traffic_share"): 190 / 1040,
    ("instagram", "social_traffic_share"): None,
    ("instagram", "revenue"): 50.0,
    ("x", "revenue"): None,
    ("all", "revenue"): 50.0,
    # network-specific
    ("youtube", "dislikes"): 20,
    ("youtube", "like_ratio"): 300 / 320,
    ("youtube", "watch_time_hours"): 150.0,
    ("tiktok", "watch_time_hours"): 20.0,
    ("youtube", "avg_view_duration_s"): 3600 * 150 / 3000,
    ("tiktok", "avg_view_duration_s"): 3600 * 20 / 5000,
    ("instagram", "saves"): 55,
    ("tiktok", "saves"): 30,
    ("x", "hashtag_clicks"): None,
    ("x", "profile_clicks"): None,
    # not defined for these networks: null, never 0
    ("instagram", "dislikes"): None,
    ("all", "dislikes"): None,
    ("x", "saves"): None,
}


@pytest.fixture
def values(q1_dataset: Dataset) -> dict[str, dict[str, object]]:
    frame = engine.compute(q1_dataset, Q1)
    return {row["network"]: row for row in frame.iter_rows(named=True)}


@pytest.mark.parametrize(("network", "kpi"), list(EXPECTED))
def test_kpi_value_by_hand(values: dict[str, dict[str, object]], network: str, kpi: str) -> None:
    expected = EXPECTED[(network, kpi)]
    actual = values[network][kpi]
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected, rel=1e-12)


def test_every_kpi_of_kpis_md_is_covered() -> None:
    covered = {kpi for _, kpi in EXPECTED}
    assert covered == set(kpis.REGISTRY)


def test_networks_with_data_and_all_row(q1_dataset: Dataset) -> None:
    frame = engine.compute(q1_dataset, Q1)
    # facebook has a traffic row only (outside Q1), and still counts as a network with data
    assert frame.get_column("network").to_list() == ["facebook", "instagram", "x", "youtube", "tiktok", "all"]


def test_traffic_range_rows_that_overflow_are_counted_out(q1_dataset: Dataset) -> None:
    assert engine.traffic_left_out(q1_dataset, Q1) == 1
    assert engine.traffic_left_out(q1_dataset, parse_period("2026-03-01..2026-04-30")) == 0


def _single(posts: list[dict], **daily: object) -> dict[str, object]:
    frame = pl.DataFrame(posts, infer_schema_length=None).with_columns(
        network=pl.lit("instagram"),
        account=pl.lit("a"),
        published_at=pl.lit(datetime(2026, 1, 5, 12)).dt.replace_time_zone("UTC"),
    )
    frame = frame.with_columns(post_id=pl.int_range(pl.len()).cast(pl.String))
    ds = prepare(frame, pl.DataFrame(), pl.DataFrame())
    return engine.compute(ds, Q1).row(0, named=True)


def test_zero_denominator_gives_null_not_zero_or_error() -> None:
    row = _single([{"impressions": 0, "likes": 0, "link_clicks": 0}])
    assert row["impressions"] == 0
    assert row["interactions"] == 0
    assert row["engagement_rate"] is None
    assert row["ctr"] is None


def test_zero_numerator_is_a_real_zero() -> None:
    row = _single([{"impressions": 100, "likes": 0, "link_clicks": 0}])
    assert row["engagement_rate"] == 0
    assert row["ctr"] == 0


def test_all_null_sum_is_null() -> None:
    row = _single([{"impressions": 100}, {"impressions": 50}])
    assert row["interactions"] is None
    assert row["engagement_rate"] is None
    assert row["impressions"] == 150
    assert row["posts"] == 2


def test_missing_component_counts_zero_within_a_row() -> None:
    row = _single([{"impressions": 100, "likes": 7, "comments": None}])
    assert row["interactions"] == 7
    assert row["engagement_rate"] == pytest.approx(0.07)


def test_rate_is_ratio_of_sums_not_mean_of_rates() -> None:
    row = _single([{"impressions": 100, "likes": 50}, {"impressions": 900, "likes": 0}])
    assert row["engagement_rate"] == pytest.approx(50 / 1000)  # the mean of rates would be 0.25


def test_like_ratio_needs_dislikes() -> None:
    frame = pl.DataFrame({"likes": [10]}).with_columns(
        network=pl.lit("youtube"),
        account=pl.lit("c"),
        post_id=pl.lit("v"),
        published_at=pl.lit(datetime(2026, 1, 5, 12)).dt.replace_time_zone("UTC"),
    )
    row = engine.compute(prepare(frame, pl.DataFrame(), pl.DataFrame()), Q1).row(0, named=True)
    assert row["like_ratio"] is None


def test_publication_day_is_taken_in_workspace_time_zone() -> None:
    frame = pl.DataFrame({"impressions": [100]}).with_columns(
        network=pl.lit("x"),
        account=pl.lit("b"),
        post_id=pl.lit("late"),
        published_at=pl.lit(datetime(2026, 3, 31, 23, 30)).dt.replace_time_zone("UTC"),
    )
    utc = prepare(frame, pl.DataFrame(), pl.DataFrame(), Settings(timezone="UTC"))
    paris = prepare(frame, pl.DataFrame(), pl.DataFrame(), Settings(timezone="Europe/Paris"))
    assert engine.compute(utc, Q1).row(0, named=True)["posts"] == 1
    assert engine.compute(paris, Q1).row(0, named=True)["posts"] == 0  # 01:30 on 1 April in Paris
    assert paris.latest_date == date(2026, 4, 1)


def test_followers_is_last_known_value_not_a_sum(q1_dataset: Dataset) -> None:
    january = engine.compute(q1_dataset, parse_period("2026-01")).filter(pl.col("network") == "instagram")
    assert january["followers"][0] == 1100
    assert january["net_follower_change"][0] == 100


def test_change_rule() -> None:
    assert kpis.change("count", 120, 100) == pytest.approx(0.2)
    assert kpis.change("count", 5, 0) is None
    assert kpis.change("count", 5, None) is None
    assert kpis.change("count", 56, -11) == pytest.approx(67 / 11)  # a rise reads as a rise
    assert kpis.change("ratio", 0.041, 0.038) == pytest.approx(0.003)
    assert kpis.change("ratio", None, 0.038) is None


def test_applicability() -> None:
    assert kpis.get("dislikes").applies_to("youtube")
    assert not kpis.get("dislikes").applies_to("instagram")
    assert not kpis.get("dislikes").applies_to("all")
    assert kpis.get("social_traffic_share").applies_to("all")
    assert not kpis.get("social_traffic_share").applies_to("x")
    assert [k.id for k in kpis.applicable("x")][-2:] == ["hashtag_clicks", "profile_clicks"]


def test_brand_hashtag_needs_settings(q1_dataset: Dataset) -> None:
    plain = prepare(q1_dataset.posts, q1_dataset.daily, q1_dataset.traffic, Settings())
    row = engine.compute(plain, Q1).filter(pl.col("network") == "all").row(0, named=True)
    assert row["brand_hashtag_posts"] is None


def test_empty_dataset_gives_all_row_with_nulls() -> None:
    ds = prepare(pl.DataFrame(), pl.DataFrame(), pl.DataFrame())
    frame = engine.compute(ds, Q1)
    assert frame.height == 1
    row = frame.row(0, named=True)
    assert row["network"] == "all"
    assert row["posts"] == 0
    assert row["engagement_rate"] is None
    assert row["followers"] is None


def _series(ds: Dataset, freq: str, network: str, kpi: str) -> list[object]:
    frame = engine.series(ds, Q1, freq).filter(pl.col("network") == network).sort("bucket")  # type: ignore[arg-type]
    return frame.get_column(kpi).to_list()


def test_monthly_series(q1_dataset: Dataset) -> None:
    frame = engine.series(q1_dataset, Q1, "month").filter(pl.col("network") == "all").sort("bucket")
    assert frame["bucket"].to_list() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert _series(q1_dataset, "month", "instagram", "posts") == [1, 1, 1]
    assert _series(q1_dataset, "month", "instagram", "followers") == [1100, 1100, 1200]
    assert _series(q1_dataset, "month", "instagram", "net_follower_change") == [100, 0, 100]
    assert _series(q1_dataset, "month", "tiktok", "net_follower_change") == [300, 0, 290]
    assert _series(q1_dataset, "month", "instagram", "sessions") == [100, 40, None]
    assert _series(q1_dataset, "month", "all", "engagement_rate") == pytest.approx(
        [(70 + 35) / (1000 + 4000), (200 + 340) / (2000 + 10000), 530 / 5000]
    )


def test_weekly_series_adds_up_to_the_period(q1_dataset: Dataset) -> None:
    weeks = _series(q1_dataset, "week", "all", "interactions")
    assert len(weeks) == 14  # 2025-12-29 (clipped to 1 Jan) … 2026-03-30
    assert sum(w for w in weeks if w is not None) == 1175
    # the February range row spans several weeks, so no week holds it
    assert sum(s for s in _series(q1_dataset, "week", "instagram", "sessions") if s is not None) == 100


def test_daily_series_of_a_stock_carries_the_last_known_value(q1_dataset: Dataset) -> None:
    followers = _series(q1_dataset, "day", "instagram", "followers")
    assert len(followers) == 90
    assert followers[0] == 1000 and followers[14] == 1100 and followers[-1] == 1200


def test_account_metrics_count_by_day_and_post_metrics_by_publication() -> None:
    """A post of 28 February seen in March counts in February's impressions (posts); the
    page's daily impressions of March count in March's account impressions, and the two
    never add up."""
    posts = pl.DataFrame(
        {"network": ["facebook"], "account": ["p"], "post_id": ["1"], "impressions": [400]}
    ).with_columns(published_at=pl.lit(datetime(2026, 2, 28, 12)).dt.replace_time_zone("UTC"))
    daily = pl.DataFrame(
        {
            "network": ["facebook", "facebook", "facebook"],
            "account": ["p", "p", "p"],
            "date": [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)],
            "impressions": [100, 250, None],
            "views": [None, 30, 20],
        }
    )
    ds = prepare(posts, daily, pl.DataFrame())
    march = engine.compute(ds, parse_period("2026-03")).row(0, named=True)
    assert (march["impressions"], march["account_impressions"], march["account_views"]) == (None, 250, 50)
    february = engine.compute(ds, parse_period("2026-02")).row(0, named=True)
    assert (february["impressions"], february["account_impressions"]) == (400, 100)
    assert february["account_views"] is None  # no day of February reports views: unknown, not 0
    days = engine.series(ds, parse_period("2026-03-01..2026-03-02"), "day").filter(pl.col("network") == "all")
    assert days.sort("bucket")["account_views"].to_list() == [30, 20]


def test_account_kpis_are_additive_counts() -> None:
    """Objectives on them are projected linearly and say what is needed per day."""
    for kpi_id in ("account_impressions", "account_views", "account_reach"):
        kpi = kpis.get(kpi_id)
        assert (kpi.unit, kpi.additive, kpi.family, kpi.basis) == ("count", True, "awareness", "daily")
        assert kpi.applies_to("all") and all(kpi.applies_to(n) for n in ("facebook", "tiktok", "youtube"))


def test_labels_tell_post_and_account_metrics_apart() -> None:
    labels = {k.id: k.label for k in kpis.KPIS}
    assert labels["impressions"] == "Impressions (posts)"
    assert labels["account_impressions"] == "Impressions (account, by day)"
    assert labels["reach"] == "Post reach (sum)"
    assert labels["account_reach"] == "Reach (account, by day)"
    assert labels["views"] == "Views (posts)"
    assert labels["account_views"] == "Views (account, by day)"


@pytest.mark.parametrize("amounts", [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], ids=["up", "down"])
def test_money_sums_to_its_cents_whatever_the_order_of_the_rows(amounts: list[float]) -> None:
    """0.1 + 0.2 + 0.3 is 0.6000000000000001 in floats, 0.3 + 0.2 + 0.1 is 0.6; polars adds in
    parallel, in no fixed order, so a report of a million posts said 90233.23, then
    90233.22999999997, for the same files. Sums are rounded to a millionth: 0.6 either way."""
    traffic = pl.DataFrame(
        {
            "date": [date(2026, 1, 5)] * 3,
            "source": ["l.instagram.com"] * 3,
            "medium": ["referral"] * 3,
            "sessions": [10, 10, 10],
            "conversions": amounts,
            "revenue": amounts,
        }
    )
    frame = engine.compute(prepare(pl.DataFrame(), pl.DataFrame(), traffic), Q1)
    assert frame.select("network", "revenue", "conversions", "conversion_rate").rows() == [
        ("instagram", 0.6, 0.6, 0.02),
        ("all", 0.6, 0.6, 0.02),
    ]
