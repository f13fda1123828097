"""The bundled demo: an invented brand's native export files, imported into a cached workspace.

The demo ships inside the wheel (`kpitui/sample_data/demo` for its settings
and objectives, `kpitui/sample_data/exports` for the platforms' export
files) and sits in the repository's `sample_data/`. The demo workspace is
built by the normal import path, from the same kinds of files a person
downloads, once per version of those files, in the user cache folder (or a
temporary folder when that is not writable).

The demo speaks the language it is opened in: its objectives' titles, which are data once
written, come from `objectives.<language>.toml` (`objectives.fr.toml`) when there is one. Each
language has its own cached workspace, so a demo first opened in English and then in French
shows French titles (and an objective edited in one language's demo stays there); the second
language's workspace is a copy of the first one's data with its own objectives, not a second
import.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import platformdirs

from kpitui import __version__, sample_digest
from kpitui.core import i18n, store
from kpitui.core.dataset import CUBE_FORMAT
from kpitui.core.errors import InputError, WorkspaceError
from kpitui.core.insights import SUMMARY_FORMAT
from kpitui.core.settings import FILENAME as SETTINGS_FILE
from kpitui.core.settings import load_settings
from kpitui.core.workspace import OBJECTIVES_FILE, Workspace


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
    return sample_digest.export_files(demo_exports(folder))


def _fingerprint(folder: Path) -> str:
    """What names the demo's cached workspace: its files (their digest, which a wheel carries:
    `kpitui.sample_digest`), and the store's layout (its cubes and summaries too) and kpitui's
    version (a build of another layout, from another checkout or release, is not this one's)."""
    kept = f"cubes {CUBE_FORMAT}, summaries {SUMMARY_FORMAT}"
    layout = f"store {store.STORE_FORMAT}, {kept}, log compacted, kpitui {__version__}"
    files = sample_digest.stored_or_computed(folder)
    return hashlib.sha256(f"{layout}\0{files}".encode()).hexdigest()[:16]


def objectives_file(folder: Path, language: i18n.Language) -> Path:
    """The demo's objectives in `language`: `objectives.fr.toml` in French when there is one, else
    objectives.toml (English)."""
    translated = folder / f"{Path(OBJECTIVES_FILE).stem}.{language}.toml"
    return translated if language != "en" and translated.exists() else folder / OBJECTIVES_FILE


def cache_name(fingerprint: str, language: i18n.Language) -> str:
    """The folder of the demo workspace of `language` (English's keeps the name it always had)."""
    return f"demo-{fingerprint}" + ("" if language == "en" else f"-{language}")


def demo_workspace(language: i18n.Language | None = None) -> Workspace:
    """The demo workspace in `language` (default: the current one), built on first use and reused
    while the demo files are unchanged."""
    language = language or i18n.language()
    source = demo_sources()
    fingerprint = _fingerprint(source)
    for base in (platformdirs.user_cache_path("kpitui"), Path(tempfile.gettempdir()) / "kpitui"):
        target = base / cache_name(fingerprint, language)
        if (target / "data").is_dir():
            return Workspace(target)
        built = [base / cache_name(fingerprint, other) for other in i18n.LANGUAGES if other != language]
        try:
            base.mkdir(parents=True, exist_ok=True)
            return _build(source, target, language, next((b for b in built if (b / "data").is_dir()), None))
        except OSError:
            continue
    raise WorkspaceError("Cannot create the demo workspace: no writable cache or temporary folder.")


def _build(source: Path, target: Path, language: i18n.Language, built: Path | None) -> Workspace:
    """Import the demo files into a fresh folder (or copy the data of `built`, the demo of another
    language), then move it into place atomically."""
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        if built is not None:
            shutil.copytree(built / "data", staging / "data")
        shutil.copyfile(source / SETTINGS_FILE, staging / SETTINGS_FILE)
        objectives = objectives_file(source, language)
        if objectives.exists():
            shutil.copyfile(objectives, staging / OBJECTIVES_FILE)
        if built is None:
            _import(source, Workspace(staging))
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


def _import(source: Path, workspace: Workspace) -> None:
    """Import the demo's export files into `workspace`, as a person's import does."""
    from kpitui.core.importers import ImportOptions, read_paths  # only to build it: a shorter start

    settings = load_settings(workspace.root / SETTINGS_FILE)
    options = ImportOptions(timezone=settings.timezone)
    parsed = []
    for _source, result in read_paths(demo_files(source), options):
        if isinstance(result, InputError):
            raise WorkspaceError(f"The demo data cannot be read: {result}") from result
        parsed.append(result)
    workspace.import_files(parsed)
    # the log as a compaction leaves it, a snapshot: every start of the demo read its 182 records
    # from JSON and built their frame from Python lists (70 ms of the app's start), where the
    # snapshot is one parquet file
    workspace.compact(force=True)
