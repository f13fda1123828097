"""The demo brand's data written as the native exports of each platform.

One module per family of exports (meta, x, linkedin, youtube, tiktok,
analytics), each with `write(data: Canonical, out: Path) -> list[Path]`,
writing its files under `out` (usually `sample_data/exports/<network>/`).
`write_all` discovers the modules, so a family is a module. Writers must be
deterministic: the same data gives byte-identical files.

The canonical tables come from the demo's canonical CSVs, read with
kpitui's own importer so the types are exactly the workspace's.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from kpitui.core.importers import ImportOptions, read_file
from kpitui.core.settings import load_settings


@dataclass(frozen=True)
class Canonical:
    """The demo brand's three canonical tables, typed, and its time zone."""

    posts: pl.DataFrame
    daily: pl.DataFrame
    traffic: pl.DataFrame
    timezone: str


def load(folder: Path) -> Canonical:
    """Read posts.csv, daily.csv and traffic.csv of a generated folder."""
    timezone = load_settings(folder / "kpitui.toml").timezone
    options = ImportOptions(timezone=timezone)
    tables = {
        name: read_file(folder / f"{name}.csv", options).tables[name]  # type: ignore[index]
        for name in ("posts", "daily", "traffic")
    }
    return Canonical(tables["posts"], tables["daily"], tables["traffic"], timezone)


def write_all(data: Canonical, out: Path) -> dict[str, list[Path]]:
    """Run every writer module; returns the files each wrote."""
    written: dict[str, list[Path]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        writer = getattr(loaded, "write", None)
        if writer is not None:
            written[module.name] = writer(data, out)
    return written
