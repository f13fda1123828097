"""YouTube Studio's spellings (Analytics → Advanced mode → Export current view).

Studio writes headers, the `Total` line and the file names inside the zip in
the user's interface language; days and numbers stay as in English in every
real localised file seen (`"Jul 6, 2023"`, `1079.0633`).

The table is data, in `youtube.toml` beside this module. Sources, by the mark
each of its comments carries:

- `real`: a real export read: `shared/real-exports/` (named there) or a public
  repository that commits its own download (named `owner/repo:path`);
- `FORMATS.md`: the shared format reference;
- `parser`: a public project's code that reads Studio's localised exports
  by these names (found with the code search), weaker than a real file;
- `fixture`: a public project's test fixture written to copy a Studio export;
- `INFERRED`: Studio's interface wording, not seen in an export file.
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import read

NAMES: Final = read("youtube")
"""The columns of YouTube Studio's exports."""

FIXED: Final = ("Content", "Video title", "Video publish time", "Duration")
"""The columns that describe a video in Table data and Chart data (Studio writes them first)."""

DIMENSIONS: Final = (
    *FIXED,
    "Date",
    "Traffic source",
    "Subscription status",
    "Subscription source",
    "Device type",
    "Operating system",
    "Geography",
    "Playback location",
    "Content type",
    "YouTube product",
    "Sharing service",
    "Subtitles and CC",
    "Viewer age",
    "Viewer gender",
)
"""The columns of `NAMES` that are not metrics."""

METRICS: Final = tuple(name for name in NAMES.table if name not in DIMENSIONS)
"""The metric columns Studio writes (English names); revenue metrics, which carry their
currency (`Estimated revenue (USD)`, `Receita estimada (BRL)`), are told by
`youtube.is_known_metric`."""

TOTAL_WORDS: Final = (
    "Total",  # en; pt: real, real-exports/youtube_ufscar-table-pt.csv; fr: fixture; es: parser
    "Gesamt",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
    "Totale",  # it: parser
)
"""What the summary line of a table (first cell) or a chart (the dimension) says."""

FILE_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "table": (
        "Table data",  # FORMATS.md
        "Dados da tabela",  # pt: real, GianMartins/Youtube
        "Données du tableau",  # fr: fixture
        "Datos de la tabla",  # es: parser (its docstring names the file)
        "Tabellendaten",  # de: real, raphaeloe/Youtube
        "Dati della tabella",  # it: INFERRED
    ),
    "chart": (
        "Chart data",  # FORMATS.md
        "Dados do gráfico",  # pt: real, GianMartins/Youtube
        "Données du graphique",  # fr: fixture
        "Datos del gráfico",  # es: INFERRED
        "Diagrammdaten",  # de: real, raphaeloe/Youtube
        "Dati del grafico",  # it: parser (an Italian project globs `**/Dati del grafico.csv`)
    ),
    "totals": (
        "Totals",  # FORMATS.md
        "Total",  # pt: real, GianMartins/Youtube:Total.csv
        "Totais",  # pt: INFERRED
        "Totaux",  # fr: fixture
        "Totales",  # es: INFERRED
        "Gesamtwerte",  # de: real, raphaeloe/Youtube
        "Totali",  # it: INFERRED
    ),
}
"""The names of the three files of a Studio download (without `.csv`), by language."""
