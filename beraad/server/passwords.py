"""Django's password rules with messages in Dutch, in the words the pages use ("je"): the
pages, the admin and the command line all check passwords through these."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLength(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort: gebruik minstens {self.min_length} tekens."

    def get_help_text(self) -> str:
        return f"Minstens {self.min_length} tekens; een zin van een paar woorden is sterk en goed te onthouden."


class NotLikeTheAccount(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "Dit wachtwoord lijkt te veel op je e-mailadres of je naam; kies iets anders."

    def get_help_text(self) -> str:
        return "Niet (bijna) hetzelfde als je e-mailadres of je naam."


class NotCommon(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Dit wachtwoord wordt veel gebruikt en is daardoor snel te raden; kies iets anders."

    def get_help_text(self) -> str:
        return "Geen wachtwoord dat veel mensen gebruiken."


class NotOnlyDigits(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Dit wachtwoord bestaat alleen uit cijfers; gebruik ook letters."

    def get_help_text(self) -> str:
        return "Niet alleen cijfers."
