"""Events as a laptop makes them (the shape in docs/architecture.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any


class Laptop:
    """One workspace's origin and its per-origin sequence."""

    def __init__(self) -> None:
        self.origin = str(uuid.uuid4())
        self.seq = 0

    def event(self, knelpunt: str, kind: str, data: dict[str, Any], role: str = "gespreksleider") -> dict[str, Any]:
        self.seq += 1
        return {
            "id": str(uuid.uuid4()),
            "knelpunt": knelpunt,
            "origin": self.origin,
            "seq": self.seq,
            "kind": kind,
            "recorded_at": datetime.now(UTC).isoformat(),
            "author": {"role": role, "user": None},
            "data": data,
        }

    def agreed(self, knelpunt: str | None = None, **fields: Any) -> dict[str, Any]:
        data = {
            "ref": f"KP-{self.origin[:4].upper()}-2026-{self.seq + 1:04d}",
            "session_date": "2026-11-02",
            "team": "",
            "title": "Bijstand stopt na vlucht uit huiselijk geweld",
            "description": "Een inwoner verblijft op advies van de politie bij familie; de uitkering stopt.",
            "effect": "Huurachterstand, dreigende uitzetting.",
            "sources": ["gemeentelijk beleid of beleidsregel"],
            "regulation": "Participatiewet art. 17 (inlichtingenplicht)",
            "subsistence": True,
            "discretion": "nee",
            "recurrence": "vermoedelijk structureel",
            "addressee": "beleid",
            "same_as": None,
            "version": 1,
            "approved_on": "2026-11-09",
            **fields,
        }
        return self.event(knelpunt or str(uuid.uuid4()), "agreed", data)

    def step(
        self, knelpunt: str, status: str, day: str = "2026-11-10", role: str = "gespreksleider", **fields: Any
    ) -> dict[str, Any]:
        data = {"status": status, "date": day, "note": "", "to_whom": "", "how": "", "outcome": None, **fields}
        return self.event(knelpunt, "step", data, role=role)
