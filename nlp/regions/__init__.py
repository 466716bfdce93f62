"""Regions: province, city and county with 6-digit administrative codes, read from Chinese text.

``extract_regions(text, home_region=...)`` (or a :class:`RegionExtractor`) returns a
:class:`RegionResult`: the most specific consistent codes and the evidence (matched span, level) for each.
The gazetteer is ``config/gazetteer/regions.csv`` (origins and licences in the README beside it).

Exception tree::

    NlpError (nlp.errors)
    └── RegionError             region extraction cannot run (e.g. an unknown home region code)
        └── GazetteerError      the gazetteer table or a word list is missing or malformed
"""

from nlp.regions.errors import GazetteerError, RegionError
from nlp.regions.extractor import (
    RegionEvidence,
    RegionExtractor,
    RegionResult,
    default_gazetteer,
    extract_regions,
)
from nlp.regions.gazetteer import Gazetteer, Level, Region

__all__ = [
    "Gazetteer",
    "GazetteerError",
    "Level",
    "Region",
    "RegionError",
    "RegionEvidence",
    "RegionExtractor",
    "RegionResult",
    "default_gazetteer",
    "extract_regions",
]
