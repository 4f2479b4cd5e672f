"""Key bindings shared by the screens where people type."""

from textual.binding import Binding

# Tab moves the focus as a priority binding: handled in the app's own queue, in order,
# so keys typed right after Tab go to the next field even when the app is busy.
# (Bubbling up from the focused widget, later keys could still reach the old field.)
FOCUS_KEYS = [
    Binding("tab", "app.focus_next", "Volgend veld", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Vorig veld", show=False, priority=True),
]
