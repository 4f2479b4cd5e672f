"""The session screen: the rounds, the current round's capture fields, guidance and time.

It shows what the open session (beraad.core) says and passes every edit and action on
to it; it keeps no domain state of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.core.register import FlagHelp
from beraad.core.session import Change, OpenSession
from beraad.errors import BeraadError
from beraad.model.bottleneck import Bottleneck
from beraad.model.method import ParticipantFormField
from beraad.model.session import Cursor
from beraad.text import visible
from beraad.tui.commands import FIELD_KEYS, FOCUS_KEYS, Command, KeyHelp, bindings
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import ConfirmScreen
from beraad.tui.show import shown
from beraad.tui.widgets.capture import Capture, LookBackCapture, ParticipantForms, Place, capture_for
from beraad.tui.widgets.clock import RoundClock

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

POLL_EVERY = 0.25  # seconds: the clock on screen and where the caret is
NEXT_STEP = (
    "De sessie is afgerond. De volgende stap is het verslag: je bekijkt wat de anonimisering vervangt, "
    "het team stelt het vast en je exporteert het. Verslag maken (Ctrl+E)? Dat kan ook later, vanuit het "
    "overzicht (v) of de sessie."
)


class Changed(Message):
    """The open session changed (by this screen, another window or a phone in the room)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class SessionScreen(Screen[None]):
    ACTIONS: ClassVar[list[Command]] = [
        Command(
            "next_step", "Volgende ronde", "Naar de volgende stap; op de laatste: afronden", "ctrl+n", "Volgende", True
        ),
        # out of the footer (at 80 columns the keys with "Ctrl+" fit five): F1 and Ctrl+G name it
        Command("previous_step", "Vorige ronde", "Terug naar de vorige stap", "ctrl+b", "", True),
        Command("steps", "Ga naar ronde…", "Kies een stap uit de lijst", "ctrl+g", "Rondes", True),
        Command("flag", "Knelpunt markeren", "Leg een structureel knelpunt vast", "ctrl+k", "Knelpunt", True),
        Command("report", "Verslag", "Review, vaststellen en exporteren", "ctrl+e", "Verslag", True),
        Command("bottlenecks", "Knelpunten bekijken", "Bewerken of verwijderen", "ctrl+l", "", True),
        Command(
            "next_participant",
            "Volgende deelnemer",
            "In de persoonlijke afweging: naar wie nog niet aan de beurt was",
            "ctrl+o",
            "",
            True,
        ),
        Command("toggle_timer", "Timer pauzeren of hervatten", "De klok van deze ronde", "ctrl+t", "", True),
        Command("save", "Opslaan", "Nu opslaan (beraad slaat ook vanzelf op)", "ctrl+s", "", True),
        Command("take_over", "Bewerken overnemen", "Als het andere venster dicht is", "ctrl+w", "Overnemen", True),
        Command("room", "Teamscherm en telefoons", "Beamer en schrijfronde", "f2", "", True),
        Command("finish", "Sessie afronden", "Markeer de sessie als afgerond"),
        Command("home", "Naar het overzicht", "Terug naar de lijst met sessies", "escape"),
        Command("app.help", "Toetsen", "Alle toetsen van dit scherm", "f1", "Hulp", True),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(ACTIONS),
        *FOCUS_KEYS,
        Binding("ctrl+down", "scroll_guide(1)", "Vragen verder lezen", show=False),
        Binding("ctrl+up", "scroll_guide(-1)", "Vragen terug lezen", show=False),
    ]
    KEYS: ClassVar = [
        *FIELD_KEYS,
        KeyHelp("Enter", "in een tabel: volgende cel; na de laatste cel een nieuwe rij"),
        KeyHelp("Ctrl+R", "een rij erbij in een tabel, het dilemma of de acties"),
        KeyHelp("F3", "een cel van een tabel, het dilemma of de acties groot bewerken"),
        KeyHelp("Ctrl+PgDn/PgUp", "volgende / vorige rijen van een lange tabel"),
        KeyHelp("Ctrl+↓/↑", "de vragen en aandachtspunten rechts verder / terug lezen"),
        KeyHelp("g / Spatie", "in de terugblik: een actie van de vorige keer is gedaan (nog eens: toch niet)"),
    ]
    # The notes get the width: the list of rounds stays docked only on a very wide screen
    # (Ctrl+G shows it otherwise), and tables show each row as a block where it is narrow.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (170, "-widest")]  # noqa: RUF012 (declared by Screen)
    DEFAULT_CSS = """
    SessionScreen #topbar { height: 1; background: $panel; }
    SessionScreen #where { width: 1fr; padding: 0 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    SessionScreen #read-only { width: auto; padding: 0 1; background: $warning; color: $text; display: none; }
    SessionScreen.-read-only #read-only { display: block; }
    SessionScreen #body { height: 1fr; }
    SessionScreen #steps { width: 28; height: 100%; border: none; display: none; }
    SessionScreen.-widest #steps { display: block; }
    SessionScreen.-show-steps #steps { display: block; }
    SessionScreen #capture { width: 1fr; padding: 0 1; }
    SessionScreen #guide { width: 30; padding: 0 1; background: $boost; }
    SessionScreen.-wide #guide { width: 40; }
    SessionScreen.-widest #guide { width: 50; }
    SessionScreen .step-goal { color: $text-muted; }
    SessionScreen.-narrow RowsEditor.-table .rows-header { display: none; }
    SessionScreen.-narrow RowsEditor.-table .row { layout: grid; grid-size: 2; grid-columns: 12 1fr; grid-rows: auto; }
    SessionScreen.-narrow RowsEditor.-table .row-title, SessionScreen.-narrow RowsEditor.-table .cell-label {
        display: block;
    }
    SessionScreen.-narrow RowsEditor.-table .cell { width: 1fr; margin-right: 0; }
    """

    app: BeraadApp
    step_id: reactive[str] = reactive("", init=False)
    read_only: reactive[bool] = reactive(False, init=False)

    def __init__(self, core: OpenSession) -> None:
        super().__init__()
        self.core = core
        self._shown_failure: str | None = None
        self._fields_stale = False  # changed while a dialog lay over the round (see _show_fields)
        self._offered_take_over = False  # read along: "the other window let go" is said once
        self._showing = asyncio.Lock()  # one rebuild of the fields at a time (a key and a change may meet)
        self.fields_shown = asyncio.Event()  # set once the first round's fields are on screen

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="where")
            yield Static("alleen meelezen", id="read-only")
            yield RoundClock(id="clock")
        with Horizontal(id="body"):
            yield OptionList(id="steps")
            # Neither scroll area is a stop for Tab: a key typed there would be lost.
            yield VerticalScroll(id="capture", can_focus=False)
            yield VerticalScroll(Static(id="guidance"), id="guide", can_focus=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.set_interval(POLL_EVERY, self.poll)
        self._unlisten = self.core.listen(self._on_change)
        self.read_only = self.core.read_only
        try:
            await self._show_current_step()
        finally:
            self.fields_shown.set()
        if self.core.read_only:
            tell(self, self._read_only_message(), "warning")
        elif self.core.approved_as_is:
            version = len(self.core.session.approvals)
            tell(
                self,
                f"Het verslag van deze sessie is vastgesteld (versie {version}). Wat je nu verandert, wordt een "
                f"concept van versie {version + 1}; versie {version} blijft zoals ze is.",
                "information",
            )

    def action_room(self) -> None:
        from beraad.tui.rooms import room_of
        from beraad.tui.screens.room import RoomScreen

        if self.core.read_only:
            tell(self, self._read_only_message(), "warning")
            return
        self.collect()
        self.app.push_screen(RoomScreen(self.core, room_of(self.app, self.core)))

    def _read_only_message(self) -> str:
        if self.core.why_read_only:  # a read-only workspace, or a lock that was taken away
            return self.core.why_read_only
        holder = self.core.in_use_by
        where = holder.describe() if holder else "in een ander venster"
        return (
            f"Deze sessie is al open in een ander venster ({where}). Je kijkt hier alleen mee: wat je hier "
            "doet wordt niet bewaard. Sluit het andere venster en druk dan op Ctrl+W om het bewerken over te nemen."
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_over":
            return self.core.read_only
        return not (self.core.read_only and action in ("flag", "toggle_timer", "save", "finish"))

    # What the screen shows follows the session

    def watch_step_id(self) -> None:
        """Where we are, the list of rounds, the guidance and the clock follow the round."""
        session = self.core.session
        step, method = session.step, session.method
        number = method.round_number(step.id)
        where = f"Ronde {number}/{method.round_count}: " if number else ""
        self.query_one("#where", Static).update(shown(f"{where}{step.title}  ·  {session.title}"))
        self._show_steps()
        self._show_guidance()
        self._show_time()

    async def _show_current_step(self) -> None:
        """After a move: the reactive parts follow step_id; the fields are rebuilt here and
        awaited, so keys typed right after Ctrl+N land in the new round's first field."""
        self.step_id = self.core.session.current_step
        await self._show_fields()

    def watch_read_only(self, read_only: bool) -> None:
        self.set_class(read_only, "-read-only")
        self.refresh_bindings()

    def on_unmount(self) -> None:
        self._unlisten()

    def _on_change(self, change: Change) -> None:
        """Told by the open session after every change, on whatever thread made it; what
        the screen must show again is done in its own turn (Changed)."""
        if change.what == "closing":
            self.collect()  # now, on the app's thread, before the last save
        elif change.by != "tui" or change.what in ("saved", "save_failed", "reloaded"):
            self.post_message(Changed(change))

    @on(Changed)
    async def _changed(self, event: Changed) -> None:
        change = event.change
        if change.what in ("saved", "save_failed"):
            self._show_save_state()
        elif change.what == "read_only" and not self.read_only:  # the lock was taken away: no more writing here
            self.read_only = True
            await self._show_current_step()  # read-only fields: what is on screen is what is kept
            self.app.notify(
                visible(self._read_only_message()),
                title="Niet meer opgeslagen",
                severity="error",
                timeout=60,
                markup=False,
            )
        elif change.what == "reloaded":
            await self._show_current_step()
        elif change.what == "edit" and change.step_id == self.core.session.current_step:
            # the facilitator's own typing first; then what another writer put there (a revealed
            # write-first round), which the widgets of that very field only show an older value of
            self.collect(but=change.field_id)
            await self._show_fields()

    async def poll(self) -> None:
        """A few times a second: where the cursor is and the clock; in a window that only
        reads along, whether the other window let go."""
        self._track_cursor()
        if self.core.writer_gone() and not self._offered_take_over:
            self._offered_take_over = True
            tell(
                self,
                "Het andere venster heeft de sessie losgelaten. Druk op Ctrl+W om hier verder te werken.",
                "information",
            )
        self._show_time()

    def on_key(self, event: events.Key) -> None:
        """Typing in a window that only reads along is not kept: say so, instead of nothing."""
        if self.core.read_only and event.is_printable:
            when = "" if self.core.why_read_only else " zodra het andere venster dicht is"
            take_over = "" if self.core.disk_read_only else f" Ctrl+W neemt het bewerken over{when}."
            tell(self, f"Alleen meelezen: wat je hier typt, wordt niet bewaard.{take_over}", "warning")

    def _show_save_state(self) -> None:
        failure = self.core.failure
        message = failure.message if failure else None
        if message and message != self._shown_failure:
            what_now = " Je notities staan nog in beeld; los het op en druk op Ctrl+S om opnieuw op te slaan."
            self.app.notify(
                visible(message + what_now), title="Niet opgeslagen", severity="error", timeout=30, markup=False
            )
        elif not message and self._shown_failure:
            self.app.notify("Weer opgeslagen; er is niets verloren.", title="Opgeslagen")
        self._shown_failure = message

    # Moving through the method

    async def action_next_step(self) -> None:
        self.collect()
        if self._attempt(self.core.next_step) is False:
            self.action_finish()
        await self._show_current_step()

    async def action_previous_step(self) -> None:
        self.collect()
        self._attempt(self.core.previous_step)
        await self._show_current_step()

    def _go(self, step_id: str) -> bool:
        self.core.go_to(step_id)
        return True

    def _attempt(self, action: Callable[[], bool]) -> bool | None:
        try:
            return action()
        except BeraadError as error:
            tell(self, str(error))
            return None

    def action_steps(self) -> None:
        """Ctrl+G: to the list of rounds; pressed again, back to the field (so what is
        typed next never goes to a list that is no longer shown)."""
        steps = self.query_one("#steps", OptionList)
        if self.focused is steps:  # set at once; has_focus follows a moment later
            self.remove_class("-show-steps")
            self._place_focus(list(self.query(Capture)))
            return
        self.add_class("-show-steps")
        self.set_focus(steps)  # at once, like _place_focus: the next key may already be queued

    @on(OptionList.OptionSelected, "#steps")
    async def _step_chosen(self, event: OptionList.OptionSelected) -> None:
        self.remove_class("-show-steps")
        chosen = event.option.id
        if chosen:
            self.collect()
            self._attempt(lambda: self._go(chosen))
            await self._show_current_step()

    @user_errors
    def action_finish(self) -> None:
        if self.core.read_only:
            return

        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self.collect()
                self.core.finish()
                self.app.push_screen(ConfirmScreen(NEXT_STEP, yes="Verslag maken", no="Naar het overzicht"), next_step)

        def next_step(report: bool | None) -> None:
            if report:
                self.action_report()
            else:
                self.app.leave_session(self)

        self.app.push_screen(ConfirmScreen("Sessie afronden? Je kunt de notities daarna nog steeds aanvullen."), finish)

    def action_home(self) -> None:
        """Esc: out of the list of rounds back to the fields; otherwise to the overview."""
        steps = self.query_one("#steps", OptionList)
        if self.has_class("-show-steps") or steps.has_focus:
            self.remove_class("-show-steps")
            self._place_focus(list(self.query(Capture)))
            return
        self.collect()
        self.app.leave_session(self)

    async def action_take_over(self) -> None:
        other_window = self.core.why_read_only is None  # else the lock went, or the disk was full
        if self._attempt(self.core.take_over):
            self.read_only = False
            await self._show_current_step()
            self.app.clear_notifications()  # what they said about the other window or the lock is over
            said = (
                "Alles wat het andere venster bewaarde, staat in beeld."
                if other_window
                else "Wat in beeld staat, wordt weer bewaard."
            )
            tell(self, f"Je bewerkt de sessie nu hier. {said}", "information")
            # typing kept in a recovery copy when the lock went, which another window's
            # save may not hold: offered, never dropped with the reload
            self.call_after_refresh(self.app.offer_left_behind, self.core, lambda: None)  # once the round is drawn
        else:
            tell(self, self._read_only_message(), "warning")

    # Knelpunten and the verslag

    async def action_flag(self) -> None:
        self.collect()
        await self.edit_bottleneck(self.core.draft_bottleneck())

    async def edit_bottleneck(self, bottleneck: Bottleneck) -> None:
        """The form, awaited until it is mounted with its title focused: Ctrl+K is a priority
        key, so what is typed right after it waits for the form instead of going nowhere."""
        from beraad.tui.screens.bottleneck import BottleneckForm, action_texts

        title = self.core.step_title(bottleneck.step_id)
        actions = action_texts(self.core.session)
        form = BottleneckForm(bottleneck, self.app.addressees(), title, self._flag_help, actions)
        await self.app.push_screen(form, self._keep_bottleneck)

    def _flag_help(self) -> FlagHelp:
        """Earlier knelpunten and the route map, for the form (runs in a worker)."""
        return FlagHelp.of(self.app.register(), self.core.session.id)

    @user_errors
    def _keep_bottleneck(self, result: Bottleneck | None) -> None:
        if result is not None:
            self.core.keep_bottleneck(result)
            self.app.notify(f"Knelpunt bewaard: {visible(result.title)}", markup=False)

    def action_bottlenecks(self) -> None:
        from beraad.tui.screens.bottleneck import BottleneckList

        self.collect()
        self.app.push_screen(BottleneckList(self.core, self.app.addressees(), self._flag_help))

    def action_report(self) -> None:
        from beraad.tui.screens.review import ReviewScreen

        self.collect()
        self.core.save()
        self.app.push_screen(ReviewScreen(self.core))

    # Capturing and saving

    @on(Capture.Edited)
    @user_errors
    def _edited(self, event: Capture.Edited) -> None:
        capture = event.capture
        approved = self.core.approved_as_is
        self._track_cursor()  # the caret saved with the text it is in, never a moment behind it
        if self.core.edit(capture.step_id, capture.field.id, event.value):
            self._show_steps()
        if approved and not self.core.approved_as_is:
            version = len(self.core.session.approvals)
            tell(self, f"Dit is nu een concept van versie {version + 1} van het verslag.", "warning")

    def collect(self, but: str = "") -> None:
        """Take what the facilitator typed, also edits whose message is still on its way;
        a field nobody typed in here keeps what another writer (a phone) may have put there,
        and so does the field `but`, which another writer just changed."""
        if self.core.read_only:
            return
        for capture in self.query(Capture):
            if capture.typed_in and capture.field.id != but:
                self.core.edit(capture.step_id, capture.field.id, capture.value)
        self._track_cursor()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._track_cursor()

    def _track_cursor(self) -> None:
        widget = self.focused
        capture = _capture_of(widget)
        if widget is None or capture is None or capture.step_id != self.core.session.current_step:
            return
        place = capture.place_of(widget)
        self.core.set_cursor(
            Cursor(
                step=capture.step_id,
                field=capture.field.id,
                participant=place.participant,
                row=place.row,
                column=place.column,
                caret=place.caret,
                new=place.new,
            )
        )

    @user_errors
    def action_save(self) -> None:
        self.collect()
        self.core.save()
        self._show_save_state()

    def action_next_participant(self) -> None:
        forms = self.query(ParticipantForms)
        if forms:
            forms.first().action_next_participant()
        else:
            tell(
                self,
                "Ctrl+O werkt in de persoonlijke afweging: daar gaat het naar de volgende deelnemer.",
                "information",
            )

    def action_scroll_guide(self, direction: int) -> None:
        self.query_one("#guide", VerticalScroll).scroll_relative(y=direction * 5, animate=False)

    # Time

    @user_errors
    def action_toggle_timer(self) -> None:
        self.core.toggle_timer()
        self._show_time()

    def _show_time(self) -> None:
        session, step = self.core.session, self.core.session.step
        clock = self.query_one(RoundClock)
        clock.planned = step.minutes * 60
        clock.elapsed = session.step_elapsed(step.id)
        clock.total = session.total_elapsed
        clock.planned_total = session.method.planned_minutes * 60
        clock.running = self.core.clock_runs
        clock.finished = session.status == "afgerond"

    # Showing the current step

    async def _show_fields(self) -> None:
        if not self.is_current:
            # a dialog lies over the round (a recovery copy offered, a knelpunt form): fields
            # mounted under it would be drawn before they are styled; rebuilt on return
            self._fields_stale = True
            return
        self._fields_stale = False
        async with self._showing:
            await self._rebuild_fields()

    async def on_screen_resume(self) -> None:
        if self._fields_stale:
            await self._show_fields()

    async def _rebuild_fields(self) -> None:
        session = self.core.session
        step = session.step
        capture = self.query_one("#capture", VerticalScroll)
        await capture.remove_children()
        heading = Static(shown(step.title), classes="step-title")
        goal = Static(shown(step.goal), classes="step-goal")
        cursor = session.cursor if session.cursor is not None and session.cursor.step == step.id else None
        widgets = [
            capture_for(
                step.id,
                f,
                session.value(step.id, f.id),
                session.turn_order if isinstance(f, ParticipantFormField) else session.participants,
                self.core.read_only,
                _place(cursor) if cursor is not None and cursor.field == f.id else None,
                session.date,
            )
            for f in step.fields
        ]
        await capture.mount(heading, goal, *widgets)
        self._place_focus(widgets)
        if any(isinstance(w, LookBackCapture) for w in widgets):
            if self.core.keeps_history:
                self._look_back()
            else:  # a dry run has no team and no history: never read (or write) the register for it
                self._show_look_back(["In een proefweergave is er geen vorige sessie om op terug te kijken."])

    @work(thread=True, exclusive=True, group="look-back", exit_on_error=False)
    def _look_back(self) -> None:
        """The team's previous session and knelpunten, read in the background."""
        from beraad.core.lookback import look_back

        found: Any
        try:
            found = look_back(self.app.services, self.core.session)
        except BeraadError as error:
            found = [f"De terugblik is nu niet te maken: {error}"]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_look_back, found)

    @on(Worker.StateChanged)
    def _look_back_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "look-back" and event.state == WorkerState.ERROR and event.worker.error:
            from beraad.errors import with_log

            self._show_look_back([with_log("De terugblik is nu niet te maken.", event.worker.error, "look-back")])

    def _show_look_back(self, found: Any) -> None:
        """found: the core's look back, or lines that say why there is none."""
        for capture in self.query(LookBackCapture):
            if capture.is_mounted and capture.query(".look-back"):  # the round may have changed meanwhile
                capture.show(found)

    @on(LookBackCapture.Done)
    @user_errors
    def _marked_done(self, event: LookBackCapture.Done) -> None:
        self.core.mark_done(event.action, event.done)

    def _place_focus(self, captures: list[Capture]) -> None:
        """The caret where it was in this step, or in the first field of the step."""
        cursor = self.core.session.cursor
        target: Widget | None = None
        place: Place | None = None
        if cursor is not None and cursor.step == self.step_id:
            capture = next((c for c in captures if c.field.id == cursor.field), None)
            if capture is not None:
                place = _place(cursor)
                target = capture.widget_at(place)
        if target is None:
            target = next((w for c in captures if (w := c.widget_at(Place())) is not None), None)
            place = None
        if target is None:
            return
        owner = _capture_of(target)
        if owner is not None:
            owner.reveal(target)
        self.set_focus(target, scroll_visible=False)  # at once: keys already queued must land here
        if place is not None and owner is not None:
            owner.put_caret(target, place)
        self.call_after_refresh(target.scroll_visible, animate=False)

    def _show_steps(self) -> None:
        steps = self.query_one("#steps", OptionList)
        session = self.core.session
        method, current = session.method, session.current_step
        options = []
        for step in method.steps:
            number = method.round_number(step.id)
            mark = "▶" if step.id == current else ("✓" if session.is_filled(step.id) else " ")
            label = shown(f"{mark} {number or '·'} {step.title}", "bold" if step.id == current else "")
            options.append(Option(label, id=step.id))
        steps.clear_options()
        steps.add_options(options)
        steps.highlighted = method.index(current)

    def _show_guidance(self) -> None:
        session, step = self.core.session, self.core.session.step
        text = Text()
        text.append(f"{step.minutes} minuten\n", style="dim")
        sections = [("Vragen", step.prompts), ("Let op", step.nudges)]
        if step.id == session.method.steps[0].id:
            sections.append(("Spelregels", session.method.ground_rules))
        if step.write_first:
            sections.append(("Eerst schrijven", ["Laat iedereen op de telefoon schrijven: F2, dan s."]))
        if step.kind == "kader":
            people = [
                p.label + (" (casusinbrenger)" if p.id == session.case_presenter else "") for p in session.participants
            ]
            sections.append(("Deelnemers", people))
        for heading, lines in sections:
            if lines:
                text.append(f"\n{heading}\n", style="bold")
                for line in lines:
                    text.append(f"• {visible(line)}\n")
        self.query_one("#guidance", Static).update(text)


def _place(cursor: Cursor) -> Place:
    return Place(cursor.participant, cursor.row, cursor.column, cursor.caret, cursor.new)


def _capture_of(widget: Widget | None) -> Capture | None:
    if widget is None:
        return None
    return next((a for a in widget.ancestors if isinstance(a, Capture)), None)
