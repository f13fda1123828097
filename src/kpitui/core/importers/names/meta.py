"""Meta's spellings (Facebook and Instagram, Meta Business Suite and legacy Insights exports).

Meta translates the headers of its exports, and the titles of its daily
files, into the user's interface language. English first, then French
(kpitui's first users), Spanish, Portuguese, German and Italian. The tables
are data, in `meta.toml` beside this module; the source of each spelling is
in a comment there:

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

from kpitui.core.importers.names import read

NAMES: Final = read("meta")
"""The columns of Meta's exports."""

TITLES: Final = read("meta", "titles")
"""The metric titles of Meta's daily files (line 2, above `"Date","Primary"`)."""
