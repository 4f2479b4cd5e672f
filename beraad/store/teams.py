"""The teams of a workspace (teams/teams.json): names and roles of people, so private like
the session files (0600 in a 0700 folder) and never committed."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from beraad.errors import BeraadError, os_reason
from beraad.files import atomic_write, private_dir, read_regular
from beraad.model.team import Roster

FILE = "teams.json"
MAX_BYTES = 2 * 1024 * 1024


class TeamsError(BeraadError):
    """The teams file cannot be read or written; the message says what to do."""


class TeamStore:
    def __init__(self, folder: Path, within: Path | None = None) -> None:
        """within: the workspace root; a write never follows a link out of it."""
        self.path = folder / FILE
        self.within = within

    def load(self) -> Roster:
        """The roster; empty when there is none yet. A file that is no roster is left where
        it is and reported: the sessions never depend on it."""
        try:
            raw = read_regular(self.path, MAX_BYTES)
        except FileNotFoundError:
            return Roster()
        except OSError as error:
            raise TeamsError(f"De teams in {self.path} zijn niet te lezen: {os_reason(error)}.") from error
        if len(raw) > MAX_BYTES:
            raise TeamsError(f"{self.path} is te groot om een lijst van teams te zijn; zet het bestand opzij.")
        try:
            return Roster.model_validate(json.loads(raw))
        except (ValueError, ValidationError) as error:
            raise TeamsError(
                f"{self.path} is geen leesbare lijst van teams; zet het bestand opzij, dan begint beraad een nieuwe."
            ) from error

    def save(self, roster: Roster) -> None:
        try:
            private_dir(self.path.parent, within=self.within)
            payload = json.dumps(roster.model_dump(mode="json"), ensure_ascii=False, indent=1)
            atomic_write(self.path, payload.encode("utf-8"), within=self.within)
        except OSError as error:
            raise TeamsError(f"De teams konden niet in {self.path} worden bewaard: {os_reason(error)}.") from error
