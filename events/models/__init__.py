"""The events app's models, one module per concept, re-exported here."""

from .evidence import Citation, Source
from .gazetteer import GazetteerEntry
from .meetings import Delegation, Meeting, MeetingTopic, Outcome, Participation, Series, Topic
from .places import Place, PlaceName
from .published import (
    CitationBucket,
    FacetCount,
    KeptListItem,
    KeptRepresentation,
    MeetingFacet,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
    RecordVersion,
    Revision,
)
from .spellings import SpelledName, Spelling
from .workflow import Transition

__all__ = [
    "Citation",
    "CitationBucket",
    "Delegation",
    "GazetteerEntry",
    "Meeting",
    "FacetCount",
    "KeptListItem",
    "KeptRepresentation",
    "MeetingFacet",
    "MeetingTopic",
    "Outcome",
    "Participation",
    "Place",
    "PlaceName",
    "PublishedCitation",
    "PublishedMeeting",
    "PublishedPerson",
    "PublishedReference",
    "RecordVersion",
    "Revision",
    "Series",
    "Source",
    "SpelledName",
    "Spelling",
    "Topic",
    "Transition",
]
