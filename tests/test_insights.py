"""Insights on hand-made posts: best time, content types, top/bottom posts, hashtags."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from kpitui.core import insights, schema
from kpitui.core.dataset import Dataset, prepare
from kpitui.core.hashtags import hashtags_of
from kpitui.core.periods import parse_period
from kpitui.core.settings import Settings

JAN = parse_period("2026-01")


def _ds(timezone: str = "UTC") -> Dataset:
    """Monday 5 Jan 09:00 UTC: three posts (ER 10%, 20%, 30%: 60/300 = 20%).
    Tuesday 6 Jan 18:00 UTC: two posts with ER 50% (too few to rank).
    Wednesday 7 Jan 09:00 UTC: three posts, 30 interactions / 1000 impressions."""
    rows = [
        (datetime(2026, 1, 5, 9), "photo", 100, 10, "#Coffee time #coffee", None),
        (datetime(2026, 1, 5, 9, 20), "reel", 100, 20, "#coffee #BrewBetter", 5),
        (datetime(2026, 1, 5, 9, 40), "reel", 100, 30, "no tags", 0),
        (datetime(2026, 1, 6, 18), "carousel", 100, 50, "#brewbetter", None),
        (datetime(2026, 1, 6, 18, 30), "carousel", 100, 50, "#latte https://x.io/a#frag &#39;", None),
        (datetime(2026, 1, 7, 9), "photo", 400, 10, "[bold]x[/bold]", 8),
        (datetime(2026, 1, 7, 9, 10), "photo", 300, 10, None, None),
        (datetime(2026, 1, 7, 9, 50), "photo", 300, 10, "#coffee", None),
    ]
    posts = pl.DataFrame(
        {
            "network": "instagram",
            "account": "a",
            "post_id": [f"p{i}" for i in range(len(rows))],
            "published_at": [r[0] for r in rows],
            "content_type": [r[1] for r in rows],
            "impressions": [r[2] for r in rows],
            "reach": [r[2] // 2 for r in rows],
            "likes": [r[3] for r in rows],
            "text": [r[4] for r in rows],
            "link_clicks": [r[5] for r in rows],
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    return prepare(posts, pl.DataFrame(), pl.DataFrame(), Settings(timezone=timezone))


def test_best_times_rank_only_cells_with_enough_posts() -> None:
    cells = insights.best_times(_ds(), JAN)
    assert cells.select("weekday", "hour", "posts", "enough", "rank").rows() == [
        (1, 9, 3, True, 1),
        (2, 18, 2, False, None),
        (3, 9, 3, True, 2),
    ]
    rates = cells["engagement_rate"].to_list()
    assert rates == pytest.approx([60 / 300, 100 / 200, 30 / 1000])


def test_best_times_use_the_workspace_time_zone() -> None:
    cells = insights.best_times(_ds("Asia/Tokyo"), JAN)  # 18:00 UTC Tuesday is 03:00 Wednesday in Tokyo
    assert (3, 3) in [(w, h) for w, h in cells.select("weekday", "hour").rows()]


def test_content_types() -> None:
    types = insights.content_types(_ds(), JAN)
    assert types["content_type"].to_list() == ["carousel", "reel", "photo"]
    reel = types.row(1, named=True)
    assert reel["posts"] == 2
    assert reel["engagement_rate"] == pytest.approx(50 / 200)
    assert reel["ctr"] == pytest.approx(5 / 200)
    assert reel["reach_per_post"] == pytest.approx(50)
    photo = types.row(2, named=True)
    assert photo["ctr"] == pytest.approx(8 / 400)  # only posts that report link clicks


def test_top_and_bottom_posts() -> None:
    top = insights.top_posts(_ds(), JAN, n=2)
    assert top["post_id"].to_list() == ["p4", "p3"]  # equal rates: the more recent first
    assert top["engagement_rate"].to_list() == pytest.approx([0.5, 0.5])
    bottom = insights.top_posts(_ds(), JAN, n=1, bottom=True)
    assert bottom["post_id"].to_list() == ["p5"]
    clicks = insights.top_posts(_ds(), JAN, by="link_clicks")
    assert clicks["post_id"].to_list() == ["p5", "p1", "p2"]  # posts without link clicks left out
    assert clicks["text"][0] == "[bold]x[/bold]"  # text comes back as written, never interpreted


def test_hashtags_count_once_per_post_case_insensitively() -> None:
    tags = insights.hashtags(_ds(), JAN)
    assert tags.rows() == [
        ("#coffee", 3, pytest.approx((10 + 20 + 10) / 500)),
        ("#brewbetter", 2, pytest.approx(70 / 200)),
        ("#latte", 1, pytest.approx(0.5)),
    ]


def test_network_filter_and_empty_period() -> None:
    assert insights.best_times(_ds(), JAN, "tiktok").is_empty()
    assert insights.hashtags(_ds(), parse_period("2026-02")).is_empty()
    assert insights.content_types(_ds(), JAN, "all")["posts"].sum() == 8


def test_best_times_leave_out_posts_without_a_time_of_day() -> None:
    """A LinkedIn or YouTube post carries only its day, read as local midnight: three such
    posts on Monday 12 Jan would otherwise rank Monday 00:00 first (ER 90%)."""
    midnight = pl.DataFrame(
        {
            "network": "linkedin",
            "account": "a",
            "post_id": ["m1", "m2", "m3"],
            "published_at": [datetime(2026, 1, 12, 0, 0)] * 3,  # midnight in Europe/Paris...
            "impressions": [100, 100, 100],
            "likes": [90, 90, 90],
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("Europe/Paris").dt.convert_time_zone("UTC"))
    timed = _ds("Europe/Paris").posts.select(midnight.columns)  # ...and the eight posts above
    paris = Settings(timezone="Europe/Paris")
    ds = prepare(pl.concat([timed, midnight]), pl.DataFrame(), pl.DataFrame(), paris)
    cells = insights.best_times(ds, JAN)
    assert (1, 0) not in [(w, h) for w, h in cells.select("weekday", "hour").rows()]
    assert cells["posts"].sum() == 8
    assert insights.untimed_posts(ds, JAN) == 3
    assert insights.untimed_posts(ds, JAN, "instagram") == 0


PIECES = (
    "#coffee",
    "#Coffee",
    "/#frag",
    "&#39;",
    "a#b",
    "##x",
    "#é_t2",
    " ",
    "word",
    "(#latte)",
    "\n",
    "#",
    "!",
)


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), min_size=1, max_size=12))
def test_hashtags_from_the_stored_column_equal_those_of_the_texts(texts: list[str]) -> None:
    """A workspace's posts carry their hashtags (`hashtags_of`, kept at import): the tags found
    there are exactly those found in the whole texts."""
    posts = pl.DataFrame(
        {
            "network": "x",
            "account": "a",
            "post_id": [str(i) for i in range(len(texts))],
            "published_at": datetime(2026, 1, 5, 9),
            "impressions": [100 + i for i in range(len(texts))],
            "likes": [i for i in range(len(texts))],
            "text": texts,
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    stored = posts.with_columns(hashtags_of(pl.col("text")).alias(schema.HASHTAGS))
    from_texts = insights.hashtags(prepare(posts, pl.DataFrame(), pl.DataFrame()), JAN, n=100)
    from_stored = insights.hashtags(prepare(stored, pl.DataFrame(), pl.DataFrame()), JAN, n=100)
    assert_frame_equal(from_stored, from_texts)


metric = st.one_of(st.none(), st.integers(0, 3), st.integers(0, 1000))


@given(
    st.lists(st.tuples(st.integers(0, 30), metric, metric, metric), max_size=40),
    st.integers(1, 6),
)
def test_posts_ranked_once_sort_as_every_post_does(rows: list[tuple], n: int) -> None:
    """The posts kept for the Insights table (`ranked_posts`) give, under every sort and top or
    bottom, the very rows and order that sorting all the period's posts gives."""
    posts = pl.DataFrame(
        {
            "network": "x",
            "account": "a",
            "post_id": [f"p{i}" for i in range(len(rows))],
            "published_at": [datetime(2026, 1, 1 + day % 28, 9) for day, *_ in rows],
            "impressions": [r[1] for r in rows],
            "likes": [r[2] for r in rows],
            "link_clicks": [r[3] for r in rows],
        },
        schema_overrides={
            "published_at": pl.Datetime("us"),
            "impressions": pl.Int64,
            "likes": pl.Int64,
            "link_clicks": pl.Int64,
        },
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    ds = prepare(posts, pl.DataFrame(), pl.DataFrame())
    ranked = insights.ranked_posts(ds, JAN, n=n)
    every = insights.posts_in(ds, JAN).with_columns(
        engagement_rate=pl.when(pl.col("exposure") > 0).then(pl.col("interactions") / pl.col("exposure"))
    )
    for by in insights.RANKINGS:
        for bottom in (False, True):
            expected = (
                every.filter(pl.col(by).is_not_null())
                .sort([by, "published_at", "post_id"], descending=[not bottom, True, False])
                .head(n)
                .collect()
            )
            got = insights.rank_posts(ranked, by=by, n=n, bottom=bottom)
            assert got["post_id"].to_list() == expected["post_id"].to_list()
