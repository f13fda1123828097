"""The presentation mode (issue 19): `P` in the app, `kpitui present`; a page per objective then
per network, large digits and the status word that fit at 80×24 and 160×48, stepping by hand and
by itself, nothing of the workspace's paths or ids on screen."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.renderables.digits import Digits as DigitsDrawn
from textual.widgets import Digits, Static

from kpitui.cli import main
from kpitui.core import format as fmt
from kpitui.core import kpis, views
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS
from kpitui.core.schema import NETWORK_LABELS
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens import help as help_screen
from kpitui.tui.screens.dashboard import DashboardScreen
from kpitui.tui.screens.present import PresentApp, PresentScreen
from kpitui.tui.widgets.pacing import PacingChart
from pilots import WorkerStarts, idle, settle, until


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def screen_text(app: KpiApp) -> str:
    """What the screen shows, as text (from its SVG screenshot)."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def width_of(value: str) -> int:
    """Columns the large digits of `value` take."""
    return DigitsDrawn.get_width(value)


def text_of(screen: PresentScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def whole(widget: Digits | Static, screen: PresentScreen, width: int) -> bool:
    """The widget is on the screen, all of it, and as wide as what it draws."""
    region = widget.region
    return screen.region.contains_region(region) and region.width >= width and widget.display


async def present(app: KpiApp, pilot: Pilot[None]) -> PresentScreen:
    await settle(pilot)
    await pilot.press("P")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PresentScreen)
    await until(pilot, lambda: bool(screen.pacings), "the pacing of the objectives")
    return screen


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_presentation_steps_through_every_objective_then_every_network(
    size: tuple[int, int],
) -> None:
    """On the demo (ten objectives, most urgent first as on the dashboard; then each network with
    data and all networks): each page's value in large digits and its status word, whole."""
    app = KpiApp(demo=True)
    async with app.run_test(size=size) as pilot:
        screen = await present(app, pilot)
        report = app.report
        assert report is not None
        board = views.dashboard(report)
        assert len(board.objectives) == 10
        expected = len(board.objectives) + len(board.summary)
        seen_statuses = set()
        for n, e in enumerate(board.objectives):
            assert text_of(screen, "#page") == f"{n + 1} / {expected}"
            assert text_of(screen, "#title") == e.objective.title
            value = fmt.value(e.value, kpis.get(e.objective.kpi).unit, report.currency)
            digits = screen.query_one("#value", Digits)
            assert digits.value == value and whole(digits, screen, width_of(value))
            status = screen.query_one("#status", Static)
            word = f"{STATUS_SYMBOLS[e.status]} {STATUS_LABELS[e.status]}"
            assert text_of(screen, "#status") == word and whole(status, screen, len(word) + 4)
            chart = screen.query_one(PacingChart)
            assert chart.pacing is not None and chart.pacing.target == e.objective.target
            assert screen.region.contains_region(chart.region) and chart.region.height >= 6
            seen_statuses.add(e.status)
            await pilot.press("right")
        assert seen_statuses == set(STATUS_LABELS)  # the demo shows every status
        for network, heads in board.summary:
            assert text_of(screen, "#title") == NETWORK_LABELS.get(network, network)
            assert not screen.query_one("#objective").display
            shown = [h.value for h in heads if h.value is not None and h.value.value is not None]
            for i, v in enumerate(shown):
                value = fmt.value(v.value, v.kpi.unit, report.currency)
                digits = screen.query_one(f"#card-value-{i}", Digits)
                assert digits.value == value and whole(digits, screen, width_of(value)), (network, i)
                assert text_of(screen, f"#card-label-{i}") == v.kpi.label
            await pilot.press("space")
        assert text_of(screen, "#page") == f"1 / {expected}"  # round the end, to the first again
        await pilot.press("left")
        assert text_of(screen, "#title") == "All networks"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_a_network_page_says_the_statuses_of_its_objectives_of_the_period() -> None:
    """TikTok in Q4 2026: views achieved, followers at risk."""
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await present(app, pilot)
        tiktok = next(i for i, p in enumerate(screen.pages) if p.network == "tiktok")
        await pilot.press(*["right"] * tiktok)
        assert text_of(screen, "#title") == "TikTok"
        assert text_of(screen, "#summary") == "▲ at risk   ✔ achieved"
        assert "compared with" in text_of(screen, "#meta")
        await pilot.press("left_square_bracket")  # the period before: the pages follow the report
        await settle(pilot)
        assert app.screen is screen and "2026-Q3" in text_of(screen, "#brand")
        await until(pilot, lambda: text_of(screen, "#title") == "TikTok", "the TikTok page of Q3")
        assert "No objective on this network in this period." in text_of(screen, "#summary")


async def test_no_path_id_or_demo_banner_only_a_small_sample_data_mark() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await present(app, pilot)
        loaded = app.loaded
        assert loaded is not None
        for _ in screen.pages:
            shown = screen_text(app)
            assert "DEMO" not in shown and str(loaded.workspace.root) not in shown
            assert "sample data" in shown
            assert not any(e.objective.id in shown for e in loaded.evaluations(loaded.as_of))
            await pilot.press("right")


async def test_kpitui_present_reads_the_workspace_once() -> None:
    """Textual calls the on_mount of every class of the app: PresentApp's own, calling KpiApp's
    again, read the workspace twice (the second read cancelling the first)."""
    starts = WorkerStarts()
    app = PresentApp(demo=True)
    async with app.run_test(size=(80, 24), message_hook=starts) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PresentScreen) and app.report is not None
        assert starts.of("PresentApp") == ["load_workspace"]


async def test_the_pages_step_by_themselves_with_an_interval(tmp_path: Path) -> None:
    """`kpitui present --interval`: the step timer's callback shows the next page; a step by hand
    starts the wait again. (The timer's own period is Textual's: the test calls its callback.)"""
    app = PresentApp(demo=True, interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PresentScreen) and screen.timer is not None
        first = text_of(screen, "#title")
        screen.tick()
        await pilot.pause()
        assert text_of(screen, "#page").startswith("2 / ") and text_of(screen, "#title") != first
        screen.tick()
        await pilot.press("left")
        assert text_of(screen, "#page").startswith("2 / ")
        await pilot.press("q")  # leaving the presentation quits `kpitui present`
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_the_app_has_no_timer_without_an_interval_and_p_opens_it_from_every_area() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in "1234":
            await pilot.press(key)
            await settle(pilot)
            area = app.screen
            await pilot.press("P")
            await settle(pilot)
            assert isinstance(app.screen, PresentScreen) and app.screen.timer is None
            await pilot.press("2")  # the areas stay behind it
            assert isinstance(app.screen, PresentScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is area


def test_p_is_declared_once_and_taken_by_no_screen() -> None:
    everywhere = [b for b in Binding.make_bindings(KpiApp.BINDINGS) if b.key == "P"]
    assert [b.action for b in everywhere] == ["present"]
    screens = help_screen.screen_keys()
    assert not [key for key, _ in screens if key.endswith(": P")]
    assert ("Presentation: →", "Presentation: the next page") in screens


def test_the_interval_must_be_a_number_of_seconds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["present", "--interval", "0.5"])
    assert exit_.value.code == 2
    assert "'0.5': expected a number of seconds from 1 to 86400" in capsys.readouterr().err
    assert main(["demo", "--present"]) == 2  # no terminal here: said, nothing opened
    assert "the app needs a terminal" in capsys.readouterr().err


async def test_a_workspace_that_cannot_open_is_said_in_place_of_the_pages(tmp_path: Path) -> None:
    """A workspace with data whose kpitui.toml is broken (`currency =` and nothing)."""
    root = tmp_path / "ws"
    demo = Path(__file__).resolve().parents[1] / "sample_data" / "demo"
    assert main(["--workspace", str(root), "import", str(demo / "posts.csv")]) == 0
    settings = root / "kpitui.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\ncurrency = \n", encoding="utf-8")
    app = PresentApp(Workspace(root))
    async with app.run_test(size=(80, 24)) as pilot:
        await idle(pilot)
        screen = app.screen
        assert isinstance(screen, PresentScreen) and app.load_error is not None
        assert text_of(screen, "#title") == "The workspace cannot be opened"
        assert "kpitui.toml" in text_of(screen, "#meta")
        assert not screen.query_one("#objective").display and not screen.query_one("#network").display
        await pilot.press("right")  # no page to step to: nothing breaks
        assert app.is_running
