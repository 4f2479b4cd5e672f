"""New session: what, when, who, and with which method."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from beraad.dutch import MEMBER
from beraad.methods import MethodFile
from beraad.model.session import Session, date_problem
from beraad.model.team import Roster, Team
from beraad.text import visible
from beraad.tui.commands import FIELD_KEYS, FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import Form, parse_day
from beraad.tui.widgets.inputs import NoteInput
from beraad.tui.widgets.rows import RowsEditor
from beraad.tui.widgets.ticks import TickList

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
        FIELD_KEYS[0],  # Tab
        KeyHelp("Ctrl+R", "nog een deelnemer"),
        KeyHelp("→ of Tab", "in Team: neemt het voorgestelde team van een eerdere sessie over"),
        KeyHelp("Spatie", "bij een bekend team: vink af wie er vandaag niet is"),
    ]
    DEFAULT_CSS = """
    NewSessionScreen #form { padding: 0 2; }
    NewSessionScreen #form > Input, NewSessionScreen #form > Select, NewSessionScreen #form > RowsEditor {
        width: 100%;
        max-width: 90;
    }
    NewSessionScreen #form #start { margin: 1 0; }
    NewSessionScreen .field-help { color: $text-muted; }
    NewSessionScreen #roster { max-width: 90; max-height: 14; }
    NewSessionScreen #roster, NewSessionScreen #roster-note { display: none; }
    NewSessionScreen.-roster #roster, NewSessionScreen.-roster #roster-note { display: block; }
    """

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__(id="new-session")
        self.team: Team | None = None  # the known team the form offers, if any
        self._shown_people: list[tuple[str, str]] = []  # as the casusinbrenger's list shows them

    def _teams(self) -> list[str]:
        """Teams of earlier sessions, most recent first, then teams with a roster: the same
        spelling finds the team's previous session for the look back."""
        teams = [s.team.strip() for s in self.app.store.quick_summaries() if s.team.strip()]
        return list(dict.fromkeys([*teams, *(team.name for team in self.roster.teams)]))

    @cached_property
    def roster(self) -> Roster:
        from beraad.core import teams

        try:
            return teams.roster(self.app.workspace)
        except teams.TeamsError as error:
            tell(self, str(error), "warning")
            return Roster()

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
            yield Static(id="roster-note", classes="field-help")
            yield TickList(id="roster")
            yield Static(
                "Naam of initialen en rol. Namen blijven op deze laptop; in een verslag staan rollen.",
                classes="field-help",
                id="people-help",
            )
            yield RowsEditor(
                ["naam", "rol"],
                ["Naam of initialen", "Rol"],
                [],
                min_rows=PARTICIPANT_ROWS,
                add_label="+ Deelnemer toevoegen",
                add_in_chain=True,
                suggestions={"rol": ["klantmanager", "Wmo-consulent", "schuldhulpverlener", "handhaver"]},
                short={"naam"},
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
        """Who takes part: the members of a known team who are here, then the rows."""
        present = []
        if self.team is not None:
            ticked = set(self.query_one("#roster", TickList).selected)
            present = [(m.name, m.role) for n, m in enumerate(self.team.members) if str(n) in ticked]
        rows = self.query_one(RowsEditor).value
        extra = [(row["naam"].strip(), row["rol"].strip()) for row in rows if row["naam"].strip()]
        return present + extra

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "team":
            self._offer_roster(event.value)

    def _offer_roster(self, name: str) -> None:
        """A team the workspace knows: its members, ticked, instead of typing them again."""
        team = self.roster.get(name)
        if team is not None and team == self.team:
            return
        self.team = team if team is not None and team.members else None
        self.set_class(self.team is not None, "-roster")
        roster = self.query_one("#roster", TickList)
        roster.clear_options()
        if self.team is None:
            self.query_one("#people-help", Static).update(
                "Naam of initialen en rol. Namen blijven op deze laptop; in een verslag staan rollen."
            )
        else:
            roster.add_options([(visible(m.label), str(n), True) for n, m in enumerate(self.team.members)])
            count = len(self.team.members)
            self.query_one("#roster-note", Static).update(
                visible(
                    f"{self.team.name}: {MEMBER(count)} van eerdere sessies "
                    f"(bijgewerkt {self.team.updated:%d-%m-%Y}). Spatie vinkt af wie er vandaag niet is; "
                    "teams bewerken kan in het overzicht (t)."
                )
            )
            self.query_one("#people-help", Static).update(
                "Nieuwe deelnemers: naam of initialen en rol. Ze komen ook in het team."
            )
            self.query_one(RowsEditor).keep_empty(1)
        self._people_changed()

    def on_selection_list_selected_changed(self, event: TickList.SelectedChanged[str]) -> None:
        self._people_changed()

    def on_rows_editor_edited(self, event: RowsEditor.Edited) -> None:
        self._people_changed()

    def _people_changed(self) -> None:
        """The choice of casusinbrenger follows the people, and stays on the same person."""
        presenter = self.query_one("#presenter", Select)
        chosen = presenter.value
        before = self._shown_people[chosen][0] if isinstance(chosen, int) and chosen < len(self._shown_people) else None
        people = self._people()
        presenter.set_options(
            [(visible(f"{name} ({role})" if role else name), n) for n, (name, role) in enumerate(people)]
        )
        self._shown_people = people
        names = [name for name, _ in people]
        if before in names:
            presenter.value = names.index(before)

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
        team = self.query_one("#team", Input).value
        try:
            session = Session.start(
                method,
                title,
                day,
                people,
                case_presenter=presenter if isinstance(presenter, int) else None,
                team=team,
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
        self._remember_team(team, people, day)
        self.app.start_session(session)

    def _remember_team(self, team: str, people: list[tuple[str, str]], day: date) -> None:
        """The team learns who came; a roster that cannot be written never stops the session."""
        from beraad.core import teams

        try:
            teams.remember(self.app.workspace, team, people, day)
        except teams.TeamsError as error:
            tell(self, str(error), "warning")
