"""The composition root: the services of one workspace, built once.

The CLI builds one `Services` per command, the app one per run (and the room server uses
the app's). Nothing else builds a session store, reads beraad.toml or routes.toml, or opens
the register: a screen or a command asks these services. Settings and method files are
read again when they change on disk, so a trainer's edit counts without a restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from beraad.files import file_stamp
from beraad.workspace import Workspace

if TYPE_CHECKING:
    from beraad.core.register import Register
    from beraad.core.sessions import OpenSessions
    from beraad.methods import Catalog
    from beraad.settings import Organisation, Route
    from beraad.store.sessions import SessionStore

Clock = Callable[[], float]
T = TypeVar("T")


class Settings:
    """beraad.toml and routes.toml of a workspace, each read again when its file changed.
    Reading raises beraad.errors.BeraadError with the file's own file:line message."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._organisation: tuple[object, Organisation] | None = None
        self._routes: tuple[object, list[Route]] | None = None

    def organisation(self) -> Organisation:
        from beraad import settings

        path = self.root / settings.ORGANISATION_FILE
        with self._lock:
            stamp = file_stamp(path)
            if self._organisation is None or self._organisation[0] != stamp:
                self._organisation = (stamp, _read("beraad.toml", lambda: settings.organisation(self.root)))
            return self._organisation[1]

    def routes(self) -> list[Route]:
        """The route map: the workspace's routes.toml, else the shipped example."""
        from beraad import settings

        path = self.root / settings.ROUTES_FILE
        with self._lock:
            stamp = file_stamp(path)
            if self._routes is None or self._routes[0] != stamp:
                self._routes = (stamp, _read("De routekaart", lambda: settings.routes(self.root).routes))
            return self._routes[1]

    def addressees(self) -> list[str]:
        return [route.addressee for route in self.routes()]


def _read(what: str, load: Callable[[], T]) -> T:
    from beraad import datafile
    from beraad.errors import BeraadError

    try:
        return load()
    except datafile.DataFileError as error:
        raise BeraadError(f"{what} is niet te gebruiken: {error}") from error


class Services:
    """Everything a screen, a command or the room server needs of one workspace."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Clock = time.monotonic,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.workspace = workspace
        self.clock = clock
        self.today = today
        self.now = now
        self.settings = Settings(workspace.root)
        self._catalog_lock = threading.Lock()
        self._catalog: tuple[object, Catalog] | None = None
        self._register_lock = threading.Lock()

    @cached_property
    def store(self) -> SessionStore:
        """The session files; every scan also brings their knelpunten into the register."""
        from beraad.store.sessions import SessionStore

        return SessionStore(self.workspace.sessions, on_scan=lambda seen: self.register.take_sessions(seen))

    @cached_property
    def sessions(self) -> OpenSessions:
        from beraad.core.sessions import OpenSessions

        return OpenSessions(self)

    def catalog(self) -> tuple[Catalog, bool]:
        """The method files, and whether they were (re)read by this call (so a caller can
        report broken files once). Read again when a file changed on disk."""
        from beraad import methods

        with self._catalog_lock:
            stamp = methods.stamp(self.workspace.methods)
            if self._catalog is not None and self._catalog[0] == stamp:
                return self._catalog[1], False
            self._catalog = (stamp, methods.catalog(self.workspace.methods))
            return self._catalog[1], True

    @cached_property
    def _register(self) -> Register:
        from beraad.core.register import Register

        return Register(self)

    @property
    def register(self) -> Register:
        """The knelpunten register (built on first use, in whatever thread asks first)."""
        with self._register_lock:
            return self._register

    def close(self) -> list[str]:
        """The one shutdown path: save and let go of every open session. Returns the Dutch
        messages of saves that failed (their notes are in recovery copies)."""
        if "sessions" not in self.__dict__:
            return []
        return self.sessions.close_all()
