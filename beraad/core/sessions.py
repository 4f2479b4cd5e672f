"""The sessions open in this process: opened and started here, saved by one autosave,
closed by one shutdown path. Screens and the room server ask this service for an open
session; nobody finds one by walking the screen stack.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from beraad.core.session import OpenSession, Store

if TYPE_CHECKING:
    from beraad.core.services import Services
    from beraad.model.session import Session


class OpenSessions:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._open: list[OpenSession] = []
        self._lock = threading.Lock()

    def open(self, session_id: str, store: Store | None = None) -> OpenSession:
        """Open a stored session (read-only when another window has it); raises a Dutch
        BeraadError. The same session twice in one process is the same OpenSession."""
        with self._lock:
            for core in self._open:
                if core.session.id == session_id and core.store is (store or self.services.store):
                    return core
        core = OpenSession.open(store or self.services.store, session_id, self.services)
        self._add(core)
        return core

    def start(self, session: Session, store: Store | None = None) -> OpenSession:
        """A new session, written for the first time and held open here."""
        core = OpenSession.start(store or self.services.store, session, self.services)
        self._add(core)
        return core

    def _add(self, core: OpenSession) -> None:
        with self._lock:
            self._open.append(core)

    def all(self) -> list[OpenSession]:
        with self._lock:
            return list(self._open)

    def poll(self) -> None:
        """A few times a second: the autosave of every open session, and in a window that
        only reads along, what the other window saved. What changed reaches the listeners."""
        for core in self.all():
            core.poll()
            core.read_along()

    def close(self, core: OpenSession) -> bool:
        """Save one last time and let go; False (and still open) when that save failed."""
        if not core.close():
            return False
        self.forget(core)
        return True

    def release(self, core: OpenSession) -> None:
        """Let go without saving (the user chose to, after a failed save)."""
        core.release()
        self.forget(core)

    def forget(self, core: OpenSession) -> None:
        with self._lock:
            if core in self._open:
                self._open.remove(core)

    def close_all(self) -> list[str]:
        """The one shutdown path: save and let go of every open session. Returns the
        messages of those whose last save failed (they stay open, their notes in a copy)."""
        failed = []
        for core in self.all():
            try:
                if self.close(core):
                    continue
            except Exception as error:  # a shutdown never stops halfway
                from beraad.errors import with_log

                failed.append(with_log("Een sessie kon bij het afsluiten niet worden opgeslagen.", error, "close"))
                continue
            failed.append(core.failure.message if core.failure else "")
        return failed
