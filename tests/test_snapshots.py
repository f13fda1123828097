"""Snapshots of the main screens on the demo data (SVG, compared cell by cell).

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from kpitui.tui.app import KpiApp
from pilots import settle


@pytest.fixture(autouse=True)
def demo_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def make_app(tmp_path: Path) -> KpiApp:
    return KpiApp(demo=True, export_dir=tmp_path)


@pytest.mark.parametrize(
    ("key", "size"), [("1", (120, 40)), ("1", (80, 24)), ("2", (120, 40)), ("3", (120, 40))]
)
def test_screen(snap_compare, tmp_path: Path, key: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), run_before=show, terminal_size=size)
