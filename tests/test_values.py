"""The value parsers shared by the importers, with examples and properties (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitui.core.errors import InputError
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


# --- localised dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spanish
        ("8 de marzo", date(2024, 3, 8)),
        ("8 de marzo de 2025", date(2025, 3, 8)),
        ("1º de enero", date(2024, 1, 1)),
        ("2 de ago. de 2025", date(2025, 8, 2)),
        ("15 sept 2025", date(2025, 9, 15)),
        ("31 DIC 2025", date(2025, 12, 31)),
        # French
        ("12 janv. 2025", date(2025, 1, 12)),
        ("12 janv 2025", date(2025, 1, 12)),
        ("1er janvier", date(2024, 1, 1)),
        ("17 févr.", date(2024, 2, 17)),
        ("17 fevr", date(2024, 2, 17)),  # accents optional
        ("3 août 2025", date(2025, 8, 3)),
        ("25 DÉCEMBRE 2025", date(2025, 12, 25)),
        ("lundi 3 mars 2025", date(2025, 3, 3)),
        # Portuguese
        ("8 de março de 2025", date(2025, 3, 8)),
        ("8 de marco", date(2024, 3, 8)),
        ("21 out 2025", date(2025, 10, 21)),
        ("5 de set.", date(2024, 9, 5)),
        # German
        ("3. März 2025", date(2025, 3, 3)),
        ("3. Maerz", date(2024, 3, 3)),
        ("3 Mrz 2025", date(2025, 3, 3)),
        ("4. Okt. 2025", date(2025, 10, 4)),
        ("24. Dez.", date(2024, 12, 24)),
        ("9. Mai 2025", date(2025, 5, 9)),
        # Italian
        ("1 settembre", date(2024, 9, 1)),
        ("1° settembre 2025", date(2025, 9, 1)),
        ("5 mag 2025", date(2025, 5, 5)),
        ("30 giu", date(2024, 6, 30)),
        ("7 lug. 2025", date(2025, 7, 7)),
        # English, month first too
        ("28 August", date(2024, 8, 28)),
        ("August 28", date(2024, 8, 28)),
        ("Aug 28, 2025", date(2025, 8, 28)),
        ("Mon Feb 17 2025", date(2025, 2, 17)),
        ("Tue, Jul 14, 2026", date(2026, 7, 14)),
        # not a day
        ("30 février 2025", None),
        ("29 feb 2025", None),
        ("8 de nada", None),
        ("marzo", None),
        ("", None),
    ],
)
def test_days_in_words(text: str, expected: date | None) -> None:
    """Without a year in the text, the one given (2024) is used."""
    assert one(lambda e: v.local_date(e, 2024), text) == expected


def test_a_day_without_a_year_and_no_year_given_is_null() -> None:
    assert one(v.local_date, "8 de marzo") is None
    assert one(v.day_parts, "8 de marzo") == {"year": None, "month": 3, "day": 8}


def test_a_missing_year_puts_the_day_on_or_before_the_anchor() -> None:
    frame = pl.DataFrame({"t": ["28 décembre", "3 janvier", "3 janvier 2023"]})
    days = frame.select(v.day_on_or_before(v.day_parts(pl.col("t")), pl.lit(date(2025, 1, 10))))
    assert days.to_series().to_list() == [date(2024, 12, 28), date(2025, 1, 3), date(2023, 1, 3)]


MONTHS_BY_LANGUAGE = {
    "en": ("january february march april may june july august september october november december"),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
SHORT_BY_LANGUAGE = {
    "en": "jan feb mar apr may jun jul aug sep oct nov dec",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
    "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
    "de": "Jan. Feb. Mär. Apr. Mai Jun. Jul. Aug. Sep. Okt. Nov. Dez.",
    "it": "gen. feb. mar. apr. mag. giu. lug. ago. set. ott. nov. dic.",
}


@settings(deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    language=st.sampled_from(sorted(MONTHS_BY_LANGUAGE)),
    short=st.booleans(),
    style=st.sampled_from(["lower", "upper", "title", "bare", "nodot"]),
    with_year=st.booleans(),
)
def test_every_language_reads_back_every_day(
    day: date, language: str, short: bool, style: str, with_year: bool
) -> None:
    names = (SHORT_BY_LANGUAGE if short else MONTHS_BY_LANGUAGE)[language].split()
    month = names[day.month - 1]
    month = {
        "lower": month.lower(),
        "upper": month.upper(),
        "title": month.title(),
        "bare": v.fold_text(month),  # without accents
        "nodot": month.rstrip("."),
    }[style]
    glue = {"es": " de ", "pt": " de "}.get(language, ". " if language == "de" else " ")
    text = f"{day.day}{glue}{month}" + (
        f"{glue if language in ('es', 'pt') else ' '}{day.year}" if with_year else ""
    )
    assert one(lambda e: v.local_date(e, day.year), text) == day, text


# --- localised numbers ----------------------------------------------------------------------------


def column(values: list[str | None], **kwargs: object) -> list[float | None]:
    frame = pl.DataFrame({"x": values}, schema={"x": pl.String})
    return frame.select(v.number(pl.col("x"), **kwargs)).to_series().to_list()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "mark", "numbers"),
    [
        # French: spaces (any width) between thousands, a decimal comma
        (["1 234,5", "12", "0,75"], ",", [1234.5, 12.0, 0.75]),
        (["1\u202f234,5", "1\u00a0000 000,25"], ",", [1234.5, 1000000.25]),
        # German, Spanish, Italian, Portuguese: dots between thousands, a decimal comma
        (["1.234,5", "12,25", "3"], ",", [1234.5, 12.25, 3.0]),
        (["1.234.567", "8"], ",", [1234567.0, 8.0]),
        # English: commas between thousands, a decimal dot
        (["1,234.5", "0.5"], ".", [1234.5, 0.5]),
        (["1,234,567", "2"], ".", [1234567.0, 2.0]),
        # Swiss: apostrophes between thousands, a decimal dot
        (["1'234.5", "12'000"], ".", [1234.5, 12000.0]),
        # a column that settles nothing reads its groups as thousands (as a count)
        (["1.234", "5.678"], None, [1.234, 5.678]),
        (["1,234", "5"], None, [1234.0, 5.0]),
    ],
)
def test_numbers_in_every_convention(values: list[str], mark: str | None, numbers: list[float]) -> None:
    assert v.decimal_mark(pl.Series(values)) == mark
    assert column(values) == numbers


def test_the_file_settles_a_column_that_cannot_tell() -> None:
    frame = pl.DataFrame({"views": ["1.234", "5.678"], "hours": ["12,5", "1.200,75"]})
    mark = v.settled_mark(frame, ["views", "hours"])
    assert mark == ","
    assert column(["1.234", "5.678"], decimal=mark) == [1234.0, 5678.0]
    assert v.settled_mark(pl.DataFrame({"a": ["1.234"], "b": ["7"]}), ["a", "b"]) is None
    assert v.settled_mark(pl.DataFrame({"a": ["1,5"], "b": ["1.5"]}), ["a", "b"]) is None  # they disagree


def test_a_value_in_the_other_convention_is_a_bad_value() -> None:
    assert column(["1.234,5", "12.5"], decimal=",") == [1234.5, None]
    assert column(["1,234.5", "12,5"], decimal=".") == [1234.5, None]


def test_counts_with_dots_between_thousands() -> None:
    frame = pl.DataFrame({"x": ["1.234", "12.345.678", "7"]})
    assert frame.select(v.count(pl.col("x"))).to_series().to_list() == [1234, 12345678, 7]
    frame = pl.DataFrame({"x": ["1.234", "1777.0"]})  # the dot is a decimal mark here: 1.234 is no count
    assert frame.select(v.count(pl.col("x"))).to_series().to_list() == [None, 1777]


def test_a_truly_ambiguous_decimal_is_refused_saying_how_to_fix_it(tmp_path: Path) -> None:
    raw = pl.DataFrame({"_row": [2, 3], "Watch time": ["12", "1.234"]})
    with pytest.raises(InputError) as info:
        v.refuse_ambiguous(tmp_path / "t.csv", raw, ["Watch time"])
    assert str(info.value) == (
        f"{tmp_path / 't.csv'}, row 3, column 'Watch time': '1.234' reads as 1234 or as 1.234, and nothing "
        "in the file tells whether '.' separates thousands or decimals. Write the column's numbers with "
        "their decimals or without thousands separators (a spreadsheet's plain number format), then "
        "import it again."
    )
    v.refuse_ambiguous(tmp_path / "t.csv", raw, ["Watch time"], decimal=",")  # the file's locale tells
    settled = pl.DataFrame({"_row": [2, 3], "Watch time": ["12,5", "1.234"]})
    v.refuse_ambiguous(tmp_path / "t.csv", settled, ["Watch time"])  # the column tells


def test_a_localised_file_is_read_by_the_mark_its_columns_settle(tmp_path: Path) -> None:
    raw = pl.DataFrame(
        {
            "_row": [2, 3],
            "Vues": ["1.234", "12.345"],  # alone, these could be decimals
            "Abonnés": ["7", "1.002"],
            "Heures": ["1.234", "10,5"],  # this column says: a decimal comma
        }
    )
    read = v.localised(tmp_path / "f.csv", raw, counts=["Vues", "Abonnés"], decimals=["Heures"])
    assert raw.select(**read).rows() == [(1234, 7, 1234.0), (12345, 1002, 10.5)]
    english = raw.with_columns(Heures=pl.Series(["1.234", "10.5"]))
    read = v.localised(tmp_path / "f.csv", english, counts=["Vues"], decimals=["Heures"])
    assert english.select(**read).rows() == [(None, 1.234), (None, 10.5)]  # `1.234` views is no count
    with pytest.raises(InputError, match=r"row 2, column 'Heures': '1.234' reads as 1234 or as 1.234"):
        v.localised(
            tmp_path / "f.csv", raw.with_columns(Heures=pl.Series(["1.234", "7"])), decimals=["Heures"]
        )


CONVENTIONS = {
    # name: (thousands separator, decimal mark)
    "en": (",", "."),
    "fr": ("\u202f", ","),
    "fr-space": (" ", ","),
    "fr-nbsp": ("\u00a0", ","),
    "de": (".", ","),
    "ch": ("'", "."),
}


def written(d: Decimal, convention: str, grouped: bool = True) -> str:
    """`d` as a person using `convention` writes it."""
    thousands, mark = CONVENTIONS[convention]
    english = f"{d:,.2f}" if grouped else f"{d:.2f}"
    return english.replace(",", "\0").replace(".", mark).replace("\0", thousands)


@settings(deadline=None)
@given(
    values=st.lists(
        st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False), min_size=1, max_size=6
    ),
    convention=st.sampled_from(sorted(CONVENTIONS)),
    grouped=st.booleans(),
)
def test_numbers_read_back_exactly_in_every_convention(
    values: list[Decimal], convention: str, grouped: bool
) -> None:
    texts = [written(d, convention, grouped) for d in values]
    mark = CONVENTIONS[convention][1]
    assert column(texts, decimal=mark) == [float(d) for d in values]  # type: ignore[arg-type]
    assert v.decimal_mark(pl.Series(texts)) in (mark, None)  # never the wrong mark
    # with one value that shows its decimals, the column settles the mark by itself
    assert column([*texts, f"0{mark}25"]) == [*[float(d) for d in values], 0.25]


@settings(deadline=None)
@given(n=st.integers(min_value=-(10**12), max_value=10**12), convention=st.sampled_from(sorted(CONVENTIONS)))
def test_counts_read_back_exactly_in_every_convention(n: int, convention: str) -> None:
    thousands, _ = CONVENTIONS[convention]
    text = f"{n:,}".replace(",", thousands)
    assert one(v.count, text) == n, text
