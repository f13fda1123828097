"""kpitui.core must never import textual or rich: the headless core stays headless."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import kpitui.core


def test_core_imports_neither_textual_nor_rich() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(kpitui.core.__path__, "kpitui.core."))
    assert "kpitui.core.kpis" in modules and "kpitui.core.importers.canonical" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import kpitui.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
