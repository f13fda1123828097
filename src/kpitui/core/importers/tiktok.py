"""TikTok Studio analytics downloads (FORMATS.md §6): Content, Overview, FollowerHistory, Viewers.

TikTok Studio → Analytics → Download data gives a zip (or loose files, or
`.xlsx` workbooks with one sheet of the same name) holding `Content.csv`,
`Overview.csv`, `FollowerHistory.csv`, `Viewers.csv` and three audience
files (recognised, so that a whole download imports, but holding nothing
kpitui tracks). Every field, header included, is double-quoted. A Business
account downloads two more files: a video list and a daily overview, with
quoting only where needed and dates with their year (`2025/10/31`). Each
file is told by its header, never by its name (phones and people rename
downloads). The daily files name no account: the one the person names,
else the handle in the name of the download holding them (`download_name`),
else null for the workspace to fill; no importer here asks for it.

What each file brings (→ canonical column → KPI of KPIS.md):

| file | column | → |
|---|---|---|
| Content.csv, video list | `Video link` | post_id, account, content_type, permalink |
| | `Post time` | published_at (its time of day when written) |
| | `Total views` / `Video views` | views → views (posts) |
| | `Total likes`/`Likes`, `…comments`, `…shares` | likes, comments, shares → interactions |
| | `Add to favorites` | saves → saves, interactions |
| | `Total play time` | watch_time_hours → watch_time_hours, avg_view_duration_s |
| | `Time` | the export day (the year of the others; exported_at) |
| Overview (Studio, Business) | `Video Views` | daily.views → account_views |
| | `Profile Views` | daily.profile_visits → profile_visits |
| | `Reached audience` | daily.reach → account_reach |
| | `New followers`, `Lost followers` | followers_gained, followers_lost → net_follower_change |
| | `Net growth` (alone) | net followers_gained/lost → net_follower_change |
| FollowerHistory | `Followers` | daily.followers → followers, follower_growth_rate |
| | `Difference in followers from previous day` | net followers_gained/lost → net_follower_change |
| Viewers | `Total Viewers` | daily.reach → account_reach |

Not imported, for want of a canonical column: `Average watch time` and
`Watched full video` (the mean is recomputed), daily `Likes`, `Comments`
and `Shares` (interactions are counted per post), `Phone number clicks`
and `Leads submission` (named in a warning when not zero), `New Viewers`
and `Returning Viewers` (0 on days TikTok has not processed), and the
audience files.

Dates have **no year** and are written in the Studio's language
(`28 August`, `August 28`, `8 de setembro`, `18 января`, `18 tháng Tám`,
`9月13日`, `9월 13일`, …). The year is inferred from the most recent day of
the file, which TikTok's window (at most 365 days) places within the year
before the download:

- `Content.csv` holds the export day (`Time`, the same on every row); a post
  day after the export day belongs to the year before.
- The video list has no `Time`: its `Post time` carries its year; one that
  does not is placed on or before the file's date (below).
- The daily files run oldest first, so their last row is the most recent day.
  A Business overview's dates carry their year.

The year of that most recent day comes from `--year` (`ImportOptions.year`)
when the person gives it, else from the file's date: for a member of a zip
download the time stored in the zip entry (what unzip gives the extracted
file), else the file's modification time. `--year` comes first because a
file date is a guess a person must be able to overrule (a copied file gets
a new modification time). A warning says when the year was taken from the
file's date.

Import policy: one bad cell refuses the whole file (`values.convert`).
A TikTok file is one small download; a value that cannot be read means the
file is damaged or not what it seems, and skipping a day or a post would
quietly undercount a series that the next download cannot repair.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar, Final
from zoneinfo import ZoneInfo

import polars as pl

from kpitui.core import schema
from kpitui.core.errors import InputError, Unresolved
from kpitui.core.importers import values as v
from kpitui.core.importers.base import ImportOptions, ParsedFile, Sample, conform, dedupe
from kpitui.core.importers.csvtext import ROW, read_strings
from kpitui.core.importers.declared import DeclaredImporter, Format, Near, Need
from kpitui.core.importers.excel import read_sheet
from kpitui.core.importers.names.tiktok import NAMES

NETWORK: Final = "tiktok"

# --- dates without a year, in the Studio's language -----------------------------------------------

# Month names in every language, and the forms of a day (`28 August`, `August 28`,
# `8 de setembro`, `18 января`, `18 tháng Tám`, `9月13日`…) are read by `values.day_parts`.

DAY_EXPECTED: Final = (
    "a day as TikTok Studio writes it, without a year ('28 August', 'August 28', '8 de setembro', "
    "'18 января', '18 tháng Tám', '9月13日', '9월 13일') or as YYYY-MM-DD"
)


def with_day_parts(frame: pl.DataFrame, column: str, name: str) -> pl.DataFrame:
    """`frame` with `name`: the (year, month, day) struct of `values.day_parts` of `column`."""
    return frame.with_columns(v.day_parts(pl.col(column)).alias(name))


dated = v.day_on_or_before
"""The Date of a `with_day_parts` struct, a missing year taken so the day is on or before the
anchor: TikTok's window covers at most 365 days up to the export day (or the file's most
recent day), so a day later in the calendar than the anchor belongs to the year before."""


# --- when the file was made -----------------------------------------------------------------------


def file_time(sample: Sample, timezone: str) -> datetime | None:
    """When the file was written (UTC): a zip member's entry time, else the file's modification time.

    A member of a zip download has no modification time of its own (its
    path, `archive.zip/Content.csv`, does not exist on disk): the entry's
    time is the one TikTok wrote, and the one unzip would give the file.
    None when neither can be found.
    """
    path = sample.path
    if path.is_file():
        return sample.modified
    for parent in path.parents:
        if not parent.is_file():
            continue
        try:
            with zipfile.ZipFile(parent) as archive:
                stamp = datetime(*archive.getinfo(path.relative_to(parent).as_posix()).date_time)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return datetime.fromtimestamp(parent.stat().st_mtime, tz=UTC)
        return stamp.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)
    return None


_DOWNLOAD: Final = re.compile(
    r"^(?:overview_\d{4}-\d{2}-\d{2}_(?P<end>\d{9,11})|followers|viewers|content)"
    r"_(?P<handle>[a-z0-9._]{2,24}?)(?:-\d+|\s*\(\d+\))?(?:\.zip)?$",
    re.IGNORECASE,
)
"""The name TikTok Studio gives a download, or the folder it unzips to:
`Overview_<first day>_<end, Unix time>_<handle>.zip`, `Followers_<handle>.zip`,
`Viewers_<handle>.zip`, `Content_<handle>.zip`, with a browser's ` (1)` or an
unzipper's `-2`. Sources: a Brazilian project's research notes on a real
download (names and the end time's meaning), and a real folder
`Followers_haileytupy2.0-2/FollowerHistory.csv` (htupycollabs-spec/Analytics)
whose handle is the one its Content.csv links name. A handle is 2 to 24
letters, digits, `_` or `.` (TikTok's rule), so a hyphen is never one."""


def download_name(sample: Sample) -> tuple[str | None, datetime | None]:
    """The account handle, and for an overview the end time (UTC), that the name of the
    download holding the file gives; (None, None) when the file is not in such a download."""
    found = _DOWNLOAD.match(sample.path.parent.name.strip())
    if found is None:
        return None, None
    end = found["end"]
    return found["handle"], datetime.fromtimestamp(int(end), UTC) if end else None


def _reference_day(sample: Sample, options: ImportOptions) -> tuple[date, str | None]:
    """The day the file's most recent day is on or before, and how it was found.

    `--year` makes that most recent day fall in that year (anchor: its 31
    December). Else the end an overview download's name gives, else the
    file's date. The second item is None when the person gave the year, else
    the text to put in the warning.
    """
    if options.year is not None:
        if not 2000 <= options.year <= 2100:
            raise InputError(
                f"{sample.path}: --year {options.year} cannot be the year of a TikTok export; "
                "give the year of the file's last day, such as 2025."
            )
        return date(options.year, 12, 31), None
    end = download_name(sample)[1]
    if end is not None:
        day = end.astimezone(ZoneInfo(options.timezone)).date()
        return day, f"the download's name ({sample.path.parent.name}: to {day.isoformat()})"
    made = file_time(sample, options.timezone)
    if made is None:
        raise Unresolved(
            f"{sample.path}: TikTok writes dates without a year, and the file's date is unknown; "
            "give the year of the file's last day (kpitui import --year YEAR).",
            path=sample.path,
            option="year",
            reason="TikTok writes dates without a year, and the file's date is unknown.",
        )
    day = made.astimezone(ZoneInfo(options.timezone)).date()
    return day, f"the file's date ({day.isoformat()})"


def _year_warning(first: date, last: date, source: str | None) -> list[str]:
    if source is None:
        return []
    # English, as every importer warning: it is kept in the import log, which `kpitui imports
    # --format json` prints as it is
    return [
        f"TikTok dates carry no year: read as {first.isoformat()} to {last.isoformat()}, the year taken "
        f"from {source}. If that is wrong, read the file again with the year of its last day: "
        "kpitui imports redo ID --year YEAR (kpitui imports lists the ids)."
    ]


def _guessed(source: str | None) -> tuple[str, ...]:
    """What the reading guessed (`ParsedFile.guessed`): the year, unless the person gave it."""
    return () if source is None else ("year",)


def _has_year(frame: pl.DataFrame, parts: str) -> bool:
    """True when every day of the `with_day_parts` column `parts` wrote its own year."""
    return bool(frame.select(pl.col(parts).struct.field("year").is_not_null().all()).item())


# --- reading the rows -----------------------------------------------------------------------------

_TIKTOK_SHEETS: Final = ("overview", "content", "followerhistory", "viewers")


def _sheet(sample: Sample, name: str) -> str | None:
    """The workbook's sheet named `name` (case-insensitive), if any."""
    return next((s for s in sample.sheets if s.strip().lower() == name), None)


def _header_of(sample: Sample, sheet: str) -> list[str]:
    """The column names of a text file's header, or of the workbook's sheet `sheet`."""
    if sample.kind == "text":
        return list(sample.header)
    found = _sheet(sample, sheet)
    if found is None:
        return []
    try:
        head = read_sheet(sample.path, sample.data, found)
    except InputError:
        return []
    return [c.strip() for c in head.columns if c != ROW]


def _names(sample: Sample, sheet: str) -> list[str]:
    """The compared (English, lower-case) names of the columns of `_header_of`."""
    return [NAMES.canonical(c) for c in _header_of(sample, sheet)]


def _rows(sample: Sample, sheet: str) -> tuple[pl.DataFrame, list[str]]:
    """The rows as text (columns named as in the file, trimmed) with `_row`; warnings about other sheets."""
    if sample.kind == "text":
        raw = read_strings(sample.path, sample.data, len(sample.header))
        warnings: list[str] = []
    else:
        found = _sheet(sample, sheet)
        if found is None:
            raise InputError(f"{sample.path}: no sheet named {sheet!r}.")
        raw = read_sheet(sample.path, sample.data, found)
        others = [s for s in sample.sheets if s != found and s.strip().lower() in _TIKTOK_SHEETS]
        warnings = (
            [f"only the sheet {found!r} was read; save the sheets {', '.join(map(repr, others))} as files."]
            if others
            else []
        )
    return raw.rename({c: c.strip() for c in raw.columns}), warnings


def _columns(raw: pl.DataFrame) -> dict[str, str]:
    """Compared (English, lower-case) name → the column's name as written in the file."""
    return {NAMES.canonical(c): c for c in reversed(raw.columns) if c != ROW}


def _no_rows(sample: Sample, what: str) -> InputError:
    return InputError(
        f"{sample.path}: the header is there but the file has no rows ({what}); nothing to import, "
        "leave the file out."
    )


def with_counts(raw: pl.DataFrame, columns: Sequence[str]) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
    """`raw` and an expression reading the whole numbers of each of `columns`.

    `values.count` reads a column of plain numbers with one cast and runs its
    full parser (thousands separators…) once, only on a column that needs it.
    """
    return raw, {c: v.count(pl.col(c)) for c in columns}


def _all_quoted_regex(count: int) -> str:
    return "^" + ",".join(['"[^"]*"'] * count) + "$"


def _content_records(sample: Sample, names: Sequence[str]) -> pl.DataFrame:
    """Content.csv's rows, read around TikTok's unescaped quotes in titles.

    TikTok writes every field in quotes but does not double a `"` inside a
    title, so a title such as `Say "cheese", then smile` breaks RFC 4180:
    Python's csv gives the row one field too many and polars silently drops
    the quote characters. Every field except the title is simple (a day,
    the https://www.tiktok.com/ link, numbers: no quotes), so each record
    is read as `"f1",…,"<title>",…,"fn"` with the title taking whatever
    lies between the fields before it and the fields after it.

    Records are found line by line (TikTok files are a few hundred rows):
    a record ends on the line that ends with the quoted fields after the
    title (the link first); lines before it belong to a title with line
    breaks. All of this runs as polars string expressions.

    A title whose every `"` is doubled (a file re-saved by a tool that does
    escape) has its `""` turned back into `"`.
    """
    path = sample.path
    title = names.index("video title")
    after = len(names) - title - 1
    fields_after = ['"https?://[^"]*"' if name == "video link" else '"[^"]*"' for name in names[title + 1 :]]
    end_line = '",' + ",".join(fields_after) + r"\s*$"
    record = (
        "(?s)^"
        + "".join('"([^"]*)",' for _ in range(title))
        + '"(.*)"'
        + "".join(',"([^"]*)"' for _ in range(after))
        + r"\s*$"
    )
    text = sample.data.decode("utf-8")
    c = pl.col
    lines = (
        pl.DataFrame({"line": [text]})
        .select(c("line").str.split("\n").explode())
        .with_columns(c("line").str.strip_suffix("\r"), number=pl.int_range(1, pl.len() + 1))
        .slice(1)
    )
    lines = lines.with_columns(end=c("line").str.contains(end_line)).with_columns(
        record=c("end").cum_sum().shift(1, fill_value=0),
    )
    # A row cut short does not end a record, so it would run into the next
    # row's title: a line inside a record that starts like the record's own
    # first line (`"<export day>","`) is a row of its own, and refused.
    prefix = c("line").str.extract(r'^("[^"]*",")', 1).first().over("record")
    lines = lines.with_columns(
        broken=(pl.int_range(pl.len()).over("record") > 0)
        & prefix.is_not_null()
        & c("line").str.starts_with(prefix).fill_null(False)
    )
    records = (
        lines.group_by("record", maintain_order=True)
        .agg(
            text=c("line").str.join("\n"),
            line=c("number").first(),
            ended=c("end").last(),
            broken=c("broken").any(),
        )
        .filter(c("text").str.strip_chars() != "")
        .with_columns((pl.int_range(pl.len()) + 2).cast(pl.Int64).alias(ROW))
    )
    columns = ", ".join(repr(n) for n in sample.header)
    bad = records.filter(~c("ended") | c("broken"))
    if bad.height:
        row, line, ended, content = bad.select(ROW, "line", "ended", "text").row(0)
        fields = content.split("\n")[0].count('","') + 1
        truncated = " (the file looks truncated)" if not ended and row == records[ROW][-1] else ""
        raise InputError(
            f"{path}, row {row} (line {line}): about {fields} fields where the header has {len(names)}; "
            f"expected every field in quotes: {columns}{truncated}."
        )
    values = records.select(ROW, found=c("text").str.extract_groups(record))
    unmatched = values.filter(c("found").struct.field("1").is_null())
    if unmatched.height:
        row = unmatched[ROW][0]
        line = records.filter(c(ROW) == row)["line"][0]
        raise InputError(
            f"{path}, row {row} (line {line}): cannot be read; expected every field in quotes: {columns}."
        )
    header = [h.strip() for h in sample.header]
    frame = values.select(
        ROW, *[c("found").struct.field(str(i + 1)).alias(name) for i, name in enumerate(header)]
    )
    title_column = c(header[title])
    escaped = title_column.str.contains('""', literal=True) & ~title_column.str.replace_all(
        '""', "", literal=True
    ).str.contains('"', literal=True)
    return frame.with_columns(
        pl.when(escaped).then(title_column.str.replace_all('""', '"', literal=True)).otherwise(title_column)
    )


def play_time_seconds(expr: pl.Expr) -> pl.Expr:
    """`Total play time` in seconds (Float64), null when unreadable.

    The unit is not documented (FORMATS.md: INFERRED variant). Read:
    `18h:4m:48s` / `18h 4m 48s` / `3.5h` / `90m` / `65088s` (Studio style, with
    units), `18:04:48` (`H:MM:SS`), and a plain number, taken as seconds.
    """
    text = v.present(expr).str.to_lowercase().str.replace_all(r"\s+", "")
    thousands = text.str.contains(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?[a-z]*$")  # 1,234s; else 3,5h
    text = pl.when(thousands).then(text.str.replace_all(",", "")).otherwise(text.str.replace_all(",", "."))
    amount = r"(\d+(?:\.\d+)?)"
    parts = text.str.extract_groups(
        rf"^(?:{amount}h(?:ours?|rs?)?)?:?(?:{amount}m(?:in(?:utes?|s)?)?)?:?(?:{amount}s(?:ec(?:onds?|s)?)?)?$"
    )
    h, m, s = (parts.struct.field(str(i)).cast(pl.Float64, strict=False) for i in (1, 2, 3))
    units = pl.when(h.is_not_null() | m.is_not_null() | s.is_not_null()).then(
        h.fill_null(0) * 3600 + m.fill_null(0) * 60 + s.fill_null(0)
    )
    return pl.coalesce(units, v.duration_seconds(expr))


_UNKNOWN_SCORE: Final = 0.7
"""A file with every required column and others no TikTok file has: TikTok's still, but
another format that knows every column wins."""


class _TikTokFile(DeclaredImporter):
    """A TikTok file, or a workbook sheet of the same name.

    Subclasses name `required` columns, `metrics` (column → canonical
    column) and `ignored` ones by their compared English names in
    `names.tiktok` (lower case), from which their `format` is declared.
    """

    sheet: ClassVar[str]
    required: ClassVar[tuple[str, ...]]
    metrics: ClassVar[dict[str, str]]
    ignored: ClassVar[tuple[str, ...]] = ()

    def columns(self, sample: Sample) -> Sequence[str]:
        return _header_of(sample, self.sheet)


def _declare(
    required: tuple[str, ...], optional: Sequence[str], ignored: Sequence[str], *metrics: str
) -> Format:
    """The format of a TikTok file: `required` columns (and one of `metrics` when given)."""
    signature: tuple[Need, ...] = (*required, tuple(metrics)) if metrics else required
    return Format(
        NAMES,
        signature=signature,
        required=required,
        optional=tuple(optional),
        ignored=tuple(ignored),
        unknown_score=_UNKNOWN_SCORE,
    )


_LINK: Final = r"^https?://(?:www\.|m\.)?tiktok\.com/@([^/?#\s]+)/(video|photo)/(\d+)"
LINK_EXPECTED: Final = "a TikTok link such as https://www.tiktok.com/@handle/video/7593820674163100946"


class TikTokContent(_TikTokFile):
    """One row per video: `Content.csv`, or the video list of a Business account.

    `Content.csv` holds each video's lifetime totals at the export day
    (`Time`, the same on every row) and a year-less `Post time`. The video
    list (`Video title, Video link, Post time, Video views, Likes, Comments,
    Shares, Add to Favorites`) has no `Time`: its `Post time` carries the
    date and the time (`2025/10/31 18:19:10`), and its captions are quoted
    only where needed. Without `Time`, a header alone could be anyone's video
    list, so the file is claimed only when it holds TikTok video links.
    """

    id = "tiktok-content"
    label = "TikTok Studio content (Content.csv or the video list, per video)"
    sheet = "content"
    required = ("video link", "post time")
    metrics: ClassVar = {  # column → canonical metric; a metric takes the first column a file has
        "total views": "views",
        "video views": "views",
        "total likes": "likes",
        "likes": "likes",
        "total comments": "comments",
        "comments": "comments",
        "total shares": "shares",
        "shares": "shares",
        "add to favorites": "saves",
    }
    play_time: ClassVar = "total play time"
    # No canonical column: the mean per view is watch time / views, which the KPIs compute.
    ignored = ("average watch time", "watched full video")
    format = _declare(required, ("time", "video title", *metrics, play_time), ignored, *metrics)

    def detect(self, sample: Sample) -> float:
        match = self.match(sample)
        if match.score and "time" not in match.header and not _holds_tiktok_links(sample):
            return 0.0
        return match.score

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        names = _names(sample, "content")
        self.require(path, self.header(_header_of(sample, "content")))
        warnings: list[str] = []
        quoted = (
            sample.kind == "text"
            and "video title" in names
            and names.index("video link") > names.index("video title")
            and pl.select(
                pl.lit(sample.lines(1)[0].strip()).str.contains(_all_quoted_regex(len(names)))
            ).item()
        )
        if quoted:
            raw = _content_records(sample, names)
        else:  # a workbook, the video list, or a file re-saved with standard CSV quoting
            raw, warnings = _rows(sample, "content")
        if raw.is_empty():
            raise _no_rows(sample, "no videos")
        cols = _columns(raw)
        c = {name: pl.col(written) for name, written in cols.items()}
        timed = "time" in cols
        raw = with_day_parts(raw, cols["time"] if timed else cols["post time"], "__time")
        raw = with_day_parts(raw, cols["post time"], "__post")
        if _has_year(raw, "__time" if timed else "__post"):
            anchor, source = date(1970, 1, 1), None
        else:
            anchor, source = _reference_day(sample, options)
        raw = raw.with_columns(
            __export_day=dated(pl.col("__time"), pl.lit(anchor)) if timed else pl.lit(None, pl.Date),
            __link=v.present(c["video link"]).str.extract_groups(_LINK),
        )
        export_day = pl.col("__export_day")
        post_day = dated(pl.col("__post"), pl.coalesce(export_day, pl.lit(anchor)))
        midnight = v.local_to_utc(post_day.cast(pl.Datetime("us")), options.timezone)
        link = pl.col("__link")
        kind = link.struct.field("2").replace_strict(
            {"video": "video", "photo": "carousel"}, default=None, return_dtype=pl.String
        )
        conversions = {
            "published_at": v.native(
                cols["post time"],
                pl.coalesce(_post_time(c["post time"], options.timezone), midnight),
                DAY_EXPECTED,
            ),
            "post_id": v.native(cols["video link"], link.struct.field("3"), LINK_EXPECTED),
            "account": v.native(cols["video link"], link.struct.field("1"), LINK_EXPECTED),
            "content_type": v.native(cols["video link"], kind, LINK_EXPECTED),
            "permalink": v.native(cols["video link"], v.present(c["video link"]), LINK_EXPECTED),
        }
        if timed:
            conversions["export_day"] = v.native(cols["time"], export_day, DAY_EXPECTED)
        if "video title" in cols:
            conversions["text"] = v.Conversion(cols["video title"], c["video title"], "text")
        present: dict[str, str] = {}
        for column, metric in self.metrics.items():
            if column in cols:
                present.setdefault(metric, cols[column])
        raw, counted = with_counts(raw, list(present.values()))
        for metric, written in present.items():
            conversions[metric] = v.native(written, counted[written], "a whole number")
        if self.play_time in cols:
            raw = raw.with_columns(__play=play_time_seconds(c[self.play_time]) / 3600)
            conversions["watch_time_hours"] = v.native(
                cols[self.play_time],
                pl.col("__play"),
                "a duration such as 12h:34m:56s, 12:34:56 or a number of seconds",
            )
        typed = v.convert(path, raw, conversions)
        keys = {"published_at": cols["post time"], "post_id": cols["video link"]}
        v.require_filled(path, typed, {"export_day": cols["time"], **keys} if timed else keys)
        frame, repeated = dedupe(typed.with_columns(network=pl.lit(NETWORK)), "posts")
        local_day = pl.col("published_at").dt.convert_time_zone(options.timezone).dt.date()
        first, latest = frame.select(
            first=local_day.min(), latest=pl.col("export_day").max() if timed else local_day.max()
        ).row(0)
        if timed:
            exported = datetime.combine(latest, datetime.min.time(), ZoneInfo(options.timezone))
            exported_at: datetime | None = exported.astimezone(UTC)
        else:
            exported_at = _zip_time(sample, options)
        return sample.result(
            self,
            {"posts": conform(frame.drop(ROW), "posts")},
            warnings=[*warnings, *_year_warning(first, latest, source), *repeated],
            exported_at=exported_at,
            guessed=_guessed(source),
        )


def _post_time(expr: pl.Expr, timezone: str) -> pl.Expr:
    """A `Post time` that carries its time of day (`2025/10/31 18:19:10`, ISO), read in
    `timezone`, as UTC; null for a day alone (then midnight of that day is used)."""
    return v.iso_datetime(v.present(expr).str.replace_all("/", "-", literal=True), timezone)


_LINK_ANYWHERE: Final = re.compile(r"https?://(?:www\.|m\.)?tiktok\.com/@[^/?#\s\",]+/(?:video|photo)/\d")


def _holds_tiktok_links(sample: Sample) -> bool:
    """True when the first rows of a video list hold a TikTok video link (its own export)."""
    if sample.kind == "text":
        head = sample.data[: 64 * 1024].decode("utf-8", errors="replace")
        return _LINK_ANYWHERE.search(head) is not None
    found = _sheet(sample, "content")
    if found is None:
        return False
    try:
        rows = read_sheet(sample.path, sample.data, found).head(20)
    except InputError:
        return False
    cells = rows.select(
        pl.concat_str(pl.all().exclude(ROW).cast(pl.String), separator=" ", ignore_nulls=True)
    )
    return any(_LINK_ANYWHERE.search(text or "") for text in cells.to_series().to_list())


class _DailyFile(_TikTokFile):
    """A daily TikTok file (`Date` first, oldest first): the shared detection and parsing.

    Subclasses name their columns; `metrics` maps a column to a canonical
    daily column, `ignored` lists the columns with no daily canonical column.
    The account is not in these files: the one the person names, else the
    handle of the download holding the file (`download_name`), else null for
    the workspace to fill.
    """

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.format = _declare(cls.required, tuple(cls.metrics), cls.ignored)

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        path = sample.path
        raw, warnings = _rows(sample, self.sheet)
        cols = _columns(raw)
        self.require(path, self.header(raw.columns))
        if raw.is_empty():
            raise _no_rows(sample, "no days")
        present = {metric: cols[column] for column, metric in self.metrics.items() if column in cols}
        raw, counted = with_counts(raw, list(present.values()))
        conversions = {
            metric: v.native(written, counted[written], "a whole number")
            for metric, written in present.items()
        }
        typed, source = _dated_rows(sample, options, raw, cols["date"], conversions)
        v.require_filled(path, typed, {"date": cols["date"]})
        typed = self.finish(typed, cols, warnings)
        metrics = [m for m in typed.columns if m in schema.DAILY_METRICS]
        empty = typed.filter(pl.all_horizontal(pl.col(metrics).is_null()))
        skipped = empty.height
        if skipped:
            rows = ", ".join(str(r) for r in empty.get_column(ROW).to_list()[:10])
            warnings.append(
                f"{skipped} day(s) skipped: no value yet (TikTok writes 'undefined' for days it has "
                f"not processed), rows {rows}{', …' if skipped > 10 else ''}."
            )
            typed = typed.filter(pl.any_horizontal(pl.col(metrics).is_not_null()))
        handle, _ = download_name(sample)
        if handle and not options.account:
            warnings.append(
                f"the account {handle!r} is the one the download's name gives ({sample.path.parent.name})."
            )
        account = options.account or handle
        frame = typed.with_columns(network=pl.lit(NETWORK), account=pl.lit(account, pl.String))
        frame, repeated = dedupe(frame, "daily")
        first, last = typed.select(first=pl.col("date").min(), last=pl.col("date").max()).row(0)
        year_note = _year_warning(first, last, source) if first is not None else []
        return sample.result(
            self,
            {"daily": conform(frame.drop(ROW), "daily")},
            warnings=[*warnings, *year_note, *repeated],
            skipped=skipped,
            exported_at=_zip_time(sample, options),
            guessed=_guessed(source) if first is not None else (),
        )

    def finish(self, typed: pl.DataFrame, cols: Mapping[str, str], warnings: list[str]) -> pl.DataFrame:
        """Turn the converted columns into canonical ones (default: nothing to do)."""
        return typed


def _zip_time(sample: Sample, options: ImportOptions) -> datetime | None:
    """The zip entry's time of a member of a download, else None (the file's own time is used)."""
    return None if sample.path.is_file() else file_time(sample, options.timezone)


def _dated_rows(
    sample: Sample,
    options: ImportOptions,
    raw: pl.DataFrame,
    column: str,
    conversions: dict[str, v.Conversion],
) -> tuple[pl.DataFrame, str | None]:
    """Convert `raw` with its `column` read as `date`, the year inferred from the row order.

    The rows run oldest first, so the last row is the most recent day: its
    year comes from `--year` or the file's date, and every other day takes
    the year that puts it on or before the last day. The result must then
    run in order; if it runs the other way (a file sorted newest first), the
    first row is the most recent day instead. Any other order means a year
    cannot be inferred safely, and the file is refused naming the row.
    Returns the typed rows and how the year was found (for the warning).
    """
    path = sample.path
    raw = with_day_parts(raw, column, "__parts")
    parts = pl.col("__parts")
    if _has_year(raw, "__parts"):
        typed = v.convert(
            path,
            raw,
            {"date": v.native(column, dated(parts, pl.lit(date(1970, 1, 1))), DAY_EXPECTED), **conversions},
        )
        return typed, None
    reference, source = _reference_day(sample, options)

    def convert_from(row: pl.DataFrame) -> pl.DataFrame:
        anchor = row.select(dated(parts, pl.lit(reference))).item() or reference
        date_conversion = v.native(column, dated(parts, pl.lit(anchor)), DAY_EXPECTED)
        return v.convert(path, raw, {"date": date_conversion, **conversions})

    typed = convert_from(raw.tail(1))
    step = pl.col("date").diff()
    if typed.select((step >= timedelta(0)).all()).item():
        return typed, source
    newest_first = convert_from(raw.head(1))
    if newest_first.select((step <= timedelta(0)).all()).item():
        return newest_first, source
    row = typed.filter(step < timedelta(0)).get_column(ROW)[0]
    raise InputError(
        f"{path}, row {row}, column {column!r}: this day comes before the row above it, but TikTok's "
        "daily files run oldest first; out of order, the year of days written without one cannot be "
        "inferred. Import the file as TikTok wrote it, or give each date its year (YYYY-MM-DD)."
    )


class TikTokOverview(_DailyFile):
    """`Overview.csv` (Studio) or a Business account's daily overview: the account's days.

    The Studio's file has `Video Views` and `Profile Views`; a Business
    account's has `Video views`, `Reached audience`, `Profile views`, `New
    followers`, `Lost followers`, `Net growth`, `Phone number clicks` and
    `Leads submission`, dated `2025/10/31`, with `NAN` where TikTok has no
    value (null, never 0). Video views are the account's views by day
    (`account_views`), reached audience its daily reach (`account_reach`),
    new and lost followers its follower flows (`net_follower_change`); a file
    with `Net growth` alone gives a net flow, as FollowerHistory does.

    `Likes`, `Comments` and `Shares` per day have no daily canonical column
    (kpitui counts interactions per post, from the content file), nor have
    phone number clicks and leads (KPIS.md counts leads from posts and web
    analytics): those are not imported, and a warning says so when the file
    holds any.
    """

    id = "tiktok-overview"
    label = "TikTok Studio overview (Overview.csv, daily)"
    sheet = "overview"
    required = ("date", "video views", "profile views")
    metrics: ClassVar = {
        "video views": "views",
        "profile views": "profile_visits",
        "reached audience": "reach",
        "new followers": "followers_gained",
        "lost followers": "followers_lost",
        "net growth": "__net",
        "phone number clicks": "__phone",
        "leads submission": "__leads",
    }
    ignored = ("likes", "comments", "shares")

    def finish(self, typed: pl.DataFrame, cols: Mapping[str, str], warnings: list[str]) -> pl.DataFrame:
        c = pl.col
        unread = {
            name: cols[column]
            for column, name in self.metrics.items()
            if name in ("__phone", "__leads") and column in cols
        }
        sums = typed.select(c(name).sum() for name in unread).row(0, named=True) if unread else {}
        held = [f"{total} in {unread[name]!r}" for name, total in sums.items() if total]
        if held:
            warnings.append(
                f"not imported: {', '.join(held)} (kpitui has no daily column for phone clicks or leads; "
                "it counts leads from posts and web analytics)."
            )
        if "__net" in typed.columns and not {"followers_gained", "followers_lost"} & set(typed.columns):
            typed = typed.with_columns(**_net_flows(c("__net")))
        return typed.drop("__net", "__phone", "__leads", strict=False)


def _net_flows(net: pl.Expr) -> dict[str, pl.Expr]:
    """`followers_gained` and `followers_lost` from a net daily change: a rise is gained (and 0
    lost), a fall lost (and 0 gained). Gained − lost is exact; neither is a gross count."""
    return {
        "followers_gained": pl.when(net.is_not_null()).then(pl.max_horizontal(net, 0)),
        "followers_lost": pl.when(net.is_not_null()).then(pl.max_horizontal(-net, 0)),
    }


class TikTokFollowerHistory(_DailyFile):
    """`FollowerHistory.csv`: the follower count per day and its change.

    `Followers` is the stock. TikTok gives only the net change
    (`Difference in followers from previous day`), so a rise is read as
    `followers_gained` (and 0 lost) and a fall as `followers_lost` (and 0
    gained): the flows are net, so gained − lost is exact but neither is a
    gross count.

    One report from real files says the column holds the change to the
    *next* day despite its name. Where the file's own follower counts tell
    (the column equals next − this day on more days than this − previous
    day), the change is moved to the day it happened, with a warning.
    """

    id = "tiktok-followers"
    label = "TikTok Studio follower history (FollowerHistory.csv, daily)"
    sheet = "followerhistory"
    required = ("date", "followers", "difference in followers from previous day")
    metrics: ClassVar = {"followers": "followers", "difference in followers from previous day": "__net"}

    def finish(self, typed: pl.DataFrame, cols: Mapping[str, str], warnings: list[str]) -> pl.DataFrame:
        c = pl.col
        frame = typed.sort("date")
        one_day = timedelta(days=1)
        back = pl.when(c("date").diff() == one_day).then(c("followers").diff())
        forward = pl.when(c("date").diff(-1) == -one_day).then(-c("followers").diff(-1))
        told = frame.select(back=back, forward=forward, net=c("__net")).filter(
            c("back").is_not_null() & c("forward").is_not_null() & (c("back") != c("forward"))
        )
        as_named = told.filter(c("net") == c("back")).height
        next_day = told.filter(c("net") == c("forward")).height
        net = c("__net")
        if next_day > as_named and next_day >= 2:
            warnings.append(
                f"the column {cols['difference in followers from previous day']!r} matches the change to the "
                f"NEXT day on {next_day} of {told.height} days (and the change from the previous day on "
                f"{as_named}): each change is counted on the day it happened, one day later."
            )
            net = pl.when(c("date").diff() == one_day).then(c("__net").shift(1))
        frame = frame.with_columns(net.alias("__net"))
        return frame.with_columns(**_net_flows(c("__net"))).drop("__net")


class TikTokViewers(_DailyFile):
    """`Viewers.csv`: unique viewers per day → daily `reach` (Total Viewers).

    `undefined` marks days TikTok has not processed: null, never 0 (the day
    is skipped with a warning when it holds nothing else). New and Returning
    Viewers have no canonical column. TikTok writes them `0` on unprocessed
    days, so they would not tell a processed day anyway.
    """

    id = "tiktok-viewers"
    label = "TikTok Studio viewers (Viewers.csv, daily)"
    sheet = "viewers"
    required = ("date", "total viewers", "new viewers", "returning viewers")
    metrics: ClassVar = {"total viewers": "reach"}
    ignored = ("new viewers", "returning viewers")


class TikTokAudience:
    """The audience files of a TikTok download, recognised so that a whole zip can be imported.

    `FollowerActivity.csv` (active followers per hour), `FollowerGender.csv`
    and `FollowerTopTerritories.csv` (shares of the audience) hold no KPI
    that kpitui tracks: nothing is imported from them, and a warning says
    so, rather than refusing the whole download as an unknown format.
    """

    id = "tiktok-audience"
    label = "TikTok Studio audience (FollowerActivity, FollowerGender, FollowerTopTerritories)"
    signatures: ClassVar = (
        ("date", "hour", "active followers"),
        ("gender", "distribution"),
        ("top territories", "distribution"),
    )

    def detect(self, sample: Sample) -> float:
        if sample.kind != "text":
            return 0.0
        names = tuple(NAMES.canonical(h) for h in sample.header)
        return 1.0 if names in self.signatures else 0.0

    def near(self, sample: Sample) -> Near | None:
        return None  # the three files are recognised whole or not at all

    def parse(self, sample: Sample, options: ImportOptions) -> ParsedFile:
        return sample.result(
            self,
            {},
            warnings=[
                "audience breakdowns (active hours, gender, territories) are not KPIs kpitui tracks; "
                "nothing was imported from this file."
            ],
        )


IMPORTERS = (TikTokContent(), TikTokOverview(), TikTokFollowerHistory(), TikTokViewers(), TikTokAudience())
