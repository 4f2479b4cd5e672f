"""Debian's Chromium through Playwright, on a thread of its own: Playwright's sync API
stays on the thread that started it, and the test's asyncio loop stays free to run the
app and the room's server while the browser waits for a page."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

CHROMIUM = "/usr/bin/chromium"
Result = TypeVar("Result")


class Chromium:
    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self._thread.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )

    async def run(self, work: Callable[..., Result], *args: Any) -> Result:
        """work(*args) on the browser's thread, awaited without blocking the loop."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, work, *args)

    def call(self, work: Callable[..., Result], *args: Any) -> Result:
        """work(*args) on the browser's thread, from a test without an event loop."""
        return self._thread.submit(work, *args).result()

    async def page(self, url: str, width: int = 1280, height: int = 720) -> Any:
        """A page in a fresh context (its own cookies: one phone, or the beamer), opened at url."""

        def open_page() -> Any:
            context = self.browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url)
            return page

        return await self.run(open_page)

    async def close_pages(self) -> None:
        def close() -> None:
            for context in self.browser.contexts:
                context.close()

        await self.run(close)

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()
