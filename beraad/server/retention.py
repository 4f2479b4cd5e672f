"""Retention (Archiefwet): a knelpunt closed longer ago than the retention term, with
everything that hangs on it (its events, reminders), is destroyed, and the audit log
says how many and which references, never their text."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from beraad.server.models import Audit, Group, Knelpunt


def expired(today: date, years: int) -> list[Knelpunt]:
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    return list(Knelpunt.objects.filter(closed_on__lt=limit).order_by("ref"))


def apply(today: date, years: int, who: str) -> list[str]:
    with transaction.atomic():
        gone = expired(today, years)
        refs = [k.ref for k in gone]
        Knelpunt.objects.filter(id__in=[k.id for k in gone]).delete()
        Group.objects.filter(members=None).delete()
        if refs:
            Audit.objects.create(
                who=who,
                action="vernietigd na bewaartermijn",
                detail=f"{len(refs)} knelpunten: {', '.join(refs)}"[:5000],
            )
    return refs
