"""Mail through Django's SMTP backend: reminders to owners before and after a deadline,
and a notice to a team's functional mailbox when its knelpunt moves. A mail server that
is down never loses a change: the change is committed first, the failure is logged."""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from beraad.server.models import Audit, Knelpunt, Reminder

log = logging.getLogger("beraad.server")
BEFORE_DAYS = 7  # the owner hears a week before the deadline


def _send(subject: str, body: str, to: str) -> bool:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except (OSError, Exception) as error:  # smtplib's errors are OSErrors; a bad address is not
        log.warning("mail to %s not sent: %s", to, error)
        return False
    return True


def team_notice(knelpunt_id: uuid.UUID) -> bool:
    knelpunt = Knelpunt.objects.select_related("team").filter(id=knelpunt_id).first()
    if knelpunt is None or not knelpunt.team.mailbox:
        return False
    lines = [
        f"Het knelpunt {knelpunt.ref} ({knelpunt.local_ref}) van jullie team is bijgewerkt.",
        "",
        f"Titel: {knelpunt.title}",
        f"Status: {knelpunt.status}{f' ({knelpunt.outcome})' if knelpunt.outcome else ''}",
    ]
    if knelpunt.answer:
        lines += ["", "Antwoord met uitleg:", knelpunt.answer]
    lines += ["", "Jullie zien dit ook in beraad (overzicht en Terugblik) na de volgende synchronisatie."]
    sent = _send(f"[beraad] {knelpunt.ref} is nu '{knelpunt.status}'", "\n".join(lines), knelpunt.team.mailbox)
    Audit.objects.create(
        who="server",
        action="mail aan team" if sent else "mail aan team mislukt",
        ref=knelpunt.ref,
        detail=knelpunt.team.mailbox,
    )
    return sent


def reminders(today: date) -> int:
    """Send each owner's reminders once per deadline: a week before, and once it passed."""
    sent = 0
    open_ones = (
        Knelpunt.objects.select_related("owner")
        .exclude(owner=None)
        .exclude(due=None)
        .exclude(status="teruggekoppeld")
        .filter(due__lte=today + timedelta(days=BEFORE_DAYS))
    )
    for knelpunt in open_ones:
        assert knelpunt.due is not None and knelpunt.owner is not None
        kind = "na" if knelpunt.due < today else "voor"
        if not knelpunt.owner.email:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(knelpunt=knelpunt, kind=kind, due=knelpunt.due)
                when = (
                    f"is sinds {knelpunt.due:%d-%m-%Y} te laat"
                    if kind == "na"
                    else f"verwacht uiterlijk {knelpunt.due:%d-%m-%Y}"
                )
                body = (
                    f"{knelpunt.ref}: {knelpunt.title}\n\n"
                    f"Wat er verwacht wordt ({knelpunt.due_what}) {when}.\n"
                    f"Status: {knelpunt.status}. Team: {knelpunt.team.name}.\n\n"
                    f"{settings.BASE_URL}/knelpunt/{knelpunt.ref}/\n"
                )
                if not _send(f"[beraad] {knelpunt.ref} {when}", body, knelpunt.owner.email):
                    raise OSError("not sent")  # roll back the record: try again next run
        except IntegrityError:
            continue
        except OSError:
            continue
        Audit.objects.create(who="server", action="herinnering gestuurd", ref=knelpunt.ref, detail=knelpunt.owner.email)
        sent += 1
    return sent
