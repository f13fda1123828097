"""Accounts and networks without friction (issue 14, item 5): `importers.resolve`, by hand-worked cases.

A Meta daily file names no account, and a title of just `Reach` no network.
The import takes them from the files downloaded with it, the file's name,
the workspace, and asks (`--account`, `--network`) only when none tells.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core import schema
from kpitui.core.errors import InputError, Unresolved
from kpitui.core.importers import ImportOptions, ParsedFile, read_file, read_paths
from kpitui.core.resolve import UNNAMED, adopt, asks
from kpitui.core.workspace import Workspace

POSTS_HEADER = '"Post ID","Page ID","Page name","Publish time","Reactions, Comments and Shares",Reactions\n'


def daily(path: Path, title: str, days: Sequence[tuple[str, int]]) -> Path:
    """A Meta daily metric file as downloaded: UTF-16, `sep=,`, the title, `"Date","Primary"`."""
    lines = ["sep=,", f'"{title}"', '"Date","Primary"', *[f'"{d}T00:00:00","{v}"' for d, v in days]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))
    return path


def posts(path: Path, page: str, page_id: str = "4100000000000001") -> Path:
    """A Facebook posts export naming its page, one post."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        POSTS_HEADER + f'{page_id}_1,{page_id},"{page}","01/05/2026 09:30",3,3\n', encoding="utf-8"
    )
    return path


def read(*paths: Path) -> list[ParsedFile]:
    results = [result for _, result in read_paths(list(paths))]
    assert all(isinstance(r, ParsedFile) for r in results), results
    return results  # type: ignore[return-value]


def accounts(ws: Workspace) -> list[tuple[str, str, date, int | None, int | None]]:
    frame = ws.load().daily.sort("network", "account", "date")
    return frame.select("network", "account", "date", "followers_gained", "reach").rows()


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".kpitui.lock"
    }


def download(folder: Path) -> Path:
    """A page's download: its posts export, an untitled Reach and an untitled Follows."""
    posts(folder / "Jan-01-2026_Jan-31-2026_4100000000000001.csv", "Fern & Co")
    daily(folder / "Reach.csv", "Reach", [("2026-01-01", 40), ("2026-01-02", 60)])
    daily(folder / "Follows.csv", "Follows", [("2026-01-01", 2)])
    return folder


def test_a_folder_names_the_network_and_page_of_its_untitled_files(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    outcomes = ws.import_files(read(download(tmp_path / "download")))
    assert accounts(ws) == [
        ("facebook", "Fern & Co", date(2026, 1, 1), 2, 40),  # one day: the two files merged
        ("facebook", "Fern & Co", date(2026, 1, 2), None, 60),
    ]
    notes = {o.parsed.path.name: o.notes for o in outcomes}
    posts_name = "'Jan-01-2026_Jan-31-2026_4100000000000001.csv'"
    assert notes["Reach.csv"] == [
        f"network facebook: as 'Follows.csv' and {posts_name}, imported with it, say",
        f"facebook account 'Fern & Co': as {posts_name}, imported with it, says",
    ]
    # Meta titles Instagram's follows `Instagram follows`: an untitled Follows is Facebook's itself
    assert notes["Follows.csv"] == [f"facebook account 'Fern & Co': as {posts_name}, imported with it, says"]
    assert notes["Jan-01-2026_Jan-31-2026_4100000000000001.csv"] == []


def test_a_zip_download_is_one_download(tmp_path: Path) -> None:
    folder = download(tmp_path / "files")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, path.name)
    ws = Workspace(tmp_path / "ws")
    ws.import_files(read(archive))
    assert [row[:2] for row in accounts(ws)] == [("facebook", "Fern & Co")] * 2


def test_the_workspaces_only_account_and_only_meta_network(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_files(read(posts(tmp_path / "january" / "posts.csv", "Fern & Co")))
    elsewhere = tmp_path / "downloads"
    [follows] = ws.import_files(read(daily(elsewhere / "a.csv", "Facebook follows", [("2026-01-03", 4)])))
    assert follows.notes == ["facebook account 'Fern & Co': the workspace's only facebook account"]
    [reach] = ws.import_files(read(daily(elsewhere / "b.csv", "Reach", [("2026-01-03", 90)])))
    assert reach.notes == [
        "network facebook: the workspace's only one of facebook or instagram with data",
        "facebook account 'Fern & Co': the workspace's only facebook account",
    ]
    assert accounts(ws) == [("facebook", "Fern & Co", date(2026, 1, 3), 4, 90)]


def test_the_workspace_counts_what_the_same_import_brings(tmp_path: Path) -> None:
    """Files named together from different folders: the workspace as this import leaves it."""
    ws = Workspace(tmp_path / "ws")
    reach = daily(tmp_path / "downloads" / "Reach.csv", "Reach", [("2026-01-03", 90)])
    outcomes = ws.import_files(read(posts(tmp_path / "january" / "posts.csv", "Fern & Co"), reach))
    assert outcomes[1].notes == [
        "network facebook: the workspace's only one of facebook or instagram with data",
        "facebook account 'Fern & Co': the workspace's only facebook account",
    ]
    assert accounts(ws) == [("facebook", "Fern & Co", date(2026, 1, 3), None, 90)]


def test_two_accounts_and_nothing_to_tell_asks_and_writes_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_files(
        read(
            posts(tmp_path / "a" / "p.csv", "Fern & Co"),
            posts(tmp_path / "b" / "p.csv", "Moss Bar", "4200000000000002"),
        )
    )
    before = snapshot(ws.root)
    follows = daily(tmp_path / "c" / "f.csv", "Facebook follows", [("2026-01-03", 4)])
    with pytest.raises(InputError) as info:
        ws.import_files(read(follows))
    assert str(info.value) == (
        f"{follows}: the export does not name its facebook account, and the workspace has several "
        "(Fern & Co, Moss Bar); give it with --account NAME (or import the file with the posts export "
        "of the same download)."
    )
    assert snapshot(ws.root) == before
    [outcome] = ws.import_files(read(follows), options=ImportOptions(account="Moss Bar"))
    assert outcome.notes == ["facebook account 'Moss Bar': as given (--account)"]
    assert accounts(ws) == [("facebook", "Moss Bar", date(2026, 1, 3), 4, None)]


def test_what_was_said_for_one_file_is_for_that_file_alone(tmp_path: Path) -> None:
    """The Import screen asks per file: two pages' follows imported together, each read with the
    account given for it (`ParsedFile.options`), land under their own pages; what was said for
    the whole import fills only the files said nothing for."""
    ws = Workspace(tmp_path / "ws")
    ws.import_files(
        read(
            posts(tmp_path / "a" / "p.csv", "Fern & Co"),
            posts(tmp_path / "b" / "p.csv", "Moss Bar", "4200000000000002"),
        )
    )
    fern = daily(tmp_path / "c" / "fern.csv", "Facebook follows", [("2026-01-03", 4)])
    moss = daily(tmp_path / "c" / "moss.csv", "Facebook follows", [("2026-01-04", 7)])
    other = daily(tmp_path / "d" / "other.csv", "Facebook follows", [("2026-01-05", 1)])
    files = [
        read_file(fern, ImportOptions(account="Fern & Co")),
        read_file(moss, ImportOptions(account="Moss Bar")),
        read_file(other),
    ]
    outcomes = ws.import_files(files, options=ImportOptions(account="Moss Bar"))
    assert [o.notes for o in outcomes] == [
        ["facebook account 'Fern & Co': as given for this file"],
        ["facebook account 'Moss Bar': as given for this file"],
        ["facebook account 'Moss Bar': as given (--account)"],
    ]
    assert accounts(ws) == [
        ("facebook", "Fern & Co", date(2026, 1, 3), 4, None),
        ("facebook", "Moss Bar", date(2026, 1, 4), 7, None),
        ("facebook", "Moss Bar", date(2026, 1, 5), 1, None),
    ]


def question(ws: Workspace, path: Path) -> tuple[Path, str, tuple[str, ...]]:
    """The file, option and choices of the question that stops importing `path` into `ws`."""
    with pytest.raises(Unresolved) as info:
        ws.import_files([read_file(path)])
    return info.value.path, info.value.option, info.value.choices


def test_what_a_file_leaves_to_the_import_and_why_it_is_refused(tmp_path: Path) -> None:
    """`asks` tells the Import screen which fields a file needs; `Unresolved` names the file
    whose question stopped an import, the option and what it may be."""
    reach = daily(tmp_path / "dl" / "Reach.csv", "Reach", [("2026-01-03", 90)])
    follows = daily(tmp_path / "dl" / "Follows.csv", "Facebook follows", [("2026-01-03", 4)])
    page = posts(tmp_path / "page" / "p.csv", "Fern & Co")
    assert asks(read_file(reach)) == ("network", "account")
    assert asks(read_file(follows)) == ("account",)
    assert asks(read_file(page)) == ()
    ws = Workspace(tmp_path / "ws")
    assert question(ws, reach) == (reach, "network", ("facebook", "instagram"))
    ws.import_files(read(page, posts(tmp_path / "moss" / "p.csv", "Moss Bar", "4200000000000002")))
    assert question(ws, follows) == (follows, "account", ("Fern & Co", "Moss Bar"))
    canonical = tmp_path / "canonical.csv"
    canonical.write_text("network,post_id,published_at,likes\nx,1,2026-01-05T00:00:00Z,5\n")
    with pytest.raises(Unresolved) as info:
        read_file(canonical)
    assert (info.value.path, info.value.option) == (canonical, "account")
    assert str(info.value).endswith("missing key column 'account' for the posts table (or give --account).")
    assert read_file(canonical, ImportOptions(account="fern")).tables["posts"]["account"].to_list() == [
        "fern"
    ]


def test_an_untitled_file_nothing_tells_asks_for_its_network(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    reach = daily(tmp_path / "downloads" / "Reach (3).csv", "Reach", [("2026-01-03", 90)])
    with pytest.raises(InputError) as info:
        ws.import_files(read(reach))
    message = str(info.value)
    assert message == (
        f"{reach}: the file does not say whether it is Facebook's or Instagram's, and nothing imported "
        "with it, its name or the workspace tells; give it with --network facebook or --network instagram."
    )
    assert "--account" not in message and not ws.has_data()  # never silently Facebook
    [outcome] = ws.import_files(read(reach), options=ImportOptions(network="instagram"))
    assert outcome.notes[0] == "network instagram: as given (--network)"
    assert accounts(ws) == [("instagram", UNNAMED, date(2026, 1, 3), None, 90)]


@pytest.mark.parametrize(
    ("name", "network"),
    [("ig_reach.csv", "instagram"), ("Reach - Facebook.csv", "facebook"), ("insta/Reach.csv", "instagram")],
)
def test_a_network_word_in_the_files_name(tmp_path: Path, name: str, network: str) -> None:
    ws = Workspace(tmp_path / "ws")
    [outcome] = ws.import_files(read(daily(tmp_path / name, "Reach", [("2026-01-03", 90)])))
    assert outcome.notes[0] == f"network {network}: the file's name says so"
    assert accounts(ws)[0][:2] == (network, UNNAMED)


def test_a_download_of_both_networks_does_not_tell_an_untitled_file(tmp_path: Path) -> None:
    folder = tmp_path / "both"
    posts(folder / "fb.csv", "Fern & Co")
    daily(folder / "Instagram follows.csv", "Instagram follows", [("2026-01-01", 1)])
    daily(folder / "Reach.csv", "Reach", [("2026-01-01", 5)])
    with pytest.raises(
        InputError, match=r"Reach\.csv: the file does not say whether it is Facebook's or Instagram's"
    ):
        Workspace(tmp_path / "ws").import_files(read(folder))


def test_follows_kept_unnamed_are_adopted_when_the_posts_export_comes(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    [first] = ws.import_files(read(daily(tmp_path / "a" / "Follows.csv", "Follows", [("2026-01-01", 2)])))
    assert first.notes == [
        "facebook account: none named yet; kept unnamed until an export names the workspace's "
        "facebook account"
    ]
    assert accounts(ws) == [("facebook", UNNAMED, date(2026, 1, 1), 2, None)]
    [named] = ws.import_files(read(posts(tmp_path / "b" / "posts.csv", "Fern & Co")))
    assert named.notes == [
        "rows imported earlier without an account (1 day(s)) now belong to facebook: Fern & Co"
    ]
    assert accounts(ws) == [("facebook", "Fern & Co", date(2026, 1, 1), 2, None)]


def test_adoption_merges_a_day_the_named_account_already_has() -> None:
    day = {"network": "facebook", "date": date(2026, 1, 1)}
    daily_rows = pl.DataFrame(
        [
            {**day, "account": UNNAMED, "followers_gained": 3, "reach": 50, "import_id": 1},
            {**day, "account": "Fern & Co", "followers_gained": None, "reach": 70, "import_id": 2},
            {"network": "instagram", "date": date(2026, 1, 1), "account": UNNAMED, "followers_gained": 1},
        ]
    )
    stored = schema.STORED_SCHEMAS["daily"]
    tables = {
        "posts": schema.empty("posts", stored=True),
        "daily": daily_rows.select(
            pl.col(c).cast(t) if c in daily_rows.columns else pl.lit(None, t).alias(c)
            for c, t in stored.items()
        ),
        "traffic": schema.empty("traffic", stored=True),
    }
    adoption = adopt(tables)  # type: ignore[arg-type]
    assert adoption.accounts == {"facebook": "Fern & Co"} and adoption.changed == ["daily"]
    rows = (
        adoption.tables["daily"]
        .sort("network")
        .select("network", "account", "followers_gained", "reach")
        .rows()
    )
    # the named account's 70 wins over the unnamed 50; its missing gain takes the unnamed 3;
    # Instagram has no named account: its row stays unnamed
    assert rows == [("facebook", "Fern & Co", 3, 70), ("instagram", UNNAMED, 1, None)]


def test_the_command_line_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reach = daily(tmp_path / "Reach.csv", "Reach", [("2026-01-03", 90)])
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "import", str(reach)]) == 2
    assert "--network facebook or --network instagram" in capsys.readouterr().err
    assert main(["--workspace", ws, "import", "--network", "ig", "--account", "fern.co", str(reach)]) == 0
    out = capsys.readouterr().out
    assert "  network instagram: as given (--network)\n" in out
    assert "  instagram account 'fern.co': as given (--account)\n" in out
    with pytest.raises(SystemExit):
        main(["--workspace", ws, "import", "--network", "tiktok", str(reach)])
    assert "expected facebook or instagram" in capsys.readouterr().err
