"""Reading CSV rows (csvtext.read_strings): ragged rows named by their record, short rows padded
where an export leaves trailing empty cells off, other separators."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitui.core.errors import InputError
from kpitui.core.importers.csvtext import read_strings

CAPTION = '"Line one\n\nwith, commas, and more, commas\nlast line"'
"""A caption over four physical lines; its middle lines hold commas and no quote."""


def test_a_short_row_after_a_multiline_caption_is_named_by_its_record() -> None:
    data = f"id,text,a,b\n1,{CAPTION},2,3\n2,plain,4\n".encode()
    with pytest.raises(
        InputError, match=r"row 3 \(line 6\): 3 fields where the header has 4; the row has fewer"
    ):
        read_strings(Path("f.csv"), data)


def test_commas_inside_a_caption_never_make_a_row_look_long() -> None:
    data = f"id,text,a,b\n1,{CAPTION},2,3\n2,{CAPTION},4,5\n".encode()
    frame = read_strings(Path("f.csv"), data)
    assert frame["a"].to_list() == ["2", "4"]


def test_short_rows_are_padded_when_asked() -> None:
    data = f"id,text,a,b\n1,{CAPTION},2,3\n2,{CAPTION}\n3,x,7,\n".encode()
    frame = read_strings(Path("f.csv"), data, pad_short=True)
    assert frame.select("_row", "id", "a", "b").rows() == [
        (2, "1", "2", "3"),
        (3, "2", None, None),
        (4, "3", "7", None),
    ]


def test_a_short_last_row_without_a_line_break_is_a_cut_file() -> None:
    data = b"id,a,b\n1,2,3\n2,4"
    with pytest.raises(InputError, match=r"row 3 .*fewer fields than columns \(the file looks truncated\)"):
        read_strings(Path("f.csv"), data, pad_short=True)


def test_padding_never_accepts_a_long_row() -> None:
    data = b"id,a,b\n1,2,3\n2,4,5,6\n"
    with pytest.raises(
        InputError, match=r"row 3 \(line 3\): 4 fields where the header has 3; the row has more"
    ):
        read_strings(Path("f.csv"), data, pad_short=True)


def test_semicolons_and_tabs() -> None:
    for sep in (";", "\t"):
        data = f"Date{sep}Primary\n2025-10-31{sep}1148\n2025-11-01{sep}762\n".encode()
        frame = read_strings(Path("f.csv"), data, separator=sep)
        assert frame["Primary"].to_list() == ["1148", "762"]
    with pytest.raises(InputError, match=r"row 3 \(line 3\): 1 fields where the header has 2"):
        read_strings(Path("f.csv"), b"Date;Primary\n2025-10-31;1\n2025-11-01\n", separator=";")
