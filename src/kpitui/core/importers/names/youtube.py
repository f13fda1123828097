"""YouTube Studio's spellings (Analytics → Advanced mode → Export current view).

Studio writes headers, the `Total` line and the file names inside the zip in
the user's interface language; days and numbers stay as in English in every
real localised file seen (`"Jul 6, 2023"`, `1079.0633`).

Sources, by the mark each comment carries:

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

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "youtube",
    "YouTube Studio",
    {
        # --- the fixed columns of Table data and Chart data ---
        "Content": (
            "Conteúdo",  # pt: real, real-exports/youtube_ufscar-table-pt.csv, GianMartins/Youtube
            "Contenu",  # fr: fixture (a French Studio table, `Contenu,Titre de la vidéo,…`)
            "Contenido",  # es: parser (a Spanish Studio table reader)
            "Video",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Videos",  # de: real, manuelfussTC/PulseFramework:Tabellendaten.csv
            "Contenuti",  # it: parser (an Italian Studio table reader)
        ),
        "Video title": (
            "Título do vídeo",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Titre de la vidéo",  # fr: fixture
            "Título del vídeo",  # es: parser (`Título del video` compares equal: accents do not count)
            "Videotitel",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Titolo video",  # it: parser
        ),
        "Video publish time": (
            "Horário de publicação do vídeo",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Heure de publication de la vidéo",  # fr: fixture
            "Hora de publicación del vídeo",  # es: parser
            "Veröffentlichungszeitpunkt des Videos",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Ora pubblicazione video",  # it: parser
        ),
        "Duration": (
            "Duração",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Durée",  # fr: fixture
            "Duración",  # es: parser
            "Dauer",  # de: real, manuelfussTC/PulseFramework:Tabellendaten.csv
            "Durata",  # it: parser
        ),
        "Date": (
            "Data",  # pt: real, GianMartins/Youtube:Total.csv; it: the same word (INFERRED)
            "Datum",  # de: real, raphaeloe/Youtube:Gesamtwerte.csv
            "Fecha",  # es: INFERRED
        ),
        # --- other dimensions of Studio's reports: charts are summed over them by day; tables
        # of them have no day and are refused (`youtube.YouTubeBreakdown`) ---
        "Traffic source": (
            "Origem do tráfego",  # pt: FORMATS.md, a real zip's file names
            "Source de trafic",  # fr: INFERRED (a public app's translation of Studio's term)
            "Fuente de tráfico",  # es: INFERRED (the same app)
            "Zugriffsquelle",  # de: INFERRED (the same app)
            "Sorgente di traffico",  # it: INFERRED
        ),
        "Subscription status": (),  # real-exports/youtube_dhanraj-subscriptionstatus-table.csv
        "Subscription source": (),
        "Device type": (),
        "Operating system": (),
        "Geography": (),
        "Playback location": (),
        "Content type": (),
        "YouTube product": (),
        "Sharing service": (),
        "Subtitles and CC": (),
        "Viewer age": (),
        "Viewer gender": (),
        # --- metrics ---
        "Views": (
            "Visualizações",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Vues",  # fr: fixture; parser
            "Visualizaciones",  # es: parser
            "Aufrufe",  # de: real, raphaeloe/Youtube:Tabellendaten.csv and Gesamtwerte.csv
            "Visualizzazioni",  # it: parser
        ),
        "Watch time (hours)": (
            "Tempo de exibição (horas)",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Durée de visionnage (heures)",  # fr: parser (three French readers agree)
            "Tiempo de visualización (horas)",  # es: parser
            "Wiedergabezeit (Stunden)",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Tempo di visualizzazione (ore)",  # it: parser
        ),
        "Subscribers": (
            "Inscritos",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Abonnés",  # fr: INFERRED
            "Suscriptores",  # es: parser
            "Abonnenten",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Iscritti",  # it: parser
        ),
        "Subscribers gained": (
            "Inscritos ganhos",  # pt: INFERRED
            "Abonnés gagnés",  # fr: INFERRED
            "Nouveaux abonnés",  # fr: parser (a French Studio CSV reader)
            "Suscriptores obtenidos",  # es: INFERRED
            "Suscriptores ganados",  # es: fixture (a Spanish Studio CSV, `;`-separated)
            "Gewonnene Abonnenten",  # de: real, manuelfussTC/PulseFramework:Tabellendaten.csv
            "Iscritti acquisiti",  # it: INFERRED
        ),
        "Subscribers lost": (
            "Inscritos perdidos",  # pt: INFERRED
            "Abonnés perdus",  # fr: parser (a French table of YouTube metric labels)
            "Suscriptores perdidos",  # es: fixture
            "Verlorene Abonnenten",  # de: real, manuelfussTC/PulseFramework:Tabellendaten.csv
            "Iscritti persi",  # it: INFERRED
        ),
        "Impressions": (
            "Impressões",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Impresiones",  # es: parser
            "Impressionen",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
            "Impressioni",  # it: INFERRED
        ),  # fr: `Impressions`, as in English (parser)
        "Impressions click-through rate (%)": (
            "Taxa de cliques de impressões (%)",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Taux de clics par impression (%)",  # fr: parser
            "Porcentaje de clics de las impresiones (%)",  # es: parser
            "CTR de las impresiones (%)",  # es: fixture
            "Klickrate der Impressionen (%)",  # de: real, raphaeloe/Youtube:Tabellendaten.csv
        ),
        "Average view duration": (
            "Duração média da visualização",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Durée moyenne de visionnage",  # fr: fixture
            "Durée moyenne d'une vue",  # fr: parser
            "Duración media de la visualización",  # es: fixture
            "Durchschnittliche Wiedergabedauer",  # de: real, manuelfussTC/PulseFramework:Tabellendaten.csv
            "Durata di visualizzazione media",  # it: parser
        ),
        "Average percentage viewed (%)": (
            "Pourcentage moyen regardé (%)",  # fr: fixture
            "Pourcentage moyen de vidéo regardé (%)",  # fr: parser
            "Porcentaje medio visto (%)",  # es: fixture
            "Percentuale media visualizzata (%)",  # it: parser
        ),
        "Likes": (
            'Marcações "Gostei"',  # pt: INFERRED
            "J'aime",  # fr: parser
            "Me gusta",  # es: fixture
            "Mi piace",  # it: INFERRED
        ),  # de: `Likes`, as in English (real, manuelfussTC/PulseFramework:Tabellendaten.csv)
        "Dislikes": (
            'Marcações "Não gostei"',  # pt: INFERRED
            "Je n'aime pas",  # fr: INFERRED
            "No me gusta",  # es: INFERRED
            "Mag ich nicht",  # de: INFERRED
            "Non mi piace",  # it: INFERRED
        ),
        "Likes (vs. dislikes) (%)": (),
        "Shares": (
            "Compartilhamentos",  # pt: INFERRED
            "Partages",  # fr: parser
            "Compartidos",  # es: fixture
            "Geteilte Inhalte",  # de: INFERRED
            "Condivisioni",  # it: INFERRED
        ),
        "Comments added": (
            "Comentários adicionados",  # pt: INFERRED
            "Commentaires ajoutés",  # fr: INFERRED
            "Commentaires",  # fr: parser
            "Comentarios añadidos",  # es: INFERRED
            "Comentarios",  # es: fixture
            "Hinzugefügte Kommentare",  # de: INFERRED
            "Commenti aggiunti",  # it: INFERRED
        ),
        "Videos added to playlists": (),
        "Videos removed from playlists": (),
        "Engaged views": (
            "Visualizações intencionais",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Vues engagées",  # fr: fixture
            'Visualizzazioni "engaged"',  # it: parser
        ),
        "Ad impressions": (),
        "End screen element clicks": (),
        "End screen element click rate (%)": (),
        "Card clicks": (),
        "Card teaser clicks": (),
        "YouTube Premium views": (),
        "YouTube Premium watch time (hours)": (),
        "Unique viewers": (
            "Spectateurs uniques",  # fr: parser
            "Spettatori unici",  # it: parser
        ),
        "Average views per viewer": (
            "Média de visualizações por espectador",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Media di visualizzazioni per spettatore",  # it: parser
        ),
        "New viewers": (
            "Novos espectadores",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Nuovi spettatori",  # it: parser
        ),
        "Returning viewers": (
            "Espectadores recorrentes",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Spettatori di ritorno",  # it: parser
        ),
        "Casual viewers": ("Spettatori occasionali",),  # it: parser
        "Regular viewers": ("Spettatori abituali",),  # it: parser
        "Stayed to watch (%)": (
            "Continuaram assistindo (%)",  # pt: real, real-exports/youtube_ufscar-table-pt.csv
            "Ont continué de regarder (%)",  # fr: fixture
            "Ha continuato a guardare (%)",  # it: parser
        ),
        "Shown in feed": (),  # Shorts: real-exports/youtube_shorts-content.csv
        "Viewed (vs. swiped away) (%)": (),  # Shorts: real-exports/youtube_shorts-content.csv
    },
)
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
