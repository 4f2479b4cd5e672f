"""One capture widget per field kind of a method. Each shows its field, reports edits with
Capture.Edited, and translates between its inputs and a place in the field (participant,
row, column), so the cursor is stored as what it means and restored after a restart."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static, TabbedContent, TabPane, Tabs, TextArea

from beraad.model.method import (
    ActionsField,
    CaptureField,
    ChecklistField,
    DilemmaField,
    ListField,
    LookBackField,
    ParticipantFormField,
    ScoreField,
    TableField,
    TextField,
)
from beraad.model.session import DoneAction, Participant
from beraad.text import day_text, visible
from beraad.tui.show import shown
from beraad.tui.widgets.inputs import NoteArea, NoteInput, caret_of, place_caret
from beraad.tui.widgets.rows import LineCell, RowsEditor, TextCell
from beraad.tui.widgets.ticks import TickList

if TYPE_CHECKING:
    from beraad.core.lookback import ActionItem, LookBack

ROLE_SUGGESTIONS = [
    "gespreksleider",
    "casusinbrenger",
    "het team",
    "teamleider",
    "klantmanager",
    "Wmo-consulent",
    "schuldhulpverlener",
    "wijkteammedewerker",
    "handhaver",
    "beleidsmedewerker",
]


@dataclass(frozen=True)
class Place:
    """A place inside a field, as what it means: whose form, which row (a row of a table as
    the stored value counts it, an item of a list, a stem, a checklist item), which column,
    and the caret as (line, column) within that text. new: the caret is in a row or item
    that is still empty, and so not stored; it comes back as an empty one at that place."""

    participant: str | None = None
    row: int | None = None
    column: int | None = None
    caret: tuple[int, int] | None = None
    new: bool = False


class Capture(Vertical):
    """Base: a field's label and help, then the widgets that capture its value."""

    DEFAULT_CSS = """
    Capture { height: auto; }
    Capture .field-help { color: $text-muted; }
    Capture NoteArea { height: auto; max-height: 16; }
    """

    class Edited(Message):
        """A field changed; value as it was then: by the time the message is handled the
        round may have changed and the field's widgets be gone."""

        def __init__(self, capture: Capture, value: Any) -> None:
            super().__init__()
            self.capture, self.value = capture, value

        @property
        def control(self) -> Capture:
            return self.capture

    def __init__(
        self,
        step_id: str,
        field: Any,
        value: Any,
        participants: list[Participant],
        read_only: bool = False,
        at: Place | None = None,
        day: date | None = None,
    ) -> None:
        """at: where the caret goes once the field is shown (a list or table then shows the
        empty item or row the caret was in, and the page of rows that holds it); day: the
        session's date, from which "volgende week" in an action counts."""
        super().__init__(id=f"veld-{field.id}", classes="capture")
        self.step_id = step_id  # an edit may arrive after the group moved on: it belongs here
        self.field = field
        self.initial = value
        self.participants = participants
        self.read_only = read_only
        self.at = at
        self.day = day
        self.touched = False  # typed in since it was shown: its value is the facilitator's to keep

    def compose(self) -> ComposeResult:
        yield Label(visible(self.field.label), classes="field-label", markup=False)
        if self.field.help:
            yield Static(visible(self.field.help), classes="field-help", markup=False)
        yield from self.inputs()

    def inputs(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    def place_of(self, widget: Widget) -> Place:
        """Where in this field a focused input sits, with the caret in it."""
        return Place(caret=caret_of(widget))

    def widget_at(self, place: Place) -> Widget | None:
        """The input at a place in this field (the first one when the place is gone)."""
        return next((w for w in self.query("*") if w.focusable), None)

    def put_caret(self, widget: Widget, place: Place) -> None:
        """The caret back at its place in the widget widget_at gave."""
        place_caret(widget, place.caret)

    def reveal(self, widget: Widget) -> None:
        """Make a nested widget visible before it gets the focus (see ParticipantForms)."""

    @property
    def typed_in(self) -> bool:
        """Whether the facilitator typed here since it was shown (also when the message of
        that typing is still on its way)."""
        return self.touched or self.value != self.initial

    def edited(self) -> None:
        self.touched = True
        self.post_message(self.Edited(self, self.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()

    def on_rows_editor_edited(self, event: RowsEditor.Edited) -> None:
        event.stop()
        self.edited()


class TextCapture(Capture):
    def inputs(self) -> ComposeResult:
        yield NoteArea(self.initial, id=f"{self.id}-tekst", read_only=self.read_only, lines=self.field.lines)

    @property
    def value(self) -> str:
        return self.query_one(NoteArea).text


class DoneList(TickList):
    """Last time's actions: g (or Space, or Enter) marks one done, or not after all. The
    footer names g: "Spatie Gedaan" would push "F1 Hulp" off a footer of 80 columns."""

    BINDINGS: ClassVar = [Binding("g", "select", "Gedaan"), Binding("space", "select", "Gedaan", show=False)]


class LookBackCapture(Capture):
    """What happened since the team's previous session (filled in by the screen, which
    asks the core), and what the group takes from it. Last time's actions come first, as a
    list in which g marks one done (kept in this session); the rest of the look back
    scrolls on its own. Both are stops for Tab and Shift+Tab, so at 80x24 all of it can be
    read and marked with the keys (g marks an action done); on a taller screen they take
    the room there is."""

    DEFAULT_CSS = """
    LookBackCapture .look-back-actions-title { text-style: bold; display: none; }
    LookBackCapture .look-back-actions { height: auto; max-height: 35vh; margin-bottom: 1; display: none; }
    LookBackCapture.-actions .look-back-actions, LookBackCapture.-actions .look-back-actions-title { display: block; }
    LookBackCapture .look-back-box { height: auto; max-height: 60vh; background: $boost; margin-bottom: 1; }
    LookBackCapture .look-back-box:focus { background: $primary 15%; }
    LookBackCapture .look-back { padding: 0 1; height: auto; }
    """

    class Done(Message):
        """The group said an action of its previous session is done (or not after all)."""

        def __init__(self, capture: LookBackCapture, action: DoneAction, done: bool) -> None:
            super().__init__()
            self.capture, self.action, self.done = capture, action, done

        @property
        def control(self) -> LookBackCapture:
            return self.capture

    found: LookBack | None = None  # as last shown: which action each line of the list is

    def inputs(self) -> ComposeResult:
        yield Static(classes="look-back-actions-title", markup=False)
        yield DoneList(id=f"{self.id}-acties", classes="look-back-actions", disabled=self.read_only)
        box = VerticalScroll(
            Static("Terugblik wordt geladen…", classes="look-back", markup=False), classes="look-back-box"
        )
        box.border_subtitle = "↑↓ lezen · Tab: verder"
        yield box
        yield NoteArea(self.initial, id=f"{self.id}-tekst", read_only=self.read_only, lines=self.field.lines)

    def show(self, found: LookBack | list[Any]) -> None:
        """found: the core's look back, or lines to show instead (why there is none)."""
        items = found.action_items() if not isinstance(found, list) else []
        self.found = None if isinstance(found, list) else found
        self.set_class(bool(items), "-actions")
        if items and self.found is not None and self.found.previous is not None:
            previous = self.found.previous
            title = f"Acties van de vorige keer: {previous.title} ({day_text(previous.date)}) · g: gedaan"
            self.query_one(".look-back-actions-title", Static).update(visible(title))
            self._show_actions(items)
        lines = found if isinstance(found, list) else found.shown(actions=not items)
        self.query_one(".look-back", Static).update(self._lines(lines))

    def _show_actions(self, items: list[ActionItem]) -> None:
        actions = self.query_one(DoneList)
        at = actions.highlighted
        with actions.prevent(SelectionList.SelectionToggled, SelectionList.SelectedChanged):
            actions.clear_options()
            actions.add_options([(self._line(item.line), str(n), item.done) for n, item in enumerate(items)])
        if actions.option_count:  # Space works at once, on the first action or where it was
            actions.highlighted = at if at is not None and at < actions.option_count else 0

    def _line(self, line: Any) -> Text:
        kind = getattr(line, "kind", "")
        style = {"kop": "bold", "te laat": "bold $error", "gedaan": "dim"}.get(kind, "")
        style = style.replace("$error", self.app.theme_variables.get("error", "red"))
        return Text(visible(getattr(line, "text", line)), style=style)

    def _lines(self, lines: list[Any]) -> Group:
        """One line each; a line that wraps goes on under its own text, not under its bullet."""
        shown: list[Text | Table] = []
        for line in lines:
            text = self._line(line)
            plain = text.plain
            indent = len(plain) - len(plain.lstrip(" "))
            if plain[indent : indent + 2] == "• ":
                indent += 2
            if not indent:
                shown.append(text)
                continue
            hanging = Table.grid(expand=True)
            hanging.add_column(width=indent, no_wrap=True)
            hanging.add_column(ratio=1)
            hanging.add_row(text[:indent], text[indent:])
            shown.append(hanging)
        return Group(*shown)

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        if self.found is None:
            return
        items = self.found.action_items()
        item = items[int(event.selection.value)]
        done = event.selection.value in event.selection_list.selected
        self.post_message(self.Done(self, item.action, done))
        kept = [a for a in self.found.done if a != item.action]
        self.found = replace(self.found, done=[*kept, item.action] if done else kept)
        self._show_actions(self.found.action_items())  # "gedaan" instead of "datum verstreken"

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()  # what the field holds is the note; the actions are marked by Done

    def widget_at(self, place: Place) -> Widget | None:
        """The note under the look back (the actions and the look back itself are reached
        with Shift+Tab)."""
        return self.query_one(NoteArea)

    @property
    def value(self) -> str:
        return self.query_one(NoteArea).text


class ListCapture(Capture):
    """One point per line. The caret is kept as the point it is in and the place in that
    point; on an empty line (just after Enter) as the new point it begins, which comes back
    as an empty line: what is typed next never joins another point."""

    def inputs(self) -> ComposeResult:
        if not self.field.help:
            yield Static("Eén punt per regel.", classes="field-help")
        items = list(self.initial)
        at = self.at
        if at is not None and at.new and at.row is not None:
            items.insert(max(0, min(at.row, len(items))), "")
        yield NoteArea("\n".join(items), id=f"{self.id}-lijst", read_only=self.read_only, lines=4)

    @property
    def value(self) -> list[str]:
        return self.query_one(NoteArea).text.splitlines()

    def place_of(self, widget: Widget) -> Place:
        if not isinstance(widget, NoteArea):
            return Place()
        line, column = widget.cursor_location
        lines = widget.text.split("\n")
        item = sum(1 for text in lines[:line] if text.strip())
        if line >= len(lines) or not lines[line].strip():
            return Place(row=item, new=True)
        return Place(row=item, caret=(0, column))

    def put_caret(self, widget: Widget, place: Place) -> None:
        if not isinstance(widget, NoteArea):
            return
        if place.row is None:  # a cursor saved before points were counted: (line, column)
            place_caret(widget, place.caret)
            return
        lines = widget.text.split("\n")
        filled = [number for number, text in enumerate(lines) if text.strip()]
        if place.new:  # the empty line shown for it (see inputs), or a new one at the end
            blank = [n for n, text in enumerate(lines) if not text.strip()]
            line = next((n for n in blank if sum(1 for f in filled if f < n) == place.row), None)
            if line is None:
                widget.move_cursor(widget.document.end)
                widget.insert("\n")
                return
            widget.move_cursor((line, 0))
            return
        if place.row < len(filled):
            line = filled[place.row]
            offset = place.caret[1] if place.caret else 0
            widget.move_cursor((line, max(0, min(offset, len(lines[line])))))
        else:
            widget.move_cursor(widget.document.end)


class RowsCapture(Capture):
    """Dilemma, table and actions: the same rows editor with other columns. Tables of
    free text show each row as a block of labelled cells in a narrow session screen."""

    def inputs(self) -> ComposeResult:
        field = self.field
        options: dict[str, Any] = {}
        if isinstance(field, DilemmaField):
            headers = [field.option_label, field.harm_label]
            options = {"stacked": True, "add_label": "+ Optie toevoegen", "row_title": "Optie", "lettered": True}
        elif isinstance(field, ActionsField):
            headers = ["Wat", "Wie (rol)", "Wanneer"]
            options = {
                "add_label": "+ Actie toevoegen",
                "row_title": "Actie",
                "placeholders": {"wie": "rol, geen naam", "wanneer": "dd-mm-jjjj, volgende week…"},
                "suggestions": {"wie": ROLE_SUGGESTIONS + [p.role for p in self.participants if p.role]},
                "short": {"wanneer"},
                "dates": {"wanneer": self.day or date.today()},
            }
        else:
            headers = list(field.columns)
        at = self.at
        if at is not None and at.row is not None:
            options["show_row"] = at.row
            if at.new:
                options["new_row_at"] = at.row
        editor = RowsEditor(
            field.columns,
            headers,
            self.initial,
            min_rows=field.min_rows,
            read_only=self.read_only,
            id=f"{self.id}-rijen",
            **options,
        )
        editor.add_class("-table")  # stacked in a narrow session screen (SessionScreen's CSS)
        yield editor

    @property
    def value(self) -> list[dict[str, str]]:
        return self.query_one(RowsEditor).value

    def place_of(self, widget: Widget) -> Place:
        if not isinstance(widget, (TextCell, LineCell)):
            return Place()
        where = self.query_one(RowsEditor).place_of(widget)
        return Place(row=where.row, column=widget.column, caret=caret_of(widget), new=where.new)

    def widget_at(self, place: Place) -> Widget | None:
        if place.row is not None:
            editor = self.query_one(RowsEditor)
            index = place.row if place.new else editor.index_of(place.row)
            cell = editor.cell(index, place.column or 0)
            if cell is not None:
                return cell
        return super().widget_at(place)


class ParticipantForms(Capture):
    """The personal consideration: participant by participant, with who is still to go."""

    DEFAULT_CSS = """
    ParticipantForms TabbedContent { height: auto; }
    ParticipantForms .waiting { color: $warning; margin-bottom: 1; }
    ParticipantForms .stem { margin-top: 1; }
    """

    def inputs(self) -> ComposeResult:
        yield Static(id=f"{self.id}-wachtend", classes="waiting", markup=False)
        if not self.participants:
            yield Static("Deze sessie heeft geen deelnemers.", classes="field-help")
            return
        self.tab_labels = short_names(self.participants)
        with TabbedContent(id=f"{self.id}-tabs"):
            for person in self.participants:
                answers = self.initial.get(person.id, {})
                with TabPane(self.tab_labels[person.id], id=self._pane(person.id)):
                    for number, stem in enumerate(self.field.stems):
                        yield Label(f"{visible(stem)} …", classes="stem", markup=False)
                        yield NoteArea(
                            answers.get(stem, ""),
                            id=self._stem(person.id, number),
                            read_only=self.read_only,
                            lines=1,
                        )

    def _pane(self, participant: str) -> str:
        return f"{self.id}-{participant}"

    def _stem(self, participant: str, number: int) -> str:
        return f"{self.id}-{participant}-s{number}"

    def on_mount(self) -> None:
        self._show_waiting()
        # The row of names is no Tab stop: what is typed after Tab out of the last answer
        # would be lost there. Ctrl+O goes to the next participant (a mouse can click a name).
        for tabs in self.query(Tabs):
            tabs.can_focus = False

    @property
    def value(self) -> dict[str, dict[str, str]]:
        return {
            person.id: {
                stem: self.query_one(f"#{self._stem(person.id, n)}", NoteArea).text
                for n, stem in enumerate(self.field.stems)
            }
            for person in self.participants
        }

    def place_of(self, widget: Widget) -> Place:
        for person in self.participants:
            for number in range(len(self.field.stems)):
                if widget.id == self._stem(person.id, number):
                    return Place(participant=person.id, row=number, caret=caret_of(widget))
        return Place()

    def widget_at(self, place: Place) -> Widget | None:
        """A participant's stem; without one, the first stem of the first who is still to go."""
        ids = [p.id for p in self.participants]
        participant = place.participant
        if participant not in ids:
            value = self.field.clean(self.value) if ids else {}
            participant = next((p for p in ids if p not in value), ids[0] if ids else None)
        if participant is None:
            return None
        found = self.query(f"#{self._stem(participant, place.row or 0)}")
        return found.first() if found else self.query_one(f"#{self._stem(participant, 0)}")

    def edited(self) -> None:
        super().edited()
        self._show_waiting()

    def _show_waiting(self) -> None:
        value = self.field.clean(self.value)
        waiting = [visible(p.name) for p in self.participants if p.id not in value]
        text = (
            f"Nog geen afweging van: {', '.join(waiting)} (Ctrl+O: volgende)"
            if waiting
            else "Van iedereen staat er een afweging."
        )
        self.query_one(f"#{self.id}-wachtend", Static).update(text)
        for person in self.participants:
            tab = self.query_one(TabbedContent).get_tab(self._pane(person.id))
            label = self.tab_labels[person.id]
            tab.label = f"✓ {label}" if person.id in value else label

    def action_next_participant(self) -> None:
        """Go to the next participant who has not had a turn (or simply the next one)."""
        if not self.participants:
            return
        tabs = self.query_one(TabbedContent)
        ids = [p.id for p in self.participants]
        active = tabs.active.removeprefix(f"{self.id}-")
        current = ids.index(active) if active in ids else -1
        value = self.field.clean(self.value)
        order = ids[current + 1 :] + ids[: current + 1]
        following = next((p for p in order if p not in value), order[0])
        tabs.active = self._pane(following)
        self.query_one(f"#{self._stem(following, 0)}", NoteArea).focus(scroll_visible=False)
        # whose turn it is shows on the tabs: bring them into view, with the first answer
        self.call_after_refresh(tabs.query_one(Tabs).scroll_visible, top=True, animate=False)

    def reveal(self, widget: Widget) -> None:
        for pane in widget.ancestors:
            if isinstance(pane, TabPane) and pane.id:
                self.query_one(TabbedContent).active = pane.id


def short_names(participants: list[Participant]) -> dict[str, str]:
    """First names for the tabs, so four to six fit at 80 columns; where two share a first
    name, the initial of the rest is added ("Anna B.", "Anna d.G.")."""
    first = {p.id: visible(p.name.split()[0]) for p in participants}
    shared = {name for name in first.values() if list(first.values()).count(name) > 1}
    labels = {}
    for person in participants:
        name = first[person.id]
        rest = person.name.split()[1:]
        labels[person.id] = f"{name} {''.join(part[0] for part in rest)}." if name in shared and rest else name
    counts = list(labels.values())
    return {
        pid: f"{label} ({number})" if counts.count(label) > 1 else label
        for number, (pid, label) in enumerate(labels.items(), 1)
    }


class ChecklistCapture(Capture):
    DEFAULT_CSS = "ChecklistCapture SelectionList { height: auto; max-height: 12; }"

    def inputs(self) -> ComposeResult:
        yield TickList(
            *((visible(item), item, item in self.initial) for item in self.field.items),
            id=f"{self.id}-lijst",
            disabled=self.read_only,
        )

    @property
    def value(self) -> list[str]:
        return list(self.query_one(SelectionList).selected)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.edited()

    def place_of(self, widget: Widget) -> Place:
        highlighted = widget.highlighted if isinstance(widget, SelectionList) else None
        return Place(row=highlighted)

    def put_caret(self, widget: Widget, place: Place) -> None:
        if isinstance(widget, SelectionList) and place.row is not None and place.row < widget.option_count:
            widget.highlighted = place.row


class ScoreCapture(Capture):
    """A score per participant: one line per person, the input right after the name."""

    DEFAULT_CSS = """
    ScoreCapture .score-row { height: 1; margin-bottom: 1; }
    ScoreCapture .score-name { width: 1fr; max-width: 40; height: 1; }
    ScoreCapture Input.score { width: 8; }
    """

    def inputs(self) -> ComposeResult:
        low, high = self.field.low, self.field.high
        if not self.participants:
            yield Static("Deze sessie heeft geen deelnemers.", classes="field-help")
        for person in self.participants:
            score = self.initial.get(person.id)
            with Horizontal(classes="score-row"):
                yield Label(visible(person.label), classes="score-name", markup=False)
                yield NoteInput(
                    "" if score is None else str(score),
                    placeholder=f"{low}-{high}",
                    type="integer",
                    max_length=2,
                    validators=[Integer(minimum=low, maximum=high, failure_description=f"{low} tot {high}")],
                    id=f"{self.id}-{person.id}",
                    classes="score",
                    compact=True,
                    disabled=self.read_only,
                )
        yield Static(id=f"{self.id}-fout", classes="error").set_styles("display: none;")

    @property
    def value(self) -> dict[str, int]:
        scores = {}
        for person in self.participants:
            text = self.query_one(f"#{self.id}-{person.id}", Input).value
            if text.strip().lstrip("-").isdigit():
                scores[person.id] = int(text)
        return scores

    def place_of(self, widget: Widget) -> Place:
        ids = {f"{self.id}-{p.id}": p.id for p in self.participants}
        return Place(participant=ids.get(widget.id or ""), caret=caret_of(widget))

    def widget_at(self, place: Place) -> Widget | None:
        found = self.query(f"#{self.id}-{place.participant}") if place.participant else None
        return found.first() if found else super().widget_at(place)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()
        low, high = self.field.low, self.field.high
        wrong = [
            f"{person.label}: {box.value}"
            for person in self.participants
            if (box := self.query_one(f"#{self.id}-{person.id}", Input)).value.strip()
            and not (box.value.strip().lstrip("-").isdigit() and low <= int(box.value) <= high)
        ]
        message = f"Een cijfer van {low} tot {high}; niet bewaard: {', '.join(wrong)}." if wrong else ""
        line = self.query_one(f"#{self.id}-fout", Static)
        line.update(shown(message))
        line.display = bool(message)
        if message:  # at 80x24 the line can be below the screen: bring it into view
            self.call_after_refresh(line.scroll_visible, animate=False)


WIDGETS: dict[type, type[Capture]] = {
    TextField: TextCapture,
    ListField: ListCapture,
    DilemmaField: RowsCapture,
    TableField: RowsCapture,
    ActionsField: RowsCapture,
    ParticipantFormField: ParticipantForms,
    ChecklistField: ChecklistCapture,
    ScoreField: ScoreCapture,
    LookBackField: LookBackCapture,
}


def capture_for(
    step_id: str,
    field: CaptureField,
    value: Any,
    participants: list[Participant],
    read_only: bool = False,
    at: Place | None = None,
    day: date | None = None,
) -> Capture:
    return WIDGETS[type(field)](step_id, field, value, participants, read_only, at, day)
