"""Text types for what people type: stored without control characters (see beraad.text)."""

from typing import Annotated

from pydantic import AfterValidator

from beraad.text import clean, clean_line

Line = Annotated[str, AfterValidator(clean_line)]
"""One line: a title, a name, a role."""

Text = Annotated[str, AfterValidator(clean)]
"""Free text of any length, with line breaks."""
