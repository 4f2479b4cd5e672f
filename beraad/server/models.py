"""What the municipality register keeps.

The event log is the truth: every knelpunt's history is its events, made where they
happened (a laptop, or this server for beleid's steps, owners, groups and references),
never changed. A Knelpunt row is the fold of its events plus where the server routed it,
kept so that an inbox of ten thousand knelpunten is one indexed query.

Shaped after Signalen (Amsterdam): a managed list of addressees with a term (its
departments and service levels), an owner per knelpunt, groups of knelpunten (its
parent/child signals), and a history of every change with who and when.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Lower

ROLES = [
    ("beleid", "beleid (beantwoordt wat naar de eigen adressaat gaat)"),
    ("coordinator", "coördinator (ziet alles, voegt samen, routeert)"),
    ("beheer", "beheer (teams, gebruikers, adressaten)"),
]


class Addressee(models.Model):
    """Where a knelpunt goes: the route map as a managed list ("beleid", "teamleider", …)."""

    name = models.CharField("naam", max_length=100)
    description = models.TextField("omschrijving", blank=True)
    feedback_weeks = models.PositiveSmallIntegerField("terugkoppeling binnen (weken)", default=8)
    email = models.EmailField("functionele mailbox", blank=True)
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "adressaat"
        verbose_name_plural = "adressaten"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="addressee_name_unique")]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField("naam", max_length=200, unique=True)
    mailbox = models.EmailField("functionele mailbox", blank=True, help_text="krijgt bericht als een knelpunt beweegt")
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pairing(models.Model):
    """A one-time code a team's laptop trades for a token (`beraad register koppel`)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="pairings")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "koppelcode"
        verbose_name_plural = "koppelcodes"


class Token(models.Model):
    """A laptop's key: reads and writes only its own team's knelpunten. Only a hash is kept."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    origin = models.UUIDField("herkomst (werkmap)", db_index=True)
    created_at = models.DateTimeField("gekoppeld", auto_now_add=True)
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)
    revoked_at = models.DateTimeField("ingetrokken", null=True, blank=True)

    class Meta:
        verbose_name = "laptopsleutel"
        verbose_name_plural = "laptopsleutels"

    def __str__(self) -> str:
        return f"{self.team} · {str(self.origin)[:8]}"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("rol", max_length=20, choices=ROLES)
    addressee = models.ForeignKey(
        Addressee, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="adressaat", related_name="staff"
    )

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Group(models.Model):
    """One theme across teams: knelpunten beleid merged; each keeps its own history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    title = models.CharField("titel", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def __str__(self) -> str:
        return self.title


class Knelpunt(models.Model):
    """The folded state of one knelpunt: anonymised text from a vastgesteld verslag only."""

    id = models.UUIDField(primary_key=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="knelpunten")
    ref = models.CharField("referentie", max_length=30, unique=True)
    local_ref = models.CharField("referentie van de laptop", max_length=40, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField()
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beschrijving", blank=True)
    effect = models.TextField("effect op inwoners", blank=True)
    sources = models.JSONField("bronnen", default=list)
    regulation = models.CharField("regelgeving", max_length=500, blank=True)
    subsistence = models.BooleanField("raakt bestaanszekerheid", null=True)
    discretion = models.CharField("beleidsruimte overwogen", max_length=20, blank=True)
    recurrence = models.CharField("incidenteel of structureel", max_length=40, blank=True)
    addressee = models.ForeignKey(
        Addressee, on_delete=models.SET_NULL, null=True, blank=True, related_name="knelpunten", verbose_name="adressaat"
    )
    addressee_text = models.CharField("adressaat volgens het team", max_length=300, blank=True)
    session_date = models.DateField("datum van het beraad")
    approved_on = models.DateField("vastgesteld op", null=True, blank=True)
    version = models.PositiveSmallIntegerField("versie van het verslag", default=1)
    status = models.CharField(max_length=30, default="gesignaleerd")
    status_date = models.DateField(null=True, blank=True)
    outcome = models.CharField("uitkomst", max_length=20, blank=True)
    answer = models.TextField("antwoord", blank=True)
    closed_on = models.DateField(null=True, blank=True)  # afgerond or teruggekoppeld: retention counts from here
    due = models.DateField("verwacht uiterlijk", null=True, blank=True)
    due_what = models.CharField(max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned",
        verbose_name="eigenaar",
    )
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    search_text = models.TextField(blank=True, editable=False)  # lower case: what the inbox's search looks in
    conflicts = models.PositiveSmallIntegerField(default=0)  # steps that disagree, for a person to see
    revision = models.PositiveIntegerField(default=0)  # a page's form says which one it saw
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "knelpunt"
        verbose_name_plural = "knelpunten"
        indexes = [
            models.Index(fields=["addressee", "status"]),
            models.Index(fields=["addressee", "due"]),
            models.Index(fields=["due"]),
            models.Index(fields=["session_date"]),
            models.Index(fields=["team", "session_date"]),
            # the inbox's search: a part of a word anywhere, found by trigrams (pg_trgm)
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="knelpunt_search_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def open(self) -> bool:
        return self.status not in ("afgerond", "teruggekoppeld")


class Event(models.Model):
    """One change, as made where it happened; server_seq is the order this server saw them
    in (the cursor laptops pull since)."""

    server_seq = models.BigAutoField(primary_key=True)
    event_id = models.UUIDField(unique=True)
    knelpunt = models.ForeignKey(Knelpunt, on_delete=models.CASCADE, related_name="events")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    origin = models.UUIDField()
    seq = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    recorded_at = models.DateTimeField()
    author = models.JSONField(default=dict)
    data = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gebeurtenis"
        verbose_name_plural = "gebeurtenissen"
        constraints = [models.UniqueConstraint(fields=["origin", "seq"], name="event_origin_seq_unique")]
        indexes = [models.Index(fields=["team", "server_seq"])]


class RefCounter(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Meta(models.Model):
    key = models.CharField(max_length=50, primary_key=True)
    value = models.TextField()


class Reminder(models.Model):
    """A reminder sent, so that running the reminders twice a day sends each once."""

    knelpunt = models.ForeignKey(Knelpunt, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # "voor" (before the deadline) or "na" (after)
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["knelpunt", "kind", "due"], name="reminder_once")]


class Outbox(models.Model):
    """A mail to send, kept until it went: a mail server that is down loses no notice.
    What failed is tried again after the next mail that goes through, by `beraad server
    mail` and by the daily `beraad server herinneringen`."""

    created_at = models.DateTimeField("gemaakt", auto_now_add=True)
    to = models.CharField("aan", max_length=300)
    subject = models.CharField("onderwerp", max_length=300)
    body = models.TextField("tekst")
    ref = models.CharField("knelpunt", max_length=40, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    last_error = models.CharField("laatste fout", max_length=300, blank=True)
    last_try = models.DateTimeField("laatste poging", null=True, blank=True)
    sent_at = models.DateTimeField("verstuurd", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "uitgaande mail"
        verbose_name_plural = "uitgaande mail"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class FailedLogin(models.Model):
    """A sign-in that failed, counted per account and address for a while (logins.py)."""

    account = models.CharField(max_length=300)
    address = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["account", "address", "at"])]


class Audit(models.Model):
    """Who did what when: every change, from a page, the API, the admin or a command."""

    at = models.DateTimeField("wanneer", auto_now_add=True, db_index=True)
    who = models.CharField("wie", max_length=300)
    action = models.CharField("wat", max_length=100)
    ref = models.CharField("knelpunt", max_length=40, blank=True, db_index=True)
    detail = models.TextField("details", blank=True)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-at"]
