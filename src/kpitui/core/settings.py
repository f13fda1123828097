"""Workspace settings: `kpitui.toml`, written once from a template and then edited by hand."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import tomli_w

from kpitui.core.errors import SettingsError
from kpitui.core.files import atomic_write, key_line, parse_toml, read_small
from kpitui.core.i18n import LANGUAGES, normalize
from kpitui.core.limits import Limits
from kpitui.core.schema import NETWORKS, normalize_network

FILENAME = "kpitui.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a workspace says about itself."""

    name: str = "My brand"
    timezone: str = "UTC"
    """IANA zone: posts are attributed to days, weekdays and hours in this zone,
    and naive times in imported files are read in it."""
    currency: str = "EUR"
    brand_hashtags: tuple[str, ...] = ()
    """Without the `#`, compared case-insensitively."""
    brand_mentions: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Extra traffic source (or `source / medium`) → network mappings."""
    limits: Limits = field(default_factory=Limits)
    """What an import may read (`[limits]`: file_mb, member_mb, archive_mb, ratio); the
    environment's KPITUI_MAX_* variables override it for one run."""
    language: str | None = None
    """`en` or `fr`: the language of the CLI and the app when neither `--lang` nor the
    environment (LC_ALL, LC_MESSAGES, LANG) names one (kpitui.core.i18n.choose)."""
    logo: str | None = None
    """An image file, relative to the workspace folder (or absolute), that the HTML report
    embeds beside the brand's name (`html_report.read_logo`)."""


_DEFAULTS = Settings()


def validate_timezone(name: str) -> bool:
    """True when polars knows the IANA zone `name`."""
    try:
        pl.Series([0], dtype=pl.Datetime("us")).dt.replace_time_zone(name)
    except Exception:
        return False
    return True


_UTC_ALIASES = frozenset({"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"})
"""Names of UTC that a system may link /etc/localtime to: a new workspace says plainly "UTC"."""


def system_timezone(
    environ: Mapping[str, str] | None = None,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> str:
    """The IANA zone the system runs in, for a new workspace: `TZ` (`Europe/Paris`,
    `:Europe/Paris` or a path under a zoneinfo folder), else the zone /etc/localtime links to,
    else /etc/timezone; "UTC" only when none of them names a zone polars knows.

    A user in Paris whose first workspace said UTC would see posts at the wrong hour.
    """
    env = os.environ if environ is None else environ
    candidates = [env.get("TZ", "").removeprefix(":").strip()]
    with contextlib.suppress(OSError):
        candidates.append(str(localtime.readlink()))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for candidate in candidates:
        name = candidate.rpartition("zoneinfo/")[2].removeprefix("posix/").removeprefix("right/")
        if name and not name.startswith("/") and validate_timezone(name):
            return "UTC" if name in _UTC_ALIASES else name
    return "UTC"


def load_settings(path: Path) -> Settings:
    """Read kpitui.toml; a missing file gives the defaults."""
    if not path.exists():
        return Settings()
    raw, text = parse_toml(path, read_small(path, SettingsError), SettingsError)

    def fail(key: str, problem: str) -> SettingsError:
        line = key_line(text, key)
        where = f", line {line}" if line else ""
        return SettingsError(f"{path}{where}: {key} {problem}.")

    known = {
        "name",
        "timezone",
        "currency",
        "brand_hashtags",
        "brand_mentions",
        "sources",
        "limits",
        "language",
        "logo",
    }
    for key in raw:
        if key not in known:
            raise fail(key, f"is not a setting (known: {', '.join(sorted(known))})")
    name = _string(raw, "name", _DEFAULTS.name, fail)
    timezone = _string(raw, "timezone", _DEFAULTS.timezone, fail)
    if not validate_timezone(timezone):
        raise fail("timezone", f"= {timezone!r} is not an IANA time zone such as 'Europe/Paris'")
    currency = _string(raw, "currency", _DEFAULTS.currency, fail)
    hashtags = tuple(h.lstrip("#").strip() for h in _strings(raw, "brand_hashtags", fail) if h.strip("# "))
    mentions = tuple(m.strip() for m in _strings(raw, "brand_mentions", fail) if m.strip())
    sources_raw = raw.get("sources", {})
    if not isinstance(sources_raw, dict):
        raise fail("sources", "must be a table of source = network")
    sources: dict[str, str] = {}
    for source, network in sources_raw.items():
        canonical = normalize_network(network) if isinstance(network, str) else None
        if canonical is None:
            raise fail(
                f'"{source}"' if " " in source else source,
                f"maps to {network!r}: expected one of {', '.join(NETWORKS)}",
            )
        sources[source] = canonical
    limits_raw = raw.get("limits", {})
    if not isinstance(limits_raw, dict):
        raise fail("limits", "must be a table of limit = number ([limits] file_mb = 2048)")
    line = key_line(text, next(iter(limits_raw), "limits")) if limits_raw else None
    limits = Limits().with_overrides(limits_raw, f"{path}{f', line {line}' if line else ''}, [limits]")
    logo = _string(raw, "logo", "-", fail) if "logo" in raw else None
    language = raw.get("language")
    if language is not None and (not isinstance(language, str) or normalize(language) is None):
        raise fail("language", f"= {language!r} is not a language of kpitui ({', '.join(LANGUAGES)})")
    return Settings(
        name,
        timezone,
        currency,
        hashtags,
        mentions,
        sources,
        limits,
        normalize(language) if language else None,
        logo,
    )


def write_default_settings(path: Path, *, name: str = "My brand", timezone: str | None = None) -> None:
    """Write a commented kpitui.toml for a new workspace (never over an existing one), in the
    system's time zone unless `timezone` says which."""
    if path.exists():
        return
    timezone = timezone or system_timezone()
    values: dict[str, Any] = {"name": name, "timezone": timezone, "currency": _DEFAULTS.currency}
    body = tomli_w.dumps(values)
    text = (
        "# kpitui workspace settings. Edit by hand; kpitui reads this file at start.\n"
        "# timezone: posts count in the day, weekday and hour of this IANA zone,\n"
        "#   and naive times in imported files are read in it.\n"
        f"{body}"
        '# language = "fr"  (en or fr, when neither --lang nor LC_ALL/LC_MESSAGES/LANG say)\n'
        "# An image (png, jpg, gif, webp, svg) the HTML report shows, relative to this folder:\n"
        '# logo = "logo.png"\n'
        "# Hashtags (without #) whose posts count for brand_hashtag_posts.\n"
        "brand_hashtags = []\n"
        '# Your brand\'s handles, e.g. ["@mybrand"].\n'
        "brand_mentions = []\n\n"
        "# Extra web-analytics sources that belong to a network, e.g.\n"
        '# "newsletter.example.com" = "linkedin"  or  "ig_story / social" = "instagram"\n'
        "[sources]\n\n"
        "# What an import may read, in MB (ratio: a zip member's inflated / compressed size), e.g.\n"
        "# [limits]\n"
        "# file_mb = 1024\n"
        "# member_mb = 1024\n"
        "# archive_mb = 2048\n"
        "# ratio = 100\n"
    )
    atomic_write(path, text.encode("utf-8"))


def render_settings(settings: Settings) -> bytes:
    """The TOML text of `settings` (used to write the demo workspace's file)."""
    values: dict[str, Any] = {
        "name": settings.name,
        "timezone": settings.timezone,
        "currency": settings.currency,
        "brand_hashtags": list(settings.brand_hashtags),
        "brand_mentions": list(settings.brand_mentions),
        "sources": dict(settings.sources),
    }
    if settings.language:
        values = {"language": settings.language, **values}
    if settings.logo is not None:
        values["logo"] = settings.logo
    return tomli_w.dumps(values).encode("utf-8")


def _string(raw: dict[str, Any], key: str, default: str, fail: Any) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a non-empty string")
    return value.strip()


def _strings(raw: dict[str, Any], key: str, fail: Any) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "must be a list of strings")
    return value
