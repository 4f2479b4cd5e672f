"""Home: the sessions in this workspace, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.dutch import BOTTLENECK
from beraad.store import index
from beraad.store.schema import Summary
from beraad.text import day_text
from beraad.tui.commands import Command, KeyHelp, bindings
from beraad.tui.errors import tell
from beraad.tui.show import shown

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

SHOWN_AT_MOST = 300  # sessions in the table (newest first); searching finds the others
WIDE = 100  # columns from which the overview also shows the method
WHERE = 20  # width of the Waar column: "8. Conclusie en acti…"


def cut(text: str, width: int) -> str:
    """A text that fits its column, with … where it was cut (never cut without a sign)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def verslag_state(session: Summary) -> str:
    """Where the verslag of a session stands (see store.sessions.verslag_state); nothing
    for a session still going on whose verslag nobody began."""
    if session.status != "afgerond" and session.verslag == "concept":
        return ""
    return session.verslag


def matches(session: Summary, words: list[str]) -> bool:
    """Whether every word occurs in what the overview shows of a session."""
    status = "vastgesteld" if session.approved else session.status
    text = f"{day_text(session.date)} {session.title} {session.team} {session.method} {status}".casefold()
    return all(word in text for word in words)


class HomeScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command("new", "Nieuwe sessie", "Begin een nieuw moreel beraad", "n,N", "Nieuw"),
        Command("open", "Sessie openen", "Ga verder met de gekozen sessie", "enter", "Openen", True),
        Command(
            "verslag", "Verslag", "Het verslag van de gekozen sessie: review, vaststellen, exporteren", "v", "Verslag"
        ),
        # out of the footer (full at 80 columns): the line under the table names / when it matters
        Command("search", "Zoeken", "Zoek een sessie op titel, team, datum of methode", "slash"),
        Command(
            "delete", "Sessie verwijderen", "Verwijder de gekozen sessie (vraagt eerst)", "d,delete", "Verwijderen"
        ),
        Command(
            "app.register", "Knelpuntenregister", "Alle knelpunten: wat te laat is, volgende stap", "k", "Knelpunten"
        ),
        Command("teams", "Teams", "De teams en hun vaste deelnemers bekijken en bewerken", "t"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1,question_mark", "Hulp"),
        Command("app.quit", "Afsluiten", "beraad afsluiten", "q,ctrl+q", "Afsluiten", palette=False),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS), ("escape", "end_search", "")]
    AUTO_FOCUS = "#sessions"  # from the first frame on: the footer shows the keys of the list
    KEYS: ClassVar[list[KeyHelp]] = [
        KeyHelp("Enter (in Zoeken)", "terug naar de lijst"),
        KeyHelp("Esc (in Zoeken)", "zoeken stoppen, alle sessies"),
    ]
    DEFAULT_CSS = """
    HomeScreen #intro { padding: 0 1; color: $text-muted; }
    HomeScreen #sessions { height: 1fr; }
    HomeScreen #empty, HomeScreen #problems { height: auto; max-height: 8; padding: 0 1; }
    HomeScreen #problems { color: $warning; }
    HomeScreen #overdue { height: auto; padding: 0 1; color: $error; text-style: bold; }
    HomeScreen #search { display: none; }
    HomeScreen.-searching #search { display: block; }
    HomeScreen #count { height: auto; padding: 0 1; color: $text-muted; }
    """

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__(id="home")
        self.sessions: list[Summary] = []  # every session, newest first
        self.shown: list[Summary] = []  # those in the table
        self._width, self._wide = 0, False  # the width the columns were made for

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(
            "Moreel beraad: kies een sessie en druk op Enter, of begin met n een nieuwe sessie.",
            id="intro",
        )
        yield Static(id="overdue")
        yield Input(placeholder="zoek op titel, team, datum of methode", id="search", compact=True)
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="count")
        yield Static(id="empty")
        yield Static(id="problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = str(self.app.workspace.root)
        self._columns()
        # First paint from the index of the newest sessions alone; the full check (and
        # quarantine) follows in a thread once the screen is up (on_screen_resume also runs
        # when first shown) and shows them all.
        self.show(index.recent(self.app.workspace.sessions))

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.refresh_sessions)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def refresh_sessions(self) -> list[Summary]:
        summaries = self.app.scan_sessions()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, summaries)
        overdue = self.app.overdue_knelpunten()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_overdue, overdue)
        return summaries

    def _show_overdue(self, overdue: int) -> None:
        text = (
            f"{BOTTLENECK(overdue)} te laat: zonder agenda of zonder terugkoppeling "
            "na de afgesproken termijn. Druk op k voor het register."
            if overdue
            else ""
        )
        self._say("#overdue", text)

    @on(Worker.StateChanged)
    def _scan_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_crash(event.worker.error, "Het overzicht van de sessies kon niet worden bijgewerkt.")

    def show(self, sessions: list[Summary]) -> None:
        self.sessions = sessions
        self._fill()
        empty = "" if sessions else "Nog geen sessies in deze map. Druk op n om te beginnen."
        self._say("#empty", empty)
        self._say("#problems", shown(self.app.problem_summary()))
        if not self.has_class("-searching"):
            self.query_one(DataTable).focus()

    def _columns(self) -> None:
        """What matters first, so that at 80 columns it is all there: when, what, where the
        session is, its verslag; the method only where there is room."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._width = self.size.width
        self._wide = self._width >= WIDE
        table.add_column("Datum", width=10)
        table.add_column("Titel", width=self._title_width())
        table.add_column("Waar", width=WHERE)
        table.add_column("Verslag", width=len("vastgesteld v10"))
        if self._wide:
            table.add_column("Methode")

    def _title_width(self) -> int:
        """The rest of the width: date, where and verslag, and the space between columns."""
        fixed = 10 + WHERE + len("vastgesteld v10") + 4 * 2 + 2
        return max(16, min(60, self.size.width - fixed - (22 if self.size.width >= WIDE else 0)))

    def on_resize(self) -> None:
        if self.size.width != self._width:  # the title takes what the other columns leave
            self._columns()
            self._fill()

    def _fill(self) -> None:
        """The table: the newest sessions that match the search, at most SHOWN_AT_MOST."""
        words = self.query_one("#search", Input).value.casefold().split()
        chosen = [s for s in self.sessions if matches(s, words)] if words else self.sessions
        self.shown = chosen[:SHOWN_AT_MOST]
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        title_width = self._title_width()
        for session in self.shown:
            cells = [
                day_text(session.date),
                shown(cut(session.title, title_width)),
                shown(cut("afgerond" if session.status == "afgerond" else session.where, WHERE)),
                verslag_state(session),
            ]
            if self._wide:
                cells.append(shown(f"{session.method} {session.method_version}".strip()))
            table.add_row(*cells, key=session.id)
        if self.shown:
            table.move_cursor(row=min(keep, len(self.shown) - 1))
        count = ""
        if words:
            count = f"{len(chosen)} van {len(self.sessions)} sessies gevonden"
        if len(chosen) > len(self.shown):
            count = (
                f"De nieuwste {len(self.shown)} van {len(chosen)} sessies"
                f"{' die passen' if words else ''}; zoek met / naar oudere."
            )
        self._say("#count", count)

    def _say(self, where: str, text: str | Text) -> None:
        """A line under or above the table; one without text takes no room (at 24 rows
        every line counts)."""
        line = self.query_one(where, Static)
        line.update(text)
        line.display = bool(str(text))

    def _selected(self) -> Summary | None:
        if not self.shown:
            return None
        return self.shown[min(self.query_one(DataTable).cursor_row, len(self.shown) - 1)]

    def action_new(self) -> None:
        self.app.new_session()

    def action_search(self) -> None:
        self.add_class("-searching")
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _searched(self) -> None:
        self._fill()

    def action_end_search(self) -> None:
        if self.has_class("-searching"):
            self.remove_class("-searching")
            self.query_one("#search", Input).value = ""
            self.query_one(DataTable).focus()

    async def action_open(self) -> None:
        if self.has_class("-searching"):
            self.remove_class("-searching")
            self.query_one(DataTable).focus()
            return
        session = self._selected()
        if session is not None:
            self.app.open_session(session.id)
            # Enter is a priority key, handled in the app's own queue: waiting here until
            # the session shows its fields lets what is typed right after Enter land there.
            from beraad.tui.screens.session import SessionScreen

            if isinstance(self.app.screen, SessionScreen):
                await self.app.screen.fields_shown.wait()

    async def action_verslag(self) -> None:
        """The verslag of the chosen session: the session opens with its review on top
        (Esc goes back to the session, Esc again to this overview)."""
        from beraad.tui.screens.session import SessionScreen

        if self.has_class("-searching"):
            return
        await self.action_open()
        if isinstance(self.app.screen, SessionScreen):
            self.app.screen.action_report()

    def action_teams(self) -> None:
        from beraad.tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen())

    def action_delete(self) -> None:
        from beraad.tui.screens.dialogs import ConfirmScreen

        session = self._selected()
        if session is None:
            return

        holder = self.app.session_holder(session.id)
        if holder is not None:
            tell(
                self,
                f"De sessie is open in een ander venster ({holder}). Sluit haar daar eerst; dan kun je haar verwijderen.",
                "warning",
            )
            return

        def delete(confirmed: bool | None) -> None:
            if confirmed and self.app.delete_session(session.id):
                self.refresh_sessions()

        question = (
            f"Sessie '{session.title}' van {day_text(session.date)} verwijderen? "
            "Alle notities van deze sessie gaan verloren."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Verwijderen", no="Bewaren"), delete)
