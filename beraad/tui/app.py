"""The beraad app: the screens over the services of one workspace (core/services.py).

Start-up imports only Textual and light modules: the first screen is up before
pydantic, the method files and the store are loaded (see bench/startup.py).
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from beraad.core.services import Services
from beraad.text import visible
from beraad.tui import compat
from beraad.tui.commands import Command, Palette, ScreenCommands, bindings, commands_of, dutch_textual_texts
from beraad.tui.executor import LeavingExecutor
from beraad.tui.messages import Synced
from beraad.tui.preload import Preload
from beraad.tui.screens.home import HomeScreen
from beraad.workspace import Workspace

if TYPE_CHECKING:
    from datetime import date

    from beraad.core.register import Register
    from beraad.core.session import OpenSession
    from beraad.methods import Catalog
    from beraad.model.session import Session
    from beraad.store.schema import Summary
    from beraad.store.sessions import SessionStore
    from beraad.tui.screens.session import SessionScreen

SHUTDOWN_GRACE = 1.5  # seconds a closing app may take once everything is saved
POLL_EVERY = 0.25  # seconds: the autosave of the open sessions
SYNC_EVERY = 300.0  # seconds: a paired workspace fetches the municipality's answers this often
SAID_KEPT = 200


TOAST_SECONDS: dict[SeverityLevel, float] = {"information": 4, "warning": 8, "error": 20}


MANY_PROBLEMS = 2  # more problems at once are summed up, not shown one by one


class BeraadApp(compat.QuietCrash, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "beraad"
    COMMANDS: ClassVar = {ScreenCommands}
    ACTIONS: ClassVar[list[Command]] = [
        Command("quit", "Afsluiten", "beraad afsluiten; alles is al opgeslagen", "ctrl+q", "", True),
        Command("help", "Toetsen", "Alle toetsen van dit scherm", "f1", "", False, False),  # in dialogs too
        # Shown by the footer in its own place on the right, with the binding's description.
        Command("command_palette", "Opdrachten", "Zoek een opdracht op naam", "ctrl+p", "", True, False),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ACTIONS)]
    # Screens without breakpoints of their own: below 100 columns the footer leaves out
    # Ctrl+P (F1 names it), so the keys of the screen fit.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (declared by App)

    def __init__(self, services: Services) -> None:
        super().__init__()
        dutch_textual_texts()
        self.services = services
        self.preload = Preload()
        self.last_sync: object = None  # the report of the last background sync (beraad.core.sync.Report)
        self.said: deque[str] = deque(maxlen=SAID_KEPT)  # every toast of this run, also those gone
        self.problems: list[str] = []
        self.crash_message: str | None = None
        self.parting_message: str | None = None  # printed in the terminal after a normal quit
        # (message, fraction) while deduce builds its lookup tables the first time
        self.anonymiser_progress: tuple[str, float | None] | None = None
        self._toasting: dict[tuple[str, str], float] = {}  # toasts still showing: (message, title) -> until

    @property
    def workspace(self) -> Workspace:
        return self.services.workspace

    @property
    def clock(self) -> Callable[[], float]:
        return self.services.clock

    @property
    def store(self) -> SessionStore:
        return self.services.store

    def today(self) -> date:
        return self.services.today()

    @property
    def catalog(self) -> Catalog:
        """The method files (first read in the background scan), read again when one of
        them changed on disk: a trainer's edit counts from the next session on. Broken
        files are said once, when they are read."""
        catalog, read = self.services.catalog()
        if read:
            self._report([f"Methodebestand niet te gebruiken: {b.message}" for b in catalog.broken], "Methode")
        return catalog

    def addressees(self) -> list[str]:
        """From the workspace's route map (routes.toml), or the shipped example."""
        from beraad.errors import BeraadError

        try:
            return self.services.settings.addressees()
        except BeraadError as error:
            self.notify(visible(str(error)), severity="warning", markup=False)
            return ["teamleider", "beleid", "management", "college / wethouder", "ombudsman", "VNG / NVVK / Rijk"]

    def _report(self, messages: list[str], title: str) -> None:
        """Problems found while reading (methods, session files): a few each in a toast;
        many in one toast that names the log where every one of them stands."""
        from beraad.errors import note

        self.problems += messages
        if len(messages) <= MANY_PROBLEMS:
            for message in messages:
                self.notify(visible(message), title=title, severity="warning", timeout=15, markup=False)
            return
        where = note(messages, title)
        self.notify(
            visible(
                f"{len(messages)} meldingen. De eerste: {messages[0]}" + (f" Alle staan in {where}." if where else "")
            ),
            title=title,
            severity="warning",
            timeout=20,
            markup=False,
        )

    def problem_summary(self) -> str:
        """For the overview: the problems in full when few, otherwise the first and a count."""
        from beraad.dutch import MESSAGE
        from beraad.errors import log_path

        if len(self.problems) <= MANY_PROBLEMS:
            return "\n".join(self.problems)
        rest = len(self.problems) - 1
        return f"{self.problems[0]}\nEn nog {MESSAGE(rest)}; alle staan in {log_path()}."

    def on_mount(self) -> None:
        self._loop_at_start = asyncio.get_running_loop()
        self._loop_at_start.set_default_executor(LeavingExecutor(thread_name_prefix="beraad"))  # quit never waits
        self.push_screen(HomeScreen())
        self.set_interval(POLL_EVERY, self._poll_sessions)
        self.call_after_refresh(self.preload.start)
        self.call_after_refresh(self._prepare_anonymiser)
        self.call_after_refresh(self.sync_register)
        self.set_interval(SYNC_EVERY, self._sync_now_and_then)
        if not self.is_headless:
            for closing in (signal.SIGHUP, signal.SIGTERM):
                signal.signal(closing, self._terminate)

    def _poll_sessions(self) -> None:
        if self.preload.done:  # nothing open before the core is imported
            self.services.sessions.poll()

    @work(thread=True, exclusive=True, group="anonymiser", exit_on_error=False)
    def _prepare_anonymiser(self) -> None:
        """On a new machine deduce builds its tables once (1-2 minutes): start that in the
        background after the first screen, so the first review does not wait for it."""
        self.preload.wait()
        from beraad.anonymise import fast_deduce

        if fast_deduce.cache_ready():
            return
        self.call_from_thread(
            self.notify,
            "beraad bereidt de anonimisering voor (eenmalig, 1-2 minuten). Je kunt gewoon beginnen.",
            title="Eerste start",
            timeout=10,
        )

        def progress(message: str, fraction: float | None) -> None:
            self.anonymiser_progress = (message, fraction)

        fast_deduce.ensure_cache(progress=progress)
        self.anonymiser_progress = None
        self.call_from_thread(self.notify, "De anonimisering is klaar voor gebruik.", title="Eerste start")

    @property
    def syncing(self) -> bool:
        """A sync with the municipality's server is under way (in a thread)."""
        return any(w.group == "sync" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    def _sync_now_and_then(self) -> None:
        if not self.syncing:  # one at a time: the timer never cuts a slow one short
            self.sync_register()

    def sync_now(self) -> bool:
        """A sync a person asked for ("Nu versturen"); False when one is already under way."""
        if self.syncing:
            return False
        self.sync_register(asked=True)
        return True

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_register(self, asked: bool = False) -> object:
        """Offline first: when the workspace is paired with the municipality's server, send
        what the team agreed and fetch the answers, in the background. Offline is no
        news (everything waits and goes later); an answer that came back, or something
        the server or the gate refused, is. Asked for by a person, it always says what it did."""
        self.preload.wait()
        from beraad.core import sync

        if sync.paired(self.services.register.log) is None:
            return None
        report = sync.sync_workspace(self.services)
        self.last_sync = report
        if asked and not (report.updated or report.blocked or report.refused):
            said = visible(" ".join(report.lines()))
            severity = "warning" if report.offline else "information"
            self.call_from_thread(self.notify, said, title="Knelpunten", severity=severity, timeout=10, markup=False)
        return report
        if report.updated:
            from beraad.dutch import BOTTLENECK

            self.call_from_thread(
                self.notify,
                f"Nieuws van de gemeente: {BOTTLENECK(report.updated)} bijgewerkt in het knelpuntenregister (k).",
                title="Knelpunten",
                timeout=10,
            )
        if report.blocked or report.refused:
            said = visible(" ".join(report.lines()))
            self.call_from_thread(self.notify, said, title="Knelpunten", severity="warning", timeout=20, markup=False)

    def _synced(self, report: object) -> None:
        for screen in self.screen_stack:
            screen.post_message(Synced(report))

    @on(Worker.StateChanged)
    def _background_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "sync" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            # after the worker ended, so a screen that reads `syncing` sees it done
            self._synced(event.worker.result if event.state == WorkerState.SUCCESS else None)
        if event.worker.group == "sync" and event.state == WorkerState.ERROR and event.worker.error:
            from beraad.errors import BeraadError, with_log

            error = event.worker.error
            message = (
                str(error)
                if isinstance(error, BeraadError)
                else with_log(
                    "Synchroniseren met de server van de gemeente lukte niet; er is niets verloren.", error, "sync"
                )
            )
            self.notify(visible(message), title="Knelpunten", severity="warning", timeout=20, markup=False)
            return
        if event.worker.group == "anonymiser" and event.state == WorkerState.ERROR and event.worker.error:
            self.anonymiser_progress = None
            error = event.worker.error
            from beraad.errors import BeraadError

            if isinstance(error, BeraadError):
                self.notify(visible(str(error)), severity="error", timeout=20, markup=False)
            else:
                self.report_crash(error, "De anonimisering kon niet worden voorbereid; de review probeert het opnieuw.")

    # What screens ask of the app

    def scan_sessions(self) -> list[Summary]:
        """The full check of sessions/ (runs in a thread): unreadable files are moved aside."""
        self.preload.wait()
        self.catalog  # noqa: B018 - load the methods too, while we are in the background
        summaries, problems = self.store.scan()
        self.call_from_thread(self._report, [p.message for p in problems], "Sessies")
        return summaries

    def register(self) -> Register:
        """The register of knelpunten (its rows are read in the background by whoever asks)."""
        return self.services.register

    def overdue_knelpunten(self) -> int:
        """How many knelpunten are late (runs in a thread after the scan); 0 when the register
        cannot be read (the register screen says why)."""
        from beraad.errors import BeraadError

        try:
            return self.register().overdue()
        except BeraadError:
            return 0

    def action_register(self) -> None:
        self.preload.wait()
        from beraad.tui.screens.register import RegisterScreen

        self.push_screen(RegisterScreen(self.register()))

    def new_session(self) -> None:
        self.preload.wait()
        if not self.catalog.methods:
            self.notify("Er is geen bruikbare methode. Controleer de map methods/.", severity="error")
            return
        from beraad.tui.screens.new_session import NewSessionScreen

        self.push_screen(NewSessionScreen())

    def start_session(self, session: Session) -> None:
        self.preload.wait()
        from beraad.errors import BeraadError
        from beraad.tui.screens.session import SessionScreen

        try:
            core = self.services.sessions.start(session)
        except (BeraadError, OSError) as error:
            self.notify(visible(_sentence(error)), title="Niet gestart", severity="error", timeout=20, markup=False)
            return
        self.switch_screen(SessionScreen(core))

    def open_session(self, session_id: str) -> None:
        self.preload.wait()
        from beraad.errors import BeraadError
        from beraad.tui.screens.session import SessionScreen

        try:
            core = self.services.sessions.open(session_id)
        except BeraadError as error:
            self.notify(visible(str(error)), severity="error", timeout=20, markup=False)
            return
        self.offer_left_behind(core, lambda: self.push_screen(SessionScreen(core)))

    def offer_left_behind(self, core: OpenSession, then: Callable[[], object]) -> None:
        """A recovery copy with notes the session file lacks is offered before going on
        (then): at opening, and when this window takes a session back after its lock went."""
        from beraad.tui.screens.dialogs import ConfirmScreen

        found = core.left_behind()
        if found is None:
            then()
            return
        copy, path = found
        question = (
            f"Er staat een herstelkopie van deze sessie van {copy.updated:%d-%m-%Y %H:%M}, met notities die niet "
            f"in de sessie staan ({path}). Terugzetten? Dan ga je verder met die notities; wat nu in de sessie "
            "staat, vervalt."
        )

        def answer(restore: bool | None) -> None:
            if restore:
                core.restore(copy, path)
                if core.failure is None:
                    self.notify("De notities uit de herstelkopie zijn teruggezet en opgeslagen.", timeout=8)
            else:
                self.notify(visible(f"De herstelkopie blijft staan: {path}"), timeout=20, markup=False)
            then()

        self.push_screen(ConfirmScreen(visible(question), yes="Terugzetten", no="Niet nu"), answer)

    def session_holder(self, session_id: str) -> str | None:
        self.preload.wait()
        from beraad.core.session import open_elsewhere

        return open_elsewhere(self.store, session_id)

    def delete_session(self, session_id: str) -> bool:
        self.preload.wait()
        from beraad.errors import BeraadError

        try:
            self.store.delete(session_id)
        except BeraadError as error:
            self.notify(visible(str(error)), severity="error", timeout=20, markup=False)
            return False
        self.notify("De sessie is verwijderd.")
        return True

    def leave_session(self, screen: SessionScreen) -> None:
        """Close a session screen: save and let go; if that save fails, ask first."""
        from beraad.tui.screens.dialogs import ConfirmScreen

        if self.services.sessions.close(screen.core):
            self._pop_to_home(screen)
            return
        failure = screen.core.failure
        question = (
            f"{failure.message if failure else ''} Toch terug naar het overzicht? De sessie blijft open "
            "in dit venster tot beraad afsluit."
        )

        def answer(leave: bool | None) -> None:
            if leave:
                self._pop_to_home(screen)

        self.push_screen(ConfirmScreen(question, yes="Terug", no="Blijven"), answer)

    def _pop_to_home(self, screen: SessionScreen) -> None:
        while self.screen is not screen and len(self.screen_stack) > 2:
            self.pop_screen()
        if self.screen is screen:
            self.pop_screen()

    # Keys and commands

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast, shown as long as its kind needs (a confirmation briefly, an error long
        enough to read), and not again while the same one is still showing."""
        if timeout is None:
            timeout = TOAST_SECONDS[severity]
        now = time.monotonic()
        # the app's list of toasts fills a moment later: several calls at once are caught here
        if self._toasting.get((message, title), 0.0) > now:
            return
        self._toasting = {key: until for key, until in self._toasting.items() if until > now}
        self._toasting[(message, title)] = now + timeout
        self.said.append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_next_field(self) -> None:
        """Tab: a completion shown in the field (an earlier team, an addressee) is taken, as
        the right arrow would, and the caret goes on to the next field."""
        from textual.widgets import Input

        focused = self.focused
        if isinstance(focused, Input) and focused.cursor_at_end and compat.suggestion_shown(focused):
            focused.action_cursor_right()
        self.action_focus_next()

    def get_key_display(self, binding: Binding) -> str:
        """Keys as beraad writes them everywhere (Ctrl+S, F1, Esc), not Textual's ^s."""
        from beraad.tui.commands import key_display

        return binding.key_display or key_display(binding.key)

    def action_help(self) -> None:
        from beraad.tui.screens.dialogs import HelpScreen

        screen = self.screen
        title = {"HomeScreen": "overzicht", "SessionScreen": "sessie", "ReviewScreen": "verslag"}.get(
            type(screen).__name__, "dit scherm"
        )
        keys = list(getattr(screen, "KEYS", []))
        if not commands_of(screen):  # a dialog: its own bindings, as its footer names them
            from beraad.tui.commands import KeyHelp, dutch_description

            by_what: dict[str, list[str]] = {}
            for bindings in compat.screen_bindings(screen):
                for b in bindings:
                    what = dutch_description(b.description)
                    shown = self.get_key_display(b)
                    wanted = what and b.key not in ("f1", "ctrl+q") and not b.key.startswith("super+")
                    if wanted and shown not in by_what.setdefault(what, []):
                        by_what[what].append(shown)
            keys += [KeyHelp(" / ".join(shown), what) for what, shown in by_what.items()]
        self.push_screen(HelpScreen(title, commands_of(screen), keys))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette())

    def action_help_quit(self) -> None:
        self.notify("Afsluiten doe je met Ctrl+Q; alles is al opgeslagen.", title="Afsluiten?")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return iter(())  # the palette lists beraad's own commands, in Dutch (see ScreenCommands)

    # Quitting and crashing: the notes are saved first, whatever screen is on top. One
    # path for all: the open sessions' service saves and lets go of every one of them.

    async def action_quit(self) -> None:
        """Ctrl+Q: everything saved is saved; a form with typing not yet kept (a new
        session, a knelpunt) asks first, as Esc on it does."""
        from beraad.tui.screens.dialogs import ConfirmScreen, Form

        if isinstance(self.screen, Form) and self.screen.has_typing():

            def anyway(leave: bool | None) -> None:
                if leave:
                    self.call_later(self._quit)

            question = "Wat je hier typte, is nog niet bewaard. Toch afsluiten?"
            self.push_screen(ConfirmScreen(question, yes="Afsluiten", no="Terug"), anyway)
            return
        await self._quit()

    async def _quit(self) -> None:
        from beraad.tui.screens.dialogs import ConfirmScreen

        failed = self.services.close()
        if not failed:
            self.exit(0)
            return
        question = f"{failed[0]} Toch afsluiten?"

        def answer(leave: bool | None) -> None:
            if leave:
                self.parting_message = failed[0]  # said again in the terminal
                for core in self.services.sessions.all():
                    self.services.sessions.release(core)
                self.exit(0)

        self.clear_notifications()  # the standing "niet opgeslagen" toast would cover the buttons
        self.push_screen(ConfirmScreen(question, yes="Afsluiten", no="Open laten"), answer)

    def _terminate(self, signum: int, frame: object) -> None:
        """The terminal closed (SIGHUP) or the system asks us to stop (SIGTERM): save and
        go, without questions. If closing hangs (a worker busy in a thread), leave anyway
        after a short grace: everything is on disk by then."""
        self._loop_at_start.call_soon_threadsafe(self._save_and_exit)
        compat.exit_soon(SHUTDOWN_GRACE)

    def _save_and_exit(self) -> None:
        self.services.close()
        self.exit(0)

    def on_crash(self, error: Exception) -> None:
        """An unexpected error ends the app (compat.QuietCrash calls this first): save the
        open sessions, put the detail in the log file, and leave a Dutch sentence."""
        from beraad.errors import with_log

        try:
            self.services.close()
        except Exception as closing:  # the crash message still gets out
            with_log("Opslaan bij het stoppen mislukte.", closing, "app")
        self.crash_message = with_log(f"beraad is onverwacht gestopt. {self.kept_where()}", error, "app")

    def kept_where(self) -> str:
        """Where the notes are, for the sentence after a crash (a preview keeps none)."""
        failed = [core.failure for core in self.services.sessions.all() if core.failure is not None]
        if failed and failed[0].recovery is not None:
            return f"De laatste notities konden niet in {self.workspace.sessions} worden opgeslagen; een kopie staat in {failed[0].recovery}."
        if failed:
            return f"De laatste notities konden niet worden opgeslagen; wat eerder bewaard is, staat in {self.workspace.sessions}."
        return f"Je notities zijn opgeslagen in {self.workspace.sessions}."

    def report_crash(self, error: BaseException, message: str) -> None:
        """A failure in the background that the app survives: a Dutch toast, detail in the log."""
        from beraad.errors import with_log

        self.notify(visible(with_log(message, error, "worker")), severity="error", timeout=20, markup=False)


def _sentence(error: Exception) -> str:
    from beraad.errors import os_failure

    if isinstance(error, OSError):
        return f"De sessie kon niet worden aangemaakt: {os_failure(error)}."
    return str(error)
