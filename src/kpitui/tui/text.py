"""Untrusted text (post captions, account names, file names) made safe to draw.

Post text comes from other people: it may hold Rich markup (`[bold]`),
terminal escape sequences, or control and bidi characters. It is always
drawn as a plain `Text` (never parsed as markup) with every control
character replaced by a visible symbol, so nothing in it can style, move the
cursor or reorder the screen.
"""

from __future__ import annotations

import re
from typing import Final

from rich.text import Text

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEWLINES: Final = re.compile(r"\r\n|\r|\n|\t")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, …
    if code == 0x7F:
        return "␡"
    return "\ufffd"


def clean(text: object, *, single_line: bool = True) -> str:
    """The text with control characters made visible (and line breaks as spaces)."""
    value = "" if text is None else str(text)
    if single_line:
        value = _NEWLINES.sub(" ", value)
    return _CONTROL.sub(_visible, value)


def plain(text: object, style: str = "", *, single_line: bool = True, limit: int | None = None) -> Text:
    """A Rich Text that shows `text` literally: never markup, never escape sequences."""
    value = clean(text, single_line=single_line)
    if limit is not None and len(value) > limit:
        value = value[: max(0, limit - 1)] + "…"
    return Text(value, style=style, no_wrap=single_line, overflow="ellipsis")
