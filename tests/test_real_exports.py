"""Real exports as their owners downloaded them: the acceptance check of `shared/real-exports`.

`shared/real-exports/check.py` (beside the checkout, or `$KPITUI_REAL_EXPORTS`) imports each
real file alone into a fresh workspace with the `kpitui` command and compares the report with
what a user expects of it (`expected.json`). The folder is not part of the repository; where
it is absent the test is skipped with that reason, so a clone elsewhere still passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _real_exports() -> Path | None:
    named = os.environ.get("KPITUI_REAL_EXPORTS")
    candidates = [Path(named)] if named else [p / "shared" / "real-exports" for p in ROOT.parents[:2]]
    return next((p for p in candidates if (p / "check.py").is_file()), None)


REAL = _real_exports()


@pytest.mark.skipif(REAL is None, reason="shared/real-exports is not beside this checkout")
def test_every_real_export_behaves_as_its_user_expects() -> None:
    assert REAL is not None
    bin_dir = Path(sys.executable).parent
    if shutil.which("kpitui", path=str(bin_dir)) is None:
        pytest.skip(f"no kpitui command beside {sys.executable} (install the package to run the check)")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "TZ": "UTC"}
    env.pop("KPITUI_WORKSPACE", None)
    done = subprocess.run(
        [sys.executable, str(REAL / "check.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
