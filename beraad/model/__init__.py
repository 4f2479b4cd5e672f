"""The domain core: pydantic models of methods and sessions. No Textual, no file I/O."""

from beraad.model.method import CaptureField, Method, Step
from beraad.model.session import Participant, Session

__all__ = ["CaptureField", "Method", "Participant", "Session", "Step"]
