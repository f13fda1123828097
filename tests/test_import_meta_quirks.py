"""Meta exports as real downloads have them, in every language kpitui reads (FORMATS.md, "What real
files taught us"; issue 14).

Fixtures: tests/fixtures/meta/quirks/ (make_quirks.py), the same invented café in English,
French, Spanish, Portuguese, German and Italian. Every number below is worked out from the rows
written there, and each language is imported as it would be downloaded: one folder, without
`--account` or `--network`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kpitui.core import report as rep
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, read_file, read_paths
from kpitui.core.workspace import Workspace

QUIRKS = Path(__file__).parent / "fixtures" / "meta" / "quirks"
LANGUAGES = ("en", "fr", "es", "pt", "de", "it")
FB_POSTS = "page/Jan-01-2026_Jan-31-2026_3100000000000001.csv"
IG_POSTS = "insta/Jan-01-2026_Jan-31-2026_17841400000000077.csv"


def kpis(folder: Path, tmp_path: Path, options: ImportOptions | None = None) -> dict[str, dict[str, Any]]:
    """Import `folder` into a fresh workspace: {network: {kpi: value}} over January 2026."""
    ws = Workspace(tmp_path / "ws")
    results = [result for _, result in read_paths([folder])]
    assert not [r for r in results if isinstance(r, InputError)]
    ws.import_files(results, options=options)  # type: ignore[arg-type]
    report = rep.to_json(rep.build(ws.load_kpi_columns(), [], period="2026-01", compare="none"))
    return {n: {k: v["value"] for k, v in values.items()} for n, values in report["kpis"].items()}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_whole_download_in_each_language(lang: str, tmp_path: Path) -> None:
    got = kpis(QUIRKS / lang, tmp_path)
    facebook, instagram = got["facebook"], got["instagram"]
    # posts (the summary row is no post): 1250 + 3400 views (the third blank: unknown), reach
    # 980 + 2100 + 640, interactions (30+10+5) + (90+20+10) + (9+2+1), link clicks 12 + 3 + 70
    assert facebook["posts"] == 3
    assert facebook["impressions"] == 4650
    assert facebook["reach"] == 3720
    assert facebook["interactions"] == 177
    assert facebook["link_clicks"] == 85
    # the untitled Views and Reach beside the Facebook posts are Facebook's: 300 + 500, 100 + 250 + 1200
    assert facebook["account_views"] == 800
    assert facebook["account_reach"] == 1550
    # the stacked Follows: Facebook's untitled section first (5 + 0 + 7), Instagram's titled (3 + 4)
    assert facebook["net_follower_change"] == 12
    assert instagram["net_follower_change"] == 7
    # Instagram: the collaboration (Atelier Voisin's name on it) counts for @maisonondine
    assert instagram["posts"] == 3
    assert instagram["impressions"] == 2000 + 3000 + 12500
    assert instagram["reach"] == 1500 + 2200 + 9000
    assert instagram["saves"] == 15 + 30 + 100
    assert instagram["account_reach"] == 40 + 60
    assert instagram["profile_visits"] == 9 + 11
    assert set(got) == {"facebook", "instagram", "all"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_posts_exports_read_in_each_language(lang: str) -> None:
    parsed = read_file(QUIRKS / lang / FB_POSTS, ImportOptions(timezone="UTC"))
    frame = parsed.tables["posts"].sort("post_id")
    assert frame["account"].unique().to_list() == ["Maison Ondine"]
    assert frame["content_type"].to_list() == ["photo", "video", "link"]
    assert frame["impressions"].to_list() == [1250, 3400, None]  # the first `Views`, not its 0 copy
    assert frame["watch_time_hours"].to_list() == [None, 1.5, None]  # 5400 s, however it is grouped
    assert frame["link_clicks"].to_list() == [12, 3, 70]  # rows that end early: their last cells empty
    assert parsed.skipped == 1
    assert parsed.warnings[0].startswith("1 row(s) without a ")
    instagram = read_file(QUIRKS / lang / IG_POSTS, ImportOptions(timezone="UTC"))
    ig = instagram.tables["posts"].sort("post_id")
    assert ig["account"].unique().to_list() == ["maisonondine"]
    assert ig["content_type"].to_list() == ["photo", "carousel", "reel"]
    assert ig.select("likes", "follows", "comments").rows() == [(120, 2, 8), (200, 5, 12), (800, 25, 40)]
    assert instagram.warnings == [
        "1 post(s) name another account (atelier.voisin): collaborations, counted for maisonondine, "
        "the account this export is for."
    ]


def test_the_older_generation_with_unique_users_for_reach() -> None:
    parsed = read_file(QUIRKS / "older" / "Oct-01-2024_Oct-31-2024_3100000000000001.csv")
    frame = parsed.tables["posts"].sort("post_id")
    assert frame.select("impressions", "reach", "likes", "platform_engagements").rows() == [
        (900, 700, 25, 30),
        (400, 350, 6, 8),
    ]
    assert frame["content_type"].to_list() == ["photo", "text"]
    assert parsed.skipped == 1  # the totals row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_daily_files_in_each_language_and_layout(lang: str) -> None:
    def read(name: str) -> tuple[list[tuple], tuple[str, ...]]:
        parsed = read_file(QUIRKS / lang / name)
        frame = parsed.tables["daily"].sort("network", "date", nulls_last=True)
        columns = ["network", "date", "followers_gained", "views", "reach", "profile_visits"]
        rows = [tuple(v for v in row if v is not None) for row in frame.select(columns).rows()]
        return rows, parsed.network_choices

    follows, choices = read("Follows.csv")
    assert [r[0] for r in follows] == ["facebook"] * 3 + ["instagram"] * 2 and choices == ()
    assert [r[2] for r in follows] == [5, 0, 7, 3, 4]
    assert str(follows[0][1]) == "2026-01-01"  # "2026-01-01T01:00:00" is the day
    views, choices = read("page/Views.csv")
    assert [r[-1] for r in views] == [300, 500] and choices == ("facebook", "instagram")
    reach, _ = read("page/Reach.csv")
    assert [r[-1] for r in reach] == [100, 250, 1200]
    visits, choices = read("insta/Visits.csv")
    assert [(r[0], r[-1]) for r in visits] == [("instagram", 9), ("instagram", 11)] and choices == ()


def test_summaries_are_recognised_and_skipped_with_a_warning(tmp_path: Path) -> None:
    audience = read_file(QUIRKS / "summaries" / "Audience.csv")
    formats = read_file(QUIRKS / "summaries" / "Top content formats.csv")
    for parsed, what in ((audience, "a Meta audience file"), (formats, 'a Meta "Top content formats"')):
        assert parsed.rows == 0
        [warning] = parsed.warnings
        assert what in warning and "kpitui reads the daily metric files" in warning
        assert "Google Analytics" not in warning


def test_a_posts_export_a_spreadsheet_wrapped_is_refused_saying_so() -> None:
    path = QUIRKS / "summaries" / "Jan-01-2026_Jan-31-2026_3100000000000001.csv"
    with pytest.raises(InputError, match="each row is one quoted field holding the whole row") as info:
        read_file(path)
    assert "Google Analytics" not in str(info.value) and str(info.value).count("\n") == 0


def test_a_stacked_file_with_an_unknown_block_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "Follows.csv"
    path.write_text('"Follows"\n"Date","Primary"\n"2026-01-01","3"\n\nsomething else\n1,2\n')
    with pytest.raises(InputError, match=r"line 5: after a blank line, a daily metric file holds another"):
        read_file(path)


def test_localised_numbers_follow_the_files_language(tmp_path: Path) -> None:
    """A decimal like `5.400` reads by the header's language when the file's numbers settle
    nothing: a dot in English, a comma (so `.` groups thousands) in the other languages."""
    header = '"{id}","Publish time","Reactions, Comments and Shares",Views,"Seconds viewed"\n'
    row = '1_2,"01/05/2026 09:30",3,"1 250","5.400"\n'
    for post_id, seconds in (("Post ID", 5.4), ("Identifiant de la publication", 5400.0)):
        path = tmp_path / "export.csv"
        path.write_text(header.format(id=post_id) + row)
        frame = read_file(path).tables["posts"]
        assert frame["impressions"].to_list() == [1250]
        assert frame["watch_time_hours"].to_list() == [pytest.approx(seconds / 3600)]


def test_every_daily_row_of_a_download_lands_on_one_account_per_network(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_files([r for _, r in read_paths([QUIRKS / "fr"])])  # type: ignore[misc]
    daily = ws.load().daily
    assert sorted(set(daily.select("network", "account").iter_rows())) == [
        ("facebook", "Maison Ondine"),
        ("instagram", "maisonondine"),
    ]
    assert daily.filter(pl.col("network") == "facebook").height == 3  # 1 to 3 January, merged


def test_a_language_whose_words_kpitui_misses_is_still_told_by_its_page_columns(tmp_path: Path) -> None:
    """A Facebook export whose `Reactions, Comments and Shares` is spelled in a way kpitui does not
    know is still a Facebook export (its Page columns); an Instagram export without a username
    column takes the account's name."""
    facebook = tmp_path / "fb.csv"
    facebook.write_text(
        '"Post ID","Page ID","Page name","Publish time",Reactions,"Reacties, opmerkingen en shares"\n'
        '1_2,1,"Maison Ondine","01/05/2026 09:30",4,5\n'
    )
    parsed = read_file(facebook)
    assert parsed.format == "meta-facebook-posts"
    assert parsed.tables["posts"].select("account", "likes").row(0) == ("Maison Ondine", 4)
    instagram = tmp_path / "ig.csv"
    instagram.write_text(
        '"Post ID","Account ID","Account name","Publish time",Likes\n'
        '17,9,"Maison Ondine","01/05/2026 09:30",4\n'
    )
    parsed = read_file(instagram)
    assert parsed.format == "meta-instagram-posts" and parsed.accounts == ["Maison Ondine"]


def test_a_daily_file_whose_days_a_spreadsheet_rewrote(tmp_path: Path) -> None:
    path = tmp_path / "Viewers.csv"
    path.write_text("Viewers;\nDate;Primary\n31.10.2025;1148\n01.11.2025 00:00;762\n")
    frame = read_file(path).tables["daily"]
    assert frame.select(pl.col("date").cast(pl.String), "reach").rows() == [
        ("2025-10-31", 1148),
        ("2025-11-01", 762),
    ]
