"""Security headers on every answer, and Dutch pages instead of Django's English ones."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger("beraad.server")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # the admin uses inline scripts of its own; everything else has none
        if request.path.startswith("/beheer/"):
            response.setdefault("Content-Security-Policy", CSP.replace("default-src 'none'", "default-src 'self'"))
        else:
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "private, no-store")
        return response


class DutchErrors:
    """An unexpected error: a Dutch sentence (JSON for the API), the detail in the log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        from django.core.exceptions import PermissionDenied, RequestDataTooBig
        from django.http import Http404
        from django.shortcuts import render

        if isinstance(exception, RequestDataTooBig):
            message, status = "Het verzoek is te groot.", 413
        elif isinstance(exception, Http404):
            message, status = "Deze pagina of dit knelpunt bestaat niet (of je mag het niet zien).", 404
        elif isinstance(exception, PermissionDenied):
            message, status = "Dit mag je met je rol niet.", 403
        else:
            log.exception("error on %s %s", request.method, request.path)
            message, status = (
                "Er ging iets mis op de server; er is niets gewist. Beheer vindt de details in het log.",
                500,
            )
        if request.path.startswith("/api/"):
            return JsonResponse({"error": message}, status=status)
        return render(request, "register/error.html", {"message": message}, status=status)
