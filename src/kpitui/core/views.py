"""What each screen of the app shows, computed headless so it can be tested and scripted.

The app asks for these frames in a worker and only draws them. Numbers come
from kpitui.core.report (the same as `kpitui report`), trends from
kpitui.core.engine.series.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

import polars as pl

from kpitui.core import engine, i18n, kpis, table
from kpitui.core import format as fmt
from kpitui.core.dataset import Dataset
from kpitui.core.engine import Freq
from kpitui.core.i18n import N_, _
from kpitui.core.importlog import ImportRecord
from kpitui.core.insights import RANKINGS, WEEKDAYS, RankBy
from kpitui.core.objectives import STATUS_LABELS, STATUSES, Evaluation, Objective, Status, overlaps
from kpitui.core.periods import Comparison, Period
from kpitui.core.report import (
    KPI_COLUMNS,
    KpiValue,
    Report,
    build,
    change_cell,
    kpi_cells,
    objectives_table,
    target_cells,
    value_cell,
)
from kpitui.core.schema import ALL, NETWORK_LABELS

HEADLINES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (N_("Engagement rate"), ("engagement_rate",)),
    (N_("Impressions"), ("impressions", "views", "account_impressions", "account_views", "account_reach")),
    (N_("Link clicks"), ("link_clicks",)),
    (N_("Followers"), ("followers",)),
    (N_("Net change"), ("net_follower_change",)),
    (N_("Sessions"), ("sessions",)),
)
"""The dashboard's columns, one KPI each: the first of each tuple that has data.
A network that reports views but no impressions (TikTok) shows its views; one
whose exports give only account metrics by day (an X overview, a Meta daily
views file) shows those. Followers (a stock) and their net change (a flow) are
two columns: a column means one thing.

The family's name (English, the column's key; translated where shown) says it in the words of
its first KPI's label, fewer of them: Impressions for "Impressions (posts)", Net change (beside
Followers) for "Net follower change"; a test holds them to the labels in both languages."""

NARROW_HEADS: Final[dict[str, str]] = {
    "Engagement rate": N_("Eng. rate"),
    "Impressions": N_("Impr."),
    "Link clicks": N_("Clicks"),
    "Net change": N_("Net"),
}
"""On a narrow screen the network grid's headers are short, so every column fits."""

FALLBACK_SUFFIX: Final[dict[str, str]] = {
    "views": N_("views"),
    "account_impressions": N_("acct"),
    "account_views": N_("acct views"),
    "account_reach": N_("acct reach"),
}
"""How the dashboard marks a headline that is not the family's first KPI (narrow: the
initials, `av` for `acct views`), translated where shown."""

RANKING_WORDS: Final = (N_("engagement rate"), N_("interactions"), N_("link clicks"))
"""`insights.RANKINGS`' labels, marked for the catalog: translated where shown."""


def network_name(network: str) -> str:
    """A network's name as shown ("All networks" in the user's language)."""
    return _(NETWORK_LABELS.get(network, network))


ALL_NETWORKS: Final = N_("All networks")
"""`NETWORK_LABELS[ALL]`, marked for the catalog (network_name translates it)."""


def weekday_name(weekday: int) -> str:
    """The short name of ISO `weekday` (1 is Monday): `Mon` in English, `lun.` in French."""
    if i18n.language() == "en":
        return WEEKDAYS[weekday - 1]
    from babel.dates import get_day_names  # Babel where it lays something out (i18n._locale)

    return str(get_day_names("abbreviated", locale=i18n.locale())[weekday - 1])


def posts_title(by: RankBy, bottom: bool) -> str:
    """What the posts table shows: `Top posts by engagement rate`, in the user's language."""
    measure = _(RANKINGS[by])
    return (_("Bottom posts by {measure}") if bottom else _("Top posts by {measure}")).format(measure=measure)


@dataclass(frozen=True, slots=True)
class Headline:
    """One family's headline KPI of one network."""

    family: str
    value: KpiValue | None
    """None when no KPI of the family has data for the network."""
    covers: tuple[int, int] | None = None
    """All networks' followers: (networks whose followers are known, networks with data)
    when some are unknown, so a sum of two networks is not read as the audience of six."""


@dataclass(frozen=True, eq=False)
class DashboardView:
    """Objectives against results for the period, and one summary row per network."""

    report: Report
    objectives: list[Evaluation]
    """Every objective: those whose period overlaps the view's first, each group most urgent first."""
    overlapping: int
    """How many of `objectives` (the first ones) overlap the view's period."""
    summary: list[tuple[str, list[Headline]]]
    """(network, headlines) for each network with data, then "all"."""

    def counts(self) -> dict[Status, int]:
        """How many objectives are in each status."""
        return {s: sum(1 for e in self.objectives if e.status == s) for s in STATUSES}

    def objectives_table(self) -> table.Table:
        """The objectives, those of other periods than the view's dimmed."""
        return objectives_table(self.objectives, self.report.currency, dim_from=self.overlapping)

    def networks_table(self) -> table.Table:
        """One row per network: each family's headline value, its change beside it on screen and
        in a column of its own in data, and the KPI it reads (data only)."""
        report = self.report
        columns = [table.Column("network", N_("Network"), short=N_("Network"))]
        for family, _ids in HEADLINES:
            columns += [
                table.number(family, family, short=NARROW_HEADS.get(family, family)),
                table.Column(f"{family} note", f"{family} note", joined=True, data=False),
                table.Column(f"{family} change", f"{family} change", "change", "right", joined=True),
                table.Column(f"{family} KPI", f"{family} KPI", shown=False),
            ]
        rows = []
        for network, heads in self.summary:
            name = network_name(network)
            cells = [table.Cell(network, name, short=_("All") if network == ALL else None, emphasis="strong")]
            for head in heads:
                cells += _headline_cells(head, report)
            rows.append(table.Row(tuple(cells), key=network))
        return table.Table("networks", tuple(columns), tuple(rows), empty=_("no data"))


def _headline_cells(head: Headline, report: Report) -> list[table.Cell]:
    """A headline's value, a faint note beside it (the KPI when it is not the family's first, how
    many networks it covers), its change and its KPI."""
    v = head.value
    if v is None:
        return [table.Cell(None, fmt.NULL), *[table.Cell(None, "")] * 3]
    suffix = _(FALLBACK_SUFFIX[v.kpi.id]) if v.kpi.id in FALLBACK_SUFFIX else ""
    wide, narrow = [suffix], ["".join(word[0] for word in suffix.split())]
    if head.covers is not None:
        known, of = head.covers
        wide.append(_("({known} of {of})").format(known=known, of=of))
        narrow.append(f"({known}/{of})")
    note = table.Cell(None, " ".join(filter(None, wide)), " ".join(filter(None, narrow)), emphasis="faint")
    change = change_cell(v) if report.comparison is not None else table.Cell(None, "")
    return [value_cell(v.value, v.kpi.unit, report.currency), note, change, table.Cell(v.kpi.id, v.kpi.id)]


def report_for(
    dataset: Dataset,
    objectives: Sequence[Objective],
    period: Period,
    compare: Comparison,
    as_of: date | None,
) -> Report:
    """The report the screens share (every network, every KPI)."""
    return build(dataset, objectives, period=period, compare=compare, as_of=as_of)


def dashboard(report: Report) -> DashboardView:
    """The dashboard of a report.

    Every objective is listed (a person opening the app must see at once what
    is missed or at risk, whatever period is shown), those of the view's
    period first.
    """
    order = {s: i for i, s in enumerate(STATUSES)}
    shown = sorted(
        report.evaluations,
        key=lambda e: (
            not overlaps(e, report.period),
            order[e.status],
            e.objective.network,
            e.objective.title,
        ),
    )
    overlapping = sum(1 for e in shown if overlaps(e, report.period))
    summary = []
    for network in report.networks:
        by_id = {v.kpi.id: v for v in report.values(network)}
        heads = []
        for family, candidates in HEADLINES:
            found = next(
                (
                    by_id[k]
                    for k in candidates
                    if k in by_id and (by_id[k].value is not None or by_id[k].previous is not None)
                ),
                None,
            )
            heads.append(Headline(family, found))
        summary.append((network, heads))
    return DashboardView(report, shown, overlapping, _covers(summary))


def _covers(summary: list[tuple[str, list[Headline]]]) -> list[tuple[str, list[Headline]]]:
    """The summary with all networks' followers saying how many networks they sum."""
    networks = [heads for network, heads in summary if network != ALL]
    out = []
    for network, heads in summary:
        if network == ALL:
            heads = [
                replace(h, covers=(known, len(networks)))
                if h.family == "Followers"
                and h.value is not None
                and (known := sum(1 for n in networks if _known(n, "Followers"))) < len(networks)
                else h
                for h in heads
            ]
        out.append((network, heads))
    return out


def _known(heads: list[Headline], family: str) -> bool:
    return any(h.family == family and h.value is not None and h.value.value is not None for h in heads)


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One KPI of a network panel."""

    value: KpiValue
    trend: list[float | None]
    """The KPI per bucket of the period (see `freq_for`)."""
    objective: Evaluation | None
    """The most urgent objective on this KPI and network overlapping the period."""


def freq_for(period: Period) -> Freq:
    """Bucket size for a period's trend: days up to a month, weeks up to half a year, else months."""
    if period.days <= 31:
        return "day"
    if period.days <= 186:
        return "week"
    return "month"


def trends(dataset: Dataset, period: Period, as_of: date | None = None) -> pl.DataFrame:
    """Every KPI per bucket of the period for every network (one computation for all panels).

    A running period's trend stops at the as-of date: there is no data after it, and
    empty buckets would read as a fall to zero.
    """
    shown = period.to_date(as_of) if as_of is not None else period
    return engine.series(dataset, shown, freq_for(period)).sort("network", "bucket")


def panel(report: Report, series: pl.DataFrame, network: str) -> list[tuple[str, list[PanelRow]]]:
    """A network's KPIs with data, grouped by family, in registry order."""
    mine = series.filter(pl.col("network") == network)
    order = {s: i for i, s in enumerate(STATUSES)}
    objectives: dict[str, Evaluation] = {}
    for e in report.evaluations:
        if e.objective.network != network or not overlaps(e, report.period):
            continue
        kept = objectives.get(e.objective.kpi)
        if kept is None or order[e.status] < order[kept.status]:
            objectives[e.objective.kpi] = e
    groups: dict[str, list[PanelRow]] = {}
    for value in report.values(network):
        if value.value is None and value.previous is None:
            continue
        trend = mine.get_column(value.kpi.id).to_list() if mine.height else []
        groups.setdefault(kpis.FAMILIES[value.kpi.family], []).append(
            PanelRow(value, trend, objectives.get(value.kpi.id))
        )
    return list(groups.items())


SPARKS: Final = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[float | None]) -> str:
    """A one-line sparkline of `values`; gaps (null) are spaces."""
    present = [v for v in values if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    span = high - low
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif span == 0:
            out.append(SPARKS[3])
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int((v - low) / span * (len(SPARKS) - 1) + 0.5))])
    return "".join(out)


PANEL_COLUMNS: Final = (
    *KPI_COLUMNS[:4],
    replace(KPI_COLUMNS[4], shown=False),  # the previous value: in data, the change says it on screen
    KPI_COLUMNS[5],
    table.Column("trend", N_("Trend"), "spark", priority=2, data=False),
    table.Column("objective", N_("Objective"), "status", priority=3),
    table.Column("comparison", N_("Comparison"), shown=False),
    table.number("target", N_("Target"), joined=True),
)


def panel_table(report: Report, series: pl.DataFrame | None, network: str) -> table.Table:
    """A network's panel: its KPIs with data by family, value, change, trend (`…` while the
    trends are computed: `series` None) and the objective on the KPI."""
    shown = series if series is not None else pl.DataFrame({"network": []}, schema={"network": pl.String})
    rows = []
    for family, panel_rows in panel(report, shown, network):
        for row in panel_rows:
            v, o = row.value, row.objective
            objective = [table.Cell(None, ""), table.Cell(None, ""), table.Cell(None, "")]
            if o is not None:
                target = fmt.value(o.objective.target, v.kpi.unit, report.currency)
                objective = [
                    table.Cell(o.status, STATUS_LABELS[o.status]),
                    *target_cells(o.objective, target),
                ]
            trend = table.Cell(None, spark(row.trend) if series is not None else "…")
            cells = (*kpi_cells(v, report), trend, *objective)
            rows.append(table.Row(cells, key=f"kpi:{v.kpi.id}", group=family))
    title = NETWORK_LABELS.get(network, network) if network != ALL else "all networks"
    return table.Table(
        title,
        PANEL_COLUMNS,
        tuple(rows),
        group=_("Family"),
        empty=_("No data for this network in these periods."),
    )


def networks_with_data(report: Report) -> list[str]:
    """Tabs of the Networks screen: each network with data, then "all"."""
    return [n for n in report.networks if n != ALL] + [ALL]


# --- Insights ------------------------------------------------------------------------------

NO_POSTS: Final = N_("No posts in this period.")


def _ratio(value: float | None) -> table.Cell:
    return table.Cell(value, fmt.value(value, "ratio"))


def _count(value: float | None) -> table.Cell:
    return table.Cell(value, fmt.count(value))


def best_times_table(best: pl.DataFrame) -> table.Table:
    """The ten best slots (weekday × hour) with enough posts, by engagement rate."""
    ranked = best.filter(pl.col("rank").is_not_null()).sort("rank").head(10)
    rows = tuple(
        table.Row(
            (
                table.Cell(rank, f"#{rank}"),
                table.Cell(
                    f"{WEEKDAYS[weekday - 1]} {hour:02d}:00", f"{weekday_name(weekday)} {hour:02d}:00"
                ),
                _ratio(rate),
                _count(posts),
            )
        )
        for weekday, hour, posts, rate, rank in ranked.select(
            "weekday", "hour", "posts", "engagement_rate", "rank"
        ).iter_rows()
    )
    columns = (
        table.Column("rank", N_("Rank")),
        table.Column("slot", N_("Slot"), align="right"),
        table.number("engagement_rate", N_("Engagement rate"), "ratio"),
        table.number("posts", N_("Posts"), "count"),
    )
    return table.Table("best times", columns, rows, empty=_(NO_POSTS))


def content_types_table(types: pl.DataFrame) -> table.Table:
    """Content types compared: posts, engagement rate, CTR, reach per post."""
    rows = tuple(
        table.Row(
            (
                table.Cell(kind, kind),
                _count(posts),
                _ratio(er),
                _ratio(ctr),
                table.Cell(reach, fmt.NULL if reach is None else fmt.count(round(reach))),
            )
        )
        for kind, posts, er, ctr, reach in types.iter_rows()
    )
    columns = (
        table.Column("content_type", N_("Content type")),
        table.number("posts", N_("Posts"), "count"),
        table.number("engagement_rate", N_("Engagement rate"), "ratio"),
        table.number("ctr", N_("CTR"), "ratio", priority=1),
        table.number("reach_per_post", N_("Reach per post"), "count", priority=2),
    )
    return table.Table("content types", columns, rows, empty=_(NO_POSTS))


POST_COLUMNS: Final = (
    table.Column("text", N_("Text"), limit=200, flexible=True, least=24),
    table.Column("network", N_("Network"), priority=3),
    table.Column("published", N_("Published"), align="right", priority=2),
    table.Column("content_type", N_("Type"), align="right", priority=4),
    *(
        table.number(by, label.capitalize(), "ratio" if by == "engagement_rate" else "count", priority=1)
        for by, label in RANKINGS.items()
    ),
    table.Column("permalink", N_("Permalink"), shown=False),
)


POST_ORDER: Final = {
    "text": "text",
    "network": "network",
    "published": "published_at",
    "content_type": "content_type",
}
"""The posts table's columns other than the rankings, by the posts' column they sort on."""


def order_posts(posts: pl.DataFrame, column: str, descending: bool) -> pl.DataFrame:
    """The posts shown, sorted by another of the table's columns (`POST_ORDER`): empty last."""
    return posts.sort(POST_ORDER[column], descending=descending, nulls_last=True, maintain_order=True)


def posts_table(
    posts: pl.DataFrame, by: RankBy, bottom: bool, *, order: tuple[str, bool] | None = None
) -> table.Table:
    """The posts ranked by `by` (`insights.rank_posts`), their whole text in data; the header of
    the column they are sorted by says so (`order`: another column and whether descending)."""
    key, descending = order if order is not None else (by, not bottom)
    columns = tuple(
        replace(c, order="descending" if descending else "ascending") if c.key == key else c
        for c in POST_COLUMNS
    )
    rows = tuple(
        table.Row(
            (
                table.Cell(r["text"] or "", r["text"] or _("(no text)")),
                table.Cell(r["network"], network_name(r["network"])),
                table.Cell(r["published_at"].date(), f"{r['published_at']:%Y-%m-%d}"),
                table.text(r["content_type"]),
                _ratio(r["engagement_rate"]),
                _count(r["interactions"]),
                _count(r["link_clicks"]),
                table.text(r["permalink"]),
            ),
            key=f"{r['network']}:{r['account']}:{r['post_id']}",
        )
        for r in posts.iter_rows(named=True)
    )
    title = f"{'bottom' if bottom else 'top'} posts by {RANKINGS[by]}"  # English: the export's file name
    return table.Table(title, columns, rows, empty=_(NO_POSTS))


def hashtags_table(tags: pl.DataFrame) -> table.Table:
    """Hashtags of own posts: posts using each, their engagement rate."""
    rows = tuple(
        table.Row((table.Cell(tag, tag), _count(posts), _ratio(er))) for tag, posts, er in tags.iter_rows()
    )
    columns = (
        table.Column("hashtag", N_("Hashtag")),
        table.number("posts", N_("Posts"), "count"),
        table.number("engagement_rate", N_("Engagement rate"), "ratio"),
    )
    return table.Table("hashtags", columns, rows, empty=_(NO_POSTS))


BUCKETS: Final[dict[Freq, str]] = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}
"""The heading of a series' buckets (translated where shown, as every column's label)."""


def series_table(
    title: str,
    kpi: kpis.Kpi,
    freq: Freq,
    points: Sequence[tuple[date, float | None]],
    totals: Sequence[float | None],
    currency: str,
) -> table.Table:
    """A KPI per bucket (and, additive, its running total): the table beside its chart."""
    columns = [table.Column("bucket", BUCKETS[freq]), table.number("value", kpi.label, kpi.unit)]
    if kpi.additive:
        columns.append(table.number("to_date", N_("to date"), kpi.unit))
    rows = []
    for (bucket, value), total in zip(points, totals, strict=True):
        cells = [table.Cell(bucket, fmt.short_day(bucket)), value_cell(value, kpi.unit, currency)]
        if kpi.additive:
            cells.append(value_cell(total, kpi.unit, currency))
        rows.append(table.Row(tuple(cells)))
    return table.Table(title, tuple(columns), tuple(rows))


# --- the import history ------------------------------------------------------------------

HISTORY_COLUMNS: Final = (
    table.Column("id", N_("#")),
    table.Column("imported_at", N_("Imported"), priority=2, limit=16),
    table.Column("file", N_("File"), limit=40, flexible=True, least=12),
    table.Column("format", N_("Format"), priority=6, limit=30),
    table.Column("accounts", N_("Account"), priority=4, limit=24),
    table.number("rows", N_("Rows"), "count", priority=5),
    table.number("added", N_("Added"), "count", priority=3),
    table.number("updated", N_("Updated"), "count", priority=7),
    table.Column("covers", N_("Covers"), priority=1, limit=22),
    table.Column("first_day", N_("First day"), shown=False),
    table.Column("last_day", N_("Last day"), shown=False),
    table.Column("kept", N_("Kept"), priority=8),
)
"""The history: an import's id and file always (what the keys to remove or redo one act on),
then the days it covers and when, as the width allows; whether its file is kept (it can be
redone) last."""


def import_history(records: Iterable[ImportRecord]) -> table.Table:
    """The imports of a workspace, in the order given, one row each (keyed by the import's id)."""
    rows = tuple(
        table.Row(
            (
                table.Cell(r.id, str(r.id)),
                table.Cell(r.imported_at, r.imported_at.replace("T", " ")[:16]),
                table.Cell(r.name, r.name),
                table.Cell(r.label, r.label),
                table.text(", ".join(a or _("(unnamed)") for a in r.accounts) or None),
                _count(r.rows),
                _count(r.added),
                _count(r.updated),
                table.Cell(
                    f"{r.first_day or ''}..{r.last_day or ''}",
                    f"{r.first_day or fmt.NULL}..{r.last_day or fmt.NULL}",
                ),
                table.Cell(r.first_day, r.first_day or fmt.NULL),
                table.Cell(r.last_day, r.last_day or fmt.NULL),
                table.Cell("yes" if r.kept else "no", _("yes") if r.kept else _("no")),
            ),
            key=str(r.id),
        )
        for r in records
    )
    return table.Table("import history", HISTORY_COLUMNS, rows, empty=_("Nothing imported yet."))
