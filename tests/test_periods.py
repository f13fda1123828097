"""Every period form of DESIGN.md, the as-of rule, comparisons and moving a period."""

from __future__ import annotations

from datetime import date

import pytest

from kpitui.core.errors import PeriodError
from kpitui.core.periods import is_relative, parse_period

AS_OF = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31), "2026-03"),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "2026-02"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "2026-H1"),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31), "2026-H2"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026"),
        ("2026-W14", date(2026, 3, 30), date(2026, 4, 5), "2026-W14"),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), "2026-W01"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
        ("2026-01-01..2026-03-31", date(2026, 1, 1), date(2026, 3, 31), "2026-01-01..2026-03-31"),
        (" 2026-01-05 .. 2026-01-05 ", date(2026, 1, 5), date(2026, 1, 5), "2026-01-05..2026-01-05"),
        ("last-7d", date(2026, 3, 9), AS_OF, "last-7d"),
        ("last-28d", date(2026, 2, 16), AS_OF, "last-28d"),
        ("last-90d", date(2025, 12, 16), AS_OF, "last-90d"),
        ("mtd", date(2026, 3, 1), AS_OF, "mtd"),
        ("qtd", date(2026, 1, 1), AS_OF, "qtd"),
        ("ytd", date(2026, 1, 1), AS_OF, "ytd"),
    ],
)
def test_every_form(text: str, start: date, end: date, label: str) -> None:
    period = parse_period(text, as_of=AS_OF)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.days == (end - start).days + 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13",
        "2026-Q5",
        "2026-H3",
        "2026-W54",
        "2025-W53",
        "2026-02-30..2026-03-01",
        "2026-03-31..2026-01-01",
        "last-0d",
        "yesterday",
        "26-Q1",
        "2026-00",
    ],
)
def test_invalid_forms_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, as_of=AS_OF)


def test_message_lists_forms() -> None:
    with pytest.raises(PeriodError, match="2026-Q1"):
        parse_period("next week", as_of=AS_OF)


def test_relative_forms_need_an_as_of_date() -> None:
    with pytest.raises(PeriodError, match="as-of"):
        parse_period("last-28d")
    assert is_relative("last-28d") and is_relative("QTD") and not is_relative("2026-Q1")


@pytest.mark.parametrize(
    ("text", "previous", "year"),
    [
        ("2026-Q1", (date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 3, 31))),
        ("2026-03", (date(2026, 2, 1), date(2026, 2, 28)), (date(2025, 3, 1), date(2025, 3, 31))),
        ("2026-01", (date(2025, 12, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 1, 31))),
        ("2026-H1", (date(2025, 7, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 6, 30))),
        ("2026", (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))),
        ("2026-W14", (date(2026, 3, 23), date(2026, 3, 29)), (date(2025, 3, 31), date(2025, 4, 6))),
        (
            "2026-03-10..2026-03-19",
            (date(2026, 2, 28), date(2026, 3, 9)),
            (date(2025, 3, 10), date(2025, 3, 19)),
        ),
        ("last-7d", (date(2026, 3, 2), date(2026, 3, 8)), (date(2025, 3, 9), date(2025, 3, 15))),
        ("mtd", (date(2026, 2, 1), date(2026, 2, 15)), (date(2025, 3, 1), date(2025, 3, 15))),
        ("qtd", (date(2025, 10, 1), date(2025, 12, 13)), (date(2025, 1, 1), date(2025, 3, 15))),
        (
            "2024-02-29..2024-02-29",
            (date(2024, 2, 28), date(2024, 2, 28)),
            (date(2023, 2, 28), date(2023, 2, 28)),
        ),
    ],
)
def test_comparison_periods(text: str, previous: tuple[date, date], year: tuple[date, date]) -> None:
    period = parse_period(text, as_of=AS_OF)
    before = period.comparison("previous")
    year_before = period.comparison("year")
    assert before is not None and year_before is not None
    assert (before.start, before.end) == previous
    assert (year_before.start, year_before.end) == year
    assert period.comparison("none") is None


def test_mtd_previous_is_clipped_to_a_shorter_month() -> None:
    period = parse_period("mtd", as_of=date(2026, 3, 31))
    before = period.previous()
    assert (before.start, before.end) == (date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.parametrize(
    ("text", "steps", "label"),
    [
        ("2026-Q1", 1, "2026-Q2"),
        ("2026-Q1", -1, "2025-Q4"),
        ("2026-12", 1, "2027-01"),
        ("2026-H2", 1, "2027-H1"),
        ("2026", -2, "2024"),
        ("2026-W01", -1, "2025-W52"),
        ("2026-01-01..2026-01-10", 1, "2026-01-11..2026-01-20"),
        ("mtd", -1, "2026-02"),
        ("qtd", 1, "2026-Q2"),
    ],
)
def test_moving_a_period(text: str, steps: int, label: str) -> None:
    assert parse_period(text, as_of=AS_OF).shift(steps).label == label


def test_to_date_clips_the_end() -> None:
    period = parse_period("2026-Q1")
    assert period.to_date(date(2026, 2, 10)).end == date(2026, 2, 10)
    assert period.to_date(date(2026, 5, 1)) == period
    assert date(2026, 2, 10) in period and date(2026, 4, 1) not in period


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01..0001-12-31",
        "9999-12-01..9999-12-31",
        "0001",
        "0000",
        "9999-Q4",
        "9999-W52",
        "1969-12",
        "2101",
        "1969-12-31..2026-01-01",
        "2100-12-31..2101-01-01",
    ],
)
def test_periods_outside_1970_2100_are_refused(text: str) -> None:
    with pytest.raises(PeriodError, match=r"kpitui knows the days from 1970-01-01 to 2100-12-31"):
        parse_period(text, as_of=AS_OF)


@pytest.mark.parametrize("text", ["last-28d", "mtd", "ytd"])
def test_a_relative_period_at_an_as_of_outside_1970_2100_is_refused(text: str) -> None:
    with pytest.raises(PeriodError, match="1970-01-01 to 2100-12-31"):
        parse_period(text, as_of=date(9999, 12, 31))
    with pytest.raises(PeriodError, match="1970-01-01 to 2100-12-31"):
        parse_period("last-90d", as_of=date(1970, 1, 5))


def test_the_edges_are_periods() -> None:
    assert parse_period("1970-01-01..2100-12-31").days == 47_847
    assert parse_period("2100-12").end == date(2100, 12, 31)
    assert parse_period("1970-Q1").start == date(1970, 1, 1)


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("2100-12", 1),
        ("2100", 1),
        ("1970-01", -1),
        ("1970", -3),
        ("2100-W52", 1),
        ("2100-12-01..2100-12-31", 1),
        ("2026-Q1", 400),
    ],
)
def test_moving_past_the_edge_is_refused(text: str, steps: int) -> None:
    with pytest.raises(PeriodError, match="1970-01-01 to 2100-12-31"):
        parse_period(text).shift(steps)


def test_moving_to_the_edge_and_comparing_the_first_period() -> None:
    assert parse_period("2100-11").shift(1).label == "2100-12"
    assert parse_period("1970-02").shift(-1).label == "1970-01"
    first = parse_period("1970-01")
    assert (first.previous().start, first.previous().end) == (date(1969, 12, 1), date(1969, 12, 31))
    assert first.year_before().label == "1969-01"
    week = parse_period("1970-W02")
    assert week.year_before().label == "1969-W02" and week.previous().label == "1970-W01"
