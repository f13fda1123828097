"""Meta exports through the workspace and the CLI, and the round trip through the native writer.

The round trip writes the demo brand's canonical data as Meta's files
(sample_data/native/meta.py), reads them back with `read_file`, and checks
that every canonical value those files carry comes back equal.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core import schema
from kpitui.core.importers import ImportOptions, ParsedFile, read_file
from kpitui.core.resolve import resolve
from kpitui.core.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "meta"
FB_VIEWS = FIXTURES / "Sep-01-2025_Sep-30-2025_1039829308656931.csv"
LEGACY_PAGE = FIXTURES / "Facebook Insights Data Export - Larkspur Bakery - 2015-11-01.csv"
PARIS = ImportOptions(timezone="Europe/Paris")


RoundTrip = tuple[Any, list[ParsedFile], pl.DataFrame, pl.DataFrame]
"""The demo's canonical data (sample_data/native `Canonical`), the files read back, their posts and days."""


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".kpitui.lock"
    }


def test_daily_files_merge_into_one_row_per_day_with_the_pages_account(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    names = ("Follows (1).csv", "Views (1).csv", "Viewers (1).csv", "Visits (1).csv", "Interactions (1).csv")
    parsed = [read_file(FIXTURES / n, PARIS) for n in names] + [read_file(FB_VIEWS, PARIS)]
    ws.import_files(parsed)
    daily = ws.load().daily.sort("date")
    assert daily.select("account", "date", "followers_gained", "views", "reach", "profile_visits").rows() == [
        ("Larkspur Bakery", date(2025, 8, 1), 20, 5400, 3100, 41),
        ("Larkspur Bakery", date(2025, 8, 2), 3, 6120, 3390, 38),
        ("Larkspur Bakery", date(2025, 8, 4), 7, None, None, None),
    ]


def test_a_post_from_the_legacy_and_the_current_export_is_one_post(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.csv"
    legacy.write_text(
        "Post ID,Permalink,Post Message,Type,Posted,"
        "Lifetime Post Total Reach,Lifetime Post Total Impressions\n"
        ",,,,,Lifetime: people reached. (Unique Users),Lifetime: impressions. (Total Count)\n"
        "104000000000001_900000000000101,https://www.facebook.com/larkspurbakery/posts/900000000000101:0,"
        "Fresh sourdough,Photo,9/2/2025 7:30,1100,1400\n"
    )
    os.utime(legacy, (1_757_000_000, 1_757_000_000))  # downloaded 4 September 2025, before the other
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(legacy, PARIS), read_file(FB_VIEWS, PARIS)])
    posts = ws.load().posts
    assert posts.height == 5
    [row] = posts.filter(pl.col("post_id") == "104000000000001_900000000000101").rows(named=True)
    assert (row["account"], row["reach"], row["likes"]) == ("Larkspur Bakery", 1210, 50)  # the newer export


def test_follows_imported_before_the_page_is_named_are_adopted_by_it(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    instagram = read_file(FIXTURES / "Follows (2).csv", ImportOptions(account="larkspurbakes"))
    ws.import_files([instagram], options=ImportOptions(account="larkspurbakes"))
    [first] = ws.import_files([read_file(FIXTURES / "Follows (1).csv"), read_file(LEGACY_PAGE)])[:1]
    # no Facebook account yet (an Instagram account is no Facebook Page): kept apart, unnamed
    assert any("none named yet" in note for note in first.notes)
    daily = ws.load().daily
    assert daily.filter(pl.col("network") == "facebook")["account"].unique().to_list() == [""]
    [outcome] = ws.import_files([read_file(FB_VIEWS, PARIS)])  # names the page
    assert outcome.notes == [
        "rows imported earlier without an account (7 day(s)) now belong to facebook: Larkspur Bakery"
    ]
    daily = ws.load().daily
    assert sorted(set(daily.select("network", "account").iter_rows())) == [
        ("facebook", "Larkspur Bakery"),
        ("instagram", "larkspurbakes"),
    ]


def test_failed_cli_import_leaves_the_workspace_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    assert main(["--workspace", str(ws), "import", str(FB_VIEWS)]) == 0
    before = snapshot(ws)
    bad = tmp_path / "Views (1).csv"
    bad.write_bytes(
        (FIXTURES / "Views (1).csv")
        .read_bytes()
        .replace("6120".encode("utf-16-le"), "6l20".encode("utf-16-le"))
    )
    assert main(["--workspace", str(ws), "import", str(FIXTURES / "Follows (1).csv"), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, row 5, column 'Primary': found '6l20'" in err
    assert snapshot(ws) == before


# --- round trip through the native writer ---------------------------------------------------


@pytest.fixture(scope="module")
def round_trip(
    tmp_path_factory: pytest.TempPathFactory,
) -> RoundTrip:
    """The demo written by the Meta writer and read back: (canonical data, parsed files, posts, daily)."""
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        import native
        from native import meta
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    data = native.load(ROOT / "sample_data" / "demo")
    out = tmp_path_factory.mktemp("exports")
    files = meta.write(data, out)
    options = ImportOptions(timezone=data.timezone)
    # resolved as one import: an untitled Views file takes its network from the posts beside it
    parsed = resolve(
        [read_file(p, options) for p in files], {t: schema.empty(t) for t in schema.TABLES}
    ).files
    posts = pl.concat([p.tables["posts"] for p in parsed if "posts" in p.tables])
    daily = pl.concat([p.tables["daily"] for p in parsed if "daily" in p.tables])
    again = tmp_path_factory.mktemp("again")
    assert [p.read_bytes() for p in meta.write(data, again)] == [
        p.read_bytes() for p in files
    ]  # deterministic
    return data, parsed, posts, daily


def test_round_trip_files_are_the_real_formats(round_trip: RoundTrip) -> None:
    _, parsed, _, _ = round_trip
    formats: dict[str, int] = {}
    for item in parsed:
        formats[item.format] = formats.get(item.format, 0) + 1
    files = [item.path for item in parsed]
    assert formats == {
        "meta-facebook-legacy-posts": 1,
        "meta-facebook-posts": 15,
        "meta-instagram-posts": 16,
        "meta-daily": 50,
        "meta-facebook-legacy-page": 1,
    }
    assert {p.parent.name for p in files} == {"facebook", "instagram"}
    assert sum(p.stat().st_size for p in files) < 1_000_000
    assert all(
        p.read_bytes()[:2] == b"\xff\xfe" for p in files if p.name.startswith(("Follows", "Views", "Visits"))
    )


def test_round_trip_posts(round_trip: RoundTrip) -> None:
    data, _, posts, _ = round_trip
    demo = data.posts.filter(pl.col("network").is_in(["facebook", "instagram"]))
    assert (
        posts.group_by("network").len().sort("network").rows()
        == demo.group_by("network").len().sort("network").rows()
    )
    assert not posts.select(pl.struct("network", "post_id").is_duplicated().any()).item()
    carried = ["impressions", "reach", "likes", "comments", "shares", "saves", "link_clicks", "follows"]
    for metric in carried:
        got = posts.group_by("network").agg(pl.col(metric).sum(), pl.col(metric).null_count().alias("n"))
        want = demo.group_by("network").agg(pl.col(metric).sum(), pl.col(metric).null_count().alias("n"))
        assert got.sort("network").rows() == want.sort("network").rows(), metric
    joined = demo.join(posts, on=["network", "post_id"], suffix="_r")
    assert joined.height == demo.height
    for column in ["published_at", "content_type", "text", "permalink", *carried]:
        assert joined.filter(pl.col(column).ne_missing(pl.col(f"{column}_r"))).is_empty(), column
    # every post has its account, the legacy file's too (it names no Page: the posts beside it do)
    assert joined.filter(pl.col("account").ne_missing(pl.col("account_r"))).is_empty()
    facebook = posts.filter(pl.col("network") == "facebook")
    assert (
        facebook.filter(pl.col("platform_engagements").is_not_null())
        .select(
            (pl.col("platform_engagements") == pl.col("likes") + pl.col("comments") + pl.col("shares")).all()
        )
        .item()
    )
    # video plays: Instagram's older files carry them (Plays), the Views generation has no such column
    reels = joined.filter(pl.col("views_r").is_not_null())
    assert reels.height > 0 and (reels["views"] == reels["views_r"]).all()
    assert posts["leads"].null_count() == posts.height  # no Meta export carries leads


def test_round_trip_a_post_in_full(round_trip: RoundTrip) -> None:
    data, _, posts, _ = round_trip
    for network in ("facebook", "instagram"):
        demo = data.posts.filter(pl.col("network") == network).sort("published_at")
        for index in (demo.height // 2, demo.height - 1):
            want = demo.row(index, named=True)
            [got] = posts.filter(pl.col("post_id") == want["post_id"]).rows(named=True)
            if network == "instagram" and want["published_at"] >= datetime(2026, 1, 1, tzinfo=UTC):
                want["views"] = None  # the Views generation has no plays column
            want["leads"] = None
            if network == "facebook":
                want["platform_engagements"] = want["likes"] + want["comments"] + want["shares"]
            assert got == want


def test_round_trip_daily(round_trip: RoundTrip) -> None:
    data, _, _, daily = round_trip
    demo = data.daily.filter(pl.col("network").is_in(["facebook", "instagram"]))
    merged = daily.group_by("network", "date").agg(
        pl.exclude("network", "date", "account").drop_nulls().first()
    )
    joined = demo.join(merged, on=["network", "date"], how="left", suffix="_r")
    facebook = joined.filter(pl.col("network") == "facebook")
    instagram = joined.filter(pl.col("network") == "instagram")
    for column in (
        "followers",
        "followers_gained",
        "followers_lost",
        "views",
        "reach",
        "profile_visits",
    ):
        assert facebook.filter(pl.col(column).ne_missing(pl.col(f"{column}_r"))).is_empty(), column
    for column in ("followers_gained", "views", "reach", "profile_visits"):
        assert instagram.filter(pl.col(column).ne_missing(pl.col(f"{column}_r"))).is_empty(), column
    assert facebook["views"].null_count() == 0 and instagram["views"].null_count() == 0
    for column in ("followers", "followers_lost", "mentions"):
        assert instagram[f"{column}_r"].null_count() == instagram.height  # no Meta file carries them
    # the daily files name no account: each takes the one the posts beside it name
    accounts = data.daily.filter(pl.col("network").is_in(["facebook", "instagram"])).select(
        "network", "account"
    )
    assert sorted(set(daily.select("network", "account").iter_rows())) == sorted(set(accounts.iter_rows()))
