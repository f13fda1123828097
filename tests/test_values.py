"""The value parsers shared by the importers, with examples and properties (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitui.core.importers import values as v


def one(expr_fn, text: str | None) -> object:  # type: ignore[no-untyped-def]
    return pl.DataFrame({"x": [text]}, schema={"x": pl.String}).select(expr_fn(pl.col("x")))[0, 0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234.0),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("1 234", 1234.0),
        ("1\u202f234", 1234.0),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("1777.0", 1777.0),
        ("-3", -3.0),
        ("45.23%", 0.4523),
        ("0.6667", 0.6667),
        ("$0.00", 0.0),
        ("£12.50", 12.5),
        ("A$3", 3.0),
        ("12 EUR", 12.0),
        ("<0.01", 0.01),
        ("-", None),
        ("undefined", None),
        ("", None),
        (None, None),
        ("N/A", None),
        ("abc", None),
        ("1,23,4", None),
    ],
)
def test_number(text: str | None, value: float | None) -> None:
    got = one(v.number, text)
    assert got == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize(("text", "value"), [("1,234", 1234), ("1777.0", 1777), ("12.5", None), ("5%", None)])
def test_count(text: str, value: int | None) -> None:
    assert one(v.count, text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0:04:23", 263.0),
        ("00:01:23", 83.0),
        ("1:02:03", 3723.0),
        ("04:23", 263.0),
        ("<00:00:01", 1.0),
        ("42", 42.0),
    ],
)
def test_duration(text: str, value: float) -> None:
    assert one(v.duration_seconds, text) == value


def test_dates_in_several_forms() -> None:
    forms = ["%m/%d/%Y", "%b %d, %Y", "%a, %b %d, %Y", "%Y%m%d", "%Y-%m-%d"]
    for text, expected in [
        ("09/28/2026", date(2026, 9, 28)),
        ("Sep 27, 2024", date(2024, 9, 27)),
        ("Tue, Jul 14, 2026", date(2026, 7, 14)),
        ("20260501", date(2026, 5, 1)),
        ("2026-05-01", date(2026, 5, 1)),
        ("13/45/2026", None),
    ]:
        assert one(lambda e: v.date_in(e, forms), text) == expected


def test_local_datetime_is_stored_in_utc() -> None:
    got = one(lambda e: v.local_datetime_in(e, ["%m/%d/%Y %H:%M"], "America/New_York"), "09/28/2026 18:12")
    assert got == datetime(2026, 9, 28, 22, 12, tzinfo=UTC)


def test_unescape_html() -> None:
    frame = pl.DataFrame({"t": ["Fish &amp; chips &gt; 3", "plain", None, "&#128512; ok", "&unknown;"]})
    assert v.unescape_html(frame, "t")["t"].to_list() == [
        "Fish & chips > 3",
        "plain",
        None,
        "😀 ok",
        "&unknown;",
    ]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_count_reads_every_way_of_writing_an_integer(n: int) -> None:
    for text in (str(n), f"{n:,}", f"{n}.0", f"{n:,}".replace(",", " ")):
        assert one(v.count, text) == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_number_reads_decimals_with_separators(d) -> None:  # type: ignore[no-untyped-def]
    assert one(v.number, f"{d:,}") == pytest.approx(float(d))
    assert one(v.number, f"{d}%") == pytest.approx(float(d) / 100)


@given(st.text(max_size=30))
def test_number_never_raises_and_never_invents_zero(text: str) -> None:
    got = one(v.number, text)
    assert got is None or isinstance(got, float)
    if got == 0:
        assert "0" in text


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip(day: date) -> None:
    forms = ["%m/%d/%Y", "%b %d, %Y", "%Y%m%d"]
    for text in (day.strftime("%m/%d/%Y"), day.strftime("%b %d, %Y"), day.strftime("%Y%m%d")):
        assert one(lambda e: v.date_in(e, forms), text) == day
