"""Write docs/screenshots/serve.png: `kpitui serve --demo` in headless Chromium, the dashboard drawn.

    python docs/serve_screenshot.py [--wait SECONDS]

`chromium --headless --screenshot --virtual-time-budget=…` is not enough: virtual time runs
ahead of the real websocket, so the shot shows textual-serve's splash before the app's first
byte. This script drives Chromium over its DevTools protocol instead (aiohttp, which
textual-serve brings, speaks websockets): open the page, wait until the terminal has received
its first byte (`body.-first-byte`), give the app `--wait` seconds to compute and draw the
dashboard, then capture the page.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

OUT = Path(__file__).resolve().parent / "screenshots" / "serve.png"
SIZE = (1400, 900)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


async def shoot(url: str, devtools: str, wait: float) -> bytes:
    async with aiohttp.ClientSession() as http:
        pages = await (await http.get(f"{devtools}/json/list")).json()
        page = next(p for p in pages if p["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 1_000_000))

            async def call(method: str, **params: Any) -> dict[str, Any]:
                n = next(ids)
                await ws.send_str(json.dumps({"id": n, "method": method, "params": params}))
                async for message in ws:
                    data = json.loads(message.data)
                    if data.get("id") == n:
                        return dict(data.get("result", {}))
                raise RuntimeError("DevTools closed the connection")

            await call(
                "Emulation.setDeviceMetricsOverride",
                width=SIZE[0],
                height=SIZE[1],
                deviceScaleFactor=1,
                mobile=False,
            )
            await call("Page.navigate", url=url)
            started = time.monotonic()
            while time.monotonic() - started < 60:
                probe = await call(
                    "Runtime.evaluate", expression="document.body.classList.contains('-first-byte')"
                )
                if probe.get("result", {}).get("value") is True:
                    break
                await asyncio.sleep(0.2)
            else:
                raise SystemExit("the app never sent its first byte")
            await asyncio.sleep(wait)  # the app computes the report in a worker, then draws it
            shot = await call("Page.captureScreenshot", format="png")
            return base64.b64decode(shot["data"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wait", type=float, default=6.0, help="seconds after the first byte (default 6)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kpitui", "--lang", "en", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    profile = Path(tempfile.mkdtemp(prefix="kpitui-chromium-"))
    browser = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            f"--window-size={SIZE[0]},{SIZE[1]}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        active = profile / "DevToolsActivePort"
        line = wait_for(lambda: active.exists() and active.read_text().split("\n")[0], 30, "Chromium")
        url = f"http://127.0.0.1:{port}/"

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False

        wait_for(answers, 60, "kpitui serve")
        png = asyncio.run(shoot(url, f"http://127.0.0.1:{line}", args.wait))
        args.out.write_bytes(png)
        print(args.out)
    finally:
        browser.terminate()
        server.send_signal(signal.SIGINT)
        browser.wait(30)
        server.wait(30)
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
