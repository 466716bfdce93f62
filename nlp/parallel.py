"""Batch analysis over several worker processes.

``ParallelAnalyzer(factory, workers=2).analyze_many(inputs)`` gives what ``factory().analyze_many(inputs)``
gives, in order, with a large batch split into pieces analysed by ``workers`` processes. Each worker
builds its analyzer once (``factory`` runs in the worker's initializer, so it must be picklable: a
module-level function or a :func:`functools.partial` of one) and must set up what the analysis reads
from the process besides the analyzer (the default segmenter: ``set_default_segmenter``). Batches smaller than ``min_batch`` are
analysed in this process (by ``local``, or by an analyzer ``factory`` builds here on first use): for a
handful of documents the hand-over costs more than it saves.

The pool starts on the first large batch and lives until :meth:`close` (or the ``with`` block ends). A
worker that dies (killed, out of memory, a crash in native code) or whose ``factory`` fails raises
:class:`ParallelAnalysisError` at once instead of hanging; the next batch starts a new pool. An
exception raised by the analysis itself (a bad home region) reaches the caller unchanged, as it would
in-process.

Every worker keeps its own memos (word facts, hashes): on two workers the CPU time per document is a
little higher than in one process; the wall-clock time is what shrinks.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from config.cpus import auto_workers
from nlp.analysis import CHUNK_SIZE, Analysis, AnalysisInput
from nlp.errors import NlpError

DEFAULT_MIN_BATCH = 64


class BatchAnalyzer(Protocol):
    """Anything that analyses a batch (:class:`nlp.analysis.Analyzer`, the app's DocumentAnalyzer)."""

    def analyze_many(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]: ...


class ParallelAnalysisError(NlpError):
    """A worker process died or could not build its analyzer."""


_WORKER: dict[str, BatchAnalyzer] = {}  # the analyzer of a worker process


def _start_worker(factory: Callable[[], BatchAnalyzer]) -> None:
    _WORKER["analyzer"] = factory()
    # The analyzer's models, dictionaries and memos live as long as the worker: out of the garbage
    # collector's sight, a full collection no longer walks them.
    gc.freeze()


def _analyze_in_worker(inputs: Sequence[AnalysisInput]) -> list[Analysis]:
    analyzer = _WORKER.get("analyzer")
    if analyzer is None:  # the initializer failed; the pool reports it as broken before this runs
        raise ParallelAnalysisError("the worker has no analyzer")
    return analyzer.analyze_many(inputs)


class ParallelAnalyzer:
    """Analyses large batches in ``workers`` processes, small ones here (see the module docstring)."""

    def __init__(
        self,
        factory: Callable[[], BatchAnalyzer],
        *,
        workers: int | None = None,
        local: BatchAnalyzer | None = None,
        min_batch: int = DEFAULT_MIN_BATCH,
        piece_size: int = CHUNK_SIZE,
        start_method: str | None = None,
    ) -> None:
        self.factory = factory
        self.workers = auto_workers() if workers is None else workers
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        self.min_batch = min_batch
        self.piece_size = piece_size
        self.start_method = start_method or _default_start_method()
        self._local = local
        self._pool: ProcessPoolExecutor | None = None

    @property
    def parallel(self) -> bool:
        return self.workers > 1

    def analyze_many(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        """One :class:`Analysis` per input, in order."""
        if not self.parallel or len(inputs) < self.min_batch:
            return self.local().analyze_many(inputs)
        return self._analyze_in_pool(inputs)

    def local(self) -> BatchAnalyzer:
        """The analyzer of this process (built by ``factory`` on first use when none was given)."""
        if self._local is None:
            self._local = self.factory()
        return self._local

    def close(self) -> None:
        """Stop the worker processes (idempotent)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParallelAnalyzer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(self.start_method),
                initializer=_start_worker,
                initargs=(self.factory,),
            )
        return self._pool

    def _pieces(self, inputs: Sequence[AnalysisInput]) -> list[Sequence[AnalysisInput]]:
        """At most ``piece_size`` inputs each, and at least one piece per worker."""
        size = min(self.piece_size, math.ceil(len(inputs) / self.workers))
        return [inputs[start : start + size] for start in range(0, len(inputs), size)]

    def _analyze_in_pool(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        with _collector_paused():
            return self._collect(inputs)

    def _collect(self, inputs: Sequence[AnalysisInput]) -> list[Analysis]:
        pool = self._started()
        futures: list[Future[list[Analysis]]] = []
        try:
            futures = [pool.submit(_analyze_in_worker, piece) for piece in self._pieces(inputs)]
            results: list[Analysis] = []
            for future in futures:
                results.extend(future.result())
            return results
        except BrokenProcessPool as exc:
            self.close()
            raise ParallelAnalysisError(
                f"an analysis worker process died or could not start ({exc}); "
                f"{len(inputs)} text(s) were not analysed"
            ) from exc
        finally:
            for future in futures:
                future.cancel()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off while results arrive, back as it was after.

    Unpickling a batch's results allocates tens of thousands of containers, which would set off
    collections that walk this process's whole heap (the app's models, dictionaries, queues), CPU
    time taken from the workers on a small machine. The results hold no reference cycles, so nothing
    waits for a collection meanwhile; another thread's cyclic garbage is collected once it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _default_start_method() -> str:
    """``forkserver`` where it exists (no fork of a process with threads), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"
