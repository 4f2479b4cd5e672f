"""The review (Ctrl+E) by keyboard at 80x24: after v or b the cursor goes on to the next
word still to be decided, never to a group heading; the footer offers only the keys that
can apply to the verslag as it stands."""

from __future__ import annotations

from beraad.store.sessions import SessionStore
from beraad.tui.screens.review import ReviewScreen

from .conftest import TODAY, keys, press, screen_text, settle, store_and_index, until

STORY = (
    "Mevrouw (34) kwam in 2019 naar Nederland. Haar zoon (7) gaat naar school. Ze werkt bij Bakkerij Vlot. "
    "De buurman Zbigniew helpt. Ze woont naast Okonkwo."
)


def story_session(dilemma):
    from beraad import demo

    session = demo.session(dilemma, TODAY)
    session.set_value("casus", "verhaal", STORY)
    session.review.reviewed = None  # the demo's review was done for its own story
    return session


async def open_review(pilot) -> ReviewScreen:
    app = pilot.app
    await keys(pilot, "enter")
    await until(pilot, lambda: hasattr(app.screen, "core"), "the session open")
    await keys(pilot, "ctrl+e")
    review = app.screen
    assert isinstance(review, ReviewScreen)
    await until(pilot, lambda: bool(review.found), "the findings")
    return review


async def decided(pilot, review: ReviewScreen, key: str) -> None:
    await keys(pilot, key)
    await review.workers.wait_for_complete()
    await settle(pilot)


def at_cursor(review: ReviewScreen):
    return review.rows[review.query_one("#findings").cursor_row]


def undecided(review: ReviewScreen) -> list[str]:
    return [f.text for f in review.rows if f is not None and f.state == "te beslissen"]


async def test_v_and_b_go_on_to_the_next_word_still_to_be_decided(make_app, workspace, dilemma):
    session = story_session(dilemma)
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(pilot)
        order = undecided(review)
        assert len(order) >= 4, order  # a name, the ages, the year, the employer
        assert at_cursor(review).text == order[0]
        await press(pilot, "down")
        if at_cursor(review) is None:  # past a heading, as a person would
            await press(pilot, "down")
        assert at_cursor(review).text == order[1]
        await decided(pilot, review, "v")
        assert at_cursor(review) is not None and at_cursor(review).text == order[2]
        while len(undecided(review)) > 1:
            before = at_cursor(review).text
            await decided(pilot, review, "b" if before == order[-1] else "v")
            finding = at_cursor(review)
            assert finding is not None, "the cursor is on a group heading"
            assert finding.state == "te beslissen" and finding.text != before
        (last,) = undecided(review)
        await decided(pilot, review, "v")  # the last one: the cursor stays on it, decided
        assert at_cursor(review).text == last and at_cursor(review).state == "vervangen"
        assert not undecided(review)
        await keys(pilot, "escape", "ctrl+q")
    stored = SessionStore(workspace.sessions).load(session.id).review
    assert set(order) <= set(stored.replace) | set(stored.keep)
    assert order[-1] in stored.keep


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_footer_offers_only_what_can_apply_to_the_verslag_as_it_stands(make_app, workspace, dilemma):
    from .test_register import approve

    session = story_session(dilemma)
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(pilot)
        shown = footer(app)  # deciding first; approving and exporting wait for the review
        assert "v Vervangen" in shown and "b Behouden" in shown and "Ctrl+R Klaar" in shown
        assert "Vaststellen" not in shown and "Exporteren" not in shown
        await keys(pilot, "ctrl+g", "ctrl+x")  # not yet: nothing happens, nothing is written
        assert app.screen is review and not list(workspace.exports.glob("*"))
        await keys(pilot, "escape", "escape", "ctrl+q")
    approved = SessionStore(workspace.sessions).load(session.id)
    for finding in ("(34)", "(7)", "2019", "Bakkerij Vlot", "Zbigniew", "Okonkwo"):
        approved.review.replace.append(finding)
    from beraad.report import content

    approved.review.reviewed = content.fingerprint(approved)
    approve(approved, TODAY)
    store_and_index(workspace, approved)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_review(pilot)
        assert review.core.approved_as_is
        shown = footer(app)  # vastgesteld: nothing left to decide or approve, only to export
        assert "Vervangen" not in shown and "Behouden" not in shown and "Klaar" not in shown
        assert "Vaststellen" not in shown and "Ctrl+X Exporteren" in shown
        await keys(pilot, "b", "enter", "v")  # no decision slips into the approved version
        assert review.core.approved_as_is
        await keys(pilot, "escape", "escape", "ctrl+q")
    stored = SessionStore(workspace.sessions).load(session.id)
    assert stored.review.keep == approved.review.keep and len(stored.approvals) == 1


async def test_the_verslag_in_the_review_shows_no_empty_header_rows(make_app, workspace, dilemma):
    from beraad.tui.compat import markdown_table

    _, table_content = markdown_table()
    session = story_session(dilemma)
    store_and_index(workspace, session)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_review(pilot)
        preview = review.query_one("#preview-text")
        await review.workers.wait_for_complete()
        await until(pilot, lambda: bool(preview.query(table_content)), "the verslag's tables")
        tables = list(preview.query(table_content))
        headless = [t for t in tables if not any(h.plain.strip() for h in t.headers)]
        headed = [t for t in tables if any(h.plain.strip() for h in t.headers)]
        assert headless and headed  # the session's details, a knelpunt's; the dilemma, the actions
        top = {t.region.y - min(c.region.y for c in t.query(".header")) for t in headed}
        assert len(top) == 1 and all(c.region.height > 0 for t in headed for c in t.query(".header"))
        for table in headless:  # no empty row on top: the first row shown is the first of the list
            assert all(cell.region.height == 0 for cell in table.query(".header"))
            first = min(table.query(".cell"), key=lambda cell: cell.region.y)
            assert {table.region.y - first.region.y} == top
        assert "Datum" in screen_text(app)  # the first row of the session's details, on top
        await keys(pilot, "escape", "escape", "ctrl+q")
