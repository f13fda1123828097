"""`kpitui report --format html`: the numbers of the JSON report, hostile text shown as text,
nothing fetched, the logo embedded, and the page as Chromium draws it."""

from __future__ import annotations

import base64
import json
import math
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kpitui.cli import main
from kpitui.core import format as fmt
from kpitui.core import kpis, pacing
from kpitui.core.objectives import STATUS_LABELS, STATUS_SYMBOLS, Objective, evaluate
from kpitui.core.session import open_report_session
from kpitui.core.workspace import Workspace

HOSTILE = "<script>alert(1)</script></style><b>bold</b> \x1b[31mred\x1b]0;title\x07 &amp; #launch"
POSTS = (
    "network,account,post_id,published_at,impressions,likes,comments,link_clicks,text\n"
    f'instagram,acme,1,2026-01-10T10:00:00Z,1000,40,5,,"{HOSTILE}"\n'
    "instagram,acme,2,2026-02-10T10:00:00Z,2000,50,5,,plain words\n"
    "x,acme,3,2026-03-01T10:00:00Z,4000,30,10,80,javascript:alert(2)\n"
)
OBJECTIVES = """schema_version = 1

[[objective]]
id = "ig-er-q1"
title = "<img src=x onerror=alert(3)> ER"
network = "instagram"
kpi = "engagement_rate"
comparison = ">="
target = 0.03
period = "2026-Q1"
"""
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@dataclass
class Node:
    """An element of the parsed page: its tag, attributes and content (text and elements, in order)."""

    tag: str
    attrs: dict[str, str]
    content: list[str | Node] = field(default_factory=list)

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    def all(self) -> list[Node]:
        return [self, *(n for c in self.children for n in c.all())]

    def find(self, **attrs: str) -> list[Node]:
        return [n for n in self.all() if all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def having(self, name: str) -> list[Node]:
        return [n for n in self.all() if name in n.attrs]

    @property
    def string(self) -> str:
        return "".join(c if isinstance(c, str) else c.string for c in self.content)


_VOID = {"meta", "img", "br", "hr", "link", "input", "source", "col", "area", "base", "wbr"}


class Tree(HTMLParser):
    """The page as nested Nodes (the standard library's parser: the browser's view of tags)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].content.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def same(shown: str, expected: float | None) -> bool:
    """`data-value` holds the JSON report's number. Two runs may differ in the last bit of a float
    sum (polars sums in parallel, in no fixed order), hence 1e-12 relative, not equality."""
    value = _number(shown)
    if value is None or expected is None:
        return value is expected
    return math.isclose(value, expected, rel_tol=1e-12)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, Path]:
    """The demo's JSON report and its HTML report (built once: the charts take seconds)."""
    folder = tmp_path_factory.mktemp("html")
    page = folder / "q4.html"
    out = folder / "q4.json"
    assert main(["demo", "--format", "json", "-o", str(out)]) == 0
    assert main(["demo", "--format", "html", "-o", str(page)]) == 0
    return json.loads(out.read_text(encoding="utf-8")), page.read_text(encoding="utf-8"), page


def test_objectives_show_the_json_reports_statuses_and_values(demo: tuple[dict, str, Path]) -> None:
    report, text, _ = demo
    tree = Tree(text).root
    cards = tree.having("data-objective")
    assert [c.attrs["data-objective"] for c in cards] == [o["id"] for o in report["objectives"]]
    statuses = {o["status"] for o in report["objectives"]}
    assert statuses == set(STATUS_LABELS)  # the demo holds every status
    for card, objective in zip(cards, report["objectives"], strict=True):
        assert card.attrs["data-status"] == objective["status"]
        [status] = [n for n in card.all() if n.attrs.get("class") == "status"]
        word = STATUS_LABELS[objective["status"]]
        assert status.string.strip() == f"{STATUS_SYMBOLS[objective['status']]} {word}"
        unit = kpis.get(objective["kpi"]).unit
        [value] = card.find(data_field="value")
        assert same(value.attrs["data-value"], objective["value"])
        assert value.string == fmt.value(objective["value"], unit, "EUR")
        [target] = card.find(data_field="target")
        assert same(target.attrs["data-value"], objective["target"])
        [projected] = card.find(data_field="projected")
        assert same(projected.attrs["data-value"], objective["projected"])
        assert objective["title"] in card.string
        assert len([n for n in card.all() if n.tag == "svg"]) == 1  # its pacing chart


def test_every_network_shows_the_json_reports_kpis(demo: tuple[dict, str, Path]) -> None:
    report, text, _ = demo
    tree = Tree(text).root
    sections = {s.attrs["data-network"]: s for s in tree.having("data-network")}
    assert list(sections) == list(report["kpis"])  # one section per network, then all networks
    shown = 0
    for network, section in sections.items():
        assert any(n.tag == "svg" for n in section.all()), f"{network} has no trend chart"
        for row in section.having("data-kpi"):
            expected = report["kpis"][network][row.attrs["data-kpi"]]
            unit = kpis.get(row.attrs["data-kpi"]).unit
            [value] = row.find(data_field="value")
            assert value.string == fmt.value(expected["value"], unit, "EUR")
            for name in ("value", "previous", "change"):
                [cell] = row.find(data_field=name)
                assert same(cell.attrs["data-value"], expected[name]), (network, row.attrs, name)
            shown += 1
        # every KPI with data in either period is in the table
        with_data = {
            k for k, v in report["kpis"][network].items() if (v["value"], v["previous"]) != (None, None)
        }
        assert {r.attrs["data-kpi"] for r in section.having("data-kpi")} == with_data
    assert shown > 50


def test_the_page_shows_the_brand_period_heatmap_and_top_posts(demo: tuple[dict, str, Path]) -> None:
    _, text, _ = demo
    tree = Tree(text).root
    [h1] = [n for n in tree.all() if n.tag == "h1"]
    assert h1.string.startswith("Bramble & Bean")
    assert [n.string for n in h1.all() if n.attrs.get("class") == "sample"] == ["sample data"]
    assert "2026-Q4" in tree.string and "data as of 2026-11-15" in tree.string
    headings = [n.string for n in tree.all() if n.tag == "h2"]
    assert "Best time to post" in headings and "Top posts by engagement rate" in headings
    posts = tree.having("data-post")
    assert len(posts) == 10
    rates = [_number(p.find(data_field="engagement_rate")[0].attrs["data-value"]) for p in posts]
    assert rates == sorted(rates, reverse=True)


def _fetches(tree: Node) -> list[str]:
    """Every address the page would load or link: src, href, xlink:href, srcset, url(…)."""
    found = [
        value
        for node in tree.all()
        for name, value in node.attrs.items()
        if name in ("src", "href", "xlink:href", "srcset", "action", "poster", "data")
    ]
    styles = [n.string for n in tree.all() if n.tag == "style"] + [
        n.attrs["style"] for n in tree.having("style")
    ]
    return (
        found
        + [m for s in styles for m in re.findall(r"url\(\s*['\"]?([^'\")]*)", s)]
        + [m for s in styles for m in re.findall(r"@import\s+['\"]?([^'\";]*)", s)]
    )


def test_the_page_fetches_nothing_and_runs_nothing(demo: tuple[dict, str, Path]) -> None:
    _, text, _ = demo
    tree = Tree(text).root
    addresses = _fetches(tree)
    assert addresses, "the charts refer to their own clip paths"
    assert all(a.startswith(("#", "data:")) for a in addresses), [a for a in addresses if a[:1] != "#"]
    assert not [n for n in tree.all() if n.tag in ("script", "link", "iframe", "object", "embed")]
    assert not [n for n in tree.all() for a in n.attrs if a.startswith("on")]


@pytest.fixture
def hostile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace whose posts, objective title and brand name are hostile."""
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(tmp_path / "posts.csv")]) == 0
    (root / "objectives.toml").write_text(OBJECTIVES, encoding="utf-8")
    settings = (root / "kpitui.toml").read_text(encoding="utf-8")
    (root / "kpitui.toml").write_text(
        re.sub(r"(?m)^name = .*$", 'name = "</title><script>alert(4)</script>"', settings).replace(
            'timezone = "UTC"', 'timezone = "Europe/Paris"'
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    return root


def test_hostile_text_is_shown_as_text(hostile: Path, tmp_path: Path) -> None:
    page = tmp_path / "out.html"
    assert (
        main(
            [
                "--workspace",
                str(hostile),
                "report",
                "--period",
                "2026-Q1",
                "--format",
                "html",
                "-o",
                str(page),
            ]
        )
        == 0
    )
    text = page.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    tree = Tree(text).root
    assert not [n for n in tree.all() if n.tag in ("script", "b", "img")]
    [title] = [n for n in tree.all() if n.tag == "title"]
    assert title.string == "</title><script>alert(4)</script>: 2026-Q1"
    cells = [n.string for n in tree.all() if n.attrs.get("class") == "text"]
    shown = HOSTILE.replace("\x1b", "␛").replace("\x07", "␇")
    assert shown in cells and "javascript:alert(2)" in cells  # as words, never a link
    # the posts best first, at the hour of the workspace's zone (10:00 UTC is 11:00 in Paris)
    rows = [[c.string for c in row.children[:3]] for row in tree.having("data-post")]
    assert rows == [
        ["Instagram", "2026-01-10 11:00", shown],
        ["Instagram", "2026-02-10 11:00", "plain words"],
        ["X", "2026-03-01 11:00", "javascript:alert(2)"],
    ]
    [card] = tree.having("data-objective")
    assert "<img src=x onerror=alert(3)> ER" in card.string
    assert all(a.startswith(("#", "data:")) for a in _fetches(tree))


def _set_logo(root: Path, logo: str) -> None:
    path = root / "kpitui.toml"
    settings = re.sub(r"(?m)^logo = .*\n", "", path.read_text(encoding="utf-8"))
    path.write_text(f'logo = "{logo}"\n' + settings, encoding="utf-8")  # before any [table]


def test_the_logo_is_embedded(hostile: Path, tmp_path: Path) -> None:
    (hostile / "brand.png").write_bytes(PNG)
    _set_logo(hostile, "brand.png")
    page = tmp_path / "out.html"
    assert main(["--workspace", str(hostile), "report", "--format", "html", "-o", str(page)]) == 0
    [img] = [n for n in Tree(page.read_text(encoding="utf-8")).root.all() if n.tag == "img"]
    assert img.attrs["src"] == "data:image/png;base64," + base64.b64encode(PNG).decode()


def test_a_missing_logo_is_a_message_and_writes_nothing(
    hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_logo(hostile, "missing.png")
    page = tmp_path / "out.html"
    assert main(["--workspace", str(hostile), "report", "--format", "html", "-o", str(page)]) == 2
    err = capsys.readouterr().err
    assert "logo = 'missing.png'" in err and "no such file" in err and "Traceback" not in err
    assert not page.exists()
    (hostile / "notes.txt").write_text("not an image", encoding="utf-8")
    _set_logo(hostile, "notes.txt")
    assert main(["--workspace", str(hostile), "report", "--format", "html", "-o", str(page)]) == 2
    err = capsys.readouterr().err
    assert "logo = 'notes.txt': expected a .png" in err and "Traceback" not in err
    assert not page.exists()


def test_json_reports_and_the_app_never_load_matplotlib(hostile: Path) -> None:
    code = (
        "import sys\n"
        "from kpitui.cli import main\n"
        f"assert main(['--workspace', {str(hostile)!r}, 'report', '--format', 'json']) == 0\n"
        "import kpitui.tui.app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
def test_chromium_draws_the_page_offline_and_prints_it(demo: tuple[dict, str, Path], tmp_path: Path) -> None:
    """The page as a phone-sized browser shows it, with the network off; and its A4 PDF."""
    _, _, page = demo
    shot, pdf = tmp_path / "phone.png", tmp_path / "q4.pdf"
    common = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--proxy-server=127.0.0.1:9",  # a fetch would fail: the page must not need one
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=412,2400", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    subprocess.run(
        [*common, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (412, 2400)
    assert len(png) > 50_000  # a drawn page, not a blank one
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.read_bytes().count(b"/Type /Page") > 3


def test_the_pacing_value_to_date_is_the_periods_value_up_to_each_week(tmp_path: Path) -> None:
    """Posts of Q1 (10 Jan: 1,000 impressions, 45 interactions; 10 Feb: 2,000 and 55; 1 Mar on X)
    counted from 1 January to every 7th day and to the as-of date (1 March): a count adds up,
    a rate is the ratio of the sums to that day (45/1,000, then 100/3,000)."""
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    root = tmp_path / "ws"
    assert main(["--workspace", str(root), "import", str(tmp_path / "posts.csv")]) == 0
    session = open_report_session(Workspace(root))
    objectives = [
        Objective("p", "Posts", "all", "posts", ">=", 10, "2026-Q1"),
        Objective("e", "ER", "instagram", "engagement_rate", ">=", 0.03, "2026-Q1"),
        Objective("n", "Next", "all", "posts", ">=", 10, "2026-Q2"),  # not started: no line
    ]
    evaluations = evaluate(session.dataset, objectives)
    points = pacing.to_date_values(session.dataset, evaluations)
    assert list(points) == [(date(2026, 1, 1), date(2026, 3, 31))]
    [line] = points.values()
    days = [d for d, _ in line]
    assert days == [date(2026, 1, 7) + timedelta(days=7 * i) for i in range(8)] + [date(2026, 3, 1)]
    posts = [pacing.kpi_at(frame, "all", "posts") for _, frame in line]
    assert posts == [0, 1, 1, 1, 1, 2, 2, 2, 3]
    rates = [pacing.kpi_at(frame, "instagram", "engagement_rate") for _, frame in line]
    assert rates[:2] == [None, 45 / 1000] and rates[5:] == [100 / 3000] * 4
    assert (posts[-1], rates[-1]) == (evaluations[0].value, evaluations[1].value)


def test_a_chart_drawn_on_reused_axes_is_the_chart_drawn_fresh() -> None:
    """Charts reuse one figure per shape (a third of their cost): what the charts before left on it
    (lines, limits, a negative scale, other days) never shows in the next one."""
    from concurrent.futures import ThreadPoolExecutor

    from kpitui.core import charts

    start, ticks = date(2026, 10, 1), _plain_ticks
    days = [start + timedelta(days=d) for d in range(46)]

    def pacing() -> str:
        return charts.pacing(
            "p",
            start=start,
            end=date(2026, 12, 31),
            to_date=[(days[6], 5.0), (days[13], None), (days[20], 40.0)],
            target=100.0,
            projected=(date(2026, 12, 31), 160.0),
            pace=True,
            ticks=ticks,
        )

    def trend() -> str:
        return charts.trend(
            "t",
            buckets=days[:10],
            current=[1.0, 2.0, None, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
            previous=[3.0] * 10,
            ticks=ticks,
        )

    def after_others() -> tuple[str, str]:
        for target, pace in ((-3.0, False), (9e7, True)):  # a negative scale, a far larger one
            charts.pacing(
                "a",
                start=date(2025, 1, 1),
                end=date(2025, 3, 31),
                to_date=[(date(2025, 1, 7), -500.0), (date(2025, 2, 1), 9e6)],
                target=target,
                projected=None,
                pace=pace,
                ticks=ticks,
            )
        charts.trend(
            "b", buckets=days, current=[float(-d * 1000) for d in range(46)], previous=None, ticks=ticks
        )
        return pacing(), trend()

    with ThreadPoolExecutor(1) as fresh, ThreadPoolExecutor(1) as fresh_too, ThreadPoolExecutor(1) as reused:
        first = fresh.submit(pacing).result(), fresh_too.submit(trend).result()  # each a thread's first chart
        again = reused.submit(after_others).result()
    assert "<path" in first[0] and "<path" in first[1]
    assert again == first


def _plain_ticks(value: float) -> str:
    return f"{value:,.0f}"
