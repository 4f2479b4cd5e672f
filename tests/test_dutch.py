"""Every count sentence agrees in number, through one helper (beraad.dutch)."""

from __future__ import annotations

import re
from pathlib import Path

from beraad import dutch


def test_count_sentences_agree_in_number():
    assert dutch.undecided_words(1) == "1 woord dat iemand kan herkennen"
    assert dutch.undecided_words(2) == "2 woorden die iemand kunnen herkennen"
    assert f"{dutch.SESSION(1)} {dutch.SESSION.which(1)}" == "1 sessie die"
    assert dutch.BOTTLENECK(0) == "0 knelpunten" and dutch.MEMBER(1) == "1 lid"
    assert dutch.verb(3, "is", "zijn") == "zijn"


# An inline plural ('en' if n != 1, 'x' if n == 1 else 'y') is how the grammar went wrong
# before; count sentences go through beraad.dutch instead.
INLINE_PLURAL = re.compile(r"""['"][a-z]*['"] if [^'"\n]*[!=]= 1\b|[!=]= 1 else ['"][^'"]""")


def test_no_count_sentence_spells_its_own_plural():
    root = Path(__file__).parent.parent / "beraad"
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in root.rglob("*.py")
        if path.name != "dutch.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE_PLURAL.search(line)
    ]
    assert not found, "\n".join(found)
