"""The baselines of the recompute benchmark: kpitui's report numbers with DuckDB (SQL) and with pandas.

    python benchmarks/baselines.py duckdb WORKSPACE PERIOD COMPARISON [--as-of YYYY-MM-DD]
    python benchmarks/baselines.py pandas WORKSPACE PERIOD COMPARISON [--as-of YYYY-MM-DD]

Each reads the workspace's tables (data/tables/<table>/**/*.parquet), kpitui.toml and objectives.toml
and prints, as JSON, the numbers of `kpitui --workspace WORKSPACE report
--period PERIOD --format json`: every KPI of KPIS.md for every network with
data and "all", over PERIOD and COMPARISON (each `YYYY-MM-DD..YYYY-MM-DD`, or
any period form; COMPARISON may be `none`), with the change between them,
and every objective evaluated at the as-of date (value, projection,
progress, status, needed per day). tests/test_baselines.py checks that both
print exactly kpitui's numbers, so the benchmark compares like with like.

They do not import kpitui: each is a whole process that pays only for its
own engine (duckdb, or pandas with pyarrow), as a person scripting the same
numbers would. Both follow the rules of KPIS.md: the publication day in the
workspace's time zone, ratios of sums over the rows that report both inputs,
null (not 0) for a sum of nulls and a zero denominator, stocks as the last
known value per account, traffic sources mapped to networks (and rows social
but of no single network, by the lists of kpitui's `social.toml`, counted in
"all"), and date-range traffic rows counted only in a period that holds their
whole range. The
periods that are needed (the report's two and each objective's period to
date) are computed together, in one query (DuckDB) or one pass per period
over frames read once (pandas).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

NETWORKS = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok")
ALIASES = {
    "fb": "facebook",
    "ig": "instagram",
    "twitter": "x",
    "yt": "youtube",
    "li": "linkedin",
    "tt": "tiktok",
}
DEFAULT_SOURCES = {
    "facebook": (
        *("facebook.com", "m.facebook.com", "l.facebook.com", "lm.facebook.com", "web.facebook.com"),
        *("facebook", "fb"),
    ),
    "instagram": ("instagram.com", "l.instagram.com", "instagram", "ig"),
    "x": ("t.co", "x.com", "twitter.com", "twitter", "x"),
    "linkedin": ("linkedin.com", "lnkd.in", "linkedin"),
    "youtube": ("youtube.com", "m.youtube.com", "youtu.be", "youtube", "yt"),
    "tiktok": ("tiktok.com", "tiktok"),
}
SOCIAL_LISTS = Path(__file__).resolve().parents[1] / "src" / "kpitui" / "core" / "social.toml"
"""Channel groups, mediums and sites of traffic that is social but of no single network."""

# --- the KPIs of KPIS.md: id, unit, networks it applies to, in "all", additive ---------------------

ANY = NETWORKS


@dataclass(frozen=True)
class Kpi:
    id: str
    unit: str
    networks: tuple[str, ...] = ANY
    in_all: bool = True
    additive: bool | None = None

    @property
    def adds_up(self) -> bool:
        return self.unit != "ratio" if self.additive is None else self.additive

    def applies_to(self, network: str) -> bool:
        return self.in_all if network == "all" else network in self.networks


KPIS = (
    Kpi("posts", "count"),
    Kpi("interactions", "count"),
    Kpi("engagement_rate", "ratio"),
    Kpi("engagement_rate_reach", "ratio"),
    Kpi("interactions_per_post", "count", additive=False),
    Kpi("virality_rate", "ratio"),
    Kpi("impressions", "count"),
    Kpi("reach", "count"),
    Kpi("views", "count"),
    Kpi("account_impressions", "count"),
    Kpi("account_reach", "count"),
    Kpi("account_views", "count"),
    Kpi("mentions", "count"),
    Kpi("brand_hashtag_posts", "count"),
    Kpi("profile_visits", "count"),
    Kpi("link_clicks", "count"),
    Kpi("ctr", "ratio"),
    Kpi("leads", "count"),
    Kpi("conversions", "count"),
    Kpi("conversion_rate", "ratio"),
    Kpi("followers", "count", additive=False),
    Kpi("net_follower_change", "count"),
    Kpi("follower_growth_rate", "ratio"),
    Kpi("sessions", "count"),
    Kpi("engaged_sessions", "count"),
    Kpi("engaged_session_rate", "ratio"),
    Kpi("social_traffic_share", "ratio", networks=()),
    Kpi("revenue", "currency"),
    Kpi("dislikes", "count", ("youtube",), in_all=False),
    Kpi("like_ratio", "ratio", ("youtube",), in_all=False),
    Kpi("watch_time_hours", "hours", ("youtube", "tiktok"), in_all=False),
    Kpi("avg_view_duration_s", "seconds", ("youtube", "tiktok"), in_all=False, additive=False),
    Kpi("saves", "count", ("instagram", "tiktok"), in_all=False),
    Kpi("hashtag_clicks", "count", ("x",), in_all=False),
    Kpi("profile_clicks", "count", ("x", "linkedin"), in_all=False),
)
BY_ID = {k.id: k for k in KPIS}

Window = tuple[date, date]
Values = dict[Window, dict[str, dict[str, Any]]]
"""Per period (first day, last day): per network (and "all"): KPI id → value."""


# --- settings and periods (the workspace's files, read as kpitui reads them) ----------------------


@dataclass(frozen=True)
class Settings:
    timezone: str
    brand_tags: tuple[str, ...]
    bare: dict[str, str]
    """Lower-case source → network."""
    pairs: dict[str, str]
    """Lower-case `source / medium` → network."""
    social_sources: tuple[str, ...]
    """Lower-case sources that are social (channel groups and sites)."""
    social_mediums: tuple[str, ...]
    social_subdomain: str
    """Regex of a subdomain of a social site (`old.reddit.com`)."""


def _network(name: str) -> str | None:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in NETWORKS else None


def _source_key(text: str) -> str:
    return " / ".join(part.strip() for part in text.strip().lower().split("/")).removeprefix("www.")


def read_settings(root: Path) -> Settings:
    path = root / "kpitui.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8-sig")) if path.exists() else {}
    table = {src: net for net, sources in DEFAULT_SOURCES.items() for src in sources}
    for key, network in raw.get("sources", {}).items():
        table[_source_key(key)] = _network(network) or network
    tags = [h.lstrip("#").strip() for h in raw.get("brand_hashtags", []) if h.strip("# ")]
    tags = [t.strip().lstrip("#") for t in tags if t.strip().lstrip("#")]
    social = tomllib.loads(SOCIAL_LISTS.read_text(encoding="utf-8"))
    domains = sorted((d for d in social["sites"] if "." in d), key=len, reverse=True)
    return Settings(
        timezone=str(raw.get("timezone", "UTC")).strip(),
        brand_tags=tuple(tags),
        bare={k: v for k, v in table.items() if " / " not in k},
        pairs={k: v for k, v in table.items() if " / " in k},
        social_sources=(*social["channel_groups"], *social["sites"]),
        social_mediums=tuple(social["mediums"]),
        social_subdomain=r"\.(?:" + "|".join(re.escape(d) for d in domains) + ")$",
    )


def read_objectives(root: Path) -> list[dict[str, Any]]:
    path = root / "objectives.toml"
    if not path.exists():
        return []
    objectives = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("objective", [])
    for o in objectives:
        o["network"] = "all" if o["network"] == "all" else _network(o["network"])
        o["period"] = o["period"].strip()
    return objectives


def brand_regex(tags: tuple[str, ...]) -> str | None:
    """kpitui's brand-hashtag pattern, for RE2 (DuckDB, and pyarrow under pandas).

    RE2's `\\w` is ASCII only; kpitui's (Rust) regex is Unicode-aware, so the
    word class is spelled out with Unicode properties.
    """
    if not tags:
        return None
    word = r"\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\x{200C}\x{200D}"
    alternatives = "|".join(
        "".join("\\" + c if c.isascii() and not c.isalnum() else c for c in t) for t in tags
    )
    return rf"(?i)(?:^|[^{word}#])#(?:{alternatives})(?:[^{word}]|$)"


def _month_start(year: int, month: int, add: int = 0) -> date:
    index = year * 12 + month - 1 + add
    return date(index // 12, index % 12 + 1, 1)


def period_of(text: str, as_of: date | None) -> tuple[date, date]:
    """First and last day of a period in any form kpitui accepts."""
    spec = text.strip()
    low = spec.lower()
    if m := re.match(r"^(\d{4})-(\d{1,2})$", spec):
        start = date(int(m[1]), int(m[2]), 1)
        return start, _month_start(start.year, start.month, 1) - timedelta(days=1)
    for pattern, months in ((r"^(\d{4})-?Q([1-4])$", 3), (r"^(\d{4})-?H([12])$", 6)):
        if m := re.match(pattern, spec, re.IGNORECASE):
            start = date(int(m[1]), months * (int(m[2]) - 1) + 1, 1)
            return start, _month_start(start.year, start.month, months) - timedelta(days=1)
    if m := re.match(r"^(\d{4})$", spec):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := re.match(r"^(\d{4})-?W(\d{1,2})$", spec, re.IGNORECASE):
        start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return start, start + timedelta(days=6)
    if m := re.match(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$", spec):
        return date.fromisoformat(m[1]), date.fromisoformat(m[2])
    if as_of is None:
        raise ValueError(f"{spec!r} needs an as-of date")
    if m := re.match(r"^last-?(\d{1,4})d$", low):
        return as_of - timedelta(days=int(m[1]) - 1), as_of
    months = {"mtd": 1, "qtd": 3, "ytd": 12}[low]
    return _month_start(as_of.year, (as_of.month - 1) // months * months + 1), as_of


def change(unit: str, now: Any, before: Any) -> float | None:
    if now is None or before is None:
        return None
    if unit == "ratio":
        return now - before
    if before == 0:
        return None
    return (now - before) / abs(before)


def evaluate(objective: dict[str, Any], as_of: date | None, values: Values) -> dict[str, Any]:
    """An objective's status at `as_of` (KPIS.md, "Objectives and their status")."""
    kpi = BY_ID[objective["kpi"]]
    start, end = period_of(objective["period"], as_of or date.today())
    out: dict[str, Any] = {"id": objective["id"], "value": None, "projected": None, "progress": None}
    out["needed_per_day"] = None
    if as_of is None or start > as_of:
        return {**out, "status": "not_started" if as_of else "no_data"}
    value = values[(start, min(end, as_of))].get(objective["network"], {}).get(kpi.id)
    if value is None:
        return {**out, "status": "no_data"}
    value = float(value)
    target, at_least = float(objective["target"]), objective["comparison"] == ">="
    days, elapsed = (end - start).days + 1, (min(as_of, end) - start).days + 1
    over = as_of >= end
    projected = value * days / elapsed if kpi.adds_up and not over else value
    if kpi.unit == "count" and kpi.adds_up and not over:
        projected = float(int(projected + 0.5))  # a count is projected whole (KPIS.md's counts)

    def meets(v: float) -> bool:
        return v >= target if at_least else v <= target

    if at_least:
        progress = value / target if target != 0 else None
    else:
        progress = target / value if value != 0 else None
    if over:
        status = "achieved" if meets(value) else "missed"
    elif kpi.adds_up and at_least and meets(value):
        status = "achieved"
    else:
        status = "on_track" if meets(projected) else "at_risk"
    needed = max(target - value, 0.0) / (days - elapsed) if kpi.adds_up and not over else None
    return {**out, "value": value, "projected": projected, "progress": progress, "status": status} | {
        "needed_per_day": needed
    }


def windows_of(
    period: Window, comparison: Window | None, objectives: list[dict[str, Any]], as_of: date | None
) -> list[Window]:
    """Every distinct period to compute: the report's two, then each objective's to date."""
    wanted = [period] + ([comparison] if comparison else [])
    for o in objectives:
        if as_of is None:
            continue
        start, end = period_of(o["period"], as_of)
        if start <= as_of:
            wanted.append((start, min(end, as_of)))
    return list(dict.fromkeys(wanted))


# --- DuckDB ---------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _d(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def _ratio(num: str, den: str) -> str:
    return f"CASE WHEN {den} <> 0 THEN {num} / {den} END"


def _grouped(network: str = "network") -> str:
    return f"CASE WHEN grouping({network}) = 1 THEN 'all' ELSE {network} END AS network"


def duckdb_as_of(con: Any, files: dict[str, str], tz: str) -> date | None:
    row = con.execute(
        f"""SELECT (SELECT max(timezone({_q(tz)}, published_at))::DATE FROM {files["posts"]}),
                   (SELECT max(date) FROM {files["daily"]}),
                   (SELECT max(coalesce(date_end, date)) FROM {files["traffic"]})"""
    ).fetchone()
    days = [d for d in row if d is not None]
    return max(days) if days else None


def duckdb_values(con: Any, files: dict[str, str], settings: Settings, windows: list[Window]) -> Values:
    """Every KPI for every window and network, in one SQL query."""
    tz = _q(settings.timezone)
    w = ", ".join(f"({i}, {_d(s)}, {_d(e)})" for i, (s, e) in enumerate(windows))
    bare = ", ".join(f"({_q(k)}, {_q(v)})" for k, v in settings.bare.items())
    pairs = (
        ", ".join(f"({_q(k)}, {_q(v)})" for k, v in settings.pairs.items())
        or "(NULL::VARCHAR, NULL::VARCHAR)"
    )
    pattern = brand_regex(settings.brand_tags)
    # kpitui searches the posts' stored hashtags (each with the character before it), which hold
    # every match when every brand tag is word characters: DuckDB gets the same column
    text = "text"
    if pattern and all(re.fullmatch(r"\w+", t) for t in settings.brand_tags):
        names = {d[0] for d in con.execute(f"SELECT * FROM {files['posts']} LIMIT 0").description}
        text = "hashtags" if "hashtags" in names else text
    brand = (
        f"CASE WHEN count(text) > 0 THEN count(*) FILTER (regexp_matches(text, {_q(pattern)})) END"
        if pattern
        else "NULL::BIGINT"
    )
    both = "FILTER ({} IS NOT NULL AND {} IS NOT NULL)"
    space = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"
    src = rf"regexp_replace(lower(trim(source, {space})), '^www\.', '')"
    medium = f"lower(trim(medium, {space}))"
    social_sources = ", ".join(_q(v) for v in settings.social_sources)
    social_mediums = ", ".join(_q(v) for v in settings.social_mediums)
    traffic_sums = f"""sum(sessions) AS sessions, sum(engaged_sessions) AS engaged_sessions,
        sum(conversions) AS conversions, sum(revenue) AS revenue, sum(leads) AS traffic_leads,
        sum(engaged_sessions) {both.format("engaged_sessions", "sessions")} AS esr_num,
        sum(sessions) {both.format("engaged_sessions", "sessions")} AS esr_den,
        sum(conversions) {both.format("conversions", "sessions")} AS cr_num,
        sum(sessions) {both.format("conversions", "sessions")} AS cr_den"""
    sql = f"""
    WITH w(wid, ws, we) AS (VALUES {w}),
    p AS (
        SELECT network, timezone({tz}, published_at)::DATE AS day,
               CASE WHEN likes IS NOT NULL OR comments IS NOT NULL OR shares IS NOT NULL OR saves IS NOT NULL
                    THEN coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0) + coalesce(saves, 0)
               END AS inter,
               coalesce(impressions, views) AS expo,
               impressions, reach, views, likes, dislikes, shares, saves, link_clicks, profile_clicks,
               hashtag_clicks, watch_time_hours, leads{f", {text} AS text" if pattern else ""}
        FROM {files["posts"]}
    ),
    pc AS (
        SELECT wid, {_grouped()},
               count(*) AS posts, sum(inter) AS interactions, count(inter) AS interaction_posts,
               sum(inter) {both.format("inter", "expo")} AS er_num,
               sum(expo) {both.format("inter", "expo")} AS er_den,
               sum(inter) {both.format("inter", "reach")} AS err_num,
               sum(reach) {both.format("inter", "reach")} AS err_den,
               sum(shares) {both.format("shares", "expo")} AS vir_num,
               sum(expo) {both.format("shares", "expo")} AS vir_den,
               sum(link_clicks) {both.format("link_clicks", "expo")} AS ctr_num,
               sum(expo) {both.format("link_clicks", "expo")} AS ctr_den,
               sum(likes) {both.format("likes", "dislikes")} AS lr_num,
               sum(likes + dislikes) {both.format("likes", "dislikes")} AS lr_den,
               sum(watch_time_hours) {both.format("watch_time_hours", "views")} AS avd_num,
               sum(views) {both.format("watch_time_hours", "views")} AS avd_den,
               sum(leads) AS post_leads, sum(impressions) AS impressions, sum(reach) AS reach,
               sum(views) AS views, sum(dislikes) AS dislikes, sum(saves) AS saves,
               sum(link_clicks) AS link_clicks, sum(profile_clicks) AS profile_clicks,
               sum(hashtag_clicks) AS hashtag_clicks, sum(watch_time_hours) AS watch_time_hours,
               {brand} AS brand_posts
        FROM p JOIN w ON p.day BETWEEN w.ws AND w.we
        GROUP BY GROUPING SETS ((wid, network), (wid))
    ),
    d AS (
        SELECT network, account, date, followers, profile_visits, mentions, impressions, reach, views,
               CASE WHEN followers_gained IS NOT NULL OR followers_lost IS NOT NULL
                    THEN coalesce(followers_gained, 0) - coalesce(followers_lost, 0) END AS net_flow
        FROM {files["daily"]}
    ),
    known AS (SELECT network, account, date, followers FROM d WHERE followers IS NOT NULL),
    cells AS (
        SELECT a.network, a.account, w.wid, w.we, w.ws - 1 AS before
        FROM (SELECT DISTINCT network, account FROM d) a CROSS JOIN w
    ),
    ends AS (
        SELECT c.*, k.followers AS f_end FROM cells c ASOF LEFT JOIN known k
        ON c.network = k.network AND c.account = k.account AND c.we >= k.date
    ),
    edges AS (
        SELECT e.*, k.followers AS f_start FROM ends e ASOF LEFT JOIN known k
        ON e.network = k.network AND e.account = k.account AND e.before >= k.date
    ),
    flows AS (
        SELECT wid, network, account, sum(net_flow) AS flow_net, sum(mentions) AS mentions,
               sum(profile_visits) AS profile_visits, sum(impressions) AS account_impressions,
               sum(reach) AS account_reach, sum(views) AS account_views
        FROM d JOIN w ON d.date BETWEEN w.ws AND w.we GROUP BY ALL
    ),
    acc AS (
        SELECT e.wid, e.network, e.f_end, e.f_start, f.mentions, f.profile_visits,
               f.account_impressions, f.account_reach, f.account_views,
               coalesce(f.flow_net, e.f_end - e.f_start) AS net_change
        FROM edges e LEFT JOIN flows f USING (wid, network, account)
    ),
    dc AS (
        SELECT wid, {_grouped()}, sum(mentions) AS mentions, sum(profile_visits) AS profile_visits,
               sum(account_impressions) AS account_impressions, sum(account_reach) AS account_reach,
               sum(account_views) AS account_views,
               sum(f_end) AS followers_end, sum(net_change) AS net_change,
               sum(net_change) {both.format("net_change", "f_start")} AS fgr_num,
               sum(f_start) {both.format("net_change", "f_start")} AS fgr_den
        FROM acc GROUP BY GROUPING SETS ((wid, network), (wid))
    ),
    bare(key, net) AS (VALUES {bare}),
    pairs(key, net) AS (VALUES {pairs}),
    tr AS (SELECT *, {src} AS src FROM {files["traffic"]}),
    t AS (
        SELECT tr.date, coalesce(tr.date_end, tr.date) AS date_end,
               coalesce(tr.network, pairs.net, bare.net) AS network,
               coalesce(tr.network, pairs.net, bare.net) IS NOT NULL
               OR coalesce(tr.src IN ({social_sources}), false)
               OR coalesce(regexp_matches(tr.src, {_q(settings.social_subdomain)}), false)
               OR coalesce({medium} IN ({social_mediums}), false) AS social,
               sessions, engaged_sessions, conversions, leads, revenue
        FROM tr LEFT JOIN bare ON tr.src = bare.key
        LEFT JOIN pairs ON tr.src || ' / ' || {medium} = pairs.key
    ),
    tw AS (SELECT * FROM t JOIN w ON t.date >= w.ws AND t.date_end <= w.we),
    tc AS (
        SELECT wid, network, {traffic_sums} FROM tw WHERE network IS NOT NULL GROUP BY wid, network
        UNION ALL
        SELECT wid, 'all' AS network, {traffic_sums} FROM tw WHERE social GROUP BY wid
    ),
    ts AS (
        SELECT wid, 'all' AS network, sum(sessions) FILTER (social)::DOUBLE AS share_num,
               sum(sessions)::DOUBLE AS share_den
        FROM tw GROUP BY wid
    ),
    nets AS (
        SELECT DISTINCT network FROM {files["posts"]} WHERE network IS NOT NULL
        UNION SELECT network FROM d WHERE network IS NOT NULL
        UNION SELECT network FROM t WHERE network IS NOT NULL
        UNION SELECT 'all'
    )
    SELECT wid, network,
        coalesce(posts, 0) AS posts, interactions,
        {_ratio("er_num", "er_den")} AS engagement_rate,
        {_ratio("err_num", "err_den")} AS engagement_rate_reach,
        {_ratio("interactions", "interaction_posts")} AS interactions_per_post,
        {_ratio("vir_num", "vir_den")} AS virality_rate,
        impressions, reach, views, account_impressions, account_reach, account_views,
        mentions, brand_posts AS brand_hashtag_posts, profile_visits,
        link_clicks, {_ratio("ctr_num", "ctr_den")} AS ctr,
        CASE WHEN post_leads IS NOT NULL OR traffic_leads IS NOT NULL
             THEN coalesce(post_leads, 0) + coalesce(traffic_leads, 0) END AS leads,
        conversions, {_ratio("cr_num", "cr_den")} AS conversion_rate,
        followers_end AS followers, net_change AS net_follower_change,
        {_ratio("fgr_num", "fgr_den")} AS follower_growth_rate,
        sessions, engaged_sessions, {_ratio("esr_num", "esr_den")} AS engaged_session_rate,
        {_ratio("share_num", "share_den")} AS social_traffic_share, revenue,
        dislikes, {_ratio("lr_num", "lr_den")} AS like_ratio, watch_time_hours,
        3600 * {_ratio("avd_num", "avd_den")} AS avg_view_duration_s,
        saves, hashtag_clicks, profile_clicks
    FROM (SELECT wid, network FROM w CROSS JOIN nets) g
    LEFT JOIN pc USING (wid, network) LEFT JOIN dc USING (wid, network)
    LEFT JOIN tc USING (wid, network) LEFT JOIN ts USING (wid, network)
    """
    result = con.execute(sql)
    names = [column[0] for column in result.description]
    values: Values = {window: {} for window in windows}
    for row in result.fetchall():
        record = dict(zip(names, row, strict=True))
        values[windows[record.pop("wid")]][record.pop("network")] = record
    return values


def run_duckdb(root: Path, settings: Settings, windows_for: Callable[[date | None], list[Window]]) -> Any:
    import duckdb

    con = duckdb.connect()
    tables = root / "data" / "tables"
    files = {
        t: f"read_parquet({_q(str(tables / t / '**' / '*.parquet'))}, hive_partitioning = false)"
        for t in ("posts", "daily", "traffic")
    }
    as_of = duckdb_as_of(con, files, settings.timezone)
    windows = windows_for(as_of)
    return as_of, duckdb_values(con, files, settings, windows)


# --- pandas ---------------------------------------------------------------------------------------

ACCOUNT = {"impressions": "account_impressions", "reach": "account_reach", "views": "account_views"}
"""Daily metrics summed by day into the account KPIs."""

POST_SUMS = (
    "interactions", "er_num", "er_den", "err_num", "err_den", "vir_num", "vir_den", "ctr_num", "ctr_den",
    "lr_num", "lr_den", "avd_num", "avd_den", "post_leads", "impressions", "reach", "views", "dislikes",
    "saves", "link_clicks", "profile_clicks", "hashtag_clicks", "watch_time_hours",
)  # fmt: skip


def run_pandas(root: Path, settings: Settings, windows_for: Callable[[date | None], list[Window]]) -> Any:
    import numpy as np
    import pandas as pd

    data = root / "data" / "tables"
    pattern = brand_regex(settings.brand_tags)
    metrics = ["impressions", "reach", "views", "likes", "dislikes", "comments", "shares", "saves"]
    metrics += ["link_clicks", "profile_clicks", "hashtag_clicks", "watch_time_hours", "leads"]
    posts = pd.read_parquet(
        data / "posts",
        columns=["network", "published_at", *metrics, *(["text"] if pattern else [])],
        partitioning=None,
    )
    posts["day"] = posts["published_at"].dt.tz_convert(settings.timezone).dt.tz_localize(None).dt.normalize()
    parts = posts[["likes", "comments", "shares", "saves"]]
    inter = parts.fillna(0).sum(axis=1).where(parts.notna().any(axis=1))
    expo = posts["impressions"].fillna(posts["views"])

    def both(num: pd.Series, den: pd.Series) -> tuple[pd.Series, pd.Series]:
        mask = num.notna() & den.notna()
        return num.where(mask), den.where(mask)

    comps = pd.DataFrame({"network": posts["network"], "day": posts["day"], "interactions": inter})
    comps["er_num"], comps["er_den"] = both(inter, expo)
    comps["err_num"], comps["err_den"] = both(inter, posts["reach"])
    comps["vir_num"], comps["vir_den"] = both(posts["shares"], expo)
    comps["ctr_num"], comps["ctr_den"] = both(posts["link_clicks"], expo)
    comps["lr_num"], comps["lr_den"] = both(posts["likes"], posts["likes"] + posts["dislikes"])
    comps["avd_num"], comps["avd_den"] = both(posts["watch_time_hours"], posts["views"])
    comps["post_leads"] = posts["leads"]
    for name in ("impressions", "reach", "views", "dislikes", "saves", "link_clicks", "profile_clicks"):
        comps[name] = posts[name]
    comps["hashtag_clicks"], comps["watch_time_hours"] = posts["hashtag_clicks"], posts["watch_time_hours"]
    if pattern:
        comps["texts"] = posts["text"].notna().astype("int64")
        comps["brand_posts"] = posts["text"].str.contains(pattern, regex=True).fillna(False).astype("int64")

    daily = pd.read_parquet(
        data / "daily",
        partitioning=None,
        columns=[
            *("network", "account", "date", "followers", "followers_gained", "followers_lost"),
            *("profile_visits", "mentions", "impressions", "reach", "views"),
        ],
    )
    daily["date"] = pd.to_datetime(daily["date"])
    flows = daily[["followers_gained", "followers_lost"]]
    daily["net_flow"] = (flows["followers_gained"].fillna(0) - flows["followers_lost"].fillna(0)).where(
        flows.notna().any(axis=1)
    )
    known = daily.loc[daily["followers"].notna(), ["network", "account", "date", "followers"]]
    known = known.sort_values("date", kind="stable")
    accounts = pd.MultiIndex.from_frame(daily[["network", "account"]].drop_duplicates().dropna())

    traffic = pd.read_parquet(data / "traffic", partitioning=None)
    for column in ("date", "date_end"):
        traffic[column] = pd.to_datetime(traffic[column])
    traffic["date_end"] = traffic["date_end"].fillna(traffic["date"])
    src = traffic["source"].str.strip().str.lower().str.removeprefix("www.")
    pair = src + " / " + traffic["medium"].str.strip().str.lower()
    traffic["network"] = (
        traffic["network"]
        .astype("object")
        .combine_first(pair.map(settings.pairs).astype("object"))
        .combine_first(src.map(settings.bare).astype("object"))
    )
    traffic["social"] = (
        traffic["network"].notna()
        | src.isin(settings.social_sources)
        | src.str.contains(settings.social_subdomain, regex=True).fillna(False).astype(bool)
        | traffic["medium"].str.strip().str.lower().isin(settings.social_mediums)
    )
    tr_sums = ["sessions", "engaged_sessions", "conversions", "revenue", "traffic_leads"]
    traffic = traffic.rename(columns={"leads": "traffic_leads"})
    traffic["esr_num"], traffic["esr_den"] = both(traffic["engaged_sessions"], traffic["sessions"])
    traffic["cr_num"], traffic["cr_den"] = both(traffic["conversions"], traffic["sessions"])
    tr_sums += ["esr_num", "esr_den", "cr_num", "cr_den"]

    as_of_days = [posts["day"].max(), daily["date"].max(), traffic["date_end"].max()]
    as_of_days = [d.date() for d in as_of_days if not pd.isna(d)]
    as_of = max(as_of_days) if as_of_days else None
    windows = windows_for(as_of)
    networks = (
        set(posts["network"].dropna()) | set(daily["network"].dropna()) | set(traffic["network"].dropna())
    )
    index = [n for n in NETWORKS if n in networks] + ["all"]

    def with_all(grouped: pd.DataFrame, rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        total = rows[columns].sum(min_count=1).to_frame("all").T
        return pd.concat([grouped, total]).reindex(index)

    values: Values = {}
    for start, end in windows:
        ws, we = pd.Timestamp(start), pd.Timestamp(end)
        rows = comps[comps["day"].between(ws, we)]
        sums = list(POST_SUMS) + (["brand_posts", "texts"] if pattern else [])
        by_net = rows.groupby("network", observed=True)
        posts_c = with_all(by_net[sums].sum(min_count=1), rows, sums)
        counts = pd.concat([by_net["interactions"].count(), pd.Series({"all": rows["interactions"].count()})])
        posts_c["posts"] = pd.concat([by_net.size(), pd.Series({"all": len(rows)})]).reindex(index).fillna(0)
        posts_c["interaction_posts"] = counts.reindex(index).fillna(0)
        if pattern:
            posts_c["brand_posts"] = posts_c["brand_posts"].where(posts_c["texts"] > 0)
        else:
            posts_c["brand_posts"] = np.nan

        per_account = pd.DataFrame(index=accounts)
        per_account["f_end"] = known[known["date"] <= we].groupby(["network", "account"])["followers"].last()
        per_account["f_start"] = known[known["date"] < ws].groupby(["network", "account"])["followers"].last()
        in_days = daily[daily["date"].between(ws, we)].groupby(["network", "account"])
        flows = ["net_flow", "mentions", "profile_visits", *ACCOUNT]
        per_account = per_account.join(in_days[flows].sum(min_count=1).rename(columns=ACCOUNT))
        per_account["net_change"] = per_account["net_flow"].fillna(
            per_account["f_end"] - per_account["f_start"]
        )
        per_account["fgr_num"], per_account["fgr_den"] = both(
            per_account["net_change"], per_account["f_start"]
        )
        dsums = ["mentions", "profile_visits", "f_end", "net_change", "fgr_num", "fgr_den"]
        dsums += list(ACCOUNT.values())
        per_account = per_account.reset_index()
        daily_c = with_all(per_account.groupby("network")[dsums].sum(min_count=1), per_account, dsums)

        inside = traffic[(traffic["date"] >= ws) & (traffic["date_end"] <= we)]
        mapped, social = inside[inside["network"].notna()], inside[inside["social"]]
        traffic_c = with_all(mapped.groupby("network")[tr_sums].sum(min_count=1), social, tr_sums)
        traffic_c["share_num"] = np.nan
        traffic_c["share_den"] = np.nan
        traffic_c.loc["all", "share_num"] = social["sessions"].sum(min_count=1)
        traffic_c.loc["all", "share_den"] = inside["sessions"].sum(min_count=1)

        c = pd.concat([posts_c, daily_c, traffic_c], axis=1).astype("float64")

        def ratio(num: str, den: str, c: pd.DataFrame = c) -> pd.Series:
            return c[num] / c[den].where(c[den] != 0)

        kpi = pd.DataFrame(index=index)
        for name in ("posts", "interactions", "impressions", "reach", "views", "mentions", "profile_visits"):
            kpi[name] = c[name]
        for name in ACCOUNT.values():
            kpi[name] = c[name]
        kpi["engagement_rate"] = ratio("er_num", "er_den")
        kpi["engagement_rate_reach"] = ratio("err_num", "err_den")
        kpi["interactions_per_post"] = ratio("interactions", "interaction_posts")
        kpi["virality_rate"] = ratio("vir_num", "vir_den")
        kpi["brand_hashtag_posts"] = c["brand_posts"]
        kpi["link_clicks"] = c["link_clicks"]
        kpi["ctr"] = ratio("ctr_num", "ctr_den")
        kpi["leads"] = (c["post_leads"].fillna(0) + c["traffic_leads"].fillna(0)).where(
            c["post_leads"].notna() | c["traffic_leads"].notna()
        )
        kpi["conversions"] = c["conversions"]
        kpi["conversion_rate"] = ratio("cr_num", "cr_den")
        kpi["followers"] = c["f_end"]
        kpi["net_follower_change"] = c["net_change"]
        kpi["follower_growth_rate"] = ratio("fgr_num", "fgr_den")
        kpi["sessions"], kpi["engaged_sessions"] = c["sessions"], c["engaged_sessions"]
        kpi["engaged_session_rate"] = ratio("esr_num", "esr_den")
        kpi["social_traffic_share"] = ratio("share_num", "share_den")
        kpi["revenue"], kpi["dislikes"] = c["revenue"], c["dislikes"]
        kpi["like_ratio"] = ratio("lr_num", "lr_den")
        kpi["watch_time_hours"] = c["watch_time_hours"]
        kpi["avg_view_duration_s"] = 3600 * ratio("avd_num", "avd_den")
        kpi["saves"], kpi["hashtag_clicks"] = c["saves"], c["hashtag_clicks"]
        kpi["profile_clicks"] = c["profile_clicks"]
        kpi = kpi.astype(object).where(kpi.notna(), None)
        values[(start, end)] = kpi.to_dict(orient="index")
    return as_of, values


# --- the report -----------------------------------------------------------------------------------


def report(
    engine: str, root: Path, period: str, comparison: str, as_of: date | None = None
) -> dict[str, Any]:
    """The numbers of `kpitui report --format json`, computed by `engine`."""
    settings = read_settings(root)
    objectives = read_objectives(root)
    chosen: dict[str, Any] = {}

    def windows_for(found: date | None) -> list[Window]:
        chosen["as_of"] = as_of or found
        day = chosen["as_of"]
        chosen["period"] = period_of(period, day)
        chosen["comparison"] = None if comparison == "none" else period_of(comparison, day)
        return windows_of(chosen["period"], chosen["comparison"], objectives, day)

    run = {"duckdb": run_duckdb, "pandas": run_pandas}[engine]
    _, values = run(root, settings, windows_for)
    day, now_w, before_w = chosen["as_of"], chosen["period"], chosen["comparison"]
    kpis: dict[str, dict[str, Any]] = {}
    for network in [n for n in (*NETWORKS, "all") if n in values[now_w]]:
        now, before = values[now_w][network], values[before_w][network] if before_w else {}
        kpis[network] = {}
        for kpi in KPIS:
            if kpi.applies_to(network):
                a, b = _plain(now.get(kpi.id)), _plain(before.get(kpi.id))
                kpis[network][kpi.id] = {"value": a, "previous": b, "change": change(kpi.unit, a, b)}
    return {
        "as_of": day.isoformat() if day else None,
        "period": {"start": now_w[0].isoformat(), "end": now_w[1].isoformat()},
        "comparison": {"start": before_w[0].isoformat(), "end": before_w[1].isoformat()}
        if before_w
        else None,
        "kpis": kpis,
        "objectives": [evaluate(o, day, values) for o in objectives],
    }


def _plain(value: Any) -> float | int | None:
    """A JSON number from an engine's value: None for null and NaN; ints stay ints."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    value = float(value)
    if math.isnan(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("engine", choices=("duckdb", "pandas"))
    parser.add_argument("workspace", type=Path)
    parser.add_argument("period", help="YYYY-MM-DD..YYYY-MM-DD (or any kpitui period form)")
    parser.add_argument("comparison", help="YYYY-MM-DD..YYYY-MM-DD, or none")
    parser.add_argument("--as-of", type=date.fromisoformat, help="default: the latest date with data")
    args = parser.parse_args(argv)
    json.dump(report(args.engine, args.workspace, args.period, args.comparison, args.as_of), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
