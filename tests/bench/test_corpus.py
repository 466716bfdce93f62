"""The benchmark corpus generator: valid Documents, deterministic for a seed, real or synthetic text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bench.corpus import SOURCES, CorpusSpec, DocumentGenerator, topic_keywords
from bench.corpus_pools import TextPools, load_pools, split_sentences, synthetic_pools
from config import load_settings
from indexer.document import Document, SourceType


def generate(pools: TextPools, count: int, seed: int = 7) -> list[Document]:
    return list(DocumentGenerator(CorpusSpec(count=count, seed=seed), pools, topic_keywords()))


def test_missing_data_dir_falls_back_to_the_synthetic_pools(tmp_path: Path) -> None:
    pools = load_pools(tmp_path / "no-such-dir")
    assert pools.synthetic
    assert pools == synthetic_pools()


def test_same_seed_same_documents_other_seed_other_documents() -> None:
    pools = synthetic_pools()
    first, again, other = generate(pools, 50), generate(pools, 50), generate(pools, 50, seed=8)
    assert [d.model_dump() for d in first] == [d.model_dump() for d in again]
    assert [d.text for d in first] != [d.text for d in other]


def test_documents_are_valid_and_spread_as_specified() -> None:
    spec = CorpusSpec(count=400, seed=3)
    docs = list(DocumentGenerator(spec, synthetic_pools(), topic_keywords()))
    topic_ids = set(topic_keywords())
    assert len({d.id for d in docs}) == len(docs)
    for doc in docs:
        Document.model_validate(doc.model_dump())  # round-trips through validation
        assert spec.min_chars <= len(doc.text) <= spec.max_chars
        assert spec.end - timedelta(days=spec.days) <= doc.published_at < spec.end
        assert set(doc.topics) <= topic_ids
    assert {d.source_type for d in docs} == set(SourceType)
    assert {d.source for d in docs} <= {s.id for s in SOURCES}
    assert any(d.regions for d in docs)
    assert any(d.topics for d in docs)


def test_batches_cover_the_stream_in_order() -> None:
    generator = DocumentGenerator(CorpusSpec(count=25, seed=1), synthetic_pools(), {})
    batches = list(generator.batches(10))
    assert [len(b) for b in batches] == [10, 10, 5]
    assert [d.id for b in batches for d in b] == [d.id for d in generate(synthetic_pools(), 25, seed=1)]


def test_split_sentences_keeps_punctuation_and_drops_fragments() -> None:
    assert list(split_sentences("短。这是一个完整的句子！没有结尾的句子")) == [
        "这是一个完整的句子！",
        "没有结尾的句子。",
    ]


@pytest.mark.shared_data
def test_real_pools_come_from_the_data_directory() -> None:
    data_dir = load_settings().data_dir
    if not data_dir.is_dir():
        pytest.skip(f"third-party corpora not found at {data_dir} (see ../shared/data/README.md)")
    pools = load_pools(data_dir)
    assert not pools.synthetic
    assert all(size > 1000 for size in pools.sizes().values())
    docs = generate(pools, 30)
    assert all(300 <= len(d.text) <= 2000 for d in docs)
