"""A structural knelpunt: where law, policy or execution pinches residents."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from beraad.model.text import Line, Text

SOURCES = [
    "landelijke wet- en regelgeving",
    "gemeentelijk beleid of beleidsregel",
    "uitvoering / werkwijze van de eigen organisatie",
    "andere uitvoeringsorganisatie (Belastingdienst/Toeslagen, UWV, SVB, DUO, CAK)",
    "systemen, ICT en gegevensuitwisseling",
    "samenwerking tussen organisaties / ketengrenzen",
    "capaciteit, budget, wachtlijsten",
    "digitale dienstverlening en toegankelijkheid",
]
REGULATIONS = [
    "Participatiewet art. 18 lid 1",
    "Participatiewet art. 22a (kostendelersnorm)",
    "Participatiewet art. 17 (inlichtingenplicht)",
    "Participatiewet art. 41 lid 4 (zoekperiode jongeren)",
    "Wmo 2015",
    "Jeugdwet",
    "Awb art. 4:84",
    "Wet gemeentelijke schuldhulpverlening",
    "Wsnp",
    "Toeslagenwet / Awir",
    "Wet kinderopvang",
    "NVVK-modules",
    "lokale beleidsregel",
]
Discretion = Literal["ja", "nee", "onduidelijk"]
Recurrence = Literal["incidenteel", "vermoedelijk structureel"]


class Bottleneck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    # made where it is flagged: the register (and a municipality's server) know it by this
    uid: str = Field(default_factory=lambda: str(uuid.uuid4()), pattern=r"^[0-9a-f-]{36}$")
    title: Line = Field(min_length=1, max_length=300)
    description: Text = Field("", max_length=20_000)
    sources: list[Line] = Field(default_factory=list)
    regulation: Line = Field("", max_length=500)
    effect: Text = Field("", max_length=20_000)
    # None: the team did not answer (not the same as "nee" or "onduidelijk")
    subsistence: bool | None = None
    discretion: Discretion | None = None
    recurrence: Recurrence | None = None
    addressee: Line = Field("", max_length=300)
    step_id: str
    same_as: str | None = None  # "hetzelfde knelpunt" as this earlier one ("<session id>/<knelpunt id>")
    created: datetime = Field(default_factory=lambda: datetime.now().replace(microsecond=0))
