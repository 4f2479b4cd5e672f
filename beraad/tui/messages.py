"""Messages the app posts to its screens (messages, not references)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class Synced(Message):
    """A sync with the municipality's server ended (report: beraad.core.sync.Report, or
    None when it could not run); screens that show the register read it again."""

    def __init__(self, report: Any) -> None:
        super().__init__()
        self.report = report
