"""The top bar: which screen, period, comparison, as-of date, and workspace (DEMO on demo data)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from kpitui.core import i18n
from kpitui.core.i18n import _
from kpitui.tui.render import short_day
from kpitui.tui.state import Loaded, View
from kpitui.tui.text import clean


def as_of_text(day: date | None) -> str:
    """The as-of date: `2026-12-31` in English, `31 déc. 2026` in French (short enough for 80
    columns), `—` before any data."""
    if day is None:
        return "—"
    return day.isoformat() if i18n.language() == "en" else short_day(day)


class StatusHeader(Static):
    """One line that says what every number on screen covers.

    Wide terminals read `kpitui · Dashboard · Brand DEMO · 2026-Q4 01 Oct–31 Dec 2026 ·
    vs … · as of …`; under 140 columns the workspace moves to the end, where a
    long name is cut first, so the period, comparison and as-of date always show.
    """

    DEFAULT_CSS = """
    StatusHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show(self, loaded: Loaded | None, view: View | None, screen_title: str) -> None:
        """Redraw for the current workspace and view."""
        wide = self.size.width >= 140 or self.size.width == 0
        line = Text(no_wrap=True, overflow="ellipsis")
        if wide:
            line.append("kpitui · ", style="bold")
        line.append(_(screen_title), style="bold")
        if loaded is None:
            failed = getattr(self.app, "load_error", None)
            line.append(" · " + (_("cannot open the workspace") if failed else _("loading…")))
            self.update(line)
            return
        if wide:
            self._workspace(line, loaded)
        if view is not None:
            line.append(" · ")
            period = view.period
            line.append(period.name, style="bold")
            if period.kind in ("last", "mtd", "qtd", "ytd") or (wide and period.kind != "range"):
                english = i18n.language() == "en"
                line.append(
                    " " + (f"{period.start:%d %b}–{period.end:%d %b %Y}" if english else period.days_text)
                )
            line.append(" · " + _("vs {period}").format(period=view.comparison_name(narrow=not wide)))
            line.append(" · " + _("as of") + " ")
            line.append(as_of_text(view.as_of))
        if not wide:
            self._workspace(line, loaded)
        self.update(line)

    @staticmethod
    def _workspace(line: Text, loaded: Loaded) -> None:
        line.append(" · ")
        if loaded.demo:
            line.append(f" {_('DEMO')} ", style="reverse bold")
            line.append(" ")
        line.append(clean(loaded.name), style="bold")

    def on_resize(self) -> None:
        app, screen = self.app, self.screen
        self.show(getattr(app, "loaded", None), getattr(app, "view", None), getattr(screen, "AREA", ""))
