"""What the store's tests share: a workspace written as kpitui's first release wrote it."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, fields
from pathlib import Path

from kpitui.core import schema
from kpitui.core.workspace import Workspace

RELEASE_ONE_FIELDS = (
    "id", "file", "sha256", "size", "format", "label", "imported_at", "exported_at", "rows", "added",
    "updated", "unchanged", "skipped", "tables", "accounts", "networks", "first_day", "last_day", "warnings",
)  # fmt: skip
"""The fields of an import log entry in imports.json before imports were kept."""


def release_one_copy(source: Workspace, dest: Path, *, hashtags: bool = True, log: bool = True) -> Workspace:
    """`source` written into `dest` as the first release laid a workspace out: one parquet file per
    table (`hashtags=False`: as written before the posts kept their hashtags) and imports.json
    (`log=False`: without it, as when a person deleted it)."""
    data = dest / "data"
    data.mkdir(parents=True)
    for name in ("kpitui.toml", "objectives.toml"):
        if (source.root / name).exists():
            shutil.copyfile(source.root / name, dest / name)
    for table, frame in source.tables().items():
        kept = frame if hashtags or table != "posts" else frame.drop(schema.HASHTAGS)
        kept.write_parquet(data / f"{table}.parquet")
    if log:
        entries = [{k: v for k, v in asdict(r).items() if k in RELEASE_ONE_FIELDS} for r in source.imports()]
        (data / "imports.json").write_text(json.dumps(entries, indent=1))
    assert {f.name for f in fields(source.imports()[0])} >= set(RELEASE_ONE_FIELDS)
    return Workspace(dest)
