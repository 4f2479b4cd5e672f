"""Who may see and do what: team tokens for laptops, roles for people."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from beraad.server.models import Audit, Knelpunt, Pairing, Team, Token

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed over
PAIRING_DAYS = 14


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_pairing_code(team: Team) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    Pairing.objects.create(
        team=team, code_hash=digest(_normal_code(code)), expires_at=timezone.now() + timedelta(days=PAIRING_DAYS)
    )
    return code


def _normal_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


class PairingRefused(Exception):
    """A Dutch message."""


def pair(code: str, origin: uuid.UUID) -> tuple[Token, str]:
    """Trade a one-time code for a token (returned once; only its hash is kept)."""
    with transaction.atomic():
        pairing = (
            Pairing.objects.select_for_update()
            .filter(code_hash=digest(_normal_code(code)))
            .select_related("team")
            .first()
        )
        if pairing is None:
            raise PairingRefused(
                "Deze koppelcode kent de server niet. Kijk of je hem goed overtypte (12 letters en cijfers, zoals "
                "ABCD-EFGH-JKLM); klopt hij, vraag beheer van de gemeente dan om een nieuwe code."
            )
        if pairing.used_at is not None:
            raise PairingRefused(
                f"Deze koppelcode is al gebruikt, op {timezone.localtime(pairing.used_at):%d-%m-%Y}; een code werkt "
                "één keer. Vraag beheer van de gemeente om een nieuwe code voor deze laptop."
            )
        if pairing.expires_at < timezone.now():
            raise PairingRefused(
                f"Deze koppelcode is verlopen op {timezone.localtime(pairing.expires_at):%d-%m-%Y} (een code werkt "
                f"{PAIRING_DAYS} dagen). Vraag beheer van de gemeente om een nieuwe code."
            )
        other = Token.objects.filter(origin=origin, revoked_at=None).exclude(team=pairing.team).first()
        if other is not None:
            raise PairingRefused("Deze werkmap is al gekoppeld aan een ander team; gebruik per team een eigen werkmap.")
        Token.objects.filter(origin=origin, team=pairing.team, revoked_at=None).update(revoked_at=timezone.now())
        secret = secrets.token_urlsafe(32)
        token = Token.objects.create(team=pairing.team, key_hash=digest(secret), origin=origin)
        pairing.used_at = timezone.now()
        pairing.save(update_fields=["used_at"])
        Audit.objects.create(who=f"laptop van {pairing.team.name}", action="laptop gekoppeld", detail=str(origin))
    return token, secret


def token_for(secret: str) -> Token | None:
    token = Token.objects.select_related("team").filter(key_hash=digest(secret)).first()
    if token is None or token.revoked_at is not None:
        return None
    return token


def role(user: User) -> str:
    if user.is_superuser:
        return "beheer"
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else ""


def visible(user: User) -> QuerySet[Knelpunt]:
    """The knelpunten a person may see: beleid those routed to their addressee; the
    coordinator and beheer all of them."""
    everything = Knelpunt.objects.select_related("team", "addressee", "owner", "group")
    who = role(user)
    if who in ("coordinator", "beheer"):
        return everything
    profile = getattr(user, "profile", None)
    if who == "beleid" and profile is not None and profile.addressee_id is not None:
        return everything.filter(addressee_id=profile.addressee_id)
    return everything.none()


def may_merge(user: User) -> bool:
    return role(user) in ("beleid", "coordinator", "beheer")
