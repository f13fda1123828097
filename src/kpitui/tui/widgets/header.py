"""The top bar: which screen, period, comparison, as-of date, and workspace (DEMO on demo data)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kpitui.tui.state import Loaded, View
from kpitui.tui.text import clean


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
        line.append(screen_title, style="bold")
        if loaded is None:
            failed = getattr(self.app, "load_error", None)
            line.append(" · cannot open the workspace" if failed else " · loading…")
            self.update(line)
            return
        if wide:
            self._workspace(line, loaded)
        if view is not None:
            line.append(" · ")
            line.append(view.period.label, style="bold")
            if view.period.kind in ("last", "mtd", "qtd", "ytd") or (wide and view.period.kind != "range"):
                line.append(f" {view.period.start:%d %b}–{view.period.end:%d %b %Y}")
            comparison = view.comparison
            label = comparison.label if comparison else "nothing"
            if not wide:
                label = label.replace(" (first ", " (").replace(" days)", " d)")
            line.append(f" · vs {label} · as of ")
            line.append(view.as_of.isoformat() if view.as_of else "—")
        if not wide:
            self._workspace(line, loaded)
        self.update(line)

    @staticmethod
    def _workspace(line: Text, loaded: Loaded) -> None:
        line.append(" · ")
        if loaded.demo:
            line.append(" DEMO ", style="reverse bold")
            line.append(" ")
        line.append(clean(loaded.name), style="bold")

    def on_resize(self) -> None:
        app, screen = self.app, self.screen
        self.show(getattr(app, "loaded", None), getattr(app, "view", None), getattr(screen, "AREA", ""))
