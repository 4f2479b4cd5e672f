"""User text on screen: as Rich Text (never read as markup) with control characters made
visible, so a note holding ESC sequences cannot reach the terminal."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from beraad.text import visible


def shown(value: Any, style: str = "") -> Text:
    return Text(visible(str(value)), style=style)
