"""`kpitui serve`: the app in a browser through textual-serve (issue 19, item 4).

Each test runs `kpitui serve` as a user would, a process of its own on a free port of
127.0.0.1, and waits by polling with generous bounds (never a fixed sleep): the page answers,
its websocket starts the app on the workspace, SIGINT or SIGTERM stops the server cleanly.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from kpitui.cli import main
from kpitui.tui.serve import app_command, is_local

BOUND = 120.0
"""Seconds any one wait may take: a loaded machine is slow, never this slow."""

POSTS = (
    "network,account,post_id,published_at,impressions,likes,comments\n"
    "instagram,acme,1,2026-01-10T10:00:00Z,1000,40,5\n"
    "instagram,acme,2,2026-02-10T10:00:00Z,2000,50,5\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A small workspace: two Instagram posts, the brand named."""
    root = tmp_path / "ws"
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    assert main(["--workspace", str(root), "import", str(tmp_path / "posts.csv")]) == 0
    settings = root / "kpitui.toml"
    text = settings.read_text(encoding="utf-8")
    assert 'name = "ws"' in text
    settings.write_text(text.replace('name = "ws"', 'name = "Served Acme"', 1), encoding="utf-8")
    return root


class Served:
    """A `kpitui serve` process and the URL it answers on."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.url = f"http://127.0.0.1:{port}/"

    def page(self) -> tuple[int, str]:
        """GET / once the server answers (polled, up to BOUND seconds)."""
        deadline = time.monotonic() + BOUND
        while True:
            assert self.process.poll() is None, self.output()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    return response.status, response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self, sig: signal.Signals) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=BOUND)

    def output(self) -> str:
        """What the server printed (its log, to a file: a pipe nobody reads would fill up)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(workspace: Path, tmp_path: Path, *options: str) -> Iterator[Served]:
    """`kpitui serve` on the workspace, on a free port, with `options`; killed if a test left it."""
    port = free_port()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    log = tmp_path / "serve.log"
    argv = [sys.executable, "-m", "kpitui", "--workspace", str(workspace), "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen([*argv, *options], stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield Served(process, port, log)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=BOUND)


@pytest.fixture
def served(workspace: Path, tmp_path: Path) -> Iterator[Served]:
    with serving(workspace, tmp_path) as server:
        yield server


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_answers_on_localhost_and_stops_cleanly(served: Served, sig: signal.Signals) -> None:
    status, page = served.page()
    assert status == 200
    assert "kpitui: ws" in page  # the page is titled after the workspace
    assert f"ws://127.0.0.1:{served.port}/ws" in page  # and opens the app's websocket on this host
    started = time.monotonic()
    assert served.stop(sig) == 0
    assert time.monotonic() - started < BOUND


def test_a_public_url_is_the_one_the_page_connects_to(workspace: Path, tmp_path: Path) -> None:
    """Behind a proxy or on 0.0.0.0, the page must point browsers at the address they reach."""
    with serving(workspace, tmp_path, "--public-url", "https://kpitui.example:9443") as server:
        status, page = server.page()
        assert status == 200
        assert "wss://kpitui.example:9443/ws" in page
        assert f"127.0.0.1:{server.port}" not in page
        assert server.stop(signal.SIGTERM) == 0


def test_the_pages_websocket_runs_the_app_on_the_workspace(served: Served) -> None:
    """What a browser does: the websocket starts kpitui's app, whose screen shows the brand."""
    served.page()

    async def screen() -> str:
        seen = b""
        async with aiohttp.ClientSession() as http:
            url = f"ws://127.0.0.1:{served.port}/ws?width=120&height=40"
            async with http.ws_connect(url) as ws:
                deadline = time.monotonic() + BOUND
                while b"Served Acme" not in seen and time.monotonic() < deadline:
                    message = await ws.receive(timeout=max(deadline - time.monotonic(), 0.1))
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    elif message.type != aiohttp.WSMsgType.TEXT:
                        break
        return seen.decode("utf-8", "replace")

    shown = asyncio.run(screen())
    assert "Served Acme" in shown
    assert "Dashboard" in shown
    assert served.stop(signal.SIGINT) == 0


def test_an_address_not_of_this_machine_is_warned_of_then_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then a message, exit 2."""
    port = free_port()
    assert main(["--workspace", str(workspace), "serve", "--host", "192.0.2.1", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert "anyone who reaches port" in err and "can read this workspace" in err
    assert f"kpitui: cannot listen on 192.0.2.1 port {port}" in err


def test_a_taken_port_is_a_message(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--workspace", str(workspace), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"kpitui: cannot listen on 127.0.0.1 port {port}" in err
    assert "warning" not in err  # localhost: nothing to warn of


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.com", False),
    ],
)
def test_which_hosts_are_this_machine_only(host: str, local: bool) -> None:
    assert is_local(host) is local


def test_the_served_command_keeps_the_workspace_demo_period_and_language(tmp_path: Path) -> None:
    odd = tmp_path / "a folder; with $(spaces)"
    command = app_command(odd, demo=False, period="2026-Q1")
    assert f"'{odd}'" in command  # quoted for the shell: never run as code
    assert command.endswith(" serve --app --period 2026-Q1")
    assert " --lang en " in command
    assert app_command(None, demo=True, period=None).endswith(" serve --app --demo")
