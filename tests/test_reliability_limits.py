"""Limits on what is read: regular files only, of a bounded size; zip members bounded when inflated.

* A named pipe, `/dev/zero`, a socket (named directly, or through a link) is refused with a
  message at once, never read: a FIFO would block kpitui forever, a device fill the memory;
* a file over the size cap is refused, and the cap can be raised (kpitui.toml `[limits]`, or
  the environment, which wins);
* a zip member whose header says it inflates past the member cap, the archive's total or the
  compression ratio is refused before it is inflated; a 1 MB zip inflating to 1 GB is refused
  with a message by a kpitui whose memory is capped at 2 GB (it took 5.3 GB, then panicked);
* a zip whose header lies about a member's size never inflates more than the header says.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from kpitui.core.errors import InputError, SettingsError
from kpitui.core.importers import ImportOptions, read_paths, sources
from kpitui.core.limits import Limits
from kpitui.core.workspace import Workspace
from reliability import run, run_capped

POSTS = "network,account,post_id,published_at,impressions,likes\n"


def posts(count: int, start: int = 0) -> bytes:
    rows = "".join(
        f"x,acme,p{i},2026-01-{1 + i % 28:02d}T10:00:00Z,{100 + i},{i % 7}\n" for i in range(start, count)
    )
    return (POSTS + rows).encode()


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zeros_zip(path: Path, name: str, size: int) -> Path:
    """A zip holding one member of `size` bytes of CSV-looking zeros, written chunk by chunk."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        member.write(POSTS.encode())
        chunk = b"0" * (1 << 20)
        for _ in range(size >> 20):
            member.write(chunk)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "link-to-dev-zero", "socket"])
def test_only_regular_files_are_read(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.csv"
    expected = {"fifo": "a named pipe (FIFO)", "socket": "a socket"}.get(kind, "a character device")
    server = None
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path = Path("/dev/zero")
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    try:
        result = run_capped(tmp_path / "ws", "import", str(path), timeout=120)  # a hang fails here
    finally:
        if server is not None:
            server.close()
    assert result.returncode == 2 and f"{path}: {expected}, not a regular file" in result.stderr, (
        result.stderr
    )
    assert not (tmp_path / "ws" / "data").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_in_a_folder_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.csv")
    (folder / "posts.csv").write_bytes(posts(3))
    result = run_capped(tmp_path / "ws", "import", str(folder), timeout=120)
    assert result.returncode == 0 and "3 added" in result.stdout
    assert result.stderr == f"kpitui: warning: {folder / 'pipe.csv'}: not a regular file; skipped.\n"


def test_a_file_over_the_size_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(posts(400))  # about 16 KB
    root = tmp_path / "ws"
    assert run(capsys, root, "import", str(tmp_path / "none.csv"))[0] == 2  # the workspace is not made
    Workspace(root).create()
    settings = root / "kpitui.toml"
    settings.write_text(settings.read_text() + "\n[limits]\nfile_mb = 0.01\n")
    code, _, err = run(capsys, root, "import", str(path))
    assert code == 2 and "over the 10,485 bytes kpitui reads" in err and "[limits] file_mb" in err, err
    monkeypatch.setenv("KPITUI_MAX_FILE_MB", "1")  # the environment wins over kpitui.toml
    code, out, err = run(capsys, root, "import", str(path))
    assert (code, err) == (0, "") and "400 added" in out
    monkeypatch.setenv("KPITUI_MAX_FILE_MB", "lots")
    code, _, err = run(capsys, root, "import", str(path))
    assert (
        code == 2 and "the environment (KPITUI_MAX_FILE_MB): file_mb = 'lots' is not a positive number" in err
    )


def test_limits_in_kpitui_toml_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "ws"
    Workspace(root).create()
    settings = root / "kpitui.toml"
    text = settings.read_text()
    cases = {
        text
        + "\n[limits]\nfiles_mb = 3\n": f"line {text.count(chr(10)) + 3}, [limits]: files_mb is not a limit",
        text + "\n[limits]\nratio = -1\n": f"line {text.count(chr(10)) + 3}, [limits]: ratio = -1 is not",
        "limits = 3\n" + text: "line 1: limits must be a table",
    }
    for written, said in cases.items():
        settings.write_text(written)
        code, _, err = run(capsys, root, "report")
        assert code == 2 and f"{settings}, {said}" in err, err


CAPS = {
    "member": ({"KPITUI_MAX_MEMBER_MB": "1"}, {"posts.csv": posts(40_000)}, "inflates to over 1 MB"),
    "archive": (
        {"KPITUI_MAX_ARCHIVE_MB": "1"},
        {"a.csv": posts(20_000), "b.csv": posts(40_000, 20_000)},
        r"its export files inflate to 2 MB, over the 1 MB kpitui reads from one archive",
    ),
}


@pytest.mark.parametrize("cap", list(CAPS))
def test_zip_members_over_a_cap_are_refused_before_inflating(
    cap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, members, said = CAPS[cap]
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    archive = zipped(tmp_path / "download.zip", members)
    with pytest.raises(InputError, match=said):
        sources([archive])


def test_a_zip_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = zeros_zip(tmp_path / "TikTok.zip", "Content.csv", 20 << 20)  # 20 MB in about 20 KB
    with pytest.raises(
        InputError, match=r"member 'Content.csv': inflates over 100 times its compressed size"
    ):
        sources([bomb])
    assert len(sources([bomb], Limits(ratio=2000))) == 1  # the ratio can be raised


def test_a_lying_header_never_inflates_more_than_it_says(tmp_path: Path) -> None:
    """The central directory says the member holds 1 MB; its data inflate to 30 MB: reading stops
    at 1 MB and the member is refused as damaged."""
    honest = zipped(tmp_path / "honest.zip", {"Content.csv": POSTS.encode() + b"0" * (30 << 20)})
    data = bytearray(honest.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1 << 20)  # the central record's inflated size
    liar = tmp_path / "liar.zip"
    liar.write_bytes(bytes(data))
    [(source, result)] = list(read_paths([liar], ImportOptions(limits=Limits(ratio=1e9))))
    assert source.size == 1 << 20
    assert isinstance(result, InputError) and "Content.csv: damaged in its zip archive" in str(result)


def test_a_zip_of_1_mb_inflating_to_1_gb_with_capped_memory(tmp_path: Path) -> None:
    """As reported: before the limits, kpitui took 5.3 GB of memory and ended in a polars panic."""
    bomb = zeros_zip(tmp_path / "Content 2026.zip", "Table data.csv", 1000 << 20)
    assert bomb.stat().st_size < 2 << 20
    result = run_capped(tmp_path / "ws", "import", str(bomb))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "inflates over 100 times its compressed size" in result.stderr
    assert not (tmp_path / "ws" / "data").exists()


def test_limits_read_from_the_environment() -> None:
    env = {"KPITUI_MAX_FILE_MB": "2048", "KPITUI_MAX_RATIO": " 500 ", "KPITUI_MAX_MEMBER_MB": ""}
    assert Limits().from_environment(env) == Limits(file_mb=2048, ratio=500)
    with pytest.raises(SettingsError, match="KPITUI_MAX_ARCHIVE_MB"):
        Limits().from_environment({"KPITUI_MAX_ARCHIVE_MB": "0"})
