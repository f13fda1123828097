"""X (Twitter) exports: the classic per-tweet and per-day files, the Premium content and overview files.

Fixtures: tests/fixtures/x (made by make_fixtures.py there, from FORMATS.md
section 3, invented account @FernHollowTea). Expected values are worked out
by hand from the fixture rows.
"""

from __future__ import annotations

import shutil
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, detect, importers, load_sample, read_file
from kpitui.core.importers import x as ximp
from kpitui.core.schema import SCHEMAS
from kpitui.core.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "x"
ROOT = Path(__file__).resolve().parents[1]
TWEETS = FIXTURES / "tweet_activity_metrics_FernHollowTea_20250901_20251001_en.csv"
TWEETS_2015 = FIXTURES / "tweets_2015.csv"
DAILY = FIXTURES / "daily_tweet_activity_metrics_FernHollowTea_20250926_20251001_en.csv"
CONTENT = FIXTURES / "account_analytics_content_2025-10-01_2025-10-31.csv"
OVERVIEW = FIXTURES / "account_overview_analytics.csv"
PARIS = ImportOptions(timezone="Europe/Paris")

FORMAT_OF = {
    TWEETS: "x-tweets",
    TWEETS_2015: "x-tweets",
    DAILY: "x-daily",
    CONTENT: "x-content",
    OVERVIEW: "x-overview",
}
X_IDS = ("x-tweets", "x-daily", "x-content", "x-overview")

OTHER_HEADERS = {
    "facebook posts (Meta)": '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)",'
    '"Publish time","Caption type",Permalink,"Is crosspost","Is share","Post type",Languages,'
    '"Custom labels","Funded content status","Data comment",Date,Views,Reach,'
    '"Reactions, Comments and Shares",Reactions,Comments,Shares,"Total clicks","Other Clicks",'
    '"Matched Audience Targeting Consumption (Photo Click)","Link Clicks",'
    '"Negative feedback from users: Hide all","Seconds viewed","Average Seconds viewed",'
    '"Estimated earnings (USD)","Ad CPM (USD)","Ad impressions"',
    "facebook posts (older, Impressions)": '"Post ID","Page ID","Page name",Title,Description,'
    '"Publish time",Permalink,"Post type",Date,Impressions,Reach,"Reactions, comments and shares"',
    "x video overview": "Date,Views,Watch Time (ms),Completion Rate,Average Watch Time (ms),"
    "Estimated Revenue",
    "tiktok overview": '"Date","Video Views","Profile Views","Likes","Comments","Shares"',
    "youtube chart data": "Date,Content,Video title,Video publish time,Views",
    "canonical posts": "network,account,post_id,published_at,impressions,likes",
    "canonical daily": "network,account,date,followers,impressions,profile_visits",
}


def copy(path: Path, tmp_path: Path, name: str | None = None) -> Path:
    target = tmp_path / (name or path.name)
    shutil.copyfile(path, target)
    return target


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    target = tmp_path / name
    target.write_bytes(data.encode() if isinstance(data, str) else data)
    return target


# --- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(FORMAT_OF), ids=lambda p: p.name)
def test_detected_by_content_and_by_nobody_else(path: Path, tmp_path: Path) -> None:
    assert read_file(path, PARIS).format == FORMAT_OF[path]
    # detection does not depend on the name
    assert read_file(copy(path, tmp_path, "download.csv"), PARIS).format == FORMAT_OF[path]
    sample = load_sample(path)
    for importer in importers():
        if importer.id != FORMAT_OF[path]:
            assert importer.detect(sample) < 1.0, importer.id
            if importer.id in X_IDS or importer.id == "canonical":
                assert importer.detect(sample) == 0.0, importer.id


@pytest.mark.parametrize("name", ["posts.csv", "daily.csv", "traffic.csv"])
def test_canonical_files_are_not_claimed(name: str) -> None:
    sample = load_sample(ROOT / "sample_data" / "demo" / name)
    assert detect(sample).id == "canonical"
    assert all(imp.detect(sample) == 0.0 for imp in importers() if imp.id in X_IDS)


@pytest.mark.parametrize("header", list(OTHER_HEADERS.values()), ids=list(OTHER_HEADERS))
def test_other_formats_are_not_claimed(header: str, tmp_path: Path) -> None:
    sample = load_sample(write(tmp_path, "other.csv", header + "\n"))
    assert all(imp.detect(sample) == 0.0 for imp in importers() if imp.id in X_IDS)


def test_closest_match_names_what_is_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", '"Tweet id","Tweet permalink","time","impressions"\n"1","l","t","1"\n')
    with pytest.raises(InputError, match="engagements"):
        read_file(path)


# --- classic per tweet ----------------------------------------------------------------------------


def test_classic_tweets_values() -> None:
    parsed = read_file(TWEETS, PARIS)
    posts = parsed.tables["posts"]
    assert list(parsed.tables) == ["posts"]
    assert posts.schema == SCHEMAS["posts"]
    assert posts.height == 3
    assert posts["post_id"].to_list() == ["1972694104273850373", "1967521269150648474", "1962938572600246349"]
    assert posts["published_at"].to_list() == [
        datetime(2025, 9, 29, 16, 5, tzinfo=UTC),
        datetime(2025, 9, 15, 9, 30, tzinfo=UTC),
        datetime(2025, 9, 2, 18, 0, tzinfo=UTC),
    ]
    assert posts["text"].to_list() == [
        "Autumn menu is here & it's cosy: chai, hojicha > everything. https://t.co/AbC123xyz",
        'Two lines:\n"Steep 3 min" says the tin. #FernHollow #tea',
        "@teafriend thank you! <3",
    ]
    assert posts["content_type"].to_list() == ["link", "text", "text"]
    assert posts["account"].unique().to_list() == ["FernHollowTea"]
    assert posts["network"].unique().to_list() == ["x"]
    assert posts["permalink"][0] == "https://twitter.com/FernHollowTea/status/1972694104273850373"
    # organic columns only: the promoted tweet keeps its 950 organic impressions, not 5950
    described = ("network", "account", "post_id", "published_at", "content_type", "text", "permalink")
    sums = posts.select(pl.all().exclude(described).sum()).row(0, named=True)
    assert posts["impressions"].to_list() == [1777, 950, 85]
    assert sums["likes"] == 21 + 18 + 3
    assert sums["comments"] == 2 + 1 + 0
    assert sums["shares"] == 3 + 5 + 0
    assert sums["link_clicks"] == 9
    assert sums["profile_clicks"] == 4 + 3 + 1
    assert sums["hashtag_clicks"] == 4
    assert sums["follows"] == 2
    assert sums["platform_engagements"] == 52 + 40 + 4
    # what the classic file does not carry stays null, not 0 (media views are not video plays)
    for missing in ("reach", "views", "saves", "dislikes", "watch_time_hours", "leads"):
        assert posts[missing].null_count() == 3, missing
    assert parsed.exported_at == datetime(2025, 10, 1, tzinfo=UTC)  # the exclusive end date


def test_classic_2015_favorites_bom_renamed_and_missing_columns() -> None:
    parsed = read_file(TWEETS_2015, ImportOptions(account="someone-else"))
    posts = parsed.tables["posts"]
    assert posts["likes"].to_list() == [7, 5]  # `favorites` before the 2015 rename
    assert posts["hashtag_clicks"].null_count() == 2  # this file has no hashtag clicks column
    # no handle in the name: the links name it, and the i/web link is the same account's
    assert posts["account"].to_list() == ["FernHollowTea", "FernHollowTea"]
    assert posts["post_id"][0] == "641887582417846277"  # the BOM is not part of the first column
    # no dates in the name: the file's modification time
    assert parsed.exported_at == datetime.fromtimestamp(TWEETS_2015.stat().st_mtime, tz=UTC)


def test_account_from_option_or_left_for_the_workspace(tmp_path: Path) -> None:
    text = TWEETS.read_text().replace("twitter.com/FernHollowTea/", "twitter.com/i/web/")
    path = write(tmp_path, "renamed.csv", text)
    assert read_file(path, ImportOptions(account="fern")).tables["posts"]["account"].unique().to_list() == [
        "fern"
    ]
    assert read_file(path).tables["posts"]["account"].null_count() == 3


def test_classic_file_name_gives_handle_and_export_day() -> None:
    name = Path("tweet_activity_metrics_Fern_Hollow_20211101_20211201_en (1).csv")
    assert ximp.classic_file_name(name) == ("Fern_Hollow", datetime(2021, 12, 1, tzinfo=UTC))
    assert ximp.classic_file_name(Path("daily_tweet_activity_metrics_a_20210801_20210901_en.csv")) == (
        "a",
        datetime(2021, 9, 1, tzinfo=UTC),
    )
    assert ximp.classic_file_name(Path("tweets.csv")) is None
    assert ximp.content_file_name(Path("account_analytics_content_2025-09-01_2025-09-30.csv")) == datetime(
        2025, 10, 1, tzinfo=UTC
    )


def test_general_path_reads_what_x_does_not_usually_write(tmp_path: Path) -> None:
    """Thousands separators, `-` in an organic column, a blank cell, seconds and no offset."""
    row_c = '"85.0","4.0","0.047058823529411764","0.0","0.0","3.0","1.0","0.0",'
    row_b = '"950.0","40.0","0.042105263157894736","5.0",'
    text = TWEETS.read_text()
    text = text.replace('"1777.0","52.0"', '"1,777","52.0"', 1)
    text = text.replace(row_c + '"0.0"', row_c + '"-"')
    text = text.replace(row_b + '"1.0"', row_b + '""')
    text = text.replace("2025-09-15 09:30 +0000", "2025-09-15 11:30:00")
    path = write(tmp_path, TWEETS.name, text)
    assert ximp._tweets_as_written(load_sample(path)) is None
    posts = read_file(path, PARIS).tables["posts"]
    assert posts["impressions"].to_list() == [1777, 950, 85]
    assert posts["hashtag_clicks"].to_list() == [0, 4, None]
    assert posts["comments"].to_list() == [2, None, 0]
    assert posts["published_at"][1] == datetime(2025, 9, 15, 9, 30, tzinfo=UTC)  # naive: Paris time


@pytest.mark.parametrize("path", [TWEETS, TWEETS_2015], ids=lambda p: p.name)
def test_fast_and_general_paths_agree(path: Path) -> None:
    sample = load_sample(path)
    fast = ximp._tweets_as_written(sample)
    assert fast is not None
    general = ximp._tweets_any(sample, PARIS)
    assert fast.equals(general.select(fast.columns))


def test_repeated_tweet_keeps_the_last_row_with_a_warning(tmp_path: Path) -> None:
    lines = TWEETS.read_text().splitlines(keepends=True)
    path = write(tmp_path, TWEETS.name, "".join([*lines, lines[1]]))
    parsed = read_file(path)
    assert parsed.tables["posts"].height == 3
    assert any("repeat the key" in w for w in parsed.warnings)


# --- classic per day ------------------------------------------------------------------------------


def test_classic_daily_values() -> None:
    parsed = read_file(DAILY, PARIS)
    daily = parsed.tables["daily"]
    assert list(parsed.tables) == ["daily"]
    assert daily["date"].to_list() == [date(2025, 9, d) for d in range(26, 31)]
    assert daily["impressions"].to_list() == [210, 180, 95, 2400, 640]
    assert daily["account"].unique().to_list() == ["FernHollowTea"]
    # follows and profile clicks from tweets are not the account's follower flows or visits
    for missing in ("followers", "followers_gained", "followers_lost", "profile_visits", "views", "reach"):
        assert daily[missing].null_count() == 5, missing
    assert parsed.exported_at == datetime(2025, 10, 1, tzinfo=UTC)


# --- X Premium content ----------------------------------------------------------------------------


def test_content_values() -> None:
    parsed = read_file(CONTENT, PARIS)
    posts = parsed.tables["posts"]
    assert posts.height == 4
    first = posts.row(0, named=True)
    assert first["post_id"] == "1983983492920246573"
    assert first["impressions"] == 1234  # "1,234"
    assert (first["likes"], first["platform_engagements"], first["saves"]) == (40, 88, 6)
    assert (first["follows"], first["comments"], first["shares"]) == (3, 4, 5)  # reposts, not Shares (2)
    assert (first["profile_clicks"], first["link_clicks"], first["hashtag_clicks"]) == (7, 9, 1)
    assert first["content_type"] == "link"
    assert first["text"] == "Halloween blend: pumpkin, clove & cinnamon. https://fernhollow.example/halloween"
    assert posts["text"][1] == 'Line one\nLine "two" & more #tea'
    assert posts["account"].unique().to_list() == ["FernHollowTea"]
    assert posts["published_at"].to_list() == [
        datetime(2025, 10, 30, 19, 45, tzinfo=UTC),  # the time the id carries, on the file's date
        datetime(2025, 10, 12, 7, 10, tzinfo=UTC),
        datetime(2025, 10, 5, 22, 30, tzinfo=UTC),  # 6 October 00:30 in Paris: the file's date
        datetime(2025, 9, 30, 22, 0, tzinfo=UTC),  # id without a matching time: 1 Oct 00:00 Paris
    ]
    assert len(parsed.warnings) == 1 and "1 post(s)" in parsed.warnings[0]
    assert posts["reach"].null_count() == 4 and posts["views"].null_count() == 4
    assert parsed.exported_at == datetime(2025, 11, 1, tzinfo=UTC)


def test_content_date_without_snowflake_is_midnight_local(tmp_path: Path) -> None:
    text = CONTENT.read_text().replace("1974965319889846284", "55")
    posts = read_file(write(tmp_path, "c.csv", text), ImportOptions(timezone="America/New_York")).tables[
        "posts"
    ]
    row = posts.filter(pl.col("post_id") == "55").row(0, named=True)
    assert row["published_at"] == datetime(2025, 10, 6, 4, 0, tzinfo=UTC)  # midnight EDT
    assert row["account"] == "FernHollowTea"


PREMIUM_VARIANT = (  # as a real one: Link, Share, Url clicks, CRLF, dates without commas
    "Post id,Date,Post text,Link,Impressions,Likes,Engagements,Bookmarks,Share,New follows,Replies,"
    "Reposts,Profile visits,Detail expands,Url clicks,Hashtag clicks,Permalink clicks\r\n"
    '1891564128784855141,Mon Feb 17 2025,"Live tomorrow, 18:00 — see you there!",'
    "https://x.com/FernHollowTea/status/1891564128784855141,70,3,3,1,2,1,0,4,5,6,7,8,9\r\n"
    "1874146454828442034,Tue Dec 31 2024,Happy new year &amp; thanks,"
    "https://x.com/FernHollowTea/status/1874146454828442034,50,4,5,0,0,0,2,1,0,1,3,0,0\r\n"
)


def test_premium_content_variant_link_share_url_clicks_and_dates_without_commas(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", PREMIUM_VARIANT)
    parsed = read_file(path, PARIS)
    assert parsed.format == "x-content"
    posts = parsed.tables["posts"]
    assert posts["account"].unique().to_list() == ["FernHollowTea"]  # from the Link column
    assert posts["permalink"][0] == "https://x.com/FernHollowTea/status/1891564128784855141"
    # Both ids carry a time on the file's day (Snowflake), so their exact time is kept.
    assert posts["published_at"].dt.date().to_list() == [date(2025, 2, 17), date(2024, 12, 31)]
    assert parsed.warnings == []
    assert posts["impressions"].to_list() == [70, 50]
    assert posts["saves"].to_list() == [1, 0]  # Bookmarks
    assert posts["shares"].to_list() == [4, 1]  # Reposts, not Share (sends)
    assert posts["comments"].to_list() == [0, 2]
    assert posts["profile_clicks"].to_list() == [5, 0]
    assert posts["link_clicks"].to_list() == [7, 3]  # Url clicks
    assert posts["hashtag_clicks"].to_list() == [8, 0]
    assert posts["text"][1] == "Happy new year & thanks"


# --- X Premium overview ---------------------------------------------------------------------------


def test_overview_values() -> None:
    parsed = read_file(OVERVIEW, PARIS)
    daily = parsed.tables["daily"].sort("date")
    assert daily["date"].to_list() == [date(2025, 10, 1), date(2025, 10, 2), date(2025, 10, 3)]
    assert daily["impressions"].to_list() == [1200, 980, 1070]
    assert daily["followers_gained"].to_list() == [7, 0, 5]
    assert daily["followers_lost"].to_list() == [0, 3, 2]
    assert daily["profile_visits"].to_list() == [9, 4, 6]
    assert daily["views"].to_list() == [15, 0, 40]
    assert daily["followers"].null_count() == 3  # no follower total in this export
    assert daily["account"].null_count() == 3  # the workspace fills it, or asks for --account
    assert read_file(OVERVIEW, ImportOptions(account="fern")).tables["daily"][
        "account"
    ].unique().to_list() == ["fern"]


# --- bad input ------------------------------------------------------------------------------------


def tweets_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TWEETS.read_text()
    assert old in text
    return write(tmp_path, TWEETS.name, text.replace(old, new, 1))


def test_bad_number_names_file_row_and_column(tmp_path: Path) -> None:
    path = tweets_with(tmp_path, '"950.0"', '"95O.0"')
    with pytest.raises(InputError) as err:
        read_file(path)
    message = str(err.value)
    assert TWEETS.name in message and "row 3" in message and "'impressions'" in message and "95O.0" in message


def test_fraction_in_a_count_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 2, column 'likes'.*21\.5"):
        read_file(tweets_with(tmp_path, '"21.0"', '"21.5"'))


def test_bad_time_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 4, column 'time'.*yesterday"):
        read_file(tweets_with(tmp_path, "2025-09-02 18:00 +0000", "yesterday"))


def test_rounded_tweet_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 2, column 'Tweet id'.*1\.97E\+18"):
        read_file(tweets_with(tmp_path, '"1972694104273850373"', '"1.97E+18"'))


def test_blank_tweet_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 3, column 'Tweet id': empty"):
        read_file(tweets_with(tmp_path, '"1967521269150648474","https', '"","https'))


def test_ragged_row_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 4 \(line 5\).*fewer fields"):
        read_file(tweets_with(tmp_path, '"@teafriend thank you! &lt;3",', ""))
    with pytest.raises(InputError, match=r"row 2 .*more fields"):
        read_file(tweets_with(tmp_path, '"1777.0",', '"1777.0","9",'))


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    data = TWEETS.read_bytes()
    cut = data.index(b"Two lines") + 5  # inside the quoted, multi-line text
    with pytest.raises(InputError, match="truncated"):
        read_file(write(tmp_path, TWEETS.name, data[:cut]))
    with pytest.raises(InputError, match=r"truncated|fewer fields"):
        read_file(write(tmp_path, "daily.csv", DAILY.read_bytes()[:-40]))


def test_empty_and_header_only_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_file(write(tmp_path, "empty.csv", b""))
    for source in (TWEETS, DAILY, CONTENT):
        header = source.read_bytes().split(b"\n", 1)[0] + b"\n"
        with pytest.raises(InputError, match="no rows"):
            read_file(write(tmp_path, source.name, header))
    with pytest.raises(InputError, match="no rows"):
        read_file(write(tmp_path, OVERVIEW.name, OVERVIEW.read_bytes().split(b"\n", 1)[0]))


def test_binary_and_mis_encoded_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="binary"):
        read_file(write(tmp_path, TWEETS.name, TWEETS.read_bytes()[:200] + b"\x00\x01" * 10))
    with pytest.raises(InputError, match="not UTF-8"):
        read_file(
            write(tmp_path, CONTENT.name, CONTENT.read_text().replace("é", "").encode("cp1252") + b"\xe9")
        )


def test_bad_premium_date_and_number(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 3, column 'Date'.*Oct 32"):
        read_file(write(tmp_path, OVERVIEW.name, OVERVIEW.read_text().replace("Oct 2,", "Oct 32,")))
    with pytest.raises(InputError, match=r"row 2, column 'Impressions'.*lots"):
        read_file(write(tmp_path, CONTENT.name, CONTENT.read_text().replace('"1,234"', "lots")))
    with pytest.raises(InputError, match=r"row 2, column 'Date'.*2025-13-01"):
        read_file(write(tmp_path, DAILY.name, DAILY.read_text().replace("2025-09-26", "2025-13-01")))


def test_failed_import_leaves_the_workspace_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(TWEETS)]) == 0
    data = root / "data"
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    bad = tweets_with(tmp_path, '"85.0"', '"eighty"')
    code = main(["--workspace", str(root), "import", str(DAILY), str(CONTENT), str(bad)])
    assert code == 2
    assert "eighty" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before
    assert Workspace(root).load().posts.height == 3


def test_workspace_fills_the_overview_account(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_files([read_file(TWEETS, PARIS), read_file(OVERVIEW, PARIS)])
    daily = workspace.load().daily
    assert daily.filter(pl.col("network") == "x")["account"].unique().to_list() == ["FernHollowTea"]


# --- round trip through the demo's native writer --------------------------------------------------


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path, list[Path]]:
    sys.path.insert(0, str(ROOT / "sample_data"))
    import native
    from native import x as writer

    data = native.load(ROOT / "sample_data" / "demo")
    out = tmp_path_factory.mktemp("exports")
    return data, out, writer.write(data, out)


def _read_all(paths: list[Path], timezone: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for path in paths:
        parsed = read_file(path, ImportOptions(timezone=timezone))
        found.setdefault(parsed.format, []).append(parsed)
    return found


def test_round_trip_files_and_posts(demo_exports: tuple) -> None:
    data, out, paths = demo_exports
    assert all(p.parent == out / "x" for p in paths)
    names = sorted(p.name for p in paths)
    assert "tweet_activity_metrics_brambleandbean_20250801_20250901_en.csv" in names
    assert "account_analytics_content_2026-11-01_2026-11-15.csv" in names
    assert "account_overview_analytics (1).csv" in names
    found = _read_all(paths, data.timezone)
    assert {k: len(v) for k, v in found.items()} == {
        "x-tweets": 5,
        "x-daily": 5,
        "x-content": 11,
        "x-overview": 2,
    }
    imported = pl.concat([p.tables["posts"] for fmt in ("x-tweets", "x-content") for p in found[fmt]])
    expected = data.posts.filter(pl.col("network") == "x")
    assert imported.height == expected.height  # no month in both, no post lost
    assert imported["post_id"].n_unique() == expected.height
    joined = expected.join(imported, on=["network", "account", "post_id"], suffix="_in")
    assert joined.height == expected.height
    metrics = (
        "impressions", "likes", "comments", "shares", "link_clicks", "profile_clicks", "hashtag_clicks",
        "follows", "platform_engagements",
    )  # fmt: skip
    for column in ("published_at", "text", "permalink", *metrics):
        assert joined[column].equals(joined[f"{column}_in"], check_names=False), column
    for column in metrics:
        assert imported[column].sum() == expected[column].sum(), column
    # the exports carry no type: a URL in the text makes a link, anything else is text
    inferred = (
        pl.when(pl.col("text").str.contains("https?://")).then(pl.lit("link")).otherwise(pl.lit("text"))
    )
    assert joined["content_type_in"].equals(joined.select(inferred).to_series(), check_names=False)
    # the classic files have no bookmarks (null); the Premium files write X's 0
    classic = pl.concat([p.tables["posts"] for p in found["x-tweets"]])
    assert classic["saves"].null_count() == classic.height
    assert classic["reach"].null_count() == classic.height and classic["views"].null_count() == classic.height
    premium = pl.concat([p.tables["posts"] for p in found["x-content"]])
    assert premium["saves"].to_list() == [0] * premium.height
    assert all(not p.warnings for fmt in found for p in found[fmt])


def test_round_trip_daily(demo_exports: tuple) -> None:
    data, _out, paths = demo_exports
    found = _read_all(paths, data.timezone)
    classic = pl.concat([p.tables["daily"] for p in found["x-daily"]])
    overview = pl.concat([p.tables["daily"] for p in found["x-overview"]]).unique(keep="last")
    demo = data.daily.filter(pl.col("network") == "x")
    assert classic["date"].max() < overview["date"].min()  # no day in both generations
    assert classic.height + overview.height == demo.height  # every day of the demo, once
    # both daily generations carry the account's impressions of each day, not its posts'
    assert demo["impressions"].null_count() == 0
    for frame in (classic, overview):
        check = frame.join(demo, on="date", how="left", suffix="_demo")
        assert check["impressions"].equals(check["impressions_demo"], check_names=False)
    flows = overview.join(demo, on=["network", "date"], suffix="_demo")
    assert flows.height == overview.height
    assert flows["followers_gained"].equals(flows["followers_gained_demo"], check_names=False)
    assert flows["followers_lost"].equals(flows["followers_lost_demo"], check_names=False)
    assert overview["followers_gained"].sum() == demo["followers_gained"].sum()
    assert overview["followers"].null_count() == overview.height
    assert classic["followers_gained"].null_count() == classic.height


def test_writer_is_deterministic(demo_exports: tuple, tmp_path: Path) -> None:
    data, _out, paths = demo_exports
    from native import x as writer

    again = writer.write(data, tmp_path)
    assert [p.name for p in again] == [p.name for p in paths]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, paths, strict=True))
    total = sum(p.stat().st_size for p in paths)
    assert total < 1_000_000


def test_committed_exports_match_the_writer(demo_exports: tuple) -> None:
    _data, _out, paths = demo_exports
    committed = ROOT / "sample_data" / "exports" / "x"
    assert sorted(p.name for p in committed.iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert (committed / path.name).read_bytes() == path.read_bytes(), path.name


def test_writer_quirks(demo_exports: tuple) -> None:
    _data, out, _paths = demo_exports
    folder = out / "x"
    tweets = (folder / "tweet_activity_metrics_brambleandbean_20251101_20251201_en.csv").read_bytes()
    assert tweets.startswith(b'"Tweet id","Tweet permalink","Tweet text","time","impressions"')
    assert b'.0","' in tweets and b'"-"' in tweets and b" +0000" in tweets
    overview = (folder / "account_overview_analytics.csv").read_bytes()
    assert not overview.endswith(b"\n")
    lines = overview.split(b"\n")
    assert lines[1].startswith(b'"Sun, May 31, 2026",') and lines[-1].startswith(b'"Thu, Jan 1, 2026",')
    daily = (folder / "daily_tweet_activity_metrics_brambleandbean_20250801_20250901_en.csv").read_bytes()
    assert daily.split(b"\n")[1].startswith(b'"2025-08-01","1","668",')  # oldest first, integers
    content = (folder / "account_analytics_content_2026-01-01_2026-01-31.csv").read_bytes()
    assert content.startswith(b"Post id,Date,Post text,Post Link,Impressions")


def test_round_trip_through_a_workspace(demo_exports: tuple, tmp_path: Path) -> None:
    """The whole folder imports in one go: the overview's account is filled, overlaps merge."""
    data, out, _paths = demo_exports
    workspace = Workspace(tmp_path / "ws")
    options = ImportOptions(timezone=data.timezone)
    parsed = [read_file(p, options) for p in sorted((out / "x").iterdir())]
    workspace.import_files(parsed)
    loaded = workspace.load()
    posts = loaded.posts.filter(pl.col("network") == "x")
    daily = loaded.daily.filter(pl.col("network") == "x")
    demo_posts = data.posts.filter(pl.col("network") == "x")
    assert posts.height == demo_posts.height
    assert posts["likes"].sum() == demo_posts["likes"].sum()
    assert daily.height == data.daily.filter(pl.col("network") == "x").height
    assert daily["account"].unique().to_list() == ["brambleandbean"]


def test_links_naming_several_handles_keep_their_own(tmp_path: Path) -> None:
    text = TWEETS.read_text().replace(
        "twitter.com/FernHollowTea/status/1962938572600246349", "x.com/Other/status/1962938572600246349"
    )
    posts = read_file(write(tmp_path, "renamed.csv", text)).tables["posts"]
    assert posts["account"].to_list() == ["FernHollowTea", "FernHollowTea", "Other"]
