"""The teams of this workspace and who belongs to them, as a new session offers them: a
list of teams (from the overview, t) and a form to edit one team's members."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core import teams
from beraad.dutch import MEMBER
from beraad.model.team import Roster, Team
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell
from beraad.tui.screens.dialogs import ConfirmScreen, Form
from beraad.tui.show import shown
from beraad.tui.widgets.rows import RowsEditor

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp


class RosterScreen(Screen[None]):
    """Every team with a roster; Enter edits one, d forgets one (its sessions stay)."""

    ACTIONS: ClassVar[list[Command]] = [
        Command("edit", "Team bewerken", "Wie bij het gekozen team hoort", "enter", "Bewerken"),
        Command("forget", "Team vergeten", "Haal het gekozen team uit de lijst (vraagt eerst)", "d,delete", "Vergeten"),
        Command("back", "Terug", "Terug naar het overzicht", "escape", "Terug"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS)]
    DEFAULT_CSS = """
    RosterScreen #roster-intro { padding: 0 1; color: $text-muted; }
    RosterScreen #teams { height: 1fr; border: none; }
    """

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__()
        self.roster = Roster()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(
            "Teams en hun vaste deelnemers. Een nieuwe sessie van een team biedt ze aan; wie er niet is, "
            "vink je daar af. Namen blijven op deze laptop.",
            id="roster-intro",
        )
        yield OptionList(id="teams")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Teams"
        self.refresh_teams()

    def on_screen_resume(self) -> None:
        self.refresh_teams()

    def refresh_teams(self) -> None:
        try:
            self.roster = teams.roster(self.app.workspace)
        except teams.TeamsError as error:
            tell(self, str(error))
            self.roster = Roster()
        listing = self.query_one("#teams", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        if not self.roster.teams:
            listing.add_option(
                Option("Nog geen teams. Een sessie met een team maakt er een.", id="-none", disabled=True)
            )
            return
        for number, team in enumerate(self.roster.teams):
            count = len(team.members)
            label = f"{team.name}  ·  {MEMBER(count)}  ·  bijgewerkt {team.updated:%d-%m-%Y}"
            listing.add_option(Option(shown(label), id=str(number)))
        listing.highlighted = min(highlighted or 0, len(self.roster.teams) - 1)
        listing.focus()

    def _chosen(self) -> Team | None:
        listing = self.query_one("#teams", OptionList)
        if listing.highlighted is None or not self.roster.teams:
            return None
        return self.roster.teams[min(listing.highlighted, len(self.roster.teams) - 1)]

    @on(OptionList.OptionSelected, "#teams")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        team = self._chosen()
        if team is not None:
            self.app.push_screen(RosterForm(team))

    def action_forget(self) -> None:
        team = self._chosen()
        if team is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                try:
                    teams.forget(self.app.workspace, team.name)
                except teams.TeamsError as error:
                    tell(self, str(error))
                self.refresh_teams()

        question = (
            f"Team '{team.name}' vergeten? Zijn sessies blijven bestaan; een volgende sessie vraagt de namen opnieuw."
        )
        self.app.push_screen(ConfirmScreen(visible(question), yes="Vergeten", no="Houden"), answer)

    def action_back(self) -> None:
        self.app.pop_screen()


class RosterForm(Form, Screen[None]):
    """One team's members: names and roles; an emptied row leaves the team."""

    ACTIONS: ClassVar[list[Command]] = [
        Command("keep", "Team bewaren", "Bewaar de leden zoals ze hier staan", "ctrl+s", "Bewaren", True),
        Command("cancel", "Annuleren", "Terug zonder te bewaren (vraagt eerst)", "escape", "Annuleren"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), *FOCUS_KEYS]
    KEYS: ClassVar = [
        KeyHelp("Tab / Shift+Tab", "volgend / vorig veld"),
        KeyHelp("Enter", "volgend veld; na de laatste rol een nieuwe rij"),
        KeyHelp("Ctrl+R", "nog een lid"),
    ]
    DEFAULT_CSS = """
    RosterForm #roster-form { padding: 0 2; }
    RosterForm RowsEditor { max-width: 90; }
    """

    app: BeraadApp

    def __init__(self, team: Team) -> None:
        super().__init__()
        self.team = team

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="roster-form"):
            yield Static(shown(self.team.name, "bold"))
            yield Static(
                "Naam of initialen en rol van wie bij het team hoort. Maak een rij leeg om iemand uit het team te "
                "halen. Wie er bij een sessie niet is, vink je bij die sessie af.",
                classes="field-help",
            )
            yield RowsEditor(
                ["naam", "rol"],
                ["Naam of initialen", "Rol"],
                [{"naam": m.name, "rol": m.role} for m in self.team.members],
                min_rows=len(self.team.members) + 1,
                add_label="+ Lid toevoegen",
                add_in_chain=True,
                short={"naam", "rol"},
                id="members",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Team bewerken"
        self.remember_typing()
        cell = self.query_one(RowsEditor).cell(0, 0)
        if cell is not None:
            cell.focus()

    def action_keep(self) -> None:
        rows = self.query_one(RowsEditor).value
        people = [(row["naam"], row["rol"]) for row in rows]
        try:
            teams.save_members(self.app.workspace, self.team.name, people, self.app.today())
        except teams.TeamsError as error:
            tell(self, str(error))
            return
        tell(self, f"Team {self.team.name} bewaard.", "information")
        self.app.pop_screen()

    def action_cancel(self) -> None:
        self.leave_form(self.app.pop_screen)
