"""JSON as beraad reads it from disk: nested no deeper than a session ever is, and with
finite numbers only.

Python's json accepts NaN, Infinity and 1e999 (which becomes infinity), and nests as deep
as the interpreter's stack allows; code further on (a clock that shows minutes, a
fingerprint that encodes the notes again) then fails far from the file. A session,
index or lock file that is nested deeper or holds such a number is not one beraad wrote:
it is refused here with a Dutch reason, and the scan moves it aside.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 64  # a session nests about 8 deep (document, values, step, field, table, row, cell)

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class Unbounded(ValueError):
    """Not JSON that beraad would write; the message is a Dutch reason."""


def depth(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets in strings do not count)."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(raw: bytes | str, max_depth: int | None = MAX_DEPTH) -> Any:
    """json.loads, refusing deeper nesting than max_depth and numbers that are not finite
    (Unbounded); a text that is no JSON raises json.JSONDecodeError as usual. max_depth
    None: no count beforehand (a large cache beraad wrote itself, read on the hot path;
    too deep still ends in a RecursionError, never in data)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if max_depth is not None and depth(data) > max_depth:
        raise Unbounded(f"te diep genest (meer dan {max_depth} lagen)")
    return json.loads(data, parse_constant=_not_a_number, parse_float=_finite)


def _not_a_number(name: str) -> float:
    raise Unbounded(f"er staat een getal in dat geen getal is ({name})")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Unbounded(f"er staat een getal in dat te groot is ({text[:20]})")
    return value
