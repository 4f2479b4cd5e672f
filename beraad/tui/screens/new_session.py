"""New session: what, when, who, and with which method."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from beraad.model.session import Session
from beraad.tui.keys import FOCUS_KEYS
from beraad.tui.widgets.rows import RowsEditor

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

PARTICIPANT_ROWS = 4


def parse_day(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


class NewSessionScreen(Screen):
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", "Start sessie", priority=True),
        Binding("escape", "cancel", "Annuleren"),
        *FOCUS_KEYS,
    ]

    CSS_PATH = "../session.tcss"

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__(id="new-session")

    def compose(self) -> ComposeResult:
        yield Header()
        catalog = self.app.catalog
        with VerticalScroll(id="form"):
            yield Label("Titel van de sessie", classes="field-label")
            yield Input(placeholder="bijv. Uitkering gestopt na vlucht", id="title", compact=True)
            yield Label("Datum", classes="field-label")
            yield Input(f"{self.app.today():%d-%m-%Y}", placeholder="dd-mm-jjjj", id="date", compact=True)
            yield Label("Team of context", classes="field-label")
            yield Input(placeholder="bijv. Team Werk en Inkomen Noord", id="team", compact=True)
            yield Label("Gespreksleider", classes="field-label")
            yield Input(placeholder="naam of initialen", id="facilitator", compact=True)
            yield Label("Deelnemers", classes="field-label")
            yield Static(
                "Naam of initialen en rol. Namen blijven op deze laptop; in een verslag staan rollen.",
                classes="field-help",
            )
            yield RowsEditor(
                ["naam", "rol"],
                ["Naam of initialen", "Rol"],
                [],
                min_rows=PARTICIPANT_ROWS,
                add_label="+ Deelnemer toevoegen",
                suggestions={"rol": ["klantmanager", "Wmo-consulent", "schuldhulpverlener", "handhaver"]},
                id="participants",
            )
            yield Label("Personen in de casus (optioneel)", classes="field-label")
            yield Static(
                "Namen van inwoners en anderen die in de casus voorkomen, met komma's. Ze blijven op deze "
                "laptop en worden in elk verslag vervangen door [persoon 1], [persoon 2]…",
                classes="field-help",
            )
            yield Input(placeholder="bijv. Linda Bakker, Ricardo Bakker", id="case-people", compact=True)
            yield Label("Casusinbrenger", classes="field-label")
            yield Select[int]([], prompt="Kies wie de casus inbrengt", id="presenter")
            yield Label("Methode", classes="field-label")
            yield Select[str](
                [(m.method.title, m.method.id) for m in catalog.methods],
                value=catalog.methods[0].method.id if catalog.methods else Select.BLANK,
                allow_blank=not catalog.methods,
                id="method",
            )
            for broken in catalog.broken:
                yield Static(f"Niet te gebruiken: {broken.message}", classes="warning", markup=False)
            yield Static(id="error", classes="error")
            yield Button("Start sessie (Ctrl+S)", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Nieuwe sessie"
        self.query_one("#title", Input).focus()

    def commands(self) -> list[tuple[str, str, object]]:
        return [("Start sessie", "Begin het beraad met deze gegevens", self.action_start)]

    def _people(self) -> list[tuple[str, str]]:
        rows = self.query_one(RowsEditor).value
        return [(row["naam"].strip(), row["rol"].strip()) for row in rows if row["naam"].strip()]

    def on_rows_editor_edited(self, event: RowsEditor.Edited) -> None:
        presenter = self.query_one("#presenter", Select)
        chosen = presenter.value
        people = self._people()
        presenter.set_options([(f"{name} ({role})" if role else name, n) for n, (name, role) in enumerate(people)])
        if isinstance(chosen, int) and chosen < len(people):
            presenter.value = chosen

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_cancel(self) -> None:
        self.app.pop_screen()

    def action_start(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        day = parse_day(self.query_one("#date", Input).value)
        method = self.app.catalog.get(str(self.query_one("#method", Select).value))
        people = self._people()
        presenter = self.query_one("#presenter", Select).value
        problem = None
        if not title:
            problem, focus = "Geef de sessie een titel.", "#title"
        elif day is None:
            problem, focus = "De datum is niet te lezen; schrijf hem als dd-mm-jjjj.", "#date"
        elif method is None:
            problem, focus = "Er is geen bruikbare methode; controleer de map methods/.", "#method"
        if problem:
            self.query_one("#error", Static).update(problem)
            self.query_one(focus).focus()
            return
        assert day is not None and method is not None
        session = Session.start(
            method,
            title,
            day,
            people,
            case_presenter=presenter if isinstance(presenter, int) else None,
            team=self.query_one("#team", Input).value,
            facilitator=self.query_one("#facilitator", Input).value,
        )
        names = self.query_one("#case-people", Input).value.split(",")
        session.case_people = [name.strip() for name in names if name.strip()]
        self.app.start_session(session)
