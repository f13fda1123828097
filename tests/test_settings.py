"""kpitui.toml: defaults, values, and mistakes reported with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitui.core.errors import SettingsError
from kpitui.core.settings import Settings, load_settings, write_default_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "kpitui.toml") == Settings()


def test_default_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "kpitui.toml"
    write_default_settings(path, name="Acme", timezone="Europe/Paris")
    settings = load_settings(path)
    assert (settings.name, settings.timezone, settings.brand_hashtags) == ("Acme", "Europe/Paris", ())
    before = path.read_bytes()
    write_default_settings(path, name="Other")  # never over an existing file
    assert path.read_bytes() == before


def test_values(tmp_path: Path) -> None:
    path = tmp_path / "kpitui.toml"
    path.write_text(
        'name = "Acme"\ntimezone = "Asia/Tokyo"\ncurrency = "JPY"\nbrand_hashtags = ["#Acme", "acmelove"]\n'
        '[sources]\n"newsletter / email" = "LinkedIn"\n'
    )
    settings = load_settings(path)
    assert settings.brand_hashtags == ("Acme", "acmelove")
    assert settings.sources == {"newsletter / email": "linkedin"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "A"\ntimezone = "Mars/Olympus"\n', "line 2: timezone = 'Mars/Olympus' is not an IANA"),
        ('name = "A"\ncolour = "red"\n', "line 2: colour is not a setting"),
        ('name = "A"\nbrand_hashtags = "acme"\n', "line 2: brand_hashtags must be a list"),
        ('name = "A"\n[sources]\nfoo = "myspace"\n', "line 3: foo maps to 'myspace'"),
        ('name = "A\n', "line 1"),
    ],
)
def test_mistakes_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "kpitui.toml"
    path.write_text(text)
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        (":Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
    ],
)
def test_new_workspace_takes_the_zone_of_the_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tz: str, expected: str
) -> None:
    """A user in Tokyo gets a workspace in Tokyo time, not UTC (posts at the right hour)."""
    from kpitui.core.workspace import Workspace

    monkeypatch.setenv("TZ", tz)
    workspace = Workspace(tmp_path / "ws")
    workspace.create()
    assert load_settings(workspace.settings_path).timezone == expected


def test_system_zone_read_from_localtime_then_timezone_file(tmp_path: Path) -> None:
    from kpitui.core.settings import system_timezone

    link = tmp_path / "localtime"
    link.symlink_to("../usr/share/zoneinfo/Europe/Lisbon")  # dangling is fine: only its name counts
    named = tmp_path / "timezone"
    named.write_text("Australia/Sydney\n")
    missing = tmp_path / "missing"
    assert system_timezone({"TZ": "Mars/Olympus"}, link, named) == "Europe/Lisbon"  # an unknown TZ is skipped
    assert system_timezone({}, missing, named) == "Australia/Sydney"
    assert system_timezone({"TZ": ""}, missing, missing) == "UTC"  # the system says nothing
    assert system_timezone({"TZ": "Etc/UTC"}, missing, missing) == "UTC"  # UTC by its plain name


def test_a_file_saved_with_a_byte_order_mark_reads_as_without_and_bad_bytes_name_the_line(
    tmp_path: Path,
) -> None:
    """Notepad starts UTF-8 files with a byte order mark: kpitui.toml and objectives.toml read the
    same with it; a byte that is not UTF-8 is reported with its line, mark or not."""
    from kpitui.core import objectives as objs
    from kpitui.core.errors import ObjectivesError

    settings = tmp_path / "kpitui.toml"
    settings.write_bytes(b'\xef\xbb\xbfname = "Caf\xc3\xa9"\ntimezone = "Asia/Tokyo"\n')
    assert (load_settings(settings).name, load_settings(settings).timezone) == ("Café", "Asia/Tokyo")
    objectives = tmp_path / "objectives.toml"
    body = (
        b'schema_version = 1\n\n[[objective]]\nid = "er"\ntitle = "ER \xc3\xa0 4%"\nnetwork = "instagram"\n'
        b'kpi = "engagement_rate"\ncomparison = ">="\nperiod = "2026-Q1"\ntarget = 0.04\n'
    )
    objectives.write_bytes(b"\xef\xbb\xbf" + body)
    marked = objs.load(objectives)
    objectives.write_bytes(body)
    assert [o.title for o in marked.objectives] == [o.title for o in objs.load(objectives).objectives]
    assert marked.objectives[0].title == "ER à 4%"
    settings.write_bytes(b'\xef\xbb\xbfname = "A"\ntimezone = "\xff"\n')
    with pytest.raises(SettingsError, match="line 2: not UTF-8"):
        load_settings(settings)
    objectives.write_bytes(b"\xef\xbb\xbf" + body.replace(b"\xc3\xa0", b"\xe0"))
    with pytest.raises(ObjectivesError, match="line 5: not UTF-8"):
        objs.load(objectives)
