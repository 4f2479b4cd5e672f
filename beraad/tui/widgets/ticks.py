"""Checklists and choices whose state shows without colour: Textual draws the same "X"
or dot for ticked and not ticked and tells them apart by colour only, so on a
monochrome or high-contrast terminal (or a projector) everything looks ticked."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from beraad.tui.compat import ToggleButton

EMPTY = " "


class TickList(SelectionList[str]):
    """A SelectionList whose box is empty until ticked."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments[1] = Segment(EMPTY, segments[1].style)
        return Strip(segments, strip.cell_length)


class Choice(RadioButton):
    """A radio button whose dot shows only when it is the choice."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else EMPTY  # read by the drawing below
        return super()._button
