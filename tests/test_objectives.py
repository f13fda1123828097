"""Objective statuses and their edges, projections, objectives.toml reading and writing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset, prepare
from kpitui.core.errors import ObjectivesError
from kpitui.core.objectives import Objective


def _ds() -> Dataset:
    """Instagram, January 2026: one post a day on days 1..10, 100 impressions and 5 likes each;
    followers 1000 on 31 December rising by 10 a day to 1100 on 10 January."""
    days = [date(2026, 1, d) for d in range(1, 11)]
    posts = pl.DataFrame(
        {
            "network": "instagram",
            "account": "a",
            "post_id": [f"p{d.day}" for d in days],
            "published_at": [datetime(2026, 1, d.day, 12) for d in days],
            "impressions": [100] * 10,
            "likes": [5] * 10,
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    daily = pl.DataFrame(
        {
            "network": "instagram",
            "account": "a",
            "date": [date(2025, 12, 31), *days],
            "followers": [1000 + 10 * i for i in range(11)],
        }
    )
    return prepare(posts, daily, pl.DataFrame())


def _o(kpi: str, target: float, period: str, comparison: str = ">=", network: str = "instagram") -> Objective:
    return objs.checked(Objective("x", "", network, kpi, comparison, target, period), "t")  # type: ignore[arg-type]


def _status(o: Objective, as_of: date | None = date(2026, 1, 10)) -> objs.Evaluation:
    return objs.evaluate(_ds(), [o], as_of)[0]


def test_not_started_when_the_period_starts_after_as_of() -> None:
    e = _status(_o("posts", 5, "2026-02"))
    assert e.status == "not_started"
    assert e.value is None and e.projected is None and e.progress is None


def test_no_data_when_the_kpi_is_null() -> None:
    e = _status(_o("link_clicks", 5, "2026-01"))
    assert e.status == "no_data"
    assert e.value is None


def test_no_data_for_a_network_without_any_data() -> None:
    assert _status(_o("posts", 5, "2026-01", network="tiktok")).status == "no_data"


def test_achieved_when_over_and_met() -> None:
    e = _status(_o("engagement_rate", 0.05, "2026-01-01..2026-01-10"))
    assert e.status == "achieved"
    assert e.value == pytest.approx(0.05)  # exactly on the target meets it
    assert e.projected == pytest.approx(0.05)
    assert e.progress == pytest.approx(1.0)
    assert e.needed_per_day is None


def test_missed_when_over_and_not_met() -> None:
    e = _status(_o("engagement_rate", 0.0501, "2026-01-01..2026-01-10"))
    assert e.status == "missed"


def test_period_ending_on_the_as_of_date_is_over() -> None:
    e = _status(_o("posts", 11, "2026-01-01..2026-01-10"))
    assert e.status == "missed"
    assert e.elapsed_days == 10


def test_running_additive_count_projects_linearly_and_gives_needed_per_day() -> None:
    # January: 10 posts in 10 of 31 days → projected 31; 21 days remain.
    on_track = _status(_o("posts", 30, "2026-01"))
    assert on_track.status == "on_track"
    assert on_track.value == 10
    assert on_track.projected == pytest.approx(31.0)
    assert on_track.progress == pytest.approx(10 / 30)
    assert on_track.needed_per_day == pytest.approx(20 / 21)
    at_risk = _status(_o("posts", 32, "2026-01"))
    assert at_risk.status == "at_risk"
    assert at_risk.needed_per_day == pytest.approx(22 / 21)


def test_running_count_is_projected_whole_and_judged_on_that() -> None:
    """2 posts in the first 3 days of January project 2 × 31 / 3 = 20.67, shown and judged
    as 21 posts: a count has no decimals. A rate keeps its decimals."""
    posts = pl.DataFrame(
        {
            "network": "instagram",
            "account": "a",
            "post_id": ["p1", "p2"],
            "published_at": [datetime(2026, 1, 1, 12), datetime(2026, 1, 2, 12)],
            "impressions": [100, 300],
            "likes": [5, 2],
        }
    ).with_columns(pl.col("published_at").dt.replace_time_zone("UTC"))
    dataset = prepare(posts, pl.DataFrame(), pl.DataFrame())
    [posts_e, rate_e] = objs.evaluate(
        dataset, [_o("posts", 21, "2026-01"), _o("engagement_rate", 0.02, "2026-01")], date(2026, 1, 3)
    )
    assert posts_e.projected == 21 and posts_e.status == "on_track"
    assert posts_e.needed_per_day == pytest.approx(19 / 28)
    assert rate_e.projected == pytest.approx(7 / 400)


def test_running_additive_count_already_met_is_achieved() -> None:
    e = _status(_o("interactions", 50, "2026-01"))
    assert e.status == "achieved"
    assert e.needed_per_day == 0


def test_running_rate_is_projected_as_its_value() -> None:
    e = _status(_o("engagement_rate", 0.05, "2026-01"))
    assert e.status == "on_track"
    assert e.projected == pytest.approx(0.05)
    assert e.needed_per_day is None
    assert _status(_o("engagement_rate", 0.06, "2026-01")).status == "at_risk"


def test_running_stock_is_projected_as_its_value() -> None:
    e = _status(_o("followers", 1100, "2026-01"))
    assert e.value == 1100
    assert e.projected == 1100
    assert e.status == "on_track"  # a stock is not "already achieved": it can fall
    assert _status(_o("followers", 1101, "2026-01")).status == "at_risk"


def test_at_most_objectives() -> None:
    # "<=": posts 10 so far, projected 31 in January
    assert _status(_o("posts", 31, "2026-01", "<=")).status == "on_track"
    e = _status(_o("posts", 30, "2026-01", "<="))
    assert e.status == "at_risk"
    assert e.progress == pytest.approx(30 / 10)
    assert _status(_o("posts", 9, "2026-01-01..2026-01-10", "<=")).status == "missed"
    assert _status(_o("posts", 10, "2026-01-01..2026-01-10", "<=")).status == "achieved"


def test_value_to_date_stops_at_the_as_of_date() -> None:
    e = _status(_o("posts", 30, "2026-01"), as_of=date(2026, 1, 5))
    assert e.value == 5
    assert e.elapsed_days == 5
    assert e.projected == pytest.approx(5 * 31 / 5)


def test_default_as_of_is_the_latest_date_with_data() -> None:
    e = objs.evaluate(_ds(), [_o("posts", 30, "2026-01")])[0]
    assert e.as_of == date(2026, 1, 10)


def test_progress_with_zero_divisor_is_null() -> None:
    assert _status(_o("posts", 0, "2026-01")).progress is None
    assert _status(_o("link_clicks", 0, "2026-01", "<=")).progress is None


def test_relative_period_resolves_at_the_as_of_date() -> None:
    e = _status(_o("posts", 7, "last-7d"))
    assert (e.period.start, e.period.end) == (date(2026, 1, 4), date(2026, 1, 10))
    assert e.status == "achieved"


# --- objectives.toml ---------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "objectives.toml"
    items = [
        _o("engagement_rate", 0.045, "2026-Q1"),
        objs.checked(
            Objective("x", 'Sessions ≤ 12 000 "quoted"', "all", "sessions", "<=", 12000, "2026-W14"), "b"
        ),
    ]
    saved = objs.save(objs.load(path), items)
    loaded = objs.load(path)
    assert loaded.objectives == tuple(items)
    assert saved.fingerprint == loaded.fingerprint
    assert "[[objective]]" in path.read_text()


def test_missing_file_means_no_objectives(tmp_path: Path) -> None:
    assert objs.load(tmp_path / "objectives.toml").objectives == ()


BROKEN_SYNTAX = """schema_version = 1

[[objective]]
id = "a"
network = "instagram"
kpi = "engagement_rate
"""

UNKNOWN_KPI = """schema_version = 1

[[objective]]
id = "a"
network = "instagram"
kpi = "engagement_rate"
comparison = ">="
target = 0.04
period = "2026-Q1"

[[objective]]
id = "b"
network = "instagram"
kpi = "enagement_rate"
comparison = ">="
target = 0.04
period = "2026-Q1"
"""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BROKEN_SYNTAX, 6, "line 6"),
        (UNKNOWN_KPI, 14, "unknown KPI 'enagement_rate'"),
        (UNKNOWN_KPI.replace('period = "2026-Q1"\n', 'period = "Q5 2026"\n', 1), 9, "not a period"),
        (UNKNOWN_KPI.replace('network = "instagram"', 'network = "myspace"', 1), 5, "myspace"),
        (UNKNOWN_KPI.replace("target = 0.04", 'target = "4%"', 1), 8, "must be a number"),
        (UNKNOWN_KPI.replace('id = "b"', 'id = "a"').replace("enagement", "engagement"), 12, "already used"),
        (UNKNOWN_KPI.replace('kpi = "enagement_rate"', 'kpi = "dislikes"'), 14, "does not apply"),
        (UNKNOWN_KPI.replace('comparison = ">="', 'comparison = ">"', 1), 7, "comparison"),
    ],
)
def test_broken_file_names_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "objectives.toml"
    path.write_text(text)
    with pytest.raises(ObjectivesError) as info:
        objs.load(path)
    assert f"line {line}" in str(info.value)
    assert words in str(info.value)


def test_broken_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "objectives.toml"
    path.write_text(BROKEN_SYNTAX)
    before = path.read_bytes()
    stale = objs.ObjectivesFile(path, (), None)
    with pytest.raises(ObjectivesError, match="line 6"):
        objs.save(stale, [_o("posts", 3, "2026-Q1")])
    assert path.read_bytes() == before


def test_a_hand_edit_after_loading_is_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "objectives.toml"
    first = objs.save(objs.load(path), [_o("posts", 3, "2026-Q1")])
    path.write_text(path.read_text() + "\n# my note\n")
    edited = path.read_bytes()
    with pytest.raises(ObjectivesError, match="changed on disk"):
        objs.save(first, [])
    assert path.read_bytes() == edited


def test_save_refuses_invalid_objectives(tmp_path: Path) -> None:
    path = tmp_path / "objectives.toml"
    bad = Objective("a", "t", "instagram", "no_such_kpi", ">=", 1.0, "2026-Q1")
    with pytest.raises(ObjectivesError, match="unknown KPI"):
        objs.save(objs.load(path), [bad])
    assert not path.exists()


# --- targets as typed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("4.5%", "ratio", 0.045),
        ("4,5 %", "ratio", 0.045),
        ("0.045", "ratio", 0.045),
        ("4.5", "ratio", 0.045),
        ("12k", "count", 12000),
        ("12 000", "count", 12000),
        ("12,000", "count", 12000),
        ("1.2M", "count", 1_200_000),
        ("250", "count", 250),
        ("-50", "count", -50),
        ("1 234.50", "currency", 1234.5),
    ],
)
def test_parse_target(text: str, unit: str, value: float) -> None:
    assert objs.parse_target(text, unit) == pytest.approx(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("", "count"),
        ("lots", "count"),
        ("4.5%", "count"),
        ("12k", "ratio"),
        ("4.5.1", "ratio"),
        ("1e9", "count"),
    ],
)
def test_parse_target_refuses_nonsense(text: str, unit: str) -> None:
    with pytest.raises(ValueError):
        objs.parse_target(text, unit)  # type: ignore[arg-type]


def test_new_id_is_readable_and_unique() -> None:
    o = _o("engagement_rate", 0.045, "2026-Q1")
    assert objs.new_id(o, []) == "instagram-engagement_rate-2026-q1"
    assert objs.new_id(o, ["instagram-engagement_rate-2026-q1"]) == "instagram-engagement_rate-2026-q1-2"
