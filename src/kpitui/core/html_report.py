"""The report as one self-contained HTML file, to send to a client (`kpitui report --format html`).

Every number comes from the report `report.build` computed (the one `--format json` gives),
formatted by `kpitui.core.format`; the trends are the app's (`views.trends`, `views.panel`),
the best times and top posts its Insights (`insights`). Each value also sits raw in a
`data-value` attribute, so a script (or a test) can read what the page says.

The file fetches nothing: no script, no font, no stylesheet or image from elsewhere; charts are
inline SVG (`kpitui.core.charts`), a logo is a `data:` URI. Untrusted text (post texts, titles,
the brand's name) is made printable (`exporting.printable`) and escaped, never markup. The CSS
reads on a phone (one column under 40rem) and prints to A4 with no chart or card cut across
two pages.
"""

from __future__ import annotations

import base64
import html
import math
from importlib import resources
from pathlib import Path
from string import Template
from typing import Final

import polars as pl

from kpitui.core import charts, engine, insights, kpis, pacing, views
from kpitui.core import format as fmt
from kpitui.core.errors import SettingsError
from kpitui.core.exporting import printable
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS, Evaluation
from kpitui.core.report import Report
from kpitui.core.schema import NETWORK_LABELS
from kpitui.core.session import Session

LOGO_TYPES: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
LOGO_MAX_BYTES: Final = 2 * 1024 * 1024
TOP_POSTS: Final = 10
POST_TEXT_CHARS: Final = 280
PACING_KEY: Final = (
    '<p class="key"><span class="k-value">value to date</span><span class="k-projection">projection</span>'
    '<span class="k-target">target</span><span class="k-pace">pace: zero to the target over the period '
    "(KPIs that add up over days)</span></p>"
)
TREND_KEY: Final = (
    '<p class="key"><span class="k-value">this period</span><span class="k-previous">comparison period, '
    "day for day</span></p>"
)


def esc(text: object) -> str:
    """Untrusted text as HTML text: control characters shown (`␛`), then escaped."""
    return html.escape(printable(str(text)), quote=True)


def _raw(number: float | None) -> str:
    """A number as a `data-value` attribute holds it: Python's repr, empty for null."""
    if number is None or (isinstance(number, float) and not math.isfinite(number)):
        return ""
    return repr(float(number)) if isinstance(number, float) else str(number)


def read_logo(settings_logo: str | None, root: Path) -> str | None:
    """The `logo` setting's image as a `data:` URI; SettingsError naming the file and the problem
    when it is missing, unreadable, too large or not an image type a browser shows."""
    if settings_logo is None:
        return None
    path = (root / settings_logo).expanduser()
    mime = LOGO_TYPES.get(path.suffix.lower())
    where = f"kpitui.toml: logo = {settings_logo!r}"
    if mime is None:
        raise SettingsError(f"{where}: expected a {', '.join(LOGO_TYPES)} image file.")
    try:
        size = path.stat().st_size
        if size > LOGO_MAX_BYTES:
            raise SettingsError(
                f"{where}: {path} is {size:,} bytes; a logo may be {LOGO_MAX_BYTES:,} at most."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(f"{where}: no such file {path}.") from None
    except OSError as exc:
        raise SettingsError(f"{where}: cannot read {path}: {exc.strerror or exc}.") from None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# --- what the page shows, from core -------------------------------------------------------


# --- rendering ------------------------------------------------------------------------------


def _ticks(unit: kpis.Unit, currency: str) -> charts.Ticks:
    def tick(v: float) -> str:
        return fmt.value(v, unit, currency)

    return tick


def _objective(e: Evaluation, points: pacing.Points | None, currency: str, n: int) -> str:
    o = e.objective
    kpi = kpis.get(o.kpi)
    sign = "≥" if o.comparison == ">=" else "≤"
    line = pacing.of(e, points)
    chart = charts.pacing(
        f"objective-{n}",
        start=line.start,
        end=line.end,
        to_date=line.to_date,
        target=line.target,
        projected=line.projected,
        pace=line.pace,
        ticks=_ticks(kpi.unit, currency),
    )
    facts = [
        ("Value", e.value, fmt.value(e.value, kpi.unit, currency), "value"),
        ("Target", o.target, f"{sign} {fmt.value(o.target, kpi.unit, currency)}", "target"),
        ("Progress", e.progress, fmt.progress(e.progress), "progress"),
        ("Projected", e.projected, fmt.value(e.projected, kpi.unit, currency), "projected"),
    ]
    if e.needed_per_day is not None:
        facts.append(
            ("Needed/day", e.needed_per_day, fmt.value(e.needed_per_day, kpi.unit, currency), "needed")
        )
    dl = "".join(
        f"<div><dt>{label}</dt>{_cell(raw, text, field, 'dd')}</div>" for label, raw, text, field in facts
    )
    network = NETWORK_LABELS.get(o.network, o.network)
    return (
        f'<article class="card objective status-{e.status}" data-objective="{esc(o.id)}" '
        f'data-status="{e.status}">'
        f"<header><h3>{esc(o.title)}</h3>"
        f'<p class="status"><span class="symbol" aria-hidden="true">{STATUS_SYMBOLS[e.status]}</span> '
        f"{STATUS_LABELS[e.status]}</p></header>"
        f'<p class="meta">{esc(network)} · {esc(kpi.label)} · {esc(e.period.describe())}</p>'
        f"<dl>{dl}</dl><figure>{chart}<figcaption>Pacing of {esc(kpi.label)}</figcaption></figure></article>"
    )


def _network(
    report: Report, network: str, series: pl.DataFrame, previous: pl.DataFrame | None, n: int
) -> str:
    groups = views.panel(report, series, network)
    if not groups:
        return ""
    before = (
        dict(
            (row.value.kpi.id, row.trend)
            for _, rows in views.panel(report, previous, network)
            for row in rows
        )
        if previous is not None
        else {}
    )
    buckets = series.filter(pl.col("network") == network).get_column("bucket").to_list()
    compared = report.comparison is not None
    label = NETWORK_LABELS.get(network, network)
    parts = [f'<section class="network" data-network="{esc(network)}"><h2>{esc(label)}</h2>']
    if compared:
        parts.append(TREND_KEY)
    for family, rows in groups:
        parts.append(f'<div class="family"><h3>{esc(family)}</h3><table class="kpis"><thead><tr><th>KPI</th>')
        parts.append("<th>Value</th>")
        parts.append(
            "<th>Previous</th><th>Change</th></tr></thead><tbody>" if compared else "</tr></thead><tbody>"
        )
        figures: list[str] = []
        for i, row in enumerate(rows):
            v = row.value
            unit = v.kpi.unit
            cells = [_cell(v.value, fmt.value(v.value, unit, report.currency), "value")]
            if compared:
                cells.append(_cell(v.previous, fmt.value(v.previous, unit, report.currency), "previous"))
                cells.append(
                    _cell(v.change, fmt.change(v.change, unit, now=v.value, before=v.previous), "change")
                )
            parts.append(
                f'<tr data-kpi="{v.kpi.id}"><th scope="row">{esc(v.kpi.label)}</th>{"".join(cells)}</tr>'
            )
            if not figures and any(x is not None for x in row.trend):  # the family's first KPI
                chart = charts.trend(
                    f"trend-{n}-{v.kpi.id}-{i}",
                    buckets=buckets,
                    current=row.trend,
                    previous=before.get(v.kpi.id) if compared else None,
                    ticks=_ticks(unit, report.currency),
                )
                figures.append(f"<figure>{chart}<figcaption>{esc(v.kpi.label)}</figcaption></figure>")
        parts.append(f"</tbody></table>{''.join(figures)}</div>")
    parts.append("</section>")
    return "".join(parts)


def _cell(raw: float | None, text: str, field: str, tag: str = "td") -> str:
    """A formatted value with its raw number beside it (`data-value`), for a script to read."""
    return f'<{tag} data-field="{field}" data-value="{_raw(raw)}">{esc(text)}</{tag}>'


def _section(title: str, body: str) -> str:
    return f'<section class="insights"><h2>{esc(title)}</h2>{body}</section>'


def _best_times(best: pl.DataFrame, untimed: int) -> str:
    if best.is_empty():
        return _section("Best time to post", "<p>No posts with a time of day in this period.</p>")
    cells = [(r["weekday"], r["hour"], r["engagement_rate"], r["enough"]) for r in best.iter_rows(named=True)]
    chart = charts.heatmap("best-times", cells, _ticks("ratio", "EUR"), insights.WEEKDAYS)
    top = best.filter(pl.col("rank").is_not_null()).sort("rank").head(3)
    slots = ", ".join(
        f"{insights.WEEKDAYS[r['weekday'] - 1]} {r['hour']:02d}:00 "
        f"({fmt.value(r['engagement_rate'], 'ratio')})"
        for r in top.iter_rows(named=True)
    )
    notes = [f"Best slots: {slots}." if slots else f"No slot has {insights.MIN_POSTS} posts or more yet."]
    notes.append(
        f"Engagement rate by weekday and hour of publication; grey: fewer than {insights.MIN_POSTS} posts."
    )
    if untimed:
        notes.append(f"{untimed:,} post(s) without a time of day are left out.")
    return _section(
        "Best time to post",
        f'<figure class="wide">{chart}</figure>{"".join(f"<p>{esc(x)}</p>" for x in notes)}',
    )


def _top_posts(posts: pl.DataFrame, currency: str, timezone: str) -> str:
    if posts.is_empty():
        return _section("Top posts", "<p>No posts with an engagement rate in this period.</p>")
    local = pl.col("published_at").dt.convert_time_zone(timezone)
    posts = posts.with_columns(  # the workspace's day and hour; a post with no time, its day only
        published=pl.when(local.dt.time() == pl.time(0))
        .then(local.dt.strftime("%Y-%m-%d"))
        .otherwise(local.dt.strftime("%Y-%m-%d %H:%M"))
        .fill_null(fmt.NULL)
    )
    rows = []
    for r in posts.iter_rows(named=True):
        text = str(r["text"] or "")
        short = text if len(text) <= POST_TEXT_CHARS else text[: POST_TEXT_CHARS - 1] + "…"
        rows.append(
            f'<tr data-post="{esc(r["post_id"])}"><td>{esc(NETWORK_LABELS.get(r["network"], r["network"]))}'
            f'</td><td>{esc(r["published"])}</td><td class="text">{esc(short) or fmt.NULL}</td>'
            + _cell(r["exposure"], fmt.value(r["exposure"], "count", currency), "exposure")
            + _cell(r["interactions"], fmt.value(r["interactions"], "count", currency), "interactions")
            + _cell(r["engagement_rate"], fmt.value(r["engagement_rate"], "ratio"), "engagement_rate")
            + "</tr>"
        )
    head = "".join(f'<th class="text">{h}</th>' for h in ("Network", "Published", "Post")) + "".join(
        f"<th>{h}</th>" for h in ("Exposure", "Interactions", "Eng. rate")
    )
    return _section(
        "Top posts by engagement rate",
        f'<div class="scroll"><table class="posts"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>",
    )


def render(session: Session, report: Report, *, sample: bool = False) -> str:
    """The whole HTML document of `report` on `session`'s workspace."""
    settings, dataset = session.settings, session.dataset
    logo = read_logo(settings.logo, session.workspace.root)
    counts = {s: sum(1 for e in report.evaluations if e.status == s) for s in STATUS_SYMBOLS}
    summary = " · ".join(f"{STATUS_SYMBOLS[s]} {n} {STATUS_LABELS[s]}" for s, n in counts.items() if n)
    points = pacing.to_date_values(dataset, report.evaluations)
    objectives = (
        "".join(
            _objective(e, points.get((e.period.start, e.period.end)), report.currency, i)
            for i, e in enumerate(report.evaluations)
        )
        or "<p>No objectives yet: add one with <code>kpitui objectives add</code>.</p>"
    )
    series = views.trends(dataset, report.period, report.as_of)
    previous = (
        engine.series(dataset, report.comparison, views.freq_for(report.period)).sort("network", "bucket")
        if report.comparison is not None
        else None
    )
    networks = "".join(_network(report, n, series, previous, i) for i, n in enumerate(report.networks))
    posts = session.summary(report.period)
    best = insights.best_times(posts, report.period)
    untimed = insights.untimed_posts(posts, report.period)
    top = insights.top_posts(posts, report.period, by="engagement_rate", n=TOP_POSTS)
    lines = [f"{report.period.describe()}"]
    if report.comparison is not None:
        lines.append(f"compared with {report.comparison.describe()}")
    lines.append(f"data as of {report.as_of.isoformat() if report.as_of else fmt.NULL}")
    return Template(_resource("html_report.html")).substitute(
        title=esc(f"{settings.name}: {report.period.label}"),
        css=_resource("html_report.css"),
        logo=f'<img class="logo" src="{logo}" alt="">' if logo else "",
        name=esc(settings.name),
        sample='<span class="sample">sample data</span>' if sample else "",
        period=" · ".join(f"<span>{esc(x)}</span>" for x in lines),
        summary=esc(summary),
        key=PACING_KEY if report.evaluations else "",
        objectives=objectives,
        networks=networks,
        best=_best_times(best, untimed),
        top=_top_posts(top, report.currency, settings.timezone),
    )


def _resource(name: str) -> str:
    """A file shipped beside this module: the page's template and its CSS."""
    return resources.files("kpitui.core").joinpath(name).read_text(encoding="utf-8")
