"""A notice to the team that could not be sent: the page and the audit log say so in Dutch,
the step is kept, and the mail goes later (with `beraad server mail`, or after the next
mail that does go through)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.server.conftest import ServerProcess, free_port, login, make_addressee, make_person, shot
from tests.server.test_mail import Inbox
from tests.server.test_pages import pushed


def _with_mailbox(addressee: Any) -> Any:
    k = pushed(addressee.name)[0]
    k.team.mailbox = f"team-{uuid.uuid4().hex[:6]}@gemeente.test"
    k.team.save()
    return k


def test_a_failed_notice_is_said_on_the_page_and_in_the_audit_and_goes_later(
    db: str, tmp_path: Any, in_browser: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiosmtpd.controller import Controller
    from django.test import override_settings

    from beraad.server.models import Audit, Knelpunt, Outbox

    port = free_port()  # nothing listens here yet: the mail server is down
    server = ServerProcess(
        db, tmp_path / "server.log", env={"BERAAD_SMTP_HOST": "127.0.0.1", "BERAAD_SMTP_PORT": str(port)}
    )
    addressee = make_addressee()
    k = _with_mailbox(addressee)
    beleid = make_person("beleid", addressee)

    def work(page: Any) -> str:
        login(page, server.url, beleid)
        page.goto(f"{server.url}/knelpunt/{k.ref}/")
        page.get_by_label("Nieuwe stap").select_option("geagendeerd")
        page.get_by_label("Bij wie (bij geagendeerd)").fill("beleidsadviseur")
        page.get_by_role("button", name="Stap vastleggen").click()
        page.get_by_text(re.compile("Vastgelegd: 'geagendeerd'")).wait_for()
        shot(page, "mail-mislukt")
        return page.locator(".bericht.warning").inner_text()

    server.start()
    try:
        said = in_browser(work)
    finally:
        server.stop()
    assert f"De mail aan het team ({k.team.mailbox}) over {k.ref} is niet verstuurd" in said
    assert f"de mailserver (127.0.0.1:{port}) weigert de verbinding" in said
    assert "De stap is wel vastgelegd" in said and "beraad server mail" in said
    assert Knelpunt.objects.get(id=k.id).status == "geagendeerd"  # the change is kept
    waiting = Outbox.objects.get(ref=k.ref)
    assert waiting.sent_at is None and waiting.attempts == 1 and "weigert de verbinding" in waiting.last_error
    failed = Audit.objects.get(ref=k.ref, action="mail aan team mislukt")
    assert failed.who == "server" and "weigert de verbinding" in failed.detail and "staat klaar" in failed.detail

    # still down: the command says what waits, and why
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        code, out, _ = run_cli(capsys, "server", "--database", db, "mail")
    assert code == 1 and "wachten nog" in out and "weigert de verbinding" in out

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()  # the mail server is back
    try:
        with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
            code, out, _ = run_cli(capsys, "server", "--database", db, "mail")
    finally:
        controller.stop()
    assert code == 0 and "alsnog verstuurd" in out
    assert [m["Subject"] for m in inbox.to(k.team.mailbox)] == [f"[beraad] {k.ref} is nu 'geagendeerd'"]
    waiting.refresh_from_db()
    # (other tests' mail may wait in this database too, and be tried before this one)
    assert waiting.sent_at is not None and waiting.attempts >= 2
    sent = Audit.objects.get(ref=k.ref, action="mail aan team")
    assert sent.detail == f"{k.team.mailbox} (na {waiting.attempts} pogingen)"


def test_what_waited_goes_with_the_next_mail_that_goes_through(db: str) -> None:
    from aiosmtpd.controller import Controller
    from django.test import override_settings

    from beraad.server import events
    from beraad.server.models import Knelpunt, Outbox

    addressee = make_addressee()
    first, second = _with_mailbox(addressee), _with_mailbox(addressee)
    actor = events.Actor.command("beleid")
    port = free_port()
    step = {"status": "geagendeerd", "date": date(2026, 11, 10), "to_whom": "beleid"}
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
        events.record_step(actor, [first], step)
        assert Outbox.objects.get(ref=first.ref).sent_at is None
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            events.record_step(actor, [Knelpunt.objects.get(id=second.id)], step)
        finally:
            controller.stop()
    assert len(inbox.to(first.team.mailbox)) == 1 and len(inbox.to(second.team.mailbox)) == 1
    assert not Outbox.objects.filter(ref__in=[first.ref, second.ref], sent_at=None).exists()
