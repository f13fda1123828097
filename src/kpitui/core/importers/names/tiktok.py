"""TikTok Studio's spellings (Analytics → Download data: Content, Overview, FollowerHistory, Viewers…).

Sources: FORMATS.md section 6 (English headers) and the real files in
shared/real-exports/ (a Business account's overview, a renamed video list).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "tiktok",
    "TikTok Studio",
    {
        # --- Content.csv ---
        "Time": (),
        "Video title": (),
        "Video link": (),
        "Post time": (),
        "Total likes": (),
        "Total comments": (),
        "Total shares": (),
        "Total views": (),
        "Add to favorites": (),
        "Total play time": (),
        "Average watch time": (),
        "Watched full video": (),
        # --- Overview.csv, FollowerHistory.csv, Viewers.csv ---
        "Date": (),
        "Video Views": (),
        "Profile Views": (),
        "Likes": (),
        "Comments": (),
        "Shares": (),
        "Followers": (),
        "Difference in followers from previous day": (),
        "Total Viewers": (),
        "New Viewers": (),
        "Returning Viewers": (),
        # --- a Business account's overview (real-exports/tiktok_vintage-overview-business.csv) ---
        "Reached audience": (),
        "Phone number clicks": (),
        "Leads submission": (),
        "Net growth": (),
        "New followers": (),
        "Lost followers": (),
        # --- the audience files (FollowerActivity, FollowerGender, FollowerTopTerritories) ---
        "Hour": (),
        "Active followers": (),
        "Gender": (),
        "Distribution": (),
        "Top territories": (),
    },
)
"""The columns of TikTok Studio's downloads."""
