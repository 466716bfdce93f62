"""A Store that forwards to whichever Store is current: components built once (alert evaluation) read
through the Store post-processing just wrote, so they see its writes at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from indexer.document import Document
from indexer.store import ProgressCallback, SearchRequest, SearchResult, Store, StoreStats


class StoreHandle(Store):
    """Forwards every call to :attr:`target`; opening and closing are the target owner's business."""

    def __init__(self, target: Store | None = None) -> None:
        self._target = target

    @property
    def target(self) -> Store:
        if self._target is None:
            raise RuntimeError("StoreHandle has no store: set .target first")
        return self._target

    @target.setter
    def target(self, store: Store | None) -> None:
        self._target = store

    def open(self) -> None:
        """Nothing: the target is opened by its owner."""

    def close(self) -> None:
        """Nothing: the target is closed by its owner."""

    def upsert(self, documents: Iterable[Document]) -> int:
        return self.target.upsert(documents)

    def get(self, doc_id: str) -> Document | None:
        return self.target.get(doc_id)

    def get_many(self, doc_ids: Sequence[str]) -> list[Document]:
        return self.target.get_many(doc_ids)

    def delete(self, doc_ids: Sequence[str]) -> int:
        return self.target.delete(doc_ids)

    def count(self) -> int:
        return self.target.count()

    def search(self, request: SearchRequest) -> SearchResult:
        return self.target.search(request)

    def iter_documents(self, batch_size: int = 1000) -> Iterator[Document]:
        return self.target.iter_documents(batch_size)

    def reindex(self, progress: ProgressCallback | None = None) -> int:
        return self.target.reindex(progress)

    def stats(self) -> StoreStats:
        return self.target.stats()
