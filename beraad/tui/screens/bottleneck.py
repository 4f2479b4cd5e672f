"""Flag a knelpunt from any round, and the list of knelpunten of a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Footer, Label, RadioButton, RadioSet, SelectionList, Static

from beraad.core.session import OpenSession
from beraad.model.bottleneck import REGULATIONS, SOURCES, Bottleneck
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS
from beraad.tui.errors import user_errors
from beraad.tui.screens.dialogs import ConfirmScreen, Dialog
from beraad.tui.show import shown
from beraad.tui.widgets.inputs import NoteArea, NoteInput

DISCRETION = ["ja", "nee", "onduidelijk"]
RECURRENCE = ["incidenteel", "vermoedelijk structureel"]

FORM_CSS = """
{cls} > .form-box {{
    width: 100;
    max-width: 100%;
    height: 90%;
    border: thick $accent;
    background: $surface;
    padding: 0 2;
}}
{cls} NoteArea {{ height: auto; min-height: 4; max-height: 8; }}
{cls} RadioSet {{ layout: horizontal; height: auto; }}
{cls} SelectionList {{ height: auto; }}
{cls} .buttons {{ height: auto; margin: 1 0; }}
{cls} .buttons Button {{ margin-right: 2; }}
"""


class BottleneckForm(Dialog[Bottleneck | None]):
    """Title, description, sources, regulation, effect, bestaanszekerheid, room, nature, addressee."""

    DEFAULT_CSS = FORM_CSS.format(cls="BottleneckForm")
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Bewaren", priority=True),
        Binding("escape", "cancel", "Annuleren"),
        *FOCUS_KEYS,
    ]

    def __init__(self, bottleneck: Bottleneck, addressees: list[str], step_title: str) -> None:
        super().__init__()
        self.bottleneck = bottleneck
        self.addressees = addressees
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        b = self.bottleneck
        with VerticalScroll(classes="form-box"):
            yield Static(shown(f"Knelpunt, opgekomen in: {self.step_title}"), classes="step-title")
            yield Label("Titel", classes="field-label")
            yield NoteInput(b.title, placeholder="kort: wat knelt er?", id="k-title", compact=True)
            yield Label("Beschrijving", classes="field-label")
            yield NoteArea(b.description, id="k-description", lines=2)
            yield Label("Bron (een of meer; spatie vinkt aan)", classes="field-label")
            yield SelectionList[str](*((s, s, s in b.sources) for s in SOURCES), id="k-sources")
            yield Label("Regelgeving", classes="field-label")
            yield NoteInput(
                b.regulation,
                placeholder="bijv. Participatiewet art. 18 lid 1",
                suggester=SuggestFromList(REGULATIONS, case_sensitive=False),
                id="k-regulation",
                compact=True,
            )
            yield Label("Effect op inwoners", classes="field-label")
            yield NoteArea(b.effect, id="k-effect", lines=2)
            yield Label("Raakt het de bestaanszekerheid?", classes="field-label")
            yield RadioSet(RadioButton("ja", b.subsistence), RadioButton("nee", not b.subsistence), id="k-subsistence")
            yield Label("Is de beleidsruimte (Awb 4:84, hardheidsclausule) overwogen?", classes="field-label")
            yield RadioSet(*(RadioButton(v, b.discretion == v) for v in DISCRETION), id="k-discretion")
            yield Label("Incidenteel of vermoedelijk structureel?", classes="field-label")
            yield RadioSet(*(RadioButton(v, b.recurrence == v) for v in RECURRENCE), id="k-recurrence")
            yield Label("Voorgestelde adressaat", classes="field-label")
            yield NoteInput(
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#k-title", NoteInput).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _choice(self, widget_id: str, options: list[str]) -> str:
        index = self.query_one(widget_id, RadioSet).pressed_index
        return options[index] if index >= 0 else options[-1]

    def action_save(self) -> None:
        title = self.query_one("#k-title", NoteInput).value.strip()
        if not title:
            self.query_one("#k-error", Static).update("Geef het knelpunt een titel.")
            self.query_one("#k-title", NoteInput).focus()
            return
        self.dismiss(
            self.bottleneck.model_copy(
                update={
                    "title": title,
                    "description": self.query_one("#k-description", NoteArea).text,
                    "sources": list(self.query_one("#k-sources", SelectionList).selected),
                    "regulation": self.query_one("#k-regulation", NoteInput).value.strip(),
                    "effect": self.query_one("#k-effect", NoteArea).text,
                    "subsistence": self._choice("#k-subsistence", ["ja", "nee"]) == "ja",
                    "discretion": self._choice("#k-discretion", DISCRETION),
                    "recurrence": self._choice("#k-recurrence", RECURRENCE),
                    "addressee": self.query_one("#k-addressee", NoteInput).value.strip(),
                }
            )
        )


class BottleneckList(Dialog[None]):
    """The knelpunten of this session: Enter edits, D removes (after a question)."""

    DEFAULT_CSS = FORM_CSS.format(cls="BottleneckList")
    BINDINGS: ClassVar = [
        Binding("enter", "edit", "Bewerken", priority=True),
        Binding("d,delete", "remove", "Verwijderen"),
        Binding("escape", "close", "Terug"),
    ]

    def __init__(self, core: OpenSession, addressees: list[str]) -> None:
        super().__init__()
        self.core = core
        self.addressees = addressees

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static("Knelpunten in deze sessie", classes="step-title")
            yield DataTable(id="knelpunten", cursor_type="row")
            yield Static(id="k-empty", classes="field-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Titel", "Ronde", "Aard", "Adressaat")
        self.refresh_rows()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        bottlenecks = self.core.session.bottlenecks
        for number, b in enumerate(bottlenecks, 1):
            step = self.core.step_title(b.step_id)
            table.add_row(str(number), shown(b.title), shown(step), b.recurrence, shown(b.addressee or "–"), key=b.id)
        empty = "" if bottlenecks else "Nog geen knelpunten. Markeer er een met Ctrl+K vanuit elke ronde."
        self.query_one("#k-empty", Static).update(empty)
        table.focus()

    def _selected(self) -> Bottleneck | None:
        bottlenecks = self.core.session.bottlenecks
        if not bottlenecks:
            return None
        return bottlenecks[min(self.query_one(DataTable).cursor_row, len(bottlenecks) - 1)]

    def action_edit(self) -> None:
        chosen = self._selected()
        if chosen is not None and not self.core.read_only:
            title = self.core.step_title(chosen.step_id)
            self.app.push_screen(BottleneckForm(chosen, self.addressees, title), self._keep)

    @user_errors
    def _keep(self, result: Bottleneck | None) -> None:
        if result is not None:
            self.core.keep_bottleneck(result)
            self.refresh_rows()

    def action_remove(self) -> None:
        chosen = self._selected()
        if chosen is None or self.core.read_only:
            return

        @user_errors
        def remove(screen: BottleneckList, confirmed: bool | None) -> None:
            if confirmed:
                screen.core.remove_bottleneck(chosen.id)
                screen.refresh_rows()

        question = f"Knelpunt '{visible(chosen.title)}' verwijderen?"
        self.app.push_screen(ConfirmScreen(question), lambda answer: remove(self, answer))

    def action_close(self) -> None:
        self.dismiss(None)
