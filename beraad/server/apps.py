from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "beraad.server"
    label = "register"
    verbose_name = "Knelpuntenregister"
    default_auto_field = "django.db.models.BigAutoField"
