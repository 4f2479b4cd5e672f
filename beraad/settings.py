"""Workspace settings that trainers and organisations edit: the route map for knelpunten
and the organisation's own municipalities (never anonymised in a verslag)."""

from __future__ import annotations

from pathlib import Path

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


class Organisation(BaseModel):
    """beraad.toml in the workspace, e.g. gemeenten = ["Utrecht", "Almere"]."""

    model_config = ConfigDict(extra="forbid")

    municipalities: list[str] = Field(default_factory=list, alias="gemeenten")


def routes(workspace_root: Path) -> RouteMap:
    """The workspace's routes.toml, else the shipped example; raises DataFileError."""
    own = workspace_root / "routes.toml"
    return datafile.load(own if own.is_file() else DEFAULTS / "routes.toml", RouteMap)


def organisation(workspace_root: Path) -> Organisation:
    own = workspace_root / "beraad.toml"
    return datafile.load(own, Organisation) if own.is_file() else Organisation()
