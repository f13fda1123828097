"""YouTube Studio's spellings (Analytics → Advanced mode → Export current view).

Sources: FORMATS.md section 5 (English headers and metric names), its
"What real files taught us" list (`Origem do tráfego`), and the real files
in shared/real-exports/ (a Portuguese Table data, Shorts columns).
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "youtube",
    "YouTube Studio",
    {
        # --- the fixed columns of Table data and Chart data ---
        "Content": ("Conteúdo",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Video title": ("Título do vídeo",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Video publish time": (
            "Horário de publicação do vídeo",  # pt: real-exports/youtube_ufscar-table-pt.csv
        ),
        "Duration": ("Duração",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Date": (),
        # --- other dimensions of Studio's tables (kpitui reads none of them yet) ---
        "Traffic source": ("Origem do tráfego",),  # pt: FORMATS.md, a real zip's file names
        "Subscription status": (),
        # --- metrics ---
        "Views": ("Visualizações",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Watch time (hours)": ("Tempo de exibição (horas)",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Subscribers": ("Inscritos",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Subscribers gained": (),
        "Subscribers lost": (),
        "Impressions": ("Impressões",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Impressions click-through rate (%)": (
            "Taxa de cliques de impressões (%)",  # pt: real-exports/youtube_ufscar-table-pt.csv
        ),
        "Average view duration": (
            "Duração média da visualização",  # pt: real-exports/youtube_ufscar-table-pt.csv
        ),
        "Average percentage viewed (%)": (),
        "Likes": (),
        "Dislikes": (),
        "Likes (vs. dislikes) (%)": (),
        "Shares": (),
        "Comments added": (),
        "Videos added to playlists": (),
        "Videos removed from playlists": (),
        "Engaged views": ("Visualizações intencionais",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Ad impressions": (),
        "End screen element clicks": (),
        "End screen element click rate (%)": (),
        "Card clicks": (),
        "Card teaser clicks": (),
        "YouTube Premium views": (),
        "YouTube Premium watch time (hours)": (),
        "Unique viewers": (),
        "Average views per viewer": (
            "Média de visualizações por espectador",  # pt: real-exports/youtube_ufscar-table-pt.csv
        ),
        "New viewers": ("Novos espectadores",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Returning viewers": ("Espectadores recorrentes",),  # pt: real-exports/youtube_ufscar-table-pt.csv
        "Casual viewers": (),
        "Regular viewers": (),
        "Stayed to watch (%)": (
            "Continuaram assistindo (%)",  # pt: real-exports/youtube_ufscar-table-pt.csv
        ),
        "Shown in feed": (),  # Shorts: real-exports/youtube_shorts-content.csv
        "Viewed (vs. swiped away) (%)": (),  # Shorts: real-exports/youtube_shorts-content.csv
    },
)
"""The columns of YouTube Studio's exports."""

DIMENSIONS: Final = (
    "Content",
    "Video title",
    "Video publish time",
    "Duration",
    "Date",
    "Traffic source",
    "Subscription status",
)
"""The columns of `NAMES` that are not metrics."""

METRICS: Final = tuple(name for name in NAMES.table if name not in DIMENSIONS)
"""The metric columns Studio writes (English names); revenue metrics, which carry their
currency (`Estimated revenue (USD)`), are told by `youtube.is_known_metric`."""
