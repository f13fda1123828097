"""YouTube Studio exports: Table data, Chart data and Totals, alone, in their zip, and round trip.

The fixtures under tests/fixtures/youtube/ are an unzipped download of an
invented channel ("Copper Kettle & Co"), written from FORMATS.md §5 with its
quirks: the `Total` line, `"Sep 26, 2025"` days, a blank publish day, a
leading space before an id starting with `-`, `H:MM:SS`, 0–100 percentages,
a negative subscriber count, empty cells, a title with a comma, `""` and a
newline, `"1,204"`. Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, ParsedFile, importers, load_sample, read_file, read_paths
from kpitui.core.importers.youtube import YouTubeChart, YouTubeTable, YouTubeTotals
from kpitui.core.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DOWNLOAD = "Content 2025-09-01_2025-09-30 Copper Kettle & Co"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "youtube" / DOWNLOAD
TABLE = FIXTURES / "Table data.csv"
CHART = FIXTURES / "Chart data.csv"
TOTALS = FIXTURES / "Totals.csv"
CHANNEL = "Copper Kettle & Co"
NEW_YORK = ImportOptions(timezone="America/New_York")
END_OF_RANGE = datetime(2025, 10, 1, 7, tzinfo=UTC)
"""2025-09-30 ends at midnight Pacific Time (PDT, UTC−7)."""
OURS = {"youtube-table", "youtube-chart", "youtube-totals"}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["post_id"]: row for row in frame.iter_rows(named=True)}


# --- Table data -----------------------------------------------------------


def test_table_data_posts() -> None:
    parsed = read_file(TABLE, NEW_YORK)
    assert parsed.format == "youtube-table"
    posts = parsed.tables["posts"]
    # 4 videos after the Total line; the unlisted one without a publish day is skipped.
    assert posts.height == 3
    assert "Total" not in posts["post_id"].to_list()
    assert parsed.skipped == 1
    assert any("rows 6" in w and "Video publish time" in w for w in parsed.warnings)
    rows = by_id(posts)
    assert set(rows) == {"aB3dE5fG7hJ", "-xY9kL2mN4p", "Q1w2E3r4T5y"}  # leading space stripped
    cast_iron, short, descale = rows["aB3dE5fG7hJ"], rows["-xY9kL2mN4p"], rows["Q1w2E3r4T5y"]
    # "Sep 26, 2025" is midnight in New York (EDT, UTC−4): 04:00 UTC.
    assert cast_iron["published_at"] == datetime(2025, 9, 26, 4, tzinfo=UTC)
    assert short["published_at"] == datetime(2025, 9, 5, 4, tzinfo=UTC)
    assert cast_iron["text"] == 'Cast iron care, the "right" way'
    assert descale["text"] == "Descaling, step by step:\npart 1"
    assert cast_iron["permalink"] == "https://www.youtube.com/watch?v=aB3dE5fG7hJ"
    assert short["permalink"] == "https://www.youtube.com/watch?v=-xY9kL2mN4p"
    # 60 s is a Short, 61 s and 978 s are videos.
    assert (short["content_type"], descale["content_type"], cast_iron["content_type"]) == (
        "short",
        "video",
        "video",
    )
    assert {k: cast_iron[k] for k in ("views", "impressions", "likes", "dislikes", "shares", "comments")} == {
        "views": 5120,
        "impressions": 61234,
        "likes": 412,
        "dislikes": 9,
        "shares": 37,
        "comments": 58,
    }
    assert cast_iron["watch_time_hours"] == pytest.approx(374.4053)
    assert (cast_iron["follows"], short["follows"], descale["follows"]) == (42, -3, 2)  # net, may be negative
    assert short["impressions"] == 0  # a real 0 stays 0
    # Empty cells are null, not 0; metrics YouTube does not have are null.
    assert [descale[k] for k in ("likes", "dislikes", "shares", "comments")] == [None] * 4
    assert posts["reach"].null_count() == 3 and posts["saves"].null_count() == 3
    assert parsed.accounts == [CHANNEL]
    assert parsed.networks == ["youtube"]
    assert parsed.exported_at == END_OF_RANGE


def test_table_publish_day_in_the_workspace_zone(tmp_path: Path) -> None:
    paris = read_file(TABLE, ImportOptions(timezone="Europe/Paris")).tables["posts"]
    assert by_id(paris)["aB3dE5fG7hJ"]["published_at"] == datetime(2025, 9, 25, 22, tzinfo=UTC)
    text = "Content,Video title,Video publish time,Duration,Views\nabcdefghijk,T,9/27/2024,30,5\n"
    excel = read_file(write(tmp_path, "Table data.csv", text)).tables["posts"]
    assert excel["published_at"].to_list() == [datetime(2024, 9, 27, tzinfo=UTC)]


def test_table_account_from_options_when_the_name_says_nothing(tmp_path: Path) -> None:
    plain = tmp_path / "Table data.csv"
    shutil.copy(TABLE, plain)
    assert read_file(plain).tables["posts"]["account"].null_count() == 3  # the workspace fills it
    named = read_file(plain, ImportOptions(account="kettle")).tables["posts"]
    assert named["account"].unique().to_list() == ["kettle"]
    # A folder that is not a Studio download name does not give an account either.
    other = tmp_path / "Content of my channel" / "Table data.csv"
    other.parent.mkdir()
    shutil.copy(TABLE, other)
    parsed = read_file(other)
    assert parsed.accounts == [] and parsed.exported_at != END_OF_RANGE


def test_table_follows_prefer_subscribers_gained(tmp_path: Path) -> None:
    text = (
        "Content,Video title,Video publish time,Duration,Subscribers gained,Subscribers lost,Subscribers\n"
        'abcdefghijk,T,"Jan 5, 2026",300,12,15,-3\n'
    )
    posts = read_file(write(tmp_path, "t.csv", text)).tables["posts"]
    assert posts["follows"].to_list() == [12]


def test_table_only_total_line_imports_nothing(tmp_path: Path) -> None:
    text = "Content,Video title,Video publish time,Duration,Views\nTotal,,,,0\n"
    parsed = read_file(write(tmp_path, "t.csv", text))
    assert parsed.format == "youtube-table"
    assert parsed.rows == 0
    assert any("only its Total row" in w for w in parsed.warnings)


def test_table_repeated_video_keeps_the_last_row(tmp_path: Path) -> None:
    text = (
        "Content,Video title,Video publish time,Duration,Views\n"
        'abcdefghijk,A,"Jan 5, 2026",300,5\nabcdefghijk,A,"Jan 5, 2026",300,7\n'
    )
    parsed = read_file(write(tmp_path, "t.csv", text))
    assert parsed.tables["posts"]["views"].to_list() == [7]
    assert any("rows 2, 3" in w for w in parsed.warnings)


def test_table_warns_when_studio_may_have_cut_the_table(tmp_path: Path) -> None:
    lines = [f'v{i:010d},Video {i},"Jan 5, 2026",300,{i}' for i in range(500)]
    text = (
        "Content,Video title,Video publish time,Duration,Views\nTotal,,,,124750\n" + "\n".join(lines) + "\n"
    )
    parsed = read_file(write(tmp_path, "t.csv", text))
    assert parsed.rows == 500
    assert any("about 500" in w for w in parsed.warnings)


# --- Chart data -----------------------------------------------------------


def test_chart_data_sums_videos_per_day() -> None:
    parsed = read_file(CHART, NEW_YORK)
    assert parsed.format == "youtube-chart"
    daily = parsed.tables["daily"]
    # 09-05: 9000 + empty; 09-06: "1,204" + 0; 09-26: 37 + 2210; 09-27 only empty → no row.
    assert daily["date"].to_list() == [date(2025, 9, 5), date(2025, 9, 6), date(2025, 9, 26)]
    assert daily["views"].to_list() == [9000, 1204, 2247]
    assert daily["account"].unique().to_list() == [CHANNEL]
    assert daily["followers"].null_count() == 3 and daily["impressions"].null_count() == 3
    # A floor of the channel's figure: it claims the start of its first day (midnight in
    # Pacific Time, PDT = UTC−7), older than any totals of the same days, which must win.
    assert parsed.exported_at == datetime(2025, 9, 5, 7, tzinfo=UTC)


def test_chart_subscribers_are_split_into_gains_and_losses(tmp_path: Path) -> None:
    head = "Date,Content,Video title,Video publish time,Duration,"
    text = (
        head + "Subscribers\n"
        '2026-01-01,aaaaaaaaaaa,A,"Jan 1, 2026",30,3\n'
        '2026-01-01,bbbbbbbbbbb,B,"Jan 1, 2026",300,-5\n'
        '2026-01-02,aaaaaaaaaaa,A,"Jan 1, 2026",30,4\n'
    )
    daily = read_file(write(tmp_path, "c.csv", text)).tables["daily"]
    # Net −2 then +4: gained max(net, 0), lost max(−net, 0).
    assert daily["followers_gained"].to_list() == [0, 4]
    assert daily["followers_lost"].to_list() == [2, 0]
    gained = text.replace("Subscribers\n", "Subscribers gained\n")
    daily = read_file(write(tmp_path, "g.csv", gained.replace(",-5\n", ",5\n"))).tables["daily"]
    assert daily["followers_gained"].to_list() == [8, 4]
    assert daily["followers_lost"].null_count() == 2
    # Gains are never negative: a negative value is a damaged file, not a loss.
    message = refused(write(tmp_path, "bad.csv", gained))
    assert "row 3" in message and "'Subscribers gained'" in message and "0 or more" in message


def test_chart_total_line_wins_over_the_videos(tmp_path: Path) -> None:
    head = "Date,Content,Video title,Video publish time,Duration,Impressions\n"
    text = head + "2026-01-01,aaaaaaaaaaa,A,,30,10\n2026-01-01,Total,,,,25\n2026-01-02,aaaaaaaaaaa,A,,30,7\n"
    daily = read_file(write(tmp_path, "c.csv", text)).tables["daily"]
    assert daily["impressions"].to_list() == [25, 7]


def test_chart_repeated_day_and_video_counts_once(tmp_path: Path) -> None:
    head = "Date,Content,Video title,Video publish time,Duration,Views\n"
    text = head + "2026-01-01,aaaaaaaaaaa,A,,30,10\n2026-01-01,aaaaaaaaaaa,A,,30,12\n"
    parsed = read_file(write(tmp_path, "c.csv", text))
    assert parsed.tables["daily"]["views"].to_list() == [12]
    assert any("rows 2, 3" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("name", "head", "row"),
    [
        ("Chart data.csv", "Date,Content,Video title,Video publish time,Duration,", "2026-01-01,a,A,,30,"),
        ("Totals.csv", "Date,", "2026-01-01,"),
    ],
)
@pytest.mark.parametrize(
    ("metric", "value"),
    [
        ("Average view duration", "0:01:05"),
        ("Impressions click-through rate (%)", "4.5"),
        ("RPM (EUR)", "1.2"),
    ],
)
def test_metrics_that_do_not_add_up_import_nothing(
    tmp_path: Path, name: str, head: str, row: str, metric: str, value: str
) -> None:
    parsed = read_file(write(tmp_path, name, f"{head}{metric}\n{row}{value}\n"))
    assert parsed.format in OURS
    assert parsed.rows == 0
    assert parsed.tables["daily"].is_empty()
    assert (
        len(parsed.warnings) == 1
        and metric in parsed.warnings[0]
        and "nothing was imported" in parsed.warnings[0]
    )


# --- Totals ---------------------------------------------------------------


def test_totals_views_per_day() -> None:
    parsed = read_file(TOTALS, NEW_YORK)
    assert parsed.format == "youtube-totals"
    daily = parsed.tables["daily"]
    # 09-07 is empty (no data yet): no row, rather than a 0.
    assert daily["date"].to_list() == [
        date(2025, 9, 4),
        date(2025, 9, 5),
        date(2025, 9, 6),
        date(2025, 9, 26),
    ]
    assert daily["views"].to_list() == [310, 9402, 1688, 2655]  # the days YouTube reports, not shifted
    assert parsed.accounts == [CHANNEL]
    assert parsed.exported_at == END_OF_RANGE


def test_totals_subscribers_net_change(tmp_path: Path) -> None:
    text = "Date,Subscribers\n2026-01-01,5\n2026-01-02,-3\n2026-01-03,0\n2026-01-04,\n"
    daily = read_file(write(tmp_path, "Totals.csv", text)).tables["daily"]
    assert daily["followers_gained"].to_list() == [5, 0, 0]
    assert daily["followers_lost"].to_list() == [0, 3, 0]
    assert (daily["followers_gained"] - daily["followers_lost"]).sum() == 2  # the net change
    assert daily["followers"].null_count() == 3  # no stock in the export


@pytest.mark.parametrize(
    ("cells", "days"),
    [
        (["1/1/2022", "1/13/2022"], [date(2022, 1, 1), date(2022, 1, 13)]),  # US Excel, month first
        (["13/1/2022", "2/1/2022"], [date(2022, 1, 13), date(2022, 1, 2)]),  # a day above 12: day first
        (["13-06-2025", "14-06-2025"], [date(2025, 6, 13), date(2025, 6, 14)]),  # DD-MM-YYYY
        (["6-13-2025", "6-14-2025"], [date(2025, 6, 13), date(2025, 6, 14)]),  # MM-DD-YYYY
        (["01.06.2025", "02.06.2025"], [date(2025, 6, 1), date(2025, 6, 2)]),  # dots: day first
        (["10-Jun-26", "1/5/22", "1/6/22"], [date(2026, 6, 10), date(2022, 1, 5), date(2022, 1, 6)]),
        # No number above 12: a daily series is consecutive days. Day first, 1 to 7 June, spans 6
        # days; month first (6 January to 6 July) would span 181: day first.
        ([f"0{d}-06-2025" for d in range(1, 8)], [date(2025, 6, d) for d in range(1, 8)]),
        ([f"6/{d}/2025" for d in range(1, 8)], [date(2025, 6, d) for d in range(1, 8)]),  # month first
    ],
)
def test_totals_dates_saved_again_by_excel(tmp_path: Path, cells: list[str], days: list[date]) -> None:
    text = "Date,Impressions\n" + "".join(f"{c},{i + 1}\n" for i, c in enumerate(cells))
    daily = read_file(write(tmp_path, "Totals.csv", text)).tables["daily"].sort("date")
    assert sorted(days) == daily["date"].to_list()
    assert daily["impressions"].sum() == sum(range(1, len(cells) + 1))


def test_real_shape_of_an_excel_totals_file(tmp_path: Path) -> None:
    """Totals.csv re-saved by Excel: `DD-MM-YYYY`, CRLF, a year of days from 13 June."""
    first = date(2025, 6, 13)
    days = [first + timedelta(days=i) for i in range(365)]
    text = "Date,Views\r\n" + "".join(f"{d:%d-%m-%Y},{i % 7}\r\n" for i, d in enumerate(days))
    daily = read_file(write(tmp_path, "Totals.csv", text)).tables["daily"]
    assert daily.height == 365 and daily["date"].min() == first and daily["date"].max() == days[-1]
    assert daily["views"].sum() == sum(i % 7 for i in range(365))


def test_days_that_read_two_ways_are_refused_saying_how_to_fix_them(tmp_path: Path) -> None:
    # One day alone: 5 June or 6 May, nothing in the file tells.
    message = refused(write(tmp_path, "Totals.csv", "Date,Views\n05/06/2025,12\n"))
    assert "row 2" in message and "'Date'" in message and "'05/06/2025'" in message
    assert "2025-06-05 or 2025-05-06" in message and "YYYY-MM-DD" in message
    # Publish days of videos are no series: a table whose days never pass 12 reads two ways.
    head = "Content,Video title,Video publish time,Duration,Views\n"
    table = head + "aaaaaaaaaaa,A,3/4/2025,30,5\nbbbbbbbbbbb,B,5/2/2025,30,5\n"
    message = refused(write(tmp_path, "Table data.csv", table))
    assert "row 2" in message and "'Video publish time'" in message and "2025-04-03 or 2025-03-04" in message
    # One that puts the day first and one the month first: no order reads both.
    mixed = "Date,Views\n13/01/2025,1\n01/14/2025,2\n"
    message = refused(write(tmp_path, "Totals.csv", mixed))
    assert "row 2" in message and "row 3" in message and "one order" in message


def test_a_day_that_is_no_day_is_refused_not_skipped(tmp_path: Path) -> None:
    """Only the Total line is left out of a daily file: other text in Date is damage, named."""
    message = refused(write(tmp_path, "Totals.csv", "Date,Views\nTotal,9\n2026-01-01,4\nsoon,5\n"))
    assert "row 4" in message and "'Date'" in message and "'soon'" in message


def test_a_table_by_date_without_any_daily_count_says_so(tmp_path: Path) -> None:
    text = "Date,Watch time (hours),Average view duration\n2026-01-01,1.5,0:01:00\n"
    parsed = read_file(write(tmp_path, "Table data.csv", text))
    assert parsed.format == "youtube-totals" and parsed.rows == 0
    assert parsed.warnings == [
        "'Watch time (hours)', 'Average view duration' are not counts that add up per day (only Views, "
        "Impressions and Subscribers fill kpitui's daily table), so nothing was imported from this table."
    ]


def test_totals_repeated_day_keeps_the_last_row(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, "Totals.csv", "Date,Views\n2026-01-01,4\n2026-01-01,6\n"))
    assert parsed.tables["daily"]["views"].to_list() == [6]
    assert parsed.warnings


# --- The zip and the workspace ---------------------------------------------


def zipped(tmp_path: Path, name: str, inner: str = "") -> Path:
    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w") as out:
        for member in (TABLE, CHART, TOTALS):
            out.write(member, f"{inner}{member.name}")
    return archive


def test_the_zip_download(tmp_path: Path) -> None:
    archive = zipped(tmp_path, f"{DOWNLOAD} (1).zip")  # a browser's second download
    results = list(read_paths([archive], NEW_YORK))
    assert [s.path.name for s, _ in results] == ["Chart data.csv", "Table data.csv", "Totals.csv"]
    parsed = [r for _, r in results]
    assert all(not isinstance(r, InputError) for r in parsed)
    assert [r.format for r in parsed] == ["youtube-chart", "youtube-table", "youtube-totals"]  # type: ignore[union-attr]
    assert {a for r in parsed for a in r.accounts} == {CHANNEL}  # type: ignore[union-attr]
    # A zip holding the download's folder works the same.
    inner = zipped(tmp_path, "export.zip", inner=f"{DOWNLOAD}/")
    accounts = {a for _, r in read_paths([inner]) for a in r.accounts}  # type: ignore[union-attr]
    assert accounts == {CHANNEL}


def test_totals_win_over_the_chart_whatever_the_order(tmp_path: Path) -> None:
    parsed = {p.format: p for _, p in read_paths([FIXTURES], NEW_YORK)}  # type: ignore[union-attr]
    ws = Workspace(tmp_path / "ws")
    ws.import_files([parsed["youtube-totals"], parsed["youtube-chart"], parsed["youtube-table"]])
    daily = ws.load().daily.sort("date")
    # The chart's 9000 on 09-05 (only the videos it shows) does not replace the channel's 9402.
    views = dict(zip(daily["date"].to_list(), daily["views"].to_list(), strict=True))
    assert views[date(2025, 9, 5)] == 9402 and views[date(2025, 9, 26)] == 2655
    assert ws.load().posts.height == 3


def test_a_failed_import_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(TOTALS)]) == 0
    before = {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    bad = write(tmp_path, "Totals.csv", "Date,Views\n2025-09-08,12\n2025-09-09,many\n")
    assert main(["--workspace", str(root), "import", str(TABLE), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "'Views'" in err and "nothing was imported" in err
    assert {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()} == before


# --- Detection --------------------------------------------------------------


def best(path: Path) -> tuple[str, dict[str, float]]:
    sample = load_sample(path)
    scores = {imp.id: imp.detect(sample) for imp in importers()}
    return max(scores, key=lambda k: scores[k]), scores


@pytest.mark.parametrize(
    ("path", "expected"), [(TABLE, "youtube-table"), (CHART, "youtube-chart"), (TOTALS, "youtube-totals")]
)
def test_our_files_are_ours_alone(path: Path, expected: str) -> None:
    winner, scores = best(path)
    assert winner == expected and scores[expected] == 1.0
    assert all(score == 0.0 for imp, score in scores.items() if imp != expected)


OTHER_FORMATS = {
    "canonical posts": "network,account,post_id,published_at,views\nyoutube,a,1,2026-01-01T00:00:00Z,5\n",
    "canonical daily": "network,account,date,views\nyoutube,a,2026-01-01,5\n",
    "tiktok overview": (
        '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n"1 January","1","2","3","4","5"\n'
    ),
    "tiktok content": (
        '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares",'
        '"Total views"\n"2 January","t","https://www.tiktok.com/@a/video/1","1 January","1","2","3","4"\n'
    ),
    "tiktok followers": (
        '"Date","Followers","Difference in followers from previous day"\n"1 January","5","1"\n'
    ),
    "meta viewers": "Date,Total Viewers,New Viewers,Returning Viewers\n2026-01-01,3,2,1\n",
    "meta daily": 'sep=,\n"Views"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n',
    "search console dates": "Date,Clicks,Impressions,CTR,Position\n2026-01-01,1,10,10%,3.2\n",
    "a two-column sheet": "Date,Value\n2026-01-01,3\n",
    "x account overview": "Date,Impressions,Likes,Engagements\n2026-01-01,1,2,3\n",
}


@pytest.mark.parametrize("name", sorted(OTHER_FORMATS))
def test_other_formats_are_not_ours(tmp_path: Path, name: str) -> None:
    sample = load_sample(write(tmp_path, "file.csv", OTHER_FORMATS[name]))
    assert [imp.detect(sample) for imp in (YouTubeTable(), YouTubeChart(), YouTubeTotals())] == [0.0] * 3


def test_what_a_near_miss_lacks(tmp_path: Path) -> None:
    sample = load_sample(write(tmp_path, "t.csv", "Content,Video title,Duration,Views\nabcdefghijk,T,3,4\n"))
    assert YouTubeTable().detect(sample) == 0.0
    near = YouTubeTable().near(sample)
    assert near is not None and near.lacking == ("'Video publish time'",)
    near = YouTubeTotals().near(load_sample(write(tmp_path, "d.csv", "Date,Value\nx,1\n")))
    assert near is not None and near.lacking == ("'Views' (or 'Watch time (hours)', …)",)


# --- Bad input ----------------------------------------------------------------


def damaged(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, source.name, text.replace(old, new, 1))


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_file(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_bad_number(tmp_path: Path) -> None:
    message = refused(damaged(tmp_path, TABLE, ",5120,", ",5 120 views,"))
    assert (
        "row 3" in message
        and "'Views'" in message
        and "'5 120 views'" in message
        and "whole number" in message
    )


def test_bad_publish_day(tmp_path: Path) -> None:
    message = refused(damaged(tmp_path, TABLE, '"Sep 30, 2025"', "30 septembre"))
    assert "row 5" in message and "'Video publish time'" in message and "'30 septembre'" in message


def test_bad_chart_day(tmp_path: Path) -> None:
    # Row 6: the title of row 5 runs over two lines, rows are records as a spreadsheet shows them.
    message = refused(damaged(tmp_path, CHART, "2025-09-26, -xY9", "2025-09-31, -xY9"))
    assert "row 6" in message and "'Date'" in message and "2025-09-31" in message


def test_bad_totals_value(tmp_path: Path) -> None:
    message = refused(damaged(tmp_path, TOTALS, "2025-09-06,1688", "2025-09-06,1.5"))
    assert "row 4" in message and "'Views'" in message


def test_ragged_row(tmp_path: Path) -> None:
    message = refused(damaged(tmp_path, TOTALS, "2025-09-05,9402", "2025-09-05,9402,17"))
    assert "row 3" in message and "3 fields" in message


def test_truncated_files(tmp_path: Path) -> None:
    text = TABLE.read_text(encoding="utf-8")
    cut = write(tmp_path, "Table data.csv", text[: text.index("step by step") + 4])  # inside a quoted title
    assert "truncated" in refused(cut)
    chart = CHART.read_text(encoding="utf-8")
    short = write(tmp_path, "Chart data.csv", chart[: chart.rindex(",978,")])  # the last row loses fields
    message = refused(short)
    assert "row 8" in message and "truncated" in message


def test_missing_video_id(tmp_path: Path) -> None:
    message = refused(damaged(tmp_path, TABLE, "Q1w2E3r4T5y,", ","))
    assert "row 5" in message and "'Content'" in message and "video id" in message


@pytest.mark.parametrize("source", [TABLE, CHART, TOTALS])
def test_empty_and_header_only_files(tmp_path: Path, source: Path) -> None:
    assert "empty" in refused(write(tmp_path, "empty.csv", ""))
    header = source.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    assert "no rows" in refused(write(tmp_path, source.name, header))


# --- Round trip with the native writer -----------------------------------------


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path, list[Path]]:
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        import native
        from native import youtube as writer
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    data = native.load(ROOT / "sample_data" / "demo")
    out = tmp_path_factory.mktemp("exports")
    return data, out, writer.write(data, out)


def test_native_writer_round_trip(demo_exports: tuple) -> None:
    data, out, paths = demo_exports
    assert paths and all(p.parent == out / "youtube" and p.suffix == ".zip" for p in paths)
    assert paths[0].name == "Content 2025-08-01_2025-09-30 brambleandbean.zip"
    results = list(read_paths([out / "youtube"], ImportOptions(timezone=data.timezone)))
    parsed = [r for _, r in results]
    assert all(not isinstance(r, InputError) for r in parsed)
    assert {r.format for r in parsed} == OURS
    assert sum(r.skipped for r in parsed) == 0  # each table holds only the videos of its range

    demo_posts = data.posts.filter(pl.col("network") == "youtube")
    posts = pl.concat([r.tables["posts"] for r in parsed if "posts" in r.tables])
    assert posts.height == demo_posts.height  # each video in exactly one quarter
    assert posts["post_id"].n_unique() == posts.height
    for metric in ("impressions", "views", "likes", "dislikes", "comments", "shares"):
        assert posts[metric].sum() == demo_posts[metric].sum(), metric
    assert posts["watch_time_hours"].sum() == pytest.approx(demo_posts["watch_time_hours"].sum())
    assert posts["follows"].null_count() == posts.height  # the demo has no per-video subscribers
    assert posts["account"].unique().to_list() == ["brambleandbean"]

    mine, theirs = by_id(posts), by_id(demo_posts)
    for post_id in sorted(theirs)[:: len(theirs) // 6]:
        want, got = theirs[post_id], mine[post_id]
        for key in ("network", "account", "text", "impressions", "views", "likes", "dislikes", "comments"):
            assert got[key] == want[key], (post_id, key)
        assert got["watch_time_hours"] == pytest.approx(want["watch_time_hours"])
        # The publish day in the brand's zone, at midnight; live streams read back as videos.
        local_day = want["published_at"].astimezone(_zone(data.timezone)).date()
        assert got["published_at"].astimezone(_zone(data.timezone)) == datetime.combine(
            local_day, datetime.min.time(), _zone(data.timezone)
        )
        assert got["content_type"] == ("video" if want["content_type"] == "live" else want["content_type"])
        assert got["permalink"] == f"https://www.youtube.com/watch?v={post_id}"

    # Daily views: every day of the demo from exactly one file (no double counting).
    demo_daily = data.daily.filter(pl.col("network") == "youtube")
    daily = pl.concat([r.tables["daily"] for r in parsed if "daily" in r.tables])
    assert daily.height == demo_daily.height
    assert daily["date"].n_unique() == daily.height
    joined = demo_daily.join(daily, on=["network", "account", "date"], suffix="_back")
    assert joined.height == demo_daily.height
    assert (joined["views"] == joined["views_back"]).all()
    assert daily["views"].sum() == demo_daily["views"].sum()
    assert {"youtube-chart", "youtube-totals"} <= {
        r.format for r in parsed if "daily" in r.tables and r.tables["daily"].height
    }


def test_native_writer_is_deterministic(demo_exports: tuple, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        from native import youtube as writer
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    data, _, paths = demo_exports
    again = writer.write(data, tmp_path)
    assert [p.name for p in again] == [p.name for p in paths]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(again, paths, strict=True))
    with zipfile.ZipFile(io.BytesIO(paths[-1].read_bytes())) as archive:
        assert archive.namelist() == ["Chart data.csv", "Table data.csv", "Totals.csv"]
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 16, 9, 0, 0)}
        table = archive.read("Table data.csv").decode("utf-8")
    assert table.startswith("Content,Video title,Video publish time,Duration,") and "\nTotal,,,," in table
    assert "\r" not in table and not table.startswith("\ufeff")


def test_committed_exports_match_the_writer(demo_exports: tuple) -> None:
    committed = sorted((ROOT / "sample_data" / "exports" / "youtube").glob("*.zip"))
    _, _, paths = demo_exports
    assert [p.name for p in committed] == [p.name for p in paths]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(committed, paths, strict=True))


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def test_table_leaves_out_videos_published_before_the_range(tmp_path: Path) -> None:
    folder = tmp_path / "Content 2026-01-01_2026-03-31 Kettle"
    text = (
        "Content,Video title,Video publish time,Duration,Views\nTotal,,,,30\n"
        'aaaaaaaaaaa,New,"Jan 1, 2026",300,10\nbbbbbbbbbbb,Old,"Dec 31, 2025",300,20\n'
    )
    parsed = read_file(write(folder, "Table data.csv", text))
    # The old video's 20 views are the quarter's, not its life's: it is left out, and said so.
    assert parsed.tables["posts"]["post_id"].to_list() == ["aaaaaaaaaaa"]
    assert parsed.skipped == 1
    assert any("rows 4" in w and "2026-01-01" in w for w in parsed.warnings)
    # Without the range in the name nothing tells, so every video is read.
    assert read_file(write(tmp_path, "Table data.csv", text)).tables["posts"].height == 2


# --- Localised downloads (fixtures: one invented channel per language) -----------------------------
#
# Each folder holds the same March 2026 figures, headed and named in its language, with the
# numbers as that locale writes them ("1 204" with a narrow no-break space in French, "1.204"
# and "45,5" elsewhere) and localised publish days ("3 mars 2026", "3 de mar. de 2026",
# "03.03.2026"). Worked out by hand:
#   table: aAaAaAaAaA1 published 3 March, 412 s, 1204 views, 45.5 h, 7 subscribers, 15300
#          impressions, 88 likes; -bBbBbBbBbB (leading space) 10 March, 42 s (a Short), 3050
#          views, 12.25 h, -2 subscribers, 0 impressions, 310 likes; a third video has no
#          publish day (skipped); the Total line (Total, Gesamt, Totale) is no video.
#   chart: 03-03 400, 03-04 500, 03-10 100 + 2000, 03-11 104 + 1050, 03-12 80.
#   totals: 03-03 450, 03-04 520, 03-05 30, 03-10 2300, 03-11 1200.

LOCALISED = {
    "fr": ("Contenu 2026-03-01_2026-03-31 Atelier Lumière", "Heure de publication de la vidéo"),
    "es": ("Contenido 2026-03-01_2026-03-31 Taller Brisa", "Hora de publicación del video"),
    "pt": ("Conteúdo 2026-03-01_2026-03-31 Oficina Maré", "Horário de publicação do vídeo"),
    "de": ("Videos 2026-03-01_2026-03-31 Werkstatt Fuchs", "Veröffentlichungszeitpunkt des Videos"),
    "it": ("Contenuti 2026-03-01_2026-03-31 Bottega Lume", "Ora pubblicazione video"),
}
PARIS = ImportOptions(timezone="Europe/Paris")
MARCH_TOTALS = {3: 450, 4: 520, 5: 30, 10: 2300, 11: 1200}
MARCH_DAILY = MARCH_TOTALS | {12: 80}  # the chart alone covers 12 March


def localised(lang: str) -> dict[str, ParsedFile]:
    folder = FIXTURES.parent / LOCALISED[lang][0]
    parsed = {}
    for _source, result in read_paths([folder], PARIS):
        assert not isinstance(result, InputError), result
        parsed[result.format] = result
    return parsed


@pytest.mark.parametrize("lang", list(LOCALISED))
def test_a_localised_table(lang: str) -> None:
    folder, publish = LOCALISED[lang]
    table = localised(lang)["youtube-table"]
    rows = by_id(table.tables["posts"])
    assert set(rows) == {"aAaAaAaAaA1", "-bBbBbBbBbB"}
    lamp, bulb = rows["aAaAaAaAaA1"], rows["-bBbBbBbBbB"]
    # "3 mars 2026" is midnight in Paris (CET, UTC+1).
    assert lamp["published_at"] == datetime(2026, 3, 2, 23, tzinfo=UTC)
    assert bulb["published_at"] == datetime(2026, 3, 9, 23, tzinfo=UTC)
    assert (lamp["views"], lamp["watch_time_hours"], lamp["impressions"], lamp["likes"], lamp["follows"]) == (
        1204,
        45.5,
        15300,
        88,
        7,
    )
    assert (bulb["views"], bulb["watch_time_hours"], bulb["impressions"], bulb["likes"], bulb["follows"]) == (
        3050,
        12.25,
        0,
        310,
        -2,
    )
    assert (lamp["content_type"], bulb["content_type"]) == ("video", "short")
    assert table.skipped == 1
    assert any(f"'{publish}' is empty (rows 5)" in w for w in table.warnings)  # named as the file does
    assert table.accounts == [folder.split(" ", 2)[2]]  # the channel, from the download's name


@pytest.mark.parametrize("lang", list(LOCALISED))
def test_a_localised_chart_and_totals(lang: str) -> None:
    parsed = localised(lang)
    chart, totals = parsed["youtube-chart"].tables["daily"], parsed["youtube-totals"].tables["daily"]
    assert chart["views"].to_list() == [400, 500, 2100, 1154, 80]
    assert [d.day for d in chart["date"].to_list()] == [3, 4, 10, 11, 12]
    assert dict(zip([d.day for d in totals["date"].to_list()], totals["views"].to_list(), strict=True)) == (
        MARCH_TOTALS
    )


@pytest.mark.parametrize("lang", list(LOCALISED))
@pytest.mark.parametrize("totals_first", [True, False])
def test_a_localised_zip_shows_the_channels_views_by_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, totals_first: bool
) -> None:
    """The download as a zip (its files named in its language), its daily files imported apart
    in either order: the totals' figure wins on the days they cover, the chart fills the others."""
    folder = FIXTURES.parent / LOCALISED[lang][0]
    archive = tmp_path / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for member in sorted(folder.iterdir()):
            out.write(member, member.name)
    parsed = {r.format: r for _, r in read_paths([archive], PARIS)}  # type: ignore[union-attr]
    assert len(parsed) == 3 and {a for r in parsed.values() for a in r.accounts} == {
        folder.name.split(" ", 2)[2]
    }
    root = tmp_path / "ws"
    daily = ["youtube-totals", "youtube-chart"] if totals_first else ["youtube-chart", "youtube-totals"]
    for fmt in [*daily, "youtube-table"]:  # separate imports, as a person may do them
        Workspace(root).import_files([parsed[fmt]])
    stored = Workspace(root).load().daily
    views = dict(zip(stored["date"].to_list(), stored["views"].to_list(), strict=True))
    assert {d.day: n for d, n in views.items()} == MARCH_DAILY
    assert main(["--workspace", str(root), "report", "--period", "2026-03", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)["kpis"]["youtube"]
    assert report["account_views"]["value"] == sum(MARCH_DAILY.values()) == 4580
    assert report["views"]["value"] == 1204 + 3050  # post views: the two videos published in March
    assert report["posts"]["value"] == 2
    # The whole zip in one command, into a fresh workspace: no --account needed, the name tells.
    assert main(["--workspace", str(tmp_path / "fresh"), "import", str(archive)]) == 0


# --- The quirks of real files, in every language ------------------------------------------------
#
# Headers as each language's Studio writes them (names.youtube gives their sources); days and
# numbers as the real localised files keep them (ISO days, `Mar 3, 2026`), decimals as the
# locale writes them.

HEADERS = {
    "en": ("Content", "Video title", "Video publish time", "Date", "Views", "Watch time (hours)",
           "Subscribers", "Impressions", "Average view duration", "Estimated revenue (USD)",
           "Traffic source", "Total"),
    "fr": ("Contenu", "Titre de la vidéo", "Heure de publication de la vidéo", "Date", "Vues",
           "Durée de visionnage (heures)", "Abonnés", "Impressions", "Durée moyenne de visionnage",
           "Revenus estimés (EUR)", "Source de trafic", "Total"),
    "es": ("Contenido", "Título del vídeo", "Hora de publicación del vídeo", "Fecha", "Visualizaciones",
           "Tiempo de visualización (horas)", "Suscriptores", "Impresiones",
           "Duración media de la visualización", "Ingresos estimados (USD)", "Fuente de tráfico", "Total"),
    "pt": ("Conteúdo", "Título do vídeo", "Horário de publicação do vídeo", "Data", "Visualizações",
           "Tempo de exibição (horas)", "Inscritos", "Impressões", "Duração média da visualização",
           "Receita estimada (BRL)", "Origem do tráfego", "Total"),
    "de": ("Video", "Videotitel", "Veröffentlichungszeitpunkt des Videos", "Datum", "Aufrufe",
           "Wiedergabezeit (Stunden)", "Abonnenten", "Impressionen", "Durchschnittliche Wiedergabedauer",
           "Geschätzter Umsatz (EUR)", "Zugriffsquelle", "Gesamt"),
    "it": ("Contenuti", "Titolo video", "Ora pubblicazione video", "Data", "Visualizzazioni",
           "Tempo di visualizzazione (ore)", "Iscritti", "Impressioni", "Durata di visualizzazione media",
           "Entrate stimate (EUR)", "Sorgente di traffico", "Totale"),
}  # fmt: skip
LANGS = list(HEADERS)


@dataclass(frozen=True)
class Words:
    """One language's headers, by English name."""

    content: str
    title: str
    publish: str
    date: str
    views: str
    watch: str
    subscribers: str
    impressions: str
    duration: str
    revenue: str
    source: str
    total: str

    def decimal(self, text: str) -> str:
        """A decimal number as the locale writes it in a CSV cell."""
        return text if self is WORDS["en"] else f'"{text.replace(".", ",")}"'


WORDS = {lang: Words(*headers) for lang, headers in HEADERS.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_by_date_gives_the_channels_days(tmp_path: Path, lang: str) -> None:
    """Studio's Table data with Date as its dimension: a Total line, newest day first."""
    w = WORDS[lang]
    text = (
        f"{w.date},{w.views},{w.watch},{w.duration},{w.revenue},{w.subscribers}\n"
        f"{w.total},1000,{w.decimal('50.5')},0:03:02,{w.decimal('12.5')},4\n"
        f"2026-03-03,300,{w.decimal('15.5')},0:03:06,{w.decimal('3.5')},-1\n"
        f"2026-03-02,500,25,0:03:00,6,3\n"
        f"2026-03-01,200,10,0:03:00,3,2\n"
    )
    parsed = read_file(write(tmp_path, "Table data.csv", text))
    assert parsed.format == "youtube-totals"
    daily = parsed.tables["daily"]
    assert [d.day for d in daily["date"].to_list()] == [1, 2, 3]  # the Total line is no day
    assert daily["views"].to_list() == [200, 500, 300]  # Σ 1000, the Total's
    assert daily["followers_gained"].to_list() == [2, 3, 0]  # net +2, +3, −1
    assert daily["followers_lost"].to_list() == [0, 0, 1]
    assert daily["impressions"].null_count() == 3  # not in the file: null, not 0
    # What has no daily column is named, as the file writes it, not silently dropped.
    (warning,) = parsed.warnings
    assert all(f"'{name}'" in warning for name in (w.watch, w.duration, w.revenue))


@pytest.mark.parametrize("lang", LANGS)
def test_a_content_table_without_duration(tmp_path: Path, lang: str) -> None:
    """A table whose owner left out Duration, with a `Showing top 500 results` trailer."""
    w = WORDS[lang]
    text = (
        f"{w.content},{w.title},{w.publish},{w.views},{w.impressions}\n"
        f"{w.total},,,350,900\n"
        'aaaaaaaaaaa,First,"Mar 3, 2026",300,800\n'
        'bbbbbbbbbbb,Second,"Mar 4, 2026",50,100\n'
        "Showing top 500 results,,,,\n"
    )
    parsed = read_file(write(tmp_path, "renamed by hand.csv", text))
    assert parsed.format == "youtube-table"
    posts = parsed.tables["posts"]
    assert posts["views"].to_list() == [300, 50] and posts["impressions"].to_list() == [800, 100]
    # Neither a duration nor a Shorts column: the type is unknown, not guessed.
    assert posts["content_type"].null_count() == 2
    assert parsed.warnings == ["1 line(s) that are not videos left out (rows 5: 'Showing top 500 results')."]
    assert parsed.skipped == 0


@pytest.mark.parametrize(
    "day",
    [
        "Jul 6, 2023",  # Studio, in every language seen
        "6 juil. 2023",  # fr
        "6 de jul. de 2023",  # pt
        "6 jul 2023",  # es
        "6. Juli 2023",  # de
        "6 lug 2023",  # it
        "2023-07-06",
        "06.07.2023",  # a spreadsheet in a German locale
        "6-Jul-23",  # Excel's d-mmm-yy
    ],
)
def test_publish_days_written_in_words_or_by_a_spreadsheet(tmp_path: Path, day: str) -> None:
    text = f'Content,Video title,Video publish time,Views\naaaaaaaaaaa,T,"{day}",5\n'
    posts = read_file(write(tmp_path, "Table data.csv", text)).tables["posts"]
    assert posts["published_at"].to_list() == [datetime(2023, 7, 6, tzinfo=UTC)]


def test_the_shorts_columns_tell_a_short_without_duration(tmp_path: Path) -> None:
    text = (
        "Content,Video title,Video publish time,Shown in feed,Viewed (vs. swiped away) (%),Views\n"
        "Total,,,11304,42.68,4900\n"
        'aaaaaaaaaaa,Shown in the Shorts feed,"Dec 15, 2023",11304,42.68,4835\n'
        'bbbbbbbbbbb,A long video,"Nov 24, 2021",0,,48\n'
        'ccccccccccc,A Short never shown in the feed,"Jan 2, 2024",0,50,17\n'
    )
    posts = read_file(write(tmp_path, "Table data.csv", text)).tables["posts"]
    assert posts["content_type"].to_list() == ["short", "video", "short"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("table_first", [True, False])
def test_a_traffic_source_chart_counts_views_by_day(tmp_path: Path, lang: str, table_first: bool) -> None:
    w = WORDS[lang]
    chart = write(
        tmp_path,
        "Chart data.csv",
        f"{w.date},{w.source},{w.views}\n"
        "2026-03-01,External,5\n2026-03-01,YouTube search,7\n"
        "2026-03-02,External,0\n2026-03-02,YouTube search,3\n"
        "2026-03-03,External,4\n",
    )
    parsed = read_file(chart, ImportOptions(account="lumiere"))
    assert parsed.format == "youtube-chart"
    daily = parsed.tables["daily"]
    assert daily["views"].to_list() == [12, 3, 4]  # summed over the sources of each day
    # The start of its first day in Pacific Time (PST, UTC−8): a floor of the channel's figure.
    assert parsed.exported_at == datetime(2026, 3, 1, 8, tzinfo=UTC)
    # The chart may hold only some sources: the channel's Date table replaces it on its days.
    by_date = write(tmp_path, "Table data.csv", f"{w.date},{w.views}\n2026-03-01,20\n2026-03-02,10\n")
    table = read_file(by_date, ImportOptions(account="lumiere"))
    ws = Workspace(tmp_path / "ws")
    for item in [table, parsed] if table_first else [parsed, table]:
        ws.import_files([item])
    stored = ws.load().daily.sort("date")
    assert stored["views"].to_list() == [20, 10, 4]


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_by_traffic_source_is_refused_alone(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    path = write(
        tmp_path, "Table data.csv", f"{w.source},{w.views},{w.watch}\nExternal,21,{w.decimal('1.1')}\n"
    )
    message = refused(path)
    assert "a YouTube Studio table by traffic source, without dates" in message
    assert "chart data (one row per day)" in message and "Date as its dimension" in message
    assert "Google Analytics" not in message and "--account" not in message
    assert message.count("\n") == 0 and len(message) - len(str(path)) <= 300  # one or two lines


def test_a_table_by_another_dimension_is_refused_too(tmp_path: Path) -> None:
    text = (
        "Subscription status,Views,Watch time (hours),Average view duration\nTotal,10103,194.6712,0:01:10\n"
    )
    assert "table by subscription status, without dates" in refused(write(tmp_path, "t.csv", text))
    # A dimension kpitui does not know, beside a metric only YouTube writes.
    text = "Playlist,Views,Watch time (hours)\nMy list,12,0.5\n"
    assert "table by 'Playlist', without dates" in refused(write(tmp_path, "t.csv", text))


def _traffic_download(folder: Path) -> list[Path]:
    """A Traffic source download: the dateless table, its chart and its totals."""
    return [
        write(folder, "Table data.csv", "Traffic source,Views\nExternal,9\nYouTube search,10\n"),
        write(
            folder,
            "Chart data.csv",
            "Date,Traffic source,Views\n2026-03-01,External,9\n2026-03-01,YouTube search,9\n",
        ),
        write(folder, "Totals.csv", "Date,Views\n2026-03-01,19\n"),
    ]


def test_in_a_download_the_dateless_table_is_left_out_and_the_rest_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _traffic_download(tmp_path / "Traffic source 2026-03-01_2026-03-01 Atelier Lumière")
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for member in files:
            out.write(member, member.name)
    for where in (archive, files[0].parent):  # zipped, and unzipped in its download's folder
        results = {s.path.name: r for s, r in read_paths([where])}
        table = results["Table data.csv"]
        assert not isinstance(table, InputError) and table.rows == 0
        assert table.warnings and "table by traffic source, without dates" in table.warnings[0]
    # Beside its chart and totals, a renamed folder still shows it came with them.
    plain = _traffic_download(tmp_path / "exports")
    assert read_file(plain[0]).rows == 0
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", "--account", "lumiere", str(archive)]) == 0
    assert "without dates" in capsys.readouterr().out
    assert Workspace(root).load().daily["views"].to_list() == [19]  # the totals' figure


def test_headers_retyped_with_underscores(tmp_path: Path) -> None:
    chart = write(tmp_path, "c.csv", "Date,Traffic_source,Views\n2020-09-01,External,4\n2020-09-01,Other,1\n")
    assert read_file(chart).tables["daily"]["views"].to_list() == [5]
    table = write(
        tmp_path, "d.csv", "Date,Views,Watch_time (hours),Average_view_duration\n2020-09-01,4,0.2,0:03:00\n"
    )
    assert read_file(table).tables["daily"]["views"].to_list() == [4]
    dateless = "Traffic_source,Views,Watch_time (hours),Impressions_click-through_rate(%)\nExternal,21,1.1,\n"
    assert "table by traffic source" in refused(write(tmp_path, "t.csv", dateless))


def test_a_chart_without_video_duration(tmp_path: Path) -> None:
    """A chart whose owner kept only some video columns, and a revenue metric in reais."""
    head = "Data,Conteúdo,Título do vídeo,Horário de publicação do vídeo,"
    views = write(tmp_path, "v.csv", head + 'Visualizações\n2023-01-01,6s0bWKs_c6w,T,"Jun 21, 2023",7\n')
    assert read_file(views).tables["daily"]["views"].to_list() == [7]
    revenue = write(
        tmp_path, "r.csv", head + 'Receita estimada (USD)\n2023-01-01,6s0bWKs_c6w,T,"Jun 21, 2023",0\n'
    )
    parsed = read_file(revenue)
    assert (
        parsed.format == "youtube-chart" and parsed.rows == 0 and "nothing was imported" in parsed.warnings[0]
    )


# --- The real files of shared/real-exports (when that folder is there) ------------------------------


def _real_exports() -> Path | None:
    """`shared/real-exports` beside the checkout (or its worktree's parent), or $KPITUI_REAL_EXPORTS."""
    named = os.environ.get("KPITUI_REAL_EXPORTS")
    candidates = [Path(named)] if named else [p / "shared" / "real-exports" for p in ROOT.parents[:2]]
    return next((p for p in candidates if (p / "expected.json").is_file()), None)


REAL = _real_exports()
REAL_YOUTUBE = (
    {k: e for k, e in json.loads((REAL / "expected.json").read_text()).items() if k.startswith("youtube_")}
    if REAL
    else {}
)


@pytest.mark.skipif(REAL is None, reason="shared/real-exports is not beside this checkout")
@pytest.mark.parametrize("name", sorted(REAL_YOUTUBE) or ["none"])
def test_real_youtube_exports(name: str) -> None:
    """Each real YouTube file as expected.json says: its rows and sums, or a clear refusal."""
    assert REAL is not None
    entry, path = REAL_YOUTUBE[name], REAL / name
    if entry["expect"] == "refuse":
        with pytest.raises(InputError) as info:
            read_file(path)
        message = str(info.value)
        assert "--account" not in message
        assert not any(term.lower() in message.lower() for term in entry.get("must_not_mention", []))
        return
    parsed = read_file(path)
    frame = parsed.tables[entry["table"]]
    assert frame.height == entry["rows"]
    for column, total in entry["sums"].items():
        if column in frame.columns:
            assert frame[column].sum() == pytest.approx(total, rel=1e-9), column
