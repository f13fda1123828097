"""LinkedIn's spellings (Page admin → Analytics → Export: content, followers and visitors workbooks).

Sources: FORMATS.md section 4 (English headers; `Shares` before `Reposts`,
`Views (excluding off-site video views)` in older content exports).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

_SPLITS: Final = ("organic", "sponsored", "total")

NAMES: Final = Names(
    "linkedin",
    "LinkedIn Page analytics",
    {
        # --- content export, sheet `Metrics` (one row per day) ---
        "Date": (),
        **{f"Impressions ({s})": () for s in _SPLITS},
        "Unique impressions (organic)": (),
        **{f"Clicks ({s})": () for s in _SPLITS},
        **{f"Reactions ({s})": () for s in _SPLITS},
        **{f"Comments ({s})": () for s in _SPLITS},
        **{f"Reposts ({s})": (f"Shares ({s})",) for s in _SPLITS},  # `Shares` in older exports
        **{f"Engagement rate ({s})": () for s in _SPLITS},
        # --- content export, sheet `All posts` (one row per post) ---
        "Post title": (),
        "Post link": (),
        "Post type": (),
        "Campaign name": (),
        "Posted by": (),
        "Created date": (),
        "Campaign start date": (),
        "Campaign end date": (),
        "Audience": (),
        "Impressions": (),
        "Views": ("Views (excluding off-site video views)",),  # older exports
        "Offsite Views": ("Off-site Views",),
        "Clicks": (),
        "Click through rate (CTR)": (),
        "Likes": ("Reactions",),
        "Comments": (),
        "Reposts": ("Shares",),  # older exports
        "Follows": (),
        "Engagement rate": (),
        "Content Type": (),
        # --- followers export, sheet `New followers` ---
        "Sponsored followers": (),
        "Organic followers": (),
        "Auto-invited followers": (),
        "Total followers": (),
        # --- visitors export, sheet `Visitor metrics` ---
        "Total page views (total)": (),
        "Total unique visitors (total)": (),
    },
)
"""The columns of LinkedIn's Page analytics workbooks."""
