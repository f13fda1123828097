"""Which network a web-analytics traffic source belongs to, and whether it is social (KPIS.md, Traffic).

The match is case-insensitive on the source, ignoring a leading `www.`. The
workspace settings can add sources (`[sources]` in kpitui.toml); a key written
`source / medium` matches that pair only and wins over a bare source.

A row of no network can still be social: a channel group such as GA4's
`Organic Social`, a social medium, or a social site that is not one of the
networks (the lists are in `social.toml`, beside this module).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import polars as pl

DEFAULT_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "facebook": (
        "facebook.com",
        "m.facebook.com",
        "l.facebook.com",
        "lm.facebook.com",
        "web.facebook.com",
        "facebook",
        "fb",
    ),
    "instagram": ("instagram.com", "l.instagram.com", "instagram", "ig"),
    "x": ("t.co", "x.com", "twitter.com", "twitter", "x"),
    "linkedin": ("linkedin.com", "lnkd.in", "linkedin"),
    "youtube": ("youtube.com", "m.youtube.com", "youtu.be", "youtube", "yt"),
    "tiktok": ("tiktok.com", "tiktok"),
}


def source_table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Lower-case source (or `source / medium`) → network, defaults plus `extra`."""
    table = {src: net for net, sources in DEFAULT_SOURCES.items() for src in sources}
    for key, network in (extra or {}).items():
        table[normalize_key(key)] = network
    return table


def normalize_key(text: str) -> str:
    """The form sources are compared in: trimmed, lower case, no `www.`."""
    key = " / ".join(part.strip() for part in text.strip().lower().split("/"))
    return key.removeprefix("www.")


def _source(source: pl.Expr) -> pl.Expr:
    return source.str.strip_chars().str.to_lowercase().str.strip_prefix("www.")


def network_of(source: pl.Expr, medium: pl.Expr, extra: Mapping[str, str] | None = None) -> pl.Expr:
    """Expression: the network a traffic row's source (and medium) maps to, or null."""
    table = source_table(extra)
    pairs = {k: v for k, v in table.items() if " / " in k}
    bare = {k: v for k, v in table.items() if " / " not in k}
    src = _source(source)
    by_source = src.replace_strict(bare, default=None, return_dtype=pl.String)
    if not pairs:
        return by_source
    pair = pl.concat_str([src, medium.str.strip_chars().str.to_lowercase()], separator=" / ")
    by_pair = pair.replace_strict(pairs, default=None, return_dtype=pl.String)
    return pl.coalesce(by_pair, by_source)


@dataclass(frozen=True, slots=True)
class SocialLists:
    """What tells a social row of no single network (`social.toml`, lower case)."""

    channel_groups: tuple[str, ...]
    mediums: tuple[str, ...]
    sites: tuple[str, ...]

    @property
    def subdomain_pattern(self) -> str:
        """Regex matching a subdomain of a site that holds a dot (`old.reddit.com`)."""
        domains = sorted((s for s in self.sites if "." in s), key=len, reverse=True)
        return r"\.(?:" + "|".join(d.replace(".", r"\.") for d in domains) + ")$"


@cache
def social_lists() -> SocialLists:
    """The lists of `social.toml`, read once."""
    raw = tomllib.loads(Path(__file__).with_name("social.toml").read_text(encoding="utf-8"))
    return SocialLists(
        *(tuple(v.strip().lower() for v in raw[key]) for key in ("channel_groups", "mediums", "sites"))
    )


def social_of(source: pl.Expr, medium: pl.Expr) -> pl.Expr:
    """Expression: true when a row's source or medium is social (never null).

    Says nothing of the network: a row that maps to one is social too, and
    `network_of` decides which network it counts for.
    """
    lists = social_lists()
    src = _source(source)
    known = src.is_in([*lists.channel_groups, *lists.sites]) | src.str.contains(lists.subdomain_pattern)
    by_medium = medium.str.strip_chars().str.to_lowercase().is_in(lists.mediums)
    return (known.fill_null(False) | by_medium.fill_null(False)).alias("social")
