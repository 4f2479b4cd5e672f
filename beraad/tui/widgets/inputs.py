"""Text fields that never let a control character in: a pasted note can hold terminal
escape sequences (clear screen, set title, write clipboard). They are dropped on paste;
what is stored is cleaned again by the model."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, TextArea

from beraad.text import clean, clean_line


class CaretInView(TextArea):
    """A text area inside a scrolling form: the line with the caret stays on screen.

    TextArea scrolls only itself to its caret. A note or cell that grows as it is typed in,
    or that is taller than what its form shows, would take the caret below the footer at
    80x24; so after every edit and caret move (both go through scroll_cursor_visible) the
    scrolling containers around it follow the caret too."""

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False) -> Offset:
        scrolled = super().scroll_cursor_visible(center, animate)
        if self.has_focus:
            # after the next layout: a cell that just grew by a line has its new height only then
            self.call_after_refresh(self.caret_in_view)
        return scrolled

    def caret_in_view(self) -> None:
        """Scroll each scrolling container around this field, innermost first, by the least
        that shows the caret's line."""
        if not self.is_attached or not self.has_focus:
            return
        y = self.cursor_screen_offset.y
        for ancestor in self.ancestors:
            if not isinstance(ancestor, Widget) or ancestor.max_scroll_y <= 0:
                continue
            window = ancestor.scrollable_content_region
            if window.y <= y < window.bottom:
                continue
            before = ancestor.scroll_y
            delta = y - window.y if y < window.y else y - window.bottom + 1
            ancestor.scroll_to(y=before + delta, animate=False, immediate=True)
            y -= round(ancestor.scroll_y - before)


class NoteArea(CaretInView):
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
