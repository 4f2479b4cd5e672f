"""The knelpunten register at scale: a workspace of many sessions (default 10,000, about
three knelpunten each), measured as a facilitator and a policy officer meet it.

    .venv/bin/python bench/register.py [DIR] [--sessions N] [--runs R]

DIR is made with bench/make_workspace.py when it does not hold sessions yet (10,000
sessions take a few minutes to write). Every figure is the median of R runs, each in a
fresh interpreter (the file cache warm, as on a laptop in use):

- rows: the register read and joined (every knelpunt with reference, status, due date),
  and again when nothing changed on disk (the app keeps what it read);
- filter: one status plus a word, over all rows, in the process that has them;
- flag help: what the knelpunt form needs before the first suggestion, once the rows are
  read, and one suggestion of earlier knelpunten that look alike;
- step: recording one step of a knelpunt (one event appended), as the app does it in a worker;
- register screen: from pressing K until the table shows its rows, once the home screen
  has read the register, and right after start (K pressed as soon as the overview shows);
- knelpunten list --json: the whole CLI command, process start to exit.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent

IN_PROCESS = """
import json, sys, time
from datetime import date
from pathlib import Path
from beraad.core.register import Filter, FlagHelp, select
from beraad.core.services import Services
from beraad.model.register import Step
from beraad.workspace import Workspace

services = Services(Workspace(Path(sys.argv[1])), today=lambda: date(2026, 11, 23))
start = time.perf_counter()
register = services.register
rows = register.rows()
took = {"rows": time.perf_counter() - start, "count": len(rows)}
start = time.perf_counter()
register.rows()
took["rows, again"] = time.perf_counter() - start
start = time.perf_counter()
chosen = select(rows, Filter(status="geagendeerd", text="vlucht"))
took["filter"] = time.perf_counter() - start
start = time.perf_counter()
help_ = FlagHelp.of(register, "nieuw")
took["flag help"] = time.perf_counter() - start
start = time.perf_counter()
help_.suggestions("Inlichtingenplicht na vlucht", regulation="Participatiewet art. 17")
took["suggestion"] = time.perf_counter() - start
row = next(r for r in rows if r.approved and r.status == "gesignaleerd")
start = time.perf_counter()
register.advance(row.key, Step.make("geagendeerd", date(2026, 11, 23), to_whom="beleid", role="bench"))
took["step"] = time.perf_counter() - start
register.withdraw(row.key, register.find(row.key).entry.steps[-1].id, "bench: weer terug")
print(json.dumps(took))
"""

SCREEN = """
import asyncio, json, sys, time
from pathlib import Path
from textual.widgets import DataTable
from beraad.core.services import Services
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace

async def shown(app, pilot):
    start = time.perf_counter()
    await pilot.press("k")
    while not (app.screen.id == "register" and app.screen.query_one(DataTable).row_count):
        await asyncio.sleep(0.005)
    return time.perf_counter() - start

async def main():
    took = {}
    app = BeraadApp(Services(Workspace(Path(sys.argv[1]))))
    async with app.run_test(size=(120, 40)) as pilot:
        took["register screen, at once"] = await shown(app, pilot)
    app = BeraadApp(Services(Workspace(Path(sys.argv[1]))))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # the home screen read the register
        took["register screen"] = await shown(app, pilot)
    print(json.dumps(took))

asyncio.run(main())
"""


def _python(code: str, root: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "beraad", "--workspace", str(root), "knelpunten", "list", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?", type=Path, default=Path("/tmp/beraad-bench-10k"))
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not (args.dir / "sessions").is_dir():
        sys.path.insert(0, str(ROOT))
        from make_workspace import make

        print(f"writing {args.sessions} sessions to {args.dir} ...", flush=True)
        make(args.dir, args.sessions)
    _cli(args.dir)  # the first run after a change of index format rebuilds it: not counted
    figures: dict[str, list[float]] = {}
    count = 0
    for _ in range(args.runs):
        for name, value in {**_python(IN_PROCESS, args.dir), **_python(SCREEN, args.dir)}.items():
            if name == "count":
                count = int(value)
            else:
                figures.setdefault(name, []).append(value)
        figures.setdefault("knelpunten list --json", []).append(_cli(args.dir))
    sessions = sum(1 for p in (args.dir / "sessions").glob("*.json") if not p.name.startswith("."))
    print(f"{sessions} sessions, {count} knelpunten; median of {args.runs} runs (fastest in brackets)")
    for name, values in figures.items():
        print(f"  {name:24s} {statistics.median(values) * 1000:8.1f} ms  ({min(values) * 1000:.1f})")


if __name__ == "__main__":
    main()
