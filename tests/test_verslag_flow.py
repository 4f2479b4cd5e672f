"""Flag a knelpunt in round 3, review, approve, export, by key presses; then read the files."""

from __future__ import annotations

import re
import zipfile

from beraad.store.sessions import SessionStore
from beraad.tui.screens.review import ReviewScreen

from .conftest import PEOPLE, TODAY, fill, keys, press, settle, store_and_index, type_text, until


async def test_flag_review_approve_export(make_app, workspace, stored_session):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")  # opening a session is not typed ahead
        await keys(pilot, "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")  # past the look back to round 3
        assert app.screen.core.session.current_step == "dilemma"
        await type_text(pilot, "Moet ik Anna de Groot volgen of Dirk?")

        await keys(pilot, "ctrl+k")
        assert not app.screen.query_one("#k-similar-label").display  # nothing seen before: no empty heading
        await fill(pilot, "Inlichtingenplicht knelt bij vlucht", "Bram Visser ziet dit vaker bij vluchtende vrouwen")
        await press(pilot, "tab", "space", "tab")  # source: landelijke wet- en regelgeving
        await fill(pilot, "Participatiewet art. 17", "Geen inkomen na vlucht")
        await keys(pilot, "tab", "tab", "tab", "tab")  # bestaanszekerheid, beleidsruimte, aard: left open
        await type_text(pilot, "beleid")
        await keys(pilot, "ctrl+s")
        (flag,) = app.screen.core.session.bottlenecks
        assert (flag.title, flag.step_id, flag.addressee) == (
            "Inlichtingenplicht knelt bij vlucht",
            "dilemma",
            "beleid",
        )
        assert flag.sources == ["landelijke wet- en regelgeving"]

        await keys(pilot, "ctrl+e")
        assert isinstance(app.screen, ReviewScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        preview = str(app.screen.query_one("#preview-text").render())
        assert "[deelnemer 4]" in preview and "Dirk" not in preview
        findings = app.screen.query_one("#findings")
        assert any("[deelnemer" in str(findings.get_row_at(i)[1]) for i in range(findings.row_count))
        await keys(pilot, "ctrl+r")  # review done
        await keys(pilot, "ctrl+g")  # the team approved it
        await type_text(pilot, "het team")
        await press(pilot, "enter")
        status = str(app.screen.query_one("#review-status").render())
        assert "versie 1 vastgesteld" in status and "Ctrl+G" not in status  # nothing left to approve
        await keys(pilot, "ctrl+x")
        await app.workers.wait_for_complete()
        await settle(pilot)

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
        if path.suffix == ".md" and path.name.startswith("verslag-"):  # an open question is no answer
            assert "| Raakt bestaanszekerheid | niet ingevuld |" in text and "| Aard | niet ingevuld |" in text
        for name, _ in PEOPLE:
            for part in name.split():
                if part != "de":
                    assert not re.search(rf"(?<!\w){part}(?!\w)", text), f"{part} in {path.name}"


async def test_the_verslag_in_the_review_scrolls_and_an_empty_filter_says_so(make_app, workspace, dilemma):
    from beraad import demo

    session = demo.session(dilemma, TODAY)
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter", "ctrl+e")
        review = app.screen
        await review.workers.wait_for_complete()
        await settle(pilot)
        for finding in [f for f in review.found if f.state == "te beslissen"]:
            review.core.decide(finding, True)
        review.rebuild()
        await review.workers.wait_for_complete()
        await keys(pilot, "f")  # only what is still to be decided: nothing
        assert "Er is niets meer te beslissen" in str(review.query_one("#context").render())
        await keys(pilot, "w")  # the verslag itself, scrolled with the keys
        preview = review.query_one("#preview")
        assert app.focused is preview
        await press(pilot, "pagedown")
        assert preview.scroll_y > 0
        await keys(pilot, "w")
        assert app.focused is review.query_one("#findings")


async def test_an_export_on_a_full_disk_is_a_dutch_message_and_the_app_stays(
    make_app, workspace, stored_session, monkeypatch
):
    import errno

    from beraad import report

    real_open = open

    def full_disk(path, mode="r", *args, **kwargs):
        if "w" in mode:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await keys(pilot, "ctrl+e")
        review = app.screen
        await review.workers.wait_for_complete()
        await settle(pilot)
        await keys(pilot, "ctrl+r")
        monkeypatch.setattr(report, "open", full_disk, raising=False)
        await keys(pilot, "ctrl+x")
        await until(pilot, lambda: any("de schijf is vol" in m for m in app.said), "a message")
        assert app.is_running and app.screen is review  # no crash, still in the review
        told = list(app.said)
        assert not any("No space" in m or "Errno" in m for m in told)
    assert app.return_code in (0, None) and app.crash_message is None
    assert not list(workspace.exports.glob("verslag-*"))


async def test_review_done_on_a_full_disk_says_it_is_not_saved_yet(make_app, workspace, stored_session, monkeypatch):
    import errno

    import beraad.store.sessions

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter", "ctrl+e")
        await app.screen.workers.wait_for_complete()
        await settle(pilot)
        monkeypatch.setattr(beraad.store.sessions, "atomic_write", full)
        await keys(pilot, "ctrl+r")
        told = list(app.said)
        assert any("Review klaar, maar nog niet opgeslagen" in m and "de schijf is vol" in m for m in told), told
        monkeypatch.undo()
        await keys(pilot, "ctrl+s", "escape", "ctrl+q")
