from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "beraad.server"
    label = "register"
    verbose_name = "Knelpuntenregister"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from beraad.server import logins

        # Module-level receivers: the signal holds its receivers weakly, and a function
        # defined in here would be gone (with every audit line of a sign-in) once ready() returned.
        user_logged_in.connect(logins.on_signed_in, dispatch_uid="beraad-audit-login")
        user_login_failed.connect(logins.on_failed, dispatch_uid="beraad-audit-login-failed")
