"""A quick look at the sessions folder for the first screen, without pydantic.

Start-up must stay light (see bench/startup.py), so home first lists what it can
read with plain json; the store's full scan (validation, quarantine) follows in
the background and replaces this listing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Summary:
    id: str
    date: date
    title: str
    method: str
    status: str
    where: str
    created: str

    @classmethod
    def of(cls, data: dict) -> Summary:
        """From a stored session document (or a Session's to_data())."""
        steps = data["method"]["stappen"]
        number, where = 0, ""
        for step in steps:
            number += step["soort"] == "ronde"
            if step["id"] == data["current_step"]:
                where = f"{number}. {step['titel']}" if step["soort"] == "ronde" else step["titel"]
        return cls(
            id=data["id"],
            date=date.fromisoformat(data["date"]),
            title=data["title"],
            method=data["method"]["titel"],
            status=data["status"],
            where=where,
            created=data.get("created", ""),
        )


def quick_list(folder: Path) -> list[Summary]:
    """Sessions that look readable, newest first; anything odd is left to the full scan."""
    found = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            document = json.loads(path.read_bytes())["sessie"]["1"]
            found.append(Summary.of(document))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda s: (s.date, s.created), reverse=True)
