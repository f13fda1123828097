"""Help (`?`): every key of the app, and what the numbers mean.

The keys are read from the bindings (the app's, then each screen's), where they are
declared once with what they do: the footer, this help and the command palette
cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from kpitui.core.i18n import N_, NP_, _, pgettext
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS, Status
from kpitui.tui.screens.modal import framed
from kpitui.tui.widgets.footer import KeyFooter

Row = tuple[str, str]

LEGEND: Final[tuple[Status, ...]] = ("achieved", "on_track", "at_risk", "missed", "not_started", "no_data")
"""The statuses in the order help explains them, best first."""


KEY_NAMES: Final[frozenset[str]] = frozenset(
    (
        NP_("key", "delete"),
        NP_("key", "enter"),
        NP_("key", "escape"),
        NP_("key", "space"),
        NP_("key", "left"),
        NP_("key", "right"),
        NP_("key", "up"),
        NP_("key", "down"),
        NP_("key", "tab"),
    )
)
"""The keys written as words, which a French keyboard labels otherwise (`suppr`, `entrée`)."""


def key_of(binding: Binding) -> str:
    """How a key is written in help and in the palette (`?` rather than `question_mark`, `suppr`
    rather than `delete` in French)."""
    if binding.key_display:
        return binding.key_display
    return ",".join(pgettext("key", k) if k in KEY_NAMES else k for k in binding.key.split(","))


def rows(bindings: Iterable[BindingType], prefix: str = "") -> list[Row]:
    """One help row per binding: its key and what it does (the tooltip, else the footer's word),
    in the user's language."""
    return [
        (f"{prefix}{key_of(b)}", _(b.tooltip or b.description))
        for b in Binding.make_bindings(bindings)
        if b.tooltip or b.description
    ]


def screen_keys() -> list[Row]:
    """The keys of each screen that has its own, from the screens' BINDINGS (imported here, when
    help is first opened: the app starts without them)."""
    from kpitui.tui.screens.detail import KpiDetailScreen
    from kpitui.tui.screens.importing import ImportScreen
    from kpitui.tui.screens.insights import InsightsScreen
    from kpitui.tui.screens.networks import NetworksScreen
    from kpitui.tui.screens.objective_detail import ObjectiveDetailScreen
    from kpitui.tui.screens.objective_form import ObjectiveForm
    from kpitui.tui.screens.objectives import ObjectivesScreen
    from kpitui.tui.screens.present import PresentScreen

    screens: tuple[tuple[str, type[Screen[Any]]], ...] = (
        (N_("Networks"), NetworksScreen),
        (N_("KPI chart"), KpiDetailScreen),
        (N_("Insights"), InsightsScreen),
        (N_("Objectives"), ObjectivesScreen),
        (N_("Objective form"), ObjectiveForm),
        (N_("Objective"), ObjectiveDetailScreen),
        (N_("Presentation"), PresentScreen),
        (N_("Import"), ImportScreen),
    )
    return [
        row
        for name, screen in screens
        for row in rows(screen.BINDINGS, _("{screen}: ").format(screen=_(name)))
    ]


def help_table(rows: Iterable[Row]) -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("question_mark", "dismiss", N_("Close"), key_display="?"),
        Binding("q", "dismiss", N_("Close"), show=False),
    ]

    DEFAULT_CSS = framed("HelpScreen", 96, child="VerticalScroll")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(_("Keys"), style="bold underline"))
            yield Static(help_table(rows([*self.app.BINDINGS, *Screen.BINDINGS])))
            yield Static(Text("\n" + _("On some screens"), style="bold underline"))
            yield Static(help_table(screen_keys()))
            yield Static(
                Text(
                    "\n"
                    + _(
                        "Status is always a word and a symbol: {statuses}. — means the number cannot "
                        "be known (not reported, or a zero denominator), never zero. Rates are ratios "
                        "of sums; post metrics count the posts published in the period."
                    ).format(statuses=" · ".join(f"{STATUS_SYMBOLS[s]} {STATUS_LABELS[s]}" for s in LEGEND)),
                    style="dim",
                )
            )
        yield KeyFooter()
