"""Meta's spellings (Facebook and Instagram, Meta Business Suite and legacy Insights exports).

Sources: FORMATS.md sections 1 and 2 (English headers and the older
`Impressions` generation), its "What real files taught us" list (French
headers of a real posts export), and the real files in
`shared/real-exports/` (Portuguese daily files).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "meta",
    "Meta Business Suite",
    {
        # --- Business Suite posts exports (Facebook and Instagram) ---
        "Post ID": (
            "Post identifier",
            "Identifiant de la publication",  # fr: FORMATS.md, real posts export
        ),
        "Page ID": (),
        "Page name": (),
        "Account ID": (),
        "Account username": ("Username",),
        "Account name": (),
        "Title": (),
        "Description": ("Caption", "Post description"),
        "Duration (sec)": (),
        "Publish time": (
            "Publication time",  # an English back-translation of a localised export (FORMATS.md 1a)
            "Published time",
            "Publish date",
            "Post time",
            "Heure de publication",  # fr: FORMATS.md, real posts export
        ),
        "Caption type": (),
        "Permalink": ("Link to post", "Post link"),
        "Is crosspost": (),
        "Is share": (),
        "Post type": ("Type of post",),
        "Languages": (),
        "Custom labels": (),
        "Funded content status": (),
        "Data comment": (),
        "Date": (
            "Range",  # an English back-translation of a localised export (FORMATS.md 1a)
            "Period",
            "Data",  # pt: real-exports/instagram_ufscar-*-pt-utf16.csv
        ),
        "Views": ("Vues",),  # fr: FORMATS.md, real posts export
        "Impressions": (),
        "Reach": ("Couverture",),  # fr: FORMATS.md, real posts export
        "Reactions, Comments and Shares": (
            "Reactions, comments & shares",
            "Reactions comments and shares",
            "Réactions, commentaires et partages",  # fr: FORMATS.md, real posts export
        ),
        "Reactions": (),
        "Comments": (),
        "Shares": (),
        "Likes": ("Mentions J’aime",),  # fr: FORMATS.md, real posts export
        "Saves": ("Enregistrements",),  # fr: FORMATS.md, real posts export
        "Follows": (),
        "Plays": (),
        "Total clicks": (),
        "Other Clicks": (),
        "Link Clicks": (
            "Click on link",  # an English back-translation of a localised export (FORMATS.md 1a)
            "Clicks on link",
            "Link click",
            "Clics sur un lien",  # fr: FORMATS.md, real posts export
        ),
        "Reels_plays:count": ("Reels plays", "Reel plays"),
        "Seconds viewed": (),
        "Average Seconds viewed": (),
        "Estimated earnings (USD)": (),
        "Ad CPM (USD)": (),
        "Ad impressions": (),
        # --- daily metric files (`"Date","Primary"` under a title line) ---
        "Primary": (),
        # --- legacy Insights exports (before 2020; English only) ---
        "Post Message": (),
        "Type": (),
        "Posted": (),
        "Lifetime Post Total Reach": (),
        "Lifetime Post Total Impressions": (),
        "Lifetime Total Likes": (),
        "Daily New Likes": (),
        "Daily Unlikes": (),
        "Daily Total Reach": (),
        "Daily Total Impressions": (),
    },
)
"""The columns of Meta's exports."""

TITLES: Final = Names(
    "meta",
    "Meta Business Suite",
    {
        # A daily file's title names its metric, and often its network (`Facebook follows`,
        # `Instagram profile visits`). A title is looked up whole first, then without its
        # network and a leading `page`/`profile`, so English needs only the bare metric.
        "Follows": (
            "New follows",
            "Follows gained",
            "New followers",
            "Seguidores no Instagram",  # pt: real-exports/instagram_ufscar-seguidores-pt-utf16.csv
        ),
        "Unfollows": (),
        "Visits": (
            "Visitas ao perfil do Instagram",  # pt: real-exports/instagram_ufscar-visitas-pt-utf16.csv
        ),
        "Views": (),
        "Viewers": (),
        "Reach": (
            "Accounts reached",
            "Alcance",  # pt: real-exports/instagram_ufscar-alcance-pt-utf16.csv
        ),
        # recognised, imported as nothing (see meta_daily.IGNORED)
        "Content interactions": ("Interactions", "Post interactions"),
        "Link clicks": ("Link taps",),
        "Earnings": (
            "Approximate earnings",
            "Estimated earnings",
            "Approximate content monetization earnings",
        ),
    },
)
"""The metric titles of Meta's daily files (line 2, above `"Date","Primary"`)."""
