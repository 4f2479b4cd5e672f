"""What the command line tells a person on stderr: the progress of deduce's first
build, and the *mogelijk herleidbaar* findings it replaced or left."""

from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import TextIO

from beraad.anonymise.fast_deduce import MESSAGES
from beraad.anonymise.pipeline import Result

# Loading a built cache takes a second: only a first build is worth a word.
QUIET = {MESSAGES["loading"], MESSAGES["ready"]}
BAR = 24


class StderrProgress:
    """A progress hook for fast_deduce: one line updated in place on a terminal, plain
    lines (each message once) when stderr is a file or a pipe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self._last = ""
        self._shown = False

    def __call__(self, message: str, fraction: float | None) -> None:
        if message in QUIET:
            return
        self._shown = True
        if self.terminal:
            self.stream.write("\r\033[K" + _line(message, fraction))
        elif message != self._last:
            self.stream.write(message + "\n")
        self._last = message
        self.stream.flush()

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._shown:
            done = "klaar." if kind is None else "afgebroken."
            self.stream.write(("\r\033[K" if self.terminal else "") + f"deduce opbouwen: {done}\n")
            self.stream.flush()


def _line(message: str, fraction: float | None) -> str:
    if fraction is None:
        return message
    filled = round(max(0.0, min(1.0, fraction)) * BAR)
    return f"{message} [{'#' * filled}{'.' * (BAR - filled)}] {fraction:4.0%}"


def describe_possible(result: Result) -> Iterator[str]:
    """Dutch lines for stderr: each *mogelijk herleidbaar* text once, with what happened."""
    replaced = {s.text: s for s in result.spans if not s.certain}
    left = {s.text: s for s in result.possible if s.text not in replaced}
    if not replaced and not left:
        return
    yield f"Mogelijk herleidbaar ({len(replaced) + len(left)}):"
    for text, span in replaced.items():
        yield f"  vervangen: {text} -> {span.replacement} ({span.category}; {span.note})"
    for text, span in left.items():
        yield f"  blijft staan: {text} ({span.category}; {span.note})"
    if replaced:
        yield "Namen en plaatsen zijn standaard vervangen; met --behoud-mogelijk blijven ze staan."
    if left:
        yield "Wat blijft staan kan iemand herkenbaar maken: vervang het zo nodig zelf."
