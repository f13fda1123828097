"""The insights' summaries the store keeps beside the posts segments: the Insights screen and the
HTML report read them instead of a period's posts, and every insight is the same as from the
posts themselves, whatever changed since."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kpitui.core import insights, store
from kpitui.core.importers import read_file
from kpitui.core.insights import Summary
from kpitui.core.periods import Period, parse_period
from kpitui.core.workspace import Workspace

HEADER = (
    "network,account,post_id,published_at,content_type,"
    "impressions,likes,comments,link_clicks,text,permalink\n"
)
# posts either side of midnight in Paris (UTC+1 in winter): their local day and hour are not UTC's
POSTS = """x,acme,1,2026-01-10T22:30:00Z,photo,100,5,1,2,hello #Bramble,https://x.com/1
x,acme,2,2026-01-10T23:30:00Z,video,200,10,,,no tag,https://x.com/2
x,acme,3,2026-01-12T09:00:00Z,photo,,3,1,1,#other and #bramble #Other,https://x.com/3
x,acme,4,2026-01-11T23:00:00Z,photo,50,2,0,0,#bramble at local midnight,https://x.com/4
instagram,acme,5,2026-01-11T12:00:00Z,reel,400,20,4,,#bramble,https://ig.com/5
instagram,shop,6,2026-02-02T08:00:00Z,,50,1,0,0,,
"""
JAN = parse_period("2026-01")


def workspace(tmp_path: Path, posts: str = POSTS) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "kpitui.toml").write_text('name = "Acme"\ntimezone = "Europe/Paris"\n', encoding="utf-8")
    ws = Workspace(root)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + posts)
    ws.import_files([read_file(path)])
    return ws


def answers(source: Summary, period: Period = JAN, network: str | None = None) -> list[pl.DataFrame]:
    """Every insight of `period`, as the Insights screen asks them."""
    summary = source.of(period, network)
    untimed = pl.DataFrame({"untimed": [insights.untimed_posts(summary, period)]})
    return [
        insights.best_times(summary, period),
        untimed,
        insights.content_types(summary, period),
        insights.ranked_posts(summary, period, n=insights.KEEP),
        insights.hashtags(summary, period),
    ]


def same_answers(ws: Workspace, period: Period = JAN, network: str | None = None) -> None:
    """The stored summaries answer as the posts of the period, read and summed, do."""
    stored = answers(ws.period_summary(period), period, network)
    summed = answers(insights.summary_of(ws.load(), period), period, network)
    for got, expected in zip(stored, summed, strict=True):
        assert_frame_equal(got, expected, check_row_order=True)


def unread(ws: Workspace) -> list[store.Segment]:
    """The posts segments whose summary is not read (their posts are)."""
    segments = store.list_segments(ws.data_dir, "posts")
    fingerprint = insights.summary_fingerprint(ws.settings().timezone)
    return ws._kept(store.SUMMARY_DIR, fingerprint, segments)[1]


def test_every_posts_segment_has_a_summary_that_answers_as_its_posts(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert unread(ws) == []
    assert set(store.list_cubes(ws.data_dir, store.SUMMARY_DIR)) == {
        s.target for s in store.list_segments(ws.data_dir, "posts")
    }
    summary = ws.period_summary(JAN)
    # Paris: post 1 is Saturday 10th 23:30, post 2 Sunday 11th 00:30, post 4 local midnight
    best = insights.best_times(summary, JAN, "x")
    assert best.select("weekday", "hour", "posts").rows() == [(1, 10, 1), (6, 23, 1), (7, 0, 1)]
    assert insights.untimed_posts(summary, JAN, "x") == 1
    tags = insights.hashtags(summary, JAN)
    assert tags.select("hashtag", "posts").rows() == [("#bramble", 4), ("#other", 1)]
    # #bramble: posts 1, 3, 4, 5; post 3 reports no impressions, so (6 + 2 + 24) / (100 + 50 + 400)
    assert tags["engagement_rate"][0] == pytest.approx(32 / 550)
    for period, network in ((JAN, None), (JAN, "x"), (parse_period("2026-Q1"), None)):
        same_answers(ws, period, network)


def test_the_posts_shown_come_with_their_texts_and_links(tmp_path: Path) -> None:
    """The posts a summary keeps carry what the posts table shows: no second read for texts."""
    ranked = insights.ranked_posts(workspace(tmp_path).period_summary(JAN), JAN, n=3)
    best = insights.rank_posts(ranked, by="interactions", n=2)
    assert best.select("post_id", "interactions", "text", "permalink").rows() == [
        ("5", 24, "#bramble", "https://ig.com/5"),
        ("2", 10, "no tag", "https://x.com/2"),
    ]


def test_the_best_posts_of_a_period_are_found_among_each_days_best(tmp_path: Path) -> None:
    """Two hundred posts a day: the summary keeps each day's 25 best and worst by each measure,
    and a month's best are the same as its posts ranked all together."""
    lines = [
        f"x,acme,{day}-{i},2026-01-{day:02d}T{8 + i % 12:02d}:{i % 60:02d}:00Z,photo,"
        f"{100 + (i * 37 + day * 11) % 90},{(i * 13 + day * 7) % 29},1,{(i * 5 + day) % 7},#t{i % 4},"
        for day in range(3, 8)
        for i in range(200)
    ]
    ws = workspace(tmp_path, "\n".join(lines) + "\n")
    kept = ws.period_summary(JAN).tops
    assert 5 * 50 <= kept.height <= 5 * 150
    same_answers(ws)
    with pytest.raises(ValueError, match="keeps 25"):
        insights.ranked_posts(ws.period_summary(JAN), JAN, n=insights.KEEP + 1)


def test_an_import_replaces_and_a_removal_removes_the_summaries(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = tmp_path / "more.csv"
    path.write_text(HEADER + "x,acme,2,2026-01-10T23:30:00Z,video,250,40,,,now #tagged,\n")
    ws.import_files([read_file(path)])
    assert unread(ws) == []
    assert all(len(by_print) == 1 for by_print in store.list_cubes(ws.data_dir, store.SUMMARY_DIR).values())
    ranked = insights.ranked_posts(ws.period_summary(JAN), JAN)
    assert insights.rank_posts(ranked, by="interactions", n=1)["post_id"].to_list() == ["2"]
    same_answers(ws)
    ws.remove([record.id for record in ws.imports()])
    assert store.list_cubes(ws.data_dir, store.SUMMARY_DIR) == {}
    assert not list((ws.data_dir / store.TABLES_DIR / store.SUMMARY_DIR).rglob("*.parquet"))
    assert insights.hashtags(ws.period_summary(JAN), JAN).is_empty()


def test_a_new_time_zone_a_changed_segment_or_a_damaged_summary_reads_the_posts(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    settings = ws.root / "kpitui.toml"
    settings.write_text(settings.read_text().replace("Europe/Paris", "UTC"))
    assert len(unread(ws)) == len(store.list_segments(ws.data_dir, "posts"))  # summaries of Paris
    best = insights.best_times(ws.period_summary(JAN), JAN, "x")
    assert best.select("weekday", "hour").rows() == [(1, 9), (6, 22), (6, 23), (7, 23)]  # UTC hours
    same_answers(ws)
    settings.write_text(settings.read_text().replace('"UTC"', '"Europe/Paris"'))
    segment = store.list_segments(ws.data_dir, "posts")[0]
    rows = pl.read_parquet(ws.data_dir / segment.target)
    rows.with_columns(likes=pl.col("likes") * 2).write_parquet(ws.data_dir / segment.target)
    assert unread(ws) == [segment]
    same_answers(ws)
    for path in (ws.data_dir / store.TABLES_DIR / store.SUMMARY_DIR).rglob("*.parquet"):
        path.write_bytes(b"not parquet")
    same_answers(ws)
