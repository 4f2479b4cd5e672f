"""The pages for beleid and the coordinator: an inbox per addressee, a knelpunt with its
history, owners, steps (also "nee, met uitleg"), themes, trends, CSV and the audit log.
Server-rendered, usable without JavaScript; every change is a POST with Django's CSRF token.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from beraad.model.register import STATUSES, dispute_lines
from beraad.model.when import quarter_text
from beraad.server import access, events, mail, trends
from beraad.server.fold import fold
from beraad.server.forms import FilterForm, MergeForm, OwnerForm, RouteForm, StepForm, ThemeTitleForm
from beraad.server.models import Audit, Event, Group, Knelpunt

PAGE_SIZE = 50
FOLDERS = {"nieuw": "Nieuw", "mijn": "Van mij", "laat": "Te laat", "open": "Open", "alle": "Alles"}
KIND_TEXT = {
    "agreed": "vastgesteld door het team",
    "step": "stap",
    "correction": "correctie",
    "withdrawal": "ingetrokken",
    "reference": "referentie gegeven",
    "owner": "eigenaar",
    "group": "thema",
    "route": "gerouteerd",
}


def context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    profile = getattr(user, "profile", None)
    return {
        "role": access.role(user),
        "my_addressee": profile.addressee if profile is not None else None,
    }


def _me(request: HttpRequest) -> User:
    """The person signed in (every view that calls this requires a login)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _today() -> date:
    return timezone.localdate()


def _filtered(request: HttpRequest, base: QuerySet[Knelpunt]) -> tuple[QuerySet[Knelpunt], FilterForm, str]:
    form = FilterForm(request.GET)
    folder = request.GET.get("map", "open")
    folder = folder if folder in FOLDERS else "open"
    chosen = base
    if folder == "nieuw":
        chosen = chosen.filter(owner=None, status="gesignaleerd")
    elif folder == "mijn":
        chosen = chosen.filter(owner=_me(request))
    elif folder == "laat":
        chosen = chosen.filter(due__lt=_today()).exclude(status="teruggekoppeld")
    elif folder == "open":
        chosen = chosen.exclude(status__in=["afgerond", "teruggekoppeld"])
    if form.is_valid():
        data = form.cleaned_data
        for word in data["q"].lower().split()[:10]:  # every word somewhere in the knelpunt
            chosen = chosen.filter(search_text__contains=word)
        if data["status"]:
            chosen = chosen.filter(status=data["status"])
        if data["bron"]:
            chosen = chosen.filter(sources__icontains=data["bron"])  # jsonb as text: a part of any source
        if data["regelgeving"]:
            chosen = chosen.filter(regulation__icontains=data["regelgeving"])
        if data["team"]:
            chosen = chosen.filter(team__name__icontains=data["team"])
        if data["adressaat"] == "-":
            chosen = chosen.filter(addressee=None)
        elif data["adressaat"]:
            chosen = chosen.filter(addressee__name__icontains=data["adressaat"])
        if data["kwartaal"]:
            year, quarter = data["kwartaal"]
            chosen = chosen.filter(session_date__year=year, session_date__quarter=quarter)
    return chosen, form, folder


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    base = access.visible(_me(request))
    chosen, form, folder = _filtered(request, base)
    chosen = chosen.order_by("due", "ref").defer("description", "effect", "search_text", "answer", "sources")
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("pagina"))
    today = _today()
    not_closed = ~Q(status="teruggekoppeld")
    counts = base.aggregate(
        nieuw=Count("id", filter=Q(owner=None, status="gesignaleerd")),
        mijn=Count("id", filter=Q(owner=_me(request)) & not_closed),
        laat=Count("id", filter=Q(due__lt=today) & not_closed),
    )
    seen = _seen([k.group_id for k in page if k.group_id])
    rows = [
        {
            "k": k,
            "late": k.due is not None and k.due < today and k.status != "teruggekoppeld",
            "seen": seen.get(k.group_id) if k.group_id else None,
        }
        for k in page
    ]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "register/inbox.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "folder": folder,
            "folders": FOLDERS,
            "counts": counts,
            "query": query.urlencode(),
            "merge_form": MergeForm(),
        },
    )


def _seen(group_ids: list[Any]) -> dict[Any, str]:
    """'4 keer in 3 teams sinds maart 2026' per theme."""
    if not group_ids:
        return {}
    found = (
        Knelpunt.objects.filter(group_id__in=set(group_ids))
        .values("group_id")
        .annotate(n=Count("id"), teams=Count("team", distinct=True), since=Min("session_date"))
    )
    return {row["group_id"]: trends.seen_text(row["n"], row["teams"], row["since"]) for row in found}


def _knelpunt(request: HttpRequest, ref: str) -> Knelpunt:
    """By the server's reference, or by the one the laptop gave it first (both stay findable)."""
    visible = access.visible(_me(request))
    knelpunt = visible.filter(ref=ref.upper()).first() or visible.filter(local_ref=ref.upper()).first()
    if knelpunt is None:
        raise Http404
    return knelpunt


def _people(knelpunt: Knelpunt) -> QuerySet[User]:
    """Who can own a knelpunt: beleid of its addressee, and the coordinators."""
    people = Q(profile__role="coordinator")
    if knelpunt.addressee_id:
        people |= Q(profile__role="beleid", profile__addressee_id=knelpunt.addressee_id)
    return User.objects.filter(people, is_active=True).order_by("username")


@login_required
def detail(request: HttpRequest, ref: str, step_form: StepForm | None = None, status: int = 200) -> HttpResponse:
    knelpunt = _knelpunt(request, ref)
    all_events = list(knelpunt.events.order_by("server_seq"))
    state = fold(events.events_of(knelpunt))
    effective = {s.id for s in state.steps}
    history = [
        {
            "e": e,
            "what": KIND_TEXT.get(e.kind, e.kind),
            "who": e.author.get("user") or e.author.get("role") or "",
            "where": "server" if events.from_server(e.origin) else f"laptop {knelpunt.team.name}",
            "inactive": e.kind == "step" and str(e.event_id) not in effective,
            "text": str(e.data.get("note") or e.data.get("reason") or ""),
            "day": _date_of(e.data.get("date")),
        }
        for e in all_events
    ]
    members = []
    seen = ""
    if knelpunt.group_id:
        members = list(access.visible(_me(request)).filter(group_id=knelpunt.group_id).exclude(id=knelpunt.id))
        seen = _seen([knelpunt.group_id]).get(knelpunt.group_id, "")
    disputes = [
        dispute_lines(steps, lambda step: events.place(step.origin, knelpunt.team.name))
        for steps in state.entry.disputes()
    ]
    later = STATUSES[STATUSES.index(knelpunt.status) + 1 :] if knelpunt.status in STATUSES else []
    initial = {"revision": knelpunt.revision, "date": _today(), "status": later[0] if later else "teruggekoppeld"}
    return render(
        request,
        "register/knelpunt.html",
        {
            "k": knelpunt,
            "history": history,
            "members": members,
            "seen": seen,
            "step_form": step_form or StepForm(initial=initial),
            "owner_form": OwnerForm(initial={"owner": knelpunt.owner_id, **initial}, people=_people(knelpunt)),
            "route_form": RouteForm(initial={"addressee": knelpunt.addressee_id, **initial}),
            "late": knelpunt.due is not None and knelpunt.due < _today() and knelpunt.status != "teruggekoppeld",
            "disputes": disputes,
        },
        status=status,
    )


@login_required
@require_POST
def step(request: HttpRequest, ref: str) -> HttpResponse:
    knelpunt = _knelpunt(request, ref)
    form = StepForm(request.POST)
    if not form.is_valid():
        return detail(request, ref, step_form=form, status=400)
    data = dict(form.cleaned_data)
    chosen = [knelpunt]
    if data["whole_group"] and knelpunt.group_id:
        chosen = list(access.visible(_me(request)).filter(group_id=knelpunt.group_id).order_by("ref"))
        data["group"] = knelpunt.group_id
    started = timezone.now()
    try:
        done = events.record_step(events.Actor.of(_me(request)), chosen, data, revision=data["revision"])
    except events.Changed as changed:
        data = request.POST.copy()
        data["revision"] = str(Knelpunt.objects.get(id=knelpunt.id).revision)
        form = StepForm(data)
        form.is_valid()
        messages.error(request, str(changed))
        return detail(request, ref, step_form=form, status=409)
    except events.Refused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        return detail(request, ref, step_form=form, status=400)
    names = ", ".join(k.ref for k in done)
    messages.success(
        request, f"Vastgelegd: '{data['status']}' bij {names}. Het team ziet het bij de volgende synchronisatie."
    )
    for failed in mail.not_sent([k.ref for k in done], started):
        messages.warning(
            request,
            f"De mail aan het team ({failed.to}) over {failed.ref} is niet verstuurd: {failed.last_error}. "
            f"De stap is wel vastgelegd; {mail.LATER}.",
        )
    return redirect("knelpunt", ref=knelpunt.ref)


@login_required
@require_POST
def owner(request: HttpRequest, ref: str) -> HttpResponse:
    knelpunt = _knelpunt(request, ref)
    form = OwnerForm(request.POST, people=_people(knelpunt))
    if not form.is_valid():
        messages.error(request, "Kies een eigenaar uit de lijst.")
        return redirect("knelpunt", ref=knelpunt.ref)
    try:
        events.set_owner(
            events.Actor.of(_me(request)), knelpunt, form.cleaned_data["owner"], revision=form.cleaned_data["revision"]
        )
    except events.Changed as changed:
        messages.error(request, str(changed))
        return redirect("knelpunt", ref=knelpunt.ref)
    chosen = form.cleaned_data["owner"]
    messages.success(request, f"Eigenaar van {knelpunt.ref}: {chosen.username if chosen else 'niemand'}.")
    return redirect("knelpunt", ref=knelpunt.ref)


@login_required
@require_POST
def route(request: HttpRequest, ref: str) -> HttpResponse:
    if access.role(_me(request)) not in ("coordinator", "beheer"):
        raise PermissionDenied
    knelpunt = _knelpunt(request, ref)
    form = RouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een adressaat uit de lijst.")
        return redirect("knelpunt", ref=knelpunt.ref)
    try:
        events.route(
            events.Actor.of(_me(request)),
            knelpunt,
            form.cleaned_data["addressee"],
            revision=form.cleaned_data["revision"],
        )
    except events.Changed as changed:
        messages.error(request, str(changed))
        return redirect("knelpunt", ref=knelpunt.ref)
    messages.success(request, f"{knelpunt.ref} gaat nu naar {form.cleaned_data['addressee']}.")
    return redirect("knelpunt", ref=knelpunt.ref)


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    if not access.may_merge(_me(request)):
        raise PermissionDenied
    chosen = list(access.visible(_me(request)).filter(ref__in=request.POST.getlist("kies")[:500]))
    form = MergeForm(request.POST)
    back = request.POST.get("terug", "")
    back = back if back.startswith("?") or back == "" else ""
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or "Controleer het thema.")
        return redirect(f"/{back}")
    title = form.cleaned_data["title"].strip()
    themes = {k.group_id: k.group for k in chosen if k.group is not None}
    group = None
    if not title:
        # without a title the chosen knelpunten join the one theme they are already in
        if len(themes) > 1:
            names = ", ".join(f"'{g.title}'" for g in sorted(themes.values(), key=lambda g: g.title))
            messages.error(
                request,
                f"De gekozen knelpunten zitten in verschillende thema's ({names}). Geef een titel voor het nieuwe "
                "thema waarin ze samenkomen, of kies knelpunten van één thema. Er is niets veranderd.",
            )
            return redirect(f"/{back}")
        if not themes:
            messages.error(
                request,
                "Geef het nieuwe thema een titel: de gekozen knelpunten zitten nog in geen thema. "
                "Er is niets veranderd.",
            )
            return redirect(f"/{back}")
        group = next(iter(themes.values()))
    if len(chosen) < 2 and not (group is not None and chosen):
        messages.error(request, "Kies eerst (met de vakjes) minstens twee knelpunten om samen te voegen.")
        return redirect(f"/{back}")
    try:
        group = events.merge(events.Actor.of(_me(request)), chosen, title, group)
    except events.Refused as refused:
        messages.error(request, f"{refused} Er is niets veranderd.")
        return redirect(f"/{back}")
    messages.success(request, f"{len(chosen)} knelpunten vallen nu onder het thema '{group.title}'.")
    return redirect("thema", pk=group.id)


@login_required
@require_GET
def theme(request: HttpRequest, pk: str) -> HttpResponse:
    return _theme_page(request, pk)


def _theme_page(
    request: HttpRequest, pk: str, title_form: ThemeTitleForm | None = None, status: int = 200
) -> HttpResponse:
    group = Group.objects.filter(id=pk).first()
    members = list(access.visible(_me(request)).filter(group_id=pk).order_by("session_date", "ref")) if group else []
    if group is None or not members:
        raise Http404
    counts = Knelpunt.objects.filter(group_id=pk).aggregate(
        n=Count("id"), teams=Count("team", distinct=True), since=Min("session_date")
    )
    return render(
        request,
        "register/thema.html",
        {
            "group": group,
            "members": members,
            "seen": trends.seen_text(counts["n"], counts["teams"], counts["since"]),
            "title_form": title_form or ThemeTitleForm(initial={"title": group.title}),
            "may_rename": access.may_merge(_me(request)),
        },
        status=status,
    )


@login_required
@require_POST
def theme_title(request: HttpRequest, pk: str) -> HttpResponse:
    """A theme's new title; an empty one is refused and the theme keeps its title."""
    if not access.may_merge(_me(request)):
        raise PermissionDenied
    group = Group.objects.filter(id=pk).first()
    if group is None or not access.visible(_me(request)).filter(group_id=pk).exists():
        raise Http404
    form = ThemeTitleForm(request.POST)
    if not form.is_valid():
        return _theme_page(request, pk, title_form=form, status=400)
    try:
        events.rename_theme(events.Actor.of(_me(request)), group, form.cleaned_data["title"])
    except events.Refused as refused:
        form.add_error("title", str(refused))
        return _theme_page(request, pk, title_form=form, status=400)
    messages.success(request, "De titel van het thema is opgeslagen; de teams zien hem na hun volgende synchronisatie.")
    return redirect("thema", pk=pk)


@login_required
@require_GET
def trends_page(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    base = access.visible(me)
    # Trends change only when an event arrives: counted once per change of the log, per scope.
    profile = getattr(me, "profile", None)
    last = Event.objects.aggregate(last=Max("server_seq"))["last"] or 0
    key = f"trends:{access.role(me)}:{profile.addressee_id if profile else ''}:{last}"
    data = cache.get(key)
    if data is None:
        data = trends.summary(base)
        data["chart"] = trends.quarter_chart(data["quarters"])
        cache.set(key, data, timeout=3600)
    return render(request, "register/trends.html", data)


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    chosen, _, _ = _filtered(request, access.visible(_me(request)))
    chosen = chosen.order_by("session_date", "ref")
    seen = _seen(list({k.group_id for k in chosen if k.group_id}))
    out = io.StringIO()
    out.write("\ufeff")  # Excel-NL reads UTF-8 only with a BOM
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([
        "referentie", "titel", "team", "datum beraad", "vastgesteld op", "status", "sinds", "adressaat", "thema",
        "keer gezien", "eigenaar", "uitkomst", "antwoord", "verwacht", "regelgeving", "bronnen", "kwartaal beraad",
    ])  # fmt: skip
    for k in chosen:
        writer.writerow([_cell(v) for v in (
            k.ref, k.title, k.team.name, _day(k.session_date), _day(k.approved_on), k.status, _day(k.status_date),
            k.addressee.name if k.addressee else k.addressee_text, k.group.title if k.group else "",
            seen.get(k.group_id, "1 keer") if k.group_id else "1 keer", k.owner.username if k.owner else "",
            k.outcome, k.answer, _day(k.due), k.regulation, ", ".join(k.sources), quarter_text(k.session_date),
        )])  # fmt: skip
    Audit.objects.create(who=_me(request).username, action="CSV gedownload", detail=f"{chosen.count()} knelpunten")
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="knelpunten-{_today():%Y-%m-%d}.csv"'
    return response


def _date_of(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def _day(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def _cell(value: object) -> str:
    """A cell Excel shows as text, never runs as a formula."""
    text = str(value if value is not None else "")
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    if access.role(_me(request)) not in ("coordinator", "beheer"):
        raise PermissionDenied
    rows = Audit.objects.all()
    ref = request.GET.get("ref", "").strip()[:40]
    if ref:
        rows = rows.filter(ref__iexact=ref)
    page = Paginator(rows, 100).get_page(request.GET.get("pagina"))
    return render(request, "register/audit.html", {"page": page, "ref": ref})


STYLE = (Path(__file__).parent / "templates" / "register" / "style.css").read_bytes()


@require_GET
def style(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(STYLE, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "register/error.html",
        {
            "message": "Dit formulier is verlopen of kwam niet van deze site (CSRF-controle). Er is niets "
            "vastgelegd. Ga terug, laad de pagina opnieuw en probeer het nog eens."
        },
        status=403,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "register/error.html", {"message": "Deze pagina bestaat niet."}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "register/error.html", {"message": "Dit mag je met je rol niet."}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "register/error.html", {"message": "Dit verzoek klopt niet."}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "register/error.html",
        {"message": "Er ging iets mis op de server; er is niets gewist. Beheer vindt de details in het log."},
        status=500,
    )
