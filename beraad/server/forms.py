"""The forms of the pages (Django forms: validation, CSRF and escaping are Django's)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.models import User

from beraad.model.register import STATUSES
from beraad.model.when import QUARTER_EXAMPLE, parse_quarter
from beraad.server.models import Addressee

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
# The answer to "opgelost?" in words that leave no doubt which one is "nee".
OUTCOMES = [("opgelost", "Ja, opgelost"), ("niet opgelost", "Nee, niet opgelost (zeg in de toelichting waarom)")]


class StepForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe stap", choices=[(s, s) for s in STATUSES[1:]])
    date = forms.DateField(
        label="Datum",
        input_formats=DATE_FORMATS,
        help_text="dd-mm-jjjj",
        widget=forms.DateInput(format="%d-%m-%Y"),
    )
    to_whom = forms.CharField(label="Bij wie (bij geagendeerd)", max_length=300, required=False)
    how = forms.CharField(label="Hoe (overleg, mail, agendapunt)", max_length=300, required=False)
    outcome = forms.ChoiceField(
        label="Opgelost? (alleen bij afgerond: ja of nee)",
        choices=OUTCOMES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies bij 'afgerond' ja (opgelost) of nee (niet opgelost)."},
    )
    note = forms.CharField(
        label="Toelichting voor het team",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Bij 'niet opgelost' verplicht: waarom niet. Het team leest dit op zijn laptop.",
    )
    whole_group = forms.BooleanField(label="Voor alle knelpunten van dit thema", required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label="Eigenaar", queryset=User.objects.none(), required=False, empty_label="geen")
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: object, people: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if people is not None:
            self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class RouteForm(forms.Form):
    addressee = forms.ModelChoiceField(label="Adressaat", queryset=Addressee.objects.filter(active=True))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    """A new theme with this title; without a title the knelpunten join the theme one of
    them is already in."""

    title = forms.CharField(label="Titel van het thema", max_length=300, required=False)


class ThemeTitleForm(forms.Form):
    title = forms.CharField(
        label="Titel van het thema",
        max_length=300,
        error_messages={
            "required": "Een thema heeft een titel nodig: het team en beleid vinden het thema terug aan die titel.",
            "max_length": "Een titel is hoogstens 300 tekens.",
        },
    )


class FilterForm(forms.Form):
    """The inbox's filters (GET): every value is only ever used as a query parameter."""

    q = forms.CharField(label="Zoeken", max_length=200, required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "alle"), *[(s, s) for s in STATUSES]], required=False)
    bron = forms.CharField(label="Bron", max_length=200, required=False)
    regelgeving = forms.CharField(label="Regelgeving", max_length=200, required=False)
    team = forms.CharField(label="Team", max_length=200, required=False)
    adressaat = forms.CharField(label="Adressaat", max_length=100, required=False, help_text="'-' voor niet gerouteerd")
    kwartaal = forms.CharField(
        label="Kwartaal", max_length=40, required=False, help_text=f"bijv. {QUARTER_EXAMPLE} of 1e kwartaal 2027"
    )

    def clean_kwartaal(self) -> tuple[int, int] | None:
        """(year, quarter), or None when no quarter was asked for."""
        text = self.cleaned_data["kwartaal"].strip()
        if not text:
            return None
        found = parse_quarter(text)
        if found is None:
            raise forms.ValidationError(f"Schrijf een kwartaal als {QUARTER_EXAMPLE} (of 1e kwartaal 2027).")
        return found


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
