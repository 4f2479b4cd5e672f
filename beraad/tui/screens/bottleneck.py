"""Flag a knelpunt from any round, and the list of knelpunten of a session."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    OptionList,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.input import Selection
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from beraad.core.register import FlagHelp, Suggestion
from beraad.core.session import OpenSession
from beraad.model.bottleneck import REGULATIONS, SOURCES, Bottleneck
from beraad.model.session import Session
from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS
from beraad.tui.errors import tell, user_errors
from beraad.tui.screens.dialogs import ConfirmScreen, Dialog, Form
from beraad.tui.show import shown
from beraad.tui.widgets.inputs import NoteArea, NoteInput
from beraad.tui.widgets.ticks import Choice, TickList

DISCRETION = ["ja", "nee", "onduidelijk"]
RECURRENCE = ["incidenteel", "vermoedelijk structureel"]

FORM_CSS = """
{cls} > .form-box {{
    width: 100;
    max-width: 100%;
    height: 90%;
    border: thick $accent;
    background: $surface;
    padding: 0 2;
}}
{cls} NoteArea {{ height: auto; min-height: 4; max-height: 8; }}
{cls} RadioSet {{ layout: horizontal; height: auto; }}
{cls} SelectionList {{ height: auto; }}
{cls} .buttons {{ height: auto; margin: 1 0; }}
{cls} .buttons Button {{ margin-right: 2; }}
{cls} #k-similar {{ height: auto; max-height: 6; border: none; }}
{cls} #k-linked, {cls} #k-route {{ color: $text-muted; height: auto; }}
"""


def action_texts(session: Session) -> list[str]:
    """What each of the session's actions says (the form links a knelpunt to these)."""
    return [action["wat"].strip() for action in session.actions() if action["wat"].strip()]


class BottleneckForm(Form, Dialog[Bottleneck | None]):
    """Title, description, sources, regulation, effect, bestaanszekerheid, room, nature, addressee."""

    DEFAULT_CSS = FORM_CSS.format(cls="BottleneckForm")
    AUTO_FOCUS = ""  # the title gets the focus in on_mount, before the first frame (see there)
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", "Bewaren", priority=True),
        Binding("ctrl+j", "link", "Hetzelfde knelpunt", priority=True),
        Binding("ctrl+down", "similar(1)", "Volgend eerder knelpunt", show=False, priority=True),
        Binding("ctrl+up", "similar(-1)", "Vorig eerder knelpunt", show=False, priority=True),
        Binding("escape", "cancel", "Annuleren"),
        *FOCUS_KEYS,
    ]
    SUGGEST_AFTER = 0.3  # seconds after the last keystroke

    def __init__(
        self,
        bottleneck: Bottleneck,
        addressees: list[str],
        step_title: str,
        help_source: Callable[[], FlagHelp] | None = None,
        actions: list[str] | None = None,
    ) -> None:
        """actions: what the session's actions say; the team links those that belong to
        this knelpunt, and its signaal names those only."""
        super().__init__()
        self.bottleneck = bottleneck
        self.actions = list(dict.fromkeys([*(actions or []), *bottleneck.actions]))
        self.addressees = addressees
        self.step_title = step_title
        self.help_source = help_source
        self.help: FlagHelp | None = None
        self.same_as = bottleneck.same_as
        self.suggested: list[Suggestion] = []
        self._pending: Timer | None = None

    def set_help(self, help_: FlagHelp) -> None:
        """The register is read in the background; suggestions start once it is there."""
        self.help = help_
        self._suggest()
        self._show_link()  # "gekoppeld aan KP-…" can name the reference now

    def compose(self) -> ComposeResult:
        b = self.bottleneck
        with VerticalScroll(classes="form-box"):
            yield Static(shown(f"Knelpunt, opgekomen in: {self.step_title}"), classes="step-title")
            yield Label("Titel", classes="field-label")
            yield NoteInput(b.title, placeholder="kort: wat knelt er?", id="k-title", compact=True)
            yield Label("Beschrijving", classes="field-label")
            yield NoteArea(b.description, id="k-description", lines=2)
            yield Label(
                "Lijkt op eerder gezien · Ctrl+↑/↓ kies · Ctrl+J: hetzelfde knelpunt",
                classes="field-label",
                id="k-similar-label",
            )
            yield OptionList(id="k-similar")
            yield Static(id="k-linked")
            yield Label("Bron (een of meer; spatie vinkt aan)", classes="field-label")
            yield TickList(*((s, s, s in b.sources) for s in SOURCES), id="k-sources")
            yield Label("Regelgeving", classes="field-label")
            yield NoteInput(
                b.regulation,
                placeholder="bijv. Participatiewet art. 18 lid 1",
                suggester=SuggestFromList(REGULATIONS, case_sensitive=False),
                id="k-regulation",
                compact=True,
            )
            yield Label("Effect op inwoners", classes="field-label")
            yield NoteArea(b.effect, id="k-effect", lines=2)
            yield Label("Raakt het de bestaanszekerheid?", classes="field-label")
            yield RadioSet(
                Choice("ja", b.subsistence is True), Choice("nee", b.subsistence is False), id="k-subsistence"
            )
            yield Label("Is de beleidsruimte (Awb 4:84, hardheidsclausule) overwogen?", classes="field-label")
            yield RadioSet(*(Choice(v, b.discretion == v) for v in DISCRETION), id="k-discretion")
            yield Label("Incidenteel of vermoedelijk structureel?", classes="field-label")
            yield RadioSet(*(Choice(v, b.recurrence == v) for v in RECURRENCE), id="k-recurrence")
            yield Label("Voorgestelde adressaat", classes="field-label")
            yield NoteInput(
                b.addressee,
                placeholder=", ".join(self.addressees[:4]),
                suggester=SuggestFromList(self.addressees, case_sensitive=False),
                id="k-addressee",
                compact=True,
            )
            yield Static(id="k-route")
            yield Label("Acties van het team bij dit knelpunt (spatie vinkt aan)", classes="field-label")
            if self.actions:
                yield TickList(*((a, a, a in b.actions) for a in self.actions), id="k-actions")
            else:
                yield Static(
                    "Nog geen acties. Spreekt het team ze later af (ronde Conclusie en acties), koppel ze dan "
                    "hier: Ctrl+L, kies het knelpunt, Enter. Het signaal noemt alleen gekoppelde acties.",
                    classes="field-help",
                )
            yield Static(id="k-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Bewaren (Ctrl+S)", id="save", variant="primary")
                yield Button("Annuleren (Esc)", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # The title, before the first frame: keys typed right after Ctrl+K land there. Not
        # scrolled to (AUTO_FOCUS does, before the form has its size): the heading stays in view.
        self.set_focus(self.query_one("#k-title", NoteInput), scroll_visible=False)
        self.remember_typing()
        self._show_suggestions()
        self._show_link()
        if self.help_source is not None:
            self._load_help(self.help_source)

    @work(thread=True, exclusive=True, group="flag-help", exit_on_error=False)
    def _load_help(self, source: Callable[[], FlagHelp]) -> None:
        help_ = source()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.set_help, help_)

    @on(Worker.StateChanged)
    def _help_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:  # no suggestions; the form works as before
            self.query_one("#k-linked", Static).update("Eerdere knelpunten zijn nu niet te raadplegen.")

    # Suggestions while typing: earlier knelpunten that look alike, and the addressee

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(self.SUGGEST_AFTER, self._suggest)

    def _suggest(self) -> None:
        if self.help is None:
            return
        title = self.query_one("#k-title", NoteInput).value
        description = self.query_one("#k-description", NoteArea).text
        regulation = self.query_one("#k-regulation", NoteInput).value
        sources = list(self.query_one("#k-sources", SelectionList).selected)
        self.suggested = self.help.suggestions(title, description, regulation, sources)
        similar = self._show_suggestions()
        similar.clear_options()
        similar.add_options(
            [
                Option(
                    shown(f"{s.row.ref}  {s.row.title}  ({s.why}{'; ' + s.row.seen_text() if s.row.seen > 1 else ''})")
                )
                for s in self.suggested
            ]
        )
        choices = self.help.addressees(sources, f"{title} {description}")
        addressee = self.query_one("#k-addressee", NoteInput).value.strip()
        route = self.help.route(addressee) if addressee else None
        lines = []
        if choices:
            lines.append("Voorstel: " + ", ".join(f"{c.addressee} ({c.why})" for c in choices[:3]))
        if route is not None:
            promise = f"terugkoppeling door {route.feedback_by or route.addressee} binnen {route.feedback_weeks} weken"
            lines.append(f"{route.addressee}: {route.description or route.when} ({promise})")
        self.query_one("#k-route", Static).update(shown("\n".join(lines)))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """An empty addressee takes the route map's suggestion; typing replaces it."""
        field = event.widget
        if field.id == "k-addressee" and isinstance(field, NoteInput) and not field.value and self.help is not None:
            sources = list(self.query_one("#k-sources", SelectionList).selected)
            text = f"{self.query_one('#k-title', NoteInput).value} {self.query_one('#k-description', NoteArea).text}"
            choices = self.help.addressees(sources, text)
            if choices:
                field.value = choices[0].addressee
                field.selection = Selection(0, len(field.value))

    def _show_suggestions(self) -> OptionList:
        """The list of earlier knelpunten and its heading only when there is something in it.
        Never a Tab stop: Tab goes from field to field as the form reads; Ctrl+↑/↓ choose."""
        similar = self.query_one("#k-similar", OptionList)
        similar.can_focus = False
        similar.display = bool(self.suggested)
        self.query_one("#k-similar-label", Label).display = bool(self.suggested)
        return similar

    def action_similar(self, step: int) -> None:
        similar = self.query_one("#k-similar", OptionList)
        if similar.option_count:
            now = similar.highlighted if similar.highlighted is not None else -step
            similar.highlighted = max(0, min(similar.option_count - 1, now + step))

    def action_link(self) -> None:
        """Link the chosen suggestion (the first, if none is chosen) as the same knelpunt
        (again: undo the link)."""
        if not self.suggested:
            if self.same_as is not None:  # linked before, nothing suggested now: undo the link
                self.same_as = None
                self._show_link()
            else:
                self.query_one("#k-linked", Static).update("Er is (nog) geen eerder knelpunt dat hierop lijkt.")
            return
        index = self.query_one("#k-similar", OptionList).highlighted or 0
        key = self.suggested[min(index, len(self.suggested) - 1)].row.key
        self.same_as = None if self.same_as == key else key
        self._show_link()

    def _show_link(self) -> None:
        if self.same_as is None:
            self.query_one("#k-linked", Static).update("")
            return
        row = self.help.linked(self.same_as) if self.help is not None else None
        if row is None:
            text = "Gekoppeld aan een eerder knelpunt."
        else:
            seen = row.seen_text() or "1 keer eerder gezien"
            text = f"Gekoppeld als hetzelfde knelpunt als {row.ref} ({seen}). Ctrl+J nog eens: ontkoppelen."
        self.query_one("#k-linked", Static).update(shown(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.leave_form(lambda: self.dismiss(None))

    def _choice(self, widget_id: str, options: list[str]) -> str | None:
        """The option chosen, None when none is (the team left the question open)."""
        index = self.query_one(widget_id, RadioSet).pressed_index
        return options[index] if index >= 0 else None

    def action_save(self) -> None:
        title = self.query_one("#k-title", NoteInput).value.strip()
        if not title:
            self.query_one("#k-error", Static).update("Geef het knelpunt een titel.")
            tell(self, "Geef het knelpunt een titel.", "warning")  # the line under the form can be off screen
            self.query_one("#k-title", NoteInput).focus()
            return
        subsistence = self._choice("#k-subsistence", ["ja", "nee"])
        self.dismiss(
            self.bottleneck.model_copy(
                update={
                    "title": title,
                    "description": self.query_one("#k-description", NoteArea).text,
                    "sources": list(self.query_one("#k-sources", SelectionList).selected),
                    "regulation": self.query_one("#k-regulation", NoteInput).value.strip(),
                    "effect": self.query_one("#k-effect", NoteArea).text,
                    "subsistence": None if subsistence is None else subsistence == "ja",
                    "discretion": self._choice("#k-discretion", DISCRETION),
                    "recurrence": self._choice("#k-recurrence", RECURRENCE),
                    "addressee": self.query_one("#k-addressee", NoteInput).value.strip(),
                    "same_as": self.same_as,
                    "actions": list(self.query_one("#k-actions", SelectionList).selected) if self.actions else [],
                }
            )
        )


class BottleneckList(Dialog[None]):
    """The knelpunten of this session: Enter edits, D removes (after a question)."""

    DEFAULT_CSS = FORM_CSS.format(cls="BottleneckList")
    BINDINGS: ClassVar = [
        Binding("enter", "edit", "Bewerken", priority=True),
        Binding("d,delete", "remove", "Verwijderen"),
        Binding("escape", "close", "Terug"),
    ]

    def __init__(
        self, core: OpenSession, addressees: list[str], help_source: Callable[[], FlagHelp] | None = None
    ) -> None:
        super().__init__()
        self.core = core
        self.addressees = addressees
        self.help_source = help_source

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static("Knelpunten in deze sessie", classes="step-title")
            yield DataTable(id="knelpunten", cursor_type="row")
            yield Static(id="k-empty", classes="field-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Titel", "Ronde", "Aard", "Adressaat")
        self.refresh_rows()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        bottlenecks = self.core.session.bottlenecks
        for number, b in enumerate(bottlenecks, 1):
            step = self.core.step_title(b.step_id)
            table.add_row(
                str(number),
                shown(b.title),
                shown(step),
                (b.recurrence or "–").removeprefix("vermoedelijk "),
                shown(b.addressee or "–"),
                key=b.id,
            )
        empty = "" if bottlenecks else "Nog geen knelpunten. Markeer er een met Ctrl+K vanuit elke ronde."
        self.query_one("#k-empty", Static).update(empty)
        table.focus()

    def _selected(self) -> Bottleneck | None:
        bottlenecks = self.core.session.bottlenecks
        if not bottlenecks:
            return None
        return bottlenecks[min(self.query_one(DataTable).cursor_row, len(bottlenecks) - 1)]

    async def action_edit(self) -> None:
        chosen = self._selected()
        if chosen is not None and not self.core.read_only:
            title = self.core.step_title(chosen.step_id)
            actions = action_texts(self.core.session)
            form = BottleneckForm(chosen, self.addressees, title, self.help_source, actions)
            await self.app.push_screen(form, self._keep)  # mounted before the next key (Enter is a priority key)

    @user_errors
    def _keep(self, result: Bottleneck | None) -> None:
        if result is not None:
            self.core.keep_bottleneck(result)
            self.refresh_rows()

    def action_remove(self) -> None:
        chosen = self._selected()
        if chosen is None or self.core.read_only:
            return

        @user_errors
        def remove(screen: BottleneckList, confirmed: bool | None) -> None:
            if confirmed:
                screen.core.remove_bottleneck(chosen.id)
                screen.refresh_rows()

        question = f"Knelpunt '{visible(chosen.title)}' verwijderen?"
        self.app.push_screen(ConfirmScreen(question), lambda answer: remove(self, answer))

    def action_close(self) -> None:
        self.dismiss(None)
