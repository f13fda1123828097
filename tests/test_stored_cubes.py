"""The daily cubes the store keeps beside the posts segments: a report reads them instead of the
posts, and its numbers are the same as summing the posts, whatever changed since."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import polars as pl

from kpitui.core import store
from kpitui.core.importers import read_file
from kpitui.core.journal import write_parquet
from kpitui.core.report import build, to_json
from kpitui.core.workspace import Workspace

HEADER = "network,account,post_id,published_at,impressions,likes,comments,shares,link_clicks,text\n"
# posts either side of midnight in Paris (UTC+1 in winter): their local day is not their UTC day
POSTS = """x,acme,1,2026-01-10T22:30:00Z,100,5,1,,2,hello #Bramble
x,acme,2,2026-01-10T23:30:00Z,200,10,,1,,no tag
x,acme,3,2026-01-12T09:00:00Z,,3,1,0,1,#other and #bramble
instagram,acme,4,2026-01-11T12:00:00Z,400,20,4,,,#bramble
instagram,shop,5,2026-02-02T08:00:00Z,50,1,0,0,0,
"""
MORE = """x,acme,2,2026-01-10T23:30:00Z,250,12,,1,,no tag
x,acme,6,2026-02-20T10:00:00Z,80,4,1,,,#Bramble
"""


def workspace(tmp_path: Path, timezone: str = "Europe/Paris") -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "kpitui.toml").write_text(
        f'name = "Acme"\ntimezone = "{timezone}"\nbrand_hashtags = ["#bramble"]\n', encoding="utf-8"
    )
    ws = Workspace(root)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + POSTS)
    ws.import_files([read_file(path)])
    return ws


def report(ws: Workspace, period: str = "2026-01") -> dict[str, Any]:
    return to_json(build(ws.load_kpi_columns(), [], period=period))


def summed(ws: Workspace, tmp_path: Path, period: str = "2026-01") -> dict[str, Any]:
    """The report of a copy of `ws` without its cubes: every post read and summed."""
    copy = tmp_path / "without-cubes"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ws.root, copy)
    shutil.rmtree(copy / "data" / store.TABLES_DIR / store.CUBE_DIR)
    return report(Workspace(copy), period)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return bool(a == b)


def cubes(ws: Workspace) -> dict[str, dict[str, store.Cube]]:
    return store.list_cubes(ws.data_dir)


def test_every_posts_segment_has_its_cube_and_a_report_reads_only_those(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    segments = store.list_segments(ws.data_dir, "posts")
    assert {s.target for s in segments} == set(cubes(ws))
    unread, scanned = ws._stored_cubes(ws.settings())
    assert unread == [] and scanned is not None  # no post is read
    days = scanned.collect().sort("network", "day")
    # local days: post 1 (22:30 UTC) is on the 10th, post 2 (23:30 UTC) on the 11th in Paris
    assert days.filter(pl.col("network") == "x").get_column("day").cast(pl.String).to_list() == [
        "2026-01-10",
        "2026-01-11",
        "2026-01-12",
    ]
    assert days.get_column("brand").sum() == 3  # posts 1, 3 and 4 hold #bramble
    numbers = report(ws)
    assert numbers["kpis"]["x"]["posts"]["value"] == 3
    assert numbers["kpis"]["x"]["impressions"]["value"] == 300  # post 3 reports none
    assert same(numbers, summed(ws, tmp_path))


def test_an_import_that_rewrites_a_segment_replaces_its_cube(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = tmp_path / "more.csv"
    path.write_text(HEADER + MORE)
    ws.import_files([read_file(path)])
    found = cubes(ws)
    assert all(len(by_print) == 1 for by_print in found.values())  # the old cube went with its rows
    for target, by_print in found.items():
        (cube,) = by_print.values()
        assert store.file_tag(ws.data_dir / target) == cube.segment_tag
    for period in ("2026-01", "2026-02", "2026-Q1"):
        assert same(report(ws, period), summed(ws, tmp_path, period))
    assert report(ws)["kpis"]["x"]["impressions"]["value"] == 350  # post 2 now says 250


def test_removing_an_import_removes_the_cubes_of_its_segments(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    ws.remove([ws.imports()[0].id])
    assert store.list_segments(ws.data_dir, "posts") == []
    assert cubes(ws) == {}
    assert not list((ws.data_dir / store.TABLES_DIR / store.CUBE_DIR).rglob("*.parquet"))


def test_a_new_time_zone_or_brand_tag_sums_the_posts_again(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    day = "2026-01-10..2026-01-10"
    assert report(ws, day)["kpis"]["x"]["posts"]["value"] == 1  # in Paris, post 2 is on the 11th
    settings = ws.root / "kpitui.toml"
    settings.write_text(settings.read_text().replace("Europe/Paris", "UTC"))
    unread, _ = ws._stored_cubes(ws.settings())
    assert len(unread) == len(store.list_segments(ws.data_dir, "posts"))  # the cubes are of Paris
    after = report(ws, day)
    assert same(after, summed(ws, tmp_path, day))
    assert after["kpis"]["x"]["posts"]["value"] == 2  # in UTC, both are on the 10th
    settings.write_text(settings.read_text().replace('["#bramble"]', '["#other"]'))
    tagged = report(ws)
    assert same(tagged, summed(ws, tmp_path))
    assert tagged["kpis"]["x"]["brand_hashtag_posts"]["value"] == 1  # post 3 alone holds #other


def test_a_segment_that_is_not_the_one_its_cube_sums_is_read(tmp_path: Path) -> None:
    """A segment truncated or replaced since its cube was written is read, so its damage shows
    (tests/test_reliability_workspace.py) instead of the cube's numbers."""
    ws = workspace(tmp_path)
    segment = store.list_segments(ws.data_dir, "posts")[0]
    path = ws.data_dir / segment.target
    kept = path.read_bytes()
    path.write_bytes(kept + b"\0")
    unread, _ = ws._stored_cubes(ws.settings())
    assert unread == [segment]
    path.write_bytes(kept)
    assert ws._stored_cubes(ws.settings())[0] == []
    # one post's likes changed in place, the file's size the same (as a kpitui that kept no
    # cubes, or a restored backup, would leave it): not the rows its cube sums
    rows = pl.read_parquet(path)
    rows.with_columns(likes=pl.col("likes") + (pl.int_range(pl.len()) == 0)).write_parquet(path)
    assert ws._stored_cubes(ws.settings())[0] == [segment]
    assert same(report(ws), summed(ws, tmp_path))
    # written again with the same rows, as kpitui writes them: its cube's rows still
    write_parquet(rows, path, digest=True)
    assert ws._stored_cubes(ws.settings())[0] == []
