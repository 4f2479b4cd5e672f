"""A write-first round: each participant fills in the round's form on their own phone,
in silence; the facilitator sees who has written, never what; "Onthullen" gives all
answers at once, in an order drawn by lot.

The answers live here, in memory, until the reveal: nothing reaches the session (and so
the disk) before it. Text is cleaned as typed text is (beraad.text via the field's own
clean), and kept to the field's stems and a length per answer.
"""

from __future__ import annotations

import hmac
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from beraad.errors import BeraadError
from beraad.model.method import ParticipantFormField
from beraad.model.session import Participant

MAX_ANSWER = 2_000  # characters per stem: a few paragraphs on a phone


class NotOpen(BeraadError):
    """The round was revealed or closed: a phone can no longer write."""


class Taken(BeraadError):
    """Another phone already chose this participant."""


class Unknown(BeraadError):
    """A phone that chose no participant (or a choice the round does not know)."""


def short_name(name: str) -> str:
    """ "Anna de Groot" -> "Anna G.", "Bram" -> "Bram"."""
    parts = name.split()
    return parts[0] if len(parts) < 2 else f"{parts[0]} {parts[-1][0]}."


@dataclass(frozen=True)
class Seat:
    """A participant as a phone sees the choice: whether a phone took it already."""

    id: str
    name: str
    taken: bool
    written: bool


@dataclass
class WriteFirstRound:
    step_id: str
    form: ParticipantFormField
    participants: list[Participant]
    _claims: dict[str, str] = field(default_factory=dict)  # participant id -> the phone's secret
    _answers: dict[str, dict[str, str]] = field(default_factory=dict)
    revealed: list[dict[str, str]] | None = None  # the answers in the order drawn, without names

    @property
    def is_open(self) -> bool:
        return self.revealed is None

    @property
    def stems(self) -> list[str]:
        return list(self.form.stems)

    def seats(self) -> list[Seat]:
        """The choice a phone sees: first names with an initial ("Bram V."), fewer names on
        the network; the full name only where two would read the same."""
        short = {p.id: short_name(p.name) for p in self.participants}
        clashes = {name for name in short.values() if list(short.values()).count(name) > 1}
        return [
            Seat(p.id, p.name if short[p.id] in clashes else short[p.id], p.id in self._claims, p.id in self._answers)
            for p in self.participants
        ]

    def written(self) -> list[Participant]:
        """Who has written (sent an answer), in the order of the participants."""
        return [p for p in self.participants if p.id in self._answers]

    def claim(self, participant_id: str) -> str:
        """A phone chooses who it is; returns the secret that phone writes with from now on."""
        self._check_open()
        if participant_id not in {p.id for p in self.participants}:
            raise Unknown("Kies je naam uit de lijst.")
        if participant_id in self._claims:
            raise Taken("Deze naam is al gekozen op een andere telefoon. Vraag de gespreksleider om hulp.")
        secret = secrets.token_urlsafe(16)
        self._claims[participant_id] = secret
        return secret

    def release(self, participant_id: str) -> None:
        """The facilitator frees a choice (a phone chose the wrong name); its answer goes too."""
        self._claims.pop(participant_id, None)
        self._answers.pop(participant_id, None)

    def holder(self, secret: str | None) -> str | None:
        """The participant a phone's secret belongs to, compared in constant time."""
        if not secret:
            return None
        found = None
        for participant_id, known in self._claims.items():
            if hmac.compare_digest(known.encode(), secret.encode()):
                found = participant_id
        return found

    def answer_of(self, secret: str | None) -> dict[str, str]:
        participant_id = self.holder(secret)
        return dict(self._answers.get(participant_id, {})) if participant_id else {}

    def write(self, secret: str | None, answers: Mapping[str, Any]) -> None:
        """A phone's answer (again, until the reveal): its own stems only, cleaned and bounded."""
        self._check_open()
        participant_id = self.holder(secret)
        if participant_id is None:
            raise Unknown("Kies eerst je naam.")
        if any(isinstance(text, str) and len(text) > MAX_ANSWER for text in answers.values()):
            raise BeraadError(f"Een antwoord is te lang: hoogstens {MAX_ANSWER} tekens per zin.")
        cleaned = self.form.clean({participant_id: dict(answers)}).get(participant_id, {})
        if cleaned:
            self._answers[participant_id] = cleaned
        else:
            self._answers.pop(participant_id, None)

    def reveal(self, current: Mapping[str, Mapping[str, str]], lot: random.Random) -> dict[str, dict[str, str]]:
        """Close the round: the answers in an order drawn by lot (for the team screen, no
        names) and the field's new value for the session: each phone's answers added to
        what the facilitator typed for that participant on the laptop, nothing lost."""
        self._check_open()
        order = list(self._answers.values())
        lot.shuffle(order)
        self.revealed = order
        merged = {pid: dict(stems) for pid, stems in current.items()}
        for participant_id, stems in self._answers.items():
            own = merged.setdefault(participant_id, {})
            for stem, text in stems.items():
                typed = own.get(stem, "").strip()
                own[stem] = text if not typed or typed == text.strip() else f"{typed}\n{text}"
        self._answers.clear()
        self._claims.clear()
        return merged

    def _check_open(self) -> None:
        if not self.is_open:
            raise NotOpen("Deze schrijfronde is al onthuld; er kan niets meer bij.")
