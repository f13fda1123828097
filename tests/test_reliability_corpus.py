"""No traceback reaches the user: every CLI command on every hostile input of the suite.

The corpus is what the reliability tests attack kpitui with, built here again: hostile files
to import (a FIFO, a link to /dev/zero, a zip bomb, a zip whose header lies, zip members named
`../`, truncated and random archives and workbooks, a 1 MB field, hostile names and post text,
links out of a folder, a glob-named file) and hostile workspaces (each damaged file of
test_reliability_workspace, files nested too deeply, a FIFO or a device in place of a
workspace file, a hostile commit marker, glob and escape characters in the workspace's name,
an objective in year 9999, broken limits). Each is given to `kpitui import`, `report`,
`check`, `objectives` and friends, each run in a child process with capped memory and a time
limit: the exit code is 0, 1 or 2, and stderr never holds "Traceback".

CI runs every workspace with `report` and one other command, every file with one form of
import (each command and form is run on some input); with KPITUI_LONG=1, every workspace gets
every command and every file every form.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import sys
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reliability import ADD_OBJECTIVE, EXPORTS, FIXTURES, LONG, run_capped
from test_reliability_workspace import CASES, DEEP, LOG, resolved
from test_reliability_workspace import POSTS as POSTS_SEGMENT

POSTS = "network,account,post_id,published_at,impressions,likes,text\n"
GOOD = POSTS + "x,acme,g1,2026-01-05T10:00:00Z,100,10,fine\nx,acme,g2,2026-02-05T10:00:00Z,200,20,ok\n"
HOSTILE_TEXT = [
    "[bold]x[/] [@click=app.quit]q[/] \x1b]52;c;ZWNobw==\x07 \x1b]0;t\x07 \x1b[2J",
    "<script>alert(1)</script> [x](javascript:alert(1)) ![](https://t.example/p.gif)",
    "=cmd|' /C calc'!A0",
    "\u202egnp.exe \x9b31m",
]

COMMANDS: dict[str, list[str]] = {
    "report": ["report"],
    "report-json": ["report", "--format", "json", "--period", "2026-Q1"],
    "report-markdown": ["report", "--format", "markdown", "--compare", "year"],
    "report-csv": ["report", "--format", "csv", "--period", "last-90d"],
    "check": ["check", "--all"],
    "check-period": ["check", "--period", "2026-Q1", "--format", "json"],
    "objectives-list": ["objectives", "list"],
    "objectives-add": ADD_OBJECTIVE,
    "objectives-remove": ["objectives", "remove", "x-posts-2026-q1"],
    "history": ["import", "--history"],
    "imports-json": ["imports", "--format", "json"],
    "imports-remove": ["imports", "remove", "1"],
    "imports-redo": ["imports", "redo", "2", "--year", "2025", "--account", "acme"],
    "rebuild": ["rebuild"],
    "import": ["import", "{good}"],
    "period-0001": ["report", "--period", "0001-01-01..0001-12-31"],
    "period-9999": ["check", "--period", "9999-12-01..9999-12-31"],
    "as-of-9999": ["report", "--as-of", "9999-12-31"],
}
"""Each command run on the hostile workspaces (`{good}` is a good export file)."""

IMPORTS: dict[str, list[str]] = {
    "import": ["import", "{file}"],
    "dry-run": ["import", "--dry-run", "{file}"],
    "format": ["import", "--format", "canonical", "--account", "acme", "{file}"],
}
"""Each way of importing the hostile files."""


# --- the hostile files ------------------------------------------------------------------


def zipped(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def bomb(path: Path) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Content.csv", "w") as member,
    ):
        member.write(POSTS.encode())
        for _ in range(20):
            member.write(b"0" * (1 << 20))


def liar(path: Path) -> None:
    data = bytearray(zipped(path, {"Table data.csv": GOOD.encode() + b"0" * (2 << 20)}).read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (64).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def truncated(source: Path) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])


def flipped(source: Path, seed: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        data = bytearray(source.read_bytes())
        rng = random.Random(seed)
        for _ in range(8):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))

    return write


def hostile_text(path: Path) -> None:
    rows = "".join(
        f'x,acme,h{i},2026-01-0{i + 1}T10:00:00Z,10,1,"{t.replace(chr(34), chr(34) * 2)}"\n'
        for i, t in enumerate(HOSTILE_TEXT)
    )
    path.write_text(POSTS + rows)


def folder_with_links(path: Path) -> None:
    path.mkdir()
    (path / "good.csv").write_text(GOOD)
    (path / "passwd.csv").symlink_to("/etc/passwd")
    (path / "gone.csv").symlink_to(path.parent / "nowhere.csv")
    (path / "up").symlink_to(path.parent, target_is_directory=True)
    os.mkfifo(path / "pipe.csv")


def socket_file(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays, nobody listening


TIKTOK = sorted((EXPORTS / "tiktok").glob("*.zip"))[0]
XLSX = FIXTURES / "linkedin" / "fernhill-cycles_visitors_1768208710006.xlsx"
XLS = FIXTURES / "linkedin" / "fernhill-cycles_content_1768206667412.xls"
X_CSV = FIXTURES / "x" / "tweet_activity_metrics_FernHollowTea_20250901_20251001_en.csv"

FILES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "fifo": ("export.csv", os.mkfifo),
    "dev-zero": ("zero.csv", lambda p: p.symlink_to("/dev/zero")),
    "socket": ("socket.csv", socket_file),
    "folder named .csv": ("folder.csv", lambda p: p.mkdir()),
    "missing": ("missing.csv", lambda p: None),
    "empty": ("empty.csv", lambda p: p.write_bytes(b"")),
    "random bytes": ("random.csv", lambda p: p.write_bytes(random.Random(1).randbytes(50_000))),
    "1 MB field": (
        "field.csv",
        lambda p: p.write_text(POSTS + "x,acme,1,2026-01-05T10:00:00Z,1,1," + "y" * (1 << 20) + "\n"),
    ),
    "utf-16 garbage": ("utf16.csv", lambda p: p.write_bytes(b"\xff\xfe" + random.Random(2).randbytes(4000))),
    "zip bomb": ("TikTok_bomb.zip", bomb),
    "lying zip": ("Content 2026.zip", liar),
    "zip of ../ names": (
        "names.zip",
        lambda p: zipped(
            p, {"../../evil.csv": GOOD.encode(), "/abs.csv": GOOD.encode(), "\x1b]0;t\x07.csv": GOOD.encode()}
        ),
    ),
    "stored zip member": (
        "stored.zip",
        lambda p: zipped(p, {"Content.csv": GOOD.encode()}, zipfile.ZIP_STORED),
    ),
    "truncated zip": ("truncated.zip", truncated(TIKTOK)),
    "flipped zip": ("flipped.zip", flipped(TIKTOK, 3)),
    "truncated xlsx": ("truncated.xlsx", truncated(XLSX)),
    "flipped xlsx": ("flipped.xlsx", flipped(XLSX, 4)),
    "flipped xls": ("flipped.xls", flipped(XLS, 5)),
    "flipped x export": ("flipped.csv", flipped(X_CSV, 6)),
    "garbage named xlsx": (
        "garbage.xlsx",
        lambda p: p.write_bytes(b"PK\x03\x04xl/" + random.Random(7).randbytes(3000)),
    ),
    "hostile post text": ("posts.csv", hostile_text),
    "hostile file name": (
        "posts [bold]x [@click=app.quit]q \x1b]0;pwned\x07.csv",
        lambda p: p.write_text(GOOD),
    ),
    "glob file name": ("a[b]*?.csv", lambda p: p.write_text(GOOD)),
    "folder with links and a FIFO": ("exports", folder_with_links),
}


# --- the hostile workspaces ---------------------------------------------------------------


def fifo_instead(pattern: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        relative = resolved(root, pattern)
        (root / relative).unlink(missing_ok=True)
        os.mkfifo(root / relative)

    return damage


def device_instead(pattern: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        relative = resolved(root, pattern)
        (root / relative).unlink(missing_ok=True)
        (root / relative).symlink_to("/dev/zero")

    return damage


def damaged(case: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        if "*" not in CASES[case].file or any(
            root.glob(CASES[case].file)
        ):  # this workspace has no daily rows
            CASES[case].damage(root / resolved(root, CASES[case].file))

    return damage


def deep(name: str) -> Callable[[Path], None]:
    file, text, line = DEEP[name]

    def damage(root: Path) -> None:
        path = root / file
        if line is None:
            path.write_text(text)
        else:
            lines = path.read_text().splitlines()
            path.write_text("\n".join([*lines[: line - 1], text]) + "\n")

    return damage


def journal(names: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        (root / "data" / ".journal").mkdir()
        (root / "data" / ".journal" / "COMMIT").write_text(names)

    return damage


def appended(relative: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).write_text((root / relative).read_text() + text)


FAR_OBJECTIVE = (
    '\n[[objective]]\nid = "far"\nnetwork = "x"\nkpi = "posts"\ncomparison = ">="\ntarget = 1\n'
    'period = "9999-12"\n'
)

WORKSPACES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "good": ("ws", lambda root: None),
    **{f"damaged: {case}": ("ws", damaged(case)) for case in CASES},
    **{f"nested: {name}": ("ws", deep(name)) for name in DEEP},
    "FIFO as objectives.toml": ("ws", fifo_instead("objectives.toml")),
    "FIFO as kpitui.toml": ("ws", fifo_instead("kpitui.toml")),
    "FIFO as the import log": ("ws", fifo_instead(LOG)),
    "FIFO as a posts segment": ("ws", fifo_instead(POSTS_SEGMENT)),
    "device as a traffic segment": ("ws", device_instead("data/tables/traffic/*.parquet")),
    "FIFO as a pack of originals": ("ws", fifo_instead("data/originals/*.parquet")),
    "FIFO as a run": ("ws", fifo_instead("data/runs/posts/*.parquet")),
    "device as kpitui.toml": ("ws", device_instead("kpitui.toml")),
    "commit marker naming paths": ("ws", journal('["../../../escape", "/etc/passwd", 3]')),
    "store's commit marker naming paths": (
        "ws",
        journal('{"moves": [["j0.parquet", "../../x"], ["../y", "store.json"]], "deletes": ["/etc/passwd"]}'),
    ),
    "commit marker nested deep": ("ws", journal("[" * 100_000)),
    "objective in year 9999": (
        "ws",
        appended(
            "objectives.toml",
            FAR_OBJECTIVE,
        ),
    ),
    "broken limits": ("ws", appended("kpitui.toml", "\n[limits]\nfile_mb = -3\n")),
    "glob name": ("gl/ws[ab]", lambda root: None),
    "escapes in the name": ("ws \x1b]0;pwned\x07 [bold]", lambda root: None),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "good.csv").write_text(GOOD)
    yield folder


@pytest.fixture(scope="module")
def base(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with data, an objective and an import log, to damage."""
    root = tmp_path_factory.mktemp("base") / "ws"
    imported = run_capped(root, "import", str(corpus / "good.csv"), str(EXPORTS / "web"))
    assert imported.returncode == 0, imported.stderr
    assert run_capped(root, *COMMANDS["objectives-add"]).returncode == 0
    return root


def chosen(names: list[str], index: int, count: int) -> list[str]:
    """`count` of `names`, turning with `index`, so that every name is run on some input."""
    return [names[(index * count + i) % len(names)] for i in range(count)]


def no_traceback(label: str, root: Path, args: list[str], cwd: Path) -> str | None:
    """Run `kpitui --workspace root ARGS` in a child; what went wrong, or None."""
    try:
        result = run_capped(root, *args, cwd=cwd, timeout=180)
    except Exception as exc:  # a hang (TimeoutExpired) is a failure too
        return f"{label}: kpitui {' '.join(args)}: {type(exc).__name__}: {exc}"
    if "Traceback" in result.stderr or result.returncode not in (0, 1, 2):
        return f"{label}: kpitui {' '.join(args)} → {result.returncode}\n{result.stderr[-3000:]}"
    return None


def run_all(jobs: list[tuple[str, Path, list[str], Path]]) -> list[str]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        return [f for f in pool.map(lambda job: no_traceback(*job), jobs) if f]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets are POSIX")
def test_no_traceback_from_any_command_on_any_hostile_file(corpus: Path, tmp_path: Path) -> None:
    jobs = []
    for index, (label, (name, make)) in enumerate(FILES.items()):
        folder = tmp_path / f"file{index}"
        folder.mkdir()
        make(folder / name)
        forms = list(IMPORTS) if LONG else chosen(list(IMPORTS), index, 1)
        for form in forms:
            args = [a.replace("{file}", str(folder / name)) for a in IMPORTS[form]]
            jobs.append((label, tmp_path / f"ws{index}-{form}", args, folder))
    failures = run_all(jobs)
    assert not failures, "\n\n".join(failures)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices are POSIX")
def test_no_traceback_from_any_command_on_any_hostile_workspace(
    base: Path, corpus: Path, tmp_path: Path
) -> None:
    jobs = []
    for index, (label, (name, damage)) in enumerate(WORKSPACES.items()):
        root = tmp_path / f"w{index}" / name
        root.parent.mkdir(parents=True)
        shutil.copytree(base, root, symlinks=True)
        damage(root)
        commands = list(COMMANDS) if LONG else ["report", *chosen(list(COMMANDS)[1:], index, 1)]
        for command in commands:
            args = [a.replace("{good}", str(corpus / "good.csv")) for a in COMMANDS[command]]
            jobs.append((label, root, args, tmp_path))
    by_workspace: dict[Path, list[tuple[str, Path, list[str], Path]]] = {}
    for job in jobs:  # one workspace's commands one after the other; workspaces side by side
        by_workspace.setdefault(job[1], []).append(job)
    with ThreadPoolExecutor(max_workers=3) as pool:
        failures = [
            f
            for found in pool.map(lambda js: [no_traceback(*j) for j in js], by_workspace.values())
            for f in found
            if f
        ]
    assert not failures, "\n\n".join(failures)


def test_the_corpus_covers_every_command() -> None:
    """Every command is run on some workspace in CI (the long mode runs them all on each)."""
    covered = {"report"}
    for index in range(len(WORKSPACES)):
        covered.update(chosen(list(COMMANDS)[1:], index, 1))
    assert covered == set(COMMANDS)
    covered = set()
    for index in range(len(FILES)):
        covered.update(chosen(list(IMPORTS), index, 1))
    assert covered == set(IMPORTS)
