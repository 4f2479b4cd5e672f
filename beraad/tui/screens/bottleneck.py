"""Flag a knelpunt from any round, and the list of knelpunten of a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from beraad.model.bottleneck import REGULATIONS, SOURCES, Bottleneck
from beraad.tui.keys import FOCUS_KEYS

DISCRETION = ["ja", "nee", "onduidelijk"]
RECURRENCE = ["incidenteel", "vermoedelijk structureel"]


class BottleneckForm(ModalScreen[Bottleneck | None]):
    CSS_PATH = "../session.tcss"

    """Title, description, sources, regulation, effect, bestaanszekerheid, room, nature, addressee."""

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Bewaren", priority=True),
        Binding("escape", "cancel", "Annuleren"),
        *FOCUS_KEYS,
    ]

    def __init__(self, bottleneck: Bottleneck, addressees: list[str], step_title: str) -> None:
        super().__init__(classes="form-dialog")
        self.bottleneck = bottleneck
        self.addressees = addressees
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        b = self.bottleneck
        with VerticalScroll(id="knelpunt-form"):
            yield Static(f"Knelpunt, opgekomen in: {self.step_title}", classes="step-title")
            yield Label("Titel", classes="field-label")
            yield Input(b.title, placeholder="kort: wat knelt er?", id="k-title", compact=True)
            yield Label("Beschrijving", classes="field-label")
            yield TextArea(b.description, id="k-description", soft_wrap=True, tab_behavior="focus", classes="text")
            yield Label("Bron (een of meer; spatie kiest)", classes="field-label")
            yield SelectionList[str](*((s, s, s in b.sources) for s in SOURCES), id="k-sources")
            yield Label("Regelgeving", classes="field-label")
            yield Input(
                b.regulation,
                placeholder="bijv. Participatiewet art. 18 lid 1",
                suggester=SuggestFromList(REGULATIONS, case_sensitive=False),
                id="k-regulation",
                compact=True,
            )
            yield Label("Effect op inwoners", classes="field-label")
            yield TextArea(b.effect, id="k-effect", soft_wrap=True, tab_behavior="focus", classes="text")
            yield Label("Raakt het de bestaanszekerheid?", classes="field-label")
            yield RadioSet(RadioButton("ja", b.subsistence), RadioButton("nee", not b.subsistence), id="k-subsistence")
            yield Label("Is de beleidsruimte (Awb 4:84, hardheidsclausule) overwogen?", classes="field-label")
            yield RadioSet(*(RadioButton(v, b.discretion == v) for v in DISCRETION), id="k-discretion")
            yield Label("Incidenteel of vermoedelijk structureel?", classes="field-label")
            yield RadioSet(*(RadioButton(v, b.recurrence == v) for v in RECURRENCE), id="k-recurrence")
            yield Label("Voorgestelde adressaat", classes="field-label")
            yield Input(
                b.addressee,
                placeholder=", ".join(self.addressees[:4]),
                suggester=SuggestFromList(self.addressees, case_sensitive=False),
                id="k-addressee",
                compact=True,
            )
            yield Static(id="k-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Bewaren (Ctrl+S)", id="save", variant="primary")
                yield Button("Annuleren (Esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#k-title", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _choice(self, widget_id: str, options: list[str]) -> str:
        index = self.query_one(widget_id, RadioSet).pressed_index
        return options[index] if index >= 0 else options[-1]

    def action_save(self) -> None:
        title = self.query_one("#k-title", Input).value.strip()
        if not title:
            self.query_one("#k-error", Static).update("Geef het knelpunt een titel.")
            self.query_one("#k-title", Input).focus()
            return
        self.dismiss(
            self.bottleneck.model_copy(
                update={
                    "title": title,
                    "description": self.query_one("#k-description", TextArea).text,
                    "sources": list(self.query_one("#k-sources", SelectionList).selected),
                    "regulation": self.query_one("#k-regulation", Input).value.strip(),
                    "effect": self.query_one("#k-effect", TextArea).text,
                    "subsistence": self._choice("#k-subsistence", ["ja", "nee"]) == "ja",
                    "discretion": self._choice("#k-discretion", DISCRETION),
                    "recurrence": self._choice("#k-recurrence", RECURRENCE),
                    "addressee": self.query_one("#k-addressee", Input).value.strip(),
                }
            )
        )


class BottleneckList(ModalScreen[None]):
    CSS_PATH = "../session.tcss"

    """The knelpunten of this session: Enter edits, D removes (after a question)."""

    BINDINGS: ClassVar = [
        Binding("enter", "edit", "Bewerken", priority=True),
        Binding("d,delete", "remove", "Verwijderen"),
        Binding("escape", "close", "Terug"),
    ]

    def __init__(self, session_screen) -> None:
        super().__init__(classes="form-dialog")
        self.session_screen = session_screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="knelpunt-form"):
            yield Static("Knelpunten in deze sessie", classes="step-title")
            yield DataTable(id="knelpunten", cursor_type="row")
            yield Static(id="k-empty", classes="field-help")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Titel", "Ronde", "Aard", "Adressaat")
        self.refresh_rows()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        session = self.session_screen.session
        for number, b in enumerate(session.bottlenecks, 1):
            step = session.method.step(b.step_id).title if b.step_id in {s.id for s in session.method.steps} else ""
            table.add_row(str(number), b.title, step, b.recurrence, b.addressee or "–", key=b.id)
        empty = "" if session.bottlenecks else "Nog geen knelpunten. Markeer er een met Ctrl+K vanuit elke ronde."
        self.query_one("#k-empty", Static).update(empty)
        table.focus()

    def _selected(self) -> Bottleneck | None:
        session = self.session_screen.session
        if not session.bottlenecks:
            return None
        return session.bottlenecks[self.query_one(DataTable).cursor_row]

    def action_edit(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.session_screen.edit_bottleneck(chosen, after=self.refresh_rows)

    def action_remove(self) -> None:
        from beraad.tui.screens.confirm import ConfirmScreen

        chosen = self._selected()
        if chosen is None:
            return

        def remove(confirmed: bool | None) -> None:
            if confirmed:
                self.session_screen.remove_bottleneck(chosen.id)
                self.refresh_rows()

        self.app.push_screen(ConfirmScreen(f"Knelpunt '{chosen.title}' verwijderen?"), remove)

    def action_close(self) -> None:
        self.dismiss(None)
