"""Every use of Textual's private API, in one place.

Textual changes its private names without notice. beraad touches a few of them where the
public API has no way to do what users need (no English traceback on a crash, Dutch texts
in Textual's own widgets, terminal input that is not UTF-8). `RELIED_ON` lists each one;
tests/test_compat.py fails as soon as an upgrade of Textual removes or renames one, so
the upgrade is fixed here instead of breaking in a user's hands.
"""

from __future__ import annotations

import codecs
import functools
import os
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets._toggle_button import ToggleButton  # no public name for the shared base

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widgets._markdown import MarkdownTable, MarkdownTableContent

__all__ = [
    "RELIED_ON",
    "QuietCrash",
    "ToggleButton",
    "exit_soon",
    "markdown_table",
    "option_lines",
    "screen_bindings",
    "selection_gutter",
    "suggestion_shown",
]

# (object, private attribute) pairs beraad relies on; checked by tests/test_compat.py
RELIED_ON: list[tuple[str, str]] = [
    ("textual.app:App", "_handle_exception"),
    ("textual.app:App", "_print_error_renderables"),
    ("textual.app:App", "_exit_renderables"),  # an instance attribute, made in __init__
    ("textual.widgets:Input", "_suggestion"),
    ("textual.widgets:Input", "_on_paste"),  # overridden by beraad.tui.widgets.inputs
    ("textual.widgets:Input", "_on_blur"),
    ("textual.widgets:TextArea", "_on_paste"),
    ("textual.widgets._toggle_button:ToggleButton", "_button"),
    ("textual.widgets._select:SelectOverlay", "_merged_bindings"),
    ("textual.widgets._select:SelectOverlay", "_merge_bindings"),
    ("textual.screen:Screen", "_bindings"),
    ("textual.command:CommandPalette", "_start_no_matches_countdown"),
    ("textual.command:CommandPalette", "_no_matches_timer"),
    ("textual.command:CommandPalette", "_list_visible"),
    ("textual.command:CommandPalette", "_NO_MATCHES_COUNTDOWN"),
    ("textual.drivers.linux_driver", "getincrementaldecoder"),
    ("textual.widgets:OptionList", "_lines"),  # which option each line of a wrapped list shows
    ("textual.widgets:SelectionList", "_get_left_gutter_width"),
    ("textual.widgets._markdown", "MarkdownTable"),  # the review's verslag: a table without its empty header
    ("textual.widgets._markdown", "MarkdownTableContent"),
]


class QuietCrash(App[Any]):
    """An unexpected error ends the app as Textual decides, but what the user reads is
    the app's Dutch sentence (on_crash), never Textual's traceback: that goes to the log."""

    def on_crash(self, error: Exception) -> None:
        """Save what can be saved and set the sentence for the terminal."""

    def _handle_exception(self, error: Exception) -> None:
        self.on_crash(error)
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        self._exit_renderables.clear()  # the traceback is in the log file; the CLI prints the sentence


def markdown_table() -> tuple[type[MarkdownTable], type[MarkdownTableContent]]:
    """Textual's Markdown table and what draws it (no public names). Imported when asked:
    Markdown and its parser are not needed until the review shows a verslag."""
    from textual.widgets._markdown import MarkdownTable, MarkdownTableContent

    return MarkdownTable, MarkdownTableContent


def suggestion_shown(field: Input) -> bool:
    """Whether an Input shows a completion after the caret (Tab takes it)."""
    return bool(field._suggestion)


def option_lines(widget: OptionList) -> Sequence[tuple[int, int]]:
    """Per line of an OptionList, which option it shows and which line of that option: a
    checklist whose items wrap draws its box on each item's first line only."""
    return widget._lines


def selection_gutter(widget: SelectionList[Any]) -> int:
    """The width of a SelectionList's box before each item."""
    return widget._get_left_gutter_width()


def screen_bindings(screen: Screen[Any]) -> Iterable[list[Binding]]:
    """A screen's own bindings, as its footer shows them (a dialog's help lists these)."""
    return screen._bindings.key_to_bindings.values()


def dutch_select_overlay() -> None:
    """The drop-down of a Select names its key in Dutch in the footer."""
    from textual.widgets._select import SelectOverlay

    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "Menu sluiten")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


def tolerate_broken_input() -> None:
    """Terminal input that is not UTF-8 (a stray byte such as 0x9b from an old terminal or
    a paste) must not end the app: Textual's input thread decodes strictly and dies with an
    English traceback. Decode with replacement: the byte becomes one visible "�"."""
    from textual.drivers import linux_driver

    if getattr(getattr(linux_driver, "getincrementaldecoder", None), "tolerant", False):
        return

    def tolerant(encoding: str) -> functools.partial[codecs.IncrementalDecoder]:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    tolerant.tolerant = True  # type: ignore[attr-defined]
    setattr(linux_driver, "getincrementaldecoder", tolerant)  # noqa: B010 - a module's private import


def exit_soon(seconds: float) -> None:
    """End the process after seconds, whatever still runs (a thread busy in deduce):
    by then every session is saved; a quit must never leave a process behind."""
    watchdog = threading.Timer(seconds, os._exit, args=(0,))
    watchdog.daemon = True
    watchdog.start()
