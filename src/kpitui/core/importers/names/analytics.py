"""Google Analytics' spellings (GA4 report downloads and Universal Analytics CSV exports).

Sources: FORMATS.md section 7 (English headers; `Conversions` before GA4
renamed it `Key events` in 2024).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

GA4_ONLY: Final = (
    "Engaged sessions",
    "Engagement rate",
    "Average engagement time per session",
    "Average engagement time",
    "Events per session",
    "Event count",
    "Session key event rate",
    "Session conversion rate",
    "User key event rate",
    "Engaged sessions per user",
    "Total revenue",
    "Key events",
)
"""Metrics only GA4 has (besides any `Key events (<event>)` or `Conversions…` column)."""

GA4_METRICS: Final = (
    *GA4_ONLY,
    "Sessions",
    "Event count per user",
    "Conversions",
    "User conversion rate",
    "Purchase revenue",
    "Total ad revenue",
    "Users",
    "Active users",
    "New users",
    "Total users",
    "Returning users",
    "Sessions per user",
    "Views",
    "Views per session",
    "Views per user",
    "Bounce rate",
    "Average session duration",
    "Ecommerce purchases",
    "Transactions",
    "User engagement",
)
"""GA4's metrics: a table's dimensions are the columns before the first of them."""

UA_METRICS: Final = (
    "Users",
    "New Users",
    "Sessions",
    "% New Sessions",
    "Bounce Rate",
    "Pages / Session",
    "Avg. Session Duration",
    "Goal Conversion Rate",
    "Goal Completions",
    "Goal Value",
    "Per Session Goal Value",
    "Transactions",
    "Revenue",
    "Ecommerce Conversion Rate",
    "Per Session Value",
    "Pageviews",
    "Unique Pageviews",
    "Avg. Time on Page",
    "Entrances",
    "% Exit",
    "Page Value",
)

UA_ONLY: Final = (
    "Pages / Session",
    "Avg. Session Duration",
    "% New Sessions",
    "Goal Conversion Rate",
    "Goal Completions",
    "Goal Value",
    "Per Session Goal Value",
    "Ecommerce Conversion Rate",
    "Per Session Value",
)
"""Metrics only Universal Analytics has (besides goal columns named by goal)."""

DIMENSIONS: Final = (
    "Session source / medium",
    "Session source",
    "Session medium",
    "Session default channel group",
    "Session primary channel group (Default Channel Group)",
    "First user source / medium",
    "First user default channel group",
    "Source / Medium",
    "Default Channel Grouping",
    "Landing page + query string",
    "Page path and screen class",
    "Nth day",
)
"""Dimensions GA writes as a table's first columns (their role is read from the name)."""

NAMES: Final = Names(
    "analytics",
    "Google Analytics",
    {name: () for name in dict.fromkeys((*GA4_METRICS, *UA_METRICS, *DIMENSIONS))},
)
"""The columns of Google Analytics exports."""
