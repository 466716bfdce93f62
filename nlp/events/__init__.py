"""Events and hotspots: incremental clustering of items into events, heat, bursts and rankings.

The app converts its documents into :class:`EventItem` and feeds them to an :class:`EventClusterer`
(``open()`` first: it creates the tables on the app's database and rebuilds its index from them).
:class:`HotspotRanker` ranks events of any period by :class:`HeatIndex`; :class:`BurstDetector` finds
topics and regions far above their baseline. All state is in SQL (:mod:`nlp.events.tables`).

Exception tree::

    NlpError (nlp.errors)
    └── EventError              event clustering or ranking cannot run
        └── EventStoreError     the events database cannot be opened, read or written
"""

from nlp.events.bursts import Burst, BurstDetector
from nlp.events.clusterer import Assignment, EventClusterer, event_id_for
from nlp.events.errors import EventError, EventStoreError
from nlp.events.heat import EventStats, HeatBreakdown, HeatIndex, HeatScales, HeatWeights
from nlp.events.hotspots import Hotspot, HotspotRanker
from nlp.events.items import Engagement, EventItem
from nlp.events.store import EventState, EventStore

__all__ = [
    "Assignment",
    "Burst",
    "BurstDetector",
    "Engagement",
    "EventClusterer",
    "EventError",
    "EventItem",
    "EventState",
    "EventStats",
    "EventStore",
    "EventStoreError",
    "HeatBreakdown",
    "HeatIndex",
    "HeatScales",
    "HeatWeights",
    "Hotspot",
    "HotspotRanker",
    "event_id_for",
]
