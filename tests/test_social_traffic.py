"""Web traffic that is social but of no single network (KPIS.md, Traffic).

The hand-worked rows of `traffic()`, all on 5 March 2026 (sessions, engaged, conversions):

- `l.instagram.com / referral`  100, 60, 2   Instagram
- `Organic Social` (no medium)    40, 30, 1   GA4 channel group: social, of no network
- `reddit.com / referral`         20,  5, 0   a social site not in the network table
- `old.reddit.com / referral`      5,  5, —   a subdomain of it
- `business.facebook.com`         25,  —, —   a Facebook subdomain the table does not name
- `spring-sale / paid_social`     10,  —, —   a social medium
- `google / organic`             800, 500, 10 not social

Instagram: 100 sessions. "All": every social row, 100 + 40 + 20 + 5 + 25 + 10 = 200
sessions; engaged 60 + 30 + 5 + 5 = 100 over the 165 sessions of the rows that report
engaged sessions; conversions 2 + 1 + 0 = 3 over 160 sessions. Social share 200 / 1000.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core import engine
from kpitui.core.dataset import prepare
from kpitui.core.explain import explain
from kpitui.core.periods import parse_period
from kpitui.core.settings import Settings
from kpitui.core.sources import social_of

MARCH = parse_period("2026-03")
CHANNELS = Path(__file__).resolve().parent / "fixtures" / "analytics" / "ga4_channel_group.csv"


def traffic() -> pl.DataFrame:
    rows = [
        ("l.instagram.com", "referral", 100, 60, 2.0),
        ("Organic Social", None, 40, 30, 1.0),
        ("reddit.com", "referral", 20, 5, 0.0),
        ("old.reddit.com", "referral", 5, 5, None),
        ("business.facebook.com", "referral", 25, None, None),
        ("spring-sale", "paid_social", 10, None, None),
        ("google", "organic", 800, 500, 10.0),
    ]
    return pl.DataFrame(
        rows,
        schema=["source", "medium", "sessions", "engaged_sessions", "conversions"],
        orient="row",
    ).with_columns(date=pl.lit(date(2026, 3, 5)))


def kpis_of(settings: Settings | None = None) -> dict[str, dict[str, object]]:
    ds = prepare(pl.DataFrame(), pl.DataFrame(), traffic(), settings)
    return {r["network"]: r for r in engine.compute(ds, MARCH).iter_rows(named=True)}


def test_social_rows_of_no_network_count_for_all_never_for_a_network() -> None:
    rows = kpis_of()
    assert list(rows) == ["instagram", "all"]  # no Facebook tab for business.facebook.com
    assert (rows["instagram"]["sessions"], rows["instagram"]["conversions"]) == (100, 2)
    everyone = rows["all"]
    assert everyone["sessions"] == 200
    assert everyone["engaged_sessions"] == 100
    assert everyone["engaged_session_rate"] == pytest.approx(100 / 165)
    assert everyone["conversions"] == 3
    assert everyone["conversion_rate"] == pytest.approx(3 / 160)
    assert everyone["social_traffic_share"] == pytest.approx(200 / 1000)


def test_the_workspace_mappings_still_win() -> None:
    """A source the settings map to a network counts for it, not as social of no network."""
    rows = kpis_of(Settings(sources={"reddit.com / referral": "linkedin", "Organic Social": "instagram"}))
    assert rows["linkedin"]["sessions"] == 20
    assert rows["instagram"]["sessions"] == 140
    assert rows["all"]["sessions"] == 200
    assert rows["all"]["social_traffic_share"] == pytest.approx(200 / 1000)


def test_a_channel_group_report_alone_shows_sessions_and_share_for_all() -> None:
    """GA4's Traffic acquisition by Session default channel group: no network, yet numbers."""
    groups = pl.DataFrame(
        {
            "date": [date(2026, 3, 1)] * 4,
            "date_end": [date(2026, 3, 31)] * 4,
            "source": ["Organic Search", "Direct", "Organic Social", "Paid Social"],
            "sessions": [482, 243, 25, 7],
        }
    )
    ds = prepare(pl.DataFrame(), pl.DataFrame(), groups)
    assert ds.networks == ()
    row = engine.compute(ds, MARCH).row(0, named=True)
    assert (row["network"], row["sessions"]) == ("all", 32)
    assert row["social_traffic_share"] == pytest.approx(32 / 757)


@pytest.mark.parametrize(
    ("source", "medium", "social"),
    [
        ("Organic Social", None, True),  # GA4 default channel groups
        ("Paid Social", None, True),
        ("Social", None, True),  # Universal Analytics' channel
        ("Organic Search", None, False),
        ("Referral", None, False),
        ("www.Reddit.com", "referral", True),
        ("out.reddit.com", "referral", True),
        ("notreddit.com", "referral", False),  # a subdomain needs the dot
        ("pinterest.fr", "referral", True),
        ("fr.pinterest.com", "referral", True),
        ("l.threads.net", "referral", True),
        ("bsky.app", "referral", True),
        ("mastodon.social", "referral", True),
        ("snapchat", "cpc", True),  # GA4 Paid Social: a social site, a paid medium
        ("newsletter", "SM", True),  # GA4's Organic Social mediums, in any case
        ("newsletter", "social-media", True),
        ("newsletter", "email", False),
        ("google", "organic", False),
        ("(direct)", "(none)", False),
        (None, None, False),
    ],
)
def test_what_counts_as_social(source: str | None, medium: str | None, social: bool) -> None:
    frame = pl.DataFrame(
        {"source": [source], "medium": [medium]}, schema={"source": pl.String, "medium": pl.String}
    )
    assert frame.select(social_of(pl.col("source"), pl.col("medium"))).item() is social


def test_explain_names_the_rows_all_counts() -> None:
    ds = prepare(pl.DataFrame(), pl.DataFrame(), traffic())
    sessions = explain(ds, "sessions", "all", MARCH)
    assert (sessions.value, sessions.rows) == (200, 6)
    assert "Organic Social" in sessions.basis
    share = explain(ds, "social_traffic_share", "all", MARCH)
    assert share.rows == 7  # its denominator reads every source
    assert share.inputs[0][1] == 200 and share.inputs[1][1] == 1000


def test_a_ga4_channel_group_download_shows_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """April's Organic Social (640 sessions, 330 engaged, 8 key events, 210.40) and Paid
    Social (310, 120, 4, 99.00) rows, out of 7262 sessions: before, the share was null."""
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "import", str(CHANNELS)]) == 0
    capsys.readouterr()
    assert main(["--workspace", ws, "report", "--period", "2026-04", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["kpis"]) == ["all"]
    values = {kpi: v["value"] for kpi, v in report["kpis"]["all"].items()}
    assert values["sessions"] == 950
    assert values["engaged_sessions"] == 450
    assert values["conversions"] == 12
    assert values["revenue"] == pytest.approx(309.4)
    assert values["social_traffic_share"] == pytest.approx(950 / 7262)
