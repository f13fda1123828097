"""X's spellings (the classic analytics.twitter.com exports and the X Premium account analytics).

Sources: FORMATS.md section 3 (both generations, English) and its "What
real files taught us" list (`Link` for `Post Link` in a real Premium
content export, shared/real-exports/x_wormhole-content.csv).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "x",
    "X analytics",
    {
        # --- classic per-tweet and per-day exports (lower case, as X wrote them) ---
        "Tweet id": (),
        "Tweet permalink": (),
        "Tweet text": (),
        "time": (),
        "Tweets published": (),
        "engagement rate": (),
        "retweets": (),
        "likes": ("favorites",),  # before November 2015
        "user profile clicks": (),
        "url clicks": (),
        "hashtag clicks": (),
        "detail expands": (),
        "permalink clicks": (),
        "app opens": (),
        "app installs": (),
        "follows": (),
        "email tweet": (),
        "dial phone": (),
        "media views": (),
        "media engagements": (),
        # --- shared, and the Premium exports (account_analytics_content, account_overview) ---
        "Date": (),
        "impressions": (),
        "engagements": (),
        "replies": (),
        "Post id": (),
        "Post text": (),
        "Post Link": ("Link",),  # real-exports/x_wormhole-content.csv
        "Bookmarks": (),
        "Share": (),
        "Shares": (),
        "New follows": (),
        "Unfollows": (),
        "Reposts": (),
        "Profile visits": (),
        "Create Post": (),
        "Video views": (),
    },
)
"""The columns of X's exports."""
