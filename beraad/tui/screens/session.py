"""The session screen: the rounds, the current round's capture fields, guidance and time."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from beraad.model.bottleneck import Bottleneck
from beraad.model.session import Session, format_clock
from beraad.tui.keys import FOCUS_KEYS
from beraad.tui.screens.confirm import ConfirmScreen
from beraad.tui.widgets.capture import Capture, capture_for

if TYPE_CHECKING:
    from beraad.tui.app import BeraadApp

AUTOSAVE_DELAY = 0.5  # seconds after the last keystroke; the promise is "within 1 second"
TIMER_SAVE_EVERY = 15.0  # seconds of running time between saves of the clock alone


class SessionScreen(Screen):
    BINDINGS: ClassVar = [
        Binding("ctrl+n", "next_step", "Volgende", priority=True),
        Binding("ctrl+b", "previous_step", "Vorige", priority=True),
        Binding("ctrl+g", "steps", "Rondes"),
        Binding("ctrl+t", "toggle_timer", "Pauze"),
        Binding("ctrl+k", "flag", "Knelpunt", priority=True),
        Binding("ctrl+l", "bottlenecks", "Knelpunten"),
        Binding("ctrl+e", "report", "Verslag", priority=True),
        Binding("ctrl+s", "save", "Opslaan"),
        Binding("escape", "home", "Overzicht"),
        *FOCUS_KEYS,
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (110, "-wide")]
    CSS_PATH = "../session.tcss"

    app: BeraadApp

    def __init__(self, session: Session) -> None:
        super().__init__(id="session-screen")
        self.session = session
        self._pending_save: Timer | None = None
        self._last_tick = 0.0
        self._last_save = 0.0

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="where")
            yield Static(id="clock")
        with Horizontal(id="body"):
            yield OptionList(id="steps")
            yield VerticalScroll(id="capture")
            yield VerticalScroll(Static(id="guidance"), id="guide")
        yield Footer()

    async def on_mount(self) -> None:
        self._last_tick = self._last_save = self.app.clock()
        self.set_interval(1.0, self._tick)
        await self._show_step(restore_cursor=True)

    # Commands (also in the command palette)

    def commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Volgende ronde", "Ga naar de volgende stap van de methode", self.action_next_step),
            ("Vorige ronde", "Ga terug naar de vorige stap", self.action_previous_step),
            ("Ga naar ronde…", "Kies een stap uit de lijst", self.action_steps),
            ("Timer pauzeren of hervatten", "De klok van deze ronde", self.action_toggle_timer),
            ("Opslaan", "Nu opslaan (beraad slaat ook vanzelf op)", self.action_save),
            ("Knelpunt markeren", "Leg een structureel knelpunt vast (Ctrl+K)", self.action_flag),
            ("Knelpunten bekijken", "Bewerk of verwijder gemarkeerde knelpunten (Ctrl+L)", self.action_bottlenecks),
            (
                "Verslag: review, vaststellen, exporteren",
                "Bekijk wat de anonimisering vervangt (Ctrl+E)",
                self.action_report,
            ),
            ("Sessie afronden", "Markeer de sessie als afgerond", self.action_finish),
            ("Naar het overzicht", "Terug naar de lijst met sessies", self.action_home),
        ]

    # Moving through the method

    async def go_to(self, step_id: str) -> None:
        if step_id == self.session.current_step:
            return
        self._tick()
        self._collect()
        self.session.go_to(step_id)
        self.action_save()
        await self._show_step()

    async def action_next_step(self) -> None:
        following = self.session.neighbour(+1)
        if following is None:
            self.action_finish()
        else:
            await self.go_to(following)

    async def action_previous_step(self) -> None:
        previous = self.session.neighbour(-1)
        if previous is not None:
            await self.go_to(previous)

    def action_steps(self) -> None:
        self.toggle_class("-show-steps")
        if self.has_class("-show-steps") or self.has_class("-wide"):
            self.query_one("#steps", OptionList).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.remove_class("-show-steps")
        if event.option.id:
            await self.go_to(event.option.id)

    def action_finish(self) -> None:
        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self.session.status = "afgerond"
                self._tick()
                self.session.timer_running = False
                self.action_save()
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen("Sessie afronden? Je kunt de notities daarna nog steeds aanvullen."), finish)

    def action_home(self) -> None:
        self.action_save()
        self.app.pop_screen()

    # Knelpunten and the verslag

    def action_flag(self) -> None:
        self._collect()
        # a draft: the form insists on a title before it is saved
        self.edit_bottleneck(
            Bottleneck.model_construct(id=secrets.token_hex(4), title="", step_id=self.session.current_step)
        )

    def edit_bottleneck(self, bottleneck: Bottleneck, after: Callable[[], None] | None = None) -> None:
        from beraad.tui.screens.bottleneck import BottleneckForm

        def keep(result: Bottleneck | None) -> None:
            if result is None:
                return
            others = [b for b in self.session.bottlenecks if b.id != result.id]
            position = next((i for i, b in enumerate(self.session.bottlenecks) if b.id == result.id), len(others))
            self.session.bottlenecks = [*others[:position], result, *others[position:]]
            self.action_save()
            self.notify(f"Knelpunt bewaard: {result.title}", markup=False)
            if after is not None:
                after()

        step = self.session.method.step(bottleneck.step_id) if bottleneck.step_id else self.session.step
        self.app.push_screen(BottleneckForm(bottleneck, self.app.addressees(), step.title), keep)

    def remove_bottleneck(self, bottleneck_id: str) -> None:
        self.session.bottlenecks = [b for b in self.session.bottlenecks if b.id != bottleneck_id]
        self.action_save()

    def action_bottlenecks(self) -> None:
        from beraad.tui.screens.bottleneck import BottleneckList

        self.app.push_screen(BottleneckList(self))

    def action_report(self) -> None:
        from beraad.tui.screens.review import ReviewScreen

        self.action_save()
        self.app.push_screen(ReviewScreen(self.session, on_change=self.action_save))

    # Capturing and saving

    def on_capture_edited(self, event: Capture.Edited) -> None:
        capture = event.capture
        was_filled = self.session.is_filled(capture.step_id)
        self.session.set_value(capture.step_id, capture.field.id, capture.value)
        if self.session.is_filled(capture.step_id) != was_filled:
            self._show_steps()
        if self._pending_save is not None:
            self._pending_save.stop()
        self._pending_save = self.set_timer(AUTOSAVE_DELAY, self.action_save)

    def _collect(self) -> None:
        """Take every value from the widgets, also edits whose message is still on its way."""
        for capture in self.query(Capture):
            self.session.set_value(capture.step_id, capture.field.id, capture.value)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if widget.id and any(a.id == "capture" for a in widget.ancestors):
            self.session.cursor = widget.id

    def action_save(self) -> None:
        if self._pending_save is not None:
            self._pending_save.stop()
            self._pending_save = None
        self._tick(saving=True)
        self._collect()
        self._last_save = self.app.clock()
        self.app.save_session(self.session)

    # Time

    def action_toggle_timer(self) -> None:
        self._tick()
        self.session.timer_running = not self.session.timer_running
        self._show_time()
        self.action_save()

    def _tick(self, saving: bool = False) -> None:
        """Add the time since the last tick to the current round, if the clock runs."""
        now, last = self.app.clock(), self._last_tick
        self._last_tick = now
        if self.session.timer_running:
            self.session.add_elapsed(self.session.current_step, now - last)
            if not saving and now - self._last_save >= TIMER_SAVE_EVERY:
                self.action_save()
        self._show_time()

    def _show_time(self) -> None:
        session, step = self.session, self.session.step
        elapsed, planned = session.step_elapsed(step.id), step.minutes * 60
        total = f"totaal {format_clock(session.total_elapsed)}/{format_clock(session.method.planned_minutes * 60)}"
        over = session.overrun(step.id)
        if not session.timer_running:
            text = f"⏸ gepauzeerd {format_clock(elapsed)}/{format_clock(planned)}"
        elif over:
            text = f"⏱ {format_clock(elapsed)}/{format_clock(planned)} +{format_clock(over)} over tijd"
        else:
            text = f"⏱ {format_clock(elapsed)}/{format_clock(planned)}"
        clock = self.query_one("#clock", Static)
        clock.update(f"{text} · {total}")
        clock.set_class(bool(over), "-overrun")
        clock.set_class(not session.timer_running, "-paused")

    # Showing the current step

    async def _show_step(self, restore_cursor: bool = False) -> None:
        session, step = self.session, self.session.step
        number = session.method.round_number(step.id)
        where = f"Ronde {number}/{session.method.round_count}: " if number else ""
        self.query_one("#where", Static).update(Text(f"{where}{step.title}  ·  {session.title}"))
        self._show_steps()
        self._show_guidance()
        self._show_time()
        capture = self.query_one("#capture", VerticalScroll)
        await capture.remove_children()
        heading = Static(Text(step.title), classes="step-title")
        goal = Static(Text(step.goal), classes="step-goal")
        widgets = [capture_for(step.id, f, session.value(step.id, f.id), session.participants) for f in step.fields]
        await capture.mount(heading, goal, *widgets)
        if not (restore_cursor and self._restore_cursor()):
            first = next((w for w in capture.query("*") if w.focusable), None)
            if first is not None:
                first.focus(scroll_visible=False)
            capture.scroll_home(animate=False)

    def _restore_cursor(self) -> bool:
        cursor = self.session.cursor
        if not cursor:
            return False
        found = self.query(f"#{cursor}")
        if not found:
            return False
        widget = found.first()
        for ancestor in widget.ancestors:
            if isinstance(ancestor, Capture):
                ancestor.reveal(widget)
        self.call_after_refresh(widget.focus)
        self.call_after_refresh(widget.scroll_visible, animate=False)
        return True

    def _show_steps(self) -> None:
        steps = self.query_one("#steps", OptionList)
        method, current = self.session.method, self.session.current_step
        options = []
        for step in method.steps:
            number = method.round_number(step.id)
            mark = "▶" if step.id == current else ("✓" if self.session.is_filled(step.id) else " ")
            label = Text(f"{mark} {number or '·'} {step.title}")
            if step.id == current:
                label.stylize("bold")
            options.append(Option(label, id=step.id))
        steps.clear_options()
        steps.add_options(options)
        steps.highlighted = method.index(current)

    def _show_guidance(self) -> None:
        session, step = self.session, self.session.step
        text = Text()
        text.append(f"{step.minutes} minuten\n", style="dim")
        if step.prompts:
            text.append("\nVragen\n", style="bold")
            for prompt in step.prompts:
                text.append(f"• {prompt}\n")
        if step.nudges:
            text.append("\nLet op\n", style="bold")
            for nudge in step.nudges:
                text.append(f"• {nudge}\n")
        if step.id == session.method.steps[0].id and session.method.ground_rules:
            text.append("\nSpelregels\n", style="bold")
            for rule in session.method.ground_rules:
                text.append(f"• {rule}\n")
        if session.participants and step.kind == "kader":
            text.append("\nDeelnemers\n", style="bold")
            for person in session.participants:
                presenter = " (casusinbrenger)" if person.id == session.case_presenter else ""
                text.append(f"• {person.label}{presenter}\n")
        self.query_one("#guidance", Static).update(text)
