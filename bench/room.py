"""Keystroke to team screen: how long a key typed in the app takes to show on the beamer,
over loopback, with ten phones connected to a write-first round.

    .venv/bin/python bench/room.py [KEYS] [START-UP RUNS]

The app runs headless (Pilot) with the room on; the team screen is a real page in
Debian's Chromium, which records (Date.now()) when each new text appears in its DOM; ten
more Chromium pages are phones that chose a participant in the open write-first round.
A key's time runs from just before it is sent to the app to the moment the page shows
it. Keys are typed one at a time, about as fast as a facilitator types. Goal: p95 <= 250 ms.

Start-up with the room off: fresh interpreters that start the app to its first screen (as
bench/startup.py does), as shipped and with the room's web stack imported up front (what
an eager import would cost), alternating; each run also says whether aiohttp, segno or
beraad.room was loaded by the time the first screen was up.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from textual import events

from beraad import methods
from beraad.core.services import Services
from beraad.model import Session
from beraad.room.writing import short_name
from beraad.tui.app import BeraadApp
from beraad.workspace import Workspace

PHONES = 10
WORDS = "de klantmanager belt de inwoner terug en legt uit waarom "
WATCH = """() => {
  window.seen = [];
  const fields = document.getElementById("fields");
  new MutationObserver(() => window.seen.push([Date.now(), fields.textContent])).observe(
    fields, { childList: true, subtree: true, characterData: true });
}"""


class Browser:
    """Chromium on its own thread (Playwright's sync API stays on the thread that started it)."""

    def __init__(self) -> None:
        self.thread = ThreadPoolExecutor(1)
        self.thread.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )

    async def run(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.thread, work, *args)

    def page(self, url: str) -> Any:
        page = self.browser.new_context().new_page()
        page.goto(url)
        return page

    def close(self) -> None:
        self.thread.submit(lambda: (self.browser.close(), self.playwright.stop())).result()


async def press(app: BeraadApp, char: str) -> None:
    key = "space" if char == " " else char
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def measure(keys: int) -> list[float]:
    root = Path(tempfile.mkdtemp(prefix="beraad-bench-room-"))
    method = methods.load(methods.shipped_dir() / "dilemmamethode.toml")
    people = [(f"Deelnemer {n}", "klantmanager") for n in range(PHONES)]
    session = Session.start(method, "Benchmark", date(2026, 11, 23), people, case_presenter=0)
    session.go_to("afweging")
    services = Services(Workspace(root))
    services.store.save(session)
    services.store.scan()
    browser = Browser()
    app = BeraadApp(services)
    app.animation_level = "none"
    delays: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        app.open_session(session.id)
        await pilot.pause()
        await pilot.press("f2", "t", "s")
        await pilot.pause()
        room = app.screen.room
        for n in range(PHONES):  # ten phones, each with its participant chosen
            phone = await browser.run(browser.page, room.phone_url)
            seat = short_name(f"Deelnemer {n}")  # as a phone shows the choice
            await browser.run(lambda p=phone, seat=seat: p.get_by_role("button", name=seat, exact=True).click())
        await pilot.press("escape", "ctrl+b", "ctrl+b", "ctrl+b")  # the round stays open; back to the dilemma
        await pilot.pause()
        assert app.screen.core.session.current_step == "dilemma"
        beamer = await browser.run(browser.page, room.team_url)
        await browser.run(lambda: beamer.get_by_role("heading", name="Moreel dilemma").wait_for())
        await browser.run(beamer.evaluate, WATCH)
        print(
            f"phones that chose a participant: {len(room.writing.seats()) - sum(not s.taken for s in room.writing.seats())}"
        )
        typed = ""
        text = (WORDS * (keys // len(WORDS) + 1))[:keys]
        for char in text:
            typed += char
            expected = typed.rstrip()  # the page shows what was typed; a trailing space is invisible
            sent = time.time() * 1000
            await press(app, char)
            shown = await browser.run(
                lambda e=expected: (
                    beamer.wait_for_function(
                        "e => window.seen.some(([, text]) => text.includes(e))", arg=e, timeout=10_000
                    )
                    and beamer.evaluate("e => window.seen.find(([, text]) => text.includes(e))[0]", e)
                )
            )
            delays.append(shown - sent)
            await asyncio.sleep(0.03)  # a fast typist: some 30 keys a second at most
    browser.close()
    return delays


STARTUP = """
import json, os, sys, time
from pathlib import Path
if sys.argv[2] == "eager":
    import beraad.room.room, beraad.room.qr  # noqa: F401
from beraad.tui.app import BeraadApp
from beraad.core.services import Services
from beraad.workspace import Workspace

async def ready(pilot):
    web = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in ("aiohttp", "segno")} |
                 {"beraad.room" for m in sys.modules if m.startswith("beraad.room")})
    os.write(1, (json.dumps(web) + "\\n").encode())
    pilot.app.exit()

BeraadApp(Services(Workspace(Path(sys.argv[1])))).run(headless=True, size=(100, 30), auto_pilot=ready)
"""


def startup(runs: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="beraad-bench-start-"))
    times: dict[str, list[float]] = {"as shipped": [], "eager": []}
    loaded: dict[str, list[str]] = {}
    for _ in range(runs):
        for name, how in (("as shipped", "lazy"), ("eager", "eager")):
            start = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-c", STARTUP, str(root), how], stdout=subprocess.PIPE)
            assert process.stdout is not None
            loaded[name] = json.loads(process.stdout.readline())
            times[name].append(time.perf_counter() - start)
            process.wait(30)
    for name, measured in times.items():
        print(
            f"start-up to the first screen, {name:10s}: median {statistics.median(measured) * 1000:6.1f} ms"
            f"  (web stack loaded at first screen: {', '.join(loaded[name]) or 'none'})"
        )


def main() -> None:
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    startup(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    delays = asyncio.run(measure(keys))
    delays.sort()
    p95 = delays[int(len(delays) * 0.95) - 1]
    print(f"keys typed: {len(delays)}, {PHONES} phones connected, loopback")
    print(
        f"keystroke -> team screen (Chromium DOM): median {statistics.median(delays):.0f} ms, "
        f"p95 {p95:.0f} ms, max {delays[-1]:.0f} ms  (goal: p95 <= 250 ms)"
    )


if __name__ == "__main__":
    main()
