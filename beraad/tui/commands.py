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
        keys = [k for k in self.key.split(",") if not k.startswith("super+")] if self.key else []
        return ", ".join(_key_name(k) for k in keys)


_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "backspace": "Backspace",
    "space": "Spatie",
    "tab": "Tab",
    "slash": "/",
    "question_mark": "?",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
_MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "super": "Super"}


def _key_name(key: str) -> str:
    """A key as beraad writes it everywhere: Ctrl+S, Shift+Tab, F1, Esc, Spatie, /."""
    *modifiers, name = key.strip().split("+")
    shown = _NAMES.get(name, name.upper() if (len(name) == 1 and modifiers) or name[1:].isdigit() else name)
    return "+".join([*(_MODIFIERS.get(m, m.capitalize()) for m in modifiers), shown])


def key_display(keys: str) -> str:
    """The first of a binding's keys, as beraad writes keys (not Textual's '^s'); a Mac's
    Cmd (super) twin is never the one shown."""
    chosen = [k for k in keys.split(",") if not k.strip().startswith("super+")] or keys.split(",")
    return _key_name(chosen[0])


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


# Textual's own descriptions of the keys its widgets and screens bind, in Dutch; a key
# whose description is not known here is left out of the help rather than shown in English.
_TEXTUAL_DESCRIPTIONS = {
    "Focus Next": "Volgend veld",
    "Focus Previous": "Vorig veld",
    "Copy selected text": "Geselecteerde tekst kopiëren",
    "Quit": "Afsluiten",
}


def dutch_description(description: str) -> str:
    """A binding's description as the help shows it: beraad's own (Dutch) as they are,
    Textual's translated, anything else (English) left out."""
    if description in _TEXTUAL_DESCRIPTIONS:
        return _TEXTUAL_DESCRIPTIONS[description]
    return "" if _looks_english(description) else description


_ENGLISH = {"focus", "next", "previous", "copy", "selected", "text", "quit", "select", "scroll", "toggle",
            "close", "cursor", "page", "down", "left", "right", "delete", "show", "hide", "save", "cancel",
            "submit", "dismiss", "the", "and", "line", "all", "keys", "palette", "command"}  # fmt: skip


def _looks_english(text: str) -> bool:
    return any(word in _ENGLISH for word in text.casefold().replace("/", " ").split())


def commands_of(node: DOMNode) -> list[Command]:
    return list(getattr(node, "ACTIONS", []))


def binding_commands(node: DOMNode) -> list[Command]:
    """The actions of a screen without a list of its own (a dialog), from its key bindings:
    its own actions only (not Tab, F1 or Ctrl+Q of the app), named as its footer and help
    name them, in Dutch; a binding whose description is not Dutch is left out."""
    from textual.actions import parse

    from beraad.tui.compat import screen_bindings

    found: dict[str, Command] = {}
    for bindings_of_key in screen_bindings(node):  # type: ignore[arg-type]
        for binding in bindings_of_key:
            namespace, _, _ = parse(binding.action)
            title = dutch_description(binding.description)
            if namespace or not title or binding.key.startswith("super+"):
                continue
            if binding.action in found:  # one command, its keys together ("n, Esc")
                known = found[binding.action]
                found[binding.action] = Command(known.action, known.title, "", f"{known.key},{binding.key}")
            else:
                found[binding.action] = Command(binding.action, title, "", binding.key)
    return list(found.values())


def applies(command: Command, target: DOMNode) -> bool:
    """Whether a command can do something now (its screen's check_action says so)."""
    from textual.actions import parse

    namespace, name, parameters = parse(command.action)
    node = target.app if namespace == "app" else target
    return bool(node.check_action(name, parameters))


class ScreenCommands(Provider):
    """The command palette: the actions of the screen it was opened from (a dialog's from
    its keys), those that can apply now, and the app's."""

    def _commands(self) -> list[tuple[Command, Any]]:
        screen = self.screen
        own = commands_of(screen) or binding_commands(screen)
        found: list[tuple[Command, Any]] = [(c, screen) for c in own if c.palette and applies(c, screen)]
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
    if not command.key:
        return command.help
    return f"{command.help} ({command.key_display})" if command.help else command.key_display


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
