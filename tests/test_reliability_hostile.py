"""Hostile post text: shown literally in the app, neutralised in every export.

Post texts carrying Rich and Textual markup, terminal escape sequences (SGR,
screen clearing, OSC 52 clipboard writes, OSC 0/2 title changes, OSC 8
links, an 8-bit CSI), BEL, bidi overrides, spreadsheet formulas (`=`, `+`,
`-`, `@`, tab and CR first), pipes and very long lines are imported through
the canonical CSV and through X's native per-tweet export, from a file whose
name is hostile too, into a workspace whose name is hostile.

* The app (Pilot) shows them literally in the Insights posts table, in the
  explain view and in notifications: no markup is interpreted, every control
  character is replaced by a visible symbol;
* the real app, in a pseudo-terminal, never writes any of those sequences
  to the terminal (the bytes it sends are read back);
* the app's `e` export and `kpitui report --format csv|markdown` write CSV
  cells that a spreadsheet cannot run (a leading apostrophe, per OWASP;
  numbers untouched) and Markdown cells whose `|` are escaped.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable

from kpitui.cli import main
from kpitui.core.exporting import write_view
from kpitui.core.table import Cell, Column, Row, Table, safe_cell
from kpitui.core.workspace import Workspace
from kpitui.tui.app import KpiApp
from kpitui.tui.screens.explain import ExplainScreen, explanation_text
from kpitui.tui.screens.insights import InsightsScreen
from pilots import settle
from reliability import FIXTURES, AppInTerminal

HOSTILE = [
    "[bold red]not bold[/] [link=https://evil.example]not a link[/link] [@click=app.quit]not an action[/]",
    "x [/] unbalanced [b markup",
    "\x1b[31mred\x1b[0m then \x1b[2J\x1b[H a cleared screen",
    "clipboard \x1b]52;c;ZWNobyBwd25lZA==\x07 write",
    "title \x1b]0;pwned-title\x07 and \x1b]2;pwned-again\x1b\\ set",
    "link \x1b]8;;https://evil.example\x1b\\hidden\x1b]8;;\x1b\\ text",
    "eight-bit \x9b31m csi and bells \x07\x07",
    "bidi \u202egnp.exe\u202c and \u2066isolate\u2069 marks",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 after a tab",
    "\r=1+1 after a CR",
    "-2",
    "pipes | in | the cell \\ and a backslash",
    "long " + "x" * 20_000,
]
"""One post each in the canonical CSV; the X export carries the first X_POSTS (markup and
escapes), so that every post fits in the app's table of the 25 top posts."""

X_POSTS = 8

NAME = "Brand =cmd|' /C calc'!A0 [bold]x[/] \x1b]0;pwned-name\x07"
FILE = "posts [bold red]x [@click=app.quit]q \x1b]0;pwned-file\x07.csv"
"""A file name cannot hold `/`, so no closing tag; the rest is as hostile."""

FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the screen from post text: C0 and C1 controls (tab included: shown
as a space), DEL, bidi controls."""

PAYLOADS = [
    b"\x1b]52;",
    b"pwned-title\x07",
    b"\x1b]2;pwned",
    b"\x1b]0;pwned",
    b"\x1b]8;;https://evil",
    "\u009b31m".encode(),
    b"\x07\x07",
    "\u202e".encode(),
    "\u2066".encode(),
]
"""Byte sequences of the hostile texts that must never be written to the terminal."""


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def canonical(folder: Path) -> Path:
    path = folder / FILE
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(
        ["network", "account", "post_id", "published_at", "text", "impressions", "likes", "shares"]
    )
    for i, text in enumerate(HOSTILE):
        writer.writerow(
            ["instagram", "acme", f"h{i}", f"2025-09-{1 + i:02d}T10:00:00Z", text, 1000, 10 + i, 1]
        )
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def x_export(folder: Path) -> Path:
    """X's classic per-tweet export, its rows carrying the hostile texts."""
    source = FIXTURES / "x" / "tweet_activity_metrics_FernHollowTea_20250901_20251001_en.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))
    header, template = rows[0], rows[1]
    column = {name: i for i, name in enumerate(header)}
    out = [header]
    for i, text in enumerate(HOSTILE[:X_POSTS]):
        row = list(template)
        tweet = str(1830000000000000000 + i)
        row[column["Tweet id"]] = tweet
        row[column["Tweet permalink"]] = f"https://twitter.com/FernHollowTea/status/{tweet}"
        row[column["Tweet text"]] = text
        row[column["time"]] = f"2025-09-{1 + i:02d} 12:00 +0000"
        out.append(row)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(out)
    path = folder / source.name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = tmp_path_factory.mktemp("hostile")
    files = [canonical(folder), x_export(folder)]
    root = folder / "ws"
    assert main(["--workspace", str(root), "import", *map(str, files)]) == 0
    text = (root / "kpitui.toml").read_text()
    escaped = (
        NAME.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
    )
    (root / "kpitui.toml").write_text(re.sub(r"(?m)^name = .*$", lambda _: f'name = "{escaped}"', text))
    title = ["--title", '=HYPERLINK("https://evil.example","x") | [bold]objective[/]']
    args = ["--network", "all", "--kpi", "engagement_rate", "--target", "1%", "--period", "2025-09", *title]
    assert main(["--workspace", str(root), "objectives", "add", *args]) == 0
    ws = Workspace(root)
    posts = ws.load().posts
    assert posts.height == len(HOSTILE) + X_POSTS
    assert set(posts.get_column("network").unique().to_list()) == {"instagram", "x"}
    return ws


def visible(text: str) -> None:
    """Shown literally: no control character left (each made a visible symbol)."""
    bad = FORBIDDEN.search(text)
    assert bad is None, f"{bad.group()!r} reaches the screen in {text[:120]!r}"


NUMBER = re.compile(r"[+-][€$£]?[\d,]+(\.\d+)?(e[+-]?\d+)?(%| pp| h| s| EUR)?")
"""What a cell starting with a sign may be and still run nothing: a number, with a unit."""


def spreadsheet_safe(cell: str) -> None:
    """A spreadsheet cannot run it: a formula-like start is preceded by an apostrophe, unless the
    cell is a signed number."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not NUMBER.fullmatch(cell):
        raise AssertionError(f"a CSV cell a spreadsheet would run: {cell[:80]!r}")


def test_safe_cell_follows_owasp() -> None:
    formulas = ("=1+1", "+A1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0", "-inf")
    for text in (*formulas, "+1%+cmd|' /C calc'!A0", "-3 SUM(A1)", "+108.7%)", "-2+3+A1", "+1e3e3"):
        assert safe_cell(text) == "'" + text
    numbers = ("-2", "+1", "-0.5", "1e3", "-1e-3", "12", "", "+108.7%", "-3.2%", "+0.30 pp", "-12.5 h")
    for number in (*numbers, "-€1,234.50", "+1,234", "-1,234.50 EUR", "-42.0 s"):
        assert safe_cell(number) == number
    assert safe_cell("plain text") == "plain text"


def shown(renderable: object) -> str:
    console = Console(width=400, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_the_app_shows_hostile_text_literally(workspace: Workspace, tmp_path: Path) -> None:
    app = KpiApp(workspace, period="2025-09", export_dir=tmp_path)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one("StatusHeader").render())
        assert "[bold]x[/]" in header and "␛]0;pwned-name␇" in header
        await pilot.press("3", "s", "s", "s")  # Insights, the posts tab, back to engagement rate
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen) and screen.data is not None
        table = screen.query_one("#posts", DataTable)
        cells = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert len(cells) == len(HOSTILE) + X_POSTS
        for cell in cells:
            visible(cell.plain)
            assert not cell.spans and not cell.style, "markup or style taken from the text"
        texts = "\n".join(c.plain for c in cells)
        assert texts.count("[bold red]not bold[/] [link=https://evil.example]not a link[/link]") == 2
        assert texts.count("[@click=app.quit]not an action[/]") == 2 and "x [/] unbalanced [b" in texts
        assert "␛]52;c;ZWNobyBwd25lZA==␇" in texts and "␛[2J␛[H" in texts and "\ufffdgnp.exe\ufffd" in texts
        assert "=cmd|' /C calc'!A0" in texts and "@SUM(1+1)" in texts
        # the explain view lists the hostile file name literally
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExplainScreen)
        explained = shown(explanation_text(app.screen.explanation, "EUR"))
        visible(explained.replace("\n", " "))
        assert "posts [bold red]x [@click=app.quit]q ␛]0;pwned-file␇.csv" in explained
        await pilot.press("escape")
        # a notification naming the file (an import of it again) stays plain text, and the app lives
        app.notify("file [/] with \x1b]0;pwned-toast\x07 and [bold]markup[/]", severity="error")
        await pilot.pause(0.3)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        assert any("[/] with ␛]0;pwned-toast␇ and [bold]markup[/]" in t for t in toasts), toasts
        await pilot.press("e", "t")
        await pilot.pause()
        assert app.is_running
    exported = sorted(tmp_path.glob("kpitui-insights-2025-09*"))
    assert {p.suffix for p in exported} == {".csv", ".md"}
    posts_csv = next(p for p in exported if "top-posts" in p.name)
    rows = csv_rows(posts_csv)
    for row in rows:
        for cell in row:
            visible(cell)
            spreadsheet_safe(cell)
    first = {row[0] for row in rows[1:]}
    assert {"'=cmd|' /C calc'!A0", "'-1+1", "'@SUM(1+1)*cmd|' /C calc'!A0", "+1", "-2"} <= first
    assert any(c.startswith(" =1+1 after a tab") for c in first)  # the tab is drawn as a space
    assert any(c.startswith("long xxxx") and len(c) > 20_000 for c in first)  # whole, not cut
    markdown = next(p for p in exported if p.suffix == ".md").read_text(encoding="utf-8")
    assert "pipes \\| in \\| the cell \\\\ and a backslash" in markdown
    check_markdown_tables(markdown)


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def check_markdown_tables(markdown: str) -> None:
    """Every table line has as many unescaped `|` as its header line: no cell breaks out."""
    lines = markdown.splitlines()
    expected = None
    for line in lines:
        if not line.startswith("|"):
            expected = None
            continue
        bars = len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))
        expected = expected or bars
        assert bars == expected, line[:160]


def test_the_cli_report_exports_are_safe(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    for format_ in ("csv", "markdown"):
        capsys.readouterr()
        assert (
            main(["--workspace", str(workspace.root), "report", "--period", "2025-09", "--format", format_])
            == 0
        )
        out = capsys.readouterr().out
        if format_ == "csv":
            for row in csv.reader(io.StringIO(out, newline="")):
                for cell in row:
                    spreadsheet_safe(cell)
        else:
            assert "\x1b" not in out and "\x07" not in out
            assert "\\|" in out  # the workspace name and the objective title carry pipes
            check_markdown_tables(out)


MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)"> and <b>bold</b>',
    "[x](javascript:alert(1)) and [ref][1] and [1]: https://evil.example",
    "![](https://tracker.example/pixel.gif)",
    "<https://evil.example> autolink, &lt;entity&gt; and &#106;avascript:",
    "*emphasis* __strong__ `code` ~~struck~~",
    "# not a heading",
    "12. not a list",
    "- not a list either",
    "pipes | and a backslash \\",
]
"""Untrusted text that a Markdown viewer would turn into HTML, links, images or formatting."""


def rendered_literally(markdown: str, texts: list[str]) -> None:
    """Rendered by markdown-it (CommonMark with tables, raw HTML allowed as a viewer would), the
    Markdown holds no HTML, link or image, and each text shows as itself."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tokens = parser.parse(markdown)
    inline = [child for t in tokens for child in (t.children or [])]
    kinds = {t.type for t in [*tokens, *inline]}
    assert not kinds & {
        "html_block",
        "html_inline",
        "link_open",
        "image",
        "em_open",
        "strong_open",
        "code_inline",
        "s_open",
    }, kinds
    assert {t.type for t in tokens} <= {
        "heading_open",
        "heading_close",
        "inline",
        "paragraph_open",
        "paragraph_close",
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
        "table_open",
        "table_close",
        "thead_open",
        "thead_close",
        "tbody_open",
        "tbody_close",
        "tr_open",
        "tr_close",
        "th_open",
        "th_close",
        "td_open",
        "td_close",
    }, {t.type for t in tokens}
    shown = [t.content for t in tokens if t.type == "inline"]
    cells = ["".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"]
    for text in texts:
        assert any(text in cell for cell in cells), (text, shown)


def test_markdown_exports_render_as_literal_text(tmp_path: Path) -> None:
    """The app's `e` export: post texts, a heading and a table title render as the very text."""
    columns = (
        Column("post", "Post"),
        Column("impressions", "Impressions", "number", "right"),
        Column("change", "Change"),
    )
    rows = tuple(Row((Cell(text, text), Cell(1000, "1,000"), Cell(0.032, "+3.2%"))) for text in MARKDOWN)
    heading = "# Insights · <b>Brand</b> [x](javascript:alert(1))"
    [md, *_] = write_view(tmp_path, "insights", heading, [Table("<i>posts</i>", columns, rows)])
    markdown = md.read_text(encoding="utf-8")
    check_markdown_tables(markdown)
    rendered_literally(markdown, [*MARKDOWN, heading, "<i>posts</i>"])


def test_the_cli_markdown_report_renders_as_literal_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kpitui report --format markdown`: the workspace name and an objective title are untrusted."""
    root = tmp_path / "ws"
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "network,account,post_id,published_at,impressions,likes\nx,acme,1,2025-09-01T10:00:00Z,100,9\n"
    )
    assert main(["--workspace", str(root), "import", str(posts)]) == 0
    name = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    settings = root / "kpitui.toml"
    settings.write_text(re.sub(r"(?m)^name = .*$", lambda _: f"name = '{name}'", settings.read_text()))
    title = "![](https://tracker.example/p.gif) <script>alert(1)</script> *hi*"
    args = ["--network", "x", "--kpi", "posts", "--target", "1", "--period", "2025-09", "--title", title]
    assert main(["--workspace", str(root), "objectives", "add", *args]) == 0
    capsys.readouterr()
    assert main(["--workspace", str(root), "report", "--period", "2025-09", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    check_markdown_tables(markdown)
    rendered_literally(markdown, [name, title])


def test_the_dashboard_export_neutralises_titles(workspace: Workspace, tmp_path: Path) -> None:
    """An objective title is text someone typed: its CSV cell is made safe too."""
    import asyncio

    async def run() -> None:
        app = KpiApp(workspace, period="2025-09", export_dir=tmp_path)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("e", "t")
            await pilot.pause()

    asyncio.run(run())
    objectives = next(tmp_path.glob("kpitui-dashboard-*-objectives.csv"))
    cells = [c for row in csv_rows(objectives) for c in row]
    for cell in cells:
        spreadsheet_safe(cell)
    assert any(c.startswith("'=HYPERLINK(") for c in cells)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_nothing_hostile_reaches_the_terminal(workspace: Workspace, tmp_path: Path) -> None:
    """The real app in a pseudo-terminal: the bytes it writes never carry the hostile sequences."""
    args = ["--workspace", str(workspace.root)]
    with AppInTerminal(args, cwd=tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache")) as app:
        app.until(b"Dashboard")
        app.until(b"2025-Q3", 20)  # the report drawn: its period holds every post
        app.press(b"3")
        app.until(b"Best time", 20)
        app.press(b"s", "␛]52;c;".encode())  # the posts tab: the table on screen, the ESC drawn as ␛
        app.press(b"x", b"pwned-file")  # the explain view, with the file name
        app.press(b"\x1b")
        app.read_for(0.3)
        app.quit()
    written = app.written
    assert "␛]52;c;".encode() in written and "␛]0;pwned-file␇".encode() in written, bytes(written[-3000:])
    for payload in PAYLOADS:
        assert payload not in written, f"{payload!r} was written to the terminal"
