"""TikTok Studio's spellings (Analytics → Download data: Content, Overview, FollowerHistory, Viewers…).

Sources: FORMATS.md section 6 (English headers) and the real files in
shared/real-exports/ (a Business account's overview, a renamed video list).

Translations. Every real TikTok Studio file seen so far has English
headers whatever the user's language: the dates are localised (`8 de
setembro`, `18 января`, `9月13日`, read by `values.day_parts`), the headers
are not (FORMATS.md §6: the same English header in Russian, Japanese, Thai,
Vietnamese and Portuguese projects; a Brazilian project's research notes
on a real download, where the English header is "confirmed" and its pt-BR
spellings "provisional"). So no translated header has a real source. The
French, Spanish, Portuguese, German and Italian spellings below are
GUESSES, after the wording of TikTok Studio's screens, kept for the day
TikTok translates its files: each is marked `guess`, and the Portuguese
ones that the Brazilian project also expects are marked so. A guess that
another platform really writes (YouTube's Portuguese `Título do vídeo`,
`Novos espectadores`) is left out, so that it still tells that platform's
files apart. Generic words
(`J'aime`, `Me gusta`…) are left out: they would make files of other
platforms look like TikTok's, and the daily likes they would name are not
imported anyway.
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "tiktok",
    "TikTok Studio",
    {
        # --- Content.csv, and a Business account's video list ---
        "Time": (
            "Heure",  # fr: guess
            "Hora",  # es, pt: guess
            "Zeit",  # de: guess
            "Ora",  # it: guess
        ),
        "Video title": (
            "Titre de la vidéo",  # fr: guess
            "Título del video",  # es: guess
            "Videotitel",  # de: guess
            "Titolo del video",  # it: guess
        ),
        "Video link": (
            "Lien de la vidéo",  # fr: guess
            "Enlace del video",  # es: guess
            "Link do vídeo",  # pt: guess
            "Videolink",  # de: guess
            "Link del video",  # it: guess
        ),
        "Post time": (
            "Date et heure de publication",  # fr: guess
            "Hora de publicación",  # es: guess
            "Horário da publicação",  # pt: guess
            "Veröffentlichungszeit",  # de: guess
            "Ora di pubblicazione",  # it: guess
        ),
        "Total likes": (
            "Total des J'aime",  # fr: guess
            "Total de Me gusta",  # es: guess
            "Total de curtidas",  # pt: guess
            "Likes insgesamt",  # de: guess
            "Mi piace totali",  # it: guess
        ),
        "Total comments": (
            "Total des commentaires",  # fr: guess
            "Total de comentarios",  # es: guess
            "Total de comentários",  # pt: guess
            "Kommentare insgesamt",  # de: guess
            "Commenti totali",  # it: guess
        ),
        "Total shares": (
            "Total des partages",  # fr: guess
            "Total de veces compartido",  # es: guess
            "Total de compartilhamentos",  # pt: guess
            "Geteilt insgesamt",  # de: guess
            "Condivisioni totali",  # it: guess
        ),
        "Total views": (
            "Total des vues",  # fr: guess
            "Total de visualizaciones",  # es: guess
            "Total de visualizações",  # pt: guess
            "Aufrufe insgesamt",  # de: guess
            "Visualizzazioni totali",  # it: guess
        ),
        "Add to favorites": (),
        "Total play time": (),
        "Average watch time": (),
        "Watched full video": (),
        # --- Overview.csv, FollowerHistory.csv, Viewers.csv ---
        "Date": (
            "Fecha",  # es: guess
            "Data",  # pt, it: guess (pt also the Brazilian project's)
            "Datum",  # de: guess
        ),
        "Video Views": (
            "Vues de vidéos",  # fr: guess
            "Visualizaciones de videos",  # es: guess
            "Visualizações de vídeo",  # pt: guess (the Brazilian project's)
            "Visualizações do vídeo",  # pt: guess (the Brazilian project's)
            "Videoaufrufe",  # de: guess
            "Visualizzazioni dei video",  # it: guess
        ),
        "Profile Views": (
            "Vues du profil",  # fr: guess
            "Visualizaciones del perfil",  # es: guess
            "Visualizações do perfil",  # pt: guess (the Brazilian project's)
            "Visitas ao perfil",  # pt: guess (the Brazilian project's)
            "Profilaufrufe",  # de: guess
            "Visualizzazioni del profilo",  # it: guess
        ),
        "Likes": (),
        "Comments": (),
        "Shares": (),
        "Followers": (
            "Abonnés",  # fr: guess
            "Seguidores",  # es, pt: guess (pt also the Brazilian project's)
            "Follower",  # de: guess
        ),
        "Difference in followers from previous day": (
            "Différence d'abonnés par rapport à la veille",  # fr: guess
            "Diferencia de seguidores respecto al día anterior",  # es: guess
            "Diferença de seguidores em relação ao dia anterior",  # pt: guess (the Brazilian project's)
            "Differenz der Follower zum Vortag",  # de: guess
            "Differenza di follower rispetto al giorno precedente",  # it: guess
        ),
        "Total Viewers": (
            "Total des spectateurs",  # fr: guess
            "Total de espectadores",  # es, pt: guess
            "Zuschauer insgesamt",  # de: guess
            "Spettatori totali",  # it: guess
        ),
        "New Viewers": (
            "Nouveaux spectateurs",  # fr: guess
            "Nuevos espectadores",  # es: guess
            "Neue Zuschauer",  # de: guess
            "Nuovi spettatori",  # it: guess
        ),
        "Returning Viewers": (
            "Spectateurs réguliers",  # fr: guess
            "Espectadores recurrentes",  # es: guess
            "Wiederkehrende Zuschauer",  # de: guess
            "Spettatori abituali",  # it: guess
        ),
        # --- a Business account's overview (real-exports/tiktok_vintage-overview-business.csv) ---
        "Reached audience": (),
        "Phone number clicks": (),
        "Leads submission": (),
        "Net growth": (),
        "New followers": (),
        "Lost followers": (),
        # --- the audience files (FollowerActivity, FollowerGender, FollowerTopTerritories) ---
        "Hour": (),
        "Active followers": (),
        "Gender": (),
        "Distribution": (),
        "Top territories": (),
    },
)
"""The columns of TikTok Studio's downloads."""
