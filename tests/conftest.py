"""Shared fixtures: small inline frames whose KPI values are worked out by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import settings as hypothesis_settings

from kpitui.core import i18n
from kpitui.core.dataset import Dataset, prepare
from kpitui.core.settings import Settings

UTC = "UTC"

# No test may depend on timing: hypothesis's per-example deadline fails a property test on a
# loaded machine (the CI runner and the development VM are shared), so it is off everywhere.
hypothesis_settings.register_profile("kpitui", deadline=None)
hypothesis_settings.load_profile("kpitui")


class StillFollower:
    """Stands in for the app's workspace watcher (tui/follow.py) in every test: it watches
    nothing, so no test waits for the operating system or uses up its watches; a test says
    what changed by calling `changed` or `failed`, as the watcher's thread would."""

    def __init__(
        self, workspace: object, changed: Callable[[set[str]], None], failed: Callable[[str], None]
    ) -> None:
        self.root = getattr(workspace, "root", None)
        self.changed, self.failed = changed, failed
        self.stopped = False

    def start(self) -> StillFollower:
        return self

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture(autouse=True)
def followers(monkeypatch: pytest.MonkeyPatch) -> list[StillFollower]:
    """The watchers the apps of a test made, newest last."""
    made: list[StillFollower] = []

    def follower(
        workspace: object, changed: Callable[[set[str]], None], failed: Callable[[str], None]
    ) -> StillFollower:
        made.append(StillFollower(workspace, changed, failed))
        return made[-1]

    monkeypatch.setattr("kpitui.tui.app.Follower", follower)
    return made


@pytest.fixture(autouse=True)
def utc_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new workspace takes the system's time zone (settings.system_timezone): the tests' own
    workspaces are in UTC on every machine, so their hours are those worked out by hand."""
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test speaks English unless it says otherwise, whatever the machine's locale (a
    French developer's LANG=fr_FR.UTF-8 would turn the CLI French): no LC_ALL or LC_MESSAGES,
    LANG=C.UTF-8, and the language put back to English after a test that changed it."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def dt(text: str) -> datetime:
    """A UTC datetime from `YYYY-MM-DD HH:MM`."""
    return datetime.fromisoformat(text)


def posts_frame(rows: list[dict]) -> pl.DataFrame:
    """Posts from dicts; published_at strings are UTC."""
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return frame.with_columns(
        pl.col("published_at").str.to_datetime("%Y-%m-%d %H:%M").dt.replace_time_zone(UTC)
    )


@pytest.fixture
def q1_dataset() -> Dataset:
    """The hand-worked dataset of tests/test_kpis.py (values in the docstrings there)."""
    posts = posts_frame(
        [
            {
                "network": "instagram",
                "account": "a",
                "post_id": "p1",
                "published_at": "2026-01-10 09:00",
                "text": "Morning #Acme!",
                "impressions": 1000,
                "reach": 800,
                "likes": 50,
                "comments": 10,
                "shares": 5,
                "saves": 5,
            },
            {
                "network": "instagram",
                "account": "a",
                "post_id": "p2",
                "published_at": "2026-02-10 09:00",
                "text": "#acmeish is not the brand",
                "reach": 1500,
                "views": 2000,
                "likes": 100,
                "comments": 20,
                "shares": 30,
                "saves": 50,
            },
            {
                "network": "instagram",
                "account": "a",
                "post_id": "p3",
                "published_at": "2026-03-10 09:00",
                "text": "no metrics yet",
                "impressions": 500,
            },
            {
                "network": "x",
                "account": "b",
                "post_id": "p4",
                "published_at": "2026-01-15 12:00",
                "text": "launch #acme",
                "impressions": 4000,
                "likes": 20,
                "comments": 5,
                "shares": 10,
                "link_clicks": 40,
                "leads": 3,
            },
            {
                "network": "x",
                "account": "b",
                "post_id": "p5",
                "published_at": "2026-04-01 12:00",
                "impressions": 9999,
                "likes": 999,
                "link_clicks": 999,
            },
            {
                "network": "youtube",
                "account": "c",
                "post_id": "p6",
                "published_at": "2026-02-01 18:00",
                "impressions": 10000,
                "views": 3000,
                "likes": 300,
                "dislikes": 20,
                "comments": 30,
                "shares": 10,
                "watch_time_hours": 150.0,
            },
            {
                "network": "tiktok",
                "account": "d",
                "post_id": "p7",
                "published_at": "2026-03-01 20:00",
                "views": 5000,
                "likes": 400,
                "comments": 40,
                "shares": 60,
                "saves": 30,
                "watch_time_hours": 20.0,
            },
        ]
    )
    daily = pl.DataFrame(
        [
            {"network": "instagram", "account": "a", "date": date(2025, 12, 30), "followers": 900},
            {
                "network": "instagram",
                "account": "a",
                "date": date(2025, 12, 31),
                "followers": 1000,
                "views": 55,
            },
            {
                "network": "instagram",
                "account": "a",
                "date": date(2026, 1, 15),
                "followers": 1100,
                "profile_visits": 50,
                "mentions": 4,
                "reach": 300,
                "views": 900,
            },
            {
                "network": "instagram",
                "account": "a",
                "date": date(2026, 3, 31),
                "followers": 1200,
                "profile_visits": 30,
                "views": 100,
            },
            {
                "network": "x",
                "account": "b",
                "date": date(2026, 1, 1),
                "followers": 500,
                "followers_gained": 10,
                "followers_lost": 2,
            },
            {
                "network": "x",
                "account": "b",
                "date": date(2026, 2, 1),
                "followers_gained": 5,
                "followers_lost": 8,
                "impressions": 2500,
            },
            {"network": "tiktok", "account": "d", "date": date(2025, 12, 31), "followers": 2000},
            {
                "network": "tiktok",
                "account": "d",
                "date": date(2026, 1, 10),
                "followers_gained": 300,
                "followers_lost": 0,
                "views": 7000,
            },
            {
                "network": "tiktok",
                "account": "d",
                "date": date(2026, 3, 15),
                "followers": 2600,
                "followers_gained": 320,
                "followers_lost": 30,
            },
        ],
        infer_schema_length=None,
    )
    traffic = pl.DataFrame(
        [
            {
                "date": date(2026, 1, 5),
                "source": "l.instagram.com",
                "medium": "referral",
                "sessions": 100,
                "engaged_sessions": 60,
                "conversions": 2.0,
                "leads": 1,
                "revenue": 50.0,
            },
            {
                "date": date(2026, 1, 6),
                "source": "t.co",
                "medium": "referral",
                "sessions": 50,
                "conversions": 1.0,
            },
            {
                "date": date(2026, 1, 7),
                "source": "google",
                "medium": "organic",
                "sessions": 850,
                "engaged_sessions": 500,
                "conversions": 20.0,
                "revenue": 900.0,
            },
            {
                "date": date(2026, 2, 1),
                "date_end": date(2026, 2, 28),
                "source": "Instagram",
                "medium": "social",
                "sessions": 40,
                "engaged_sessions": 30,
                "conversions": 0.0,
            },
            {
                "date": date(2026, 3, 1),
                "date_end": date(2026, 4, 30),
                "source": "facebook.com",
                "medium": "referral",
                "sessions": 70,
            },
            {"date": date(2025, 12, 31), "source": "l.instagram.com", "medium": "referral", "sessions": 10},
        ],
        infer_schema_length=None,
    )
    return prepare(posts, daily, traffic, Settings(brand_hashtags=("acme",)))


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    return tmp_path / "ws"
