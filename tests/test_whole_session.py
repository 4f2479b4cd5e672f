"""A hard, realistic session (tests/hard_session.py: a resident of Eritrean origin, her son,
her ex-partner, a neighbour, a school, a GP practice, numbers typed as people type them)
through the app as a facilitator goes: the review, deciding what it flags, the team's
approval, the export in every format. Not one identifier in any file that leaves."""

from __future__ import annotations

import re
import zipfile
from datetime import date

from beraad.store.sessions import SessionStore
from beraad.tui.screens.review import ReviewScreen

from . import hard_session
from .conftest import keys, press, settle, store_and_index, type_text


def _texts_of(path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:  # every part: body, header, footer, properties
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_text(encoding="utf-8")


def _found(identifier: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(identifier)}(?!\w)", text, re.I) is not None


async def test_nothing_that_identifies_anyone_leaves_the_laptop(make_app, workspace, dilemma):
    session = hard_session.session(dilemma, date(2026, 11, 23))
    # two things the anonymiser cannot be sure of: the facilitator decides on them
    session.set_value("dialoog", "aard", "Ook Tesfay ontbrak bij het gesprek. Haar vader is de enige imam in de wijk.")
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await keys(pilot, "ctrl+e")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await review.workers.wait_for_complete()
        await settle(pilot)
        status = str(review.query_one("#review-status").render())
        assert "nog te beslissen" in status
        assert ". Review nog niet klaar: Ctrl+R" in status  # two sentences, each with a capital
        assert "persoon: " in status  # a count per kind, which cannot be read as a label
        await keys(pilot, "ctrl+r")  # not yet: something still waits for a decision
        assert review.core.needs_review
        assert any("mogelijk herleidbaar" in m for m in app.said)

        await press(pilot, "f")  # only what is still to be decided
        while any(f.state == "te beslissen" for f in review.found):
            await press(pilot, "down", "v")  # past the group heading; replace it
            await review.workers.wait_for_complete()
            await settle(pilot)
        assert "nog te beslissen" not in str(review.query_one("#review-status").render())
        await keys(pilot, "ctrl+r")
        assert not review.core.needs_review

        await keys(pilot, "ctrl+g", "escape")  # not yet after all: the dialog says so
        assert not review.core.session.approvals
        assert any("Niet vastgesteld" in m for m in app.said)
        await keys(pilot, "ctrl+g")  # the team approved it; someone types a name with the role
        await type_text(pilot, "teamleider Karin de Vries")
        await press(pilot, "enter")
        assert review.core.session.approvals
        told = [m for m in app.said if "vastgesteld" in m]
        assert any("In 'Door' stond een naam; het verslag zegt: teamleider [" in m for m in told), told
        await keys(pilot, "ctrl+x")
        await review.workers.wait_for_complete()
        await settle(pilot)

    files = sorted(workspace.exports.iterdir())
    assert {p.suffix for p in files} == {".md", ".html", ".docx"}
    assert any(p.name.startswith("signaal-") for p in files)
    for path in files:
        text = _texts_of(path)
        for identifier in [*hard_session.NEVER, "Karin", "Vries", "Tesfay", "imam"]:
            assert not _found(identifier, text), f"{identifier!r} in {path.name}"
        for name in (path.name.lower(),):
            assert "semhar" not in name and "tesfamariam" not in name
    stored = SessionStore(workspace.sessions).load(session.id)
    assert stored.approvals[0].by_role == "teamleider Karin de Vries"  # the name stays on this laptop
