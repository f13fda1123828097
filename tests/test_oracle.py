"""Every KPI of `kpitui report --format json` against an independent computation from KPIS.md.

Random canonical files (nulls, zeros, missing columns, time-zone offsets,
range rows, unmapped sources) go through the real command line; the oracle
below recomputes each KPI with plain Python loops over the same rows,
written from the formulas of KPIS.md without using kpitui's engine.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kpitui.cli import main

NETWORKS = ["facebook", "instagram", "x", "linkedin", "youtube", "tiktok"]
POST_METRICS = [
    "impressions",
    "reach",
    "views",
    "likes",
    "dislikes",
    "comments",
    "shares",
    "saves",
    "link_clicks",
    "profile_clicks",
    "hashtag_clicks",
    "watch_time_hours",
    "leads",
]
SOURCES = [
    ("l.facebook.com", "referral", "facebook"),
    ("Instagram", "social", "instagram"),
    ("t.co", "referral", "x"),
    ("lnkd.in", "referral", "linkedin"),
    ("www.youtube.com", "referral", "youtube"),
    ("tiktok.com", "referral", "tiktok"),
    ("google", "organic", None),
    ("(direct)", "(none)", None),
    # social, but of no single network (KPIS.md, Traffic)
    ("Organic Social", "", None),  # a GA4 channel group: no medium
    ("reddit.com", "referral", None),
    ("old.reddit.com", "referral", None),
    ("summer-sale", "paid_social", None),
]
SOCIAL_SOURCES = {"organic social", "reddit.com", "old.reddit.com"}
"""Sources of the rows above that are social without being of one network."""
SOCIAL_MEDIUMS = {"paid_social"}
ACCOUNT_METRICS = ["impressions", "reach", "views"]
START, END = date(2026, 1, 1), date(2026, 3, 31)


def _maybe(rng: random.Random, value: Any, p_null: float) -> Any:
    return None if rng.random() < p_null else value


def make_files(folder: Path, seed: int) -> tuple[list[dict], list[dict], list[dict]]:
    rng = random.Random(seed)
    reported = {n: set(rng.sample(POST_METRICS, rng.randint(3, len(POST_METRICS)))) for n in NETWORKS}
    posts = []
    for i in range(300):
        network = rng.choice(NETWORKS)
        when = datetime(2025, 12, 15, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 120 * 24 * 60))
        offset = rng.choice([0, 60, -300, 330])
        local = when.astimezone(__import__("datetime").timezone(timedelta(minutes=offset)))
        row: dict[str, Any] = {
            "network": network,
            "account": rng.choice(["a", "b"]),
            "post_id": f"p{i}",
            "published_at": local.isoformat(),
        }
        for metric in POST_METRICS:
            if metric not in reported[network]:
                row[metric] = None
            elif metric == "watch_time_hours":
                row[metric] = _maybe(rng, round(rng.uniform(0, 50), 3), 0.2)
            else:
                row[metric] = _maybe(rng, rng.choice([0, rng.randint(0, 5000)]), 0.2)
        posts.append(row)
    daily = []
    for network in rng.sample(NETWORKS, 4):
        # the account metrics a network's daily exports bring (some bring none)
        account_metrics = set(rng.sample(ACCOUNT_METRICS, rng.randint(0, 3)))
        for account in ["a", "b"]:
            followers = rng.randint(100, 5000)
            flows = rng.random() < 0.5
            day = date(2025, 12, 20)
            while day <= date(2026, 4, 10):
                gained, lost = rng.randint(0, 40), rng.randint(0, 20)
                followers += gained - lost
                daily.append(
                    {
                        "network": network,
                        "account": account,
                        "date": day.isoformat(),
                        "followers": _maybe(rng, followers, 0.3),
                        "followers_gained": _maybe(rng, gained, 0.2) if flows else None,
                        "followers_lost": _maybe(rng, lost, 0.2) if flows else None,
                        "profile_visits": _maybe(rng, rng.randint(0, 300), 0.3),
                        "mentions": _maybe(rng, rng.randint(0, 9), 0.5),
                        **{
                            m: _maybe(rng, rng.randint(0, 20000), 0.2) if m in account_metrics else None
                            for m in ACCOUNT_METRICS
                        },
                    }
                )
                day += timedelta(days=rng.randint(1, 6))
    traffic = []
    for i in range(250):
        source, medium, _ = rng.choice(SOURCES)
        first = date(2025, 12, 20) + timedelta(days=rng.randint(0, 110))
        last = first + timedelta(days=rng.choice([0, 0, 0, 6, 40]))
        traffic.append(
            {
                "date": first.isoformat(),
                "date_end": last.isoformat(),
                "source": source,
                "medium": f"{medium}-{i}" if rng.random() < 0.1 else medium,
                "sessions": _maybe(rng, rng.randint(0, 400), 0.1),
                "engaged_sessions": _maybe(rng, rng.randint(0, 200), 0.3),
                "conversions": _maybe(rng, rng.randint(0, 12), 0.3),
                "leads": _maybe(rng, rng.randint(0, 3), 0.6),
                "revenue": _maybe(rng, round(rng.uniform(0, 900), 2), 0.4),
            }
        )
    # a traffic row is keyed by (date, date_end, source, medium): the last row of a key wins
    traffic = list({(r["date"], r["date_end"], r["source"], r["medium"]): r for r in traffic}.values())
    for name, rows in (("posts", posts), ("daily", daily), ("traffic", traffic)):
        with open(folder / f"{name}.csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows([{k: "" if v is None else v for k, v in r.items()} for r in rows])
    return posts, daily, traffic


# --- the oracle: KPIS.md, in plain Python -----------------------------------------------


def s(values: list[float | None]) -> float | None:
    """Sum of the non-null values; null when all are null."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def div(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def row_total(row: dict, keys: list[str]) -> float | None:
    parts = [row[k] for k in keys]
    return None if all(p is None for p in parts) else sum(p or 0 for p in parts)


def both(rows: list[dict], num: Any, den: Any) -> tuple[float | None, float | None]:
    pairs = [(num(r), den(r)) for r in rows]
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
    return (s([a for a, _ in pairs]), s([b for _, b in pairs])) if pairs else (None, None)


def oracle(posts: list[dict], daily: list[dict], traffic: list[dict], network: str) -> dict[str, Any]:
    nets = NETWORKS if network == "all" else [network]
    p = [
        r
        for r in posts
        if r["network"] in nets
        and START <= datetime.fromisoformat(r["published_at"]).astimezone(UTC).date() <= END
    ]
    inter = lambda r: row_total(r, ["likes", "comments", "shares", "saves"])  # noqa: E731
    expo = lambda r: r["impressions"] if r["impressions"] is not None else r["views"]  # noqa: E731
    out: dict[str, Any] = {"posts": len(p), "interactions": s([inter(r) for r in p])}
    out["engagement_rate"] = div(*both(p, inter, expo))
    out["engagement_rate_reach"] = div(*both(p, inter, lambda r: r["reach"]))
    out["interactions_per_post"] = div(out["interactions"], len([r for r in p if inter(r) is not None]))
    out["virality_rate"] = div(*both(p, lambda r: r["shares"], expo))
    for metric in ("impressions", "reach", "views", "link_clicks"):
        out[metric] = s([r[metric] for r in p])
    out["ctr"] = div(*both(p, lambda r: r["link_clicks"], expo))
    # daily
    d = [r for r in daily if r["network"] in nets]
    in_period = [r for r in d if START <= date.fromisoformat(r["date"]) <= END]
    out["mentions"] = s([r["mentions"] for r in in_period])
    out["profile_visits"] = s([r["profile_visits"] for r in in_period])
    for metric in ACCOUNT_METRICS:  # account metrics: by the day they happened, never the posts'
        out[f"account_{metric}"] = s([r[metric] for r in in_period])
    ends, changes, growth_pairs = [], [], []
    for key in sorted({(r["network"], r["account"]) for r in d}):
        rows = sorted((r for r in d if (r["network"], r["account"]) == key), key=lambda r: r["date"])
        known = [r for r in rows if r["followers"] is not None]
        end = [r["followers"] for r in known if date.fromisoformat(r["date"]) <= END]
        start = [r["followers"] for r in known if date.fromisoformat(r["date"]) < START]
        f_end, f_start = (end[-1] if end else None), (start[-1] if start else None)
        flows = [
            row_total(
                {
                    "g": r["followers_gained"],
                    "l": -r["followers_lost"] if r["followers_lost"] is not None else None,
                },
                ["g", "l"],
            )
            for r in rows
            if START <= date.fromisoformat(r["date"]) <= END
        ]
        flow = s(flows)
        change = flow if flow is not None else (None if f_end is None or f_start is None else f_end - f_start)
        ends.append(f_end)
        changes.append(change)
        if change is not None and f_start is not None:
            growth_pairs.append((change, f_start))
    out["followers"] = s(ends)
    out["net_follower_change"] = s(changes)
    out["follower_growth_rate"] = (
        div(s([a for a, _ in growth_pairs]), s([b for _, b in growth_pairs])) if growth_pairs else None
    )
    # traffic
    mapped = {src.lower().removeprefix("www."): net for src, _, net in SOURCES}
    inside = [
        r
        for r in traffic
        if date.fromisoformat(r["date"]) >= START and date.fromisoformat(r["date_end"]) <= END
    ]

    def network_of(r: dict) -> str | None:
        return mapped[r["source"].lower().removeprefix("www.")]

    def social(r: dict) -> bool:
        source = r["source"].lower().removeprefix("www.")
        return network_of(r) is not None or source in SOCIAL_SOURCES or r["medium"] in SOCIAL_MEDIUMS

    # one network: its rows; "all": every social row, of a network or of none in particular
    t = [r for r in inside if (social(r) if network == "all" else network_of(r) == network)]
    out["sessions"] = s([r["sessions"] for r in t])
    out["engaged_sessions"] = s([r["engaged_sessions"] for r in t])
    out["engaged_session_rate"] = div(*both(t, lambda r: r["engaged_sessions"], lambda r: r["sessions"]))
    out["conversions"] = s([r["conversions"] for r in t])
    out["conversion_rate"] = div(*both(t, lambda r: r["conversions"], lambda r: r["sessions"]))
    out["revenue"] = s([r["revenue"] for r in t])
    out["leads"] = s([s([r["leads"] for r in p]), s([r["leads"] for r in t])])
    if network == "all":
        out["social_traffic_share"] = div(s([r["sessions"] for r in t]), s([r["sessions"] for r in inside]))
    if network == "youtube":
        out["dislikes"] = s([r["dislikes"] for r in p])
        out["like_ratio"] = div(
            *both(
                p,
                lambda r: r["likes"] if r["dislikes"] is not None else None,
                lambda r: row_total(r, ["likes", "dislikes"]),
            )
        )
    if network in ("youtube", "tiktok"):
        out["watch_time_hours"] = s([r["watch_time_hours"] for r in p])
        avd = div(*both(p, lambda r: r["watch_time_hours"], lambda r: r["views"]))
        out["avg_view_duration_s"] = None if avd is None else 3600 * avd
    if network in ("instagram", "tiktok"):
        out["saves"] = s([r["saves"] for r in p])
    if network == "x":
        out["hashtag_clicks"] = s([r["hashtag_clicks"] for r in p])
    if network in ("x", "linkedin"):
        out["profile_clicks"] = s([r["profile_clicks"] for r in p])
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_report_json_equals_the_oracle(tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    posts, daily, traffic = make_files(tmp_path, seed)
    ws = str(tmp_path / "ws")
    files = [str(tmp_path / f"{n}.csv") for n in ("posts", "daily", "traffic")]
    assert main(["--workspace", ws, "import", *files]) == 0
    capsys.readouterr()
    assert main(["--workspace", ws, "report", "--period", "2026-Q1", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    checked = 0
    for network, kpis in report["kpis"].items():
        expected = oracle(posts, daily, traffic, network)
        assert set(kpis) == set(expected) | {"brand_hashtag_posts"}, network
        for kpi, value in expected.items():
            got = kpis[kpi]["value"]
            if value is None:
                assert got is None, (network, kpi)
            else:
                assert got == pytest.approx(value, rel=1e-9, abs=0), (network, kpi)
            checked += 1
    assert checked > 150
