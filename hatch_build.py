"""Build hook: compile the gettext catalogs (`src/kpitui/locale/*/LC_MESSAGES/kpitui.po`) into
the `.mo` files a wheel carries. The `.mo` files are never committed; an editable install has
none and compiles the `.po` in memory at first use (kpitui.core.i18n.translations)."""

from __future__ import annotations

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

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
