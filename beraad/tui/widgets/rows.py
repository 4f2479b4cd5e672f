"""An editor for rows of named cells: dilemma options, table rows, actions, participants."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label


class RowsEditor(Widget, can_focus=False):
    """Rows of Inputs, one per column. Empty rows are kept on screen and dropped
    from the value; a row is removed by emptying it. Ctrl+R adds a row."""

    BINDINGS: ClassVar = [Binding("ctrl+r", "add_row", "Rij erbij", priority=True)]

    class Edited(Message):
        def __init__(self, editor: RowsEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(
        self,
        columns: list[str],
        headers: list[str],
        rows: list[dict[str, str]],
        *,
        min_rows: int = 1,
        stacked: bool = False,
        add_label: str = "+ Rij toevoegen",
        row_title: str = "Optie",
        placeholders: dict[str, str] | None = None,
        suggestions: dict[str, list[str]] | None = None,
        id: str,
    ) -> None:
        super().__init__(id=id, classes="rows -stacked" if stacked else "rows")
        self.columns = columns
        self.headers = headers
        self.stacked = stacked
        self.add_label = add_label
        self.row_title = row_title
        self.placeholders = placeholders or {}
        self.suggestions = suggestions or {}
        self._initial = [*rows, *({} for _ in range(max(0, min_rows - len(rows))))]
        self._count = 0

    def compose(self) -> ComposeResult:
        if not self.stacked:
            with Horizontal(classes="rows-header"):
                for header in self.headers:
                    yield Label(header, classes="cell-header")
        for row in self._initial:
            yield self._row(row)
        yield Button(self.add_label, id=f"{self.id}-add", classes="add-row", compact=True)

    def _row(self, row: dict[str, str]) -> Widget:
        index = self._count
        self._count += 1
        cells = []
        for number, column in enumerate(self.columns):
            suggester = None
            if column in self.suggestions:
                suggester = SuggestFromList(self.suggestions[column], case_sensitive=False)
            placeholder = self.placeholders.get(column, self.headers[number])
            cell = Input(
                row.get(column, ""),
                placeholder=placeholder,
                id=f"{self.id}-r{index}-c{number}",
                classes="cell",
                suggester=suggester,
                compact=True,
            )
            cell.column = column  # type: ignore[attr-defined]
            cells.append(cell)
        if self.stacked:
            title = Label(f"{self.row_title} {_letter(index)}", classes="row-title")
            labelled = [
                Horizontal(Label(header, classes="cell-label"), cell, classes="labelled")
                for header, cell in zip(self.headers, cells, strict=True)
            ]
            return Vertical(title, *labelled, classes="row -stacked")
        return Horizontal(*cells, classes="row")

    @property
    def value(self) -> list[dict[str, str]]:
        rows = []
        for row in self.query(".row"):
            rows.append({cell.column: cell.value for cell in row.query(Input)})  # type: ignore[attr-defined]
        return rows

    async def action_add_row(self) -> None:
        row = self._row({})
        await self.mount(row, before=self.query_one(".add-row"))
        row.query(Input).first().focus()
        self.post_message(self.Edited(self))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("add-row"):
            event.stop()
            await self.action_add_row()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self))


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)
