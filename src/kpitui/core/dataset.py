"""The workspace's tables, prepared once for every computation that follows.

Preparing adds what every KPI needs and what depends on the settings: the
publication day in the workspace's time zone (rule 1 of KPIS.md), the
interactions and exposure of each post (rule 3), and the network of each
traffic row under the current source mappings, with whether it is social at
all (`social`: of a network, or of none in particular, such as GA4's
`Organic Social` channel group).

The KPIs of posts are sums over days, so the engine reads them from the daily
cube (`post_days`: the posts summed per network, account and publication day),
built once per dataset; a report or a check reads the cube straight from the
stored posts without holding their rows (`prepare(post_rows=False)`), and the daily
rows a few networks at a time into their running totals without holding them either
(`prepare(daily_rows=False)`, `AccountDays.of_scan`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Final

import polars as pl

from kpitui.core import kpis, schema
from kpitui.core.hashtags import brand_pattern, brand_searchable
from kpitui.core.kpis import row_sum
from kpitui.core.schema import TableName
from kpitui.core.settings import Settings
from kpitui.core.sources import network_of, social_of

INTERACTION_PARTS = ("likes", "comments", "shares", "saves")
DERIVED: Final[dict[str, tuple[str, ...]]] = {
    "interactions": INTERACTION_PARTS,
    "exposure": ("impressions", "views"),
}
"""The posts columns `prepare` adds, with the stored columns each is made of."""

KPI_COLUMNS: Final[dict[TableName, tuple[str, ...]]] = {
    "posts": ("network", "published_at", *kpis.POST_SUMS, "comments", "leads"),  # comments: in interactions
    "daily": (
        "network",
        "account",
        "date",
        "followers",
        "followers_gained",
        "followers_lost",
        "impressions",
        "reach",
        "views",
        "profile_visits",
        "mentions",
    ),
    "traffic": tuple(schema.TRAFFIC),
}
"""The stored columns the KPI engine reads (posts' `text` too when brand hashtags are set)."""


def kpi_columns(
    settings: Settings, stored: Collection[str] = (), kpi_ids: Collection[str] | None = None
) -> dict[TableName, tuple[str, ...]]:
    """The columns a KPI computation reads under `settings`: a report needs no others.

    With `kpi_ids`, only the posts metrics those KPIs read (what `kpitui check` needs for
    the objectives' KPIs); `prepare` gives the others as nulls. With brand hashtags set
    (and, given `kpi_ids`, the brand-hashtag KPI among them), the posts' stored hashtags
    when `stored` (the posts file's columns) has them and they hold every match
    (`kpis.brand_searchable`), else their texts.
    """
    posts = KPI_COLUMNS["posts"]
    if kpi_ids is not None:
        read = _posts_reads(kpi_ids)
        posts = tuple(c for c in posts if c in ("network", "published_at") or c in read)
    tags = settings.brand_hashtags
    if tags and (kpi_ids is None or "brand_posts" in _inputs(kpi_ids)):
        posts = (*posts, schema.HASHTAGS if schema.HASHTAGS in stored and brand_searchable(tags) else "text")
    return {**KPI_COLUMNS, "posts": posts}


def _inputs(kpi_ids: Collection[str]) -> set[str]:
    return {name for kpi_id in kpi_ids for name in kpis.get(kpi_id).inputs}


def _posts_reads(kpi_ids: Collection[str]) -> set[str]:
    """The stored posts columns the posts components of `kpi_ids` read."""
    parts = kpis.post_parts()
    names = {n for comp in _inputs(kpi_ids) if comp in parts for n in parts[comp].meta.root_names()}
    return {stored for n in names for stored in DERIVED.get(n, (n,))}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Prepared tables plus the facts derived from them. Immutable: replace, never mutate.

    Compared by identity (eq=False): it holds frames, which have no truth value.
    Derived frames are computed on first use and kept (`cached_property`).
    """

    posts: pl.DataFrame
    """The prepared posts, one row each; no rows when only their cube was read (`post_cube`)."""
    daily: pl.DataFrame
    traffic: pl.DataFrame
    settings: Settings = field(default_factory=Settings)
    post_cube: pl.DataFrame | None = None
    """The daily cube, when it was read in place of the posts' rows (`prepare(post_rows=False)`);
    None: `post_days` builds it from `posts`."""
    running: AccountDays | None = None
    """The daily rows' running totals, when they were computed as the rows were read, a few
    networks at a time (`prepare(daily_rows=False)`): `daily` then holds only each network's first and
    last day (what `networks`, `latest_date` and the damage check read). None: `account_days`
    computes them from `daily`."""

    @property
    def has_post_rows(self) -> bool:
        """True when `posts` holds the posts' rows (insights and explain need them)."""
        return self.post_cube is None

    @cached_property
    def post_days(self) -> pl.DataFrame:
        """The daily cube (`post_days`), built on first use: every post KPI reads it."""
        if self.post_cube is not None:
            return self.post_cube
        return post_days(self.posts.lazy(), self.settings).collect()

    @cached_property
    def networks(self) -> tuple[str, ...]:
        """Networks with any data in the workspace, in display order."""
        found: set[str] = set()
        for frame in (self.post_days, self.daily, self.traffic):
            found.update(v for v in frame.get_column("network").unique().to_list() if v)
        return tuple(n for n in schema.NETWORKS if n in found)

    @property
    def latest_date(self) -> date | None:
        """The latest day found in any table: the default as-of date."""
        candidates = [
            self.post_days.get_column("day").max(),
            self.daily.get_column("date").max(),
            self.traffic.get_column("date_end").max(),
        ]
        days = [d for d in candidates if isinstance(d, date)]
        return max(days) if days else None

    @property
    def is_empty(self) -> bool:
        return self.post_days.is_empty() and self.daily.is_empty() and self.traffic.is_empty()

    @cached_property
    def account_days(self) -> AccountDays:
        """The daily table as running totals per account (computed on first use)."""
        return self.running if self.running is not None else AccountDays.of(self.daily)


IN_MEMORY: Final = "in-memory"
"""The engine for queries over small frames in memory (the daily cube, the running totals of the
daily rows): polars 2's default, streaming, costs about twice as much per query on them (its
pipelines are set up for every collect). Large ones stay streaming: summing every post into the
cube as it is read keeps a report's memory small, and a quarter of 5M posts' insights took
300 MB more in memory."""


DAY_KEYS: Final = ("network", "account", "day")
"""The keys of the daily cube's rows."""


def post_days(posts: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """The daily cube: prepared posts summed per network, account and publication day.

    Columns: the keys (DAY_KEYS; `account` is null when the posts were read without it),
    `posts` (how many), `interaction_posts` (how many report interactions), and for each
    component of `kpis.post_parts()` its sum and `NAME__n`, how many posts report it (a
    window's sum is null when none does: rule 3). With brand hashtags set, `texts` (posts
    with a text, or stored hashtags, to search) and `brand` (those holding a brand hashtag).

    The post KPIs of any period or trend bucket are sums over its days, so the engine
    reads these few rows (about a hundredth of the posts) instead of the posts.
    """
    c = pl.col
    have = posts.collect_schema()
    parts = kpis.post_parts()
    per_day = [pl.len().alias("posts"), c("interactions").count().alias("interaction_posts")]
    per_day += [expr.sum().alias(name) for name, expr in parts.items()]
    per_day += [expr.count().alias(f"{name}__n") for name, expr in parts.items()]
    pattern = brand_pattern(settings.brand_hashtags)
    if pattern is not None:
        # the stored hashtags when they hold every match (a workspace's posts), else the texts;
        # neither when they were not read (a check without the brand KPI): no text to search
        stored = schema.HASHTAGS in have and brand_searchable(settings.brand_hashtags)
        name = schema.HASHTAGS if stored else "text"
        text = c(name) if name in have else pl.lit(None, dtype=pl.String)
        per_day += [
            text.count().alias("texts"),
            text.str.contains(pattern).fill_null(False).sum().alias("brand"),
        ]
    account = c("account") if "account" in have else pl.lit(None, dtype=pl.String).alias("account")
    return posts.with_columns(account).group_by(*DAY_KEYS).agg(per_day)


FLOWS: Final = ("net_flow", "mentions", "profile_visits", "impressions", "reach", "views")
"""Daily flows a period sums: net follower change (gained − lost), mentions, profile visits,
and the account's impressions, reach and views."""
_SPAN: Final = 1 << 32
"""Key of an account's day: account id × _SPAN + the day's number (offset to be positive)."""


@dataclass(frozen=True, eq=False)
class AccountDays:
    """The daily rows of each account as running totals, for stocks and flows of any period.

    `accounts`: id, network, account. `rows`: one per account and day, sorted
    by `key` (account id, then day), with `followers_known` (the last known
    followers on or before that day) and, per flow of FLOWS, its cumulative sum
    `X_sum` and the cumulative number of days that report it `X_days`, both
    over all the rows before (of earlier accounts too). `starts`: per account
    id, those totals before its first row, which `at` subtracts: an account's
    running totals without restarting twenty-five sums at each account. A
    period's stock is one lookup at its last day; its flow is the difference
    of the lookups at its last day and at the day before its first, whatever
    the period's length.
    """

    accounts: pl.DataFrame
    rows: pl.DataFrame
    starts: pl.DataFrame

    @staticmethod
    def of(daily: pl.DataFrame) -> AccountDays:
        c = pl.col
        # an account's number within its network: its name's category (the network's number
        # comes first in the id), with no string built per row
        ident = pl.when(c("network").is_not_null()).then(c("account").cast(pl.Categorical).to_physical())
        gained, lost = c("followers_gained"), c("followers_lost")
        net_flow = pl.when(gained.is_not_null() | lost.is_not_null()).then(
            gained.fill_null(0) - lost.fill_null(0)
        )
        ids = daily.select(id=_NETWORK_NUMBER * _NETWORK_SPAN + ident.cast(pl.Int64)).get_column("id")
        base = (
            daily.lazy()
            .select("network", "account", "date", "followers", *FLOWS[1:], net_flow=net_flow, id=ids)
            .filter(c("id").is_not_null() & c("date").is_not_null())
        )
        first_rows = ids.arg_unique()  # each account's first row: its network and name
        accounts_df = (
            daily.select("network", "account")[first_rows]
            .with_columns(id=ids.gather(first_rows))
            .filter(c("id").is_not_null())
            .select("id", "network", "account")
            .sort("id")
        )
        # No group-by: rows are sorted by account then day, sums run over all of them (each
        # account's start is subtracted in `at`), and forward fills never cross accounts.
        index = pl.int_range(pl.len(), dtype=pl.Int64)
        first = c("id") != c("id").shift(1, fill_value=-1)
        since = pl.when(first).then(index).forward_fill()
        known_at = pl.when(c("followers").is_not_null()).then(index).forward_fill()
        sums = [f"{f}_{kind}" for kind in ("sum", "days") for f in FLOWS]

        def totals(rows: pl.LazyFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
            summed = (
                rows.select(
                    key=_key(c("id"), c("date")), followers="followers", id="id", **{f: c(f) for f in FLOWS}
                )
                .sort("key")
                .select(
                    "key",
                    "id",
                    first=first,
                    followers_known=pl.when(known_at >= since).then(c("followers").forward_fill()),
                    **{f"{f}_sum": c(f).fill_null(0).cum_sum() for f in FLOWS},
                    **{f"{f}_days": c(f).is_not_null().cast(pl.Int32).cum_sum() for f in FLOWS},
                )
                .collect(engine=IN_MEMORY)
            )
            # the totals of the row before each account's first: what its own totals start from
            starts = summed.select("id", "first", *(c(n).shift(1, fill_value=0) for n in sums)).filter(
                "first"
            )
            return summed.drop("id", "first"), starts.drop("first")

        # networks a few at a time (up to ROWS_AT_ONCE rows), in the order of their numbers (which
        # start the ids): sorting and summing all rows at once, their intermediate columns were a
        # report's peak memory at 5M posts (250 MB over 708,000 daily rows)
        counts = (ids.drop_nulls() // _NETWORK_SPAN).value_counts(name="rows")
        groups = _batches(dict(counts.iter_rows()))
        parts = [totals(base.filter((c("id") // _NETWORK_SPAN).is_in(group))) for group in groups] or [
            totals(base)
        ]
        return AccountDays(accounts_df, pl.concat(p[0] for p in parts), pl.concat(p[1] for p in parts))

    @staticmethod
    def of_scan(daily: pl.LazyFrame) -> tuple[AccountDays, pl.DataFrame]:
        """`of` the rows of `daily` (a scan of the store's files, which are cut by network), read
        a few networks at a time (ROWS_AT_ONCE) and never all held at once unless they are few;
        with the edges of the rows: each
        network's first and last day, as rows of `daily`'s columns (the others null).

        What a report and a check hold instead of the daily rows: at 5M posts, the rows (62 MB)
        and their running totals (59 MB) held together were most of a report's peak memory.
        """
        c = pl.col
        spans = daily.group_by("network").agg(lo=c("date").min(), hi=c("date").max(), rows=pl.len())
        edges = spans.collect(engine=IN_MEMORY)
        names: dict[int, list[str]] = {}
        rows_of: dict[int, int] = {}
        for name, count in edges.select("network", "rows").iter_rows():
            if name is not None:
                number = _NETWORK_ORDER.get(name, len(schema.NETWORKS))
                names.setdefault(number, []).append(name)
                rows_of[number] = rows_of.get(number, 0) + count
        parts = [
            AccountDays.of(
                daily.filter(c("network").is_in([n for number in group for n in names[number]])).collect(
                    engine=IN_MEMORY
                )
            )
            for group in _batches(rows_of)
        ]
        running = (
            AccountDays(
                pl.concat([p.accounts for p in parts]).sort("id"),
                pl.concat([p.rows for p in parts]),
                pl.concat([p.starts for p in parts]),
            )
            if parts
            else AccountDays.of(daily.clear().collect())
        )
        have = daily.collect_schema()
        days = edges.drop("rows").unpivot(["lo", "hi"], index="network", value_name="date")
        days = days.unique(("network", "date"))
        rows = days.select(
            c(name) if name in days.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in have.items()
        )
        return running, rows.cast(have)

    def at(self, ids: pl.Series, days: pl.Series) -> pl.DataFrame:
        """For each (account id, day): its row of the latest day on or before `day` (nulls if none)."""
        values = self.rows.drop("key")
        if self.rows.is_empty():
            return values.clear(len(ids))
        keys = self.rows.get_column("key")
        wanted = pl.select(_key(pl.lit(ids), pl.lit(days))).to_series()
        pos = keys.search_sorted(wanted, side="right").cast(pl.Int64) - 1
        found = pos >= 0
        pos = pos.clip(lower_bound=0)
        same = found & (keys.gather(pos) // _SPAN == ids.cast(pl.Int64))
        starts = self.starts  # one row per account id, in the order of the ids (a found id has one)
        first = starts.get_column("id").search_sorted(ids.cast(pl.Int64), side="left")
        before = starts.drop("id")[first.clip(upper_bound=starts.height - 1)]
        row = values[pos]
        running = pl.concat(
            [row.select("followers_known"), row.select(before.columns) - before], how="horizontal"
        )
        return running.with_columns(pl.when(pl.lit(same)).then(pl.all()).name.keep())


_NETWORK_SPAN: Final = 1 << 24
"""Account ids of one network: an id is the network's number × this + the account's number."""
_NETWORK_ORDER: Final = {n: i for i, n in enumerate(schema.NETWORKS)}
"""Each network's number; a network kpitui does not know is numbered after them all."""
_NETWORK_NUMBER: Final = pl.col("network").replace_strict(
    _NETWORK_ORDER, default=len(schema.NETWORKS), return_dtype=pl.Int64
)
"""An account id's first part: its network's place, so that the ids of a network follow each other."""


ROWS_AT_ONCE: Final = 1 << 18
"""About how many daily rows `AccountDays` reads and sums at once: all of them at 1M posts
(141,600: one query each, where a network at a time took 35 ms more), a few networks at a time
at 5M (708,000), where all at once was a report's peak memory."""


def _batches(rows: Mapping[int, int]) -> list[list[int]]:
    """Network numbers (keys of `rows`, each with its rows) in order, in consecutive batches of
    up to ROWS_AT_ONCE rows (a network of more is a batch of its own)."""
    batches: list[list[int]] = []
    held = 0
    for number in sorted(rows):
        if not batches or held + rows[number] > ROWS_AT_ONCE:
            batches.append([])
            held = 0
        batches[-1].append(number)
        held += rows[number]
    return batches


def _key(ident: pl.Expr, day: pl.Expr) -> pl.Expr:
    return ident.cast(pl.Int64) * _SPAN + day.cast(pl.Date).to_physical().cast(pl.Int64) + (1 << 31)


def prepare(
    posts: pl.DataFrame | pl.LazyFrame,
    daily: pl.DataFrame | pl.LazyFrame,
    traffic: pl.DataFrame | pl.LazyFrame,
    settings: Settings | None = None,
    *,
    columns: Mapping[TableName, Sequence[str]] | None = None,
    post_rows: bool = True,
    daily_rows: bool = True,
    cubes: pl.LazyFrame | None = None,
    posts_in_cubes: bool = False,
) -> Dataset:
    """Add the derived columns and return the Dataset the KPI engine works on.

    Missing canonical columns are added as nulls, so a frame holding only
    some metrics (a test's inline frame, an old workspace) works as is.
    With `columns` (such as `kpi_columns(settings)`), each table keeps only
    those columns, and the others the KPI engine reads as nulls: enough for
    the KPIs of those columns, not for insights.

    With `post_rows=False`, the posts are summed into their daily cube as they are
    read (polars' streaming engine) and their rows are not kept: what a report or a
    check needs, in a fraction of the memory (about a hundredth of the rows). `cubes`: the
    daily cube of other posts, already summed (the stored cubes of `cube_of`), added to theirs;
    `posts_in_cubes`: every post is in `cubes` (each segment has its cube), none is read.
    With `daily_rows=False` too, the daily rows are read a few networks at a time into their
    running totals and not kept (`AccountDays.of_scan`): what a report and a check need.
    """
    settings = settings or Settings()
    wanted = columns or {}
    posts_lf = _conform(posts.lazy(), "posts", wanted.get("posts")).with_columns(
        day=pl.col("published_at").dt.convert_time_zone(settings.timezone).dt.date(),
        interactions=row_sum(*INTERACTION_PARTS),
        exposure=pl.coalesce("impressions", "views"),
    )
    daily_lf = _conform(daily.lazy(), "daily", wanted.get("daily"))
    traffic_lf = (
        _conform(traffic.lazy(), "traffic", wanted.get("traffic"))
        .with_columns(
            date_end=pl.coalesce("date_end", "date"),
            network=pl.coalesce(
                pl.col("network"), network_of(pl.col("source"), pl.col("medium"), settings.sources)
            ),
        )
        .with_columns(social=pl.col("network").is_not_null() | social_of(pl.col("source"), pl.col("medium")))
    )
    if post_rows:
        posts_df, daily_df, traffic_df = pl.collect_all([posts_lf, daily_lf, traffic_lf])
        return Dataset(posts_df, daily_df, traffic_df, settings)
    no_posts = pl.DataFrame(schema=posts_lf.collect_schema())  # their columns, for the engine
    if daily_rows:
        cube = _cube(posts_lf, cubes, settings, read=not posts_in_cubes)
        daily_df, traffic_df = pl.collect_all([daily_lf, traffic_lf])
        return Dataset(no_posts, daily_df, traffic_df, settings, post_cube=cube)
    # the daily rows' running totals in a thread of their own while the posts' cube and the
    # traffic are read: polars leaves the interpreter free while it computes
    with ThreadPoolExecutor(max_workers=1) as pool:
        summed = pool.submit(AccountDays.of_scan, daily_lf)
        cube = _cube(posts_lf, cubes, settings, read=not posts_in_cubes)
        traffic_df = traffic_lf.collect()
        running, edges = summed.result()
    return Dataset(no_posts, edges, traffic_df, settings, post_cube=cube, running=running)


def _cube(posts: pl.LazyFrame, cubes: pl.LazyFrame | None, settings: Settings, *, read: bool) -> pl.DataFrame:
    """The daily cube of `posts`, summed as they are read (unless not `read`: none to read), with
    the cubes already summed. Not reading skips a query of polars' streaming engine (3-9 ms
    of the app's first read of the demo, whose segments all have their cube)."""
    summed = post_days(posts, settings)
    cube = (
        summed.collect(engine="streaming")
        if read or cubes is None
        else pl.DataFrame(schema=summed.collect_schema())
    )
    return cube if cubes is None else pl.concat([cube, cubes.collect()], how="diagonal_relaxed")


CUBE_FORMAT: Final = 1
"""The version of the stored cubes' definition: a change to `post_days` (its sums, its keys)
changes it, and cubes of another version are no longer read."""


def cube_fingerprint(settings: Settings) -> str:
    """What a stored cube depends on besides its posts: the zone its days are in, the brand
    hashtags it counts, the sums it holds. A cube whose fingerprint differs is not read."""
    tags = sorted({t.strip().lstrip("#").lower() for t in settings.brand_hashtags} - {""})
    key = "|".join((str(CUBE_FORMAT), settings.timezone, ",".join(tags), ",".join(kpis.post_parts())))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def cube_of(posts: pl.DataFrame, settings: Settings) -> pl.DataFrame:
    """The daily cube of stored posts rows (a segment's), as a report sums them: per network and
    day, not account (a report reads no account; per account, it held 30 times the rows). What
    the store keeps beside each posts segment, so that a report reads it instead of the posts."""
    empty = {t: schema.empty(t) for t in ("daily", "traffic")}
    rows = posts.drop("account", strict=False)
    return prepare(rows, empty["daily"], empty["traffic"], settings, post_rows=False).post_days


def _conform(frame: pl.LazyFrame, table: TableName, only: Sequence[str] | None = None) -> pl.LazyFrame:
    """Cast to the canonical schema, adding any missing column as nulls.

    Keeps extra columns (the stored hashtags), unless `only` names the columns to keep
    (then the columns the KPI engine reads are kept too, as nulls when not read).
    """
    target = schema.SCHEMAS[table]
    have = frame.collect_schema()
    keep = None if only is None else {*only, *KPI_COLUMNS[table]}
    names = [n for n in target if keep is None or n in keep]
    exprs = [
        pl.col(name).cast(target[name])
        if name in have and (only is None or name in only)
        else pl.lit(None, dtype=target[name]).alias(name)
        for name in names
    ]
    extra = [pl.col(name) for name in have if name not in target and (only is None or name in only)]
    return frame.select(*exprs, *extra)
