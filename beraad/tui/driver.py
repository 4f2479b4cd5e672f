"""Terminal input that is not UTF-8 (a stray byte such as 0x9b from an old terminal or a
paste) must not end the app: Textual's input thread decodes strictly and dies with an
English traceback. Decode with replacement instead: the byte becomes one visible "�"
and everything around it arrives as typed."""

from __future__ import annotations

import codecs
import functools


def tolerate_broken_input() -> None:
    from textual.drivers import linux_driver

    if getattr(getattr(linux_driver, "getincrementaldecoder", None), "tolerant", False):
        return

    def tolerant(encoding: str) -> functools.partial[codecs.IncrementalDecoder]:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    tolerant.tolerant = True  # type: ignore[attr-defined]
    setattr(linux_driver, "getincrementaldecoder", tolerant)  # noqa: B010 - a module's private import
