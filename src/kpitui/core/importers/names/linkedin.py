"""LinkedIn's spellings (Page admin → Analytics → Export: content, followers and visitors workbooks).

Sources: FORMATS.md section 4 (English headers; `Shares` before `Reposts`,
`Views (excluding off-site video views)` in older content exports).

LinkedIn writes the workbooks in the page admin's interface language: sheet
names, headers and note rows. No French, Spanish, Portuguese, German or
Italian export, nor a LinkedIn page listing the translated column names, was
found: every translation below is a GUESS from the words LinkedIn's interface
uses in those languages (`Abonnés`, `Seguidores`, `Impressions`, `Impresiones`,
`Republications`…), listed so that a matching download is read. A guess that
is wrong costs nothing: a sheet is also found by its header (`linkedin._sheet`),
and a file whose headers none of these spell is refused naming what it lacks.
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

_SPLITS: Final = ("organic", "sponsored", "total")

_SPLIT_WORDS: Final[dict[str, tuple[str, ...]]] = {
    # fr, es, pt, de, it (guesses); singular and plural, as the column's noun may ask
    "organic": (
        "organique", "organiques", "orgánico", "orgánicas", "orgánicos", "orgânico", "orgânicas",
        "orgânicos", "organisch", "organico", "organiche", "organici",
    ),
    "sponsored": (
        "sponsorisé", "sponsorisées", "sponsorisés", "patrocinado", "patrocinadas", "patrocinados",
        "gesponsert", "sponsorizzato", "sponsorizzate", "sponsorizzati",
    ),
    "total": ("total", "totales", "totaux", "totais", "gesamt", "insgesamt", "totale", "totali"),
}  # fmt: skip

_METRIC_WORDS: Final[dict[str, tuple[str, ...]]] = {
    # the Metrics sheet's nouns in fr, es, pt, de, it (guesses)
    "Impressions": ("Impressions", "Impresiones", "Impressões", "Impressionen", "Impressioni"),
    "Unique impressions": (
        "Impressions uniques", "Impresiones únicas", "Impressões únicas", "Eindeutige Impressionen",
        "Impressioni uniche",
    ),
    "Clicks": ("Clics", "Cliques", "Klicks", "Clic"),
    "Reactions": ("Réactions", "Reacciones", "Reações", "Reaktionen", "Reazioni"),
    "Comments": ("Commentaires", "Comentarios", "Comentários", "Kommentare", "Commenti"),
    "Reposts": (
        "Republications", "Partages", "Republicaciones", "Veces compartido", "Republicações",
        "Compartilhamentos", "Geteilte Inhalte", "Diffusioni", "Condivisioni",
    ),
    "Engagement rate": (
        "Taux d'engagement", "Tasa de interacción", "Taxa de engajamento", "Engagement-Rate",
        "Interaktionsrate", "Tasso di engagement",
    ),
}  # fmt: skip


def _split(noun: str, split: str, *older: str) -> tuple[str, ...]:
    """The spellings of `<noun> (<split>)`: English older names, then each translated noun
    with each translated split word (`Impresiones (orgánicas)`)."""
    return (
        *(f"{word} ({split})" for word in older),
        *(f"{word} ({part})" for word in _METRIC_WORDS[noun] for part in _SPLIT_WORDS[split]),
    )


NAMES: Final = Names(
    "linkedin",
    "LinkedIn Page analytics",
    {
        # --- content export, sheet `Metrics` (one row per day) ---
        "Date": (),  # `Fecha`, `Data`, `Datum`: `linkedin.DATE`, not here (every platform writes them)
        **{f"Impressions ({s})": _split("Impressions", s) for s in _SPLITS},
        "Unique impressions (organic)": _split("Unique impressions", "organic"),
        **{f"Clicks ({s})": _split("Clicks", s) for s in _SPLITS},
        **{f"Reactions ({s})": _split("Reactions", s) for s in _SPLITS},
        **{f"Comments ({s})": _split("Comments", s) for s in _SPLITS},
        # `Shares` in older exports
        **{f"Reposts ({s})": _split("Reposts", s, "Shares") for s in _SPLITS},
        **{f"Engagement rate ({s})": _split("Engagement rate", s) for s in _SPLITS},
        # --- content export, sheet `All posts` (one row per post); fr, es, pt, de, it guesses ---
        "Post title": (
            "Titre de la publication",
            "Titre du post",
            "Título de la publicación",
            "Título da publicação",
            "Beitragstitel",
            "Titel des Beitrags",
            "Titolo del post",
        ),
        "Post link": (
            "Lien de la publication",
            "Lien du post",
            "Enlace de la publicación",
            "Link da publicação",
            "Beitragslink",
            "Link zum Beitrag",
            "Link del post",
        ),
        "Post type": (
            "Type de publication",
            "Type de post",
            "Tipo de publicación",
            "Tipo de publicação",
            "Beitragstyp",
            "Tipo di post",
        ),
        "Campaign name": (
            "Nom de la campagne",
            "Nombre de la campaña",
            "Nome da campanha",
            "Kampagnenname",
            "Nome della campagna",
        ),
        "Posted by": ("Publié par", "Publicado por", "Gepostet von", "Veröffentlicht von", "Pubblicato da"),
        "Created date": (
            "Date de création",
            "Fecha de creación",
            "Data de criação",
            "Erstellungsdatum",
            "Erstellt am",
            "Data di creazione",
        ),
        "Campaign start date": (
            "Date de début de la campagne",
            "Fecha de inicio de la campaña",
            "Data de início da campanha",
            "Startdatum der Kampagne",
            "Data di inizio della campagna",
        ),
        "Campaign end date": (
            "Date de fin de la campagne",
            "Fecha de finalización de la campaña",
            "Data de término da campanha",
            "Enddatum der Kampagne",
            "Data di fine della campagna",
        ),
        "Audience": ("Público", "Zielgruppe", "Pubblico"),
        "Impressions": ("Impresiones", "Impressões", "Impressionen", "Impressioni"),
        "Views": (
            "Views (excluding off-site video views)",  # older exports
            "Vues",
            "Visualizaciones",
            "Visualizações",
            "Aufrufe",
            "Visualizzazioni",
        ),
        "Offsite Views": (
            "Off-site Views",
            "Vues hors site",
            "Visualizaciones fuera del sitio",
            "Visualizações fora do site",
            "Externe Aufrufe",
            "Visualizzazioni esterne",
        ),
        "Clicks": ("Clics", "Cliques", "Klicks", "Clic"),
        "Click through rate (CTR)": (
            "Taux de clics (CTR)",
            "Porcentaje de clics (CTR)",
            "Tasa de clics (CTR)",
            "Taxa de cliques (CTR)",
            "Klickrate (CTR)",
            "Percentuale di clic (CTR)",
        ),
        "Likes": (
            "Reactions",
            "Réactions",
            "J'aime",
            "Reacciones",
            "Me gusta",
            "Reações",
            "Gostei",
            "Reaktionen",
            "Gefällt mir",
            "Reazioni",
            "Mi piace",
        ),
        "Comments": ("Commentaires", "Comentarios", "Comentários", "Kommentare", "Commenti"),
        "Reposts": (
            "Shares",  # older exports
            "Republications",
            "Partages",
            "Republicaciones",
            "Veces compartido",
            "Republicações",
            "Compartilhamentos",
            "Geteilte Inhalte",
            "Diffusioni",
            "Condivisioni",
        ),
        "Follows": (
            "Abonnements",
            "Nouveaux abonnés",
            "Seguimientos",
            "Seguidores",
            "Follower",
            "Nuovi follower",
        ),
        "Engagement rate": (
            "Taux d'engagement",
            "Tasa de interacción",
            "Taxa de engajamento",
            "Engagement-Rate",
            "Interaktionsrate",
            "Tasso di engagement",
        ),
        "Content Type": (
            "Type de contenu",
            "Tipo de contenido",
            "Tipo de conteúdo",
            "Inhaltstyp",
            "Art des Inhalts",
            "Tipo di contenuto",
        ),
        # --- followers export, sheet `New followers` (fr, es, pt, de, it guesses) ---
        "Sponsored followers": (
            "Abonnés sponsorisés",
            "Seguidores patrocinados",
            "Gesponserte Follower",
            "Follower sponsorizzati",
        ),
        "Organic followers": (
            "Abonnés organiques",
            "Seguidores orgánicos",
            "Seguidores orgânicos",
            "Organische Follower",
            "Follower organici",
        ),
        "Auto-invited followers": (
            "Abonnés invités automatiquement",
            "Seguidores invitados automáticamente",
            "Seguidores convidados automaticamente",
            "Automatisch eingeladene Follower",
            "Follower invitati automaticamente",
        ),
        "Total followers": (
            "Total des abonnés",
            "Nombre total d'abonnés",
            "Abonnés (total)",
            "Total de seguidores",
            "Seguidores totales",
            "Follower insgesamt",
            "Follower gesamt",
            "Follower totali",
            "Totale follower",
        ),
        # --- visitors export, sheet `Visitor metrics` (fr, es, pt, de, it guesses) ---
        "Total page views (total)": (
            "Total des vues de page (total)",
            "Vues de page totales (total)",
            "Total de visualizaciones de página (total)",
            "Visualizaciones de página totales (total)",
            "Total de visualizações de página (total)",
            "Seitenaufrufe insgesamt (gesamt)",
            "Seitenaufrufe gesamt (gesamt)",
            "Visualizzazioni di pagina totali (totale)",
        ),
        "Total unique visitors (total)": (
            "Total des visiteurs uniques (total)",
            "Visiteurs uniques totaux (total)",
            "Total de visitantes únicos (total)",
            "Eindeutige Besucher insgesamt (gesamt)",
            "Visitatori unici totali (totale)",
        ),
    },
)
"""The columns of LinkedIn's Page analytics workbooks."""

SHEETS: Final[dict[str, tuple[str, ...]]] = {
    # English, then fr, es, pt, de, it (guesses; a sheet is also found by its header)
    "Metrics": (
        "Metrics", "Statistiques", "Indicateurs", "Métriques", "Métricas", "Kennzahlen", "Metriken",
        "Metriche",
    ),
    "All posts": (
        "All posts", "Toutes les publications", "Tous les posts", "Todas las publicaciones",
        "Todas as publicações", "Todos os posts", "Alle Beiträge", "Alle Posts", "Tutti i post",
    ),
    "New followers": (
        "New followers", "Nouveaux abonnés", "Nuevos seguidores", "Novos seguidores", "Neue Follower",
        "Nuovi follower",
    ),
    "Visitor metrics": (
        "Visitor metrics", "Statistiques des visiteurs", "Indicateurs des visiteurs",
        "Métricas de visitantes", "Besucherkennzahlen", "Besucher-Kennzahlen", "Metriche dei visitatori",
    ),
}  # fmt: skip
"""Each sheet kpitui reads, by its English name: its names in the interface languages."""

DATE: Final = ("Date", "Fecha", "Data", "Datum")
"""The daily sheets' `Date` column in English (and French), Spanish, Portuguese and Italian,
German (guesses past English); compared by `names.norm`."""
