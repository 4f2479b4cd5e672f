"""The verslag as the review shows it (w): Textual's Markdown, with the tables as the
export prints them. Markdown needs a header row for a table, so the verslag's lists of
name and value (the session's details, a knelpunt's) have an empty one; the printed
verslag has none, and neither has this view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Markdown

from beraad.tui import compat

if TYPE_CHECKING:
    from textual.widgets._markdown import MarkdownTable, MarkdownTableContent
else:
    MarkdownTable, MarkdownTableContent = compat.markdown_table()


class VerslagTable(MarkdownTable):
    DEFAULT_CSS = "VerslagTable.-no-header MarkdownTableContent > .header { display: none; }"

    def compose(self) -> ComposeResult:
        for child in super().compose():
            if isinstance(child, MarkdownTableContent) and not any(h.plain.strip() for h in child.headers):
                self.add_class("-no-header")
            yield child


class VerslagView(Markdown):
    BLOCKS = {**Markdown.BLOCKS, "table_open": VerslagTable}  # noqa: RUF012 (declared by Markdown)
