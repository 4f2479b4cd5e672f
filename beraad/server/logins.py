"""Signing in: by e-mail address in any case, in Dutch, and slowed down for whoever guesses.

Failed attempts are counted per account and per address (FailedLogin): after LIMIT of them
within WINDOW, that account cannot sign in from that address until the oldest of them is
WINDOW old, even with the right password. Every failure and every refusal is in the audit
log. A small table of our own rather than django-axes: its admin pages and messages are
English, and it would add tables beheer never needs to look at."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from beraad.dutch import MINUTE
from beraad.server.models import Audit, FailedLogin

INVALID = (
    "Dit e-mailadres en dit wachtwoord horen niet bij elkaar. Let op: bij het wachtwoord tellen hoofdletters, "
    "bij het e-mailadres niet."
)
INACTIVE = "Dit account is uitgeschakeld; vraag beheer om het weer aan te zetten."


def limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_LIMIT", 5))


def window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "LOGIN_FAILURE_MINUTES", 15)))


def client_address(request: HttpRequest | None) -> str:
    """Where a request comes from. Behind the TLS proxy (BERAAD_HTTPS=1) every request comes
    from the proxy itself, which says in X-Real-IP who asked (docs/server.md)."""
    if request is None:
        return ""
    address = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_REAL_IP", "")
    if getattr(settings, "BEHIND_PROXY", False) and forwarded and address in ("127.0.0.1", "::1"):
        return str(forwarded).strip()[:64]
    return address[:64]


def _account(username: object) -> str:
    return str(username or "").strip().casefold()[:300]


def wait_minutes(username: object, address: str) -> int:
    """Minutes before this account may try again from this address; 0: it may now."""
    since = timezone.now() - window()
    recent = FailedLogin.objects.filter(account=_account(username), address=address, at__gte=since)
    times = list(recent.order_by("at").values_list("at", flat=True))
    if len(times) < limit():
        return 0
    free_at = times[-limit()] + window()
    return max(1, -(-int((free_at - timezone.now()).total_seconds()) // 60))


def failed(username: object, request: HttpRequest | None) -> None:
    """A failed attempt (Django's user_login_failed signal): counted and in the audit log;
    one made while the account is locked is only in the audit log."""
    address = client_address(request)
    account = _account(username)
    if wait_minutes(account, address):
        Audit.objects.create(who=account, action="inloggen geweigerd: te veel pogingen", detail=f"vanaf {address}")
        return
    FailedLogin.objects.filter(at__lt=timezone.now() - window()).delete()  # what no longer counts
    FailedLogin.objects.create(account=account, address=address)
    Audit.objects.create(who=account, action="inloggen mislukt", detail=f"vanaf {address}")


def succeeded(username: object, request: HttpRequest | None) -> None:
    FailedLogin.objects.filter(account=_account(username), address=client_address(request)).delete()


def on_signed_in(sender: object, request: HttpRequest | None = None, user: object = None, **kwargs: object) -> None:
    """Django's user_logged_in: in the audit log, and the count of failures at this address cleared."""
    username = str(getattr(user, "username", user))
    Audit.objects.create(who=username, action="ingelogd", detail=f"vanaf {client_address(request)}")
    succeeded(username, request)


def on_failed(
    sender: object, credentials: dict[str, object] | None = None, request: HttpRequest | None = None, **kwargs: object
) -> None:
    """Django's user_login_failed (the pages, the admin, anything that calls authenticate)."""
    failed((credentials or {}).get("username", ""), request)


class EmailBackend(ModelBackend):
    """Django's own backend, with the e-mail address (the username) in any case, and no
    sign-in at all for an account locked at this address."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        if wait_minutes(username, client_address(request)):
            return None
        matches = list(User.objects.filter(username__iexact=username.strip())[:2])
        exact = [u for u in matches if u.username == username.strip()]
        user = exact[0] if exact else matches[0] if len(matches) == 1 else None
        if user is None:
            User().set_password(password)  # as long as for an account that exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LoginForm(AuthenticationForm):
    """Signing in on the pages: in Dutch, and refused at once for an account locked at this address."""

    error_messages = {"invalid_login": INVALID, "inactive": INACTIVE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mailadres"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        minutes = wait_minutes(username, client_address(self.request)) if username else 0
        if minutes:
            failed(username, self.request)
            raise ValidationError(
                f"Te veel mislukte pogingen om met dit e-mailadres in te loggen. Probeer het over {MINUTE(minutes)} "
                "opnieuw, of vraag beheer om een nieuw wachtwoord.",
                code="locked",
            )
        return super().clean()


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The same for the admin (/beheer/), which lets only staff in."""


class PasswordForm(PasswordChangeForm):
    error_messages = {
        "password_incorrect": "Je huidige wachtwoord klopt niet; typ het opnieuw.",
        "password_mismatch": "De twee nieuwe wachtwoorden zijn niet gelijk.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Huidig wachtwoord"
        self.fields["new_password1"].label = "Nieuw wachtwoord"
        self.fields["new_password2"].label = "Nieuw wachtwoord (nog een keer)"
        self.fields["new_password2"].help_text = "Typ het nieuwe wachtwoord nog een keer, om tikfouten te vangen."


class PasswordView(auth_views.PasswordChangeView):
    form_class = PasswordForm
    template_name = "register/password.html"
    success_url = "/"

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        from django.contrib import messages

        response = super().form_valid(form)
        messages.success(self.request, "Je wachtwoord is gewijzigd.")
        return response
