"""Words of kpitui's English interface that a French screen must not show (issue 18).

The list holds the words the app and the CLI write in English, chosen so that none of them is
also the French word (`Engagement`, `Impressions`, `Hashtags`, `Sessions`, `Top`, `vs`… are the
same in both and are left out). Data is not interface: the brand's post texts, account names and file
names may be in any language, so the tests that use this compare the screen's chrome (headers,
labels, footer, notifications), or strip the data they know they put there.
"""

from __future__ import annotations

import re

# Whole words or phrases, matched case-insensitively on word boundaries.
ENGLISH_WORDS: tuple[str, ...] = (
    # screens and their titles
    "Dashboard",
    "Networks",
    "Objectives",
    "Objective",
    "Insights",
    "Help",
    "Quit",
    "Period",
    "Explain",
    "Export",
    "Imports",
    "History",
    # statuses
    "on track",
    "at risk",
    "achieved",
    "missed",
    "no data",
    "not started",
    # KPI words
    "Followers",
    "Reach",
    "Clicks",
    "Views",
    "Likes",
    "Comments",
    "Shares",
    "Leads",
    "growth",
    "rate",
    "Awareness",
    "Conversion rate",
    "Web traffic",
    # tables and forms
    "Value",
    "Target",
    "Status",
    "Network",
    "Progress",
    "Projection",
    "Change",
    "Title",
    "Save",
    "Cancel",
    "Delete",
    "Remove",
    "Redo",
    "Close",
    "Back",
    "Sort",
    "Search",
    "Best times",
    "Content types",
    "Posting times",
    "Bottom",
    "Posts",
    "days",
    "week",
    "month",
    "quarter",
    "year",
    "Loading",
    "Error",
    "required",
    "must be",
    "expected",
    "previous",
    "Compare",
    "Language",
    "Theme",
    "of",
    "the",
    "and",
    "with",
    "from",
)

_PATTERN = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")(?![\w])", re.IGNORECASE
)


def english_words(text: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English interface words in `text`, in order, less those in `allowed` (data the test
    put on screen itself, such as a post text or a brand name, removed before matching)."""
    for data in allowed:
        text = text.replace(data, " ")
    return [m.group(0) for m in _PATTERN.finditer(text)]
