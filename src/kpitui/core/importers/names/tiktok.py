"""TikTok Studio's spellings (Analytics → Download data: Content, Overview, FollowerHistory, Viewers…).

The table is data, in `tiktok.toml` beside this module, each spelling with
its source in a comment. Sources: FORMATS.md section 6 (English headers) and the real files in
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

from kpitui.core.importers.names import read

NAMES: Final = read("tiktok")
"""The columns of TikTok Studio's downloads."""
