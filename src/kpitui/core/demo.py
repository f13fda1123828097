"""The bundled demo: an invented brand's native export files, imported into a cached workspace.

The demo ships inside the wheel (`kpitui/sample_data/demo` for its settings
and objectives, `kpitui/sample_data/exports` for the platforms' export
files) and sits in the repository's `sample_data/`. The demo workspace is
built by the normal import path, from the same kinds of files a person
downloads, once per version of those files, in the user cache folder (or a
temporary folder when that is not writable).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Final

import platformdirs

from kpitui import __version__
from kpitui.core import store
from kpitui.core.errors import InputError, WorkspaceError
from kpitui.core.importers import ImportOptions, read_paths
from kpitui.core.settings import FILENAME as SETTINGS_FILE
from kpitui.core.settings import load_settings
from kpitui.core.workspace import OBJECTIVES_FILE, Workspace

DATA_SUFFIXES: Final = (".csv", ".xlsx", ".xls", ".zip")


def demo_sources() -> Path:
    """The folder holding the demo's files, installed or in a source checkout."""
    here = Path(__file__).resolve()
    candidates = [
        here.parents[1] / "sample_data" / "demo",  # inside an installed wheel
        here.parents[3] / "sample_data" / "demo",  # a source checkout (src layout)
    ]
    for folder in candidates:
        if (folder / SETTINGS_FILE).exists():
            return folder
    raise WorkspaceError("The demo data is missing from this installation of kpitui.")


def demo_exports(folder: Path) -> Path:
    """The folder of the demo's native export files, beside its settings folder."""
    return folder.parent / "exports"


def demo_files(folder: Path) -> list[Path]:
    """The export files of the demo, in a stable order."""
    exports = demo_exports(folder)
    return sorted(p for p in exports.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


def _fingerprint(folder: Path) -> str:
    """What names the demo's cached workspace: its files, and the store's layout and kpitui's
    version (a build of another layout, from another checkout or release, is not this one's)."""
    digest = hashlib.sha256(f"store {store.STORE_FORMAT}, kpitui {__version__}".encode())
    for path in [*demo_files(folder), folder / SETTINGS_FILE, folder / OBJECTIVES_FILE]:
        if path.exists():
            digest.update(path.relative_to(folder.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_workspace() -> Workspace:
    """The demo workspace, built on first use and reused while the demo files are unchanged."""
    source = demo_sources()
    name = f"demo-{_fingerprint(source)}"
    for base in (platformdirs.user_cache_path("kpitui"), Path(tempfile.gettempdir()) / "kpitui"):
        target = base / name
        if (target / "data").is_dir():
            return Workspace(target)
        try:
            base.mkdir(parents=True, exist_ok=True)
            return _build(source, target)
        except OSError:
            continue
    raise WorkspaceError("Cannot create the demo workspace: no writable cache or temporary folder.")


def _build(source: Path, target: Path) -> Workspace:
    """Import the demo files into a fresh folder, then move it into place atomically."""
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        shutil.copyfile(source / SETTINGS_FILE, staging / SETTINGS_FILE)
        if (source / OBJECTIVES_FILE).exists():
            shutil.copyfile(source / OBJECTIVES_FILE, staging / OBJECTIVES_FILE)
        settings = load_settings(staging / SETTINGS_FILE)
        options = ImportOptions(timezone=settings.timezone)
        workspace = Workspace(staging)
        parsed = []
        for _source, result in read_paths(demo_files(source), options):
            if isinstance(result, InputError):
                raise WorkspaceError(f"The demo data cannot be read: {result}") from result
            parsed.append(result)
        workspace.import_files(parsed)
        try:
            os.replace(staging, target)
        except OSError:
            if not (target / "data").is_dir():  # not built by a concurrent kpitui either
                raise
            shutil.rmtree(staging, ignore_errors=True)
        return Workspace(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
