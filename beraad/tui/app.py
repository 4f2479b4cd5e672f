"""The beraad app: wires the workspace, the method catalog and the store to the screens."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from beraad import methods
from beraad.model.session import Session
from beraad.store import SessionStore, StoreError
from beraad.tui.screens.home import HomeScreen
from beraad.tui.screens.new_session import NewSessionScreen
from beraad.tui.screens.session import SessionScreen
from beraad.workspace import Workspace


class BeraadApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "beraad"
    BINDINGS: ClassVar = [Binding("ctrl+q", "quit", "Afsluiten", priority=True)]

    def __init__(
        self,
        workspace: Workspace,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = SessionStore(workspace.sessions)
        self.clock = clock
        self.today = today
        self.catalog = methods.catalog(workspace.methods)
        self.problems = [f"Methodebestand niet te gebruiken: {broken.message}" for broken in self.catalog.broken]

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        for problem in self.problems:
            self.notify(problem, title="Methode", severity="warning", timeout=12, markup=False)
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for closing in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(closing, self.call_later, self.action_quit)

    # What screens ask of the app

    def scan_sessions(self) -> list[Session]:
        sessions, moved = self.store.scan()
        for item in moved:
            self.problems.append(item.message)
            self.notify(item.message, title="Bestand apart gezet", severity="warning", timeout=15, markup=False)
        return sessions

    def save_session(self, session: Session) -> bool:
        try:
            self.store.save(session)
        except StoreError as error:
            self.notify(str(error), title="Niet opgeslagen", severity="error", timeout=20, markup=False)
            return False
        return True

    def new_session(self) -> None:
        if not self.catalog.methods:
            self.notify("Er is geen bruikbare methode. Controleer de map methods/.", severity="error")
            return
        self.push_screen(NewSessionScreen())

    def start_session(self, session: Session) -> None:
        self.save_session(session)
        self.switch_screen(SessionScreen(session))

    def open_session(self, session_id: str) -> None:
        try:
            session = self.store.load(session_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(SessionScreen(session))

    def delete_session(self, session_id: str) -> None:
        self.store.delete(session_id)
        self.notify("De sessie is verwijderd.")

    async def action_quit(self) -> None:
        if isinstance(self.screen, SessionScreen):
            self.screen.action_save()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "commands", None)
        for title, help_text, callback in commands() if commands else []:
            yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)
