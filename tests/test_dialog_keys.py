"""Dialogs by keyboard: what is typed right after the key that opens one lands in its
first field, and Ctrl+P in a dialog lists the dialog's own actions, in Dutch."""

from __future__ import annotations

from beraad.tui.screens.bottleneck import BottleneckForm
from beraad.tui.screens.session import SessionScreen

from .conftest import keys, press, read_session_file, screen_text, settle, until


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
        assert form.focused is form.query_one("#k-title")  # before any refresh
        await settle(pilot)
        assert form.query_one(".form-box").scroll_y == 0  # the heading and the title's label in view
        assert "Knelpunt, opgekomen in" in screen_text(app) and "Titel" in screen_text(app)
        await keys(pilot, "escape")


def workspace_of(app):
    return app.workspace


async def palette_titles(pilot) -> list[str]:
    from textual.command import CommandList

    app = pilot.app
    await keys(pilot, "ctrl+p")
    await until(pilot, lambda: app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count > 0)
    return [str(option.prompt) for option in app.screen.query_one(CommandList).options]


async def test_ctrl_p_in_a_dialog_lists_its_own_actions_in_dutch(make_app, workspace, stored_session):
    from textual.command import CommandList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.focused is not None)
        await keys(pilot, "ctrl+k", *"Inlichtingenplicht")
        form = app.screen
        titles = await palette_titles(pilot)
        for title in ("Bewaren", "Hetzelfde knelpunt", "Volgend eerder knelpunt", "Annuleren", "Afsluiten"):
            assert any(title in t for t in titles), (title, titles)
        for not_wanted in ("Volgend veld", "Vorig veld", "Toetsen", "Save", "Cancel", "Focus", "Quit"):
            assert not any(not_wanted in t for t in titles), (not_wanted, titles)
        await keys(pilot, *"bewaren")
        await until(pilot, lambda: any("Bewaren" in str(o.prompt) for o in app.screen.query_one(CommandList).options))
        await press(pilot, "enter")  # runs the form's own Ctrl+S
        await until(pilot, lambda: isinstance(app.screen, SessionScreen), "the form kept and closed")
        assert app.screen is not form
        await keys(pilot, "ctrl+k", *"x", "escape")  # typing: Esc asks; the question has its answers too
        titles = await palette_titles(pilot)
        assert any("Ja" in t for t in titles) and any("Nee" in t for t in titles)
        await keys(pilot, "escape", "n", "escape", "j", "ctrl+q")
    assert [b["title"] for b in read_session_file(workspace)["bottlenecks"]] == ["Inlichtingenplicht"]
