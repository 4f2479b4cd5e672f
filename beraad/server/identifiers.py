"""The server's own check on what a laptop sends: text with an obvious identifier of a
person is refused, whatever the laptop's gate said. Only what is nearly certain counts
(a BSN that passes the 11-test, an IBAN that passes its check, a phone number, an e-mail
address, a postcode with a house number), so a knelpunt that quotes an article of law or
an amount is never refused."""

from __future__ import annotations

import re
from collections.abc import Iterable

from beraad.anonymise.patterns import NINE_DIGITS_RE, PHONE_RE, elf_proef

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.I)
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
HOUSE_NUMBER = re.compile(r"\b\d{1,5} ?[a-zA-Z]?\b")
NEAR = 25  # characters either side of a postcode where a house number makes it an address

WHAT = {
    "bsn": "een burgerservicenummer (BSN)",
    "iban": "een rekeningnummer (IBAN)",
    "phone": "een telefoonnummer",
    "email": "een e-mailadres",
    "address": "een postcode met huisnummer",
}


def _iban_ok(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return len(compact) >= 15 and int(digits) % 97 == 1


def _phone_ok(number: str) -> bool:
    digits = sum(c.isdigit() for c in number)
    if number.lstrip("(").startswith("0") and not number.startswith("00"):
        return digits == 10
    return 8 <= digits <= 15


def found(text: str) -> str | None:
    """What kind of identifier the text holds (a key of WHAT), or None."""
    if "@" in text and EMAIL.search(text):
        return "email"
    for match in IBAN.finditer(text):
        if _iban_ok(match.group()):
            return "iban"
    for match in NINE_DIGITS_RE.finditer(text):
        if elf_proef("".join(c for c in match.group() if c.isdigit())):
            return "bsn"
    for match in PHONE_RE.finditer(text):
        if _phone_ok(match.group()):
            return "phone"
    for match in POSTCODE.finditer(text):
        around = text[max(0, match.start() - NEAR) : match.start()] + " " + text[match.end() : match.end() + NEAR]
        if HOUSE_NUMBER.search(around):
            return "address"
    return None


# What to do depends on where the text was typed: the laptop's verslag, or a form on the pages.
LAPTOP_ADVICE = "haal het weg in het verslag, laat het opnieuw vaststellen en synchroniseer dan."
BROWSER_ADVICE = (
    "haal het weg uit dit veld (schrijf bijvoorbeeld 'de inwoner' in plaats van een naam, nummer of adres) en "
    "klik opnieuw op 'Stap vastleggen'. Wat je verder typte, staat nog in het formulier."
)
STEP_ADVICE = (
    "corrigeer de stap op de laptop (C bij het knelpunt, of beraad knelpunten corrigeer) en synchroniseer dan."
)
COMMAND_ADVICE = "haal het weg uit de tekst van de opdracht en voer haar opnieuw uit."


def check(fields: Iterable[tuple[str, str]], advice: str = LAPTOP_ADVICE) -> str | None:
    """A Dutch reason for refusal naming the field and what to do (advice), or None when
    every text is clean."""
    for label, text in fields:
        kind = found(text)
        if kind:
            return (
                f"Het veld '{label}' bevat iets dat lijkt op {WHAT[kind]}. Het register neemt alleen "
                f"geanonimiseerde tekst aan: {advice}"
            )
    return None
