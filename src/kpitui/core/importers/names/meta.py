"""Meta's spellings (Facebook and Instagram, Meta Business Suite and legacy Insights exports).

Meta translates the headers of its exports, and the titles of its daily
files, into the user's interface language. English first, then French
(kpitui's first users), Spanish, Portuguese, German and Italian. The source
of each spelling is in a comment:

- [FORMATS]: FORMATS.md, "What real files taught us" (a real French posts export).
- [real]: the real files of shared/real-exports/ (PROVENANCE.md names them).
- [fr-cleaner]: a French Meta export cleaner's column markers and tests (public repository,
  `socialstats/schema_mapper.py`: exports of 32 to 227 columns, "Date" = "Global").
- [fr-stories]: a French Instagram stories loader's rename table (public repository).
- [fr-dashboard]: a French dashboard mapping "Publish time|Heure de publication" and the like,
  and another naming its daily CSVs « Followers en plus », « Visites », « Vues » (public).
- [es-loader]: a Spanish Meta dashboard's loaders (360Radio Analytics `data_loader.py`, public).
- [es-finder]: a Spanish Facebook export column finder (public repository).
- [pt-ig]: a Portuguese Instagram analysis reading Meta's posts CSV (public repository).
- [it-mapper]: an Italian importer's `platformCsvMappers` for Meta's CSVs (public repository).
- [pl-en]: an English-UI mapping of a Polish page's exports ("Publication time", "Range" for
  reach, "Click on link"; public repository).
- [meta-ui]: Meta's interface wording in that language, not yet seen in an export file
  (German above all: no German export was found); unverified, kept because a wrong spelling
  costs nothing and a right one reads the file.
"""

from __future__ import annotations

from typing import Final

from kpitui.core.importers.names import Names

NAMES: Final = Names(
    "meta",
    "Meta Business Suite",
    {
        # --- Business Suite posts exports (Facebook and Instagram) ---
        "Post ID": (
            "Post identifier",
            "Identifiant de la publication",  # fr: [FORMATS], [fr-cleaner]
            "Identificador de la publicación",  # es: [es-loader], [es-finder]
            "Identificação do post",  # pt: [meta-ui] (Ads Manager's "Inserir a identificação do post")
            "ID da publicação",  # pt: [meta-ui]
            "Beitrags-ID",  # de: [meta-ui]
            "ID del post",  # it: [meta-ui]
        ),
        "Page ID": (
            "ID de la Page",  # fr: [fr-cleaner]
            "Identificador de la página",  # es: [meta-ui]
            "ID da Página",  # pt: [meta-ui]
            "Seiten-ID",  # de: [meta-ui]
            "ID della Pagina",  # it: [meta-ui]
        ),
        "Page name": (
            "Nom de la page",  # fr: [fr-cleaner]
            "Nombre de la página",  # es: [es-finder]
            "Nome da Página",  # pt: [meta-ui]
            "Seitenname",  # de: [meta-ui]
            "Nome della Pagina",  # it: [meta-ui]
        ),
        "Account ID": (
            "ID du compte",  # fr: [fr-cleaner], [fr-stories]
            "Identifiant du compte",  # fr: [fr-cleaner]
            "Identificador de la cuenta",  # es: [meta-ui]
            "ID da conta",  # pt: [meta-ui]
            "Konto-ID",  # de: [meta-ui]
            "ID dell'account",  # it: [meta-ui]
        ),
        "Account username": (
            "Username",
            "Nom de profil du compte",  # fr: [fr-cleaner], [fr-stories]
            "Nombre de usuario de la cuenta",  # es: [meta-ui]
            "Nome de usuário da conta",  # pt: [meta-ui]
            "Benutzername des Kontos",  # de: [meta-ui]
            "Nome utente dell'account",  # it: [meta-ui]
        ),
        "Account name": (
            "Nom du compte",  # fr: [fr-cleaner], [fr-stories]
            "Nombre de la cuenta",  # es: [meta-ui]
            "Nome da conta",  # pt: [meta-ui]
            "Kontoname",  # de: [meta-ui]
            "Nome dell'account",  # it: [meta-ui]
        ),
        "Title": (
            "Titre",  # fr: [fr-dashboard]
            "Título",  # es, pt: [es-loader] (Facebook tab)
            "Titel",  # de: [meta-ui]
            "Titolo",  # it: [it-mapper]
        ),
        "Description": (
            "Caption",
            "Post description",
            "Descripción",  # es: [meta-ui]
            "Descrição",  # pt: [pt-ig]
            "Beschreibung",  # de: [meta-ui]
            "Descrizione",  # it: [it-mapper]
        ),
        "Duration (sec)": (
            "Duration (sec.)",  # [pl-en]
            "Durée (s)",  # fr: [fr-stories]
            "Duración (segundos)",  # es: [es-finder]
            "Duração (s)",  # pt: [meta-ui]
            "Dauer (Sek.)",  # de: [meta-ui]
            "Durata (sec)",  # it: [meta-ui]
        ),
        "Publish time": (
            "Publication time",  # [pl-en]
            "Published time",
            "Publish date",
            "Post time",
            "Heure de publication",  # fr: [FORMATS], [fr-cleaner], [fr-stories]
            "Hora de publicación",  # es: [es-loader], [es-finder]
            "Horário de publicação",  # pt: [pt-ig]
            "Veröffentlichungszeit",  # de: [meta-ui]
            "Orario di pubblicazione",  # it: [it-mapper]
        ),
        "Caption type": (),
        "Permalink": (
            "Link to post",
            "Post link",
            "Permalien",  # fr: [fr-cleaner], [fr-stories]
            "Enlace permanente",  # es: [es-finder]
            "Link permanente",  # pt: [meta-ui]
        ),
        "Is crosspost": ("Est un crosspostage",),  # fr: [fr-cleaner]
        "Is share": (),
        "Post type": (
            "Type of post",
            "Type de publication",  # fr: [fr-cleaner], [fr-stories]
            "Tipo de publicación",  # es: [es-loader]
            "Tipo de post",  # pt: [pt-ig]
            "Tipo de publicação",  # pt: [meta-ui]
            "Beitragstyp",  # de: [meta-ui]
            "Tipo di post",  # it: [it-mapper]
        ),
        "Languages": ("Langues",),  # fr: [fr-cleaner]
        "Custom labels": (),
        "Funded content status": (),
        "Data comment": ("Commentaire des données",),  # fr: [fr-stories]
        "Date": (
            "Period",
            "Data",  # pt, it: [real] (instagram_ufscar-*-pt-utf16.csv)
            "Fecha",  # es: [es-loader]
            "Datum",  # de: [meta-ui]
        ),
        "Views": (
            "Vues",  # fr: [FORMATS], [fr-cleaner]
            "Visualizaciones",  # es: [es-loader]
            "Visualizações",  # pt: [pt-ig]
            "Aufrufe",  # de: [meta-ui]
            "Visualizzazioni",  # it: [meta-ui]
        ),
        "Impressions": (
            "Impresiones",  # es: [meta-ui]
            "Impressões",  # pt: [pt-ig] (its older format)
            "Impressionen",  # de: [meta-ui]
            "Impressioni",  # it: [meta-ui]
        ),
        "IMPRESSION:UNIQUE_USERS": (),  # the older generation's reach (people who saw the post)
        "Reach": (
            "Range",  # [pl-en]: an English back-translation of the Polish "Zasięg"
            "Couverture",  # fr: [FORMATS], [fr-dashboard]
            "Alcance",  # es, pt: [es-loader], [pt-ig]
            "Reichweite",  # de: [meta-ui]
            "Copertura",  # it: [it-mapper]
        ),
        "Reactions, Comments and Shares": (
            "Reactions, comments & shares",
            "Reactions comments and shares",
            "Réactions, commentaires et partages",  # fr: [FORMATS]
            "Reacciones, comentarios y veces que se ha compartido",  # es: [es-loader]
            "Reações, comentários e compartilhamentos",  # pt: [meta-ui]
            "Reaktionen, Kommentare und geteilte Inhalte",  # de: [meta-ui]
            "Reazioni, commenti e condivisioni",  # it: [it-mapper]
        ),
        "Reactions": (
            "Réactions",  # fr: [fr-dashboard]
            "Reacciones",  # es: [es-loader]
            "Reações",  # pt: [meta-ui]
            "Reaktionen",  # de: [meta-ui]
            "Reazioni",  # it: [it-mapper]
        ),
        "Comments": (
            "Commentaires",  # fr: [fr-dashboard]
            "Comentarios",  # es: [es-loader]
            "Comentários",  # pt: [pt-ig]
            "Kommentare",  # de: [meta-ui]
            "Commenti",  # it: [it-mapper]
        ),
        "Shares": (
            "Partages",  # fr: [fr-dashboard], [fr-stories]
            "Veces que se ha compartido",  # es: [es-loader]
            "Compartilhamentos",  # pt: [pt-ig]
            "Geteilte Inhalte",  # de: [meta-ui]
            "Condivisioni",  # it: [it-mapper]
        ),
        "Likes": (
            "Mentions J’aime",  # fr: [FORMATS], [fr-cleaner]
            "Me gusta",  # es: [es-loader]
            "Curtidas",  # pt: [pt-ig]
            "„Gefällt mir“-Angaben",  # de: [meta-ui]
            "Mi piace",  # it: [it-mapper]
        ),
        "Saves": (
            "Enregistrements",  # fr: [FORMATS], [fr-cleaner]
            "Veces guardado",  # es: [es-loader]
            "Salvamentos",  # pt: [pt-ig]
            "Gespeichert",  # de: [meta-ui]
            "Salvataggi",  # it: [meta-ui]
        ),
        "Follows": (
            "Followers en plus",  # fr: [fr-cleaner], [fr-stories]
            "Seguidores",  # es: [es-loader]; pt: [meta-ui]
            "Follower",  # de, it: [meta-ui]
        ),
        "Plays": (),
        "Total clicks": (
            "Total Clicks",  # [pl-en]
            "Total des clics",  # fr: [meta-ui]
            "Clics totales",  # es: [meta-ui]
        ),
        "Other Clicks": (),
        "Link Clicks": (
            "Click on link",  # [pl-en]
            "Clicks on link",
            "Link click",
            "Clics sur un lien",  # fr: [FORMATS]
            "Clics sur le lien",  # fr: [fr-stories]
            "Clics en el enlace",  # es: [es-loader] (stories)
            "Cliques no link",  # pt: [meta-ui]
            "Link-Klicks",  # de: [meta-ui]
            "Clic sul link",  # it: [meta-ui]
        ),
        "Reels_plays:count": ("Reels plays", "Reel plays"),
        "Seconds viewed": (
            "Seconds watched",  # [pl-en]
            "Secondes visionnées",  # fr: [meta-ui]
            "Segundos reproducidos",  # es: [es-loader]
            "Segundos visualizados",  # pt: [meta-ui]
            "Wiedergegebene Sekunden",  # de: [meta-ui]
            "Secondi visualizzati",  # it: [meta-ui]
        ),
        "Average Seconds viewed": (
            "Average Seconds Watched",  # [pl-en]
            "Segundos reproducidos de media",  # es: [es-loader]
        ),
        "Estimated earnings (USD)": ("Revenus estimés (USD)",),  # fr: [fr-cleaner]
        "Ad CPM (USD)": (),
        "Ad impressions": (),
        # --- daily metric files (`"Date","Primary"` under a title line) ---
        "Primary": (),
        # --- legacy Insights exports (before 2020; English only) ---
        "Post Message": (),
        "Type": (),
        "Posted": (),
        "Lifetime Post Total Reach": (),
        "Lifetime Post Total Impressions": (),
        "Lifetime Total Likes": (),
        "Daily New Likes": (),
        "Daily Unlikes": (),
        "Daily Total Reach": (),
        "Daily Total Impressions": (),
    },
)
"""The columns of Meta's exports."""

TITLES: Final = Names(
    "meta",
    "Meta Business Suite",
    {
        # A daily file's title names its metric, and often its network (`Facebook follows`,
        # `Instagram profile visits`, `Seguidores no Instagram`). A title is looked up whole
        # first, then without its network words and the words around them (`profile`, `page`,
        # `no`, `du`, `ao perfil do`…: `meta_daily.metric_of`), so only the bare metric is
        # needed here, in each language.
        "Follows": (
            "New follows",
            "Follows gained",
            "New followers",
            "Followers en plus",  # fr: [fr-dashboard] (a daily CSV named « Followers en plus »)
            "Abonnés",  # fr: [meta-ui] (issue 14's list of French titles)
            "Nouveaux abonnés",  # fr: [meta-ui]
            "Nouveaux followers",  # fr: [meta-ui]
            "Seguidores",  # pt: [real] ("Seguidores no Instagram"); es: [meta-ui]
            "Nuevos seguidores",  # es: [meta-ui]
            "Novos seguidores",  # pt: [meta-ui]
            "Neue Follower",  # de: [meta-ui]
            "Follower",  # de, it: [meta-ui]
            "Nuovi follower",  # it: [meta-ui]
        ),
        "Unfollows": (
            "Followers en moins",  # fr: [fr-cleaner] (its audience insights)
        ),
        "Visits": (
            "Visites",  # fr: [fr-dashboard] (a daily CSV named « Visites »)
            "Visitas",  # pt: [real] ("Visitas ao perfil do Instagram"); es: [meta-ui]
            "Besuche",  # de: [meta-ui]
            "Profilaufrufe",  # de: [meta-ui]
            "Visite",  # it: [meta-ui]
        ),
        "Views": (
            "Vues",  # fr: [fr-dashboard] (a daily CSV named « Vues »)
            "Visualizaciones",  # es: [es-loader]
            "Visualizações",  # pt: [pt-ig]
            "Aufrufe",  # de: [meta-ui]
            "Visualizzazioni",  # it: [meta-ui]
        ),
        "Viewers": (
            "Spectateurs",  # fr: [fr-cleaner] ("Spectateurs de 3 secondes")
            "Espectadores",  # es: [es-loader] ("Espectadores de 3 segundos"); pt: [meta-ui]
            "Zuschauer",  # de: [meta-ui]
            "Spettatori",  # it: [meta-ui]
        ),
        "Reach": (
            "Accounts reached",
            "Couverture",  # fr: [FORMATS]
            "Comptes touchés",  # fr: [fr-cleaner] (its reach insights)
            "Alcance",  # pt: [real] (instagram_ufscar-alcance-pt-utf16.csv); es: [es-loader]
            "Reichweite",  # de: [meta-ui]
            "Copertura",  # it: [it-mapper]
        ),
        # recognised, imported as nothing (see meta_daily.IGNORED)
        "Content interactions": (
            "Interactions",
            "Post interactions",
            "Interactions avec le contenu",  # fr: [meta-ui]
            "Interacciones con el contenido",  # es: [meta-ui]
            "Interacciones",  # es: [meta-ui]
            "Interações com o conteúdo",  # pt: [meta-ui]
            "Interações",  # pt: [meta-ui]
            "Interaktionen mit Inhalten",  # de: [meta-ui]
            "Interaktionen",  # de: [meta-ui]
            "Interazioni con i contenuti",  # it: [meta-ui]
            "Interazioni",  # it: [meta-ui]
        ),
        "Link clicks": (
            "Link taps",
            "Clics sur un lien",  # fr: [FORMATS]
            "Clics sur le lien",  # fr: [fr-stories]
            "Clics en el enlace",  # es: [es-loader]
            "Cliques no link",  # pt: [meta-ui]
            "Link-Klicks",  # de: [meta-ui]
            "Clic sul link",  # it: [meta-ui]
        ),
        "Earnings": (
            "Approximate earnings",
            "Estimated earnings",
            "Approximate content monetization earnings",
        ),
    },
)
"""The metric titles of Meta's daily files (line 2, above `"Date","Primary"`)."""
