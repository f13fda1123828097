"""Every KPI of KPIS.md, once: the registry and the engine that computes it.

The engine works in two steps, which is what makes rule 7 ("all" aggregates
the components first) and rule 2 (ratios of sums over the same rows) hold by
construction:

1. *Components*: sums over the rows of a period, one row per network. A
   ratio's numerator and denominator are separate components that sum only
   rows reporting both inputs. Stocks (followers) are taken per account first.
2. *Values*: each KPI is an expression over the components. The "all" row
   is the sum of every network's components, so the same expression gives it.

Nulls follow rule 3: a sum over rows that are all null is null, a zero or
missing denominator gives null, and a network that does not report a metric
gets null, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

import polars as pl

from kpitui.core.dataset import Dataset, row_sum
from kpitui.core.periods import Period
from kpitui.core.schema import ALL, NETWORKS

Family = Literal["engagement", "awareness", "conversion", "growth", "traffic", "network"]
Unit = Literal["count", "ratio", "currency", "hours", "seconds"]
Basis = Literal["posts", "daily", "traffic"]

FAMILIES: Final[dict[Family, str]] = {
    "engagement": "Engagement",
    "awareness": "Awareness",
    "conversion": "Conversion",
    "growth": "Follower growth",
    "traffic": "Web traffic from social",
    "network": "Network indicators",
}

BASIS_NOTE: Final[dict[Basis, str]] = {
    "posts": "lifetime metrics of the posts published in the period",
    "daily": "account metrics of the days in the period",
    "traffic": "web sessions in the period",
}


def nsum(expr: pl.Expr) -> pl.Expr:
    """Sum that is null, not 0, when every value is null (rule 3)."""
    return pl.when(expr.count() > 0).then(expr.sum())


def both(num: pl.Expr, den: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Numerator and denominator sums over the rows that report both (rule 2)."""
    mask = num.is_not_null() & den.is_not_null()
    return nsum(pl.when(mask).then(num)), nsum(pl.when(mask).then(den))


def ratio(num: str, den: str) -> pl.Expr:
    """num / den, null when the denominator is 0 or missing (rule 3)."""
    return pl.when(pl.col(den) != 0).then(pl.col(num) / pl.col(den))


@dataclass(frozen=True, slots=True)
class Component:
    """A sum over one table's rows in the period, grouped by network."""

    name: str
    basis: Basis
    label: str


def _posts_aggs(brand_pattern: str | None) -> dict[str, pl.Expr]:
    """Aggregations over the prepared posts of a period (per network)."""
    c = pl.col
    er = both(c("interactions"), c("exposure"))
    err = both(c("interactions"), c("reach"))
    vir = both(c("shares"), c("exposure"))
    ctr = both(c("link_clicks"), c("exposure"))
    # A like ratio needs dislikes reported: without them it would read 100%.
    lr = both(pl.when(c("dislikes").is_not_null()).then(c("likes")), row_sum("likes", "dislikes"))
    avd = both(c("watch_time_hours"), c("views"))
    aggs: dict[str, pl.Expr] = {
        "posts": pl.len(),
        "interactions": nsum(c("interactions")),
        "interaction_posts": c("interactions").count(),
        "er_num": er[0],
        "er_den": er[1],
        "err_num": err[0],
        "err_den": err[1],
        "vir_num": vir[0],
        "vir_den": vir[1],
        "ctr_num": ctr[0],
        "ctr_den": ctr[1],
        "lr_num": lr[0],
        "lr_den": lr[1],
        "avd_num": avd[0],
        "avd_den": avd[1],
        "post_leads": nsum(c("leads")),
    }
    for metric in (
        "impressions",
        "reach",
        "views",
        "likes",
        "dislikes",
        "shares",
        "saves",
        "link_clicks",
        "profile_clicks",
        "hashtag_clicks",
        "watch_time_hours",
    ):
        aggs[metric] = nsum(c(metric))
    if brand_pattern is None:
        aggs["brand_posts"] = pl.lit(None, dtype=pl.UInt32)
    else:
        text = c("text")
        aggs["brand_posts"] = pl.when(text.count() > 0).then(
            text.str.contains(brand_pattern).fill_null(False).sum()
        )
    return aggs


COMPONENTS: Final[dict[str, Component]] = {
    comp.name: comp
    for comp in (
        Component("posts", "posts", "posts published"),
        Component("interactions", "posts", "Σinteractions (likes + comments + shares + saves)"),
        Component("interaction_posts", "posts", "posts that report interactions"),
        Component("er_num", "posts", "Σinteractions of posts that report exposure"),
        Component("er_den", "posts", "Σexposure (impressions, else views) of posts that report interactions"),
        Component("err_num", "posts", "Σinteractions of posts that report reach"),
        Component("err_den", "posts", "Σreach of posts that report interactions"),
        Component("vir_num", "posts", "Σshares of posts that report exposure"),
        Component("vir_den", "posts", "Σexposure of posts that report shares"),
        Component("ctr_num", "posts", "Σlink clicks of posts that report exposure"),
        Component("ctr_den", "posts", "Σexposure of posts that report link clicks"),
        Component("lr_num", "posts", "Σlikes of posts that report likes and dislikes"),
        Component("lr_den", "posts", "Σ(likes + dislikes) of those posts"),
        Component("avd_num", "posts", "Σwatch time (hours) of posts that report views"),
        Component("avd_den", "posts", "Σviews of posts that report watch time"),
        Component("post_leads", "posts", "Σleads of posts"),
        Component("impressions", "posts", "Σimpressions of posts"),
        Component("reach", "posts", "Σreach of posts"),
        Component("views", "posts", "Σviews of posts"),
        Component("likes", "posts", "Σlikes of posts"),
        Component("dislikes", "posts", "Σdislikes of posts"),
        Component("shares", "posts", "Σshares of posts"),
        Component("saves", "posts", "Σsaves of posts"),
        Component("link_clicks", "posts", "Σlink clicks of posts"),
        Component("profile_clicks", "posts", "Σprofile clicks of posts"),
        Component("hashtag_clicks", "posts", "Σhashtag clicks of posts"),
        Component("watch_time_hours", "posts", "Σwatch time (hours) of posts"),
        Component("brand_posts", "posts", "posts whose text holds a brand hashtag"),
        Component("mentions", "daily", "Σdaily mentions"),
        Component("profile_visits", "daily", "Σdaily profile visits"),
        Component("followers_end", "daily", "followers at the period's end (last known, per account)"),
        Component("followers_start", "daily", "followers the day before the period (per account)"),
        Component("net_change", "daily", "net follower change (Σgained − lost, else end − start)"),
        Component("fgr_num", "daily", "net change of accounts whose starting followers are known"),
        Component("fgr_den", "daily", "starting followers of accounts whose net change is known"),
        Component("sessions", "traffic", "Σsessions"),
        Component("engaged_sessions", "traffic", "Σengaged sessions"),
        Component("conversions", "traffic", "Σconversions (key events)"),
        Component("revenue", "traffic", "Σrevenue"),
        Component("traffic_leads", "traffic", "Σleads in web analytics"),
        Component("esr_num", "traffic", "Σengaged sessions of rows that report sessions"),
        Component("esr_den", "traffic", "Σsessions of rows that report engaged sessions"),
        Component("cr_num", "traffic", "Σconversions of rows that report sessions"),
        Component("cr_den", "traffic", "Σsessions of rows that report conversions"),
        Component("share_num", "traffic", "Σsessions from sources of a social network"),
        Component("share_den", "traffic", "Σsessions from every source"),
    )
}

_COUNTS: Final = ("posts", "interaction_posts")
"""Components that are counts of rows: 0, not null, for a network with no rows."""


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI of KPIS.md. `id` is a stable contract (objectives, JSON, UI)."""

    id: str
    label: str
    family: Family
    unit: Unit
    better: Literal["higher", "lower"]
    value: pl.Expr
    inputs: tuple[str, ...]
    formula: str
    networks: tuple[str, ...] = NETWORKS
    in_all: bool = True
    additive: bool = True
    """Flows that add up over days: projected linearly, "already achieved" once met."""
    note: str = ""

    @property
    def basis(self) -> Basis:
        """The table whose rows the KPI counts (the first input's)."""
        return COMPONENTS[self.inputs[0]].basis

    def applies_to(self, network: str) -> bool:
        """True when this KPI is defined for `network` (a network id or "all")."""
        return self.in_all if network == ALL else network in self.networks


def _k(
    kpi_id: str,
    label: str,
    family: Family,
    unit: Unit,
    value: pl.Expr,
    inputs: Sequence[str],
    formula: str,
    *,
    better: Literal["higher", "lower"] = "higher",
    networks: tuple[str, ...] = NETWORKS,
    in_all: bool = True,
    additive: bool | None = None,
    note: str = "",
) -> Kpi:
    if additive is None:
        additive = unit != "ratio"
    return Kpi(
        kpi_id,
        label,
        family,
        unit,
        better,
        value.alias(kpi_id),
        tuple(inputs),
        formula,
        networks,
        in_all,
        additive,
        note,
    )


def _col(name: str) -> pl.Expr:
    return pl.col(name)


_LEADS = pl.when(pl.col("post_leads").is_not_null() | pl.col("traffic_leads").is_not_null()).then(
    pl.col("post_leads").fill_null(0) + pl.col("traffic_leads").fill_null(0)
)

KPIS: Final[tuple[Kpi, ...]] = (
    # Engagement
    _k("posts", "Posts", "engagement", "count", _col("posts"), ["posts"], "number of posts published"),
    _k(
        "interactions",
        "Interactions",
        "engagement",
        "count",
        _col("interactions"),
        ["interactions"],
        "Σ(likes + comments + shares + saves)",
    ),
    _k(
        "engagement_rate",
        "Engagement rate",
        "engagement",
        "ratio",
        ratio("er_num", "er_den"),
        ["er_num", "er_den"],
        "Σinteractions / Σexposure (exposure = impressions, else views)",
    ),
    _k(
        "engagement_rate_reach",
        "Engagement rate (reach)",
        "engagement",
        "ratio",
        ratio("err_num", "err_den"),
        ["err_num", "err_den"],
        "Σinteractions / Σreach",
    ),
    _k(
        "interactions_per_post",
        "Interactions per post",
        "engagement",
        "count",
        ratio("interactions", "interaction_posts"),
        ["interactions", "interaction_posts"],
        "Σinteractions / number of posts that report interactions",
        additive=False,
    ),
    _k(
        "virality_rate",
        "Virality rate",
        "engagement",
        "ratio",
        ratio("vir_num", "vir_den"),
        ["vir_num", "vir_den"],
        "Σshares / Σexposure",
    ),
    # Awareness
    _k(
        "impressions",
        "Impressions",
        "awareness",
        "count",
        _col("impressions"),
        ["impressions"],
        "Σimpressions of posts",
    ),
    _k(
        "reach",
        "Post reach (sum)",
        "awareness",
        "count",
        _col("reach"),
        ["reach"],
        "Σreach of posts",
        note="summed over posts: not a count of unique people",
    ),
    _k("views", "Views", "awareness", "count", _col("views"), ["views"], "Σviews (video plays)"),
    _k(
        "mentions",
        "Mentions",
        "awareness",
        "count",
        _col("mentions"),
        ["mentions"],
        "Σdaily.mentions (brand mentions received)",
    ),
    _k(
        "brand_hashtag_posts",
        "Brand hashtag posts",
        "awareness",
        "count",
        _col("brand_posts"),
        ["brand_posts"],
        "posts whose text holds one of the workspace's brand hashtags",
        note="needs brand_hashtags in kpitui.toml",
    ),
    _k(
        "profile_visits",
        "Profile visits",
        "awareness",
        "count",
        _col("profile_visits"),
        ["profile_visits"],
        "Σdaily.profile_visits",
    ),
    # Conversion
    _k(
        "link_clicks",
        "Link clicks",
        "conversion",
        "count",
        _col("link_clicks"),
        ["link_clicks"],
        "Σlink_clicks of posts",
    ),
    _k(
        "ctr",
        "Click-through rate",
        "conversion",
        "ratio",
        ratio("ctr_num", "ctr_den"),
        ["ctr_num", "ctr_den"],
        "Σlink_clicks / Σexposure",
    ),
    _k(
        "leads",
        "Leads",
        "conversion",
        "count",
        _LEADS,
        ["post_leads", "traffic_leads"],
        "Σposts.leads + Σtraffic.leads",
    ),
    _k(
        "conversions",
        "Conversions",
        "conversion",
        "count",
        _col("conversions"),
        ["conversions"],
        "Σtraffic.conversions (web key events from sessions of that network)",
    ),
    _k(
        "conversion_rate",
        "Conversion rate",
        "conversion",
        "ratio",
        ratio("cr_num", "cr_den"),
        ["cr_num", "cr_den"],
        "Σtraffic.conversions / Σtraffic.sessions",
    ),
    # Growth
    _k(
        "followers",
        "Followers",
        "growth",
        "count",
        _col("followers_end"),
        ["followers_end"],
        "last known daily.followers on or before the period's last day",
        additive=False,
    ),
    _k(
        "net_follower_change",
        "Net follower change",
        "growth",
        "count",
        _col("net_change"),
        ["net_change", "followers_end", "followers_start"],
        "Σ(followers_gained − followers_lost), else followers(end) − followers(day before)",
    ),
    _k(
        "follower_growth_rate",
        "Follower growth rate",
        "growth",
        "ratio",
        ratio("fgr_num", "fgr_den"),
        ["fgr_num", "fgr_den"],
        "net_follower_change / followers(day before the period)",
    ),
    # Traffic
    _k(
        "sessions",
        "Sessions",
        "traffic",
        "count",
        _col("sessions"),
        ["sessions"],
        "Σtraffic.sessions whose source maps to the network",
    ),
    _k(
        "engaged_sessions",
        "Engaged sessions",
        "traffic",
        "count",
        _col("engaged_sessions"),
        ["engaged_sessions"],
        "Σtraffic.engaged_sessions",
    ),
    _k(
        "engaged_session_rate",
        "Engaged session rate",
        "traffic",
        "ratio",
        ratio("esr_num", "esr_den"),
        ["esr_num", "esr_den"],
        "Σengaged_sessions / Σsessions",
    ),
    _k(
        "social_traffic_share",
        "Social traffic share",
        "traffic",
        "ratio",
        ratio("share_num", "share_den"),
        ["share_num", "share_den"],
        "Σsessions of social sources / Σsessions of every source",
        networks=(),
    ),
    _k("revenue", "Revenue", "traffic", "currency", _col("revenue"), ["revenue"], "Σtraffic.revenue"),
    # Network-specific indicators
    _k(
        "dislikes",
        "Dislikes",
        "network",
        "count",
        _col("dislikes"),
        ["dislikes"],
        "Σdislikes",
        better="lower",
        networks=("youtube",),
        in_all=False,
    ),
    _k(
        "like_ratio",
        "Like ratio",
        "network",
        "ratio",
        ratio("lr_num", "lr_den"),
        ["lr_num", "lr_den"],
        "Σlikes / Σ(likes + dislikes)",
        networks=("youtube",),
        in_all=False,
    ),
    _k(
        "watch_time_hours",
        "Watch time",
        "network",
        "hours",
        _col("watch_time_hours"),
        ["watch_time_hours"],
        "Σwatch_time_hours",
        networks=("youtube", "tiktok"),
        in_all=False,
    ),
    _k(
        "avg_view_duration_s",
        "Average view duration",
        "network",
        "seconds",
        3600 * ratio("avd_num", "avd_den"),
        ["avd_num", "avd_den"],
        "3600 · Σwatch_time_hours / Σviews",
        networks=("youtube", "tiktok"),
        in_all=False,
        additive=False,
    ),
    _k(
        "saves",
        "Saves",
        "network",
        "count",
        _col("saves"),
        ["saves"],
        "Σsaves",
        networks=("instagram", "tiktok"),
        in_all=False,
    ),
    _k(
        "hashtag_clicks",
        "Hashtag clicks",
        "network",
        "count",
        _col("hashtag_clicks"),
        ["hashtag_clicks"],
        "Σhashtag_clicks",
        networks=("x",),
        in_all=False,
    ),
    _k(
        "profile_clicks",
        "Profile clicks",
        "network",
        "count",
        _col("profile_clicks"),
        ["profile_clicks"],
        "Σprofile_clicks",
        networks=("x", "linkedin"),
        in_all=False,
    ),
)

REGISTRY: Final[dict[str, Kpi]] = {k.id: k for k in KPIS}


def get(kpi_id: str) -> Kpi:
    """The KPI with id `kpi_id`; KeyError names the known ids."""
    try:
        return REGISTRY[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(REGISTRY)}") from None


def applicable(network: str) -> list[Kpi]:
    """The KPIs defined for `network` (a network id or "all"), in registry order."""
    return [k for k in KPIS if k.applies_to(network)]


def brand_pattern(hashtags: Iterable[str]) -> str | None:
    """Regex matching any of the brand hashtags as a whole tag, case-insensitively."""
    tags = [t.strip().lstrip("#") for t in hashtags if t.strip().lstrip("#")]
    if not tags:
        return None
    alternatives = "|".join(_escape(t) for t in tags)
    return rf"(?i)(?:^|[^\w#])#(?:{alternatives})(?:[^\w]|$)"


def _escape(text: str) -> str:
    """Escape regex metacharacters for polars' (Rust) regex engine."""
    return "".join("\\" + ch if ch in r"\.+*?()|[]{}^$#&-~" else ch for ch in text)


# --- the engine -------------------------------------------------------------


def components(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Every component of `period`: one row per network with data, then "all"."""
    nets = list(dataset.networks)
    frame = pl.DataFrame({"network": nets}, schema={"network": pl.String})
    per_net = frame
    for part in (_posts_part(dataset, period), _daily_part(dataset, period), _traffic_part(dataset, period)):
        per_net = per_net.join(part, on="network", how="left")
    per_net = per_net.with_columns(pl.col(c).fill_null(0) for c in _COUNTS)
    sums = [c for c in per_net.columns if c not in ("network", "share_num", "share_den")]
    all_row = per_net.select(
        pl.lit(ALL).alias("network"),
        *[nsum(pl.col(c)).alias(c) for c in sums],
    ).with_columns(pl.col(c).fill_null(0) for c in _COUNTS)
    share = _traffic_share(dataset, period)
    all_row = all_row.with_columns(share_num=pl.lit(share[0]), share_den=pl.lit(share[1]))
    per_net = per_net.with_columns(share_num=pl.lit(None, pl.Float64), share_den=pl.lit(None, pl.Float64))
    return pl.concat([per_net, all_row.select(per_net.columns)], how="vertical_relaxed")


def values(comps: pl.DataFrame) -> pl.DataFrame:
    """KPI values from a components frame: one row per network, one column per KPI.

    A KPI that does not apply to a row's network is null there.
    """
    exprs = []
    for kpi in KPIS:
        applies = [n for n in comps.get_column("network").to_list() if kpi.applies_to(n)]
        exprs.append(pl.when(pl.col("network").is_in(applies)).then(kpi.value).alias(kpi.id))
    return comps.select("network", *exprs)


def compute(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Every KPI for every network with data and "all", over `period`."""
    return values(components(dataset, period))


def _posts_part(dataset: Dataset, period: Period) -> pl.DataFrame:
    aggs = _posts_aggs(brand_pattern(dataset.settings.brand_hashtags))
    return (
        dataset.posts.lazy()
        .filter(pl.col("day").is_between(period.start, period.end))
        .group_by("network")
        .agg(expr.alias(name) for name, expr in aggs.items())
        .collect()
    )


def _daily_part(dataset: Dataset, period: Period) -> pl.DataFrame:
    """Per network: flows summed over the period's days, stocks taken per account first."""
    c = pl.col
    before = period.start - timedelta(days=1)
    in_period = c("date").is_between(period.start, period.end)
    flow = row_sum("followers_gained", "followers_lost").is_not_null()
    net_flow = pl.when(flow).then(c("followers_gained").fill_null(0) - c("followers_lost").fill_null(0))
    known = c("followers").is_not_null()
    per_account = (
        dataset.daily.lazy()
        .filter(c("date") <= period.end)
        .group_by("network", "account")
        .agg(
            followers_end=c("followers").filter(known).last(),
            followers_start=c("followers").filter(known & (c("date") <= before)).last(),
            flow_net=nsum(net_flow.filter(in_period)),
            mentions=nsum(c("mentions").filter(in_period)),
            profile_visits=nsum(c("profile_visits").filter(in_period)),
        )
        .with_columns(net_change=pl.coalesce("flow_net", c("followers_end") - c("followers_start")))
    )
    fgr_num, fgr_den = both(c("net_change"), c("followers_start"))
    return (
        per_account.group_by("network")
        .agg(
            mentions=nsum(c("mentions")),
            profile_visits=nsum(c("profile_visits")),
            followers_end=nsum(c("followers_end")),
            followers_start=nsum(c("followers_start")),
            net_change=nsum(c("net_change")),
            fgr_num=fgr_num,
            fgr_den=fgr_den,
        )
        .collect()
    )


def _traffic_in(period: Period) -> pl.Expr:
    """A traffic row counts when its whole date range lies inside the period."""
    return (pl.col("date") >= period.start) & (pl.col("date_end") <= period.end)


def _traffic_part(dataset: Dataset, period: Period) -> pl.DataFrame:
    c = pl.col
    esr = both(c("engaged_sessions"), c("sessions"))
    cr = both(c("conversions"), c("sessions"))
    return (
        dataset.traffic.lazy()
        .filter(_traffic_in(period) & c("network").is_not_null())
        .group_by("network")
        .agg(
            sessions=nsum(c("sessions")),
            engaged_sessions=nsum(c("engaged_sessions")),
            conversions=nsum(c("conversions")),
            revenue=nsum(c("revenue")),
            traffic_leads=nsum(c("leads")),
            esr_num=esr[0],
            esr_den=esr[1],
            cr_num=cr[0],
            cr_den=cr[1],
        )
        .collect()
    )


def _traffic_share(dataset: Dataset, period: Period) -> tuple[float | None, float | None]:
    """Sessions of social sources and of every source, for social_traffic_share."""
    c = pl.col
    row = (
        dataset.traffic.lazy()
        .filter(_traffic_in(period))
        .select(
            share_num=nsum(c("sessions").filter(c("network").is_not_null())),
            share_den=nsum(c("sessions")),
        )
        .collect()
        .row(0)
    )
    return row[0], row[1]


def traffic_left_out(dataset: Dataset, period: Period) -> int:
    """Traffic rows covering a date range that overlaps the period without fitting in it.

    Such rows (from an export with no day dimension) are not counted; the UI
    says so instead of silently showing a smaller number.
    """
    c = pl.col
    overlaps = (c("date") <= period.end) & (c("date_end") >= period.start)
    return int(dataset.traffic.filter(overlaps & ~_traffic_in(period)).height)


def change(unit: Unit, now: float | None, before: float | None) -> float | None:
    """Change against the comparison period (rule 6).

    Counts: (now − before) / before, null when before is 0 or null. Rates:
    the difference, as a fraction (0.003 = +0.3 percentage points).
    """
    if now is None or before is None:
        return None
    if unit == "ratio":
        return now - before
    if before == 0:
        return None
    return (now - before) / before
