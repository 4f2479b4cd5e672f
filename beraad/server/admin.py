"""Django's admin for beheer: teams, addressees (the route map), people and their roles,
laptop keys (revoke), and read-only views of knelpunten, events and the audit log.
Every change made here is written to the audit log too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from beraad.server.models import Addressee, Audit, Event, Knelpunt, Outbox, Profile, Team, Token


class Audited(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        Audit.objects.create(
            who=request.user.username,
            action=f"{self.model._meta.verbose_name} {'gewijzigd' if change else 'toegevoegd'} (beheer)",
            detail=str(obj)[:2000],
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        Audit.objects.create(
            who=request.user.username, action=f"{self.model._meta.verbose_name} verwijderd (beheer)", detail=str(obj)
        )
        super().delete_model(request, obj)


@admin.register(Addressee)
class AddresseeAdmin(Audited):
    list_display = ["name", "feedback_weeks", "email", "active"]


@admin.register(Team)
class TeamAdmin(Audited):
    list_display = ["name", "mailbox", "created_at"]
    search_fields = ["name"]


@admin.register(Profile)
class ProfileAdmin(Audited):
    list_display = ["user", "role", "addressee"]
    list_filter = ["role", "addressee"]


@admin.action(description="Geselecteerde laptopsleutels intrekken")
def revoke(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Token]) -> None:
    for token in queryset.filter(revoked_at=None):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        Audit.objects.create(who=request.user.username, action="laptopsleutel ingetrokken", detail=str(token))


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["team", "origin", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["team", "origin", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = [revoke]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """The register is changed through its events (pages, API, commands), never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Knelpunt)
class KnelpuntAdmin(ReadOnly):
    list_display = ["ref", "title", "team", "status", "addressee", "owner", "due"]
    list_filter = ["status", "addressee"]
    search_fields = ["ref", "local_ref", "title"]


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["server_seq", "kind", "knelpunt", "team", "recorded_at"]
    list_filter = ["kind"]


@admin.register(Outbox)
class OutboxAdmin(ReadOnly):
    """What mail waits (the mail server was down) and why; `beraad server mail` sends it."""

    list_display = ["created_at", "to", "subject", "attempts", "last_error", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]


@admin.register(Audit)
class AuditAdmin(ReadOnly):
    list_display = ["at", "who", "action", "ref", "detail"]
    search_fields = ["who", "action", "ref"]
