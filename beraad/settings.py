"""Workspace settings that trainers and organisations edit: the route map for knelpunten,
the organisation's own municipalities (never anonymised in a verslag), and how the
verslag shows personal considerations."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from beraad import datafile
from beraad.model.bottleneck import SOURCES

DEFAULTS = Path(__file__).resolve().parent / "defaults"
ORGANISATION_FILE = "beraad.toml"
ROUTES_FILE = "routes.toml"


class Route(BaseModel):
    """One addressee on the route map: who, when to choose them, and their promise."""

    model_config = ConfigDict(extra="forbid")

    addressee: str = Field(alias="adressaat", min_length=1, max_length=100)
    description: str = Field("", alias="omschrijving", max_length=1000)
    question: str = Field("", alias="vraag", max_length=1000)  # what the signaal asks of them
    when: str = Field("", alias="wanneer", max_length=1000)
    examples: list[str] = Field(default_factory=list, alias="voorbeelden")
    sources: list[str] = Field(default_factory=list, alias="bronnen")  # sources that point here
    feedback_by: str = Field("", alias="terugkoppeling_door", max_length=200)  # a role
    feedback_weeks: int = Field(8, alias="binnen_weken", ge=1, le=104)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: list[str]) -> list[str]:
        for source in sources:
            if source not in SOURCES:
                hint = difflib.get_close_matches(source, SOURCES, n=1, cutoff=0.4)
                tip = f"; bedoel je '{hint[0]}'?" if hint else f"; kies uit: {', '.join(SOURCES)}"
                raise ValueError(f"onbekende bron '{source}'{tip}")
        return sources


class RouteMap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    routes: list[Route] = Field(min_length=1)


class ReportSettings(BaseModel):
    """[verslag] in beraad.toml.

    afwegingen = "per_afweging": each person's chain of answers stays together as one
    anonymous afweging, in an order drawn by lot (the default); "per_vraag": the answers
    are pooled per question, so not even a chain can be read back."""

    model_config = ConfigDict(extra="forbid")

    considerations: Literal["per_afweging", "per_vraag"] = Field("per_afweging", alias="afwegingen")


class BottleneckSettings(BaseModel):
    """[knelpunten] in beraad.toml: the terms of the follow-up."""

    model_config = ConfigDict(extra="forbid")

    check_back_months: int = Field(6, alias="terugkijken_na_maanden", ge=1, le=36)
    agenda_weeks: int = Field(4, alias="agenderen_binnen_weken", ge=1, le=52)
    answer_to: str = Field("de teamleider van het team", alias="antwoord_aan", min_length=1, max_length=200)


class Organisation(BaseModel):
    """beraad.toml in the workspace, e.g. gemeenten = ["Utrecht", "Almere"]."""

    model_config = ConfigDict(extra="forbid")

    municipalities: list[str] = Field(default_factory=list, alias="gemeenten")
    report: ReportSettings = Field(default_factory=lambda: ReportSettings.model_validate({}), alias="verslag")
    bottlenecks: BottleneckSettings = Field(
        default_factory=lambda: BottleneckSettings.model_validate({}), alias="knelpunten"
    )


def routes(workspace_root: Path) -> RouteMap:
    """The workspace's routes.toml, else the shipped example; raises DataFileError."""
    own = workspace_root / ROUTES_FILE
    return datafile.load(own if own.is_file() else DEFAULTS / ROUTES_FILE, RouteMap)


def organisation(workspace_root: Path) -> Organisation:
    own = workspace_root / ORGANISATION_FILE
    return datafile.load(own, Organisation) if own.is_file() else Organisation()
