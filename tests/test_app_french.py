"""The app in French (issue 18): every screen a person reads, the help, the palette, the switch.

Each screen is captured as the terminal would show it (the compositor's text, as
`export_screenshot` draws it) and must hold none of tests/english_words.py's words. Data is not
interface: the brand's name, objective titles, post texts, content types, hashtags and the
imported files' names are taken off what is checked, read from the tables that show them.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.app import App
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static

from english_words import english_words
from kpitui.cli import main
from kpitui.core import i18n, kpis, views
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.detail import KpiDetailScreen
from kpitui.tui.screens.explain import ExplainScreen, explanation_text
from kpitui.tui.screens.help import HelpScreen
from kpitui.tui.screens.insights import InsightsScreen
from kpitui.tui.screens.networks import NetworksScreen
from pilots import settle, until

SIZE = (120, 40)
DATA_COLUMNS = ("objective", "title", "text", "content_type", "hashtag", "accounts", "file", "format")
"""Columns whose cells are the user's data, in whatever language the brand writes."""


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the demo workspace once per session, outside the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def screen_text(app: App[Any]) -> str:
    """What the terminal shows: the current screen over those beneath it, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def data_shown(app: KpiApp) -> list[str]:
    """The user's data on screen: the brand's name, the files imported, and the cells of the
    tables' data columns as drawn (a title cut to its column ends in `…`), longest first."""
    data = []
    loaded = app.loaded
    if loaded is not None:
        data.append(loaded.name)
        data += [text for record in loaded.imports for text in (record.name, record.label)]
    for table in app.screen.query(DataTable):
        for key in DATA_COLUMNS:
            if key in table.columns:
                data += [getattr(cell, "plain", str(cell)) for cell in table.get_column(key)]
    return sorted({d for d in data if d}, key=len, reverse=True)


def english_on_screen(app: KpiApp) -> list[str]:
    """The English interface words the current screen shows (data left out)."""
    return english_words(screen_text(app), allowed=tuple(data_shown(app)))


def wide(*renderables: Any) -> str:
    """`renderables` drawn wide enough that no line wraps, as plain text."""
    console = Console(width=400, file=io.StringIO(), record=True)
    for renderable in renderables:
        console.print(renderable)
    return console.export_text()


def help_english(app: KpiApp) -> list[str]:
    """The English words of the help, all of it (unscrolled, unwrapped) and its footer."""
    text = wide(*(static.content for static in app.screen.query(Static)))
    footer = screen_text(app).splitlines()[-1]
    return english_words("\n".join([text, footer]), allowed=("objectives.toml",))  # a file's name


async def shown(pilot: Any, words: str) -> str:
    """The screen's text once it shows `words` (a screen just pushed draws at the next refresh)."""
    texts = [""]

    def showing() -> bool:
        texts[0] = screen_text(pilot.app)
        return words in texts[0]

    await until(pilot, showing, words)
    return texts[0]


def explanation_english(app: KpiApp, shown: str) -> list[str]:
    """The English words of the explain view, drawn wide enough that no file name wraps (the
    imports' names and formats are data), and of its footer as `shown`."""
    screen = app.screen
    assert isinstance(screen, ExplainScreen)
    e = screen.explanation
    data = (f"(id : {e.kpi.id})", *data_shown(app))
    footer = shown.splitlines()[-1]
    return english_words(wide(explanation_text(e, screen.currency)) + footer, allowed=data)


async def test_every_screen_speaks_french(tmp_path: Path) -> None:
    """Dashboard, networks, a KPI's chart, its explanation, insights (each tab), help and the
    palette, in French: no English word of the interface left, French numbers and words shown."""
    i18n.set_language("fr")
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen: dict[str, list[str]] = {}
        dashboard = screen_text(app)
        assert "Tableau de bord" in dashboard
        assert "Objectifs au 15 nov. 2026 : 6 sur T4 2026 d'abord" in dashboard
        assert "Taux d'engagement" in dashboard and "Abonnés" in dashboard and "? Aide" in dashboard
        assert "en bonne voie" in dashboard or "à risque" in dashboard
        seen["dashboard"] = english_on_screen(app)

        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
        await until(pilot, lambda: app.screen.series is not None, "the trends")  # type: ignore[attr-defined]
        networks = screen_text(app)
        assert "Réseaux" in networks and "Tendance par semaine" in networks and "Tous les réseaux" in networks
        seen["networks"] = english_on_screen(app)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KpiDetailScreen)
        seen["chart"] = english_on_screen(app)

        await pilot.press("x")
        await settle(pilot)
        explained = await shown(pilot, "Formule")
        assert "Formule" in explained and "Valeur" in explained and "esc Fermer" in explained
        seen["explain"] = explanation_english(app, explained)
        await pilot.press("escape", "escape")

        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, InsightsScreen)
        for tab in ("tab-best", "tab-types", "tab-posts", "tab-tags"):
            app.screen.query_one("#tabs").active = tab  # type: ignore[attr-defined]
            await pilot.pause()
            seen[tab] = english_on_screen(app)
        insights = screen_text(app)
        assert "Meilleurs moments" in insights and "Types de contenu" in insights and "Tops/flops" in insights

        await pilot.press("question_mark")
        await until(pilot, lambda: "Sur certains écrans" in screen_text(app), "the help")
        assert isinstance(app.screen, HelpScreen)
        helped = screen_text(app)
        assert "Touches" in helped and "Toutes les touches (cette aide)" in helped
        assert "▲ à risque" in wide(*(static.content for static in app.screen.query(Static)))
        seen["help"] = help_english(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.pause()
        palette = screen_text(app)
        assert "Chercher une commande…" in palette or "Langue : English" in palette
        seen["palette"] = english_on_screen(app)
        await pilot.press(*"langue")
        await until(pilot, lambda: "Langue : English" in screen_text(app), "the language command")
        seen["palette: langue"] = english_on_screen(app)
    assert {where: words for where, words in seen.items() if words} == {}


async def test_the_palette_switches_the_language_and_back(tmp_path: Path) -> None:
    """`Language: français` in the palette turns the dashboard (and the footer) French;
    `Langue : English` turns it back, without a restart."""
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        english = screen_text(app)
        assert "Dashboard" in english and "? Help" in english and "Tableau de bord" not in english

        async def command(title: str) -> None:
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            await pilot.press(*title)
            await until(pilot, lambda: title in screen_text(app), f"the command {title}")
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closed")
            await settle(pilot)
            await pilot.pause()

        await command("Language: français")
        assert i18n.language() == "fr"
        await until(pilot, lambda: "? Aide" in screen_text(app), "the French footer")
        french = screen_text(app)
        assert "Tableau de bord" in french and "Objectifs au" in french
        assert english_on_screen(app) == []
        await pilot.press("2")  # a screen first opened after the switch, and one kept since
        await settle(pilot)
        assert "Réseaux" in screen_text(app)

        await command("Langue : English")
        assert i18n.language() == "en"
        await until(pilot, lambda: "? Help" in screen_text(app), "the English footer")
        assert "Networks" in screen_text(app) and "Réseaux" not in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        back = screen_text(app)
        assert "Dashboard" in back and "Objectives evaluated as of" in back and "Tableau" not in back


class Terminal(io.StringIO):
    """Standard output that says it is a terminal, as `kpitui demo` requires."""

    def isatty(self) -> bool:
        return True


def test_a_french_environment_opens_the_demo_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    """`LANG=fr_FR.UTF-8 kpitui demo`: the command line chooses the language before the app
    starts, and the app's first screen is French (run headless in place of the terminal)."""
    shown: list[str] = []

    def headless(self: KpiApp) -> None:
        async def drive() -> None:
            async with self.run_test(size=SIZE) as pilot:
                await settle(pilot)
                shown.append(screen_text(self))
                shown.extend(english_on_screen(self))

        asyncio.run(drive())

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setattr(KpiApp, "run", headless)
    monkeypatch.setattr("sys.stdout", Terminal())
    assert main(["demo"]) == 0
    assert "Tableau de bord" in shown[0] and "? Aide" in shown[0]
    assert shown[1:] == []


async def test_the_period_picker_in_french(tmp_path: Path) -> None:
    i18n.set_language("fr")
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await until(pilot, lambda: "Période — actuellement" in screen_text(app), "the period picker")
        picker = screen_text(app)
        assert "ce trimestre" in picker and "esc Annuler" in picker
        assert english_on_screen(app) == []
        app.screen.query_one(Input).value = "T5 2026"
        await pilot.pause()
        assert "n'est pas une période" in screen_text(app)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_dashboard_columns_say_what_their_kpis_say(language: i18n.Language) -> None:
    """A dashboard column (a family's headline) is named with the words of its first KPI's
    label, in both languages: `Taux d'engagement` over the KPI `Taux d'engagement`, `Variation
    nette` over `Variation nette d'abonnés`, never a family word the KPI label contradicts."""
    i18n.set_language(language)

    def words(text: str) -> set[str]:
        return set(text.lower().replace("(", " ").replace(")", " ").split())

    for family, ids in views.HEADLINES:
        shown, label = i18n._(family), kpis.get(ids[0]).label
        assert words(shown) <= words(label), (language, shown, label)
    assert [i18n._(family) for family, _ in views.HEADLINES][:2] == (
        ["Engagement rate", "Impressions"] if language == "en" else ["Taux d'engagement", "Impressions"]
    )
