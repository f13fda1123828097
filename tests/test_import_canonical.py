"""The canonical CSV import: what it reads, and every kind of bad input it refuses."""

from __future__ import annotations

import codecs
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, read_file

POSTS = """\
network,account,post_id,published_at,content_type,text,permalink,impressions,likes,comments,\
watch_time_hours
instagram,acme,1,2026-01-05T10:00:00Z,reel,"Hello, ""world"" [bold]x[/bold]",https://i/1,1000,40,5,
Instagram,acme,2,2026-01-06 09:00,photo,"two
lines",,,10,,
twitter,acme,3,2026-01-07T10:00:00+01:00,text,,, 500 ,5,1.0,
youtube,acme,4,2026-01-08T10:00,video,,,,,,2.5
"""


def write(tmp_path: Path, text: str | bytes, name: str = "file.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_posts_values(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, POSTS), ImportOptions(timezone="Europe/Paris"))
    assert parsed.format == "canonical"
    frame = parsed.tables["posts"]
    assert frame.height == 4
    assert frame["network"].to_list() == ["instagram", "instagram", "x", "youtube"]
    assert frame["published_at"].to_list() == [
        datetime(2026, 1, 5, 10, tzinfo=UTC),
        datetime(2026, 1, 6, 8, tzinfo=UTC),  # naive 09:00 in Paris
        datetime(2026, 1, 7, 9, tzinfo=UTC),
        datetime(2026, 1, 8, 9, tzinfo=UTC),
    ]
    assert frame["impressions"].to_list() == [1000, None, 500, None]
    assert frame["comments"].to_list() == [5, None, 1, None]  # 1.0 is a whole number
    assert frame["watch_time_hours"].to_list() == [None, None, None, 2.5]
    assert frame["text"][0] == 'Hello, "world" [bold]x[/bold]'
    assert frame["text"][1] == "two\nlines"
    assert frame["reach"].null_count() == 4  # absent columns are null, not 0
    assert parsed.accounts == ["acme"]
    assert parsed.days == (date(2026, 1, 5), date(2026, 1, 8))


def test_daily_and_traffic_are_told_by_their_columns(tmp_path: Path) -> None:
    daily = read_file(
        write(tmp_path, "date,network,account,followers,mentions\n2026-01-01,x,acme,10,\n", "d.csv")
    )
    assert list(daily.tables) == ["daily"]
    assert daily.tables["daily"]["followers"].to_list() == [10]
    assert daily.tables["daily"]["mentions"].to_list() == [None]
    traffic = read_file(
        write(
            tmp_path,
            "date,date_end,source,medium,sessions,conversions,revenue\n"
            "2026-01-01,,t.co,referral,5,1,9.5\n2026-02-01,2026-02-28,partner,referral,40,,\n",
            "t.csv",
        )
    )
    frame = traffic.tables["traffic"]
    assert frame["date_end"].to_list() == [date(2026, 1, 1), date(2026, 2, 28)]
    assert frame["conversions"].to_list() == [1.0, None]
    assert frame["network"].to_list() == [None, None]  # mapped when the workspace is read


def test_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "date,network,account,followers\n2026-01-01,x,acme,10\n"
    assert read_file(write(tmp_path, codecs.BOM_UTF8 + text.encode(), "a.csv")).rows == 1
    assert read_file(write(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "b.csv")).rows == 1


def test_account_option_fills_a_missing_account_column(tmp_path: Path) -> None:
    path = write(tmp_path, "network,post_id,published_at\nx,1,2026-01-01T00:00:00Z\n")
    with pytest.raises(InputError, match="missing key column 'account'"):
        read_file(path)
    assert read_file(path, ImportOptions(account="acme")).accounts == ["acme"]


def test_repeated_key_keeps_the_later_row_with_a_warning(tmp_path: Path) -> None:
    parsed = read_file(
        write(
            tmp_path,
            "date,network,account,followers\n2026-01-01,x,a,10\n2026-01-02,x,a,11\n2026-01-01,x,a,12\n",
        )
    )
    assert parsed.tables["daily"].sort("date")["followers"].to_list() == [12, 11]
    assert len(parsed.warnings) == 1
    assert "rows 2, 4" in parsed.warnings[0]


def test_blank_lines_are_ignored_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "date,network,account,followers\n2026-01-01,x,a,10\n\n2026-01-02,x,a,oops\n")
    with pytest.raises(InputError, match="row 4"):
        read_file(path)


BAD = [
    ("", "empty"),
    ("   \n\n", "empty"),
    ("network,account,post_id,published_at\n", "no rows"),
    ("network,account,post_id,published_at,colour\nx,a,1,2026-01-01,red\n", "unknown column 'colour'"),
    (
        "network,account,post_id,published_at,likes\nx,a,1,2026-01-01,12.5\n",
        "row 2, column 'likes': found '12.5'",
    ),
    ("network,account,post_id,published_at,likes\nx,a,1,2026-01-01,1,234\n", "row 2 (line 2): 6 fields"),
    (
        "network,account,post_id,published_at,likes\nx,a,1,2026-01-01,5\nx,a,2,2026-01-02\n",
        "row 3 (line 3): 4 fields",
    ),
    ('network,account,post_id,published_at,likes\nx,a,1,2026-01-01,5\nx,a,2,2026-01-02,"9', "never closed"),
    ("network,account,post_id,published_at\nx,a,1,01/02/2026\n", "column 'published_at': found '01/02/2026'"),
    ("network,account,post_id,published_at\nx,a,1,2026-02-30\n", "column 'published_at'"),
    ("date,network,account,followers\n2026-13-01,x,a,1\n", "column 'date': found '2026-13-01'"),
    ("network,account,post_id\nx,a,1\n", "missing key column 'published_at'"),
    ("network,account,post_id,published_at\nx,a,,2026-01-01\n", "row 2, column 'post_id': empty"),
    (
        "network,account,post_id,published_at\nmyspace,a,1,2026-01-01\n",
        "found 'myspace', expected one of facebook",
    ),
    ("network,account,post_id,published_at,content_type\nx,a,1,2026-01-01,meme\n", "column 'content_type'"),
    ("network,account,post_id,published_at,likes,likes\nx,a,1,2026-01-01,1,2\n", "appears twice"),
    ("date,date_end,source,sessions\n2026-02-01,2026-01-31,t.co,5\n", "before 'date'"),
    ("hello,world\n1,2\n", "not a known export format"),
    ("date,network,account,followers\n2026-01-01,x,a,ten\n", "expected a whole number"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_names_file_row_column_and_expectation(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", "export.csv")
    with pytest.raises(InputError, match="binary file"):
        read_file(path)
    zipped = write(tmp_path, b"PK\x03\x04\x00\x00some zip content\xff\xfe\x00", "export2.csv")
    with pytest.raises(InputError, match="a zip archive"):
        read_file(zipped)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    text = "date,network,account,followers\n2026-01-01,x,café,1\n".encode("latin-1")
    with pytest.raises(InputError, match=r"line 2: the text is not UTF-8"):
        read_file(write(tmp_path, text))


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)
    with pytest.raises(InputError, match="cannot be read"):
        read_file(tmp_path / "nope.csv")


def test_unknown_format_option(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Unknown format 'tiktok-xyz'"):
        read_file(write(tmp_path, POSTS), ImportOptions(format="tiktok-xyz"))


def test_large_file_with_quoted_commas_has_no_false_ragged_rows(tmp_path: Path) -> None:
    rows = pl.DataFrame(
        {
            "network": ["x"] * 5000,
            "account": ["a"] * 5000,
            "post_id": [str(i) for i in range(5000)],
            "published_at": ["2026-01-01T00:00:00Z"] * 5000,
            "text": ['a, "quoted", text\nwith a newline'] * 5000,
            "likes": list(range(5000)),
        }
    )
    path = tmp_path / "big.csv"
    rows.write_csv(path)
    parsed = read_file(path)
    assert parsed.rows == 5000
    assert parsed.tables["posts"]["text"][0] == 'a, "quoted", text\nwith a newline'
