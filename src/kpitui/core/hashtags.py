"""Brand hashtags: the pattern that finds them in a post's text, and the stored form that
lets the KPI engine find them without reading whole texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import polars as pl

__all__ = ["HASHTAG_RUN", "brand_pattern", "brand_searchable", "hashtags_of"]


def brand_pattern(hashtags: Iterable[str]) -> str | None:
    """Regex matching any of the brand hashtags as a whole tag, case-insensitively."""
    tags = [t.strip().lstrip("#") for t in hashtags if t.strip().lstrip("#")]
    if not tags:
        return None
    alternatives = "|".join(_escape(t) for t in tags)
    return rf"(?i)(?:^|[^\w#])#(?:{alternatives})(?:[^\w]|$)"


HASHTAG_RUN: Final = r"(?:^|[^\w#])#\w+"
"""A hashtag as `brand_pattern` sees one: `#` then a whole run of word characters, at the
start of the text or after a character that is neither a word character nor `#`."""


def hashtags_of(text: pl.Expr) -> pl.Expr:
    """A post's hashtags as written, each with the character before it, joined by spaces
    (null for a null text): what the workspace stores beside each post's text.

    `brand_pattern` finds a brand hashtag in this string exactly when it finds one in the
    text, as long as every brand hashtag is word characters only (`brand_searchable`): a
    match is `#`, a whole run of word characters, then a non-word character or the end,
    which is an item of this string followed by a space or the end. Searching these few
    characters instead of whole texts is what makes the brand-hashtag KPI cheap.
    """
    return text.str.extract_all(HASHTAG_RUN).list.join(" ")


def brand_searchable(hashtags: Iterable[str]) -> bool:
    """True when every brand hashtag is word characters only, so that `hashtags_of` holds
    every possible match of `brand_pattern` (a tag such as `bramble-bean` needs the text)."""
    tags = [t.strip().lstrip("#") for t in hashtags if t.strip().lstrip("#")]
    return bool(tags) and bool(pl.Series(tags, dtype=pl.String).str.contains(r"^\w+$").all())


def _escape(text: str) -> str:
    """Escape regex metacharacters for polars' (Rust) regex engine."""
    return "".join("\\" + ch if ch in r"\.+*?()|[]{}^$#&-~" else ch for ch in text)
