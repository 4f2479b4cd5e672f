"""New session: what, when, who, and with which method."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from beraad.methods import MethodFile
from beraad.model.session import Session, date_problem
from beraad.text import visible
from beraad.tui.commands import FIELD_KEYS, FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import Form, parse_day
from beraad.tui.widgets.inputs import NoteInput
from beraad.tui.widgets.rows import RowsEditor

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

PARTICIPANT_ROWS = 4


def method_labels(methods: list[MethodFile]) -> list[tuple[str, str]]:
    """(label, id) per method, with its version and length; two methods with the same title
    are told apart by their id."""
    titles = Counter(m.method.title for m in methods)
    labels = []
    for m in methods:
        title = f"{m.method.title} ({m.method.id})" if titles[m.method.title] > 1 else m.method.title
        labels.append((visible(f"{title} · versie {m.method.version}, {m.method.planned_minutes} min"), m.method.id))
    return labels


class NewSessionScreen(Form, Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command("start", "Start sessie", "Begin het beraad met deze gegevens", "ctrl+s", "Start", True),
        Command("cancel", "Annuleren", "Terug naar het overzicht, zonder sessie", "escape", "Annuleren"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), *FOCUS_KEYS]
    KEYS: ClassVar = [
        FIELD_KEYS[0],  # Tab; no text areas or checklists here
        KeyHelp("Ctrl+R", "nog een deelnemer"),
        KeyHelp("→ of Tab (in Team)", "neemt het voorgestelde team van een eerdere sessie over"),
    ]
    DEFAULT_CSS = """
    NewSessionScreen #form { padding: 0 2; }
    NewSessionScreen #form > Input, NewSessionScreen #form > Select, NewSessionScreen #form > RowsEditor {
        width: 100%;
        max-width: 90;
    }
    NewSessionScreen #form #start { margin: 1 0; }
    NewSessionScreen .field-help { color: $text-muted; }
    """

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__(id="new-session")

    def _teams(self) -> list[str]:
        """Teams of earlier sessions, most recent first: the same spelling finds the team's
        previous session for the look back."""
        teams = [s.team.strip() for s in self.app.store.quick_summaries() if s.team.strip()]
        return list(dict.fromkeys(teams))

    def compose(self) -> ComposeResult:
        yield Header()
        catalog = self.app.catalog
        with VerticalScroll(id="form"):
            yield Label("Titel van de sessie", classes="field-label")
            yield NoteInput(placeholder="bijv. Uitkering gestopt na vlucht", id="title", compact=True)
            yield Label("Datum", classes="field-label")
            yield Input(f"{self.app.today():%d-%m-%Y}", placeholder="dd-mm-jjjj", id="date", compact=True)
            yield Label("Team of context", classes="field-label")
            yield NoteInput(
                placeholder="bijv. Team Werk en Inkomen Noord",
                suggester=SuggestFromList(self._teams(), case_sensitive=False),
                id="team",
                compact=True,
            )
            yield Label("Gespreksleider", classes="field-label")
            yield NoteInput(placeholder="naam of initialen", id="facilitator", compact=True)
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
            yield NoteInput(placeholder="bijv. Linda Bakker, Ricardo Bakker", id="case-people", compact=True)
            yield Label("Casusinbrenger", classes="field-label")
            yield Select[int]([], prompt="Kies wie de casus inbrengt", id="presenter")
            yield Label("Methode", classes="field-label")
            yield Select[str](
                method_labels(catalog.methods),
                value=catalog.methods[0].method.id if catalog.methods else Select.NULL,
                allow_blank=not catalog.methods,
                id="method",
            )
            for broken in catalog.broken:
                yield Static(visible(f"Niet te gebruiken: {broken.message}"), classes="warning", markup=False)
            yield Static(id="error", classes="error")
            yield Button("Start sessie (Ctrl+S)", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Nieuwe sessie"
        self.query_one("#title", Input).focus()
        self.remember_typing()

    def _people(self) -> list[tuple[str, str]]:
        rows = self.query_one(RowsEditor).value
        return [(row["naam"].strip(), row["rol"].strip()) for row in rows if row["naam"].strip()]

    def on_rows_editor_edited(self, event: RowsEditor.Edited) -> None:
        presenter = self.query_one("#presenter", Select)
        chosen = presenter.value
        people = self._people()
        presenter.set_options(
            [(visible(f"{name} ({role})" if role else name), n) for n, (name, role) in enumerate(people)]
        )
        if isinstance(chosen, int) and chosen < len(people):
            presenter.value = chosen

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_cancel(self) -> None:
        self.leave_form(self.app.pop_screen)

    @user_errors
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
        elif (wrong := date_problem(day, self.app.today())) is not None:
            problem, focus = wrong, "#date"
        elif method is None:
            problem, focus = "Er is geen bruikbare methode; controleer de map methods/.", "#method"
        if problem:
            self.query_one("#error", Static).update(problem)
            tell(self, problem, "warning")  # the line under the form can be below the screen
            self.query_one(focus).focus()
            return
        assert day is not None and method is not None
        names = self.query_one("#case-people", Input).value.split(",")
        try:
            session = Session.start(
                method,
                title,
                day,
                people,
                case_presenter=presenter if isinstance(presenter, int) else None,
                team=self.query_one("#team", Input).value,
                facilitator=self.query_one("#facilitator", Input).value,
                case_people=names,
            )
        except ValidationError:
            problem = (
                "Een tekst is te lang: de titel en het team hoogstens 300 tekens, een naam of rol hoogstens 200, "
                "hoogstens 40 deelnemers en 40 personen in de casus."
            )
            self.query_one("#error", Static).update(problem)
            tell(self, problem, "warning")
            return
        self.app.start_session(session)
