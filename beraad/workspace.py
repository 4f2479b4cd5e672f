"""Where beraad keeps its files: methods, sessions and exports of one workspace."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


def user_data_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "beraad"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "beraad"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "beraad"


def user_cache_dir() -> Path:
    """Where beraad keeps rebuildable caches (deduce's lookup tables), per user."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "beraad"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "beraad"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "beraad"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def find(cls, explicit: Path | None = None, cwd: Path | None = None) -> Workspace:
        """--workspace wins; then the current folder if it holds methods/ or sessions/;
        otherwise the per-user data folder."""
        if explicit is not None:
            return cls(explicit.expanduser().resolve())
        here = (cwd or Path.cwd()).resolve()
        if (here / "methods").is_dir() or (here / "sessions").is_dir():
            return cls(here)
        return cls(user_data_dir())

    @property
    def methods(self) -> Path:
        return self.root / "methods"

    @property
    def sessions(self) -> Path:
        return self.root / "sessions"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def teams(self) -> Path:
        """Teams and their members (names stay on this laptop, like sessions/)."""
        return self.root / "teams"
