"""Control characters in user text: removed where text is stored, made visible where it
is shown. A note pasted from a terminal can hold ESC sequences that would clear the
screen, rename the terminal or write the clipboard if they reached the terminal.
"""

from __future__ import annotations

import re
from datetime import date

# C0 controls except tab and newline, DEL, and the C1 controls (0x80-0x9f), which some
# terminals also obey; and the bidirectional overrides and isolates, which make a title
# read backwards in a terminal or a listing ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ESC is shown as ␛
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(text: str) -> str:
    """Text as it is stored: line ends normalised, control characters dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """A one-line text (a title, a name): no control characters, no line breaks."""
    return " ".join(_CONTROL_IN_LINE.sub(" ", text).split()) if _CONTROL_IN_LINE.search(text) else text


def visible(text: str) -> str:
    """Text as it is shown: every control character except newline as a visible symbol."""
    return _CONTROL.sub(_picture, text)


def visible_line(text: str) -> str:
    """A one-line text as it is shown (a file name in a message): a line break too as a
    visible symbol, so it never breaks the line it stands in."""
    return _CONTROL_IN_LINE.sub(_picture, text)


def day_text(day: date) -> str:
    """A date as dd-mm-jjjj, with four digits for any year (strftime writes year 1 as "1")."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def name_key(text: str) -> str:
    """How two spellings of one addressee or team name compare: letter case, accents,
    invisible characters and the spaces around and between the words aside
    ("  Béleid ", "beleid"; "Team  Noord", "team noord")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.translate(_INVISIBLE))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
