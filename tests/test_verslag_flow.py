"""Flag a knelpunt in round 3, review, approve, export, by key presses; then read the files."""

from __future__ import annotations

import re
import zipfile

from beraad.store import SessionStore
from beraad.tui.screens.review import ReviewScreen

from .conftest import PEOPLE, type_text


async def test_flag_review_approve_export(make_app, workspace, stored_session):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.pause()
        assert app.screen.session.current_step == "dilemma"
        await type_text(pilot, "Moet ik Anna de Groot volgen of Dirk?")

        await pilot.press("ctrl+k")
        await type_text(pilot, "Inlichtingenplicht knelt bij vlucht")
        await pilot.press("tab")
        await type_text(pilot, "Bram Visser ziet dit vaker bij vluchtende vrouwen")
        await pilot.press("tab", "space", "tab")  # source: landelijke wet- en regelgeving
        await type_text(pilot, "Participatiewet art. 17")
        await pilot.press("tab")
        await type_text(pilot, "Geen inkomen na vlucht")
        await pilot.press("tab", "tab", "tab")  # bestaanszekerheid, beleidsruimte, aard: as they are
        await pilot.press("tab")
        await type_text(pilot, "beleid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (flag,) = app.screen.session.bottlenecks
        assert (flag.title, flag.step_id, flag.addressee) == (
            "Inlichtingenplicht knelt bij vlucht",
            "dilemma",
            "beleid",
        )
        assert flag.sources == ["landelijke wet- en regelgeving"]

        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ReviewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "[deelnemer" in str(app.screen.query_one("#preview-text").render())
        await pilot.press("ctrl+r")  # review done
        await pilot.press("ctrl+g")  # the team approved it
        await type_text(pilot, "het team")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+x")
        await app.workers.wait_for_complete()
        await pilot.pause()

    session = SessionStore(workspace.sessions).load(stored_session.id)
    assert session.approvals[0].by_role == "het team"
    files = sorted(workspace.exports.iterdir())
    names = [p.name for p in files]
    assert any(n.endswith("-v1-vastgesteld.md") for n in names)
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".html") for n in names)
    assert any(n.startswith("signaal-") for n in names)
    for path in files:
        raw = path.read_bytes()
        text = zipfile.ZipFile(path).read("word/document.xml").decode() if path.suffix == ".docx" else raw.decode()
        assert "Inlichtingenplicht knelt bij vlucht" in text
        for name, _ in PEOPLE:
            for part in name.split():
                if part != "de":
                    assert not re.search(rf"(?<!\w){part}(?!\w)", text), f"{part} in {path.name}"
