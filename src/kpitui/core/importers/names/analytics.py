"""Google Analytics' spellings (GA4 report downloads and Universal Analytics CSV exports).

Sources: FORMATS.md section 7 (English headers; `Conversions` before GA4
renamed it `Key events` in 2024). GA4 names a download's columns in the
interface language of the person who downloads it; the French, Spanish,
Portuguese, German and Italian spellings are in `LOCALISED`, each language's
source said there.
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

GA4_ONLY: Final = (
    "Engaged sessions",
    "Engagement rate",
    "Average engagement time per session",
    "Average engagement time",
    "Events per session",
    "Event count",
    "Session key event rate",
    "Session conversion rate",
    "User key event rate",
    "Engaged sessions per user",
    "Total revenue",
    "Key events",
)
"""Metrics only GA4 has (besides any `Key events (<event>)` or `Conversions…` column)."""

GA4_METRICS: Final = (
    *GA4_ONLY,
    "Sessions",
    "Event count per user",
    "Conversions",
    "User conversion rate",
    "Purchase revenue",
    "Total ad revenue",
    "Users",
    "Active users",
    "New users",
    "Total users",
    "Returning users",
    "Sessions per user",
    "Views",
    "Views per session",
    "Views per user",
    "Bounce rate",
    "Average session duration",
    "Ecommerce purchases",
    "Transactions",
    "User engagement",
)
"""GA4's metrics: a table's dimensions are the columns before the first of them."""

UA_METRICS: Final = (
    "Users",
    "New Users",
    "Sessions",
    "% New Sessions",
    "Bounce Rate",
    "Pages / Session",
    "Avg. Session Duration",
    "Goal Conversion Rate",
    "Goal Completions",
    "Goal Value",
    "Per Session Goal Value",
    "Transactions",
    "Revenue",
    "Ecommerce Conversion Rate",
    "Per Session Value",
    "Pageviews",
    "Unique Pageviews",
    "Avg. Time on Page",
    "Entrances",
    "% Exit",
    "Page Value",
)

UA_ONLY: Final = (
    "Pages / Session",
    "Avg. Session Duration",
    "% New Sessions",
    "Goal Conversion Rate",
    "Goal Completions",
    "Goal Value",
    "Per Session Goal Value",
    "Ecommerce Conversion Rate",
    "Per Session Value",
)
"""Metrics only Universal Analytics has (besides goal columns named by goal)."""

DIMENSIONS: Final = (
    "Session source / medium",
    "Session source",
    "Session medium",
    "Session default channel group",
    "Session primary channel group (Default Channel Group)",
    "First user source / medium",
    "First user default channel group",
    "Source / Medium",
    "Default Channel Grouping",
    "Landing page + query string",
    "Page path and screen class",
    "Nth day",
)
"""Dimensions GA writes as a table's first columns (their role is read from the name)."""

# --- GA4 in other interface languages ------------------------------------------------------------
#
# Each tuple lists French, Spanish, Portuguese, German and Italian, in that order (a language
# whose word is the English one is left out). Where each comes from:
#
# - fr: Google's French help pages where they name the column: "Sessions avec engagement"
#   (support.google.com/analytics/answer/12798876?hl=fr, "Session avec engagement") and the
#   dimensions "Groupe de canaux par défaut pour la session" / "… pour le premier utilisateur"
#   (support.google.com/analytics/answer/9756891?hl=fr, "[GA4] Groupe de canaux par défaut").
#   "Groupe de canaux par défaut de la session", "Date de début", "Événements clés" and
#   "Revenu total" are the spellings the issue reports from French downloads (issue 14).
# - es: public code that reads Spanish GA4 downloads and Looker Studio fields agrees on
#   "Grupo de canales predeterminado de la sesión", "Fuente / medio de la sesión",
#   "Sesiones", "Sesiones con interacción", "Eventos clave", "Usuarios activos",
#   "Usuarios nuevos", "Total de usuarios", "Número de eventos", "Ingresos por compras" and
#   "Tasa de eventos clave de la sesión" (third-party sources, not Google's own pages).
# - fr (others), pt, de, it, and the es names not listed above: the names GA4's interface
#   shows in those languages as far as we know them, NOT checked against a download or a
#   Google page: guesses. A guess that is wrong costs nothing (no column is spelt so), and a
#   column kpitui cannot name is still found by its values (`analytics._columns`).
LOCALISED: Final[dict[str, tuple[str, ...]]] = {
    # metrics kpitui reads
    "Sessions": ("Sesiones", "Sessões", "Sitzungen", "Sessioni"),
    "Engaged sessions": (
        "Sessions avec engagement",
        "Sesiones con interacción",
        "Sessões engajadas",
        "Sitzungen mit Interaktionen",
        "Sessioni con engagement",
    ),
    "Key events": (
        "Événements clés",
        "Eventos clave",
        "Eventos principais",
        "Schlüsselereignisse",
        "Eventi chiave",
    ),
    "Conversions": ("Conversiones", "Conversões", "Conversioni"),
    "Total revenue": (
        "Revenu total",
        "Revenus totaux",
        "Ingresos totales",
        "Receita total",
        "Gesamtumsatz",
        "Entrate totali",
    ),
    "Purchase revenue": (
        "Revenus générés par les achats",
        "Ingresos por compras",
        "Receita de compra",
        "Umsatz durch Käufe",
        "Entrate generate dagli acquisti",
    ),
    # other GA4 metrics: only GA4 writes them (evidence of the platform), and they end the
    # table's dimensions
    "Engagement rate": (
        "Taux d'engagement",
        "Porcentaje de interacciones",
        "Tasa de interacción",
        "Taxa de engajamento",
        "Interaktionsrate",
        "Tasso di engagement",
    ),
    "Average engagement time per session": (
        "Durée d'engagement moyenne par session",
        "Tiempo de interacción medio por sesión",
        "Tempo médio de engajamento por sessão",
        "Durchschnittliche Interaktionsdauer pro Sitzung",
        "Tempo di engagement medio per sessione",
    ),
    "Average engagement time": (
        "Durée d'engagement moyenne",
        "Tiempo de interacción medio",
        "Tempo médio de engajamento",
        "Durchschnittliche Interaktionsdauer",
        "Tempo di engagement medio",
    ),
    "Events per session": (
        "Événements par session",
        "Eventos por sesión",
        "Eventos por sessão",
        "Ereignisse pro Sitzung",
        "Eventi per sessione",
    ),
    "Event count": (
        "Nombre d'événements",
        "Número de eventos",
        "Contagem de eventos",
        "Ereignisanzahl",
        "Conteggio eventi",
    ),
    "Session key event rate": (
        "Taux d'événements clés de la session",
        "Tasa de eventos clave de la sesión",
        "Taxa de eventos principais da sessão",
        "Rate der Schlüsselereignisse für Sitzungen",
        "Tasso di eventi chiave della sessione",
    ),
    "Engaged sessions per user": (
        "Sessions avec engagement par utilisateur",
        "Sessions avec engagement par utilisateur actif",
        "Sesiones con interacción por usuario",
        "Sessões engajadas por usuário",
        "Sitzungen mit Interaktionen pro Nutzer",
        "Sessioni con engagement per utente",
    ),
    "Users": ("Utilisateurs", "Usuarios", "Usuários", "Nutzer", "Utenti"),
    "Active users": (
        "Utilisateurs actifs",
        "Usuarios activos",
        "Usuários ativos",
        "Aktive Nutzer",
        "Utenti attivi",
    ),
    "New users": (
        "Nouveaux utilisateurs",
        "Usuarios nuevos",
        "Novos usuários",
        "Neue Nutzer",
        "Nuovi utenti",
    ),
    "Total users": (
        "Nombre total d'utilisateurs",
        "Total de usuarios",
        "Usuarios totales",
        "Total de usuários",
        "Nutzer insgesamt",
        "Utenti totali",
    ),
    "Returning users": (
        "Utilisateurs connus",
        "Usuarios recurrentes",
        "Usuários recorrentes",
        "Wiederkehrende Nutzer",
        "Utenti di ritorno",
    ),
    "Sessions per user": (
        "Sessions par utilisateur",
        "Sesiones por usuario",
        "Sessões por usuário",
        "Sitzungen pro Nutzer",
        "Sessioni per utente",
    ),
    "Event count per user": (
        "Nombre d'événements par utilisateur",
        "Número de eventos por usuario",
        "Contagem de eventos por usuário",
        "Ereignisanzahl pro Nutzer",
        "Conteggio eventi per utente",
    ),
    "Bounce rate": (
        "Taux de rebond",
        "Porcentaje de rebote",
        "Taxa de rejeição",
        "Absprungrate",
        "Frequenza di rimbalzo",
    ),
    "Average session duration": (
        "Durée moyenne des sessions",
        "Duración media de la sesión",
        "Duração média da sessão",
        "Durchschnittliche Sitzungsdauer",
        "Durata media della sessione",
    ),
    "Ecommerce purchases": (
        "Achats d'e-commerce",
        "Compras de comercio electrónico",
        "Compras de e-commerce",
        "E-Commerce-Käufe",
        "Acquisti e-commerce",
    ),
    # dimensions (their role is read from the name: `analytics._role`)
    "Session source / medium": (
        "Source / support de la session",
        "Fuente / medio de la sesión",
        "Origem / mídia da sessão",
        "Sitzung – Quelle / Medium",
        "Sorgente / mezzo della sessione",
    ),
    "Session source": (
        "Source de la session",
        "Fuente de la sesión",
        "Origem da sessão",
        "Sitzung – Quelle",
        "Sorgente della sessione",
    ),
    "Session medium": (
        "Support de la session",
        "Medio de la sesión",
        "Mídia da sessão",
        "Sitzung – Medium",
        "Mezzo della sessione",
    ),
    "Session default channel group": (
        "Groupe de canaux par défaut pour la session",
        "Groupe de canaux par défaut de la session",
        "Grupo de canales predeterminado de la sesión",
        "Grupo padrão de canais da sessão",
        "Standard-Channelgruppe der Sitzung",
        "Sitzung – Standard-Channelgruppe",
        "Gruppo di canali predefinito della sessione",
    ),
    "Session primary channel group (Default Channel Group)": (
        "Groupe de canaux principal de la session (Groupe de canaux par défaut)",
        "Grupo de canales principal de la sesión (Grupo de canales predeterminado)",
        "Grupo de canais principal da sessão (Grupo padrão de canais)",
        "Primäre Channelgruppe der Sitzung (Standard-Channelgruppe)",
        "Gruppo di canali principale della sessione (Gruppo di canali predefinito)",
    ),
    "First user default channel group": (
        "Groupe de canaux par défaut pour le premier utilisateur",
        "Grupo de canales predeterminado del primer usuario",
        "Grupo padrão de canais do primeiro usuário",
        "Standard-Channelgruppe der ersten Nutzerinteraktion",
        "Gruppo di canali predefinito del primo utente",
    ),
    "Page path and screen class": (
        "Chemin de la page et classe de l'écran",
        "Ruta de la página y clase de pantalla",
        "Ruta de página y clase de pantalla",
        "Caminho da página e classe da tela",
        "Seitenpfad und Bildschirmklasse",
        "Percorso pagina e classe schermata",
    ),
}
"""GA4's columns in other interface languages: English name → spellings (sources above)."""

DATE_NAMES: Final = ("date", "fecha", "data", "datum")
"""The Date dimension in English, French, Spanish, Portuguese and Italian (`Data`), German.
Not in `NAMES`: other platforms write `Date` and `Data` too, so they are no evidence of GA."""

DATE_RANGE_NAMES: Final = (
    "date range",
    "plage de dates",
    "intervalo de fechas",
    "periodo",
    "intervalo de datas",
    "período",
    "zeitraum",
    "intervallo di date",
)
"""The column a comparison adds (English, then the guessed fr, es, pt, de, it spellings)."""

GRAND_TOTAL: Final = (
    "grand total",
    "total général",  # fr (issue 14)
    "total",  # fr, es, pt (issue 14: `Total`)
    "total general",  # es (guess)
    "total geral",  # pt (guess)
    "gesamtsumme",  # de (guess)
    "insgesamt",  # de (guess)
    "summe",  # de (guess)
    "totale",  # it (guess)
    "totale complessivo",  # it (guess)
)
"""The first cell of GA's totals row, compared folded (`values.fold_text`)."""

SUMMABLE: Final = (
    # English, as GA4 names them
    "country", "region", "city", "continent", "sub-continent", "device category",
    "operating system", "browser", "platform", "language", "gender", "age",
    "new / established", "user type", "landing page", "landing page + query string",
    "campaign", "keyword", "ad content", "default channel grouping", "source", "medium",
    # fr, es, pt, de, it (guesses): country, region, city, device category, operating system,
    # browser, language, landing page
    "pays", "pais", "land", "paese",
    "region", "regiao", "regione",
    "ville", "ciudad", "cidade", "stadt", "citta",
    "categorie d'appareil", "categoria de dispositivo", "categoria del dispositivo",
    "categoria do dispositivo", "geratekategorie", "categoria dispositivo",
    "systeme d'exploitation", "sistema operativo", "sistema operacional", "betriebssystem",
    "navigateur", "navegador", "browser", "idioma", "langue", "sprache", "lingua",
    "page de destination", "pagina de destino", "landingpage", "pagina di destinazione",
)  # fmt: skip
"""Second dimensions that split each session into exactly one row (session- or user-scoped),
compared in `names.norm` form: adding their rows up gives the sessions per source again. An
event- or page-scoped dimension (event name, page path) repeats a session on several rows."""

NAMES: Final = Names(
    "analytics",
    "Google Analytics",
    {
        name: LOCALISED.get(name, ())
        for name in dict.fromkeys((*GA4_METRICS, *UA_METRICS, *DIMENSIONS, *LOCALISED))
    },
)
"""The columns of Google Analytics exports."""
