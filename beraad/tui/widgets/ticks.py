"""Checklists and choices whose state shows without colour: Textual draws the same "X"
or dot for ticked and not ticked and tells them apart by colour only, so on a
monochrome or high-contrast terminal (or a projector) everything looks ticked."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import OptionList, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from beraad.tui.compat import ToggleButton, option_lines, selection_gutter

EMPTY = " "


class TickList(SelectionList[str]):
    """A SelectionList whose box is empty until ticked, and whose items wrap: an agreement
    too long for the width goes on on the next line instead of being cut off.

    SelectionList draws its box on every line as if each item were one line long; this
    draws it on an item's first line only, using OptionList's own map of lines."""

    DEFAULT_CSS = "TickList { text-wrap: wrap; text-overflow: fold; }"

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        try:
            index, offset = option_lines(self)[self.scroll_offset.y + y]
            option = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return line
        underlying = next(iter(line)).style or self.rich_style
        gutter = selection_gutter(self)
        if offset:  # the rest of a long item, under its text
            return Strip([Segment(" " * gutter, underlying), *line])
        ticked = option.value in self.selected
        component = "selection-list--button" + ("-selected" if ticked else "")
        if self.highlighted == index:
            component += "-highlighted"
        meta = Style(meta={"option": index})
        button = self.get_component_rich_style(component) + meta
        side = Style.from_color(button.bgcolor, underlying.bgcolor) + meta
        return Strip(
            [
                Segment(ToggleButton.BUTTON_LEFT, side),
                Segment(ToggleButton.BUTTON_INNER if ticked else EMPTY, button),
                Segment(ToggleButton.BUTTON_RIGHT, side),
                Segment(" ", underlying),
                *line,
            ]
        )


class Choice(RadioButton):
    """A radio button whose dot shows only when it is the choice."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = RadioButton.BUTTON_INNER if self.value else EMPTY  # read by the drawing below
        return super()._button
