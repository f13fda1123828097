"""Brand hashtags found in the stored hashtags exactly as in the texts, and the stored
hashtags kept in step with the texts through imports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitui.cli import main
from kpitui.core import engine
from kpitui.core.dataset import prepare
from kpitui.core.hashtags import brand_pattern, brand_searchable, hashtags_of
from kpitui.core.importers import read_file
from kpitui.core.periods import parse_period
from kpitui.core.schema import HASHTAGS
from kpitui.core.settings import Settings
from kpitui.core.workspace import Workspace
from stores import release_one_copy

# Texts built from the pieces that decide a match: '#', word characters of several scripts
# and cases, the characters around a tag (space, '/', '&', punctuation, a line break),
# an emoji and a combining accent.
WORDS = ["#", "#", "brew", "Brew", "BREW", "better", "bean", "_", "2", "é", "É", "ß", "İ", "кофе"]
AROUND = [" ", "/", "&", ".", ",", "(", ")", "-", "\n", "☕", "\u0301", "#brewbetter", "#BrewBetter"]
PIECES = st.sampled_from([*WORDS, *AROUND])
TEXTS = st.lists(st.one_of(st.none(), st.lists(PIECES, max_size=12).map("".join)), min_size=1, max_size=30)
TAGS = st.lists(st.sampled_from(["brewbetter", "BrewBetter", "bean", "кофе", "café", "ß", "b_2"]), min_size=1)


@settings(max_examples=300, deadline=None)
@given(texts=TEXTS, tags=TAGS)
def test_the_brand_pattern_finds_the_same_posts_in_the_stored_hashtags(
    texts: list[str | None], tags: list[str]
) -> None:
    pattern = brand_pattern(tags)
    assert pattern is not None and brand_searchable(tags)
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    found = frame.select(
        in_text=pl.col("text").str.contains(pattern),
        in_tags=hashtags_of(pl.col("text")).str.contains(pattern),
    )
    assert found["in_text"].to_list() == found["in_tags"].to_list()


def test_a_brand_hashtag_with_a_non_word_character_is_searched_in_the_texts() -> None:
    assert not brand_searchable(["bramble-bean"]) and brand_searchable(["#BrambleBean", "café"])
    posts = pl.DataFrame(
        {
            "network": ["x", "x"],
            "account": ["a", "a"],
            "post_id": ["1", "2"],
            "published_at": ["2026-01-05T10:00:00Z", "2026-01-06T10:00:00Z"],
            "text": ["new roast #bramble-bean!", "#bramble"],
        }
    ).with_columns(pl.col("published_at").str.to_datetime(time_zone="UTC"))
    stored = posts.with_columns(hashtags_of(pl.col("text")).alias(HASHTAGS))
    assert stored[HASHTAGS].to_list() == [" #bramble", "#bramble"]  # "-bean" is not a word character
    data = prepare(stored, pl.DataFrame(), pl.DataFrame(), Settings(brand_hashtags=("bramble-bean",)))
    row = engine.compute(data, parse_period("2026-01")).filter(pl.col("network") == "x").row(0, named=True)
    assert row["brand_hashtag_posts"] == 1  # found in the text, not in the stored hashtags


def write(path: Path, text: str, mtime: int, impressions: int = 100, likes: str = "") -> Path:
    path.write_text(
        "network,account,post_id,published_at,impressions,likes,text\n"
        f"x,a,1,2026-01-05T10:00:00Z,{impressions},{likes},{text}\n"
    )
    os.utime(path, (mtime, mtime))
    return path


def stored(ws: Workspace) -> tuple[str | None, str | None]:
    row = ws.tables()["posts"].row(0, named=True)
    return row["text"], row[HASHTAGS]


def test_the_stored_hashtags_follow_the_text_the_merge_keeps(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")

    def load(name: str, *args: object) -> None:
        [outcome] = ws.import_files([read_file(write(tmp_path / name, *args))])  # type: ignore[arg-type]
        assert outcome.counts.changed  # the table is written again each time

    load("a.csv", "launch #brambleandbean", 1_000)
    assert stored(ws) == ("launch #brambleandbean", " #brambleandbean")
    load("b.csv", "edited: #BrewBetter", 2_000, 150)  # a newer export: its text wins
    assert stored(ws) == ("edited: #BrewBetter", " #BrewBetter")
    load("c.csv", "", 3_000, 180)  # newer, without the text: the text stays, and its hashtags
    assert stored(ws) == ("edited: #BrewBetter", " #BrewBetter")
    load("d.csv", "old #other", 500, 100, "7")  # older: it fills the likes, not the text
    assert stored(ws) == ("edited: #BrewBetter", " #BrewBetter")
    assert ws.load().posts["likes"][0] == 7


def report_json(root: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--workspace", str(root), "report", "--period", "2026-Q1", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_workspace_stored_before_the_hashtags_reports_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Posts written by an older kpitui have no stored hashtags: reading computes them, the
    report searches the texts, and every number is the one the stored hashtags give."""
    root = tmp_path / "ws"
    demo = Path(__file__).resolve().parents[1] / "sample_data" / "demo"
    (root).mkdir()
    (root / "kpitui.toml").write_text((demo / "kpitui.toml").read_text())
    files = [str(demo / f"{t}.csv") for t in ("posts", "daily")]
    assert main(["--workspace", str(root), "import", *files]) == 0
    capsys.readouterr()
    ws = Workspace(root)
    current = ws.tables()["posts"]
    assert current[HASHTAGS].null_count() == current["text"].null_count()
    with_column = report_json(root, capsys)
    assert with_column["kpis"]["all"]["brand_hashtag_posts"]["value"]
    older = release_one_copy(ws, tmp_path / "older", hashtags=False)  # as kpitui wrote it before
    assert "posts.parquet" in {p.name for p in (older.data_dir).iterdir()}
    root = older.root
    assert older.load().posts[HASHTAGS].to_list() == current[HASHTAGS].to_list()  # computed on converting
    without = report_json(root, capsys)  # the texts searched: the same posts found
    assert {n: k["brand_hashtag_posts"] for n, k in without["kpis"].items()} == {
        n: k["brand_hashtag_posts"] for n, k in with_column["kpis"].items()
    }
    assert engine.compute(older.load(), parse_period("2026-Q1"))["brand_hashtag_posts"].to_list() == [
        with_column["kpis"][n]["brand_hashtag_posts"]["value"] for n in with_column["kpis"]
    ]
