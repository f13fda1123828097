"""`kpitui serve`: the app in a browser, through textual-serve.

textual-serve answers `/` with a page (xterm.js) that opens a websocket; for each websocket it
starts the app's command in a process of its own, with Textual's web driver, and relays its
screen and keys. The command it starts is kpitui again (`kpitui serve --app …`, the same
Python, workspace, language, demo and period), so every browser tab runs its own app on the
same workspace, as a terminal would.

Bound to localhost by default: anyone who reaches the port drives the app, and so reads the
workspace (and can change its objectives and imports); a host that is not a loopback address
is served with a warning.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from kpitui.core.errors import KpiError
from kpitui.core.i18n import _, language
from kpitui.core.workspace import Workspace

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8000


def is_local(host: str) -> bool:
    """Whether `host` is reachable from this machine only (a loopback address or `localhost`)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name: it may resolve to any interface
        return False


def app_command(workspace: Path | None, *, demo: bool, period: str | None) -> str:
    """The shell command textual-serve runs for each browser: this kpitui opening the app with
    the options `serve` was given (the language too: the child's environment may name another)."""
    argv = [sys.executable, "-m", "kpitui", "--lang", language()]
    if workspace is not None:
        argv += ["--workspace", str(workspace)]
    argv += ["serve", "--app"]
    if demo:
        argv.append("--demo")
    if period is not None:
        argv += ["--period", period]
    return _shell(argv)


def _shell(argv: Sequence[str]) -> str:
    """`argv` as one command line for the platform's shell (textual-serve runs a shell command)."""
    return shlex.join(argv) if os.name == "posix" else subprocess.list2cmdline(argv)


def serve(
    workspace: Workspace,
    *,
    host: str,
    port: int,
    demo: bool,
    period: str | None,
    public_url: str | None = None,
) -> int:
    """Serve the app on `host`:`port` until SIGINT or SIGTERM; 0 once stopped. `public_url`: the
    address browsers reach it at, which the page's links and websocket use (default
    http://HOST:PORT, which a browser elsewhere cannot reach when HOST is 0.0.0.0)."""
    from textual_serve.server import Server  # imported here: no other command needs aiohttp

    if not is_local(host):
        print(
            _(
                "kpitui: warning: serving on {host}, which is not this machine only: anyone who "
                "reaches port {port} can read this workspace and change its objectives and imports."
            ).format(host=host, port=port),
            file=sys.stderr,
            flush=True,
        )
    command = app_command(None if demo else workspace.root, demo=demo, period=period)
    title = _("kpitui demo") if demo else f"kpitui: {workspace.root.name}"
    loop = asyncio.new_event_loop()  # textual-serve runs on the current loop: a fresh one
    asyncio.set_event_loop(loop)
    try:
        Server(command, host=host, port=port, title=title, public_url=public_url).serve()
    except OSError as exc:  # the port taken, an address not of this machine
        reason = exc.strerror or str(exc)
        raise KpiError(
            _("cannot listen on {host} port {port}: {reason}.").format(host=host, port=port, reason=reason)
        ) from None
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return 0


def run_served_app(workspace: Workspace, *, demo: bool, period: str | None) -> int:
    """The app as textual-serve runs it for one browser (its stdout is the web driver's pipe,
    not a terminal)."""
    from kpitui.tui.app import KpiApp

    KpiApp(None if demo else workspace, demo=demo, period=period).run()
    return 0
