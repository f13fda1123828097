"""The app follows its workspace: what another kpitui writes there shows without a restart.

The operating system tells when the workspace's folders change (inotify,
FSEvents, ReadDirectoryChangesW, through watchfiles and the Rust `notify`
crate), so an idle app reads nothing and stats no file. What it watches: the
workspace folder (objectives.toml, kpitui.toml) and the folder of its import
log, not their subfolders: every import, remove or rebuild writes the log
(`Workspace.change_token` is its stat), whatever else it writes. A workspace
that does not exist yet is waited for from the nearest folder above it that
exists. Changes are grouped (debounced) and handed on; whether the data
changed is then one stat (`Workspace.change_token`), on the app's side.

The watcher is watchfiles' documented Rust backend (`RustNotify`) rather than
its `watch()` generator: the app must hear once that the watch is set up (a
change made before it is then not missed), which the generator cannot say.
It runs in a daemon thread of its own rather than a Textual worker: it lasts
as long as the app, and a worker would hold one of the threads Textual's
workers share. The backend's wait wakes every `STEP_MS` (in Rust, taking the
GIL for a moment) to see whether it should stop; that is all it costs while
nothing changes. Where it cannot watch (watchfiles missing, the inotify limit
reached) the app is told once, and checks the change token on a slow timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Final, Protocol

from kpitui.core.i18n import _
from kpitui.core.workspace import Workspace

STEP_MS: Final = 500
"""How often the wait wakes while nothing happens, and how long the folder must stay quiet
before its changes are handed on."""
DEBOUNCE_MS: Final = 2000
"""The longest changes are grouped while they keep coming (a long import)."""
IGNORED: Final = frozenset({".kpitui.lock"})
"""Names whose changes say nothing (the lock file is opened by every reader)."""


class Notifier(AbstractContextManager["Notifier"], Protocol):
    """What `watch` needs of watchfiles' `RustNotify`: a wait for the changes of the folders."""

    def watch(
        self, debounce_ms: int, step_ms: int, timeout_ms: int, stop_event: threading.Event
    ) -> set[tuple[int, str]] | str: ...


def os_notifier(places: list[Path]) -> Notifier:
    """watchfiles' Rust backend on `places`, not recursive (OSError when it cannot watch)."""
    try:
        from watchfiles._rust_notify import RustNotify  # documented: watchfiles' "Rust backend"
    except ImportError as exc:
        raise CannotFollow(_("watchfiles cannot be loaded ({error})").format(error=exc)) from exc
    # watch_paths, debug, force_polling, poll_delay_ms, recursive, ignore_permission_denied
    return RustNotify([str(p) for p in places], False, False, 300, False, True)


class CannotFollow(Exception):
    """The operating system cannot watch the workspace (no watcher, too many watches…)."""


class Follower:
    """Watches one workspace in a daemon thread and calls `changed(names)` (from that thread)
    with the names of what changed, or `failed(reason)` once when it cannot watch."""

    def __init__(
        self,
        workspace: Workspace,
        changed: Callable[[set[str]], object],
        failed: Callable[[str], None],
        notifier: Callable[[list[Path]], Notifier] = os_notifier,
    ) -> None:
        self.root = workspace.root
        self._workspace = workspace
        self._changed = changed
        self._failed = failed
        self._notifier = notifier
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="kpitui-follow", daemon=True)

    def start(self) -> Follower:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop watching (the thread ends within STEP_MS)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Watch until stopped (the thread's body; a test may call it directly)."""
        try:
            watch(self._workspace, self._changed, self._stop, self._notifier)
        except CannotFollow as exc:
            if not self._stop.is_set():
                self._failed(str(exc))


def watch(
    workspace: Workspace,
    changed: Callable[[set[str]], object],
    stop: threading.Event,
    notifier: Callable[[list[Path]], Notifier] = os_notifier,
) -> None:
    """Call `changed` with the names that changed in `workspace` until `stop` is set; also once
    each time a watch is set up (with no names), for what changed before it was. A folder that
    comes or goes (the workspace made by its first import) is watched anew."""
    while not stop.is_set():
        places = watched(workspace)
        try:
            with notifier(places) as notify:
                changed(set())
                while not stop.is_set() and watched(workspace) == places:
                    got = notify.watch(DEBOUNCE_MS, STEP_MS, 0, stop)
                    if got in ("stop", "signal"):
                        return
                    names = {Path(path).name for _, path in got} if isinstance(got, set) else set()
                    if names - IGNORED:
                        changed(names - IGNORED)
        except (OSError, RuntimeError, TypeError) as exc:  # a watch limit, a folder gone, an API
            if watched(workspace) == places:  # else a folder came or went meanwhile: watch anew
                raise CannotFollow(f"{type(exc).__name__}: {exc}") from exc


def watched(workspace: Workspace) -> list[Path]:
    """What to watch for `workspace`: its folder and its import log's folder, or the nearest
    folder above a workspace that does not exist yet."""
    root, log = workspace.root, workspace.log_path.parent
    if root.is_dir():
        return [root, log] if log.is_dir() and log != root else [root]
    for parent in root.parents:
        if parent.is_dir():
            return [parent]
    return [Path(root.anchor or ".")]
