"""An editor for rows of named cells: dilemma options, table rows, actions, participants.

Cells of free text wrap, so what the team said can be read back on screen; short
columns (a role, a date, a name) are one line, with suggestions. Enter goes to the next
cell, and after the last cell of a filled last row it begins a new row; F3 opens the
cell in a large editor. A table of many rows shows one page of them at a time, so a
table of thousands of rows opens as fast as one of ten.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from beraad.model.when import is_date, parse_when
from beraad.model.when import shown as shown_date
from beraad.text import clean, visible
from beraad.tui.widgets.inputs import CaretInView, NoteInput

PAGE = 8  # rows on screen at once; a method's tables are shorter, a pasted one may not be


def _one_paragraph(text: str) -> str:
    """A cell is one paragraph: a pasted line break becomes a space."""
    return " ".join(part for part in clean(text).split("\n")) if "\n" in text else clean(text)


@dataclass(frozen=True)
class RowPlace:
    """Where a cell is, as the stored value knows it: the row among the rows that are kept
    (a row with text in it), or, for a row still empty, the place a new row takes."""

    row: int
    new: bool


class TextCell(CaretInView):
    """A cell of free text, wrapped over as many lines as it needs. Enter goes on to the
    next cell (RowsEditor's key) instead of starting a new line: a cell is one paragraph."""

    def __init__(self, value: str, *, row: int, column: int, key: str, **options: object) -> None:
        super().__init__(
            _one_paragraph(value),
            soft_wrap=True,
            tab_behavior="focus",
            compact=True,
            show_line_numbers=False,
            **options,  # type: ignore[arg-type]
        )
        self.row, self.column, self.key = row, column, key

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":  # read only: RowsEditor's Enter is off, and no line break either
            event.stop()
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:  # type: ignore[override]
        event.text = _one_paragraph(event.text)

    @property
    def value(self) -> str:
        return self.text


class LineCell(NoteInput):
    """A short cell on one line (a role, a date, a name), with suggestions."""

    def __init__(self, value: str, *, row: int, column: int, key: str, **options: object) -> None:
        super().__init__(value, compact=True, **options)
        self.row, self.column, self.key = row, column, key


Cell = TextCell | LineCell


class AddRow(Button):
    """ "+ … toevoegen". Where it is a stop for Tab (a form of people), what is typed on it
    begins the new row: the first key adds the row, it and the keys after it (already on
    their way to this button) go into the row's first cell. Space presses it, as Enter does."""

    async def on_key(self, event: events.Key) -> None:
        editor = self.parent
        if not event.is_printable or not isinstance(editor, RowsEditor):
            return
        event.stop()
        event.prevent_default()
        if self.screen.focused is self:  # set at once by a move of the focus; has_focus follows later
            await editor.action_add_row()
            if event.key == "space":
                return
        cell = editor._focused_cell()
        if isinstance(cell, LineCell):
            cell.insert_text_at_cursor(event.character or "")
        elif cell is not None:
            cell.insert(event.character or "")


class RowsEditor(Widget, can_focus=False):
    """Rows of cells. Empty rows are kept on screen and dropped from the value; a row is
    removed by emptying it, so no key can destroy text. Enter after the last cell, or
    Ctrl+R, adds a row. stacked shows each row as a block of labelled cells (always for
    the dilemma; for a table in a narrow session screen, see the screen's CSS)."""

    # One row is a row container with its cells and their labels as direct children (few
    # widgets per row: what a round costs to show grows with them): side by side in a wide
    # table, a two-column grid of label and cell when stacked.
    DEFAULT_CSS = """
    RowsEditor { height: auto; }
    RowsEditor .rows-header { height: auto; }
    RowsEditor .cell-header { width: 1fr; min-width: 10; padding: 0 1; margin-right: 1; color: $text-muted; }
    RowsEditor .cell-header.-short { width: 22; }
    RowsEditor .row { layout: horizontal; height: auto; margin-bottom: 1; }
    RowsEditor .row-title { display: none; text-style: bold; column-span: 2; }
    RowsEditor .cell-label { display: none; color: $text-muted; }
    RowsEditor .cell { width: 1fr; min-width: 10; margin-right: 1; }
    RowsEditor .cell.-short { width: 22; }
    RowsEditor TextCell { height: auto; max-height: 10; background: $boost; }
    RowsEditor TextCell:focus { background: $primary 25%; }
    RowsEditor LineCell { padding: 0 1; }
    RowsEditor .pager { color: $text-muted; height: auto; }
    RowsEditor .add-row { margin: 0 0 1 0; }
    RowsEditor.-stacked .rows-header { display: none; }
    RowsEditor.-stacked .row { layout: grid; grid-size: 2; grid-columns: 12 1fr; grid-rows: auto; }
    RowsEditor.-stacked .row-title, RowsEditor.-stacked .cell-label { display: block; }
    RowsEditor.-stacked .cell, RowsEditor.-stacked .cell.-short { width: 1fr; margin-right: 0; }
    """

    # Priority keys, handled in the app's own queue in order with the typing (as Tab is):
    # what is typed right after Enter lands in the next cell.
    BINDINGS: ClassVar = [
        Binding("enter", "next_cell", "Volgende cel", show=False, priority=True),
        Binding("ctrl+r", "add_row", "Rij erbij", show=False, priority=True),
        Binding("f3", "edit_cell", "Cel groot bewerken", show=False),
        Binding("ctrl+pagedown", "page(1)", "Volgende rijen", show=False),
        Binding("ctrl+pageup", "page(-1)", "Vorige rijen", show=False),
    ]

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
        row_title: str = "Rij",
        lettered: bool = False,
        placeholders: dict[str, str] | None = None,
        suggestions: dict[str, list[str]] | None = None,
        short: frozenset[str] | set[str] = frozenset(),
        read_only: bool = False,
        new_row_at: int | None = None,
        show_row: int = 0,
        dates: dict[str, date] | None = None,
        add_in_chain: bool = False,
        id: str,
    ) -> None:
        """new_row_at: an empty row at that place among the rows (the caret was in a row
        still empty when the session closed); show_row: the page that holds it is shown.
        dates: columns that hold a date, with the day words like "volgende week" count from.
        add_in_chain: the "+ … toevoegen" button is a stop for Tab (in a form of people,
        where it is how one more is added); what is typed on it begins that new row."""
        super().__init__(id=id, classes="rows -stacked" if stacked else "rows")
        self.columns = columns
        self.headers = headers
        self.add_label = add_label
        self.row_title = row_title
        self.lettered = lettered
        self.placeholders = placeholders or {}
        self.suggestions = suggestions or {}
        self.short = frozenset(short) | frozenset(self.suggestions)
        self.read_only = read_only
        self.dates = dates or {}
        self.add_in_chain = add_in_chain
        self.rows: list[dict[str, str]] = [{c: row.get(c, "") for c in columns} for row in rows]
        if new_row_at is not None:
            self.rows.insert(max(0, min(new_row_at, len(self.rows))), dict.fromkeys(columns, ""))
        self.rows += [dict.fromkeys(columns, "") for _ in range(max(0, min_rows - len(self.rows)))]
        self.start = self._page_of(show_row)

    # What is shown

    def _page_of(self, row: int) -> int:
        row = max(0, min(row, len(self.rows) - 1))
        return (row // PAGE) * PAGE

    @property
    def shown(self) -> range:
        return range(self.start, min(self.start + PAGE, len(self.rows)))

    def compose(self) -> ComposeResult:
        with Horizontal(classes="rows-header"):
            for column, header in zip(self.columns, self.headers, strict=True):
                classes = "cell-header -short" if column in self.short else "cell-header"
                yield Label(visible(header), classes=classes, markup=False)
        yield Static(self._pager_text(), classes="pager", markup=False)
        for index in self.shown:
            yield self._row(index)
        if not self.read_only:
            # In a round not in the focus chain: Enter in the last cell already adds a row,
            # and a key typed on a button would be lost there. A mouse can still press it.
            button = AddRow(self.add_label, id=f"{self.id}-add", classes="add-row", compact=True)
            button.can_focus = self.add_in_chain
            yield button

    def _pager_text(self) -> str:
        if len(self.rows) <= PAGE:
            return ""
        last = self.shown.stop
        return f"Rij {self.start + 1}-{last} van {len(self.rows)}. Ctrl+PgDn: volgende rijen, Ctrl+PgUp: vorige rijen."

    def on_mount(self) -> None:
        self.query_one(".pager", Static).display = len(self.rows) > PAGE

    def _row(self, index: int) -> Widget:
        row = self.rows[index]
        children: list[Widget] = [Label(self.row_name(index), classes="row-title")]
        for number, column in enumerate(self.columns):
            header = self.headers[number]
            classes = "cell -short" if column in self.short else "cell"
            options: dict[str, object] = {
                "id": f"{self.id}-r{index}-c{number}",
                "disabled": self.read_only,
                "classes": classes,
                "placeholder": self.placeholders.get(column, header),
            }
            children.append(Label(visible(header), classes="cell-label", markup=False))
            if column in self.short:
                suggester = None
                if column in self.suggestions:
                    suggester = SuggestFromList(self.suggestions[column], case_sensitive=False)
                children.append(
                    LineCell(row.get(column, ""), row=index, column=number, key=column, suggester=suggester, **options)
                )
            else:
                children.append(TextCell(row.get(column, ""), row=index, column=number, key=column, **options))
        return Vertical(*children, classes="row", id=f"{self.id}-r{index}")

    async def show_page(self, start: int) -> None:
        start = self._page_of(start)
        if start == self.start and self.query(".row"):
            return
        self.start = start
        await self.query(".row").remove()
        widgets = [self._row(index) for index in self.shown]
        anchor = self.query(".add-row")
        if anchor:
            await self.mount_all(widgets, before=anchor.first())
        else:
            await self.mount_all(widgets)
        pager = self.query_one(".pager", Static)
        pager.update(self._pager_text())
        pager.display = len(self.rows) > PAGE

    def row_name(self, index: int) -> str:
        """ "Optie A" for the dilemma (as the verslag names its options), "Rij 3" elsewhere."""
        return f"{self.row_title} {letter(index) if self.lettered else index + 1}"

    def keep_empty(self, count: int) -> None:
        """At most count empty rows at the end (a form that now needs fewer: a team's
        members are offered apart, so four empty rows for new people would be a trap)."""
        trailing = 0
        for row in reversed(self.rows):
            if _filled(row):
                break
            trailing += 1
        for _ in range(max(0, trailing - count)):
            index = len(self.rows) - 1
            self.rows.pop()
            for widget in self.query(f"#{self.id}-r{index}"):
                widget.remove()
        self.post_message(self.Edited(self))

    # The value and places in it

    @property
    def value(self) -> list[dict[str, str]]:
        return [dict(row) for row in self.rows]

    def cell(self, row: int, column: int) -> Cell | None:
        found = self.query(f"#{self.id}-r{row}-c{column}")
        return found.first() if found else None  # type: ignore[return-value]

    def place_of(self, cell: Cell) -> RowPlace:
        """The row of a cell as the stored value counts it: empty rows are not stored."""
        before = sum(1 for row in self.rows[: cell.row] if _filled(row))
        return RowPlace(before, not _filled(self.rows[cell.row]))

    def index_of(self, row: int) -> int:
        """The row on screen for the row-th stored row (the first empty one past the end)."""
        seen = 0
        for index, values in enumerate(self.rows):
            if _filled(values):
                if seen == row:
                    return index
                seen += 1
        return next((i for i, values in enumerate(self.rows) if not _filled(values)), len(self.rows) - 1)

    # Editing

    async def action_add_row(self) -> None:
        if self.read_only:
            return
        self.rows.append(dict.fromkeys(self.columns, ""))
        await self._focus_row(len(self.rows) - 1)
        self.post_message(self.Edited(self))

    async def _focus_row(self, index: int, column: int = 0) -> None:
        if index not in self.shown or not self.query(f"#{self.id}-r{index}"):
            if self._page_of(index) == self.start:  # the row is new on this page
                widget = self._row(index)
                anchor = self.query(".add-row")
                await self.mount(widget, before=anchor.first() if anchor else None)
                pager = self.query_one(".pager", Static)
                pager.update(self._pager_text())
                pager.display = len(self.rows) > PAGE
            else:
                await self.show_page(index)
        cell = self.cell(index, column)
        if cell is not None:
            self.screen.set_focus(cell)  # at once: the next key may already be queued

    async def action_page(self, direction: int) -> None:
        start = self.start + direction * PAGE
        if 0 <= start < len(self.rows) and start != self.start:
            focused = self.screen.focused
            column = focused.column if isinstance(focused, (TextCell, LineCell)) else 0
            await self.show_page(start)
            await self._focus_row(self.start, column)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("add-row"):
            event.stop()
            await self.action_add_row()

    def _focused_cell(self) -> Cell | None:
        focused = self.screen.focused
        if isinstance(focused, (TextCell, LineCell)) and focused.parent is not None and self in focused.ancestors:
            return focused
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_cell", "add_row", "edit_cell"):
            return not self.read_only and self._focused_cell() is not None
        return True

    async def action_next_cell(self) -> None:
        """Enter: the next cell of the row, then the first of the next row; after the last
        cell of the last row a new row, once that row has text (never a run of empty rows)."""
        cell = self._focused_cell()
        if cell is None:
            return
        if cell.column + 1 < len(self.columns):
            target = self.cell(cell.row, cell.column + 1)
            if target is not None:
                self.screen.set_focus(target)
            return
        if cell.row + 1 < len(self.rows):
            await self._focus_row(cell.row + 1)
        elif await self._row_has_text(cell.row):
            await self.action_add_row()

    async def _row_has_text(self, index: int) -> bool:
        """Whether a row holds text, keys typed just before included: this runs in the app's
        queue, ahead of the cells, so first let each cell of the row handle what it got."""
        cells = [cell for column in range(len(self.columns)) if (cell := self.cell(index, column)) is not None]
        handled = [asyncio.Event() for _ in cells]
        for cell, event in zip(cells, handled, strict=True):
            cell.call_later(event.set)
        await asyncio.wait([asyncio.create_task(event.wait()) for event in handled], timeout=1.0)
        return any(cell.value.strip() for cell in cells)

    def _changed(self, cell: Cell, text: str) -> None:
        self.rows[cell.row][cell.key] = text
        self.post_message(self.Edited(self))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, TextCell):
            event.stop()
            self._changed(event.text_area, event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if isinstance(event.input, LineCell):
            self._changed(event.input, event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """A date cell left: words become the date they mean ("volgende week" is the Friday
        of next week), said once; a text that names no date stays, with why it matters."""
        cell = event.input
        if not isinstance(cell, LineCell) or cell.key not in self.dates or self.read_only:
            return
        event.stop()
        typed = cell.value.strip()
        if not typed or is_date(typed):
            return
        found = parse_when(typed, self.dates[cell.key])
        if found is not None:
            cell.value = shown_date(found)
            self.app.notify(
                visible(f"'{typed}' is {shown_date(found)}."), title=self.headers[cell.column], markup=False
            )
        else:
            self.app.notify(
                visible(
                    f"'{typed}' is geen datum: zo kan beraad de volgende keer niet zeggen of deze actie te laat is. "
                    "Schrijf dd-mm-jjjj, of bijvoorbeeld 'volgende week' of 'eind maart'."
                ),
                title=self.headers[cell.column],
                severity="warning",
                markup=False,
            )

    def action_edit_cell(self) -> None:
        """F3: the focused cell in a large editor, with its row and column named."""
        from beraad.tui.screens.dialogs import CellEditor

        cell = self._focused_cell()
        if cell is None:
            return
        title = f"{self.row_name(cell.row)} · {self.headers[cell.column]}"

        def keep(text: str | None) -> None:
            if text is None or not cell.is_attached:
                return
            if isinstance(cell, TextCell):
                cell.load_text(_one_paragraph(text))
                cell.move_cursor(cell.document.end)
                self._changed(cell, cell.text)
            else:
                cell.value = _one_paragraph(text)
                cell.cursor_position = len(cell.value)
            cell.focus()

        self.app.push_screen(CellEditor(title, cell.value), keep)


def _filled(row: dict[str, str]) -> bool:
    return any(cell.strip() for cell in row.values())


def letter(index: int) -> str:
    """A, B, C... for dilemma options, as the verslag names them."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)
