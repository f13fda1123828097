"""Dashboard (`1`): objectives against results for the period, and one row per network.

Meant to be read in ten seconds: a line counting objectives by status, the
objectives most urgent first (status in a word and a symbol, value, target,
progress bar, projection, what is needed per day), then each network's
headline KPI of every family with its change against the comparison period.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from kpitui.core import format as fmt
from kpitui.core import kpis
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS
from kpitui.core.report import Report
from kpitui.core.schema import NETWORK_LABELS
from kpitui.core.views import FALLBACK_SUFFIX, DashboardView, dashboard
from kpitui.tui import render
from kpitui.tui.screens.base import AreaScreen, ExportTable
from kpitui.tui.text import clean, plain

OBJECTIVE_COLUMNS = (
    "Status",
    "Objective",
    "Period",
    "Value",
    "Target",
    "Progress",
    "Projected",
    "Needed/day",
)
NARROW_COLUMNS = ("Status", "Objective", "Value", "Target", "Progress")
"""Under 100 columns: what an objective is and where it stands."""
NARROW_HEADS = {
    "Engagement rate": "Eng. rate",
    "Impressions": "Impr.",
    "Link clicks": "Clicks",
    "Net change": "Net",
}
"""Under 100 columns the network grid's headers are short, so every column fits."""


class DashboardScreen(AreaScreen):
    """Objectives and network summary for the app's period."""

    AREA = "Dashboard"

    DEFAULT_CSS = """
    DashboardScreen #summary { padding: 0 1; height: auto; }
    DashboardScreen .section { padding: 1 1 0 1; text-style: bold; }
    DashboardScreen #objectives { height: auto; }
    DashboardScreen #networks { height: auto; }
    DashboardScreen #hint { padding: 0 1; color: $text-muted; height: auto; }
    """

    view: DashboardView | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="summary")
            yield Label("Objectives", classes="section", id="objectives-title")
            yield DataTable(id="objectives", cursor_type="row", zebra_stripes=True)
            yield Label("Networks", classes="section", id="networks-title")
            yield DataTable(id="networks", cursor_type="cell", zebra_stripes=True)
            yield Static(id="hint")

    drawn_width = 0

    def show_report(self, report: Report) -> None:
        self.view = dashboard(report)
        self._draw()

    def on_resize(self) -> None:
        # the column widths depend on the width: draw again only when it changed
        if self.view is not None and self.size.width != self.drawn_width:
            self._draw()

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        self.drawn_width = self.size.width
        colors = render.palette(self.app)
        loaded = self.kpi_app.loaded
        counts = view.counts()
        summary = Text()
        if view.objectives:
            summary.append("Objectives: ", style="bold")
            parts = [(s, n) for s, n in counts.items() if n]
            for i, (s, n) in enumerate(parts):
                if i:
                    summary.append("  ·  ")
                summary.append(
                    f"{STATUS_SYMBOLS[s]} {n} {STATUS_LABELS[s]}",
                    style=colors.get(render.STATUS_COLORS[s], ""),
                )
        elif loaded is not None and loaded.objectives_error:
            summary.append("objectives.toml cannot be read: ", style=f"bold {colors.get('error', '')}")
            summary.append(clean(loaded.objectives_error))
        else:
            summary.append("No objectives yet. ", style="bold")
            summary.append("Press 4, then a, to add one.")
        self.query_one("#summary", Static).update(summary)
        others = len(view.objectives) - view.overlapping
        self.query_one("#objectives-title", Label).update(
            f"Objectives evaluated as of {view.report.as_of.isoformat() if view.report.as_of else '—'}: "
            f"{view.overlapping} in {view.report.period.label} first"
            + (f", then {others} of other periods" if others else "")
            if view.objectives
            else "Objectives"
        )
        self.query_one("#objectives", DataTable).display = bool(view.objectives)  # no empty header
        self._objectives(view, colors)
        self._networks(view, colors)
        hint = ""
        if loaded is not None and loaded.demo:
            hint = (
                "DEMO: sample data of an invented brand. Import your own exports with "
                "`kpitui import FILE...`, then run `kpitui`."
            )
        if view.report.traffic_left_out:
            hint += (
                f"  {view.report.traffic_left_out} web-traffic row(s) cover a date range that "
                "overflows the period and are not counted."
            )
        self.query_one("#hint", Static).update(hint.strip())

    @property
    def narrow(self) -> bool:
        """Under 100 columns the tables keep their essential columns (readable at 80×24)."""
        return 0 < self.size.width < 100

    def _objectives(self, view: DashboardView, colors: dict[str, str]) -> None:
        table = self.query_one("#objectives", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        narrow = self.narrow
        # narrow: status, objective, value, target, progress (the title says its period)
        columns = NARROW_COLUMNS if narrow else OBJECTIVE_COLUMNS
        fixed = 57 if narrow else 93
        title_width = max(18, self.size.width - fixed)
        for name in columns:
            label = Text(name, justify="left" if name in ("Status", "Objective", "Progress") else "right")
            table.add_column(label, width=title_width if name == "Objective" else None, key=name)
        currency = view.report.currency
        for index, e in enumerate(view.objectives):
            o = e.objective
            unit = kpis.get(o.kpi).unit
            sign = "≥" if o.comparison == ">=" else "≤"
            other = index >= view.overlapping  # of another period: dimmed, below
            cells = {
                "Status": render.status(e.status, colors),
                "Objective": plain(o.title, limit=title_width, style="dim" if other else ""),
                "Period": Text(e.period.label, style="dim" if other else ""),
                "Value": render.number(e.value, unit, currency),
                "Target": Text(f"{sign} {fmt.value(o.target, unit, currency)}", justify="right"),
                "Progress": render.bar(e.progress, 6 if narrow else 8),
                "Projected": render.number(e.projected, unit, currency),
                "Needed/day": render.number(e.needed_per_day, unit, currency),
            }
            table.add_row(*(cells[name] for name in columns), key=o.id)
        if view.objectives:
            table.move_cursor(row=min(cursor, len(view.objectives) - 1))

    def _networks(self, view: DashboardView, colors: dict[str, str]) -> None:
        table = self.query_one("#networks", DataTable)
        heads_labels = [h.family for h in view.summary[0][1]] if view.summary else []
        table.clear(columns=True)
        table.add_column("Network", key="network")
        narrow = self.narrow
        for label in heads_labels:
            shown = NARROW_HEADS.get(label, label) if narrow else label
            table.add_column(Text(shown, justify="right"), key=label)
        currency = view.report.currency
        for network, heads in view.summary:
            name = "All" if narrow and network == "all" else NETWORK_LABELS[network]
            cells: list[Text] = [Text(name, style="bold")]
            for head in heads:
                v = head.value
                if v is None:
                    cells.append(Text(fmt.NULL, justify="right"))
                    continue
                cell = Text(justify="right")
                cell.append(fmt.value(v.value, v.kpi.unit, currency))
                suffix = FALLBACK_SUFFIX.get(v.kpi.id) if head.family != v.kpi.label else None
                if suffix:
                    short = "".join(word[0] for word in suffix.split())
                    cell.append(short if narrow else f" {suffix}", style="dim")
                if head.covers is not None:
                    known, of = head.covers
                    cell.append(f" ({known}/{of})" if narrow else f" ({known} of {of})", style="dim")
                if view.report.comparison is not None:
                    change = render.change(v.kpi, v.change, v.value, v.previous, colors)
                    cell.append(" ")
                    cell.append_text(change[:1] if narrow and v.change else change)
                cells.append(cell)
            table.add_row(*cells, key=network)

    def focused_kpi(self) -> tuple[str, str] | None:
        view = self.view
        if view is None:
            return None
        focused = self.focused
        if focused is not None and focused.id == "networks":
            table = self.query_one("#networks", DataTable)
            row, column = table.cursor_coordinate
            if 0 <= row < len(view.summary) and column >= 1:
                network, heads = view.summary[row]
                head = heads[column - 1]
                if head.value is not None:
                    return head.value.kpi.id, network
            return None
        table = self.query_one("#objectives", DataTable)
        if view.objectives and 0 <= table.cursor_row < len(view.objectives):
            o = view.objectives[table.cursor_row].objective
            return o.kpi, o.network
        return None

    def export_tables(self) -> list[ExportTable]:
        view = self.view
        if view is None:
            return []
        currency = view.report.currency
        objectives = []
        for e in view.objectives:
            o = e.objective
            unit = kpis.get(o.kpi).unit
            objectives.append(
                [
                    STATUS_LABELS[e.status],
                    clean(o.title),
                    e.period.label,
                    fmt.value(e.value, unit, currency),
                    f"{o.comparison} {fmt.value(o.target, unit, currency)}",
                    fmt.progress(e.progress),
                    fmt.value(e.projected, unit, currency),
                    fmt.value(e.needed_per_day, unit, currency),
                ]
            )
        networks = []
        labels = [h.family for h in view.summary[0][1]] if view.summary else []
        for network, heads in view.summary:
            row = [NETWORK_LABELS[network]]
            for head in heads:
                v = head.value
                if v is None:
                    row.append(fmt.NULL)
                else:
                    change = fmt.change(v.change, v.kpi.unit, now=v.value, before=v.previous)
                    covers = f" of {head.covers[0]} of {head.covers[1]} networks" if head.covers else ""
                    row.append(f"{fmt.value(v.value, v.kpi.unit, currency)}{covers} ({change})")
            networks.append(row)
        return [
            ExportTable("objectives", list(OBJECTIVE_COLUMNS), objectives),
            ExportTable("networks", ["Network", *labels], networks),
        ]
