"""The bundled demo (sample_data/): reproducible, importable, and a tour of every status.

The demo is what a new user sees first, so it must import through the
normal path, show every objective status, and keep "missing" apart from
"zero". The generator must give the committed files back byte for byte.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from kpitui.core import objectives as objs
from kpitui.core.dataset import Dataset
from kpitui.core.importers import ImportOptions, read_file
from kpitui.core.schema import NETWORKS, SCHEMAS
from kpitui.core.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
DEMO = SAMPLE / "demo"
SCRIPT = SAMPLE / "generate.py"
CSVS = ("posts.csv", "daily.csv", "traffic.csv")
TOMLS = ("kpitui.toml", "objectives.toml", "objectives.fr.toml")

EXPECTED_STATUS = {
    "instagram-engagement_rate-2026-q3": "achieved",
    "facebook-link_clicks-2026-q3": "missed",
    "all-social_traffic_share-2026-q3": "achieved",
    "linkedin-engagement_rate-2026-q4": "on_track",
    "all-sessions-2026-q4": "at_risk",
    "tiktok-views-2026-q4": "achieved",
    "tiktok-followers-2026-q4": "at_risk",
    "youtube-dislikes-2026-h2": "on_track",
    "instagram-link_clicks-2026-q4": "no_data",
    "all-engagement_rate-2027-q1": "not_started",
}


def run_generator(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The committed demo imported into a fresh workspace, as the app does it."""
    root = tmp_path_factory.mktemp("demo-ws")
    for name in TOMLS:
        shutil.copyfile(DEMO / name, root / name)
    workspace = Workspace(root)
    options = ImportOptions(timezone="Europe/Paris")
    workspace.import_files([read_file(DEMO / name, options) for name in CSVS])
    return workspace


@pytest.fixture(scope="module")
def demo(demo_workspace: Workspace) -> Dataset:
    return demo_workspace.load()


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    out = run_generator("--out", str(tmp_path))
    assert "posts.csv" in out and "daily.csv" in out and "traffic.csv" in out
    for name in (*CSVS, *TOMLS):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name


def test_demo_is_small_canonical_csv() -> None:
    assert sorted(p.name for p in DEMO.iterdir()) == sorted((*CSVS, *TOMLS))
    for name in CSVS:
        data = (DEMO / name).read_bytes()
        assert len(data) < 3_000_000, name
        header = data.split(b"\n", 1)[0].decode().split(",")
        table = SCHEMAS[name.removesuffix(".csv")]  # type: ignore[index]
        assert set(header) <= set(table), name
        assert b"\r" not in data and b"\x1b" not in data, name


def test_every_status_appears_at_the_as_of_date(demo_workspace: Workspace, demo: Dataset) -> None:
    loaded = objs.load(demo_workspace.objectives_path)
    assert 8 <= len(loaded.objectives) <= 10
    # written exactly as kpitui itself writes objectives.toml
    assert objs.render(loaded.objectives) == (DEMO / "objectives.toml").read_text("utf-8")
    assert demo.latest_date is not None and demo.latest_date.isoformat() == "2026-11-15"
    evaluations = objs.evaluate(demo, loaded.objectives)
    statuses = {e.objective.id: e.status for e in evaluations}
    assert set(statuses.values()) == set(objs.STATUSES)
    assert statuses == EXPECTED_STATUS
    assert any(e.objective.comparison == "<=" for e in evaluations)
    for e in evaluations:  # targets land clearly, not on the threshold
        if e.projected is not None:
            assert abs(e.projected / e.objective.target - 1) > 0.02, e.objective.id


def test_missing_is_not_zero(demo: Dataset) -> None:
    posts = demo.posts
    assert set(posts.get_column("network").unique()) == set(NETWORKS)

    def of(network: str) -> pl.DataFrame:
        return posts.filter(pl.col("network") == network)

    assert of("instagram").get_column("link_clicks").null_count() == of("instagram").height
    assert of("tiktok").get_column("impressions").null_count() == of("tiktok").height
    assert of("tiktok").get_column("reach").null_count() == of("tiktok").height
    assert of("youtube").get_column("reach").null_count() == of("youtube").height
    # zero where reported: X posts without a link have 0 link clicks, not null
    x = of("x")
    assert x.get_column("link_clicks").null_count() == 0
    assert (x.get_column("link_clicks") == 0).any()
    # instagram views only on reels
    ig = of("instagram")
    assert ig.filter(pl.col("views").is_not_null()).get_column("content_type").unique().to_list() == ["reel"]
    # a post id is unique per network and account
    assert posts.select(pl.struct("network", "account", "post_id").is_unique().all()).item()


def test_daily_flows_match_the_follower_stock(demo: Dataset) -> None:
    daily = demo.daily.sort("network", "account", "date").with_columns(
        previous=pl.col("followers").shift(1).over("network", "account")
    )
    flows = daily.filter(pl.col("followers_lost").is_not_null() & pl.col("previous").is_not_null())
    mismatch = flows.filter(
        pl.col("followers") != pl.col("previous") + pl.col("followers_gained") - pl.col("followers_lost")
    )
    assert flows.height > 0 and mismatch.is_empty()
    linkedin = daily.filter(pl.col("network") == "linkedin")
    assert linkedin.get_column("followers_lost").null_count() == linkedin.height
    assert linkedin.get_column("followers_gained").null_count() == 0
    # X reports the stock only for its first months: both rules of net_follower_change
    x = daily.filter(pl.col("network") == "x")
    assert 0 < x.get_column("followers_gained").null_count() < x.height


def test_traffic_has_one_range_row(demo: Dataset) -> None:
    traffic = demo.traffic
    ranges = traffic.filter(pl.col("date_end") != pl.col("date"))
    assert ranges.height == 1
    assert ranges.get_column("network").to_list() == [None]
    mapped = traffic.filter(pl.col("network").is_not_null()).get_column("network").unique()
    assert set(mapped) == set(NETWORKS)
    newsletter = traffic.filter(pl.col("source") == "newsletter")
    assert newsletter.height > 0 and newsletter.get_column("network").null_count() == newsletter.height


def test_large_workspaces_scale_with_posts(tmp_path: Path) -> None:
    run_generator("--posts", "20000", "--out", str(tmp_path), "--seed", "11")
    posts = pl.read_csv(tmp_path / "posts.csv", columns=["network", "account", "post_id"])
    assert 18_000 <= posts.height <= 22_000
    assert posts.select(pl.struct(pl.all()).is_unique().all()).item()
    daily = pl.read_csv(tmp_path / "daily.csv", columns=["network", "account"])
    assert daily.height > 0 and set(daily.get_column("network")) == set(NETWORKS)


def test_the_demo_is_named_by_its_files_digest_which_a_wheel_carries(tmp_path: Path) -> None:
    """The demo's cached workspace is named after its files: a change to any of them names
    another (computed, in a checkout); a wheel's stored digest stands for them (read, not
    computed: the start reads one file, not 150)."""
    from kpitui import sample_digest
    from kpitui.core import demo as demo_module

    copy = tmp_path / "sample_data"
    shutil.copytree(SAMPLE / "demo", copy / "demo")
    shutil.copytree(SAMPLE / "exports", copy / "exports")
    computed = demo_module._fingerprint(copy / "demo")
    assert computed == demo_module._fingerprint(DEMO)  # the same files, elsewhere
    export = demo_module.demo_files(copy / "demo")[0]
    export.write_bytes(export.read_bytes() + b"\n")
    changed = demo_module._fingerprint(copy / "demo")
    assert changed != computed
    (copy / sample_digest.DIGEST_FILE).write_text(sample_digest.digest(copy / "demo") + "\n")
    assert demo_module._fingerprint(copy / "demo") == changed
    (copy / sample_digest.DIGEST_FILE).write_text("0" * 64 + "\n")
    assert demo_module._fingerprint(copy / "demo") != changed  # the stored digest is what is read


def test_an_installed_kpitui_carries_the_digest_of_its_own_demo() -> None:
    """A kpitui installed from its wheel (as CI installs it) holds the digest of the demo files
    it holds; a source checkout computes it."""
    from kpitui import sample_digest
    from kpitui.core.demo import demo_sources

    demo = demo_sources()
    stored = demo.parent / sample_digest.DIGEST_FILE
    if not stored.exists():
        assert demo.parent == SAMPLE  # a source checkout (an editable install)
        pytest.skip("a source checkout: the digest is computed")
    assert stored.read_text().strip() == sample_digest.digest(demo)
