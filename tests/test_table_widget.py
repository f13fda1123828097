"""KpiTable draws its one-line cells itself: they must look exactly as DataTable draws them."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from kpitui.tui.widgets.table import KpiTable

CELLS = [
    Text("plain"),
    Text("▲ at risk", style="bold #ffa62b"),
    Text("12.5%", justify="right"),
    Text("1,234,567,890", justify="right", style="dim"),
    Text("centred", justify="center"),
    Text("a label far too long for its column", overflow="ellipsis"),
    Text("too long, folded", overflow="fold", justify="left"),
    Text("café 🎉 日本語 wide", justify="right"),
    Text.assemble(("Insta", "bold"), "gram ", ("+4.2%", "green")),
    Text(""),
    Text("[bold]not markup[/]"),
    Text("trailing   ", justify="right"),
]
WIDTHS = (1, 3, 8, 14, 30)


def lines(segments: list[list[Segment]]) -> list[list[tuple[str, Style | None]]]:
    """What a cell shows: each character with its style (an empty style is no style)."""
    return [[(ch, seg.style or None) for seg in line for ch in seg.text] for line in segments]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        for cls, name in ((DataTable, "rich"), (KpiTable, "fast")):
            table = cls(id=name, cursor_type="cell", zebra_stripes=True)
            table.add_columns(*(f"c{i}" for i in range(len(CELLS))))
            table.add_row(*CELLS)
            table.add_row(*reversed(CELLS))
            yield table


async def test_every_cell_looks_as_datatable_draws_it() -> None:
    app = Tables()
    async with app.run_test(size=(200, 20)) as pilot:
        rich, fast = app.query_one("#rich", DataTable), app.query_one("#fast", KpiTable)
        app.set_focus(None)  # the cursor's colours depend on focus: the same for both
        await pilot.pause()
        compared = 0
        for row in range(2):
            for column in range(len(CELLS)):
                for width in WIDTHS:
                    for cursor in (False, True):
                        for base in (Style(), Style(bgcolor="#202020"), Style(color="red", italic=True)):
                            rich._cell_render_cache.clear()  # its key has no width: one cell, one width
                            fast._cell_render_cache.clear()
                            want = DataTable._render_cell(rich, row, column, base, width, cursor)
                            got = fast._render_cell(row, column, base, width, cursor)
                            assert lines(got) == lines(want), (row, column, width, cursor, base)
                            assert Segment.get_line_length(got[0]) == width
                            compared += 1
        assert compared == 2 * len(CELLS) * len(WIDTHS) * 2 * 3


async def test_headers_and_other_renderables_go_rich_s_way() -> None:
    app = Tables()
    async with app.run_test(size=(200, 20)):
        rich, fast = app.query_one("#rich", DataTable), app.query_one("#fast", KpiTable)
        header = lines(fast._render_cell(-1, 0, Style(), 8))
        assert header == lines(DataTable._render_cell(rich, -1, 0, Style(), 8))
        fast.add_row(*["two\nlines"] * len(CELLS), height=2)
        rich.add_row(*["two\nlines"] * len(CELLS), height=2)
        want = DataTable._render_cell(rich, 2, 0, Style(), 8)
        assert lines(fast._render_cell(2, 0, Style(), 8)) == lines(want)


def drawn(table: DataTable[Text]) -> list[list[tuple[str, Style | None]]]:
    """The table's lines as they are on the screen: characters and styles."""
    strips = table.render_lines(table.region.reset_offset)
    return [[(ch, seg.style or None) for seg in strip for ch in seg.text] for strip in strips]


async def test_a_restyle_to_the_same_styles_keeps_the_cells_drawn() -> None:
    """A screen shown again restyles its widgets: the cells drawn are kept, not drawn anew."""
    app = Tables()
    async with app.run_test(size=(200, 20)) as pilot:
        fast = app.query_one("#fast", KpiTable)
        await pilot.pause()
        before = drawn(fast)
        kept = dict(fast._cell_render_cache)
        assert kept
        fast.update_node_styles(animate=False)
        await pilot.pause()
        assert drawn(fast) == before
        assert all(fast._cell_render_cache.get(key) is cell for key, cell in kept.items())


async def test_cells_follow_the_focus_and_the_theme_after_a_restyle() -> None:
    """Restyled to other styles (the cursor's colours once focused, another theme), the table
    draws its cells with them, exactly as DataTable does."""
    app = Tables()
    async with app.run_test(size=(200, 20)) as pilot:
        rich, fast = app.query_one("#rich", DataTable), app.query_one("#fast", KpiTable)
        app.set_focus(None)
        await pilot.pause()
        blurred = drawn(fast)
        assert blurred == drawn(rich)
        for table in (fast, rich):
            app.set_focus(table)
            await pilot.pause()
        app.set_focus(fast)  # both have been focused; compare them focused, one at a time
        await pilot.pause()
        focused = drawn(fast)
        app.set_focus(rich)
        await pilot.pause()
        assert focused == drawn(rich) != blurred
        app.set_focus(None)
        app.theme = "textual-light"
        await pilot.pause()
        light = drawn(fast)
        assert light == drawn(rich) != blurred
