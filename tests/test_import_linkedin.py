"""LinkedIn Page analytics workbooks (kpitui.core.importers.linkedin), FORMATS.md section 4.

Fixtures are written by tests/fixtures/linkedin/make_fixtures.py (page
"fernhill-cycles", invented numbers); the expected values below are read off
that script by hand. Damaged variants are written into tmp_path with the same
`workbook()` helper.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, importers, load_sample, read_file
from kpitui.core.importers.linkedin import file_facts
from kpitui.core.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
ROOT = Path(__file__).resolve().parents[1]
PARIS = ImportOptions(timezone="Europe/Paris")


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("linkedin_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _load_maker()
CONTENT = FIXTURES / make.CONTENT
OLD_CONTENT = FIXTURES / make.OLD_CONTENT
FOLLOWERS = FIXTURES / make.FOLLOWERS
VISITORS = FIXTURES / make.VISITORS
OURS = {
    CONTENT: "linkedin-content",
    OLD_CONTENT: "linkedin-content",
    FOLLOWERS: "linkedin-followers",
    VISITORS: "linkedin-visitors",
}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["post_id"]: row for row in frame.iter_rows(named=True)}


# --- the content export ---------------------------------------------------------------------


def test_content_posts_values() -> None:
    parsed = read_file(CONTENT, PARIS)
    assert parsed.format == "linkedin-content"
    assert parsed.exported_at == datetime(2026, 1, 12, 8, 31, 7, 412000, tzinfo=UTC)
    posts = parsed.tables["posts"]
    assert posts.height == 5
    assert set(posts.get_column("network")) == {"linkedin"}
    assert set(posts.get_column("account")) == {"fernhill-cycles"}
    rows = by_id(posts)
    first = rows["urn:li:activity:7414250000000000001"]
    # 01/05/2026 at midnight in Paris (UTC+1 in winter) is 23:00 UTC the day before
    assert first["published_at"] == utc("2026-01-04 23:00")
    assert first["text"] == "Meet the Fernhill Cargo: frame & rack\nbuilt in our Leeds workshop."
    assert first["permalink"] == "https://www.linkedin.com/feed/update/urn:li:activity:7414250000000000001/"
    assert (first["impressions"], first["link_clicks"], first["likes"], first["comments"]) == (
        1532,
        48,
        61,
        7,
    )
    assert (first["shares"], first["follows"], first["content_type"]) == (3, 2, "other")
    assert first["views"] is None and first["reach"] is None  # blank Views; the export has no reach
    video = rows["urn:li:activity:7414612000000000002"]
    assert (video["content_type"], video["views"], video["impressions"]) == ("video", 640, 2210)
    document = rows["urn:li:activity:7414974000000000003"]  # URL-encoded link, real Excel date
    assert document["content_type"] == "document"
    assert document["published_at"] == utc("2026-01-06 23:00")
    assert document["permalink"].endswith("urn%3Ali%3Aactivity%3A7414974000000000003")
    article = rows["urn:li:activity:7415336000000000004"]
    assert (article["content_type"], article["shares"], article["follows"]) == ("link", 0, 0)
    sponsored = rows["urn:li:activity:7415698000000000005"]
    assert (sponsored["content_type"], sponsored["impressions"], sponsored["follows"]) == ("other", 3120, 0)
    for column in ("reach", "saves", "profile_clicks", "leads", "platform_engagements", "dislikes"):
        assert posts.get_column(column).null_count() == 5, column


def test_content_daily_metrics_keep_negative_values_with_a_warning() -> None:
    parsed = read_file(CONTENT, PARIS)
    daily = parsed.tables["daily"].sort("date")
    assert daily.get_column("date").to_list() == [date(2026, 1, d) for d in range(5, 12)]
    assert daily.get_column("impressions").to_list() == [812, 1514, 953, 430, 387, 95, 0]
    # Unique impressions (organic): -3 kept as exported, a blank cell is null (not 0), 0 stays 0
    assert daily.get_column("reach").to_list() == [530, 744, 401, -3, None, 70, 0]
    for column in ("followers", "followers_gained", "followers_lost", "profile_visits", "views"):
        assert daily.get_column(column).null_count() == 7, column
    assert set(daily.get_column("account")) == {"fernhill-cycles"}
    [warning] = parsed.warnings
    assert "sheet 'Metrics'" in warning and "1 negative value" in warning
    assert "row 6 'Unique impressions (organic)' -3" in warning


def test_older_content_export_spelling_and_no_page_name() -> None:
    parsed = read_file(OLD_CONTENT, PARIS)
    assert parsed.format == "linkedin-content"
    [post] = parsed.tables["posts"].iter_rows(named=True)
    assert (post["shares"], post["views"], post["impressions"]) == (2, 120, 300)  # Shares, on-site views
    assert post["published_at"] == utc("2025-03-02 23:00")  # an Excel date cell
    assert post["account"] is None  # the name is not LinkedIn's: the workspace fills the account
    daily = parsed.tables["daily"].sort("date")
    assert daily.get_column("impressions").to_list() == [200, 300]
    assert parsed.exported_at == load_sample(OLD_CONTENT).modified  # no export time in the name
    named = read_file(OLD_CONTENT, ImportOptions(timezone="Europe/Paris", account="fernhill"))
    assert set(named.tables["posts"].get_column("account")) == {"fernhill"}
    assert set(named.tables["daily"].get_column("account")) == {"fernhill"}


def test_file_name_account_wins_over_the_option() -> None:
    parsed = read_file(FOLLOWERS, ImportOptions(account="someone-else"))
    assert set(parsed.tables["daily"].get_column("account")) == {"fernhill-cycles"}


@pytest.mark.parametrize(
    ("name", "facts"),
    [
        ("cee-facility-management_content_1777555091040.xls", ("cee-facility-management", 1777555091040)),
        ("my_page_followers_1777555091040 (1).xls", ("my_page", 1777555091040)),
        ("acme_content_1766385907708 1.xls", ("acme", 1766385907708)),  # a browser's duplicate
        ("acme_content_1766385907708 copy.xls", (None, None)),
        ("acme_visitors_1777555091040.XLSX", ("acme", 1777555091040)),
        ("acme_content.xls", (None, None)),
        ("acme_posts_1777555091040.xls", (None, None)),
    ],
)
def test_file_facts(name: str, facts: tuple[str | None, int | None]) -> None:
    page, exported = file_facts(Path(name))
    millis = None if exported is None else round(exported.timestamp() * 1000)
    assert (page, millis) == facts


# --- followers and visitors -------------------------------------------------------------------


def test_followers_new_followers_per_day() -> None:
    parsed = read_file(FOLLOWERS, PARIS)
    assert parsed.format == "linkedin-followers"
    assert parsed.exported_at == datetime(2026, 1, 12, 9, 2, 45, 118000, tzinfo=UTC)
    assert list(parsed.tables) == ["daily"]
    daily = parsed.tables["daily"].sort("date")
    assert daily.get_column("date").to_list() == [date(2026, 1, d) for d in range(5, 12)]
    # Total followers is the number of NEW followers that day, never the running total
    assert daily.get_column("followers_gained").to_list() == [7, 11, 5, 3, 0, 3, 1]
    for column in ("followers", "followers_lost", "impressions", "reach", "profile_visits"):
        assert daily.get_column(column).null_count() == 7, column
    assert parsed.warnings == []


def test_visitors_total_page_views_are_profile_visits() -> None:
    parsed = read_file(VISITORS, PARIS)
    assert parsed.format == "linkedin-visitors"
    assert parsed.exported_at == datetime(2026, 1, 12, 9, 5, 10, 6000, tzinfo=UTC)
    daily = parsed.tables["daily"].sort("date")
    assert daily.get_column("profile_visits").to_list() == [21, 30, 16, 15, 9, 3, 3]
    for column in ("followers", "followers_gained", "impressions", "reach", "views"):
        assert daily.get_column(column).null_count() == 7, column


# --- the workbooks in another interface language -------------------------------------------

LOCALISED = [(code, kind) for code in make.LANGUAGES for kind in make.LOCALISED_KINDS]
ENGLISH = {"content": CONTENT, "followers": FOLLOWERS, "visitors": VISITORS}


@pytest.mark.parametrize(("code", "kind"), LOCALISED)
def test_localised_workbook_reads_as_the_english_one(code: str, kind: str) -> None:
    path = FIXTURES / make.localised_name(code, kind)
    parsed, english = read_file(path, PARIS), read_file(ENGLISH[kind], PARIS)
    assert parsed.format == f"linkedin-{kind}"
    # day-first dates (05/01/2026, 05.01.2026), translated sheets and headers: the same rows
    assert list(parsed.tables) == list(english.tables)
    for name, frame in parsed.tables.items():
        assert frame.drop("account").equals(english.tables[name].drop("account")), name
    daily = parsed.tables["daily"].sort("date")
    assert daily["date"].to_list() == [date(2026, 1, d) for d in range(5, 12)]
    column = {"content": "impressions", "followers": "followers_gained", "visitors": "profile_visits"}[kind]
    expected = {
        "content": [812, 1514, 953, 430, 387, 95, 0],
        "followers": [7, 11, 5, 3, 0, 3, 1],
        "visitors": [21, 30, 16, 15, 9, 3, 3],
    }[kind]
    assert daily[column].to_list() == expected
    # the page is named by LinkedIn's file name, also with a browser's " 1"; a renamed file names none
    accounts = {a for frame in parsed.tables.values() for a in frame["account"].to_list()}
    assert accounts == ({None} if (code, kind) == ("fr", "content") else {f"fernhill-{code}"})


@pytest.mark.parametrize(("code", "kind"), LOCALISED)
def test_localised_workbook_is_claimed_by_its_own_importer(code: str, kind: str) -> None:
    sample = load_sample(FIXTURES / make.localised_name(code, kind))
    scores = {imp.id: imp.detect(sample) for imp in importers() if imp.id.startswith("linkedin-")}
    assert scores == {i: (1.0 if i == f"linkedin-{kind}" else 0.0) for i in scores}


def test_french_posts_are_dated_day_first() -> None:
    posts = read_file(FIXTURES / make.localised_name("fr", "content"), PARIS).tables["posts"]
    first = by_id(posts)["urn:li:activity:7414250000000000001"]
    assert first["published_at"] == utc("2026-01-04 23:00")  # "05/01/2026": 5 January, midnight in Paris
    assert (first["impressions"], first["likes"], first["shares"], first["follows"]) == (1532, 61, 3, 2)


def test_days_that_read_both_ways_are_told_by_the_other_sheet(tmp_path: Path) -> None:
    rows = make.localised(make.content_rows(), "fr")
    metrics, posts = rows["Indicateurs"], rows["Toutes les publications"]
    rows["Indicateurs"] = metrics[:3]  # one day, "05/01/2026": May 5 or January 5
    rows["Toutes les publications"] = [*posts[:3], [*posts[3][:5], "13/01/2026", *posts[3][6:]]]
    parsed = read_file(make.workbook(tmp_path / "page_content_1768206667412.xls", rows), PARIS)
    assert parsed.tables["daily"]["date"].to_list() == [date(2026, 1, 5)]  # 13/01 says day first
    assert sorted(parsed.tables["posts"]["published_at"].dt.date().to_list()) == [
        date(2026, 1, 4),  # 05/01/2026 at midnight in Paris, in UTC
        date(2026, 1, 12),  # 13/01/2026
    ]


def test_days_written_both_ways_in_one_sheet_are_refused(tmp_path: Path) -> None:
    rows = make.followers_rows()
    rows["New followers"][2] = ["13/01/2026", 2, 9, 0, 11]  # among MM/DD days up to 01/11
    path = make.workbook(tmp_path / "page_followers_1768208565118.xls", rows)
    with pytest.raises(
        InputError, match=r"row 3, column 'Date': found '13/01/2026', expected a date written MM/DD/YYYY"
    ):
        read_file(path, PARIS)


# --- new followers: each day's gain, corrections included ---------------------------------------


def _followers_workbook(tmp_path: Path, header: list[str], days: list[list[object]]) -> Path:
    return make.workbook(tmp_path / "acme_followers_1768208565118.xls", {"New followers": [header, *days]})


def test_new_followers_with_a_negative_correction_add_up_to_the_net_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"]
    days = [
        ["03/02/2026", 1, 3, 0, 4],
        ["03/03/2026", 0, -2, 0, -2],  # LinkedIn's correction of an earlier day
        ["03/04/2026", 0, 0, 0, 0],
        ["03/05/2026", 1, 2, 0, 3],
    ]
    path = _followers_workbook(tmp_path, header, days)
    parsed = read_file(path, PARIS)
    assert parsed.tables["daily"].sort("date")["followers_gained"].to_list() == [4, -2, 0, 3]
    assert parsed.tables["daily"]["followers"].null_count() == 4  # never a running total
    assert any("row 3 'Total followers' -2" in w for w in parsed.warnings)
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "import", str(path)]) == 0
    for period, net in (("2026-03-02..2026-03-05", 4 - 2 + 0 + 3), ("2026-03-03..2026-03-04", -2)):
        capsys.readouterr()
        assert (
            main(
                ["--workspace", ws, "report", "--period", period, "--network", "linkedin", "--format", "json"]
            )
            == 0
        )
        kpis = json.loads(capsys.readouterr().out)["kpis"]["linkedin"]
        assert kpis["net_follower_change"]["value"] == net, period
        assert kpis["followers"]["value"] is None  # the export has no follower count


def test_new_followers_without_a_total_column_add_up_its_parts(tmp_path: Path) -> None:
    header = ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers"]
    days = [["03/02/2026", 1, 3, 0], ["03/03/2026", 0, -2, 1], ["03/04/2026", None, None, None]]
    parsed = read_file(_followers_workbook(tmp_path, header, days), PARIS)
    assert parsed.tables["daily"].sort("date")["followers_gained"].to_list() == [4, -1, None]


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(OURS))
def test_each_workbook_is_claimed_by_its_own_importer_only(path: Path) -> None:
    sample = load_sample(path)
    scores = {imp.id: imp.detect(sample) for imp in importers()}
    assert scores[OURS[path]] == 1.0
    for other, score in scores.items():
        if other != OURS[path]:
            assert score < 1.0, other
            if other.startswith("linkedin-"):
                assert score == 0.0, other
    assert read_file(path, PARIS).format == OURS[path]


def test_other_formats_are_not_claimed(tmp_path: Path) -> None:
    ours = [imp for imp in importers() if imp.id.startswith("linkedin-")]
    assert len(ours) == 3
    others = [ROOT / "sample_data" / "demo" / f"{t}.csv" for t in ("posts", "daily", "traffic")]
    others.append(make.workbook(tmp_path / "budget.xlsx", {"Sheet1": [["Month", "Spend"], ["Jan", 10]]}))
    # one sheet of the pair is not the content export
    others.append(make.workbook(tmp_path / "metrics.xlsx", {"Metrics": make.content_rows()["Metrics"]}))
    for path in others:
        sample = load_sample(path)
        assert [imp.detect(sample) for imp in ours] == [0.0, 0.0, 0.0], path.name
    assert read_file(others[0], PARIS).format == "canonical"


def test_closest_match_names_what_is_missing(tmp_path: Path) -> None:
    rows = make.content_rows()
    rows["All posts"] = [
        rows["All posts"][0],
        ["Link" if h == "Post link" else h for h in rows["All posts"][1]],
    ]
    path = make.workbook(tmp_path / "renamed.xls", rows)
    with pytest.raises(InputError, match=r"not a known export format.*'Post link' in sheet 'All posts'"):
        read_file(path, PARIS)


def test_header_found_without_the_note_row_and_total_from_parts(tmp_path: Path) -> None:
    rows = make.content_rows()
    keep = [i for i, h in enumerate(make.METRICS_HEADER) if h != "Impressions (total)"]
    metrics = [[row[i] if i < len(row) else None for i in keep] for row in rows["Metrics"][1:]]
    rows["Metrics"] = metrics  # no note row, no total column: organic + sponsored
    parsed = read_file(make.workbook(tmp_path / "page_content_1768206667412.xlsx", rows), PARIS)
    daily = parsed.tables["daily"].sort("date")
    assert daily.get_column("impressions").to_list() == [812, 1514, 953, 430, 387, 95, 0]
    assert parsed.tables["posts"].height == 5


def test_unknown_content_type_is_other_with_a_warning(tmp_path: Path) -> None:
    rows = make.content_rows()
    rows["All posts"][2] = [*rows["All posts"][2][:-1], "Hologram"]
    rows["All posts"][3] = [*rows["All posts"][3][:-1], "image"]
    parsed = read_file(make.workbook(tmp_path / "page_content_1768206667412.xls", rows), PARIS)
    types = parsed.tables["posts"].sort("post_id").get_column("content_type").to_list()
    assert types == ["other", "photo", "document", "link", "other"]
    assert any("'hologram'" in w and "'other'" in w for w in parsed.warnings)


def test_repeated_day_keeps_the_later_row(tmp_path: Path) -> None:
    rows = make.followers_rows()
    rows["New followers"] = [*rows["New followers"], ["01/11/2026", 0, 4, 0, 4]]
    parsed = read_file(make.workbook(tmp_path / "page_followers_1768208565118.xls", rows), PARIS)
    daily = parsed.tables["daily"].sort("date")
    assert daily.height == 7 and daily.get_column("followers_gained")[-1] == 4
    assert any("repeat the key" in w and "sheet 'New followers'" in w for w in parsed.warnings)


def test_posts_sheet_with_only_its_header_gives_no_posts(tmp_path: Path) -> None:
    rows = make.content_rows()
    rows["All posts"] = rows["All posts"][:2]
    parsed = read_file(make.workbook(tmp_path / "page_content_1768206667412.xls", rows), PARIS)
    assert parsed.tables["posts"].is_empty() and parsed.tables["daily"].height == 7


# --- bad input ------------------------------------------------------------------------------


def _content_with(tmp_path: Path, sheet: str, row: int, column: str, value: object) -> Path:
    """The content fixture with one cell replaced (`row` is the Excel row, 1-based)."""
    rows = make.content_rows()
    header = rows[sheet][1]
    cells = list(rows[sheet][row - 1])
    cells[header.index(column)] = value
    rows[sheet][row - 1] = cells
    return make.workbook(tmp_path / "page_content_1768206667412.xls", rows)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "message"),
    [
        ("All posts", 4, "Impressions", "12x", "found '12x', expected a whole number"),
        ("All posts", 5, "Likes", 12.5, "found '12.5', expected a whole number"),
        (
            "All posts",
            3,
            "Created date",
            "31/01/2026",
            "found '31/01/2026', expected a date written MM/DD/YYYY",
        ),
        ("Metrics", 7, "Date", "02/30/2026", "found '02/30/2026', expected a date written MM/DD/YYYY"),
        ("Metrics", 3, "Date", "1/5/26", "found '1/5/26', expected a date written MM/DD/YYYY"),
        ("Metrics", 4, "Impressions (total)", "many", "found 'many', expected a whole number"),
        ("Metrics", 5, "Date", None, "empty, but every row needs one"),
        ("All posts", 6, "Post link", "see campaign manager", "expected a post link"),
        ("All posts", 6, "Post link", None, "empty, but every row needs one"),
    ],
)
def test_bad_cell_names_file_sheet_row_and_column(
    tmp_path: Path, sheet: str, row: int, column: str, value: object, message: str
) -> None:
    path = _content_with(tmp_path, sheet, row, column, value)
    with pytest.raises(InputError) as caught:
        read_file(path, PARIS)
    text = str(caught.value)
    assert text.startswith(f"{path}, sheet '{sheet}', row {row}, column '{column}'"), text
    assert message in text


def test_counts_written_as_text_with_separators(tmp_path: Path) -> None:
    parsed = read_file(_content_with(tmp_path, "All posts", 3, "Impressions", "1,532"), PARIS)
    assert parsed.tables["posts"].get_column("impressions").to_list()[0] == 1532
    parsed = read_file(_content_with(tmp_path, "Metrics", 3, "Impressions (total)", "1,812"), PARIS)
    assert parsed.tables["daily"].sort("date").get_column("impressions")[0] == 1812


def test_value_beyond_the_header_is_a_ragged_row(tmp_path: Path) -> None:
    rows = make.content_rows()
    rows["All posts"][3] = [*rows["All posts"][3], "stray"]
    path = make.workbook(tmp_path / "page_content_1768206667412.xls", rows)
    with pytest.raises(
        InputError, match=r"sheet 'All posts', row 4, column U: found 'stray' under no header"
    ):
        read_file(path, PARIS)


@pytest.mark.parametrize("source", [CONTENT, VISITORS])
def test_truncated_workbook(tmp_path: Path, source: Path) -> None:
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    with pytest.raises(InputError, match=rf"^{path}"):
        read_file(path, PARIS)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "page_content_1768206667412.xls"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        read_file(path, PARIS)


@pytest.mark.parametrize(
    ("rows", "sheets"),
    [
        (lambda: {"New followers": [make.followers_rows()["New followers"][0]]}, "'New followers'"),
        (lambda: {"Visitor metrics": [make.visitor_header()]}, "'Visitor metrics'"),
        (lambda: {k: v[:2] for k, v in make.content_rows().items()}, "'Metrics' and 'All posts'"),
    ],
)
def test_only_the_header(tmp_path: Path, rows: Callable[[], dict], sheets: str) -> None:
    path = make.workbook(tmp_path / "page_export_1768208565118.xls", rows())
    with pytest.raises(InputError, match=rf"no rows \(sheet {sheets}: only the header\)"):
        read_file(path, PARIS)


def test_failed_import_leaves_the_workspace_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    ws = tmp_path / "ws"
    assert main(["--workspace", str(ws), "import", str(FOLLOWERS)]) == 0
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    bad = _content_with(tmp_path, "Metrics", 4, "Impressions (total)", "many")
    capsys.readouterr()
    assert main(["--workspace", str(ws), "import", str(VISITORS), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, sheet 'Metrics', row 4, column 'Impressions (total)'" in err
    after = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    assert after == before
    # the file that does not name its page gets the workspace's only LinkedIn account
    assert main(["--workspace", str(ws), "import", str(OLD_CONTENT), str(VISITORS)]) == 0
    posts = Workspace(ws).tables()["posts"]
    assert set(posts.get_column("account")) == {"fernhill-cycles"}
    daily = Workspace(ws).tables()["daily"].filter(pl.col("date") == date(2026, 1, 6))
    assert daily.select("followers_gained", "profile_visits").row(0) == (11, 30)  # merged per column


# --- round trip with the native writer ------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> object:
    sys.path.insert(0, str(ROOT / "sample_data"))
    try:
        import native
        from native import linkedin as writer
    finally:
        sys.path.remove(str(ROOT / "sample_data"))
    return native.load(ROOT / "sample_data" / "demo"), writer


def test_round_trip_with_the_native_writer(tmp_path: Path, demo: tuple) -> None:
    data, writer = demo
    files = writer.write(data, tmp_path)
    assert {f.suffix for f in files} == {".xls", ".xlsx"}
    assert all(f.parent == tmp_path / "linkedin" for f in files)
    options = ImportOptions(timezone=data.timezone)
    parsed = [read_file(f, options) for f in files]
    assert {p.format for p in parsed} == {"linkedin-content", "linkedin-followers", "linkedin-visitors"}
    assert all(p.warnings == [] for p in parsed)
    posts = pl.concat([p.tables["posts"] for p in parsed if "posts" in p.tables])
    daily = pl.concat([p.tables["daily"] for p in parsed])
    want = data.posts.filter(pl.col("network") == "linkedin")
    want_daily = data.daily.filter(pl.col("network") == "linkedin")
    assert posts.height == want.height and posts.get_column("post_id").n_unique() == want.height
    for column in ("impressions", "likes", "comments", "shares", "link_clicks", "follows"):
        assert posts.get_column(column).sum() == want.get_column(column).sum(), column
    for column in ("reach", "views", "profile_clicks", "leads"):
        assert posts.get_column(column).null_count() == posts.height, column
    # Metrics spreads the posts' metrics over days: the sums over the whole range are the posts'
    assert daily.get_column("impressions").sum() == want.get_column("impressions").sum()
    assert daily.get_column("reach").sum() == want.get_column("reach").sum()
    merged = daily.group_by("date").agg(pl.col("followers_gained", "profile_visits").drop_nulls().first())
    both = merged.join(want_daily, on="date", suffix="_want")
    assert both.height == want_daily.height
    assert both.filter(pl.col("followers_gained") != pl.col("followers_gained_want")).is_empty()
    assert both.filter(pl.col("profile_visits") != pl.col("profile_visits_want")).is_empty()
    local = pl.col("published_at").dt.convert_time_zone(data.timezone).dt.date()
    got = posts.with_columns(day=local).sort("post_id")
    expected = want.with_columns(day=local).sort("post_id")
    for column in ("post_id", "account", "text", "permalink", "day", "impressions", "likes", "follows"):
        assert got.get_column(column).to_list() == expected.get_column(column).to_list(), column
    kinds = expected.get_column("content_type").replace({"photo": "other", "text": "other"})
    assert got.get_column("content_type").to_list() == kinds.to_list()


def test_native_writer_is_deterministic(tmp_path: Path, demo: tuple) -> None:
    data, writer = demo
    first = writer.write(data, tmp_path / "a")
    second = writer.write(data, tmp_path / "b")
    assert [f.name for f in first] == [f.name for f in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert sum(f.stat().st_size for f in first) < 1_000_000
