"""Terms that keep a verslag useful and are never replaced: laws and articles (with a
year), schemes, public bodies, roles in the social domain, numbers and web addresses of
public services, languages after "tolk" or "spreekt", the workspace's own
municipalities and public team names. The shared part is data/keep.toml."""

from __future__ import annotations

import bisect
import functools
import re
import sys
import tomllib
from pathlib import Path

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


KEEP_FILE = Path(__file__).resolve().parent / "data" / "keep.toml"
YEAR = r"(?:\s+(?:19|20)\d{2})"
SPEAKS = r"(?:tolk|tolken|tolkt|spreekt|sprak|spreken|vertaalt|vertaald\s+in\s+het|in\s+het)"


@functools.cache
def keep_list() -> dict[str, list[str]]:
    """data/keep.toml: what stays, by kind (wetten, regelingen, instanties, nummers, ...)."""
    with KEEP_FILE.open("rb") as handle:
        return {key: [str(v) for v in value] for key, value in tomllib.load(handle).items()}


@functools.cache
def _public() -> re.Pattern[str]:
    """Numbers and web addresses of public services (no trigger word: run as it is)."""
    keep = keep_list()
    numbers = "|".join(_shape(n) for n in sorted(keep["nummers"], key=len, reverse=True))
    domains = "|".join(re.escape(d) for d in sorted(keep["domeinen"], key=len, reverse=True))
    return re.compile(
        rf"(?<![\w+])(?:{numbers})(?!\w|[ \u00a0./-]?\d)"
        rf"|(?<![\w.-])(?:https?://)?(?:www\.)?(?:[\w-]+\.)*(?:{domains})(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?",
        re.I,
    )


def _shape(shape: str) -> str:
    """A number's shape from keep.toml as a regex: '#' a digit, a space or dash any of
    space, non-breaking space, dash or nothing."""
    parts = []
    for char in shape:
        if char == "#":
            parts.append(r"\d")
        elif char in " -":
            parts.append(r"[ \u00a0-]?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


class Allowlist:
    def __init__(self, municipalities: list[str] | None = None, teams: list[str] | None = None) -> None:
        keep = keep_list()
        shared = [*keep["wetten"], *keep["regelingen"], *keep["instanties"], *keep["landen"]]
        own = [t for t in [*(municipalities or []), *(teams or [])] if t.strip()]
        terms = sorted({*LAWS, *BODIES, *ROLES, *shared, *own}, key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        languages = "|".join(re.escape(t) for t in sorted(keep["talen"], key=len, reverse=True))
        self._pattern = re.compile(
            rf"(?<![\w-])(?:{MUNICIPALITY}|{alternatives})(?:{YEAR}|\s+{ARTICLE})?(?!\w)(?!-(?-i:[A-Z]))|{ARTICLE}"
            rf"|(?<![\w-]){SPEAKS}\s+(?:een\s+beetje\s+)?(?:{languages})"
            rf"(?:\s*(?:,|en|of)\s+(?:een\s+beetje\s+)?(?:{languages}))*(?![\w-])",
            re.I,
        )
        speaking = ["tolk", "tolken", "tolkt", "spreekt", "sprak", "spreken", "vertaalt", "vertaald", "in"]
        self._triggered = Triggered(self._pattern, [*terms, "art", "artikel", *speaking])

    def ranges(self, text: str, index: WordIndex | None = None) -> list[tuple[int, int]]:
        """Where allowlisted terms stand in text: sorted and disjoint."""
        found = [m.span() for m in self._triggered.finditer(index or WordIndex(text))]
        if any(c.isdigit() for c in text) or "." in text:
            found += [m.span() for m in _public().finditer(text)]
            found.sort()
            merged: list[tuple[int, int]] = []
            for start, end in found:
                if merged and start < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            found = merged
        return found

    @staticmethod
    def covers(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
        """Whether a finding lies within an allowlisted term (or is one).

        ranges come from ranges(): sorted and disjoint, so one bisection decides."""
        i = bisect.bisect_right(ranges, (start, _AFTER_ANY_END)) - 1
        return i >= 0 and end <= ranges[i][1]
