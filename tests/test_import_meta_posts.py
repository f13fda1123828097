"""Meta Business Suite post exports (Facebook, Instagram): detection, values worked out by hand, bad input.

Fixtures: tests/fixtures/meta/, written by make_fixtures.py (invented
"Larkspur Bakery"). Values below are read off the fixture rows there.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, detect, importers, load_sample, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "meta"
FB_VIEWS = FIXTURES / "Sep-01-2025_Sep-30-2025_1039829308656931.csv"
FB_VIEWS_XLSX = FIXTURES / "Sep-01-2025_Sep-30-2025_1039829308656932.xlsx"
FB_IMPRESSIONS = FIXTURES / "Oct-01-2024_Oct-31-2024_541651602373283.csv"
FB_BOTH = FIXTURES / "Feb-01-2025_Feb-28-2025_541651602373284 (1).csv"
IG = FIXTURES / "Mar-01-2025_Mar-31-2025_2035041197114989.csv"
IG_OLD = FIXTURES / "Dec-01-2024_Dec-31-2024_1814339529551109.csv"
PARIS = ImportOptions(timezone="Europe/Paris")

META_IDS = {
    "meta-facebook-posts",
    "meta-instagram-posts",
    "meta-daily",
    "meta-facebook-legacy-posts",
    "meta-facebook-legacy-page",
}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def by_id(frame: pl.DataFrame, suffix: str) -> dict:
    """The row whose post_id ends with `suffix`."""
    [row] = frame.filter(pl.col("post_id").str.ends_with(suffix)).rows(named=True)
    return row


@pytest.mark.parametrize(
    ("path", "importer"),
    [
        (FB_VIEWS, "meta-facebook-posts"),
        (FB_VIEWS_XLSX, "meta-facebook-posts"),
        (FB_IMPRESSIONS, "meta-facebook-posts"),
        (FB_BOTH, "meta-facebook-posts"),
        (IG, "meta-instagram-posts"),
        (IG_OLD, "meta-instagram-posts"),
    ],
)
def test_detected_by_content_and_not_claimed_by_others(path: Path, importer: str) -> None:
    sample = load_sample(path)
    assert detect(sample).id == importer
    scores = {i.id: i.detect(sample) for i in importers()}
    assert scores[importer] == 1.0
    assert all(score < 1.0 for name, score in scores.items() if name != importer)
    renamed = load_sample(path, path.read_bytes())  # same bytes under any name: detection is by content
    assert detect(renamed).id == importer


@pytest.mark.parametrize(
    "text",
    [
        "network,account,post_id,published_at,likes\ninstagram,a,1,2026-01-01T10:00:00Z,5\n",  # canonical
        '"Tweet id","Tweet permalink","Tweet text","time","impressions"\n'
        '"1","u","t","2021-11-30 16:00 +0000","1.0"\n',
        '"Date","Total Viewers","New Viewers","Returning Viewers"\n"2025-08-01","10","5","5"\n',  # TikTok
        "Content,Video title,Video publish time,Duration,Views\nTotal,,,,10\n",  # YouTube
        '"Post ID","Account ID",Description,"Publish time"\n1,2,x,"03/25/2025 22:00"\n',  # no username
    ],
)
def test_other_formats_are_not_claimed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.csv"
    path.write_text(text, encoding="utf-8")
    sample = load_sample(path)
    assert {i.id: i.detect(sample) for i in importers() if i.id in META_IDS} == dict.fromkeys(META_IDS, 0.0)


def test_facebook_views_generation_values() -> None:
    parsed = read_file(FB_VIEWS, PARIS)
    assert parsed.format == "meta-facebook-posts"
    frame = parsed.tables["posts"]
    assert frame.height == 5
    assert parsed.networks == ["facebook"] and parsed.accounts == ["Larkspur Bakery"]
    assert frame["post_id"][0] == "104000000000001_900000000000101"  # Meta's Post ID, as exported
    assert frame["published_at"].to_list() == [
        utc("2025-09-02 05:30"),  # 07:30 in Paris (CEST, UTC+2)
        utc("2025-09-14 16:05"),
        utc("2025-09-20 10:00"),
        utc("2025-09-28 16:12"),
        utc("2025-09-30 21:30"),
    ]
    assert frame["content_type"].to_list() == ["photo", "video", "link", "reel", "text"]
    video = by_id(frame, "102")
    assert (
        video["text"] == 'Meet our bakers 👩‍🍳\nShe said "best croissant in town" and we agree.'
    )  # Title wins
    assert (video["impressions"], video["reach"], video["likes"], video["comments"], video["shares"]) == (
        4210,
        3300,
        150,
        40,
        20,
    )
    assert video["link_clicks"] == 20  # Link Clicks, not Total clicks (120)
    assert video["platform_engagements"] == 210
    assert video["watch_time_hours"] == pytest.approx(90900 / 3600)
    assert video["views"] is None and video["saves"] is None and video["follows"] is None
    link = by_id(frame, "103")
    assert link["text"] == "Our autumn menu is live: https://larkspur.example/menu"  # only in Description
    assert link["impressions"] is None  # blank Views: unknown, not 0
    assert link["link_clicks"] == 60
    assert by_id(frame, "105")["impressions"] == 1250  # "1,250"
    photo = by_id(frame, "101")
    assert photo["watch_time_hours"] is None and photo["link_clicks"] == 0
    assert photo["permalink"] == "https://www.facebook.com/larkspurbakery/posts/900000000000101"
    assert parsed.exported_at == utc("2025-10-01 00:00")  # the day after the range in the file name
    assert parsed.warnings == []


def test_publish_time_is_read_in_the_workspace_time_zone() -> None:
    frame = read_file(FB_VIEWS, ImportOptions(timezone="America/New_York")).tables["posts"]
    assert by_id(frame, "105")["published_at"] == utc("2025-10-01 03:30")  # 23:30 EDT is the next day in UTC


def test_workbook_download_reads_like_the_csv() -> None:
    csv = read_file(FB_VIEWS, PARIS).tables["posts"]
    xlsx = read_file(FB_VIEWS_XLSX, PARIS).tables["posts"]
    assert_frame_equal(xlsx, csv)  # including a publish time stored as a date-time cell


def test_facebook_impressions_generation() -> None:
    parsed = read_file(FB_IMPRESSIONS, PARIS)
    frame = parsed.tables["posts"]
    assert frame["impressions"].to_list() == [2000, 1200, 3000]
    assert frame["platform_engagements"].to_list() == [90, 20, 150]  # "Reactions, comments and shares"
    assert frame["link_clicks"].to_list() == [0, 70, 0]
    assert frame["content_type"].to_list() == ["photo", "link", "video"]
    assert frame["text"][1] == "Hiring: weekend baker"
    assert parsed.exported_at == utc("2024-11-01 00:00")


def test_facebook_transition_files_with_both_impressions_and_views() -> None:
    parsed = read_file(FB_BOTH, PARIS)
    frame = parsed.tables["posts"]
    reel, album, offer = frame.sort("post_id").rows(named=True)
    assert (reel["impressions"], reel["views"]) == (5000, 7300)  # Impressions wins over Views; plays → views
    assert album["impressions"] == 900  # no Impressions: Views
    assert album["views"] is None
    assert (reel["content_type"], album["content_type"], offer["content_type"]) == (
        "reel",
        "carousel",
        "other",
    )
    assert reel["watch_time_hours"] == pytest.approx(15.0)
    assert parsed.exported_at == utc("2025-03-01 00:00")  # " (1)" of a repeat download is understood


def test_instagram_values() -> None:
    parsed = read_file(IG, PARIS)
    frame = parsed.tables["posts"]
    assert parsed.format == "meta-instagram-posts"
    assert frame.height == 5 and parsed.networks == ["instagram"] and parsed.accounts == ["larkspurbakes"]
    assert frame["content_type"].to_list() == ["photo", "carousel", "reel", "video", "story"]
    assert frame["link_clicks"].null_count() == 5  # Instagram exports no clicks: null, not 0
    assert frame["platform_engagements"].null_count() == 5
    image = by_id(frame, "0001")
    assert image == {
        "network": "instagram",
        "account": "larkspurbakes",
        "post_id": "17900000000000001",
        "published_at": utc("2025-03-01 07:00"),  # CET, UTC+1
        "content_type": "photo",
        "text": "Morning bake 🥐 #larkspur",
        "permalink": "https://www.instagram.com/p/AbCdEf12345/",
        "impressions": 2100,
        "reach": 1500,
        "views": None,
        "likes": 120,
        "dislikes": None,
        "comments": 8,
        "shares": 4,
        "saves": 15,
        "link_clicks": None,
        "profile_clicks": None,
        "hashtag_clicks": None,
        "follows": 2,
        "watch_time_hours": None,
        "leads": None,
        "platform_engagements": None,
    }
    assert by_id(frame, "0002")["text"] == 'Swipe for the crumb shot →\n"Best rye," says Ana, "ever."'
    story = by_id(frame, "0005")
    assert story["text"] is None and story["likes"] is None and story["saves"] is None
    assert (story["comments"], story["shares"], story["follows"]) == (3, 2, 1)
    assert story["published_at"] == utc("2025-03-31 21:45")  # CEST from 30 March
    assert frame["impressions"].sum() == 2100 + 3300 + 15400 + 4000 + 900


def test_instagram_older_generation() -> None:
    frame = read_file(IG_OLD, PARIS).tables["posts"]
    assert frame["impressions"].to_list() == [1800, 7000]
    assert frame["views"].to_list() == [None, 9100]  # Plays: reel plays only
    assert frame["likes"].to_list() == [100, 400]


def test_localised_and_lower_case_headers(tmp_path: Path) -> None:
    text = (
        '"post id","page name",title,"publication time","post type",date,impressions,reach,'
        '"reactions, comments and shares",reactions,comments,shares,"click on link"\n'
        '1_2,Page,Hello,"01/15/2025 10:00",Photos,Lifetime,10,8,3,1,1,1,2\n'
    )
    path = tmp_path / "export.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    frame = read_file(path, PARIS).tables["posts"]
    assert frame.select("post_id", "impressions", "link_clicks", "platform_engagements").row(0) == (
        "1_2",
        10,
        2,
        3,
    )
    assert frame["published_at"][0] == utc("2025-01-15 09:00")


def test_an_export_without_a_page_column_leaves_the_account_to_the_import(tmp_path: Path) -> None:
    text = '"Post ID","Publish time","Reactions, Comments and Shares",Reactions\n1_2,"01/15/2025 10:00",3,3\n'
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    # the importer says only what the file says; `--account` is applied by the import (resolve)
    assert read_file(path, ImportOptions(account="acme")).tables["posts"]["account"].to_list() == [None]


def test_rows_without_a_post_id_are_summary_rows_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = FB_VIEWS.read_bytes().decode("utf-8-sig").replace("104000000000001_900000000000103,", ",")
    path.write_text(text, encoding="utf-8")
    parsed = read_file(path, PARIS)
    assert parsed.tables["posts"].height == 4 and parsed.skipped == 1
    assert parsed.warnings == ["1 row(s) without a 'Post ID' skipped: summary rows, not posts (row 4)."]


def test_a_post_repeated_in_one_file_keeps_the_later_row(tmp_path: Path) -> None:
    lines = FB_VIEWS.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    row = next(line for line in lines if line.startswith("104000000000001_900000000000105"))
    path = tmp_path / "export.csv"
    path.write_text("".join(lines) + row.replace(",1000,30,25,", ",1100,30,25,"), encoding="utf-8")
    parsed = read_file(path, PARIS)
    assert parsed.tables["posts"].height == 5
    assert by_id(parsed.tables["posts"], "105")["reach"] == 1100
    assert len(parsed.warnings) == 1 and "rows 6, 7" in parsed.warnings[0]


# --- bad input ------------------------------------------------------------------------------


def fb_text() -> str:
    return FB_VIEWS.read_bytes().decode("utf-8-sig")


def ig_text() -> str:
    return IG.read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: fb_text().replace(",3300,210,", ",33OO,210,"),
            r"row 3, column 'Reach': found '33OO', expected a whole",
        ),
        (
            lambda: fb_text().replace("09/20/2025 12:00", "09/31/2025 12:00"),
            r"row 4, column 'Publish time': found '09/31/2025 12:00', expected a time such as 09/28/2026",
        ),
        (
            lambda: fb_text().replace("Lifetime,1520", "2025-09-02,1520"),
            r"row 2, column 'Date': found '2025-09-02', expected 'Lifetime'",
        ),
        (lambda: fb_text().replace(",1210,64,50,9,5,", ",1210,64,50,9,5,6,"), r"row 2 \(line 2\): 34 fields"),
        (
            lambda: fb_text()[: fb_text().index("Behind the scenes")],
            r"never closed; the file looks truncated",
        ),
        (
            lambda: fb_text()[: fb_text().rindex(",1000,30,")],
            r"row 6 \(line 7\): 18 fields.*fewer fields.*truncated",
        ),
        (lambda: fb_text().splitlines()[0] + "\n", r"the header is there but the file has no rows"),
        (lambda: "", r"the file is empty"),
        (
            lambda: ig_text().replace("17900000000000004,", "1.79e16,"),
            r"row 5, column 'Post ID': found '1.79e16', expected a Meta post id",
        ),
        (
            lambda: ig_text().replace(",820,95,", ",820,9.5,"),
            r"row 4, column 'Shares': found '9.5', expected a whole number",
        ),
        (lambda: ig_text().replace('"03/12/2025 19:15"', ""), r"row 4, column 'Publish time': empty"),
    ],
)
def test_bad_input_names_file_row_column_and_expectation(
    tmp_path: Path, make: Callable[[], str], message: str
) -> None:
    path = tmp_path / "Sep-01-2025_Sep-30-2025_1039829308656931.csv"
    text = make()
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8") if text else b"")
    with pytest.raises(InputError, match=message) as info:
        read_file(path, PARIS)
    assert str(path) in str(info.value)


def test_wrongly_encoded_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(fb_text().replace("👩‍🍳", "café").encode("cp1252"))
    with pytest.raises(InputError, match=r"line 3: the text is not UTF-8"):
        read_file(path, PARIS)


def test_a_file_lacking_the_publish_time_says_so(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('"Post ID","Reactions, Comments and Shares"\n1_2,3\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1: no 'Publish time' column \(every post needs its time\)"):
        read_file(path)
