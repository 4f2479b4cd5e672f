"""Home: the sessions in this workspace, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from beraad.listing import Summary, quick_list

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp


class HomeScreen(Screen):
    BINDINGS: ClassVar = [
        Binding("n", "new", "Nieuwe sessie"),
        Binding("enter", "open", "Openen", priority=True),
        Binding("d,delete", "delete", "Verwijderen"),
        Binding("q", "app.quit", "Afsluiten", show=False),
    ]

    app: BeraadApp

    def __init__(self) -> None:
        super().__init__(id="home")
        self.sessions: list[Summary] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(
            "Moreel beraad: kies een sessie en druk op Enter, of begin met N een nieuwe sessie.",
            id="intro",
        )
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty")
        yield Static(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.app.workspace.root)
        self.query_one(DataTable).add_columns("Datum", "Titel", "Methode", "Status", "Waar")
        # First paint from a quick look; the full check (and quarantine) follows in a
        # thread once the screen is up (on_screen_resume also runs when first shown).
        self.show(quick_list(self.app.workspace.sessions))

    def on_screen_resume(self) -> None:
        self.call_after_refresh(self.refresh_sessions)

    def commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Nieuwe sessie", "Begin een nieuw moreel beraad", self.action_new),
            ("Sessie openen", "Ga verder met de gekozen sessie", self.action_open),
            ("Sessie verwijderen", "Verwijder de gekozen sessie (met bevestiging)", self.action_delete),
        ]

    @work(thread=True, exclusive=True, group="scan")
    def refresh_sessions(self) -> None:
        summaries = self.app.scan_sessions()
        self.app.call_from_thread(self.show, summaries)

    def show(self, sessions: list[Summary]) -> None:
        self.sessions = sessions
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for session in sessions:
            table.add_row(
                f"{session.date:%d-%m-%Y}",
                Text(session.title),
                Text(session.method),
                session.status,
                Text(session.where),
                key=session.id,
            )
        if sessions:
            table.move_cursor(row=min(keep, len(sessions) - 1))
        empty = "" if sessions else "Nog geen sessies in deze map. Druk op N om te beginnen."
        self.query_one("#empty", Static).update(empty)
        self.query_one("#problems", Static).update(Text("\n".join(self.app.problems)))
        table.focus()

    def _selected(self) -> Summary | None:
        if not self.sessions:
            return None
        return self.sessions[self.query_one(DataTable).cursor_row]

    def action_new(self) -> None:
        self.app.new_session()

    def action_open(self) -> None:
        session = self._selected()
        if session is not None:
            self.app.open_session(session.id)

    def action_delete(self) -> None:
        from beraad.tui.screens.confirm import ConfirmScreen

        session = self._selected()
        if session is None:
            return

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self.app.delete_session(session.id)
                self.refresh_sessions()

        question = (
            f"Sessie '{session.title}' van {session.date:%d-%m-%Y} verwijderen? "
            "Alle notities van deze sessie gaan verloren."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Verwijderen", no="Bewaren"), delete)
