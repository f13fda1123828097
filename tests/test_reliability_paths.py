"""Hostile paths: a workspace or an export whose path holds glob characters, `~`, a symlink
leading out of an imported folder, zip members named `../`, a poisoned working folder.

* No path kpitui reads or writes is a pattern: a workspace named `gl/ws[ab]` beside `gl/wsa`
  reads and writes its own files only, `C [2026]`, `a*b` and `?` are workspaces like any other,
  and `~name` of no known user is a folder of that name;
* the workbook helper, started from a folder holding a `resource.py`, `polars.py` or `kpitui/`,
  runs none of them;
* a link in an imported folder that leads out of it is skipped with a warning naming the link;
  its target is never read, its content never shown;
* a zip member named `../../x.csv`, `/etc/x.csv` or with control characters is recorded in the
  import log as the archive's real path plus the cleaned name, never a path of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kpitui.cli import main
from kpitui.core.importers import ParsedFile, read_paths
from kpitui.core.workspace import Workspace
from reliability import FIXTURES, cli_env, run

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
    assert list((tmp_path / "~kpitui-no-such-user" / "data" / "tables" / "posts").rglob("*.parquet"))
    monkeypatch.setenv("KPITUI_WORKSPACE", "~kpitui-no-such-user")
    capsys.readouterr()
    assert main(["report", "--format", "json", "--period", "2026-01"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["x"]["posts"]["value"] == 1


POISON = (
    "resource.py",
    "polars.py",
    "fastexcel.py",
    "pickle.py",
    "kpitui/__init__.py",
    "kpitui/core/__init__.py",
)
"""Modules a helper process would import from the working folder if it were on its path."""


def test_the_workbook_helper_runs_nothing_from_the_working_folder(tmp_path: Path) -> None:
    """The workbook helper is a Python process: started from a folder holding a `resource.py`, a
    `polars.py` or a `kpitui/`, it runs none of them (each would leave a file and stop it)."""
    poisoned = tmp_path / "downloads"
    for name in POISON:
        (poisoned / name).parent.mkdir(parents=True, exist_ok=True)
        marker = f"pathlib.Path({str(tmp_path / 'ran')!r}).write_text({name!r})"
        (poisoned / name).write_text(f"import pathlib\n{marker}\nraise SystemExit(3)\n")
    workbook = FIXTURES / "linkedin" / "fernhill-cycles_visitors_1768208710006.xlsx"
    script = Path(sys.executable).with_name("kpitui")  # as people start it: not `python -m`, which
    command = [str(script)] if script.exists() else [sys.executable, "-I", "-m", "kpitui"]  # adds cwd
    result = subprocess.run(
        [*command, "--workspace", str(tmp_path / "ws"), "import", str(workbook)],
        capture_output=True,
        text=True,
        cwd=poisoned,
        env=cli_env(),
        timeout=300,
    )
    assert not (tmp_path / "ran").exists(), (tmp_path / "ran").read_text()
    assert result.returncode == 0, result.stderr
    assert (
        "LinkedIn" in result.stdout and Workspace(tmp_path / "ws").imports()[0].format == "linkedin-visitors"
    )


def test_a_link_out_of_an_imported_folder_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder holding links to a file and a folder outside it, and a broken link: each is
    skipped with a warning naming the link; what they lead to is never read, nor shown."""
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "keys.csv").write_text(HEADER + "x,acme,SECRET-TOKEN-1,2026-01-05T10:00:00Z,1,1\n")
    folder = tmp_path / "exports"
    posts_csv(folder, "mine.csv", "m1")
    (folder / "keys.csv").symlink_to(secret / "keys.csv")
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (folder / "inside.csv").symlink_to(folder / "mine.csv")  # a link inside the folder is fine
    (folder / "elsewhere").symlink_to(secret, target_is_directory=True)
    code, out, err = run(capsys, tmp_path / "ws", "import", str(folder))
    assert code == 0, err
    for link in ("keys.csv", "passwd.csv", "gone.csv"):
        assert (
            f"kpitui: warning: {folder / link}: a link to a file outside {folder} (or to nothing); skipped."
            in err
        )
    assert (
        f"kpitui: warning: {folder / 'elsewhere'}: a link to a folder outside {folder}; not followed." in err
    )
    assert "SECRET" not in out + err and "root:" not in out + err and str(secret) not in out + err
    log = Workspace(tmp_path / "ws").imports()
    assert [r.name for r in log] == ["mine.csv"] and "already imported" in out  # the link: same bytes
    assert Workspace(tmp_path / "ws").load().posts["post_id"].to_list() == ["m1"]


MEMBERS = {
    "../../../evil.csv": "evil.csv",
    "/etc/absolute.csv": "etc/absolute.csv",
    "a/../../b.csv": "a/b.csv",
    "dir\\..\\..\\c.csv": "dir/c.csv",
    "title \x1b]0;pwned\x07.csv": "title \ufffd]0;pwned\ufffd.csv",
}
"""A zip member's name → what the import log records after the archive's own path."""


def test_zip_member_names_never_decide_the_path_in_the_log(tmp_path: Path) -> None:
    archive = tmp_path / "downloads" / "TikTok.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zipped:
        for i, name in enumerate(MEMBERS):
            zipped.writestr(name, HEADER + f"x,acme,z{i},2026-01-05T10:00:00Z,100,10\n")
    link = tmp_path / "link.zip"
    link.symlink_to(archive)
    workspace = Workspace(tmp_path / "ws")
    parsed = [result for _, result in read_paths([link])]
    assert all(isinstance(p, ParsedFile) for p in parsed)
    workspace.import_files(parsed)  # type: ignore[arg-type]
    recorded = sorted(r.file for r in workspace.imports())
    assert recorded == sorted(f"{archive}/{name}" for name in MEMBERS.values())
    assert not (tmp_path / "evil.csv").exists() and workspace.load().posts.height == len(MEMBERS)
