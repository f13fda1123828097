"""The table model (`kpitui.core.table`) and its renderers: one table, every surface."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

from rich.text import Text

from kpitui.core.objectives import Evaluation, Objective
from kpitui.core.periods import Period
from kpitui.core.report import objectives_table
from kpitui.core.table import (
    Cell,
    Column,
    Row,
    Table,
    number,
    to_csv,
    to_markdown,
    to_records,
    to_text,
)
from kpitui.tui.tables import fit

COLUMNS = (
    Column("post", "Post", limit=30, flexible=True, least=6),
    Column("day", "Day", shown=False),
    number("reach", "Reach", "count"),
    Column("change", "Change", "change", "right", joined=True),
    number("rate", "Rate", "ratio", priority=1),
    Column("trend", "Trend", "spark", priority=2, data=False),
)
TABLE = Table(
    "posts",
    COLUMNS,
    (
        Row(
            (
                Cell("=1+1", "=1+1"),
                Cell(date(2026, 3, 1), "2026-03-01"),
                Cell(176060.0, "176,060"),
                Cell(None, "new"),
                Cell(0.0412, "4.12%"),
                Cell(None, "▁█"),
            ),
            group="Video",
        ),
        Row(
            (
                Cell("-3", "-3"),
                Cell(date(2026, 3, 2), "2026-03-02"),
                Cell(1234, "1,234"),
                Cell(-0.25, "-25.0%"),
                Cell(None, "—"),
                Cell(None, ""),
            ),
            group="Video",
        ),
    ),
    group="Type",
)


def test_csv_writes_numbers_as_numbers_and_the_change_in_its_own_column() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(TABLE))))
    assert rows == [
        ["Type", "Post", "Day", "Reach", "Change", "Rate"],  # no sparkline: it is no data
        ["Video", "'=1+1", "2026-03-01", "176060", "", "0.0412"],  # a formula neutralised; "new" is no number
        ["Video", "-3", "2026-03-02", "1234", "-0.25", ""],  # a signed number is left as it is
    ]


def test_records_hold_the_raw_values() -> None:
    assert to_records(TABLE)[1] == {
        "group": "Video",
        "post": "-3",
        "day": "2026-03-02",
        "reach": 1234,
        "change": -0.25,
        "rate": None,
    }


def test_text_joins_the_change_to_its_value_and_aligns_numbers() -> None:
    assert to_text(TABLE, indent="") == [
        "Post         Reach   Rate  Trend",
        "────  ────────────  ─────  ─────",
        "Video",
        "=1+1   176,060 new  4.12%  ▁█",
        "-3    1,234 -25.0%      —",
    ]


def test_markdown_escapes_cells_and_right_aligns_numbers() -> None:
    lines = to_markdown(TABLE)
    assert lines[:2] == ["| Type | Post | Reach | Rate | Trend |", "| --- | --- | ---: | ---: | --- |"]
    assert lines[2] == "| Video | =1+1 | 176,060 new | 4.12% | ▁█ |"
    assert to_markdown(Table("t", (Column("a", "A"),), (Row((Cell("<b>|x", "<b>|x"),)),)))[2] == (
        "| &lt;b&gt;\\|x |"
    )


def test_a_narrow_table_drops_the_least_important_columns_first() -> None:
    drawn = [[Text("a long title of a post"), Text("176,060 new"), Text("4.12%"), Text("▁█")]]
    assert list(fit(TABLE, drawn, 0)) == [0, 1, 2, 3]  # unlimited: every column drawn
    assert fit(TABLE, drawn, 60) == {0: 22, 1: 11, 2: 5, 3: 5}
    assert fit(TABLE, drawn, 36) == {0: 12, 1: 11, 2: 5}  # the trend goes first, the title narrows
    assert fit(TABLE, drawn, 26) == {0: 9, 1: 11}  # then the rate
    assert fit(TABLE, drawn, 10) == {0: 6, 1: 11}  # the title keeps its least, the rest scrolls


def test_text_fits_a_width_by_dropping_what_matters_least() -> None:
    """The text renderer drops the trend, then the rate, and cuts the title; Markdown and CSV keep
    every column whatever the width."""
    assert to_text(TABLE, indent="", width=0) == to_text(TABLE, indent="")
    assert to_text(TABLE, indent="", width=25) == [
        "Post         Reach   Rate",
        "────  ────────────  ─────",
        "Video",
        "=1+1   176,060 new  4.12%",
        "-3    1,234 -25.0%      —",
    ]
    wide = replace(
        TABLE,
        rows=(
            replace(TABLE.rows[0], cells=(Cell("a long title", "a long title"), *TABLE.rows[0].cells[1:])),
        ),
    )
    assert to_text(wide, indent="", width=20) == [
        "Post           Reach",
        "───────  ───────────",
        "Video",
        "a long…  176,060 new",
    ]
    assert len(to_markdown(wide)[0].split("|")) == len(to_markdown(TABLE)[0].split("|"))


def test_the_objectives_table_reads_the_same_everywhere() -> None:
    """`≥` (never `>=`) and the KPI's label (never its id), the comparison a column in data."""
    objective = Objective("ig", "Instagram reach", "instagram", "engagement_rate", ">=", 0.05, "2026-Q1")
    period = Period(date(2026, 1, 1), date(2026, 3, 31), "quarter", "2026-Q1")
    evaluation = Evaluation(objective, period, date(2026, 2, 14), "at_risk", 0.04, 0.042, 0.8, None, 45)
    table = objectives_table([evaluation], "EUR")
    [line] = to_text(table, indent="")[2:]
    assert line.split("  ")[:2] == ["at risk", "Instagram reach"]
    assert "≥ 5.00%" in line and "Engagement rate" in line and ">=" not in line
    [record] = to_records(table)
    assert record["status"] == "at_risk" and record["kpi"] == "Engagement rate"
    assert (record["comparison"], record["target"], record["value"], record["progress"]) == (
        ">=",
        0.05,
        0.04,
        0.8,
    )
    assert record["needed_per_day"] is None
