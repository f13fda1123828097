"""Objectives: the model, objectives.toml, and their evaluation at the as-of date.

An objective is a KPI, a network (or "all"), a comparison (`>=`/`<=`), a
target and a period. Its status follows KPIS.md: `not_started`, `no_data`,
`achieved`, `missed`, `on_track`, `at_risk`, with a projection to the
period's end, progress, and (for running additive counts) what is still
needed per remaining day.

objectives.toml is written with tomli-w and read with tomllib. A hand-edited
file with a mistake is reported with its line and is never overwritten: a
save refuses unless the file on disk is still the one that was loaded.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import polars as pl
import tomli_w

from kpitui.core import engine
from kpitui.core import kpis as registry
from kpitui.core.dataset import Dataset
from kpitui.core.errors import ObjectivesError, PeriodError
from kpitui.core.files import atomic_write, key_line, parse_toml, read_small
from kpitui.core.format import localized
from kpitui.core.i18n import NP_, Labels, _, language, using
from kpitui.core.periods import Period, parse_period
from kpitui.core.schema import ALL, NETWORK_LABELS, NETWORKS, normalize_network

Comparison = Literal[">=", "<="]
Status = Literal["not_started", "no_data", "achieved", "missed", "on_track", "at_risk"]

STATUSES: Final[tuple[Status, ...]] = ("missed", "at_risk", "no_data", "on_track", "achieved", "not_started")
"""Every status, most urgent first (the order dashboards sort by)."""

STATUS_LABELS: Final[Labels] = Labels(
    {
        "not_started": NP_("status", "not started"),
        "no_data": NP_("status", "no data"),
        "achieved": NP_("status", "achieved"),
        "missed": NP_("status", "missed"),
        "on_track": NP_("status", "on track"),
        "at_risk": NP_("status", "at risk"),
    },
    context="status",
)
"""Status words in the current language (« à risque »); the ids stay the contract."""

STATUS_SYMBOLS: Final[dict[Status, str]] = {
    "achieved": "✔",
    "on_track": "●",
    "at_risk": "▲",
    "missed": "✖",
    "not_started": "○",
    "no_data": "?",
}
"""A symbol per status, so that a status reads without colour (the app, the HTML report)."""

FAILING: Final[frozenset[Status]] = frozenset({"at_risk", "missed"})
SCHEMA_VERSION: Final = 1
_KEYS: Final = ("id", "title", "network", "kpi", "comparison", "target", "period")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

_HEADER: Final = (
    "# kpitui objectives. Written by kpitui; safe to edit by hand.\n"
    '# Each [[objective]] has: id, title, network (a network or "all"), kpi (an id from\n'
    '# KPIS.md), comparison (">=" or "<="), target (ratios as fractions: 0.045 = 4.5%),\n'
    "# period (2026-Q1, 2026-03, 2026-H1, 2026, 2026-W14, 2026-01-01..2026-03-31, last-28d, mtd, qtd, ytd).\n"
)


@dataclass(frozen=True, slots=True)
class Objective:
    """A measurable objective, as stored in objectives.toml."""

    id: str
    title: str
    network: str
    kpi: str
    comparison: Comparison
    target: float
    period: str

    def meets(self, value: float) -> bool:
        """True when `value` satisfies the objective's comparison."""
        return value >= self.target if self.comparison == ">=" else value <= self.target

    def describe(self) -> str:
        """`Instagram engagement rate ≥ 4.50% in 2026-Q1`, for titles and messages."""
        kpi = registry.get(self.kpi)
        sign = "≥" if self.comparison == ">=" else "≤"
        # TRANSLATORS: an objective, "Instagram engagement rate ≥ 4.50% in 2026-Q1"
        return _("{network} {kpi} {sign} {target} in {period}").format(
            network=NETWORK_LABELS.get(self.network, self.network),
            kpi=kpi.label.lower(),
            sign=sign,
            target=format_target(self.target, kpi.unit),
            period=self.period,
        )


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An objective evaluated at an as-of date."""

    objective: Objective
    period: Period
    as_of: date | None
    status: Status
    value: float | None
    projected: float | None
    progress: float | None
    needed_per_day: float | None
    elapsed_days: int
    """Days of the period up to the as-of date, both ends included (0 before it starts)."""

    @property
    def failing(self) -> bool:
        return self.status in FAILING


@dataclass(frozen=True, slots=True)
class ObjectivesFile:
    """The objectives read from disk, with the fingerprint of the bytes they came from."""

    path: Path
    objectives: tuple[Objective, ...]
    fingerprint: str | None
    """sha256 of the file as read; None when the file did not exist."""

    def get(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


# --- reading and writing -----------------------------------------------------


def load(path: Path) -> ObjectivesFile:
    """Read objectives.toml (none when absent). ObjectivesError names the line of a mistake."""
    if not path.exists():
        return ObjectivesFile(path, (), None)
    data = read_small(path, ObjectivesError)
    raw, text = parse_toml(path, data, ObjectivesError)
    blocks = _block_lines(text)
    for key in raw:
        if key not in ("schema_version", "objective"):
            line = key_line(text, key)
            where = f", line {line}" if line else ""
            raise ObjectivesError(
                f"{path}{where}: unknown key {key!r}; expected schema_version and [[objective]] tables."
            )
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ObjectivesError(f"{path}: schema_version {version!r} is not {SCHEMA_VERSION}.")
    entries = raw.get("objective", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ObjectivesError(f"{path}: 'objective' must be [[objective]] tables.")
    objectives: list[Objective] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        start = blocks[index] if index < len(blocks) else 1
        end = blocks[index + 1] - 1 if index + 1 < len(blocks) else None

        fail = functools.partial(_file_error, path, text, index, start, end)
        objective = _from_mapping(entry, fail)
        if objective.id in seen:
            raise fail(
                "id", f"the id {objective.id!r} is already used by objective #{seen[objective.id] + 1}"
            )
        seen[objective.id] = index
        objectives.append(objective)
    return ObjectivesFile(path, tuple(objectives), hashlib.sha256(data).hexdigest())


def _file_error(
    path: Path, text: str, index: int, start: int, end: int | None, key: str | None, problem: str
) -> ObjectivesError:
    """An error in objective #`index` (lines `start`..`end`), at the line setting `key`."""
    line = key_line(text, key, start_line=start, end_line=end) if key else None
    return ObjectivesError(
        f"{path}, line {line or start}: objective #{index + 1}: {problem}. "
        "Fix the file by hand; kpitui will not overwrite it."
    )


def save(current: ObjectivesFile, objectives: Sequence[Objective]) -> ObjectivesFile:
    """Write `objectives` atomically, if the file on disk is still `current`.

    Refuses (ObjectivesError) when the file was edited or broken since it was
    loaded, so a hand edit is never lost and a broken file is never replaced.
    """
    path = current.path
    on_disk = hashlib.sha256(read_small(path, ObjectivesError)).hexdigest() if path.exists() else None
    if on_disk != current.fingerprint:
        load(path)  # a broken file reports its line here
        raise ObjectivesError(
            f"{path} changed on disk since it was read; reload it before saving (nothing was written)."
        )
    validate_all(objectives)
    data = render(objectives).encode("utf-8")
    try:
        atomic_write(path, data)
    except OSError as exc:  # a full disk, a read-only folder: the old file is still whole
        raise unwritable(path, exc) from exc
    return ObjectivesFile(path, tuple(objectives), hashlib.sha256(data).hexdigest())


def unwritable(path: Path, exc: OSError) -> ObjectivesError:
    """The error for objectives.toml that cannot be written (the old file is left whole)."""
    return ObjectivesError(
        f"{path}: cannot be written ({exc.strerror or exc}). Nothing changed: the objectives are as "
        "they were. Free some space or fix the folder, then save again.",
        title="Objectives not saved",
    )


def render(objectives: Iterable[Objective]) -> str:
    """The TOML text: a commented header, then one [[objective]] table each."""
    parts = [_HEADER, tomli_w.dumps({"schema_version": SCHEMA_VERSION})]
    for objective in objectives:
        body: dict[str, Any] = {key: getattr(objective, key) for key in _KEYS}
        parts.append("\n[[objective]]\n" + tomli_w.dumps(body))
    return "".join(parts)


def validate_all(objectives: Sequence[Objective]) -> None:
    """Raise ObjectivesError when an objective is not well formed or two share an id."""
    ids = [o.id for o in objectives]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ObjectivesError(f"Two objectives share the id {duplicates[0]!r}; nothing was written.")
    for objective in objectives:
        validate(objective)


def validate(objective: Objective) -> None:
    """Raise ObjectivesError when an objective is not well formed."""
    checked(objective, objective.id)


def checked(draft: Objective, objective_id: str) -> Objective:
    """`draft` with id `objective_id`, validated, and titled if it has no title.

    The network is normalised (`Twitter` → `x`); ObjectivesError says what is wrong.
    """

    def fail(key: str | None, problem: str) -> ObjectivesError:
        return ObjectivesError(f"Objective {objective_id!r}: {problem}.", title="Invalid objective")

    return _from_mapping({**{k: getattr(draft, k) for k in _KEYS}, "id": objective_id}, fail)


def _from_mapping(entry: dict[str, Any], fail: Any) -> Objective:
    """Build and check one objective; `fail(key, problem)` makes the error to raise."""
    for key in entry:
        if key not in _KEYS:
            raise fail(key, f"unknown key {key!r} (keys: {', '.join(_KEYS)})")
    for key in ("id", "network", "kpi", "comparison", "target", "period"):
        if key not in entry:
            raise fail(None, f"missing {key!r}")
    oid = entry["id"]
    if not isinstance(oid, str) or not _ID.match(oid):
        raise fail("id", "the id must be 1-64 letters, digits, '-', '_' or '.'")
    network_raw = entry["network"]
    network = (
        ALL
        if network_raw == ALL
        else (normalize_network(network_raw) if isinstance(network_raw, str) else None)
    )
    if network is None:
        raise fail("network", f"network {network_raw!r} is not one of {', '.join((*NETWORKS, ALL))}")
    kpi_id = entry["kpi"]
    kpi = registry.REGISTRY.get(kpi_id) if isinstance(kpi_id, str) else None
    if kpi is None:
        raise fail("kpi", f"unknown KPI {kpi_id!r}")
    if not kpi.applies_to(network):
        where = ", ".join(kpi.networks) or "all"
        raise fail("kpi", f"{kpi_id} does not apply to {network} (it applies to {where})")
    comparison = entry["comparison"]
    if comparison not in (">=", "<="):
        raise fail("comparison", f'comparison {comparison!r} must be ">=" or "<="')
    target = entry["target"]
    if isinstance(target, bool) or not isinstance(target, int | float) or not math.isfinite(target):
        raise fail("target", f"target {target!r} must be a number (ratios as fractions: 0.045)")
    period = entry["period"]
    if not isinstance(period, str):
        raise fail("period", 'period must be a string such as "2026-Q1"')
    try:
        parse_period(period, as_of=date(2000, 1, 1))
    except PeriodError as exc:
        raise fail("period", str(exc).rstrip(".")) from None
    title = entry.get("title")
    if title is not None and not isinstance(title, str):
        raise fail("title", "title must be a string")
    objective = Objective(oid, "", network, kpi_id, comparison, float(target), period.strip())
    return replace(objective, title=(title or "").strip() or default_title(objective))


def default_title(objective: Objective) -> str:
    """The title an objective gets when given none: its description in English, whatever the
    language, because objectives.toml does not change with the language of who wrote it."""
    with using("en"):
        return objective.describe()


def _block_lines(text: str) -> list[int]:
    """Line numbers of each `[[objective]]` header, in order."""
    return [
        i
        for i, line in enumerate(text.splitlines(), start=1)
        if re.match(r"^\s*\[\[\s*objective\s*\]\]", line)
    ]


def new_id(objective: Objective, taken: Iterable[str]) -> str:
    """A readable id not in `taken`, such as `instagram-engagement_rate-2026-q1`."""
    base = re.sub(r"[^a-z0-9_.-]+", "-", f"{objective.network}-{objective.kpi}-{objective.period}".lower())
    base = base.strip("-.")[:56] or "objective"
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


# --- targets as people type them -------------------------------------------------

_TARGET = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*(%|pp|k|m|)$", re.IGNORECASE)


def parse_target(text: str, unit: registry.Unit) -> float:
    """A target typed as a person thinks of it: `4.5%`, `0.045`, `12 000`, `12k`, `1.2M`.

    For a ratio, `4.5%` and `4.5` both mean 0.045 (a bare number above 1 is
    read as a percentage), and `0.045` is taken as is. Raises ValueError with
    the reason for anything else.
    """
    compact = re.sub(r"[\s\u00a0\u202f_']", "", text.strip())
    if not compact:
        raise ValueError(_("type a target, such as 4.5% or 12k"))
    # `12,000` groups thousands in English; in French the comma is always the decimal point
    # (`4,500` is 4.5), and a space groups (`12 000`, removed above) in both.
    if language() == "en" and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?[kKmM%]?", compact):
        compact = compact.replace(",", "")
    match = _TARGET.match(compact)
    if not match:
        raise ValueError(
            _("{text!r} is not a number (examples: 4.5%, 0.045, 12 000, 12k)").format(text=text.strip())
        )
    number = float(match[1].replace(",", "."))
    suffix = match[2].lower()
    if unit == "ratio":
        if suffix in ("k", "m"):
            raise ValueError(_("a rate is a percentage, such as 4.5%"))
        if suffix in ("%", "pp") or abs(number) > 1:
            number /= 100
        return round(number, 12)
    if suffix in ("%", "pp"):
        raise ValueError(_("this KPI is not a rate: type a number such as 12000 or 12k"))
    number *= {"k": 1e3, "m": 1e6}.get(suffix, 1)
    if number < 0 and unit != "count":
        raise ValueError(_("the target cannot be negative"))
    return number


def format_target(target: float, unit: registry.Unit) -> str:
    """The target as a person reads it back (4.5%, 12,000; in French 4,5 %, 12 000)."""
    if language() != "en":
        if unit == "ratio":
            percent = f"{target * 100:.4g}"
            if "e" in percent:  # a target too large for 4 significant digits: rare, shown whole
                percent = f"{target * 100:.0f}"
            decimals = len(percent.partition(".")[2])
            return localized(percent, decimals, "percent")
        if float(target).is_integer():
            return localized(str(int(target)), 0)
        return localized(f"{target:.2f}", 2)
    if unit == "ratio":
        return f"{target * 100:.4g}%"
    if float(target).is_integer():
        return f"{int(target):,}"
    return f"{target:,.2f}"


def target_text(target: float, unit: registry.Unit) -> str:
    """The target as a form shows it to edit: `format_target` with English's thousands commas
    made spaces (`12 000`), so that `parse_target` reads it back the same in either language
    (a French `4,5 %` already is: its comma is the decimal point)."""
    text = format_target(target, unit)
    return text.replace(",", " ") if language() == "en" else text


# --- evaluation ------------------------------------------------------------------


def windows(objectives: Sequence[Objective], as_of: date | None) -> list[Period]:
    """The periods to date that evaluating `objectives` at `as_of` computes, without repeats."""
    if as_of is None:
        return []
    found: dict[tuple[date, date], Period] = {}
    for objective in objectives:
        period = parse_period(objective.period, as_of=as_of)
        if period.start <= as_of:
            window = period.to_date(as_of)
            found.setdefault((window.start, window.end), window)
    return list(found.values())


def evaluate(
    dataset: Dataset,
    objectives: Sequence[Objective],
    as_of: date | None = None,
    *,
    computed: Mapping[tuple[date, date], pl.DataFrame] | None = None,
) -> list[Evaluation]:
    """Evaluate each objective at `as_of` (default: the latest date with data).

    The KPIs of every period needed are computed together; `computed` gives
    those already known, by (first day, last day), as `engine.compute` returns them.
    """
    as_of = as_of or dataset.latest_date
    cache: dict[tuple[date, date], pl.DataFrame] = dict(computed or {})
    missing = [w for w in windows(objectives, as_of) if (w.start, w.end) not in cache]
    for window, frame in zip(missing, engine.compute_many(dataset, missing), strict=True):
        cache[(window.start, window.end)] = frame
    return [_evaluate_one(dataset, o, as_of, cache) for o in objectives]


def _evaluate_one(
    dataset: Dataset,
    objective: Objective,
    as_of: date | None,
    cache: dict[tuple[date, date], pl.DataFrame],
) -> Evaluation:
    kpi = registry.get(objective.kpi)
    reference = as_of or date.today()
    period = parse_period(objective.period, as_of=reference)
    if as_of is None or period.start > as_of:
        return Evaluation(
            objective, period, as_of, "not_started" if as_of else "no_data", None, None, None, None, 0
        )
    window = period.to_date(as_of)
    key = (window.start, window.end)
    if key not in cache:
        cache[key] = engine.compute(dataset, window)
    frame = cache[key].filter(pl.col("network") == objective.network)
    value = frame.get_column(kpi.id)[0] if frame.height else None
    elapsed = (min(as_of, period.end) - period.start).days + 1
    if value is None:
        return Evaluation(objective, period, as_of, "no_data", None, None, None, None, elapsed)
    value = float(value)
    over = as_of >= period.end
    projected = value * period.days / elapsed if kpi.additive and not over else value
    if kpi.unit == "count" and kpi.additive and not over:
        projected = float(math.floor(projected + 0.5))  # a count is whole: 297 posts, not 297.3
    progress = _progress(objective, value)
    needed: float | None = None
    status: Status
    if over:
        status = "achieved" if objective.meets(value) else "missed"
    elif kpi.additive and objective.comparison == ">=" and objective.meets(value):
        status = "achieved"
    else:
        status = "on_track" if objective.meets(projected) else "at_risk"
    if kpi.additive and not over:
        remaining = period.days - elapsed
        needed = max(objective.target - value, 0.0) / remaining
    return Evaluation(objective, period, as_of, status, value, projected, progress, needed, elapsed)


def _progress(objective: Objective, value: float) -> float | None:
    """value / target for `>=`, target / value for `<=`; null on a zero divisor."""
    if objective.comparison == ">=":
        return value / objective.target if objective.target != 0 else None
    return objective.target / value if value != 0 else None


def running_at(evaluation: Evaluation) -> bool:
    """True when the as-of date falls inside the objective's period."""
    as_of = evaluation.as_of
    return as_of is not None and evaluation.period.start <= as_of <= evaluation.period.end


def overlaps(evaluation: Evaluation, period: Period) -> bool:
    """True when the objective's period shares a day with `period`."""
    return evaluation.period.start <= period.end and evaluation.period.end >= period.start
