"""Worker threads that never keep a closed app alive.

Textual runs a thread worker in the event loop's default executor, and asyncio.run waits
for that executor's threads when the loop closes. A thread that is busy for a minute
(deduce building its tables on a new machine) would keep the process alive that long
after Ctrl+Q, with the terminal already given back: what the user types meanwhile goes
to the shell only once it ends. Everything that matters is saved before the app exits
(the screens and the core do that), so the app does not wait: the process leaves and
the thread's work is done again next time (deduce's build is all or nothing)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


class LeavingExecutor(ThreadPoolExecutor):
    """A default executor whose shutdown does not wait for running threads; beraad.cli.run
    then ends the process with os._exit, which does not wait for them either."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)
