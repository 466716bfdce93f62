"""Near-duplicates and repost chains.

:class:`SimHashIndex` finds fingerprints within a Hamming distance: each 64-bit fingerprint is cut into
``bands`` bands, and two fingerprints at distance <= ``bands - 1`` share at least one band exactly
(pigeonhole), so candidates come from ``bands`` dictionary look-ups and are then checked exactly. The default,
4 bands of 16 bits, finds every pair at distance <= 3.

:class:`DuplicateDetector` assigns ``duplicate_of``: the first-seen item of a group of near-identical texts
(later copies point at it, never at another copy). :class:`RepostChains` groups social posts by their
original: a post with a parent id joins its parent's chain, whose root is the first original.
Both are in memory; rebuild them at start from stored fingerprints and parent ids (``add`` in id order).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from nlp.simhash import BITS, hamming

logger = logging.getLogger(__name__)

DEFAULT_BANDS = 4
DEFAULT_MAX_DISTANCE = 3


class SimHashIndex:
    """Fingerprints by band value; ``near`` returns the ids within ``max_distance`` bits."""

    def __init__(self, *, bands: int = DEFAULT_BANDS, max_distance: int = DEFAULT_MAX_DISTANCE) -> None:
        if BITS % bands or not 0 <= max_distance < bands:
            raise ValueError(f"{bands} bands must divide 64 bits and exceed max_distance={max_distance}")
        self.bands = bands
        self.max_distance = max_distance
        self._width = BITS // bands
        self._mask = (1 << self._width) - 1
        self._buckets: list[dict[int, list[str]]] = [{} for _ in range(bands)]
        self._fingerprints: dict[str, int] = {}
        self._sequence: dict[str, int] = {}  # id → insertion number, for "oldest first"
        self._next = 0

    def __len__(self) -> int:
        return len(self._fingerprints)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._fingerprints

    def _band_values(self, fingerprint: int) -> list[int]:
        return [(fingerprint >> (band * self._width)) & self._mask for band in range(self.bands)]

    def add(self, item_id: str, fingerprint: int) -> None:
        if not 0 <= fingerprint < 1 << BITS:
            raise ValueError(f"a fingerprint is an unsigned 64-bit integer, got {fingerprint}")
        if item_id in self._fingerprints:
            self.remove(item_id)
        self._fingerprints[item_id] = fingerprint
        self._sequence[item_id] = self._next
        self._next += 1
        for bucket, value in zip(self._buckets, self._band_values(fingerprint), strict=True):
            bucket.setdefault(value, []).append(item_id)

    def remove(self, item_id: str) -> None:
        fingerprint = self._fingerprints.pop(item_id, None)
        if fingerprint is None:
            return
        del self._sequence[item_id]
        for bucket, value in zip(self._buckets, self._band_values(fingerprint), strict=True):
            members = bucket[value]
            members.remove(item_id)
            if not members:
                del bucket[value]

    def near(self, fingerprint: int) -> list[tuple[str, int]]:
        """(id, distance) of indexed fingerprints within ``max_distance``, nearest first, then oldest."""
        seen: dict[str, int] = {}
        for bucket, value in zip(self._buckets, self._band_values(fingerprint), strict=True):
            for item_id in bucket.get(value, ()):
                if item_id not in seen:
                    seen[item_id] = hamming(fingerprint, self._fingerprints[item_id])
        hits = [(item_id, distance) for item_id, distance in seen.items() if distance <= self.max_distance]
        return sorted(hits, key=lambda hit: (hit[1], self._sequence[hit[0]]))


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """``duplicate_of``: the first-seen item this one repeats (``None``: it is new)."""

    duplicate_of: str | None
    distance: int | None = None


class DuplicateDetector:
    """Marks near-duplicates of earlier items; an empty text (fingerprint 0) is never a duplicate."""

    def __init__(self, *, bands: int = DEFAULT_BANDS, max_distance: int = DEFAULT_MAX_DISTANCE) -> None:
        self.index = SimHashIndex(bands=bands, max_distance=max_distance)
        self._original_of: dict[str, str] = {}

    def add(self, item_id: str, fingerprint: int, duplicate_of: str | None = None) -> DuplicateMatch:
        """Index an item and say which earlier item it repeats (pass ``duplicate_of`` when reloading)."""
        if item_id in self.index:
            original = self._original_of.get(item_id)
            return DuplicateMatch(original, None)
        match = DuplicateMatch(duplicate_of) if duplicate_of else self.check(fingerprint)
        if match.duplicate_of is not None:
            self._original_of[item_id] = match.duplicate_of
        if fingerprint:
            self.index.add(item_id, fingerprint)
        return match

    def check(self, fingerprint: int) -> DuplicateMatch:
        """Which indexed item a new text with this fingerprint would repeat, without indexing it."""
        if not fingerprint:
            return DuplicateMatch(None)
        for item_id, distance in self.index.near(fingerprint):
            return DuplicateMatch(self._original_of.get(item_id, item_id), distance)
        return DuplicateMatch(None)


class RepostChains:
    """Social posts grouped under the original they repost (directly or through other reposts).

    Posts may arrive in any order: a parent not seen yet roots its chain until it arrives, and when it
    arrives with a parent of its own, its chain joins that parent's chain.
    """

    def __init__(self) -> None:
        self._root: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._seen: set[str] = set()

    def add(self, post_id: str, parent_id: str | None = None) -> str:
        """Record a post; returns the root of its chain (itself for an original)."""
        if post_id in self._seen:
            return self._root[post_id]
        self._seen.add(post_id)
        if post_id not in self._root:
            self._root[post_id] = post_id
            self._members[post_id] = [post_id]
        if parent_id and parent_id != post_id:
            if parent_id not in self._root:
                self._root[parent_id] = parent_id
                self._members[parent_id] = [parent_id]
            self._merge(self._root[post_id], self._root[parent_id])
        return self._root[post_id]

    def _merge(self, child_root: str, root: str) -> None:
        if child_root == root:
            return
        members = self._members.pop(child_root)
        for member in members:
            self._root[member] = root
        self._members[root].extend(members)

    def root(self, post_id: str) -> str | None:
        return self._root.get(post_id)

    def chain(self, post_id: str) -> list[str]:
        """Every known post of ``post_id``'s chain, the root first, in the order they joined."""
        root = self._root.get(post_id)
        return list(self._members[root]) if root else []
