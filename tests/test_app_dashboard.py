"""The dashboard's grids as a person reads them: a column means one thing, a bar is full only
when the target is met, and at 80 columns every column of the network grid shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable

from kpitui.cli import main
from kpitui.core import format as fmt
from kpitui.tui import render
from kpitui.tui.app import KpiApp
from test_app import cells, named, settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def test_a_bar_is_full_only_when_the_target_is_met() -> None:
    assert render.bar(0.94, 6).plain == "█████░  94%"
    assert render.bar(0.999, 8).plain.startswith("███████░")
    assert render.bar(1.0, 6).plain == "██████ 100%"
    assert render.bar(1.79, 6).plain == "██████ 179%"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_network_grid_columns_mean_one_thing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: tuple[int, int]
) -> None:
    app = KpiApp(demo=True, export_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#networks", DataTable)
        header = [str(getattr(c.label, "plain", c.label)) for c in table.ordered_columns]
        grid = {row[0]: dict(zip(header, row, strict=True)) for row in cells(table)}
        fits = table.virtual_size.width <= table.scrollable_content_region.width
        objectives = {row["Objective"]: row for row in named(app.screen.query_one("#objectives", DataTable))}
        period = app.report.period.label  # type: ignore[union-attr]
    narrow = size[0] < 100
    followers, net = ("Followers", "Net") if narrow else ("Followers", "Net change")
    assert fits  # no column is scrolled out of sight
    capsys.readouterr()
    assert main(["demo", "--format", "json", "--period", period]) == 0
    data = json.loads(capsys.readouterr().out)["kpis"]
    instagram = grid["Instagram"]
    assert instagram[followers] == fmt.NULL  # Instagram's export gives no follower count
    assert instagram[net].startswith(fmt.count(data["instagram"]["net_follower_change"]["value"]))
    assert grid["Facebook"][followers].startswith(fmt.count(data["facebook"]["followers"]["value"]))
    total = grid["All" if narrow else "All networks"][followers]
    known = sum(1 for n, v in data.items() if n != "all" and v["followers"]["value"] is not None)
    assert total.startswith(fmt.count(data["all"]["followers"]["value"]))
    assert (f"({known}/6)" if narrow else f"({known} of 6)") in total
    at_risk = next(row for title, row in objectives.items() if title.startswith("TikTok followers"))
    progress = at_risk["Progress"]
    assert "92%" in progress and "░" in progress  # 92% of the target: not a full bar
