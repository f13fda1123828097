"""Best time to post: engagement rate per weekday × hour, cells with too few posts marked.

Each cell shows a shade for its engagement rate relative to the others
(lighter to darker: ░ ▒ ▓ █) and the best cells their rank (1, 2, 3);
`·` marks a slot with fewer than three posts, which is never ranked, and a
blank means no post at all. A legend says so under the grid.
"""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.widgets import Static

from kpitui.core.i18n import _, ngettext
from kpitui.core.insights import MIN_POSTS
from kpitui.core.views import weekday_name

_SHADES = "░▒▓█"


class Heatmap(Static):
    """The weekday × hour grid of `insights.best_times`."""

    DEFAULT_CSS = """
    Heatmap {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, cells: pl.DataFrame, color: str = "", *, untimed: int = 0) -> None:
        """Draw `cells` (weekday, hour, posts, engagement_rate, enough, rank); `untimed` posts
        were left out for want of a time of day, which the legend says."""
        ranked = cells.filter(pl.col("rank").is_not_null())
        rates = ranked.get_column("engagement_rate").sort().to_list()
        grid = {
            (w, h): row
            for w, h, row in zip(cells["weekday"], cells["hour"], cells.iter_rows(named=True), strict=True)
        }
        out = Text(no_wrap=True)
        out.append(
            "     " + "".join(f"{h:<3}" if h % 3 == 0 else "   " for h in range(24)) + "\n", style="dim"
        )
        for weekday in range(1, 8):
            out.append(f"{weekday_name(weekday):<4} ", style="bold")
            for hour in range(24):
                row = grid.get((weekday, hour))
                if row is None:
                    out.append("   ")
                elif not row["enough"] or row["engagement_rate"] is None:
                    out.append(" · ", style="dim")
                else:
                    position = rates.index(row["engagement_rate"]) / max(1, len(rates) - 1) if rates else 0
                    shade = _SHADES[min(len(_SHADES) - 1, int(position * len(_SHADES)))]
                    rank = row["rank"]
                    label = f"{rank:>2}" if rank is not None and rank <= 3 else shade * 2
                    out.append(
                        label + " ", style=f"bold {color}" if rank is not None and rank <= 3 else color
                    )
            out.append("\n")
        out.append(
            _(
                "░▒▓█ engagement rate, low to high · 1 2 3 the best slots · "
                "· fewer than {n} posts (not ranked) · blank: no post"
            ).format(n=MIN_POSTS),
            style="dim",
        )
        if untimed:
            out.append(
                "\n"
                + ngettext(
                    "{n} post left out: its export gives the day but no time "
                    "(LinkedIn, YouTube and some TikTok and X files)",
                    "{n} posts left out: their export gives the day but no time "
                    "(LinkedIn, YouTube and some TikTok and X files)",
                    untimed,
                ).format(n=untimed),
                style="dim",
            )
        self.update(out)
