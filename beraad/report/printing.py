"""What a printed HTML document needs beyond its template: dates in one piece.

A browser may break a line at any hyphen, so a date in a narrow table cell printed as
"11-12-" with "2026" on the next line. Every date in the text of an HTML document (not
in its CSS, title or scripts, where markup means nothing) is kept on one line. This runs
on the rendered document, so a trainer's own template gets it too.
"""

from __future__ import annotations

import re

# dd-mm-jjjj (also d-m-jjjj) and jjjj-mm-dd, not inside a longer run of digits and hyphens
DATE = re.compile(r"(?<![\w-])(\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{1,2}-\d{1,2})(?![\w-])")
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_RAW = frozenset({"script", "style", "title", "textarea"})  # their text is no markup
UNBROKEN = '<span style="white-space: nowrap">{}</span>'


def dates_unbroken(html: str) -> str:
    """The document with every date in its text wrapped so that it never breaks."""
    out: list[str] = []
    raw: str | None = None  # inside an element whose text is not markup
    for part in _TAG.split(html):
        if part.startswith("<"):
            found = _NAME.match(part)
            if found:
                name = found.group(1).lower()
                if raw is None and name in _RAW and not part.startswith("</") and not part.endswith("/>"):
                    raw = name
                elif raw == name and part.startswith("</"):
                    raw = None
            out.append(part)
        elif raw is None and part:
            out.append(DATE.sub(lambda m: UNBROKEN.format(m.group(1)), part))
        else:
            out.append(part)
    return "".join(out)
