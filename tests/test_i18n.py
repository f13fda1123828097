"""kpitui in French: the catalog, the language chosen, numbers and dates, input, machine formats."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kpitui.cli import main
from kpitui.core import format as fmt
from kpitui.core import i18n, kpis
from kpitui.core import objectives as objs
from kpitui.core.errors import InputError, SettingsError
from kpitui.core.importers import read_file, sources
from kpitui.core.periods import parse_period
from kpitui.core.settings import load_settings
from test_cli import OBJECTIVES, imported

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "src" / "kpitui" / "locale" / "fr" / "LC_MESSAGES" / "kpitui.po"
NBSP = "\u00a0"


@pytest.fixture
def french() -> None:
    i18n.set_language("fr")


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The small workspace of test_cli (posts, daily, traffic of 2026-Q1) with its objectives."""
    root = imported(tmp_path, capsys)
    (root / "objectives.toml").write_text(OBJECTIVES)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the catalog ---------------------------------------------------------------------


def _fields(text: str) -> list[str]:
    """The placeholders a translation must keep, by name: `{name}`, `{week}` (of `{week:02d}`),
    `%(prog)s`, `%s`."""
    return sorted(re.sub(r":[^}]*", "", f) for f in re.findall(r"\{[^{}]*\}|%\([a-z_]+\)[sr]|%[sr]", text))


def french_catalog() -> Catalog:
    with PO.open("rb") as source:
        return read_po(source)


def test_every_entry_of_the_french_catalog_is_translated_with_its_placeholders() -> None:
    catalog = french_catalog()
    entries = [m for m in catalog if m.id]
    assert len(entries) > 250
    for message in entries:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and "fuzzy" not in message.flags, f"untranslated: {message.id!r}"
        assert len(strings) == (catalog.num_plurals if len(ids) == 2 else 1) == len(ids)
        for text in strings:
            assert _fields(text) == _fields(ids[-1]), f"{message.id!r} → {text!r}"


def test_every_string_the_code_marks_is_in_the_catalog() -> None:
    """A string wrapped in `_`, `ngettext`, `pgettext`, `N_` or `NP_` and not yet in the .po
    would show in English to a French user: extract as `pybabel extract` does and compare."""
    catalog = french_catalog()
    keywords = {
        "_": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "N_": None,
        "NP_": ((1, "c"), 2),
    }
    found = set()
    for _name, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=[("src/kpitui/**.py", "python")], keywords=keywords
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert found - known == set()
    assert len(found) > 250


def test_plural_forms_in_french(french: None) -> None:
    assert i18n.ngettext("{n} row(s)", "{n} row(s)", 1).format(n=1) == "1 ligne"
    assert i18n.ngettext("{n} row(s)", "{n} row(s)", 0).format(n=0) == "0 ligne"
    assert i18n.ngettext("{n} row(s)", "{n} row(s)", 2).format(n=2) == "2 lignes"
    assert parse_period("last-1d", as_of=date(2026, 3, 31)).name == "1 dernier jour"
    assert parse_period("last-28d", as_of=date(2026, 3, 31)).name == "28 derniers jours"
    assert kpis.get("posts").label == "Publications"
    assert kpis.get("engagement_rate").label == "Taux d'engagement"


def test_status_words_and_families_follow_the_language() -> None:
    assert [objs.STATUS_LABELS[s] for s in objs.STATUSES] == [
        "missed",
        "at risk",
        "no data",
        "on track",
        "achieved",
        "not started",
    ]
    i18n.set_language("fr")
    assert [objs.STATUS_LABELS[s] for s in objs.STATUSES] == [
        "manqué",
        "à risque",
        "pas de données",
        "en bonne voie",
        "atteint",
        "pas commencé",
    ]
    assert kpis.FAMILIES["traffic"] == "Trafic généré sur le site"
    assert (
        kpis.get("reach").note
        == "additionnée sur les publications : ce n'est pas un nombre de personnes uniques"
    )
    assert kpis.COMPONENTS["posts"].label == "publications publiées"


# --- numbers and dates ----------------------------------------------------------------


def test_french_numbers_percentages_and_currencies(french: None) -> None:
    assert fmt.value(0.045, "ratio") == f"4,50{NBSP}%"
    assert fmt.value(12000, "count") == f"12{NBSP}000"
    assert fmt.value(1234567.25, "count") == f"1{NBSP}234{NBSP}567,2"  # Python's rounding: .25 → .2
    assert fmt.value(-1234.5, "currency") == f"-1{NBSP}234,50{NBSP}€"
    assert fmt.value(99.5, "currency", "USD") == f"99,50{NBSP}$US"
    assert fmt.value(12.5, "hours") == f"12,5{NBSP}h"
    assert fmt.value(None, "count") == "—"
    assert fmt.change(0.032, "count") == f"+3,2{NBSP}%"
    assert fmt.change(-0.003, "ratio") == "-0,30 pt"
    assert fmt.change(-0.0000001, "count") == f"0,0{NBSP}%"  # no "-0,0"
    assert fmt.change(None, "count", now=3, before=0) == "nouveau"
    assert fmt.progress(0.876) == f"88{NBSP}%"
    assert fmt.day(date(2025, 9, 1)) == "1 septembre 2025"
    assert objs.format_target(0.045, "ratio") == f"4,5{NBSP}%"
    assert objs.format_target(12000, "count") == f"12{NBSP}000"


def test_english_numbers_are_those_kpitui_always_wrote() -> None:
    assert fmt.value(0.045, "ratio") == "4.50%"
    assert fmt.value(12000, "count") == "12,000"
    assert fmt.value(-1234.5, "currency") == "-€1,234.50"
    assert fmt.change(-0.003, "ratio") == "-0.30 pp"
    assert fmt.day(date(2025, 9, 1)) == "2025-09-01"
    assert objs.format_target(0.045, "ratio") == "4.5%"
    assert parse_period("2026-Q1").describe() == "2026-Q1 (2026-01-01..2026-03-31)"


def test_days_and_moments_in_tables_follow_the_language() -> None:
    """The chart's table and the explain view's "imported on" write days as the reader does."""
    assert fmt.short_day(date(2026, 10, 1)) == "2026-10-01"
    assert fmt.moment("2026-12-07T14:37:05+00:00") == "2026-12-07 14:37"
    with i18n.using("fr"):
        assert fmt.short_day(date(2026, 10, 1)) == "1 oct. 2026"
        assert fmt.moment("2026-12-07T14:37:05+00:00") == "7 déc. 2026 14:37"
        assert fmt.moment("not a time") == "not a time"


def test_french_period_names(french: None) -> None:
    assert parse_period("2025-09").name == "sept. 2025"
    assert parse_period("2026-Q1").name == "T1 2026"
    assert parse_period("2026-H1").name == "S1 2026"
    assert parse_period("2026-W14").name == "semaine 14 de 2026"
    assert parse_period("2026-Q1").describe() == "T1 2026 (1 janv. – 31 mars 2026)"
    assert parse_period("2026-03-02..2026-03-08").describe() == "2–8 mars 2026"
    assert parse_period("mtd", as_of=date(2026, 3, 10)).describe() == "mois en cours (1–10 mars 2026)"
    assert parse_period("2026-Q1").label == "2026-Q1"  # the stable spelling does not change


# --- input in both conventions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "target"),
    [
        ("4,5 %", "ratio", 0.045),
        ("4.5%", "ratio", 0.045),
        (f"4,5{NBSP}%", "ratio", 0.045),
        ("12 000", "count", 12000),
        (f"12{NBSP}000", "count", 12000),
        ("12\u202f000", "count", 12000),
        ("12k", "count", 12000),
        ("1,5k", "count", 1500),
    ],
)
def test_targets_read_in_both_conventions(text: str, unit: kpis.Unit, target: float) -> None:
    assert objs.parse_target(text, unit) == target
    i18n.set_language("fr")
    assert objs.parse_target(text, unit) == target


def test_a_comma_groups_thousands_only_in_english() -> None:
    assert objs.parse_target("12,000", "count") == 12000
    i18n.set_language("fr")
    assert objs.parse_target("4,500", "count") == 4.5
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        objs.parse_target("beaucoup", "count")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_target_shown_to_edit_reads_back_the_same(language: i18n.Language) -> None:
    """The objective form fills its target field with `target_text`: saving it unchanged must
    keep the target (a French `4,5 %` whose comma became a space would read 45 %)."""
    i18n.set_language(language)
    for target, unit in ((0.045, "ratio"), (0.1234, "ratio"), (12000.0, "count"), (1234.5, "currency")):
        assert objs.parse_target(objs.target_text(target, unit), unit) == target  # type: ignore[arg-type]
    assert objs.target_text(12000, "count") == ("12 000" if language == "en" else f"12{NBSP}000")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("T1 2026", "2026-Q1"),
        ("t4 2025", "2025-Q4"),
        ("Q1 2026", "2026-Q1"),
        ("2026-T2", "2026-Q2"),
        ("S1 2026", "2026-H1"),
        ("2026-S2", "2026-H2"),
        ("mars 2026", "2026-03"),
        ("sept. 2025", "2025-09"),
        ("Février 2026", "2026-02"),
        ("March 2026", "2026-03"),
        ("semaine 14 de 2026", "2026-W14"),
    ],
)
def test_periods_read_in_both_conventions(text: str, label: str) -> None:
    assert parse_period(text).label == label


def test_a_period_in_no_convention_is_refused_in_french(french: None) -> None:
    with pytest.raises(Exception, match="n'est pas une période") as error:
        parse_period("T5 2026")
    assert "T1 2026" in str(error.value)


# --- choosing the language -----------------------------------------------------------------


def test_the_language_comes_from_the_option_then_the_environment_then_the_settings() -> None:
    assert i18n.choose(None, {}, None) == "en"
    assert i18n.choose(None, {"LANG": "fr_FR.UTF-8"}, None) == "fr"
    assert i18n.choose("en", {"LANG": "fr_FR.UTF-8"}, "fr") == "en"
    assert i18n.choose(None, {"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, None) == "en"
    assert i18n.choose(None, {"LC_MESSAGES": "fr_CA", "LANG": "en_US.UTF-8"}, None) == "fr"
    assert i18n.choose(None, {"LANG": "C.UTF-8"}, "fr") == "fr"  # C names no language
    assert i18n.choose(None, {"LANG": "POSIX"}, None) == "en"
    assert i18n.choose(None, {"LANG": "de_DE.UTF-8"}, "fr") == "fr"  # German: not ours, so the setting
    assert i18n.choose(None, {"LANG": "de_DE.UTF-8"}, None) == "en"


def test_lang_fr_and_a_french_environment_speak_french(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "--workspace", str(ws), "check", "--as-of", "2026-03-31")
    assert code == 1 and "objectives running at the as-of date" in out and "missed" in out
    code, out, _ = run(capsys, "--workspace", str(ws), "check", "--as-of", "2026-03-31", "--lang", "fr")
    assert code == 1
    assert "objectifs en cours à la date de référence, au 31 mars 2026" in out
    assert "manqué" in out and "atteint" in out
    assert "1 objectif sur 2 à risque ou manqué." in out
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert run(capsys, "--workspace", str(ws), "check", "--as-of", "2026-03-31")[1] == out
    english = run(capsys, "--lang", "en", "--workspace", str(ws), "check", "--as-of", "2026-03-31")[1]
    assert "objectives running at the as-of date" in english and "manqué" not in english


def test_the_workspace_setting_speaks_when_the_environment_does_not(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (ws / "kpitui.toml").write_text('name = "Acme"\nlanguage = "fr"\n')
    out = run(capsys, "--workspace", str(ws), "objectives", "list")[1]
    assert out.splitlines()[0].split() == ["ID", "Réseau", "KPI", "Cible", "Période", "Titre"]
    assert f"≥ 3{NBSP}%" in out  # the one symbol every table writes (issue 17)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "Network" in run(capsys, "--workspace", str(ws), "objectives", "list")[1]


def test_a_language_kpitui_does_not_speak_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kpitui.toml").write_text('name = "Acme"\n\nlanguage = "de"\n')
    with pytest.raises(SettingsError, match=r"kpitui\.toml, line 3: language = 'de' is not a language"):
        load_settings(tmp_path / "kpitui.toml")
    code, _, err = run(capsys, "--lang", "de", "report")
    assert code == 2 and "invalid choice: 'de'" in err


def test_help_and_argparse_errors_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "check", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage : kpitui check") and "afficher cette aide et quitter" in out
    assert "évaluer à cette date" in out
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "check", "--format", "xml"])
    assert "erreur : argument --format : choix invalide : 'xml'" in capsys.readouterr().err


# --- machine formats do not change with the language -------------------------------------------


def test_json_and_csv_are_the_same_bytes_in_both_languages(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ["report", "--period", "2026-Q1", "--format", "json"],
        ["report", "--period", "2026-Q1", "--format", "csv"],
        ["check", "--as-of", "2026-03-31", "--format", "json"],
        ["objectives", "list", "--format", "json"],
    ):
        english = run(capsys, "--workspace", str(ws), *args)[1]
        french = run(capsys, "--workspace", str(ws), "--lang", "fr", *args)[1]
        assert (
            english == french
            and "Engagement rate"
            in run(capsys, "--workspace", str(ws), "--lang", "fr", "report", "--format", "csv")[1]
        )


def test_an_objective_added_in_french_is_stored_as_in_english(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ["objectives", "add", "--network", "instagram", "--kpi", "engagement_rate", "--period"]
    (ws / "objectives.toml").unlink()
    assert run(capsys, "--workspace", str(ws), *add, "2026-Q2", "--target", "4.5%")[0] == 0
    english = (ws / "objectives.toml").read_bytes()
    (ws / "objectives.toml").unlink()
    code, out, _ = run(capsys, "--workspace", str(ws), "--lang", "fr", *add, "2026-Q2", "--target", "4,5 %")
    assert code == 0 and out.startswith("Ajouté instagram-engagement_rate-2026-q2 : ")
    assert (ws / "objectives.toml").read_bytes() == english
    assert b'title = "Instagram engagement rate \xe2\x89\xa5 4.5% in 2026-Q2"' in english


# --- the wheel ---------------------------------------------------------------------------------


def test_the_wheel_carries_the_compiled_french_catalog(tmp_path: Path) -> None:
    """`pip wheel .` runs the build hook (hatch_build.py): the wheel holds kpitui.mo, which
    translates as the .po does. About ten seconds: a real build, in its own environment."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(tmp_path), "--no-deps", "-q"],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("kpitui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        compiled = archive.read("kpitui/locale/fr/LC_MESSAGES/kpitui.mo")
    assert "kpitui/locale/fr/LC_MESSAGES/kpitui.po" in names
    catalog = gettext.GNUTranslations(io.BytesIO(compiled))
    assert catalog.pgettext("status", "at risk") == "à risque"
    assert catalog.ngettext("{n} row(s)", "{n} row(s)", 2) == "{n} lignes"
    assert not list((ROOT / "src").rglob("*.mo"))  # never in the source tree


def test_an_importer_error_speaks_french(french: None, tmp_path: Path) -> None:
    """A refused cell and a refused archive are told in French, with the file, row and column."""
    path = tmp_path / "posts.csv"
    path.write_text("network,account,post_id,published_at,likes\ninstagram,acme,1,2026-01-10T10:00:00Z,abc\n")
    with pytest.raises(InputError) as refused:
        read_file(path)
    assert f"{path}, ligne 2, colonne 'likes' : trouvé 'abc', attendu" in str(refused.value)
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("notes.pdf", "nothing to import")
    with pytest.raises(InputError, match="l'archive ne contient aucun fichier d'export"):
        sources([archive])


def test_a_file_no_importer_reads_is_refused_in_french(french: None, tmp_path: Path) -> None:
    """The refusal says, in French, that the format is unknown and what the file looks like."""
    path = tmp_path / "notes.csv"
    path.write_text("colour,size\nred,3\n")
    with pytest.raises(InputError) as refused:
        read_file(path)
    message = str(refused.value)
    assert message.startswith(
        f"{path} : pas un format d'export connu (premières colonnes : 'colour', 'size')."
    )
    assert "Formats essayés : " in message


def test_an_empty_key_cell_is_refused_in_french(french: None, tmp_path: Path) -> None:
    """A row without the post id every row needs: the file, row and column, in French."""
    path = tmp_path / "posts.csv"
    path.write_text("network,account,post_id,published_at,likes\ninstagram,acme,,2026-01-10T10:00:00Z,3\n")
    with pytest.raises(InputError, match="ligne 2, colonne 'post_id' : vide, alors que chaque ligne demande"):
        read_file(path)
