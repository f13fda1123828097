"""Write the README's screenshots (docs/screenshots/*.svg) from the demo, at 120×40.

    python docs/make_screenshots.py

Run it after a change that shows on the dashboard, networks or insights screens, or in the
presentation mode (`python docs/make_screenshots.py present` writes that one only).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from kpitui.tui.app import KpiApp

OUT = Path(__file__).resolve().parent / "screenshots"
SCREENS = {"dashboard": "1", "networks": "2", "insights": "3"}


async def shoot() -> None:
    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for name, key in SCREENS.items():
            await pilot.press(key)
            for _ in range(200):  # until the report is drawn and no screen computes any more
                await pilot.pause(0.05)
                busy = [w for w in app.workers if w.is_running]
                if app.report is not None and not busy:
                    break
            await pilot.pause(0.2)
            app.save_screenshot(str(OUT / f"{name}.svg"))
            print(OUT / f"{name}.svg")
        # the light theme (the palette's theme command), on the dashboard
        app.theme = "kpitui-light"
        await pilot.press("1")
        await pilot.pause(0.5)
        app.save_screenshot(str(OUT / "dashboard-light.svg"))
        print(OUT / "dashboard-light.svg")


async def shoot_presentation() -> None:
    """The presentation mode (`P`) on its first page: the demo's most urgent objective."""
    from kpitui.tui.screens.present import PresentScreen

    app = KpiApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(400):  # until the report is drawn
            await pilot.pause(0.05)
            if app.report is not None and not any(w.is_running for w in app.workers):
                break
        await pilot.press("P")
        screen = app.screen
        for _ in range(400):  # until the pacing charts are computed
            await pilot.pause(0.05)
            if isinstance(screen, PresentScreen) and screen.pacings:
                break
        await pilot.pause(0.2)
        app.save_screenshot(str(OUT / "present.svg"))
        print(OUT / "present.svg")


if __name__ == "__main__":
    if sys.argv[1:] != ["present"]:
        asyncio.run(shoot())
    asyncio.run(shoot_presentation())
