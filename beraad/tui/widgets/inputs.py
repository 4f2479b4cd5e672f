"""Text fields that never let a control character in: a pasted note can hold terminal
escape sequences (clear screen, set title, write clipboard). They are dropped on paste;
what is stored is cleaned again by the model."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from beraad.text import clean, clean_line


class NoteArea(TextArea):
    """Free text with line breaks: soft-wrapped, Tab moves to the next field."""

    def __init__(self, text: str = "", *, id: str | None = None, read_only: bool = False, lines: int = 1) -> None:
        super().__init__(clean(text), id=id, soft_wrap=True, tab_behavior="focus", read_only=read_only, classes="note")
        self.styles.min_height = lines + 2

    def _on_paste(self, event: events.Paste) -> None:  # type: ignore[override]
        # Textual calls the handler of every class in the MRO, this one first: clean the
        # text here and TextArea's own handler inserts it.
        event.text = clean(event.text)


class NoteInput(Input):
    """One line of text. Focusing it never selects the text: typing after Tab must add to
    a cell, not replace what the group wrote there."""

    def __init__(self, value: str | None = None, **options: Any) -> None:
        options.setdefault("select_on_focus", False)
        super().__init__(value, **options)

    def _on_paste(self, event: events.Paste) -> None:
        # As in NoteArea: Input's own handler runs after this one and inserts the text.
        event.text = clean_line(event.text.splitlines()[0]) if event.text.strip() else ""

    def _on_blur(self, event: events.Blur) -> None:
        # Input's own handler runs too. A narrow cell that was typed into shows its end;
        # once the caret leaves, it shows its start again, as the group reads it.
        self.scroll_to(x=0, animate=False, force=True, immediate=True)


def caret_of(widget: object) -> tuple[int, int] | None:
    """Where the caret is in a text field, as (line, column)."""
    if isinstance(widget, TextArea):
        return widget.cursor_location
    if isinstance(widget, Input):
        return (0, widget.cursor_position)
    return None


def place_caret(widget: object, caret: tuple[int, int] | None) -> None:
    """Put the caret back where it was, or as near as the text now allows."""
    if caret is None:
        return
    line, column = caret
    if isinstance(widget, TextArea):
        document = widget.document
        line = max(0, min(line, document.line_count - 1))
        column = max(0, min(column, len(document.get_line(line))))
        widget.move_cursor((line, column))
    elif isinstance(widget, Input):
        widget.cursor_position = max(0, min(column, len(widget.value)))
