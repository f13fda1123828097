"""The store's readers give exactly the merge of the living imports, folded from scratch.

Hypothesis draws a history of a small workspace (canonical CSVs of a few posts on three
networks, published on days months and years apart so that they land in several segments,
the same post often brought again on another day, nulls, exports older than what is
stored; removals; compactions), and after it the tables read through the segments (`load`,
`load_kpi_columns`, `snapshot`, a period's rows found by the segments' days) must equal
`merge.fold` of the living imports' rows in the order of their ids, as if every import had
been made again into an empty workspace.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitui.core import schema
from kpitui.core.dataset import prepare
from kpitui.core.importers import read_file
from kpitui.core.merge import AGE, fold, tag
from kpitui.core.schema import IMPORT_ID
from kpitui.core.workspace import Workspace
from reliability import LONG, canonical_order, scaled

HEADER = "network,account,post_id,published_at,impressions,likes,comments\n"
DAYS = ["2024-12-31", "2025-01-12", "2025-07-01", "2026-01-12", "2026-02-28"]
NETWORKS = ["x", "facebook", "tiktok"]

metric = st.one_of(st.none(), st.integers(0, 500))
post = st.tuples(st.sampled_from(NETWORKS), st.integers(1, 6), st.sampled_from(DAYS), metric, metric, metric)
step = st.one_of(
    st.tuples(st.just("import"), st.lists(post, min_size=1, max_size=6), st.integers(1, 9)),
    st.tuples(st.just("remove"), st.integers(0, 20)),
    st.tuples(st.just("compact"), st.booleans()),
)


def export(folder: Path, number: int, posts: list[tuple[object, ...]], age: int) -> Path:
    """A canonical CSV (its key repeated at most once: the last row of a key wins in the file),
    made at `age` (the newer export wins)."""
    rows = {(n, i): (n, i, d, *values) for n, i, d, *values in posts}
    text = HEADER + "".join(
        f"{n},acme,p{i},{d}T10:00:00Z," + ",".join("" if v is None else str(v) for v in values) + "\n"
        for n, i, d, *values in rows.values()
    )
    path = folder / f"e{number}.csv"
    path.write_text(text)
    made = datetime(2026, 3, age, tzinfo=UTC).timestamp()
    os.utime(path, (made, made))
    return path


def from_scratch(workspace: Workspace, files: dict[int, Path]) -> dict[schema.TableName, pl.DataFrame]:
    """Every living import's rows read again and folded into empty tables, in the order of ids."""
    records = workspace.imports()
    ages = pl.DataFrame(
        {IMPORT_ID: [r.id for r in records], AGE: [datetime.fromisoformat(r.exported_at) for r in records]},
        schema={IMPORT_ID: pl.Int64, AGE: pl.Datetime("us", "UTC")},
    )
    tables = {}
    for table in schema.TABLES:
        parts = [
            tag(read_file(files[r.id]).tables[table], r.id, datetime.fromisoformat(r.exported_at))
            for r in records
            if table in read_file(files[r.id]).tables
        ]
        empty = schema.empty(table, stored=True)
        tables[table] = fold(table, empty, pl.concat(parts), ages=ages)[0] if parts else empty
    return tables


def same(a: pl.DataFrame, b: pl.DataFrame, table: schema.TableName) -> bool:
    columns = [c for c in b.columns if c in a.columns]
    return canonical_order(a.select(columns), table).equals(canonical_order(b.select(columns), table))


@settings(
    max_examples=scaled(12),
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(step, min_size=1, max_size=6))
def test_the_readers_give_the_fold_of_the_living_imports(
    history: list[tuple[object, ...]], tmp_path_factory: object
) -> None:
    folder = tmp_path_factory.mktemp("fold")  # type: ignore[attr-defined]
    workspace = Workspace(folder / "ws")
    files: dict[int, Path] = {}
    for number, (kind, *args) in enumerate(history):
        if kind == "import":
            posts, age = args
            path = export(folder, number, posts, age)  # type: ignore[arg-type]
            [outcome] = workspace.import_files([read_file(path)])
            if outcome.record is not None:
                files[outcome.record.id] = path
        elif kind == "remove":
            living = [r.id for r in workspace.imports()]
            if living:
                workspace.remove([living[args[0] % len(living)]])  # type: ignore[operator]
        elif workspace.exists:
            workspace.compact(force=bool(args[0]))
    expected = from_scratch(workspace, files)
    stored = workspace.tables()
    for table in schema.TABLES:
        assert same(stored[table], expected[table], table), table
    settings_ = workspace.settings()
    want = prepare(expected["posts"], expected["daily"], expected["traffic"], settings_)
    loaded, snapshot = workspace.load(), workspace.snapshot()[0]
    lean = workspace.load_kpi_columns()
    for table in ("posts", "daily"):
        full = getattr(want, table)
        assert same(getattr(loaded, table), full, table) and same(getattr(snapshot, table), full, table)
    # the lean read holds the daily rows' KPI columns and the posts' daily cube, not their rows
    # (read without the posts' accounts, which the KPIs never split by: one account here)
    for got, full in ((lean.daily, want.daily), (lean.post_days.drop("account"), want.post_days)):
        columns = got.columns  # without the keys: every column is the order
        assert got.sort(columns, nulls_last=True).equals(full.select(columns).sort(columns, nulls_last=True))
    # a period's rows, read from the segments whose days meet it, are the full read's rows of it
    for start, end in ((date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 12), date(2026, 1, 12))):
        period = workspace.period_posts(start, end)
        assert same(period, want.posts.filter(pl.col("day").is_between(start, end)), "posts")
