"""Keystrokes in a 20,000-character note, and autosave of a full session.

    .venv/bin/python bench/keystrokes.py

Per-key figures are CPU time of the whole process (what the keystroke costs us),
and wall time per key as Pilot sees it (which includes Pilot's own idle waiting).
A bare TextArea app with the same note is measured alongside for comparison.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from textual.app import App
from textual.widgets import TextArea

from beraad import methods
from beraad.model import Session
from beraad.model.session import Cursor
from beraad.store.sessions import SessionStore
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace

SENTENCE = "Mevrouw vertelt dat zij na het advies van de politie bij haar zus is gaan wonen. "
# A note as a facilitator types it: paragraphs of a few sentences.
NOTE = "\n".join([SENTENCE * 5] * 60)[:20_000]
# The worst case: one paragraph of 20,000 characters (pasted from elsewhere).
ONE_LINE = (SENTENCE * 260)[:20_000]
KEYS = list("de klantmanager belt terug ") * 8  # 216 keys


def full_session(method, note: str = NOTE) -> Session:
    people = [(f"Deelnemer {n}", "klantmanager") for n in range(8)]
    session = Session.start(method, "Benchmark", date(2026, 11, 23), people, case_presenter=0)
    for step in method.steps:
        for field in step.fields:
            kind = field.kind
            if kind in ("tekst", "lijst"):
                value = note if (step.id, field.id) == ("casus", "verhaal") else "regel een\nregel twee"
                value = value.splitlines() if kind == "lijst" else value
            elif kind in ("dilemma", "tabel", "acties"):
                value = [{c: f"{c} {n} " * 10 for c in field.columns} for n in range(6)]
            elif kind == "per_deelnemer":
                value = {p.id: {s: "een zin van een deelnemer " * 3 for s in field.stems} for p in session.participants}
            elif kind == "checklist":
                value = list(field.items)
            else:
                value = {p.id: 4 for p in session.participants}
            session.set_value(step.id, field.id, value)
    return session


async def keys_in(app: App, prepare) -> tuple[float, float]:
    async with app.run_test(size=(120, 40)) as pilot:
        await prepare(pilot)
        await pilot.pause()
        cpu, wall = time.process_time(), time.perf_counter()
        await pilot.press(*KEYS)
        await pilot.pause()
        return (time.process_time() - cpu) / len(KEYS), (time.perf_counter() - wall) / len(KEYS)


class Bare(App):
    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self):
        yield TextArea(self.note, soft_wrap=True)


async def main() -> None:
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    print(f"keystrokes at the end of a 20,000-character note ({len(KEYS)} keys, 120x40):")
    for name, note in (("paragraphs", NOTE), ("one long line", ONE_LINE)):
        root = Path(tempfile.mkdtemp(prefix="beraad-bench-"))
        store = SessionStore(Workspace(root).sessions)
        session = full_session(method, note)
        session.go_to("casus")
        session.cursor = Cursor(step="casus", field="verhaal")
        store.save(session)
        store.scan()

        async def open_session(pilot):
            await pilot.press("enter")
            await pilot.pause()
            area = pilot.app.focused
            assert isinstance(area, TextArea) and len(area.text) == 20_000
            area.move_cursor(area.document.end)

        async def focus_bare(pilot):
            area = pilot.app.query_one(TextArea)
            area.focus()
            area.move_cursor(area.document.end)

        ours = await keys_in(BeraadApp(Workspace(root)), open_session)
        bare = await keys_in(Bare(note), focus_bare)
        print(f"  {name}:")
        print(f"    beraad session screen: {ours[0] * 1000:5.2f} ms CPU per key, {ours[1] * 1000:5.1f} ms wall per key")
        print(f"    bare TextArea app:     {bare[0] * 1000:5.2f} ms CPU per key, {bare[1] * 1000:5.1f} ms wall per key")

    session = full_session(method)
    store.save(session)
    saved = store.load(session.id)
    size = store.path(session.id).stat().st_size
    times = []
    for _ in range(200):
        start = time.perf_counter()
        store.save(saved)
        times.append(time.perf_counter() - start)
    print(f"autosave of a full session (8 participants, every field filled, {size / 1024:.0f} KiB on disk):")
    print(f"  median {statistics.median(times) * 1000:.2f} ms, p95 {sorted(times)[189] * 1000:.2f} ms over 200 saves")


if __name__ == "__main__":
    asyncio.run(main())
