"""A QR code as text: two rows of modules per line of half blocks, so it stays square
in a terminal and fits beside a panel at 80x24."""

from __future__ import annotations

import segno

QUIET = 2  # modules of light border; the panel around it is light too (black on white)

# (top dark, bottom dark) -> character, drawn dark on light
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def half_blocks(text: str) -> list[str]:
    """The QR code of text (a URL) as lines of half blocks: dark modules are the foreground.

    An upper-case URL is encoded in QR's alphanumeric mode: a smaller code than bytes."""
    code = segno.make(text, error="l", boost_error=True, micro=False)
    rows = [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=QUIET)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
