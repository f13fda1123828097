"""Write the README's screenshots (docs/screenshots/*.svg) from the demo, at 120×40.

    python docs/make_screenshots.py                     # all of them
    python docs/make_screenshots.py dashboard-fr        # only those named

Run it after a change that shows on the dashboard, networks or insights screens, or in the
presentation mode. The French dashboard is the French demo (`kpitui demo --lang fr`: French
words and numbers, the demo's objectives titled in French).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import NamedTuple

from textual.pilot import Pilot

from kpitui.core import i18n
from kpitui.tui.app import KpiApp

OUT = Path(__file__).resolve().parent / "screenshots"


class Shot(NamedTuple):
    """One screenshot: its file name, the screen's key, the language, the theme (None: default)."""

    name: str
    key: str
    language: i18n.Language = "en"
    theme: str | None = None


SHOTS = (
    Shot("dashboard", "1"),
    Shot("networks", "2"),
    Shot("insights", "3"),
    Shot("dashboard-light", "1", theme="kpitui-light"),  # the palette's theme command
    Shot("dashboard-fr", "1", language="fr"),
)


async def drawn(pilot: Pilot[None], app: KpiApp) -> None:
    """Wait until the report is drawn and no screen computes any more."""
    for _ in range(200):
        await pilot.pause(0.05)
        if app.report is not None and not [w for w in app.workers if w.is_running]:
            break
    await pilot.pause(0.2)


async def shoot(shots: list[Shot]) -> None:
    """Take `shots`, one app a language (the demo speaks the language it is opened in)."""
    for language in i18n.LANGUAGES:
        taken = [s for s in shots if s.language == language]
        if not taken:
            continue
        i18n.set_language(language)
        app = KpiApp(demo=True)
        async with app.run_test(size=(120, 40)) as pilot:
            for shot in taken:
                if shot.theme is not None:
                    app.theme = shot.theme
                await pilot.press(shot.key)
                await drawn(pilot, app)
                app.save_screenshot(str(OUT / f"{shot.name}.svg"))
                print(OUT / f"{shot.name}.svg")


async def shoot_presentation() -> None:
    """The presentation mode (`P`) on its first page: the demo's most urgent objective."""
    from kpitui.tui.screens.present import PresentScreen

    i18n.set_language("en")
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
    names = sys.argv[1:]
    known = {s.name for s in SHOTS} | {"present"}
    unknown = set(names) - known
    if unknown:
        sys.exit(f"no such screenshot: {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})")
    shots = [s for s in SHOTS if not names or s.name in names]
    if shots:
        asyncio.run(shoot(shots))
    if not names or "present" in names:
        asyncio.run(shoot_presentation())
