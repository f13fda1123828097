"""Meta Business Suite page-level daily metric files (Insights → Export), FORMATS.md 1b.

One file per metric (`Follows (1).csv`, `Visits (1).csv`, `Views (1).csv`…),
UTF-16 LE with a BOM (the framework hands it over as UTF-8), laid out as::

    sep=,
    "Facebook follows"
    "Date","Primary"
    "2025-08-01T00:00:00","20"

The second line names the metric, and so the network (Facebook unless it
says Instagram) and the canonical column: follows → followers_gained,
visits → profile_visits, Views → impressions (Meta's 2025 views replaced
impressions), Viewers → reach. `Content interactions` and `Facebook link
clicks` are recognised but imported as nothing, with a warning: kpitui
counts interactions and link clicks per post, from the posts export, and a
daily total would count them twice. The files name no account: it stays
null (or `--account`), and the workspace fills in the network's only one.

Follows can be sparse (Meta leaves out days without a follow), so a missing
day is absent, not 0. A bad cell refuses the whole file: one metric per
file, so a partly read file would leave holes that look like real days.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, header_of, read_strings, skip_lines
from kpitui.core.importers.declared import Near
from kpitui.core.importers.meta import no_rows, whole
from kpitui.core.importers.names import norm
from kpitui.core.importers.names.meta import NAMES, TITLES

_DAY_FORMATS: Final = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f"]

METRICS: Final[dict[str, str]] = {
    "follows": "followers_gained",
    "unfollows": "followers_lost",
    "visits": "profile_visits",
    "views": "impressions",
    "viewers": "reach",
    "reach": "reach",
}
"""A title's metric (its English name in `names.meta.TITLES`, compared form) → the daily column it fills."""

IGNORED: Final[dict[str, str]] = {
    "content interactions": "interactions",
    "link clicks": "link clicks",
    "earnings": "earnings",
}
"""Titles of metrics kpitui has no daily column for: recognised, imported as nothing."""

_WHY_IGNORED: Final[dict[str, str]] = {
    "interactions": "kpitui counts interactions per post, from the posts export; a daily total "
    "would count them twice",
    "link clicks": "kpitui counts link clicks per post, from the posts export; a daily total "
    "would count them twice",
    "earnings": "kpitui has no earnings metric",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the table of a daily metric file starts and what its title says."""

    header_line: int
    """1-based line of the `"Date","Primary"` header."""
    title: str
    title_line: int
    header: tuple[str, ...]


def layout(sample: Sample) -> Layout | None:
    """The `sep=,` / title / `"Date","Primary"` layout of a file, or None when it has another.

    The `sep=,` line is optional (a file saved again by a spreadsheet may
    lose it); the title and the header are not.
    """
    if sample.kind != "text":
        return None
    lines = sample.lines(3)
    start = 1 if lines and lines[0].strip().lower().replace(" ", "").startswith("sep=") else 0
    if len(lines) < start + 2:
        return None
    head = sample.data[:65536]  # detection must not copy a large file of another format
    try:
        title_fields = header_of(sample.path, skip_lines(head, start))
        header = header_of(sample.path, skip_lines(head, start + 1))
    except InputError:
        return None
    title = [f for f in title_fields if f]
    if len(title) != 1 or len(header) < 2 or not _dated_header(header):
        return None
    return Layout(start + 2, title[0], start + 1, tuple(header))


def _dated_header(fields: Sequence[str]) -> bool:
    """True for the `"Date","Primary"` header (any spelling of Date)."""
    return [NAMES.canonical(f) for f in fields[:2]] == ["date", "primary"]


def metric_of(title: str) -> tuple[str, str | None]:
    """(network, metric) of a title such as `Instagram profile visits`; the metric is the
    English name of `TITLES` in compared form (`visits`), None when the title is unknown.

    The title is looked up whole (translations name their network in their own words),
    then without its network and a leading `page` or `profile`.
    """
    text = norm(title)
    network = "instagram" if re.search(r"\binstagram\b", text) else "facebook"
    rest = re.sub(r"\b(facebook|instagram)\b", " ", text)
    rest = re.sub(r"^\s*(page|profile)\s+", "", rest.strip())
    return network, TITLES.key(text) or TITLES.key(" ".join(rest.split()))


def _title_line(line: str) -> str:
    """A title line as one text: without quotes and the separators a spreadsheet pads it with."""
    return line.strip().strip(",;\t").strip().strip('"')


class MetaDailyMetric:
    """One page-level daily metric of Facebook or Instagram, as Meta Business Suite exports it."""

    id = "meta-daily"
    label = "Facebook/Instagram daily page metric (Meta Business Suite)"

    def detect(self, sample: Sample) -> float:
        return 1.0 if layout(sample) is not None else 0.0

    def near(self, sample: Sample) -> Near | None:
        """Meta's evidence: a `sep=` line, a known metric title, or a `Date`/`Primary` header."""
        if sample.kind != "text":
            return None
        lines = sample.lines(4)
        sep = bool(lines) and lines[0].strip().lower().replace(" ", "").startswith("sep=")
        rest = lines[1:] if sep else lines
        title = _title_line(rest[0]) if rest else ""
        titled = bool(title) and metric_of(title)[1] is not None
        fields = [f.strip().strip('"') for f in re.split(r"[,;\t]", rest[1])] if len(rest) > 1 else []
        headed = _dated_header(fields)
        lacking = [] if titled else ['a metric title line such as "Facebook follows"']
        lacking += [] if headed else ['a "Date","Primary" header below it']
        return Near("meta", (titled + headed) / 2, tuple(lacking), evidence=sep or titled or headed)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        found = layout(sample)
        if found is None:
            raise InputError(
                f"{path}: not a Meta daily metric file "
                '(expected "sep=,", a title line, then "Date","Primary").'
            )
        network, metric = metric_of(found.title)
        empty = {"daily": schema.empty("daily")}
        if metric in IGNORED or "content monetization" in [norm(h) for h in found.header]:
            why = _WHY_IGNORED[IGNORED.get(metric or "", "earnings")]
            note = f"{path}: {found.title!r} is recognised but not imported: {why}."
            return sample.result(self, empty, warnings=[note])
        target = METRICS.get(metric or "")
        if target is None:
            raise InputError(
                f"{path}, line {found.title_line}: the metric title {found.title!r} is not one kpitui "
                "knows; it reads Facebook and Instagram follows, visits, views and viewers (and "
                "recognises content interactions and link clicks, which it does not import)."
            )
        if len(found.header) != 2:
            raise InputError(
                f"{path}, line {found.header_line}: {len(found.header)} columns where a daily metric "
                'file has 2 ("Date","Primary").'
            )
        raw = read_strings(path, sample.data, header_line=found.header_line)
        if raw.is_empty() and target == "followers_gained":
            note = (
                f"{path}: no day in the file; Meta leaves out days without a follow, so nothing is imported."
            )
            return sample.result(self, empty, warnings=[note])
        no_rows(path, raw)
        day, value = raw.columns[1], raw.columns[2]
        conversions = {
            "date": v.native(day, v.date_in(pl.col(day), _DAY_FORMATS), "a day such as 2025-08-01T00:00:00"),
            target: whole(value),
        }
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"date": day}, "a {name}")
        frame = typed.select(
            ROW,
            "date",
            target,
            network=pl.lit(network),
            account=pl.lit(options.account, pl.String),
        )
        frame, warnings = dedupe(frame, "daily")
        return sample.result(self, {"daily": conform(frame.drop(ROW), "daily")}, warnings=warnings)


IMPORTERS = (MetaDailyMetric(),)
