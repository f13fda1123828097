"""The app's workflows in French (issue 18): the Import screen, the objectives, the objective form
and its errors, the redo form, the confirmations, and the demo's objectives.

Each test reads what a screen shows (its labels, fields, buttons, tables and notes, the header
and footer aside: the app's frame is tested with the app) and fails on any English interface
word of tests/english_words.py, after taking out the data the test put there itself (a file
name, an account, a path, an objective's title).
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from rich.text import Text
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from english_words import english_words
from kpitui.cli import main
from kpitui.core import i18n
from kpitui.core import objectives as objs
from kpitui.core.demo import demo_sources, demo_workspace
from kpitui.core.periods import parse_period
from kpitui.core.report import comparable
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.objective_form import ObjectiveForm
from kpitui.tui.screens.objectives import Confirm, ObjectivesScreen
from kpitui.tui.screens.redo import RedoForm
from kpitui.tui.widgets.header import StatusHeader
from pilots import idle, settle, until
from test_import_history import to_history
from test_reliability_app import import_screen

POSTS = (
    "network,account,post_id,published_at,impressions,likes,comments",
    "instagram,acme,1,2026-01-05T10:00:00Z,1000,40,5",
    "instagram,acme,2,2026-02-05T10:00:00Z,1000,50,5",
    "x,acme,3,2026-02-06T10:00:00Z,2000,10,0",
)
TITLE = "Engagement Instagram au premier trimestre"
"""The objective's title, data: French already, so that nothing needs taking out."""


@pytest.fixture(autouse=True)
def french(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    i18n.set_language("fr")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """One import of three posts (acme, 2026-01 and 02) and one objective."""
    posts = tmp_path / "posts.csv"
    posts.write_text("".join(f"{line}\n" for line in POSTS))
    root = tmp_path / "ws"
    with i18n.using("en"):
        assert main(["--workspace", str(root), "import", str(posts)]) == 0
    (root / "objectives.toml").write_text(
        "schema_version = 1\n\n[[objective]]\n"
        f'id = "ig-er"\ntitle = "{TITLE}"\nnetwork = "instagram"\nkpi = "engagement_rate"\n'
        'comparison = ">="\ntarget = 0.045\nperiod = "2026-Q1"\n'
    )
    return Workspace(root)


def _text(widget: Widget) -> str:
    """What one widget writes on screen (a field: its value, or its placeholder when empty)."""
    if isinstance(widget, Input):
        return widget.value or widget.placeholder
    if isinstance(widget, Button):
        return str(widget.label)
    if isinstance(widget, DataTable):
        header = [str(c.label) for c in widget.columns.values()]
        cells = [str(c) for r in range(widget.row_count) for c in widget.get_row_at(r)]
        return " ".join(header + cells)
    if isinstance(widget, Static):
        shown = widget.render()
        return shown.plain if isinstance(shown, Text) else str(shown)
    return ""


def shown(screen: Screen[object]) -> str:
    """Every word the screen's own widgets show (its header and footer, the app's, left out)."""
    frame = (Header, StatusHeader, Footer)
    return "\n".join(
        _text(w)
        for w in screen.query("*")
        if w.display and not isinstance(w, frame) and not any(isinstance(a, frame) for a in w.ancestors)
    )


def untranslated_keys(screen: Screen[object]) -> list[str]:
    """The descriptions of the keys kpitui's classes give the screen (and its focused widget) that
    the French catalog lacks (the footer translates them when it draws them; the app's own keys
    and `? Help` are the app's to test)."""
    catalog = i18n.translations("fr")._catalog  # type: ignore[attr-defined]
    classes = [*type(screen).__mro__, *(type(screen.focused).__mro__ if screen.focused else ())]
    own = [
        b
        for cls in classes
        if cls.__module__.startswith("kpitui.tui.screens")
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding) and b.show and b.action != "app.help"
    ]
    return [b.description for b in own if b.description not in catalog]


S = TypeVar("S", bound=Screen[Any])


async def after(pilot: Pilot[None], key: str, opens: type[S]) -> S:
    """Press `key`: the screen it opens, once it has settled."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, opens), f"{opens.__name__} opens")
    await settle(pilot)
    return cast(S, pilot.app.screen)


async def from_history(pilot: Pilot[None], key: str, opens: type[S]) -> S:
    """Press `key` on the newest import of the Import screen's history: the screen it opens."""
    await to_history(pilot, await import_screen(pilot))
    return await after(pilot, key, opens)


@contextlib.asynccontextmanager
async def french_app(workspace: Workspace) -> AsyncIterator[Pilot[None]]:
    """The app on `workspace` (2026-Q1, 120×40), settled."""
    app = KpiApp(workspace, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        yield pilot


async def test_the_import_screen_in_french(workspace: Workspace) -> None:
    async with french_app(workspace) as pilot:
        screen = await import_screen(pilot)
        text = shown(screen)
        assert "Historique des importations" in text and "Tapez ou collez des fichiers exportés" in text
        assert "Vers " in text and "aucun fichier pour l'instant" in text
        assert english_words(text, allowed=(str(workspace.root), "posts.csv", "acme")) == []
        await to_history(pilot, screen)
        assert "suppr le retire · r ou entrée : le refaire avec d'autres options" in shown(screen)
        assert untranslated_keys(screen) == []


async def test_the_objectives_list_and_the_removal_asked_in_french(workspace: Workspace) -> None:
    async with french_app(workspace) as pilot:
        app = pilot.app
        screen = await after(pilot, "4", ObjectivesScreen)
        text = shown(screen)
        assert "1 objectif dans" in text
        assert "a ajouter · entrée ouvrir · m modifier · suppr supprimer" in text
        # « Projection », the table's French for "Projected" (core's tables), is also an English word
        assert english_words(text, allowed=(str(workspace.objectives_path), "Projection")) == []
        assert untranslated_keys(screen) == []
        screen.query_one(DataTable).focus()
        question = shown(await after(pilot, "delete", Confirm))
        assert f"Supprimer l'objectif « {TITLE} » ?" in question and "Oui, supprimer (y)" in question
        assert english_words(question) == []
        assert untranslated_keys(app.screen) == []
        await pilot.press("y")
        await settle(pilot)
        assert objs.load(workspace.objectives_path).objectives == ()


async def test_the_objective_form_and_its_errors_in_french(workspace: Workspace) -> None:
    async with french_app(workspace) as pilot:
        await after(pilot, "4", ObjectivesScreen)
        form = await after(pilot, "a", ObjectiveForm)
        assert form.query_one("#period", Input).value == "T1 2026"  # the quarter of the data, in French
        form.query_one("#target", Input).value = "beaucoup"
        await idle(pilot)
        text = shown(form)
        assert "✖ 'beaucoup' n'est pas un nombre" in text
        assert "Nouvel objectif" in text and "Taux d'engagement (%)" in text and "au moins (≥)" in text
        assert "un taux : tapez 4,5 % (ou 0,045)" in text and "Actuellement : Taux d'engagement" in text
        assert english_words(text) == []
        assert untranslated_keys(form) == []
        form.query_one("#period", Input).value = "T5 2026"
        await idle(pilot)
        assert "✖ 'T5 2026' n'est pas une période" in shown(form)
        assert english_words(shown(form)) == []
        # typed the French way, stored the stable way: objectives.toml does not change with the language
        form.query_one("#period", Input).value = "T2 2026"
        form.query_one("#target", Input).value = "4,5 %"
        await idle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ObjectivesScreen)
        stored = tomllib.loads(workspace.objectives_path.read_text())["objective"]
        assert [(o["period"], o["target"]) for o in stored] == [("2026-Q1", 0.045), ("2026-Q2", 0.045)]
        assert stored[1]["title"] == "Instagram engagement rate ≥ 4.5% in 2026-Q2"


async def test_the_redo_form_in_french(workspace: Workspace) -> None:
    async with french_app(workspace) as pilot:
        form = await from_history(pilot, "r", RedoForm)
        form.query_one("#year", Input).value = "20"
        await pilot.pause()
        text = shown(form)
        assert "Refaire l'import 1 : posts.csv" in text and "3 lignes" in text
        assert "✖ l'année de son dernier jour, en quatre chiffres" in text
        assert "Annuler" in text and "Refaire (ctrl+s)" in text
        assert english_words(text, allowed=("posts.csv", "acme")) == []
        assert untranslated_keys(form) == []


async def test_the_removal_of_an_import_is_asked_in_french(workspace: Workspace) -> None:
    async with french_app(workspace) as pilot:
        question = shown(await from_history(pilot, "delete", Confirm))
        assert (
            "Retirer l'import 1, posts.csv" in question
            and "Ses 3 lignes, sur 2026-01-05..2026-02-06" in question
        )
        assert "Oui, retirer (y)" in question
        assert english_words(question, allowed=("posts.csv", "acme")) == []


def test_the_demo_in_french_has_french_objectives_and_its_own_cached_workspace() -> None:
    english = demo_workspace("en")
    french = demo_workspace("fr")
    assert french.root != english.root and french.root.name == f"{english.root.name}-fr"
    english_titles = {o.id: o.title for o in objs.load(english.objectives_path).objectives}
    french_titles = {o.id: o.title for o in objs.load(french.objectives_path).objectives}
    assert french_titles.keys() == english_titles.keys() and len(french_titles) == 10
    assert french_titles["tiktok-followers-2026-q4"] == "Abonnés TikTok ≥ 16\u00a0000 d'ici fin 2026"
    assert english_titles["tiktok-followers-2026-q4"] == "TikTok followers ≥ 16,000 by the end of 2026"
    for title in french_titles.values():
        assert english_words(title) == [], title
    # the same numbers: the French demo is the English one's data with French titles
    assert french.load().posts.height == english.load().posts.height > 0
    assert demo_workspace().root == french.root  # the language spoken chooses the demo
    assert (demo_sources() / "objectives.fr.toml").exists()


def test_a_running_periods_comparison_reads_french_and_stays_english_for_machines() -> None:
    quarter = parse_period("2026-Q1")
    compared = comparable(quarter, quarter.previous(), date(2026, 2, 15))
    assert compared is not None
    assert compared.label == "2025-Q4 (first 46 days)"  # the JSON `period` label, in every language
    assert compared.name == "T4 2025 (46 premiers jours)"
    assert compared.describe() == "T4 2025 (46 premiers jours) (1 oct. – 15 nov. 2025)"
    with i18n.using("en"):
        assert compared.name == "2025-Q4 (first 46 days)"
