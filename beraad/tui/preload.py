"""The heavy modules, imported once in the background right after the first screen.

The overview paints before pydantic, the store and the core are imported (start-up). What
follows imports them: the scan of sessions in one thread, deduce's preparation in another,
a session opened by the facilitator in the app's own thread. Two threads importing the
same package for the first time at once can fail inside Python's import machinery
(`KeyError: 'beraad.model'`: a crash when Enter was pressed in the first second). So one
thread imports them all, first; every other first use waits until it is done.
"""

from __future__ import annotations

import importlib
import threading

MODULES = (
    "pydantic",
    "beraad.model.session",
    "beraad.methods",
    "beraad.store.sessions",
    "beraad.store.eventlog",
    "beraad.core.session",
    "beraad.core.sessions",
    "beraad.core.register",
    "beraad.core.lookback",
    "beraad.core.recovery",
    "beraad.anonymise.fast_deduce",
    "beraad.tui.screens.session",
    "beraad.tui.screens.new_session",
    "beraad.tui.screens.register",
    "beraad.tui.screens.dialogs",
)
WAIT_AT_MOST = 30.0  # seconds; an import that hangs longer is reported by the action itself


class Preload:
    def __init__(self) -> None:
        self._done = threading.Event()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None
        self.failed: BaseException | None = None

    def start(self) -> None:
        """Begin in a thread of its own (once; later calls do nothing)."""
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self.run, name="beraad-preload", daemon=True)
                self._thread.start()

    def run(self) -> None:
        """Import every module (in a worker thread); an import that fails is left for the
        code that needs it to report, in the words of what the user was doing."""
        try:
            for name in MODULES:
                importlib.import_module(name)
        except BaseException as error:
            self.failed = error
        finally:
            self._done.set()

    def wait(self) -> None:
        """Before the first use of a heavy module outside the preload's thread."""
        self.start()
        self._done.wait(WAIT_AT_MOST)

    @property
    def done(self) -> bool:
        return self._done.is_set()
