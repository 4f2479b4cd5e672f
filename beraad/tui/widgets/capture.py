"""One capture widget per field kind of a method. Each shows its field and reports
edits with Capture.Edited; the session screen puts the value into the session."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Input, Label, SelectionList, Static, TabbedContent, TabPane, TextArea

from beraad.model.method import (
    ActionsField,
    CaptureField,
    ChecklistField,
    DilemmaField,
    ListField,
    ParticipantFormField,
    ScoreField,
    TableField,
    TextField,
)
from beraad.model.session import Participant
from beraad.tui.widgets.rows import RowsEditor

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


class Capture(Vertical):
    """Base: a field's label and help, then the widgets that capture its value."""

    class Edited(Message):
        def __init__(self, capture: Capture) -> None:
            super().__init__()
            self.capture = capture

    def __init__(self, step_id: str, field: Any, value: Any, participants: list[Participant]) -> None:
        super().__init__(id=f"veld-{field.id}", classes="capture")
        self.step_id = step_id  # an edit may arrive after the group moved on: it belongs here
        self.field = field
        self.initial = value
        self.participants = participants

    def compose(self) -> ComposeResult:
        yield Label(self.field.label, classes="field-label")
        if self.field.help:
            yield Static(self.field.help, classes="field-help")
        yield from self.inputs()

    def inputs(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def value(self) -> Any:
        raise NotImplementedError

    def edited(self) -> None:
        self.post_message(self.Edited(self))

    def reveal(self, widget: Widget) -> None:
        """Make a nested widget visible before it gets the focus (see ParticipantForms)."""

    def _text_area(self, text: str, widget_id: str, lines: int) -> TextArea:
        area = TextArea(text, id=widget_id, soft_wrap=True, tab_behavior="focus", classes="text")
        area.styles.min_height = lines + 2
        return area

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()

    def on_rows_editor_edited(self, event: RowsEditor.Edited) -> None:
        event.stop()
        self.edited()


class TextCapture(Capture):
    def inputs(self) -> ComposeResult:
        yield self._text_area(self.initial, f"{self.id}-tekst", self.field.lines)

    @property
    def value(self) -> str:
        return self.query_one(TextArea).text


class ListCapture(Capture):
    def inputs(self) -> ComposeResult:
        if not self.field.help:
            yield Static("Eén punt per regel.", classes="field-help")
        yield self._text_area("\n".join(self.initial), f"{self.id}-lijst", 4)

    @property
    def value(self) -> list[str]:
        return self.query_one(TextArea).text.splitlines()


class RowsCapture(Capture):
    """Dilemma, table and actions: the same rows editor with other columns."""

    def inputs(self) -> ComposeResult:
        field = self.field
        options: dict[str, Any] = {}
        if isinstance(field, DilemmaField):
            headers = [field.option_label, field.harm_label]
            options = {"stacked": True, "add_label": "+ Optie toevoegen", "row_title": "Optie"}
        elif isinstance(field, ActionsField):
            headers = ["Wat", "Wie (rol)", "Wanneer"]
            options = {
                "add_label": "+ Actie toevoegen",
                "placeholders": {"wie": "rol, geen naam"},
                "suggestions": {"wie": ROLE_SUGGESTIONS + [p.role for p in self.participants if p.role]},
            }
        else:
            headers = list(field.columns)
        yield RowsEditor(
            field.columns, headers, self.initial, min_rows=field.min_rows, id=f"{self.id}-rijen", **options
        )

    @property
    def value(self) -> list[dict[str, str]]:
        return self.query_one(RowsEditor).value


class ParticipantForms(Capture):
    """The personal consideration: participant by participant, with who is still to go."""

    BINDINGS: ClassVar = [Binding("ctrl+o", "next_participant", "Volgende deelnemer", priority=True)]

    def inputs(self) -> ComposeResult:
        yield Static(id=f"{self.id}-wachtend", classes="waiting")
        if not self.participants:
            yield Static("Deze sessie heeft geen deelnemers.", classes="field-help")
            return
        with TabbedContent(id=f"{self.id}-tabs"):
            for person in self.participants:
                answers = self.initial.get(person.id, {})
                with TabPane(person.name, id=f"{self.id}-{person.id}"):
                    for number, stem in enumerate(self.field.stems):
                        yield Label(f"{stem} …", classes="stem")
                        yield self._text_area(answers.get(stem, ""), f"{self.id}-{person.id}-s{number}", 1)

    def on_mount(self) -> None:
        self._show_waiting()

    @property
    def value(self) -> dict[str, dict[str, str]]:
        forms = {}
        for person in self.participants:
            forms[person.id] = {
                stem: self.query_one(f"#{self.id}-{person.id}-s{n}", TextArea).text
                for n, stem in enumerate(self.field.stems)
            }
        return forms

    def edited(self) -> None:
        super().edited()
        self._show_waiting()

    def _show_waiting(self) -> None:
        value = self.field.clean(self.value)
        waiting = [p.name for p in self.participants if p.id not in value]
        text = f"Nog niet aan de beurt: {', '.join(waiting)}" if waiting else "Iedereen is aan de beurt geweest."
        self.query_one(f"#{self.id}-wachtend", Static).update(text)
        for person in self.participants:
            tab = self.query_one(TabbedContent).get_tab(f"{self.id}-{person.id}")
            tab.label = f"✓ {person.name}" if person.id in value else person.name

    def action_next_participant(self) -> None:
        """Go to the next participant who has not had a turn (or simply the next one)."""
        tabs = self.query_one(TabbedContent)
        ids = [p.id for p in self.participants]
        current = ids.index(tabs.active.removeprefix(f"{self.id}-")) if tabs.active else -1
        value = self.field.clean(self.value)
        order = ids[current + 1 :] + ids[: current + 1]
        following = next((p for p in order if p not in value), order[0])
        tabs.active = f"{self.id}-{following}"
        self.query_one(f"#{self.id}-{following}-s0", TextArea).focus()

    def reveal(self, widget: Widget) -> None:
        for pane in widget.ancestors:
            if isinstance(pane, TabPane) and pane.id:
                self.query_one(TabbedContent).active = pane.id


class ChecklistCapture(Capture):
    def inputs(self) -> ComposeResult:
        yield SelectionList[str](
            *((item, item, item in self.initial) for item in self.field.items), id=f"{self.id}-lijst"
        )

    @property
    def value(self) -> list[str]:
        return list(self.query_one(SelectionList).selected)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.edited()


class ScoreCapture(Capture):
    def inputs(self) -> ComposeResult:
        low, high = self.field.low, self.field.high
        if not self.participants:
            yield Static("Deze sessie heeft geen deelnemers.", classes="field-help")
        for person in self.participants:
            score = self.initial.get(person.id)
            with Horizontal(classes="score-row"):
                yield Label(person.label, classes="score-name")
                yield Input(
                    "" if score is None else str(score),
                    placeholder=f"{low}-{high}",
                    type="integer",
                    max_length=2,
                    validators=[Integer(minimum=low, maximum=high, failure_description=f"{low} tot {high}")],
                    id=f"{self.id}-{person.id}",
                    classes="score",
                    compact=True,
                )

    @property
    def value(self) -> dict[str, int]:
        scores = {}
        for person in self.participants:
            text = self.query_one(f"#{self.id}-{person.id}", Input).value
            if text.strip().lstrip("-").isdigit():
                scores[person.id] = int(text)
        return scores

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()


WIDGETS: dict[type, type[Capture]] = {
    TextField: TextCapture,
    ListField: ListCapture,
    DilemmaField: RowsCapture,
    TableField: RowsCapture,
    ActionsField: RowsCapture,
    ParticipantFormField: ParticipantForms,
    ChecklistField: ChecklistCapture,
    ScoreField: ScoreCapture,
}


def capture_for(step_id: str, field: CaptureField, value: Any, participants: list[Participant]) -> Capture:
    return WIDGETS[type(field)](step_id, field, value, participants)
