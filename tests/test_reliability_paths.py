"""Hostile paths: a workspace or an export whose path holds glob characters, `~`, a symlink
leading out of an imported folder, zip members named `../`, a poisoned working folder.

* No path kpitui reads or writes is a pattern: a workspace named `gl/ws[ab]` beside `gl/wsa`
  reads and writes its own files only, `C [2026]`, `a*b` and `?` are workspaces like any other,
  and `~name` of no known user is a folder of that name;
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpitui.cli import main
from kpitui.core.workspace import Workspace
from reliability import run

HEADER = "network,account,post_id,published_at,impressions,likes\n"


def posts_csv(folder: Path, name: str, *ids: str) -> Path:
    """A canonical posts CSV of one X post per id (100 impressions, 10 likes each)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "".join(f"x,acme,{i},2026-01-05T10:00:00Z,100,10\n" for i in ids))
    return path


GLOBS = {"gl/ws[ab]": "gl/wsa", "C [2026]": "C 2", "a*b": "a-b", "?": "q"}
"""A workspace whose path is a pattern → a sibling the pattern matches."""


@pytest.mark.parametrize("name", list(GLOBS))
def test_a_workspace_path_is_never_a_pattern(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, sibling = tmp_path / name, tmp_path / GLOBS[name]
    exports = tmp_path / "exports"
    assert run(capsys, sibling, "import", str(posts_csv(exports, "theirs.csv", "t1")))[0] == 0
    assert run(capsys, mine, "import", str(posts_csv(exports, "first.csv", "m1", "m2")))[0] == 0
    code, _, err = run(capsys, mine, "import", str(posts_csv(exports, "second.csv", "m3")))
    assert (code, err) == (0, "")
    code, out, err = run(capsys, mine, "report", "--period", "2026-01", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["kpis"]["x"]["posts"]["value"] == 3
    assert sorted(Workspace(mine).load().posts["post_id"]) == ["m1", "m2", "m3"]
    assert [r.name for r in Workspace(mine).imports()] == ["first.csv", "second.csv"]
    assert Workspace(sibling).load().posts["post_id"].to_list() == ["t1"]
    assert run(capsys, mine, "check", "--all")[0] == 0


def test_a_home_of_no_known_user_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`~nosuchuser` cannot be expanded: pathlib raises RuntimeError, kpitui takes it as written."""
    monkeypatch.chdir(tmp_path)
    csv = posts_csv(tmp_path / "exports", "a.csv", "p1")
    assert run(capsys, Path("~kpitui-no-such-user"), "import", str(csv))[:1] == (0,)
    assert (tmp_path / "~kpitui-no-such-user" / "data" / "posts.parquet").is_file()
    monkeypatch.setenv("KPITUI_WORKSPACE", "~kpitui-no-such-user")
    capsys.readouterr()
    assert main(["report", "--format", "json", "--period", "2026-01"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["x"]["posts"]["value"] == 1
