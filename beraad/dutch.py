"""Dutch count sentences in one place, so every one agrees in number: "1 woord dat iemand
kan herkennen", "2 woorden die iemand kunnen herkennen", "Er is 1 sessie", "Er zijn 2
sessies". Every message that counts something uses these (a test looks for others)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    """A counted noun: its singular, its plural, and whether it is a het-woord (het woord:
    "dat"; de sessie, and every plural: "die")."""

    one: str
    many: str
    neuter: bool = False

    def __call__(self, count: int) -> str:
        """'1 woord', '2 woorden', '0 woorden'."""
        return f"{count} {self.word(count)}"

    def word(self, count: int) -> str:
        return self.one if count == 1 else self.many

    def which(self, count: int) -> str:
        """The relative pronoun: '1 woord dat', '2 woorden die', '1 sessie die'."""
        return "dat" if count == 1 and self.neuter else "die"


def verb(count: int, one: str, many: str) -> str:
    """The verb that goes with the count: verb(1, 'kan', 'kunnen') is 'kan'."""
    return one if count == 1 else many


WORD = Noun("woord", "woorden", neuter=True)
SESSION = Noun("sessie", "sessies")
BOTTLENECK = Noun("knelpunt", "knelpunten", neuter=True)
REPLACEMENT = Noun("vervanging", "vervangingen")
MESSAGE = Noun("melding", "meldingen")
MEMBER = Noun("lid", "leden", neuter=True)
PROBLEM = Noun("probleem", "problemen", neuter=True)
FILE = Noun("bestand", "bestanden", neuter=True)
METHOD_FILE = Noun("methodebestand", "methodebestanden", neuter=True)
TEMPLATE = Noun("sjabloon", "sjablonen", neuter=True)
PARTICIPANT = Noun("deelnemer", "deelnemers")
ACTION = Noun("actie", "acties")
ROW = Noun("rij", "rijen")
ANSWER = Noun("antwoord", "antwoorden", neuter=True)
CONSIDERATION = Noun("afweging", "afwegingen")
CHANGE = Noun("wijziging", "wijzigingen")
MINUTE = Noun("minuut", "minuten")  # an event of the register, as the sync counts them


def undecided_words(count: int) -> str:
    """'1 woord dat iemand kan herkennen' (mogelijk herleidbaar, still to be decided)."""
    return f"{WORD(count)} {WORD.which(count)} iemand {verb(count, 'kan', 'kunnen')} herkennen"


# What a command line takes for "opgelost?" (model.register's Outcome): the words, or plainly
# ja or nee. Here, not in the model, so building the command line's parser imports no
# pydantic before the app's first frame (it cost start-up 0.2 s).
OUTCOME_ANSWERS: dict[str, str] = {
    "opgelost": "opgelost",
    "ja": "opgelost",
    "niet-opgelost": "niet opgelost",
    "nee": "niet opgelost",
}
OUTCOME_HELP = "afgerond: opgelost? ja (of: opgelost) of nee (of: niet-opgelost)"
