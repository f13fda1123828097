"""How a number is computed: the formula, the sums it divides, and the files behind them.

This is what the app's "explain" view shows for the focused KPI, so that a
person can check any number by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from kpitui.core import engine, kpis
from kpitui.core.dataset import Dataset
from kpitui.core.i18n import _
from kpitui.core.periods import Period
from kpitui.core.schema import ALL, IMPORT_ID
from kpitui.core.workspace import ImportRecord


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything needed to recompute one KPI value by hand."""

    kpi: kpis.Kpi
    network: str
    period: Period
    value: float | None
    inputs: list[tuple[str, float | None]]
    """(what the sum is, its value), in the order the formula uses them."""
    rows: int
    """Rows of the workspace the sums run over."""
    files: list[ImportRecord]
    """Imports that last wrote those rows, oldest first."""
    basis: str


def explain(
    dataset: Dataset,
    kpi_id: str,
    network: str,
    period: Period,
    imports: Sequence[ImportRecord] = (),
) -> Explanation:
    """Explain `kpi_id` for `network` (or "all") over `period`."""
    kpi = kpis.get(kpi_id)
    comps = engine.components(dataset, period).filter(pl.col("network") == network)
    value = engine.values(comps).get_column(kpi.id)[0] if comps.height else None
    row = comps.row(0, named=True) if comps.height else {}
    inputs = [(kpis.COMPONENTS[name].label, row.get(name)) for name in kpi.inputs]
    frame = _rows(dataset, kpi, network, period)
    ids = (
        set(frame.get_column(IMPORT_ID).drop_nulls().unique().to_list())
        if IMPORT_ID in frame.columns
        else set()
    )
    files = [r for r in imports if r.id in ids]
    basis = kpis.BASIS_NOTE[kpi.basis]
    if kpi.basis == "traffic" and network == ALL and "share_den" not in kpi.inputs:
        basis += " " + _(
            "from social sources: a network's, or social but of none in particular (a channel "
            "group such as Organic Social, a site such as Reddit, a medium such as social)"
        )
    return Explanation(kpi, network, period, value, inputs, frame.height, files, basis)


def _rows(dataset: Dataset, kpi: kpis.Kpi, network: str, period: Period) -> pl.DataFrame:
    """The rows `kpi` reads for `network` in `period`.

    Daily rows: the days of the period, and the days before it too for a KPI that
    reads followers (a stock); only the rows that report a metric the KPI reads, so the
    files listed are those that brought it. Traffic rows of "all": the social ones (of a
    network or of none in particular), every row for the social share.
    """
    c = pl.col
    inputs = [kpis.COMPONENTS[name] for name in kpi.inputs]
    if kpi.basis == "posts":
        frame = dataset.posts.filter(c("day").is_between(period.start, period.end))
    elif kpi.basis == "daily":
        stock = any(part.stock for part in inputs)
        frame = dataset.daily.filter(
            c("date") <= period.end if stock else c("date").is_between(period.start, period.end)
        )
        columns = {name for part in inputs for name in part.reads}
        if columns:
            frame = frame.filter(pl.any_horizontal(c(name).is_not_null() for name in sorted(columns)))
    else:
        frame = dataset.traffic.filter((c("date") >= period.start) & (c("date_end") <= period.end))
        if network == ALL and "share_den" not in kpi.inputs:
            frame = frame.filter(c("social"))  # only the social share reads every source
    return frame if network == ALL else frame.filter(c("network") == network)
