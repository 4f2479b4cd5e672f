"""Workspace settings that trainers and organisations edit: the route map for knelpunten,
the organisation's own municipalities (never anonymised in a verslag), and how the
verslag shows personal considerations."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from beraad import datafile

DEFAULTS = Path(__file__).resolve().parent / "defaults"


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid")

    addressee: str = Field(alias="adressaat", min_length=1)
    when: str = Field("", alias="wanneer")
    examples: list[str] = Field(default_factory=list, alias="voorbeelden")


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


class Organisation(BaseModel):
    """beraad.toml in the workspace, e.g. gemeenten = ["Utrecht", "Almere"]."""

    model_config = ConfigDict(extra="forbid")

    municipalities: list[str] = Field(default_factory=list, alias="gemeenten")
    report: ReportSettings = Field(default_factory=lambda: ReportSettings.model_validate({}), alias="verslag")


def routes(workspace_root: Path) -> RouteMap:
    """The workspace's routes.toml, else the shipped example; raises DataFileError."""
    own = workspace_root / "routes.toml"
    return datafile.load(own if own.is_file() else DEFAULTS / "routes.toml", RouteMap)


def organisation(workspace_root: Path) -> Organisation:
    own = workspace_root / "beraad.toml"
    return datafile.load(own, Organisation) if own.is_file() else Organisation()
