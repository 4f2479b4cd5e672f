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

from beraad.text import visible
from beraad.tui.widgets.inputs import NoteInput


class Cell(NoteInput):
    """One cell, which knows its row and column."""

    def __init__(self, value: str, *, row: int, column: int, key: str, **options: object) -> None:
        super().__init__(value, compact=True, **options)
        self.row, self.column, self.key = row, column, key


class RowsEditor(Widget, can_focus=False):
    """Rows of Inputs, one per column. Empty rows are kept on screen and dropped from the
    value; a row is removed by emptying it, so no key can destroy text. Ctrl+R adds a row."""

    DEFAULT_CSS = """
    RowsEditor { height: auto; }
    RowsEditor .rows-header, RowsEditor .row { height: auto; }
    RowsEditor .cell-header { width: 1fr; padding: 0 1; color: $text-muted; }
    RowsEditor .row Cell { width: 1fr; margin: 0 1 1 0; }
    RowsEditor .row.-stacked Cell { margin: 0 0 1 0; }
    RowsEditor .row.-stacked { margin-bottom: 1; height: auto; }
    RowsEditor .labelled { height: auto; }
    RowsEditor .cell-label { width: 10; color: $text-muted; }
    RowsEditor .row-title { text-style: bold; }
    RowsEditor .add-row { margin: 0 0 1 0; }
    """

    BINDINGS: ClassVar = [Binding("ctrl+r", "add_row", "Rij erbij", show=False, priority=True)]

    class Edited(Message):
        def __init__(self, editor: RowsEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> RowsEditor:
            return self.editor

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
        read_only: bool = False,
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
        self.read_only = read_only
        self._initial = [*rows, *({} for _ in range(max(0, min_rows - len(rows))))]
        self._count = 0

    def compose(self) -> ComposeResult:
        if not self.stacked:
            with Horizontal(classes="rows-header"):
                for header in self.headers:
                    yield Label(visible(header), classes="cell-header", markup=False)
        for row in self._initial:
            yield self._row(row)
        if not self.read_only:
            yield Button(self.add_label, id=f"{self.id}-add", classes="add-row", compact=True)

    def _row(self, row: dict[str, str]) -> Widget:
        index = self._count
        self._count += 1
        cells = []
        for number, column in enumerate(self.columns):
            suggester = None
            if column in self.suggestions:
                suggester = SuggestFromList(self.suggestions[column], case_sensitive=False)
            cells.append(
                Cell(
                    row.get(column, ""),
                    row=index,
                    column=number,
                    key=column,
                    placeholder=self.placeholders.get(column, self.headers[number]),
                    id=f"{self.id}-r{index}-c{number}",
                    suggester=suggester,
                    disabled=self.read_only,
                )
            )
        if self.stacked:
            title = Label(f"{self.row_title} {letter(index)}", classes="row-title")
            labelled = [
                Horizontal(Label(visible(header), classes="cell-label", markup=False), cell, classes="labelled")
                for header, cell in zip(self.headers, cells, strict=True)
            ]
            return Vertical(title, *labelled, classes="row -stacked")
        return Horizontal(*cells, classes="row")

    @property
    def value(self) -> list[dict[str, str]]:
        return [{cell.key: cell.value for cell in row.query(Cell)} for row in self.query(".row")]

    def cell(self, row: int, column: int) -> Cell | None:
        found = self.query(f"#{self.id}-r{row}-c{column}")
        return found.first(Cell) if found else None

    async def action_add_row(self) -> None:
        if self.read_only:
            return
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


def letter(index: int) -> str:
    """A, B, C... for dilemma options, as the verslag names them."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)
