"""The app, driven with its keys (Textual's Pilot): what each screen holds, and the shared keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.widgets import DataTable, TabbedContent

from kpitui.cli import main
from kpitui.core import format as fmt
from kpitui.core import kpis
from kpitui.core.objectives import STATUS_LABELS
from kpitui.core.schema import NETWORK_LABELS
from kpitui.tui import themes
from kpitui.tui.app import KpiApp
from kpitui.tui.first import Preload
from kpitui.tui.screens import insights as insights_screen
from kpitui.tui.screens.dashboard import DashboardScreen
from kpitui.tui.screens.detail import KpiDetailScreen
from kpitui.tui.screens.explain import ExplainScreen
from kpitui.tui.screens.help import HelpScreen
from kpitui.tui.screens.insights import InsightsScreen
from kpitui.tui.screens.networks import NetworksScreen
from kpitui.tui.screens.period import PeriodPicker
from pilots import WorkerStarts, area, settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the demo workspace once per session, outside the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def cells(table: DataTable) -> list[list[str]]:
    return [[getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


def named(table: DataTable) -> list[dict[str, str]]:
    """The rows of a table as shown, by column label (a narrow table leaves columns out)."""
    header = [str(getattr(c.label, "plain", c.label)) for c in table.ordered_columns]
    return [dict(zip(header, row, strict=True)) for row in cells(table)]


def report_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert main(["demo", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


async def test_dashboard_numbers_equal_the_json_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        objectives = named(app.screen.query_one("#objectives", DataTable))
        networks = cells(app.screen.query_one("#networks", DataTable))
        period = app.report.period.label  # type: ignore[union-attr]
    data = report_json(capsys, "--period", period)
    expected = {o["title"]: o for o in data["objectives"]}
    assert len(objectives) == len(data["objectives"])  # every objective, whatever the period
    for row in objectives:
        o = expected[row["Objective"]]  # whole at 160 columns
        assert row["Status"].endswith(STATUS_LABELS[o["status"]])
        assert row["Period"] == o["period"]["label"]
        assert row["Value"] == fmt.value(o["value"], kpis.get(o["kpi"]).unit, "EUR")
    by_label = {row[0]: row for row in networks}
    for network, values in data["kpis"].items():
        row = by_label[NETWORK_LABELS[network]]
        assert row[1].startswith(fmt.value(values["engagement_rate"]["value"], "ratio"))
        if values["sessions"]["value"] is not None:
            assert row[6].startswith(fmt.value(values["sessions"]["value"], "count"))  # after net change


async def test_opening_the_demo_shows_every_status(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        statuses = {row[0].split(" ", 1)[1] for row in cells(app.screen.query_one("#objectives", DataTable))}
        summary = str(app.screen.query_one("#summary").render())
    assert statuses == {"achieved", "missed", "on track", "at risk", "no data", "not started"}
    assert "1 missed" in summary and "2 at risk" in summary


async def test_period_keys_move_pick_and_compare(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.report.period.label == "2026-Q4"  # type: ignore[union-attr]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.report.period.label == "2026-Q3"  # type: ignore[union-attr]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.report.period.label == "2027-Q1"  # type: ignore[union-attr]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeriodPicker)
        await pilot.press(*"2026-03", "enter")
        await settle(pilot)
        assert app.report.period.label == "2026-03"  # type: ignore[union-attr]
        assert app.report.comparison.label == "2026-02"  # type: ignore[union-attr]
        await pilot.press("c")
        await settle(pilot)
        assert app.report.comparison.label == "2025-03"  # type: ignore[union-attr]
        await pilot.press("c")
        await settle(pilot)
        assert app.report.comparison is None  # type: ignore[union-attr]
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"spring", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeriodPicker)  # refused, with the reason under the field
        assert "not a period" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.report.period.label == "2026-03"  # type: ignore[union-attr]


async def test_networks_tabs_and_kpi_detail(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await area(pilot, "2", NetworksScreen)
        tabs = screen.query_one(TabbedContent)
        assert [p.id for p in tabs.query("TabPane")] == [
            "tab-facebook",
            "tab-instagram",
            "tab-x",
            "tab-linkedin",
            "tab-youtube",
            "tab-tiktok",
            "tab-all",
        ]
        rows = cells(screen.query_one("#table-facebook", DataTable))
        labels = [r[0].strip() for r in rows]
        assert labels[:2] == ["Engagement", "Posts"]
        assert "Dislikes" not in labels  # a YouTube indicator
        assert "Views (posts)" not in labels  # Facebook reports no post views: the KPI is not listed
        er = next(r for r in rows if r[0].strip() == "Engagement rate")
        facebook = next(v for v in app.report.values("facebook") if v.kpi.id == "engagement_rate")  # type: ignore[union-attr]
        assert er[1] == fmt.value(facebook.value, "ratio")
        assert er[3]  # a trend is drawn
        await pilot.press("right", "right", "right", "right")
        await pilot.pause()
        assert tabs.active == "tab-youtube"
        youtube = [r[0].strip() for r in cells(screen.query_one("#table-youtube", DataTable))]
        assert "Dislikes" in youtube and "Like ratio" in youtube
        await pilot.press("down", "enter")  # the cursor starts on Posts
        await settle(pilot)
        assert isinstance(app.screen, KpiDetailScreen)
        assert app.screen.kpi.id == "interactions"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NetworksScreen)


async def test_networks_fills_the_tab_shown_and_the_others_when_shown() -> None:
    """A new period on Networks fills the table of the tab shown; another tab, shown later,
    shows that same period's numbers (never the period before's)."""
    app = KpiApp(demo=True, period="2026-Q2")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await area(pilot, "2", NetworksScreen)

        def engagement_rate(network: str) -> str:
            rows = cells(screen.query_one(f"#table-{network}", DataTable))
            return next(r[1] for r in rows if r[0].strip() == "Engagement rate")

        def reported(network: str) -> str:
            report = app.report
            assert report is not None
            value = next(v for v in report.values(network) if v.kpi.id == "engagement_rate")
            return fmt.value(value.value, "ratio")

        await pilot.press("right")  # Instagram's tab, drawn for 2026-Q2, then back to Facebook's
        await pilot.pause()
        q2_instagram = engagement_rate("instagram")
        assert q2_instagram == reported("instagram")
        await pilot.press("left")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.report is not None and app.report.period.label == "2026-Q1"
        assert engagement_rate("facebook") == reported("facebook")  # the tab shown
        assert "instagram" in screen.unfilled  # hidden: not drawn yet
        await pilot.press("right")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "tab-instagram"
        assert engagement_rate("instagram") == reported("instagram") != q2_instagram


async def test_an_area_first_shown_takes_the_theme_as_it_is_without_restyling_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`2` the first time, after a change of theme: Networks is drawn in the new theme's colours,
    and the app's style sheets are not refreshed for it (KpiApp._area_screen: 40-60 ms saved)."""
    refreshed: list[str] = []
    refresh = KpiApp.refresh_css

    def counted(self: KpiApp, animate: bool = True) -> None:
        refreshed.append(type(self.screen).__name__)
        refresh(self, animate)

    monkeypatch.setattr(KpiApp, "refresh_css", counted)
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = themes.LIGHT.name
        await settle(pilot)
        assert refreshed  # the theme's change restyles what is there
        refreshed.clear()
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NetworksScreen) and refreshed == []
        assert screen.styles.background == Color.parse(themes.LIGHT.background or "")
        table = screen.query_one("#table-facebook", DataTable)
        assert table.row_count > 0 and table.size.height > 10  # NetworksScreen's own rules apply


async def test_explain_export_and_help(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)  # the explanation reads the period's posts in a worker
        assert isinstance(app.screen, ExplainScreen)
        e = app.screen.explanation
        first = app.report.evaluations  # type: ignore[union-attr]
        assert e.kpi.id in {o.objective.kpi for o in first}
        assert e.files and e.rows > 0
        await pilot.press("escape")
        await pilot.press("e", "t")  # e, then the table
        await pilot.pause()
        written = sorted(p.name for p in tmp_path.iterdir())
        assert written == [
            "kpitui-dashboard-2026-Q4-networks.csv",
            "kpitui-dashboard-2026-Q4-objectives.csv",
            "kpitui-dashboard-2026-Q4.md",
        ]
        markdown = (tmp_path / "kpitui-dashboard-2026-Q4.md").read_text()
        assert "| Status | Objective |" in markdown and "at risk" in markdown
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_insights_screen(tmp_path: Path) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        best = cells(screen.query_one("#best-list", DataTable))
        assert best[0][0] == "#1"
        assert screen.query_one("#types", DataTable).row_count == 0  # filled when its tab is shown
        screen.query_one("#tabs", TabbedContent).active = "tab-types"
        await settle(pilot)
        types = cells(screen.query_one("#types", DataTable))
        assert {"reel", "carousel", "photo", "video"} <= {r[0] for r in types}
        await pilot.press("n")
        await settle(pilot)
        assert screen.data is not None and screen.data.network == "facebook"
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "interactions"
        posts = cells(screen.query_one("#posts", DataTable))
        counts = [int(r[5].replace(",", "")) for r in posts]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("b")
        await settle(pilot)
        counts = [int(r[5].replace(",", "")) for r in cells(screen.query_one("#posts", DataTable))]
        assert counts == sorted(counts)


async def test_the_app_shows_the_read_started_before_it() -> None:
    """The command starts the first read before Textual is imported (tui/first.py): the app
    takes that read and its report, in one load, and the dashboard shows its numbers."""
    starts = WorkerStarts()
    preload = Preload(None, demo=True, period="2026-Q1")
    first = preload.result()
    app = KpiApp(demo=True, period="2026-Q1", preload=preload)
    async with app.run_test(size=(120, 40), message_hook=starts) as pilot:
        await settle(pilot)
        assert app.loaded is first.loaded and app.report is first.report
        assert app.report.period.label == "2026-Q1"
        assert starts.of("KpiApp") == ["load_workspace"]
        assert app.screen.query_one("#objectives", DataTable).row_count == len(first.report.evaluations) > 0


async def test_1_goes_back_to_the_dashboard_the_app_opened_on() -> None:
    """The dashboard is the default screen (KpiApp.get_default_screen), and `1` its mode: after
    another area, `1` shows that same dashboard, with its numbers of the same period."""
    app = KpiApp(demo=True, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.screen
        assert isinstance(first, DashboardScreen) and app.current_mode == "dashboard"
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
        await pilot.press("1")
        await settle(pilot)
        assert app.screen is first and app.current_mode == "dashboard"
        assert "2026-Q1" in str(first.query_one("StatusHeader").render())
        assert first.query_one("#objectives", DataTable).row_count > 0


async def test_the_dashboard_looks_the_same_after_another_area() -> None:
    """`2` then `1`: the dashboard is drawn as it was, in the same colours (its screen is not
    restyled on the way back, KpiApp._area_screen)."""

    def drawn(app: KpiApp) -> str:
        return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

    app = KpiApp(demo=True, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = drawn(app)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert drawn(app) == before


async def test_a_theme_chosen_while_the_dashboard_was_hidden_shows_when_it_is_back() -> None:
    """`2`, the light theme, `1`: the dashboard looks as a fresh app's in the light theme (the
    cells its tables kept across switches are drawn again in the new colours)."""

    def drawn(app: KpiApp) -> str:
        return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

    fresh = KpiApp(demo=True, period="2026-Q1")
    async with fresh.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        fresh.theme = themes.LIGHT.name
        await settle(pilot)
        want = drawn(fresh)
    app = KpiApp(demo=True, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        app.theme = themes.LIGHT.name
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert drawn(app) == want


async def test_a_switch_to_a_screen_drawn_at_once_is_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual holds the terminal 50 ms on a switch (`App.delay_update`) to mask a screen being
    built or drawn. An area made already that shows what it drew, or draws the report it missed
    at once (the dashboard, Networks), is not held, and shows the view's period from its first
    paint; one made now, waiting for work of its own (Insights after a move), or hidden at
    another size of the terminal, is held."""
    held: list[str] = []
    textual_hold = App.delay_update

    def hold(app: App[None], delay: float = 0.05) -> None:
        held.append(app.current_mode)  # the mode switched from
        textual_hold(app, delay)

    monkeypatch.setattr(App, "delay_update", hold)
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # no period computed ahead
    app = KpiApp(demo=True, period="2026-Q1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("2", "1", "3", "1", "2", "1"):  # Networks and Insights made, then shown again
            await pilot.press(key)
            await settle(pilot)
        assert held == ["dashboard", "dashboard"]
        await pilot.press("left_square_bracket")  # Networks and Insights miss 2025-Q4's report
        await settle(pilot)
        await pilot.press("2")
        assert "2025-Q4" in str(app.screen.query_one("StatusHeader").render())  # before a refresh
        await settle(pilot)
        assert held == ["dashboard", "dashboard"]
        await pilot.press("3")
        await settle(pilot)
        assert held == ["dashboard", "dashboard", "networks"]
        assert isinstance(app.screen, InsightsScreen)
        assert "2025-Q4" in str(app.screen.query_one("StatusHeader").render())
        await pilot.resize_terminal(100, 30)  # the dashboard hidden at another size: held
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert held == ["dashboard", "dashboard", "networks", "insights"]


async def test_hidden_screens_compute_nothing_and_catch_up_once_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After Networks and Insights were opened, a period move on the Dashboard starts no worker
    for them; Insights, shown again, computes once, for the new period."""
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # no period computed ahead
    starts = WorkerStarts()
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40), message_hook=starts) as pilot:
        await settle(pilot)
        for key in ("2", "3", "1"):
            await pilot.press(key)
            await settle(pilot)
        starts.started.clear()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert starts.of("KpiApp") == ["build_report", "build_report"]
        assert starts.of("NetworksScreen") == [] and starts.of("InsightsScreen") == []
        period = app.report.period  # type: ignore[union-attr]
        await pilot.press("3")
        await settle(pilot)
        assert starts.of("InsightsScreen") == ["run_insights"]
        assert starts.of("NetworksScreen") == []
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        scope = str(screen.query_one("#scope").render())
        assert period.describe() in scope


async def test_sorting_posts_reorders_what_is_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`s` and `b` re-sort the posts already computed: no worker, the table in the new order."""
    monkeypatch.setattr(insights_screen, "AHEAD_AFTER", 3600)  # no period computed ahead
    starts = WorkerStarts()
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40), message_hook=starts) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        starts.started.clear()
        await pilot.press("s")
        await settle(pilot)
        counts = [int(r[5].replace(",", "")) for r in cells(screen.query_one("#posts", DataTable))]
        assert len(counts) > 3 and counts == sorted(counts, reverse=True)
        await pilot.press("s", "b")
        await settle(pilot)
        clicks = [r[6] for r in cells(screen.query_one("#posts", DataTable))]
        assert clicks == sorted(clicks, key=lambda c: int(c.replace(",", "")))
        assert starts.started == []


HOSTILE = "[bold red]not markup[/] \x1b[31mred\x1b[0m \x07 =SUM(A1) #x"


async def test_post_text_is_shown_literally(tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "network,account,post_id,published_at,text,impressions,likes\n"
        f'x,acme,1,2026-01-05T10:00:00Z,"{HOSTILE}",100,10\n'
    )
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(posts)]) == 0
    from kpitui.core.workspace import Workspace

    app = KpiApp(Workspace(root), period="2026-01", export_dir=tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        app.screen.query_one("#tabs", TabbedContent).active = "tab-posts"
        await settle(pilot)
        text = cells(app.screen.query_one("#posts", DataTable))[0][0]
        assert "[bold red]not markup[/]" in text
        assert "\x1b" not in text and "␛[31mred␛[0m" in text and "␇" in text
        await pilot.press("e", "t")
        await pilot.pause()
    exported = (tmp_path / "kpitui-insights-2026-01-top-posts-by-engagement-rate.csv").read_text()
    assert "\x1b" not in exported
    assert '"[bold red]' in exported or "[bold red]" in exported


async def test_broken_objectives_file_is_shown_and_kept(tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "network,account,post_id,published_at,impressions,likes\nx,acme,1,2026-01-05T10:00:00Z,100,10\n"
    )
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(posts)]) == 0
    broken = root / "objectives.toml"
    broken.write_text('schema_version = 1\n[[objective]]\nid = "a"\nkpi = "engagement_rate\n')
    before = broken.read_bytes()
    from kpitui.core.workspace import Workspace

    app = KpiApp(Workspace(root), export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert "objectives.toml cannot be read" in summary and "line 4" in summary
    assert broken.read_bytes() == before
