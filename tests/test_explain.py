"""The explain view's facts: formula inputs that recompute the value, and the files behind them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitui.core.dataset import Dataset
from kpitui.core.explain import explain
from kpitui.core.importers import read_file
from kpitui.core.periods import parse_period
from kpitui.core.workspace import Workspace

Q1 = parse_period("2026-Q1")


def test_inputs_recompute_the_value(q1_dataset: Dataset) -> None:
    e = explain(q1_dataset, "engagement_rate", "all", Q1)
    (num_label, num), (den_label, den) = e.inputs
    assert "interactions" in num_label and "exposure" in den_label
    assert (num, den) == (1175, 22000)
    assert e.value == pytest.approx(num / den)
    assert e.rows == 6  # posts published in Q1
    assert "published in the period" in e.basis


def test_files_behind_the_number(tmp_path: Path) -> None:
    first = tmp_path / "jan.csv"
    first.write_text(
        "network,account,post_id,published_at,likes,impressions\nx,a,1,2026-01-05T00:00:00Z,5,100\n"
    )
    second = tmp_path / "feb.csv"
    second.write_text(
        "network,account,post_id,published_at,likes,impressions\nx,a,2,2026-02-05T00:00:00Z,5,100\n"
    )
    other = tmp_path / "ig.csv"
    other.write_text("network,account,post_id,published_at,likes\ninstagram,a,3,2026-02-05T00:00:00Z,5\n")
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(first), read_file(second), read_file(other)])
    e = explain(ws.load(), "engagement_rate", "x", parse_period("2026-02"), ws.imports())
    assert [f.name for f in e.files] == ["feb.csv"]
    e = explain(ws.load(), "posts", "all", Q1, ws.imports())
    assert [f.name for f in e.files] == ["jan.csv", "feb.csv", "ig.csv"]


def test_account_kpi_names_the_files_that_brought_the_metric(tmp_path: Path) -> None:
    """Account views of March: the views file, not the followers file of the same account."""
    views = tmp_path / "views.csv"
    views.write_text("network,account,date,views\nfacebook,p,2026-03-01,30\nfacebook,p,2026-03-02,20\n")
    follows = tmp_path / "follows.csv"
    follows.write_text(
        "network,account,date,followers\nfacebook,p,2026-02-27,500\nfacebook,p,2026-03-03,510\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_files([read_file(views), read_file(follows)])
    march = parse_period("2026-03")
    e = explain(ws.load(), "account_views", "facebook", march, ws.imports())
    assert e.value == 50
    assert e.inputs == [("Σdaily views of the account", 50)]
    assert (e.rows, [f.name for f in e.files]) == (2, ["views.csv"])
    assert "days in the period" in e.basis
    e = explain(ws.load(), "followers", "facebook", march, ws.imports())
    assert (e.value, [f.name for f in e.files]) == (510, ["follows.csv"])  # a stock reads earlier days too
