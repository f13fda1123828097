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
