"""One list of actions per screen feeds its key bindings, its footer, the help screen and
the command palette, in Dutch. Textual's own texts that reach the user are made Dutch
here too, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass(frozen=True)
class Command:
    """An action a person can take on a screen."""

    action: str
    title: str  # as the palette and the help screen name it
    help: str
    key: str | None = None
    label: str = ""  # the footer's short label; empty keeps it out of the footer
    priority: bool = False  # keys that must work while typing in a field
    palette: bool = True

    @property
    def key_display(self) -> str:
        return ", ".join(_key_name(k) for k in self.key.split(",")) if self.key else ""


def _key_name(key: str) -> str:
    names = {
        "escape": "Esc",
        "enter": "Enter",
        "delete": "Delete",
        "space": "Spatie",
        "tab": "Tab",
        "slash": "/",
        "question_mark": "?",
    }
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    if key.startswith("shift+"):
        return "Shift+" + _key_name(key.removeprefix("shift+"))
    return key.upper() if key.startswith("f") and key[1:].isdigit() else key


def bindings(commands: Iterable[Command]) -> list[Binding]:
    return [
        Binding(c.key, c.action, c.label or c.title, show=bool(c.label), priority=c.priority) for c in commands if c.key
    ]


@dataclass(frozen=True)
class KeyHelp:
    """A key that a field handles itself (Space ticks, Enter starts a new line): for the help screen."""

    keys: str
    what: str


# Focus keys: priority bindings, handled in the app's own queue in order, so keys typed
# right after Tab land in the next field even when the app is busy.
FOCUS_KEYS = [
    Binding("tab", "app.next_field", "Volgend veld", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Vorig veld", show=False, priority=True),
]
FIELD_KEYS = [
    KeyHelp("Tab / Shift+Tab", "volgend / vorig veld"),
    KeyHelp("Enter", "nieuwe regel; in een lijst: volgend punt"),
    KeyHelp("Spatie", "vink een afspraak of bron aan of uit"),
]


def commands_of(node: DOMNode) -> list[Command]:
    return list(getattr(node, "ACTIONS", []))


class ScreenCommands(Provider):
    """The command palette: the actions of the screen it was opened from, and the app's."""

    def _commands(self) -> list[tuple[Command, Any]]:
        found: list[tuple[Command, Any]] = [(c, self.screen) for c in commands_of(self.screen) if c.palette]
        found += [(c, self.app) for c in commands_of(self.app) if c.palette]
        return found

    async def discover(self) -> Hits:
        for command, target in self._commands():
            yield DiscoveryHit(command.title, partial(target.run_action, command.action), help=_help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(target.run_action, command.action),
                    help=_help(command),
                )


def _help(command: Command) -> str:
    return f"{command.help} ({command.key_display})" if command.key else command.help


class Palette(CommandPalette):
    """Textual's command palette, in Dutch."""

    INHERIT_BINDINGS = False
    BINDINGS: ClassVar = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Naar onder", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Naar boven", show=False),
        Binding("down", "cursor_down", "Volgende opdracht", show=False),
        Binding("escape", "escape", "Sluiten"),
        Binding("pagedown", "command_list('page_down')", "Pagina omlaag", show=False),
        Binding("pageup", "command_list('page_up')", "Pagina omhoog", show=False),
        Binding("up", "command_list('cursor_up')", "Vorige opdracht", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder="Zoek een opdracht…", id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        timer = self._no_matches_timer
        if timer is None:
            return
        timer.stop()

        def show() -> None:
            if search_value:
                self.query_one("CommandList").add_option(  # type: ignore[attr-defined]
                    Option(Align.center(Text("Geen opdracht gevonden", style="not bold")), disabled=True)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def dutch_textual_texts() -> None:
    """Textual's own widgets that show English in the footer get Dutch descriptions."""
    from beraad.tui.compat import dutch_select_overlay

    dutch_select_overlay()
