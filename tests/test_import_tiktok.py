"""TikTok Studio downloads (FORMATS.md §6): detection, values worked out by hand, bad input, round trip.

The fixtures (tests/fixtures/tiktok, written by make_fixtures.py) carry no
year in their dates, so each test copies its file into tmp_path with a
chosen modification time: the year inferred from it is then fixed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.cli import build_parser, main
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, ParsedFile, importers, load_sample, read_file, read_paths
from kpitui.core.importers.tiktok import play_time_seconds
from kpitui.core.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "tiktok"
SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
PARIS = ImportOptions(timezone="Europe/Paris")
TIKTOK_IDS = {"tiktok-content", "tiktok-overview", "tiktok-followers", "tiktok-viewers", "tiktok-audience"}


def copy(tmp_path: Path, name: str, made: datetime, target: str | None = None) -> Path:
    """The fixture `name` copied into tmp_path, modified at `made` (the year's reference)."""
    path = tmp_path / (target or name)
    shutil.copyfile(FIXTURES / name, path)
    os.utime(path, (made.timestamp(), made.timestamp()))
    return path


def write(
    tmp_path: Path, text: str, name: str, made: datetime = datetime(2026, 1, 4, 12, tzinfo=UTC)
) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (made.timestamp(), made.timestamp()))
    return path


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- Content.csv ------------------------------------------------------------------------------


def test_content_values_and_year_from_the_export_day(tmp_path: Path) -> None:
    path = copy(tmp_path, "Content.csv", datetime(2025, 9, 20, 12, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    assert parsed.format == "tiktok-content"
    posts = parsed.tables["posts"]
    assert posts.height == 4
    assert posts["network"].unique().to_list() == ["tiktok"]
    assert parsed.accounts == ["copper.kettle"]
    assert posts["post_id"].to_list() == [f"741200000000000000{i}" for i in range(1, 5)]
    # Midnight in Paris (CEST) of the publication day, stored in UTC. "19 September" is after
    # the export day (18 September 2025), so it belongs to the year before.
    assert posts["published_at"].to_list() == [
        utc("2025-08-27 22:00"),
        utc("2025-09-01 22:00"),
        utc("2025-09-16 22:00"),
        utc("2024-09-18 22:00"),
    ]
    assert posts["likes"].to_list() == [1520, 87, 12, 300]
    assert posts["comments"].to_list() == [48, 3, 0, 12]
    assert posts["shares"].to_list() == [33, 0, 1, 4]
    assert posts["views"].to_list() == [40210, None, 950, 8800]  # undefined is null, not 0
    assert posts["content_type"].to_list() == ["video", "video", "carousel", "video"]  # /photo/ = slideshow
    assert posts["text"][1] == "Morning pour-over ☕ étape par étape"
    assert posts["permalink"][0] == "https://www.tiktok.com/@copper.kettle/video/7412000000000000001"
    for absent in ("impressions", "reach", "saves", "link_clicks", "watch_time_hours"):
        assert posts[absent].null_count() == 4, absent
    assert parsed.exported_at == utc("2025-09-17 22:00")  # the export day, midnight in Paris
    assert any("the year taken from the file's date (2025-09-20)" in w for w in parsed.warnings)


def test_content_unescaped_quotes_commas_and_line_breaks_in_titles(tmp_path: Path) -> None:
    raw = (FIXTURES / "Content_unescaped_quote.csv").read_text(encoding="utf-8")
    # The quirk is real in the fixture: Python's csv splits the row into 9 fields.
    assert len(next(csv.reader(io.StringIO(raw.splitlines()[2])))) == 9
    path = copy(tmp_path, "Content_unescaped_quote.csv", datetime(2026, 1, 20, 12, tzinfo=UTC))
    posts = read_file(path, PARIS).tables["posts"]
    assert posts["text"].to_list() == [
        "🏭 Обжарка: день 1",
        'Say "cheese", then smile',
        'He wrote "a","b" on the board',
        'Two lines:\n"quoted" second line',
    ]
    assert posts["views"].to_list() == [28590, 1200, 310, 640]
    assert posts["post_id"].to_list() == [f"759300000000000000{i}" for i in range(1, 5)]
    # Russian days around New Year: December before the export day (18 January 2026) is 2025.
    assert posts["published_at"].to_list() == [
        utc("2026-01-09 23:00"),
        utc("2025-12-27 23:00"),
        utc("2025-12-30 23:00"),
        utc("2025-12-31 23:00"),
    ]


def test_content_variant_with_iso_dates_play_time_and_favourites(tmp_path: Path) -> None:
    # ISO dates carry their year: the file's date plays no part.
    path = copy(tmp_path, "Content_variant.csv", datetime(2030, 6, 1, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    posts = parsed.tables["posts"]
    assert posts["published_at"].to_list() == [
        utc("2025-09-01 16:30"),  # 18:30 in Paris, the time kept
        utc("2025-09-04 22:00"),
        utc("2025-09-09 22:00"),
    ]
    assert posts["saves"].to_list() == [40, None, 3]
    hours = posts["watch_time_hours"].to_list()
    assert hours == pytest.approx([3723 / 3600, 0.75, 1.5])  # 1h:2m:3s, 0:45:00, 5400 s
    assert not any("no year" in w for w in parsed.warnings)
    assert parsed.exported_at == utc("2025-09-17 22:00")


def test_content_resaved_with_standard_quoting(tmp_path: Path) -> None:
    """A file re-saved by a spreadsheet: minimal quoting, quotes doubled; read as plain CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Time", "Video title", "Video link", "Post time", "Total likes", "Total views"])
    writer.writerow(
        ["2 March", 'A "quoted", title', "https://www.tiktok.com/@copper.kettle/video/1", "1 March", "5", "9"]
    )
    path = write(tmp_path, out.getvalue(), "Content.csv", datetime(2026, 3, 4, tzinfo=UTC))
    posts = read_file(path, PARIS).tables["posts"]
    assert posts["text"].to_list() == ['A "quoted", title']
    assert posts["published_at"].to_list() == [utc("2026-02-28 23:00")]
    assert posts["comments"].to_list() == [None]  # the column is not in the file


def test_a_title_with_doubled_quotes_is_unescaped(tmp_path: Path) -> None:
    text = CONTENT_HEADER + ROW.format(id=1, day="10 January", views="4").replace(
        '"Title"', '"Two ""quoted"" words, then ""more"""'
    )
    posts = read_file(write(tmp_path, text, "Content.csv"), PARIS).tables["posts"]
    assert posts["text"].to_list() == ['Two "quoted" words, then "more"']


VIDEO_LIST = (  # a Business account's video list as downloaded: BOM, quoting only where needed
    "\ufeffVideo title,Video link,Post time,Video views,Likes,Comments,Shares,Add to Favorites\n"
    "Flat white 🥛 no sugar #coffee,https://www.tiktok.com/@kettle.corner/video/7567000000000000001,"
    "2025/10/31 18:19:10,1200,80,4,9,15\n"
    '"Two lines:\nand a comma, here",https://www.tiktok.com/@kettle.corner/video/7567000000000000002,'
    "2025/11/02 09:05:00,310,12,NAN,1,0\n"
    ",https://www.tiktok.com/@kettle.corner/photo/7567000000000000003,2025/11/03 23:30:59,45,3,0,0,2\n"
)


def test_video_list_without_time_column_dates_and_times_from_post_time(tmp_path: Path) -> None:
    path = write(tmp_path, VIDEO_LIST, "TIKTOK_VIDEOS.csv", datetime(2031, 1, 1, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    assert parsed.format == "tiktok-content"
    posts = parsed.tables["posts"]
    assert parsed.accounts == ["kettle.corner"]
    assert posts["post_id"].to_list() == [f"756700000000000000{i}" for i in range(1, 4)]
    # Wall-clock times in Paris (CET from 26 October), stored in UTC; the time of day is kept.
    assert posts["published_at"].to_list() == [
        utc("2025-10-31 17:19:10"),
        utc("2025-11-02 08:05:00"),
        utc("2025-11-03 22:30:59"),
    ]
    assert posts["text"].to_list() == [
        "Flat white 🥛 no sugar #coffee",
        "Two lines:\nand a comma, here",
        None,
    ]
    assert posts["views"].to_list() == [1200, 310, 45]
    assert posts["likes"].to_list() == [80, 12, 3]
    assert posts["comments"].to_list() == [4, None, 0]  # NAN is no value, not 0
    assert posts["shares"].to_list() == [9, 1, 0]
    assert posts["saves"].to_list() == [15, 0, 2]  # Add to Favorites
    assert posts["content_type"].to_list() == ["video", "video", "carousel"]
    assert not any("no year" in w for w in parsed.warnings)  # the dates carry their year


def test_video_list_interactions_and_views_in_the_report(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    path = write(tmp_path, VIDEO_LIST, "videos.csv")
    assert main(["--workspace", str(root), "import", str(path)]) == 0
    posts = Workspace(root).tables()["posts"]
    # likes + comments + shares + saves, a missing part counting 0 while the row has others
    interactions = (80 + 4 + 9 + 15) + (12 + 1 + 0) + (3 + 0 + 0 + 2)
    assert (
        posts.select(pl.sum_horizontal("likes", "comments", "shares", "saves").sum()).item() == interactions
    )
    assert posts["views"].sum() == 1555


@pytest.mark.parametrize(
    ("day", "expected"),
    [("12 janvier", date(2026, 1, 12)), ("8 de marzo", date(2025, 3, 8)), ("3. März", date(2025, 3, 3))],
)
def test_video_list_with_a_yearless_post_time_takes_the_files_year(
    tmp_path: Path, day: str, expected: date
) -> None:
    text = (
        '"Video title","Video link","Post time","Video views"\n'
        f'"Hi","https://www.tiktok.com/@kettle.corner/video/7567000000000000009","{day}","10"\n'
    )
    path = write(tmp_path, text, "videos.csv", datetime(2026, 2, 1, 12, tzinfo=UTC))
    parsed = read_file(path, ImportOptions(timezone="UTC"))
    assert parsed.tables["posts"]["published_at"].dt.date().to_list() == [expected]
    assert any("the year taken from the file's date (2026-02-01)" in w for w in parsed.warnings)


def test_the_year_warning_names_the_redo_command_the_cli_takes(tmp_path: Path) -> None:
    """A guessed year is put right by redoing the import (the file is already in): the warning
    names `kpitui imports redo ID --year YEAR`, which the command line parses as written."""
    text = (
        '"Video title","Video link","Post time","Video views"\n'
        '"Hi","https://www.tiktok.com/@k/video/7567000000000000009","12 janvier","10"\n'
    )
    path = write(tmp_path, text, "videos.csv", datetime(2026, 2, 1, 12, tzinfo=UTC))
    [warning] = [w for w in read_file(path, ImportOptions(timezone="UTC")).warnings if "no year" in w]
    assert "import again with --year" not in warning
    command = warning.split(": kpitui ")[-1].split(" (")[0]
    assert command == "imports redo ID --year YEAR"
    args = build_parser().parse_args(command.replace("ID", "3").replace("YEAR", "2025").split())
    assert (args.command, args.action, args.id, args.year) == ("imports", "redo", 3, 2025)


def test_a_video_list_is_claimed_only_with_tiktok_links(tmp_path: Path) -> None:
    ours = load_sample(write(tmp_path, VIDEO_LIST, "a.csv"))
    other = load_sample(write(tmp_path, VIDEO_LIST.replace("www.tiktok.com/@", "example.com/@"), "b.csv"))
    content = next(imp for imp in importers() if imp.id == "tiktok-content")
    assert (content.detect(ours), content.detect(other)) == (1.0, 0.0)


PLAY_TIMES = [
    ("1h:2m:3s", 3723.0),
    ("18h 4m 48s", 65088.0),
    ("3,5h", 12600.0),
    ("90m", 5400.0),
    ("1,234s", 1234.0),
    ("0:45:00", 2700.0),
    ("5400", 5400.0),
    ("undefined", None),
    ("soon", None),
]


@pytest.mark.parametrize(("text", "seconds"), PLAY_TIMES)
def test_play_time_forms(text: str, seconds: float | None) -> None:
    frame = pl.DataFrame({"t": [text]}).select(play_time_seconds(pl.col("t")))
    assert frame.item() == seconds


# --- daily files -----------------------------------------------------------------------------


OVERVIEW_DAYS = [date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1)]
"""The days Overview.csv holds values for, its last day (2 January 2026) not yet processed."""


def test_overview_across_new_year_skips_unprocessed_days(tmp_path: Path) -> None:
    path = copy(tmp_path, "Overview.csv", datetime(2026, 1, 4, 12, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    assert parsed.format == "tiktok-overview"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == OVERVIEW_DAYS
    assert daily["views"].to_list() == [1520, 980, 2210, 3105]
    assert daily["profile_visits"].to_list() == [12, 7, 19, 25]
    assert daily["network"].unique().to_list() == ["tiktok"]
    assert daily["account"].to_list() == [None] * 4  # the file does not name it
    for absent in ("followers", "reach", "impressions", "mentions"):
        assert daily[absent].null_count() == 4
    assert parsed.skipped == 1
    assert any("rows 6" in w and "undefined" in w for w in parsed.warnings)


BUSINESS_OVERVIEW = (  # a Business account's daily overview (invented figures)
    "\ufeffDate,Video views,Reached audience,Profile views,Likes,Shares,Comments,Phone number clicks ,"
    "Leads submission,Net growth,New followers,Lost followers\n"
    "2025/12/30,715,NAN,25,26,4,7,0,0,10,10,0\n"
    "2025/12/31,7515,7134,53,84,24,5,2,0,9,11,2\n"
    "2026/01/01,1960,1955,13,27,7,3,0,3,-1,0,1\n"
)


def test_business_overview_views_reach_profile_visits_and_follower_flows(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, BUSINESS_OVERVIEW, "TIKTOK_RAW.csv"), PARIS)
    assert parsed.format == "tiktok-overview"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1)]
    assert daily["views"].to_list() == [715, 7515, 1960]
    assert daily["reach"].to_list() == [None, 7134, 1955]  # NAN is no value, not 0
    assert daily["profile_visits"].to_list() == [25, 53, 13]
    assert daily["followers_gained"].to_list() == [10, 11, 0]
    assert daily["followers_lost"].to_list() == [0, 2, 1]
    assert daily["followers"].null_count() == 3
    assert daily["account"].to_list() == [None] * 3  # the file does not name it
    assert parsed.warnings == [
        "not imported: 2 in 'Phone number clicks', 3 in 'Leads submission' (kpitui has no daily column "
        "for phone clicks or leads; it counts leads from posts and web analytics)."
    ]


def test_business_overview_with_net_growth_alone_gives_net_flows(tmp_path: Path) -> None:
    text = "Date,Video views,Profile views,Net growth\n2026/01/01,10,1,4\n2026/01/02,12,0,-3\n"
    daily = read_file(write(tmp_path, text, "o.csv"), PARIS).tables["daily"]
    assert daily["followers_gained"].to_list() == [4, 0]
    assert daily["followers_lost"].to_list() == [0, 3]


def test_follower_history_stock_and_net_flows(tmp_path: Path) -> None:
    parsed = read_file(copy(tmp_path, "FollowerHistory.csv", datetime(2026, 1, 3, tzinfo=UTC)), PARIS)
    assert parsed.format == "tiktok-followers"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list()[0] == date(2025, 12, 28)
    assert daily["date"].to_list()[-1] == date(2026, 1, 1)
    assert daily["followers"].to_list() == [1200, 1198, 1210, 1210, 1250]
    assert daily["followers_gained"].to_list() == [5, 0, 12, 0, 40]
    assert daily["followers_lost"].to_list() == [0, 2, 0, 0, 0]
    assert not any("NEXT day" in w for w in parsed.warnings)


def test_follower_difference_that_is_the_next_days_change_is_moved(tmp_path: Path) -> None:
    path = copy(tmp_path, "FollowerHistory_next_day.csv", datetime(2025, 8, 18, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == [date(2025, 8, d) for d in range(1, 6)]
    assert daily["followers_gained"].to_list() == [None, 1, 3, 0, 4]
    assert daily["followers_lost"].to_list() == [None, 0, 0, 1, 0]
    assert any("NEXT day on 3 of 3 days" in w for w in parsed.warnings)


def test_viewers_in_vietnamese_undefined_is_null(tmp_path: Path) -> None:
    parsed = read_file(copy(tmp_path, "Viewers.csv", datetime(2026, 1, 4, tzinfo=UTC)), PARIS)
    assert parsed.format == "tiktok-viewers"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == [date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)]
    assert daily["reach"].to_list() == [830, 1020, 940]
    assert daily["views"].null_count() == 3
    assert parsed.skipped == 2


def test_viewers_workbook(tmp_path: Path) -> None:
    parsed = read_file(FIXTURES / "Viewers.xlsx", ImportOptions(timezone="Europe/Paris", year=2026))
    assert parsed.format == "tiktok-viewers"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == [date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31)]
    assert daily["reach"].to_list() == [830, 1020, 940]
    assert parsed.skipped == 1


DAYS = [
    ("28 August", (8, 28)),
    ("August 28", (8, 28)),
    ("Aug 28", (8, 28)),
    ("28 de agosto", (8, 28)),  # Spanish, Portuguese
    ("8 de setembro", (9, 8)),
    ("8 de septiembre", (9, 8)),
    ("1er septembre", (9, 1)),  # French
    ("3 août", (8, 3)),
    ("3. März", (3, 3)),  # German
    ("12 dicembre", (12, 12)),  # Italian
    ("18 января", (1, 18)),  # Russian
    ("18 tháng Tám", (8, 18)),  # Vietnamese
    ("18 tháng 8", (8, 18)),
    ("5 tháng Mười Một", (11, 5)),
    ("9月13日", (9, 13)),  # Japanese, Chinese
    ("9월 13일", (9, 13)),  # Korean
    ("13 ก.ย.", (9, 13)),  # Thai
    ("13 Eylül", (9, 13)),  # Turkish
]


@pytest.mark.parametrize(("text", "month_day"), DAYS)
def test_days_in_the_studios_languages(tmp_path: Path, text: str, month_day: tuple[int, int]) -> None:
    header = '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n'
    path = write(tmp_path, header + f'"{text}","10","1","0","0","0"\n', "Overview.csv")
    daily = read_file(path, ImportOptions(year=2025)).tables["daily"]
    assert daily["date"].to_list() == [date(2025, *month_day)]


# --- the Studio in French, Spanish, Portuguese, German and Italian ----------------------------------

MONTHS = {  # how each language writes a day in words, as TikTok Studio does (FORMATS.md §6)
    "fr": ("{d} {m}", ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                        "septembre", "octobre", "novembre", "décembre")),
    "es": ("{d} de {m}", ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                          "septiembre", "octubre", "noviembre", "diciembre")),
    "pt": ("{d} de {m}", ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
                          "setembro", "outubro", "novembro", "dezembro")),
    "de": ("{d}. {m}", ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                        "September", "Oktober", "November", "Dezember")),
    "it": ("{d} {m}", ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                       "settembre", "ottobre", "novembre", "dicembre")),
}  # fmt: skip
OVERVIEW_HEADERS = {  # guessed translations (names/tiktok.py): no real translated file has been seen
    "fr": ("Date", "Vues de vidéos", "Vues du profil"),
    "es": ("Fecha", "Visualizaciones de videos", "Visualizaciones del perfil"),
    "pt": ("Data", "Visualizações de vídeo", "Visualizações do perfil"),
    "de": ("Datum", "Videoaufrufe", "Profilaufrufe"),
    "it": ("Data", "Visualizzazioni dei video", "Visualizzazioni del profilo"),
}
LANGUAGES = sorted(MONTHS)


def day_in(language: str, day: date) -> str:
    form, names = MONTHS[language]
    return form.format(d=day.day, m=names[day.month - 1])


def quoted(*rows: tuple[object, ...]) -> str:
    return "".join(",".join(f'"{cell}"' for cell in row) + "\n" for row in rows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_content_in_each_language_dates_without_a_year(tmp_path: Path, language: str) -> None:
    """Real Studio files keep English headers in every language seen; only the dates are translated."""
    link = "https://www.tiktok.com/@kettle.corner/video/75930000000000000"
    text = quoted(
        ("Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares",
         "Total views"),
        (day_in(language, date(2026, 1, 12)), "A", f"{link}1", day_in(language, date(2025, 12, 28)),
         5, 1, 0, 100),
        (day_in(language, date(2026, 1, 12)), "B", f"{link}2", day_in(language, date(2026, 1, 8)),
         7, 0, 2, 250),
    )  # fmt: skip
    path = write(tmp_path, text, "Content.csv", datetime(2026, 3, 1, tzinfo=UTC))
    parsed = read_file(path, ImportOptions(timezone="UTC"))
    posts = parsed.tables["posts"]
    # 28 December is after the export day (12 January): the year before.
    assert posts["published_at"].to_list() == [utc("2025-12-28 00:00"), utc("2026-01-08 00:00")]
    assert parsed.exported_at == utc("2026-01-12 00:00")
    assert posts["views"].to_list() == [100, 250]


@pytest.mark.parametrize("language", LANGUAGES)
def test_overview_with_translated_headers_across_new_year(tmp_path: Path, language: str) -> None:
    days = [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)]
    text = quoted(
        OVERVIEW_HEADERS[language],
        *[(day_in(language, d), 100 + i, i) for i, d in enumerate(days)],
    )
    path = write(tmp_path, "\ufeff" + text, "Overview.csv", datetime(2026, 1, 5, tzinfo=UTC))
    parsed = read_file(path, PARIS)
    assert parsed.format == "tiktok-overview"
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == days
    assert daily["views"].to_list() == [100, 101, 102, 103]
    assert daily["profile_visits"].to_list() == [0, 1, 2, 3]


def test_follower_history_and_viewers_in_french(tmp_path: Path) -> None:
    history = quoted(
        ("Date", "Abonnés", "Différence d'abonnés par rapport à la veille"),
        ("31 décembre", "undefined", "0"),
        ("1er janvier", "120", "0"),
        ("2 janvier", "118", "-2"),
    )
    viewers = quoted(
        ("Date", "Total des spectateurs", "Nouveaux spectateurs", "Spectateurs réguliers"),
        ("1er janvier", "undefined", "0", "0"),
        ("2 janvier", "40", "30", "10"),
    )
    made = datetime(2026, 1, 3, tzinfo=UTC)
    followers = read_file(write(tmp_path, history, "a.csv", made), PARIS)
    assert followers.format == "tiktok-followers"
    assert followers.tables["daily"]["followers"].to_list() == [None, 120, 118]
    assert followers.tables["daily"]["followers_lost"].to_list() == [0, 0, 2]
    reach = read_file(write(tmp_path, viewers, "b.csv", made), PARIS)
    assert reach.format == "tiktok-viewers"
    assert reach.tables["daily"]["date"].to_list() == [date(2026, 1, 2)]  # undefined: skipped
    assert reach.tables["daily"]["reach"].to_list() == [40]


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_a_whole_year_without_years_ends_at_the_export_day(tmp_path: Path, language: str) -> None:
    """365 days from 28 February to 27 February, as the Studio's longest window writes them."""
    first = date(2025, 2, 28)
    days = [date.fromordinal(first.toordinal() + i) for i in range(365)]
    english = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")  # fmt: skip
    words = [f"{english[d.month - 1]} {d.day}" if language == "en" else day_in(language, d) for d in days]
    text = quoted(("Date", "Video Views", "Profile Views"), *[(w, 2, 1) for w in words])
    path = write(tmp_path, text, "Overview.csv", datetime(2026, 2, 28, 9, tzinfo=UTC))
    daily = read_file(path, PARIS).tables["daily"]
    assert daily["date"].to_list() == days  # in order, the last one the day before the export
    assert daily["views"].sum() == 730


def test_the_year_option_overrules_the_files_date(tmp_path: Path) -> None:
    path = copy(tmp_path, "Overview.csv", datetime(2031, 5, 1, tzinfo=UTC))
    parsed = read_file(path, ImportOptions(year=2024))
    assert parsed.tables["daily"]["date"].to_list()[0] == date(2023, 12, 29)
    assert parsed.tables["daily"]["date"].to_list()[-1] == date(2024, 1, 1)
    assert not any("no year" in w for w in parsed.warnings)


def test_a_guessed_year_is_said_so_that_the_import_screen_can_ask_it(tmp_path: Path) -> None:
    """`guessed` names the year while it comes from the file's date, never once it is given, nor
    for a file whose dates carry theirs."""
    path = copy(tmp_path, "Overview.csv", datetime(2031, 5, 1, tzinfo=UTC))
    assert read_file(path).guessed == ("year",)
    assert read_file(path, ImportOptions(year=2024)).guessed == ()
    content = copy(tmp_path, "Content.csv", datetime(2025, 9, 20, 12, tzinfo=UTC))
    assert read_file(content).guessed == ("year",)
    header = '"Date","Followers","Difference in followers from previous day"\n'
    dated = write(tmp_path, header + '"2026-01-02","12","1"\n', "dated.csv")
    assert read_file(dated).guessed == ()


def test_newest_first_rows_still_get_their_years(tmp_path: Path) -> None:
    header = '"Date","Followers","Difference in followers from previous day"\n'
    rows = '"January 2","12","1"\n"January 1","11","2"\n"December 31","9","0"\n'
    daily = read_file(write(tmp_path, header + rows, "f.csv"), PARIS).tables["daily"]
    assert sorted(daily["date"].to_list()) == [date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2)]


def test_the_whole_zip_download_takes_its_year_from_the_zip_entries(tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    shutil.copyfile(FIXTURES / "tiktok_download.zip", archive)
    os.utime(archive, (datetime(2031, 1, 1, tzinfo=UTC).timestamp(),) * 2)  # not used: entries tell
    results = {source.path.name: result for source, result in read_paths([archive], PARIS)}
    parsed = {name: r for name, r in results.items() if isinstance(r, ParsedFile)}
    assert len(parsed) == len(results) == 7
    assert {name: r.format for name, r in parsed.items()} == {
        "Content.csv": "tiktok-content",
        "FollowerActivity.csv": "tiktok-audience",
        "FollowerGender.csv": "tiktok-audience",
        "FollowerHistory.csv": "tiktok-followers",
        "FollowerTopTerritories.csv": "tiktok-audience",
        "Overview.csv": "tiktok-overview",
        "Viewers.csv": "tiktok-viewers",
    }
    overview = parsed["Overview.csv"]
    assert overview.days == (date(2025, 12, 29), date(2026, 1, 1))
    assert overview.exported_at == utc("2026-01-20 09:00")  # the entry's 10:00 in Paris
    assert parsed["FollowerGender.csv"].rows == 0
    assert "not KPIs kpitui tracks" in parsed["FollowerGender.csv"].warnings[0]
    # Imported together, the daily rows take the account named by Content.csv's links.
    workspace = Workspace(tmp_path / "ws")
    workspace.import_files(list(parsed.values()))
    daily = workspace.tables()["daily"]
    assert daily["account"].unique().to_list() == ["copper.kettle"]
    row = daily.filter(pl.col("date") == date(2025, 12, 31)).row(0, named=True)
    assert (row["views"], row["profile_visits"], row["reach"], row["followers"]) == (2210, 19, 940, 1210)


def zipped(path: Path, members: dict[str, str], entry_time: tuple[int, ...]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, entry_time), text.encode("utf-8"))
    return path


def test_an_overview_download_names_its_account_and_its_last_day(tmp_path: Path) -> None:
    """`Overview_<first day>_<end>_<handle>.zip`: the end (18:46 in Paris on 2 January 2026, the
    file's last day) places the year-less days, whatever the entry's time says."""
    end = int(datetime(2026, 1, 2, 17, 46, tzinfo=UTC).timestamp())
    archive = zipped(
        tmp_path / f"Overview_2025-12-29_{end}_kettle.corner.zip",
        {"Overview.csv": (FIXTURES / "Overview.csv").read_text(encoding="utf-8-sig")},
        (2031, 6, 1, 10, 0, 0),
    )
    [(_, parsed)] = list(read_paths([archive], PARIS))
    assert isinstance(parsed, ParsedFile)
    daily = parsed.tables["daily"]
    assert daily["date"].to_list() == OVERVIEW_DAYS
    assert daily["account"].unique().to_list() == ["kettle.corner"]
    assert any(
        f"the download's name (Overview_2025-12-29_{end}_kettle.corner.zip" in w for w in parsed.warnings
    )


def test_a_followers_download_or_its_folder_names_the_account(tmp_path: Path) -> None:
    text = (FIXTURES / "FollowerHistory.csv").read_text(encoding="utf-8-sig")
    archive = zipped(
        tmp_path / "Followers_kettle.corner (1).zip", {"FollowerHistory.csv": text}, (2026, 1, 3, 9, 0, 0)
    )
    folder = tmp_path / "Followers_kettle.corner-2"
    folder.mkdir()
    write(folder, text, "FollowerHistory.csv", datetime(2026, 1, 3, tzinfo=UTC))
    for source, parsed in read_paths([archive, folder], PARIS):
        assert isinstance(parsed, ParsedFile), (source, parsed)
        assert parsed.tables["daily"]["account"].unique().to_list() == ["kettle.corner"], source
        assert any(
            "the account 'kettle.corner' is the one the download's name gives" in w for w in parsed.warnings
        )
    # The person's own word wins; a folder of another name names nothing.
    named = read_file(folder / "FollowerHistory.csv", ImportOptions(account="brew.lab"))
    assert named.tables["daily"]["account"].unique().to_list() == ["brew.lab"]
    other = tmp_path / "exports"
    other.mkdir()
    plain = read_file(write(other, text, "FollowerHistory.csv"), PARIS)
    assert plain.tables["daily"]["account"].unique().to_list() == [None]


# --- detection ---------------------------------------------------------------------------------

OWN = {
    "Content.csv": "tiktok-content",
    "Content_unescaped_quote.csv": "tiktok-content",
    "Content_variant.csv": "tiktok-content",
    "Overview.csv": "tiktok-overview",
    "FollowerHistory.csv": "tiktok-followers",
    "FollowerHistory_next_day.csv": "tiktok-followers",
    "Viewers.csv": "tiktok-viewers",
    "Viewers.xlsx": "tiktok-viewers",
    "FollowerGender.csv": "tiktok-audience",
    "FollowerActivity.csv": "tiktok-audience",
    "FollowerTopTerritories.csv": "tiktok-audience",
}


@pytest.mark.parametrize(("name", "expected"), sorted(OWN.items()))
def test_each_file_is_claimed_by_its_importer_alone(name: str, expected: str) -> None:
    sample = load_sample(FIXTURES / name)
    scores = {imp.id: imp.detect(sample) for imp in importers()}
    assert scores[expected] == 1.0
    assert all(score < 1.0 for imp_id, score in scores.items() if imp_id != expected), scores
    assert max(scores, key=lambda i: scores[i]) == expected


OTHERS = {
    "canonical daily": "network,account,date,followers,views\ntiktok,acme,2026-01-01,10,5\n",
    "canonical posts": "network,account,post_id,published_at,views\ntiktok,acme,1,2026-01-01T00:00:00Z,5\n",
    "third-party TikTok report": (FIXTURES / "sprout_tiktok.csv").read_text(encoding="utf-8"),
    "Meta daily metric": 'sep=,\n"Viewers"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n',
    "YouTube totals": "Date,Views\n2025-09-01,120\n",
    "a fake Content without Time": '"Video title","Video link","Post time","Video views"\n"a","b","c","1"\n',
}


@pytest.mark.parametrize("name", sorted(OTHERS))
def test_other_files_are_not_claimed(tmp_path: Path, name: str) -> None:
    sample = load_sample(write(tmp_path, OTHERS[name], "file.csv"))
    assert {imp.id: imp.detect(sample) for imp in importers() if imp.id in TIKTOK_IDS} == dict.fromkeys(
        TIKTOK_IDS, 0.0
    )


# --- bad input ---------------------------------------------------------------------------------

CONTENT_HEADER = (
    '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares",'
    '"Total views"\n'
)
ROW = (
    '"18 January","Title","https://www.tiktok.com/@copper.kettle/video/{id}","{day}","1","2","3","{views}"\n'
)


def content_row(id_: int = 1, day: str = "10 January", views: str = "40") -> str:
    return ROW.format(id=id_, day=day, views=views)


BAD = [
    ("Content.csv", CONTENT_HEADER + content_row(1) + content_row(2)[:60], "row 3 (line 3)", "truncated"),
    (
        "Content.csv",
        CONTENT_HEADER + content_row(1) + content_row(2).replace(',"40"', "") + content_row(3),
        "row 3 (line 3): about 7 fields where the header has 8",
        "",
    ),
    ("Content.csv", CONTENT_HEADER + content_row(1, views="12x"), "row 2, column 'Total views'", "'12x'"),
    (
        "Content.csv",
        CONTENT_HEADER + content_row(1, day="30 February"),
        "row 2, column 'Post time'",
        "30 February",
    ),
    (
        "Content.csv",
        CONTENT_HEADER + content_row(1, day="Tomorrow"),
        "column 'Post time': found 'Tomorrow'",
        "day",
    ),
    (
        "Content.csv",
        CONTENT_HEADER
        + content_row(1).replace("https://www.tiktok.com/@copper.kettle/video/1", "https://x.com/1"),
        "row 2, column 'Video link': found 'https://x.com/1'",
        "expected a TikTok link",
    ),
    ("Content.csv", CONTENT_HEADER, "has no rows", "no videos"),
    (
        "Overview.csv",
        '"Date","Video Views","Profile Views"\n"May 1","10","2"\n"May 2","11"\n',
        "row 3",
        "fewer",
    ),
    (
        "Overview.csv",
        '"Date","Video Views","Profile Views"\n"May 1","ten","2"\n',
        "column 'Video Views'",
        "'ten'",
    ),
    (
        "Overview.csv",
        '"Date","Video Views","Profile Views"\n"Mayday","10","2"\n',
        "column 'Date'",
        "'Mayday'",
    ),
    ("Overview.csv", '"Date","Video Views","Profile Views"\n', "has no rows", "no days"),
    (
        "Overview.csv",
        '"Date","Video Views","Profile Views"\n"May 1","1","2"\n"May 3","1","2"\n"May 2","1","2"\n'
        '"May 4","1","2"\n',
        "row 4, column 'Date': this day comes before the row above it",
        "oldest first",
    ),
    (
        "Overview.csv",
        '"Date","Video Views","Profile Views"\n"29 February","1","2"\n',
        "column 'Date'",
        "29 February",
    ),
    ("Overview.csv", "", "the file is empty", ""),
]


@pytest.mark.parametrize(("name", "text", "message", "detail"), BAD)
def test_bad_input_names_the_file_row_and_column(
    tmp_path: Path, name: str, text: str, message: str, detail: str
) -> None:
    path = write(tmp_path, text, name, datetime(2025, 5, 20, tzinfo=UTC))
    with pytest.raises(InputError) as info:
        read_file(path, PARIS)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert detail in str(info.value)


def test_binary_and_wrongly_encoded_files(tmp_path: Path) -> None:
    binary = tmp_path / "Content.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        read_file(binary)
    latin = tmp_path / "Overview.csv"
    latin.write_bytes('"Date","Video Views","Profile Views"\n"3 août","1","2"\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"line 2: the text is not UTF-8"):
        read_file(latin)


def test_without_a_file_date_the_year_must_be_given(tmp_path: Path) -> None:
    text = (FIXTURES / "Overview.csv").read_bytes()
    sample = load_sample(tmp_path / "gone" / "Overview.csv", text)  # no such file: no date to read
    importer = next(i for i in importers() if i.id == "tiktok-overview")
    with pytest.raises(InputError, match="give the year"):
        importer.parse(sample, PARIS)
    assert importer.parse(sample, ImportOptions(year=2026)).rows == 4


def test_a_refused_file_leaves_the_workspace_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    good = copy(tmp_path, "Content.csv", datetime(2025, 9, 20, tzinfo=UTC))
    assert main(["--workspace", str(root), "import", str(good)]) == 0
    before = {p.name: p.read_bytes() for p in (root / "data").iterdir() if p.is_file()}
    bad = write(tmp_path, CONTENT_HEADER + content_row(9, views="lots"), "bad.csv")
    overview = copy(tmp_path, "Overview.csv", datetime(2026, 1, 4, tzinfo=UTC))
    assert main(["--workspace", str(root), "import", str(overview), str(bad)]) == 2
    assert "column 'Total views': found 'lots'" in capsys.readouterr().err
    after = {p.name: p.read_bytes() for p in (root / "data").iterdir() if p.is_file()}
    assert after == before


# --- round trip with the native writer ---------------------------------------------------------


@pytest.fixture(scope="module")
def native_tiktok() -> tuple[Any, Any]:
    """The sample_data `native` package and its TikTok writer."""
    sys.path.insert(0, str(SAMPLE_DATA))
    try:
        import native
        from native import tiktok
    finally:
        sys.path.remove(str(SAMPLE_DATA))
    return native, tiktok


@pytest.fixture(scope="module")
def demo(native_tiktok: tuple[Any, Any]) -> Any:
    native, _ = native_tiktok
    return native.load(SAMPLE_DATA / "demo")


def import_all(folder: Path, root: Path, timezone: str) -> Workspace:
    parsed = []
    for _source, result in read_paths([folder], ImportOptions(timezone=timezone)):
        assert not isinstance(result, InputError), result
        parsed.append(result)
    workspace = Workspace(root)
    workspace.import_files(parsed)
    return workspace


def test_round_trip_of_the_demo(tmp_path: Path, native_tiktok: tuple[Any, Any], demo: Any) -> None:
    _, writer = native_tiktok
    written = writer.write(demo, tmp_path / "exports")
    assert len(written) == 6 and all(p.suffix == ".zip" for p in written)
    again = writer.write(demo, tmp_path / "again")
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]  # deterministic
    languages = [zipfile.ZipFile(p).read("Overview.csv").decode()[60:80] for p in written]
    assert any(" de " in text for text in languages) and any("月" in text for text in languages)

    tz = demo.timezone
    workspace = import_all(tmp_path / "exports" / "tiktok", tmp_path / "ws", tz)
    posts = workspace.tables()["posts"].sort("post_id")
    daily = workspace.tables()["daily"].sort("date")
    want_posts = demo.posts.filter(pl.col("network") == "tiktok").sort("post_id")
    want_daily = demo.daily.filter(pl.col("network") == "tiktok").sort("date")

    assert posts.height == want_posts.height == 280
    assert posts["post_id"].to_list() == want_posts["post_id"].to_list()
    for column in (
        "views",
        "likes",
        "comments",
        "shares",
        "saves",
        "text",
        "permalink",
        "account",
        "content_type",
    ):
        assert posts[column].to_list() == want_posts[column].to_list(), column
    assert posts["watch_time_hours"].to_list() == pytest.approx(want_posts["watch_time_hours"].to_list())
    local_day = pl.col("published_at").dt.convert_time_zone(tz)
    assert posts.select(local_day.dt.date())["published_at"].to_list() == (
        want_posts.select(local_day.dt.date())["published_at"].to_list()
    )
    assert posts.select(local_day.dt.hour().max()).item() == 0  # Content.csv has the day only
    assert posts["impressions"].null_count() == posts["reach"].null_count() == posts.height

    assert daily.height == want_daily.height == 472
    assert daily["date"].to_list() == want_daily["date"].to_list()
    for column in ("followers", "views", "profile_visits"):
        assert daily[column].to_list() == want_daily[column].to_list(), column
        assert daily[column].sum() == want_daily[column].sum()
    net = (pl.col("followers_gained") - pl.col("followers_lost")).alias("net")
    assert daily.select(net)["net"].to_list() == want_daily.select(net)["net"].to_list()
    assert daily["reach"].null_count() == daily.height  # the demo has no TikTok reach


def test_round_trip_of_viewers(tmp_path: Path, native_tiktok: tuple[Any, Any], demo: Any) -> None:
    """With reach in the data, Viewers.csv carries it back, but for the last download's last 2 days."""
    native, writer = native_tiktok
    with_reach = native.Canonical(
        demo.posts,
        demo.daily.with_columns(
            reach=pl.when(pl.col("network") == "tiktok").then(pl.col("views") // 2).otherwise(pl.col("reach"))
        ),
        demo.traffic,
        demo.timezone,
    )
    writer.write(with_reach, tmp_path / "exports")
    workspace = import_all(tmp_path / "exports" / "tiktok", tmp_path / "ws", demo.timezone)
    daily = workspace.tables()["daily"].sort("date")
    want = with_reach.daily.filter(pl.col("network") == "tiktok").sort("date")
    assert daily["reach"].to_list()[:-2] == want["reach"].to_list()[:-2]
    assert daily["reach"].to_list()[-2:] == [None, None]


@pytest.mark.parametrize("written", ["0000-08-28 10:00", "1900-08-28 10:00", "2300-08-28"])
def test_a_publication_time_no_export_holds_is_refused_with_its_row(tmp_path: Path, written: str) -> None:
    """A year 0 (from a damaged or mistyped file) once escaped as Python's 'year 0 is out of
    range' while the file's first day was computed; any day outside 1970–2100 is a bad cell."""
    text = (FIXTURES / "Content.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "Content.csv"
    path.write_text(text.replace('"28 August"', f'"{written}"', 1), encoding="utf-8")
    with pytest.raises(InputError, match=rf"Content.csv, row 2, column 'Post time': found '{written}'"):
        read_file(path, ImportOptions(year=2025))
