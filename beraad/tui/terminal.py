"""The terminal is given back as it was, also when beraad is killed (kill -9, the OOM
killer): Textual switches the terminal to the alternate screen, raw input, mouse tracking
and bracketed paste, and only a normal exit switches them back. Without this a killed
beraad leaves a terminal that echoes nothing and prints mouse codes until a blind `reset`.

A small watchdog process, forked before the app starts, waits on a pipe. When beraad
ends normally it says so and the watchdog leaves without a word; when beraad dies, the
pipe closes, and the watchdog restores the terminal settings saved at the start, switches
the terminal modes off, and says in Dutch what happened and where the notes are.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

# Everything Textual's Linux driver switches on, switched off again (its own stop sequence).
RESET = (
    "\x1b[<u"  # the kitty keyboard protocol
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # mouse tracking
    "\x1b[?2004l"  # bracketed paste
    "\x1b[?2048l"  # in-band window resize
    "\x1b[?1004l"  # focus events
    "\x1b[?7h"  # line wrap
    "\x1b[0m"  # colours and styles
    "\x1b[?1049l"  # back from the alternate screen
    "\x1b[?25h"  # the cursor
)


@contextlib.contextmanager
def guard(message: str) -> Iterator[None]:
    """Run the app inside this: if its process dies, the terminal is restored and message
    is printed. Does nothing where there is no terminal to restore (tests, a pipe) or no
    fork (Windows)."""
    try:
        import termios
    except ImportError:  # Windows
        yield
        return
    try:
        tty_in, tty_out = sys.__stdin__.fileno(), sys.__stderr__.fileno()  # type: ignore[union-attr]
        if not (os.isatty(tty_in) and os.isatty(tty_out)):
            raise OSError
        saved = termios.tcgetattr(tty_in)
        read_end, write_end = os.pipe()
    except (OSError, AttributeError, ValueError, termios.error):
        yield
        return
    pid = os.fork()
    if pid == 0:  # the watchdog: only system calls from here on, then _exit
        _watch(read_end, write_end, tty_in, tty_out, saved, message)
    os.close(read_end)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.write(write_end, b"\n")  # a normal end: the watchdog goes quietly
            os.close(write_end)
            os.waitpid(pid, 0)


def _watch(read_end: int, write_end: int, tty_in: int, tty_out: int, saved: list[Any], message: str) -> None:
    import termios

    try:
        os.close(write_end)
        for name in ("SIGINT", "SIGQUIT", "SIGTSTP", "SIGTERM"):  # meant for beraad, not for the watchdog
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        said = os.read(read_end, 1)
        if not said:  # the pipe closed without a word: beraad is gone
            termios.tcsetattr(tty_in, termios.TCSANOW, saved)
            os.write(tty_out, f"{RESET}\r\n{message}\r\n".encode())
    except BaseException:  # never a traceback from here, whatever happens
        pass
    finally:
        os._exit(0)
