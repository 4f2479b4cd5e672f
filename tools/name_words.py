"""Build beraad/anonymise/data/name_words.txt: names (deduce's lists of first names and
surnames) that are also ordinary Dutch words written in lower case (OpenTaal's Hunspell
word list, BSD / CC BY 3.0): "groot", "bos", "visser", "koning".

A name part of a person that is such a word counts in a text only with a capital or in
capitals ("Groot", "GROOT"), not as "een groot probleem"; every other name part counts in
any case ("jansen", "YILMAZ"). Run once when deduce's lists or the word list change:

    .venv/bin/python tools/name_words.py PATH/TO/nl_NL.dic
"""

from __future__ import annotations

import sys
from pathlib import Path

import deduce

LISTS = Path(deduce.__file__).parent / "data" / "lookup" / "src" / "names"
OUT = Path(__file__).resolve().parent.parent / "beraad" / "anonymise" / "data" / "name_words.txt"


def main(dic: str) -> None:
    lower = set()
    for line in Path(dic).read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/", 1)[0].strip()
        if word and word.islower() and word.isalpha():
            lower.add(word)
    names = set()
    for part in ("lst_first_name", "lst_surname", "lst_interfix_surname"):
        for line in (LISTS / part / "items.txt").read_text(encoding="utf-8").splitlines():
            for token in line.replace("-", " ").split():
                names.add(token.lower())
    words = sorted(names & lower)
    header = "# names that are also Dutch words in lower case; made by tools/name_words.py (OpenTaal, deduce)\n"
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
