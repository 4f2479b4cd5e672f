"""Dialogs: a yes/no question, the approval of a verslag, the keys of a screen. Every
dialog is centred on the screen it opens over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar, TypeVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from beraad.text import visible
from beraad.tui.commands import FOCUS_KEYS, Command, KeyHelp

Answer = TypeVar("Answer")


class Dialog(ModalScreen[Answer]):
    """A modal dialog in a bordered box in the middle of the screen."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > .dialog-box {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    Dialog .answers { height: auto; margin-top: 1; }
    Dialog .answers Button { margin-right: 2; }
    """
    # A modal screen keeps the app's own keys out: these two work in every dialog all the same.
    BINDINGS: ClassVar = [
        Binding("f1", "app.help", "Hulp", show=False),
        Binding("ctrl+q", "app.quit", "Afsluiten", show=False),
        Binding(
            "ctrl+c,super+c", "screen.copy_text", "geselecteerde tekst kopiëren", show=False
        ),  # Textual's, in Dutch
    ]


class ConfirmScreen(Dialog[bool]):
    BINDINGS: ClassVar = [
        Binding("j,y", "answer(True)", "Ja"),
        Binding("n,escape", "answer(False)", "Nee"),
    ]

    def __init__(self, question: str, yes: str = "Ja", no: str = "Nee") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(visible(self.question), id="question", markup=False)
            with Horizontal(classes="answers"):
                yield Button(f"{self.yes} (j)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class Form:
    """A screen whose typing is only kept when the user says so (a new session, a knelpunt):
    Esc and Ctrl+Q ask before throwing it away. Call remember_typing() once it is filled."""

    _at_start: tuple[str, ...] = ()

    def remember_typing(self) -> None:
        self._at_start = self._typed()

    def has_typing(self) -> bool:
        return self._typed() != self._at_start

    def leave_form(self, leave: Callable[[], object]) -> None:
        """Esc: leave at once when nothing was typed, otherwise ask first."""
        if not self.has_typing():
            leave()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                leave()

        question = ConfirmScreen(
            "Wat je hier typte, is nog niet bewaard. Weggooien?", yes="Weggooien", no="Verder typen"
        )
        cast(DOMNode, self).app.push_screen(question, answer)

    def _typed(self) -> tuple[str, ...]:
        """Every text of the form (inputs and text areas)."""
        texts = []
        for widget in cast(DOMNode, self).query("Input, TextArea"):
            if isinstance(widget, Input):
                texts.append(widget.value)
            elif isinstance(widget, TextArea):
                texts.append(widget.text)
        return tuple(texts)


def parse_day(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


class ApproveDialog(Dialog[tuple[str, date] | None]):
    """Record that the team approved the verslag: on which date, by whom (as a role)."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "Annuleren"), *FOCUS_KEYS]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Het team heeft het verslag vastgesteld. Daarna ligt deze versie vast.")
            # what must be typed first, where the caret starts; the date (today) after it
            yield Label("Door (een rol, geen naam)", classes="field-label")
            yield Input(placeholder="bijv. het team, teamleider", id="approve-role", compact=True)
            yield Label("Datum (dd-mm-jjjj)", classes="field-label")
            yield Input(f"{self.today:%d-%m-%Y}", id="approve-date", compact=True)
            yield Static(id="approve-error", classes="error")
            with Horizontal(classes="answers"):
                yield Button("Vaststellen", id="yes", variant="primary")
                yield Button("Annuleren", id="no")

    def on_mount(self) -> None:
        self.query_one("#approve-role", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "yes":
            self._answer()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _answer(self) -> None:
        role = self.query_one("#approve-role", Input).value.strip()
        day = parse_day(self.query_one("#approve-date", Input).value)
        if not role or day is None:
            self.query_one("#approve-error", Static).update("Vul een rol en een geldige datum in.")
            return
        from beraad.model.session import date_problem  # not at import: dialogs are loaded when quitting

        problem = date_problem(day, self.today, "De datum van vaststellen")
        if problem:
            self.query_one("#approve-error", Static).update(problem)
            return
        self.dismiss((role, day))


class HelpScreen(Dialog[None]):
    """Every key of the screen it opens over: its actions and what its fields do."""

    DEFAULT_CSS = """
    HelpScreen > .dialog-box { width: 76; height: 90%; padding: 0 1; }
    """
    BINDINGS: ClassVar = [Binding("escape,f1,question_mark,q", "dismiss_help", "Sluiten")]

    def __init__(self, title: str, commands: list[Command], keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text, self.commands, self.keys = title, commands, keys

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for command in self.commands:
            if command.key and command.key != "f1":  # F1 has its own line below
                title = command.title if command.title.endswith(("…", ".")) else command.title + "."
                table.add_row(command.key_display, Text(f"{title} {command.help}"))
        for key in self.keys:
            table.add_row(key.keys, key.what)
        table.add_row("Ctrl+P", "alle opdrachten, zoeken op naam")
        table.add_row("F1", "deze hulp; Esc sluit haar")
        with VerticalScroll(classes="dialog-box"):
            yield Static(Text(f"Toetsen: {self.title_text}", style="bold"))
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
