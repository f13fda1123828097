"""Meta page-level files: the Business Suite daily metric files and the legacy Insights exports.

Fixtures: tests/fixtures/meta/ (make_fixtures.py). The daily files are UTF-16
with `sep=,` and a title line; the legacy ones have a description row under
the header, which must never become data.
"""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, detect, importers, load_sample, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "meta"
LEGACY_POSTS = FIXTURES / "Facebook Insights Data Export (Post Level) - Larkspur Bakery - 2015-11-01.csv"
LEGACY_POSTS_XLS = LEGACY_POSTS.with_suffix(".xls")
LEGACY_PAGE = FIXTURES / "Facebook Insights Data Export - Larkspur Bakery - 2015-11-01.csv"
PARIS = ImportOptions(timezone="Europe/Paris")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def utf16(tmp_path: Path, lines: list[str], name: str = "Metric (1).csv", newline: str = "\r\n") -> Path:
    path = tmp_path / name
    path.write_bytes(codecs.BOM_UTF16_LE + (newline.join(lines) + newline).encode("utf-16-le"))
    return path


@pytest.mark.parametrize(
    ("name", "importer"),
    [
        ("Follows (1).csv", "meta-daily"),
        ("Follows (2).csv", "meta-daily"),
        ("Views (1).csv", "meta-daily"),
        ("Viewers (1).csv", "meta-daily"),
        ("Visits (1).csv", "meta-daily"),
        ("Interactions (1).csv", "meta-daily"),
        ("Link clicks (1).csv", "meta-daily"),
        (LEGACY_POSTS.name, "meta-facebook-legacy-posts"),
        (LEGACY_POSTS_XLS.name, "meta-facebook-legacy-posts"),
        (LEGACY_PAGE.name, "meta-facebook-legacy-page"),
    ],
)
def test_detected_by_content_and_not_claimed_by_others(name: str, importer: str) -> None:
    sample = load_sample(FIXTURES / name)
    assert detect(sample).id == importer
    scores = {i.id: i.detect(sample) for i in importers()}
    assert scores[importer] == 1.0
    assert all(score < 1.0 for other, score in scores.items() if other != importer)


# --- daily metric files -------------------------------------------------------------------------


def test_facebook_follows_are_sparse_gains() -> None:
    parsed = read_file(FIXTURES / "Follows (1).csv")
    frame = parsed.tables["daily"]
    assert frame.select("network", "date", "followers_gained").rows() == [
        ("facebook", date(2025, 8, 1), 20),
        ("facebook", date(2025, 8, 2), 3),
        ("facebook", date(2025, 8, 4), 7),  # 3 August is absent (no follow), not 0
    ]
    assert frame["account"].to_list() == [None, None, None]  # the file names no account
    assert frame["followers"].null_count() == 3 and frame["followers_lost"].null_count() == 3
    assert parsed.warnings == []


def test_the_title_tells_network_and_metric() -> None:
    def read(name: str) -> list[tuple]:
        parsed = read_file(FIXTURES / name)
        frame = parsed.tables["daily"]
        metric = [
            c
            for c in ("followers_gained", "impressions", "views", "reach", "profile_visits")
            if frame[c].null_count() == 0
        ]
        return [(frame["network"][0], *metric, frame[metric[0]].sum(), parsed.network_choices)]

    assert read("Follows (2).csv") == [("instagram", "followers_gained", 34, ())]  # "\n" line endings
    # Meta leaves Views and Viewers untitled for both networks: the import resolves which
    assert read("Views (1).csv") == [(None, "views", 11520, ("facebook", "instagram"))]
    assert read("Viewers (1).csv") == [(None, "reach", 6490, ("facebook", "instagram"))]
    assert read("Visits (1).csv") == [("facebook", "profile_visits", 79, ())]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Interactions (1).csv", "counts interactions per post"),
        ("Link clicks (1).csv", "counts link clicks per post"),
    ],
)
def test_metrics_without_a_daily_column_are_recognised_and_left_out(name: str, why: str) -> None:
    parsed = read_file(FIXTURES / name)
    assert parsed.rows == 0
    [warning] = parsed.warnings
    assert "recognised but not imported" in warning and why in warning


def test_instagram_titles(tmp_path: Path) -> None:
    path = utf16(
        tmp_path,
        ["sep=,", '"Instagram profile visits"', '"Date","Primary"', '"2025-08-01T00:00:00","12"'],
        newline="\n",
    )
    frame = read_file(path).tables["daily"]
    assert frame.select("network", "account", "date", "profile_visits").rows() == [
        ("instagram", None, date(2025, 8, 1), 12)  # the file names no account: the import resolves it
    ]


def test_a_file_saved_again_without_the_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "Views.csv"
    path.write_text('"Views"\n"Date","Primary"\n"2025-08-01T00:00:00","5"\n"2025-08-02T00:00:00",""\n')
    frame = read_file(path).tables["daily"]
    assert frame["views"].to_list() == [5, None]  # a blank day is unknown, not 0


def test_monetization_file_is_recognised_and_left_out(tmp_path: Path) -> None:
    path = utf16(
        tmp_path,
        [
            "sep=,",
            '"Approximate earnings"',
            '"Date","Primary","content_monetization","stars","subscriptions"',
            '"2025-08-01T00:00:00","1.5","1.5","0","0"',
        ],
    )
    parsed = read_file(path)
    assert parsed.rows == 0 and "no earnings metric" in parsed.warnings[0]


def test_follows_file_with_no_day_imports_nothing_with_a_warning(tmp_path: Path) -> None:
    parsed = read_file(utf16(tmp_path, ["sep=,", '"Facebook follows"', '"Date","Primary"']))
    assert parsed.rows == 0 and "leaves out days without a follow" in parsed.warnings[0]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['"Views"', '"Date","Primary"', '"2025-08-01T00:00:00","5,2"'],
            r"row 4, column 'Primary': found '5,2'",
        ),
        (
            ['"Views"', '"Date","Primary"', '"2025-08-01T00:00:00","5"', '"2025-08-32T00:00:00","5"'],
            r"row 5, column 'Date': found '2025-08-32T00:00:00', expected a day such as 2025-08-01T00:00:00",
        ),
        (['"Views"', '"Date","Primary"', '"2025-08-01T00:00:00","5","7"'], r"row 4 \(line 4\): 3 fields"),
        (
            ['"Viewers"', '"Date","Primary"', '"2025-08-01T00:00:00","5'],
            r"never closed; the file looks truncated",
        ),
        (['"Viewers"', '"Date","Primary"'], r"the header is there but the file has no rows"),
        (
            ['"Audience"', '"Date","Primary"', '"2025-08-01T00:00:00","5"'],
            r"line 2: the metric title 'Audience'",
        ),
        (['"Views"', '"Date","Primary"', '"","5"'], r"row 4, column 'Date': empty"),
    ],
)
def test_bad_daily_files(tmp_path: Path, lines: list[str], message: str) -> None:
    path = utf16(tmp_path, ["sep=,", *lines])
    with pytest.raises(InputError, match=message) as info:
        read_file(path)
    assert str(path) in str(info.value)


def test_truncated_utf16_file(tmp_path: Path) -> None:
    path = utf16(tmp_path, ["sep=,", '"Views"', '"Date","Primary"', '"2025-08-01T00:00:00","5"'])
    path.write_bytes(path.read_bytes()[:-1])  # an odd number of bytes: cut inside a character
    with pytest.raises(InputError, match=r"starts as UTF-16 text but .* truncated or damaged"):
        read_file(path)


# --- legacy Insights exports --------------------------------------------------------------------


def test_legacy_post_export_values() -> None:
    parsed = read_file(LEGACY_POSTS, PARIS)
    frame = parsed.tables["posts"]
    assert frame.height == 4  # the description row is not a post
    assert frame["post_id"].to_list() == [f"104000000000001_50000000000000{i}" for i in range(1, 5)]
    assert frame["published_at"].to_list() == [
        utc("2015-10-01 19:00"),  # 10/1/2015 21:00 in Paris
        utc("2015-10-03 07:05"),  # 10/3/2015 9:05
        utc("2015-10-12 10:00"),
        utc("2015-10-31 07:00"),  # after the clocks went back: UTC+1
    ]
    assert frame["content_type"].to_list() == ["photo", "video", "link", "text"]
    assert frame["permalink"][0] == "https://www.facebook.com/larkspurbakery/posts/500000000000001"  # no ":0"
    assert frame["text"][1] == "Watch us shape 200 loaves\nin one morning"
    assert frame["reach"].to_list() == [1000, 2000, 800, 1200]
    assert frame["impressions"].to_list() == [1500, 2600, 900, 1300]
    assert frame["views"].to_list() == [None, 520, None, None]  # 450 + 70: the Total Count copies
    assert frame["likes"].to_list() == [40, 90, 10, 150]
    assert frame["comments"].to_list() == [5, 12, 2, 30]
    assert frame["shares"].to_list() == [3, 9, 1, 4]
    assert frame["link_clicks"].to_list() == [None, None, 35, None]
    assert frame["account"].to_list() == [None] * 4  # the export does not name the Page
    assert frame["platform_engagements"].null_count() == 4


def test_legacy_post_workbook_reads_like_the_csv() -> None:
    assert_frame_equal(
        read_file(LEGACY_POSTS_XLS, PARIS).tables["posts"], read_file(LEGACY_POSTS, PARIS).tables["posts"]
    )


def test_legacy_post_export_without_breakdowns_has_no_interactions(tmp_path: Path) -> None:
    text = (
        "Post ID,Permalink,Post Message,Type,Posted,"
        "Lifetime Post Total Reach,Lifetime Post Total Impressions\n"
        ",,,,,Lifetime: The total number of people your Page post was served to. (Unique Users),"
        "Lifetime: The number of impressions of your Page post. (Total Count)\n"
        "1_2,https://www.facebook.com/p/posts/2:0,Hi,Photo,10/1/2015 21:00,10,12\n"
    )
    path = tmp_path / "legacy.csv"
    path.write_text(text)
    frame = read_file(path).tables["posts"]
    assert frame.select("account", "reach", "impressions", "likes", "comments", "shares").row(0) == (
        None,  # the file names no page: the import resolves it
        10,
        12,
        None,
        None,
        None,
    )


def test_legacy_file_saved_without_its_description_row_loses_nothing(tmp_path: Path) -> None:
    lines = LEGACY_PAGE.read_bytes().decode("utf-8-sig").splitlines()
    path = tmp_path / "page.csv"
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    assert read_file(path).tables["daily"].height == 4


def test_legacy_page_export_values() -> None:
    parsed = read_file(LEGACY_PAGE)
    frame = parsed.tables["daily"]
    assert frame.select("network", "date", "followers", "followers_gained", "followers_lost").rows() == [
        ("facebook", date(2015, 10, 1), 1000, 12, 2),
        ("facebook", date(2015, 10, 2), 1010, 15, 5),
        ("facebook", date(2015, 10, 3), 1012, 4, 2),
        ("facebook", date(2015, 10, 4), 1011, 3, 4),
    ]
    assert frame["reach"].to_list() == [900, 950, 600, None]  # Daily, not Weekly or 28 Days
    assert frame["impressions"].to_list() == [1400, 1500, 800, None]
    assert frame["profile_visits"].null_count() == 4 and frame["views"].null_count() == 4
    assert frame["account"].null_count() == 4
    assert parsed.days == (date(2015, 10, 1), date(2015, 10, 4))


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (LEGACY_POSTS, ",1500,1500,0,", ",1500,15OO,0,", None),  # an ignored column: no error
        (
            LEGACY_POSTS,
            ",2000,1900,100,2600,",
            ",2000,1900,100,2.6k,",
            r"row 4, column 'Lifetime Post Total Impressions'",
        ),
        (
            LEGACY_POSTS,
            "10/12/2015 12:00",
            "10/12/2015 noon",
            r"row 5, column 'Posted': found '10/12/2015 noon'",
        ),
        (LEGACY_PAGE, "2015-10-03,1012", "2015-10-33,1012", r"row 5, column 'Date': found '2015-10-33'"),
        (LEGACY_PAGE, "2015-10-02,1010,15,5", "2015-10-02,1010,15", r"row 4 \(line 4\): 13 fields"),
        (
            LEGACY_PAGE,
            "2015-10-02,1010,",
            "2015-10-02,lots,",
            r"row 4, column 'Lifetime Total Likes': found 'lots'",
        ),
    ],
)
def test_bad_legacy_files(tmp_path: Path, path: Path, old: str, new: str, message: str | None) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    assert old in text
    bad = tmp_path / path.name
    bad.write_text(text.replace(old, new))
    if message is None:
        assert read_file(bad, PARIS).rows == 4
        return
    with pytest.raises(InputError, match=message) as info:
        read_file(bad, PARIS)
    assert str(bad) in str(info.value)


def test_legacy_file_with_only_its_two_header_rows(tmp_path: Path) -> None:
    lines = LEGACY_PAGE.read_bytes().decode("utf-8-sig").splitlines()
    path = tmp_path / "page.csv"
    path.write_text("\n".join(lines[:2]) + "\n")
    with pytest.raises(InputError, match="the header is there but the file has no rows"):
        read_file(path)
