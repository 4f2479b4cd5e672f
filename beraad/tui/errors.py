"""A Dutch sentence in a toast when an action cannot be done; the app keeps running."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from beraad.errors import BeraadError
from beraad.text import visible

Method = TypeVar("Method", bound=Callable[..., Any])


def tell(node: DOMNode, message: str, severity: str = "error") -> None:
    node.app.notify(visible(message), severity=severity, markup=False)  # type: ignore[arg-type]


def user_errors(method: Method) -> Method:
    """Show a BeraadError raised by an action as a toast instead of ending the app."""

    @functools.wraps(method)
    def wrapper(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except BeraadError as error:
            tell(self, str(error))
            return None

    return wrapper  # type: ignore[return-value]
