"""The beraad app: wires the workspace, the method catalog and the store to the screens."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from beraad.listing import Summary
from beraad.tui.screens.home import HomeScreen
from beraad.workspace import Workspace

if TYPE_CHECKING:
    from beraad.methods import Catalog
    from beraad.model.session import Session
    from beraad.store import SessionStore

# Start-up imports only Textual and the light modules above: the first screen is up
# before pydantic, the method files and the store are loaded (see bench/startup.py).


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
        self.clock = clock
        self.today = today
        self.problems: list[str] = []
        self._loading = threading.Lock()

    @cached_property
    def store(self) -> SessionStore:
        from beraad.store import SessionStore

        return SessionStore(self.workspace.sessions)

    @property
    def catalog(self) -> Catalog:
        """The method files, loaded once (in the background scan, or when first needed)."""
        with self._loading:
            if "_catalog" not in self.__dict__:
                from beraad import methods

                catalog = methods.catalog(self.workspace.methods)
                self.__dict__["_catalog"] = catalog
                self._report([f"Methodebestand niet te gebruiken: {b.message}" for b in catalog.broken], "Methode")
        return self.__dict__["_catalog"]

    def addressees(self) -> list[str]:
        """From the workspace's route map (routes.toml), or the shipped example."""
        from beraad import datafile, settings

        try:
            return [route.addressee for route in settings.routes(self.workspace.root).routes]
        except datafile.DataFileError as error:
            self.notify(f"Routekaart niet te gebruiken: {error}", severity="warning", markup=False)
            return ["teamleider", "beleid", "management", "college / wethouder", "ombudsman", "VNG / NVVK / Rijk"]

    def _report(self, messages: list[str], title: str) -> None:
        for message in messages:
            self.problems.append(message)
            self.notify(message, title=title, severity="warning", timeout=15, markup=False)

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for closing in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(closing, self.call_later, self.action_quit)

    # What screens ask of the app

    def scan_sessions(self) -> list[Summary]:
        """The full check of sessions/ (runs in a thread): unreadable files are moved aside."""
        self.catalog  # noqa: B018 - load the methods too, while we are in the background
        try:
            sessions, moved = self.store.scan()
        except OSError as error:
            message = f"De map {self.workspace.sessions} kan niet worden gelezen ({error.strerror})."
            self.call_from_thread(self.notify, message, severity="error", timeout=20, markup=False)
            return []
        self._report([item.message for item in moved], "Bestand apart gezet")
        return [Summary.of(session.to_data()) for session in sessions]

    def save_session(self, session: Session) -> bool:
        from beraad.store import StoreError

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
        from beraad.tui.screens.new_session import NewSessionScreen

        self.push_screen(NewSessionScreen())

    def start_session(self, session: Session) -> None:
        from beraad.tui.screens.session import SessionScreen

        self.save_session(session)
        self.switch_screen(SessionScreen(session))

    def open_session(self, session_id: str) -> None:
        from beraad.store import StoreError
        from beraad.tui.screens.session import SessionScreen

        try:
            session = self.store.load(session_id)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(SessionScreen(session))

    def delete_session(self, session_id: str) -> None:
        self.store.delete(session_id)
        self.notify("De sessie is verwijderd.")

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app: save the open session first."""
        save = getattr(self.screen, "action_save", None)
        if save is not None:
            with contextlib.suppress(Exception):  # the original error is the one to report
                save()
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        save = getattr(self.screen, "action_save", None)
        if save is not None:
            save()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "commands", None)
        for title, help_text, callback in commands() if commands else []:
            yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)
