"""Periods: every form a person can type, their comparison periods, moving them.

Forms: `2026-03` (month), `2026-Q1`, `2026-H1`, `2026` (year), `2026-W14`
(ISO week), `2026-01-01..2026-03-31`, and the relative `last-7d`, `last-28d`,
`last-90d` (any `last-Nd`), `mtd`, `qtd`, `ytd`. Relative periods end at the
as-of date: the latest date with data unless the user gives one, because
exports always lag and "today" would show empty panels.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final, Literal

from kpitui.core import i18n
from kpitui.core.errors import PeriodError
from kpitui.core.i18n import N_, _, ngettext

Kind = Literal["month", "quarter", "half", "year", "week", "range", "last", "mtd", "qtd", "ytd"]
Comparison = Literal["previous", "year", "none"]
COMPARISONS: Final[tuple[Comparison, ...]] = ("previous", "year", "none")

FORMS_HELP: Final = N_(
    "2026-03, 2026-Q1, 2026-H1, 2026, 2026-W14, 2026-01-01..2026-03-31, "
    "last-7d, last-28d, last-90d, mtd, qtd, ytd"
)
"""The forms, as the help shows them (French adds T1 2026, S1 2026, mars 2026: `forms_help`)."""


def forms_help() -> str:
    """The forms a period can be typed in, in the current language's help."""
    return _(FORMS_HELP)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[QT]([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-?[HS]([12])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^[QT]([1-4])[\s-]+(\d{4})$", re.IGNORECASE)
"""`T1 2026` (French: trimestre), `Q1 2026`."""
_HALF_FIRST = re.compile(r"^[HS]([12])[\s-]+(\d{4})$", re.IGNORECASE)
"""`S1 2026` (French: semestre), `H1 2026`."""
_WEEK_WORDS = re.compile(r"^(?:semaine|week)\s+(\d{1,2})(?:\s+(?:de\s+)?|\s*,\s*)(\d{4})$", re.IGNORECASE)
"""`semaine 14 de 2026`, `week 14 2026`."""
_MONTH_WORDS = re.compile(r"^([^\W\d_][^\d]*?)\.?\s+(\d{4})$")
"""`mars 2026`, `sept. 2025`, `March 2026`: a month's name (English or French) and a year."""
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")
_LAST = re.compile(r"^last-?(\d{1,4})d$", re.IGNORECASE)

EARLIEST: Final = date(1970, 1, 1)
LATEST: Final = date(2100, 12, 31)
"""The days kpitui knows. Dates outside these are damage or a typo: no export holds them, a
year 0 cannot even become a Python date, and a period near year 9999 has no next one."""

_CALENDAR_MONTHS: Final[dict[str, int]] = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@dataclass(frozen=True, slots=True)
class Period:
    """A closed range of days, with the form it was written in.

    `start` and `end` are both included. `kind` remembers the form so that
    moving the period or finding its comparison keeps calendar units whole.
    """

    start: date
    end: date
    kind: Kind
    label: str
    part: tuple[Period, int] | None = None
    """For the first days of a period (`first_days`): that period, and how many days. The label
    says it in English for machines; `name` says it in the reader's language."""

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def range_text(self) -> str:
        """`YYYY-MM-DD..YYYY-MM-DD`, the unambiguous spelling of the days."""
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def name(self) -> str:
        """The label as the current language writes it: `2026-Q1` in English (the label itself),
        `T1 2026`, `S1 2026`, `sept. 2025`, `semaine 14 de 2026`, `28 derniers jours` in French.

        The label stays the stable spelling (JSON, file names, objectives.toml)."""
        if i18n.language() == "en":
            return self.label
        if self.part is not None:
            whole, days = self.part
            # TRANSLATORS: a comparison cut to the running period's days: "2025-Q4 (first 46 days)"
            first = ngettext("{period} (first {days} day)", "{period} (first {days} days)", days)
            return first.format(period=whole.name, days=days)
        start, kind = self.start, self.kind
        if kind == "month":
            from babel.dates import format_date  # Babel where it lays something out (i18n._locale)

            return format_date(start, "MMM y", locale=i18n.locale())
        if kind == "quarter":
            return _("{year}-Q{quarter}").format(year=start.year, quarter=(start.month - 1) // 3 + 1)
        if kind == "half":
            return _("{year}-H{half}").format(year=start.year, half=(start.month - 1) // 6 + 1)
        if kind == "week":
            iso = start.isocalendar()
            return _("{year}-W{week:02d}").format(year=iso.year, week=iso.week)
        if kind == "last":
            return ngettext("last-{days}d", "last-{days}d", self.days).format(days=self.days)
        if kind in ("mtd", "qtd", "ytd"):
            return {"mtd": _("mtd"), "qtd": _("qtd"), "ytd": _("ytd")}[kind]
        if kind == "range" and self.label == self.range_text:
            return self.days_text
        return self.label

    @property
    def days_text(self) -> str:
        """The days as the current language writes them: `2026-01-01..2026-03-31` in English,
        `1 janv. – 31 mars 2026` in French."""
        if i18n.language() == "en":
            return self.range_text
        from babel.dates import format_date, format_interval

        if self.start == self.end:
            return format_date(self.start, "medium", locale=i18n.locale())
        # CLDR puts thin spaces (U+2009) around the dash: a terminal gives them a whole cell
        # anyway, and not every terminal font has them (kpitui.core.format's note)
        return format_interval(self.start, self.end, "yMMMd", locale=i18n.locale()).replace("\u2009", " ")

    def describe(self) -> str:
        """The name, followed by the dates when the name does not show them."""
        if self.kind == "range" and self.label == self.range_text:
            return self.name
        return f"{self.name} ({self.days_text})"

    def first_days(self, days: int) -> Period:
        """The first `days` days of the period (all of it at most), labelled `2025-Q4 (first 46
        days)` in every language (the label is in JSON); its `name` is the reader's language's."""
        end = min(self.start + timedelta(days=days - 1), self.end)
        return Period(self.start, end, "range", f"{self.label} (first {days} days)", (self, days))

    def to_date(self, as_of: date) -> Period:
        """The part of the period up to `as_of` (the value "to date")."""
        if as_of >= self.end or as_of < self.start:
            return self
        return replace(self, end=as_of)

    def shift(self, steps: int) -> Period:
        """The period `steps` units later (negative: earlier).

        Calendar periods move by their unit; ranges and `last-Nd` move by their
        length; `mtd`/`qtd`/`ytd` become the whole month, quarter or year.
        PeriodError when the period would leave EARLIEST..LATEST.
        """
        try:
            return within(self._shifted(steps))
        except (ValueError, OverflowError):  # past year 9999 or before year 1
            raise PeriodError(outside()) from None

    def _shifted(self, steps: int) -> Period:
        """`shift` without the edges: comparison periods of the first days may lie before them."""
        if steps == 0:
            return self
        if self.kind in _CALENDAR_MONTHS:
            return _calendar(self.kind, _add_months(self.start, steps * _CALENDAR_MONTHS[self.kind]))
        if self.kind == "week":
            return week_period(self.start + timedelta(weeks=steps))
        if self.kind in ("mtd", "qtd", "ytd"):
            unit = {"mtd": "month", "qtd": "quarter", "ytd": "year"}[self.kind]
            return _calendar(unit, self.start)._shifted(steps)
        return range_period(
            self.start + timedelta(days=steps * self.days),
            self.end + timedelta(days=steps * self.days),
        )

    def previous(self) -> Period:
        """The period just before, of the same unit or the same length.

        For `mtd`/`qtd`/`ytd` it is the same number of days at the start of
        the previous month, quarter or year, so partial periods compare fairly.
        """
        if self.kind in ("mtd", "qtd", "ytd"):
            unit = {"mtd": "month", "qtd": "quarter", "ytd": "year"}[self.kind]
            before = _calendar(unit, self.start)._shifted(-1)
            end = min(before.start + timedelta(days=self.days - 1), before.end)
            return range_period(before.start, end)
        return self._shifted(-1)

    def year_before(self) -> Period:
        """The same period one year earlier."""
        if self.kind in _CALENDAR_MONTHS:
            return self._shifted(-12 // _CALENDAR_MONTHS[self.kind])
        if self.kind == "week":
            iso = self.start.isocalendar()
            week = min(iso.week, _weeks_in(iso.year - 1))
            return week_period(date.fromisocalendar(iso.year - 1, week, 1))
        return range_period(_minus_year(self.start), _minus_year(self.end))

    def comparison(self, mode: Comparison) -> Period | None:
        """The comparison period for `mode` (`previous`, `year` or `none`)."""
        if mode == "previous":
            return self.previous()
        if mode == "year":
            return self.year_before()
        if mode == "none":
            return None
        raise PeriodError(
            _("Unknown comparison {mode!r}: expected one of {modes}.").format(
                mode=mode, modes=", ".join(COMPARISONS)
            )
        )


def parse_period(text: str, as_of: date | None = None) -> Period:
    """Read a period in any form kpitui accepts.

    Relative forms (`last-28d`, `mtd`, `qtd`, `ytd`) need `as_of`, the day they
    end on. Raises PeriodError with the accepted forms when `text` is none of them,
    and when the period leaves EARLIEST..LATEST.
    """
    try:
        return within(_parse(text, as_of), text.strip())
    except PeriodError:
        raise
    except (ValueError, OverflowError) as exc:  # a day or month that does not exist
        spec = text.strip()
        years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", spec)]
        if any(not EARLIEST.year <= y <= LATEST.year for y in years):
            raise PeriodError(f"{spec!r}: {outside()}") from exc
        raise PeriodError(_("{spec!r} is not a real date: {error}.").format(spec=spec, error=exc)) from exc


def within(period: Period, spec: str | None = None) -> Period:
    """`period`, if all its days lie in EARLIEST..LATEST; PeriodError (naming `spec`, the period
    as typed, or its label) otherwise."""
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(f"{spec or period.label!r}: {outside()}")
    return period


def outside() -> str:
    """Why a period outside EARLIEST..LATEST is refused."""
    return _("kpitui knows the days from {first} to {last}; a period must lie between them.").format(
        first=EARLIEST.isoformat(), last=LATEST.isoformat()
    )


def _parse(text: str, as_of: date | None) -> Period:
    """`parse_period` without the edges; ValueError or OverflowError for a day that does not exist."""
    spec = text.strip()
    if not spec:
        raise PeriodError(_("The period is empty: expected one of {forms}.").format(forms=forms_help()))
    lowered = spec.lower()
    if m := _MONTH.match(spec):
        return _calendar("month", date(int(m[1]), int(m[2]), 1))
    if m := _QUARTER.match(spec):
        return _calendar("quarter", date(int(m[1]), 3 * int(m[2]) - 2, 1))
    if m := _HALF.match(spec):
        return _calendar("half", date(int(m[1]), 6 * int(m[2]) - 5, 1))
    if m := _YEAR.match(spec):
        return _calendar("year", date(int(m[1]), 1, 1))
    if m := _QUARTER_FIRST.match(spec):
        return _calendar("quarter", date(int(m[2]), 3 * int(m[1]) - 2, 1))
    if m := _HALF_FIRST.match(spec):
        return _calendar("half", date(int(m[2]), 6 * int(m[1]) - 5, 1))
    if (m := _MONTH_WORDS.match(spec)) and (month := _month_number(m[1])):
        return _calendar("month", date(int(m[2]), month, 1))
    if m := (_WEEK.match(spec) or _WEEK_WORDS.match(spec)):
        year, week = (int(m[1]), int(m[2])) if m.re is _WEEK else (int(m[2]), int(m[1]))
        if not 1 <= week <= _weeks_in(year):
            raise PeriodError(
                _("{spec!r}: {year} has ISO weeks 1 to {weeks}.").format(
                    spec=spec, year=year, weeks=_weeks_in(year)
                )
            )
        return week_period(date.fromisocalendar(year, week, 1))
    if m := _RANGE.match(spec):
        start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if end < start:
            raise PeriodError(
                _("{spec!r}: the end {end} is before the start {start}.").format(
                    spec=spec, end=end, start=start
                )
            )
        return range_period(start, end)
    relative = _LAST.match(lowered) or lowered in ("mtd", "qtd", "ytd")
    if relative:
        if as_of is None:
            raise PeriodError(
                _("{spec!r} is relative to the as-of date, and there is none yet.").format(spec=spec)
            )
        if not EARLIEST <= as_of <= LATEST:
            raise PeriodError(
                _("{spec!r} ends on {day}: {why}").format(spec=spec, day=as_of.isoformat(), why=outside())
            )
        if m := _LAST.match(lowered):
            n = int(m[1])
            if n < 1:
                raise PeriodError(_("{spec!r}: the number of days must be at least 1.").format(spec=spec))
            return Period(as_of - timedelta(days=n - 1), as_of, "last", f"last-{n}d")
        unit = {"mtd": "month", "qtd": "quarter", "ytd": "year"}[lowered]
        start = _calendar(unit, as_of).start
        return Period(start, as_of, lowered, lowered)  # type: ignore[arg-type]
    raise PeriodError(
        _("{spec!r} is not a period: expected one of {forms}.").format(spec=spec, forms=forms_help())
    )


def _month_number(name: str) -> int | None:
    """The month `name` means, in English or French, wide or abbreviated (`sept`, `Sep`, `mars`,
    `févr`, `fevrier`), or None."""
    return _month_names().get(_fold(name))


@functools.cache
def _month_names() -> dict[str, int]:
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for language in ("en", "fr"):
        for width in ("wide", "abbreviated"):
            for number, text in get_month_names(width, locale=i18n.locale_of(language)).items():
                names.setdefault(_fold(text), number)
    names.setdefault("sept", 9)  # CLDR's French abbreviation is "sept.", its English one "Sep"
    return names


def _fold(text: str) -> str:
    """Lower case, no dot, no accent: `Févr.` and `fevr` match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().rstrip(".").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_relative(text: str) -> bool:
    """True when the period's days depend on the as-of date."""
    lowered = text.strip().lower()
    return bool(_LAST.match(lowered)) or lowered in ("mtd", "qtd", "ytd")


def range_period(start: date, end: date) -> Period:
    """A period of explicit dates."""
    return Period(start, end, "range", f"{start.isoformat()}..{end.isoformat()}")


def week_period(day: date) -> Period:
    """The ISO week (Monday to Sunday) holding `day`."""
    iso = day.isocalendar()
    start = day - timedelta(days=iso.weekday - 1)
    return Period(start, start + timedelta(days=6), "week", f"{iso.year}-W{iso.week:02d}")


def _calendar(kind: str, day: date) -> Period:
    """The month, quarter, half or year holding `day`."""
    months = _CALENDAR_MONTHS[kind]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end = _add_months(start, months) - timedelta(days=1)
    if kind == "month":
        label = f"{start.year}-{start.month:02d}"
    elif kind == "quarter":
        label = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    elif kind == "half":
        label = f"{start.year}-H{(start.month - 1) // 6 + 1}"
    else:
        label = str(start.year)
    return Period(start, end, kind, label)  # type: ignore[arg-type]


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _weeks_in(year: int) -> int:
    """52 or 53: the number of ISO weeks in `year`."""
    return date(year, 12, 28).isocalendar().week


def _minus_year(day: date) -> date:
    """The same day a year before; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def default_period(as_of: date | None, text: str | None = None) -> Period:
    """`text` read relative to `as_of`, else the quarter holding `as_of` (today without data):
    the period `kpitui report` and the app open on.

    A quarter, not the last 28 days: objectives are set per quarter (the demo's, the
    README's examples), so the first thing shown is the period they are judged in, under a
    stable name ("2026-Q1") that a report and an export carry; while it runs, its comparison
    covers as many days of the quarter before (`report.comparable`), so it never reads as a fall.
    """
    reference = as_of or date.today()
    if text:
        return parse_period(text, as_of=reference)
    return parse_period(f"{reference.year}-Q{(reference.month - 1) // 3 + 1}")
