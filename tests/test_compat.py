"""Every private name of Textual that beraad relies on still exists (beraad/tui/compat.py).
When an upgrade of Textual renames one, this fails and says which: fix compat.py, not
the screens."""

from __future__ import annotations

import importlib

import pytest

from beraad.tui import compat


@pytest.mark.parametrize(("where", "name"), compat.RELIED_ON, ids=[f"{w}.{n}" for w, n in compat.RELIED_ON])
def test_a_private_name_of_textual_is_still_there(where, name):
    module, _, attribute = where.partition(":")
    found = importlib.import_module(module)
    owner = getattr(found, attribute) if attribute else found
    if not hasattr(owner, name) and isinstance(owner, type):
        owner = owner()  # an attribute each instance gets in __init__
    assert hasattr(owner, name), f"Textual no longer has {where}.{name}: adapt beraad/tui/compat.py"


def test_a_crash_prints_no_traceback_only_the_dutch_sentence():
    said: list[str] = []

    class Crashing(compat.QuietCrash):
        def on_crash(self, error: Exception) -> None:
            said.append(f"gestopt: {error}")

        def on_mount(self) -> None:
            raise RuntimeError("boem")

    app = Crashing()
    app.run(headless=True)
    assert said == ["gestopt: boem"] and app.return_code == 1
    assert app._exit_renderables == []
