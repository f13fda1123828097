"""Google Analytics imports: GA4 report downloads and Universal Analytics CSV exports.

Fixtures are under tests/fixtures/analytics/ (written by make_fixtures.py from
FORMATS.md section 7, invented property "Copper Kettle Tea"); the expected
values below are read off those files by hand.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from kpitui.cli import main
from kpitui.core.errors import InputError
from kpitui.core.importers import ImportOptions, importers, load_sample, read_file
from kpitui.core.importers.analytics import GA4Report, UniversalAnalytics

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analytics"
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"

GA4 = GA4Report()
UA = UniversalAnalytics()


def fixture(name: str) -> Path:
    return FIXTURES / name


def traffic(path: Path, options: ImportOptions | None = None) -> pl.DataFrame:
    return read_file(path, options).tables["traffic"]


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


GA4_PREAMBLE = """\
# ----------------------------------------
# Traffic acquisition: Session source / medium
# Account: Copper Kettle Tea
# Property: copperkettle.example - GA4
# ----------------------------------------
# 
# All Users
# Start date: 20260301
# End date: 20260331
"""
GA4_HEADER = "Session source / medium,Date,Sessions,Engaged sessions,Key events,Total revenue\n"
GA4_ROWS = "google / organic,20260301,100,60,2,10.5\nt.co / referral,20260302,40,20,1,0\n"


# --- GA4 -------------------------------------------------------------------------------------


def test_ga4_daily_rows_by_source_medium() -> None:
    path = fixture("ga4_source_medium_daily.csv")
    parsed = read_file(path)
    assert parsed.format == "ga4" and parsed.warnings == [] and parsed.skipped == 0
    frame = parsed.tables["traffic"]
    assert frame.height == 7  # the Grand total row is not a source
    assert frame["sessions"].sum() == 2190  # ... and equals the sum of the rows
    first = frame.row(0, named=True)
    assert first == {
        "date": date(2026, 3, 1),
        "date_end": date(2026, 3, 1),
        "source": "google",
        "medium": "organic",
        "network": None,
        "sessions": 1025,  # written "1,025"
        "engaged_sessions": 700,
        "conversions": 14.0,
        "leads": None,  # GA4 reports carry no leads: null, not 0
        "revenue": 620.5,
    }
    assert frame["source"].to_list() == [
        "google",
        "google",
        "l.facebook.com",
        "(direct)",
        "t.co",
        "(not set)",
        "lm.facebook.com",
    ]
    assert frame["medium"].to_list() == [
        "organic",
        "organic",
        "referral",
        "(none)",
        "referral",
        None,
        "referral",
    ]
    assert (frame["date"] == frame["date_end"]).all()
    assert frame["conversions"].sum() == 37 and frame["revenue"].sum() == pytest.approx(1520.4)
    assert frame.filter(pl.col("source") == "t.co")["revenue"].to_list() == [0.0]  # a real zero stays 0
    assert frame["leads"].null_count() == 7
    assert parsed.days == (date(2026, 3, 1), date(2026, 3, 3))
    # the file does not say when it was made: its modification time is the export time
    assert parsed.exported_at == datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def test_ga4_channel_groups_are_imported_unattributed_with_a_warning() -> None:
    parsed = read_file(fixture("ga4_channel_group.csv"))  # CRLF, blank line before the header
    frame = parsed.tables["traffic"]
    assert parsed.format == "ga4"
    assert frame["source"].to_list() == [
        "Organic Search",
        "Direct",
        "Organic Social",
        "Paid Social",
        "Unassigned",
    ]
    assert frame["medium"].null_count() == 5
    assert frame["sessions"].to_list() == [4200, 2100, 640, 310, 12]
    assert frame["revenue"].to_list() == [3900.25, 2100.0, 210.4, 99.0, 0.0]
    assert set(frame["date"]) == {date(2026, 4, 1)} and set(frame["date_end"]) == {date(2026, 4, 30)}
    channel = next(w for w in parsed.warnings if "channel groups" in w)
    assert "social traffic for all networks" in channel and "never for one network" in channel
    assert "denominator" not in channel  # they are no longer only counted in the share's denominator
    assert "'Session source / medium'" in channel and "counted twice" in channel
    assert any("2026-04-01..2026-04-30" in w for w in parsed.warnings)


def test_ga4_localised_preamble_bom_crlf_and_date_first() -> None:
    raw = fixture("ga4_date_first_fr.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    frame = traffic(fixture("ga4_date_first_fr.csv"))
    assert frame.select("date", "source", "medium", "sessions").rows() == [
        (date(2026, 7, 1), "instagram.com", "referral", 44),
        (date(2026, 7, 1), "google", "cpc", 120),
        (date(2026, 7, 2), "instagram.com", "referral", 51),
        (date(2026, 7, 2), "facebook", "paid_social", 75),
    ]
    assert frame["engaged_sessions"].to_list() == [30, 80, 29, 20]


def test_ga4_comparison_keeps_the_main_range_only() -> None:
    parsed = read_file(fixture("ga4_comparison.csv"))
    frame = parsed.tables["traffic"]
    assert frame.select(
        "source", "medium", "sessions", "engaged_sessions", "conversions", "revenue"
    ).rows() == [
        ("google", None, 1200, 750, 25.0, 700.0),  # `Conversions`, the pre-2024 name of key events
        ("t.co", None, 300, 150, 5.0, 100.0),
    ]
    assert set(frame["date"]) == {date(2025, 9, 1)} and set(frame["date_end"]) == {date(2025, 9, 30)}
    compared = next(w for w in parsed.warnings if "compares two date ranges" in w)
    assert (
        "'Sep 1, 2025 - Sep 30, 2025'" in compared and "2 row(s) of 'Aug 1, 2025 - Aug 31, 2025'" in compared
    )


def test_ga4_range_line_key_event_name_and_purchase_revenue() -> None:
    frame = traffic(fixture("ga4_range_line.csv"))
    assert frame.select("date", "date_end").unique().rows() == [(date(2025, 4, 13), date(2025, 7, 11))]
    assert frame["source"].to_list() == ["linkedin.com", "lnkd.in", "newsletter"]
    assert frame["conversions"].to_list() == [7.0, 1.0, 30.0]  # `Key events (purchase)`
    assert frame["revenue"].to_list() == [350.75, 40.0, 1999.99]
    assert frame.height == 3  # the `Date,Sessions` chart table is not read


def test_ga4_custom_channel_group() -> None:
    parsed = read_file(fixture("ga4_custom_channel_group.csv"))
    frame = parsed.tables["traffic"]
    assert frame["source"].to_list() == ["Affiliates", "Social - Organic", "Other"]
    assert frame["sessions"].to_list() == [350, 600, 150]  # not Active users
    assert any("'Session Copper - Partner_Channels_v2'" in w for w in parsed.warnings)


def test_ga4_reports_snapshot_reads_the_sessions_table_wherever_it_is() -> None:
    parsed = read_file(fixture("ga4_reports_snapshot.csv"))  # CRLF, 7 stacked tables
    frame = parsed.tables["traffic"]
    assert parsed.format == "ga4"
    # the 4th table (row 31), not the first user's channel groups (New users) above it
    assert frame.select("source", "sessions").rows() == [
        ("Direct", 900),
        ("Organic Search", 300),
        ("Referral", 120),
        ("Organic Social", 45),
        ("Paid Social", 15),
    ]
    assert set(frame["date"]) == {date(2026, 1, 1)} and set(frame["date_end"]) == {date(2026, 3, 31)}
    stacked = next(w for w in parsed.warnings if "stacks" in w)
    assert "7 tables" in stacked and "'Session primary channel group (Default Channel Group)'" in stacked
    assert "row 31" in stacked
    assert any("channel groups" in w and "never for one network" in w for w in parsed.warnings)


def test_ga4_stacked_source_medium_wins_over_channel_groups_never_both() -> None:
    parsed = read_file(fixture("ga4_stacked_channel_and_source.csv"))
    frame = parsed.tables["traffic"]
    assert frame.select("source", "medium", "sessions", "engaged_sessions").rows() == [
        ("l.instagram.com", "referral", 50, 30),
        ("m.facebook.com", "referral", 20, 12),
        ("(direct)", "(none)", 30, 10),
    ]
    assert frame["sessions"].sum() == 100  # the channel groups' 70 + 30 are the same sessions
    stacked = next(w for w in parsed.warnings if "stacks" in w)
    assert "leaves out the sessions by 'Session default channel group' (row 10)" in stacked
    assert "count them twice" in stacked
    assert not any("channel groups (" in w for w in parsed.warnings)


def test_ga4_channel_groups_resaved_by_a_spreadsheet() -> None:
    parsed = read_file(fixture("ga4_channel_group_excel.csv"))  # commas padding every line
    frame = parsed.tables["traffic"]
    assert frame.select("source", "sessions", "engaged_sessions", "conversions", "revenue").rows() == [
        ("Organic Search", 1204, 800, 10.0, 120.5),  # "1,204"
        ("Direct", 410, 200, 4.0, 0.0),
        ("Organic Social", 61, 30, 1.0, 15.0),
        ("Paid Social", 29, 9, 0.0, 0.0),
    ]  # the notes block under the table is not read
    assert set(frame["date"]) == {date(2026, 6, 1)} and set(frame["date_end"]) == {date(2026, 6, 7)}


def test_ga4_value_under_a_padding_column_is_refused(tmp_path: Path) -> None:
    text = (
        fixture("ga4_channel_group_excel.csv")
        .read_text()
        .replace("Direct,300,410,200,0.487804878,4,0,,", "Direct,300,410,200,0.487804878,4,0,,9")
    )
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=r"row 13: a value after the last named column \('Total revenue'\)"):
        read_file(path)


def refusal(path: Path) -> str:
    """The message of the InputError that reading `path` raises."""
    with pytest.raises(InputError) as err:
        read_file(path)
    return str(err.value)


def test_ga4_pages_and_screens_is_refused_saying_what_it_is_and_what_to_download() -> None:
    path = fixture("ga4_pages_and_screens.csv")
    message = refusal(path)
    assert message.startswith(f"{path}, row 10: no 'Sessions' column: this is a Google Analytics report ")
    assert "'Pages and screens'" in message and "'Page path and screen class', 'Views'" in message
    assert "download it by 'Session source / medium'" in message
    assert "\n" not in message


def reported(tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path, period: str) -> dict:
    """The `kpis` of `kpitui report --format json` for `period` after importing `path` alone."""
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--workspace", ws, "report", "--period", period, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["kpis"]


def test_ga4_reports_snapshot_without_sessions_is_refused_saying_so(tmp_path: Path) -> None:
    text = fixture("ga4_reports_snapshot.csv").read_text().replace("\r\n", "\n")
    start = text.index("#  \n# Start date: 20260101\n# End date: 20260331\nSession primary")
    end = text.index("#  \n", start + 4)
    path = write(tmp_path, text[:start] + text[end:])  # the sessions table taken out
    message = refusal(path)
    assert message.startswith(
        f"{path}, row 9: no 'Sessions' column: this is a Google Analytics report 'Reports snapshot' of "
        "6 tables, none of them of sessions per traffic source (the first: 'Nth week', 'Active users')."
    )
    assert "download it by 'Session source / medium'" in message


def test_ga4_channel_groups_count_as_social_traffic_of_all_networks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kpis = reported(tmp_path, capsys, fixture("ga4_channel_group.csv"), "2026-04")
    # Organic Social 640 + Paid Social 310 of 4200 + 2100 + 640 + 310 + 12 sessions
    assert kpis["all"]["social_traffic_share"]["value"] == pytest.approx(950 / 7262)
    assert all(kpis[n]["sessions"]["value"] is None for n in kpis if n != "all" and "sessions" in kpis[n])


def test_ga4_date_only_report_is_refused_with_the_reason() -> None:
    path = fixture("ga4_date_only.csv")
    message = refusal(path)
    assert message.startswith(f"{path}, row 10: the report's only dimension is the date")
    assert "counted a second time" in message and "Session source / medium" in message


# --- GA4 downloaded in another interface language ---------------------------------------------

TRAFFIC_COLUMNS = (
    "date",
    "date_end",
    "source",
    "medium",
    "sessions",
    "engaged_sessions",
    "conversions",
    "revenue",
)

LOCALISED = {
    # French: `Total général` row left out; "1 234" (narrow no-break space), "1 020,50"
    "ga4_source_medium_fr.csv": [
        (date(2026, 3, 1), date(2026, 3, 1), "google", "organic", 1234, 800, 14.0, 1020.5),
        (date(2026, 3, 1), date(2026, 3, 1), "l.facebook.com", "referral", 240, 130, 3.0, 89.9),
        (date(2026, 3, 2), date(2026, 3, 2), "instagram.com", "referral", 96, 40, 2.0, 12.5),
        (date(2026, 3, 2), date(2026, 3, 2), "(direct)", "(none)", 775, 432, 18.0, 397.1),
    ],
    # Spanish channel groups over the preamble's range: "2.050" sessions, "1.234,56" revenue
    "ga4_channel_group_es.csv": [
        (date(2026, 4, 1), date(2026, 4, 30), "Organic Search", None, 2050, 1400, 40.0, 1234.56),
        (date(2026, 4, 1), date(2026, 4, 30), "Direct", None, 1100, 600, 15.0, 1000.01),
        (date(2026, 4, 1), date(2026, 4, 30), "Organic Social", None, 350, 130, 4.0, 111.1),
        (date(2026, 4, 1), date(2026, 4, 30), "Paid Social", None, 110, 30, 1.0, 0.0),
    ],
    # Portuguese: `Data` first, source and medium in two columns, "1.025" and "1.025,75"
    "ga4_source_and_medium_pt.csv": [
        (date(2026, 5, 1), date(2026, 5, 1), "facebook", "paid_social", 1025, 610, 7.0, 1025.75),
        (date(2026, 5, 1), date(2026, 5, 1), "linkedin.com", "referral", 88, 40, 1.0, 0.0),
        (date(2026, 5, 2), date(2026, 5, 2), "google", "organic", 430, 300, 5.0, 312.4),
    ],
    # German: `Sitzung – Quelle/Medium`, `Datum`, `Gesamtsumme` left out, "2.000,00"
    "ga4_source_medium_de.csv": [
        (date(2026, 6, 1), date(2026, 6, 1), "t.co", "referral", 1000, 700, 6.0, 2000.0),
        (date(2026, 6, 1), date(2026, 6, 1), "lnkd.in", "referral", 300, 200, 3.0, 500.0),
    ],
    # Italian channel groups by day (`Data`), `Totale` left out
    "ga4_channel_group_it.csv": [
        (date(2026, 7, 1), date(2026, 7, 1), "Organic Social", None, 120, 80, 2.0, 45.5),
        (date(2026, 7, 1), date(2026, 7, 1), "Direct", None, 300, 150, 5.0, 210.0),
        (date(2026, 7, 2), date(2026, 7, 2), "Organic Social", None, 90, 50, 1.0, 0.0),
    ],
}


@pytest.mark.parametrize("name", sorted(LOCALISED))
def test_ga4_localised_download(name: str) -> None:
    parsed = read_file(fixture(name))
    assert parsed.format == "ga4"
    assert parsed.tables["traffic"].select(TRAFFIC_COLUMNS).rows() == LOCALISED[name]
    channels = "channel_group" in name
    assert any("never for one network" in w for w in parsed.warnings) == channels


@pytest.mark.parametrize(
    ("name", "period", "share"),
    [
        ("ga4_channel_group_es.csv", "2026-04", (350 + 110) / 3610),  # Organic + Paid Social
        ("ga4_channel_group_it.csv", "2026-07", (120 + 90) / 510),
        ("ga4_source_medium_fr.csv", "2026-03", (240 + 96) / 2345),  # l.facebook.com, instagram.com
    ],
)
def test_ga4_localised_social_traffic_share(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, period: str, share: float
) -> None:
    kpis = reported(tmp_path, capsys, fixture(name), period)
    assert kpis["all"]["social_traffic_share"]["value"] == pytest.approx(share)


def test_french_names_of_the_social_channel_groups_are_social() -> None:
    from kpitui.core.sources import social_of

    frame = pl.DataFrame(
        {
            "source": ["Réseaux sociaux payants", "Réseaux sociaux organiques", "Recherche naturelle"],
            "medium": [None, None, None],
        },
        schema={"source": pl.String, "medium": pl.String},
    )
    social = frame.select(social_of(pl.col("source"), pl.col("medium"))).to_series().to_list()
    assert social == [True, True, False]


def test_ga4_metric_of_an_unknown_name_is_found_by_its_numbers(tmp_path: Path) -> None:
    text = GA4_PREAMBLE + (
        "Sitzung – Quelle / Medium,Neue Kennzahl,Sitzungen,Sitzungen mit Interaktionen\n"
        't.co / referral,"1,5",12,5\n'
        "lnkd.in / referral,3,4,2\n"
    )
    frame = traffic(write(tmp_path, text))  # not refused as a second dimension 'Neue Kennzahl'
    assert frame.select("source", "sessions", "engaged_sessions").rows() == [
        ("t.co", 12, 5),
        ("lnkd.in", 4, 2),
    ]


FR_PREAMBLE = """\
# ----------------------------------------
# {title}
# Compte : Bouilloire de Cuivre
# Propriété : bouilloire.example - GA4
# ----------------------------------------
# 
# Date de début : 20260101
# Date de fin : 20260131
"""


def test_ga4_french_pages_report_is_refused_naming_it(tmp_path: Path) -> None:
    text = FR_PREAMBLE.format(title="Pages et écrans : Chemin de la page et classe de l'écran") + (
        "Chemin de la page et classe de l'écran,Vues,Utilisateurs actifs,Nombre d'événements\n"
        "/,410,300,1800\n"
    )
    message = refusal(write(tmp_path, text))
    assert "no 'Sessions' column: this is a Google Analytics report 'Pages et écrans'" in message
    assert "download it by 'Session source / medium'" in message


def test_ga4_french_snapshot_with_spreadsheet_padding(tmp_path: Path) -> None:
    text = FR_PREAMBLE.format(title="Instantané des rapports") + (
        "Nième semaine,Utilisateurs actifs,,\n0000,130,,\n,,,\n"
        "# Date de début : 20260101,,,\n# Date de fin : 20260131,,,\n"
        "Groupe de canaux principal de la session (Groupe de canaux par défaut),Sessions,,\n"
        'Direct,"1 200",,\nRéseaux sociaux payants,80,,\nOrganic Social,20,,\n,,,\n'
        "Les taux d'engagement,,,\n"
    )
    parsed = read_file(write(tmp_path, text))
    frame = parsed.tables["traffic"]
    assert frame.select("source", "sessions").rows() == [
        ("Direct", 1200),
        ("Réseaux sociaux payants", 80),
        ("Organic Social", 20),
    ]
    assert set(frame["date_end"]) == {date(2026, 1, 31)}
    stacked = next(w for w in parsed.warnings if "stacks" in w)  # the notes below count as one
    assert "reads the sessions by 'Groupe de canaux principal de la session" in stacked


def test_ga4_date_of_an_unknown_name_is_found_by_its_days(tmp_path: Path) -> None:
    text = GA4_PREAMBLE + (
        "Session source / medium,Päivämäärä,Istunnot,Sessions,Engaged sessions\n"  # Finnish date
        "t.co / referral,20260301,9,12,5\n"
        "t.co / referral,20260302,3,4,2\n"
    )
    frame = traffic(write(tmp_path, text))  # daily rows, not two rows of the same range
    assert frame.select("date", "date_end", "sessions").rows() == [
        (date(2026, 3, 1), date(2026, 3, 1), 12),
        (date(2026, 3, 2), date(2026, 3, 2), 4),
    ]


def test_ga4_localised_comparison_labels(tmp_path: Path) -> None:
    text = (
        "# ----------------------------------------\n"
        "# Acquisition de trafic : Source de la session\n"
        "# ----------------------------------------\n"
        "# Date de début : 20250901\n"
        "# Date de fin : 20250930\n"
        "# Date de début de la comparaison : 20250801\n"
        "# Date de fin de la comparaison : 20250831\n"
        "Source de la session,Plage de dates,Sessions,Sessions avec engagement\n"
        "google,1 août 2025 - 31 août 2025,1000,560\n"
        "google,1 sept. 2025 - 30 sept. 2025,1200,750\n"
    )
    parsed = read_file(write(tmp_path, text))
    frame = parsed.tables["traffic"]  # the main range is found by its dates, though listed second
    assert frame.select("date", "date_end", "source", "sessions").rows() == [
        (date(2025, 9, 1), date(2025, 9, 30), "google", 1200)
    ]
    assert any("'1 août 2025 - 31 août 2025' are left out" in w for w in parsed.warnings)


def test_ga4_amount_that_reads_two_ways_is_refused(tmp_path: Path) -> None:
    text = (
        GA4_PREAMBLE
        + "Session source / medium,Sessions,Engaged sessions,Total revenue\ngoogle / organic,10,5,1.234\n"
    )
    with pytest.raises(
        InputError, match=r"row 11, column 'Total revenue': '1.234' reads as 1234 or as 1.234"
    ):
        read_file(write(tmp_path, text))


def test_ga4_without_preamble_reads_daily_rows(tmp_path: Path) -> None:
    parsed = read_file(write(tmp_path, GA4_HEADER + GA4_ROWS))
    assert parsed.format == "ga4"
    assert parsed.tables["traffic"]["sessions"].to_list() == [100, 40]
    # without a Date dimension the range is needed, and only the preamble has it
    no_date = "Session source / medium,Sessions,Engaged sessions,Key events\ngoogle / organic,5,2,0\n"
    with pytest.raises(InputError, match="no Date dimension and its date range is missing"):
        read_file(write(tmp_path, no_date, "no_date.csv"))


def test_ga4_second_dimension_is_added_up_per_source_and_day(tmp_path: Path) -> None:
    text = GA4_PREAMBLE + (
        "Session source / medium,Device category,Date,Sessions,Engaged sessions,Key events,Total revenue\n"
        "google / organic,desktop,20260301,100,60,2,\n"
        "google / organic,mobile,20260301,50,20,1,\n"
        "t.co / referral,mobile,20260301,9,3,0,\n"
    )
    parsed = read_file(write(tmp_path, text))
    frame = parsed.tables["traffic"].sort("source")
    assert frame.select("source", "sessions", "engaged_sessions", "conversions", "revenue").rows() == [
        ("google", 150, 80, 3.0, None),  # no revenue in any row: still unknown, not 0
        ("t.co", 9, 3, 0.0, None),
    ]
    assert any("second dimension ('Device category')" in w for w in parsed.warnings)


def test_ga4_repeated_key_keeps_the_later_row(tmp_path: Path) -> None:
    rows = GA4_ROWS + "google / organic,20260301,7,1,0,0\n"
    parsed = read_file(write(tmp_path, GA4_PREAMBLE + GA4_HEADER + rows))
    assert parsed.tables["traffic"].sort("date")["sessions"].to_list() == [7, 40]
    assert any("rows 11, 13" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "Landing page + query string,Sessions,Engaged sessions,Key events\n/shop,10,5,1\n",
            "the dimension 'Landing page + query string' does not name a traffic source",
        ),
        (
            "Session source / medium,Event name,Sessions,Engaged sessions\ngoogle / organic,click,10,5\n",
            "second dimension 'Event name'",
        ),
        (
            "Page path and screen class,Views,Active users,Event count\n/,10,5,40\n",
            "no 'Sessions' column",
        ),
    ],
)
def test_ga4_reports_that_name_no_source_are_refused(tmp_path: Path, header: str, message: str) -> None:
    path = write(tmp_path, GA4_PREAMBLE + header)
    with pytest.raises(InputError) as err:
        read_file(path)
    assert str(err.value).startswith(f"{path}, row 10:") and message in str(err.value)


# --- Universal Analytics -----------------------------------------------------------------------


def test_ua_source_medium_range_rows() -> None:
    parsed = read_file(fixture("ua_source_medium.csv"))
    assert parsed.format == "ua"
    frame = parsed.tables["traffic"]
    assert frame.select("source", "medium", "sessions", "conversions").rows() == [
        ("google", "organic", 4923, 125.0),
        ("(direct)", "(none)", 1530, 30.0),
        ("facebook.com", "referral", 455, 2.0),
        ("t.co", "referral", 92, 0.0),
    ]
    assert frame["sessions"].sum() == 7000  # the totals row (empty first cell) is left out
    assert set(frame["date"]) == {date(2019, 9, 1)} and set(frame["date_end"]) == {date(2019, 9, 3)}
    # UA has no engaged sessions, and Goal Value is not revenue: unknown, not 0
    assert frame["engaged_sessions"].null_count() == 4
    assert frame["revenue"].null_count() == 4
    assert frame["leads"].null_count() == 4


def test_ua_padded_comments_separate_medium_and_goal_named_by_its_name() -> None:
    frame = traffic(fixture("ua_named_goal.csv"))
    assert frame.select("source", "medium", "sessions", "conversions", "revenue").rows() == [
        ("lnkd.in", "referral", 1250, 40.0, None),
        ("linkedin.com", "referral", 320, 8.0, None),
        ("(direct)", "(none)", 610, 10.0, None),
    ]
    assert set(frame["date_end"]) == {date(2020, 1, 31)}


def test_ua_ecommerce_daily_rows_read_transactions_and_revenue() -> None:
    frame = traffic(fixture("ua_ecommerce_daily.csv"))
    assert frame.select("date", "date_end", "source", "sessions", "conversions", "revenue").rows() == [
        (date(2021, 3, 1), date(2021, 3, 1), "google", 1200, 18.0, 1234.5),  # "A$1,234.50"
        (date(2021, 3, 2), date(2021, 3, 2), "google", 1000, 12.0, 800.0),
        (date(2021, 3, 2), date(2021, 3, 2), "l.instagram.com", 64, 0.0, 0.0),
    ]


# --- detection ---------------------------------------------------------------------------------

FORMAT_OF = {
    "ga4_source_medium_daily.csv": "ga4",
    "ga4_channel_group.csv": "ga4",
    "ga4_date_first_fr.csv": "ga4",
    "ga4_comparison.csv": "ga4",
    "ga4_range_line.csv": "ga4",
    "ga4_custom_channel_group.csv": "ga4",
    "ga4_date_only.csv": "ga4",
    "ua_source_medium.csv": "ua",
    "ua_named_goal.csv": "ua",
    "ua_ecommerce_daily.csv": "ua",
    "ga4_channel_group_excel.csv": "ga4",
    **dict.fromkeys(LOCALISED, "ga4"),
}


STACKED_OR_REFUSED = {
    # read by GA4 (or refused by it with the reason) although their first table has no sessions
    "ga4_reports_snapshot.csv",
    "ga4_pages_and_screens.csv",
    "ga4_stacked_channel_and_source.csv",
}


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.csv")) == sorted({*FORMAT_OF, *STACKED_OR_REFUSED})


@pytest.mark.parametrize("name", sorted(STACKED_OR_REFUSED))
def test_ga4_exports_without_sessions_first_are_ga4s_to_read_or_refuse(name: str) -> None:
    sample = load_sample(fixture(name))
    scores = {imp.id: imp.detect(sample) for imp in importers()}
    assert scores["ga4"] > 0 and all(score == 0.0 for fmt, score in scores.items() if fmt != "ga4"), scores


@pytest.mark.parametrize("name", sorted(FORMAT_OF))
def test_detection_picks_the_family_and_no_other_importer_claims_it(name: str) -> None:
    sample = load_sample(fixture(name))
    scores = {imp.id: imp.detect(sample) for imp in importers()}
    expected = FORMAT_OF[name]
    assert scores[expected] == 1.0
    assert all(score == 0.0 for fmt, score in scores.items() if fmt != expected), scores


OTHER_FILES = {
    "canonical_traffic.csv": "date,date_end,source,medium,sessions,engaged_sessions,conversions,leads,"
    "revenue\n2026-01-01,2026-01-01,t.co,referral,5,2,1,,9.5\n",
    "canonical_traffic_subset.csv": "date,source,medium,sessions,conversions\n2026-01-01,t.co,referral,5,1\n",
    "meta_posts.csv": '\ufeff"Post ID","Page ID","Page name",Title,Description,"Publish time",Permalink,'
    '"Post type",Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares\n'
    "1,2,Page,T,D,09/28/2026 18:12,https://x/1,Photos,Lifetime,10,5,3,1,1,1\n",
    "x_tweets.csv": '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements"\n'
    '"1","https://x.com/a/1","hi","2021-11-30 16:00 +0000","1777.0","5.0"\n',
    "youtube_totals.csv": "Date,Views\n2025-09-01,120\n",
    "search_console_dates.csv": "Date,Clicks,Impressions,CTR,Position\n2025-09-01,10,200,5%,4.2\n",
}


@pytest.mark.parametrize("name", sorted(OTHER_FILES))
def test_other_formats_are_not_claimed(tmp_path: Path, name: str) -> None:
    sample = load_sample(write(tmp_path, OTHER_FILES[name], name))
    assert GA4.detect(sample) == 0.0 and UA.detect(sample) == 0.0


def test_canonical_traffic_and_demo_stay_canonical(tmp_path: Path) -> None:
    assert read_file(write(tmp_path, OTHER_FILES["canonical_traffic.csv"])).format == "canonical"
    assert read_file(SAMPLE / "demo" / "traffic.csv").format == "canonical"


def test_closest_format_hint_names_what_is_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "Session source / medium,Users\ngoogle / organic,4\n")
    sample = load_sample(path)
    ga4, ua = GA4.near(sample), UA.near(sample)
    assert ga4 is not None and ga4.lacking == ("'Sessions'", "'Engaged sessions' (or 'Engagement rate', …)")
    assert ua is not None and ua.lacking == (
        "'Sessions'",
        "'Pages / Session' (or 'Avg. Session Duration', …)",
    )
    # neither is close (none of what they need is there), but the columns are GA's own
    with pytest.raises(InputError) as info:
        read_file(path)
    assert str(info.value) == (
        f"{path}: looks like a Google Analytics export that kpitui does not read (first columns: "
        "'Session source / medium', 'Users'). It reads: Google Analytics 4 report; "
        "Universal Analytics report."
    )


# --- bad input ---------------------------------------------------------------------------------

BAD = [
    ("", "the file is empty"),
    (GA4_PREAMBLE, "only the `#` lines above the report's table, no table; it looks truncated"),
    (GA4_PREAMBLE + GA4_HEADER, "the report's header is there but its table has no rows"),
    (
        GA4_PREAMBLE + GA4_HEADER + "Grand total,,140,80,3,10.5\n",
        "has no rows besides its totals row",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + GA4_ROWS + "google / organic,20260303,1",
        "row 13 (line 13): 3 fields where the header has 6; the row has fewer fields than columns "
        "(the file looks truncated)",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + 'google / organic,20260301,"1,0',
        "a quoted field is never closed; the file looks truncated",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + "google / organic,20260301,100,60,2,10.5,9\n" + GA4_ROWS,
        "row 11 (line 11): 7 fields where the header has 6",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + GA4_ROWS.replace(",40,", ",4O,"),
        "row 12, column 'Sessions': found '4O', expected a whole number of sessions such as 1025",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + GA4_ROWS.replace("20260302", "20260231"),
        "row 12, column 'Date': found '20260231', expected a date written YYYYMMDD",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + GA4_ROWS.replace("10.5", "ten"),
        "row 11, column 'Total revenue': found 'ten', expected an amount such as 1644.97",
    ),
    (
        GA4_PREAMBLE.replace("20260331", "20260341") + GA4_HEADER + GA4_ROWS,
        "line 9: '20260341' in the preamble is not a date; expected YYYYMMDD",
    ),
    (
        GA4_PREAMBLE + GA4_HEADER + ",20260301,5,1,0,0\n",
        "row 11, column 'Session source / medium': empty, but every row of the report needs a source",
    ),
    (
        fixture("ua_source_medium.csv").read_text().replace("125,$0.00", "12x,$0.00"),
        "row 8, column 'Goal Completions': found '12x'",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_names_file_row_column_and_expectation(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_file(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_wrongly_encoded_export_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((GA4_PREAMBLE.replace("Copper Kettle Tea", "Théière") + GA4_HEADER).encode("latin-1"))
    with pytest.raises(InputError, match=r"line 3: the text is not UTF-8"):
        read_file(path)


def test_first_user_source_is_read_with_a_warning(tmp_path: Path) -> None:
    text = GA4_PREAMBLE + GA4_HEADER.replace("Session source", "First user source") + GA4_ROWS
    parsed = read_file(write(tmp_path, text))
    assert parsed.tables["traffic"]["source"].to_list() == ["google", "t.co"]
    assert any("each user's first source" in w for w in parsed.warnings)


def test_failed_import_leaves_the_workspace_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    assert main(["--workspace", str(ws), "import", str(fixture("ga4_source_medium_daily.csv"))]) == 0
    capsys.readouterr()
    before = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    good = fixture("ua_source_medium.csv")
    bad = write(tmp_path, GA4_PREAMBLE + GA4_HEADER + GA4_ROWS.replace("20260302", "2026-02-30"), "bad.csv")
    assert main(["--workspace", str(ws), "import", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, row 12, column 'Date'" in err and "nothing was imported" in err
    after = {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and p.name != ".kpitui.lock"}
    assert after == before


# --- the demo's native exports -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> object:
    sys.path.insert(0, str(SAMPLE))
    try:
        import native

        return native.load(SAMPLE / "demo")
    finally:
        sys.path.remove(str(SAMPLE))


def write_exports(demo: object, out: Path) -> list[Path]:
    sys.path.insert(0, str(SAMPLE))
    try:
        from native import analytics

        return analytics.write(demo, out)  # type: ignore[arg-type]
    finally:
        sys.path.remove(str(SAMPLE))


KEYS = ["date", "date_end", "source", "medium"]
METRICS = ["sessions", "engaged_sessions", "conversions", "revenue"]


def test_round_trip_of_the_demo_traffic(tmp_path: Path, demo: object) -> None:
    files = write_exports(demo, tmp_path)
    assert all(p.parent == tmp_path / "web" for p in files)
    parsed = [read_file(p) for p in files]
    assert sorted({p.format for p in parsed}) == ["ga4", "ua"]
    back = pl.concat([p.tables["traffic"] for p in parsed])
    canonical: pl.DataFrame = demo.traffic  # type: ignore[attr-defined]
    assert back.select(KEYS).is_duplicated().sum() == 0  # no two files cover the same rows
    assert back["sessions"].sum() == canonical["sessions"].sum()
    assert back["conversions"].sum() == canonical["conversions"].sum()
    assert back["leads"].null_count() == back.height  # the reports carry no leads

    ua_month, range_month = date(2025, 8, 1), date(2026, 9, 1)
    month = pl.col("date").dt.month_start()
    daily = canonical.filter((pl.col("date") == pl.col("date_end")) & ~month.is_in([ua_month, range_month]))
    same = daily.join(back, on=KEYS, how="left", suffix="_back", nulls_equal=True)
    assert same.height == daily.height
    for metric in METRICS:
        assert same[metric].equals(same[f"{metric}_back"], check_names=False), metric

    # the month without a Date dimension: one row per source, sums of its days, partner-blog as is
    ranged = back.filter(pl.col("date") == range_month)
    assert set(ranged["date_end"]) == {date(2026, 9, 30)}
    expected = (
        canonical.filter(month == range_month)
        .group_by("source", "medium")
        .agg(pl.col(METRICS).sum())
        .sort("source", "medium")
    )
    got = ranged.select("source", "medium", *METRICS).sort("source", "medium")
    assert got.select("source", "medium", "sessions", "engaged_sessions", "conversions").equals(
        expected.select("source", "medium", "sessions", "engaged_sessions", "conversions")
    )
    assert got["revenue"].to_list() == pytest.approx(expected["revenue"].to_list())
    partner = ranged.filter(pl.col("source") == "partner-blog").row(0, named=True)
    assert (partner["medium"], partner["sessions"], partner["engaged_sessions"]) == ("referral", 1401, 933)
    assert (partner["conversions"], partner["revenue"]) == (42.0, 1644.97)

    # the Universal Analytics month: sessions and goal completions; no engaged sessions, no revenue
    legacy = back.filter(pl.col("date") == ua_month)
    assert set(legacy["date_end"]) == {date(2025, 8, 31)}
    totals = canonical.filter(month == ua_month).group_by("source", "medium").agg(pl.col(METRICS).sum())
    check = legacy.join(totals, on=["source", "medium"], suffix="_demo")
    assert check.height == totals.height == legacy.height
    assert (check["sessions"] == check["sessions_demo"]).all()
    assert (check["conversions"] == check["conversions_demo"]).all()
    assert legacy["engaged_sessions"].null_count() == legacy["revenue"].null_count() == legacy.height


def test_exports_are_deterministic_and_committed(tmp_path: Path, demo: object) -> None:
    first = {p.name: p.read_bytes() for p in write_exports(demo, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in write_exports(demo, tmp_path / "b")}
    assert first == second
    committed = {p.name: p.read_bytes() for p in (SAMPLE / "exports" / "web").glob("*.csv")}
    assert committed == first, "sample_data/exports/web is stale: regenerate it with the writer"
    assert sum(len(b) for b in first.values()) < 600_000


def test_demo_exports_import_into_a_workspace(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert main(["--workspace", str(ws), "import", str(SAMPLE / "exports" / "web")]) == 0
    from kpitui.core.workspace import Workspace

    data = Workspace(ws).load().traffic
    assert data.filter(pl.col("source") == "t.co")["network"].unique().to_list() == ["x"]
    assert data.filter(pl.col("source") == "partner-blog").height == 1


def test_a_date_dimension_with_an_empty_name_is_read_by_its_values(tmp_path: Path) -> None:
    """Found by the fuzzer: the Date header left blank (its role told by its YYYYMMDD cells)
    gave a polars error, as one check took "" for a column and another for none."""
    text = (
        "# ----------------------------------------\n# Shop view\n# Source/Medium\n# 20210301-20210302\n"
        "# ----------------------------------------\n\n"
        "Source / Medium,,Users,Sessions,Transactions\n"
        'google / organic,20210301,"1,020","1,200",18\n'
        'google / organic,20210302,900,"1,000",12\n'
    )
    frame = traffic(write(tmp_path, text))
    assert frame.select("date", "source", "sessions").rows() == [
        (date(2021, 3, 1), "google", 1200),
        (date(2021, 3, 2), "google", 1000),
    ]
