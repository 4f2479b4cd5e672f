"""Mail through Django's SMTP backend to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest

from tests.server.conftest import free_port, make_addressee, make_person
from tests.server.test_pages import pushed

pytestmark = pytest.mark.usefixtures("db")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    from aiosmtpd.controller import Controller
    from django.test import override_settings

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=controller.port, EMAIL_USE_TLS=False):
        yield inbox
    controller.stop()


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def test_the_team_mailbox_hears_when_its_knelpunt_moves(smtp: Inbox) -> None:
    from django.db import transaction

    from beraad.server import events
    from beraad.server.models import Audit, Knelpunt

    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    mailbox = f"team-{uuid.uuid4().hex[:6]}@gemeente.test"
    k.team.mailbox = mailbox
    k.team.save()
    actor = events.Actor.command("beleid")
    with transaction.atomic():  # the notice goes once the change is committed
        events.record_step(actor, [k], {"status": "geagendeerd", "date": date(2026, 11, 10), "to_whom": addressee.name})
        assert smtp.to(mailbox) == []
    k = Knelpunt.objects.get(id=k.id)
    events.record_step(
        actor,
        [k],
        {
            "status": "afgerond",
            "date": date(2026, 11, 20),
            "outcome": "niet opgelost",
            "note": "Nee: landelijke wet; wij agenderen het bij de VNG.",
        },
    )
    mails = smtp.to(mailbox)
    assert len(mails) == 2
    assert f"{k.ref} is nu 'afgerond'" in mails[1]["Subject"]
    assert "Nee: landelijke wet" in _body(mails[1])
    assert Audit.objects.filter(ref=k.ref, action="mail aan team").count() == 2


def test_owners_get_one_reminder_before_and_one_after_the_deadline(smtp: Inbox) -> None:
    from django.contrib.auth.models import User

    from beraad.server import events, mail
    from beraad.server.models import Knelpunt

    addressee = make_addressee(weeks=2)
    owner = make_person("beleid", addressee)
    k = pushed(addressee.name)[0]
    events.set_owner(events.Actor.command("beleid"), k, User.objects.get(username=owner.email))
    k = Knelpunt.objects.get(id=k.id)
    assert k.due == date(2026, 11, 30) and k.due_what == "agenderen"  # four weeks after the session
    assert mail.reminders(date(2026, 11, 1)) == 0 or smtp.to(owner.email) == []
    mail.reminders(date(2026, 11, 25))
    mail.reminders(date(2026, 11, 25))  # twice on one day: one mail
    assert len(smtp.to(owner.email)) == 1 and "verwacht uiterlijk 30-11-2026" in smtp.to(owner.email)[0]["Subject"]
    mail.reminders(date(2026, 12, 2))
    late = smtp.to(owner.email)[1]
    assert "te laat" in late["Subject"] and f"/knelpunt/{k.ref}/" in _body(late)
    mail.reminders(date(2026, 12, 3))
    assert len(smtp.to(owner.email)) == 2


def test_a_mail_server_that_is_down_loses_no_change() -> None:
    from django.test import override_settings

    from beraad.server import events
    from beraad.server.models import Audit, Knelpunt

    addressee = make_addressee()
    k = pushed(addressee.name)[0]
    k.team.mailbox = "team@gemeente.test"
    k.team.save()
    with override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=free_port()):
        events.record_step(
            events.Actor.command("beleid"),
            [k],
            {"status": "geagendeerd", "date": date(2026, 11, 10), "to_whom": addressee.name},
        )
    assert Knelpunt.objects.get(id=k.id).status == "geagendeerd"
    assert Audit.objects.filter(ref=k.ref, action="mail aan team mislukt").exists()
