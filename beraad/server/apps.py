from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "beraad.server"
    label = "register"
    verbose_name = "Knelpuntenregister"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from beraad.server.models import Audit

        def logged_in(sender: object, request: object, user: object, **kwargs: object) -> None:
            Audit.objects.create(who=str(getattr(user, "username", user)), action="ingelogd")

        def failed(sender: object, credentials: dict[str, object], **kwargs: object) -> None:
            Audit.objects.create(who=str(credentials.get("username", ""))[:300], action="inloggen mislukt")

        user_logged_in.connect(logged_in, dispatch_uid="beraad-audit-login")
        user_login_failed.connect(failed, dispatch_uid="beraad-audit-login-failed")
