"""Mail through Django's SMTP backend: reminders to owners before and after a deadline,
and a notice to a team's functional mailbox when its knelpunt moves. A mail server that
is down never loses a change: the change is committed first. A notice that could not go
stays in the outbox (Outbox) with the reason in Dutch, the audit log says so, the page
that made the change says so, and it goes again later: after the next mail that does go
through, with `beraad server mail`, and with the daily `beraad server herinneringen`."""

from __future__ import annotations

import logging
import smtplib
import socket
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from beraad.server.models import Audit, Knelpunt, Outbox, Reminder

log = logging.getLogger("beraad.server")
BEFORE_DAYS = 7  # the owner hears a week before the deadline
RETRY_BATCH = 50  # waiting mails sent again at a time
LATER = "de mail staat klaar en gaat alsnog zodra de mailserver weer werkt (na de volgende mail die wel lukt, of met 'beraad server mail')"


class NotSent(Exception):
    """Why a mail did not go, in Dutch (the technical detail is in the server's log);
    down: the mail server could not be reached (else it refused this one mail)."""

    def __init__(self, reason: str, down: bool = True) -> None:
        super().__init__(reason)
        self.down = down


def _reason(error: BaseException) -> str:
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"de mailserver ({where}) neemt de inloggegevens niet aan"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "de mailserver weigert het adres"
    if isinstance(error, smtplib.SMTPException):
        return f"de mailserver ({where}) gaf een fout"
    if isinstance(error, socket.gaierror):
        return f"de mailserver ({settings.EMAIL_HOST}) is onbekend; klopt BERAAD_SMTP_HOST?"
    if isinstance(error, TimeoutError):
        return f"de mailserver ({where}) antwoordt niet"
    if isinstance(error, ConnectionRefusedError):
        return f"de mailserver ({where}) weigert de verbinding; draait hij?"
    if isinstance(error, OSError):
        return f"de mailserver ({where}) is niet bereikbaar"
    return "er ging iets mis bij het versturen"


def _send(subject: str, body: str, to: str) -> None:
    """Send one mail; raises NotSent with the reason in Dutch."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except Exception as error:  # smtplib's errors are OSErrors; a bad address is not
        log.warning("mail to %s not sent: %r", to, error)
        refused = isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError | smtplib.SMTPSenderRefused)
        raise NotSent(_reason(error), down=not refused) from error


def deliver(mail: Outbox) -> bool | None:
    """Try to send one mail of the outbox; what happened is in the outbox and the audit log.
    True: sent; False: the mail server could not be reached; None: it refused this mail."""
    mail.attempts += 1
    mail.last_try = timezone.now()
    try:
        _send(mail.subject, mail.body, mail.to)
    except NotSent as reason:
        mail.last_error = str(reason)[:300]
        mail.save(update_fields=["attempts", "last_try", "last_error"])
        Audit.objects.create(
            who="server",
            action="mail aan team mislukt",
            ref=mail.ref,
            detail=f"aan {mail.to}: {reason}; {LATER} (poging {mail.attempts})",
        )
        return False if reason.down else None
    mail.sent_at, mail.last_error = timezone.now(), ""
    mail.save(update_fields=["attempts", "last_try", "last_error", "sent_at"])
    again = f" (na {mail.attempts} pogingen)" if mail.attempts > 1 else ""
    Audit.objects.create(who="server", action="mail aan team", ref=mail.ref, detail=f"{mail.to}{again}")
    return True


def waiting() -> list[Outbox]:
    # the least tried first: a mail the server keeps refusing never holds up the others
    return list(Outbox.objects.filter(sent_at=None).order_by("attempts", "created_at")[:RETRY_BATCH])


def retry() -> tuple[int, int]:
    """Send what is waiting in the outbox, oldest first, until the mail server fails again:
    (sent now, still waiting)."""
    sent = 0
    for mail in waiting():
        done = deliver(mail)
        if done is False:  # the mail server is down again: the rest waits for next time
            break
        sent += bool(done)
    return sent, Outbox.objects.filter(sent_at=None).count()


def team_notice(knelpunt_id: uuid.UUID) -> bool:
    """Tell a team's mailbox its knelpunt moved. When it goes, what was still waiting goes too."""
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
    mail = Outbox.objects.create(
        to=knelpunt.team.mailbox,
        subject=f"[beraad] {knelpunt.ref} is nu '{knelpunt.status}'"[:300],
        body="\n".join(lines),
        ref=knelpunt.ref,
    )
    done = deliver(mail)
    if done is not False:
        retry()  # the mail server works (again): what waited goes now
    return bool(done)


def not_sent(refs: list[str], since: object) -> list[Outbox]:
    """The notices about these knelpunten made since then that did not go (for the page)."""
    return list(Outbox.objects.filter(ref__in=refs, created_at__gte=since, sent_at=None))


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
                _send(f"[beraad] {knelpunt.ref} {when}", body, knelpunt.owner.email)  # NotSent: rolled back
        except IntegrityError:
            continue
        except NotSent as reason:
            Audit.objects.create(
                who="server",
                action="herinnering mislukt",
                ref=knelpunt.ref,
                detail=f"aan {knelpunt.owner.email}: {reason}; de herinnering gaat opnieuw bij de volgende keer",
            )
            continue
        Audit.objects.create(who="server", action="herinnering gestuurd", ref=knelpunt.ref, detail=knelpunt.owner.email)
        sent += 1
    return sent
