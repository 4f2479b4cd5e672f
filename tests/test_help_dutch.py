"""Help in Dutch everywhere, with keys written one way (Ctrl+S, F1, Esc, Tab): every
binding description, command and help text of every screen, dialog and widget is read
for English words and for Textual's own key spelling (^s, super+c, tab, escape)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import beraad.tui
from beraad.tui.commands import Command, KeyHelp, dutch_description, key_display

from .conftest import keys, screen_text, until

ENGLISH = re.compile(
    r"\b(focus|next|previous|copy|selected|quit|toggle|close|cursor|scroll|submit|dismiss|select|"
    r"show|hide|save|cancel|back|keys|delete|add|row|field|search|sort|palette|command)\b",
    re.IGNORECASE,
)
TEXTUAL_KEYS = re.compile(r"\^[a-z]|\b(ctrl|shift|alt|super)\+|\b(escape|tab|enter|space|pagedown|pageup)\b")


def _classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(beraad.tui.__path__, "beraad.tui."):
        loaded = importlib.import_module(module.name)
        found += [
            cls
            for _, cls in inspect.getmembers(loaded, inspect.isclass)
            if cls.__module__ == loaded.__name__ and issubclass(cls, DOMNode)
        ]
    return found


def _bindings(cls: type) -> list[Binding]:
    found = []
    for item in cls.__dict__.get("BINDINGS", []):
        found.append(item if isinstance(item, Binding) else Binding(*item))
    return found


CLASSES = _classes()


def test_every_class_is_found():
    names = {cls.__name__ for cls in CLASSES}
    assert {"SessionScreen", "ReviewScreen", "HomeScreen", "BottleneckList", "RowsEditor", "HelpScreen"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_key_and_help_text_is_dutch(cls):
    texts: list[str] = []
    for binding in _bindings(cls):
        if binding.description:
            texts.append(dutch_description(binding.description) or f"ENGLISH: {binding.description}")
        assert "^" not in key_display(binding.key) and "super" not in key_display(binding.key).lower()
    for command in cls.__dict__.get("ACTIONS", []):
        assert isinstance(command, Command)
        texts += [command.title, command.help, command.label]
        assert not TEXTUAL_KEYS.search(command.key_display), command.key_display
    for key in cls.__dict__.get("KEYS", []):
        assert isinstance(key, KeyHelp)
        texts.append(key.what)
        assert not TEXTUAL_KEYS.search(key.keys), key.keys
    for text in texts:
        assert not text.startswith("ENGLISH") and not ENGLISH.search(text), f"{cls.__name__}: {text}"
        assert not TEXTUAL_KEYS.search(text), f"{cls.__name__}: {text}"


async def test_f1_in_the_knelpunten_list_and_in_a_dialog_speaks_dutch(make_app, stored_session):
    from beraad.tui.screens.bottleneck import BottleneckList
    from beraad.tui.screens.dialogs import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter", "ctrl+l")
        await until(pilot, lambda: isinstance(app.screen, BottleneckList))
        await keys(pilot, "f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = app.screen.rows()
        said = " ".join(what for _, what in rows)
        assert "Volgend veld" in said and "Ctrl+Q" in dict(rows)
        assert not ENGLISH.search(said) and not TEXTUAL_KEYS.search(said), said
        for key, _ in rows:  # keys as everywhere: Ctrl+Q, Shift+Tab, Esc
            assert not re.search(r"\^|super|\b(ctrl|shift|escape|tab)\b", key), key
        assert "^" not in screen_text(app)
