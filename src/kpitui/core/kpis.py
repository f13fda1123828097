"""Every KPI of KPIS.md, once: the registry, its components, and rule 6 (change).

The engine (kpitui.core.engine) computes KPIs in two steps, which is what
makes rule 7 ("all" aggregates the components first) and rule 2 (ratios of
sums over the same rows) hold by construction:

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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

from kpitui.core.i18n import N_, Labels, _
from kpitui.core.schema import ALL, NETWORKS

Family = Literal["engagement", "awareness", "conversion", "growth", "traffic", "network"]
Unit = Literal["count", "ratio", "currency", "hours", "seconds"]
Basis = Literal["posts", "daily", "traffic"]

FAMILIES: Final[Labels] = Labels(
    {
        "engagement": N_("Engagement"),
        "awareness": N_("Awareness"),
        "conversion": N_("Conversion"),
        "growth": N_("Follower growth"),
        "traffic": N_("Web traffic from social"),
        "network": N_("Network indicators"),
    }
)
"""Family names in the current language (the English ones are the msgids)."""

BASIS_NOTE: Final[Labels] = Labels(
    {
        "posts": N_("lifetime metrics of the posts published in the period"),
        "daily": N_("account metrics of the days in the period"),
        "traffic": N_("web sessions in the period"),
    }
)


def row_sum(*columns: str) -> pl.Expr:
    """Within-row sum where a missing part counts as 0 unless every part is missing."""
    present = pl.any_horizontal([pl.col(c).is_not_null() for c in columns])
    return pl.when(present).then(pl.sum_horizontal([pl.col(c).fill_null(0) for c in columns]))


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
    english_label: str
    """What it sums, in English: the msgid of `label`."""
    reads: tuple[str, ...] = ()
    """The stored daily columns it reads: explain shows the rows that report one of them."""
    stock: bool = False
    """Reads followers on or before the period's edges, so days before the period count."""

    @property
    def label(self) -> str:
        """What it sums, in the current language."""
        return _(self.english_label)


POST_SUMS: Final = (
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
)
"""The post metrics whose sum over a period is a component of the same name."""


def post_parts() -> dict[str, pl.Expr]:
    """The posts components as per-post values: a component is the null-aware sum
    (`nsum`) of its value over the prepared posts of a period (per network).

    Only `posts` (a count of rows) and `brand_posts` (null when no post of the
    period has a text) are not of this form; the engine adds them. Keeping the
    per-post values plain lets the engine sum them per day once and then add
    up the days of any number of periods.
    """
    c = pl.col

    def both_rows(num: pl.Expr, den: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        mask = num.is_not_null() & den.is_not_null()
        return pl.when(mask).then(num), pl.when(mask).then(den)

    # A like ratio needs dislikes reported: without them it would read 100%.
    pairs = {
        "er": both_rows(c("interactions"), c("exposure")),
        "err": both_rows(c("interactions"), c("reach")),
        "vir": both_rows(c("shares"), c("exposure")),
        "ctr": both_rows(c("link_clicks"), c("exposure")),
        "lr": both_rows(pl.when(c("dislikes").is_not_null()).then(c("likes")), row_sum("likes", "dislikes")),
        "avd": both_rows(c("watch_time_hours"), c("views")),
    }
    parts: dict[str, pl.Expr] = {"interactions": c("interactions")}
    for name, (num, den) in pairs.items():
        parts[f"{name}_num"], parts[f"{name}_den"] = num, den
    parts["post_leads"] = c("leads")
    parts.update({metric: c(metric) for metric in POST_SUMS})
    return parts


_FOLLOWS: Final = ("followers_gained", "followers_lost", "followers")

COMPONENTS: Final[dict[str, Component]] = {
    comp.name: comp
    for comp in (
        Component("posts", "posts", N_("posts published")),
        Component("interactions", "posts", N_("Σinteractions (likes + comments + shares + saves)")),
        Component("interaction_posts", "posts", N_("posts that report interactions")),
        Component("er_num", "posts", N_("Σinteractions of posts that report exposure")),
        Component(
            "er_den", "posts", N_("Σexposure (impressions, else views) of posts that report interactions")
        ),
        Component("err_num", "posts", N_("Σinteractions of posts that report reach")),
        Component("err_den", "posts", N_("Σreach of posts that report interactions")),
        Component("vir_num", "posts", N_("Σshares of posts that report exposure")),
        Component("vir_den", "posts", N_("Σexposure of posts that report shares")),
        Component("ctr_num", "posts", N_("Σlink clicks of posts that report exposure")),
        Component("ctr_den", "posts", N_("Σexposure of posts that report link clicks")),
        Component("lr_num", "posts", N_("Σlikes of posts that report likes and dislikes")),
        Component("lr_den", "posts", N_("Σ(likes + dislikes) of those posts")),
        Component("avd_num", "posts", N_("Σwatch time (hours) of posts that report views")),
        Component("avd_den", "posts", N_("Σviews of posts that report watch time")),
        Component("post_leads", "posts", N_("Σleads of posts")),
        Component("impressions", "posts", N_("Σimpressions of posts")),
        Component("reach", "posts", N_("Σreach of posts")),
        Component("views", "posts", N_("Σviews of posts")),
        Component("likes", "posts", N_("Σlikes of posts")),
        Component("dislikes", "posts", N_("Σdislikes of posts")),
        Component("shares", "posts", N_("Σshares of posts")),
        Component("saves", "posts", N_("Σsaves of posts")),
        Component("link_clicks", "posts", N_("Σlink clicks of posts")),
        Component("profile_clicks", "posts", N_("Σprofile clicks of posts")),
        Component("hashtag_clicks", "posts", N_("Σhashtag clicks of posts")),
        Component("watch_time_hours", "posts", N_("Σwatch time (hours) of posts")),
        Component("brand_posts", "posts", N_("posts whose text holds a brand hashtag")),
        Component("mentions", "daily", N_("Σdaily mentions"), reads=("mentions",)),
        Component("profile_visits", "daily", N_("Σdaily profile visits"), reads=("profile_visits",)),
        Component(
            "account_impressions", "daily", N_("Σdaily impressions of the account"), reads=("impressions",)
        ),
        Component("account_views", "daily", N_("Σdaily views of the account"), reads=("views",)),
        Component(
            "account_reach",
            "daily",
            N_("Σdaily reach (or viewers) of the account, over the days"),
            reads=("reach",),
        ),
        Component(
            "followers_end",
            "daily",
            N_("followers at the period's end (last known, per account)"),
            reads=("followers",),
            stock=True,
        ),
        Component(
            "followers_start",
            "daily",
            N_("followers the day before the period (per account)"),
            reads=("followers",),
            stock=True,
        ),
        Component(
            "net_change",
            "daily",
            N_("net follower change (Σgained − lost, else end − start)"),
            reads=_FOLLOWS,
            stock=True,
        ),
        Component(
            "fgr_num",
            "daily",
            N_("net change of accounts whose starting followers are known"),
            reads=_FOLLOWS,
            stock=True,
        ),
        Component(
            "fgr_den",
            "daily",
            N_("starting followers of accounts whose net change is known"),
            reads=("followers",),
            stock=True,
        ),
        Component("sessions", "traffic", N_("Σsessions")),
        Component("engaged_sessions", "traffic", N_("Σengaged sessions")),
        Component("conversions", "traffic", N_("Σconversions (key events)")),
        Component("revenue", "traffic", N_("Σrevenue")),
        Component("traffic_leads", "traffic", N_("Σleads in web analytics")),
        Component("esr_num", "traffic", N_("Σengaged sessions of rows that report sessions")),
        Component("esr_den", "traffic", N_("Σsessions of rows that report engaged sessions")),
        Component("cr_num", "traffic", N_("Σconversions of rows that report sessions")),
        Component("cr_den", "traffic", N_("Σsessions of rows that report conversions")),
        Component(
            "share_num",
            "traffic",
            N_("Σsessions from social sources (of a network, or social of none in particular)"),
        ),
        Component("share_den", "traffic", N_("Σsessions from every source")),
    )
}

ROW_COUNTS: Final = ("posts", "interaction_posts")
"""Components that are counts of rows: 0, not null, for a network with no rows."""


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI of KPIS.md. `id` is a stable contract (objectives, JSON, UI)."""

    id: str
    english_label: str
    """The label in English: stable (CSV for machines) and the msgid of `label`."""
    family: Family
    unit: Unit
    better: Literal["higher", "lower"]
    value: pl.Expr
    inputs: tuple[str, ...]
    english_formula: str
    networks: tuple[str, ...] = NETWORKS
    in_all: bool = True
    additive: bool = True
    """Flows that add up over days: projected linearly, "already achieved" once met."""
    english_note: str = ""

    @property
    def label(self) -> str:
        """The KPI's name in the current language: "Engagement rate", « Taux d'engagement »."""
        return _(self.english_label)

    @property
    def formula(self) -> str:
        """How it is computed, in words, in the current language."""
        return _(self.english_formula)

    @property
    def note(self) -> str:
        """A caveat ("summed over posts: not a count of unique people"), or ""."""
        return _(self.english_note) if self.english_note else ""

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


def _network_sum(
    kpi_id: str,
    label: str,
    unit: Unit,
    formula: str,
    networks: tuple[str, ...],
    *,
    better: Literal["higher", "lower"] = "higher",
) -> Kpi:
    """A KPI of some networks only that is the sum of its one component of the same name (saves,
    watch time…): not in all networks, where it would add what other networks do not report."""
    return _k(
        kpi_id,
        label,
        "network",
        unit,
        _col(kpi_id),
        [kpi_id],
        formula,
        better=better,
        networks=networks,
        in_all=False,
    )


_LEADS = pl.when(pl.col("post_leads").is_not_null() | pl.col("traffic_leads").is_not_null()).then(
    pl.col("post_leads").fill_null(0) + pl.col("traffic_leads").fill_null(0)
)

KPIS: Final[tuple[Kpi, ...]] = (
    # Engagement
    _k(
        "posts", N_("Posts"), "engagement", "count", _col("posts"), ["posts"], N_("number of posts published")
    ),
    _k(
        "interactions",
        N_("Interactions"),
        "engagement",
        "count",
        _col("interactions"),
        ["interactions"],
        N_("Σ(likes + comments + shares + saves)"),
    ),
    _k(
        "engagement_rate",
        N_("Engagement rate"),
        "engagement",
        "ratio",
        ratio("er_num", "er_den"),
        ["er_num", "er_den"],
        N_("Σinteractions / Σexposure (exposure = impressions, else views)"),
    ),
    _k(
        "engagement_rate_reach",
        N_("Engagement rate (reach)"),
        "engagement",
        "ratio",
        ratio("err_num", "err_den"),
        ["err_num", "err_den"],
        N_("Σinteractions / Σreach"),
    ),
    _k(
        "interactions_per_post",
        N_("Interactions per post"),
        "engagement",
        "count",
        ratio("interactions", "interaction_posts"),
        ["interactions", "interaction_posts"],
        N_("Σinteractions / number of posts that report interactions"),
        additive=False,
    ),
    _k(
        "virality_rate",
        N_("Virality rate"),
        "engagement",
        "ratio",
        ratio("vir_num", "vir_den"),
        ["vir_num", "vir_den"],
        N_("Σshares / Σexposure"),
    ),
    # Awareness
    _k(
        "impressions",
        N_("Impressions (posts)"),
        "awareness",
        "count",
        _col("impressions"),
        ["impressions"],
        N_("Σimpressions of posts"),
    ),
    _k(
        "reach",
        N_("Post reach (sum)"),
        "awareness",
        "count",
        _col("reach"),
        ["reach"],
        N_("Σreach of posts"),
        note=N_("summed over posts: not a count of unique people"),
    ),
    _k(
        "views",
        N_("Views (posts)"),
        "awareness",
        "count",
        _col("views"),
        ["views"],
        N_("Σviews (video plays) of posts"),
    ),
    # Account metrics from daily tables, by the day they happened (rule 1): never mixed
    # with the post metrics above, which count the posts published in the period.
    _k(
        "account_impressions",
        N_("Impressions (account, by day)"),
        "awareness",
        "count",
        _col("account_impressions"),
        ["account_impressions"],
        N_("Σdaily.impressions (everything the account showed on those days, old posts included)"),
    ),
    _k(
        "account_reach",
        N_("Reach (account, by day)"),
        "awareness",
        "count",
        _col("account_reach"),
        ["account_reach"],
        N_("Σdaily.reach (daily reach or viewers, summed over the days)"),
        note=N_("summed over days: not a count of unique people"),
    ),
    _k(
        "account_views",
        N_("Views (account, by day)"),
        "awareness",
        "count",
        _col("account_views"),
        ["account_views"],
        N_("Σdaily.views (Meta Views, TikTok video views, YouTube views, by day)"),
    ),
    _k(
        "mentions",
        N_("Mentions"),
        "awareness",
        "count",
        _col("mentions"),
        ["mentions"],
        N_("Σdaily.mentions (brand mentions received)"),
    ),
    _k(
        "brand_hashtag_posts",
        N_("Brand hashtag posts"),
        "awareness",
        "count",
        _col("brand_posts"),
        ["brand_posts"],
        N_("posts whose text holds one of the workspace's brand hashtags"),
        note=N_("needs brand_hashtags in kpitui.toml"),
    ),
    _k(
        "profile_visits",
        N_("Profile visits"),
        "awareness",
        "count",
        _col("profile_visits"),
        ["profile_visits"],
        N_("Σdaily.profile_visits"),
    ),
    # Conversion
    _k(
        "link_clicks",
        N_("Link clicks"),
        "conversion",
        "count",
        _col("link_clicks"),
        ["link_clicks"],
        N_("Σlink_clicks of posts"),
    ),
    _k(
        "ctr",
        N_("Click-through rate"),
        "conversion",
        "ratio",
        ratio("ctr_num", "ctr_den"),
        ["ctr_num", "ctr_den"],
        N_("Σlink_clicks / Σexposure"),
    ),
    _k(
        "leads",
        N_("Leads"),
        "conversion",
        "count",
        _LEADS,
        ["post_leads", "traffic_leads"],
        N_("Σposts.leads + Σtraffic.leads"),
    ),
    _k(
        "conversions",
        N_("Conversions"),
        "conversion",
        "count",
        _col("conversions"),
        ["conversions"],
        N_("Σtraffic.conversions (web key events from sessions of that network)"),
    ),
    _k(
        "conversion_rate",
        N_("Conversion rate"),
        "conversion",
        "ratio",
        ratio("cr_num", "cr_den"),
        ["cr_num", "cr_den"],
        N_("Σtraffic.conversions / Σtraffic.sessions"),
    ),
    # Growth
    _k(
        "followers",
        N_("Followers"),
        "growth",
        "count",
        _col("followers_end"),
        ["followers_end"],
        N_("last known daily.followers on or before the period's last day"),
        additive=False,
    ),
    _k(
        "net_follower_change",
        N_("Net follower change"),
        "growth",
        "count",
        _col("net_change"),
        ["net_change", "followers_end", "followers_start"],
        N_("Σ(followers_gained − followers_lost), else followers(end) − followers(day before)"),
    ),
    _k(
        "follower_growth_rate",
        N_("Follower growth rate"),
        "growth",
        "ratio",
        ratio("fgr_num", "fgr_den"),
        ["fgr_num", "fgr_den"],
        N_("net_follower_change / followers(day before the period)"),
    ),
    # Traffic
    _k(
        "sessions",
        N_("Sessions"),
        "traffic",
        "count",
        _col("sessions"),
        ["sessions"],
        N_("Σtraffic.sessions whose source maps to the network (all: of every social source)"),
    ),
    _k(
        "engaged_sessions",
        N_("Engaged sessions"),
        "traffic",
        "count",
        _col("engaged_sessions"),
        ["engaged_sessions"],
        N_("Σtraffic.engaged_sessions"),
    ),
    _k(
        "engaged_session_rate",
        N_("Engaged session rate"),
        "traffic",
        "ratio",
        ratio("esr_num", "esr_den"),
        ["esr_num", "esr_den"],
        N_("Σengaged_sessions / Σsessions"),
    ),
    _k(
        "social_traffic_share",
        N_("Social traffic share"),
        "traffic",
        "ratio",
        ratio("share_num", "share_den"),
        ["share_num", "share_den"],
        N_("Σsessions of social sources / Σsessions of every source"),
        networks=(),
    ),
    _k("revenue", N_("Revenue"), "traffic", "currency", _col("revenue"), ["revenue"], N_("Σtraffic.revenue")),
    # Network-specific indicators
    _network_sum("dislikes", N_("Dislikes"), "count", N_("Σdislikes"), ("youtube",), better="lower"),
    _k(
        "like_ratio",
        N_("Like ratio"),
        "network",
        "ratio",
        ratio("lr_num", "lr_den"),
        ["lr_num", "lr_den"],
        N_("Σlikes / Σ(likes + dislikes)"),
        networks=("youtube",),
        in_all=False,
    ),
    _network_sum(
        "watch_time_hours", N_("Watch time"), "hours", N_("Σwatch_time_hours"), ("youtube", "tiktok")
    ),
    _k(
        "avg_view_duration_s",
        N_("Average view duration"),
        "network",
        "seconds",
        3600 * ratio("avd_num", "avd_den"),
        ["avd_num", "avd_den"],
        N_("3600 · Σwatch_time_hours / Σviews"),
        networks=("youtube", "tiktok"),
        in_all=False,
        additive=False,
    ),
    _network_sum("saves", N_("Saves"), "count", N_("Σsaves"), ("instagram", "tiktok")),
    _network_sum("hashtag_clicks", N_("Hashtag clicks"), "count", N_("Σhashtag_clicks"), ("x",)),
    _network_sum("profile_clicks", N_("Profile clicks"), "count", N_("Σprofile_clicks"), ("x", "linkedin")),
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


def change(unit: Unit, now: float | None, before: float | None) -> float | None:
    """Change against the comparison period (rule 6).

    Counts: (now − before) / |before|, null when before is 0 or null; the
    absolute value only matters for a negative `before` (a net follower
    change going from −11 to +56 is a rise, +609%, not −609%). Rates: the
    difference, as a fraction (0.003 = +0.3 percentage points).
    """
    if now is None or before is None:
        return None
    if unit == "ratio":
        return now - before
    if before == 0:
        return None
    return (now - before) / abs(before)
