"""What the dashboard and the Networks panels show of post and account metrics.

Facebook: one post of 3 March with 400 impressions, and the page's daily views
(30 + 20) and reach (12). X: the overview's daily impressions only (700).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import polars as pl
from rich.style import Style

from kpitui.core import views
from kpitui.core.dataset import Dataset, prepare
from kpitui.core.periods import parse_period
from kpitui.core.report import Report, build, to_csv, to_json, to_markdown, to_table
from kpitui.core.table import to_records
from kpitui.tui.tables import rows

MARCH = parse_period("2026-03")


def report() -> tuple[Dataset, Report]:
    posts = pl.DataFrame(
        {"network": ["facebook"], "account": ["p"], "post_id": ["1"], "impressions": [400]}
    ).with_columns(published_at=pl.lit(datetime(2026, 3, 3, 9)).dt.replace_time_zone("UTC"))
    daily = pl.DataFrame(
        {
            "network": ["facebook", "facebook", "x"],
            "account": ["p", "p", "b"],
            "date": [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 2)],
            "views": [30, 20, None],
            "reach": [12, None, None],
            "impressions": [None, None, 700],
        }
    )
    ds = prepare(posts, daily, pl.DataFrame())
    return ds, build(ds, [], period=MARCH, compare="none")


def test_dashboard_awareness_headline_falls_back_to_account_metrics() -> None:
    _, rep = report()
    awareness = {
        network: next(h for h in heads if h.family == "Impressions").value
        for network, heads in views.dashboard(rep).summary
    }
    assert (awareness["facebook"].kpi.id, awareness["facebook"].value) == ("impressions", 400)
    assert (awareness["x"].kpi.id, awareness["x"].value) == ("account_impressions", 700)
    assert views.FALLBACK_SUFFIX["account_impressions"] == "acct"
    assert (awareness["all"].kpi.id, awareness["all"].value) == ("impressions", 400)


def test_the_network_grid_draws_names_bold_and_notes_faint() -> None:
    """The app draws each network's name in bold and the note beside a value (`acct`: X's
    impressions are its account's) dimmed, the number itself plain; data has no note column."""
    _, rep = report()
    grid = views.dashboard(rep).networks_table()
    drawn = dict(zip(grid.values("network"), rows(grid, {}), strict=True))
    name, impressions = drawn["x"][0], drawn["x"][2]
    assert (name.plain, name.style) == ("X", "") and [s.style for s in name.spans] == [Style(bold=True)]
    assert impressions.plain == "700 acct"
    dim = [impressions.plain[s.start : s.end] for s in impressions.spans if s.style == Style(dim=True)]
    assert dim == ["acct"]
    assert drawn["facebook"][2].plain == "400" and not drawn["facebook"][2].spans
    assert not any("note" in key for key in to_records(grid)[0])


def test_network_panel_lists_post_and_account_metrics_apart() -> None:
    ds, rep = report()
    groups = dict(views.panel(rep, views.trends(ds, MARCH), "facebook"))
    awareness = [(row.value.kpi.label, row.value.value) for row in groups["Awareness"]]
    assert awareness == [
        ("Impressions (posts)", 400),
        ("Reach (account, by day)", 12),
        ("Views (account, by day)", 50),
    ]
    trend = next(row.trend for row in groups["Awareness"] if row.value.kpi.id == "account_views")
    assert trend[:3] == [30, 20, None]  # by day: the views of 1 and 2 March, none on the 3rd


def test_the_report_formats_show_account_metrics_under_their_labels() -> None:
    _, rep = report()
    facebook = to_table(rep, "Acme").split("\n\nX\n")[0]
    cells = [line.split("  ") for line in facebook.splitlines()]
    values = {c[1]: next(v.strip() for v in c[2:] if v.strip()) for c in cells if len(c) > 2 and c[1]}
    assert values["Impressions (posts)"] == "400"
    assert values["Views (account, by day)"] == "50"
    markdown = to_markdown(rep, "Acme")
    assert "| Reach (account, by day) | 12 | — | — |" in markdown
    rows = list(csv.DictReader(io.StringIO(to_csv(rep))))
    x = {r["kpi"]: r["value"] for r in rows if r["network"] == "x"}
    assert (x["account_impressions"], x["impressions"], x["account_views"]) == ("700", "", "")
    assert to_json(rep)["kpis"]["all"]["account_views"] == {"value": 50, "previous": None, "change": None}


def test_followers_and_their_net_change_are_two_columns_and_all_says_what_it_sums() -> None:
    """Facebook: 100 followers on 28 February, 120 on 31 March (net +20). X: 5 gained, no
    follower count. All networks' followers, 120, are Facebook's alone: 1 of 2 networks."""
    daily = pl.DataFrame(
        {
            "network": ["facebook", "facebook", "x"],
            "account": ["p", "p", "b"],
            "date": [date(2026, 2, 28), date(2026, 3, 31), date(2026, 3, 10)],
            "followers": [100, 120, None],
            "followers_gained": [None, None, 5],
        }
    )
    ds = prepare(pl.DataFrame(), daily, pl.DataFrame())
    summary = dict(views.dashboard(build(ds, [], period=MARCH, compare="none")).summary)
    heads = {n: {h.family: h for h in hs} for n, hs in summary.items()}
    assert [h.family for h in summary["x"]][3:5] == ["Followers", "Net change"]
    assert heads["x"]["Followers"].value is None  # a net change is not shown as followers
    assert heads["x"]["Net change"].value.value == 5
    assert heads["facebook"]["Followers"].value.value == 120
    assert heads["facebook"]["Net change"].value.value == 20
    assert heads["all"]["Followers"].value.value == 120
    assert heads["all"]["Followers"].covers == (1, 2)
    assert heads["all"]["Net change"].covers is None
