"""The laptop API (/api/v1/): pairing, pushing and pulling events. JSON in and out,
Dutch messages in {"error": …}; every call but pairing needs the team's bearer token."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from beraad.server import access, events
from beraad.server.models import Token
from beraad.server.openapi import SPEC

PULL_LIMIT = 500
PULL_MAX = 1000


def _error(message: str, status: int, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _limited(key: str, per_minute: int) -> bool:
    """A fixed one-minute window per key (per process; the proxy limits per address too)."""
    window = f"rate:{key}:{int(timezone.now().timestamp() // 60)}"
    if cache.add(window, 1, timeout=61):
        return False
    try:
        return cache.incr(window) > per_minute
    except ValueError:
        return False


def _json_body(request: HttpRequest) -> Any:
    if request.content_type != "application/json":
        raise ValueError("Stuur JSON (Content-Type: application/json).")
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError("De inhoud is geen geldige JSON.") from error


def with_token(view: Callable[[HttpRequest, Token], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return _error(
                "Geen sleutel meegestuurd; koppel deze laptop eerst (beraad register koppel).",
                401,
                **{"WWW-Authenticate": "Bearer"},
            )
        token = access.token_for(secret.strip())
        if token is None:
            return _error(
                "Deze sleutel is onbekend of ingetrokken; koppel deze laptop opnieuw met een nieuwe code.",
                401,
                **{"WWW-Authenticate": "Bearer"},
            )
        if _limited(f"token:{token.pk}", settings.API_RATE_PER_MINUTE):
            return _error("Te veel verzoeken; probeer het over een minuut opnieuw.", 429, **{"Retry-After": "60"})
        if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 60:
            Token.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return view(request, token)

    return wrapped


@csrf_exempt  # no cookies: a bearer token or a one-time code
@require_http_methods(["POST"])
def koppel(request: HttpRequest) -> HttpResponse:
    from beraad.server.logins import client_address

    address = client_address(request)
    if _limited(f"pair:{address}", settings.PAIRING_RATE_PER_MINUTE):
        return _error("Te veel koppelpogingen; probeer het over een minuut opnieuw.", 429, **{"Retry-After": "60"})
    try:
        body = _json_body(request)
    except RequestDataTooBig:
        return _error("Het verzoek is te groot.", 413)
    except ValueError as error:
        return _error(str(error), 400)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or len(body["code"]) > 100:
        return _error('Stuur {"code": …, "origin": …}.', 400)
    try:
        origin = uuid.UUID(str(body.get("origin")))
    except ValueError:
        return _error("'origin' is geen UUID.", 400)
    try:
        token, secret = access.pair(body["code"], origin)
    except access.PairingRefused as error:
        return _error(str(error), 403)
    return JsonResponse({"token": secret, "team": token.team.name}, status=201)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@with_token
def events_view(request: HttpRequest, token: Token) -> HttpResponse:
    if request.method == "POST":
        return _push(request, token)
    try:
        since = int(request.GET.get("since", "0"))
        limit = int(request.GET.get("limit", str(PULL_LIMIT)))
    except ValueError:
        return _error("'since' en 'limit' zijn gehele getallen.", 400)
    if since < 0 or since >= 2**63 or not 1 <= limit <= PULL_MAX:
        return _error(f"'since' is 0 of meer; 'limit' ligt tussen 1 en {PULL_MAX}.", 400)
    return JsonResponse(events.pull(token, since, limit))


def _push(request: HttpRequest, token: Token) -> HttpResponse:
    try:
        body = _json_body(request)
    except RequestDataTooBig:
        return _error("Het verzoek is te groot; stuur hoogstens 500 gebeurtenissen per keer.", 413)
    except ValueError as error:
        return _error(str(error), 400)
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        return _error('Stuur {"events": [...]}.', 400)
    if len(body["events"]) > events.MAX_EVENTS:
        return _error(f"Hoogstens {events.MAX_EVENTS} gebeurtenissen per keer; stuur de rest in een volgende.", 400)
    for number, raw in enumerate(body["events"], 1):
        problem = events.shape_problem(raw)
        if problem is not None:  # a laptop never sends this: the whole push is refused, nothing is taken
            return _error(f"Gebeurtenis {number} heeft niet de afgesproken vorm: {problem}", 400)
    result = events.push(token, body["events"])
    return JsonResponse(result.as_json())


@csrf_exempt
@require_http_methods(["GET"])
@with_token
def routes(request: HttpRequest, token: Token) -> HttpResponse:
    """The route map as beheer keeps it: the addressees a team's laptop offers."""
    from beraad.server.models import Addressee

    return JsonResponse(
        {
            "routes": [
                {"adressaat": a.name, "omschrijving": a.description, "binnen_weken": a.feedback_weeks}
                for a in Addressee.objects.filter(active=True).order_by("name")
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_http_methods(["GET"])
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(SPEC, json_dumps_params={"ensure_ascii": False})
