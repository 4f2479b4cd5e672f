"""Opening a round whose table holds many rows (bounded input: a pasted or generated table
must never freeze the app).

    .venv/bin/python bench/tables.py [ROWS ...]

Prints, per row count, the time from Enter on the overview until the round's table is on
screen with the caret in it (median of 3, at 80x24 and 120x40): wall time, and the CPU
time of the process (on a busy machine the wall time also holds other people's work).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from beraad import methods
from beraad.core.services import Services
from beraad.model import Session
from beraad.model.session import Cursor
from beraad.store.sessions import SessionStore
from beraad.tui.app import BeraadApp
from beraad.tui.screens.session import SessionScreen
from beraad.workspace import Workspace

CELL = "De inwoner wil gehoord worden voordat er een besluit valt over de uitkering. "


def workspace_with_table(rows: int, root: Path) -> Path:
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    people = [(f"Deelnemer {n}", "klantmanager") for n in range(5)]
    session = Session.start(method, "Benchmark", date(2026, 11, 23), people, case_presenter=0)
    field = method.step("perspectieven").fields[0]
    session.set_value("perspectieven", field.id, [{c: f"{n} {CELL}" for c in field.columns} for n in range(rows)])
    session.go_to("perspectieven")
    session.cursor = Cursor(step="perspectieven", field=field.id, row=0, column=0)
    store = SessionStore(Workspace(root).sessions)
    store.save(session)
    store.scan()
    return root


async def open_once(root: Path, size: tuple[int, int]) -> tuple[float, float]:
    app = BeraadApp(Services(Workspace(root)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        start, cpu = time.perf_counter(), time.process_time()
        await pilot.press("enter")
        while not (isinstance(app.screen, SessionScreen) and app.focused is not None):
            await asyncio.sleep(0.005)
        await pilot.pause()
        took = time.perf_counter() - start, time.process_time() - cpu
        await pilot.press("ctrl+q")
    return took


async def main(counts: list[int]) -> None:
    print("opening the perspectieven round with a table of N rows (Enter to caret in the table):")
    for rows in counts:
        with tempfile.TemporaryDirectory(prefix="beraad-bench-") as folder:
            root = workspace_with_table(rows, Path(folder))
            await measure(rows, root)


async def measure(rows: int, root: Path) -> None:
    for size in ((80, 24), (120, 40)):
        times = [await open_once(root, size) for _ in range(3)]
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"  {rows:5d} rows at {size[0]}x{size[1]}: median {wall:5.2f} s wall, {cpu:5.2f} s CPU")


if __name__ == "__main__":
    asyncio.run(main([int(a) for a in sys.argv[1:]] or [20, 200, 2000]))
