"""Which network a web-analytics traffic source belongs to (KPIS.md, Traffic).

The match is case-insensitive on the source, ignoring a leading `www.`. The
workspace settings can add sources (`[sources]` in kpitui.toml); a key written
`source / medium` matches that pair only and wins over a bare source.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def network_of(source: pl.Expr, medium: pl.Expr, extra: Mapping[str, str] | None = None) -> pl.Expr:
    """Expression: the network a traffic row's source (and medium) maps to, or null."""
    table = source_table(extra)
    pairs = {k: v for k, v in table.items() if " / " in k}
    bare = {k: v for k, v in table.items() if " / " not in k}
    src = source.str.strip_chars().str.to_lowercase().str.strip_prefix("www.")
    by_source = src.replace_strict(bare, default=None, return_dtype=pl.String)
    if not pairs:
        return by_source
    pair = pl.concat_str([src, medium.str.strip_chars().str.to_lowercase()], separator=" / ")
    by_pair = pair.replace_strict(pairs, default=None, return_dtype=pl.String)
    return pl.coalesce(by_pair, by_source)
