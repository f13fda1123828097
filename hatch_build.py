"""Build hook: compile the gettext catalogs (`src/kpitui/locale/*/LC_MESSAGES/kpitui.po`) into
the `.mo` files a wheel carries, and write the digest of the demo's files beside them
(`kpitui.sample_digest`: the start reads one file, not 150). Neither is ever committed; an
editable install has none, compiles the `.po` in memory at first use
(kpitui.core.i18n.translations) and computes the digest."""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._folder = Path(tempfile.mkdtemp(prefix="kpitui-catalogs-"))
        for po in sorted(Path(self.root, "src", "kpitui", "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(Path(self.root, "src")).with_suffix(".mo")
            mo = self._folder / relative
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source, domain=po.stem))
            build_data["force_include"][str(mo)] = relative.as_posix()
        digest = self._folder / "files.sha256"
        digest.write_text(_sample_digest(Path(self.root)) + "\n", encoding="ascii")
        build_data["force_include"][str(digest)] = "kpitui/sample_data/files.sha256"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _sample_digest(root: Path) -> str:
    """kpitui.sample_digest.digest of the checkout's demo, the module loaded by its path (the
    build has none of kpitui's dependencies)."""
    spec = importlib.util.spec_from_file_location(
        "sample_digest", root / "src" / "kpitui" / "sample_digest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.digest(root / "sample_data" / "demo"))
