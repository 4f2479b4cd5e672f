"""Dialogs by keyboard: what is typed right after the key that opens one lands in its
first field, and Ctrl+P in a dialog lists the dialog's own actions, in Dutch."""

from __future__ import annotations

from beraad.tui.screens.bottleneck import BottleneckForm
from beraad.tui.screens.session import SessionScreen

from .conftest import keys, press, read_session_file, until


async def test_keys_typed_right_after_ctrl_k_land_in_the_title(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        # one burst, as a fast typist flags what was just said: not one letter may be lost
        await keys(pilot, "ctrl+k", *"Inlichtingenplicht", "space", *"knelt")
        form = app.screen
        assert isinstance(form, BottleneckForm)
        assert form.query_one("#k-title").value == "Inlichtingenplicht knelt"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionScreen)
        await keys(pilot, "ctrl+q")
    assert [b["title"] for b in read_session_file(workspace_of(app))["bottlenecks"]] == ["Inlichtingenplicht knelt"]


async def test_the_knelpunt_form_has_its_title_focused_from_its_first_frame(make_app, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await app.screen.run_action("flag")  # awaited: the form is mounted once this returns
        form = app.screen
        assert isinstance(form, BottleneckForm)
        assert form.focused is form.query_one("#k-title")  # before any refresh or on_mount
        await keys(pilot, "escape")


def workspace_of(app):
    return app.workspace
