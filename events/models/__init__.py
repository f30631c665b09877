"""The events app's models, one module per concept, re-exported here."""

from .documents import MeetingDocument
from .evidence import Citation, Source
from .meetings import Delegation, Meeting, MeetingTopic, Outcome, Participation, Series, Topic
from .places import Place, PlaceName
from .workflow import Correction, Transition

__all__ = [
    "Citation",
    "Correction",
    "Delegation",
    "Meeting",
    "MeetingDocument",
    "MeetingTopic",
    "Outcome",
    "Participation",
    "Place",
    "PlaceName",
    "Series",
    "Source",
    "Topic",
    "Transition",
]
