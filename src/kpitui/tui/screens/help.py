"""Help (`?`): every key of the app, and what the numbers mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kpitui.tui.widgets.footer import KeyFooter

KEYS: tuple[tuple[str, str], ...] = (
    ("1", "Dashboard: objectives against results, one row per network"),
    ("2", "Networks: KPI panels per network, grouped by family; enter opens a KPI's chart"),
    ("3", "Insights: best time to post, content types, top and bottom posts, hashtags"),
    ("4", "Objectives: status and progress of each; a add, enter edit, delete remove"),
    ("5", "Import: choose export files, preview what they bring, i to import; history"),
    ("p", "choose the period (type any form, or pick a common one)"),
    ("[  ]", "move the period back and forward"),
    ("c", "cycle the comparison: previous period, same period a year before, none"),
    ("x", "explain the focused KPI: formula, input sums, source files"),
    ("e", "export the current view as Markdown and CSV (in the current folder)"),
    ("? or F1", "this help (F1 where a text field takes ?)"),
    ("ctrl+p", "command palette: every action, and the theme (light or dark)"),
    ("tab / shift+tab", "move between tables; arrows move in a table"),
    ("q", "quit"),
)
SCREEN_KEYS: tuple[tuple[str, str], ...] = (
    ("Networks: left / right", "previous / next network tab"),
    ("Networks: enter", "the focused KPI over time, with its target"),
    ("Insights: n", "cycle the network (all, then each one)"),
    ("Insights: s", "sort posts by engagement rate, interactions, link clicks"),
    ("Insights: b", "top or bottom posts"),
    ("Objectives: a / enter / delete", "add / edit / delete (after a confirmation); r reloads the file"),
    ("Objective form: ctrl+s", "save (escape cancels); mistakes are explained under each field"),
    ("Import: enter / a", "add the file (or, with a, the folder) under the cursor"),
    ("Import: i / delete / escape", "import the ready files / drop a file / cancel reading"),
)


def help_table(rows: tuple[tuple[str, str], ...]) -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", key_display="?"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Keys", style="bold underline"))
            yield Static(help_table(KEYS))
            yield Static(Text("\nOn some screens", style="bold underline"))
            yield Static(help_table(SCREEN_KEYS))
            yield Static(
                Text(
                    "\nStatus is always a word and a symbol: ✔ achieved · ● on track · ▲ at risk · "
                    "✖ missed · "
                    "○ not started · ? no data. — means the number cannot be known (not reported, or a zero "
                    "denominator), never zero. Rates are ratios of sums; post metrics count the posts "
                    "published in the period.",
                    style="dim",
                )
            )
        yield KeyFooter()
