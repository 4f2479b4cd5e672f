"""Terms that keep a verslag useful and are never replaced: laws and articles,
public bodies, roles in the social domain, and the workspace's own municipalities."""

from __future__ import annotations

import bisect
import re
import sys

from beraad.anonymise.triggers import Triggered, WordIndex

LAWS = [
    "Participatiewet", "Wet maatschappelijke ondersteuning", "Wmo 2015", "Wmo", "Jeugdwet",
    "Algemene wet bestuursrecht", "Awb", "Wet gemeentelijke schuldhulpverlening", "Wgs", "Wsnp",
    "Wet schuldsanering natuurlijke personen", "Toeslagenwet", "Awir", "Algemene wet inkomensafhankelijke regelingen",
    "Wet kinderopvang", "Grondwet", "Wet inburgering", "AOW", "WW", "WIA", "Wajong", "Ziektewet", "IOAW", "IOAZ",
    "Bbz", "Woningwet", "Huisvestingswet", "Wvggz", "Wzd", "Wlz", "Wet langdurige zorg", "Zvw", "Zorgverzekeringswet",
    "AVG", "Algemene verordening gegevensbescherming", "NVVK-modules", "NVVK", "hardheidsclausule",
    "kostendelersnorm", "inlichtingenplicht", "beleidsregel", "beleidsregels", "verordening",
]  # fmt: skip
BODIES = [
    "UWV", "Belastingdienst", "Belastingdienst/Toeslagen", "Dienst Toeslagen", "Toeslagen", "SVB",
    "Sociale Verzekeringsbank", "DUO", "CAK", "Veilig Thuis", "CJIB", "IND", "Raad voor de Kinderbescherming",
    "Nationale ombudsman", "ombudsman", "Kinderombudsman", "VNG", "Divosa", "GGD", "Rijk", "Rijksoverheid",
    "gemeente", "college", "wethouder", "gemeenteraad", "Leger des Heils", "Schuldhulpmaatje", "wijkteam",
    "buurtteam", "politie", "rechtbank", "Centrale Raad van Beroep",
    # national organisations the social domain works with: naming one points to no family
    "Stichting Leergeld", "Leergeld", "Voedselbank", "Humanitas", "VluchtelingenWerk", "Vluchtelingenwerk",
    "Juridisch Loket", "Het Juridisch Loket", "Nibud", "COA", "Jeugdfonds Sport & Cultuur", "Jarige Job",
    "Nationaal Fonds Kinderhulp", "Raad voor Rechtsbijstand", "Kinder- en Jongerenrechtswinkel",
]  # fmt: skip
ROLES = [
    "klantmanager", "handhaver", "procesregisseur", "leerplichtambtenaar", "mantelzorgconsulent", "Wmo-consulent",
    "consulent", "jeugdconsulent", "schuldhulpverlener", "wijkteammedewerker", "buurtteammedewerker",
    "teamleider", "beleidsmedewerker", "casusinbrenger", "gespreksleider", "bewindvoerder", "budgetcoach",
    "huisarts", "wijkagent", "jurist", "manager", "inkomensconsulent", "casemanager", "deelnemer",
]  # fmt: skip

_AFTER_ANY_END = sys.maxsize
# "de gemeente Zeist" is an organisation, like the UWV, whether or not the workspace lists it.
MUNICIPALITY = r"gemeente\s+(?-i:(?:'s-)?[A-Z][\w'’-]+(?:[ -](?:aan|op|den|de|der|bij)[ -][A-Z][\w'’-]+)?)"

ARTICLE = r"(?:art(?:ikel|\.)?\s*\d+[a-z]?(?::\d+[a-z]?)?(?:\s*,?\s*lid\s*\d+)?(?:\s*(?:sub|onder)\s*[a-z]\b)?)"


class Allowlist:
    def __init__(self, municipalities: list[str] | None = None) -> None:
        terms = sorted({*LAWS, *BODIES, *ROLES, *(municipalities or [])}, key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        self._pattern = re.compile(
            rf"(?<![\w-])(?:{MUNICIPALITY}|{alternatives})(?:\s+{ARTICLE})?(?![\w-])|{ARTICLE}", re.I
        )
        self._triggered = Triggered(self._pattern, [*terms, "art", "artikel"])

    def ranges(self, text: str, index: WordIndex | None = None) -> list[tuple[int, int]]:
        """Where allowlisted terms stand in text: sorted and disjoint."""
        return [m.span() for m in self._triggered.finditer(index or WordIndex(text))]

    @staticmethod
    def covers(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
        """Whether a finding lies within an allowlisted term (or is one).

        ranges come from ranges(): sorted and disjoint, so one bisection decides."""
        i = bisect.bisect_right(ranges, (start, _AFTER_ANY_END)) - 1
        return i >= 0 and end <= ranges[i][1]
