"""Meta Business Suite page-level daily metric files (Insights → Export), FORMATS.md 1b.

One file per metric (`Follows (1).csv`, `Visits (1).csv`, `Views (1).csv`…),
UTF-16 LE with a BOM (the framework hands it over as UTF-8), laid out as::

    sep=,
    "Facebook follows"
    "Date","Primary"
    "2025-08-01T00:00:00","20"

The title line names the metric, often the network, in the user's language
(`names.meta.TITLES`). What each title fills, per KPIS.md (every number of
the file reaches a KPI):

| title (any language)                          | daily column      | KPI                    |
|-----------------------------------------------|-------------------|------------------------|
| Follows (`Abonnés`, `Seguidores`, …)          | followers_gained  | net_follower_change    |
| Unfollows                                     | followers_lost    | net_follower_change    |
| Visits, profile visits (`Visites`, `Visitas`) | profile_visits    | profile_visits         |
| Views (`Vues`, `Visualizações`, …)            | views             | account_views          |
| Viewers, Reach (`Couverture`, `Alcance`, …)   | reach             | account_reach          |
| Content interactions, Link clicks             | none: recognised, nothing imported, with a warning |

Content interactions and link clicks have no daily column: kpitui counts
them per post, from the posts export, where a daily total would count them
twice. A monetization (earnings) file is recognised the same way.

Real files differ from the reference (FORMATS.md 1b) in ways read here:

- several metrics stacked in one file, each section a title, a header and
  its days, separated by a blank line (`Follows` then `Instagram follows`);
- `;` or tab separators after a spreadsheet's re-save, with or without the
  `sep=` line, UTF-8 or UTF-16;
- days written with a time (`2025-01-01T01:00:00`): the day is the date.

The network: the title's (`Instagram follows` → instagram). Meta titles
Instagram's follows and profile visits `Instagram …` and leaves Facebook's
untitled, and a stacked file puts Facebook's untitled section first, so an
untitled follows, visits or first section of a stacked file is Facebook.
Meta leaves Views, Viewers and Reach untitled for both networks: their rows
keep a null network, with `network_choices` saying it is Facebook or
Instagram, for the import to resolve (`resolve`: the files imported with it,
the workspace, the file's name, or `--network`). The files name no account:
it stays null, resolved the same way.

Follows can be sparse (Meta leaves out days without a follow), so a missing
day is absent, not 0. A bad cell refuses the whole file: one metric per
section, so a partly read file would leave holes that look like real days.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError
from kpitui.core.i18n import _
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, header_of, read_strings
from kpitui.core.importers.declared import Near
from kpitui.core.importers.meta import content_type, no_rows
from kpitui.core.importers.names import norm
from kpitui.core.importers.names.meta import NAMES, TITLES

_DAY_FORMATS: Final = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
]
"""Meta writes `2025-08-01T00:00:00`; a spreadsheet's re-save in a locale that writes days
`31.10.2025` (German, Bulgarian…) turns it into that. Slashed days are not read: `10/11/2025`
reads two ways."""

META_NETWORKS: Final = ("facebook", "instagram")
"""What a Meta daily file that does not name its network may be."""

METRICS: Final[dict[str, str]] = {
    "follows": "followers_gained",
    "unfollows": "followers_lost",
    "visits": "profile_visits",
    "views": "views",
    "viewers": "reach",
    "reach": "reach",
}
"""A title's metric (its English name in `names.meta.TITLES`, compared form) → the daily column it fills."""

FACEBOOK_WHEN_UNTITLED: Final = frozenset({"follows", "unfollows", "visits"})
"""Metrics whose Instagram file Meta always titles `Instagram …`: untitled, they are Facebook's."""

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

_NETWORK_WORDS: Final = re.compile(r"\b(facebook|instagram)\b")
_FILLERS: Final = re.compile(
    r"^(?:(?:page|pagina|profile|profil|perfil|profilo|seite|no|na|do|da|de|du|des|del|della|di|"
    r"ao|al|au|en|on|in|sur|su|sul|auf|von|bei|la|le|el|o|a|the)\s+)+"
)
"""Words around a network's name in a title (`profile visits`, `Visitas ao perfil do Instagram`)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One metric of a daily file: its title and where its table starts."""

    title: str
    title_line: int
    """1-based line of the title."""
    header_line: int
    """1-based line of the `"Date","Primary"` header."""
    header: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """A daily file's separator and its sections (one, or several stacked)."""

    separator: str
    sections: tuple[Section, ...]
    stray: int | None = None
    """1-based line of a block after the sections that is no section (None when there is none)."""


def separator_of(lines: Sequence[str]) -> tuple[str, int]:
    """The field separator and the number of lines before the title: from a `sep=` line
    (`sep=;`, `sep=\\t\\t\\t`), else the one the header line (the second) holds most of."""
    first = lines[0].strip(" \ufeff") if lines else ""
    if first.lower().startswith("sep=") and len(first) > 4:
        return first[4], 1
    header = lines[1] if len(lines) > 1 else ""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ",", 0


def layout(sample: Sample) -> Layout | None:
    """The sections of a daily file (title line, `"Date","Primary"` header, days), or None when the
    file has another layout. The `sep=` line is optional (a spreadsheet's re-save may lose it); each
    section's title and header are not."""
    if sample.kind != "text":
        return None
    head = sample.data[: 1 << 20]  # detection must not copy a large file of another format
    text = head.decode("utf-8", errors="replace")
    lines = pl.Series("text", text.split("\n")).str.strip_suffix("\r")
    separator, start = separator_of(lines.head(3).to_list())
    blank = lines.str.strip_chars(' \t,;"') == ""
    starts = [start, *(pl.arg_where(blank, eager=True) + 1).to_list()]
    sections: list[Section] = []
    for first in starts:
        if first >= lines.len() or blank[first] or (sections and first <= sections[-1].header_line):
            continue
        section = _section(sample, lines, first, separator)
        if section is None:
            return Layout(separator, tuple(sections), stray=first + 1) if sections else None
        sections.append(section)
    return Layout(separator, tuple(sections)) if sections else None


def _section(sample: Sample, lines: pl.Series, first: int, separator: str) -> Section | None:
    """The section whose title is on 0-based line `first`, or None when it is no daily table."""
    if first + 1 >= lines.len():
        return None
    try:
        title_fields = header_of(sample.path, lines[first].encode(), separator)
        header = header_of(sample.path, lines[first + 1].encode(), separator)
    except InputError:
        return None
    title = [f for f in title_fields if f]
    if len(title) != 1 or len(header) < 2 or not _dated_header(header):
        return None
    return Section(title[0], first + 1, first + 2, tuple(header))


def _dated_header(fields: Sequence[str]) -> bool:
    """True for the `"Date","Primary"` header (any spelling of Date)."""
    return [NAMES.canonical(f) for f in fields[:2]] == ["date", "primary"]


def metric_of(title: str) -> tuple[str | None, str | None]:
    """(network, metric) of a title such as `Instagram profile visits`: the network the title names
    (None when it names none), and the metric, the English name of `TITLES` in compared form
    (`visits`), None when the title is unknown.

    The title is looked up whole (`Accounts reached`), then without its
    network's name and the words around it (`profile`, `page`, `ao perfil
    do`…), so that every language needs only its bare metric.
    """
    text = norm(title).replace("-", " ")
    named = _NETWORK_WORDS.findall(text)
    network = named[0] if len(set(named)) == 1 else None
    rest = " ".join(_NETWORK_WORDS.sub(" ", text).split())
    rest = _FILLERS.sub("", rest)
    rest = " ".join(reversed(_FILLERS.sub("", " ".join(reversed(rest.split())) + " ").split()))
    return network, TITLES.key(text) or TITLES.key(rest)


def _title_line(line: str) -> str:
    """A title line as one text: without quotes and the separators a spreadsheet pads it with."""
    return line.strip().strip(",;\t").strip().strip('"')


class MetaDailyMetric:
    """One page-level daily metric of Facebook or Instagram (or several stacked), as Meta
    Business Suite exports it."""

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
                _(
                    "{path}: not a Meta daily metric file "
                    '(expected "sep=,", a title line, then "Date","Primary").'
                ).format(path=path)
            )
        if found.stray is not None:
            raise InputError(
                _(
                    "{path}, line {line}: after a blank line, a daily metric file holds another metric "
                    '(a title line, then "Date","Primary"); this block is none.'
                ).format(path=path, line=found.stray)
            )
        stacked = len(found.sections) > 1
        frames: list[pl.DataFrame] = []
        warnings: list[str] = []
        for index, section in enumerate(found.sections):
            network, metric = metric_of(section.title)
            if metric in IGNORED:
                why = _WHY_IGNORED[IGNORED[metric]]
                warnings.append(f"{path}: {section.title!r} is recognised but not imported: {why}.")
                continue
            if "content monetization" in [norm(h) for h in section.header]:
                warnings.append(
                    f"{path}: {section.title!r} is recognised but not imported: {_WHY_IGNORED['earnings']}."
                )
                continue
            target = METRICS.get(metric or "")
            if target is None:
                raise InputError(
                    _(
                        "{path}, line {line}: the metric title {title} is not one kpitui knows; it reads "
                        "Facebook and Instagram follows, visits, views, viewers and reach (and recognises "
                        "content interactions and link clicks, which it does not import)."
                    ).format(path=path, line=section.title_line, title=repr(section.title))
                )
            if network is None and (metric in FACEBOOK_WHEN_UNTITLED or (stacked and index == 0)):
                network = "facebook"  # Meta's convention: Instagram's would say so
            frame, note = self._section(sample, found.separator, section, target, network)
            frames.append(frame)
            warnings.extend(note)
        if not frames:
            return sample.result(self, {"daily": schema.empty("daily")}, warnings=warnings)
        daily, repeated = dedupe(pl.concat(frames, how="diagonal_relaxed"), "daily")
        untold = daily.get_column("network").null_count() > 0
        return sample.result(
            self,
            {"daily": conform(daily.drop(ROW), "daily")},
            warnings=[*warnings, *repeated],
            network_choices=META_NETWORKS if untold else (),
        )

    def _section(
        self, sample: Sample, separator: str, section: Section, target: str, network: str | None
    ) -> tuple[pl.DataFrame, list[str]]:
        """One section's days: `_row`, date, the metric's column, network (null when untold), account."""
        path = sample.path
        if len(section.header) != 2:
            raise InputError(
                _(
                    '{path}, line {line}: {count} columns where a daily metric file has 2 ("Date","Primary").'
                ).format(path=path, line=section.header_line, count=len(section.header))
            )
        raw = read_strings(
            path, sample.data, header_line=section.header_line, stop_at_blank=True, separator=separator
        )
        columns = {
            "_row": pl.Int64,
            "date": pl.Date,
            target: pl.Int64,
            "network": pl.String,
            "account": pl.String,
        }
        if raw.is_empty() and target == "followers_gained":
            note = (
                f"{path}: no day under {section.title!r}; Meta leaves out days without a follow, "
                "so nothing is imported."
            )
            return pl.DataFrame(schema=columns), [note]
        no_rows(path, raw)
        day, value = raw.columns[1], raw.columns[2]
        conversions = {
            "date": v.native(day, v.date_in(pl.col(day), _DAY_FORMATS), "a day such as 2025-08-01T00:00:00"),
            target: v.native(
                value, v.count(pl.col(value)), "a whole number such as 1250 (blank when unknown)"
            ),
        }
        typed = v.convert(path, raw, conversions)
        v.require_filled(path, typed, {"date": day}, v.A_NAME)
        frame = typed.select(
            ROW, "date", target, network=pl.lit(network, pl.String), account=pl.lit(None, pl.String)
        )
        return frame, []


_AUDIENCE_KEYS: Final = frozenset({"fb page", "ig account"})
"""First cells of an audience file's follower totals (`FB_PAGE`, `IG_ACCOUNT`): the same in every language."""
_FORMATS_TOTAL: Final = frozenset(
    {"others", "other", "autres", "otros", "outros", "andere", "altro", "altri"}
)


def summary_of(sample: Sample) -> str | None:
    """What a Meta summary file is (`audience`, `formats`), or None for any other file.

    An audience file stacks follower totals (`FB_PAGE`, `IG_ACCOUNT` headers)
    and breakdowns by age, gender, city and country; a "Top content formats"
    file stacks totals (views, interactions, posts) whose header row names
    content formats (`Reels`, `Multi-photo`, `Photos`, `Links`…).
    """
    if sample.kind != "text":
        return None
    lines = sample.lines(12)
    separator, start = separator_of(lines[:3])
    rows = [[norm(f) for f in line.split(separator)] for line in lines[start:]]
    if any(row and row[0] in _AUDIENCE_KEYS for row in rows):
        return "audience"
    if len(rows) < 3 or not rows[0] or not [f for f in rows[0] if f] or metric_of(rows[0][0])[1] is None:
        return None
    kinds = [f for f in rows[1] if f]
    words = pl.Series(kinds, dtype=pl.String)
    formats = words.is_in(list(_FORMATS_TOTAL)) | (
        pl.select(content_type(pl.lit(words))).to_series() != "other"
    )
    return "formats" if kinds and bool(formats.all()) else None


_SUMMARIES: Final[dict[str, str]] = {
    "audience": "a Meta audience file: follower totals and their breakdown by age, gender, city and "
    "country, with no day-by-day figures",
    "formats": 'a Meta "Top content formats" summary: totals per content format (views, interactions, '
    "published content), not figures by day or by post",
}


class MetaSummary:
    """Meta's audience and "Top content formats" files, recognised so that a whole export folder
    imports: they hold no day-by-day or per-post figures, so nothing is imported from them, and a
    warning says what they are and what kpitui reads instead."""

    id = "meta-summary"
    label = "Meta Business Suite summary (audience, top content formats)"

    def detect(self, sample: Sample) -> float:
        return 1.0 if summary_of(sample) is not None else 0.0

    def near(self, sample: Sample) -> Near | None:
        return None  # recognised whole or not at all

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        what = _SUMMARIES[summary_of(sample) or "audience"]
        note = (
            f"{sample.path}: {what}; nothing was imported from it. kpitui reads the daily metric files "
            "of the same export (Follows, Views, Viewers, Reach, Visits) and the posts export."
        )
        return sample.result(self, {}, warnings=[note])


IMPORTERS = (MetaDailyMetric(), MetaSummary())
